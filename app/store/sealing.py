"""The stored values that a finalized assessment's seal and an audit row's digest cover, read the same way
from ORM rows (the repository) and from plain selected rows (migration 0003)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from app.core.seal import Plain, audit_digest, seal_digest

# The assessment columns a seal covers: everything a report, a package or a listing reads. Not version or
# last_item (bookkeeping), and not the enterprise (it may be edited after finalizing).
SEALED_COLUMNS = (
    "id", "enterprise_id", "form_id", "form_revision", "form_hash", "kind", "status", "assessor_name",
    "assessor_organisation", "assessor_role", "on_site", "assessed_on", "created_at", "finalized_at", "revision_of",
    "revision_reason", "total_score", "level", "complete",
)  # fmt: skip
AUDIT_COLUMNS = ("at", "actor", "action", "enterprise_id", "assessment_id", "key", "old", "new")


def plain(value: Any) -> Plain:
    """One stored value as text or a number, the same whichever database and driver returned it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return f"{Decimal(str(value)):.3f}"
    return str(value)


def assessment_seal(row: Any, items: Iterable[tuple[Any, ...]], evidence: Iterable[tuple[Any, ...]]) -> str:
    """``items`` are (kind, key, JSON value) rows, ``evidence`` (item, filename, sha256, size) rows."""
    fields = {name: plain(getattr(row, name)) for name in SEALED_COLUMNS}
    if fields["on_site"] is not None:
        fields["on_site"] = bool(fields["on_site"])
    if fields["complete"] is not None:
        fields["complete"] = bool(fields["complete"])
    return seal_digest(
        fields,
        [(str(k), str(key), str(v)) for k, key, v in items],
        [(str(i), str(f), str(h), int(n)) for i, f, h, n in evidence],
    )


def audit_row_digest(prev_digest: str, row: Any) -> str:
    return audit_digest(prev_digest, {name: plain(getattr(row, name)) for name in AUDIT_COLUMNS})
