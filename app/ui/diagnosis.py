"""诊断: the consultant's findings on an assessment, beside its result page.

Two tables, pain points (痛点) and the needs list (需求清单), each with add / edit / remove (a removal asks first),
and "从改进计划生成需求": the plan to level two becomes needs in one click, one per step. Every change is saved
through the workspace service (validated by app.core.findings) off the GUI thread; a finalized assessment shows
its findings read-only. The 诊断报告 is exported from here as PDF or Word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import (
    CATEGORIES,
    MAX_PRIORITY,
    Findings,
    FindingsError,
    Need,
    PainPoint,
    business_area,
    business_area_en,
    needs_from_plan,
    parse_need,
)
from app.core.form import Form
from app.core.scoring import ScoreResult
from app.core.text_rules import TextRuleError, clean_text
from app.ui.basics import label
from app.ui.context import GuiContext
from app.ui.dialogs import error_label
from app.ui.messages import error_text
from app.ui.runner import Runner

PLAN_DUE_DAYS = 180  # needs made from the plan are due in about six months, to be adjusted by the consultant


def _item_text(form: Form, item: str, en: bool) -> str:
    scene = form.scene(item)
    if scene is not None:
        return f"{item} {scene.name_en if en and scene.name_en else scene.name}"
    question = form.question(item)
    if question is not None:
        return f"{item} {question.text_en if en and question.text_en else question.indicator}"
    return item


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.setMinimumHeight(130)
    return table


class _Dialog(QDialog):
    def _buttons(self) -> QDialogButtonBox:
        """OK validates first (the dialog stays open on an error); Cancel closes."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok, cancel = (
            QCoreApplication.translate("DiagnosisPage", "确定"),
            QCoreApplication.translate("DiagnosisPage", "取消"),
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def _accept(self) -> None:
        self.accept()


class PainPointDialog(_Dialog):
    def __init__(self, form: Form, en: bool, pain: PainPoint | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("痛点"))
        self.form = form
        layout = QFormLayout(self)
        self.item = QComboBox()
        self.item.setObjectName("pain_item")
        for item in form.item_ids:
            self.item.addItem(_item_text(form, item, en), item)
        self.text = QPlainTextEdit()
        self.text.setObjectName("pain_text")
        self.text.setPlaceholderText(self.tr("例如：生产进度靠纸质派工单"))
        if pain is not None:
            self.item.setCurrentIndex(max(0, self.item.findData(pain.item)))
            self.text.setPlainText(pain.text)
        self.error = error_label(self)
        layout.addRow(self.tr("评测项(&I)"), self.item)
        layout.addRow(self.tr("痛点(&T)"), self.text)
        layout.addRow(self.error)
        buttons = self._buttons()
        layout.addRow(buttons)
        self.value: PainPoint | None = None

    def _accept(self) -> None:
        try:
            text = clean_text("text", self.text.toPlainText(), rule_field="findings.pain_point")
        except TextRuleError as exc:
            self.error.setText(error_text(exc))
            self.error.setVisible(True)
            return
        if not text:
            self.error.setText(self.tr("请填写痛点"))
            self.error.setVisible(True)
            return
        self.value = PainPoint(str(self.item.currentData()), text)
        self.accept()


