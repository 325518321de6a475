"""dev.py's system check: one package list, missing packages named with the apt-get line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIST = ROOT / "build_scripts" / "system-packages.txt"


def dev(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120, env=env,
    )  # fmt: skip


def test_the_package_list_is_well_formed() -> None:
    rows = [line.split("#", 1)[0].split() for line in LIST.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row]
    assert rows and all(len(row) == 3 for row in rows), rows
    assert {row[1] for row in rows} == {"run", "test"}
    for _package, _command, checks in rows:
        for check in checks.split(","):
            kind, _, name = check.partition(":")
            assert kind in ("lib", "cmd", "py", "font", "file") and name, check
    names = [row[0] for row in rows]
    assert len(names) == len(set(names))
    # What the issue found missing on a fresh Debian: libglib, binutils (objdump), a CJK font.
    assert {"libglib2.0-0", "binutils", "fonts-wqy-microhei", "poppler-utils", "postgresql", "chromium"} <= set(names)


def test_list_prints_the_packages_of_a_command(tmp_path: Path) -> None:
    run = dev("system", "--list", "run", env=dict(os.environ)).stdout.split()
    test = dev("system", "--list", "test", env=dict(os.environ)).stdout.split()
    assert "libglib2.0-0" in run and "binutils" not in run
    assert set(run) < set(test) and "binutils" in test


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dev.py checks system packages on Linux only")
def test_missing_programs_are_named_with_the_apt_get_line(tmp_path: Path) -> None:
    # An empty PATH: no objdump, no pdftotext, and no apt-get to install them with, so dev.py must stop.
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    done = dev("system", "test", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "binutils" in done.stdout and "objdump not found" in done.stdout
    line = next(ln.strip() for ln in done.stderr.splitlines() if "apt-get install" in ln)
    assert line.startswith("apt-get install -y --no-install-recommends ")
    assert {"binutils", "poppler-utils"} <= set(line.split()[4:])
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dev.py checks system packages on Linux only")
def test_the_check_can_be_skipped(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "DEV_SKIP_SYSTEM_CHECK": "1"}
    done = dev("system", "test", env=env)
    assert done.returncode == 0, done.stderr
