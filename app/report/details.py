"""The assessment report's detail tables: answers, scenes, long notes, text sources, warnings and evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from app.core.answers import AnswerSet
from app.core.form import Form, Question
from app.core.records import AssessmentRecord
from app.core.scoring import ScoreResult
from app.report import texts as t
from app.report.common import Sections, choice_text, clip, scene_level_name, small
from app.report.layout import (
    BAD,
    CONTENT_WIDTH,
    MUTED,
    Styles,
    coloured,
    data_table,
    digest_para,
    markup,
    num,
    para,
    text,
)

NOTE_INLINE_LIMIT = 150  # longer notes are shortened in tables and printed in full in their own section
NOTE_EXCERPT = 90
EVIDENCE_DIGEST_WIDTH = 62 * mm  # room for 32 hex digits a line: a SHA-256 prints as two fixed halves


def _inline_note(note: str) -> str:
    """Return a note for a table cell: in full when short, else its start and a pointer to the full text."""
    if len(note) <= NOTE_INLINE_LIMIT:
        return text(note)
    pointer = t.NOTE_POINTER.format(count=len(note), title=t.NOTES_TITLE)
    return text(note[:NOTE_EXCERPT].rstrip()) + "……" + small(pointer)


def full_notes_section(sec: Sections, form: Form, answers: AnswerSet, s: Styles) -> list[Flowable]:
    long_notes = [(i, answers.notes[i]) for i in form.item_ids if len(answers.notes.get(i, "")) > NOTE_INLINE_LIMIT]
    if not long_notes:
        return []
    out: list[Flowable] = [CondPageBreak(40 * mm), sec.h1(t.NOTES_TITLE, s)]
    out.append(para(t.NOTES_INTRO, s.note))
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


def answers_section(sec: Sections, form: Form, answers: AnswerSet, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), sec.h1(t.ANSWERS_HEADING, s)]
    out.append(para(t.ANSWERS_INTRO.format(count=len(form.questions)), s.note))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.ANSWERS_TABLE_HEAD]]
    for q in form.questions:
        selected = answers.selected(q.id)
        kind = t.MULTI_CHOICE if q.is_multi else t.SINGLE_CHOICE
        meta = "｜".join(x for x in (q.dimension, q.sub_indicator, kind) if x)
        question_cell = f'{text(q.text)}<br/><font color="{MUTED.hexval()}">{text(meta)}</font>'
        chosen = choice_text(q, selected)
        got = result.question_scores.get(q.id, Decimal(0))
        detail = _figures_text(q, answers)
        note = answers.notes.get(q.id)
        if note:
            detail.append(text(t.ANSWER_NOTE) + _inline_note(note))
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
            para(t.ANSWERS_TOTAL, s.cell_head),
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


def scenes_section(sec: Sections, form: Form, answers: AnswerSet, result: ScoreResult, s: Styles) -> list[Flowable]:
    below = scene_level_name(form, 0)
    top = max((lv for scene in form.scenes for lv in scene.levels), default=0)
    out: list[Flowable] = [sec.h1(t.SCENES_HEADING, s)]
    out.append(para(t.SCENES_INTRO.format(top=top, below=below), s.note))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.SCENES_TABLE_HEAD]]
    for scene in form.scenes:
        level = result.scene_levels.get(scene.id, 0)
        answered = scene.id in answers.scenes
        star = " ★" if scene.constrained else ""
        kind = t.CONSTRAINED if scene.constrained else t.GUIDING
        name = f'{text(scene.name)}{star}<br/><font color="{MUTED.hexval()}">{text(scene.group)}｜{kind}</font>'
        level_text = scene_level_name(form, level)
        if not answered:
            official = coloured(t.SCENE_NOT_ANSWERED.format(below=below), BAD)
        elif level == 0:
            official = coloured(below, MUTED)
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


def warnings_section(sec: Sections, result: ScoreResult, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [sec.h1(t.WARNINGS_HEADING, s)]
    if not result.warnings:
        out.append(para(t.WARNINGS_NONE, s.body))
        return out
    out.append(para(t.WARNINGS_INTRO.format(count=len(result.warnings)), s.body))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.WARNINGS_TABLE_HEAD]]
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


def evidence_section(sec: Sections, form: Form, record: AssessmentRecord | None, s: Styles) -> list[Flowable]:
    return [sec.h1(t.EVIDENCE_HEADING, s), *evidence_table(form, record, s)]


def evidence_table(form: Form, record: AssessmentRecord | None, s: Styles, title: str = "") -> list[Flowable]:
    """The evidence list of one assessment (under a sub-heading when ``title`` is given)."""
    out: list[Flowable] = [CondPageBreak(45 * mm), para(title, s.h2)] if title else []
    evidence = sorted(record.evidence, key=lambda e: (_item_order(form, e.item), e.filename)) if record else []
    if not evidence:
        out.append(para(t.EVIDENCE_NONE if record is not None else t.EVIDENCE_NONE_ANSWERS, s.body))
        return out
    out.append(para(t.EVIDENCE_INTRO.format(count=len(evidence)), s.note))
    rows: list[list[Any]] = [[para(h, s.cell_head) for h in t.EVIDENCE_TABLE_HEAD]]
    for i, ev in enumerate(evidence, start=1):
        scene = form.scene(ev.item)
        item = f"{ev.item} {scene.name}" if scene is not None else ev.item
        name = text(clip(ev.filename, 120)) + (
            f'<br/><font color="{MUTED.hexval()}">{text(clip(ev.description, 120))}</font>' if ev.description else ""
        )
        rows.append(
            [
                para(str(i), s.cell),
                para(item, s.cell),
                markup(name, s.cell),
                para(_size(ev.size), s.cell),
                digest_para(ev.sha256, EVIDENCE_DIGEST_WIDTH - 8, s),
            ]
        )
    widths = [11 * mm, 22 * mm, 0.0, 17 * mm, EVIDENCE_DIGEST_WIDTH]
    widths[2] = CONTENT_WIDTH - sum(widths)
    out.append(data_table(rows, widths))
    return out


def _item_order(form: Form, item: str) -> int:
    ids = form.item_ids
    return ids.index(item) if item in ids else len(ids)
