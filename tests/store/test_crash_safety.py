"""Crash safety: a child saving answers is SIGKILLed at random moments, many times.

After every kill the database passes the integrity check and every answer whose save returned before the kill
is there (the one in flight may or may not be). Trials: CRASH_TRIALS (default 200).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput
from app.store.database import WorkspaceLocation, check_integrity
from tests.conftest import ROOT
from tests.store.conftest import VALID_USCC

TRIALS = int(os.environ.get("CRASH_TRIALS", "200"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_loses_nothing_that_returned(tmp_path: Path, registry: FormRegistry) -> None:
    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="崩溃测试企业", uscc=VALID_USCC))
    assessment_id = ws.new_assessment(VALID_USCC).id
    rng = random.Random(20241122)
    confirmed: dict[str, str] = {}  # item -> the note text whose save returned
    total_saves = 0
    for trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "store" / "crash_child.py"), str(location.data_dir),
             str(assessment_id), str(trial)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        # Read through the same text stream as readline() above: communicate(timeout=…) reads the pipe's file
        # descriptor directly and would miss a line that readline() had already buffered with "ready".
        out = child.stdout.read()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        lines = out.splitlines()
        if lines and not out.endswith("\n"):
            lines.pop()  # a line cut by the kill: its save returned, but we cannot read which
        in_flight = None
        for line in lines:
            item, text = line.split(" ", 1)
            confirmed[item] = text
            total_saves += 1
        status = check_integrity(location.db_path)
        assert status == "ok", f"trial {trial}: {status}"
        notes = ws.answers(assessment_id).notes
        for item, text in confirmed.items():
            if notes.get(item) != text:
                # Only the save in flight at the kill (the next counter of this trial) may have replaced it.
                in_flight = f"{trial}-{len(lines) + 1}"
                assert notes.get(item) == in_flight, f"trial {trial}: {item} lost {text!r}, has {notes.get(item)!r}"
                confirmed[item] = in_flight
    assert total_saves > TRIALS  # the children really were saving when killed
