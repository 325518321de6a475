"""The English translation: complete and compiled, in step with the code, and switched at run time."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services.workspace import EnterpriseInput
from app.ui.cards import QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.dialogs import EnterpriseDialog
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.wizard import STEP_RESULT, AssessmentView

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "i18n" / "app_en.ts"
QM_FILE = ROOT / "resources" / "i18n" / "app_en.qm"
UI_DIR = ROOT / "app" / "ui"
USCC = "91350100M000100Y43"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")  # ideographs and CJK punctuation
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&([^&\s])")

Key = tuple[str, str, str]  # context, source, disambiguation comment


def load_tool_script() -> ModuleType:
    script = ROOT / "build_scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_ts(path: Path) -> dict[Key, ET.Element]:
    messages: dict[Key, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            assert key not in messages, f"duplicate message {key}"
            messages[key] = message
    return messages


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


# (a) The catalogue is complete and compiled


def test_every_message_is_translated_with_its_placeholders_and_one_mnemonic() -> None:
    messages = read_ts(TS_FILE)
    assert len(messages) > 300
    for (context, source, _), message in messages.items():
        translation = message.find("translation")
        assert translation is not None, (context, source)
        where = f"{context}: {source!r}"
        assert "type" not in translation.attrib, f"{where} is {translation.attrib['type']}"
        text = translation.text or ""
        assert text.strip(), f"{where} has no translation"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), where
        assert len(MNEMONIC.findall(source)) == len(MNEMONIC.findall(text)), f"{where} → {text!r}: mnemonics"
        official = re.sub(r"\((专精特新|小巨人|规上|规下)\)", "", text)  # official terms beside the English
        assert not has_cjk(official), f"{where} → {text!r}"


def translate_all(qm: Path, keys: list[Key]) -> list[str]:
    translator = QTranslator()
    assert translator.load(str(qm)), qm
    return [translator.translate(c, s, d or None) or "" for c, s, d in keys]


def test_the_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    tool = load_tool_script()
    fresh = tmp_path / "app_en.qm"
    tool.lrelease(TS_FILE, fresh)
    if fresh.read_bytes() == QM_FILE.read_bytes():
        return
    # Another lrelease version may lay the file out differently: then every message must still translate alike.
    messages = read_ts(TS_FILE)
    keys = list(messages)
    assert translate_all(QM_FILE, keys) == translate_all(fresh, keys), "run build_scripts/update_translations.py"
    assert translate_all(QM_FILE, keys) == [messages[k].findtext("translation") for k in keys]


# (b) The catalogue is in step with the code


def test_lupdate_finds_no_string_missing_from_the_committed_ts(tmp_path: Path) -> None:
    tool = load_tool_script()
    copy = tmp_path / "app_en.ts"
    shutil.copyfile(TS_FILE, copy)
    tool.lupdate(copy, UI_DIR)
    committed, current = set(read_ts(TS_FILE)), set(read_ts(copy))
    assert not current - committed, f"new strings without translation: {sorted(current - committed)}"
    assert not committed - current, f"strings no longer in the code: {sorted(committed - current)}"


def test_every_translated_string_is_a_literal_lupdate_can_extract() -> None:
    """tr(f"…"), tr(variable) and a bare tr(…) alias are invisible to lupdate (or land in an empty context)."""
    problems = []
    for path in sorted(UI_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(func, ast.Name) and func.id in {"tr", "translate"}:
                problems.append(f"{where}: bare {func.id}()")
            elif isinstance(func, ast.Attribute) and func.attr in {"tr", "translate"}:
                literals = node.args[:2] if func.attr == "translate" else node.args[:1]
                if not literals or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in literals):
                    problems.append(f"{where}: {func.attr}() without a string literal")
                if isinstance(func.value, ast.Name) and func.attr == "tr" and func.value.id != "self":
                    problems.append(f"{where}: {func.value.id}.tr() (lupdate takes the variable name as context)")
    assert not problems, problems


# (c) Switching the language at run time


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    locale = QLocale()
    t = Translations(qapp)
    yield t
    for translator in t.installed:  # leave the application as other tests expect it: untranslated
        qapp.removeTranslator(translator)
    t.installed = []
    QLocale.setDefault(locale)


@pytest.fixture
def window(qtbot: QtBot, gui_ctx: GuiContext, translations: Translations) -> MainWindow:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="界面测试企业", uscc=USCC))
    aid = gui_ctx.workspace.new_assessment(USCC).id

    def settle(win: MainWindow) -> None:
        """Before pytest-qt closes and deletes the window (ahead of this fixture's own teardown)."""
        win.close()
        qtbot.waitUntil(lambda: win.runner.idle, timeout=20000)
        win.runner.wait()

    win = MainWindow(gui_ctx, translations)
    qtbot.addWidget(win, before_close_func=settle)
    win.resize(1280, 820)
    win.show()
    win.open_assessment(aid)
    wait_ready(qtbot, win)
    return win


def wait_ready(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.runner.idle and win.view.loaded is not None and win.view.idle, timeout=20000)


def menu_texts(win: MainWindow) -> list[str]:
    texts = []
    for top in win.menuBar().actions():
        texts.append(top.text())
        menu = top.menu()
        assert isinstance(menu, QMenu)
        texts += [a.text() for a in menu.actions() if not a.isSeparator() and a.objectName() != "language_zh"]
    return texts


def step_texts(view: AssessmentView) -> list[str]:
    return [view.steps.item(i).text() for i in range(view.steps.count())]


def label_texts(widget: QWidget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.text()]


def go_to_result(qtbot: QtBot, win: MainWindow) -> None:
    win.view.go(win.view.page_keys.index(STEP_RESULT))
    wait_ready(qtbot, win)
    page = win.view.result_page
    assert page is not None
    qtbot.waitUntil(lambda: bool(page.total.text()), timeout=20000)


def test_switching_to_english_and_back(qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext) -> None:
    assert "文件(&F)" in menu_texts(window)
    go_to_result(qtbot, window)
    row = window.view.steps.currentRow()

    window.set_language("en")
    wait_ready(qtbot, window)
    view = window.view
    assert gui_ctx.settings.value("language") == "en"
    assert gui_ctx.language == "en"
    assert view.steps.currentRow() == row  # the user stays where they were

    menus = menu_texts(window)
    assert menus[:1] == ["&File"] and "&Language" in menus and "&Help" in menus
    assert not [t for t in menus if has_cjk(t)], menus
    assert window.windowTitle().startswith("SME Digital Level Assessment")

    steps = step_texts(view)
    assert steps[0] == "Enterprise" and steps[-2:] == ["Result", "Diagnosis"]
    assert not [t for t in steps if has_cjk(t)], steps

    panel = view.score_panel
    assert panel is not None
    assert "Live score" in label_texts(panel)
    assert panel.level.text() == "Current level: Below level 1"
    assert not [t for t in label_texts(panel) if has_cjk(t)], label_texts(panel)

    page = view.result_page
    assert page is not None
    qtbot.waitUntil(lambda: page.total.text().startswith("Total"), timeout=20000)
    assert page.total.text() == "Total 0 / 100"
    assert page.level.text() == "Below level 1"
    assert page.incomplete.text().startswith("Assessment incomplete: 31 items unanswered")
    rule = page.findChild(QLabel, "rule_2_4")
    assert rule is not None and rule.text().endswith("Not met")
    shown = [page.total, page.level, page.incomplete, page.plan_title, page.plan_summary]
    shown += [w for w in page.findChildren(QLabel) if w.objectName().startswith("rule_")]
    texts = [w.text() for w in shown] + [b.text() for b in page.findChildren(QPushButton)]
    assert not [t for t in texts if has_cjk(t)], texts
    assert "Export &PDF report..." in texts

    window.set_language("zh")
    wait_ready(qtbot, window)
    assert gui_ctx.settings.value("language") == "zh"
    assert menu_texts(window)[0] == "文件(&F)"
    assert step_texts(window.view)[0] == "企业信息"
    assert window.view.score_panel is not None
    assert window.view.score_panel.level.text() == "当前等级：未达到一级"
    result = window.view.result_page
    assert result is not None
    qtbot.waitUntil(lambda: result.total.text().startswith("总分"), timeout=20000)


def test_strings_of_inherited_methods_and_helpers_are_english(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext
) -> None:
    """tr() in ItemCard (base of both card classes), wording_button(), ScrollPage's subclass and the dialogs' helper."""
    window.set_language("en")
    wait_ready(qtbot, window)
    cards = window.view.cards
    question = next(c for c in cards.values() if isinstance(c, QuestionCard) and c.question.text_note[0])
    scene = next(c for c in cards.values() if isinstance(c, SceneCard) and c.scene.text_note[0])
    for card in (question, scene):
        assert card.note.placeholderText() == "Notes (on-site remarks, data sources, etc.)"
        assert card.note.accessibleName() == "Notes"
        assert card.evidence.add_button.text() == "Add evidence..."
        assert card.wording is not None and card.wording.toolTip() == "About this item's text"
    texts = label_texts(question)
    assert any(t.startswith("Evidence hints: ") for t in texts), texts  # ItemCard.add_footer
    assert any("★ Constrained scene" in t or "Guiding scene" in t for t in label_texts(scene))
    info = window.view.info
    assert info is not None
    assert "Enterprise information" in label_texts(info)  # InfoPage's title, handed to ScrollPage
    dialog = EnterpriseDialog(gui_ctx.workspace, None, (), window)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert (dialog.windowTitle(), dialog.ok_button.text(), cancel.text()) == ("New Enterprise", "&Save", "Cancel")
    dialog.deleteLater()
    assert QCoreApplication.translate("Labels", "改造前") == "Before transformation"


def mnemonics(texts: list[str]) -> list[str]:
    return [m.upper() for t in texts for m in MNEMONIC.findall(t)]


def test_english_mnemonics_are_unique_per_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.set_language("en")
    wait_ready(qtbot, window)
    menus = mnemonics([a.text() for a in window.menuBar().actions()])
    for screen in (window.home, window.view):
        buttons = [b.text() for b in screen.findChildren(QPushButton)]
        buddies = [w.text() for w in screen.findChildren(QLabel) if w.buddy() is not None and "&" in w.text()]
        letters = menus + mnemonics(buttons + buddies)
        assert len(letters) == len(set(letters)), repr((type(screen).__name__, sorted(letters), buttons + buddies))


def screen_mnemonics(widget: QWidget, exclude: tuple[QWidget, ...] = ()) -> list[str]:
    """The mnemonics of a screen: its buttons, check boxes and labels with a buddy (what Alt+letter reaches)."""

    def inside(w: QWidget) -> bool:
        return not any(x is w or x.isAncestorOf(w) for x in exclude)

    buttons = [b.text() for b in widget.findChildren(QAbstractButton) if inside(b)]
    buddies = [w.text() for w in widget.findChildren(QLabel) if w.buddy() is not None and inside(w)]
    return mnemonics(buttons + buddies)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_mnemonics_are_unique_on_every_page_and_dialog(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, language: str
) -> None:
    """The Chinese checks (tests/ui/test_home.py, tests/ui/test_resume_and_languages.py) in both languages: on the
    home page with an enterprise selected, on each page of the assessment (with the buttons around the pages), in the
    enterprise and new-assessment dialogs, no letter is used twice, nor (outside a modal dialog) a menu's letter."""
    window.set_language(language)
    wait_ready(qtbot, window)
    menus = mnemonics([a.text() for a in window.menuBar().actions()])
    clashes: dict[str, list[str]] = {}

    def check(name: str, letters: list[str], with_menus: bool = True) -> None:
        letters = (menus if with_menus else []) + letters
        if len(letters) != len(set(letters)):
            clashes[name] = sorted(letters)

    window.show_home()
    home = window.home
    home.refresh()
    qtbot.waitUntil(lambda: window.runner.idle and home.model.rowCount() > 0, timeout=20000)
    home.select_enterprise(home.model.row_at(0).enterprise.id)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=20000)
    check("home", screen_mnemonics(home))
    view = window.view
    pages = tuple(view.stack.widget(i) for i in range(view.stack.count()))
    around = screen_mnemonics(view, exclude=pages)
    for key, page in zip(view.page_keys, pages, strict=True):
        check(f"view:{key}", around + screen_mnemonics(page))
    home.new_enterprise()
    dialog = home.active_dialog
    assert dialog is not None
    check("EnterpriseDialog", screen_mnemonics(dialog), with_menus=False)  # modal: the menus are not reachable
    dialog.reject()
    home.new_assessment()
    dialog = home.active_dialog
    assert dialog is not None
    check("NewAssessmentDialog", screen_mnemonics(dialog), with_menus=False)
    dialog.reject()
    assert not clashes, repr(clashes)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_home_header_at_1366x768_has_the_name_on_its_own_line_and_every_button_whole(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, language: str
) -> None:
    """Review finding: beside the four action buttons the enterprise name was squeezed into three lines."""
    name = "东莞市示例精密机械有限公司"
    from app.core.uscc import check_character

    gui_ctx.workspace.add_enterprise(
        EnterpriseInput(name=name, uscc="91440600MA4W00001" + check_character("91440600MA4W00001"))
    )
    window.set_language(language)
    window.resize(1366, 768)
    window.show_home()
    home = window.home
    home.refresh()
    qtbot.waitUntil(lambda: window.runner.idle and home.model.rowCount() == 2, timeout=20000)
    target = next(home.model.row_at(r).enterprise.id for r in range(2) if home.model.row_at(r).enterprise.name == name)
    home.select_enterprise(target)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=20000)
    detail = home.detail_panel
    label = detail.name_label
    qtbot.waitUntil(label.isVisible, timeout=5000)
    QApplication.processEvents()
    assert label.text() == name
    assert label.height() < 2 * label.fontMetrics().height()  # one line: the name is not squeezed
    buttons = (detail.edit_button, detail.archive_button, detail.delete_enterprise_button, detail.dossier_button)
    scroller = label.parentWidget().parentWidget()  # the info column's scroll area viewport
    for button in buttons:
        assert button.isVisible()
        top_left = button.mapTo(scroller, button.rect().topLeft())
        assert top_left.y() >= label.mapTo(scroller, label.rect().bottomLeft()).y()  # below the name
        assert top_left.x() >= 0 and top_left.x() + button.width() <= scroller.width(), button.text()  # not cut
        assert button.width() >= button.sizeHint().width(), button.text()  # its text whole


