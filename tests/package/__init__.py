"""Helpers shared by the package tests: a sample record, throwaway signers, an in-memory keyring, re-packing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import keyring.backend
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.answers import parse_answers
from app.core.form import Form
from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
)
from app.core.reportbinding import binding_token
from app.core.scoring import ScoreResult, score
from app.package.format import MANIFEST, Commitment, SignerRole, json_bytes, signature_index
from app.package.keys import Signer
from app.package.safezip import Member, build_archive, read_archive
from app.package.writer import assemble_package, build_package_bytes, file_entries, package_record
from tests.conftest import SAMPLES_DIR

# A minimal, valid one-page PDF (what the report module will produce is tested elsewhere).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
FIXED_TIME = datetime(2024, 6, 1, 8, 30, tzinfo=UTC)


def bound_pdf(record: AssessmentRecord, result: ScoreResult, pdf: bytes = MINIMAL_PDF) -> bytes:
    """Return a minimal PDF whose document information carries the record's report binding."""
    token = binding_token(package_record(record).content_digest(), result.level, result.total_score)
    body, _, _ = pdf.rpartition(b"trailer")
    return (
        body + b"4 0 obj<</Keywords(" + token.encode("ascii") + b")>>endobj\ntrailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n"
    )


VALID_USCC = "91350100M000100Y43"


def sample_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
    return data


def make_signer(role: SignerRole = SignerRole.ENTERPRISE, name: str = "王经理", seed: int | None = None) -> Signer:
    """Return a throwaway signer; a seed number gives the same key every time."""
    if seed is None:
        key = Ed25519PrivateKey.generate()
    else:
        key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"seed-{seed}".encode()).digest())
    return Signer(role, name, key)


def write_evidence(folder: Path) -> tuple[tuple[Evidence, ...], dict[str, Path]]:
    """Write two small evidence files and return their Evidence records and the sha256 → path map."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"MES 截图.png": b"\x89PNG\r\n\x1a\nfake image bytes", "ERP contract.pdf": b"%PDF-1.4 contract"}
    evidence = []
    paths: dict[str, Path] = {}
    for i, (name, data) in enumerate(sorted(files.items()), start=1):
        path = folder / f"e{i}"
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        evidence.append(Evidence(i, 7, "Q5" if i == 1 else "S06", name, digest, len(data)))
        paths[digest] = path
    return tuple(evidence), paths


def make_record(form: Form, evidence: tuple[Evidence, ...] = (), **assessment: Any) -> AssessmentRecord:
    answers = parse_answers(sample_document(), form)
    a = Assessment(
        id=7,
        enterprise_id=3,
        form_id=form.id,
        form_revision=form.revision,
        form_hash=form.content_hash,
        kind=AssessmentKind.BASELINE,
        status=AssessmentStatus.FINALIZED,
        assessor=Assessor("李工", "某数字化转型服务商", "实施顾问"),
        on_site=True,
        assessed_on=date(2024, 5, 30),
        created_at=datetime(2024, 5, 20, 9, 0, tzinfo=UTC),
        finalized_at=datetime(2024, 5, 31, 17, 45, tzinfo=UTC),
    )
    return AssessmentRecord(
        enterprise=Enterprise(3, "福州示例机械有限公司", VALID_USCC),
        assessment=replace(a, **assessment),
        answers=replace(answers, form_revision=None),
        evidence=evidence,
    )


def commitment(name: str = "王经理") -> Commitment:
    return Commitment(
        text="本企业承诺所填报信息真实、准确、完整。 We declare the information is true, accurate and complete.",
        signer_name=name,
        signer_role="总经理",
        accepted_at=FIXED_TIME,
    )


def package_bytes(
    form: Form,
    tmp_path: Path,
    signers: list[Signer] | None = None,
    with_evidence: bool = True,
    **assessment: Any,
) -> bytes:
    """Return a valid package for the sample record (evidence written under tmp_path)."""
    evidence, paths = write_evidence(tmp_path / "evidence") if with_evidence else ((), {})
    record = make_record(form, evidence, **assessment)
    result = score(form, record.answers)
    data, _manifest = build_package_bytes(
        form=form,
        record=record,
        result=result,
        report_pdf=bound_pdf(record, result),
        evidence_files=paths,
        commitment=commitment(),
        signers=signers or [make_signer(seed=1)],
        app_version="0.1.0",
        created_at=FIXED_TIME,
    )
    return data


def members_of(data: bytes) -> dict[str, bytes]:
    return {m.name: m.data for m in read_archive(data)}


def repack(
    data: bytes,
    *,
    change_files: Callable[[dict[str, bytes]], None] | None = None,
    change_manifest: Callable[[dict[str, Any]], None] | None = None,
    resign: list[Signer] | None = None,
) -> bytes:
    """Rebuild a package after changing members: the manifest's files list is recomputed from the members.

    With ``resign`` the new manifest is signed by those signers (and names them); without, the old signature
    members are kept as they were, so they no longer cover the new manifest.
    """
    members = members_of(data)
    manifest = json.loads(members[MANIFEST])
    old_signatures = {n: b for n, b in members.items() if signature_index(n) is not None}
    files = {n: b for n, b in members.items() if n != MANIFEST and n not in old_signatures}
    if change_files:
        change_files(files)
    manifest["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in file_entries(files)]
    if resign is not None:
        manifest["signers"] = [{"role": s.role.value, "name": s.name, "fingerprint": s.fingerprint} for s in resign]
    if change_manifest:
        change_manifest(manifest)
    if resign is not None:
        out, _ = assemble_package(manifest, files, resign, FIXED_TIME)
        return out
    all_members = {**files, **old_signatures, MANIFEST: json_bytes(manifest)}
    ordered = sorted(all_members.items(), key=lambda kv: kv[0].encode("utf-8"))
    return build_archive([Member(n, b) for n, b in ordered])


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps passwords in a dict: the seam the key store tests use."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)
