"""What the signed audit chain vouches for, and the check that nothing left it.

Replaying the chain from its first record rebuilds who held which key and
which roles at every moment (accounts are granted, changed and disabled
only by signed records), the group's identity (mode, name) and settings.
Against that replay :func:`verify_records` checks every record's link and
signature, that its signer held the permission for it at that moment, and
that the tables still hold exactly what the records say: no entry,
revision, attachment, account, role, setting or meta value changed or
removed beside the chain. The accounts' anchors (:class:`keyslots.Anchor`)
show a chain cut back or rewritten after a point some account saw.

Records written before signing began (databases made by release 0.1) are
unsigned and trusted as the chain links them; every record after the first
signed one must be signed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, select

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.audit import AUDIT_PURPOSE, GENESIS, canonical, link_hash, record_message
from paizhu_desktop.core.classification import Classification, lowers
from paizhu_desktop.core.errors import NotFoundError
from paizhu_desktop.core.keyslots import ANCHOR_PURPOSE, Anchor
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.entry import content_hash, row_state, values_from_state
from paizhu_desktop.core.ledgers.workflow import (
    ABSENT,
    STAND_IN_ARTICLE,
    Workflow,
    absence_covers,
    designation_covers,
)
from paizhu_desktop.core.permissions import (
    ADMIN_ROLES,
    ROLE_LABELS,
    Permission,
    Role,
    allowed,
    parse_roles,
)
from paizhu_desktop.core.schema import attachments, audit_log, meta, revisions, settings, users
from paizhu_desktop.core.settings import SETTING_KEYS, may_change
from paizhu_desktop.core.signing import ROOT, signature_holds

#: Records that grant, change or take away an account, a key or a role.
ACCOUNT_ACTIONS = frozenset({Action.INIT, Action.USER_ADD, Action.USER_ROLES,
                             Action.USER_DISABLE, Action.USER_PASSWORD, Action.USER_KEY,
                             Action.SIGNING, Action.ROOT_KEY})
#: Records the root key (the recovery key in hand) may sign.
ROOT_ACTIONS = frozenset({Action.INIT, Action.USER_ADD, Action.USER_PASSWORD,
                          Action.USER_DISABLE, Action.UNLOCK_RECOVERY, Action.ROOT_KEY,
                          Action.LOGIN_FAILED})
#: Ledger actions that write a new version of an entry (with a revision).
VERSION_ACTIONS = frozenset({Action.CREATE, Action.EDIT, Action.VOID, Action.APPROVE,
                             Action.REJECT, Action.STEP, Action.RECLASSIFY})
_PERMISSION_OF = {
    Action.CREATE: Permission.WRITE_LEDGERS, Action.EDIT: Permission.WRITE_LEDGERS,
    Action.ATTACH: Permission.WRITE_LEDGERS, Action.VOID: Permission.VOID_ENTRIES,
    Action.PRINT: Permission.PRINT, Action.EXPORT: Permission.EXPORT,
    Action.IMPORT: Permission.EXPORT, Action.VERIFY: Permission.VERIFY,
    Action.READ_AUDIT: Permission.READ_AUDIT_LOG,
}
#: Meta values the chain records (INIT) and verify compares.
CHAINED_META = ("mode", "group_name")


@dataclass
class AccountState:
    """An account as the chain has made it so far."""

    username: str
    roles: frozenset[Role]
    active: bool = True
    display_name: str = ""
    public_key: str | None = None
    #: Every key the account has held (an anchor may predate a key change).
    keys: set[str] = field(default_factory=set)
    #: Who reset the password and when (someone else: shown to the owner at login);
    #: cleared by the owner's own change.
    reset_by: str = ""
    reset_at: str = ""
    #: When the password was last set (the reminder of the password policy).
    password_set_at: str = ""

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)


def _detail(row: Any) -> dict[str, Any]:
    try:
        value = json.loads(row.detail)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class Replay:
    """Feeds audit records in chain order; keeps the accounts, keys, meta and
    settings they establish and names every record that does not hold."""

    def __init__(self, db_id: str, catalog: Catalog | None = None) -> None:
        self.db_id = db_id
        self.catalog = catalog
        self.accounts: dict[str, AccountState] = {}
        self.root_key: str | None = None
        self.meta: dict[str, str] = {}
        self.settings: dict[str, str] = {}
        self.signing_from: int | None = None
        #: (ledger, entry id) -> the AB角 designation its last version made (献县办法
        #: 第六十五条), as the signed records carry it.
        self.designations: dict[tuple[str, str], dict[str, Any]] = {}
        #: (ledger, entry id) -> who is away when, as the last signed version of the
        #: 离岗登记 says so far in the chain (第六十五条).
        self.absences: dict[tuple[str, str], dict[str, Any]] = {}
        self.problems: list[str] = []
        self.alerts: list[str] = []

    # -- one record ------------------------------------------------------------------
    def feed(self, row: Any) -> bool:
        """Check and apply one record; False (with the problem noted) if it does not hold."""
        detail = _detail(row)
        if row.suite is None:
            if self.signing_from is not None:
                return self._bad(row, "没有签名（签名启用后的每条记录都必须签名），"
                                      "可能是绕过本系统写入的")
            self._apply(row, detail, signer_key=None)
            return True
        if self.signing_from is None:
            if row.action not in (Action.INIT, Action.SIGNING):
                return self._bad(row, "是第一条签名记录，却不是建库或启用签名的记录")
            self.signing_from = row.seq
        key = self._signer_key(row, detail)
        if key is None:
            account = self.accounts.get(row.signer)
            if account is not None and not account.active:
                return self._bad(row, f"的签名人“{row.signer}”当时已被停用")
            return self._bad(row, f"的签名人“{row.signer}”没有登记的签名密钥")
        if not signature_holds(row.suite, key, AUDIT_PURPOSE, self.db_id,
                               record_message(row.seq, row.hash), row.signature or ""):
            return self._bad(row, f"的签名不是“{row.signer}”的，记录可能被伪造或改动")
        refusal = self._refusal(row, detail)
        if refusal:
            return self._bad(row, refusal)
        self._apply(row, detail, signer_key=key)
        return True

    def _bad(self, row: Any, what: str) -> bool:
        self.problems.append(f"第 {row.seq} 条审计记录（{row.at}，{row.username}）{what}")
        return False

    def _signer_key(self, row: Any, detail: Mapping[str, Any]) -> str | None:
        """The public key the record's signature must hold under."""
        own = str(detail.get("public_key") or "")
        if row.signer == ROOT:
            if row.action in (Action.INIT, Action.ROOT_KEY) and self.root_key is None:
                return str(detail.get("root_key") or "") or None  # self-certifying, once
            return self.root_key
        account = self.accounts.get(row.signer)
        if row.action in (Action.SIGNING, Action.USER_KEY) and account is not None \
                and account.public_key is None and detail.get("username") == row.signer:
            return own or None  # an account of an older database registers its first key
        if account is None or not account.active:
            return None
        return account.public_key

    def _refusal(self, row: Any, detail: Mapping[str, Any]) -> str | None:
        """Why the signer could not have made this record then (None: could)."""
        if row.signer == ROOT:
            if row.action not in ROOT_ACTIONS:
                return f"以恢复密钥签名，但“{row.action}”不是凭恢复密钥可办的事"
            return None
        signer = self.accounts[row.signer]
        if row.username != row.signer and row.action != Action.LOGIN_FAILED:
            return f"记在“{row.username}”名下，却由“{row.signer}”签名"
        roles = signer.roles
        target = self.accounts.get(str(detail.get("username", "")))
        if row.action == Action.USER_ADD:
            if not allowed(roles, Permission.MANAGE_ACCOUNTS):
                return "建立了账号，但签名人当时不是系统管理员"
            new_roles = parse_roles(str(detail.get("roles", "")))
            if new_roles & ADMIN_ROLES:
                return "由系统管理员建立了管理员账号（三员只能凭恢复密钥建立）"
            if new_roles and any(Role.SECURITY_ADMIN in a.roles and a.active
                                 for a in self.accounts.values()):
                return "由系统管理员设定了业务角色（应由安全保密管理员设定）"
            if target is not None:
                return "重复建立了已有的账号"
        elif row.action == Action.USER_ROLES:
            if not allowed(roles, Permission.ASSIGN_ROLES):
                return "修改了角色，但签名人当时不是安全保密管理员"
            new_roles = parse_roles(str(detail.get("after", "")))
            if target is None or target.username == row.signer or target.is_admin \
                    or new_roles & ADMIN_ROLES:
                return "修改了不能由安全保密管理员修改的角色（三员分立）"
        elif row.action == Action.USER_DISABLE:
            if not allowed(roles, Permission.MANAGE_ACCOUNTS) or target is None \
                    or target.is_admin or target.username == row.signer:
                return "停用了账号，但签名人无权停用它（管理员账号只能凭恢复密钥停用）"
        elif row.action == Action.USER_PASSWORD:
            if target is None:
                return "修改了不存在的账号的密码"
            if target.username != row.signer and (
                    not allowed(roles, Permission.MANAGE_ACCOUNTS) or target.is_admin):
                return "重设了他人的密码，但签名人无权重设（管理员的密码只能凭恢复密钥重设）"
        elif row.action in (Action.SIGNING, Action.USER_KEY):
            if target is None or target.username != row.signer or \
                    self.accounts[row.signer].public_key is not None:
                return "登记签名密钥不符合规定（只能由尚无密钥的账号本人登记）"
        elif row.action in (Action.INIT, Action.ROOT_KEY):
            return "建库和根密钥记录只能以恢复密钥签名"
        elif row.action == Action.REKEY:
            if not (allowed(roles, Permission.MANAGE_ACCOUNTS)
                    or allowed(roles, Permission.ASSIGN_ROLES)):
                return "更换了数据库密钥，但签名人当时不是系统管理员或安全保密管理员"
        elif row.action == Action.SETTING:
            key = str(detail.get("key", ""))
            if key not in SETTING_KEYS or not may_change(key, roles):
                return f"修改了设置“{key}”，但签名人当时无权修改它"
        elif row.action == Action.USER_UNLOCK:
            if not allowed(roles, Permission.ASSIGN_ROLES):
                return "解除了账号锁定，但签名人当时不是安全保密管理员"
        elif row.action in (Action.APPROVE, Action.REJECT, Action.STEP):
            permission = self._step_permission(row, detail)
            if permission is None:
                return f"记载了台账“{row.ledger}”不存在的办理步骤“{detail.get('step', '')}”"
            if "stand_in" in detail:
                return self._stand_in_refusal(row, detail, permission)
            if not allowed(roles, permission):
                return f"办理了“{detail.get('step', '')}”，但签名人当时没有这项权限"
        elif row.action in _PERMISSION_OF and not allowed(roles, _PERMISSION_OF[row.action]):
            return f"办理了“{row.action}”，但签名人当时没有这项权限"
        return None

    def _stand_in_refusal(self, row: Any, detail: Mapping[str, Any],
                          permission: Permission) -> str | None:
        """A step taken as B角 (献县办法 第六十五条) holds when the designation in force
        at that moment names the signer as B角, with approvals, of the person stood in
        for, on the step's date, and that person held the step's permission then."""
        stand_in = detail.get("stand_in")
        step_name = str(detail.get("step", ""))
        refused = (f"以B角身份办理了“{step_name}”，但当时的职责分工没有指定签名人为"
                   f"该审批人的B角（{STAND_IN_ARTICLE}），签名人也没有这项权限")
        if not isinstance(stand_in, dict):
            return refused
        if self.catalog is not None:
            try:
                wf = self.catalog.ledger(row.ledger).workflow
                if wf is not None and wf.designates is not None:
                    return (f"以B角身份办理了“{step_name}”，但职责分工由组长本人确定，"
                            f"B角不能代为确定或终止（献县办法 第六十四条、第六十六条）")
                if wf is None or (stand_in.get("reason") != ABSENT and (
                        not wf.step(step_name).not_by_requester or wf.absences is not None)):
                    return f"以B角身份办理了“{step_name}”，但这一步骤不由B角代办"
            except (KeyError, NotFoundError):
                return refused
        primary = str(stand_in.get("for", ""))
        snap = self.designations.get((str(stand_in.get("ledger", "")),
                                      str(stand_in.get("designation", ""))))
        held = self.accounts.get(primary)
        if snap is None or not snap["approvals"] or snap["backup"] != row.signer \
                or snap["primary"] != primary \
                or not designation_covers(snap, str(stand_in.get("on", ""))[:10]) \
                or held is None or not held.active or not allowed(held.roles, permission):
            return refused
        if stand_in.get("reason") == ABSENT:
            return self._absence_refusal(stand_in, step_name, primary)
        return None

    def _absence_refusal(self, stand_in: Mapping[str, Any], step_name: str,
                         primary: str) -> str | None:
        """A B角 step taken because the A角 was away holds only when a 离岗登记 signed
        earlier in the chain said so for that moment (献县办法 第六十五条): an absence
        recorded after the step, or one that did not cover it, does not."""
        where = stand_in.get("absence")
        at = str(stand_in.get("at", ""))
        key = (str(where.get("ledger", "")), str(where.get("id", ""))) \
            if isinstance(where, dict) else ("", "")
        away = self.absences.get(key)
        if away is None or away["person"] != primary or not at \
                or not at.startswith(str(stand_in.get("on", ""))[:10]) \
                or not absence_covers(away, at):
            return (f"以B角身份（A角“{primary}”外出）办理了“{step_name}”，但此前没有登记"
                    f"覆盖该时间的外出离岗（{STAND_IN_ARTICLE}）")
        return None

    def _step_permission(self, row: Any, detail: Mapping[str, Any]) -> Permission | None:
        if self.catalog is None:
            return Permission.APPROVE
        try:
            wf = self.catalog.ledger(row.ledger).workflow
            return None if wf is None else wf.step(str(detail.get("step", ""))).permission
        except (KeyError, NotFoundError):  # a ledger or step this release does not know
            return None

    # -- what a record establishes ---------------------------------------------------
    def _apply(self, row: Any, detail: Mapping[str, Any], signer_key: str | None) -> None:
        name = str(detail.get("username", ""))
        account = self.accounts.get(name)
        action = row.action
        if action == Action.INIT:
            if row.suite is not None:
                self.root_key = str(detail.get("root_key") or "") or None
            for k in CHAINED_META:
                if k in detail:
                    self.meta[k] = str(detail[k])
        elif action == Action.ROOT_KEY:
            self.root_key = signer_key
        elif action == Action.USER_ADD:
            key = str(detail.get("public_key") or "") or None
            self.accounts[name] = AccountState(
                name, parse_roles(str(detail.get("roles", ""))),
                display_name=str(detail.get("display_name", "")), public_key=key,
                keys={key} if key else set(), password_set_at=str(row.at))
        elif account is None:
            pass
        elif action == Action.USER_ROLES:
            account.roles = parse_roles(str(detail.get("after", "")))
        elif action == Action.USER_DISABLE:
            account.active = False
        elif action in (Action.USER_PASSWORD, Action.USER_KEY, Action.SIGNING):
            key = str(detail.get("public_key") or "") or None
            if key:
                account.public_key = key
                account.keys.add(key)
            if action == Action.USER_PASSWORD:
                account.password_set_at = str(row.at)
                own = row.signer in (name, None)
                account.reset_by = "" if own else str(row.signer)
                account.reset_at = "" if own else str(row.at)
        designation = detail.get("designation")
        if isinstance(designation, dict) and action in VERSION_ACTIONS and self._designates(row):
            self.designations[(str(row.ledger), str(row.entry_id))] = {
                "primary": str(designation.get("primary", "")),
                "backup": str(designation.get("backup", "")),
                "start": str(designation.get("start", "")),
                "end": str(designation.get("end", "")),
                "approvals": designation.get("approvals") is True,
                "in_force": designation.get("in_force") is True,
            }
        self._note_absence(row, detail)
        if action == Action.SETTING and "key" in detail:
            self.settings[str(detail["key"])] = canonical(detail.get("value")).decode()
        if action == Action.ALERT:
            self.alerts.append(f"第 {row.seq} 条审计记录：{row.at} 账号“{row.username}”"
                               f"发现{detail.get('what', '记录异常')}")

    def _note_absence(self, row: Any, detail: Mapping[str, Any]) -> None:
        """Who is away when, from a signed version of a 离岗登记 (第六十五条)."""
        absence = detail.get("absence")
        if isinstance(absence, dict) and row.action in VERSION_ACTIONS \
                and self._records_absences(row):
            self.absences[(str(row.ledger), str(row.entry_id))] = {
                "person": str(absence.get("person", "")),
                "start": str(absence.get("start", "")),
                "end": str(absence.get("end", "")),
                "in_force": absence.get("in_force") is True,
            }

    def _workflow_of(self, row: Any) -> Workflow | None:
        """The workflow of the record's ledger (None for a record of no entry, or of a
        ledger the catalog does not know)."""
        if self.catalog is None or not row.ledger or not row.entry_id:
            return None
        try:
            return self.catalog.ledger(row.ledger).workflow
        except NotFoundError:
            return None

    def _records_absences(self, row: Any) -> bool:
        """Whether the record's ledger says who is away (its records carry absences)."""
        wf = self._workflow_of(row)
        return wf is not None and wf.absences is not None

    def _designates(self, row: Any) -> bool:
        """Whether the record's ledger names stand-ins (its records carry designations)."""
        wf = self._workflow_of(row)
        return wf is not None and wf.designates is not None


