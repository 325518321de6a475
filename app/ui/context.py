"""What the GUI needs, built by app.main and handed in (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from app.services.forms import FormRegistry
from app.services.workspace import WorkspaceService


@dataclass
class GuiContext:
    workspace: WorkspaceService
    registry: FormRegistry
    data_dir: Path
    settings: QSettings
    language: str = "zh"  # zh | en
    # Optional capabilities wired by app.main when their adapters are present.
    report: Callable[..., Any] | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def text(self, zh: str, en: str) -> str:
        """Pick a data text (from the form) for the current language; Chinese when no English exists."""
        return en if self.language == "en" and en else zh
