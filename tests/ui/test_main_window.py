"""The main window: start-up, navigation, and its typed calls to the desktop services (exports, verify)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices, Qt, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from app.core.answers import parse_json_text
from app.core.records import Assessor
from app.services.desktop import (
    CountersignPreview,
    DesktopServices,
    ExportedPackage,
    ExportedReport,
    FontStatus,
    ImportOutcome,
    KeyProblem,
    UnlockedKey,
    VerifyOutcome,
)
from app.services.submission import PackageRejectedError, SigningKeyError
from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow
from tests.ui.test_keys import ROOT, fill, script

USCC = "91350100M000100Y43"


def test_home_list_loads_when_the_window_opens(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="开窗即见企业", uscc=USCC))
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.home.model.rowCount() == 1, timeout=10000)
    assert window.stack.currentWidget() is window.home


def test_open_an_assessment_and_return_home(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="往返企业", uscc=USCC))
    aid = gui_ctx.workspace.new_assessment(USCC).id
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_assessment(aid)
    qtbot.waitUntil(lambda: window.view.loaded is not None and window.runner.idle, timeout=10000)
    assert window.stack.currentWidget() is window.view
    window.view.back_home.click()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10000)
    assert window.stack.currentWidget() is window.home
    window.close()


@dataclasses.dataclass(frozen=True)
class FakeKey:
    role: str
    fingerprint: str
    key_file: Path | None


class FakeDesktop:
    """A DesktopServices (our own port) that records what the window asks for and answers from a script."""

    def __init__(self, signing_fails: int = 0, font_embedded: bool = True) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.signing_fails = signing_fails
        self.font = FontStatus(font_embedded, "no CJK font found")

    def export_pdf(self, assessment_id: int, out: Path) -> ExportedReport:
        self.calls.append(("pdf", assessment_id, out))
        return ExportedReport(out, self.font)

    def export_comparison(self, before_id: int, after_id: int, out: Path) -> ExportedReport:
        self.calls.append(("compare", before_id, after_id, out))
        return ExportedReport(out, self.font)

    def export_diagnosis(self, assessment_id: int, out: Path) -> ExportedReport:
        self.calls.append(("diagnosis", assessment_id, out))
        return ExportedReport(out, self.font)

    def export_package(
        self,
        assessment_id: int,
        out: Path,
        *,
        key_file: Path | None = None,
        passphrase: str | None = None,
        countersign: bool = False,
        key: UnlockedKey | None = None,
        assessor_key: UnlockedKey | None = None,
    ) -> ExportedPackage:
        self.calls.append(("package", assessment_id, out, key, assessor_key, countersign))
        if self.signing_fails:
            self.signing_fails -= 1
            raise SigningKeyError("no usable OS key store")
        return ExportedPackage(out, "SHA256:package", "SHA256:signer", 1)

    def create_key_file(self, path: Path, passphrase: str) -> str:
        self.calls.append(("create-key", path, passphrase))
        path.write_text("key")
        return "SHA256:new"

    def key_store_available(self) -> bool:
        return False

    def passphrase_min_length(self) -> int:
        return 10

    def unlock_key(self, role: str, key_file: Path | None, passphrase: str | None = None) -> UnlockedKey:
        self.calls.append(("unlock", role, key_file, passphrase))
        if passphrase == "wrong":
            raise KeyProblem("wrong-passphrase")
        return FakeKey(role, f"SHA256:{role}", key_file)

    def create_key(self, role: str, key_file: Path, passphrase: str) -> UnlockedKey:
        self.calls.append(("create", role, key_file, passphrase))
        return FakeKey(role, f"SHA256:{role}", key_file)

    def import_package(self, path: Path, *, accept_unknown: bool = False) -> ImportOutcome:
        self.calls.append(("import", path, accept_unknown))
        if "bad" in path.name:
            raise PackageRejectedError(f"{path.name}: 拒绝导入 (refused): the key \x1b[2K is not trusted")
        return ImportOutcome(path, "imported", 7, 1, True, origin_verified=not accept_unknown)

    def countersign_preview(self, path: Path) -> CountersignPreview:
        self.calls.append(("preview", path))
        return CountersignPreview(
            str(path), "副署企业\x1b[2K", USCC, 2, "45.7", "2026-12-01", "SHA256:ent", True, "张工"
        )

    def countersign(
        self,
        path: Path,
        out: Path,
        *,
        key_file: Path | None = None,
        passphrase: str | None = None,
        name: str,
        key: UnlockedKey | None = None,
    ) -> Path:
        self.calls.append(("countersign", path, out, key, name))
        return out

    def verify_package(self, path: Path) -> VerifyOutcome:
        self.calls.append(("verify", path))
        return VerifyOutcome(False, {}, f"{path.name}: FAILED", ("fail: [signature] bad signature",))

    def signer_fingerprint(self) -> str:
        return "SHA256:signer"

    def unverified_imports(self) -> set[int]:
        return set()

    def pdf_font(self) -> FontStatus:
        return self.font


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes the window shows, captured instead of blocking the test (Qt's statics, not our code)."""
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda _parent, title, text, *_a, kind=kind: shown.append((kind, text)))
        )
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: True))
    return shown


def window_with(qtbot: QtBot, ctx: GuiContext, fake: FakeDesktop) -> MainWindow:
    services: DesktopServices = fake  # mypy checks that the fake keeps the protocol
    window = MainWindow(dataclasses.replace(ctx, services=services))
    qtbot.addWidget(window)
    return window


