"""The desktop's first enterprise listing, read with sqlite3 before SQLAlchemy and the window are imported.

Only from a workspace file on this computer whose schema is the current one, read-only and without waiting for
a lock; anything else (no file yet, a schema to migrate or from a newer version, a file that cannot be read)
gives None, and the workspace is opened the full way first. The full opening (integrity check, identity, backup)
still follows in the background; what it refuses is reported then.

What is read is only what the home list shows (app.services.listed): one statement, worked out by SQLite (which
runs outside the interpreter lock, so the interface's modules keep loading meanwhile), one tuple per enterprise.
The records follow once the workspace is open; the enterprise of the draft to resume is read on its own.
"""

from __future__ import annotations

import json
import sqlite3
from operator import itemgetter
from typing import TYPE_CHECKING

from app.services.listed import FirstListing, ListedEnterprise
from app.store.location import WorkspaceLocation
from app.store.schema import connect_read_only, is_current

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.ports import EnterpriseListing

# The lines of app.services.listed.ListedEnterprise, in the listing's order (app.store.listing: name, id). The
# latest assessment is the newest by (assessment date, id) with an undated one oldest, as app.ui.models.latest
# takes it; its level counts only once it was scored (a total and a level), as the cached summary does.
_LINE_VALUES = (
    "e.id AS id, e.name AS name, e.uscc AS uscc, e.industry_section AS section, e.industry_division AS division, "
    "e.region AS region, e.traction_unit AS traction_unit, e.archived AS archived, "
    "(SELECT count(*) FROM assessments c WHERE c.enterprise_id = e.id) AS assessments, l.form_id AS form_id, "
    "l.form_revision AS form_revision, l.assessed_on AS assessed_on, "
    "CASE WHEN l.total_score IS NULL THEN NULL ELSE l.level END AS level, "
    "CASE WHEN l.total_score IS NULL OR l.level IS NULL THEN NULL ELSE l.complete END AS complete"
)
_LINE_NAMES = ", ".join(ListedEnterprise._fields).replace("industry_", "")  # the aliases above
LINES_SQL = f"""
SELECT {_LINE_VALUES}
FROM enterprises e
LEFT JOIN assessments l ON l.id = (
    SELECT a.id FROM assessments a WHERE a.enterprise_id = e.id
    ORDER BY coalesce(a.assessed_on, '0001-01-01') DESC, a.id DESC LIMIT 1
)
WHERE NOT e.archived
ORDER BY e.name, e.id
"""
# The same lines as one JSON array in one row. sqlite3 takes the interpreter lock back for every row it returns:
# on a thread, while the main thread runs Python, each row waits for the lock (seconds for ten thousand rows).
# One row is one wait, and json makes the lists in C. (JSON1 is built into SQLite since 3.38; without it, rows.)
LINES_JSON_SQL = f"SELECT json_group_array(json_array({_LINE_NAMES})) FROM ({LINES_SQL})"


_ORDER = itemgetter(1, 0)  # name, id: SQLite's BINARY order of text is Python's order of str
# The enterprise (not archived) that holds an assessment, for the draft offered to resume.
_OWNER_SQL = "SELECT enterprise_id FROM assessments WHERE id = :id"


def first_listing(location: WorkspaceLocation, checked: Callable[[bool], None] | None = None) -> FirstListing | None:
    """The lines the home page shows first (archived enterprises left out), or None to open the full way.

    The file is opened once: its schema is checked through the same connection the lines are read with, and
    ``checked`` is told the answer before they are (True: current; it is not told when the file cannot open).
    """
    connection = connect_read_only(location.db_path) if location.is_sqlite_file else None
    if connection is None:
        return None
    try:
        current = is_current(connection)
        if checked is not None:
            checked(current)
        if not current:
            return None
        lines = _read_lines(connection)
    except (sqlite3.Error, ValueError, TypeError):  # damaged, locked or unexpected rows: the full way
        return None
    finally:
        connection.close()
    return FirstListing(lines, lambda assessment_id: owner_listing(location, assessment_id))


def _read_lines(connection: sqlite3.Connection) -> list[ListedEnterprise]:
    try:
        found = connection.execute(LINES_JSON_SQL).fetchone()
    except sqlite3.OperationalError:  # an SQLite without its JSON functions
        return list(map(ListedEnterprise._make, connection.execute(LINES_SQL)))
    lines = list(map(ListedEnterprise._make, json.loads(found[0])))
    lines.sort(key=_ORDER)  # the statement's order (an aggregate's order is SQLite's to choose): no-op in practice
    return lines


def owner_listing(location: WorkspaceLocation, assessment_id: int) -> EnterpriseListing | None:
    """The records of the enterprise holding an assessment, as the listing has them; None if it is not listed
    (no such assessment, an archived enterprise) or cannot be read."""
    from app.store.listing import ASSESSMENT_COLUMNS, ENTERPRISE_COLUMNS, build_listing  # noqa: PLC0415 (on use)

    connection = connect_read_only(location.db_path)
    if connection is None:
        return None
    try:
        found = connection.execute(_OWNER_SQL, {"id": assessment_id}).fetchone()
        if found is None:
            return None
        owner = {"id": found[0]}
        enterprises = connection.execute(
            f"SELECT {ENTERPRISE_COLUMNS} FROM enterprises WHERE id = :id AND NOT archived", owner
        )
        assessments = connection.execute(  # in the listing's order (app.store.listing.ASSESSMENTS_SQL)
            f"SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE enterprise_id = :id ORDER BY created_at, id", owner
        )
        listings = build_listing(enterprises, assessments)
        return listings[0] if listings else None
    except (sqlite3.Error, ValueError, TypeError, KeyError):  # as first_listing: the banner then waits
        return None
    finally:
        connection.close()
