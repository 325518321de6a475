"""Where a workspace lives, and the errors opening one can raise (no database imports: cheap to load)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_FILENAME = "workspace.sqlite3"
BACKUP_DIR = "backups"


class WorkspaceError(Exception):
    """The workspace cannot be opened; the message says why and what to do."""


class CorruptWorkspaceError(WorkspaceError):
    """The database file is damaged. ``backups`` lists the backups it can be restored from."""

    def __init__(self, message: str, path: Path, backups: list[Path]) -> None:
        super().__init__(message)
        self.path = path
        self.backups = backups


class NewerWorkspaceError(WorkspaceError):
    """The database was written by a newer version of the program."""


@dataclass(frozen=True)
class WorkspaceLocation:
    data_dir: Path
    url: str | None = None  # None: the SQLite file in data_dir

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIR

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def is_sqlite_file(self) -> bool:
        return self.url is None

    def engine_url(self) -> str:
        if self.url is None:
            return f"sqlite:///{self.db_path}"
        # A plain postgresql:// URL means the driver the [server] extra installs (psycopg 3), not psycopg2.
        for plain in ("postgresql://", "postgres://"):
            if self.url.startswith(plain):
                return "postgresql+psycopg://" + self.url[len(plain) :]
        return self.url
