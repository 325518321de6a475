"""PySide6's scan of each imported module (app.ui.featurescan): the same verdict as PySide6's own, without its cost.

PySide6 asks of every module imported after it whether its source mentions PySide6, and reads each source into
linecache to find out. The program's quicker test must give every module the verdict PySide6's own gives, and the
start of the window must no longer leave the program's sources in linecache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.conftest import ROOT, require_qt

require_qt()

from app.ui import featurescan  # noqa: E402 (the package app.ui puts the quicker test in place)


def feature_module() -> ModuleType:
    return sys.modules[featurescan.FEATURE_MODULE]


def test_the_package_puts_the_quicker_test_in_place_and_keeps_pysides_own() -> None:
    installed = getattr(feature_module(), featurescan.SCAN_NAME)
    assert callable(getattr(installed, "pyside_original", None))
    assert featurescan.quicken() is True  # a second call keeps it, not wrapping it again
    assert getattr(feature_module(), featurescan.SCAN_NAME) is installed


def test_every_loaded_module_gets_the_verdict_pysides_own_test_gives() -> None:
    for name in ("app.core.form", "app.ui.main_window"):  # core modules, which do not mention PySide6; the window's
        __import__(name)

    installed = getattr(feature_module(), featurescan.SCAN_NAME)
    original = installed.pyside_original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    kinds = {"py": 0, "other": 0, "yes": 0, "no": 0}
    for module in modules:
        ours, theirs = installed(module), bool(original(module))
        assert ours == theirs, module.__name__
        path = getattr(module, "__file__", None)
        kinds["py" if isinstance(path, str) and path.endswith(".py") else "other"] += 1
        kinds["yes" if ours else "no"] += 1
    assert min(kinds.values()) > 0, kinds  # source files, compiled and built-in modules, both verdicts


def test_a_module_imported_later_is_marked_by_what_its_file_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fs_mentions.py").write_text('"""Uses PySide6 (in a docstring is enough)."""\n', "utf-8")
    (tmp_path / "fs_silent.py").write_text('"""Plain Python: 中文 text, no Qt."""\n', "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("fs_mentions", "fs_silent"):
        __import__(name)  # an import statement's way, through PySide6's import hook (importlib's is not)
    marks = feature_module().pyside_feature_dict
    assert marks["fs_mentions"] == 0  # PySide6's "uses PySide, no feature selected"
    assert marks["fs_silent"] == -1  # PySide6's "ignore this module"


def test_a_file_that_cannot_be_read_goes_to_pysides_own_test(tmp_path: Path) -> None:
    asked: list[str] = []

    def fallback(module: ModuleType) -> bool:
        asked.append(module.__name__)
        return True

    gone = ModuleType("fs_gone")
    assert featurescan.source_mentions_pyside(str(tmp_path / "gone.py"), fallback, gone) is True
    assert featurescan.source_mentions_pyside(str(tmp_path / "nul\0.py"), fallback, gone) is True
    assert asked == ["fs_gone", "fs_gone"]


def test_a_pyside_without_the_test_is_left_as_it_is() -> None:
    assert featurescan.quicken(SimpleNamespace()) is False
    no_call = SimpleNamespace(**{featurescan.SCAN_NAME: "not callable"})
    assert featurescan.quicken(no_call) is False
    assert getattr(no_call, featurescan.SCAN_NAME) == "not callable"


def test_starting_the_window_leaves_no_program_source_in_linecache(tmp_path: Path) -> None:
    """In a fresh process, as the program starts: the window's modules load and none of their sources is read."""
    probe = (
        "import json, linecache, sys\n"
        "import app.ui.app, app.ui.main_window\n"
        f"root = {str(ROOT / 'app')!r}\n"
        "print(json.dumps(sorted(k for k in linecache.cache if k.startswith(root))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=120, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
