"""One rule picks an enterprise's before/after pair: finalized first, newest first, drafts only as stand-ins."""

from __future__ import annotations

from datetime import date

from app.core.answers import parse_json_text
from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput, WorkspaceService
from tests.conftest import SAMPLES_DIR
from tests.store.conftest import VALID_USCC, with_check

SAMPLE = parse_json_text((SAMPLES_DIR / "sample-complete.json").read_bytes())
ASSESSOR = Assessor("张工", "某牵引单位", "诊断顾问")


def ids(pair: object) -> tuple[int, int] | None:
    if pair is None:
        return None
    assert isinstance(pair, tuple)
    return pair[0].id, pair[1].id


def test_pair_prefers_finalized_and_newest(ws: WorkspaceService, enterprise_id: int) -> None:
    assert ws.comparison_pair(enterprise_id) is None  # nothing yet
    baseline = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, ASSESSOR, assessed_on=date(2026, 3, 1))
    ws.new_assessment(enterprise_id, AssessmentKind.SELF, SAMPLE, ASSESSOR)  # a self-assessment is neither
    assert ws.comparison_pair(enterprise_id) is None  # no "after" assessment

    # While the first "after" assessment is a draft, it stands in (the result page shows its progress).
    after = ws.start_after_from(baseline.id)
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, after.id)
    assert ids(ws.comparison_pair(VALID_USCC)) == (baseline.id, after.id)  # by USCC too

    # A newer draft never displaces a finalized assessment of its kind.
    ws.finalize(baseline.id)
    ws.update_info(after.id, ASSESSOR, False, date(2026, 4, 1))
    ws.finalize(after.id)
    second_after = ws.start_after_from(baseline.id)
    ws.update_info(second_after.id, ASSESSOR, False, date(2026, 6, 1))
    later_baseline = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, ASSESSOR)
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, after.id)

    # Once finalized, the newer one counts.
    ws.finalize(second_after.id)
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, second_after.id)

    # A correction counts once finalized, and the record it replaced never again, whatever its date.
    correction = ws.correct(second_after.id, "录入错误")
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, second_after.id)
    ws.update_info(correction.id, ASSESSOR, False, date(2026, 5, 1))  # dated before the record it corrects
    ws.finalize(correction.id)
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, correction.id)
    assert later_baseline.id not in ids(ws.comparison_pair(enterprise_id))  # type: ignore[operator]


def test_pair_belongs_to_one_enterprise(ws: WorkspaceService, enterprise_id: int) -> None:
    other = ws.add_enterprise(EnterpriseInput(name="另一家企业", uscc=with_check("91440300MA5F00001")))
    baseline = ws.new_assessment(enterprise_id, AssessmentKind.BASELINE, SAMPLE, ASSESSOR)
    ws.new_assessment(other.id, AssessmentKind.AFTER, SAMPLE, ASSESSOR)
    assert ws.comparison_pair(enterprise_id) is None  # the other enterprise's "after" is not this one's
    after = ws.start_after_from(baseline.id)
    assert ids(ws.comparison_pair(enterprise_id)) == (baseline.id, after.id)
    assert ws.comparison_pair(other.id) is None
