"""The submission package format: names, the manifest model, fingerprints, and strict JSON.

docs/package-format.md is the normative description; this module is its Python rendering.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.core import PURE_PYTHON_ENV
from app.core.jsondata import JSON_FAILURES, JsonRefusedError, json_failure, refuse_duplicate_keys
from app.core.reportbinding import decimal_text
from app.core.scoring import ScoreResult

FORMAT_NAME = "sme-digital-assessment-package"
FORMAT_VERSION = 2
SUPPORTED_VERSIONS = (1, 2)
EXTENSION = ".sdap"
MEDIA_TYPE = "application/vnd.sme-digital-assessment-package+zip"

MANIFEST = "manifest.json"
ANSWERS = "answers.json"
RESULT = "result.json"
REPORT = "report.pdf"
COMMITMENT = "commitment.json"
EVIDENCE_DIR = "evidence/"
SIGNATURE_DIR = "signatures/"
FORM = "form.json"  # format 2: the form definition the answers were given against
NORMATIVE = "normative.json"  # format 2: the normative subset of the result, compared strictly
REQUIRED_FILES_V1 = (ANSWERS, COMMITMENT, REPORT, RESULT)
REQUIRED_FILES = (ANSWERS, COMMITMENT, FORM, NORMATIVE, REPORT, RESULT)
NORMATIVE_VERSION = 1

ALGORITHM = "ed25519"
FINGERPRINT_PREFIX = "SHA256:"
MAX_JSON_BYTES = 16 * 1024 * 1024

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_FINGERPRINT = re.compile(r"SHA256:[0-9a-f]{64}")
_SIGNATURE_NAME = re.compile(r"signatures/([1-9][0-9]{0,3})\.json")
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_MAX_SAFE_NAME_BYTES = 160


class SignerRole(StrEnum):
    ENTERPRISE = "enterprise"  # the enterprise itself
    ASSESSOR = "assessor"  # countersignature by the assessor of a traction unit

    @property
    def label(self) -> str:
        return {"enterprise": "企业签名", "assessor": "评估人员副署"}[self.value]


class FormatError(ValueError):
    """A package member does not follow the format; ``problems`` names each field."""

    def __init__(self, member: str, problems: Sequence[str]) -> None:
        super().__init__(f"{member}: " + "; ".join(problems))
        self.member = member
        self.problems = tuple(problems)


# ---------------------------------------------------------------- JSON


def json_bytes(value: Any) -> bytes:
    """Serialise a package JSON member: UTF-8, two-space indent, keys in the given order, final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


# The fast path of reading and comparing JSON members: orjson, a compiled JSON library, writes the layout of
# ``json_bytes`` (two-space indent, ": ", final newline, keys in the given order) and compact sorted canonical JSON
# many times faster than the json module. It is only ever used to compare: bytes equal to orjson's text of a value
# are a JSON text of that value, whatever json_bytes would write. Anything else (another layout, a key given twice,
# an integer orjson reads as a float, a value it cannot write) takes the strict path, which stays the reference and
# says what is wrong. ``SME_ASSESS_PURE_PYTHON=1`` turns the fast path off, as it does the compiled scoring core.
_NOT_NORMAL: Any = object()  # "not in normal form": the caller takes the strict path


@functools.cache
def _orjson() -> Any:
    """The orjson module, imported on first use (most commands never read a package), or None when it is off."""
    if os.environ.get(PURE_PYTHON_ENV) == "1":
        return None
    try:
        import orjson  # noqa: PLC0415
    except ImportError:  # a dependency; without it the strict path reads every member
        return None
    return orjson


def fast_json() -> str | None:
    """What reads and compares package JSON first: "orjson <version>", or None (the json module alone)."""
    fast = _orjson()
    return None if fast is None else f"orjson {fast.__version__}"


def normal_json_bytes(value: Any) -> bytes | None:
    """Return ``json_bytes(value)`` as orjson writes it, or None (fast path off, or a value orjson cannot write:
    a Decimal, an integer past 64 bits, a lone surrogate …). Equal to ``json_bytes(value)`` for every member the
    exporter writes; a caller compares with it and takes the strict path on any difference."""
    fast = _orjson()
    if fast is None:
        return None
    try:
        return fast.dumps(value, option=fast.OPT_INDENT_2 | fast.OPT_APPEND_NEWLINE)  # type: ignore[no-any-return]
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None


