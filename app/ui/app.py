"""Start the Qt application: translations, fonts, the crash handler, the main window."""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from app import paths
from app.ui.firstpaint import AfterFirstPaint
from app.ui.i18n import Translations
from app.ui.opening import Opening
from app.ui.runner import Runner
from app.ui.theme import apply_theme

if TYPE_CHECKING:  # the start-up window shows before the main window's modules are loaded
    from app.services.listed import FirstListing
    from app.ui.context import GuiContext
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
LANGUAGES = ("zh", "en")
EXIT_WHEN_LISTED_ENV = "SME_ASSESS_EXIT_WHEN_LISTED"  # 1: quit once the enterprise list is shown (start-up bench)


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


class StartupWindow(QWidget):
    """Shown at once while the workspace opens in the background (integrity check, migrations, backup)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("中小企业数字化水平评测"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("中小企业数字化水平评测"))
        title.setProperty("role", "h1")
        self.status = QLabel(self.tr("正在打开工作区…"))
        bar = QProgressBar()
        bar.setRange(0, 0)
        for widget in (title, self.status, bar):
            layout.addWidget(widget)
        self.resize(420, 140)


class _Exposed(QObject):
    """Calls back when the window it watches gets an expose event."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            self.callback()
        return False


def exit_when_listed(window: MainWindow) -> None:
    """Once the home list holds its rows and the window is exposed: print ``listed N``; once the window has then
    been painted: print ``painted N`` and quit with 0 (the start-up benchmark times both lines). Call it after the
    window's other first-paint watchers are installed: this one then sees the paint first, and prints before the
    work that waits for the paint runs."""
    done: list[bool] = []

    def painted() -> None:
        with contextlib.suppress(OSError):  # whoever reads the lines may have stopped reading after ``listed``
            print(f"painted {window.home.model.rowCount()}", flush=True)
        QApplication.exit(0)

    def check() -> None:
        handle = window.windowHandle()
        if done or not window.home.loaded_once or handle is None or not handle.isExposed():
            return
        done.append(True)
        with contextlib.suppress(OSError):
            print(f"listed {window.home.model.rowCount()}", flush=True)
        AfterFirstPaint(window, painted)
        window.update()

    handle = window.windowHandle()
    if handle is not None:
        watcher = _Exposed(check)
        watcher.setParent(window)
        handle.installEventFilter(watcher)
    window.home.listed.connect(check)
    check()


