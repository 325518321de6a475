"""Signing keys in the window: a one-time set-up, unlocking with a retry, and a session that remembers.

First use runs one set-up dialog: keep the key in the OS key store (offered when keyring has a usable backend),
create a passphrase-protected key file (passphrase typed twice, the rule ``keys new`` applies), or choose an
existing one. The choice and the key file's path are remembered in QSettings, that is per user of this computer:
a workspace can be shared (a team server), and one person's key file path is nothing to another. An unlocked
key stays in memory for the session until it has been idle for ``IDLE_TIMEOUT_SECONDS``, so an export does not
ask again. A wrong passphrase is said in the dialog, which stays open for a retry; Cancel is no failure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.desktop import DesktopServices, KeyProblem, UnlockedKey
from app.ui import files
from app.ui.basics import label

IDLE_TIMEOUT_SECONDS = 15 * 60  # an unlocked key is forgotten after this long without use
ENTERPRISE, ASSESSOR = "enterprise", "assessor"
KEY_STORE, NEW_FILE, EXISTING_FILE = "key-store", "new-file", "existing-file"


def draft_export_reason() -> str:
    """Why a draft is not signed (the export button's tooltip, and the message if it is reached anyway)."""
    return QCoreApplication.translate("keys", "草稿不能导出签名评测包：请先定稿，定稿后的评测才能签名提交。")


class KeySession:
    """Unlocked keys by role, each forgotten once idle for ``timeout`` seconds of ``clock``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, timeout: float = IDLE_TIMEOUT_SECONDS) -> None:
        self.clock = clock
        self.timeout = timeout
        self._keys: dict[str, tuple[UnlockedKey, float]] = {}

    def get(self, role: str) -> UnlockedKey | None:
        held = self._keys.get(role)
        if held is None:
            return None
        key, last_used = held
        now = self.clock()
        if now - last_used >= self.timeout:
            del self._keys[role]
            return None
        self._keys[role] = (key, now)
        return key

    def keep(self, key: UnlockedKey) -> None:
        self._keys[key.role] = (key, self.clock())

    def forget(self, role: str | None = None) -> None:
        if role is None:
            self._keys.clear()
        else:
            self._keys.pop(role, None)


def _settings_key(role: str, what: str) -> str:
    return f"keys/{role}/{what}"


class _KeyDialog(QDialog):
    """What the set-up and unlock dialogs share: the error line and the OK handler that may keep them open."""

    key: UnlockedKey | None

    def __init__(self, parent: QWidget | None, services: DesktopServices, role: str) -> None:
        super().__init__(parent)
        self.services = services
        self.role = role
        self.key = None
        self.error = label("", "warning")
        self.error.setObjectName("key_error")
        self.error.setVisible(False)

    def problem_text(self, problem: KeyProblem) -> str:
        """The problem in the UI's language (translated in the "keys" context, shared by both dialogs)."""
        n = self.services.passphrase_min_length()
        return {
            "wrong-passphrase": QCoreApplication.translate("keys", "口令错误，请重新输入。"),
            "no-such-file": QCoreApplication.translate("keys", "找不到这个密钥文件，请重新选择。"),
            "file-exists": QCoreApplication.translate(
                "keys", "这个文件已存在。新建密钥请换一个文件名，或选择“使用已有的密钥文件”。"
            ),
            "weak-passphrase": QCoreApplication.translate("keys", "口令至少需要 {n} 个字符。").format(n=n),
            "unreadable": QCoreApplication.translate("keys", "无法使用这个文件：它不是本软件的密钥文件，或已损坏。"),
            "no-key-store": QCoreApplication.translate("keys", "本机的系统密钥库不可用，请改用密钥文件。"),
            "no-passphrase": QCoreApplication.translate("keys", "请输入密钥文件的口令。"),
        }[problem.kind]

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.fit()

    def fit(self) -> None:
        """Grow to show every line (wrapped labels need their height for the dialog's width)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        self.resize(self.width(), max(wanted, layout.minimumSize().height()))

    def attempt(self, work: Callable[[], UnlockedKey]) -> bool:
        """Run ``work`` (scrypt takes a moment); keep the key and close, or say what went wrong and stay."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.key = work()
        except KeyProblem as problem:
            self.say(self.problem_text(problem))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.say("")
        self.accept()
        return True


class KeySetupDialog(_KeyDialog):
    """The one set-up: the OS key store, a new key file (passphrase twice) or an existing key file."""

    def __init__(
        self, parent: QWidget | None, services: DesktopServices, settings: QSettings, role: str = ENTERPRISE
    ) -> None:
        super().__init__(parent, services, role)
        self.settings = settings
        self.setObjectName("key_setup")
        self.setWindowTitle(self.tr("签名密钥设置") if role == ENTERPRISE else self.tr("评估人员签名密钥"))
        layout = QVBoxLayout(self)
        intro = (
            self.tr("评测包以企业的签名密钥签名，接收方据此核验评测包未被改动。请选择密钥的保存方式（只需设置一次）：")
            if role == ENTERPRISE
            else self.tr("副署使用评估人员本人的签名密钥。请新建或选择评估人员的密钥文件（只需设置一次）：")
        )
        layout.addWidget(label(intro))
        self.choices = QButtonGroup(self)
        self.key_store = QRadioButton(self.tr("保存在本机的系统密钥库中（推荐）"))
        self.new_file = QRadioButton(self.tr("新建受口令保护的密钥文件"))
        self.existing_file = QRadioButton(self.tr("使用已有的密钥文件"))
        for name, button in ((KEY_STORE, self.key_store), (NEW_FILE, self.new_file),
                             (EXISTING_FILE, self.existing_file)):  # fmt: skip
            button.setObjectName(f"choice_{name.replace('-', '_')}")
            self.choices.addButton(button)
            layout.addWidget(button)
        offer_store = role == ENTERPRISE and services.key_store_available()
        self.key_store.setVisible(offer_store)
        (self.key_store if offer_store else self.new_file).setChecked(True)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("key_path")
        self.path.setPlaceholderText(self.tr("密钥文件的位置"))
        default = self.tr("企业签名密钥") if role == ENTERPRISE else self.tr("评估人员签名密钥")
        self.path.setText(str(files.start_folder(settings, files.KEY) / f"{default}.key"))
        self.browse = QPushButton(self.tr("浏览…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        self.path_label = QLabel(self.tr("密钥文件："))
        self.passphrase_label = QLabel(self.tr("口令："))
        self.again_label = QLabel(self.tr("再次输入口令："))
        form.addRow(self.path_label, row)
        layout.addLayout(form)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("口令"))
        self.again = QLineEdit()
        self.again.setObjectName("passphrase_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setPlaceholderText(self.tr("再次输入口令"))
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow(self.again_label, self.again)
        self.hint = label(
            self.tr("口令至少 {n} 个字符。请牢记口令：忘记口令后，这个密钥将无法再用于签名。").format(
                n=services.passphrase_min_length()
            ),
            "muted",
        )
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choices.buttonToggled.connect(lambda *_: self._update())
        self._update()
        self.resize(560, self.sizeHint().height())
        self.fit()

    def choice(self) -> str:
        if self.key_store.isChecked():
            return KEY_STORE
        return NEW_FILE if self.new_file.isChecked() else EXISTING_FILE

    def _update(self) -> None:
        file_based = self.choice() != KEY_STORE
        for w in (self.path, self.browse, self.passphrase, self.path_label, self.passphrase_label):
            w.setVisible(file_based)
        self.again.setVisible(self.choice() == NEW_FILE)
        self.again_label.setVisible(self.choice() == NEW_FILE)
        self.hint.setVisible(self.choice() == NEW_FILE)
        self.say("")

    def _browse(self) -> None:
        filters = self.tr("密钥文件") + " (*.key *.pem);;" + self.tr("所有文件") + " (*)"
        if self.choice() == NEW_FILE:
            chosen = files.save_path(
                self, self.settings, files.KEY, self.tr("新建密钥文件"), Path(self.path.text()).name, filters
            )
        else:
            chosen = files.open_path(self, self.settings, files.KEY, self.tr("选择密钥文件"), filters)
        if chosen is not None:
            self.path.setText(str(chosen))

    def submit(self) -> None:
        choice = self.choice()
        if choice == KEY_STORE:
            self.attempt(lambda: self.services.unlock_key(self.role, None))
        else:
            text = self.path.text().strip()
            if not text:
                self.say(self.tr("请选择密钥文件的位置。"))
                return
            path, passphrase = Path(text).expanduser(), self.passphrase.text()
            if choice == NEW_FILE:
                if len(passphrase) < self.services.passphrase_min_length():
                    self.say(self.problem_text(KeyProblem("weak-passphrase")))
                    return
                if passphrase != self.again.text():
                    self.say(self.tr("两次输入的口令不一致，请重新输入。"))
                    self.again.clear()
                    return
                ok = self.attempt(lambda: self.services.create_key(self.role, path, passphrase))
            else:
                if not passphrase:
                    self.say(self.problem_text(KeyProblem("no-passphrase")))
                    return
                ok = self.attempt(lambda: self.services.unlock_key(self.role, path, passphrase))
            if not ok:
                self.passphrase.selectAll()
                self.passphrase.setFocus()
                return
        self.settings.setValue(_settings_key(self.role, "mode"), "key-store" if choice == KEY_STORE else "file")
        if self.key is not None and self.key.key_file is not None:
            self.settings.setValue(_settings_key(self.role, "file"), str(self.key.key_file))
            files.remember(self.settings, files.KEY, self.key.key_file)


class UnlockDialog(_KeyDialog):
    """The passphrase of a remembered key file; a wrong one is said here and the dialog stays for a retry."""

    CHANGE = 2  # done() code: the user wants to set up another key file

    def __init__(self, parent: QWidget | None, services: DesktopServices, role: str, key_file: Path) -> None:
        super().__init__(parent, services, role)
        self.key_file = key_file
        self.setObjectName("key_unlock")
        self.setWindowTitle(self.tr("解锁签名密钥") if role == ENTERPRISE else self.tr("解锁评估人员签名密钥"))
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("请输入密钥文件“{name}”的口令：").format(name=key_file.name)))
        folder = label(str(key_file.parent), "muted")
        layout.addWidget(folder)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.passphrase)
        layout.addWidget(
            label(self.tr("解锁后，本次使用期间无需再次输入（闲置 {m} 分钟后需重新输入）。").format(
                m=IDLE_TIMEOUT_SECONDS // 60), "muted")
        )  # fmt: skip
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        change = self.buttons.addButton(self.tr("更换密钥文件…"), QDialogButtonBox.ButtonRole.ResetRole)
        change.clicked.connect(lambda: self.done(self.CHANGE))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        self.fit()

    def submit(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self.say(self.problem_text(KeyProblem("no-passphrase")))
            return
        if not self.attempt(lambda: self.services.unlock_key(self.role, self.key_file, passphrase)):
            self.passphrase.selectAll()
            self.passphrase.setFocus()


class KeyManager:
    """Gives the window an unlocked key for a role: from the session, by unlocking, or through the set-up."""

    def __init__(self, parent: QWidget, services: DesktopServices, settings: QSettings, session: KeySession) -> None:
        self.parent = parent
        self.services = services
        self.settings = settings
        self.session = session

    def key_for(self, role: str) -> UnlockedKey | None:
        """The unlocked key of ``role``, or None when the user cancelled (which is no failure)."""
        key = self.session.get(role)
        if key is not None:
            return key
        mode = self.settings.value(_settings_key(role, "mode"))
        remembered = self.settings.value(_settings_key(role, "file"))
        if mode == "key-store" and self.services.key_store_available():
            try:
                key = self.services.unlock_key(role, None)
            except KeyProblem:
                key = None  # the key store stopped working: set up again
        elif mode == "file" and isinstance(remembered, str) and Path(remembered).is_file():
            unlock = UnlockDialog(self.parent, self.services, role, Path(remembered))
            result = unlock.exec()
            if result == QDialog.DialogCode.Accepted:
                key = unlock.key
            elif result != UnlockDialog.CHANGE:
                return None
        if key is None:
            setup = KeySetupDialog(self.parent, self.services, self.settings, role)
            if setup.exec() != QDialog.DialogCode.Accepted:
                return None
            key = setup.key
        if key is not None:
            self.session.keep(key)
        return key
