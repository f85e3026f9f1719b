"""A logged-in user on an open database: the object every front end holds.

``UserSession.create`` makes a new database and its first account;
``UserSession.open`` logs in (key slot → database → account); the services
(ledgers, accounts, audit, verify) hang off it and check the user's
permissions themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from paizhu_desktop.core import audit, logins
from paizhu_desktop.core.audit import Action, AuditRecord, audit_record
from paizhu_desktop.core.backup import make_backup
from paizhu_desktop.core.errors import (
    AuthError,
    DatabaseMissing,
    IntegrityFailure,
    NotFoundError,
    PermissionDenied,
    RuleError,
    ValidationError,
)
from paizhu_desktop.core.integrity import (
    Replay,
    account_problems,
    account_replay,
    anchor_problem,
    verify_records,
)
from paizhu_desktop.core.keyslots import (
    ANCHOR_PURPOSE,
    DEFAULT_KDF,
    Anchor,
    KdfCost,
    KeyFile,
    parse_recovery_key,
)
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.service import LedgerService
from paizhu_desktop.core.passwords import PasswordPolicy
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
from paizhu_desktop.core.settings import read_setting
from paizhu_desktop.core.signing import ROOT as ROOT_LABEL
from paizhu_desktop.core.signing import Signer, root_signer, signature_holds
from paizhu_desktop.core.storage import (
    Database,
    create_files,
    integrity_errors,
    key_opens,
    keyfile_path,
    open_files,
    pending_keyfile_path,
    settle_rekey,
)
from paizhu_desktop.core.storage import rekey as storage_rekey
from paizhu_desktop.core.text import character_problem

MODE_GROUP = "group"
MODE_COUNTY = "county"
#: Seconds between saves of the session's anchor while it works (always on close).
ANCHOR_INTERVAL = 2.0


@dataclass(frozen=True)
class NewAccount:
    """An account to be made: name, first password, display name."""

    username: str
    password: str
    display_name: str = ""


@dataclass(frozen=True)
class Administrators:
    """三员: the three administrator accounts initialisation makes beside the first
    business account. None of them holds a business role."""

    system_admin: NewAccount
    security_admin: NewAccount
    auditor: NewAccount

    @classmethod
    def sharing(cls, password: str, names: tuple[str, str, str] = ("xitong", "anquan", "shenji")
                ) -> Administrators:
        """The three with one first password (demo and benchmark databases only)."""
        return cls(*(NewAccount(n, password) for n in names))

    def accounts(self) -> list[tuple[NewAccount, Role]]:
        return [(self.system_admin, Role.SYSTEM_ADMIN),
                (self.security_admin, Role.SECURITY_ADMIN), (self.auditor, Role.AUDITOR)]


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


def check_password_strength(password: str, username: str = "",
                            policy: PasswordPolicy | None = None) -> None:
    """ValidationError unless ``password`` meets ``policy`` (the default one before a
    database has settings)."""
    (policy or PasswordPolicy()).check(password, username)


def check_username(username: str) -> None:
    if (not isinstance(username, str) or not username or len(username) > 32
            or any(c.isspace() for c in username)
            or character_problem(username, one_line=True)):
        raise ValidationError({"username": "用户名应为 1–32 个字符，不含空格和控制字符"})


def check_name(name: str, label: str = "姓名", limit: int = 32) -> None:
    """A person's display name (or the group's name): one line of text, bounded."""
    problem = (character_problem(name, one_line=True) if isinstance(name, str)
               else "应为文字")
    if not problem and len(name) > limit:
        problem = f"不能超过 {limit} 个字"
    if problem:
        raise ValidationError({"display_name": f"“{label}”{problem}"})


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
        #: What the login found that the user must be told (a reset password, a chain
        #: cut back since the last login, accounts changed beside the chain).
        self.notices: list[str] = []
        #: The password was set by someone else: the owner should change it now.
        self.must_change_password = False
        self._anchor_saved = 0.0
        self._anchor_dirty = False

    # -- opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, username: str, password: str, *, admins: Administrators,
               display_name: str = "", group_name: str = "", mode: str = MODE_GROUP,
               roles: Iterable[Role] = (Role.LEADER,),
               catalog: Catalog = CATALOG,
               kdf: KdfCost = DEFAULT_KDF) -> tuple[UserSession, str]:
        """A new database with the three administrator accounts of 三员分立 and the first
        business account (``username``, group leader); returns that account's session and
        the recovery key, to be printed once and kept in the safe.

        Everything initialisation records is signed by the root key the recovery key
        derives. ``kdf`` is the cost of the key slots this session writes.
        """
        roles = frozenset(roles)
        if roles & ADMIN_ROLES or not roles:
            raise RuleError("三员分立：第一个业务账号只担任业务角色（如组长）。")
        first = NewAccount(username, password, display_name)
        accounts = [(first, roles), *((a, frozenset({r})) for a, r in admins.accounts())]
        names = [a.username for a, _ in accounts]
        if len(set(names)) != len(names):
            raise RuleError("三员分立：系统管理员、安全保密管理员、安全审计员和组长"
                            "须是四个不同的账号。")
        for account, _ in accounts:
            check_username(account.username)
            check_name(account.display_name)
            check_password_strength(account.password, account.username)
        check_name(group_name, "派驻机构名称", 100)
        if mode not in (MODE_GROUP, MODE_COUNTY):
            raise ValidationError({"mode": "模式应为 group（派驻机构）或 county（县纪委监委汇总）"})
        db, recovery_key = create_files(Path(path), catalog, kdf=kdf)
        root = root_signer(db.db_id, parse_recovery_key(recovery_key))
        signers = {a.username: Signer.generate(a.username, db.db_id) for a, _ in accounts}
        for account, _ in accounts:
            db.keyfile.set_password(account.username, account.password, db.key,
                                    signers[account.username])
        db.keyfile.save()
        group_name = group_name or "派驻纪检监察组"
        db.signer = root
        with db.transaction() as conn:
            conn.execute(insert(meta).values(key="mode", value=mode))
            conn.execute(insert(meta).values(key="group_name", value=group_name))
            audit.append(conn, username, Action.INIT, detail={
                "mode": mode, "group_name": group_name, "root_key": root.public_key,
                "suite": root.suite})
            for account, held in accounts:
                cls._insert_account(conn, account, held, signers[account.username], username)
        db.signer = signers[username]
        session = cls(db, User(username, display_name or username, roles, True))
        session._watch_anchor()
        return session, recovery_key

    @staticmethod
    def _insert_account(conn: Any, account: NewAccount, roles: frozenset[Role], signer: Signer,
                        by: str) -> None:
        """The account row and its signed record (public key included)."""
        display = account.display_name or account.username
        conn.execute(insert(users).values(
            username=account.username, display_name=display, roles=format_roles(roles),
            active=True, created_at=audit.now_iso(), created_by=by,
            public_key=signer.public_key))
        audit.append(conn, by, Action.USER_ADD, detail={
            "username": account.username, "display_name": display,
            "roles": format_roles(roles), "public_key": signer.public_key,
            "suite": signer.suite})

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
        unlocked = keyfile.unlock_account(username, password, clock)
        if _rekey_settled(path, unlocked.key,
                          lambda waiting: waiting.unlock_account(username, password).key):
            keyfile = KeyFile.load(keyfile_path(path), kdf=kdf)
            unlocked = keyfile.unlock_account(username, password, clock)
        db = open_files(path, unlocked.key, keyfile, catalog, readonly=readonly,
                        before_migration=_backup_before_migration)
        signer = (Signer.from_seed(username, db.db_id, unlocked.signing_seed)
                  if unlocked.signing_seed is not None else None)
        return cls._finish_login(db, username, Action.LOGIN, signer, password, clock,
                                 previous=unlocked.previous)

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str, username: str,
                           new_password: str, *, catalog: Catalog = CATALOG,
                           kdf: KdfCost = DEFAULT_KDF) -> UserSession:
        """The recovery key from the safe sets a new password for ``username`` (an
        existing active account) at cost ``kdf``: when every password is lost, and the
        one way to reset an administrator's password (三员分立). Signed by the root key;
        the account's owner is told at the next login."""
        path = Path(path).resolve()
        if not path.exists():
            raise DatabaseMissing(f"找不到数据库文件：{path}")
        check_password_strength(new_password, username)
        keyfile = KeyFile.load(keyfile_path(path), kdf=kdf)
        key = keyfile.unlock_with_recovery(recovery_key)
        if _rekey_settled(path, key, lambda waiting: waiting.unlock_with_recovery(recovery_key)):
            keyfile = KeyFile.load(keyfile_path(path), kdf=kdf)
            key = keyfile.unlock_with_recovery(recovery_key)
        db = open_files(path, key, keyfile, catalog, before_migration=_backup_before_migration)
        root = root_signer(db.db_id, parse_recovery_key(recovery_key))
        with db.reading() as conn:
            replay = account_replay(conn, db.db_id)
        state = replay.accounts.get(username)
        if state is None or not state.active:
            db.close()
            raise AuthError("该账号不存在或已停用。")
        if replay.root_key not in (None, root.public_key):
            db.close()
            raise IntegrityFailure("恢复密钥与本数据库登记的根密钥不符，不能以它办理。")
        signer = Signer.generate(username, db.db_id)
        db.signer = root
        with _staged(keyfile, username, new_password, key, signer), \
                db.transaction() as conn:
            if replay.root_key is None:
                audit.append(conn, username, Action.ROOT_KEY, detail={
                    "root_key": root.public_key, "suite": root.suite})
            audit.append(conn, username, Action.UNLOCK_RECOVERY,
                         detail={"username": username})
            audit.append(conn, username, Action.USER_PASSWORD, detail={
                "username": username, "via": "recovery", "public_key": signer.public_key,
                "suite": signer.suite})
            conn.execute(update(users).where(users.c.username == username)
                         .values(public_key=signer.public_key))
        return cls._finish_login(db, username, Action.LOGIN, signer, new_password)

    @classmethod
    def _finish_login(cls, db: Database, username: str, action: str, signer: Signer | None,
                      password: str, clock: Callable[[], float] = time.time, *,
                      previous: bool = False) -> UserSession:
        """The account as the signed chain makes it (not as the account table says), its
        signing key, and the checks its owner must hear of."""
        with db.reading() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
            replay = account_replay(conn, db.db_id)
            table_problems = account_problems(replay, conn.execute(select(users)))
            own_anchor = next((a for a in db.keyfile.anchors() if a.username == username), None)
            anchor_trouble = (None if own_anchor is None
                              else _anchor_trouble(conn, own_anchor, db.db_id, replay))
        state = replay.accounts.get(username)
        if row is not None and row.active and state is None:
            db.close()
            why = replay.problems[0] if replay.problems else "审计链中的建库和账号记录已不在"
            raise IntegrityFailure(f"审计链中没有您账号的有效建立记录（{why}），"
                                   "账号记录可能被绕过本系统改动。请联系安全审计员核查，"
                                   "并从备份恢复。")
        if row is None or not row.active or state is None or not state.active:
            db.close()
            raise AuthError("该账号不存在或已停用。")
        user = User(row.username, row.display_name, state.roles, True)
        session = cls(db, user)
        if db.readonly:
            return session
        register = None
        replaced = db.keyfile.data.get("previous", {}).get(username)
        if state.public_key is None:
            # An account of a database made before signing: its first key, now.
            signer = signer or Signer.generate(username, db.db_id)
            register = Action.SIGNING if replay.signing_from is None else Action.USER_KEY
            with db.keyfile.editing():
                db.keyfile.set_password(username, password, db.key, signer)
        elif signer is None or signer.public_key != state.public_key:
            db.close()
            if isinstance(replaced, dict) and \
                    replaced.get("sign", {}).get("public_key") == state.public_key:
                # The new password's key never reached the record: the change is undone.
                db.keyfile.restore_previous(username)
                raise AuthError("上次修改密码没有完成，密码仍是原来的密码，请用原密码登录。")
            raise IntegrityFailure("您的签名密钥与审计链中登记的不符（密钥文件或账号记录被改动），"
                                   "请联系安全审计员核查，现在不能登录。")
        elif previous:
            db.keyfile.restore_previous(username)
            session.notices.append("上次修改密码没有完成，您的密码仍是原来的密码。")
        elif replaced is not None:
            db.keyfile.commit_password(username)  # the change was recorded: tidy up
        elif "kem" not in db.keyfile.data["slots"].get(username, {}):
            # A version-1 slot becomes one a new database key can reach (rekey).
            with db.keyfile.editing():
                db.keyfile.set_password(username, password, db.key, signer)
        db.signer = signer
        if state.reset_by:
            session.must_change_password = True
            who = "凭恢复密钥" if state.reset_by == ROOT_LABEL else f"由“{state.reset_by}”"
            session.notices.append(f"您的密码已于 {state.reset_at} {who}重设，请立即修改密码。")
        alerts = []
        if anchor_trouble:
            session.notices.append(f"审计链异常：{anchor_trouble}。已记入审计日志，请告知安全审计员。")
            alerts.append({"what": "审计链被截断或改写", "seen_seq": own_anchor.seq
                           if own_anchor else 0})
        if table_problems:
            session.notices.append("账号记录与审计链不符：" + "；".join(table_problems[:3])
                                   + "。已按审计链记载的角色登录，并记入审计日志。")
            alerts.append({"what": "账号表被改动", "count": len(table_problems)})
        max_age = session.password_policy().max_age_days
        if state.password_set_at and max_age:
            age = _age_days(state.password_set_at, clock)
            if age >= max_age:
                session.notices.append(f"您的密码已使用 {age} 天，请修改密码"
                                       "（安全保密管理员规定的更换周期）。")
        # The key file stays locked from reading its failed logins to saving them rebased.
        with db.keyfile.editing():
            reconciled = _reconcile_logins(db, success=username)
            with db.transaction() as conn:
                if register is not None:
                    audit.append(conn, username, register, detail={
                        "username": username, "public_key": signer.public_key,
                        "suite": signer.suite})
                    conn.execute(update(users).where(users.c.username == username)
                                 .values(public_key=signer.public_key))
                _log_failures(conn, username, reconciled)
                for alert in alerts:
                    audit.append(conn, username, Action.ALERT, detail=alert)
                audit.append(conn, username, action)
        session._watch_anchor()
        return session

    def _watch_anchor(self) -> None:
        """Keep this account's anchor at the chain head it has seen: now, after its
        writes (at most every :data:`ANCHOR_INTERVAL` seconds) and on close."""
        self.save_anchor()
        self.db.after_commit = self._anchor_after_commit

    def _anchor_after_commit(self) -> None:
        self._anchor_dirty = True
        if time.monotonic() - self._anchor_saved >= ANCHOR_INTERVAL:
            # Never kept waiting behind a backup holding the key file: next time, then.
            with suppress(BlockingIOError):
                self.save_anchor(wait=False)

    def save_anchor(self, *, wait: bool = True) -> None:
        """Sign and keep the chain head this account has seen (:class:`keyslots.Anchor`)."""
        signer = self.db.signer
        if signer is None or self.db.readonly:
            return
        with self.db.reading() as conn:
            seq, chain_hash = audit.head(conn)
        self.db.keyfile.save_anchor(signer, seq, chain_hash, audit.now_iso(), wait=wait)
        self._anchor_saved = time.monotonic()
        self._anchor_dirty = False

    def check_password(self, password: str, clock: Callable[[], float] = time.time) -> None:
        """Re-enter the password (unlocking the locked window)."""
        try:
            self.db.keyfile.unlock_with_password(self.user.username, password, clock)
        except AuthError:
            self._logins_to_audit(success=None)
            raise
        self._logins_to_audit(success=self.user.username)

    def _logins_to_audit(self, *, success: str | None) -> None:
        """Failures kept in the key file since the last unlock go into the audit chain."""
        if self.db.readonly:
            return  # a backup opened to look at: the next unlock of the database records them
        with self.db.keyfile.editing():
            reconciled = _reconcile_logins(self.db, success=success)
            with self.db.transaction() as conn:
                _log_failures(conn, self.user.username, reconciled)

    def password_policy(self) -> PasswordPolicy:
        """The policy the security admin set (settings ``password_*``)."""
        with self.db.reading() as conn:
            return PasswordPolicy(read_setting(conn, "password_min_length"),
                                  read_setting(conn, "password_classes"),
                                  read_setting(conn, "password_max_age_days"))

    def lift_lockout(self, username: str) -> bool:
        """安全保密管理员 lifts a login lockout; audited. Returns whether it was locked."""
        self.require(Permission.ASSIGN_ROLES)
        self.get_user(username)
        with self.db.keyfile.editing():
            reconciled = _reconcile_logins(self.db, success=None)
            was = logins.lift(self.db.keyfile.data, self.db.key, self.db.db_id, username)
            with self.db.transaction() as conn:
                _log_failures(conn, self.user.username, reconciled)
                audit.append(conn, self.user.username, Action.USER_UNLOCK,
                             detail={"username": username, "was_locked": was})
        return was

    def close(self) -> None:
        if self._anchor_dirty:
            # Closing must not fail; the next login saves the anchor again.
            with suppress(OSError, IntegrityFailure):
                self.save_anchor()
        self.db.after_commit = None
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

    def _root(self, recovery_key: str) -> Signer:
        """The root key, once the recovery key opens this database's recovery slot."""
        raw = self.db.keyfile.recovery_raw(recovery_key)
        root = root_signer(self.db.db_id, raw)
        with self.db.reading() as conn:
            known = account_replay(conn, self.db.db_id).root_key
        if known not in (None, root.public_key):
            raise IntegrityFailure("恢复密钥与本数据库登记的根密钥不符，不能以它办理。")
        return root

    @contextmanager
    def _signed_by(self, signer: Signer) -> Iterator[None]:
        """Records written inside are signed by ``signer`` (the root key) instead."""
        own = self.db.signer
        self.db.signer = signer
        try:
            yield
        finally:
            self.db.signer = own

    def add_user(self, username: str, password: str, *, display_name: str = "",
                 roles: Iterable[Role] = (), recovery_key: str | None = None) -> User:
        """系统管理员 creates an account. Business roles are the security admin's to
        set: only while no security admin exists may the system admin give them. An
        administrator account (replacing one of 三员) needs the recovery key as well."""
        self.require(Permission.MANAGE_ACCOUNTS)
        check_username(username)
        check_name(display_name)
        self.password_policy().check(password, username)
        roles = frozenset(roles)
        check_role_set(roles)
        existing = self.list_users()
        if any(u.username == username for u in existing):
            raise RuleError(f"账号“{username}”已存在。")
        if roles & ADMIN_ROLES and roles - ADMIN_ROLES:
            raise RuleError("三员分立：管理员账号不能同时担任业务角色。")
        has_security_admin = any(Role.SECURITY_ADMIN in u.roles and u.active for u in existing)
        if (roles - ADMIN_ROLES) and has_security_admin:
            raise RuleError("三员分立：账号建立后，角色由安全保密管理员设置。")
        by_root = None
        if roles & ADMIN_ROLES:
            if not recovery_key:
                raise RuleError("三员分立：建立管理员账号须凭保密柜中的恢复密钥。")
            by_root = self._root(recovery_key)
        signer = Signer.generate(username, self.db.db_id)
        user = User(username, display_name or username, roles, True)
        with _staged(self.db.keyfile, username, password, self.db.key, signer), \
                self._signed_by(by_root) if by_root else _nothing(), \
                self.db.transaction() as conn:
            self._insert_account(conn, NewAccount(username, password, display_name), roles,
                                 signer, self.user.username)
        return user

    def set_roles(self, username: str, roles: Iterable[Role]) -> User:
        """安全保密管理员 sets a business account's roles (never the admin roles of 三员).
        An account that no longer reads the ledgers has the database re-keyed behind it
        (a warning lands in :attr:`notices` if that has to wait)."""
        self.require(Permission.ASSIGN_ROLES)
        roles = frozenset(roles)
        check_role_set(roles)
        target = self.get_user(username)
        if username == self.user.username:
            raise RuleError("三员分立：安全保密管理员不能修改自己的角色。")
        if (roles | target.roles) & ADMIN_ROLES:
            raise RuleError("三员分立：管理员账号不担任业务角色，管理员角色只能在建立账号时设定。")
        with self.db.transaction() as conn:
            conn.execute(update(users).where(users.c.username == username)
                         .values(roles=format_roles(roles)))
            audit.append(conn, self.user.username, Action.USER_ROLES,
                         detail={"username": username, "before": format_roles(target.roles),
                                 "after": format_roles(roles)})
        if allowed(target.roles, Permission.READ_LEDGERS) and \
                not allowed(roles, Permission.READ_LEDGERS):
            warning = self._rekey_after(f"取消“{username}”查阅台账的角色", None)
            if warning:
                self.notices.append(warning)
        return User(target.username, target.display_name, roles, target.active)

    def change_password(self, old_password: str, new_password: str) -> None:
        """Own password: a new slot and a new signing key, announced in a record signed
        with the old one; the database is untouched."""
        self.db.keyfile.unlock_with_password(self.user.username, old_password)
        self.password_policy().check(new_password, self.user.username)
        if new_password == old_password:
            raise ValidationError({"password": "新密码不能与原密码相同"})
        self._set_password(self.user.username, new_password, via="self")
        self.must_change_password = False

    def reset_password(self, username: str, new_password: str) -> None:
        """系统管理员 sets a new password for a business account; its owner is told at
        the next login. An administrator's password is reset only with the recovery
        key (:meth:`open_with_recovery`)."""
        self.require(Permission.MANAGE_ACCOUNTS)
        target = self.get_user(username)
        if username == self.user.username:
            raise RuleError("请用“修改密码”修改自己的密码。")
        if target.roles & ADMIN_ROLES:
            raise RuleError("三员分立：管理员的密码不能由系统管理员重设，"
                            "须凭保密柜中的恢复密钥重设。")
        self.password_policy().check(new_password, username)
        self._set_password(username, new_password, via="reset")

    def _set_password(self, username: str, new_password: str, *, via: str) -> None:
        signer = Signer.generate(username, self.db.db_id)
        with _staged(self.db.keyfile, username, new_password, self.db.key, signer), \
                self.db.transaction() as conn:
            # Signed with the acting key: for one's own change, the old key vouches
            # for the new one.
            audit.append(conn, self.user.username, Action.USER_PASSWORD, detail={
                "username": username, "via": via, "public_key": signer.public_key,
                "suite": signer.suite})
            conn.execute(update(users).where(users.c.username == username)
                         .values(public_key=signer.public_key))
        if username == self.user.username:
            self.db.signer = signer
            self.save_anchor()

    # -- the database key --------------------------------------------------------
    def rekey(self, reason: str, *, recovery_key: str | None = None) -> None:
        """A new database key: the database is re-encrypted and every remaining slot
        resealed, so no key file kept from before (a backup's, a disabled account's)
        opens the live database. System admin or security admin; only while no one else
        has the database open."""
        if not (self.can(Permission.MANAGE_ACCOUNTS) or self.can(Permission.ASSIGN_ROLES)):
            raise PermissionDenied("只有系统管理员或安全保密管理员可以更换数据库密钥。")
        new_key = secrets.token_bytes(32)
        current = KeyFile.load(self.db.keyfile.path, kdf=self.db.keyfile.kdf)
        resealed = current.resealed(new_key, path=self.db.keyfile.path,
                                    recovery_key=recovery_key)
        t0 = time.perf_counter()
        storage_rekey(self.db, new_key, resealed)
        self.log(Action.REKEY, detail={"reason": reason, "slots": len(resealed.usernames()),
                                       "seconds": round(time.perf_counter() - t0, 1)})

    def _rekey_after(self, reason: str, recovery_key: str | None) -> str | None:
        """Re-key after an account lost access; a warning (not an error) if it cannot be
        done now — what was asked is done, the key is to be changed later."""
        try:
            self.rekey(reason, recovery_key=recovery_key)
        except IntegrityFailure as exc:
            return f"{reason}已完成，但数据库密钥未能更换：{exc}"
        return None

    def disable_user(self, username: str, *, recovery_key: str | None = None) -> str | None:
        """系统管理员 disables a business account; an administrator account (the auditor,
        the security admin) only with the recovery key as well (三员分立). The database
        is then re-keyed; returns a warning if that has to wait."""
        self.require(Permission.MANAGE_ACCOUNTS)
        if username == self.user.username:
            raise RuleError("不能停用当前登录的账号。")
        target = self.get_user(username)
        by_root = None
        if target.roles & ADMIN_ROLES:
            if not recovery_key:
                raise RuleError("三员分立：停用管理员账号须凭保密柜中的恢复密钥。")
            by_root = self._root(recovery_key)
        with self.db.keyfile.editing():
            self.db.keyfile.remove_slot(username)
        with self._signed_by(by_root) if by_root else _nothing(), \
                self.db.transaction() as conn:
            conn.execute(update(users).where(users.c.username == username).values(active=False))
            audit.append(conn, self.user.username, Action.USER_DISABLE,
                         detail={"username": username})
        return self._rekey_after(f"停用账号“{username}”", recovery_key)

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
        """SQLCipher's page check, then everything the signed audit chain vouches for
        (:func:`integrity.verify_records`): links, signatures, permissions, entries,
        revisions, attachments, accounts, meta, settings and every account's anchor."""
        self.require(Permission.VERIFY)
        problems = integrity_errors(self.db)
        if problems:
            return VerifyReport(problems, 0, 0)
        anchors = KeyFile.load(self.db.keyfile.path).anchors()
        with self.db.reading() as conn:
            found = verify_records(conn, self.catalog, self.db.db_id, anchors)
        if not self.db.readonly:
            self.log(Action.VERIFY, detail={"ok": not found.problems,
                                            "audit_entries": found.audit_entries})
        return VerifyReport(found.problems, found.audit_entries, found.entries_checked)


