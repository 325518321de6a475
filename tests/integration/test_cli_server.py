"""The command line against a team's PostgreSQL server: two consultants' machines (two data directories), one database.

Real processes with ``SME_ASSESS_DATABASE_URL`` set, as the README's "A shared server" tells a team to.
"""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"


def run(data_dir: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SME_ASSESS_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120, env=env,
    )  # fmt: skip


def ok(data_dir: Path, url: str, *args: str) -> str:
    out = run(data_dir, url, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_two_machines_share_the_server_and_the_audit_names_each(pg_url: str, tmp_path: Path) -> None:
    # The URL as a team writes it: plain postgresql://, the driver the [server] extra installs.
    url = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    first, second = tmp_path / "laptop-1", tmp_path / "laptop-2"
    ok(first, url, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC, "--industry", "C34")
    sample = str(SAMPLES_DIR / "sample-complete.json")
    aid = ok(first, url, "assessments", "new", "--enterprise", USCC, "--answers", sample).strip()
    # The second machine has its own data directory and no workspace file: it sees the first one's work.
    assert USCC in ok(second, url, "enterprises", "list")
    ok(second, url, "assessments", "answer", aid, "Q5", "E")
    assert not (first / "workspace.sqlite3").exists() and not (second / "workspace.sqlite3").exists()
    history = ok(first, url, "assessments", "history", aid)
    actor = f"{getpass.getuser()}@{socket.gethostname()}"
    change = [line for line in history.splitlines() if "\tQ5\t" in line]
    assert len(change) == 1 and change[0].split("\t")[1] == actor, history
    assert '"C" → "E"' in change[0]


def test_sqlite_only_commands_refuse_in_one_line(pg_url: str, tmp_path: Path) -> None:
    ok(tmp_path, pg_url, "enterprises", "list")
    for args in (("db", "backup"), ("db", "check"), ("db", "restore")):
        out = run(tmp_path, pg_url, *args)
        assert out.returncode == 1, out
        assert out.stderr.count("\n") == 1 and "SQLite" in out.stderr and "Traceback" not in out.stderr
