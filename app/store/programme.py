"""The packages behind assessments, for the programme's workbook and dossier (SQLAlchemy Core, two queries)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.store.models import ExportRow, ImportRow
from app.store.repository import SqlWorkspaceRepository


class SqlPackageLedger:
    def __init__(self, repo: SqlWorkspaceRepository) -> None:
        self.repo = repo

    def imported_packages(self, assessment_ids: Sequence[int]) -> dict[int, str]:
        """The SHA-256 of the package file each imported assessment came from."""
        ids = list(assessment_ids)
        found: dict[int, str] = {}
        with self.repo._read() as s:
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                rows = select(ImportRow.assessment_id, ImportRow.package_sha256).where(
                    ImportRow.assessment_id.in_(chunk)
                )
                found.update((aid, sha) for aid, sha in s.execute(rows))
        return found

    def package_fingerprints(self, assessment_ids: Sequence[int]) -> dict[int, str]:
        """The newest exported package's manifest fingerprint, else the imported package file's SHA-256."""
        ids = list(assessment_ids)
        found: dict[int, str] = {}
        if not ids:
            return found
        with self.repo._read() as s:
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                imported = select(ImportRow.assessment_id, ImportRow.package_sha256).where(
                    ImportRow.assessment_id.in_(chunk)
                )
                for aid, sha in s.execute(imported):
                    found[aid] = f"sha256:{sha}"
                exported = (
                    select(ExportRow.assessment_id, ExportRow.package_fingerprint)
                    .where(ExportRow.assessment_id.in_(chunk))
                    .order_by(ExportRow.id)
                )
                for aid, fingerprint in s.execute(exported):
                    found[aid] = fingerprint  # the newest export wins
        return found
