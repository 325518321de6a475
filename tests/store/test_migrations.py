"""Schema migrations carry data: exports recorded in the audit log before revision 0002 move to their table."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.services.forms import FormRegistry
from app.services.submission import SubmissionService
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import MIGRATIONS_DIR, WorkspaceLocation, list_backups, open_workspace
from app.store.evidence import FileEvidenceStore
from app.store.repository import SqlWorkspaceRepository
from tests.store.conftest import VALID_USCC

# The migration test writes old-style rows into the SQLite file with sqlite3 and reads them back.
pytestmark = pytest.mark.sqlite_only

PACKAGE_FP = "SHA256:" + "ab" * 32
SIGNER_FP = "SHA256:" + "cd" * 32


@pytest.fixture
def migrations_0001(tmp_path: Path) -> Path:
    """The migrations as they were at revision 0001 (this program's first release)."""
    target = tmp_path / "migrations-0001"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    for later in (target / "versions").glob("*.py"):
        if later.name[:4].isdigit() and later.name[:4] > "0001":
            later.unlink()
    return target


def old_style_export(db: Path, assessment_id: int, fingerprint: str, details: str) -> None:
    """Record an export the way revision 0001 did: an audit row with the details as JSON."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, enterprise_id, assessment_id, key, old, new) "
            "VALUES ('2026-11-30 08:15:00.000000', 'alice', 'assessment.export', 1, ?, ?, NULL, ?)",
            (assessment_id, fingerprint, details),
        )
    conn.close()


def test_exports_in_audit_rows_move_to_the_exports_table(
    location: WorkspaceLocation, registry: FormRegistry, migrations_0001: Path
) -> None:
    engine = open_workspace(location, migrations=migrations_0001)
    ws = WorkspaceService(SqlWorkspaceRepository(engine), registry, FileEvidenceStore(location.evidence_dir), "t")
    enterprise = ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    first = ws.new_assessment(enterprise.id).id
    second = ws.new_assessment(enterprise.id).id
    ws.close()
    conn = sqlite3.connect(location.db_path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert "exports" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    old_style_export(location.db_path, first, "SHA256:" + "00" * 32, json.dumps({"path": "/x/old.sdap"}))
    old_style_export(location.db_path, first, PACKAGE_FP, json.dumps({"path": "/x/a.sdap", "signer": SIGNER_FP}))
    old_style_export(location.db_path, second, "SHA256:" + "ee" * 32, "not json")

    repo = SqlWorkspaceRepository(open_workspace(location))  # the current migrations: upgrades to head
    try:
        assert any("pre-migration-0001" in p.name for p in list_backups(location))
        exports = repo.list_exports(first)
        assert [(e.package_fingerprint, e.signer_fingerprint, e.path) for e in exports] == [
            ("SHA256:" + "00" * 32, "", "/x/old.sdap"),
            (PACKAGE_FP, SIGNER_FP, "/x/a.sdap"),
        ]
        assert exports[-1].actor == "alice"
        assert exports[-1].exported_at.isoformat() == "2026-11-30T08:15:00+00:00"
        damaged = repo.list_exports(second)
        assert [(e.package_fingerprint, e.signer_fingerprint, e.path) for e in damaged] == [
            ("SHA256:" + "ee" * 32, "", "")
        ]
        # The audit rows stay: they are the history.
        assert sum(1 for a in repo.audit(assessment_id=first) if a.action == "assessment.export") == 2

        # A report printed after the upgrade carries the migrated package and signer fingerprints.
        printed: list[dict[str, Any]] = []

        def render_pdf(*args: Any, **kwargs: Any) -> bytes:
            printed.append(kwargs)
            return b"%PDF-"

        service = SubmissionService(
            repo, FileEvidenceStore(location.evidence_dir), registry, "t", render_pdf=render_pdf,
            render_comparison=lambda *a: b"",
        )  # fmt: skip
        service.report_bytes(first)
        assert [(p["package_fingerprint"], p["signer_fingerprint"]) for p in printed] == [(PACKAGE_FP, SIGNER_FP)]
    finally:
        repo.close()
