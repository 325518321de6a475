"""Qt translations: the app's English catalogue and Qt's own Chinese strings, switched at run time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app import paths

log = logging.getLogger(__name__)
LANGUAGES = ("zh", "en")


class Translations:
    """Install the app's and Qt's own translators for a language; replace them on a switch."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.installed: list[QTranslator] = []

    def switch(self, language: str) -> None:
        for tr in self.installed:
            self.app.removeTranslator(tr)
        self.installed = []
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language == "en":
            ours = QTranslator(self.app)
            if ours.load(str(paths.resources_dir() / "i18n" / "app_en.qm")):
                self.installed.append(ours)
            else:
                log.warning("English translation not found; the interface stays in Chinese")
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        else:
            qt = QTranslator(self.app)
            if qt.load("qtbase_zh_CN", qt_dir):
                self.installed.append(qt)
            # Installed after qtbase, so searched first: Qt's texts that qtbase_zh_CN lacks ("&Look in:" of the
            # file dialog) or words unlike this app (撤消 for 撤销).
            extra = QTranslator(self.app)
            if extra.load(str(paths.resources_dir() / "i18n" / "qt_extra_zh_CN.qm")):
                self.installed.append(extra)
            else:
                log.warning("qt_extra_zh_CN.qm not found; some of Qt's own dialogs keep English words")
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for tr in self.installed:
            self.app.installTranslator(tr)
