"""Exact scoring and the two-part level rule (points and scene counts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from app.core.answers import AnswerSet, decimal_to_json, is_compiled
from app.core.checks import ConsistencyWarning, run_checks
from app.core.form import MAX_SCENE_LEVEL, Form, LevelThreshold, Question
from app.core.planner import GapPlanner, Plan, scene_totals


@dataclass(frozen=True)
class SceneCount:
    """n(L): scenes at level L or above; c(L): the constrained ones among them."""

    level: int
    scenes: int
    constrained: int


@dataclass(frozen=True)
class RuleCheck:
    """How one level's two-part condition stands, for showing the rule openly."""

    level: int
    min_score: Decimal
    score_met: bool
    min_scenes: int
    scenes: int
    min_constrained: int
    constrained: int

    @property
    def scenes_met(self) -> bool:
        return self.scenes >= self.min_scenes and self.constrained >= self.min_constrained

    @property
    def met(self) -> bool:
        return self.score_met and self.scenes_met


@dataclass(frozen=True)
class ScoreResult:
    form_id: str
    form_revision: int
    form_hash: str
    complete: bool
    missing: tuple[str, ...]
    total_score: Decimal
    dimension_scores: Mapping[str, Decimal]
    question_scores: Mapping[str, Decimal]
    scene_levels: Mapping[str, int]
    score_level: int
    scene_level: int
    level: int
    scene_counts: tuple[SceneCount, ...]
    rule_checks: tuple[RuleCheck, ...]
    gap_to_level_2: Plan
    gap_to_next_level: Plan | None
    warnings: tuple[ConsistencyWarning, ...]

    def __init__(
        self,
        form_id: str,
        form_revision: int,
        form_hash: str,
        complete: bool,
        missing: tuple[str, ...],
        total_score: Decimal,
        dimension_scores: Mapping[str, Decimal],
        question_scores: Mapping[str, Decimal],
        scene_levels: Mapping[str, int],
        score_level: int,
        scene_level: int,
        level: int,
        scene_counts: tuple[SceneCount, ...],
        rule_checks: tuple[RuleCheck, ...],
        gap_to_level_2: Plan,
        gap_to_next_level: Plan | None,
        warnings: tuple[ConsistencyWarning, ...],
    ) -> None:
        # A frozen dataclass keeps the __init__ its class defines. Compiled, these are stores into the native
        # attributes (the generated __init__ runs as Python: with Plan's, about a sixth of scoring a document); as
        # Python, the frozen class takes them through object.__setattr__, as the generated __init__ does. The tests
        # (test_compiled_core) hold both to the fields.
        if NATIVE:
            self.form_id = form_id  # type: ignore[misc]
            self.form_revision = form_revision  # type: ignore[misc]
            self.form_hash = form_hash  # type: ignore[misc]
            self.complete = complete  # type: ignore[misc]
            self.missing = missing  # type: ignore[misc]
            self.total_score = total_score  # type: ignore[misc]
            self.dimension_scores = dimension_scores  # type: ignore[misc]
            self.question_scores = question_scores  # type: ignore[misc]
            self.scene_levels = scene_levels  # type: ignore[misc]
            self.score_level = score_level  # type: ignore[misc]
            self.scene_level = scene_level  # type: ignore[misc]
            self.level = level  # type: ignore[misc]
            self.scene_counts = scene_counts  # type: ignore[misc]
            self.rule_checks = rule_checks  # type: ignore[misc]
            self.gap_to_level_2 = gap_to_level_2  # type: ignore[misc]
            self.gap_to_next_level = gap_to_next_level  # type: ignore[misc]
            self.warnings = warnings  # type: ignore[misc]
            return
        object.__setattr__(self, "form_id", form_id)
        object.__setattr__(self, "form_revision", form_revision)
        object.__setattr__(self, "form_hash", form_hash)
        object.__setattr__(self, "complete", complete)
        object.__setattr__(self, "missing", missing)
        object.__setattr__(self, "total_score", total_score)
        object.__setattr__(self, "dimension_scores", dimension_scores)
        object.__setattr__(self, "question_scores", question_scores)
        object.__setattr__(self, "scene_levels", scene_levels)
        object.__setattr__(self, "score_level", score_level)
        object.__setattr__(self, "scene_level", scene_level)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "scene_counts", scene_counts)
        object.__setattr__(self, "rule_checks", rule_checks)
        object.__setattr__(self, "gap_to_level_2", gap_to_level_2)
        object.__setattr__(self, "gap_to_next_level", gap_to_next_level)
        object.__setattr__(self, "warnings", warnings)

    def to_json(self) -> dict[str, Any]:
        """Return the score output in the documented JSON shape (exact numbers)."""
        return {
            "form": self.form_id,
            "form_revision": self.form_revision,
            "form_hash": self.form_hash,
            "complete": self.complete,
            "missing": list(self.missing),
            "total_score": decimal_to_json(self.total_score),
            "dimension_scores": {k: decimal_to_json(v) for k, v in self.dimension_scores.items()},
            "question_scores": {k: decimal_to_json(v) for k, v in self.question_scores.items()},
            "scene_levels": dict(self.scene_levels),
            "score_level": self.score_level,
            "scene_level": self.scene_level,
            "level": self.level,
            "scene_counts": {
                str(c.level): {"scenes": c.scenes, "constrained": c.constrained} for c in self.scene_counts
            },
            "gap_to_level_2": self.gap_to_level_2.to_json(),
            "gap_to_next_level": None if self.gap_to_next_level is None else self.gap_to_next_level.to_json(),
            "warnings": [w.to_json() for w in self.warnings],
        }


