"""The composition root: paths, logging, the database, the key store and services are built here only."""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import cli, paths
from app.services.forms import FormRegistry
from app.services.workspace import WorkspaceService
from app.store.admin import DatabaseAdmin
from app.store.database import WorkspaceError, WorkspaceLocation, open_workspace
from app.store.evidence import FileEvidenceStore
from app.store.repository import SqlWorkspaceRepository

DATABASE_URL_ENV = "SME_ASSESS_DATABASE_URL"


def current_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        return "unknown"


def build_workspace(location: WorkspaceLocation, registry: FormRegistry, actor: str) -> WorkspaceService:
    engine = open_workspace(location)
    return WorkspaceService(SqlWorkspaceRepository(engine), registry, FileEvidenceStore(location.evidence_dir), actor)


def setup_logging(data_dir: Path) -> None:
    """Log to a file in the data directory (and to stderr only when there is one: windowed builds have none)."""
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    try:
        log_dir = data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_dir / "app.log", encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        root.addHandler(console)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command, or the GUI when there is none."""
    args = list(sys.argv[1:] if argv is None else argv)
    parsed, _ = cli.build_parser().parse_known_args(args)
    data_dir = paths.resolve_data_dir(getattr(parsed, "data_dir", None))
    location = WorkspaceLocation(data_dir, os.environ.get(DATABASE_URL_ENV) or None)
    setup_logging(data_dir)
    registry_box: list[FormRegistry] = []

    def registry() -> FormRegistry:
        if not registry_box:
            registry_box.append(FormRegistry.from_dir(paths.forms_dir()))
        return registry_box[0]

    ctx = cli.Context(
        data_dir=data_dir,
        registry_factory=registry,
        stdout=sys.stdout,
        stderr=sys.stderr,
        workspace_factory=lambda: build_workspace(location, registry(), current_actor()),
        db_admin_factory=lambda: DatabaseAdmin(location),
    )
    try:
        return cli.run(args, ctx)
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return cli.EXIT_FAILURE
