"""The before/after comparison report."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.compare import compare
from app.core.form import Form
from app.core.records import AssessmentKind, AssessmentRecord
from app.core.scoring import score
from app.report import render_comparison_report, reproducible_options
from tests.report import (
    ENTERPRISE,
    PdfFacts,
    inspect_pdf,
    level_one_answers,
    level_two_answers,
    make_record,
    squash,
)


def _render(form: Form, before: AssessmentRecord, after: AssessmentRecord, **options: object) -> bytes:
    rb, ra = score(form, before.answers), score(form, after.answers)
    comparison = compare((form, before.answers, rb), (form, after.answers, ra))
    return render_comparison_report(form, before, rb, after, ra, comparison, reproducible_options(**options))


@pytest.fixture(scope="module")
def pair(form: Form) -> tuple[AssessmentRecord, AssessmentRecord]:
    before = make_record(
        form, level_one_answers(form), assessment_id=5, kind=AssessmentKind.BASELINE, assessed_on=date(2023, 8, 1)
    )
    after = make_record(form, level_two_answers(form), assessment_id=9, kind=AssessmentKind.AFTER, on_site=True)
    return before, after


@pytest.fixture(scope="module")
def facts(form: Form, pair: tuple[AssessmentRecord, AssessmentRecord]) -> PdfFacts:
    return inspect_pdf(_render(form, *pair, package_fingerprint="PKG-77"))


def test_levels_totals_and_both_assessments(
    form: Form, pair: tuple[AssessmentRecord, AssessmentRecord], facts: PdfFacts
) -> None:
    before, after = pair
    rb, ra = score(form, before.answers), score(form, after.answers)
    assert (rb.level, ra.level) == (1, 2)
    first = squash(facts.page_texts[0])
    assert "中小企业数字化水平改造前后对比报告" in first
    assert ENTERPRISE.name in first
    assert "一级→二级" in first
    assert f"总分{rb.total_score.normalize():f}→{ra.total_score.normalize():f}分" in first
    assert "改造前" in first and "改造后" in first
    assert "第5号" in first and "第9号" in first
    assert "2023年8月1日" in first and "2024年9月2日" in first
    flat = facts.flat
    for heading in ("得分与等级变化", "题目作答变化", "业务场景等级变化", "校验信息"):
        assert heading in flat
    assert before.content_digest() in flat and after.content_digest() in flat


def test_per_question_and_per_scene_changes(
    form: Form, pair: tuple[AssessmentRecord, AssessmentRecord], facts: PdfFacts
) -> None:
    before, after = pair
    rb, ra = score(form, before.answers), score(form, after.answers)
    comparison = compare((form, before.answers, rb), (form, after.answers, ra))
    flat = facts.flat
    assert comparison.changed_questions and comparison.changed_scenes
    assert f"共{len(comparison.changed_questions)}道题目的作答有变化" in flat
    for change in comparison.changed_questions:
        question = form.question(change.question_id)
        assert question is not None
        for oid in change.after:
            option = question.option(oid)
            assert option is not None and squash(option.text) in flat
    up = sum(1 for c in comparison.changed_scenes if c.after > c.before)
    assert f"{up}个等级提升" in flat
    assert "提升1级" in flat


def test_footer_on_every_page(pair: tuple[AssessmentRecord, AssessmentRecord], facts: PdfFacts) -> None:
    before, after = pair
    for number, page in enumerate(facts.page_texts, start=1):
        flat = squash(page)
        assert f"第{number}页/共{facts.pages}页" in flat
        assert before.content_digest() in flat and after.content_digest() in flat
        assert "PKG-77" in flat


def test_comparison_is_reproducible(form: Form, pair: tuple[AssessmentRecord, AssessmentRecord]) -> None:
    assert _render(form, *pair) == _render(form, *pair)


def test_a_decline_and_a_different_enterprise_are_shown(
    form: Form, pair: tuple[AssessmentRecord, AssessmentRecord]
) -> None:
    before, after = pair
    flat = inspect_pdf(_render(form, after, before)).flat
    assert "二级→一级" in flat
    assert "下降1级" in flat
