"""The consultant's findings on one assessment: pain points (痛点) and the needs list (需求清单).

The document is the JSON of issue 14, exactly::

    {"pain_points": [{"item": "S06", "text": "生产进度靠纸质派工单"}],
     "needs": [{"title": "上线MES", "items": ["S06", "Q4"], "category": "制造", "priority": 1,
                "estimate_yuan": 600000, "measure": "部署轻量化MES并与ERP打通", "due": "2025-06-30"}]}

Nothing else is stored: a pain point's business area is derived from its item (a scene's group, a question's
dimension), never typed. Every error names the field path (``needs[0].category``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from app.core.form import Form
from app.core.jsondata import JSON_FAILURES, json_failure, refuse_duplicate_keys
from app.core.planner import Plan
from app.core.text_rules import TextRuleError, clean_text

# Guangdong's product list (广东省中小企业数字化转型产品目录) groups products in these six categories; the one list.
CATEGORIES: Mapping[str, str] = {
    "设计": "Design",
    "制造": "Manufacturing",
    "销售": "Sales",
    "服务": "Service",
    "管理": "Management",
    "安全": "Security",
}
MAX_PAIN_POINTS = 200
MAX_NEEDS = 200
MAX_ITEMS_PER_NEED = 40
MAX_PRIORITY = 9
# 100 亿元: far above any SME's transformation; a bigger figure is a typing error (or an attack on the totals).
MAX_YUAN = 10_000_000_000
MAX_DOCUMENT_BYTES = 1_000_000  # the size limit on a findings file read by the command line
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAIN_KEYS = ("item", "text")
_NEED_KEYS = ("title", "items", "category", "priority", "estimate_yuan", "measure", "due")


class FindingsError(ValueError):
    """A findings document refused; ``field`` is the path of the bad value (``needs[0].category``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PainPoint:
    item: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "text": self.text}


@dataclass(frozen=True)
class Need:
    title: str
    items: tuple[str, ...]
    category: str
    priority: int
    estimate_yuan: int
    measure: str
    due: date

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "items": list(self.items),
            "category": self.category,
            "priority": self.priority,
            "estimate_yuan": self.estimate_yuan,
            "measure": self.measure,
            "due": self.due.isoformat(),
        }


@dataclass(frozen=True)
class Findings:
    pain_points: tuple[PainPoint, ...] = ()
    needs: tuple[Need, ...] = ()

    @property
    def total_yuan(self) -> int:
        return sum(n.estimate_yuan for n in self.needs)

    @property
    def empty(self) -> bool:
        return not self.pain_points and not self.needs

    def to_json(self) -> dict[str, Any]:
        return {"pain_points": [p.to_json() for p in self.pain_points], "needs": [n.to_json() for n in self.needs]}

    def dumps(self) -> str:
        """The canonical stored text (sorted keys, no ASCII escapes)."""
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def schedule(self) -> list[Need]:
        """The needs by planned date, then priority (the report's schedule)."""
        return sorted(self.needs, key=lambda n: (n.due, n.priority))


EMPTY = Findings()


class SubsidyFigures(Protocol):
    """What the diagnosis report reads of a subsidy estimate (app.core.policy's SubsidyEstimate has these)."""

    @property
    def policy(self) -> str: ...
    @property
    def basis(self) -> str: ...  # the clause the figure rests on
    @property
    def eligible(self) -> bool: ...
    @property
    def estimate(self) -> int | None: ...  # 元; None: the policy names no amount
    @property
    def upper_bound(self) -> bool: ...
    @property
    def notes(self) -> Sequence[str]: ...


def category_en(category: str) -> str:
    return CATEGORIES.get(category, category)


def _text(path: str, value: object, rule: str, *, required: bool) -> str:
    try:
        text = clean_text(path, value, rule_field=rule)
    except TextRuleError as exc:
        raise FindingsError(exc.field, exc.message) from exc
    if required and not text:
        raise FindingsError(path, "不能为空 (must not be empty)")
    return text


