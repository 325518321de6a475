"""Initial workspace schema: enterprises, assessments, answer items, evidence, audit log, imports.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# Finalized assessments are immutable; the service refuses edits, and on SQLite these triggers make the
# database itself refuse them too (defence in depth against any other writer).
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER answer_items_frozen_insert BEFORE INSERT ON answer_items
    WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
    """
    CREATE TRIGGER answer_items_frozen_update BEFORE UPDATE ON answer_items
    WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
    """
    CREATE TRIGGER answer_items_frozen_delete BEFORE DELETE ON answer_items
    WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
    """
    CREATE TRIGGER evidence_frozen_insert BEFORE INSERT ON evidence
    WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
    """
    CREATE TRIGGER evidence_frozen_delete BEFORE DELETE ON evidence
    WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
    """
    CREATE TRIGGER assessments_frozen_update BEFORE UPDATE ON assessments
    WHEN OLD.status = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
    """,
]


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("industry_section", sa.String(1), nullable=False, server_default=""),
        sa.Column("industry_division", sa.String(2), nullable=False, server_default=""),
        sa.Column("region", sa.String(100), nullable=False, server_default=""),
        sa.Column("size", sa.String(10), nullable=True),
        sa.Column("above_scale", sa.Boolean, nullable=True),
        sa.Column("specialized", sa.String(20), nullable=False, server_default="none"),
        sa.Column("main_products", sa.Text, nullable=False, server_default=""),
        sa.Column("contact_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(40), nullable=False, server_default=""),
        sa.Column("pilot_subsector", sa.String(100), nullable=False, server_default=""),
        sa.Column("traction_unit", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("uscc", name="uq_enterprises_uscc"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "enterprise_id",
            sa.Integer,
            sa.ForeignKey("enterprises.id", ondelete="RESTRICT", name="fk_assessments_enterprise_id_enterprises"),
            nullable=False,
        ),
        sa.Column("form_id", sa.String(50), nullable=False),
        sa.Column("form_revision", sa.Integer, nullable=False),
        sa.Column("form_hash", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("assessor_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("assessor_organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("assessor_role", sa.String(100), nullable=False, server_default=""),
        sa.Column("on_site", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("assessed_on", sa.Date, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("finalized_at", TZ, nullable=True),
        sa.Column(
            "revision_of",
            sa.Integer,
            sa.ForeignKey("assessments.id", name="fk_assessments_revision_of_assessments"),
            nullable=True,
        ),
        sa.Column("revision_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("last_item", sa.String(40), nullable=False, server_default=""),
        sa.Column("total_score", sa.Numeric(7, 3), nullable=True),
        sa.Column("level", sa.Integer, nullable=True),
        sa.Column("complete", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.CheckConstraint("kind IN ('baseline', 'after', 'self')", name="ck_assessments_kind"),
        sa.CheckConstraint("status IN ('draft', 'finalized')", name="ck_assessments_status"),
    )
    op.create_index("ix_assessments_enterprise", "assessments", ["enterprise_id"])
    op.create_table(
        "answer_items",
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_answer_items_assessment_id_assessments"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.CheckConstraint("kind IN ('choice', 'scene', 'figure', 'note')", name="ck_answer_items_kind"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_evidence_assessment_id_assessments"),
            nullable=False,
        ),
        sa.Column("item", sa.String(10), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("added_at", TZ, nullable=False),
        sa.UniqueConstraint("assessment_id", "item", "sha256", name="uq_evidence_item_digest"),
    )
    op.create_index("ix_evidence_sha256", "evidence", ["sha256"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("enterprise_id", sa.Integer, nullable=True),
        sa.Column("assessment_id", sa.Integer, nullable=True),
        sa.Column("key", sa.String(60), nullable=False, server_default=""),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
    )
    op.create_index("ix_audit_assessment", "audit_log", ["assessment_id"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_sha256", sa.String(64), nullable=False),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_imports_assessment_id_assessments"),
            nullable=False,
        ),
        sa.Column("source_assessment_id", sa.Integer, nullable=False),
        sa.Column("signer_fingerprint", sa.String(100), nullable=False, server_default=""),
        sa.Column("imported_at", TZ, nullable=False),
        sa.UniqueConstraint("package_sha256", name="uq_imports_package_sha256"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    for table in ("imports", "audit_log", "evidence", "answer_items", "assessments", "enterprises"):
        op.drop_table(table)
