"""Dialogs of the workspace home page: enterprise (new and edit), new assessment, correction reason.

The enterprise dialog calls the workspace service itself on OK, so a refused input (a bad field, a duplicate
USCC) is shown at its field and the dialog stays open with everything the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.enterprise import industrial_size, is_above_scale
from app.core.form import Form
from app.core.industries import INDUSTRY_SECTIONS, MANUFACTURING_DIVISIONS, industry_label
from app.core.records import AssessmentKind, Assessor, Enterprise, EnterpriseSize, SpecializedStatus
from app.core.uscc import CHARSET as USCC_CHARSET
from app.core.uscc import LENGTH as USCC_LENGTH
from app.core.uscc import UsccError, normalize_uscc
from app.services.forms import DEFAULT_FORM_ID
from app.services.ports import DuplicateError, NotFoundError
from app.services.workspace import EnterpriseInput, ValidationError, WorkspaceService, valid_phone, validate_assessor
from app.ui.messages import error_text
from app.ui.models import kind_name, scale_name, size_name, specialized_name


def set_role(label: QLabel, role: str) -> None:
    """Change a label's style role (theme.py) and re-apply the style sheet to it."""
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def ui_language() -> str:
    """The interface language (app.ui.i18n sets the default locale on every switch)."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


def with_error(field: QWidget, error: QLabel) -> QWidget:
    """A field with its error line beneath it, as one form-layout cell."""
    box = QWidget(field.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def ok_cancel(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("Dialogs", "取消"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class EnterpriseDialog(QDialog):
    """New or edit an enterprise. On OK it saves through the service; refusals are shown at the field."""

    # Every field a refusal can name (the services' field names); each has its error line under it.
    FIELDS = ("name", "uscc", "industry", "region", "main_products", "size", "specialized", "contact_name",
              "contact_phone", "pilot_subsector", "traction_unit")  # fmt: skip

    def __init__(
        self,
        workspace: WorkspaceService,
        enterprise: Enterprise | None = None,
        traction_units: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.enterprise = enterprise
        self._saved: Enterprise | None = None
        self.setWindowTitle(self.tr("编辑企业") if enterprise else self.tr("新建企业"))
        self.setModal(True)

        # Inputs are created in tab order: basic facts, size and standing, contact and project.
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("企业名称"))
        self.name_edit.setPlaceholderText(self.tr("与营业执照一致"))
        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setAccessibleName(self.tr("统一社会信用代码"))
        self.uscc_edit.setPlaceholderText(self.tr("18位，例如 91350100M000100Y43"))
        self.uscc_edit.setMaxLength(40)  # pasted codes may carry spaces; the check reports the real length
        self.section_combo = QComboBox(self)
        self.section_combo.setAccessibleName(self.tr("行业门类"))
        self.section_combo.addItem(self.tr("（未填写）"), "")
        lang = ui_language()
        for code in INDUSTRY_SECTIONS:
            self.section_combo.addItem(industry_label(code, "", lang), code)
        self.division_stack = QStackedWidget(self)
        self.division_combo = QComboBox(self.division_stack)
        self.division_combo.setAccessibleName(self.tr("制造业大类"))
        self.division_combo.addItem(self.tr("（不细分大类）"), "")
        for code in MANUFACTURING_DIVISIONS:
            self.division_combo.addItem(industry_label("C", code, lang), code)
        self.division_edit = QLineEdit(self.division_stack)
        self.division_edit.setAccessibleName(self.tr("行业大类代码"))
        self.division_edit.setPlaceholderText(self.tr("两位数字，可不填"))
        self.division_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,2}"), self))
        self.division_stack.addWidget(self.division_combo)
        self.division_stack.addWidget(self.division_edit)
        self.region_edit = QLineEdit(self)
        self.region_edit.setAccessibleName(self.tr("地区"))
        self.region_edit.setPlaceholderText(self.tr("例如 福建省福州市"))
        self.products_edit = QLineEdit(self)
        self.products_edit.setAccessibleName(self.tr("主要产品"))

        self.size_combo = QComboBox(self)
        self.size_combo.setAccessibleName(self.tr("企业规模"))
        self.size_combo.addItem(self.tr("（未填写）"), "")
        for size in EnterpriseSize:
            self.size_combo.addItem(size_name(size), size.value)
        self.suggest_toggle = QToolButton(self)
        self.suggest_toggle.setText(self.tr("按人数和营业收入建议…"))
        self.suggest_toggle.setCheckable(True)
        self.suggest_toggle.setAccessibleName(self.tr("显示规模建议工具"))
        self.suggest_frame = QFrame(self)
        self.suggest_frame.setProperty("role", "card")
        self.employees_spin = QSpinBox(self.suggest_frame)
        self.employees_spin.setRange(0, 10_000_000)
        self.employees_spin.setGroupSeparatorShown(True)
        self.employees_spin.setSuffix(self.tr(" 人"))
        self.employees_spin.setAccessibleName(self.tr("从业人员数"))
        self.revenue_spin = QDoubleSpinBox(self.suggest_frame)
        self.revenue_spin.setRange(0, 1e9)
        self.revenue_spin.setDecimals(1)
        self.revenue_spin.setGroupSeparatorShown(True)
        self.revenue_spin.setSuffix(self.tr(" 万元"))
        self.revenue_spin.setAccessibleName(self.tr("上年营业收入（万元）"))
        self.suggest_button = QPushButton(self.tr("建议(&G)"), self.suggest_frame)
        self.suggestion_label = QLabel(self.suggest_frame)
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setProperty("role", "muted")
        self.suggestion_label.setText(self.tr("按工业企业划型标准（工信部联企业〔2011〕300号）建议，请确认后保存。"))
        self.scale_combo = QComboBox(self)
        self.scale_combo.setAccessibleName(self.tr("规上或规下"))
        self.scale_combo.addItem(self.tr("（未填写）"), None)
        self.scale_combo.addItem(scale_name(True) + self.tr("（规模以上）"), True)
        self.scale_combo.addItem(scale_name(False) + self.tr("（规模以下）"), False)
        self.specialized_combo = QComboBox(self)
        self.specialized_combo.setAccessibleName(self.tr("专精特新"))
        for status in SpecializedStatus:
            self.specialized_combo.addItem(specialized_name(status), status.value)

        self.contact_edit = QLineEdit(self)
        self.contact_edit.setAccessibleName(self.tr("联系人"))
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setAccessibleName(self.tr("联系电话"))
        self.pilot_edit = QLineEdit(self)
        self.pilot_edit.setAccessibleName(self.tr("试点细分行业"))
        self.traction_edit = QLineEdit(self)
        self.traction_edit.setAccessibleName(self.tr("数字化牵引单位"))
        if traction_units:
            completer = QCompleter(list(traction_units), self.traction_edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.traction_edit.setCompleter(completer)

        self.errors = {f: error_label(self) for f in self.FIELDS}
        self.uscc_hint = self.errors["uscc"]
        self.form_error = error_label(self)
        self.buttons, self.ok_button = ok_cancel(self, self.tr("保存(&S)"))
        self._lay_out()
        self._connect()
        if enterprise is not None:
            self._fill(enterprise)
        self._on_section_changed()
        self._update_ok()
        self._initial = self.result_input()
        self.phone_edit.editingFinished.connect(self._check_phone)
        self.name_edit.setFocus()

    # Layout

    def _lay_out(self) -> None:
        basic = QGroupBox(self.tr("基本信息"), self)
        form = QFormLayout(basic)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(
            self._buddy(self.tr("企业名称(&M)*"), self.name_edit), with_error(self.name_edit, self.errors["name"])
        )
        form.addRow(
            self._buddy(self.tr("统一社会信用代码(&U)*"), self.uscc_edit),
            with_error(self.uscc_edit, self.errors["uscc"]),
        )
        form.addRow(self._buddy(self.tr("行业门类(&I)"), self.section_combo), self.section_combo)
        form.addRow(
            self._buddy(self.tr("行业大类"), self.division_stack),
            with_error(self.division_stack, self.errors["industry"]),
        )
        form.addRow(
            self._buddy(self.tr("地区(&R)"), self.region_edit), with_error(self.region_edit, self.errors["region"])
        )
        form.addRow(
            self._buddy(self.tr("主要产品(&P)"), self.products_edit),
            with_error(self.products_edit, self.errors["main_products"]),
        )

        scale = QGroupBox(self.tr("规模与资质"), self)
        sform = QFormLayout(scale)
        sform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        size_row = QWidget(scale)
        size_layout = QHBoxLayout(size_row)
        size_layout.setContentsMargins(0, 0, 0, 0)
        size_layout.addWidget(self.size_combo, 1)
        size_layout.addWidget(self.suggest_toggle)
        sform.addRow(self._buddy(self.tr("企业规模(&Z)"), self.size_combo), with_error(size_row, self.errors["size"]))
        grid = QGridLayout(self.suggest_frame)
        grid.addWidget(self._buddy(self.tr("从业人员"), self.employees_spin), 0, 0)
        grid.addWidget(self.employees_spin, 0, 1)
        grid.addWidget(self._buddy(self.tr("上年营业收入"), self.revenue_spin), 1, 0)
        grid.addWidget(self.revenue_spin, 1, 1)
        grid.addWidget(self.suggest_button, 1, 2)
        grid.addWidget(self.suggestion_label, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.suggest_frame.hide()
        sform.addRow(self.suggest_frame)
        sform.addRow(self._buddy(self.tr("规上/规下(&B)"), self.scale_combo), self.scale_combo)
        sform.addRow(
            self._buddy(self.tr("专精特新(&T)"), self.specialized_combo),
            with_error(self.specialized_combo, self.errors["specialized"]),
        )

        contact = QGroupBox(self.tr("联系与项目"), self)
        cform = QFormLayout(contact)
        cform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        cform.addRow(
            self._buddy(self.tr("联系人(&C)"), self.contact_edit),
            with_error(self.contact_edit, self.errors["contact_name"]),
        )
        cform.addRow(
            self._buddy(self.tr("联系电话(&H)"), self.phone_edit),
            with_error(self.phone_edit, self.errors["contact_phone"]),
        )
        cform.addRow(
            self._buddy(self.tr("试点细分行业(&L)"), self.pilot_edit),
            with_error(self.pilot_edit, self.errors["pilot_subsector"]),
        )
        cform.addRow(
            self._buddy(self.tr("数字化牵引单位(&Y)"), self.traction_edit),
            with_error(self.traction_edit, self.errors["traction_unit"]),
        )

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(basic)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(scale)
        right.addWidget(contact)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        required = QLabel(self.tr("* 为必填项。"), self)
        required.setProperty("role", "muted")
        outer.addWidget(self.form_error)
        bottom = QHBoxLayout()
        bottom.addWidget(required, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def _connect(self) -> None:
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.uscc_edit.textEdited.connect(self._on_uscc_edited)
        self.section_combo.currentIndexChanged.connect(self._on_section_changed)
        self.suggest_toggle.toggled.connect(self.suggest_frame.setVisible)
        self.suggest_toggle.toggled.connect(lambda _on: self._grow())
        self.suggest_button.clicked.connect(self.suggest_size)
        for edit, field in self._text_edits().items():
            if field not in ("name", "uscc"):
                edit.textEdited.connect(lambda _text, f=field: self.clear_error(f))
        self.division_edit.textEdited.connect(lambda _text: self.clear_error("industry"))
        self.division_combo.currentIndexChanged.connect(lambda _i: self.clear_error("industry"))
        self.size_combo.currentIndexChanged.connect(lambda _i: self.clear_error("size"))
        self.specialized_combo.currentIndexChanged.connect(lambda _i: self.clear_error("specialized"))

    def _text_edits(self) -> dict[QLineEdit, str]:
        """The free-text inputs and the field names the service's refusals use for them."""
        return {
            self.name_edit: "name", self.uscc_edit: "uscc", self.region_edit: "region",
            self.products_edit: "main_products", self.contact_edit: "contact_name", self.phone_edit: "contact_phone",
            self.pilot_edit: "pilot_subsector", self.traction_edit: "traction_unit",
        }  # fmt: skip

    def _fill(self, e: Enterprise) -> None:
        self.name_edit.setText(e.name)
        self.uscc_edit.setText(e.uscc)
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(e.industry_section)))
        if e.industry_section == "C":
            self.division_combo.setCurrentIndex(max(0, self.division_combo.findData(e.industry_division)))
        else:
            self.division_edit.setText(e.industry_division)
        self.region_edit.setText(e.region)
        self.products_edit.setText(e.main_products)
        self.size_combo.setCurrentIndex(max(0, self.size_combo.findData(e.size.value if e.size else "")))
        self.scale_combo.setCurrentIndex({None: 0, True: 1, False: 2}[e.above_scale])
        self.specialized_combo.setCurrentIndex(max(0, self.specialized_combo.findData(e.specialized.value)))
        self.contact_edit.setText(e.contact_name)
        self.phone_edit.setText(e.contact_phone)
        self.pilot_edit.setText(e.pilot_subsector)
        self.traction_edit.setText(e.traction_unit)
        self._check_uscc()

    # Live validation

    def _on_name_edited(self, text: str) -> None:
        if text.strip():
            self.clear_error("name")
        else:
            self.show_error("name", self.tr("企业名称不能为空"), focus=False)
        self._update_ok()

    def _on_uscc_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = self.uscc_edit.cursorPosition()
            self.uscc_edit.setText(upper)
            self.uscc_edit.setCursorPosition(pos)
        self._check_uscc()
        self._update_ok()

    def _check_uscc(self) -> bool:
        """Validate the code as typed: a grey progress note while it is short, the exact error in red."""
        text = self.uscc_edit.text()
        if not text.strip():
            self.clear_error("uscc")
            return False
        try:
            normalize_uscc(text)
        except UsccError as exc:
            code = text.strip().upper()
            if len(code) >= USCC_LENGTH:
                self.show_error("uscc", exc.message(ui_language()), focus=False)
            elif all(ch in USCC_CHARSET for ch in code):
                self.show_error("uscc", exc.message(ui_language()), focus=False, muted=True)  # only short so far
            else:  # a character that can never be right: say so now, in the core's words
                try:
                    normalize_uscc(code.ljust(USCC_LENGTH, "0"))
                except UsccError as bad:
                    self.show_error("uscc", bad.message(ui_language()), focus=False)
            return False
        self.clear_error("uscc")
        return True

    def _on_section_changed(self) -> None:
        section = str(self.section_combo.currentData() or "")
        self.division_stack.setCurrentWidget(self.division_combo if section == "C" else self.division_edit)
        # Never disabled: Tab always stops here, so digits typed for the division never land in 地区.
        self.division_edit.setPlaceholderText("" if section else self.tr("请先选择行业门类"))
        self.clear_error("industry")

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.name_edit.text().strip()) and self._uscc_valid())

    def _uscc_valid(self) -> bool:
        try:
            normalize_uscc(self.uscc_edit.text())
        except UsccError:
            return False
        return True

    def suggest_size(self) -> None:
        """Fill size and 规上/规下 from employees and revenue (the user still confirms by saving)."""
        revenue = Decimal(str(self.revenue_spin.value()))
        size = industrial_size(self.employees_spin.value(), revenue)
        above = is_above_scale(revenue)
        self.size_combo.setCurrentIndex(self.size_combo.findData(size.value))
        self.scale_combo.setCurrentIndex(1 if above else 2)
        self.suggestion_label.setText(
            self.tr("建议：{size}，{scale}（工业企业标准，营业收入2000万元及以上为规上）。请确认。").format(
                size=size_name(size), scale=scale_name(above)
            )
        )
        self._grow()

    def _grow(self) -> None:
        """Grow the window when shown or rewrapped text needs more height (a top-level never grows by itself)."""
        layout = self.layout()
        if layout is None or not self.isVisible():  # before show(), Qt sizes the window from the layout
            return
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    # Errors at their fields

    def show_error(self, field: str, message: str, *, focus: bool = True, muted: bool = False) -> None:
        label = self.errors.get(field, self.form_error)
        set_role(label, "muted" if muted else "error")
        label.setText(message)
        label.show()
        self._grow()
        if focus:
            targets: dict[str, QWidget | None] = {f: edit for edit, f in self._text_edits().items()}
            targets["industry"] = (
                self.division_stack.currentWidget() if self.division_stack.isEnabled() else self.section_combo
            )
            targets["size"], targets["specialized"] = self.size_combo, self.specialized_combo
            target = targets.get(field)
            if target is not None:
                target.setFocus()

    def clear_error(self, field: str) -> None:
        label = self.errors.get(field, self.form_error)
        label.clear()
        label.hide()

    def error_text(self, field: str) -> str:
        label = self.errors.get(field, self.form_error)
        return label.text() if label.isVisibleTo(self) else ""

    # Result

    def result_input(self) -> EnterpriseInput:
        section = str(self.section_combo.currentData() or "")
        division = ""
        if section == "C":
            division = str(self.division_combo.currentData() or "")
        elif section:
            division = self.division_edit.text().strip()
        above = self.scale_combo.currentData()
        return EnterpriseInput(
            name=self.name_edit.text(),
            uscc=self.uscc_edit.text(),
            industry=section + division,
            region=self.region_edit.text(),
            size=str(self.size_combo.currentData() or ""),
            above_scale=above if isinstance(above, bool) else None,
            specialized=str(self.specialized_combo.currentData() or "none"),
            main_products=self.products_edit.text(),
            contact_name=self.contact_edit.text(),
            contact_phone=self.phone_edit.text(),
            pilot_subsector=self.pilot_edit.text(),
            traction_unit=self.traction_edit.text(),
        )

    def phone_message(self) -> str:
        return self.tr("联系电话格式不正确：只能包含数字、空格、+、-、括号和分机号（如 0591-87654321 转 123）")

    def _check_phone(self) -> None:
        if valid_phone(self.phone_edit.text()):
            self.clear_error("contact_phone")
        else:
            self.show_error("contact_phone", self.phone_message(), focus=False)

    def is_dirty(self) -> bool:
        return self.result_input() != self._initial

    def reject(self) -> None:
        """Esc / Cancel with typed data asks before discarding it."""
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("放弃更改"),
                self.tr("已填写的内容尚未保存。确定放弃吗？"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def saved_enterprise(self) -> Enterprise | None:
        """The enterprise as stored, once OK succeeded."""
        return self._saved

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.clear_error("form")
        raw = self.result_input()
        if not valid_phone(raw.contact_phone):
            self.show_error("contact_phone", self.phone_message())
            return
        if not self.section_combo.currentData() and self.division_edit.text().strip():
            self.show_error("industry", self.tr("请先选择行业门类，再填写行业大类"))
            return
        try:
            if self.enterprise is None:
                self._saved = self.workspace.add_enterprise(raw)
            else:
                self._saved = self.workspace.update_enterprise(self.enterprise.id, raw)
        except ValidationError as exc:
            self.show_error(exc.field, error_text(exc))
            return
        except DuplicateError as exc:
            self.show_error("uscc", error_text(exc) or self.tr("该统一社会信用代码已存在"))
            return
        except NotFoundError as exc:
            self.show_error("form", error_text(exc))
            return
        super().accept()


class NewAssessmentDialog(QDialog):
    """Kind, assessor, on-site and date of a new assessment; the form too when more than one is installed."""

    def __init__(
        self,
        enterprise_name: str,
        default_kind: AssessmentKind = AssessmentKind.BASELINE,
        assessor: Assessor | None = None,
        parent: QWidget | None = None,
        forms: Sequence[Form] = (),
        language: str = "zh",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建评测"))
        self.setModal(True)
        assessor = assessor or Assessor()
        heading = QLabel(self.tr("为“{name}”新建评测").format(name=enterprise_name), self)
        heading.setProperty("role", "h2")
        heading.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(self.tr("评测类型"))
        for kind in AssessmentKind:
            self.kind_combo.addItem(kind_name(kind), kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(default_kind.value))
        self.name_edit = QLineEdit(assessor.name, self)
        self.name_edit.setAccessibleName(self.tr("评测人姓名"))
        self.org_edit = QLineEdit(assessor.organisation, self)
        self.org_edit.setAccessibleName(self.tr("评测人所在单位"))
        self.role_edit = QLineEdit(assessor.role, self)
        self.role_edit.setAccessibleName(self.tr("评测人职务或角色"))
        self.role_edit.setPlaceholderText(self.tr("例如 信息化负责人、咨询顾问"))
        self.on_site_check = QCheckBox(self.tr("现场评定(&S)"), self)
        self.on_site_check.setAccessibleName(self.tr("现场评定"))
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName(self.tr("评测日期"))
        # One entry per form id, on its newest revision (what a new assessment starts on).
        self.form_combo: QComboBox | None = None
        if len({f.id for f in forms}) > 1:
            self.form_combo = QComboBox(self)
            self.form_combo.setAccessibleName(self.tr("评测问卷"))
            for f in forms:
                title = f.title_en if language == "en" and f.title_en else f.title
                text = self.tr("{title}（{id}，第 {rev} 版，{n} 个场景）").format(
                    title=title, id=f.id, rev=f.revision, n=len(f.scenes)
                )
                self.form_combo.addItem(text, f.id)
            self.form_combo.setCurrentIndex(max(0, self.form_combo.findData(DEFAULT_FORM_ID)))
        hint = QLabel(self.tr("评测人可稍后填写，但定稿前必须填写。"), self)
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if self.form_combo is not None:
            form.addRow(self._buddy(self.tr("评测问卷(&Q)"), self.form_combo), self.form_combo)
        form.addRow(self._buddy(self.tr("评测类型(&K)"), self.kind_combo), self.kind_combo)
        self.edits = {"assessor.name": self.name_edit, "assessor.organisation": self.org_edit,
                      "assessor.role": self.role_edit}  # fmt: skip
        self.errors = {f: error_label(self) for f in self.edits}
        form.addRow(
            self._buddy(self.tr("评测人(&A)"), self.name_edit), with_error(self.name_edit, self.errors["assessor.name"])
        )
        form.addRow(
            self._buddy(self.tr("所在单位(&O)"), self.org_edit),
            with_error(self.org_edit, self.errors["assessor.organisation"]),
        )
        form.addRow(
            self._buddy(self.tr("职务/角色(&R)"), self.role_edit),
            with_error(self.role_edit, self.errors["assessor.role"]),
        )
        form.addRow(self._buddy(self.tr("评测日期(&D)"), self.date_edit), self.date_edit)
        form.addRow("", self.on_site_check)
        self.buttons, self.ok_button = ok_cancel(self, self.tr("开始评测(&B)"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 32)
        self.kind_combo.setFocus()

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def accept(self) -> None:
        """Close only when the assessor's fields pass the text rule; a refusal is shown under its field."""
        for label in self.errors.values():
            label.hide()
        try:
            validate_assessor(self.assessor())
        except ValidationError as exc:
            refused = self.errors.get(exc.field)
            if refused is not None:
                refused.setText(error_text(exc))
                refused.show()
                self.edits[exc.field].setFocus()
            return
        super().accept()

    def kind(self) -> AssessmentKind:
        return AssessmentKind(str(self.kind_combo.currentData()))

    def form_id(self) -> str | None:
        """The chosen form id, or None when only one form is installed (the service's default)."""
        return None if self.form_combo is None else str(self.form_combo.currentData())

    def assessor(self) -> Assessor:
        return Assessor(self.name_edit.text().strip(), self.org_edit.text().strip(), self.role_edit.text().strip())

    def on_site(self) -> bool:
        return self.on_site_check.isChecked()

    def assessed_on(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())


class ReasonDialog(QDialog):
    """Ask why a finalized assessment is being corrected."""

    def __init__(self, assessment_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("更正评测 #{id}").format(id=assessment_id))
        self.setModal(True)
        explain = QLabel(
            self.tr(
                "更正会新建一个草稿修订版，复制评测 #{id} 的全部答案和证据；原定稿记录保持不变。请说明更正原因。"
            ).format(id=assessment_id),
            self,
        )
        explain.setWordWrap(True)
        label = QLabel(self.tr("更正原因(&R)"), self)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName(self.tr("更正原因"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(self.tr("例如：Q5 的证据表明已上线 MES，原答案有误"))
        label.setBuddy(self.reason_edit)
        self.buttons, self.ok_button = ok_cancel(self, self.tr("开始更正(&C)"))
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason())))
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 34)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()
