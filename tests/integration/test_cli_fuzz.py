"""No input ends in a traceback: random argument lists and hostile strings through the real main(argv).

A fixed seed keeps the run reproducible; every example runs on one real data directory (enterprise 1 with
its complete assessment 1), so commands meet both known and unknown ids.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from app.main import main
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
SAMPLE = "sample.json"  # a copy in the working directory: no example can write outside the temporary folder

COMMANDS = [
    ["enterprises", "add"], ["enterprises", "list"], ["assessments", "new"], ["assessments", "list"],
    ["assessments", "show"], ["assessments", "answer"], ["assessments", "finalize"], ["assessments", "correct"],
    ["assessments", "compare"], ["assessments", "history"], ["assessments", "evidence"], ["score"], ["forms"],
    ["forms", "install"], ["db", "check"], ["db", "backup"], ["report"], ["verify"], ["import"], ["diagnose"],
    ["enterprises"], ["assessments"], ["db"], ["nosuchcommand"],
]  # fmt: skip
HOSTILE = [
    "\udc80", "\ud800", "\udfff", "\x00", "a\x00b", "\x1b[2J", "\u202e", "\r", "\n", "\t", "", " ", "-", "--",
    "99999999999999999999999", "9223372036854775807", "9223372036854775808", "-1", "0", "1", "2", "999",
    "²", "١٢", "1_0", " 1 ", "1e3", "Q1", "Q99", "S01", "S17", "notes.Q1", "notes.S01", "Q2.rate", "Q2.nope",
    "B", "A,B", "[", "[\"A\"]", "{}", "%s%n", "{0}", "'; DROP TABLE enterprises; --", "张" * 201, "长" * 10_001,
    "x" * 100_000, USCC, "91350100M000100Y44", "2026-13-45", "2026-02-28", SAMPLE, "out.pdf", "no/such/dir/x.pdf",
    "nonexistent", "/proc/self/status", ".", "..", "fifo", "--name", "--uscc", "--enterprise", "--answers", "--json",
    "--out",
    "--reason", "--add", "--remove", "--search", "--date", "--assessor", "--organisation", "--kind", "--form",
    "--description", "--compare", "--trust", "--list", "--from", "--help", "--version", "--data-dir", "--on-site",
]  # fmt: skip
token = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.integers().map(str))
arguments = st.tuples(st.sampled_from(COMMANDS), st.lists(token, max_size=8)).map(lambda t: [*t[0], *t[1]])


def run_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    """The workspace; the examples run in a temporary working directory, with no OS key store."""
    cwd, backend = Path.cwd(), os.environ.get("PYTHON_KEYRING_BACKEND")
    with tempfile.TemporaryDirectory(prefix="sme-fuzz-") as tmp:
        os.chdir(tmp)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        try:
            shutil.copy(SAMPLES_DIR / "sample-complete.json", SAMPLE)
            os.mkfifo("fifo")
            d = Path(tmp) / "ws"
            assert run_main(["enterprises", "add", "--name", "甲", "--uscc", USCC, "--data-dir", str(d)])[0] == 0
            new = ["assessments", "new", "--enterprise", "1", "--answers", SAMPLE, "--data-dir", str(d)]
            assert run_main(new)[0] == 0
            yield d
        finally:
            os.chdir(cwd)
            if backend is None:
                os.environ.pop("PYTHON_KEYRING_BACKEND", None)
            else:
                os.environ["PYTHON_KEYRING_BACKEND"] = backend


@pytest.mark.slow
@seed(20261201)
@settings(max_examples=300, deadline=None, derandomize=False, suppress_health_check=[HealthCheck.too_slow])
@given(argv=arguments)
def test_no_argument_list_prints_a_traceback(argv: list[str], data_dir: Path) -> None:
    status, _, err = run_main([*argv, "--data-dir", str(data_dir)])
    assert "Traceback" not in err, (argv, err)
    assert status in (0, 1, 2), (argv, status, err)
    for line in err.splitlines():
        assert not line.startswith("  File "), (argv, err)
    assert Path("fifo").is_fifo()  # a report never replaces what is not a regular file
