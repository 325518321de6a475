"""Plain labels and record tables that every page builds with.

A light module (Qt's widgets only): the home list imports it before the window's first paint.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QWidget


def as_text(text: object) -> str:
    """``text`` as a message box shows it word for word: escaped rich text, its lines kept, wrapped as usual.

    A message box (Qt's automatic format) reads its text as markup when the first line looks like a tag, and an
    error's text carries outside text on that line: a package's member names, a file's path, a signer's name.
    """
    return QtGui.Qt.convertFromPlainText(str(text), Qt.WhiteSpaceMode.WhiteSpaceNormal)


def label(text: str = "", role: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        widget.setProperty("role", role)
    return widget


def muted(text: str, parent: QWidget) -> QLabel:
    """A wrapping secondary text."""
    widget = QLabel(text, parent)
    widget.setProperty("role", "muted")
    widget.setWordWrap(True)
    return widget


def table_defaults(table: QTableView) -> None:
    """A read-only list of records: whole rows, one at a time, no grid of editable cells."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
