"""Care of the database a user asks for from a front end (the menu, the CLI).

The core decides who may: each function checks the permission itself, so no
front end has to remember to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.backup import (
    NOT_THIS_DATABASE,
    Backup,
    check_same_database,
    latest_good_backup,
    make_backup,
    restore_backup,
)
from paizhu_desktop.core.errors import IntegrityFailure, NotFoundError, RuleError
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


@dataclass(frozen=True)
class Restored:
    """A restore done: the backup it came from and where the replaced files now are."""

    source: Path
    aside: Path


def restore_from_backup(db_path: Path, username: str, password: str,
                        source: Path | None = None) -> Restored:
    """Replace the database at ``db_path`` by a backup of it (the newest good one
    when ``source`` is None); logged in the restored audit chain.

    Only a backup of this same database is accepted (same database id in its key
    file and inside the file); it must open with this account, whose roles must allow
    backups, and pass the SQLCipher page and integrity checks — all before anything
    is moved. The current files are set aside, never deleted.
    """
    from paizhu_desktop.core.session import UserSession
    from paizhu_desktop.core.storage import integrity_errors

    db_path = Path(db_path).resolve()
    if source is None:
        latest = latest_good_backup(db_path)
        if latest is None:
            raise NotFoundError("没有找到可用的备份。")
        source = latest.path
    source = Path(source).resolve()
    db_id = check_same_database(source, db_path)
    check = UserSession.open(source, username, password, readonly=True)
    try:
        check.require(Permission.BACKUP)
        if check.db.meta_value("db_id") != db_id:  # open_files holds it to its key file
            raise RuleError(NOT_THIS_DATABASE)
        problems = integrity_errors(check.db)
    finally:
        check.close()
    if problems:
        raise IntegrityFailure(f"备份文件校验失败，未恢复：{problems[0]}")
    # The backup is named by its bytes: a file name may say anything.
    logged = {"sha256": _sha256(source), "size": source.stat().st_size}
    aside = restore_backup(source, db_path)
    session = UserSession.open(db_path, username, password)
    try:
        session.log(Action.RESTORE, detail=logged)
    finally:
        session.close()
    return Restored(source, aside)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = ["Restored", "backup_now", "restore_from_backup"]
