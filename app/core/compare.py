"""Before/after comparison of two assessments of one enterprise: per question, per scene, and the level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.answers import AnswerSet, decimal_to_json
from app.core.form import Form, Option
from app.core.scoring import RuleCheck, ScoreResult


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    points_before: Decimal
    points_after: Decimal
    dimension: str = ""
    before_options: tuple[Option, ...] = ()  # the chosen options, as the before form words them
    after_options: tuple[Option, ...] = ()  # the chosen options, as the after form words them

    @property
    def delta(self) -> Decimal:
        return self.points_after - self.points_before


@dataclass(frozen=True)
class SceneChange:
    scene_id: str
    name: str
    constrained: bool
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    level_before: int
    level_after: int
    total_before: Decimal
    total_after: Decimal
    dimensions: tuple[tuple[str, Decimal, Decimal], ...]
    questions: tuple[QuestionChange, ...]  # every question, changed or not, in form order
    scenes: tuple[SceneChange, ...]  # every scene, in form order
    same_form: bool
    # Both two-part-rule tables and the verdict (all from scoring; a front shows them, it computes nothing).
    rules_before: tuple[RuleCheck, ...] = ()
    rules_after: tuple[RuleCheck, ...] = ()
    target_level: int = 2
    form_before: Form | None = None
    form_after: Form | None = None

    @property
    def total_delta(self) -> Decimal:
        return self.total_after - self.total_before

    @property
    def dimension_changes(self) -> tuple[tuple[str, Decimal, Decimal, Decimal], ...]:
        """(dimension, before, after, change) in form order."""
        return tuple((d, b, a, a - b) for d, b, a in self.dimensions)

    @property
    def reached_target_before(self) -> bool:
        return self.level_before >= self.target_level

    @property
    def reaches_target_after(self) -> bool:
        return self.level_after >= self.target_level

    @property
    def next_after(self) -> RuleCheck | None:
        """The rule row of the level above the after level (why it is not higher), or None at the top."""
        return next((r for r in self.rules_after if r.level == self.level_after + 1), None)

    @property
    def changed_questions(self) -> tuple[QuestionChange, ...]:
        return tuple(q for q in self.questions if q.before != q.after)

    @property
    def changed_scenes(self) -> tuple[SceneChange, ...]:
        return tuple(s for s in self.scenes if s.before != s.after)

    def to_json(self) -> dict[str, Any]:
        return {
            "same_form": self.same_form,
            "level": {"before": self.level_before, "after": self.level_after},
            "total_score": {
                "before": decimal_to_json(self.total_before),
                "after": decimal_to_json(self.total_after),
            },
            "dimension_scores": {
                d: {"before": decimal_to_json(b), "after": decimal_to_json(a)} for d, b, a in self.dimensions
            },
            "questions": [
                {
                    "item": q.question_id,
                    "before": list(q.before),
                    "after": list(q.after),
                    "points_before": decimal_to_json(q.points_before),
                    "points_after": decimal_to_json(q.points_after),
                    "delta": decimal_to_json(q.delta),
                }
                for q in self.changed_questions
            ],
            "scenes": [
                {"item": s.scene_id, "before": s.before, "after": s.after, "constrained": s.constrained}
                for s in self.changed_scenes
            ],
        }


def compare(before: tuple[Form, AnswerSet, ScoreResult], after: tuple[Form, AnswerSet, ScoreResult]) -> Comparison:
    """Compare two scored assessments; items are matched by id (Q1…, S01…) across form revisions."""
    form_b, answers_b, result_b = before
    form_a, answers_a, result_a = after
    questions = tuple(
        QuestionChange(
            question_id=q.id,
            text=q.text,
            before=answers_b.selected(q.id),
            after=answers_a.selected(q.id),
            points_before=result_b.question_scores.get(q.id, Decimal(0)),
            points_after=result_a.question_scores.get(q.id, Decimal(0)),
            dimension=q.dimension,
            before_options=_chosen(form_b, q.id, answers_b.selected(q.id)),
            after_options=_chosen(form_a, q.id, answers_a.selected(q.id)),
        )
        for q in form_a.questions
    )
    scenes = tuple(
        SceneChange(
            scene_id=s.id,
            name=s.name,
            constrained=s.constrained,
            before=result_b.scene_levels.get(s.id, 0),
            after=result_a.scene_levels.get(s.id, 0),
        )
        for s in form_a.scenes
    )
    dims = tuple(
        (
            d.id,
            result_b.dimension_scores.get(d.id, Decimal(0)),
            result_a.dimension_scores.get(d.id, Decimal(0)),
        )
        for d in form_a.dimensions
    )
    return Comparison(
        level_before=result_b.level,
        level_after=result_a.level,
        total_before=result_b.total_score,
        total_after=result_a.total_score,
        dimensions=dims,
        questions=questions,
        scenes=scenes,
        same_form=(form_b.id, form_b.content_hash) == (form_a.id, form_a.content_hash),
        rules_before=result_b.rule_checks,
        rules_after=result_a.rule_checks,
        target_level=form_a.target_level,
        form_before=form_b,
        form_after=form_a,
    )


def _chosen(form: Form, question_id: str, selected: tuple[str, ...]) -> tuple[Option, ...]:
    question = form.question(question_id)
    if question is None:
        return ()
    return tuple(o for oid in selected if (o := question.option(oid)) is not None)
