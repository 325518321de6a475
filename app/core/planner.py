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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any, Final

from app.core.answers import AnswerSet, Choice, decimal_to_json, is_compiled
from app.core.form import MAX_SCENE_LEVEL, Form, LevelThreshold, Option, Question, Scene


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


_ZERO = Decimal(0)

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

    def __init__(
        self,
        target_level: int,
        points_needed: Decimal,
        scene_upgrades_needed: int,
        constrained_upgrades_needed: int,
        question_steps: tuple[QuestionStep, ...],
        scene_steps: tuple[SceneStep, ...],
        outcome_points_needed: Decimal = _ZERO,
        outcomes: tuple[OutcomeIndicator, ...] = (),
    ) -> None:
        # As ScoreResult.__init__ (app.core.scoring): native stores when compiled, object.__setattr__ as Python.
        if NATIVE:
            self.target_level = target_level  # type: ignore[misc]
            self.points_needed = points_needed  # type: ignore[misc]
            self.scene_upgrades_needed = scene_upgrades_needed  # type: ignore[misc]
            self.constrained_upgrades_needed = constrained_upgrades_needed  # type: ignore[misc]
            self.question_steps = question_steps  # type: ignore[misc]
            self.scene_steps = scene_steps  # type: ignore[misc]
            self.outcome_points_needed = outcome_points_needed  # type: ignore[misc]
            self.outcomes = outcomes  # type: ignore[misc]
            return
        object.__setattr__(self, "target_level", target_level)
        object.__setattr__(self, "points_needed", points_needed)
        object.__setattr__(self, "scene_upgrades_needed", scene_upgrades_needed)
        object.__setattr__(self, "constrained_upgrades_needed", constrained_upgrades_needed)
        object.__setattr__(self, "question_steps", question_steps)
        object.__setattr__(self, "scene_steps", scene_steps)
        object.__setattr__(self, "outcome_points_needed", outcome_points_needed)
        object.__setattr__(self, "outcomes", outcomes)

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
    return GapPlanner(form, answers, include_outcomes=include_outcomes).plan(target)


