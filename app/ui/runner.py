"""Run work off the GUI thread and deliver the result (or the error) back on it.

Two lanes: ``run`` uses a shared pool for independent slow work (PDFs, signing, imports); ``run_serial`` uses
a single worker so autosaves reach the database in the order the user made them. Both are generic: the value
``fn`` returns (a ``T``) is what ``on_done`` receives, so callers never inspect the result's type; an exception
raised by ``fn`` goes to ``on_error`` (or the runner's error handler) instead, also on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")  # the job's result (PEP 695 generics need Python 3.12)


class _Signals(QObject):
    # Results travel as ``object``: a queued signal carries any Python value to the GUI thread unchanged.
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            self.signals.failed.emit(exc, traceback.format_exc())
            return
        self.signals.done.emit(result)


class Runner(QObject):
    """Start jobs; count the ones in flight so tests and shutdown can wait for them."""

    # The number of jobs in flight. (Not a Signal(bool): PySide6 6.12 corrupts the refcount of True/False
    # when a custom bool signal is emitted from Python, which aborts the interpreter.)
    pending_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._pending = 0
        self._signals: set[_Signals] = set()
        self.error_handler: Callable[[BaseException, str], None] | None = None

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Run ``fn`` on the shared pool; deliver its result to ``on_done`` or its error to ``on_error``."""
        self._start(self._pool, fn, on_done, on_error)

    def run_serial(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Run ``fn`` on the single serial worker, after every job queued there before it."""
        self._start(self._serial, fn, on_done, on_error)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[[], T],
        on_done: Callable[[T], object] | None,
        on_error: Callable[[BaseException], object] | None,
    ) -> None:
        signals = _Signals()
        self._signals.add(signals)

        @Slot(object)
        def finished(result: object) -> None:
            self._finish(signals)
            if on_done is not None:
                on_done(cast(T, result))  # what fn returned, unchanged (see _Job.run)

        @Slot(object, str)
        def failed(exc: BaseException, trace: str) -> None:
            self._finish(signals)
            log.warning("background job failed: %s\n%s", exc, trace)
            if on_error is not None:
                on_error(exc)
            elif self.error_handler is not None:
                self.error_handler(exc, trace)

        signals.done.connect(finished)
        signals.failed.connect(failed)
        self._pending += 1
        self.pending_changed.emit(self._pending)
        pool.start(_Job(fn, signals))

    def _finish(self, signals: _Signals) -> None:
        self._signals.discard(signals)
        self._pending -= 1
        self.pending_changed.emit(self._pending)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job has run (for shutdown); pending deliveries still need the event loop."""
        return self._pool.waitForDone(msecs) and self._serial.waitForDone(msecs)
