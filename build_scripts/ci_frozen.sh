#!/usr/bin/env bash
# CI step: build the Linux frozen program (onedir) and smoke-test it with build_scripts/frozen_smoke.py.
# Called from .ci/run after `python3 dev.py test` (which leaves .venv with the dev extras; build.py adds PyInstaller).
# Needs the system packages .ci/run installs through `python3 dev.py system test` (build_scripts/system-packages.txt:
# binutils for PyInstaller, a CJK font, poppler, Qt's xcb/offscreen libraries). About one minute on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# PyInstaller needs objdump (binutils) on Linux: check (and as root install) rather than assume it.
python3 dev.py system test

started=$(date +%s)
python3 build_scripts/build.py --clean --no-cli-exe
built=$(date +%s)
QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/frozen_smoke.py dist/sme-assess/sme-assess
finished=$(date +%s)
echo "ci_frozen: build $((built - started)) s, smoke test $((finished - built)) s, total $((finished - started)) s"
