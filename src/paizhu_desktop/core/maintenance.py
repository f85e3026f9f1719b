"""Care of the database a user asks for from a front end (the menu, the CLI).

The core decides who may: each function checks the permission itself, so no
front end has to remember to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.backup import Backup, make_backup
from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession


def backup_now(session: UserSession, *, progress: Progress | None = None) -> Backup:
    """A backup the user asked for: checked like every backup, logged in the audit chain.

    Only roles with the backup permission may make one (组长、系统管理员、保密员).
    """
    session.require(Permission.BACKUP)
    if session.db.readonly:
        raise RuleError("正在只读查阅备份，不能在此另做备份。")
    backup = make_backup(session.db, reason="手动", progress=progress)
    session.log(Action.BACKUP, detail={"file": backup.path.name, "reason": "手动"})
    return backup


__all__ = ["backup_now"]
