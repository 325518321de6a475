"""Exact scoring and the two-part level rule (points and scene counts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.answers import AnswerSet, decimal_to_json
from app.core.checks import ConsistencyWarning, run_checks
from app.core.form import MAX_SCENE_LEVEL, Form, Question
from app.core.planner import GapPlanner, Plan


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


# Selections whose points are remembered per question (a multi-choice question of n options has 2^n of them).
_SELECTIONS_REMEMBERED = 4096


@dataclass(frozen=True)
class _ScoreTables:
    """A form's lookups for scoring, built on first use and kept with the form (a form never changes)."""

    questions: tuple[tuple[str, Question, dict[Any, Decimal]], ...]  # id, question, points by answer value
    dimensions: tuple[tuple[str, tuple[str, ...]], ...]  # dimension id, its questions in form order
    scenes: tuple[tuple[str, bool], ...]  # scene id, constrained


def _score_tables(form: Form) -> _ScoreTables:
    found: _ScoreTables | None = vars(form).get("_score_tables")
    if found is None:
        found = _ScoreTables(
            questions=tuple((q.id, q, {}) for q in form.questions),
            dimensions=tuple(
                (d.id, tuple(q.id for q in form.questions if q.dimension == d.id)) for d in form.dimensions
            ),
            scenes=tuple((s.id, s.constrained) for s in form.scenes),
        )
        vars(form)["_score_tables"] = found
    return found


def question_points(form: Form, answers: AnswerSet) -> dict[str, Decimal]:
    """Points per question in form order; unanswered questions score 0."""
    out: dict[str, Decimal] = {}
    chosen = answers.answers
    for qid, q, memo in _score_tables(form).questions:
        value = chosen.get(qid)
        try:
            points = memo.get(value)
        except TypeError:  # an unhashable value in a hand-built answer set: nothing to remember
            out[qid] = q.points_for(answers.selected(qid))
            continue
        if points is None:
            points = q.points_for(answers.selected(qid))
            if len(memo) < _SELECTIONS_REMEMBERED:
                memo[value] = points
        out[qid] = points
    return out


def scene_counts(form: Form, levels: Mapping[str, int], level: int) -> SceneCount:
    at_or_above = [s for s in form.scenes if levels.get(s.id, 0) >= level]
    return SceneCount(level, len(at_or_above), sum(1 for s in at_or_above if s.constrained))


def _all_scene_counts(form: Form, levels: Mapping[str, int]) -> tuple[SceneCount, ...]:
    """``scene_counts`` at every level of the rule, in the rule's order."""
    top = MAX_SCENE_LEVEL
    # Scenes and constrained scenes per level, then summed from the top: at or above each level.
    at = [0] * (top + 2)
    at_constrained = [0] * (top + 2)
    for sid, constrained in _score_tables(form).scenes:
        lvl = levels.get(sid, 0)
        if type(lvl) is not int or not 0 <= lvl <= top:  # not a valid level: count the way scene_counts does
            return tuple(scene_counts(form, levels, t.level) for t in form.level_rule.levels)
        at[lvl] += 1
        if constrained:
            at_constrained[lvl] += 1
    for lvl in range(top - 1, -1, -1):
        at[lvl] += at[lvl + 1]
        at_constrained[lvl] += at_constrained[lvl + 1]
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


def score(form: Form, answers: AnswerSet) -> ScoreResult:
    """Score an answer set: points, dimension subtotals, levels, the gap to level two, warnings."""
    q_points = question_points(form, answers)
    total = sum(q_points.values(), Decimal(0))
    tables = _score_tables(form)
    dims = {did: sum((q_points[qid] for qid in qids), Decimal(0)) for did, qids in tables.dimensions}
    scene_answers = answers.scenes
    levels = {sid: scene_answers.get(sid, 0) for sid, _ in tables.scenes}
    counts = _all_scene_counts(form, levels)
    checks = tuple(
        RuleCheck(t.level, t.min_score, total >= t.min_score, t.min_scenes, c.scenes, t.min_constrained, c.constrained)
        for t, c in zip(form.level_rule.levels, counts, strict=True)
    )
    overall = max((rc.level for rc in checks if rc.met), default=0)
    chosen = answers.answers
    missing = tuple(  # unanswered: what AnswerSet.selected gives as empty
        qid for qid, _, _ in tables.questions if (v := chosen.get(qid)) is None or (not isinstance(v, str) and not v)
    ) + tuple(sid for sid, _ in tables.scenes if sid not in scene_answers)
    target = form.target_level
    next_level = overall + 1 if overall + 1 <= form.level_rule.max_level else None
    planner = GapPlanner(form, answers, question_points=q_points)  # both plans share one table
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
        score_level=score_level_for(form, total),
        scene_level=max((rc.level for rc in checks if rc.scenes_met), default=0),  # scene_level_for, counted once
        level=overall,
        scene_counts=counts,
        rule_checks=checks,
        gap_to_level_2=gap_target,
        gap_to_next_level=gap_next,
        warnings=run_checks(form, answers),
    )
