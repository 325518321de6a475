"""Plain records of enterprises, assessments and evidence, shared by the store, the report and the package.

These are immutable values (never ORM rows) so they can cross threads and layers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.core.form import canonical_json_bytes
from app.core.text_rules import check_text

if TYPE_CHECKING:  # an annotation only: the records (the window's home list) do not wait for the answers' rules
    from app.core.answers import AnswerSet


class AssessmentKind(StrEnum):
    BASELINE = "baseline"  # 改造前
    AFTER = "after"  # 改造后
    SELF = "self"  # 周期性自评

    @property
    def label(self) -> str:
        return {"baseline": "改造前", "after": "改造后", "self": "自评"}[self.value]

    @property
    def label_en(self) -> str:
        return {
            "baseline": "Before transformation",
            "after": "After transformation",
            "self": "Self-assessment",
        }[self.value]


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"


class EnterpriseSize(StrEnum):
    LARGE = "large"  # 大型
    MEDIUM = "medium"  # 中型
    SMALL = "small"  # 小型
    MICRO = "micro"  # 微型

    @property
    def label(self) -> str:
        return {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}[self.value]


class SpecializedStatus(StrEnum):
    """专精特新 standing."""

    NONE = "none"
    INNOVATIVE = "innovative"  # 创新型中小企业
    SPECIALIZED = "specialized"  # 专精特新中小企业
    LITTLE_GIANT = "little_giant"  # 专精特新“小巨人”

    @property
    def label(self) -> str:
        return {
            "none": "无",
            "innovative": "创新型中小企业",
            "specialized": "专精特新中小企业",
            "little_giant": "专精特新“小巨人”企业",
        }[self.value]


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class Enterprise:
    """An enterprise as recorded in the workspace."""

    id: int
    name: str
    uscc: str
    industry_section: str = ""  # GB/T 4754 门类, e.g. "C"
    industry_division: str = ""  # 大类, e.g. "34"
    region: str = ""
    size: EnterpriseSize | None = None
    above_scale: bool | None = None  # 规上
    specialized: SpecializedStatus = SpecializedStatus.NONE
    main_products: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    pilot_subsector: str = ""
    traction_unit: str = ""
    created_at: datetime | None = None
    archived: bool = False  # hidden from the default list


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class Assessor:
    """Who carried out an assessment."""

    name: str = ""
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class Assessment:
    """One assessment of an enterprise, on a named form revision."""

    id: int
    enterprise_id: int
    form_id: str
    form_revision: int
    form_hash: str
    kind: AssessmentKind
    status: AssessmentStatus
    assessor: Assessor = field(default_factory=Assessor)
    on_site: bool = False  # 现场评定
    assessed_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    finalized_at: datetime | None = None
    revision_of: int | None = None  # the finalized assessment this one corrects
    revision_reason: str = ""
    last_item: str = ""  # where the user left off (Q5, S03, …)
    version: int = 1  # advanced by every stored change: a save made on an older version is a conflict


@dataclass(frozen=True)
class Evidence:
    """An evidence file attached to an assessment's question or scene."""

    id: int
    assessment_id: int
    item: str  # Q1 … / S01 …
    filename: str
    sha256: str
    size: int
    description: str = ""
    added_at: datetime | None = None


@dataclass(frozen=True)
class AssessmentRecord:
    """Everything about one assessment: what a report prints and a package carries."""

    enterprise: Enterprise
    assessment: Assessment
    answers: AnswerSet
    evidence: tuple[Evidence, ...] = ()

    def content(self) -> dict[str, Any]:
        """The assessment's content as data: enterprise, assessment metadata, answers and evidence digests."""
        e, a = self.enterprise, self.assessment
        return {
            "enterprise": {"name": e.name, "uscc": e.uscc},
            "assessment": {
                "id": a.id,
                "kind": a.kind.value,
                "form": a.form_id,
                "form_revision": a.form_revision,
                "form_hash": a.form_hash,
                "assessor": {
                    "name": a.assessor.name,
                    "organisation": a.assessor.organisation,
                    "role": a.assessor.role,
                },
                "on_site": a.on_site,
                "assessed_on": a.assessed_on.isoformat() if a.assessed_on else None,
            },
            "answers": self.answers.to_document(),
            "evidence": sorted(
                [
                    {"item": ev.item, "filename": ev.filename, "sha256": ev.sha256, "size": ev.size}
                    for ev in self.evidence
                ],
                key=lambda d: (d["item"], d["filename"], d["sha256"]),
            ),
        }

    def content_digest(self) -> str:
        """Return SHA-256 of the canonical content(): printed in report footers; changes with any answer."""
        return content_digest_of(canonical_json_bytes(self.content()))


def content_digest_of(canonical: bytes) -> str:
    """The content digest written for the canonical JSON bytes of a record's content(): "sha256:" + hex SHA-256."""
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


MAX_ID = 2**63 - 1  # the largest id or size a workspace stores (SQLite's INTEGER)


def check_received_record(record: AssessmentRecord) -> None:
    """Refuse a received record (a package's) that a workspace does not take in: TextRuleError naming the field whose
    text breaks the text rule (app.core.text_rules: checked, never altered), ValueError for an id or size out of
    range. Import refuses such a package; verification warns of it; countersigning refuses it."""
    a = record.assessment
    if not 0 <= a.id <= MAX_ID or any(not 0 <= ev.size <= MAX_ID for ev in record.evidence):
        raise ValueError(f"an id or size in the package is out of range (largest allowed: {MAX_ID})")
    check_text("name", record.enterprise.name)
    for field_name, value in (("assessor.name", a.assessor.name), ("assessor.organisation", a.assessor.organisation),
                              ("assessor.role", a.assessor.role)):  # fmt: skip
        check_text(field_name, value)
    for item, note in record.answers.notes.items():
        check_text(f"notes.{item}", note, rule_field="note")
    for ev in record.evidence:
        check_text("evidence.filename", ev.filename)
        check_text("evidence.description", ev.description)
