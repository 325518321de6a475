"""PDF reports: one assessment, or a before/after comparison, in Chinese with an embedded CJK font."""

from app.report.assessment import render_assessment_report
from app.report.common import ReportOptions, reproducible_options
from app.report.comparison import render_comparison_report
from app.report.fonts import FontChoice, find_cjk_font

__all__ = [
    "FontChoice",
    "ReportOptions",
    "find_cjk_font",
    "render_assessment_report",
    "render_comparison_report",
    "reproducible_options",
]
