"""How often a report's paragraphs are broken into lines (issue 16: a table broke each cell again to split and to
draw it), counted on ReportLab's own ``Paragraph.breakLinesCJK``."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from reportlab.platypus import Paragraph

from app.core.form import Form
from app.report import find_cjk_font
from app.report.samples import sample_options, sample_reports
from app.services.texts import bundled_commitment


@pytest.mark.parametrize("name", ["assessment-after", "assessment-long-notes", "comparison"])
def test_each_paragraph_is_broken_into_lines_once_per_width(
    form: Form, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Paragraph, tuple[float, ...]]] = []  # the paragraphs are kept: their ids stay unique
    original = Paragraph.breakLinesCJK

    def counting(self: Paragraph, widths: Any) -> Any:
        calls.append((self, tuple(widths)))
        return original(self, widths)

    monkeypatch.setattr(Paragraph, "breakLinesCJK", counting)
    pdf = sample_reports(form, sample_options(find_cjk_font(), bundled_commitment()))[name]()
    assert pdf.startswith(b"%PDF")
    counts = Counter((id(paragraph), widths) for paragraph, widths in calls)
    assert len(calls) > 100  # the report's cells and paragraphs were laid out …
    assert max(counts.values()) == 1  # … each once at each width it was given
