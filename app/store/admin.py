"""Database administration for the `db` commands: integrity check, backup, restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.store.database import (
    MissingWorkspaceError,
    WorkspaceError,
    WorkspaceLocation,
    backup_now,
    check_integrity,
    list_backups,
    restore_backup,
)
from app.store.restore import refuse_missing_workspace


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
        return restore_backup(self.location, backup)

    def backups(self) -> list[Path]:
        return list_backups(self.location)
