"""The planner's tables give the plans of the full knapsack table, step for step (the reference below).

The reference is the planner as it was before its tables: every question's choices rebuilt, the whole table to the
maximum step count. The planner now keeps tables per selection, stops at the cheapest step count and reads
concave questions from sorted step gains; each plan must be the reference's, not only as good.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.answers import AnswerSet
from app.core.form import Form, Option, Question
from app.core.planner import (
    GapPlanner,
    QuestionStep,
    outcome_question_ids,
    plan_points,
    plan_scenes,
    plan_to_level,
    upgrade_choices,
)
from app.core.scoring import score
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR
from tests.unit.strategies import answer_sets

REGISTRY = FormRegistry.from_dir(FORMS_DIR)
FORMS = sorted(REGISTRY.forms, key=lambda f: f.revision)


def reference_plan_points(
    form: Form, answers: AnswerSet, needed: Decimal, include_outcomes: bool
) -> tuple[QuestionStep, ...]:
    """The full group knapsack over every question and every step count (the planner before its tables)."""
    if needed <= 0:
        return ()
    excluded = () if include_outcomes else outcome_question_ids(form)
    groups = [upgrade_choices(q, answers.selected(q.id)) for q in form.questions if q.id not in excluded]
    max_cost = sum(max((c.effort for c in g), default=0) for g in groups)
    gains = [[(c.effort, int(c.points_gain * 1000)) for c in g] for g in groups]
    best = [0] * (max_cost + 1)
    picks: list[list[int | None]] = []
    for group in gains:
        new = list(best)
        pick: list[int | None] = [None] * (max_cost + 1)
        for idx, (effort, gain) in enumerate(group):
            for cost in range(effort, max_cost + 1):
                candidate = best[cost - effort] + gain
                if candidate > new[cost]:
                    new[cost] = candidate
                    pick[cost] = idx
        best = new
        picks.append(pick)
    needed_milli = int((needed * 1000).to_integral_value(rounding=ROUND_CEILING))
    goal = min(needed_milli, best[max_cost])
    cost = next(c for c in range(max_cost + 1) if best[c] >= goal)
    chosen: list[QuestionStep] = []
    for choices, pick in zip(reversed(groups), reversed(picks), strict=True):
        picked = pick[cost]
        if picked is not None:
            chosen.append(choices[picked])
            cost -= choices[picked].effort
    chosen.reverse()
    return tuple(chosen)


def uneven(form: Form) -> Form:
    """The form with tied points (single-choice efforts with gaps, gains not concave) and an exclusive option with
    points (multi-choice gains not concave: leaving it costs its points)."""
    questions = []
    for q in form.questions:
        options = list(q.options)
        if q.type == "single" and len(options) >= 3:
            options[2] = replace(options[2], points=options[1].points)  # a tie: that option is no step up
        elif q.type == "multi" and options[0].exclusive:
            options[0] = replace(options[0], points=Decimal(1))
        questions.append(replace(q, options=tuple(options)))
    return replace(form, questions=tuple(questions))


def plan_cases(form: Form) -> st.SearchStrategy[tuple[AnswerSet, int, bool]]:
    return st.tuples(answer_sets(form), st.integers(1, 100_000), st.booleans())


def check_like_reference(form: Form, a: AnswerSet, needed_milli: int, include_outcomes: bool) -> None:
    needed = Decimal(needed_milli) / 1000
    assert plan_points(form, a, needed, include_outcomes=include_outcomes) == reference_plan_points(
        form, a, needed, include_outcomes
    )


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FORMS).flatmap(lambda f: st.tuples(st.just(f), plan_cases(f))))
def test_plans_equal_the_full_table(case: tuple[Form, tuple[AnswerSet, int, bool]]) -> None:
    form, (a, needed_milli, include_outcomes) = case
    check_like_reference(form, a, needed_milli, include_outcomes)


UNEVEN = uneven(FORMS[-1])


@settings(max_examples=150, deadline=None)
@given(plan_cases(UNEVEN))
def test_plans_equal_the_full_table_when_gains_are_not_concave(case: tuple[AnswerSet, int, bool]) -> None:
    a, needed_milli, include_outcomes = case
    check_like_reference(UNEVEN, a, needed_milli, include_outcomes)


def test_the_uneven_form_has_questions_the_sorted_gains_cannot_plan() -> None:
    """The case above runs the grown table: efforts with gaps, gains that are not concave."""
    q3: Question = UNEVEN.questions[2]
    assert q3.type == "single"
    assert [c.effort for c in upgrade_choices(q3, ("B",))] == [2, 3]  # C ties with B: no step
    assert [c.points_gain for c in upgrade_choices(q3, ("A",))] == [Decimal("1.5"), Decimal("1.5"), Decimal("4.5"), 6]
    q1 = UNEVEN.questions[0]
    assert q1.type == "multi" and q1.options[0].exclusive
    assert [c.points_gain for c in upgrade_choices(q1, ("A",))] == [1, 3, 5, 7]  # the first step gives up A's point


@settings(max_examples=100, deadline=None)
@given(answer_sets(FORMS[-1]))
def test_one_planner_for_both_targets_plans_as_two(a: AnswerSet) -> None:
    form = FORMS[-1]
    planner = GapPlanner(form, a)
    for target in (4, 2, 3, 1):  # a larger gap first, then smaller ones from the same table
        assert planner.plan(target) == plan_to_level(form, a, target)
    result = score(form, a)
    assert result.gap_to_level_2 == plan_to_level(form, a, form.target_level)


def test_a_remembered_selection_is_planned_as_a_new_one() -> None:
    form = FORMS[-1]
    a = AnswerSet(form_id=form.id, answers={"Q1": ("B",), "Q4": ("B", "C"), "Q5": "B"})
    first = plan_points(form, a, Decimal(30))
    assert first == plan_points(form, a, Decimal(30)) == reference_plan_points(form, a, Decimal(30), False)


def test_options_outside_the_form_count_nothing() -> None:
    """A hand-built answer set may name an option the form does not have: no points, as before the tables."""
    form = FORMS[-1]
    a = AnswerSet(form_id=form.id, answers={"Q1": ("B", "Z"), "Q2": "Z"})
    for needed in (Decimal(1), Decimal("12.5"), Decimal(70)):
        assert plan_points(form, a, needed) == reference_plan_points(form, a, needed, False)


def test_option_type_is_the_form_option() -> None:
    assert isinstance(FORMS[-1].questions[0].options[0], Option)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FORMS).flatmap(
        lambda f: st.tuples(
            st.just(f),
            st.lists(st.integers(0, 4), min_size=len(f.scenes), max_size=len(f.scenes)),
            st.integers(1, 4),
            st.integers(0, len(f.scenes) + 2),
            st.integers(0, len(f.scenes) + 2),
        )
    )
)
def test_scenes_raised_from_their_counts_are_those_of_plan_scenes(
    case: tuple[Form, list[int], int, int, int],
) -> None:
    """A plan counts the scenes at each level once and sorts number keys: the steps of plan_scenes' sorted tuples."""
    form, level_list, target, min_scenes, min_constrained = case
    levels = dict(zip((s.id for s in form.scenes), level_list, strict=True))
    rule = replace(
        form.level_rule,
        levels=tuple(
            replace(t, min_scenes=min_scenes, min_constrained=min_constrained) if t.level == target else t
            for t in form.level_rule.levels
        ),
    )
    varied = replace(form, level_rule=rule)
    a = AnswerSet(form_id=form.id, scenes=levels)
    plan = GapPlanner(varied, a).plan(target)
    steps, constrained_needed = plan_scenes(varied, levels, target, min_scenes, min_constrained)
    assert plan.scene_steps == steps
    assert plan.constrained_upgrades_needed == constrained_needed
    assert plan.scene_upgrades_needed == len(steps)
