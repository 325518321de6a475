"""Signing keys in the window (issue 13, "Signing without an OS key store is painful" and "Keys in the GUI").

A real window over the real adapters: key files are real (scrypt + AES-GCM), packages are really signed and then
verified, and the OS key store is keyring's own backend API with an in-memory backend (the seam). Only Qt's
static dialogs (file chooser, question box) and QDesktopServices are replaced, as in test_main_window.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.answers import parse_json_text
from app.core.records import AssessmentKind, Assessor
from app.services.workspace import EnterpriseInput
from app.ui.context import GuiContext
from app.ui.main_window import MainWindow
from tests.package import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
USCC = "91350100M000100Y43"
NAME = "示例/精密:机械*有限公司"  # characters Windows refuses in a file name
GOOD = "correct horse battery"
DEVELOPER_TEXT = ("FileKeyStore", "--key-file", "SME_ASSESS", "keyring", "KeyStore", "Traceback")


class Shell:
    """What the window shows through Qt's static dialogs, captured (never our own code)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.saves: list[tuple[str, str]] = []  # (title, offered path)
        self.opened_urls: list[str] = []
        self.save_answers: list[Path] = []
        self.question_answer = QMessageBox.StandardButton.Yes
        for kind in ("information", "warning", "critical"):
            monkeypatch.setattr(
                QMessageBox,
                kind,
                staticmethod(lambda _p, title, text, *_a, kind=kind: self.boxes.append((kind, title, text))),
            )
        monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: self.question_answer))
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("", False)))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))
        monkeypatch.setattr(
            QDesktopServices, "openUrl", staticmethod(lambda url: self.opened_urls.append(url.toLocalFile()) or True)
        )

    def _save(self, _parent: object, title: str, offered: str, *_a: object, **_k: object) -> tuple[str, str]:
        self.saves.append((title, offered))
        return (str(self.save_answers.pop(0)), "") if self.save_answers else ("", "")


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Shell:
    return Shell(monkeypatch, tmp_path)


def finalized(ctx: GuiContext, on_site: bool = False) -> int:
    ws = ctx.workspace
    ws.add_enterprise(EnterpriseInput(name=NAME, uscc=USCC))
    answers = parse_json_text((ROOT / "resources" / "samples" / "sample-complete.json").read_bytes())
    assessor = Assessor("张工", "某数字化牵引单位", "诊断顾问")
    aid = ws.new_assessment(USCC, AssessmentKind.AFTER, answers, assessor, on_site, date(2026, 12, 1)).id
    ws.finalize(aid)
    return aid


def make_window(qtbot: QtBot, ctx: GuiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


Step = tuple[str, Callable[[QDialog], None]]


def script(steps: list[Step], seen: list[str]) -> None:
    """Answer the modal dialogs the window opens, in order: each step waits for a dialog of its object name."""
    polls = [0]

    def poll() -> None:
        polls[0] += 1
        widget = QApplication.activeModalWidget()
        if steps and isinstance(widget, QDialog) and widget.objectName() == steps[0][0]:
            name, action = steps.pop(0)
            seen.append(name)
            action(widget)
        if steps and polls[0] < 3000:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def fill(**fields: str) -> Callable[[QDialog], None]:
    def act(dialog: QDialog) -> None:
        for name, text in fields.items():
            if name.startswith("choice_"):
                dialog.findChild(QWidget, name).setChecked(True)  # type: ignore[union-attr]
            else:
                dialog.findChild(QWidget, name).setText(text)  # type: ignore[union-attr]
        dialog.submit()  # type: ignore[attr-defined]

    return act


def error_of(dialog: QDialog) -> str:
    error = dialog.findChild(QLabel, "key_error")
    assert error is not None
    return error.text() if error.isVisible() else ""


def cancel(dialog: QDialog) -> None:
    dialog.reject()


def all_texts(widget: QWidget) -> str:
    return "\n".join(w.text() for w in widget.findChildren(QLabel)) + widget.windowTitle()


def signatures(package: Path) -> list[str]:
    """The roles that signed the package."""
    with zipfile.ZipFile(package) as z:
        return sorted(json.loads(z.read(n))["role"] for n in z.namelist() if n.startswith("signatures/"))


def wait_export(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "export_done", None) is not None, timeout=30000)
    box: QMessageBox = window.export_done  # type: ignore[attr-defined]
    return box


