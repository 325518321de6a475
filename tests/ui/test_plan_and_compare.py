"""The result page's plan (work steps only, outcomes apart, a saved checklist, room to read) and the in-app
before/after comparison, through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QCheckBox, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput
from app.ui.compare_view import ComparisonDialog
from app.ui.context import GuiContext
from app.ui.runner import Runner
from app.ui.wizard import AssessmentView

USCC = "91350100M000100Y43"
LOW: dict[str, Any] = {
    "form": "miit-2024",
    "answers": {"Q1": ["B"], "Q2": "B", "Q3": "A", "Q4": ["N"], "Q5": "B", "Q6": ["B"], "Q7": ["A"], "Q8": "B",
                "Q9": ["B"], "Q10": ["B"], "Q11": "A", "Q12": "B", "Q13": "B", "Q14": "B", "Q15": "B"},
    "scenes": {"S01": 1, "S02": 1, "S03": 1, "S04": 0, "S05": 1, "S06": 1, "S07": 1, "S08": 1, "S09": 0, "S10": 0,
               "S11": 1, "S12": 1, "S13": 2, "S14": 1, "S15": 2, "S16": 0},
}  # fmt: skip
ASSESSOR = Assessor("张工", "某牵引单位", "诊断顾问")


def open_result(qtbot: QtBot, ctx: GuiContext, runner: Runner, aid: int) -> AssessmentView:
    view = AssessmentView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.open(aid)
    qtbot.waitUntil(lambda: view.loaded is not None and view.idle, timeout=20000)
    view.go(view.page_keys.index("result"))
    qtbot.waitUntil(lambda: view.idle and runner.idle, timeout=20000)
    return view


def low_assessment(ctx: GuiContext) -> int:
    ctx.workspace.add_enterprise(EnterpriseInput(name="界面测试企业", uscc=USCC))
    return ctx.workspace.new_assessment(USCC, AssessmentKind.BASELINE, LOW, ASSESSOR).id


def test_plan_steps_are_work_and_outcomes_are_apart(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    """Finding: the plan used outcome questions (Q12 energy, Q13 quality) as steps, and its count sentence read
    "（其中约束性场景1个）" as exactly one where at least one is meant."""
    view = open_result(qtbot, gui_ctx, runner, low_assessment(gui_ctx))
    page = view.result_page
    assert page is not None
    _, _, result = gui_ctx.workspace.result(view.loaded.record.assessment.id)  # type: ignore[union-attr]
    plan = result.gap_to_level_2
    assert list(page.checks) == [s.question_id for s in plan.question_steps] + [s.scene_id for s in plan.scene_steps]
    assert not {"Q12", "Q13", "Q14", "Q15"} & set(page.checks)
    assert page.outcome_title.text() == "改造后复核的成效指标" and not page.outcome_title.isHidden()
    assert [line.split(" ")[0] for line in page.outcomes.text().splitlines()] == ["Q12", "Q13", "Q14", "Q15"]
    assert plan.constrained_upgrades_needed > 0
    assert f"其中至少 {plan.constrained_upgrades_needed} 个为约束性场景" in page.plan_summary.text()
    assert "其中约束性 " not in page.plan_summary.text()


def test_plan_has_room_no_nested_scroll_box(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    """Finding: the plan sat in a nested scroll box about five items tall, even at 1920×1080."""
    view = open_result(qtbot, gui_ctx, runner, low_assessment(gui_ctx))
    page = view.result_page
    assert page is not None
    assert page.plan.findChildren(QAbstractScrollArea) == []
    parent: QWidget | None = page.plan.parentWidget()
    scrollers = 0
    while parent is not None and parent is not page:
        scrollers += isinstance(parent, QAbstractScrollArea)
        parent = parent.parentWidget()
    assert scrollers == 0  # only the page itself scrolls
    assert len(page.checks) > 5
    texts = [page.findChild(QLabel, f"plan_text_{item}") for item in page.checks]
    assert all(t is not None for t in texts)

    def full_height() -> bool:  # every step at its full height, none cut (once the layout has settled)
        return all(t.height() >= t.heightForWidth(t.width()) for t in texts if t is not None)

    qtbot.waitUntil(full_height, timeout=10000)


def test_checklist_is_saved_per_assessment_and_survives_reopening(
    qtbot: QtBot, gui_ctx: GuiContext, runner: Runner
) -> None:
    """Finding: the plan's checkboxes were not saved."""
    aid = low_assessment(gui_ctx)
    view = open_result(qtbot, gui_ctx, runner, aid)
    page = view.result_page
    assert page is not None
    first, second = list(page.checks)[:2]
    page.checks[first].click()
    page.checks[second].click()
    page.checks[second].click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert gui_ctx.workspace.plan_checklist(aid) == {first}
    view.close()
    again = open_result(qtbot, gui_ctx, runner, aid)
    assert again.result_page is not None
    qtbot.waitUntil(again.result_page.checks[first].isChecked, timeout=10000)
    assert [k for k, b in again.result_page.checks.items() if b.isChecked()] == [first]
    assert isinstance(again.result_page.checks[first], QCheckBox)


