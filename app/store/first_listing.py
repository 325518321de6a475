"""The desktop's first enterprise listing, read with sqlite3 before SQLAlchemy and the window are imported.

Only from a workspace file on this computer whose schema is the current one, read-only and without waiting for
a lock; anything else (no file yet, a schema to migrate or from a newer version, a file that cannot be read)
gives None, and the workspace is opened the full way first. The full opening (integrity check, identity, backup)
still follows in the background; what it refuses is reported then.
"""

from __future__ import annotations

import sqlite3

from app.services.ports import EnterpriseListing
from app.store.listing import read_listing
from app.store.location import WorkspaceLocation
from app.store.schema import file_is_current


def first_listing(location: WorkspaceLocation) -> list[EnterpriseListing] | None:
    """The listing the home page shows first (archived enterprises left out), or None to open the full way."""
    if not location.is_sqlite_file or not file_is_current(location.db_path):
        return None
    try:
        connection = sqlite3.connect(f"{location.db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        return read_listing(connection)
    except (sqlite3.Error, ValueError, TypeError, KeyError):  # damaged, locked or unexpected rows: the full way
        return None
    finally:
        connection.close()
