"""The two PDF reports, under their historical module name (the code lives in assessment.py and comparison.py)."""

from __future__ import annotations

from app.report.assessment import render_assessment_report
from app.report.common import (
    DEFAULT_OPTIONS,
    REPRODUCIBLE_DOCUMENT_ID,
    REPRODUCIBLE_TIMESTAMP,
    ReportOptions,
    reproducible_options,
)
from app.report.comparison import render_comparison_report

__all__ = [
    "DEFAULT_OPTIONS",
    "REPRODUCIBLE_DOCUMENT_ID",
    "REPRODUCIBLE_TIMESTAMP",
    "ReportOptions",
    "render_assessment_report",
    "render_comparison_report",
    "reproducible_options",
]