def _reconcile_logins(db: Database, *, success: str | None) -> logins.Reconciled:
    """Check the key file's failed logins against the audit chain and rebase them
    (inside the caller's :meth:`KeyFile.editing`, saved once the audit records are in)."""
    with db.reading() as conn:
        logged = _last_failure_seq(conn)
        lockout_after = read_setting(conn, "lockout_after")
    return logins.reconcile(db.keyfile.data, db.key, db.db_id, logged, success=success,
                            lockout_after=lockout_after)


def _last_failure_seq(conn: Any) -> int:
    """The number of the last failed login the audit chain holds (0: none numbered)."""
    for detail in conn.execute(select(audit_log.c.detail).where(
            audit_log.c.action == Action.LOGIN_FAILED).order_by(audit_log.c.seq.desc())
            .limit(1)).scalars():
        try:
            return int(json.loads(detail).get("failure_seq", 0))
        except (ValueError, TypeError, AttributeError):
            return 0
    return 0


def _log_failures(conn: Any, acting: str, reconciled: logins.Reconciled) -> None:
    """Each failed try as a LOGIN_FAILED record; each gap as an ALERT for the auditor."""
    for e in reconciled.new:
        at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(e["at"])))
        audit.append(conn, str(e["username"]), Action.LOGIN_FAILED, at=at, detail={
            "failure_seq": e["seq"], "consecutive": e["count"], "kind": e["kind"],
            **({"more": e["more"]} if e.get("more") else {})})
    for gap in reconciled.gaps:
        audit.append(conn, acting, Action.ALERT, detail={"what": gap})


