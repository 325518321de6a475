"""The questionnaire model: a form definition parsed from data (see forms/)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

# The file's data, its limits and the level names live in app.core.formdata (light: the first window reads them).
from app.core.formdata import DEFAULT_TARGET_LEVEL, LevelNames, json_form_data, level_of_key, read_form_data
from app.core.formdata import MAX_SCENE_LEVEL as MAX_SCENE_LEVEL  # noqa: PLC0414 (re-exported: the form's API)
from app.core.formdata import REFUSED_CHARACTER as _REFUSED_CHARACTER
from app.core.formdata import FormError as FormError  # noqa: PLC0414 (re-exported: the form's API)

QuestionType = Literal["single", "multi"]
FormSource = Literal["bundled", "installed"]
# Identifiers are used in file names, answer documents and command lines: plain ASCII, as the schema says.
FORM_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
QUESTION_ID_PATTERN = re.compile(r"Q[0-9]{1,3}")
SCENE_ID_PATTERN = re.compile(r"S[0-9]{2}")
OPTION_ID_PATTERN = re.compile(r"[A-Z]")
FIGURE_ID_PATTERN = re.compile(r"[a-z_]{1,64}")
# Points and thresholds are small decimals; anything beyond this is a mistake or hostile input.
MAX_POINTS = Decimal(1000)
# The placeholders each known consistency-check kind fills into its message.
CHECK_PLACEHOLDERS = {
    "not_greater": frozenset({"a", "b"}),
    "band_value": frozenset({"value", "option"}),
    "band_ratio": frozenset({"value", "option"}),
    "direction": frozenset({"value", "option"}),
}


@dataclass(frozen=True)
class Note:
    """An editorial record of a disagreement or caution about the official text (provenance, never displayed).

    Revisions 1 and 2 keep these under ``notes``, revision 3 under ``provenance``; either way they are the data's
    editorial history for maintainers. What a user reads about a disputed item is its ``text_note``.
    """

    kind: str
    text: str
    text_en: str
    sources: str = ""
    option: str | None = None
    alternative: str | None = None


@dataclass(frozen=True)
class Band:
    """A percentage interval such as (10%,20%]."""

    lower: Decimal
    lower_inclusive: bool
    upper: Decimal
    upper_inclusive: bool

    def contains(self, value: Decimal) -> bool:
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return above and below


@dataclass(frozen=True)
class Option:
    """One answer a question offers, with the points it scores."""

    id: str
    text: str
    text_en: str
    points: Decimal
    exclusive: bool = False
    band: Band | None = None
    direction: str | None = None


@dataclass(frozen=True)
class Figure:
    """A data-entry figure shown with a question; it never affects the score."""

    id: str
    label: str
    label_en: str
    unit: str
    unit_en: str
    kind: Literal["integer", "decimal"]
    minimum: Decimal | None
    maximum: Decimal | None
    unofficial: bool = False  # the label is the program's own wording, not the official text


@dataclass(frozen=True)
class Explanation:
    """A text shown beside a question (or a scene) to explain it."""

    text: str
    source: str  # provenance: which implementation the text came from (revisions 1 and 2); never displayed
    guidance: bool = False  # a third-party filling hint, not an explanation (revisions 1 and 2); never displayed
    text_en: str = ""


def shown_explanations(texts: Sequence[Explanation], language: str = "zh") -> tuple[str, ...]:
    """The 指标解释 a user reads, in the UI's language: every explanation except third-party filling hints."""
    en = language == "en"
    return tuple((e.text_en if en and e.text_en else e.text) for e in texts if not e.guidance)


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" and pair[1] else pair[0]


