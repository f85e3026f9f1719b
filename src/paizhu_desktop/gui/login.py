"""The login dialog: account, password, clear Chinese errors, and the growing
wait after repeated failures (counted in the key file, so a restart does not
reset it)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.backup import Backup, latest_good_backup
from paizhu_desktop.core.errors import IntegrityFailure, LoginDelayed, PaizhuError
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.storage import keyfile_path

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.widgets import confirmed


class LoginDialog(QDialog):
    """Opens ``db_path`` as the chosen account; ``session`` is set on success."""

    def __init__(self, db_path: Path, *, demo_hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle("登录 — 派驻纪检监察组日常管理")
        self.db_path = db_path
        self.session: UserSession | None = None
        self.opened_backup: Backup | None = None
        self._delay_until = 0.0

        layout = QVBoxLayout(self)
        title = QLabel("派驻纪检监察组日常管理", self)
        title.setObjectName("loginTitle")
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        where = QLabel(f"数据库：{db_path.name}", self)
        where.setObjectName("loginDatabase")
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(where)
        if demo_hint:
            hint = QLabel(demo_hint, self)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;")
            layout.addWidget(hint)

        form = QFormLayout()
        # A plain field: the dialog does not tell a passer-by which accounts exist.
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setPlaceholderText("输入账号")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("账号(&U)", self.username)
        form.addRow("密码(&P)", self.password)
        layout.addLayout(form)

        self.error = QLabel("", self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(self)
        self.login_button = self.buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        cancel = self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        #: "new" or "open" when the user chose another database instead of logging in.
        self.choice = ""
        self.new_button = self.buttons.addButton("新建数据库(&N)…",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setObjectName("newDatabaseButton")
        self.new_button.clicked.connect(lambda: self._choose("new"))
        self.open_button = self.buttons.addButton("打开其他数据库(&O)…",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("openDatabaseButton")
        self.open_button.clicked.connect(lambda: self._choose("open"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._update_delay)
        self.password.setFocus()
        self.resize(420, self.sizeHint().height())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.reject()

    def try_login(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.error.setText("请输入账号。")
            self.username.setFocus()
            return
        if not self.password.text():
            self.error.setText("请输入密码。")
            self.password.setFocus()
            return
        self.error.setText("正在验证……")
        self.repaint()
        try:
            self.session = UserSession.open(self.db_path, name, self.password.text())
        except LoginDelayed as exc:
            self._start_delay(exc.wait_seconds)
            return
        except IntegrityFailure as exc:
            # Never a dead end: offer the latest good backup, read-only.
            self.error.setText(user_message(exc))
            self.offer_backup(name, self.password.text(), exc)
            return
        except Exception as exc:  # every failure is one sentence on the dialog
            self.error.setText(user_message(exc))
            self.password.selectAll()
            self.password.setFocus()
            try:
                kf = KeyFile.load(keyfile_path(self.db_path))
                wait = kf.remaining_delay(name) or kf.remaining_delay("（未知用户）")
                if wait > 0:
                    self._start_delay(wait, keep_message=True)
            except PaizhuError:
                pass
            return
        self.password.clear()
        self.accept()

    def offer_backup(self, name: str, password: str, exc: IntegrityFailure) -> None:
        """The database cannot be read: say so, and open the newest good backup read-only."""
        backup = latest_good_backup(self.db_path)
        if backup is None:
            self.error.setText(user_message(exc) + " 没有找到可用的备份，请联系系统管理员。")
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "数据库无法读取",
                          f"{exc.message}\n\n数据没有被删除。可以只读方式打开最近的备份"
                          f"（{backup.label}）查阅；恢复数据库请组长或系统管理员在"
                          "“文件 → 备份与恢复”中办理。", parent=self)
        box.setObjectName("backupOffer")
        if not confirmed(box, "只读打开备份", "openBackupButton"):
            return
        try:
            self.session = UserSession.open(backup.path, name, password, readonly=True)
        except Exception as err:
            self.error.setText(user_message(err))
            return
        self.opened_backup = backup
        self.password.clear()
        self.accept()

    def _start_delay(self, seconds: float, keep_message: bool = False) -> None:
        self._delay_until = time.time() + seconds
        self._keep = self.error.text() if keep_message else ""
        self.login_button.setEnabled(False)
        self._tick.start()
        self._update_delay()

    def _update_delay(self) -> None:
        left = self._delay_until - time.time()
        if left <= 0:
            self._tick.stop()
            self.login_button.setEnabled(True)
            self.error.setText(self._keep)
            return
        text = f"连续登录失败次数过多，请等待 {int(left + 0.999)} 秒后再试。"
        self.error.setText(f"{self._keep}\n{text}" if self._keep else text)
