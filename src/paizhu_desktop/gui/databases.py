"""Which database the window works on: the demo until a real one exists, then the
most recent real one; 新建数据库 (the wizard), 打开数据库, the recent list, and
切换用户. Each logged-in session gets its own main window; the previous window
closes (and with it its session) once the next one is open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from paizhu_desktop.core.backup import Backup
from paizhu_desktop.core.demo import DEMO_USER, make_demo
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.login import LoginDialog
from paizhu_desktop.gui.password_dialog import ChangePasswordDialog
from paizhu_desktop.gui.recent import RecentDatabases, default_database_dir

DEMO_PASSWORD = "Shili-2026!"
DEMO_FILE = "演示数据库.db"

#: The windows open now (Qt does not keep a parentless window alive by itself).
WINDOWS: list[QWidget] = []
#: The main window's class, set by ``gui.app`` (main_window imports this module, so
#: this module does not import it); otherwise that of the window asking.
window_class: Callable[..., QWidget] | None = None


def _window_factory(hint: QWidget | None) -> Callable[..., QWidget]:
    if window_class is not None:
        return window_class
    if hint is not None:
        return type(hint)
    raise RuntimeError("main window class not registered")


def demo_path() -> Path:
    return default_database_dir() / DEMO_FILE


def is_demo(path: Path) -> bool:
    return Path(path).resolve() == demo_path().resolve()


def ensure_demo(path: Path) -> None:
    """Create the demo database on first start."""
    if path.exists():
        return
    session = make_demo(path, DEMO_PASSWORD)
    session.close()


def start_path(recent: RecentDatabases) -> Path:
    """The most recent real database; the demo while none exists."""
    return recent.most_recent() or demo_path()


def demo_hint() -> str:
    return (f"这是演示数据库（演示数据，纯属虚构）。账号 {DEMO_USER}，密码 {DEMO_PASSWORD}。"
            "要开始正式使用，请按“新建数据库…”。")


def make_login(path: Path) -> LoginDialog:
    """The login dialog for ``path`` (the demo's dialog says how to log in)."""
    demo = is_demo(path)
    login = LoginDialog(path, demo_hint=demo_hint() if demo else "")
    if demo:
        login.username.setText(DEMO_USER)
    return login


def after_login(session: UserSession, parent: QWidget | None) -> None:
    """What the owner must hear first: notices, then 修改密码 if it was reset."""
    if session.notices:
        QMessageBox.warning(parent, "登录提示", "\n\n".join(session.notices))
    if session.must_change_password and not session.db.readonly:
        ChangePasswordDialog(session, parent=parent,
                             reason="您的密码是别人设定的（新账号或被重设），请现在改为只有您知道的密码。"
                             ).exec()


def show_window(session: UserSession, path: Path, *, previous: QWidget | None = None,
                recent: RecentDatabases | None = None,
                like: QWidget | None = None) -> QWidget | None:
    """A main window on ``session``; ``previous`` closes. None (and the session
    closed) if ``previous`` would not close."""
    make_window = _window_factory(previous or like)
    demo = is_demo(path)
    if not demo and not session.db.readonly:
        (recent or RecentDatabases()).add(path)  # a new database is listed even if …
    if previous is not None and not previous.close():  # … the old window stays open
        session.close()
        return None
    window = make_window(session, demo=demo)
    window.setProperty("databasePath", str(path))
    WINDOWS[:] = [w for w in WINDOWS if shiboken6.isValid(w) and w.isVisible()]
    WINDOWS.append(window)
    window.show()
    after_login(session, window)
    return window


def login_and_show(path: Path, *, previous: QWidget | None = None,
                   like: QWidget | None = None) -> QWidget | None:
    """The login dialog for ``path``, then its window."""
    login = make_login(path)
    if login.exec() != LoginDialog.DialogCode.Accepted or login.session is None:
        if login.choice == "new":
            return new_database(previous, like=like) or (
                login_and_show(path, like=like) if previous is None else None)
        if login.choice == "open":
            return open_database(previous, like=like) or (
                login_and_show(path, like=like) if previous is None else None)
        return None
    return show_window(login.session, path, previous=previous, like=like)


def new_database(parent: QWidget | None, *, kdf: KdfCost = DEFAULT_KDF,
                 like: QWidget | None = None) -> QWidget | None:
    """新建数据库…: the wizard, then the new database's window (as its leader)."""
    from paizhu_desktop.gui.setup_wizard import SetupWizard

    wizard = SetupWizard(parent, kdf=kdf)
    wizard.exec()
    if wizard.session is None:
        return None
    return show_window(wizard.session, wizard.db_path, previous=parent, like=like)


def open_database(parent: QWidget | None, path: Path | None = None, *,
                  like: QWidget | None = None) -> QWidget | None:
    """打开数据库…: choose a file (or a recent one), log in, switch windows."""
    if path is None:
        dialog = QFileDialog(parent, "打开数据库", str(default_database_dir()), "数据库 (*.db)")
        dialog.setObjectName("openDatabaseDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        path = Path(dialog.selectedFiles()[0])
    if not path.is_file():
        QMessageBox.warning(parent, "无法打开", f"找不到数据库文件“{path}”。")
        RecentDatabases().forget(path)
        return None
    return login_and_show(path, previous=parent, like=like)


def switch_user(window: QWidget, path: Path) -> QWidget | None:
    """切换用户 (from the lock screen): this session ends, the login dialog shows."""
    if not window.close():
        return None
    try:
        return login_and_show(path, like=window)
    except Exception as exc:  # pragma: no cover - the dialog reports its own errors
        QMessageBox.warning(None, "无法登录", user_message(exc))
        return None


def restore_and_login(window: QWidget, session: UserSession, backup: Backup,
                      password: str) -> QWidget | None:
    """恢复: the window (and its session) closes, the backup replaces the files, and the
    login dialog opens on the restored database."""
    from paizhu_desktop.gui.backups import restore

    path = Path(session.db.path)
    username = session.user.username
    if not window.close():
        return None
    box = QMessageBox(QMessageBox.Icon.Information, "恢复数据库",
                      restore(path, username, password, backup))
    box.setObjectName("restoreResult")
    box.exec()
    return login_and_show(path, like=window)


def open_backup_readonly(session: UserSession, backup: Backup, password: str,
                         parent: QWidget | None = None) -> QWidget | None:
    """A backup in a window of its own, read-only (marked so in the status bar)."""
    try:
        opened = UserSession.open(backup.path, session.user.username, password, readonly=True,
                                  kdf=session.db.keyfile.kdf)
    except Exception as exc:
        QMessageBox.warning(parent, "无法打开备份", user_message(exc))
        return None
    return show_window(opened, backup.path, like=parent)
