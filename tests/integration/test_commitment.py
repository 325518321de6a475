"""The truthfulness commitment: the text a package signs is the text its report prints, and later reports too."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.services.texts import bundled_commitment
from tests.conftest import SAMPLES_DIR
from tests.integration.test_cli_submission import USCC, ok

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def pdf_text(data: bytes, tmp: Path) -> str:
    """The text of a PDF as poppler extracts it, with every run of whitespace removed (the PDF wraps lines)."""
    path = tmp / "extract.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return squash(out.stdout.decode("utf-8"))


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("commitment")
    d = tmp / "data"
    ok(d, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC, "--contact", "李经理")
    sample = str(SAMPLES_DIR / "sample-complete.json")
    aid = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", sample, "--assessor", "张工").strip()
    ok(d, "assessments", "finalize", aid)
    out = tmp / "submission.sdap"
    ok(d, "keys", "new", "--key-file", str(tmp / "key.pem"))
    ok(d, "export", aid, "--out", str(out), "--key-file", str(tmp / "key.pem"))
    ok(d, "report", aid, "--out", str(tmp / "later.pdf"))
    return {"dir": d, "package": out, "later": tmp / "later.pdf", "tmp": tmp}


def signed_commitment(package: Path) -> dict[str, object]:
    with zipfile.ZipFile(package) as zf:
        data: dict[str, object] = json.loads(zf.read("commitment.json"))
    return data


@needs_pdftotext
def test_the_signed_commitment_is_the_text_printed_in_the_packaged_report(package: dict[str, Path]) -> None:
    commitment = signed_commitment(package["package"])
    with zipfile.ZipFile(package["package"]) as zf:
        printed = pdf_text(zf.read("report.pdf"), package["tmp"])
    assert isinstance(commitment["text"], str) and len(commitment["text"]) > 40
    assert squash(commitment["text"]) in printed


@needs_pdftotext
def test_a_report_printed_after_the_export_prints_the_same_signed_text(package: dict[str, Path]) -> None:
    commitment = signed_commitment(package["package"])
    printed = pdf_text(package["later"].read_bytes(), package["tmp"])
    assert isinstance(commitment["text"], str)
    assert squash(commitment["text"]) in printed


def test_the_package_names_the_versioned_text_it_signed(package: dict[str, Path]) -> None:
    commitment = signed_commitment(package["package"])
    bundled = bundled_commitment()
    assert commitment["text_id"] == bundled.id and commitment["text_version"] == bundled.version
    assert commitment["text"] == bundled.text
    assert commitment["accepted"] is True and commitment["signer_name"] == "李经理"
