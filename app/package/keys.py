"""Signing keys: an Ed25519 key per user in the OS key store, or a passphrase-encrypted key file.

The private key never touches the disk in clear. ``KeyStore`` keeps the 32-byte seed (base64) in the OS key
store through keyring (service ``sme-digital-assess``, user name = the key's label). Where no usable keyring
backend exists it raises ``KeyStoreUnavailableError`` naming the alternative, ``FileKeyStore``: a key file
sealed with a passphrase (scrypt N=2^17, r=8, p=1, then AES-256-GCM). Public keys are exported as
SubjectPublicKeyInfo PEM (``-----BEGIN PUBLIC KEY-----``), which ``openssl pkey -pubin`` also reads.
"""

from __future__ import annotations

import json
import os
import stat
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors
from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.core.fileio import FileTooLargeError, read_regular_file, write_atomic
from app.core.jsondata import refuse_duplicate_keys
from app.package.format import SignerRole, b64decode, b64encode, fingerprint

SERVICE = "sme-digital-assess"
DEFAULT_LABEL = "signing-key"
SEED_BYTES = 32
MAX_PUBLIC_KEY_FILE = 64 * 1024  # a PEM or base64 public key is under 200 bytes: more is not a key file


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
        return load_public_key(read_regular_file(path, MAX_PUBLIC_KEY_FILE))
    except FileTooLargeError as exc:
        raise ValueError(f"{path}: {exc.size:,} bytes is too large for a public key file") from exc
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


KEY_FILE_FORMAT = "sme-assess-key-file"
KEY_FILE_VERSION = 1
# scrypt (RFC 7914): N = 2^17, r = 8, p = 1 needs 128 MiB and a few tenths of a second per unlock.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE_LENGTH = 10
_LEGACY_PEM = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
_MAX_KEY_FILE_BYTES = 65536


class KeyFileError(KeyStoreError):
    """A key file cannot be used as given: missing, exists already, wrong passphrase, weak passphrase."""


class WrongPassphraseError(KeyFileError):
    """The passphrase does not open the key file (so a front can ask again)."""


def check_new_passphrase(passphrase: str | bytes) -> None:
    """Refuse a passphrase too short to protect a key file against guessing."""
    length = len(passphrase.decode("utf-8", "replace") if isinstance(passphrase, bytes) else passphrase)
    if length < MIN_PASSPHRASE_LENGTH:
        raise KeyFileError(
            f"the passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long "
            f"(口令至少 {MIN_PASSPHRASE_LENGTH} 个字符)"
        )


