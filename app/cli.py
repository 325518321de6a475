"""The command line: scripted use and the checks receiving systems run.

Exit status: 0 success, 2 invalid input (nothing on stdout, the file and the item named on stderr),
1 any other failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from app import __version__
from app.core.answers import AnswerDocumentError, decimal_to_json, parse_json_text
from app.core.scoring import ScoreResult
from app.services.forms import FormRegistry
from app.services.scoring import ScoredDocument, score_document

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2


class UsageError(Exception):
    """Invalid input; the message names the file or item."""


@dataclass
class Context:
    """What commands need, built once by app.main."""

    data_dir: Path
    registry_factory: Callable[[], FormRegistry]
    stdout: TextIO
    stderr: TextIO
    _registry: FormRegistry | None = None

    @property
    def registry(self) -> FormRegistry:
        if self._registry is None:
            self._registry = self.registry_factory()
        return self._registry


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $SME_ASSESS_DATA_DIR or the per-user data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="sme-assess",
        description="中小企业数字化水平评测 (MIIT 2024): self-assessment, level-two plan, signed package.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sme-assess {__version__}")
    parser.add_argument(
        "--smoke-test", action="store_true", help="walk a complete assessment through the GUI"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("forms", parents=[common], help="list the installed questionnaire forms")
    p.add_argument("--json", action="store_true", help="one JSON object per form")
    p.set_defaults(handler=cmd_forms)

    p = sub.add_parser("score", parents=[common], help="score answer documents")
    p.add_argument("files", nargs="+", metavar="FILE", help="answer document (JSON); '-' reads stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object per file, one per line")
    p.set_defaults(handler=cmd_score)
    return parser


def run(argv: Sequence[str], ctx: Context) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    handler: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(ctx.stdout)
        return EXIT_OK
    try:
        return handler(args, ctx)
    except UsageError as exc:
        print(f"error: {exc}", file=ctx.stderr)
        return EXIT_INVALID


def cmd_forms(args: argparse.Namespace, ctx: Context) -> int:
    for form in sorted(ctx.registry.forms, key=lambda f: (f.id, f.revision)):
        if args.json:
            row = {"id": form.id, "revision": form.revision, "title": form.title, "hash": form.content_hash}
            print(json.dumps(row, ensure_ascii=False), file=ctx.stdout)
        else:
            print(f"{form.id}\t{form.revision}\t{form.title}\t{form.content_hash}", file=ctx.stdout)
    return EXIT_OK


def read_document(name: str) -> Any:
    """Read and parse an answer document; raise UsageError naming the file."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    try:
        return parse_json_text(raw)
    except AnswerDocumentError as exc:
        raise UsageError(f"{name}: {exc}") from exc


def cmd_score(args: argparse.Namespace, ctx: Context) -> int:
    # Validate every file before printing anything, so invalid input leaves stdout empty.
    scored: list[tuple[str, ScoredDocument]] = []
    problems: list[str] = []
    for name in args.files:
        try:
            data = read_document(name)
            scored.append((name, score_document(ctx.registry, data)))
        except UsageError as exc:
            problems.append(str(exc))
        except AnswerDocumentError as exc:
            problems.extend(f"{name}: {err.item}: {err.message}" for err in exc.errors)
    if problems:
        for line in problems:
            print(f"error: {line}", file=ctx.stderr)
        return EXIT_INVALID
    for name, doc in scored:
        if args.json:
            print(json.dumps(doc.result.to_json(), ensure_ascii=False), file=ctx.stdout)
        else:
            print(format_result(name, doc.result), file=ctx.stdout)
    return EXIT_OK


def _num(value: Any) -> str:
    return str(decimal_to_json(value))


def format_result(name: str, r: ScoreResult) -> str:
    """A short human-readable summary of one result."""
    level = f"{r.level}级" if r.level else "未达到一级"
    lines = [
        f"{name}: {r.form_id} rev {r.form_revision}",
        f"  总分 total: {_num(r.total_score)} / 100   等级 level: {level}"
        f"  (score level {r.score_level}, scene level {r.scene_level})",
        "  " + "   ".join(f"{dim}: {_num(pts)}" for dim, pts in r.dimension_scores.items()),
    ]
    c2 = next((c for c in r.scene_counts if c.level == 2), None)
    if c2 is not None:
        lines.append(f"  二级及以上场景 scenes at 2+: {c2.scenes} (约束性 constrained {c2.constrained})")
    if not r.complete:
        lines.append(f"  未完成 incomplete, missing: {', '.join(r.missing)}")
    gap = r.gap_to_level_2
    if gap.reached:
        lines.append("  已达到二级 level two reached")
    else:
        lines.append(
            f"  距二级 to level two: {_num(gap.points_needed)} points, {gap.scene_upgrades_needed} scene(s)"
            f" ({gap.constrained_upgrades_needed} constrained)"
        )
        for i, step in enumerate(gap.question_steps, 1):
            texts = "；".join(o.text for o in step.options)
            lines.append(f"    {i}. {step.question_id} +{_num(step.points_gain)}: {texts}")
        for i, sstep in enumerate(gap.scene_steps, len(gap.question_steps) + 1):
            lines.append(f"    {i}. {sstep.scene_id} {sstep.name} → {sstep.to_level}: {sstep.text}")
    for w in r.warnings:
        lines.append(f"  ⚠ {w.message}")
    return "\n".join(lines)
