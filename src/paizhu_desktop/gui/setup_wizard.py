"""新建数据库向导: where the database goes, the group's name and mode, the group
leader and the three administrators of 三员 with their first passwords, then the
recovery key — shown once, printed, and its keeping confirmed before the wizard
lets go.

The wizard collects; ``UserSession.create`` checks every name and password (the
policy's message is shown beside each field as it is typed) and makes the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost
from paizhu_desktop.core.passwords import PasswordPolicy
from paizhu_desktop.core.session import (
    MODE_COUNTY,
    MODE_GROUP,
    Administrators,
    NewAccount,
    UserSession,
)

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.password_dialog import hint_label, password_field, policy_hint
from paizhu_desktop.gui.recent import default_database_dir

BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "上一步(&B)",
    QWizard.WizardButton.NextButton: "下一步(&N)",
    QWizard.WizardButton.FinishButton: "完成(&F)",
    QWizard.WizardButton.CancelButton: "取消",
    QWizard.WizardButton.HelpButton: "帮助(&H)",
}


@dataclass(frozen=True)
class AccountSpec:
    key: str
    title: str
    username: str
    display_name: str
    duty: str


ACCOUNTS = (
    AccountSpec("leader", "组长（第一个业务账号）", "", "",
                "台账的全部业务；批准用印、审定大事记等"),
    AccountSpec("system", "系统管理员", "xitong", "系统管理员",
                "建立账号、停用业务账号、重设业务账号的密码；不看台账"),
    AccountSpec("security", "安全保密管理员", "anquan", "安全保密管理员",
                "设定角色和密码策略、解除锁定；不看台账"),
    AccountSpec("auditor", "安全审计员", "shenji", "安全审计员",
                "查阅审计日志（不含记录内容）；不看台账"),
)


class AccountBox(QGroupBox):
    """One account: name, display name, password twice, and the policy's message."""

    def __init__(self, spec: AccountSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.title, parent)
        self.setObjectName(f"{spec.key}Account")
        self.policy = PasswordPolicy()
        grid = QGridLayout(self)
        duty = QLabel(spec.duty, self)
        duty.setStyleSheet("color: #555;")
        grid.addWidget(duty, 0, 0, 1, 4)
        self.username = QLineEdit(spec.username, self)
        self.username.setObjectName(f"{spec.key}Username")
        self.display_name = QLineEdit(spec.display_name, self)
        self.display_name.setObjectName(f"{spec.key}DisplayName")
        self.password = password_field(self, f"{spec.key}Password")
        self.confirm = password_field(self, f"{spec.key}Confirm")
        self.hint = hint_label(self, f"{spec.key}PasswordHint")
        grid.addWidget(QLabel("账号", self), 1, 0)
        grid.addWidget(self.username, 1, 1)
        grid.addWidget(QLabel("姓名", self), 1, 2)
        grid.addWidget(self.display_name, 1, 3)
        grid.addWidget(QLabel("密码", self), 2, 0)
        grid.addWidget(self.password, 2, 1)
        grid.addWidget(QLabel("再输一遍", self), 2, 2)
        grid.addWidget(self.confirm, 2, 3)
        grid.addWidget(self.hint, 3, 0, 1, 4)
        for field in (self.username, self.password, self.confirm):
            field.textChanged.connect(self.update_hint)

    def update_hint(self) -> None:
        self.hint.setText(policy_hint(self.policy, self.password.text(),
                                      self.username.text().strip(), self.confirm.text()))

    def account(self) -> NewAccount:
        return NewAccount(self.username.text().strip(), self.password.text(),
                          self.display_name.text().strip())

    def confirmed(self) -> bool:
        return self.password.text() == self.confirm.text()


