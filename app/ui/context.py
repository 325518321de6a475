"""What the GUI needs, built by app.main and handed in (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the window's first paint does not wait for the services' modules
    from PySide6.QtCore import QSettings

    from app.services.desktop import DesktopServices
    from app.services.forms import FormRegistry
    from app.services.workspace import WorkspaceService


@dataclass
class GuiContext:
    """The workspace, the forms, the settings and the desktop services the windows use."""

    workspace: WorkspaceService
    registry: FormRegistry
    data_dir: Path
    settings: QSettings
    services: DesktopServices  # reports, packages, keys: app.main implements it over the adapters
    language: str = "zh"  # zh | en
    team_server: bool = False  # the workspace is a shared database server, not the file on this computer

    def text(self, zh: str, en: str) -> str:
        """Pick a data text (from the form) for the current language; Chinese when no English exists."""
        return en if self.language == "en" and en else zh
