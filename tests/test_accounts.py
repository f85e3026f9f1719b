"""三员分立 that holds (DOMAIN §2): the system admin, the security admin and the
auditor are three accounts with no business role; none of them can take over
another's account or switch another off alone; password resets are signed,
audited and told to the account's owner; keys change with passwords."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import AuthError, PermissionDenied, RuleError
from paizhu_desktop.core.permissions import ADMIN_ROLES, Role
from paizhu_desktop.core.schema import audit_log
from paizhu_desktop.core.session import UserSession

from conftest import (
    ADMINS,
    AUDITOR,
    CHEAP_KDF,
    LEADER,
    PASSWORD,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    login,
    run_cli,
)

NEW_PASSWORD = "Xinmima2027!"


def _verified(path: Path) -> None:
    auditor = login(path, AUDITOR)
    try:
        assert auditor.verify().problems == []
    finally:
        auditor.close()


def test_initialisation_makes_three_administrators_and_the_leader(made: tuple[Path, str]
                                                                  ) -> None:
    path, _ = made
    leader = login(path, LEADER)
    try:
        users = {u.username: u.roles for u in leader.list_users()}
    finally:
        leader.close()
    assert users[LEADER] == {Role.LEADER}
    assert users[SYSTEM_ADMIN] == {Role.SYSTEM_ADMIN}
    assert users[SECURITY_ADMIN] == {Role.SECURITY_ADMIN}
    assert users[AUDITOR] == {Role.AUDITOR}
    # The administrators hold no business role and cannot read the ledgers.
    for name in (SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR):
        s = login(path, name)
        try:
            assert s.user.roles <= ADMIN_ROLES
            with pytest.raises(PermissionDenied):
                s.ledgers.list("chronicle")
        finally:
            s.close()
    _verified(path)


def test_initialisation_refuses_shared_or_mixed_accounts(tmp_path: Path) -> None:
    from paizhu_desktop.core.session import Administrators, NewAccount

    same = Administrators(NewAccount(LEADER, PASSWORD), NewAccount("anquan", PASSWORD),
                          NewAccount("shenji", PASSWORD))
    with pytest.raises(RuleError, match="四个不同的账号"):
        UserSession.create(tmp_path / "甲.db", LEADER, PASSWORD, admins=same, kdf=CHEAP_KDF)
    with pytest.raises(RuleError, match="三员分立"):
        UserSession.create(tmp_path / "乙.db", LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                           roles=[Role.LEADER, Role.SYSTEM_ADMIN])
    assert not (tmp_path / "甲.db").exists() and not (tmp_path / "乙.db").exists()


def test_system_admin_cannot_reset_an_administrators_password(made: tuple[Path, str]) -> None:
    path, _ = made
    admin = login(path, SYSTEM_ADMIN)
    try:
        for name in (AUDITOR, SECURITY_ADMIN):
            with pytest.raises(RuleError, match="恢复密钥"):
                admin.reset_password(name, NEW_PASSWORD)
        with pytest.raises(RuleError, match="恢复密钥"):
            admin.disable_user(AUDITOR)
        with pytest.raises(RuleError, match="恢复密钥"):
            admin.disable_user(SECURITY_ADMIN)
    finally:
        admin.close()
    for name in (AUDITOR, SECURITY_ADMIN):
        login(path, name).close()  # still their own
    _verified(path)


def test_security_admin_cannot_touch_administrators_or_own_roles(made: tuple[Path, str]
                                                                 ) -> None:
    path, _ = made
    security = login(path, SECURITY_ADMIN)
    try:
        with pytest.raises(RuleError, match="三员分立"):
            security.set_roles(AUDITOR, [Role.AUDITOR, Role.LEADER])
        with pytest.raises(RuleError, match="三员分立"):
            security.set_roles(SYSTEM_ADMIN, [Role.LEADER])
        with pytest.raises(RuleError, match="三员分立"):
            security.set_roles(SECURITY_ADMIN, [Role.LEADER])
        with pytest.raises(RuleError, match="三员分立"):
            security.set_roles("wangmy", [Role.MEMBER, Role.AUDITOR])
        with pytest.raises(PermissionDenied):
            security.reset_password("wangmy", NEW_PASSWORD)
    finally:
        security.close()


def test_recovery_key_resets_an_administrators_password_signed_by_the_root(
        made: tuple[Path, str]) -> None:
    path, recovery = made
    auditor = UserSession.open_with_recovery(path, recovery, AUDITOR, NEW_PASSWORD,
                                             kdf=CHEAP_KDF)
    auditor.close()
    with pytest.raises(AuthError):
        login(path, AUDITOR)
    auditor = login(path, AUDITOR, NEW_PASSWORD)
    try:
        assert any("恢复密钥" in n for n in auditor.notices) and auditor.must_change_password
        records = auditor.audit_entries(actions=[Action.USER_PASSWORD])
        assert records[0].signer == "（恢复密钥）"
        assert records[0].detail["username"] == AUDITOR
        auditor.change_password(NEW_PASSWORD, PASSWORD)
        assert not auditor.must_change_password
        assert auditor.verify().problems == []
    finally:
        auditor.close()
    again = login(path, AUDITOR)
    assert again.notices == []
    again.close()


def test_recovery_key_disables_the_auditor_and_adds_a_new_one(made: tuple[Path, str],
                                                              tmp_path: Path) -> None:
    path, recovery = made
    admin = login(path, SYSTEM_ADMIN)
    try:
        with pytest.raises(AuthError):
            admin.disable_user(AUDITOR, recovery_key="AAAA-" + recovery[5:])
        admin.add_user("shenji2", PASSWORD, roles=[Role.AUDITOR], recovery_key=recovery)
        admin.disable_user(AUDITOR, recovery_key=recovery)
    finally:
        admin.close()
    with pytest.raises(AuthError):
        login(path, AUDITOR)
    new_auditor = login(path, "shenji2")
    try:
        assert new_auditor.verify().problems == []
        disabled = new_auditor.audit_entries(actions=[Action.USER_DISABLE])[0]
        assert disabled.signer == "（恢复密钥）" and disabled.username == SYSTEM_ADMIN
    finally:
        new_auditor.close()


def test_reset_of_a_business_account_is_told_to_its_owner(made: tuple[Path, str]) -> None:
    path, _ = made
    admin = login(path, SYSTEM_ADMIN)
    admin.reset_password(LEADER, NEW_PASSWORD)
    admin.close()
    leader = login(path, LEADER, NEW_PASSWORD)
    try:
        assert leader.must_change_password
        assert any(f"由“{SYSTEM_ADMIN}”重设" in n for n in leader.notices)
        leader.change_password(NEW_PASSWORD, "Zuzhang-Xin2027")
    finally:
        leader.close()
    leader = login(path, LEADER, "Zuzhang-Xin2027")
    assert leader.notices == [] and not leader.must_change_password
    leader.close()
    _verified(path)


def test_each_password_change_brings_a_new_signing_key(made: tuple[Path, str]) -> None:
    path, _ = made
    member = login(path, "wangmy")
    before = member.db.signer.public_key if member.db.signer else ""
    member.change_password(PASSWORD, NEW_PASSWORD)
    after = member.db.signer.public_key if member.db.signer else ""
    entry = member.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                             "content": "改密码后的记载"})
    member.close()
    assert before and after and before != after
    auditor = login(path, AUDITOR)
    try:
        record = next(a for a in auditor.audit_entries(actions=[Action.CREATE])
                  if a.entry_id == entry.id)
        assert record.signer == "wangmy"
        assert auditor.verify().problems == []
    finally:
        auditor.close()


def test_cli_init_names_the_four_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "组.db"
    auth = ["--db", str(db), "--user", LEADER, "--password-stdin"]
    code, out, err = run_cli(["init", *auth, "--system-admin", "xtgly"],
                             (PASSWORD + "\n") * 3, monkeypatch, capsys)
    assert code == 2 and "第 4 行" in err and not db.exists()
    code, out, err = run_cli(["init", *auth, "--system-admin", "xtgly"], (PASSWORD + "\n") * 4,
                             monkeypatch, capsys)
    assert code == 0, err
    for name in (LEADER, "xtgly", "anquan", "shenji"):
        assert name in out
    code, out, err = run_cli(["user", "passwd", "shenji", "--db", str(db), "--user", "xtgly",
                              "--password-stdin"], f"{PASSWORD}\n{NEW_PASSWORD}\n",
                             monkeypatch, capsys)
    assert code == 1 and "恢复密钥" in err and "Traceback" not in err


def test_an_older_databases_accounts_get_keys_at_their_first_login(tmp_path: Path) -> None:
    """Release 0.1.0 had no signatures: signing starts at the first login after the
    upgrade, each account registers its key at its own first login, verify holds."""
    import shutil

    from test_release_fixtures import FIXTURE_PASSWORD, RELEASE_0_1_0

    for name in ("group.db", "group.db.keys"):
        shutil.copy(RELEASE_0_1_0 / name, tmp_path / name)
    path = tmp_path / "group.db"
    first = UserSession.open(path, "zuzhang", FIXTURE_PASSWORD)
    first.close()
    later = UserSession.open(path, "jilu", FIXTURE_PASSWORD)
    later.ledgers.add("chronicle", {"date_start": "2026-05-06", "category": "2",
                                    "content": "升级后记录员的第一条记载"})
    later.close()
    leader = UserSession.open(path, "zuzhang", FIXTURE_PASSWORD)
    try:
        assert leader.verify().problems == []
        with leader.db.reading() as conn:
            signed = [(r.action, r.signer) for r in conn.execute(
                select(audit_log).where(audit_log.c.suite.is_not(None))
                .order_by(audit_log.c.seq))]
    finally:
        leader.close()
    assert signed[0] == (Action.SIGNING, "zuzhang")
    assert (Action.USER_KEY, "jilu") in signed
