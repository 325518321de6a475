"""``findings set|show|report``: the consultant's pain points and needs list, and the 诊断报告 (PDF or DOCX)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_OK, Context, UsageError
from app.core.display import json_safe, safe_text

if TYPE_CHECKING:  # the findings rules and the diagnosis service are imported by the commands that use them
    from app.core.findings import Findings


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("findings", parents=[common], help="pain points and needs list; the diagnosis report")
    group_sub = group.add_subparsers(dest="findings_command", metavar="SUBCOMMAND", required=True)
    p = group_sub.add_parser("set", parents=[common], help="replace an assessment's findings with a JSON file")
    p.add_argument("assessment", type=int, metavar="ASSESSMENT")
    p.add_argument("--file", required=True, metavar="FINDINGS.json", help="the findings document ('-': stdin)")
    p.set_defaults(handler=cmd_findings_set)
    p = group_sub.add_parser("show", parents=[common], help="print an assessment's findings")
    p.add_argument("assessment", type=int, metavar="ASSESSMENT")
    p.add_argument("--json", action="store_true", help="print the findings document")
    p.set_defaults(handler=cmd_findings_show)
    p = group_sub.add_parser("report", parents=[common], help="write the diagnosis report (.pdf or .docx)")
    p.add_argument("assessment", type=int, metavar="ASSESSMENT")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    p.set_defaults(handler=cmd_findings_report)


def _read_text(name: str) -> str:
    import sys

    from app.core.findings import MAX_DOCUMENT_BYTES

    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with Path(name).open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"{name}: file: 文件过大 (larger than {MAX_DOCUMENT_BYTES:,} bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: file: 不是 UTF-8 文本 (not UTF-8 text at byte {exc.start})") from None


def cmd_findings_set(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.ports import ValidationError  # here: a report from answers loads no workspace service

    text = _read_text(args.file)
    try:
        findings = ctx.workspace.set_findings_text(args.assessment, text)
    except ValidationError as exc:  # the document's fault: named with its file, as a failure to read it is
        raise UsageError(f"{args.file}: {exc}") from exc
    print(f"{len(findings.pain_points)} pain points, {len(findings.needs)} needs, {findings.total_yuan} yuan",
          file=ctx.stdout)  # fmt: skip
    return EXIT_OK


def _print(ctx: Context, findings: Findings, assessment_id: int) -> None:
    from app.core.findings import business_area, category_en

    form = ctx.workspace.form_for(assessment_id)
    print(f"pain points ({len(findings.pain_points)})", file=ctx.stdout)
    for p in findings.pain_points:
        print(safe_text(f"  {p.item}\t{business_area(form, p.item)}\t{p.text}"), file=ctx.stdout)
    print(f"needs ({len(findings.needs)})", file=ctx.stdout)
    for i, n in enumerate(findings.needs, 1):
        line = (
            f"  {i}. [{n.priority}] {n.title}\t{','.join(n.items)}\t{n.category} ({category_en(n.category)})"
            f"\t{n.estimate_yuan} yuan\t{n.due.isoformat()}"
        )
        print(safe_text(line), file=ctx.stdout)
        if n.measure:
            print(safe_text(f"     {n.measure}"), file=ctx.stdout)
    print(f"total\t{findings.total_yuan} yuan", file=ctx.stdout)


def cmd_findings_show(args: argparse.Namespace, ctx: Context) -> int:
    findings = ctx.workspace.findings(args.assessment)
    if args.json:
        print(json_safe(json.dumps(findings.to_json(), ensure_ascii=False)), file=ctx.stdout)
    else:
        _print(ctx, findings, args.assessment)
    return EXIT_OK


def cmd_findings_report(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.diagnosis import report_format

    report_format(args.out)  # an unknown suffix: exit 2 before anything is read
    if ctx.diagnosis_factory is None:
        raise UsageError("reports are not available in this build")
    ctx.diagnosis_factory(ctx.workspace).export(args.assessment, args.out)
    print(args.out, file=ctx.stdout)
    return EXIT_OK
