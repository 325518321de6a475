"""The 2024 questionnaire as data: schema, structure, exact points, and the reference's texts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from app.core.form import ALLOWED_KEYS, Form, FormError, content_hash, load_form_bytes, load_form_json, parse_form
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR

FORM_FILE = FORMS_DIR / "miit-2024.json"  # revision 1
FORM_FILE_R2 = FORMS_DIR / "miit-2024-r2.json"
# Revision 1's content hash: assessments and packages pin it, so its content must never change.
REVISION_1_HASH = "sha256:e9e5eb2b10185010100b5f6bd608a392e7826829eaa640c3541875247d3b3bcf"
Q1_FIRST_EXPLANATION = (
    "1.工业控制网络用于工业过程控制的网络。由各种不同类型的控制器、传感器和执行机构组成复杂系统，核心是控制器，"
    "通过它们把生产过程中所需要的数据采集、处理和控制功能有机地结合起来。"
)
_REFERENCE_NAME = Path("shared") / "reference" / "miit-2024-indicators.md"
REFERENCE = next(
    (p / _REFERENCE_NAME for p in FORMS_DIR.parents if (p / _REFERENCE_NAME).exists()),
    FORMS_DIR.parent.parent / _REFERENCE_NAME,
)
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


@pytest.fixture(scope="module", params=[1, 2], ids=["r1", "r2"])
def form(request: pytest.FixtureRequest, registry: FormRegistry) -> Form:
    """Every content test here runs on both published revisions of miit-2024."""
    return registry.get("miit-2024", request.param)


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
        (
            lambda d: d["questions"][1]["options"][4].__setitem__("points", 5),
            r"^questions\[1\]\.options: the best option",
        ),
        (
            lambda d: d["questions"][0]["options"][1].__setitem__("points", 3),
            r"^questions\[0\]\.options: .*add up to 9",
        ),
        (
            lambda d: d["questions"][3]["options"][1].__setitem__("points", 20),
            r"^questions\[3\]\.options\[1\]\.points: 20 is more than the question's max_points 10",
        ),
        (lambda d: d["questions"][3]["options"][1].__setitem__("points", -1), r"^questions\[3\]\.options\[1\]\.points"),
        (lambda d: d["questions"].append(dict(d["questions"][0])), r"^questions\[15\]\.id: duplicate id 'Q1'"),
        (
            lambda d: d["questions"][2]["options"][1].__setitem__("id", "A"),
            r"^questions\[2\]\.options\[1\]\.id: duplicate",
        ),
        (lambda d: d["scenes"][0]["levels"].pop("4"), r"^scenes\[0\]\.levels: levels must be exactly 1..4"),
        (lambda d: d["scenes"][3].__setitem__("id", "S01"), r"^scenes\[3\]\.id: duplicate"),
        (
            lambda d: d["level_rule"]["levels"][3].__setitem__("min_constrained", 11),
            r"^level_rule\.levels\[3\]\.min_constrained: scene counts cannot be met",
        ),
        (lambda d: d["level_rule"]["levels"][3].__setitem__("min_scenes", 17), r"^level_rule\.levels\[3\]\.min_scenes"),
        (
            lambda d: d["level_rule"]["levels"][3].__setitem__("min_score", 101),
            r"^level_rule\.levels\[3\]\.min_score: 101 is more than the form's 100 points",
        ),
        (lambda d: d["level_rule"]["levels"].pop(), r"^level_rule\.levels: the rule must cover the levels 1–4"),
        (lambda d: d["level_rule"]["levels"][3].__setitem__("level", 5), r"^level_rule\.levels: the rule must cover"),
        (lambda d: d["level_rule"].__setitem__("target_level", 0), r"^level_rule\.target_level"),
        (lambda d: d["questions"][0].__setitem__("dimension", "数字化经营"), r"^questions\[0\]\.dimension: unknown"),
        (lambda d: d["dimensions"][0].__setitem__("max_points", 49), r"^dimensions\[0\]\.max_points: .*add up to 50"),
        (lambda d: d.__setitem__("form", "miit\u00002024"), r"^form: contains the control character U\+0000"),
        (lambda d: d.__setitem__("form", "../../etc"), r"^form: '../../etc' is not a valid id"),
        (lambda d: d["questions"][4].__setitem__("id", "Q5\n"), r"^questions\[4\]\.id: 'Q5\\n' is not a valid id"),
        (
            lambda d: d["questions"][4].__setitem__("text", "bad \ud800 text"),
            r"^questions\[4\]\.text: .*lone surrogate",
        ),
        (lambda d: d.__setitem__("level_rules", {}), r"^level_rules: unknown key"),
        (
            lambda d: d["questions"][0]["options"][0].__setitem__("point", 1),
            r"^questions\[0\]\.options\[0\]\.point: unknown",
        ),
        (
            lambda d: d["checks"][0].__setitem__("message", "{a} {secret.__class__}"),
            r"^checks\[0\]\.message: unknown placeholder \{secret.__class__\}",
        ),
        (lambda d: d["checks"][0].__setitem__("a", "Q2.nope"), r"^checks\[0\]\.a: no figure 'Q2.nope'"),
        (
            lambda d: d["questions"][1]["options"][1].__setitem__("points", Decimal("NaN")),
            r"^questions\[1\]\.options\[1\]\.points: NaN is not a number",
        ),
        (lambda d: d.__setitem__("revision", 0), r"^revision: must be 1 or more"),
    ],
)
def test_parser_rejects_inconsistent_forms_naming_the_field(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(FORM_FILE.read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(FormError, match=message):
        parse_form(data)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"form": NaN}', "NaN is not a number"),
        (b'{"revision": ' + b"9" * 5000 + b"}", "too many digits"),
        (b'{"form": "a\\ud800"}', "lone surrogate"),
        (b" " * (4 * 1024 * 1024 + 1), "at most"),
        (b"[]", "must be a JSON object"),
        (b"{", "not valid JSON"),
    ],
)
def test_hostile_files_get_a_verdict(raw: bytes, message: str) -> None:
    with pytest.raises(FormError, match=message):
        load_form_bytes(raw)


def test_an_option_whose_points_are_given_twice_is_refused() -> None:
    """Finding: the last of two values was kept and the content hash was the clean form's, so the file's bytes
    could say other points to another reader than the hash vouches for."""
    text = FORM_FILE.read_text(encoding="utf-8")
    first = re.search(r'"points": (\d+)', text)
    assert first is not None
    doubled = text[: first.start()] + '"points": 99, ' + text[first.start() :]
    assert json.loads(doubled) == json.loads(text)  # last value wins: the clean form's value
    with pytest.raises(FormError, match="duplicate key 'points'"):
        load_form_json(doubled)


def test_the_parser_allows_exactly_the_schemas_keys() -> None:
    schema = json.loads((FORMS_DIR / "schema" / "form.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    props = schema["properties"]
    question = defs["question"]["properties"]
    option = question["options"]["items"]["properties"]
    pairs = {
        "form": props,
        "dimension": props["dimensions"]["items"]["properties"],
        "scene_group": props["scene_groups"]["items"]["properties"],
        "question": question,
        "option": option,
        "range": option["range"]["properties"],
        "figure": question["figures"]["items"]["properties"],
        "explanation": defs["explanation"]["properties"],
        "note": defs["note"]["properties"],
        "scene": defs["scene"]["properties"],
        "level_rule": props["level_rule"]["properties"],
        "level": props["level_rule"]["properties"]["levels"]["items"]["properties"],
        "level_descriptions": props["level_descriptions"]["properties"],
        "level_description": props["level_descriptions"]["properties"]["levels"]["patternProperties"]["^[0-9]$"][
            "properties"
        ],
    }
    assert set(pairs) == set(ALLOWED_KEYS)
    for kind, properties in pairs.items():
        assert ALLOWED_KEYS[kind] == set(properties), kind


def test_schema_and_parser_agree_on_rejections() -> None:
    schema = json.loads((FORMS_DIR / "schema" / "form.schema.json").read_text(encoding="utf-8"))
    for mutate in (
        lambda d: d.__setitem__("extra", 1),
        lambda d: d["questions"][0].__setitem__("type", "ranking"),
        lambda d: d["scenes"][0].__setitem__("id", "X1"),
        lambda d: d["questions"][0]["options"][1].__setitem__("id", "b"),
        lambda d: d.__setitem__("unofficial_scene_levels", [7]),
    ):
        data = raw_form()
        mutate(data)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)
        with pytest.raises(FormError):
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
    q1 = form.question("Q1")
    assert q1 is not None
    cut = _reference_q1_first_explanation()
    assert cut.endswith("…")
    if form.revision == 1:
        assert q1.explanations[0].text == cut
    else:  # revision 2 completes the sentence the reference (and revision 1) cut at "核心是控制器…"
        assert q1.explanations[0].text.startswith(cut.removesuffix("…"))
        assert q1.explanations[0].text == Q1_FIRST_EXPLANATION


def _reference_q1_first_explanation() -> str:
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("> 1.工业控制网络"):
            return line.removeprefix("> ")
    raise AssertionError("Q1's explanation not found in the reference")


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


def test_form_files_are_lf_and_utf8() -> None:
    for path in (FORM_FILE, FORM_FILE_R2):
        raw = Path(path).read_bytes()
        raw.decode("utf-8")
        assert b"\r\n" not in raw


def test_revision_1_is_unchanged() -> None:
    assert load_form_json(FORM_FILE.read_text(encoding="utf-8")).content_hash == REVISION_1_HASH


def test_revision_2_is_revision_1_plus_the_published_corrections_only() -> None:
    r1, r2 = raw_form(), json.loads(FORM_FILE_R2.read_text(encoding="utf-8"))
    expected = json.loads(json.dumps(r1))
    expected["revision"] = 2
    expected["revision_note"], expected["revision_note_en"] = r2["revision_note"], r2["revision_note_en"]
    q1 = expected["questions"][0]
    assert q1["explanations"][0]["text"].endswith("核心是控制器…")  # revision 1 cut the sentence
    q1["explanations"][0]["text"] = Q1_FIRST_EXPLANATION
    q14 = next(q for q in expected["questions"] if q["id"] == "Q14")
    label = next(f for f in q14["figures"] if f["id"] == "revenue_year_before")
    assert label["label"] == "营业收入为（前年）"
    label["unofficial"] = True
    expected["unofficial_scene_levels"] = [0]
    expected["level_rule"]["target_level"] = 2
    expected["level_descriptions"]["label"] = "2022年版，仅供参考"
    expected["level_descriptions"]["label_en"] = "2022 edition, for reference only"
    del expected["level_descriptions"]["levels"]["0"]  # "未达到一级。" is no 2022 description
    assert r2 == expected


def test_revision_2_marks_the_programs_own_texts(registry: FormRegistry) -> None:
    r1, r2 = registry.get("miit-2024", 1), registry.get("miit-2024", 2)
    assert registry.get("miit-2024").revision == 3  # new assessments start on revision 3 (test_form_r3.py)
    q1 = r2.question("Q1")
    assert q1 is not None and q1.explanations[0].text == Q1_FIRST_EXPLANATION
    assert r2.unofficial_scene_levels == {0} and r2.scene_level_names[0] == "未达到一级"
    q14 = r2.question("Q14")
    assert q14 is not None
    assert [f.id for f in q14.figures if f.unofficial] == ["revenue_year_before"]
    assert r2.level_descriptions_label == ("2022年版，仅供参考", "2022 edition, for reference only")
    assert sorted(r2.level_descriptions) == [1, 2, 3, 4]
    assert r2.level_rule.target_level == r2.target_level == 2
    assert not r1.unofficial_scene_levels and r1.level_descriptions_label == ("", "")
    # The same questions, options, points, scenes and rule: answers on revision 1 score the same on revision 2.
    assert [(q.id, [(o.id, o.points) for o in q.options]) for q in r1.questions] == [
        (q.id, [(o.id, o.points) for o in q.options]) for q in r2.questions
    ]
    assert r1.level_rule.levels == r2.level_rule.levels


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