_ZERO = Decimal(0)  # a Decimal is immutable: one zero for every sum (a Decimal() call each is a call through its type)

# Selections whose points are remembered per question (a multi-choice question of n options has 2^n of them).
_SELECTIONS_REMEMBERED = 4096


# Scene counts and rule checks remembered per form: a valid form has a few hundred of each (counts up to its scenes).
_RECORDS_REMEMBERED = 4096


@dataclass(frozen=True)
class _ScoreTables:
    """A form's lookups for scoring, built on first use and kept with the form (a form never changes)."""

    # Id, question, and by answer value: its points and whether it leaves the question unanswered.
    questions: tuple[tuple[str, Question, dict[Any, tuple[Decimal, bool]]], ...]
    dimensions: tuple[tuple[str, tuple[str, ...]], ...]  # dimension id, its questions in form order
    scenes: tuple[tuple[str, bool], ...]  # scene id, constrained
    scene_ids: frozenset[str]
    constrained: tuple[bool, ...]  # each scene's flag, in form order
    # The rule's rows in order, each with whether its level is a scene level (counted from the level totals).
    rows: tuple[tuple[int, LevelThreshold, bool], ...]
    target_level: int
    max_level: int
    # Immutable records built once: (level, scenes, constrained) -> SceneCount; (row index, score met, scenes,
    # constrained) -> RuleCheck and whether its scene condition is met.
    scene_counts: dict[tuple[int, int, int], SceneCount]
    rule_checks: dict[tuple[int, bool, int, int], tuple[RuleCheck, bool]]


def _score_tables(form: Form) -> _ScoreTables:
    found: _ScoreTables | None = vars(form).get("_score_tables")
    if found is None:
        rule = form.level_rule
        found = _ScoreTables(
            questions=tuple((q.id, q, {}) for q in form.questions),
            dimensions=tuple(
                (d.id, tuple(q.id for q in form.questions if q.dimension == d.id)) for d in form.dimensions
            ),
            scenes=tuple((s.id, s.constrained) for s in form.scenes),
            scene_ids=frozenset(s.id for s in form.scenes),
            constrained=tuple(s.constrained for s in form.scenes),
            rows=tuple((i, t, 0 <= t.level <= MAX_SCENE_LEVEL) for i, t in enumerate(rule.levels)),
            target_level=form.target_level,
            max_level=rule.max_level,
            scene_counts={},
            rule_checks={},
        )
        vars(form)["_score_tables"] = found
    return found


