"""The GUI's key calls on the real adapters: real key files (scrypt + AES-GCM), keyring's own backend API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import DesktopAdapters, build_workspace
from app.services.desktop import DesktopServices, KeyProblem
from app.services.forms import FormRegistry
from app.store.location import WorkspaceLocation
from tests.package import MemoryKeyring

GOOD = "correct horse battery"


@pytest.fixture
def services(tmp_path: Path, registry: FormRegistry) -> Iterator[DesktopServices]:
    workspace = build_workspace(WorkspaceLocation(tmp_path / "data"), registry, "tester")
    yield DesktopAdapters(workspace, registry)
    workspace.close()


def kind_of(call: object) -> str:
    with pytest.raises(KeyProblem) as caught:
        call()  # type: ignore[operator]
    return caught.value.kind


def test_key_files_are_created_unlocked_and_refused_by_kind(
    services: DesktopServices, tmp_path: Path, no_os_key_store: None
) -> None:
    key = tmp_path / "k.key"
    assert services.passphrase_min_length() == 10  # the rule of keys new, from app.package.keys
    assert kind_of(lambda: services.create_key("enterprise", key, "123456789")) == "weak-passphrase"
    assert not key.exists()
    created = services.create_key("enterprise", key, GOOD)
    assert created.key_file == key and created.fingerprint.startswith("SHA256:")
    assert kind_of(lambda: services.create_key("enterprise", key, GOOD)) == "file-exists"
    assert kind_of(lambda: services.unlock_key("enterprise", key, "wrong passphrase")) == "wrong-passphrase"
    assert kind_of(lambda: services.unlock_key("enterprise", tmp_path / "none.key", GOOD)) == "no-such-file"
    (tmp_path / "junk.key").write_text("not a key")
    assert kind_of(lambda: services.unlock_key("enterprise", tmp_path / "junk.key", GOOD)) == "unreadable"
    assert services.unlock_key("enterprise", key, GOOD).fingerprint == created.fingerprint
    assert not services.key_store_available()
    assert kind_of(lambda: services.unlock_key("enterprise", None)) == "no-key-store"


def test_the_os_key_store_through_keyrings_backend_api(
    services: DesktopServices, memory_keyring: MemoryKeyring
) -> None:
    assert services.key_store_available()
    first = services.unlock_key("enterprise", None)
    assert first.key_file is None and ("sme-digital-assess", "enterprise") in memory_keyring.store
    assert services.unlock_key("enterprise", None).fingerprint == first.fingerprint  # the same key, kept
