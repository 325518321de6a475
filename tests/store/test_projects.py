"""Transformation projects in the workspace (issue 14, part 3): stored on SQLite and PostgreSQL, links validated,
spending adding up to the actual investment, every change in the audit chain, and the subsidy on the right level."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.core.projects import SpendingCategory
from app.core.records import AssessmentKind, Assessor
from app.main import project_service
from app.services.policies import load_policies
from app.services.ports import DuplicateError, NotFoundError
from app.services.projects import ProjectService
from app.services.workspace import EnterpriseInput, ValidationError, WorkspaceService
from tests.conftest import SAMPLES_DIR

OTHER_USCC = "91440300MA5DC1XX0Q"
SAMPLE = json.loads((SAMPLES_DIR / "sample-complete.json").read_text(encoding="utf-8"))
ASSESSOR = Assessor(name="张工", organisation="某牵引单位", role="评估师")


@pytest.fixture
def projects(ws: WorkspaceService) -> ProjectService:
    return project_service(ws)


def finalized(ws: WorkspaceService, enterprise: int, kind: AssessmentKind) -> int:
    a = ws.new_assessment(enterprise, kind, SAMPLE, ASSESSOR)
    ws.finalize(a.id)
    return a.id


def test_project_round_trip_with_spending_and_audit(
    ws: WorkspaceService, projects: ProjectService, enterprise_id: int
) -> None:
    baseline = finalized(ws, enterprise_id, AssessmentKind.BASELINE)
    p = projects.add(enterprise_id, contract_no="HT-2024-001", provider="东莞某数字化牵引单位",
                     contract_amount="1,200,000", signed="2024-05-01", down_payment="300000",
                     baseline=baseline)  # fmt: skip
    assert (p.contract_amount, p.down_payment, p.signed_on, p.baseline_id, p.after_id) == (
        1_200_000, 300_000, date(2024, 5, 1), baseline, None)  # fmt: skip
    projects.spend(p.id, amount="600000", category="hardware", spent_on="2024-06-01", note="网关与传感器")
    projects.spend(p.id, amount=400_000, category="software")
    again = projects.project(p.id)
    assert again.invested == 1_000_000
    assert again.by_category()[SpendingCategory.HARDWARE] == 600_000
    assert [e.note for e in again.spending] == ["网关与传感器", ""]
    assert [x.id for x in projects.projects(enterprise_id)] == [p.id]
    actions = [e.action for e in ws.repo.audit(enterprise_id=enterprise_id) if e.action.startswith("project.")]
    assert actions == ["project.add", "project.spend", "project.spend"]
    with pytest.raises(DuplicateError, match="contract_no"):
        projects.add(enterprise_id, contract_no="HT-2024-001", provider="x", contract_amount=1, signed="2024-05-01")


def test_links_must_be_the_same_enterprise_and_the_right_kind(
    ws: WorkspaceService, projects: ProjectService, enterprise_id: int
) -> None:
    baseline = finalized(ws, enterprise_id, AssessmentKind.BASELINE)
    other = ws.add_enterprise(EnterpriseInput(name="另一家", uscc=OTHER_USCC)).id
    foreign = ws.new_assessment(other, AssessmentKind.BASELINE).id
    base = {"contract_no": "HT-1", "provider": "甲", "contract_amount": 100, "signed": "2024-01-02"}
    with pytest.raises(ValidationError) as err:
        projects.add(enterprise_id, **base, baseline=foreign)
    assert err.value.field == "baseline"
    with pytest.raises(ValidationError) as err:
        projects.add(enterprise_id, **base, after=baseline)
    assert err.value.field == "after"
    with pytest.raises(ValidationError) as err:
        projects.add(enterprise_id, **base, baseline=9999)
    assert err.value.field == "baseline"
    p = projects.add(enterprise_id, **base)
    after = ws.new_assessment(enterprise_id, AssessmentKind.AFTER).id
    linked = projects.link(p.id, baseline=baseline, after=after)
    assert (linked.baseline_id, linked.after_id) == (baseline, after)
    assert projects.link(p.id, after="").after_id is None
    assert "project.link" in [e.action for e in ws.repo.audit(enterprise_id=enterprise_id)]


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("contract_amount", {"contract_amount": "-5"}),
        ("contract_amount", {"contract_amount": "12.5"}),
        ("down_payment", {"down_payment": "x"}),
        ("down_payment", {"down_payment": "200"}),  # more than the contract
        ("signed", {"signed": "2024-13-01"}),
        ("contract_no", {"contract_no": " "}),
        ("provider", {"provider": "a\u0000b"}),
    ],
)
def test_bad_project_input_names_the_field(
    projects: ProjectService, enterprise_id: int, field: str, values: dict[str, str]
) -> None:
    base = {"contract_no": "HT-1", "provider": "甲", "contract_amount": "100", "signed": "2024-01-02", **values}
    with pytest.raises(ValidationError) as err:
        projects.add(enterprise_id, **base)  # type: ignore[arg-type]
    assert err.value.field == field
    assert projects.projects(enterprise_id) == []


def test_bad_spending_names_the_field(projects: ProjectService, enterprise_id: int) -> None:
    p = projects.add(enterprise_id, contract_no="HT-1", provider="甲", contract_amount=100, signed="2024-01-02")
    for kwargs, field in (({"amount": "-1", "category": "other"}, "amount"),
                          ({"amount": "1", "category": "food"}, "category"),
                          ({"amount": "1", "category": "other", "spent_on": "yesterday"}, "date")):  # fmt: skip
        with pytest.raises(ValidationError) as err:
            projects.spend(p.id, **kwargs)
        assert err.value.field == field
    with pytest.raises(NotFoundError):
        projects.spend(999, amount=1, category="other")
    assert projects.project(p.id).spending == ()


def test_subsidy_takes_the_after_level_else_the_baseline(
    ws: WorkspaceService, projects: ProjectService, enterprise_id: int
) -> None:
    p = projects.add(enterprise_id, contract_no="HT-1", provider="甲", contract_amount=2_000_000, signed="2024-01-02")
    projects.spend(p.id, amount=1_000_000, category="service")
    xiamen = [x for x in load_policies() if x.id == "xiamen-2024"]
    with pytest.raises(ValidationError) as err:
        projects.subsidy(projects.project(p.id), xiamen)
    assert err.value.field == "level"
    ws.new_assessment(enterprise_id, AssessmentKind.AFTER, SAMPLE, ASSESSOR)  # a draft does not count
    baseline = finalized(ws, enterprise_id, AssessmentKind.BASELINE)
    basis, [est] = projects.subsidy(projects.project(p.id), xiamen)
    assert basis.assessment.id == baseline and est.level == 2 and est.estimate == 250_000
    after = finalized(ws, enterprise_id, AssessmentKind.AFTER)
    basis, [est] = projects.subsidy(projects.project(p.id), xiamen)
    assert basis.assessment.id == after and est.investment == 1_000_000
