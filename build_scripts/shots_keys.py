"""Render the signing-key screens at a laptop size: set-up, unlock with a wrong passphrase, export done, draft.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/shots_keys.py OUT_DIR [--lang zh|en] [--size WxH]
Uses a throw-away workspace and an in-memory key store; never the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.backends.fail  # noqa: E402
from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.core.answers import parse_json_text  # noqa: E402
from app.core.records import AssessmentKind, Assessor  # noqa: E402
from app.main import DesktopAdapters, build_workspace  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.workspace import EnterpriseInput  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.ui import files  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.i18n import Translations  # noqa: E402
from app.ui.keys import KeySetupDialog, UnlockDialog  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.smoke import wait_until  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402

USCC = "91350100M000100Y43"


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def over(window: QWidget, dialog: QWidget, out: Path) -> None:
    """The window with the dialog centred on it, as a user sees a window-modal dialog."""
    QApplication.processEvents()
    shot = QPixmap(window.grab())
    top = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QPixmap(1, 1).toImage().pixelColor(0, 0).fromRgb(0, 0, 0, 60))
    painter.drawPixmap(QPoint((shot.width() - top.width()) // 2, (shot.height() - top.height()) // 3), top)
    painter.end()
    shot.save(str(out))


def render_dialogs(
    window: MainWindow, services: DesktopAdapters, settings: QSettings, out: Path, lang: str, tmp: Path
) -> None:
    """The set-up (with and without an OS key store), the unlock with a wrong passphrase, the export message."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    setup = KeySetupDialog(window, services, settings)
    setup.show()
    over(window, setup, out / f"{lang}-k2-setup-key-store.png")
    setup.close()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    setup = KeySetupDialog(window, services, settings)
    setup.passphrase.setText("123")
    setup.again.setText("123")
    setup.show()
    setup.submit()
    over(window, setup, out / f"{lang}-k3-setup-key-file-weak.png")
    setup.close()
    keyring.set_keyring(previous)

    key = tmp / "企业签名密钥.key"
    services.create_key("enterprise", key, "correct horse battery")
    unlock = UnlockDialog(window, services, "enterprise", key)
    unlock.passphrase.setText("wrong passphrase")
    unlock.show()
    unlock.submit()
    over(window, unlock, out / f"{lang}-k4-unlock-wrong-passphrase.png")
    unlock.close()

    name = files.export_name(services.workspace.enterprise(USCC).name, "after", date(2026, 12, 1), ".sdap", lang)
    shown = Path.home() / "Documents" / name
    box = files.show_exported(
        window,
        window.tr("评测包已导出"),
        window.tr("已导出并签名：\n{path}\n\n评测包指纹：{fp}\n签名密钥指纹：{key}").format(
            path=shown, fp="SHA256:3f5a…", key="SHA256:9c21…"
        ),
        shown,
    )
    over(window, box, out / f"{lang}-k5-export-done.png")
    box.close()
    (out / f"{lang}-k5-default-name.txt").write_text(name + "\n", encoding="utf-8")


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
    sample = parse_json_text((ROOT / "resources" / "samples" / "sample-complete.json").read_bytes())
    lang = args.lang
    with tempfile.TemporaryDirectory() as tmp:
        location = WorkspaceLocation(Path(tmp) / "data")
        ws = build_workspace(location, registry, "review")
        ws.add_enterprise(EnterpriseInput(name="东莞市示例精密机械有限公司", uscc=USCC, industry="C34"))
        assessor = Assessor("张工", "某数字化牵引单位", "诊断顾问")
        done = ws.new_assessment(USCC, AssessmentKind.AFTER, sample, assessor, True, date(2026, 12, 1)).id
        ws.finalize(done)
        draft = ws.new_assessment(USCC, AssessmentKind.BASELINE, sample, assessor, False, date(2026, 12, 1)).id
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        services = DesktopAdapters(ws, registry)
        ctx = GuiContext(ws, registry, location.data_dir, settings, services, language=lang)
        window = MainWindow(ctx, translations)
        window.resize(width, height)
        window.show()
        window.open_assessment(draft)
        wait_until(lambda: window.runner.idle and window.view.loaded is not None and window.view.idle)
        window.view.go(window.view.page_keys.index("result"))
        wait_until(lambda: window.runner.idle and window.view.idle)
        page = window.view.result_page
        assert page is not None
        for _ in range(3):
            QApplication.processEvents()
            page.ensureWidgetVisible(page.package_button)
        window.grab().save(str(args.out / f"{lang}-k1-draft-export-disabled.png"))
        tip = page.package_button.toolTip()
        (args.out / f"{lang}-k1-draft-tooltip.txt").write_text(tip + "\n", encoding="utf-8")

        render_dialogs(window, services, settings, args.out, lang, Path(tmp))
        window.close()
        wait_until(lambda: window.runner.idle)
        ws.close()
    print(f"screens written to {args.out}")


if __name__ == "__main__":
    main()
