"""PDF reports: one assessment, or a before/after comparison, in Chinese with an embedded CJK font."""

from app.report.fonts import FontChoice, find_cjk_font
from app.report.pdf import (
    ReportOptions,
    level_name,
    render_assessment_report,
    render_comparison_report,
    reproducible_options,
)

__all__ = [
    "FontChoice",
    "ReportOptions",
    "find_cjk_font",
    "level_name",
    "render_assessment_report",
    "render_comparison_report",
    "reproducible_options",
]
