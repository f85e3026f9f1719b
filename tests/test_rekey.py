"""A new database key when an account loses access (issue "Hardening": 停用账号、取消
查阅台账的角色、管理员要求): no key file kept from before opens the live database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import IntegrityFailure
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.storage import keyfile_path, pending_keyfile_path, raw_connect

from conftest import (
    AUDITOR,
    CHEAP_KDF,
    LEADER,
    PASSWORD,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    login,
    run_cli,
)


@pytest.fixture
def made(made: tuple[Path, str]) -> tuple[Path, str]:
    """The shared test database with one 大事记 entry in it."""
    s = login(made[0], LEADER)
    s.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                "content": "召开组务会，严明工作纪律"})
    s.close()
    return made


def _opens(path: Path, key: bytes) -> bool:
    try:
        raw_connect(path, key, readonly=True).close()
    except Exception:
        return False
    return True


def test_disabling_an_account_rekeys_the_database(made: tuple[Path, str],
                                                  tmp_path: Path) -> None:
    path, recovery = made
    kept = tmp_path / "留存的密钥文件.keys"
    shutil.copy(keyfile_path(path), kept)
    old_key = KeyFile.load(kept).unlock_with_password("wangmy", PASSWORD)
    admin = login(path, SYSTEM_ADMIN)
    assert admin.disable_user("wangmy") is None
    admin.close()
    assert not _opens(path, old_key)  # the kept key file opens nothing any more
    leader = login(path, LEADER)
    assert [e.values["content"] for e in leader.ledgers.list("chronicle")] == \
        ["召开组务会，严明工作纪律"]
    leader.close()
    UserSession.open_with_recovery(path, recovery, LEADER, "Xinmima2027!", kdf=CHEAP_KDF).close()
    auditor = login(path, AUDITOR)
    try:
        assert auditor.verify().problems == []
        rekeyed = auditor.audit_entries(actions=[Action.REKEY])
        assert rekeyed and rekeyed[0].username == SYSTEM_ADMIN
        assert "停用账号" in rekeyed[0].detail["reason"]
    finally:
        auditor.close()


def test_taking_away_the_last_reading_role_rekeys(made: tuple[Path, str]) -> None:
    path, _ = made
    old_key = KeyFile.load(keyfile_path(path)).unlock_with_password("wangmy", PASSWORD)
    security = login(path, SECURITY_ADMIN)
    security.set_roles("wangmy", [])
    assert security.notices == []
    security.close()
    assert not _opens(path, old_key)
    member = login(path, "wangmy")  # still an account, reading nothing
    assert member.user.roles == frozenset()
    member.close()


def test_no_rekey_while_someone_else_has_the_databaselogin(made: tuple[Path, str]) -> None:
    path, _ = made
    leader = login(path, LEADER)
    leader.ledgers.count("chronicle")  # holds a connection
    admin = login(path, SYSTEM_ADMIN)
    try:
        warning = admin.disable_user("wangmy")
        assert warning is not None and "未能更换" in warning and "其他人" in warning
        with pytest.raises(IntegrityFailure, match="其他人打开使用"):
            admin.rekey("管理员要求")
        # Nothing broken: both keep working with the key they have.
        assert leader.ledgers.count("chronicle") == 1
        assert not pending_keyfile_path(path).exists()
    finally:
        leader.close()
    admin.rekey("管理员要求")  # now alone
    admin.close()
    auditor = login(path, AUDITOR)
    assert auditor.verify().problems == []
    auditor.close()


def test_a_rekey_cut_short_is_finished_at_the_next_login(made: tuple[Path, str]) -> None:
    """The crash between the re-key of the file and the key file's replacement."""
    import secrets

    path, _ = made
    current = KeyFile.load(keyfile_path(path))
    old_key = current.unlock_with_password(LEADER, PASSWORD)
    new_key = secrets.token_bytes(32)
    current.resealed(new_key, path=pending_keyfile_path(path)).save()
    conn = raw_connect(path, old_key)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    conn.close()
    # The old key file is still in place: the next login finds the new one.
    s = login(path, LEADER)
    assert s.ledgers.count("chronicle") == 1
    s.close()
    assert not pending_keyfile_path(path).exists()
    assert KeyFile.load(keyfile_path(path)).unlock_with_password(LEADER, PASSWORD) == new_key


def test_a_rekey_that_never_started_leaves_only_a_stray_file(made: tuple[Path, str]) -> None:
    import secrets

    path, _ = made
    current = KeyFile.load(keyfile_path(path))
    current.resealed(secrets.token_bytes(32), path=pending_keyfile_path(path)).save()
    s = login(path, LEADER)
    s.close()
    assert not pending_keyfile_path(path).exists()


def test_cli_rekey_by_an_administrator(made: tuple[Path, str], monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = made
    old_key = KeyFile.load(keyfile_path(path)).unlock_with_password(LEADER, PASSWORD)
    code, _, err = run_cli(["rekey", "--db", str(path), "--user", LEADER, "--password-stdin"],
                           PASSWORD + "\n", monkeypatch, capsys)
    assert code != 0 and "系统管理员或安全保密管理员" in err
    code, out, err = run_cli(["rekey", "--db", str(path), "--user", SECURITY_ADMIN,
                              "--password-stdin"], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert "已更换数据库密钥" in out and not _opens(path, old_key)


def test_an_older_databases_slots_must_be_renewed_first(tmp_path: Path) -> None:
    """Release 0.1.0's slots wrap the key under the password: each is renewed at its
    owner's login; until then a re-key names who must log in first."""
    from test_release_fixtures import FIXTURE_PASSWORD, RELEASE_0_1_0

    for name in ("group.db", "group.db.keys"):
        shutil.copy(RELEASE_0_1_0 / name, tmp_path / name)
    path = tmp_path / "group.db"
    leader = UserSession.open(path, "zuzhang", FIXTURE_PASSWORD)  # leader + system admin
    try:
        with pytest.raises(IntegrityFailure, match="jilu"):
            leader.rekey("管理员要求")
        assert "kem" in KeyFile.load(keyfile_path(path)).data["slots"]["zuzhang"]
    finally:
        leader.close()
