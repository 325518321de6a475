"""Tamper evidence at rest: finalized assessments are sealed, stored answers are validated, the audit log chains.

Every test edits the real SQLite file the way a hostile or broken writer would (the sqlite3 module, with the
immutability triggers dropped where they would stop it, or raw bit flips) and then reads it back as the program does.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.ports import DamagedRecordError
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.admin import DatabaseAdmin
from app.store.database import WorkspaceLocation, check_integrity
from tests.conftest import ROOT, SAMPLES_DIR

# These tests edit, truncate and kill the SQLite file itself.
pytestmark = pytest.mark.sqlite_only

USCC = "91350100M000100Y43"


def _finalized(location: WorkspaceLocation, registry: FormRegistry, count: int = 1) -> list[int]:
    ws = build_workspace(location, registry, "张工")
    ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=USCC, industry="C34"))
    document = json.loads((SAMPLES_DIR / "sample-complete.json").read_text("utf-8"))
    ids = []
    for _ in range(count):
        from app.core.records import Assessor

        aid = ws.new_assessment(USCC, answers_document=document, assessor=Assessor("张工")).id
        ws.finalize(aid)
        ids.append(aid)
    ws.close()
    return ids


def _hostile_sql(db: Path, *statements: str) -> None:
    """Run SQL on the file with the immutability triggers out of the way (as any other writer could)."""
    conn = sqlite3.connect(db)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        for _, sql in triggers:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "SME_ASSESS_KEY_PASSPHRASE": "pass phrase 1"}
    import os

    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120, env={**os.environ, **env},
    )  # fmt: skip


def test_a_changed_answer_of_a_finalized_assessment_is_refused_everywhere(
    location: WorkspaceLocation, registry: FormRegistry, tmp_path: Path
) -> None:
    (aid,) = _finalized(location, registry)
    before = json.loads(_cli(location.data_dir, "assessments", "show", str(aid), "--json").stdout)
    assert before["result"]["total_score"] == 45.7
    # Same length: the file stays well-formed and the integrity check passes.
    _hostile_sql(
        location.db_path,
        f"UPDATE answer_items SET value = '\"C\"' WHERE assessment_id = {aid} AND kind = 'choice' AND key = 'Q15'",
    )
    assert check_integrity(location.db_path) == "ok"
    ws = build_workspace(location, registry, "张工")
    with pytest.raises(DamagedRecordError, match=f"assessment {aid}"):
        ws.result(aid)
    with pytest.raises(DamagedRecordError, match=f"assessment {aid}"):
        ws.record(aid)
    ws.close()
    made = _cli(location.data_dir, "keys", "new", "--key-file", str(tmp_path / "k.pem"))
    assert made.returncode == 0, made.stderr  # a real key: the export is refused for the record, not the key
    for args in (
        ("assessments", "show", str(aid)),
        ("report", str(aid), "--out", str(tmp_path / "r.pdf")),
        ("export", str(aid), "--out", str(tmp_path / "p.sdap"), "--key-file", str(tmp_path / "k.pem")),
    ):
        out = _cli(location.data_dir, *args)
        assert out.returncode == 1, (args, out.stdout, out.stderr)
        assert f"assessment {aid}" in out.stderr and "Traceback" not in out.stderr
        assert out.stdout == ""
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "p.sdap").exists()
    check = _cli(location.data_dir, "db", "check")
    assert check.returncode == 1
    assert "integrity: ok" in check.stdout
    assert f"assessment {aid}" in check.stdout


def test_db_check_lists_every_mismatch_and_passes_a_clean_workspace(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    ids = _finalized(location, registry, count=3)
    report = DatabaseAdmin(location).verify()
    assert report.mismatched == () and report.audit_break is None and report.ok
    _hostile_sql(
        location.db_path,
        f"UPDATE answer_items SET value = '2' WHERE assessment_id = {ids[0]} AND kind = 'scene' AND key = 'S01'",
        f"UPDATE assessments SET assessor_name = '李工' WHERE id = {ids[2]}",
    )
    report = DatabaseAdmin(location).verify()
    assert [m.assessment_id for m in report.mismatched] == [ids[0], ids[2]]
    assert not report.ok


def test_an_invalid_stored_option_is_reported_never_scored(location: WorkspaceLocation, registry: FormRegistry) -> None:
    ws = build_workspace(location, registry, "张工")
    ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=USCC))
    document = json.loads((SAMPLES_DIR / "sample-complete.json").read_text("utf-8"))
    aid = ws.new_assessment(USCC, answers_document=document).id  # a draft: no seal, but still validated
    ws.close()
    _hostile_sql(
        location.db_path,
        f"UPDATE answer_items SET value = '\"E\"' WHERE assessment_id = {aid} AND kind = 'choice' AND key = 'Q14'",
    )
    ws = build_workspace(location, registry, "张工")
    with pytest.raises(DamagedRecordError, match=f"assessment {aid}.*Q14"):
        ws.result(aid)
    with pytest.raises(DamagedRecordError, match="Q14"):
        ws.set_scene(aid, "S01", 1)  # an autosave does not score it either
    ws.close()
    out = _cli(location.data_dir, "assessments", "show", str(aid))
    assert out.returncode == 1 and "Q14" in out.stderr and out.stdout == ""


def test_the_audit_log_is_a_hash_chain_and_db_check_names_the_first_broken_row(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    _finalized(location, registry, count=2)
    assert DatabaseAdmin(location).verify().audit_break is None
    conn = sqlite3.connect(location.db_path)
    rows = conn.execute("SELECT id, prev_digest, digest FROM audit_log ORDER BY id").fetchall()
    conn.close()
    assert len(rows) >= 5
    for (_, _, digest), (_, prev, _) in itertools.pairwise(rows):
        assert prev == digest
    target = rows[2][0]
    _hostile_sql(location.db_path, f"UPDATE audit_log SET new = 'finalised' WHERE id = {target}")
    report = DatabaseAdmin(location).verify()
    assert report.audit_break is not None and report.audit_break.row_id == target
    check = _cli(location.data_dir, "db", "check")
    assert check.returncode == 1 and f"audit log row {target}" in check.stdout


def test_a_changed_last_audit_row_is_caught_by_its_own_digest(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    _finalized(location, registry)
    conn = sqlite3.connect(location.db_path)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.close()
    _hostile_sql(location.db_path, f"UPDATE audit_log SET actor = '李工' WHERE id = {last}")
    report = DatabaseAdmin(location).verify()
    assert report.audit_break is not None and report.audit_break.row_id == last


def test_deleting_an_audit_row_breaks_the_chain(location: WorkspaceLocation, registry: FormRegistry) -> None:
    _finalized(location, registry)
    conn = sqlite3.connect(location.db_path)
    ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id")]
    conn.close()
    _hostile_sql(location.db_path, f"DELETE FROM audit_log WHERE id = {ids[1]}")
    report = DatabaseAdmin(location).verify()
    assert report.audit_break is not None and report.audit_break.row_id == ids[2]


def _read_everything(location: WorkspaceLocation, registry: FormRegistry) -> Any:
    """What a user can read of the workspace: listings, every assessment shown in full, every history."""
    ws: WorkspaceService = build_workspace(location, registry, "reader")
    try:
        listing = []
        for e in ws.list_enterprises():
            listing.append((e.enterprise, [(s.assessment, s.summary) for s in e.assessments]))
            for s in e.assessments:
                record = ws.record(s.assessment.id)
                _, answers, result = ws.result(s.assessment.id)
                listing.append((record.content_digest(), answers, result.to_json(), ws.history(s.assessment.id)))
        return listing
    finally:
        ws.close()


def test_forty_random_bit_flips_never_change_data_silently(
    location: WorkspaceLocation, registry: FormRegistry, tmp_path: Path
) -> None:
    _finalized(location, registry, count=3)
    # One checkpointed file, as it sits on disk after the program closed.
    conn = sqlite3.connect(location.db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    pristine = location.db_path.read_bytes()
    baseline = _read_everything(location, registry)
    rng = random.Random(20261201)
    outcomes: dict[str, int] = {}
    for trial in range(40):
        trial_dir = tmp_path / f"flip{trial}"
        shutil.copytree(location.data_dir, trial_dir)
        flipped = WorkspaceLocation(trial_dir)
        data = bytearray(pristine)
        offset = rng.randrange(len(data))
        data[offset] ^= 1 << rng.randrange(8)
        flipped.db_path.write_bytes(bytes(data))
        for suffix in ("-wal", "-shm"):
            Path(str(flipped.db_path) + suffix).unlink(missing_ok=True)
        if check_integrity(flipped.db_path) != "ok":
            outcomes["integrity"] = outcomes.get("integrity", 0) + 1
            continue
        try:
            report = DatabaseAdmin(flipped).verify()
        except Exception:
            outcomes["refused"] = outcomes.get("refused", 0) + 1
            continue
        if not report.ok:
            outcomes["digest"] = outcomes.get("digest", 0) + 1
            continue
        try:
            seen = _read_everything(flipped, registry)
        except Exception:
            outcomes["refused"] = outcomes.get("refused", 0) + 1
            continue
        assert seen == baseline, f"bit flip at offset {offset} changed data silently"
        outcomes["unchanged"] = outcomes.get("unchanged", 0) + 1
    print("bit flips:", outcomes)
    assert sum(outcomes.values()) == 40
