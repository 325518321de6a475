"""Issue 13 small defects of the enterprise dialog, through the real dialog over a real workspace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.context import GuiContext
from app.ui.dialogs import EnterpriseDialog
from tests.ui.test_home import type_into

GOOD = "91350100M000100Y43"


def _dialog(qtbot: QtBot, ctx: GuiContext) -> EnterpriseDialog:
    dialog = EnterpriseDialog(ctx.workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_phone_abc123_is_refused_naming_the_field(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the phone field accepted "abc123"."""
    dialog = _dialog(qtbot, gui_ctx)
    type_into(qtbot, dialog.name_edit, "示例企业")
    qtbot.keyClicks(dialog.uscc_edit, GOOD)
    qtbot.keyClicks(dialog.phone_edit, "abc123")
    dialog.accept()
    assert dialog.isVisible()
    assert "联系电话" in dialog.error_text("contact_phone")
    assert gui_ctx.workspace.list_enterprises() == []
    dialog.phone_edit.setText("+86 (591) 8765-4321 转 123")
    dialog.accept()
    assert not dialog.isVisible() and dialog.saved_enterprise() is not None


def test_tab_from_section_reaches_the_division_field(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: Tab skipped the disabled 行业大类, so typed digits landed in 地区."""
    dialog = _dialog(qtbot, gui_ctx)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.section_combo.setFocus()
    qtbot.keyClick(dialog.section_combo, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is dialog.division_edit or focused is dialog.division_combo
    assert dialog.region_edit.text() == ""


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
def test_esc_with_typed_data_asks_first(qtbot: QtBot, gui_ctx: GuiContext, monkeypatch, answer) -> None:  # type: ignore[no-untyped-def]
    """Finding: Esc on the enterprise dialog discarded typed data."""
    asked: list[str] = []

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:  # Qt's dialog, not ours
        asked.append(str(args[2]))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = _dialog(qtbot, gui_ctx)
    type_into(qtbot, dialog.name_edit, "示例企业")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible() == (answer == QMessageBox.StandardButton.Cancel)


def test_esc_on_an_untouched_dialog_closes_without_asking(qtbot: QtBot, gui_ctx: GuiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked on an untouched dialog"))
    dialog = _dialog(qtbot, gui_ctx)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_uscc_error_has_no_english_tail_in_chinese(qtbot: QtBot, gui_ctx: GuiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Finding: the Chinese UI showed "(check character should be '3', not '4')"."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)  # at teardown
    dialog = _dialog(qtbot, gui_ctx)
    qtbot.keyClicks(dialog.uscc_edit, GOOD[:17] + "4")
    text = dialog.error_text("uscc")
    assert "校验位错误" in text and "check" not in text and "(" not in text
