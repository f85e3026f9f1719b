"""备份与恢复: the backups of the open database, 立即备份, 恢复 (with confirmation
and the password again; the window closes while the files are replaced), and
opening a backup read-only in a window of its own.

The core decides: who may back up or restore (``maintenance``), which backup is
this database's, whether it passes its checks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.backup import Backup, list_backups
from paizhu_desktop.core.maintenance import backup_now, restore_from_backup
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.widgets import confirmed, pick_table


def ask_password(parent: QWidget | None, title: str, text: str) -> str | None:
    """The password again (None: cancelled)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("passwordAgainDialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(text)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


class BackupsDialog(QDialog):
    """The backups of ``session``'s database, newest first."""

    def __init__(self, session: UserSession, parent: QWidget | None = None, *,
                 on_restore: Callable[[Backup, str], object] | None = None,
                 on_open: Callable[[Backup, str], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("备份与恢复")
        self.session = session
        self.on_restore = on_restore
        self.on_open = on_open
        self.db_path = Path(session.db.path)
        layout = QVBoxLayout(self)
        note = QLabel("备份是加密的，与数据库放在同一文件夹的“备份”中，每次都经过校验。"
                      "恢复时当前数据库被移到一旁（不会删除），只接受本数据库的备份。", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = pick_table(self, "backupsTable", ["时间（原因）", "文件"])
        layout.addWidget(self.table)
        row = QHBoxLayout()
        may = session.can(Permission.BACKUP) and not session.db.readonly
        self.backup_button = QPushButton("立即备份(&B)", self)
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.setEnabled(may)
        self.backup_button.clicked.connect(self.backup)
        self.restore_button = QPushButton("恢复到所选备份(&R)…", self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(may and on_restore is not None)
        self.restore_button.clicked.connect(self.ask_restore)
        self.open_button = QPushButton("只读打开所选备份(&O)…", self)
        self.open_button.setObjectName("openBackupReadonlyButton")
        self.open_button.setEnabled(on_open is not None)
        self.open_button.clicked.connect(self.ask_open)
        close = QPushButton("关闭", self)
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        for b in (self.backup_button, self.restore_button, self.open_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.message = QLabel("", self)
        self.message.setObjectName("backupsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.backups: list[Backup] = []
        self.refresh()
        self.resize(640, 420)

    def refresh(self) -> None:
        self.backups = list_backups(self.db_path)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            self.table.setItem(r, 0, QTableWidgetItem(b.label))
            self.table.setItem(r, 1, QTableWidgetItem(b.path.name))
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        elif not self.message.text():
            self.message.setText("还没有备份。")

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText("请先选择一个备份。")
            return None
        return self.backups[rows[0].row()]

    def backup(self) -> Backup | None:
        self.message.setText("正在备份并校验……")
        self.repaint()
        try:
            made = backup_now(self.session)
        except Exception as exc:
            self.message.setText(user_message(exc))
            return None
        self.message.setText(f"已备份并校验：{made.label}")
        self.refresh()
        return made

    def ask_restore(self) -> None:
        backup = self.selected()
        if backup is None or self.on_restore is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "恢复数据库",
                          f"用 {backup.label} 的备份替换当前数据库？\n\n此后录入的内容不在备份中；"
                          "当前数据库会被移到一旁保留，不会删除。恢复时窗口将关闭，完成后重新登录。",
                          parent=self)
        box.setObjectName("restoreConfirm")
        if not confirmed(box, "恢复", "confirmRestoreButton"):
            return
        password = ask_password(self, "恢复数据库", "请再次输入您的密码：")
        if password is None:
            return
        try:
            self.session.check_password(password)
        except Exception as exc:
            self.message.setText(user_message(exc))
            return
        self.accept()
        self.on_restore(backup, password)

    def ask_open(self) -> None:
        backup = self.selected()
        if backup is None or self.on_open is None:
            return
        password = ask_password(self, "只读打开备份", "以当前账号打开，请输入密码：")
        if password is not None:
            self.on_open(backup, password)


def restore(db_path: Path, username: str, password: str, backup: Backup) -> str:
    """Restore and say what happened (one Chinese sentence)."""
    try:
        done = restore_from_backup(db_path, username, password, backup.path)
    except Exception as exc:
        return "未恢复：" + user_message(exc)
    return f"已从 {backup.label} 的备份恢复；原数据库保留在“{done.aside.name}”。请重新登录。"