class PlacePage(QWizardPage):
    """The file, the group's name, the mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placePage")
        self.setTitle("数据库位置和派驻机构")
        self.setSubTitle("数据库是加密的单个文件，旁边有同名的密钥文件（.keys）。"
                         "两者须放在一起、一起备份。")
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit(str(default_database_dir() / "派驻组台账.db"), self)
        self.path.setObjectName("databasePath")
        browse = QPushButton("浏览(&W)…", self)
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow("数据库文件(&D)", row)
        self.group_name = QLineEdit(self)
        self.group_name.setObjectName("groupName")
        self.group_name.setPlaceholderText("如：某县纪委监委派驻第一纪检监察组")
        form.addRow("派驻机构名称(&G)", self.group_name)
        self.mode = QComboBox(self)
        self.mode.setObjectName("mode")
        self.mode.addItem("派驻机构（日常工作台账）", MODE_GROUP)
        self.mode.addItem("县纪委监委汇总（接收各派驻机构的交接文件）", MODE_COUNTY)
        form.addRow("用途(&M)", self.mode)
        self.error = hint_label(self, "placeError")
        form.addRow("", self.error)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "新数据库保存到", self.path.text(), "数据库 (*.db)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.path.setText(chosen if chosen.endswith(".db") else chosen + ".db")

    def validatePage(self) -> bool:  # noqa: N802
        text = self.path.text().strip()
        if not text:
            self.error.setText("请选择数据库文件的位置。")
            return False
        path = Path(text).expanduser()
        if path.exists() or Path(str(path) + ".keys").exists():
            self.error.setText(f"“{path}”已存在，不会覆盖已有的数据库，请换一个文件名。")
            return False
        if not self.group_name.text().strip():
            self.error.setText("请填写派驻机构名称。")
            return False
        self.error.clear()
        return True


class AccountsPage(QWizardPage):
    """组长 and 三员; pressing 下一步 creates the database."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("accountsWizardPage")
        self.setTitle("账号（三员分立）")
        self.setSubTitle("四个账号须各不相同，由不同的人持有。三个管理员不担任业务角色、"
                         "看不到台账。按“下一步”即建立数据库。")
        self.wizard_ = wizard
        layout = QVBoxLayout(self)
        self.boxes = {spec.key: AccountBox(spec, self) for spec in ACCOUNTS}
        for box in self.boxes.values():
            layout.addWidget(box)
        self.error = hint_label(self, "accountsError")
        layout.addWidget(self.error)

    def validatePage(self) -> bool:  # noqa: N802
        if self.wizard_.session is not None:
            return True
        for spec in ACCOUNTS:
            box = self.boxes[spec.key]
            if not box.confirmed():
                self.error.setText(f"{spec.title}：两次输入的密码不一致。")
                box.confirm.setFocus()
                return False
        self.error.setText("正在建立数据库……")
        self.repaint()
        try:
            self.wizard_.create_database()
        except Exception as exc:  # the core's sentence: which name or password, and why
            self.error.setText(user_message(exc))
            return False
        self.error.clear()
        return True


class RecoveryPage(QWizardPage):
    """The recovery key, once: print it, tick that it is kept."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("recoveryPage")
        self.setTitle("恢复密钥")
        self.setSubTitle("恢复密钥只显示这一次。管理员忘记密码、需要停用管理员账号时须凭它办理；"
                         "请打印后存放在保密柜中，不要存在这台计算机上。")
        self.wizard_ = wizard
        layout = QVBoxLayout(self)
        self.key = QLineEdit(self)
        self.key.setObjectName("recoveryKey")
        self.key.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.key.setFont(font)
        layout.addWidget(self.key)
        self.print_button = QPushButton("打印恢复密钥(&P)…", self)
        self.print_button.setObjectName("printRecoveryKeyButton")
        self.print_button.clicked.connect(self.print_key)
        layout.addWidget(self.print_button)
        self.kept = QCheckBox("我已打印（或抄写）恢复密钥，并将妥善保管。", self)
        self.kept.setObjectName("recoveryKeptCheck")
        layout.addWidget(self.kept)
        self.registerField("kept*", self.kept)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.key.setText(self.wizard_.recovery_key)

    def document(self) -> QTextDocument:
        w = self.wizard_
        doc = QTextDocument(self)
        doc.setHtml(
            "<h2>恢复密钥</h2>"
            f"<p>派驻机构：{_escape(w.group_name)}</p>"
            f"<p>数据库文件：{_escape(str(w.db_path))}</p>"
            f"<p style='font-family: monospace; font-size: 16pt'>{_escape(w.recovery_key)}</p>"
            "<p>凭此密钥可重设管理员密码、停用管理员账号、打开数据库。"
            "请存放在保密柜中，不得拍照、不得存入计算机。</p>")
        return doc

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("recoveryPrintDialog")
        dialog.setWindowTitle("打印恢复密钥")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SetupWizard(QWizard):
    """Creates a real database; ``session`` and ``db_path`` are set once it exists."""

    def __init__(self, parent: QWidget | None = None, *, kdf: KdfCost = DEFAULT_KDF) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle("新建数据库")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for which, text in BUTTON_TEXTS.items():
            self.setButtonText(which, text)
        self.kdf = kdf
        self.session: UserSession | None = None
        self.recovery_key = ""
        self.db_path = Path()
        self.group_name = ""
        self.place = PlacePage(self)
        self.accounts = AccountsPage(self)
        self.recovery = RecoveryPage(self)
        for page in (self.place, self.accounts, self.recovery):
            self.addPage(page)
        for which in BUTTON_TEXTS:
            button = self.button(which)
            if button is not None:
                button.setObjectName(f"wizard{which.name}")
        self.resize(720, 760)

    def create_database(self) -> None:
        """Make the database from what the pages hold (the core checks it all)."""
        boxes = self.accounts.boxes
        admins = Administrators(boxes["system"].account(), boxes["security"].account(),
                                boxes["auditor"].account())
        leader = boxes["leader"].account()
        self.db_path = Path(self.place.path.text().strip()).expanduser()
        self.group_name = self.place.group_name.text().strip()
        self.session, self.recovery_key = UserSession.create(
            self.db_path, leader.username, leader.password, admins=admins,
            display_name=leader.display_name, group_name=self.group_name,
            mode=self.place.mode.currentData(), kdf=self.kdf)

    def reject(self) -> None:
        # Once the database exists, the wizard ends only with the key's keeping confirmed.
        if self.session is not None and not self.recovery.kept.isChecked():
            self.recovery.kept.setFocus()
            return
        super().reject()
