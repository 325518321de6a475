"""Before/after comparison."""

from __future__ import annotations

from decimal import Decimal

from app.core.answers import AnswerSet
from app.core.compare import compare
from app.core.form import Form
from app.core.scoring import score


def test_changes_per_question_and_scene_and_level(form: Form) -> None:
    before = AnswerSet(form.id, answers={"Q5": "B", "Q6": ("B",)}, scenes={"S01": 1, "S02": 2})
    after = before.with_answer("Q5", "D").with_scene("S01", 3)
    c = compare((form, before, score(form, before)), (form, after, score(form, after)))
    assert [q.question_id for q in c.changed_questions] == ["Q5"]
    assert c.changed_questions[0].delta == Decimal(5)
    assert [(s.scene_id, s.before, s.after) for s in c.changed_scenes] == [("S01", 1, 3)]
    assert c.total_after - c.total_before == Decimal(5)
    assert c.same_form
    data = c.to_json()
    assert data["questions"][0]["delta"] == 5
    assert data["scenes"] == [{"item": "S01", "before": 1, "after": 3, "constrained": True}]


def test_identical_assessments_have_no_changes(form: Form) -> None:
    a = AnswerSet(form.id, answers={"Q1": ("B", "C")}, scenes={"S05": 2})
    c = compare((form, a, score(form, a)), (form, a, score(form, a)))
    assert c.changed_questions == () and c.changed_scenes == ()
    assert c.level_before == c.level_after
