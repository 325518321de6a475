"""The statements of the autosave path (every answer change), for the repository's ``edit_answers``.

Two ways to run the same statements in one write transaction: on the SQLite file through the driver itself (the
hot path of the desktop program: a save costs little more than its commit), and elsewhere (PostgreSQL) as
prepared SQLAlchemy Core statements. Both write the same rows with the same stored values: on SQLite the values
go through the bind processors of the tables' own column types, as SQLAlchemy would send them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import sqlite

from app.core.records import Assessment
from app.services.ports import ScoreSummary
from app.store.database import driver_error
from app.store.listing import ASSESSMENT_COLUMNS, ASSESSMENT_NAMES, assessment_of, moment, values_of
from app.store.models import AssessmentRow, AuditRow, ItemRow

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
_ITEM_UPDATE = update(_items).where(_ITEM_KEY).values(value=bindparam("v"), updated_at=bindparam("at"))
_ITEM_DELETE = delete(_items).where(_ITEM_KEY)
_AUDIT_INSERT = insert(_audit)
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


class CoreStatements:
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

    def insert_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self._conn.execute(
            _ITEM_INSERT, {"assessment_id": assessment_id, "kind": kind, "key": key, "value": value, "updated_at": now}
        )

    def update_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self._conn.execute(_ITEM_UPDATE, {"aid": assessment_id, "k": kind, "ky": key, "v": value, "at": now})

    def delete_item(self, assessment_id: int, kind: str, key: str) -> None:
        self._conn.execute(_ITEM_DELETE, {"aid": assessment_id, "k": kind, "ky": key})

    def insert_audit(self, values: dict[str, Any]) -> None:
        self._conn.execute(_AUDIT_INSERT, values)

    def save_summary(
        self, assessment_id: int, summary: ScoreSummary, now: datetime, version: int, last_item: str | None
    ) -> None:
        fields = {
            "aid": assessment_id, "ts": summary.total, "lv": summary.level, "cp": summary.complete, "at": now,
            "vn": version,
        }  # fmt: skip
        if last_item is None:
            self._conn.execute(_SAVE_SUMMARY, fields)
        else:
            self._conn.execute(_SAVE_SUMMARY_AT_ITEM, {**fields, "li": last_item})


# On SQLite, through the driver: the same statements as text, the values converted as SQLAlchemy converts them.

_SQLITE = sqlite.dialect()


def _bind(column: Any) -> Callable[[Any], Any]:
    """The conversion SQLAlchemy applies to a value of ``column`` before handing it to the SQLite driver."""
    process = column.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
    return cast(Callable[[Any], Any], process) if process is not None else (lambda value: value)


_ITEM_TIME = _bind(_items.c.updated_at)
_AUDIT_TIME = _bind(_audit.c.at)
_ASSESSMENT_TIME = _bind(_assessments.c.updated_at)
_TOTAL = _bind(_assessments.c.total_score)
_COMPLETE = _bind(_assessments.c.complete)

# The draft row with the audit tip: under BEGIN IMMEDIATE nothing else can write the audit log before this
# transaction ends, so the tip read first is the tip when the audit rows are written.
_SQLITE_DRAFT = (
    f"SELECT {ASSESSMENT_COLUMNS}, (SELECT digest FROM audit_log ORDER BY id DESC LIMIT 1) "
    "FROM assessments WHERE id = ?"
)
_SQLITE_ITEMS = "SELECT kind, key, value FROM answer_items WHERE assessment_id = ?"
_SQLITE_LAST_AUDIT = "SELECT actor, at FROM audit_log WHERE assessment_id = ? ORDER BY id DESC LIMIT 1"
_SQLITE_ITEM_INSERT = "INSERT INTO answer_items (assessment_id, kind, key, value, updated_at) VALUES (?, ?, ?, ?, ?)"
_SQLITE_ITEM_UPDATE = (
    "UPDATE answer_items SET value = ?, updated_at = ? WHERE assessment_id = ? AND kind = ? AND key = ?"
)
_SQLITE_ITEM_DELETE = "DELETE FROM answer_items WHERE assessment_id = ? AND kind = ? AND key = ?"
_AUDIT_NAMES = ("at", "actor", "action", "enterprise_id", "assessment_id", "key", "old", "new", "prev_digest", "digest")
_SQLITE_AUDIT_INSERT = (
    f"INSERT INTO audit_log ({', '.join(_AUDIT_NAMES)}) VALUES ({', '.join('?' * len(_AUDIT_NAMES))})"
)
_SQLITE_SUMMARY = "UPDATE assessments SET total_score = ?, level = ?, complete = ?, updated_at = ?, version = ?"
_SQLITE_SAVE_SUMMARY = _SQLITE_SUMMARY + " WHERE id = ?"
_SQLITE_SAVE_SUMMARY_AT_ITEM = _SQLITE_SUMMARY + ", last_item = ? WHERE id = ?"


class SqliteStatements:
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

    def draft(self, assessment_id: int) -> Assessment | None:
        row = self.run(_SQLITE_DRAFT, (assessment_id,)).fetchone()
        if row is None:
            return None
        self._tip = row[-1] or ""
        return assessment_of(row)

    def items(self, assessment_id: int) -> list[tuple[str, str, str]]:
        return self.run(_SQLITE_ITEMS, (assessment_id,)).fetchall()

    def audit_tip(self) -> str:
        return self._tip  # read with the draft row

    def last_audit(self, assessment_id: int) -> tuple[str, datetime | None] | None:
        last = self.run(_SQLITE_LAST_AUDIT, (assessment_id,)).fetchone()
        return None if last is None else (last[0], moment(last[1]))

    def insert_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self.run(_SQLITE_ITEM_INSERT, (assessment_id, kind, key, value, _ITEM_TIME(now)))

    def update_item(self, assessment_id: int, kind: str, key: str, value: str, now: datetime) -> None:
        self.run(_SQLITE_ITEM_UPDATE, (value, _ITEM_TIME(now), assessment_id, kind, key))

    def delete_item(self, assessment_id: int, kind: str, key: str) -> None:
        self.run(_SQLITE_ITEM_DELETE, (assessment_id, kind, key))

    def insert_audit(self, values: dict[str, Any]) -> None:
        row = [values[name] for name in _AUDIT_NAMES]
        row[0] = _AUDIT_TIME(row[0])
        self.run(_SQLITE_AUDIT_INSERT, tuple(row))

    def save_summary(
        self, assessment_id: int, summary: ScoreSummary, now: datetime, version: int, last_item: str | None
    ) -> None:
        fields = (_TOTAL(summary.total), summary.level, _COMPLETE(summary.complete), _ASSESSMENT_TIME(now), version)
        if last_item is None:
            self.run(_SQLITE_SAVE_SUMMARY, (*fields, assessment_id))
        else:
            self.run(_SQLITE_SAVE_SUMMARY_AT_ITEM, (*fields, last_item, assessment_id))


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
