"""Database administration for the `db` commands: integrity check, backup, restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.services.ports import AuditBreak, SealMismatch, TamperCheck
from app.store.database import (
    MissingWorkspaceError,
    WorkspaceError,
    WorkspaceLocation,
    backup_now,
    check_integrity,
    list_backups,
    make_engine,
    restore_backup,
)
from app.store.models import AssessmentRow, AuditRow, EvidenceRow, ItemRow
from app.store.restore import refuse_missing_workspace
from app.store.sealing import assessment_seal, audit_row_digest


@dataclass(frozen=True)
class DatabaseAdmin:
    location: WorkspaceLocation

    def check(self) -> str:
        if not self.location.is_sqlite_file:
            raise WorkspaceError("the integrity check applies to the embedded SQLite workspace")
        if not self.location.db_path.exists():
            raise WorkspaceError(f"no workspace database at {self.location.db_path}")
        status = check_integrity(self.location.db_path)
        if status == "ok":
            try:
                refuse_missing_workspace(self.location)  # an empty or replaced file passes SQLite's own check
            except MissingWorkspaceError as exc:
                return str(exc)
        return status

    def backup(self) -> Path:
        if self.location.is_sqlite_file:
            refuse_missing_workspace(self.location)  # never back an empty file up over the good backups
        return backup_now(self.location, "manual")

    def restore(self, backup: Path | None) -> Path:
        if not self.location.is_sqlite_file:  # the workspace is the server: a local file would be the wrong one
            raise WorkspaceError("restoring a file backup applies to the embedded SQLite workspace; use pg_restore")
        return restore_backup(self.location, backup)

    def backups(self) -> list[Path]:
        return list_backups(self.location)

    def verify(self) -> TamperCheck:
        """Check every finalized assessment against its seal and the audit log's hash chain, reading only."""
        engine = make_engine(self.location)
        try:
            with Session(engine) as s, s.begin():
                return TamperCheck(*_seals(s), *_audit_chain(s))
        except SQLAlchemyError as exc:
            raise WorkspaceError(f"the workspace at {self.location.data_dir} cannot be verified: {exc}") from exc
        finally:
            engine.dispose()


def _seals(s: Session) -> tuple[int, tuple[SealMismatch, ...]]:
    rows = list(s.scalars(select(AssessmentRow).where(AssessmentRow.status == "finalized").order_by(AssessmentRow.id)))
    mismatched = []
    for row in rows:
        items = s.execute(select(ItemRow.kind, ItemRow.key, ItemRow.value).where(ItemRow.assessment_id == row.id))
        links = s.execute(
            select(EvidenceRow.item, EvidenceRow.filename, EvidenceRow.sha256, EvidenceRow.size).where(
                EvidenceRow.assessment_id == row.id
            )
        )
        if assessment_seal(row, [tuple(i) for i in items], [tuple(e) for e in links]) != row.seal:
            mismatched.append(SealMismatch(row.id, row.enterprise_id))
    return len(rows), tuple(mismatched)


def _audit_chain(s: Session) -> tuple[int, AuditBreak | None]:
    prev, count = "", 0
    for row in s.scalars(select(AuditRow).order_by(AuditRow.id)).yield_per(1000):
        count += 1
        if row.prev_digest != prev:
            return count, AuditBreak(row.id, "it does not follow the row before it (a row was removed or inserted)")
        if audit_row_digest(prev, row) != row.digest:
            return count, AuditBreak(row.id, "its contents were changed after it was written")
        prev = row.digest
    return count, None
