"""Render sample reports to PDF and to PNG pages under an output folder, for a human to look at.

Usage: python build_scripts/review_report.py OUT_DIR [--dpi 60] [--no-png] [--fallback-font]

Writes OUT_DIR/<name>.pdf and OUT_DIR/<name>/p-NN.png (with poppler's pdftoppm) for: an on-site assessment at
level two (after transformation), a baseline at level one, an empty draft, a report from an answer document
alone, a record with long notes on every item, and the before/after comparison.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.answers import AnswerSet  # noqa: E402
from app.core.compare import compare  # noqa: E402
from app.core.form import Form  # noqa: E402
from app.core.records import AssessmentKind, AssessmentStatus  # noqa: E402
from app.core.scoring import score  # noqa: E402
from app.report import find_cjk_font, render_assessment_report, render_comparison_report  # noqa: E402
from app.report.fonts import ENV_VAR  # noqa: E402
from app.report.pdf import ReportOptions, reproducible_options  # noqa: E402
from app.report.samples import demo_record, with_long_notes  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.texts import bundled_commitment  # noqa: E402


def samples(form: Form, options: ReportOptions) -> dict[str, Callable[[], bytes]]:
    """Return the sample reports by name, each as a function rendering its PDF."""
    after = demo_record(form)
    baseline = demo_record(form, kind=AssessmentKind.BASELINE, on_site=False)
    empty = replace(
        baseline,
        answers=AnswerSet(form.id),
        evidence=(),
        assessment=replace(baseline.assessment, status=AssessmentStatus.DRAFT, id=13),
    )
    long_notes = with_long_notes(baseline, form)

    def assessment(record_name: str) -> Callable[[], bytes]:
        record = {"after": after, "baseline": baseline, "draft-empty": empty, "long-notes": long_notes}[record_name]
        return lambda: render_assessment_report(form, record, record.answers, score(form, record.answers), options)

    def answers_only() -> bytes:
        return render_assessment_report(form, None, after.answers, score(form, after.answers), options)

    def comparison() -> bytes:
        rb, ra = score(form, baseline.answers), score(form, after.answers)
        cmp = compare((form, baseline.answers, rb), (form, after.answers, ra))
        return render_comparison_report(form, baseline, rb, after, ra, cmp, options)

    return {
        "assessment-after": assessment("after"),
        "assessment-baseline": assessment("baseline"),
        "assessment-draft-empty": assessment("draft-empty"),
        "assessment-long-notes": assessment("long-notes"),
        "answers-only": answers_only,
        "comparison": comparison,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--no-png", action="store_true", help="write the PDFs only")
    parser.add_argument("--fallback-font", action="store_true", help="use the non-embedded CID font")
    args = parser.parse_args(argv)

    form = FormRegistry.from_dir(ROOT / "forms").get("miit-2024")
    font = find_cjk_font(env={ENV_VAR: "none"}) if args.fallback_font else find_cjk_font()
    options = reproducible_options(
        font=font,
        package_fingerprint="SHA256:3F9A77C10B2E9D4451AA6E08C3D712F5",
        signer_fingerprint="ed25519:8C2F1A0B7D6E5F4A",
        app_version="review",
        commitment=bundled_commitment(),
    )
    print(f"font: {font.note}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    if not args.no_png and pdftoppm is None:
        print("pdftoppm not found (install poppler-utils); writing PDFs only", file=sys.stderr)
    for name, render in samples(form, options).items():
        pdf = args.out_dir / f"{name}.pdf"
        pdf.write_bytes(render())
        line = f"{pdf}"
        if not args.no_png and pdftoppm is not None:
            pages = args.out_dir / name
            if pages.exists():
                shutil.rmtree(pages)
            pages.mkdir()
            subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", str(pdf), str(pages / "p")], check=True)
            line += f"  ->  {len(list(pages.glob('*.png')))} PNG pages in {pages}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
