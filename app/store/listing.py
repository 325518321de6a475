"""The enterprise listing: two SQL statements and the rows they return turned into records.

The one definition of what the enterprise list holds and in which order. It needs no SQLAlchemy: the repository
runs the statements through its connection (SQLite or PostgreSQL), and the desktop start reads the first listing
of a SQLite workspace through the standard library's sqlite3 before the rest of the program is imported. The
statements use named parameters (``:name``), which both sqlite3 and SQLAlchemy's ``text()`` accept.

Values arrive as each driver gives them: on SQLite, datetimes and dates as the ISO text SQLAlchemy stores,
booleans as 0/1 and the score as a float; on PostgreSQL as Python objects. Both read to the same records.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Assessor,
    Enterprise,
    EnterpriseSize,
    SpecializedStatus,
)
from app.services.ports import AssessmentSummary, EnterpriseListing, ScoreSummary

R = TypeVar("R")

ENTERPRISE_COLUMNS = (
    "id, name, uscc, industry_section, industry_division, region, size, above_scale, specialized, main_products, "
    "contact_name, contact_phone, pilot_subsector, traction_unit, created_at, archived"
)
ASSESSMENT_COLUMNS = (
    "id, enterprise_id, form_id, form_revision, form_hash, kind, status, assessor_name, assessor_organisation, "
    "assessor_role, on_site, assessed_on, created_at, updated_at, finalized_at, revision_of, revision_reason, "
    "last_item, version, total_score, level, complete"
)
ENTERPRISE_NAMES = tuple(name.strip() for name in ENTERPRISE_COLUMNS.split(","))
SCORE_NAMES = ("total_score", "level", "complete")  # the cached score: the last columns of ASSESSMENT_COLUMNS
ASSESSMENT_NAMES = tuple(name.strip() for name in ASSESSMENT_COLUMNS.split(","))[: -len(SCORE_NAMES)]
_RECORD = len(ASSESSMENT_NAMES)  # an assessment row's values before the score's
# Matched by the search box: name, USCC (upper case), region and traction unit, as substrings.
_SEARCH = "(name LIKE :pattern OR uscc LIKE :upper OR region LIKE :pattern OR traction_unit LIKE :pattern)"
_ORDER = " ORDER BY name, id"
ASSESSMENTS_SQL = f"SELECT {ASSESSMENT_COLUMNS} FROM assessments ORDER BY created_at, id"


def enterprises_sql(search: str = "", include_archived: bool = False) -> tuple[str, dict[str, str]]:
    """The statement listing the enterprises and its parameters (archived ones left out unless asked for)."""
    where = [] if include_archived else ["NOT archived"]
    params: dict[str, str] = {}
    if search.strip():
        pattern = f"%{search.strip()}%"
        where.append(_SEARCH)
        params = {"pattern": pattern, "upper": pattern.upper()}
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {ENTERPRISE_COLUMNS} FROM enterprises{clause}{_ORDER}", params


def _maker(cls: type[R]) -> Callable[..., R]:
    """A constructor of ``cls`` from all its field values in order that sets each slot through its descriptor,
    not through the frozen dataclass's ``object.__setattr__`` per field (a listing builds tens of thousands):
    the same object as ``cls(*values)``, for a frozen dataclass with slots and no __post_init__ (checked here)."""
    slots = vars(cls).get("__slots__")
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if slots is None or hasattr(cls, "__post_init__") or not frozen:
        raise TypeError(f"{cls.__name__}: not a frozen dataclass with slots")
    setters = [vars(cls)[f.name].__set__ for f in fields(cls)]  # type: ignore[arg-type]
    # Straight-line code, as dataclasses writes __init__: one descriptor call per field, no loop.
    params = ", ".join(f"v{i}" for i in range(len(setters)))
    body = "".join(f"    s{i}(record, v{i})\n" for i in range(len(setters)))
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"s{i}": put for i, put in enumerate(setters)})
    exec(f"def make({params}):\n    record = new(cls)\n{body}    return record\n", namespace)
    return namespace["make"]  # type: ignore[no-any-return]


_new_enterprise = _maker(Enterprise)
_new_assessment = _maker(Assessment)
_new_summary = _maker(AssessmentSummary)
_new_listing = _maker(EnterpriseListing)

_SIZES = {s.value: s for s in EnterpriseSize}
_SPECIALIZED = {s.value: s for s in SpecializedStatus}
_KINDS = {k.value: k for k in AssessmentKind}
_STATUSES = {s.value: s for s in AssessmentStatus}


def moment(value: Any) -> datetime | None:
    """A stored timestamp as an aware datetime (SQLite keeps naive UTC text; they were written in UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:  # the text SQLAlchemy writes has no offset: read it as UTC in one parse
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _total(value: Any) -> Decimal:
    # The column is NUMERIC(7, 3): PostgreSQL gives a Decimal of that scale, SQLite a float, printed to the same scale.
    return value if isinstance(value, Decimal) else Decimal(f"{value:.3f}")


def enterprise_of(row: Sequence[Any]) -> Enterprise:
    """The record of one row of ENTERPRISE_COLUMNS."""
    (id_, name, uscc, section, division, region, size, above_scale, specialized, products,
     contact, phone, subsector, traction, created_at, archived) = row  # fmt: skip
    return _new_enterprise(  # in the order of Enterprise's fields
        id_,
        name,
        uscc,
        section,
        division,
        region,
        (_SIZES.get(size) or EnterpriseSize(size)) if size else None,
        _flag(above_scale),
        _SPECIALIZED.get(specialized) or SpecializedStatus(specialized),
        products,
        contact,
        phone,
        subsector,
        traction,
        moment(created_at),
        bool(archived),
    )


class _Shared:
    """One copy of each repeated value across a listing's rows: form ids and hashes, places, assessors."""

    def __init__(self) -> None:
        self.text: dict[Any, Any] = {}
        self.assessors: dict[tuple[str, str, str], Assessor] = {}
        self.days: dict[Any, date | None] = {None: None}
        self.summaries: dict[tuple[Any, int, Any], ScoreSummary] = {}

    def day(self, value: Any) -> date | None:
        found = self.days.get(value)
        if found is None:
            found = self.days[value] = _day(value)
        return found

    def summary(self, total: Any, level: int | None, complete: Any) -> ScoreSummary | None:
        """The cached score (records are immutable, so equal ones are one object: scores repeat across rows)."""
        if level is None or total is None:
            return None
        key = (total, level, complete)
        found = self.summaries.get(key)
        if found is None:
            found = self.summaries[key] = ScoreSummary(_total(total), level, bool(complete))
        return found

    def assessor(self, name: str, organisation: str, role: str) -> Assessor:
        key = (name, organisation, role)
        found = self.assessors.get(key)
        if found is None:
            found = self.assessors[key] = Assessor(name, organisation, role)
        return found


def assessment_of(row: Sequence[Any], shared: _Shared | None = None) -> Assessment:
    """The record of the first ASSESSMENT_NAMES values of a row (the score's three columns follow them)."""
    (id_, enterprise_id, form_id, form_revision, form_hash, kind, status, assessor_name, assessor_org,
     assessor_role, on_site, assessed_on, created_at, updated_at, finalized_at, revision_of, revision_reason,
     last_item, version) = row[:_RECORD]  # fmt: skip
    same = shared if shared is not None else _Shared()
    text = same.text
    return _new_assessment(  # in the order of Assessment's fields
        id_,
        enterprise_id,
        text.setdefault(form_id, form_id),
        form_revision,
        text.setdefault(form_hash, form_hash),
        _KINDS.get(kind) or AssessmentKind(kind),
        _STATUSES.get(status) or AssessmentStatus(status),
        same.assessor(assessor_name, assessor_org, assessor_role),
        bool(on_site),
        same.day(assessed_on),
        moment(created_at),
        moment(updated_at),
        moment(finalized_at),
        revision_of,
        revision_reason,
        text.setdefault(last_item, last_item),
        version,
    )


def assessment_summary_of(row: Sequence[Any], shared: _Shared | None = None) -> AssessmentSummary:
    """The record and cached score of one row of ASSESSMENT_COLUMNS."""
    same = shared if shared is not None else _Shared()
    total_score, level, complete = row[_RECORD:]
    return _new_summary(assessment_of(row, same), same.summary(total_score, level, complete))


def score_summary_of(total_score: Any, level: int | None, complete: Any) -> ScoreSummary | None:
    """The cached score of an assessment row's three score columns (None before it was first scored)."""
    return _Shared().summary(total_score, level, complete)


def values_of(row: Any, names: Sequence[str]) -> list[Any]:
    """The values of an object's attributes (an ORM row, say), in the order of ``names``."""
    return [getattr(row, name) for name in names]


def build_listing(
    enterprises: Iterable[Sequence[Any]], assessments: Iterable[Sequence[Any]]
) -> list[EnterpriseListing]:
    """The listing from the rows of the two statements: each enterprise with its assessments, oldest first.

    The cyclic garbage collector is paused meanwhile: the records hold no cycles, and tens of thousands of new
    objects would otherwise start a collection every few hundred allocations (about a third of the time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        records = [enterprise_of(row) for row in enterprises]
        by_enterprise: dict[int, list[AssessmentSummary]] = {e.id: [] for e in records}
        shared = _Shared()
        for row in assessments:
            bucket = by_enterprise.get(row[1])
            if bucket is not None:
                bucket.append(assessment_summary_of(row, shared))
        return [_new_listing(e, tuple(by_enterprise[e.id])) for e in records]
    finally:
        if paused:
            gc.enable()


def read_listing(connection: Any, search: str = "", include_archived: bool = False) -> list[EnterpriseListing]:
    """The listing read through a DBAPI connection whose driver takes named parameters (sqlite3)."""
    sql, params = enterprises_sql(search, include_archived)
    return build_listing(connection.execute(sql, params), connection.execute(ASSESSMENTS_SQL))
