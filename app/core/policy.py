"""City subsidy policies as data, and the subsidy estimate they give (pure Python, exact decimals).

A policy file (resources/policies/*.json, schema in resources/policies/schema/policy.schema.json) quotes the clause
it is built from and states its rule in a small declarative language:

- ``rule.amount`` says what the estimate can be: ``exact`` (the document fixes rate and caps), ``upper_bound``
  (some part is "一定比例", so only a ceiling is known) or ``unknown`` (no rate at all: eligibility only).
- ``rule.parts`` are the pieces of money the clause names. Kinds:
  ``share_of_investment`` (``rate`` of the actual investment, capped by ``caps_by_level`` or ``cap``),
  ``fixed_at_most`` (at most ``cap``, whatever the investment), ``unknown_share`` (a share not published),
  ``share_of_down_payment`` (an advance of the subsidy: ``rate`` of the contract's down payment, at most ``cap``) and
  ``share_of_fee`` (a separate subsidy on a fee, e.g. diagnosis: ``rate`` of the fee, at most ``cap``).
  Only ``in_total`` parts make up the estimate; an advance is paid out of it, a fee subsidy is apart from it.
- ``rule.total_cap_rate`` caps the whole subsidy at that share of the actual investment.

Rounding: every share is computed exactly (Decimal) and rounded down to whole 元 (the documents state maxima, so an
estimate never exceeds them); caps are whole 元 already.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any, Literal

from app.core.jsondata import load_data_json

POLICY_FORMAT = "sme-policy/1"
MAX_POLICY_BYTES = 256 * 1024
MAX_YUAN = 10**12  # one trillion 元: anything above is a typing error, not a project
POLICY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
RATE_PATTERN = re.compile(r"^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$")
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

AmountKind = Literal["exact", "upper_bound", "unknown"]
PartKind = Literal["share_of_investment", "fixed_at_most", "unknown_share", "share_of_down_payment", "share_of_fee"]
TargetKind = Literal["share", "count"]
AMOUNT_KINDS: tuple[str, ...] = ("exact", "upper_bound", "unknown")
PART_KINDS: tuple[str, ...] = (
    "share_of_investment", "fixed_at_most", "unknown_share", "share_of_down_payment", "share_of_fee",
)  # fmt: skip
TARGET_KINDS: tuple[str, ...] = ("share", "count")
TARGET_SCOPES: tuple[str, ...] = ("above_scale", "below_scale", "all", "pilot")
COMPARISONS: tuple[str, ...] = ("gt", "ge", "about")
BASIS = "actual_investment"  # the documents' 实际投入


class PolicyError(ValueError):
    """A policy file breaks the format; the message names the field as a path into the file."""


@dataclass(frozen=True)
class Clause:
    ref: str  # where in the document, e.g. "（五）8"
    text: str  # quoted exactly


@dataclass(frozen=True)
class PolicyPart:
    id: str
    kind: PartKind
    label: str
    in_total: bool
    rate: Decimal | None = None
    cap: int | None = None
    caps_by_level: Mapping[int, int] = field(default_factory=dict)
    clause: str = ""  # the words of the clause this part rests on


@dataclass(frozen=True)
class Target:
    """A programme target a portfolio can be measured against."""

    kind: TargetKind
    scope: str  # above_scale | below_scale | all | pilot (the programme's transformed enterprises)
    subsectors: tuple[str, ...]  # empty: every sub-sector of the programme
    min_level: int | None  # the level counted (None: a count of enterprises transformed, whatever the level)
    comparison: str  # gt (超) | ge (达/不少于) | about (左右)
    share: Decimal | None = None  # kind share: the share of the scope's enterprises at min_level or above
    count: int | None = None  # kind count: the number of enterprises
    year: int | None = None
    quote: str = ""
    per_subsector: bool = False  # a share target met in each sub-sector separately


@dataclass(frozen=True)
class Policy:
    id: str
    city: str
    title: str
    document: str  # the issuing document's title
    document_number: str  # 文号, "" when it has none
    issuer: str
    issued: str | None  # YYYY-MM-DD, None when the document is undated (a draft for comment)
    clause: Clause
    min_level: int  # the level the after assessment must reach
    eligibility_text: str
    amount: AmountKind
    parts: tuple[PolicyPart, ...]
    total_cap_rate: Decimal | None
    targets: tuple[Target, ...]
    notes: tuple[str, ...] = ()
    source: str = "bundled"  # bundled | installed

    def part(self, kind: str) -> PolicyPart | None:
        return next((p for p in self.parts if p.kind == kind), None)


@dataclass(frozen=True)
class SubsidyEstimate:
    """The ``subsidy --json`` object (without the enterprise): amounts in whole 元, ``None`` when not known."""

    policy: str
    level: int
    investment: int
    estimate: int | None
    cap: int | None
    rate: Decimal | None
    basis: str
    eligible: bool
    upper_bound: bool
    notes: tuple[str, ...]


@dataclass(frozen=True)
class PartEstimate:
    part: PolicyPart
    amount: int | None  # None: not known (一定比例)
    at_most: bool  # the amount is a ceiling, not a figure


def share(amount: int, rate: Decimal) -> int:
    """``rate`` of ``amount`` 元, rounded down to whole 元."""
    return int((Decimal(amount) * rate).to_integral_value(rounding=ROUND_FLOOR))


def yuan(amount: int) -> str:
    return f"{amount:,} 元"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def estimate_parts(policy: Policy, level: int, investment_yuan: int) -> list[PartEstimate]:
    """The parts that make up the subsidy (``in_total``) at ``level`` for ``investment_yuan`` 元 actually spent."""
    out = []
    for part in policy.parts:
        if not part.in_total:
            continue
        if part.kind == "share_of_investment" and part.rate is not None:
            amount = share(investment_yuan, part.rate)
            cap = part.caps_by_level.get(level, part.cap)
            if part.caps_by_level and level not in part.caps_by_level:
                cap = 0
            out.append(PartEstimate(part, amount if cap is None else min(amount, cap), at_most=False))
        elif part.kind == "fixed_at_most":
            out.append(PartEstimate(part, part.cap, at_most=True))
        else:  # unknown_share
            out.append(PartEstimate(part, None, at_most=True))
    return out


def first_instalment(policy: Policy, down_payment_yuan: int) -> int | None:
    """The advance paid on the contract's down payment, when the policy has one."""
    part = policy.part("share_of_down_payment")
    if part is None or part.rate is None:
        return None
    amount = share(down_payment_yuan, part.rate)
    return amount if part.cap is None else min(amount, part.cap)


