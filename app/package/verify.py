"""Verify a package offline, in memory, in the order docs/package-format.md gives; or load a verified one.

Nothing is extracted: the archive is read into memory with limits (``safezip``) and every check works on
bytes. Each check has a stable ``code``; the report is ``ok`` only when no check failed.
"""

from __future__ import annotations

import json
import math
import re
import threading
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, overload

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.core.answers import AnswerDocumentError, AnswerSet, parse_answers
from app.core.fileio import FileTooLargeError, read_regular_file
from app.core.form import Form, FormError, canonical_json_bytes, load_form_bytes
from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
    check_received_record,
    content_digest_of,
)
from app.core.reportbinding import BindingError, find_binding
from app.core.scoring import ScoreResult, score
from app.core.text_rules import TextRuleError
from app.core.uscc import UsccError, normalize_uscc
from app.package.format import (
    ANSWERS,
    COMMITMENT,
    EVIDENCE_DIR,
    FORM,
    FORMAT_NAME,
    MANIFEST,
    MAX_JSON_BYTES,
    NORMATIVE,
    NORMATIVE_RESULT_KEYS,
    REPORT,
    RESULT,
    SUPPORTED_VERSIONS,
    Commitment,
    FormatError,
    Manifest,
    SignatureRecord,
    canonical_json_bytes_fast,
    display_fingerprint,
    fingerprint,
    loads_exact,
    normal_json_bytes,
    normative_from_result,
    normative_from_score,
    parse_commitment,
    parse_json_member,
    parse_manifest,
    parse_signature_record,
    parse_utc_text,
    sha256_hex,
    signature_member,
)
from app.package.safezip import (
    DEFAULT_LIMITS,
    ArchiveError,
    Limits,
    build_archive,
    read_archive,
    read_canonical_archive,
)
from app.services.ports import FormLookup

Status = Literal["pass", "fail", "warn"]


@dataclass(frozen=True)
class Check:
    """One verification step's outcome. ``code`` is stable; ``subject`` names the member or field."""

    code: str
    status: Status
    message: str
    subject: str = ""
    detail: str = ""  # a finer stable reason, e.g. the hostile-archive kind ("path-traversal")

    def to_json(self) -> dict[str, str]:
        out = {"code": self.code, "status": self.status, "message": self.message}
        if self.subject:
            out["subject"] = self.subject
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class SignatureInfo:
    index: int
    role: str
    signer_name: str
    fingerprint: str
    public_key: bytes
    signed_at: str
    valid: bool
    trusted: bool | None  # None: no trusted keys were given

    def to_json(self) -> dict[str, Any]:
        return {
            "member": signature_member(self.index),
            "role": self.role,
            "signer_name": self.signer_name,
            "fingerprint": self.fingerprint,
            "valid": self.valid,
            "trusted": self.trusted,
            "signed_at": self.signed_at,
        }


@dataclass(frozen=True)
class VerificationReport:
    """What a verification found: ``ok`` only when no check failed (warnings do not fail)."""

    source: str
    checks: tuple[Check, ...]
    package_sha256: str = ""
    manifest_sha256: str = ""
    manifest: Manifest | None = None
    signatures: tuple[SignatureInfo, ...] = ()
    normative: Mapping[str, Any] | None = None  # the recomputed normative subset, when the score was recomputed
    form_installed: bool | None = None  # format 2: False when recomputed with the embedded form

    @property
    def ok(self) -> bool:
        return bool(self.checks) and not self.failures

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "fail")

    @property
    def warnings(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "warn")

    def codes(self) -> set[str]:
        """Return the codes of the failed checks."""
        return {c.code for c in self.failures}

    def summary(self) -> str:
        """Return one line: the verdict and the first failure's reason, or what warned (the warnings' own lines
        follow it where the verdict is shown)."""
        if self.ok:
            who = ", ".join(f"{s.role} {display_fingerprint(s.fingerprint, 4)}" for s in self.signatures)
            warned = self.warnings
            if not warned:
                return f"OK: {self.source}: every check passed (signed by {who})"
            count = f"{len(warned)} warning" + ("s" if len(warned) > 1 else "")
            codes = ", ".join(dict.fromkeys(c.code for c in warned))
            return f"OK: {self.source}: no check failed, {count} ({codes}) (signed by {who})"
        first = self.failures[0]
        more = len(self.failures) - 1
        return f"FAILED: {self.source}: [{first.code}] {first.message}" + (f" (+{more} more)" if more else "")

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "source": self.source,
            "ok": self.ok,
            "package_sha256": self.package_sha256,
            "manifest_sha256": self.manifest_sha256,
            "format_version": m.format_version if m else None,
            "enterprise": {"name": m.enterprise.name, "uscc": m.enterprise.uscc} if m else None,
            "assessment_id": m.assessment.id if m else None,
            "form": {"id": m.form.id, "revision": m.form.revision, "hash": m.form.hash} if m else None,
            "signatures": [s.to_json() for s in self.signatures],
            "failures": [c.code for c in self.failures],
            "checks": [c.to_json() for c in self.checks],
            "level": self.normative["level"] if self.normative else None,
            "total_score": self.normative["total_score"] if self.normative else None,
            "form_installed": self.form_installed,
        }


class PackageVerificationError(ValueError):
    """A package did not verify; ``report`` says why."""

    def __init__(self, report: VerificationReport) -> None:
        super().__init__(report.summary())
        self.report = report


@dataclass(frozen=True)
class LoadedPackage:
    """A verified package's content, parsed and in memory, ready for an import service."""

    source: str
    manifest: Manifest
    manifest_bytes: bytes
    manifest_sha256: str
    package_sha256: str
    form: Form
    answers: AnswerSet
    result: dict[str, Any]  # result.json as parsed (exact decimals); equal to ``score`` recomputed
    score: ScoreResult
    report_pdf: bytes
    evidence: Mapping[str, bytes]  # sha256 → file bytes
    commitment: Commitment
    signatures: tuple[SignatureInfo, ...]
    report: VerificationReport
    form_installed: bool = True  # False: recomputed with the form embedded in the package (not installed here)

    def record(self) -> AssessmentRecord:
        """Return the package as an AssessmentRecord (enterprise and evidence ids are 0: not stored yet)."""
        return record_from_manifest(self.manifest, self.answers)


