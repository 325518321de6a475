#!/usr/bin/env python3
"""A stand-alone verifier for signed SME assessment packages (.sdap), written from docs/package-format.md.

One file, the Python standard library plus ``cryptography`` (Ed25519); it imports nothing from the program.
It reads each package into memory (never extracting), runs the checks of section 8 in order and prints a
verdict per file:

    python tools/verify_sdap.py FILE... [--json] [--trust PUB.pem]... [--forms DIR] [--strict]
        [--require-countersignature]

``--forms DIR`` names the form files (``*.json``) "installed" for this verifier; without it every format 2
package is recomputed with its embedded form (a ``form-not-installed`` note; a failure with ``--strict``).
Exit status: 0 when every file verified, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import io
import json
import re
import stat
import struct
import sys
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

FORMAT_NAME = "sme-digital-assessment-package"
SUPPORTED_VERSIONS = (1, 2)
MANIFEST, ANSWERS, RESULT, REPORT, COMMITMENT = (
    "manifest.json",
    "answers.json",
    "result.json",
    "report.pdf",
    "commitment.json",
)
FORM, NORMATIVE = "form.json", "normative.json"
FILES_V1 = (ANSWERS, COMMITMENT, REPORT, RESULT)
FILES_V2 = (ANSWERS, COMMITMENT, FORM, NORMATIVE, REPORT, RESULT)
ROLES = ("enterprise", "assessor")

# Limits (section 11).
MAX_ARCHIVE = 1024 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER = 256 * 1024 * 1024
MAX_TOTAL = 1024 * 1024 * 1024
MAX_NAME = 512
MAX_JSON = 16 * 1024 * 1024
MAX_FORM = 4 * 1024 * 1024
RATIO_FLOOR, MAX_RATIO = 1024 * 1024, 100

SHA_HEX = re.compile(r"[0-9a-f]{64}")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
FPR = re.compile(r"SHA256:[0-9a-f]{64}")
UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SIG_NAME = re.compile(r"signatures/([1-9][0-9]{0,3})\.json")
BINDING = re.compile(
    rb"sdap-binding/1;content_digest=(sha256:[0-9a-f]{64});level=([0-9]{1,3});total_score=([0-9]{1,12}(?:\.[0-9]{1,9})?)(?![0-9.])"
)
LOCAL = struct.Struct("<IHHHHHIIIHH")
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
EOCD = struct.Struct("<IHHHHIIH")


class StopError(Exception):
    """A stop step failed."""


class RefusedError(Exception):
    def __init__(self, code: str, detail: str, message: str, subject: str = "") -> None:
        super().__init__(message)
        self.code, self.detail, self.message, self.subject = code, detail, message, subject


@dataclass
class Run:
    source: str
    data: bytes
    trusted: set[str]
    forms: dict[tuple[str, int], tuple[str, Any]]  # (id, revision) -> (hash, parsed form)
    strict: bool
    roles: tuple[str, ...]
    checks: list[dict[str, str]] = field(default_factory=list)
    members: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    manifest_bytes: bytes = b""
    signatures: list[dict[str, Any]] = field(default_factory=list)
    form: Any = None
    answers: Any = None
    normative: dict[str, Any] | None = None

    def add(self, code: str, status: str, message: str, subject: str = "", detail: str = "") -> None:
        check = {"code": code, "status": status, "message": message}
        if subject:
            check["subject"] = subject
        if detail:
            check["detail"] = detail
        self.checks.append(check)

    def fail(self, code: str, message: str, subject: str = "", detail: str = "") -> None:
        self.add(code, "fail", message, subject, detail)

    def failed(self, code: str) -> bool:
        return any(c["code"] == code and c["status"] == "fail" for c in self.checks)


# ---------------------------------------------------------------- numbers and canonical JSON (section 7)


def decimal_text(value: Decimal | int) -> str:
    """Canonical decimal text: plain notation, no exponent, no trailing fraction zeros (section 7.1)."""
    number = Decimal(value)
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def canonical(value: Any) -> bytes:
    """Canonical JSON; a Decimal (a form's number with a fraction or exponent) is written as its string."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def unique_pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's pairs as a dict; a key given twice is refused (parsers differ on which value they keep)."""
    out: dict[str, Any] = {}
    for k, v in items:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def strict_json(member: str, data: bytes, exact: bool = False) -> Any:
    if len(data) > MAX_JSON:
        raise ValueError(f"{member}: larger than {MAX_JSON} bytes")
    if data.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"{member}: starts with a byte order mark")

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=unique_pairs,
            parse_constant=constant,
            parse_float=Decimal if exact else float,
        )
    except RecursionError as exc:
        raise ValueError(f"{member}: nested too deeply") from exc
    except ValueError as exc:  # UnicodeDecodeError, JSONDecodeError and the hooks' errors
        raise ValueError(f"{member}: malformed JSON: {exc}") from exc


# ---------------------------------------------------------------- step 1 and 2: the archive


def check_name(name: str) -> None:
    def hostile(detail: str, what: str) -> RefusedError:
        return RefusedError("hostile-archive", detail, f"member name {name!r} {what}", name)

    if not name:
        raise RefusedError("hostile-archive", "empty-name", "a member has an empty name")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        raise hostile("control-character", "contains a control character")
    if name.startswith(("/", "\\")) or (len(name) >= 2 and name[1] == ":" and name[0].isalpha()):
        raise hostile("absolute-path", "is an absolute path")
    if "\\" in name:
        raise hostile("backslash", "contains a backslash")
    if name.endswith("/"):
        raise hostile("directory-entry", "is a directory entry")
    parts = name.split("/")
    if ".." in parts:
        raise hostile("path-traversal", "climbs out of the archive with '..'")
    if any(p in ("", ".") for p in parts) or any(c in '<>:"|?*' for c in name):
        raise hostile("bad-path", "has an empty or '.' component or a forbidden character")
    if any(p != p.rstrip(" .") for p in parts):
        raise hostile("bad-path", "has a component ending in a space or dot")


def check_info(info: zipfile.ZipInfo, seen: set[str]) -> None:
    """Refuse an unsafe central directory entry before any member data is read."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        raise RefusedError("hostile-archive", "non-utf8-name", f"{name!r} is not flagged UTF-8", name)
    if len(name.encode("utf-8")) > MAX_NAME:
        raise RefusedError("hostile-archive", "name-too-long", "member name too long", name)
    check_name(name)
    folded = unicodedata.normalize("NFC", name).casefold()
    if folded in seen:
        raise RefusedError("hostile-archive", "duplicate-name", f"{name!r} appears twice", name)
    seen.add(folded)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise RefusedError("hostile-archive", "symlink", f"{name!r} is a symbolic link", name)
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise RefusedError("hostile-archive", "special-file", f"{name!r} is not a regular file", name)
    if info.flag_bits & 1:
        raise RefusedError("hostile-archive", "encrypted", f"{name!r} is encrypted", name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RefusedError("hostile-archive", "unsupported-compression", f"{name!r}: method", name)
    if info.file_size > MAX_MEMBER:
        raise RefusedError("hostile-archive", "too-large", f"{name!r} declares {info.file_size} bytes", name)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise RefusedError("hostile-archive", "zip-bomb", f"{name!r} expands over the ratio limit", name)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one member with a hard cap: never more than its declared size, never more than the limit."""
    cap, buf = min(info.file_size, MAX_MEMBER), bytearray()
    with zf.open(info) as stream:
        while chunk := stream.read(65536):
            buf += chunk
            if len(buf) > cap:
                raise RefusedError("hostile-archive", "zip-bomb", "member expands beyond its size", info.filename)
    if len(buf) != info.file_size:
        raise RefusedError("archive-corrupt", "size-mismatch", f"{info.filename!r}: size differs", info.filename)
    return bytes(buf)


def end_record(data: bytes) -> None:
    """Refuse an archive whose end record is missing, multi-disk, zip64, or declares too many members."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - (EOCD.size + 0xFFFF)))
    if pos < 0 or pos + EOCD.size > len(data):
        raise RefusedError("not-zip", "no-end-record", "not a zip archive (no end of central directory record)")
    _sig, disk, cd_disk, n_disk, n_total, _size, _off, _comment = EOCD.unpack_from(data, pos)
    if disk or cd_disk or n_disk != n_total:
        raise RefusedError("hostile-archive", "multi-disk", "multi-volume zip archives are not accepted")
    if n_total == 0xFFFF:
        raise RefusedError("hostile-archive", "zip64", "zip64 archives are not accepted")
    if n_total > MAX_MEMBERS:
        raise RefusedError("hostile-archive", "too-many-members", f"archive declares {n_total} members")


def read_archive(data: bytes) -> list[tuple[str, bytes]]:
    """Step 1: read the members with limits, refusing unsafe entries before reading any member data."""
    if len(data) > MAX_ARCHIVE:
        raise RefusedError("hostile-archive", "too-large", f"archive is {len(data)} bytes; the limit is {MAX_ARCHIVE}")
    if not data.startswith(b"PK\x03\x04"):
        raise RefusedError("not-zip", "bad-signature", "not a zip archive (no local file header at offset 0)")
    end_record(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise RefusedError("hostile-archive", "too-many-members", f"archive has {len(infos)} members")
            seen: set[str] = set()
            total = 0
            for info in infos:
                check_info(info, seen)
                total += info.file_size
                if total > MAX_TOTAL:
                    raise RefusedError("hostile-archive", "too-large", "members declare too many bytes in total")
            return [(info.filename, read_member(zf, info)) for info in infos]
    except RefusedError:
        raise
    except UnicodeDecodeError as exc:
        raise RefusedError("hostile-archive", "non-utf8-name", f"a name flagged UTF-8 is not UTF-8: {exc}") from exc
    except (NotImplementedError, RuntimeError) as exc:
        raise RefusedError("hostile-archive", "unsupported", f"unsupported zip feature: {exc}") from exc
    except Exception as exc:  # corrupt archives raise many kinds of errors: every one is a verdict
        raise RefusedError("archive-corrupt", "corrupt", f"corrupt or truncated zip archive: {exc}") from exc


def canonical_archive(members: list[tuple[str, bytes]]) -> bytes:
    """Section 2: the canonical layout of the members, in the order given."""
    local, central = bytearray(), bytearray()
    for name, content in members:
        raw, crc, size, offset = name.encode("utf-8"), zlib.crc32(content), len(content), len(local)
        local += LOCAL.pack(0x04034B50, 20, 0x800, 0, 0, 0x21, crc, size, size, len(raw), 0) + raw + content
        central += (
            CENTRAL.pack(
                0x02014B50, 0x314, 20, 0x800, 0, 0, 0x21, crc, size, size, len(raw), 0, 0, 0, 0, 0x81A40000, offset
            )
            + raw
        )
    n = len(members)
    return bytes(local + central + EOCD.pack(0x06054B50, 0, 0, n, n, len(central), len(local), 0))


def step_archive(r: Run) -> None:
    try:
        members = read_archive(r.data)
    except RefusedError as exc:
        r.fail(exc.code, exc.message, exc.subject, exc.detail)
        raise StopError from exc
    r.members = dict(members)
    r.add("archive", "pass", f"zip structure is sound: {len(members)} members")
    names = [n.encode("utf-8") for n, _ in members]
    if names != sorted(names):
        r.fail("archive-layout", "members are not in ascending UTF-8 byte order of their names")
    elif canonical_archive(members) != r.data:
        r.fail("archive-layout", "the archive is not in the canonical layout")
    else:
        r.add("archive-layout", "pass", "archive bytes are in the canonical layout")


# ---------------------------------------------------------------- step 3: the manifest


class Fields:
    """Collect 'field: problem' for one JSON object with an exact key set."""

    def __init__(self, data: Any, where: str, problems: list[str], keys: tuple[str, ...]) -> None:
        self.data, self.where, self.problems = data if isinstance(data, dict) else {}, where, problems
        if not isinstance(data, dict):
            problems.append(f"{where or 'document'}: must be a JSON object")
            return
        problems += [f"{self.at(k)}: unknown field" for k in data if k not in keys]
        problems += [f"{self.at(k)}: missing" for k in keys if k not in data]

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple[type, ...], nullable: bool = False) -> Any:
        if key not in self.data or (nullable and self.data[key] is None):
            return None
        value = self.data[key]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            self.problems.append(f"{self.at(key)}: wrong type")
            return None
        return value

    def text(self, key: str, pattern: re.Pattern[str] | None = None, nonempty: bool = False, null: bool = False) -> Any:
        value = self.get(key, str, nullable=null)
        if value is not None and ((nonempty and not value) or (pattern and not pattern.fullmatch(value))):
            self.problems.append(f"{self.at(key)}: {value!r} is not allowed")
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self.get(key, int)
        if value is not None and value < minimum:
            self.problems.append(f"{self.at(key)}: must be at least {minimum}")
        return value if value is not None else 0

    def items(self, key: str, keys: tuple[str, ...]) -> list[Fields]:
        value = self.get(key, list) or []
        return [Fields(x, f"{self.at(key)}[{i}]", self.problems, keys) for i, x in enumerate(value)]


def manifest_problems(data: dict[str, Any]) -> list[str]:
    p: list[str] = []
    keys = (
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
    )
    top = Fields(data, "", p, keys)
    top.text("app_version")
    top.text("created_at", UTC)
    top.text("content_digest", DIGEST)
    f = Fields(data.get("form", {}), "form", p, ("id", "revision", "hash"))
    f.text("id", nonempty=True)
    f.integer("revision", 1)
    f.text("hash", DIGEST)
    e = Fields(data.get("enterprise", {}), "enterprise", p, ("name", "uscc"))
    e.text("name", nonempty=True)
    e.text("uscc", nonempty=True)
    akeys = ("id", "kind", "status", "assessed_on", "created_at", "finalized_at", "on_site", "assessor")
    a = Fields(data.get("assessment", {}), "assessment", p, akeys)
    a.integer("id", 1)
    a.text("kind", re.compile("baseline|after|self"))
    a.text("status", re.compile("draft|finalized"))
    a.text("assessed_on", DATE, null=True)
    a.text("created_at", UTC, null=True)
    a.text("finalized_at", UTC, null=True)
    a.get("on_site", bool)
    r = Fields(a.data.get("assessor", {}), "assessment.assessor", p, ("name", "organisation", "role"))
    for k in ("name", "organisation", "role"):
        r.text(k)
    evidence, signers, files = list_problems(top)
    if p:
        return p
    return cross_problems(data, evidence, signers, files)


def list_problems(top: Fields) -> tuple[list[Fields], list[Fields], list[Fields]]:
    evidence = top.items("evidence", ("item", "filename", "sha256", "size", "path"))
    for x in evidence:
        x.text("item", nonempty=True)
        x.text("filename", nonempty=True)
        x.text("sha256", SHA_HEX)
        x.integer("size")
        x.text("path", nonempty=True)
    signers = top.items("signers", ("role", "name", "fingerprint"))
    for x in signers:
        x.text("role", re.compile("enterprise|assessor"))
        x.text("name")
        x.text("fingerprint", FPR)
    files = top.items("files", ("path", "size", "sha256"))
    for x in files:
        x.text("path", nonempty=True)
        x.integer("size")
        x.text("sha256", SHA_HEX)
    return evidence, signers, files


def cross_problems(
    data: dict[str, Any], evidence: list[Fields], signers: list[Fields], files: list[Fields]
) -> list[str]:
    p: list[str] = []
    if not signers:
        p.append("signers: a package must name at least one signer")
    roles = [s.data["role"] for s in signers]
    if len(set(roles)) != len(roles):
        p.append("signers: each role may sign once")
    paths = [x.data["path"] for x in files]
    if paths != sorted(paths, key=lambda s: s.encode("utf-8")) or len(set(paths)) != len(paths):
        p.append("files: entries must be sorted by UTF-8 path bytes, each path once")
    required = FILES_V1 if data["format_version"] == 1 else FILES_V2
    p += [
        f"files: {x!r} is not a member this format defines"
        for x in paths
        if x not in required and not x.startswith("evidence/")
    ]
    p += [f"files: the required member {x!r} is not listed" for x in required if x not in paths]
    for i, ev in enumerate(x.data for x in evidence):
        prefix = f"evidence/{ev['sha256']}/"
        rest = ev["path"][len(prefix) :]
        if not ev["path"].startswith(prefix) or not rest or "/" in rest or ev["path"] not in paths:
            p.append(f"evidence[{i}].path: must be {prefix}<file name>, listed in files")
    return p


def step_manifest(r: Run) -> None:
    raw = r.members.get(MANIFEST)
    if raw is None:
        r.fail("manifest", f"{MANIFEST} is missing", MANIFEST)
        raise StopError
    r.manifest_bytes = raw
    try:
        data = strict_json(MANIFEST, raw)
    except ValueError as exc:
        r.fail("manifest", str(exc), MANIFEST)
        raise StopError from exc
    if not isinstance(data, dict):
        r.fail("manifest", f"{MANIFEST}: must be a JSON object", MANIFEST)
        raise StopError
    if data.get("format") != FORMAT_NAME:
        r.fail("format", f"format is {data.get('format')!r}", "format")
        raise StopError
    version = data.get("format_version")
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        r.fail("format-version", f"format_version {version!r} is not supported", "format_version")
        raise StopError
    problems = manifest_problems(data)
    for problem in problems:
        r.fail("manifest", f"{MANIFEST}: {problem}", problem.split(":", 1)[0])
    if problems:
        raise StopError
    r.manifest = data
    r.add("manifest", "pass", f"{MANIFEST} is a valid format {version} manifest")


# ---------------------------------------------------------------- steps 4 to 7


def step_files(r: Run) -> None:
    m = r.manifest
    for entry in m["files"]:
        content = r.members.get(entry["path"])
        if content is None:
            r.fail("file-missing", f"{entry['path']} is declared but missing", entry["path"])
        elif len(content) != entry["size"]:
            r.fail("file-size", f"{entry['path']} has another size", entry["path"])
        elif hashlib.sha256(content).hexdigest() != entry["sha256"]:
            r.fail("file-digest", f"{entry['path']} has another SHA-256", entry["path"])
    allowed = {
        MANIFEST,
        *(e["path"] for e in m["files"]),
        *(f"signatures/{i}.json" for i in range(1, len(m["signers"]) + 1)),
    }
    for name in r.members:
        if name not in allowed:
            r.fail("file-undeclared", f"{name} is not declared in the manifest", name)


def b64(text: Any, size: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not text")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"not base64: {exc}") from exc
    if base64.b64encode(raw).decode("ascii") != text or len(raw) != size:
        raise ValueError(f"not canonical base64 of {size} bytes")
    return raw


def signature_record(member: str, raw: bytes) -> dict[str, Any]:
    data = strict_json(member, raw)
    p: list[str] = []
    keys = ("signed_file", "algorithm", "role", "signer_name", "public_key", "fingerprint", "signature", "signed_at")
    f = Fields(data, "", p, keys)
    if f.data.get("signed_file") != MANIFEST:
        p.append("signed_file: must be manifest.json")
    if f.data.get("algorithm") != "ed25519":
        p.append("algorithm: must be ed25519")
    f.text("role", re.compile("enterprise|assessor"))
    f.text("signer_name")
    f.text("fingerprint", FPR)
    f.text("signed_at", UTC)
    if p:
        raise ValueError("; ".join(p))
    out = dict(f.data)
    out["public_key"] = b64(data["public_key"], 32)
    out["signature"] = b64(data["signature"], 64)
    if "SHA256:" + hashlib.sha256(out["public_key"]).hexdigest() != data["fingerprint"]:
        raise ValueError("fingerprint: does not match public_key")
    return out


def step_signatures(r: Run) -> None:
    for index, declared in enumerate(r.manifest["signers"], start=1):
        member = f"signatures/{index}.json"
        raw = r.members.get(member)
        if raw is None:
            r.fail("signature-missing", f"{member} is missing", member)
            continue
        try:
            rec = signature_record(member, raw)
        except ValueError as exc:
            r.fail("signature", f"{member}: {exc}", member)
            continue
        if (rec["role"], rec["signer_name"], rec["fingerprint"]) != (
            declared["role"],
            declared["name"],
            declared["fingerprint"],
        ):
            r.fail("signer-mismatch", f"{member}: role, name or key differ from the manifest's signer", member)
            continue
        try:
            Ed25519PublicKey.from_public_bytes(rec["public_key"]).verify(rec["signature"], r.manifest_bytes)
            valid = True
        except InvalidSignature:
            valid = False
        trusted = None if not r.trusted else rec["fingerprint"] in r.trusted
        r.signatures.append(
            {
                "member": member,
                "role": rec["role"],
                "signer_name": rec["signer_name"],
                "fingerprint": rec["fingerprint"],
                "valid": valid,
                "trusted": trusted,
                "signed_at": rec["signed_at"],
            }
        )
        if not valid:
            r.fail("signature", f"{member}: the signature does not verify over {MANIFEST}", member)
        elif trusted is False:
            r.fail("untrusted-key", f"{member}: key {rec['fingerprint']} is not trusted", member)
        else:
            r.add("signature", "pass", f"{member}: valid {rec['role']} signature", member)
    valid_roles = {s["role"] for s in r.signatures if s["valid"]}
    for role in r.roles:
        if role not in valid_roles:
            r.fail("signature-missing", f"no valid {role} signature: one is required", role)


def step_evidence_commitment_report(r: Run) -> None:
    m = r.manifest
    referenced = {ev["path"] for ev in m["evidence"]}
    for ev in m["evidence"]:
        content = r.members.get(ev["path"])
        if content is not None and (hashlib.sha256(content).hexdigest() != ev["sha256"] or len(content) != ev["size"]):
            r.fail("evidence", f"{ev['path']} does not match its sha256 and size", ev["path"])
    for entry in m["files"]:
        if entry["path"].startswith("evidence/") and entry["path"] not in referenced:
            r.fail("evidence", f"{entry['path']} is not referenced by any evidence entry", entry["path"])
    raw = r.members.get(COMMITMENT)
    if raw is not None:
        try:
            data = strict_json(COMMITMENT, raw)
            p: list[str] = []
            keys = ("text", "signer_name", "signer_role", "accepted_at", "accepted")
            versioned = isinstance(data, dict) and ("text_id" in data or "text_version" in data)
            f = Fields(data, "", p, (("text_id", "text_version") if versioned else ()) + keys)
            if versioned:
                f.text("text_id", nonempty=True)
                f.integer("text_version", 1)
            f.text("text", nonempty=True)
            f.text("signer_name", nonempty=True)
            f.text("signer_role")
            f.text("accepted_at", UTC)
            if f.data.get("accepted") is not True:
                p.append("accepted: must be true")
            if p:
                raise ValueError("; ".join(p))
        except ValueError as exc:
            r.fail("commitment", f"{COMMITMENT}: {exc}", COMMITMENT)
    pdf = r.members.get(REPORT)
    if pdf is not None and not pdf.startswith(b"%PDF-"):
        r.fail("report", f"{REPORT} is not a PDF document", REPORT)


# ---------------------------------------------------------------- steps 8 to 13: form, answers, score, digest


def load_form(raw: bytes) -> tuple[str, dict[str, Any]]:
    """Return (content hash, form data) of a form file; ValueError when it is not a usable form."""
    if len(raw) > MAX_FORM:
        raise ValueError(f"larger than {MAX_FORM} bytes")
    data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"), parse_float=Decimal, object_pairs_hook=unique_pairs)
    if not isinstance(data, dict) or not isinstance(data.get("form"), str) or not isinstance(data.get("revision"), int):
        raise ValueError("not a form definition (form, revision)")
    try:
        for q in data["questions"]:
            str(q["id"]), str(q["dimension"]), Decimal(q["max_points"])
            for o in q["options"]:
                str(o["id"]), Decimal(o["points"])
        for d in data["dimensions"]:
            str(d["id"])
        for s in data["scenes"]:
            str(s["id"]), bool(s["constrained"])
        for t in data["level_rule"]["levels"]:
            int(t["level"]), Decimal(t["min_score"]), int(t["min_scenes"]), int(t["min_constrained"])
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise ValueError(f"not a form definition: {exc!r}") from exc
    return "sha256:" + hashlib.sha256(canonical(data)).hexdigest(), data


def step_form(r: Run) -> None:
    ref = r.manifest["form"]
    key = (ref["id"], ref["revision"])
    installed = r.forms.get(key)
    if r.manifest["format_version"] == 1:
        if installed is None:
            r.fail("form-unknown", f"form {key[0]} revision {key[1]} is not installed", "form")
            raise StopError
        if installed[0] != ref["hash"]:
            r.fail("form-hash", f"the installed form has hash {installed[0]}, not {ref['hash']}", "form.hash")
            raise StopError
        r.form = installed[1]
        return
    raw = r.members.get(FORM)
    if raw is None:
        raise StopError
    try:
        digest, form = load_form(raw)
    except (ValueError, RecursionError) as exc:
        r.fail("form-invalid", f"{FORM} is not a valid form definition: {exc}", FORM)
        raise StopError from exc
    if (form["form"], form["revision"], digest) != (ref["id"], ref["revision"], ref["hash"]):
        r.fail(
            "form-hash", f"{FORM} is {form['form']} r{form['revision']} {digest}; the manifest names {ref}", "form.hash"
        )
        raise StopError
    if installed is not None and installed[0] == ref["hash"]:
        r.form = installed[1]
        r.add("form", "pass", f"form {key[0]} revision {key[1]} is installed with the same content hash")
        return
    r.form = form
    r.add(
        "form-not-installed",
        "fail" if r.strict else "warn",
        f"form {key[0]} revision {key[1]} is not installed here: recomputed with the embedded {FORM}",
        "form",
    )


def answers_problems(doc: Any, form: dict[str, Any]) -> list[str]:
    """Section 5.1: validity against the form, and normal form."""
    if not isinstance(doc, dict):
        return ["must be a JSON object"]
    p = [
        f"{k}: unknown field"
        for k in doc
        if k not in ("form", "form_revision", "answers", "scenes", "figures", "notes")
    ]
    questions = {q["id"]: q for q in form["questions"]}
    scenes = {s["id"] for s in form["scenes"]}
    answers, levels = doc.get("answers", {}), doc.get("scenes", {})
    if not isinstance(answers, dict) or not isinstance(levels, dict):
        return [*p, "answers and scenes must be objects"]
    for qid, value in answers.items():
        q = questions.get(qid)
        if q is None:
            p.append(f"answers.{qid}: no such question")
            continue
        order = [o["id"] for o in q["options"]]
        multi = q.get("type") == "multi"
        chosen = value if multi else [value] if isinstance(value, str) else None
        if not isinstance(chosen, list) or not chosen or not all(isinstance(c, str) for c in chosen):
            p.append(f"answers.{qid}: must be an option letter (single) or a non-empty list (multi)")
        elif any(c not in order for c in chosen) or chosen != sorted(set(chosen), key=order.index):
            p.append(f"answers.{qid}: unknown, repeated or unordered options")
        elif len(chosen) > 1 and any(o.get("exclusive") and o["id"] in chosen for o in q["options"]):
            p.append(f"answers.{qid}: an exclusive option is chosen with others")
    for sid, level in levels.items():
        if sid not in scenes or isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            p.append(f"scenes.{sid}: must be a scene of the form with a level 0–4")
    for key in ("figures", "notes"):
        if key in doc and (not isinstance(doc[key], dict) or not doc[key]):
            p.append(f"{key}: must be a non-empty object when present")
    p += figure_problems(doc.get("figures"), questions)
    notes: dict[str, Any] = doc["notes"] if isinstance(doc.get("notes"), dict) else {}
    p += [f"notes.{k}: must be text for an item of the form" for k, v in notes.items()
          if k not in set(questions) | scenes or not isinstance(v, str)]  # fmt: skip
    return p


def figure_problems(figures: Any, questions: dict[str, Any]) -> list[str]:
    """Figures (data entry, never scored): known figures of the question, numbers within the form's bounds."""
    p: list[str] = []
    if not isinstance(figures, dict):
        return p
    for qid, values in figures.items():
        known = {f["id"]: f for f in questions.get(qid, {}).get("figures", [])}
        if not isinstance(values, dict) or not values:
            p.append(f"figures.{qid}: must be a non-empty object")
            continue
        for fid, value in values.items():
            spec, where = known.get(fid), f"figures.{qid}.{fid}"
            if spec is None or isinstance(value, bool) or not isinstance(value, (int, float)):
                p.append(f"{where}: unknown figure or not a number")
                continue
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            low, high = spec.get("min"), spec.get("max")
            if spec.get("kind") == "integer" and number != number.to_integral_value():
                p.append(f"{where}: must be a whole number")
            elif (low is not None and number < Decimal(low)) or (high is not None and number > Decimal(high)):
                p.append(f"{where}: outside the form's bounds")
    return p


def step_answers(r: Run) -> None:
    ref = r.manifest["form"]
    raw = r.members.get(ANSWERS)
    if raw is None or r.failed("file-missing"):
        return
    try:
        doc = strict_json(ANSWERS, raw)
    except ValueError as exc:
        r.fail("answers-invalid", str(exc), ANSWERS)
        return
    if isinstance(doc, dict) and (doc.get("form"), doc.get("form_revision")) != (ref["id"], ref["revision"]):
        r.fail("answers-mismatch", f"{ANSWERS} names another form or revision than the manifest", ANSWERS)
        return
    problems = answers_problems(doc, r.form)
    if problems:
        r.fail("answers-invalid", f"{ANSWERS}: " + "; ".join(problems), ANSWERS)
        return
    r.answers = doc


def recompute(form: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Section 9: the normative subset from the form definition and the answers."""
    answers, chosen_levels = doc.get("answers", {}), doc.get("scenes", {})
    q_points: dict[str, Decimal] = {}
    for q in form["questions"]:
        value = answers.get(q["id"])
        chosen = [] if value is None else [value] if isinstance(value, str) else list(value)
        points = sum((Decimal(o["points"]) for o in q["options"] if o["id"] in chosen), Decimal(0))
        q_points[q["id"]] = min(points, Decimal(q["max_points"]))
    total = sum(q_points.values(), Decimal(0))
    dims = {
        d["id"]: sum((q_points[q["id"]] for q in form["questions"] if q["dimension"] == d["id"]), Decimal(0))
        for d in form["dimensions"]
    }
    levels = {s["id"]: chosen_levels.get(s["id"], 0) for s in form["scenes"]}
    rows = sorted(form["level_rule"]["levels"], key=lambda t: t["level"])
    counts, score_level, scene_level, level = {}, 0, 0, 0
    for t in rows:
        reached = [s for s in form["scenes"] if levels[s["id"]] >= t["level"]]
        n, c = len(reached), sum(1 for s in reached if s["constrained"])
        counts[str(t["level"])] = {"scenes": n, "constrained": c}
        points_met = total >= Decimal(t["min_score"])
        scenes_met = n >= t["min_scenes"] and c >= t["min_constrained"]
        score_level = max(score_level, t["level"]) if points_met else score_level
        scene_level = max(scene_level, t["level"]) if scenes_met else scene_level
        level = max(level, t["level"]) if points_met and scenes_met else level
    missing = [q["id"] for q in form["questions"] if not answers.get(q["id"])]
    missing += [s["id"] for s in form["scenes"] if s["id"] not in chosen_levels]
    return {
        "version": 1,
        "form": {"id": form["form"], "revision": form["revision"], "hash": r_hash(form)},
        "question_scores": {k: decimal_text(v) for k, v in q_points.items()},
        "dimension_scores": {k: decimal_text(v) for k, v in dims.items()},
        "total_score": decimal_text(total),
        "scene_levels": levels,
        "scene_counts": counts,
        "score_level": score_level,
        "scene_level": scene_level,
        "level": level,
        "complete": not missing,
        "missing": missing,
    }


def r_hash(form: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(form)).hexdigest()


def from_result(data: Any) -> dict[str, Any]:
    """Section 9.3: the normative subset a result.json carries (format 1 packages carry it only there)."""
    if not isinstance(data, dict):
        raise ValueError("must be a JSON object")

    def num(v: Any) -> str:
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            raise ValueError("a score must be a number")
        return decimal_text(v)

    try:
        return {
            "version": 1,
            "form": {"id": data["form"], "revision": data["form_revision"], "hash": data["form_hash"]},
            "question_scores": {k: num(v) for k, v in data["question_scores"].items()},
            "dimension_scores": {k: num(v) for k, v in data["dimension_scores"].items()},
            "total_score": num(data["total_score"]),
            **{k: data[k] for k in ("scene_levels", "scene_counts", "score_level", "scene_level", "level")},
            "complete": data["complete"],
            "missing": data["missing"],
        }
    except (KeyError, AttributeError, TypeError) as exc:
        raise ValueError(f"missing or malformed normative field {exc}") from exc


def step_score(r: Run) -> None:
    raw = r.members.get(RESULT)
    if r.form is None or r.answers is None or raw is None:
        return
    expected = recompute(r.form, r.answers)
    r.normative = expected
    claims = []
    try:
        claims.append((RESULT, from_result(strict_json(RESULT, raw, exact=True))))
    except ValueError as exc:
        r.fail("score-mismatch", f"{RESULT}: {exc}", RESULT)
    if r.manifest["format_version"] >= 2 and NORMATIVE in r.members:
        try:
            claims.append((NORMATIVE, strict_json(NORMATIVE, r.members[NORMATIVE])))
        except ValueError as exc:
            r.fail("score-mismatch", str(exc), NORMATIVE)
    for member, claimed in claims:
        if canonical(claimed) != canonical(expected):
            diffs = sorted(
                k
                for k in set(expected) | set(claimed if isinstance(claimed, dict) else {})
                if not isinstance(claimed, dict) or canonical(claimed.get(k)) != canonical(expected.get(k))
            )
            r.fail(
                "score-mismatch", f"{member} differs from the recomputed normative subset: {', '.join(diffs)}", member
            )
    if not r.failed("score-mismatch"):
        r.add("score", "pass", f"the normative subset equals the recomputation (level {expected['level']})")


def step_digest(r: Run) -> None:
    if r.answers is None:
        return
    m, a = r.manifest, r.manifest["assessment"]
    content = {
        "enterprise": {"name": m["enterprise"]["name"], "uscc": m["enterprise"]["uscc"]},
        "assessment": {
            "id": a["id"],
            "kind": a["kind"],
            "form": m["form"]["id"],
            "form_revision": m["form"]["revision"],
            "form_hash": m["form"]["hash"],
            "assessor": a["assessor"],
            "on_site": a["on_site"],
            "assessed_on": a["assessed_on"],
        },
        "answers": r.answers,
        "evidence": sorted(
            ({k: ev[k] for k in ("item", "filename", "sha256", "size")} for ev in m["evidence"]),
            key=lambda d: (d["item"], d["filename"], d["sha256"]),
        ),
    }
    digest = "sha256:" + hashlib.sha256(canonical(content)).hexdigest()
    if digest != m["content_digest"]:
        r.fail("content-digest", f"content_digest differs from the recomputed {digest}", "content_digest")


def step_report_binding(r: Run) -> None:
    pdf = r.members.get(REPORT)
    if pdf is None or not pdf.startswith(b"%PDF-"):
        return
    if r.manifest["format_version"] == 1:
        r.add("report-unbound", "warn", f"{REPORT} is not bound to the content (format 1 package)", REPORT)
        return
    found = {m.groups() for m in BINDING.finditer(pdf[:MAX_MEMBER])}
    if len(found) != 1:
        r.fail(
            "report-binding", f"{REPORT} carries {'no' if not found else 'several different'} report bindings", REPORT
        )
        return
    digest, level, total = found.pop()
    wrong = digest.decode() != r.manifest["content_digest"]
    if r.normative is not None:
        wrong = wrong or int(level) != r.normative["level"]
        wrong = wrong or decimal_text(Decimal(total.decode())) != r.normative["total_score"]
    if wrong:
        r.fail("report-binding", f"{REPORT} is the report of other content (digest, level or score differ)", REPORT)


def notes(r: Run) -> None:
    if r.manifest["assessment"]["status"] != "finalized":
        r.add("draft", "warn", "the assessment is a draft", "assessment.status")
    if r.normative is not None and not r.normative["complete"]:
        r.add("incomplete", "warn", f"{len(r.normative['missing'])} items unanswered")


def verify(
    path: Path, trusted: set[str], forms: dict[tuple[str, int], tuple[str, Any]], strict: bool, roles: tuple[str, ...]
) -> dict[str, Any]:
    try:
        if not path.is_file():
            raise OSError("not a regular file")
        with path.open("rb") as f:
            data = f.read(MAX_ARCHIVE + 1)
    except OSError as exc:
        check = {"code": "unreadable", "status": "fail", "message": f"cannot read {path}: {exc}"}
        return {"source": str(path), "ok": False, "failures": ["unreadable"], "checks": [check], "signatures": []}
    r = Run(str(path), data, trusted, forms, strict, roles)
    try:
        step_archive(r)
        step_manifest(r)
        step_files(r)
        step_signatures(r)
        step_evidence_commitment_report(r)
        step_form(r)
        step_answers(r)
        step_score(r)
        step_digest(r)
        step_report_binding(r)
        notes(r)
    except StopError:
        pass
    failures = [c["code"] for c in r.checks if c["status"] == "fail"]
    m = r.manifest
    return {
        "source": r.source,
        "ok": bool(r.checks) and not failures,
        "package_sha256": hashlib.sha256(data).hexdigest(),
        "manifest_sha256": hashlib.sha256(r.manifest_bytes).hexdigest() if r.manifest_bytes else "",
        "format_version": m.get("format_version"),
        "enterprise": m.get("enterprise"),
        "level": r.normative["level"] if r.normative else None,
        "total_score": r.normative["total_score"] if r.normative else None,
        "signatures": r.signatures,
        "failures": failures,
        "checks": r.checks,
    }


def public_key_fingerprint(path: Path) -> str:
    text = path.read_text(encoding="ascii").strip()
    if text.startswith("-----BEGIN PUBLIC KEY-----"):
        key = load_pem_public_key(text.encode("ascii"))
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"{path}: not an Ed25519 public key")
        raw = key.public_bytes_raw()
    else:
        raw = b64(text, 32)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify .sdap packages offline (docs/package-format.md).")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--json", action="store_true", help="one JSON report per line")
    parser.add_argument("--trust", action="append", default=[], type=Path, metavar="PUB.pem")
    parser.add_argument("--forms", type=Path, metavar="DIR", help="folder of installed form files (*.json)")
    parser.add_argument("--strict", action="store_true", help="fail when the package's form is not installed")
    parser.add_argument("--require-countersignature", action="store_true")
    args = parser.parse_args(argv)
    try:
        trusted = {public_key_fingerprint(p) for p in args.trust}
        forms: dict[tuple[str, int], tuple[str, Any]] = {}
        for path in sorted(args.forms.glob("*.json")) if args.forms else ():
            try:
                digest, form = load_form(path.read_bytes())
            except ValueError as exc:  # the file named: a folder holds many forms
                raise ValueError(f"{path}: {exc}") from exc
            forms[(form["form"], form["revision"])] = (digest, form)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    roles = ("enterprise", "assessor") if args.require_countersignature else ("enterprise",)
    status = 0
    for path in args.files:
        report = verify(path, trusted, forms, args.strict, roles)
        if args.json:
            print(json.dumps(report, ensure_ascii=True))
        else:
            shown = ascii(str(path))[1:-1]  # package-controlled text is never printed raw
            first = next((c for c in report["checks"] if c["status"] == "fail"), {"code": "", "message": ""})
            if report["ok"]:
                print(f"OK: {shown}: level {report['level']}, {report['total_score']} points")
            else:
                print(f"FAILED: {shown}: [{first['code']}] {ascii(first['message'])[1:-1]}")
        status = status if report["ok"] else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
