"""Rebuild the package test vectors in docs/test-vectors/ deterministically (docs/package-format.md, section 12).

    python build_scripts/make_test_vectors.py [--check]

Every vector is a pure function of this script, the bundled form and the sample answers: fixed keys (from
fixed seeds), fixed times, a minimal bound PDF as report. The expected verdict of each vector is written
here by hand (not taken from the program); the script refuses to write the vectors when the program's
verifier disagrees with an expectation. ``--check`` only compares the files on disk with a fresh build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from app.core.answers import parse_answers  # noqa: E402
from app.core.form import Form, load_form_bytes  # noqa: E402
from app.core.records import (  # noqa: E402
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
)
from app.core.reportbinding import binding_token  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.package.format import (  # noqa: E402
    ANSWERS,
    COMMITMENT,
    MANIFEST,
    NORMATIVE,
    REPORT,
    RESULT,
    Commitment,
    SignerRole,
    json_bytes,
    signature_index,
)
from app.package.keys import Signer, public_key_pem  # noqa: E402
from app.package.safezip import Member, build_archive, read_archive  # noqa: E402
from app.package.verify import verify_package  # noqa: E402
from app.package.writer import (  # noqa: E402
    assemble_package,
    build_manifest,
    build_package_bytes,
    file_entries,
    package_record,
)
from app.services.forms import FormRegistry  # noqa: E402

OUT = ROOT / "docs" / "test-vectors"
MOMENT = datetime(2024, 6, 1, 8, 30, tzinfo=UTC)
BASE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
)
USCC = "91350100M000100Y43"


def key(label: str) -> Ed25519PrivateKey:
    """A test key from a fixed seed: SHA-256 of 'sdap test vector key: <label>'. Never use it for anything real."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"sdap test vector key: {label}".encode()).digest())


ENTERPRISE = Signer(SignerRole.ENTERPRISE, "王经理", key("enterprise"))
ASSESSOR = Signer(SignerRole.ASSESSOR, "李工", key("assessor"))
STRANGER = Signer(SignerRole.ENTERPRISE, "王经理", key("stranger"))


def pdf(binding: str | None) -> bytes:
    """A minimal one-page PDF whose document information dictionary carries the binding token in /Keywords."""
    if binding is None:
        return BASE_PDF + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    info = b"4 0 obj<</Title(SME digital assessment report)/Keywords(" + binding.encode("ascii") + b")>>endobj\n"
    return BASE_PDF + info + b"trailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n"


