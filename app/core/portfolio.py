"""The programme's view of its enterprises (``portfolio``): the pure parts.

The store aggregates the figures in SQL (app.store.portfolio) and hands over per-group counts plus one small row per
enterprise still below 二级; this module turns them into the ``portfolio --json`` object: shares, the targets the
policy file states, the gap of each enterprise below 二级 and the subsidy estimate.

Definitions (one place):
- An enterprise's *current* level is that of its latest finalized after assessment, else of its latest finalized
  baseline; drafts never count. "Latest" orders by the date assessed, then the time finalized, then the id.
- ``above_scale.total`` counts the 规上 enterprises of the selection; one without a finalized assessment is not at
  二级 (it has no level yet), so it counts in the total and not in ``at_level_2``.
- A share is k/n as a number, ``None`` when n is 0.
- The subsidy estimate adds up ``estimate_subsidy`` over the enterprises with actual investment, each at its current
  level with all its projects' spending (the cities' caps are per enterprise); ``None`` when the policy has no amount.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.core.answers import decimal_to_json
from app.core.policy import Policy, Target, estimate_subsidy

LEVELS = (0, 1, 2, 3, 4)
TARGET_LEVEL = 2  # the programme's line: 二级 and above
MAX_LEVEL = 4


@dataclass(frozen=True)
class LevelLine:
    """The two-part condition of one level, as the form states it."""

    min_score: Decimal
    min_scenes: int
    min_constrained: int


@dataclass(frozen=True)
class Gap:
    points_needed: Decimal
    scene_upgrades_needed: int


def gap_to(line: LevelLine, total: Decimal, scenes_at: int, constrained_at: int) -> Gap:
    """What is missing to reach ``line``: points, and scenes to raise (as app.core.planner.plan_scenes counts them)."""
    need_constrained = max(0, line.min_constrained - constrained_at)
    need_total = max(need_constrained, line.min_scenes - scenes_at)
    return Gap(max(Decimal(0), line.min_score - total), need_total)


def share_of(k: int, n: int) -> float | None:
    return None if n == 0 else k / n


@dataclass(frozen=True)
class SubsectorCounts:
    subsector: str
    enterprises: int
    above_scale: int
    at_level_2: int  # 规上 enterprises of the sub-sector at 二级 or above


@dataclass(frozen=True)
class BelowRow:
    """An enterprise whose current level is below 二级, with the figures its gap is computed from."""

    enterprise_id: int
    uscc: str
    name: str
    level: int
    form_id: str
    total_score: Decimal
    scenes_at_2: int
    constrained_at_2: int


@dataclass(frozen=True)
class InvestmentRow:
    enterprise_id: int
    level: int | None  # current level, None without a finalized assessment
    invested: int


@dataclass(frozen=True)
class PortfolioFigures:
    """What the store aggregates for one selection of enterprises."""

    enterprises: int
    baseline: Mapping[int, int]
    after: Mapping[int, int]
    current: Mapping[int, int]
    above_scale: int
    above_scale_at_2: int
    subsectors: Sequence[SubsectorCounts]
    below: Sequence[BelowRow]
    investments: Sequence[InvestmentRow] = field(default_factory=tuple)


@dataclass(frozen=True)
class BelowLevel2:
    enterprise_id: int
    uscc: str
    name: str
    level: int
    points_needed: Decimal
    scene_upgrades_needed: int

    def to_json(self) -> dict[str, Any]:
        return {"uscc": self.uscc, "name": self.name, "level": self.level,
                "points_needed": decimal_to_json(self.points_needed),
                "scene_upgrades_needed": self.scene_upgrades_needed}  # fmt: skip


@dataclass(frozen=True)
class SubsectorShare:
    subsector: str
    enterprises: int
    above_scale: int
    at_level_2: int
    share: float | None
    target: Decimal | None


@dataclass(frozen=True)
class Portfolio:
    policy: Policy | None
    enterprises: int
    levels: Mapping[str, Mapping[int, int]]  # baseline | after | current -> level -> enterprises
    above_scale_total: int
    above_scale_at_2: int
    above_scale_target: Decimal | None
    by_subsector: tuple[SubsectorShare, ...]
    below_level_2: tuple[BelowLevel2, ...]
    level_4: int
    investment_yuan: int
    subsidy_estimate_yuan: int | None

    @property
    def above_scale_share(self) -> float | None:
        return share_of(self.above_scale_at_2, self.above_scale_total)

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy.id if self.policy else None,
            "enterprises": self.enterprises,
            "levels": {kind: {str(lv): dist.get(lv, 0) for lv in LEVELS} for kind, dist in self.levels.items()},
            "above_scale": {"total": self.above_scale_total, "at_level_2": self.above_scale_at_2,
                            "share": self.above_scale_share, "target": _number(self.above_scale_target)},
            "by_subsector": [
                {"subsector": s.subsector, "enterprises": s.enterprises, "above_scale": s.above_scale,
                 "at_level_2": s.at_level_2, "share": s.share, "target": _number(s.target)}
                for s in self.by_subsector
            ],
            "below_level_2": [b.to_json() for b in self.below_level_2],
            "level_4": self.level_4,
            "investment_yuan": self.investment_yuan,
            "subsidy_estimate_yuan": self.subsidy_estimate_yuan,
        }  # fmt: skip


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _share_targets(policy: Policy) -> list[Target]:
    return [t for t in policy.targets if t.kind == "share" and t.min_level == TARGET_LEVEL and t.share is not None]


def above_scale_target(policy: Policy | None) -> Decimal | None:
    """The share of 规上 enterprises at 二级+ the policy aims at: its above-scale target, else one over all of them."""
    if policy is None:
        return None
    targets = _share_targets(policy)
    for scopes in (("above_scale",), ("all", "pilot")):
        for t in targets:
            if t.scope in scopes:
                return t.share
    return None


def subsector_target(policy: Policy | None, subsector: str) -> Decimal | None:
    """The share target that applies to ``subsector`` (one naming it, else one over every sub-sector)."""
    if policy is None:
        return None
    targets = [t for t in _share_targets(policy) if t.scope in ("above_scale", "all", "pilot")]
    for t in targets:
        if subsector in t.subsectors:
            return t.share
    for t in targets:
        if not t.subsectors:
            return t.share
    return None


def target_subsectors(policy: Policy | None) -> tuple[str, ...]:
    """The sub-sectors a policy's targets name, in the file's order."""
    out: list[str] = []
    for t in policy.targets if policy else ():
        out.extend(s for s in t.subsectors if s not in out)
    return tuple(out)


def choose_policy(policies: Sequence[Policy], subsector_counts: Mapping[str, int]) -> Policy | None:
    """Without ``--policy``: the policy whose targets name the most of the selection's enterprises (ties: by id)."""
    best: Policy | None = None
    best_count = -1
    for policy in sorted(policies, key=lambda p: p.id):
        count = sum(subsector_counts.get(s, 0) for s in target_subsectors(policy))
        if count > best_count:
            best, best_count = policy, count
    return best


