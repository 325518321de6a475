"""What both reports share: the options that stamp them, section numbering, and small text helpers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from app.core.form import Form, Question
from app.core.records import AssessmentRecord, AssessmentStatus
from app.core.texts import CommitmentText
from app.report import texts as t
from app.report.fonts import FontChoice, find_cjk_font
from app.report.layout import BAD, GOOD, MUTED, Styles, cn_datetime, coloured, make_styles, para, text

REPRODUCIBLE_TIMESTAMP = datetime(2024, 1, 1, 0, 0, 0)
REPRODUCIBLE_DOCUMENT_ID = "00000000-0000-4000-8000-000000000000"
CN_NUMERALS = "一二三四五六七八九十"


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
    """Keep a section on one page when it fits; when it does not, start a new page only if less than room is left."""
    return [KeepTogether(flowables, maxHeight=room)]


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
    """Return escaped text as small grey markup (a secondary line in a table cell)."""
    return f'<font size="7" color="{MUTED.hexval()}">{text(value)}</font>'


def clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def footer_line(document_id: str, package_fingerprint: str | None) -> str:
    line = t.FOOTER_DOCUMENT.format(document_id=document_id)
    if package_fingerprint:
        line += t.FOOTER_PACKAGE.format(fingerprint=package_fingerprint)
    return line


def stamp_rows(stamp: Stamp) -> list[tuple[str, Any]]:
    """The verification rows both reports end with: document, time, version, fingerprints."""
    options = stamp.options
    rows: list[tuple[str, Any]] = [
        (t.V_DOCUMENT_ID, stamp.document_id),
        (t.V_GENERATED_AT, cn_datetime(stamp.generated_at)),
    ]
    if options.app_version:
        rows.append((t.V_APP_VERSION, options.app_version))
    if options.signer_fingerprint:
        rows.append((t.V_SIGNER, options.signer_fingerprint))
    if options.package_fingerprint:
        rows.append((t.V_PACKAGE, options.package_fingerprint))
    if options.origin:
        rows.append((t.V_ORIGIN, options.origin))
    return rows