def account_replay(conn: Connection, db_id: str) -> Replay:
    """Accounts, keys and roles as the chain's account records make them (quick:
    the login's check; :func:`verify_records` checks the whole chain)."""
    replay = Replay(db_id)
    for row in conn.execute(select(audit_log).where(
            audit_log.c.action.in_(sorted(ACCOUNT_ACTIONS))).order_by(audit_log.c.seq)):
        digest = _link(row, row.prev_hash)
        if digest != row.hash:
            replay.problems.append(f"第 {row.seq} 条审计记录的内容被改动")
            continue
        replay.feed(row)
    return replay


def _link(row: Any, prev: str) -> str:
    try:
        return link_hash(prev, row.seq, row.at, row.username, row.action, row.ledger,
                         row.entry_id, row.detail, row.signer, row.suite)
    except ValueError:
        return ""


def account_problems(replay: Replay, rows: Iterable[Row[Any]]) -> list[str]:
    """Where the ``users`` table differs from the accounts the chain made."""
    problems = []
    seen = set()
    for r in rows:
        seen.add(r.username)
        state = replay.accounts.get(r.username)
        if state is None:
            problems.append(f"账号“{r.username}”没有经签名的建立记录，可能是绕过本系统加入的")
            continue
        if parse_roles(r.roles) != state.roles:
            problems.append(f"账号“{r.username}”的角色被改动：审计链记载为"
                            f"“{_roles_label(state.roles)}”，账号表中为“{_roles_label(parse_roles(r.roles))}”")
        if bool(r.active) != state.active:
            problems.append(f"账号“{r.username}”的启用状态被改动（审计链记载为"
                            f"{'启用' if state.active else '停用'}）")
        if state.public_key is not None and (r.public_key or None) != state.public_key:
            problems.append(f"账号“{r.username}”的签名公钥被改动")
    for name in sorted(set(replay.accounts) - seen):
        problems.append(f"账号“{name}”被从账号表中删除")
    return problems