def test_pdf_export_reports_a_font_fallback(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="字体企业", uscc=USCC))
    aid = gui_ctx.workspace.new_assessment(USCC).id
    services = FakeDesktop(font_embedded=False)
    window = window_with(qtbot, gui_ctx, services)
    out = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    window.export(aid, "pdf")
    qtbot.waitUntil(lambda: window.runner.idle and bool(boxes), timeout=10000)
    assert services.calls == [("pdf", aid, out)]
    assert boxes[0][0] == "warning" and "no CJK font found" in boxes[0][1]


def test_package_export_signs_with_the_key_unlocked_once(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name="签名企业", uscc=USCC))
    answers = parse_json_text((ROOT / "resources" / "samples" / "sample-complete.json").read_bytes())
    aid = gui_ctx.workspace.new_assessment(USCC, answers_document=answers, assessor=Assessor("张工")).id
    gui_ctx.workspace.finalize(aid)
    gui_ctx.settings.setValue("keys/enterprise/mode", "file")
    gui_ctx.settings.setValue("keys/enterprise/file", str(tmp_path / "key.key"))
    (tmp_path / "key.key").write_text("{}")
    services = FakeDesktop()
    window = window_with(qtbot, gui_ctx, services)
    out = tmp_path / "a.sdap"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    seen: list[str] = []
    script([("key_unlock", fill(passphrase="wrong")), ("key_unlock", fill(passphrase="passphrase"))], seen)
    window.export(aid, "package")
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "export_done", None) is not None, timeout=10000)
    key = FakeKey("enterprise", "SHA256:enterprise", tmp_path / "key.key")
    assert services.calls == [
        ("unlock", "enterprise", tmp_path / "key.key", "wrong"),
        ("unlock", "enterprise", tmp_path / "key.key", "passphrase"),
        ("package", aid, out, key, None, False),
    ]
    text = window.export_done.text()  # type: ignore[attr-defined]
    assert "SHA256:package" in text and "SHA256:signer" in text
    assert boxes == []


def test_verify_shows_the_outcome_and_its_problems(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    services = FakeDesktop()
    window = window_with(qtbot, gui_ctx, services)
    package = tmp_path / "in.sdap"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(package), "")))
    window.verify_package()
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "verify_dialog", None) is not None, timeout=10000)
    assert services.calls == [("verify", package)]
    dialog = window.verify_dialog  # type: ignore[attr-defined]
    assert dialog.isVisible() and dialog.windowTitle() == "校验未通过"
    assert dialog.text().startswith("校验未通过：1 项检查未通过。")
    assert "fail: [signature] bad signature" in dialog.text()
    assert dialog.detailedText() == "in.sdap: FAILED\nfail: [signature] bad signature"
    dialog.close()
    assert boxes == []


def test_import_shows_a_summary_table_with_every_file_and_its_origin(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    services = FakeDesktop()
    window = window_with(qtbot, gui_ctx, services)
    files = [tmp_path / "good.sdap", tmp_path / "bad.sdap", tmp_path / "other.sdap"]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(f) for f in files], "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    window.import_packages()
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "import_dialog", None) is not None, timeout=10000)
    assert services.calls == [("import", f, True) for f in files]  # the bad file did not stop the batch
    model = window.import_dialog.findChild(QTableView, "import_table").model()
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [row[0] for row in cells] == ["good.sdap", "bad.sdap", "other.sdap"]
    assert cells[0][7] == "来源未核验" and cells[1][1] == "拒绝导入"
    assert "\x1b" not in cells[1][2] and "\\x1b[2K" in cells[1][2]
    window.import_dialog.close()


def test_countersign_shows_the_summary_and_asks_again_after_a_wrong_passphrase(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    services = FakeDesktop()
    window = window_with(qtbot, gui_ctx, services)
    package, out, key = tmp_path / "in.sdap", tmp_path / "out.sdap", tmp_path / "assessor.key"
    key.write_text("{}")
    gui_ctx.settings.setValue("keys/assessor/mode", "file")
    gui_ctx.settings.setValue("keys/assessor/file", str(key))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(package), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes),
    )
    seen: list[str] = []
    script([("key_unlock", fill(passphrase="wrong")), ("key_unlock", fill(passphrase="right passphrase"))], seen)
    window.countersign_package()
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "export_done", None) is not None, timeout=10000)
    assert "副署企业" in asked[0] and USCC in asked[0] and "SHA256:ent" in asked[0] and "\x1b" not in asked[0]
    assert [c[0] for c in services.calls] == ["preview", "unlock", "unlock", "countersign"]
    assert services.calls[-1] == ("countersign", package, out, FakeKey("assessor", "SHA256:assessor", key), "张工")
    assert str(out) in window.export_done.text()  # type: ignore[attr-defined]


def shown(text: str) -> str:
    """What a message box in Qt's automatic format shows for ``text``: markup when its first line looks like a tag."""
    document = QTextDocument()
    if Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


@pytest.mark.parametrize("handler", ["_export_failed", "_background_error"])
def test_an_error_that_starts_with_outside_text_is_shown_word_for_word(
    qtbot: QtBot, gui_ctx: GuiContext, boxes: list[tuple[str, str]], handler: str
) -> None:
    window = window_with(qtbot, gui_ctx, FakeDesktop())
    message = "C:/收到/a.sdap: [file-digest] evidence/<b>x</b>/<img src=y>: 不符\n第二行 <i>z</i>"
    error = PackageRejectedError(message)
    getattr(window, handler)(*((error,) if handler == "_export_failed" else (error, "trace")))
    assert len(boxes) == 1 and boxes[0][0] == "warning"
    assert shown(boxes[0][1]) == message
