"""The enterprise listing (app.store.listing) reads to the same records as the ORM's single-record reads.

The listing runs two SQL statements and converts driver values itself (SQLite text timestamps, 0/1 flags, float
scores; PostgreSQL objects); get_enterprise and list_assessments go through the ORM's typed columns. Both must agree
field for field, on both backends, and the standard library's sqlite3 must read the same listing from the file.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation
from app.store.listing import read_listing
from tests.store.conftest import VALID_USCC, with_check

SECOND = with_check("91440300MA5F00001")
THIRD = with_check("91440300MA5F00002")


def _fill(ws: WorkspaceService) -> None:
    a = ws.add_enterprise(
        EnterpriseInput(name="乙示例科技有限公司", uscc=VALID_USCC, industry="C34", region="广东省东莞市", size="small",
                        above_scale=True, specialized="little_giant", main_products="精密零件", contact_name="张三",
                        contact_phone="0769-12345678", pilot_subsector="机械", traction_unit="某数字化服务商")
    )  # fmt: skip
    b = ws.add_enterprise(EnterpriseInput(name="甲示例有限公司", uscc=SECOND, above_scale=False))
    c = ws.add_enterprise(EnterpriseInput(name="丙归档企业", uscc=THIRD, industry="C"))
    first = ws.new_assessment(a.id, assessor=Assessor("李四", "某牵引单位", "顾问"), on_site=True,
                              assessed_on=date(2026, 3, 1))  # fmt: skip
    ws.set_choice(first.id, "Q1", ("B", "C"))
    ws.set_choice(first.id, "Q2", "C")
    ws.set_scene(first.id, "S01", 3)
    ws.new_assessment(a.id, kind=AssessmentKind.AFTER)  # no score yet
    ws.new_assessment(b.id)
    ws.new_assessment(c.id)
    ws.set_archived(c.id, True)


def _orm_view(ws: WorkspaceService, include_archived: bool, search: str = "") -> list[object]:
    listed = ws.list_enterprises(search, include_archived)
    return [(ws.repo.get_enterprise(x.enterprise.id), tuple(ws.repo.list_assessments(x.enterprise.id))) for x in listed]


@pytest.mark.parametrize("include_archived", [False, True])
def test_listing_equals_the_orm_records(ws: WorkspaceService, include_archived: bool) -> None:
    _fill(ws)
    listing = ws.list_enterprises(include_archived=include_archived)
    assert len(listing) == (3 if include_archived else 2)
    assert [(x.enterprise, x.assessments) for x in listing] == _orm_view(ws, include_archived)
    scored = listing[[x.enterprise.uscc for x in listing].index(VALID_USCC)].assessments
    assert (
        scored[0].summary is not None and scored[0].summary.total == ws.result(scored[0].assessment.id)[2].total_score
    )
    assert [x.summary for x in scored] == [
        x.summary for x in ws.repo.list_assessments(scored[0].assessment.enterprise_id)
    ]
    assert [str(x.summary.total) for x in scored if x.summary] == [
        str(x.summary.total) for x in ws.repo.list_assessments(scored[0].assessment.enterprise_id) if x.summary
    ]  # the same Decimal, printed the same (12.500, not 12.5)


def test_search_matches_name_uscc_region_and_traction_unit(ws: WorkspaceService) -> None:
    _fill(ws)
    for term in ("示例科技", VALID_USCC[-6:].lower(), "东莞", "数字化服务"):
        assert [x.enterprise.uscc for x in ws.list_enterprises(term)] == [VALID_USCC], term
    assert ws.list_enterprises("归档") == []
    assert [x.enterprise.uscc for x in ws.list_enterprises("归档", include_archived=True)] == [THIRD]


@pytest.mark.sqlite_only
def test_sqlite3_reads_the_same_listing_from_the_file(ws: WorkspaceService, location: WorkspaceLocation) -> None:
    _fill(ws)
    raw = sqlite3.connect(location.db_path)
    try:
        for include_archived in (False, True):
            assert read_listing(raw, include_archived=include_archived) == ws.list_enterprises(
                include_archived=include_archived
            )
        assert read_listing(raw, "东莞") == ws.list_enterprises("东莞")
    finally:
        raw.close()
