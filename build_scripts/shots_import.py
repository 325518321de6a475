"""Render the bulk import screens at a laptop size: the progress dialog mid-import and the summary with its filter.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/shots_import.py OUT_DIR [--lang zh|en] [--size WxH]
Uses a throw-away workspace and packages built by the test builders (tests/package/batch.py); a corrupt file, a
copy of a package and a stranger's package give every verdict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget  # noqa: E402

from app.main import DesktopAdapters, build_workspace, trust_service  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.i18n import Translations  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.smoke import wait_until  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402
from tests.package import make_signer  # noqa: E402
from tests.package.batch import write_packages  # noqa: E402


def over(window: QWidget, dialog: QWidget, out: Path) -> None:
    """The window with the dialog centred on it, as a user sees a window-modal dialog (as shots_keys.py does)."""
    QApplication.processEvents()
    shot = QPixmap(window.grab())
    top = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QPixmap(1, 1).toImage().pixelColor(0, 0).fromRgb(0, 0, 0, 60))
    painter.drawPixmap(QPoint((shot.width() - top.width()) // 2, (shot.height() - top.height()) // 3), top)
    painter.end()
    shot.save(str(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    apply_theme(app)
    translations = Translations(app)
    translations.switch(args.lang)
    registry = FormRegistry.from_dir(ROOT / "forms")
    form = registry.get("miit-2024", 1)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "收到的评测包"
        signer = make_signer(seed=1)
        good = write_packages(folder, form, 120, signer=signer)
        shutil.copy(good[3], folder / "pkg-0004-副本.sdap")
        (folder / "pkg-0000-损坏.sdap").write_bytes(b"PK\x03\x04 truncated")
        write_packages(folder / "外来", form, 1, signer=make_signer(seed=99), start=900, nested=False)
        location = WorkspaceLocation(base / "data")
        ws = build_workspace(location, registry, "review")
        trust_service(ws).add(signer.public_key_bytes, "enterprise", "review")
        settings = QSettings(str(base / "ui.ini"), QSettings.Format.IniFormat)
        ctx = GuiContext(ws, registry, location.data_dir, settings, DesktopAdapters(ws, registry, location.data_dir),
                         language=args.lang)  # fmt: skip
        window = MainWindow(ctx, translations)
        window.resize(width, height)
        window.show()
        window.home.refresh()
        wait_until(lambda: window.runner.idle)
        QFileDialog.getExistingDirectory = staticmethod(lambda *_a, **_k: str(folder))  # type: ignore[method-assign]
        QMessageBox.question = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No)  # type: ignore[method-assign]
        window.import_folder()
        batch = window.import_batch
        wait_until(lambda: len(batch.verdicts) >= 40)
        if batch.progress is not None:
            over(window, batch.progress, args.out / f"{args.lang}-import-progress.png")
        wait_until(lambda: batch.summary is not None, timeout=600)
        wait_until(lambda: window.runner.idle)
        summary = batch.summary
        assert summary is not None
        summary.resize(min(1240, width - 60), min(600, height - 100))
        over(window, summary, args.out / f"{args.lang}-import-summary.png")
        summary.filter.setCurrentIndex(summary.filter.findData("refused"))
        over(window, summary, args.out / f"{args.lang}-import-summary-refused.png")
        summary.close()
        ws.close()
    print(f"screens written to {args.out}")


if __name__ == "__main__":
    main()
