"""Bulk import in the window: a cancellable progress dialog while the work runs off the GUI thread, then the summary.

The loop is the services' (app.services.bulk_import.import_batch, the same the command line runs); this module only
shows it. The worker emits one signal before each file and one with each verdict; they are queued to the GUI
thread, so the window keeps painting. 取消 stops after the file in flight: what was imported stays imported.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.display import safe_text
from app.services import bulk_import
from app.services.bulk_import import FileVerdict
from app.services.forms import DEFAULT_FORM_ID
from app.services.submission import ImportOutcome
from app.ui import files
from app.ui.basics import as_text
from app.ui.context import GuiContext
from app.ui.runner import Runner

ALL = "all"


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the connected slots run on the GUI thread (queued)."""

    step = Signal(int, int, str)  # files done, total, the file now being imported
    verdict = Signal(object)  # a FileVerdict


class BulkImport(QObject):
    """One batch: the progress dialog, the worker, the summary dialog at the end (``summary``)."""

    finished = Signal()
    progressed = Signal(int, int)  # files done, total (on the GUI thread, as the progress dialog shows it)

    def __init__(self, parent: QWidget, ctx: GuiContext, runner: Runner) -> None:
        super().__init__(parent)
        self.window = parent
        self.ctx = ctx
        self.runner = runner
        self.verdicts: list[FileVerdict] = []
        self.total = 0
        self.cancelled = threading.Event()
        self.progress: QProgressDialog | None = None
        self.summary: ImportSummaryDialog | None = None
        self._relay = _Relay(self)
        self._relay.step.connect(self._on_step)
        self._relay.verdict.connect(self._on_verdict)
        self._root: Path | None = None

    def start(self, names: Sequence[Path], *, accept_unknown: bool) -> None:
        """Collect the files (folders recursively) and start importing them off the GUI thread."""
        folders = [p for p in names if p.is_dir()]
        self._root = folders[0] if len(names) == 1 and folders else None
        paths = bulk_import.package_files(names)
        self.total = len(paths)
        progress = QProgressDialog(self.tr("正在准备导入…"), self.tr("取消"), 0, max(self.total, 1), self.window)
        progress.setObjectName("import_progress")
        progress.setWindowTitle(self.tr("导入评测包"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(460)
        progress.canceled.connect(self.cancel)
        progress.setValue(0)
        progress.show()
        self.progress = progress
        _freeze_heap()
        services = self.ctx.services
        describe = bulk_import.describer(self.ctx.workspace.repo)
        relay, cancelled = self._relay, self.cancelled

        def import_one(path: Path) -> ImportOutcome:
            return services.import_package(path, accept_unknown=accept_unknown)

        def work() -> list[FileVerdict]:  # on a worker thread: touches no widget, only emits
            out: list[FileVerdict] = []
            for v in bulk_import.import_batch(paths, _announcing(import_one, relay, len(paths)), describe,
                                              cancelled.is_set):  # fmt: skip
                out.append(v)
                relay.verdict.emit(v)
            return out

        self.runner.run(work, self._done, self._failed)

    @Slot()
    def cancel(self) -> None:
        if self.progress is not None and not self.cancelled.is_set():
            self.cancelled.set()
            self.progress.setLabelText(self.tr("正在取消：当前文件导入完成后停止…"))

    @Slot(int, int, str)
    def _on_step(self, done: int, total: int, name: str) -> None:
        if self.progress is None or self.cancelled.is_set():
            return
        self.progress.setValue(done)
        self.progressed.emit(done, total)
        self.progress.setLabelText(
            self.tr("正在导入第 {n}/{total} 个文件：\n{file}").format(n=done + 1, total=total, file=safe_text(name))
        )

    @Slot(object)
    def _on_verdict(self, verdict: FileVerdict) -> None:
        self.verdicts.append(verdict)
        if self.progress is not None:
            self.progress.setValue(len(self.verdicts))

    def _close_progress(self) -> None:
        if self.progress is not None:
            progress, self.progress = self.progress, None
            progress.canceled.disconnect(self.cancel)
            progress.close()
            progress.deleteLater()

    def _done(self, verdicts: list[FileVerdict]) -> None:
        self.verdicts = list(verdicts)  # the worker's list, complete even if a queued verdict is still in flight
        self._close_progress()
        summary = ImportSummaryDialog(self.window, self.ctx, self.verdicts, self.total, root=self._root)
        summary.finished.connect(_thaw_heap)  # the collector may walk the whole heap again once the user is done
        summary.open()
        self.summary = summary
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._done(self.verdicts)


_frozen = [0]  # batches running


def _freeze_heap() -> None:
    """Keep the objects alive before the batch out of the cyclic GC while it runs.

    Measured: a full (generation 2) collection walks the whole heap and, taken by the worker thread while it holds
    the GIL, stalled the window for 130-390 ms several times during a 150-package import. The batch allocates and
    frees its own objects (those are still collected); what existed before it is scanned again once the summary
    is closed.
    """
    if _frozen[0] == 0:
        gc.freeze()
    _frozen[0] += 1


def _thaw_heap() -> None:
    _frozen[0] -= 1
    if _frozen[0] == 0:
        gc.unfreeze()


def _announcing(
    import_one: Callable[[Path], ImportOutcome], relay: _Relay, total: int
) -> Callable[[Path], ImportOutcome]:
    """``import_one`` that first tells the window which file is being imported."""
    count = [0]

    def run(path: Path) -> ImportOutcome:
        relay.step.emit(count[0], total, path.name)
        count[0] += 1
        return import_one(path)

    return run


STATUS_ROLE = Qt.ItemDataRole.UserRole
REASON_COLUMN = 2


class VerdictModel(QAbstractTableModel):
    """The summary's rows as texts made once; Qt asks only for the cells it paints."""

    def __init__(
        self, headers: Sequence[str], rows: Sequence[tuple[str, ...]], statuses: Sequence[str], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows = list(rows)
        self.statuses = list(statuses)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == STATUS_ROLE:
            return self.statuses[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ImportSummaryDialog(QDialog):
    """Every file and its verdict, a filter by verdict, and 保存为CSV…."""

    def __init__(
        self, parent: QWidget, ctx: GuiContext, verdicts: Sequence[FileVerdict], total: int, root: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verdicts = list(verdicts)
        self.setObjectName("import_summary")
        self.setWindowTitle(self.tr("导入评测包"))
        self.labels = {
            bulk_import.IMPORTED: self.tr("已导入"),
            bulk_import.DUPLICATE: self.tr("已存在，未重复导入"),
            bulk_import.ALREADY_HERE: self.tr("本工作区导出的评测包，已在此"),
            bulk_import.REFUSED: self.tr("拒绝导入"),
        }
        layout = QVBoxLayout(self)
        counts = bulk_import.counts(self.verdicts)
        text = self.tr("共 {n} 个文件：已导入 {imported}，已存在 {here}，拒绝导入 {refused}").format(
            n=len(self.verdicts),
            imported=counts[bulk_import.IMPORTED],
            here=counts[bulk_import.DUPLICATE] + counts[bulk_import.ALREADY_HERE],
            refused=counts[bulk_import.REFUSED],
        )
        if len(self.verdicts) < total:
            text += "\n" + self.tr("已取消：其余 {left} 个文件未导入，已导入的保留。").format(
                left=total - len(self.verdicts)
            )
        self.headline = QLabel(text)
        self.headline.setObjectName("import_headline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        row = QHBoxLayout()
        shown = QLabel(self.tr("显示(&S)："))
        row.addWidget(shown)
        self.filter = QComboBox()
        self.filter.setObjectName("import_filter")
        self.filter.addItem(self.tr("全部（{n}）").format(n=len(self.verdicts)), ALL)
        for status in bulk_import.VERDICTS:
            if counts[status]:
                self.filter.addItem(
                    self.tr("{verdict}（{n}）").format(verdict=self.labels[status], n=counts[status]), status
                )
        shown.setBuddy(self.filter)
        row.addWidget(self.filter)
        row.addStretch(1)
        layout.addLayout(row)
        headers = [self.tr("文件"), self.tr("结果"), self.tr("原因"), self.tr("企业名称"), self.tr("统一社会信用代码"),
                   self.tr("等级"), self.tr("评测"), self.tr("来源")]  # fmt: skip
        verified, unverified = self.tr("已核验"), self.tr("来源未核验")
        levels: dict[int | None, str] = {}
        rows = []
        for v in self.verdicts:
            if v.level not in levels:
                levels[v.level] = self._level(v.level)
            rows.append(tuple(safe_text(x) for x in (
                self._file_text(v.file, root), self.labels.get(v.status, v.status), v.reason or v.note, v.name,
                v.uscc, levels[v.level], f"#{v.assessment_id}" if v.assessment_id is not None else "",
                "" if v.refused else (verified if v.origin_verified else unverified))))  # fmt: skip
        self.model = VerdictModel(headers, rows, [v.status for v in self.verdicts], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(STATUS_ROLE)
        table = QTableView(self)
        table.setObjectName("import_table")
        table.setModel(self.proxy)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(50)  # widths from the first rows: 600 rows stay quick
        table.resizeColumnsToContents()
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Stretch)  # the reason gets the room
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.save_button = QPushButton(self.tr("保存为CSV(&V)…"))
        self.save_button.setObjectName("import_save_csv")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_csv)
        layout.addWidget(buttons)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.resize(1240, 600)

    def _file_text(self, path: Path, root: Path | None) -> str:
        if root is not None:
            try:
                return str(path.relative_to(root))
            except ValueError:
                pass
        return path.name

    def _level(self, level: int | None) -> str:
        if level is None:
            return ""
        try:
            return self.ctx.registry.get(DEFAULT_FORM_ID).level_name(level, self.ctx.language)
        except Exception:  # a level the form does not name: the number
            return str(level)

    def shown_statuses(self) -> list[str]:
        """The verdict of every row the filter shows."""
        return [str(self.proxy.index(r, 0).data(STATUS_ROLE)) for r in range(self.proxy.rowCount())]

    def cell(self, row: int, column: int) -> str:
        """The text shown in a row of the (filtered) table."""
        return str(self.proxy.index(row, column).data())

    @Slot(int)
    def _apply_filter(self, _index: int) -> None:
        wanted = self.filter.currentData()
        pattern = "" if wanted == ALL else f"^{re.escape(str(wanted))}$"
        self.proxy.setFilterRegularExpression(QRegularExpression(pattern))

    @Slot()
    def save_csv(self) -> None:
        """Write every file's verdict (not only the filtered rows) as CSV."""
        out = files.save_path(self, self.ctx.settings, files.IMPORT, self.tr("保存导入结果"),
                              self.tr("导入结果") + ".csv", "CSV (*.csv)")  # fmt: skip
        if out is None:
            return
        try:
            bulk_import.write_csv(self.verdicts, out)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存导入结果"), as_text(self.tr("无法保存：{reason}").format(
                reason=safe_text(exc.strerror or exc))))  # fmt: skip
            return
        self.saved_to = out
        files.show_exported(self, self.tr("导入结果已保存"), self.tr("已保存导入结果：\n{path}").format(path=out), out)
