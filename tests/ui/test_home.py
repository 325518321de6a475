"""The workspace home page and its dialogs, driven through their widgets on a real workspace (offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QSettings, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProxyStyle, QPushButton, QStyle, QWidget
from pytestqt.qtbot import QtBot

from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Assessor,
    Enterprise,
    EnterpriseSize,
    SpecializedStatus,
)
from app.core.uscc import check_character
from app.main import DesktopAdapters, build_workspace
from app.services.forms import FormRegistry
from app.services.ports import AssessmentSummary, EnterpriseListing, ScoreSummary
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation
from app.ui.context import GuiContext
from app.ui.dialogs import EnterpriseDialog, NewAssessmentDialog, ReasonDialog
from app.ui.home import HomePage
from app.ui.home_list import FITTED_COLUMNS
from app.ui.models import NOT_ASSESSED, SORT_ROLE, EnterpriseFilterProxy, EnterpriseTableModel, FormLevels
from app.ui.runner import Runner
from app.ui.theme import apply_theme

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-complete.json"
# Noise from the offscreen platform plugin itself when a top-level window is shown: not ours to fix.
MAIN_MENU_MNEMONICS = "FLH"  # 文件(&F) 语言(&L) 帮助(&H) in the main window's menu bar
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints()",)


def uscc(serial: int) -> str:
    first17 = f"9144030{serial:010d}"
    return first17 + check_character(first17)


def sample(scene_level: int | None = None) -> dict[str, Any]:
    """The complete sample (level two); with every scene at scene_level it is level one (1) or 未达到一级 (0)."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    if scene_level is not None:
        doc["scenes"] = dict.fromkeys(doc["scenes"], scene_level)
    return doc


