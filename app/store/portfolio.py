"""The portfolio's figures by SQL aggregation (SQLAlchemy Core; the same statements on SQLite and PostgreSQL).

One window function picks each enterprise's latest finalized baseline and after assessment; one GROUP BY over
(sub-sector, 规上, baseline level, after level, current level) gives every distribution and share as a handful of
counted groups; only the enterprises below 二级 (with their scene counts aggregated from the answers) and those with
spending (a sum per enterprise) come back as rows, plain tuples, never ORM objects. See app.core.portfolio for the
definitions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, false, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.core.portfolio import TARGET_LEVEL, BelowRow, InvestmentRow, PortfolioFigures, SubsectorCounts
from app.store.models import AssessmentRow, EnterpriseRow, ItemRow
from app.store.project_models import ProjectRow, SpendingRow
from app.store.repository import SqlWorkspaceRepository

E = EnterpriseRow.__table__
A = AssessmentRow.__table__
ITEMS = ItemRow.__table__
PROJECTS = ProjectRow.__table__
SPENDING = SpendingRow.__table__
CHUNK = 900  # ids per IN list (below SQLite's bound-parameter limit on old builds)


def _constrained(form: ColumnElement[str], constrained: Mapping[str, frozenset[str]]) -> ColumnElement[bool]:
    """An answer row is a constrained scene of its assessment's form."""
    if not constrained:
        return false()
    return or_(*(and_(form == form_id, ITEMS.c.key.in_(sorted(keys)))
                 for form_id, keys in sorted(constrained.items())))  # fmt: skip


