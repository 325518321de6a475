"""Tamper evidence and optimistic versioning: assessment seals and versions, the audit log's hash chain.

- ``assessments.version`` (every existing row starts at 1) and ``assessments.seal``: each finalized assessment
  is sealed here from what is stored now, so later changes to it are seen.
- ``audit_log.prev_digest`` / ``audit_log.digest``: the existing rows are chained in id order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from app.store.sealing import SEALED_COLUMNS, assessment_seal, audit_row_digest

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TYPES: dict[str, Any] = {
    "on_site": sa.Boolean, "complete": sa.Boolean, "assessed_on": sa.Date, "created_at": TZ, "finalized_at": TZ,
    "total_score": sa.Numeric(7, 3), "id": sa.Integer, "enterprise_id": sa.Integer, "form_revision": sa.Integer,
    "revision_of": sa.Integer, "level": sa.Integer,
}  # fmt: skip
assessments = sa.table(
    "assessments", *(sa.column(n, TYPES.get(n, sa.String)) for n in SEALED_COLUMNS), sa.column("seal", sa.String)
)
items = sa.table(
    "answer_items", sa.column("assessment_id", sa.Integer), sa.column("kind"), sa.column("key"), sa.column("value")
)
evidence = sa.table(
    "evidence", sa.column("assessment_id", sa.Integer), sa.column("item"), sa.column("filename"),
    sa.column("sha256"), sa.column("size", sa.Integer),
)  # fmt: skip
audit_log = sa.table(
    "audit_log", sa.column("id", sa.Integer), sa.column("at", TZ), sa.column("actor"), sa.column("action"),
    sa.column("enterprise_id", sa.Integer), sa.column("assessment_id", sa.Integer), sa.column("key"),
    sa.column("old"), sa.column("new"), sa.column("prev_digest"), sa.column("digest"),
)  # fmt: skip
FROZEN_TRIGGER = "assessments_frozen_update"


def _seal_finalized(bind: sa.Connection) -> None:
    finalized = bind.execute(sa.select(assessments).where(assessments.c.status == "finalized")).all()
    if not finalized:
        return
    sqlite = bind.dialect.name == "sqlite"
    trigger_sql = None
    if sqlite:  # the immutability trigger refuses every update of a finalized row, this one too
        trigger_sql = bind.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": FROZEN_TRIGGER}
        ).scalar()
        if trigger_sql:
            op.execute(f"DROP TRIGGER {FROZEN_TRIGGER}")
    for row in finalized:
        where = items.c.assessment_id == row.id
        stored = bind.execute(sa.select(items.c.kind, items.c.key, items.c.value).where(where))
        links = bind.execute(
            sa.select(evidence.c.item, evidence.c.filename, evidence.c.sha256, evidence.c.size).where(
                evidence.c.assessment_id == row.id
            )
        )
        seal = assessment_seal(row, [tuple(i) for i in stored], [tuple(e) for e in links])
        bind.execute(sa.update(assessments).where(assessments.c.id == row.id).values(seal=seal))
    if trigger_sql:
        op.execute(trigger_sql)


def _chain_audit(bind: sa.Connection) -> None:
    prev = ""
    for row in bind.execute(sa.select(audit_log).order_by(audit_log.c.id)).all():
        digest = audit_row_digest(prev, row)
        bind.execute(sa.update(audit_log).where(audit_log.c.id == row.id).values(prev_digest=prev, digest=digest))
        prev = digest


def upgrade() -> None:
    op.add_column("assessments", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("assessments", sa.Column("seal", sa.String(80), nullable=True))
    op.add_column("audit_log", sa.Column("prev_digest", sa.String(80), nullable=False, server_default=""))
    op.add_column("audit_log", sa.Column("digest", sa.String(80), nullable=False, server_default=""))
    bind = op.get_bind()
    _seal_finalized(bind)
    _chain_audit(bind)


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild would drop the triggers.
    for table, column in (("audit_log", "digest"), ("audit_log", "prev_digest"), ("assessments", "seal"),
                          ("assessments", "version")):  # fmt: skip
        op.drop_column(table, column)
