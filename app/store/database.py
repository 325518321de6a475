"""Opening a workspace database safely: pragmas, integrity check, migrations with a backup first, backups.

SQLite is the embedded default (a file in the data directory). A database URL (for example a team's shared
PostgreSQL server) can be given instead; then the SQLite-only parts (pragmas, integrity check, file backups)
are skipped and the server's own backup tooling applies.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.exc import DBAPIError

from app.services.ports import StorageError
from app.store.location import (
    BACKUP_DIR,
    DB_FILENAME,
    CorruptWorkspaceError,
    MissingWorkspaceError,
    NewerWorkspaceError,
    WorkspaceError,
    WorkspaceInUseError,
    WorkspaceLocation,
    WorkspaceUnavailableError,
)
from app.store.schema import MIGRATIONS_DIR, schema_head
from app.store.schema import known_revisions as _known_revisions

log = logging.getLogger(__name__)
__all__ = [
    "BACKUP_DIR",
    "DB_FILENAME",
    "MIGRATIONS_DIR",
    "CorruptWorkspaceError",
    "MissingWorkspaceError",
    "NewerWorkspaceError",
    "WorkspaceError",
    "WorkspaceInUseError",
    "WorkspaceLocation",
    "WorkspaceUnavailableError",
    "schema_head",
]

KEEP_BACKUPS = 20
AUTO_BACKUP_INTERVAL = timedelta(hours=6)


BUSY_TIMEOUT_MS = 5000  # how long a connection waits for another's lock before it says "database is locked"
IMMEDIATE = "sqlite_begin_immediate"  # execution option: this transaction writes (see _sqlite_begin)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (_sqlite_begin), not the driver, which would start a transaction only at
    # the first write and so leave the reads before it outside.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL: readers never block the writer; FULL: a committed answer survives power loss, not just a kill.
    _journal_wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _journal_wal(cursor: Any) -> None:
    """PRAGMA journal_mode=WAL, tried again for as long as the busy timeout while SQLite answers SQLITE_BUSY.

    Connections opening one new file at once each hold a shared lock and want the exclusive one to switch the file
    to WAL; SQLite answers one of them SQLITE_BUSY at once, without waiting, as the two would otherwise wait on
    each other. Once the other has switched the file, the next try finds it in WAL already."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if (exc.sqlite_errorcode & 0xFF) != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


# SQLite's primary result codes that say the files cannot be written or read, and what to tell the user.
# SQLITE_BUSY/LOCKED are left as they are: the concurrency code may wait and retry on them.
_SQLITE_CAUSES = {
    3: "没有访问权限 (permission denied)",  # SQLITE_PERM
    8: "文件夹或文件只读，无法写入 (read-only: cannot write)",  # SQLITE_READONLY
    10: "磁盘读写错误 (disk I/O error)",  # SQLITE_IOERR
    13: "磁盘已满 (the disk is full)",  # SQLITE_FULL
    14: "无法打开数据库文件 (cannot open the database file)",  # SQLITE_CANTOPEN
}
_OS_CAUSES = {
    errno.ENOSPC: "磁盘已满 (the disk is full)",
    errno.EDQUOT: "磁盘配额已满 (the disk quota is full)",
    errno.EROFS: "文件夹只读，无法写入 (read-only: the file system is read-only)",
    errno.EACCES: "没有写入权限，文件夹或文件只读 (read-only: permission denied)",
    errno.EPERM: "没有写入权限 (permission denied)",
}


