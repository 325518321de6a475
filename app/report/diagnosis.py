"""The 诊断报告 (diagnosis report) a traction unit hands in: one content model, rendered as PDF and as DOCX.

``diagnosis_content`` builds the document once (headings, paragraphs, label/value tables, grids with totals,
signature lines) from the assessment, its result and the consultant's findings; ``render_diagnosis_pdf`` sets it
with the assessment report's ReportLab layout and ``app.report.diagnosis_docx`` writes it with python-docx.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from app.core.findings import (
    CATEGORIES,
    Findings,
    SubsidyFigures,
    business_area,
    plan_coverage,
)
from app.core.form import Form
from app.core.industries import industry_label
from app.core.records import AssessmentRecord, AssessmentStatus
from app.core.scoring import ScoreResult
from app.report import layout as lay
from app.report import texts
from app.report.common import DEFAULT_OPTIONS, ReportOptions, stamp_of

TITLE = "中小企业数字化转型诊断报告"
DRAFT_MARK = "草稿"
SIGNATURE_DATE = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
LONG_TABLE_ROWS = 12  # a PDF table with more body rows may break across pages


# ------------------------------------------------------------------ the content model


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: numbered section 一、二、…; 2: a sub-heading


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # small, muted (explanations, sources)


@dataclass(frozen=True)
class KeyValues:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grid:
    """A table: header, body rows, an optional bold total row; widths are fractions of the text width."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    total: tuple[str, ...] | None = None
    right: tuple[int, ...] = ()  # columns aligned right (amounts)
    # Columns whose lines may be digests ("sha256:…", "SHA256:…"): those lines print in the monospace face, unbroken.
    digests: tuple[int, ...] = ()


@dataclass(frozen=True)
class Signatures:
    parties: tuple[tuple[str, str], ...]  # (the party with its seal, the person who signs)


Block = Heading | Paragraph | KeyValues | Grid | Signatures


@dataclass(frozen=True)
class DiagnosisContent:
    title: str
    subtitle: str
    enterprise: str
    draft: bool
    generated_at: datetime
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def numbered(self) -> list[tuple[str, Block]]:
        """Each block with its section number label (一、 for level-1 headings, '' otherwise)."""
        numerals = "一二三四五六七八九十"
        out: list[tuple[str, Block]] = []
        count = 0
        for block in self.blocks:
            label = ""
            if isinstance(block, Heading) and block.level == 1:
                count += 1
                label = (numerals[count - 1] if count <= 10 else "十" + numerals[count - 11]) + "、"
            out.append((label, block))
        return out


# ------------------------------------------------------------------ building it


def yuan(value: int) -> str:
    return f"{value:,}"


