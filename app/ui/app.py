"""Start the Qt application: translations, fonts, the crash handler, the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.context import GuiContext
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.smoke import run_smoke_test
from app.ui.theme import apply_theme

log = logging.getLogger(__name__)
LANGUAGES = ("zh", "en")


def has_display() -> bool:
    """Tell whether a window can be shown (Linux without DISPLAY/WAYLAND and no offscreen platform cannot)."""
    system: str = sys.platform  # a plain str, so type checkers on any OS keep both branches
    if system.startswith("linux"):
        platform = os.environ.get("QT_QPA_PLATFORM", "")
        if platform.startswith(("offscreen", "minimal", "vnc")):
            return True
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def settings_for(config_dir: Path) -> QSettings:
    """UI state in an explicit INI file (the default constructor would write the Windows registry)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(config_dir / "ui.ini"), QSettings.Format.IniFormat)


def install_crash_handler(log_path: Path, show: Callable[[str], None]) -> None:
    """Log any unexpected exception and tell the user kindly; saved answers are already on disk."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error:\n%s", text)
        try:
            show(text)
        except Exception:  # the dialog itself failed: the log already has everything
            log.exception("could not show the error dialog")

    sys.excepthook = hook


def show_error_dialog(log_path: Path) -> Callable[[str], None]:
    def show(_text: str) -> None:
        QMessageBox.critical(
            None,
            QApplication.translate("app", "出现意外错误"),
            QApplication.translate(
                "app",
                "程序遇到意外错误。已保存的答案不会丢失。\n\n错误详情已写入日志：\n{path}",
            ).format(path=log_path),
        )

    return show


def run_gui(ctx: GuiContext, smoke_test: bool = False, argv: list[str] | None = None) -> int:
    """Show the main window (or run the smoke test) and return the exit status."""
    if smoke_test and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("sme-digital-assess")
    app.setOrganizationName("SMEDigital")
    translations = Translations(app)
    ctx.language = str(ctx.settings.value("language", "zh"))
    if ctx.language not in LANGUAGES:
        ctx.language = "zh"
    translations.switch(ctx.language)
    apply_theme(app)
    log_path = ctx.data_dir / "logs" / "app.log"
    if not smoke_test:
        install_crash_handler(log_path, show_error_dialog(log_path))
    window = MainWindow(ctx, translations)
    if smoke_test:
        return run_smoke_test(window)
    window.show()
    return app.exec()
