"""Bad input through ``paizhu``: exit 1 (bad input) or 2 (usage), one Chinese line on
stderr, no traceback, nothing stored.

The cases are those the command line was found to get wrong: internal errors on
a JSON file that is not UTF-8, nests 100,000 deep or holds a lone surrogate, on
``retention`` given as a number or a list, on ``--attach`` of a missing file or a
folder; an entry left stored when its ``--attach`` failed; bad values stored with
exit 0; ``--month 13`` and ``--year -5`` accepted; a field name echoed over three
lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, run_cli

Run = tuple[int, str, str]
CHRONICLE = {"date_start": "2026-03-02", "category": "2",
             "content": "开展专项监督检查，严明工作纪律"}
SEAL = {"document": "关于县财政局专项检查情况的报告", "purpose": "报送县纪委监委", "impressions": 2}
TEN_MB = "字" * (10 * 1024 * 1024 // 3)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database for the module: every case must leave it empty."""
    path = tmp_path_factory.mktemp("命令行") / "组.db"
    session, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    session.close()
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str, stdin: str = PASSWORD + "\n") -> Run:
        return run_cli(list(args), stdin, monkeypatch, capsys)

    return run


@pytest.fixture
def files(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "文件"
    d.mkdir()
    yield d


def auth(db: Path) -> list[str]:
    return ["--db", str(db), "--user", LEADER, "--password-stdin"]


def one_chinese_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:500]
    assert "Traceback" not in err and "内部错误" not in err, err[:500]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    assert len(lines[0]) < 500
    return lines[0]


def nothing_stored(cli: Callable[..., Run], db: Path) -> None:
    for ledger in ("chronicle", "seal_use", "group_meeting"):
        code, out, _ = cli("list", ledger, *auth(db), "--include-voided", "--format", "json")
        assert code == 0 and json.loads(out) == [], ledger
    code, out, _ = cli("verify", *auth(db))
    assert code == 0, out


def write(files: Path, content: Any, name: str = "条目.json") -> Path:
    path = files / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


