"""Commands for transformation projects, city policies and the subsidy estimate.

``projects add|spend|list|show|link``, ``policies [--json]``, ``policies install FILE``,
``subsidy --enterprise U [--policy ID] [--json]``. Invalid input exits 2 naming the field (app.cli.run).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.display import safe_text
from app.core.projects import Project, SpendingCategory, project_json

if TYPE_CHECKING:  # the services and the policy rules are imported by the commands that use them
    from app.core.policy import Policy, SubsidyEstimate
    from app.services.projects import ProjectService


def add_project_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    prj = sub.add_parser("projects", parents=[common], help="transformation projects (改造项目) of an enterprise")
    prj_sub = prj.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = prj_sub.add_parser("add", parents=[common], help="add a project; prints its id")
    p.add_argument("--enterprise", required=True, metavar="USCC_OR_ID")
    p.add_argument("--contract-no", required=True, metavar="N")
    p.add_argument("--provider", required=True, metavar="NAME", help="the traction unit carrying out the contract")
    p.add_argument("--contract-amount", required=True, metavar="YUAN")
    p.add_argument("--signed", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--down-payment", default=None, metavar="YUAN")
    p.add_argument("--baseline", default=None, metavar="ID", help="the baseline (改造前) assessment")
    p.add_argument("--after", default=None, metavar="ID", help="the after (改造后) assessment")
    p.set_defaults(handler=cmd_projects_add)
    p = prj_sub.add_parser("spend", parents=[common], help="record actual spending on a project")
    p.add_argument("project", metavar="PROJECT_ID")
    p.add_argument("--amount", required=True, metavar="YUAN")
    p.add_argument("--category", required=True, metavar="|".join(c.value for c in SpendingCategory))  # CATEGORIES
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD")
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(handler=cmd_projects_spend)
    p = prj_sub.add_parser("list", parents=[common], help="an enterprise's projects")
    p.add_argument("--enterprise", required=True, metavar="USCC_OR_ID")
    p.add_argument("--json", action="store_true", help="one JSON object per project")
    p.set_defaults(handler=cmd_projects_list)
    p = prj_sub.add_parser("show", parents=[common], help="a project with its spending entries")
    p.add_argument("project", metavar="PROJECT_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_projects_show)
    p = prj_sub.add_parser("link", parents=[common], help="link the baseline and/or after assessment")
    p.add_argument("project", metavar="PROJECT_ID")
    p.add_argument("--baseline", default=None, metavar="ID", help="'' clears the link")
    p.add_argument("--after", default=None, metavar="ID", help="'' clears the link")
    p.set_defaults(handler=cmd_projects_link)

    pol = sub.add_parser("policies", parents=[common], help="the city subsidy policies (bundled and installed)")
    pol.add_argument("--json", action="store_true", help="one JSON object per policy")
    pol.set_defaults(handler=cmd_policies)
    pol_sub = pol.add_subparsers(dest="action", metavar="ACTION")
    p = pol_sub.add_parser("install", parents=[common], help="validate a policy file and install it")
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(handler=cmd_policies_install)

    p = sub.add_parser("subsidy", parents=[common], help="the subsidy estimate (估算) of each city policy")
    p.add_argument("--enterprise", required=True, metavar="USCC_OR_ID")
    p.add_argument("--policy", default=None, metavar="ID")
    p.add_argument("--project", default=None, metavar="PROJECT_ID", help="default: the enterprise's newest project")
    p.add_argument("--json", action="store_true", help="one JSON object per policy")
    p.set_defaults(handler=cmd_subsidy)


def _service(ctx: Any) -> ProjectService:
    from app.cli import UsageError

    if ctx.projects_factory is None:
        raise UsageError("projects are not available in this build")
    service: ProjectService = ctx.projects_factory(ctx.workspace)
    return service


def _out(ctx: Any, text: str) -> None:
    print(safe_text(text), file=ctx.stdout)


def _json(ctx: Any, data: Any) -> None:
    from app.core.display import json_safe

    print(json_safe(json.dumps(data, ensure_ascii=False)), file=ctx.stdout)


def _project_line(project: Project) -> str:
    from app.core.policy import yuan

    down = yuan(project.down_payment) if project.down_payment is not None else "-"
    return (f"{project.id}\t{project.contract_no}\t{project.provider}\t{project.signed_on.isoformat()}\t"
            f"合同 {yuan(project.contract_amount)}\t首付 {down}\t实际投入 {yuan(project.invested)}\t"
            f"baseline={project.baseline_id or '-'}\tafter={project.after_id or '-'}")  # fmt: skip


def cmd_projects_add(args: argparse.Namespace, ctx: Any) -> int:
    project = _service(ctx).add(
        args.enterprise, contract_no=args.contract_no, provider=args.provider, contract_amount=args.contract_amount,
        signed=args.signed, down_payment=args.down_payment, baseline=args.baseline, after=args.after,
    )  # fmt: skip
    print(project.id, file=ctx.stdout)
    return 0


def cmd_projects_spend(args: argparse.Namespace, ctx: Any) -> int:
    entry = _service(ctx).spend(args.project, amount=args.amount, category=args.category, spent_on=args.date,
                                note=args.note)  # fmt: skip
    print(entry.id, file=ctx.stdout)
    return 0


def cmd_projects_list(args: argparse.Namespace, ctx: Any) -> int:
    for project in _service(ctx).projects(args.enterprise):
        if args.json:
            _json(ctx, project_json(project))
        else:
            _out(ctx, _project_line(project))
    return 0


def cmd_projects_show(args: argparse.Namespace, ctx: Any) -> int:
    from app.core.policy import yuan

    project = _service(ctx).project(args.project)
    if args.json:
        _json(ctx, project_json(project))
        return 0
    _out(ctx, _project_line(project))
    for e in project.spending:
        when = e.spent_on.isoformat() if e.spent_on else "-"
        _out(ctx, f"  {e.id}\t{when}\t{SpendingCategory(e.category).label}\t{yuan(e.amount)}\t{e.note}")
    return 0


def cmd_projects_link(args: argparse.Namespace, ctx: Any) -> int:
    project = _service(ctx).link(args.project, baseline=args.baseline, after=args.after)
    _out(ctx, _project_line(project))
    return 0


def policy_json(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.id, "city": policy.city, "title": policy.title, "document": policy.document,
        "number": policy.document_number, "issuer": policy.issuer, "date": policy.issued,
        "clause": {"ref": policy.clause.ref, "text": policy.clause.text}, "min_level": policy.min_level,
        "amount": policy.amount, "source": policy.source,
        "targets": [
            {"kind": t.kind, "scope": t.scope, "subsectors": list(t.subsectors), "per_subsector": t.per_subsector,
             "min_level": t.min_level, "comparison": t.comparison,
             "share": None if t.share is None else f"{t.share:f}", "count": t.count, "year": t.year}
            for t in policy.targets
        ],
    }  # fmt: skip


def _policy_set(ctx: Any) -> Any:
    from app.services.policies import load_policy_set

    found = load_policy_set(ctx.data_dir)
    for problem in found.problems:
        print(f"warning: installed policy not used: {safe_text(problem)}", file=ctx.stderr)
    return found


def cmd_policies(args: argparse.Namespace, ctx: Any) -> int:
    for policy in _policy_set(ctx).policies:
        if args.json:
            _json(ctx, policy_json(policy))
        else:
            _out(ctx, f"{policy.id}\t{policy.city}\t{policy.document}\t{policy.issued or '-'}\t{policy.source}")
    return 0


def cmd_policies_install(args: argparse.Namespace, ctx: Any) -> int:
    from app.cli import UsageError
    from app.services.policies import PolicyInstallError, install_policy

    try:
        policy, target = install_policy(Path(args.file), ctx.data_dir)
    except PolicyInstallError as exc:
        raise UsageError(str(exc)) from exc
    _out(ctx, f"installed: {policy.id} ({policy.city}) as {target.name}")
    return 0


def estimate_text(policy: Policy, estimate: SubsidyEstimate) -> list[str]:
    """The text form of an estimate: always labelled 估算, naming the policy and its clause."""
    from app.core.policy import yuan

    head = f"估算 · {policy.id}（{policy.city}）《{policy.document}》{policy.clause.ref}"
    if not estimate.eligible:
        amount = "不符合补助条件"
    elif estimate.estimate is None:
        amount = "符合补助条件；文件未给出金额，不估算"
    elif estimate.upper_bound:
        amount = f"不超过 {yuan(estimate.estimate)}"
    else:
        amount = yuan(estimate.estimate)
    return [head, f"  {amount}", *(f"  - {note}" for note in estimate.notes[1:])]


def cmd_subsidy(args: argparse.Namespace, ctx: Any) -> int:
    from app.cli import UsageError
    from app.core.policy import estimate_json, yuan
    from app.services.policies import UnknownPolicyError

    service = _service(ctx)
    enterprise = ctx.workspace.enterprise(args.enterprise)
    project = service.project(args.project) if args.project else service.latest_project(enterprise.id)
    if project.enterprise_id != enterprise.id:
        raise UsageError(f"project: 项目 {project.id} 属于另一家企业 (project {project.id} is another enterprise's)")
    found = _policy_set(ctx)
    try:
        policies = [found.get(args.policy)] if args.policy else list(found.policies)
    except UnknownPolicyError as exc:
        raise UsageError(str(exc)) from exc
    basis, estimates = service.subsidy(project, policies)
    for policy, estimate in zip(policies, estimates, strict=True):
        if args.json:
            _json(ctx, estimate_json(estimate, enterprise.id))
        else:
            for line in estimate_text(policy, estimate):
                _out(ctx, line)
    if not args.json:
        _out(ctx, f"等级取自评测 {basis.assessment.id}（{basis.assessment.kind.label}）；"
                  f"实际投入 {yuan(project.invested)}（项目 {project.id}）")  # fmt: skip
    return 0
