"""Render sample reports to PDF and to PNG pages under an output folder, for a human to look at.

Usage: python build_scripts/review_report.py OUT_DIR [--dpi 60] [--no-png] [--fallback-font]

Writes OUT_DIR/<name>.pdf and OUT_DIR/<name>/p-NN.png (with poppler's pdftoppm) for: an on-site assessment at
level two (after transformation), a baseline at level one, an empty draft, a report from an answer document
alone (complete, and an incomplete one: a draft), a record with long notes on every item, and the
before/after comparison (app.report.samples.sample_reports).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.report import find_cjk_font  # noqa: E402
from app.report.fonts import ENV_VAR  # noqa: E402
from app.report.samples import sample_options, sample_reports  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.texts import bundled_commitment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--no-png", action="store_true", help="write the PDFs only")
    parser.add_argument("--fallback-font", action="store_true", help="use the non-embedded CID font")
    args = parser.parse_args(argv)

    form = FormRegistry.from_dir(ROOT / "forms").get("miit-2024")
    font = find_cjk_font(env={ENV_VAR: "none"}) if args.fallback_font else find_cjk_font()
    options = sample_options(font, bundled_commitment())
    print(f"font: {font.note}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    if not args.no_png and pdftoppm is None:
        print("pdftoppm not found (install poppler-utils); writing PDFs only", file=sys.stderr)
    for name, render in sample_reports(form, options).items():
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