@pytest.fixture
def qt_warnings() -> Iterator[list[str]]:
    """Record Qt warnings and critical messages; any left at teardown fails the test."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        serious = kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        if serious and not message.startswith(PLATFORM_NOISE):
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)
    assert not seen, f"Qt warnings: {seen}"


@pytest.fixture
def workspace(tmp_path: Path, registry: FormRegistry) -> Iterator[WorkspaceService]:
    ws = build_workspace(WorkspaceLocation(tmp_path / "data"), registry, "tester")
    yield ws
    ws.close()


@pytest.fixture
def ctx(tmp_path: Path, registry: FormRegistry, workspace: WorkspaceService) -> GuiContext:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    services = DesktopAdapters(workspace, registry)
    return GuiContext(workspace=workspace, registry=registry, data_dir=tmp_path, settings=settings, services=services)


@pytest.fixture
def runner(qapp: QApplication, qtbot: QtBot) -> Iterator[Runner]:
    apply_theme(qapp)
    job_runner = Runner()
    yield job_runner
    qtbot.waitUntil(lambda: job_runner.idle, timeout=10000)
    job_runner.wait()


@pytest.fixture
def home(qt_warnings: list[str], ctx: GuiContext, runner: Runner, qtbot: QtBot) -> HomePage:
    def settle(page: HomePage) -> None:
        """Before pytest-qt closes and deletes the page (ahead of this fixture's own teardown): its jobs done,
        its message boxes and dialog closed."""
        qtbot.waitUntil(lambda: runner.idle, timeout=10000)
        for box in page.findChildren(QMessageBox):
            box.close()
        if page.active_dialog is not None:
            page.active_dialog.done(0)  # not close(): a dialog with typed data would ask before discarding it

    page = HomePage(ctx, runner)
    qtbot.addWidget(page, before_close_func=settle)
    page.resize(1280, 800)
    page.show()
    return page


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key clicks, Chinese as an input method commits it (QTest cannot click it)."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def load(home: HomePage, qtbot: QtBot) -> None:
    home.refresh()
    qtbot.waitUntil(lambda: home.runner.idle, timeout=10000)


def add(ws: WorkspaceService, serial: int, name: str, **fields: Any) -> Enterprise:
    return ws.add_enterprise(EnterpriseInput(name=name, uscc=uscc(serial), **fields))


def names(home: HomePage) -> list[str]:
    proxy = home.proxy
    return [str(proxy.index(r, EnterpriseTableModel.NAME).data()) for r in range(proxy.rowCount())]


def select_assessment(home: HomePage, assessment_id: int) -> None:
    row = home.assessment_model.row_of(assessment_id)
    assert row is not None
    home.assessment_table.setCurrentIndex(home.assessment_model.index(row, 0))


def accept_message(home: HomePage) -> QMessageBox:
    box = home.active_message
    assert box is not None and box.isVisible()
    accept = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole)
    accept.click()
    return box


# Loading and the empty state


def test_empty_workspace_shows_the_empty_state_after_a_background_load(home: HomePage, qtbot: QtBot) -> None:
    home.refresh()
    assert home.pages.currentWidget() is home.loading_page  # the answer arrives through the event loop
    assert home.busy.isVisibleTo(home)
    qtbot.waitUntil(lambda: home.runner.idle)
    assert home.pages.currentWidget() is home.empty_page
    assert not home.busy.isVisibleTo(home)
    assert not home.level_combo.isEnabled()


def test_overlapping_loads_leave_nothing_busy(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    """A listing superseded by a newer request still ends its job: the page goes idle and starts "after" again."""
    e = add(workspace, 2, "重叠加载示例企业")
    baseline = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(), None)
    home.refresh()
    home.refresh()  # the main window and a caller may both ask; only the newer answer is shown
    qtbot.waitUntil(lambda: home.runner.idle)
    home.select_enterprise(e.id)
    assert home.current_assessment() == baseline
    assert not home.busy.isVisibleTo(home)
    assert home.status_label.text() == "共 1 家企业"
    assert home.after_button.isEnabled()


def test_listing_shows_latest_level_date_and_count(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    e = add(workspace, 1, "深圳示例精密制造有限公司", industry="C34", region="广东省深圳市")
    workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(1), None, False, date(2024, 3, 1))
    workspace.new_assessment(e.id, AssessmentKind.AFTER, sample(), None, False, date(2024, 9, 1))
    add(workspace, 2, "未评测企业")
    load(home, qtbot)
    assert home.pages.currentWidget() is home.table
    model = home.model
    row = model.row_of(e.id)
    assert row is not None

    def cell(column: int) -> str:
        return str(model.index(row, column).data())

    assert cell(EnterpriseTableModel.USCC) == uscc(1)
    assert cell(EnterpriseTableModel.INDUSTRY) == "C34 通用设备制造业"
    assert cell(EnterpriseTableModel.LEVEL) == "二级"
    assert cell(EnterpriseTableModel.DATE) == "2024-09-01"
    assert cell(EnterpriseTableModel.COUNT) == "2"
    other = model.row_of(workspace.enterprise(uscc(2)).id)
    assert other is not None
    assert model.index(other, EnterpriseTableModel.LEVEL).data() == "—"
    # Review finding: an enterprise entered without industry and region showed empty cells.
    assert model.index(other, EnterpriseTableModel.INDUSTRY).data() == "—"
    assert model.index(other, EnterpriseTableModel.REGION).data() == "—"
    assert home.status_label.text() == "共 2 家企业"


# The enterprise dialog


def test_add_enterprise_through_the_dialog(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    load(home, qtbot)
    qtbot.mouseClick(home.empty_button, Qt.MouseButton.LeftButton)
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.name_edit, "广州示例智能装备有限公司")
    type_into(qtbot, dialog.uscc_edit, uscc(7).lower())
    assert dialog.uscc_edit.text() == uscc(7)  # upper-cased as typed
    dialog.section_combo.setCurrentIndex(dialog.section_combo.findData("C"))
    dialog.division_combo.setCurrentIndex(dialog.division_combo.findData("35"))
    type_into(qtbot, dialog.region_edit, "广东省广州市")
    dialog.size_combo.setCurrentIndex(dialog.size_combo.findData("small"))
    dialog.scale_combo.setCurrentIndex(1)
    dialog.specialized_combo.setCurrentIndex(dialog.specialized_combo.findData("little_giant"))
    type_into(qtbot, dialog.phone_edit, "020-12345678")
    type_into(qtbot, dialog.traction_edit, "广州市工业互联网服务中心")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.runner.idle)
    assert home.active_dialog is None
    assert names(home) == ["广州示例智能装备有限公司"]
    saved = workspace.enterprise(uscc(7))
    assert (saved.industry_section, saved.industry_division, saved.region) == ("C", "35", "广东省广州市")
    assert saved.size is EnterpriseSize.SMALL and saved.above_scale is True
    assert saved.specialized is SpecializedStatus.LITTLE_GIANT
    assert home.current_enterprise() == saved  # the new enterprise is selected and shown
    assert home.name_label.text() == "广州示例智能装备有限公司"
    assert home.no_assessment_label.isVisibleTo(home)


def test_invalid_uscc_shows_the_error_and_disables_ok(home: HomePage, qtbot: QtBot) -> None:
    load(home, qtbot)
    home.new_enterprise()
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog)
    type_into(qtbot, dialog.name_edit, "示例企业")
    good = uscc(3)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    type_into(qtbot, dialog.uscc_edit, wrong)
    assert "校验位错误" in dialog.error_text("uscc")
    assert dialog.errors["uscc"].property("role") == "error"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.uscc_edit, Qt.Key.Key_Backspace)
    assert "18位" in dialog.error_text("uscc")  # still typing: the length note, shown muted
    assert dialog.errors["uscc"].property("role") == "muted"
    type_into(qtbot, dialog.uscc_edit, good[17])
    assert dialog.error_text("uscc") == ""
    assert dialog.ok_button.isEnabled()
    dialog.uscc_edit.clear()
    type_into(qtbot, dialog.uscc_edit, "91440300I")
    assert "不允许" in dialog.error_text("uscc")
    assert dialog.errors["uscc"].property("role") == "error"
    dialog.name_edit.selectAll()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Delete)
    assert "不能为空" in dialog.error_text("name")


def test_duplicate_uscc_keeps_the_dialog_open(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    add(workspace, 4, "已登记企业")
    load(home, qtbot)
    home.new_enterprise()
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog)
    type_into(qtbot, dialog.name_edit, "重复登记的企业")
    type_into(qtbot, dialog.uscc_edit, uscc(4))
    type_into(qtbot, dialog.region_edit, "广东省")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and home.active_dialog is dialog
    assert dialog.error_text("uscc")
    assert dialog.focusWidget() is dialog.uscc_edit  # focus goes to the field
    assert (dialog.name_edit.text(), dialog.region_edit.text()) == ("重复登记的企业", "广东省")  # nothing lost
    assert len(workspace.list_enterprises()) == 1
    dialog.done(0)  # typed data: reject() would ask first


def test_service_refusal_is_shown_at_its_field(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    load(home, qtbot)
    home.new_enterprise()
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog)
    type_into(qtbot, dialog.name_edit, "示例企业")
    type_into(qtbot, dialog.uscc_edit, uscc(5))
    type_into(qtbot, dialog.phone_edit, "not a phone")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "联系电话格式不正确" in dialog.error_text("contact_phone")
    dialog.section_combo.setCurrentIndex(dialog.section_combo.findData("I"))
    type_into(qtbot, dialog.division_edit, "65")
    dialog.phone_edit.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.runner.idle)
    saved = workspace.enterprise(uscc(5))
    assert (saved.industry_section, saved.industry_division) == ("I", "65")


def test_size_suggestion_from_employees_and_revenue(workspace: WorkspaceService, qtbot: QtBot) -> None:
    dialog = EnterpriseDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.suggest_toggle, Qt.MouseButton.LeftButton)
    assert dialog.suggest_frame.isVisibleTo(dialog)
    dialog.employees_spin.setValue(120)
    dialog.revenue_spin.setValue(5600)
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert dialog.result_input().size == "small"
    assert dialog.result_input().above_scale is True
    dialog.revenue_spin.setValue(800)
    dialog.suggest_size()
    assert dialog.result_input().above_scale is False
    dialog.done(0)  # typed data: a plain close would ask whether to discard it, and the question would block teardown


def test_edit_enterprise_prefills_and_saves(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    e = add(workspace, 6, "待修改企业", industry="C13", region="旧地区", size="micro", above_scale=False)
    load(home, qtbot)
    home.select_enterprise(e.id)
    qtbot.mouseClick(home.edit_button, Qt.MouseButton.LeftButton)
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog)
    raw = dialog.result_input()
    assert (raw.name, raw.uscc, raw.industry, raw.size, raw.above_scale) == (
        "待修改企业",
        uscc(6),
        "C13",
        "micro",
        False,
    )
    assert dialog.ok_button.isEnabled()
    dialog.region_edit.clear()
    type_into(qtbot, dialog.region_edit, "新地区")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.runner.idle)
    assert workspace.enterprise(e.id).region == "新地区"
    assert home.detail_values["region"].text() == "新地区"


# Search, filter, sort


def test_search_filters_name_uscc_region_and_traction_unit(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    add(workspace, 11, "甲机械有限公司", region="江苏省苏州市", traction_unit="苏州牵引中心")
    add(workspace, 12, "乙电子有限公司", region="浙江省杭州市")
    add(workspace, 13, "丙食品有限公司", region="江苏省南京市", traction_unit="南京服务商")
    load(home, qtbot)
    assert len(names(home)) == 3
    type_into(qtbot, home.search_edit, "江苏")
    assert sorted(names(home)) == ["丙食品有限公司", "甲机械有限公司"]
    assert home.status_label.text() == "显示 2 / 3 家企业"
    home.search_edit.clear()
    type_into(qtbot, home.search_edit, uscc(12)[-6:].lower())
    assert names(home) == ["乙电子有限公司"]
    home.search_edit.clear()
    type_into(qtbot, home.search_edit, "南京服务商")
    assert names(home) == ["丙食品有限公司"]
    home.search_edit.clear()
    type_into(qtbot, home.search_edit, "没有这家")
    assert home.pages.currentWidget() is home.no_match_page
    qtbot.mouseClick(home.clear_filter_button, Qt.MouseButton.LeftButton)
    assert len(names(home)) == 3 and home.pages.currentWidget() is home.table


def _levels_workspace(workspace: WorkspaceService) -> dict[str, Enterprise]:
    made = {
        "二级企业": add(workspace, 21, "二级企业"),
        "一级企业": add(workspace, 22, "一级企业"),
        "零级企业": add(workspace, 23, "零级企业"),
        "未评测企业": add(workspace, 24, "未评测企业"),
    }
    for name, scene_level, day in (("二级企业", None, 5), ("一级企业", 1, 9), ("零级企业", 0, 1)):
        workspace.new_assessment(
            made[name].id, AssessmentKind.BASELINE, sample(scene_level), None, False, date(2024, 4, day)
        )
    return made


def test_level_filter(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    _levels_workspace(workspace)
    load(home, qtbot)
    combo = home.level_combo
    expected = {2: ["二级企业"], 1: ["一级企业"], 0: ["零级企业"], NOT_ASSESSED: ["未评测企业"], 3: []}
    for level, wanted in expected.items():
        combo.setCurrentIndex(combo.findData(level))
        assert names(home) == wanted, level
    assert home.pages.currentWidget() is home.no_match_page  # 三级: none
    combo.setCurrentIndex(0)
    assert len(names(home)) == 4


def test_sorting_by_level_and_date(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    made = _levels_workspace(workspace)
    load(home, qtbot)
    home.select_enterprise(made["一级企业"].id)
    home.table.sortByColumn(EnterpriseTableModel.LEVEL, Qt.SortOrder.AscendingOrder)
    assert names(home) == ["未评测企业", "零级企业", "一级企业", "二级企业"]
    assert home.current_enterprise() == made["一级企业"]  # the selection follows the row
    assert home.table.currentIndex().row() == 2
    home.table.sortByColumn(EnterpriseTableModel.LEVEL, Qt.SortOrder.DescendingOrder)
    assert names(home)[0] == "二级企业"
    home.table.sortByColumn(EnterpriseTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert names(home)[:3] == ["一级企业", "二级企业", "零级企业"]  # 04-09, 04-05, 04-01


def test_filter_model_handles_ten_thousand_enterprises(qapp: QApplication, registry: FormRegistry) -> None:
    """The proxy filters and sorts a large workspace in memory; the listing itself arrives on a worker."""
    listings = []
    for i in range(10_000):
        e = Enterprise(id=i + 1, name=f"企业{i:05d}", uscc=uscc(i), region="北京" if i % 2 else "上海")
        a = Assessment(i + 1, i + 1, "miit-2024", 1, "h", AssessmentKind.SELF, AssessmentStatus.DRAFT)
        summaries = (AssessmentSummary(a, ScoreSummary(total=0, level=i % 5, complete=True)),) if i % 3 else ()  # type: ignore[arg-type]
        listings.append(EnterpriseListing(e, summaries))
    model = EnterpriseTableModel(FormLevels(registry))
    proxy = EnterpriseFilterProxy()
    proxy.setSourceModel(model)
    model.set_listings(listings)
    proxy.set_search("北京")
    assert proxy.rowCount() == 5000
    proxy.set_level(NOT_ASSESSED)
    assert proxy.rowCount() == len([i for i in range(10_000) if i % 2 and not i % 3])
    proxy.set_search("")
    proxy.set_level(None)
    proxy.sort(EnterpriseTableModel.LEVEL, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, EnterpriseTableModel.LEVEL).data(SORT_ROLE) == 4


# Assessments


def test_new_assessment_through_the_dialog_opens_it(
    home: HomePage, workspace: WorkspaceService, ctx: GuiContext, qtbot: QtBot
) -> None:
    e = add(workspace, 31, "新评测企业")
    load(home, qtbot)
    home.select_enterprise(e.id)
    assert not home.finalize_button.isEnabled() and not home.compare_button.isEnabled()
    qtbot.mouseClick(home.new_assessment_button, Qt.MouseButton.LeftButton)
    dialog = home.active_dialog
    assert isinstance(dialog, NewAssessmentDialog)
    assert dialog.kind() is AssessmentKind.BASELINE  # the first assessment is a baseline
    type_into(qtbot, dialog.name_edit, "李娜")
    type_into(qtbot, dialog.org_edit, "某牵引单位")
    type_into(qtbot, dialog.role_edit, "咨询顾问")
    dialog.on_site_check.setChecked(True)
    with qtbot.waitSignal(home.open_assessment, timeout=5000) as opened:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    new_id = opened.args[0]
    created = workspace.assessment(new_id)
    assert created.enterprise_id == e.id and created.kind is AssessmentKind.BASELINE
    assert created.assessor == Assessor("李娜", "某牵引单位", "咨询顾问") and created.on_site
    assert created.assessed_on == date.today()
    qtbot.waitUntil(lambda: home.runner.idle)
    assert home.current_assessment() == created
    assert home.open_button.text() == "继续评测(&O)" and home.finalize_button.isEnabled()
    assert ctx.settings.value("home/assessor_name") == "李娜"  # remembered for the next enterprise
    home.new_assessment()
    second = home.active_dialog
    assert isinstance(second, NewAssessmentDialog)
    assert second.kind() is AssessmentKind.SELF and second.assessor().name == "李娜"
    second.reject()


def test_finalize_refusal_shows_the_missing_items(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    e = add(workspace, 32, "未答完企业")
    draft = workspace.new_assessment(e.id, AssessmentKind.BASELINE, None, Assessor("张三"))
    load(home, qtbot)
    home.select_enterprise(e.id)
    select_assessment(home, draft.id)
    qtbot.mouseClick(home.finalize_button, Qt.MouseButton.LeftButton)
    confirm = home.active_message
    assert confirm is not None and "不可再修改" in confirm.text()
    accept_message(home)
    refusal = home.active_message
    assert refusal is not None and refusal is not confirm and refusal.isVisible()
    assert "尚有未作答的题目" in refusal.informativeText()
    assert "Q1" in refusal.informativeText() and "S16" in refusal.informativeText()
    refusal.close()
    assert workspace.assessment(draft.id).status is AssessmentStatus.DRAFT


def test_finalize_and_correct(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    e = add(workspace, 33, "可定稿企业")
    done = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(), Assessor("张三"))
    load(home, qtbot)
    home.select_enterprise(e.id)
    qtbot.mouseClick(home.finalize_button, Qt.MouseButton.LeftButton)
    accept_message(home)
    qtbot.waitUntil(lambda: home.runner.idle)
    assert workspace.assessment(done.id).status is AssessmentStatus.FINALIZED
    assert home.current_assessment() is not None and home.current_assessment().id == done.id  # type: ignore[union-attr]
    assert home.correct_button.isEnabled() and not home.finalize_button.isEnabled()
    assert not home.delete_button.isEnabled() and home.open_button.text() == "查看(&O)"
    qtbot.mouseClick(home.correct_button, Qt.MouseButton.LeftButton)
    dialog = home.active_dialog
    assert isinstance(dialog, ReasonDialog) and not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.reason_edit, "Q5 答案有误")
    with qtbot.waitSignal(home.open_assessment, timeout=5000) as opened:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    correction = workspace.assessment(opened.args[0])
    assert correction.revision_of == done.id and correction.revision_reason == "Q5 答案有误"
    qtbot.waitUntil(lambda: home.runner.idle)
    row = home.assessment_model.row_of(correction.id)
    assert row is not None
    assert home.assessment_model.index(row, home.assessment_model.REVISION_OF).data() == f"#{done.id}"


def test_start_after_from_baseline_then_compare(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    e = add(workspace, 34, "改造企业")
    baseline = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(1), Assessor("张三"))
    load(home, qtbot)
    home.select_enterprise(e.id)
    assert home.after_button.isEnabled() and not home.compare_button.isEnabled()
    with qtbot.waitSignal(home.open_assessment, timeout=10000) as opened:
        qtbot.mouseClick(home.after_button, Qt.MouseButton.LeftButton)
        assert not home.after_button.isEnabled()  # running on the worker
    after = workspace.assessment(opened.args[0])
    assert after.kind is AssessmentKind.AFTER and after.enterprise_id == e.id
    assert workspace.answers(after.id).answers == workspace.answers(baseline.id).answers  # pre-filled
    qtbot.waitUntil(lambda: home.runner.idle)
    assert home.current_assessment() == after
    assert not home.after_button.isEnabled()  # the selected one is not a baseline
    assert home.compare_button.isEnabled()
    with qtbot.waitSignal(home.compare_requested, timeout=1000) as compared:
        qtbot.mouseClick(home.compare_button, Qt.MouseButton.LeftButton)
    assert compared.args == [baseline.id, after.id]


def test_keyboard_enter_opens_and_delete_removes_a_draft(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    e = add(workspace, 35, "键盘企业")
    keep = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(), Assessor("张三"))
    workspace.finalize(keep.id)
    draft = workspace.new_assessment(e.id, AssessmentKind.SELF)
    load(home, qtbot)
    home.select_enterprise(e.id)
    home.assessment_table.setFocus()
    select_assessment(home, draft.id)
    with qtbot.waitSignal(home.open_assessment, timeout=1000) as opened:
        qtbot.keyClick(home.assessment_table, Qt.Key.Key_Return)
    assert opened.args == [draft.id]
    qtbot.keyClick(home.assessment_table, Qt.Key.Key_Delete)
    box = home.active_message
    assert box is not None and "不能撤销" in box.informativeText()
    accept_message(home)
    qtbot.waitUntil(lambda: home.runner.idle)
    assert [s.assessment.id for s in workspace.list_assessments(e.id)] == [keep.id]
    select_assessment(home, keep.id)
    qtbot.keyClick(home.assessment_table, Qt.Key.Key_Delete)  # finalized: nothing to ask
    assert home.active_message is None


def test_refresh_keeps_the_selected_assessment(home: HomePage, workspace: WorkspaceService, qtbot: QtBot) -> None:
    first = add(workspace, 36, "甲企业")
    second = add(workspace, 37, "乙企业")
    older = workspace.new_assessment(second.id, AssessmentKind.BASELINE, None, None, False, date(2024, 1, 1))
    workspace.new_assessment(second.id, AssessmentKind.SELF, None, None, False, date(2024, 2, 1))
    load(home, qtbot)
    home.select_enterprise(first.id)
    home.select_enterprise(second.id)
    assert home.current_assessment() is not None and home.current_assessment() != older  # the latest
    select_assessment(home, older.id)
    load(home, qtbot)
    assert home.current_enterprise() == second
    assert home.current_assessment() == older


def test_a_failed_load_is_reported(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(search: str = "", include_archived: bool = False) -> list[EnterpriseListing]:
        raise OSError("磁盘不可读 (disk unreadable)")

    monkeypatch.setattr(workspace, "list_enterprises", broken)
    load(home, qtbot)
    box = home.active_message
    assert box is not None and "磁盘不可读" in box.informativeText()
    assert "加载失败" in home.status_label.text()
    box.close()


def test_accessible_names_and_mnemonics(home: HomePage) -> None:
    for widget in (home.search_edit, home.level_combo, home.table, home.assessment_table):
        assert widget.accessibleName()
    for button in (
        home.new_enterprise_button,
        home.new_assessment_button,
        home.open_button,
        home.finalize_button,
        home.correct_button,
        home.delete_button,
        home.after_button,
        home.compare_button,
        home.edit_button,
        home.clear_filter_button,
    ):
        assert "&" in button.text(), button.text()
    labels = [w for w in home.findChildren(QLabel) if w.buddy() is not None]
    texts = [b.text() for b in home.findChildren(QPushButton)] + [w.text() for w in labels]
    letters = [t[t.index("&") + 1].upper() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)), letters  # unique on the page
    assert not set(letters) & set(MAIN_MENU_MNEMONICS)  # and clear of the main window's menus


def test_hostile_text_is_refused_at_its_field_and_nothing_is_lost(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    load(home, qtbot)
    home.new_enterprise()
    dialog = home.active_dialog
    assert isinstance(dialog, EnterpriseDialog)
    type_into(qtbot, dialog.name_edit, "控制字符企业")
    type_into(qtbot, dialog.uscc_edit, uscc(41))
    dialog.region_edit.setText("福州\x07")  # pasted with a control character
    dialog.traction_edit.setText("牵" * 201)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "控制字符" in dialog.error_text("region") and dialog.error_text("traction_unit") == ""
    assert dialog.focusWidget() is dialog.region_edit
    dialog.region_edit.setText("福州")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "过长" in dialog.error_text("traction_unit")
    assert dialog.region_edit.text() == "福州" and len(dialog.traction_edit.text()) == 201  # nothing lost
    assert workspace.list_enterprises() == []
    dialog.traction_edit.setText("某牵引单位")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert workspace.enterprise(uscc(41)).region == "福州"


def test_new_assessment_dialog_refuses_an_over_long_assessor_at_the_field(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    e = add(workspace, 42, "评测人过长企业")
    load(home, qtbot)
    home.select_enterprise(e.id)
    qtbot.mouseClick(home.new_assessment_button, Qt.MouseButton.LeftButton)
    dialog = home.active_dialog
    assert isinstance(dialog, NewAssessmentDialog)
    dialog.name_edit.setText("张" * 101)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "过长" in dialog.errors["assessor.name"].text()
    assert dialog.errors["assessor.name"].isVisibleTo(dialog) and dialog.focusWidget() is dialog.name_edit
    assert workspace.list_assessments(e.id) == []
    dialog.name_edit.setText("张工")
    with qtbot.waitSignal(home.open_assessment, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert [s.assessment.assessor.name for s in workspace.list_assessments(e.id)] == ["张工"]


def test_an_assessment_imported_with_its_origin_not_verified_is_labelled(
    home: HomePage, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    from app.core.scoring import score
    from app.services.ports import NewAssessment
    from app.services.workspace import summary_of

    e = add(workspace, 1, "来源未核验企业")
    verified = workspace.new_assessment(e.id, AssessmentKind.BASELINE, sample(), None, False, date(2024, 3, 1))
    form = workspace.registry.get(verified.form_id, verified.form_revision)
    answers = workspace.repo.load_answers(verified.id)
    new = NewAssessment(e.id, form.id, form.revision, form.content_hash, AssessmentKind.AFTER, verified.assessor,
                        False, date(2024, 9, 1))  # fmt: skip
    imported = workspace.repo.import_assessment(
        new, answers, summary_of(score(form, answers)), [], finalized=True, finalized_at=None,
        package_sha256="ab" * 32, source_assessment_id=9, signer="SHA256:" + "cd" * 32, actor="tester",
        origin_verified=False,
    )  # fmt: skip
    load(home, qtbot)
    home.select_enterprise(e.id)
    qtbot.waitUntil(lambda: home.runner.idle)
    label = home.detail_panel.origin_label
    assert not label.isHidden() and f"#{imported.id}" in label.text() and f"#{verified.id}" not in label.text()
    assert "来源未核验" in label.text()


def test_the_short_columns_fit_their_texts_before_and_after_the_first_paint(
    qt_warnings: list[str], ctx: GuiContext, runner: Runner, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    """Fitted with the usual text margins before the first paint (see home_list.USUAL_TEXT_MARGIN), which are this
    style's own: the paint changes no width, and every text fits as the item delegate sizes it."""
    add(workspace, 51, "列宽企业", region="福建省福州市闽侯县上街镇")
    page = HomePage(ctx, runner)
    qtbot.addWidget(page, before_close_func=lambda _page: qtbot.waitUntil(lambda: runner.idle, timeout=10000))
    page.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    table = page.list_panel.table
    header = table.horizontalHeader()
    before = [header.sectionSize(column) for column in FITTED_COLUMNS]
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)  # the paint, and the turn after it that reads the style's margins
    assert [header.sectionSize(column) for column in FITTED_COLUMNS] == before
    for column in FITTED_COLUMNS:
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), column


