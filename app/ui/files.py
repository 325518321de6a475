"""Every file dialog of the window: where it opens, the name it offers, what follows a successful export.

A dialog opens in the folder last used for its kind of file (reports, packages, evidence, keys, …), else in the
user's Documents folder; never in the workspace folder, whose database must not be offered as evidence. Default
names read ``企业名称-改造后-2026-12-01.pdf``. After an export a message offers 打开 and 打开所在文件夹.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core import fileio

safe_file_name = fileio.safe_file_name  # one rule for every file name the program offers (app.core.fileio)

# Kinds of file with a folder of their own; one settings key each.
REPORT, PACKAGE, COMPARISON, EVIDENCE, COUNTERSIGNED, KEY, IMPORT, VERIFY = (
    "report", "package", "comparison", "evidence", "countersigned", "key", "import", "verify",
)  # fmt: skip
KIND_WORDS = {
    "zh": {"baseline": "改造前", "after": "改造后", "self": "自评"},
    "en": {"baseline": "before", "after": "after", "self": "self-assessment"},
}


def export_name(enterprise: str, kind: str, day: date | None, suffix: str, language: str = "zh") -> str:
    """The name offered for an export: ``企业名称-改造后-2026-12-01.pdf`` (the kind word in the UI language)."""
    words = KIND_WORDS.get(language, KIND_WORDS["zh"])
    parts = [safe_file_name(enterprise), words.get(kind, kind), (day or date.today()).isoformat()]
    return "-".join(p for p in parts if p) + suffix


_shared: list[QSettings] = []  # the window's settings, for dialogs in widgets that do not hold them


def use_settings(settings: QSettings) -> None:
    """Make ``settings`` the place where widgets without settings of their own remember folders."""
    _shared[:] = [settings]


def _settings(settings: QSettings | None) -> QSettings | None:
    return settings if settings is not None else (_shared[0] if _shared else None)


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def start_folder(settings: QSettings | None, kind: str) -> Path:
    """The folder a dialog for ``kind`` opens in: the last one used for it, else Documents."""
    settings = _settings(settings)
    last = settings.value(f"files/{kind}") if settings is not None else None
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(settings: QSettings | None, kind: str, chosen: Path) -> None:
    settings = _settings(settings)
    if settings is not None:
        settings.setValue(f"files/{kind}", str(chosen.parent))


def save_path(
    parent: QWidget, settings: QSettings, kind: str, title: str, name: str, filters: str, *, confirm: bool = True
) -> Path | None:
    """Ask where to save ``name``; remember the folder; None when cancelled."""
    options = QFileDialog.Option(0) if confirm else QFileDialog.Option.DontConfirmOverwrite
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(settings, kind) / name), filters, options=options
    )
    if not chosen:
        return None
    path = Path(chosen)
    remember(settings, kind, path)
    return path


def open_path(parent: QWidget, settings: QSettings, kind: str, title: str, filters: str = "") -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(settings, kind)), filters)
    if not chosen:
        return None
    path = Path(chosen)
    remember(settings, kind, path)
    return path


def open_paths(parent: QWidget, settings: QSettings | None, kind: str, title: str, filters: str = "") -> list[Path]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(settings, kind)), filters)
    paths = [Path(c) for c in chosen]
    if paths:
        remember(settings, kind, paths[0])
    return paths


def open_folder(parent: QWidget, settings: QSettings | None, kind: str, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(settings, kind)))
    if not chosen:
        return None
    path = Path(chosen)
    remember(settings, kind, path / "x")  # remember the folder itself (remember keeps a file's parent)
    return path


def show_exported(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """An export is done: say so, with 打开 (the system viewer) and 打开所在文件夹. The box is window-modal and
    returned (also kept as ``parent.export_done``), so it does not block and tests can press its buttons."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("export_done")
    open_button = box.addButton(QCoreApplication.translate("files", "打开"), QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("open_file")
    folder_text = QCoreApplication.translate("files", "打开所在文件夹")
    folder_button = box.addButton(folder_text, QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("open_folder")
    close_button = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close_button)
    open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    box.open()
    parent.export_done = box  # type: ignore[attr-defined]
    return box
