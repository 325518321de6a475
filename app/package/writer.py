"""Export an assessment as a signed package, atomically (temporary file, flush, fsync, rename)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.fileio import write_atomic
from app.core.form import Form
from app.core.records import AssessmentRecord
from app.core.reportbinding import BindingError, decimal_text, find_binding
from app.core.scoring import ScoreResult
from app.package.format import (
    ALGORITHM,
    ANSWERS,
    COMMITMENT,
    EVIDENCE_DIR,
    FORM,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    NORMATIVE,
    REPORT,
    RESULT,
    AssessmentInfo,
    AssessorInfo,
    Commitment,
    EnterpriseRef,
    EvidenceEntry,
    FileEntry,
    FormRef,
    Manifest,
    SignatureRecord,
    SignerRef,
    json_bytes,
    normative_from_score,
    safe_member_component,
    sha256_hex,
    signature_member,
    utc_text,
)
from app.package.keys import Signer
from app.package.safezip import DEFAULT_LIMITS, Member, build_archive


class ExportError(ValueError):
    """The package cannot be written; nothing was left at the destination."""


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    manifest_sha256: str  # hex SHA-256 of manifest.json: what the signatures cover
    sha256: str  # hex SHA-256 of the whole package file
    size: int
    fingerprints: tuple[str, ...]  # the signers' key fingerprints, in signature order

    @property
    def package_fingerprint(self) -> str:
        """Return the package's identity for humans: ``SHA256:`` + the manifest digest."""
        return "SHA256:" + self.manifest_sha256


def package_record(record: AssessmentRecord) -> AssessmentRecord:
    """Return the record as the package carries it: answers pinned to the assessment's form revision.

    The manifest's content_digest is ``package_record(record).content_digest()``; a report meant to match
    a package should print the same.
    """
    a = record.assessment
    answers = record.answers
    if answers.form_id != a.form_id:
        raise ExportError(f"the answers are for form {answers.form_id!r}, the assessment for {a.form_id!r}")
    if answers.form_revision is not None and answers.form_revision != a.form_revision:
        raise ExportError(
            f"the answers name revision {answers.form_revision}, the assessment revision {a.form_revision}"
        )
    return replace(record, answers=replace(answers, form_revision=a.form_revision))


def _dt(moment: datetime | None) -> str | None:
    return None if moment is None else utc_text(moment)


def build_manifest(
    *,
    record: AssessmentRecord,
    files: Mapping[str, bytes],
    evidence: Sequence[EvidenceEntry],
    signers: Sequence[Signer],
    app_version: str,
    created_at: datetime,
) -> Manifest:
    """Return the manifest for a record and the member bytes it declares."""
    e, a = record.enterprise, record.assessment
    return Manifest(
        format=FORMAT_NAME,
        format_version=FORMAT_VERSION,
        app_version=app_version,
        created_at=utc_text(created_at),
        form=FormRef(a.form_id, a.form_revision, a.form_hash),
        enterprise=EnterpriseRef(e.name, e.uscc),
        assessment=AssessmentInfo(
            id=a.id,
            kind=a.kind.value,
            status=a.status.value,
            assessed_on=a.assessed_on.isoformat() if a.assessed_on else None,
            created_at=_dt(a.created_at),
            finalized_at=_dt(a.finalized_at),
            on_site=a.on_site,
            assessor=AssessorInfo(a.assessor.name, a.assessor.organisation, a.assessor.role),
        ),
        content_digest=record.content_digest(),
        evidence=tuple(evidence),
        signers=tuple(SignerRef(s.role.value, s.name, s.fingerprint) for s in signers),
        files=file_entries(files),
    )


def file_entries(files: Mapping[str, bytes]) -> tuple[FileEntry, ...]:
    """Return the manifest's files list for the given members, sorted by UTF-8 path bytes."""
    return tuple(
        FileEntry(path, len(data), sha256_hex(data))
        for path, data in sorted(files.items(), key=lambda kv: kv[0].encode("utf-8"))
    )


