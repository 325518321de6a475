"""Export → verify round trips, and each way a package can be wrong once it is a sound archive."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.answers import parse_answers
from app.core.form import Form
from app.core.records import AssessmentStatus
from app.core.scoring import score
from app.package import (
    ExportError,
    PackageVerificationError,
    SignerRole,
    export_package,
    fingerprint,
    verify_package,
)
from app.package.format import ANSWERS, MANIFEST, RESULT, json_bytes, parse_json_member
from app.package.safezip import DEFAULT_LIMITS
from app.package.writer import package_record
from app.services.forms import FormRegistry
from tests.package import (
    FIXED_TIME,
    bound_pdf,
    commitment,
    make_record,
    make_signer,
    members_of,
    package_bytes,
    repack,
    write_evidence,
)


def export(form: Form, tmp_path: Path, **kwargs: Any) -> Path:
    evidence, paths = write_evidence(tmp_path / "ev")
    record = make_record(form, evidence)
    out = tmp_path / "a.sdap"
    result = score(form, record.answers)
    args: dict[str, Any] = {
        "form": form,
        "record": record,
        "result": result,
        "report_pdf": bound_pdf(record, result),
        "evidence_files": paths,
        "commitment": commitment(),
        "signers": [make_signer(seed=1)],
        "app_version": "0.1.0",
        "created_at": FIXED_TIME,
    }
    args.update(kwargs)
    export_package(out, **args)
    return out


def test_export_then_verify_ok(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    signer = make_signer(seed=1)
    evidence, paths = write_evidence(tmp_path / "ev")
    record = make_record(form, evidence)
    out = tmp_path / "a.sdap"
    result = score(form, record.answers)
    info = export_package(
        out,
        form=form,
        record=record,
        result=result,
        report_pdf=bound_pdf(record, result),
        evidence_files=paths,
        commitment=commitment(),
        signers=[signer],
        app_version="0.1.0",
    )
    assert info.path == out and info.size == out.stat().st_size
    assert info.fingerprints == (signer.fingerprint,)
    report = verify_package(out, registry)
    assert report.ok, report.summary()
    assert report.manifest_sha256 == info.manifest_sha256
    assert report.signatures[0].fingerprint == signer.fingerprint
    assert report.to_json()["ok"] is True
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left
    manifest = report.manifest
    assert manifest is not None
    assert manifest.content_digest == package_record(record).content_digest()


def test_export_is_deterministic(form: Form, tmp_path: Path) -> None:
    assert package_bytes(form, tmp_path / "a") == package_bytes(form, tmp_path / "b")


def test_countersigned_package(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    enterprise = make_signer(SignerRole.ENTERPRISE, "王经理", seed=1)
    assessor = make_signer(SignerRole.ASSESSOR, "李工", seed=2)
    data = package_bytes(form, tmp_path, signers=[enterprise, assessor])
    report = verify_package(data, registry, require_roles=("enterprise", "assessor"))
    assert report.ok, report.summary()
    assert [s.role for s in report.signatures] == ["enterprise", "assessor"]
    assert "signatures/2.json" in members_of(data)


def test_required_countersignature_missing(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    report = verify_package(package_bytes(form, tmp_path), registry, require_roles=("enterprise", "assessor"))
    assert not report.ok
    assert report.codes() == {"signature-missing"}


def test_trusted_key_passes_and_other_key_fails(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    signer = make_signer(seed=1)
    data = package_bytes(form, tmp_path, signers=[signer])
    trusted = verify_package(data, registry, trusted=[signer.public_key_bytes])
    assert trusted.ok and trusted.signatures[0].trusted is True
    other = verify_package(data, registry, trusted=[make_signer(seed=9).public_key_bytes])
    assert not other.ok
    assert other.codes() == {"untrusted-key"}
    assert signer.fingerprint.removeprefix("SHA256:")[:4] in other.failures[0].message


def test_untrusted_countersignature_fails(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    enterprise = make_signer(seed=1)
    assessor = make_signer(SignerRole.ASSESSOR, "李工", seed=2)
    data = package_bytes(form, tmp_path, signers=[enterprise, assessor])
    report = verify_package(data, registry, trusted=[enterprise.public_key_bytes])
    assert report.codes() == {"untrusted-key"}
    assert report.failures[0].subject == "signatures/2.json"


def tamper_answers(files: dict[str, bytes]) -> None:
    doc = json.loads(files[ANSWERS])
    doc["answers"]["Q2"] = "E"
    files[ANSWERS] = json_bytes(doc)


def test_tampered_answers_with_fresh_digests_but_old_signature(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    data = repack(package_bytes(form, tmp_path), change_files=tamper_answers)
    report = verify_package(data, registry)
    assert not report.ok
    assert "signature" in report.codes()
    assert "file-digest" not in report.codes()  # the digests were recomputed: only the signature catches it


def test_resigned_package_whose_result_lies(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def lie(files: dict[str, bytes]) -> None:
        result = json.loads(files[RESULT])
        result["total_score"] = 95
        result["level"] = 4
        files[RESULT] = json_bytes(result)

    data = repack(package_bytes(form, tmp_path), change_files=lie, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    assert report.codes() == {"score-mismatch"}
    message = report.failures[0].message
    assert "total_score: package says 95" in message and "level: package says 4" in message


def test_resigned_tampered_answers_fail_score_and_digest(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = repack(package_bytes(form, tmp_path), change_files=tamper_answers, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    # the report inside still carries the old answers' level: it is not the report of these answers
    assert report.codes() == {"score-mismatch", "content-digest", "report-binding"}


def test_changed_member_is_named(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    members = members_of(data)
    report_pdf = members["report.pdf"]
    from app.package.safezip import Member, build_archive

    members["report.pdf"] = report_pdf.replace(b"595 842", b"842 595")
    rebuilt = build_archive([Member(n, b) for n, b in sorted(members.items(), key=lambda kv: kv[0].encode())])
    report = verify_package(rebuilt, registry)
    assert report.codes() == {"file-digest"}
    assert report.failures[0].subject == "report.pdf"
    assert "report.pdf" in report.failures[0].message


def test_missing_and_undeclared_files(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    members = members_of(data)
    from app.package.safezip import Member, build_archive

    del members["commitment.json"]
    members["notes.txt"] = b"smuggled"
    rebuilt = build_archive([Member(n, b) for n, b in sorted(members.items(), key=lambda kv: kv[0].encode())])
    report = verify_package(rebuilt, registry)
    assert {"file-missing", "file-undeclared"} <= report.codes()
    subjects = {c.subject for c in report.failures}
    assert {"commitment.json", "notes.txt"} <= subjects


def test_unknown_format_version(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def bump(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 3

    data = repack(package_bytes(form, tmp_path), change_manifest=bump, resign=[make_signer(seed=1)])
    report = verify_package(data, registry)
    assert report.codes() == {"format-version"}
    assert "format_version 3 is not supported" in report.failures[0].message


def test_wrong_format_name(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def rename(manifest: dict[str, Any]) -> None:
        manifest["format"] = "something-else"

    report = verify_package(repack(package_bytes(form, tmp_path), change_manifest=rename), registry)
    assert report.codes() == {"format"}


def test_manifest_schema_errors_name_the_field(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def break_it(manifest: dict[str, Any]) -> None:
        manifest["assessment"]["kind"] = "later"
        manifest["extra"] = 1

    report = verify_package(repack(package_bytes(form, tmp_path), change_manifest=break_it), registry)
    assert report.codes() == {"manifest"}
    messages = " | ".join(c.message for c in report.failures)
    assert "assessment.kind" in messages and "extra: unknown field" in messages


def test_unknown_form_revision(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def other(manifest: dict[str, Any]) -> None:
        manifest["form"]["revision"] = 99

    report = verify_package(
        repack(package_bytes(form, tmp_path), change_manifest=other, resign=[make_signer()]), registry
    )
    # format 2 embeds the form: the manifest now names another revision than the embedded form.json
    assert report.codes() == {"form-hash"}
    assert "revision 99" in report.failures[0].message


def test_form_hash_differs(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def other(manifest: dict[str, Any]) -> None:
        manifest["form"]["hash"] = "sha256:" + "0" * 64

    report = verify_package(
        repack(package_bytes(form, tmp_path), change_manifest=other, resign=[make_signer()]), registry
    )
    assert report.codes() == {"form-hash"}


def test_manifest_field_changed_and_resigned_breaks_content_digest(
    form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    def rename(manifest: dict[str, Any]) -> None:
        manifest["enterprise"]["name"] = "另一家公司"

    report = verify_package(
        repack(package_bytes(form, tmp_path), change_manifest=rename, resign=[make_signer()]), registry
    )
    assert report.codes() == {"content-digest"}


def test_answers_for_another_revision(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def other(files: dict[str, bytes]) -> None:
        doc = json.loads(files[ANSWERS])
        doc["form_revision"] = 2
        files[ANSWERS] = json_bytes(doc)

    report = verify_package(repack(package_bytes(form, tmp_path), change_files=other, resign=[make_signer()]), registry)
    assert report.codes() == {"answers-mismatch"}


def test_invalid_answers_are_named(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def bad(files: dict[str, bytes]) -> None:
        doc = json.loads(files[ANSWERS])
        doc["answers"]["Q1"] = ["A", "B"]
        files[ANSWERS] = json_bytes(doc)

    report = verify_package(repack(package_bytes(form, tmp_path), change_files=bad, resign=[make_signer()]), registry)
    assert report.codes() == {"answers-invalid"}
    assert "Q1" in report.failures[0].message


def test_malformed_json_members(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def bad(files: dict[str, bytes]) -> None:
        files[ANSWERS] = b'{"form": "miit-2024", "form": "x"}'  # duplicate key
        files["commitment.json"] = b"{not json"

    report = verify_package(repack(package_bytes(form, tmp_path), change_files=bad, resign=[make_signer()]), registry)
    assert report.codes() == {"answers-invalid", "commitment"}
    assert "duplicate key" in " ".join(c.message for c in report.failures)


def test_malformed_manifest(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    members = members_of(package_bytes(form, tmp_path))
    from app.package.safezip import Member, build_archive

    members[MANIFEST] = b'{"format": "sme-digital-assessment-package", NaN'
    data = build_archive([Member(n, b) for n, b in sorted(members.items(), key=lambda kv: kv[0].encode())])
    report = verify_package(data, registry)
    assert report.codes() == {"manifest"}
    assert "malformed JSON" in report.failures[0].message


def test_evidence_whose_content_differs_from_its_path(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    def swap(files: dict[str, bytes]) -> None:
        for name in files:
            if name.startswith("evidence/"):
                files[name] = b"other bytes"
                break

    def fix_size(manifest: dict[str, Any]) -> None:
        pass

    data = repack(package_bytes(form, tmp_path), change_files=swap, change_manifest=fix_size, resign=[make_signer()])
    report = verify_package(data, registry)
    assert report.codes() == {"evidence"}
    assert report.failures[0].subject.startswith("evidence/")


def test_signature_record_relabelled(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    data = package_bytes(form, tmp_path)
    members = members_of(data)
    sig = json.loads(members["signatures/1.json"])
    sig["role"] = "assessor"
    members["signatures/1.json"] = json_bytes(sig)
    from app.package.safezip import Member, build_archive

    rebuilt = build_archive([Member(n, b) for n, b in sorted(members.items(), key=lambda kv: kv[0].encode())])
    report = verify_package(rebuilt, registry)
    assert {"signer-mismatch", "signature-missing"} == report.codes()


def test_signature_from_another_key(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    """A signature record claiming the declared key but made with another key fails verification."""
    data = package_bytes(form, tmp_path)
    members = members_of(data)
    sig = json.loads(members["signatures/1.json"])
    sig["signature"] = json.loads(
        members_of(package_bytes(form, tmp_path / "x", signers=[make_signer(seed=5)]))["signatures/1.json"]
    )["signature"]
    members["signatures/1.json"] = json_bytes(sig)
    from app.package.safezip import Member, build_archive

    rebuilt = build_archive([Member(n, b) for n, b in sorted(members.items(), key=lambda kv: kv[0].encode())])
    assert verify_package(rebuilt, registry).codes() == {"signature", "signature-missing"}


def test_rezipped_by_another_tool_is_not_canonical(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    members = members_of(package_bytes(form, tmp_path))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members, key=str.encode):
            zf.writestr(name, members[name])
    report = verify_package(buffer.getvalue(), registry)
    assert report.codes() == {"archive-layout"}


def test_draft_is_a_warning(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    report = verify_package(package_bytes(form, tmp_path, status=AssessmentStatus.DRAFT, finalized_at=None), registry)
    assert report.ok
    assert [c.code for c in report.warnings] == ["draft"]
    # The one line says so: no check failed, and what warned; "every check passed" only when none did.
    assert report.summary().startswith("OK: ")
    assert "no check failed, 1 warning (draft)" in report.summary()
    assert "every check passed" not in report.summary()


def test_a_package_with_no_warning_says_every_check_passed(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    report = verify_package(package_bytes(form, tmp_path), registry)
    assert report.ok and not report.warnings
    assert report.summary().startswith("OK: ") and ": every check passed (signed by enterprise " in report.summary()


def test_load_returns_verified_content(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    path = export(form, tmp_path)
    loaded = verify_package(path, registry, load=True)
    record = make_record(form, write_evidence(tmp_path / "ev")[0])
    assert loaded.answers.to_document() == package_record(record).answers.to_document()
    assert loaded.record().content_digest() == loaded.manifest.content_digest
    assert loaded.report_pdf == bound_pdf(record, loaded.score)
    assert {ev.sha256 for ev in record.evidence} == set(loaded.evidence)
    assert loaded.commitment.accepted and loaded.commitment.signer_name == "王经理"
    assert loaded.score.to_json()["level"] == loaded.result["level"]
    assert loaded.signatures[0].fingerprint == fingerprint(make_signer(seed=1).public_key_bytes)


def test_load_refuses_a_bad_package(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    path = tmp_path / "bad.sdap"
    path.write_bytes(repack(package_bytes(form, tmp_path), change_files=tamper_answers))
    with pytest.raises(PackageVerificationError) as info:
        verify_package(path, registry, load=True)
    assert "signature" in info.value.report.codes()


def test_a_package_file_over_the_limit_is_refused_unread(registry: FormRegistry, tmp_path: Path) -> None:
    """Finding: a file over the 1 GiB limit was read whole (1 GiB of memory, seconds) before read_archive refused
    it. Now the size on disk refuses it, with the same check, and almost nothing is allocated."""
    big = tmp_path / "big.sdap"
    with big.open("wb") as f:
        f.truncate(DEFAULT_LIMITS.max_archive_size + 1)  # sparse: no disk used
    tracemalloc.start()
    try:
        report = verify_package(big, registry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.codes() == {"hostile-archive"} and [c.detail for c in report.failures] == ["too-large"]
    assert peak < 16 * 1024 * 1024, peak
    missing = verify_package(tmp_path / "nope.sdap", registry).failures[0].message
    assert "No such file or directory" in missing, missing  # it used to say "not a regular file"


def test_unreadable_file(registry: FormRegistry, tmp_path: Path) -> None:
    assert verify_package(tmp_path / "nope.sdap", registry).codes() == {"unreadable"}
    assert verify_package(tmp_path, registry).codes() == {"unreadable"}  # a folder, not a file
    with pytest.raises(PackageVerificationError) as info:
        verify_package(tmp_path / "nope.sdap", registry, load=True)
    assert info.value.report.codes() == {"unreadable"}


def test_bytes_and_file_verify_alike(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    path = export(form, tmp_path)
    from_file = verify_package(path, registry)
    from_bytes = verify_package(path.read_bytes(), registry, source="inbox/a.sdap")
    assert from_file.ok and from_bytes.ok
    assert from_bytes.source == "inbox/a.sdap" and from_file.source == str(path)
    assert [c.to_json() for c in from_bytes.checks] == [c.to_json() for c in from_file.checks]
    loaded = verify_package(path.read_bytes(), registry, load=True)
    assert loaded.package_sha256 == from_file.package_sha256


def test_export_failure_leaves_nothing(form: Form, tmp_path: Path) -> None:
    out = tmp_path / "a.sdap"
    out.write_bytes(b"previous export")
    evidence, paths = write_evidence(tmp_path / "ev")
    record = make_record(form, evidence)
    next(iter(paths.values())).write_bytes(b"changed on disk after it was recorded")
    result = score(form, record.answers)
    with pytest.raises(ExportError, match="has changed"):
        export_package(
            out,
            form=form,
            record=record,
            result=result,
            report_pdf=bound_pdf(record, result),
            evidence_files=paths,
            commitment=commitment(),
            signers=[make_signer()],
            app_version="0.1.0",
        )
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sdap", "ev"]


def test_export_interrupted_while_writing_removes_temp_file(
    form: Form, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail_fsync)
    with pytest.raises(OSError, match="disk full"):
        export(form, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ev"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"signers": []}, "at least one signer"),
        ({"report_pdf": b"not a pdf"}, "not a PDF"),
        ({"evidence_files": {}}, "no file given"),
    ],
)
def test_export_refuses_bad_input(form: Form, tmp_path: Path, change: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ExportError, match=fragment):
        export(form, tmp_path, **change)
    assert not (tmp_path / "a.sdap").exists()


def test_export_refuses_an_unaccepted_commitment_and_a_foreign_result(form: Form, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not been accepted"):
        export(form, tmp_path, commitment=replace(commitment(), accepted=False))
    answers = parse_answers({"form": form.id}, form)
    other = replace(score(form, answers), form_hash="sha256:" + "1" * 64)
    with pytest.raises(ExportError, match="score result"):
        export(form, tmp_path, result=other)


def test_result_json_is_the_score_output(form: Form, registry: FormRegistry, tmp_path: Path) -> None:
    members = members_of(package_bytes(form, tmp_path))
    result = parse_json_member(RESULT, members[RESULT])
    record = make_record(form)
    assert result == json.loads(json.dumps(score(form, record.answers).to_json()))
    assert json.loads(members[ANSWERS])["form_revision"] == form.revision
