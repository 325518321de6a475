"""The live score panel and the result page take level names and the target level from the assessment's form."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.answers import parse_answers
from app.core.scoring import score
from app.services.forms import FormRegistry
from app.ui.context import GuiContext
from app.ui.result import ResultPage
from app.ui.widgets import ScorePanel
from tests.conftest import SAMPLES_DIR
from tests.ui.test_models import CITY_LEVEL_TWO, revision_two

SAMPLE: dict[str, Any] = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))


def test_score_panel_counts_toward_the_forms_target(qapp: QApplication, registry: FormRegistry) -> None:
    first, second = registry.get("miit-2024", 1), revision_two()
    doc = {k: v for k, v in SAMPLE.items() if k != "form_revision"}
    panel = ScorePanel(first, "zh")
    panel.show_result(score(first, parse_answers(doc, first)))
    assert panel.level.text() == "当前等级：二级"
    assert panel.gap.text() == "已达到二级"
    assert panel.scenes.text().startswith("二级及以上场景：")
    assert panel.total.text().endswith(" / 100 分")
    city = ScorePanel(second, "zh")
    city.show_result(score(second, parse_answers(doc, second)))
    assert city.level.text() == f"当前等级：{CITY_LEVEL_TWO}"
    assert city.gap.text().startswith("距三级：还差 ")
    assert city.scenes.text().startswith("三级及以上场景：")
    english = ScorePanel(second, "en")
    english.show_result(score(second, parse_answers(doc, second)))
    assert english.level.text().endswith("Level 2 (city)")  # form data's English name (untranslated source here)


def test_result_page_names_levels_and_plan_by_the_form(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    form = revision_two()
    doc = {k: v for k, v in SAMPLE.items() if k != "form_revision"}
    result = score(form, parse_answers(doc, form))
    assert result.level == 2 and not result.gap_to_level_2.reached  # level 2 reached, target 3 not
    page = ResultPage(gui_ctx, form)
    qtbot.addWidget(page)
    page.show(result, False, None)
    assert page.level.text() == CITY_LEVEL_TWO
    assert page.plan_title.text() == "达到三级的改进清单"
    assert page.plan.accessibleName() == "达到三级的改进清单"
    rule = [w.text() for w in page.findChildren(type(page.level)) if w.objectName() == "rule_2_0"]
    assert rule == [f"<b>{CITY_LEVEL_TWO}</b>"]


def test_result_page_shows_2022_descriptions_only_under_their_label(
    qtbot: QtBot, gui_ctx: GuiContext, registry: FormRegistry
) -> None:
    doc = {k: v for k, v in SAMPLE.items() if k != "form_revision"}
    for revision, shown in ((1, False), (2, True)):
        form = registry.get("miit-2024", revision)
        page = ResultPage(gui_ctx, form)
        qtbot.addWidget(page)
        page.show(score(form, parse_answers(doc, form)), False, None)
        assert ("2022年版，仅供参考" in page.meaning.text()) is shown
        assert "仅供理解" not in page.meaning.text()


def test_dimension_figures_are_beside_the_bar_not_over_its_fill(qapp: QApplication, registry: FormRegistry) -> None:
    """Finding (issue 13): the score-bar text sat under the fill edge, so "11.25" read "1.25"."""
    form = registry.get("miit-2024", 1)
    doc = {k: v for k, v in SAMPLE.items() if k != "form_revision"}
    result = score(form, parse_answers(doc, form))
    panel = ScorePanel(form, "zh")
    panel.show_result(result)
    for dim in form.dimensions:
        bar = panel.bars[dim.id]
        assert not bar.isTextVisible()
        points = result.dimension_scores[dim.id]
        assert panel.bar_texts[dim.id].text().startswith(f"{points.normalize():f}".rstrip("0").rstrip(".") + " / ")