def record(form: Form, evidence: tuple[Evidence, ...]) -> AssessmentRecord:
    doc = json.loads((ROOT / "resources" / "samples" / "sample-complete.json").read_text(encoding="utf-8"))
    doc["form_revision"] = form.revision
    answers = parse_answers(doc, form)
    assessment = Assessment(
        id=7,
        enterprise_id=1,
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
    return AssessmentRecord(Enterprise(1, "福州示例机械有限公司", USCC), assessment, answers, evidence)


COMMITMENT_V1 = Commitment(
    text="本企业承诺所填报信息真实、准确、完整。 We declare the information is true, accurate and complete.",
    signer_name="王经理",
    signer_role="总经理",
    accepted_at=MOMENT,
    text_id="truthfulness-commitment",
    text_version=1,
)


def package(form: Form, signers: list[Signer], folder: Path) -> bytes:
    evidence_bytes = b"\x89PNG\r\n\x1a\ntest vector evidence"
    digest = hashlib.sha256(evidence_bytes).hexdigest()
    (folder / "ev").write_bytes(evidence_bytes)
    rec = record(form, (Evidence(1, 7, "Q5", "MES 截图.png", digest, len(evidence_bytes)),))
    result = score(form, rec.answers)
    token = binding_token(package_record(rec).content_digest(), result.level, result.total_score)
    data, _ = build_package_bytes(
        form=form,
        record=rec,
        result=result,
        report_pdf=pdf(token),
        evidence_files={digest: folder / "ev"},
        commitment=COMMITMENT_V1,
        signers=signers,
        app_version="test-vectors",
        created_at=MOMENT,
    )
    return data


def format1_package(form: Form) -> bytes:
    """A package as the previous version (format 1) wrote it: no form.json, no normative.json, no binding."""
    rec = package_record(record(form, ()))
    result = score(form, rec.answers)
    files = {
        ANSWERS: json_bytes(rec.answers.to_document()),
        RESULT: json_bytes(result.to_json()),
        REPORT: pdf(None),
        COMMITMENT: json_bytes(COMMITMENT_V1.to_json()),
    }
    manifest = build_manifest(
        record=rec, files=files, evidence=(), signers=[ENTERPRISE], app_version="0.1.0", created_at=MOMENT
    ).to_json()
    manifest["format_version"] = 1
    return assemble_package(manifest, files, [ENTERPRISE], MOMENT)[0]


def members(data: bytes) -> dict[str, bytes]:
    return {m.name: m.data for m in read_archive(data)}


def rebuild(
    data: bytes,
    change_files: Callable[[dict[str, bytes]], None] | None = None,
    change_manifest: Callable[[dict[str, Any]], None] | None = None,
    resign: list[Signer] | None = None,
) -> bytes:
    """Change members and/or the manifest; re-sign with ``resign``, else keep the old signatures (now invalid)."""
    parts = members(data)
    manifest = json.loads(parts[MANIFEST])
    signatures = {n: b for n, b in parts.items() if signature_index(n) is not None}
    files = {n: b for n, b in parts.items() if n != MANIFEST and n not in signatures}
    if change_files:
        change_files(files)
        manifest["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in file_entries(files)]
    if change_manifest:
        change_manifest(manifest)
    if resign is not None:
        return assemble_package(manifest, files, resign, MOMENT)[0]
    everything = {**files, **signatures, MANIFEST: json_bytes(manifest)}
    return build_archive([Member(n, b) for n, b in sorted(everything.items(), key=lambda kv: kv[0].encode())])


def raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A stored zip without name checks (for hostile names), laid out like the canonical layout."""
    local, central = bytearray(), bytearray()
    for name, content in entries:
        raw, size, offset = name.encode("utf-8"), len(content), len(local)
        crc = zlib.crc32(content)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 0, 0, 0x21, crc, size, size, len(raw), 0)
        local += raw + content
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x314, 20, 0x800, 0, 0, 0x21, crc, size, size, len(raw), 0, 0, 0, 0,
            0x81A40000, offset,
        )  # fmt: skip
        central += raw
    n = len(entries)
    return bytes(local + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), len(local), 0))


def oversized(data: bytes) -> bytes:
    """Declare 300 MiB for answers.json in the central directory (over the 256 MiB member limit)."""
    out = bytearray(data)
    name = ANSWERS.encode()
    at = out.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_len]) == name:
            struct.pack_into("<I", out, at + 24, 300 * 1024 * 1024)
            return bytes(out)
        extra, comment = struct.unpack_from("<HH", out, at + 30)
        at += 46 + name_len + extra + comment


@dataclass(frozen=True)
class Vector:
    file: str
    data: bytes
    expect_ok: bool
    failures: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    detail: str = ""
    about: str = ""


def vectors(registry: FormRegistry, folder: Path) -> list[Vector]:
    form = registry.get("miit-2024", 1)
    valid = package(form, [ENTERPRISE], folder)
    raw = (ROOT / "forms" / "miit-2024.json").read_bytes()
    other_form = load_form_bytes(raw.replace(b'"revision": 1,', b'"revision": 9,', 1))

    def tamper_answers(files: dict[str, bytes]) -> None:
        doc = json.loads(files[ANSWERS])
        doc["scenes"] = {k: 4 for k in doc["scenes"]}
        del doc["answers"]["Q1"]  # fewer points: the report's total no longer matches
        files[ANSWERS] = json_bytes(doc)

    def swap_report(files: dict[str, bytes]) -> None:
        files[REPORT] = pdf(None).replace(b"%%EOF", b"% LEVEL 4 (fake report)\n%%EOF")

    def other_hash(manifest: dict[str, Any]) -> None:
        manifest["form"]["hash"] = "sha256:" + "0" * 64

    def drop_commitment(files: dict[str, bytes]) -> None:
        del files[COMMITMENT]

    def bad_normative(files: dict[str, bytes]) -> None:
        doc = json.loads(files[NORMATIVE])
        doc["level"] = 4
        files[NORMATIVE] = json_bytes(doc)

    def tweak_app_version(manifest: dict[str, Any]) -> None:
        manifest["app_version"] = "tampered after signing"

    extra = members(valid) | {"notes.txt": b"not declared"}
    extra_zip = build_archive([Member(n, b) for n, b in sorted(extra.items(), key=lambda kv: kv[0].encode())])
    traversal = raw_zip([*sorted(members(valid).items(), key=lambda kv: kv[0].encode()), ("../evil.txt", b"x")])
    dropped = members(valid)
    del dropped[COMMITMENT]
    missing = build_archive([Member(n, b) for n, b in sorted(dropped.items(), key=lambda kv: kv[0].encode())])
    not_installed = package(other_form, [ENTERPRISE], folder)
    return [
        Vector("valid.sdap", valid, True, about="a valid package (format 2), enterprise signature"),
        Vector(
            "valid-countersigned.sdap",
            package(form, [ENTERPRISE, ASSESSOR], folder),
            True,
            args=("--require-countersignature",),
            about="a valid package with the assessor's countersignature (another key)",
        ),
        Vector(
            "valid-format1.sdap",
            format1_package(form),
            True,
            warnings=("report-unbound",),
            about="written by the previous version (format 1): still verifies",
        ),
        Vector(
            "form-not-installed.sdap",
            not_installed,
            True,
            warnings=("form-not-installed",),
            about="answered against a form revision (miit-2024 r9) not installed: recomputed with the embedded form",
        ),
        Vector(
            "form-not-installed.sdap",
            not_installed,
            False,
            ("form-not-installed",),
            args=("--strict",),
            about="the same package with --strict: refused",
        ),
        Vector(
            "stranger-key.sdap",
            package(form, [STRANGER], folder),
            False,
            ("untrusted-key",),
            args=("--trust", "keys/enterprise.pub.pem"),
            about="signed by a key that is not the trusted enterprise key",
        ),
        Vector(
            "bad-signature.sdap",
            rebuild(valid, change_manifest=tweak_app_version),
            False,
            ("signature", "signature-missing"),
            about="manifest changed after signing (so no valid enterprise signature either)",
        ),
        Vector(
            "tampered-answers.sdap",
            rebuild(valid, change_files=tamper_answers, change_manifest=lambda m: m.update(files=members_files(valid))),
            False,
            ("content-digest", "file-size", "report-binding", "score-mismatch"),
            about="answers.json changed, manifest and signature kept (the answers are still checked)",
        ),
        Vector(
            "tampered-answers-resigned.sdap",
            rebuild(valid, change_files=tamper_answers, resign=[ENTERPRISE]),
            False,
            ("content-digest", "report-binding", "score-mismatch"),
            about="answers.json changed and re-signed with the enterprise key",
        ),
        Vector(
            "swapped-report.sdap",
            rebuild(valid, change_files=swap_report, resign=[ENTERPRISE]),
            False,
            ("report-binding",),
            about="report.pdf swapped for a fake 'LEVEL 4' PDF and re-signed with the same key",
        ),
        Vector(
            "wrong-form-hash.sdap",
            rebuild(valid, change_manifest=other_hash, resign=[ENTERPRISE]),
            False,
            ("form-hash",),
            about="the manifest's form hash is not the embedded form's",
        ),
        Vector("missing-member.sdap", missing, False, ("file-missing",), about="commitment.json removed"),
        Vector("extra-member.sdap", extra_zip, False, ("file-undeclared",), about="an undeclared notes.txt"),
        Vector(
            "path-traversal.sdap",
            traversal,
            False,
            ("hostile-archive",),
            detail="path-traversal",
            about="a member named ../evil.txt",
        ),
        Vector(
            "oversized.sdap",
            oversized(valid),
            False,
            ("hostile-archive",),
            detail="too-large",
            about="a member declaring 300 MiB, over the 256 MiB member limit",
        ),
        Vector(
            "bad-normative.sdap",
            rebuild(valid, change_files=bad_normative, resign=[ENTERPRISE]),
            False,
            ("score-mismatch",),
            about="normative.json claims level 4, re-signed",
        ),
        Vector("not-zip.sdap", b"%PDF-1.4 this is not a package\n", False, ("not-zip",), about="not a zip archive"),
    ]


def members_files(data: bytes) -> list[dict[str, Any]]:
    """The files list of a package's manifest, unchanged (so only the member's bytes differ)."""
    files: list[dict[str, Any]] = json.loads(members(data)[MANIFEST])["files"]
    return files


def expectation(v: Vector) -> dict[str, Any]:
    out: dict[str, Any] = {"file": v.file, "args": list(v.args), "ok": v.expect_ok, "failures": list(v.failures)}
    if v.detail:
        out["detail"] = v.detail
    if v.warnings:
        out["warnings"] = list(v.warnings)
    out["about"] = v.about
    return out


def program_verdict(registry: FormRegistry, v: Vector) -> tuple[bool, list[str], list[str], list[str]]:
    trusted = []
    if "--trust" in v.args:
        trusted = [ENTERPRISE.public_key_bytes]
    roles = ("enterprise", "assessor") if "--require-countersignature" in v.args else ("enterprise",)
    report = verify_package(v.data, registry, trusted=trusted, require_roles=roles, strict="--strict" in v.args)
    return (
        report.ok,
        sorted(report.codes()),
        sorted({c.code for c in report.warnings}),
        sorted({c.detail for c in report.failures if c.detail}),
    )


def build() -> dict[str, bytes]:
    registry = FormRegistry.from_dir(ROOT / "forms")
    with tempfile.TemporaryDirectory() as tmp:
        vs = vectors(registry, Path(tmp))
    problems = []
    for v in vs:
        ok, failures, warnings, details = program_verdict(registry, v)
        if (ok, failures) != (v.expect_ok, sorted(v.failures)) or (v.detail and [v.detail] != details):
            problems.append(f"{v.file} {v.args}: expected {v.expect_ok} {v.failures}, program says {ok} {failures}")
        if not set(v.warnings) <= set(warnings):
            problems.append(f"{v.file} {v.args}: expected warnings {v.warnings}, program says {warnings}")
    if problems:
        raise SystemExit("the program disagrees with the expectations:\n" + "\n".join(problems))
    out: dict[str, bytes] = {}
    for v in vs:
        out[v.file] = v.data
    out["keys/enterprise.pub.pem"] = public_key_pem(ENTERPRISE.public_key_bytes)
    out["keys/assessor.pub.pem"] = public_key_pem(ASSESSOR.public_key_bytes)
    expectations = {
        "about": "Expected verdicts of the package test vectors (docs/package-format.md, section 12). Run each "
        "file with its args (paths relative to this folder) against a verifier with miit-2024 revisions 1 "
        "and 2 installed; 'failures' is the set of failed check codes.",
        "generator": "build_scripts/make_test_vectors.py",
        "vectors": [expectation(v) for v in vs],
    }
    out["manifest.json"] = (json.dumps(expectations, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare docs/test-vectors with a fresh build")
    args = parser.parse_args()
    files = build()
    if args.check:
        stale = [n for n, b in files.items() if not (OUT / n).is_file() or (OUT / n).read_bytes() != b]
        for name in stale:
            print(f"differs: {name}")
        return 1 if stale else 0
    for name, data in files.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
