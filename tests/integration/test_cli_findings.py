"""``findings set|show|report`` (issue 14): the consultant's findings and the 诊断报告 in PDF and Word, read back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, SAMPLES_DIR

USCC = "91350100M000100Y43"
FINDINGS: dict[str, Any] = {
    "pain_points": [
        {"item": "S06", "text": "生产进度靠纸质派工单，车间完工情况次日才能汇总"},
        {"item": "S07", "text": "质量检验记录在纸上，追溯一批次要翻查两天"},
        {"item": "Q6", "text": "办公网与生产网未隔离"},
    ],
    "needs": [
        {"title": "上线MES", "items": ["S06", "Q4"], "category": "制造", "priority": 1,
         "estimate_yuan": 600000, "measure": "部署轻量化MES并与ERP打通", "due": "2027-06-30"},
        {"title": "质量追溯系统", "items": ["S07"], "category": "制造", "priority": 2,
         "estimate_yuan": 180000, "measure": "扫码采集检验数据，按批次追溯", "due": "2027-03-31"},
        {"title": "网络安全加固", "items": ["Q6"], "category": "安全", "priority": 3,
         "estimate_yuan": 45000, "measure": "部署防火墙，办公网与生产网分区", "due": "2027-01-31"},
    ],
}  # fmt: skip


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=180, input=stdin,
    )  # fmt: skip


def ok(data_dir: Path, *args: str) -> str:
    out = run(data_dir, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


def below_level_two(tmp_path: Path) -> Path:
    document = json.loads((SAMPLES_DIR / "sample-complete.json").read_text("utf-8"))
    document["scenes"] = {k: min(v, 1) for k, v in document["scenes"].items()}
    path = tmp_path / "before.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, str]:
    d = tmp_path / "ws"
    ok(d, "enterprises", "add", "--name", "东莞市示例精密制造有限公司", "--uscc", USCC, "--industry", "C34",
       "--traction-unit", "东莞市数字化服务有限公司")  # fmt: skip
    aid = ok(d, "assessments", "new", "--enterprise", USCC, "--answers", str(below_level_two(tmp_path)),
             "--assessor", "张工").strip()  # fmt: skip
    return d, aid


@pytest.mark.slow
def test_findings_set_show_and_both_reports(workspace: tuple[Path, str], tmp_path: Path) -> None:
    d, aid = workspace
    file = tmp_path / "findings.json"
    file.write_text(json.dumps(FINDINGS, ensure_ascii=False), "utf-8")
    assert "825000" in ok(d, "findings", "set", aid, "--file", str(file))
    assert json.loads(ok(d, "findings", "show", aid, "--json")) == FINDINGS
    shown = ok(d, "findings", "show", aid)
    assert "上线MES" in shown and "Manufacturing" in shown and "生产执行数字化" in shown

    pdf = tmp_path / "诊断报告.pdf"
    ok(d, "findings", "report", aid, "--out", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    for words in ("中小企业数字化转型诊断报告", "企业基本情况", "东莞市示例精密制造有限公司", "数字化基础",
                  "主要痛点", "生产执行数字化", "需求清单", "825,000", "尚未覆盖", "厦门", "250,000", "均为估算",
                  "实施进度安排", "数字化牵引单位（盖章）", "企业（盖章）", "草稿"):  # fmt: skip
        assert words in text, words

    word = tmp_path / "诊断报告.docx"
    ok(d, "findings", "report", aid, "--out", str(word))
    document = docx.Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[0] == "一、企业基本情况" and "四、需求清单" in headings and "八、确认" in headings
    needs_table = next(t for t in document.tables if t.rows[0].cells[1].text == "需求")
    assert [r.cells[1].text for r in needs_table.rows[1:-1]] == ["上线MES", "质量追溯系统", "网络安全加固"]
    assert needs_table.rows[-1].cells[0].text == "合计" and needs_table.rows[-1].cells[6].text == "825,000"
    schedule = next(t for t in document.tables if t.rows[0].cells[0].text == "计划完成")
    assert [r.cells[0].text for r in schedule.rows[1:-1]] == ["2027-01-31", "2027-03-31", "2027-06-30"]
    xml = document.element.xml
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="黑体"' in xml and "w:tblBorders" in xml
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


@pytest.mark.slow
def test_bad_findings_exit_2_naming_the_field(workspace: tuple[Path, str], tmp_path: Path) -> None:
    d, aid = workspace
    cases = {
        "needs[0].category": {"needs": [dict(FINDINGS["needs"][0], category="制作")]},
        "needs[0].items[0]": {"needs": [dict(FINDINGS["needs"][0], items=["S99"])]},
        "needs[0].estimate_yuan": {"needs": [dict(FINDINGS["needs"][0], estimate_yuan=-5)]},
        "pain_points[0].item": {"pain_points": [{"item": "Q0", "text": "x"}]},
    }
    for field, document in cases.items():
        file = tmp_path / "bad.json"
        file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
        out = run(d, "findings", "set", aid, "--file", str(file))
        assert out.returncode == 2 and f"{field}: " in out.stderr, (field, out.stderr)
    big = tmp_path / "big.json"
    big.write_text(" " * 1_000_001 + "{}", "utf-8")
    out = run(d, "findings", "set", aid, "--file", str(big))
    assert out.returncode == 2 and "1,000,000 bytes" in out.stderr
    surrogate = run(
        d, "findings", "set", aid, "--file", "-", stdin='{"pain_points": [{"item": "S06", "text": "\\ud800"}]}'
    )
    assert surrogate.returncode == 2 and "pain_points[0].text" in surrogate.stderr
    unknown = run(d, "findings", "report", aid, "--out", str(tmp_path / "r.odt"))
    assert unknown.returncode == 2 and ".docx" in unknown.stderr
    assert json.loads(ok(d, "findings", "show", aid, "--json")) == {"pain_points": [], "needs": []}
    ok(d, "assessments", "finalize", aid)
    file = tmp_path / "f.json"
    file.write_text(json.dumps(FINDINGS, ensure_ascii=False), "utf-8")
    frozen = run(d, "findings", "set", aid, "--file", str(file))
    assert frozen.returncode == 2 and "finalized" in frozen.stderr
