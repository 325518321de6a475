"""The programme's outputs for the city platforms: ``export-xlsx`` (the workbook) and ``dossier`` (一企一档).

``export-xlsx --out FILE.xlsx [--policy ID]``; ``dossier USCC_OR_ID --out DIR|FILE.zip``;
``dossier --all --out DIR`` (one zip per enterprise, progress on stderr). Invalid input exits 2 (app.cli.run).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.core.display import safe_text
from app.core.records import Enterprise


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export-xlsx", parents=[common], help="the programme's Excel workbook (企业一览, 评测明细, 说明)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--policy", default=None, metavar="ID", help="the subsidy estimate of this policy only")
    p.set_defaults(handler=cmd_export_xlsx)
    p = sub.add_parser("dossier", parents=[common], help="an enterprise's 一企一档 dossier (folder or zip)")
    p.add_argument("enterprise", nargs="?", metavar="USCC_OR_ID")
    p.add_argument("--all", action="store_true", help="one zip per enterprise in the folder --out")
    p.add_argument("--out", required=True, type=Path, metavar="DIR|FILE.zip")
    p.set_defaults(handler=cmd_dossier)


def _factory(ctx: Any, name: str) -> Any:
    from app.cli import UsageError

    factory = getattr(ctx, name, None)
    if factory is None:
        raise UsageError("this output is not available in this build")
    return factory(ctx.workspace)


def cmd_export_xlsx(args: argparse.Namespace, ctx: Any) -> int:
    from app.cli import UsageError

    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(f"{args.out}: the workbook's name must end in .xlsx")
    out = _factory(ctx, "programme_factory").export(args.out, args.policy)
    print(safe_text(str(out)), file=ctx.stdout)
    return 0


def cmd_dossier(args: argparse.Namespace, ctx: Any) -> int:
    from app.cli import UsageError

    if args.all == (args.enterprise is not None):
        raise UsageError("name one enterprise (USCC or id), or give --all")
    service = _factory(ctx, "dossier_factory")
    if not args.all:
        print(safe_text(str(service.write(args.enterprise, args.out))), file=ctx.stdout)
        return 0
    if args.out.suffix.lower() == ".zip":
        raise UsageError(f"{args.out}: --all writes one zip per enterprise into a folder")

    def progress(done: int, total: int, enterprise: Enterprise) -> None:
        print(safe_text(f"[{done}/{total}] {enterprise.uscc} {enterprise.name}"), file=ctx.stderr, flush=True)

    for path in service.write_all(args.out, progress):
        print(safe_text(str(path)), file=ctx.stdout)
    return 0
