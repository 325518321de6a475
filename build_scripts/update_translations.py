"""Update the English translation: extract new UI strings into the .ts source, then compile the .qm.

Run from the project's virtual environment (Windows or Linux):

    python build_scripts/update_translations.py            # lupdate (merge) + lrelease
    python build_scripts/update_translations.py --release  # lrelease only (after editing the .ts)

lupdate scans every app/ui/**/*.py, adds new messages to resources/i18n/app_en.ts as unfinished, keeps every
existing translation and drops messages no longer in the code (-no-obsolete). Translate the unfinished ones
(Qt Linguist: ``pyside6-linguist resources/i18n/app_en.ts``, or by hand), then run again to compile app_en.qm.
Both files are committed; tests/ui/test_i18n.py fails when either is out of date. It also compiles
resources/i18n/qt_extra_zh_CN.ts (Qt's own texts that qtbase_zh_CN lacks, kept by hand) into its .qm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "app" / "ui"
TS_FILE = ROOT / "resources" / "i18n" / "app_en.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
# Qt's own Chinese texts that qtbase_zh_CN lacks: written by hand (lupdate has no source for them), only compiled.
QT_EXTRA_TS = ROOT / "resources" / "i18n" / "qt_extra_zh_CN.ts"
QT_EXTRA_QM = QT_EXTRA_TS.with_suffix(".qm")
LUPDATE_OPTIONS = ("-no-obsolete", "-locations", "none", "-silent")


def find_tool(name: str) -> Path:
    """Qt's lupdate or lrelease as shipped with PySide6 in this Python's environment."""
    exe = ".exe" if sys.platform == "win32" else ""
    candidates = []
    try:
        import PySide6  # noqa: PLC0415 (only this helper needs it)

        candidates.append(Path(PySide6.__file__).resolve().parent / f"{name}{exe}")
    except ImportError:
        pass
    scripts = Path(sys.executable).parent
    candidates += [scripts / f"pyside6-{name}{exe}", scripts / f"pyside6-{name}"]
    for path in candidates:
        if path.is_file():
            return path
    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    raise SystemExit(f"{name} not found: install PySide6 in this environment ({sys.executable})")


def sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in ui_dir.rglob("*.py") if "__pycache__" not in p.parts)


def run(cmd: Sequence[str | Path]) -> None:
    result = subprocess.run([os.fspath(c) for c in cmd], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{Path(cmd[0]).name} failed with exit status {result.returncode}")


def lupdate(ts_file: Path = TS_FILE, ui_dir: Path = UI_DIR) -> None:
    """Merge the strings found in the UI code into ts_file (created if missing), keeping translations."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    run([find_tool("lupdate"), *LUPDATE_OPTIONS, *sources(ui_dir), "-ts", ts_file])


def lrelease(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE) -> None:
    """Compile ts_file into qm_file (unfinished messages are left out, so Chinese shows for them)."""
    run([find_tool("lrelease"), "-silent", ts_file, "-qm", qm_file])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts into the .qm")
    args = parser.parse_args(argv)
    if not args.release:
        lupdate()
    lrelease()
    lrelease(QT_EXTRA_TS, QT_EXTRA_QM)
    print(f"{QT_EXTRA_QM.relative_to(ROOT)}: written")
    text = TS_FILE.read_text(encoding="utf-8")
    total, unfinished = text.count("<message"), text.count('type="unfinished"')
    print(f"{TS_FILE.relative_to(ROOT)}: {total} messages, {unfinished} unfinished")
    print(f"{QM_FILE.relative_to(ROOT)}: written")
    return 1 if unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
