"""The one place that decides where forms, resources and user data live (source checkout or frozen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from app import APP_AUTHOR, APP_NAME

DATA_DIR_ENV = "SME_ASSESS_DATA_DIR"


def bundle_root() -> Path:
    """Return the folder holding forms/ and resources/: the PyInstaller bundle or the source checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return bundle_root() / "forms"


def installed_forms_dir(data_dir: Path) -> Path:
    """Forms installed by the user (``sme-assess forms install``), beside the workspace."""
    return data_dir / "forms"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def default_data_dir() -> Path:
    """Return the per-user data directory (e.g. %LOCALAPPDATA%\\SMEDigital\\sme-digital-assess)."""
    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def resolve_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """Choose the data directory: --data-dir, then the environment variable, then the per-user default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()