def fee_subsidy(policy: Policy, fee_yuan: int) -> int | None:
    """The separate subsidy on a fee (the diagnosis subsidy), when the policy has one."""
    part = policy.part("share_of_fee")
    if part is None or part.rate is None:
        return None
    amount = share(fee_yuan, part.rate)
    return amount if part.cap is None else min(amount, part.cap)


def estimate_subsidy(
    policy: Policy, level: int, investment_yuan: int, *, down_payment_yuan: int | None = None
) -> SubsidyEstimate:
    """The subsidy ``policy`` gives at ``level`` (of the after assessment) for ``investment_yuan`` 元 spent.

    ``estimate`` is ``None`` when the document gives no amount; ``upper_bound`` says the figure is a ceiling.
    """
    if investment_yuan < 0 or investment_yuan > MAX_YUAN:
        raise ValueError(f"investment: {investment_yuan} is not an amount of 元 between 0 and {MAX_YUAN}")
    notes: list[str] = [f"估算，依据《{policy.document}》{policy.clause.ref}（{policy.id}）"]
    eligible = level >= policy.min_level
    main = policy.part("share_of_investment")
    rate = main.rate if main is not None else policy.total_cap_rate
    if not eligible:
        notes.append(f"不符合补助条件：须{policy.eligibility_text}")
        return SubsidyEstimate(policy.id, level, investment_yuan, None if policy.amount == "unknown" else 0, None,
                               rate, BASIS, False, False, tuple(notes))  # fmt: skip
    if policy.amount == "unknown":
        notes.append("文件未给出补助比例或金额，仅判断是否符合条件，不估算金额")
        notes.extend(policy.notes)
        return SubsidyEstimate(policy.id, level, investment_yuan, None, None, None, BASIS, True, False, tuple(notes))
    parts = estimate_parts(policy, level, investment_yuan)
    unknown = any(p.amount is None for p in parts)
    known = sum(p.amount for p in parts if p.amount is not None)
    total_cap = share(investment_yuan, policy.total_cap_rate) if policy.total_cap_rate is not None else None
    cap: int | None
    if unknown:
        estimate, cap = total_cap, total_cap
    else:
        cap = sum((_part_cap(p.part, level, p.amount) for p in parts), 0)
        estimate = known if total_cap is None else min(known, total_cap)
        if total_cap is not None:
            cap = min(cap, total_cap)
    upper_bound = policy.amount == "upper_bound" or unknown or any(p.at_most for p in parts)
    for p in parts:
        if p.amount is None:
            notes.append(f"{p.part.label}：文件未给出比例（{p.part.clause}），金额未知")
        elif p.at_most:
            notes.append(f"{p.part.label}：不超过 {yuan(p.amount)}")
        else:
            assert p.part.rate is not None
            notes.append(f"{p.part.label}：实际投入 {yuan(investment_yuan)} × {_percent(p.part.rate)}，"
                         f"本等级上限 {yuan(_part_cap(p.part, level, p.amount))} → {yuan(p.amount)}")  # fmt: skip
    if total_cap is not None and policy.total_cap_rate is not None:
        notes.append(f"累计补助不超过实际投入的 {_percent(policy.total_cap_rate)}：{yuan(total_cap)}")
    if upper_bound:
        notes.append("此为上限，实际金额以主管部门核定为准")
    notes.extend(_payment_notes(policy, down_payment_yuan))
    notes.extend(policy.notes)
    return SubsidyEstimate(policy.id, level, investment_yuan, estimate, cap, rate, BASIS, True, upper_bound,
                           tuple(notes))  # fmt: skip


