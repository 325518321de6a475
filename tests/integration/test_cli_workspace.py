"""The workspace command line as scripts use it: real processes on a real data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip


def ok(data_dir: Path, *args: str) -> str:
    out = run(data_dir, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.slow
def test_full_scripted_flow(tmp_path: Path) -> None:
    d = tmp_path / "ws"
    eid = ok(
        d, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC, "--industry", "C34"
    ).strip()
    assert eid == "1"
    sample = str(SAMPLES_DIR / "sample-complete.json")
    aid = ok(
        d, "assessments", "new", "--enterprise", USCC, "--answers", sample, "--assessor", "张工", "--on-site"
    ).strip()
    shown = json.loads(ok(d, "assessments", "show", aid, "--json"))
    scored = json.loads(ok(d, "score", sample, "--json"))
    assert shown["result"] == scored
    assert shown["assessment"]["on_site"] is True and shown["enterprise"]["uscc"] == USCC
    ok(d, "assessments", "answer", aid, "Q5", "E")
    assert json.loads(ok(d, "assessments", "show", aid, "--json"))["answers"]["answers"]["Q5"] == "E"
    ok(d, "assessments", "finalize", aid)
    refused = run(d, "assessments", "answer", aid, "Q5", "D")
    assert refused.returncode == 2 and "finalized" in refused.stderr
    after = ok(d, "assessments", "new", "--enterprise", eid, "--kind", "after", "--answers", sample).strip()
    ok(d, "assessments", "answer", after, "S10", "3")
    diff = json.loads(ok(d, "assessments", "compare", aid, after, "--json"))
    assert {"item": "S10", "before": 0, "after": 3, "constrained": True} in diff["scenes"]
    listing = [json.loads(line) for line in ok(d, "enterprises", "list", "--json").splitlines()]
    assert [a["kind"] for a in listing[0]["assessments"]] == ["baseline", "after"]
    check = ok(d, "db", "check").splitlines()
    assert check[0] == "integrity: ok" and check[1].startswith("seals: ") and check[2].startswith("audit chain: ok")
    assert "backups" in ok(d, "db", "backup")


@pytest.mark.slow
def test_bad_input_exits_2_and_names_the_field(tmp_path: Path) -> None:
    d = tmp_path / "ws"
    bad = run(d, "enterprises", "add", "--name", "甲", "--uscc", "91350100M000100Y44")
    assert bad.returncode == 2 and bad.stdout == "" and "uscc" in bad.stderr and "check character" in bad.stderr
    ok(d, "enterprises", "add", "--name", "甲", "--uscc", USCC)
    dup = run(d, "enterprises", "add", "--name", "乙", "--uscc", USCC)
    assert dup.returncode == 2 and USCC in dup.stderr
    doc = tmp_path / "bad.json"
    doc.write_text('{"form": "miit-2099"}', "utf-8")
    unknown = run(d, "assessments", "new", "--enterprise", USCC, "--answers", str(doc))
    assert unknown.returncode == 2 and "unknown form" in unknown.stderr
    missing = run(d, "assessments", "show", "42")
    assert missing.returncode == 2 and "42" in missing.stderr


@pytest.mark.slow
def test_corrupt_workspace_offers_restore(tmp_path: Path) -> None:
    d = tmp_path / "ws"
    ok(d, "enterprises", "add", "--name", "甲", "--uscc", USCC)
    ok(d, "db", "backup")
    db = d / "workspace.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"garbage" * 1000)
    broken = run(d, "enterprises", "list")
    assert broken.returncode == 1
    assert "damaged" in broken.stderr and "db restore" in broken.stderr
    assert "restored from" in ok(d, "db", "restore")
    assert "甲" in ok(d, "enterprises", "list")


def test_diagnose_names_the_compiled_parts_in_use_and_pure_python_turns_them_off(tmp_path: Path) -> None:
    from app.core.scoring import NATIVE

    info = json.loads(ok(tmp_path / "ws", "diagnose"))
    assert info["accelerators"]["package_json"].startswith("orjson ")  # a dependency: always there
    assert info["accelerators"]["scoring"] == ("compiled" if NATIVE else "python")
    pure = subprocess.run(
        [sys.executable, "-m", "app", "diagnose", "--data-dir", str(tmp_path / "ws")],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True, timeout=120,
        env={**os.environ, "SME_ASSESS_PURE_PYTHON": "1"},
    )  # fmt: skip
    assert json.loads(pure.stdout)["accelerators"] == {"scoring": "python", "package_json": "json"}
