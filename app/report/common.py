"""What both reports share: the options that stamp them, section numbering, and small text helpers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import PurePath
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from app.core.form import Form, Question
from app.core.records import AssessmentRecord, AssessmentStatus
from app.core.texts import CommitmentText
from app.report import texts as t
from app.report.fonts import FontChoice, find_cjk_font
from app.report.layout import (
    BAD,
    CONTENT_WIDTH,
    GOOD,
    MUTED,
    Styles,
    cn_datetime,
    coloured,
    digest_para,
    make_styles,
    notice_box,
    para,
    text,
    value_width,
)

REPRODUCIBLE_TIMESTAMP = datetime(2024, 1, 1, 0, 0, 0)
REPRODUCIBLE_DOCUMENT_ID = "00000000-0000-4000-8000-000000000000"
CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ReportSigner:
    """One signature of the exported package: its role (enterprise | assessor), signer's name and key fingerprint."""

    role: str
    name: str
    fingerprint: str


@dataclass(frozen=True)
class ReportOptions:
    """How a report is stamped: time, document id, fingerprints, version, font, and the commitment it prints."""

    generated_at: datetime | None = None  # None: now; fixed for reproducible output
    document_id: str | None = None  # None: random uuid; fixed for reproducible output
    package_fingerprint: str | None = None  # printed in the footer once the package is exported
    signer_fingerprint: str | None = None  # the signing key's fingerprint, printed in the verification block
    app_version: str = ""
    font: FontChoice | None = None  # None: find_cjk_font()
    # The truthfulness commitment to print with its signature lines: the exact text a package signs. The program
    # always passes it (app.wiring); None leaves the commitment page out (layout reviews, benchmarks).
    commitment: CommitmentText | None = None
    origin: str | None = None  # an imported assessment whose package key was not trusted: 来源未核验
    signers: tuple[ReportSigner, ...] = ()  # the exported package's signatures (enterprise, countersignatures)
    package_file: str | None = None  # the exported package's file name (never its folder), for 如何核验
    compared_packages: tuple[str | None, str | None] = (None, None)  # comparison: the two packages' fingerprints


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


class Sections:
    """Numbers the top-level headings 一、二、… in the order they are laid out."""

    def __init__(self) -> None:
        self.count = 0

    def h1(self, title: str, s: Styles) -> Paragraph:
        self.count += 1
        n = self.count
        label = CN_NUMERALS[n - 1] if n <= 10 else "十" + CN_NUMERALS[n - 11]
        return para(f"{label}、{title}", s.h1)


@dataclass(frozen=True)
class Stamp:
    styles: Styles
    generated_at: datetime
    document_id: str
    options: ReportOptions


def keep(flowables: list[Flowable], room: float) -> list[Flowable]:
    """Start a section on a new page when less than ``room`` is left on this one, so that its heading is never left
    at the foot of a page: the heading keeps with its next block (keepWithNext), and the room holds both."""
    if not flowables:
        return []
    return [CondPageBreak(room), *flowables]


def unsigned(options: ReportOptions) -> ReportOptions:
    """Return the options without package, signers and fingerprints: a draft is never signed nor exported, so its
    report prints none of them (issue 13)."""
    return replace(
        options,
        package_fingerprint=None,
        signer_fingerprint=None,
        signers=(),
        package_file=None,
        compared_packages=(None, None),
    )


def stamp_of(options: ReportOptions) -> Stamp:
    font = options.font or find_cjk_font()
    generated = options.generated_at or datetime.now().astimezone()
    return Stamp(make_styles(font), generated, options.document_id or str(uuid.uuid4()), options)


def creator(options: ReportOptions) -> str:
    return "sme-digital-assess" + (f" {options.app_version}" if options.app_version else "")


def scene_level_name(form: Form, level: int) -> str:
    """The name of a scene's level 0–4 as the form gives it (level 0: the form's "no level reached")."""
    name = form.scene_level_names.get(level)
    if name:
        return name
    if level <= form.level_rule.max_level:
        return form.level_name(level)
    return t.LEVEL_FALLBACK.format(n=level)


