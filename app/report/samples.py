"""Demonstration records for reviewing report layout and benchmarking (a fictitious enterprise)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from app import paths
from app.core.answers import AnswerSet, parse_answers, parse_json_text
from app.core.compare import compare
from app.core.form import Form
from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    EnterpriseSize,
    Evidence,
    SpecializedStatus,
)
from app.core.scoring import score
from app.core.texts import CommitmentText
from app.core.uscc import check_character
from app.report.assessment import render_assessment_report
from app.report.common import ReportOptions, ReportSigner, reproducible_options
from app.report.comparison import render_comparison_report
from app.report.fonts import FontChoice

DEMO_USCC_BODY = "91320506MA1XYW4Q8"
DEMO_USCC = DEMO_USCC_BODY + check_character(DEMO_USCC_BODY)
DEMO_ENTERPRISE = Enterprise(
    id=1,
    name="苏州恒创精密机械制造有限公司",
    uscc=DEMO_USCC,
    industry_section="C",
    industry_division="34",
    region="江苏省苏州市吴中区",
    size=EnterpriseSize.SMALL,
    above_scale=True,
    specialized=SpecializedStatus.SPECIALIZED,
    main_products="数控机床精密零部件",
    contact_name="王芳",
    contact_phone="0512-65551234",
    pilot_subsector="通用设备制造（数控机床零部件）",
    traction_unit="苏州工业互联网创新中心有限公司",
)


def baseline_answers(form: Form) -> AnswerSet:
    """Return a plausible level-one baseline (below level two on both points and scenes)."""
    return AnswerSet(
        form_id=form.id,
        form_revision=form.revision,
        answers={
            "Q1": ("B",),
            "Q2": "B",
            "Q3": "B",
            "Q4": ("F", "G", "N"),
            "Q5": "B",
            "Q6": ("B",),
            "Q7": ("B",),
            "Q8": "B",
            "Q9": ("B",),
            "Q10": ("B",),
            "Q11": "A",
            "Q12": "B",
            "Q13": "B",
            "Q14": "B",
            "Q15": "B",
        },
        scenes={
            "S01": 1,
            "S02": 0,
            "S03": 1,
            "S04": 1,
            "S05": 1,
            "S06": 1,
            "S07": 1,
            "S08": 0,
            "S09": 1,
            "S10": 0,
            "S11": 2,
            "S12": 1,
            "S13": 2,
            "S14": 1,
            "S15": 2,
            "S16": 0,
        },
        figures={
            "Q2": {"rate": Decimal(18), "equipment_total": Decimal(120), "equipment_digital": Decimal(22)},
            "Q3": {"rate": Decimal(8), "equipment_networked": Decimal(10)},
        },
        notes={
            "Q5": "财务使用用友 T3 单机版，其余业务以 Excel 台账管理。",
            "S06": "生产计划以白板和纸质工单下达，尚无 MES。",
        },
    )


def after_answers(form: Form) -> AnswerSet:
    """Return the same enterprise after a year of transformation (level two): the shipped sample's answers.

    The sample is answered on revision 1; its answers are valid on every later data-only revision, so they are read
    as answers to ``form``'s revision.
    """
    data = parse_json_text((paths.resources_dir() / "samples" / "sample-complete.json").read_bytes())
    data = {**data, "form_revision": form.revision}
    return replace(parse_answers(data, form), form_revision=form.revision)


def _evidence(assessment_id: int, items: list[tuple[str, str, int, str]]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            id=assessment_id * 100 + i,
            assessment_id=assessment_id,
            item=item,
            filename=filename,
            sha256=hashlib.sha256(f"{assessment_id}/{filename}".encode()).hexdigest(),
            size=size,
            description=description,
            added_at=datetime(2024, 5, 6, 10, 0, 0),
        )
        for i, (item, filename, size, description) in enumerate(items, start=1)
    )


def demo_record(form: Form, *, kind: AssessmentKind = AssessmentKind.AFTER, on_site: bool = True) -> AssessmentRecord:
    """Return a finalized on-site assessment record of the demo enterprise (after transformation by default)."""
    after = kind != AssessmentKind.BASELINE
    answers = after_answers(form) if after else baseline_answers(form)
    assessment = Assessment(
        id=12 if after else 7,
        enterprise_id=DEMO_ENTERPRISE.id,
        form_id=form.id,
        form_revision=form.revision,
        form_hash=form.content_hash,
        kind=kind,
        status=AssessmentStatus.FINALIZED,
        assessor=Assessor(name="李明", organisation="苏州市中小企业数字化转型服务中心", role="数字化诊断咨询师"),
        on_site=on_site,
        assessed_on=date(2024, 6, 18) if after else date(2023, 6, 20),
        finalized_at=datetime(2024, 6, 18, 17, 30) if after else datetime(2023, 6, 20, 16, 0),
    )
    evidence = _evidence(
        assessment.id,
        [
            ("Q1", "网络拓扑图-2024.pdf", 482_113, "厂区有线与无线网络拓扑"),
            ("Q2", "生产设备台账（含数字化改造标记）.xlsx", 96_442, ""),
            ("Q5", "ERP系统上线验收报告.pdf", 2_311_870, "含各模块上线时间"),
            ("S06", "MES工单截图_2024年5月.png", 734_221, "工单、报工与在制品看板"),
            ("S13", "财务系统凭证界面.png", 311_004, ""),
        ]
        if after
        else [("Q5", "财务软件截图.png", 201_337, "")],
    )
    return AssessmentRecord(DEMO_ENTERPRISE, assessment, answers, evidence)


def with_long_notes(record: AssessmentRecord, form: Form, length: int = 1200) -> AssessmentRecord:
    """Return the record with a long note on every question and scene (to exercise page breaks in tables)."""
    sentence = "本项由企业信息化负责人填报，并附有相关系统截图、台账与制度文件；现场核查时已逐项比对原始记录。"
    long = (sentence * (length // len(sentence) + 1))[:length]
    notes = {item: f"{item}：{long}" for item in form.item_ids}
    return replace(record, answers=replace(record.answers, notes=notes))


def incomplete_answers(form: Form) -> AnswerSet:
    """Return an answer document that answers only its first questions and scenes (a report from it is a draft)."""
    done = after_answers(form)
    questions = {q: v for q, v in done.answers.items() if q in ("Q1", "Q2", "Q3")}
    scenes = {s: v for s, v in done.scenes.items() if s in ("S01", "S02")}
    return replace(done, answers=questions, scenes=scenes, figures={}, notes={})


def sample_reports(form: Form, options: ReportOptions) -> dict[str, Callable[[], bytes]]:
    """Every sample report by name, each a function rendering its PDF (the layout review and its tests use them)."""
    after = demo_record(form)
    baseline = demo_record(form, kind=AssessmentKind.BASELINE, on_site=False)
    empty = replace(
        baseline,
        answers=AnswerSet(form.id),
        evidence=(),
        assessment=replace(baseline.assessment, status=AssessmentStatus.DRAFT, id=13),
    )
    long_notes = with_long_notes(baseline, form)
    records = {"after": after, "baseline": baseline, "draft-empty": empty, "long-notes": long_notes}

    def assessment(name: str) -> Callable[[], bytes]:
        record = records[name]
        return lambda: render_assessment_report(form, record, record.answers, score(form, record.answers), options)

    def answers_only(answers: AnswerSet) -> Callable[[], bytes]:
        return lambda: render_assessment_report(form, None, answers, score(form, answers), options)

    def comparison() -> bytes:
        rb, ra = score(form, baseline.answers), score(form, after.answers)
        cmp = compare((form, baseline.answers, rb), (form, after.answers, ra))
        packages = (SAMPLE_BASELINE_PACKAGE_FINGERPRINT, SAMPLE_PACKAGE_FINGERPRINT)
        both = replace(options, compared_packages=packages, package_fingerprint=None, package_file=None, signers=())
        return render_comparison_report(form, baseline, rb, after, ra, cmp, both)

    return {
        "assessment-after": assessment("after"),
        "assessment-baseline": assessment("baseline"),
        "assessment-draft-empty": assessment("draft-empty"),
        "assessment-long-notes": assessment("long-notes"),
        "answers-only": answers_only(after.answers),
        "answers-incomplete": answers_only(incomplete_answers(form)),
        "comparison": comparison,
    }


SAMPLE_PACKAGE_FINGERPRINT = "SHA256:" + hashlib.sha256(b"sample package").hexdigest()
SAMPLE_BASELINE_PACKAGE_FINGERPRINT = "SHA256:" + hashlib.sha256(b"sample baseline package").hexdigest()
SAMPLE_ENTERPRISE_KEY = "SHA256:" + hashlib.sha256(b"sample enterprise key").hexdigest()
SAMPLE_ASSESSOR_KEY = "SHA256:" + hashlib.sha256(b"sample assessor key").hexdigest()


def sample_options(font: FontChoice | None = None, commitment: CommitmentText | None = None) -> ReportOptions:
    """Reproducible options as a report printed after export prints them: package, signers and commitment."""
    return reproducible_options(
        font=font,
        package_fingerprint=SAMPLE_PACKAGE_FINGERPRINT,
        signer_fingerprint=SAMPLE_ENTERPRISE_KEY,
        signers=(
            ReportSigner("enterprise", "王芳", SAMPLE_ENTERPRISE_KEY),
            ReportSigner("assessor", "李明", SAMPLE_ASSESSOR_KEY),
        ),
        package_file="苏州恒创精密机械制造有限公司-改造后-2024-06-18.sdap",
        app_version="review",
        commitment=commitment,
    )
