"""The 2024 questionnaire as data: schema, structure, exact points, and the reference's texts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from app.core.form import Form, FormError, content_hash, load_form_json, parse_form
from tests.conftest import FORMS_DIR

FORM_FILE = FORMS_DIR / "miit-2024.json"
REFERENCE = FORMS_DIR.parent.parent / "shared" / "reference" / "miit-2024-indicators.md"
SCENE_NAMES = [
    "产品设计",
    "工艺设计",
    "营销管理",
    "售后服务",
    "计划排程",
    "生产管控",
    "质量管理",
    "设备管理",
    "安全生产",
    "能耗管理",
    "采购管理",
    "仓储物流",
    "财务管理",
    "人力资源",
    "协同办公",
    "决策支持",
]
CONSTRAINED = {
    "产品设计",
    "营销管理",
    "生产管控",
    "质量管理",
    "设备管理",
    "安全生产",
    "能耗管理",
    "采购管理",
    "仓储物流",
    "财务管理",
}


def raw_form() -> dict:
    return json.loads(FORM_FILE.read_text(encoding="utf-8"))


def test_every_form_file_validates_against_the_schema() -> None:
    schema = json.loads((FORMS_DIR / "schema" / "form.schema.json").read_text(encoding="utf-8"))
    files = sorted(FORMS_DIR.glob("*.json"))
    assert files, "no form files found"
    for path in files:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_a_malformed_form() -> None:
    schema = json.loads((FORMS_DIR / "schema" / "form.schema.json").read_text(encoding="utf-8"))
    data = raw_form()
    data["questions"][0]["type"] = "ranking"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_questions_in_official_order_with_types_and_maxima(form: Form) -> None:
    assert form.id == "miit-2024"
    assert [q.id for q in form.questions] == [f"Q{i}" for i in range(1, 16)]
    maxima = [q.max_points for q in form.questions]
    expected = ["8", "6", "6", "10", "10", "5", "5", "7.5", "7.5", "7.5", "7.5", "7", "7", "3", "3"]
    assert maxima == [Decimal(x) for x in expected]
    assert form.max_total == 100
    assert {d.id: d.max_points for d in form.dimensions} == {
        "数字化基础": 50,
        "数字化管理": 30,
        "数字化成效": 20,
    }


def test_question_types_follow_the_item_level_reference(form: Form) -> None:
    # The reference's summary says "8 single-choice and 7 multi-choice", but its item-by-item text marks
    # only six as multi-choice (Q1, Q4, Q6, Q7, Q9, Q10); the item-level statements are followed.
    multi = [q.id for q in form.questions if q.type == "multi"]
    assert multi == ["Q1", "Q4", "Q6", "Q7", "Q9", "Q10"]


def test_q4_points_are_sources_a_weights(form: Form) -> None:
    q4 = form.question("Q4")
    assert q4 is not None
    pts = {o.text: o.points for o in q4.options}
    assert pts["人力资源"] == Decimal("0.9")
    assert [o.points for o in q4.options[1:14]] == [Decimal("0.7")] * 13
    assert sum(o.points for o in q4.options) == 10


def test_none_options_are_exclusive_in_multi_choice(form: Form) -> None:
    for q in form.questions:
        if q.type == "multi":
            assert q.options[0].text == "无" and q.options[0].exclusive, q.id
            assert q.options[0].points == 0
            assert not any(o.exclusive for o in q.options[1:]), q.id


def test_scenes_in_official_order_with_ten_constrained(form: Form) -> None:
    assert [s.id for s in form.scenes] == [f"S{i:02d}" for i in range(1, 17)]
    assert [s.name for s in form.scenes] == SCENE_NAMES
    assert {s.name for s in form.scenes if s.constrained} == CONSTRAINED
    assert all(sorted(s.levels) == [1, 2, 3, 4] for s in form.scenes)


def test_level_rule_is_data(form: Form) -> None:
    rows = [(t.level, t.min_score, t.min_scenes, t.min_constrained) for t in form.level_rule.levels]
    assert rows == [(1, 20, 6, 3), (2, 40, 6, 3), (3, 60, 8, 5), (4, 80, 10, 6)]


def test_disagreements_are_recorded_with_alternatives(form: Form) -> None:
    q8 = form.question("Q8")
    assert q8 is not None
    note = next(n for n in q8.notes if n.option == "F")
    assert note.kind == "disagreement"
    assert note.alternative == "已经能够输出数字化转型成果或经验供同行借鉴"
    q1 = form.question("Q1")
    assert q1 is not None and {n.option for n in q1.notes} == {"C", "D"}
    warehouse = form.scene("S12")
    assert warehouse is not None and warehouse.constrained
    assert any(n.kind == "disagreement" for n in warehouse.notes)


def test_content_hash_ignores_layout_but_not_content() -> None:
    data = raw_form()
    reordered = json.loads(json.dumps(data, sort_keys=True))
    assert content_hash(data) == content_hash(reordered)
    assert (
        load_form_json(json.dumps(data, indent=None)).content_hash
        == load_form_json(FORM_FILE.read_text(encoding="utf-8").replace("\n", "\r\n")).content_hash
    )
    data["questions"][0]["options"][1]["text"] += "。"
    assert content_hash(data) != content_hash(reordered)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["questions"][1]["options"][4].__setitem__("points", 5), "best option"),
        (lambda d: d["questions"][0]["options"][1].__setitem__("points", 3), "add up"),
        (lambda d: d["questions"].append(dict(d["questions"][0])), "duplicate question"),
        (lambda d: d["scenes"][0]["levels"].pop("4"), "levels"),
        (lambda d: d["level_rule"]["levels"][3].__setitem__("min_constrained", 11), "cannot be met"),
        (lambda d: d["questions"][0].__setitem__("dimension", "数字化经营"), "unknown dimension"),
    ],
)
def test_parser_rejects_inconsistent_forms(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(FORM_FILE.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(FormError, match=message):
        parse_form(data)


def _reference_items() -> tuple[dict[str, list[tuple[str, str, str]]], dict[str, dict[int, str]], dict[str, str]]:
    """Parse the reference's option and scene tables (the source the form data was made from)."""
    text = REFERENCE.read_text(encoding="utf-8").splitlines()
    options: dict[str, list[tuple[str, str, str]]] = {}
    titles: dict[str, str] = {}
    scenes: dict[str, dict[int, str]] = {}
    current = None
    scene = None
    for line in text:
        if m := re.match(r"^### (Q\d+) (.+) \(.+, max [\d.]+\)$", line):
            current = m.group(1)
            titles[current] = m.group(2)
            options[current] = []
            continue
        if line.startswith("## 5."):
            current = None
        if current and (m := re.match(r"^\| ([A-O]) \| (.+?) \| \**(\d+)\** \| \**([\d.]+)\** \|$", line)):
            options[current].append((m.group(1), m.group(2).replace(" 🟡", ""), m.group(4)))
        if m := re.match(r"^\*\*(\S+) .+\*\*$", line):
            scene = m.group(1)
            scenes[scene] = {}
        if scene and (m := re.match(r"^\| (一|二|三|四)级 \| (.+) \|$", line)):
            scenes[scene]["一二三四".index(m.group(1)) + 1] = m.group(2)
    return options, scenes, titles


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not beside the checkout")
def test_texts_and_points_match_the_reference_exactly(form: Form) -> None:
    options, scenes, titles = _reference_items()
    for q in form.questions:
        assert q.text == titles[q.id]
        ref = options[q.id] or options["Q2"]  # Q3's options are "identical to Q2"
        for opt, (letter, text, points) in zip(q.options, ref, strict=True):
            assert opt.id == letter
            assert opt.points == Decimal(points), (q.id, letter)
            if text.startswith("🟡"):  # Q8 F: both wordings given; the form keeps source A's
                assert opt.text in text, (q.id, letter)
            else:
                assert opt.text == text, (q.id, letter)
    for s in form.scenes:
        assert dict(s.levels) == scenes[s.name], s.name


