"""Compile the scoring core with mypyc: app/core/{answers,checks,planner,scoring}.py -> app/core/_compiled/.

Usage (with the dev extras installed, which bring mypy and its compiler mypyc):
    .venv/bin/python build_scripts/compile_core.py            # compile when the sources changed since the last build
    .venv/bin/python build_scripts/compile_core.py --force    # compile again
    .venv/bin/python build_scripts/compile_core.py --clean    # remove the compiled modules (pure Python again)
    (or ``python dev.py compile [--force|--clean]``)

The .py sources stay the source of truth: app/core/__init__.py uses the compiled modules only while the stamp
written beside them matches the sources (see there), and every test runs the same on both. Without mypyc, Python's
headers or a C compiler (gcc/cc on Linux, Visual Studio's C++ build tools on Windows) the step prints why it is
skipped and exits 0: the program runs as pure Python. ``--require`` makes a skip an error (CI).
"""

from __future__ import annotations

import argparse
import ast
import os
import shlex
import shutil
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "app" / "core"
sys.path.insert(0, str(ROOT))

# app/core/__init__.py: the standard library only, so importing it here imports nothing else of the app.
from app.core import (  # noqa: E402
    COMPILED_AGAINST,
    COMPILED_FOLDER,
    COMPILED_MODULES,
    STAMP_NAME,
    sources_digest,
)

OUT = CORE / COMPILED_FOLDER
GROUP = "app.core._scoring_core"  # the shared library of the compiled modules: app/core/_compiled/_scoring_core__mypyc


class SkippedError(Exception):
    """Why the modules cannot be compiled on this machine (the program then runs as pure Python)."""


def check_imports() -> None:
    """The compiled modules may import, of the app, only the core modules the stamp covers (their types are
    compiled in: a change there must make the build stale)."""
    allowed = {f"app.core.{name}" for name in (*COMPILED_MODULES, *COMPILED_AGAINST)}
    for name in COMPILED_MODULES:
        tree = ast.parse((CORE / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
                modules = {node.module}
            elif isinstance(node, ast.Import):
                modules = {a.name for a in node.names if a.name.startswith("app")}
            else:
                continue
            outside = modules - allowed
            if outside:
                raise SystemExit(
                    f"compile_core: app/core/{name}.py imports {', '.join(sorted(outside))}: add it to"
                    " COMPILED_AGAINST in app/core/__init__.py (the stamp must cover it)"
                )


def check_toolchain() -> None:
    try:
        import mypyc.build  # noqa: F401, PLC0415 (a dev dependency: only this step needs it)
    except ImportError as exc:
        raise SkippedError(f"mypyc is not installed ({exc}); install the dev extras: pip install -e .[dev]") from None
    include = sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").is_file():
        raise SkippedError(f"Python's C headers are missing ({include}/Python.h; Debian: apt-get install python3-dev)")
    if os.name != "nt":
        cc = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
        if not cc or shutil.which(cc[0]) is None:
            raise SkippedError(f"no C compiler ({' '.join(cc) or 'cc'} not found; Debian: apt-get install gcc)")
    # On Windows setuptools finds Visual Studio's build tools itself; the build below says so when they are missing.


def up_to_date() -> bool:
    try:
        stamp = (OUT / STAMP_NAME).read_text(encoding="ascii").strip()
    except OSError:
        return False
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    present = all((OUT / f"{name}{suffix}").is_file() for name in (*COMPILED_MODULES, "_scoring_core__mypyc"))
    return present and stamp == sources_digest(str(CORE))


def clean() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
        print(f"compile_core: removed {OUT.relative_to(ROOT)}", flush=True)


def compile_modules(verbose: bool) -> int:
    """Compile into a temporary folder, then replace app/core/_compiled/; returns the compiled size in bytes."""
    from mypyc.build import mypycify  # noqa: PLC0415
    from setuptools import Distribution  # noqa: PLC0415 (setuptools comes with mypyc's build)

    digest = sources_digest(str(CORE))
    assert digest is not None
    with tempfile.TemporaryDirectory(prefix="compile-core-") as tmp:
        work = Path(tmp)
        cwd = Path.cwd()
        os.chdir(ROOT)  # mypy reads the project's configuration and finds the app package from here
        try:
            extensions = mypycify(
                [f"app/core/{name}.py" for name in COMPILED_MODULES],
                opt_level="3",
                target_dir=str(work / "c"),
                group_name=GROUP,
                verbose=verbose,
            )
            # A bare Distribution: no setup.py or pyproject.toml is read (the project is not built, only these).
            dist = Distribution({"name": "sme-assess-core", "ext_modules": extensions})
            build_ext = dist.get_command_obj("build_ext")
            build_ext.build_lib = str(work / "lib")  # type: ignore[attr-defined]
            build_ext.build_temp = str(work / "temp")  # type: ignore[attr-defined]
            dist.verbose = verbose
            dist.run_command("build_ext")
        except Exception as exc:  # a compiler that fails or is missing (setuptools raises its own kinds)
            raise SkippedError(f"the C build failed: {type(exc).__name__}: {exc}") from None
        finally:
            os.chdir(cwd)
        built = sorted((work / "lib" / "app" / "core").glob("*" + sysconfig.get_config_var("EXT_SUFFIX")))
        if not built:
            raise SkippedError("the C build produced no extension modules")
        staging = CORE / f"{COMPILED_FOLDER}.new"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
        for path in built:
            shutil.copy2(path, staging / path.name)
        # The stamp last: the folder is used only with it.
        (staging / STAMP_NAME).write_text(digest + "\n", encoding="ascii")
        clean()
        staging.rename(OUT)
    return sum(p.stat().st_size for p in OUT.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="compile even when the build is up to date")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules and stop")
    parser.add_argument("--require", action="store_true", help="fail (exit 1) instead of skipping")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.clean:
        clean()
        return 0
    check_imports()
    if not args.force and up_to_date():
        print(f"compile_core: {OUT.relative_to(ROOT)} is up to date with the sources", flush=True)
        return 0
    started = time.monotonic()
    try:
        check_toolchain()
        print(f"compile_core: compiling app/core/{{{','.join(COMPILED_MODULES)}}}.py with mypyc", flush=True)
        size = compile_modules(args.verbose)
    except SkippedError as exc:
        clean()  # nothing stale stays behind
        print(f"compile_core: skipped, the program runs as pure Python: {exc}", flush=True)
        return 1 if args.require else 0
    print(
        f"compile_core: {OUT.relative_to(ROOT)} built in {time.monotonic() - started:.0f} s"
        f" ({size / 1_000_000:.1f} MB)",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