def question_points(form: Form, answers: AnswerSet) -> dict[str, Decimal]:
    """Points per question in form order; unanswered questions score 0."""
    return _question_points(_score_tables(form), answers)[0]


def _question_points(tables: _ScoreTables, answers: AnswerSet) -> tuple[dict[str, Decimal], list[str]]:
    """``question_points`` and the unanswered questions (those ``AnswerSet.selected`` gives as empty), in form order."""
    out: dict[str, Decimal] = {}
    unanswered: list[str] = []
    chosen: Mapping[str, Any] = answers.answers  # Any: as given, valid or not (see the TypeError below)
    for qid, q, memo in tables.questions:
        value = chosen.get(qid)
        try:
            found = memo.get(value)
        except TypeError:  # an unhashable value in a hand-built answer set: nothing to remember
            found = _points_of(q, answers.selected(qid))
        if found is None:
            found = _points_of(q, answers.selected(qid))
            if len(memo) < _SELECTIONS_REMEMBERED:
                memo[value] = found
        points, empty = found
        out[qid] = points
        if empty:
            unanswered.append(qid)
    return out, unanswered


def _points_of(question: Question, selected: tuple[str, ...]) -> tuple[Decimal, bool]:
    return question.points_for(selected), not selected


def scene_counts(form: Form, levels: Mapping[str, int], level: int) -> SceneCount:
    given: Mapping[str, Any] = levels  # Any: a hand-built answer set's levels, compared as they are
    at_or_above = [s for s in form.scenes if given.get(s.id, 0) >= level]
    return SceneCount(level, len(at_or_above), sum(1 for s in at_or_above if s.constrained))


def _all_scene_counts(form: Form, levels: Mapping[str, int]) -> tuple[SceneCount, ...]:
    """``scene_counts`` at every level of the rule, in the rule's order."""
    top = MAX_SCENE_LEVEL
    scenes = _score_tables(form).scenes
    given: Mapping[str, Any] = levels  # Any: a level that is not a valid one is counted by scene_counts
    totals = scene_totals([c for _, c in scenes], [given.get(sid, 0) for sid, _ in scenes])
    if totals is None:  # not a valid level: count the way scene_counts does
        return tuple(scene_counts(form, levels, t.level) for t in form.level_rule.levels)
    at, at_constrained = totals
    return tuple(
        SceneCount(t.level, at[t.level], at_constrained[t.level])
        if 0 <= t.level <= top
        else scene_counts(form, levels, t.level)
        for t in form.level_rule.levels
    )


def score_level_for(form: Form, total: Decimal) -> int:
    met = [t.level for t in form.level_rule.levels if total >= t.min_score]
    return max(met, default=0)


def scene_level_for(form: Form, levels: Mapping[str, int]) -> int:
    met = [
        t.level
        for t, c in zip(form.level_rule.levels, _all_scene_counts(form, levels), strict=True)
        if c.scenes >= t.min_scenes and c.constrained >= t.min_constrained
    ]
    return max(met, default=0)


def _higher(best: int | None, level: int) -> int:
    """The higher of a running maximum (None: nothing yet) and a level."""
    return level if best is None or level > best else best


def _rule_scene_counts(
    form: Form, tables: _ScoreTables, levels: Mapping[str, int], totals: tuple[list[int], list[int]] | None
) -> tuple[SceneCount, ...]:
    """The scene counts at every level of the rule, in its order (each record built once; see ``_rule_checks``)."""
    if totals is None:  # a level that is not a valid one: count the way scene_counts does
        return _all_scene_counts(form, levels)
    at, at_constrained = totals
    known_counts = tables.scene_counts
    found = []
    for _, t, counted in tables.rows:
        if not counted:
            found.append(scene_counts(form, levels, t.level))
            continue
        lvl = t.level
        key = (lvl, at[lvl], at_constrained[lvl])
        count = known_counts.get(key)
        if count is None:
            count = SceneCount(*key)
            if len(known_counts) < _RECORDS_REMEMBERED:
                known_counts[key] = count
        found.append(count)
    return tuple(found)


