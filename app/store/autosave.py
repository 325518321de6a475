"""The statements of the autosave path (every answer change), for the repository's ``edit_answers``.

Two ways to run the same statements in one write transaction: elsewhere (PostgreSQL) as SQLAlchemy Core
statements built once, and on the SQLite file through the driver itself (the hot path of the desktop program: a
save costs little more than its commit). The statements are written once, as Core: the driver runs their text as
SQLAlchemy compiles it for SQLite, with each value through the bind processor of its parameter's column type, as
SQLAlchemy would send it. So both write the same rows with the same stored values.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import Delete, Insert, Select, Update

from app.core.records import Assessment
from app.services.ports import ScoreSummary
from app.store.database import driver_error
from app.store.listing import ASSESSMENT_NAMES, SCORE_NAMES, assessment_of, moment, values_of
from app.store.models import AssessmentRow, AuditRow, ItemRow

Statement = Insert | Update | Delete | Select[*tuple[Any, ...]]  # what both ways run
_assessments = cast(Table, AssessmentRow.__table__)
_items = cast(Table, ItemRow.__table__)
_audit = cast(Table, AuditRow.__table__)


class AutosaveStatements(Protocol):
    """One autosave transaction's reads and writes; every method runs inside it."""

    def draft(self, assessment_id: int) -> Assessment | None:
        """The assessment, its row locked for the transaction (SQLite: BEGIN IMMEDIATE already holds the lock)."""

    def items(self, assessment_id: int) -> list[tuple[str, str, str]]:
        """The stored answer items: (kind, key, JSON value)."""

    def audit_tip(self) -> str:
        """The digest of the newest audit row; asked once per transaction, under the writers' lock."""

    def last_audit(self, assessment_id: int) -> tuple[str, datetime | None] | None:
        """Who wrote the assessment's newest audit row, and when."""

    def insert_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None: ...

    def update_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None: ...

    def delete_item(self, assessment_id: int, kind: str, key: str) -> None: ...

    def insert_audit(self, values: dict[str, Any]) -> None:
        """One audit row: the columns of ``_audit_values`` in the repository."""

    def save_summary(
        self, assessment_id: int, summary: ScoreSummary, now: datetime, version: int, last_item: str | None
    ) -> None:
        """The assessment's cached score, version and time of change (and the item last edited, unless None)."""


# As SQLAlchemy Core statements, built once: no unit of work, no identity map.

AUDIT_TIP = select(AuditRow.digest).order_by(AuditRow.id.desc()).limit(1)
_DRAFT_FOR_UPDATE = select(_assessments).where(_assessments.c.id == bindparam("aid")).with_for_update()
_ITEMS_OF = select(_items.c.kind, _items.c.key, _items.c.value).where(_items.c.assessment_id == bindparam("aid"))
_ITEM_KEY = (
    (_items.c.assessment_id == bindparam("aid")) & (_items.c.kind == bindparam("k")) & (_items.c.key == bindparam("ky"))
)
_ITEM_INSERT = insert(_items)
_ITEM_COLUMNS = ("assessment_id", "kind", "key", "value", "updated_at")  # what an inserted item sets
_ITEM_UPDATE = update(_items).where(_ITEM_KEY).values(value=bindparam("v"), updated_at=bindparam("at"))
_ITEM_DELETE = delete(_items).where(_ITEM_KEY)
_AUDIT_INSERT = insert(_audit)
_AUDIT_COLUMNS = (
    "at", "actor", "action", "enterprise_id", "assessment_id", "key", "old", "new", "prev_digest", "digest"
)  # fmt: skip
_SUMMARY: dict[str, Any] = {
    "total_score": bindparam("ts"), "level": bindparam("lv"), "complete": bindparam("cp"),
    "updated_at": bindparam("at"), "version": bindparam("vn"),
}  # fmt: skip
_ASSESSMENT_WHERE = update(_assessments).where(_assessments.c.id == bindparam("aid"))
_SAVE_SUMMARY = _ASSESSMENT_WHERE.values(**_SUMMARY)
_SAVE_SUMMARY_AT_ITEM = _ASSESSMENT_WHERE.values(**_SUMMARY, last_item=bindparam("li"))
_LAST_AUDIT_OF = (
    select(AuditRow.actor, AuditRow.at).where(AuditRow.assessment_id == bindparam("aid")).order_by(AuditRow.id.desc())
).limit(1)
# The draft row (its record's columns, then the cached score's) with the audit tip, for SQLite: under BEGIN
# IMMEDIATE nothing else can write the audit log before the transaction ends, so the tip read first is the tip
# when the audit rows are written.
_DRAFT_WITH_TIP = select(
    *(_assessments.c[name] for name in (*ASSESSMENT_NAMES, *SCORE_NAMES)), AUDIT_TIP.scalar_subquery()
).where(_assessments.c.id == bindparam("aid"))


