"""A hand-off file vouched for by the sender's signed audit chain (DOMAIN §7).

Whoever holds the passphrase can decrypt a file and write another one; what they
cannot do is sign in the sender's name. So the receiver takes the group's
identity, its entries' content and who did what from the sender's signed records
only, refuses the whole file when any record or entry disagrees with them, and a
county database checks that each group's chain continues the one it received
last time. Files are crafted here the way such a person would: decrypt, change,
re-link and re-sign with the keys they hold, encrypt again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.handoff import container
from paizhu_desktop.core.handoff.chain import HANDOFF_PURPOSE, seal_message
from paizhu_desktop.core.handoff.container import (
    HandoffError,
    Tampered,
    UnknownSuite,
    Writer,
    read_header,
)
from paizhu_desktop.core.handoff.transfer import export, import_file, plan_import, records
from paizhu_desktop.core.integrity import ACCOUNT_ACTIONS
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.schema import audit_log, handoff_audit, handoff_groups
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.signing import SUITE_ED25519, Signer

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from test_handoff import PHRASE, YEAR, _dump, _fill

Record = dict[str, Any]


@pytest.fixture
def group(session: UserSession) -> UserSession:
    _fill(session)
    return session


def _export(s: UserSession, out: Path, **period: Any) -> Path:
    export(s, out, PHRASE, kdf=CHEAP_KDF, **(period or {"year": YEAR}))
    return out


def _read(path: Path) -> list[Record]:
    return list(records(path, PHRASE))


def _write(path: Path, recs: list[Record], phrase: str = PHRASE) -> Path:
    """Encrypt ``recs`` again under the passphrase: a file its holder could make."""
    with path.open("wb") as f:
        w = Writer(f, phrase, kdf=CHEAP_KDF)
        for r in recs:
            if r["t"] == "blob":
                w.write(json.dumps({k: v for k, v in r.items() if k != "data"}).encode()
                        + b"\n")
                w.write(r["data"])
            else:
                w.write(json.dumps(r, ensure_ascii=False).encode() + b"\n")
        w.close()
    return path


def _crafted(src: Path, dst: Path, change: Callable[[list[Record]], None]) -> Path:
    recs = _read(src)
    change(recs)
    return _write(dst, recs)


def _one(recs: list[Record], kind: str) -> Record:
    return next(r for r in recs if r["t"] == kind)


def _reseal(recs: list[Record], signer: Signer) -> None:
    """Sign the manifest again with ``signer`` (an account holder's own key)."""
    manifest, group = _one(recs, "manifest"), _one(recs, "group")
    group["username"], group["suite"] = signer.username, signer.suite
    group["signature"] = signer.sign(HANDOFF_PURPOSE, seal_message(manifest, group))


def _relink(recs: list[Record], start: int, signer: Signer | None = None) -> None:
    """Recompute the links of the segment from ``start`` on; with ``signer``, also sign
    them again (as that account), and point the manifest at the new head."""
    segment = [r for r in recs if r["t"] == "audit"]
    prev = next((r["hash"] for r in segment if r["seq"] == start - 1), None)
    for r in segment:
        if r["seq"] < start:
            continue
        if prev is not None:
            r["prev_hash"] = prev
        if signer is not None and r["suite"] is not None:
            r["signer"], r["suite"] = signer.username, signer.suite
        r["hash"] = audit.link_hash(r["prev_hash"], r["seq"], r["at"], r["username"],
                                    r["action"], r["ledger"], r["entry_id"], r["detail"],
                                    r["signer"], r["suite"])
        if signer is not None and r["suite"] is not None:
            r["signature"] = signer.sign(audit.AUDIT_PURPOSE,
                                         audit.record_message(r["seq"], r["hash"]))
        prev = r["hash"]
    manifest = _one(recs, "manifest")
    manifest["head"] = [segment[-1]["seq"], segment[-1]["hash"]]
    manifest["audit"] = [segment[0]["seq"], segment[-1]["seq"]]


def _refused(county: UserSession, path: Path, words: str,
             kind: type[Exception] = HandoffError) -> str:
    """Refused by the dry run and the import alike, naming ``words``; nothing written."""
    before = _dump(county)
    for attempt in (plan_import, import_file):
        with pytest.raises(kind) as err:
            attempt(county, path, PHRASE)
        assert words in str(err.value), str(err.value)
        assert "未导入任何内容" in str(err.value)
    assert _dump(county) == before
    assert county.verify().ok
    return str(err.value)


def _leader_signer(s: UserSession) -> Signer:
    assert s.db.signer is not None
    return s.db.signer


# -- 1. who the entries belong to comes from the signed records, never from a row -----

def test_origin_in_an_entry_row_is_ignored_and_the_entry_stays_read_only(
        group: UserSession, county: UserSession, tmp_path: Path) -> None:
    """The finding: a crafted ``"origin": ""`` on an entry must not make that group's
    entry the county's own. The county's copy is the sender's, read-only, and verifies."""
    path = _export(group, tmp_path / "2026.pzx")

    def unattributed(recs: list[Record]) -> None:
        for r in recs:
            if r["t"] == "entry":
                r["row"]["origin"] = ""

    crafted = _crafted(path, tmp_path / "无来源.pzx", unattributed)
    import_file(county, crafted, PHRASE)
    chron = county.ledgers.list("chronicle")[0]
    assert chron.origin == group.db.db_id
    with pytest.raises(RuleError, match="该条目由派驻机构交接导入"):
        county.ledgers.edit("chronicle", chron.id, {"content": "汇总库里改"})
    assert county.verify().ok


def test_a_group_record_without_its_origin_is_refused(group: UserSession, county: UserSession,
                                                      tmp_path: Path) -> None:
    """The same finding through the file's group record: an empty database id would have
    stored the entries as the county's own, editable, and verify would have passed."""
    path = _export(group, tmp_path / "2026.pzx")

    def no_origin(recs: list[Record]) -> None:
        _one(recs, "group")["db_id"] = ""

    _refused(county, _crafted(path, tmp_path / "空来源.pzx", no_origin), "来源标识", Tampered)


def test_a_file_cannot_be_passed_off_as_another_groups(group: UserSession, county: UserSession,
                                                       tmp_path: Path) -> None:
    """Signatures bind each record to its database: under another group's id nothing holds."""
    other, _ = UserSession.create(tmp_path / "乙.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name="乙组", kdf=CHEAP_KDF)
    other.ledgers.add("chronicle", {"date_start": f"{YEAR}-05-01", "category": "2",
                                    "content": "乙组的记载"})
    import_file(county, _export(other, tmp_path / "乙.pzx"), PHRASE)
    path = _export(group, tmp_path / "2026.pzx")

    def as_other(recs: list[Record]) -> None:
        _one(recs, "group")["db_id"] = other.db.db_id
        _one(recs, "group")["name"] = "乙组"

    _refused(county, _crafted(path, tmp_path / "冒充.pzx", as_other), "签名")
    other.close()


def test_the_group_name_is_the_one_its_signed_records_give(group: UserSession,
                                                           county: UserSession,
                                                           tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")

    def renamed(recs: list[Record]) -> None:
        _one(recs, "group")["name"] = "另一个组"

    # The exporter's signature over the manifest no longer holds ...
    _refused(county, _crafted(path, tmp_path / "改名.pzx", renamed), "清单")

    def renamed_and_resigned(recs: list[Record]) -> None:
        renamed(recs)
        _reseal(recs, _leader_signer(group))

    # ... and signed again by an account holder, it contradicts the signed 建库 record.
    _refused(county, _crafted(path, tmp_path / "改名2.pzx", renamed_and_resigned), "派驻机构名称")


# -- 2. what an export carries --------------------------------------------------------

def test_export_carries_the_account_records_the_head_and_the_suite(group: UserSession,
                                                                   tmp_path: Path) -> None:
    add_account(group, "jilu", [Role.MEMBER])
    # The year before: its one entry was made after the accounts, so the segment starts
    # after them and the account records before it travel on their own.
    recs = _read(_export(group, tmp_path / "2025.pzx", year=YEAR - 1))
    manifest = _one(recs, "manifest")
    segment = [r for r in recs if r["t"] == "audit"]
    accounts = [r for r in recs if r["t"] == "account"]
    with group.db.reading() as conn:
        expected = [r.seq for r in conn.execute(select(audit_log.c.seq).where(
            audit_log.c.action.in_(sorted(ACCOUNT_ACTIONS)),
            audit_log.c.seq < segment[0]["seq"]).order_by(audit_log.c.seq))]
        logged = conn.execute(select(audit_log.c.seq).where(
            audit_log.c.action == "export")).first()
    assert [r["seq"] for r in accounts] == expected and accounts[0]["action"] == "init"
    assert manifest["head"] == [segment[-1]["seq"], segment[-1]["hash"]]
    assert manifest["audit"] == [segment[0]["seq"], segment[-1]["seq"]]
    assert manifest["accounts"] == len(accounts)
    assert logged is not None and logged.seq == segment[-1]["seq"] + 1  # the export's record
    assert manifest["suite"]["audit"] == SUITE_ED25519
    with (tmp_path / "2025.pzx").open("rb") as f:
        header = read_header(f)[0]
    assert header["suite"] == manifest["suite"]["container"] == container.SUITE
    assert header["format"] == manifest["format"] == 2
    group_rec = _one(recs, "group")
    assert group_rec["username"] == LEADER and group_rec["signature"]


def test_export_with_nothing_in_the_period_still_carries_the_head(group: UserSession,
                                                                  county: UserSession,
                                                                  tmp_path: Path) -> None:
    recs = _read(_export(group, tmp_path / "1999.pzx", year=1999))
    segment = [r for r in recs if r["t"] == "audit"]
    assert segment and _one(recs, "manifest")["head"][0] == segment[-1]["seq"]
    assert import_file(county, tmp_path / "1999.pzx", PHRASE).applied


# -- 3. every signed record, every entry against the chain ----------------------------

def test_a_record_changed_and_relinked_fails_its_signature(group: UserSession,
                                                           county: UserSession,
                                                           tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")
    recs = _read(path)
    target = next(r for r in recs if r["t"] == "audit" and r["action"] == "create")

    def changed(rs: list[Record]) -> None:
        rec = next(r for r in rs if r["t"] == "audit" and r["seq"] == target["seq"])
        rec["username"] = "xitong"  # someone else made it
        _relink(rs, rec["seq"])
        _reseal(rs, _leader_signer(group))

    message = _refused(county, _crafted(path, tmp_path / "改记录.pzx", changed), "签名")
    assert f"第 {target['seq']} 条审计记录" in message


def test_a_record_signed_by_an_account_without_the_permission_is_refused(
        group: UserSession, county: UserSession, tmp_path: Path) -> None:
    """A member holds a key, but may not void: a void signed with the member's own key,
    linked after the head, is refused for the permission it lacks."""
    add_account(group, "jilu", [Role.MEMBER])
    member = UserSession.open(group.db.path, "jilu", PASSWORD)
    signer = member.db.signer
    member.close()
    assert signer is not None
    path = _export(group, tmp_path / "2026.pzx")
    chron = group.ledgers.list("chronicle", date_from=f"{YEAR}-01-01")[0]

    def voided_by_member(rs: list[Record]) -> None:
        segment = [r for r in rs if r["t"] == "audit"]
        last = segment[-1]
        detail = audit.canonical({"version": chron.version, "content_hash": chron.content_hash,
                                  "classification": chron.classification.value}).decode()
        rec = {"t": "audit", "seq": last["seq"] + 1, "at": last["at"], "username": "jilu",
               "action": "void", "ledger": "chronicle", "entry_id": chron.id,
               "detail": detail, "prev_hash": last["hash"], "hash": "", "signer": "jilu",
               "suite": signer.suite, "signature": ""}
        rs.insert(rs.index(last) + 1, rec)
        _relink(rs, rec["seq"], signer)
        _reseal(rs, _leader_signer(group))

    message = _refused(county, _crafted(path, tmp_path / "越权.pzx", voided_by_member), "权限")
    assert "jilu" in message


def test_a_signature_stripped_from_a_record_is_refused(group: UserSession, county: UserSession,
                                                       tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")

    def unsigned_head(rs: list[Record]) -> None:
        last = [r for r in rs if r["t"] == "audit"][-1]
        last["signer"] = last["suite"] = last["signature"] = None
        _relink(rs, last["seq"])
        _reseal(rs, _leader_signer(group))

    _refused(county, _crafted(path, tmp_path / "去签名.pzx", unsigned_head), "没有签名")


def test_an_old_format_file_with_signed_records_is_refused(
        group: UserSession, county: UserSession, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Dressing a signed file up as release 0.1.0's (format 1, no account records) does
    not skip the checks: unsigned records are accepted only from files made before signing."""
    path = _export(group, tmp_path / "2026.pzx")
    recs = [r for r in _read(path) if r["t"] != "account"]
    _one(recs, "manifest")["format"] = 1
    monkeypatch.setattr(container, "FORMAT_VERSION", 1)
    old = _write(tmp_path / "旧格式.pzx", recs)
    monkeypatch.undo()
    _refused(county, old, "签名")


def test_an_entry_changed_in_the_file_is_refused(group: UserSession, county: UserSession,
                                                 tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")

    def content(rs: list[Record]) -> None:
        row = next(r for r in rs if r["t"] == "entry" and r["ledger"] == "chronicle")["row"]
        row["f_content"] = "文件里改写的内容"

    _refused(county, _crafted(path, tmp_path / "改内容.pzx", content), "内容哈希")

    def content_and_hash(rs: list[Record]) -> None:
        from paizhu_desktop.core.ledgers.entry import content_hash, row_state
        from paizhu_desktop.core.regulations.catalog import CATALOG

        content(rs)
        row = next(r for r in rs if r["t"] == "entry" and r["ledger"] == "chronicle")["row"]
        row["content_hash"] = content_hash(row["id"],
                                           row_state(CATALOG.ledger("chronicle"), row))

    message = _refused(county, _crafted(path, tmp_path / "改内容2.pzx", content_and_hash),
                       "审计链")
    assert "大事记" in message


def test_who_did_what_is_the_signed_records_word(group: UserSession, county: UserSession,
                                                 tmp_path: Path) -> None:
    """登记人, 修改人, a revision's author and an attachment's are attributions too."""
    path = _export(group, tmp_path / "2026.pzx")

    def updated_by(rs: list[Record]) -> None:
        next(r for r in rs if r["t"] == "entry")["row"]["updated_by"] = "xitong"

    def revision_author(rs: list[Record]) -> None:
        next(r for r in rs if r["t"] == "revision" and r["version"] == 2)["username"] = "xitong"

    def revision_content(rs: list[Record]) -> None:
        rev = next(r for r in rs if r["t"] == "revision")
        data = json.loads(rev["data"])
        data["values"] = {**data["values"], "content": "改写的历史"}
        rev["data"] = audit.canonical(data).decode()

    def attachment_swapped(rs: list[Record]) -> None:
        att = next(r for r in rs if r["t"] == "attachment" and r["size"] < 10_000)
        blobs = [r for r in rs if r["t"] == "blob" and r["id"] == att["id"]]
        data = b"%PDF" + b"y" * (att["size"] - 4)
        blobs[0]["data"], blobs[0]["size"] = data, len(data)
        for b in blobs[1:]:
            rs.remove(b)
        att["sha256"] = hashlib.sha256(data).hexdigest()

    for name, change, words in (("修改人", updated_by, "修改人"),
                                ("修订人", revision_author, "修订"),
                                ("修订内容", revision_content, "修订"),
                                ("附件", attachment_swapped, "附件")):
        _refused(county, _crafted(path, tmp_path / f"{name}.pzx", change), words)
    assert import_file(county, path, PHRASE).applied  # the file as sent


def test_an_entry_changed_behind_the_senders_back_is_refused(group: UserSession,
                                                             county: UserSession,
                                                             tmp_path: Path) -> None:
    """Changed in the sender's database outside the application (row and its hash), the
    entry no longer matches what the sender's signed chain last recorded for it."""
    from paizhu_desktop.core.ledgers.entry import content_hash, row_state
    from paizhu_desktop.core.regulations.catalog import CATALOG

    desc = CATALOG.ledger("chronicle")
    t = CATALOG.table(desc)
    with group.db.transaction() as conn:
        row = conn.execute(select(t).where(t.c.f_date_start >= f"{YEAR}-01-01")).first()
        conn.execute(update(t).where(t.c.id == row.id).values(f_content="绕过系统改写的内容"))
        changed = conn.execute(select(t).where(t.c.id == row.id)).first()
        conn.execute(update(t).where(t.c.id == row.id).values(
            content_hash=content_hash(row.id, row_state(desc, changed._mapping))))
    message = _refused(county, _export(group, tmp_path / "2026.pzx"), "审计链")
    assert row.id in message


def test_a_release_0_1_0_file_that_differs_from_its_chain_is_counted_not_refused(
        county: UserSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files made before signing keep release 0.1.0's treatment: an entry that differs
    from the sender's (unsigned) chain is reported, the file still imports."""
    from paizhu_desktop.core.ledgers.entry import content_hash, row_state
    from paizhu_desktop.core.regulations.catalog import CATALOG

    from test_release_fixtures import FIXTURE_PASSPHRASE, RELEASE_0_1_0

    recs = list(records(RELEASE_0_1_0 / "handoff-2026.pzx", FIXTURE_PASSPHRASE))
    row = next(r for r in recs if r["t"] == "entry" and r["ledger"] == "chronicle")["row"]
    row["f_content"] = "绕过系统改写的内容"
    row["content_hash"] = content_hash(row["id"], row_state(CATALOG.ledger("chronicle"), row))
    monkeypatch.setattr(container, "FORMAT_VERSION", 1)
    old = _write(tmp_path / "旧.pzx", recs, FIXTURE_PASSPHRASE)
    monkeypatch.undo()
    plan = plan_import(county, old, FIXTURE_PASSPHRASE)
    assert not plan.manifest.signed and plan.audit_break == ""
    assert len(plan.audit_mismatch) == 1 and row["id"] in plan.audit_mismatch[0]
    assert "不符" in plan.audit_summary and "未签名" in plan.audit_summary
    assert import_file(county, old, FIXTURE_PASSPHRASE).applied


def test_a_file_from_an_upgraded_0_1_0_database_imports(county: UserSession,
                                                        tmp_path: Path) -> None:
    """A group database made by release 0.1.0 signs from its first login after the
    upgrade: its file carries the unsigned account records and segment of before, the
    signed records of after, and imports whole."""
    from test_release_fixtures import FIXTURE_PASSWORD, RELEASE_0_1_0

    for name in ("group.db", "group.db.keys"):
        shutil.copyfile(RELEASE_0_1_0 / name, tmp_path / name)
    old = UserSession.open(tmp_path / "group.db", "zuzhang", FIXTURE_PASSWORD)
    # March: the period's entries were made after the accounts, which travel apart.
    path = _export(old, tmp_path / "2026-03.pzx", date_from=f"{YEAR}-03-01",
                   date_to=f"{YEAR}-03-31")
    old.close()
    recs = _read(path)
    accounts = [r for r in recs if r["t"] == "account"]
    segment = [r for r in recs if r["t"] == "audit"]
    assert accounts and all(r["suite"] is None for r in accounts)
    assert segment[0]["suite"] is None and segment[-1]["suite"] == SUITE_ED25519
    plan = import_file(county, path, PHRASE)
    assert plan.manifest.signed and plan.audit_break == "" and plan.audit_mismatch == []
    assert sum(p.new for p in plan.ledgers.values()) >= 5
    assert county.verify().ok


# -- 4. each group's chain continues the one received last -----------------------------

def _last_head(county: UserSession, origin: str) -> tuple[int, str]:
    with county.db.reading() as conn:
        r = conn.execute(select(handoff_groups.c.last_seq, handoff_groups.c.last_hash).where(
            handoff_groups.c.db_id == origin)).one()
    return int(r.last_seq), str(r.last_hash)


def test_each_file_continues_the_chain_the_county_received(group: UserSession,
                                                           county: UserSession,
                                                           tmp_path: Path) -> None:
    first = _export(group, tmp_path / "一.pzx")
    import_file(county, first, PHRASE)
    head = _one(_read(first), "manifest")["head"]
    assert _last_head(county, group.db.db_id) == tuple(head)
    # A later period, exported once more: its segment reaches back to the last export.
    group.ledgers.add("chronicle", {"date_start": f"{YEAR + 1}-01-05", "category": "2",
                                    "content": "新年度的记载"})
    second = _export(group, tmp_path / "二.pzx", year=YEAR + 1)
    assert _one(_read(second), "manifest")["audit"][0] <= head[0]
    assert import_file(county, second, PHRASE).applied
    newer = _last_head(county, group.db.db_id)
    assert newer[0] > head[0]
    # The same file again, and the older one: nothing changes, the head stays.
    for path in (second, first):
        plan = import_file(county, path, PHRASE)
        assert all(p.new == p.updated == 0 for p in plan.ledgers.values())
    assert _last_head(county, group.db.db_id) == newer
    with county.db.reading() as conn:
        kept = {r.seq for r in conn.execute(select(handoff_audit.c.seq).where(
            handoff_audit.c.origin == group.db.db_id))}
    assert 1 in kept  # the account records from the start are kept with the segments


def test_a_file_from_a_rewritten_chain_is_refused(tmp_path: Path, county: UserSession) -> None:
    """A copy of the group's database that went its own way (or a chain rewritten after
    the last hand-off) does not continue what the county received."""
    s, _ = UserSession.create(tmp_path / "组.db", LEADER, PASSWORD, group_name="第一组",
                              admins=ADMINS, kdf=CHEAP_KDF)
    ids = _fill(s)
    s.close()
    shutil.copy(tmp_path / "组.db", tmp_path / "副本.db")
    shutil.copy(tmp_path / "组.db.keys", tmp_path / "副本.db.keys")
    s = UserSession.open(tmp_path / "组.db", LEADER, PASSWORD)
    s.ledgers.edit("chronicle", ids["chronicle"], {"content": "乙版本"})
    import_file(county, _export(s, tmp_path / "乙.pzx"), PHRASE)
    copy = UserSession.open(tmp_path / "副本.db", LEADER, PASSWORD)
    copy.ledgers.edit("chronicle", ids["chronicle"], {"content": "丙版本（另一份副本）"})
    copy.ledgers.add("chronicle", {"date_start": f"{YEAR}-06-01", "category": "2",
                                   "content": "副本里多出的记载"})
    fork = _export(copy, tmp_path / "丙.pzx")
    message = _refused(county, fork, "与上次交接的审计链不衔接")
    assert "第一组" in message
    copy.close()
    s.close()


def test_a_segment_that_leaves_a_gap_is_refused(group: UserSession, county: UserSession,
                                                tmp_path: Path) -> None:
    import_file(county, _export(group, tmp_path / "一.pzx"), PHRASE)
    head = _last_head(county, group.db.db_id)
    group.ledgers.add("chronicle", {"date_start": f"{YEAR}-07-01", "category": "2",
                                    "content": "后来的记载"})
    later = _export(group, tmp_path / "二.pzx", date_from=f"{YEAR}-07-01",
                    date_to=f"{YEAR}-07-01")

    def cut(rs: list[Record]) -> None:
        # The holder drops the segment's records up to just past the last hand-off.
        for r in [r for r in rs if r["t"] == "audit" and r["seq"] <= head[0] + 1]:
            rs.remove(r)
        _relink(rs, 0)
        _reseal(rs, _leader_signer(group))

    message = _refused(county, _crafted(later, tmp_path / "缺段.pzx", cut), "不衔接")
    assert f"第 {head[0]} 条" in message


# -- 5. algorithm agility --------------------------------------------------------------

def _with_header(data: bytes, old: bytes, new: bytes) -> bytes:
    size = int.from_bytes(data[8:12], "big")
    header = data[12:12 + size]
    assert old in header
    header = header.replace(old, new, 1)
    head = data[:8] + len(header).to_bytes(4, "big") + header
    return head + hashlib.sha256(head).digest() + data[12 + size + 32:]


def test_an_unknown_suite_is_refused_by_name(group: UserSession, county: UserSession,
                                             tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")
    sm = tmp_path / "国密.pzx"
    sm.write_bytes(_with_header(path.read_bytes(), container.SUITE.encode(),
                                b"sm3-pbkdf+sm4-gcm+sm3"))
    message = _refused(county, sm, "sm3-pbkdf+sm4-gcm+sm3", UnknownSuite)
    assert "算法" in message and "升级" in message

    def sm2_records(rs: list[Record]) -> None:
        _one(rs, "manifest")["suite"]["audit"] = "sm2-sm3"
        _reseal(rs, _leader_signer(group))

    message = _refused(county, _crafted(path, tmp_path / "国密签名.pzx", sm2_records),
                       "sm2-sm3", UnknownSuite)
    assert "算法" in message


# -- 6. the county cannot change what it received --------------------------------------

def test_the_county_cannot_edit_void_or_step_an_imported_entry(group: UserSession,
                                                               county: UserSession,
                                                               tmp_path: Path) -> None:
    """Edit, void and every workflow step are refused on an imported entry (adding an
    attachment to one is covered with the attachment rules)."""
    import_file(county, _export(group, tmp_path / "2026.pzx"), PHRASE)
    chron = county.ledgers.list("chronicle")[0]
    review = county.ledgers.list("chronicle_review")[0]
    item = county.ledgers.list("action_item")[0]
    before = _dump(county)
    for attempt in (
            lambda: county.ledgers.edit("chronicle", chron.id, {"content": "汇总库里改"}),
            lambda: county.ledgers.void("chronicle", chron.id, "汇总库里作废"),
            lambda: county.ledgers.step("chronicle_review", review.id, "sign_off",
                                        note="同意归档"),
            lambda: county.ledgers.step("action_item", item.id, "complete",
                                        note="已办结")):
        with pytest.raises(RuleError, match="该条目由派驻机构交接导入"):
            attempt()
    assert _dump(county) == before and county.verify().ok


# -- the migration ---------------------------------------------------------------------

def test_the_last_head_received_is_filled_in_for_databases_that_lacked_it(
        group: UserSession, tmp_path: Path) -> None:
    """A county database that imported before the head was kept learns it from the
    segments it holds when it is upgraded."""
    path = tmp_path / "县.db"
    county, _ = UserSession.create(path, "county", PASSWORD, mode="county", admins=ADMINS,
                                   kdf=CHEAP_KDF)
    import_file(county, _export(group, tmp_path / "2026.pzx"), PHRASE)
    head = _last_head(county, group.db.db_id)
    with county.db.transaction() as conn:
        conn.execute(update(handoff_groups).values(last_seq=None, last_hash=None))
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    county.close()
    county = UserSession.open(path, "county", PASSWORD)
    assert _last_head(county, group.db.db_id) == head
    county.close()


def test_header_format_and_suite_are_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "handoff-format.md").read_text("utf-8")
    assert container.SUITE in doc and SUITE_ED25519 in doc
    assert re.search(r"格式第 2 版", doc)
