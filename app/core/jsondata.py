"""How the program reads JSON it is given: one rule for what the parser can fail with, one set of messages.

Data files (forms, policies) read their numbers with a fraction as exact decimals (points and amounts are never
binary floats) and refuse NaN and Infinity and a key given twice (:func:`refuse_duplicate_keys`, which the other
readers use too); every failure is the caller's own error type, its message naming what
is wrong. Other readers of outside JSON (answer documents, findings, package members) catch :data:`JSON_FAILURES`
and word the reason with :func:`json_failure`. Standard library only.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

E = TypeVar("E", bound=ValueError)

# What ``json.loads`` can raise for text it cannot take: JSONDecodeError and UnicodeDecodeError (ValueErrors), a
# ValueError for an integer with more digits than Python converts (and a hook's JsonRefusedError), RecursionError for
# nesting deeper than the interpreter goes, and decimal.InvalidOperation (an ArithmeticError) for an exponent out of
# Decimal's range, as in ``1e9999999999999999999`` read with ``parse_float=Decimal``.
JSON_FAILURES: tuple[type[Exception], ...] = (ValueError, RecursionError, ArithmeticError)


class JsonRefusedError(ValueError):
    """A decoder hook's refusal of what it read (NaN, a key twice); its message says what, for the user."""


def json_failure(exc: BaseException) -> str:
    """Why JSON text could not be read, in words for the user (``exc`` is one of :data:`JSON_FAILURES`)."""
    if isinstance(exc, json.JSONDecodeError | JsonRefusedError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, ArithmeticError):
        return "a number's exponent is out of range"
    return "a number has too many digits"  # int(): more digits than sys.get_int_max_str_digits()


def refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object of a JSON text's key-value pairs (``object_pairs_hook``), refused when a key is given twice.

    Parsers differ on such a text (most keep the last value, some the first), so one file would say two things:
    every reader of data files and package members refuses it, naming the first key that comes again.
    """
    out = dict(pairs)
    if len(out) == len(pairs):  # the common case: no key twice
        return out
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            raise JsonRefusedError(f"duplicate key {key!r}")
        seen.add(key)
    raise AssertionError("unreachable: a key came twice")  # pragma: no cover


def _no_constant(name: str) -> Any:
    raise JsonRefusedError(f"{name} is not a number JSON allows")


def load_data_json(text: str, error: type[E]) -> Any:
    """The JSON value of a data file's text; ``error`` (a ValueError type) with the reason when it is not JSON."""
    try:
        return json.loads(
            text, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=refuse_duplicate_keys
        )
    except JSON_FAILURES as exc:
        raise error(f"not valid JSON: {json_failure(exc)}") from exc
