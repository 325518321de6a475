"""City policies as data and the subsidy estimate, with the figures the seeds' documents give (issue 14, parts 4–5)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.core.policy import (
    ALLOWED_KEYS,
    PolicyError,
    estimate_json,
    estimate_parts,
    estimate_subsidy,
    fee_subsidy,
    first_instalment,
    load_policy_bytes,
    parse_policy,
)
from app.services.policies import (
    PolicyInstallError,
    bundled_policies_dir,
    install_policy,
    load_policies,
    load_policy_set,
)

POLICIES = bundled_policies_dir()
SCHEMA = json.loads((POLICIES / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
REFERENCE = next(
    (p / "shared" / "reference" / "policy-docs" for p in Path(__file__).resolve().parents
     if (p / "shared" / "reference" / "policy-docs").is_dir()),
    Path("/nonexistent"),
)  # fmt: skip
BY_ID = {p.id: p for p in load_policies()}
XIAMEN, DONGGUAN, GUANGZHOU = BY_ID["xiamen-2024"], BY_ID["dongguan-2024"], BY_ID["guangzhou-2024"]
JSON_KEYS = {"policy", "enterprise", "level", "investment", "estimate", "cap", "rate", "basis", "eligible",
             "upper_bound", "notes"}  # fmt: skip


def raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((POLICIES / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("level", "expected"), [(2, 250_000), (3, 350_000), (4, 400_000)])
def test_xiamen_one_million_spent_by_level(level: int, expected: int) -> None:
    """Xiamen §8: 40 % of 1,000,000 元 is 400,000, capped at 25 / 35 / 40 万元 for levels 2 / 3 / 4."""
    est = estimate_subsidy(XIAMEN, level, 1_000_000)
    assert (est.estimate, est.cap, est.eligible, est.upper_bound) == (expected, expected, True, False)
    assert est.rate == Decimal("0.40") and est.basis == "actual_investment"


def test_xiamen_half_a_million_at_level_two_is_forty_percent() -> None:
    est = estimate_subsidy(XIAMEN, 2, 500_000)
    assert (est.estimate, est.cap) == (200_000, 250_000)


def test_xiamen_level_one_is_not_eligible() -> None:
    est = estimate_subsidy(XIAMEN, 1, 1_000_000)
    assert est.eligible is False and est.estimate == 0
    assert any("不符合补助条件" in note and "二级" in note for note in est.notes)


def test_xiamen_first_instalment_and_diagnosis_subsidy() -> None:
    """First instalment: 40 % of the down payment, at most 10 万元; diagnosis: 60 % of the fee, at most 6 万元."""
    assert first_instalment(XIAMEN, 200_000) == 80_000
    assert first_instalment(XIAMEN, 300_000) == 100_000
    assert fee_subsidy(XIAMEN, 50_000) == 30_000
    assert fee_subsidy(XIAMEN, 200_000) == 60_000
    est = estimate_subsidy(XIAMEN, 2, 1_000_000, down_payment_yuan=300_000)
    assert est.estimate == 250_000  # the advance is paid out of the subsidy, not on top of it
    assert any("首期拨付" in n and "100,000 元" in n for n in est.notes)
    assert any("诊断咨询补贴" in n and "60,000 元" in n for n in est.notes)
    assert first_instalment(DONGGUAN, 300_000) is None and fee_subsidy(GUANGZHOU, 1) is None


def test_rounding_is_down_to_whole_yuan() -> None:
    assert estimate_subsidy(XIAMEN, 2, 333_333).estimate == 133_333  # 133,333.2
    assert estimate_subsidy(XIAMEN, 2, 3).estimate == 1  # 1.2


def test_dongguan_three_million_is_an_upper_bound() -> None:
    """Dongguan: central funds at most 50 万元; the cumulative subsidy at most 50 % of the actual investment."""
    est = estimate_subsidy(DONGGUAN, 2, 3_000_000)
    central = {p.part.id: p for p in estimate_parts(DONGGUAN, 2, 3_000_000)}
    assert central["central"].amount == 500_000 and central["central"].at_most
    assert central["local-matching"].amount is None  # 一定比例: not published
    assert (est.estimate, est.cap, est.upper_bound, est.eligible) == (1_500_000, 1_500_000, True, True)
    assert any("上限" in n for n in est.notes) and any("500,000 元" in n for n in est.notes)
    assert estimate_subsidy(DONGGUAN, 2, 600_000).estimate == 300_000  # the 50 % bound binds first
    assert estimate_subsidy(DONGGUAN, 1, 3_000_000).eligible is False


def test_guangzhou_says_eligible_without_inventing_an_amount() -> None:
    est = estimate_subsidy(GUANGZHOU, 2, 3_000_000)
    assert est.eligible is True and est.estimate is None and est.cap is None and est.rate is None
    assert any("不估算金额" in n for n in est.notes)
    assert estimate_subsidy(GUANGZHOU, 1, 3_000_000).eligible is False


def test_every_estimate_is_labelled_with_policy_and_clause() -> None:
    for policy in BY_ID.values():
        est = estimate_subsidy(policy, 2, 1_000_000)
        assert est.notes[0].startswith("估算") and policy.clause.ref in est.notes[0] and policy.id in est.notes[0]
        data = estimate_json(est, 7)
        assert set(data) == JSON_KEYS and data["enterprise"] == 7
        json.dumps(data)  # plain JSON: integers, strings, booleans, null


def test_bundled_files_follow_the_schema_and_the_reader_allows_the_same_keys() -> None:
    for path in sorted(POLICIES.glob("*.json")):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)
    assert set(SCHEMA["properties"]) == ALLOWED_KEYS["policy"]
    for kind in ("document", "clause", "eligibility", "rule"):
        assert set(SCHEMA["properties"][kind]["properties"]) == ALLOWED_KEYS[kind], kind
    for kind in ("part", "target"):
        assert set(SCHEMA["$defs"][kind]["properties"]) == ALLOWED_KEYS[kind], kind
    assert set(BY_ID) == {"xiamen-2024", "dongguan-2024", "guangzhou-2024"}


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the policy documents are not beside this checkout")
def test_clauses_and_targets_are_quoted_exactly_from_the_documents() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in REFERENCE.glob("*.txt"))
    for policy in BY_ID.values():
        for line in policy.clause.text.split("\n"):
            assert line in text, policy.id
        assert policy.eligibility_text in text, policy.id
        for part in policy.parts:
            assert part.clause in text, (policy.id, part.id)
        for target in policy.targets:
            assert target.quote in text, (policy.id, target.quote)


def test_targets_feed_a_portfolio() -> None:
    """Xiamen: 规上 share > 95 % in each of three sub-sectors, ~60 at 四级; Dongguan 90 %; Guangzhou 350 at 二级+."""
    share = next(t for t in XIAMEN.targets if t.kind == "share")
    assert (share.scope, share.min_level, share.share, share.comparison, share.per_subsector) == (
        "above_scale", 2, Decimal("0.95"), "gt", True)  # fmt: skip
    assert len(share.subsectors) == 3
    four = next(t for t in XIAMEN.targets if t.kind == "count")
    assert (four.min_level, four.count, four.comparison) == (4, 60, "about")
    dg = next(t for t in DONGGUAN.targets if t.kind == "share")
    assert (dg.subsectors, dg.share, dg.min_level) == (("智能移动终端",), Decimal("0.90"), 2)
    gz_count = next(t for t in GUANGZHOU.targets if t.kind == "count")
    gz_share = next(t for t in GUANGZHOU.targets if t.kind == "share")
    assert gz_count.count == 350 and len(gz_count.subsectors) == 4
    assert (gz_share.share, gz_share.min_level, gz_share.scope) == (Decimal("1"), 2, "pilot")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d.update(id="Xiamen 2024"), "id"),
        (lambda d: d["rule"]["parts"][0].update(rate="0.4x"), "rule.parts[0].rate"),
        (lambda d: d["rule"]["parts"][0].update(rate=0.4), "rule.parts[0].rate"),
        (lambda d: d["rule"]["parts"][0]["caps_by_level"].update({"5": 1}), "caps_by_level.5"),
        (lambda d: d["rule"]["parts"][0]["caps_by_level"].update({"2": -1}), "caps_by_level.2"),
        (lambda d: d["rule"].update(amount="maybe"), "rule.amount"),
        (lambda d: d["rule"]["parts"][1].update(in_total=True), "rule.parts[1].in_total"),
        (lambda d: d["eligibility"].update(min_level=7), "eligibility.min_level"),
        (lambda d: d["document"].update(date="2024/01/20"), "document.date"),
        (lambda d: d["clause"].update(text="\ud800"), "clause.text"),
        (lambda d: d["clause"].update(text="a\u202eb"), "clause.text"),
        (lambda d: d["targets"][0].update(share=None, count=5), "targets[0]"),
        (lambda d: d.pop("clause"), "clause"),
    ],
)
def test_hostile_policy_files_are_refused_naming_the_field(change: Any, field: str) -> None:
    data = raw("xiamen-2024")
    change(data)
    with pytest.raises(PolicyError) as err:
        parse_policy(data)
    assert field in str(err.value)


def test_not_json_not_utf8_and_too_big_are_refused() -> None:
    for blob, words in ((b"{", "not valid JSON"), (b"\xff\xfe", "UTF-8"), (b" " * 300_000, "at most"),
                        (b'{"a": NaN}', "NaN")):  # fmt: skip
        with pytest.raises(PolicyError, match=words):
            load_policy_bytes(blob)


def test_policy_and_form_files_read_json_by_one_rule_with_one_message() -> None:
    """A NaN, an over-long integer or broken JSON is named once, in the same words for a policy as for a form."""
    from app.core.form import FormError, load_form_bytes

    digits = b'{"a": ' + b"1" * 5000 + b"}"
    for blob, message in ((b'{"a": NaN}', "not valid JSON: NaN is not a number JSON allows"),
                          (digits, "not valid JSON: a number has too many digits"),
                          (b"[" * 100_000, "not valid JSON: nested too deeply")):  # fmt: skip
        with pytest.raises(PolicyError) as policy:
            load_policy_bytes(blob)
        with pytest.raises(FormError) as form:
            load_form_bytes(blob)
        assert str(policy.value) == str(form.value) == message


def test_a_key_given_twice_is_refused_in_policy_and_form_files_alike() -> None:
    """Finding: a data file's key given twice kept its last value, so the file read two ways (a reader that keeps the
    first value sees other points) while its content hash, taken from the value read, was the clean file's."""
    from app.core.form import FormError, load_form_bytes

    blob = b'{"a": 1, "b": {"c": 2, "c": 3}}'
    with pytest.raises(PolicyError) as policy:
        load_policy_bytes(blob)
    with pytest.raises(FormError) as form:
        load_form_bytes(blob)
    assert str(policy.value) == str(form.value) == "not valid JSON: duplicate key 'c'"


def test_install_validates_then_replaces_a_bundled_policy(tmp_path: Path) -> None:
    data = raw("xiamen-2024")
    data["rule"]["parts"][0]["caps_by_level"]["2"] = 300_000
    good = tmp_path / "new.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "rule": {"amount": "exact"}}), encoding="utf-8")
    with pytest.raises(PolicyInstallError, match=r"bad\.json: rule\.parts"):
        install_policy(bad, tmp_path / "data")
    assert not (tmp_path / "data" / "policies").exists()
    policy, target = install_policy(good, tmp_path / "data")
    assert target.name == "xiamen-2024.json" and policy.source == "installed"
    installed = load_policy_set(tmp_path / "data").get("xiamen-2024")
    assert installed.source == "installed" and estimate_subsidy(installed, 2, 1_000_000).estimate == 300_000
    (tmp_path / "data" / "policies" / "broken.json").write_text("{", encoding="utf-8")
    found = load_policy_set(tmp_path / "data")
    assert len(found.policies) == 3 and found.problems and "broken.json" in found.problems[0]
