"""Fonts and style: a CJK-capable font on every platform, never tofu."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# In order of preference: Windows, macOS, then common Linux CJK fonts.
CJK_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", "SimHei", "SimSun",
)  # fmt: skip

ACCENT = "#1f6feb"
OK = "#1a7f37"
WARN = "#9a6700"
BAD = "#cf222e"
MUTED = "#57606a"

STYLE = f"""
QWidget {{ font-size: 10pt; }}
QLabel[role="h1"] {{ font-size: 16pt; font-weight: 600; }}
QLabel[role="h2"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="warning"] {{ color: {WARN}; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px;
                          padding: 4px 6px; }}
QLabel[role="note"] {{ background: #ddf4ff; border: 1px solid #54aeff; border-radius: 4px; padding: 4px 6px; }}
QLabel[role="error"] {{ color: {BAD}; }}
QLabel[role="level"] {{ font-size: 28pt; font-weight: 700; color: {ACCENT}; }}
QFrame[role="card"] {{ background: palette(base); border: 1px solid #d0d7de; border-radius: 6px; }}
QFrame[role="card"][missing="true"] {{ border: 2px solid {BAD}; }}
QListWidget#steps {{ font-size: 11pt; }}
QListWidget#steps::item {{ padding: 8px 6px; }}
QListWidget#steps::item:selected {{ background: {ACCENT}; color: white; }}
"""


def choose_cjk_font() -> QFont:
    """Pick an installed family that can show Simplified Chinese; log loudly when none is found."""
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return QFont(name, 10)
    for name in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(name):
            return QFont(name, 10)
    log.warning("no font with Simplified Chinese found; Chinese text may show as boxes")
    return QApplication.font()


def apply_theme(app: QApplication) -> QFont:
    font = choose_cjk_font()
    app.setFont(font)
    app.setStyleSheet(STYLE)
    return font
