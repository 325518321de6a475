"""The workspace schema's revisions, read from the migration scripts' source (no Alembic or SQLAlchemy needed).

app.store.database migrates with them; app.store.first_listing checks with them that a workspace file is
current before reading it directly.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from app.store.location import WorkspaceError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_RE = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.MULTILINE)


def revision_graph(migrations: Path = MIGRATIONS_DIR) -> dict[str, str | None]:
    """Read each migration's revision and down_revision from its source (what Alembic itself reads)."""
    graph: dict[str, str | None] = {}
    for path in sorted((migrations / "versions").glob("*.py")):
        found = {m.group(1): (m.group(2) or m.group(3)) for m in _REVISION_RE.finditer(path.read_text("utf-8"))}
        if found.get("revision"):
            graph[str(found["revision"])] = found.get("down_revision")
    return graph


def schema_head(migrations: Path = MIGRATIONS_DIR) -> str:
    """Return the newest revision: the one no other revision builds on."""
    graph = revision_graph(migrations)
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise WorkspaceError(f"the migrations in {migrations} have {len(heads)} heads; expected exactly one")
    return heads.pop()


def known_revisions(migrations: Path = MIGRATIONS_DIR) -> set[str]:
    return set(revision_graph(migrations))


def connect_read_only(db_path: Path) -> sqlite3.Connection | None:
    """A read-only connection to an existing workspace file that never waits for a lock; None if it cannot open."""
    if not db_path.is_file():
        return None
    try:
        return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None


def is_current(connection: sqlite3.Connection) -> bool:
    """Whether the workspace database open on ``connection`` holds the current schema (False: unreadable)."""
    try:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return found is not None and found[0] == schema_head()
    except sqlite3.Error:
        return False
