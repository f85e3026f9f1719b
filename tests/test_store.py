"""The encrypted store: encryption at rest, login, roles, history, integrity."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paizhu_desktop.core.backup import list_backups, make_backup, thin_backups
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import (
    AuthError,
    DatabaseMissing,
    IntegrityFailure,
    LoginDelayed,
    PermissionDenied,
    RuleError,
    ValidationError,
)
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost, KeyFile
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.storage import keyfile_path, raw_connect

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account, admin_session


def _chronicle(content: str, day: str = "2026-03-02", **extra: object) -> dict[str, object]:
    return {"date_start": day, "category": "2", "content": content, **extra}


def test_unique_chinese_string_is_in_no_file_on_disk(session: UserSession, data_dir: Path) -> None:
    """No plaintext at rest: database, WAL, key file and backups are all opaque."""
    marker = "独一无二的检验字符串甲乙丙丁戊己庚辛"
    entry = session.ledgers.add("chronicle", _chronicle(marker, people="王某某"))
    session.ledgers.attach("chronicle", entry.id, "扫描件.txt", marker.encode("utf-8"))
    make_backup(session.db, reason="测试")

    def scan() -> list[Path]:
        files = [p for p in data_dir.rglob("*") if p.is_file()]
        assert files
        needles = [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "gb18030")]
        needles.append(marker[:4].encode("utf-8"))
        return [p for p in files if any(n in p.read_bytes() for n in needles)]

    assert any(p.name.endswith("-wal") for p in data_dir.rglob("*")), "WAL is scanned too"
    assert scan() == []
    session.close()
    assert scan() == []


def test_wrong_password_is_a_clear_error_and_counted(session: UserSession, db_path: Path) -> None:
    session.close()
    with pytest.raises(AuthError, match="用户名或密码不正确"):
        UserSession.open(db_path, LEADER, "not-the-password1")
    assert KeyFile.load(keyfile_path(db_path)).failure_count(LEADER) == 1
    s = UserSession.open(db_path, LEADER, PASSWORD)
    with pytest.raises(PermissionDenied):  # the leader is not the auditor
        s.audit_entries()
    s.close()


def test_failed_logins_are_delayed_after_five_and_logged(session: UserSession,
                                                          db_path: Path) -> None:
    session.close()
    now = [1_000_000.0]
    for _ in range(5):
        with pytest.raises(AuthError):
            UserSession.open(db_path, LEADER, "wrong-pass-1", clock=lambda: now[0])
    # The sixth try comes too soon: refused without even checking the password.
    with pytest.raises(LoginDelayed) as delayed:
        UserSession.open(db_path, LEADER, PASSWORD, clock=lambda: now[0])
    assert "秒后再试" in str(delayed.value)
    now[0] += delayed.value.wait_seconds + 0.1
    with pytest.raises(AuthError):
        UserSession.open(db_path, LEADER, "wrong-pass-1", clock=lambda: now[0])
    now[0] += 1.0
    with pytest.raises(LoginDelayed) as longer:
        UserSession.open(db_path, LEADER, PASSWORD, clock=lambda: now[0])
    assert longer.value.wait_seconds > delayed.value.wait_seconds - 0.2
    now[0] += 10_000
    s = UserSession.open(db_path, LEADER, PASSWORD, clock=lambda: now[0])
    s.close()
    auditor = UserSession.open(db_path, "shenji", PASSWORD)
    failed = auditor.audit_entries(actions=["login_failed"])
    # Every try is counted and logged, also the two refused unchecked during a wait.
    assert [a.detail["kind"] for a in reversed(failed)] == \
        ["wrong"] * 5 + ["during_wait", "wrong", "during_wait"]
    assert [a.detail["failure_seq"] for a in reversed(failed)] == list(range(1, 9))
    assert {a.username for a in failed} == {LEADER}
    auditor.close()


def test_missing_and_foreign_and_truncated_databases(tmp_path: Path, session: UserSession,
                                                     db_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        UserSession.open(tmp_path / "没有.db", LEADER, PASSWORD)
    # A random file with a key file that is not its own.
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(os.urandom(8192))
    keyfile_path(foreign).write_bytes(keyfile_path(db_path).read_bytes())
    with pytest.raises(IntegrityFailure, match="不是本系统的数据库"):
        UserSession.open(foreign, LEADER, PASSWORD)
    # A plain SQLite file.
    import sqlite3

    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("create table t(x)").connection.close()
    keyfile_path(plain).write_bytes(keyfile_path(db_path).read_bytes())
    with pytest.raises(IntegrityFailure, match="未加密"):
        UserSession.open(plain, LEADER, PASSWORD)
    # Truncated.
    for i in range(30):
        session.ledgers.add("chronicle", _chronicle("专项检查" * 50 + str(i)))
    session.close()
    make = raw_connect(db_path, session.db.key)
    make.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    make.close()
    data = db_path.read_bytes()
    for cut in (len(data) // 2 + 100, (len(data) // 2 // 4096) * 4096):
        db_path.write_bytes(data[:cut])
        with pytest.raises(IntegrityFailure, match=r"损坏|不完整|不是本系统"):
            s = UserSession.open(db_path, LEADER, PASSWORD)
            s.ledgers.list("chronicle")
            assert not s.verify().ok
            raise IntegrityFailure("数据库已损坏")


def test_change_password_does_not_reencrypt(session: UserSession, db_path: Path) -> None:
    e = session.ledgers.add("chronicle", _chronicle("修改密码前的条目"))
    key_before = session.db.key
    session.change_password(PASSWORD, "NewMima2027!")
    session.close()
    with pytest.raises(AuthError):
        UserSession.open(db_path, LEADER, PASSWORD)
    s = UserSession.open(db_path, LEADER, "NewMima2027!")
    assert s.db.key == key_before
    assert s.ledgers.get("chronicle", e.id).values["content"] == "修改密码前的条目"
    s.close()


def _slot_kdf(db_path: Path, username: str) -> dict[str, object]:
    return dict(json.loads(keyfile_path(db_path).read_text(encoding="utf-8"))
                ["slots"][username]["kdf"])


def test_injected_kdf_cost_is_what_the_key_file_records(session: UserSession,
                                                        db_path: Path) -> None:
    """The cost a caller passes is the cost stored with each slot it writes."""
    assert _slot_kdf(db_path, LEADER) == CHEAP_KDF.as_dict()
    add_account(session, "li", [Role.MEMBER])
    assert _slot_kdf(db_path, "li") == CHEAP_KDF.as_dict()
    session.close()
    other = KdfCost(memory_kib=2048, iterations=2, lanes=1)
    s = UserSession.open(db_path, LEADER, PASSWORD, kdf=other)
    s.change_password(PASSWORD, "NewMima2027!")
    s.close()
    assert _slot_kdf(db_path, LEADER) == other.as_dict()
    assert KdfCost.from_dict(_slot_kdf(db_path, LEADER)) == other
    UserSession.open(db_path, LEADER, "NewMima2027!").close()


def test_kdf_cost_is_never_taken_from_the_environment(session: UserSession, db_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With the old test switch set, a key file made cheaply still gets new slots at the
    production cost (read from the stored slot, not timed)."""
    session.close()
    monkeypatch.setenv("PAIZHU_TEST_FAST_KDF", "1")
    keyfile = KeyFile.load(keyfile_path(db_path))
    keyfile.set_password("li", PASSWORD, keyfile.unlock_with_password(LEADER, PASSWORD))
    keyfile.save()
    assert _slot_kdf(db_path, "li") == DEFAULT_KDF.as_dict()
    assert _slot_kdf(db_path, LEADER) == CHEAP_KDF.as_dict()


