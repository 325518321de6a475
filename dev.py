#!/usr/bin/env python3
"""Developer entry point: ``python dev.py run`` starts the app, ``python dev.py test`` runs every check.

Standard library only, so it works on a fresh machine with nothing but Python 3.11+ (Windows included).
It creates ``.venv`` in the project root on first use and reinstalls only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_tool(name: str) -> str:
    folder = VENV / ("Scripts" if os.name == "nt" else "bin")
    return str(folder / (name + (".exe" if os.name == "nt" else "")))


def ensure_venv(extras: str) -> Path:
    """Create or reuse .venv and install the project (with extras) when pyproject.toml has changed."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print(f"dev.py: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'base'}-{digest}"
    if not stamp.exists():
        target = f".[{extras}]" if extras else "."
        print(f"dev.py: installing {target} into .venv", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True, cwd=ROOT)
        subprocess.run([*pip, "-e", target], check=True, cwd=ROOT)
        for old in VENV.glob(f".installed-{extras or 'base'}-*"):
            old.unlink()
        stamp.touch()
    return python


def run_app(args: list[str]) -> int:
    python = ensure_venv("")
    return subprocess.run([str(python), "-m", "app", *args], cwd=ROOT, check=False).returncode


def run_tests(args: list[str]) -> int:
    python = ensure_venv("dev")
    steps = [
        ("ruff", [venv_tool("ruff"), "check", "."]),
        ("ruff format", [venv_tool("ruff"), "format", "--check", "."]),
        ("mypy", [str(python), "-m", "mypy"]),
        ("import layering", [venv_tool("lint-imports")]),
    ]
    failed = []
    for name, cmd in steps:
        print(f"== {name}", flush=True)
        if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
    print("== pytest", flush=True)
    result = subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT, check=False).returncode
    if failed:
        print(f"dev.py: failed checks: {', '.join(failed)}", flush=True)
        return 1
    return result


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        print("usage: python dev.py run [app arguments] | python dev.py test [pytest arguments]")
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return run_app(rest) if command == "run" else run_tests(rest)


if __name__ == "__main__":
    sys.exit(main())