class _CannotContinueError(Exception):
    """Later checks cannot run."""


@dataclass
class _State:
    source: str
    data: bytes
    forms: FormLookup
    trusted: frozenset[str]
    require_roles: tuple[str, ...]
    limits: Limits
    strict: bool = False
    trusted_roles: Mapping[str, frozenset[str]] = field(default_factory=dict)  # role → trusted fingerprints
    checks: list[Check] = field(default_factory=list)
    members: dict[str, bytes] = field(default_factory=dict)
    manifest: Manifest | None = None
    manifest_bytes: bytes = b""
    signatures: list[SignatureInfo] = field(default_factory=list)
    form: Form | None = None
    answers: AnswerSet | None = None
    result: dict[str, Any] | None = None
    result_written: bool = False  # result.json is the exporter's text of the score (``result`` is parsed on load)
    score: ScoreResult | None = None
    commitment: Commitment | None = None
    form_installed: bool = True
    normative: dict[str, Any] | None = None  # the recomputed normative subset
    record: AssessmentRecord | None = None  # the record the manifest and answers describe (the content digest's)
    digests: dict[str, str] = field(default_factory=dict)  # member → SHA-256 hex, computed once by _check_files
    parsed: dict[tuple[str, bool], Any] = field(default_factory=dict)  # (member, exact numbers) → its JSON value

    def json(self, name: str, *, exact_numbers: bool = False) -> Any:
        """Return a JSON member parsed strictly (``parse_json_member``), parsing each member once per mode.

        A malformed member raises FormatError every time it is asked for (failures are not kept). The value is
        shared by the checks that read it: none of them changes it.
        """
        key = (name, exact_numbers)
        if key not in self.parsed:
            self.parsed[key] = parse_json_member(name, self.members[name], exact_numbers=exact_numbers)
        return self.parsed[key]

    def digest(self, name: str) -> str:
        """Return the SHA-256 hex of a member's bytes, hashing each member once."""
        if name not in self.digests:
            self.digests[name] = sha256_hex(self.members[name])
        return self.digests[name]

    def add(self, code: str, status: Status, message: str, subject: str = "", detail: str = "") -> None:
        self.checks.append(Check(code, status, message, subject, detail))

    def fail(self, code: str, message: str, subject: str = "", detail: str = "") -> None:
        self.add(code, "fail", message, subject, detail)

    def failed(self, *codes: str) -> bool:
        return any(c.status == "fail" and c.code in codes for c in self.checks)


def record_from_manifest(manifest: Manifest, answers: AnswerSet) -> AssessmentRecord:
    """Rebuild the AssessmentRecord a manifest describes (ids the receiver does not know are 0)."""
    m, a = manifest, manifest.assessment
    return AssessmentRecord(
        enterprise=Enterprise(id=0, name=m.enterprise.name, uscc=m.enterprise.uscc),
        assessment=Assessment(
            id=a.id,
            enterprise_id=0,
            form_id=m.form.id,
            form_revision=m.form.revision,
            form_hash=m.form.hash,
            kind=AssessmentKind(a.kind),
            status=AssessmentStatus(a.status),
            assessor=Assessor(a.assessor.name, a.assessor.organisation, a.assessor.role),
            on_site=a.on_site,
            assessed_on=date.fromisoformat(a.assessed_on) if a.assessed_on else None,
            created_at=_utc_or_none(a.created_at),
            finalized_at=_utc_or_none(a.finalized_at),
        ),
        answers=answers,
        evidence=tuple(
            Evidence(id=0, assessment_id=a.id, item=e.item, filename=e.filename, sha256=e.sha256, size=e.size)
            for e in m.evidence
        ),
    )


def _utc_or_none(text: str | None) -> datetime | None:
    return None if text is None else parse_utc_text(text)


# ---------------------------------------------------------------- the checks, in the documented order


def _check_archive(st: _State) -> None:
    known: dict[str, tuple[bytes, int, str]] = {}  # member → its remembered (bytes, CRC-32, SHA-256 hex)

    def in_place(name: str, data: bytes, start: int, size: int) -> bytes | None:
        """An embedded form seen before: its remembered bytes when ``data`` holds them at ``start`` (no copy)."""
        if name == FORM:
            remembered = _KNOWN_FORMS.find_at(data, start, size)
            if remembered is not None:
                known[name] = remembered
                return remembered[0]
        return None

    def crc32(name: str, data: bytes) -> int:
        """The CRC-32 of a member: remembered for the remembered bytes themselves, else computed."""
        remembered = known.get(name)
        if remembered is not None and remembered[0] is data:
            return remembered[1]
        return zlib.crc32(data)

    fast = read_canonical_archive(st.data, st.limits, crc32, in_place)  # the common case: the canonical layout
    if fast is not None:
        st.members = {m.name: m.data for m in fast}
        # The members read the slow way may be other bytes: only the fast path's have the remembered digest.
        st.digests.update((name, digest) for name, (data, _crc, digest) in known.items() if st.members[name] is data)
        st.add("archive", "pass", f"zip structure is sound: {len(fast)} members, every CRC correct")
        st.add("archive-layout", "pass", "archive bytes are in the canonical layout")
        return
    try:
        members = read_archive(st.data, st.limits)
    except ArchiveError as exc:
        st.fail(exc.code, exc.message, exc.member, exc.reason)
        raise _CannotContinueError from exc
    st.members = {m.name: m.data for m in members}
    st.add("archive", "pass", f"zip structure is sound: {len(members)} members, every CRC correct")
    names = [m.name.encode("utf-8") for m in members]
    if names != sorted(names):
        st.fail("archive-layout", "members are not in ascending UTF-8 byte order of their names")
    elif build_archive(members) != st.data:
        canonical = build_archive(members)
        at = next(
            (i for i, (x, y) in enumerate(zip(canonical, st.data, strict=False)) if x != y),
            min(len(canonical), len(st.data)),
        )
        st.fail(
            "archive-layout",
            f"the archive is not in the canonical layout (first difference at byte {at}): headers, times, "
            "attributes, extra fields, comments or bytes outside the members differ",
        )
    else:
        st.add("archive-layout", "pass", "archive bytes are in the canonical layout")


