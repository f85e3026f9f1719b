"""The ``paizhu`` command-line contract: names, exit codes, Chinese one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paizhu_desktop.core.storage import raw_connect

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account, run_cli

Run = tuple[int, str, str]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*args: str, stdin: str = PASSWORD + "\n") -> Run:
        return run_cli(list(args), stdin, monkeypatch, capsys)

    return run


#: ``paizhu init`` reads four passwords: the leader's and those of 三员.
INIT_STDIN = (PASSWORD + "\n") * 4


def _auth(db: Path, user: str = LEADER) -> list[str]:
    return ["--db", str(db), "--user", user, "--password-stdin"]


def _one_line_chinese(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])


def test_init_add_list_search_void_history(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "组.db"
    code, out, _ = cli("init", *_auth(db), "--group-name", "示例县派驻第一组",
                       stdin=INIT_STDIN)
    assert code == 0 and "恢复密钥" in out
    entry = tmp_path / "条目.json"
    entry.write_text(json.dumps({"date_start": "2026-03-02", "category": "2",
                                 "content": "开展专项检查，严明工作纪律"}, ensure_ascii=False),
                     encoding="utf-8")
    code, out, _ = cli("add", "chronicle", *_auth(db), "--json-file", str(entry))
    assert code == 0
    entry_id = out.strip()
    code, out, _ = cli("list", "chronicle", *_auth(db), "--search", "纪律", "--format", "json")
    assert code == 0 and [e["id"] for e in json.loads(out)] == [entry_id]
    code, out, _ = cli("list", "chronicle", *_auth(db), "--search", "不存在的词")
    assert code == 0 and entry_id not in out
    code, out, _ = cli("void", "chronicle", entry_id, *_auth(db), "--reason", "重复登记")
    assert code == 0 and "重复登记" in out
    code, out, _ = cli("history", "chronicle", entry_id, *_auth(db), "--format", "json")
    assert [a["action"] for a in json.loads(out)["audit"]] == ["create", "void"]
    code, out, _ = cli("verify", *_auth(db))
    assert code == 0 and "校验通过" in out


def test_ledgers_and_schema_are_machine_readable(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("ledgers", "--format", "json")
    ledgers = {d["id"]: d for d in json.loads(out)}
    assert code == 0 and {"chronicle", "group_meeting", "seal_use"} <= set(ledgers)
    assert "第六十" in ledgers["seal_use"]["article"]
    code, out, _ = cli("schema", "seal_use")
    schema = json.loads(out)
    assert [s["action"] for s in schema["workflow"]["steps"]][:2] == ["approve", "reject"]
    assert {f["name"] for f in schema["fields"]} >= {"document", "purpose", "impressions"}


def test_exit_codes_and_messages(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "组.db"
    assert cli("init", *_auth(db), stdin=INIT_STDIN)[0] == 0
    code, _, err = cli("list", "chronicle", *_auth(db), stdin="错误的密码\n")
    assert code == 3 and "用户名或密码不正确" in err
    _one_line_chinese(err)
    code, _, err = cli("list", "chronicle", *_auth(tmp_path / "没有.db"))
    assert code == 1
    _one_line_chinese(err)
    bad = tmp_path / "坏.json"
    bad.write_text(json.dumps({"date_start": "2026-13-40", "category": "2",
                               "content": "x"}), encoding="utf-8")
    code, _, err = cli("add", "chronicle", *_auth(db), "--json-file", str(bad))
    assert code == 1 and "日期" in err
    _one_line_chinese(err)
    code, _, err = cli("list")
    assert code == 2 and "缺少参数" in err
    code, _, err = cli("nonsense")
    assert code == 2 and "nonsense" in err and "无效" in err

    foreign = tmp_path / "别人的.db"
    foreign.write_bytes(os.urandom(16384))
    (tmp_path / "别人的.db.keys").write_bytes((tmp_path / "组.db.keys").read_bytes())
    code, _, err = cli("verify", *_auth(foreign))
    assert code == 4
    _one_line_chinese(err)


def test_verify_exit_4_names_the_altered_entry(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from paizhu_desktop.core.session import UserSession

    db = tmp_path / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    e = s.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                    "content": "原始记载"})
    raw = raw_connect(db, s.db.key)
    raw.execute("UPDATE ledger_chronicle SET f_content='改过的' WHERE id=?", (e.id,))
    raw.close()
    s.close()
    code, out, err = cli("verify", *_auth(db))
    assert code == 4 and e.id in out + err


def test_seal_flow_from_the_command_line_article_60(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """第六十条 through ``paizhu step``: the requester cannot approve; the leader can."""
    from paizhu_desktop.core.permissions import Role
    from paizhu_desktop.core.session import UserSession

    db = tmp_path / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    add_account(s, "wangmy", [Role.MEMBER])
    s.close()
    req = tmp_path / "用印.json"
    req.write_text(json.dumps({"document": "关于县财政局专项检查情况的报告",
                               "purpose": "报送县纪委监委", "impressions": 2},
                              ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli("add", "seal_use", *_auth(db, "wangmy"), "--json-file", str(req))
    assert code == 0
    eid = out.strip()
    code, _, err = cli("step", "seal_use", eid, "approve", *_auth(db, "wangmy"))
    assert code == 3 and "组长" in err
    code, out, _ = cli("tasks", *_auth(db), "--format", "json")
    assert [t["id"] for t in json.loads(out)] == [eid]
    code, out, _ = cli("step", "seal_use", eid, "approve", *_auth(db), "--note", "同意")
    assert code == 0 and "已批准待核对" in out
    code, out, _ = cli("list", "seal_use", *_auth(db), "--status", "approved")
    assert eid in out
    code, out, _ = cli("check", *_auth(db), "--year", "2026")
    assert code == 0 and "未发现" in out


def test_add_and_edit_refuse_states_step_records_and_another_requester_article_60(
        cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """第六十条 through ``paizhu add/edit``: a member cannot file a request as approved or
    stamped, type in who approved it or its number, or file it in another's name."""
    from paizhu_desktop.core.permissions import Role
    from paizhu_desktop.core.session import UserSession

    from conftest import add_account

    db = tmp_path / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    add_account(s, "wangmy", [Role.MEMBER])
    s.close()
    request = {"document": "关于县财政局专项检查情况的报告", "purpose": "报送县纪委监委",
               "impressions": 2}

    def run(command: str, payload: dict[str, object], *extra: str) -> Run:
        f = tmp_path / "条目.json"
        f.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return cli(command, "seal_use", *extra, *_auth(db, "wangmy"), "--json-file", str(f))

    for payload in ({"values": request, "status": "approved"},
                    {**request, "status": "stamped", "stamp_number": 999},
                    {**request, "status": "随便填的状态"},
                    {**request, "approver": LEADER, "approved_at": "2026-03-02 10:00"},
                    {**request, "requester": LEADER}):
        code, _, err = run("add", payload)
        assert code == 1, err
        _one_line_chinese(err)
    code, out, _ = cli("list", "seal_use", *_auth(db), "--format", "json")
    assert json.loads(out) == []

    code, out, _ = run("add", request)
    assert code == 0
    eid = out.strip()
    for payload in ({"status": "approved"}, {"values": {"impressions": 3}, "status": "stamped"},
                    {"approver": LEADER}, {"requester": LEADER}):
        code, _, err = run("edit", payload, eid)
        assert code == 1, err
        _one_line_chinese(err)
    code, out, _ = cli("history", "seal_use", eid, *_auth(db), "--format", "json")
    assert [a["action"] for a in json.loads(out)["audit"]] == ["create"]
