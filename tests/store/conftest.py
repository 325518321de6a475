"""A real workspace in a temporary directory for each test."""

from __future__ import annotations

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


@pytest.fixture
def location(tmp_path: Path) -> WorkspaceLocation:
    return WorkspaceLocation(tmp_path / "data")


@pytest.fixture
def ws(location: WorkspaceLocation, registry: FormRegistry) -> WorkspaceService:
    return build_workspace(location, registry, "tester")


@pytest.fixture
def enterprise_id(ws: WorkspaceService) -> int:
    return ws.add_enterprise(EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC, industry="C34")).id
