"""Provenance in its place (issue 13): cards show product text only, ⓘ on disputed items, 指标解释 everywhere,
English scene levels marked once as an unofficial translation, and the Help menu's three entries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.workspace import EnterpriseInput
from app.ui.cards import Collapsible, QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from tests.report.test_product_text import banned_in

USCC = "91350100M000100Y43"


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    locale = QLocale()
    t = Translations(qapp)
    yield t
    for translator in t.installed:
        qapp.removeTranslator(translator)
    t.installed = []
    QLocale.setDefault(locale)


def open_window(qtbot: QtBot, ctx: GuiContext, translations: Translations, revision: int | None = None) -> MainWindow:
    ctx.workspace.add_enterprise(EnterpriseInput(name="文本测试企业", uscc=USCC))
    doc = {"form": "miit-2024", "form_revision": revision} if revision else None
    aid = ctx.workspace.new_assessment(USCC, answers_document=doc).id if doc else ctx.workspace.new_assessment(USCC).id
    win = MainWindow(ctx, translations)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.open_assessment(aid)
    ready(qtbot, win)
    return win


def ready(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.runner.idle and win.view.loaded is not None and win.view.idle, timeout=20000)


def close(qtbot: QtBot, win: MainWindow) -> None:
    win.close()
    qtbot.waitUntil(lambda: win.runner.idle, timeout=20000)
    win.runner.wait()


def shown_texts(widget: QWidget) -> list[str]:
    return [t for w in widget.findChildren(QWidget) for t in (getattr(w, "text", lambda: "")(), w.toolTip()) if t]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("revision", [2, None])
def test_cards_show_no_editorial_words_on_revision_2_or_the_default(
    qtbot: QtBot, gui_ctx: GuiContext, translations: Translations, revision: int | None, lang: str
) -> None:
    """Finding: question cards showed "来源分歧：来源A…", "工具B的填报指引（非官方）"; classified by field now."""
    gui_ctx.language = lang
    translations.switch(lang)
    win = open_window(qtbot, gui_ctx, translations, revision)
    try:
        cards = win.view.cards
        assert len(cards) == 31
        found = {item: hits for item, card in cards.items() for t in shown_texts(card) if (hits := banned_in(t))}
        assert not found, found
        assert win.view.loaded is not None and win.view.loaded.form.revision == (revision or 3)
    finally:
        close(qtbot, win)


def test_disputed_items_have_an_i_button_that_opens_their_note(
    qtbot: QtBot, gui_ctx: GuiContext, translations: Translations
) -> None:
    """On a disputed item a small ⓘ opens its note; undisputed items have none."""
    win = open_window(qtbot, gui_ctx, translations)
    try:
        cards = win.view.cards
        disputed = {i for i, c in cards.items() if getattr(c, "wording", None) is not None}
        assert disputed == {"Q1", "Q4", "Q8", "Q10", "Q11", "S01", "S02", "S04", "S08", "S09", "S12"}
        q1 = cards["Q1"]
        assert isinstance(q1, QuestionCard) and q1.wording is not None and q1.wording.text() == "ⓘ"
        q1.wording.click()
        qtbot.waitUntil(lambda: win.findChild(QMessageBox, "Q1_wording_note") is not None)
        box = win.findChild(QMessageBox, "Q1_wording_note")
        assert box is not None and box.isVisible()
        assert "较简短的表述" in box.text() and not banned_in(box.text())
        box.close()
    finally:
        close(qtbot, win)


def test_every_question_and_scene_has_an_explanation(
    qtbot: QtBot, gui_ctx: GuiContext, translations: Translations
) -> None:
    """Finding: only some questions had 指标解释, and no scene did."""
    win = open_window(qtbot, gui_ctx, translations)
    try:
        for item, card in win.view.cards.items():
            folds = [c for c in card.findChildren(Collapsible) if c.toggle.text() == "指标解释"]
            assert len(folds) == 1, item
            assert folds[0].body.text().strip(), item  # type: ignore[attr-defined]
    finally:
        close(qtbot, win)


def test_english_mode_shows_translated_scene_levels_marked_once(
    qtbot: QtBot, gui_ctx: GuiContext, translations: Translations
) -> None:
    """English texts for the 64 scene levels, with one "unofficial translation" mark per card, not per line."""
    gui_ctx.language = "en"
    translations.switch("en")
    win = open_window(qtbot, gui_ctx, translations)
    try:
        form = win.view.loaded.form if win.view.loaded else None
        assert form is not None
        assert sum(len(s.levels_en) for s in form.scenes) == 64
        for scene in form.scenes:
            card = win.view.cards[scene.id]
            assert isinstance(card, SceneCard)
            texts = [w.text() for w in card.findChildren(QLabel)]
            for level in range(1, 5):
                assert scene.levels_en[level] in texts, (scene.id, level)
                assert scene.levels[level] not in texts  # the official Chinese is the tooltip
            marks = [t for t in texts if "unofficial" in t.lower()]
            assert len(marks) == 1, (scene.id, marks)
    finally:
        close(qtbot, win)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_help_menu_has_how_to_indicator_texts_and_about(
    qtbot: QtBot, gui_ctx: GuiContext, translations: Translations, lang: str
) -> None:
    """Finding: the 帮助 menu had only 关于."""
    gui_ctx.language = lang
    translations.switch(lang)
    win = open_window(qtbot, gui_ctx, translations)
    try:
        help_menu = win.menuBar().actions()[-1].menu()
        names = [a.text() for a in help_menu.actions() if not a.isSeparator()]  # type: ignore[union-attr]
        expected = {"zh": ["使用说明(&U)", "指标文本说明(&T)", "关于(&A)"],
                    "en": ["How to &use", "About the indicator &texts", "&About"]}  # fmt: skip
        assert names == expected[lang]
        form = win.view.loaded.form if win.view.loaded else None
        assert form is not None
        about = win.show_indicator_texts()
        text = about.text.toPlainText()
        for para in form.about_texts(lang):
            assert para in text
        assert ("非官方译文" if lang == "zh" else "unofficial translations") in text
        assert not banned_in(text)
        about.close()
        how = win.show_how_to()
        text = how.text.toPlainText()
        for row in form.level_rule.levels:  # the rule's rows come from the form's data
            assert f"{row.min_score}" in text and f"{row.min_scenes}" in text
        assert ".sdap" in text and not banned_in(text)
        how.close()
    finally:
        close(qtbot, win)
