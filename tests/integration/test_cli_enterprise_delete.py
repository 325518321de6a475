"""``enterprises delete|archive|unarchive`` and ``list --all`` (issue 13, "Undo and safety"), through the real CLI.

Finding: "An enterprise can't be deleted (GUI or CLI), so a mistyped one stays forever." Deletion is refused (exit 2,
naming the finalized assessment) once an assessment is finalized; archiving hides it from the default list instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"
OTHER = "91440300MA5DC1XX0Q"
SAMPLE = SAMPLES_DIR / "sample-complete.json"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def ok(data_dir: Path, *args: str) -> str:
    out = run(data_dir, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


def listed(data_dir: Path, *extra: str) -> dict[str, bool]:
    rows = [json.loads(line) for line in ok(data_dir, "enterprises", "list", "--json", *extra).splitlines()]
    return {r["uscc"]: r["archived"] for r in rows}


def test_delete_archive_and_the_refusal(tmp_path: Path) -> None:
    d = tmp_path / "ws"
    ok(d, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC)
    typo = ok(d, "enterprises", "add", "--name", "打错的企业", "--uscc", OTHER).strip()
    draft = ok(d, "assessments", "new", "--enterprise", OTHER, "--answers", str(SAMPLE)).strip()
    evidence = tmp_path / "拓扑.png"
    evidence.write_bytes(b"\x89PNG topology")
    ok(d, "assessments", "evidence", draft, "--add", "Q1", str(evidence))
    files = list((d / "evidence").rglob("*"))
    assert any(f.is_file() for f in files)

    # Without --yes and no terminal to confirm on, nothing is deleted.
    out = run(d, "enterprises", "delete", OTHER)
    assert out.returncode == 2 and "--yes" in out.stderr
    assert OTHER in listed(d)

    out = run(d, "enterprises", "delete", OTHER, "--yes")
    assert out.returncode == 0, out.stderr
    assert f"deleted {typo}" in out.stdout and "1 份评测草稿" in out.stdout
    assert listed(d, "--all") == {USCC: False}
    assert not any(f.is_file() for f in (d / "evidence").rglob("*"))  # its evidence file went with it
    assert run(d, "assessments", "show", draft).returncode == 2

    # A finalized assessment: refused, naming it; archive instead.
    done = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(SAMPLE), "--assessor", "张工").strip()
    ok(d, "assessments", "finalize", done)
    out = run(d, "enterprises", "delete", USCC, "--yes")
    assert out.returncode == 2
    assert f"has finalized assessment #{done}" in out.stderr
    assert listed(d) == {USCC: False}

    ok(d, "enterprises", "archive", USCC)
    assert listed(d) == {}
    assert listed(d, "--all") == {USCC: True}
    text = ok(d, "enterprises", "list", "--all")
    assert "[已归档 / archived]" in text and USCC in text
    assert USCC not in ok(d, "enterprises", "list")
    ok(d, "enterprises", "unarchive", USCC)
    assert listed(d) == {USCC: False}

    check = run(d, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "audit chain: ok" in check.stdout and "seals: 1 of 1 finalized assessments ok" in check.stdout
