"""Level names read from a form's data (the first window's list) are the parsed Form's, by the one naming rule."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.core.form import FormError, parse_form
from app.core.formdata import BELOW_LEVEL_ONE, LevelNames
from app.services.forms import FormRegistry
from tests.conftest import FORM_ID, FORMS_DIR, NEWEST_REVISION

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh", "en")


def newest_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FORMS_DIR / f"miit-2024-r{NEWEST_REVISION}.json").read_text(encoding="utf-8"))
    return data


def same_as_parsed(data: dict[str, Any]) -> None:
    """The light reading gives every name, the top and the target exactly as the parsed Form does."""
    light = LevelNames.of_data(data)
    assert light is not None
    form = parse_form(data)
    for language in LANGUAGES:
        assert light.names(language) == form.level_names(language)
        assert [light.name(n, language) for n in range(-1, light.max_level + 1)] == [
            form.level_name(n, language) for n in range(-1, form.level_rule.max_level + 1)
        ]
    assert (light.max_level, light.target_level) == (form.level_rule.max_level, form.target_level)
    # And both are what the data says (the rule they share checked against the file itself).
    for row in data["level_rule"]["levels"]:
        assert light.name(row["level"], "zh") == row["name"]
        assert light.name(row["level"], "en") == (row.get("name_en") or row["name"])
    for language, key in zip(LANGUAGES, ("scene_level_names", "scene_level_names_en"), strict=True):
        own = data.get(key, {}).get("0")
        assert light.name(0, language) == (own or BELOW_LEVEL_ONE[LANGUAGES.index(language)])
    assert light.target_level == data["level_rule"].get("target_level", 2)


def test_every_bundled_revision_names_its_levels_as_its_parsed_form() -> None:
    light, parsed = FormRegistry.from_dir(FORMS_DIR), FormRegistry.from_dir(FORMS_DIR)
    revisions = [(f.id, f.revision) for f in parsed.forms]
    assert len(revisions) >= 3
    for form_id, revision in revisions:
        levels = light.level_names(form_id, revision)  # before the revision is parsed
        form = parsed.get(form_id, revision)
        for language in LANGUAGES:
            assert levels.names(language) == form.level_names(language)
        assert levels.target_level == form.target_level == 2
    assert light.level_names(FORM_ID).names("zh")[2] == "二级"
    assert light.level_names(FORM_ID).names("en")[0] == parsed.get(FORM_ID).level_name(0, "en")


@pytest.mark.parametrize(
    "change",
    [
        "none",
        "no-target",
        "target-3",
        "no-english-names",
        "empty-english-name",
        "own-level-zero",
        "no-level-zero-names",
        "rows-out-of-order",
    ],
)
def test_the_light_reading_follows_the_parse_on_each_variant(change: str) -> None:
    data = newest_data()
    rule = data["level_rule"]
    if change == "no-target":
        rule.pop("target_level", None)
    elif change == "target-3":
        rule["target_level"] = 3
    elif change == "no-english-names":
        for row in rule["levels"]:
            row.pop("name_en", None)
    elif change == "empty-english-name":
        rule["levels"][1]["name_en"] = ""
    elif change == "own-level-zero":
        data["scene_level_names"] = {**data.get("scene_level_names", {}), "0": "尚未达到"}
        data["scene_level_names_en"] = {**data.get("scene_level_names_en", {}), "0": "Not yet"}
    elif change == "no-level-zero-names":
        data.get("scene_level_names", {}).pop("0", None)
        data.get("scene_level_names_en", {}).pop("0", None)
    elif change == "rows-out-of-order":
        rule["levels"].reverse()
    same_as_parsed(data)
    if change == "no-level-zero-names":
        assert LevelNames.of_data(data) is not None
        assert [LevelNames.of_data(data).name(0, lang) for lang in LANGUAGES] == list(BELOW_LEVEL_ONE)  # type: ignore[union-attr]


def test_a_level_the_rule_does_not_have_has_no_name() -> None:
    levels = LevelNames.of_data(newest_data())
    assert levels is not None and levels.max_level == 4
    with pytest.raises(KeyError):
        levels.name(5)


def _renamed_key(key: str, old: str, new: str) -> Any:
    """A change that gives the level names' entry ``old`` the key ``new`` instead."""
    return lambda d: d.update({key: {(new if k == old else k): v for k, v in d[key].items()}})