def _age_days(since: str, clock: Callable[[], float]) -> int:
    try:
        then = dt.datetime.fromisoformat(since.replace(" ", "T"))
    except ValueError:
        return 0
    return max(0, (dt.datetime.fromtimestamp(clock()) - then).days)


def _rekey_settled(path: Path, key: bytes, unlock_pending: Callable[[KeyFile], bytes]) -> bool:
    """A re-key cut short: finish it (True: the key file changed) or drop its leftover."""
    if not pending_keyfile_path(path).exists():
        return False
    if key_opens(path, key):
        pending_keyfile_path(path).unlink(missing_ok=True)
        return False
    return settle_rekey(path, lambda k: key_opens(path, k), unlock_pending)


def _anchor_trouble(conn: Any, anchor: Anchor, db_id: str, replay: Replay) -> str | None:
    """What is wrong with an account's own anchor, seen at its login."""
    state = replay.accounts.get(anchor.username)
    if state is None or anchor.public_key not in state.keys or not signature_holds(
            anchor.suite, anchor.public_key, ANCHOR_PURPOSE, db_id,
            Anchor.message(anchor.username, anchor.seq, anchor.hash, anchor.at),
            anchor.signature):
        return "密钥文件中您的锚点签名不符，可能被改动"
    return anchor_problem(conn, anchor)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _staged(keyfile: KeyFile, username: str, password: str, key: bytes,
            signer: Signer) -> Iterator[None]:
    """A new slot is saved (the one it replaces kept beside it) before the record that
    announces its key; once that record is in, the replaced slot goes. If the record
    cannot be written, the replaced slot comes back; if the process dies in between,
    the next login sorts it out (:meth:`UserSession._finish_login`)."""
    keyfile.stage_password(username, password, key, signer)
    try:
        yield
    except BaseException:
        if not keyfile.restore_previous(username):
            with keyfile.editing() as data:
                data["slots"].pop(username, None)
        raise
    keyfile.commit_password(username)


def _backup_before_migration(db: Database) -> None:
    make_backup(db, reason="升级前")

