"""The home page's detail panel: the selected enterprise's information, its assessments and their action buttons.

The panel shows a listing and says which assessment is current; what the buttons do belongs to the home page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.records import AssessmentKind, AssessmentStatus
from app.ui.basics import muted, table_defaults
from app.ui.models import (
    DASH,
    AssessmentTableModel,
    FormLevels,
    industry_text,
    scale_name,
    size_name,
    specialized_name,
)
from app.ui.project_panel import ProjectPanel, scrolled

if TYPE_CHECKING:  # annotations only: the first paint does not wait for the services' ports
    from app.services.ports import AssessmentSummary, EnterpriseListing


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit; the whole text is its tooltip (a long 牵引单位)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        super().setText(shown)


class EnterpriseDetailPanel(QStackedWidget):
    """The selected enterprise (or a hint to select one): its fields, its assessments, what can be done with them."""

    current_changed = Signal()  # another assessment became current
    open_requested = Signal()  # Enter or a double-click on an assessment
    delete_requested = Signal()  # the Delete key on an assessment

    def __init__(self, levels: FormLevels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment_model = AssessmentTableModel(levels, self)
        self.nothing_page = QWidget(self)
        nothing = muted(self.tr("在上方列表中选择一家企业，查看其信息和评测。"), self.nothing_page)
        nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self.nothing_page).addWidget(nothing)

        self.detail_page = QWidget(self)
        # Widgets are made in the container they are laid out in: one moved to another parent is styled again.
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal, self.detail_page)
        info = QWidget(self.detail_page)
        self.name_label = QLabel(info)
        self.name_label.setProperty("role", "h1")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(self.tr("编辑企业(&E)…"), info)
        self.edit_button.setToolTip(self.tr("修改企业名称、信用代码、行业、规模等信息"))
        self.unverified: frozenset[int] = frozenset()
        self.origin_label = QLabel(info)  # 来源未核验: imported from a package signed by an unknown key
        self.origin_label.setObjectName("origin_label")
        self.origin_label.setProperty("role", "warning")
        self.origin_label.setWordWrap(True)
        self.origin_label.hide()
        self.archive_button = QPushButton(self.tr("归档"), info)  # or 取消归档 (show_listing)
        self.delete_enterprise_button = QPushButton(self.tr("删除企业…"), info)
        self.delete_enterprise_button.setToolTip(
            self.tr("删除误录的企业及其草稿、证据和改造项目；有已定稿评测的企业只能归档")
        )
        self.dossier_button = QPushButton(self.tr("导出一企一档(&K)…"), info)  # app.ui.dossier_export
        self.dossier_button.setToolTip(self.tr("报告、评测包、证据和改造项目记录，连同目录，打包为一个 ZIP 文件"))
        # The name on a line of its own, the actions below it: beside four buttons a long name was squeezed into
        # three lines at 1366×768 (issue 13 review).
        head = QVBoxLayout()
        head.addWidget(self.name_label)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.archive_button, self.delete_enterprise_button, self.dossier_button):
            actions.addWidget(button)
        actions.addStretch(1)
        head.addLayout(actions)

        info_layout = QVBoxLayout(info)
        info_layout.setContentsMargins(0, 0, 4, 0)
        info_layout.addLayout(head)
        info_layout.addWidget(self.origin_label)
        info_layout.addWidget(self._fields_card(info))
        self.project_panel = ProjectPanel(info)  # 改造项目 (app.ui.project_panel)
        info_layout.addWidget(self.project_panel)
        info_layout.addStretch(1)
        self.detail_splitter.addWidget(
            scrolled(info, self.detail_splitter)
        )  # the project panel below the fields needs room
        self.detail_splitter.addWidget(self._assessments())
        self.detail_splitter.setStretchFactor(0, 1)
        self.detail_splitter.setStretchFactor(1, 1)
        self.detail_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self.detail_page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_splitter)
        self.addWidget(self.nothing_page)
        self.addWidget(self.detail_page)
        self.assessment_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.current_changed.emit())
        self.assessment_table.doubleClicked.connect(lambda _index: self.open_requested.emit())
        self.assessment_table.installEventFilter(self)

    def _fields_card(self, parent: QWidget) -> QFrame:
        card = QFrame(parent)
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
            value = ElidedLabel(card) if key == "traction" else QLabel(card)
            value.setWordWrap(key not in ("uscc", "traction"))  # a code must never be cut or broken
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.detail_values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return card

    def _assessments(self) -> QWidget:
        assessments = QWidget(self.detail_splitter)
        assessments_title = QLabel(self.tr("评测"), assessments)
        assessments_title.setProperty("role", "h2")
        self.assessment_table = QTableView(assessments)
        self.assessment_table.setModel(self.assessment_model)
        self.assessment_table.setAccessibleName(self.tr("评测列表"))
        table_defaults(self.assessment_table)
        aheader = self.assessment_table.horizontalHeader()
        aheader.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        aheader.setStretchLastSection(True)
        self.no_assessment_label = muted(self.tr("这家企业还没有评测。点击“新建评测”开始第一次评测。"), assessments)

        self.new_assessment_button = QPushButton(self.tr("新建评测(&A)…"), assessments)
        self.new_assessment_button.setToolTip(self.tr("为这家企业新建一次评测（改造前、改造后或自评）"))
        self.open_button = QPushButton(self.tr("继续评测(&O)"), assessments)
        self.finalize_button = QPushButton(self.tr("定稿(&S)…"), assessments)
        self.finalize_button.setToolTip(self.tr("定稿后评测不可再修改，只能通过“更正”产生新的修订版"))
        self.correct_button = QPushButton(self.tr("更正(&R)…"), assessments)
        self.correct_button.setToolTip(self.tr("为已定稿的评测新建一个草稿修订版，并记录更正原因"))
        self.delete_button = QPushButton(self.tr("删除草稿(&D)…"), assessments)
        self.delete_button.setToolTip(self.tr("删除选中的草稿评测（Delete 键）"))
        self.after_button = QPushButton(self.tr("以此为基线开始改造后评测(&B)"), assessments)
        self.after_button.setToolTip(self.tr("复制这次改造前评测的全部答案，新建一次改造后评测"))
        self.compare_button = QPushButton(self.tr("对比改造前后(&C)"), assessments)
        self.compare_button.setToolTip(self.tr("对比改造前与改造后评测（各取最新的已定稿评测；尚无定稿时取最新草稿）"))
        row1 = QHBoxLayout()
        for button in (self.new_assessment_button, self.open_button, self.finalize_button, self.correct_button):
            row1.addWidget(button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for button in (self.after_button, self.compare_button, self.delete_button):
            row2.addWidget(button)
        row2.addStretch(1)

        assessments_layout = QVBoxLayout(assessments)
        assessments_layout.setContentsMargins(4, 0, 0, 0)
        assessments_layout.addWidget(assessments_title)
        assessments_layout.addWidget(self.assessment_table, 1)
        assessments_layout.addWidget(self.no_assessment_label, 1, Qt.AlignmentFlag.AlignTop)
        assessments_layout.addLayout(row1)
        assessments_layout.addLayout(row2)
        return assessments

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.assessment_table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def show_listing(self, listing: EnterpriseListing | None, keep_assessment: int | None = None) -> None:
        """Show an enterprise and its assessments, making ``keep_assessment`` (else the latest) current."""
        if listing is None:
            self.setCurrentWidget(self.nothing_page)
            self.assessment_model.set_assessments([])
            return
        e = listing.enterprise
        self.setCurrentWidget(self.detail_page)
        self.name_label.setText(e.name if not e.archived else self.tr("{name}（已归档）").format(name=e.name))
        self.archive_button.setText(self.tr("取消归档") if e.archived else self.tr("归档"))
        self.archive_button.setToolTip(
            self.tr("让它重新出现在企业列表中") if e.archived else self.tr("从企业列表中隐藏（不删除任何记录）")
        )
        contact = "  ".join(p for p in (e.contact_name, e.contact_phone) if p)
        values = {
            "uscc": e.uscc,
            "industry": industry_text(e, self.assessment_model.levels.language),
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
        self.project_panel.show_enterprise(e.id, listing.assessments)
        unverified = [s.assessment.id for s in listing.assessments if s.assessment.id in self.unverified]
        self.origin_label.setText(
            self.tr("来源未核验：评测 {ids} 导入自签名密钥未受信任的评测包").format(
                ids="、".join(f"#{i}" for i in unverified)
            )
        )
        self.origin_label.setVisible(bool(unverified))
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

    def current_summary(self) -> AssessmentSummary | None:
        index = self.assessment_table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.assessment_model.rowCount():
            return None
        return self.assessment_model.summary_at(index.row())

    def update_buttons(self, has_enterprise: bool, idle: bool, can_compare: bool) -> None:
        """Enable what the current assessment allows (idle: no background job is starting an assessment)."""
        item = self.current_summary() if has_enterprise else None
        current = None if item is None else item.assessment
        draft = current is not None and current.status is AssessmentStatus.DRAFT
        finalized = current is not None and current.status is AssessmentStatus.FINALIZED
        self.edit_button.setEnabled(has_enterprise)
        self.archive_button.setEnabled(has_enterprise)
        self.delete_enterprise_button.setEnabled(has_enterprise)
        self.dossier_button.setEnabled(has_enterprise)
        self.new_assessment_button.setEnabled(has_enterprise)
        self.open_button.setEnabled(current is not None)
        self.open_button.setText(self.tr("查看(&O)") if finalized else self.tr("继续评测(&O)"))
        self.finalize_button.setEnabled(draft)
        self.correct_button.setEnabled(finalized)
        self.delete_button.setEnabled(draft)
        self.after_button.setEnabled(idle and current is not None and current.kind is AssessmentKind.BASELINE)
        self.compare_button.setEnabled(can_compare)