def _num(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _cn_date(value: date | None) -> str:
    return "—" if value is None else f"{value.year}年{value.month}月{value.day}日"


def _profile(form: Form, record: AssessmentRecord) -> KeyValues:
    e, a = record.enterprise, record.assessment
    rows: list[tuple[str, str]] = [("企业名称", e.name), ("统一社会信用代码", e.uscc or "未填写")]
    industry = industry_label(e.industry_section, e.industry_division)
    if industry:
        rows.append(("所属行业", industry))
    if e.region:
        rows.append(("所在地区", e.region))
    if e.size is not None:
        rows.append(("企业规模", e.size.label + ("（规模以上）" if e.above_scale else "")))
    if e.main_products:
        rows.append(("主要产品", e.main_products))
    if e.pilot_subsector:
        rows.append(("试点细分行业", e.pilot_subsector))
    if e.contact_name or e.contact_phone:
        rows.append(("联系人", " ".join(x for x in (e.contact_name, e.contact_phone) if x)))
    rows.append(("数字化牵引单位", e.traction_unit or a.assessor.organisation or "未填写"))
    rows.append(("评测类型", a.kind.label))
    rows.append(("评测人", " ".join(x for x in (a.assessor.name, a.assessor.organisation) if x) or "未填写"))
    rows.append(("评测日期", _cn_date(a.assessed_on)))
    status = "已定稿" if a.status == AssessmentStatus.FINALIZED else "草稿（未定稿）"
    rows.append(("评测编号", f"#{a.id}（{status}）"))
    rows.append(("评测依据", f"{form.title}（{form.id} 第 {form.revision} 版）"))
    return KeyValues(tuple(rows))


def _evaluation(form: Form, result: ScoreResult) -> list[Block]:
    level = form.level_name(result.level)
    out: list[Block] = [
        Paragraph(
            f"改造前评测综合等级为{level}：总分 {_num(result.total_score)} 分（满分 {_num(form.max_total)} 分），"
            f"按分数为{form.level_name(result.score_level)}，按场景为{form.level_name(result.scene_level)}。"
            "综合等级取分数与场景两项条件同时满足的最高等级。"
        ),
        Heading("分项得分", 2),
    ]
    rows = []
    for d in form.dimensions:
        got = result.dimension_scores.get(d.id, Decimal(0))
        rows.append((d.id, _num(got), _num(d.max_points)))
    out.append(
        Grid(
            ("维度", "得分", "满分"),
            tuple(rows),
            (0.5, 0.25, 0.25),
            total=("合计", _num(result.total_score), _num(form.max_total)),
            right=(1, 2),
        )
    )
    out.append(Heading("达到二级及以上的业务场景", 2))
    constrained = [s for s in form.scenes if s.constrained and result.scene_levels.get(s.id, 0) >= 2]
    guiding = [s for s in form.scenes if not s.constrained and result.scene_levels.get(s.id, 0) >= 2]

    def names(scenes: Sequence[Any]) -> str:
        if not scenes:
            return "无"
        return "、".join(f"{s.id} {s.name}（{form.level_name(result.scene_levels.get(s.id, 0))}）" for s in scenes)

    out.append(
        Grid(
            ("场景类别", "个数", "场景"),
            (
                ("约束性场景", str(len(constrained)), names(constrained)),
                ("引导性场景", str(len(guiding)), names(guiding)),
            ),
            (0.18, 0.1, 0.72),
            right=(1,),
        )
    )
    out.append(Heading("等级判定（分数与场景两项条件）", 2))
    rule_rows = []
    for rc in result.rule_checks:
        rule_rows.append(
            (
                form.level_name(rc.level),
                f"≥ {_num(rc.min_score)} 分",
                "满足" if rc.score_met else "不满足",
                f"{rc.scenes} / {rc.min_scenes}",
                f"{rc.constrained} / {rc.min_constrained}",
                "满足" if rc.scenes_met else "不满足",
                "达到" if rc.met else "未达到",
            )
        )
    out.append(
        Grid(
            ("等级", "分数要求", "分数条件", "场景 实际/要求", "其中约束性 实际/要求", "场景条件", "结论"),
            tuple(rule_rows),
            (0.1, 0.14, 0.12, 0.18, 0.2, 0.12, 0.14),
        )
    )
    out.append(Paragraph(form.level_rule.description, note=True))
    return out


def _area_order(form: Form) -> list[str]:
    return [d.id for d in form.dimensions] + [g.id for g in form.scene_groups]


def _item_label(form: Form, item: str) -> str:
    scene = form.scene(item)
    if scene is not None:
        return f"{item} {scene.name}"
    question = form.question(item)
    return f"{item} {question.indicator}" if question is not None else item


def _pain_points(form: Form, findings: Findings) -> list[Block]:
    if not findings.pain_points:
        return [Paragraph("本次诊断未记录痛点。")]
    out: list[Block] = []
    order = _area_order(form)
    areas = sorted({business_area(form, p.item) for p in findings.pain_points}, key=order.index)
    for area in areas:
        rows = tuple(
            (_item_label(form, p.item), p.text) for p in findings.pain_points if business_area(form, p.item) == area
        )
        out.append(Heading(f"{area}（{len(rows)} 项）", 2))
        out.append(Grid(("评测项", "痛点"), rows, (0.24, 0.76)))
    return out


def _needs(form: Form, findings: Findings) -> list[Block]:
    if not findings.needs:
        return [Paragraph("需求清单尚未填写。")]
    rows = tuple(
        (
            str(i),
            n.title,
            "、".join(n.items),
            n.category,
            str(n.priority),
            n.measure or "—",
            yuan(n.estimate_yuan),
            n.due.isoformat(),
        )
        for i, n in enumerate(findings.needs, 1)
    )
    out: list[Block] = [
        Grid(
            ("序号", "需求", "涉及评测项", "类别", "优先级", "拟采取的措施或产品", "预计投入（元）", "计划完成"),
            rows,
            (0.07, 0.16, 0.12, 0.07, 0.08, 0.25, 0.13, 0.12),
            total=("合计", f"{len(findings.needs)} 项", "", "", "", "", yuan(findings.total_yuan), ""),
            right=(6,),
        )
    ]
    by_category = [
        (c, [n for n in findings.needs if n.category == c])
        for c in CATEGORIES
        if any(n.category == c for n in findings.needs)
    ]
    out.append(Heading("按类别汇总", 2))
    out.append(
        Grid(
            ("类别（广东省产品目录）", "需求数", "预计投入（元）"),
            tuple((c, str(len(ns)), yuan(sum(n.estimate_yuan for n in ns))) for c, ns in by_category),
            (0.5, 0.2, 0.3),
            total=("合计", str(len(findings.needs)), yuan(findings.total_yuan)),
            right=(1, 2),
        )
    )
    return out


def _path(form: Form, result: ScoreResult, findings: Findings) -> list[Block]:
    plan = result.gap_to_level_2
    target = form.level_name(plan.target_level)
    if result.level >= plan.target_level:
        return [Paragraph(f"改造前已达到{target}，无需补齐的差距。")]
    coverage = plan_coverage(form, plan, findings)
    if not coverage:
        return [Paragraph(f"评测未给出达到{target}的步骤。")]
    parts = []
    if plan.points_needed > 0:
        parts.append(f"总分还需提高 {_num(plan.points_needed)} 分")
    if plan.scene_upgrades_needed > 0:
        constrained = plan.constrained_upgrades_needed
        at_least = f"（{texts.AT_LEAST_CONSTRAINED.format(constrained=constrained)}）" if constrained else ""
        parts.append(f"还需 {plan.scene_upgrades_needed} 个场景达到{target}{at_least}")
    out: list[Block] = [
        Paragraph(f"要达到{target}：{'；'.join(parts)}。下表为评测程序给出的提升步骤，以及覆盖各步骤的需求。")
    ]
    rows = tuple(
        (
            str(i),
            c.step.label,
            c.step.text,
            "；".join(n.title for n in c.needs) if c.needs else "尚未覆盖",
        )
        for i, c in enumerate(coverage, 1)
    )
    out.append(Grid(("序号", "步骤", "目标", "覆盖的需求"), rows, (0.07, 0.25, 0.42, 0.26)))
    uncovered = [c for c in coverage if not c.needs]
    if uncovered:
        out.append(
            Paragraph(
                f"尚有 {len(uncovered)} 个步骤未被需求覆盖："
                + "、".join(c.step.item for c in uncovered)
                + "。补齐这些步骤的需求后，方案才能达到"
                + target
                + "。"
            )
        )
    else:
        out.append(Paragraph(f"全部 {len(coverage)} 个步骤均有需求覆盖。"))
    return out


def _investment(findings: Findings, estimates: Sequence[SubsidyFigures]) -> list[Block]:
    out: list[Block] = [Paragraph(f"需求清单预计投入合计 {yuan(findings.total_yuan)} 元。")]
    if not estimates:
        out.append(Paragraph("未选择适用的地方补助政策，本报告不估算补助金额。"))
        return out
    rows = []
    for e in estimates:
        if not e.eligible:
            amount = "不符合条件"
        elif e.estimate is None:
            amount = "政策未规定金额"
        else:
            amount = ("不超过 " if e.upper_bound else "") + yuan(e.estimate)
        rows.append((e.policy, e.basis, amount, "；".join(e.notes) or "—"))
    out.append(Grid(("政策", "依据条款", "补助估算（元）", "说明"), tuple(rows), (0.2, 0.34, 0.16, 0.3), right=(2,)))
    out.append(Paragraph("以上补助金额均为估算，按所列政策条款与预计投入测算；实际以主管部门核定为准。", note=True))
    return out


def _schedule(findings: Findings) -> list[Block]:
    if not findings.needs:
        return [Paragraph("需求清单尚未填写，暂无实施安排。")]
    rows = tuple(
        (n.due.isoformat(), n.title, n.category, str(n.priority), yuan(n.estimate_yuan)) for n in findings.schedule()
    )
    return [
        Grid(
            ("计划完成", "需求", "类别", "优先级", "预计投入（元）"),
            rows,
            (0.16, 0.44, 0.12, 0.1, 0.18),
            total=("合计", "", "", "", yuan(findings.total_yuan)),
            right=(4,),
        )
    ]


def diagnosis_content(
    form: Form,
    record: AssessmentRecord,
    result: ScoreResult,
    findings: Findings,
    estimates: Sequence[SubsidyFigures],
    generated_at: datetime,
) -> DiagnosisContent:
    """The report's content, built once for both formats."""
    blocks: list[Block] = [Heading("企业基本情况"), _profile(form, record)]
    blocks += [Heading("改造前评测结果"), *_evaluation(form, result)]
    blocks += [Heading("主要痛点（按业务领域）"), *_pain_points(form, findings)]
    blocks += [Heading("需求清单"), *_needs(form, findings)]
    blocks += [Heading(f"达到{form.level_name(form.target_level)}的路径"), *_path(form, result, findings)]
    blocks += [Heading("预计投入与补助估算"), *_investment(findings, estimates)]
    blocks += [Heading("实施进度安排"), *_schedule(findings)]
    blocks += [
        Heading("确认"),
        Paragraph("本报告由数字化牵引单位根据现场诊断与评测结果编制，经企业确认。"),
        Signatures((("数字化牵引单位（盖章）", "负责人签字"), ("企业（盖章）", "法定代表人或授权代表签字"))),
    ]
    enterprise = record.enterprise.name
    subtitle = f"{enterprise}｜依据{form.title}"
    return DiagnosisContent(
        title=TITLE,
        subtitle=subtitle,
        enterprise=enterprise,
        draft=record.assessment.status != AssessmentStatus.FINALIZED,
        generated_at=generated_at,
        blocks=tuple(blocks),
    )


# ------------------------------------------------------------------ PDF (ReportLab, the assessment report's layout)


def render_diagnosis_pdf(content: DiagnosisContent, options: ReportOptions | None = None) -> bytes:
    opts: ReportOptions = options or DEFAULT_OPTIONS
    stamp = stamp_of(opts)
    s = stamp.styles
    story: list[Flowable] = [
        Spacer(1, 6 * mm),
        lay.para(content.title, s.title),
        Spacer(1, 2 * mm),
        lay.para(content.subtitle, s.subtitle),
        lay.para(f"编制日期：{_cn_date(content.generated_at.date())}", s.subtitle),
        Spacer(1, 6 * mm),
    ]
    pending: list[Flowable] = []  # a heading waits for what follows it (keep with next)
    for label, block in content.numbered():
        if isinstance(block, Heading):
            if block.level == 1:
                pending.append(CondPageBreak(40 * mm))
                pending.append(lay.para(label + block.text, s.h1))
            else:
                pending.append(lay.para(block.text, s.h2))
            continue
        flow = _pdf_block(block, s)
        story.extend(f for f in pending if isinstance(f, CondPageBreak))
        heads = [f for f in pending if not isinstance(f, CondPageBreak)]
        pending = []
        if isinstance(block, Grid) and len(block.rows) > LONG_TABLE_ROWS:
            # A long table may break between rows (its header repeats); its heading needs room for a few rows.
            story.append(CondPageBreak(60 * mm))
            story.extend([*heads, flow])
        else:  # headings stay with what follows them, short tables and paragraphs stay whole
            story.append(KeepTogether([*heads, flow]))
        if isinstance(block, Grid | KeyValues):
            story.append(Spacer(1, 3 * mm))
    story.extend(pending)
    decor = lay.PageDecor(content.title, content.enterprise, (), watermark=DRAFT_MARK if content.draft else "")
    info = lay.DocumentInfo(
        title=f"{content.title} - {content.enterprise}",
        subject=content.subtitle,
        author=content.enterprise,
        creator="sme-digital-assess" + (f" {opts.app_version}" if opts.app_version else ""),
        keywords=(stamp.document_id,),
        created=stamp.generated_at,
        document_id=stamp.document_id,
    )
    return lay.build_pdf(story, s, decor, info)


def _digest_cell(value: str, width: float, s: lay.Styles) -> list[Flowable]:
    """A cell of text lines, the digests among them in the monospace face (each whole where the cell allows)."""
    inner = width - 8  # the table's left and right padding
    return [
        lay.digest_para(line, inner, s) if line.lower().startswith("sha256:") else lay.para(line, s.cell)
        for line in value.split("\n")
    ]


def _pdf_block(block: Block, s: lay.Styles) -> Flowable:
    if isinstance(block, Paragraph):
        return lay.para(block.text, s.note if block.note else s.body)
    if isinstance(block, KeyValues):
        return lay.key_value_table(block.rows, s, key_width=36 * mm)
    if isinstance(block, Grid):
        right = s.cell.clone("cell_right", alignment=TA_RIGHT)
        head_right = s.cell_head.clone("cell_head_right", alignment=TA_RIGHT)
        rows: list[list[Any]] = [
            [lay.para(h, head_right if i in block.right else s.cell_head) for i, h in enumerate(block.head)]
        ]
        widths = [w * lay.CONTENT_WIDTH for w in block.widths]
        for row in block.rows:
            rows.append([
                _digest_cell(v, widths[i], s) if i in block.digests
                else lay.para(v, right if i in block.right else s.cell)
                for i, v in enumerate(row)
            ])  # fmt: skip
        extra: list[tuple[Any, ...]] = []
        if block.total is not None:
            rows.append(
                [lay.para(v, head_right if i in block.right else s.cell_head) for i, v in enumerate(block.total)]
            )
            extra.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, lay.ACCENT))
        return lay.data_table(rows, widths, extra=extra)
    assert isinstance(block, Signatures)
    data: list[list[Any]] = []
    for party, person in block.parties:
        data.append([lay.para(party, s.body), "", lay.para(person, s.body), ""])
        # Paragraph collapses runs of spaces (the ideographic one too): the blanks to write in are hard spaces.
        blank = lay.markup(SIGNATURE_DATE.replace("\u3000", "&nbsp;" * 4), s.body)
        data.append([lay.para("日期", s.body), blank, "", ""])
    left_w, right_w = 38 * mm, 50 * mm
    rest = (lay.CONTENT_WIDTH - left_w - right_w) / 2
    table = Table(data, colWidths=[left_w, rest, right_w, rest], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 14)]
    for r in range(0, len(data), 2):
        commands.append(("LINEBELOW", (1, r), (1, r), 0.6, lay.MUTED))
        commands.append(("LINEBELOW", (3, r), (3, r), 0.6, lay.MUTED))
    table.setStyle(TableStyle(commands))
    return table
