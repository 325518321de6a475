"""``export-xlsx`` and ``dossier`` (issue 15 §3, §4): the workbook read back with openpyxl and checked against the
workspace; one dossier opened and listed, the index's hashes checked against the files. app.main.main in this
process on a real data directory (SQLite), a real Ed25519 key file, real PDFs."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from app.core.tables import display_width, is_formula_like
from app.main import main
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
NAME = '=HYPERLINK("x")厦门示例电子有限公司'  # formula injection: must come back as this text, never a formula
OTHER = "91350200MA2XN5XK0P"
FINDINGS = {"pain_points": [{"item": "S06", "text": "生产进度靠纸质派工单"}],
            "needs": [{"title": "上线MES", "items": ["S06"], "category": "制造", "priority": 1,
                       "estimate_yuan": 600000, "measure": "部署轻量化MES", "due": "2027-06-30"}]}  # fmt: skip


def call(capsys: pytest.CaptureFixture[str], d: Path, *argv: str) -> tuple[int, str, str]:
    try:
        status = main([*argv, "--data-dir", str(d)])
    except SystemExit as exc:  # argparse
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys: pytest.CaptureFixture[str], d: Path, *argv: str) -> str:
    status, out, err = call(capsys, d, *argv)
    assert status == 0, err
    return out


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """One enterprise with baseline (evidence, findings, exported package), after and a project; one bare one."""
    monkeypatch.setenv("SME_ASSESS_KEY_PASSPHRASE", "correct horse battery")
    d = tmp_path / "ws"
    ok(capsys, d, "enterprises", "add", "--name", NAME, "--uscc", USCC, "--industry", "C39", "--region", "厦门市",
       "--size", "small", "--above-scale", "--specialized", "specialized", "--pilot-subsector", "电子器件制造",
       "--traction-unit=-某牵引单位", "--contact", "李四", "--phone", "13800000000")  # fmt: skip
    ok(capsys, d, "enterprises", "add", "--name", "东莞示例五金厂", "--uscc", OTHER, "--industry", "C33")
    before = json.loads((SAMPLES_DIR / "sample-complete.json").read_text("utf-8"))
    before["scenes"] = {k: min(v, 1) for k, v in before["scenes"].items()}
    (tmp_path / "before.json").write_text(json.dumps(before, ensure_ascii=False), "utf-8")
    (tmp_path / "findings.json").write_text(json.dumps(FINDINGS, ensure_ascii=False), "utf-8")
    (tmp_path / "台账.txt").write_bytes("设备台账 2026\n".encode())
    b = ok(capsys, d, "assessments", "new", "--enterprise", USCC, "--answers", str(tmp_path / "before.json"),
           "--assessor", "张工", "--date", "2026-03-01").strip()  # fmt: skip
    ok(capsys, d, "assessments", "evidence", b, "--add", "Q1", str(tmp_path / "台账.txt"), "--description", "设备台账")
    ok(capsys, d, "findings", "set", b, "--file", str(tmp_path / "findings.json"))
    ok(capsys, d, "assessments", "finalize", b)
    a = ok(capsys, d, "assessments", "new", "--enterprise", USCC, "--kind", "after", "--answers",
           str(SAMPLES_DIR / "sample-complete.json"), "--assessor", "张工", "--date", "2026-09-01").strip()  # fmt: skip
    ok(capsys, d, "assessments", "finalize", a)
    draft = ok(capsys, d, "assessments", "new", "--enterprise", OTHER, "--answers", str(tmp_path / "before.json"))
    assert draft.strip() == "3"
    key = tmp_path / "key.pem"
    ok(capsys, d, "keys", "new", "--key-file", str(key))
    printed = ok(capsys, d, "export", b, "--out", str(tmp_path / "before.sdap"), "--key-file", str(key))
    (tmp_path / "fingerprint.txt").write_text(printed.split()[-1], "utf-8")  # "path<TAB>SHA256:…"
    p = ok(capsys, d, "projects", "add", "--enterprise", USCC, "--contract-no", "HT/2026-001",
           "--provider", "某牵引单位", "--contract-amount", "1200000", "--signed", "2026-03-10",
           "--down-payment", "300000", "--baseline", b, "--after", a).strip()  # fmt: skip
    ok(capsys, d, "projects", "spend", p, "--amount", "600000", "--category", "hardware", "--date", "2026-05-01")
    ok(capsys, d, "projects", "spend", p, "--amount", "250000", "--category", "service")
    return d


def dec(value: object) -> Decimal:
    """A number read back (openpyxl: float; the JSON: a number) as an exact decimal of what it prints."""
    return Decimal(str(value))


def show(capsys: pytest.CaptureFixture[str], d: Path, aid: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(capsys, d, "assessments", "show", str(aid), "--json"))
    return data


def test_workbook_read_back(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programme.xlsx"
    assert ok(capsys, ws, "export-xlsx", "--out", str(out)).strip() == str(out)
    assert not list(tmp_path.glob(".programme.xlsx.*"))  # the temporary file was renamed, nothing left behind
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["企业一览", "评测明细", "说明"]
    sheet = book["企业一览"]
    assert sheet.freeze_panes == "A2"
    head = [c.value for c in sheet[1]]
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(head))}3"
    rows = [dict(zip(head, (c for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert [r["统一社会信用代码"].value for r in rows] == [USCC, OTHER]
    first = rows[0]
    # formula injection: the text is stored as a string, never a formula, with the quote prefix
    assert (first["企业名称"].value, first["企业名称"].data_type, first["企业名称"].quotePrefix) == (NAME, "s", True)
    assert (first["牵引单位"].value, first["牵引单位"].data_type) == ("-某牵引单位", "s")
    assert [first[k].value for k in ("所在地区", "行业代码", "行业名称", "企业规模", "规上/规下", "专精特新",
                                     "试点细分行业", "联系人", "联系电话")] == [
        "厦门市", "C39", "计算机、通信和其他电子设备制造业", "小型", "规上", "专精特新中小企业", "电子器件制造", "李四",
        "13800000000"]  # fmt: skip
    for word, aid in (("改造前", 1), ("改造后", 2)):
        result = show(capsys, ws, aid)["result"]
        level, total = first[f"{word}等级"], first[f"{word}总分"]
        assert (level.value, level.data_type) == (result["level"], "n")
        assert dec(total.value) == dec(result["total_score"]) and total.number_format == "0.00"
        for dim in ("数字化基础", "数字化管理", "数字化成效"):
            assert dec(first[f"{word}{dim}"].value) == dec(result["dimension_scores"][dim])
        counts = result["scene_counts"]["2"]
        assert first[f"{word}二级+约束性场景"].value == counts["constrained"]
        assert first[f"{word}二级+引导性场景"].value == counts["scenes"] - counts["constrained"]
        assert first[f"{word}评测日期"].value == ("2026-03-01" if aid == 1 else "2026-09-01")
    fingerprint = (tmp_path / "fingerprint.txt").read_text("utf-8")
    assert fingerprint.startswith("SHA256:") and first["改造前评测包指纹"].value == fingerprint
    assert first["改造后评测包指纹"].value is None  # not exported, not imported
    assert (first["合同金额（元）"].value, first["合同金额（元）"].number_format) == (1_200_000, "#,##0")
    assert first["实际投入（元）"].value == 850_000
    estimates = {json.loads(line)["policy"]: json.loads(line)
                 for line in ok(capsys, ws, "subsidy", "--enterprise", USCC, "--json").splitlines()}  # fmt: skip
    for policy, est in estimates.items():
        assert first[f"补贴估算（元）·{policy}"].value == est["estimate"]
    assert first["补贴估算（元）·xiamen-2024"].number_format == "#,##0"
    # the second enterprise has only a draft: no levels, no project
    assert rows[1]["改造前等级"].value is None and rows[1]["合同金额（元）"].value is None
    # widths fit the Chinese text: East Asian wide characters count 2
    letter = openpyxl.utils.get_column_letter(head.index("专精特新") + 1)
    assert sheet.column_dimensions[letter].width >= display_width("专精特新中小企业")

    details = book["评测明细"]
    dhead = [c.value for c in details[1]]
    drows = [dict(zip(dhead, (c.value for c in r), strict=True)) for r in details.iter_rows(min_row=2)]
    assert [r["评测编号"] for r in drows] == [1, 2, 3]
    assert [r["状态"] for r in drows] == ["已定稿", "已定稿", "草稿"]
    for r in drows:
        stored = show(capsys, ws, r["评测编号"])
        answers, result = stored["answers"], stored["result"]
        for q, value in answers["answers"].items():
            assert r[f"{q} 选项"] == (value if isinstance(value, str) else ",".join(value))
            assert dec(r[f"{q} 得分"]) == dec(result["question_scores"][q])
        for s, level in answers["scenes"].items():
            assert r[f"{s} 等级"] == level
    assert details.cell(2, dhead.index("Q1 得分") + 1).number_format == "0.00"
    notes = [[c.value for c in r] for r in book["说明"].iter_rows(min_row=2)]
    assert [n[1] for n in notes if n[0] == "补贴估算所用政策"] == list(estimates)
    documented = {(n[0], n[1]) for n in notes}
    assert {("企业一览", h) for h in head} <= documented and {("评测明细", h) for h in dhead} <= documented


def test_workbook_one_policy_and_a_bad_one(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.xlsx"
    ok(capsys, ws, "export-xlsx", "--out", str(out), "--policy", "xiamen-2024")
    head = [c.value for c in openpyxl.load_workbook(out)["企业一览"][1]]
    assert [h for h in head if str(h).startswith("补贴估算")] == ["补贴估算（元）·xiamen-2024"]
    status, stdout, err = call(capsys, ws, "export-xlsx", "--out", str(tmp_path / "y.xlsx"), "--policy", "nowhere")
    assert (status, stdout) == (2, "") and "policy" in err and not (tmp_path / "y.xlsx").exists()


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_dossier_zip_listed_and_hashes_match(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dossier.zip"
    assert ok(capsys, ws, "dossier", USCC, "--out", str(out)).strip() == str(out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        files = {n.split("/", 1)[1]: archive.read(n) for n in names}
    folder = names[0].split("/", 1)[0]
    assert folder == "=HYPERLINK(_x_)厦门示例电子有限公司-91350100M000100Y43-一企一档"  # quotes made safe
    assert sorted(files) == sorted([
        "00-目录.pdf", "01-改造前评测报告-2026-03-01.pdf", "02-改造后评测报告-2026-09-01.pdf",
        "03-改造前后对比报告.pdf", "04-诊断报告-改造前.pdf", "评测包/before.sdap", "证据/改造前/Q1-台账.txt",
        "改造项目/项目-HT_2026-001.json", "改造项目/项目-HT_2026-001.pdf"])  # fmt: skip
    assert files["评测包/before.sdap"] == (tmp_path / "before.sdap").read_bytes()
    assert files["证据/改造前/Q1-台账.txt"] == "设备台账 2026\n".encode()
    project = json.loads(files["改造项目/项目-HT_2026-001.json"])
    assert (project["contract_no"], project["invested"], project["baseline"], project["after"]) == (
        "HT/2026-001", 850_000, 1, 2)  # fmt: skip
    index = re.sub(r"\s+", "", _pdf_text(files["00-目录.pdf"]))
    for name, data in files.items():
        if name == "00-目录.pdf":
            continue
        assert re.sub(r"\s+", "", name) in index, name
        assert "sha256:" + hashlib.sha256(data).hexdigest() in index, name
    assert "2026-03-01" in index and "2026-09-01" in index
    assert (tmp_path / "fingerprint.txt").read_text("utf-8") in index
    assert "改造后评测包：评测2尚未导出评测包" in index  # what is missing is said
    assert "改造前后对比报告" in _pdf_text(files["03-改造前后对比报告.pdf"])
    assert "诊断" in _pdf_text(files["04-诊断报告-改造前.pdf"])
    assert "HT/2026-001" in _pdf_text(files["改造项目/项目-HT_2026-001.pdf"])
    assert not list(tmp_path.glob(".dossier.zip.*"))


def test_a_receiving_workspace_keeps_imported_packages_for_the_dossier(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A programme receives packages by import: its dossier holds each package as received, and its evidence."""
    received = tmp_path / "programme"
    public = tmp_path / "key.pub.pem"
    ok(capsys, ws, "keys", "--key-file", str(tmp_path / "key.pem"), "--export-public", str(public))
    refused = call(capsys, received, "import", str(tmp_path / "before.sdap"))  # untrusted key: refused, not kept
    assert refused[0] != 0
    assert not (received / "packages").exists() or not [p for p in (received / "packages").rglob("*") if p.is_file()]
    ok(capsys, received, "import", str(tmp_path / "before.sdap"), "--trust", str(public))
    out = tmp_path / "received.zip"
    ok(capsys, received, "dossier", USCC, "--out", str(out))
    with zipfile.ZipFile(out) as archive:
        files = {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}
    assert files["评测包/改造前评测包-2026-03-01.sdap"] == (tmp_path / "before.sdap").read_bytes()
    assert files["证据/改造前/Q1-台账.txt"] == "设备台账 2026\n".encode()
    index = re.sub(r"\s+", "", _pdf_text(files["00-目录.pdf"]))
    assert "导入的原件" in index and "工作区不保存导入的文件" not in index
    assert "sha256:" + hashlib.sha256(files["评测包/改造前评测包-2026-03-01.sdap"]).hexdigest() in index


