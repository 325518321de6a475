"""Small reusable widgets: wrapping choices, the evidence box, the live score panel, bar charts, list tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.answers import decimal_to_json
from app.core.form import MAX_SCENE_LEVEL, Form
from app.ui.basics import label

if TYPE_CHECKING:
    from app.core.records import Evidence
    from app.core.scoring import ScoreResult
from app.ui import files


def scene_level_names(form: Form, language: str) -> dict[int, str]:
    """Names of a scene's levels 0–4: the form's scene level names, else its overall level names."""
    own = form.scene_level_names_en if language == "en" else form.scene_level_names
    overall = form.level_names(language)
    return {lv: own.get(lv) or overall.get(lv) or str(lv) for lv in range(MAX_SCENE_LEVEL + 1)}


def fmt(value: Decimal) -> str:
    return str(decimal_to_json(value))


class ClickLabel(QLabel):
    """A wrapping label that toggles its button when clicked (Qt's buttons do not wrap text)."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self.button = button
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setBuddy(button)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.button.setFocus()
            self.button.click()  # checks or toggles, and emits clicked() as a click on the button would
        event.accept()


def choice_row(text: str, multi: bool, accessible: str) -> tuple[QAbstractButton, QWidget]:
    """Return a radio/check button and a row widget holding it beside its wrapping text."""
    button: QAbstractButton = QCheckBox() if multi else QRadioButton()
    button.setAccessibleName(accessible)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(ClickLabel(text, button), 1)
    return button, row


class EvidenceBox(QWidget):
    """Evidence files of one question or scene: attach, open, remove."""

    attach_requested = Signal(str, Path)  # item, file
    remove_requested = Signal(int)  # evidence id

    def __init__(self, item: str, path_of: Callable[[Evidence], Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.path_of = path_of
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("佐证材料列表"))
        self.list.setMaximumHeight(80)
        self.list.itemActivated.connect(self._open)
        self.add_button = QPushButton(self.tr("添加佐证材料…"))
        self.open_button = QPushButton(self.tr("打开"))
        self.remove_button = QPushButton(self.tr("移除"))
        self.add_button.clicked.connect(self._add)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.remove_button.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.confirm_box: QMessageBox | None = None  # the open "remove this evidence?" question
        self.set_evidence([])

    def set_evidence(self, evidence: Sequence[Evidence]) -> None:
        self.list.clear()
        for ev in evidence:
            entry = QListWidgetItem(f"{ev.filename}  ({ev.size:,} B, SHA-256 {ev.sha256[:12]}…)")
            entry.setData(Qt.ItemDataRole.UserRole, ev)
            entry.setToolTip(ev.sha256)
            self.list.addItem(entry)
        self.list.setVisible(bool(evidence))
        self.open_button.setVisible(bool(evidence))
        self.remove_button.setVisible(bool(evidence))

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)

    def _add(self) -> None:
        for path in files.open_paths(self, None, files.EVIDENCE, self.tr("选择佐证材料")):
            self.attach_requested.emit(self.item, path)

    def _open(self, entry: QListWidgetItem | None) -> None:
        if entry is not None:
            ev: Evidence = entry.data(Qt.ItemDataRole.UserRole)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path_of(ev))))

    def _remove(self) -> None:
        """Ask first (window-modal, open() not exec()): removing evidence cannot be undone."""
        entry = self.list.currentItem()
        if entry is not None:
            self._ask_remove(entry.data(Qt.ItemDataRole.UserRole))

    def _ask_remove(self, ev: Evidence) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("移除佐证材料"),
            self.tr("移除佐证材料“{name}”？").format(name=ev.filename), QMessageBox.StandardButton.NoButton, self,
        )  # fmt: skip
        box.setInformativeText(self.tr("它将不再作为本项的佐证，此操作不能撤销。"))
        yes = box.addButton(self.tr("移除(&R)"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes.clicked.connect(lambda: self.remove_requested.emit(ev.id))
        self.confirm_box = box  # the open question (tests answer it)
        box.open()


class ScorePanel(QFrame):
    """The live score while answering: points per dimension, scenes at the target level, the level as it stands."""

    def __init__(self, form: Form, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.language = language
        self.setProperty("role", "card")
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("实时得分"), "h2"))
        self.total = label("", "h1")
        self.total.setObjectName("live_total")
        layout.addWidget(self.total)
        self.bars: dict[str, QProgressBar] = {}
        self.bar_texts: dict[str, QLabel] = {}
        for dim in form.dimensions:
            # The figures sit beside the name, not on the bar: text drawn over the fill edge is half unreadable.
            head = QHBoxLayout()
            head.addWidget(label(dim.name_en if language == "en" and dim.name_en else dim.id, wrap=False), 1)
            figures = label("", wrap=False)
            figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            head.addWidget(figures)
            layout.addLayout(head)
            bar = QProgressBar()
            bar.setRange(0, int(dim.max_points * 1000))
            bar.setAccessibleName(dim.id)
            bar.setTextVisible(False)
            bar.setMaximumHeight(10)
            self.bars[dim.id] = bar
            self.bar_texts[dim.id] = figures
            layout.addWidget(bar)
        self.scenes = label("")
        self.scenes.setObjectName("live_scenes")
        layout.addWidget(self.scenes)
        self.level = label("", "h2")
        self.level.setObjectName("live_level")
        layout.addWidget(self.level)
        self.gap = label("", "muted")
        layout.addWidget(self.gap)
        self.missing = label("", "muted")
        layout.addWidget(self.missing)
        layout.addStretch(1)

    def show_result(self, result: ScoreResult) -> None:
        form, language = self.form, self.language
        target = form.level_name(form.target_level, language)
        self.total.setText(self.tr("{total} / {max} 分").format(total=fmt(result.total_score), max=fmt(form.max_total)))
        for dim in form.dimensions:
            bar = self.bars[dim.id]
            points = result.dimension_scores.get(dim.id, Decimal(0))
            bar.setValue(int(points * 1000))
            bar.setFormat(f"{fmt(points)} / {fmt(dim.max_points)}")  # read by screen readers
            self.bar_texts[dim.id].setText(bar.format())
        counted = next((c for c in result.scene_counts if c.level == form.target_level), None)
        if counted is not None:
            self.scenes.setText(
                self.tr("{level}及以上场景：{n} 个（约束性 {c} 个）").format(
                    level=target, n=counted.scenes, c=counted.constrained
                )
            )
        self.level.setText(self.tr("当前等级：{level}").format(level=form.level_name(result.level, language)))
        gap = result.gap_to_level_2  # the gap to the form's target level
        if gap.reached:
            self.gap.setText(self.tr("已达到{level}").format(level=target))
        else:
            text = (
                self.tr("距{level}：还差 {p} 分，{s} 个场景（其中至少 {c} 个为约束性场景）")
                if gap.constrained_upgrades_needed
                else self.tr("距{level}：还差 {p} 分，{s} 个场景")
            )
            self.gap.setText(
                text.format(
                    level=target,
                    p=fmt(gap.points_needed),
                    s=gap.scene_upgrades_needed,
                    c=gap.constrained_upgrades_needed,
                )
            )
        self.missing.setText(
            self.tr("尚未作答：{n} 项").format(n=len(result.missing)) if result.missing else self.tr("全部已作答")
        )


class BarChart(QWidget):
    """A horizontal bar chart painted directly (no chart module needed in the bundle)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[tuple[str, float, float, QColor]] = []  # label, value, maximum, colour
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(title)

    def set_rows(self, rows: list[tuple[str, float, float, QColor]]) -> None:
        self.rows = rows
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height() + 10
        return QSize(420, 30 + line * max(1, len(self.rows)))

    def minimumSizeHint(self) -> QSize:
        """Room for the longest label, the value and a short bar (longer English labels must not force scrolling)."""
        fm = self.fontMetrics()
        label_width = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=0) + 12
        value_width = fm.horizontalAdvance("00.000 / 100") + 8
        width = max(fm.horizontalAdvance(self.title), label_width + value_width + 80)
        return QSize(width, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        painter.setPen(self.palette().text().color())
        painter.drawText(0, fm.ascent() + 2, self.title)
        line = fm.height() + 10
        label_width = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=0) + 12
        value_width = fm.horizontalAdvance("00.000 / 100") + 8
        bar_width = max(40, self.width() - label_width - value_width)
        y = fm.height() + 12
        for text, value, maximum, colour in self.rows:
            painter.setPen(self.palette().text().color())
            painter.drawText(0, int(y + fm.ascent()), text)
            frame = QRectF(label_width, y + 1, bar_width, fm.height())
            painter.setPen(QPen(QColor("#d0d7de")))
            painter.setBrush(QColor("#f6f8fa"))
            painter.drawRect(frame)
            if maximum > 0:
                filled = QRectF(frame.left(), frame.top(), bar_width * min(1.0, value / maximum), frame.height())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRect(filled)
            painter.setPen(self.palette().text().color())
            shown = f"{value:g} / {maximum:g}" if maximum != 4 else f"{value:g}"
            painter.drawText(int(label_width + bar_width + 6), int(y + fm.ascent()), shown)
            y += line
        painter.end()


def grid_row(grid: QGridLayout, row: int, *widgets: QWidget) -> None:
    for col, widget in enumerate(widgets):
        grid.addWidget(widget, row, col)
