"""The planner: the smallest set of changes that closes both gaps to a target level.

Points: each question can be raised. Effort is counted in steps: raising a single-choice question by one
option (in order of points) is one step, adding one option to a multi-choice question is one step. The plan
uses the fewest steps that close the points gap; among plans with the fewest steps it gains the most points
(a margin against a strict assessor); remaining ties favour earlier questions (the form's order runs from
foundations to outcomes). This is a group knapsack solved exactly by dynamic programming over the step count.

Outcomes: the questions of the form's outcome dimension (数字化成效: energy, quality, …) measure what the work
achieves; they follow from it and cannot be done directly. They are not steps: by default the plan uses only the
work questions (the other dimensions) and the scenes, lists the outcome questions apart (改造后复核的成效指标,
reviewed after the transformation), and states any points that only the outcomes can still provide.
``include_outcomes=True`` plans over every question, as before.

Scenes: the fewest scenes raised to the target level so that both scene counts are met; constrained scenes
first where the rule needs them, and among candidates the ones nearest the target first (least effort).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from app.core.answers import AnswerSet, Choice, decimal_to_json
from app.core.form import Form, Option, Question, Scene


@dataclass(frozen=True)
class QuestionStep:
    """Raise one question: from its current choice to a better one."""

    question_id: str
    question_text: str
    multi: bool
    from_choice: tuple[str, ...]
    to_choice: Choice
    options: tuple[Option, ...]  # the options to achieve: the new one (single) or those to add (multi)
    points_gain: Decimal
    effort: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "question",
            "item": self.question_id,
            "question": self.question_text,
            "from": list(self.from_choice) if self.multi else (self.from_choice[0] if self.from_choice else None),
            "to": list(self.to_choice) if isinstance(self.to_choice, tuple) else self.to_choice,
            "options": [{"id": o.id, "text": o.text, "points": decimal_to_json(o.points)} for o in self.options],
            "points_gain": decimal_to_json(self.points_gain),
            "steps": self.effort,
        }


@dataclass(frozen=True)
class SceneStep:
    """Raise one scene to the target level."""

    scene_id: str
    name: str
    constrained: bool
    from_level: int
    to_level: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "scene",
            "item": self.scene_id,
            "scene": self.name,
            "constrained": self.constrained,
            "from": self.from_level,
            "to": self.to_level,
            "text": self.text,
        }


@dataclass(frozen=True)
class OutcomeIndicator:
    """An outcome question, shown apart from the steps: reviewed after the transformation, not planned."""

    question_id: str
    question_text: str
    points: Decimal
    max_points: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.question_id,
            "question": self.question_text,
            "points": decimal_to_json(self.points),
            "max_points": decimal_to_json(self.max_points),
        }


OUTCOME_DIMENSION_MARK = "成效"  # MIIT's indicator structure: 数字化基础 / 数字化管理 / 数字化成效


def outcome_dimension_ids(form: Form) -> frozenset[str]:
    """The form's outcome dimensions: those named 成效 (outcomes) in its own dimension ids."""
    return frozenset(d.id for d in form.dimensions if d.id.endswith(OUTCOME_DIMENSION_MARK))


def outcome_question_ids(form: Form) -> tuple[str, ...]:
    """The questions of the outcome dimensions, in form order (Q12–Q15 in miit-2024)."""
    dims = outcome_dimension_ids(form)
    return tuple(q.id for q in form.questions if q.dimension in dims)


@dataclass(frozen=True)
class Plan:
    target_level: int
    points_needed: Decimal
    scene_upgrades_needed: int
    constrained_upgrades_needed: int
    question_steps: tuple[QuestionStep, ...]
    scene_steps: tuple[SceneStep, ...]
    # Points the work steps cannot close: only the outcome indicators can still provide them (0 when planned fully).
    outcome_points_needed: Decimal = Decimal(0)
    outcomes: tuple[OutcomeIndicator, ...] = ()  # shown apart; empty when outcomes were planned as steps

    @property
    def reached(self) -> bool:
        return self.points_needed == 0 and self.scene_upgrades_needed == 0

    @property
    def question_effort(self) -> int:
        return sum(s.effort for s in self.question_steps)

    @property
    def points_gain(self) -> Decimal:
        return sum((s.points_gain for s in self.question_steps), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "target_level": self.target_level,
            "reached": self.reached,
            "points_needed": decimal_to_json(self.points_needed),
            "scene_upgrades_needed": self.scene_upgrades_needed,
            "constrained_upgrades_needed": self.constrained_upgrades_needed,
            "question_steps": self.question_effort,
            "points_gain": decimal_to_json(self.points_gain),
            "plan": [s.to_json() for s in self.question_steps] + [s.to_json() for s in self.scene_steps],
            "outcome_points_needed": decimal_to_json(self.outcome_points_needed),
            "outcome_indicators": [o.to_json() for o in self.outcomes],
        }


