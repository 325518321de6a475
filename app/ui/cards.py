"""One card per question and per scene: the official text, the choices, figures, notes, warnings, evidence."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QIntValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.answers import toggle_option
from app.core.form import Question, Scene
from app.core.records import Evidence
from app.ui.basics import label
from app.ui.widgets import ClickLabel, EvidenceBox, choice_row, fmt

NOTE_SAVE_DELAY_MS = 800


class NoteEdit(QPlainTextEdit):
    """Free-text notes, saved shortly after typing stops and when focus leaves."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(60)
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self._saved = ""
        self.textChanged.connect(self._timer.start)

    def set_saved(self, text: str) -> None:
        self._saved = text
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)

    def commit(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        if text != self._saved:
            self._saved = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


def wording_button(item: str, note: str, parent: QWidget | None = None) -> QToolButton | None:
    """A small ⓘ on a disputed item: opens the product's note on its wording (never the editorial record)."""
    if not note:
        return None
    button = QToolButton(parent)
    button.setText("ⓘ")
    button.setObjectName(f"{item}_wording")
    button.setAutoRaise(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    # A fixed context ("ItemCard"): both card classes call this helper. Spelled out so lupdate finds them.
    title = QCoreApplication.translate("ItemCard", "关于本条的文本")
    button.setToolTip(title)
    button.setAccessibleName(title)

    def show() -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, note, QMessageBox.StandardButton.Ok, button.window())
        box.setObjectName(f"{item}_wording_note")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, without a nested event loop

    button.clicked.connect(show)
    return button


def explanations_box(texts: Sequence[str]) -> QWidget | None:
    """指标解释, folded away under its title."""
    if not texts:
        return None
    body = label("\n".join(texts))
    return Collapsible(QCoreApplication.translate("ItemCard", "指标解释"), body)


class Collapsible(QWidget):
    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; }")
        self.body = body
        body.setVisible(False)
        self.toggle.toggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(body)

    def _toggled(self, on: bool) -> None:
        self.body.setVisible(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)


