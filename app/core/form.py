"""The questionnaire model: a form definition parsed from data (see forms/)."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

QuestionType = Literal["single", "multi"]
MAX_SCENE_LEVEL = 4
# The programme's target (二级): city pilots pay subsidies once an enterprise reaches it. A form may declare its own
# in ``level_rule.target_level``; this is the default for forms that do not (miit-2024 revision 1).
DEFAULT_TARGET_LEVEL = 2
# The name of "no level reached" when a form's data gives none (level 0 is not a level of the rule).
BELOW_LEVEL_ONE = ("未达到一级", "Below level 1")


class FormError(ValueError):
    """A form definition is malformed; the message names the item."""


@dataclass(frozen=True)
class Note:
    """A recorded disagreement or caution about the official text."""

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


@dataclass(frozen=True)
class Explanation:
    text: str
    source: str
    guidance: bool = False


@dataclass(frozen=True)
class Question:
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
    notes: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_options", {o.id: o for o in self.options})

    def option(self, option_id: str) -> Option | None:
        options: dict[str, Option] = self._options  # type: ignore[attr-defined]
        return options.get(option_id)

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
    id: str
    name: str
    name_en: str
    group: str
    constrained: bool
    question_text: str
    levels: Mapping[int, str]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Dimension:
    id: str
    name_en: str
    max_points: Decimal


@dataclass(frozen=True)
class SceneGroup:
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
    levels: tuple[LevelThreshold, ...]
    description: str
    description_en: str
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
    notice: str = ""
    sources_note: tuple[str, str] = ("", "")

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
    def target_level(self) -> int:
        """The level the programme aims at (二级 unless the form says otherwise), capped at the rule's top."""
        return min(self.level_rule.target_level, self.level_rule.max_level)

    def level_name(self, level: int, language: str = "zh") -> str:
        """The name of an overall level from the form's rule; 0 is "no level reached"."""
        en = language == "en"
        if level <= 0:
            names = self.scene_level_names_en if en else self.scene_level_names
            return names.get(0) or BELOW_LEVEL_ONE[1 if en else 0]
        row = self.level_rule.threshold(level)
        return (row.name_en or row.name) if en else row.name

    def level_names(self, language: str = "zh") -> dict[int, str]:
        """Every overall level's name, 0 (no level reached) to the rule's top."""
        return {lvl: self.level_name(lvl, language) for lvl in range(self.level_rule.max_level + 1)}


def canonical_json_bytes(data: Any) -> bytes:
    """Serialise data the one way a content hash is computed from (key order, spacing and EOL free)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def content_hash(data: Mapping[str, Any]) -> str:
    """Return the form's content hash: SHA-256 of its canonical JSON, prefixed with the algorithm."""
    return "sha256:" + hashlib.sha256(canonical_json_bytes(data)).hexdigest()


