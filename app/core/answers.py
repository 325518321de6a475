"""The answer document: what an enterprise answered, validated against a form.

Interchange format (also the submission package's answers.json)::

    {"form": "miit-2024", "form_revision": 1,
     "answers": {"Q1": ["B", "C"], "Q2": "C"},
     "scenes": {"S01": 2, "S06": 3},
     "figures": {"Q2": {"equipment_total": 120, "equipment_digital": 60}},
     "notes": {"Q1": "free text", "S06": "free text"}}

Only ``form`` is required. A missing question or scene is unanswered (a draft).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from types import FunctionType, MappingProxyType
from typing import Any

from app.core.form import MAX_SCENE_LEVEL, Form, Question
from app.core.jsondata import JSON_FAILURES, json_failure, refuse_duplicate_keys
from app.core.text_rules import TEXT_RULES, TextRuleError, check_text

TOP_LEVEL_KEYS = ("form", "form_revision", "answers", "scenes", "figures", "notes")
_TOP_LEVEL_KEY_SET = frozenset(TOP_LEVEL_KEYS)
MAX_NOTE_LENGTH = TEXT_RULES["note"].max_length

Choice = str | tuple[str, ...]


class AnswerError(ValueError):
    """One invalid item in an answer document."""

    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}")
        self.item = item
        self.message = message


class AnswerDocumentError(ValueError):
    """An answer document is invalid; carries every problem found, each naming its item."""

    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class AnswerSet:
    """A validated set of answers to one form. Immutable; edits return a new set."""

    form_id: str
    answers: Mapping[str, Choice] = field(default_factory=dict)
    scenes: Mapping[str, int] = field(default_factory=dict)
    figures: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    form_revision: int | None = None

    def selected(self, question_id: str) -> tuple[str, ...]:
        """Return the chosen option ids of a question (empty when unanswered)."""
        given: Mapping[str, Any] = self.answers  # Any: a hand-built set may hold other kinds of values (lists)
        value = given.get(question_id)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return value if type(value) is tuple else tuple(value)  # a hand-built set's list, as a tuple

    def figure(self, ref: str) -> Decimal | None:
        """Look up a figure by 'Q2.equipment_total'."""
        qid, _, fid = ref.partition(".")
        return self.figures.get(qid, {}).get(fid)

    def with_answer(self, question_id: str, value: Choice | None) -> AnswerSet:
        answers = dict(self.answers)
        if value is None or value == ():
            answers.pop(question_id, None)
        else:
            answers[question_id] = value
        return replace(self, answers=answers)

    def with_scene(self, scene_id: str, level: int | None) -> AnswerSet:
        scenes = dict(self.scenes)
        if level is None:
            scenes.pop(scene_id, None)
        else:
            scenes[scene_id] = level
        return replace(self, scenes=scenes)

    def with_figure(self, question_id: str, figure_id: str, value: Decimal | None) -> AnswerSet:
        figures = {k: dict(v) for k, v in self.figures.items()}
        entry = figures.setdefault(question_id, {})
        if value is None:
            entry.pop(figure_id, None)
        else:
            entry[figure_id] = value
        if not entry:
            figures.pop(question_id)
        return replace(self, figures=figures)

    def with_note(self, item_id: str, text: str) -> AnswerSet:
        notes = dict(self.notes)
        if text.strip():
            notes[item_id] = text
        else:
            notes.pop(item_id, None)
        return replace(self, notes=notes)

    def to_document(self) -> dict[str, Any]:
        """Return the interchange JSON object (numbers as exact decimals, items in form order)."""
        doc: dict[str, Any] = {"form": self.form_id}
        if self.form_revision is not None:
            doc["form_revision"] = self.form_revision
        doc["answers"] = {k: (v if isinstance(v, str) else list(v)) for k, v in _sorted_items(self.answers)}
        doc["scenes"] = dict(_sorted_items(self.scenes))
        if self.figures:
            doc["figures"] = {
                qid: {fid: decimal_to_json(v) for fid, v in sorted(figs.items())}
                for qid, figs in _sorted_items(self.figures)
            }
        if self.notes:
            doc["notes"] = dict(_sorted_items(self.notes))
        return doc


def _item_key(item_id: str) -> tuple[str, int]:
    prefix = item_id[:1]
    digits = item_id[1:]
    return (prefix, int(digits) if digits.isdigit() else 0)


def _sorted_items(mapping: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return sorted(mapping.items(), key=lambda kv: _item_key(kv[0]))


# JSON numbers of the decimals seen (points take few values); equal decimals give the same number.
_JSON_NUMBERS: dict[Decimal, int | float] = {}
_JSON_NUMBERS_REMEMBERED = 4096


def decimal_to_json(value: Decimal) -> int | float:
    """Return a JSON number for an exact decimal: an int when whole, else the float with the same digits."""
    if type(value) is Decimal and value.is_finite():
        found = _JSON_NUMBERS.get(value)
        if found is None:
            found = _decimal_to_json(value)
            if len(_JSON_NUMBERS) < _JSON_NUMBERS_REMEMBERED:
                _JSON_NUMBERS[value] = found
        return found
    return _decimal_to_json(value)


def _decimal_to_json(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value.normalize():
        raise ValueError(f"{value} has no exact short JSON representation")
    return as_float


def parse_json_text(text: str | bytes) -> Any:
    """Parse JSON with numbers as exact decimals; raise AnswerError naming what is wrong (a key given twice too)."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=refuse_duplicate_keys)
    except JSON_FAILURES as exc:
        raise AnswerDocumentError([AnswerError("document", f"malformed JSON: {json_failure(exc)}")]) from exc


