"""Benchmark: time to render a complete assessment report beside a one-page ReportLab document, same font.

Usage: python build_scripts/bench/bench_report.py [--repeat 7]

Prints the median (and min/max) of several repetitions for: a one-page platypus document with a few Chinese
paragraphs in the same font, the complete assessment report (on-site, level two, evidence), the long-notes
report, and the comparison report; and each report's ratio to the one-page document.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from app.core.compare import compare  # noqa: E402
from app.core.records import AssessmentKind  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.report import find_cjk_font, render_assessment_report, render_comparison_report  # noqa: E402
from app.report.fonts import FontChoice  # noqa: E402
from app.report.pdf import reproducible_options  # noqa: E402
from app.report.samples import demo_record, with_long_notes  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.texts import bundled_commitment  # noqa: E402


def one_page(font: FontChoice) -> bytes:
    """Render a one-page document: a title and a few paragraphs of Chinese in the report's font."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    body = ParagraphStyle("b", fontName=font.regular, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("t", parent=body, fontSize=18, leading=26)
    text = "企业根据自身实际情况自愿自主填报，进行真实性承诺即可获得评测结果。" * 4
    doc.build([Paragraph("中小企业数字化水平评测", title)] + [Paragraph(text, body) for _ in range(6)])
    return buffer.getvalue()


def timed(fn: Callable[[], bytes], repeat: int) -> tuple[list[float], int]:
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - start)
    return times, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    form = FormRegistry.from_dir(ROOT / "forms").get("miit-2024")
    start = time.perf_counter()
    font = find_cjk_font()
    print(f"font lookup + registration: {(time.perf_counter() - start) * 1000:.1f} ms  ({font.note})")
    options = reproducible_options(font=font, commitment=bundled_commitment())
    after = demo_record(form)
    baseline = demo_record(form, kind=AssessmentKind.BASELINE)
    long_notes = with_long_notes(baseline, form)
    ra, rb, rl = score(form, after.answers), score(form, baseline.answers), score(form, long_notes.answers)
    comparison = compare((form, baseline.answers, rb), (form, after.answers, ra))
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("one-page document", lambda: one_page(font)),
        ("complete report", lambda: render_assessment_report(form, after, after.answers, ra, options)),
        ("long-notes report", lambda: render_assessment_report(form, long_notes, long_notes.answers, rl, options)),
        (
            "comparison report",
            lambda: render_comparison_report(form, baseline, rb, after, ra, comparison, options),
        ),
    ]
    for _, fn in cases:  # warm up: glyph tables, caches
        fn()
    print(f"{args.repeat} repetitions each, median (min–max):")
    baseline_median = 0.0
    for name, fn in cases:
        times, size = timed(fn, args.repeat)
        median = statistics.median(times)
        if not baseline_median:
            baseline_median = median
        ratio = median / baseline_median
        print(
            f"  {name:<18} {median * 1000:8.1f} ms  ({min(times) * 1000:.1f}–{max(times) * 1000:.1f})"
            f"  {size / 1024:7.1f} KiB  ×{ratio:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
