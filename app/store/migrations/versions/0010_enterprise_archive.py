"""Enterprises can be archived (hidden from the default list); a finalized assessment row can never be deleted.

- ``enterprises.archived`` (every existing row: not archived).
- A trigger on both back ends refusing ``DELETE`` of a finalized assessment's row, with the message the other
  immutability triggers use ("assessment is finalized"). 0001/0004 refuse changes to a finalized assessment's
  answers, evidence and row, but not the deletion of the row itself; now that whole enterprises can be deleted
  (drafts only), the database guards that as well.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TRIGGER = "assessments_frozen_delete"

SQLITE_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} BEFORE DELETE ON assessments
WHEN OLD.status = 'finalized'
BEGIN SELECT RAISE(ABORT, 'assessment is finalized'); END
"""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sme_refuse_finalized_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'finalized' THEN
        RAISE EXCEPTION 'assessment is finalized' USING ERRCODE = 'integrity_constraint_violation',
            DETAIL = format('DELETE of assessment %s', OLD.id);
    END IF;
    RETURN OLD;
END
$$
"""


def upgrade() -> None:
    op.add_column("enterprises", sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON assessments FOR EACH ROW "
            "EXECUTE FUNCTION sme_refuse_finalized_delete()"
        )
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON assessments")
        op.execute("DROP FUNCTION IF EXISTS sme_refuse_finalized_delete()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild would drop the triggers.
    op.drop_column("enterprises", "archived")