def assemble_package(
    manifest: Manifest | Mapping[str, Any],
    files: Mapping[str, bytes],
    signers: Sequence[Signer],
    signed_at: datetime,
) -> tuple[bytes, bytes]:
    """Serialise and sign a manifest, then lay out the canonical archive; return (archive, manifest bytes).

    A low-level step: it trusts its input. ``export_package`` is the entry point for real exports.
    """
    manifest_json = manifest.to_json() if isinstance(manifest, Manifest) else dict(manifest)
    manifest_bytes = json_bytes(manifest_json)
    members = [Member(MANIFEST, manifest_bytes)]
    members += [Member(path, data) for path, data in files.items()]
    for index, signer in enumerate(signers, start=1):
        record = SignatureRecord(
            role=signer.role.value,
            signer_name=signer.name,
            algorithm=ALGORITHM,
            public_key=signer.public_key_bytes,
            fingerprint=signer.fingerprint,
            signature=signer.sign(manifest_bytes),
            signed_at=utc_text(signed_at),
        )
        members.append(Member(signature_member(index), json_bytes(record.to_json())))
    members.sort(key=lambda m: m.name.encode("utf-8"))
    return build_archive(members), manifest_bytes


def _read_evidence(
    record: AssessmentRecord, evidence_files: Mapping[str, Path]
) -> tuple[dict[str, bytes], list[EvidenceEntry]]:
    files: dict[str, bytes] = {}
    entries: list[EvidenceEntry] = []
    folded: set[str] = set()
    path_of: dict[tuple[str, str], str] = {}
    content: dict[str, bytes] = {}
    for ev in sorted(record.evidence, key=lambda x: (x.item, x.filename, x.sha256)):
        if ev.sha256 not in content:
            source = evidence_files.get(ev.sha256)
            if source is None:
                raise ExportError(f"evidence {ev.filename!r} ({ev.item}): no file given for sha256 {ev.sha256}")
            if ev.size > DEFAULT_LIMITS.max_member_size:
                raise ExportError(f"evidence {ev.filename!r} is larger than {DEFAULT_LIMITS.max_member_size} bytes")
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise ExportError(f"evidence {ev.filename!r}: cannot read {source}: {exc}") from exc
            digest = hashlib.sha256(data).hexdigest()
            if digest != ev.sha256 or len(data) != ev.size:
                raise ExportError(
                    f"evidence {ev.filename!r} ({ev.item}): {source} has changed since it was recorded "
                    f"(sha256 {digest}, {len(data)} bytes; recorded {ev.sha256}, {ev.size} bytes)"
                )
            content[ev.sha256] = data
        key = (ev.sha256, ev.filename)
        if key not in path_of:
            component = safe_member_component(ev.filename)
            path = f"{EVIDENCE_DIR}{ev.sha256}/{component}"
            stem, dot, ext = component.rpartition(".")
            if not dot:
                stem, ext = component, ""
            n = 2
            while path.casefold() in folded:
                path = f"{EVIDENCE_DIR}{ev.sha256}/{stem}~{n}{dot}{ext}"
                n += 1
            folded.add(path.casefold())
            path_of[key] = path
            files[path] = content[ev.sha256]
        entries.append(EvidenceEntry(ev.item, ev.filename, ev.sha256, ev.size, path_of[key]))
    return files, entries


def _check_binding(report_pdf: bytes, content_digest: str, result: ScoreResult) -> None:
    try:
        binding = find_binding(report_pdf)
    except BindingError as exc:
        raise ExportError(f"report_pdf is not bound to this assessment: {exc}") from exc
    expected = (content_digest, result.level, decimal_text(result.total_score))
    if (binding.content_digest, binding.level, binding.total_score) != expected:
        raise ExportError(
            f"report_pdf is the report of other content: it carries {binding.content_digest}, level "
            f"{binding.level}, {binding.total_score} points; the package has {expected[0]}, level {expected[1]}, "
            f"{expected[2]} points"
        )