def test_figures_have_units_and_checks_reference_real_figures(form: Form) -> None:
    figures = {f"{q.id}.{f.id}" for q in form.questions for f in q.figures}
    assert "Q2.equipment_total" in figures
    for q in form.questions:
        for f in q.figures:
            assert f.unit, f"{q.id}.{f.id} has no unit"
    for check in form.checks:
        refs = re.findall(r"Q\d+\.[a-z_]+", json.dumps(check.params))
        assert refs, check.id
        assert set(refs) <= figures, check.id


def test_every_question_has_evidence_hints(form: Form) -> None:
    for q in form.questions:
        assert q.evidence_hints and len(q.evidence_hints_en) == len(q.evidence_hints), q.id
    assert sorted(form.scene_evidence_hints) == [1, 2, 3, 4]


def test_form_file_is_lf_and_utf8() -> None:
    raw = Path(FORM_FILE).read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw


def test_level_names_and_target_come_from_the_form() -> None:
    import copy

    data = json.loads((FORMS_DIR / "miit-2024.json").read_text(encoding="utf-8"))
    form = parse_form(data)
    assert form.target_level == 2
    assert form.level_names() == {0: "未达到一级", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
    assert form.level_name(3, "en") == "Level 3"
    variant = copy.deepcopy(data)
    variant["level_rule"]["target_level"] = 3
    variant["level_rule"]["levels"][1]["name"] = "二级（市级）"
    changed = parse_form(variant)
    assert changed.target_level == 3
    assert changed.level_name(2) == "二级（市级）"
    variant["level_rule"]["target_level"] = 5
    with pytest.raises(FormError, match="target_level"):
        parse_form(variant)
