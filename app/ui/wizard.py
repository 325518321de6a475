"""The assessment wizard: 企业信息 → 数字化基础 → 数字化管理 → 数字化成效 → 数字化经营 → 复核 → 结果.

Every change is saved at once through the workspace service (in order, off the GUI thread); the live score
panel and the warnings show the core's result that the save returns. Reopening lands where the user left.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.answers import AnswerSet
from app.core.display import safe_lines, safe_text
from app.core.form import Form
from app.core.industries import industry_label
from app.core.records import AssessmentRecord, AssessmentStatus, Assessor, Evidence
from app.core.scoring import ScoreResult
from app.services.ports import ConflictError
from app.services.workspace import ValidationError
from app.ui.basics import as_text, label
from app.ui.cards import ItemCard, QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.diagnosis import DiagnosisPage
from app.ui.messages import error_text
from app.ui.result import ResultPage, ReviewPage
from app.ui.runner import Runner
from app.ui.widgets import ScorePanel, scene_level_names

STEP_INFO, STEP_REVIEW, STEP_RESULT = "info", "review", "result"
STEP_DIAGNOSIS = "diagnosis"  # the consultant's findings, beside the result (app.ui.diagnosis)


class AnswerCommand(QUndoCommand):
    """One answer change (a choice or a scene level), undone and redone through the same service call as a click.

    The click itself already saved the change, so the first redo (QUndoStack.push runs it) does nothing; every later
    undo/redo is a normal, autosaved and audited change of the stored answer.
    """

    def __init__(self, view: AssessmentView, item: str, before: Any, after: Any) -> None:
        super().__init__(QCoreApplication.translate("AssessmentView", "修改 {item}").format(item=item))
        self.view, self.item, self.before, self.after = view, item, before, after
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.view.apply_answer(self.item, self.after)

    def undo(self) -> None:
        self.view.apply_answer(self.item, self.before)


@dataclass(frozen=True)
class Loaded:
    record: AssessmentRecord
    form: Form
    result: ScoreResult


class ScrollPage(QScrollArea):
    """A scrolling page of cards."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.addWidget(label(title, "h1"))
        if subtitle:
            self.body.addWidget(label(subtitle, "muted"))
        self.setWidget(inner)

    def finish(self) -> None:
        self.body.addStretch(1)

    def show_card(self, card: QWidget) -> None:
        self.ensureWidgetVisible(card, 0, 40)


class InfoPage(ScrollPage):
    """企业信息: who is assessed, by whom, when, on site or not."""

    changed = Signal()

    def __init__(self, ctx: GuiContext) -> None:
        super().__init__(self.tr("企业信息"), self.tr("核对被评企业，并填写评测人信息（定稿时必填）。"))
        self.ctx = ctx
        self.enterprise = label("", None)
        self.enterprise.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.enterprise)
        form = QFormLayout()
        self.assessor = QLineEdit()
        self.organisation = QLineEdit()
        self.role = QLineEdit()
        self.on_site = QCheckBox(self.tr("现场评定（评测人在企业现场完成）"))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        for widget, name in (
            (self.assessor, self.tr("评测人(&A)")),
            (self.organisation, self.tr("所属单位(&O)")),
            (self.role, self.tr("角色(&R)")),
            (self.date, self.tr("评测日期(&D)")),
        ):
            widget.setAccessibleName(name.replace("&", ""))
            form.addRow(name, widget)
        form.addRow("", self.on_site)
        self.body.addLayout(form)
        # A refused entry (too long, a control character) is said under its field; what was typed stays.
        self.edits = {"assessor.name": self.assessor, "assessor.organisation": self.organisation,
                      "assessor.role": self.role}  # fmt: skip
        self.errors: dict[str, QLabel] = {}
        for index, field in enumerate(self.edits):  # rows 0-2 are these edits: each gets its line beneath
            error = label("", "error")
            error.hide()
            form.insertRow(2 * index + 1, "", error)
            self.errors[field] = error
        self.form_label = label("", "muted")
        self.body.addWidget(self.form_label)
        self.finish()
        for edit in (self.assessor, self.organisation, self.role):
            edit.editingFinished.connect(self.changed)
        self.on_site.toggled.connect(lambda _: self.changed.emit())
        self.date.dateChanged.connect(lambda _: self.changed.emit())

    def show_record(self, record: AssessmentRecord, form: Form) -> None:
        e, a = record.enterprise, record.assessment
        rows = [
            (self.tr("企业名称"), e.name),
            (self.tr("统一社会信用代码"), e.uscc),
            (self.tr("行业"), industry_label(e.industry_section, e.industry_division, self.ctx.language)),
            (self.tr("地区"), e.region),
            (self.tr("评测类型"), a.kind.label if self.ctx.language != "en" else a.kind.label_en),
        ]
        self.enterprise.setText("<table>" + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                                                     for k, v in rows) + "</table>")  # fmt: skip
        for widget, value in ((self.assessor, a.assessor.name), (self.organisation, a.assessor.organisation),
                              (self.role, a.assessor.role)):  # fmt: skip
            widget.blockSignals(True)
            widget.setText(value)
            widget.blockSignals(False)
        self.on_site.blockSignals(True)
        self.on_site.setChecked(a.on_site)
        self.on_site.blockSignals(False)
        self.date.blockSignals(True)
        when = a.assessed_on or date.today()
        self.date.setDate(QDate(when.year, when.month, when.day))
        self.date.blockSignals(False)
        self.form_label.setText(
            self.tr("问卷：{title}（{id}，第 {rev} 版，{hash}）").format(
                title=form.title, id=form.id, rev=form.revision, hash=form.content_hash[:19] + "…"
            )
        )

    def show_error(self, field: str, message: str) -> bool:
        """Show a refusal under its field; False when the field is not on this page."""
        error = self.errors.get(field)
        if error is None:
            return False
        error.setText(message)
        error.show()
        return True

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()

    def values(self) -> tuple[Assessor, bool, date]:
        d = self.date.date()
        return (
            Assessor(self.assessor.text().strip(), self.organisation.text().strip(), self.role.text().strip()),
            self.on_site.isChecked(),
            date(d.year(), d.month(), d.day()),
        )

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.assessor, self.organisation, self.role):
            widget.setReadOnly(read_only)
        self.on_site.setEnabled(not read_only)
        self.date.setReadOnly(read_only)


