"""Issue 13 (n13c): resume the last edited draft, sidebar progress, small defects and mixed languages.

Every test drives the real window (offscreen) over a real workspace file; the resume test restarts the window
over the same workspace file and the same settings file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.core.records import Assessor
from app.main import DesktopAdapters, build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput, ValidationError
from app.store.database import WorkspaceLocation
from app.ui.cards import QuestionCard, SceneCard
from app.ui.context import GuiContext
from app.ui.dialogs import NewAssessmentDialog
from app.ui.main_window import MainWindow
from app.ui.messages import error_text, in_language

USCC = "91350100M000100Y43"
USCC_2 = "91350100M000200Y0X"  # a second valid code (the check character computed by app.core.uscc)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _ctx(tmp_path: Path, registry: FormRegistry, language: str = "zh") -> GuiContext:
    location = WorkspaceLocation(tmp_path / "data")
    workspace = build_workspace(location, registry, "tester")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return GuiContext(workspace=workspace, registry=registry, data_dir=location.data_dir, settings=settings,
                      services=DesktopAdapters(workspace, registry), language=language)  # fmt: skip


@pytest.fixture
def fresh(tmp_path: Path, registry: FormRegistry, qapp: object) -> Iterator[list[GuiContext]]:
    from app.ui.theme import apply_theme

    apply_theme(qapp)  # type: ignore[arg-type]
    made: list[GuiContext] = []
    yield made
    for ctx in made:
        ctx.workspace.close()


def _window(qtbot: QtBot, ctx: GuiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.home.model.rowCount() > 0 and window.runner.idle, timeout=20000)
    return window


def _valid_second_uscc() -> str:
    from app.core.uscc import check_character

    return USCC_2[:17] + check_character(USCC_2[:17])


def test_restart_offers_the_last_edited_draft_and_lands_on_its_item(
    qtbot: QtBot, tmp_path: Path, registry: FormRegistry, fresh: list[GuiContext]
) -> None:
    """Finding: a restart opened the home page with nothing selected, not the draft being worked on."""
    ctx = _ctx(tmp_path, registry)
    fresh.append(ctx)
    ctx.workspace.add_enterprise(EnterpriseInput(name="续评企业", uscc=USCC))
    ctx.workspace.add_enterprise(EnterpriseInput(name="别的企业", uscc=_valid_second_uscc()))
    worked = ctx.workspace.new_assessment(USCC).id
    ctx.workspace.new_assessment(_valid_second_uscc())  # newer, but never edited here
    window = _window(qtbot, ctx)
    assert not window.home.resume_banner.isVisible()  # nothing edited yet: nothing to offer
    window.open_assessment(worked)
    qtbot.waitUntil(lambda: window.view.loaded is not None and window.view.idle, timeout=20000)
    window.view.go(window.view.page_keys.index("scenes"))  # as a user would: go to the page, answer a scene
    scene: SceneCard = window.view.cards["S13"]
    scene.level_buttons[2].click()
    qtbot.waitUntil(lambda: window.view.idle, timeout=20000)
    window.close()
    ctx.workspace.close()
    fresh.remove(ctx)

    again = _ctx(tmp_path, registry)  # a real restart: a new workspace service and window over the same files
    fresh.append(again)
    window2 = _window(qtbot, again)
    banner = window2.home.resume_banner
    qtbot.waitUntil(banner.isVisible, timeout=10000)
    assert "续评企业" in banner.text_label.text() and "S13" in banner.text_label.text()
    assert "继续上次的评测" in banner.button.text()
    banner.button.click()
    view = window2.view
    qtbot.waitUntil(lambda: view.loaded is not None and view.idle and window2.stack.currentWidget() is view,
                    timeout=20000)  # fmt: skip
    assert view.loaded is not None and view.loaded.record.assessment.id == worked
    card = view.cards["S13"]
    assert view.stack.currentIndex() == view.card_page["S13"]
    qtbot.waitUntil(lambda: not card.visibleRegion().isEmpty(), timeout=5000)  # scrolled into view
    assert view.cards["S01"].visibleRegion().isEmpty()  # …and not merely the top of the page


def test_no_offer_once_the_remembered_draft_is_finalized(
    qtbot: QtBot, tmp_path: Path, registry: FormRegistry, fresh: list[GuiContext]
) -> None:
    ctx = _ctx(tmp_path, registry)
    fresh.append(ctx)
    ctx.workspace.add_enterprise(EnterpriseInput(name="已定稿企业", uscc=USCC))
    from tests.ui.test_wizard import SAMPLE

    aid = ctx.workspace.new_assessment(USCC, answers_document=SAMPLE).id
    window = _window(qtbot, ctx)
    window.open_assessment(aid)
    qtbot.waitUntil(lambda: window.view.loaded is not None and window.view.idle, timeout=20000)
    q1: QuestionCard = window.view.cards["Q1"]
    q1.option_buttons["B"].click()
    qtbot.waitUntil(lambda: window.view.idle, timeout=20000)
    window.show_home()
    qtbot.waitUntil(lambda: window.home.resume_banner.isVisible() and window.runner.idle, timeout=10000)
    ctx.workspace.update_info(aid, Assessor("张工"), False, None)
    ctx.workspace.finalize(aid)
    window.home.refresh()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    assert not window.home.resume_banner.isVisible()


def test_sidebar_shows_answered_over_total_per_section(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the sidebar showed no progress."""
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="进度企业", uscc=USCC))
    aid = gui_ctx.workspace.new_assessment(USCC).id
    window = _window(qtbot, gui_ctx)
    window.open_assessment(aid)
    view = window.view
    qtbot.waitUntil(lambda: view.loaded is not None and view.idle, timeout=20000)
    assert view.loaded is not None
    form = view.loaded.form
    first = form.dimensions[0]
    n = len([q for q in form.questions if q.dimension == first.id])
    row = view.page_keys.index(first.id)
    assert view.steps.item(row).text().endswith(f"0/{n}")
    scenes_row = view.page_keys.index("scenes")
    assert view.steps.item(scenes_row).text().endswith(f"0/{len(form.scenes)}")
    q1: QuestionCard = view.cards["Q1"]
    q1.option_buttons["B"].click()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert view.steps.item(row).text().endswith(f"1/{n}")
    view.cards["S02"].level_buttons[1].click()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert view.steps.item(scenes_row).text().endswith(f"1/{len(form.scenes)}")
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: view.idle, timeout=20000)
    assert view.steps.item(scenes_row).text().endswith(f"0/{len(form.scenes)}")


