"""The workspace's trust store: public keys trusted in one role each (enterprise or assessor).

``verify`` and ``import`` consult it together with any ``--trust`` files given for the run. A key trusted as
an enterprise key says nothing about countersignatures, and the reverse.
"""

from __future__ import annotations

import hashlib

from app.core.uscc import UsccError, normalize_uscc
from app.services.ports import NotFoundError, TrustedKey, TrustStore
from app.services.workspace import ValidationError

ROLES = ("enterprise", "assessor")
MAX_NAME = 200


def key_fingerprint(public_key: bytes) -> str:
    """``SHA256:`` + hex SHA-256 of the raw 32-byte key (docs/package-format.md, as app.package computes it)."""
    return "SHA256:" + hashlib.sha256(public_key).hexdigest()


class TrustService:
    def __init__(self, store: TrustStore, actor: str) -> None:
        self.store = store
        self.actor = actor

    def add(self, public_key: bytes, role: str, name: str = "", uscc: str = "") -> TrustedKey:
        if role not in ROLES:
            raise ValidationError("role", f"a trusted key's role is enterprise or assessor, not {role!r}")
        if len(public_key) != 32:
            raise ValidationError("key", "an Ed25519 public key is 32 bytes")
        name = name.strip()
        if len(name) > MAX_NAME:
            raise ValidationError("name", f"longer than {MAX_NAME} characters")
        if uscc:
            if role != "enterprise":
                raise ValidationError("uscc", "only an enterprise key is tied to a USCC")
            try:
                uscc = normalize_uscc(uscc)
            except UsccError as exc:
                raise ValidationError("uscc", str(exc)) from exc
        key = TrustedKey(key_fingerprint(public_key), public_key, role, name, uscc, None, self.actor)
        return self.store.add_trusted_key(key)

    def entries(self) -> list[TrustedKey]:
        return self.store.list_trusted_keys()

    def remove(self, fingerprint: str) -> int:
        fingerprint = fingerprint.strip()
        if not fingerprint.startswith("SHA256:"):
            fingerprint = "SHA256:" + fingerprint
        fingerprint = fingerprint.replace(" ", "").lower().replace("sha256:", "SHA256:")
        removed = self.store.remove_trusted_key(fingerprint, self.actor)
        if not removed:
            raise NotFoundError(f"no trusted key has fingerprint {fingerprint}")
        return removed

    def by_role(self) -> dict[str, list[bytes]]:
        """The trusted raw public keys of each role, as the verifier takes them."""
        out: dict[str, list[bytes]] = {role: [] for role in ROLES}
        for key in self.store.list_trusted_keys():
            out.setdefault(key.role, []).append(key.public_key)
        return out
