"""The planner: its plans reach the target, and they are optimal (checked against brute force)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.answers import AnswerSet
from app.core.form import Form, Question
from app.core.planner import outcome_question_ids, plan_points, plan_scenes, plan_to_level
from app.core.scoring import score
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR
from tests.unit.strategies import answer_sets

FORM = FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1)
OUTCOMES = {q.id for q in FORM.questions if q.dimension == "数字化成效"}  # the form's own outcome dimension


def apply_plan(a: AnswerSet, plan) -> AnswerSet:  # type: ignore[no-untyped-def]
    for step in plan.question_steps:
        a = a.with_answer(step.question_id, step.to_choice)
    for sstep in plan.scene_steps:
        a = a.with_scene(sstep.scene_id, sstep.to_level)
    return a


@settings(max_examples=300, deadline=None)
@given(answer_sets(FORM), st.integers(1, 4))
def test_applying_the_plan_reaches_the_target(a: AnswerSet, target: int) -> None:
    plan = plan_to_level(FORM, a, target)
    assert not {s.question_id for s in plan.question_steps} & OUTCOMES
    after = score(FORM, apply_plan(a, plan))
    if plan.outcome_points_needed:  # the work alone cannot close the points gap: every work question at its maximum
        assert all(after.question_scores[q.id] == q.max_points for q in FORM.questions if q.id not in OUTCOMES)
        assert after.total_score + plan.outcome_points_needed >= FORM.level_rule.threshold(target).min_score
    else:
        assert after.level >= target
    full = plan_to_level(FORM, a, target, include_outcomes=True)  # the behaviour kept behind the parameter
    assert score(FORM, apply_plan(a, full)).level >= target
    if score(FORM, a).level >= target:
        assert plan.reached and not plan.question_steps and not plan.scene_steps


def test_plan_quotes_official_texts() -> None:
    # The texts are MIIT's, as printed in the 2024 indicators; the plan must quote them, not paraphrase.
    a = AnswerSet(form_id=FORM.id, answers={"Q5": "B"}, scenes={"S06": 1})
    steps = {s["item"]: s for s in plan_to_level(FORM, a, 2).to_json()["plan"]}
    q5 = steps["Q5"]
    assert (q5["from"], q5["to"]) == ("B", "E")
    assert q5["question"] == "企业使用本地或云化部署的信息化服务，实现业务的数字化管理情况"
    assert q5["options"] == [{"id": "E", "text": "全覆盖", "points": 10}]
    assert steps["Q1"]["options"][0] == {"id": "B", "text": "企业车间建成工控网络，支持自动化控制应用", "points": 2}
    s06 = steps["S06"]
    assert (s06["scene"], s06["from"], s06["to"], s06["constrained"]) == ("生产管控", 1, 2, True)
    assert s06["text"] == (
        "应用信息化系统实现生产工单信息（如生产工单进度、产量、物料领用/耗用等）录入、跟踪，实现规范化管理。"
    )


def test_outcome_questions_are_not_steps() -> None:
    """Finding: the plan used outcome questions (Q12 energy, Q13 quality) as steps; for a low scorer 10.5 of
    27.75 planned points. Outcomes follow from the work: they are listed apart, and the steps are Q1–Q11 and scenes."""
    assert set(outcome_question_ids(FORM)) == OUTCOMES == {"Q12", "Q13", "Q14", "Q15"}
    low = AnswerSet(form_id=FORM.id, answers={"Q2": "C", "Q3": "C", "Q5": "C", "Q8": "B"}, scenes={"S06": 1})
    old = plan_to_level(FORM, low, 2, include_outcomes=True)
    assert {s.question_id for s in old.question_steps} & OUTCOMES  # the old behaviour, kept behind the parameter
    plan = plan_to_level(FORM, low, 2)
    assert [s.question_id for s in plan.question_steps if s.question_id in OUTCOMES] == []
    assert plan.points_gain >= plan.points_needed and plan.outcome_points_needed == 0
    assert [o.question_id for o in plan.outcomes] == ["Q12", "Q13", "Q14", "Q15"]
    assert all(o.points == 0 and o.max_points > 0 for o in plan.outcomes)
    js = plan.to_json()
    assert [o["item"] for o in js["outcome_indicators"]] == ["Q12", "Q13", "Q14", "Q15"]
    assert not {p["item"] for p in js["plan"]} & OUTCOMES
    assert score(FORM, apply_plan(low, plan)).level >= 2


def test_work_alone_short_of_the_gap_takes_every_work_step() -> None:
    empty = AnswerSet(form_id=FORM.id, answers={})
    steps = plan_points(FORM, empty, Decimal(95))
    work_max = sum((q.max_points for q in FORM.questions if q.id not in OUTCOMES), Decimal(0))
    assert sum((s.points_gain for s in steps), Decimal(0)) == work_max
    assert not {s.question_id for s in steps} & OUTCOMES
    assert sum((s.points_gain for s in plan_points(FORM, empty, Decimal(95), include_outcomes=True)), Decimal(0)) >= 95


def improved_states(q: Question, selected: tuple[str, ...]) -> list[tuple[int, Decimal]]:
    """Every state a question can be raised to, as (steps, points gain), by exhaustive enumeration."""

    def pts(sel: tuple[str, ...]) -> Decimal:
        return sum((o.points for o in q.options if o.id in sel), Decimal(0))

    now = pts(selected)
    out = []
    if q.type == "single":
        ranked = sorted(q.options, key=lambda o: o.points)
        rank = next((i for i, o in enumerate(ranked) if o.id in selected), 0)
        for j, o in enumerate(ranked):
            if j > rank and o.points > now:
                out.append((j - rank, o.points - now))
        return out
    free = [o.id for o in q.options if not o.exclusive and o.id not in selected]
    kept = tuple(s for s in selected if not q.option(s).exclusive)  # type: ignore[union-attr]
    for k in range(1, len(free) + 1):
        for combo in itertools.combinations(free, k):
            gain = pts(kept + combo) - now
            if gain > 0:
                out.append((k, gain))
    return out


SMALL = [q for q in FORM.questions if q.id != "Q4"]


@st.composite
def partial_answers(draw: st.DrawFn) -> tuple[AnswerSet, list[Question]]:
    """Answers with every question at its maximum except two to four, drawn at random."""
    below = draw(st.lists(st.sampled_from(SMALL), min_size=2, max_size=4, unique_by=lambda q: q.id))
    if draw(st.booleans()):
        below.append(FORM.question("Q4"))  # type: ignore[arg-type]
        below = below[:3]
    answers: dict[str, str | tuple[str, ...]] = {}
    for q in FORM.questions:
        best = q.options[-1].id if q.type == "single" else tuple(o.id for o in q.options if not o.exclusive)
        if q not in below:
            answers[q.id] = best if q.type == "single" else tuple(sorted(best))
            continue
        if q.type == "single":
            answers[q.id] = draw(st.sampled_from([o.id for o in q.options]))
        else:
            ids = [o.id for o in q.options if not o.exclusive]
            chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids) - 1))
            answers[q.id] = tuple(i for i in ids if i in chosen) or ("A",)
    return AnswerSet(form_id=FORM.id, answers=answers), below


@pytest.mark.slow
@pytest.mark.parametrize("include_outcomes", [False, True], ids=["work-only", "with-outcomes"])
@settings(max_examples=150, deadline=None)
@given(case=partial_answers(), per_mille=st.integers(1, 1000))
def test_points_plan_is_optimal_against_brute_force(
    case: tuple[AnswerSet, list[Question]], per_mille: int, include_outcomes: bool
) -> None:
    a, below = case
    if not include_outcomes:  # outcome questions are not steps: the brute force raises the work questions only
        below = [q for q in below if q.id not in OUTCOMES]
    states = [improved_states(q, a.selected(q.id)) for q in below]
    max_gain = sum((max((g for _, g in s), default=Decimal(0)) for s in states), Decimal(0))
    needed = (max_gain * per_mille / 1000).quantize(Decimal("0.001"))
    if needed <= 0:
        return
    best: tuple[int, Decimal] | None = None
    for combo in itertools.product(*[[(0, Decimal(0)), *s] for s in states]):
        cost = sum(c for c, _ in combo)
        gain = sum((g for _, g in combo), Decimal(0))
        if gain >= needed and (best is None or cost < best[0] or (cost == best[0] and gain > best[1])):
            best = (cost, gain)
    assert best is not None
    steps = plan_points(FORM, a, needed, include_outcomes=include_outcomes)
    assert sum(s.points_gain for s in steps) >= needed
    assert (sum(s.effort for s in steps), sum(s.points_gain for s in steps)) == best


@st.composite
def scene_levels(draw: st.DrawFn) -> tuple[dict[str, int], int]:
    target = draw(st.integers(1, 4))
    levels = {s.id: draw(st.integers(0, 4)) for s in FORM.scenes}
    below = [sid for sid, lvl in levels.items() if lvl < target]
    for sid in below[10:]:  # keep the brute force to at most 2^10 subsets
        levels[sid] = draw(st.integers(target, 4))
    return levels, target


@settings(max_examples=200, deadline=None)
@given(scene_levels())
def test_scene_plan_is_optimal_against_brute_force(case: tuple[dict[str, int], int]) -> None:
    levels, target = case
    rule = FORM.level_rule.threshold(target)
    below = [s for s in FORM.scenes if levels[s.id] < target]
    have = [s for s in FORM.scenes if levels[s.id] >= target]

    def meets(extra: tuple) -> bool:  # type: ignore[type-arg]
        chosen = have + list(extra)
        return len(chosen) >= rule.min_scenes and sum(s.constrained for s in chosen) >= rule.min_constrained

    best = None
    for k in range(len(below) + 1):
        options = [sum(target - levels[s.id] for s in c) for c in itertools.combinations(below, k) if meets(c)]
        if options:
            best = (k, min(options))
            break
    steps, need_constrained = plan_scenes(FORM, levels, target, rule.min_scenes, rule.min_constrained)
    assert best is not None
    assert (len(steps), sum(s.to_level - s.from_level for s in steps)) == best
    assert meets(tuple(FORM.scene(s.scene_id) for s in steps))
    assert need_constrained == max(0, rule.min_constrained - sum(s.constrained for s in have))


def test_gap_to_level_two_numbers(form: Form) -> None:
    # 35 points; five scenes at 2+, two of them constrained: needs one constrained scene and 5 points.
    a = AnswerSet(
        form_id=form.id,
        answers={
            "Q1": ("B", "C", "D", "E"),
            "Q5": "E",
            "Q10": ("B", "C", "D", "E", "F"),
            "Q11": "B",
            "Q9": ("B", "C"),
        },
        scenes={"S01": 2, "S03": 3, "S02": 2, "S04": 2, "S05": 2, "S06": 1},
    )
    result = score(form, a)
    assert result.total_score == Decimal("31.125")
    gap = result.gap_to_level_2
    assert gap.points_needed == Decimal("8.875")
    assert (gap.scene_upgrades_needed, gap.constrained_upgrades_needed) == (1, 1)
    assert [s.scene_id for s in gap.scene_steps] == ["S06"]  # constrained and nearest (level 1)
    assert gap.to_json()["points_needed"] == 8.875
