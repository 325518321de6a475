"""The enterprise's transformation project (改造项目): contract, spending by category and the subsidy estimate (估算).

Shown on the home page's detail panel under the enterprise's fields. Everything goes through DesktopServices.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.projects import Project, SpendingCategory
from app.core.records import AssessmentKind
from app.services.desktop import DesktopServices
from app.ui.basics import muted
from app.ui.messages import error_text

if TYPE_CHECKING:
    from app.core.policy import Policy, SubsidyEstimate
    from app.services.ports import AssessmentSummary


class ProjectPanel(QFrame):
    """The newest project of the enterprise, with buttons to add a project and record spending."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setObjectName("project_panel")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed below its text
        self.services: DesktopServices | None = None
        self.enterprise_id: int | None = None
        self.assessments: tuple[AssessmentSummary, ...] = ()
        self.project: Project | None = None
        self.active_dialog: QDialog | None = None  # tests drive it
        title = QLabel(self.tr("改造项目"), self)
        title.setProperty("role", "h2")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spending = muted("", self)
        self.spending.setWordWrap(True)
        self.estimate = QLabel(self)
        self.estimate.setObjectName("subsidy_estimate")
        self.estimate.setWordWrap(True)
        self.estimate.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(self.tr("新建项目(&P)…"), self)
        self.add_button.setToolTip(self.tr("登记改造合同：合同编号、服务商（牵引单位）、金额、签订日期"))
        self.spend_button = QPushButton(self.tr("记录支出(&T)…"), self)
        self.spend_button.setToolTip(self.tr("记录改造项目的实际投入（硬件、软件、服务、其他）"))
        self.add_button.clicked.connect(self.add_project)
        self.spend_button.clicked.connect(self.add_spending)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.add_button)
        head.addWidget(self.spend_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.spending)
        layout.addWidget(self.estimate)

    def set_services(self, services: DesktopServices) -> None:
        self.services = services

    def show_enterprise(self, enterprise_id: int | None, assessments: Sequence[AssessmentSummary] = ()) -> None:
        self.enterprise_id = enterprise_id
        self.assessments = tuple(assessments)
        self.refresh()

    def refresh(self) -> None:
        projects = (
            self.services.projects(self.enterprise_id)
            if self.services is not None and self.enterprise_id is not None
            else []
        )
        self.project = projects[-1] if projects else None
        self.add_button.setEnabled(self.services is not None and self.enterprise_id is not None)
        self.spend_button.setEnabled(self.project is not None)
        p = self.project
        if p is None:
            self.summary.setText(self.tr("还没有改造项目。签订改造合同后点击“新建项目”登记。"))
            self.spending.setText("")
            self.estimate.setText("")
            return
        down = self._yuan(p.down_payment) if p.down_payment is not None else "—"
        summary = self.tr("合同 {no} · {provider} · 签订 {signed} · 合同金额 {amount} · 首付 {down}")
        self.summary.setText(summary.format(no=p.contract_no, provider=p.provider, signed=p.signed_on.isoformat(),
                                            amount=self._yuan(p.contract_amount), down=down))  # fmt: skip
        parts = self.tr("；").join(
            f"{self._category(c)} {self._yuan(v)}" for c, v in p.by_category().items() if v
        )  # by category, the ones spent on
        self.spending.setText(
            self.tr("实际投入 {total}（{count} 笔）{parts}").format(
                total=self._yuan(p.invested), count=len(p.spending), parts=self.tr("：") + parts if parts else ""
            )
        )
        self.estimate.setText(self._estimate_text(p))

    def _yuan(self, amount: int) -> str:
        """An amount in the UI's language: "1,200,000 元" / "1,200,000 yuan" (core's yuan() is the Chinese one)."""
        return self.tr("{amount} 元").format(amount=f"{amount:,}")

    def _category(self, category: SpendingCategory) -> str:
        return {
            SpendingCategory.HARDWARE: self.tr("硬件"),
            SpendingCategory.SOFTWARE: self.tr("软件"),
            SpendingCategory.SERVICE: self.tr("服务"),
            SpendingCategory.OTHER: self.tr("其他"),
        }[category]

    def _estimate_text(self, p: Project) -> str:
        assert self.services is not None
        subsidy = self.services.project_subsidy(p.id)
        if subsidy.level is None:
            return self.tr("补贴估算：尚无已定稿的改造前或改造后评测，无法估算。")
        lines = [self.tr("补贴估算（估算，以主管部门核定为准；等级取自评测 #{id}）：").format(id=subsidy.assessment_id)]
        lines += [self._estimate_line(policy, est) for policy, est in subsidy.estimates]
        self.estimate.setToolTip("\n".join(f"{policy.id}：《{policy.document}》{policy.clause.ref}"
                                           for policy, _ in subsidy.estimates))  # fmt: skip
        return "\n".join(lines)

    def _estimate_line(self, policy: Policy, est: SubsidyEstimate) -> str:
        source = self.tr("{city}（{policy}）{clause}").format(
            city=policy.city, policy=policy.id, clause=policy.clause.ref
        )
        if not est.eligible:
            amount = self.tr("不符合补助条件")
        elif est.estimate is None:
            amount = self.tr("符合条件；文件未给出金额，不估算")
        elif est.upper_bound:
            amount = self.tr("估算不超过 {amount}").format(amount=self._yuan(est.estimate))
        else:
            amount = self.tr("估算 {amount}").format(amount=self._yuan(est.estimate))
        return self.tr("· {source}：{amount}").format(source=source, amount=amount)

    def add_project(self) -> None:
        if self.services is None or self.enterprise_id is None:
            return
        dialog = ProjectDialog(self.services, self.enterprise_id, self.assessments, self)
        self.active_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()
        self.active_dialog = None

    def add_spending(self) -> None:
        if self.services is None or self.project is None:
            return
        dialog = SpendingDialog(self.services, self.project.id, self)
        self.active_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()
        self.active_dialog = None


