"""The programme's Excel workbook (export-xlsx) through openpyxl: plain tables (app.core.tables) as sheets.

Every sheet gets a bold header; a data sheet a frozen header row and an auto-filter. Column widths fit the
longest text (East Asian wide characters count 2). Numbers are stored as numbers: points with two decimals,
amounts as whole 元 with a thousands separator. A text that a spreadsheet would read as a formula (starting with
= + - @) is stored as a string with the quote prefix, never as a formula. The file is written atomically.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.core.fileio import write_atomic
from app.core.tables import Cell, ColumnKind, Table, display_width, is_formula_like

POINTS_FORMAT = "0.00"
AMOUNT_FORMAT = "#,##0"
INTEGER_FORMAT = "0"
MAX_WIDTH = 60  # characters; a longer text wraps in the cell's width when the user widens it
MIN_WIDTH = 6
HEADER_FILL = PatternFill("solid", fgColor="E4ECF5")  # the reports' header fill (app.report.layout.HEADER_FILL)
# What the XML of a worksheet cannot hold (openpyxl refuses it): control characters other than tab and newlines.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMATS = {ColumnKind.POINTS: POINTS_FORMAT, ColumnKind.AMOUNT: AMOUNT_FORMAT, ColumnKind.INTEGER: INTEGER_FORMAT}


def workbook_bytes(tables: Sequence[Table], created: datetime | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    if created is not None:
        book.properties.created = created.replace(tzinfo=None)
        book.properties.modified = created.replace(tzinfo=None)
    book.properties.creator = "sme-digital-assess"
    for table in tables:
        _sheet(book, table)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(out: Path, tables: Sequence[Table], created: datetime | None = None) -> Path:
    """Write the workbook to ``out`` atomically (temporary file beside it, fsync, rename)."""
    write_atomic(out, workbook_bytes(tables, created))
    return out


def _sheet(book: Workbook, table: Table) -> None:
    ws = book.create_sheet(table.name[:31])  # Excel's limit for a sheet name
    widths = [display_width(c.header) for c in table.columns]
    bold = Font(bold=True)
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=col)
        _put_text(cell, column.header)
        cell.font = bold
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=False)
    for r, row in enumerate(table.rows, start=2):
        for col, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = ws.cell(row=r, column=col)
            shown = _put(cell, column.kind, value)
            widths[col - 1] = max(widths[col - 1], display_width(shown))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    # Printed (or converted to PDF): landscape A4, the header row repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if table.frozen:
        ws.print_title_rows = "1:1"
        ws.freeze_panes = "A2"
        if table.columns:
            last = get_column_letter(len(table.columns))
            ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    else:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)


def _put(cell: object, kind: ColumnKind, value: Cell) -> str:
    """Store one value; return the text it shows (for the column width)."""
    if value is None or value == "":
        return ""
    if kind is ColumnKind.TEXT or isinstance(value, str):
        text = str(value)
        _put_text(cell, text)
        return max(text.split("\n"), key=display_width)
    number: int | float = int(value) if kind is not ColumnKind.POINTS else float(Decimal(value))
    cell.value = number  # type: ignore[attr-defined]
    cell.number_format = _FORMATS[kind]  # type: ignore[attr-defined]
    if kind is ColumnKind.POINTS:
        return f"{number:.2f}"
    if kind is ColumnKind.AMOUNT:
        return f"{int(number):,}"
    return str(number)


def _put_text(cell: object, text: str) -> None:
    clean = _ILLEGAL.sub("\ufffd", text)
    cell.value = clean  # type: ignore[attr-defined]
    # openpyxl reads a leading '=' as a formula; a text cell is a string whatever it starts with, and the quote
    # prefix keeps Excel and WPS from turning = + - @ into a formula when the cell is edited.
    cell.data_type = "s"  # type: ignore[attr-defined]
    if is_formula_like(clean):
        cell.quotePrefix = True  # type: ignore[attr-defined]