def build_package_bytes(
    *,
    form: Form,
    record: AssessmentRecord,
    result: ScoreResult,
    report_pdf: bytes,
    evidence_files: Mapping[str, Path],
    commitment: Commitment,
    signers: Sequence[Signer],
    app_version: str,
    created_at: datetime | None = None,
) -> tuple[bytes, bytes]:
    """Return (package bytes, manifest bytes) for a record; see ``export_package``."""
    if not signers:
        raise ExportError("a package needs at least one signer (the enterprise)")
    roles = [s.role for s in signers]
    if len(set(roles)) != len(roles):
        raise ExportError("each role (enterprise, assessor) may sign a package once")
    if not commitment.accepted:
        raise ExportError("the truthfulness commitment has not been accepted")
    if not commitment.text.strip() or not commitment.signer_name.strip():
        raise ExportError("the truthfulness commitment needs its text and the signer's name")
    rec = package_record(record)
    a = rec.assessment
    if (result.form_id, result.form_revision, result.form_hash) != (a.form_id, a.form_revision, a.form_hash):
        raise ExportError(
            f"the score result is for {result.form_id} r{result.form_revision} ({result.form_hash}), the "
            f"assessment for {a.form_id} r{a.form_revision} ({a.form_hash})"
        )
    if (form.id, form.revision, form.content_hash) != (a.form_id, a.form_revision, a.form_hash):
        raise ExportError(f"the form given is {form.id} r{form.revision} ({form.content_hash}), not the assessment's")
    if not form.definition:
        raise ExportError(f"the definition of form {form.id} r{form.revision} is not available to embed")
    if not report_pdf.startswith(b"%PDF-"):
        raise ExportError("report_pdf is not a PDF document")
    _check_binding(report_pdf, rec.content_digest(), result)
    moment = created_at or datetime.now(UTC)
    files, evidence = _read_evidence(rec, evidence_files)
    files[ANSWERS] = json_bytes(rec.answers.to_document())
    files[FORM] = form.definition
    files[NORMATIVE] = json_bytes(normative_from_score(result))
    files[RESULT] = json_bytes(result.to_json())
    files[REPORT] = report_pdf
    files[COMMITMENT] = json_bytes(commitment.to_json())
    manifest = build_manifest(
        record=rec, files=files, evidence=evidence, signers=signers, app_version=app_version, created_at=moment
    )
    data, manifest_bytes = assemble_package(manifest, files, signers, moment)
    if len(data) > DEFAULT_LIMITS.max_archive_size:
        raise ExportError(f"the package would be {len(data)} bytes; the limit is {DEFAULT_LIMITS.max_archive_size}")
    return data, manifest_bytes


def export_package(
    out_path: Path,
    *,
    form: Form,
    record: AssessmentRecord,
    result: ScoreResult,
    report_pdf: bytes,
    evidence_files: Mapping[str, Path],
    commitment: Commitment,
    signers: Sequence[Signer],
    app_version: str,
    created_at: datetime | None = None,
) -> PackageInfo:
    """Write the signed package for one assessment to out_path, atomically; return what was written.

    ``evidence_files`` maps each evidence sha256 to the file holding it; each file is re-hashed and must
    still match the record. On any error nothing is left at out_path (an existing file there is untouched).
    """
    out_path = Path(out_path)
    data, manifest_bytes = build_package_bytes(
        form=form,
        record=record,
        result=result,
        report_pdf=report_pdf,
        evidence_files=evidence_files,
        commitment=commitment,
        signers=signers,
        app_version=app_version,
        created_at=created_at,
    )
    if not out_path.parent.is_dir():
        raise ExportError(f"folder {out_path.parent} does not exist")
    write_atomic(out_path, data)
    return PackageInfo(
        path=out_path,
        manifest_sha256=sha256_hex(manifest_bytes),
        sha256=sha256_hex(data),
        size=len(data),
        fingerprints=tuple(s.fingerprint for s in signers),
    )