def resume_collection() -> None:
    """Resume the cyclic garbage collector, paused for the start (app.__main__). What the start made (modules,
    classes, Qt's wrappers) lives as long as the program: it is frozen, so no collection scans it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _application(argv: list[str] | None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("sme-digital-assess")
    app.setOrganizationName("SMEDigital")
    icon = paths.resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def start_gui(
    load: Callable[[], GuiContext],
    settings: QSettings,
    data_dir: Path,
    restore: Callable[[], object] | None = None,
    smoke_test: bool = False,
    argv: list[str] | None = None,
    quick: Callable[[Opening], tuple[GuiContext, Callable[[], FirstListing | None]] | None] | None = None,
) -> int:
    """Show a window at once, open the workspace off the GUI thread, then show the main window.

    A damaged workspace, or one found empty, missing or replaced where a workspace was, is reported in a dialog
    that offers to restore the newest good backup; a workspace written by a newer version is refused with its
    message. ``--smoke-test`` opens synchronously.

    ``quick`` (given an Opening) returns a context whose workspace is still opening and what gives the first
    listing, read without opening the workspace, or None: then the main window shows that listing at once, the
    workspace opens after it on the worker, and a failure to open it closes the window and is reported as above.
    """
    if smoke_test and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application(argv)
    translations = Translations(app)
    language = str(settings.value("language", "zh"))
    language = language if language in LANGUAGES else "zh"
    translations.switch(language)
    apply_theme(app)
    if smoke_test:
        from app.ui.main_window import MainWindow
        from app.ui.smoke import run_smoke_test

        ctx = load()
        ctx.language = language
        try:
            return run_smoke_test(MainWindow(ctx, translations))
        finally:
            ctx.workspace.close()
    log_path = data_dir / "logs" / "app.log"
    install_crash_handler(log_path, show_error_dialog(log_path))
    runner = Runner()
    opened: list[MainWindow] = []
    opening = Opening()
    early = quick(opening) if quick is not None else None
    splash = StartupWindow()
    if early is None:
        splash.show()

    def ready(ctx: GuiContext) -> None:
        from app.ui.main_window import MainWindow

        ctx.language = language
        window = MainWindow(ctx, translations)
        opened.append(window)
        window.show()
        splash.close()
        if os.environ.get(EXIT_WHEN_LISTED_ENV) == "1":
            exit_when_listed(window)

    def failed(exc: BaseException) -> None:
        from app.ui.basics import as_text

        backups = getattr(exc, "backups", None)
        if backups and restore is not None:
            if getattr(exc, "missing", False):  # empty, missing or replaced where a workspace was
                title = QApplication.translate("app", "工作区数据缺失")
                offer = QApplication.translate(
                    "app", "是否从最新的完好备份恢复？（当前的数据库文件会保留在备份文件夹中）"
                )
            else:
                title = QApplication.translate("app", "工作区已损坏")
                offer = QApplication.translate("app", "是否从最新的完好备份恢复？（损坏的文件会保留在备份文件夹中）")
            answer = QMessageBox.critical(
                splash,
                title,
                as_text(str(exc) + "\n\n" + offer),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    restore()
                except Exception as restore_error:
                    QMessageBox.critical(splash, QApplication.translate("app", "恢复失败"), as_text(restore_error))
                    app.exit(1)
                    return
                splash.status.setText(QApplication.translate("app", "已恢复，正在重新打开工作区…"))
                runner.run(load_all, ready, failed)
                return
        else:
            QMessageBox.critical(splash, QApplication.translate("app", "无法打开工作区"), as_text(exc))
        app.exit(1)

    def load_all() -> GuiContext:
        ctx = load()
        importlib.import_module("app.ui.main_window")  # its modules load here, off the GUI thread

        return ctx

    if early is None:
        runner.run(load_all, ready, failed)
    else:
        _start_early(early, language, translations, opened, opening, load, runner, splash, failed)
    QTimer.singleShot(0, resume_collection)  # the start is over once the event loop runs
    status = app.exec()
    runner.wait()
    for window in opened:
        if early is None or window.ctx is not early[0] or opening.opened:  # not one still opening, or failed
            window.ctx.workspace.close()
    return status


def _start_early(
    early: tuple[GuiContext, Callable[[], FirstListing | None]],
    language: str,
    translations: Translations,
    opened: list[MainWindow],
    opening: Opening,
    load: Callable[[], GuiContext],
    runner: Runner,
    splash: StartupWindow,
    failed: Callable[[BaseException], None],
) -> None:
    """Show the main window with the first listing now; open the workspace on the worker once it is up."""
    from app.ui.main_window import MainWindow

    ctx, listings = early
    ctx.language = language
    window = MainWindow(ctx, translations, first_listing=listings)
    opened.append(window)
    window.show()

    def open_workspace() -> GuiContext:
        try:
            real = load()
        except BaseException as exc:
            opening.fail(exc)
            raise
        opening.set(real)
        return real

    def opened_now(real: GuiContext) -> None:
        ctx.workspace, ctx.services = real.workspace, real.services
        window.home.workspace_opened()

    def not_opened(exc: BaseException) -> None:
        opened.remove(window)
        window.hide()
        window.deleteLater()
        splash.show()
        failed(exc)

    # Once the window has been painted, so opening (SQLAlchemy's import above all) does not hold the first paint
    # back; after a second at the latest (a window started minimized is not painted).
    started: list[bool] = []

    def start() -> None:
        if not started:
            started.append(True)
            runner.run(open_workspace, opened_now, not_opened)

    AfterFirstPaint(window, start, fallback_ms=1000)
    if os.environ.get(EXIT_WHEN_LISTED_ENV) == "1":
        exit_when_listed(window)
