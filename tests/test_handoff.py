"""The yearly hand-off file (DOMAIN §7): encrypted export, verified import, safe merge."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.handoff.container import (
    KDF,
    FutureFormat,
    HandoffError,
    NotAHandoffFile,
    Tampered,
    TrailingData,
    Truncated,
    Writer,
    WrongPassphrase,
    read_header,
)
from paizhu_desktop.core.handoff.slip import new_passphrase, render_report, render_slip
from paizhu_desktop.core.handoff.transfer import (
    export,
    import_file,
    inspect,
    list_conflicts,
    plan_import,
)
from paizhu_desktop.core.ledgers.fields import TODAY, FieldType
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account, run_cli
from ledger_samples import sample_values

PHRASE = "7KQM-2XTB-9RFD-HW4C"
YEAR = 2026


def _fill(s: UserSession, tag: str = "") -> dict[str, str]:
    """One entry in every ledger (some moved through their steps), with attachments.
    The people the entries name hold accounts (献县办法 第六十五条 AB角)."""
    if all(u.username != "wangmy" for u in s.list_users()):
        add_account(s, "wangmy", [Role.MEMBER], display_name="王明远")
    ids = {}
    ids["chronicle"] = s.ledgers.add("chronicle", {
        "date_start": f"{YEAR}-03-02", "category": "2", "content": f"开展专项检查{tag}"}).id
    s.ledgers.add("chronicle", {"date_start": f"{YEAR - 1}-12-30", "category": "2",
                                "content": "上一年度的记载"})
    ids["group_meeting"] = s.ledgers.add("group_meeting", {
        "date": f"{YEAR}-03-09", "host": "张组长", "recorder": "王明远", "attendees": "全体",
        "agenda": [{"topic": "研究检查方案", "category": "4"}], "discussion": "一致同意"}).id
    ids["meeting_summary"] = s.ledgers.add("meeting_summary", {
        "meeting_date": f"{YEAR}-03-09", "content": "一、研究检查方案"}).id
    ids["action_item"] = s.ledgers.add("action_item", {
        "decided_on": f"{YEAR}-03-09", "matter": "制定方案", "deadline": f"{YEAR}-03-30"}).id
    ids["chronicle_review"] = s.ledgers.add("chronicle_review", {
        "kind": "month", "year": YEAR, "period": 2, "summary": "二月汇总"}).id
    ids["seal_use"] = s.ledgers.add("seal_use", {
        "requested_at": f"{YEAR}-03-03 09:00", "document": "关于专项检查情况的报告",
        "purpose": "报送", "impressions": 1}).id
    ids["seal_outing"] = s.ledgers.add("seal_outing", {
        "planned_out": f"{YEAR}-04-01 08:00", "planned_return": f"{YEAR}-04-01 17:00",
        "destination": "县财政局", "reason": "现场送达"}).id
    # Dated by its quarter (a computed period, like the 汇总's): a quarter of the year.
    ids["study_report"] = s.ledgers.add("study_report", {
        "year": YEAR, "quarter": 2, "sessions": 1, "minutes": 90,
        "content": "一、基本情况"}).id
    # 第十六章 (献县办法 第六十五–六十七条).
    ids["post_assignment"] = s.ledgers.add("post_assignment", {
        "post": "综合文秘岗", "responsibilities": "负责公文办理和印章登记",
        "primary": "zhangzz", "backup": "wangmy", "effective_from": f"{YEAR}-01-05"}).id
    ids["recusal"] = s.ledgers.add("recusal", {
        "person": "wangmy", "kind": "office", "matter": f"联系县财政局{tag}",
        "grounds": "other", "reason": "曾在该局工作", "decided_by": "组长",
        "decided_on": f"{YEAR}-02-03"}).id
    ids["absence"] = s.ledgers.add("absence", {
        "kind": "trip", "reason": f"赴市纪委监委汇报工作{tag}", "destination": "沧州市",
        "leaves_at": f"{YEAR}-05-11 08:00", "returns_at": f"{YEAR}-05-12 18:00"}).id
    ids["post_tenure"] = s.ledgers.add("post_tenure", {
        "person": "wangmy", "post": "监督检查岗", "since": f"{YEAR}-01-05"}).id
    ids["employment_limit"] = s.ledgers.add("employment_limit", {
        "person": "刘志强", "former_post": "审查调查岗", "left_on": f"{YEAR}-03-31"}).id
    ids.update(_fill_assessment(s, tag))
    s.ledgers.step("chronicle_review", ids["chronicle_review"], "submit")
    s.ledgers.attach("chronicle", ids["chronicle"], "检查照片.jpg", b"\xff\xd8" + bytes(300_000))
    s.ledgers.attach("group_meeting", ids["group_meeting"], "签到表.pdf", b"%PDF" + b"x" * 5000)
    # Every other ledger of the catalog gets one entry made from its description.
    # Its dates fall in YEAR, the year exported.
    for desc in CATALOG.ledgers():
        if desc.id not in ids:
            values = sample_values(desc)
            for f in desc.visible_fields:
                if f.type is FieldType.DATE and (f.required or f.default == TODAY):
                    values[f.name] = f"{YEAR}-05-11"
                elif f.type is FieldType.DATETIME and (f.required or f.default == TODAY):
                    values[f.name] = f"{YEAR}-05-11 09:00"
                elif f.name == "year":
                    values[f.name] = YEAR
            ids[desc.id] = s.ledgers.add(desc.id, values).id
    assert {d.id for d in CATALOG.ledgers()} == set(ids)
    return ids


def _fill_assessment(s: UserSession, tag: str) -> dict[str, str]:
    """献县办法 第十七章, 濮阳五项制度, 杨陵 and 庆城: one entry each, some moved on."""
    add = s.ledgers.add
    ids = {
        "group_assessment": add("group_assessment", {
            "year": YEAR - 1, "kind": "annual", "assessed_on": f"{YEAR}-01-20",
            "grade": "fair"}).id,
        "cadre_assessment": add("cadre_assessment", {
            "year": YEAR - 1, "person": "刘芳", "post": "工作人员", "grade": "competent"}).id,
        "subordinate_assessment": add("subordinate_assessment", {
            "year": YEAR - 1, "unit": "国库支付中心", "person": "周文斌",
            "personnel_dept": "人事股", "work_finding": "制度健全"}).id,
        "duty_indicator": add("duty_indicator", {
            "year": YEAR, "kind": "common", "responsibility": "principal",
            "subject": "leadership", "content": f"党组专题会议{tag}"}).id,
        "duty_notice": add("duty_notice", {"notified_on": f"{YEAR}-03-20", "month": 3,
                                           "content": "三月履责情况"}).id,
        "duty_report": add("duty_report", {"year": YEAR, "half": "1",
                                           "reported_on": f"{YEAR}-06-26", "content": "报告"}).id,
        "duty_speech": add("duty_speech", {
            "year": YEAR, "half": "1", "reporter": "钱某某", "achievements": "成绩",
            "problems": "问题", "measures": "措施"}).id,
        "duty_appraisal": add("duty_appraisal", {
            "held_on": f"{YEAR}-03-18", "person": "钱某某", "participants": "全体",
            "votes_excellent": 20, "votes_good": 5, "votes_fair": 16, "votes_poor": 1}).id,
        "supervision_check": add("supervision_check", {
            "inspected_on": f"{YEAR}-03-12", "kind": "full", "unit": "县财政局",
            "scope": "both", "inspectors": "派驻组", "findings": "台账不全"}).id,
        "score_sheet": add("score_sheet", {
            "year": YEAR - 1, "unit": "县财政局党组", **{f"{p}_{k}": 90 for p in "ps" for k in (
                "daily", "vote", "survey", "test")},
            "items": [{"item": "award_city", "detail": "市级表彰"}]}).id,
        "accountability_decision": add("accountability_decision", {
            "decided_on": f"{YEAR}-03-02", "effective_on": f"{YEAR}-03-02",
            "subject_kind": "cadre", "subject": "孙某某", "basic_info": "党员", "facts": "失责",
            "basis": "问责条例", "method": "notice", "approving_body": "党组",
            "appeal_body": "党组"}).id,
        "accountability_report": add("accountability_report", {
            "year": YEAR, "half": "1", "reported_on": f"{YEAR}-07-02", "cadres": 1,
            "content": "上半年问责情况"}).id,
        "inspection_referral": add("inspection_referral", {
            "received_on": f"{YEAR}-03-03", "inspection": "第一轮巡察",
            "inspected_unit": "县财政局", "kind": "lead", "problem": "反映违规收礼"}).id,
        "inspection_rectification": add("inspection_rectification", {
            "inspected_unit": "县财政局", "inspection": "第一轮巡察",
            "feedback_meeting_on": f"{YEAR}-03-03", "feedback": "反馈问题"}).id,
        "host_duty_check": add("host_duty_check", {
            "done_on": f"{YEAR}-03-18", "item": "special_meeting", "host_unit": "县检察院",
            "responsible": "党组书记", "content": "专题会议"}).id,
        "petition_letter": add("petition_letter", {
            "source": "来信", "summary": "反映接受吃请", "handling": "direct"}).id,
    }
    _t, values = s.ledgers.derive("duty_indicator", ids["duty_indicator"], "to_record")
    ids["duty_record"] = add("duty_record", {
        **values, "occurred_on": f"{YEAR}-03-10", "place": "会议室", "people": "党组成员",
        "summary": "研究部署"}).id
    s.ledgers.step("duty_record", ids["duty_record"], "sign_off", note="属实")
    _t, values = s.ledgers.derive("inspection_rectification", ids["inspection_rectification"],
                                  "to_item")
    ids["rectification_item"] = add("rectification_item", {
        **values, "problem": "接待超标", "measures": "修订制度", "responsible": "主任",
        "deadline": f"{YEAR}-05-30"}).id
    s.ledgers.step("inspection_referral", ids["inspection_referral"], "propose", data={
        "disposal": "preliminary", "disposal_note": "初核", "disposal_on": f"{YEAR}-03-10"})
    return ids


def _export(s: UserSession, out: Path) -> Path:
    export(s, out, PHRASE, year=YEAR, kdf=CHEAP_KDF)
    return out


@pytest.fixture
def group(session: UserSession) -> UserSession:
    _fill(session)
    return session


def _dump(s: UserSession) -> str:
    """Every row of every table, for "the database is exactly as before"."""
    from sqlalchemy import text

    h = hashlib.sha256()
    with s.db.reading() as conn:
        names = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%' "
            "ORDER BY name"))]
        for name in names:
            for row in conn.execute(text(f"SELECT * FROM {name} ORDER BY 1")):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def test_round_trip_every_ledger_into_a_county_database(group: UserSession, county: UserSession,
                                                        tmp_path: Path) -> None:
    """Entries, revisions, voids, approvals and attachments arrive whole and attributed."""
    group.ledgers.void("seal_outing", group.ledgers.list("seal_outing")[0].id, "计划取消")
    path = _export(group, tmp_path / "2026.pzx")
    assert b"\xe4\xb8\x93\xe9\xa1\xb9" not in path.read_bytes()  # 专项 is not readable
    manifest = inspect(path, PHRASE)
    assert manifest.counts["chronicle"] == 1 and manifest.group == group.group_name
    plan = import_file(county, path, PHRASE)
    assert all(p.new == 1 for p in plan.ledgers.values()) and plan.audit_break == ""
    for desc in CATALOG.ledgers():
        mine = group.ledgers.list(desc.id, include_voided=True, date_from=f"{YEAR}-01-01")
        theirs = county.ledgers.list(desc.id, include_voided=True)
        assert [(e.id, e.content_hash, e.version, e.status, e.voided) for e in mine] == \
               [(e.id, e.content_hash, e.version, e.status, e.voided) for e in theirs]
        for e in theirs:
            assert e.origin == group.db.db_id
            assert len(county.ledgers.history(desc.id, e.id)[0]) == \
                   len(group.ledgers.history(desc.id, e.id)[0])
    chron = county.ledgers.list("chronicle")[0]
    att = county.ledgers.attachments("chronicle", chron.id)[0]
    assert county.ledgers.attachment_content(att.id) == b"\xff\xd8" + bytes(300_000)
    assert county.ledgers.list("chronicle", search="专项")[0].id == chron.id
    with pytest.raises(RuleError, match="只读"):
        county.ledgers.edit("chronicle", chron.id, {"content": "汇总库里改"})
    with pytest.raises(RuleError, match="只读"):
        county.ledgers.void("chronicle", chron.id, "汇总库里作废")
    assert county.verify().ok


def test_importing_the_same_file_twice_changes_nothing(group: UserSession, county: UserSession,
                                                       tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")
    import_file(county, path, PHRASE)
    counts = {d.id: county.ledgers.count(d.id, include_voided=True) for d in CATALOG.ledgers()}
    again = import_file(county, path, PHRASE)
    assert all(p.new == 0 and p.updated == 0 and p.conflicting == 0
               for p in again.ledgers.values())
    assert counts == {d.id: county.ledgers.count(d.id, include_voided=True)
                      for d in CATALOG.ledgers()}


def _layout(data: bytes) -> tuple[int, int, list[int]]:
    """(header digest offset, key check offset, chunk offsets) of a .pzx file."""
    digest_at = 12 + int.from_bytes(data[8:12], "big")
    check_at = digest_at + 32
    chunks, pos = [], check_at + 32
    while pos < len(data):
        chunks.append(pos)
        pos += 4 + int.from_bytes(data[pos:pos + 4], "big")
    assert pos == len(data)
    return digest_at, check_at, chunks


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """64 KiB chunks, so that a small test file has several (the header records the size)."""
    from paizhu_desktop.core.handoff import container

    monkeypatch.setattr(container, "CHUNK_SIZE", 64 * 1024)


def _future(data: bytes) -> bytes:
    """The same file as a newer program would write it: header says format 9, digest valid."""
    size = int.from_bytes(data[8:12], "big")
    header = re.sub(rb'"format": \d+', b'"format": 9', data[12:12 + size], count=1)
    head = data[:8] + len(header).to_bytes(4, "big") + header
    return head + hashlib.sha256(head).digest() + data[12 + size + 32:]


def _refused(county: UserSession, path: Path, blob: bytes, kind: type[Exception], words: str,
             before: str, phrase: str = PHRASE) -> None:
    path.write_bytes(blob)
    for attempt in (plan_import, import_file):
        with pytest.raises(kind) as err:
            attempt(county, path, phrase)
        assert words in str(err.value), (words, str(err.value))
        assert err.value.exit_code == 4  # type: ignore[attr-defined]
    assert _dump(county) == before


@pytest.mark.usefixtures("small_chunks")
def test_every_kind_of_damage_is_named_and_nothing_changes(group: UserSession,
                                                           county: UserSession,
                                                           tmp_path: Path) -> None:
    """Flipped bytes in each region, truncation and reordering at every chunk boundary,
    appended data, wrong passphrase, a newer format: each refused with its own message,
    before anything is imported (the county database dumps the same before and after)."""
    path = _export(group, tmp_path / "2026.pzx")
    data = path.read_bytes()
    digest_at, check_at, chunks = _layout(data)
    assert len(chunks) >= 4
    before = _dump(county)
    bad = tmp_path / "坏.pzx"

    def flip(offset: int) -> bytes:
        b = bytearray(data)
        b[offset] ^= 0x20
        return bytes(b)

    _refused(county, bad, flip(0), NotAHandoffFile, "不是本系统的交接文件", before)
    for offset in (9, 20, digest_at - 2, digest_at, digest_at + 31):
        _refused(county, bad, flip(offset), Tampered, "文件头已损坏", before)
    for offset in (check_at, check_at + 20, check_at + 31):
        _refused(county, bad, flip(offset), Tampered, "口令校验块", before)
    for n, at in enumerate(chunks, start=1):
        # A damaged length reads as damage, or as a cut when it points past the end.
        _refused(county, bad, flip(at + 3), HandoffError, f"第 {n} 块", before)
        _refused(county, bad, flip(at + 4), Tampered, f"第 {n} 块的内容", before)
        _refused(county, bad, data[:at], Truncated, "截断", before)  # cut at the boundary
        _refused(county, bad, data[:at + 100], Truncated, "截断", before)
    _refused(county, bad, flip(len(data) - 1), Tampered, f"第 {len(chunks)} 块的内容", before)
    _refused(county, bad, data[:-1], Truncated, "截断", before)
    _refused(county, bad, data[:30], Truncated, "截断", before)
    one, two = chunks[0], chunks[1]
    swapped = data[:one] + data[two:chunks[2]] + data[one:two] + data[chunks[2]:]
    _refused(county, bad, swapped, Tampered, "第 1 块", before)
    _refused(county, bad, data + b"\x00extra", TrailingData, "多余", before)
    _refused(county, bad, data + data[chunks[-1]:], TrailingData, "多余", before)
    _refused(county, bad, data, WrongPassphrase, "口令不正确", before,
             phrase="WRONG-PASS-PHRASE-0000")
    _refused(county, bad, _future(data), FutureFormat, "更新版本", before)
    _refused(county, bad, b"PK\x03\x04" + data[4:], NotAHandoffFile, "不是本系统的交接文件",
             before)
    # The undamaged file still imports.
    path.write_bytes(data)
    assert import_file(county, path, PHRASE).applied


def _header_kdf(path: Path) -> dict[str, object]:
    with path.open("rb") as f:
        params = dict(read_header(f)[0]["kdf"])
    del params["salt"]
    return params


def test_injected_kdf_cost_is_what_the_header_records(group: UserSession, county: UserSession,
                                                      tmp_path: Path) -> None:
    path = _export(group, tmp_path / "2026.pzx")
    assert _header_kdf(path) == CHEAP_KDF.as_dict()
    assert import_file(county, path, PHRASE).applied


def test_handoff_kdf_cost_is_never_taken_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the old test switch set, a hand-off key still gets the production cost."""
    monkeypatch.setenv("PAIZHU_TEST_FAST_KDF", "1")
    path = tmp_path / "空.pzx"
    with path.open("wb") as f:
        w = Writer(f, PHRASE)
        w.close()
    assert _header_kdf(path) == KDF.as_dict()


