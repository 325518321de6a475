"""The plan's checklist: which steps of an assessment's plan are marked done (a row per item marked done).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_plan_checks_assessment_id_assessments"),
            nullable=False,
        ),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.UniqueConstraint("assessment_id", "item", name="uq_plan_checks_assessment_item"),
    )


def downgrade() -> None:
    op.drop_table("plan_checks")
