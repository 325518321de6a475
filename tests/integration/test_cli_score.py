"""The command line as other programs use it: real processes, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES_DIR


def run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        check=False,
        timeout=120,
    )


def test_version(tmp_path: Path) -> None:
    out = run("--version", data_dir=tmp_path)
    assert out.returncode == 0
    assert out.stdout.startswith("sme-assess ")


def test_forms_lists_id_revision_title_hash(tmp_path: Path) -> None:
    out = run("forms", "--json", data_dir=tmp_path)
    assert out.returncode == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["id"], r["revision"], r["source"]) for r in rows] == [
        ("miit-2024", 1, "bundled"),
        ("miit-2024", 2, "bundled"),
        ("miit-2024", 3, "bundled"),
    ]
    assert rows[0]["title"] == "中小企业数字化水平评测指标（2024年版）"
    assert rows[0]["hash"].startswith("sha256:") and rows[0]["hash"] != rows[1]["hash"]


def test_score_says_which_revision_it_used(tmp_path: Path) -> None:
    pinned = SAMPLES_DIR / "sample-complete.json"
    unpinned = tmp_path / "unpinned.json"
    data = json.loads(pinned.read_text("utf-8"))
    assert data.pop("form_revision") == 1
    unpinned.write_text(json.dumps(data), "utf-8")
    out = run("score", str(pinned), str(unpinned), "--json", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert (first["form_revision"], second["form_revision"]) == (1, 3)  # unpinned: the newest
    assert first["form_hash"] != second["form_hash"] and first["total_score"] == second["total_score"]
    missing = tmp_path / "r9.json"
    missing.write_text(json.dumps({**data, "form_revision": 9}), "utf-8")
    refused = run("score", str(missing), data_dir=tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "form_revision: form 'miit-2024' has no revision 9 (installed: 1, 2, 3)" in refused.stderr


def test_score_json_one_line_per_file(tmp_path: Path) -> None:
    second = tmp_path / "b.json"
    second.write_text(json.dumps({"form": "miit-2024", "answers": {"Q9": ["B"]}, "scenes": {"S01": 2}}), "utf-8")
    out = run("score", str(SAMPLES_DIR / "sample-complete.json"), str(second), "--json", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    first, other = (json.loads(line) for line in lines)
    assert first["complete"] is True and first["missing"] == []
    assert first["level"] == 2
    assert other["complete"] is False
    assert other["total_score"] == 1.875
    assert other["gap_to_level_2"]["points_needed"] == 38.125
    for key in (
        "form",
        "form_revision",
        "total_score",
        "dimension_scores",
        "question_scores",
        "score_level",
        "scene_level",
        "level",
        "gap_to_level_2",
        "warnings",
    ):
        assert key in first
    assert set(first["gap_to_level_2"]) >= {
        "points_needed",
        "scene_upgrades_needed",
        "constrained_upgrades_needed",
        "plan",
    }


@pytest.mark.parametrize(
    ("content", "item"),
    [
        ('{"form": "miit-2024", "answers": {"Q1": ["A", "B"]}}', "Q1"),
        ('{"form": "miit-2024", "answers": {"Q2": ["B"]}}', "Q2"),
        ('{"form": "miit-2024", "answers": {"Q16": "A"}}', "Q16"),
        ('{"form": "miit-2024", "scenes": {"S03": 7}}', "S03"),
        ('{"form": "miit-1999"}', "form"),
        ('{"form": "miit-2024", "answers": {', "malformed JSON"),
    ],
)
def test_invalid_input_exits_2_names_file_and_item_and_prints_nothing(tmp_path: Path, content: str, item: str) -> None:
    good = SAMPLES_DIR / "sample-complete.json"
    bad = tmp_path / "bad answers.json"
    bad.write_text(content, "utf-8")
    out = run("score", str(good), str(bad), "--json", data_dir=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert str(bad) in out.stderr
    assert item in out.stderr


def test_missing_file_is_named(tmp_path: Path) -> None:
    out = run("score", str(tmp_path / "nope.json"), data_dir=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert "nope.json" in out.stderr


def test_human_output_shows_level_and_plan(tmp_path: Path) -> None:
    doc = tmp_path / "a.json"
    doc.write_text(json.dumps({"form": "miit-2024", "answers": {"Q5": "B"}}), "utf-8")
    out = run("score", str(doc), data_dir=tmp_path)
    assert out.returncode == 0
    assert "未达到一级" in out.stdout
    assert "距二级" in out.stdout


def test_stdin_document(tmp_path: Path) -> None:
    out = run("score", "-", "--json", data_dir=tmp_path, stdin='{"form": "miit-2024", "answers": {"Q5": "E"}}')
    assert out.returncode == 0
    assert json.loads(out.stdout)["total_score"] == 10
