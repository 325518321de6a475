#!/usr/bin/env python3
"""Developer entry point: ``python dev.py run`` starts the app, ``python dev.py test`` runs every check.

Standard library only, so it works on a fresh machine with nothing but Python 3.11+ (Windows included).
It creates ``.venv`` in the project root on first use and reinstalls only when pyproject.toml changes.
On Linux it first checks the system packages Qt, the report and the tests need (build_scripts/system-packages.txt);
run as root where apt-get exists it installs the missing ones, otherwise it prints the apt-get line and stops.
``python dev.py system [run|test]`` does only that check; ``python dev.py system --list [run|test]`` prints the
package names. Windows and macOS need no system packages: the wheels bring everything.
``python dev.py compile [--force|--clean]`` compiles the scoring core with mypyc (optional: without a C compiler
it says why and the app runs as pure Python; ``--clean`` removes the compiled modules).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
SYSTEM_PACKAGES = ROOT / "build_scripts" / "system-packages.txt"
SKIP_SYSTEM_CHECK = "DEV_SKIP_SYSTEM_CHECK"  # set to 1 to go on without the check (other distributions)
LIB_FOLDERS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib/*-linux-gnu", "/usr/lib/*-linux-gnu")


class DevError(Exception):
    """A failure dev.py reports in one clear message (never a traceback)."""


def system_packages(command: str) -> list[tuple[str, list[str]]]:
    """(Debian package, what to look for) for everything ``command`` ("run" or "test") needs, in file order."""
    wanted = ("run",) if command == "run" else ("run", "test")
    rows = []
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for line in SYSTEM_PACKAGES.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].replace("{python}", python).split()
        if len(fields) == 3 and fields[1] in wanted:
            rows.append((fields[0], fields[2].split(",")))
    return rows


def _shared_libraries() -> set[str]:
    """Names of the shared libraries the dynamic loader can find (ldconfig's cache and the usual folders)."""
    names: set[str] = set()
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None
    )
    if ldconfig:
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        names.update(line.split()[0] for line in out.splitlines()[1:] if line.strip())
    for pattern in (*LIB_FOLDERS, *os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep)):
        for folder in glob.glob(pattern) if pattern else ():
            with contextlib.suppress(OSError):
                names.update(os.listdir(folder))
    return names


def _fontfiles() -> ModuleType:
    """app/report/fontfiles.py (standard library only), loaded by path: the venv may not exist yet."""
    spec = importlib.util.spec_from_file_location("_sme_fontfiles", ROOT / "app" / "report" / "fontfiles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_system_packages(command: str) -> list[tuple[str, str]]:
    """(package, what is missing) for each system package ``command`` needs and this machine lacks."""
    libraries = _shared_libraries()
    missing = []
    for package, checks in system_packages(command):
        for check in checks:
            kind, _, name = check.partition(":")
            if kind == "lib":
                present = name in libraries
            elif kind == "cmd":
                present = shutil.which(name) is not None
            elif kind == "py":
                present = importlib.util.find_spec(name) is not None
            elif kind == "file":
                present = bool(glob.glob(name))
            elif kind == "font":
                present = _fontfiles().find_truetype_cjk_font(os.environ) is not None
                name = "a CJK TrueType font"
            else:
                raise DevError(f"{SYSTEM_PACKAGES.name}: unknown check {check!r}")
            if not present:
                missing.append((package, name))
                break
    return missing


def check_system(command: str) -> None:
    """On Linux, make sure the system packages are there: install them as root with apt-get, else stop with the line."""
    if not sys.platform.startswith("linux") or os.environ.get(SKIP_SYSTEM_CHECK) == "1":
        return
    missing = missing_system_packages(command)
    if not missing:
        return
    packages = [package for package, _ in missing]
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    line = " ".join(install)
    print("dev.py: this machine lacks system packages that Qt, the report or the tests need:", flush=True)
    for package, name in missing:
        print(f"  {package:<22} ({name} not found)", flush=True)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not is_root or shutil.which("apt-get") is None:
        how = "as root (e.g. with sudo)" if not is_root else "with this system's package manager (no apt-get here)"
        raise DevError(
            f"install them {how}, and run dev.py again:\n"
            f"  {line}\n"
            "(Debian/Ubuntu package names; on other distributions install the same libraries, or set "
            f"{SKIP_SYSTEM_CHECK}=1 to go on without this check)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], install):
        print("+ " + " ".join(cmd), flush=True)
        if subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, check=False).returncode != 0:
            raise DevError(f"'{' '.join(cmd)}' failed; see its output above")
    still = missing_system_packages(command)
    if still:
        raise DevError("still missing after apt-get install: " + ", ".join(f"{p} ({n})" for p, n in still))


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
        raise DevError(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed; this is {sys.version.split()[0]}")
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
        for cmd in ([*pip, "--upgrade", "pip"], [*pip, "-e", target]):
            if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
                raise DevError(f"'pip install {cmd[-1]}' failed; see pip's message above")
        for old in VENV.glob(f".installed-{extras or 'base'}-*"):
            old.unlink()
        stamp.touch()
    return python


def run_app(args: list[str]) -> int:
    check_system("run")
    python = ensure_venv("")
    return subprocess.run([str(python), "-m", "app", *args], cwd=ROOT, check=False).returncode


def run_tests(args: list[str]) -> int:
    check_system("test")
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


def run_compile(args: list[str]) -> int:
    """Compile the scoring core with mypyc (build_scripts/compile_core.py); skipped, with the reason, without a C
    compiler: the program then runs as pure Python."""
    python = ensure_venv("dev")
    script = ROOT / "build_scripts" / "compile_core.py"
    return subprocess.run([str(python), str(script), *args], cwd=ROOT, check=False).returncode


def run_system(args: list[str]) -> int:
    listing = "--list" in args
    rest = [a for a in args if a != "--list"]
    command = rest[0] if rest else "test"
    if command not in ("run", "test") or len(rest) > 1:
        print("usage: python dev.py system [--list] [run|test]")
        return 2
    if listing:
        print("\n".join(package for package, _ in system_packages(command)))
        return 0
    check_system(command)
    print(f"dev.py: the system packages '{command}' needs are installed", flush=True)
    return 0


def main() -> int:
    commands = {"run": run_app, "test": run_tests, "compile": run_compile, "system": run_system}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        print(
            "usage: python dev.py run [app arguments] | python dev.py test [pytest arguments]"
            " | python dev.py compile [--force|--clean] | python dev.py system"
        )
        return 2
    try:
        return commands[sys.argv[1]](sys.argv[2:])
    except DevError as exc:
        print(f"dev.py: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