def _roles_label(roles: frozenset[Role]) -> str:
    return "、".join(ROLE_LABELS[r] for r in Role if r in roles) or "无"


# -- the whole check ------------------------------------------------------------------

@dataclass
class Findings:
    """What :func:`verify_records` found: problems, and the records checked."""

    problems: list[str]
    audit_entries: int
    entries_checked: int


def verify_records(conn: Connection, catalog: Catalog, db_id: str,
                   anchors: Iterable[Anchor]) -> Findings:
    """The chain's links and signatures, each signer's permission at that moment, and
    every table against the chain; names what broke."""
    replay = Replay(db_id, catalog)
    problems = replay.problems
    prev, expected, count = GENESIS, 1, 0
    chain: dict[int, str] = {}
    broken = False
    #: (ledger, entry id) -> {version: (content hash, username)} from signed records
    versions: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}
    created: set[tuple[str, str]] = set()
    audited_last: dict[tuple[str, str], str] = {}
    attached: dict[str, tuple[str, str, str]] = {}
    steps: list[tuple[Any, dict[str, Any]]] = []
    designated: list[tuple[Any, dict[str, Any]]] = []
    versioned: list[tuple[Any, dict[str, Any]]] = []
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
        count += 1
        chain[row.seq] = row.hash
        if not broken:
            if row.seq != expected:
                problems.append(f"审计链断裂：第 {expected} 条审计记录缺失")
                broken = True
            elif row.prev_hash != prev:
                problems.append(f"审计链断裂：第 {row.seq} 条审计记录与前一条的链接不符")
                broken = True
            elif _link(row, prev) != row.hash:
                problems.append(f"审计链断裂：第 {row.seq} 条审计记录的内容被改动")
                broken = True
        prev, expected = row.hash, row.seq + 1
        if broken:
            continue  # after a break nothing can be attributed
        replay.feed(row)
        detail = _detail(row)
        key = (row.ledger, row.entry_id)
        if row.ledger and row.entry_id:
            if row.action in (Action.CREATE, Action.IMPORT):
                created.add(key)
            digest = detail.get("content_hash")
            if isinstance(digest, str):
                audited_last[key] = digest
                if row.action in VERSION_ACTIONS and isinstance(detail.get("version"), int):
                    versions.setdefault(key, {})[detail["version"]] = (digest, row.username)
            if row.action in (Action.APPROVE, Action.REJECT, Action.STEP, Action.EDIT,
                              Action.CREATE):
                steps.append((row, detail))
            if row.action in VERSION_ACTIONS:
                versioned.append((row, detail))
            if row.action in VERSION_ACTIONS and (
                    ("designation" in detail and replay._designates(row))
                    or ("absence" in detail and replay._records_absences(row))):
                designated.append((row, detail))
            if row.action == Action.IMPORT and isinstance(detail.get("revisions"), dict):
                for v, h in detail["revisions"].items():
                    if str(v).isdigit() and isinstance(h, str):
                        versions.setdefault(key, {})[int(v)] = (h, row.username)
            if row.action == Action.ATTACH and isinstance(detail.get("attachment"), str):
                attached[detail["attachment"]] = (row.ledger, row.entry_id,
                                                  str(detail.get("sha256", "")))
        if row.action == Action.IMPORT and isinstance(detail.get("attachments"), dict):
            for att_id, where in detail["attachments"].items():
                if isinstance(where, list) and len(where) == 3:
                    attached[str(att_id)] = (str(where[0]), str(where[1]), str(where[2]))
    if count == 0:
        problems.append("审计链是空的：建库记录和此后的全部记录都已不在")
    problems += replay.alerts

    entries, origin_of = _check_entries(conn, catalog, audited_last, created)
    problems += entries[0]
    states = _check_revisions(conn, catalog, versions, origin_of, problems)
    problems += _check_steps(catalog, steps, states)
    problems += _check_designations(catalog, designated, states)
    problems += _check_reclassifications(catalog, versioned, states)
    problems += _check_attachments(conn, attached, origin_of)
    problems += account_problems(replay, conn.execute(select(users)))
    problems += _check_meta_settings(conn, replay, db_id)
    problems += _check_anchors(anchors, replay, chain, db_id)
    return Findings(problems, count, entries[1])