def _mnemonics(texts: list[str]) -> list[str]:
    return [m.upper() for t in texts for m in re.findall(r"&([^&\s])", t)]


def test_menu_and_wizard_mnemonics_do_not_clash(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: 编辑(&E) clashed with the wizard's "← 返回首页(&E)" (English: tests/ui/test_i18n.py)."""
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="助记符企业", uscc=USCC))
    window = _window(qtbot, gui_ctx)
    menus = _mnemonics([a.text() for a in window.menuBar().actions()])
    buttons = _mnemonics([b.text() for b in window.view.findChildren(QPushButton)])
    letters = menus + buttons
    assert len(letters) == len(set(letters)), sorted(letters)


def test_traction_unit_is_never_cut_without_a_sign(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the 牵引单位 value was cut with no ellipsis."""
    unit = "福建省数字化转型促进中心牵引单位服务联合体（福州市鼓楼区软件园B区3号楼）运营管理有限公司"
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="牵引企业", uscc=USCC, traction_unit=unit))
    window = _window(qtbot, gui_ctx)
    home = window.home
    home.select_enterprise(home.model.row_at(0).enterprise.id)
    value: QLabel = home.detail_values["traction"]
    qtbot.waitUntil(value.isVisible, timeout=5000)
    assert value.toolTip() == unit
    shown = value.text()
    card = value.parentWidget()
    assert value.geometry().right() <= card.contentsRect().right()
    if shown == unit:  # shown whole: wrapped into the label's height, or on one line that fits
        if value.wordWrap():
            assert value.height() >= value.heightForWidth(value.width())
        else:
            assert value.fontMetrics().horizontalAdvance(unit) <= value.width()
    else:  # elided: the sign is there, the start of the text is kept
        assert shown.endswith("…") and unit.startswith(shown[:-1])


def test_new_assessment_prefills_the_assessor_of_the_same_enterprise(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the new-assessment dialog pre-filled the assessor from another enterprise."""
    ws = gui_ctx.workspace
    ws.add_enterprise(EnterpriseInput(name="甲企业", uscc=USCC))
    ws.add_enterprise(EnterpriseInput(name="乙企业", uscc=_valid_second_uscc()))
    first = ws.new_assessment(USCC).id
    ws.update_info(first, Assessor("张工", "甲方信息部", "信息化负责人"), False, None)
    window = _window(qtbot, gui_ctx)
    home = window.home
    # The user then assesses 乙 as 李顾问 (the entry the dialog remembers).
    other = ws.enterprise(_valid_second_uscc()).id
    home.select_enterprise(other)
    qtbot.waitUntil(lambda: home.current_enterprise() is not None and home.current_enterprise().id == other)
    home.new_assessment()
    dialog = home.active_dialog
    assert isinstance(dialog, NewAssessmentDialog)
    assert dialog.name_edit.text() == ""  # 乙 has no assessment and nobody typed an assessor yet
    dialog.name_edit.setText("李顾问")
    dialog.org_edit.setText("某咨询公司")
    dialog.accept()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.view and window.view.idle, timeout=20000)
    window.show_home()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    home.select_enterprise(ws.enterprise(USCC).id)
    qtbot.waitUntil(lambda: home.current_enterprise() is not None and home.current_enterprise().uscc == USCC)
    home.new_assessment()
    dialog = home.active_dialog
    assert isinstance(dialog, NewAssessmentDialog)
    assert (dialog.name_edit.text(), dialog.org_edit.text()) == ("张工", "甲方信息部")
    dialog.reject()