class GapPlanner:
    """Plans for one answer set to any target level; the plans share their tables (scoring asks for two).

    ``question_points`` are the answer set's points per question when the caller has them (as ``score`` does);
    they must be those of ``app.core.scoring.question_points``. So must ``total``, their sum in form order, and
    ``scene_levels``, each scene's level in form order (0 when unanswered), when given.
    """

    def __init__(
        self,
        form: Form,
        answers: AnswerSet,
        *,
        include_outcomes: bool = False,
        question_points: Mapping[str, Decimal] | None = None,
        total: Decimal | None = None,
        scene_levels: Sequence[int] | None = None,
    ) -> None:
        self.form = form
        self.answers = answers
        self.include_outcomes = include_outcomes
        self._tables = _form_tables(form)
        if question_points is None:
            question_points = {q.id: q.points_for(answers.selected(q.id)) for q in form.questions}
            total = None
        self._points = question_points
        if total is None:
            total = Decimal(0)  # the total in form order, as score sums it
            for q in form.questions:
                total += question_points[q.id]
        self._current = total
        self._outcomes: tuple[OutcomeIndicator, ...] | None = None
        self._scene_levels = scene_levels
        self._scene_totals: tuple[list[int], list[int]] | None = None
        self._scenes_counted = False
        self._dp: _PointsTable | None = None

    def points_steps(self, needed: Decimal) -> tuple[QuestionStep, ...]:
        """What ``plan_points`` returns for this answer set and ``needed``."""
        if needed <= 0:
            return ()
        if self._dp is None:
            self._dp = _PointsTable(self._tables, self.answers, self.include_outcomes)
        return self._dp.steps(needed)

    def plan(self, target: int) -> Plan:
        form = self.form
        tables = self._tables
        rule = tables.thresholds.get(target)
        if rule is None:
            rule = form.level_rule.threshold(target)  # raises KeyError, as the rule does
        points_needed = max(_ZERO, rule.min_score - self._current)
        steps = self.points_steps(points_needed)
        gained = sum((s.points_gain for s in steps), _ZERO) if steps else _ZERO
        levels = self._levels()
        totals = self.scene_totals()
        if totals is not None and 0 <= target <= MAX_SCENE_LEVEL:  # nothing to raise when both counts are met
            constrained_needed = max(0, rule.min_constrained - totals[1][target])
            total_needed = max(constrained_needed, rule.min_scenes - totals[0][target])
            scene_steps: tuple[SceneStep, ...] = ()
            if total_needed:
                scene_steps = _raise_scenes(
                    form.scenes, tables.constrained, levels, target, total_needed, constrained_needed
                )
        else:
            scene_steps, constrained_needed = _plan_scenes(
                form.scenes, levels, target, rule.min_scenes, rule.min_constrained
            )
        outcomes = self._outcomes
        if outcomes is None:
            outcomes = () if self.include_outcomes else self._outcome_indicators()
            self._outcomes = outcomes  # the same for every target: immutable, shared
        return Plan(
            target_level=target,
            points_needed=points_needed,
            scene_upgrades_needed=len(scene_steps),
            constrained_upgrades_needed=constrained_needed,
            question_steps=steps,
            scene_steps=scene_steps,
            outcome_points_needed=max(_ZERO, points_needed - gained),
            outcomes=outcomes,
        )

    def _levels(self) -> Sequence[int]:
        levels = self._scene_levels
        if levels is None:
            scene_answers: Mapping[str, Any] = self.answers.scenes  # Any: a level may be invalid (then not counted)
            levels = self._scene_levels = [scene_answers.get(s.id, 0) for s in self.form.scenes]
        return levels

    def scene_totals(self) -> tuple[list[int], list[int]] | None:
        """Scenes, and constrained scenes, at or above each level 0–MAX_SCENE_LEVEL (None: a level outside them)."""
        if not self._scenes_counted:
            self._scene_totals = scene_totals(self._tables.constrained, self._levels())
            self._scenes_counted = True
        return self._scene_totals

    def _outcome_indicators(self) -> tuple[OutcomeIndicator, ...]:
        """The outcome questions with their points; remembered per form by the answers' values, which decide the
        points (``question_points`` are those of the answers)."""
        tables = self._tables
        chosen: Mapping[str, Any] = self.answers.answers  # Any: as given, valid or not (see the TypeError below)
        key = tuple(chosen.get(q.id) for q in tables.outcome_questions)
        memo = tables.outcome_indicators
        try:
            found = memo.get(key)
            hashable = True
        except TypeError:  # an unhashable value in a hand-built answer set: nothing to remember
            found, hashable = None, False
        if found is None:
            points = self._points
            found = tuple(OutcomeIndicator(q.id, q.text, points[q.id], q.max_points) for q in tables.outcome_questions)
            if hashable and len(memo) < _SELECTIONS_REMEMBERED:
                memo[key] = found
        return found


def upgrade_choices(question: Question, selected: tuple[str, ...]) -> list[QuestionStep]:
    """Every useful way to raise one question, each with its effort in steps and its points gain."""
    now = question.points_for(selected)
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
    kept, available = _multi_parts(question, selected)
    return [_multi_step(question, selected, now, kept, available, k) for k in range(1, len(available) + 1)]


def _multi_parts(question: Question, selected: tuple[str, ...]) -> tuple[tuple[str, ...], list[Option]]:
    """A multi-choice selection's options that stay, and those that can be added, most points first."""
    kept = tuple(o for o in selected if (opt := question.option(o)) is not None and not opt.exclusive)
    available = sorted(
        (o for o in question.options if not o.exclusive and o.id not in selected and o.points > 0),
        key=lambda o: -o.points,
    )
    return kept, available


def _multi_step(
    question: Question,
    selected: tuple[str, ...],
    now: Decimal,
    kept: tuple[str, ...],
    available: Sequence[Option],
    k: int,
) -> QuestionStep:
    """Raise a multi-choice question by adding its ``k`` best available options (``k`` steps)."""
    order = question.option_order
    added = tuple(sorted(available[:k], key=lambda o: order[o.id]))
    new_choice = tuple(sorted((*kept, *(o.id for o in added)), key=order.__getitem__))
    gain = question.points_for(new_choice) - now
    return QuestionStep(question.id, question.text, True, selected, new_choice, added, gain, k)