BAD_ENTRIES: dict[str, tuple[str, Any, str]] = {
    # (ledger, JSON content, a word the message must hold)
    "not UTF-8 nor GB18030": ("chronicle", b'{"content": "\xff\xfe\x80\x80"}', "UTF-8"),
    "nested 100,000 deep": ("chronicle", "[" * 100_000 + "]" * 100_000, "嵌套"),
    "nested 40 deep": ("chronicle", "[" * 40 + "]" * 40, "嵌套"),
    "a character no font has": ("chronicle", {**CHRONICLE, "content": "约谈\U00020000某某"},
                                "“\U00020000”无法打印"),
    "lone surrogate in a value": (
        "chronicle", '{"date_start": "2026-03-02", "category": "2", "content": "纪律\\ud800"}',
        "无效的字符"),
    "lone surrogate in a name": (
        "chronicle", '{"date_start": "2026-03-02", "category": "2", "content": "纪律", '
                     '"\\udc80": 1}', "没有名为"),
    "NaN": ("chronicle", '{"date_start": "2026-03-02", "category": "2", "content": NaN}', "NaN"),
    "a number of 5,000 digits": ("seal_use", '{"impressions": ' + "9" * 5000 + "}", "数值"),
    "not JSON": ("chronicle", "{'content': '单引号'}", "不是有效的 JSON"),
    "a list": ("chronicle", [CHRONICLE], "对象"),
    "retention a number": ("chronicle", {**CHRONICLE, "classification": "秘密", "retention": 10},
                           "保密期限"),
    "retention a list": ("chronicle", {**CHRONICLE, "classification": "秘密",
                                       "retention": ["10年"]}, "保密期限"),
    "classification a number": ("chronicle", {**CHRONICLE, "classification": 3}, "密级"),
    "status a list": ("seal_use", {**SEAL, "status": ["requested"]}, "状态"),
    "a number as text": ("chronicle", {**CHRONICLE, "place": 12}, "应为文字"),
    "an object as text": ("chronicle", {**CHRONICLE, "place": {"名": "会议室"}}, "应为文字"),
    "true as text": ("chronicle", {**CHRONICLE, "place": True}, "应为文字"),
    "text as a number": ("seal_use", {**SEAL, "impressions": "2"}, "应为整数"),
    "text as yes or no": ("group_meeting", {
        "place": "派驻组会议室", "host": "张组长", "recorder": "李记录", "attendees": "全体",
        "discussion": "研究工作", "agenda": [{"topic": "传达学习", "category": "1"}],
        "important": "是"}, "是"),
    "date 20260305": ("chronicle", {**CHRONICLE, "date_start": "20260305"}, "日期"),
    "date as a number": ("chronicle", {**CHRONICLE, "date_start": 20260305}, "日期"),
    "date 2026-W10-1": ("chronicle", {**CHRONICLE, "date_start": "2026-W10-1"}, "日期"),
    "date 9999-12-31": ("chronicle", {**CHRONICLE, "date_start": "9999-12-31"}, "2100"),
    "date 0001-01-01": ("chronicle", {**CHRONICLE, "date_start": "0001-01-01"}, "1949"),
    "NUL in one line": ("chronicle", {**CHRONICLE, "place": "会议室\u0000"}, "U+0000"),
    "ESC in one line": ("chronicle", {**CHRONICLE, "place": "\u001b[31m会议室"}, "U+001B"),
    "CR in one line": ("chronicle", {**CHRONICLE, "place": "会议室\r"}, "一行"),
    "U+2028 in one line": ("chronicle", {**CHRONICLE, "place": "会议\u2028室"}, "一行"),
    "U+202E in one line": ("chronicle", {**CHRONICLE, "place": "会议\u202e室"}, "方向"),
    "ESC in paragraphs": ("chronicle", {**CHRONICLE, "content": "纪律\u001b[2J"}, "U+001B"),
    "10 MB in requester": ("seal_use", {**SEAL, "requester": TEN_MB}, "用印人"),
    "10 MB on behalf": ("seal_use", {**SEAL, "on_behalf_of": TEN_MB}, "不能超过 32 个字"),
    "10 MB in a hidden field": ("chronicle", {**CHRONICLE, "source_id": TEN_MB},
                                "不能超过 200 个字"),
    "10 MB in paragraphs": ("chronicle", {**CHRONICLE, "content": TEN_MB}, "不能超过 5000 个字"),
    "a field name over three lines": ("chronicle", {**CHRONICLE, "第一行\n第二行\n第三行": 1},
                                      "没有名为"),
    "a table as text": ("group_meeting", {
        "place": "派驻组会议室", "host": "张组长", "recorder": "李记录", "attendees": "全体",
        "discussion": "研究工作", "agenda": "传达学习"}, "议题"),
}


@pytest.mark.parametrize("case", BAD_ENTRIES, ids=BAD_ENTRIES)
def test_a_bad_entry_is_refused_on_one_line_and_not_stored(
        cli: Callable[..., Run], db: Path, files: Path, case: str) -> None:
    ledger, content, says = BAD_ENTRIES[case]
    code, out, err = cli("add", ledger, *auth(db), "--json-file", str(write(files, content)))
    assert code == 1 and out == "", err[:300]
    assert says in one_chinese_line(err)
    nothing_stored(cli, db)


def test_add_attach_missing_or_a_folder_stores_nothing(cli: Callable[..., Run], db: Path,
                                                      files: Path) -> None:
    entry = write(files, CHRONICLE)
    photo = files / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    for attach, says in ((files / "没有这个文件.pdf", "不存在"), (files, "文件夹")):
        code, out, err = cli("add", "chronicle", *auth(db), "--json-file", str(entry),
                             "--attach", str(photo), "--attach", str(attach))
        assert code == 1 and out == ""
        assert says in one_chinese_line(err)
    nothing_stored(cli, db)


