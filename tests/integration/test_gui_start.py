"""Starting the GUI as a user would: no display gives a clear message; the smoke test walks the real window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_qt

require_qt()  # both tests start the real program, which loads Qt


def start(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=300, env=env,
    )  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a missing display is a Linux notion")
def test_no_display_exits_with_a_clear_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = start(tmp_path, env=env)
    assert out.returncode == 3
    assert "no display" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_smoke_test_walks_a_complete_assessment(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    out = start(tmp_path, "--smoke-test", env=env)
    assert out.returncode == 0, out.stderr
    assert "smoke test passed" in out.stdout
    assert not (tmp_path / "data" / "workspace.sqlite3").exists()  # it never touches the user's workspace
