"""The accounts as the administrators of 三员 see them (read-only list).

Creating accounts, giving roles and resetting passwords are core operations
(``UserSession.add_user`` …) reached today through ``paizhu user``; the
window lists who holds which roles so that the administrators can check.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from paizhu_desktop.core.session import UserSession

HEADERS = ("账号", "姓名", "角色", "状态")


class AccountsPage(QWidget):
    """Every account with its roles and whether it is active."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPage")
        self.session = session
        layout = QVBoxLayout(self)
        note = QLabel("三员分立：系统管理员建立账号、重设业务账号的密码；安全保密管理员设定角色；"
                      "管理员的密码只能凭恢复密钥重设。本版本在命令行中办理"
                      "（paizhu user add / roles / passwd / disable）。", self)
        note.setObjectName("accountsNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        users = self.session.list_users()
        self.table.setRowCount(len(users))
        for row, u in enumerate(users):
            for col, text in enumerate((u.username, u.display_name, u.roles_label or "无",
                                        "启用" if u.active else "已停用")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