def read_audit_tip(conn: Connection) -> str:
    """The digest of the newest audit row; call it once per writing transaction, under the writers' lock."""
    if conn.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serialises writers
        conn.execute(text("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"))
    return str(conn.scalar(AUDIT_TIP) or "")


def _utc(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class _Writes(ABC):
    """The writes of both ways: each names its Core statement and its parameters, once (``write`` runs them)."""

    @abstractmethod
    def write(self, statement: Statement, params: dict[str, Any]) -> None:
        """Run one of the statements below with its parameters (each way in its own transaction's connection)."""

    def insert_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self.write(_ITEM_INSERT, dict(zip(_ITEM_COLUMNS, (assessment_id, kind, key, value, now), strict=True)))

    def update_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self.write(_ITEM_UPDATE, {"aid": assessment_id, "k": kind, "ky": key, "v": value, "at": now})

    def delete_item(self, assessment_id: int, kind: str, key: str) -> None:
        self.write(_ITEM_DELETE, {"aid": assessment_id, "k": kind, "ky": key})

    def insert_audit(self, values: dict[str, Any]) -> None:
        self.write(_AUDIT_INSERT, values)

    def save_summary(
        self, assessment_id: int, summary: ScoreSummary, now: datetime, version: int, last_item: str | None
    ) -> None:
        fields = {
            "aid": assessment_id, "ts": summary.total, "lv": summary.level, "cp": summary.complete, "at": now,
            "vn": version,
        }  # fmt: skip
        if last_item is None:
            self.write(_SAVE_SUMMARY, fields)
        else:
            self.write(_SAVE_SUMMARY_AT_ITEM, {**fields, "li": last_item})


class CoreStatements(_Writes):
    """The statements as SQLAlchemy Core on a connection in a transaction (any database)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def draft(self, assessment_id: int) -> Assessment | None:
        row = self._conn.execute(_DRAFT_FOR_UPDATE, {"aid": assessment_id}).one_or_none()
        return None if row is None else assessment_of(values_of(row, ASSESSMENT_NAMES))

    def items(self, assessment_id: int) -> list[tuple[str, str, str]]:
        return [(i.kind, i.key, i.value) for i in self._conn.execute(_ITEMS_OF, {"aid": assessment_id})]

    def audit_tip(self) -> str:
        return read_audit_tip(self._conn)

    def last_audit(self, assessment_id: int) -> tuple[str, datetime | None] | None:
        last = self._conn.execute(_LAST_AUDIT_OF, {"aid": assessment_id}).one_or_none()
        return None if last is None else (last.actor, _utc(last.at))

    def write(self, statement: Statement, params: dict[str, Any]) -> None:
        self._conn.execute(statement, params)


# On SQLite, through the driver: the same statements, compiled once to SQLite's text.

_SQLITE = sqlite.dialect(paramstyle="qmark")


class DriverStatement:
    """A Core statement as the SQLite driver runs it: its text, and its parameters in the order of its ``?``s.

    ``column_keys`` are the columns an INSERT sets (Core takes them from the parameters of each execution).
    """

    __slots__ = ("_defaults", "_names", "_processors", "_required", "sql")

    def __init__(self, statement: Statement, column_keys: tuple[str, ...] | None = None) -> None:
        compiled = statement.compile(dialect=_SQLITE, column_keys=list(column_keys) if column_keys else None)
        self.sql = str(compiled)
        self._names = tuple(compiled.positiontup or ())
        binds = [compiled.binds[name] for name in self._names]
        # What the statement holds itself (a LIMIT's number); every other parameter is given at each execution.
        self._defaults = {name: b.value for name, b in zip(self._names, binds, strict=True) if not b.required}
        self._required = len(self._names) - len(self._defaults)
        self._processors = tuple(b.type.dialect_impl(_SQLITE).bind_processor(_SQLITE) for b in binds)

    def params(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """The positional parameters of named ``values``: exactly the statement's (KeyError or ValueError else)."""
        if len(values) != self._required:
            raise ValueError(f"{sorted(values)} are not the parameters of: {self.sql}")
        given = {**self._defaults, **values} if self._defaults else values
        return tuple(
            given[name] if process is None else process(given[name])
            for name, process in zip(self._names, self._processors, strict=True)
        )


_DRIVER: dict[Statement, DriverStatement] = {
    _ITEM_INSERT: DriverStatement(_ITEM_INSERT, _ITEM_COLUMNS),
    _ITEM_UPDATE: DriverStatement(_ITEM_UPDATE),
    _ITEM_DELETE: DriverStatement(_ITEM_DELETE),
    _AUDIT_INSERT: DriverStatement(_AUDIT_INSERT, _AUDIT_COLUMNS),
    _SAVE_SUMMARY: DriverStatement(_SAVE_SUMMARY),
    _SAVE_SUMMARY_AT_ITEM: DriverStatement(_SAVE_SUMMARY_AT_ITEM),
}
_SQLITE_DRAFT = DriverStatement(_DRAFT_WITH_TIP)
_SQLITE_ITEMS = DriverStatement(_ITEMS_OF)
_SQLITE_LAST_AUDIT = DriverStatement(_LAST_AUDIT_OF)


class SqliteStatements(_Writes):
    """The statements on the SQLite driver's connection, inside ``sqlite_transaction``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._tip = ""

    def run(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        """Execute one statement; a driver error becomes what the engine would have raised (see driver_error)."""
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise driver_error(self._path, exc, sql, params) from exc

    def read(self, statement: DriverStatement, params: dict[str, Any]) -> sqlite3.Cursor:
        return self.run(statement.sql, statement.params(params))

    def write(self, statement: Statement, params: dict[str, Any]) -> None:
        driver = _DRIVER[statement]
        self.run(driver.sql, driver.params(params))

    def draft(self, assessment_id: int) -> Assessment | None:
        row = self.read(_SQLITE_DRAFT, {"aid": assessment_id}).fetchone()
        if row is None:
            return None
        self._tip = row[-1] or ""
        return assessment_of(row)

    def items(self, assessment_id: int) -> list[tuple[str, str, str]]:
        return self.read(_SQLITE_ITEMS, {"aid": assessment_id}).fetchall()

    def audit_tip(self) -> str:
        return self._tip  # read with the draft row

    def last_audit(self, assessment_id: int) -> tuple[str, datetime | None] | None:
        last = self.read(_SQLITE_LAST_AUDIT, {"aid": assessment_id}).fetchone()
        return None if last is None else (last[0], moment(last[1]))


def sqlite_file(engine: Engine) -> Path:
    """The file of a SQLite engine's database."""
    return Path(str(engine.url.database))


@contextmanager
def sqlite_transaction(engine: Engine, path: Path) -> Iterator[SqliteStatements]:
    """BEGIN IMMEDIATE … COMMIT on one of the engine's pooled SQLite connections (its pragmas set on connect):
    the write lock is taken before the first read, as the engine's writing transactions take it. ``path`` is the
    database file, named by the errors (see sqlite_file)."""
    pooled = engine.raw_connection()
    try:
        conn = cast(sqlite3.Connection, pooled.driver_connection)
        statements = SqliteStatements(conn, path)
        statements.run("BEGIN IMMEDIATE", ())
        try:
            yield statements
            statements.run("COMMIT", ())
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.rollback()
                except sqlite3.Error:
                    pooled.invalidate()  # a connection that cannot roll back is not given out again
            raise
    finally:
        pooled.close()
