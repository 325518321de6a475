"""Signing keys: an Ed25519 key per user in the OS key store, or a passphrase-encrypted key file.

The private key never touches the disk in clear. ``KeyStore`` keeps the 32-byte seed (base64) in the OS key
store through keyring (service ``sme-digital-assess``, user name = the key's label). Where no usable keyring
backend exists it raises ``KeyStoreUnavailableError`` naming the alternative, ``FileKeyStore``: a PKCS#8 PEM
file encrypted with a passphrase (cryptography's ``BestAvailableEncryption``). Public keys are exported as
SubjectPublicKeyInfo PEM (``-----BEGIN PUBLIC KEY-----``), which ``openssl pkey -pubin`` also reads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.core.fileio import write_atomic
from app.package.format import SignerRole, b64decode, b64encode, fingerprint

SERVICE = "sme-digital-assess"
DEFAULT_LABEL = "signing-key"
SEED_BYTES = 32


class KeyStoreError(RuntimeError):
    """A signing key cannot be created, read or used; the message says why and what to do."""


class KeyStoreUnavailableError(KeyStoreError):
    """No usable OS key store; the message names the passphrase-protected key file alternative."""


NO_KEYRING_MESSAGE = (
    "no usable OS key store (keyring backend) was found, so the signing key cannot be kept safely. "
    "Use a passphrase-protected key file instead (FileKeyStore; on the command line --key-file FILE, "
    "passphrase asked for or taken from SME_ASSESS_KEY_PASSPHRASE), or install and unlock a key store "
    "(Windows Credential Manager, macOS Keychain, GNOME Keyring / KWallet through Secret Service). "
    "The key is never stored unencrypted. / 未找到可用的系统密钥库，请改用带口令保护的密钥文件。"
)


@dataclass(frozen=True)
class Signer:
    """A private key with the role and name it signs under."""

    role: SignerRole
    name: str
    private_key: Ed25519PrivateKey

    @property
    def public_key_bytes(self) -> bytes:
        return public_bytes(self.private_key.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key_bytes)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public_key: bytes) -> bytes:
    """Return the SubjectPublicKeyInfo PEM of a raw 32-byte Ed25519 public key."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(data: bytes) -> bytes:
    """Return the raw 32-byte key from a public key file: PEM, or one line of base64 of the raw key."""
    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text)
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise ValueError(f"not a readable PEM public key: {exc}") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM public key is not an Ed25519 key")
        return public_bytes(key)
    try:
        raw = b64decode(text.decode("ascii"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("expected a PEM public key or the base64 of a raw 32-byte Ed25519 key") from exc
    if len(raw) != 32:
        raise ValueError("a raw Ed25519 public key is 32 bytes")
    return raw


def load_public_key_file(path: Path) -> bytes:
    """Read a public key file (as written by ``export_public_key``) and return the raw 32 bytes."""
    try:
        return load_public_key(path.read_bytes()[:65536])
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, mode)


class BaseKeyStore(ABC):
    """One signing key, created on first use."""

    label: str

    @abstractmethod
    def private_key(self) -> Ed25519PrivateKey:
        """Return the private key, creating and storing it on first use."""

    @abstractmethod
    def exists(self) -> bool:
        """Return whether a key is stored already (without creating one)."""

    def public_key_bytes(self) -> bytes:
        return public_bytes(self.private_key().public_key())

    def fingerprint(self) -> str:
        return fingerprint(self.public_key_bytes())

    def export_public_key(self, path: Path) -> Path:
        """Write the public key as PEM (SubjectPublicKeyInfo) to ``path`` and return it."""
        _write_atomic(path, public_key_pem(self.public_key_bytes()), 0o644)
        return path

    def signer(self, role: SignerRole, name: str) -> Signer:
        return Signer(SignerRole(role), name, self.private_key())


def _backend_unusable(backend: object) -> bool:
    if isinstance(backend, keyring.backends.fail.Keyring):
        return True
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return not backend.backends
    return False


class KeyStore(BaseKeyStore):
    """A key kept in the OS key store: the base64 seed under (service, label)."""

    def __init__(self, label: str = DEFAULT_LABEL, service: str = SERVICE) -> None:
        if not label:
            raise ValueError("a key needs a label")
        self.label = label
        self.service = service
        self._cached: Ed25519PrivateKey | None = None

    @staticmethod
    def available() -> bool:
        """Return whether keyring has a usable backend (so the UI can offer the key file instead)."""
        return not _backend_unusable(keyring.get_keyring())

    def _backend(self) -> object:
        backend = keyring.get_keyring()
        if _backend_unusable(backend):
            raise KeyStoreUnavailableError(NO_KEYRING_MESSAGE)
        return backend

    def _read_seed(self) -> str | None:
        backend = self._backend()
        try:
            value = backend.get_password(self.service, self.label)  # type: ignore[attr-defined]
        except keyring.errors.NoKeyringError as exc:
            raise KeyStoreUnavailableError(NO_KEYRING_MESSAGE) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(f"the OS key store refused to give the signing key {self.label!r}: {exc}") from exc
        return None if value is None else str(value)

    def exists(self) -> bool:
        return self._cached is not None or self._read_seed() is not None

    def private_key(self) -> Ed25519PrivateKey:
        if self._cached is not None:
            return self._cached
        stored = self._read_seed()
        if stored is None:
            key = Ed25519PrivateKey.generate()
            seed = key.private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
            )
            backend = self._backend()
            try:
                backend.set_password(self.service, self.label, b64encode(seed))  # type: ignore[attr-defined]
            except keyring.errors.NoKeyringError as exc:
                raise KeyStoreUnavailableError(NO_KEYRING_MESSAGE) from exc
            except keyring.errors.KeyringError as exc:
                raise KeyStoreError(f"the OS key store refused to save the signing key: {exc}") from exc
            # Read back what was stored, so a key store that drops values is found now, not at the next export.
            if self._read_seed() != b64encode(seed):
                raise KeyStoreError("the OS key store did not keep the new signing key; nothing was signed")
        else:
            try:
                seed = b64decode(stored)
            except ValueError:
                seed = b""
            if len(seed) != SEED_BYTES:
                raise KeyStoreError(
                    f"the key store entry {self.service}/{self.label} is not a 32-byte Ed25519 seed; it was left "
                    "untouched (remove it by hand to create a new key — packages signed with it will then "
                    "show a different fingerprint)"
                )
            key = Ed25519PrivateKey.from_private_bytes(seed)
        self._cached = key
        return key


