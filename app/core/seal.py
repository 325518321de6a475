"""Digests that make changes at rest visible: the seal of a finalized assessment and the audit log's hash chain.

Both are SHA-256 over canonical JSON of plain values (text, numbers, booleans, None), so every store computes
them the same way. They are tamper evidence, not signatures: whoever can rewrite the whole file can recompute
them; what they catch is a changed value (a hand edit, a bit flip, another program's write) that the file's own
integrity check cannot see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from app.core.form import canonical_json_bytes

Plain = str | int | bool | None


def _digest(value: object) -> str:
    return "sha256:" + hashlib.sha256(canonical_json_bytes(value)).hexdigest()


def seal_digest(
    fields: Mapping[str, Plain],
    items: Iterable[tuple[str, str, str]],
    evidence: Iterable[tuple[str, str, str, int]],
) -> str:
    """Seal a finalized assessment: its stored fields, answer items (kind, key, JSON value) and evidence links."""
    return _digest(
        {
            "assessment": dict(fields),
            "items": sorted([list(i) for i in items]),
            "evidence": sorted([list(e) for e in evidence]),
        }
    )


def audit_digest(prev_digest: str, fields: Mapping[str, Plain]) -> str:
    """Digest of one audit row: its own fields and the digest of the row before it ("" for the first)."""
    return _digest({"prev": prev_digest, "row": dict(fields)})