@dataclass(frozen=True)
class Question:
    """One scored question of the form: its texts, options and points."""

    id: str
    text: str
    text_en: str
    dimension: str
    sub_indicator: str
    indicator: str
    type: QuestionType
    max_points: Decimal
    options: tuple[Option, ...]
    definitions: tuple[Explanation, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    evidence_hints: tuple[str, ...] = ()
    evidence_hints_en: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    notes: tuple[Note, ...] = ()  # provenance records, never displayed (see Note)
    # The product's note on a disputed item (zh, en), opened from the card's ⓘ; empty when the item is not disputed.
    text_note: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_options", {o.id: o for o in self.options})
        object.__setattr__(self, "_order", {o.id: i for i, o in enumerate(self.options)})

    def explanation_texts(self, language: str = "zh") -> tuple[str, ...]:
        """Definitions and explanations as the user reads them (指标解释)."""
        return shown_explanations((*self.definitions, *self.explanations), language)

    def wording_note(self, language: str = "zh") -> str:
        return _pick(self.text_note, language)

    def option(self, option_id: str) -> Option | None:
        options: dict[str, Option] = self._options  # type: ignore[attr-defined]
        return options.get(option_id)

    def points_for(self, selected: Iterable[str]) -> Decimal:
        """The points of a selection: its options' points, capped at the question's maximum (unknown ids: 0)."""
        total = Decimal(0)
        for option_id in selected:
            option = self.option(option_id)
            if option is not None:
                total += option.points
        return min(total, self.max_points)

    @property
    def option_order(self) -> Mapping[str, int]:
        """Each option's position in the form (selections are kept in this order)."""
        order: dict[str, int] = self._order  # type: ignore[attr-defined]
        return order

    def figure(self, figure_id: str) -> Figure | None:
        for fig in self.figures:
            if fig.id == figure_id:
                return fig
        return None

    @property
    def is_multi(self) -> bool:
        return self.type == "multi"


@dataclass(frozen=True)
class Scene:
    """One digital scene of the form, answered with a level."""

    id: str
    name: str
    name_en: str
    group: str
    constrained: bool
    question_text: str
    levels: Mapping[int, str]
    notes: tuple[Note, ...] = ()  # provenance records, never displayed (see Note)
    # English translations of the level descriptions (unofficial; revision 3 on).
    levels_en: Mapping[int, str] = field(default_factory=dict)
    explanations: tuple[Explanation, ...] = ()
    text_note: tuple[str, str] = ("", "")

    def level_text(self, level: int, language: str = "zh") -> str | None:
        """A level's description in the UI's language (the official Chinese when no translation exists)."""
        if language == "en" and self.levels_en.get(level):
            return self.levels_en[level]
        return self.levels.get(level)

    def explanation_texts(self, language: str = "zh") -> tuple[str, ...]:
        return shown_explanations(self.explanations, language)

    def wording_note(self, language: str = "zh") -> str:
        return _pick(self.text_note, language)


@dataclass(frozen=True)
class Dimension:
    """One dimension the questions are grouped under, with its maximum points."""

    id: str
    name_en: str
    max_points: Decimal


@dataclass(frozen=True)
class SceneGroup:
    """A group the scenes are shown under."""

    id: str
    name_en: str


@dataclass(frozen=True)
class LevelThreshold:
    """One row of the two-part level rule: points and scene counts."""

    level: int
    name: str
    name_en: str
    min_score: Decimal
    min_scenes: int
    min_constrained: int


@dataclass(frozen=True)
class LevelRule:
    """How the overall level follows from the score and the scenes' levels."""

    levels: tuple[LevelThreshold, ...]
    description: str
    description_en: str
    # Provenance of the rule (revisions 1–2 ``source_note``, revision 3 ``provenance``); never displayed.
    source_note: str
    source_note_en: str
    target_level: int = DEFAULT_TARGET_LEVEL

    def threshold(self, level: int) -> LevelThreshold:
        for row in self.levels:
            if row.level == level:
                return row
        raise KeyError(level)

    @property
    def max_level(self) -> int:
        return max(row.level for row in self.levels)


@dataclass(frozen=True)
class Check:
    """A consistency check on data-entry figures, kept as data in the form."""

    id: str
    kind: str
    params: Mapping[str, Any]
    message: str
    message_en: str


@dataclass(frozen=True)
class Form:
    """A form revision: its questions, scenes, level rule and checks, parsed and checked (parse_form)."""

    id: str
    revision: int
    title: str
    title_en: str
    content_hash: str
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    scene_groups: tuple[SceneGroup, ...]
    scenes: tuple[Scene, ...]
    level_rule: LevelRule
    checks: tuple[Check, ...] = ()
    scene_level_names: Mapping[int, str] = field(default_factory=dict)
    scene_level_names_en: Mapping[int, str] = field(default_factory=dict)
    scene_evidence_hints: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    scene_evidence_hints_en: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    level_descriptions: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    level_descriptions_note: tuple[str, str] = ("", "")
    # The label every display of ``level_descriptions`` carries (revision 2: "2022年版，仅供参考").
    level_descriptions_label: tuple[str, str] = ("", "")
    # Scene levels whose name is the program's own, not an official level (0, "未达到一级"); never counted.
    unofficial_scene_levels: frozenset[int] = frozenset()
    notice: str = ""
    # Provenance of the whole form (revisions 1–2 ``sources_note``, revision 3 ``provenance``); never displayed.
    sources_note: tuple[str, str] = ("", "")
    # "指标文本说明 / About the indicator texts": product text, paragraphs (zh, en); shown in Help and the report.
    about: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    # What a revision changed, in the data itself (zh, en).
    revision_note: tuple[str, str] = ("", "")
    # Where the registry found it: shipped with the program, or installed into the data directory.
    source: FormSource = field(default="bundled", compare=False)
    # The form file's UTF-8 JSON text as read (empty when built from data): what a package embeds as form.json.
    definition: bytes = field(default=b"", compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_questions", {q.id: q for q in self.questions})
        object.__setattr__(self, "_scenes", {s.id: s for s in self.scenes})

    def question(self, question_id: str) -> Question | None:
        questions: dict[str, Question] = self._questions  # type: ignore[attr-defined]
        return questions.get(question_id)

    def scene(self, scene_id: str) -> Scene | None:
        scenes: dict[str, Scene] = self._scenes  # type: ignore[attr-defined]
        return scenes.get(scene_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions) + tuple(s.id for s in self.scenes)

    @property
    def max_total(self) -> Decimal:
        return sum((q.max_points for q in self.questions), Decimal(0))

    @property
    def levels(self) -> LevelNames:
        """The names of the overall levels and the target level, by the one naming rule (app.core.formdata)."""
        levels: LevelNames | None = self.__dict__.get("_levels")
        if levels is None:
            rows = self.level_rule.levels
            levels = LevelNames(
                {r.level: r.name for r in rows},
                {r.level: r.name_en for r in rows},
                (self.scene_level_names.get(0, ""), self.scene_level_names_en.get(0, "")),
                self.level_rule.target_level,
            )
            object.__setattr__(self, "_levels", levels)
        return levels

    @property
    def target_level(self) -> int:
        """The level the programme aims at (二级 unless the form says otherwise), capped at the rule's top."""
        return self.levels.target_level

    def level_name(self, level: int, language: str = "zh") -> str:
        """The name of an overall level from the form's rule; 0 is "no level reached"."""
        return self.levels.name(level, language)

    def level_description(self, level: int, language: str = "zh") -> tuple[str, str] | None:
        """The descriptive text of an overall level and the label it must be shown with, or None.

        The descriptions are those of an earlier edition; they are shown only under their label ("2022年版，仅供参考"),
        so a form that gives no label (miit-2024 revision 1) shows none.
        """
        desc = self.level_descriptions.get(level)
        en = language == "en"
        label = self.level_descriptions_label[1 if en else 0] or self.level_descriptions_label[0]
        if desc is None or not label:
            return None
        return (desc[1] if en and desc[1] else desc[0]), label

    def about_texts(self, language: str = "zh") -> tuple[str, ...]:
        """The paragraphs of "指标文本说明" in the UI's language (empty for a form that gives none)."""
        return self.about[1] if language == "en" and self.about[1] else self.about[0]

    @property
    def has_english_scene_levels(self) -> bool:
        return any(s.levels_en for s in self.scenes)

    def level_names(self, language: str = "zh") -> dict[int, str]:
        """Every overall level's name, 0 (no level reached) to the rule's top."""
        return self.levels.names(language)


def canonical_json_bytes(data: Any) -> bytes:
    """Serialise data the one way a content hash is computed from (key order, spacing and EOL free)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def content_hash(data: Mapping[str, Any]) -> str:
    """Return the form's content hash: SHA-256 of its canonical JSON, prefixed with the algorithm."""
    return "sha256:" + hashlib.sha256(canonical_json_bytes(data)).hexdigest()


def load_form_bytes(raw: bytes) -> Form:
    """Parse a form file's bytes: size-limited, strict UTF-8, then :func:`load_form_json`."""
    return form_of_data(*read_form_data(raw))


def form_of_data(text: str, data: Mapping[str, Any]) -> Form:
    """The Form of a form file's text and JSON object (from :func:`read_form_data`), every invariant checked."""
    return replace(parse_form(data), definition=text.encode("utf-8"))


def load_form_json(text: str) -> Form:
    """Parse a form definition from its JSON text (numbers read as exact decimals)."""
    return form_of_data(*json_form_data(text))


def _check_strings(value: Any, path: str, depth: int = 0) -> None:
    """Refuse text that cannot be stored or shown: lone surrogates, control characters, absurd nesting."""
    if depth > 32:
        raise FormError(f"{path or 'form'}: nested too deeply")
    if isinstance(value, str):
        bad = _REFUSED_CHARACTER.search(value)  # the first refused character, as a loop over the text finds it
        if bad is not None:
            code = ord(bad.group())
            if 0xD800 <= code <= 0xDFFF:
                raise FormError(f"{path}: contains a lone surrogate (U+{code:04X}), not valid Unicode text")
            raise FormError(f"{path}: contains the control character U+{code:04X}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_strings(key, _at(path, "<key>"), depth + 1)
            _check_strings(item, _at(path, str(key)), depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_strings(item, f"{path}[{i}]", depth + 1)


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# The keys each object may have (the same as forms/schema/form.schema.json; a test keeps them in step).
ALLOWED_KEYS: dict[str, frozenset[str]] = {
    "form": frozenset({
        "form", "revision", "revision_note", "revision_note_en", "title", "title_en", "issuer", "notice",
        "sources_note", "sources_note_en", "about", "about_en", "provenance",
        "dimensions", "questions", "scene_groups", "scene_level_names",
        "scene_level_names_en",
        "unofficial_scene_levels", "scenes", "scene_evidence_hints", "scene_evidence_hints_en", "level_rule",
        "level_descriptions", "checks",
    }),
    "dimension": frozenset({"id", "name_en", "max_points"}),
    "scene_group": frozenset({"id", "name_en"}),
    "question": frozenset({
        "id", "text", "text_en", "dimension", "sub_indicator", "indicator", "type", "max_points", "options",
        "definitions", "explanations", "evidence_hints", "evidence_hints_en", "figures", "notes",
        "text_note", "text_note_en", "provenance",
    }),
    "option": frozenset({"id", "text", "text_en", "points", "exclusive", "direction", "range"}),
    "range": frozenset({"lower", "lower_inclusive", "upper", "upper_inclusive"}),
    "figure": frozenset({"id", "label", "label_en", "unit", "unit_en", "kind", "min", "max", "unofficial"}),
    "explanation": frozenset({"text", "text_en", "source", "guidance"}),
    "note": frozenset({"kind", "text", "text_en", "sources", "option", "alternative"}),
    "scene": frozenset({"id", "name", "name_en", "group", "constrained", "question_text", "levels", "levels_en",
                        "explanations", "notes", "text_note", "text_note_en", "provenance"}),
    "level_rule": frozenset({"description", "description_en", "source_note", "source_note_en", "target_level",
                             "levels", "provenance"}),
    "level": frozenset({"level", "name", "name_en", "min_score", "min_scenes", "min_constrained"}),
    "level_descriptions": frozenset({"label", "label_en", "source_note", "source_note_en", "levels", "provenance"}),
    "level_description": frozenset({"text", "text_en"}),
}  # fmt: skip


def parse_form(data: Mapping[str, Any]) -> Form:
    """Build a Form from its data, checking every invariant scoring, the planner and the displays rely on.

    Errors name the field as a path into the file, e.g. ``questions[3].options[1].points: …``.
    """
    _check_strings(data, "")
    p = _Reader(data, "", "form")
    form_id = p.ident("form", FORM_ID_PATTERN)
    revision = p.integer("revision")
    if revision < 1:
        raise FormError(f"revision: must be 1 or more, not {revision}")
    dim_readers = p.objects("dimensions")
    if not dim_readers:
        raise FormError("dimensions: at least one dimension is needed")
    dimensions = tuple(
        Dimension(id=d.text("id"), name_en=d.text("name_en", ""), max_points=d.points("max_points"))
        for d in (r.kind("dimension") for r in dim_readers)
    )
    _unique([d.id for d in dimensions], "dimensions", "id")
    dim_ids = {d.id for d in dimensions}
    q_readers = p.objects("questions")
    if not q_readers:
        raise FormError("questions: at least one question is needed")
    questions = tuple(_parse_question(q, dim_ids) for q in q_readers)
    _unique([q.id for q in questions], "questions", "id")
    for i, dim in enumerate(dimensions):
        total = sum((q.max_points for q in questions if q.dimension == dim.id), Decimal(0))
        if total != dim.max_points:
            raise FormError(
                f"dimensions[{i}].max_points: the questions of {dim.id} add up to {total}, not {dim.max_points}"
            )
    groups = tuple(
        SceneGroup(id=g.text("id"), name_en=g.text("name_en", ""))
        for g in (r.kind("scene_group") for r in p.objects("scene_groups"))
    )
    _unique([g.id for g in groups], "scene_groups", "id")
    group_ids = {g.id for g in groups}
    scenes = tuple(_parse_scene(s, group_ids) for s in p.objects("scenes"))
    if not scenes:
        raise FormError("scenes: at least one scene is needed")
    _unique([s.id for s in scenes], "scenes", "id")
    max_total = sum((q.max_points for q in questions), Decimal(0))
    rule = _parse_rule(p.obj("level_rule").kind("level_rule"), scenes, max_total)
    figure_refs = {f"{q.id}.{f.id}" for q in questions for f in q.figures}
    question_ids = {q.id for q in questions}
    checks = tuple(_parse_check(c, figure_refs, question_ids) for c in p.objects("checks", required=False))
    _unique([c.id for c in checks], "checks", "id")
    level_descriptions, desc_note, desc_label = _parse_descriptions(p.opt_obj("level_descriptions"), rule)
    scene_levels = range(0, MAX_SCENE_LEVEL + 1)
    unofficial_levels = p.integers("unofficial_scene_levels")
    for i, level in enumerate(unofficial_levels):
        if level not in scene_levels:
            raise FormError(f"unofficial_scene_levels[{i}]: {level} is not a scene level (0–{MAX_SCENE_LEVEL})")
    return Form(
        id=form_id,
        revision=revision,
        title=p.text("title"),
        title_en=p.text("title_en", ""),
        content_hash=content_hash(data),
        dimensions=dimensions,
        questions=questions,
        scene_groups=groups,
        scenes=scenes,
        level_rule=rule,
        checks=checks,
        scene_level_names=_level_texts(p, "scene_level_names"),
        scene_level_names_en=_level_texts(p, "scene_level_names_en"),
        scene_evidence_hints=_level_lists(p, "scene_evidence_hints"),
        scene_evidence_hints_en=_level_lists(p, "scene_evidence_hints_en"),
        level_descriptions=level_descriptions,
        level_descriptions_note=desc_note,
        level_descriptions_label=desc_label,
        unofficial_scene_levels=frozenset(unofficial_levels),
        notice=p.text("notice", ""),
        sources_note=(p.text("sources_note", "") or p.text("provenance", ""), p.text("sources_note_en", "")),
        about=(tuple(p.texts("about")), tuple(p.texts("about_en"))),
        revision_note=(p.text("revision_note", ""), p.text("revision_note_en", "")),
    )


def _parse_descriptions(
    descs: _Reader | None, rule: LevelRule
) -> tuple[dict[int, tuple[str, str]], tuple[str, str], tuple[str, str]]:
    """The overall level descriptions with their source note and label (zh, en)."""
    if descs is None:
        return {}, ("", ""), ("", "")
    descs.kind("level_descriptions")
    out: dict[int, tuple[str, str]] = {}
    for key, val in descs.mapping("levels").items():
        level = _level_key(key, _at(descs.path, "levels"), 0, rule.max_level)
        entry = _Reader(val, _at(_at(descs.path, "levels"), key), "level_description")
        out[level] = (entry.text("text"), entry.text("text_en", ""))
    note = (descs.text("source_note", "") or descs.text("provenance", ""), descs.text("source_note_en", ""))
    return out, note, (descs.text("label", ""), descs.text("label_en", ""))


def _level_texts(p: _Reader, key: str) -> dict[int, str]:
    return {_level_key(k, key, 0, MAX_SCENE_LEVEL): v for k, v in p.text_map(key).items()}


def _level_lists(p: _Reader, key: str) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {}
    for k, v in p.mapping(key, {}).items():
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise FormError(f"{key}.{k}: expected a list of texts")
        out[_level_key(k, key, 1, MAX_SCENE_LEVEL)] = tuple(v)
    return out


def _level_key(key: str, path: str, low: int, high: int) -> int:
    level = level_of_key(key, low, high)
    if level is None:
        raise FormError(f"{_at(path, key)}: the key must be a level {low}–{high}")
    return level


def _unique(ids: Sequence[str], path: str, key: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise FormError(f"{path}[{i}].{key}: duplicate id {item!r}")
        seen.add(item)


def _parse_notes(r: _Reader) -> tuple[Note, ...]:
    """The provenance records of an item: ``notes`` (revisions 1–2) and ``provenance`` (revision 3 on)."""
    notes = []
    for n in [*r.objects("notes", required=False), *r.objects("provenance", required=False)]:
        n.kind("note")
        kind = n.text("kind")
        if kind not in ("disagreement", "caution"):
            raise FormError(f"{_at(n.path, 'kind')}: must be 'disagreement' or 'caution', not {kind!r}")
        notes.append(
            Note(
                kind=kind,
                text=n.text("text"),
                text_en=n.text("text_en", ""),
                sources=n.text("sources", ""),
                option=n.opt_text("option"),
                alternative=n.opt_text("alternative"),
            )
        )
    return tuple(notes)


def _parse_question(q: _Reader, dim_ids: set[str]) -> Question:  # noqa: PLR0912 (one check per rule reads best)
    q.kind("question")
    qid = q.ident("id", QUESTION_ID_PATTERN)
    qtype = q.text("type")
    if qtype not in ("single", "multi"):
        raise FormError(f"{_at(q.path, 'type')}: must be 'single' or 'multi', not {qtype!r}")
    dimension = q.text("dimension")
    if dimension not in dim_ids:
        raise FormError(f"{_at(q.path, 'dimension')}: unknown dimension {dimension!r}")
    max_points = q.points("max_points")
    if max_points <= 0:
        raise FormError(f"{_at(q.path, 'max_points')}: must be more than 0")
    options = []
    for o in q.objects("options"):
        o.kind("option")
        band = None
        rng = o.opt_obj("range")
        if rng is not None:
            rng.kind("range")
            band = Band(
                lower=rng.dec("lower"),
                lower_inclusive=rng.flag("lower_inclusive"),
                upper=rng.dec("upper"),
                upper_inclusive=rng.flag("upper_inclusive"),
            )
        direction = o.opt_text("direction")
        if direction is not None and direction not in ("up", "flat", "down"):
            raise FormError(f"{_at(o.path, 'direction')}: must be 'up', 'flat' or 'down', not {direction!r}")
        points = o.points("points")
        where = _at(o.path, "points")
        if (points * 1000) % 1:
            raise FormError(f"{where}: points may have at most three decimals, not {points}")
        if points > max_points:
            raise FormError(f"{where}: {points} is more than the question's max_points {max_points}")
        options.append(
            Option(
                id=o.ident("id", OPTION_ID_PATTERN),
                text=o.text("text"),
                text_en=o.text("text_en", ""),
                points=points,
                exclusive=o.flag("exclusive", False),
                band=band,
                direction=direction,
            )
        )
    _unique([o.id for o in options], _at(q.path, "options"), "id")
    if len(options) < 2:
        raise FormError(f"{_at(q.path, 'options')}: a question needs at least two options")
    if qtype == "single":
        if max(o.points for o in options) != max_points:
            raise FormError(f"{_at(q.path, 'options')}: the best option must be worth the maximum {max_points}")
    else:
        total = sum((o.points for o in options if not o.exclusive), Decimal(0))
        if total != max_points:
            raise FormError(f"{_at(q.path, 'options')}: non-exclusive options add up to {total}, not {max_points}")
        if any(o.exclusive and o.points for o in options):
            raise FormError(f"{_at(q.path, 'options')}: an exclusive option ('无') must be worth 0 points")
    figures = []
    for f in q.objects("figures", required=False):
        f.kind("figure")
        kind = f.text("kind")
        if kind not in ("integer", "decimal"):
            raise FormError(f"{_at(f.path, 'kind')}: must be 'integer' or 'decimal', not {kind!r}")
        figures.append(
            Figure(
                id=f.ident("id", FIGURE_ID_PATTERN),
                label=f.text("label"),
                label_en=f.text("label_en", ""),
                unit=f.text("unit", ""),
                unit_en=f.text("unit_en", ""),
                kind="integer" if kind == "integer" else "decimal",
                minimum=f.opt_dec("min"),
                maximum=f.opt_dec("max"),
                unofficial=f.flag("unofficial", False),
            )
        )
    _unique([f.id for f in figures], _at(q.path, "figures"), "id")

    def explanations(key: str) -> tuple[Explanation, ...]:
        return _parse_explanations(q, key)

    return Question(
        id=qid,
        text=q.text("text"),
        text_en=q.text("text_en", ""),
        dimension=dimension,
        sub_indicator=q.text("sub_indicator", ""),
        indicator=q.text("indicator", ""),
        type="single" if qtype == "single" else "multi",
        max_points=max_points,
        options=tuple(options),
        definitions=explanations("definitions"),
        explanations=explanations("explanations"),
        evidence_hints=tuple(q.texts("evidence_hints")),
        evidence_hints_en=tuple(q.texts("evidence_hints_en")),
        figures=tuple(figures),
        notes=_parse_notes(q),
        text_note=(q.text("text_note", ""), q.text("text_note_en", "")),
    )


def _parse_explanations(r: _Reader, key: str) -> tuple[Explanation, ...]:
    return tuple(
        Explanation(
            text=e.text("text"),
            source=e.text("source", ""),
            guidance=e.flag("guidance", False),
            text_en=e.text("text_en", ""),
        )
        for e in (x.kind("explanation") for x in r.objects(key, required=False))
    )


def _parse_scene(s: _Reader, group_ids: set[str]) -> Scene:
    s.kind("scene")
    sid = s.ident("id", SCENE_ID_PATTERN)
    group = s.text("group")
    if group not in group_ids:
        raise FormError(f"{_at(s.path, 'group')}: unknown scene group {group!r}")
    raw_levels = s.text_map("levels")
    if sorted(raw_levels) != [str(i) for i in range(1, MAX_SCENE_LEVEL + 1)]:
        raise FormError(f"{_at(s.path, 'levels')}: levels must be exactly 1..{MAX_SCENE_LEVEL}")
    levels = {int(k): v for k, v in raw_levels.items()}
    for k, v in levels.items():
        if not v.strip():
            raise FormError(f"{_at(_at(s.path, 'levels'), str(k))}: the level text is empty")
    levels_en = {
        _level_key(k, _at(s.path, "levels_en"), 1, MAX_SCENE_LEVEL): v for k, v in s.text_map("levels_en").items()
    }
    return Scene(
        id=sid,
        name=s.text("name"),
        name_en=s.text("name_en", ""),
        group=group,
        constrained=s.flag("constrained"),
        question_text=s.text("question_text", ""),
        levels=levels,
        notes=_parse_notes(s),
        levels_en=levels_en,
        explanations=_parse_explanations(s, "explanations"),
        text_note=(s.text("text_note", ""), s.text("text_note_en", "")),
    )


def _parse_rule(r: _Reader, scenes: Sequence[Scene], max_total: Decimal) -> LevelRule:
    n_scenes = len(scenes)
    n_constrained = sum(s.constrained for s in scenes)
    rows = []
    for row in r.objects("levels"):
        row.kind("level")
        t = LevelThreshold(
            level=row.integer("level"),
            name=row.text("name"),
            name_en=row.text("name_en", ""),
            min_score=row.points("min_score"),
            min_scenes=row.integer("min_scenes"),
            min_constrained=row.integer("min_constrained"),
        )
        if t.min_scenes < 0 or t.min_scenes > n_scenes:
            raise FormError(
                f"{_at(row.path, 'min_scenes')}: {t.min_scenes} scenes cannot be met by this form's {n_scenes}"
            )
        if t.min_constrained < 0 or t.min_constrained > min(n_constrained, t.min_scenes):
            raise FormError(
                f"{_at(row.path, 'min_constrained')}: scene counts cannot be met: {t.min_constrained} constrained "
                f"scenes of {t.min_scenes}, and the form has {n_constrained} constrained scenes"
            )
        if t.min_score > max_total:
            total = format(max_total.normalize(), "f")
            raise FormError(f"{_at(row.path, 'min_score')}: {t.min_score} is more than the form's {total} points")
        if not t.name.strip():
            raise FormError(f"{_at(row.path, 'name')}: the level name is empty")
        rows.append(t)
    rows.sort(key=lambda t: t.level)
    levels = [t.level for t in rows]
    if levels != list(range(1, MAX_SCENE_LEVEL + 1)):
        raise FormError(
            f"{_at(r.path, 'levels')}: the rule must cover the levels 1–{MAX_SCENE_LEVEL} of the scenes, each once "
            f"(found {', '.join(map(str, levels)) or 'none'})"
        )
    for lower, higher in itertools.pairwise(rows):
        if higher.min_score < lower.min_score:
            raise FormError(
                f"{_at(r.path, 'levels')}: level {higher.level}'s min_score is lower than level {lower.level}'s"
            )
    target = r.integer("target_level") if "target_level" in r.data else DEFAULT_TARGET_LEVEL
    if not 1 <= target <= len(rows):
        raise FormError(f"{_at(r.path, 'target_level')}: {target} is not a level of the rule (1–{len(rows)})")
    return LevelRule(
        levels=tuple(rows),
        description=r.text("description", ""),
        description_en=r.text("description_en", ""),
        source_note=r.text("source_note", "") or r.text("provenance", ""),
        source_note_en=r.text("source_note_en", ""),
        target_level=target,
    )


def _parse_check(c: _Reader, figure_refs: set[str], question_ids: set[str]) -> Check:
    params = {k: v for k, v in c.data.items() if k not in ("id", "kind", "message", "message_en")}
    kind = c.text("kind")
    check = Check(
        id=c.text("id"),
        kind=kind,
        params=params,
        message=c.text("message"),
        message_en=c.text("message_en", ""),
    )
    placeholders = CHECK_PLACEHOLDERS.get(kind)
    if placeholders is None:
        return check  # a kind this version does not know is skipped when scoring (checks.py)

    def figure(key: str, reader: _Reader = c) -> None:
        ref = reader.text(key)
        if ref not in figure_refs:
            raise FormError(f"{_at(reader.path, key)}: no figure {ref!r} in this form")

    def question(key: str) -> None:
        ref = c.text(key)
        if ref not in question_ids:
            raise FormError(f"{_at(c.path, key)}: no question {ref!r} in this form")

    if kind == "not_greater":
        figure("a")
        figure("b")
    elif kind == "band_value":
        question("question")
        figure("value")
    elif kind == "band_ratio":
        question("question")
        figure("numerator")
        figure("denominator")
    else:  # direction
        question("question")
        for part in ("current", "previous"):
            ratio = c.obj(part)
            figure("numerator", ratio)
            figure("denominator", ratio)
        if "tolerance_pct" in c.data:
            c.points("tolerance_pct")
    for key in ("message", "message_en"):
        for _, name, spec, conversion in _format_fields(getattr(check, key), _at(c.path, key)):
            if name is not None and (name not in placeholders or spec or conversion):
                allowed = ", ".join("{" + p + "}" for p in sorted(placeholders))
                raise FormError(f"{_at(c.path, key)}: unknown placeholder {{{name}}} (allowed: {allowed})")
    return check


def _format_fields(text: str, where: str) -> list[tuple[str, str | None, str | None, str | None]]:
    try:
        return list(string.Formatter().parse(text))
    except ValueError as exc:
        raise FormError(f"{where}: {exc} (write {{{{ and }}}} for literal braces)") from exc


class _Reader:
    """Typed access to a JSON object, with errors that name the path."""

    def __init__(self, data: Any, path: str, kind: str | None = None) -> None:
        if not isinstance(data, Mapping):
            raise FormError(f"{path or 'form'}: expected an object")
        self.data: Mapping[str, Any] = data
        self.path = path
        if kind is not None:
            self.kind(kind)

    def kind(self, kind: str) -> _Reader:
        """Refuse keys the schema does not define for this kind of object (a misspelt key is not ignored)."""
        for key in self.data:
            if key not in ALLOWED_KEYS[kind]:
                raise FormError(f"{_at(self.path, str(key))}: unknown key")
        return self

    def _required(self, key: str) -> Any:
        if self.data.get(key) is None:
            raise FormError(f"{_at(self.path, key)}: missing")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise FormError(f"{_at(self.path, key)}: missing")
            return default
        if not isinstance(value, str):
            raise FormError(f"{_at(self.path, key)}: expected text")
        return value

    def ident(self, key: str, pattern: re.Pattern[str]) -> str:
        value = self.text(key)
        if not pattern.fullmatch(value):
            raise FormError(f"{_at(self.path, key)}: {value!r} is not a valid id (expected {pattern.pattern})")
        return value

    def opt_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise FormError(f"{_at(self.path, key)}: expected text")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FormError(f"{_at(self.path, key)}: expected a list of texts")
        return value

    def integer(self, key: str) -> int:
        value = self._required(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FormError(f"{_at(self.path, key)}: expected a whole number")
        if abs(value) > 1_000_000:
            raise FormError(f"{_at(self.path, key)}: {value} is out of range")
        return value

    def integers(self, key: str) -> list[int]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise FormError(f"{_at(self.path, key)}: expected a list of whole numbers")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise FormError(f"{_at(self.path, key)}: expected true or false")
        return value

    def dec(self, key: str) -> Decimal:
        return _to_decimal(self._required(key), _at(self.path, key))

    def points(self, key: str) -> Decimal:
        """A non-negative decimal of sensible size (points, thresholds)."""
        value = self.dec(key)
        if not Decimal(0) <= value <= MAX_POINTS:
            raise FormError(f"{_at(self.path, key)}: {value} is outside 0–{MAX_POINTS}")
        return value

    def opt_dec(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        return None if value is None else _to_decimal(value, _at(self.path, key))

    def obj(self, key: str) -> _Reader:
        return _Reader(self._required(key), _at(self.path, key))

    def opt_obj(self, key: str) -> _Reader | None:
        value = self.data.get(key)
        return None if value is None else _Reader(value, _at(self.path, key))

    def mapping(self, key: str, default: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        value = self.data.get(key, default)
        if not isinstance(value, Mapping):
            raise FormError(f"{_at(self.path, key)}: expected an object")
        return value

    def text_map(self, key: str) -> dict[str, str]:
        value = self.mapping(key, {})
        for k, v in value.items():
            if not isinstance(v, str):
                raise FormError(f"{_at(_at(self.path, key), str(k))}: expected text")
        return dict(value)

    def objects(self, key: str, required: bool = True) -> list[_Reader]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise FormError(f"{_at(self.path, key)}: missing")
            return []
        if not isinstance(value, list):
            raise FormError(f"{_at(self.path, key)}: expected a list")
        return [_Reader(v, f"{_at(self.path, key)}[{i}]") for i, v in enumerate(value)]


def _to_decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise FormError(f"{where}: expected a number")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite() or abs(number) > Decimal(10) ** 12 or number != number.quantize(Decimal("1e-9")):
            raise FormError(f"{where}: {value} is not a number this form can use")
    except (InvalidOperation, ValueError) as exc:
        raise FormError(f"{where}: {value} is not a number this form can use") from exc
    return number