def _check_entries(conn: Connection, catalog: Catalog, audited: Mapping[tuple[str, str], str],
                   created: set[tuple[str, str]]
                   ) -> tuple[tuple[list[str], int], dict[tuple[str, str], str]]:
    problems: list[str] = []
    checked = 0
    origin_of: dict[tuple[str, str], str] = {}
    present: set[tuple[str, str]] = set()
    created_in: dict[str, list[str]] = {}
    for ledger_id, entry_id in created:
        created_in.setdefault(ledger_id, []).append(entry_id)
    for desc in catalog.ledgers():
        table = catalog.table(desc)
        for row in conn.execute(select(table).order_by(table.c.seq)):
            checked += 1
            key = (desc.id, row.id)
            present.add(key)
            origin_of[key] = row.origin or ""
            if (row.desc_version or 0) > desc.version:
                # Written by a later release that knows more fields than this one.
                problems.append(
                    f"“{desc.name}”条目 {row.id} 由较新版本的程序写入（台账描述第 "
                    f"{row.desc_version} 版），本程序无法核对，请使用较新版本核验")
                continue
            actual = content_hash(row.id, row_state(desc, row._mapping))
            if actual != row.content_hash or audited.get(key) != actual:
                problems.append(f"“{desc.name}”条目 {row.id}（第 {row.version} 版）"
                                "的内容与审计记录不符，可能被绕过本系统改动")
        for entry_id in sorted(created_in.get(desc.id, ())):
            if (desc.id, entry_id) not in present:
                problems.append(f"“{desc.name}”条目 {entry_id} 有审计记录，但已从台账中删除")
    return (problems, checked), origin_of


