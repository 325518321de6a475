"""The review page (every answer, missing ones highlighted) and the result page (level, rule, charts, plan)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.answers import AnswerSet
from app.core.compare import Comparison
from app.core.form import MAX_SCENE_LEVEL, Form
from app.core.planner import Plan
from app.core.scoring import ScoreResult
from app.ui.basics import label
from app.ui.compare_view import ComparisonDialog, signed
from app.ui.context import GuiContext
from app.ui.keys import draft_export_reason
from app.ui.runner import Runner
from app.ui.theme import ACCENT, BAD, OK
from app.ui.widgets import BarChart, fmt, scene_level_names

MISSING_BRUSH = QBrush(QColor("#ffebe9"))


class ReviewPage(QWidget):
    """复核: every answer in one table; missing ones highlighted; a double-click goes back to the item."""

    go_to_item = Signal(str)

    def __init__(self, ctx: GuiContext, form: Form, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("复核"), "h1"))
        self.summary = label("", "muted")
        self.summary.setObjectName("review_summary")
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("review_table")
        self.table.setAccessibleName(self.tr("全部答案"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("编号"), self.tr("题目 / 场景"), self.tr("作答"), self.tr("得分")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.goto = QPushButton(self.tr("转到所选项(&G)"))
        self.goto.clicked.connect(lambda: self._activated(self.table.currentRow(), 0))
        self.first_missing = QPushButton(self.tr("转到第一个未答项(&U)"))
        self.first_missing.clicked.connect(self._first_missing)
        buttons.addWidget(self.goto)
        buttons.addWidget(self.first_missing)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.warnings = label("", "warning")
        self.warnings.setVisible(False)
        layout.addWidget(self.warnings)
        self.missing: list[str] = []

    def show(self, answers: AnswerSet, result: ScoreResult) -> None:  # type: ignore[override]
        en = self.ctx.language == "en"
        sep = "; " if en else "；"
        rows: list[tuple[str, str, str, str, bool]] = []
        for q in self.form.questions:
            chosen = answers.selected(q.id)
            texts = [
                f"{oid}. {(o.text_en if en and o.text_en else o.text)}"
                for oid in chosen
                if (o := q.option(oid)) is not None
            ]
            rows.append((q.id, q.text_en if en and q.text_en else q.text, sep.join(texts) or self.tr("（未作答）"),
                         f"{fmt(result.question_scores[q.id])} / {fmt(q.max_points)}", not chosen))  # fmt: skip
        names = scene_level_names(self.form, self.ctx.language)
        for s in self.form.scenes:
            level = answers.scenes.get(s.id)
            tag = " ★" if s.constrained else ""
            rows.append((s.id, (s.name_en if en and s.name_en else s.name) + tag,
                         names[level] if level is not None else self.tr("（未作答）"), "", level is None))  # fmt: skip
        self.table.setRowCount(len(rows))
        self.missing = [r[0] for r in rows if r[4]]
        for i, (item, text, answer, points, missing) in enumerate(rows):
            for col, value in enumerate((item, text, answer, points)):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item)
                if missing:
                    cell.setBackground(MISSING_BRUSH)
                self.table.setItem(i, col, cell)
        self.table.resizeRowsToContents()
        self.summary.setText(
            self.tr("共 {n} 项，未作答 {m} 项。双击任一行可返回修改。").format(n=len(rows), m=len(self.missing))
        )
        self.first_missing.setEnabled(bool(self.missing))
        texts = [w.message_en if en else w.message for w in result.warnings]
        self.warnings.setText(self.tr("一致性提示：") + "\n" + "\n".join("⚠ " + t for t in texts))
        self.warnings.setVisible(bool(texts))

    def _activated(self, row: int, _col: int) -> None:
        cell = self.table.item(row, 0)
        if cell is not None:
            self.go_to_item.emit(str(cell.data(Qt.ItemDataRole.UserRole)))

    def _first_missing(self) -> None:
        if self.missing:
            self.go_to_item.emit(self.missing[0])


class ResultPage(QScrollArea):
    """结果: total and dimension scores, the level and its meaning, the rule shown openly, charts, the plan."""

    finalize_requested = Signal()
    export_requested = Signal(str)  # "pdf" | "package"

    def __init__(
        self,
        ctx: GuiContext,
        form: Form,
        parent: QWidget | None = None,
        *,
        assessment_id: int | None = None,
        runner: Runner | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.assessment_id = assessment_id  # with a runner: the plan's checklist is loaded and saved for it
        self.runner = runner
        self.on_error = on_error
        self.checks: dict[str, QCheckBox] = {}
        self.comparison: Comparison | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(label(self.tr("评测结果"), "h1"))
        head = QHBoxLayout()
        self.level = label("", "level", wrap=False)
        self.level.setObjectName("result_level")
        head.addWidget(self.level)
        scores = QVBoxLayout()
        self.total = label("", "h2")
        self.total.setObjectName("result_total")
        scores.addWidget(self.total)
        self.dims = label("")
        self.dims.setObjectName("result_dimensions")
        scores.addWidget(self.dims)
        self.meaning = label("", "muted")
        scores.addWidget(self.meaning)
        head.addLayout(scores, 1)
        layout.addLayout(head)
        self.incomplete = label("", "warning")
        self.incomplete.setVisible(False)
        layout.addWidget(self.incomplete)
        layout.addWidget(label(self.tr("等级判定规则（总分与场景两个条件须同时满足）"), "h2"))
        self.rule = QGridLayout()
        layout.addLayout(self.rule)
        self.rule_note = label("", "muted")
        layout.addWidget(self.rule_note)
        charts = QHBoxLayout()
        self.dim_chart = BarChart(self.tr("各维度得分"))
        self.scene_chart = BarChart(self.tr("各场景等级（★约束性）"))
        charts.addWidget(self.dim_chart, 1)
        charts.addWidget(self.scene_chart, 1)
        layout.addLayout(charts)
        self.plan_title = label("", "h2")
        layout.addWidget(self.plan_title)
        self.plan_summary = label("", "muted")
        layout.addWidget(self.plan_summary)
        # The plan is part of the page (which scrolls as a whole): every step at full height, no nested scroll box.
        self.plan = QWidget()
        self.plan.setObjectName("plan")
        target = form.level_name(form.target_level, ctx.language)
        self.plan.setAccessibleName(self.tr("达到{level}的改进清单").format(level=target))
        self.plan_rows = QGridLayout(self.plan)
        self.plan_rows.setColumnStretch(1, 1)
        self.plan_rows.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plan)
        self.outcome_title = label(self.tr("改造后复核的成效指标"), "h2")
        self.outcome_title.setObjectName("outcome_title")
        layout.addWidget(self.outcome_title)
        self.outcome_note = label(
            self.tr("成效指标反映改造带来的效果，不能直接“完成”，因此不列为改进步骤；改造后复核时按实际情况作答。"),
            "muted",
        )
        layout.addWidget(self.outcome_note)
        self.outcomes = label("")
        self.outcomes.setObjectName("plan_outcomes")
        layout.addWidget(self.outcomes)
        self.compare_title = label(self.tr("改造前后对比"), "h2")
        self.compare = label("")
        self.compare.setObjectName("compare_summary")
        self.compare_button = QPushButton(self.tr("查看改造前后对比(&C)…"))
        self.compare_button.setObjectName("compare_open")
        self.compare_button.clicked.connect(self.open_comparison)
        layout.addWidget(self.compare_title)
        layout.addWidget(self.compare)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_button)
        compare_row.addStretch(1)
        layout.addLayout(compare_row)
        buttons = QHBoxLayout()
        self.finalize_button = QPushButton(self.tr("定稿(&Z)"))
        self.finalize_button.clicked.connect(self.finalize_requested)
        self.pdf_button = QPushButton(self.tr("导出PDF报告(&P)…"))
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit("pdf"))
        self.package_button = QPushButton(self.tr("导出签名评测包(&S)…"))
        self.package_button.clicked.connect(lambda: self.export_requested.emit("package"))
        for b in (self.finalize_button, self.pdf_button, self.package_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setWidget(inner)

    def show(self, result: ScoreResult, finalized: bool, comparison: Comparison | None) -> None:  # type: ignore[override]
        en = self.ctx.language == "en"
        self.level.setText(self.form.level_name(result.level, self.ctx.language))
        self.total.setText(
            self.tr("总分 {total} / {max}").format(total=fmt(result.total_score), max=fmt(self.form.max_total))
        )
        self.dims.setText("　".join(
            f"{d.name_en if en and d.name_en else d.id} {fmt(result.dimension_scores[d.id])}/{fmt(d.max_points)}"
            for d in self.form.dimensions
        ))  # fmt: skip
        desc = self.form.level_description(result.level, self.ctx.language)
        self.meaning.setText(self.tr("{meaning}（{note}）").format(meaning=desc[0], note=desc[1]) if desc else "")
        self.incomplete.setText(self.tr("评测尚未完成：{n} 项未作答，未答项按 0 分 / {none}计。").format(
            n=len(result.missing), none=scene_level_names(self.form, self.ctx.language)[0]))  # fmt: skip
        self.incomplete.setVisible(not result.complete)
        self._show_rule(result)
        rule = self.form.level_rule
        self.rule_note.setText(rule.description_en if en and rule.description_en else rule.description)
        self.dim_chart.set_rows([
            (d.name_en if en and d.name_en else d.id, float(result.dimension_scores[d.id]), float(d.max_points),
             QColor(ACCENT))
            for d in self.form.dimensions
        ])  # fmt: skip
        self.scene_chart.set_rows([
            (("★" if s.constrained else "") + (s.name_en if en and s.name_en else s.name),
             float(result.scene_levels.get(s.id, 0)), float(MAX_SCENE_LEVEL),
             QColor(ACCENT if s.constrained else "#8c959f"))
            for s in self.form.scenes
        ])  # fmt: skip
        plan = result.gap_to_level_2 if not result.gap_to_level_2.reached else result.gap_to_next_level
        self._show_plan(plan, result.gap_to_level_2.reached)
        self._show_comparison(comparison)
        self.finalize_button.setEnabled(not finalized)
        self.finalize_button.setVisible(not finalized)
        self.package_button.setEnabled(finalized)  # only a finalized assessment is signed and submitted
        self.package_button.setToolTip("" if finalized else draft_export_reason())

    def _show_rule(self, result: ScoreResult) -> None:
        while self.rule.count():
            item = self.rule.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        headers = [
            self.tr("等级"),
            self.tr("总分条件"),
            self.tr("场景数（≥该级）"),
            self.tr("其中约束性"),
            self.tr("结论"),
        ]
        for col, text in enumerate(headers):
            self.rule.addWidget(label(f"<b>{text}</b>"), 0, col)
        names = self.form.level_names(self.ctx.language)

        def mark(ok: bool) -> str:
            return f"<span style='color:{OK if ok else BAD}'>{'✔' if ok else '✘'}</span>"

        for row, rc in enumerate(result.rule_checks, 1):
            cells = [
                f"<b>{names[rc.level]}</b>",
                f"{mark(rc.score_met)} {fmt(result.total_score)} ≥ {fmt(rc.min_score)}",
                f"{mark(rc.scenes >= rc.min_scenes)} {rc.scenes} / {rc.min_scenes}",
                f"{mark(rc.constrained >= rc.min_constrained)} {rc.constrained} / {rc.min_constrained}",
                mark(rc.met) + (self.tr(" 达到") if rc.met else self.tr(" 未达到")),
            ]
            for col, text in enumerate(cells):
                cell = label(text)
                cell.setTextFormat(Qt.TextFormat.RichText)
                cell.setObjectName(f"rule_{rc.level}_{col}")
                self.rule.addWidget(cell, row, col)

    def _clear_plan(self) -> None:
        self.checks = {}
        while self.plan_rows.count():
            item = self.plan_rows.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()

    def _show_plan(self, plan: Plan | None, target_reached: bool) -> None:
        self._clear_plan()
        self._show_outcomes(plan)
        if plan is None:
            self.plan_title.setText(self.tr("已达到最高等级"))
            self.plan_summary.setText("")
            return
        names = self.form.level_names(self.ctx.language)
        scene_names = scene_level_names(self.form, self.ctx.language)
        target = names[self.form.target_level]
        if target_reached and plan.target_level > self.form.target_level:
            self.plan_title.setText(
                self.tr("已达到{target}。迈向{level}的改进清单").format(target=target, level=names[plan.target_level])
            )
        else:
            self.plan_title.setText(self.tr("达到{level}的改进清单").format(level=names[plan.target_level]))
        self.plan_summary.setText(self.plan_sentence(plan))
        number = 0
        en = self.ctx.language == "en"
        sep, colon = ("; ", ": ") if en else ("；", "：")
        for step in plan.question_steps:
            number += 1
            texts = sep.join(f"{o.id}. {o.text_en if en and o.text_en else o.text}" for o in step.options)
            if step.multi:
                action = self.tr("增选：{options}（+{points}分）")
            else:
                action = self.tr("提升至：{options}（+{points}分）")
            action = action.format(options=texts, points=fmt(step.points_gain))
            question = self.form.question(step.question_id)
            title = question.text_en if en and question is not None and question.text_en else step.question_text
            self._add_plan_item(step.question_id, f"{number}. {step.question_id} {title}", action)
        for sstep in plan.scene_steps:
            number += 1
            star = "★" if sstep.constrained else ""
            scene = self.form.scene(sstep.scene_id)
            name = scene.name_en if en and scene is not None and scene.name_en else sstep.name
            title = (f"{number}. {sstep.scene_id} {star}{name}{colon}{scene_names[sstep.from_level]} → "
                     f"{scene_names[sstep.to_level]}")  # fmt: skip
            self._add_plan_item(sstep.scene_id, title, sstep.text)
        if not number:
            self.plan_rows.addWidget(label(self.tr("无需改进：已满足条件。")), 0, 0, 1, 2)
        self._load_checks()

    def plan_sentence(self, plan: Plan) -> str:
        """The plan's count sentence: "at least" where the rule sets a minimum of constrained scenes."""
        level = self.form.level_name(plan.target_level, self.ctx.language)
        if plan.scene_upgrades_needed and plan.constrained_upgrades_needed:
            text = self.tr("还需 {p} 分（{q} 步），并将 {s} 个场景提升到{level}（其中至少 {c} 个为约束性场景）。")
        elif plan.scene_upgrades_needed:
            text = self.tr("还需 {p} 分（{q} 步），并将 {s} 个场景提升到{level}。")
        else:
            text = self.tr("还需 {p} 分（{q} 步）。")
        text = text.format(
            p=fmt(plan.points_needed),
            q=plan.question_effort,
            s=plan.scene_upgrades_needed,
            level=level,
            c=plan.constrained_upgrades_needed,
        )
        if plan.outcome_points_needed:
            text += self.tr("其余 {p} 分只能来自成效指标。").format(p=fmt(plan.outcome_points_needed))
        return text

    def _show_outcomes(self, plan: Plan | None) -> None:
        shown = plan is not None and bool(plan.outcomes)
        for w in (self.outcome_title, self.outcome_note, self.outcomes):
            w.setVisible(shown)
        if plan is None:
            return
        en = self.ctx.language == "en"
        lines = []
        for o in plan.outcomes:
            question = self.form.question(o.question_id)
            title = question.text_en if en and question is not None and question.text_en else o.question_text
            lines.append(
                self.tr("{item} {title}：现 {points} / {max} 分").format(
                    item=o.question_id, title=title, points=fmt(o.points), max=fmt(o.max_points)
                )
            )
        self.outcomes.setText("\n".join(lines))

    def _scene_name(self, scene_id: str, fallback: str) -> str:
        scene = self.form.scene(scene_id)
        return scene.name_en if self.ctx.language == "en" and scene is not None and scene.name_en else fallback

    def _add_plan_item(self, item: str, title: str, detail: str) -> None:
        row = self.plan_rows.rowCount()
        box = QCheckBox()
        box.setObjectName(f"plan_step_{item}")
        box.setAccessibleName(title)
        box.setToolTip(self.tr("标记为已完成（按评测保存）"))
        box.toggled.connect(lambda done, item=item: self._save_check(item, done))
        text = label(f"{title}\n   {detail}")
        text.setObjectName(f"plan_text_{item}")
        self.plan_rows.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
        self.plan_rows.addWidget(text, row, 1)
        self.checks[item] = box

    def _load_checks(self) -> None:
        if self.runner is None or self.assessment_id is None:
            return
        aid, ws = self.assessment_id, self.ctx.workspace
        self.runner.run(lambda: ws.plan_checklist(aid), self._apply_checks, self.on_error)

    def _apply_checks(self, done: frozenset[str]) -> None:
        for item, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(item in done)
            box.blockSignals(False)

    def _save_check(self, item: str, done: bool) -> None:
        if self.runner is None or self.assessment_id is None:
            return
        aid, ws = self.assessment_id, self.ctx.workspace
        self.runner.run_serial(lambda: ws.set_plan_step_done(aid, item, done), None, self.on_error)

    def open_comparison(self) -> ComparisonDialog | None:
        if self.comparison is None:
            return None
        dialog = ComparisonDialog(self.ctx, self.comparison, parent=self)
        dialog.open()
        return dialog

    def _show_comparison(self, c: Comparison | None) -> None:
        self.comparison = c
        for w in (self.compare_title, self.compare, self.compare_button):
            w.setVisible(c is not None)
        if c is None:
            return
        before = c.form_before or self.form
        after = c.form_after or self.form
        lang = self.ctx.language
        answer = self.tr("是") if c.reaches_target_after else self.tr("否")
        self.compare.setText(
            self.tr("等级：{a} → {b}；总分：{x} → {y}（{d}）；改造后达到{target}：{answer}").format(
                a=before.level_name(c.level_before, lang),
                b=after.level_name(c.level_after, lang),
                x=fmt(c.total_before),
                y=fmt(c.total_after),
                d=signed(c.total_delta),
                target=after.level_name(c.target_level, lang),
                answer=answer,
            )
        )
