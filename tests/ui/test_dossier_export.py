"""导出一企一档 in the window (issue 15 §4): a real HomePage offscreen over a real workspace and the real adapters;
the dossier of the enterprise on screen as one zip, and of a selection of enterprises with a progress dialog, the
work on the runner's threads. Only the file choosers are replaced (static Qt dialogs)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.home import HomePage
from app.ui.runner import Runner
from tests.conftest import SAMPLES_DIR

USCCS = ("91350100M000100Y43", "91350200MA2XN5XK0P")
SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))


@pytest.fixture
def home(gui_ctx: GuiContext, runner: Runner, qtbot: QtBot) -> HomePage:
    ws = gui_ctx.workspace
    for name, uscc in zip(("厦门示例电子有限公司", "厦门示例五金厂"), USCCS, strict=True):
        ws.add_enterprise(EnterpriseInput(name=name, uscc=uscc))
        ws.finalize(ws.new_assessment(uscc, AssessmentKind.BASELINE, SAMPLE, Assessor("张工")).id)
    page = HomePage(gui_ctx, runner)
    # Its jobs done before pytest-qt closes and deletes it, which comes ahead of this fixture's own teardown.
    qtbot.addWidget(page, before_close_func=lambda _page: qtbot.waitUntil(lambda: runner.idle, timeout=30000))
    page.resize(1366, 768)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    return page


def test_dossier_of_the_enterprise_on_screen(home: HomePage, runner: Runner, qtbot: QtBot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert not home.dossier_button.isEnabled()  # no enterprise chosen yet
    home.select_enterprise(1)
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert home.dossier_button.isEnabled() and home.dossier_button.text() == "导出一企一档(&K)…"
    offered: list[str] = []

    def save(_parent: object, _title: str, start: str, *_a: object, **_k: object) -> tuple[str, str]:
        offered.append(Path(start).name)
        return str(tmp_path / "chosen"), ""  # the user typed a name without the suffix

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    home.dossier_button.click()
    qtbot.waitUntil(lambda: runner.idle and hasattr(home, "export_done"), timeout=60000)
    assert offered == ["厦门示例电子有限公司-91350100M000100Y43-一企一档.zip"]
    out = tmp_path / "chosen.zip"
    with zipfile.ZipFile(out) as archive:
        names = [n.split("/", 1)[1] for n in archive.namelist()]
    assert names[0] == "00-目录.pdf" and "01-改造前评测报告-" + names[1].split("-", 2)[2] == names[1]
    assert str(out) in home.export_done.text()  # type: ignore[attr-defined]


def test_dossiers_of_a_selection_with_progress(home: HomePage, runner: Runner, qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    table = home.table
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(home.proxy.rowCount()):
        selection.select(home.proxy.index(row, 0), flags)
    assert sorted(home.list_panel.selected_ids()) == [1, 2]
    folder = tmp_path / "folder"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(folder)))
    home.dossier_selection_button.click()
    dialog = home.dossiers.progress_dialog
    assert dialog is not None and dialog.maximum() == 2
    qtbot.waitUntil(lambda: runner.idle and hasattr(home, "export_done"), timeout=60000)
    assert dialog.value() == 2 and not dialog.isVisible()
    names = ("厦门示例电子有限公司", "厦门示例五金厂")
    expected = [f"{name}-{uscc}-一企一档.zip" for name, uscc in zip(names, USCCS, strict=True)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    assert "2 家企业" in home.export_done.text()  # type: ignore[attr-defined]


def test_cancel_stops_the_batch_after_the_current_enterprise(
    home: HomePage, runner: Runner, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(tmp_path)))
    home.dossiers.export_many([1, 2])
    dialog = home.dossiers.progress_dialog
    assert dialog is not None
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "取消"
    cancel.click()  # pressed before the first enterprise is done: that one is finished, the second is not started
    qtbot.waitUntil(lambda: runner.idle and home.dossiers.cancelled_box is not None, timeout=60000)
    box = home.dossiers.cancelled_box
    assert box is not None and "已导出 1 家企业" in box.text()
    assert [p.suffix for p in tmp_path.iterdir() if p.suffix == ".zip"] == [".zip"]
