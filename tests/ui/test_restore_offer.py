"""The start-up path offers the restore in a dialog when the workspace was found empty where one existed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.main import build_workspace, database_admin, gui_context
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput
from app.store.database import WorkspaceLocation, backup_now
from app.ui.app import settings_for, start_gui
from app.ui.opening import Opening
from tests.store.conftest import VALID_USCC


def _start_watched(
    timer: QTimer,
    look: Callable[[], None],
    every_ms: int,
    location: WorkspaceLocation,
    registry: FormRegistry,
    settings: QSettings,
    **start: Any,
) -> int:
    """Run the start-up (start_gui) with ``look`` called every ``every_ms`` until it stops the timer and exits (with
    status 0); after 30 s it gives up with status 2, so a start that never gets there fails instead of hanging."""
    timer.timeout.connect(look)
    timer.start(every_ms)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.exit(2))
    give_up.start(30000)
    try:
        return start_gui(lambda: gui_context(location, registry, settings), settings, location.data_dir, **start)
    finally:
        timer.stop()
        give_up.stop()


def test_an_emptied_workspace_is_offered_the_restore_and_reopens_with_its_data(
    tmp_path: Path, registry: FormRegistry, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its crash handler
    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="恢复测试企业", uscc=VALID_USCC))
    backup = backup_now(location)
    ws.close()
    with open(location.db_path, "r+b") as fh:
        fh.truncate(0)
    settings = settings_for(tmp_path / "config")
    dialogs: list[tuple[str, str]] = []
    opened: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            dialogs.append((box.windowTitle(), box.text()))
            box.button(QMessageBox.StandardButton.Yes).click()
            return
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "MainWindow" and widget.isVisible():
                ctx = widget.ctx  # type: ignore[attr-defined]
                opened.append([e.enterprise.name for e in ctx.workspace.list_enterprises()])
                timer.stop()
                qapp.exit(0)  # exit(), not quit(): quit() marks the application closing for later tests

    timer = QTimer()
    status = _start_watched(timer, answer, 50, location, registry, settings,
                            restore=lambda: database_admin(location).restore(None))  # fmt: skip
    assert status == 0
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert title == "工作区数据缺失"
    assert backup.name in text and "db restore" in text and "是否从最新的完好备份恢复" in text
    assert opened == [["恢复测试企业"]]


def test_the_fast_start_shows_the_list_then_opens_the_workspace_after_the_first_paint(
    tmp_path: Path, registry: FormRegistry, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.main import quick_start

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    location = WorkspaceLocation(tmp_path / "data")
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="快速启动企业", uscc=VALID_USCC))
    ws.close()
    settings = settings_for(tmp_path / "config")
    seen: list[tuple[bool, bool]] = []  # (records read, detail built) each time the window was looked at
    before = set(QApplication.topLevelWidgets())  # windows of earlier tests

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "MainWindow" and widget.isVisible() and widget not in before:
                home = widget.home  # type: ignore[attr-defined]
                row = home.model.row_at(0)
                seen.append((row.listing is not None, home._detail is not None))
                if row.listing is not None:
                    timer.stop()
                    widget.close()
                    qapp.exit(0)
                return

    timer = QTimer()

    def quick(opening: Opening) -> Any:
        return quick_start(location, lambda: registry, settings, opening)

    status = _start_watched(timer, look, 5, location, registry, settings, quick=quick)
    assert status == 0
    assert seen and seen[-1][0]  # the records behind the first listing's line arrived once the workspace opened
    assert seen[-1][1]  # and the detail panel was built after the first paint
