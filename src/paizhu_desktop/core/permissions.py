"""Roles and what each may do — DOMAIN §2 (献县办法 第五十五条, 第六十条, 第六十二条,
第六十四–六十六条; 濮阳·全程记实 第八条, 第十条) and 三员分立 for the administrators.

Every core operation calls :func:`require`; the GUI hides what a user cannot
do, but the check that counts is here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from paizhu_desktop.core.errors import PermissionDenied, RuleError


class Role(str, enum.Enum):
    """Business roles and the three administrator roles."""

    LEADER = "leader"
    DEPUTY = "deputy"
    MEMBER = "member"
    RECORDER = "recorder"
    SECRECY_OFFICER = "secrecy_officer"
    SEAL_CUSTODIAN = "seal_custodian"
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        text = text.strip()
        for r in cls:
            if text in (r.value, ROLE_LABELS[r]):
                return r
        allowed = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in cls)
        raise RuleError(f"没有“{text}”这个角色；可用的角色：{allowed}")


ROLE_LABELS = {
    Role.LEADER: "组长",
    Role.DEPUTY: "副组长",
    Role.MEMBER: "工作人员",
    Role.RECORDER: "记录员",
    Role.SECRECY_OFFICER: "保密员",
    Role.SEAL_CUSTODIAN: "印章保管员",
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全保密管理员",
    Role.AUDITOR: "安全审计员",
}

#: 三员分立: no account may hold two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset(Role) - ADMIN_ROLES


class Permission(str, enum.Enum):
    """What an operation needs."""

    READ_LEDGERS = "read_ledgers"
    WRITE_LEDGERS = "write_ledgers"
    VOID_ENTRIES = "void_entries"
    APPROVE = "approve"  # seal use, chronicle 审定, document 阅批, sign-off
    VERIFY_SEAL = "verify_seal"
    KEEP_CLASSIFIED = "keep_classified"  # 涉密载体 and 降密/解密 review (第五十五、五十八条)
    CORRECT_SIGNED_OFF = "correct_signed_off"  # corrections into a signed-off period
    PRINT = "print"
    EXPORT = "export"
    READ_PRINT_LOG = "read_print_log"
    MANAGE_ACCOUNTS = "manage_accounts"
    ASSIGN_ROLES = "assign_roles"
    READ_AUDIT_LOG = "read_audit_log"
    VERIFY = "verify"
    BACKUP = "backup"


_ALL_BUSINESS = {Role.LEADER, Role.DEPUTY, Role.MEMBER, Role.RECORDER, Role.SECRECY_OFFICER,
                 Role.SEAL_CUSTODIAN}

GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.READ_LEDGERS: frozenset(_ALL_BUSINESS),
    Permission.WRITE_LEDGERS: frozenset({Role.LEADER, Role.DEPUTY, Role.MEMBER, Role.RECORDER,
                                         Role.SECRECY_OFFICER, Role.SEAL_CUSTODIAN}),
    # Voiding destroys nothing but changes the record's standing: leaders only.
    Permission.VOID_ENTRIES: frozenset({Role.LEADER, Role.DEPUTY}),
    Permission.APPROVE: frozenset({Role.LEADER}),
    Permission.VERIFY_SEAL: frozenset({Role.SEAL_CUSTODIAN}),
    # 涉密文件文档设备应明确专人负责管理 (献县办法 第五十八条): the named 保密员 (第五十五条).
    Permission.KEEP_CLASSIFIED: frozenset({Role.SECRECY_OFFICER}),
    # After the leader's 审定 (献县办法 第五十条) the record of the period is changed only
    # by a linked correction, entered by the leader who signed it off or by the person
    # who keeps the chronicle (第四十八条: 指定专人负责记载、整理和归档 — the recorder).
    Permission.CORRECT_SIGNED_OFF: frozenset({Role.LEADER, Role.RECORDER}),
    Permission.PRINT: frozenset(_ALL_BUSINESS),
    Permission.EXPORT: frozenset({Role.LEADER, Role.SECRECY_OFFICER}),
    Permission.READ_PRINT_LOG: frozenset({Role.SECRECY_OFFICER, Role.AUDITOR}),
    Permission.MANAGE_ACCOUNTS: frozenset({Role.SYSTEM_ADMIN}),
    Permission.ASSIGN_ROLES: frozenset({Role.SECURITY_ADMIN}),
    Permission.READ_AUDIT_LOG: frozenset({Role.AUDITOR}),
    Permission.VERIFY: frozenset({Role.LEADER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
                                  Role.AUDITOR, Role.SECRECY_OFFICER}),
    Permission.BACKUP: frozenset({Role.LEADER, Role.SYSTEM_ADMIN, Role.SECRECY_OFFICER}),
}

PERMISSION_LABELS = {
    Permission.READ_LEDGERS: "查阅台账",
    Permission.WRITE_LEDGERS: "登记和修改台账",
    Permission.VOID_ENTRIES: "作废条目",
    Permission.APPROVE: "审批、审定",
    Permission.VERIFY_SEAL: "核对用印",
    Permission.KEEP_CLASSIFIED: "管理涉密载体",
    Permission.CORRECT_SIGNED_OFF: "登记已审定期间的更正",
    Permission.PRINT: "打印",
    Permission.EXPORT: "导出交接文件",
    Permission.READ_PRINT_LOG: "查阅打印和导出记录",
    Permission.MANAGE_ACCOUNTS: "管理账号",
    Permission.ASSIGN_ROLES: "设置角色权限",
    Permission.READ_AUDIT_LOG: "查阅审计日志",
    Permission.VERIFY: "校验数据库",
    Permission.BACKUP: "备份和恢复",
}


def allowed(roles: Iterable[Role], permission: Permission) -> bool:
    return bool(GRANTS[permission] & set(roles))


def require(roles: Iterable[Role], permission: Permission) -> None:
    """Raise PermissionDenied (in Chinese) unless one of ``roles`` grants ``permission``."""
    roles = set(roles)
    if not allowed(roles, permission):
        who = "、".join(sorted(ROLE_LABELS[r] for r in GRANTS[permission]))
        raise PermissionDenied(
            f"当前账号没有“{PERMISSION_LABELS[permission]}”的权限（需要：{who}）。")


def check_role_set(roles: Iterable[Role]) -> None:
    """三员分立: the three administrator roles must sit on three accounts."""
    held = ADMIN_ROLES & set(roles)
    if len(held) > 1:
        names = "、".join(sorted(ROLE_LABELS[r] for r in held))
        raise RuleError(f"三员分立：{names}不能由同一账号担任。")


def parse_roles(text: str | Iterable[str]) -> frozenset[Role]:
    items = text.replace("，", ",").split(",") if isinstance(text, str) else list(text)
    return frozenset(Role.parse(t) for t in items if t.strip())


def format_roles(roles: Iterable[Role]) -> str:
    return ",".join(sorted(r.value for r in roles))
