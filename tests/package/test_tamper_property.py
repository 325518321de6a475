"""Flipping any byte of a valid package makes verification fail: the whole file is covered, headers too."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.package import SignerRole, verify_package
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR
from tests.package import make_signer, package_bytes

REGISTRY = FormRegistry.from_dir(FORMS_DIR)


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    signers = [make_signer(seed=1), make_signer(SignerRole.ASSESSOR, "李工", seed=2)]
    data = package_bytes(REGISTRY.get("miit-2024", 1), tmp_path_factory.mktemp("pkg"), signers=signers)
    assert verify_package(data, REGISTRY).ok
    return data


def flipped(data: bytes, position: int, mask: int) -> bytes:
    out = bytearray(data)
    out[position % len(out)] ^= mask
    return bytes(out)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0, max_value=2**32), mask=st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_fails(valid: bytes, position: int, mask: int) -> None:
    report = verify_package(flipped(valid, position, mask), REGISTRY)
    assert not report.ok, f"byte {position % len(valid)} ^ {mask:#x} went unnoticed"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(positions=st.lists(st.integers(min_value=0, max_value=2**32), min_size=2, max_size=8, unique=True))
def test_several_flipped_bytes_fail(valid: bytes, positions: list[int]) -> None:
    data = bytearray(valid)
    for p in positions:
        data[p % len(data)] ^= 0x01
    if bytes(data) != valid:  # positions that collide modulo the length may cancel out
        assert not verify_package(bytes(data), REGISTRY).ok


@pytest.mark.slow
def test_every_byte_position_fails(valid: bytes) -> None:
    """Sweep every byte of the file exhaustively (members, headers, central directory, end record)."""
    missed = [p for p in range(len(valid)) if verify_package(flipped(valid, p, 0xFF), REGISTRY).ok]
    assert missed == []


def test_package_bytes_fixture_is_valid(valid: bytes, tmp_path: Path) -> None:
    assert valid[:4] == b"PK\x03\x04"
