"""GUI test fixtures: offscreen Qt, a real workspace per test, Qt warnings fail the test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.main import DesktopAdapters, build_workspace
from app.services.forms import FormRegistry
from app.store.database import WorkspaceLocation
from app.ui.context import GuiContext
from app.ui.runner import Runner


@pytest.fixture
def gui_ctx(tmp_path: Path, registry: FormRegistry, qapp: object) -> Iterator[GuiContext]:
    from app.ui.theme import apply_theme

    apply_theme(qapp)  # type: ignore[arg-type]
    location = WorkspaceLocation(tmp_path / "data")
    workspace = build_workspace(location, registry, "tester")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    services = DesktopAdapters(workspace, registry)  # the real adapters: they load on first use
    yield GuiContext(
        workspace=workspace, registry=registry, data_dir=location.data_dir, settings=settings, services=services
    )
    workspace.close()


@pytest.fixture
def runner(qtbot: object) -> Iterator[Runner]:
    r = Runner()
    yield r
    assert r.wait(30000)
