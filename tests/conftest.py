"""Fixtures shared by every test: the installed forms, loaded the way the app loads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.form import Form
from app.services.forms import FormRegistry

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "forms"
SAMPLES_DIR = ROOT / "resources" / "samples"
FORM_ID = "miit-2024"
# Every test says which revision it means: the shipped samples are answered on revision 1 (which stays installed,
# unchanged, so that assessments and packages pinned to it keep working); new assessments start on the newest.
SAMPLE_REVISION = 1
NEWEST_REVISION = 2


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    return FormRegistry.from_dir(FORMS_DIR)


@pytest.fixture(scope="session")
def form(registry: FormRegistry) -> Form:
    """Revision 1, the revision the shipped samples and the test packages are answered on."""
    return registry.get(FORM_ID, SAMPLE_REVISION)


@pytest.fixture(scope="session")
def newest_form(registry: FormRegistry) -> Form:
    """The newest revision: what a new assessment starts on."""
    form = registry.get(FORM_ID)
    assert form.revision == NEWEST_REVISION
    return form
