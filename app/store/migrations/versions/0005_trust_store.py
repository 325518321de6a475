"""The trust store: public keys this workspace trusts, each in one role; imports remember whether their origin
was verified (a package imported with ``--accept-unknown`` is marked 来源未核验 / origin not verified).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        sa.Column("public_key", sa.LargeBinary(32), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("uscc", sa.String(18), nullable=False, server_default=""),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.CheckConstraint("role IN ('enterprise', 'assessor')", name="ck_trusted_keys_role"),
        sa.UniqueConstraint("fingerprint", "role", name="uq_trusted_keys_fingerprint_role"),
    )
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("origin_verified", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("origin_verified")
    op.drop_table("trusted_keys")
