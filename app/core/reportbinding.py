"""The report binding: the token a report's PDF metadata carries to tie it to one assessment's content.

docs/package-format.md (section 5.5) is normative. The token is plain ASCII so that it appears verbatim in the
PDF's document information dictionary (``/Keywords``); a verifier finds it with a bounded pattern over the
PDF's bytes, without a PDF parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

BINDING_PREFIX = "sdap-binding/1"
BINDING_PATTERN = re.compile(
    rb"sdap-binding/1;content_digest=(sha256:[0-9a-f]{64});level=([0-9]{1,3});total_score=([0-9]{1,12}(?:\.[0-9]{1,9})?)(?![0-9.])"
)
# A PDF may carry the token more than once (for example in XMP as well); more than this is refused.
MAX_BINDINGS = 8


_TEXTS: dict[Decimal | int, str] = {}  # decimal_text of the values seen: points repeat across every score
_MAX_TEXTS = 4096  # values from outside (packages) may all differ: past this many, none is kept


def decimal_text(value: Decimal | int) -> str:
    """The canonical text of an exact decimal: plain notation, no exponent, no trailing zeros ("45.7", "40", "0").

    The text depends on the value alone (``Decimal("4.50")`` and ``Decimal("4.5")``, ``4`` and ``Decimal(4)`` are
    equal and hash alike), so texts already made are looked up by the value."""
    try:
        return _TEXTS[value]
    except (KeyError, TypeError):  # not seen yet, or unhashable (a signalling NaN, refused below)
        pass
    text = _decimal_text(value)
    if len(_TEXTS) < _MAX_TEXTS:
        _TEXTS[value] = text
    return text


def _decimal_text(value: Decimal | int) -> str:
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def binding_token(content_digest: str, level: int, total_score: Decimal | int) -> str:
    """Return the token for a report's /Keywords: the content digest, the overall level and the total score."""
    return f"{BINDING_PREFIX};content_digest={content_digest};level={level};total_score={decimal_text(total_score)}"


@dataclass(frozen=True)
class ReportBinding:
    content_digest: str
    level: int
    total_score: str  # canonical decimal text


class BindingError(ValueError):
    """The PDF carries no binding, or several that disagree."""


def find_binding(pdf: bytes) -> ReportBinding:
    """Return the one binding a PDF's bytes carry; raise BindingError when none, or different ones, are found."""
    found: set[tuple[bytes, bytes, bytes]] = set()
    for count, match in enumerate(BINDING_PATTERN.finditer(pdf), start=1):
        if count > MAX_BINDINGS:
            raise BindingError(f"the PDF carries more than {MAX_BINDINGS} report bindings")
        found.add((match.group(1), match.group(2), match.group(3)))
    if not found:
        if BINDING_PREFIX.encode("ascii") in pdf:
            raise BindingError("the PDF's report binding is malformed")
        raise BindingError("the PDF carries no report binding (content digest, level, total score)")
    if len(found) > 1:
        raise BindingError("the PDF carries several report bindings that disagree")
    digest, level, total = found.pop()
    return ReportBinding(digest.decode("ascii"), int(level), decimal_text(Decimal(total.decode("ascii"))))
