"""The home page's item models keep Qt's model invariants (pytest-qt's qtmodeltester), on a real workspace.

The levels they show come from the form each assessment was answered on: a revision that renames a level and
raises the target changes the tables without any change to the code.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.core.form import Form, parse_form
from app.core.records import AssessmentKind, Assessor
from app.core.uscc import check_character
from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation
from app.ui.models import (
    LEVEL_BELOW,
    LEVEL_OK,
    NOT_ASSESSED,
    AssessmentTableModel,
    EnterpriseFilterProxy,
    EnterpriseTableModel,
    FormLevels,
)
from tests.conftest import FORMS_DIR, SAMPLES_DIR

SAMPLE: dict[str, Any] = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
ASSESSOR = Assessor("王磊", "某牵引单位", "咨询顾问")
CITY_LEVEL_TWO = "二级（市级）"


def uscc(serial: int) -> str:
    first17 = f"9135010{serial:010d}"
    return first17 + check_character(first17)


def revision_two() -> Form:
    """miit-2024 as a revision 2 that renames level 2 and aims at level 3 (a data-only change)."""
    data = json.loads((FORMS_DIR / "miit-2024.json").read_text(encoding="utf-8"))
    variant = copy.deepcopy(data)
    variant["revision"] = 2
    variant["level_rule"]["target_level"] = 3
    variant["level_rule"]["levels"][1]["name"] = CITY_LEVEL_TWO
    variant["level_rule"]["levels"][1]["name_en"] = "Level 2 (city)"
    return parse_form(variant)


@pytest.fixture
def workspace(tmp_path: Path, registry: FormRegistry) -> Iterator[WorkspaceService]:
    ws = build_workspace(WorkspaceLocation(tmp_path / "data"), registry, "tester")
    yield ws
    ws.close()


def populate(ws: WorkspaceService) -> None:
    """Enterprises with finalized, corrected, draft and no assessments, and every kind."""
    weaker = copy.deepcopy(SAMPLE)
    weaker["scenes"] = dict.fromkeys(SAMPLE["scenes"], 1)
    partial = {"form": SAMPLE["form"], "answers": dict(list(SAMPLE["answers"].items())[:4])}
    for i, name in enumerate(
        ["福州示例机械有限公司", "厦门示例电子有限公司", "泉州示例纺织有限公司", "漳州示例食品公司"]
    ):
        e = ws.add_enterprise(EnterpriseInput(name=name, uscc=uscc(i + 1), industry="C34", region="福建省"))
        if i == 0:
            base = ws.new_assessment(e.id, AssessmentKind.BASELINE, weaker, ASSESSOR, True, date(2024, 3, 12))
            ws.finalize(base.id)
            after = ws.start_after_from(base.id)
            ws.set_scene(after.id, "S01", 4)
            ws.finalize(after.id)
            ws.correct(after.id, "Q5 原答案有误")
        elif i == 1:
            ws.new_assessment(e.id, AssessmentKind.SELF, partial, ASSESSOR, assessed_on=date(2024, 5, 1))
        elif i == 2:
            ws.new_assessment(e.id, AssessmentKind.BASELINE, SAMPLE, ASSESSOR, assessed_on=date(2024, 6, 1))


# One tester watches one model (a second check() would replace the first), so each model has its own test.
TESTERS = pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "python-tester"])


@TESTERS
@pytest.mark.parametrize("checked", ["source", "proxy"])
def test_enterprise_model_and_proxy_keep_qt_invariants(
    qapp: QApplication,
    qtmodeltester: ModelTester,
    registry: FormRegistry,
    workspace: WorkspaceService,
    force_py: bool,
    checked: str,
) -> None:
    populate(workspace)
    model = EnterpriseTableModel(FormLevels(registry))
    proxy = EnterpriseFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model if checked == "source" else proxy, force_py=force_py)
    model.set_listings(workspace.list_enterprises())  # a reset with real rows, checked as it happens
    assert model.rowCount() == 4 and proxy.rowCount() == 4
    for column in range(model.columnCount()):  # sorting moves rows under persistent indexes
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            proxy.sort(column, order)
    proxy.set_search("示例")
    proxy.set_level(NOT_ASSESSED)
    assert proxy.rowCount() == 1
    proxy.set_level(None)
    proxy.set_search("厦门")
    assert proxy.rowCount() == 1
    proxy.set_search("")
    model.set_listings(workspace.list_enterprises()[:2])
    assert proxy.rowCount() == 2
    model.set_listings([])
    assert proxy.rowCount() == 0


@TESTERS
def test_assessment_model_keeps_qt_invariants(
    qapp: QApplication, qtmodeltester: ModelTester, registry: FormRegistry, workspace: WorkspaceService, force_py: bool
) -> None:
    populate(workspace)
    model = AssessmentTableModel(FormLevels(registry))
    qtmodeltester.check(model, force_py=force_py)
    listings = {listing.enterprise.name: listing for listing in workspace.list_enterprises()}
    busiest = listings["福州示例机械有限公司"].assessments
    assert len(busiest) == 3  # baseline, after, its correction
    model.set_assessments(busiest)
    assert model.rowCount() == 3
    model.set_assessments(listings["漳州示例食品公司"].assessments)
    assert model.rowCount() == 0
    model.set_assessments(listings["厦门示例电子有限公司"].assessments)
    assert model.rowCount() == 1


def test_levels_are_named_by_each_assessments_own_form(
    qapp: QApplication, registry: FormRegistry, tmp_path: Path
) -> None:
    """A revision 2 that renames level 2 and aims at level 3: its assessments say so; revision 1's do not change."""
    first = registry.get("miit-2024", 1)
    both = FormRegistry((first, revision_two()))
    ws = build_workspace(WorkspaceLocation(tmp_path / "data"), both, "tester")
    try:
        e = ws.add_enterprise(EnterpriseInput(name="示例企业", uscc=uscc(9)))
        old = ws.new_assessment(e.id, AssessmentKind.BASELINE, {**SAMPLE, "form_revision": 1}, ASSESSOR)
        new = ws.new_assessment(e.id, AssessmentKind.SELF, {k: v for k, v in SAMPLE.items() if k != "form_revision"})
        assert (old.form_revision, new.form_revision) == (1, 2)
        listing = ws.list_enterprises()[0]
    finally:
        ws.close()
    model = AssessmentTableModel(FormLevels(both))
    model.set_assessments(listing.assessments)
    by_id = {model.summary_at(r).assessment.id: r for r in range(model.rowCount())}
    summaries = {s.assessment.id: s.summary for s in listing.assessments}
    assert summaries[old.id] is not None and summaries[old.id].level == 2  # type: ignore[union-attr]
    assert summaries[new.id] is not None and summaries[new.id].level == 2  # type: ignore[union-attr]

    def cell(assessment_id: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.data(model.index(by_id[assessment_id], AssessmentTableModel.LEVEL), role)

    assert cell(old.id) == "二级"
    assert cell(new.id) == CITY_LEVEL_TWO
    assert cell(old.id, Qt.ItemDataRole.ForegroundRole) == LEVEL_OK  # revision 1 aims at level 2
    assert cell(new.id, Qt.ItemDataRole.ForegroundRole) == LEVEL_BELOW  # revision 2 aims at level 3
    english = AssessmentTableModel(FormLevels(both, "en"))
    english.set_assessments(listing.assessments)
    level = AssessmentTableModel.LEVEL
    assert {english.data(english.index(r, level)) for r in range(2)} == {"Level 2", "Level 2 (city)"}
    # The home page's level filter is named by the newest revision.
    assert FormLevels(both).filter_levels()[2] == CITY_LEVEL_TWO
    assert FormLevels(registry).filter_levels() == {0: "未达到一级", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