def plan_points(
    form: Form, answers: AnswerSet, needed: Decimal, *, include_outcomes: bool = False
) -> tuple[QuestionStep, ...]:
    """Fewest steps whose points close ``needed``; most points among those; earlier questions on ties.

    Only work questions are raised unless ``include_outcomes``; when they cannot close ``needed``, every
    useful step is taken (the rest can only come from the outcomes).
    """
    return GapPlanner(form, answers, include_outcomes=include_outcomes).points_steps(needed)


# Selections remembered per question. A multi-choice question of n options has 2^n of them: the bound keeps the
# memory of a long-running process small (beyond it a selection's choices are computed each time, as fast).
_SELECTIONS_REMEMBERED = 4096


@dataclass(frozen=True)
class _Choices:
    """The ways up from one selection: efforts (ascending) and gains in thousandths, in ``upgrade_choices`` order.

    ``marginals``: when the efforts are 1, 2, … and each further step gains no more than the one before (concave
    gains, as with evenly spaced single-choice points or multi-choice options added best first), the positive gains
    of each further step, largest first; otherwise None.
    """

    efforts: tuple[int, ...]
    gains: tuple[int, ...]
    marginals: tuple[int, ...] | None


def _choices(efforts: tuple[int, ...], gains: tuple[int, ...]) -> _Choices:
    marginals: list[int] = []
    before, step = 0, None
    for effort, gain in enumerate(gains, 1):
        delta = gain - before
        if efforts[effort - 1] != effort or (step is not None and delta > step):
            return _Choices(efforts, gains, None)
        if delta > 0:
            marginals.append(delta)
        before, step = gain, delta
    return _Choices(efforts, gains, tuple(marginals))


class _QuestionTable:
    """One question's ways up from any selection, computed once per selection: efforts ascending, gains in
    thousandths of a point (what the DP adds), and the steps themselves built only when a plan takes one.

    Gains are integer thousandths, exact when every option's points and the maximum are whole thousandths (then
    they are computed from integers); for any other form they come from ``upgrade_choices`` itself.
    """

    def __init__(self, question: Question) -> None:
        self.question = question
        self.qid = question.id
        self.multi = question.type != "single"
        milli = {o.id: o.points * 1000 for o in question.options}
        max_milli = question.max_points * 1000
        self.exact = all(v == v.to_integral_value() for v in (*milli.values(), max_milli))
        self.milli = {oid: int(v) for oid, v in milli.items()} if self.exact else {}
        self.max_milli = int(max_milli) if self.exact else 0
        self.kept_ids = frozenset(o.id for o in question.options if not o.exclusive)
        # Options that can be added, most points first (form order breaks ties, as in upgrade_choices' stable sort).
        self.addable = tuple(
            (o.id, self.milli.get(o.id, 0))
            for o in sorted((o for o in question.options if not o.exclusive and o.points > 0), key=lambda o: -o.points)
        )
        self._choices: dict[tuple[str, ...], _Choices] = {}
        self._steps: dict[tuple[str, ...], list[QuestionStep]] = {}
        self._multi_steps: dict[tuple[tuple[str, ...], int], QuestionStep] = {}  # steps that plans took
        # An answer's value as the answer set holds it -> this table, its selection, its choices (see ``group``).
        self.groups: dict[Any, tuple[_QuestionTable, tuple[str, ...], _Choices]] = {}

    def group(self, value: Any) -> tuple[_QuestionTable, tuple[str, ...], _Choices]:
        """This table, the selection of an answer's value (as ``AnswerSet.selected`` reads it), and its choices."""
        selected: tuple[str, ...] = () if value is None else (value,) if isinstance(value, str) else tuple(value)
        return (self, selected, self._choices.get(selected) or self.choices(selected))

    def choices(self, selected: tuple[str, ...]) -> _Choices:
        """``upgrade_choices(question, selected)`` as numbers, in its order (see ``_Choices``)."""
        found = self._choices.get(selected)
        if found is not None:
            return found
        if self.multi and self.exact:
            milli = self.milli
            now = min(sum(milli.get(o, 0) for o in selected), self.max_milli)
            running = sum(milli[o] for o in selected if o in self.kept_ids)
            gains = []
            for oid, points in self.addable:
                if oid not in selected:
                    running += points
                    gains.append(min(running, self.max_milli) - now)
            found = _choices(tuple(range(1, len(gains) + 1)), tuple(gains))
        else:
            steps = self._all_steps(selected)
            found = _choices(tuple(c.effort for c in steps), tuple(int(c.points_gain * 1000) for c in steps))
        if len(self._choices) < _SELECTIONS_REMEMBERED:
            self._choices[selected] = found
        return found

    def _all_steps(self, selected: tuple[str, ...]) -> list[QuestionStep]:
        steps = self._steps.get(selected)
        if steps is None:
            steps = upgrade_choices(self.question, selected)
            if len(self._steps) < _SELECTIONS_REMEMBERED and not self.multi:  # a few per single-choice question
                self._steps[selected] = steps
        return steps

    def step(self, selected: tuple[str, ...], index: int) -> QuestionStep:
        """``upgrade_choices(question, selected)[index]``, built alone for a multi-choice question."""
        if not self.multi:
            return self._all_steps(selected)[index]
        found = self._multi_steps.get((selected, index))
        if found is None:
            question = self.question
            kept, available = _multi_parts(question, selected)
            found = _multi_step(question, selected, question.points_for(selected), kept, available, index + 1)
            if len(self._multi_steps) < _SELECTIONS_REMEMBERED:
                self._multi_steps[(selected, index)] = found
        return found


