"""The 诊断 page (issue 14) through its real widgets: needs from the plan, edits saved, removal confirmed, export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.core.answers import parse_json_text
from app.ui.context import GuiContext
from app.ui.diagnosis import DiagnosisPage, NeedDialog
from app.ui.runner import Runner
from app.ui.wizard import STEP_DIAGNOSIS, AssessmentView
from tests.conftest import SAMPLES_DIR
from tests.ui.test_wizard import make_assessment, new_view


def below_level_two() -> dict[str, Any]:
    document: dict[str, Any] = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
    document["scenes"] = {k: min(v, 1) for k, v in document["scenes"].items()}
    return document


def open_page(qtbot: QtBot, ctx: GuiContext, runner: Runner, aid: int) -> tuple[AssessmentView, DiagnosisPage]:
    view = new_view(qtbot, ctx, runner, aid)
    view.go(view.page_keys.index(STEP_DIAGNOSIS))
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert view.diagnosis_page is not None
    return view, view.diagnosis_page


def answer_next_box(button_text: str) -> None:
    """Click a button of the next modal message box (the removal's confirmation) once it is shown."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        next(b for b in box.findChildren(QPushButton) if b.text() == button_text).click()

    QTimer.singleShot(20, click)


def test_needs_from_the_plan_in_one_click(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx, below_level_two())
    view, page = open_page(qtbot, gui_ctx, runner, aid)
    plan = gui_ctx.workspace.result(aid)[2].gap_to_level_2
    steps = len(plan.question_steps) + len(plan.scene_steps)
    assert steps > 0 and page.needs_table.rowCount() == 0
    page.from_plan_button.click()
    qtbot.waitUntil(lambda: view.idle and page.needs_table.rowCount() == steps, timeout=20000)
    stored = gui_ctx.workspace.findings(aid)
    assert [n.items[0] for n in stored.needs] == [s.question_id for s in plan.question_steps] + [
        s.scene_id for s in plan.scene_steps
    ]
    assert all(n.title for n in stored.needs)
    page.from_plan_button.click()  # every step is covered now: nothing is added twice
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert len(gui_ctx.workspace.findings(aid).needs) == steps
    assert "已有需求覆盖" in page.status.text()


def test_remove_asks_first_and_cancel_keeps(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx, below_level_two())
    view, page = open_page(qtbot, gui_ctx, runner, aid)
    page.from_plan_button.click()
    qtbot.waitUntil(lambda: view.idle and page.needs_table.rowCount() > 1, timeout=20000)
    count = page.needs_table.rowCount()
    first = gui_ctx.workspace.findings(aid).needs[0].title
    page.needs_table.selectRow(0)
    answer_next_box("取消")
    page.remove_need_button.click()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert len(gui_ctx.workspace.findings(aid).needs) == count
    answer_next_box("删除")
    page.remove_need_button.click()
    qtbot.waitUntil(lambda: view.idle and page.needs_table.rowCount() == count - 1, timeout=20000)
    assert first not in [n.title for n in gui_ctx.workspace.findings(aid).needs]
    assert any(e.action == "findings.set" for e in gui_ctx.workspace.history(aid))


def test_need_dialog_refuses_a_negative_amount(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    form = gui_ctx.workspace.registry.get("miit-2024")
    dialog = NeedDialog(form, False, None)
    qtbot.addWidget(dialog)
    dialog.title.setText("上线MES")
    dialog.items.item(list(form.item_ids).index("S06")).setCheckState(dialog.items.item(0).checkState().Checked)
    dialog.estimate.setText("-5")
    dialog._accept()
    assert dialog.value is None and "预计投入" in dialog.error.text()
    dialog.estimate.setText("600,000")
    dialog._accept()
    assert dialog.value is not None and dialog.value.estimate_yuan == 600000 and dialog.value.items == ("S06",)


def test_finalized_findings_are_read_only_and_export_both_formats(
    qtbot: QtBot, gui_ctx: GuiContext, runner: Runner, tmp_path: Path
) -> None:
    aid = make_assessment(gui_ctx, below_level_two())
    a = gui_ctx.workspace.assessment(aid)
    gui_ctx.workspace.update_info(aid, replace(a.assessor, name="张工"), a.on_site, a.assessed_on)
    gui_ctx.workspace.set_findings(
        aid,
        {"pain_points": [{"item": "S06", "text": "生产进度靠纸质派工单"}],
         "needs": [{"title": "上线MES", "items": ["S06"], "category": "制造", "priority": 1,
                    "estimate_yuan": 600000, "measure": "部署轻量化MES", "due": "2027-06-30"}]},
    )  # fmt: skip
    gui_ctx.workspace.finalize(aid)
    view, page = open_page(qtbot, gui_ctx, runner, aid)
    assert page.pain_table.rowCount() == 1 and page.needs_table.rowCount() == 1
    assert not page.from_plan_button.isEnabled() and not page.add_need_button.isEnabled()
    assert "600,000" in page.total.text()
    for suffix in (".pdf", ".docx"):
        out = tmp_path / f"诊断报告{suffix}"
        page.export_to(out)
        qtbot.waitUntil(lambda out=out: out.exists() and view.idle and runner.idle, timeout=60000)
    pdf_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "诊断报告.pdf").pages).replace(" ", "")
    assert "上线MES" in pdf_text and "600,000" in pdf_text and "草稿" not in pdf_text
    word = docx.Document(str(tmp_path / "诊断报告.docx"))
    assert any(t.rows[0].cells[1].text == "需求" and t.rows[1].cells[1].text == "上线MES" for t in word.tables)
