"""A real workspace for each test: a SQLite file in a temporary directory, and a database of its own on PostgreSQL.

Every test that takes ``location`` (or ``ws``) runs on both backends (ids ``[sqlite]`` and ``[postgresql]``), unless
it is marked ``sqlite_only`` (backups, integrity checks, WAL, kills: what only the SQLite file has).
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import build_workspace
from app.services.forms import FormRegistry
from app.services.workspace import EnterpriseInput, WorkspaceService
from app.store.database import WorkspaceLocation

VALID_USCC = "91350100M000100Y43"


def with_check(body17: str) -> str:
    from app.core.uscc import check_character

    return body17 + check_character(body17)


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if sqlite_only else BACKENDS)


@pytest.fixture
def location(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> WorkspaceLocation:
    if backend == "postgresql":
        # The ResourceWarning of a connection a failed test left open would be reported against a later test.
        request.addfinalizer(_collect_leftover_connections)
        return WorkspaceLocation(tmp_path / "data", request.getfixturevalue("pg_url"))
    return WorkspaceLocation(tmp_path / "data")


def _collect_leftover_connections() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture
def ws(location: WorkspaceLocation, registry: FormRegistry) -> Iterator[WorkspaceService]:
    service = build_workspace(location, registry, "tester")
    yield service
    service.close()  # before the test's PostgreSQL database is dropped


@pytest.fixture
def enterprise_id(ws: WorkspaceService) -> int:
    return ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC, industry="C34")).id
