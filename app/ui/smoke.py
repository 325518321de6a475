"""`--smoke-test`: walk a complete assessment through the real widgets and check the result page."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app import paths
from app.core.answers import parse_answers, parse_json_text
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


def run_smoke_test(window: MainWindow) -> int:
    ctx = window.ctx
    try:
        raw = (paths.resources_dir() / "samples" / "sample-complete.json").read_bytes()
        document = parse_json_text(raw)
        form = ctx.registry.get(document["form"])
        expected = score(form, parse_answers(document, form))
        window.show()
        ctx.workspace.add_enterprise(EnterpriseInput(name="冒烟测试示例企业有限公司", uscc=SMOKE_USCC, industry="C34"))
        aid = ctx.workspace.new_assessment(SMOKE_USCC).id
        window.home.refresh()
        window.open_assessment(aid)
        wait_until(lambda: window.view.loaded is not None and window.view.idle)
        info = window.view.info
        assert info is not None
        info.assessor.setText("冒烟测试")
        info.assessor.editingFinished.emit()
        fill_through_widgets(window, document)
        wait_until(lambda: window.view.idle)
        window.view.go(len(window.view.page_keys) - 1)
        wait_until(lambda: window.view.idle)
        page = window.view.result_page
        assert page is not None
        problems = []
        if fmt(expected.total_score) not in page.total.text():
            problems.append(f"total {page.total.text()!r} != {fmt(expected.total_score)}")
        level = form.level_name(expected.level, ctx.language)
        if page.level.text() != level:
            problems.append(f"level {page.level.text()!r} != {level}")
        for dim, points in expected.dimension_scores.items():
            if f"{dim} {fmt(points)}/" not in page.dims.text():
                problems.append(f"{dim} {page.dims.text()!r} lacks {fmt(points)}")
        stored = ctx.workspace.answers(aid)
        if stored.answers != parse_answers(document, form).answers or stored.scenes != expected.scene_levels:
            problems.append("stored answers differ from the sample")
        if problems:
            for p in problems:
                print(f"smoke test: {p}", file=sys.stderr)
            return 1
        print(f"smoke test passed: total {fmt(expected.total_score)}, level {expected.level}, assessment {aid}")
        return 0
    except Exception as exc:
        print(f"smoke test failed: {exc!r}", file=sys.stderr)
        return 1
    finally:
        window.close()
