"""Render the set-up and administration screens to docs/screenshots/ (offscreen).

Usage: ``python tools/screenshots_setup.py [OUT_DIR]``. Databases are made in a
temporary folder (cheap key derivation) and removed afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.maintenance import backup_now
from paizhu_desktop.core.session import Administrators, NewAccount, UserSession

from paizhu_desktop.gui.accounts import AccountsPage, PolicyDialog
from paizhu_desktop.gui.app import setup_application
from paizhu_desktop.gui.backups import BackupsDialog
from paizhu_desktop.gui.login import LoginDialog
from paizhu_desktop.gui.main_window import MainWindow
from paizhu_desktop.gui.paper_check import PaperCheckDialog
from paizhu_desktop.gui.password_dialog import ChangePasswordDialog
from paizhu_desktop.gui.setup_wizard import SetupWizard

CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PW = "Qiushi-2026!"


def settle(app: QApplication, ms: int = 150) -> None:
    # A local loop: QApplication.quit() would close every window (and end the wizard).
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    widget.show()
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        wizard = SetupWizard(kdf=CHEAP)
        wizard.place.path.setText(str(Path(tmp) / "派驻组台账.db"))
        wizard.place.group_name.setText("示例县纪委监委派驻第一纪检监察组")
        shoot(app, wizard, out, "20-新建数据库-位置")
        wizard.next()
        boxes = wizard.accounts.boxes
        boxes["leader"].username.setText("zhangzz")
        boxes["leader"].display_name.setText("张组长")
        for key, pw in (("leader", "Qingfeng-2026!"), ("system", "Guanli#Hao88"),
                        ("security", "Baomi#Yan77x"), ("auditor", "Passw0rd!")):
            boxes[key].password.setText(pw)
            boxes[key].confirm.setText(pw)
        shoot(app, wizard, out, "21-新建数据库-账号")
        boxes["auditor"].password.setText("Heshi#Cha66y")
        boxes["auditor"].confirm.setText("Heshi#Cha66y")
        wizard.next()
        shoot(app, wizard, out, "22-新建数据库-恢复密钥")
        wizard.recovery.kept.setChecked(True)
        wizard.accept()
        db = wizard.db_path
        leader = wizard.session
        assert leader is not None, wizard.accounts.error.text()
        leader.close()
        wizard.close()

        login = LoginDialog(db)
        shoot(app, login, out, "23-登录")
        login.close()

        s = UserSession.open(db, "zhangzz", "Qingfeng-2026!", kdf=CHEAP)
        window = MainWindow(s)
        window.show()
        window.lock()
        shoot(app, window, out, "24-锁定-切换用户")
        window.unlock("Qingfeng-2026!")
        file_menu = window.menuBar().actions()[0].menu()
        assert file_menu is not None
        file_menu.popup(window.mapToGlobal(window.menuBar().pos()))
        settle(app)
        file_menu.grab().save(str(out / "25-文件菜单.png"))
        file_menu.close()
        pw = ChangePasswordDialog(s, reason="您的密码是别人设定的（新账号或被重设），"
                                             "请现在改为只有您知道的密码。", parent=window)
        pw.new.setText("short")
        shoot(app, pw, out, "26-修改密码")
        pw.close()
        backup_now(s)
        backups = BackupsDialog(s, window, on_restore=lambda b, p: None,
                                on_open=lambda b, p: None)
        shoot(app, backups, out, "27-备份与恢复")
        backups.close()
        paper = PaperCheckDialog(s, window)
        paper.digest.setText("0000-1111-2222")
        paper.check()
        shoot(app, paper, out, "28-核对纸质件")
        paper.close()
        window.close()

        admins = {"xitong": "Guanli#Hao88", "anquan": "Baomi#Yan77x"}
        sysadmin = UserSession.open(db, "xitong", admins["xitong"], kdf=CHEAP)
        sysadmin.add_user("lisi", "Chunfeng-Hua-31", display_name="李四")
        w = MainWindow(sysadmin)
        w.show()
        page = w.content.currentWidget()
        assert isinstance(page, AccountsPage)
        shoot(app, w, out, "29-账号-系统管理员")
        w.close()
        sec = UserSession.open(db, "anquan", admins["anquan"], kdf=CHEAP)
        w = MainWindow(sec)
        shoot(app, w, out, "30-账号-安全保密管理员")
        policy = PolicyDialog(sec, w)
        shoot(app, policy, out, "31-密码策略")
        policy.close()
        w.close()
        _ = Administrators, NewAccount
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
