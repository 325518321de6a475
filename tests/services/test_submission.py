"""SubmissionService on fake ports: what goes into a package, what a later report prints, imports."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.answers import parse_json_text
from app.core.records import AssessmentStatus, Assessor
from app.core.texts import CommitmentText
from app.services.forms import FormRegistry
from app.services.submission import PackageRejectedError, SubmissionService
from app.services.texts import Commitments
from app.services.workspace import EnterpriseInput, ValidationError, WorkspaceService
from tests.conftest import SAMPLES_DIR
from tests.services.conftest import OTHER_USCC, VALID_USCC, FakeRenderer, submission_over
from tests.services.fakes import FakeEvidenceStore, FakePackagePort, FakeRepository

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())


def finalized(ws: WorkspaceService, enterprise_id: int, tmp_path: Path, *, on_site: bool = False) -> int:
    aid = ws.new_assessment(enterprise_id, answers_document=SAMPLE, assessor=Assessor("李评测"), on_site=on_site).id
    photo = tmp_path / "台账.pdf"
    photo.write_bytes(b"ledger")
    ws.add_evidence(aid, "Q1", photo)
    ws.finalize(aid)
    return aid


def test_a_draft_is_not_exported(
    ws: WorkspaceService, submission: SubmissionService, packages: FakePackagePort, enterprise_id: int, tmp_path: Path
) -> None:
    aid = ws.new_assessment(enterprise_id, answers_document=SAMPLE).id
    with pytest.raises(ValidationError) as info:
        submission.export_package(aid, tmp_path / "a.sdap")
    assert info.value.field == "assessment"
    assert packages.written == {}


def test_export_signs_the_record_with_the_commitment_and_records_the_export(
    ws: WorkspaceService,
    submission: SubmissionService,
    repo: FakeRepository,
    evidence: FakeEvidenceStore,
    packages: FakePackagePort,
    renderer: FakeRenderer,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    out = tmp_path / "a.sdap"
    exported = submission.export_package(aid, out)
    written = packages.written[out]
    assert written.record == ws.record(aid)
    # The package signs the bundled commitment, and the report inside it prints that same text.
    assert written.commitment == submission.commitment()
    assert renderer.reports[0]["commitment"] == written.commitment
    assert (written.signer_name, written.signer_role, written.countersigner_name) == ("王经理", "enterprise", None)
    assert written.evidence_files == {ev.sha256: evidence.path_of(ev.sha256) for ev in ws.evidence(aid)}
    # The report inside the package knows its signer, not yet the package's own fingerprint.
    assert written.report_pdf == b"%PDF-report-1"
    assert (renderer.reports[0]["package"], renderer.reports[0]["signer"]) == (None, FakePackagePort.SIGNER)
    [record] = repo.list_exports(aid)
    assert (record.package_fingerprint, record.signer_fingerprint, record.path) == (
        exported.fingerprint, FakePackagePort.SIGNER, str(out),
    )  # fmt: skip
    assert record.actor == "tester"


def test_reports_printed_after_an_export_carry_its_fingerprints(
    ws: WorkspaceService, submission: SubmissionService, renderer: FakeRenderer, enterprise_id: int, tmp_path: Path
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    submission.export_pdf(aid, tmp_path / "before.pdf")
    assert (renderer.reports[-1]["package"], renderer.reports[-1]["signer"]) == (None, None)
    submission.export_package(aid, tmp_path / "one.sdap")
    latest = submission.export_package(aid, tmp_path / "two.sdap")
    out = submission.export_pdf(aid, tmp_path / "after.pdf")
    assert out.read_bytes() == b"%PDF-report-" + str(len(renderer.reports)).encode()
    assert (renderer.reports[-1]["package"], renderer.reports[-1]["signer"]) == (
        latest.fingerprint, FakePackagePort.SIGNER,
    )  # fmt: skip
    with pytest.raises(ValidationError) as info:
        submission.export_pdf(aid, tmp_path / "no-such-folder" / "a.pdf")
    assert info.value.field == "out"


def test_countersigning_names_the_assessor(
    ws: WorkspaceService, submission: SubmissionService, packages: FakePackagePort, enterprise_id: int, tmp_path: Path
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path, on_site=True)
    submission.export_package(aid, tmp_path / "a.sdap", signer_name=" 张总 ", countersign=True)
    written = packages.written[tmp_path / "a.sdap"]
    assert (written.signer_name, written.countersigner_name) == ("张总", "李评测")


def test_comparison_report_gets_both_assessments(
    ws: WorkspaceService, submission: SubmissionService, renderer: FakeRenderer, enterprise_id: int, tmp_path: Path
) -> None:
    baseline = finalized(ws, enterprise_id, tmp_path)
    after = ws.start_after_from(baseline).id
    out = submission.export_comparison_pdf(baseline, after, tmp_path / "c.pdf")
    assert out.read_bytes() == b"%PDF-comparison"
    assert renderer.comparisons == [ws.compare(baseline, after)]


def test_import_brings_a_package_into_another_workspace_once(
    ws: WorkspaceService,
    submission: SubmissionService,
    evidence: FakeEvidenceStore,
    packages: FakePackagePort,
    registry: FormRegistry,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    out = tmp_path / "a.sdap"
    submission.export_package(aid, out)
    receiver_repo = FakeRepository()
    receiver_evidence = FakeEvidenceStore()
    receiver = submission_over(receiver_repo, receiver_evidence, registry, FakeRenderer(), packages)
    outcome = receiver.import_package(out, trusted=[FakePackagePort.SIGNER])
    assert (outcome.status, outcome.new_enterprise) == ("imported", True)
    imported = receiver_repo.assessments[outcome.assessment_id]
    assert imported.status is AssessmentStatus.FINALIZED
    assert receiver_repo.enterprises[outcome.enterprise_id].uscc == VALID_USCC
    assert receiver_repo.load_answers(outcome.assessment_id).answers == ws.answers(aid).answers
    assert set(receiver_evidence.blobs) == {ev.sha256 for ev in ws.evidence(aid)}
    again = receiver.import_package(out, trusted=[FakePackagePort.SIGNER])
    assert (again.status, again.assessment_id) == ("duplicate", outcome.assessment_id)
    assert len(receiver_repo.assessments) == 1


def test_import_joins_a_known_enterprise_and_a_rejected_package_adds_nothing(
    ws: WorkspaceService,
    submission: SubmissionService,
    packages: FakePackagePort,
    registry: FormRegistry,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    good, bad = tmp_path / "good.sdap", tmp_path / "bad.sdap"
    submission.export_package(aid, good)
    submission.export_package(aid, bad)
    packages.rejected.add(bad)
    receiver_repo = FakeRepository()
    receiver = submission_over(receiver_repo, FakeEvidenceStore(), registry, FakeRenderer(), packages)
    receiver_ws = WorkspaceService(receiver_repo, registry, FakeEvidenceStore(), "receiver")
    sent_name = packages.written[good].record.enterprise.name
    known = receiver_ws.add_enterprise(EnterpriseInput(name=sent_name, uscc=VALID_USCC))
    receiver_ws.add_enterprise(EnterpriseInput(name="乙", uscc=OTHER_USCC))
    with pytest.raises(PackageRejectedError):
        receiver.import_package(bad, trusted=[FakePackagePort.SIGNER])
    assert receiver_repo.assessments == {}
    outcome = receiver.import_package(good, trusted=[FakePackagePort.SIGNER])
    assert (outcome.enterprise_id, outcome.new_enterprise) == (known.id, False)
    assert len(receiver_repo.enterprises) == 2


def test_import_policy_refuses_an_untrusted_key_and_a_known_uscc_under_another_name(
    ws: WorkspaceService,
    submission: SubmissionService,
    packages: FakePackagePort,
    registry: FormRegistry,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    out = tmp_path / "p.sdap"
    submission.export_package(aid, out)
    receiver_repo = FakeRepository()
    receiver = submission_over(receiver_repo, FakeEvidenceStore(), registry, FakeRenderer(), packages)
    with pytest.raises(PackageRejectedError, match="not trusted"):
        receiver.import_package(out)
    WorkspaceService(receiver_repo, registry, FakeEvidenceStore(), "r").add_enterprise(
        EnterpriseInput(name="另一个名字有限公司", uscc=VALID_USCC)
    )
    for kwargs in ({"accept_unknown": True}, {"trusted": [FakePackagePort.SIGNER]}):
        with pytest.raises(PackageRejectedError, match="企业名称不同"):
            receiver.import_package(out, **kwargs)  # type: ignore[arg-type]
    assert receiver_repo.assessments == {}


def test_a_report_after_export_prints_the_commitment_version_the_package_signed(
    ws: WorkspaceService,
    repo: FakeRepository,
    evidence: FakeEvidenceStore,
    registry: FormRegistry,
    renderer: FakeRenderer,
    packages: FakePackagePort,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    v1 = CommitmentText("truthfulness-commitment", 1, "第一版承诺。")
    v2 = CommitmentText("truthfulness-commitment", 2, "第二版承诺。")
    aid = finalized(ws, enterprise_id, tmp_path)
    old_build = SubmissionService(
        repo, evidence, registry, "tester", render_pdf=renderer.render_pdf,
        render_comparison=renderer.render_comparison, write_package=packages.write, commitments=Commitments((v1,)),
    )  # fmt: skip
    old_build.export_package(aid, tmp_path / "a.sdap")
    assert packages.written[tmp_path / "a.sdap"].commitment == v1
    assert repo.list_exports(aid)[-1].commitment == "truthfulness-commitment@1"
    # A later build ships version 2: new packages sign it, but this assessment's report keeps what was signed.
    new_build = SubmissionService(
        repo, evidence, registry, "tester", render_pdf=renderer.render_pdf,
        render_comparison=renderer.render_comparison, write_package=packages.write, commitments=Commitments((v1, v2)),
    )  # fmt: skip
    assert new_build.commitment() == v2
    new_build.report_bytes(aid)
    assert renderer.reports[-1]["commitment"] == v1
    other = finalized(ws, enterprise_id, tmp_path)
    new_build.report_bytes(other)  # never exported: the current text
    assert renderer.reports[-1]["commitment"] == v2


@pytest.mark.parametrize(
    ("field", "hostile"),
    [
        ("assessor.name", lambda r: replace(r, assessment=replace(r.assessment, assessor=Assessor("张" * 101)))),
        ("assessor.role", lambda r: replace(r, assessment=replace(r.assessment, assessor=Assessor("张", "", "\x1b[")))),
        ("name", lambda r: replace(r, enterprise=replace(r.enterprise, name="甲\udc80"))),
        ("notes.Q1", lambda r: replace(r, answers=r.answers.with_note("Q1", "\u202e倒"))),
        ("evidence.filename", lambda r: replace(r, evidence=(replace(r.evidence[0], filename="a\nb.pdf"),))),
    ],
)
def test_an_import_refuses_received_text_that_breaks_the_text_rule(
    field: str,
    hostile: Any,
    ws: WorkspaceService,
    submission: SubmissionService,
    packages: FakePackagePort,
    registry: FormRegistry,
    enterprise_id: int,
    tmp_path: Path,
) -> None:
    aid = finalized(ws, enterprise_id, tmp_path)
    out = tmp_path / "hostile.sdap"
    submission.export_package(aid, out)
    written = packages.written[out]
    assert written.record.evidence, "the package carries evidence"
    packages.written[out] = replace(written, record=hostile(written.record))  # signed as it is by its sender
    receiver_repo = FakeRepository()
    receiver = submission_over(receiver_repo, FakeEvidenceStore(), registry, FakeRenderer(), packages)
    with pytest.raises(PackageRejectedError, match=f"refused: {re.escape(field)}:"):
        receiver.import_package(out)
    assert receiver_repo.assessments == {} and receiver_repo.enterprises == {}


def test_reports_after_export_name_the_signers_and_the_package_file(
    ws: WorkspaceService, submission: SubmissionService, renderer: FakeRenderer, enterprise_id: int, tmp_path: Path
) -> None:
    """Issue 13: the report lacks the signers and their fingerprints and the package to verify (如何核验)."""
    aid = finalized(ws, enterprise_id, tmp_path)
    submission.export_pdf(aid, tmp_path / "before.pdf")
    assert (renderer.reports[-1]["signers"], renderer.reports[-1]["package_file"]) == ((), None)
    submission.export_package(aid, tmp_path / "企业-改造后.sdap")
    submission.export_pdf(aid, tmp_path / "after.pdf")
    [signer] = renderer.reports[-1]["signers"]
    assert (signer.role, signer.fingerprint) == ("enterprise", FakePackagePort.SIGNER)
    assert renderer.reports[-1]["package_file"] == "企业-改造后.sdap"  # the file name, never its folder


def test_comparison_report_gets_both_package_fingerprints(
    ws: WorkspaceService, submission: SubmissionService, renderer: FakeRenderer, enterprise_id: int, tmp_path: Path
) -> None:
    """Issue 13: the comparison report has no package fingerprints."""
    baseline = finalized(ws, enterprise_id, tmp_path)
    exported = submission.export_package(baseline, tmp_path / "baseline.sdap")
    after = ws.start_after_from(baseline).id
    submission.export_comparison_pdf(baseline, after, tmp_path / "c.pdf")
    assert renderer.compared_packages == [(exported.fingerprint, None)]