def _rule_checks(
    form: Form,
    tables: _ScoreTables,
    total: Decimal,
    levels: Mapping[str, int],
    totals: tuple[list[int], list[int]] | None,
) -> tuple[tuple[SceneCount, ...], tuple[RuleCheck, ...], int, int, int]:
    """The scene counts at every level of the rule and each level's check, in the rule's order (built once each),
    and the highest level met by the score, by the scenes and by both (0 when none).

    ``totals``: the scenes and constrained scenes at or above each level (``planner.scene_totals``)."""
    counts = _rule_scene_counts(form, tables, levels, totals)
    known_checks = tables.rule_checks
    checks = []
    # The highest level met by the score, by the scenes, by both (None: none met; max(..., default=0) of them).
    met_score: int | None = None
    met_scenes: int | None = None
    met: int | None = None
    rows = tables.rows
    if len(counts) != len(rows):  # a count per row, as zip(strict=True) would insist (by index: no keyword call)
        raise ValueError(f"{len(counts)} scene counts for {len(rows)} rule rows")
    for j in range(len(rows)):
        i, t, _ = rows[j]
        c = counts[j]
        check_key = (i, total >= t.min_score, c.scenes, c.constrained)
        found_check = known_checks.get(check_key)
        if found_check is None:
            check = RuleCheck(
                t.level, t.min_score, check_key[1], t.min_scenes, c.scenes, t.min_constrained, c.constrained
            )
            found_check = (check, check.scenes_met)
            if len(known_checks) < _RECORDS_REMEMBERED:
                known_checks[check_key] = found_check
        check, scenes_met = found_check
        checks.append(check)
        if check_key[1]:
            met_score = _higher(met_score, check.level)
        if scenes_met:
            met_scenes = _higher(met_scenes, check.level)
            if check_key[1]:
                met = _higher(met, check.level)
    return (
        counts,
        tuple(checks),
        0 if met_score is None else met_score,
        0 if met_scenes is None else met_scenes,
        0 if met is None else met,
    )


def score(form: Form, answers: AnswerSet) -> ScoreResult:
    """Score an answer set: points, dimension subtotals, levels, the gap to level two, warnings."""
    tables = _score_tables(form)
    q_points, unanswered = _question_points(tables, answers)
    total = sum(q_points.values(), _ZERO)
    dims = {}
    for did, qids in tables.dimensions:
        subtotal = _ZERO
        for qid in qids:
            subtotal += q_points[qid]
        dims[did] = subtotal
    scene_answers: Mapping[str, Any] = answers.scenes  # Any: a hand-built set's levels, checked when counted
    levels = {sid: scene_answers.get(sid, 0) for sid, _ in tables.scenes}
    # Both plans share one table.
    planner = GapPlanner(form, answers, question_points=q_points, total=total, scene_levels=list(levels.values()))
    counts, checks, score_level, scene_level, overall = _rule_checks(
        form, tables, total, levels, planner.scene_totals()
    )
    if scene_answers.keys() >= tables.scene_ids:
        missing = tuple(unanswered)
    else:
        missing = (*unanswered, *[sid for sid, _ in tables.scenes if sid not in scene_answers])
    target = tables.target_level
    next_level = overall + 1 if overall + 1 <= tables.max_level else None
    gap_target = planner.plan(target)
    gap_next = None
    if next_level is not None:
        gap_next = gap_target if next_level == target else planner.plan(next_level)
    return ScoreResult(
        form_id=form.id,
        form_revision=form.revision,
        form_hash=form.content_hash,
        complete=not missing,
        missing=missing,
        total_score=total,
        dimension_scores=dims,
        question_scores=q_points,
        scene_levels=levels,
        score_level=score_level,  # score_level_for, from the checks
        scene_level=scene_level,  # scene_level_for, counted once
        level=overall,
        scene_counts=counts,
        rule_checks=checks,
        gap_to_level_2=gap_target,
        gap_to_next_level=gap_next,
        warnings=run_checks(form, answers),
    )


# ScoreResult.__init__ stores its fields natively when this module is compiled.
NATIVE: Final = is_compiled(score)
