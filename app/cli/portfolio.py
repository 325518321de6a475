"""``portfolio [--policy ID] [--subsector S] [--traction-unit T] [--json]``: the programme's figures and targets."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from app.core.display import safe_text

if TYPE_CHECKING:  # the portfolio rules are imported by the command that uses them
    from app.core.portfolio import Portfolio


def add_portfolio_command(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("portfolio", parents=[common], help="levels, shares against the policy's targets, gaps")
    p.add_argument("--policy", default=None, metavar="ID", help="default: the policy whose sub-sectors fit best")
    p.add_argument("--subsector", default=None, metavar="S", help="only the enterprises of this pilot sub-sector")
    p.add_argument("--traction-unit", default=None, metavar="T", help="only the enterprises of this traction unit")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_portfolio)


def cmd_portfolio(args: argparse.Namespace, ctx: Any) -> int:
    from app.cli import EXIT_OK, UsageError
    from app.services.policies import UnknownPolicyError

    if ctx.portfolio_factory is None:
        raise UsageError("the portfolio is not available in this build")
    service = ctx.portfolio_factory(ctx.workspace)
    try:
        portfolio = service.compute(args.policy, subsector=args.subsector, traction_unit=args.traction_unit)
    except UnknownPolicyError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(portfolio.to_json(), ensure_ascii=False), file=ctx.stdout)
    else:
        for line in portfolio_lines(portfolio):
            print(safe_text(line), file=ctx.stdout)
    return EXIT_OK


def portfolio_lines(p: Portfolio) -> list[str]:
    from app.core.portfolio import gap_text, share_text, target_text

    policy = f"{p.policy.id} {p.policy.city}" if p.policy else "-"
    out = [f"政策 (policy): {policy}", f"企业 (enterprises): {p.enterprises}"]
    for kind, label in (("baseline", "改造前"), ("after", "改造后"), ("current", "当前")):
        dist = p.levels[kind]
        out.append(f"{label} ({kind}): " + "  ".join(f"{lv}级 {dist.get(lv, 0)}" for lv in range(5)))
    out.append(f"规上二级及以上 (above scale at level 2+): {p.above_scale_at_2}/{p.above_scale_total} "
               f"{share_text(p.above_scale_share)}，目标 (target) {target_text(p.above_scale_target)}")  # fmt: skip
    for s in p.by_subsector:
        out.append(f"  {s.subsector}: {s.enterprises} 家，规上 {s.above_scale}，二级+ {s.at_level_2}，"
                   f"{share_text(s.share)}，目标 {target_text(s.target)}")  # fmt: skip
    out.append(f"四级 (level 4): {p.level_4}")
    out.append(f"实际投入 (investment): {p.investment_yuan:,} 元")
    estimate = "-" if p.subsidy_estimate_yuan is None else f"{p.subsidy_estimate_yuan:,} 元"
    out.append(f"补贴估算 (subsidy estimate, 估算): {estimate}")
    out.append(f"二级以下 (below level 2): {len(p.below_level_2)}")
    for b in p.below_level_2:
        out.append(f"  {b.uscc}\t{b.name}\t{b.level}级\t{gap_text(b.points_needed, b.scene_upgrades_needed)}")
    return out
