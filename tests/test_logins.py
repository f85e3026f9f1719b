"""Logins that an edit of the key file cannot quietly reset, a lockout the security
admin lifts, the password policy, and key-file changes that never undo each other
(issue "Hardening": logins, keys)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import (
    AccountLocked,
    AuthError,
    LoginDelayed,
    PermissionDenied,
    ValidationError,
)
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.settings import set_setting
from paizhu_desktop.core.signing import Signer
from paizhu_desktop.core.storage import keyfile_path

from conftest import (
    AUDITOR,
    LEADER,
    PASSWORD,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    login,
)

WRONG = "Cuowu-mima-2026"


@pytest.fixture
def path(made: tuple[Path, str]) -> Path:
    return made[0]


def _fail(path: Path, user: str, times: int, clock: list[float]) -> None:
    for _ in range(times):
        with pytest.raises(AuthError):
            login(path, user, WRONG, clock=lambda: clock[0])
        clock[0] += 10_000  # past any wait


def _alerts(path: Path) -> list[str]:
    auditor = login(path, AUDITOR)
    try:
        return [a.detail.get("what", "") for a in auditor.audit_entries(actions=[Action.ALERT])]
    finally:
        auditor.close()


def test_erasing_failures_from_the_key_file_is_reported(path: Path) -> None:
    clock = [1_000_000.0]
    _fail(path, "wangmy", 3, clock)
    kf = keyfile_path(path)
    data = json.loads(kf.read_text(encoding="utf-8"))
    assert len(data["logins"]["log"]) == 3
    data["logins"]["log"] = data["logins"]["log"][:1]  # two failures "never happened"
    data["logins"]["log"][0]["count"] = 0
    kf.write_text(json.dumps(data), encoding="utf-8")
    login(path, LEADER).close()  # an unlock reconciles
    assert any("登录失败记录缺失或被改动" in a for a in _alerts(path))


def test_resetting_the_authenticated_counters_is_reported(path: Path) -> None:
    clock = [1_000_000.0]
    _fail(path, "wangmy", 2, clock)
    login(path, LEADER).close()  # failures into the chain, counters rebased and sealed
    kf = keyfile_path(path)
    data = json.loads(kf.read_text(encoding="utf-8"))
    data["logins"]["base"]["counts"] = {}
    data["logins"]["base"]["lockout_after"] = 1000
    kf.write_text(json.dumps(data), encoding="utf-8")
    login(path, LEADER).close()
    assert any("校验码不符" in a for a in _alerts(path))
    auditor = login(path, AUDITOR)
    try:
        assert any("校验码不符" in p for p in auditor.verify().problems)
    finally:
        auditor.close()


def test_an_older_copy_of_the_key_file_is_reported(path: Path, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "旧.keys"
    shutil.copy(keyfile_path(path), old)
    clock = [1_000_000.0]
    _fail(path, "wangmy", 2, clock)
    login(path, LEADER).close()
    shutil.copy(old, keyfile_path(path))  # the failures and their record, rolled back
    login(path, LEADER).close()
    assert any("不衔接" in a for a in _alerts(path))


def test_lockout_after_the_set_number_lifted_by_the_security_admin(path: Path) -> None:
    security = login(path, SECURITY_ADMIN)
    set_setting(security, "lockout_after", 3)
    security.close()
    login(path, LEADER).close()  # the threshold reaches the key file at an unlock
    clock = [1_000_000.0]
    _fail(path, "wangmy", 3, clock)
    with pytest.raises(AccountLocked, match="安全保密管理员"):
        login(path, "wangmy", clock=lambda: clock[0])  # even the right password
    assert KeyFile.load(keyfile_path(path)).is_locked("wangmy")
    with pytest.raises(PermissionDenied):
        login(path, SYSTEM_ADMIN).lift_lockout("wangmy")
    security = login(path, SECURITY_ADMIN)
    assert security.lift_lockout("wangmy") is True
    security.close()
    login(path, "wangmy", clock=lambda: clock[0]).close()
    auditor = login(path, AUDITOR)
    try:
        failed = auditor.audit_entries(actions=[Action.LOGIN_FAILED])
        assert [a.detail["kind"] for a in reversed(failed)] == ["wrong"] * 3 + ["locked"]
        assert auditor.audit_entries(actions=[Action.USER_UNLOCK])[0].username == SECURITY_ADMIN
        assert auditor.verify().problems == []
    finally:
        auditor.close()


def test_tries_during_a_wait_are_counted(path: Path) -> None:
    clock = [1_000_000.0]
    for _ in range(5):
        with pytest.raises(AuthError):
            login(path, "wangmy", WRONG, clock=lambda: clock[0])
    for _ in range(3):
        with pytest.raises(LoginDelayed):
            login(path, "wangmy", PASSWORD, clock=lambda: clock[0])
    assert KeyFile.load(keyfile_path(path)).failure_count("wangmy") == 8


@pytest.mark.parametrize("weak", ["password1", "zhang123", "Passw0rd", "       ", "1",
                                  "Password123!", "Admin@123456", "Wangmy-2026!x",
                                  "aaaaaaaaaaaa", "abcdefghijkl"])
def test_weak_passwords_are_refused(path: Path, weak: str) -> None:
    admin = login(path, SYSTEM_ADMIN)
    try:
        with pytest.raises(ValidationError):
            admin.reset_password("wangmy", weak)
    finally:
        admin.close()


def test_the_security_admin_sets_the_policy(path: Path) -> None:
    leader = login(path, LEADER)
    with pytest.raises(PermissionDenied, match="安全保密管理员"):
        set_setting(leader, "password_min_length", 12)
    leader.close()
    security = login(path, SECURITY_ADMIN)
    set_setting(security, "password_min_length", 14)
    security.close()
    member = login(path, "wangmy")
    try:
        with pytest.raises(ValidationError, match="至少 14 位"):
            member.change_password(PASSWORD, "Xinde-2027!ab")
        member.change_password(PASSWORD, "Xinde-2027!abcd")
    finally:
        member.close()


def test_an_old_password_is_a_reminder(path: Path) -> None:
    later = [dt_now() + 91 * 86400]
    s = login(path, "wangmy", clock=lambda: later[0])
    try:
        assert any("请修改密码" in n for n in s.notices)
    finally:
        s.close()


def dt_now() -> float:
    import time

    return time.time()


def test_a_password_change_never_undoes_another_sessions_anchor(path: Path) -> None:
    """Two sessions on one machine: one changes a password, the other's anchor stays."""
    leader = login(path, LEADER)
    member = login(path, "wangmy")
    leader.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                     "content": "召开组务会"})
    leader.save_anchor()
    seen = {a.username: a.seq for a in KeyFile.load(keyfile_path(path)).anchors()}
    member.change_password(PASSWORD, "Xinde-2027!ab")
    after = {a.username: a.seq for a in KeyFile.load(keyfile_path(path)).anchors()}
    assert after[LEADER] == seen[LEADER]
    leader.close()
    member.close()
    login(path, "wangmy", "Xinde-2027!ab").close()
    login(path, LEADER).close()


