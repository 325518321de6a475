"""PySide6's scan of every imported module, done with one read of the file instead of the source lines.

Once PySide6 is loaded, it asks of every module imported after it whether the module's source mentions
"PySide6" (shibokensupport.feature, for ``from __feature__ import …``). It asks with ``inspect.getsource``,
which reads the file into ``linecache`` as lines, joins them again, and keeps them for as long as the program
runs: for this program's own modules and for every library they load (SQLAlchemy's hundreds among them), each
file's text held for nothing. Only a run from the sources pays it: the frozen program has no source files.

``quicken`` gives PySide6 the same answer, from the file's bytes, for a module loaded from a ``.py`` file; any
other module (built in, compiled, frozen, from an archive) and any file it cannot read still go to PySide6's
own test. Where a PySide6 release no longer has that test, nothing is changed.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

FEATURE_MODULE = "shibokensupport.feature"
SCAN_NAME = "_mod_uses_pyside"  # PySide6's test: "PySide6" in the module's source
NEEDLE = "PySide6"


def source_mentions_pyside(path: str, fallback: Callable[[ModuleType], bool], module: ModuleType) -> bool:
    """Whether the source file at ``path`` holds the word PySide6; ``fallback(module)`` when it cannot be read.

    Python source is in an ASCII-compatible encoding (PEP 263), so the word's bytes are the word."""
    try:
        with open(path, "rb") as f:
            return NEEDLE.encode("ascii") in f.read()
    except (OSError, ValueError):  # gone, unreadable, or a path the system refuses
        return fallback(module)


def quicken(feature: Any = None) -> bool:
    """Replace PySide6's per-module source test in ``feature`` (shibokensupport.feature, once PySide6 is
    loaded) with one that reads ``.py`` files directly. Returns whether it is in place."""
    if feature is None:
        feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, SCAN_NAME, None)
    if not callable(original):
        return False
    if getattr(original, "pyside_original", None) is not None:
        return True  # already ours

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            return source_mentions_pyside(path, original, module)
        return bool(original(module))

    uses_pyside.pyside_original = original  # type: ignore[attr-defined]
    setattr(feature, SCAN_NAME, uses_pyside)
    return True


def load_pyside() -> bool:
    """Load PySide6's package and quicken its scan (before any import statement runs in a module that loaded
    PySide6, which PySide6's hook would scan at once as the importer). Returns whether the scan is quickened."""
    importlib.import_module("PySide6")  # not an import statement: this module is not scanned as the importer
    return quicken()