def _payment_notes(policy: Policy, down_payment_yuan: int | None) -> list[str]:
    """Notes on the advance paid on the down payment and on a separate fee subsidy, when the policy has them."""
    notes: list[str] = []
    advance = policy.part("share_of_down_payment")
    if advance is not None and advance.rate is not None:
        cap_text = f"，最高 {yuan(advance.cap)}" if advance.cap is not None else ""
        if down_payment_yuan is None:
            notes.append(f"{advance.label}：合同首付金额的 {_percent(advance.rate)}{cap_text}（未填写首付金额）")
        else:
            first = first_instalment(policy, down_payment_yuan)
            notes.append(f"{advance.label}：首付 {yuan(down_payment_yuan)} × {_percent(advance.rate)}{cap_text} → "
                         f"{yuan(first or 0)}（从上述补助中先行拨付，不另计）")  # fmt: skip
    fee = policy.part("share_of_fee")
    if fee is not None and fee.rate is not None:
        cap_text = f"，最高 {yuan(fee.cap)}" if fee.cap is not None else ""
        notes.append(f"另有{fee.label}：费用的 {_percent(fee.rate)}{cap_text}（未计入本估算）")
    return notes


def _part_cap(part: PolicyPart, level: int, amount: int | None) -> int:
    if part.caps_by_level:
        return part.caps_by_level.get(level, 0)
    if part.cap is not None:
        return part.cap
    return amount or 0


def estimate_json(estimate: SubsidyEstimate, enterprise: int | None = None) -> dict[str, Any]:
    """The ``subsidy --json`` object: exactly its documented keys, amounts as integers (元), the rate as a string."""
    return {
        "policy": estimate.policy, "enterprise": enterprise, "level": estimate.level,
        "investment": estimate.investment, "estimate": estimate.estimate, "cap": estimate.cap,
        "rate": None if estimate.rate is None else f"{estimate.rate:f}", "basis": estimate.basis,
        "eligible": estimate.eligible, "upper_bound": estimate.upper_bound, "notes": list(estimate.notes),
    }  # fmt: skip


# ------------------------------------------------------------------------------------------------ reading files

ALLOWED_KEYS: dict[str, frozenset[str]] = {
    "policy": frozenset({"format", "id", "city", "title", "document", "clause", "eligibility", "rule", "targets",
                         "notes"}),
    "document": frozenset({"title", "number", "issuer", "date"}),
    "clause": frozenset({"ref", "text"}),
    "eligibility": frozenset({"min_level", "text"}),
    "rule": frozenset({"amount", "parts", "total_cap_rate"}),
    "part": frozenset({"id", "kind", "label", "in_total", "rate", "cap", "caps_by_level", "clause"}),
    "target": frozenset({"kind", "scope", "subsectors", "min_level", "comparison", "share", "count", "year",
                         "quote", "per_subsector"}),
}  # fmt: skip