def _check_manifest(st: _State) -> None:
    raw = st.members.get(MANIFEST)
    if raw is None:
        st.fail("manifest", f"{MANIFEST} is missing: this is not a submission package", MANIFEST)
        raise _CannotContinueError
    st.manifest_bytes = raw
    try:
        data = st.json(MANIFEST)
    except FormatError as exc:
        st.fail("manifest", str(exc), MANIFEST)
        raise _CannotContinueError from exc
    if not isinstance(data, dict):
        st.fail("manifest", f"{MANIFEST}: must be a JSON object", MANIFEST)
        raise _CannotContinueError
    name = data.get("format")
    if name != FORMAT_NAME:
        st.fail("format", f"{MANIFEST}: format is {name!r}, not {FORMAT_NAME!r}", "format")
        raise _CannotContinueError
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in SUPPORTED_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        st.fail(
            "format-version",
            f"{MANIFEST}: format_version {version!r} is not supported by this verifier (supported: {supported})",
            "format_version",
        )
        raise _CannotContinueError
    try:
        st.manifest = parse_manifest(data)
    except FormatError as exc:
        for problem in exc.problems:
            st.fail("manifest", f"{MANIFEST}: {problem}", problem.split(":", 1)[0])
        raise _CannotContinueError from exc
    st.add("manifest", "pass", f"{MANIFEST} is a valid format {version} manifest")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _may_escape_unicode(raw: bytes) -> bool:
    """Return ``b"\\u" in raw``, finding each backslash with one fast scan (a search for the pair is slow)."""
    at = raw.find(b"\\")
    for _ in range(64):  # JSON text has few backslashes; past that many, one search for the pair
        if at < 0:
            return False
        if raw[at + 1 : at + 2] == b"u":
            return True
        at = raw.find(b"\\", at + 1)
    return at >= 0 and b"\\u" in raw[at:]


def _check_text(st: _State) -> None:
    """Refuse JSON text that is not Unicode: a lone surrogate escape (``\\ud800``) cannot be stored or shown."""
    for name, raw in sorted(st.members.items()):
        # Strict UTF-8 decoding refuses encoded surrogates, so a lone one can only come from a \u escape.
        if not name.endswith(".json") or not _may_escape_unicode(raw):
            continue
        try:
            value = st.json(name)
        except FormatError:
            continue  # reported by the member's own check
        if _has_surrogate(value):
            message = f"{name}: contains a lone surrogate (\\ud800–\\udfff): not valid Unicode text"
            st.fail("text-invalid", message, name)
    if st.failed("text-invalid"):
        raise _CannotContinueError


def _check_files(st: _State) -> None:
    m = st.manifest
    assert m is not None
    bad = 0
    for entry in m.files:
        data = st.members.get(entry.path)
        if data is None:
            st.fail("file-missing", f"{entry.path} is declared in the manifest but missing", entry.path)
            bad += 1
        elif len(data) != entry.size:
            st.fail("file-size", f"{entry.path} is {len(data)} bytes; the manifest says {entry.size}", entry.path)
            bad += 1
        elif st.digest(entry.path) != entry.sha256:
            st.fail(
                "file-digest",
                f"{entry.path}: SHA-256 {st.digest(entry.path)} differs from the manifest's {entry.sha256}",
                entry.path,
            )
            bad += 1
    allowed = {MANIFEST, *(e.path for e in m.files), *(signature_member(i) for i in range(1, len(m.signers) + 1))}
    allowed |= {signature_member(i) for i in _later_signatures(st)}
    for name in st.members:
        if name not in allowed:
            st.fail("file-undeclared", f"{name} is in the archive but not declared in the manifest", name)
            bad += 1
    if not bad:
        st.add("files", "pass", f"all {len(m.files)} declared files are present with the declared SHA-256")


def _later_signatures(st: _State) -> list[int]:
    """Indexes of countersignatures added after export (``countersign``): consecutive members past the declared."""
    m = st.manifest
    assert m is not None
    index, out = len(m.signers) + 1, []
    while signature_member(index) in st.members:
        out.append(index)
        index += 1
    return out


