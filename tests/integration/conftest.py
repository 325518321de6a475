"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest


@pytest.fixture
def no_os_key_store() -> Iterator[None]:
    """No OS key store, set through keyring's own API: the environment variable PYTHON_KEYRING_BACKEND is read
    only by the first get_keyring of the process, which an earlier test may have made."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
