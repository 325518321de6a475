"""Database administration for the `db` commands: integrity check, backup, restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.store.database import (
    WorkspaceError,
    WorkspaceLocation,
    backup_now,
    check_integrity,
    list_backups,
    restore_backup,
)


@dataclass(frozen=True)
class DatabaseAdmin:
    location: WorkspaceLocation

    def check(self) -> str:
        if not self.location.is_sqlite_file:
            raise WorkspaceError("the integrity check applies to the embedded SQLite workspace")
        if not self.location.db_path.exists():
            raise WorkspaceError(f"no workspace database at {self.location.db_path}")
        return check_integrity(self.location.db_path)

    def backup(self) -> Path:
        return backup_now(self.location, "manual")

    def restore(self, backup: Path | None) -> Path:
        if not self.location.is_sqlite_file:  # the workspace is the server: a local file would be the wrong one
            raise WorkspaceError("restoring a file backup applies to the embedded SQLite workspace; use pg_restore")
        return restore_backup(self.location, backup)

    def backups(self) -> list[Path]:
        return list_backups(self.location)