def test_file_swapped_between_the_two_passes_is_refused(group: UserSession, tmp_path: Path) -> None:
    from paizhu_desktop.core.handoff.transfer import Source

    path = _export(group, tmp_path / "2026.pzx")
    source = Source(path, PHRASE)
    list(source.records())
    other = _export(group, tmp_path / "再次.pzx")  # same passphrase, valid, other bytes
    path.write_bytes(other.read_bytes())
    with pytest.raises(Tampered, match=r"改动|替换"):
        list(source.records())


def test_newer_local_version_kept_and_conflicts_listed(session: UserSession, tmp_path: Path,
                                                       county: UserSession) -> None:
    """Merge by id: a newer local version is never overwritten; real conflicts are kept."""
    ids = _fill(session)
    first = _export(session, tmp_path / "一.pzx")
    import_file(county, first, PHRASE)
    # The group edits on: the county's copies are older; importing updates them.
    session.ledgers.edit("chronicle", ids["chronicle"], {"content": "补充：发现问题3个"})
    second = _export(session, tmp_path / "二.pzx")
    plan = plan_import(county, second, PHRASE)
    assert plan.ledgers["chronicle"].updated == 1
    import_file(county, second, PHRASE)
    content = county.ledgers.get("chronicle", ids["chronicle"]).values["content"]
    assert content == "补充：发现问题3个"
    # The older file again: the county's newer version stays.
    plan = import_file(county, first, PHRASE)
    assert plan.ledgers["chronicle"].local_newer == 1
    assert county.ledgers.get("chronicle", ids["chronicle"]).version == 2

    # A group's own older file: its newer local version is kept, nothing overwritten.
    own = import_file(session, first, PHRASE)
    assert own.ledgers["chronicle"].local_newer == 1
    assert session.ledgers.get("chronicle", ids["chronicle"]).version == 2


