"""AfterFirstPaint: work that waits for a widget's first paint runs once, after it, or after the fallback."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.firstpaint import AfterFirstPaint


def test_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[bool] = []
    AfterFirstPaint(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(50)
    assert calls == []  # not shown, never painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    widget.update()
    widget.repaint()
    qtbot.wait(50)
    assert calls == [True]  # once


def test_the_fallback_runs_it_when_the_widget_is_never_painted(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[int] = []
    AfterFirstPaint(widget, lambda: calls.append(1), fallback_ms=30)
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)
    widget.show()
    qtbot.wait(50)
    assert calls == [1]  # the paint after the fallback does not run it again
