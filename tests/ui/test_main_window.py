"""The main window as it starts: the home list loads by itself; opening an assessment and going home."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow

USCC = "91350100M000100Y43"


def test_home_list_loads_when_the_window_opens(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="开窗即见企业", uscc=USCC))
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.home.model.rowCount() == 1, timeout=10000)
    assert window.stack.currentWidget() is window.home


def test_open_an_assessment_and_return_home(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="往返企业", uscc=USCC))
    aid = gui_ctx.workspace.new_assessment(USCC).id
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_assessment(aid)
    qtbot.waitUntil(lambda: window.view.loaded is not None and window.runner.idle, timeout=10000)
    assert window.stack.currentWidget() is window.view
    window.view.back_home.click()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    assert window.stack.currentWidget() is window.home
    window.close()
