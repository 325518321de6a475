"""The plan's checklist is saved per assessment, audited, and survives a restart (on both backends)."""

from __future__ import annotations

import pytest

from app.core.answers import parse_json_text
from app.core.records import AssessmentKind, Assessor
from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import ValidationError, WorkspaceService
from app.store.database import WorkspaceLocation
from tests.conftest import SAMPLES_DIR

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
ASSESSOR = Assessor("张工", "某牵引单位", "诊断顾问")


def test_checklist_is_saved_audited_and_survives_restart(
    ws: WorkspaceService, enterprise_id: int, location: WorkspaceLocation, registry: FormRegistry
) -> None:
    """Finding: the plan's checkboxes were not saved."""
    a = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, ASSESSOR)
    other = ws.new_assessment(enterprise_id, AssessmentKind.SELF, SAMPLE, ASSESSOR)
    assert ws.plan_checklist(a.id) == frozenset()
    assert ws.set_plan_step_done(a.id, "Q5", True)
    assert ws.set_plan_step_done(a.id, "S06", True)
    assert not ws.set_plan_step_done(a.id, "Q5", True)  # already done: nothing written
    assert ws.set_plan_step_done(a.id, "S06", False)
    assert ws.plan_checklist(a.id) == {"Q5"}
    assert ws.plan_checklist(other.id) == frozenset()  # per assessment
    with pytest.raises(ValidationError):
        ws.set_plan_step_done(a.id, "Q99", True)
    checks = [(e.key, e.old, e.new) for e in ws.history(a.id) if e.action == "assessment.plan_check"]
    assert checks == [("Q5", "0", "1"), ("S06", "0", "1"), ("S06", "1", "0")]
    ws.finalize(a.id)  # a finalized assessment's plan is still worked through
    assert ws.set_plan_step_done(a.id, "Q1", True)
    ws.close()
    again = build_workspace(location, registry, "tester")
    try:
        assert again.plan_checklist(a.id) == {"Q5", "Q1"}
    finally:
        again.close()
