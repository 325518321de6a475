"""The runner: a job's own return value reaches on_done, its exception reaches on_error, both on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.ui.runner import Runner


class Marker:
    """A value that only the job creates, so identity proves it arrived unchanged."""


def test_the_value_and_the_error_arrive_on_the_gui_thread(qtbot: QtBot, runner: Runner) -> None:
    gui = threading.get_ident()
    workers: list[int] = []
    delivered: list[tuple[object, int]] = []
    errors: list[tuple[BaseException, int]] = []
    made: list[Marker] = []

    def job() -> Marker:
        workers.append(threading.get_ident())
        made.append(Marker())
        return made[-1]

    def boom() -> int:
        raise KeyError("no such thing")

    runner.run(job, lambda m: delivered.append((m, threading.get_ident())))
    runner.run(boom, lambda n: delivered.append((n + 1, 0)), lambda e: errors.append((e, threading.get_ident())))
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert workers and workers[0] != gui
    assert delivered == [(made[0], gui)]
    assert len(errors) == 1 and isinstance(errors[0][0], KeyError) and errors[0][1] == gui


def test_an_unhandled_error_goes_to_the_error_handler_with_its_trace(qtbot: QtBot, runner: Runner) -> None:
    seen: list[tuple[BaseException, str]] = []
    runner.error_handler = lambda exc, trace: seen.append((exc, trace))

    def fail() -> None:
        raise ValueError("broken on purpose")

    runner.run(fail)
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert [str(e) for e, _ in seen] == ["broken on purpose"]
    assert "in fail" in seen[0][1]


def test_the_serial_lane_keeps_order(qtbot: QtBot, runner: Runner) -> None:
    order: list[int] = []

    def job(n: int) -> Callable[[], int]:
        return lambda: n

    for n in range(20):
        runner.run_serial(job(n), order.append)
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert order == list(range(20))