def test_recovery_key_opens_and_sets_new_password(db_path: Path) -> None:
    s, recovery = UserSession.create(db_path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    s.close()
    with pytest.raises(AuthError):
        UserSession.open_with_recovery(db_path, "AAAA-" + recovery[5:], LEADER, "Xinmima2026!",
                                       kdf=CHEAP_KDF)
    r = UserSession.open_with_recovery(db_path, recovery.lower(), LEADER, "Xinmima2026!",
                                       kdf=CHEAP_KDF)
    r.close()
    UserSession.open(db_path, LEADER, "Xinmima2026!").close()


def test_three_admin_roles_are_separate(session: UserSession, db_path: Path) -> None:
    """三员分立: accounts by the system admin, roles by the security admin, log by the auditor."""
    with pytest.raises(PermissionDenied):
        session.add_user("x0", PASSWORD)  # the leader is no administrator
    admin = admin_session(session)
    with pytest.raises(RuleError, match="三员分立"):
        admin.add_user("x1", PASSWORD, roles=[Role.SECURITY_ADMIN, Role.AUDITOR])
    with pytest.raises(RuleError, match="恢复密钥"):
        admin.add_user("x2", PASSWORD, roles=[Role.AUDITOR])
    with pytest.raises(RuleError, match="安全保密管理员设置"):
        admin.add_user("li", PASSWORD, roles=[Role.MEMBER])
    admin.add_user("li", PASSWORD)
    with pytest.raises(PermissionDenied):
        admin.set_roles("li", [Role.MEMBER])  # system admin cannot set permissions
    admin.close()
    sec = UserSession.open(db_path, "anquan", PASSWORD)
    sec.set_roles("li", [Role.MEMBER, Role.RECORDER])
    with pytest.raises(RuleError):
        sec.set_roles("li", [Role.MEMBER, Role.AUDITOR])
    with pytest.raises(PermissionDenied):
        sec.add_user("wang", PASSWORD)  # security admin cannot manage accounts
    with pytest.raises(PermissionDenied):
        sec.audit_entries()
    with pytest.raises(PermissionDenied):
        sec.ledgers.list("chronicle")  # administrators do not read the ledgers
    sec.close()
    aud = UserSession.open(db_path, "shenji", PASSWORD)
    actions = [a.action for a in aud.audit_entries()]
    assert "user_roles" in actions and "user_add" in actions
    with pytest.raises(PermissionDenied):
        aud.set_roles("li", [Role.DEPUTY])
    aud.close()


def test_member_cannot_void_or_read_audit(session: UserSession, db_path: Path) -> None:
    """Permissions are checked in the core, not only by hiding buttons."""
    e = session.ledgers.add("chronicle", _chronicle("一般工作人员的条目"))
    add_account(session, "li", [Role.MEMBER])
    member = UserSession.open(db_path, "li", PASSWORD)
    member.ledgers.add("chronicle", _chronicle("工作人员可以登记"))
    with pytest.raises(PermissionDenied, match="作废条目"):
        member.ledgers.void("chronicle", e.id, "不需要了")
    with pytest.raises(PermissionDenied, match="审计日志"):
        member.audit_entries()
    member.close()


def test_edit_keeps_earlier_version_and_void_keeps_entry(session: UserSession) -> None:
    e = session.ledgers.add("chronicle", _chronicle("初稿内容"))
    e2 = session.ledgers.edit("chronicle", e.id, {"content": "修改后的内容"}, expected_version=1)
    assert e2.version == 2
    with pytest.raises(RuleError, match="已被"):
        session.ledgers.edit("chronicle", e.id, {"content": "并发修改"}, expected_version=1)
    with pytest.raises(ValidationError):
        session.ledgers.void("chronicle", e.id, "")
    v = session.ledgers.void("chronicle", e.id, "重复登记")
    assert v.voided and v.void_reason == "重复登记"
    assert session.ledgers.list("chronicle") == []
    assert [x.id for x in session.ledgers.list("chronicle", include_voided=True)] == [e.id]
    revs, audits = session.ledgers.history("chronicle", e.id)
    assert [r.data["values"]["content"] for r in revs] == [
        "初稿内容", "修改后的内容", "修改后的内容"]
    assert [a.action for a in audits] == ["create", "edit", "void"]
    with pytest.raises(RuleError):
        session.ledgers.edit("chronicle", e.id, {"content": "作废后修改"})


def test_verify_names_an_entry_altered_behind_the_apps_back(session: UserSession) -> None:
    e = session.ledgers.add("chronicle", _chronicle("原始记载内容"))
    session.ledgers.add("chronicle", _chronicle("另一条"))
    assert session.verify().ok
    raw = raw_connect(session.db.path, session.db.key)
    raw.execute("UPDATE ledger_chronicle SET f_content='被篡改的内容' WHERE id=?", (e.id,))
    raw.close()
    report = session.verify()
    assert not report.ok and e.id in report.problems[0]


def test_verify_names_the_first_broken_audit_link(session: UserSession) -> None:
    for i in range(5):
        session.ledgers.add("chronicle", _chronicle(f"第{i}条"))
    raw = raw_connect(session.db.path, session.db.key)
    with pytest.raises(Exception, match="append-only"):
        raw.execute("DELETE FROM audit_log WHERE seq=4")
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET username='someone' WHERE seq=4")
    raw.close()
    report = session.verify()
    assert not report.ok
    assert "第 4 条" in report.problems[0]


def test_chinese_substring_search(session: UserSession) -> None:
    session.ledgers.add("chronicle", _chronicle("督促驻在部门严明纪律要求，开展警示教育"))
    session.ledgers.add("chronicle", _chronicle("召开组务会研究工作安排"))
    session.ledgers.add("chronicle", _chronicle("干预案件查办", category="5"))
    assert len(session.ledgers.query("chronicle", search="纪律")) == 1  # 2 characters
    assert len(session.ledgers.query("chronicle", search="警")) == 1
    assert len(session.ledgers.query("chronicle", search="警示教育")) == 1  # FTS trigram
    assert len(session.ledgers.query("chronicle", search="组务会 安排")) == 1
    assert len(session.ledgers.query("chronicle", search="有关人员打听")) == 1  # category label
    assert session.ledgers.query("chronicle", search="不存在的词语") == []
    assert session.ledgers.query("chronicle", search="100%_") == []


def test_chronicle_order_follows_article_50(session: UserSession) -> None:
    """献县办法 第五十条: by day; multi-day matters by matter; within a day by importance."""
    add = session.ledgers.add
    add("chronicle", _chronicle("三月五日次要事项", "2026-03-05", importance=2))
    add("chronicle", _chronicle("跨日专项检查", "2026-03-04", date_end="2026-03-08"))
    add("chronicle", _chronicle("三月五日最重要事项", "2026-03-05", importance=1))
    add("chronicle", _chronicle("三月一日事项", "2026-03-01"))
    order = [e.values["content"] for e in session.ledgers.list("chronicle")]
    assert order == ["三月一日事项", "跨日专项检查", "三月五日最重要事项", "三月五日次要事项"]


def test_chronicle_category_five_defaults_to_secret(session: UserSession) -> None:
    """献县办法 第四十八条(五): enquiries about cases are 秘密 unless decided otherwise."""
    e = session.ledgers.add("chronicle", _chronicle("有人打听案件", category="5"))
    assert e.classification is Classification.SECRET and e.retention
    assert e.marking.startswith("秘密★")
    f = session.ledgers.add("chronicle", _chronicle("普通事项"))
    assert f.classification is Classification.INTERNAL
    with pytest.raises(ValidationError, match="保密期限"):
        session.ledgers.add("chronicle", _chronicle("机密事项"), classification="机密",
                            retention="")


def test_validation_names_each_bad_field(session: UserSession) -> None:
    with pytest.raises(ValidationError) as err:
        session.ledgers.add("chronicle", {"date_start": "2026-02-30", "category": "7",
                                          "content": "", "date_end": "x"})
    assert set(err.value.errors) >= {"date_start", "category", "content", "date_end"}
    with pytest.raises(ValidationError, match="结束日期"):
        session.ledgers.add("chronicle", _chronicle("倒序日期", "2026-03-05",
                                                    date_end="2026-03-01"))


def test_migration_upgrades_an_older_file_after_a_backup(session: UserSession,
                                                         db_path: Path) -> None:
    e = session.ledgers.add("chronicle", _chronicle("升级前已有的条目"))
    key = session.db.key
    session.close()
    # An older version had no full-text index and no 'people' column yet.
    raw = raw_connect(db_path, key)
    raw.execute("DROP TABLE fts_chronicle")
    raw.execute("ALTER TABLE ledger_chronicle DROP COLUMN f_people")
    raw.close()
    assert list_backups(db_path) == []
    s = UserSession.open(db_path, LEADER, PASSWORD)
    backups = list_backups(db_path)
    assert len(backups) == 1 and backups[0].reason == "升级前"
    assert s.ledgers.get("chronicle", e.id).values["content"] == "升级前已有的条目"
    s.ledgers.add("chronicle", _chronicle("升级后的条目", people="李某"))
    assert len(s.ledgers.query("chronicle", search="升级后的")) == 1
    s.close()


def test_backups_are_checked_and_thinned(session: UserSession, db_path: Path) -> None:
    """A year of daily backups thins to the day/week/month rule. Three are written and
    checked for real; the other days are copies of the first under their own times (a
    full copy and integrity check per day made this test take minutes)."""
    now = dt.datetime(2026, 11, 22, 12, 0, 0)
    first = make_backup(session.db, "定期", now - dt.timedelta(days=399, hours=1))
    for days in range(398, 0, -1):
        taken = now - dt.timedelta(days=days, hours=1)
        copy = first.path.with_name(f"{db_path.stem}-{taken:%Y%m%d-%H%M%S}-定期.db")
        shutil.copyfile(first.path, copy)
        shutil.copyfile(keyfile_path(first.path), keyfile_path(copy))
    make_backup(session.db, "定期", now - dt.timedelta(days=200, minutes=1))
    make_backup(session.db, "定期", now - dt.timedelta(hours=1))
    thin_backups(db_path, now)
    kept = list_backups(db_path)
    ages = sorted((now - b.taken_at).days for b in kept)
    assert 20 <= len(kept) <= 40
    assert ages[0] == 0 and ages[-1] >= 300
    assert all(keyfile_path(b.path).exists() for b in kept)
    # The newest kept is the last one written and checked.
    assert kept[0].taken_at == (now - dt.timedelta(hours=1)).replace(microsecond=0)


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from paizhu_desktop.core.session import UserSession
    s = UserSession.open(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    i = 0
    while True:
        e = s.ledgers.add("chronicle", {"date_start": "2026-04-01", "category": "2",
                                         "content": "压力写入" * 30 + str(i)})
        print(e.id, flush=True)
        i += 1
""")


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_confirmed_entry(session: UserSession, db_path: Path,
                                                     tmp_path: Path) -> None:
    session.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(db_path), LEADER, PASSWORD],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    confirmed = []
    for line in proc.stdout:
        confirmed.append(line.strip())
        if len(confirmed) >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    confirmed += [x for x in rest.split() if x]
    proc.wait()
    s = UserSession.open(db_path, LEADER, PASSWORD)
    report = s.verify()
    assert report.ok, report.problems
    stored = {e.id for e in s.ledgers.list("chronicle")}
    assert set(confirmed) <= stored
    s.close()


def test_core_imports_without_qt(tmp_path: Path) -> None:
    """The core never imports PySide6: run it with PySide6 made unimportable."""
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "PySide6":
                    raise ImportError("PySide6 blocked")
        sys.meta_path.insert(0, Block())
        import paizhu_desktop.cli, paizhu_desktop.core.session, paizhu_desktop.core.demo
        import paizhu_desktop.core.backup
        import pkgutil, importlib, paizhu_desktop.core as core
        for m in pkgutil.walk_packages(core.__path__, "paizhu_desktop.core."):
            if ".migrations" in m.name:
                continue
            importlib.import_module(m.name)
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_entry_json_round_trip(session: UserSession) -> None:
    e = session.ledgers.add("chronicle", _chronicle("导出检查", place="会议室"))
    j = e.as_json()
    assert json.loads(json.dumps(j, ensure_ascii=False))["values"]["place"] == "会议室"
