"""An enterprise as the home list shows it, before its records are read (the desktop's first listing).

The desktop start reads these lines with one SQL statement while Qt loads (app.store.first_listing); the records
(app.services.ports.EnterpriseListing) follow once the workspace is open. ``listed_of`` gives the same line from
the records, so both show the same. This module imports nothing heavy: the first listing is read on a thread
while the interface's modules load, and a thread importing modules would hold them back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from app.services.ports import AssessmentSummary, EnterpriseListing


class ListedEnterprise(NamedTuple):
    """One enterprise's line: its own columns, how many assessments it has, and its latest assessment's score.

    The latest assessment is the newest by (assessment date, id), an undated one oldest; ``level`` is None when
    there is none or it was never scored. Dates are ISO text (``2025-01-31``), as the workspace stores them.
    """

    id: int
    name: str
    uscc: str
    industry_section: str
    industry_division: str
    region: str
    traction_unit: str
    archived: bool
    assessments: int
    form_id: str | None  # the latest assessment's form and revision (its level is named in that form's rule)
    form_revision: int | None
    assessed_on: str | None
    level: int | None
    complete: bool | None


@dataclass(frozen=True)
class FirstListing:
    """The lines of the first listing (archived enterprises left out), in the order of the enterprise listing,
    and ``owner``: the records of the listed enterprise holding an assessment id (for 继续上次的评测), or None."""

    lines: list[ListedEnterprise]
    owner: Callable[[int], EnterpriseListing | None]


def listed_of(listing: EnterpriseListing, latest: AssessmentSummary | None) -> ListedEnterprise:
    """The line of an enterprise's records; ``latest`` is its latest assessment (app.ui.models.latest)."""
    e = listing.enterprise
    a = latest.assessment if latest is not None else None
    s = latest.summary if latest is not None else None
    return ListedEnterprise(
        e.id,
        e.name,
        e.uscc,
        e.industry_section,
        e.industry_division,
        e.region,
        e.traction_unit,
        e.archived,
        len(listing.assessments),
        a.form_id if a is not None else None,
        a.form_revision if a is not None else None,
        a.assessed_on.isoformat() if a is not None and a.assessed_on is not None else None,
        s.level if s is not None else None,
        s.complete if s is not None else None,
    )
