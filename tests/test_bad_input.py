"""Bad input through the core: each kind is refused with the program's own Chinese
error, and nothing is stored.

The cases are those found by feeding every field of every ledger odd values:
values of the wrong kind turned into text, dates out of any register's range or
in other formats, control and direction characters, megabytes in one field,
attachment names with folders in them, a step note or a void reason of any size.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from paizhu_desktop.core.errors import PaizhuError, RuleError, ValidationError
from paizhu_desktop.core.ledgers.fields import (
    DEFAULT_MAX_LENGTH,
    Field,
    FieldType,
)
from paizhu_desktop.core.schema import attachments, audit_log
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.text import quoted, safe_filename

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD

MEETING = {"date": "2026-03-02", "place": "派驻组会议室", "host": "张组长", "recorder": "李记录",
           "attendees": "张组长、王明远、李记录", "discussion": "会议传达学习了有关文件精神。",
           "agenda": [{"topic": "传达学习县纪委全会精神", "category": "1"}]}
CHRONICLE = {"date_start": "2026-03-02", "category": "2",
             "content": "开展专项监督检查，严明工作纪律"}
SEAL = {"document": "关于县财政局专项检查情况的报告", "purpose": "报送县纪委监委", "impressions": 2}
MEGABYTES = "字" * 10_000_000
#: A year per 汇总, as one review per period may exist.
YEARS = itertools.count(2000)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserSession]:
    """One database for the module (the leader's session): each refusal is checked to
    leave every count as it found it."""
    path = tmp_path_factory.mktemp("输入") / "paizhu.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    yield s
    s.close()


def stored(session: UserSession) -> tuple[int, int, int]:
    """Entries of every ledger, attachments and audit records: what a refusal must
    leave as it was."""
    entries = sum(session.ledgers.count(d.id, include_voided=True)
                  for d in session.catalog.ledgers())
    with session.db.reading() as conn:
        files = conn.execute(select(func.count()).select_from(attachments)).scalar_one()
        audits = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    return entries, files, audits


def refused(session: UserSession, action: Callable[[], Any],
            kind: type[PaizhuError] = ValidationError) -> str:
    """Run ``action``: it must be refused with ``kind``, in one short Chinese line,
    and store nothing (as ``session``, which may read the ledgers, sees it).
    Returns the message."""
    before = stored(session)
    with pytest.raises(kind) as caught:
        action()
    message = caught.value.message
    assert "\n" not in message and "\r" not in message and len(message) < 400, message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert stored(session) == before
    return message


# -- values of the wrong kind -----------------------------------------------------

@pytest.mark.parametrize("value", [3, 3.5, True, False, {"a": 1}, ["列表"], float("nan"),
                                   dt.date(2026, 3, 2)])
def test_text_fields_take_only_text(session: UserSession, value: Any) -> None:
    """Numbers, true/false, objects, lists and NaN are not turned into text."""
    message = refused(session, lambda: session.ledgers.add(
        "chronicle", {**CHRONICLE, "place": value}))
    assert "“地点”应为文字" in message


@pytest.mark.parametrize(("ledger", "data", "name", "value", "says"), [
    ("seal_use", SEAL, "impressions", "2", "应为整数"),
    ("seal_use", SEAL, "impressions", 2.0, "应为整数"),
    ("seal_use", SEAL, "impressions", True, "应为整数"),
    ("seal_use", SEAL, "impressions", float("nan"), "非数字"),
    ("seal_use", SEAL, "impressions", [2], "应为整数"),
    ("seal_use", SEAL, "impressions", 10**30, "不能大于 999"),
    ("group_meeting", MEETING, "important", "是", "应为“是”或“否”"),
    ("group_meeting", MEETING, "important", 1, "应为“是”或“否”"),
    ("chronicle", CHRONICLE, "category", 2, "应为以下之一"),
    ("chronicle", CHRONICLE, "category", ["2"], "应为以下之一"),
    ("group_meeting", MEETING, "agenda", '[{"topic": "议题", "category": "1"}]', "应为若干行"),
    ("group_meeting", MEETING, "agenda", {"topic": "议题", "category": "1"}, "应为若干行"),
    ("group_meeting", MEETING, "agenda", ["议题"], "第 1 行格式不正确"),
    ("group_meeting", MEETING, "agenda", [{"topic": "议题", "category": "1", "多余": "x"}],
     "第 1 行没有名为“多余”的一栏"),
    ("group_meeting", MEETING, "agenda", [{"topic": 5, "category": "1"}], "“议题”应为文字"),
    ("group_meeting", MEETING, "agenda", [{"topic": "议题", "category": "1"}] * 101,
     "不能超过 100 行"),
])
def test_other_fields_take_only_their_own_kind(session: UserSession, ledger: str,
                                              data: dict[str, Any], name: str, value: Any,
                                              says: str) -> None:
    """And the other way round: text where a number, a yes-or-no or rows are expected."""
    assert says in refused(session, lambda: session.ledgers.add(ledger, {**data, name: value}))


def test_entry_content_must_be_fields_by_name(session: UserSession) -> None:
    for data in (["date_start", "2026-03-02"], "内容", 5):
        refused(session, lambda d=data: session.ledgers.add("chronicle", d))  # type: ignore[misc]


# -- dates and times ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["20260305", 20260305, "2026-W10-1", "2026-064", "9999-12-31",
                                   "0001-01-01", "1948-12-31", "2101-01-01", "2026-3-5",
                                   "２０２６-03-05", "2026-02-30", "2026-03-05T10:00",
                                   dt.date(1900, 1, 1)])
def test_dates_are_iso_and_between_1949_and_2100(session: UserSession, value: Any) -> None:
    message = refused(session, lambda: session.ledgers.add(
        "chronicle", {**CHRONICLE, "date_start": value}))
    assert "日期" in message


@pytest.mark.parametrize(("value", "reads"), [("1949-01-01", "1949-01-01"),
                                              ("2100-12-31", "2100-12-31"),
                                              (" 2026-03-05 ", "2026-03-05"),
                                              (dt.date(2026, 3, 5), "2026-03-05")])
def test_dates_within_the_range_are_stored(session: UserSession, value: Any, reads: str) -> None:
    entry = session.ledgers.add("chronicle", {**CHRONICLE, "date_start": value})
    assert session.ledgers.get("chronicle", entry.id).values["date_start"] == reads


@pytest.mark.parametrize("value", ["2026-03-05", "2026-03-05T10:00+08:00", "9999-12-31 23:59",
                                   "1900-01-01 08:00", "2026-03-05 25:00", "20260305T1000",
                                   1_772_000_000, "2026-03-05 10", "２０２６-03-05 10:00",
                                   dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.timezone.utc)])
def test_times_are_minutes_between_1949_and_2100(session: UserSession, value: Any) -> None:
    message = refused(session, lambda: session.ledgers.add(
        "seal_outing", {"planned_return": value, "destination": "县财政局",
                        "reason": "参加联合检查需携带印章"}))
    assert "预计归还时间" in message


@pytest.mark.parametrize(("value", "reads"), [("2026-03-05 10:00", "2026-03-05T10:00"),
                                              ("2026-03-05T10:00:59", "2026-03-05T10:00"),
                                              ("2026-03-05 10:00:59.5", "2026-03-05T10:00"),
                                              (dt.datetime(2026, 3, 5, 10, 7, 9),
                                               "2026-03-05T10:07")])
def test_times_are_stored_to_the_minute(session: UserSession, value: Any, reads: str) -> None:
    entry = session.ledgers.add("seal_outing", {
        "planned_out": "2026-03-05 08:00", "planned_return": value, "destination": "县财政局",
        "reason": "参加联合检查需携带印章"})
    assert session.ledgers.get("seal_outing", entry.id).values["planned_return"] == reads


# -- characters --------------------------------------------------------------------

ONE_LINE_REFUSED = {"NUL": "\x00", "ESC": "\x1b[31m", "CR": "\r", "LF": "\n", "TAB": "\t",
                    "DEL": "\x7f", "NEL (C1)": "\x85", "CSI (C1)": "\x9b",
                    "LINE SEPARATOR": "\u2028", "PARAGRAPH SEPARATOR": "\u2029",
                    "RLO": "\u202e", "LRE": "\u202a", "RLI": "\u2067", "PDI": "\u2069",
                    "lone surrogate": "\ud800", "unit separator": "\x1f"}


@pytest.mark.parametrize("char", ONE_LINE_REFUSED.values(), ids=ONE_LINE_REFUSED.keys())
def test_one_line_fields_refuse_controls_breaks_and_direction_changes(
        session: UserSession, char: str) -> None:
    for place in (f"县财政局{char}会议室", char):
        message = refused(session, lambda p=place: session.ledgers.add(  # type: ignore[misc]
            "chronicle", {**CHRONICLE, "place": p}))
        assert message.startswith("“地点”")


MULTI_LINE_REFUSED = {k: v for k, v in ONE_LINE_REFUSED.items()
                      if k not in ("CR", "LF", "TAB", "LINE SEPARATOR", "PARAGRAPH SEPARATOR")}


@pytest.mark.parametrize("char", MULTI_LINE_REFUSED.values(), ids=MULTI_LINE_REFUSED.keys())
def test_paragraphs_refuse_controls_and_direction_changes(session: UserSession,
                                                          char: str) -> None:
    message = refused(session, lambda: session.ledgers.add(
        "chronicle", {**CHRONICLE, "content": f"开展专项监督检查{char}严明工作纪律"}))
    assert message.startswith("“主要内容”")


def test_paragraphs_keep_tabs_and_read_every_line_break_as_one(session: UserSession) -> None:
    text = "一、传达学习\t县纪委全会精神\r\n二、研究部署\r三、其他\u2028四、散会\u2029"
    entry = session.ledgers.add("chronicle", {**CHRONICLE, "content": text})
    assert session.ledgers.get("chronicle", entry.id).values["content"] == \
        "一、传达学习\t县纪委全会精神\n二、研究部署\n三、其他\n四、散会"


def test_table_cells_are_checked_like_fields(session: UserSession) -> None:
    message = refused(session, lambda: session.ledgers.add("group_meeting", {
        **MEETING, "agenda": [{"topic": "传达\x1b学习", "category": "1"}]}))
    assert "第 1 行：“议题”含有不能保存的控制字符（U+001B）" in message


# -- lengths -----------------------------------------------------------------------

def test_every_text_field_has_a_limit() -> None:
    """Declared per field, or the type's default: one line 200, paragraphs 20,000,
    an account 32 characters, a table 100 rows."""
    from paizhu_desktop.core.regulations.catalog import CATALOG

    assert DEFAULT_MAX_LENGTH == {FieldType.TEXT: 200, FieldType.LONGTEXT: 20_000,
                                  FieldType.USER: 32, FieldType.TABLE: 100}
    limited = (FieldType.TEXT, FieldType.LONGTEXT, FieldType.USER, FieldType.TABLE)
    for desc in CATALOG.ledgers():
        for f in desc.fields:
            for one in (f, *f.subfields):
                if one.type in limited:
                    assert one.limit, f"{desc.id}.{one.name}"
    assert Field("x", "说明", FieldType.LONGTEXT).limit == 20_000
    assert Field("x", "说明", FieldType.LONGTEXT, max_length=30_000).limit == 30_000


@pytest.mark.parametrize(("ledger", "data", "name", "limit", "label"), [
    ("chronicle", CHRONICLE, "place", 100, "地点"),            # declared
    ("chronicle", CHRONICLE, "content", 5000, "主要内容"),      # declared
    ("chronicle", CHRONICLE, "source_id", 200, "来源条目"),     # hidden, one-line default
    ("chronicle", CHRONICLE, "source_ledger", 200, "来源台账"),
    ("action_item", {"matter": "落实整改", "deadline": "2099-04-30"}, "owner", 32, "承办人"),
    ("seal_use", SEAL, "on_behalf_of", 32, "实际用印人（代为登记）"),
])
def test_text_longer_than_the_limit_is_refused(session: UserSession, ledger: str,
                                               data: dict[str, Any], name: str, limit: int,
                                               label: str) -> None:
    message = refused(session, lambda: session.ledgers.add(
        ledger, {**data, name: "字" * (limit + 1)}))
    assert message == f"“{label}”不能超过 {limit} 个字（现有 {limit + 1} 个）"


def test_megabytes_in_any_field_are_refused_in_a_short_message(session: UserSession) -> None:
    """10 MB in the requester, an on-behalf account, a hidden field or a note."""
    refused(session, lambda: session.ledgers.add("seal_use", {**SEAL, "requester": MEGABYTES}),
            RuleError)
    for ledger, data, name in (("seal_use", SEAL, "on_behalf_of"),
                               ("chronicle", CHRONICLE, "source_id"),
                               ("chronicle", CHRONICLE, "corrects"),
                               ("chronicle", CHRONICLE, "content")):
        refused(session, lambda ld=ledger, d=data, n=name:  # type: ignore[misc]
                session.ledgers.add(ld, {**d, n: MEGABYTES}))


# -- 密级, 保密期限, state, names ---------------------------------------------------------

@pytest.mark.parametrize("retention", [10, 1.5, ["10年"], {"年": 10}, True, "１０年",
                                       "10年\x1b", "\u202e年01"])
def test_retention_is_text_in_its_format(session: UserSession, retention: Any) -> None:
    message = refused(session, lambda: session.ledgers.add(
        "chronicle", CHRONICLE, classification="秘密", retention=retention))
    assert "保密期限" in message


@pytest.mark.parametrize("classification", [3, ["秘密"], {"密级": "秘密"}, True, "绝密"])
def test_classification_is_one_of_the_four(session: UserSession, classification: Any) -> None:
    assert "“密级”应为" in refused(session, lambda: session.ledgers.add(
        "chronicle", CHRONICLE, classification=classification))


@pytest.mark.parametrize("status", [["requested"], 1, {"状态": "x"}])
def test_state_given_as_something_else_than_text(session: UserSession, status: Any) -> None:
    refused(session, lambda: session.ledgers.add("seal_use", SEAL, status=status))


@pytest.mark.parametrize("name", ["第一行\n第二行\n第三行", "\x1b[2J清屏", "\u202e名字段",
                                  "\ud800", "长" * 100_000])
def test_an_unknown_field_name_is_echoed_on_one_short_line(session: UserSession,
                                                           name: str) -> None:
    message = refused(session, lambda: session.ledgers.add("chronicle", {**CHRONICLE, name: 1}))
    assert "没有名为“" in message and len(message) < 100


def test_quoted_input_is_one_line_and_short() -> None:
    assert quoted("a\nb\x1b\u202e\ud800") == "a\ufffdb\ufffd\ufffd\ufffd"
    assert quoted("长" * 50, 10) == "长" * 9 + "…"
    assert quoted(["x"]) == "['x']"


# -- edits, steps, voids ------------------------------------------------------------

def test_an_edit_with_bad_values_leaves_the_entry_as_it_was(session: UserSession) -> None:
    entry = session.ledgers.add("chronicle", CHRONICLE)
    for data in ({"place": 5}, {"content": "内容\x00"}, {"date_start": "9999-12-31"},
                 {"content": "字" * 5001}, {"未知\n字段": "x"}):
        refused(session, lambda d=data: session.ledgers.edit(  # type: ignore[misc]
            "chronicle", entry.id, d))
    refused(session, lambda: session.ledgers.edit("chronicle", entry.id, {}, retention=[1],
                                                  classification="秘密"))
    assert session.ledgers.get("chronicle", entry.id).version == 1


@pytest.mark.parametrize("reason", ["重复\n登记", "重复\x1b登记", "\u202e重复登记", 5, ["重复登记"],
                                    "原" * 201])
def test_a_void_reason_is_one_line_of_text(session: UserSession, reason: Any) -> None:
    entry = session.ledgers.add("chronicle", CHRONICLE)
    message = refused(session, lambda: session.ledgers.void("chronicle", entry.id, reason))
    assert "作废原因" in message
    assert not session.ledgers.get("chronicle", entry.id).voided


@pytest.mark.parametrize("note", ["同意\n（附条件）", "同意\x1b", "同意\u202e", "意" * 201, 5,
                                  "同意" + MEGABYTES])
def test_a_step_note_is_checked_as_the_field_it_is_kept_in(session: UserSession,
                                                           note: Any) -> None:
    request = session.ledgers.add("chronicle_review", {"kind": "year", "year": next(YEARS),
                                                       "summary": "本年大事记整理"})
    session.ledgers.step("chronicle_review", request.id, "submit")
    message = refused(session, lambda: session.ledgers.step(
        "chronicle_review", request.id, "send_back", note=note))
    assert message.startswith("“退回意见”")
    assert session.ledgers.get("chronicle_review", request.id).status == "submitted"


def test_a_step_takes_only_the_fields_it_asks(session: UserSession) -> None:
    item = session.ledgers.add("action_item", {"matter": "落实整改", "deadline": "2099-04-30"})
    for data in ({"completed_on": "2026-04-01", "evidence": "已办结", "matter": "改过的事项"},
                 {"completed_on": "20260401", "evidence": "已办结"},
                 {"completed_on": "2026-04-01", "evidence": "已办结\x00"},
                 ["completed_on"]):
        refused(session, lambda d=data: session.ledgers.step(  # type: ignore[misc]
            "action_item", item.id, "complete", data=d))
    assert session.ledgers.get("action_item", item.id).status == "open"


def test_an_unknown_step_or_entry_is_named_on_one_line(session: UserSession) -> None:
    from paizhu_desktop.core.errors import NotFoundError

    entry = session.ledgers.add("seal_use", SEAL)
    refused(session, lambda: session.ledgers.step("seal_use", entry.id, "批准\n并用印"),
            NotFoundError)
    refused(session, lambda: session.ledgers.get("seal_use", "没有\n这条" * 1000), NotFoundError)


# -- attachments --------------------------------------------------------------------

@pytest.mark.parametrize(("given", "kept"), [
    ("../../../etc/passwd", "passwd"),
    ("/etc/shadow", "shadow"),
    ("C:\\Windows\\system.ini", "system.ini"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("报告\x00.pdf", "报告.pdf"),
    ("\x1b[31m扫描件.jpg", "[31m扫描件.jpg"),
    ("合同\u202egpj.exe", "合同gpj.exe"),
    ("名单\n第二行.xlsx", "名单第二行.xlsx"),
    ("..", "附件"), ("", "附件"), ("\x00", "附件"), ("/", "附件"), (".pdf", "pdf"),
    ("   ", "附件"), ("CON.txt", "_CON.txt"), ('问"题"?.doc', "问_题__.doc"),
])
def test_attachment_names_become_safe_base_names(given: str, kept: str) -> None:
    assert safe_filename(given) == kept


def test_a_huge_attachment_name_is_cut_keeping_its_extension() -> None:
    name = safe_filename("扫" * 10_000_000 + ".pdf")
    assert len(name) == 100 and name.endswith(".pdf")


def test_attachments_are_stored_under_their_safe_name(session: UserSession) -> None:
    entry = session.ledgers.add("chronicle", CHRONICLE)
    for name in ("../../../etc/passwd", "/etc/shadow", "报告\x00.pdf", "扫" * 10_000 + ".jpg"):
        session.ledgers.attach("chronicle", entry.id, name, "内容".encode())
    names = [a.filename for a in session.ledgers.attachments("chronicle", entry.id)]
    assert sorted(names) == sorted(["passwd", "shadow", "报告.pdf", "扫" * 96 + ".jpg"])
    assert session.verify().ok


def test_an_entry_and_its_files_are_stored_together_or_not_at_all(
        session: UserSession, monkeypatch: pytest.MonkeyPatch) -> None:
    from paizhu_desktop.core.ledgers import service

    entry = session.ledgers.add("chronicle", CHRONICLE, attachments=[
        ("现场照片.jpg", b"\xff\xd8photo"), ("../通知.pdf", b"%PDF-1.4")])
    assert sorted(a.filename for a in session.ledgers.attachments("chronicle", entry.id)) == \
        ["现场照片.jpg", "通知.pdf"]
    monkeypatch.setattr(service, "MAX_ATTACHMENT_BYTES", 4)
    refused(session, lambda: session.ledgers.add(
        "chronicle", CHRONICLE, attachments=[("小.txt", b"1"), ("大.txt", b"12345")]))
    refused(session, lambda: session.ledgers.add(
        "chronicle", CHRONICLE, attachments=[("文件.txt", "不是字节")]))  # type: ignore[list-item]
    assert session.verify().ok


def test_a_refused_entry_stores_none_of_its_files(session: UserSession) -> None:
    for data in ({**CHRONICLE, "date_start": "9999-01-01"}, {**CHRONICLE, "place": 1}):
        refused(session, lambda d=data: session.ledgers.add(  # type: ignore[misc]
            "chronicle", d, attachments=[("照片.jpg", b"x")]))


# -- accounts -----------------------------------------------------------------------

@pytest.mark.parametrize(("username", "display_name", "says"), [
    ("wang\x1bmy", "王明远", "用户名"),
    ("wang\u202emy", "王明远", "用户名"),
    ("w" * 33, "王明远", "用户名"),
    ("wangmy", "王明远\n（组员）", "“姓名”只能填写一行"),
    ("wangmy", "王明远\x00", "“姓名”含有不能保存的控制字符"),
    ("wangmy", "王" * 33, "“姓名”不能超过 32 个字"),
    ("wangmy", 5, "“姓名”应为文字"),
])
def test_account_names_are_checked_like_one_line_fields(
        session: UserSession, username: str, display_name: Any, says: str) -> None:
    from conftest import admin_session

    admin = admin_session(session)
    try:
        assert says in refused(session, lambda: admin.add_user(
            username, PASSWORD, display_name=display_name))
    finally:
        admin.close()