def canonical_json_bytes_fast(value: Any) -> bytes | None:
    """Return ``canonical_json_bytes(value)`` as orjson writes it (compact, keys sorted), or None as above.

    Dates, enums, dataclasses and subclasses are left to ``default=str`` as the json module does; orjson's own
    renderings of them differ. Only for comparing through a digest: a SHA-256 equal to the one expected means
    the same bytes, a different one sends the caller to ``canonical_json_bytes``."""
    fast = _orjson()
    if fast is None:
        return None
    options = (
        fast.OPT_SORT_KEYS | fast.OPT_PASSTHROUGH_DATETIME | fast.OPT_PASSTHROUGH_DATACLASS
        | fast.OPT_PASSTHROUGH_SUBCLASS
    )  # fmt: skip
    try:
        return fast.dumps(value, default=str, option=options)  # type: ignore[no-any-return]
    except (TypeError, ValueError):
        return None


def _has_float(value: Any) -> bool:
    kind = type(value)
    if kind is float:
        return True
    if kind is dict:
        return any(_has_float(v) for v in value.values())
    if kind is list:
        return any(_has_float(v) for v in value)
    return False


def _normal_member(data: bytes, exact_numbers: bool) -> Any:
    """The value of ``data`` when it is exactly orjson's ``json_bytes`` text of what it holds; else _NOT_NORMAL.

    Such bytes are UTF-8 without a BOM, hold no key twice (the value would have fewer keys than the text), no
    NaN and no escape that is not needed: the strict parse would return the same value. With exact numbers, a
    value holding a float takes the strict path (which reads it as a Decimal)."""
    fast = _orjson()
    if fast is None:
        return _NOT_NORMAL
    try:
        value = fast.loads(data)
    except ValueError:  # orjson.JSONDecodeError is a ValueError
        return _NOT_NORMAL
    if normal_json_bytes(value) != data or (exact_numbers and _has_float(value)):
        return _NOT_NORMAL
    return value


def _no_constants(name: str) -> Any:
    raise JsonRefusedError(f"{name} is not a JSON number")


class _Decoders(threading.local):
    """The strict decoders, made once per thread (``json.loads`` with hooks builds a decoder on every call)."""

    def __init__(self) -> None:
        options: dict[str, Any] = {"object_pairs_hook": refuse_duplicate_keys, "parse_constant": _no_constants}
        self.exact = json.JSONDecoder(parse_float=Decimal, **options)
        self.binary = json.JSONDecoder(parse_float=float, **options)
        self.plain_exact = json.JSONDecoder(parse_float=Decimal)


_DECODERS = _Decoders()


def loads_exact(text: str) -> Any:
    """Return ``json.loads(text, parse_float=Decimal)`` (no strictness added), with this thread's decoder."""
    if text.startswith("\ufeff"):  # what json.loads refuses before decoding
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODERS.plain_exact.decode(text)


def parse_json_member(member: str, data: bytes, *, exact_numbers: bool = False) -> Any:
    """Parse a JSON member strictly: UTF-8 without BOM, no duplicate keys, no NaN/Infinity, bounded size."""
    if len(data) > MAX_JSON_BYTES:
        raise FormatError(member, [f"larger than {MAX_JSON_BYTES} bytes"])
    value = _normal_member(data, exact_numbers)  # the common case: the exporter's text
    if value is not _NOT_NORMAL:
        return value
    if data.startswith(b"\xef\xbb\xbf"):
        raise FormatError(member, ["starts with a byte order mark"])
    try:
        text = data.decode("utf-8")
        return (_DECODERS.exact if exact_numbers else _DECODERS.binary).decode(text)
    except UnicodeDecodeError as exc:
        raise FormatError(member, [json_failure(exc)]) from exc
    except JSON_FAILURES as exc:
        raise FormatError(member, [f"malformed JSON: {json_failure(exc)}"]) from exc


