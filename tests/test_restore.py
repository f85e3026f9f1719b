"""Restoring from a backup: only a backup of this same database, checked before anything moves."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.backup import make_backup, restore_backup
from paizhu_desktop.core.errors import IntegrityFailure, RuleError
from paizhu_desktop.core.maintenance import restore_from_backup
from paizhu_desktop.core.schema import audit_log
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.storage import keyfile_path, raw_connect

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, run_cli

FOREIGN_GROUP = "示例县纪委监委派驻第二纪检监察组"
NOT_OURS = "这不是本数据库的备份（数据库标识不同），不能用它恢复。"


def _chronicle(content: str, day: str = "2026-03-02") -> dict[str, object]:
    return {"date_start": day, "category": "2", "content": content}


def _contents(path: Path) -> list[str]:
    s = UserSession.open(path, LEADER, PASSWORD)
    try:
        return sorted(e.values["content"] for e in s.ledgers.list("chronicle"))
    finally:
        s.close()


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes: what "untouched" means."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _foreign_database(tmp_path: Path) -> Path:
    """Another group's database, with the same account name and password as ours."""
    other = tmp_path / "其他" / "paizhu.db"
    s, _ = UserSession.create(other, LEADER, PASSWORD, admins=ADMINS, display_name="李组长",
                              group_name=FOREIGN_GROUP, kdf=CHEAP_KDF)
    s.ledgers.add("chronicle", _chronicle("第二组召开廉政风险排查推进会"))
    backup = make_backup(s.db, reason="手动")
    s.close()
    return backup.path


@pytest.fixture
def backed_up(session: UserSession) -> Path:
    """Our database with one entry before its backup and one after; returns the backup."""
    session.ledgers.add("chronicle", _chronicle("组长列席财政局党组会议提出监督意见"))
    backup = make_backup(session.db, reason="手动").path
    session.ledgers.add("chronicle", _chronicle("备份之后登记的专项监督检查", "2026-03-05"))
    session.close()
    return backup


def test_a_backup_of_this_database_restores(backed_up: Path, db_path: Path) -> None:
    result = restore_from_backup(db_path, LEADER, PASSWORD, backed_up)
    assert result.source == backed_up and result.aside.exists()
    assert _contents(db_path) == ["组长列席财政局党组会议提出监督意见"]
    # The files set aside are the database as it was: nothing is ever deleted.
    assert result.aside.name.startswith("paizhu.db.恢复前-")
    s = UserSession.open(db_path, LEADER, PASSWORD)
    with s.db.reading() as conn:
        logged = conn.execute(select(audit_log.c.detail).where(
            audit_log.c.action == Action.RESTORE)).scalar_one()
    assert json.loads(logged) == {"sha256": hashlib.sha256(backed_up.read_bytes()).hexdigest(),
                                  "size": backed_up.stat().st_size}
    assert s.verify().ok
    s.close()


def test_latest_backup_is_used_when_none_is_named(backed_up: Path, db_path: Path) -> None:
    assert restore_from_backup(db_path, LEADER, PASSWORD).source == backed_up
    assert _contents(db_path) == ["组长列席财政局党组会议提出监督意见"]


def test_another_databases_backup_is_refused_and_nothing_changes(backed_up: Path, db_path: Path,
                                                                 tmp_path: Path) -> None:
    foreign = _foreign_database(tmp_path)
    ours, theirs = _fingerprint(db_path.parent), _fingerprint(foreign.parent)
    with pytest.raises(RuleError) as caught:
        restore_from_backup(db_path, LEADER, PASSWORD, foreign)
    assert caught.value.message == NOT_OURS
    # The low-level copy refuses too, whoever calls it.
    with pytest.raises(RuleError, match="数据库标识不同"):
        restore_backup(foreign, db_path)
    assert _fingerprint(db_path.parent) == ours
    assert _fingerprint(foreign.parent) == theirs  # not even a failed-login count written
    assert len(_contents(db_path)) == 2


def test_a_foreign_database_named_as_backup_is_refused(backed_up: Path, db_path: Path,
                                                        tmp_path: Path) -> None:
    """The other database itself, not a backup of it: refused the same way."""
    foreign = _foreign_database(tmp_path).parent.parent / "paizhu.db"
    ours = _fingerprint(db_path.parent)
    with pytest.raises(RuleError, match="数据库标识不同"):
        restore_from_backup(db_path, LEADER, PASSWORD, foreign)
    assert _fingerprint(db_path.parent) == ours


