"""账号与角色: the pages of 三员 for accounts.

系统管理员 adds accounts, resets business accounts' passwords and disables accounts;
an administrator account's password or disabling needs the recovery key from the
safe. 安全保密管理员 sets business roles, the password policy and lifts lockouts.
Every rule is the core's (``UserSession.add_user`` …): the page offers the buttons
of the logged-in role and shows the core's Chinese sentence when it refuses.
"""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core import logins
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.permissions import ADMIN_ROLES, BUSINESS_ROLES, Permission, Role
from paizhu_desktop.core.session import User, UserSession
from paizhu_desktop.core.settings import SETTINGS, get_setting, set_setting

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.password_dialog import hint_label, password_field, policy_hint
from paizhu_desktop.gui.widgets import confirmed, pick_table

HEADERS = ("账号", "姓名", "角色", "状态")
POLICY_KEYS = ("password_min_length", "password_classes", "password_max_age_days",
               "lockout_after")


def _buttons(dialog: QDialog, ok_text: str, ok_name: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(ok_name)
    cancel = box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancelButton")
    box.rejected.connect(dialog.reject)
    return box


class NewAccountDialog(QDialog):
    """系统管理员 adds an account (its roles are then the security admin's to set)."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newAccountDialog")
        self.setWindowTitle("新建账号")
        self.session = session
        self.policy = session.password_policy()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("newUsername")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("newDisplayName")
        self.password = password_field(self, "newAccountPassword")
        self.confirm = password_field(self, "newAccountConfirm")
        self.hint = hint_label(self, "newAccountHint")
        form.addRow("账号(&U)", self.username)
        form.addRow("姓名(&D)", self.display_name)
        form.addRow("初始密码(&P)", self.password)
        form.addRow("再输一遍(&R)", self.confirm)
        form.addRow("", self.hint)
        layout.addLayout(form)
        note = QLabel("账号建立后由安全保密管理员设定角色；本人首次登录时会被要求修改密码。", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = hint_label(self, "newAccountError")
        layout.addWidget(self.error)
        buttons = _buttons(self, "建立", "createAccountButton")
        buttons.accepted.connect(self.submit)
        layout.addWidget(buttons)
        for field in (self.username, self.password, self.confirm):
            field.textChanged.connect(self._hint)

    def _hint(self) -> None:
        self.hint.setText(policy_hint(self.policy, self.password.text(),
                                      self.username.text().strip(), self.confirm.text()))

    def submit(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.error.setText("两次输入的密码不一致。")
            return False
        try:
            self.session.add_user(self.username.text().strip(), self.password.text(),
                                  display_name=self.display_name.text().strip())
        except Exception as exc:
            self.error.setText(user_message(exc))
            return False
        self.accept()
        return True


class ResetPasswordDialog(QDialog):
    """A new password for another account: a business account by the system admin; an
    administrator's with the recovery key (``UserSession.open_with_recovery``)."""

    def __init__(self, session: UserSession, target: User,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(f"重设密码：{target.display_name}")
        self.session = session
        self.target = target
        self.needs_key = bool(target.roles & ADMIN_ROLES)
        self.policy = session.password_policy()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("账号", QLabel(f"{target.display_name}（{target.username}）", self))
        self.recovery_key = password_field(self, "recoveryKeyField")
        if self.needs_key:
            form.addRow("恢复密钥(&K)", self.recovery_key)
        self.password = password_field(self, "resetPassword")
        self.confirm = password_field(self, "resetConfirm")
        self.hint = hint_label(self, "resetHint")
        form.addRow("新密码(&N)", self.password)
        form.addRow("再输一遍(&R)", self.confirm)
        form.addRow("", self.hint)
        layout.addLayout(form)
        note = QLabel("管理员的密码须凭保密柜中的恢复密钥重设。" if self.needs_key else
                      "本人下次登录时会被告知，并被要求立即修改密码。", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = hint_label(self, "resetError")
        layout.addWidget(self.error)
        buttons = _buttons(self, "重设", "resetButton")
        buttons.accepted.connect(self.submit)
        layout.addWidget(buttons)
        self.password.textChanged.connect(self._hint)
        self.confirm.textChanged.connect(self._hint)

    def _hint(self) -> None:
        self.hint.setText(policy_hint(self.policy, self.password.text(), self.target.username,
                                      self.confirm.text()))

    def submit(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.error.setText("两次输入的密码不一致。")
            return False
        try:
            if self.needs_key:
                other = UserSession.open_with_recovery(
                    self.session.db.path, self.recovery_key.text().strip(),
                    self.target.username, self.password.text(), kdf=self.session.db.keyfile.kdf)
                other.close()
            else:
                self.session.reset_password(self.target.username, self.password.text())
        except Exception as exc:
            self.error.setText(user_message(exc))
            return False
        self.accept()
        return True


class RolesDialog(QDialog):
    """安全保密管理员 sets a business account's roles."""

    def __init__(self, session: UserSession, target: User,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rolesDialog")
        self.setWindowTitle(f"设定角色：{target.display_name}")
        self.session = session
        self.target = target
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{target.display_name}（{target.username}）担任：", self))
        self.checks: dict[Role, QCheckBox] = {}
        for role in Role:
            if role not in BUSINESS_ROLES:
                continue
            check = QCheckBox(role.label, self)
            check.setObjectName(f"role_{role.value}")
            check.setChecked(role in target.roles)
            layout.addWidget(check)
            self.checks[role] = check
        self.error = hint_label(self, "rolesError")
        layout.addWidget(self.error)
        buttons = _buttons(self, "保存", "saveRolesButton")
        buttons.accepted.connect(self.submit)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        roles = [r for r, c in self.checks.items() if c.isChecked()]
        try:
            self.session.set_roles(self.target.username, roles)
        except Exception as exc:
            self.error.setText(user_message(exc))
            return False
        self.accept()
        return True


class PolicyDialog(QDialog):
    """安全保密管理员: the password policy and the lockout threshold (core settings)."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.setWindowTitle("密码策略")
        self.session = session
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QSpinBox] = {}
        for decl in SETTINGS:
            if decl.key not in POLICY_KEYS:
                continue
            spin = QSpinBox(self)
            spin.setObjectName(decl.key)
            spin.setRange(decl.minimum, decl.maximum)
            spin.setSuffix(f" {decl.unit}")
            spin.setValue(get_setting(session, decl.key))
            form.addRow(decl.label, spin)
            self.fields[decl.key] = spin
        layout.addLayout(form)
        self.error = hint_label(self, "policyError")
        layout.addWidget(self.error)
        buttons = _buttons(self, "保存", "savePolicyButton")
        buttons.accepted.connect(self.submit)
        layout.addWidget(buttons)

    def submit(self) -> bool:
        try:
            for key, spin in self.fields.items():
                if get_setting(self.session, key) != spin.value():
                    set_setting(self.session, key, spin.value())
        except Exception as exc:
            self.error.setText(user_message(exc))
            return False
        self.accept()
        return True


class AccountsPage(QWidget):
    """Every account with its roles and standing, and the buttons of the logged-in
    administrator's role."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPage")
        self.session = session
        layout = QVBoxLayout(self)
        note = QLabel("三员分立：系统管理员建立账号、重设业务账号的密码、停用账号；安全保密管理员"
                      "设定角色和密码策略、解除锁定；管理员的密码和停用管理员账号须凭恢复密钥。",
                      self)
        note.setObjectName("accountsNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = pick_table(self, "accountsTable", HEADERS)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        manages = session.can(Permission.MANAGE_ACCOUNTS) and not session.db.readonly
        assigns = session.can(Permission.ASSIGN_ROLES) and not session.db.readonly
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot, shown in (
                ("addAccountButton", "新建账号(&A)…", self.add_account, manages),
                ("resetPasswordButton", "重设密码(&R)…", self.reset_password, manages),
                ("disableAccountButton", "停用账号(&D)…", self.disable_account, manages),
                ("setRolesButton", "设定角色(&G)…", self.set_roles, assigns),
                ("liftLockoutButton", "解除锁定(&U)", self.lift_lockout, assigns),
                ("policyButton", "密码策略(&P)…", self.edit_policy, assigns)):
            if not shown:
                continue
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel("", self)
        self.message.setObjectName("accountsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.users: list[User] = []
        self.refresh()

    def refresh(self) -> None:
        self.users = self.session.list_users()
        standings: dict[str, logins.Standing] = {}
        with contextlib.suppress(PaizhuError, KeyError, TypeError, ValueError):
            standings = logins.standings(self.session.db.keyfile.data)
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            state = "启用" if u.active else "已停用"
            if u.active and standings.get(u.username, logins.Standing()).locked:
                state = "已锁定（连续登录失败）"
            for col, text in enumerate((u.username, u.display_name, u.roles_label or "无",
                                        state)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def select(self, username: str) -> None:
        for row, u in enumerate(self.users):
            if u.username == username:
                self.table.selectRow(row)
                return

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText("请先在表中选择一个账号。")
            return None
        return self.users[rows[0].row()]

    def _run(self, dialog: QDialog, done: str) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.message.setText(done + self._notices())

    def _notices(self) -> str:
        notes, self.session.notices[:] = list(self.session.notices), []
        return ("\n" + "\n".join(notes)) if notes else ""

    def add_account(self) -> None:
        self._run(NewAccountDialog(self.session, self), "账号已建立，请安全保密管理员设定角色。")

    def reset_password(self) -> None:
        target = self.selected()
        if target is not None:
            self._run(ResetPasswordDialog(self.session, target, self),
                      f"已重设“{target.display_name}”的密码。")

    def set_roles(self) -> None:
        target = self.selected()
        if target is not None:
            self._run(RolesDialog(self.session, target, self),
                      f"已设定“{target.display_name}”的角色。")

    def edit_policy(self) -> None:
        self._run(PolicyDialog(self.session, self), "密码策略已保存。")

    def disable_account(self) -> None:
        target = self.selected()
        if target is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "停用账号",
                          f"停用“{target.display_name}（{target.username}）”？停用后该账号不能"
                          "再登录，数据库密钥随即更换。", parent=self)
        box.setObjectName("disableConfirm")
        key_field = None
        if target.roles & ADMIN_ROLES:
            box.setInformativeText("这是管理员账号，须输入保密柜中的恢复密钥：")
            key_field = password_field(box, "disableRecoveryKey")
            grid = box.layout()
            if grid is not None:
                grid.addWidget(key_field)
        if not confirmed(box, "停用", "confirmDisableButton"):
            return
        self.disable(target.username, key_field.text().strip() if key_field else None)

    def disable(self, username: str, recovery_key: str | None = None) -> bool:
        try:
            warning = self.session.disable_user(username, recovery_key=recovery_key or None)
        except Exception as exc:
            self.message.setText(user_message(exc))
            return False
        self.refresh()
        self.message.setText(f"账号“{username}”已停用。" + (f"\n{warning}" if warning else ""))
        return True

    def lift_lockout(self) -> None:
        target = self.selected()
        if target is None:
            return
        try:
            was = self.session.lift_lockout(target.username)
        except Exception as exc:
            self.message.setText(user_message(exc))
            return
        self.refresh()
        self.message.setText(f"已解除“{target.display_name}”的锁定。" if was else
                             f"“{target.display_name}”没有被锁定。")