def test_comparison_side_by_side_with_texts_changes_rules_and_verdict(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the in-app comparison was a bare list of option letters ("B → B,C"), no texts, no score changes."""
    ws = gui_ctx.workspace
    base = low_assessment(gui_ctx)
    ws.finalize(base)
    after = ws.start_after_from(base).id
    for item, value in (("Q5", "E"), ("Q2", "E"), ("Q8", "F"), ("Q11", "E"), ("S04", "2"), ("S09", "2")):
        ws.answer(after, item, value)
    for sid in ("S01", "S02", "S03", "S05", "S06"):
        ws.answer(after, sid, "2")
    c = ws.compare(base, after)
    dialog = ComparisonDialog(gui_ctx, c)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    view = dialog.view
    questions = view.findChild(QTableWidget, "compare_questions")
    assert questions is not None and questions.rowCount() == 15
    q5 = next(r for r in range(15) if questions.item(r, 0).text() == "Q5")  # type: ignore[union-attr]
    form = c.form_after
    assert form is not None
    assert questions.item(q5, 2).text() == f"B. {form.question('Q5').option('B').text}"  # type: ignore[union-attr]
    assert questions.item(q5, 3).text() == f"E. {form.question('Q5').option('E').text}"  # type: ignore[union-attr]
    assert questions.item(q5, 4).text() == "2.5 → 10" and questions.item(q5, 5).text() == "+7.5"  # type: ignore[union-attr]
    dims = view.findChild(QTableWidget, "compare_dimensions")
    assert dims is not None and [dims.item(r, 0).text() for r in range(3)] == ["数字化基础", "数字化管理", "数字化成效"]  # type: ignore[union-attr]
    assert dims.item(2, 3).text() == "0"  # type: ignore[union-attr]
    scenes = view.findChild(QTableWidget, "compare_scenes")
    assert scenes is not None and scenes.rowCount() == 16
    assert view.findChild(QWidget, "compare_rule_before") is not None
    assert view.findChild(QWidget, "compare_rule_after") is not None
    rule_after_2 = view.findChild(QWidget, "compare_rule_after_2_4")
    assert rule_after_2 is not None and "达到" in rule_after_2.text()  # type: ignore[attr-defined]
    assert c.level_before == 1 and c.level_after == 2
    assert view.verdict.text().startswith("改造前：一级") and "改造后：二级" in view.verdict.text()
    assert "改造后达到二级：" in view.reaches.text() and "是" in view.reaches.text()
    assert view.why.text().startswith("未达到三级的原因：总分")
    for table in (questions, dims, scenes):
        assert table.verticalScrollBar().maximum() == 0  # every row shown: the dialog scrolls once
    # Review finding: the per-dimension table must have room: every cell's text whole at 1366x768.
    QApplication.processEvents()
    for row in range(dims.rowCount()):
        assert dims.rowHeight(row) >= dims.fontMetrics().height()
        for col in range(dims.columnCount()):
            text = dims.item(row, col).text()  # type: ignore[union-attr]
            assert dims.fontMetrics().horizontalAdvance(text) <= dims.columnWidth(col), (row, col, text)
    header = dims.horizontalHeader()
    for col in range(dims.columnCount()):
        assert header.sectionSize(col) >= header.sectionSizeFromContents(col).width() - 1, col
    shown = dims.viewport().height()
    assert sum(dims.rowHeight(r) for r in range(dims.rowCount())) <= shown
