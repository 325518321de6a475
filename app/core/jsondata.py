"""How the program reads JSON it is given: one rule for what the parser can fail with, one set of messages.

Data files (forms, policies) read their numbers with a fraction as exact decimals (points and amounts are never
binary floats) and refuse NaN and Infinity; every failure is the caller's own error type, its message naming what
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


def _no_constant(name: str) -> Any:
    raise JsonRefusedError(f"{name} is not a number JSON allows")


def load_data_json(text: str, error: type[E]) -> Any:
    """The JSON value of a data file's text; ``error`` (a ValueError type) with the reason when it is not JSON."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except JSON_FAILURES as exc:
        raise error(f"not valid JSON: {json_failure(exc)}") from exc