def _kdf(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _aad(role: str, public_key: bytes) -> bytes:
    return f"{KEY_FILE_FORMAT}/{KEY_FILE_VERSION}/{role}/".encode() + public_key


def encrypt_key_file(key: Ed25519PrivateKey, passphrase: bytes, role: str = "") -> bytes:
    """Return the key file bytes: JSON naming scrypt's parameters, the seed sealed with AES-256-GCM.

    The public key is kept in clear (and bound to the ciphertext), so its fingerprint is shown without unlocking.
    """
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = public_bytes(key.public_key())
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_kdf(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(nonce, seed, _aad(role, public))
    doc = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "algorithm": "Ed25519",
        "role": role,
        "public_key": b64encode(public),
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64encode(salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": b64encode(nonce)},
        "ciphertext": b64encode(sealed),
    }
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("ascii")


def _decrypt_key_file(path: Path, data: bytes, passphrase: bytes) -> tuple[Ed25519PrivateKey, int]:
    """Return the key and the scrypt N it was sealed with."""
    try:
        doc = json.loads(data.decode("utf-8"), object_pairs_hook=refuse_duplicate_keys)
        if doc.get("format") != KEY_FILE_FORMAT or doc.get("version") != KEY_FILE_VERSION:
            raise ValueError("not a key file of this program")
        kdf, cipher = doc["kdf"], doc["cipher"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM" or not (2 <= n <= 2**22 and r <= 32 and p <= 16):
            raise ValueError("unsupported key file parameters")
        public, salt = b64decode(doc["public_key"]), b64decode(kdf["salt"])
        nonce, sealed, role = b64decode(cipher["nonce"]), b64decode(doc["ciphertext"]), str(doc.get("role", ""))
    except (ValueError, RecursionError, KeyError, TypeError, AttributeError) as exc:  # UnicodeDecodeError: a ValueError
        raise KeyStoreError(f"{path}: not a readable key file ({exc})") from exc
    try:
        seed = AESGCM(_kdf(passphrase, salt, n, r, p)).decrypt(nonce, sealed, _aad(role, public))
    except InvalidTag:
        raise WrongPassphraseError(f"{path}: wrong passphrase (口令错误)") from None
    key = Ed25519PrivateKey.from_private_bytes(seed)
    if public_bytes(key.public_key()) != public:
        raise KeyStoreError(f"{path}: the key file's public key does not match its private key")
    return key, n


def permission_warning(path: Path) -> str | None:
    """On POSIX, name a key file that other users can read or write (mode & 0o077)."""
    if os.name != "posix":
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & 0o077:
        return (
            f"{path}: the key file can be read by other users (mode {stat.S_IMODE(mode):o}); "
            f"restrict it with chmod 600 (密钥文件权限过宽)"
        )
    return None


class FileKeyStore(BaseKeyStore):
    """A key kept in a passphrase-protected key file (scrypt + AES-256-GCM); created only by ``create``.

    Opening a missing file raises KeyFileError ("no such key file") and creates nothing. Key files written by
    earlier versions (PKCS#8 PEM with PBKDF2) still open, and are re-sealed with scrypt on that first unlock.
    """

    def __init__(self, path: Path, passphrase: str | bytes, label: str = DEFAULT_LABEL) -> None:
        secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
        if not secret:
            raise KeyStoreError("a key file needs a passphrase; the key is never stored unencrypted")
        self.path = path
        self.label = label
        self._passphrase = secret
        self._cached: Ed25519PrivateKey | None = None
        self.rewrapped = False  # set when an old PBKDF2 key file was re-sealed with scrypt on unlock

    @classmethod
    def create(cls, path: Path, passphrase: str, label: str = DEFAULT_LABEL) -> FileKeyStore:
        """Create a new key file (mode 0600); refuse an existing file or a short passphrase."""
        check_new_passphrase(passphrase)
        if path.exists() or path.is_symlink():
            raise KeyFileError(f"{path}: a key file exists already; it was left as it is")
        if not path.parent.is_dir():
            raise KeyFileError(f"{path}: folder {path.parent} does not exist")
        store = cls(path, passphrase, label)
        key = Ed25519PrivateKey.generate()
        write_atomic(path, encrypt_key_file(key, store._passphrase, label), 0o600)
        store._cached = key
        return store

    def exists(self) -> bool:
        return self._cached is not None or self.path.exists()

    def permission_warning(self) -> str | None:
        return permission_warning(self.path)

    def private_key(self) -> Ed25519PrivateKey:
        if self._cached is None:
            self._cached = self._load()
        return self._cached

    def _read(self) -> bytes:
        try:
            with self.path.open("rb") as f:
                return f.read(_MAX_KEY_FILE_BYTES)
        except FileNotFoundError:
            raise KeyFileError(f"{self.path}: no such key file (create one with: keys new --key-file PATH)") from None
        except OSError as exc:
            raise KeyStoreError(f"{self.path}: cannot read the key file: {exc.strerror or exc}") from exc

    def _load(self) -> Ed25519PrivateKey:
        data = self._read()
        if data.lstrip().startswith(b"-----BEGIN"):
            key = self._load_legacy(data)
            # Re-seal with scrypt now, atomically and private, so the weak PBKDF2 wrapping is gone from disk.
            write_atomic(self.path, encrypt_key_file(key, self._passphrase, self.label), 0o600)
            self.rewrapped = True
            return key
        key, n = _decrypt_key_file(self.path, data, self._passphrase)
        if n < SCRYPT_N:
            write_atomic(self.path, encrypt_key_file(key, self._passphrase, self.label), 0o600)
            self.rewrapped = True
        return key

    def _load_legacy(self, data: bytes) -> Ed25519PrivateKey:
        if not data.lstrip().startswith(_LEGACY_PEM):
            if b"PRIVATE KEY" in data:
                raise KeyStoreError(f"{self.path}: the key file is not encrypted; refusing to use it")
            raise KeyStoreError(f"{self.path}: not a key file")
        try:
            key = serialization.load_pem_private_key(data, password=self._passphrase)
        except TypeError as exc:  # "Password was given but private key is not encrypted"
            raise KeyStoreError(f"{self.path}: the key file is not encrypted; refusing to use it") from exc
        except ValueError as exc:
            raise WrongPassphraseError(f"{self.path}: wrong passphrase (口令错误)") from exc
        except UnsupportedAlgorithm as exc:
            raise KeyStoreError(f"{self.path}: unsupported key type: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyStoreError(f"{self.path}: the key file does not hold an Ed25519 key")
        return key


def open_key_store(label: str, key_file: Path | None = None, passphrase: str | None = None) -> BaseKeyStore:
    """Return the key store to sign with: the key file when one is named, else the OS key store.

    Raises KeyStoreUnavailableError (naming the key file alternative) when no key file is named and the OS
    key store is unusable, KeyFileError when a named key file does not exist (nothing is created: keys are
    created only by ``FileKeyStore.create``), and KeyStoreError when a key file is named without a passphrase.
    """
    if key_file is not None:
        if not key_file.is_file():
            raise KeyFileError(f"{key_file}: no such key file (create one with: keys new --key-file PATH)")
        if not passphrase:
            raise KeyStoreError(f"{key_file}: a passphrase is needed to open or create the key file")
        return FileKeyStore(key_file, passphrase, label)
    if not KeyStore.available():
        raise KeyStoreUnavailableError(NO_KEYRING_MESSAGE)
    return KeyStore(label)
