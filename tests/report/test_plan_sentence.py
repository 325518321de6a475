"""The report's plan: precise count sentences and work steps only (the outcome questions are not steps)."""

from __future__ import annotations

from app.core.answers import AnswerSet
from app.core.findings import parse_findings
from app.core.form import Form
from app.core.scoring import score
from app.report import render_assessment_report, reproducible_options
from app.services.texts import bundled_commitment
from tests.report import inspect_pdf, level_one_answers, make_record
from tests.report.test_fonts import needs_cjk_font


@needs_cjk_font
def test_plan_sentence_says_at_least_for_constrained_scenes(form: Form) -> None:
    """Finding: "再有3个场景达到三级（其中约束性场景1个）" reads as exactly one when at least one is meant."""
    answers: AnswerSet = level_one_answers(form)
    result = score(form, answers)
    plan = result.gap_to_level_2
    assert plan.constrained_upgrades_needed > 0
    record = make_record(form, answers)
    data = render_assessment_report(
        form, record, answers, result, reproducible_options(commitment=bundled_commitment())
    )
    flat = inspect_pdf(data).flat
    assert f"其中至少{plan.constrained_upgrades_needed}个为约束性场景" in flat
    assert "其中约束性场景" not in flat.replace("其中约束性场景实际", "")


def test_diagnosis_path_sentence_says_at_least_in_the_plan_words(form: Form) -> None:
    """Finding (review): the diagnosis report said "（其中约束性场景 1 个）", exactly one; the plan says at least."""
    from app.report import texts
    from app.report.diagnosis import Paragraph, diagnosis_content
    from tests.report.test_diagnosis_report import GENERATED
    from tests.unit.test_findings import ISSUE_DOCUMENT

    answers = level_one_answers(form)
    result = score(form, answers)
    plan = result.gap_to_level_2
    assert plan.scene_upgrades_needed > 0 and plan.constrained_upgrades_needed > 0
    findings = parse_findings(ISSUE_DOCUMENT, form.item_ids)
    c = diagnosis_content(form, make_record(form, answers), result, findings, (), GENERATED)
    path = next(b.text for b in c.blocks if isinstance(b, Paragraph) and b.text.startswith("要达到"))
    at_least = texts.AT_LEAST_CONSTRAINED.format(constrained=plan.constrained_upgrades_needed)
    assert at_least == f"其中至少 {plan.constrained_upgrades_needed} 个为约束性场景"
    assert f"还需 {plan.scene_upgrades_needed} 个场景达到二级（{at_least}）" in path
    assert "其中约束性场景" not in path
