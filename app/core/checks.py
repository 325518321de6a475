"""Consistency checks on data-entry figures. They warn; they never change a score.

Each check is data in the form (``checks``); this module knows the kinds:

- ``not_greater``: figure ``a`` must not exceed figure ``b``.
- ``band_value``: a stated percentage must fall in the chosen option's band.
- ``band_ratio``: numerator ÷ denominator × 100 must fall in the chosen option's band.
- ``direction``: the change of a ratio from the previous year to the current one must agree with the chosen
  option's direction (up / flat / down), within a tolerance in percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.core.answers import AnswerSet
from app.core.form import Check, Form, Option

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ConsistencyWarning:
    check: str
    items: tuple[str, ...]
    message: str
    message_en: str

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "items": list(self.items),
            "message": self.message,
            "message_en": self.message_en,
        }


def run_checks(form: Form, answers: AnswerSet) -> tuple[ConsistencyWarning, ...]:
    """Return the warnings that the answers' figures raise, in the form's check order."""
    if not answers.figures:
        return ()  # every kind compares figures: with none entered, none can warn
    out = []
    for check in form.checks:
        found = _KINDS.get(check.kind, _unknown)(form, answers, check)
        if found is not None:
            out.append(found)
    return tuple(out)


def _fmt(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    return text[:-2] if text.endswith(".0") else text


def _warn(check: Check, items: list[str], **values: str) -> ConsistencyWarning:
    return ConsistencyWarning(
        check=check.id,
        items=tuple(dict.fromkeys(items)),
        message=check.message.format(**values),
        message_en=check.message_en.format(**values),
    )


def _chosen(form: Form, answers: AnswerSet, question_id: str) -> Option | None:
    question = form.question(question_id)
    selected = answers.selected(question_id)
    if question is None or len(selected) != 1:
        return None
    return question.option(selected[0])


def _item(ref: str) -> str:
    return ref.partition(".")[0]


def _ratio(answers: AnswerSet, spec: Mapping[str, Any]) -> Decimal | None:
    num = answers.figure(spec["numerator"])
    den = answers.figure(spec["denominator"])
    if num is None or den is None or den == 0:
        return None
    return num / den


def _not_greater(form: Form, answers: AnswerSet, check: Check) -> ConsistencyWarning | None:
    a = answers.figure(check.params["a"])
    b = answers.figure(check.params["b"])
    if a is None or b is None or a <= b:
        return None
    return _warn(check, [_item(check.params["a"]), _item(check.params["b"])], a=_fmt(a), b=_fmt(b))


def _band_value(form: Form, answers: AnswerSet, check: Check) -> ConsistencyWarning | None:
    option = _chosen(form, answers, check.params["question"])
    value = answers.figure(check.params["value"])
    if option is None or option.band is None or value is None or option.band.contains(value):
        return None
    return _warn(check, [check.params["question"], _item(check.params["value"])], value=_fmt(value), option=option.text)


def _band_ratio(form: Form, answers: AnswerSet, check: Check) -> ConsistencyWarning | None:
    option = _chosen(form, answers, check.params["question"])
    ratio = _ratio(answers, check.params)
    if option is None or option.band is None or ratio is None:
        return None
    percent = ratio * HUNDRED
    if option.band.contains(percent):
        return None
    items = [check.params["question"], _item(check.params["numerator"]), _item(check.params["denominator"])]
    return _warn(check, items, value=_fmt(percent), option=option.text)


def _direction(form: Form, answers: AnswerSet, check: Check) -> ConsistencyWarning | None:
    option = _chosen(form, answers, check.params["question"])
    current = _ratio(answers, check.params["current"])
    previous = _ratio(answers, check.params["previous"])
    if option is None or option.direction is None or current is None or previous is None or previous == 0:
        return None
    change = (current - previous) / previous * HUNDRED
    tolerance = Decimal(str(check.params.get("tolerance_pct", 0)))
    observed = "up" if change > tolerance else "down" if change < -tolerance else "flat"
    if observed == option.direction:
        return None
    refs = [check.params[k][part] for k in ("current", "previous") for part in ("numerator", "denominator")]
    return _warn(check, [check.params["question"], *(_item(r) for r in refs)], value=_fmt(change), option=option.text)


def _unknown(form: Form, answers: AnswerSet, check: Check) -> ConsistencyWarning | None:
    # A newer form revision may carry a kind this version does not know: skip it rather than fail scoring.
    return None


_KINDS = {
    "not_greater": _not_greater,
    "band_value": _band_value,
    "band_ratio": _band_ratio,
    "direction": _direction,
}
KNOWN_CHECK_KINDS = frozenset(_KINDS)
