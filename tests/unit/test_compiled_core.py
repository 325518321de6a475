"""The optional compiled scoring core (build_scripts/compile_core.py): used only when built from the sources as they
are, and scoring the same either way.

``SME_ASSESS_EXPECT_CORE=compiled`` (CI, after compiling) or ``=pure`` makes the run fail unless the scoring modules
are the compiled ones, or the pure ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import app.core
from app.core import (
    COMPILED_AGAINST,
    COMPILED_FOLDER,
    COMPILED_MODULES,
    PURE_PYTHON_ENV,
    STAMP_NAME,
    answers,
    checks,
    compiled_folder,
    planner,
    scoring,
    sources_digest,
)
from app.core.answers import AnswerSet
from app.core.scoring import score
from app.services.forms import FormRegistry

CORE = Path(app.core.__file__).parent


def _is_compiled(module: object) -> bool:
    # (A module that another compiled one imports first is set up by their shared library, which names its
    # __file__ below app/core/_compiled/app/core/: inside the folder all the same.)
    path = Path(str(getattr(module, "__file__", "")))
    return COMPILED_FOLDER in path.relative_to(CORE).parts and path.suffix != ".py"


def test_the_scoring_modules_are_compiled_exactly_when_a_matching_build_is_there() -> None:
    modules = (answers, checks, planner, scoring)
    assert [m.__name__.rsplit(".", 1)[1] for m in modules] == list(COMPILED_MODULES)
    expected = compiled_folder(str(CORE)) is not None
    assert [_is_compiled(m) for m in modules] == [expected] * len(modules)
    wanted = os.environ.get("SME_ASSESS_EXPECT_CORE")
    if wanted is not None:
        assert wanted in ("compiled", "pure")
        assert expected == (wanted == "compiled"), f"the scoring core runs {'compiled' if expected else 'pure'}"


@pytest.mark.parametrize("first", ["answers", "scoring"])
def test_the_choice_is_made_as_the_first_compiled_module_loads_and_not_before(first: str) -> None:
    """In a fresh process: the forms' data, the display rules and the industries load without the sources read or
    hashlib loaded; whichever compiled module comes first, they all then come from the same place, as the stamp
    says."""
    probe = (
        "import json, sys\n"
        "import app.core.formdata, app.core.display, app.core.industries\n"
        "before = ['hashlib' in sys.modules, list(app.core.__path__)]\n"
        f"import app.core.{first}\n"
        "import app.core.answers, app.core.checks, app.core.planner, app.core.scoring\n"
        "files = [sys.modules['app.core.' + n].__file__ for n in app.core.COMPILED_MODULES]\n"
        "print(json.dumps([before, files, app.core.choose_compiled(), app.core._choice in sys.meta_path]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=CORE.parents[1], capture_output=True, text=True,
                         timeout=120, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr
    (hashed, path_before), files, chosen, still_looking = json.loads(out.stdout)
    assert (hashed, path_before) == (False, [str(CORE)])
    expected = compiled_folder(str(CORE))
    assert chosen == expected
    assert [COMPILED_FOLDER in Path(f).relative_to(CORE).parts for f in files] == [expected is not None] * 4
    assert still_looking is False  # the finder left sys.meta_path once it chose


def _package(tmp_path: Path) -> Path:
    """A copy of app/core's compiled sources with a build stamp that matches them (no modules: only the stamp)."""
    package = tmp_path / "core"
    package.mkdir()
    for name in (*COMPILED_MODULES, *COMPILED_AGAINST):
        shutil.copy2(CORE / f"{name}.py", package / f"{name}.py")
    (package / COMPILED_FOLDER).mkdir()
    digest = sources_digest(str(package))
    assert digest is not None
    (package / COMPILED_FOLDER / STAMP_NAME).write_text(digest + "\n", encoding="ascii")
    return package