def test_a_backup_whose_stored_id_is_another_is_refused(backed_up: Path, db_path: Path,
                                                        tmp_path: Path) -> None:
    """Our key file beside a database file that says it is another database."""
    odd = tmp_path / "改过的备份.db"
    shutil.copyfile(backed_up, odd)
    shutil.copyfile(keyfile_path(backed_up), keyfile_path(odd))
    s = UserSession.open(backed_up, LEADER, PASSWORD, readonly=True)
    key = s.db.key
    s.close()
    conn = raw_connect(odd, key)
    conn.execute("UPDATE meta SET value = 'ffffffff-0000-4000-8000-000000000000' "
                 "WHERE key = 'db_id'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    ours = _fingerprint(db_path.parent)
    with pytest.raises(IntegrityFailure, match="不是同一个数据库"):
        restore_from_backup(db_path, LEADER, PASSWORD, odd)
    assert _fingerprint(db_path.parent) == ours


def test_cli_restores_its_own_backup_and_refuses_another(
        backed_up: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    auth = ["--db", str(db_path), "--user", LEADER, "--password-stdin"]
    foreign = _foreign_database(tmp_path)
    ours = _fingerprint(db_path.parent)
    code, out, err = run_cli(["restore", *auth, "--from", str(foreign)], PASSWORD + "\n",
                             monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err.strip() == f"错误：{NOT_OURS}"
    assert _fingerprint(db_path.parent) == ours
    code, out, err = run_cli(["restore", *auth, "--from", str(backed_up)], PASSWORD + "\n",
                             monkeypatch, capsys)
    assert code == 0, err
    assert "已从备份恢复" in out and "原数据库文件已保留为" in out
    assert _contents(db_path) == ["组长列席财政局党组会议提出监督意见"]


def test_without_its_key_file_the_database_is_known_by_its_own_backups(
        backed_up: Path, db_path: Path, tmp_path: Path) -> None:
    """The key file lost too: the backups beside the database say which it is."""
    keyfile_path(db_path).rename(tmp_path / "丢失的密钥文件")
    with pytest.raises(RuleError, match="数据库标识不同"):
        restore_from_backup(db_path, LEADER, PASSWORD, _foreign_database(tmp_path))
    assert restore_from_backup(db_path, LEADER, PASSWORD).source == backed_up
    assert _contents(db_path) == ["组长列席财政局党组会议提出监督意见"]


def test_nothing_to_compare_with_is_refused(backed_up: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "别处" / "paizhu.db"
    elsewhere.parent.mkdir()
    with pytest.raises(RuleError, match="无法确认该备份属于本数据库"):
        restore_from_backup(elsewhere, LEADER, PASSWORD, backed_up)
    assert list(elsewhere.parent.iterdir()) == []


def test_a_backup_keeps_only_anchors_its_own_chain_holds(session: UserSession,
                                                         db_path: Path) -> None:
    """An anchor saved between copying the database and copying its key file would make
    the restored database look cut back: the backup drops it, and the restore verifies."""
    import shutil

    from paizhu_desktop.core.backup import _keep_anchors_within
    from paizhu_desktop.core.keyslots import KeyFile
    from paizhu_desktop.core.storage import keyfile_path

    session.ledgers.add("chronicle", _chronicle("备份之前的记载"))
    backup = make_backup(session.db, reason="手动").path
    session.ledgers.add("chronicle", _chronicle("备份之后的记载", "2026-03-05"))
    session.save_anchor()
    key = session.db.key
    session.close()
    # The race, made certain: the backup gets the key file as it is now.
    shutil.copyfile(keyfile_path(db_path), keyfile_path(backup))
    _keep_anchors_within(backup, key)
    assert LEADER not in {a.username for a in KeyFile.load(keyfile_path(backup)).anchors()}
    restore_from_backup(db_path, LEADER, PASSWORD, backup)
    s = UserSession.open(db_path, LEADER, PASSWORD)
    try:
        assert s.notices == [] and s.verify().problems == []
    finally:
        s.close()