def _check_signatures(st: _State) -> None:  # noqa: PLR0912 (the documented steps, in order)
    m = st.manifest
    assert m is not None
    later = _later_signatures(st)
    for index, declared in [*enumerate(m.signers, start=1), *((i, None) for i in later)]:
        member = signature_member(index)
        who = f"{declared.role} signature by {declared.name or '(no name)'}" if declared else "later countersignature"
        raw = st.members.get(member)
        if raw is None:
            st.fail("signature-missing", f"{member} ({who}, declared in the manifest) is missing", member)
            continue
        try:
            rec: SignatureRecord = parse_signature_record(member, st.json(member))
        except FormatError as exc:
            st.fail("signature", str(exc), member)
            continue
        if declared is None:
            if rec.role != "assessor":
                st.fail("signer-mismatch", f"{member}: a signature added after export must be an assessor's", member)
                continue
            who = f"assessor countersignature by {rec.signer_name or '(no name)'}, added after export"
        elif (rec.role, rec.signer_name, rec.fingerprint) != (declared.role, declared.name, declared.fingerprint):
            st.fail(
                "signer-mismatch",
                f"{member}: role, signer name or key ({rec.role}, {rec.signer_name!r}, {rec.fingerprint}) differ "
                f"from signer {index} in the manifest ({declared.role}, {declared.name!r}, {declared.fingerprint})",
                member,
            )
            continue
        try:
            Ed25519PublicKey.from_public_bytes(rec.public_key).verify(rec.signature, st.manifest_bytes)
            valid = True
        except InvalidSignature:
            valid = False
        trusted = None  # --trust files: any role; the trust store: only the key's own role
        if st.trusted or any(st.trusted_roles.values()):
            trusted = rec.fingerprint in st.trusted or rec.fingerprint in st.trusted_roles.get(rec.role, frozenset())
        st.signatures.append(
            SignatureInfo(
                index, rec.role, rec.signer_name, rec.fingerprint, rec.public_key, rec.signed_at, valid, trusted
            )
        )
        shown = display_fingerprint(rec.fingerprint)
        if not valid:
            st.fail(
                "signature",
                f"{member}: the {who} ({shown}) does not verify over the exact bytes of {MANIFEST} — the manifest "
                "was changed after signing, or the signature was not made with this key",
                member,
            )
            continue
        st.add("signature", "pass", f"{member}: valid {who} ({shown})", member)
        if trusted is False:
            st.fail(
                "untrusted-key", f"{member}: the {who} uses key {shown}, which is not among the trusted keys", member
            )
        elif trusted:
            st.add("trust", "pass", f"{member}: key {shown} is trusted", member)
    valid_roles = {s.role for s in st.signatures if s.valid}
    enterprise_keys = {s.fingerprint for s in st.signatures if s.role == "enterprise"}
    for sig in st.signatures:
        if sig.role == "assessor" and sig.fingerprint in enterprise_keys:
            st.fail(
                "countersignature-same-key",
                f"{signature_member(sig.index)}: the assessor's countersignature uses the enterprise's own key "
                f"({display_fingerprint(sig.fingerprint)}); a countersignature must come from another key",
                signature_member(sig.index),
            )
            valid_roles.discard("assessor")
    for role in st.require_roles:
        if role not in valid_roles:
            st.fail("signature-missing", f"no valid {role} signature: one is required", role)


class _FormCache:
    """The embedded forms last read, by the SHA-256 of their bytes (a city's packages share a handful of forms).

    Parsing and hashing a form definition costs many times the rest of a verification. The same bytes always
    parse to the same (immutable) Form, so a digest hit skips the parse; a form that does not parse is not kept.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._forms: dict[str, Form] = {}
        self._lock = threading.Lock()

    def load(self, raw: bytes, digest: str) -> Form:
        with self._lock:
            form = self._forms.get(digest)
        if form is None:
            form = load_form_bytes(raw)  # FormError propagates
            with self._lock:
                self._forms[digest] = form
                while len(self._forms) > self._size:
                    del self._forms[next(iter(self._forms))]  # the oldest entry
        return form


_EMBEDDED_FORMS = _FormCache(8)


class _KnownForms:
    """The bytes of the embedded forms last read that parsed, with their CRC-32 and SHA-256.

    The form is by far the largest member of a package, and a city's packages embed a handful of forms. Bytes
    equal to remembered ones (compared in full, which costs a fraction of hashing them) have the remembered
    CRC-32 and SHA-256, so the archive check and the digest check do not hash them again.
    """

    def __init__(self, size: int, max_bytes: int) -> None:
        self._size = size
        self._max_bytes = max_bytes
        self._entries: list[tuple[bytes, int, str]] = []
        self._lock = threading.Lock()

    def find(self, data: bytes) -> tuple[int, str] | None:
        """Return (CRC-32, SHA-256 hex) of ``data`` when the same bytes were remembered, else None."""
        found = self.find_at(data, 0, len(data))
        return None if found is None else found[1:]

    def find_at(self, data: bytes, start: int, size: int) -> tuple[bytes, int, str] | None:
        """Return the remembered (bytes, CRC-32, SHA-256 hex) equal to ``data[start : start + size]``, or None."""
        with self._lock:
            entries = tuple(self._entries)
        for entry in entries:
            if len(entry[0]) == size and data.startswith(entry[0], start):
                return entry
        return None

    def add(self, data: bytes, digest: str) -> None:
        """Remember a form's bytes and their SHA-256 hex (``digest`` must be ``sha256_hex(data)``)."""
        with self._lock:
            remembered = any(entry[0] is data for entry in self._entries)  # found in place: the very object
        if remembered or len(data) > self._max_bytes or self.find(data) is not None:
            return
        entry = (bytes(data), zlib.crc32(data), digest)
        with self._lock:
            self._entries.append(entry)
            del self._entries[: -self._size]


_KNOWN_FORMS = _KnownForms(8, 2 * 1024 * 1024)


def _embedded_form(st: _State) -> Form:
    """Format 2: read form.json, which must be the form the manifest names, with that content hash."""
    m = st.manifest
    assert m is not None
    raw = st.members.get(FORM)
    if raw is None:
        raise _CannotContinueError  # reported as file-missing
    try:
        form = _EMBEDDED_FORMS.load(raw, st.digest(FORM))
    except FormError as exc:
        st.fail("form-invalid", f"{FORM} is not a valid form definition: {exc}", FORM)
        raise _CannotContinueError from exc
    _KNOWN_FORMS.add(raw, st.digest(FORM))
    if (form.id, form.revision, form.content_hash) != (m.form.id, m.form.revision, m.form.hash):
        st.fail(
            "form-hash",
            f"{FORM} is form {form.id} revision {form.revision} with hash {form.content_hash}; the manifest names "
            f"{m.form.id} revision {m.form.revision} with hash {m.form.hash}",
            "form.hash",
        )
        raise _CannotContinueError
    return form


def _check_form(st: _State) -> None:
    m = st.manifest
    assert m is not None
    if m.format_version >= 2:
        _check_form_v2(st)
        return
    try:
        form = st.forms.get(m.form.id, m.form.revision)
    except LookupError as exc:  # the registry's UnknownFormError
        st.fail("form-unknown", f"{MANIFEST}: form {m.form.id} revision {m.form.revision}: {exc}", "form")
        raise _CannotContinueError from exc
    if form.content_hash != m.form.hash:
        st.fail(
            "form-hash",
            f"{MANIFEST}: form {m.form.id} revision {m.form.revision} has hash {m.form.hash}, but the installed "
            f"form with that revision has {form.content_hash}: the questionnaire differs",
            "form.hash",
        )
        raise _CannotContinueError
    st.form = form
    st.add("form", "pass", f"form {form.id} revision {form.revision} is installed with the same content hash")


