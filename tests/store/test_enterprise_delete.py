"""Deleting and archiving enterprises (issue 13, "Undo and safety"), on SQLite and PostgreSQL.

Findings: "An enterprise can't be deleted (GUI or CLI), so a mistyped one stays forever"; it must be refused, with
the reason, for an enterprise with a finalized assessment, and "archiving hides it from the default list instead".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.core.records import AssessmentKind, Assessor
from app.main import database_admin, project_service
from app.services.ports import EnterpriseDeleteRefusedError, FinalizedError, NotFoundError
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import VALID_USCC
from tests.unit.test_findings import ISSUE_DOCUMENT

OTHER_USCC = "91440300MA5DC1XX0Q"
SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))


def _evidence(ws: WorkspaceService, assessment_id: int, tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return ws.add_evidence(assessment_id, "Q1", path).sha256


def _table_counts(location: WorkspaceLocation) -> dict[str, int]:
    engine = create_engine(location.engine_url())
    try:
        with engine.connect() as conn:
            return {
                t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)  # fixed table names
                for t in ("enterprises", "assessments", "answer_items", "evidence", "findings", "plan_checks",
                          "projects", "project_spending")
            }  # fmt: skip
    finally:
        engine.dispose()


def test_delete_takes_drafts_answers_evidence_findings_checks_and_projects(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation, tmp_path: Path
) -> None:
    """Finding: a mistyped enterprise stays forever. Deleting it takes everything stored for it, and nothing else."""
    other = ws.add_enterprise(EnterpriseInput(name="另一家企业", uscc=OTHER_USCC)).id
    kept = ws.new_assessment(other, AssessmentKind.BASELINE, SAMPLE, Assessor("李工")).id
    shared = _evidence(ws, kept, tmp_path, "共用.pdf", b"%PDF shared")
    before_other = _table_counts(location)

    a = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, Assessor("张工")).id
    b = ws.new_assessment(enterprise_id, AssessmentKind.AFTER, None, Assessor("张工")).id
    own = _evidence(ws, a, tmp_path, "拓扑.png", b"\x89PNG own")
    _evidence(ws, b, tmp_path, "共用.pdf", b"%PDF shared")  # the same file as the other enterprise's
    ws.set_findings(a, ISSUE_DOCUMENT)
    ws.set_plan_step_done(a, "Q5", True)
    projects = project_service(ws)
    p = projects.add(enterprise_id, contract_no="HT-1", provider="牵引单位", contract_amount=1000, signed="2024-05-01")
    projects.spend(p.id, amount=10, category="hardware")

    contents = ws.enterprise_contents(VALID_USCC)
    assert (contents.drafts, contents.finalized) == ((a, b), ())
    assert (contents.evidence, contents.findings, contents.plan_checks, contents.projects) == (2, 1, 1, 1)

    removed = ws.delete_enterprise(VALID_USCC)

    assert removed.drafts == (a, b)
    # exactly what it owned is gone (the fixture's enterprise existed before the other one's rows were counted)
    assert _table_counts(location) == dict(before_other, enterprises=before_other["enterprises"] - 1)
    with pytest.raises(NotFoundError):
        ws.enterprise(VALID_USCC)
    assert ws.assessment(kept).enterprise_id == other
    assert not ws.evidence_store.path_of(own).exists()  # its own file is gone
    assert ws.evidence_store.path_of(shared).exists()  # a file another assessment uses stays
    entry = [e for e in ws.repo.audit(enterprise_id=enterprise_id) if e.action == "enterprise.delete"]
    assert len(entry) == 1 and entry[0].key == VALID_USCC and entry[0].actor == "tester"
    assert json.loads(entry[0].old or "")["assessments"] == [a, b]
    check = database_admin(location).verify()  # the deletion extended the chain, it removed no audit row
    assert check.ok and check.audit_break is None and check.audit_rows > 0


def test_delete_is_refused_with_a_finalized_assessment_and_nothing_changes(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation
) -> None:
    """Finding: refused, with the reason, for an enterprise with a finalized assessment."""
    draft = ws.new_assessment(enterprise_id, AssessmentKind.AFTER, None, Assessor("张工")).id
    done = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, Assessor("张工")).id
    ws.finalize(done)
    before = _table_counts(location)
    audit_before = len(ws.repo.audit())

    with pytest.raises(EnterpriseDeleteRefusedError, match=f"has finalized assessment #{done}") as refused:
        ws.delete_enterprise(enterprise_id)
    assert isinstance(refused.value, FinalizedError) and refused.value.assessment_id == done

    assert _table_counts(location) == before
    assert len(ws.repo.audit()) == audit_before
    assert ws.assessment(draft).id == draft
    assert ws.enterprise_contents(enterprise_id).finalized == (done,)


def test_the_database_refuses_deleting_a_finalized_assessment_row(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation
) -> None:
    """The immutability triggers keep protecting finalized data: not even its row can be deleted with SQL."""
    done = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, Assessor("张工")).id
    ws.finalize(done)
    draft = ws.new_assessment(enterprise_id, AssessmentKind.AFTER, None, Assessor("张工")).id
    engine = create_engine(location.engine_url())
    try:
        with pytest.raises(IntegrityError, match="assessment is finalized"), engine.begin() as conn:
            conn.execute(text("DELETE FROM assessments WHERE id = :a"), {"a": done})
        with engine.begin() as conn:  # a draft row is not protected (its children first: no cascade assumed)
            conn.execute(text("DELETE FROM answer_items WHERE assessment_id = :a"), {"a": draft})
            conn.execute(text("DELETE FROM assessments WHERE id = :a"), {"a": draft})
    finally:
        engine.dispose()
    assert ws.assessment(done).status.value == "finalized"
    with pytest.raises(NotFoundError):
        ws.assessment(draft)


def test_archive_hides_from_the_default_list_and_unarchive_brings_it_back(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation
) -> None:
    """Finding: archiving hides an enterprise from the default list instead of deleting it."""
    other = ws.add_enterprise(EnterpriseInput(name="另一家企业", uscc=OTHER_USCC)).id
    done = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, Assessor("张工")).id
    ws.finalize(done)

    archived = ws.set_archived(VALID_USCC, True)
    assert archived.archived
    assert [x.enterprise.id for x in ws.list_enterprises()] == [other]
    listed = {x.enterprise.id: x for x in ws.list_enterprises(include_archived=True)}
    assert listed[enterprise_id].enterprise.archived and not listed[other].enterprise.archived
    assert [s.assessment.id for s in listed[enterprise_id].assessments] == [done]
    assert ws.list_enterprises("东莞") == []
    assert [x.enterprise.id for x in ws.list_enterprises("东莞", include_archived=True)] == [enterprise_id]
    assert ws.enterprise(VALID_USCC).archived  # still found by its USCC (it is hidden, not gone)
    ws.set_archived(VALID_USCC, True)  # already archived: no second audit row

    restored = ws.set_archived(enterprise_id, False)
    assert not restored.archived
    assert sorted(x.enterprise.id for x in ws.list_enterprises()) == sorted([enterprise_id, other])
    actions = [e.action for e in ws.repo.audit(enterprise_id=enterprise_id) if "archive" in e.action]
    assert actions == ["enterprise.archive", "enterprise.unarchive"]
    assert database_admin(location).verify().ok
    assert ws.assessment(done).status.value == "finalized"  # the seal still holds


def test_archiving_an_unknown_enterprise_is_refused(ws: WorkspaceService) -> None:
    with pytest.raises(NotFoundError):
        ws.set_archived(OTHER_USCC, True)
    with pytest.raises(NotFoundError):
        ws.delete_enterprise(99)
