"""Findings per assessment (issue 14): the consultant's pain points and needs list, one JSON document each.

Frozen with the assessment like its answers: SQLite triggers refuse an insert, update or delete of the findings
of a finalized assessment, and on PostgreSQL the trigger function of 0004 (``sme_refuse_finalized_child``) does
the same. A correction revision gets a copy of the findings as a draft.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "findings_frozen_insert": "INSERT ON findings WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id)",
    "findings_frozen_update": "UPDATE ON findings WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id)",
    "findings_frozen_delete": "DELETE ON findings WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id)",
}
PG_TRIGGER = "findings_frozen"


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_findings_assessment_id_assessments"),
            nullable=False,
        ),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", name="pk_findings"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {PG_TRIGGER} BEFORE INSERT OR UPDATE OR DELETE ON findings "
            "FOR EACH ROW EXECUTE FUNCTION sme_refuse_finalized_child()"
        )
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {when} = 'finalized' "
                "BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON findings")
    op.drop_table("findings")