@dataclass(frozen=True)
class _FormTables:
    questions: tuple[_QuestionTable, ...]  # every question, in form order
    work: tuple[_QuestionTable, ...]  # the questions that are not outcomes, in form order
    outcome_questions: tuple[Question, ...]
    thresholds: dict[int, LevelThreshold]  # the level rule's rows by level
    constrained: tuple[bool, ...]  # each scene's flag, in form order
    # The outcome questions' answer values -> their indicators (the points follow from the values).
    outcome_indicators: dict[tuple[Any, ...], tuple[OutcomeIndicator, ...]]


def _form_tables(form: Form) -> _FormTables:
    """The planner's tables of a form, built on first use and kept with the form (a form never changes)."""
    found: _FormTables | None = vars(form).get("_planner_tables")
    if found is None:
        outcome_ids = outcome_question_ids(form)
        questions = tuple(_QuestionTable(q) for q in form.questions)
        found = _FormTables(
            questions=questions,
            work=tuple(t for t in questions if t.question.id not in outcome_ids),
            outcome_questions=tuple(q for q in form.questions if q.id in outcome_ids),
            thresholds={row.level: row for row in reversed(form.level_rule.levels)},  # the first row of a level wins
            constrained=tuple(s.constrained for s in form.scenes),
            outcome_indicators={},
        )
        vars(form)["_planner_tables"] = found
    return found


