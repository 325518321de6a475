"""The in-app before/after comparison of one enterprise, side by side: per question the options chosen (with their
texts), per-question, per-dimension and per-scene changes, both two-part-rule tables and the verdict.

Every figure comes from app.core.compare (which takes it from scoring); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.compare import Comparison
from app.core.form import Form, Option
from app.core.scoring import RuleCheck
from app.ui.basics import label
from app.ui.context import GuiContext
from app.ui.theme import BAD, OK
from app.ui.widgets import fmt, scene_level_names

CHANGED_BRUSH = QBrush(QColor("#fff8c5"))


def signed(value: Decimal | int) -> str:
    """A change as text: +1.5, -2, 0 (the value itself comes from core)."""
    text = fmt(value) if isinstance(value, Decimal) else str(value)
    return f"+{text}" if value > 0 else text


def fit_table(table: QTableWidget) -> None:
    """Size a table to show every row, so the page scrolls once (no nested scroll box)."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2)


class ComparisonView(QWidget):
    """改造前后对比 / Before and after: the whole comparison on one scrolling page."""

    def __init__(self, ctx: GuiContext, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.c = comparison
        assert comparison.form_before is not None and comparison.form_after is not None
        self.before_form: Form = comparison.form_before
        self.after_form: Form = comparison.form_after
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("改造前后对比"), "h1"))
        self.verdict = label("", "h2")
        self.verdict.setObjectName("compare_verdict")
        layout.addWidget(self.verdict)
        self.reaches = label("")
        self.reaches.setObjectName("compare_reaches")
        self.reaches.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.reaches)
        self.why = label("", "muted")
        self.why.setObjectName("compare_why_not_higher")
        layout.addWidget(self.why)

        layout.addWidget(label(self.tr("等级判定规则（改造前 / 改造后）"), "h2"))
        rules = QHBoxLayout()
        self.rule_before = self._rule_box(self.tr("改造前"), self.before_form, comparison.rules_before,
                                          comparison.total_before, "before")  # fmt: skip
        self.rule_after = self._rule_box(self.tr("改造后"), self.after_form, comparison.rules_after,
                                         comparison.total_after, "after")  # fmt: skip
        rules.addWidget(self.rule_before, 1)
        rules.addWidget(self.rule_after, 1)
        layout.addLayout(rules)

        layout.addWidget(label(self.tr("各维度得分"), "h2"))
        self.dimensions = self._table("compare_dimensions", [self.tr("维度"), self.tr("改造前"), self.tr("改造后"),
                                                             self.tr("变化")])  # fmt: skip
        layout.addWidget(self.dimensions)
        layout.addWidget(label(self.tr("各题作答与得分"), "h2"))
        qheaders = [self.tr("编号"), self.tr("题目"), self.tr("改造前作答"), self.tr("改造后作答"),
                    self.tr("得分（前 → 后）"), self.tr("变化")]  # fmt: skip
        self.questions = self._table("compare_questions", qheaders, stretch=(1, 2, 3))
        layout.addWidget(self.questions)
        layout.addWidget(label(self.tr("各场景等级（★约束性）"), "h2"))
        self.scenes = self._table(
            "compare_scenes",
            [self.tr("编号"), self.tr("场景"), self.tr("改造前"), self.tr("改造后"), self.tr("变化")],
            stretch=(1, 2, 3),
        )
        layout.addWidget(self.scenes)
        layout.addStretch(1)
        self._fill()

    # Building blocks

    def _table(self, name: str, headers: list[str], stretch: tuple[int, ...] = (0,)) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        for col in range(len(headers)):
            mode = QHeaderView.ResizeMode.Stretch if col in stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(col, mode)
        return table

    def _rule_box(self, title: str, form: Form, checks: tuple[RuleCheck, ...], total: Decimal, tag: str) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(f"compare_rule_{tag}")
        grid = QGridLayout(box)
        headers = [self.tr("等级"), self.tr("总分条件"), self.tr("场景数（≥该级）"), self.tr("其中约束性"),
                   self.tr("结论")]  # fmt: skip
        for col, text in enumerate(headers):
            grid.addWidget(label(f"<b>{text}</b>"), 0, col)
        names = form.level_names(self.ctx.language)

        def mark(ok: bool) -> str:
            return f"<span style='color:{OK if ok else BAD}'>{'✔' if ok else '✘'}</span>"

        for row, rc in enumerate(checks, 1):
            cells = [
                f"<b>{names[rc.level]}</b>",
                f"{mark(rc.score_met)} {fmt(total)} ≥ {fmt(rc.min_score)}",
                f"{mark(rc.scenes >= rc.min_scenes)} {rc.scenes} / {rc.min_scenes}",
                f"{mark(rc.constrained >= rc.min_constrained)} {rc.constrained} / {rc.min_constrained}",
                mark(rc.met) + (self.tr(" 达到") if rc.met else self.tr(" 未达到")),
            ]
            for col, text in enumerate(cells):
                cell = label(text)
                cell.setTextFormat(Qt.TextFormat.RichText)
                cell.setObjectName(f"compare_rule_{tag}_{rc.level}_{col}")
                grid.addWidget(cell, row, col)
        return box

    def _options(self, options: tuple[Option, ...]) -> str:
        en = self.ctx.language == "en"
        if not options:
            return self.tr("（未作答）")
        return "\n".join(f"{o.id}. {o.text_en if en and o.text_en else o.text}" for o in options)

    # Content

    def _fill(self) -> None:
        c, lang = self.c, self.ctx.language
        en = lang == "en"
        before_name = self.before_form.level_name(c.level_before, lang)
        after_name = self.after_form.level_name(c.level_after, lang)
        target = self.after_form.level_name(c.target_level, lang)
        self.verdict.setText(
            self.tr("改造前：{a}（总分 {x}）　→　改造后：{b}（总分 {y}，{d}）").format(
                a=before_name, x=fmt(c.total_before), b=after_name, y=fmt(c.total_after), d=signed(c.total_delta)
            )
        )
        answer = self.tr("是") if c.reaches_target_after else self.tr("否")
        colour = OK if c.reaches_target_after else BAD
        self.reaches.setText(
            self.tr("改造后达到{target}：{answer}").format(
                target=target, answer=f"<b style='color:{colour}'>{answer}</b>"
            )
        )
        self.why.setText(self._why_not_higher())

        rows = [(self._dimension_name(d), fmt(b), fmt(a), signed(delta), delta != 0)
                for d, b, a, delta in c.dimension_changes]  # fmt: skip
        self._fill_rows(self.dimensions, rows)

        qrows = []
        for q in c.questions:
            question = self.after_form.question(q.question_id)
            title = question.text_en if en and question is not None and question.text_en else q.text
            qrows.append((q.question_id, title, self._options(q.before_options), self._options(q.after_options),
                          f"{fmt(q.points_before)} → {fmt(q.points_after)}", signed(q.delta),
                          q.before != q.after))  # fmt: skip
        self._fill_rows(self.questions, qrows)

        names_before = scene_level_names(self.before_form, lang)
        names_after = scene_level_names(self.after_form, lang)
        srows = []
        for s in c.scenes:
            scene = self.after_form.scene(s.scene_id)
            name = scene.name_en if en and scene is not None and scene.name_en else s.name
            srows.append((s.scene_id, ("★" if s.constrained else "") + name, names_before[s.before],
                          names_after[s.after], signed(s.delta) if s.delta else "—", s.delta != 0))  # fmt: skip
        self._fill_rows(self.scenes, srows)

    def _dimension_name(self, dimension_id: str) -> str:
        if self.ctx.language == "en":
            for d in self.after_form.dimensions:
                if d.id == dimension_id and d.name_en:
                    return d.name_en
        return dimension_id

    def _why_not_higher(self) -> str:
        c, lang = self.c, self.ctx.language
        rc = c.next_after
        if rc is None:
            return self.tr("改造后已达到最高等级。")
        reasons = []
        if not rc.score_met:
            reasons.append(self.tr("总分 {total} 低于 {min}").format(total=fmt(c.total_after), min=fmt(rc.min_score)))
        if rc.scenes < rc.min_scenes:
            reasons.append(self.tr("达到该级的场景 {n} 个，少于 {min} 个").format(n=rc.scenes, min=rc.min_scenes))
        if rc.constrained < rc.min_constrained:
            reasons.append(
                self.tr("其中约束性场景 {n} 个，少于 {min} 个").format(n=rc.constrained, min=rc.min_constrained)
            )
        sep = "; " if lang == "en" else "；"
        return self.tr("未达到{level}的原因：{reasons}。").format(
            level=self.after_form.level_name(rc.level, lang), reasons=sep.join(reasons)
        )

    def _fill_rows(self, table: QTableWidget, rows: Sequence[tuple[str | bool, ...]]) -> None:
        table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            *values, changed = row
            for col, value in enumerate(values):
                cell = QTableWidgetItem(str(value))
                if changed:
                    cell.setBackground(CHANGED_BRUSH)
                if col == len(values) - 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(i, col, cell)
        fit_table(table)

    def refit(self) -> None:
        for table in (self.dimensions, self.questions, self.scenes):
            fit_table(table)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()


class ComparisonDialog(QDialog):
    """The comparison in its own large window, with the comparison report's export at hand."""

    def __init__(
        self,
        ctx: GuiContext,
        comparison: Comparison,
        on_export: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("改造前后对比"))
        self.setObjectName("comparison_dialog")
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.view = ComparisonView(ctx, comparison)
        scroll.setWidget(self.view)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if on_export is not None:
            pdf = buttons.addButton(self.tr("导出对比报告PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
            pdf.clicked.connect(on_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if parent is not None:
            window = parent.window()
            self.resize(max(900, int(window.width() * 0.95)), max(600, int(window.height() * 0.95)))
