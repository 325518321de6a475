"""The findings document (issue 14, part 1): exactly the issue's JSON, every error naming its field path."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from app.core.answers import parse_answers, parse_json_text
from app.core.findings import (
    CATEGORIES,
    MAX_YUAN,
    FindingsError,
    business_area,
    guess_category,
    loads_findings,
    needs_from_plan,
    parse_findings,
    plan_coverage,
)
from app.core.form import Form
from app.core.scoring import score
from tests.conftest import SAMPLES_DIR

ISSUE_DOCUMENT: dict[str, Any] = {
    "pain_points": [{"item": "S06", "text": "生产进度靠纸质派工单"}],
    "needs": [
        {"title": "上线MES", "items": ["S06", "Q4"], "category": "制造", "priority": 1,
         "estimate_yuan": 600000, "measure": "部署轻量化MES并与ERP打通", "due": "2025-06-30"}
    ],
}  # fmt: skip


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(ISSUE_DOCUMENT)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def test_the_issues_document_parses_and_round_trips(form: Form) -> None:
    findings = parse_findings(ISSUE_DOCUMENT, form.item_ids)
    assert findings.needs[0].due == date(2025, 6, 30)
    assert findings.needs[0].items == ("S06", "Q4")
    assert findings.total_yuan == 600000
    assert findings.to_json() == ISSUE_DOCUMENT
    assert parse_findings(findings.to_json(), form.item_ids) == findings


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (("needs", 0, "category"), "制作", "needs[0].category", "unknown category '制作'"),
        (("needs", 0, "items", 1), "Q99", "needs[0].items[1]", "unknown item"),
        (("pain_points", 0, "item"), "S17", "pain_points[0].item", "unknown item"),
        (("needs", 0, "estimate_yuan"), -1, "needs[0].estimate_yuan", "below 0"),
        (("needs", 0, "estimate_yuan"), 1.5, "needs[0].estimate_yuan", "whole number"),
        (("needs", 0, "estimate_yuan"), 600000.0, "needs[0].estimate_yuan", "whole number"),
        (("needs", 0, "estimate_yuan"), "600000", "needs[0].estimate_yuan", "whole number"),
        (("needs", 0, "estimate_yuan"), True, "needs[0].estimate_yuan", "whole number"),
        (("needs", 0, "estimate_yuan"), MAX_YUAN + 1, "needs[0].estimate_yuan", "exceed"),
        (("needs", 0, "priority"), 0, "needs[0].priority", "below 1"),
        (("needs", 0, "due"), "2025-02-30", "needs[0].due", "ISO date"),
        (("needs", 0, "due"), "30/06/2025", "needs[0].due", "ISO date"),
        (("needs", 0, "title"), "", "needs[0].title", "empty"),
        (("needs", 0, "title"), "MES\x07", "needs[0].title", "control character"),
        (("pain_points", 0, "text"), "坏\ud800", "pain_points[0].text", "lone surrogate"),
        (("pain_points", 0, "text"), "长" * 2001, "pain_points[0].text", "longer than 2,000"),
        (("needs", 0, "items"), [], "needs[0].items", "at least one"),
        (("needs", 0, "items"), ["S06", "S06"], "needs[0].items[1]", "duplicate"),
        (("needs", 0, "budget"), 1, "needs[0].budget", "unknown field"),
    ],
)
def test_bad_values_name_their_field(form: Form, path: tuple[Any, ...], value: Any, field: str, words: str) -> None:
    with pytest.raises(FindingsError) as caught:
        parse_findings(_with(path, value), form.item_ids)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")


def test_missing_fields_and_wrong_shapes(form: Form) -> None:
    doc = copy.deepcopy(ISSUE_DOCUMENT)
    del doc["needs"][0]["due"]
    with pytest.raises(FindingsError, match=r"^needs\[0\]\.due: "):
        parse_findings(doc, form.item_ids)
    with pytest.raises(FindingsError, match=r"^needs: "):
        parse_findings({"needs": {}}, form.item_ids)
    with pytest.raises(FindingsError, match=r"^file: "):
        loads_findings("{not json", form.item_ids)
    with pytest.raises(FindingsError, match=r"^file: "):
        loads_findings(" " * 1_000_001, form.item_ids)
    with pytest.raises(FindingsError, match=r"^file: .*duplicate key 'needs'"):
        loads_findings('{"needs": [], "needs": []}', form.item_ids)


def test_categories_are_guangdongs_six_with_english_names() -> None:
    assert list(CATEGORIES) == ["设计", "制造", "销售", "服务", "管理", "安全"]
    assert all(CATEGORIES.values())


def test_areas_and_category_guesses_come_from_the_form(form: Form) -> None:
    assert business_area(form, "S06") == "生产执行数字化"
    assert business_area(form, "Q4") == "数字化基础"
    assert guess_category(form, "S01") == "设计"
    assert guess_category(form, "S09") == "安全"
    assert guess_category(form, "Q6") == "安全"
    assert guess_category(form, "S06") == "制造"
    assert guess_category(form, "S13") == "管理"
    assert set(guess_category(form, i) for i in form.item_ids) <= set(CATEGORIES)


def test_needs_from_the_plan_cover_every_step(form: Form) -> None:
    document = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
    document["scenes"] = {k: min(v, 1) for k, v in document["scenes"].items()}  # below level two on scenes
    answers = parse_answers(document, form)
    plan = score(form, answers).gap_to_level_2
    needs = needs_from_plan(form, plan, date(2027, 6, 30))
    steps = len(plan.question_steps) + len(plan.scene_steps)
    assert steps > 0 and len(needs) == steps
    findings = parse_findings({"needs": [n.to_json() for n in needs]}, form.item_ids)
    coverage = plan_coverage(form, plan, findings)
    assert all(c.needs for c in coverage)
    assert not any(c.needs for c in plan_coverage(form, plan, parse_findings({}, form.item_ids)))
