"""Findings stored per assessment (issue 14): audited like answers, frozen with the assessment (also against SQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.core.answers import parse_json_text
from app.core.records import Assessor
from app.services.ports import FinalizedError
from app.services.workspace import ValidationError, WorkspaceService
from app.store.database import WorkspaceLocation
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import VALID_USCC
from tests.unit.test_findings import ISSUE_DOCUMENT

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())


@pytest.fixture
def draft(ws: WorkspaceService, enterprise_id: int) -> int:
    return ws.new_assessment(VALID_USCC, answers_document=SAMPLE, assessor=Assessor("张工")).id


def test_findings_are_stored_audited_and_read_back(ws: WorkspaceService, draft: int) -> None:
    assert ws.findings(draft).empty
    saved = ws.set_findings(draft, ISSUE_DOCUMENT)
    assert ws.findings(draft) == saved
    assert ws.findings(draft).to_json() == ISSUE_DOCUMENT
    ws.set_findings(draft, ISSUE_DOCUMENT)  # unchanged: no second audit row
    changed = dict(ISSUE_DOCUMENT, pain_points=[])
    ws.set_findings(draft, changed)
    rows = [e for e in ws.history(draft) if e.action == "findings.set"]
    assert len(rows) == 2
    assert rows[0].old is None and "生产进度靠纸质派工单" in (rows[0].new or "")
    assert rows[1].old == rows[0].new and "生产进度" not in (rows[1].new or "")


def test_bad_findings_change_nothing(ws: WorkspaceService, draft: int) -> None:
    ws.set_findings(draft, ISSUE_DOCUMENT)
    bad = {"needs": [dict(ISSUE_DOCUMENT["needs"][0], category="制作")]}
    with pytest.raises(ValidationError) as caught:
        ws.set_findings(draft, bad)
    assert caught.value.field == "needs[0].category"
    assert ws.findings(draft).to_json() == ISSUE_DOCUMENT


def test_finalized_findings_are_frozen_and_a_correction_copies_them(ws: WorkspaceService, draft: int) -> None:
    ws.set_findings(draft, ISSUE_DOCUMENT)
    ws.finalize(draft)
    with pytest.raises(FinalizedError):
        ws.set_findings(draft, {"pain_points": [], "needs": []})
    assert ws.findings(draft).to_json() == ISSUE_DOCUMENT
    correction = ws.correct(draft, "补充需求").id
    assert ws.findings(correction).to_json() == ISSUE_DOCUMENT
    ws.set_findings(correction, {"pain_points": [], "needs": []})
    assert ws.findings(correction).empty
    assert ws.findings(draft).to_json() == ISSUE_DOCUMENT


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE findings SET document = '{}' WHERE assessment_id = :a",
        "DELETE FROM findings WHERE assessment_id = :a",
    ],
)
def test_direct_sql_cannot_change_finalized_findings(
    ws: WorkspaceService, draft: int, location: WorkspaceLocation, statement: str
) -> None:
    ws.set_findings(draft, ISSUE_DOCUMENT)
    ws.finalize(draft)
    engine = create_engine(location.engine_url())
    try:
        with pytest.raises(IntegrityError, match="assessment is finalized"), engine.begin() as conn:
            conn.execute(text(statement), {"a": draft})
    finally:
        engine.dispose()
    assert ws.findings(draft).to_json() == ISSUE_DOCUMENT


def test_direct_sql_cannot_add_findings_to_a_finalized_assessment(
    ws: WorkspaceService, draft: int, location: WorkspaceLocation
) -> None:
    ws.finalize(draft)
    engine = create_engine(location.engine_url())
    try:
        with pytest.raises(IntegrityError, match="assessment is finalized"), engine.begin() as conn:
            conn.execute(text("INSERT INTO findings VALUES (:a, '{}', '2026-12-01 10:00:00+00:00', 'x')"), {"a": draft})
    finally:
        engine.dispose()
    assert ws.findings(draft).empty


def test_deleting_a_draft_deletes_its_findings(ws: WorkspaceService, draft: int, location: WorkspaceLocation) -> None:
    ws.set_findings(draft, ISSUE_DOCUMENT)
    ws.delete_draft(draft)
    engine = create_engine(location.engine_url())
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM findings")).scalar() == 0
    finally:
        engine.dispose()
