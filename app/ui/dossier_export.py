"""导出一企一档: the dossier of the enterprise on screen (one zip), or of the enterprises selected in the list (one
zip each in a chosen folder) with a progress dialog that can be cancelled; the work runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.core.display import safe_lines
from app.core.fileio import safe_file_name
from app.ui import files
from app.ui.basics import as_text
from app.ui.context import GuiContext
from app.ui.runner import Runner

DOSSIER = "dossier"  # the file dialogs' folder kind (QSettings files/dossier)


class CancelledError(Exception):
    """The user cancelled a batch; the enterprises done so far stay written."""


class _Progress(QObject):
    advanced = Signal(int, int)  # done, total (emitted on the worker thread, delivered on the GUI thread)


class DossierExporter(QObject):
    def __init__(self, ctx: GuiContext, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.window = parent
        self.progress_dialog: QProgressDialog | None = None
        self.cancelled_box: QMessageBox | None = None

    def export_one(self, enterprise_id: int, enterprise_name: str, uscc: str) -> None:
        name = safe_file_name(f"{safe_file_name(enterprise_name)}-{uscc}-" + self.tr("一企一档"), 120) + ".zip"
        out = files.save_path(self.window, self.ctx.settings, DOSSIER, self.tr("导出一企一档"), name, "ZIP (*.zip)")
        if out is None:
            return
        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        services = self.ctx.services

        def done(path: Path) -> None:
            files.show_exported(self.window, self.tr("一企一档已导出"),
                                self.tr("已导出一企一档：\n{path}").format(path=path), path)  # fmt: skip

        self.runner.run(lambda: services.export_dossier(enterprise_id, out), done, self._failed)

    def export_many(self, enterprise_ids: Sequence[int]) -> None:
        ids = list(enterprise_ids)
        if not ids:
            return
        start = str(files.start_folder(self.ctx.settings, DOSSIER))
        chosen = QFileDialog.getExistingDirectory(self.window, self.tr("导出一企一档到文件夹"), start)
        if not chosen:
            return
        folder = Path(chosen)
        files.remember(self.ctx.settings, DOSSIER, folder / "_")
        dialog = QProgressDialog(self.tr("正在导出一企一档…"), self.tr("取消"), 0, len(ids), self.window)
        dialog.setObjectName("dossier_progress")
        dialog.setWindowTitle(self.tr("导出一企一档"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.progress_dialog = dialog
        progress = _Progress(self)
        cancelled: list[bool] = []
        dialog.canceled.connect(lambda: cancelled.append(True))

        def advanced(done: int, total: int) -> None:
            dialog.setValue(done)
            dialog.setLabelText(self.tr("已导出 {done} / {total} 家企业…").format(done=done, total=total))

        progress.advanced.connect(advanced)
        services = self.ctx.services

        def step(done: int, total: int) -> None:
            progress.advanced.emit(done, total)
            if cancelled and done < total:
                raise CancelledError(done)

        def finished(paths: list[Path]) -> None:
            dialog.hide()  # (close() would emit canceled)
            text = self.tr("已为 {n} 家企业导出一企一档到：\n{folder}").format(n=len(paths), folder=folder)
            files.show_exported(self.window, self.tr("一企一档已导出"), text, paths[-1])

        def failed(exc: BaseException) -> None:
            dialog.hide()  # (close() would emit canceled)
            if isinstance(exc, CancelledError):
                text = self.tr("已取消；此前已导出 {n} 家企业的一企一档到：\n{folder}")
                self.cancelled_box = QMessageBox(QMessageBox.Icon.Information, self.tr("导出一企一档"),
                                                 text.format(n=exc.args[0], folder=folder),
                                                 QMessageBox.StandardButton.Close, self.window)  # fmt: skip
                self.cancelled_box.open()
                return
            self._failed(exc)

        self.runner.run(lambda: services.export_dossiers(ids, folder, step), finished, failed)

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("导出失败"), as_text(safe_lines(exc)))
