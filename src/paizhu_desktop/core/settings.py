"""Settings declared once (type, default, Chinese label, bounds).

The group's settings live in the encrypted database (``settings`` table);
changing one needs the system admin or the group leader and is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, select

from paizhu_desktop.core import audit
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.logins import LOCKOUT_AFTER
from paizhu_desktop.core.passwords import PasswordPolicy
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.schema import settings as settings_table

if TYPE_CHECKING:
    from paizhu_desktop.core.storage import Database


class _Account(Protocol):
    @property
    def username(self) -> str: ...
    @property
    def roles(self) -> frozenset[Role]: ...


class UserSession(Protocol):
    """What the settings need of a logged-in session (kept apart from
    :mod:`session`, which reads the login policy from here)."""

    db: Database

    @property
    def user(self) -> _Account: ...


@dataclass(frozen=True)
class Setting:
    """A group setting: its bounds, and who may change it."""

    key: str
    label: str
    default: int
    minimum: int
    maximum: int
    unit: str
    roles: frozenset[Role] = frozenset({Role.LEADER, Role.SYSTEM_ADMIN})


#: The password and login policy is the 安全保密管理员's (三员分立).
SECURITY = frozenset({Role.SECURITY_ADMIN})
#: Its defaults: what classified systems require (core.passwords, core.logins).
_POLICY = PasswordPolicy()

SETTINGS = (
    Setting("idle_lock_minutes", "无操作自动锁定时间", 10, 1, 60, "分钟"),
    Setting("backup_interval_hours", "自动备份间隔", 24, 1, 24 * 7, "小时"),
    # What classified systems require: at least 10 characters of three classes.
    Setting("password_min_length", "密码最短长度", _POLICY.min_length, 8, 64, "位", SECURITY),
    Setting("password_classes", "密码至少包含的字符类别数", _POLICY.classes, 2, 4, "类",
            SECURITY),
    Setting("password_max_age_days", "提醒更换密码的周期（0 为不提醒）", _POLICY.max_age_days,
            0, 3650, "天", SECURITY),
    Setting("lockout_after", "连续登录失败后锁定账号的次数", LOCKOUT_AFTER, 3, 100, "次",
            SECURITY),
    # 濮阳·全程记实 第十条: warn five days before a deadline.
    Setting("duty_warn_days", "职责到期前提醒天数", 5, 1, 30, "天"),
)
_BY_KEY = {s.key: s for s in SETTINGS}
#: Who may change the print fonts (not a number, so not in SETTINGS).
PRINT_FONTS = "print_fonts"
#: The group's table of holidays and 调休 working days (core.compliance.workdays).
CALENDAR_DAYS = "calendar_days"
#: Every key a setting record may name.
SETTING_KEYS = frozenset([*_BY_KEY, PRINT_FONTS, CALENDAR_DAYS])
PRINT_FONT_ROLES = frozenset({Role.LEADER, Role.SYSTEM_ADMIN})
#: The holiday table follows the State Council's notice: the 组长 or the 安全保密管理员 enters it.
CALENDAR_ROLES = frozenset({Role.LEADER, Role.SECURITY_ADMIN})
_JSON_ROLES = {PRINT_FONTS: PRINT_FONT_ROLES, CALENDAR_DAYS: CALENDAR_ROLES}


def may_change(key: str, roles: frozenset[Role]) -> bool:
    """Whether an account with ``roles`` may change setting ``key`` (verify replays it)."""
    allowed_roles = _BY_KEY[key].roles if key in _BY_KEY else _JSON_ROLES[key]
    return bool(allowed_roles & roles)


def read_setting(conn: Connection, key: str) -> int:
    """The stored value inside an open connection, or the declared default."""
    decl = _BY_KEY[key]
    row = conn.execute(select(settings_table.c.value).where(
        settings_table.c.key == key)).first()
    if row is None:
        return decl.default
    try:
        return int(json.loads(row.value))
    except (ValueError, TypeError):
        return decl.default


def get_setting(session: UserSession, key: str) -> int:
    """The stored value, or the declared default."""
    with session.db.reading() as conn:
        return read_setting(conn, key)


def set_setting(session: UserSession, key: str, value: Any) -> int:
    """Change a group setting (the roles it names: group leader or system admin; the
    password and login policy, the security admin); audited."""
    from paizhu_desktop.core.errors import PermissionDenied

    decl = _BY_KEY[key]
    if not may_change(key, session.user.roles):
        who = "或".join(r.label for r in Role if r in decl.roles)
        raise PermissionDenied(f"只有{who}可以修改“{decl.label}”。")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: f"“{decl.label}”应为整数"}) from None
    if not decl.minimum <= number <= decl.maximum:
        raise ValidationError({key: f"“{decl.label}”应在 {decl.minimum}–{decl.maximum}"
                                    f" {decl.unit}之间"})
    with session.db.transaction() as conn:
        conn.execute(settings_table.delete().where(settings_table.c.key == key))
        conn.execute(settings_table.insert(), {"key": key, "value": json.dumps(number)})
        audit.append(conn, session.user.username, audit.Action.SETTING,
                     detail={"key": key, "value": number})
    return number




def read_json_setting(conn: Connection, key: str) -> Any:
    """A structured setting's stored value (None when unset or unreadable)."""
    row = conn.execute(select(settings_table.c.value).where(settings_table.c.key == key)).first()
    if row is None:
        return None
    try:
        return json.loads(row.value)
    except ValueError:
        return None


def store_json_setting(session: UserSession, key: str, value: Any) -> None:
    """Store a structured setting (the caller has checked it), audited."""
    with session.db.transaction() as conn:
        conn.execute(settings_table.delete().where(settings_table.c.key == key))
        conn.execute(settings_table.insert(), {"key": key,
                                               "value": json.dumps(value, ensure_ascii=False)})
        audit.append(conn, session.user.username, audit.Action.SETTING,
                     detail={"key": key, "value": value})


def get_print_fonts(session: UserSession) -> dict[str, str]:
    """Style → font file chosen on the settings page ({} when the defaults apply)."""
    with session.db.reading() as conn:
        row = conn.execute(select(settings_table.c.value).where(
            settings_table.c.key == PRINT_FONTS)).first()
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items() if v} if isinstance(value, dict) else {}


def set_print_fonts(session: UserSession, mapping: dict[str, str]) -> dict[str, str]:
    """Map print styles to font files (GB/T 9704 faces found on this machine); audited."""
    from pathlib import Path

    from paizhu_desktop.core.errors import PermissionDenied
    from paizhu_desktop.core.fontfiles import STYLES, truetype_family

    if not may_change(PRINT_FONTS, session.user.roles):
        raise PermissionDenied("只有组长或系统管理员可以设置打印字体。")
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for style, path in mapping.items():
        if style not in STYLES:
            errors[style] = f"没有“{style}”这种打印样式"
        elif path:
            if truetype_family(Path(path)) is None:
                errors[style] = f"{Path(path).name} 不是可嵌入的 TrueType 字体"
            else:
                clean[style] = str(path)
    if errors:
        raise ValidationError(errors)
    with session.db.transaction() as conn:
        conn.execute(settings_table.delete().where(settings_table.c.key == PRINT_FONTS))
        conn.execute(settings_table.insert(), {"key": PRINT_FONTS,
                                               "value": json.dumps(clean, ensure_ascii=False)})
        audit.append(conn, session.user.username, audit.Action.SETTING,
                     detail={"key": PRINT_FONTS, "value": clean})
    return clean
