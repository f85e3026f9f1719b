"""An account holder who opens the database file with the key their own password
unwraps, and changes it beside the program: every change is found by ``verify``
and named (DOMAIN §3 "Never lost, never silently changed"; 濮阳·全程记实 第十三条
punishes 随意修改、删除记录内容).

One populated database is made once; each case copies it, tampers with the copy
as the member ``wangmy`` would through sqlcipher3, and has the auditor verify it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.audit import AUDIT_PURPOSE, link_hash, record_message
from paizhu_desktop.core.errors import IntegrityFailure, PermissionDenied, RuleError
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.ledgers.entry import content_hash, row_state
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.settings import set_setting
from paizhu_desktop.core.signing import SUITE_ED25519, Signer
from paizhu_desktop.core.storage import keyfile_path, raw_connect

from conftest import ADMINS, AUDITOR, CHEAP_KDF, LEADER, PASSWORD, add_account

MEMBER = "wangmy"
CUSTODIAN = "lihq"
YEAR = 2026


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A group database with entries, a decided seal request, an attachment, a setting,
    a print and an export record; every account has logged in and out."""
    path = tmp_path_factory.mktemp("原件") / "组.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                                   group_name="示例县纪委监委派驻第一纪检监察组")
    add_account(leader, MEMBER, [Role.MEMBER], display_name="王明远")
    add_account(leader, CUSTODIAN, [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    chronicle = leader.ledgers.add("chronicle", {
        "date_start": f"{YEAR}-03-02", "category": "2", "content": "召开组务会，严明工作纪律"})
    leader.ledgers.attach("chronicle", chronicle.id, "会议照片.jpg", b"\xff\xd8" + b"1" * 500)
    set_setting(leader, "idle_lock_minutes", 15)
    member = UserSession.open(path, MEMBER, PASSWORD, kdf=CHEAP_KDF)
    for document in ("关于专项检查情况的报告", "关于整改落实情况的报告"):
        member.ledgers.add("seal_use", {"requested_at": f"{YEAR}-03-02 09:30",
                                        "document": document, "purpose": "报送县纪委监委",
                                        "impressions": 2})
    member.close()
    first = leader.ledgers.list("seal_use")[0]
    leader.ledgers.step("seal_use", first.id, "approve", note="同意")
    leader.log(Action.PRINT, ledger="chronicle", detail={"pages": 1})
    leader.log(Action.EXPORT, detail={"entries": 3})
    leader.close()
    UserSession.open(path, MEMBER, PASSWORD, kdf=CHEAP_KDF).close()
    return path


@pytest.fixture
def copy(populated: Path, tmp_path: Path) -> Path:
    target = tmp_path / "组.db"
    for suffix in ("", "-wal", "-shm", ".keys"):
        src = populated.with_name(populated.name + suffix)
        if src.exists():
            shutil.copy(src, target.with_name(target.name + suffix))
    return target


class Attacker:
    """The member with the database key in hand, beside the program."""

    def __init__(self, path: Path, username: str = MEMBER) -> None:
        keyfile = KeyFile.load(keyfile_path(path))
        unlocked = keyfile.unlock_account(username, PASSWORD)
        assert unlocked.signing_seed is not None
        self.keyfile = keyfile
        self.signer = Signer.from_seed(username, keyfile.db_id, unlocked.signing_seed)
        self.conn = raw_connect(path, unlocked.key)
        for name in ("audit_log_no_update", "audit_log_no_delete", "revisions_no_update",
                     "revisions_no_delete"):
            self.conn.execute(f"DROP TRIGGER IF EXISTS {name}")

    def rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def run(self, sql: str, *args: Any) -> None:
        self.conn.execute(sql, args)

    def audit(self) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM audit_log ORDER BY seq")

    def rechain(self, *, resign: bool = False) -> None:
        """Recompute every link (and, if ``resign``, sign each record with the member's
        own key, as the only key they hold)."""
        prev = "0" * 64
        for expected, r in enumerate(self.audit(), start=1):
            signer = self.signer.username if resign else r["signer"]
            digest = link_hash(prev, expected, r["at"], r["username"], r["action"],
                               r["ledger"], r["entry_id"], r["detail"], signer, r["suite"])
            signature = (self.signer.sign(AUDIT_PURPOSE, record_message(expected, digest))
                         if resign else r["signature"])
            self.run("UPDATE audit_log SET seq=?, prev_hash=?, hash=?, signer=?, signature=? "
                     "WHERE seq=?", expected, prev, digest, signer, signature, r["seq"])
            prev = digest

    def append(self, username: str, action: str, *, ledger: str = "", entry_id: str = "",
               detail: dict[str, Any] | None = None, signer: Signer | None = None,
               unsigned: bool = False) -> None:
        """A record correctly chained to the head, signed by ``signer`` (default: the
        member's key) under whatever name the attacker chooses."""
        last = self.audit()[-1]
        seq, prev = last["seq"] + 1, last["hash"]
        text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        signer = signer or self.signer
        who, suite = (None, None) if unsigned else (signer.username, SUITE_ED25519)
        digest = link_hash(prev, seq, "2026-03-03 10:00:00", username, action, ledger,
                           entry_id, text, who, suite)
        signature = None if unsigned else signer.sign(AUDIT_PURPOSE, record_message(seq, digest))
        self.run("INSERT INTO audit_log (seq, at, username, action, ledger, entry_id, detail, "
                 "prev_hash, hash, signer, suite, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                 seq, "2026-03-03 10:00:00", username, action, ledger, entry_id, text, prev,
                 digest, who, suite, signature)

    def rewrite_entry(self, ledger: str, entry_id: str, **columns: Any) -> tuple[str, int]:
        """Change a ledger row and recompute its content hash; returns (hash, version)."""
        desc = CATALOG.ledger(ledger)
        table = CATALOG.table(desc).name
        for column, value in columns.items():
            self.run(f"UPDATE {table} SET {column}=? WHERE id=?", value, entry_id)
        row = self.rows(f"SELECT * FROM {table} WHERE id=?", entry_id)[0]
        digest = content_hash(entry_id, row_state(desc, row))
        self.run(f"UPDATE {table} SET content_hash=? WHERE id=?", digest, entry_id)
        return digest, row["version"]

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def attacker(copy: Path) -> Iterator[Attacker]:
    a = Attacker(copy)
    yield a
    a.close()


def problems(path: Path, user: str = AUDITOR) -> list[str]:
    s = UserSession.open(path, user, PASSWORD, kdf=CHEAP_KDF)
    try:
        return s.verify().problems
    finally:
        s.close()


def found(path: Path, *needles: str) -> list[str]:
    """verify fails, and some problem names each needle."""
    report = problems(path)
    assert report, "tampering went unnoticed"
    for needle in needles:
        assert any(needle in p for p in report), (needle, report)
    return report


def content_column(attacker: Attacker) -> str:
    return CATALOG.ledger("chronicle").field("content").column


def chronicle_id(attacker: Attacker) -> str:
    return str(attacker.rows("SELECT id FROM ledger_chronicle")[0]["id"])


# -- the untouched database ----------------------------------------------------------

def test_untouched_database_verifies(copy: Path) -> None:
    assert problems(copy) == []


# -- the audit chain -----------------------------------------------------------------

def test_deleting_the_last_records_is_found_by_the_anchors(attacker: Attacker,
                                                           copy: Path) -> None:
    """Print, export and the member's login removed from the tail: the chain still
    links, but the leader and the member had seen a longer one."""
    last = attacker.audit()[-1]["seq"]
    attacker.run("DELETE FROM audit_log WHERE seq > ?", last - 3)
    attacker.close()
    found(copy, "其后的记录被删除")


def test_removing_the_export_record_and_relinking_breaks_signatures(attacker: Attacker,
                                                                    copy: Path) -> None:
    export = next(r for r in attacker.audit() if r["action"] == Action.EXPORT)
    attacker.run("DELETE FROM audit_log WHERE seq = ?", export["seq"])
    attacker.rechain()
    attacker.close()
    found(copy, "的签名不是", "审计链在此之前被改写")


def test_relinking_and_signing_everything_with_ones_own_key_is_named(attacker: Attacker,
                                                                     copy: Path) -> None:
    export = next(r for r in attacker.audit() if r["action"] == Action.EXPORT)
    attacker.run("DELETE FROM audit_log WHERE seq = ?", export["seq"])
    attacker.rechain(resign=True)
    attacker.close()
    # Even the records that made the accounts now carry the member's signature: nobody's
    # account can be established from the chain, so nobody logs in, and the reason shows.
    with pytest.raises(IntegrityFailure, match=f"签名人“{MEMBER}”没有登记的签名密钥"):
        UserSession.open(copy, AUDITOR, PASSWORD, kdf=CHEAP_KDF)


def test_rewriting_an_old_record_and_relinking_the_rest(attacker: Attacker, copy: Path) -> None:
    first_add = next(r for r in attacker.audit() if r["action"] == Action.USER_ADD
                     and '"system_admin"' in r["detail"])
    detail = json.loads(first_add["detail"])
    detail["roles"] = "leader"
    attacker.run("UPDATE audit_log SET detail=? WHERE seq=?",
                 json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                 first_add["seq"])
    attacker.rechain()
    attacker.close()
    # Every record from there on is signed over a hash it no longer has: the accounts
    # cannot be established, no one logs in, and the message names the first record.
    with pytest.raises(IntegrityFailure, match=f"第 {first_add['seq']} 条审计记录.*的签名不是"):
        UserSession.open(copy, AUDITOR, PASSWORD, kdf=CHEAP_KDF)


def test_an_unsigned_record_after_signing_began(attacker: Attacker, copy: Path) -> None:
    attacker.append(MEMBER, Action.LOGIN, unsigned=True)
    attacker.close()
    found(copy, "没有签名")


def test_emptying_the_audit_log(attacker: Attacker, copy: Path) -> None:
    attacker.run("DELETE FROM audit_log")
    attacker.close()
    with pytest.raises(IntegrityFailure, match="审计链中没有您账号的有效建立记录"):
        UserSession.open(copy, AUDITOR, PASSWORD, kdf=CHEAP_KDF)


def test_wiping_everything_after_the_accounts_were_set_up(attacker: Attacker,
                                                          copy: Path) -> None:
    setup_end = max(r["seq"] for r in attacker.audit() if r["action"] == Action.USER_ROLES)
    attacker.run("DELETE FROM audit_log WHERE seq > ?", setup_end)
    for table in ("ledger_chronicle", "ledger_seal_use", "revisions", "attachments",
                  "settings"):
        attacker.run(f"DELETE FROM {table}")
    attacker.close()
    found(copy, "其后的记录被删除")


# -- entries, revisions, attachments ---------------------------------------------------

def test_editing_an_entry_with_its_hash_recomputed(attacker: Attacker, copy: Path) -> None:
    eid = chronicle_id(attacker)
    attacker.rewrite_entry("chronicle", eid, **{content_column(attacker): "从未召开过的会议"})
    attacker.close()
    found(copy, "的内容与审计记录不符")


def test_edit_record_in_the_leaders_name_signed_with_the_members_key(attacker: Attacker,
                                                                     copy: Path) -> None:
    eid = chronicle_id(attacker)
    digest, version = attacker.rewrite_entry(
        "chronicle", eid, **{content_column(attacker): "从未召开过的会议"})
    forged = Signer(LEADER, attacker.signer.db_id, attacker.signer.private_key)
    attacker.append(LEADER, Action.EDIT, ledger="chronicle", entry_id=eid, signer=forged,
                    detail={"version": version, "content_hash": digest,
                            "classification": "内部"})
    attacker.close()
    found(copy, f"的签名不是“{LEADER}”的")


def test_editing_a_revision(attacker: Attacker, copy: Path) -> None:
    rev = attacker.rows("SELECT * FROM revisions WHERE ledger='chronicle' AND version=1")[0]
    state = json.loads(rev["data"])
    key = CATALOG.ledger("chronicle").field("content").key
    state["values"][key] = "改写过的历史版本"
    attacker.run("UPDATE revisions SET data=? WHERE seq=?", json.dumps(state, ensure_ascii=False),
                 rev["seq"])
    attacker.close()
    found(copy, "第 1 版修订内容被改动")


def test_deleting_a_revision(attacker: Attacker, copy: Path) -> None:
    attacker.run("DELETE FROM revisions WHERE ledger='seal_use' AND version=2")
    attacker.close()
    found(copy, "第 2 版修订已被删除")


def test_adding_a_revision(attacker: Attacker, copy: Path) -> None:
    rev = attacker.rows("SELECT * FROM revisions WHERE ledger='chronicle' AND version=1")[0]
    attacker.run("INSERT INTO revisions (ledger, entry_id, version, data, at, username, action) "
                 "VALUES (?,?,?,?,?,?,?)", "chronicle", rev["entry_id"], 7, rev["data"],
                 rev["at"], LEADER, "edit")
    attacker.close()
    found(copy, "第 7 版修订没有审计记录")


def test_deleting_a_ledger_row(attacker: Attacker, copy: Path) -> None:
    attacker.run("DELETE FROM ledger_chronicle")
    attacker.close()
    found(copy, "已从台账中删除")


def test_replacing_an_attachments_bytes(attacker: Attacker, copy: Path) -> None:
    forged = b"\xff\xd8" + b"2" * 500
    attacker.run("UPDATE attachments SET content=?, sha256=?", forged,
                 hashlib.sha256(forged).hexdigest())
    attacker.close()
    found(copy, "可能被替换")


def test_deleting_an_attachment(attacker: Attacker, copy: Path) -> None:
    attacker.run("DELETE FROM attachments")
    attacker.close()
    found(copy, "有添加记录，但已被删除")


# -- workflow states -----------------------------------------------------------------

def _approve_by_hand(attacker: Attacker, record: bool) -> str:
    """The member sets their own pending request to approved, with a new version,
    revision and (``record``) a chained approve record signed with their own key."""
    seal = attacker.rows("SELECT * FROM ledger_seal_use WHERE status='requested'")[0]
    approver = CATALOG.ledger("seal_use").field("approver").column
    digest, version = attacker.rewrite_entry("seal_use", seal["id"], status="approved",
                                             version=seal["version"] + 1,
                                             **{approver: MEMBER})
    desc = CATALOG.ledger("seal_use")
    row = attacker.rows("SELECT * FROM ledger_seal_use WHERE id=?", seal["id"])[0]
    attacker.run("INSERT INTO revisions (ledger, entry_id, version, data, at, username, action) "
                 "VALUES (?,?,?,?,?,?,?)", "seal_use", seal["id"], version,
                 json.dumps(row_state(desc, row), ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")), "2026-03-03 10:00:00", MEMBER, "approve")
    if record:
        attacker.append(MEMBER, Action.APPROVE, ledger="seal_use", entry_id=seal["id"],
                        detail={"version": version, "content_hash": digest,
                                "classification": "内部", "step": "approve",
                                "from": "requested", "to": "approved"})
    return str(seal["id"])


def test_member_approving_by_hand_lacks_the_permission(attacker: Attacker, copy: Path) -> None:
    """第六十条: only the 组长 approves; a signed record by the member shows it was not."""
    _approve_by_hand(attacker, record=True)
    attacker.close()
    found(copy, "签名人当时没有这项权限")


def test_entry_stored_already_approved(attacker: Attacker, copy: Path) -> None:
    """A request that never passed 批准: created straight into the approved state."""
    seal = attacker.rows("SELECT * FROM ledger_seal_use WHERE status='requested'")[0]
    desc = CATALOG.ledger("seal_use")
    new_id = "5f0c1c9e-0000-4000-8000-000000000001"
    cols = [c for c in seal if c != "seq"]
    values = {**{c: seal[c] for c in cols}, "id": new_id, "status": "approved"}
    attacker.run(f"INSERT INTO ledger_seal_use ({', '.join(cols)}) VALUES "
                 f"({', '.join('?' for _ in cols)})", *[values[c] for c in cols])
    row = attacker.rows("SELECT * FROM ledger_seal_use WHERE id=?", new_id)[0]
    state = row_state(desc, row)
    digest = content_hash(new_id, state)
    attacker.run("UPDATE ledger_seal_use SET content_hash=? WHERE id=?", digest, new_id)
    attacker.run("INSERT INTO revisions (ledger, entry_id, version, data, at, username, action) "
                 "VALUES (?,?,?,?,?,?,?)", "seal_use", new_id, row["version"],
                 json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                 "2026-03-03 10:00:00", MEMBER, "create")
    attacker.append(MEMBER, Action.CREATE, ledger="seal_use", entry_id=new_id,
                    detail={"version": row["version"], "content_hash": digest,
                            "classification": "内部"})
    attacker.close()
    found(copy, "一登记就处于“已批准")


# -- accounts, meta, settings ----------------------------------------------------------

def test_member_made_leader_in_the_account_table(attacker: Attacker, copy: Path) -> None:
    attacker.run("UPDATE users SET roles='leader' WHERE username=?", MEMBER)
    attacker.close()
    # The login takes the roles the signed chain gave: still a member, told so.
    member = UserSession.open(copy, MEMBER, PASSWORD, kdf=CHEAP_KDF)
    try:
        assert member.user.roles == frozenset({Role.MEMBER})
        assert any("账号记录与审计链不符" in n for n in member.notices)
        pending = member.ledgers.list("seal_use", status="requested")[0]
        with pytest.raises((PermissionDenied, RuleError)):
            member.ledgers.step("seal_use", pending.id, "approve", note="同意")
    finally:
        member.close()
    found(copy, f"账号“{MEMBER}”的角色被改动", "账号表被改动")


def test_disabling_the_auditor_in_the_account_table(attacker: Attacker, copy: Path) -> None:
    attacker.run("UPDATE users SET active=0 WHERE username=?", AUDITOR)
    attacker.close()
    found_by_leader = problems(copy, LEADER)
    assert any(f"账号“{AUDITOR}”的启用状态被改动" in p for p in found_by_leader)


def test_deleting_an_account_row(attacker: Attacker, copy: Path) -> None:
    attacker.run("DELETE FROM users WHERE username=?", CUSTODIAN)
    attacker.close()
    found(copy, f"账号“{CUSTODIAN}”被从账号表中删除")


def test_an_account_added_beside_the_chain_cannot_log_in(attacker: Attacker,
                                                         copy: Path) -> None:
    attacker.run("INSERT INTO users (username, display_name, roles, active, created_at, "
                 "created_by) VALUES ('zuzhang2', '假组长', 'leader', 1, '2026-03-03', 'xitong')")
    attacker.keyfile.set_password("zuzhang2", PASSWORD, attacker.keyfile.unlock_with_password(
        MEMBER, PASSWORD), Signer.generate("zuzhang2", attacker.keyfile.db_id))
    attacker.keyfile.save()
    attacker.close()
    with pytest.raises(IntegrityFailure, match="没有您账号的有效建立记录"):
        UserSession.open(copy, "zuzhang2", PASSWORD, kdf=CHEAP_KDF)
    found(copy, "账号“zuzhang2”没有经签名的建立记录")


def test_swapping_the_leaders_public_key(attacker: Attacker, copy: Path) -> None:
    """The member puts their own public key on the leader's account and signs as him."""
    attacker.run("UPDATE users SET public_key=? WHERE username=?", attacker.signer.public_key,
                 LEADER)
    forged = Signer(LEADER, attacker.signer.db_id, attacker.signer.private_key)
    attacker.append(LEADER, Action.PRINT, ledger="chronicle", signer=forged)
    attacker.close()
    found(copy, f"账号“{LEADER}”的签名公钥被改动", f"的签名不是“{LEADER}”的")


def test_changing_the_mode_and_the_group_name(attacker: Attacker, copy: Path) -> None:
    attacker.run("UPDATE meta SET value='county' WHERE key='mode'")
    attacker.run("UPDATE meta SET value='另一个派驻组' WHERE key='group_name'")
    attacker.close()
    found(copy, "“使用模式”被改动", "“派驻机构名称”被改动")


def test_changing_a_setting(attacker: Attacker, copy: Path) -> None:
    attacker.run("UPDATE settings SET value='60' WHERE key='idle_lock_minutes'")
    attacker.close()
    found(copy, "设置“idle_lock_minutes”被改动")


def test_an_anchor_altered_in_the_key_file(copy: Path) -> None:
    path = keyfile_path(copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["anchors"][LEADER]["seq"] -= 2
    path.write_text(json.dumps(data), encoding="utf-8")
    found(copy, f"账号“{LEADER}”的审计链锚点签名不符")


def test_the_leader_is_told_at_login_when_the_chain_was_cut(attacker: Attacker,
                                                            copy: Path) -> None:
    last = attacker.audit()[-1]["seq"]
    attacker.run("DELETE FROM audit_log WHERE seq > ?", last - 2)
    attacker.close()
    leader = UserSession.open(copy, LEADER, PASSWORD, kdf=CHEAP_KDF)
    try:
        assert any("审计链异常" in n for n in leader.notices)
    finally:
        leader.close()
    # Recorded for the auditor, who sees it in verify and in the log.
    auditor = UserSession.open(copy, AUDITOR, PASSWORD, kdf=CHEAP_KDF)
    try:
        alerts = auditor.audit_entries(actions=[Action.ALERT])
        assert alerts and alerts[0].username == LEADER
        assert any("审计链被截断或改写" in p for p in auditor.verify().problems)
    finally:
        auditor.close()


def test_a_disabled_accounts_old_key_file_no_longer_opens_the_database(copy: Path) -> None:
    """The member is disabled; a key file copied before still opens with their password,
    but the database was re-keyed: the old key opens nothing. (Had it opened, records
    signed with the disabled account's key would still be named by verify.)"""
    keyfile = KeyFile.load(keyfile_path(copy))
    old_key = keyfile.unlock_account(MEMBER, PASSWORD).key
    admin = UserSession.open(copy, "xitong", PASSWORD, kdf=CHEAP_KDF)
    assert admin.disable_user(MEMBER) is None
    admin.close()
    with pytest.raises(Exception, match="not a database"):
        raw_connect(copy, old_key)
    found_by = problems(copy)
    assert found_by == []


def test_taking_over_the_leaders_key_slot(attacker: Attacker, copy: Path) -> None:
    """The member writes a new slot for the leader under a password they know: it opens
    the database, but the key in it is not the leader's registered key — no login."""
    key = attacker.keyfile.unlock_with_password(MEMBER, PASSWORD)
    attacker.keyfile.set_password(LEADER, "Gaile2026!", key,
                                  Signer.generate(LEADER, attacker.keyfile.db_id))
    attacker.keyfile.save()
    attacker.close()
    with pytest.raises(IntegrityFailure, match="签名密钥与审计链中登记的不符"):
        UserSession.open(copy, LEADER, "Gaile2026!", kdf=CHEAP_KDF)
    # Without any key the slot is just as useless.
    data = json.loads(keyfile_path(copy).read_text(encoding="utf-8"))
    del data["slots"][LEADER]["sign"]
    keyfile_path(copy).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IntegrityFailure, match="签名密钥与审计链中登记的不符"):
        UserSession.open(copy, LEADER, "Gaile2026!", kdf=CHEAP_KDF)