# Data the light reading does not take: the registry then parses the revision, whose error names file and field.
NOT_PLAIN = [
    ("empty-name", lambda d: d["level_rule"]["levels"][1].update(name="  "),
     "level_rule.levels[1].name: the level name is empty"),
    ("control-character", lambda d: d["level_rule"]["levels"][0].update(name="一\x07级"), "control character U+0007"),
    ("lone-surrogate", lambda d: d["level_rule"]["levels"][0].update(name_en="Level\ud800"), "lone surrogate (U+D800)"),
    ("level-missing", lambda d: d["level_rule"]["levels"].pop(), "the rule must cover the levels 1–4"),
    ("level-twice", lambda d: d["level_rule"]["levels"][3].update(level=3), "the rule must cover the levels 1–4"),
    ("target-off-the-rule", lambda d: d["level_rule"].update(target_level=9),
     "level_rule.target_level: 9 is not a level"),
    ("name-not-text", lambda d: d["level_rule"]["levels"][0].update(name=1),
     "level_rule.levels[0].name: expected text"),
    # The level-0 names' objects (findings of a review: the light reading took these, the parse refuses them)
    ("names-null", lambda d: d.update(scene_level_names=None), "scene_level_names: expected an object"),
    ("name-zero-null", lambda d: d["scene_level_names_en"].update({"0": None}),
     "scene_level_names_en.0: expected text"),
    ("name-off-the-levels", lambda d: d["scene_level_names"].update({"7": "七级"}),
     "scene_level_names.7: the key must be a level 0–4"),
    ("other-name-control-character", lambda d: d["scene_level_names"].update({"2": "二\x1b级"}),
     "control character U+001B"),
    ("other-name-not-text", lambda d: d["scene_level_names_en"].update({"3": ["Level 3"]}),
     "scene_level_names_en.3: expected text"),
    # A digit that is not ASCII (full-width, as a Chinese input method types it; Arabic-Indic) names no level: the
    # schema's keys are [0-9]; the parse used to read them as levels while the light reading did not.
    ("full-width-zero", _renamed_key("scene_level_names", "0", "\uff10"), "scene_level_names.０: the key must be"),
    ("arabic-indic-zero", _renamed_key("scene_level_names_en", "0", "\u0660"), "scene_level_names_en.٠: the key must"),
    ("full-width-two", _renamed_key("scene_level_names", "2", "\uff12"), "scene_level_names.２: the key must be"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "message"), NOT_PLAIN, ids=[c[0] for c in NOT_PLAIN])
def test_data_not_plainly_valid_is_parsed_and_refused_with_the_field(
    tmp_path: Path, case: str, change: Any, message: str
) -> None:
    data = copy.deepcopy(newest_data())
    change(data)
    assert LevelNames.of_data(data) is None, case
    (tmp_path / "miit-2024-r3.json").write_text(json.dumps(data), encoding="utf-8")  # a lone surrogate as a JSON escape
    registry = FormRegistry.from_dir(tmp_path)
    with pytest.raises(FormError, match=re.escape(message)) as raised:
        registry.level_names(FORM_ID)
    assert str(raised.value).startswith("miit-2024-r3.json: ")


def test_the_first_window_s_level_names_load_no_form_parser() -> None:
    """The registry gives level names without importing app.core.form (the full parse) at all."""
    code = (
        "import sys; from pathlib import Path; from app.services.forms import FormRegistry;"
        f"r = FormRegistry.from_dir(Path({str(FORMS_DIR)!r}));"
        f"print(r.level_names({FORM_ID!r}).names('zh')[2], 'app.core.form' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["二级", "False"]
