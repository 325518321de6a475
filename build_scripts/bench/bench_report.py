"""Benchmark: rendering reports, in process, in a batch and as a process, each beside a plain ReportLab baseline.

Usage: python build_scripts/bench/bench_report.py [--repeat 7] [--batch 100] [--processes 5]

Prints, from one run, in turns (the figure and its baseline interleaved, so that a busy machine slows both):

(a) in process: the complete assessment report (and the long-notes and comparison reports) beside a plain
    ``SimpleDocTemplate`` holding the same text: every paragraph of the report (same markup, same paragraph style
    and font, without keep-with-next) and every table's cells (the same paragraphs, column widths and cell padding,
    without rules, fills or repeated header rows), in the same frame width; no cover, charts, page header or footer,
    bookmarks or page breaks. Median of each, and the ratio report / baseline.
(b) a batch of reports rendered the way the program renders them (the font found per report, as
    ``app.wiring.render_pdf`` does): how many times a font file was parsed (``TTFontFile`` constructions, counted on
    ReportLab's class) during the batch and in the whole benchmark process, and the time per report.
(c) as a process: ``python -m app report --answers FILE --out FILE.pdf`` beside a bare process (``python -c``)
    that imports ``reportlab.platypus``, registers the same TrueType font and builds one bare document with it.
    Median wall time of each, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.pdfbase import ttfonts  # noqa: E402

# Count every font file ReportLab parses in this process, from the first lookup on (ReportLab's own class).
PARSES = [0]
_parse = ttfonts.TTFontFile.__init__


def _counting_parse(self: Any, *args: Any, **kwargs: Any) -> None:
    PARSES[0] += 1
    _parse(self, *args, **kwargs)


ttfonts.TTFontFile.__init__ = _counting_parse

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.compare import compare  # noqa: E402
from app.core.records import AssessmentKind  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.report import find_cjk_font  # noqa: E402
from app.report.assessment import assessment_composition  # noqa: E402
from app.report.comparison import comparison_composition  # noqa: E402
from app.report.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Composition  # noqa: E402
from app.report.pdf import reproducible_options  # noqa: E402
from app.report.samples import demo_record, with_long_notes  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.texts import bundled_commitment  # noqa: E402

# --- (a) the plain baseline: the report's text, without its layout logic ---------------------------------------

Spec = tuple[Any, ...]  # ("p", markup, style) | ("t", rows of cell specs, widths, paddings) | ("s", height)


def _plain_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "-plain", parent=style, keepWithNext=0)


def _cell_spec(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [spec for v in value for spec in _specs(v)]
    if isinstance(value, Flowable):
        return _specs(value)
    return "" if value is None else str(value)


def _specs(flowable: Flowable) -> list[Spec]:
    """The text content of a flowable, as specs the baseline rebuilds with plain ReportLab."""
    if isinstance(flowable, Paragraph):
        return [("p", flowable.text, _plain_style(flowable.style))]
    if isinstance(flowable, Table):
        first = flowable._cellStyles[0][0]
        paddings = (first.leftPadding, first.rightPadding, first.topPadding, first.bottomPadding)
        rows = [[_cell_spec(v) for v in row] for row in flowable._cellvalues]
        return [("t", rows, list(flowable._argW), paddings)]
    if isinstance(flowable, KeepTogether):
        return [spec for f in flowable._content for spec in _specs(f)]
    if isinstance(flowable, Spacer):
        return [("s", flowable.height)]
    return []  # charts, page breaks, page templates: layout, not text


def _build(spec: Spec) -> Flowable:
    kind = spec[0]
    if kind == "p":
        return Paragraph(spec[1], spec[2])
    if kind == "s":
        return Spacer(1, spec[1])
    _, rows, widths, (left, right, top, bottom) = spec
    data = [[[_build(s) for s in cell] if isinstance(cell, list) else cell for cell in row] for row in rows]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), left),
                ("RIGHTPADDING", (0, 0), (-1, -1), right),
                ("TOPPADDING", (0, 0), (-1, -1), top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ]
        )
    )
    return table


def plain_document(specs: list[Spec]) -> bytes:
    """The baseline: the specs as plain paragraphs and tables in a SimpleDocTemplate of the report's frame width."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
    )
    doc.build([_build(s) for s in specs])
    return buffer.getvalue()


def specs_of(composition: Composition) -> list[Spec]:
    return [spec for f in composition.story for spec in _specs(f)]


# --- timing helpers ------------------------------------------------------------------------------------------


def in_turns(cases: list[Callable[[], Any]], repeat: int) -> list[list[float]]:
    """Time every case ``repeat`` times, one after another in turns (the order alternating each turn)."""
    times: list[list[float]] = [[] for _ in cases]
    for turn in range(repeat):
        order = list(range(len(cases)))
        if turn % 2:
            order.reverse()
        for i in order:
            start = time.perf_counter()
            cases[i]()
            times[i].append(time.perf_counter() - start)
    return times


def ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:8.1f} ms ({min(times) * 1000:.1f}–{max(times) * 1000:.1f})"


# --- (c) the processes ----------------------------------------------------------------------------------------

BARE_PROCESS = """
import sys
from io import BytesIO
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
pdfmetrics.registerFont(TTFont("Bare", sys.argv[1], subfontIndex=0))
body = ParagraphStyle("b", fontName="Bare", fontSize=10, leading=15, wordWrap="CJK")
text = "企业根据自身实际情况自愿自主填报，进行真实性承诺即可获得评测结果。" * 4
buffer = BytesIO()
SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([Paragraph(text, body) for _ in range(6)])
open(sys.argv[2], "wb").write(buffer.getvalue())
"""


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="turns of (a)")
    parser.add_argument("--batch", type=int, default=100, help="reports in the batch of (b)")
    parser.add_argument("--processes", type=int, default=5, help="turns of (c)")
    args = parser.parse_args(argv)

    form = FormRegistry.from_dir(ROOT / "forms").get("miit-2024")
    start = time.perf_counter()
    font = find_cjk_font()
    print(f"font lookup + registration: {(time.perf_counter() - start) * 1000:.1f} ms  ({font.note}, {font.path})")
    options = reproducible_options(font=font, commitment=bundled_commitment())
    after = demo_record(form)
    baseline = demo_record(form, kind=AssessmentKind.BASELINE)
    long_notes = with_long_notes(baseline, form)
    ra, rb, rl = score(form, after.answers), score(form, baseline.answers), score(form, long_notes.answers)
    comparison = compare((form, baseline.answers, rb), (form, after.answers, ra))
    reports: list[tuple[str, Callable[[], Composition]]] = [
        ("complete report", lambda: assessment_composition(form, after, after.answers, ra, options)),
        ("long-notes report", lambda: assessment_composition(form, long_notes, long_notes.answers, rl, options)),
        ("comparison report", lambda: comparison_composition(form, baseline, rb, after, ra, comparison, options)),
    ]

    print(f"(a) in process, {args.repeat} turns, median (min–max); baseline: the same text in a SimpleDocTemplate")
    for name, compose in reports:
        specs = specs_of(compose())
        cases: list[Callable[[], Any]] = [lambda c=compose: c().build(), lambda s=specs: plain_document(s)]  # type: ignore[misc]
        for case in cases:  # warm up: glyph tables, caches
            case()
        report_times, plain_times = in_turns(cases, args.repeat)
        ratio = statistics.median(report_times) / statistics.median(plain_times)
        paragraphs = sum(1 for s in specs if s[0] == "p")
        tables = sum(1 for s in specs if s[0] == "t")
        print(f"  {name:<18} {ms(report_times)}")
        print(f"  {'  baseline':<18} {ms(plain_times)}  ({paragraphs} paragraphs, {tables} tables)")
        print(f"  {'  ratio':<18} ×{ratio:.2f}")

    found_options = replace(options, font=None)  # each report finds its font, as the program's renderer does
    before = PARSES[0]
    start = time.perf_counter()
    for _ in range(args.batch):
        assessment_composition(form, after, after.answers, ra, found_options).build()
    per_report = (time.perf_counter() - start) / args.batch
    print(
        f"(b) a batch of {args.batch} complete reports, the font found per report: "
        f"{PARSES[0] - before} font file parses during the batch, {PARSES[0]} in this whole process; "
        f"{per_report * 1000:.1f} ms per report"
    )

    with tempfile.TemporaryDirectory() as tmp:
        answers_file = Path(tmp) / "answers.json"
        answers_file.write_text(json.dumps(after.answers.to_document(), ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ, SME_ASSESS_DATA_DIR=str(Path(tmp) / "data"), PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once (the warm-up), as an installed program is
        assert font.path is not None, "the process comparison needs an embedded TrueType font"
        app_cmd = [sys.executable, "-m", "app", "report"]
        app_cmd += ["--answers", str(answers_file), "--out", str(Path(tmp) / "report.pdf")]
        bare_cmd = [sys.executable, "-c", BARE_PROCESS, font.path, str(Path(tmp) / "bare.pdf")]
        process_cases: list[Callable[[], Any]] = [lambda: run(app_cmd, env), lambda: run(bare_cmd, env)]
        for case in process_cases:  # warm up: the page cache, .pyc files
            case()
        app_times, bare_times = in_turns(process_cases, args.processes)
    ratio = statistics.median(app_times) / statistics.median(bare_times)
    print(f"(c) process, {args.processes} turns, median (min–max) wall time")
    print(f"  {'report --answers':<18} {ms(app_times)}")
    print(f"  {'bare process':<18} {ms(bare_times)}  (import platypus, register the font, one bare document)")
    print(f"  {'ratio':<18} ×{ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
