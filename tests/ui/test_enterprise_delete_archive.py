"""Deleting and archiving enterprises in the window, and the question before evidence is removed (issue 13, "Undo and
safety"), through the real widgets on a real workspace (offscreen).

Findings: "An enterprise can't be deleted (GUI or CLI), so a mistyped one stays forever" (deletion with a confirmation
naming the enterprise and what goes with it; refused with the reason once an assessment is finalized; archiving hides
it instead) and "Removing evidence deletes at once".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.records import AssessmentKind, Assessor
from app.services.ports import NotFoundError
from app.services.workspace import WorkspaceService
from app.ui.context import GuiContext
from app.ui.home import HomePage
from app.ui.runner import Runner
from tests.ui import test_home
from tests.ui.test_home import add, load, names, sample, uscc
from tests.ui.test_wizard import make_assessment, new_view

# The home page's fixtures (a real workspace, the page shown, Qt warnings failing the test).
qt_warnings, workspace, ctx, runner, home = (
    test_home.qt_warnings, test_home.workspace, test_home.ctx, test_home.runner, test_home.home,
)  # fmt: skip


def button(box: QMessageBox, role: QMessageBox.ButtonRole) -> object:
    return next(b for b in box.buttons() if box.buttonRole(b) is role)


def test_delete_asks_naming_the_enterprise_and_what_goes_with_it(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot, tmp_path: Path
) -> None:
    typo = add(workspace, 1, "打错名字的企业")
    keep = add(workspace, 2, "保留的企业")
    draft = workspace.new_assessment(typo.id, AssessmentKind.BASELINE, sample(), None).id
    file = tmp_path / "拓扑.png"
    file.write_bytes(b"\x89PNG")
    workspace.add_evidence(draft, "Q1", file)
    load(home, qtbot)
    home.select_enterprise(typo.id)
    assert home.delete_enterprise_button.isEnabled()

    home.delete_enterprise_button.click()
    box = home.active_message
    assert box is not None and box.isVisible()
    assert "打错名字的企业" in box.text() and uscc(1) in box.text()
    assert "1 份评测草稿" in box.informativeText() and "1 份证据" in box.informativeText()
    assert "0 " not in box.informativeText()  # none of 诊断记录, 计划勾选, 改造项目: not named (no "0 份诊断记录")
    assert "诊断记录" not in box.informativeText() and "改造项目" not in box.informativeText()
    assert box.defaultButton() is button(box, QMessageBox.ButtonRole.RejectRole)  # Enter does not delete
    button(box, QMessageBox.ButtonRole.RejectRole).click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: home.runner.idle)
    assert workspace.enterprise(typo.id).id == typo.id  # cancel deleted nothing

    home.delete_enterprise_button.click()
    button(home.active_message, QMessageBox.ButtonRole.AcceptRole).click()  # type: ignore[arg-type,attr-defined]
    qtbot.waitUntil(lambda: home.runner.idle and names(home) == ["保留的企业"], timeout=10000)
    try:
        workspace.enterprise(typo.id)
        raise AssertionError("the enterprise is still there")
    except NotFoundError:
        pass
    assert workspace.enterprise(keep.id).name == "保留的企业"


def test_a_finalized_assessment_refuses_deletion_and_offers_archiving(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    e = add(workspace, 3, "已定稿的企业")
    add(workspace, 4, "另一家企业")
    done = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(), Assessor("张工")).id
    workspace.finalize(done)
    load(home, qtbot)
    home.select_enterprise(e.id)

    home.delete_enterprise_button.click()
    box = home.active_message
    assert box is not None and box.isVisible()
    assert f"#{done}" in box.text() and "不能删除" in box.text()
    archive = button(box, QMessageBox.ButtonRole.AcceptRole)
    assert "归档" in archive.text()  # type: ignore[attr-defined]
    archive.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: home.runner.idle and names(home) == ["另一家企业"], timeout=10000)
    assert workspace.enterprise(e.id).archived  # archived, not deleted

    # 显示已归档 lists it again, marked; 取消归档 brings it back to the default list.
    home.archived_check.setChecked(True)
    qtbot.waitUntil(lambda: home.runner.idle and len(names(home)) == 2, timeout=10000)
    assert "已定稿的企业（已归档）" in names(home)
    home.select_enterprise(e.id)
    assert home.archive_button.text() == "取消归档"
    assert "已归档" in home.name_label.text()
    home.archive_button.click()
    qtbot.waitUntil(lambda: home.runner.idle and "已定稿的企业" in names(home), timeout=10000)
    assert not workspace.enterprise(e.id).archived
    home.archived_check.setChecked(False)
    qtbot.waitUntil(lambda: home.runner.idle and len(names(home)) == 2, timeout=10000)
    home.select_enterprise(e.id)
    assert home.archive_button.text() == "归档"


def test_removing_evidence_asks_first(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner, tmp_path: Path) -> None:
    """Finding: removing evidence deleted it at once. Now it asks; cancel keeps it, 移除 removes it."""
    aid = make_assessment(gui_ctx)
    file = tmp_path / "网络拓扑图.png"
    file.write_bytes(b"\x89PNG topology")
    gui_ctx.workspace.add_evidence(aid, "Q1", file)
    view = new_view(qtbot, gui_ctx, runner, aid)
    box_widget = view.cards["Q1"].evidence
    assert box_widget.list.count() == 1
    box_widget.list.setCurrentRow(0)

    box_widget.remove_button.click()
    box = box_widget.confirm_box
    assert box is not None and box.isVisible() and "网络拓扑图.png" in box.text()
    assert box.defaultButton() is button(box, QMessageBox.ButtonRole.RejectRole)
    button(box, QMessageBox.ButtonRole.RejectRole).click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.idle)
    assert len(gui_ctx.workspace.evidence(aid)) == 1

    box_widget.remove_button.click()
    button(box_widget.confirm_box, QMessageBox.ButtonRole.AcceptRole).click()  # type: ignore[arg-type,attr-defined]
    qtbot.waitUntil(lambda: view.idle and gui_ctx.workspace.evidence(aid) == [], timeout=10000)
    qtbot.waitUntil(lambda: box_widget.list.count() == 0, timeout=10000)
