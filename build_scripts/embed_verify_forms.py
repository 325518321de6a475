"""Embed the installed forms (forms/*.json) into tools/verify.html, the offline browser verifier.

The page treats the forms it carries as "installed" (docs/package-format.md, section 8, step 8): a format 1
package is recomputed with them, and a format 2 package whose form is one of them gets no form-not-installed note.
The page stays one self-contained file that needs no build step to run; this script only refreshes its data.

    python build_scripts/embed_verify_forms.py          # rewrite the block between the markers
    python build_scripts/embed_verify_forms.py --check  # exit 1 when the page's forms differ from forms/
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tools" / "verify.html"
FORMS = ROOT / "forms"
BEGIN = "<!-- BEGIN INSTALLED FORMS (written by build_scripts/embed_verify_forms.py from forms/*.json) -->"
END = "<!-- END INSTALLED FORMS -->"


def block(forms_dir: Path = FORMS) -> str:
    parts = [BEGIN]
    for path in sorted(forms_dir.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"</script", text, re.IGNORECASE) or "<!--" in text:
            raise SystemExit(f"{path.name} cannot be embedded in a script element")
        name = html.escape(path.name, quote=True)
        parts.append(f'<script type="application/json" class="installed-form" data-file="{name}">{text}</script>')
    parts.append(END)
    return "\n".join(parts)


def render(page: str) -> str:
    start, end = page.index(BEGIN), page.index(END) + len(END)
    return page[:start] + block() + page[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 when the page is out of date")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    wanted = render(page)
    if args.check:
        if wanted != page:
            print(f"{PAGE.relative_to(ROOT)} does not carry the forms in forms/: run {Path(__file__).name}")
            return 1
        return 0
    PAGE.write_text(wanted, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
