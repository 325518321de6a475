"""The SQLite repository's exports and imports: export rows with their audit entries; an import is one transaction."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from app.core.answers import AnswerSet
from app.core.records import AssessmentKind, Assessor
from app.services.forms import FormRegistry
from app.services.ports import DuplicateError, EnterpriseFields, NewAssessment, ScoreSummary
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation, open_workspace
from app.store.evidence import FileEvidenceStore
from app.store.repository import SqlWorkspaceRepository
from tests.store.conftest import VALID_USCC, with_check

PACKAGE_FP = "SHA256:" + "ab" * 32
SIGNER_FP = "SHA256:" + "cd" * 32


def test_new_exports_are_rows_and_audit_entries(location: WorkspaceLocation, registry: FormRegistry) -> None:
    engine = open_workspace(location)
    repo = SqlWorkspaceRepository(engine)
    ws = WorkspaceService(repo, registry, FileEvidenceStore(location.evidence_dir), "tester")
    aid = ws.new_assessment(ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC)).id).id
    recorded = repo.record_export(aid, PACKAGE_FP, SIGNER_FP, "/x/a.sdap", "tester")
    assert repo.list_exports(aid) == [recorded]
    assert recorded.exported_at.tzinfo is not None
    audit = [a for a in repo.audit(assessment_id=aid) if a.action == "assessment.export"]
    assert [(a.key, json.loads(a.new or "")) for a in audit] == [
        (PACKAGE_FP, {"path": "/x/a.sdap", "signer": SIGNER_FP})
    ]
    assert repo.list_exports(aid + 1) == []
    repo.close()


def test_a_refused_import_leaves_no_new_enterprise(location: WorkspaceLocation, registry: FormRegistry) -> None:
    repo = SqlWorkspaceRepository(open_workspace(location))
    form = registry.get("miit-2024")
    new = NewAssessment(0, form.id, form.revision, form.content_hash, AssessmentKind.BASELINE, Assessor("李"), False,
                        date(2026, 11, 30))  # fmt: skip
    answers, summary = AnswerSet(form.id, form_revision=form.revision), ScoreSummary(total=0, level=0, complete=False)

    def receive(uscc: str, evidence: list[tuple[str, str, str, int]], package: str = "ab" * 32) -> int:
        created = repo.import_assessment(
            new, answers, summary, evidence, finalized=True, finalized_at=None, package_sha256=package,
            source_assessment_id=5, signer=SIGNER_FP, actor="t", new_enterprise=EnterpriseFields("甲", uscc),
        )  # fmt: skip
        return created.enterprise_id

    first = receive(VALID_USCC, [])
    assert repo.get_enterprise(first) is not None and repo.find_import("ab" * 32) is not None
    other = with_check("91440300MA5DC1XX0")
    with pytest.raises(DuplicateError):
        receive(other, [])  # the same package again: refused before anything is written
    twice = [("Q1", "a.pdf", "00" * 32, 1)] * 2  # the same file twice for one item breaks a unique constraint
    with pytest.raises(IntegrityError):
        receive(other, twice, package="cd" * 32)  # fails after the enterprise row was inserted: rolled back
    assert repo.find_enterprise_by_uscc(other) is None and repo.find_import("cd" * 32) is None
    assert [listing.enterprise.uscc for listing in repo.list_enterprises()] == [VALID_USCC]
    repo.close()
