"""Answer documents: validation names the item; valid documents round-trip exactly."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from app.core.answers import AnswerDocumentError, AnswerSet, decimal_to_json, parse_answers, parse_json_text
from app.core.form import Form
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR, SAMPLES_DIR
from tests.unit.strategies import answer_sets

FORM = FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1)  # the shipped sample is answered on revision 1


def errors_of(doc: object, form: Form) -> list[tuple[str, str]]:
    with pytest.raises(AnswerDocumentError) as info:
        parse_answers(doc, form)
    return [(e.item, e.message) for e in info.value.errors]


@pytest.mark.parametrize(
    ("doc", "item", "fragment"),
    [
        ({"form": "miit-2024", "answers": {"Q99": "A"}}, "Q99", "unknown question"),
        ({"form": "miit-2024", "answers": {"Q2": "Z"}}, "Q2", "unknown option"),
        ({"form": "miit-2024", "answers": {"Q2": ["B"]}}, "Q2", "not a list"),
        ({"form": "miit-2024", "answers": {"Q1": "B"}}, "Q1", "list of option letters"),
        ({"form": "miit-2024", "answers": {"Q1": ["A", "B"]}}, "Q1", "cannot be combined"),
        ({"form": "miit-2024", "answers": {"Q1": ["B", "B"]}}, "Q1", "twice"),
        ({"form": "miit-2024", "scenes": {"S01": 5}}, "S01", "outside 0–4"),
        ({"form": "miit-2024", "scenes": {"S01": -1}}, "S01", "outside 0–4"),
        ({"form": "miit-2024", "scenes": {"S01": True}}, "S01", "whole number"),
        ({"form": "miit-2024", "scenes": {"S01": 2.5}}, "S01", "whole number"),
        ({"form": "miit-2024", "scenes": {"S17": 1}}, "S17", "unknown scene"),
        (
            {"form": "miit-2024", "figures": {"Q2": {"equipment_total": -3}}},
            "figures.Q2.equipment_total",
            "at least",
        ),
        (
            {"form": "miit-2024", "figures": {"Q2": {"equipment_total": 3.5}}},
            "figures.Q2.equipment_total",
            "whole",
        ),
        ({"form": "miit-2024", "figures": {"Q2": {"rate": 120}}}, "figures.Q2.rate", "at most 100"),
        ({"form": "miit-2024", "figures": {"Q2": {"nope": 1}}}, "figures.Q2.nope", "unknown figure"),
        ({"form": "miit-2024", "figures": {"Q2": {"rate": "abc"}}}, "figures.Q2.rate", "must be a number"),
        ({"form": "miit-2024", "notes": {"Q77": "x"}}, "notes.Q77", "unknown"),
        ({"form": "miit-2024", "extra": 1}, "extra", "unknown top-level key"),
        ({"form": "miit-2024", "form_revision": 9}, "form_revision", "answered on revision 9 of miit-2024, not"),
        ({"form": "miit-2024", "answers": []}, "answers", "must be an object"),
        ({"form": "other-form"}, "form", "not 'miit-2024'"),
        ([], "document", "JSON object"),
    ],
)
def test_invalid_items_are_named(doc: object, item: str, fragment: str) -> None:
    found = errors_of(doc, FORM)
    assert any(i == item and fragment in m for i, m in found), found


def test_all_problems_are_reported_together() -> None:
    found = errors_of({"form": "miit-2024", "answers": {"Q2": "Z", "Q3": "Y"}, "scenes": {"S01": 9}}, FORM)
    assert [i for i, _ in found] == ["Q2", "Q3", "S01"]


def test_malformed_json_is_an_answer_error() -> None:
    with pytest.raises(AnswerDocumentError, match="malformed JSON"):
        parse_json_text('{"form": "miit-2024", ')


def test_a_question_answered_twice_in_one_document_is_refused() -> None:
    """Finding: the last of two answers to Q1 was taken without a word; another reader would take the first."""
    with pytest.raises(AnswerDocumentError, match="malformed JSON: duplicate key 'Q1'"):
        parse_json_text('{"form": "miit-2024", "answers": {"Q1": "A", "Q2": "B", "Q1": "E"}}')


def test_multi_choice_is_normalised_to_form_order_and_empty_means_unanswered() -> None:
    a = parse_answers({"form": "miit-2024", "answers": {"Q1": ["D", "B"], "Q6": []}}, FORM)
    assert a.answers["Q1"] == ("B", "D")
    assert "Q6" not in a.answers


def test_sample_document_is_valid() -> None:
    data = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
    a = parse_answers(data, FORM)
    assert a.figure("Q2.equipment_total") == Decimal(120)
    assert a.notes["Q5"].startswith("ERP")


@settings(max_examples=200, deadline=None)
@given(answer_sets(FORM))
def test_documents_round_trip(a: AnswerSet) -> None:
    text = json.dumps(a.to_document(), ensure_ascii=False)
    again = parse_answers(parse_json_text(text), FORM)
    assert again.answers == {k: v for k, v in a.answers.items() if v}
    assert again.scenes == a.scenes


def test_figures_round_trip_exactly() -> None:
    doc = {"form": "miit-2024", "figures": {"Q13": {"value": 98.65}, "Q2": {"equipment_total": 120}}}
    a = parse_answers(parse_json_text(json.dumps(doc)), FORM)
    assert a.figure("Q13.value") == Decimal("98.65")
    assert a.to_document()["figures"] == {"Q2": {"equipment_total": 120}, "Q13": {"value": 98.65}}


@pytest.mark.parametrize(
    ("text", "number"),
    [("8", 8), ("8.000", 8), ("-0", 0), ("1.875", 1.875), ("1.8750", 1.875), ("0.7", 0.7), ("39.999", 39.999)],
)
def test_json_numbers_are_the_same_when_asked_again(text: str, number: float) -> None:
    """JSON numbers are remembered per decimal value: asked twice, in either spelling, the answer is the same."""
    for _ in range(2):
        got = decimal_to_json(Decimal(text))
        assert got == number and type(got) is type(number)


def test_a_decimal_without_a_short_json_number_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="no exact short JSON representation"):
            decimal_to_json(Decimal("0.1000000000000000000001"))