def _check_revisions(conn: Connection, catalog: Catalog,
                     versions: Mapping[tuple[str, str], Mapping[int, tuple[str, str]]],
                     origin_of: Mapping[tuple[str, str], str],
                     problems: list[str]) -> dict[tuple[str, str], dict[int, dict[str, Any]]]:
    """Each version the chain records is kept as a revision with that content hash;
    returns the revisions' states (for the workflow check)."""
    states: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
    names = {d.id: d.name for d in catalog.ledgers()}
    for r in conn.execute(select(revisions).order_by(revisions.c.seq)):
        key = (r.ledger, r.entry_id)
        if origin_of.get(key) and key not in versions:
            continue  # received before imports named their revisions: the sender's chain
        try:
            state = json.loads(r.data)
        except ValueError:
            state = {}
        states.setdefault(key, {})[r.version] = state
        expected = versions.get(key, {}).get(r.version)
        name = names.get(r.ledger, r.ledger)
        if expected is None:
            if key in versions:
                problems.append(f"“{name}”条目 {r.entry_id} 的第 {r.version} 版修订没有审计记录，"
                                "可能是绕过本系统加入的")
            continue
        if content_hash(r.entry_id, state) != expected[0]:
            problems.append(f"“{name}”条目 {r.entry_id} 的第 {r.version} 版修订内容被改动")
    for key, recorded in versions.items():
        for version in sorted(set(recorded) - set(states.get(key, {}))):
            problems.append(f"“{names.get(key[0], key[0])}”条目 {key[1]} 的第 {version} 版修订"
                            "已被删除")
    return states