def scrolled(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``content`` in a frameless scroll area (made in ``parent``, else in the content's parent): on a short
    screen it scrolls instead of squeezing its lines."""
    area = QScrollArea(parent if parent is not None else content.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _iso(edit: QDateEdit) -> str:
    d = edit.date()
    return date(d.year(), d.month(), d.day()).isoformat()


class _FieldDialog(QDialog):
    """A form whose service call names the refused field; the error is shown beneath it and the dialog stays."""

    def _setup(self, ok_text: str) -> None:
        from app.ui.dialogs import error_label, ok_cancel

        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.general_error = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        buttons, self.ok_button = ok_cancel(self, ok_text)
        layout.addWidget(buttons)

    def _row(self, key: str, caption: str, field: QWidget) -> None:
        from app.ui.dialogs import error_label, with_error

        self.errors[key] = error_label(self)
        self.form.addRow(caption, with_error(field, self.errors[key]))

    def _show_error(self, exc: Exception) -> None:
        from app.services.ports import ValidationError

        for label in (*self.errors.values(), self.general_error):
            label.hide()
        field = exc.field if isinstance(exc, ValidationError) else ""
        message = error_text(exc) if isinstance(exc, ValidationError) else error_text(exc).split(": ", 1)[-1]
        target = self.errors.get(field, self.general_error)
        target.setText(message)
        target.show()


class ProjectDialog(_FieldDialog):
    def __init__(
        self,
        services: DesktopServices,
        enterprise_id: int,
        assessments: Sequence[AssessmentSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.enterprise_id = services, enterprise_id
        self.created: Project | None = None
        self.setWindowTitle(self.tr("新建改造项目"))
        self._setup(self.tr("创建"))
        self.contract_no = QLineEdit(self)
        self.provider = QLineEdit(self)
        self.provider.setPlaceholderText(self.tr("数字化牵引单位名称"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("整数，单位：元"))
        self.down_payment = QLineEdit(self)
        self.down_payment.setPlaceholderText(self.tr("可不填"))
        self.signed = _date_edit(self)
        self.baseline = self._assessment_combo(assessments, AssessmentKind.BASELINE)
        self.after = self._assessment_combo(assessments, AssessmentKind.AFTER)
        self._row("contract_no", self.tr("合同编号"), self.contract_no)
        self._row("provider", self.tr("服务商（牵引单位）"), self.provider)
        self._row("contract_amount", self.tr("合同金额（元）"), self.amount)
        self._row("down_payment", self.tr("首付金额（元）"), self.down_payment)
        self._row("signed", self.tr("签订日期"), self.signed)
        self._row("baseline", self.tr("改造前评测"), self.baseline)
        self._row("after", self.tr("改造后评测"), self.after)

    def _assessment_combo(self, assessments: Sequence[AssessmentSummary], kind: AssessmentKind) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("（不关联）"), None)
        for item in assessments:
            a = item.assessment
            if a.kind is kind:
                when = a.assessed_on.isoformat() if a.assessed_on else ""
                combo.addItem(f"#{a.id} {when}".strip(), a.id)
        if combo.count() > 1:
            combo.setCurrentIndex(combo.count() - 1)  # the newest
        return combo

    def accept(self) -> None:
        from app.services.ports import DuplicateError, NotFoundError, ValidationError

        fields = {
            "contract_no": self.contract_no.text(), "provider": self.provider.text(),
            "contract_amount": self.amount.text(), "down_payment": self.down_payment.text().strip() or None,
            "signed": _iso(self.signed), "baseline": self.baseline.currentData(), "after": self.after.currentData(),
        }  # fmt: skip
        try:
            self.created = self.services.add_project(self.enterprise_id, fields)
        except (ValidationError, DuplicateError, NotFoundError) as exc:
            self._show_error(exc)
            return
        super().accept()


class SpendingDialog(_FieldDialog):
    def __init__(self, services: DesktopServices, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.project_id = services, project_id
        self.setWindowTitle(self.tr("记录实际支出"))
        self._setup(self.tr("记录"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("整数，单位：元"))
        self.category = QComboBox(self)
        for category, caption in (
            (SpendingCategory.HARDWARE, self.tr("硬件")),
            (SpendingCategory.SOFTWARE, self.tr("软件")),
            (SpendingCategory.SERVICE, self.tr("服务")),
            (SpendingCategory.OTHER, self.tr("其他")),
        ):
            self.category.addItem(caption, category.value)
        self.spent_on = _date_edit(self)
        self.note = QLineEdit(self)
        self._row("amount", self.tr("金额（元）"), self.amount)
        self._row("category", self.tr("类别"), self.category)
        self._row("date", self.tr("日期"), self.spent_on)
        self._row("note", self.tr("说明"), self.note)

    def accept(self) -> None:
        from app.services.ports import NotFoundError, ValidationError

        fields = {"amount": self.amount.text(), "category": self.category.currentData(),
                  "spent_on": _iso(self.spent_on), "note": self.note.text()}  # fmt: skip
        try:
            self.services.add_spending(self.project_id, fields)
        except (ValidationError, NotFoundError) as exc:
            self._show_error(exc)
            return
        super().accept()
