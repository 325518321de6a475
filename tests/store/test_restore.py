"""Restore never loses a committed save, and a workspace that existed never silently becomes a new empty one.

Real SQLite files, real processes: a writer SIGKILLed with its saves in the -wal, a process holding the workspace
open, a -wal deleted under it, a truncated file, a 1-byte "backup".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import (
    CorruptWorkspaceError,
    MissingWorkspaceError,
    WorkspaceLocation,
    backup_now,
    list_backups,
    open_workspace,
    restore_backup,
)
from app.store.identity import read_identity, workspace_id
from tests.conftest import ROOT
from tests.store.conftest import VALID_USCC, with_check

# These tests edit, truncate and kill the SQLite file itself.
pytestmark = pytest.mark.sqlite_only

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120, env=ENV,
    )  # fmt: skip


HOLDER = """
import sys, time
from pathlib import Path
from app.main import build_workspace, registry_loader
from app.services.workspace import EnterpriseInput
from app.store.location import WorkspaceLocation
d = Path(sys.argv[1])
ws = build_workspace(WorkspaceLocation(d), registry_loader(d)(), "holder")
ws.add_enterprise(EnterpriseInput(name="持有者企业", uscc=sys.argv[2]))
ws.list_enterprises()
print("ready", flush=True)
sys.stdin.readline()
ws.close()
"""


def hold_open(data_dir: Path) -> subprocess.Popen[str]:
    """A second process with the workspace open (idle, as a GUI between saves), until its stdin closes."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), with_check("91350100MA2XN0QQ2")],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENV,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def names(ws: WorkspaceService) -> list[str]:
    return sorted(e.enterprise.name for e in ws.list_enterprises())


def open_copy(db_file: Path, tmp: Path, registry: FormRegistry) -> WorkspaceService:
    """Open a kept-aside database (with its side files) as a workspace of its own."""
    target = WorkspaceLocation(tmp / f"copy-{uuid.uuid4().hex[:8]}")
    target.data_dir.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(str(db_file) + suffix)
        if side.exists():
            shutil.copyfile(side, Path(str(target.db_path) + suffix))
    return build_workspace(target, registry, "tester")


def replaced_copies(location: WorkspaceLocation) -> list[Path]:
    return sorted(location.backup_dir.glob("replaced-*.sqlite3"))