class NeedDialog(_Dialog):
    def __init__(self, form: Form, en: bool, need: Need | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("需求"))
        self.form = form
        self.resize(560, 520)
        layout = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setObjectName("need_title")
        self.items = QListWidget()
        self.items.setObjectName("need_items")
        self.items.setMinimumHeight(120)
        for item in form.item_ids:
            entry = QListWidgetItem(_item_text(form, item, en))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if need is not None and item in need.items else Qt.CheckState.Unchecked
            )
            self.items.addItem(entry)
        self.category = QComboBox()
        self.category.setObjectName("need_category")
        for name, name_en in CATEGORIES.items():
            self.category.addItem(name_en if en else name, name)
        self.priority = QSpinBox()
        self.priority.setRange(1, MAX_PRIORITY)
        self.estimate = QLineEdit("0")
        self.estimate.setObjectName("need_estimate")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.measure = QPlainTextEdit()
        self.measure.setObjectName("need_measure")
        start = need.due if need is not None else date.today() + timedelta(days=PLAN_DUE_DAYS)
        self.due.setDate(QDate(start.year, start.month, start.day))
        if need is not None:
            self.title.setText(need.title)
            self.category.setCurrentIndex(max(0, self.category.findData(need.category)))
            self.priority.setValue(need.priority)
            self.estimate.setText(str(need.estimate_yuan))
            self.measure.setPlainText(need.measure)
        self.error = error_label(self)
        layout.addRow(self.tr("需求名称(&N)"), self.title)
        layout.addRow(self.tr("涉及评测项(&I)"), self.items)
        layout.addRow(self.tr("类别(&C)"), self.category)
        layout.addRow(self.tr("优先级(&P)"), self.priority)
        layout.addRow(self.tr("预计投入（元）(&E)"), self.estimate)
        layout.addRow(self.tr("计划完成(&D)"), self.due)
        layout.addRow(self.tr("措施或产品(&M)"), self.measure)
        layout.addRow(self.error)
        buttons = self._buttons()
        layout.addRow(buttons)
        self.value: Need | None = None

    def checked_items(self) -> list[str]:
        out = []
        for row in range(self.items.count()):
            entry = self.items.item(row)
            if entry.checkState() == Qt.CheckState.Checked:
                out.append(str(entry.data(Qt.ItemDataRole.UserRole)))
        return out

    def _accept(self) -> None:
        raw_amount = self.estimate.text().strip().replace(",", "").replace("，", "")
        amount: object = int(raw_amount) if raw_amount.isdigit() else raw_amount
        if isinstance(amount, str) and amount.startswith("-") and amount[1:].isdigit():
            amount = int(amount)
        document = {
            "title": self.title.text(),
            "items": self.checked_items(),
            "category": self.category.currentData(),
            "priority": self.priority.value(),
            "estimate_yuan": amount,
            "measure": self.measure.toPlainText(),
            "due": self.due.date().toString("yyyy-MM-dd"),
        }
        try:
            self.value = parse_need("need", document, self.form.item_ids)
        except FindingsError as exc:
            field = exc.field.removeprefix("need.").split("[")[0]
            names = {
                "title": self.tr("需求名称"), "items": self.tr("涉及评测项"), "estimate_yuan": self.tr("预计投入"),
                "measure": self.tr("措施或产品"), "due": self.tr("计划完成"),
            }  # fmt: skip
            self.error.setText(f"{names.get(field, field)}：{error_text(exc)}")
            self.error.setVisible(True)
            return
        self.accept()