class _PointsTable:
    """The group knapsack of ``plan_points``, as far as a plan needs it, with the values and picks of the full table.

    The full table (every question in form order, every step count up to all steps): ``best[g][c]`` is the most
    points (thousandths) reachable with at most ``c`` steps over the first ``g`` raisable questions; the cell's pick
    is the first choice of question ``g``, in ``upgrade_choices`` order, that strictly improves on leaving it, which
    is the first choice whose ``best[g - 1][c - effort] + gain`` equals ``best[g][c]`` (none when
    ``best[g - 1][c]`` already does). A plan takes the cheapest ``c`` whose value closes the gap and follows the picks
    back from the last question. Column ``c`` needs only the columns below it, so nothing beyond the plan's ``c`` is
    computed.

    When every question's gains are concave (see ``_Choices``), ``best[g][c]`` is the sum of the ``c`` largest step
    gains of the first ``g`` questions (the greedy optimum of concave resource allocation), so the cells on the way
    back are read from sorted step gains without building the table. Otherwise the table is grown column by column.
    """

    def __init__(self, tables: _FormTables, answers: AnswerSet, include_outcomes: bool) -> None:
        groups = []
        marginals: list[int] | None = []
        chosen: Mapping[str, Any] = answers.answers  # Any: as given, valid or not (see the TypeError below)
        for table in tables.questions if include_outcomes else tables.work:
            value = chosen.get(table.qid)
            try:
                group = table.groups.get(value)
            except TypeError:  # an unhashable value in a hand-built answer set: nothing to remember
                group = table.group(value)
            if group is None:
                group = table.group(value)
                if len(table.groups) < _SELECTIONS_REMEMBERED:
                    table.groups[value] = group
            choices = group[2]
            if choices.efforts:  # a question with no way up is never picked: it changes no cell
                groups.append(group)
                if marginals is not None:
                    if choices.marginals is None:
                        marginals = None
                    else:
                        marginals += choices.marginals
        self.groups = groups
        self.concave = marginals is not None
        if marginals is not None:
            marginals.sort(reverse=True)
            self.sorted_marginals = marginals
            # With every step of every question, every question takes its best choice: its positive step gains.
            self.total = sum(marginals)
        else:
            self.total = sum(max(0, *c.gains) for _, _, c in groups)
            self.best: list[list[int]] = [[0] for _ in range(len(groups) + 1)]
            self.pick: list[list[int | None]] = [[None] for _ in groups]

    def _grow(self) -> None:
        best, pick = self.best, self.pick
        cost = len(best[0])
        best[0].append(0)
        for g, (_, _, choices) in enumerate(self.groups):
            below = best[g]
            value = below[cost]
            chosen = None
            for idx, effort in enumerate(choices.efforts):
                if effort > cost:
                    break  # efforts ascend
                candidate = below[cost - effort] + choices.gains[idx]
                if candidate > value:
                    value = candidate
                    chosen = idx
            best[g + 1].append(value)
            pick[g].append(chosen)

    def steps(self, needed: Decimal) -> tuple[QuestionStep, ...]:
        needed_milli = int((needed * 1000).to_integral_value(rounding=ROUND_CEILING))
        # Over every question a valid form's maxima close any gap; over the work questions alone they may not: then
        # the plan gains all it can, with the fewest steps that do.
        goal = min(needed_milli, self.total)
        picks = self._concave_picks(goal) if self.concave else self._table_picks(goal)
        chosen = [table.step(selected, idx) for (table, selected, _), idx in picks]
        chosen.reverse()
        return tuple(chosen)

    def _table_picks(self, goal: int) -> list[tuple[tuple[_QuestionTable, tuple[str, ...], _Choices], int]]:
        last = self.best[-1]
        cost = next((c for c, value in enumerate(last) if value >= goal), None)
        while cost is None:
            self._grow()
            if last[-1] >= goal:
                cost = len(last) - 1
        out = []
        for group, pick in zip(reversed(self.groups), reversed(self.pick), strict=True):
            picked = pick[cost]
            if picked is not None:
                out.append((group, picked))
                cost -= group[2].efforts[picked]
        return out

    def _concave_picks(self, goal: int) -> list[tuple[tuple[_QuestionTable, tuple[str, ...], _Choices], int]]:
        if goal <= 0:
            return []
        ordered = self.sorted_marginals
        cost = running = 0  # the fewest steps whose best value (the sum of the largest gains) reaches the goal
        for m in ordered:
            cost += 1
            running += m
            if running >= goal:
                break
        # best[G][cost] is the sum of the ``cost`` largest step gains; a set of ``cost`` steps (each question's first
        # ones) reaches it only if it holds every gain above the smallest of them, ``least``, and as many gains equal
        # to it as the largest ``cost`` hold (``ties``). Following the picks back from the last question, a question
        # is left as it is, or takes its fewest steps, whenever the questions before it can still supply the rest:
        # so each question takes all its gains above ``least``, and the tied gains go to the earliest questions.
        least = ordered[cost - 1]
        ties = 1
        while ties < cost and ordered[cost - 1 - ties] == least:
            ties += 1
        out = []
        for group in self.groups:
            marginals = group[2].marginals
            if not marginals or marginals[0] < least:
                continue  # none of its steps is among the gains that count: the cell leaves it as it is
            take = 0
            for m in marginals:
                if m > least:
                    take += 1
                elif m == least and ties:
                    take += 1
                    ties -= 1
                else:
                    break
            if take:
                out.append((group, take - 1))  # efforts are 1, 2, …: ``take`` steps are choice ``take - 1``
        out.reverse()  # as the picks are followed: from the last question back
        return out


def plan_scenes(
    form: Form, levels: dict[str, int] | Any, target: int, min_scenes: int, min_constrained: int
) -> tuple[tuple[SceneStep, ...], int]:
    """Fewest scenes to raise to ``target``; returns the steps and how many must be constrained."""
    current = [levels.get(s.id, 0) for s in form.scenes]
    return _plan_scenes(form.scenes, current, target, min_scenes, min_constrained)


