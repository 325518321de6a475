"""The assessment report: its text, its fonts, its footer, reproducibility and page breaking."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.answers import MAX_NOTE_LENGTH, AnswerSet
from app.core.form import Form
from app.core.records import AssessmentKind, AssessmentRecord, AssessmentStatus
from app.core.scoring import score
from app.core.texts import CommitmentText
from app.report import find_cjk_font, render_assessment_report, reproducible_options
from app.report.fonts import ENV_VAR
from app.report.pdf import REPRODUCIBLE_DOCUMENT_ID, ReportOptions
from app.services.forms import FormRegistry
from app.services.texts import bundled_commitment
from tests.report import (
    ENTERPRISE,
    SHA,
    PdfFacts,
    evidence,
    inspect_pdf,
    level_one_answers,
    level_two_answers,
    make_record,
    squash,
)
from tests.report.test_fonts import needs_cjk_font

HEADINGS = (
    "评测结果摘要",
    "等级判定规则与本次结果",
    "评测图表",
    "评测题目作答明细",
    "业务场景等级明细",
    "附录指标文本说明",
    "填报数据一致性提示",
    "佐证材料清单",
    "真实性承诺",
    "校验信息",
)


def render(form: Form, record: AssessmentRecord | None, answers: AnswerSet, **options: object) -> bytes:
    options.setdefault("commitment", bundled_commitment())
    return render_assessment_report(form, record, answers, score(form, answers), reproducible_options(**options))


@pytest.fixture(scope="module")
def level_two(form: Form) -> tuple[AssessmentRecord, bytes, PdfFacts]:
    answers = level_two_answers(form)
    record = make_record(form, answers, on_site=True, kind=AssessmentKind.AFTER, evidence=evidence())
    data = render(form, record, answers, package_fingerprint="PKG-FP-0123456789abcdef", signer_fingerprint="SIG-FP-42")
    return record, data, inspect_pdf(data)


def test_text_has_headings_enterprise_score_and_level(
    form: Form, level_two: tuple[AssessmentRecord, bytes, PdfFacts]
) -> None:
    record, _, facts = level_two
    result = score(form, record.answers)
    assert result.total_score == Decimal("45.7") and result.level == 2
    flat = facts.flat
    for heading in HEADINGS:
        assert heading in flat, heading
    assert "中小企业数字化水平评测报告" in flat
    assert ENTERPRISE.name in flat
    assert ENTERPRISE.uscc in flat
    assert "总分45.7/100分" in flat
    assert "综合评定等级" in facts.page_texts[0] and "二级" in facts.page_texts[0]
    assert "改造后" in facts.page_texts[0] and "现场评定" in facts.page_texts[0]
    assert "王芳" in flat and "宁波市数字化转型促进中心" in flat
    assert form.content_hash in flat


def test_every_answer_scene_and_official_text_is_printed(
    form: Form, level_two: tuple[AssessmentRecord, bytes, PdfFacts]
) -> None:
    record, _, facts = level_two
    flat = facts.flat
    for q in form.questions:
        assert squash(q.text) in flat, q.id
        for oid in record.answers.selected(q.id):
            option = q.option(oid)
            assert option is not None
            assert squash(option.text) in flat, (q.id, oid)
    for s in form.scenes:
        level = record.answers.scenes[s.id]
        assert squash(s.name) in flat
        if level:
            assert squash(s.levels[level]) in flat, s.id
    # Data-entry figures with units, and the notes.
    assert "其中生产设备数量为120台" in flat
    assert "具体数据35%" in flat
    assert "ERP与MES两套系统。" in flat


def test_rule_table_plan_warnings_evidence_and_verification(
    form: Form, level_two: tuple[AssessmentRecord, bytes, PdfFacts]
) -> None:
    record, _, facts = level_two
    result = score(form, record.answers)
    flat = facts.flat
    assert form.level_rule.source_note and squash(form.level_rule.source_note) not in flat  # provenance
    # Level two reached: the plan is to level three.
    assert "已达到二级" in flat and "达到三级的改进计划" in flat
    assert result.gap_to_next_level is not None
    for step in result.gap_to_next_level.scene_steps:
        assert squash(step.text) in flat
    # Q3's networked devices exceed Q2's devices: the warning is printed.
    assert result.warnings
    for w in result.warnings:
        assert squash(w.message) in flat
    assert SHA in flat and "ERP上线验收报告.pdf" in flat
    assert record.content_digest() in flat
    assert "SIG-FP-42" in flat and "PKG-FP-0123456789abcdef" in flat
    # The font is not printed at all (issue 13: no local file names or paths in the report).
    font = find_cjk_font()
    if font.path:
        assert "字体" not in flat and Path(font.path).name not in flat and str(Path(font.path).parent) not in flat
    assert REPRODUCIBLE_DOCUMENT_ID in flat
    # On-site: signature lines for the enterprise and the assessor.
    assert "企业（盖章）" in flat and "评测人员（签字）" in flat


def test_the_commitment_printed_is_the_one_passed_word_for_word(
    form: Form, level_two: tuple[AssessmentRecord, bytes, PdfFacts]
) -> None:
    record, _, facts = level_two
    assert squash(bundled_commitment().text) in facts.flat
    assert "拟定" not in facts.flat and "以其为准" not in facts.flat
    other = CommitmentText("truthfulness-commitment", 9, "本企业承诺：另一版本的文本，用于检验报告只印所传入的文本。")
    flat = inspect_pdf(render(form, record, record.answers, commitment=other)).flat
    assert squash(other.text) in flat and squash(bundled_commitment().text) not in flat
    without = inspect_pdf(render(form, record, record.answers, commitment=None)).flat
    assert "真实性承诺" not in without and "企业（盖章）" not in without


def test_every_page_has_the_footer(level_two: tuple[AssessmentRecord, bytes, PdfFacts]) -> None:
    record, _, facts = level_two
    digest = record.content_digest()
    assert facts.pages >= 8
    for number, page in enumerate(facts.page_texts, start=1):
        flat = squash(page)
        assert f"第{number}页/共{facts.pages}页" in flat
        assert digest in flat
        assert "PKG-FP-0123456789abcdef" in flat


@needs_cjk_font
def test_cjk_font_is_embedded_as_a_subset(level_two: tuple[AssessmentRecord, bytes, PdfFacts]) -> None:
    _, _, facts = level_two
    choice = find_cjk_font()
    assert choice.embedded
    cjk = [f for f in facts.fonts if f["base"] != "/Helvetica"]
    assert cjk
    for font in cjk:
        assert re.fullmatch(r"/[A-Z]{6}\+.+", font["base"]), font
        assert font["fontfile2"], font


def test_fallback_font_renders_without_embedding(form: Form) -> None:
    answers = level_two_answers(form)
    record = make_record(form, answers)
    fallback = find_cjk_font(env={ENV_VAR: "none"})
    facts = inspect_pdf(render(form, record, answers, font=fallback))
    assert all(not f["embedded"] for f in facts.fonts)
    assert any("STSong-Light" in f["base"] for f in facts.fonts)
    assert "评测结果摘要" in facts.flat
    assert ENTERPRISE.name in facts.flat
    assert "未嵌入" not in facts.flat  # the font is the log's and `diagnose`'s business, not the report's


def test_reproducible_mode_is_byte_identical(form: Form) -> None:
    answers = level_two_answers(form)
    record = make_record(form, answers, evidence=evidence())
    first = render(form, record, answers)
    second = render(form, record, answers)
    assert first == second
    other_id = render(form, record, answers, document_id="another-document")
    assert other_id != first
    info = inspect_pdf(first).info
    assert info["/CreationDate"].startswith("D:20240101000000")


def test_default_options_stamp_a_fresh_document_id(form: Form) -> None:
    answers = level_two_answers(form)
    result = score(form, answers)
    a = render_assessment_report(form, None, answers, result, ReportOptions())
    b = render_assessment_report(form, None, answers, result, ReportOptions())
    assert a != b


def test_reproducible_options_reject_unknown_names() -> None:
    with pytest.raises(TypeError):
        reproducible_options(colour="red")
    assert reproducible_options(app_version="1.2").app_version == "1.2"


def test_report_from_an_answer_document_alone(form: Form) -> None:
    answers = level_two_answers(form)
    facts = inspect_pdf(render(form, None, answers))
    flat = facts.flat
    assert "未登记" in facts.page_texts[0]
    assert "答卷摘要" in flat
    assert "评测结果摘要" in flat and "二级" in flat
    assert "未关联佐证材料" in flat


def test_below_level_two_the_plan_quotes_official_texts(form: Form) -> None:
    answers = level_one_answers(form)
    result = score(form, answers)
    assert result.level == 1
    facts = inspect_pdf(render(form, make_record(form, answers), answers))
    flat = facts.flat
    assert "达到二级的改进计划" in flat
    plan = result.gap_to_level_2
    assert plan.question_steps and plan.scene_steps
    for qstep in plan.question_steps:
        for option in qstep.options:
            assert squash(option.text) in flat, qstep.question_id
    for sstep in plan.scene_steps:
        assert squash(sstep.text) in flat, sstep.scene_id
    assert f"总分再增加{plan.points_needed.normalize():f}分" in flat
    # Self-assessment: only the enterprise signs.
    assert "企业（盖章）" in flat and "评测人员（签字）" not in flat


def test_empty_draft_says_below_level_one_and_incomplete(form: Form) -> None:
    answers = AnswerSet(form.id)
    record = make_record(form, answers, status=AssessmentStatus.DRAFT)
    facts = inspect_pdf(render(form, record, answers))
    first = squash(facts.page_texts[0])
    assert "未达到一级" in first
    assert "本次评测尚未完成：31项未作答" in first
    assert "草稿" in first
    assert "未作答" in facts.flat


def test_top_level_has_no_further_plan(form: Form) -> None:
    answers = AnswerSet(
        form.id,
        answers={
            q.id: tuple(o.id for o in q.options if not o.exclusive)
            if q.is_multi
            else max(q.options, key=lambda o: o.points).id
            for q in form.questions
        },
        scenes={s.id: 4 for s in form.scenes},
    )
    result = score(form, answers)
    assert result.level == 4
    flat = inspect_pdf(render(form, make_record(form, answers), answers)).flat
    assert "已达到最高等级" in flat and "四级" in flat


@pytest.mark.slow
def test_long_notes_break_tables_across_pages(form: Form) -> None:
    base = level_two_answers(form)
    short = inspect_pdf(render(form, make_record(form, base), base))
    sentence = "现场核查时已逐项比对原始记录与系统截图，数据口径与财务报表一致。"
    notes = {item: f"{item}备注：{(sentence * 100)[:2_000]}（完）" for item in form.item_ids}
    notes["Q1"] = (sentence * 400)[: MAX_NOTE_LENGTH - 3] + "（完）"  # the longest note allowed
    answers = replace(base, notes=notes)
    record = make_record(form, answers)
    facts = inspect_pdf(render(form, record, answers))
    assert facts.pages > short.pages + 20
    flat = facts.flat
    # Every note is printed in full (its end is there), and the table rows point to it.
    assert flat.count("（完）") == len(form.item_ids)
    assert "全文见“备注全文”部分" in flat
    for number, page in enumerate(facts.page_texts, start=1):
        assert f"第{number}页/共{facts.pages}页" in squash(page)


def test_long_unbroken_text_and_names_still_render(form: Form) -> None:
    base = level_two_answers(form)
    url = "https://example.com/" + "a1b2c3d4" * 40
    answers = replace(base, notes={"Q1": url[:140], "S01": url})
    enterprise = replace(ENTERPRISE, name="超长名称" * 30 + "有限公司")
    ev = replace(evidence()[0], filename="x" * 180 + ".pdf", description="说明" * 200)
    record = make_record(form, answers, enterprise=enterprise, evidence=(ev,))
    facts = inspect_pdf(render(form, record, answers))
    assert squash(enterprise.name) in facts.flat
    assert facts.pages >= 8


def test_a_record_for_another_form_hash_is_flagged(form: Form) -> None:
    answers = level_two_answers(form)
    record = make_record(form, answers)
    stale = replace(record, assessment=replace(record.assessment, form_hash="sha256:" + "0" * 64))
    flat = inspect_pdf(render(form, stale, answers)).flat
    assert "问卷哈希与生成本报告所用问卷的哈希不一致" in flat


def test_level_names_and_the_target_level_come_from_the_form(form: Form) -> None:
    rule = form.level_rule
    levels = tuple(replace(row, name="贰级") if row.level == 2 else row for row in rule.levels)
    variant = replace(form, level_rule=replace(rule, levels=levels, target_level=3))
    answers = level_two_answers(variant)
    result = score(variant, answers)
    assert result.level == 2 and result.gap_to_level_2.target_level == 3
    facts = inspect_pdf(render(variant, make_record(variant, answers), answers))
    first, flat = squash(facts.page_texts[0]), facts.flat
    assert "贰级" in first and "总分等级贰级" in first
    # The plan and the scene chart aim at the form's target (三级), not at a fixed 二级.
    assert "达到三级的改进计划" in flat and "三级目标线" in flat
    assert "达到三级及以上的场景" in flat and "达到二级的改进计划" not in flat
    assert f"下表列出全部{len(variant.questions)}道评测题目" in flat
    assert f"图2{len(variant.scenes)}个业务场景的等级" in flat


def test_the_2022_level_descriptions_print_only_under_their_label(registry: FormRegistry) -> None:
    r1, r2 = registry.get("miit-2024", 1), registry.get("miit-2024", 2)
    on_r2 = squash(inspect_pdf(render(r2, None, level_two_answers(r2))).flat)
    text, label = r2.level_descriptions[2][0], r2.level_descriptions_label[0]
    assert squash(text) in on_r2 and squash(label) in on_r2
    on_r1 = squash(inspect_pdf(render(r1, None, level_two_answers(r1))).flat)
    assert squash(text) not in on_r1  # revision 1 gives them no label: they are not shown
    assert "仅供理解" not in on_r1 and "未能获取" not in on_r1
