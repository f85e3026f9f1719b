"""Shared fixtures. Qt runs offscreen.

Key derivation is cheap only where a test asks for it: databases and hand-off
files made here pass :data:`CHEAP_KDF` (the real cost is measured by
bench/bench_store.py). What the command line and the GUI create keeps the
production cost.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import Administrators, NewAccount, UserSession

#: Property tests (hypothesis): ``make test`` runs a bounded, reproducible number of
#: examples; ``pytest --hypothesis-profile=explore`` draws many more, at random.
_SLOW_DRAWS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("paizhu", max_examples=12, deadline=None, derandomize=True,
                          database=None, suppress_health_check=_SLOW_DRAWS)
settings.register_profile("explore", max_examples=400, deadline=None, database=None,
                          suppress_health_check=_SLOW_DRAWS)
settings.load_profile("paizhu")

LEADER = "zhangzz"
PASSWORD = "Qiushi-2026!"
#: Argon2id at 1 MiB and one pass: for key slots and hand-off files the tests make.
CHEAP_KDF = KdfCost(memory_kib=1024, iterations=1, lanes=1)
#: 三员 of every test database (the same password as the leader's).
SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR = "xitong", "anquan", "shenji"
ADMINS = Administrators(NewAccount(SYSTEM_ADMIN, PASSWORD, "系统管理员"),
                        NewAccount(SECURITY_ADMIN, PASSWORD, "安全保密管理员"),
                        NewAccount(AUDITOR, PASSWORD, "安全审计员"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "数据"
    d.mkdir()
    return d


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "paizhu.db"


@pytest.fixture
def session(db_path: Path) -> Iterator[UserSession]:
    """A fresh database: the group leader's session (三员 exist beside it)."""
    s, _ = UserSession.create(db_path, LEADER, PASSWORD, admins=ADMINS, display_name="张组长",
                              group_name="示例县纪委监委派驻第一纪检监察组", kdf=CHEAP_KDF)
    yield s
    s.close()


def admin_session(session: UserSession, username: str = SYSTEM_ADMIN) -> UserSession:
    """One of 三员 logged in on ``session``'s database (close it when done)."""
    return UserSession.open(session.db.path, username, PASSWORD, kdf=CHEAP_KDF)


def add_account(session: UserSession, username: str, roles: list[Role] | None = None, *,
                display_name: str = "", password: str = PASSWORD) -> None:
    """A business account on ``session``'s database, made the way 三员 make one: the
    system admin creates it, the security admin gives its roles."""
    admin = admin_session(session)
    try:
        admin.add_user(username, password, display_name=display_name)
    finally:
        admin.close()
    if roles:
        security = admin_session(session, SECURITY_ADMIN)
        try:
            security.set_roles(username, roles)
        finally:
            security.close()


def login(path: Path, user: str, password: str = PASSWORD, **kw: Any) -> UserSession:
    """Log in to the test database at ``path`` (key slots at the cheap cost)."""
    return UserSession.open(path, user, password, kdf=CHEAP_KDF, **kw)


@pytest.fixture
def team(session: UserSession, db_path: Path) -> Iterator[dict[str, UserSession]]:
    """The leader and a member (王明远), each logged in. A test module that needs other
    roles declares its own ``team``, which takes the place of this one."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    out = {"leader": session, "member": login(db_path, "wangmy")}
    yield out
    out["member"].close()


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, str]:
    """A closed database with the leader, 三员 and a member ``wangmy``; and its
    recovery key."""
    path = tmp_path / "组.db"
    s, recovery = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    add_account(s, "wangmy", [Role.MEMBER])
    s.close()
    return path, recovery


@pytest.fixture
def county(tmp_path: Path) -> Iterator[UserSession]:
    """A county (aggregation) database, logged in."""
    s, _ = UserSession.create(tmp_path / "县汇总.db", "county", PASSWORD, mode="county",
                              admins=ADMINS, group_name="示例县纪委监委", kdf=CHEAP_KDF)
    yield s
    s.close()


def run_cli(args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None,
            capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str, str]:
    """Run ``paizhu`` in-process; returns (exit code, stdout, stderr)."""
    from paizhu_desktop.cli import main

    assert monkeypatch is not None and capsys is not None
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A test may leave unsaved edits in a window: drop them before pytest-qt closes
    the window, which would otherwise ask 保存/放弃/取消 and wait for an answer."""
    if "paizhu_desktop.gui.ledger_page" in sys.modules:
        from PySide6.QtWidgets import QApplication
        from shiboken6 import isValid

        from paizhu_desktop.gui.ledger_page import LedgerPage

        if QApplication.instance() is not None:
            # Only live windows and their live pages: a widget already being deleted
            # must not be touched (its Python wrapper would point at freed memory).
            for window in QApplication.topLevelWidgets():
                if not isValid(window):
                    continue
                for page in window.findChildren(LedgerPage):
                    if isValid(page) and page.dirty:
                        page.discard_edits()
    return (yield)
