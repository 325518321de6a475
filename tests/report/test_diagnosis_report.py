"""The 诊断报告 (issue 14): one content model, the same figures in the PDF and in the Word document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import docx

from app.core.findings import Findings, parse_findings
from app.core.form import Form
from app.core.scoring import score
from app.report.diagnosis import DiagnosisContent, Grid, Heading, diagnosis_content, render_diagnosis_pdf
from app.report.diagnosis_docx import render_diagnosis_docx
from app.report.pdf import ReportOptions
from tests.report import inspect_pdf, level_one_answers, make_record
from tests.unit.test_findings import ISSUE_DOCUMENT

GENERATED = datetime(2026, 12, 2, 9, 0)


@dataclass(frozen=True)
class Estimate:
    """A subsidy estimate as app.core.policy will hand it in (the fields the report reads)."""

    policy: str
    basis: str
    eligible: bool
    estimate: int | None
    upper_bound: bool
    notes: Sequence[str]


def content(form: Form, findings: Findings, estimates: Sequence[Estimate] = ()) -> DiagnosisContent:
    answers = level_one_answers(form)
    return diagnosis_content(form, make_record(form, answers), score(form, answers), findings, estimates, GENERATED)


def test_sections_in_order_and_the_needs_total(form: Form) -> None:
    findings = parse_findings(ISSUE_DOCUMENT, form.item_ids)
    c = content(form, findings)
    headings = [label + b.text for label, b in c.numbered() if isinstance(b, Heading) and b.level == 1]
    assert headings == ["一、企业基本情况", "二、改造前评测结果", "三、主要痛点（按业务领域）", "四、需求清单",
                        "五、达到二级的路径", "六、预计投入与补助估算", "七、实施进度安排", "八、确认"]  # fmt: skip
    needs = next(b for b in c.blocks if isinstance(b, Grid) and b.head[1] == "需求")
    assert needs.total is not None and needs.total[6] == "600,000"


def test_without_a_policy_no_subsidy_is_estimated(form: Form) -> None:
    pdf = inspect_pdf(render_diagnosis_pdf(content(form, parse_findings(ISSUE_DOCUMENT, form.item_ids)),
                                           ReportOptions(generated_at=GENERATED)))  # fmt: skip
    assert "未选择适用的地方补助政策" in pdf.flat and "估算" in pdf.flat


def test_estimates_are_labelled_with_policy_and_clause_in_both_formats(form: Form) -> None:
    estimates = [
        Estimate("厦门市 xiamen-2024", "第八条：按实际投入的40%给予补助，二级最高25万元", True, 240_000, False,
                 ("按实际投入测算",)),
        Estimate("东莞市 dongguan-2024", "中央资金最高50万元", True, 500_000, True, ()),
        Estimate("广州市 guangzhou-2024", "按核定投入的一定比例", True, None, False, ("政策未规定比例",)),
    ]  # fmt: skip
    c = content(form, parse_findings(ISSUE_DOCUMENT, form.item_ids), estimates)
    pdf = inspect_pdf(render_diagnosis_pdf(c, ReportOptions(generated_at=GENERATED)))
    for words in ("补助估算", "厦门市xiamen-2024", "第八条", "240,000", "不超过500,000", "政策未规定金额"):
        assert words in pdf.flat, words
    document = docx.Document(io.BytesIO(render_diagnosis_docx(c)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "政策")
    assert [r.cells[2].text for r in table.rows[1:]] == ["240,000", "不超过 500,000", "政策未规定金额"]
    assert "第八条" in table.rows[1].cells[1].text


def test_pain_points_grouped_by_business_area_and_uncovered_steps(form: Form) -> None:
    findings = parse_findings(
        {"pain_points": [{"item": "Q6", "text": "办公网与生产网未隔离"}, {"item": "S06", "text": "纸质派工单"},
                         {"item": "Q4", "text": "数据靠手工录入"}]}, form.item_ids)  # fmt: skip
    c = content(form, findings)
    document = docx.Document(io.BytesIO(render_diagnosis_docx(c)))
    subheads = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "数字化基础（2 项）" in subheads and "生产执行数字化（1 项）" in subheads
    path = next(t for t in document.tables if t.rows[0].cells[-1].text == "覆盖的需求")
    assert {r.cells[-1].text for r in path.rows[1:]} == {"尚未覆盖"}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "个步骤未被需求覆盖" in text
