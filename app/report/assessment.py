"""The assessment report: cover, result, charts, plan, the detail sections, the commitment and verification."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.core.answers import AnswerSet
from app.core.form import Form, canonical_json_bytes
from app.core.industries import industry_label
from app.core.planner import Plan, QuestionStep, SceneStep
from app.core.records import AssessmentRecord, AssessmentStatus, Enterprise, SpecializedStatus
from app.core.reportbinding import binding_token
from app.core.scoring import ScoreResult
from app.core.texts import CommitmentText
from app.report import texts as t
from app.report.appendix import indicator_texts_appendix
from app.report.charts import DimensionBar, dimension_chart, scene_chart
from app.report.common import (
    DEFAULT_OPTIONS,
    ReportOptions,
    Sections,
    Stamp,
    choice_text,
    clip,
    creator,
    footer_lines,
    how_to_verify,
    keep,
    scene_level_name,
    signer_rows,
    stamp_of,
    stamp_rows,
    status_text,
    unsigned,
)
from app.report.details import (
    answers_section,
    evidence_section,
    full_notes_section,
    scenes_section,
    warnings_section,
)
from app.report.layout import (
    ACCENT,
    BAD,
    CONTENT_WIDTH,
    GOOD,
    MUTED,
    Composition,
    DocumentInfo,
    PageDecor,
    Styles,
    cn_date,
    cn_datetime,
    coloured,
    data_table,
    digest_of,
    digest_para,
    key_value_table,
    markup,
    notice_box,
    num,
    para,
    percent,
    text,
    value_width,
)


def render_assessment_report(
    form: Form,
    record: AssessmentRecord | None,
    answers: AnswerSet,
    result: ScoreResult,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> bytes:
    """Render the report of one assessment (record None: from an answer document alone) and return the PDF."""
    return assessment_composition(form, record, answers, result, options).build()


def assessment_composition(
    form: Form,
    record: AssessmentRecord | None,
    answers: AnswerSet,
    result: ScoreResult,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> Composition:
    """The report of one assessment before layout: its story, styles, page decoration and metadata."""
    draft = not result.complete if record is None else record.assessment.status != AssessmentStatus.FINALIZED
    if draft:
        options = unsigned(options)
    stamp = stamp_of(options)
    s = stamp.styles
    if record is not None:
        digest = record.content_digest()
        digest_label = t.DIGEST_LABEL
    else:
        digest = digest_of(canonical_json_bytes(answers.to_document()))
        digest_label = t.ANSWERS_DIGEST_LABEL
    sec = Sections()
    story: list[Flowable] = []
    story += _cover(form, record, result, stamp, draft)
    story.append(PageBreak())
    story += _summary(sec, form, result, s)
    story += _charts(sec, form, result, s)
    story += _plan_section(sec, form, result, s)
    story += answers_section(sec, form, answers, result, s)
    story += keep(scenes_section(sec, form, answers, result, s), 60 * mm)
    story += full_notes_section(sec, form, answers, s)
    story += keep(warnings_section(sec, result, s), 60 * mm)
    story += keep(evidence_section(sec, form, record, s), 60 * mm)
    if options.commitment is not None and not draft:  # a draft is not signed: no lines to sign on
        story += _commitment_section(sec, options.commitment, record, s)
    story += _verification_section(sec, form, record, digest, digest_label, stamp, draft)
    story += indicator_texts_appendix(form, s)

    enterprise = record.enterprise.name if record is not None else t.UNREGISTERED_ENTERPRISE
    footer = ((digest_label, digest), *footer_lines(stamp.document_id, options.package_fingerprint))
    header_right = enterprise + (f"｜{record.assessment.kind.label}" if record is not None else "")
    decor = PageDecor(t.REPORT_TITLE, header_right, footer, watermark=t.DRAFT_WATERMARK if draft else "")
    info = DocumentInfo(
        title=f"{t.REPORT_TITLE} - {enterprise}",
        subject=t.SUBJECT.format(form=form.title, level=form.level_name(result.level), total=num(result.total_score)),
        author=enterprise,
        creator=creator(options),
        keywords=(form.id, digest, stamp.document_id)
        + ((binding_token(digest, result.level, result.total_score),) if record is not None else ()),
        created=stamp.generated_at,
        document_id=stamp.document_id,
    )
    return Composition(story, s, decor, info)


def enterprise_rows(e: Enterprise) -> list[tuple[str, Any]]:
    """Every detail entered for the enterprise, the industry with its GB/T 4754 name."""
    rows: list[tuple[str, Any]] = [(t.C_ENTERPRISE, e.name), (t.C_USCC, e.uscc or t.NOT_FILLED)]
    industry = industry_label(e.industry_section, e.industry_division, "zh")
    if industry:
        rows.append((t.C_INDUSTRY, industry))
    if e.region:
        rows.append((t.C_REGION, e.region))
    if e.size is not None:
        rows.append((t.C_SIZE, e.size.label + (t.C_ABOVE_SCALE if e.above_scale else "")))
    if e.specialized != SpecializedStatus.NONE:
        rows.append((t.C_SPECIALIZED, e.specialized.label))
    if e.main_products:
        rows.append((t.C_PRODUCTS, e.main_products))
    contact = "　".join(x for x in (e.contact_name, e.contact_phone) if x)
    if contact:
        rows.append((t.C_CONTACT, contact))
    if e.pilot_subsector:
        rows.append((t.C_PILOT_SUBSECTOR, e.pilot_subsector))
    if e.traction_unit:
        rows.append((t.C_TRACTION_UNIT, e.traction_unit))
    return rows


def _cover(
    form: Form, record: AssessmentRecord | None, result: ScoreResult, stamp: Stamp, draft: bool
) -> list[Flowable]:
    s = stamp.styles
    out: list[Flowable] = [Spacer(1, 6 * mm), para(t.REPORT_TITLE, s.title), Spacer(1, 3 * mm)]
    notice = t.COVER_NOTICE.format(notice=form.notice) if form.notice else ""
    out.append(para(t.COVER_BASIS.format(title=form.title, notice=notice), s.subtitle))
    out.append(Spacer(1, 6 * mm))
    out.append(_level_box(form, result, s))
    out.append(Spacer(1, 6 * mm))
    rows: list[tuple[str, Any]] = []
    if record is None:
        rows += list(t.COVER_UNREGISTERED_ROWS)
    else:
        a = record.assessment
        rows += enterprise_rows(record.enterprise)
        rows.append((t.C_KIND, a.kind.label))
        rows.append((t.C_MODE, t.ON_SITE if a.on_site else t.SELF_ASSESSED))
        assessor = a.assessor
        if assessor.name or assessor.organisation:
            rows.append((t.C_ASSESSOR, assessor.name or t.NOT_FILLED))
            rows.append((t.C_ORGANISATION, assessor.organisation or t.NOT_FILLED))
            if assessor.role:
                rows.append((t.C_ROLE, assessor.role))
        else:
            rows.append((t.C_ASSESSOR, t.NOT_FILLED))
        rows.append((t.C_DATE, cn_date(a.assessed_on)))
        status = status_text(record)
        if a.finalized_at is not None and a.status == AssessmentStatus.FINALIZED:
            status += t.C_FINALIZED_AT.format(time=cn_datetime(a.finalized_at))
        rows.append((t.C_NUMBER, t.C_NUMBER_VALUE.format(id=a.id, status=status)))
        if a.revision_of is not None:
            reason = f"：{clip(a.revision_reason, 300)}" if a.revision_reason else ""
            rows.append((t.C_CORRECTION, t.C_CORRECTION_VALUE.format(id=a.revision_of, reason=reason)))
    rows.append((t.C_FORM, t.C_FORM_VALUE.format(title=form.title, id=form.id, revision=form.revision)))
    rows.append((t.C_FORM_HASH, digest_para(form.content_hash, value_width(COVER_KEY_WIDTH), s)))
    # The time and the document id are in the verification block, the id also in every page's footer.
    out.append(key_value_table(rows, s, key_width=COVER_KEY_WIDTH))
    notices = [para(t.DRAFT_NOTICE, s.cell)] if draft else []
    if not result.complete:
        notices.append(_incomplete_line(form, result, s))
    if notices:
        out.append(Spacer(1, 4 * mm))
        out.append(notice_box(notices))
    return out


COVER_KEY_WIDTH = 40 * mm
VERIFY_KEY_WIDTH = 38 * mm


def _incomplete_line(form: Form, result: ScoreResult, s: Styles) -> Flowable:
    missing = "、".join(result.missing)
    line = t.INCOMPLETE.format(count=len(result.missing), missing=missing, below=scene_level_name(form, 0))
    return para(line, s.cell)


def _incomplete_box(form: Form, result: ScoreResult, s: Styles) -> Flowable:
    return notice_box([_incomplete_line(form, result, s)])


def _level_box(form: Form, result: ScoreResult, s: Styles) -> Flowable:
    level = form.level_name(result.level)
    colour = ACCENT if result.level >= form.target_level else BAD
    level_style = s.level if len(level) <= 2 else s.level.clone("level_long", fontSize=34, leading=44)
    caption = t.LEVEL_BOX_CAPTION.format(
        total=num(result.total_score),
        max=num(form.max_total),
        score_level=form.level_name(result.score_level),
        scene_level=form.level_name(result.scene_level),
    )
    rows = [
        [para(t.OVERALL_LEVEL, s.level_caption)],
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
    return coloured(t.MET, GOOD) if flag else coloured(t.NOT_MET, BAD)


def _summary(sec: Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1(t.SUMMARY_HEADING, s)]
    level = form.level_name(result.level)
    summary = t.SUMMARY_TEXT.format(
        total=num(result.total_score),
        max=num(form.max_total),
        score_level=form.level_name(result.score_level),
        scene_level=form.level_name(result.scene_level),
        level=level,
    )
    out.append(para(summary, s.body))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.SUMMARY_TABLE_HEAD]]
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
            para(t.SUMMARY_TOTAL, s.cell_head),
            para(num(result.total_score), s.cell_head),
            para(num(form.max_total), s.cell_head),
            para(percent(result.total_score, form.max_total), s.cell_head),
        ]
    )
    out.append(para(t.SUMMARY_DIMENSIONS, s.h2))
    out.append(data_table(rows, [60 * mm, 35 * mm, 35 * mm, CONTENT_WIDTH - 130 * mm]))

    rule = form.level_rule
    out.append(para(t.RULE_HEADING, s.h2))
    out.append(para(rule.description, s.body))
    out.append(KeepTogether([rule_table(form, result, s)]))
    out.append(para(t.RULE_EXPLANATION.format(total=num(result.total_score)), s.note))
    described = form.level_description(result.level)
    if described is not None:
        desc, label = described
        out.append(para(t.LEVEL_DESCRIPTION.format(level=level), s.h2))
        out.append(para(desc, s.body))
        out.append(para(label, s.note))
    if not result.complete:
        out.append(_incomplete_box(form, result, s))
    return out


def rule_table(form: Form, result: ScoreResult, s: Styles) -> Flowable:
    """The two-part level rule, level by level: the points condition, the scene condition, and both together."""
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.RULE_TABLE_HEAD]]
    for rc in result.rule_checks:
        rows.append(
            [
                para(form.level_name(rc.level), s.cell),
                para(t.RULE_MIN_SCORE.format(score=num(rc.min_score)), s.cell),
                markup(_met(rc.score_met), s.cell),
                para(f"{rc.scenes} / {rc.min_scenes}", s.cell),
                para(f"{rc.constrained} / {rc.min_constrained}", s.cell),
                markup(_met(rc.scenes_met), s.cell),
                markup(coloured(t.SATISFIED, GOOD) if rc.met else coloured(t.NOT_SATISFIED, BAD), s.cell),
            ]
        )
    widths = [16 * mm, 22 * mm, 20 * mm, 36 * mm, 34 * mm, 20 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return data_table(rows, widths)


def _charts(sec: Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    font = s.font.regular
    bars = [DimensionBar(d.id, d.max_points, (result.dimension_scores.get(d.id, Decimal(0)),)) for d in form.dimensions]
    out: list[Flowable] = [CondPageBreak(120 * mm), sec.h1(t.CHARTS_HEADING, s)]
    out.append(KeepTogether([para(t.CHART_DIMENSIONS, s.h2), dimension_chart(bars, font)]))
    out.append(Spacer(1, 4 * mm))
    target = form.target_level
    threshold = form.level_rule.threshold(target)
    count = next((c for c in result.scene_counts if c.level == target), None)
    note = t.CHART_SCENES_NOTE.format(
        target=form.level_name(target),
        scenes=count.scenes if count is not None else 0,
        constrained=count.constrained if count is not None else 0,
        min_scenes=threshold.min_scenes,
        min_constrained=threshold.min_constrained,
    )
    out.append(
        KeepTogether(
            [
                para(t.CHART_SCENES.format(count=len(form.scenes)), s.h2),
                scene_chart(form, [result.scene_levels], font),
                para(note, s.note),
            ]
        )
    )
    return out


def _plan_section(sec: Sections, form: Form, result: ScoreResult, s: Styles) -> list[Flowable]:
    plan: Plan | None = result.gap_to_level_2  # the plan to the form's target level
    target_level = form.target_level
    heading = t.PLAN_HEADING.format(target=form.level_name(target_level))
    reached = result.level >= target_level
    if reached:
        plan = result.gap_to_next_level
        heading = (
            t.PLAN_HEADING_TOP if plan is None else t.PLAN_HEADING.format(target=form.level_name(plan.target_level))
        )
    out: list[Flowable] = [PageBreak(), sec.h1(heading, s)]
    if reached:
        if plan is None:
            out.append(para(t.PLAN_AT_TOP.format(level=form.level_name(result.level)), s.body))
            return out
        line = t.PLAN_ABOVE_TARGET.format(
            target=form.level_name(target_level),
            level=form.level_name(result.level),
            next=form.level_name(plan.target_level),
        )
        out.append(para(line, s.body))
    assert plan is not None
    target = form.level_name(plan.target_level)
    threshold = form.level_rule.threshold(plan.target_level)
    needs: list[str] = []
    if plan.points_needed > 0:
        needs.append(
            t.PLAN_NEED_POINTS.format(
                points=num(plan.points_needed),
                total=num(result.total_score),
                target=target,
                min_score=num(threshold.min_score),
            )
        )
    if plan.scene_upgrades_needed > 0:
        needs.append(
            t.PLAN_NEED_SCENES.format(
                scenes=plan.scene_upgrades_needed,
                constrained=plan.constrained_upgrades_needed,
                target=target,
                min_scenes=threshold.min_scenes,
                min_constrained=threshold.min_constrained,
            )
        )
    if not needs:
        out.append(para(t.PLAN_ALL_MET.format(target=target), s.body))
        return out
    out.append(para(t.PLAN_NEEDS.format(target=target, needs="；".join(needs)), s.body))
    out.append(para(t.PLAN_METHOD, s.note))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.PLAN_TABLE_HEAD]]
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
        summary.append(t.PLAN_QUESTIONS_TOTAL.format(effort=plan.question_effort, points=num(plan.points_gain)))
    if plan.scene_steps:
        summary.append(t.PLAN_SCENES_TOTAL.format(count=len(plan.scene_steps)))
    out.append(para(t.PLAN_TOTAL.format(parts="；".join(summary)), s.note))
    return out


def _question_step_row(number: int, form: Form, step: QuestionStep, s: Styles) -> list[Any]:
    question = form.question(step.question_id)
    item = f"{text(step.question_id)} {text(step.question_text)}"
    current = choice_text(question, step.from_choice) if question is not None else text(",".join(step.from_choice))
    lead = t.STEP_ADD_OPTIONS if step.multi else t.STEP_RAISE_TO
    goal = text(lead) + "<br/>" + "<br/>".join(f"{text(o.id)}. {text(o.text)}" for o in step.options)
    effect = t.STEP_EFFECT.format(points=num(step.points_gain), effort=step.effort)
    return [
        para(str(number), s.cell),
        markup(item, s.cell),
        markup(current, s.cell),
        markup(goal, s.cell),
        markup(effect, s.cell),
    ]


def _scene_step_row(number: int, form: Form, step: SceneStep, s: Styles) -> list[Any]:
    star = t.STEP_CONSTRAINED if step.constrained else ""
    item = f"{text(step.scene_id)} {text(step.name)}{text(star)}"
    current = text(scene_level_name(form, step.from_level))
    to_level = scene_level_name(form, step.to_level)
    goal = text(t.STEP_SCENE_GOAL.format(level=to_level)) + f"<br/>{text(step.text)}"
    effect = text(t.STEP_SCENE_EFFECT.format(level=to_level))
    return [
        para(str(number), s.cell),
        markup(item, s.cell),
        markup(current, s.cell),
        markup(goal, s.cell),
        markup(effect, s.cell),
    ]


def signature_table(labels: Sequence[tuple[str, str]], s: Styles) -> Table:
    """Return label / blank-line pairs to sign on, then a date line."""
    rows: list[list[Any]] = []
    for left_label, right_label in labels:
        rows.append([para(left_label, s.body), "", para(right_label, s.body), ""])
    rows.append([para(t.SIGNATURE_DATE, s.body), para(t.SIGNATURE_DATE_BLANK, s.body), "", ""])
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


def _commitment_section(
    sec: Sections, commitment: CommitmentText, record: AssessmentRecord | None, s: Styles
) -> list[Flowable]:
    """The signed commitment, word for word, with the lines to sign and seal on."""
    block: list[Flowable] = [sec.h1(t.COMMITMENT_HEADING, s), para(commitment.text, s.body)]
    block.append(signature_table([t.ENTERPRISE_SIGNATURE], s))
    if record is not None and record.assessment.on_site:
        block.append(Spacer(1, 8 * mm))
        block.append(para(t.ASSESSOR_TEXT, s.body))
        block.append(signature_table([t.ASSESSOR_SIGNATURE], s))
    return [CondPageBreak(90 * mm), KeepTogether(block)]


def _verification_section(
    sec: Sections,
    form: Form,
    record: AssessmentRecord | None,
    digest: str,
    digest_label: str,
    stamp: Stamp,
    draft: bool,
) -> list[Flowable]:
    s = stamp.styles
    width = value_width(VERIFY_KEY_WIDTH)
    rows: list[tuple[str, Any]] = [(t.V_DIGEST.format(label=digest_label), digest_para(digest, width, s))]
    if record is not None:
        rows.append((t.V_ASSESSMENT, t.ASSESSMENT_NUMBER.format(id=record.assessment.id)))
        assessor = record.assessment.assessor
        if assessor.name or assessor.organisation:
            who = "｜".join(x for x in (assessor.name, assessor.organisation, assessor.role) if x)
            rows.append((t.C_ASSESSOR, who))
        rows.append((t.V_FORM_HASH_OF_RECORD, digest_para(record.assessment.form_hash, width, s)))
    rows.append((t.V_FORM_USED, t.FORM_REVISION.format(id=form.id, revision=form.revision)))
    rows.append(("", digest_para(form.content_hash, width, s)))
    rows += signer_rows(stamp, VERIFY_KEY_WIDTH)
    rows += stamp_rows(stamp, VERIFY_KEY_WIDTH)
    block: list[Flowable] = [sec.h1(t.VERIFICATION_HEADING, s), key_value_table(rows, s, key_width=VERIFY_KEY_WIDTH)]
    block.append(para(t.DIGEST_SCOPE if record is not None else t.ANSWERS_DIGEST_SCOPE, s.note))
    if record is not None and record.assessment.form_hash != form.content_hash:
        block.append(notice_box([para(t.FORM_HASH_MISMATCH, s.cell)]))
    out: list[Flowable] = [CondPageBreak(70 * mm), KeepTogether(block)]
    if record is not None and not draft:
        out += [Spacer(1, 4 * mm), KeepTogether([how_to_verify(stamp)])]
    return out
