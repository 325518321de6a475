"""Scoring: exact points, dimension subtotals, and the two-part level rule."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.answers import AnswerSet
from app.core.form import Form
from app.core.scoring import score
from tests.conftest import FORMS_DIR
from tests.unit.strategies import answer_sets

FORM = __import__("app.services.forms", fromlist=["FormRegistry"]).FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1)
CONSTRAINED = [s.id for s in FORM.scenes if s.constrained]
GUIDING = [s.id for s in FORM.scenes if not s.constrained]


def scenes(level: int, constrained: int, guiding: int) -> dict[str, int]:
    return {**{sid: level for sid in CONSTRAINED[:constrained]}, **{sid: level for sid in GUIDING[:guiding]}}


def answers(answers: dict, scene_levels: dict[str, int] | None = None) -> AnswerSet:
    return AnswerSet(form_id="miit-2024", answers=answers, scenes=scene_levels or {})


# Exactly 40 from many 0.7s and 1.875s: 7 + 1.875 + 5.625 + 8 + 10 + 7.5.
EXACT_40 = {
    "Q1": ("B", "C", "D", "E"),  # 8
    "Q4": ("B", "C", "D", "E", "F", "G", "H", "I", "J", "K"),  # 10 x 0.7
    "Q5": "E",  # 10
    "Q9": ("B", "C", "D"),  # 3 x 1.875
    "Q10": ("B", "C", "D", "E", "F"),  # 7.5
    "Q11": "B",  # 1.875
}


def test_exactly_forty_points_is_level_two_when_scenes_meet_it(form: Form) -> None:
    result = score(form, answers(EXACT_40, scenes(2, 3, 3)))
    assert result.total_score == Decimal(40)
    assert result.score_level == 2
    assert result.level == 2
    assert result.gap_to_level_2.reached
    assert result.to_json()["total_score"] == 40


def test_one_option_fewer_than_forty_is_exactly_39_3_and_level_one(form: Form) -> None:
    # Summed in floats these points are 39.300000000000004 (and EXACT_40 is not 40): the engine must stay exact.
    less = {**EXACT_40, "Q4": EXACT_40["Q4"][:-1]}
    result = score(form, answers(less, scenes(2, 3, 3)))
    assert result.total_score == Decimal("39.3")
    assert result.score_level == 1
    assert result.level == 1
    assert not result.gap_to_level_2.reached
    assert result.to_json()["total_score"] == 39.3


def test_q4_all_options_score_exactly_ten(form: Form) -> None:
    all_q4 = tuple("BCDEFGHIJKLMNO")
    result = score(form, answers({"Q4": all_q4}))
    assert result.question_scores["Q4"] == Decimal(10)
    assert result.to_json()["question_scores"]["Q4"] == 10


def test_q9_quarters_are_exact(form: Form) -> None:
    result = score(form, answers({"Q9": ("B",)}))
    assert result.question_scores["Q9"] == Decimal("1.875")
    assert result.to_json()["question_scores"]["Q9"] == 1.875


def test_score_alone_does_not_make_a_level(form: Form) -> None:
    full = {
        q.id: (q.options[-1].id if q.type == "single" else tuple(o.id for o in q.options[1:])) for q in form.questions
    }
    result = score(form, answers(full, scenes(2, 2, 6)))  # 8 scenes at 2, only 2 constrained
    assert result.total_score == 100
    assert result.score_level == 4
    assert result.scene_level == 0
    assert result.level == 0
    gap = result.gap_to_level_2
    assert gap.points_needed == 0
    assert (gap.scene_upgrades_needed, gap.constrained_upgrades_needed) == (1, 1)


def test_scene_rule_counts_scenes_at_or_above_the_level(form: Form) -> None:
    levels = {**scenes(4, 3, 0), **{sid: 2 for sid in GUIDING[:3]}}
    result = score(form, answers(EXACT_40, levels))
    counts = {c.level: (c.scenes, c.constrained) for c in result.scene_counts}
    assert counts[2] == (6, 3)
    assert counts[4] == (3, 3)
    assert result.scene_level == 2


def test_level_is_highest_meeting_both_parts(form: Form) -> None:
    result = score(form, answers(EXACT_40, scenes(4, 6, 4)))
    assert (result.score_level, result.scene_level, result.level) == (2, 4, 2)
    checks = {rc.level: rc for rc in result.rule_checks}
    assert checks[2].met and not checks[3].met and checks[3].scenes_met and not checks[3].score_met


def test_missing_items_are_listed_and_count_as_zero(form: Form) -> None:
    result = score(form, answers({"Q1": ("B",)}, {"S01": 0}))
    assert not result.complete
    assert "Q2" in result.missing and "Q1" not in result.missing
    assert "S01" not in result.missing and "S02" in result.missing
    assert result.total_score == 2
    assert result.scene_levels["S02"] == 0


def test_none_option_scores_zero_and_counts_as_answered(form: Form) -> None:
    result = score(form, answers({"Q6": ("A",)}))
    assert result.question_scores["Q6"] == 0
    assert "Q6" not in result.missing


@settings(max_examples=300, deadline=None)
@given(answer_sets(FORM))
def test_totals_are_sums_and_level_is_min_of_parts(a: AnswerSet) -> None:
    result = score(FORM, a)
    assert result.total_score == sum(result.question_scores.values())
    assert result.total_score == sum(result.dimension_scores.values())
    assert 0 <= result.total_score <= 100
    for q in FORM.questions:
        assert 0 <= result.question_scores[q.id] <= q.max_points
    # Both conditions are monotone, so the highest level meeting both is the smaller of the two levels.
    assert result.level == min(result.score_level, result.scene_level)
    assert result.complete == (not result.missing)


@settings(max_examples=200, deadline=None)
@given(answer_sets(FORM), st.sampled_from([s.id for s in FORM.scenes]))
def test_raising_a_scene_never_lowers_the_level(a: AnswerSet, scene_id: str) -> None:
    before = score(FORM, a)
    current = a.scenes.get(scene_id, 0)
    if current < 4:
        after = score(FORM, a.with_scene(scene_id, current + 1))
        assert after.level >= before.level
        assert after.scene_level >= before.scene_level


@settings(max_examples=200, deadline=None)
@given(answer_sets(FORM))
def test_json_numbers_are_exact(a: AnswerSet) -> None:
    data = score(FORM, a).to_json()
    assert Decimal(str(data["total_score"])) == score(FORM, a).total_score
    for qid, pts in data["question_scores"].items():
        assert Decimal(str(pts)) == score(FORM, a).question_scores[qid]