def plan_to_level(form: Form, answers: AnswerSet, target: int, *, include_outcomes: bool = False) -> Plan:
    """Return the plan that closes both gaps to ``target`` with the least effort.

    By default the steps are work only (no outcome question, see the module text); ``include_outcomes=True``
    also plans the outcome questions as steps (the behaviour before they were set apart).
    """
    rule = form.level_rule.threshold(target)
    current = _current_points(form, answers)
    points_needed = max(Decimal(0), rule.min_score - current)
    steps = plan_points(form, answers, points_needed, include_outcomes=include_outcomes)
    gained = sum((s.points_gain for s in steps), Decimal(0))
    scene_steps, constrained_needed = plan_scenes(form, answers.scenes, target, rule.min_scenes, rule.min_constrained)
    outcomes: tuple[OutcomeIndicator, ...] = ()
    if not include_outcomes:
        outcomes = tuple(
            OutcomeIndicator(q.id, q.text, _points_of(q, answers.selected(q.id)), q.max_points)
            for q in form.questions
            if q.id in outcome_question_ids(form)
        )
    return Plan(
        target_level=target,
        points_needed=points_needed,
        scene_upgrades_needed=len(scene_steps),
        constrained_upgrades_needed=constrained_needed,
        question_steps=steps,
        scene_steps=scene_steps,
        outcome_points_needed=max(Decimal(0), points_needed - gained),
        outcomes=outcomes,
    )


def _current_points(form: Form, answers: AnswerSet) -> Decimal:
    total = Decimal(0)
    for q in form.questions:
        total += _points_of(q, answers.selected(q.id))
    return total


def _points_of(question: Question, selected: Sequence[str]) -> Decimal:
    pts = Decimal(0)
    for oid in selected:
        opt = question.option(oid)
        if opt is not None:
            pts += opt.points
    return min(pts, question.max_points)


def upgrade_choices(question: Question, selected: tuple[str, ...]) -> list[QuestionStep]:
    """Every useful way to raise one question, each with its effort in steps and its points gain."""
    now = _points_of(question, selected)
    out: list[QuestionStep] = []
    if question.type == "single":
        ranked = sorted(question.options, key=lambda o: o.points)  # stable: form order breaks ties
        rank = next((i for i, o in enumerate(ranked) if o.id in selected), 0)
        for j in range(rank + 1, len(ranked)):
            target = ranked[j]
            if target.points > now:
                out.append(
                    QuestionStep(
                        question.id,
                        question.text,
                        False,
                        selected,
                        target.id,
                        (target,),
                        target.points - now,
                        j - rank,
                    )
                )
        return out
    kept = tuple(o for o in selected if (opt := question.option(o)) is not None and not opt.exclusive)
    available = sorted(
        (o for o in question.options if not o.exclusive and o.id not in selected and o.points > 0),
        key=lambda o: -o.points,
    )
    order = {o.id: i for i, o in enumerate(question.options)}
    for k in range(1, len(available) + 1):
        added = tuple(sorted(available[:k], key=lambda o: order[o.id]))
        new_choice = tuple(sorted((*kept, *(o.id for o in added)), key=order.__getitem__))
        gain = _points_of(question, new_choice) - now
        out.append(QuestionStep(question.id, question.text, True, selected, new_choice, added, gain, k))
    return out


def plan_points(
    form: Form, answers: AnswerSet, needed: Decimal, *, include_outcomes: bool = False
) -> tuple[QuestionStep, ...]:
    """Fewest steps whose points close ``needed``; most points among those; earlier questions on ties.

    Only work questions are raised unless ``include_outcomes``; when they cannot close ``needed``, every
    useful step is taken (the rest can only come from the outcomes).
    """
    if needed <= 0:
        return ()
    excluded = () if include_outcomes else outcome_question_ids(form)
    groups = [upgrade_choices(q, answers.selected(q.id)) for q in form.questions if q.id not in excluded]
    max_cost = sum(max((c.effort for c in g), default=0) for g in groups)
    # Gains in integer thousandths: exact for the form's points (validated to three decimals), and fast.
    gains = [[(c.effort, int(c.points_gain * 1000)) for c in g] for g in groups]
    # best[c]: the most points reachable with at most c steps over the questions seen so far.
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
    # Over every question a valid form's maxima close any gap; over the work questions alone they may not: then
    # the plan gains all it can, with the fewest steps that do.
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


def plan_scenes(
    form: Form, levels: dict[str, int] | Any, target: int, min_scenes: int, min_constrained: int
) -> tuple[tuple[SceneStep, ...], int]:
    """Fewest scenes to raise to ``target``; returns the steps and how many must be constrained."""
    at = [s for s in form.scenes if levels.get(s.id, 0) >= target]
    have_total = len(at)
    have_constrained = sum(1 for s in at if s.constrained)
    need_constrained = max(0, min_constrained - have_constrained)
    need_total = max(need_constrained, min_scenes - have_total)
    below = [s for s in form.scenes if levels.get(s.id, 0) < target]
    order = {s.id: i for i, s in enumerate(form.scenes)}

    def nearest(s: Scene) -> tuple[int, int, int]:
        return (-levels.get(s.id, 0), 0 if s.constrained else 1, order[s.id])

    constrained_first = sorted((s for s in below if s.constrained), key=nearest)[:need_constrained]
    taken = {s.id for s in constrained_first}
    rest = sorted((s for s in below if s.id not in taken), key=nearest)[: need_total - need_constrained]
    picked = sorted([*constrained_first, *rest], key=lambda s: order[s.id])
    steps = tuple(SceneStep(s.id, s.name, s.constrained, levels.get(s.id, 0), target, s.levels[target]) for s in picked)
    return steps, need_constrained