def _integer(path: str, value: object, low: int, high: int) -> int:
    # bool is an int in Python and 1.0 equals 1: neither is an amount typed in 元.
    if isinstance(value, bool) or not isinstance(value, int):
        raise FindingsError(path, f"应为整数 (must be a whole number, not {json.dumps(value, ensure_ascii=False)})")
    if value < low:
        raise FindingsError(path, f"不能小于 {low:,} (must not be below {low:,}: {value:,})")
    if value > high:
        raise FindingsError(path, f"不能大于 {high:,} (must not exceed {high:,}: {value:,})")
    return value


def _item(path: str, value: object, item_ids: Collection[str]) -> str:
    if not isinstance(value, str) or value not in item_ids:
        shown = json.dumps(value, ensure_ascii=False)[:40]
        raise FindingsError(path, f"评测表中没有这一项 {shown} (unknown item {shown})")
    return value


def _object(path: str, value: object, keys: Sequence[str], optional: Collection[str] = ()) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise FindingsError(path, "应为对象 (must be an object)")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise FindingsError(f"{path}.{unknown[0]}"[:100], "不认识的字段 (unknown field)")
    for key in keys:
        if key not in value and key not in optional:
            raise FindingsError(f"{path}.{key}" if path else key, "缺少此字段 (missing)")
    return value


def _list(path: str, value: object, limit: int) -> list[Any]:
    if not isinstance(value, list):
        raise FindingsError(path, "应为列表 (must be a list)")
    if len(value) > limit:
        raise FindingsError(path, f"最多 {limit} 项 (at most {limit} entries, got {len(value)})")
    return value


def _due(path: str, value: object) -> date:
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    shown = json.dumps(value, ensure_ascii=False)[:40]
    raise FindingsError(path, f"应为日期 YYYY-MM-DD (must be an ISO date, not {shown})")


def parse_need(path: str, value: object, item_ids: Collection[str]) -> Need:
    raw = _object(path, value, _NEED_KEYS, optional=("measure",))
    title = _text(f"{path}.title", raw["title"], "findings.title", required=True)
    items_raw = _list(f"{path}.items", raw["items"], MAX_ITEMS_PER_NEED)
    if not items_raw:
        raise FindingsError(f"{path}.items", "至少一项 (at least one question or scene)")
    items: list[str] = []
    for j, entry in enumerate(items_raw):
        item = _item(f"{path}.items[{j}]", entry, item_ids)
        if item in items:
            raise FindingsError(f"{path}.items[{j}]", f"重复的项 {item} (duplicate item {item})")
        items.append(item)
    category = raw["category"]
    if not isinstance(category, str) or category not in CATEGORIES:
        shown = json.dumps(category, ensure_ascii=False)[:40].strip('"')
        allowed = "/".join(CATEGORIES)
        raise FindingsError(f"{path}.category", f"未知的类别 '{shown}' (unknown category '{shown}'; {allowed})")
    return Need(
        title=title,
        items=tuple(items),
        category=category,
        priority=_integer(f"{path}.priority", raw["priority"], 1, MAX_PRIORITY),
        estimate_yuan=_integer(f"{path}.estimate_yuan", raw["estimate_yuan"], 0, MAX_YUAN),
        measure=_text(f"{path}.measure", raw.get("measure", ""), "findings.measure", required=False),
        due=_due(f"{path}.due", raw["due"]),
    )


def parse_findings(document: object, item_ids: Collection[str]) -> Findings:
    """Validate a findings document against the assessment's form items, or raise FindingsError naming the path."""
    raw = _object("", document, ("pain_points", "needs"), optional=("pain_points", "needs"))
    pains_raw = _list("pain_points", raw.get("pain_points", []), MAX_PAIN_POINTS)
    needs_raw = _list("needs", raw.get("needs", []), MAX_NEEDS)
    pains: list[PainPoint] = []
    for i, entry in enumerate(pains_raw):
        path = f"pain_points[{i}]"
        pain = _object(path, entry, _PAIN_KEYS)
        item = _item(f"{path}.item", pain["item"], item_ids)
        pains.append(PainPoint(item, _text(f"{path}.text", pain["text"], "findings.pain_point", required=True)))
    needs = [parse_need(f"needs[{i}]", entry, item_ids) for i, entry in enumerate(needs_raw)]
    return Findings(tuple(pains), tuple(needs))