def _same_length(values: Sequence[object], flags: Sequence[bool]) -> None:
    """Refuse two sequences read in step that differ in length, as ``zip(strict=True)`` does."""
    if len(values) != len(flags):
        raise ValueError(f"{len(values)} values for {len(flags)} scenes")


def scene_totals(constrained: Sequence[bool], levels: Sequence[int]) -> tuple[list[int], list[int]] | None:
    """Scenes, and constrained scenes, at or above each level 0–MAX_SCENE_LEVEL (None: a level outside them)."""
    top = MAX_SCENE_LEVEL
    at = [0] * (top + 2)
    at_constrained = [0] * (top + 2)
    level: object  # any value: only whole numbers 0-MAX_SCENE_LEVEL are counted
    _same_length(levels, constrained)  # by index: a zip(strict=True) is a call with a keyword when compiled
    for j in range(len(levels)):
        level = levels[j]
        if type(level) is not int or not 0 <= level <= top:
            return None
        at[level] += 1
        if constrained[j]:
            at_constrained[level] += 1
    for level in range(top - 1, -1, -1):
        at[level] += at[level + 1]
        at_constrained[level] += at_constrained[level + 1]
    return at, at_constrained


def _plan_scenes(
    scenes: Sequence[Scene], current: Sequence[Any], target: int, min_scenes: int, min_constrained: int
) -> tuple[tuple[SceneStep, ...], int]:
    """``plan_scenes`` with each scene's current level given in form order (any values: as a hand-built answer set
    holds them, compared as they are)."""
    have_total = have_constrained = 0
    below = []
    for i, level in enumerate(current):
        if level >= target:
            have_total += 1
            if scenes[i].constrained:
                have_constrained += 1
        else:
            below.append(i)
    need_constrained = max(0, min_constrained - have_constrained)
    need_total = max(need_constrained, min_scenes - have_total)
    if need_total == 0:
        return (), need_constrained
    # Nearest the target first, then constrained, then form order: keys (-level, 0 constrained / 1 not, position).
    keys = sorted((-current[i], 0 if scenes[i].constrained else 1, i) for i in below)
    constrained_first = [key for key in keys if key[1] == 0][:need_constrained]
    taken = {i for _, _, i in constrained_first}
    rest = [key for key in keys if key[2] not in taken][: need_total - need_constrained]
    picked = sorted(i for _, _, i in (*constrained_first, *rest))
    return tuple(_scene_step(scenes[i], current[i], target) for i in picked), need_constrained


def _raise_scenes(
    scenes: Sequence[Scene],
    constrained: Sequence[bool],
    current: Sequence[int],
    target: int,
    need_total: int,
    need_constrained: int,
) -> tuple[SceneStep, ...]:
    """The steps of ``_plan_scenes`` when the scenes to raise are counted already (every level a whole number)."""
    n = len(current)
    _same_length(current, constrained)
    # _plan_scenes' keys as numbers, in the same order: nearest the target first (target - level), then constrained
    # (0) before the others (n), then form order (i < n).
    keys = sorted(
        [(target - current[i]) * 2 * n + (0 if constrained[i] else n) + i for i in range(n) if current[i] < target]
    )
    if need_constrained:
        first = [key for key in keys if not (key // n) & 1][:need_constrained]  # (key // n) is odd: not constrained
        taken = set(first)
        first += [key for key in keys if key not in taken][: need_total - need_constrained]
        keys = first
    else:
        keys = keys[:need_total]
    picked = sorted([key % n for key in keys])
    return tuple([_scene_step(scenes[i], current[i], target) for i in picked])


def _scene_step(scene: Scene, from_level: int, target: int) -> SceneStep:
    """The step raising ``scene`` from ``from_level`` to ``target``: built once, kept with the scene (immutable)."""
    memo: dict[tuple[int, int], SceneStep] | None = vars(scene).get("_planner_steps")
    if memo is None:
        memo = vars(scene).setdefault("_planner_steps", {})
    key = (from_level, target)
    step = memo.get(key)
    if step is None:
        step = SceneStep(scene.id, scene.name, scene.constrained, from_level, target, scene.levels[target])
        if len(memo) < 64:  # levels 0-4 to 1-4 in a valid form; any other level is built each time
            memo[key] = step
    return step


# Plan.__init__ stores its fields natively when this module is compiled.
NATIVE: Final = is_compiled(plan_to_level)
