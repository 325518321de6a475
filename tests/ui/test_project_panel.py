"""The project panel on the home page (issue 14, part 3): a real HomePage offscreen over a real workspace; the
dialogs create a project and record spending through DesktopServices, refused fields are shown beneath the field,
and the estimate is labelled 估算 with the policy and its clause."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.home import HomePage
from app.ui.i18n import Translations
from app.ui.project_panel import ProjectDialog, ProjectPanel, SpendingDialog
from app.ui.runner import Runner
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))


@pytest.fixture
def home(gui_ctx: GuiContext, runner: Runner, qtbot: QtBot) -> HomePage:
    ws = gui_ctx.workspace
    ws.add_enterprise(EnterpriseInput(name="厦门示例电子有限公司", uscc=USCC))
    after = ws.new_assessment(USCC, AssessmentKind.AFTER, SAMPLE, Assessor("张工"))
    ws.finalize(after.id)
    page = HomePage(gui_ctx, runner)
    # Its jobs done before pytest-qt closes and deletes it, which comes ahead of this fixture's own teardown.
    qtbot.addWidget(page, before_close_func=lambda _page: qtbot.waitUntil(lambda: runner.idle, timeout=10000))
    page.resize(1366, 768)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    page.select_enterprise(1)
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    return page


def test_a_consultant_adds_the_project_and_spending_and_sees_the_estimate(home: HomePage, qtbot: QtBot) -> None:
    panel = home.detail_panel.project_panel
    assert "还没有改造项目" in panel.summary.text() and not panel.spend_button.isEnabled()

    def fill_project() -> None:
        dialog = panel.active_dialog
        assert isinstance(dialog, ProjectDialog)
        dialog.contract_no.setText("HT-2024-001")
        dialog.provider.setText("某数字化牵引单位")
        dialog.amount.setText("12x")
        dialog.accept()  # refused: the error stands under the amount, the dialog stays open
        assert dialog.isVisible() and dialog.errors["contract_amount"].isVisibleTo(dialog)
        assert "整数" in dialog.errors["contract_amount"].text()
        assert dialog.after.currentData() == 1  # the enterprise's after assessment is offered and chosen
        dialog.amount.setText("1200000")
        dialog.down_payment.setText("300000")
        dialog.accept()

    QTimer.singleShot(0, fill_project)
    panel.add_button.click()
    assert "HT-2024-001" in panel.summary.text() and panel.spend_button.isEnabled()

    def fill_spending() -> None:
        dialog = panel.active_dialog
        assert isinstance(dialog, SpendingDialog)
        dialog.amount.setText("1000000")
        dialog.category.setCurrentIndex(1)  # software
        dialog.accept()

    QTimer.singleShot(0, fill_spending)
    panel.spend_button.click()
    assert "1,000,000 元" in panel.spending.text() and "软件" in panel.spending.text()
    text = panel.estimate.text()
    assert text.startswith("补贴估算（估算")
    assert "厦门市（xiamen-2024）四、（五）8：估算 250,000 元" in text
    assert "东莞市（dongguan-2024）" in text and "估算不超过 500,000 元" in text
    assert "广州市（guangzhou-2024）四、(二)5：符合条件；文件未给出金额，不估算" in text
    assert "《厦门市中小企业数字化转型试点城市工作方案（征求意见稿）》" in panel.estimate.toolTip()
    [project] = home.ctx.services.projects(1)
    assert (project.contract_amount, project.down_payment, project.after_id, project.invested) == (
        1_200_000, 300_000, 1, 1_000_000)  # fmt: skip


def test_english_panel_says_yuan_never_the_chinese_sign(home: HomePage, qapp: QApplication, qtbot: QtBot) -> None:
    """Review finding: in English the panel read "amount 1,200,000 元"."""
    services = home.ctx.services
    project = services.add_project(1, {"contract_no": "HT-2024-002", "provider": "Some traction unit",
                                       "contract_amount": "1200000", "signed": "2024-05-10",
                                       "down_payment": "300000", "after": 1})  # fmt: skip
    services.add_spending(project.id, {"amount": "520000", "category": "hardware", "spent_on": "2024-08-01"})
    saved = QLocale()
    translations = Translations(qapp)
    try:
        translations.switch("en")
        panel = ProjectPanel()
        qtbot.addWidget(panel)
        panel.set_services(services)
        panel.show_enterprise(1)
        texts = [panel.summary.text(), panel.spending.text(), panel.estimate.text()]
    finally:
        for translator in translations.installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(saved)
    joined = "\n".join(texts)
    assert "1,200,000 yuan" in joined and "520,000 yuan" in joined and "yuan" in texts[2]
    assert "元" not in joined
