"""More than one form installed: the new-assessment dialog offers the choice; the wizard follows the chosen form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.main import DesktopAdapters, build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput
from app.store.database import WorkspaceLocation
from app.ui.cards import SceneCard
from app.ui.context import GuiContext
from app.ui.dialogs import NewAssessmentDialog
from app.ui.runner import Runner
from app.ui.wizard import AssessmentView
from tests.conftest import FORM_ID, FORMS_DIR, NEWEST_REVISION
from tests.integration.test_form_revisions import VARIANT, city_variant

USCC = "91350100M000100Y43"


@pytest.fixture
def two_forms(tmp_path: Path) -> FormRegistry:
    installed = tmp_path / "data" / "forms"
    installed.mkdir(parents=True)
    (installed / f"{VARIANT}-r1.json").write_text(json.dumps(city_variant(), ensure_ascii=False), "utf-8")
    registry = FormRegistry.load(FORMS_DIR, installed)
    assert [(f.id, f.revision) for f in registry.newest()] == [(VARIANT, 1), (FORM_ID, NEWEST_REVISION)]
    return registry


@pytest.fixture
def variant_ctx(tmp_path: Path, two_forms: FormRegistry, qapp: object) -> Iterator[GuiContext]:
    location = WorkspaceLocation(tmp_path / "data")
    workspace = build_workspace(location, two_forms, "tester")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    services = DesktopAdapters(workspace, two_forms)
    yield GuiContext(
        workspace=workspace, registry=two_forms, data_dir=location.data_dir, settings=settings, services=services
    )
    workspace.close()


def test_the_dialog_offers_a_choice_only_when_there_is_one(qtbot: QtBot, two_forms: FormRegistry) -> None:
    single = NewAssessmentDialog("示例企业", forms=FormRegistry.load(FORMS_DIR, None).newest())
    qtbot.addWidget(single)
    assert single.form_combo is None and single.form_id() is None
    dialog = NewAssessmentDialog("示例企业", forms=two_forms.newest())
    qtbot.addWidget(dialog)
    combo = dialog.form_combo
    assert combo is not None and combo.count() == 2
    assert dialog.form_id() == FORM_ID  # MIIT's own questionnaire is preselected
    assert "17 个场景" in combo.itemText(combo.findData(VARIANT))
    assert f"第 {NEWEST_REVISION} 版" in combo.itemText(combo.findData(FORM_ID))
    combo.setCurrentIndex(combo.findData(VARIANT))
    assert dialog.form_id() == VARIANT


def test_the_wizard_shows_the_variants_17_scenes(qtbot: QtBot, variant_ctx: GuiContext) -> None:
    variant_ctx.workspace.add_enterprise(EnterpriseInput(name="界面测试企业", uscc=USCC))
    aid = variant_ctx.workspace.new_assessment(USCC, form_id=VARIANT).id
    runner = Runner()
    view = AssessmentView(variant_ctx, runner)
    qtbot.addWidget(view)
    view.show()
    view.open(aid)
    qtbot.waitUntil(lambda: view.loaded is not None and view.idle, timeout=20000)
    scenes = [item for item, card in view.cards.items() if isinstance(card, SceneCard)]
    assert scenes == [f"S{i:02d}" for i in range(1, 18)]
    titles = [view.steps.item(i).text() for i in range(view.steps.count())]
    assert any(t.startswith("数字化经营（17个场景）") for t in titles)
    assert not any("16个场景" in t for t in titles)
    assert runner.wait(30000)


def test_home_creates_the_assessment_on_the_chosen_form(qtbot: QtBot, variant_ctx: GuiContext) -> None:
    from app.ui.home import HomePage

    enterprise = variant_ctx.workspace.add_enterprise(EnterpriseInput(name="界面测试企业", uscc=USCC))
    runner = Runner()
    home = HomePage(variant_ctx, runner)
    qtbot.addWidget(home)
    home.show()
    home.refresh()
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    home.select_enterprise(enterprise.id)
    home.new_assessment()
    dialog = home.active_dialog
    assert isinstance(dialog, NewAssessmentDialog) and dialog.form_combo is not None
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(VARIANT))
    with qtbot.waitSignal(home.open_assessment, timeout=5000) as opened:
        dialog.ok_button.click()
    created = variant_ctx.workspace.assessment(opened.args[0])
    assert (created.form_id, created.form_revision) == (VARIANT, 1)
    qtbot.waitUntil(lambda: runner.idle, timeout=10000)
    assert runner.wait(30000)
