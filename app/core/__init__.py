"""Pure domain logic: forms, answers, scoring, levels and planning. No Qt, database, PDF or key store.

The scoring modules can also run compiled (``build_scripts/compile_core.py``, mypyc): the extension modules are kept
in ``app/core/_compiled/`` beside a stamp, the SHA-256 of the sources they were built from. That folder goes first
on this package's path only when the stamp matches the sources as they are now, so the ``.py`` files stay the
source of truth: an edited source (or a missing or stale build) runs as pure Python. In a frozen bundle, which
holds no sources, the build step compiled them just before bundling. ``SME_ASSESS_PURE_PYTHON=1`` forces pure Python.

That choice is made as the first compiled module is imported, not with this package: what only reads the forms'
data (the window's first listing) neither reads the sources again nor loads hashlib for it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

# The modules compiled, and the other core modules whose types they are compiled against (the stamp covers both).
COMPILED_MODULES = ("answers", "checks", "planner", "scoring")
COMPILED_AGAINST = ("form", "formdata", "jsondata", "text_rules")
COMPILED_FOLDER = "_compiled"
STAMP_NAME = "SOURCES.sha256"
PURE_PYTHON_ENV = "SME_ASSESS_PURE_PYTHON"


def sources_digest(package_dir: str) -> str | None:
    """SHA-256 over the compiled modules' sources and those they depend on (None: a source is missing)."""
    import hashlib  # noqa: PLC0415 (on use: loading OpenSSL was most of what importing this package cost)

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


class _CompiledChoice:
    """On sys.meta_path until a compiled module is first imported: then it puts the compiled folder first on this
    package's path, when a matching build is there, and leaves; the usual finders then find the module there."""

    names = frozenset(f"{__name__}.{name}" for name in COMPILED_MODULES)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.chosen: list[str | None] = []  # once made: the folder first on the path, or None for pure Python

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname in self.names:
            self.choose()

    def choose(self) -> str | None:
        with self.lock:
            if not self.chosen:
                folder = compiled_folder(__path__[0], frozen=bool(getattr(sys, "frozen", False)))
                if folder is not None:
                    __path__.insert(0, folder)  # the very list the import system hands the finders
                self.chosen.append(folder)
                with contextlib.suppress(ValueError):
                    sys.meta_path.remove(self)
            return self.chosen[0]


_choice = _CompiledChoice()
sys.meta_path.insert(0, _choice)


def choose_compiled() -> str | None:
    """Make the choice now if no compiled module was imported yet: the compiled folder in use, or None."""
    return _choice.choose()