class ItemCard(QFrame):
    """What question and scene cards share: notes, evidence, missing highlight, read-only mode."""

    note_edited = Signal(str, str)  # item, text
    attach_requested = Signal(str, Path)
    remove_requested = Signal(int)

    def __init__(self, item: str, path_of: Callable[[Evidence], Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setProperty("role", "card")
        self.setObjectName(f"card_{item}")
        self.layout_ = QVBoxLayout(self)
        self.note = NoteEdit()
        self.note.setAccessibleName(self.tr("备注"))
        self.note.setPlaceholderText(self.tr("备注（现场说明、数据来源等）"))
        self.note.committed.connect(lambda text: self.note_edited.emit(self.item, text))
        self.evidence = EvidenceBox(item, path_of)
        self.evidence.attach_requested.connect(self.attach_requested)
        self.evidence.remove_requested.connect(self.remove_requested)
        self.buttons: list[QWidget] = []  # every input, disabled together when read-only
        self.note_error = label("", "error")  # a refused note (too long, a control character)
        self.note_error.hide()

    def add_footer(self, hints: Sequence[str]) -> None:
        if hints:
            self.layout_.addWidget(
                label(self.tr("佐证材料提示：") + self.tr("；", "list separator").join(hints), "muted")
            )
        self.layout_.addWidget(self.evidence)
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.note_error)

    def set_note_error(self, message: str) -> None:
        self.note_error.setText(message)
        self.note_error.setVisible(bool(message))

    def set_missing(self, missing: bool) -> None:
        if self.property("missing") != missing:
            self.setProperty("missing", missing)
            self.style().unpolish(self)
            self.style().polish(self)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        self.evidence.set_read_only(read_only)


class QuestionCard(ItemCard):
    choice_changed = Signal(str, object)  # question id, str | tuple[str, ...] | None
    figure_edited = Signal(str, str, str)  # question id, figure id, text

    def __init__(
        self,
        question: Question,
        language: str,
        path_of: Callable[[Evidence], Path],
        parent: QWidget | None = None,
        dimension_en: str = "",
    ) -> None:
        super().__init__(question.id, path_of, parent)
        self.question = question
        self.language = language
        q = question
        en = language == "en"
        kind = self.tr("多选") if q.is_multi else self.tr("单选")
        title = label(f"{q.id}  {q.text_en if en and q.text_en else q.text}", "h2")
        head = QHBoxLayout()
        head.addWidget(title, 1)
        self.wording = wording_button(q.id, q.wording_note(language), self)
        if self.wording is not None:
            head.addWidget(self.wording, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(head)
        points = self.tr("满分 {n} 分").format(n=fmt(q.max_points))
        # The indicator path has no English names in the form: in English the dimension's name stands for it.
        crumb = (" · ".join(p for p in (dimension_en, kind, points) if p) if en
                 else f"{q.dimension} › {q.sub_indicator} › {q.indicator}　·　{kind}　·　{points}")  # fmt: skip
        self.breadcrumb = label(crumb, "muted")
        self.layout_.addWidget(self.breadcrumb)
        if en and q.text_en:
            self.layout_.addWidget(label(self.tr("官方题目：") + q.text, "muted"))
        self.group = QButtonGroup(self)
        self.group.setExclusive(not q.is_multi)
        self.option_buttons: dict[str, QAbstractButton] = {}
        self._selected: tuple[str, ...] = ()  # what the buttons show, in form order
        for option in q.options:
            text = option.text_en if en and option.text_en else option.text
            shown = f"{option.id}. " + self.tr("{text}（{n}分）").format(text=text, n=fmt(option.points))
            if en and option.text_en and option.text_en != option.text:
                shown += f"<br/><span style='color:#57606a'>{option.text}</span>"
            button, row = choice_row(shown, q.is_multi, f"{q.id} {option.id} {option.text}")
            button.setObjectName(f"{q.id}_{option.id}")
            self.group.addButton(button)
            self.option_buttons[option.id] = button
            self.buttons.append(button)
            button.clicked.connect(lambda _=False, oid=option.id: self._clicked(oid))
            self.layout_.addWidget(row)
        self.figure_edits: dict[str, QLineEdit] = {}
        self.figure_errors: dict[str, QLabel] = {}
        if q.figures:
            self.layout_.addLayout(self._figures_grid(q, en))
        self.warnings = label("", "warning")
        self.warnings.setObjectName(f"{q.id}_warnings")
        self.warnings.setVisible(False)
        self.layout_.addWidget(self.warnings)
        if box := explanations_box(q.explanation_texts(language)):
            self.layout_.addWidget(box)
        hints = q.evidence_hints_en if en and q.evidence_hints_en else q.evidence_hints
        self.add_footer(hints)

    def _figures_grid(self, q: Question, en: bool) -> QGridLayout:
        """Data-entry figures with their units; a validator per figure, an error line under each."""
        grid = QGridLayout()
        grid.addWidget(label(self.tr("填报数据"), "muted"), 0, 0, 1, 3)
        for row_no, fig in enumerate(q.figures, 1):
            edit = QLineEdit()
            edit.setObjectName(f"{q.id}_{fig.id}")
            edit.setAccessibleName(fig.label)
            edit.setMaximumWidth(160)
            validator = QIntValidator(0, 2_000_000_000, edit) if fig.kind == "integer" else QDoubleValidator(edit)
            if isinstance(validator, QDoubleValidator):
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                validator.setBottom(float(fig.minimum) if fig.minimum is not None else -1e12)
                validator.setTop(float(fig.maximum) if fig.maximum is not None else 1e12)
                validator.setDecimals(4)
                validator.setLocale(QLocale.c())
            edit.setValidator(validator)
            edit.editingFinished.connect(lambda fid=fig.id, e=edit: self.figure_edited.emit(q.id, fid, e.text()))
            name = fig.label_en if en and fig.label_en else fig.label
            unit = fig.unit_en if en and fig.unit_en else fig.unit
            name_label = QLabel(name)
            name_label.setBuddy(edit)
            error = label("", "error")
            error.setVisible(False)
            grid.addWidget(name_label, row_no * 2 - 1, 0)
            grid.addWidget(edit, row_no * 2 - 1, 1)
            grid.addWidget(QLabel(unit), row_no * 2 - 1, 2)
            grid.addWidget(error, row_no * 2, 0, 1, 3)
            self.figure_edits[fig.id] = edit
            self.figure_errors[fig.id] = error
            self.buttons.append(edit)
        grid.setColumnStretch(3, 1)
        return grid

    def _clicked(self, option_id: str) -> None:
        # The core decides what a click leaves selected ("无" excludes every other option, and the others "无").
        checked = self.option_buttons[option_id].isChecked()
        self.set_selection(toggle_option(self.question, self._selected, option_id, checked))
        self.choice_changed.emit(self.question.id, self.selection())

    def selection(self) -> str | tuple[str, ...] | None:
        if not self._selected:
            return None
        return self._selected if self.question.is_multi else self._selected[0]

    def set_selection(self, selected: Sequence[str]) -> None:
        self._selected = tuple(o.id for o in self.question.options if o.id in selected)
        self.group.setExclusive(False)
        for oid, button in self.option_buttons.items():
            button.setChecked(oid in self._selected)
        self.group.setExclusive(not self.question.is_multi)

    def set_figures(self, values: Mapping[str, Decimal]) -> None:
        for fid, edit in self.figure_edits.items():
            value = values.get(fid)
            edit.setText("" if value is None else fmt(value))

    def set_figure_error(self, figure_id: str, message: str) -> None:
        error = self.figure_errors.get(figure_id)
        if error is not None:
            error.setText(message)
            error.setVisible(bool(message))

    def set_warnings(self, messages: Sequence[str]) -> None:
        self.warnings.setText("\n".join("⚠ " + m for m in messages))
        self.warnings.setVisible(bool(messages))


class SceneCard(ItemCard):
    level_changed = Signal(str, int)  # scene id, level 0–4

    def __init__(
        self,
        scene: Scene,
        level_names: Mapping[int, str],
        language: str,
        path_of: Callable[[Evidence], Path],
        hints: Mapping[int, Sequence[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(scene.id, path_of, parent)
        self.scene = scene
        en = language == "en"
        tag = self.tr("★ 约束性场景") if scene.constrained else self.tr("指导性场景")
        head = QHBoxLayout()
        head.addWidget(label(f"{scene.id}  {scene.name_en if en and scene.name_en else scene.name}", "h2"), 1)
        head.addWidget(label(tag, "muted" if not scene.constrained else None, wrap=False))
        self.wording = wording_button(scene.id, scene.wording_note(language), self)
        if self.wording is not None:
            head.addWidget(self.wording)
        self.layout_.addLayout(head)
        if scene.question_text and en and scene.name_en:
            asked = self.tr("企业在{scene}场景上的数字化应用情况").format(scene=scene.name_en)
            self.layout_.addWidget(label(asked, "muted"))
        elif scene.question_text:
            self.layout_.addWidget(label(scene.question_text, "muted"))
        translated = en and bool(scene.levels_en)
        if translated:  # one small mark per card, not on every level
            self.layout_.addWidget(label(self.tr("等级描述为非官方英文译文，以中文原文为准。"), "muted"))
        self.group = QButtonGroup(self)
        self.level_buttons: dict[int, QRadioButton] = {}
        grid = QGridLayout()
        for col, level in enumerate((0, 1, 2, 3, 4)):
            button = QRadioButton(level_names.get(level, str(level)))
            button.setObjectName(f"{scene.id}_L{level}")
            button.setAccessibleName(f"{scene.name} {level_names.get(level, level)}")
            self.group.addButton(button, level)
            self.level_buttons[level] = button
            self.buttons.append(button)
            button.clicked.connect(lambda _=False, lv=level: self.level_changed.emit(self.scene.id, lv))
            grid.addWidget(button, 0, col)
            text = scene.level_text(level, language) or self.tr("本企业尚未开展此项业务的数字化应用。")
            desc_tip = scene.levels[level] if translated and level in scene.levels else ""  # the official text
            desc = ClickLabel(text, button)
            desc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            desc.setToolTip(desc_tip)
            desc.setProperty("role", "muted" if level == 0 else None)
            grid.addWidget(desc, 1, col)
            grid.setColumnStretch(col, 1 if level == 0 else 3)
        self.layout_.addLayout(grid)
        if box := explanations_box(scene.explanation_texts(language)):
            self.layout_.addWidget(box)
        self.hint_label = label("", "muted")
        self.hints = hints
        self.layout_.addWidget(self.evidence)
        self.layout_.addWidget(self.hint_label)
        self.layout_.addWidget(self.note)

    def set_level(self, level: int | None) -> None:
        self.group.setExclusive(False)
        for lv, button in self.level_buttons.items():
            button.setChecked(lv == level)
        self.group.setExclusive(True)
        shown = self.hints.get(level or 0, ())
        self.hint_label.setText(
            self.tr("该等级常见佐证材料：") + self.tr("；", "list separator").join(shown) if shown else ""
        )
        self.hint_label.setVisible(bool(shown))
