"""The composition root: paths, logging and services are built here and nowhere else."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app import cli, paths
from app.services.forms import FormRegistry


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command, or the GUI when there is none."""
    args = list(sys.argv[1:] if argv is None else argv)
    parsed, _ = cli.build_parser().parse_known_args(args)
    data_dir = paths.resolve_data_dir(getattr(parsed, "data_dir", None))
    ctx = cli.Context(
        data_dir=data_dir,
        registry_factory=lambda: FormRegistry.from_dir(paths.forms_dir()),
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
    return cli.run(args, ctx)
