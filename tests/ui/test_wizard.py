"""The assessment wizard through its real widgets: walk-through, resume, exclusivity, validation, read-only."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.core.answers import parse_answers, parse_json_text
from app.core.scoring import score
from app.services.workspace import EnterpriseInput
from app.ui.cards import QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.runner import Runner
from app.ui.smoke import fill_through_widgets
from app.ui.widgets import fmt
from app.ui.wizard import AssessmentView
from tests.conftest import SAMPLES_DIR

USCC = "91350100M000100Y43"
SAMPLE: dict[str, Any] = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())


def new_view(qtbot: QtBot, ctx: GuiContext, runner: Runner, aid: int) -> AssessmentView:
    view = AssessmentView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    view.open(aid)
    qtbot.waitUntil(lambda: view.loaded is not None and view.idle, timeout=20000)
    return view


def make_assessment(ctx: GuiContext, document: dict[str, Any] | None = None) -> int:
    if ctx.workspace.repo.find_enterprise_by_uscc(USCC) is None:
        ctx.workspace.add_enterprise(EnterpriseInput(name="界面测试企业", uscc=USCC))
    return ctx.workspace.new_assessment(USCC, answers_document=document).id


def card(view: AssessmentView, item: str) -> Any:
    return view.cards[item]


def test_walk_through_every_question_matches_the_core(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    fill_through_widgets(_holder(view), SAMPLE)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    view.go(view.page_keys.index("result"))
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    form = gui_ctx.workspace.form_for(aid)  # a new assessment starts on the newest revision
    walked = parse_answers({**SAMPLE, "form_revision": form.revision}, form)  # the sample's answers, on this revision
    expected = score(form, walked)
    page = view.result_page
    assert page is not None
    assert page.total.text() == f"总分 {fmt(expected.total_score)} / 100"
    assert page.level.text() == form.level_name(expected.level) == form.level_rule.threshold(expected.level).name
    for dim, points in expected.dimension_scores.items():
        assert f"{dim} {fmt(points)}/" in page.dims.text()
    plan = expected.gap_to_level_2 if not expected.gap_to_level_2.reached else expected.gap_to_next_level
    assert plan is not None
    assert len(page.checks) == len(plan.question_steps) + len(plan.scene_steps)
    rule2 = page.findChild(type(page.total), "rule_2_2")
    c2 = next(c for c in expected.scene_counts if c.level == 2)
    assert rule2 is not None and f"{c2.scenes} / 6" in rule2.text()
    stored = gui_ctx.workspace.answers(aid)
    assert stored.answers == walked.answers
    assert stored.scenes == walked.scenes
    assert stored.figures == walked.figures
    assert view.score_panel is not None
    assert view.score_panel.total.text().startswith(fmt(expected.total_score))


class _Holder:
    def __init__(self, view: AssessmentView) -> None:
        self.view = view


def _holder(view: AssessmentView) -> _Holder:
    return _Holder(view)


def test_none_is_exclusive_in_multi_choice(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    view = new_view(qtbot, gui_ctx, runner, make_assessment(gui_ctx))
    q1: QuestionCard = card(view, "Q1")
    q1.option_buttons["B"].click()
    q1.option_buttons["C"].click()
    qtbot.waitUntil(lambda: view.idle)
    assert gui_ctx.workspace.answers(view._aid()).answers["Q1"] == ("B", "C")
    q1.option_buttons["A"].click()
    assert not q1.option_buttons["B"].isChecked() and not q1.option_buttons["C"].isChecked()
    qtbot.waitUntil(lambda: view.idle)
    assert gui_ctx.workspace.answers(view._aid()).answers["Q1"] == ("A",)
    q1.option_buttons["D"].click()
    assert not q1.option_buttons["A"].isChecked()
    qtbot.waitUntil(lambda: view.idle)
    assert gui_ctx.workspace.answers(view._aid()).answers["Q1"] == ("D",)


def test_resume_lands_where_the_user_left(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    s07: SceneCard = card(view, "S07")
    view.go_to_item("S07")
    s07.level_buttons[3].click()
    q9: QuestionCard = card(view, "Q9")
    q9.note.setPlainText("制度文件见附件")
    q9.note.commit()
    view.go_to_item("S07")
    qtbot.waitUntil(lambda: view.idle)
    view.close_view()
    view.close()
    again = new_view(qtbot, gui_ctx, runner, aid)
    assert again.page_keys[again.steps.currentRow()] == "scenes"
    assert card(again, "S07").level_buttons[3].isChecked()
    assert card(again, "Q9").note.toPlainText() == "制度文件见附件"


def test_figures_validate_and_warn_inline(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    view = new_view(qtbot, gui_ctx, runner, make_assessment(gui_ctx))
    q2: QuestionCard = card(view, "Q2")
    q3: QuestionCard = card(view, "Q3")
    edit = q2.figure_edits["equipment_total"]
    qtbot.keyClicks(edit, "abc")
    assert edit.text() == ""  # the validator refuses letters in a count
    for widget, text in ((edit, "100"), (q3.figure_edits["equipment_networked"], "150")):
        widget.setText(text)
        widget.editingFinished.emit()
    qtbot.waitUntil(lambda: view.idle)
    assert not q3.warnings.isHidden() and "150" in q3.warnings.text()
    assert q2.warnings.isHidden()
    figures = gui_ctx.workspace.answers(view._aid()).figures
    assert str(figures["Q2"]["equipment_total"]) == "100"


def test_review_highlights_missing_and_jumps_back(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    partial = {"form": "miit-2024", "answers": {"Q1": ["B"]}, "scenes": {"S01": 2}}
    view = new_view(qtbot, gui_ctx, runner, make_assessment(gui_ctx, partial))
    view.go(view.page_keys.index("review"))
    qtbot.waitUntil(lambda: view.idle)
    review = view.review
    assert review is not None
    assert "Q2" in review.missing and "Q1" not in review.missing and "S01" not in review.missing
    assert len(review.missing) == 14 + 15
    review.first_missing.click()
    assert view.page_keys[view.steps.currentRow()] == "数字化基础"


def test_finalized_assessment_is_read_only(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx, SAMPLE)
    gui_ctx.workspace.update_info(aid, gui_ctx.workspace.assessment(aid).assessor.__class__("张工"), True, None)
    gui_ctx.workspace.finalize(aid)
    view = new_view(qtbot, gui_ctx, runner, aid)
    assert view.read_only and view.banner.isVisibleTo(view)
    q1: QuestionCard = card(view, "Q1")
    assert not q1.option_buttons["D"].isEnabled()
    assert q1.note.isReadOnly()


def test_refused_assessor_and_note_are_shown_inline_and_kept(qtbot: QtBot, gui_ctx: GuiContext, runner: Runner) -> None:
    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    info = view.info
    assert info is not None
    info.assessor.setText("张" * 101)
    info.assessor.editingFinished.emit()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert info.errors["assessor.name"].isVisibleTo(info) and "过长" in info.errors["assessor.name"].text()
    assert info.assessor.text() == "张" * 101 and gui_ctx.workspace.assessment(aid).assessor.name == ""
    info.assessor.setText("张工")
    info.assessor.editingFinished.emit()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert not info.errors["assessor.name"].isVisibleTo(info)
    assert gui_ctx.workspace.assessment(aid).assessor.name == "张工"
    q1 = card(view, "Q1")
    q1.note.setPlainText("现场\x1b[2J说明")
    q1.note.commit()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert q1.note_error.isVisibleTo(q1) and "控制字符" in q1.note_error.text()
    assert q1.note.toPlainText() == "现场\x1b[2J说明"  # what was typed stays, to be fixed
    assert "Q1" not in gui_ctx.workspace.answers(aid).notes
    q1.note.setPlainText("现场说明")
    q1.note.commit()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert not q1.note_error.isVisibleTo(q1) and gui_ctx.workspace.answers(aid).notes["Q1"] == "现场说明"


def test_a_save_after_another_users_change_offers_to_reload(
    qtbot: QtBot, gui_ctx: GuiContext, runner: Runner, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.main import build_workspace
    from app.store.database import WorkspaceLocation

    aid = make_assessment(gui_ctx)
    view = new_view(qtbot, gui_ctx, runner, aid)
    s07: SceneCard = card(view, "S07")
    s07.level_buttons[1].click()  # the user's own saves go through
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    other = build_workspace(WorkspaceLocation(gui_ctx.data_dir), gui_ctx.registry, "鲍工")
    other.set_scene(aid, "S07", 4)  # a colleague on the shared workspace
    other.close()
    asked: list[str] = []

    def question(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    card(view, "S07").level_buttons[2].click()
    qtbot.waitUntil(lambda: bool(asked) and view.idle, timeout=20000)
    assert len(asked) == 1 and "鲍工" in asked[0]
    assert gui_ctx.workspace.answers(aid).scenes["S07"] == 4  # nothing overwritten
    qtbot.waitUntil(lambda: card(view, "S07").level_buttons[4].isChecked(), timeout=20000)  # noqa: PLW0108 (the reload builds new cards)
    card(view, "S07").level_buttons[3].click()  # after the reload the user's saves go through again
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert gui_ctx.workspace.answers(aid).scenes["S07"] == 3 and len(asked) == 1
