"""`--smoke-test`: walk a complete assessment through the real widgets and check the result page."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app import paths
from app.core.answers import parse_answers, parse_json_text
from app.core.form import MAX_SCENE_LEVEL, Form
from app.core.scoring import score
from app.services.workspace import EnterpriseInput
from app.ui.cards import QuestionCard, SceneCard
from app.ui.main_window import MainWindow
from app.ui.widgets import fmt

SMOKE_USCC = "91350100M000100Y43"


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() > deadline:
            raise TimeoutError("the GUI did not finish in time")
        time.sleep(0.002)


def fill_through_widgets(window: MainWindow, document: dict[str, object]) -> None:
    """Answer every item of an answer document by clicking and typing in the wizard's widgets."""
    view = window.view
    answers = document.get("answers", {})
    scenes = document.get("scenes", {})
    figures = document.get("figures", {})
    notes = document.get("notes", {})
    assert isinstance(answers, dict) and isinstance(scenes, dict)
    assert isinstance(figures, dict) and isinstance(notes, dict)
    for item, card in view.cards.items():
        view.go_to_item(item)
        if isinstance(card, QuestionCard):
            chosen = answers.get(item)
            for oid in [chosen] if isinstance(chosen, str) else list(chosen or []):
                button = card.option_buttons[str(oid)]
                if not button.isChecked():
                    button.click()
            for fid, value in dict(figures.get(item, {})).items():
                edit = card.figure_edits[fid]
                edit.setFocus()
                edit.setText(str(value))
                edit.editingFinished.emit()
        elif isinstance(card, SceneCard) and item in scenes:
            card.level_buttons[int(scenes[item])].click()
        if item in notes:
            card.note.setPlainText(str(notes[item]))
            card.note.commit()
        QApplication.processEvents()


def smoke_document(form: Form, sample: Mapping[str, Any]) -> dict[str, Any]:
    """The sample's answers as a document for ``form``'s revision; items the sample lacks get a fixed answer.

    The shipped sample is answered on miit-2024 revision 1; its answers are valid on every data-only revision. A
    variant (another form id) keeps the sample's answers where its items accept them and answers the rest (a
    17th scene, say) with the option in the middle, or level 1.
    """
    answers: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    given = sample.get("answers", {})
    for q in form.questions:
        value = given.get(q.id)
        chosen = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        valid = bool(chosen) and all(q.option(str(o)) is not None for o in chosen)
        if valid and (q.is_multi == isinstance(value, list)):
            answers[q.id] = value
        else:
            scoring = [o for o in q.options if not o.exclusive]
            middle = scoring[len(scoring) // 2].id
            answers[q.id] = [middle] if q.is_multi else middle
        kept = {fid: v for fid, v in dict(sample.get("figures", {}).get(q.id, {})).items() if q.figure(fid)}
        if kept:
            figures[q.id] = kept
    given_scenes = sample.get("scenes", {})
    scenes = {
        sc.id: given_scenes[sc.id] if given_scenes.get(sc.id) in range(MAX_SCENE_LEVEL + 1) else 1 for sc in form.scenes
    }
    notes = {k: v for k, v in dict(sample.get("notes", {})).items() if k in form.item_ids}
    return {"form": form.id, "form_revision": form.revision, "answers": answers, "scenes": scenes,
            "figures": figures, "notes": notes}  # fmt: skip


def walk_one(window: MainWindow, form: Form, sample: Mapping[str, Any], enterprise: str) -> list[str]:
    """Walk one new assessment on ``form`` through the widgets; return what differs from the core's result."""
    ctx = window.ctx
    aid = ctx.workspace.new_assessment(enterprise, form_id=form.id).id
    if ctx.workspace.form_for(aid).content_hash != form.content_hash:
        return [f"{form.id}: the new assessment is not on revision {form.revision}"]
    document = smoke_document(form, sample)
    expected = score(form, parse_answers(document, form))
    window.home.refresh()
    window.open_assessment(aid)
    wait_until(lambda: window.view.loaded is not None and window.view.idle)
    info = window.view.info
    assert info is not None
    info.assessor.setText("冒烟测试")
    info.assessor.editingFinished.emit()
    fill_through_widgets(window, document)
    wait_until(lambda: window.view.idle)
    window.view.go(window.view.page_keys.index("result"))
    wait_until(lambda: window.view.idle)
    page = window.view.result_page
    assert page is not None
    problems = []
    scene_cards = sum(isinstance(c, SceneCard) for c in window.view.cards.values())
    if scene_cards != len(form.scenes):
        problems.append(f"{form.id}: {scene_cards} scene cards, the form has {len(form.scenes)} scenes")
    if fmt(expected.total_score) not in page.total.text():
        problems.append(f"{form.id}: total {page.total.text()!r} != {fmt(expected.total_score)}")
    if page.level.text() != form.level_name(expected.level, ctx.language):
        problems.append(f"{form.id}: level {page.level.text()!r} != {form.level_name(expected.level, ctx.language)}")
    for dim, points in expected.dimension_scores.items():
        if f"{dim} {fmt(points)}/" not in page.dims.text():
            problems.append(f"{form.id}: {dim} {page.dims.text()!r} lacks {fmt(points)}")
    stored = ctx.workspace.answers(aid)
    if stored.answers != parse_answers(document, form).answers or stored.scenes != expected.scene_levels:
        problems.append(f"{form.id}: stored answers differ from the walked document")
    if not problems:
        print(
            f"smoke test: {form.id} revision {form.revision}: total {fmt(expected.total_score)}, level "
            f"{expected.level}, {len(form.scenes)} scenes, assessment {aid}"
        )
    return problems


def run_smoke_test(window: MainWindow) -> int:
    """Walk a complete assessment on the newest revision of every installed form (bundled or installed)."""
    ctx = window.ctx
    try:
        raw = (paths.resources_dir() / "samples" / "sample-complete.json").read_bytes()
        sample = parse_json_text(raw)
        window.show()
        ctx.workspace.add_enterprise(EnterpriseInput(name="冒烟测试示例企业有限公司", uscc=SMOKE_USCC, industry="C34"))
        forms = ctx.registry.newest()
        problems: list[str] = []
        for form in forms:
            problems += walk_one(window, form, sample, SMOKE_USCC)
        if problems:
            for p in problems:
                print(f"smoke test: {p}", file=sys.stderr)
            return 1
        print(f"smoke test passed: {len(forms)} form(s), " + ", ".join(f"{f.id} r{f.revision}" for f in forms))
        return 0
    except Exception as exc:
        print(f"smoke test failed: {exc!r}", file=sys.stderr)
        return 1
    finally:
        window.close()