class AssessmentView(QWidget):
    """The wizard for one assessment, with the step list on the left and the live score on the right."""

    closed = Signal()
    saved = Signal(object)  # ScoreResult after each save
    export_requested = Signal(int, str)  # assessment id, what ("pdf" | "package")

    def __init__(self, ctx: GuiContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.loaded: Loaded | None = None
        self.answers: AnswerSet | None = None
        self.cards: dict[str, ItemCard] = {}
        self.card_page: dict[str, int] = {}
        self.read_only = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_home = QPushButton(self.tr("← 返回首页(&M)"))
        self.back_home.clicked.connect(self.close_view)
        self.title = label("", "h2")
        self.status = label("", "muted", wrap=False)
        top.addWidget(self.back_home)
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        layout.addLayout(top)
        self.banner = label("", "warning")
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        middle = QHBoxLayout()
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName(self.tr("评测步骤"))
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.currentRowChanged.connect(self._step_selected)
        self.stack = QStackedWidget()
        self.panel_holder = QVBoxLayout()
        middle.addWidget(self.steps)
        middle.addWidget(self.stack, 1)
        middle.addLayout(self.panel_holder)
        layout.addLayout(middle, 1)
        bottom = QHBoxLayout()
        self.saving = label("", "muted", wrap=False)
        self.prev_button = QPushButton(self.tr("上一步(&B)"))
        self.next_button = QPushButton(self.tr("下一步(&N)"))
        self.next_button.setDefault(True)
        self.prev_button.clicked.connect(lambda: self.go(self.steps.currentRow() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.steps.currentRow() + 1))
        bottom.addWidget(self.saving, 1)
        bottom.addWidget(self.prev_button)
        bottom.addWidget(self.next_button)
        layout.addLayout(bottom)
        # Enter goes on (multi-line notes keep their Enter: they take the shortcut override).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.next_button.click)
        self.page_keys: list[str] = []
        self._step_titles: list[str] = []
        self.score_panel: ScorePanel | None = None
        self.review: ReviewPage | None = None
        self.result_page: ResultPage | None = None
        self.diagnosis_page: DiagnosisPage | None = None
        self.info: InfoPage | None = None
        self._pending_saves = 0
        self._position = ""  # the item the user is at, remembered when the view closes
        self.undo_stack = QUndoStack(self)
        self._shown: dict[str, Any] = {}  # item -> the choice / level the widgets show (the undo "before")
        # One action each, shared with the main window's Edit menu (one shortcut owner, no ambiguity).
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    # Loading

    def open(self, assessment_id: int, on_ready: Callable[[], None] | None = None) -> None:
        ws = self.ctx.workspace

        def load() -> Loaded:
            form, _, result = ws.result(assessment_id)
            return Loaded(ws.record(assessment_id), form, result)

        self.status.setText(self.tr("正在打开…"))

        def done(loaded: Loaded) -> None:
            self._build(loaded)
            if on_ready is not None:
                on_ready()

        # The serial lane: the load sees every save queued before it (a reopen right after closing included).
        self.runner.run_serial(load, done, self._show_error)

    def _build(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.answers = loaded.record.answers
        form, record = loaded.form, loaded.record
        self.read_only = record.assessment.status is AssessmentStatus.FINALIZED
        self.undo_stack.clear()
        self._shown.clear()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.steps.blockSignals(True)
        self.steps.clear()
        self.cards.clear()
        self.card_page.clear()
        self.page_keys = []
        self._step_titles = []
        if self.score_panel is not None:
            self.score_panel.deleteLater()
        self.score_panel = ScorePanel(form, self.ctx.language)
        self.panel_holder.addWidget(self.score_panel)

        self.info = InfoPage(self.ctx)
        self.info.show_record(record, form)
        self.info.changed.connect(self._info_changed)
        self._add_page(STEP_INFO, self.tr("企业信息"), self.info)
        for dim in form.dimensions:
            questions = [q for q in form.questions if q.dimension == dim.id]
            name = dim.name_en if self.ctx.language == "en" and dim.name_en else dim.id
            title = self.tr("{name}（{first}–{last}）").format(name=name, first=questions[0].id, last=questions[-1].id)
            page = ScrollPage(
                title,
                self.tr("共 {n} 题，满分 {m} 分。").format(n=len(questions), m=dim.max_points),
            )
            for q in questions:
                card = QuestionCard(q, self.ctx.language, self._evidence_path, dimension_en=dim.name_en)
                self._wire(card)
                card.choice_changed.connect(self._choice_changed)
                card.figure_edited.connect(self._figure_edited)
                page.body.addWidget(card)
                self.cards[q.id] = card
                self.card_page[q.id] = len(self.page_keys)
            page.finish()
            self._add_page(dim.id, title, page)
        names = form.scene_level_names_en if self.ctx.language == "en" else form.scene_level_names
        scenes_title = self.tr("数字化经营（{n}个场景）").format(n=len(form.scenes))
        scenes_page = ScrollPage(
            scenes_title,
            self.tr("为每个场景选择企业已达到的等级描述；尚未开展的选“未达到一级”。★为约束性场景。"),
        )
        hints = form.scene_evidence_hints_en if self.ctx.language == "en" else form.scene_evidence_hints
        for group in form.scene_groups:
            scenes_page.body.addWidget(label(group.name_en if self.ctx.language == "en" else group.id, "h2"))
            for scene in (s for s in form.scenes if s.group == group.id):
                scard = SceneCard(scene, names or scene_level_names(form, self.ctx.language), self.ctx.language,
                                  self._evidence_path, hints)  # fmt: skip
                self._wire(scard)
                scard.level_changed.connect(self._scene_changed)
                scenes_page.body.addWidget(scard)
                self.cards[scene.id] = scard
                self.card_page[scene.id] = len(self.page_keys)
        scenes_page.finish()
        self._add_page("scenes", scenes_title, scenes_page)
        self.review = ReviewPage(self.ctx, form)
        self.review.go_to_item.connect(self.go_to_item)
        self._add_page(STEP_REVIEW, self.tr("复核"), self.review)
        self.result_page = ResultPage(
            self.ctx, form, assessment_id=record.assessment.id, runner=self.runner, on_error=self._show_error
        )
        self.result_page.finalize_requested.connect(self.finalize)
        self.result_page.export_requested.connect(lambda what: self.export_requested.emit(record.assessment.id, what))
        self._add_page(STEP_RESULT, self.tr("结果"), self.result_page)
        self.diagnosis_page = DiagnosisPage(self.ctx, self.runner, form, record.assessment.id, self.read_only)
        self._add_page(STEP_DIAGNOSIS, self.tr("诊断"), self.diagnosis_page)
        self.diagnosis_page.load()
        self._fill(record)
        self._update_progress(loaded.result)
        self.steps.setFixedWidth(self.steps.sizeHintForColumn(0) + 2 * self.steps.frameWidth() + 24)
        self.steps.blockSignals(False)
        self._show_result(loaded.result)
        self._update_header()
        if self.read_only:  # a finalized assessment opens on its result
            self.go(self.page_keys.index(STEP_RESULT))
        else:
            self.go_to_item(record.assessment.last_item or "", initial=True)

    def _wire(self, card: ItemCard) -> None:
        card.note_edited.connect(self._note_edited)
        card.attach_requested.connect(self._attach)
        card.remove_requested.connect(self._remove_evidence)

    def _add_page(self, key: str, title: str, widget: QWidget) -> None:
        self.page_keys.append(key)
        self.stack.addWidget(widget)
        self.steps.addItem(title)
        self._step_titles.append(title)

    def _update_progress(self, result: ScoreResult) -> None:
        """Answered/total on each section of the step list, from the core's list of unanswered items."""
        if self.loaded is None:
            return
        missing = set(result.missing)
        for row in range(len(self.page_keys)):
            items = [item for item, page in self.card_page.items() if page == row]
            entry = self.steps.item(row)
            if not items or entry is None:
                continue
            done = sum(1 for item in items if item not in missing)
            entry.setText(f"{self._step_titles[row]}  {done}/{len(items)}")
            entry.setToolTip(self.tr("已作答 {done} 项，共 {n} 项").format(done=done, n=len(items)))

    def _fill(self, record: AssessmentRecord) -> None:
        answers = record.answers
        by_item: dict[str, list[Evidence]] = {}
        for ev in record.evidence:
            by_item.setdefault(ev.item, []).append(ev)
        for item, card in self.cards.items():
            if isinstance(card, QuestionCard):
                card.set_selection(answers.selected(item))
                card.set_figures(answers.figures.get(item, {}))
                self._shown[item] = card.selection()
            elif isinstance(card, SceneCard):
                card.set_level(answers.scenes.get(item))
                self._shown[item] = answers.scenes.get(item)
            card.note.set_saved(answers.notes.get(item, ""))
            card.evidence.set_evidence(by_item.get(item, []))
            card.set_read_only(self.read_only)
        if self.info is not None:
            self.info.set_read_only(self.read_only)

    def _update_header(self) -> None:
        if self.loaded is None:
            return
        a, e = self.loaded.record.assessment, self.loaded.record.enterprise
        kind = a.kind.label_en if self.ctx.language == "en" else a.kind.label
        self.title.setText(f"{e.name} · #{a.id} {kind}")
        self.status.setText(self.tr("已定稿") if self.read_only else self.tr("草稿 · 自动保存"))
        self.banner.setText(
            self.tr("此评测已定稿，内容不可修改。如需更正，请在首页选择“更正”，系统将创建新的修订版本。")
        )
        self.banner.setVisible(self.read_only)

    # Navigation

    def go(self, row: int) -> None:
        if 0 <= row < self.stack.count():
            self.steps.setCurrentRow(row)

    def _step_selected(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.stack.count() - 1)
        key = self.page_keys[row]
        if key in (STEP_REVIEW, STEP_RESULT) and self.loaded is not None:
            self._refresh_summary_pages()
        self._position = next((item for item, page in self.card_page.items() if page == row), key)

    def go_to_item(self, item: str, initial: bool = False) -> None:
        """Show the page holding an item and scroll to its card (from the review page, or on reopening)."""
        base = item.removeprefix("notes.").split(".")[0]
        if base in self.card_page:
            self.go(self.card_page[base])
            self._position = base
            card = self.cards[base]
            page = self.stack.currentWidget()
            if isinstance(page, ScrollPage):
                QTimer.singleShot(0, lambda: page.show_card(card))
            card.setFocus()
        elif item in self.page_keys:
            self.go(self.page_keys.index(item))
        elif initial:
            self.go(0)

    # Saving: every change goes to the service, in order, off the GUI thread

    def _save(self, fn: Callable[[], ScoreResult], card: ItemCard | None = None, figure: str | None = None) -> None:
        if self.read_only:
            return
        if card is not None:  # the item last changed is where a reopening (or 继续上次的评测) lands
            self._position = card.item
        self._pending_saves += 1
        self.saving.setText(self.tr("正在保存…"))

        def done(result: ScoreResult) -> None:
            self._pending_saves -= 1
            if isinstance(card, QuestionCard) and figure:
                card.set_figure_error(figure, "")
            if card is not None and not figure:
                card.set_note_error("")
            self._show_result(result)
            self.saved.emit(result)

        def failed(exc: BaseException) -> None:
            self._pending_saves -= 1
            if isinstance(exc, ValidationError) and isinstance(card, QuestionCard) and figure:
                card.set_figure_error(figure, error_text(exc))
                self.saving.setText(self.tr("未保存：{msg}").format(msg=error_text(exc)))
                return
            if isinstance(exc, ConflictError):
                self._offer_reload(exc)
                return
            if isinstance(exc, ValidationError) and card is not None and exc.field.startswith("notes."):
                card.set_note_error(error_text(exc))  # the typed note stays in the box, to be shortened or fixed
                self.saving.setText(self.tr("未保存：{msg}").format(msg=error_text(exc)))
                return
            self._show_error(exc)
            if self.loaded is not None:  # put the widgets back to what is stored
                self.open(self.loaded.record.assessment.id)

        self.runner.run_serial(fn, done, failed)

    @property
    def idle(self) -> bool:
        return self._pending_saves == 0 and self.runner.idle

    def _aid(self) -> int:
        assert self.loaded is not None
        return self.loaded.record.assessment.id

    def _choice_changed(self, question_id: str, choice: Any) -> None:
        self._record_change(question_id, choice)
        self._save_answer(question_id, choice)

    def _scene_changed(self, scene_id: str, level: int) -> None:
        card = self.cards.get(scene_id)
        if isinstance(card, SceneCard):
            card.set_level(level)
        self._record_change(scene_id, level)
        self._save_answer(scene_id, level)

    def _record_change(self, item: str, value: Any) -> None:
        before = self._shown.get(item)
        self._shown[item] = value
        if before != value and not self.read_only:
            self.undo_stack.push(AnswerCommand(self, item, before, value))

    def _save_answer(self, item: str, value: Any) -> None:
        aid, ws = self._aid(), self.ctx.workspace
        card = self.cards.get(item)
        if isinstance(card, SceneCard):
            self._save(lambda: ws.set_scene(aid, item, value), card)
        else:
            self._save(lambda: ws.set_choice(aid, item, value), card)

    def apply_answer(self, item: str, value: Any) -> None:
        """Undo/redo: show the item, put its widgets to ``value`` and save it like a click would."""
        card = self.cards.get(item)
        if card is None or self.read_only:
            return
        if isinstance(card, QuestionCard):
            card.set_selection(() if value is None else (value,) if isinstance(value, str) else value)
        elif isinstance(card, SceneCard):
            card.set_level(value)
        self._shown[item] = value
        self.go_to_item(item)
        self._save_answer(item, value)

    def _figure_edited(self, question_id: str, figure_id: str, text: str) -> None:
        aid, ws = self._aid(), self.ctx.workspace
        card = self.cards.get(question_id)
        stored = self.answers.figures.get(question_id, {}).get(figure_id) if self.answers else None
        if (stored is None and not text.strip()) or (stored is not None and text.strip() == str(stored)):
            return
        self._save(lambda: ws.set_figure(aid, question_id, figure_id, text), card, figure_id)

    def _note_edited(self, item: str, text: str) -> None:
        aid, ws = self._aid(), self.ctx.workspace
        self._save(lambda: ws.set_note(aid, item, text), self.cards.get(item))

    def _info_changed(self) -> None:
        if self.info is None or self.read_only:
            return
        aid, ws = self._aid(), self.ctx.workspace
        assessor, on_site, when = self.info.values()
        self._pending_saves += 1

        info = self.info

        def done(_: object) -> None:
            self._pending_saves -= 1
            info.clear_errors()
            self.saving.setText(self.tr("已保存"))

        def failed(exc: BaseException) -> None:
            self._pending_saves -= 1
            if isinstance(exc, ConflictError):
                self._offer_reload(exc)
                return
            if isinstance(exc, ValidationError) and info.show_error(exc.field, error_text(exc)):
                self.saving.setText(self.tr("未保存：{msg}").format(msg=error_text(exc)))
                return
            self._show_error(exc)

        self.runner.run_serial(lambda: ws.update_info(aid, assessor, on_site, when), done, failed)

    def _attach(self, item: str, path: Path) -> None:
        aid, ws = self._aid(), self.ctx.workspace
        self.runner.run_serial(lambda: ws.add_evidence(aid, item, path), lambda _: self._reload_evidence(item),
                               self._show_error)  # fmt: skip

    def _remove_evidence(self, evidence_id: int) -> None:
        ws = self.ctx.workspace
        self.runner.run_serial(
            lambda: ws.remove_evidence(evidence_id), lambda ev: self._reload_evidence(ev.item), self._show_error
        )

    def _reload_evidence(self, item: str) -> None:
        aid, ws = self._aid(), self.ctx.workspace

        def show(evidence: list[Evidence]) -> None:
            card = self.cards.get(item)
            if card is not None:
                card.evidence.set_evidence([ev for ev in evidence if ev.item == item])

        self.runner.run(lambda: ws.evidence(aid), show, self._show_error)

    def _evidence_path(self, ev: Evidence) -> Path:
        return self.ctx.workspace.evidence_path(ev)

    def _show_result(self, result: ScoreResult) -> None:
        if self.loaded is None:
            return
        self.loaded = Loaded(self.loaded.record, self.loaded.form, result)
        if self.diagnosis_page is not None:
            self.diagnosis_page.set_result(result)
        if self.score_panel is not None:
            self.score_panel.show_result(result)
        self._update_progress(result)
        by_item: dict[str, list[str]] = {}
        for w in result.warnings:
            for item in w.items[:1]:
                by_item.setdefault(item, []).append(w.message_en if self.ctx.language == "en" else w.message)
        for item, card in self.cards.items():
            if isinstance(card, QuestionCard):
                card.set_warnings(by_item.get(item, []))
        self.saving.setText(self.tr("已保存") if not self.read_only else "")
        key = self.page_keys[self.steps.currentRow()] if self.steps.currentRow() >= 0 else ""
        if key in (STEP_REVIEW, STEP_RESULT):
            self._refresh_summary_pages()

    def _refresh_summary_pages(self) -> None:
        if self.loaded is None:
            return
        aid, ws = self._aid(), self.ctx.workspace
        result = self.loaded.result

        def fetch() -> tuple[AnswerSet, Any]:
            answers = ws.answers(aid)
            return answers, self._comparison(aid)

        def show(data: tuple[AnswerSet, Any]) -> None:
            answers, comparison = data
            self.answers = answers
            if self.review is not None:
                self.review.show(answers, result)
            if self.result_page is not None:
                self.result_page.show(result, self.read_only, comparison)
            for item, card in self.cards.items():
                card.set_missing(item in result.missing)

        self.runner.run(fetch, show, self._show_error)

    def _comparison(self, aid: int) -> Any:
        """The enterprise's before/after comparison (the service's pair) when this assessment is one of the pair."""
        ws = self.ctx.workspace
        pair = ws.comparison_pair(ws.assessment(aid).enterprise_id)
        if pair is None or aid not in (pair[0].id, pair[1].id):
            return None
        return ws.compare(pair[0].id, pair[1].id)

    # Finalizing

    def finalize(self) -> None:
        if self.loaded is None or self.read_only:
            return
        answer = QMessageBox.question(
            self,
            self.tr("定稿"),
            self.tr("定稿后评测内容将不可修改（如需更正将生成新的修订版本）。确定定稿吗？"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        aid, ws = self._aid(), self.ctx.workspace
        # Reopened read-only, the view lands on the result page (where 定稿 was pressed).
        self.runner.run_serial(lambda: ws.finalize(aid), lambda _: self.open(aid), self._show_error)

    def close_view(self) -> None:
        for card in self.cards.values():
            card.note.commit()
        if self.loaded is not None and not self.read_only and self._position:
            aid, item, ws = self._aid(), self._position, self.ctx.workspace
            self.runner.run_serial(lambda: ws.remember_position(aid, item))
        self.closed.emit()

    def _offer_reload(self, exc: ConflictError) -> None:
        """Another user saved this assessment since it was opened here: nothing was saved; offer to reload it."""
        when = exc.at.astimezone().strftime("%Y-%m-%d %H:%M") if exc.at else ""
        self.saving.setText(self.tr("未保存：他人已修改此评测"))
        answer = QMessageBox.question(
            self,
            self.tr("评测已被他人修改"),
            as_text(
                self.tr("{actor} 于 {when} 修改了此评测，您的这项更改未保存。\n是否重新载入，查看最新内容？").format(
                    actor=safe_text(exc.actor), when=when
                )
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes and self.loaded is not None:
            self.open(self.loaded.record.assessment.id)

    def _show_error(self, exc: BaseException) -> None:
        self.saving.setText("")
        QMessageBox.warning(self, self.tr("无法完成操作"), as_text(safe_lines(error_text(exc))))