def document_form_id(data: Any) -> str:
    """Return the form id an answer document names, or raise naming the problem."""
    if type(data) is not dict and not isinstance(data, Mapping):  # a parsed document is a dict: no ABC check
        raise AnswerDocumentError([AnswerError("document", "must be a JSON object")])
    form_id = data.get("form")
    if not isinstance(form_id, str) or not form_id:
        raise AnswerDocumentError([AnswerError("form", "missing or not text")])
    return form_id


def parse_answers(data: Any, form: Form) -> AnswerSet:
    """Validate an answer document against a form and return its AnswerSet.

    Raises AnswerDocumentError listing every invalid item.
    """
    form_id = document_form_id(data)
    errors: list[AnswerError] = []
    if form_id != form.id:
        errors.append(AnswerError("form", f"document is for {form_id!r}, not {form.id!r}"))
    if not _TOP_LEVEL_KEY_SET.issuperset(data):
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                errors.append(AnswerError(str(key), "unknown top-level key"))
    revision = data.get("form_revision")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        errors.append(AnswerError("form_revision", "must be a whole number"))
        revision = None
    elif revision is not None and revision != form.revision:
        errors.append(
            AnswerError(
                "form_revision",
                f"the document is answered on revision {revision} of {form.id}, not on revision {form.revision}",
            )
        )

    answers = _parse_choices(form, _section(data, "answers", errors), errors)
    scenes = _parse_scenes(form, _section(data, "scenes", errors), errors)
    figures = _parse_figures(form, _section(data, "figures", errors), errors)
    notes = _parse_notes(form, _section(data, "notes", errors), errors)
    if errors:
        raise AnswerDocumentError(errors)
    return AnswerSet(
        form_id=form.id,
        answers=answers,
        scenes=scenes,
        figures=figures,
        notes=notes,
        form_revision=revision,
    )


def _choice_lookup(form: Form) -> dict[str, tuple[Question, frozenset[str] | None, dict[tuple[str, ...], Choice]]]:
    """Per question id: the question, its option ids when single-choice (None: multi), its remembered valid lists.

    Built on first use and kept with the form (a form never changes).
    """
    found: dict[str, tuple[Question, frozenset[str] | None, dict[tuple[str, ...], Choice]]] | None = vars(form).get(
        "_choice_lookup"
    )
    if found is None:
        found = {
            q.id: (q, frozenset(o.id for o in q.options) if q.type == "single" else None, _remembered_choices(q))
            for q in form.questions
        }
        vars(form)["_choice_lookup"] = found
    return found


def _scene_ids(form: Form) -> frozenset[str]:
    """The form's scene ids, kept with the form on first use (a form never changes)."""
    found: frozenset[str] | None = vars(form).get("_scene_ids")
    if found is None:
        found = vars(form)["_scene_ids"] = frozenset(s.id for s in form.scenes)
    return found