def _check_steps(catalog: Catalog, steps: list[tuple[Any, dict[str, Any]]],
                 states: Mapping[tuple[str, str], Mapping[int, Mapping[str, Any]]]) -> list[str]:
    """Each state an entry passed through was reached by its ledger's declared step."""
    problems = []
    for row, detail in steps:
        try:
            desc = catalog.ledger(row.ledger)
        except NotFoundError:
            continue
        wf = desc.workflow
        version = detail.get("version")
        history = states.get((row.ledger, row.entry_id), {})
        if wf is None or not isinstance(version, int) or version not in history:
            continue
        now = history[version].get("status")
        before = history.get(version - 1, {}).get("status")
        where = f"“{desc.name}”条目 {row.entry_id} 第 {version} 版"
        if row.action == Action.CREATE:
            if now != wf.initial:
                problems.append(f"{where}一登记就处于“{wf.label(str(now))}”状态，未经办理步骤")
        elif row.action == Action.EDIT:
            if before not in wf.editable or now != before:
                problems.append(f"{where}在“{wf.label(str(before))}”状态下被修改，"
                                "这一状态不允许修改内容")
        else:
            try:
                step = wf.step(str(detail.get("step", "")))
            except KeyError:
                continue
            if before not in step.sources or now != step.target:
                problems.append(f"{where}的状态变化（{wf.label(str(before))}→"
                                f"{wf.label(str(now))}）不是“{step.label}”这一步骤能做到的")
            problems += _own_request(desc, step, row, detail, history.get(version - 1), where)
    return problems