def test_diverged_versions_are_kept_side_by_side(tmp_path: Path, county: UserSession) -> None:
    """Two copies of one group's database that went their own ways: the county takes
    the first copy's file and refuses the other's (its chain does not continue the one
    received); the copy itself, given the first copy's file back, keeps its own version
    and the incoming one side by side."""
    import shutil

    s, _ = UserSession.create(tmp_path / "组.db", LEADER, PASSWORD, group_name="第一组",
                              admins=ADMINS, kdf=CHEAP_KDF)
    ids = _fill(s)
    s.ledgers.edit("chronicle", ids["chronicle"], {"content": "甲版本"})
    import_file(county, _export(s, tmp_path / "甲.pzx"), PHRASE)
    s.close()
    shutil.copy(tmp_path / "组.db", tmp_path / "组2.db")
    shutil.copy(tmp_path / "组.db.keys", tmp_path / "组2.db.keys")
    s = UserSession.open(tmp_path / "组.db", LEADER, PASSWORD)
    s.ledgers.edit("chronicle", ids["chronicle"], {"content": "乙版本（再次修改）"})
    b_path = _export(s, tmp_path / "乙.pzx")
    s.close()
    other = UserSession.open(tmp_path / "组2.db", LEADER, PASSWORD)  # same group, other history
    other.ledgers.edit("chronicle", ids["chronicle"], {"content": "丙版本（另一份副本）"})
    c_path = _export(other, tmp_path / "丙.pzx")
    import_file(county, b_path, PHRASE)
    with pytest.raises(HandoffError, match="与上次交接的审计链不衔接"):
        import_file(county, c_path, PHRASE)
    assert "乙版本" in county.ledgers.get("chronicle", ids["chronicle"]).values["content"]
    plan = import_file(other, b_path, PHRASE)
    assert plan.ledgers["chronicle"].conflicting == 1
    content = other.ledgers.get("chronicle", ids["chronicle"]).values["content"]
    assert content == "丙版本（另一份副本）"
    conflicts = list_conflicts(other)
    assert len(conflicts) == 1 and "乙版本" in conflicts[0]["incoming"]
    again = import_file(other, b_path, PHRASE)  # known conflict: not stored twice
    assert again.ledgers["chronicle"].conflicting == 1 and len(list_conflicts(other)) == 1
    assert other.verify().ok
    other.close()