def _check_form_v2(st: _State) -> None:
    m = st.manifest
    assert m is not None
    embedded = _embedded_form(st)
    try:
        installed: Form | None = st.forms.get(m.form.id, m.form.revision)
    except LookupError:
        installed = None
    if installed is not None and installed.content_hash == m.form.hash:
        st.form = installed
        st.add("form", "pass", f"form {m.form.id} revision {m.form.revision} is installed with the same content hash")
        return
    st.form, st.form_installed = embedded, False
    why = (
        "is not installed here"
        if installed is None
        else f"is installed here with other content ({installed.content_hash})"
    )
    st.add(
        "form-not-installed",
        "fail" if st.strict else "warn",
        f"form {m.form.id} revision {m.form.revision} {why}: the score was recomputed with the form embedded in "
        f"the package ({FORM}, {m.form.hash})" + (" — refused because verification is strict" if st.strict else ""),
        "form",
    )


def _check_answers(st: _State) -> None:
    m, form = st.manifest, st.form
    assert m is not None and form is not None
    raw = st.members.get(ANSWERS)
    if raw is None or st.failed("file-missing"):
        return
    try:
        doc = st.json(ANSWERS, exact_numbers=True)
    except FormatError as exc:
        st.fail("answers-invalid", str(exc), ANSWERS)
        return
    if isinstance(doc, dict) and (doc.get("form"), doc.get("form_revision")) != (m.form.id, m.form.revision):
        st.fail(
            "answers-mismatch",
            f"{ANSWERS} is for form {doc.get('form')!r} revision {doc.get('form_revision')!r}; the manifest "
            f"names {m.form.id!r} revision {m.form.revision}",
            ANSWERS,
        )
        return
    try:
        answers = parse_answers(doc, form)
    except AnswerDocumentError as exc:
        st.fail("answers-invalid", f"{ANSWERS} does not validate against {form.id} r{form.revision}: {exc}", ANSWERS)
        return
    # Normal form: the document equals AnswerSet.to_document() as canonical JSON, its numbers read as binary
    # floats (``_floats`` turns the exact reading into the float one without parsing the member again).
    normal = answers.to_document()
    # ``doc`` parsed, so when ``raw`` has the tokens of ``normal`` it reads back as ``normal`` does, numbers included.
    if not (_normal_text(raw, normal) or _same_tokens(raw, normal)) and not _same_json(normal, _floats(doc)):
        st.fail("answers-invalid", f"{ANSWERS} is valid but not in normal form (as AnswerSet.to_document())", ANSWERS)
        return
    st.answers = answers
    st.add("answers", "pass", f"{ANSWERS} validates against {form.id} revision {form.revision}")


def _floats(value: Any) -> Any:
    """Return a JSON value read with exact decimals as the same text read with floats (``float(token)``).

    ``float(Decimal(token))`` and ``float(token)`` are both the correctly rounded double of the token.
    """
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return value


