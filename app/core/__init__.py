"""Pure domain logic: forms, answers, scoring, levels and planning. No Qt, database, PDF or key store.

The scoring modules can also run compiled (``build_scripts/compile_core.py``, mypyc): the extension modules are kept
in ``app/core/_compiled/`` beside a stamp, the SHA-256 of the sources they were built from. That folder goes first
on this package's path only when the stamp matches the sources as they are now, so the ``.py`` files stay the
source of truth: an edited source (or a missing or stale build) runs as pure Python. In a frozen bundle, which
holds no sources, the build step compiled them just before bundling. ``SME_ASSESS_PURE_PYTHON=1`` forces pure Python.
"""

from __future__ import annotations

import hashlib
import os
import sys

# The modules compiled, and the other core modules whose types they are compiled against (the stamp covers both).
COMPILED_MODULES = ("answers", "checks", "planner", "scoring")
COMPILED_AGAINST = ("form", "formdata", "jsondata", "text_rules")
COMPILED_FOLDER = "_compiled"
STAMP_NAME = "SOURCES.sha256"
PURE_PYTHON_ENV = "SME_ASSESS_PURE_PYTHON"


def sources_digest(package_dir: str) -> str | None:
    """SHA-256 over the compiled modules' sources and those they depend on (None: a source is missing)."""
    digest = hashlib.sha256()
    for name in (*COMPILED_MODULES, *COMPILED_AGAINST):
        try:
            with open(os.path.join(package_dir, name + ".py"), "rb") as f:
                data = f.read()
        except OSError:
            return None
        digest.update(f"{name}.py {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def compiled_folder(package_dir: str, *, frozen: bool = False) -> str | None:
    """The folder of compiled modules to use for the package in ``package_dir``, or None for pure Python."""
    if os.environ.get(PURE_PYTHON_ENV) == "1":
        return None
    folder = os.path.join(package_dir, COMPILED_FOLDER)
    try:
        with open(os.path.join(folder, STAMP_NAME), encoding="ascii") as f:
            stamp = f.read().strip()
    except (OSError, ValueError):
        return None
    if not frozen and stamp != sources_digest(package_dir):
        return None  # built from other sources: run these as they are
    return folder


_folder = compiled_folder(__path__[0], frozen=bool(getattr(sys, "frozen", False)))
if _folder is not None:
    __path__.insert(0, _folder)