@posix_only
def test_restore_keeps_every_committed_save_of_a_killed_writer(tmp_path: Path, registry: FormRegistry) -> None:
    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    assessment_id = ws.new_assessment(VALID_USCC).id
    backup_now(location)
    ws.close()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "store" / "crash_child.py"), str(location.data_dir),
         str(assessment_id), "7"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env=ENV,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(0.6)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=60)
    lines = out.splitlines()
    if lines and not out.endswith("\n"):
        lines.pop()
    confirmed = dict(line.split(" ", 1) for line in lines)
    assert len(confirmed) > 3
    wal = Path(str(location.db_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the saves are (at least partly) only in the -wal

    restored = cli(location.data_dir, "db", "restore")
    assert restored.returncode == 0, restored.stderr
    (aside,) = replaced_copies(location)
    kept = open_copy(aside, tmp_path, registry)
    notes = kept.answers(assessment_id).notes
    in_flight = f"7-{len(lines) + 1}"  # the save the kill interrupted may have committed too
    for item, note in confirmed.items():
        assert notes.get(item) in (note, in_flight), f"{item}: the kept copy lost {note!r}"
    kept.close()
    assert build_workspace(location, registry, "tester").answers(assessment_id).notes == {}  # the backup's state


def test_a_damaged_database_is_kept_aside_with_its_wal(location: WorkspaceLocation, registry: FormRegistry) -> None:
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    backup_now(location)
    ws.close()
    data = bytearray(location.db_path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 100] = b"\xff" * 100
    location.db_path.write_bytes(bytes(data))
    wal = Path(str(location.db_path) + "-wal")
    wal.write_bytes(b"frames that may hold saves")
    with pytest.raises(CorruptWorkspaceError):
        open_workspace(location)
    restore_backup(location)
    (aside,) = replaced_copies(location)
    assert aside.read_bytes() == bytes(data)
    assert Path(str(aside) + "-wal").read_bytes() == b"frames that may hold saves"
    assert not wal.exists()
    assert names(build_workspace(location, registry, "tester")) == ["甲"]


def test_restore_refuses_while_another_process_has_the_workspace_open(tmp_path: Path) -> None:
    d = tmp_path / "data"
    assert cli(d, "enterprises", "add", "--name", "甲", "--uscc", VALID_USCC).returncode == 0
    assert cli(d, "db", "backup").returncode == 0
    holder = hold_open(d)
    try:
        refused = cli(d, "db", "restore")
        assert refused.returncode == 1
        assert "another process" in refused.stderr and "Traceback" not in refused.stderr
        assert not list((d / "backups").glob("replaced-*"))
    finally:
        holder.communicate(timeout=60)
    listing = cli(d, "enterprises", "list")
    assert "持有者企业" in listing.stdout  # the holder's save is still in the live database
    assert cli(d, "db", "restore").returncode == 0  # once it is closed, the restore goes ahead


def test_a_deleted_wal_under_an_open_process_is_not_called_damaged(tmp_path: Path) -> None:
    d = tmp_path / "data"
    assert cli(d, "enterprises", "add", "--name", "甲", "--uscc", VALID_USCC).returncode == 0
    assert cli(d, "db", "backup").returncode == 0
    holder = hold_open(d)
    try:
        (d / "workspace.sqlite3-wal").unlink()
        listing = cli(d, "enterprises", "list")
        assert listing.returncode == 1
        assert "damaged" not in listing.stderr and "restore" not in listing.stderr
        assert "could not read" in listing.stderr and "Traceback" not in listing.stderr
        check = cli(d, "db", "check")
        assert check.returncode == 1 and "damaged" not in check.stdout + check.stderr
        refused = cli(d, "db", "restore")
        assert refused.returncode == 1 and "restored" not in refused.stdout
    finally:
        holder.communicate(timeout=60)


def test_a_truncated_database_is_refused_naming_the_newest_backup(tmp_path: Path) -> None:
    d = tmp_path / "data"
    assert cli(d, "enterprises", "add", "--name", "甲", "--uscc", VALID_USCC).returncode == 0
    backup = Path(cli(d, "db", "backup").stdout.strip())
    db = d / "workspace.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(0)
    listing = cli(d, "enterprises", "list")
    assert listing.returncode == 1 and listing.stdout == ""
    assert backup.name in listing.stderr and "db restore" in listing.stderr
    check = cli(d, "db", "check")
    assert check.returncode == 1 and "integrity: ok" not in check.stdout
    assert cli(d, "db", "backup").returncode == 1  # an empty file is not backed up over the good ones
    assert db.stat().st_size == 0  # nothing was migrated in place
    restored = cli(d, "db", "restore")
    assert restored.returncode == 0 and backup.name in restored.stdout
    assert "甲" in cli(d, "enterprises", "list").stdout


def test_a_deleted_or_older_database_is_refused(location: WorkspaceLocation, registry: FormRegistry) -> None:
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    old = backup_now(location)
    ws.new_assessment(VALID_USCC)
    ws.close()
    build_workspace(location, registry, "tester").close()  # a start records the counts
    assert read_identity(location) is not None
    shutil.copyfile(old, location.db_path)
    for suffix in ("-wal", "-shm"):
        Path(str(location.db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(MissingWorkspaceError, match="older") as info:
        open_workspace(location)
    assert list_backups(location)[0].name in str(info.value) and info.value.backups
    location.db_path.unlink()
    with pytest.raises(MissingWorkspaceError, match="missing"):
        open_workspace(location)
    assert not location.db_path.exists()
    restore_backup(location, old)  # a deliberate restore of the older file is accepted
    assert names(build_workspace(location, registry, "tester")) == ["甲"]


def test_the_identity_record_names_the_workspace(location: WorkspaceLocation, registry: FormRegistry) -> None:
    ws = build_workspace(location, registry, "tester")
    first = workspace_id(location)
    assert first is not None and str(uuid.UUID(first)) == first
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    ws.close()  # the counts are brought up to date at close (and at each start), never per save
    record = json.loads(location.identity_path.read_text("utf-8"))
    assert record["workspace_id"] == first and record["counts"]["enterprises"] == 1
    backup_now(location)
    restore_backup(location)
    assert workspace_id(location) == first  # a restore keeps the workspace's id


@pytest.mark.parametrize("kind", ["one-byte", "not-a-workspace", "newer-schema"])
def test_restore_from_accepts_only_a_sound_known_workspace(tmp_path: Path, kind: str) -> None:
    d = tmp_path / "data"
    assert cli(d, "enterprises", "add", "--name", "甲", "--uscc", VALID_USCC).returncode == 0
    source = tmp_path / "small.pdf"
    if kind == "one-byte":
        source.write_bytes(b"%")
    elif kind == "not-a-workspace":
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:
        shutil.copyfile(d / "workspace.sqlite3", source)
        conn = sqlite3.connect(source)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    refused = cli(d, "db", "restore", "--from", str(source))
    assert refused.returncode == 1 and "restored" not in refused.stdout
    assert str(source) in refused.stderr and "Traceback" not in refused.stderr
    assert "甲" in cli(d, "enterprises", "list").stdout


RESTORE_TRIALS = int(os.environ.get("RESTORE_TRIALS", "20"))
RESTORER = """
import sys, time
from app.main import main
import app.cli, app.store.restore, app.store.admin  # loaded before "ready": the kill lands in the restore itself
print("ready", flush=True)
start = time.perf_counter()
status = main(sys.argv[1:])
print(f"done {time.perf_counter() - start:.4f}", flush=True)
sys.exit(status)
"""


def start_restore(location: WorkspaceLocation, backup: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", RESTORER, "db", "restore", "--from", str(backup), "--data-dir", str(location.data_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


@posix_only
@pytest.mark.slow
def test_a_kill_during_restore_never_leaves_the_workspace_without_its_data(
    tmp_path: Path, registry: FormRegistry
) -> None:
    import random

    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="备份中的企业", uscc=VALID_USCC))
    backup = backup_now(location)
    ws.close()
    rng = random.Random(20261201)
    in_backup = ["备份中的企业"]
    calibrate = start_restore(location, backup)  # how long the restore itself takes here
    out, _ = calibrate.communicate(timeout=60)
    assert calibrate.returncode == 0
    duration = float(out.split()[-1])
    outcomes = {"old": 0, "restored": 0}
    for trial in range(RESTORE_TRIALS):
        ws = build_workspace(location, registry, "tester")
        ws.add_enterprise(EnterpriseInput(name=f"新企业{trial}", uscc=with_check(f"91350100MA{trial:07d}")))
        before = names(ws)
        ws.close()
        child = start_restore(location, backup)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        ws = build_workspace(location, registry, "tester")  # opens: never empty, never refused
        after = names(ws)
        ws.close()
        assert after in (before, in_backup), f"trial {trial}: {after}"
        outcomes["old" if after == before else "restored"] += 1
        again = cli(location.data_dir, "db", "restore", "--from", str(backup))  # a re-run finishes the job
        assert again.returncode == 0, f"trial {trial}: {again.stderr}"
        ws = build_workspace(location, registry, "tester")
        assert names(ws) == in_backup
        ws.close()
    assert list_backups(location)
    print(f"kill-during-restore: restore {duration * 1000:.0f} ms; {RESTORE_TRIALS} trials: {outcomes}")


KILLED_MID_TRANSACTION = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN")
conn.execute("UPDATE audit_log SET actor = actor || 'x'")
print("ready", flush=True)
sys.stdin.readline()
"""


@posix_only
def test_a_hot_journal_left_by_a_kill_is_recovered_not_refused(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    # A restore switches the live file to rollback-journal mode; a kill mid-transaction then leaves a hot journal,
    # which a read-only integrity check cannot roll back (SQLITE_READONLY_ROLLBACK).
    ws = build_workspace(location, registry, "tester")
    for n in range(300):
        ws.add_enterprise(EnterpriseInput(name=f"企业{n}", uscc=with_check(f"91350100MA{n:07d}")))
    ws.close()
    conn = sqlite3.connect(location.db_path)
    assert conn.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    conn.close()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_TRANSACTION, str(location.db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    assert Path(str(location.db_path) + "-journal").stat().st_size > 0
    ws = build_workspace(location, registry, "tester")
    assert len(ws.list_enterprises()) == 300
    ws.close()
