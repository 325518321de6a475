"""Where a workspace lives, and the errors opening one can raise (no database imports: cheap to load)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_FILENAME = "workspace.sqlite3"
BACKUP_DIR = "backups"
IDENTITY_FILENAME = "workspace.id.json"


class WorkspaceError(Exception):
    """The workspace cannot be opened; the message says why and what to do."""


class CorruptWorkspaceError(WorkspaceError):
    """The database file is damaged. ``backups`` lists the backups it can be restored from."""

    def __init__(self, message: str, path: Path, backups: list[Path]) -> None:
        super().__init__(message)
        self.path = path
        self.backups = backups


class MissingWorkspaceError(CorruptWorkspaceError):
    """The database is empty, missing or older than the one this data directory last held (it was replaced).

    Like a damaged database, it is refused untouched and ``backups`` lists what it can be restored from.
    """

    missing = True  # the GUI words its restore offer for this case


class WorkspaceUnavailableError(WorkspaceError):
    """The database could not be read just now (an I/O error, a lock); the file is not known to be damaged."""


class WorkspaceInUseError(WorkspaceError):
    """Another process has the workspace open, so it cannot be replaced now."""


class NewerWorkspaceError(WorkspaceError):
    """The database was written by a newer version of the program."""


@dataclass(frozen=True)
class WorkspaceLocation:
    """Where a workspace lives: its data folder, and a database server's URL when it is not the file there."""

    data_dir: Path
    url: str | None = None  # None: the SQLite file in data_dir

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIR

    @property
    def identity_path(self) -> Path:
        """The identity record kept beside the database (workspace id, created, last known counts)."""
        return self.data_dir / IDENTITY_FILENAME

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def packages_dir(self) -> Path:
        """Imported submission packages, kept byte for byte (content-addressed) for the 一企一档 dossier."""
        return self.data_dir / "packages"

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