def test_county_imports_two_groups_each_attributed(tmp_path: Path, county: UserSession) -> None:
    files = []
    for n, name in enumerate(("示例县派驻第一组", "示例县派驻第二组")):
        s, _ = UserSession.create(tmp_path / f"组{n}.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name=name,
                                  kdf=CHEAP_KDF)
        _fill(s, tag=name)
        files.append((s.db.db_id, _export(s, tmp_path / f"组{n}.pzx")))
        s.close()
    for _db_id, path in files:
        import_file(county, path, PHRASE)
    entries = county.ledgers.list("chronicle")
    assert sorted(e.origin for e in entries) == sorted(d for d, _ in files)
    from sqlalchemy import select

    from paizhu_desktop.core.schema import handoff_groups

    with county.db.reading() as conn:
        names = sorted(r.group_name for r in conn.execute(select(handoff_groups)))
    assert names == ["示例县派驻第一组", "示例县派驻第二组"]


def test_group_database_refuses_another_groups_file(group: UserSession, tmp_path: Path) -> None:
    other, _ = UserSession.create(tmp_path / "别组.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name="第二组",
                                  kdf=CHEAP_KDF)
    _fill(other)
    path = _export(other, tmp_path / "别组.pzx")
    other.close()
    with pytest.raises(RuleError, match="汇总库"):
        import_file(group, path, PHRASE)


