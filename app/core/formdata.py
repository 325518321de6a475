"""A form file's JSON data before it is a Form, and the one thing read from it without the full parse: level names.

The program's first window lists enterprises with their levels' names (二级, Level 2). Those come from the form's
level rule, and making a Form of a whole file (app.core.form: every question, option and invariant) is not
needed for them. :class:`LevelNames` is the naming rule itself, used by :class:`app.core.form.Form` too, so a
name reads the same whichever way it was reached. The standard library and app.core.jsondata only: light to import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app.core.jsondata import load_data_json

MAX_FORM_BYTES = 4 * 1024 * 1024  # a larger file is refused before it is parsed (the 2024 form: about 100 KB)
MAX_SCENE_LEVEL = 4  # scene levels are 1–4 (0: not reached); the level rule names one overall level for each
# The programme's target (二级): city pilots pay subsidies once an enterprise reaches it. A form may declare its own
# in ``level_rule.target_level``; this is the default for forms that do not (miit-2024 revision 1).
DEFAULT_TARGET_LEVEL = 2
# The name of "no level reached" when a form's data gives none (level 0 is not a level of the rule).
BELOW_LEVEL_ONE = ("未达到一级", "Below level 1")

# Lone surrogates, and the control characters other than tab and line feed (C0, DEL and C1).
REFUSED_CHARACTER = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FormError(ValueError):
    """A form definition is invalid; the message names the offending field."""


def read_form_data(raw: bytes) -> tuple[str, dict[str, Any]]:
    """A form file's text and JSON object, checked as ``load_form_bytes`` checks them; not yet a Form.

    ``app.core.form.form_of_data`` makes the Form of them (every invariant checked); until then only the
    object's ``form``, ``revision``, content hash and :class:`LevelNames` are known.
    """
    if len(raw) > MAX_FORM_BYTES:
        raise FormError(f"the file is {len(raw):,} bytes; a form file may have at most {MAX_FORM_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
    return json_form_data(text.removeprefix("\ufeff"))


def json_form_data(text: str) -> tuple[str, dict[str, Any]]:
    """The JSON object of a form's text (numbers read as exact decimals); FormError when it is none."""
    if len(text) > MAX_FORM_BYTES:
        raise FormError(f"the text has {len(text):,} characters; a form may have at most {MAX_FORM_BYTES:,}")
    data = load_data_json(text, FormError)
    if not isinstance(data, dict):
        raise FormError("the form must be a JSON object")
    return text, data


class LevelNames:
    """The names of a form revision's overall levels (0, "no level reached", to the rule's top) and its target.

    ``names`` and ``names_en`` map each level of the rule to its name (an English name may be empty: the Chinese
    one is shown); ``below`` is the form's own (zh, en) name of level 0, empty for the program's.
    """

    __slots__ = ("_below", "_names", "_names_en", "max_level", "target_level")

    def __init__(
        self, names: Mapping[int, str], names_en: Mapping[int, str], below: tuple[str, str], target_level: int
    ) -> None:
        self._names = dict(names)
        self._names_en = dict(names_en)
        self._below = below
        self.max_level = max(self._names, default=0)
        self.target_level = min(target_level, self.max_level)  # capped at the rule's top

    def name(self, level: int, language: str = "zh") -> str:
        """The name of an overall level; 0 (or less) is "no level reached"; KeyError for a level the rule lacks."""
        en = language == "en"
        if level <= 0:
            return self._below[1 if en else 0] or BELOW_LEVEL_ONE[1 if en else 0]
        name = self._names[level]
        return (self._names_en.get(level) or name) if en else name

    def names(self, language: str = "zh") -> dict[int, str]:
        """Every overall level's name, 0 to the rule's top."""
        return {level: self.name(level, language) for level in range(self.max_level + 1)}

    @classmethod
    def of_data(cls, data: Mapping[str, Any]) -> LevelNames | None:
        """The level names of a form's JSON object, read without making a Form of it.

        None when a field it reads is not plainly what the full parse accepts (a wrong type, a level twice or
        missing, an empty name, a refused character, a key of the names by level that is no level): the caller
        then parses the form, which names what is wrong. The fields read are the rule's levels (level, name,
        name_en), its target_level and the two names-by-level objects; the rule's other fields and invariants
        (thresholds against the form's points and scenes, unknown keys) are the parse's alone, as when any
        other part of the form is wrong. The names are only shown; every use of the form parses it.
        """
        rule: Any = data.get("level_rule")
        named = _rule_names(rule.get("levels")) if type(rule) is dict else None
        if named is None:
            return None
        target = rule.get("target_level", DEFAULT_TARGET_LEVEL)
        zh, en = _level_zero(data, "scene_level_names"), _level_zero(data, "scene_level_names_en")
        if type(target) is not int or not 1 <= target <= len(named[0]) or zh is None or en is None:
            return None
        return cls(*named, (zh, en), target)


def _rule_names(rows: Any) -> tuple[dict[int, str], dict[int, str]] | None:
    """The (zh, en) names by level of a level rule's ``levels``, None when they are not plain (see of_data)."""
    if type(rows) is not list or not rows:
        return None
    names: dict[int, str] = {}
    names_en: dict[int, str] = {}
    for row in rows:
        if type(row) is not dict:
            return None
        level: Any = row.get("level")
        name: Any = row.get("name")
        name_en: Any = row.get("name_en")
        name_en = "" if name_en is None else name_en
        if type(level) is not int or level in names or not _shown(name) or not _text(name_en):
            return None
        names[level], names_en[level] = name, name_en
    return (names, names_en) if sorted(names) == list(range(1, MAX_SCENE_LEVEL + 1)) else None


def _text(value: Any) -> bool:
    return type(value) is str and REFUSED_CHARACTER.search(value) is None


def _shown(value: Any) -> bool:
    return _text(value) and bool(value.strip())


def _level_zero(data: Mapping[str, Any], key: str) -> str | None:
    """The level-0 name of a names-by-level object (``scene_level_names``; "" when there is none), None when the
    object is not plain: not an object (null included), a key that is no level 0–4, a value that is not text."""
    names = data.get(key, {})
    if type(names) is not dict:
        return None
    for level, name in names.items():
        if level_of_key(level, 0, MAX_SCENE_LEVEL) is None or not _text(name):
            return None
    value: str = names.get("0", "")
    return value


def level_of_key(key: str, low: int, high: int) -> int | None:
    """The level ``low``–``high`` that a key of a by-level object names, or None: one ASCII digit, as the schema's
    keys are ([0-9]); a digit of another script (a full-width ０, as an input method may type it) names none."""
    if len(key) == 1 and "0" <= key <= "9" and low <= int(key) <= high:
        return int(key)
    return None