def test_a_style_with_other_text_margins_refits_the_columns_after_the_first_paint(
    qt_warnings: list[str], ctx: GuiContext, runner: Runner, workspace: WorkspaceService, qtbot: QtBot
) -> None:
    class WideMargins(QProxyStyle):
        def pixelMetric(  # noqa: N802 (a Qt override)
            self, metric: QStyle.PixelMetric, option: object = None, widget: object = None
        ) -> int:
            if metric == QStyle.PixelMetric.PM_FocusFrameHMargin:
                return 12
            return super().pixelMetric(metric, option, widget)  # type: ignore[arg-type]

    add(workspace, 52, "边距企业", region="福建省福州市")
    page = HomePage(ctx, runner)
    qtbot.addWidget(page, before_close_func=lambda _page: qtbot.waitUntil(lambda: runner.idle, timeout=10000))
    style = WideMargins()
    style.setParent(page)  # a widget's style is not its own: it must live as long as the widget does
    page.list_panel.table.setStyle(style)
    page.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    header = page.list_panel.table.horizontalHeader()
    before = header.sectionSize(EnterpriseTableModel.REGION)  # not painted yet: the usual margins
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: header.sectionSize(EnterpriseTableModel.REGION) > before, timeout=5000)
    assert header.sectionSize(EnterpriseTableModel.REGION) - before == 2 * (12 - 2)
