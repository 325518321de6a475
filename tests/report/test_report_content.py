"""What the reports print (issue 13, "The report" and "The comparison report"): every enterprise detail, the
signers and how to verify, 9 pt text, embedded monospace digests, and the comparison as an acceptance document."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.core.compare import compare
from app.core.form import Form
from app.core.scoring import score
from app.report import find_cjk_font, render_assessment_report, render_comparison_report
from app.report.comparison import limit_sentence
from app.report.layout import MIN_TEXT_SIZE, digest_lines, make_styles
from app.report.samples import (
    SAMPLE_ASSESSOR_KEY,
    SAMPLE_BASELINE_PACKAGE_FINGERPRINT,
    SAMPLE_ENTERPRISE_KEY,
    SAMPLE_PACKAGE_FINGERPRINT,
    baseline_answers,
    demo_record,
    sample_options,
    sample_reports,
)
from app.services.texts import bundled_commitment
from tests.report import inspect_pdf, squash
from tests.report.test_typesetting import needs_pdftotext, pages_of


@pytest.fixture(scope="module")
def rendered(form: Form) -> dict[str, bytes]:
    options = sample_options(find_cjk_font(), bundled_commitment())
    reports = sample_reports(form, options)
    names = ("assessment-after", "answers-incomplete", "assessment-draft-empty", "comparison")
    return {name: reports[name]() for name in names}


def flat(data: bytes) -> str:
    return squash("\n".join("\n".join(page) for page in pages_of(data)))


@needs_pdftotext
def test_every_entered_enterprise_detail_is_printed_with_the_industry_name(rendered: dict[str, bytes]) -> None:
    """Finding: 专精特新, 主要产品, contact, 试点细分行业, 牵引单位 are missing; the industry shows as "C 34"."""
    text = flat(rendered["assessment-after"])
    for value in ("专精特新中小企业", "数控机床精密零部件", "王芳", "0512-65551234", "通用设备制造（数控机床零部件）",
                  "苏州工业互联网创新中心有限公司", "C34通用设备制造业"):  # fmt: skip
        assert squash(value) in text, value
    assert squash(flat(rendered["comparison"])).count("苏州工业互联网创新中心有限公司") >= 1


@needs_pdftotext
def test_signers_assessor_and_how_to_verify_are_printed(rendered: dict[str, bytes]) -> None:
    """Finding: the countersignature fingerprint and signer names are missing; no verification instructions."""
    text = flat(rendered["assessment-after"])
    for value in ("企业签名：王芳", "评测人员会签：李明", SAMPLE_ENTERPRISE_KEY, SAMPLE_ASSESSOR_KEY,
                  "苏州市中小企业数字化转型服务中心", "如何核验", "苏州恒创精密机械制造有限公司-改造后-2024-06-18.sdap",
                  SAMPLE_PACKAGE_FINGERPRINT, "sme-assessverify", "tools/verify.html"):  # fmt: skip
        assert squash(value) in text, value


@needs_pdftotext
def test_a_draft_has_no_verification_box_and_no_commitment_signatures(rendered: dict[str, bytes]) -> None:
    text = flat(rendered["answers-incomplete"])
    assert "如何核验" not in text
    assert squash("本报告为草稿") in text


SIGNED_ONLY = (SAMPLE_PACKAGE_FINGERPRINT, SAMPLE_BASELINE_PACKAGE_FINGERPRINT, SAMPLE_ENTERPRISE_KEY,
               SAMPLE_ASSESSOR_KEY, "提交包指纹", "评测包指纹", "企业签名：王芳", "评测人员会签：李明",
               "苏州恒创精密机械制造有限公司-改造后-2024-06-18.sdap")  # fmt: skip


@needs_pdftotext
@pytest.mark.parametrize("name", ["answers-incomplete", "assessment-draft-empty"])
def test_a_draft_prints_no_package_fingerprint_and_no_signers(rendered: dict[str, bytes], name: str) -> None:
    """A draft is neither signed nor exported: even with the options of an exported package it prints no package
    fingerprint, no signer line with its name, no signer's key."""
    text = flat(rendered[name])
    assert squash("本报告为草稿") in text
    printed = [value for value in SIGNED_ONLY if squash(value) in text]
    assert not printed


@needs_pdftotext
def test_a_finalized_report_prints_its_package_and_signers(rendered: dict[str, bytes]) -> None:
    text = flat(rendered["assessment-after"])
    missing = [
        value
        for value in SIGNED_ONLY
        if value not in (SAMPLE_BASELINE_PACKAGE_FINGERPRINT, "评测包指纹") and squash(value) not in text
    ]
    assert not missing


def test_paragraph_styles_are_at_least_9_pt(form: Form) -> None:
    """Finding: table text is 8.5 pt, digests 6.5 pt."""
    styles = make_styles(find_cjk_font())
    small = [(name, style.fontSize) for name, style in vars(styles).items()
             if hasattr(style, "fontSize") and name != "mono" and style.fontSize < MIN_TEXT_SIZE]  # fmt: skip
    assert not small
    assert styles.mono.fontSize >= 8.5


