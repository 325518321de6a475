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


def test_comparison_carries_texts_dimensions_both_rule_tables_and_the_verdict(form: Form) -> None:
    """Finding: the in-app comparison was a bare list of option letters ("B → B,C") with no texts and no score
    changes. Core now gives the option texts before and after, the dimension changes, both rule tables and the
    verdict (level before/after, reaches the target level, and the condition that stops the next level)."""
    scenes = {s.id: 2 for s in form.scenes[:6]}
    before = AnswerSet(form.id, answers={"Q5": "B", "Q6": ("B",)}, scenes={"S01": 1})
    after = AnswerSet(
        form.id,
        answers={"Q1": ("B", "C", "D", "E"), "Q2": "E", "Q3": "E", "Q5": "E", "Q6": ("B", "C"), "Q8": "F"},
        scenes={**scenes, "S06": 2, "S10": 2},
    )
    c = compare((form, before, score(form, before)), (form, after, score(form, after)))
    q6 = next(q for q in c.questions if q.question_id == "Q6")
    assert [o.id for o in q6.before_options] == ["B"] and [o.id for o in q6.after_options] == ["B", "C"]
    assert q6.after_options[1].text == form.question("Q6").option("C").text  # type: ignore[union-attr]
    assert q6.dimension == "数字化基础"
    dims = {d: (b, a) for d, b, a in c.dimensions}
    assert dims["数字化管理"] == (Decimal(0), Decimal("7.5"))  # Q8 → F
    assert sum((a - b for b, a in dims.values()), Decimal(0)) == c.total_after - c.total_before == c.total_delta
    assert [ch[3] for ch in c.dimension_changes] == [a - b for _, b, a in c.dimensions]
    assert next(s for s in c.scenes if s.scene_id == "S01").delta == 1
    assert [r.level for r in c.rules_before] == [r.level for r in c.rules_after] == [1, 2, 3, 4]
    assert c.level_before == 0 and c.level_after == 2
    assert c.target_level == 2 and c.reaches_target_after and not c.reached_target_before
    assert c.next_after is not None and c.next_after.level == 3 and not c.next_after.score_met
    assert (c.form_before, c.form_after) == (form, form)


def test_unanswered_options_are_empty(form: Form) -> None:
    a = AnswerSet(form.id, answers={}, scenes={})
    c = compare((form, a, score(form, a)), (form, a, score(form, a)))
    assert all(q.before_options == () == q.after_options for q in c.questions)
    assert c.next_after is not None and c.next_after.level == 1 and not c.reaches_target_after