@pytest.mark.parametrize(
    ("language", "expected"), [("zh", "（miit-2024，第 {rev} 版）"), ("en", " (miit-2024, revision {rev})")]
)
def test_about_names_each_form_revision_as_product_text(
    qtbot: QtBot, window: MainWindow, gui_ctx: GuiContext, language: str, expected: str
) -> None:
    """Review finding: 关于 listed the forms as raw fields ("miit-2024 rev 3")."""
    window.set_language(language)
    text = window.about_text()
    for form in gui_ctx.registry.forms:
        title = form.title_en if language == "en" else form.title
        assert title + expected.format(rev=form.revision) in text
        assert form.content_hash in text
    assert " rev " not in text


# (d) Qt's own dialogs in Chinese

QT_EXTRA_TS = ROOT / "resources" / "i18n" / "qt_extra_zh_CN.ts"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SHORTCUT = re.compile(r"\t.*$")  # "复制(&C)\tCtrl+C": the key names stay as Qt prints them


def test_the_qt_supplement_is_compiled_from_its_ts(tmp_path: Path) -> None:
    tool = load_tool_script()
    fresh = tmp_path / "qt_extra_zh_CN.qm"
    tool.lrelease(QT_EXTRA_TS, fresh)
    messages = read_ts(QT_EXTRA_TS)
    keys = list(messages)
    committed = QT_EXTRA_TS.with_suffix(".qm")
    assert (
        translate_all(committed, keys)
        == translate_all(fresh, keys)
        == [messages[k].findtext("translation") for k in keys]
    ), "run build_scripts/update_translations.py"