def test_add_attach_refused_after_the_entry_checks_stores_neither(
        cli: Callable[..., Run], db: Path, files: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is refused inside the transaction that would store the entry."""
    from paizhu_desktop.core.ledgers import service

    photo = files / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    monkeypatch.setattr(service.LedgerService, "_store_attachment", _refuse_store)
    code, _, err = cli("add", "chronicle", *auth(db), "--json-file", str(write(files, CHRONICLE)),
                       "--attach", str(photo))
    assert code == 1 and "附件" in one_chinese_line(err)
    nothing_stored(cli, db)


def _refuse_store(*_args: Any, **_kwargs: Any) -> Any:
    from paizhu_desktop.core.errors import ValidationError

    raise ValidationError({"attachment": "附件无法保存（测试）"})


def test_add_attach_stores_the_entry_and_files_under_safe_names(
        cli: Callable[..., Run], tmp_path: Path, files: Path) -> None:
    db = tmp_path / "另一组.db"
    session, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    session.close()
    odd = files / "报告\x1b[31m\u202e.pdf"
    odd.write_bytes(b"%PDF-1.4")
    code, out, err = cli("add", "chronicle", *auth(db), "--json-file",
                         str(write(files, CHRONICLE)), "--attach", str(odd))
    assert code == 0, err
    session = UserSession.open(db, LEADER, PASSWORD, kdf=CHEAP_KDF)
    try:
        names = [a.filename for a in session.ledgers.attachments("chronicle", out.strip())]
    finally:
        session.close()
    assert names == ["报告[31m.pdf"]


def test_a_gb18030_file_is_read_and_said_so(cli: Callable[..., Run], tmp_path: Path,
                                            files: Path) -> None:
    db = tmp_path / "另一组.db"
    session, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    session.close()
    path = files / "记事本另存.json"
    path.write_bytes(json.dumps(CHRONICLE, ensure_ascii=False).encode("gb18030"))
    code, out, err = cli("add", "chronicle", *auth(db), "--json-file", str(path))
    assert code == 0
    assert "GB18030" in one_chinese_line(err)
    code, out, _ = cli("list", "chronicle", *auth(db), "--format", "json")
    assert [e["values"]["content"] for e in json.loads(out)] == [CHRONICLE["content"]]


def test_a_utf8_file_with_a_byte_order_mark_is_read(cli: Callable[..., Run], tmp_path: Path,
                                                    files: Path) -> None:
    db = tmp_path / "另一组.db"
    session, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    session.close()
    path = files / "带签名.json"
    path.write_bytes(json.dumps(CHRONICLE, ensure_ascii=False).encode("utf-8-sig"))
    code, _, err = cli("add", "chronicle", *auth(db), "--json-file", str(path))
    assert code == 0 and err == ""


@pytest.mark.parametrize("args", [
    ["list", "chronicle", "--month", "13", "--year", "2026"],
    ["list", "chronicle", "--month", "0", "--year", "2026"],
    ["list", "chronicle", "--year", "-5"],
    ["list", "chronicle", "--year", "3000"],
    ["list", "chronicle", "--year", "二〇二六"],
    ["list", "chronicle", "--month", "3"],
    ["print", "chronicle", "--out", "x.pdf", "--year", "1800"],
    ["print", "chronicle", "--out", "x.pdf", "--year", "2026", "--month", "13"],
    ["check", "--year", "-5"],
    ["audit", "--limit", "0"],
    ["audit", "--limit", "-1"],
    ["export", "--out", "x.pzx", "--passphrase-file", "p", "--from", "20260101"],
    ["export", "--out", "x.pzx", "--passphrase-file", "p", "--to", "9999-12-31"],
    ["list", "chronicle", "--status", "x", "--bogus\nline"],
])
def test_option_values_out_of_range_are_usage_errors(cli: Callable[..., Run], db: Path,
                                                     args: list[str]) -> None:
    code, out, err = cli(*args, *auth(db))
    assert code == 2 and out == ""
    assert one_chinese_line(err).startswith("用法错误：")


def test_demo_refuses_no_entries(cli: Callable[..., Run], tmp_path: Path) -> None:
    code, _, err = cli("demo", "--db", str(tmp_path / "演示.db"), "--password-stdin",
                       "--entries", "0")
    assert code == 2 and "条数" in one_chinese_line(err)
    assert not (tmp_path / "演示.db").exists()


@pytest.mark.parametrize("ledger", ["chron\nicle", "\x1b[2J", "台账" * 10_000])
def test_an_unknown_ledger_is_named_on_one_line(cli: Callable[..., Run], db: Path,
                                                ledger: str) -> None:
    code, _, err = cli("list", ledger, *auth(db))
    assert code == 1 and "没有名为" in one_chinese_line(err)


def test_a_void_reason_or_step_note_is_checked(cli: Callable[..., Run], tmp_path: Path,
                                              files: Path) -> None:
    db = tmp_path / "另一组.db"
    session, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    entry = session.ledgers.add("chronicle", CHRONICLE)
    review = session.ledgers.add("chronicle_review", {"kind": "month", "year": 2026,
                                                      "period": 2, "summary": "二月大事记汇总"})
    session.ledgers.step("chronicle_review", review.id, "submit")
    item = session.ledgers.add("action_item", {"matter": "落实整改", "deadline": "2099-04-30"})
    session.close()
    code, _, err = cli("void", "chronicle", entry.id, *auth(db), "--reason", "重复\n登记")
    assert code == 1 and "作废原因" in one_chinese_line(err)
    code, _, err = cli("step", "chronicle_review", review.id, "send_back", *auth(db), "--note",
                       "请补充\x1b[31m")
    assert code == 1 and "U+001B" in one_chinese_line(err)
    for data in ({"completed_on": "2026-11-20", "evidence": "已办结", "matter": "改过的事项"},
                 {"completed_on": "20261120", "evidence": "已办结"}, ["completed_on"]):
        code, _, err = cli("step", "action_item", item.id, "complete", *auth(db),
                           "--json-file", str(write(files, data)))
        assert code == 1
        one_chinese_line(err)
    for ledger, eid in (("chronicle", entry.id), ("chronicle_review", review.id),
                        ("action_item", item.id)):
        code, out, _ = cli("history", ledger, eid, *auth(db), "--format", "json")
        assert len(json.loads(out)["revisions"]) == (2 if ledger == "chronicle_review" else 1)


@pytest.mark.parametrize("args", [
    ["list", "chronicle", "--search", "纪律\udcff"],          # a byte that is not UTF-8
    ["list", "chronicle", "--status", "\udcff"],
    ["history", "chronicle", "编号\udcff"],
    ["list", "chron\udcffcle"],
    ["add", "chronicle", "--json-file", "条目\x00.json"],
])
def test_arguments_that_are_not_text_are_usage_errors(cli: Callable[..., Run], db: Path,
                                                      args: list[str]) -> None:
    code, _, err = cli(*args, *auth(db))
    assert code == 2 and one_chinese_line(err).startswith("用法错误：")


def test_a_file_the_system_refuses_is_named_on_one_line(cli: Callable[..., Run], db: Path,
                                                        files: Path) -> None:
    code, _, err = cli("list", "chronicle", "--db", str(files / ("长" * 300)), "--user", LEADER,
                       "--password-stdin")
    assert code == 1 and "文件名过长" in one_chinese_line(err)
    code, _, err = cli("add", "chronicle", *auth(db), "--json-file", str(files / "没有.json"))
    assert code == 1 and "不存在" in one_chinese_line(err)
    code, _, err = cli("add", "chronicle", *auth(db), "--json-file", str(files))
    assert code == 1 and "文件夹" in one_chinese_line(err)