def test_export_is_logged_and_slip_never_shows_the_passphrase(group: UserSession,
                                                              tmp_path: Path) -> None:
    from paizhu_desktop.core.actions import Action

    result = export(group, tmp_path / "2026.pzx", PHRASE, year=YEAR, kdf=CHEAP_KDF)
    add_account(group, "baomi", [Role.SECRECY_OFFICER])
    officer = UserSession.open(group.db.path, "baomi", PASSWORD)
    log = officer.audit_entries(actions=[Action.EXPORT])
    assert log[0].detail["sha256"] == result.sha256
    officer.close()
    job = render_slip(group, result)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(job.pdf)).pages)
    flat = "".join(text.split())
    assert "交接单" in text and result.sha256[:16] in flat and "移交人" in text
    assert PHRASE not in flat and PHRASE.replace("-", "") not in flat


def test_import_report_counts(group: UserSession, county: UserSession, tmp_path: Path) -> None:
    plan = import_file(county, _export(group, tmp_path / "2026.pzx"), PHRASE)
    job = render_report(county, plan)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(job.pdf)).pages)
    assert "导入报告" in text and "新增" in text and plan.sha256[:16] in "".join(text.split())


def test_passphrase_is_strong_and_readable() -> None:
    p = new_passphrase()
    groups = p.split("-")
    assert len(groups) == 6 and all(len(g) == 4 for g in groups)
    assert not set(p) & set("01OIl")