def _own_request(desc: Any, step: Any, row: Any, detail: Mapping[str, Any],
                 before: Mapping[str, Any] | None, where: str) -> list[str]:
    """A step no requester may take was not taken by the requester (献县办法 第六十条),
    and a step taken as B角 was on a request of the person stood in for (第六十五条)."""
    wf = desc.workflow
    if not step.not_by_requester or before is None or not wf.requester:
        return []
    persons = wf.askers(values_from_state(desc, before))
    problems = []
    if row.username in persons:
        problems.append(f"{where}的“{step.label}”由申请人本人“{row.username}”办理，"
                        f"违反不能审批本人申请的规定（{step.not_by_requester}）")
    stand_in = detail.get("stand_in")
    if isinstance(stand_in, dict) and str(stand_in.get("for", "")) not in persons \
            and stand_in.get("reason") != ABSENT:
        problems.append(f"{where}以B角身份代“{stand_in.get('for', '')}”办理了“{step.label}”，"
                        f"但该申请不是其本人的申请（{STAND_IN_ARTICLE}）")
    return problems


def _check_designations(catalog: Catalog, designated: list[tuple[Any, dict[str, Any]]],
                        states: Mapping[tuple[str, str], Mapping[int, Mapping[str, Any]]]
                        ) -> list[str]:
    """Each AB角 designation and each absence a signed record carries is what that
    version of the entry says (献县办法 第六十五条): the replay trusted the records,
    this ties them to the content."""
    problems = []
    for row, detail in designated:
        desc = catalog.ledger(row.ledger)
        wf = desc.workflow
        version = detail.get("version")
        state = states.get((row.ledger, row.entry_id), {}).get(version) \
            if isinstance(version, int) else None
        if wf is None or state is None:
            continue  # a missing revision is reported by the revision check
        values = values_from_state(desc, state)
        status, voided = str(state.get("status", "")), bool(state.get("voided"))
        for key, reads, what in (("designation", wf.designates, "AB角"),
                                 ("absence", wf.absences, "外出离岗")):
            if key in detail and reads is not None \
                    and detail[key] != reads.snapshot(values, status, voided):
                problems.append(f"“{desc.name}”条目 {row.entry_id} 第 {version} 版的审计记录"
                                f"所载{what}与条目内容不符（{STAND_IN_ARTICLE}），可能被伪造")
    return problems


def _check_reclassifications(catalog: Catalog, versioned: list[tuple[Any, dict[str, Any]]],
                             states: Mapping[tuple[str, str], Mapping[int, Mapping[str, Any]]]
                             ) -> list[str]:
    """A 秘密-or-higher entry's 密级 lowered, or its 保密期限 shortened, only by an
    approved 降密/解密 review (献县办法 第五十五条): the version that does it is a
    ``reclassify`` record right after the review's approval by the same signer, in the
    same transaction; the approved version of the review names this entry and decides
    exactly this 密级 and 保密期限. Any other version that lowers them — an edit
    written beside the program, a forged record — is named."""
    problems: list[str] = []
    by_version = {(row.ledger, row.entry_id, detail.get("version")): row
                  for row, detail in versioned}
    names = {d.id: d.name for d in catalog.ledgers()}
    for row, detail in versioned:
        version = detail.get("version")
        history = states.get((row.ledger, row.entry_id), {})
        if not isinstance(version, int) or version not in history:
            continue  # a missing revision is reported by the revision check
        now, before = history[version], history.get(version - 1)
        where = f"“{names.get(row.ledger, row.ledger)}”条目 {row.entry_id} 第 {version} 版"
        if row.action == Action.RECLASSIFY:
            why = _review_refusal(catalog, row, detail, now, before, by_version, states)
            if not why and before is not None and any(
                    before.get(k) != now.get(k) for k in ("values", "status", "voided",
                                                           "void_reason")):
                why = "同时改动了密级以外的内容"
            if why:
                problems.append(f"{where}的密级变更{why}（献县办法 第五十五条），可能被伪造")
            continue
        if before is None or row.action in (Action.CREATE, Action.IMPORT):
            continue
        try:
            lowered = lowers(Classification.parse(str(before.get("classification"))),
                             str(before.get("retention") or ""),
                             Classification.parse(str(now.get("classification"))),
                             str(now.get("retention") or ""))
        except ValueError:
            continue
        if lowered:
            problems.append(f"{where}的密级或保密期限由“{_marked(before)}”降为“{_marked(now)}”，"
                            "没有经批准的降密解密审核（献县办法 第五十五条）")
    return problems


def _marked(state: Mapping[str, Any]) -> str:
    cls, term = str(state.get("classification") or ""), str(state.get("retention") or "")
    return f"{cls}★{term}" if term else cls


