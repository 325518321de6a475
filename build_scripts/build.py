"""Build the frozen program with PyInstaller (Windows and Linux): dist/sme-assess/ (onedir) or a onefile exe.

Usage (from anywhere; Windows: ``py`` instead of ``python3``):
    python3 build_scripts/build.py                 # onedir: dist/sme-assess/sme-assess[.exe]
    python3 build_scripts/build.py --onefile       # portable: dist/sme-assess-portable[.exe]
    python3 build_scripts/build.py --clean         # remove the previous build first (also: --clean-only)
    python3 build_scripts/build.py --cli-exe       # also sme-assess-cli (the default on Windows)

Standard library only. It creates or reuses .venv through ``dev.py`` (with the dev extras, as ``dev.py test``
leaves it, so CI does not reinstall), installs PyInstaller into it when missing (below the next major version),
writes build/version_info.txt from ``app.__version__``, compiles the scoring core (build_scripts/compile_core.py:
mypyc, skipped with the reason when no C compiler is available) and runs PyInstaller on build_scripts/sme-assess.spec.
It prints the bundle's path and size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "build_scripts"))

import version_info  # noqa: E402

from dev import ensure_venv  # noqa: E402

SPEC = ROOT / "build_scripts" / "sme-assess.spec"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
WORK = BUILD / "pyinstaller"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10,<7"
NAME = "sme-assess"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def ensure_pyinstaller(python: Path) -> None:
    probe = subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True, check=False)
    if probe.returncode != 0:
        print(f"build.py: installing {PYINSTALLER_REQUIREMENT} into .venv", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, PYINSTALLER_REQUIREMENT], check=True, cwd=ROOT)


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def clean() -> None:
    """Remove this script's artefacts only (other tools may keep their own output under build/ and dist/)."""
    for path in (
        WORK,
        BUILD / "version_info.txt",
        BUILD / "bench",
        DIST / NAME,
        DIST / f"{NAME}-portable{EXE_SUFFIX}",
        DIST / "installer",
    ):
        if path.is_dir():
            print(f"build.py: removing {path}", flush=True)
            shutil.rmtree(path)
        elif path.exists():
            print(f"build.py: removing {path}", flush=True)
            path.unlink()


def bundle_path(onefile: bool) -> Path:
    return DIST / f"{NAME}-portable{EXE_SUFFIX}" if onefile else DIST / NAME


def executable(onefile: bool) -> Path:
    return bundle_path(onefile) if onefile else DIST / NAME / f"{NAME}{EXE_SUFFIX}"


def build(onefile: bool = False, cli_exe: bool | None = None, quiet: bool = True) -> Path:
    """Run PyInstaller on the spec and return the program's executable."""
    python = ensure_venv("dev")
    ensure_pyinstaller(python)
    # The compiled scoring core when a C compiler is there (else it says why and the bundle is pure Python).
    subprocess.run([str(python), str(ROOT / "build_scripts" / "compile_core.py")], check=True, cwd=ROOT)
    print(f"build.py: {version_info.write(BUILD / 'version_info.txt')} (version {version_info.app_version()})")
    env = dict(os.environ, SME_ASSESS_ONEFILE="1" if onefile else "0")
    if cli_exe is not None:
        env["SME_ASSESS_CLI_EXE"] = "1" if cli_exe else "0"
    cmd = [str(python), "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST), "--workpath", str(WORK)]
    if quiet:
        cmd += ["--log-level", "WARN"]
    started = time.monotonic()
    print(f"build.py: {' '.join(cmd)} {SPEC.relative_to(ROOT)}", flush=True)
    subprocess.run([*cmd, str(SPEC)], check=True, cwd=ROOT, env=env)
    exe = executable(onefile)
    if not exe.is_file():
        raise SystemExit(f"build.py: PyInstaller finished but {exe} is missing")
    bundle = bundle_path(onefile)
    print(f"build.py: built in {time.monotonic() - started:.0f} s")
    print(f"build.py: bundle {bundle} ({human(tree_size(bundle))})")
    print(f"build.py: program {exe}")
    return exe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onefile", action="store_true", help="one portable executable instead of a folder")
    parser.add_argument("--clean", action="store_true", help="remove this script's build/ and dist/ output first")
    parser.add_argument(
        "--clean-only", action="store_true", help="remove this script's build/ and dist/ output and stop"
    )
    cli = parser.add_mutually_exclusive_group()
    cli.add_argument("--cli-exe", dest="cli_exe", action="store_true", default=None, help="also sme-assess-cli")
    cli.add_argument("--no-cli-exe", dest="cli_exe", action="store_false", help="only the windowed executable")
    parser.add_argument("--verbose", action="store_true", help="PyInstaller's full log")
    args = parser.parse_args()
    if args.clean or args.clean_only:
        clean()
        if args.clean_only:
            return 0
    build(onefile=args.onefile, cli_exe=args.cli_exe, quiet=not args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
