"""The workspace home page: enterprises (search, level filter, sorting) and the selected one's assessments.

Widgets here read inputs, call the workspace service and show the result; scores and levels come from the
service's cached summaries. The listing (and starting an "after" assessment) runs on the Runner so a large
workspace never freezes the window. Dialogs and message boxes are opened window-modal with open(), never exec(),
so nothing here spins a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records import Assessment, AssessmentKind, AssessmentStatus, Assessor, Enterprise
from app.services.ports import AssessmentSummary, EnterpriseListing, FinalizedError, NotFoundError
from app.services.workspace import ValidationError
from app.ui.context import GuiContext
from app.ui.dialogs import EnterpriseDialog, NewAssessmentDialog, ReasonDialog
from app.ui.models import (
    DASH,
    NOT_ASSESSED,
    AssessmentTableModel,
    EnterpriseFilterProxy,
    EnterpriseRow,
    EnterpriseTableModel,
    industry_text,
    latest_of_kind,
    level_name,
    scale_name,
    size_name,
    specialized_name,
)
from app.ui.runner import Runner

SERVICE_ERRORS = (ValidationError, FinalizedError, NotFoundError)
ASSESSOR_KEYS = ("home/assessor_name", "home/assessor_organisation", "home/assessor_role")


def error_message(exc: BaseException) -> str:
    """The service's own message (already Chinese or bilingual)."""
    if isinstance(exc, ValidationError):
        return exc.message
    return str(exc) or exc.__class__.__name__


def muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