def _review_refusal(catalog: Catalog, row: Any, detail: Mapping[str, Any],
                    now: Mapping[str, Any], before: Mapping[str, Any] | None,
                    by_version: Mapping[tuple[Any, Any, Any], Any],
                    states: Mapping[tuple[str, str], Mapping[int, Mapping[str, Any]]]
                    ) -> str:
    """Why a ``reclassify`` record is not backed by an approved review ("" when it is)."""
    ref = detail.get("review")
    if not isinstance(ref, dict):
        return "没有注明依据的审核"
    version = ref.get("version")
    approval = by_version.get((ref.get("ledger"), ref.get("entry_id"), version))
    review = states.get((str(ref.get("ledger")), str(ref.get("entry_id"))), {}) \
        .get(version) if isinstance(version, int) else None
    if approval is None or review is None:
        return "所依据的审核批准记录不存在"
    if approval.seq != row.seq - 1 or approval.username != row.username:
        return "不是在审核批准的同时由批准人办理的"
    try:
        desc = catalog.ledger(str(ref.get("ledger")))
        step = desc.workflow.step(str(ref.get("step"))) if desc.workflow else None
    except (KeyError, NotFoundError):
        step = None
    if step is None or step.reclassifies is None \
            or _detail(approval).get("step") != step.action or review.get("status") != step.target:
        return "所依据的审核步骤不能变更密级"
    rc = step.reclassifies
    values = values_from_state(desc, review)
    if (values.get(rc.ledger_field), values.get(rc.id_field)) != (row.ledger, row.entry_id):
        return "所依据的审核审的是另一个条目"
    decided = rc.decide(values)
    if decided is None or (decided[0].value, decided[1]) != (
            now.get("classification"), str(now.get("retention") or "")):
        return "与所依据的审核决定不符"
    found = rc.found(values) if rc.found is not None else None
    if rc.found is not None and before is not None and (
            found is None or (found[0].value, found[1]) != (
                before.get("classification"), str(before.get("retention") or ""))):
        return "与审核时的原密级不符（审核之后该条目的密级已经变更）"
    return ""


def _check_attachments(conn: Connection, attached: Mapping[str, tuple[str, str, str]],
                       origin_of: Mapping[tuple[str, str], str]) -> list[str]:
    problems = []
    seen = set()
    for r in conn.execute(select(attachments)):
        seen.add(r.id)
        recorded = attached.get(r.id)
        if recorded is None:
            if not origin_of.get((r.ledger, r.entry_id)):
                problems.append(f"附件“{r.id}”没有添加记录，可能是绕过本系统加入的")
            continue
        if (r.ledger, r.entry_id) != recorded[:2] or r.sha256 != recorded[2] \
                or hashlib.sha256(bytes(r.content)).hexdigest() != recorded[2]:
            problems.append(f"附件“{r.id}”的内容与添加时的记录不符，可能被替换")
    for att_id in sorted(set(attached) - seen):
        problems.append(f"附件“{att_id}”有添加记录，但已被删除")
    return problems


def _check_meta_settings(conn: Connection, replay: Replay, db_id: str) -> list[str]:
    problems = []
    stored = {r.key: r.value for r in conn.execute(select(meta))}
    if stored.get("db_id") != db_id:
        problems.append("数据库标识被改动，与密钥文件不符")
    labels = {"mode": "使用模式", "group_name": "派驻机构名称"}
    for k, v in replay.meta.items():
        if stored.get(k) != v:
            problems.append(f"数据库的“{labels.get(k, k)}”被改动（与建库记录不符）")
    if replay.signing_from is not None:
        have = {r.key: canonical(_json(r.value)).decode() for r in conn.execute(select(settings))}
        for k in sorted(set(have) | set(replay.settings)):
            if have.get(k) != replay.settings.get(k):
                problems.append(f"设置“{k}”被改动或删除（与修改设置的记录不符）")
    return problems


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _check_anchors(anchors: Iterable[Anchor], replay: Replay, chain: Mapping[int, str],
                   db_id: str) -> list[str]:
    """Each account's last seen head must still be in the chain."""
    problems = []
    for a in anchors:
        account = replay.accounts.get(a.username)
        if account is None or a.public_key not in account.keys or not signature_holds(
                a.suite, a.public_key, ANCHOR_PURPOSE, db_id,
                Anchor.message(a.username, a.seq, a.hash, a.at), a.signature):
            problems.append(f"密钥文件中账号“{a.username}”的审计链锚点签名不符，可能被改动")
            continue
        if a.seq not in chain:
            problems.append(f"账号“{a.username}”于 {a.at} 看到审计链已有 {a.seq} 条记录，"
                            f"现在只有 {max(chain, default=0)} 条：其后的记录被删除")
        elif chain[a.seq] != a.hash:
            problems.append(f"账号“{a.username}”于 {a.at} 看到的第 {a.seq} 条审计记录已不同："
                            "审计链在此之前被改写")
    return problems


def anchor_problem(conn: Connection, anchor: Anchor) -> str | None:
    """Whether the chain still holds the head an account saw (its own login check)."""
    row = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == anchor.seq)).first()
    if row is None:
        return (f"您于 {anchor.at} 看到审计链已有 {anchor.seq} 条记录，现在少于此数："
                "其后的记录被删除")
    if row.hash != anchor.hash:
        return f"您于 {anchor.at} 看到的第 {anchor.seq} 条审计记录已不同：审计链被改写"
    return None