class FileKeyStore(BaseKeyStore):
    """A key kept in a PKCS#8 PEM file encrypted with a passphrase; created on first use."""

    def __init__(self, path: Path, passphrase: str | bytes, label: str = DEFAULT_LABEL) -> None:
        secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
        if not secret:
            raise KeyStoreError("a key file needs a passphrase; the key is never stored unencrypted")
        self.path = path
        self.label = label
        self._passphrase = secret
        self._cached: Ed25519PrivateKey | None = None

    def exists(self) -> bool:
        return self._cached is not None or self.path.exists()

    def private_key(self) -> Ed25519PrivateKey:
        if self._cached is not None:
            return self._cached
        if self.path.exists():
            key = self._load()
        else:
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(self._passphrase),
            )
            _write_atomic(self.path, pem, 0o600)
        self._cached = key
        return key

    def _load(self) -> Ed25519PrivateKey:
        data = self.path.read_bytes()
        try:
            key = serialization.load_pem_private_key(data, password=self._passphrase)
        except TypeError as exc:  # "Password was given but private key is not encrypted"
            raise KeyStoreError(f"{self.path}: the key file is not encrypted; refusing to use it") from exc
        except ValueError as exc:
            raise KeyStoreError(f"{self.path}: wrong passphrase or not a key file") from exc
        except UnsupportedAlgorithm as exc:
            raise KeyStoreError(f"{self.path}: unsupported key type: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyStoreError(f"{self.path}: the key file does not hold an Ed25519 key")
        return key


def open_key_store(label: str, key_file: Path | None = None, passphrase: str | None = None) -> BaseKeyStore:
    """Return the key store to sign with: the key file when one is named, else the OS key store.

    Raises KeyStoreUnavailableError (naming the key file alternative) when no key file is named and the OS
    key store is unusable, and KeyStoreError when a key file is named without a passphrase.
    """
    if key_file is not None:
        if not passphrase:
            raise KeyStoreError(f"{key_file}: a passphrase is needed to open or create the key file")
        return FileKeyStore(key_file, passphrase, label)
    if not KeyStore.available():
        raise KeyStoreUnavailableError(NO_KEYRING_MESSAGE)
    return KeyStore(label)
