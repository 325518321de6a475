"""The assessment report and the before/after comparison report as PDF (ReportLab platypus, Chinese text)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.core.answers import AnswerSet
from app.core.compare import Comparison
from app.core.form import Form, Question, canonical_json_bytes
from app.core.planner import Plan, QuestionStep, SceneStep
from app.core.records import AssessmentRecord, AssessmentStatus
from app.core.scoring import ScoreResult
from app.report.charts import DimensionBar, dimension_chart, scene_chart
from app.report.fonts import FontChoice, find_cjk_font
from app.report.layout import (
    ACCENT,
    BAD,
    CONTENT_WIDTH,
    GOOD,
    MUTED,
    DocumentInfo,
    PageDecor,
    Styles,
    build_pdf,
    cn_date,
    cn_datetime,
    coloured,
    data_table,
    digest_of,
    key_value_table,
    make_styles,
    markup,
    notice_box,
    num,
    para,
    percent,
    signed,
    text,
)

REPORT_TITLE = "中小企业数字化水平评测报告"
COMPARISON_TITLE = "中小企业数字化水平改造前后对比报告"
REPRODUCIBLE_TIMESTAMP = datetime(2024, 1, 1, 0, 0, 0)
REPRODUCIBLE_DOCUMENT_ID = "00000000-0000-4000-8000-000000000000"
TARGET_LEVEL = 2
NOTE_INLINE_LIMIT = 150  # longer notes are shortened in tables and printed in full in their own section
NOTE_EXCERPT = 90
NOTES_TITLE = "备注全文"

COMMITMENT_TEXT = (
    "本企业郑重承诺：本次评测所填报的企业信息、各项指标的选择、填报数据及所附佐证材料均真实、准确、完整，"
    "与企业实际情况相符，不存在虚报、瞒报或伪造等情况。本企业知悉评测结果可能用于相关政策的申报与认定，"
    "如有不实，愿承担由此产生的一切责任。"
)
ASSESSOR_TEXT = "评测人员声明：本人已于现场对上述评测内容及佐证材料进行了核查，评定意见客观、公正，与现场核查情况相符。"
COMMITMENT_SOURCE_NOTE = (
    "注：官方评测系统中真实性承诺的原文未能获取，以上文本由本软件拟定；如主管部门另有规定格式，以其为准。"
)
DIGEST_SCOPE = (
    "内容摘要按规范化 JSON 计算（SHA-256），范围为：企业名称与统一社会信用代码、评测信息（编号、类型、问卷及其哈希、"
    "评测人员、评定方式、评测日期）、全部答案、填报数据与备注、佐证材料的文件名、大小与 SHA-256。"
    "任何一项改动都会使摘要改变；每页页脚均印有该摘要。"
)
ANSWERS_DIGEST_SCOPE = (
    "本报告依据答卷文件生成，未关联企业档案；答卷摘要为答卷内容（规范化 JSON）的 SHA-256，每页页脚均印有该摘要。"
)


@dataclass(frozen=True)
class ReportOptions:
    """How a report is stamped: time, document id, fingerprints, version, font."""

    generated_at: datetime | None = None  # None: now; fixed for reproducible output
    document_id: str | None = None  # None: random uuid; fixed for reproducible output
    package_fingerprint: str | None = None  # printed in the footer once the package is exported
    signer_fingerprint: str | None = None  # the signing key's fingerprint, printed in the verification block
    app_version: str = ""
    font: FontChoice | None = None  # None: find_cjk_font()


DEFAULT_OPTIONS = ReportOptions()


def reproducible_options(**overrides: Any) -> ReportOptions:
    """Return options with a fixed timestamp (2024-01-01T00:00:00) and document id, for byte-identical output."""
    known = {f.name for f in fields(ReportOptions)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown report options: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {"generated_at": REPRODUCIBLE_TIMESTAMP, "document_id": REPRODUCIBLE_DOCUMENT_ID}
    values.update(overrides)
    return ReportOptions(**values)


CN_NUMERALS = "一二三四五六七八九十"


class _Sections:
    """Numbers the top-level headings 一、二、… in the order they are laid out."""

    def __init__(self) -> None:
        self.count = 0

    def h1(self, title: str, s: Styles) -> Paragraph:
        self.count += 1
        n = self.count
        label = CN_NUMERALS[n - 1] if n <= 10 else "十" + CN_NUMERALS[n - 11]
        return para(f"{label}、{title}", s.h1)


@dataclass(frozen=True)
class _Stamp:
    styles: Styles
    generated_at: datetime
    document_id: str
    options: ReportOptions


def _keep(flowables: list[Flowable], room: float) -> list[Flowable]:
    """Keep a section on one page when it fits; when it does not, start a new page only if less than room is left."""
    return [KeepTogether(flowables, maxHeight=room)]


def _stamp(options: ReportOptions) -> _Stamp:
    font = options.font or find_cjk_font()
    generated = options.generated_at or datetime.now().astimezone()
    return _Stamp(make_styles(font), generated, options.document_id or str(uuid.uuid4()), options)


def level_name(form: Form, level: int) -> str:
    """Return the Chinese name of an overall level: 一级 … 四级, or 未达到一级 for 0."""
    if level <= 0:
        return form.scene_level_names.get(0, "未达到一级")
    try:
        return form.level_rule.threshold(level).name
    except KeyError:
        return f"{level}级"


def _scene_level_name(form: Form, level: int) -> str:
    return form.scene_level_names.get(level, "未达到一级" if level == 0 else f"{level}级")


def _creator(options: ReportOptions) -> str:
    return "sme-digital-assess" + (f" {options.app_version}" if options.app_version else "")


# --------------------------------------------------------------------------------------------------------------
# The assessment report


def render_assessment_report(
    form: Form,
    record: AssessmentRecord | None,
    answers: AnswerSet,
    result: ScoreResult,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> bytes:
    """Render the report of one assessment (record None: from an answer document alone) and return the PDF."""
    stamp = _stamp(options)
    s = stamp.styles
    if record is not None:
        digest = record.content_digest()
        digest_label = "内容摘要"
    else:
        digest = digest_of(canonical_json_bytes(answers.to_document()))
        digest_label = "答卷摘要"
    sec = _Sections()
    story: list[Flowable] = []
    story += _cover(form, record, answers, result, stamp)
    story.append(PageBreak())
    story += _summary(sec, form, result, s)
    story += _charts(sec, form, result, s)
    story += _plan_section(sec, form, answers, result, s)
    story += _answers_section(sec, form, answers, result, s)
    story += _keep(_scenes_section(sec, form, answers, result, s), 60 * mm)
    story += _full_notes_section(sec, form, answers, s)
    story += _keep(_source_notes_section(sec, form, answers, s), 60 * mm)
    story += _keep(_warnings_section(sec, form, result, s), 60 * mm)
    story += _keep(_evidence_section(sec, form, record, s), 60 * mm)
    story += _commitment_section(sec, record, s)
    story += _verification_section(sec, form, record, digest, digest_label, stamp)

    enterprise = record.enterprise.name if record is not None else "未登记企业（依据答卷文件）"
    footer = [f"{digest_label} {digest}"]
    second = f"文档编号 {stamp.document_id}"
    if options.package_fingerprint:
        second += f"　｜　提交包指纹 {options.package_fingerprint}"
    footer.append(second)
    draft = record is not None and record.assessment.status == AssessmentStatus.DRAFT
    header_right = enterprise + (f"｜{record.assessment.kind.label}" if record is not None else "")
    decor = PageDecor(REPORT_TITLE, header_right, tuple(footer), watermark="草稿" if draft else "")
    info = DocumentInfo(
        title=f"{REPORT_TITLE} - {enterprise}",
        subject=f"{form.title}；综合等级：{level_name(form, result.level)}；总分 {num(result.total_score)}",
        author=enterprise,
        creator=_creator(options),
        keywords=(form.id, digest, stamp.document_id),
        created=stamp.generated_at,
        document_id=stamp.document_id,
    )
    return build_pdf(story, s, decor, info)


def _cover(
    form: Form, record: AssessmentRecord | None, answers: AnswerSet, result: ScoreResult, stamp: _Stamp
) -> list[Flowable]:
    s = stamp.styles
    out: list[Flowable] = [Spacer(1, 14 * mm), para(REPORT_TITLE, s.title), Spacer(1, 3 * mm)]
    notice = f"（{form.notice}）" if form.notice else ""
    out.append(para(f"依据工业和信息化部《{form.title}》{notice}", s.subtitle))
    out.append(Spacer(1, 10 * mm))
    out.append(_level_box(form, result, s))
    out.append(Spacer(1, 10 * mm))
    rows: list[tuple[str, Any]] = []
    if record is None:
        rows += [
            ("企业名称", "未登记（本报告依据答卷文件生成，未关联企业档案）"),
            ("统一社会信用代码", "未登记"),
            ("评测信息", "未登记（评测类型、评测人员与评测日期均未记录）"),
        ]
    else:
        e, a = record.enterprise, record.assessment
        rows += [("企业名称", e.name), ("统一社会信用代码", e.uscc or "未填写")]
        industry = " ".join(x for x in (e.industry_section, e.industry_division) if x)
        if industry:
            rows.append(("所属行业（GB/T 4754）", industry))
        if e.region:
            rows.append(("所在地区", e.region))
        if e.size is not None:
            rows.append(("企业规模", e.size.label + ("（规上）" if e.above_scale else "")))
        rows.append(("评测类型", a.kind.label))
        rows.append(("评定方式", "现场评定" if a.on_site else "企业自评"))
        assessor = a.assessor
        if assessor.name or assessor.organisation:
            rows.append(("评测人员", assessor.name or "未填写"))
            rows.append(("所在机构", assessor.organisation or "未填写"))
            if assessor.role:
                rows.append(("角色", assessor.role))
        else:
            rows.append(("评测人员", "未填写"))
        rows.append(("评测日期", cn_date(a.assessed_on)))
        status = "已定稿" if a.status == AssessmentStatus.FINALIZED else "草稿（未定稿）"
        if a.finalized_at is not None and a.status == AssessmentStatus.FINALIZED:
            status += f"，定稿于 {cn_datetime(a.finalized_at)}"
        rows.append(("评测编号", f"第 {a.id} 号｜{status}"))
        if a.revision_of is not None:
            reason = f"：{_clip(a.revision_reason, 300)}" if a.revision_reason else ""
            rows.append(("更正说明", f"本评测更正第 {a.revision_of} 号评测{reason}"))
    rows.append(("评测问卷", f"{form.title}（{form.id}，第 {form.revision} 版）"))
    rows.append(("问卷哈希", form.content_hash))
    rows.append(("报告生成时间", cn_datetime(stamp.generated_at)))
    rows.append(("文档编号", stamp.document_id))
    out.append(key_value_table(rows, s))
    if not result.complete:
        out.append(Spacer(1, 5 * mm))
        out.append(_incomplete_box(result, s))
    return out


def _incomplete_box(result: ScoreResult, s: Styles) -> Flowable:
    missing = "、".join(result.missing)
    return notice_box(
        [
            para(
                f"本次评测尚未完成：{len(result.missing)} 项未作答（{missing}）。"
                "未作答的题目按 0 分计，未作答的场景按“未达到一级”计。",
                s.cell,
            )
        ]
    )


def _level_box(form: Form, result: ScoreResult, s: Styles) -> Flowable:
    level = level_name(form, result.level)
    colour = ACCENT if result.level >= TARGET_LEVEL else BAD
    level_style = s.level if len(level) <= 2 else s.level.clone("level_long", fontSize=34, leading=44)
    caption = (
        f"总分 {num(result.total_score)} / {num(form.max_total)} 分｜"
        f"总分等级 {level_name(form, result.score_level)}｜场景等级 {level_name(form, result.scene_level)}"
    )
    rows = [
        [para("综合评定等级", s.level_caption)],
        [markup(coloured(level, colour), level_style)],
        [para(caption, s.level_caption)],
    ]
    box = Table(rows, colWidths=[120 * mm], hAlign="CENTER")
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return box


def _met(flag: bool) -> str:
    return coloured("达标", GOOD) if flag else coloured("未达标", BAD)


def _summary(sec: _Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("评测结果摘要", s)]
    level = level_name(form, result.level)
    out.append(
        para(
            f"本次评测总分 {num(result.total_score)} 分（满分 {num(form.max_total)} 分），"
            f"总分等级为{level_name(form, result.score_level)}，场景等级为{level_name(form, result.scene_level)}，"
            f"综合评定等级为{level}。",
            s.body,
        )
    )
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("评测维度", "得分", "满分", "得分率")]]
    for d in form.dimensions:
        got = result.dimension_scores.get(d.id, Decimal(0))
        rows.append(
            [
                para(d.id, s.cell),
                para(num(got), s.cell),
                para(num(d.max_points), s.cell),
                para(percent(got, d.max_points), s.cell),
            ]
        )
    rows.append(
        [
            para("合计（总分）", s.cell_head),
            para(num(result.total_score), s.cell_head),
            para(num(form.max_total), s.cell_head),
            para(percent(result.total_score, form.max_total), s.cell_head),
        ]
    )
    out.append(para("各维度得分", s.h2))
    out.append(data_table(rows, [60 * mm, 35 * mm, 35 * mm, CONTENT_WIDTH - 130 * mm]))

    rule = form.level_rule
    out.append(para("等级判定规则与本次结果", s.h2))
    out.append(para(rule.description, s.body))
    head = (
        "等级",
        "总分要求",
        "总分条件",
        "该级及以上场景数\n实际 / 要求",
        "其中约束性场景\n实际 / 要求",
        "场景条件",
        "综合",
    )
    rows = [[para(h, s.cell_head) for h in head]]
    for rc in result.rule_checks:
        rows.append(
            [
                para(level_name(form, rc.level), s.cell),
                para(f"≥ {num(rc.min_score)} 分", s.cell),
                markup(_met(rc.score_met), s.cell),
                para(f"{rc.scenes} / {rc.min_scenes}", s.cell),
                para(f"{rc.constrained} / {rc.min_constrained}", s.cell),
                markup(_met(rc.scenes_met), s.cell),
                markup(coloured("满足", GOOD) if rc.met else coloured("不满足", BAD), s.cell),
            ]
        )
    widths = [16 * mm, 22 * mm, 20 * mm, 36 * mm, 34 * mm, 20 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    out.append(KeepTogether([data_table(rows, widths)]))
    out.append(
        para(
            f"本次总分 {num(result.total_score)} 分。场景按所选等级计入“该级及以上”的场景数；"
            "★ 表示约束性场景。综合等级取两项条件同时满足的最高等级。",
            s.note,
        )
    )
    if rule.source_note:
        out.append(para(f"规则来源说明：{rule.source_note}", s.note))
    if result.level in form.level_descriptions:
        desc, _ = form.level_descriptions[result.level]
        note = form.level_descriptions_note[0]
        out.append(para(f"等级描述（{level}）", s.h2))
        out.append(para(desc, s.body))
        if note:
            out.append(para(note, s.note))
    if not result.complete:
        out.append(_incomplete_box(result, s))
    return out


def _charts(sec: _Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    font = s.font.regular
    bars = [DimensionBar(d.id, d.max_points, (result.dimension_scores.get(d.id, Decimal(0)),)) for d in form.dimensions]
    out: list[Flowable] = [CondPageBreak(120 * mm), sec.h1("评测图表", s)]
    out.append(KeepTogether([para("图 1  各维度得分与满分", s.h2), dimension_chart(bars, font)]))
    out.append(Spacer(1, 4 * mm))
    out.append(
        KeepTogether(
            [
                para("图 2  16 个业务场景的等级（★ 约束性场景）", s.h2),
                scene_chart(form, [result.scene_levels], font),
                para(
                    f"达到二级及以上的场景 {result.scene_counts[1].scenes if len(result.scene_counts) > 1 else 0} 个"
                    f"（其中约束性 {result.scene_counts[1].constrained if len(result.scene_counts) > 1 else 0} 个）；"
                    "二级要求至少 6 个，其中约束性至少 3 个。",
                    s.note,
                ),
            ]
        )
    )
    return out


def _choice_text(question: Question, choice: Sequence[str]) -> str:
    """Return markup listing chosen options with their official texts (or 未作答)."""
    if not choice:
        return coloured("未作答", BAD)
    parts = []
    for oid in choice:
        option = question.option(oid)
        parts.append(f"{text(oid)}. {text(option.text)}" if option is not None else text(oid))
    return "<br/>".join(parts)


def _plan_section(sec: _Sections, form: Form, answers: AnswerSet, result: ScoreResult, s: Styles) -> list[Flowable]:
    plan: Plan | None = result.gap_to_level_2
    heading = "达到二级的改进计划"
    if result.level >= TARGET_LEVEL:
        plan = result.gap_to_next_level
        heading = "等级提升计划" if plan is None else f"达到{level_name(form, plan.target_level)}的改进计划"
    out: list[Flowable] = [PageBreak(), sec.h1(heading, s)]
    if result.level >= TARGET_LEVEL:
        if plan is None:
            out.append(
                para(f"本次评测已达到最高等级（{level_name(form, result.level)}），无需进一步的等级提升计划。", s.body)
            )
            return out
        out.append(
            para(
                f"本次评测已达到二级（综合等级：{level_name(form, result.level)}）。"
                f"以下为达到下一等级（{level_name(form, plan.target_level)}）的计划。",
                s.body,
            )
        )
    assert plan is not None
    target = level_name(form, plan.target_level)
    threshold = form.level_rule.threshold(plan.target_level)
    needs: list[str] = []
    if plan.points_needed > 0:
        needs.append(
            f"总分再增加 {num(plan.points_needed)} 分（现 {num(result.total_score)} 分，{target}要求不低于 "
            f"{num(threshold.min_score)} 分）"
        )
    if plan.scene_upgrades_needed > 0:
        needs.append(
            f"再有 {plan.scene_upgrades_needed} 个场景达到{target}"
            f"（其中约束性场景 {plan.constrained_upgrades_needed} 个；{target}要求至少 {threshold.min_scenes} 个场景"
            f"达到{target}及以上，其中约束性至少 {threshold.min_constrained} 个）"
        )
    if not needs:
        out.append(para(f"已满足{target}的全部条件。", s.body))
        return out
    out.append(para(f"达到{target}需要同时满足：" + "；".join(needs) + "。", s.body))
    out.append(
        para(
            "以下为工作量最少的方案：题目按提升步数最少（单选题提高一档、多选题增加一项各计一步）、"
            "同等步数下得分最多的原则选取；场景优先选择规则要求的约束性场景及离目标等级最近的场景。"
            "每一步均引用指标的官方表述，作为需要达到的具体要求。",
            s.note,
        )
    )
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("序号", "事项", "现状", "目标（官方表述）", "效果")]]
    number = 0
    for qstep in plan.question_steps:
        number += 1
        rows.append(_question_step_row(number, form, qstep, s))
    for sstep in plan.scene_steps:
        number += 1
        rows.append(_scene_step_row(number, form, sstep, s))
    widths = [11 * mm, 38 * mm, 40 * mm, 0.0, 22 * mm]
    widths[3] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    summary = []
    if plan.question_steps:
        summary.append(f"题目提升共 {plan.question_effort} 步，预计增加 {num(plan.points_gain)} 分")
    if plan.scene_steps:
        summary.append(f"场景提升 {len(plan.scene_steps)} 个")
    out.append(para("合计：" + "；".join(summary) + "。", s.note))
    return out


def _question_step_row(number: int, form: Form, step: QuestionStep, s: Styles) -> list[Any]:
    question = form.question(step.question_id)
    item = f"{text(step.question_id)} {text(step.question_text)}"
    current = _choice_text(question, step.from_choice) if question is not None else text(",".join(step.from_choice))
    if step.multi:
        goal = "增加选项：<br/>" + "<br/>".join(f"{text(o.id)}. {text(o.text)}" for o in step.options)
    else:
        goal = "提升至：<br/>" + "<br/>".join(f"{text(o.id)}. {text(o.text)}" for o in step.options)
    effect = f"+{num(step.points_gain)} 分<br/>{step.effort} 步"
    return [
        para(str(number), s.cell),
        markup(item, s.cell),
        markup(current, s.cell),
        markup(goal, s.cell),
        markup(effect, s.cell),
    ]


def _scene_step_row(number: int, form: Form, step: SceneStep, s: Styles) -> list[Any]:
    star = " ★约束性" if step.constrained else ""
    item = f"{text(step.scene_id)} {text(step.name)}{text(star)}"
    current = text(_scene_level_name(form, step.from_level))
    goal = f"达到{text(_scene_level_name(form, step.to_level))}：<br/>{text(step.text)}"
    effect = f"场景达到{text(_scene_level_name(form, step.to_level))}"
    return [
        para(str(number), s.cell),
        markup(item, s.cell),
        markup(current, s.cell),
        markup(goal, s.cell),
        markup(effect, s.cell),
    ]


def _small(value: str) -> str:
    """Return escaped text as small grey markup (a secondary line in a table cell)."""
    return f'<font size="7" color="{MUTED.hexval()}">{text(value)}</font>'


def _inline_note(note: str) -> str:
    """Return a note for a table cell: in full when short, else its start and a pointer to the full text."""
    if len(note) <= NOTE_INLINE_LIMIT:
        return text(note)
    return text(note[:NOTE_EXCERPT].rstrip()) + "……" + _small(f"（共 {len(note)} 字，全文见“{NOTES_TITLE}”部分）")


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _full_notes_section(sec: _Sections, form: Form, answers: AnswerSet, s: Styles) -> list[Flowable]:
    long_notes = [(i, answers.notes[i]) for i in form.item_ids if len(answers.notes.get(i, "")) > NOTE_INLINE_LIMIT]
    if not long_notes:
        return []
    out: list[Flowable] = [CondPageBreak(40 * mm), sec.h1(NOTES_TITLE, s)]
    out.append(para("以下为上文表格中因篇幅较长而只列出开头的备注全文。", s.note))
    for item, note in long_notes:
        question = form.question(item)
        scene = form.scene(item)
        title = question.text if question is not None else (scene.name if scene is not None else "")
        out.append(para(f"{item}  {title}", s.h3))
        out.extend(para(chunk, s.body) for chunk in note.splitlines() if chunk.strip())
    return out


def _figures_text(question: Question, answers: AnswerSet) -> list[str]:
    values = answers.figures.get(question.id, {})
    lines = []
    for fig in question.figures:
        value = values.get(fig.id)
        if value is None:
            continue
        unit = fig.unit if fig.unit in ("%", "％") else (f" {fig.unit}" if fig.unit else "")
        lines.append(f"{text(fig.label)} {num(value)}{text(unit)}")
    return lines


def _answers_section(sec: _Sections, form: Form, answers: AnswerSet, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), sec.h1("评测题目作答明细", s)]
    out.append(
        para(
            "下表列出全部 15 道评测题目、所选选项的官方表述、得分与满分，以及填报数据和备注。",
            s.note,
        )
    )
    rows: list[list[Any]] = [
        [para(h, s.cell_head) for h in ("题号", "题目", "所选选项（官方表述）", "得分/满分", "填报数据与备注")]
    ]
    for q in form.questions:
        selected = answers.selected(q.id)
        kind = "多选" if q.is_multi else "单选"
        meta = "｜".join(x for x in (q.dimension, q.sub_indicator, kind) if x)
        question_cell = f'{text(q.text)}<br/><font size="7" color="{MUTED.hexval()}">{text(meta)}</font>'
        chosen = _choice_text(q, selected)
        flagged = [n for n in q.notes if n.option is not None and n.option in selected]
        if flagged:
            chosen += "<br/>" + _small("所选选项的表述存在来源分歧，见“指标文本的来源说明”部分。")
        got = result.question_scores.get(q.id, Decimal(0))
        detail = _figures_text(q, answers)
        note = answers.notes.get(q.id)
        if note:
            detail.append("备注：" + _inline_note(note))
        rows.append(
            [
                para(q.id, s.cell),
                markup(question_cell, s.cell),
                markup(chosen, s.cell),
                para(f"{num(got)} / {num(q.max_points)}", s.cell),
                markup("<br/>".join(detail) if detail else coloured("—", MUTED), s.cell),
            ]
        )
    rows.append(
        [
            para("合计", s.cell_head),
            para("", s.cell),
            para("", s.cell),
            para(f"{num(result.total_score)} / {num(form.max_total)}", s.cell_head),
            para("", s.cell),
        ]
    )
    widths = [11 * mm, 42 * mm, 0.0, 19 * mm, 42 * mm]
    widths[2] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _scenes_section(sec: _Sections, form: Form, answers: AnswerSet, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("业务场景等级明细", s)]
    out.append(
        para(
            "每个业务场景按 0–4 级评定（0 表示未达到一级）；表中引用所选等级的官方表述。★ 表示约束性场景。",
            s.note,
        )
    )
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("编号", "业务场景", "等级", "所选等级的官方表述", "备注")]]
    for scene in form.scenes:
        level = result.scene_levels.get(scene.id, 0)
        answered = scene.id in answers.scenes
        star = " ★" if scene.constrained else ""
        kind = "约束性" if scene.constrained else "指导性"
        name = (
            f'{text(scene.name)}{star}<br/><font size="7" color="{MUTED.hexval()}">{text(scene.group)}｜{kind}</font>'
        )
        level_text = _scene_level_name(form, level)
        if not answered:
            official = coloured("未作答（按未达到一级计）", BAD)
        elif level == 0:
            official = coloured("未达到一级", MUTED)
        else:
            official = text(scene.levels[level])
        note = answers.notes.get(scene.id, "")
        rows.append(
            [
                para(scene.id, s.cell),
                markup(name, s.cell),
                markup(coloured(level_text, MUTED) if level == 0 else text(level_text), s.cell),
                markup(official, s.cell),
                markup(_inline_note(note) if note else coloured("—", MUTED), s.cell),
            ]
        )
    widths = [11 * mm, 36 * mm, 19 * mm, 0.0, 36 * mm]
    widths[3] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _source_notes_section(sec: _Sections, form: Form, answers: AnswerSet, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("指标文本的来源说明", s)]
    if form.sources_note[0]:
        out.append(para(form.sources_note[0], s.body))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("项目", "类型", "说明", "另一来源的表述")]]
    kinds = {"disagreement": "来源分歧", "caution": "存疑"}
    for q in form.questions:
        for n in q.notes:
            item = q.id + (f" 选项{n.option}" if n.option else "")
            mine = n.option is not None and n.option in answers.selected(q.id)
            rows.append(_note_row(item, kinds.get(n.kind, n.kind), n.text, n.alternative, mine, s))
    for scene in form.scenes:
        for n in scene.notes:
            rows.append(
                _note_row(f"{scene.id} {scene.name}", kinds.get(n.kind, n.kind), n.text, n.alternative, False, s)
            )
    if len(rows) == 1:
        out.append(para("本问卷未记录来源分歧。", s.body))
        return out
    widths = [24 * mm, 16 * mm, 0.0, 58 * mm]
    widths[2] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    out.append(para("报告中的选项与场景表述采用来源说明中推荐的文本；“本次所选”表示该分歧涉及本次选择的选项。", s.note))
    return out


def _note_row(item: str, kind: str, note: str, alternative: str | None, mine: bool, s: Styles) -> list[Any]:
    item_markup = text(item) + ("<br/>" + coloured("本次所选", BAD) if mine else "")
    return [
        markup(item_markup, s.cell),
        para(kind, s.cell),
        para(note, s.cell),
        para(alternative, s.cell) if alternative else markup(coloured("—", MUTED), s.cell),
    ]


def _warnings_section(sec: _Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("填报数据一致性提示", s)]
    if not result.warnings:
        out.append(para("未发现填报数据之间或填报数据与所选选项之间的矛盾。", s.body))
        return out
    out.append(
        para(
            f"共 {len(result.warnings)} 条提示。提示不影响得分，但现场评定时可能被追问，建议核对数据或所选选项。",
            s.body,
        )
    )
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("序号", "涉及项目", "说明")]]
    for i, w in enumerate(result.warnings, start=1):
        rows.append([para(str(i), s.cell), para("、".join(w.items), s.cell), para(w.message, s.cell)])
    widths = [11 * mm, 30 * mm, 0.0]
    widths[2] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _evidence_section(sec: _Sections, form: Form, record: AssessmentRecord | None, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("佐证材料清单", s)]
    evidence = sorted(record.evidence, key=lambda e: (_item_order(form, e.item), e.filename)) if record else []
    if not evidence:
        out.append(
            para("未登记佐证材料。" if record is not None else "本报告依据答卷文件生成，未关联佐证材料。", s.body)
        )
        return out
    out.append(para(f"共 {len(evidence)} 份佐证材料。SHA-256 为文件内容的摘要，可用于核对文件未被改动。", s.note))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in ("序号", "项目", "文件名与说明", "大小", "SHA-256")]]
    for i, ev in enumerate(evidence, start=1):
        scene = form.scene(ev.item)
        item = f"{ev.item} {scene.name}" if scene is not None else ev.item
        name = text(_clip(ev.filename, 120)) + (
            f'<br/><font color="{MUTED.hexval()}">{text(_clip(ev.description, 120))}</font>' if ev.description else ""
        )
        rows.append(
            [
                para(str(i), s.cell),
                para(item, s.cell),
                markup(name, s.cell),
                para(_size(ev.size), s.cell),
                para(ev.sha256, s.cell_small),
            ]
        )
    widths = [11 * mm, 22 * mm, 0.0, 17 * mm, 62 * mm]
    widths[2] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _item_order(form: Form, item: str) -> int:
    ids = form.item_ids
    return ids.index(item) if item in ids else len(ids)


def _signature_table(labels: Sequence[tuple[str, str]], s: Styles) -> Table:
    """Return label / blank-line pairs to sign on, then a date line."""
    rows: list[list[Any]] = []
    for left_label, right_label in labels:
        rows.append([para(left_label, s.body), "", para(right_label, s.body), ""])
    rows.append([para("日期：", s.body), para("　　　　年　　月　　日", s.body), "", ""])
    left_w, right_w = 36 * mm, 62 * mm
    rest = (CONTENT_WIDTH - left_w - right_w) / 2
    table = Table(rows, colWidths=[left_w, rest, right_w, rest], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 16),
                ("LINEBELOW", (1, 0), (1, len(labels) - 1), 0.6, MUTED),
                ("LINEBELOW", (3, 0), (3, len(labels) - 1), 0.6, MUTED),
                ("ALIGN", (1, -1), (1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _commitment_section(sec: _Sections, record: AssessmentRecord | None, s: Styles) -> list[Flowable]:
    block: list[Flowable] = [sec.h1("真实性承诺", s), para(COMMITMENT_TEXT, s.body)]
    block.append(_signature_table([("企业（盖章）：", "法定代表人或授权代表（签字）：")], s))
    on_site = record is not None and record.assessment.on_site
    if on_site:
        block.append(Spacer(1, 8 * mm))
        block.append(para(ASSESSOR_TEXT, s.body))
        block.append(_signature_table([("评测人员（签字）：", "评测机构（盖章）：")], s))
    block.append(Spacer(1, 4 * mm))
    block.append(para(COMMITMENT_SOURCE_NOTE, s.note))
    return [CondPageBreak(90 * mm), KeepTogether(block)]


def _verification_section(
    sec: _Sections, form: Form, record: AssessmentRecord | None, digest: str, digest_label: str, stamp: _Stamp
) -> list[Flowable]:
    s = stamp.styles
    options = stamp.options
    rows: list[tuple[str, Any]] = [(f"{digest_label}（SHA-256）", digest)]
    if record is not None:
        rows.append(("评测编号", f"第 {record.assessment.id} 号"))
        rows.append(("评测记录的问卷哈希", record.assessment.form_hash))
    rows.append(("报告所用问卷", f"{form.id} 第 {form.revision} 版｜{form.content_hash}"))
    rows.append(("文档编号", stamp.document_id))
    rows.append(("生成时间", cn_datetime(stamp.generated_at)))
    if options.app_version:
        rows.append(("软件版本", options.app_version))
    if options.signer_fingerprint:
        rows.append(("签名密钥指纹", options.signer_fingerprint))
    if options.package_fingerprint:
        rows.append(("提交包指纹", options.package_fingerprint))
    rows.append(("字体", s.font.note))
    block: list[Flowable] = [sec.h1("校验信息", s), key_value_table(rows, s, key_width=38 * mm)]
    block.append(para(DIGEST_SCOPE if record is not None else ANSWERS_DIGEST_SCOPE, s.note))
    if record is not None and record.assessment.form_hash != form.content_hash:
        block.append(
            notice_box([para("注意：评测记录的问卷哈希与生成本报告所用问卷的哈希不一致，请核对问卷版本。", s.cell)])
        )
    return [CondPageBreak(70 * mm), KeepTogether(block)]


# --------------------------------------------------------------------------------------------------------------
# The comparison report


def render_comparison_report(
    form: Form,
    before: AssessmentRecord,
    before_result: ScoreResult,
    after: AssessmentRecord,
    after_result: ScoreResult,
    comparison: Comparison,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> bytes:
    """Render the before/after comparison of two assessments of one enterprise and return the PDF."""
    stamp = _stamp(options)
    s = stamp.styles
    digest_before = before.content_digest()
    digest_after = after.content_digest()
    sec = _Sections()
    story: list[Flowable] = []
    story += _comparison_head(form, before, after, comparison, stamp, digest_before, digest_after)
    story += _comparison_scores(sec, form, before_result, after_result, comparison, before, after, s)
    story += _keep(_comparison_questions(sec, form, comparison, before, after, s), 60 * mm)
    story += _comparison_scenes(sec, form, comparison, before_result, after_result, before, after, s)
    story += _comparison_verification(sec, form, before, after, digest_before, digest_after, stamp)

    enterprise = after.enterprise.name
    footer = [f"前次内容摘要 {digest_before}", f"后次内容摘要 {digest_after}"]
    third = f"文档编号 {stamp.document_id}"
    if options.package_fingerprint:
        third += f"　｜　提交包指纹 {options.package_fingerprint}"
    footer.append(third)
    decor = PageDecor(COMPARISON_TITLE, enterprise, tuple(footer))
    info = DocumentInfo(
        title=f"{COMPARISON_TITLE} - {enterprise}",
        subject=(
            f"{level_name(form, comparison.level_before)} → {level_name(form, comparison.level_after)}；"
            f"总分 {num(comparison.total_before)} → {num(comparison.total_after)}"
        ),
        author=enterprise,
        creator=_creator(options),
        keywords=(form.id, digest_before, digest_after, stamp.document_id),
        created=stamp.generated_at,
        document_id=stamp.document_id,
    )
    return build_pdf(story, s, decor, info)


def _column_label(record: AssessmentRecord, fallback: str) -> str:
    return f"{fallback}（{record.assessment.kind.label}）"


def _comparison_head(
    form: Form,
    before: AssessmentRecord,
    after: AssessmentRecord,
    comparison: Comparison,
    stamp: _Stamp,
    digest_before: str,
    digest_after: str,
) -> list[Flowable]:
    s = stamp.styles
    out: list[Flowable] = [Spacer(1, 4 * mm), para(COMPARISON_TITLE, s.title), Spacer(1, 2 * mm)]
    e = after.enterprise
    out.append(para(f"{e.name}　统一社会信用代码 {e.uscc or '未填写'}", s.subtitle))
    out.append(Spacer(1, 6 * mm))
    lv_before = level_name(form, comparison.level_before)
    lv_after = level_name(form, comparison.level_after)
    colour = (
        GOOD
        if comparison.level_after > comparison.level_before
        else (BAD if comparison.level_after < comparison.level_before else ACCENT)
    )
    big = s.level.clone("cmp_level", fontSize=30 if max(len(lv_before), len(lv_after)) > 2 else 38, leading=48)
    delta = comparison.total_after - comparison.total_before
    rows = [
        [para("综合评定等级", s.level_caption)],
        [markup(f"{text(lv_before)} → {coloured(lv_after, colour)}", big)],
        [
            para(
                f"总分 {num(comparison.total_before)} → {num(comparison.total_after)} 分（{signed(delta)}）",
                s.level_caption,
            )
        ],
    ]
    box = Table(rows, colWidths=[130 * mm], hAlign="CENTER")
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    out.append(box)
    out.append(Spacer(1, 6 * mm))

    def describe(r: AssessmentRecord) -> list[str]:
        a = r.assessment
        assessor = "｜".join(x for x in (a.assessor.name, a.assessor.organisation, a.assessor.role) if x)
        status = "已定稿" if a.status == AssessmentStatus.FINALIZED else "草稿（未定稿）"
        return [
            f"第 {a.id} 号｜{status}",
            a.kind.label,
            cn_date(a.assessed_on),
            "现场评定" if a.on_site else "企业自评",
            assessor or "未填写",
            f"{a.form_id} 第 {a.form_revision} 版",
        ]

    labels = ["评测编号", "评测类型", "评测日期", "评定方式", "评测人员", "问卷版本"]
    rows2: list[list[Any]] = [
        [para(h, s.cell_head) for h in ("项目", _column_label(before, "前次评测"), _column_label(after, "后次评测"))]
    ]
    for label, b, a in zip(labels, describe(before), describe(after), strict=True):
        rows2.append([para(label, s.cell_head), para(b, s.cell), para(a, s.cell)])
    rows2.append([para("内容摘要", s.cell_head), para(digest_before, s.cell_small), para(digest_after, s.cell_small)])
    half = (CONTENT_WIDTH - 28 * mm) / 2
    out.append(data_table(rows2, [28 * mm, half, half], zebra=False))
    notes: list[Flowable] = []
    if not comparison.same_form:
        notes.append(para("两次评测所用问卷（或其版本）不同，以下按题号与场景编号对应比较。", s.cell))
    if before.enterprise.id != after.enterprise.id or before.enterprise.uscc != after.enterprise.uscc:
        notes.append(para("注意：两次评测记录的企业不一致，请核对。", s.cell))
    if notes:
        out.append(Spacer(1, 4 * mm))
        out.append(notice_box(notes))
    out.append(Spacer(1, 3 * mm))
    out.append(para(f"报告生成时间 {cn_datetime(stamp.generated_at)}｜文档编号 {stamp.document_id}", s.note))
    return out


def _comparison_scores(
    sec: _Sections,
    form: Form,
    before_result: ScoreResult,
    after_result: ScoreResult,
    comparison: Comparison,
    before: AssessmentRecord,
    after: AssessmentRecord,
    s: Styles,
) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(90 * mm), sec.h1("得分与等级变化", s)]
    maxima = {d.id: d.max_points for d in form.dimensions}
    head = ("项目", "满分", "前次", "后次", "变化")
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in head]]
    for dim, b, a in comparison.dimensions:
        rows.append(_delta_row(dim, maxima.get(dim), b, a, s))
    rows.append(_delta_row("总分", form.max_total, comparison.total_before, comparison.total_after, s, bold=True))
    for label, lb, la in (
        ("总分等级", before_result.score_level, after_result.score_level),
        ("场景等级", before_result.scene_level, after_result.scene_level),
        ("综合等级", comparison.level_before, comparison.level_after),
    ):
        rows.append(
            [
                para(label, s.cell_head),
                para("—", s.cell),
                para(level_name(form, lb), s.cell),
                para(level_name(form, la), s.cell),
                markup(_level_change(lb, la), s.cell),
            ]
        )
    widths = [40 * mm, 25 * mm, 30 * mm, 30 * mm, 0.0]
    widths[4] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    bars = [DimensionBar(dim, maxima.get(dim, max(b, a)), (b, a)) for dim, b, a in comparison.dimensions]
    series = (_column_label(before, "前次"), _column_label(after, "后次"))
    out.append(
        KeepTogether([para("图 1  各维度得分：前次与后次", s.h2), dimension_chart(bars, s.font.regular, series)])
    )
    return out


def _level_change(before: int, after: int) -> str:
    if after > before:
        return coloured(f"提升 {after - before} 级", GOOD)
    if after < before:
        return coloured(f"下降 {before - after} 级", BAD)
    return coloured("不变", MUTED)


def _delta_row(
    label: str, maximum: Decimal | None, before: Decimal, after: Decimal, s: Styles, bold: bool = False
) -> list[Any]:
    style = s.cell_head if bold else s.cell
    delta = after - before
    colour = GOOD if delta > 0 else (BAD if delta < 0 else MUTED)
    return [
        para(label, s.cell_head),
        para(num(maximum) if maximum is not None else "—", style),
        para(num(before), style),
        para(num(after), style),
        markup(coloured(signed(delta), colour), style),
    ]


def _comparison_questions(
    sec: _Sections, form: Form, comparison: Comparison, before: AssessmentRecord, after: AssessmentRecord, s: Styles
) -> list[Flowable]:
    out: list[Flowable] = [sec.h1("题目作答变化", s)]
    changed = comparison.changed_questions
    unchanged = [q.question_id for q in comparison.questions if q.before == q.after]
    out.append(
        para(
            f"共 {len(changed)} 道题目的作答有变化"
            + (f"；其余 {len(unchanged)} 道未变化（{'、'.join(unchanged)}）。" if unchanged else "。"),
            s.body,
        )
    )
    if not changed:
        return out
    head = ("题号", "题目", _column_label(before, "前次"), _column_label(after, "后次"), "得分变化")
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in head]]
    for change in changed:
        question = form.question(change.question_id)
        if question is not None:
            b, a = _choice_text(question, change.before), _choice_text(question, change.after)
        else:
            b, a = text("、".join(change.before)), text("、".join(change.after))
        colour = GOOD if change.delta > 0 else (BAD if change.delta < 0 else MUTED)
        points = (
            f"{num(change.points_before)} → {num(change.points_after)}<br/>{coloured(signed(change.delta), colour)}"
        )
        rows.append(
            [
                para(change.question_id, s.cell),
                para(change.text, s.cell),
                markup(b, s.cell),
                markup(a, s.cell),
                markup(points, s.cell),
            ]
        )
    widths = [11 * mm, 36 * mm, 0.0, 0.0, 25 * mm]
    rest = (CONTENT_WIDTH - sum(widths)) / 2
    widths[2] = widths[3] = rest
    out.append(data_table(rows, widths))
    return out


def _comparison_scenes(
    sec: _Sections,
    form: Form,
    comparison: Comparison,
    before_result: ScoreResult,
    after_result: ScoreResult,
    before: AssessmentRecord,
    after: AssessmentRecord,
    s: Styles,
) -> list[Flowable]:
    changed = comparison.changed_scenes
    up = sum(1 for c in changed if c.after > c.before)
    down = len(changed) - up
    series = (_column_label(before, "前次"), _column_label(after, "后次"))
    out: list[Flowable] = [
        KeepTogether(
            [
                sec.h1("业务场景等级变化", s),
                para(
                    f"{len(comparison.scenes)} 个业务场景中，{up} 个等级提升，{down} 个等级下降，其余不变。"
                    "★ 表示约束性场景。",
                    s.body,
                ),
                para("图 2  业务场景等级：前次与后次", s.h2),
                scene_chart(form, [before_result.scene_levels, after_result.scene_levels], s.font.regular, series),
            ]
        )
    ]
    head = ("编号", "业务场景", "前次", "后次", "变化", "后次等级的官方表述（有变化的场景）")
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in head]]
    for change in comparison.scenes:
        scene = form.scene(change.scene_id)
        star = " ★" if change.constrained else ""
        official = ""
        if change.before != change.after:
            if change.after == 0:
                official = "未达到一级"
            elif scene is not None:
                official = scene.levels.get(change.after, "")
        rows.append(
            [
                para(change.scene_id, s.cell),
                para(change.name + star, s.cell),
                para(_scene_level_name(form, change.before), s.cell),
                para(_scene_level_name(form, change.after), s.cell),
                markup(_level_change(change.before, change.after), s.cell),
                para(official, s.cell) if official else markup(coloured("—", MUTED), s.cell),
            ]
        )
    widths = [11 * mm, 26 * mm, 19 * mm, 19 * mm, 18 * mm, 0.0]
    widths[5] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _comparison_verification(
    sec: _Sections,
    form: Form,
    before: AssessmentRecord,
    after: AssessmentRecord,
    digest_before: str,
    digest_after: str,
    stamp: _Stamp,
) -> list[Flowable]:
    s = stamp.styles
    options = stamp.options
    rows: list[tuple[str, Any]] = [
        (f"前次评测（第 {before.assessment.id} 号）内容摘要", digest_before),
        (f"后次评测（第 {after.assessment.id} 号）内容摘要", digest_after),
        ("前次问卷哈希", before.assessment.form_hash),
        ("后次问卷哈希", after.assessment.form_hash),
        ("报告所用问卷", f"{form.id} 第 {form.revision} 版｜{form.content_hash}"),
        ("文档编号", stamp.document_id),
        ("生成时间", cn_datetime(stamp.generated_at)),
    ]
    if options.app_version:
        rows.append(("软件版本", options.app_version))
    if options.signer_fingerprint:
        rows.append(("签名密钥指纹", options.signer_fingerprint))
    if options.package_fingerprint:
        rows.append(("提交包指纹", options.package_fingerprint))
    rows.append(("字体", s.font.note))
    block: list[Flowable] = [
        sec.h1("校验信息", s),
        key_value_table(rows, s, key_width=46 * mm),
        para(DIGEST_SCOPE, s.note),
    ]
    return [CondPageBreak(70 * mm), KeepTogether(block)]


__all__ = [
    "DEFAULT_OPTIONS",
    "REPRODUCIBLE_DOCUMENT_ID",
    "REPRODUCIBLE_TIMESTAMP",
    "ReportOptions",
    "level_name",
    "render_assessment_report",
    "render_comparison_report",
    "reproducible_options",
]