def load_form_json(text: str) -> Form:
    """Parse a form definition from its JSON text (numbers read as exact decimals)."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FormError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise FormError("the form must be a JSON object")
    return parse_form(data)


def parse_form(data: Mapping[str, Any]) -> Form:
    """Build a Form from its data, checking the invariants scoring relies on."""
    p = _Reader(data, "form")
    form_id = p.text("form")
    dimensions = tuple(
        Dimension(id=d.text("id"), name_en=d.text("name_en", ""), max_points=d.dec("max_points"))
        for d in p.objects("dimensions")
    )
    dim_ids = {d.id for d in dimensions}
    questions = tuple(_parse_question(q, dim_ids) for q in p.objects("questions"))
    _unique([q.id for q in questions], "question")
    for dim in dimensions:
        total = sum((q.max_points for q in questions if q.dimension == dim.id), Decimal(0))
        if total != dim.max_points:
            raise FormError(f"dimension {dim.id}: questions add up to {total}, not {dim.max_points}")
    groups = tuple(SceneGroup(id=g.text("id"), name_en=g.text("name_en", "")) for g in p.objects("scene_groups"))
    group_ids = {g.id for g in groups}
    scenes = tuple(_parse_scene(s, group_ids) for s in p.objects("scenes"))
    _unique([s.id for s in scenes], "scene")
    rule = _parse_rule(p.obj("level_rule"), len(scenes), sum(s.constrained for s in scenes))
    checks = tuple(_parse_check(c) for c in p.objects("checks", required=False))
    descs = p.opt_obj("level_descriptions")
    level_descriptions: dict[int, tuple[str, str]] = {}
    desc_note = ("", "")
    if descs is not None:
        for key, val in descs.mapping("levels").items():
            entry = _Reader(val, f"level_descriptions.{key}")
            level_descriptions[int(key)] = (entry.text("text"), entry.text("text_en", ""))
        desc_note = (descs.text("source_note", ""), descs.text("source_note_en", ""))
    return Form(
        id=form_id,
        revision=p.integer("revision"),
        title=p.text("title"),
        title_en=p.text("title_en", ""),
        content_hash=content_hash(data),
        dimensions=dimensions,
        questions=questions,
        scene_groups=groups,
        scenes=scenes,
        level_rule=rule,
        checks=checks,
        scene_level_names={int(k): str(v) for k, v in p.mapping("scene_level_names", {}).items()},
        scene_level_names_en={int(k): str(v) for k, v in p.mapping("scene_level_names_en", {}).items()},
        scene_evidence_hints={
            int(k): tuple(str(x) for x in v) for k, v in p.mapping("scene_evidence_hints", {}).items()
        },
        scene_evidence_hints_en={
            int(k): tuple(str(x) for x in v) for k, v in p.mapping("scene_evidence_hints_en", {}).items()
        },
        level_descriptions=level_descriptions,
        level_descriptions_note=desc_note,
        notice=p.text("notice", ""),
        sources_note=(p.text("sources_note", ""), p.text("sources_note_en", "")),
    )


def _unique(ids: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise FormError(f"duplicate {what} id {item}")
        seen.add(item)


def _parse_notes(r: _Reader) -> tuple[Note, ...]:
    return tuple(
        Note(
            kind=n.text("kind"),
            text=n.text("text"),
            text_en=n.text("text_en", ""),
            sources=n.text("sources", ""),
            option=n.opt_text("option"),
            alternative=n.opt_text("alternative"),
        )
        for n in r.objects("notes", required=False)
    )


def _parse_question(q: _Reader, dim_ids: set[str]) -> Question:
    qid = q.text("id")
    qtype = q.text("type")
    if qtype not in ("single", "multi"):
        raise FormError(f"{qid}: type must be 'single' or 'multi', not {qtype!r}")
    dimension = q.text("dimension")
    if dimension not in dim_ids:
        raise FormError(f"{qid}: unknown dimension {dimension!r}")
    max_points = q.dec("max_points")
    options = []
    for o in q.objects("options"):
        band = None
        rng = o.opt_obj("range")
        if rng is not None:
            band = Band(
                lower=rng.dec("lower"),
                lower_inclusive=rng.flag("lower_inclusive"),
                upper=rng.dec("upper"),
                upper_inclusive=rng.flag("upper_inclusive"),
            )
        options.append(
            Option(
                id=o.text("id"),
                text=o.text("text"),
                text_en=o.text("text_en", ""),
                points=o.dec("points"),
                exclusive=o.flag("exclusive", False),
                band=band,
                direction=o.opt_text("direction"),
            )
        )
    _unique([o.id for o in options], f"{qid} option")
    if not options:
        raise FormError(f"{qid}: no options")
    if any((o.points * 1000) % 1 for o in options):
        raise FormError(f"{qid}: points may have at most three decimals")
    if any(o.points < 0 or o.points > max_points for o in options):
        raise FormError(f"{qid}: an option's points lie outside 0..{max_points}")
    if qtype == "single":
        if max(o.points for o in options) != max_points:
            raise FormError(f"{qid}: the best option must be worth the maximum {max_points}")
    else:
        total = sum((o.points for o in options if not o.exclusive), Decimal(0))
        if total != max_points:
            raise FormError(f"{qid}: non-exclusive options add up to {total}, not {max_points}")
    figures = tuple(
        Figure(
            id=f.text("id"),
            label=f.text("label"),
            label_en=f.text("label_en", ""),
            unit=f.text("unit", ""),
            unit_en=f.text("unit_en", ""),
            kind="integer" if f.text("kind") == "integer" else "decimal",
            minimum=f.opt_dec("min"),
            maximum=f.opt_dec("max"),
        )
        for f in q.objects("figures", required=False)
    )
    _unique([f.id for f in figures], f"{qid} figure")

    def explanations(key: str) -> tuple[Explanation, ...]:
        return tuple(
            Explanation(text=e.text("text"), source=e.text("source", ""), guidance=e.flag("guidance", False))
            for e in q.objects(key, required=False)
        )

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
        figures=figures,
        notes=_parse_notes(q),
    )


def _parse_scene(s: _Reader, group_ids: set[str]) -> Scene:
    sid = s.text("id")
    group = s.text("group")
    if group not in group_ids:
        raise FormError(f"{sid}: unknown scene group {group!r}")
    levels = {int(k): str(v) for k, v in s.mapping("levels").items()}
    if sorted(levels) != list(range(1, MAX_SCENE_LEVEL + 1)):
        raise FormError(f"{sid}: levels must be exactly 1..{MAX_SCENE_LEVEL}")
    return Scene(
        id=sid,
        name=s.text("name"),
        name_en=s.text("name_en", ""),
        group=group,
        constrained=s.flag("constrained"),
        question_text=s.text("question_text", ""),
        levels=levels,
        notes=_parse_notes(s),
    )


def _parse_rule(r: _Reader, n_scenes: int, n_constrained: int) -> LevelRule:
    rows = []
    for row in r.objects("levels"):
        t = LevelThreshold(
            level=row.integer("level"),
            name=row.text("name"),
            name_en=row.text("name_en", ""),
            min_score=row.dec("min_score"),
            min_scenes=row.integer("min_scenes"),
            min_constrained=row.integer("min_constrained"),
        )
        if t.min_scenes > n_scenes or t.min_constrained > min(n_constrained, t.min_scenes):
            raise FormError(f"level_rule {t.level}: scene counts cannot be met by this form's scenes")
        rows.append(t)
    rows.sort(key=lambda t: t.level)
    if [t.level for t in rows] != list(range(1, len(rows) + 1)):
        raise FormError("level_rule: levels must be 1, 2, … without gaps")
    for lower, higher in itertools.pairwise(rows):
        if higher.min_score < lower.min_score:
            raise FormError(f"level_rule {higher.level}: score threshold lower than level {lower.level}'s")
    target = r.integer("target_level") if "target_level" in r.data else DEFAULT_TARGET_LEVEL
    if not 1 <= target <= len(rows):
        raise FormError(f"level_rule.target_level: {target} is not a level of the rule (1–{len(rows)})")
    return LevelRule(
        levels=tuple(rows),
        description=r.text("description", ""),
        description_en=r.text("description_en", ""),
        source_note=r.text("source_note", ""),
        source_note_en=r.text("source_note_en", ""),
        target_level=target,
    )


def _parse_check(c: _Reader) -> Check:
    params = {k: v for k, v in c.data.items() if k not in ("id", "kind", "message", "message_en")}
    return Check(
        id=c.text("id"),
        kind=c.text("kind"),
        params=params,
        message=c.text("message"),
        message_en=c.text("message_en", ""),
    )


class _Reader:
    """Typed access to a JSON object, with errors that name the path."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise FormError(f"{path}: expected an object")
        self.data: Mapping[str, Any] = data
        self.path = path

    def _required(self, key: str) -> Any:
        if self.data.get(key) is None:
            raise FormError(f"{self.path}: missing {key!r}")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise FormError(f"{self.path}: missing {key!r}")
            return default
        if not isinstance(value, str):
            raise FormError(f"{self.path}.{key}: expected text")
        return value

    def opt_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise FormError(f"{self.path}.{key}: expected text")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FormError(f"{self.path}.{key}: expected a list of texts")
        return value

    def integer(self, key: str) -> int:
        value = self._required(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FormError(f"{self.path}.{key}: expected a whole number")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise FormError(f"{self.path}.{key}: expected true or false")
        return value

    def dec(self, key: str) -> Decimal:
        return _to_decimal(self._required(key), f"{self.path}.{key}")

    def opt_dec(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        return None if value is None else _to_decimal(value, f"{self.path}.{key}")

    def obj(self, key: str) -> _Reader:
        return _Reader(self._required(key), f"{self.path}.{key}")

    def opt_obj(self, key: str) -> _Reader | None:
        value = self.data.get(key)
        return None if value is None else _Reader(value, f"{self.path}.{key}")

    def mapping(self, key: str, default: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        value = self.data.get(key, default)
        if not isinstance(value, Mapping):
            raise FormError(f"{self.path}.{key}: expected an object")
        return value

    def objects(self, key: str, required: bool = True) -> list[_Reader]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise FormError(f"{self.path}: missing {key!r}")
            return []
        if not isinstance(value, list):
            raise FormError(f"{self.path}.{key}: expected a list")
        return [_Reader(v, f"{self.path}.{key}[{i}]") for i, v in enumerate(value)]


def _to_decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise FormError(f"{where}: expected a number")
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