def test_english_home_detail_and_list_name_the_industry_in_english(
    qtbot: QtBot, tmp_path: Path, registry: FormRegistry, fresh: list[GuiContext]
) -> None:
    """Finding: English mode kept Chinese industry names."""
    from app.core.industries import industry_label

    ctx = _ctx(tmp_path, registry, language="en")
    fresh.append(ctx)
    ctx.workspace.add_enterprise(EnterpriseInput(name="Industry Co", uscc=USCC, industry="C34"))
    window = _window(qtbot, ctx)
    home = window.home
    home.select_enterprise(home.model.row_at(0).enterprise.id)
    expected = industry_label("C", "34", "en")
    assert not CJK.search(expected)
    qtbot.waitUntil(lambda: home.detail_values["industry"].text() == expected, timeout=5000)
    assert home.model.row_at(0).industry == expected


def test_english_question_breadcrumb_has_no_chinese(qtbot: QtBot, gui_ctx: GuiContext, runner: object) -> None:
    """Finding: English mode kept Chinese breadcrumbs (维度 › 二级指标 › 三级指标) on the question cards."""
    from PySide6.QtWidgets import QApplication

    from app.ui.i18n import Translations
    from tests.ui.test_wizard import make_assessment, new_view

    translations = Translations(QApplication.instance())  # type: ignore[arg-type]
    translations.switch("en")
    try:
        gui_ctx.language = "en"
        aid = make_assessment(gui_ctx)
        view = new_view(qtbot, gui_ctx, runner, aid)  # type: ignore[arg-type]
        q1: QuestionCard = view.cards["Q1"]
        crumb = q1.breadcrumb.text()
    finally:
        translations.switch("zh")
    assert "Q1" not in crumb and not CJK.search(crumb), crumb


def test_bilingual_service_text_shows_only_the_ui_language() -> None:
    """Finding: service messages read "中文 (english)" in the GUI."""
    text = "企业名称不能为空 (the enterprise name is required)"
    assert in_language(text, "zh") == "企业名称不能为空"
    assert in_language(text, "en") == "The enterprise name is required"
    nested = (
        "第3位字符“I”不允许（不含I、O、S、V、Z） "
        "(Character 3 \u201cI\u201d is not allowed (I, O, S, V and Z are never used))"
    )
    assert in_language(nested, "zh") == "第3位字符“I”不允许（不含I、O、S、V、Z）"
    assert in_language(nested, "en").startswith("Character 3") and in_language(nested, "en").endswith("used)")
    assert in_language("plain English only", "zh") == "plain English only"  # nothing to split: kept whole
    assert in_language("Python (3.11) 版本", "en") == "Python (3.11) 版本"  # not a trailing translation
    exc = ValidationError("contact_phone", "电话号码格式不正确 (not a phone number: 'abc123')")
    assert error_text(exc, "zh") == "电话号码格式不正确"
    assert error_text(exc, "en") == "Not a phone number: 'abc123'"


def test_status_bar_names_the_workspace_kind_not_its_path(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: the status bar showed the local workspace path ("工作区：/tmp/…")."""
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="状态栏企业", uscc=USCC))
    window = _window(qtbot, gui_ctx)
    message = window.statusBar().currentMessage()
    assert str(gui_ctx.data_dir) not in message and "/" not in message
    assert "本机" in message