def _parse_choices(form: Form, section: Mapping[str, Any], errors: list[AnswerError]) -> dict[str, Choice]:
    answers: dict[str, Choice] = {}
    lookup = _choice_lookup(form)
    for qid, value in section.items():
        entry = lookup.get(qid)
        if entry is None:
            errors.append(AnswerError(qid, "unknown question"))
            continue
        question, single_ids, remembered = entry
        # The common cases first, as validate_choice decides them: a known letter; a list validated before.
        if single_ids is not None:
            if type(value) is str and value in single_ids:
                if value:
                    answers[qid] = value
                continue
        elif type(value) is list:
            try:
                known = remembered.get(tuple(value))
            except TypeError:  # an unhashable item: validate_choice names the problem
                known = None
            if known is not None:
                if known:
                    answers[qid] = known
                continue
        try:
            choice = validate_choice(question, value)
        except AnswerError as exc:
            errors.append(exc)
            continue
        if choice:
            answers[qid] = choice
    return answers


def _parse_scenes(form: Form, section: Mapping[str, Any], errors: list[AnswerError]) -> dict[str, int]:
    scenes: dict[str, int] = {}
    scene_ids = _scene_ids(form)
    for sid, value in section.items():
        if sid not in scene_ids:
            errors.append(AnswerError(sid, "unknown scene"))
            continue
        if type(value) is int and 0 <= value <= MAX_SCENE_LEVEL:  # the common case, as validate_scene_level takes it
            scenes[sid] = value
            continue
        try:
            scenes[sid] = validate_scene_level(sid, value)
        except AnswerError as exc:
            errors.append(exc)
    return scenes


def _parse_figures(form: Form, section: Mapping[str, Any], errors: list[AnswerError]) -> dict[str, dict[str, Decimal]]:
    figures: dict[str, dict[str, Decimal]] = {}
    for qid, values in section.items():
        question = form.question(qid)
        if question is None:
            errors.append(AnswerError(f"figures.{qid}", "unknown question"))
            continue
        if not isinstance(values, Mapping):
            errors.append(AnswerError(f"figures.{qid}", "must be an object of figure values"))
            continue
        for fid, raw in values.items():
            try:
                number = validate_figure(question, fid, raw)
            except AnswerError as exc:
                errors.append(exc)
                continue
            if number is not None:
                figures.setdefault(qid, {})[fid] = number
    return figures


