"""A logged-in user on an open database: the object every front end holds.

``UserSession.create`` makes a new database and its first account;
``UserSession.open`` logs in (key slot → database → account); the services
(ledgers, accounts, audit, verify) hang off it and check the user's
permissions themselves.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import and_, insert, select, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.audit import Action, AuditRecord, audit_record
from paizhu_desktop.core.backup import make_backup
from paizhu_desktop.core.errors import (
    AuthError,
    DatabaseMissing,
    NotFoundError,
    RuleError,
    ValidationError,
)
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost, KeyFile
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.entry import content_hash, row_state
from paizhu_desktop.core.ledgers.service import LedgerService
from paizhu_desktop.core.permissions import (
    ADMIN_ROLES,
    Permission,
    Role,
    allowed,
    check_role_set,
    format_roles,
    parse_roles,
    require,
)
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.schema import audit_log, meta, users
from paizhu_desktop.core.storage import (
    Database,
    create_files,
    integrity_errors,
    keyfile_path,
    open_files,
)

MIN_PASSWORD_LENGTH = 8
MODE_GROUP = "group"
MODE_COUNTY = "county"


@dataclass(frozen=True)
class User:
    """An account."""

    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool

    @property
    def roles_label(self) -> str:
        return "、".join(r.label for r in Role if r in self.roles)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"密码至少 {MIN_PASSWORD_LENGTH} 位"})
    kinds = sum(any(f(c) for c in password) for f in (str.isdigit, str.isalpha,
                                                      lambda c: not c.isalnum()))
    if kinds < 2:
        raise ValidationError({"password": "密码应同时包含字母、数字或符号中的两类"})


def check_username(username: str) -> None:
    if not username or len(username) > 32 or any(c.isspace() for c in username):
        raise ValidationError({"username": "用户名应为 1–32 个字符，不含空格"})


@dataclass(frozen=True)
class VerifyReport:
    """What ``paizhu verify`` found."""

    problems: list[str]
    audit_entries: int
    entries_checked: int

    @property
    def ok(self) -> bool:
        return not self.problems


class UserSession:
    """An unlocked database and the user acting on it."""

    def __init__(self, db: Database, user: User) -> None:
        self.db = db
        self.user = user
        #: The ledgers, chapters and reports the database was opened with.
        self.catalog: Catalog = db.catalog

    # -- opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, username: str, password: str, *, display_name: str = "",
               group_name: str = "", mode: str = MODE_GROUP,
               roles: Iterable[Role] = (Role.LEADER, Role.SYSTEM_ADMIN),
               catalog: Catalog = CATALOG,
               kdf: KdfCost = DEFAULT_KDF) -> tuple[UserSession, str]:
        """A new database whose first account is group leader + system admin.

        Returns the session and the recovery key, to be printed once and kept.
        ``kdf`` is the cost of the key slots this session writes.
        """
        check_username(username)
        check_password_strength(password)
        roles = frozenset(roles)
        check_role_set(roles)
        if mode not in (MODE_GROUP, MODE_COUNTY):
            raise ValidationError({"mode": "模式应为 group（派驻机构）或 county（县纪委监委汇总）"})
        db, recovery_key = create_files(Path(path), catalog, kdf=kdf)
        db.keyfile.set_password(username, password, db.key)
        db.keyfile.save()
        user = User(username, display_name or username, roles, True)
        with db.transaction() as conn:
            conn.execute(insert(meta).values(key="mode", value=mode))
            conn.execute(insert(meta).values(key="group_name",
                                             value=group_name or "派驻纪检监察组"))
            conn.execute(insert(users).values(
                username=username, display_name=user.display_name, roles=format_roles(roles),
                active=True, created_at=audit.now_iso(), created_by=username))
            audit.append(conn, username, Action.INIT, detail={"mode": mode})
            audit.append(conn, username, Action.USER_ADD, detail={
                "username": username, "roles": format_roles(roles)})
        return cls(db, user), recovery_key

    @classmethod
    def open(cls, path: Path, username: str, password: str, *,
             clock: Callable[[], float] = time.time, readonly: bool = False,
             catalog: Catalog = CATALOG,
             kdf: KdfCost = DEFAULT_KDF) -> UserSession:
        """Log in: a wrong password is an AuthError, counted, and delayed after five.
        ``kdf`` is the cost of the key slots this session writes."""
        path = Path(path).resolve()
        if not path.exists():
            raise DatabaseMissing(f"找不到数据库文件：{path}")
        keyfile = KeyFile.load(keyfile_path(path), kdf=kdf)
        key = keyfile.unlock_with_password(username, password, clock)
        db = open_files(path, key, keyfile, catalog, readonly=readonly,
                        before_migration=_backup_before_migration)
        return cls._finish_login(db, username, Action.LOGIN)

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str, username: str,
                           new_password: str, *, catalog: Catalog = CATALOG,
                           kdf: KdfCost = DEFAULT_KDF) -> UserSession:
        """Every password lost: the recovery key opens the database and sets a new
        password for ``username`` (an existing active account) at cost ``kdf``."""
        path = Path(path).resolve()
        if not path.exists():
            raise DatabaseMissing(f"找不到数据库文件：{path}")
        check_password_strength(new_password)
        keyfile = KeyFile.load(keyfile_path(path), kdf=kdf)
        key = keyfile.unlock_with_recovery(recovery_key)
        db = open_files(path, key, keyfile, catalog, before_migration=_backup_before_migration)
        session = cls._finish_login(db, username, Action.UNLOCK_RECOVERY)
        keyfile.set_password(username, new_password, key)
        keyfile.clear_failures(username)
        keyfile.save()
        with db.transaction() as conn:
            audit.append(conn, username, Action.USER_PASSWORD,
                         detail={"username": username, "via": "recovery"})
        return session

    @classmethod
    def _finish_login(cls, db: Database, username: str, action: str) -> UserSession:
        with db.reading() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
        if row is None or not row.active:
            db.close()
            raise AuthError("该账号不存在或已停用。")
        user = User(row.username, row.display_name, parse_roles(row.roles), bool(row.active))
        session = cls(db, user)
        if not db.readonly:
            pending = db.keyfile.take_pending_failures()
            with db.transaction() as conn:
                for failure in pending:
                    at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(failure["at"]))
                    audit.append(conn, failure["username"], Action.LOGIN_FAILED, at=at,
                                 detail={"consecutive": failure["count"]})
                audit.append(conn, username, action)
            if pending:
                db.keyfile.save()
        return session

    def check_password(self, password: str, clock: Callable[[], float] = time.time) -> None:
        """Re-enter the password (unlocking the locked window)."""
        try:
            self.db.keyfile.unlock_with_password(self.user.username, password, clock)
        except AuthError:
            with self.db.transaction() as conn:
                audit.append(conn, self.user.username, Action.LOGIN_FAILED,
                             detail={"during": "unlock"})
            raise

    def close(self) -> None:
        self.db.close()

    # -- permissions -----------------------------------------------------------
    def require(self, permission: Permission) -> None:
        require(self.user.roles, permission)

    def can(self, permission: Permission) -> bool:
        return allowed(self.user.roles, permission)

    # -- services --------------------------------------------------------------
    @cached_property
    def ledgers(self) -> LedgerService:
        return LedgerService(self)

    @property
    def mode(self) -> str:
        return self.db.meta_value("mode", MODE_GROUP)

    @property
    def group_name(self) -> str:
        return self.db.meta_value("group_name", "派驻纪检监察组")

    # -- accounts --------------------------------------------------------------
    def list_users(self) -> list[User]:
        with self.db.reading() as conn:
            return [User(r.username, r.display_name, parse_roles(r.roles), bool(r.active))
                    for r in conn.execute(select(users).order_by(users.c.id))]

    def get_user(self, username: str) -> User:
        for u in self.list_users():
            if u.username == username:
                return u
        raise NotFoundError(f"没有名为“{username}”的账号。")

    def add_user(self, username: str, password: str, *, display_name: str = "",
                 roles: Iterable[Role] = ()) -> User:
        """系统管理员 creates an account. Business roles are the security admin's to
        set: only while no security admin exists may the system admin give them.
        The administrator roles of 三员 are fixed when their account is made."""
        self.require(Permission.MANAGE_ACCOUNTS)
        check_username(username)
        check_password_strength(password)
        roles = frozenset(roles)
        check_role_set(roles)
        existing = self.list_users()
        if any(u.username == username for u in existing):
            raise RuleError(f"账号“{username}”已存在。")
        has_security_admin = any(Role.SECURITY_ADMIN in u.roles and u.active for u in existing)
        if (roles - ADMIN_ROLES) and has_security_admin:
            raise RuleError("三员分立：账号建立后，角色由安全保密管理员设置。")
        if Role.SYSTEM_ADMIN in roles:
            raise RuleError("三员分立：系统管理员不能再建立另一个系统管理员账号。")
        self.db.keyfile.set_password(username, password, self.db.key)
        user = User(username, display_name or username, roles, True)
        with self.db.transaction() as conn:
            conn.execute(insert(users).values(
                username=username, display_name=user.display_name, roles=format_roles(roles),
                active=True, created_at=audit.now_iso(), created_by=self.user.username))
            audit.append(conn, self.user.username, Action.USER_ADD,
                         detail={"username": username, "roles": format_roles(roles)})
        self.db.keyfile.save()
        return user

    def set_roles(self, username: str, roles: Iterable[Role]) -> User:
        """安全保密管理员 sets an account's roles (never the admin roles of 三员)."""
        self.require(Permission.ASSIGN_ROLES)
        roles = frozenset(roles)
        check_role_set(roles)
        target = self.get_user(username)
        if username == self.user.username:
            raise RuleError("三员分立：安全保密管理员不能修改自己的角色。")
        if (roles ^ target.roles) & ADMIN_ROLES:
            raise RuleError("三员分立：管理员角色只能在建立账号时设定，不能在此更改。")
        with self.db.transaction() as conn:
            conn.execute(update(users).where(users.c.username == username)
                         .values(roles=format_roles(roles)))
            audit.append(conn, self.user.username, Action.USER_ROLES,
                         detail={"username": username, "before": format_roles(target.roles),
                                 "after": format_roles(roles)})
        return User(target.username, target.display_name, roles, target.active)

    def change_password(self, old_password: str, new_password: str) -> None:
        """Own password: rewraps this account's key slot; the database is untouched."""
        self.db.keyfile.unlock_with_password(self.user.username, old_password)
        check_password_strength(new_password)
        self._set_password(self.user.username, new_password)

    def reset_password(self, username: str, new_password: str) -> None:
        """系统管理员 sets a new password for another account."""
        self.require(Permission.MANAGE_ACCOUNTS)
        self.get_user(username)
        check_password_strength(new_password)
        self._set_password(username, new_password)

    def _set_password(self, username: str, new_password: str) -> None:
        self.db.keyfile.set_password(username, new_password, self.db.key)
        self.db.keyfile.save()
        with self.db.transaction() as conn:
            audit.append(conn, self.user.username, Action.USER_PASSWORD,
                         detail={"username": username})

    def disable_user(self, username: str) -> None:
        self.require(Permission.MANAGE_ACCOUNTS)
        if username == self.user.username:
            raise RuleError("不能停用当前登录的账号。")
        self.get_user(username)
        self.db.keyfile.remove_slot(username)
        self.db.keyfile.save()
        with self.db.transaction() as conn:
            conn.execute(update(users).where(users.c.username == username).values(active=False))
            audit.append(conn, self.user.username, Action.USER_DISABLE,
                         detail={"username": username})

    # -- audit -----------------------------------------------------------------
    def audit_entries(self, *, actions: Iterable[str] | None = None,
                      limit: int | None = None) -> list[AuditRecord]:
        """The audit log (安全审计员); the print/export part also for the 保密员."""
        actions = list(actions) if actions is not None else None
        print_log_only = actions is not None and set(actions) <= {Action.PRINT, Action.EXPORT}
        if not (print_log_only and self.can(Permission.READ_PRINT_LOG)):
            self.require(Permission.READ_AUDIT_LOG)
        stmt = select(audit_log).order_by(audit_log.c.seq.desc())
        if actions is not None:
            stmt = stmt.where(audit_log.c.action.in_(actions))
        if limit:
            stmt = stmt.limit(limit)
        with self.db.reading() as conn:
            return [audit_record(r) for r in conn.execute(stmt)]

    def log(self, action: str, *, ledger: str = "", entry_id: str = "",
            detail: dict[str, Any] | None = None) -> int:
        """Record an action that changes no entry (print, export, backup)."""
        with self.db.transaction() as conn:
            return audit.append(conn, self.user.username, action, ledger=ledger,
                                entry_id=entry_id, detail=detail)

    # -- verification ------------------------------------------------------------
    def verify(self) -> VerifyReport:
        """SQLCipher's page check, the audit chain, and every entry against its
        last audited content hash; names the first broken link."""
        self.require(Permission.VERIFY)
        problems = integrity_errors(self.db)
        if problems:
            return VerifyReport(problems, 0, 0)
        checked = 0
        with self.db.reading() as conn:
            count, broken = audit.verify_chain(conn)
            if broken is not None:
                problems.append(f"审计链断裂：{broken.reason}（第一个断点：第 {broken.seq} 条）")
            for desc in self.catalog.ledgers():
                table = self.catalog.table(desc)
                audited: dict[str, str] = {}
                for r in conn.execute(select(audit_log.c.entry_id, audit_log.c.detail).where(
                        and_(audit_log.c.ledger == desc.id,
                             audit_log.c.detail.like('%"content_hash"%'))).order_by(
                        audit_log.c.seq)):
                    audited[r.entry_id] = json.loads(r.detail)["content_hash"]
                for row in conn.execute(select(table).order_by(table.c.seq)):
                    checked += 1
                    if (row.desc_version or 0) > desc.version:
                        # Written by a later release that knows more fields than this one.
                        problems.append(
                            f"“{desc.name}”条目 {row.id} 由较新版本的程序写入（台账描述第 "
                            f"{row.desc_version} 版），本程序无法核对，请使用较新版本核验")
                        continue
                    actual = content_hash(row.id, row_state(desc, row._mapping))
                    if actual != row.content_hash or audited.get(row.id) != actual:
                        problems.append(
                            f"“{desc.name}”条目 {row.id}（第 {row.version} 版）"
                            "的内容与审计记录不符，可能被绕过本系统改动")
        if not self.db.readonly:
            self.log(Action.VERIFY, detail={"ok": not problems, "audit_entries": count})
        return VerifyReport(problems, count, checked)


def _backup_before_migration(db: Database) -> None:
    make_backup(db, reason="升级前")

