"""First run: the set-up wizard, recent databases, the password dialog, the login
dialog that names no account."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.password_dialog import ChangePasswordDialog
from paizhu_desktop.gui.recent import RecentDatabases
from paizhu_desktop.gui.setup_wizard import SetupWizard

from conftest import CHEAP_KDF, LEADER, PASSWORD
from gui_helpers import type_chinese

GOOD = {"leader": "Qingfeng-2026!", "system": "Guanli#Hao88", "security": "Baomi#Yan77x",
        "auditor": "Heshi#Cha66y"}


def _fill(wizard: SetupWizard, qtbot: QtBot, path: Path) -> None:
    wizard.place.path.setText(str(path))
    type_chinese(wizard.place.group_name, "示例县纪委监委派驻第二纪检监察组")
    assert wizard.validateCurrentPage()
    wizard.next()
    boxes = wizard.accounts.boxes
    boxes["leader"].username.setText("wangzz")
    type_chinese(boxes["leader"].display_name, "王组长")
    for key, pw in GOOD.items():
        boxes[key].password.setText(pw)
        boxes[key].confirm.setText(pw)


def test_wizard_creates_a_database_and_insists_the_key_is_kept(qtbot: QtBot, tmp_path: Path
                                                                 ) -> None:
    wizard = SetupWizard(kdf=CHEAP_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "下一步(&N)"
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "取消"
    path = tmp_path / "新库" / "台账.db"
    _fill(wizard, qtbot, path)
    # The policy's message appears under the field as it is typed.
    box = wizard.accounts.boxes["system"]
    box.password.setText("Passw0rd!")
    assert box.hint.text().startswith("密码至少 10 位")
    box.password.setText("Password-2026!")
    assert "常见" in box.hint.text()
    box.password.setText(GOOD["system"])
    box.confirm.setText("different")
    assert box.hint.text() == "两次输入的密码不一致。"
    assert not wizard.validateCurrentPage() and not path.exists()
    assert "两次输入的密码不一致" in wizard.accounts.error.text()
    box.confirm.setText(GOOD["system"])
    # The core's refusal (the same name twice) is shown on the page, nothing is made.
    wizard.accounts.boxes["auditor"].username.setText("xitong")
    assert not wizard.validateCurrentPage() and not path.exists()
    assert "四个不同的账号" in wizard.accounts.error.text()
    wizard.accounts.boxes["auditor"].username.setText("shenji")
    assert wizard.validateCurrentPage()
    wizard.next()
    assert path.exists() and wizard.session is not None
    key = wizard.recovery.key.text()
    assert key == wizard.recovery_key and len(key) > 20
    # 完成 waits for the tick; closing the wizard does not skip it.
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()
    assert wizard.isVisible()
    wizard.recovery.kept.setChecked(True)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # 打印恢复密钥 goes through Qt's printing (a PDF here).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    pdf = tmp_path / "恢复密钥.pdf"
    printer.setOutputFileName(str(pdf))
    wizard.recovery.print_to(printer)
    assert pdf.read_bytes().startswith(b"%PDF")
    wizard.accept()
    session = wizard.session
    assert session.user.username == "wangzz" and session.group_name.startswith("示例县")
    session.close()
    # The three administrators have their own passwords.
    admin = UserSession.open(path, "anquan", GOOD["security"], kdf=CHEAP_KDF)
    admin.close()


def test_recent_databases_keep_paths_only(tmp_path: Path) -> None:
    recent = RecentDatabases(tmp_path / "配置")
    assert recent.paths() == [] and recent.most_recent() is None
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    a.write_bytes(b"x")
    b.write_bytes(b"x")
    recent.add(a)
    recent.add(b)
    recent.add(a)
    assert recent.paths() == [a.resolve(), b.resolve()]
    b.unlink()
    assert recent.existing() == [a.resolve()] and recent.most_recent() == a.resolve()
    assert set(recent.path.read_text(encoding="utf-8")) >= set("recent")
    recent.path.write_text("{broken", encoding="utf-8")
    assert recent.paths() == []


def test_change_password_dialog_shows_policy_and_core_errors(qtbot: QtBot, session: UserSession,
                                                             db_path: Path) -> None:
    dlg = ChangePasswordDialog(session, reason="您的密码由系统管理员重设，请立即修改。")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.new, "short")
    assert dlg.new_hint.text() == "密码至少 10 位。"
    dlg.new.setText("Hongqi-Piaopiao-9")
    assert dlg.new_hint.text() == ""
    dlg.confirm.setText("Hongqi-Piaopiao-9")
    dlg.old.setText("wrong-old-password")
    assert not dlg.submit()
    assert "不正确" in dlg.error.text()
    dlg.old.setText(PASSWORD)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == ChangePasswordDialog.DialogCode.Accepted
    session.close()
    UserSession.open(db_path, LEADER, "Hongqi-Piaopiao-9", kdf=CHEAP_KDF).close()
