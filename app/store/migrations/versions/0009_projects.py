"""Transformation projects (改造项目): one per contract of an enterprise, with its spending entries.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enterprise_id", sa.Integer, sa.ForeignKey("enterprises.id", ondelete="CASCADE"), nullable=False),
        sa.Column("contract_no", sa.String(100), nullable=False),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("contract_amount", sa.BigInteger, nullable=False),
        sa.Column("down_payment", sa.BigInteger, nullable=True),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("baseline_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True),
        sa.Column("after_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.CheckConstraint("contract_amount >= 0", name="ck_projects_contract_amount"),
        sa.CheckConstraint("down_payment IS NULL OR down_payment >= 0", name="ck_projects_down_payment"),
        sa.UniqueConstraint("enterprise_id", "contract_no", name="uq_projects_enterprise_contract"),
    )
    op.create_table(
        "project_spending",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("spent_on", sa.Date, nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.CheckConstraint("amount >= 0", name="ck_project_spending_amount"),
        sa.CheckConstraint(
            "category IN ('hardware', 'software', 'service', 'other')", name="ck_project_spending_category"
        ),
    )
    op.create_index("ix_project_spending_project", "project_spending", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_project_spending_project", table_name="project_spending")
    op.drop_table("project_spending")
    op.drop_table("projects")
