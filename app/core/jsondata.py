"""How the program's data files (forms, policies) read their JSON: one rule, one set of messages.

Numbers with a fraction are exact decimals (points and amounts are never binary floats); NaN and Infinity are
refused; every failure is the caller's own error type, its message naming what is wrong. Standard library only.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

E = TypeVar("E", bound=ValueError)


class _ConstantError(ValueError):
    """NaN or Infinity in the text (raised inside the decoder, reported as the caller's error)."""


def _no_constant(name: str) -> Any:
    raise _ConstantError(f"{name} is not a number JSON allows")


def load_data_json(text: str, error: type[E]) -> Any:
    """The JSON value of a data file's text; ``error`` (a ValueError type) with the reason when it is not JSON."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise error(f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise error("not valid JSON: nested too deeply") from exc
    except _ConstantError as exc:
        raise error(f"not valid JSON: {exc}") from exc
    except ValueError as exc:  # an integer with more digits than Python converts
        raise error("not valid JSON: a number has too many digits") from exc
