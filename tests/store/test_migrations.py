"""Schema migrations carry data: exports recorded in the audit log before revision 0002 move to their table."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.services.forms import FormRegistry
from app.services.submission import SubmissionService
from app.services.workspace import WorkspaceService
from app.store.database import MIGRATIONS_DIR, WorkspaceLocation, list_backups, open_workspace
from app.store.evidence import FileEvidenceStore
from app.store.repository import SqlWorkspaceRepository
from tests.conftest import FORMS_DIR, SAMPLES_DIR
from tests.store.conftest import VALID_USCC

FORM_HASH_R1 = FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1).content_hash

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


def old_assessment(db: Path, status: str = "draft", items: Sequence[tuple[str, str, str]] = ()) -> int:
    """Insert an enterprise (once) and an assessment with its answer items with plain SQL, as an older program."""
    conn = sqlite3.connect(db)
    with conn:
        now = "2026-11-30 08:00:00.000000"
        if conn.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 0:
            conn.execute(
                "INSERT INTO enterprises (name, uscc, created_at, updated_at) VALUES ('甲', ?, ?, ?)",
                (VALID_USCC, now, now),
            )
        cur = conn.execute(
            "INSERT INTO assessments (enterprise_id, form_id, form_revision, form_hash, kind, status, assessor_name, "
            "assessed_on, created_at, updated_at, total_score, level, complete) "
            "VALUES (1, 'miit-2024', 1, ?, 'baseline', 'draft', '张工', '2026-11-30', ?, ?, 45.7, 2, 1)",
            (FORM_HASH_R1, now, now),
        )
        aid = int(cur.lastrowid or 0)
        for kind, key, value in items:
            conn.execute(
                "INSERT INTO answer_items (assessment_id, kind, key, value, updated_at) VALUES (?, ?, ?, ?, ?)",
                (aid, kind, key, value, now),
            )
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, enterprise_id, assessment_id, key) "
            "VALUES (?, 'alice', 'assessment.new', 1, ?, 'baseline')",
            (now, aid),
        )
        if status == "finalized":
            conn.execute("UPDATE assessments SET status = 'finalized', finalized_at = ? WHERE id = ?", (now, aid))
    conn.close()
    return aid


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
    open_workspace(location, migrations=migrations_0001).dispose()
    # Rows written the way revision 0001's program wrote them (today's repository expects today's columns).
    first, second = old_assessment(location.db_path), old_assessment(location.db_path)
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


def test_0003_seals_finalized_assessments_and_chains_the_audit_log(
    location: WorkspaceLocation, registry: FormRegistry, migrations_0001: Path
) -> None:
    from app.core.answers import parse_answers
    from app.services.ports import answer_items
    from app.store.admin import DatabaseAdmin

    open_workspace(location, migrations=migrations_0001).dispose()
    form = registry.get("miit-2024", 1)
    document = json.loads((SAMPLES_DIR / "sample-complete.json").read_text("utf-8"))
    stored = [(i.kind, i.key, i.value or "") for i in answer_items(parse_answers(document, form))]
    finalized = old_assessment(location.db_path, "finalized", stored)
    draft = old_assessment(location.db_path, "draft", stored)
    ws = WorkspaceService(
        SqlWorkspaceRepository(open_workspace(location)), registry, FileEvidenceStore(location.evidence_dir), "t"
    )
    try:
        report = DatabaseAdmin(location).verify()
        assert report.ok and report.audit_rows == 2 and report.sealed == 1
        _, _, result = ws.result(finalized)
        assert float(result.total_score) == 45.7
        assert ws.assessment(finalized).version == 1 and ws.assessment(draft).version == 1
        ws.set_scene(draft, "S01", 1)  # a new audit row extends the migrated chain
    finally:
        ws.close()
    assert DatabaseAdmin(location).verify().ok