def test_new_key_file_takes_the_passphrase_twice_and_no_developer_text_is_shown(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, no_os_key_store: None, tmp_path: Path
) -> None:
    """Finding: every export repeats a long English developer text (FileKeyStore, --key-file, an environment
    variable); a new key takes one passphrase field ("123" accepted)."""
    aid = finalized(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    key, out = tmp_path / "mine.key", tmp_path / "out.sdap"
    shell.save_answers = [out]
    errors: list[str] = []
    texts: list[str] = []
    seen: list[str] = []

    def weak(dialog: QDialog) -> None:
        texts.append(all_texts(dialog))
        assert not dialog.findChild(QWidget, "choice_key_store").isVisible()  # type: ignore[union-attr]
        fill(choice_new_file="", key_path=str(key), passphrase="123", passphrase_again="123")(dialog)
        errors.append(error_of(dialog))
        assert not key.exists()

    def mismatch(dialog: QDialog) -> None:
        fill(passphrase=GOOD, passphrase_again=GOOD + "x")(dialog)
        errors.append(error_of(dialog))

    script([("key_setup", weak), ("key_setup", mismatch),
            ("key_setup", fill(passphrase=GOOD, passphrase_again=GOOD))], seen)  # fmt: skip
    window.export(aid, "package")
    box = wait_export(qtbot, window)
    assert seen == ["key_setup"] * 3
    assert "口令至少需要 10 个字符" in errors[0]
    assert "两次输入的口令不一致" in errors[1]
    assert key.is_file() and json.loads(key.read_text())["kdf"]["name"] == "scrypt"
    assert signatures(out) == ["enterprise"]
    verdict = gui_ctx.services.verify_package(out)
    assert verdict.ok, verdict.problems
    assert gui_ctx.settings.value("keys/enterprise/file") == str(key)  # remembered for the next time
    shown = "\n".join(texts) + box.text() + "\n".join(b[2] for b in shell.boxes)
    assert not [w for w in DEVELOPER_TEXT if w in shown], shown
    assert not [b for b in shell.boxes if b[0] == "warning"]


def test_wrong_passphrase_is_said_in_the_dialog_and_retried(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, no_os_key_store: None, tmp_path: Path
) -> None:
    """Finding: a wrong passphrase gives an English error and no retry."""
    aid = finalized(gui_ctx)
    key = tmp_path / "mine.key"
    gui_ctx.services.create_key("enterprise", key, GOOD)
    gui_ctx.settings.setValue("keys/enterprise/mode", "file")
    gui_ctx.settings.setValue("keys/enterprise/file", str(key))
    window = make_window(qtbot, gui_ctx)
    out = tmp_path / "out.sdap"
    shell.save_answers = [out]
    errors: list[str] = []
    seen: list[str] = []

    def wrong(dialog: QDialog) -> None:
        fill(passphrase="not the passphrase")(dialog)
        errors.append(error_of(dialog))
        assert dialog.isVisible()  # still open: the retry is in the same dialog

    script([("key_unlock", wrong), ("key_unlock", fill(passphrase=GOOD))], seen)
    window.export(aid, "package")
    wait_export(qtbot, window)
    assert seen == ["key_unlock", "key_unlock"]
    assert errors == ["口令错误，请重新输入。"]
    assert gui_ctx.services.verify_package(out).ok
    assert not [b for b in shell.boxes if b[0] == "warning"]


def test_cancel_is_not_a_failure(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, no_os_key_store: None, tmp_path: Path
) -> None:
    """Finding: Cancel shows "导出失败"."""
    aid = finalized(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    out = tmp_path / "out.sdap"
    shell.save_answers = [out]
    seen: list[str] = []
    script([("key_setup", cancel)], seen)
    window.export(aid, "package")
    qtbot.waitUntil(lambda: seen == ["key_setup"] and window.runner.idle, timeout=10000)
    qtbot.wait(50)
    assert not out.exists()
    assert shell.boxes == []  # no "导出失败", no message at all
    assert getattr(window, "export_done", None) is None


def test_the_unlocked_key_is_kept_for_the_session_until_it_is_idle_too_long(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, no_os_key_store: None, tmp_path: Path
) -> None:
    """Build: the key stays unlocked for the session (with a timeout) instead of being asked for at every export."""
    from app.ui.keys import IDLE_TIMEOUT_SECONDS, KeySession

    aid = finalized(gui_ctx)
    key = tmp_path / "mine.key"
    gui_ctx.services.create_key("enterprise", key, GOOD)
    gui_ctx.settings.setValue("keys/enterprise/mode", "file")
    gui_ctx.settings.setValue("keys/enterprise/file", str(key))
    window = make_window(qtbot, gui_ctx)
    now = [1000.0]
    window.keys.session = KeySession(clock=lambda: now[0])
    seen: list[str] = []

    def export(name: str) -> None:
        window.export_done = None  # type: ignore[attr-defined]
        shell.save_answers = [tmp_path / name]
        window.export(aid, "package")
        wait_export(qtbot, window)

    script([("key_unlock", fill(passphrase=GOOD))], seen)
    export("1.sdap")
    now[0] += IDLE_TIMEOUT_SECONDS - 1  # used again just before the timeout: not asked, and the clock restarts
    export("2.sdap")
    now[0] += IDLE_TIMEOUT_SECONDS - 1
    export("3.sdap")
    assert seen == ["key_unlock"]
    now[0] += IDLE_TIMEOUT_SECONDS  # idle for the whole timeout: asked again
    script([("key_unlock", fill(passphrase=GOOD))], seen)
    export("4.sdap")
    assert seen == ["key_unlock", "key_unlock"]
    assert all(gui_ctx.services.verify_package(tmp_path / f"{n}.sdap").ok for n in range(1, 5))


def test_the_os_key_store_is_offered_at_set_up_and_then_used_without_asking(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """Build: first use runs one set-up: the OS key store (when keyring has a usable backend), or a key file."""
    aid = finalized(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    shell.save_answers = [tmp_path / "1.sdap"]
    seen: list[str] = []
    offered: list[bool] = []

    def use_store(dialog: QDialog) -> None:
        offered.append(dialog.findChild(QWidget, "choice_key_store").isChecked())  # type: ignore[union-attr]
        fill(choice_key_store="")(dialog)

    script([("key_setup", use_store)], seen)
    window.export(aid, "package")
    wait_export(qtbot, window)
    assert seen == ["key_setup"] and offered == [True]  # offered, and the default
    assert ("sme-digital-assess", "enterprise") in memory_keyring.store
    second = make_window(qtbot, gui_ctx)  # a new session: the choice is remembered, the key store asks nothing
    shell.save_answers = [tmp_path / "2.sdap"]
    second.export(aid, "package")
    wait_export(qtbot, second)
    assert seen == ["key_setup"]
    assert gui_ctx.services.verify_package(tmp_path / "2.sdap").ok


def test_on_site_countersigning_asks_for_the_assessor_key_file_and_remembers_it(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, no_os_key_store: None, tmp_path: Path
) -> None:
    """Finding: countersigning an on-site assessment fails with a raw keyring error, because the GUI never asks
    for an assessor key file."""
    aid = finalized(gui_ctx, on_site=True)
    window = make_window(qtbot, gui_ctx)
    mine, assessor = tmp_path / "enterprise.key", tmp_path / "assessor.key"
    out = tmp_path / "out.sdap"
    shell.save_answers = [out]
    seen: list[str] = []
    script([("key_setup", fill(choice_new_file="", key_path=str(mine), passphrase=GOOD, passphrase_again=GOOD)),
            ("key_setup", fill(choice_new_file="", key_path=str(assessor), passphrase=GOOD + "2",
                               passphrase_again=GOOD + "2"))], seen)  # fmt: skip
    window.export(aid, "package")
    box = wait_export(qtbot, window)
    assert seen == ["key_setup", "key_setup"]
    assert signatures(out) == ["assessor", "enterprise"]
    assert gui_ctx.services.verify_package(out).ok
    assert gui_ctx.settings.value("keys/assessor/file") == str(assessor)
    assert not [b for b in shell.boxes if b[0] == "warning"] and "keyring" not in box.text()


def test_countersign_menu_unlocks_the_remembered_assessor_key(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    shell: Shell,
    no_os_key_store: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finding: countersigning fails with a raw keyring error; the assessor key file is asked for and remembered."""
    aid = finalized(gui_ctx)
    mine, assessor = tmp_path / "enterprise.key", tmp_path / "assessor.key"
    signed = gui_ctx.services.create_key("enterprise", mine, GOOD)
    gui_ctx.services.create_key("assessor", assessor, GOOD)
    package = tmp_path / "in.sdap"
    gui_ctx.services.export_package(aid, package, key=signed)
    gui_ctx.settings.setValue("keys/assessor/mode", "file")
    gui_ctx.settings.setValue("keys/assessor/file", str(assessor))
    window = make_window(qtbot, gui_ctx)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(package), "")))
    out = tmp_path / "countersigned.sdap"
    shell.save_answers = [out]
    seen: list[str] = []
    script([("key_unlock", fill(passphrase="wrong passphrase")), ("key_unlock", fill(passphrase=GOOD))], seen)
    window.countersign_package()
    wait_export(qtbot, window)
    assert seen == ["key_unlock", "key_unlock"]
    assert signatures(out) == ["assessor", "enterprise"]
    assert not [b for b in shell.boxes if b[0] == "warning"]


def test_package_export_is_disabled_on_a_draft_with_the_reason(qtbot: QtBot, gui_ctx: GuiContext) -> None:
    """Finding: 导出签名评测包 is enabled on drafts and fails after the file is chosen."""
    gui_ctx.workspace.add_enterprise(EnterpriseInput(name=NAME, uscc=USCC))
    draft = gui_ctx.workspace.new_assessment(USCC).id
    window = make_window(qtbot, gui_ctx)
    window.open_assessment(draft)
    qtbot.waitUntil(lambda: window.runner.idle and window.view.loaded is not None and window.view.idle, timeout=20000)
    window.view.go(window.view.page_keys.index("result"))
    page = window.view.result_page
    assert page is not None
    qtbot.waitUntil(lambda: bool(page.total.text()), timeout=20000)
    assert not page.package_button.isEnabled()
    assert "请先定稿" in page.package_button.toolTip()
    assert page.pdf_button.isEnabled()  # a draft report (marked 草稿) is still possible


def test_dialogs_open_in_documents_or_the_last_folder_with_a_readable_default_name(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, tmp_path: Path
) -> None:
    """Findings: file dialogs open in the workspace folder; the default file name is assessment-1.pdf, and the
    last folder used is not remembered."""
    from app.ui.files import documents_folder

    aid = finalized(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    chosen = tmp_path / "reports"
    chosen.mkdir()
    shell.save_answers = [chosen / "first.pdf"]
    window.export(aid, "pdf")
    qtbot.waitUntil(lambda: window.runner.idle and getattr(window, "export_done", None) is not None, timeout=30000)
    window.export(aid, "pdf")  # cancelled in the dialog (no answer left): only the offered path matters
    first, second = Path(shell.saves[0][1]), Path(shell.saves[1][1])
    assert first.name == "示例_精密_机械_有限公司-改造后-2026-12-01.pdf"
    assert first.parent == documents_folder()
    assert gui_ctx.data_dir not in first.parents and first.parent != gui_ctx.data_dir
    assert second.parent == chosen  # the last folder used for reports


def test_evidence_dialog_never_opens_in_the_workspace_folder(
    qtbot: QtBot, gui_ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding: file dialogs open in the workspace folder, offering workspace.sqlite3 as evidence."""
    from app.ui.widgets import EvidenceBox

    make_window(qtbot, gui_ctx)  # the window makes its settings the place folders are remembered
    starts: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda _p, _t, start="", *_a: starts.append(start) or ([], ""))
    )
    box = EvidenceBox("Q1", lambda ev: Path(ev.filename))
    qtbot.addWidget(box)
    box.add_button.click()
    assert starts and starts[0] != "" and Path(starts[0]) != gui_ctx.data_dir
    assert gui_ctx.data_dir not in Path(starts[0]).parents


def test_after_an_export_open_shows_the_file_and_its_folder(
    qtbot: QtBot, gui_ctx: GuiContext, shell: Shell, tmp_path: Path
) -> None:
    """Build: after an export, 打开 opens the file in the system viewer (and 打开所在文件夹 its folder)."""
    aid = finalized(gui_ctx)
    window = make_window(qtbot, gui_ctx)
    out = tmp_path / "report.pdf"
    shell.save_answers = [out]
    window.export(aid, "pdf")
    box = wait_export(qtbot, window)
    assert shell.opened_urls == []  # nothing opens by itself
    buttons = {b.objectName(): b for b in box.buttons()}
    buttons["open_file"].click()
    assert shell.opened_urls == [str(out)]
    window.export_done = None  # type: ignore[attr-defined]
    shell.save_answers = [out]
    window.export(aid, "pdf")
    box = wait_export(qtbot, window)
    {b.objectName(): b for b in box.buttons()}["open_folder"].click()
    assert shell.opened_urls[-1] == str(tmp_path)
    assert QUrl.fromLocalFile(str(out)).isLocalFile()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
        ("  东莞  示例\t公司. ", "东莞 示例 公司"),
        ("CON", "_CON"),
        ("...", "_"),
        ("长" * 200, "长" * 60),
    ],
)
def test_enterprise_names_are_made_safe_for_file_systems(name: str, expected: str) -> None:
    from app.ui.files import export_name, safe_file_name

    assert safe_file_name(name) == expected
    assert export_name("企业", "baseline", date(2026, 12, 1), ".sdap") == "企业-改造前-2026-12-01.sdap"
