"""修改密码: the owner's own password, with the policy's message under the field as
the user types (the core checks it again when saving)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.passwords import PasswordPolicy
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message


def policy_hint(policy: PasswordPolicy, password: str, username: str, confirm: str | None
                ) -> str:
    """The policy's message for ``password`` (empty when it is acceptable and confirmed)."""
    if not password:
        return ""
    problem = policy.problem(password, username)
    if problem:
        return problem + "。"
    if confirm is not None and confirm and confirm != password:
        return "两次输入的密码不一致。"
    return ""


def password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def hint_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel("", parent)
    label.setObjectName(name)
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


class ChangePasswordDialog(QDialog):
    """The logged-in user changes their own password (``UserSession.change_password``)."""

    def __init__(self, session: UserSession, *, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("修改密码")
        self.session = session
        self.policy = session.password_policy()
        layout = QVBoxLayout(self)
        if reason:
            why = QLabel(reason, self)
            why.setObjectName("changePasswordReason")
            why.setWordWrap(True)
            why.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;")
            layout.addWidget(why)
        rule = QLabel(f"密码至少 {self.policy.min_length} 位，包含大写字母、小写字母、数字、"
                      f"其他符号中的至少 {self.policy.classes} 类，不含账号名，不用常见密码。",
                      self)
        rule.setObjectName("passwordRule")
        rule.setWordWrap(True)
        layout.addWidget(rule)
        form = QFormLayout()
        self.old = password_field(self, "oldPassword")
        self.new = password_field(self, "newPassword")
        self.new_hint = hint_label(self, "newPasswordHint")
        self.confirm = password_field(self, "confirmPassword")
        form.addRow("账号", QLabel(f"{session.user.display_name}（{session.user.username}）"))
        form.addRow("原密码(&O)", self.old)
        form.addRow("新密码(&N)", self.new)
        form.addRow("", self.new_hint)
        form.addRow("再输一遍(&R)", self.confirm)
        layout.addLayout(form)
        self.error = hint_label(self, "changePasswordError")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("修改", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("changePasswordButton")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new.textChanged.connect(self._update_hint)
        self.confirm.textChanged.connect(self._update_hint)
        self.resize(460, self.sizeHint().height())

    def _update_hint(self) -> None:
        self.new_hint.setText(policy_hint(self.policy, self.new.text(),
                                          self.session.user.username, self.confirm.text()))

    def submit(self) -> bool:
        if self.new.text() != self.confirm.text():
            self.error.setText("两次输入的新密码不一致。")
            return False
        try:
            self.session.change_password(self.old.text(), self.new.text())
        except Exception as exc:  # the core's Chinese sentence, on the dialog
            self.error.setText(user_message(exc))
            return False
        self.accept()
        return True
