"""The before/after comparison report of two assessments of one enterprise."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from app.core.compare import Comparison
from app.core.form import Form
from app.core.records import AssessmentRecord, AssessmentStatus
from app.core.scoring import ScoreResult
from app.report import texts as t
from app.report.assessment import enterprise_rows, rule_table, signature_table
from app.report.charts import DimensionBar, dimension_chart, scene_chart
from app.report.common import (
    DEFAULT_OPTIONS,
    ReportOptions,
    Sections,
    Stamp,
    choice_text,
    creator,
    footer_lines,
    keep,
    level_change,
    scene_level_name,
    stamp_of,
    stamp_rows,
    status_text,
    unsigned,
)
from app.report.details import evidence_table
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
    digest_para,
    key_value_table,
    markup,
    notice_box,
    num,
    para,
    signed,
    text,
    value_width,
)


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
    return comparison_composition(form, before, before_result, after, after_result, comparison, options).build()


def comparison_composition(
    form: Form,
    before: AssessmentRecord,
    before_result: ScoreResult,
    after: AssessmentRecord,
    after_result: ScoreResult,
    comparison: Comparison,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> Composition:
    """The comparison report before layout: its story, styles, page decoration and metadata."""
    draft = any(r.assessment.status != AssessmentStatus.FINALIZED for r in (before, after))
    if draft:
        options = unsigned(options)
    stamp = stamp_of(options)
    s = stamp.styles
    digest_before = before.content_digest()
    digest_after = after.content_digest()
    sec = Sections()
    story: list[Flowable] = []
    story += _head(form, before, after, comparison, after_result, stamp, digest_before, digest_after, draft)
    story += _rules(sec, form, before, before_result, after, after_result, s)
    story += _scores(sec, form, before_result, after_result, comparison, before, after, s)
    story += keep(_questions(sec, form, comparison, before, after, s), 60 * mm)
    story += _scenes(sec, form, comparison, before_result, after_result, before, after, s)
    story += _evidence(sec, form, before, after, s)
    story += _verification(sec, form, before, after, digest_before, digest_after, stamp)
    if not draft:
        story += _acceptance(sec, s)

    enterprise = after.enterprise.name
    footer = (
        (t.CMP_FOOTER_BEFORE, digest_before),
        (t.CMP_FOOTER_AFTER, digest_after),
        *footer_lines(stamp.document_id, options.package_fingerprint),
    )
    decor = PageDecor(t.COMPARISON_TITLE, enterprise, footer, watermark=t.DRAFT_WATERMARK if draft else "")
    subject = t.CMP_SUBJECT.format(
        before=form.level_name(comparison.level_before),
        after=form.level_name(comparison.level_after),
        total_before=num(comparison.total_before),
        total_after=num(comparison.total_after),
    )
    info = DocumentInfo(
        title=f"{t.COMPARISON_TITLE} - {enterprise}",
        subject=subject,
        author=enterprise,
        creator=creator(options),
        keywords=(form.id, digest_before, digest_after, stamp.document_id),
        created=stamp.generated_at,
        document_id=stamp.document_id,
    )
    return Composition(story, s, decor, info)


def _column_label(record: AssessmentRecord, label: str) -> str:
    return t.CMP_COLUMN.format(label=label, kind=record.assessment.kind.label)


def _describe(r: AssessmentRecord) -> list[str]:
    a = r.assessment
    assessor = "｜".join(x for x in (a.assessor.name, a.assessor.organisation, a.assessor.role) if x)
    return [
        t.C_NUMBER_VALUE.format(id=a.id, status=status_text(r)),
        a.kind.label,
        cn_date(a.assessed_on),
        t.ON_SITE if a.on_site else t.SELF_ASSESSED,
        assessor or t.NOT_FILLED,
        t.FORM_REVISION.format(id=a.form_id, revision=a.form_revision),
    ]


def _head(
    form: Form,
    before: AssessmentRecord,
    after: AssessmentRecord,
    comparison: Comparison,
    after_result: ScoreResult,
    stamp: Stamp,
    digest_before: str,
    digest_after: str,
    draft: bool,
) -> list[Flowable]:
    s = stamp.styles
    out: list[Flowable] = [Spacer(1, 4 * mm), para(t.COMPARISON_TITLE, s.title), Spacer(1, 2 * mm)]
    e = after.enterprise
    out.append(para(t.CMP_ENTERPRISE.format(name=e.name, uscc=e.uscc or t.NOT_FILLED), s.subtitle))
    out.append(Spacer(1, 6 * mm))
    lv_before = form.level_name(comparison.level_before)
    lv_after = form.level_name(comparison.level_after)
    colour = (
        GOOD
        if comparison.level_after > comparison.level_before
        else (BAD if comparison.level_after < comparison.level_before else ACCENT)
    )
    big = s.level.clone("cmp_level", fontSize=30 if max(len(lv_before), len(lv_after)) > 2 else 38, leading=48)
    delta = comparison.total_after - comparison.total_before
    total = t.CMP_TOTAL.format(
        before=num(comparison.total_before), after=num(comparison.total_after), delta=signed(delta)
    )
    rows = [
        [para(t.OVERALL_LEVEL, s.level_caption)],
        [markup(f"{text(lv_before)} → {coloured(lv_after, colour)}", big)],
        [para(total, s.level_caption)],
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
    out.append(Spacer(1, 4 * mm))
    target = form.target_level
    verdict = t.CMP_VERDICT.format(
        level=lv_after,
        target=form.level_name(target),
        reached=t.CMP_YES if comparison.level_after >= target else t.CMP_NO,
    )
    explain = [markup(f"<b>{text(verdict)}</b>", s.body), para(rule_sentence(form, after_result), s.cell)]
    explain.append(para(limit_sentence(form, after_result), s.cell))
    out.append(notice_box(explain))
    if draft:
        out.append(Spacer(1, 3 * mm))
        out.append(notice_box([para(t.CMP_DRAFT, s.cell)]))
    out.append(Spacer(1, 5 * mm))
    out.append(key_value_table(enterprise_rows(e), s, key_width=40 * mm))
    out.append(Spacer(1, 4 * mm))

    head = (t.CMP_ITEM, _column_label(before, t.CMP_BEFORE_LONG), _column_label(after, t.CMP_AFTER_LONG))
    rows2: list[list[Any]] = [[para(h, s.cell_head) for h in head]]
    for label, b, a in zip(t.CMP_ROWS, _describe(before), _describe(after), strict=True):
        rows2.append([para(label, s.cell_head), para(b, s.cell), para(a, s.cell)])
    half = (CONTENT_WIDTH - 28 * mm) / 2
    # The two content digests are in every page's footer and in the verification block.
    out.append(data_table(rows2, [28 * mm, half, half], zebra=False))
    notes: list[Flowable] = []
    if not comparison.same_form:
        notes.append(para(t.CMP_OTHER_FORM, s.cell))
    if before.enterprise.id != after.enterprise.id or before.enterprise.uscc != after.enterprise.uscc:
        notes.append(para(t.CMP_OTHER_ENTERPRISE, s.cell))
    if notes:
        out.append(Spacer(1, 4 * mm))
        out.append(notice_box(notes))
    out.append(Spacer(1, 3 * mm))
    out.append(para(t.CMP_STAMP.format(time=cn_datetime(stamp.generated_at), document_id=stamp.document_id), s.note))
    return out


def rule_sentence(form: Form, result: ScoreResult) -> str:
    """How the two parts of the rule give the level (总分等级 and 场景等级 → 综合等级)."""
    return t.CMP_LEVEL_RULE.format(
        score_level=form.level_name(result.score_level),
        scene_level=form.level_name(result.scene_level),
        level=form.level_name(result.level),
    )


def limit_sentence(form: Form, result: ScoreResult) -> str:
    """Why the level is not one higher: which part of the rule for the next level is not met."""
    check = next((rc for rc in result.rule_checks if rc.level == result.level + 1), None)
    if check is None:
        return t.CMP_AT_TOP.format(level=form.level_name(result.level))
    values = {
        "next": form.level_name(check.level),
        "total": num(result.total_score),
        "min_score": num(check.min_score),
        "scenes": check.scenes,
        "constrained": check.constrained,
        "min_scenes": check.min_scenes,
        "min_constrained": check.min_constrained,
    }
    if check.score_met and not check.scenes_met:
        return t.CMP_LIMIT_SCENES.format(**values)
    if check.scenes_met and not check.score_met:
        return t.CMP_LIMIT_SCORE.format(**values)
    return t.CMP_LIMIT_BOTH.format(**values)


def _rules(
    sec: Sections,
    form: Form,
    before: AssessmentRecord,
    before_result: ScoreResult,
    after: AssessmentRecord,
    after_result: ScoreResult,
    s: Styles,
) -> list[Flowable]:
    """Before and after, each with its two-part-rule table and why its level is what it is."""
    out: list[Flowable] = [CondPageBreak(110 * mm), sec.h1(t.CMP_RULE_HEADING, s)]
    for record, result, label in ((before, before_result, t.CMP_BEFORE_LONG), (after, after_result, t.CMP_AFTER_LONG)):
        caption = t.CMP_RULE_BEFORE.format(
            label=_column_label(record, label), total=num(result.total_score), level=form.level_name(result.level)
        )
        block = [
            para(caption, s.h2),
            rule_table(form, result, s),
            para(rule_sentence(form, result), s.note),
            para(limit_sentence(form, result), s.note),
        ]
        out.append(KeepTogether(block))
    return out


def _evidence(
    sec: Sections, form: Form, before: AssessmentRecord, after: AssessmentRecord, s: Styles
) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(60 * mm), sec.h1(t.CMP_EVIDENCE_HEADING, s)]
    for record, label in ((before, t.CMP_BEFORE_LONG), (after, t.CMP_AFTER_LONG)):
        title = t.CMP_EVIDENCE_OF.format(label=_column_label(record, label), id=record.assessment.id)
        out += evidence_table(form, record, s, title)
    return out


def _acceptance(sec: Sections, s: Styles) -> list[Flowable]:
    """The acceptance opinion: conclusion boxes, room to write, and lines for the three parties to sign on."""
    lines = [para(x, s.body) for x in t.ACCEPTANCE_TEXT]
    box = notice_box([*lines, Spacer(1, 28 * mm)])
    block: list[Flowable] = [sec.h1(t.ACCEPTANCE_HEADING, s), box, signature_table(t.ACCEPTANCE_SIGNATURES, s)]
    return [CondPageBreak(150 * mm), KeepTogether(block)]


def _scores(
    sec: Sections,
    form: Form,
    before_result: ScoreResult,
    after_result: ScoreResult,
    comparison: Comparison,
    before: AssessmentRecord,
    after: AssessmentRecord,
    s: Styles,
) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(90 * mm), sec.h1(t.CMP_SCORES_HEADING, s)]
    maxima = {d.id: d.max_points for d in form.dimensions}
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.CMP_SCORES_TABLE_HEAD]]
    for dim, b, a in comparison.dimensions:
        rows.append(_delta_row(dim, maxima.get(dim), b, a, s))
    rows.append(
        _delta_row(t.CMP_TOTAL_ROW, form.max_total, comparison.total_before, comparison.total_after, s, bold=True)
    )
    levels = (
        (before_result.score_level, after_result.score_level),
        (before_result.scene_level, after_result.scene_level),
        (comparison.level_before, comparison.level_after),
    )
    for label, (lb, la) in zip(t.CMP_LEVEL_ROWS, levels, strict=True):
        rows.append(
            [
                para(label, s.cell_head),
                para("—", s.cell),
                para(form.level_name(lb), s.cell),
                para(form.level_name(la), s.cell),
                markup(level_change(lb, la), s.cell),
            ]
        )
    widths = [40 * mm, 25 * mm, 30 * mm, 30 * mm, 0.0]
    widths[4] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    bars = [DimensionBar(dim, maxima.get(dim, max(b, a)), (b, a)) for dim, b, a in comparison.dimensions]
    series = (_column_label(before, t.CMP_BEFORE), _column_label(after, t.CMP_AFTER))
    out.append(KeepTogether([para(t.CMP_CHART_DIMENSIONS, s.h2), dimension_chart(bars, s.font.regular, series)]))
    return out


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


def _questions(
    sec: Sections, form: Form, comparison: Comparison, before: AssessmentRecord, after: AssessmentRecord, s: Styles
) -> list[Flowable]:
    out: list[Flowable] = [sec.h1(t.CMP_QUESTIONS_HEADING, s)]
    changed = comparison.changed_questions
    unchanged = [q.question_id for q in comparison.questions if q.before == q.after]
    line = t.CMP_QUESTIONS_CHANGED.format(count=len(changed))
    line += t.CMP_QUESTIONS_UNCHANGED.format(count=len(unchanged), ids="、".join(unchanged)) if unchanged else "。"
    out.append(para(line, s.body))
    if not changed:
        return out
    columns = {"before": _column_label(before, t.CMP_BEFORE), "after": _column_label(after, t.CMP_AFTER)}
    rows: list[list[Any]] = [[para(h.format(**columns), s.cell_head) for h in t.CMP_QUESTIONS_TABLE_HEAD]]
    for change in changed:
        question = form.question(change.question_id)
        if question is not None:
            b, a = choice_text(question, change.before), choice_text(question, change.after)
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


def _scenes(
    sec: Sections,
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
    series = (_column_label(before, t.CMP_BEFORE), _column_label(after, t.CMP_AFTER))
    summary = t.CMP_SCENES_SUMMARY.format(count=len(comparison.scenes), up=up, down=down)
    levels = [before_result.scene_levels, after_result.scene_levels]
    out: list[Flowable] = [
        KeepTogether(
            [
                sec.h1(t.CMP_SCENES_HEADING, s),
                para(summary, s.body),
                para(t.CMP_CHART_SCENES, s.h2),
                scene_chart(form, levels, s.font.regular, series),
            ]
        )
    ]
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.CMP_SCENES_TABLE_HEAD]]
    for change in comparison.scenes:
        scene = form.scene(change.scene_id)
        star = " ★" if change.constrained else ""
        official = ""
        if change.before != change.after:
            if change.after == 0:
                official = scene_level_name(form, 0)
            elif scene is not None:
                official = scene.levels.get(change.after, "")
        rows.append(
            [
                para(change.scene_id, s.cell),
                para(change.name + star, s.cell),
                para(scene_level_name(form, change.before), s.cell),
                para(scene_level_name(form, change.after), s.cell),
                markup(level_change(change.before, change.after), s.cell),
                para(official, s.cell) if official else markup(coloured("—", MUTED), s.cell),
            ]
        )
    widths = [11 * mm, 26 * mm, 19 * mm, 19 * mm, 18 * mm, 0.0]
    widths[5] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _verification(
    sec: Sections,
    form: Form,
    before: AssessmentRecord,
    after: AssessmentRecord,
    digest_before: str,
    digest_after: str,
    stamp: Stamp,
) -> list[Flowable]:
    s = stamp.styles
    key = 40 * mm
    width = value_width(key)
    rows: list[tuple[str, Any]] = [
        (t.CMP_V_DIGEST_BEFORE.format(id=before.assessment.id), digest_para(digest_before, width, s)),
        (t.CMP_V_DIGEST_AFTER.format(id=after.assessment.id), digest_para(digest_after, width, s)),
    ]
    for label, fingerprint in zip((t.CMP_BEFORE, t.CMP_AFTER), stamp.options.compared_packages, strict=True):
        value = digest_para(fingerprint, width, s) if fingerprint else para(t.CMP_PACKAGE_NONE, s.cell)
        rows.append((t.CMP_PACKAGE_OF.format(label=label), value))
    rows += [
        (t.CMP_V_FORM_BEFORE, digest_para(before.assessment.form_hash, width, s)),
        (t.CMP_V_FORM_AFTER, digest_para(after.assessment.form_hash, width, s)),
        (t.V_FORM_USED, t.FORM_REVISION.format(id=form.id, revision=form.revision)),
        ("", digest_para(form.content_hash, width, s)),
    ]
    rows += stamp_rows(stamp, key)
    block: list[Flowable] = [
        sec.h1(t.VERIFICATION_HEADING, s),
        key_value_table(rows, s, key_width=key),
        para(t.DIGEST_SCOPE, s.note),
    ]
    return [CondPageBreak(70 * mm), KeepTogether(block)]
