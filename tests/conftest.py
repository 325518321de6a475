"""Fixtures shared by every test: the installed forms, loaded the way the app loads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.form import Form
from app.services.forms import FormRegistry

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "forms"
SAMPLES_DIR = ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    return FormRegistry.from_dir(FORMS_DIR)


@pytest.fixture(scope="session")
def form(registry: FormRegistry) -> Form:
    return registry.get("miit-2024")
