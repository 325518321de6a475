"""Packages issued by earlier versions must verify in every later version: their bytes are pinned here.

Never regenerate these files. ``format2-miit-2024-r1.sdap`` was written by the version that introduced format 2
(docs/test-vectors/valid.sdap at that time); ``format1-written-by-e47b8df.sdap`` by the program before it
(format 1: no embedded form, no normative.json, no report binding). Both are signed with fixed test keys whose
public keys sit beside them.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from app.package import load_public_key_file, verify_package
from app.services.forms import FormRegistry
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
PINNED = {
    "format2-miit-2024-r1.sdap": (
        "71f86b8fa73510cc8a039a63ecffc1ac09234da26d3a0479c6ccd67c840af453",
        "format2-enterprise.pub.pem",
    ),
    "format1-written-by-e47b8df.sdap": (
        "05f637a90c15ba427cb7640d01f5769598847bd326f34fd00a8b0f09411efeba",
        "format1-seed1.pub.pem",
    ),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_package_bytes_are_unchanged(name: str) -> None:
    assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == PINNED[name][0]


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_package_verifies_with_its_trusted_key(name: str, registry: FormRegistry) -> None:
    key = load_public_key_file(FIXTURES / PINNED[name][1])
    report = verify_package(FIXTURES / name, registry, trusted=[key])
    assert report.ok, report.summary()
    assert report.signatures[0].trusted is True
    # the score check passed: the normative subset equals this version's recomputation
    assert any(c.code == "score" and c.status == "pass" for c in report.checks)
    other = verify_package(FIXTURES / name, registry, trusted=[hashlib.sha256(b"other").digest()])
    assert "untrusted-key" in other.codes()


def test_format1_package_is_noted_as_unbound(registry: FormRegistry) -> None:
    report = verify_package(FIXTURES / "format1-written-by-e47b8df.sdap", registry)
    assert {c.code for c in report.warnings} >= {"report-unbound"}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_package_verifies_through_the_command_line(name: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "verify", str(FIXTURES / name), "--trust", str(FIXTURES / PINNED[name][1]),
         "--data-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK:")
