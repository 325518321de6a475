"""Exported packages get their own table; exports recorded in the audit log before are copied into it.

Until this revision an export was only an audit row (action ``assessment.export``, the package fingerprint in
``key``, ``{"path": …, "signer": …}`` as JSON in ``new``), parsed back whenever a report was printed. The audit
rows stay as they are: they are the history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", TZ),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("assessment_id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("new", sa.Text),
)
assessments = sa.table("assessments", sa.column("id", sa.Integer))


def _details(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:  # written by hand or damaged: keep the fingerprint, lose the details
        return {}
    return value if isinstance(value, dict) else {}


def upgrade() -> None:
    exports = op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE", name="fk_exports_assessment_id_assessments"),
            nullable=False,
        ),
        sa.Column("package_fingerprint", sa.String(100), nullable=False),
        sa.Column("signer_fingerprint", sa.String(100), nullable=False, server_default=""),
        sa.Column("path", sa.Text, nullable=False, server_default=""),
        sa.Column("exported_at", TZ, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("commitment", sa.String(100), nullable=False, server_default=""),
    )
    op.create_index("ix_exports_assessment", "exports", ["assessment_id"])
    bind = op.get_bind()
    known = {row.id for row in bind.execute(sa.select(assessments.c.id))}
    rows = bind.execute(
        sa.select(audit_log).where(audit_log.c.action == "assessment.export").order_by(audit_log.c.id)
    ).all()
    copied = []
    for row in rows:
        if row.assessment_id not in known or not row.key:
            continue  # an audit row outlives its assessment only in a hand-edited database
        details = _details(row.new)
        copied.append(
            {
                "assessment_id": row.assessment_id,
                "package_fingerprint": row.key,
                "signer_fingerprint": str(details.get("signer") or ""),
                "path": str(details.get("path") or ""),
                "exported_at": row.at,
                "actor": row.actor,
            }
        )
    if copied:
        op.bulk_insert(exports, copied)


def downgrade() -> None:
    # The audit rows still describe every export (app.store writes one beside each exports row).
    op.drop_index("ix_exports_assessment", "exports")
    op.drop_table("exports")