class HomePage(QWidget):
    """Enterprises on the left; the selected enterprise, its assessments and their actions on the right."""

    open_assessment = Signal(int)  # continue or view this assessment in the wizard
    compare_requested = Signal(int, int)  # baseline id, after id

    def __init__(self, ctx: GuiContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._generation = 0  # the newest listing request; older answers are dropped
        self._loaded_once = False
        self._loading = False
        self._busy_jobs = 0
        self._pending_enterprise: int | None = None
        self._pending_assessment: int | None = None
        self._selected: EnterpriseListing | None = None
        self.active_dialog: QDialog | None = None  # the dialog this page has open (tests drive it)
        self.active_message: QMessageBox | None = None  # likewise the last message box

        self.model = EnterpriseTableModel(self)
        self.proxy = EnterpriseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.assessment_model = AssessmentTableModel(self)

        self._build_left()
        self._build_right()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 440])  # proportions until the user moves it
        self.detail_splitter.setSizes([450, 550])
        for key, splitter in (("home/splitter", self.splitter), ("home/detail_splitter", self.detail_splitter)):
            state = ctx.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
            splitter.splitterMoved.connect(lambda _pos, _i, k=key, s=splitter: self._save_splitter(k, s))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)
        self._connect()
        self._show_enterprise(None)
        self._update_page()

    # Construction

    def _build_left(self) -> None:
        self.left = QWidget(self)
        title = QLabel(self.tr("企业"), self.left)
        title.setProperty("role", "h1")
        self.search_edit = QLineEdit(self.left)
        self.search_edit.setPlaceholderText(self.tr("搜索名称、信用代码、地区、牵引单位（Ctrl+F）"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("搜索企业"))
        level_label = QLabel(self.tr("等级(&G)"), self.left)
        self.level_combo = QComboBox(self.left)
        self.level_combo.setAccessibleName(self.tr("按最新等级筛选"))
        self.level_combo.addItem(self.tr("全部"), None)
        for level in range(5):
            self.level_combo.addItem(level_name(level), level)
        self.level_combo.addItem(self.tr("未评测"), NOT_ASSESSED)
        level_label.setBuddy(self.level_combo)
        self.new_enterprise_button = QPushButton(self.tr("新建企业(&N)"), self.left)
        self.new_enterprise_button.setToolTip(self.tr("登记一家新企业"))
        tools = QHBoxLayout()
        tools.addWidget(self.search_edit, 1)
        tools.addWidget(level_label)
        tools.addWidget(self.level_combo)
        tools.addWidget(self.new_enterprise_button)

        self.table = QTableView(self.left)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("企业列表"))
        self._table_defaults(self.table)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(EnterpriseTableModel.NAME, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EnterpriseTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EnterpriseTableModel.INDUSTRY, QHeaderView.ResizeMode.Interactive)
        industry_width = self.fontMetrics().horizontalAdvance("C39 计算机、通信和其他电子设备")
        header.resizeSection(EnterpriseTableModel.INDUSTRY, industry_width)

        self.empty_page = QWidget(self.left)
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

        self.no_match_page = QWidget(self.left)
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

        self.loading_page = QWidget(self.left)
        loading = QLabel(self.tr("正在加载企业列表…"), self.loading_page)
        loading.setProperty("role", "h2")
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        loading_layout = QVBoxLayout(self.loading_page)
        loading_layout.addStretch(1)
        loading_layout.addWidget(loading)
        loading_layout.addStretch(2)

        self.pages = QStackedWidget(self.left)
        for page in (self.loading_page, self.table, self.empty_page, self.no_match_page):
            self.pages.addWidget(page)

        self.busy = QProgressBar(self.left)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 8)
        self.busy.setMaximumHeight(self.fontMetrics().height())
        self.busy.setAccessibleName(self.tr("正在处理"))
        self.busy.hide()
        self.status_label = muted("", self.left)
        self.status_label.setWordWrap(False)
        status = QHBoxLayout()
        status.addWidget(self.busy)
        status.addWidget(self.status_label, 1)

        layout = QVBoxLayout(self.left)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(title)
        layout.addLayout(tools)
        layout.addWidget(self.pages, 1)
        layout.addLayout(status)

    def _build_right(self) -> None:
        self.right = QStackedWidget(self)
        self.nothing_page = QWidget(self.right)
        nothing = muted(self.tr("在上方列表中选择一家企业，查看其信息和评测。"), self.nothing_page)
        nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self.nothing_page).addWidget(nothing)

        self.detail_page = QWidget(self.right)
        self.name_label = QLabel(self.detail_page)
        self.name_label.setProperty("role", "h1")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(self.tr("编辑企业(&E)…"), self.detail_page)
        self.edit_button.setToolTip(self.tr("修改企业名称、信用代码、行业、规模等信息"))
        head = QHBoxLayout()
        head.addWidget(self.name_label, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        card = QFrame(self.detail_page)
        card.setProperty("role", "card")
        grid = QGridLayout(card)
        grid.setHorizontalSpacing(12)
        self.detail_values: dict[str, QLabel] = {}
        fields = [
            ("uscc", self.tr("统一社会信用代码")),
            ("industry", self.tr("行业")),
            ("size", self.tr("规模")),
            ("scale", self.tr("规上/规下")),
            ("specialized", self.tr("专精特新")),
            ("region", self.tr("地区")),
            ("traction", self.tr("牵引单位")),
            ("pilot", self.tr("试点细分行业")),
            ("contact", self.tr("联系人")),
            ("products", self.tr("主要产品")),
        ]
        for i, (key, caption) in enumerate(fields):
            row, col = divmod(i, 2)
            name = muted(caption, card)
            name.setWordWrap(False)
            value = QLabel(card)
            value.setWordWrap(key != "uscc")  # a code must never be cut or broken
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.detail_values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        assessments_title = QLabel(self.tr("评测"), self.detail_page)
        assessments_title.setProperty("role", "h2")
        self.assessment_table = QTableView(self.detail_page)
        self.assessment_table.setModel(self.assessment_model)
        self.assessment_table.setAccessibleName(self.tr("评测列表"))
        self._table_defaults(self.assessment_table)
        aheader = self.assessment_table.horizontalHeader()
        aheader.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        aheader.setStretchLastSection(True)
        self.no_assessment_label = muted(
            self.tr("这家企业还没有评测。点击“新建评测”开始第一次评测。"), self.detail_page
        )

        self.new_assessment_button = QPushButton(self.tr("新建评测(&A)…"), self.detail_page)
        self.new_assessment_button.setToolTip(self.tr("为这家企业新建一次评测（改造前、改造后或自评）"))
        self.open_button = QPushButton(self.tr("继续评测(&O)"), self.detail_page)
        self.finalize_button = QPushButton(self.tr("定稿(&S)…"), self.detail_page)
        self.finalize_button.setToolTip(self.tr("定稿后评测不可再修改，只能通过“更正”产生新的修订版"))
        self.correct_button = QPushButton(self.tr("更正(&R)…"), self.detail_page)
        self.correct_button.setToolTip(self.tr("为已定稿的评测新建一个草稿修订版，并记录更正原因"))
        self.delete_button = QPushButton(self.tr("删除草稿(&D)…"), self.detail_page)
        self.delete_button.setToolTip(self.tr("删除选中的草稿评测（Delete 键）"))
        self.after_button = QPushButton(self.tr("以此为基线开始改造后评测(&B)"), self.detail_page)
        self.after_button.setToolTip(self.tr("复制这次改造前评测的全部答案，新建一次改造后评测"))
        self.compare_button = QPushButton(self.tr("对比改造前后(&C)"), self.detail_page)
        self.compare_button.setToolTip(self.tr("对比最新的改造前评测和最新的改造后评测"))
        row1 = QHBoxLayout()
        for button in (self.new_assessment_button, self.open_button, self.finalize_button, self.correct_button):
            row1.addWidget(button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for button in (self.after_button, self.compare_button, self.delete_button):
            row2.addWidget(button)
        row2.addStretch(1)

        info = QWidget(self.detail_page)
        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(0, 0, 4, 0)
        info_layout.addLayout(head)
        info_layout.addWidget(card)
        info_layout.addStretch(1)
        assessments = QWidget(self.detail_page)
        assessments_layout = QVBoxLayout(assessments)
        assessments_layout.setContentsMargins(4, 0, 0, 0)
        assessments_layout.addWidget(assessments_title)
        assessments_layout.addWidget(self.assessment_table, 1)
        assessments_layout.addWidget(self.no_assessment_label, 1, Qt.AlignmentFlag.AlignTop)
        assessments_layout.addLayout(row1)
        assessments_layout.addLayout(row2)
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal, self.detail_page)
        self.detail_splitter.addWidget(info)
        self.detail_splitter.addWidget(assessments)
        self.detail_splitter.setStretchFactor(0, 1)
        self.detail_splitter.setStretchFactor(1, 1)
        self.detail_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self.detail_page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_splitter)
        self.right.addWidget(self.nothing_page)
        self.right.addWidget(self.detail_page)

    @staticmethod
    def _table_defaults(table: QTableView) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.setTabKeyNavigation(False)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._on_search)
        self.level_combo.currentIndexChanged.connect(self._on_level)
        self.new_enterprise_button.clicked.connect(self.new_enterprise)
        self.empty_button.clicked.connect(self.new_enterprise)
        self.clear_filter_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_enterprise_current)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self._focus_assessments())
        self.assessment_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.assessment_table.doubleClicked.connect(lambda _index: self.open_current())
        self.assessment_table.installEventFilter(self)
        self.edit_button.clicked.connect(self.edit_enterprise)
        self.new_assessment_button.clicked.connect(self.new_assessment)
        self.open_button.clicked.connect(self.open_current)
        self.finalize_button.clicked.connect(self.finalize_current)
        self.correct_button.clicked.connect(self.correct_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.after_button.clicked.connect(self.start_after_current)
        self.compare_button.clicked.connect(self.compare_current)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        reload_ = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        reload_.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload_.activated.connect(self.refresh)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._focus_assessments()
                return True
            if watched is self.assessment_table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_current()
                    return True
                if key == Qt.Key.Key_Delete:
                    self.delete_current()
                    return True
        return super().eventFilter(watched, event)

    # Loading

    def refresh(self) -> None:
        """Reload the listing in the background, keeping the selected enterprise and assessment."""
        self._generation += 1
        generation = self._generation
        self._set_loading(True)
        workspace = self.ctx.workspace
        self.runner.run(
            lambda: [EnterpriseRow.of(listing) for listing in workspace.list_enterprises()],
            lambda result: self._loaded(generation, result),
            lambda exc: self._load_failed(generation, exc),
        )

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self._busy(+1 if loading else -1)
        self._update_page()

    def _busy(self, delta: int) -> None:
        self._busy_jobs = max(0, self._busy_jobs + delta)
        self.busy.setVisible(self._busy_jobs > 0)
        if self._busy_jobs:
            self.status_label.setText(self.tr("正在加载…") if self._loading else self.tr("正在处理…"))
        else:
            self._update_status()

    def _loaded(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return
        keep = self._pending_enterprise or (self._selected.enterprise.id if self._selected else None)
        keep_assessment = self._pending_assessment or self._current_assessment_id()
        self._pending_enterprise = None
        self._pending_assessment = None
        self._loaded_once = True
        rows: list[EnterpriseRow] = list(result)
        self.model.set_rows(rows)
        self._set_loading(False)
        if keep is not None and self.model.row_of(keep) is not None:
            self._pending_assessment = keep_assessment
            self.select_enterprise(keep)
        else:
            self._show_enterprise(None)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.status_label.setText(self.tr("加载失败：{error}").format(error=error_message(exc)))
        self._error(self.tr("无法加载企业列表"), exc)

    def _update_page(self) -> None:
        if not self._loaded_once:
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
        self.right.setVisible(has_rows or not self._loaded_once)
        self._update_status()

    def _update_status(self) -> None:
        if self._busy_jobs:
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if not self._loaded_once or total == 0:
            text = ""  # the empty state says it all
        elif total == shown:
            text = self.tr("共 {n} 家企业").format(n=total)
        else:
            text = self.tr("显示 {shown} / {total} 家企业").format(shown=shown, total=total)
        self.status_label.setText(text)

    # Filtering and selection

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _on_level(self, _index: int) -> None:
        data = self.level_combo.currentData()
        self.proxy.set_level(data if isinstance(data, int) else None)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_page()
        if self._selected is not None:
            row = self.model.row_of(self._selected.enterprise.id)
            visible = row is not None and self.proxy.mapFromSource(self.model.index(row, 0)).isValid()
            if not visible:
                self.table.clearSelection()
                self._show_enterprise(None)

    def clear_filters(self) -> None:
        self.search_edit.clear()
        self.level_combo.setCurrentIndex(0)

    def select_enterprise(self, enterprise_id: int) -> None:
        """Select an enterprise (clearing filters that hide it); after the next load if it is not loaded yet."""
        row = self.model.row_of(enterprise_id)
        if row is None or self._loading:
            self._pending_enterprise = enterprise_id
            if not self._loading:
                self.refresh()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        listing = self.model.row_at(row).listing
        if listing is not self._selected:  # not already shown by the current-row signal
            self._show_enterprise(listing)

    def _on_enterprise_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_enterprise(None)
            return
        source = self.proxy.mapToSource(current)
        listing = self.model.row_at(source.row()).listing
        if self._selected is None or listing is not self._selected:
            self._show_enterprise(listing)

    def _show_enterprise(self, listing: EnterpriseListing | None) -> None:
        keep_assessment = self._pending_assessment  # else the latest assessment is selected below
        self._pending_assessment = None
        self._selected = listing
        if listing is None:
            self.right.setCurrentWidget(self.nothing_page)
            self.assessment_model.set_assessments([])
            self._update_buttons()
            return
        e = listing.enterprise
        self.right.setCurrentWidget(self.detail_page)
        self.name_label.setText(e.name)
        contact = "  ".join(p for p in (e.contact_name, e.contact_phone) if p)
        values = {
            "uscc": e.uscc,
            "industry": industry_text(e),
            "size": size_name(e.size),
            "scale": scale_name(e.above_scale),
            "specialized": specialized_name(e.specialized),
            "region": e.region,
            "traction": e.traction_unit,
            "pilot": e.pilot_subsector,
            "contact": contact,
            "products": e.main_products,
        }
        for key, value in values.items():
            self.detail_values[key].setText(value or DASH)
            self.detail_values[key].setToolTip(value)
        self.assessment_model.set_assessments(listing.assessments)
        has_assessments = bool(listing.assessments)
        self.assessment_table.setVisible(has_assessments)
        self.no_assessment_label.setVisible(not has_assessments)
        row = self.assessment_model.row_of(keep_assessment) if keep_assessment is not None else None
        if row is None and has_assessments:
            row = self.assessment_model.rowCount() - 1  # the latest
        if row is not None:
            self.assessment_table.selectionModel().setCurrentIndex(
                self.assessment_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.assessment_table.scrollTo(self.assessment_model.index(row, 0))
        self._update_buttons()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _focus_assessments(self) -> None:
        if self._selected is not None and self._selected.assessments:
            self.assessment_table.setFocus()
        elif self._selected is not None:
            self.new_assessment_button.setFocus()

    def _save_splitter(self, key: str, splitter: QSplitter) -> None:
        self.ctx.settings.setValue(key, splitter.saveState())

    # What is selected

    def current_enterprise(self) -> Enterprise | None:
        return None if self._selected is None else self._selected.enterprise

    def current_assessment(self) -> Assessment | None:
        item = self._current_summary()
        return None if item is None else item.assessment

    def _current_summary(self) -> AssessmentSummary | None:
        index = self.assessment_table.selectionModel().currentIndex()
        if self._selected is None or not index.isValid() or index.row() >= self.assessment_model.rowCount():
            return None
        return self.assessment_model.summary_at(index.row())

    def _current_assessment_id(self) -> int | None:
        current = self.current_assessment()
        return None if current is None else current.id

    def _update_buttons(self) -> None:
        enterprise = self._selected
        current = self.current_assessment()
        draft = current is not None and current.status is AssessmentStatus.DRAFT
        finalized = current is not None and current.status is AssessmentStatus.FINALIZED
        idle = self._busy_jobs == 0
        self.edit_button.setEnabled(enterprise is not None)
        self.new_assessment_button.setEnabled(enterprise is not None)
        self.open_button.setEnabled(current is not None)
        self.open_button.setText(self.tr("查看(&O)") if finalized else self.tr("继续评测(&O)"))
        self.finalize_button.setEnabled(draft)
        self.correct_button.setEnabled(finalized)
        self.delete_button.setEnabled(draft)
        self.after_button.setEnabled(idle and current is not None and current.kind is AssessmentKind.BASELINE)
        pair = self._compare_pair()
        self.compare_button.setEnabled(pair is not None)

    def _compare_pair(self) -> tuple[int, int] | None:
        if self._selected is None:
            return None
        baseline = latest_of_kind(self._selected.assessments, AssessmentKind.BASELINE)
        after = latest_of_kind(self._selected.assessments, AssessmentKind.AFTER)
        if baseline is None or after is None:
            return None
        return baseline.id, after.id

    # Actions: enterprises

    def new_enterprise(self) -> None:
        """Open the new-enterprise dialog (the main window may call this from its menu)."""
        dialog = EnterpriseDialog(self.ctx.workspace, None, self.model.traction_units(), self)
        dialog.accepted.connect(lambda: self._enterprise_saved(dialog.saved_enterprise()))
        self._open_dialog(dialog)

    def edit_enterprise(self) -> None:
        enterprise = self.current_enterprise()
        if enterprise is None:
            return
        dialog = EnterpriseDialog(self.ctx.workspace, enterprise, self.model.traction_units(), self)
        dialog.accepted.connect(lambda: self._enterprise_saved(dialog.saved_enterprise()))
        self._open_dialog(dialog)

    def _enterprise_saved(self, enterprise: Enterprise | None) -> None:
        if enterprise is not None:
            self._pending_enterprise = enterprise.id
        self.refresh()

    # Actions: assessments

    def new_assessment(self) -> None:
        enterprise = self.current_enterprise()
        if enterprise is None or self._selected is None:
            return
        has_baseline = any(s.assessment.kind is AssessmentKind.BASELINE for s in self._selected.assessments)
        kind = AssessmentKind.SELF if has_baseline else AssessmentKind.BASELINE
        name, organisation, role = (str(self.ctx.settings.value(key, "") or "") for key in ASSESSOR_KEYS)
        forms = self.ctx.registry.newest()  # the dialog offers a choice when more than one form id is installed
        dialog = NewAssessmentDialog(
            enterprise.name, kind, Assessor(name, organisation, role), self, forms=forms, language=self.ctx.language
        )
        dialog.accepted.connect(lambda: self._create_assessment(enterprise.id, dialog))
        self._open_dialog(dialog)

    def _create_assessment(self, enterprise_id: int, dialog: NewAssessmentDialog) -> None:
        assessor = dialog.assessor()
        try:
            created = self.ctx.workspace.new_assessment(
                enterprise_id, dialog.kind(), None, assessor, dialog.on_site(), dialog.assessed_on(), dialog.form_id()
            )
        except SERVICE_ERRORS as exc:
            self._error(self.tr("无法新建评测"), exc)
            return
        for key, value in zip(ASSESSOR_KEYS, (assessor.name, assessor.organisation, assessor.role), strict=True):
            self.ctx.settings.setValue(key, value)  # consultants assess many enterprises in a row
        self._opened(enterprise_id, created.id)

    def _opened(self, enterprise_id: int, assessment_id: int) -> None:
        """A new assessment exists: show it here and hand it to the wizard."""
        self._pending_enterprise = enterprise_id
        self._pending_assessment = assessment_id
        self.refresh()
        self.open_assessment.emit(assessment_id)

    def open_current(self) -> None:
        current = self.current_assessment()
        if current is not None:
            self.open_assessment.emit(current.id)

    def start_after_current(self) -> None:
        current = self.current_assessment()
        if current is None or current.kind is not AssessmentKind.BASELINE or self._busy_jobs:
            return
        workspace, baseline_id = self.ctx.workspace, current.id
        self._busy(+1)
        self._update_buttons()

        def done(created: Any) -> None:
            self._busy(-1)
            if isinstance(created, Assessment):
                self._opened(created.enterprise_id, created.id)

        def failed(exc: BaseException) -> None:
            self._busy(-1)
            self._update_buttons()
            self._error(self.tr("无法开始改造后评测"), exc)

        self.runner.run(lambda: workspace.start_after_from(baseline_id), done, failed)

    def finalize_current(self) -> None:
        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.DRAFT:
            return
        assessment_id = current.id
        self._confirm(
            self.tr("定稿评测 #{id}").format(id=assessment_id),
            self.tr("定稿后，评测 #{id} 将不可再修改。").format(id=assessment_id),
            self.tr("如需修改已定稿的评测，只能通过“更正”新建修订版，原记录保持不变。确定定稿吗？"),
            self.tr("定稿(&S)"),
            lambda: self._finalize(assessment_id),
        )

    def _finalize(self, assessment_id: int) -> None:
        try:
            self.ctx.workspace.finalize(assessment_id)
        except SERVICE_ERRORS as exc:
            self._error(self.tr("无法定稿评测 #{id}").format(id=assessment_id), exc)
            return
        self._pending_assessment = assessment_id
        self.refresh()

    def correct_current(self) -> None:
        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.FINALIZED:
            return
        assessment_id, enterprise_id = current.id, current.enterprise_id
        dialog = ReasonDialog(assessment_id, self)
        dialog.accepted.connect(lambda: self._correct(enterprise_id, assessment_id, dialog.reason()))
        self._open_dialog(dialog)

    def _correct(self, enterprise_id: int, assessment_id: int, reason: str) -> None:
        try:
            created = self.ctx.workspace.correct(assessment_id, reason)
        except SERVICE_ERRORS as exc:
            self._error(self.tr("无法更正评测 #{id}").format(id=assessment_id), exc)
            return
        self._opened(enterprise_id, created.id)

    def delete_current(self) -> None:
        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.DRAFT:
            return
        assessment_id = current.id
        self._confirm(
            self.tr("删除草稿 #{id}").format(id=assessment_id),
            self.tr("删除草稿评测 #{id}？").format(id=assessment_id),
            self.tr("它的全部答案和证据链接将被删除，此操作不能撤销。"),
            self.tr("删除(&D)"),
            lambda: self._delete(assessment_id),
            destructive=True,
        )

    def _delete(self, assessment_id: int) -> None:
        try:
            self.ctx.workspace.delete_draft(assessment_id)
        except SERVICE_ERRORS as exc:
            self._error(self.tr("无法删除草稿 #{id}").format(id=assessment_id), exc)
            return
        self.refresh()

    def compare_current(self) -> None:
        pair = self._compare_pair()
        if pair is not None:
            self.compare_requested.emit(*pair)

    # Dialogs and message boxes, all window-modal through open()

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    def _message_box(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._message_closed(box))
        self.active_message = box
        return box

    def _message_closed(self, box: QMessageBox) -> None:
        if self.active_message is box:
            self.active_message = None

    def _confirm(
        self,
        title: str,
        text: str,
        details: str,
        action: str,
        on_yes: Callable[[], None],
        *,
        destructive: bool = False,
    ) -> None:
        icon = QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question
        box = self._message_box(icon, title, text, details)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel if destructive else yes)
        box.setEscapeButton(cancel)
        yes.clicked.connect(on_yes)
        box.open()

    def _error(self, title: str, exc: BaseException) -> None:
        box = self._message_box(QMessageBox.Icon.Warning, title, title, error_message(exc))
        box.addButton(self.tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        box.open()
