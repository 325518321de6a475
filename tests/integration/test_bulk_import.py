"""Bulk import from the command line (issue 15 §1): folders read recursively, a verdict per file, the CSV summary."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.form import Form
from app.services.bulk_import import CSV_COLUMNS, FileVerdict, csv_cell, summary_line, write_csv
from tests.integration.test_trust_import import run
from tests.package import make_signer
from tests.package.batch import batch_name, batch_uscc, write_packages


def incoming(folder: Path, form: Form) -> tuple[Path, list[Path]]:
    """Four good packages (one in a sub-folder), a copy of one, a corrupt file, a stranger's package."""
    signer = make_signer(seed=1)
    good = write_packages(folder, form, 4, signer=signer, start=7)  # serial 10 lands in part0/
    shutil.copy(good[0], folder / "zz-copy-of-7.sdap")
    (folder / "broken.sdap").write_bytes(b"PK\x03\x04 not really a zip")
    write_packages(folder / "strangers", form, 1, signer=make_signer(seed=99), start=50, nested=False)
    pub = folder.parent / "enterprise.pub.pem"
    pub.write_bytes(signer.private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return pub, good


def test_a_folder_is_read_recursively_every_file_gets_a_verdict_and_the_csv_reads_back(
    tmp_path: Path, form: Form
) -> None:
    """Finding: sub-folders were not read (glob, not rglob) and there was no CSV summary or end count."""
    folder = tmp_path / "in"
    pub, good = incoming(folder, form)
    assert any("part0" in str(p) for p in good)
    out = run(tmp_path / "city", "import", str(folder), "--trust", str(pub), "--csv", str(tmp_path / "s.csv"))
    assert out.returncode == 1 and "Traceback" not in out.stderr  # 1: some files were refused
    lines = out.stdout.splitlines()
    assert lines[-1] == "7 files: imported 4, duplicate 1, already-here 0, refused 2"
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Chinese names right
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_file = {Path(r["file"]).name: r for r in rows}
    assert set(by_file) == {"pkg-0007.sdap", "pkg-0008.sdap", "pkg-0009.sdap", "pkg-0010.sdap", "zz-copy-of-7.sdap",
                            "broken.sdap", "pkg-0050.sdap"}  # fmt: skip
    seven = by_file["pkg-0007.sdap"]
    assert seven["status"] == "imported" and seven["USCC"] == batch_uscc(7) and seven["name"] == batch_name(7)
    assert seven["level"] == "2" and seven["assessment"] and seven["enterprise"] and seven["reason"] == ""
    assert by_file["zz-copy-of-7.sdap"]["status"] == "duplicate"
    assert by_file["zz-copy-of-7.sdap"]["assessment"] == seven["assessment"]
    assert by_file["broken.sdap"]["status"] == "refused" and by_file["broken.sdap"]["reason"]
    stranger = by_file["pkg-0050.sdap"]
    assert stranger["status"] == "refused" and "not trusted" in stranger["reason"] and stranger["USCC"] == ""
    assert str(folder) not in stranger["reason"]  # the file column names the file; the reason does not repeat it


def test_json_rows_stay_one_per_file_and_the_count_goes_to_stderr(tmp_path: Path, form: Form) -> None:
    folder = tmp_path / "in"
    write_packages(folder, form, 2, nested=False)
    out = run(tmp_path / "city", "import", str(folder), "--accept-unknown", "--json")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["imported", "imported"] and rows[0]["origin_verified"] is False
    assert "2 files: imported 2, duplicate 0, already-here 0, refused 0" in out.stderr


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(tmp_path: Path) -> None:
    """Finding (CSV injection): a cell starting with = + - @ runs as a formula in Excel and WPS."""
    assert [csv_cell(x) for x in ("=1+1", "+86", "-2", "@SUM(A1)", "\tx", "ok", None, 3)] == [
        "'=1+1", "'+86", "'-2", "'@SUM(A1)", "'\tx", "ok", "", "3"]  # fmt: skip
    out = tmp_path / "x.csv"
    write_csv([FileVerdict(Path("a.sdap"), "refused", '=HYPERLINK("http://x")', name="@企业")], out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][2] == '\'=HYPERLINK("http://x")' and rows[1][6] == "'@企业"
    assert summary_line([FileVerdict(Path("a"), "imported")], total=3) == (
        "1 files: imported 1, duplicate 0, already-here 0, refused 0, not processed 2"
    )