def test_cli_export_inspect_import(group: UserSession, county: UserSession, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    phrase_file = tmp_path / "口令.txt"
    phrase_file.write_text(PHRASE + "\n", encoding="utf-8")
    out = tmp_path / "2026.pzx"
    code, text, err = run_cli(["export", "--db", str(group.db.path), "--user", LEADER,
                               "--password-stdin", "--year", str(YEAR), "--out", str(out),
                               "--passphrase-file", str(phrase_file),
                               "--slip", str(tmp_path / "交接单.pdf")],
                              PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert (tmp_path / "交接单.pdf").exists()
    code, text, _ = run_cli(["inspect", str(out), "--passphrase-file", str(phrase_file)],
                            "", monkeypatch, capsys)
    assert code == 0 and group.group_name in text
    county_db = str(county.db.path)
    county.close()
    args = ["import", str(out), "--db", county_db, "--user", "county", "--password-stdin",
            "--passphrase-file", str(phrase_file)]
    code, text, _ = run_cli([*args, "--dry-run"], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "试导入" in text
    code, text, _ = run_cli(args, PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "已导入" in text
    wrong = tmp_path / "错.txt"
    wrong.write_text("WRONG-PASS-PHRASE-0000\n", encoding="utf-8")
    code, _, err = run_cli(["inspect", str(out), "--passphrase-file", str(wrong)], "",
                           monkeypatch, capsys)
    assert code == 4 and "口令不正确" in err


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(["group", "export"]),
                                st.integers(min_value=0, max_value=2)), min_size=1, max_size=6))
def test_merge_properties(tmp_path_factory: pytest.TempPathFactory,
                          edits: list[tuple[str, int]]) -> None:
    """Whatever the order of edits and exports: re-import is idempotent, the county never
    goes back to an older version, and the counts of a plan add up to the file's entries."""
    base = tmp_path_factory.mktemp("merge")
    g, _ = UserSession.create(base / "组.db", LEADER, PASSWORD, admins=ADMINS, group_name="第一组",
                              kdf=CHEAP_KDF)
    c, _ = UserSession.create(base / "县.db", "county", PASSWORD, admins=ADMINS, mode="county",
                              kdf=CHEAP_KDF)
    ids = [g.ledgers.add("chronicle", {"date_start": f"{YEAR}-03-0{i + 1}", "category": "2",
                                       "content": f"条目{i}"}).id for i in range(3)]
    files: list[Path] = []
    for n, (what, which) in enumerate(edits):
        if what == "group":
            g.ledgers.edit("chronicle", ids[which], {"content": f"第{n}次修改"})
        else:
            files.append(_export(g, base / f"{n}.pzx"))
    files.append(_export(g, base / "最后.pzx"))
    seen_version = dict.fromkeys(ids, 0)
    for path in files[:-1] + files[-1:]:
        plan = import_file(c, path, PHRASE)
        p = plan.ledgers["chronicle"]
        assert p.new + p.unchanged + p.updated + p.local_newer + p.conflicting == 3
        for i in ids:
            v = c.ledgers.get("chronicle", i).version
            assert v >= seen_version[i]
            seen_version[i] = v
        again = import_file(c, path, PHRASE).ledgers["chronicle"]
        assert again.new == again.updated == 0
    for i in ids:
        in_county, in_group = c.ledgers.get("chronicle", i), g.ledgers.get("chronicle", i)
        assert in_county.content_hash == in_group.content_hash
    assert c.verify().ok
    g.close()
    c.close()


def _snapshot(s: UserSession) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for desc in CATALOG.ledgers():
        out[desc.id] = [(e.id, e.content_hash, e.version, e.status, e.voided, e.values)
                        for e in s.ledgers.list(desc.id, include_voided=True,
                                                date_from=f"{YEAR}-01-01")]
    return out


def test_own_file_restores_into_a_copy_of_the_same_group(tmp_path: Path) -> None:
    """A group database with the same identity (an older copy) takes its own file back:
    entries, history and attachments equal, still the group's own and editable."""
    import shutil

    s, _ = UserSession.create(tmp_path / "组.db", LEADER, PASSWORD, group_name="第一组",
                              admins=ADMINS, kdf=CHEAP_KDF)
    s.close()
    shutil.copy(tmp_path / "组.db", tmp_path / "旧.db")
    shutil.copy(tmp_path / "组.db.keys", tmp_path / "旧.db.keys")
    s = UserSession.open(tmp_path / "组.db", LEADER, PASSWORD)
    ids = _fill(s)
    s.ledgers.void("seal_outing", ids["seal_outing"], "计划取消")
    path = _export(s, tmp_path / "2026.pzx")
    old = UserSession.open(tmp_path / "旧.db", LEADER, PASSWORD)
    plan = plan_import(old, path, PHRASE)
    assert all(p.new == 1 for p in plan.ledgers.values()) and plan.attachments_new == 2
    import_file(old, path, PHRASE)
    assert _snapshot(old) == _snapshot(s)
    for lid, eid in ids.items():
        assert [r.data for r in old.ledgers.history(lid, eid)[0]] == \
               [r.data for r in s.ledgers.history(lid, eid)[0]]
        assert [a.sha256 for a in old.ledgers.attachments(lid, eid)] == \
               [a.sha256 for a in s.ledgers.attachments(lid, eid)]
    edited = old.ledgers.edit("chronicle", ids["chronicle"], {"content": "恢复后继续记载"})
    assert edited.origin == "" and edited.version == 2
    assert old.verify().ok
    again = import_file(old, path, PHRASE)
    assert again.ledgers["chronicle"].local_newer == 1 and again.attachments_new == 0
    old.close()
    s.close()


def test_attachment_added_to_an_unchanged_entry_arrives(group: UserSession, county: UserSession,
                                                        tmp_path: Path) -> None:
    """Adding an attachment does not change the entry's version: it must still travel."""
    import_file(county, _export(group, tmp_path / "一.pzx"), PHRASE)
    chron = group.ledgers.list("chronicle", date_from=f"{YEAR}-01-01")[0]
    group.ledgers.attach("chronicle", chron.id, "补充材料.pdf", b"%PDF-1.4 later")
    plan = import_file(county, _export(group, tmp_path / "二.pzx"), PHRASE)
    assert plan.ledgers["chronicle"].unchanged == 1 and plan.attachments_new == 1
    names = sorted(a.filename for a in county.ledgers.attachments("chronicle", chron.id))
    assert names == ["检查照片.jpg", "补充材料.pdf"]
    assert import_file(county, _export(group, tmp_path / "三.pzx"), PHRASE).attachments_new == 0


def test_a_group_cannot_overwrite_another_groups_entry(tmp_path: Path, county: UserSession) -> None:
    """In a county database an entry stays its sender's: a file from another group
    carrying the same entry id is kept as a conflict, never applied."""
    a, _ = UserSession.create(tmp_path / "甲.db", LEADER, PASSWORD, group_name="甲组",
                              admins=ADMINS, kdf=CHEAP_KDF)
    entry = a.ledgers.add("chronicle", {"date_start": f"{YEAR}-05-01", "category": "2",
                                        "content": "甲组的记载"})
    import_file(county, _export(a, tmp_path / "甲.pzx"), PHRASE)
    b, _ = UserSession.create(tmp_path / "乙.db", LEADER, PASSWORD, group_name="乙组",
                              admins=ADMINS, kdf=CHEAP_KDF)
    b.ledgers.add("chronicle", {"date_start": f"{YEAR}-05-01", "category": "2",
                                "content": "乙组冒用同一编号"}, entry_id=entry.id)
    plan = import_file(county, _export(b, tmp_path / "乙.pzx"), PHRASE)
    assert plan.ledgers["chronicle"].conflicting == 1
    kept = county.ledgers.get("chronicle", entry.id)
    assert kept.values["content"] == "甲组的记载" and kept.origin == a.db.db_id
    assert list_conflicts(county)[0]["origin"] == b.db.db_id
    a.close()
    b.close()


def test_cli_exit_codes_and_one_line_messages(group: UserSession, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """4 for a file that fails authentication, 1 for bad input, 3 for a wrong login."""
    phrase_file = tmp_path / "口令.txt"
    phrase_file.write_text(PHRASE + "\n", encoding="utf-8")
    out = tmp_path / "2026.pzx"
    base = ["--db", str(group.db.path), "--user", LEADER, "--password-stdin"]
    code, text, err = run_cli(["export", *base, "--from", f"{YEAR}-03-01", "--to",
                               f"{YEAR}-03-31", "--out", str(out), "--passphrase-file",
                               str(phrase_file)], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert "大事记" in text and "SHA-256" in text
    damaged = bytearray(out.read_bytes())
    damaged[-5] ^= 1
    out.write_bytes(bytes(damaged))
    for args, stdin, expected, words in (
            (["import", str(out), *base, "--passphrase-file", str(phrase_file), "--dry-run"],
             PASSWORD + "\n", 4, "被改动"),
            (["inspect", str(out), "--passphrase-file", str(tmp_path / "没有.txt")], "", 1,
             "口令文件"),
            (["export", *base, "--year", "2026", "--out", str(out), "--passphrase-file",
              str(phrase_file)], "Wrong2026!\n", 3, "密码不正确"),
            (["export", *base, "--out", str(out), "--passphrase-file", str(phrase_file)],
             PASSWORD + "\n", 1, "年度"),
    ):
        code, _, err = run_cli(args, stdin, monkeypatch, capsys)
        assert code == expected, (args[0], err)
        assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, text, _ = run_cli(["passphrase"], "", monkeypatch, capsys)
    assert code == 0 and len(text.strip().split("-")) == 6


def test_passphrase_must_not_be_a_login_password(tmp_path: Path) -> None:
    from paizhu_desktop.core.errors import ValidationError

    long_password = "Zhang-Login-2026-Long"
    s, _ = UserSession.create(tmp_path / "组.db", LEADER, long_password, admins=ADMINS,
                              group_name="第一组",
                              kdf=CHEAP_KDF)
    with pytest.raises(ValidationError, match="登录密码"):
        export(s, tmp_path / "x.pzx", long_password, year=YEAR, kdf=CHEAP_KDF)
    with pytest.raises(ValidationError, match="16"):
        export(s, tmp_path / "x.pzx", "short-one", year=YEAR, kdf=CHEAP_KDF)
    assert s.db.keyfile.failure_count(LEADER) == 0  # the check is no failed login
    assert not (tmp_path / "x.pzx").exists()
    s.close()