def loads_findings(text: str, item_ids: Collection[str]) -> Findings:
    """Parse the JSON text of a findings document (a file, or the stored text)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise FindingsError("file", f"文件过大 (larger than {MAX_DOCUMENT_BYTES:,} bytes)")
    try:
        document = json.loads(text, object_pairs_hook=refuse_duplicate_keys)
    except JSON_FAILURES as exc:
        raise FindingsError("file", f"不是有效的 JSON (not valid JSON: {json_failure(exc)})") from None
    return parse_findings(document, item_ids)


# ------------------------------------------------------------------ derived: areas, categories, plan coverage


def business_area(form: Form, item: str) -> str:
    """The business area a pain point belongs to: a scene's group, a question's dimension."""
    scene = form.scene(item)
    if scene is not None:
        return scene.group
    question = form.question(item)
    return question.dimension if question is not None else ""


def business_area_en(form: Form, area: str) -> str:
    for group in form.scene_groups:
        if group.id == area:
            return group.name_en
    for dimension in form.dimensions:
        if dimension.id == area:
            return dimension.name_en
    return area


# Keyword → category, first match wins; read against the scene's name or the question's indicator and
# sub-indicator. A guess for a need created from a plan step: the consultant edits it.
_CATEGORY_HINTS: tuple[tuple[str, str], ...] = (
    ("安全", "安全"),
    ("设计", "设计"),
    ("营销", "销售"),
    ("市场", "销售"),
    ("售后", "服务"),
    ("服务", "服务"),
    ("设备", "制造"),
    ("数据采集", "制造"),
    ("生产", "制造"),
    ("计划排程", "制造"),
    ("质量", "制造"),
    ("能耗", "制造"),
    ("绿色", "制造"),
)


def guess_category(form: Form, item: str) -> str:
    scene = form.scene(item)
    question = form.question(item)
    if scene is not None:
        words = f"{scene.name} {scene.group}"
    elif question is not None:
        words = f"{question.indicator} {question.sub_indicator}"
    else:
        return "管理"
    for hint, category in _CATEGORY_HINTS:
        if hint in words:
            return category
    return "管理"


@dataclass(frozen=True)
class PlanStepView:
    """One step of the plan as the findings use it: the item, a short label, the step's text."""

    item: str
    label: str
    text: str


def plan_steps(form: Form, plan: Plan) -> list[PlanStepView]:
    out: list[PlanStepView] = []
    for q in plan.question_steps:
        options = "；".join(f"{o.id}. {o.text}" for o in q.options)
        out.append(PlanStepView(q.question_id, f"{q.question_id} {q.question_text}", options))
    for s in plan.scene_steps:
        level = form.scene_level_names.get(s.to_level) or form.level_name(s.to_level)
        out.append(PlanStepView(s.scene_id, f"{s.scene_id} {s.name}（达到{level}）", s.text))
    return out


def needs_from_plan(form: Form, plan: Plan, due: date) -> list[Need]:
    """The plan to level two as a needs list: one need per step, its item, a category guess, the step's text."""
    needs: list[Need] = []
    for number, step in enumerate(plan_steps(form, plan), 1):
        title = step.label if len(step.label) <= 200 else step.label[:199] + "…"
        measure = step.text if len(step.text) <= 2000 else step.text[:1999] + "…"
        needs.append(
            Need(
                title=title,
                items=(step.item,),
                category=guess_category(form, step.item),
                priority=min(number, MAX_PRIORITY),
                estimate_yuan=0,
                measure=measure,
                due=due,
            )
        )
    return needs


@dataclass(frozen=True)
class CoveredStep:
    step: PlanStepView
    needs: tuple[Need, ...]  # the needs whose items include the step's item; empty: not covered yet


def plan_coverage(form: Form, plan: Plan, findings: Findings) -> list[CoveredStep]:
    """The planner's steps merged with the needs that cover them (a need covers a step when it lists its item)."""
    return [
        CoveredStep(step, tuple(n for n in findings.needs if step.item in n.items)) for step in plan_steps(form, plan)
    ]
