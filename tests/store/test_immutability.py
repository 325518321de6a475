"""The database itself refuses changes to a finalized assessment, on SQLite (0001's triggers) and on PostgreSQL (0004).

Each statement is plain SQL through a connection of its own, as any other writer (a script, psql, a second program)
would send it; the service's own refusal is not involved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.core.answers import parse_json_text
from app.core.records import Assessor
from app.services.workspace import WorkspaceService
from app.store.database import WorkspaceLocation
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import VALID_USCC

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
NOW = "2026-12-01 10:00:00+00:00"

STATEMENTS = {
    "update an answer": "UPDATE answer_items SET value = '\"E\"' WHERE assessment_id = :a AND key = 'Q5'",
    "insert an answer": f"INSERT INTO answer_items VALUES (:a, 'note', 'Q5', '\"x\"', '{NOW}')",
    "delete an answer": "DELETE FROM answer_items WHERE assessment_id = :a AND key = 'Q5'",
    "insert evidence": "INSERT INTO evidence (assessment_id, item, filename, sha256, size, description, added_at) "
    f"VALUES (:a, 'Q2', 'x.pdf', '{'0' * 64}', 1, '', '{NOW}')",
    "delete evidence": "DELETE FROM evidence WHERE assessment_id = :a",
    "change the score": "UPDATE assessments SET total_score = 99 WHERE id = :a",
    "reopen it": "UPDATE assessments SET status = 'draft' WHERE id = :a",
}


@pytest.fixture
def finalized(ws: WorkspaceService, enterprise_id: int, tmp_path: Path) -> int:
    a = ws.new_assessment(VALID_USCC, answers_document=SAMPLE, assessor=Assessor("张工")).id
    evidence_file = tmp_path / "网络拓扑图.png"
    evidence_file.write_bytes(b"\x89PNG fake topology")
    ws.add_evidence(a, "Q1", evidence_file)
    ws.finalize(a)
    return a


@pytest.mark.parametrize("what", list(STATEMENTS))
def test_direct_sql_cannot_change_a_finalized_assessment(
    finalized: int, location: WorkspaceLocation, what: str
) -> None:
    engine = create_engine(location.engine_url())
    try:
        with pytest.raises(IntegrityError, match="assessment is finalized"), engine.begin() as conn:
            conn.execute(text(STATEMENTS[what]), {"a": finalized})
        with engine.connect() as conn:
            status = conn.execute(text("SELECT status FROM assessments WHERE id = :a"), {"a": finalized}).scalar()
            q5 = conn.execute(
                text("SELECT value FROM answer_items WHERE assessment_id = :a AND key = 'Q5'"), {"a": finalized}
            ).scalar()
            evidence = conn.execute(text("SELECT count(*) FROM evidence WHERE assessment_id = :a"), {"a": finalized})
            assert (status, q5, evidence.scalar()) == ("finalized", '"C"', 1)
    finally:
        engine.dispose()


def test_a_draft_stays_editable_by_sql(ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation) -> None:
    a = ws.new_assessment(VALID_USCC, answers_document=SAMPLE).id
    engine = create_engine(location.engine_url())
    try:
        with engine.begin() as conn:
            conn.execute(text(STATEMENTS["update an answer"]), {"a": a})
    finally:
        engine.dispose()
    assert ws.answers(a).answers["Q5"] == "E"
