"""The home page's list panel: enterprises with search, a level filter and sorting, and the page's status line.

The panel shows what it is given (rows prepared by EnterpriseRow.of) and says what the user picked; loading,
selection rules and actions belong to the home page that composes it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.basics import muted, table_defaults
from app.ui.firstpaint import AfterFirstPaint
from app.ui.models import NOT_ASSESSED, EnterpriseFilterProxy, EnterpriseTableModel, FormLevels

if TYPE_CHECKING:  # annotations only: the first paint does not wait for the services' ports
    from app.services.ports import EnterpriseListing

M = EnterpriseTableModel
PRECISION = 200  # rows measured to fit a column
FITTED_COLUMNS = (M.USCC, M.REGION, M.LEVEL, M.DATE, M.COUNT)  # the name stretches, the industry is set once
# The item delegate's text margins on the styles the program runs with (Fusion, Windows): PM_FocusFrameHMargin (2)
# plus one, on each side. The columns are fitted with it until the list's first paint; the style's own is read then
# (making Qt's QStyle type for Python costs the first paint milliseconds) and the columns fitted again if it differs.
USUAL_TEXT_MARGIN = 2 * (2 + 1)


class EnterpriseListPanel(QWidget):
    """企业: the search box, the level filter, the table (or its empty, no-match and loading states), a status line."""

    current_changed = Signal(object)  # the EnterpriseListing of the current row, or None (none, or not read yet)
    filter_changed = Signal()  # the search text or the level filter changed
    activated = Signal()  # Enter or a double-click on an enterprise: go to its assessments
    new_requested = Signal()  # 新建企业
    archived_toggled = Signal(bool)  # 显示已归档: list archived enterprises too

    def __init__(self, levels: FormLevels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EnterpriseTableModel(levels, self)
        self.proxy = EnterpriseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        title = QLabel(self.tr("企业"), self)
        title.setProperty("role", "h1")
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("搜索名称、信用代码、地区、牵引单位（Ctrl+F）"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("搜索企业"))
        level_label = QLabel(self.tr("等级(&G)"), self)
        self.level_combo = QComboBox(self)
        self.level_combo.setAccessibleName(self.tr("按最新等级筛选"))
        self.level_combo.addItem(self.tr("全部"), None)
        for level, name in levels.filter_levels().items():
            self.level_combo.addItem(name, level)
        self.level_combo.addItem(self.tr("未评测"), NOT_ASSESSED)
        level_label.setBuddy(self.level_combo)
        self.new_enterprise_button = QPushButton(self.tr("新建企业(&N)"), self)
        self.new_enterprise_button.setToolTip(self.tr("登记一家新企业"))
        tools = QHBoxLayout()
        tools.addWidget(self.search_edit, 1)
        tools.addWidget(level_label)
        tools.addWidget(self.level_combo)
        self.archived_check = QCheckBox(self.tr("显示已归档"), self)
        self.archived_check.setToolTip(self.tr("在列表中同时显示已归档的企业"))
        self.archived_check.toggled.connect(self.archived_toggled)
        tools.addWidget(self.archived_check)
        tools.addWidget(self.new_enterprise_button)
        self.dossier_button = QPushButton(self.tr("导出所选一企一档(&Y)…"), self)  # app.ui.dossier_export
        self.dossier_button.setToolTip(self.tr("为选中的企业各导出一份一企一档（按住 Ctrl 或 Shift 选择多家）"))
        tools.addWidget(self.dossier_button)

        self.pages = QStackedWidget(self)  # the table and the states are made in it: a widget moved is styled again
        self.table = QTableView(self.pages)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("企业列表"))
        table_defaults(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # 导出所选一企一档
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(EnterpriseTableModel.NAME, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(PRECISION)
        # Fitted to their contents when the rows change (_fit_columns), not by ResizeToContents, which measures
        # again at every layout of the view.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(EnterpriseTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EnterpriseTableModel.INDUSTRY, QHeaderView.ResizeMode.Interactive)
        industry_width = self.fontMetrics().horizontalAdvance("C39 计算机、通信和其他电子设备")
        header.resizeSection(EnterpriseTableModel.INDUSTRY, industry_width)

        self._build_states()
        for page in (self.loading_page, self.table, self.empty_page, self.no_match_page):
            self.pages.addWidget(page)

        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 8)
        self.busy.setMaximumHeight(self.fontMetrics().height())
        self.busy.setAccessibleName(self.tr("正在处理"))
        self.busy.hide()
        self.status_label = muted("", self)
        self.status_label.setWordWrap(False)
        status = QHBoxLayout()
        status.addWidget(self.busy)
        status.addWidget(self.status_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(title)
        layout.addLayout(tools)
        layout.addWidget(self.pages, 1)
        layout.addLayout(status)
        self._connect()

    def _build_states(self) -> None:
        """The pages shown instead of the table: no enterprises yet, none matching, still loading."""
        self.empty_page = QWidget(self.pages)
        empty_text = QLabel(self.tr("还没有企业。点击“新建企业”开始。"), self.empty_page)
        empty_text.setProperty("role", "h2")
        empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_text.setWordWrap(True)
        empty_hint = muted(
            self.tr("登记企业后，可为它新建改造前、改造后或自评评测，并在此查看等级和对比。"), self.empty_page
        )
        empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_button = QPushButton(self.tr("新建企业…"), self.empty_page)  # Alt+N is the toolbar button
        self.empty_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(empty_text)
        empty_layout.addWidget(empty_hint)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.no_match_page = QWidget(self.pages)
        no_match = QLabel(self.tr("没有符合条件的企业。"), self.no_match_page)
        no_match.setProperty("role", "h2")
        no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_filter_button = QPushButton(self.tr("清除筛选(&X)"), self.no_match_page)
        self.clear_filter_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        no_match_layout = QVBoxLayout(self.no_match_page)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(no_match)
        no_match_layout.addWidget(self.clear_filter_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_match_layout.addStretch(2)

        self.loading_page = QWidget(self.pages)
        loading = QLabel(self.tr("正在加载企业列表…"), self.loading_page)
        loading.setProperty("role", "h2")
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        loading_layout = QVBoxLayout(self.loading_page)
        loading_layout.addStretch(1)
        loading_layout.addWidget(loading)
        loading_layout.addStretch(2)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._on_search)
        self.level_combo.currentIndexChanged.connect(self._on_level)
        self.new_enterprise_button.clicked.connect(self.new_requested)
        self.empty_button.clicked.connect(self.new_requested)
        self.clear_filter_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.activated.emit())
        self._text_margin = USUAL_TEXT_MARGIN
        AfterFirstPaint(self, self._read_text_margin)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self._fit_columns)
        self.proxy.modelReset.connect(self._fit_columns)
        self.proxy.layoutChanged.connect(self._fit_columns)
        self.proxy.rowsInserted.connect(self._fit_later.start)
        self.proxy.rowsRemoved.connect(self._fit_later.start)

    def _fit_columns(self) -> None:
        """The short columns as wide as their header and their text in the first rows shown (the header's
        precision), measured as the item delegate does (text advance plus its margins) but in one pass over the
        rows' display texts, not through every role of every cell."""
        header = self.table.horizontalHeader()
        metrics = QFontMetricsF(self.table.font())
        margin = self._text_margin + (1 if self.table.showGrid() else 0)
        rows = self.proxy.rowCount()
        shown = [*range(min(rows, PRECISION)), *([rows - 1] if rows > PRECISION else [])]  # as Qt: the last too
        sample = [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in shown]
        for column in FITTED_COLUMNS:
            texts = {self.model.display(self.model.row_at(r), column) for r in sample}
            content = math.ceil(max((metrics.horizontalAdvance(t) for t in texts), default=0)) + margin if texts else 0
            header.resizeSection(column, max(content, header.sectionSizeHint(column)))

    def _read_text_margin(self) -> None:
        """The style's own text margins (after the first paint: see USUAL_TEXT_MARGIN), fitting again if they differ."""
        from PySide6.QtWidgets import QStyle  # noqa: PLC0415 (see USUAL_TEXT_MARGIN)

        focus = self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table)
        if 2 * (focus + 1) != self._text_margin:
            self._text_margin = 2 * (focus + 1)
            self._fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.activated.emit()
            return True
        return super().eventFilter(watched, event)

    # Filtering

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self.filter_changed.emit()

    def _on_level(self, _index: int) -> None:
        data = self.level_combo.currentData()
        self.proxy.set_level(data if isinstance(data, int) else None)
        self.filter_changed.emit()

    def clear_filters(self) -> None:
        self.search_edit.clear()
        self.level_combo.setCurrentIndex(0)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # Rows and the current one

    def is_shown(self, enterprise_id: int) -> bool:
        """Whether the enterprise is loaded and passes the filters."""
        row = self.model.row_of(enterprise_id)
        return row is not None and self.proxy.mapFromSource(self.model.index(row, 0)).isValid()

    def make_current(self, enterprise_id: int) -> EnterpriseListing | None:
        """Make a loaded enterprise the current row, clearing filters that hide it; its listing, or None."""
        row = self.model.row_of(enterprise_id)
        if row is None:
            return None
        if not self.is_shown(enterprise_id):
            self.clear_filters()
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return self.model.row_at(row).listing

    def selected_ids(self) -> list[int]:
        """The enterprises selected in the table, in the order shown."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [self.model.row_at(self.proxy.mapToSource(index).row()).enterprise_id for index in rows]

    def current_id(self) -> int | None:
        """The enterprise of the current row, or None."""
        current = self.table.currentIndex()
        return self.model.row_at(self.proxy.mapToSource(current).row()).enterprise_id if current.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.current_changed.emit(None)
            return
        self.current_changed.emit(self.model.row_at(self.proxy.mapToSource(current).row()).listing)

    # The state shown

    def show_state(self, loaded_once: bool) -> None:
        """The table, or the page saying why there is none; the search and filter only when they can help."""
        if not loaded_once:
            self.pages.setCurrentWidget(self.loading_page)
        elif self.model.rowCount() == 0:
            self.pages.setCurrentWidget(self.empty_page)
        elif self.proxy.rowCount() == 0:
            self.pages.setCurrentWidget(self.no_match_page)
        else:
            self.pages.setCurrentWidget(self.table)
        has_rows = self.model.rowCount() > 0
        self.search_edit.setEnabled(has_rows or bool(self.proxy.search_text))
        self.level_combo.setEnabled(has_rows)

    def show_busy(self, busy: bool, loading: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.status_label.setText(self.tr("正在加载…") if loading else self.tr("正在处理…"))

    def show_count(self, loaded_once: bool) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if not loaded_once or total == 0:
            text = ""  # the empty state says it all
        elif total == shown:
            text = self.tr("共 {n} 家企业").format(n=total)
        else:
            text = self.tr("显示 {shown} / {total} 家企业").format(shown=shown, total=total)
        self.status_label.setText(text)
