"""Opening a workspace database safely: pragmas, integrity check, migrations with a backup first, backups.

SQLite is the embedded default (a file in the data directory). A database URL (for example a team's shared
PostgreSQL server) can be given instead; then the SQLite-only parts (pragmas, integrity check, file backups)
are skipped and the server's own backup tooling applies.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection

from app.store.location import (
    BACKUP_DIR,
    DB_FILENAME,
    CorruptWorkspaceError,
    NewerWorkspaceError,
    WorkspaceError,
    WorkspaceLocation,
)

log = logging.getLogger(__name__)
__all__ = [
    "BACKUP_DIR",
    "DB_FILENAME",
    "CorruptWorkspaceError",
    "NewerWorkspaceError",
    "WorkspaceError",
    "WorkspaceLocation",
]

KEEP_BACKUPS = 20
AUTO_BACKUP_INTERVAL = timedelta(hours=6)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; FULL: a committed answer survives power loss, not just a kill.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(location: WorkspaceLocation) -> Engine:
    if location.is_sqlite_file:
        # A small pool reuses connections (each new one pays for its pragmas); dispose() closes them all
        # before a restore replaces the file.
        engine = create_engine(location.engine_url(), pool_size=2, max_overflow=2)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    url = make_url(location.engine_url())
    if url.get_backend_name() == "postgresql":
        # Timestamps come back in UTC whatever the server's TimeZone (a server in China says Asia/Shanghai): the
        # same instant then reads back as the same text, which the audit and the content digests rely on.
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"})
    return create_engine(url, pool_pre_ping=True)


def _upgrade(connection: Connection, migrations: Path) -> None:
    # Alembic is imported only when a migration really runs: it costs a noticeable share of start-up.
    from alembic import command  # noqa: PLC0415 (see above)
    from alembic.config import Config  # noqa: PLC0415 (see above)

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


_REVISION_RE = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.MULTILINE)


def _revision_graph(migrations: Path) -> dict[str, str | None]:
    """Read each migration's revision and down_revision from its source (what Alembic itself reads)."""
    graph: dict[str, str | None] = {}
    for path in sorted((migrations / "versions").glob("*.py")):
        found = {m.group(1): (m.group(2) or m.group(3)) for m in _REVISION_RE.finditer(path.read_text("utf-8"))}
        if found.get("revision"):
            graph[str(found["revision"])] = found.get("down_revision")
    return graph


def schema_head(migrations: Path = MIGRATIONS_DIR) -> str:
    """Return the newest revision: the one no other revision builds on."""
    graph = _revision_graph(migrations)
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise WorkspaceError(f"the migrations in {migrations} have {len(heads)} heads; expected exactly one")
    return heads.pop()


def _known_revisions(migrations: Path) -> set[str]:
    return set(_revision_graph(migrations))


def check_integrity(path: Path) -> str:
    """Run PRAGMA integrity_check on a SQLite file; return 'ok' or the problem found."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return result


def list_backups(location: WorkspaceLocation) -> list[Path]:
    """Return the backups, newest first."""
    if not location.backup_dir.exists():
        return []
    return sorted(location.backup_dir.glob("*.sqlite3"), key=lambda p: p.name, reverse=True)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently with the online backup API, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def backup_now(location: WorkspaceLocation, reason: str = "manual", keep: int = KEEP_BACKUPS) -> Path:
    """Write a consistent backup of the workspace database and prune the oldest beyond the limit."""
    if not location.is_sqlite_file:
        raise WorkspaceError("file backups apply to the embedded SQLite workspace; use the server's tools")
    if not location.db_path.exists():
        raise WorkspaceError(f"no workspace database at {location.db_path}")
    target = location.backup_dir / f"workspace-{_timestamp()}-{reason}.sqlite3"
    _copy_database(location.db_path, target)
    for old in list_backups(location)[keep:]:
        old.unlink()
    log.info("backup written: %s", target)
    return target


def _maybe_auto_backup(location: WorkspaceLocation) -> None:
    latest = next((p for p in list_backups(location) if "-auto" in p.name), None)
    if latest is not None:
        age = datetime.now(UTC) - datetime.fromtimestamp(latest.stat().st_mtime, UTC)
        if age < AUTO_BACKUP_INTERVAL:
            return
    backup_now(location, "auto")


def restore_backup(location: WorkspaceLocation, backup: Path | None = None) -> Path:
    """Replace the workspace database with a backup (the newest good one by default).

    The current file, even when damaged, is kept aside as ``backups/replaced-<time>.sqlite3``.
    """
    candidates = [backup] if backup is not None else list_backups(location)
    chosen = None
    for candidate in candidates:
        if candidate is None or not candidate.exists():
            raise WorkspaceError(f"backup not found: {candidate}")
        status = check_integrity(candidate)
        if status == "ok":
            chosen = candidate
            break
        log.warning("backup %s fails the integrity check: %s", candidate, status)
        if backup is not None:
            raise WorkspaceError(f"backup {candidate.name} fails the integrity check: {status}")
    if chosen is None:
        raise WorkspaceError(f"no usable backup in {location.backup_dir}")
    db = location.db_path
    if db.exists():
        aside = location.backup_dir / f"replaced-{_timestamp()}.sqlite3"
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(db, aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()
    _copy_database(chosen, db)
    log.info("workspace restored from %s", chosen)
    return chosen


def _current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextlib.contextmanager
def _connect(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection


def open_workspace(location: WorkspaceLocation, auto_backup: bool = True, migrations: Path = MIGRATIONS_DIR) -> Engine:
    """Open (creating if needed) and migrate the workspace; refuse damaged or newer databases.

    ``migrations`` is the Alembic script directory (tests pass one with an extra revision).
    """
    if location.is_sqlite_file:
        location.data_dir.mkdir(parents=True, exist_ok=True)
        if location.db_path.exists():
            status = check_integrity(location.db_path)
            if status != "ok":
                backups = list_backups(location)
                hint = (
                    f'restore the newest backup with: sme-assess db restore --data-dir "{location.data_dir}"'
                    if backups
                    else "no backup exists yet"
                )
                raise CorruptWorkspaceError(
                    f"工作区数据库已损坏 (the workspace database {location.db_path} is damaged: {status}); {hint}",
                    location.db_path,
                    backups,
                )
    engine = make_engine(location)
    try:
        with _connect(engine) as connection:
            current = _current_revision(connection)
        head = schema_head(migrations)
        if current is not None and current not in _known_revisions(migrations):
            raise NewerWorkspaceError(
                f"此工作区由更新版本的程序创建 (the workspace at {location.data_dir} was written by a newer version "
                f"of this program: schema {current}); please install the newer version. Nothing was changed."
            )
        if current != head:
            if current is not None and location.is_sqlite_file:
                backup_now(location, f"pre-migration-{current}")
            with engine.begin() as connection:
                _upgrade(connection, migrations)
            log.info("workspace schema migrated from %s to %s", current, head)
        elif auto_backup and location.is_sqlite_file:
            _maybe_auto_backup(location)
    except Exception:
        engine.dispose()
        raise
    return engine
