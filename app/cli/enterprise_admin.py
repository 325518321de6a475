"""``enterprises delete|archive|unarchive``: remove a mistyped enterprise, or hide one from the default list."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_OK, Context, UsageError
from app.core.display import safe_text

if TYPE_CHECKING:
    from app.services.ports import EnterpriseContents


def register(ent_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the subcommands to the ``enterprises`` group."""
    p = ent_sub.add_parser(
        "delete", parents=[common],
        help="delete an enterprise with its drafts, evidence, findings and projects (refused once an assessment "
        "of it is finalized: archive it instead)",
    )  # fmt: skip
    p.add_argument("enterprise", metavar="USCC_OR_ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=cmd_enterprises_delete)
    p = ent_sub.add_parser("archive", parents=[common], help="hide an enterprise from the default list")
    p.add_argument("enterprise", metavar="USCC_OR_ID")
    p.set_defaults(handler=cmd_enterprises_archive)
    p = ent_sub.add_parser("unarchive", parents=[common], help="show an archived enterprise in the list again")
    p.add_argument("enterprise", metavar="USCC_OR_ID")
    p.set_defaults(handler=cmd_enterprises_unarchive)


def describe_contents(c: EnterpriseContents) -> str:
    """What goes with the enterprise, one line."""
    return (
        f"{len(c.drafts)} 份评测草稿 (draft assessments), {c.evidence} 份证据 (evidence files), "
        f"{c.findings} 份诊断记录 (findings), {c.plan_checks} 项计划勾选 (plan checks), "
        f"{c.projects} 个改造项目 (projects)"
    )


def cmd_enterprises_delete(args: argparse.Namespace, ctx: Context) -> int:
    workspace = ctx.workspace
    contents = workspace.enterprise_contents(args.enterprise)
    e = contents.enterprise
    if not args.yes and not contents.finalized:  # a refusal needs no confirmation: the service names the reason
        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError(f"delete {e.uscc}: confirm interactively, or pass --yes")
        print(safe_text(f"{e.name} {e.uscc}: {describe_contents(contents)}"), file=ctx.stdout)
        answer = input("删除此企业及以上全部内容？delete this enterprise and all of the above? [y/N] ").strip().lower()
        if answer not in ("y", "yes", "是"):
            print("未删除 (not deleted)", file=ctx.stdout)
            return EXIT_OK
    removed = workspace.delete_enterprise(e.id)
    print(safe_text(f"deleted {e.id}\t{e.uscc}\t{e.name}: {describe_contents(removed)}"), file=ctx.stdout)
    return EXIT_OK


def _archive(args: argparse.Namespace, ctx: Context, archived: bool) -> int:
    e = ctx.workspace.set_archived(args.enterprise, archived)
    print(safe_text(f"{'archived' if archived else 'unarchived'} {e.id}\t{e.uscc}\t{e.name}"), file=ctx.stdout)
    return EXIT_OK


def cmd_enterprises_archive(args: argparse.Namespace, ctx: Context) -> int:
    return _archive(args, ctx, True)


def cmd_enterprises_unarchive(args: argparse.Namespace, ctx: Context) -> int:
    return _archive(args, ctx, False)
