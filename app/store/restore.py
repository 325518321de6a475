"""Restoring a workspace without losing a committed save, and refusing a workspace that silently became empty.

Restore (``db restore``, the GUI's offer at start) is a sequence in which the database path always holds a complete
database, the old one or the restored one:

1. The chosen file must pass the integrity check and carry a schema revision this build knows.
2. Nobody else may have the workspace open. SQLite's own locks tell: a healthy live file is switched to rollback
   journal mode (``PRAGMA journal_mode=DELETE``), which checkpoints every committed save from the ``-wal`` into the
   file and succeeds only when no other connection has it open; then ``BEGIN EXCLUSIVE`` keeps new openers out
   until the swap. Both are locks SQLite takes on every platform (POSIX advisory locks, Windows LockFileEx), so the
   check holds on Windows too, where a file still open elsewhere also cannot be renamed over.
3. The live file is copied (not moved) to ``backups/replaced-<time>.sqlite3``; a damaged one keeps its ``-wal``,
   ``-shm`` and ``-journal`` beside the copy under the same suffixes, so the copy opens with what they held.
4. The chosen file is copied to ``workspace.sqlite3.restoring`` and fsynced, the identity record is updated, and
   one ``os.replace`` puts it in place. A kill at any step leaves the old database or the new one; running the
   restore again finishes the job.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event, text

from app.store.database import (
    _copy_database,
    _timestamp,
    check_integrity,
    list_backups,
)
from app.store.identity import COUNTED, read_identity, record_counts
from app.store.location import (
    MissingWorkspaceError,
    WorkspaceError,
    WorkspaceInUseError,
    WorkspaceLocation,
    WorkspaceUnavailableError,
)
from app.store.schema import MIGRATIONS_DIR
from app.store.schema import known_revisions as _known_revisions

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm", "-journal")
_TABLES = {"enterprises": "enterprises", "assessments": "assessments", "audit": "audit_log"}
_LOCK_TIMEOUT = 0.5  # seconds to wait for SQLite's locks before saying another process has the workspace open


@dataclass(frozen=True)
class DatabaseFacts:
    """What a SQLite file holds: its schema revision (None: none) and the counted rows."""

    revision: str | None
    counts: dict[str, int]

    @property
    def is_workspace(self) -> bool:
        return self.revision is not None and all(key in self.counts for key in _TABLES)


def database_facts(path: Path) -> DatabaseFacts:
    """Read the schema revision and the counts of a SQLite file without changing it (an empty file has none)."""
    if path.stat().st_size == 0:
        return DatabaseFacts(None, {})
    try:
        return _read_facts(path)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceUnavailableError(
            f"暂时无法读取工作区数据库 (could not read the database {path} just now: {exc}); nothing was changed"
        ) from exc


def _read_facts(path: Path) -> DatabaseFacts:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        counts = {
            key: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for key, table in _TABLES.items()
            if table in tables
        }
    finally:
        conn.close()
    return DatabaseFacts(revision, counts)


def backup_problem(path: Path, migrations: Path = MIGRATIONS_DIR) -> str | None:
    """Return why a file cannot be restored from (None: it is a sound workspace database this build knows)."""
    if not path.is_file():
        return "not found"
    try:
        status = check_integrity(path)
        if status != "ok":
            return f"fails the integrity check: {status}"
        facts = database_facts(path)
    except (WorkspaceUnavailableError, OSError) as exc:
        return f"cannot be read: {exc}"
    if not facts.is_workspace:
        return "is not a workspace database"
    assert facts.revision is not None
    if facts.revision not in _known_revisions(migrations):
        return f"was written by a newer version of this program (schema {facts.revision})"
    return None


def newest_good_backup(location: WorkspaceLocation, migrations: Path = MIGRATIONS_DIR) -> Path | None:
    for candidate in list_backups(location):
        problem = backup_problem(candidate, migrations)
        if problem is None:
            return candidate
        log.warning("backup %s %s", candidate, problem)
    return None


def restore_hint(location: WorkspaceLocation, migrations: Path = MIGRATIONS_DIR) -> str:
    good = newest_good_backup(location, migrations)
    if good is None:
        return f"no usable backup exists in {location.backup_dir}"
    command = f'sme-assess db restore --data-dir "{location.data_dir}"'
    return f"the newest good backup is {good.name}; restore it with: {command}"


def refuse_missing_workspace(location: WorkspaceLocation, migrations: Path = MIGRATIONS_DIR) -> None:
    """Refuse to create or migrate a database in place where this data directory held a workspace.

    The evidence is the identity record or a backup. The database then must exist, hold a workspace schema and
    have at least the audit rows last seen (the audit log only grows), or it is refused untouched.
    """
    identity = read_identity(location)
    backups = list_backups(location)
    if identity is None and not backups:
        return  # a new workspace
    db = location.db_path
    problem = None
    if not db.exists():
        problem = "is missing"
    else:
        facts = database_facts(db)
        if not facts.is_workspace:
            problem = "is empty" if facts.revision is None and not facts.counts else "is not a workspace database"
        elif identity is not None and facts.counts.get("audit", 0) < identity.counts.get("audit", 0):
            problem = (
                f"is older than the one last opened here ({facts.counts.get('audit', 0)} audit entries, "
                f"{identity.counts['audit']} on {identity.updated}): it was replaced"
            )
    if problem is None:
        return
    seen = ""
    if identity is not None and (identity.counts.get("enterprises") or identity.counts.get("assessments")):
        seen = (
            f" (at its last start it held {identity.counts.get('enterprises', 0)} enterprises and "
            f"{identity.counts.get('assessments', 0)} assessments)"
        )
    raise MissingWorkspaceError(
        f"工作区数据缺失 (the workspace database {db} {problem}, but this folder held a workspace{seen}). "
        f"Nothing was changed; {restore_hint(location, migrations)}. To start a new empty workspace instead, "
        "use another data folder (--data-dir).",
        db,
        backups,
    )


def _engine_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            key: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()) for key, table in _TABLES.items()
        }


def record_identity(location: WorkspaceLocation, engine: Engine) -> None:
    """Create the identity record or bring its counts up to date: at start and at close, never per save."""
    try:
        record_counts(location, _engine_counts(engine))
    except OSError as exc:  # the workspace works without it; the next start tries again
        # Logged to the file only: on a full disk the command's own error line already says what is wrong.
        log.info("could not write the identity record %s: %s", location.identity_path, exc)
        return
    if location.is_sqlite_file:
        event.listen(engine, "engine_disposed", lambda _engine: _record_at_close(location), once=True)


def _record_at_close(location: WorkspaceLocation) -> None:
    # Read through a connection of its own: the engine's pool has just been emptied and should stay so.
    try:
        facts = database_facts(location.db_path)
        if facts.is_workspace:
            record_counts(location, {k: facts.counts.get(k, 0) for k in COUNTED})
    except (OSError, WorkspaceError) as exc:
        log.info("could not update the identity record %s at close: %s", location.identity_path, exc)


def _fsync_dir(path: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_file(source: Path, target: Path) -> None:
    part = target.with_name(target.name + ".part")
    shutil.copyfile(source, part)
    with open(part, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(part, target)


@contextlib.contextmanager
def _exclusive(db: Path, healthy: bool) -> Iterator[sqlite3.Connection | None]:
    """Hold SQLite's exclusive lock on the live file (after checkpointing it when healthy), or refuse.

    A damaged file may not take the lock at all (SQLite must read its header); then no connection is held.
    """
    conn = sqlite3.connect(db, timeout=_LOCK_TIMEOUT, isolation_level=None)
    held: sqlite3.Connection | None = conn
    try:
        if healthy:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise sqlite3.OperationalError("database is locked")
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (5, 6) or "locked" in str(exc):  # BUSY, LOCKED
            raise WorkspaceInUseError(
                f"工作区正被其他程序使用 (the workspace {db} is open in another process; close every window and "
                "command using it, then restore again). Nothing was changed."
            ) from exc
        if healthy:
            raise WorkspaceUnavailableError(f"could not lock the workspace database {db}: {exc}") from exc
        held = None
    try:
        yield held
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _keep_aside(location: WorkspaceLocation, db: Path) -> Path:
    aside = location.backup_dir / f"replaced-{_timestamp()}.sqlite3"
    aside.parent.mkdir(parents=True, exist_ok=True)
    for suffix in SIDE_FILES:
        side = Path(str(db) + suffix)
        if side.exists() and side.stat().st_size > 0:  # an empty one holds nothing
            _copy_file(side, Path(str(aside) + suffix))
    _copy_file(db, aside)
    _fsync_dir(aside.parent)
    return aside


def _choose(location: WorkspaceLocation, backup: Path | None, migrations: Path) -> Path:
    if backup is not None:
        if backup.resolve() == location.db_path.resolve():
            raise WorkspaceError(f"cannot restore from {backup}: it is the workspace database itself")
        problem = backup_problem(backup, migrations)
        if problem is not None:
            raise WorkspaceError(f"cannot restore from {backup}: it {problem}; nothing was changed")
        return backup
    chosen = newest_good_backup(location, migrations)
    if chosen is None:
        raise WorkspaceError(f"no usable backup in {location.backup_dir}; nothing was changed")
    return chosen


def restore_workspace(
    location: WorkspaceLocation, backup: Path | None = None, migrations: Path = MIGRATIONS_DIR
) -> Path:
    """Replace the workspace database with a backup (the newest good one by default); return the one used.

    The replaced database is kept, with every committed save, as ``backups/replaced-<time>.sqlite3``.
    """
    if not location.is_sqlite_file:
        raise WorkspaceError("file restore applies to the embedded SQLite workspace; use the server's tools")
    chosen = _choose(location, backup, migrations).resolve()
    db = location.db_path
    location.data_dir.mkdir(parents=True, exist_ok=True)
    staging = db.with_name(db.name + ".restoring")
    leftovers = [staging, staging.with_name(staging.name + ".part")]
    if location.backup_dir.is_dir():
        leftovers += location.backup_dir.glob("replaced-*.part")
    for leftover in leftovers:
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()  # from a restore that was killed
    restored = database_facts(chosen).counts
    live: dict[str, int] | None = None
    healthy = db.exists() and db.stat().st_size > 0 and check_integrity(db) == "ok"
    if healthy:
        live = database_facts(db).counts
    aside: Path | None = None
    with _exclusive(db, healthy) if db.exists() else contextlib.nullcontext() as held:
        if db.exists():
            aside = _keep_aside(location, db)
        _copy_database(chosen, staging)
        _record_restored(location, restored, live)
        for suffix in SIDE_FILES:  # kept aside above (a healthy file has none after its checkpoint)
            with contextlib.suppress(FileNotFoundError):
                Path(str(db) + suffix).unlink()
        if held is not None and sys.platform == "win32":
            held.close()  # Windows renames a file over another only when nobody has it open
        os.replace(staging, db)
        _fsync_dir(db.parent)
    _record_restored(location, restored, None)
    log.info("workspace restored from %s; the database it replaced is kept as %s", chosen, aside)
    return chosen


def _record_restored(location: WorkspaceLocation, restored: dict[str, int], live: dict[str, int] | None) -> None:
    """Before the swap record counts both databases meet (a kill leaves either); after it, the restored ones."""
    counts = {k: restored.get(k, 0) for k in COUNTED}
    if live is not None:
        counts = {k: min(v, live.get(k, 0)) for k, v in counts.items()}
    record_counts(location, counts)
