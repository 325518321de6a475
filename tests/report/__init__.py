"""Helpers for the PDF report tests: records built directly from the core dataclasses, and PDF inspection."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from app.core.answers import AnswerSet
from app.core.form import Form
from app.core.records import (
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
)

ENTERPRISE = Enterprise(id=3, name="宁波东海智能装备有限公司", uscc="91330201MA2AB3CD4E")
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def level_two_answers(form: Form) -> AnswerSet:
    """Return a complete answer set at level two (the shipped sample's answers), with figures and notes."""
    return AnswerSet(
        form_id=form.id,
        answers={
            "Q1": ("B", "C"),
            "Q2": "C",
            "Q3": "B",
            "Q4": ("F", "G", "H", "N", "O"),
            "Q5": "C",
            "Q6": ("B", "C"),
            "Q7": ("B",),
            "Q8": "C",
            "Q9": ("B", "C"),
            "Q10": ("B", "D"),
            "Q11": "A",
            "Q12": "B",
            "Q13": "C",
            "Q14": "C",
            "Q15": "B",
        },
        scenes={"S01": 1, "S02": 1, "S03": 2, "S04": 1, "S05": 2, "S06": 2, "S07": 1, "S08": 1}
        | {"S09": 1, "S10": 0, "S11": 2, "S12": 1, "S13": 2, "S14": 2, "S15": 2, "S16": 1},
        figures={
            "Q2": {"rate": Decimal(35), "equipment_total": Decimal(120), "equipment_digital": Decimal(42)},
            "Q3": {"equipment_networked": Decimal(130)},
        },
        notes={"Q5": "ERP 与 MES 两套系统。", "S06": "MES 上线半年。"},
    )


def level_one_answers(form: Form) -> AnswerSet:
    """Return a complete answer set at level one (below level two on points and on scenes)."""
    return AnswerSet(
        form_id=form.id,
        answers={q.id: ("B",) if q.is_multi else "B" for q in form.questions},
        scenes={s.id: 1 for s in form.scenes} | {"S03": 2, "S13": 2},
    )


def make_record(
    form: Form,
    answers: AnswerSet,
    *,
    assessment_id: int = 21,
    kind: AssessmentKind = AssessmentKind.SELF,
    on_site: bool = False,
    status: AssessmentStatus = AssessmentStatus.FINALIZED,
    evidence: tuple[Evidence, ...] = (),
    assessed_on: date = date(2024, 9, 2),
    enterprise: Enterprise = ENTERPRISE,
) -> AssessmentRecord:
    """Build an assessment record from the core dataclasses (no database)."""
    assessment = Assessment(
        id=assessment_id,
        enterprise_id=enterprise.id,
        form_id=form.id,
        form_revision=form.revision,
        form_hash=form.content_hash,
        kind=kind,
        status=status,
        assessor=Assessor(name="王芳", organisation="宁波市数字化转型促进中心", role="评估专家")
        if on_site
        else Assessor(name="赵强", organisation="", role="信息化主管"),
        on_site=on_site,
        assessed_on=assessed_on,
        finalized_at=datetime(2024, 9, 2, 18, 0) if status == AssessmentStatus.FINALIZED else None,
    )
    return AssessmentRecord(enterprise, assessment, answers, evidence)


def evidence(assessment_id: int = 21) -> tuple[Evidence, ...]:
    return (
        Evidence(1, assessment_id, "Q5", "ERP上线验收报告.pdf", SHA, 2_048_000, "验收结论页"),
        Evidence(2, assessment_id, "S06", "mes-screenshot.png", "ab" * 32, 512),
    )


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    page_texts: tuple[str, ...]
    fonts: tuple[dict[str, Any], ...]  # every font dictionary on every page (resolved)
    info: dict[str, Any]

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    @property
    def flat(self) -> str:
        """All text with whitespace removed (wrapped lines rejoined)."""
        return squash(self.text)


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources: DictionaryObject | None) -> Iterator[DictionaryObject]:
    if resources is None:
        return
    fonts = _resolve(resources.get("/Font"))
    if fonts is None:
        return
    for ref in fonts.values():
        yield _resolve(ref)


def inspect_pdf(data: bytes) -> PdfFacts:
    """Read a PDF with pypdf: page count, text per page, font dictionaries, document info."""
    with io.BytesIO(data) as stream:
        reader = PdfReader(stream)
        texts = tuple(page.extract_text() or "" for page in reader.pages)
        fonts: list[dict[str, Any]] = []
        for page in reader.pages:
            for font in _fonts(_resolve(page.get("/Resources"))):
                entry: dict[str, Any] = {
                    "base": str(font.get("/BaseFont")),
                    "subtype": str(font.get("/Subtype")),
                }
                descriptor = _resolve(font.get("/FontDescriptor"))
                if descriptor is None and "/DescendantFonts" in font:
                    descendant = _resolve(_resolve(font["/DescendantFonts"])[0])
                    descriptor = _resolve(descendant.get("/FontDescriptor"))
                entry["embedded"] = descriptor is not None and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                entry["fontfile2"] = descriptor is not None and "/FontFile2" in descriptor
                fonts.append(entry)
        meta = reader.metadata
        info = {str(k): str(v) for k, v in (meta or {}).items()}
        return PdfFacts(len(reader.pages), texts, tuple(fonts), info)
