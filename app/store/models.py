"""Database tables. The schema is created and changed only by the Alembic migrations next to this file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EnterpriseRow(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    industry_section: Mapped[str] = mapped_column(String(1), default="")
    industry_division: Mapped[str] = mapped_column(String(2), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[str | None] = mapped_column(String(10), nullable=True)
    above_scale: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    specialized: Mapped[str] = mapped_column(String(20), default="none")
    main_products: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    pilot_subsector: Mapped[str] = mapped_column(String(100), default="")
    traction_unit: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)  # hidden from the default list (0010)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_enterprise", "enterprise_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="RESTRICT"))
    form_id: Mapped[str] = mapped_column(String(50))
    form_revision: Mapped[int] = mapped_column(Integer)
    form_hash: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    assessor_name: Mapped[str] = mapped_column(String(100), default="")
    assessor_organisation: Mapped[str] = mapped_column(String(200), default="")
    assessor_role: Mapped[str] = mapped_column(String(100), default="")
    on_site: Mapped[bool] = mapped_column(Boolean, default=False)
    assessed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revision_of: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    revision_reason: Mapped[str] = mapped_column(Text, default="")
    last_item: Mapped[str] = mapped_column(String(40), default="")
    # A cache of the core's result for listing and sorting thousands of assessments without rescoring;
    # rewritten in the same transaction as every answer change.
    total_score: Mapped[float | None] = mapped_column(Numeric(7, 3), nullable=True)
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    # Optimistic versioning: advanced by every change of the answers or the assessment's details, so a save
    # made on an older view is refused instead of overwriting another user's change.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The seal of a finalized assessment (app.store.sealing), checked whenever it is read; None for drafts.
    seal: Mapped[str | None] = mapped_column(String(80), nullable=True)


class ItemRow(Base):
    """One stored answer: a choice (Q1), a scene level (S01), a figure (Q2.equipment_total) or a note."""

    __tablename__ = "answer_items"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # choice | scene | figure | note
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EvidenceRow(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item", "sha256", name="uq_evidence_item_digest"),
        Index("ix_evidence_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_assessment", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    enterprise_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    assessment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    key: Mapped[str] = mapped_column(String(100), default="")  # an item, or a package fingerprint (71)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The hash chain: the digest of the row before (empty for the first) and of this row including it.
    prev_digest: Mapped[str] = mapped_column(String(80), default="")
    digest: Mapped[str] = mapped_column(String(80), default="")


class ImportRow(Base):
    """Packages brought into this workspace, so a second import of the same package is recognised."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    source_assessment_id: Mapped[int] = mapped_column(Integer)
    signer_fingerprint: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    origin_verified: Mapped[bool] = mapped_column(Boolean, default=True)  # False: imported with --accept-unknown


class TrustedKeyRow(Base):
    """A public key this workspace trusts, in one role (enterprise or assessor)."""

    __tablename__ = "trusted_keys"
    __table_args__ = (UniqueConstraint("fingerprint", "role", name="uq_trusted_keys_fingerprint_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    uscc: Mapped[str] = mapped_column(String(18), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))


class ExportRow(Base):
    """Packages exported from this workspace, so reports printed afterwards carry their fingerprints."""

    __tablename__ = "exports"
    __table_args__ = (Index("ix_exports_assessment", "assessment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    package_fingerprint: Mapped[str] = mapped_column(String(100))
    signer_fingerprint: Mapped[str] = mapped_column(String(100), default="")
    path: Mapped[str] = mapped_column(Text, default="")
    exported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    commitment: Mapped[str] = mapped_column(String(100), default="")  # id@version of the signed commitment


class PlanCheckRow(Base):
    """A step of an assessment's plan marked done on its checklist (no row: not done)."""

    __tablename__ = "plan_checks"
    __table_args__ = (UniqueConstraint("assessment_id", "item", name="uq_plan_checks_assessment_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(20))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))


class FindingsRow(Base):
    """The consultant's findings on one assessment (app.core.findings): the canonical JSON document."""

    __tablename__ = "findings"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
