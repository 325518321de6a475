"""Countersign a package later, on the assessor's machine: add one signature over the same manifest bytes.

The manifest is not changed (the enterprise signature covers its exact bytes), so the new signature member is
the next ``signatures/<n>.json`` after the declared ones, with role ``assessor``; verification accepts such a
later countersignature (docs/package-format.md). The archive stays in the canonical layout.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.core.fileio import write_atomic
from app.package.format import (
    ALGORITHM,
    MANIFEST,
    SignatureRecord,
    SignerRole,
    json_bytes,
    parse_json_member,
    parse_signature_record,
    signature_index,
    signature_member,
    utc_text,
)
from app.package.keys import Signer
from app.package.safezip import Member, build_archive, read_archive


class CountersignError(ValueError):
    """The countersignature cannot be added; nothing was written."""


def add_countersignature(data: bytes, signer: Signer, at: datetime | None = None) -> bytes:
    """Return the package bytes with the assessor's signature over manifest.json added.

    ``data`` must be a package that verified; refuses a signer that is not an assessor, a key that signed the
    package already (the enterprise's own key above all), and a package this key countersigned already.
    """
    if signer.role is not SignerRole.ASSESSOR:
        raise CountersignError("a countersignature is made in the assessor role")
    members = read_archive(data)
    by_name = {m.name: m.data for m in members}
    manifest = by_name.get(MANIFEST)
    if manifest is None:
        raise CountersignError(f"{MANIFEST} is missing")
    indexes = sorted(i for m in members if (i := signature_index(m.name)) is not None)
    for index in indexes:
        member = signature_member(index)
        record = parse_signature_record(member, parse_json_member(member, by_name[member]))
        if record.fingerprint == signer.fingerprint:
            if record.role == SignerRole.ENTERPRISE.value:
                raise CountersignError(
                    "this is the enterprise's own key: a countersignature must come from the assessor's key "
                    "(副署必须使用评估人员自己的密钥)"
                )
            raise CountersignError("this key has countersigned the package already")
    next_index = (indexes[-1] if indexes else 0) + 1
    record = SignatureRecord(
        role=SignerRole.ASSESSOR.value,
        signer_name=signer.name,
        algorithm=ALGORITHM,
        public_key=signer.public_key_bytes,
        fingerprint=signer.fingerprint,
        signature=signer.sign(manifest),
        signed_at=utc_text(at or datetime.now(UTC)),
    )
    out = [*members, Member(signature_member(next_index), json_bytes(record.to_json()))]
    out.sort(key=lambda m: m.name.encode("utf-8"))
    return build_archive(out)


def write_countersigned(out: Path, data: bytes) -> Path:
    """Write the countersigned package atomically (never over its source while reading it)."""
    if not out.parent.is_dir():
        raise CountersignError(f"folder {out.parent} does not exist")
    write_atomic(out, data)
    return out