class DiagnosisPage(QScrollArea):
    """诊断: pain points and the needs list of one assessment, saved through the service as edited."""

    saved = Signal(object)  # the Findings stored

    def __init__(
        self,
        ctx: GuiContext,
        runner: Runner,
        form: Form,
        assessment_id: int,
        read_only: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.form = form
        self.assessment_id = assessment_id
        self.read_only = read_only
        self.findings = Findings()
        self.result: ScoreResult | None = None
        self.en = ctx.language == "en"
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(label(self.tr("诊断"), "h1"))
        layout.addWidget(
            label(self.tr("记录企业的主要痛点和需求清单；需求清单可由改进计划一键生成，再逐项修改。"), "muted")
        )
        layout.addWidget(label(self.tr("痛点"), "h2"))
        self.pain_table = _table([self.tr("评测项"), self.tr("业务领域"), self.tr("痛点")], "pain_table")
        header = self.pain_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pain_table.cellDoubleClicked.connect(lambda *_: self.edit_pain())
        layout.addWidget(self.pain_table)
        row = QHBoxLayout()
        self.add_pain_button = QPushButton(self.tr("添加痛点(&T)"))
        self.add_pain_button.clicked.connect(lambda: self.edit_pain(new=True))
        self.edit_pain_button = QPushButton(self.tr("编辑"))
        self.edit_pain_button.clicked.connect(lambda: self.edit_pain(new=False))
        self.remove_pain_button = QPushButton(self.tr("删除"))
        self.remove_pain_button.clicked.connect(self.remove_pain)
        for button in (self.add_pain_button, self.edit_pain_button, self.remove_pain_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(label(self.tr("需求清单"), "h2"))
        columns = [self.tr("需求"), self.tr("涉及评测项"), self.tr("类别"), self.tr("优先级"),
                   self.tr("预计投入（元）"), self.tr("计划完成"), self.tr("措施或产品")]  # fmt: skip
        self.needs_table = _table(columns, "needs_table")
        header = self.needs_table.horizontalHeader()
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.needs_table.setColumnWidth(0, 220)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.needs_table.cellDoubleClicked.connect(lambda *_: self.edit_need())
        self.needs_table.setMinimumHeight(240)
        self.needs_table.setWordWrap(False)  # one line per need; the full texts are in each cell's tooltip
        layout.addWidget(self.needs_table)
        self.total = label("", "muted")
        self.total.setObjectName("needs_total")
        layout.addWidget(self.total)
        row = QHBoxLayout()
        self.from_plan_button = QPushButton(self.tr("从改进计划生成需求(&U)"))
        self.from_plan_button.setObjectName("needs_from_plan")
        self.from_plan_button.clicked.connect(self.needs_from_plan)
        self.add_need_button = QPushButton(self.tr("添加需求(&W)"))
        self.add_need_button.clicked.connect(lambda: self.edit_need(new=True))
        self.edit_need_button = QPushButton(self.tr("编辑"))
        self.edit_need_button.clicked.connect(lambda: self.edit_need(new=False))
        self.remove_need_button = QPushButton(self.tr("删除"))
        self.remove_need_button.clicked.connect(self.remove_need)
        for button in (self.from_plan_button, self.add_need_button, self.edit_need_button, self.remove_need_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(label(self.tr("诊断报告"), "h2"))
        row = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("导出诊断报告 PDF…"))
        self.pdf_button.clicked.connect(lambda: self._choose_export(".pdf"))
        self.docx_button = QPushButton(self.tr("导出诊断报告 Word…"))
        self.docx_button.clicked.connect(lambda: self._choose_export(".docx"))
        row.addWidget(self.pdf_button)
        row.addWidget(self.docx_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel("")
        self.status.setObjectName("diagnosis_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setWidget(inner)
        for button in (self.add_pain_button, self.edit_pain_button, self.remove_pain_button, self.from_plan_button,
                       self.add_need_button, self.edit_need_button, self.remove_need_button):  # fmt: skip
            button.setEnabled(not read_only)
        if read_only:
            self.status.setText(self.tr("此评测已定稿，诊断内容不可修改。"))

    # Loading and showing

    def load(self, on_ready: Callable[[], None] | None = None) -> None:
        ws = self.ctx.workspace

        def done(findings: object) -> None:
            assert isinstance(findings, Findings)
            self.show_findings(findings)
            if on_ready is not None:
                on_ready()

        self.runner.run_serial(lambda: ws.findings(self.assessment_id), done, self._failed)

    def set_result(self, result: ScoreResult) -> None:
        self.result = result

    def show_findings(self, findings: Findings) -> None:
        self.findings = findings
        self.pain_table.setRowCount(len(findings.pain_points))
        for r, pain in enumerate(findings.pain_points):
            area = business_area(self.form, pain.item)
            values = (_item_text(self.form, pain.item, self.en), business_area_en(self.form, area) if self.en else area,
                      pain.text)  # fmt: skip
            for c, value in enumerate(values):
                self.pain_table.setItem(r, c, QTableWidgetItem(value))
        self.needs_table.setRowCount(len(findings.needs))
        for r, need in enumerate(findings.needs):
            cells = (need.title, "、".join(need.items), CATEGORIES[need.category] if self.en else need.category,
                      str(need.priority), f"{need.estimate_yuan:,}", need.due.isoformat(), need.measure)  # fmt: skip
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if c == 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.needs_table.setItem(r, c, cell)
        self.pain_table.resizeRowsToContents()
        self.total.setText(
            self.tr("共 {n} 项需求，预计投入合计 {total} 元").format(
                n=len(findings.needs), total=f"{findings.total_yuan:,}"
            )
        )

    # Editing: each change saves the whole document through the service

    def save(self, findings: Findings, message: str = "") -> None:
        if self.read_only:
            return
        ws = self.ctx.workspace
        self.status.setText(self.tr("正在保存…"))

        def done(stored: object) -> None:
            assert isinstance(stored, Findings)
            self.show_findings(stored)
            self.status.setText(message or self.tr("已保存"))
            self.saved.emit(stored)

        self.runner.run_serial(lambda: ws.set_findings(self.assessment_id, findings), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("未保存：{msg}").format(msg=error_text(exc)))
        self.load()

    def edit_pain(self, new: bool = False) -> None:
        row = self.pain_table.currentRow()
        if self.read_only or (not new and not 0 <= row < len(self.findings.pain_points)):
            return
        current = None if new else self.findings.pain_points[row]
        dialog = PainPointDialog(self.form, self.en, current, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
            return
        pains = list(self.findings.pain_points)
        if new:
            pains.append(dialog.value)
        else:
            pains[row] = dialog.value
        self.save(replace(self.findings, pain_points=tuple(pains)))

    def remove_pain(self) -> None:
        row = self.pain_table.currentRow()
        if self.read_only or not 0 <= row < len(self.findings.pain_points):
            return
        if not self._confirm(self.tr("删除这一痛点？"), self.findings.pain_points[row].text):
            return
        pains = list(self.findings.pain_points)
        del pains[row]
        self.save(replace(self.findings, pain_points=tuple(pains)))

    def edit_need(self, new: bool = False) -> None:
        row = self.needs_table.currentRow()
        if self.read_only or (not new and not 0 <= row < len(self.findings.needs)):
            return
        current = None if new else self.findings.needs[row]
        dialog = NeedDialog(self.form, self.en, current, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
            return
        needs = list(self.findings.needs)
        if new:
            needs.append(dialog.value)
        else:
            needs[row] = dialog.value
        self.save(replace(self.findings, needs=tuple(needs)))

    def remove_need(self) -> None:
        row = self.needs_table.currentRow()
        if self.read_only or not 0 <= row < len(self.findings.needs):
            return
        if not self._confirm(self.tr("删除这一需求？"), self.findings.needs[row].title):
            return
        needs = list(self.findings.needs)
        del needs[row]
        self.save(replace(self.findings, needs=tuple(needs)))

    def needs_from_plan(self) -> None:
        """One need per plan step whose item no need covers yet (so a second click adds nothing twice)."""
        if self.read_only or self.result is None:
            return
        due = date.today() + timedelta(days=PLAN_DUE_DAYS)
        covered = {item for need in self.findings.needs for item in need.items}
        fresh = [n for n in needs_from_plan(self.form, self.result.gap_to_level_2, due) if n.items[0] not in covered]
        if not fresh:
            self.status.setText(self.tr("改进计划的每一步都已有需求覆盖。"))
            return
        start = len(self.findings.needs)
        fresh = [replace(n, priority=min(start + i + 1, MAX_PRIORITY)) for i, n in enumerate(fresh)]
        message = self.tr("已从改进计划生成 {n} 项需求，请补充预计投入和措施。").format(n=len(fresh))
        self.save(replace(self.findings, needs=(*self.findings.needs, *fresh)), message)

    def _confirm(self, question: str, detail: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认删除"), question, parent=self)
        box.setInformativeText(detail[:200])
        remove = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is remove

    # The report

    def _choose_export(self, suffix: str) -> None:
        kind = self.tr("Word 文档 (*.docx)") if suffix == ".docx" else self.tr("PDF 文件 (*.pdf)")
        name = self.tr("诊断报告") + suffix
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出诊断报告"), str(Path.home() / name), kind)
        if path:
            self.export_to(Path(path) if Path(path).suffix else Path(path + suffix))

    def export_to(self, out: Path, on_done: Callable[[], None] | None = None) -> None:
        services = self.ctx.services
        self.status.setText(self.tr("正在导出…"))

        def done(_: object) -> None:
            self.status.setText(self.tr("诊断报告已导出：{name}").format(name=out.name))
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            self.status.setText(self.tr("导出失败：{msg}").format(msg=error_text(exc)))

        self.runner.run(lambda: services.export_diagnosis(self.assessment_id, out), done, failed)