# ---------------------------------------------------------------- digests, keys, times


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """Return a key's fingerprint: ``SHA256:`` + lowercase hex SHA-256 of the raw 32-byte public key."""
    if len(public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return FINGERPRINT_PREFIX + hashlib.sha256(public_key).hexdigest()


def display_fingerprint(value: str, groups: int | None = None) -> str:
    """Group a fingerprint's hex in fours for reading aloud: ``SHA256:1a2b 3c4d …`` (first ``groups`` only)."""
    hex_part = value.removeprefix(FINGERPRINT_PREFIX)
    chunks = [hex_part[i : i + 4] for i in range(0, len(hex_part), 4)]
    if groups is not None:
        chunks = chunks[:groups]
    return FINGERPRINT_PREFIX + " ".join(chunks)


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Decode standard padded base64 strictly (no whitespace, no URL alphabet)."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"not base64: {exc}") from exc
    if b64encode(data) != text:
        raise ValueError("not canonical base64")
    return data


def utc_text(moment: datetime) -> str:
    """Return ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (a naive datetime is taken as UTC already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def parse_utc_text(text: str) -> datetime:
    if not _UTC_TIME.fullmatch(text):
        raise ValueError(f"{text!r} is not a UTC time like 2024-05-01T08:30:00Z")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def safe_member_component(filename: str) -> str:
    """Return a file name safe as one archive path component (the original stays in the manifest)."""
    name = unicodedata.normalize("NFC", filename)
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .")
    if not name:
        name = "file"
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, dot, ext = name, "", ""
    while len((stem + dot + ext).encode("utf-8")) > _MAX_SAFE_NAME_BYTES and stem:
        stem = stem[:-1]
    return (stem.rstrip(" .") or "file") + dot + ext


def signature_member(index: int) -> str:
    """Return the archive name of the index-th signature (1-based)."""
    return f"{SIGNATURE_DIR}{index}.json"


def signature_index(name: str) -> int | None:
    match = _SIGNATURE_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- the manifest model


@dataclass(frozen=True)
class FormRef:
    id: str
    revision: int
    hash: str


@dataclass(frozen=True)
class EnterpriseRef:
    name: str
    uscc: str


@dataclass(frozen=True)
class AssessorInfo:
    name: str = ""
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    kind: str
    status: str
    assessed_on: str | None
    created_at: str | None
    finalized_at: str | None
    on_site: bool
    assessor: AssessorInfo = field(default_factory=AssessorInfo)


@dataclass(frozen=True)
class EvidenceEntry:
    item: str
    filename: str
    sha256: str
    size: int
    path: str


@dataclass(frozen=True)
class SignerRef:
    role: str
    name: str
    fingerprint: str


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """The parsed manifest.json; ``to_json()`` gives the object that is serialised and signed."""

    format: str
    format_version: int
    app_version: str
    created_at: str
    form: FormRef
    enterprise: EnterpriseRef
    assessment: AssessmentInfo
    content_digest: str
    evidence: tuple[EvidenceEntry, ...]
    signers: tuple[SignerRef, ...]
    files: tuple[FileEntry, ...]

    def to_json(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "format": self.format,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "created_at": self.created_at,
            "form": {"id": self.form.id, "revision": self.form.revision, "hash": self.form.hash},
            "enterprise": {"name": self.enterprise.name, "uscc": self.enterprise.uscc},
            "assessment": {
                "id": a.id,
                "kind": a.kind,
                "status": a.status,
                "assessed_on": a.assessed_on,
                "created_at": a.created_at,
                "finalized_at": a.finalized_at,
                "on_site": a.on_site,
                "assessor": {
                    "name": a.assessor.name,
                    "organisation": a.assessor.organisation,
                    "role": a.assessor.role,
                },
            },
            "content_digest": self.content_digest,
            "evidence": [
                {"item": e.item, "filename": e.filename, "sha256": e.sha256, "size": e.size, "path": e.path}
                for e in self.evidence
            ],
            "signers": [{"role": s.role, "name": s.name, "fingerprint": s.fingerprint} for s in self.signers],
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }

    def file(self, path: str) -> FileEntry | None:
        for entry in self.files:
            if entry.path == path:
                return entry
        return None


class _Reader:
    """Read one JSON object with exact key sets, collecting every problem as 'field: what is wrong'."""

    def __init__(self, data: Any, where: str, problems: list[str], keys: Sequence[str]) -> None:
        self.where = where
        self.problems = problems
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            problems.append(f"{where or 'document'}: must be a JSON object")
            return
        for key in data:
            if key not in keys:
                problems.append(f"{self._at(key)}: unknown field")
        for key in keys:
            if key not in data:
                problems.append(f"{self._at(key)}: missing")

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, kinds: tuple[type, ...], what: str, nullable: bool = False) -> Any:
        if key not in self.data:
            return None
        value = self.data[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) and bool not in kinds:
            self.problems.append(f"{self._at(key)}: must be {what}")
            return None
        if not isinstance(value, kinds):
            self.problems.append(f"{self._at(key)}: must be {what}")
            return None
        return value

    def text(self, key: str, pattern: re.Pattern[str] | None = None, nonempty: bool = False) -> str:
        value = self._get(key, (str,), "text")
        if value is None:
            return ""
        if nonempty and not value:
            self.problems.append(f"{self._at(key)}: must not be empty")
        if pattern is not None and not pattern.fullmatch(value):
            self.problems.append(f"{self._at(key)}: {value!r} is not in the required form")
        return str(value)

    def opt_text(self, key: str, check: Any = None) -> str | None:
        value = self._get(key, (str,), "text or null", nullable=True)
        if value is not None and check is not None:
            try:
                check(value)
            except ValueError as exc:
                self.problems.append(f"{self._at(key)}: {exc}")
        return None if value is None else str(value)

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self._get(key, (int,), "a whole number")
        if value is None:
            return 0
        if value < minimum:
            self.problems.append(f"{self._at(key)}: must be at least {minimum}")
        return int(value)

    def flag(self, key: str) -> bool:
        value = self._get(key, (bool,), "true or false")
        return bool(value)

    def obj(self, key: str, keys: Sequence[str]) -> _Reader:
        return _Reader(self.data.get(key, {}), self._at(key), self.problems, keys)

    def objects(self, key: str, keys: Sequence[str]) -> list[_Reader]:
        value = self._get(key, (list,), "a list")
        if value is None:
            return []
        return [_Reader(item, f"{self._at(key)}[{i}]", self.problems, keys) for i, item in enumerate(value)]


def _check_date(text: str) -> None:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2024-05-01") from None
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a date like 2024-05-01")


def _cross_check(
    version: int,
    top: Mapping[str, Any],
    evidence: Sequence[EvidenceEntry],
    signers: Sequence[SignerRef],
    files: Sequence[FileEntry],
    problems: list[str],
) -> None:
    """Check the rules that tie the manifest's lists together (``top`` is the manifest's object)."""
    if not signers and "signers" in top:
        problems.append("signers: a package must name at least one signer")
    roles = [s.role for s in signers]
    if len(set(roles)) != len(roles):
        problems.append("signers: each role may sign once")
    paths = [x.path for x in files]
    if paths != sorted(paths, key=lambda p: p.encode("utf-8")):
        problems.append("files: entries must be sorted by path (UTF-8 byte order)")
    if len(set(paths)) != len(paths):
        problems.append("files: a path is listed twice")
    required_files = REQUIRED_FILES_V1 if version == 1 else REQUIRED_FILES
    for path in paths:
        if path == MANIFEST or path.startswith(SIGNATURE_DIR):
            problems.append(f"files: {path!r} must not be listed (the manifest and signatures are not)")
        elif path not in required_files and not path.startswith(EVIDENCE_DIR):
            problems.append(f"files: {path!r} is not a member this format defines")
    for required in required_files:
        if required not in paths:
            problems.append(f"files: the required member {required!r} is not listed")
    for i, ev in enumerate(evidence):
        prefix = f"{EVIDENCE_DIR}{ev.sha256}/"
        component = ev.path[len(prefix) :]
        if not ev.path.startswith(prefix) or not component or "/" in component:
            problems.append(f"evidence[{i}].path: {ev.path!r} must be {prefix}<file name>")
        elif ev.path not in paths:
            problems.append(f"evidence[{i}].path: {ev.path!r} is not listed in files")


_TOP_KEYS = frozenset(
    ("format", "format_version", "app_version", "created_at", "form", "enterprise", "assessment", "content_digest",
     "evidence", "signers", "files")
)  # fmt: skip
_FORM_KEYS = frozenset(("id", "revision", "hash"))
_ENTERPRISE_KEYS = frozenset(("name", "uscc"))
_ASSESSMENT_KEYS = frozenset(
    ("id", "kind", "status", "assessed_on", "created_at", "finalized_at", "on_site", "assessor")
)
_ASSESSOR_KEYS = frozenset(("name", "organisation", "role"))
_EVIDENCE_KEYS = frozenset(("item", "filename", "sha256", "size", "path"))
_SIGNER_KEYS = frozenset(("role", "name", "fingerprint"))
_FILE_KEYS = frozenset(("path", "size", "sha256"))
_FORM_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_KINDS = frozenset(("baseline", "after", "self"))
_STATUSES = frozenset(("draft", "finalized"))
_ROLES = frozenset(r.value for r in SignerRole)


def _text(value: Any) -> bool:
    return type(value) is str and value != ""


def _utc_or_none(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not str:
        return False
    try:
        parse_utc_text(value)
    except ValueError:
        return False
    return True


def _plain_manifest(data: Any) -> Manifest | None:  # noqa: PLR0911, PLR0912 (one early return per rule)
    """Return the manifest when it breaks none of the rules ``parse_manifest`` checks, in straight-line code.

    The common case, read without collecting problems: exact key sets, the types, patterns and bounds of each
    field, then the same cross checks. None means "not plainly valid": ``parse_manifest`` then reads it field by
    field and names every problem. What this returns equals what that reading returns.
    """
    if type(data) is not dict or data.keys() != _TOP_KEYS:
        return None
    f, e, a = data["form"], data["enterprise"], data["assessment"]
    if type(f) is not dict or f.keys() != _FORM_KEYS or type(e) is not dict or e.keys() != _ENTERPRISE_KEYS:
        return None
    if type(a) is not dict or a.keys() != _ASSESSMENT_KEYS:
        return None
    r = a["assessor"]
    if type(r) is not dict or r.keys() != _ASSESSOR_KEYS or not all(type(v) is str for v in r.values()):
        return None
    version, created_at = data["format_version"], data["created_at"]
    if type(version) is not int or version < 0 or not _utc_or_none(created_at) or created_at is None:
        return None
    if type(data["format"]) is not str or type(data["app_version"]) is not str:
        return None
    if type(data["content_digest"]) is not str:
        return None
    revision, form_hash = f["revision"], f["hash"]
    if not _text(f["id"]) or type(revision) is not int or revision < 1:
        return None
    if type(form_hash) is not str or not _FORM_HASH.fullmatch(form_hash):
        return None
    if not _text(e["name"]) or not _text(e["uscc"]):
        return None
    assessment_id, assessed_on = a["id"], a["assessed_on"]
    if type(assessment_id) is not int or assessment_id < 1 or type(a["on_site"]) is not bool:
        return None
    kind, status = a["kind"], a["status"]
    if type(kind) is not str or kind not in _KINDS or type(status) is not str or status not in _STATUSES:
        return None
    if not _utc_or_none(a["created_at"]) or not _utc_or_none(a["finalized_at"]):
        return None
    if assessed_on is not None:
        if type(assessed_on) is not str:
            return None
        try:
            _check_date(assessed_on)
        except ValueError:
            return None
    lists = data["evidence"], data["signers"], data["files"]
    if not all(type(x) is list for x in lists) or not all(type(i) is dict for x in lists for i in x):
        return None
    evidence, signers, files = [], [], []
    for x in lists[0]:
        if x.keys() != _EVIDENCE_KEYS or not (_text(x["item"]) and _text(x["filename"]) and _text(x["path"])):
            return None
        digest, size = x["sha256"], x["size"]
        if type(digest) is not str or not _SHA256_HEX.fullmatch(digest) or type(size) is not int or size < 0:
            return None
        evidence.append(EvidenceEntry(x["item"], x["filename"], digest, size, x["path"]))
    for x in lists[1]:
        if x.keys() != _SIGNER_KEYS:
            return None
        role, key = x["role"], x["fingerprint"]
        if type(role) is not str or role not in _ROLES:
            return None
        if type(x["name"]) is not str or type(key) is not str or not _FINGERPRINT.fullmatch(key):
            return None
        signers.append(SignerRef(role, x["name"], key))
    for x in lists[2]:
        if x.keys() != _FILE_KEYS:
            return None
        digest, size = x["sha256"], x["size"]
        if not _text(x["path"]) or type(size) is not int or size < 0:
            return None
        if type(digest) is not str or not _SHA256_HEX.fullmatch(digest):
            return None
        files.append(FileEntry(x["path"], size, digest))
    problems: list[str] = []
    _cross_check(version if version in SUPPORTED_VERSIONS else FORMAT_VERSION, data, evidence, signers, files, problems)
    if problems:
        return None
    return Manifest(
        format=data["format"],
        format_version=version,
        app_version=data["app_version"],
        created_at=created_at,
        form=FormRef(f["id"], revision, form_hash),
        enterprise=EnterpriseRef(e["name"], e["uscc"]),
        assessment=AssessmentInfo(
            id=assessment_id,
            kind=kind,
            status=status,
            assessed_on=assessed_on,
            created_at=a["created_at"],
            finalized_at=a["finalized_at"],
            on_site=a["on_site"],
            assessor=AssessorInfo(r["name"], r["organisation"], r["role"]),
        ),
        content_digest=data["content_digest"],
        evidence=tuple(evidence),
        signers=tuple(signers),
        files=tuple(files),
    )


def parse_manifest(data: Any) -> Manifest:
    """Validate a parsed manifest.json against format version 1 and return it (FormatError lists problems).

    The format name and version are checked by the caller first, so an unknown version is reported as such.
    """
    plain = _plain_manifest(data)
    return plain if plain is not None else _read_manifest(data)


def _read_manifest(data: Any) -> Manifest:
    """``parse_manifest`` field by field: every problem is collected and named (FormatError)."""
    problems: list[str] = []
    top = _Reader(
        data,
        "",
        problems,
        (
            "format",
            "format_version",
            "app_version",
            "created_at",
            "form",
            "enterprise",
            "assessment",
            "content_digest",
            "evidence",
            "signers",
            "files",
        ),
    )
    created_at = top.text("created_at")
    try:
        parse_utc_text(created_at)
    except ValueError as exc:
        problems.append(f"created_at: {exc}")
    f = top.obj("form", ("id", "revision", "hash"))
    form = FormRef(
        f.text("id", nonempty=True), f.integer("revision", 1), f.text("hash", re.compile(r"sha256:[0-9a-f]{64}"))
    )
    e = top.obj("enterprise", ("name", "uscc"))
    enterprise = EnterpriseRef(e.text("name", nonempty=True), e.text("uscc", nonempty=True))
    a = top.obj(
        "assessment",
        ("id", "kind", "status", "assessed_on", "created_at", "finalized_at", "on_site", "assessor"),
    )
    r = a.obj("assessor", ("name", "organisation", "role"))
    assessment = AssessmentInfo(
        id=a.integer("id", 1),
        kind=a.text("kind", re.compile(r"baseline|after|self")),
        status=a.text("status", re.compile(r"draft|finalized")),
        assessed_on=a.opt_text("assessed_on", _check_date),
        created_at=a.opt_text("created_at", parse_utc_text),
        finalized_at=a.opt_text("finalized_at", parse_utc_text),
        on_site=a.flag("on_site"),
        assessor=AssessorInfo(r.text("name"), r.text("organisation"), r.text("role")),
    )
    evidence = tuple(
        EvidenceEntry(
            item=x.text("item", nonempty=True),
            filename=x.text("filename", nonempty=True),
            sha256=x.text("sha256", _SHA256_HEX),
            size=x.integer("size"),
            path=x.text("path", nonempty=True),
        )
        for x in top.objects("evidence", ("item", "filename", "sha256", "size", "path"))
    )
    signers = tuple(
        SignerRef(
            role=x.text("role", re.compile("|".join(r.value for r in SignerRole))),
            name=x.text("name"),
            fingerprint=x.text("fingerprint", _FINGERPRINT),
        )
        for x in top.objects("signers", ("role", "name", "fingerprint"))
    )
    files = tuple(
        FileEntry(path=x.text("path", nonempty=True), size=x.integer("size"), sha256=x.text("sha256", _SHA256_HEX))
        for x in top.objects("files", ("path", "size", "sha256"))
    )
    version = data.get("format_version") if isinstance(data, Mapping) else None
    _cross_check(
        version if version in SUPPORTED_VERSIONS else FORMAT_VERSION, top.data, evidence, signers, files, problems
    )
    if problems:
        raise FormatError(MANIFEST, problems)
    return Manifest(
        format=top.text("format"),
        format_version=top.integer("format_version"),
        app_version=top.text("app_version"),
        created_at=created_at,
        form=form,
        enterprise=enterprise,
        assessment=assessment,
        content_digest=top.text("content_digest"),
        evidence=evidence,
        signers=signers,
        files=files,
    )


# ---------------------------------------------------------------- commitment and signature records


@dataclass(frozen=True)
class Commitment:
    """The truthfulness commitment (真实性承诺) the signer accepted before export."""

    text: str
    signer_name: str
    signer_role: str
    accepted_at: datetime
    accepted: bool = True
    text_id: str | None = None  # which versioned text was accepted (None in packages written before it was recorded)
    text_version: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.text_id is not None and self.text_version is not None:
            data = {"text_id": self.text_id, "text_version": self.text_version}
        return {
            **data,
            "text": self.text,
            "signer_name": self.signer_name,
            "signer_role": self.signer_role,
            "accepted_at": utc_text(self.accepted_at),
            "accepted": self.accepted,
        }


def parse_commitment(data: Any) -> Commitment:
    problems: list[str] = []
    keys = ("text", "signer_name", "signer_role", "accepted_at", "accepted")
    # text_id and text_version come together, and are absent in packages written before they were recorded.
    versioned = isinstance(data, Mapping) and ("text_id" in data or "text_version" in data)
    r = _Reader(data, "", problems, ("text_id", "text_version", *keys) if versioned else keys)
    text_id = r.text("text_id", nonempty=True) if versioned else None
    text_version = r.integer("text_version", minimum=1) if versioned else None
    text = r.text("text", nonempty=True)
    name = r.text("signer_name", nonempty=True)
    role = r.text("signer_role")
    accepted_at = r.text("accepted_at")
    accepted = r.flag("accepted")
    moment = datetime(1970, 1, 1, tzinfo=UTC)
    try:
        moment = parse_utc_text(accepted_at)
    except ValueError as exc:
        problems.append(f"accepted_at: {exc}")
    if "accepted" in r.data and accepted is not True:
        problems.append("accepted: the commitment was not accepted")
    if problems:
        raise FormatError(COMMITMENT, problems)
    return Commitment(text, name, role, moment, accepted, text_id, text_version)


@dataclass(frozen=True)
class SignatureRecord:
    """One signatures/<n>.json member: an Ed25519 signature over the exact bytes of manifest.json."""

    role: str
    signer_name: str
    algorithm: str
    public_key: bytes
    fingerprint: str
    signature: bytes
    signed_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "signed_file": MANIFEST,
            "algorithm": self.algorithm,
            "role": self.role,
            "signer_name": self.signer_name,
            "public_key": b64encode(self.public_key),
            "fingerprint": self.fingerprint,
            "signature": b64encode(self.signature),
            "signed_at": self.signed_at,
        }


def parse_signature_record(member: str, data: Any) -> SignatureRecord:
    problems: list[str] = []
    keys = ("signed_file", "algorithm", "role", "signer_name", "public_key", "fingerprint", "signature", "signed_at")
    r = _Reader(data, "", problems, keys)
    if r.text("signed_file") != MANIFEST and "signed_file" in r.data:
        problems.append(f"signed_file: must be {MANIFEST!r}")
    algorithm = r.text("algorithm")
    if algorithm != ALGORITHM and "algorithm" in r.data:
        problems.append(f"algorithm: {algorithm!r} is not supported (only {ALGORITHM!r})")
    role = r.text("role", re.compile("|".join(x.value for x in SignerRole)))
    name = r.text("signer_name")
    fp = r.text("fingerprint", _FINGERPRINT)
    signed_at = r.text("signed_at")
    try:
        parse_utc_text(signed_at)
    except ValueError as exc:
        problems.append(f"signed_at: {exc}")
    public_key = signature = b""
    try:
        public_key = b64decode(r.text("public_key"))
        if len(public_key) != 32:
            problems.append("public_key: an Ed25519 public key is 32 bytes")
    except ValueError as exc:
        problems.append(f"public_key: {exc}")
    try:
        signature = b64decode(r.text("signature"))
        if len(signature) != 64:
            problems.append("signature: an Ed25519 signature is 64 bytes")
    except ValueError as exc:
        problems.append(f"signature: {exc}")
    if not problems and fingerprint(public_key) != fp:
        problems.append("fingerprint: does not match public_key")
    if problems:
        raise FormatError(member, problems)
    return SignatureRecord(role, name, algorithm, public_key, fp, signature, signed_at)


# ---------------------------------------------------------------- the normative subset (format 2)

NORMATIVE_KEYS = (
    "version",
    "form",
    "question_scores",
    "dimension_scores",
    "total_score",
    "scene_levels",
    "scene_counts",
    "score_level",
    "scene_level",
    "level",
    "complete",
    "missing",
)
# The result.json keys the normative subset is taken from; the others (the plan, the warnings) are advisory.
NORMATIVE_RESULT_KEYS = (
    "form",
    "form_revision",
    "form_hash",
    "complete",
    "missing",
    "total_score",
    "dimension_scores",
    "question_scores",
    "scene_levels",
    "score_level",
    "scene_level",
    "level",
    "scene_counts",
)


def normative_from_score(result: ScoreResult) -> dict[str, Any]:
    """Return the normative subset of a score: what a package's verification compares strictly.

    Numbers that may have a fraction (points) are canonical decimal text (``decimal_text``); counts and
    levels are integers.
    """
    return {
        "version": NORMATIVE_VERSION,
        "form": {"id": result.form_id, "revision": result.form_revision, "hash": result.form_hash},
        "question_scores": {k: decimal_text(v) for k, v in result.question_scores.items()},
        "dimension_scores": {k: decimal_text(v) for k, v in result.dimension_scores.items()},
        "total_score": decimal_text(result.total_score),
        "scene_levels": dict(result.scene_levels),
        "scene_counts": {str(c.level): {"scenes": c.scenes, "constrained": c.constrained} for c in result.scene_counts},
        "score_level": result.score_level,
        "scene_level": result.scene_level,
        "level": result.level,
        "complete": result.complete,
        "missing": list(result.missing),
    }


def _points_text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(f"{where}: must be a number")
    return decimal_text(value)


def normative_from_result(data: Any) -> dict[str, Any]:
    """Derive the normative subset from a result.json (parsed with exact decimals), as format 1 packages carry it.

    Raises ValueError naming the field when result.json lacks a normative field or has the wrong type there.
    """
    if not isinstance(data, Mapping):
        raise ValueError("must be a JSON object")
    missing = [k for k in NORMATIVE_RESULT_KEYS if k not in data]
    if missing:
        raise ValueError("missing " + ", ".join(missing))

    def points(key: str) -> dict[str, str]:
        value = data[key]
        if not isinstance(value, Mapping):
            raise ValueError(f"{key}: must be an object")
        return {str(k): _points_text(v, f"{key}.{k}") for k, v in value.items()}

    return {
        "version": NORMATIVE_VERSION,
        "form": {"id": data["form"], "revision": data["form_revision"], "hash": data["form_hash"]},
        "question_scores": points("question_scores"),
        "dimension_scores": points("dimension_scores"),
        "total_score": _points_text(data["total_score"], "total_score"),
        "scene_levels": data["scene_levels"],
        "scene_counts": data["scene_counts"],
        "score_level": data["score_level"],
        "scene_level": data["scene_level"],
        "level": data["level"],
        "complete": data["complete"],
        "missing": data["missing"],
    }