def english_words(widget: QWidget) -> list[str]:
    """The visible texts of a widget and its children that still hold an English word."""
    found = []
    for w in [widget, *widget.findChildren(QWidget)]:
        text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
        if LATIN_WORD.search(text):
            found.append(f"{type(w).__name__}: {text}")
    return found


def test_qt_own_dialogs_and_menus_are_chinese(qapp: QApplication, translations: Translations) -> None:
    """Review finding: with qtbase_zh_CN loaded the file dialog still read "Look in:" and "Files of type:"."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QTextEdit, QWizard, QWizardPage

    translations.switch("zh")
    dialog = QFileDialog(None, "导出报告", str(ROOT), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    problems = []
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog.setAcceptMode(mode)
        dialog.show()
        QApplication.processEvents()
        problems += [f"file dialog: {t}" for t in english_words(dialog)]
        dialog.hide()
    dialog.deleteLater()
    box = QMessageBox()
    sb = QMessageBox.StandardButton
    for button in (sb.Ok, sb.Cancel, sb.Yes, sb.No, sb.Save, sb.Discard, sb.Close, sb.Apply, sb.Help, sb.Retry):
        box.addButton(button)
    box.setDetailedText("详情")
    problems += [f"message box: {t}" for t in english_words(box)]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    problems += [f"button box: {t}" for t in english_words(buttons)]
    wizard = QWizard()
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    wizard.setOption(QWizard.WizardOption.HaveHelpButton)
    names = QWizard.WizardButton
    for which in (names.BackButton, names.NextButton, names.FinishButton, names.CancelButton, names.HelpButton):
        problems += [f"wizard: {t}" for t in english_words(wizard.button(which))]
    for edit in (QLineEdit("文字"), QTextEdit("文字")):
        menu = edit.createStandardContextMenu()
        assert menu is not None
        texts = [SHORTCUT.sub("", a.text()) for a in menu.actions() if not a.isSeparator()]
        assert {"撤销(&U)", "重做(&R)", "剪切(&T)", "复制(&C)", "粘贴(&P)", "删除", "全选"} <= set(texts), texts
        problems += [f"{type(edit).__name__} menu: {t}" for t in texts if LATIN_WORD.search(t)]
    for widget in (box, buttons, wizard):
        widget.deleteLater()
    # The file dialog's 类型 column of a folder (qtbase_zh_CN has no text for it).
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"
    assert not problems, problems
