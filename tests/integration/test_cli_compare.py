"""``assessments compare`` as a person reads it: the text output, not only ``--json``."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
SAMPLE = str(SAMPLES_DIR / "sample-complete.json")


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_compare_text_output_prints_signed_deltas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding: `assessments compare 1 2` (text output) crashed with
    "ValueError: Sign not allowed in string format specifier" (a string formatted with '+').
    Fixed on main in b1024d8; this is its regression test on the text output itself."""
    d = ["--data-dir", str(tmp_path / "ws")]
    assert call(capsys, "enterprises", "add", "--name", "甲公司", "--uscc", USCC, *d)[0] == 0
    status, before, _ = call(capsys, "assessments", "new", "--enterprise", USCC, "--answers", SAMPLE, *d)
    assert status == 0
    status, after, _ = call(
        capsys, "assessments", "new", "--enterprise", USCC, "--kind", "after", "--answers", SAMPLE, *d
    )
    assert status == 0
    # One gain (Q5 raised), one loss (Q1 lowered to A), one scene raised.
    assert call(capsys, "assessments", "answer", after.strip(), "Q5", "E", *d)[0] == 0
    assert call(capsys, "assessments", "answer", after.strip(), "Q1", "A", *d)[0] == 0
    assert call(capsys, "assessments", "answer", after.strip(), "S10", "3", *d)[0] == 0
    status, out, err = call(capsys, "assessments", "compare", before.strip(), after.strip(), *d)
    assert status == 0, err
    lines = out.splitlines()
    assert "  Q1: B,C → A (-4)" in lines
    assert "  Q5: C → E (+5)" in lines
    assert any(line.startswith("  S10 ") and line.endswith(": 0 → 3") for line in lines)
