"""Key files (issue 12 "Keys"): a memory-hard KDF, a real passphrase, nothing created by a typo, old files
re-sealed, loose permissions named. Real scrypt, real Ed25519; the unlock time is measured, not assumed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.package.keys import (
    SCRYPT_N,
    FileKeyStore,
    KeyFileError,
    KeyStoreError,
    open_key_store,
    permission_warning,
)

PASSPHRASE = "correct horse battery staple"


def test_scrypt_parameters_and_the_unlock_time_is_measured(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    FileKeyStore.create(path, PASSPHRASE)
    kdf = json.loads(path.read_text("ascii"))["kdf"]
    assert (kdf["name"], kdf["r"], kdf["p"]) == ("scrypt", 8, 1) and kdf["n"] >= 2**17 and SCRYPT_N >= 2**17
    started = time.perf_counter()
    FileKeyStore(path, PASSPHRASE).private_key()
    elapsed = time.perf_counter() - started
    print(f"key-file unlock: {elapsed:.3f} s (scrypt N=2^{kdf['n'].bit_length() - 1}, r=8, p=1)")
    assert elapsed >= 0.1  # ~0.2 s or more on an idle laptop; a guess costs the same


@pytest.mark.parametrize("short", ["1", "123456789", "abc"])
def test_a_short_passphrase_is_refused_and_nothing_is_written(tmp_path: Path, short: str) -> None:
    with pytest.raises(KeyFileError, match="at least 10"):
        FileKeyStore.create(tmp_path / "k.key", short)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    path.write_bytes(b"precious")
    with pytest.raises(KeyFileError, match="exists already"):
        FileKeyStore.create(path, PASSPHRASE)
    assert path.read_bytes() == b"precious"


def test_a_missing_key_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="no such key file"):
        open_key_store("enterprise", tmp_path / "typo.pem", PASSPHRASE)
    with pytest.raises(KeyFileError, match="no such key file"):
        FileKeyStore(tmp_path / "typo.pem", PASSPHRASE).private_key()
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_passphrase_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    FileKeyStore.create(path, PASSPHRASE)
    with pytest.raises(KeyFileError, match="wrong passphrase") as info:
        FileKeyStore(path, "not the passphrase").private_key()
    assert "\n" not in str(info.value)


def test_a_tampered_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    FileKeyStore.create(path, PASSPHRASE)
    doc = json.loads(path.read_text("ascii"))
    other = Ed25519PrivateKey.generate().public_key()
    doc["public_key"] = (
        __import__("base64")
        .b64encode(other.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
        .decode()
    )
    path.write_text(json.dumps(doc), "ascii")
    with pytest.raises(KeyStoreError):
        FileKeyStore(path, PASSPHRASE).private_key()


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"version": ' + "9" * 5000 + "}", "{broken"])
def test_a_key_file_that_is_no_json_the_parser_takes_is_one_clear_error(tmp_path: Path, text: str) -> None:
    """Finding: nesting deeper than the interpreter goes escaped as a RecursionError (an internal error)."""
    path = tmp_path / "k.key"
    path.write_text(text, "ascii")
    path.chmod(0o600)
    with pytest.raises(KeyStoreError, match="not a readable key file") as info:
        FileKeyStore(path, PASSPHRASE).private_key()
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_key_file_giving_a_field_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    FileKeyStore.create(path, PASSPHRASE)
    text = path.read_text("ascii")
    path.write_text(text.replace('"format":', '"format": "other", "format":', 1), "ascii")
    with pytest.raises(KeyStoreError, match=r"not a readable key file .*duplicate key 'format'"):
        FileKeyStore(path, PASSPHRASE).private_key()


def test_an_old_pbkdf2_key_file_opens_and_is_resealed_with_scrypt(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "old.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"old passphrase"),
        )
    )
    os.chmod(path, 0o600)
    store = FileKeyStore(path, "old passphrase")
    assert store.public_key_bytes() == key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert store.rewrapped
    assert json.loads(path.read_text("ascii"))["kdf"]["name"] == "scrypt"
    assert path.stat().st_mode & 0o777 == 0o600
    again = FileKeyStore(path, "old passphrase")
    assert again.public_key_bytes() == store.public_key_bytes() and not again.rewrapped
    assert [p.name for p in tmp_path.iterdir()] == ["old.pem"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_key_file_readable_by_others_is_named(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    FileKeyStore.create(path, PASSPHRASE)
    assert permission_warning(path) is None
    os.chmod(path, 0o644)
    warning = permission_warning(path)
    assert warning is not None and "chmod 600" in warning and "644" in warning
