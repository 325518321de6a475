"""Demonstration records for reviewing report layout and benchmarking (a fictitious enterprise)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from app import paths
from app.core.answers import AnswerSet, parse_answers, parse_json_text
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
)
from app.core.uscc import check_character

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
    main_products="数控机床精密零部件",
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