def _parse_notes(form: Form, section: Mapping[str, Any], errors: list[AnswerError]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for item, text in section.items():
        if item not in form.item_ids:
            errors.append(AnswerError(f"notes.{item}", "unknown question or scene"))
        elif not isinstance(text, str):
            errors.append(AnswerError(f"notes.{item}", "must be text"))
        else:
            try:  # checked, never altered: a received package's notes are signed as they are
                check_text(f"notes.{item}", text, rule_field="note")
            except TextRuleError as exc:
                errors.append(AnswerError(exc.field, exc.message))
                continue
            if text.strip():
                notes[item] = text
    return notes


_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _section(data: Mapping[str, Any], key: str, errors: list[AnswerError]) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None:
        return _EMPTY
    if type(value) is not dict and not isinstance(value, Mapping):
        errors.append(AnswerError(key, "must be an object"))
        return _EMPTY
    return value


# Valid multi-choice answers remembered per question, as given (a list's items in order) -> normalised. A question
# of n options has more than 2^n of them: the bound keeps a long-running process small.
_CHOICES_REMEMBERED = 4096


def _remembered_choices(question: Question) -> dict[tuple[str, ...], Choice]:
    memo: dict[tuple[str, ...], Choice] | None = vars(question).get("_valid_choices")
    if memo is None:
        memo = vars(question).setdefault("_valid_choices", {})
    return memo


def _exclusive_ids(question: Question) -> frozenset[str]:
    """The ids of a question's exclusive options ("无"), kept with the question on first use."""
    found: frozenset[str] | None = vars(question).get("_exclusive_ids")
    if found is None:
        found = vars(question)["_exclusive_ids"] = frozenset(o.id for o in question.options if o.exclusive)
    return found


def validate_choice(question: Question, value: Any) -> Choice:
    """Check one question's answer; return it normalised (empty tuple: unanswered)."""
    qid = question.id
    if question.type == "single":
        if not isinstance(value, str):
            raise AnswerError(qid, "single-choice question takes one option letter, not a list")
        if question.option(value) is None:
            raise AnswerError(qid, f"unknown option {value!r}")
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(qid, "multi-choice question takes a list of option letters")
    given = tuple(value)
    memo = _remembered_choices(question)
    found = memo.get(given)
    if found is not None:
        return found
    order = question.option_order
    letters = set(given)
    if (
        len(letters) == len(given)
        and order.keys() >= letters
        and (len(given) < 2 or _exclusive_ids(question).isdisjoint(letters))
    ):  # known options, each once, no exclusive one among others: valid (the loop below names any problem)
        normalised = tuple(sorted(given, key=order.__getitem__))
        if len(memo) < _CHOICES_REMEMBERED:
            memo[given] = normalised
        return normalised
    chosen: list[str] = []
    for letter in value:
        option = question.option(letter)
        if option is None:
            raise AnswerError(qid, f"unknown option {letter!r}")
        if letter in chosen:
            raise AnswerError(qid, f"option {letter!r} given twice")
        chosen.append(letter)
    exclusive = [o for o in question.options if o.exclusive and o.id in chosen]
    if exclusive and len(chosen) > 1:
        only = exclusive[0]
        raise AnswerError(qid, f"option {only.id!r} ({only.text}) cannot be combined with other options")
    normalised = tuple(sorted(chosen, key=order.__getitem__))
    if len(memo) < _CHOICES_REMEMBERED:
        memo[given] = normalised
    return normalised


def toggle_option(question: Question, selected: Sequence[str], option_id: str, checked: bool) -> tuple[str, ...]:
    """The selection after one option is checked or unchecked, in form order; always a valid choice.

    A single-choice question holds at most one option. In a multi-choice question an exclusive option ("无")
    clears every other option when checked, and checking any other option clears the exclusive ones. Options
    in ``selected`` that the question does not have are dropped.
    """
    toggled = question.option(option_id)
    if toggled is None:
        raise AnswerError(question.id, f"unknown option {option_id!r}")
    if not question.is_multi:
        if checked:
            return (option_id,)
        return tuple(o.id for o in question.options if o.id in selected and o.id != option_id)[:1]
    if not checked:
        return tuple(o.id for o in question.options if o.id in selected and o.id != option_id)
    if toggled.exclusive:
        return (option_id,)
    return tuple(o.id for o in question.options if o.id == option_id or (o.id in selected and not o.exclusive))


def validate_scene_level(scene_id: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(scene_id, f"scene level must be a whole number 0–{MAX_SCENE_LEVEL}, not {value!r}")
    if not 0 <= value <= MAX_SCENE_LEVEL:
        raise AnswerError(scene_id, f"scene level {value} outside 0–{MAX_SCENE_LEVEL}")
    return value


def validate_figure(question: Question, figure_id: str, raw: Any) -> Decimal | None:
    """Check one data-entry figure; return it as an exact decimal (None: left empty)."""
    where = f"figures.{question.id}.{figure_id}"
    figure = question.figure(figure_id)
    if figure is None:
        raise AnswerError(where, "unknown figure")
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise AnswerError(where, "must be a number")
    try:
        number = Decimal(str(raw)) if isinstance(raw, (int, float, str)) else Decimal(raw)
    except (InvalidOperation, TypeError, ValueError):
        raise AnswerError(where, f"must be a number, not {raw!r}") from None
    if not number.is_finite():
        raise AnswerError(where, "must be a finite number")
    if figure.kind == "integer" and number != number.to_integral_value():
        raise AnswerError(where, f"must be a whole number ({figure.unit})")
    if figure.minimum is not None and number < figure.minimum:
        raise AnswerError(where, f"must be at least {figure.minimum}")
    if figure.maximum is not None and number > figure.maximum:
        raise AnswerError(where, f"must be at most {figure.maximum}")
    return number


def is_compiled(function: Callable[..., object]) -> bool:
    """Whether a module was compiled (by mypyc), told by one of its functions: compiled, it is a built-in function."""
    return not isinstance(function, FunctionType)