class SqlPortfolio:
    """Shares the repository's engine and its reading transactions."""

    def __init__(self, repo: SqlWorkspaceRepository) -> None:
        self.repo = repo

    @staticmethod
    def _scene_counts(
        s: Session, ids: list[int], constrained: Mapping[str, frozenset[str]]
    ) -> dict[int, tuple[int, int]]:
        """Scenes at 二级+ and the constrained ones among them, per assessment, for the assessments given."""
        at_2 = cast(ITEMS.c.value, Integer) >= TARGET_LEVEL
        out: dict[int, tuple[int, int]] = {}
        for start in range(0, len(ids), CHUNK):
            query = (
                select(ITEMS.c.assessment_id, func.sum(case((at_2, 1), else_=0)),
                       func.sum(case((and_(at_2, _constrained(A.c.form_id, constrained)), 1), else_=0)))
                .select_from(ITEMS.join(A, A.c.id == ITEMS.c.assessment_id))
                .where(ITEMS.c.assessment_id.in_(ids[start : start + CHUNK]), ITEMS.c.kind == "scene")
                .group_by(ITEMS.c.assessment_id)
            )  # fmt: skip
            out.update((aid, (int(n or 0), int(c or 0))) for aid, n, c in s.execute(query))
        return out

    def figures(
        self,
        constrained: Mapping[str, frozenset[str]],
        *,
        subsector: str | None = None,
        traction_unit: str | None = None,
    ) -> PortfolioFigures:
        """``constrained`` maps a form id to its constrained scene ids (for the gap of the enterprises below 二级)."""
        order = (A.c.assessed_on.desc().nulls_last(), A.c.finalized_at.desc().nulls_last(), A.c.id.desc())
        ranked = (
            select(A.c.id, A.c.enterprise_id, A.c.kind, A.c.level, A.c.form_id, A.c.total_score,
                   func.row_number().over(partition_by=(A.c.enterprise_id, A.c.kind), order_by=order).label("rn"))
            .where(A.c.status == "finalized", A.c.kind.in_(("baseline", "after")))
            .cte("ranked")
        )  # fmt: skip
        # One row per enterprise with its latest finalized baseline and after side by side (no self-join).
        first = ranked.c.rn == 1

        def pick(kind: str, column: ColumnElement[Any]) -> ColumnElement[Any]:
            return func.max(case((and_(first, ranked.c.kind == kind), column)))

        latest = (
            select(ranked.c.enterprise_id,
                   pick("baseline", ranked.c.level).label("base_level"),
                   pick("after", ranked.c.level).label("after_level"),
                   pick("baseline", ranked.c.id).label("base_id"), pick("after", ranked.c.id).label("after_id"),
                   pick("baseline", ranked.c.form_id).label("base_form"),
                   pick("after", ranked.c.form_id).label("after_form"),
                   pick("baseline", ranked.c.total_score).label("base_total"),
                   pick("after", ranked.c.total_score).label("after_total"))
            .where(first)
            .group_by(ranked.c.enterprise_id)
            .subquery("latest")
        )  # fmt: skip
        has_after = latest.c.after_id.is_not(None)
        ent = (
            select(
                E.c.id, E.c.uscc, E.c.name, E.c.pilot_subsector,
                case((E.c.above_scale == true(), 1), else_=0).label("above"),
                latest.c.base_level, latest.c.after_level,
                case((has_after, latest.c.after_level), else_=latest.c.base_level).label("cur_level"),
                case((has_after, latest.c.after_id), else_=latest.c.base_id).label("cur_id"),
                case((has_after, latest.c.after_form), else_=latest.c.base_form).label("cur_form"),
                case((has_after, latest.c.after_total), else_=latest.c.base_total).label("cur_total"),
            )
            .select_from(E)
            .outerjoin(latest, latest.c.enterprise_id == E.c.id)
        )  # fmt: skip
        if subsector is not None:
            ent = ent.where(E.c.pilot_subsector == subsector)
        if traction_unit is not None:
            ent = ent.where(E.c.traction_unit == traction_unit)
        ent_cte = ent.cte("ent")
        groups = select(ent_cte.c.pilot_subsector, ent_cte.c.above, ent_cte.c.base_level, ent_cte.c.after_level,
                        ent_cte.c.cur_level, func.count().label("n")).group_by(
            ent_cte.c.pilot_subsector, ent_cte.c.above, ent_cte.c.base_level, ent_cte.c.after_level,
            ent_cte.c.cur_level)  # fmt: skip
        below = (
            select(ent_cte.c.id, ent_cte.c.uscc, ent_cte.c.name, ent_cte.c.cur_level, ent_cte.c.cur_form,
                   ent_cte.c.cur_total, ent_cte.c.cur_id)
            .where(ent_cte.c.cur_level < TARGET_LEVEL)
            .order_by(ent_cte.c.uscc)
        )  # fmt: skip
        spent = (
            select(PROJECTS.c.enterprise_id, func.sum(SPENDING.c.amount).label("invested"))
            .select_from(PROJECTS.join(SPENDING, SPENDING.c.project_id == PROJECTS.c.id))
            .group_by(PROJECTS.c.enterprise_id)
            .subquery("spent")
        )
        investments = select(ent_cte.c.id, ent_cte.c.cur_level, spent.c.invested).select_from(
            ent_cte.join(spent, spent.c.enterprise_id == ent_cte.c.id))  # fmt: skip
        with self.repo._read() as s:
            group_rows = s.execute(groups).all()
            below_rows = s.execute(below).all()
            invested_rows = s.execute(investments).all()
            scene_counts = self._scene_counts(s, [r[6] for r in below_rows], constrained)
        baseline: Counter[int] = Counter()
        after: Counter[int] = Counter()
        current: Counter[int] = Counter()
        per_sub: dict[str, list[int]] = {}
        total = above = above_at_2 = 0
        for sub, is_above, base_level, after_level, cur_level, n in group_rows:
            total += n
            if base_level is not None:
                baseline[base_level] += n
            if after_level is not None:
                after[after_level] += n
            if cur_level is not None:
                current[cur_level] += n
            reached = n if is_above and cur_level is not None and cur_level >= TARGET_LEVEL else 0
            above += n if is_above else 0
            above_at_2 += reached
            counts = per_sub.setdefault(sub or "", [0, 0, 0])
            counts[0] += n
            counts[1] += n if is_above else 0
            counts[2] += reached
        return PortfolioFigures(
            enterprises=total,
            baseline=dict(baseline),
            after=dict(after),
            current=dict(current),
            above_scale=above,
            above_scale_at_2=above_at_2,
            subsectors=tuple(SubsectorCounts(k, *v) for k, v in sorted(per_sub.items())),
            below=tuple(
                BelowRow(r[0], r[1], r[2], int(r[3]), r[4], Decimal(str(r[5] or 0)), *scene_counts.get(r[6], (0, 0)))
                for r in below_rows
            ),
            investments=tuple(InvestmentRow(r[0], r[1], int(r[2])) for r in invested_rows),
        )