def status_text(record: AssessmentRecord) -> str:
    return t.FINALIZED if record.assessment.status == AssessmentStatus.FINALIZED else t.DRAFT_STATUS


def choice_text(question: Question, choice: Sequence[str]) -> str:
    """Return markup listing chosen options with their official texts (or 未作答)."""
    if not choice:
        return coloured(t.NOT_ANSWERED, BAD)
    parts = []
    for oid in choice:
        option = question.option(oid)
        parts.append(f"{text(oid)}. {text(option.text)}" if option is not None else text(oid))
    return "<br/>".join(parts)


def level_change(before: int, after: int) -> str:
    if after > before:
        return coloured(t.LEVEL_UP.format(n=after - before), GOOD)
    if after < before:
        return coloured(t.LEVEL_DOWN.format(n=before - after), BAD)
    return coloured(t.LEVEL_SAME, MUTED)


def small(value: str) -> str:
    """Return escaped text as grey markup (a secondary line in a table cell, as large as the cell's text)."""
    return f'<font color="{MUTED.hexval()}">{text(value)}</font>'


def clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def footer_lines(document_id: str, package_fingerprint: str | None) -> tuple[tuple[str, str], ...]:
    """The footer's document line, and the package fingerprint once the package is exported."""
    lines: tuple[tuple[str, str], ...] = ((t.FOOTER_DOCUMENT, document_id),)
    if package_fingerprint:
        lines += ((t.FOOTER_PACKAGE, package_fingerprint),)
    return lines


def stamp_rows(stamp: Stamp, key_width: float) -> list[tuple[str, Any]]:
    """The verification rows both reports end with: document, time, version, fingerprints."""
    s, options = stamp.styles, stamp.options
    width = value_width(key_width)
    rows: list[tuple[str, Any]] = [
        (t.V_DOCUMENT_ID, digest_para(stamp.document_id, width, s)),
        (t.V_GENERATED_AT, cn_datetime(stamp.generated_at)),
    ]
    if options.app_version:
        rows.append((t.V_APP_VERSION, options.app_version))
    if options.signer_fingerprint and not options.signers:
        rows.append((t.V_SIGNER, digest_para(options.signer_fingerprint, width, s)))
    if options.package_fingerprint:
        rows.append((t.V_PACKAGE, digest_para(options.package_fingerprint, width, s)))
    if options.origin:
        rows.append((t.V_ORIGIN, options.origin))
    return rows


def signer_rows(stamp: Stamp, key_width: float) -> list[tuple[str, Any]]:
    """One row per signature of the exported package: role, signer's name, and the key's fingerprint."""
    s, width = stamp.styles, value_width(key_width)
    rows: list[tuple[str, Any]] = []
    for signer in stamp.options.signers:
        role = t.SIGNER_ROLES.get(signer.role, signer.role)
        name = para(t.SIGNER_LINE.format(role=role, name=signer.name or t.SIGNER_NO_NAME), s.cell)
        rows.append((t.V_SIGNERS if not rows else "", [name, digest_para(signer.fingerprint, width, s)]))
    return rows


def how_to_verify(stamp: Stamp) -> Flowable:
    """The 如何核验 box: the package's file name and fingerprint, the verify command and the offline verifier."""
    s, options = stamp.styles, stamp.options
    inner = CONTENT_WIDTH - 16
    parts: list[Flowable] = [para(t.HOW_TO_VERIFY, s.h3)]
    if options.package_fingerprint:
        if options.package_file:
            parts.append(para(f"{t.VERIFY_PACKAGE_FILE}：{PurePath(options.package_file).name}", s.cell))
        parts.append(para(f"{t.V_PACKAGE}：", s.cell))
        parts.append(digest_para(options.package_fingerprint, inner, s))
        file = PurePath(options.package_file).name if options.package_file else t.VERIFY_FILE_PLACEHOLDER
        parts.extend(para(step.format(file=file), s.cell) for step in t.VERIFY_STEPS)
    elif options.signer_fingerprint:  # the report inside the package: its fingerprint is not known yet
        parts.append(para(t.VERIFY_IN_PACKAGE, s.cell))
    else:
        parts.append(para(t.VERIFY_NOT_EXPORTED, s.cell))
    return notice_box(parts)