def _exact(value: Any) -> Any:
    """Return what ``json.loads(json.dumps(value), parse_float=Decimal)`` returns, without the text.

    Serialised values only (str keys; str, int, bool, None, float, lists and tuples): a finite float is written
    as its repr and read back as that decimal; anything else takes the round trip through the text.
    """
    kind = type(value)
    if kind is float and math.isfinite(value):
        return Decimal(repr(value))
    if kind is dict and all(type(k) is str for k in value):
        return {k: _exact(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_exact(v) for v in value]
    if value is None or kind is str or kind is int or kind is bool:
        return value
    return json.loads(json.dumps(value), parse_float=Decimal)


_LAYOUT = re.compile(rb"\n *")  # what json_bytes adds to compact JSON: a newline and indentation before tokens


def _same_tokens(raw: bytes, value: Any) -> bool:
    """Return True when ``raw`` is ``json_bytes(value)`` up to its layout: the same JSON tokens, in the same order.

    ``json_bytes`` (an indent, so the Python encoder) writes the tokens the C encoder writes with separators
    ``(",", ": ")``, plus a newline and spaces before some of them; ``raw`` without such runs must be that compact
    text. When ``raw`` also parses (a newline inside a string would be malformed JSON), its value is the value of
    the compact text: no duplicate key, no NaN, within the size limit, what ``parse_json_member`` returns for it.
    False means "not that text": the caller then takes the general path, which says what differs.
    """
    if len(raw) > MAX_JSON_BYTES:
        return False
    try:
        # Our own values (no cycles): skipping the cycle bookkeeping makes the C encoder a third faster.
        compact = json.dumps(value, ensure_ascii=False, separators=(",", ": "), allow_nan=False, check_circular=False)
    except (ValueError, TypeError, RecursionError):
        return False
    return _LAYOUT.sub(b"", raw) == compact.encode("utf-8")


_ESCAPE = re.compile(rb"\\.", re.DOTALL)  # a backslash and the character it escapes
_OTHER_THAN_QUOTE_OR_NEWLINE = bytes(b for b in range(256) if b not in b'"\n')
# Runs between two characters a bare token is made of (the newline first: the search then skips to newlines).
_TOKEN_SPLIT = re.compile(rb"\n(?<=[0-9A-Za-z.+\-]\n)(?: *\n)* *[0-9A-Za-z.+\-]")


def _runs_between_tokens(raw: bytes) -> bool:
    """Given ``_same_tokens(raw, value)``, return True when it is certain that ``raw`` parses (as its compact text).

    ``raw`` is then the compact text with runs of a newline and spaces inserted. Such a run is whitespace between
    tokens unless it splits an escape, a string or a bare token (number, true, false, null): no escape ends in a
    newline (removing the escapes keeps every newline); with the escapes removed (the same pairs as in the
    compact text, none being split) quotes delimit strings only, so a run inside a string would leave a line with
    an odd number of quotes; and no run stands between two characters of a bare token. False means "not
    certain": the caller parses.
    """
    if _TOKEN_SPLIT.search(raw):
        return False
    skeleton = _ESCAPE.sub(b"", raw).translate(None, _OTHER_THAN_QUOTE_OR_NEWLINE)  # quotes and newlines
    if skeleton.count(b"\n") != raw.count(b"\n"):
        return False
    return b'"' not in skeleton.replace(b'""', b"")  # pairs never span a newline: each line holds an even number


def _normal_text(raw: bytes, value: Any) -> bool:
    """Return True when ``raw`` is exactly ``json_bytes(value)`` as orjson writes it (the fast path): it is then a
    JSON text of ``value`` with the exporter's layout. False says nothing: the caller asks ``_same_tokens``."""
    expected = normal_json_bytes(value)
    return expected is not None and expected == raw


def _written(raw: bytes, value: Any) -> bool:
    """Return True when ``raw`` has the tokens of ``value`` (``_same_tokens``) and parses: it then reads back as
    ``value``'s text does, without being parsed when its runs are certainly between tokens."""
    if _normal_text(raw, value):
        return True
    if not _same_tokens(raw, value):
        return False
    if _runs_between_tokens(raw):
        return True
    try:
        loads_exact(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False
    return True


def _scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else "…"


def _same_json(a: Any, b: Any) -> bool:
    """Return ``canonical_json_bytes(a) == canonical_json_bytes(b)`` without serialising in the common cases.

    Values of one type compare as canonical JSON writes them: text, integers and booleans by value, floats by
    their repr, Decimals by their text (``default=str``), arrays item by item, objects with text keys key by
    key in any order (the keys are sorted). Anything else (two types, other keys) is serialised and compared.
    """
    kind = type(a)
    if kind is type(b):
        if kind is str or kind is int or kind is bool or a is None:
            return bool(a == b)
        if kind is dict and all(type(k) is str for k in a) and all(type(k) is str for k in b):
            return a.keys() == b.keys() and all(_same_json(v, b[k]) for k, v in a.items())
        if kind is list or kind is tuple:
            return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
        if kind is float:
            return repr(a) == repr(b)
        if kind is Decimal:
            return str(a) == str(b)
    return canonical_json_bytes(a) == canonical_json_bytes(b)


def _changed_keys(expected: Mapping[str, Any], claimed: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    """Return the keys whose values differ as canonical JSON (a missing key counts as null)."""
    return [k for k in keys if not _same_json(expected.get(k), claimed.get(k))]


def _differences(expected: Mapping[str, Any], claimed: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    return [
        f"{key}: package says {_scalar(claimed.get(key))}, recomputed {_scalar(expected.get(key))}"
        for key in _changed_keys(expected, claimed, keys)
    ]


def _normative_member(st: _State, expected: Mapping[str, Any]) -> bool:
    """Format 2: compare normative.json strictly with the recomputed subset; return True when equal."""
    raw = st.members.get(NORMATIVE)
    if raw is None:
        return False  # reported as file-missing
    if _written(raw, expected):  # the common case: the exporter's serialisation of ``expected``
        return True
    try:
        normative = st.json(NORMATIVE)
        if not isinstance(normative, dict):
            raise FormatError(NORMATIVE, ["must be a JSON object"])
    except FormatError as exc:
        st.fail("score-mismatch", f"{exc} (cannot compare it with the recomputed score)", NORMATIVE)
        return False
    diffs = _differences(expected, normative, sorted(set(expected) | set(normative)))
    if diffs:
        st.fail(
            "score-mismatch",
            f"{NORMATIVE} differs from the normative subset recomputed from {ANSWERS}: " + "; ".join(diffs),
            NORMATIVE,
        )
        return False
    return True


def _points_are_numbers(written: Mapping[str, Any]) -> bool:
    """Return True when ``normative_from_result`` accepts ``written`` as it reads back (``_exact(written)``).

    It has every normative key, and its points are objects of numbers (int or float, not bool) and a number; a
    float reads back as a Decimal (``_same_tokens`` accepted it, so it is finite). False means "not shown here":
    the caller then asks ``normative_from_result`` itself.
    """
    if any(key not in written for key in NORMATIVE_RESULT_KEYS):
        return False
    numbers = (int, float)
    for key in ("question_scores", "dimension_scores"):
        points = written[key]
        if type(points) is not dict or not all(type(v) in numbers for v in points.values()):
            return False
    return type(written["total_score"]) in numbers


def _result_as_written(raw: bytes) -> dict[str, Any]:
    """result.json parsed with exact decimals, once ``_written`` accepted it (so it parses, to an object)."""
    value = loads_exact(raw.decode("utf-8"))
    assert isinstance(value, dict)
    return value


def _check_score(st: _State) -> None:
    form, answers, m = st.form, st.answers, st.manifest
    raw = st.members.get(RESULT)
    if form is None or answers is None or raw is None or m is None:
        return
    recomputed = score(form, answers)
    written = recomputed.to_json()
    # The common case: result.json holds the recomputed result as the exporter writes it, so it reads back as
    # ``_exact(written)`` and every comparison below would find no difference.
    same_text = _written(raw, written)
    claimed: Any = None  # result.json as parsed; when it is the exporter's text, parsed only when needed
    if not same_text:
        try:
            claimed = st.json(RESULT, exact_numbers=True)
            if not isinstance(claimed, dict):
                raise FormatError(RESULT, ["must be a JSON object"])
        except FormatError as exc:
            st.fail("score-mismatch", f"{exc} (cannot compare it with the recomputed score)", RESULT)
            return
    st.score = recomputed
    st.normative = normative_from_score(recomputed)
    full = {} if same_text else _exact(written)  # as result.json would read back: its numbers as exact decimals
    # The normative keys of result.json are compared strictly (format 1 carries its subset only there).
    diffs = [] if same_text else _differences(full, claimed, NORMATIVE_RESULT_KEYS)
    if not diffs and not (same_text and _points_are_numbers(written)):
        try:  # canonical JSON writes a Decimal as text: make sure the points are JSON numbers, not strings
            claimed = _result_as_written(raw) if same_text else claimed
            normative_from_result(claimed)
        except ValueError as exc:
            diffs = [str(exc)]
    same = not diffs
    if diffs:
        st.fail(
            "score-mismatch",
            f"{RESULT} differs from the score recomputed from {ANSWERS} with {form.id} revision {form.revision}: "
            + "; ".join(diffs),
            RESULT,
        )
    if m.format_version >= 2:
        same = _normative_member(st, st.normative) and same
    if not same:
        return
    st.result = claimed  # None when result.json is the exporter's text: ``_loaded`` parses it
    st.result_written = same_text
    shown = NORMATIVE if m.format_version >= 2 else RESULT
    st.add("score", "pass", f"{shown} equals the score recomputed from {ANSWERS} (level {recomputed.level})")
    if same_text:
        return
    advisory = sorted((set(full) | set(claimed)) - set(NORMATIVE_RESULT_KEYS))
    changed = _changed_keys(full, claimed, advisory)
    if changed:
        st.add(
            "advisory-differs",
            "warn",
            f"{RESULT}: the advisory parts ({', '.join(changed)}) differ from this version's computation — the "
            "package was computed by another (older or newer) version; the scores and levels are the same",
            RESULT,
        )


def _check_report_binding(st: _State) -> None:
    m, normative = st.manifest, st.normative
    pdf = st.members.get(REPORT)
    if m is None or pdf is None or not pdf.startswith(b"%PDF-"):
        return
    if m.format_version < 2:
        st.add("report-unbound", "warn", f"{REPORT} is not bound to the content (format 1 package)", REPORT)
        return
    try:
        binding = find_binding(pdf)
    except BindingError as exc:
        st.fail("report-binding", f"{REPORT}: {exc}", REPORT)
        return
    problems = []
    if binding.content_digest != m.content_digest:
        problems.append(f"content digest {binding.content_digest}, the manifest's {m.content_digest}")
    if normative is not None:
        if binding.level != normative["level"]:
            problems.append(f"level {binding.level}, recomputed {normative['level']}")
        if binding.total_score != normative["total_score"]:
            problems.append(f"total score {binding.total_score}, recomputed {normative['total_score']}")
    if problems:
        st.fail(
            "report-binding",
            f"{REPORT} is the report of other content: its metadata says " + "; ".join(problems),
            REPORT,
        )
    else:
        st.add("report-binding", "pass", f"{REPORT} is the report of this content (digest, level and score match)")


def _check_evidence(st: _State) -> None:
    m = st.manifest
    assert m is not None
    referenced = set()
    bad = 0
    for i, ev in enumerate(m.evidence):
        referenced.add(ev.path)
        data = st.members.get(ev.path)
        if data is None:
            continue  # reported as file-missing
        digest = st.digest(ev.path)
        if digest != ev.sha256 or len(data) != ev.size:
            st.fail(
                "evidence",
                f"evidence[{i}] {ev.path}: the file's SHA-256 {digest} ({len(data)} bytes) does not match the "
                f"sha256 and size named for it ({ev.sha256}, {ev.size} bytes)",
                ev.path,
            )
            bad += 1
    for entry in m.files:
        if entry.path.startswith(EVIDENCE_DIR) and entry.path not in referenced:
            st.fail("evidence", f"{entry.path} is not referenced by any evidence entry", entry.path)
            bad += 1
    if not bad:
        st.add("evidence", "pass", f"{len(m.evidence)} evidence entries, each file matching its SHA-256")


def _content_digest(record: AssessmentRecord, claimed: str) -> str:
    """``record.content_digest()``, taken first from orjson's canonical bytes: when their digest is the one claimed
    they are the canonical bytes themselves (else SHA-256 would have a collision); any other digest is recomputed
    the reference way."""
    fast = canonical_json_bytes_fast(record.content())
    if fast is not None and content_digest_of(fast) == claimed:
        return claimed
    return record.content_digest()


def _check_content_digest(st: _State) -> None:
    m, answers = st.manifest, st.answers
    if m is None or answers is None:
        return
    st.record = record_from_manifest(m, answers)
    digest = _content_digest(st.record, m.content_digest)
    if digest != m.content_digest:
        st.fail(
            "content-digest",
            f"{MANIFEST}: content_digest {m.content_digest} differs from {digest}, recomputed from the manifest's "
            f"enterprise and assessment fields, {ANSWERS} and the evidence list",
            "content_digest",
        )
    else:
        st.add("content-digest", "pass", f"content_digest {digest} matches the package contents")


def _check_commitment_and_report(st: _State) -> None:
    raw = st.members.get(COMMITMENT)
    if raw is not None:
        try:
            st.commitment = parse_commitment(st.json(COMMITMENT))
            st.add("commitment", "pass", f"{COMMITMENT}: accepted by {st.commitment.signer_name}")
        except FormatError as exc:
            st.fail("commitment", str(exc), COMMITMENT)
    pdf = st.members.get(REPORT)
    if pdf is not None:
        if pdf.startswith(b"%PDF-"):
            st.add("report", "pass", f"{REPORT} is a PDF document ({len(pdf)} bytes)")
        else:
            st.fail("report", f"{REPORT} is not a PDF document", REPORT)


def _notes(st: _State) -> None:
    m = st.manifest
    assert m is not None
    if m.assessment.status != AssessmentStatus.FINALIZED.value:
        st.add("draft", "warn", "the assessment is a draft, not finalized (草稿，未定稿)", "assessment.status")
    if st.score is not None and not st.score.complete:
        st.add("incomplete", "warn", f"the answers are incomplete: {len(st.score.missing)} items unanswered")
    try:
        normalize_uscc(m.enterprise.uscc)
    except UsccError as exc:
        st.add("uscc", "warn", f"enterprise.uscc: {exc}", "enterprise.uscc")
    if st.record is not None:  # signed and sound, but not what a workspace takes in: say so before an import refuses
        try:
            check_received_record(st.record)
        except ValueError as exc:  # TextRuleError names its field
            subject = exc.field if isinstance(exc, TextRuleError) else "assessment"
            st.add("import-refused", "warn", f"{exc}: this program's import refuses the package", subject)


# The checks in the documented order; each may raise _CannotContinueError when later checks cannot run.
_STEPS = (
    _check_archive,
    _check_manifest,
    _check_text,
    _check_files,
    _check_signatures,
    _check_evidence,
    _check_commitment_and_report,
    _check_form,
    _check_answers,
    _check_score,
    _check_content_digest,
    _check_report_binding,
    _notes,
)


def _run(st: _State) -> None:
    try:
        for step in _STEPS:
            step(st)
    except _CannotContinueError:
        pass


def _report(st: _State) -> VerificationReport:
    return VerificationReport(
        source=st.source,
        checks=tuple(st.checks),
        package_sha256=sha256_hex(st.data),
        manifest_sha256=sha256_hex(st.manifest_bytes) if st.manifest_bytes else "",
        manifest=st.manifest,
        signatures=tuple(st.signatures),
        normative=st.normative,
        form_installed=st.form_installed if st.form is not None else None,
    )


@overload
def verify_package(
    package: Path | bytes,
    forms: FormLookup,
    *,
    trusted: Iterable[bytes] = (),
    require_roles: Sequence[str] = ("enterprise",),
    limits: Limits = DEFAULT_LIMITS,
    source: str | None = None,
    load: Literal[False] = False,
    strict: bool = False,
    trusted_roles: Mapping[str, Iterable[bytes]] | None = None,
) -> VerificationReport: ...


@overload
def verify_package(
    package: Path | bytes,
    forms: FormLookup,
    *,
    trusted: Iterable[bytes] = (),
    require_roles: Sequence[str] = ("enterprise",),
    limits: Limits = DEFAULT_LIMITS,
    source: str | None = None,
    load: Literal[True],
    strict: bool = False,
    trusted_roles: Mapping[str, Iterable[bytes]] | None = None,
) -> LoadedPackage: ...


def verify_package(
    package: Path | bytes,
    forms: FormLookup,
    *,
    trusted: Iterable[bytes] = (),
    require_roles: Sequence[str] = ("enterprise",),
    limits: Limits = DEFAULT_LIMITS,
    source: str | None = None,
    load: bool = False,
    strict: bool = False,
    trusted_roles: Mapping[str, Iterable[bytes]] | None = None,
) -> VerificationReport | LoadedPackage:
    """Verify a package offline: archive safety, manifest, files, signatures, trust, answers, score.

    ``package`` is a file or the package's bytes (``source`` names them in the report; a file's path by
    default). ``trusted`` are raw 32-byte Ed25519 public keys; when any are given every signature must be by
    one (in any role); ``trusted_roles`` (the workspace's trust store) trusts each key only in its role.
    ``require_roles`` are the signer roles that must have a valid signature. Nothing is written anywhere.

    Without ``load`` this never raises for a bad package: the report's ``ok`` is False and its failed checks
    say why. With ``load`` it returns the verified package's parsed content, or raises
    PackageVerificationError (whose ``report`` says why).

    A format 2 package embeds its form: when the named revision is not installed here (or is installed with
    other content) the score is recomputed with the embedded form and a ``form-not-installed`` warning says
    so; ``strict`` makes that a failure (a receiver decides which forms it accepts).
    """
    if isinstance(package, bytes):
        data, name = package, source or "<memory>"
    else:
        path = Path(package)
        name = source or str(path)
        try:
            data = read_regular_file(path, limits.max_archive_size)
        except OSError as exc:  # nothing read of a file too large, a pipe or a device (which could never end)
            check = (
                Check("hostile-archive", "fail", f"archive is {exc.size} bytes; the limit is "
                      f"{limits.max_archive_size}", detail="too-large")  # as read_archive says it, unread
                if isinstance(exc, FileTooLargeError)
                else Check("unreadable", "fail", f"cannot read {path}: {exc.strerror or exc}")
            )  # fmt: skip
            report = VerificationReport(name, (check,))
            if load:
                raise PackageVerificationError(report) from exc
            return report
    st = _State(
        name, data, forms, frozenset(fingerprint(bytes(k)) for k in trusted), tuple(require_roles), limits, strict
    )
    st.trusted_roles = {r: frozenset(fingerprint(bytes(k)) for k in ks) for r, ks in (trusted_roles or {}).items()}
    _run(st)
    report = _report(st)
    if not load:
        return report
    if not report.ok:
        raise PackageVerificationError(report)
    return _loaded(st, report)


def _loaded(st: _State, report: VerificationReport) -> LoadedPackage:
    assert st.manifest is not None and st.form is not None and st.answers is not None
    assert st.score is not None and st.commitment is not None
    result = _result_as_written(st.members[RESULT]) if st.result_written else st.result
    assert result is not None
    return LoadedPackage(
        source=st.source,
        manifest=st.manifest,
        manifest_bytes=st.manifest_bytes,
        manifest_sha256=report.manifest_sha256,
        package_sha256=report.package_sha256,
        form=st.form,
        answers=st.answers,
        result=result,
        score=st.score,
        report_pdf=st.members[REPORT],
        evidence={e.sha256: st.members[e.path] for e in st.manifest.evidence},
        commitment=st.commitment,
        signatures=report.signatures,
        report=report,
        form_installed=st.form_installed,
    )


__all__ = [
    "Check",
    "LoadedPackage",
    "PackageVerificationError",
    "SignatureInfo",
    "VerificationReport",
    "record_from_manifest",
    "verify_package",
]
