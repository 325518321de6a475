"""Screenshots of the portfolio page (项目组合) over a workspace holding an imported programme.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/shots_portfolio.py OUT_DIR --data-dir WORKSPACE
     [--lang zh|en] [--size 1366x768] [--policy ID]
Make the workspace with build_scripts/make_programme.py (generate, import the packages, --load-programme).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.main import DesktopAdapters, build_workspace  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.i18n import Translations  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.smoke import wait_until  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--policy", default="xiamen-2024")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    apply_theme(app)
    translations = Translations(app)
    translations.switch(args.lang)
    registry = FormRegistry.from_dir(ROOT / "forms")
    location = WorkspaceLocation(args.data_dir)
    ws = build_workspace(location, registry, "review")
    settings = QSettings(str(args.out / "ui.ini"), QSettings.Format.IniFormat)
    ctx = GuiContext(ws, registry, location.data_dir, settings, DesktopAdapters(ws, registry, location.data_dir),
                     language=args.lang)  # fmt: skip
    window = MainWindow(ctx, translations)
    window.resize(width, height)
    window.show()
    wait_until(lambda: window.runner.idle)
    window.show_portfolio()
    page = window.portfolio
    page.policy_box.setCurrentIndex(page.policy_box.findData(args.policy))
    wait_until(lambda: window.runner.idle and page.portfolio is not None)
    page.table.sortItems(3)
    app.processEvents()
    window.grab().save(str(args.out / f"{args.lang}-portfolio.png"))
    ws.close()
    print(f"screens written to {args.out}")


if __name__ == "__main__":
    main()
