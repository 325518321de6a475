"""The portfolio's SQL aggregation (issue 15, part 2) on SQLite and PostgreSQL: current level = latest finalized
after, else latest finalized baseline; drafts never count; the gap of the enterprises below 二级 is the planner's."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

from app.core.records import AssessmentKind, Assessor
from app.main import portfolio_service, project_service
from app.services.workspace import EnterpriseInput, WorkspaceService
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import with_check

SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
ASSESSOR = Assessor(name="张工", organisation="某牵引单位", role="评估师")


def document(scene_level: int, best: bool = False) -> dict[str, object]:
    doc = copy.deepcopy(SAMPLE)
    doc["scenes"] = {k: scene_level for k in doc["scenes"]}
    if best:
        doc["answers"] = {**doc["answers"], "Q2": "E", "Q3": "E", "Q5": "E", "Q8": "E"}
    return doc


def add(ws: WorkspaceService, n: int, *, above: bool, sector: str, unit: str = "牵引甲") -> int:
    uscc = with_check(f"9135010000000{n:04d}")
    return ws.add_enterprise(EnterpriseInput(name=f"企业{n}", uscc=uscc, industry="C39", above_scale=above,
                                             pilot_subsector=sector, traction_unit=unit)).id  # fmt: skip


def assess(ws: WorkspaceService, eid: int, kind: AssessmentKind, doc: dict[str, object], on: date,
           final: bool = True) -> int:  # fmt: skip
    a = ws.new_assessment(eid, kind, doc, ASSESSOR, assessed_on=on)
    if final:
        ws.finalize(a.id)
    return a.id


def test_current_level_drafts_and_filters(ws: WorkspaceService) -> None:
    low, high = document(1), document(3)
    e1 = add(ws, 1, above=True, sector="电子器件制造")
    e2 = add(ws, 2, above=True, sector="电子器件制造", unit="牵引乙")
    e3 = add(ws, 3, above=False, sector="输配电及控制设备制造")
    add(ws, 4, above=True, sector="电子器件制造")  # no assessment at all
    assess(ws, e1, AssessmentKind.BASELINE, low, date(2024, 1, 1))
    assess(ws, e1, AssessmentKind.AFTER, high, date(2024, 6, 1))
    assess(ws, e1, AssessmentKind.AFTER, low, date(2024, 3, 1))  # an older after, finalized later: not the latest
    a2 = assess(ws, e2, AssessmentKind.BASELINE, low, date(2024, 1, 1))
    assess(ws, e2, AssessmentKind.AFTER, high, date(2024, 9, 1), final=False)  # a draft never counts
    assess(ws, e3, AssessmentKind.BASELINE, high, date(2024, 1, 1))
    registry = ws.registry
    level_low = ws.result(a2)[2].level
    level_high = ws.result(assess(ws, e3, AssessmentKind.SELF, high, date(2024, 2, 1)))[2].level
    assert level_low < 2 <= level_high
    service = portfolio_service(ws)
    p = service.compute("xiamen-2024")
    j = p.to_json()
    assert j["enterprises"] == 4
    assert j["levels"]["baseline"][str(level_low)] == 2 and j["levels"]["baseline"][str(level_high)] == 1
    assert sum(j["levels"]["after"].values()) == 1 and j["levels"]["after"][str(level_high)] == 1
    assert j["levels"]["current"][str(level_high)] == 2 and j["levels"]["current"][str(level_low)] == 1
    assert j["above_scale"] == {"total": 3, "at_level_2": 1, "share": 1 / 3, "target": 0.95}
    electronics = next(r for r in j["by_subsector"] if r["subsector"] == "电子器件制造")
    assert electronics == {"subsector": "电子器件制造", "enterprises": 3, "above_scale": 3, "at_level_2": 1,
                           "share": 1 / 3, "target": 0.95}  # fmt: skip
    medical = next(r for r in j["by_subsector"] if r["subsector"] == "医疗仪器设备及耗材制造")
    assert medical["share"] is None and medical["enterprises"] == 0
    gap = ws.result(a2)[2].gap_to_level_2
    assert [(b["uscc"], b["level"]) for b in j["below_level_2"]] == [(ws.enterprise(e2).uscc, level_low)]
    assert Decimal(str(j["below_level_2"][0]["points_needed"])) == gap.points_needed
    assert j["below_level_2"][0]["scene_upgrades_needed"] == gap.scene_upgrades_needed
    by_unit = service.compute("xiamen-2024", traction_unit="牵引乙").to_json()
    assert by_unit["enterprises"] == 1 and by_unit["above_scale"]["at_level_2"] == 0
    by_sector = service.compute("xiamen-2024", subsector="输配电及控制设备制造").to_json()
    assert by_sector["enterprises"] == 1 and by_sector["above_scale"]["total"] == 0
    assert [r["subsector"] for r in by_sector["by_subsector"]] == ["输配电及控制设备制造"]
    assert registry is ws.registry


def test_investment_and_subsidy_estimate(ws: WorkspaceService) -> None:
    e1 = add(ws, 1, above=True, sector="电子器件制造")
    e2 = add(ws, 2, above=True, sector="电子器件制造")
    assess(ws, e1, AssessmentKind.AFTER, document(3), date(2024, 6, 1))
    assess(ws, e2, AssessmentKind.AFTER, document(1), date(2024, 6, 1))
    projects = project_service(ws)
    for eid, amount in ((e1, 500_000), (e2, 300_000)):
        p = projects.add(eid, contract_no=f"HT-{eid}", provider="牵引甲", contract_amount=amount, signed="2024-05-01")
        projects.spend(p.id, amount=amount // 2, category="hardware")
        projects.spend(p.id, amount=amount // 2, category="software")
    j = portfolio_service(ws).compute("xiamen-2024").to_json()
    assert j["investment_yuan"] == 800_000
    level = j["levels"]["current"]
    assert level["0"] + level["1"] == 1
    assert j["subsidy_estimate_yuan"] == 200_000  # 40 % of 500,000 for the one at 二级+; none below
