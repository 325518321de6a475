"""Plain tables for a workbook (export-xlsx): columns with their kind and meaning, rows of plain values.

Pure data: the workbook writer (the report adapter) turns them into sheets; the programme service fills them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

Cell = str | int | Decimal | None


class ColumnKind(Enum):
    TEXT = "text"
    INTEGER = "integer"  # a count or a level: a whole number
    POINTS = "points"  # points: a number shown with two decimals
    AMOUNT = "amount"  # whole 元 with a thousands separator


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    meaning: str = ""  # what the column holds (the 说明 sheet lists it)


@dataclass(frozen=True)
class Table:
    name: str  # the sheet name
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    frozen: bool = True  # frozen header and auto-filter; False for a plain notes sheet


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-width grid: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


FORMULA_PREFIXES = ("=", "+", "-", "@")


def is_formula_like(text: str) -> bool:
    """A text a spreadsheet would read as a formula (CSV/formula injection): it must be stored as text."""
    stripped = text.lstrip("\t\r\n ")
    return bool(stripped) and (stripped[0] in FORMULA_PREFIXES or text[:1] in ("\t", "\r"))
