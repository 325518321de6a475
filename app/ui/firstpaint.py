"""Work that waits for a widget's first paint: the window shows its list first, and the rest follows at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls back once, in the event loop's next turn after ``watched`` was first painted.

    ``fallback_ms``: call back after that long even if it never is (a window started minimized is not painted);
    None waits for the paint only. Callbacks queued by one paint run in the order their watchers saw it.
    """

    def __init__(self, watched: QWidget, callback: Callable[[], None], fallback_ms: int | None = None) -> None:
        super().__init__(watched)
        self._callback: Callable[[], None] | None = callback
        watched.installEventFilter(self)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()
