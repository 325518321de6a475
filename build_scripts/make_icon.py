"""Draw the application icon (a blue rounded square with a white 数) and write resources/icons/app.png and app.ico.

Usage: python build_scripts/make_icon.py [--out-dir DIR]

Qt draws each size itself (offscreen, no display needed) so small sizes stay crisp. The .ico holds PNG-compressed
images at 16, 20, 24, 32, 40, 48, 64, 128 and 256 pixels (Windows Vista and later read PNG entries). The generated
files are committed; run this again only to change the design. The glyph needs a CJK font (Microsoft YaHei on
Windows, WenQuanYi Micro Hei or Noto Sans CJK on Linux); without one the icon falls back to "L2".
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
)

ROOT = Path(__file__).resolve().parent.parent
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 256
BLUE_TOP = "#2f7de1"
BLUE_BOTTOM = "#1456b8"
GLYPH = "数"
CJK_FAMILIES = ("Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC")


def _glyph_font() -> tuple[str, str]:
    """Return (family, text): a CJK family that has the glyph, else a Latin fallback with "L2"."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families and QFontMetrics(QFont(family)).inFont(GLYPH):
            return family, GLYPH
    return "Sans Serif", "L2"


def render(size: int, family: str, text: str) -> bytes:
    """Draw the icon at one size and return it as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(size * 0.04, 0.5) if size >= 24 else 0.0
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = rect.width() * 0.22
    gradient = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    gradient.setColorAt(0.0, QColor(BLUE_TOP))
    gradient.setColorAt(1.0, QColor(BLUE_BOTTOM))
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    painter.fillPath(path, gradient)
    font = QFont(family)
    font.setBold(True)
    font.setPixelSize(max(int(rect.height() * (0.66 if text == GLYPH else 0.5)), 6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """Pack PNG images into an .ico container (ICONDIR, one ICONDIRENTRY per size, then the PNG data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "resources" / "icons")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application object is created
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    family, text = _glyph_font()
    images = {size: render(size, family, text) for size in ICO_SIZES}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "app.png").write_bytes(images[PNG_SIZE])
    (args.out_dir / "app.ico").write_bytes(ico_bytes(images))
    print(f"icon drawn with {family!r} ({text}): {args.out_dir / 'app.png'}, {args.out_dir / 'app.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