class _R:
    """Reads one object of a policy file, naming the field path in every error."""

    def __init__(self, data: Any, path: str, kind: str) -> None:
        if not isinstance(data, dict):
            raise PolicyError(f"{path or 'policy'}: must be a JSON object")
        extra = sorted(set(data) - ALLOWED_KEYS[kind])
        if extra:
            raise PolicyError(f"{_at(path, extra[0])}: unknown key")
        self.data, self.path = data, path

    def at(self, key: str) -> str:
        return _at(self.path, key)

    def get(self, key: str, required: bool = True) -> Any:
        if key not in self.data:
            if required:
                raise PolicyError(f"{self.at(key)}: missing")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True, limit: int = 4000) -> str:
        value = self.get(key, required)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise PolicyError(f"{self.at(key)}: must be a non-empty string")
        if len(value) > limit:
            raise PolicyError(f"{self.at(key)}: longer than {limit} characters")
        return value

    def integer(self, key: str, low: int, high: int, required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is None:
            if required:
                raise PolicyError(f"{self.at(key)}: must be a whole number")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PolicyError(f"{self.at(key)}: must be a whole number from {low} to {high}")
        return value

    def rate(self, key: str, required: bool = True) -> Decimal | None:
        value = self.get(key, required)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not RATE_PATTERN.match(value):
            raise PolicyError(f'{self.at(key)}: a rate is a string from "0" to "1" with at most 4 decimals')
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise PolicyError(f"{self.at(key)}: not a decimal") from None

    def choice(self, key: str, choices: Sequence[str]) -> str:
        value = self.get(key)
        if value not in choices:
            raise PolicyError(f"{self.at(key)}: must be one of {', '.join(choices)}, not {value!r}")
        return str(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.get(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise PolicyError(f"{self.at(key)}: must be true or false")
        return value

    def objects(self, key: str, kind: str, required: bool = True) -> list[_R]:
        value = self.get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise PolicyError(f"{self.at(key)}: must be a list")
        return [_R(item, f"{self.at(key)}[{i}]", kind) for i, item in enumerate(value)]


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check_strings(value: Any, path: str, depth: int = 0) -> None:
    if depth > 16:
        raise PolicyError(f"{path or 'policy'}: nested too deeply")
    if isinstance(value, str):
        for ch in value:
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise PolicyError(f"{path}: contains a lone surrogate (U+{code:04X}), not valid Unicode text")
            if (code < 0x20 and ch not in "\n\t") or 0x7F <= code < 0xA0 or ch in "\u202a\u202b\u202c\u202d\u202e":
                raise PolicyError(f"{path}: contains the control character U+{code:04X}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, _at(path, "<key>"), depth + 1)
            _check_strings(item, _at(path, str(key)), depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_strings(item, f"{path}[{i}]", depth + 1)


def load_policy_bytes(raw: bytes) -> Policy:
    """Parse a policy file: size-limited, strict UTF-8, JSON without floats' surprises, every field checked."""
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyError(f"the file is {len(raw):,} bytes; a policy file may have at most {MAX_POLICY_BYTES:,}")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise PolicyError(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
    return parse_policy(load_data_json(text, PolicyError))


def parse_policy(data: Any) -> Policy:
    _check_strings(data, "")
    p = _R(data, "", "policy")
    if p.get("format") != POLICY_FORMAT:
        raise PolicyError(f"format: must be {POLICY_FORMAT!r}")
    policy_id = p.text("id", limit=63)
    if not POLICY_ID_PATTERN.match(policy_id):
        raise PolicyError("id: lower-case letters, digits and '-', 2 to 63 characters (e.g. xiamen-2024)")
    doc = _R(p.get("document"), "document", "document")
    issued = doc.get("date", required=False)
    if issued is not None and (not isinstance(issued, str) or not DATE_PATTERN.match(issued)):
        raise PolicyError("document.date: must be YYYY-MM-DD or null")
    clause = _R(p.get("clause"), "clause", "clause")
    elig = _R(p.get("eligibility"), "eligibility", "eligibility")
    rule = _R(p.get("rule"), "rule", "rule")
    amount = rule.choice("amount", AMOUNT_KINDS)
    parts = tuple(_part(r) for r in rule.objects("parts", "part", required=False))
    ids = [part.id for part in parts]
    if len(set(ids)) != len(ids):
        raise PolicyError("rule.parts: two parts have the same id")
    for kind in ("share_of_investment", "share_of_down_payment", "share_of_fee"):
        if sum(1 for part in parts if part.kind == kind) > 1:
            raise PolicyError(f"rule.parts: at most one part of kind {kind}")
    if amount != "unknown" and not any(part.in_total for part in parts):
        raise PolicyError("rule.parts: an amount that is not unknown needs at least one part with in_total")
    if amount == "exact" and any(part.kind in ("fixed_at_most", "unknown_share") for part in parts if part.in_total):
        raise PolicyError("rule.amount: a rule with an at-most or unknown part is upper_bound, not exact")
    notes = p.get("notes", required=False) or []
    if not isinstance(notes, list) or not all(isinstance(n, str) and len(n) <= 1000 for n in notes):
        raise PolicyError("notes: must be a list of strings")
    return Policy(
        id=policy_id, city=p.text("city", limit=100), title=p.text("title", limit=300),
        document=doc.text("title", limit=300), document_number=doc.text("number", required=False, limit=100),
        issuer=doc.text("issuer", limit=200), issued=issued,
        clause=Clause(clause.text("ref", limit=100), clause.text("text", limit=4000)),
        min_level=elig.integer("min_level", 1, 4) or 0, eligibility_text=elig.text("text", limit=300),
        amount=amount,  # type: ignore[arg-type]  # checked by choice()
        parts=parts, total_cap_rate=rule.rate("total_cap_rate", required=False),
        targets=tuple(_target(r) for r in p.objects("targets", "target", required=False)), notes=tuple(notes),
    )  # fmt: skip


def _part(r: _R) -> PolicyPart:
    kind = r.choice("kind", PART_KINDS)
    needs_rate = kind in ("share_of_investment", "share_of_down_payment", "share_of_fee")
    rate = r.rate("rate", required=needs_rate)
    if not needs_rate and rate is not None:
        raise PolicyError(f"{r.at('rate')}: a {kind} part has no rate")
    caps: dict[int, int] = {}
    raw_caps = r.get("caps_by_level", required=False)
    if raw_caps is not None:
        if kind != "share_of_investment" or not isinstance(raw_caps, dict) or not raw_caps:
            raise PolicyError(f'{r.at("caps_by_level")}: an object level ("1"–"4") → 元, on a share of investment')
        for key, value in raw_caps.items():
            if key not in ("1", "2", "3", "4"):
                raise PolicyError(f'{r.at("caps_by_level")}.{key}: a level is "1" to "4"')
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_YUAN:
                raise PolicyError(f"{r.at('caps_by_level')}.{key}: must be whole 元 from 0 to {MAX_YUAN}")
            caps[int(key)] = value
    cap = r.integer("cap", 0, MAX_YUAN, required=kind == "fixed_at_most")
    in_total = r.boolean("in_total", kind in ("share_of_investment", "fixed_at_most", "unknown_share"))
    if in_total and kind in ("share_of_down_payment", "share_of_fee"):
        raise PolicyError(f"{r.at('in_total')}: a {kind} part is an advance or a separate subsidy, never in_total")
    part_id = r.text("id", limit=63)
    if not POLICY_ID_PATTERN.match(part_id):
        raise PolicyError(f"{r.at('id')}: lower-case letters, digits and '-'")
    return PolicyPart(part_id, kind, r.text("label", limit=100), in_total, rate, cap, caps,  # type: ignore[arg-type]
                      r.text("clause", required=False))  # fmt: skip


def _target(r: _R) -> Target:
    kind = r.choice("kind", TARGET_KINDS)
    subsectors = r.get("subsectors", required=False) or []
    if not isinstance(subsectors, list) or not all(isinstance(s, str) and s.strip() for s in subsectors):
        raise PolicyError(f"{r.at('subsectors')}: must be a list of sub-sector names")
    min_level = r.integer("min_level", 1, 4, required=False)
    target_share = r.rate("share", required=kind == "share")
    count = r.integer("count", 1, 10**7, required=kind == "count")
    if kind == "share" and count is not None:
        raise PolicyError(f"{r.at('count')}: a share target has no count")
    if kind == "count" and target_share is not None:
        raise PolicyError(f"{r.at('share')}: a count target has no share")
    if kind == "share" and min_level is None:
        raise PolicyError(f"{r.at('min_level')}: a share target names the level it counts")
    return Target(
        kind=kind,  # type: ignore[arg-type]  # checked by choice()
        scope=r.choice("scope", TARGET_SCOPES), subsectors=tuple(subsectors), min_level=min_level,
        comparison=r.choice("comparison", COMPARISONS), share=target_share, count=count,
        year=r.integer("year", 2000, 2100, required=False), quote=r.text("quote"),
        per_subsector=r.boolean("per_subsector", False),
    )  # fmt: skip
