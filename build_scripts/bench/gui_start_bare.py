"""The baseline of bench_gui_start.py: a bare PySide6 window listing the same enterprises, read with sqlite3.

QApplication, a QMainWindow whose central widget is a QTableView over a QAbstractTableModel holding one row per
enterprise (name, USCC, industry, region, latest level, latest date, count), shown. Once the model holds its rows
and the window is exposed it prints ``listed N`` and quits. Run by bench_gui_start.py: ``python gui_start_bare.py DB``.
"""

from __future__ import annotations

# ruff: noqa: N802 (Qt overrides keep camelCase)
import sqlite3
import sys
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

HEADERS = ("名称", "统一社会信用代码", "行业", "地区", "最新等级", "最新评测日期", "评测数")


def read_rows(path: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        latest: dict[int, tuple[Any, ...]] = {}
        counts: dict[int, int] = {}
        query = "SELECT enterprise_id, id, assessed_on, level FROM assessments ORDER BY assessed_on, id"
        for enterprise_id, _id, assessed_on, level in conn.execute(query):
            latest[enterprise_id] = (level, assessed_on)
            counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
        rows = []
        query = "SELECT id, name, uscc, industry_section, industry_division, region FROM enterprises ORDER BY name"
        for eid, name, uscc, section, division, region in conn.execute(query):
            level, day = latest.get(eid, ("—", "—"))
            rows.append((name, uscc, f"{section or ''}{division or ''}", region or "—", str(level), day,
                         str(counts.get(eid, 0))))  # fmt: skip
        return rows
    finally:
        conn.close()


class Model(QAbstractTableModel):
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class Exposed(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            done()
        return False


class Painted(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not painted:
            painted.append(True)
            QTimer.singleShot(0, lambda: (print(f"painted {model.rowCount()}", flush=True), QApplication.exit(0)))
        return False


listed: list[bool] = []
painted: list[bool] = []


def done() -> None:
    handle = window.windowHandle()
    if handle is not None and handle.isExposed() and not listed:
        listed.append(True)
        print(f"listed {model.rowCount()}", flush=True)
        table.viewport().installEventFilter(paint_watcher)
        table.viewport().update()


app = QApplication(sys.argv[:1])
model = Model(read_rows(sys.argv[1]))
window = QMainWindow()
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
window.resize(1280, 820)
window.show()
watcher = Exposed()
paint_watcher = Painted()
handle = window.windowHandle()
assert handle is not None
handle.installEventFilter(watcher)
done()
sys.exit(app.exec())
