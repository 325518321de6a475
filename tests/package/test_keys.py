"""Signing keys: the OS key store through keyring's backend API, and the passphrase-protected key file."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.form import Form
from app.package import (
    FileKeyStore,
    KeyStore,
    KeyStoreError,
    KeyStoreUnavailableError,
    SignerRole,
    display_fingerprint,
    fingerprint,
    load_public_key,
    load_public_key_file,
    verify_package,
)
from app.package.keys import SERVICE, KeyFileError, open_key_store
from app.services.forms import FormRegistry
from tests.package import MemoryKeyring, package_bytes


def test_key_created_on_first_use_and_kept_as_a_seed(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = KeyStore("enterprise")
    assert not store.exists()
    public = store.public_key_bytes()
    assert store.exists()
    seed = base64.b64decode(memory_keyring.store[(SERVICE, "enterprise")], validate=True)
    assert len(seed) == 32
    assert Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw() == public
    again = KeyStore("enterprise")
    assert again.public_key_bytes() == public and again.fingerprint() == store.fingerprint()
    assert KeyStore("assessor").public_key_bytes() != public  # one key per label


def test_the_private_key_is_never_written_to_disk(
    memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = KeyStore("enterprise")
    store.export_public_key(tmp_path / "pub.pem")
    seed_b64 = memory_keyring.store[(SERVICE, "enterprise")].encode()
    for path in tmp_path.rglob("*"):
        content = path.read_bytes()
        assert seed_b64 not in content and base64.b64decode(seed_b64) not in content


def test_signer_from_the_key_store_signs_a_package(
    memory_keyring: MemoryKeyring, form: Form, registry: FormRegistry, tmp_path: Path
) -> None:
    store = KeyStore("enterprise")
    signer = store.signer(SignerRole.ENTERPRISE, "王经理")
    data = package_bytes(form, tmp_path, signers=[signer])
    report = verify_package(data, registry, trusted=[store.public_key_bytes()])
    assert report.ok and report.signatures[0].fingerprint == store.fingerprint()


def test_public_key_export_round_trip(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = KeyStore("enterprise")
    path = store.export_public_key(tmp_path / "enterprise.pub.pem")
    assert path.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert load_public_key_file(path) == store.public_key_bytes()
    assert load_public_key(base64.b64encode(store.public_key_bytes()) + b"\n") == store.public_key_bytes()
    with pytest.raises(ValueError, match="PEM public key or the base64"):
        load_public_key(b"not a key")


def test_fingerprint_definition() -> None:
    key = bytes(range(32))
    import hashlib

    assert fingerprint(key) == "SHA256:" + hashlib.sha256(key).hexdigest()
    shown = display_fingerprint(fingerprint(key))
    assert shown.startswith("SHA256:") and len(shown.split(" ")) == 16
    assert display_fingerprint(fingerprint(key), 4).count(" ") == 3


def test_no_os_key_store_backend_names_the_alternative(no_os_key_store: None) -> None:
    assert not KeyStore.available()
    with pytest.raises(KeyStoreUnavailableError) as info:
        KeyStore("enterprise").public_key_bytes()
    assert "passphrase-protected key file" in str(info.value)
    assert "never stored unencrypted" in str(info.value)


def test_chainer_without_backends_is_unusable(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    chainer = keyring.backends.chainer.ChainerBackend()
    monkeypatch.setattr(type(chainer), "backends", property(lambda self: []))
    keyring.set_keyring(chainer)
    with pytest.raises(KeyStoreUnavailableError):
        KeyStore("enterprise").private_key()


class RefusingKeyring(MemoryKeyring):
    """A backend that exists but whose store is locked away (keyring raises NoKeyringError)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("locked")


class DroppingKeyring(MemoryKeyring):
    """A backend that accepts a password and then forgets it."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


def test_backend_raising_no_os_key_store_error(memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(RefusingKeyring())
    with pytest.raises(KeyStoreUnavailableError, match="key file"):
        KeyStore("enterprise").private_key()


def test_backend_that_drops_the_key_is_found_at_once(memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(DroppingKeyring())
    with pytest.raises(KeyStoreError, match="did not keep"):
        KeyStore("enterprise").private_key()


def test_corrupt_entry_is_left_untouched(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.store[(SERVICE, "enterprise")] = "not-a-seed"
    with pytest.raises(KeyStoreError, match="not a 32-byte Ed25519 seed"):
        KeyStore("enterprise").private_key()
    assert memory_keyring.store[(SERVICE, "enterprise")] == "not-a-seed"


def test_key_file_alternative(tmp_path: Path, no_os_key_store: None) -> None:
    (tmp_path / "keys").mkdir()
    path = tmp_path / "keys" / "enterprise.key.pem"
    store = FileKeyStore.create(path, "correct horse battery staple")
    public = store.public_key_bytes()
    content = json.loads(path.read_bytes())
    assert content["kdf"]["name"] == "scrypt" and content["kdf"]["n"] >= 2**17
    assert base64.b64decode(content["ciphertext"])[:32] != public  # sealed, not the seed in clear
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert FileKeyStore(path, "correct horse battery staple").public_key_bytes() == public
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        FileKeyStore(path, "wrong").private_key()


def test_key_file_needs_a_passphrase(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError, match="never stored unencrypted"):
        FileKeyStore(tmp_path / "k.pem", "")
    assert not (tmp_path / "k.pem").exists()


def test_plaintext_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.pem"
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyStoreError, match="not encrypted"):
        FileKeyStore(path, "secret").private_key()


def test_open_key_store_picks_the_file_or_refuses(no_os_key_store: None, tmp_path: Path) -> None:
    with pytest.raises(KeyStoreUnavailableError, match="key file"):
        open_key_store("enterprise")
    with pytest.raises(KeyFileError, match="no such key file"):
        open_key_store("enterprise", tmp_path / "k.pem", "secret phrase")
    assert not (tmp_path / "k.pem").exists()
    FileKeyStore.create(tmp_path / "k.pem", "secret phrase")
    with pytest.raises(KeyStoreError, match="passphrase"):
        open_key_store("enterprise", tmp_path / "k.pem")
    store = open_key_store("enterprise", tmp_path / "k.pem", "secret phrase")
    assert isinstance(store, FileKeyStore) and len(store.public_key_bytes()) == 32


def test_open_key_store_uses_the_os_store(memory_keyring: MemoryKeyring) -> None:
    assert isinstance(open_key_store("enterprise"), KeyStore)
