"""Bulk import in the window (issue 15 §1): real window, real workspace, real signed packages, off the GUI thread."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from app.core.form import Form
from app.main import trust_service
from app.services.bulk_import import REFUSED, VERDICTS
from app.ui.bulk_import import BulkImport
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow
from tests.package import make_signer
from tests.package.batch import batch_name, batch_uscc, write_packages


@pytest.fixture
def window(qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    w = MainWindow(gui_ctx)
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No))
    return w


def trusted_folder(ctx: GuiContext, folder: Path, form: Form, count: int) -> list[Path]:
    signer = make_signer(seed=1)
    trust_service(ctx.workspace).add(signer.public_key_bytes, "enterprise", "test")
    return write_packages(folder, form, count, signer=signer)


def start_folder_import(window: MainWindow, folder: Path, monkeypatch: pytest.MonkeyPatch) -> BulkImport:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(folder)))
    window.import_folder()
    return window.import_batch


def test_progress_advances_and_every_file_gets_a_verdict_including_a_corrupt_file_and_a_stranger(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, form: Form, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Finding: the import ran with no progress and no way to stop it; a folder could not be chosen."""
    folder = tmp_path / "incoming"
    good = trusted_folder(gui_ctx, folder, form, 12)
    shutil.copy(good[0], folder / "zz-again.sdap")
    (folder / "corrupt.sdap").write_bytes(b"PK\x05\x06" + b"\0" * 30)
    write_packages(folder / "from-a-stranger", form, 1, signer=make_signer(seed=99), start=90, nested=False)
    steps: list[tuple[int, int]] = []
    batch = start_folder_import(window, folder, monkeypatch)
    progress = batch.progress
    assert isinstance(progress, QProgressDialog) and progress.objectName() == "import_progress"
    assert progress.isVisible() and progress.maximum() == 15
    batch.progressed.connect(lambda done, total: steps.append((done, total)))
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=60000)
    # The summary's arrival refreshes the list in the background; that job ends too, nothing is left running.
    qtbot.waitUntil(lambda: window.runner.idle, timeout=60000)
    assert batch.progress is None  # closed and deleted
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    done = [d for d, _ in steps]
    assert done == sorted(done) and len(set(done)) > 1 and all(t == 15 for _, t in steps)  # it moved, forwards
    by_name = {v.file.name: v for v in batch.verdicts}
    assert len(batch.verdicts) == 15 and len(by_name) == 15
    assert [by_name[p.name].status for p in good] == ["imported"] * 12
    assert by_name["zz-again.sdap"].status == "duplicate"
    assert by_name["corrupt.sdap"].status == REFUSED and by_name["corrupt.sdap"].reason
    stranger = by_name["pkg-0090.sdap"]
    assert stranger.status == REFUSED and "not trusted" in stranger.reason
    first = by_name[good[0].name]
    assert (first.uscc, first.name, first.level) == (batch_uscc(1), batch_name(1), 2)
    listed = gui_ctx.workspace.list_enterprises()
    assert sorted(e.enterprise.uscc for e in listed) == sorted(batch_uscc(i) for i in range(1, 13))
    summary = batch.summary
    assert summary is not None and summary.isVisible() and summary.proxy.rowCount() == 15
    shown = [summary.cell(r, 0) for r in range(15)]
    assert str(Path("part0", "pkg-0010.sdap")) in shown  # a sub-folder's file is shown relative to the chosen folder
    assert "共 15 个文件：已导入 12，已存在 1，拒绝导入 2" in summary.headline.text()
    summary.filter.setCurrentIndex(summary.filter.findData(REFUSED))
    assert summary.shown_statuses() == [REFUSED, REFUSED]
    summary.filter.setCurrentIndex(0)
    assert len(summary.shown_statuses()) == 15


def test_cancel_stops_after_the_file_in_flight_and_keeps_what_was_imported(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, form: Form, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Finding: a long import could not be stopped; stopping must not undo or half-write a file."""
    folder = tmp_path / "incoming"
    trusted_folder(gui_ctx, folder, form, 60)
    batch = start_folder_import(window, folder, monkeypatch)
    progress = batch.progress
    assert progress is not None
    qtbot.waitUntil(lambda: len(batch.verdicts) >= 3, timeout=60000)
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=60000)
    assert 3 <= len(batch.verdicts) < 60
    assert {v.status for v in batch.verdicts} == {"imported"}
    listed = gui_ctx.workspace.list_enterprises()
    assert len(listed) == len(batch.verdicts)  # every verdict stands, nothing beyond them was written
    assert all(len(e.assessments) == 1 for e in listed)
    assert batch.summary is not None and "已取消" in batch.summary.headline.text()


def test_the_summary_saves_every_verdict_as_csv(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, form: Form, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    trusted_folder(gui_ctx, folder, form, 3)
    (folder / "corrupt.sdap").write_bytes(b"not a package")
    batch = start_folder_import(window, folder, monkeypatch)
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=60000)
    summary = batch.summary
    assert summary is not None
    summary.filter.setCurrentIndex(summary.filter.findData(REFUSED))  # the CSV has every file, not the filter's
    out = tmp_path / "结果.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    summary.save_button.click()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [Path(r["file"]).name for r in rows] == ["corrupt.sdap", "pkg-0001.sdap", "pkg-0002.sdap", "pkg-0003.sdap"]
    assert [r["status"] for r in rows] == ["refused", "imported", "imported", "imported"]
    assert rows[1]["name"] == batch_name(1) and rows[1]["USCC"] == batch_uscc(1) and rows[1]["level"] == "2"
    assert set(VERDICTS) >= {r["status"] for r in rows}
    summary.findChild(QMessageBox, "export_done").close()