def test_a_build_of_other_sources_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    package = _package(tmp_path)
    folder = str(package / COMPILED_FOLDER)
    assert compiled_folder(str(package)) == folder
    # A source compiled against (form.py) edited after the build: stale, pure Python; a frozen bundle has no sources.
    form = package / "form.py"
    form.write_text(form.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled_folder(str(package)) is None
    assert compiled_folder(str(package), frozen=True) == folder
    form.unlink()
    assert compiled_folder(str(package)) is None


def test_no_stamp_or_the_switch_means_pure_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    package = _package(tmp_path)
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert compiled_folder(str(package)) is None
    assert compiled_folder(str(package), frozen=True) is None
    monkeypatch.delenv(PURE_PYTHON_ENV)
    (package / COMPILED_FOLDER / STAMP_NAME).unlink()
    assert compiled_folder(str(package)) is None
    assert compiled_folder(str(package), frozen=True) is None


def test_a_hand_built_answer_set_with_lists_scores_as_with_tuples(registry: FormRegistry) -> None:
    form = registry.get("miit-2024")
    as_tuples = {q.id: (q.options[1].id if q.type == "single" else (q.options[0].id,)) for q in form.questions}
    as_lists = {k: (v if isinstance(v, str) else list(v)) for k, v in as_tuples.items()}
    scenes = {s.id: i % 5 for i, s in enumerate(form.scenes)}
    scenes[form.scenes[0].id] = 7  # a level outside 0-4 in a hand-built set: counted as it is
    by_tuples = score(form, AnswerSet(form.id, answers=as_tuples, scenes=scenes))
    by_lists = score(form, AnswerSet(form.id, answers=as_lists, scenes=scenes))
    assert by_lists.to_json() == by_tuples.to_json()
    assert by_lists.scene_counts[-1].scenes >= 1
    assert AnswerSet(form.id, answers=as_lists).selected(form.questions[0].id) == as_tuples[form.questions[0].id]


def _distinct_values(real: object) -> dict[str, object]:
    """A value per field of ``real`` (a dataclass instance), of the field's kind but unlike any other field's, so a
    field stored from another parameter shows (a compiled class checks each value's type)."""
    import dataclasses
    from decimal import Decimal

    values: dict[str, object] = {}
    for i, f in enumerate(dataclasses.fields(real)):  # type: ignore[arg-type]
        value = getattr(real, f.name)
        if isinstance(value, bool):
            values[f.name] = not value
        elif isinstance(value, int):
            values[f.name] = 1000 + i
        elif isinstance(value, str):
            values[f.name] = f"text {i}"
        elif isinstance(value, Decimal):
            values[f.name] = Decimal(1000 + i)
        elif isinstance(value, tuple):
            values[f.name] = (f"item {i}",)
        elif isinstance(value, dict):
            values[f.name] = {f"key {i}": i}
        else:
            values[f.name] = dataclasses.replace(value, target_level=1000 + i)  # a Plan
    return values


@pytest.mark.parametrize("kind", ["ScoreResult", "Plan"])
def test_a_result_class_keeps_its_dataclass_shape_with_its_own_init(kind: str, registry: FormRegistry) -> None:
    """ScoreResult and Plan define their __init__ (compiled: native stores, about a sixth of scoring a document): it
    takes exactly the fields, in order, with the fields' defaults, sets each from its own parameter, and the class
    stays frozen."""
    import dataclasses
    import inspect

    form = registry.get("miit-2024")
    result = score(form, AnswerSet(form.id, {"Q1": ("B",)}, {"S01": 1}))
    real: object = result if kind == "ScoreResult" else result.gap_to_level_2
    cls = type(real)
    fields = dataclasses.fields(cls)
    if not scoring.NATIVE:  # a compiled __init__ shows no signature; its source is this one
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
        assert [p.name for p in params] == [f.name for f in fields]
        assert [p.default for p in params] == [
            inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
        ]
    assert all(f.default_factory is dataclasses.MISSING for f in fields)  # none: a default_factory needs a sentinel
    assert cls(**{f.name: getattr(real, f.name) for f in fields}) == real
    values = _distinct_values(real)
    made = cls(**values)
    assert {name: getattr(made, name) for name in values} == values
    assert made == cls(*values.values())
    required = {f.name: values[f.name] for f in fields if f.default is dataclasses.MISSING}
    defaulted = cls(**required)
    assert all(getattr(defaulted, f.name) == f.default for f in fields if f.name not in required)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.form_id = "x"  # type: ignore[attr-defined]


def test_the_result_classes_store_natively_exactly_when_compiled() -> None:
    expected = compiled_folder(str(CORE)) is not None
    assert scoring.NATIVE is planner.NATIVE is expected