@pytest.mark.parametrize("name", ["assessment-after", "comparison"])
def test_rendered_text_is_never_below_9_pt_outside_page_furniture(rendered: dict[str, bytes], name: str) -> None:
    """Every text run in the page body (between header and footer), the chart labels included, is 9 pt or more;
    digests (8.5 pt, monospace) excepted."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered[name]))
    sizes: list[tuple[int, float, str]] = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: dict, size: float, n: int = number) -> None:
            y = cm[5] + tm[5] * cm[3]
            effective = size * (tm[3] or 1) * (cm[3] or 1)
            base = str((font or {}).get("/BaseFont", ""))
            if text.strip() and 70 < y < 760 and "Mono" not in base:
                sizes.append((n, round(effective, 2), text.strip()[:20]))

        page.extract_text(visitor_text=visit)
    chart_labels = {x[2] for x in sizes if x[2].endswith(" 分") or x[2] == "0"}
    assert chart_labels, "the drawn chart labels are among the runs checked"
    small = [x for x in sizes if x[1] < MIN_TEXT_SIZE - 0.01]
    assert not small, small[:20]


def test_digests_are_in_an_embedded_monospace_face(rendered: dict[str, bytes]) -> None:
    facts = inspect_pdf(rendered["assessment-after"])
    mono = [f for f in facts.fonts if "Mono" in f["base"] or "Courier" in f["base"]]
    assert mono, facts.fonts
    if find_cjk_font().mono != "Courier":
        assert all(f["embedded"] for f in mono)


def test_digest_lines_are_whole_or_two_fixed_halves() -> None:
    font = find_cjk_font()
    digest = "sha256:" + "0123456789abcdef" * 4
    assert digest_lines(digest, 1000, font) == [digest]
    assert digest_lines(digest, 170, font) == ["sha256:", "0123456789abcdef" * 2, "0123456789abcdef" * 2]


@needs_pdftotext
def test_comparison_is_an_acceptance_document(form: Form, rendered: dict[str, bytes]) -> None:
    """Findings: no rule table for the after state, no 达到二级：是/否, no acceptance block, no evidence list and no
    package fingerprints."""
    text = flat(rendered["comparison"])
    for value in ("改造后数字化水平：二级；达到二级：是", "未达到三级的原因", "前次评测（改造前）：总分",
                  "后次评测（改造后）：总分", "验收意见", "验收结论", "企业（盖章）", "牵引单位（盖章）",
                  "验收专家（签字）", "前次评测（改造前）（第7号评测）", "后次评测（改造后）（第12号评测）",
                  "MES工单截图_2024年5月.png", "财务软件截图.png", SAMPLE_PACKAGE_FINGERPRINT,
                  SAMPLE_BASELINE_PACKAGE_FINGERPRINT):  # fmt: skip
        assert squash(value) in text, value
    assert text.count(squash("场景条件")) >= 2  # both rule tables


def test_why_not_higher_names_the_part_of_the_rule_that_limits(form: Form) -> None:
    """Finding: "二级 → 二级" beside "总分等级 提升1级" with no reason. Enough points, too few scenes: it says so."""
    answers = baseline_answers(form)
    best: dict[str, str | tuple[str, ...]] = {}
    for q in form.questions:
        top = max(q.options, key=lambda o: o.points).id
        best[q.id] = (top,) if q.is_multi else top
    result = score(form, replace(answers, answers=best))
    assert result.score_level > result.level
    line = limit_sentence(form, result)
    assert "场景条件不满足" in line and "已满足二级的总分要求" in line
    assert result.total_score > Decimal(40)


@needs_pdftotext
def test_a_comparison_with_a_draft_says_so_and_has_no_acceptance_block(form: Form) -> None:
    from app.core.records import AssessmentStatus

    before = demo_record(form)
    after = replace(before, assessment=replace(before.assessment, status=AssessmentStatus.DRAFT))
    rb, ra = score(form, before.answers), score(form, after.answers)
    data = render_comparison_report(form, before, rb, after, ra, compare((form, before.answers, rb),
                                    (form, after.answers, ra)), replace(sample_options(find_cjk_font()),
                                    compared_packages=(SAMPLE_BASELINE_PACKAGE_FINGERPRINT, None)))  # fmt: skip
    pages = pages_of(data)
    assert all(any("草稿" in line for line in page) for page in pages)
    assert "验收意见" not in flat(data)
    assert not [value for value in SIGNED_ONLY if squash(value) in flat(data)]


def test_renderer_runs_without_options(form: Form) -> None:
    record = demo_record(form)
    assert render_assessment_report(form, record, record.answers, score(form, record.answers)).startswith(b"%PDF")


@needs_pdftotext
def test_the_report_inside_a_package_says_how_to_verify_that_package(form: Form) -> None:
    record = demo_record(form)
    inside = replace(sample_options(find_cjk_font()), package_fingerprint=None, package_file=None, signers=())
    text = flat(render_assessment_report(form, record, record.answers, score(form, record.answers), inside))
    assert squash("本报告随评测包一同签名") in text and SAMPLE_ENTERPRISE_KEY in text
    bare = replace(inside, signer_fingerprint=None)
    text = flat(render_assessment_report(form, record, record.answers, score(form, record.answers), bare))
    assert squash("本评测尚未导出签名评测包") in text