def test_a_password_change_cut_short_keeps_the_old_password(path: Path) -> None:
    """The new slot was saved, the record announcing its key never written."""
    kf = KeyFile.load(keyfile_path(path))
    key = kf.unlock_with_password("wangmy", PASSWORD)
    kf.stage_password("wangmy", "Xinde-2027!ab", key, Signer.generate("wangmy", kf.db_id))
    with pytest.raises(AuthError, match="上次修改密码没有完成"):
        login(path, "wangmy", "Xinde-2027!ab")
    s = login(path, "wangmy")  # the old one opens again
    s.close()
    # And with the old password straight away:
    kf = KeyFile.load(keyfile_path(path))
    kf.stage_password("wangmy", "Xinde-2027!ab", key, Signer.generate("wangmy", kf.db_id))
    s = login(path, "wangmy")
    try:
        assert any("上次修改密码没有完成" in n for n in s.notices)
    finally:
        s.close()
    with pytest.raises(AuthError):
        login(path, "wangmy", "Xinde-2027!ab")
    auditor = login(path, AUDITOR)
    assert auditor.verify().problems == []
    auditor.close()


def test_cli_policy_and_unlock(path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import run_cli

    def auth(user: str) -> list[str]:
        return ["--db", str(path), "--user", user, "--password-stdin"]

    code, out, err = run_cli(["setting", *auth(LEADER)], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "password_min_length\t10" in out and "安全保密管理员" in out
    code, _, err = run_cli(["setting", "lockout_after", "3", *auth(LEADER)], PASSWORD + "\n",
                           monkeypatch, capsys)
    assert code != 0 and "安全保密管理员" in err
    code, out, err = run_cli(["setting", "lockout_after", "3", *auth(SECURITY_ADMIN)],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "3 次" in out, err
    login(path, LEADER).close()
    clock = [1_000_000.0]
    _fail(path, "wangmy", 3, clock)
    code, out, err = run_cli(["user", "unlock", "wangmy", *auth(SECURITY_ADMIN)],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "已解除" in out, err