def build_portfolio(
    figures: PortfolioFigures,
    policy: Policy | None,
    lines: Mapping[str, LevelLine],
    *,
    subsector: str | None = None,
) -> Portfolio:
    """The portfolio object from the store's figures; ``lines`` maps a form id to its 二级 condition."""
    counted = {s.subsector: s for s in figures.subsectors}
    names = [s.subsector for s in figures.subsectors if s.subsector]
    if subsector is None:
        names += [s for s in target_subsectors(policy) if s not in names]
    elif subsector not in names:
        names.append(subsector)
    rows = []
    for name in sorted(names):
        c = counted.get(name, SubsectorCounts(name, 0, 0, 0))
        rows.append(SubsectorShare(name, c.enterprises, c.above_scale, c.at_level_2,
                                   share_of(c.at_level_2, c.above_scale), subsector_target(policy, name)))  # fmt: skip
    below = []
    for b in figures.below:
        line = lines.get(b.form_id) or next(iter(lines.values()))
        gap = gap_to(line, b.total_score, b.scenes_at_2, b.constrained_at_2)
        below.append(BelowLevel2(b.enterprise_id, b.uscc, b.name, b.level, gap.points_needed,
                                 gap.scene_upgrades_needed))  # fmt: skip
    below.sort(key=lambda b: (b.uscc, b.enterprise_id))
    investment = sum(i.invested for i in figures.investments)
    subsidy: int | None = None
    if policy is not None and policy.amount != "unknown":
        subsidy = 0
        for inv in figures.investments:
            if inv.level is None or inv.invested <= 0 or inv.level < policy.min_level:
                continue  # nothing to estimate: an enterprise below the policy's level gets no subsidy
            estimate = estimate_subsidy(policy, inv.level, inv.invested).estimate
            subsidy += estimate or 0
    return Portfolio(
        policy=policy,
        enterprises=figures.enterprises,
        levels={"baseline": dict(figures.baseline), "after": dict(figures.after), "current": dict(figures.current)},
        above_scale_total=figures.above_scale,
        above_scale_at_2=figures.above_scale_at_2,
        above_scale_target=above_scale_target(policy),
        by_subsector=tuple(rows),
        below_level_2=tuple(below),
        level_4=figures.current.get(MAX_LEVEL, 0),
        investment_yuan=investment,
        subsidy_estimate_yuan=subsidy,
    )


def gap_text(points_needed: Decimal, scene_upgrades_needed: int) -> str:
    """The gap in words (zh; the GUI translates its own)."""
    parts = []
    if points_needed > 0:
        parts.append(f"还需 {decimal_to_json(points_needed)} 分")
    if scene_upgrades_needed > 0:
        parts.append(f"还需提升 {scene_upgrades_needed} 个场景")
    return "，".join(parts) or "已满足二级条件"


def share_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def target_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).normalize():f}%"
