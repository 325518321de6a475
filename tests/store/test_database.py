"""Opening workspaces: migrations with a backup first, newer and corrupt databases refused, backup/restore."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput
from app.store.database import (
    MIGRATIONS_DIR,
    CorruptWorkspaceError,
    NewerWorkspaceError,
    WorkspaceLocation,
    backup_now,
    check_integrity,
    list_backups,
    open_workspace,
    restore_backup,
    schema_head,
)
from tests.store.conftest import VALID_USCC

# The SQLite file itself: pragmas, integrity check, file backups, restore, migrations read with sqlite3.
pytestmark = pytest.mark.sqlite_only

EXTRA_MIGRATION = '''
"""Test-only second revision."""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enterprises", sa.Column("test_extra", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("enterprises", "test_extra")
'''


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def newer_migrations(tmp_path: Path) -> Path:
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    extra = EXTRA_MIGRATION.replace("{head}", schema_head())
    (target / "versions" / "9999_test_extra.py").write_text(extra, encoding="utf-8")
    return target


def test_pragmas_are_set(location: WorkspaceLocation) -> None:
    engine = open_workspace(location)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()


def test_migration_backs_up_first_and_newer_workspace_is_refused_unchanged(
    location: WorkspaceLocation, registry: FormRegistry, newer_migrations: Path
) -> None:
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    engine = open_workspace(location, auto_backup=False, migrations=newer_migrations)
    engine.dispose()
    backups = [p for p in list_backups(location) if f"pre-migration-{schema_head()}" in p.name]
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT name FROM enterprises").fetchall() == [("甲",)]
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(schema_head(),)]
    conn.close()
    conn = sqlite3.connect(location.db_path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
    conn.close()
    before = digest(location.db_path)
    with pytest.raises(NewerWorkspaceError, match="newer version"):
        open_workspace(location)
    assert digest(location.db_path) == before


def test_corrupt_database_is_detected_and_restore_is_offered(
    location: WorkspaceLocation, registry: FormRegistry
) -> None:
    ws = build_workspace(location, registry, "tester")
    ws.add_enterprise(EnterpriseInput(name="甲", uscc=VALID_USCC))
    good = backup_now(location)
    ws.close()  # with it open, its -shm still names the -wal deleted below: that reads as an I/O error, not damage
    data = bytearray(location.db_path.read_bytes())
    # Damage the database: clobber every page after the header and schema page.
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 100] = b"\xff" * 100
    for suffix in ("-wal", "-shm"):
        Path(str(location.db_path) + suffix).unlink(missing_ok=True)
    location.db_path.write_bytes(bytes(data))
    with pytest.raises(CorruptWorkspaceError) as info:
        open_workspace(location)
    assert "db restore" in str(info.value)
    assert good in info.value.backups
    chosen = restore_backup(location)
    assert chosen == good
    assert check_integrity(location.db_path) == "ok"
    restored = build_workspace(location, registry, "tester")
    assert [e.enterprise.name for e in restored.list_enterprises()] == ["甲"]
    assert any(p.name.startswith("replaced-") for p in location.backup_dir.iterdir())


def test_not_a_database_is_reported(location: WorkspaceLocation) -> None:
    location.data_dir.mkdir(parents=True)
    location.db_path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorruptWorkspaceError, match="damaged"):
        open_workspace(location)


def test_backups_roll(location: WorkspaceLocation) -> None:
    open_workspace(location).dispose()
    for _ in range(5):
        backup_now(location, keep=3)
    assert len(list_backups(location)) == 3