def test_dossier_folder_and_all(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = Path(ok(capsys, ws, "dossier", "2", "--out", str(tmp_path / "out")).strip())
    assert target.parent == tmp_path / "out" and target.name == "东莞示例五金厂-91350200MA2XN5XK0P-一企一档"
    assert [p.name for p in target.iterdir()] == ["00-目录.pdf"]  # a draft only: nothing else, the index says why
    index = re.sub(r"\s+", "", _pdf_text((target / "00-目录.pdf").read_bytes()))
    assert "没有已定稿的改造前评测" in index and "还没有登记改造项目" in index
    ok(capsys, ws, "dossier", "2", "--out", str(tmp_path / "out"))  # again: replaced, no leftovers
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [target.name]
    status, out, err = call(capsys, ws, "dossier", "--all", "--out", str(tmp_path / "all"))
    assert status == 0, err
    assert err.splitlines()[-1].startswith("[2/2] ") and "[1/2] 91350100M000100Y43" in err
    assert sorted(Path(line).name for line in out.splitlines()) == sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(out.splitlines()) == 2
    assert call(capsys, ws, "dossier", "--out", str(tmp_path / "z"))[0] == 2
    assert call(capsys, ws, "dossier", "999", "--out", str(tmp_path / "z.zip"))[0] == 2


def test_display_width_and_formula_prefixes() -> None:
    assert display_width("ab") == 2 and display_width("企业") == 4 and display_width("ＡＢ") == 4
    assert all(is_formula_like(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", " =x", "\t=x"))
    assert not any(is_formula_like(t) for t in ("厦门", "1-2", "", "a=b"))
