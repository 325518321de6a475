"""WorkspaceService on a fake repository and evidence store: validation, rescoring, finalizing, corrections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core.answers import parse_json_text
from app.core.records import AssessmentKind, AssessmentStatus, Assessor
from app.core.scoring import score
from app.services.forms import FormRegistry
from app.services.ports import DuplicateError, FinalizedError, NotFoundError
from app.services.workspace import EnterpriseInput, ValidationError, WorkspaceService
from tests.conftest import SAMPLES_DIR
from tests.services.conftest import OTHER_USCC, VALID_USCC
from tests.services.fakes import FakeEvidenceStore, FakeRepository

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())


def complete(ws: WorkspaceService, enterprise_id: int) -> int:
    created = ws.new_assessment(enterprise_id, answers_document=SAMPLE, assessor=Assessor("李评测"))
    return created.id


def test_enterprise_input_is_validated_before_the_repository_sees_it(
    ws: WorkspaceService, repo: FakeRepository
) -> None:
    with pytest.raises(ValidationError) as info:
        ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC[:-1] + "4"))
    assert info.value.field == "uscc"
    assert repo.enterprises == {} and repo.audit_log == []
    created = ws.add_enterprise(EnterpriseInput(name=" 甲 ", uscc=VALID_USCC.lower(), industry="c34", size="小型"))
    stored = repo.enterprises[created.id]
    assert (stored.name, stored.uscc, stored.industry_section, stored.industry_division) == (
        "甲",
        VALID_USCC,
        "C",
        "34",
    )
    assert stored.size is not None and stored.size.label == "小型"
    with pytest.raises(DuplicateError):
        ws.add_enterprise(EnterpriseInput(name="乙", uscc=VALID_USCC))
    assert ws.enterprise(VALID_USCC.lower()).id == ws.enterprise(str(created.id)).id == created.id
    with pytest.raises(NotFoundError):
        ws.enterprise(OTHER_USCC)


def test_a_new_assessment_is_pinned_to_its_form_and_scored(
    ws: WorkspaceService, repo: FakeRepository, registry: FormRegistry, enterprise_id: int
) -> None:
    aid = complete(ws, enterprise_id)
    stored = repo.assessments[aid]
    form = registry.get(stored.form_id, stored.form_revision)
    assert stored.form_hash == form.content_hash
    expected = score(form, ws.answers(aid))
    assert expected.complete
    summary = repo.summaries[aid]
    assert (summary.total, summary.level, summary.complete) == (expected.total_score, expected.level, True)


def test_each_change_is_rescored_and_saved(
    ws: WorkspaceService, repo: FakeRepository, registry: FormRegistry, enterprise_id: int
) -> None:
    aid = complete(ws, enterprise_id)
    before = repo.summaries[aid].total
    form = ws.form_for(aid)
    question = form.questions[0]
    result = ws.set_choice(aid, question.id, None)
    assert not result.complete and question.id in result.missing
    assert result == score(form, repo_answers := ws.answers(aid))
    assert question.id not in repo_answers.answers
    assert repo.summaries[aid].total == result.total_score <= before
    assert repo.assessments[aid].last_item == question.id
    assert [a.action for a in repo.audit(assessment_id=aid)][-1] == "choice.set"
    with pytest.raises(ValidationError) as info:
        ws.set_scene(aid, form.scenes[0].id, 9)
    assert info.value.field == form.scenes[0].id
    assert ws.answers(aid) == repo_answers  # a refused change changed nothing


def test_finalize_needs_every_answer_and_an_assessor_then_freezes(
    ws: WorkspaceService, repo: FakeRepository, enterprise_id: int
) -> None:
    aid = complete(ws, enterprise_id)
    question = ws.form_for(aid).questions[0]
    kept = ws.answers(aid).answers[question.id]
    ws.set_choice(aid, question.id, None)
    with pytest.raises(ValidationError) as info:
        ws.finalize(aid)
    assert info.value.field == "answers" and question.id in info.value.message
    ws.set_choice(aid, question.id, kept)
    ws.update_info(aid, Assessor(""), on_site=False, assessed_on=None)
    with pytest.raises(ValidationError, match="assessor"):
        ws.finalize(aid)
    ws.update_info(aid, Assessor("李评测"), on_site=True, assessed_on=None)
    assert ws.finalize(aid).status is AssessmentStatus.FINALIZED
    with pytest.raises(FinalizedError):
        ws.set_choice(aid, question.id, None)
    with pytest.raises(FinalizedError):
        ws.finalize(aid)
    assert repo.assessments[aid].status is AssessmentStatus.FINALIZED


def test_a_correction_copies_answers_and_evidence_and_keeps_the_original(
    ws: WorkspaceService, repo: FakeRepository, evidence: FakeEvidenceStore, enterprise_id: int, tmp_path: Path
) -> None:
    aid = complete(ws, enterprise_id)
    photo = tmp_path / "产线.jpg"
    photo.write_bytes(b"jpeg bytes")
    ev = ws.add_evidence(aid, "Q1", photo, "产线照片")
    assert evidence.blobs == {ev.sha256: b"jpeg bytes"}
    ws.finalize(aid)
    with pytest.raises(ValidationError, match="reason"):
        ws.correct(aid, "  ")
    fixed = ws.correct(aid, "Q1 填错")
    assert (fixed.revision_of, fixed.revision_reason, fixed.status) == (aid, "Q1 填错", AssessmentStatus.DRAFT)
    assert ws.answers(fixed.id) == ws.answers(aid)
    copied = ws.evidence(fixed.id)
    assert [(e.item, e.sha256) for e in copied] == [("Q1", ev.sha256)]
    ws.remove_evidence(copied[0].id)  # the finalized original still uses the file: it stays
    assert ev.sha256 in evidence.blobs
    assert repo.assessments[aid].status is AssessmentStatus.FINALIZED


def test_evidence_is_checked_and_its_file_discarded_when_unused(
    ws: WorkspaceService, evidence: FakeEvidenceStore, enterprise_id: int, tmp_path: Path
) -> None:
    aid = ws.new_assessment(enterprise_id).id
    photo = tmp_path / "a.png"
    photo.write_bytes(b"png")
    with pytest.raises(ValidationError) as info:
        ws.add_evidence(aid, "Q99", photo)
    assert info.value.field == "item"
    with pytest.raises(ValidationError) as info:
        ws.add_evidence(aid, "Q1", tmp_path / "missing.png")
    assert info.value.field == "file"
    assert evidence.blobs == {}
    ev = ws.add_evidence(aid, "Q1", photo)
    assert ws.evidence_path(ev) == evidence.path_of(ev.sha256)
    ws.remove_evidence(ev.id)
    assert evidence.blobs == {}


def test_a_changed_form_is_refused_rather_than_rescored(
    ws: WorkspaceService, repo: FakeRepository, enterprise_id: int
) -> None:
    aid = complete(ws, enterprise_id)
    repo.assessments[aid] = dataclasses.replace(repo.assessments[aid], form_hash="sha256:" + "0" * 64)
    with pytest.raises(ValidationError) as info:
        ws.result(aid)
    assert info.value.field == "form" and "new revision number" in info.value.message


def test_after_assessment_starts_from_the_baseline_and_compares_with_it(
    ws: WorkspaceService, repo: FakeRepository, enterprise_id: int
) -> None:
    baseline = complete(ws, enterprise_id)
    after = ws.start_after_from(baseline)
    assert after.kind is AssessmentKind.AFTER and after.enterprise_id == enterprise_id
    assert ws.answers(after.id).answers == ws.answers(baseline).answers
    scene = ws.form_for(after.id).scenes[0].id
    ws.set_scene(after.id, scene, 3 if ws.answers(baseline).scenes.get(scene) == 4 else 4)
    comparison = ws.compare(baseline, after.id)
    assert [s.scene_id for s in comparison.changed_scenes] == [scene]
    other = ws.add_enterprise(EnterpriseInput(name="乙", uscc=OTHER_USCC)).id
    elsewhere = complete(ws, other)
    with pytest.raises(ValidationError) as info:
        ws.compare(baseline, elsewhere)
    assert info.value.field == "assessments"


def test_close_closes_the_repository(ws: WorkspaceService, repo: FakeRepository) -> None:
    ws.close()
    assert repo.closed
