"""The portfolio page (issue 15, part 2): a real MainWindow offscreen over a real workspace; the page is reached from
the File menu, shows the levels, the 规上 share against the policy's target, the enterprises below 二级 sortable by
their gap, the totals labelled 估算 with the policy, and a double-click opens the enterprise on the home page."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow
from app.ui.portfolio import NumberItem, TargetBar
from tests.conftest import SAMPLES_DIR

SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
USCCS = ("91350100M000100Y43", "91440300MA5DC1XX0Q")


def test_portfolio_page_from_the_menu_to_an_enterprise(gui_ctx: GuiContext, qtbot: QtBot) -> None:
    ws = gui_ctx.workspace
    low = copy.deepcopy(SAMPLE)
    low["scenes"] = {k: 1 for k in low["scenes"]}
    for n, uscc in enumerate(USCCS):
        ws.add_enterprise(EnterpriseInput(name=f"厦门示例电子{n}有限公司", uscc=uscc, above_scale=True,
                                          pilot_subsector="电子器件制造"))  # fmt: skip
        a = ws.new_assessment(uscc, AssessmentKind.BASELINE, low if n == 0 else SAMPLE, Assessor("张工"))
        ws.finalize(a.id)
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "项目组合(&O)")
    action.trigger()
    page = window.portfolio
    assert window.stack.currentWidget() is page
    page.policy_box.setCurrentIndex(page.policy_box.findData("xiamen-2024"))
    qtbot.waitUntil(lambda: page.portfolio is not None and page.portfolio.policy is not None
                    and page.portfolio.policy.id == "xiamen-2024" and window.runner.idle, timeout=10000)  # fmt: skip
    assert "2 家企业" in page.title.text()
    assert "估算" in page.totals.text() and "厦门" in page.totals.text()
    bars = page.share_box.findChildren(TargetBar)
    assert bars and all(b.target is not None and float(b.target) == 0.95 for b in bars[:1])
    below = page.portfolio.below_level_2
    assert page.table.rowCount() == len(below) >= 1
    first = page.table.item(0, 3)
    assert isinstance(first, NumberItem)
    page.table.sortItems(4, Qt.SortOrder.DescendingOrder)
    values = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]  # type: ignore[union-attr]
    assert values == sorted(values, key=int, reverse=True)
    target = ws.enterprise(page.table.item(0, 0).text()).id  # type: ignore[union-attr]
    page.table.cellDoubleClicked.emit(0, 1)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    assert window.stack.currentWidget() is window.home
    current = window.home.current_enterprise()
    assert current is not None and current.id == target
