"""Reproducibility across processes, the review script, and the report package's imports."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
RENDER = """
import hashlib, sys
from pathlib import Path
from app.core.scoring import score
from app.report import render_assessment_report, reproducible_options
from app.report.samples import demo_record
from app.services.forms import FormRegistry
from app.services.texts import bundled_commitment

form = FormRegistry.from_dir(Path("forms")).get("miit-2024", 1)  # the revision the sample is answered on
record = demo_record(form)
pdf = render_assessment_report(form, record, record.answers, score(form, record.answers),
                               reproducible_options(commitment=bundled_commitment()))
sys.stdout.write(hashlib.sha256(pdf).hexdigest())
"""


def _render_in_process(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", RENDER], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_reproducible_across_processes_and_hash_seeds() -> None:
    assert _render_in_process("1") == _render_in_process("2")


def test_review_script_writes_the_sample_pdfs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_scripts" / "review_report.py"), str(tmp_path), "--no-png"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == [
        "answers-incomplete.pdf",
        "answers-only.pdf",
        "assessment-after.pdf",
        "assessment-baseline.pdf",
        "assessment-draft-empty.pdf",
        "assessment-long-notes.pdf",
        "comparison.pdf",
    ]
    assert all((tmp_path / name).read_bytes().startswith(b"%PDF-") for name in pdfs)
    assert "font:" in done.stdout
    # The comparison is of the two samples: baseline 26.975 points (一级), after 45.7 points (二级).
    require(shutil.which("pdftotext") is not None, "poppler's pdftotext", "cmd:pdftotext")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "comparison.pdf"), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "26.975" in text and "45.7" in text
    assert "一级 → 二级" in text


def test_report_imports_no_ui_store_or_keyring() -> None:
    forbidden = ("PySide6", "sqlalchemy", "alembic", "keyring", "app.ui", "app.store", "app.cli")
    for path in (ROOT / "app" / "report").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"


def test_core_does_not_import_report() -> None:
    for path in (ROOT / "app" / "core").glob("*.py"):
        assert "app.report" not in path.read_text(encoding="utf-8"), path.name
