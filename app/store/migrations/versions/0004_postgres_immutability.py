"""PostgreSQL: finalized assessments immutable in the database too (the SQLite triggers' rules); audit keys fit.

0001 created SQLite triggers only: on a shared server a finalized assessment (its row, its answers, its evidence)
could be changed by any other writer with SQL. These PL/pgSQL trigger functions refuse the same changes with
SQLSTATE 23000 (integrity_constraint_violation, as SQLite's RAISE(ABORT) is an integrity error to its drivers) and
the same message, "assessment is finalized".

It also widens ``audit_log.key`` from 60 to 100 characters: an export's audit row keys it by the package fingerprint
("SHA256:" and 64 hex digits, 71 characters) and an import's by the package digest (64). SQLite does not enforce a
VARCHAR length, so only PostgreSQL refused every export and import. On SQLite this revision does nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Answer items and evidence of a finalized assessment: no insert, update or delete (SQLite: answer_items_frozen_*,
# evidence_frozen_insert/_delete; evidence rows have no update path, so an update is refused here as well).
CHILD_FUNCTION = """
CREATE OR REPLACE FUNCTION sme_refuse_finalized_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        target := NEW.assessment_id;
    ELSE
        target := OLD.assessment_id;
    END IF;
    IF (SELECT status FROM assessments WHERE id = target) = 'finalized' THEN
        RAISE EXCEPTION 'assessment is finalized' USING ERRCODE = 'integrity_constraint_violation',
            DETAIL = format('%s on %s of assessment %s', TG_OP, TG_TABLE_NAME, target);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""

# A finalized assessment row: no update (SQLite: assessments_frozen_update).
ASSESSMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION sme_refuse_finalized_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'finalized' THEN
        RAISE EXCEPTION 'assessment is finalized' USING ERRCODE = 'integrity_constraint_violation',
            DETAIL = format('UPDATE of assessment %s', OLD.id);
    END IF;
    RETURN NEW;
END
$$
"""

TRIGGERS = {
    "answer_items_frozen": ("answer_items", "INSERT OR UPDATE OR DELETE", "sme_refuse_finalized_child"),
    "evidence_frozen": ("evidence", "INSERT OR UPDATE OR DELETE", "sme_refuse_finalized_child"),
    "assessments_frozen_update": ("assessments", "UPDATE", "sme_refuse_finalized_update"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("audit_log", "key", type_=sa.String(100), existing_type=sa.String(60), existing_nullable=False)
    op.execute(CHILD_FUNCTION)
    op.execute(ASSESSMENT_FUNCTION)
    for name, (table, events, function) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, _events, _function) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS sme_refuse_finalized_child()")
    op.execute("DROP FUNCTION IF EXISTS sme_refuse_finalized_update()")
    op.alter_column("audit_log", "key", type_=sa.String(60), existing_type=sa.String(100), existing_nullable=False)
