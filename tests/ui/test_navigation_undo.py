"""Issue 13 navigation and undo findings, through the real wizard window over a real workspace file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records import Assessor
from app.ui.cards import QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.runner import Runner
from app.ui.wizard import STEP_RESULT
from tests.ui.test_wizard import SAMPLE, card, make_assessment, new_view


def _stored(ctx: GuiContext, aid: int, item: str) -> object:
    return ctx.workspace.answers(aid).answers.get(item)


def test_finalize_on_the_result_page_stays_on_it(
    qtbot: QtBot, gui_ctx: GuiContext, runner: Runner, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Finding: 定稿 on the result page jumped to the Q12–Q15 page."""
    from PySide6.QtWidgets import QMessageBox

    aid = make_assessment(gui_ctx, SAMPLE)
    gui_ctx.workspace.update_info(aid, Assessor("张工"), False, None)
    gui_ctx.workspace.remember_position(aid, "Q13")
    view = new_view(qtbot, gui_ctx, runner, aid)
    view.go(view.page_keys.index(STEP_RESULT))
    qtbot.waitUntil(lambda: view.idle)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # Qt's, not ours
    view.finalize()
    qtbot.waitUntil(lambda: view.read_only and view.idle, timeout=20000)
    assert view.page_keys[view.steps.currentRow()] == STEP_RESULT


def test_a_finalized_assessment_opens_on_its_result(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    """Finding: a finalized assessment opened on a question page, not the result."""
    aid = make_assessment(gui_ctx, SAMPLE)
    gui_ctx.workspace.update_info(aid, Assessor("张工"), False, None)
    gui_ctx.workspace.remember_position(aid, "Q3")
    gui_ctx.workspace.finalize(aid)
    view = new_view(qtbot, gui_ctx, runner, aid)
    assert view.page_keys[view.steps.currentRow()] == STEP_RESULT


def test_undo_redo_round_trip_with_none_exclusivity(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    """Finding: ticking "A. 无" silently cleared B–D and Ctrl+Z did nothing. Each undo is an audited save."""
    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    q1: QuestionCard = card(view, "Q1")
    q1.option_buttons["B"].click()
    q1.option_buttons["C"].click()
    qtbot.waitUntil(lambda: view.idle)
    q1.option_buttons["A"].click()  # "无" clears B and C
    qtbot.waitUntil(lambda: view.idle)
    assert _stored(gui_ctx, aid, "Q1") == ("A",)
    audited = len([e for e in gui_ctx.workspace.history(aid) if e.key == "Q1"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.idle)
    assert _stored(gui_ctx, aid, "Q1") == ("B", "C")  # B–D back in one step
    assert q1.option_buttons["B"].isChecked() and q1.option_buttons["C"].isChecked()
    assert not q1.option_buttons["A"].isChecked()
    rows = [e for e in gui_ctx.workspace.history(aid) if e.key == "Q1"]
    assert len(rows) == audited + 1 and rows[-1].new is not None and "B" in rows[-1].new
    view.undo_stack.redo()
    qtbot.waitUntil(lambda: view.idle)
    assert _stored(gui_ctx, aid, "Q1") == ("A",) and q1.option_buttons["A"].isChecked()
    assert len([e for e in gui_ctx.workspace.history(aid) if e.key == "Q1"]) == audited + 2
    view.undo_stack.undo()
    view.undo_stack.undo()
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: view.idle)
    assert _stored(gui_ctx, aid, "Q1") is None and not any(b.isChecked() for b in q1.option_buttons.values())


def test_scene_level_undo_goes_back_to_unanswered(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    s05: SceneCard = card(view, "S05")
    s05.level_buttons[2].click()
    qtbot.waitUntil(lambda: view.idle)
    assert gui_ctx.workspace.answers(aid).scenes.get("S05") == 2
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: view.idle)
    assert gui_ctx.workspace.answers(aid).scenes.get("S05") is None
    assert not any(b.isChecked() for b in s05.level_buttons.values())
