"""``report --answers``: a PDF from an answer document alone, in a process that loads only what a report needs.

Issue 16, row "report": the process imported every command's services (the workspace, the submission service and
its ports) to write one PDF. The refusals keep their texts and exit codes now that those services are imported only
when a command fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from tests.conftest import ROOT, SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "sample-complete.json"
# Loaded by commands that open a workspace, sign or verify a package; a report from answers needs none of them.
NOT_FOR_A_REPORT = (
    "app.services.workspace",
    "app.services.submission",
    "app.services.ports",
    "app.services.diagnosis",
    "app.store.database",
    "app.package",
    "sqlalchemy",
    "cryptography",
    "keyring",
)


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_report_from_answers_loads_no_workspace_service(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    code = (
        "import json, sys; from app.main import main;"
        f"status = main(['report', '--answers', {str(SAMPLE)!r}, '--out', {str(out)!r}, "
        f"'--data-dir', {str(tmp_path)!r}]);"
        f"print(json.dumps([status, sorted(m for m in {NOT_FOR_A_REPORT!r} if m in sys.modules)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    status, loaded = json.loads(done.stdout.splitlines()[-1])
    assert status == 0
    assert loaded == []
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_missing_out_folder_is_invalid_input_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "absent" / "report.pdf"
    status, stdout, err = call(
        capsys, "report", "--answers", str(SAMPLE), "--out", str(out), "--data-dir", str(tmp_path)
    )
    assert (status, stdout) == (2, "")
    assert err == f"error: out: folder {out.parent} does not exist\n"
    assert not out.parent.exists()


def test_invalid_answers_are_named_item_by_item(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["answers"]["Q1"] = "no-such-option"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.pdf"
    status, stdout, err = call(
        capsys, "report", "--answers", str(answers), "--out", str(out), "--data-dir", str(tmp_path)
    )
    assert (status, stdout) == (2, "")
    assert err == "error: Q1: multi-choice question takes a list of option letters\n"
    assert not out.exists()


def test_a_missing_answers_file_is_invalid_input_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    out = tmp_path / "report.pdf"
    status, stdout, err = call(
        capsys, "report", "--answers", str(missing), "--out", str(out), "--data-dir", str(tmp_path)
    )
    assert (status, stdout) == (2, "")
    assert err == f"error: {missing}: cannot read: No such file or directory\n"


def test_an_unwritable_out_file_is_a_failure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An OSError of the write is exit 1 with the path and the cause (run's last refusal)."""
    folder = tmp_path / "out.pdf"
    folder.mkdir()  # a folder where the file should be
    status, stdout, err = call(
        capsys, "report", "--answers", str(SAMPLE), "--out", str(folder), "--data-dir", str(tmp_path)
    )
    assert (status, stdout) == (1, "")
    assert err.startswith("error: ") and str(folder) in err