def storage_cause(exc: BaseException) -> str | None:
    """The user's words for a file-system failure of SQLite or the OS, or None when it is none of those."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_CAUSES.get(code & 0xFF)
    if isinstance(exc, OSError) and exc.errno is not None:
        return _OS_CAUSES.get(exc.errno, f"{exc.strerror or exc}")
    return None


def _storage_error(location: WorkspaceLocation) -> Any:
    def handle(context: ExceptionContext) -> None:
        cause = storage_cause(context.original_exception)
        if cause is not None:
            log.info("storage failure on %s: %s", location.db_path, context.original_exception)
            raise StorageError(location.db_path, cause) from context.original_exception

    return handle


def driver_error(path: Path, exc: sqlite3.Error, statement: str, params: Any) -> Exception:
    """What the engine raises for a SQLite driver error, for statements run on the driver itself: StorageError
    for a file-system failure (as the engine's handle_error hook does), otherwise SQLAlchemy's own wrapping."""
    cause = storage_cause(exc)
    if cause is not None:
        log.info("storage failure on %s: %s", path, exc)
        return StorageError(path, cause)
    return DBAPIError.instance(statement, params, exc, sqlite3.Error)


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for writing transactions: the write lock is taken before the first read, so a read, its
    validation and the write it leads to see no other writer in between. Reads begin a plain snapshot."""
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(location: WorkspaceLocation) -> Engine:
    if location.is_sqlite_file:
        # A small pool reuses connections (each new one pays for its pragmas); dispose() closes them all
        # before a restore replaces the file.
        engine = create_engine(location.engine_url(), pool_size=2, max_overflow=2)
        event.listen(engine, "connect", _sqlite_pragmas)
        # A read-only folder or a full disk: one StorageError naming the file and the cause, never a traceback.
        event.listen(engine, "handle_error", _storage_error(location))
        event.listen(engine, "begin", _sqlite_begin)
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


# SQLite's primary result codes that mean the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB). Any other
# failure (an I/O error, a lock, a missing -wal under an open connection) says nothing about the file's content.
_DAMAGE_CODES = frozenset({11, 26})


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is None or (code & 0xFF) in _DAMAGE_CODES


def _integrity_rows(path: Path, mode: str) -> list[Any]:
    conn = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=2)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def check_integrity(path: Path) -> str:
    """Run PRAGMA integrity_check on a SQLite file; return 'ok' or the damage found.

    An error that is not damage (an I/O error, a lock) raises WorkspaceUnavailableError instead: it is no reason
    to restore anything.
    """
    try:
        try:
            rows = _integrity_rows(path, "ro")
        except sqlite3.DatabaseError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != 8:  # SQLITE_READONLY
                raise
            # A hot rollback journal (a process killed mid-transaction) or a -wal without its -shm needs a writer
            # to recover it first; a read-write connection does that, as the workspace's own would.
            rows = _integrity_rows(path, "rw")
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            return str(exc)
        raise WorkspaceUnavailableError(
            f"暂时无法读取工作区数据库 (could not read the workspace database {path} just now: {exc}). The file "
            "itself may well be intact and nothing was changed: close any other copy of the program using it, "
            "then try again."
        ) from exc
    result = "; ".join(str(r[0]) for r in rows[:5])
    return result


def list_backups(location: WorkspaceLocation) -> list[Path]:
    """Return the backups, newest first."""
    if not location.backup_dir.exists():
        return []
    # Only the backups proper: the replaced-* copies a restore keeps aside are never restored or pruned by default.
    return sorted(location.backup_dir.glob("workspace-*.sqlite3"), key=lambda p: p.name, reverse=True)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently with the online backup API, then move it into place.

    A failed copy (a full disk, a read-only folder) leaves no ``.part`` file and raises StorageError.
    """
    tmp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
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
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        cause = storage_cause(exc)
        if cause is None:
            raise
        log.info("copy of %s to %s failed: %s", source, target, exc)
        raise StorageError(target.parent, cause) from exc


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
    try:
        backup_now(location, "auto")
    except StorageError as exc:  # the work goes on (reading needs no space); a write will say the disk is full
        log.warning("automatic backup not written: %s", exc)


def _check_writable(folder: Path) -> None:
    """Refuse, naming the folder, a data directory that cannot be created or written (read-only, full)."""
    if folder.exists() and not folder.is_dir():
        raise StorageError(folder, "这是一个文件，不是文件夹 (a file, not a folder)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / f".write-test-{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.unlink(folder / f".write-test-{os.getpid()}")
    except OSError as exc:
        raise StorageError(folder, storage_cause(exc) or str(exc)) from exc


def restore_backup(location: WorkspaceLocation, backup: Path | None = None) -> Path:
    """Replace the workspace database with a backup (the newest good one by default); see app.store.restore."""
    from app.store.restore import restore_workspace  # noqa: PLC0415 (it builds on this module)

    return restore_workspace(location, backup)


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
        _check_writable(location.data_dir)
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
        from app.store.restore import refuse_missing_workspace  # noqa: PLC0415 (it builds on this module)

        refuse_missing_workspace(location, migrations)
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
            # The write lock first (SQLite: BEGIN IMMEDIATE), then the revision again: processes opening one new
            # workspace at once wait their turn (busy timeout) instead of deadlocking, and the later ones find it
            # migrated already.
            with engine.execution_options(**{IMMEDIATE: True}).begin() as connection:
                if _current_revision(connection) != head:
                    _upgrade(connection, migrations)
                    log.info("workspace schema migrated from %s to %s", current, head)
        elif auto_backup and location.is_sqlite_file:
            _maybe_auto_backup(location)
        from app.store.restore import record_identity  # noqa: PLC0415 (it builds on this module)

        record_identity(location, engine)
    except Exception:
        engine.dispose()
        raise
    return engine
