"""``paizhu``: administration, automation and testing from the command line.

Passwords never come as arguments: ``--password-stdin`` reads the acting
user's password from the first line of standard input (a new password from
the second), otherwise they are asked for on the terminal.

Exit codes: 0 done; 1 bad input; 2 usage; 3 authentication failed;
4 integrity check failed. Messages are one Chinese line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import getpass
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from paizhu_desktop.core.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTEGRITY,
    EXIT_OK,
    EXIT_USAGE,
    PaizhuError,
    ValidationError,
)
from paizhu_desktop.core.files import write_private
from paizhu_desktop.core.ledgers.fields import FIRST_YEAR, LAST_YEAR
from paizhu_desktop.core.text import one_line, quoted

from paizhu_desktop import __version__

log = logging.getLogger("paizhu")

_ARGPARSE_ZH = [
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"参数 \1 的值 \2 无效，可选：\3"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 应为整数：\2"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的命令 \1，可选：\2"),
    (r"argument (\S+): (.*)", r"参数 \1 \2"),
]

#: The largest JSON file read (entries are far smaller: every field has its limit).
MAX_JSON_BYTES = 20 * 1024 * 1024
#: How deep a JSON file may nest objects and lists (an entry needs four levels).
MAX_JSON_DEPTH = 32


class UsageError(Exception):
    pass


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help text headed in Chinese (``用法：`` instead of ``usage:``)."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Chinese help headings and one-line Chinese usage errors (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, repl in _ARGPARSE_ZH:
            if re.search(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        raise UsageError(message)


class Passwords:
    """Reads passwords from stdin lines (--password-stdin) or a terminal prompt."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin
        self._lines: list[str] | None = None

    def _line(self, index: int, what: str) -> str:
        if self._lines is None:
            self._lines = sys.stdin.read().splitlines()
        if index >= len(self._lines) or not self._lines[index]:
            raise UsageError(f"标准输入的第 {index + 1} 行应为{what}")
        return self._lines[index]

    def _prompt(self, prompt: str) -> str:
        if not sys.stdin.isatty():
            raise UsageError("没有终端可输入密码：请使用 --password-stdin")
        return getpass.getpass(prompt)

    def current(self, what: str = "密码") -> str:
        return self._line(0, what) if self.from_stdin else self._prompt(f"{what}：")

    def nth(self, index: int, what: str) -> str:
        """The ``index``-th password of several (stdin line, or typed twice)."""
        if self.from_stdin:
            return self._line(index, what)
        first = self._prompt(f"{what}：")
        if self._prompt(f"再次输入{what}：") != first:
            raise UsageError("两次输入的密码不一致")
        return first

    def new(self, what: str = "新密码") -> str:
        if self.from_stdin:
            return self._line(1, what)
        first = self._prompt(f"{what}：")
        if self._prompt(f"再次输入{what}：") != first:
            raise UsageError("两次输入的密码不一致")
        return first


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser()


def _session(args: argparse.Namespace, pw: Passwords) -> Any:
    from paizhu_desktop.core.session import UserSession

    session = UserSession.open(_db(args), args.user, pw.current())
    for notice in session.notices:
        print(f"注意：{notice}", file=sys.stderr)
    return session


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _shown(path: str | Path) -> str:
    """A file name as it may appear in a one-line message."""
    return quoted(str(path), 80)


def _unreadable(path: str | Path, exc: OSError, what: str = "文件") -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{what} {_shown(path)} 不存在"
    if isinstance(exc, IsADirectoryError):
        return f"{_shown(path)} 是一个文件夹，不是{what}"
    if isinstance(exc, PermissionError):
        return f"没有权限读取{what} {_shown(path)}"
    return f"无法读取{what} {_shown(path)}（{exc.strerror or type(exc).__name__}）"


def _read_text(path: str, what: str) -> str:
    """A small text file (``-``: standard input), UTF-8 or GB18030 (said on stderr)."""
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            raw: bytes | str = (stream.read(MAX_JSON_BYTES + 1) if stream is not None
                                else sys.stdin.read(MAX_JSON_BYTES + 1))
        else:
            with Path(path).open("rb") as f:
                raw = f.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise ValidationError({"file": _unreadable(path, exc, what)}) from None
    name = "标准输入" if path == "-" else _shown(path)
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationError({"file": f"{name} 过大，不像是{what}"})
    return raw if isinstance(raw, str) else _decode(raw, name)


def _read_json(path: str) -> Any:
    """A JSON file (``-``: standard input) as UTF-8, or as GB18030 when it decodes as
    such (said on stderr); bounded in size and nesting, NaN and Infinity refused."""
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            raw: bytes | str = (stream.read(MAX_JSON_BYTES + 1) if stream is not None
                                else sys.stdin.read(MAX_JSON_BYTES + 1))
        else:
            with Path(path).open("rb") as f:
                raw = f.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise ValidationError({"json_file": _unreadable(path, exc)}) from None
    name = "标准输入" if path == "-" else _shown(path)
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationError({"json_file": f"{name} 超过 {MAX_JSON_BYTES // 1024 // 1024} MB，"
                                            "不像是条目内容"})
    text = raw if isinstance(raw, str) else _decode(raw, name)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            {"json_file": f"{name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列："
                          f"{_json_reason(exc.msg)}）"}) from None
    except RecursionError:
        raise ValidationError({"json_file": f"{name} 的 JSON 嵌套层数过多"
                                            f"（最多 {MAX_JSON_DEPTH} 层）"}) from None
    except ValueError as exc:  # NaN, Infinity, or a number of thousands of digits
        raise ValidationError({"json_file": f"{name} 中有无法读取的数值：{one_line(str(exc))}"}) \
            from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise ValidationError({"json_file": f"{name} 的 JSON 嵌套层数过多"
                                            f"（最多 {MAX_JSON_DEPTH} 层）"})
    return data


_JSON_REASONS = (
    ("Expecting value", "缺少值"), ("Extra data", "结尾有多余内容"),
    ("Expecting property name", "字段名应加双引号"), ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"), ("Unterminated string", "引号没有结束"),
    ("Invalid control character", "引号内有控制字符"), ("Invalid \\u", "\\u 转义写法不正确"),
    ("Invalid \\escape", "转义写法不正确"),
)


def _json_reason(msg: str) -> str:
    return next((zh for en, zh in _JSON_REASONS if msg.startswith(en)), "格式不正确")


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark allowed); else GB18030, as Windows editors save Chinese."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationError({"json_file": f"{name} 不是 UTF-8 编码的文本（第 {at + 1} 个字节"
                                            "无法识别），也不是 GB18030；请另存为 UTF-8 后重试"}) \
            from None
    print(f"注意：{name} 不是 UTF-8 编码，已按 GB18030 读取；请核对读出的内容。", file=sys.stderr)
    return text


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} 不是数（JSON 中不能有 NaN、Infinity）")


def _depth(data: Any) -> int:
    """How deep ``data`` nests lists and objects (without recursion)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict)
                                                  else item))
    return deepest


def _entry_payload(raw: Any) -> tuple[dict[str, Any], str | None, str | None, str | None]:
    """Accept either the bare fields or {"values": {...}, "classification", "retention"}.

    A ``status`` in either form is handed to the core, which accepts only the
    initial state on add and the current one on edit (states change by steps)."""
    if not isinstance(raw, dict):
        raise ValidationError({"json_file": "JSON 应为一个对象（字段名: 值）"})
    if "values" in raw and isinstance(raw["values"], dict):
        return raw["values"], raw.get("classification"), raw.get("retention"), raw.get("status")
    data = dict(raw)
    return (data, data.pop("classification", None), data.pop("retention", None),
            data.pop("status", None))


# -- commands --------------------------------------------------------------------

def cmd_init(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.session import Administrators, NewAccount, UserSession

    leader = pw.nth(0, f"组长账号 {args.user} 的密码")
    admins = Administrators(
        NewAccount(args.system_admin, pw.nth(1, f"系统管理员账号 {args.system_admin} 的密码")),
        NewAccount(args.security_admin,
                   pw.nth(2, f"安全保密管理员账号 {args.security_admin} 的密码")),
        NewAccount(args.auditor, pw.nth(3, f"安全审计员账号 {args.auditor} 的密码")))
    session, recovery = UserSession.create(
        _db(args), args.user, leader, admins=admins, display_name=args.display_name or "",
        group_name=args.group_name or "", mode=args.mode)
    session.close()
    print(f"已创建数据库：{_db(args)}")
    print(f"账号：{args.user}（组长）；{args.system_admin}（系统管理员）；"
          f"{args.security_admin}（安全保密管理员）；{args.auditor}（安全审计员）")
    print("恢复密钥（只显示这一次，请打印后存放在保密柜中；所有密码遗失、重设管理员密码、"
          "停用管理员账号时凭它办理）：")
    print(recovery)
    return EXIT_OK


def _recovery_key(args: argparse.Namespace) -> str | None:
    """The recovery key from --recovery-key-file (administrator accounts need it)."""
    path = getattr(args, "recovery_key_file", None)
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = (_unreadable(path, exc, "恢复密钥文件") if isinstance(exc, OSError)
                  else f"恢复密钥文件 {_shown(path)} 不是文本")
        raise ValidationError({"recovery_key_file": reason}) from None


def cmd_user(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.permissions import parse_roles

    session = _session(args, pw)
    try:
        if args.user_cmd == "add":
            user = session.add_user(args.name, pw.new("新账号的密码"),
                                    display_name=args.display_name or "",
                                    roles=parse_roles(args.roles or ""),
                                    recovery_key=_recovery_key(args))
            print(f"已建立账号：{user.username}（{user.roles_label or '暂无角色'}）")
        elif args.user_cmd == "passwd":
            target = args.name or args.user
            if target == args.user:
                session.change_password(pw.current(), pw.new())
            else:
                session.reset_password(target, pw.new())
            print(f"已修改账号 {target} 的密码。")
        elif args.user_cmd == "roles":
            told = len(session.notices)
            user = session.set_roles(args.name, parse_roles(args.roles))
            for notice in session.notices[told:]:
                print(f"注意：{notice}", file=sys.stderr)
            print(f"账号 {user.username} 的角色：{user.roles_label or '无'}")
        elif args.user_cmd == "unlock":
            was = session.lift_lockout(args.name)
            print(f"已解除账号 {args.name} 的登录锁定。" if was
                  else f"账号 {args.name} 未被锁定；其连续失败次数已清零。")
        elif args.user_cmd == "disable":
            warning = session.disable_user(args.name, recovery_key=_recovery_key(args))
            if warning:
                print(f"注意：{warning}", file=sys.stderr)
            print(f"已停用账号 {args.name}。")
        else:
            users = session.list_users()
            if args.format == "json":
                _print_json([{"username": u.username, "display_name": u.display_name,
                              "roles": sorted(r.value for r in u.roles), "active": u.active}
                             for u in users])
            else:
                for u in users:
                    state = "" if u.active else "（已停用）"
                    print(f"{u.username}\t{u.display_name}\t{u.roles_label}{state}")
    finally:
        session.close()
    return EXIT_OK


def cmd_ledgers(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.regulations.catalog import CATALOG

    rows = [{"id": d.id, "name": d.name, "article": d.article, "chapter": d.chapter.heading,
             "regulation": d.chapter.regulation} for d in CATALOG.ledgers()]
    if args.format == "json":
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}\t{r['name']}\t{r['article']}")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace, pw: Passwords) -> int:
    """制度覆盖: each article of the five regulations, its state and what implements it."""
    from paizhu_desktop.core.coverage import (
        REGULATIONS,
        STATE_RULE,
        State,
        coverage,
        filtered,
        summary_lines,
    )
    from paizhu_desktop.core.regulations.catalog import CATALOG

    names = [r.name for r in REGULATIONS]
    if args.regulation and args.regulation not in names:
        raise UsageError(f"没有名为“{quoted(args.regulation)}”的制度；可选：{'、'.join(names)}")
    states = [State(s) for s in args.state or ()]
    result = coverage(CATALOG)
    if args.format == "json":
        out = result.as_json()
        if args.regulation or states:
            for reg in out["regulations"]:
                reg["articles"] = [a for a in reg["articles"]
                                   if not states or State(a["state"]) in states]
            out["regulations"] = [reg for reg in out["regulations"]
                                  if not args.regulation or reg["name"] == args.regulation]
        _print_json(out)
        return EXIT_OK
    print(STATE_RULE)
    for line in summary_lines(result):
        if not args.regulation or line.startswith(f"{args.regulation}："):
            print(line)
    if not result.tests_scanned:
        print("测试：安装版不含测试文件，测试一栏不列出。")
    print("\t".join(["制度", "条", "状态", "首句", "实现方式", "测试"]))
    for row in filtered(result, args.regulation or "", states):
        how = row.reason if row.state is State.NO_RECORD else (
            "；".join(i.describe() for i in row.implementations)
            or (f"本章计划：{'、'.join(row.planned)}" if row.planned else ""))
        tests = ("、".join(row.tests) or "无") if result.tests_scanned else "—"
        print("\t".join([row.article.regulation, row.article.label, row.state.label,
                         row.article.heading, how, tests]))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.regulations.catalog import CATALOG

    _print_json(CATALOG.ledger(args.ledger).json_schema())
    return EXIT_OK


def _attachments(paths: Sequence[str]) -> list[tuple[str, bytes]]:
    """The files of ``--attach``, read before anything is stored: a missing file, a
    folder or one too large is named, and nothing is added."""
    from paizhu_desktop.core.ledgers.service import MAX_ATTACHMENT_BYTES

    out = []
    for given in paths:
        p = Path(given)
        try:
            if p.is_dir():
                raise IsADirectoryError(given)
            if not p.is_file():
                raise FileNotFoundError(given) if not p.exists() else \
                    ValidationError({"attach": f"附件 {_shown(given)} 不是普通文件"})
            if p.stat().st_size > MAX_ATTACHMENT_BYTES:
                raise ValidationError({"attach": f"附件 {_shown(given)} 超过 100 MB"})
            out.append((p.name, p.read_bytes()))
        except OSError as exc:
            raise ValidationError({"attach": _unreadable(given, exc, "附件文件")}) from None
    return out


def cmd_add(args: argparse.Namespace, pw: Passwords) -> int:
    data, cls, ret, status = _entry_payload(_read_json(args.json_file))
    files = _attachments(args.attach or [])
    session = _session(args, pw)
    try:
        # The entry and its files in one transaction: a refused file stores nothing.
        entry = session.ledgers.add(args.ledger, data, classification=args.classification or cls,
                                    retention=args.retention if args.retention is not None else ret,
                                    status=status, attachments=files)
    finally:
        session.close()
    print(entry.id)
    return EXIT_OK


def cmd_edit(args: argparse.Namespace, pw: Passwords) -> int:
    data, cls, ret, status = _entry_payload(_read_json(args.json_file))
    session = _session(args, pw)
    try:
        entry = session.ledgers.edit(
            args.ledger, args.id, data, classification=args.classification or cls,
            retention=args.retention if args.retention is not None else ret, status=status)
    finally:
        session.close()
    print(f"{entry.id}\t第 {entry.version} 版")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.ledgers.columns import ledger_columns
    from paizhu_desktop.core.regulations.catalog import CATALOG

    desc = CATALOG.ledger(args.ledger)
    if args.month and not args.year:
        raise UsageError("--month 须与 --year 一起使用")
    date_from = date_to = None
    if args.year:
        date_from, date_to = f"{args.year:04d}-01-01", f"{args.year:04d}-12-31"
        if args.month:
            date_from = f"{args.year:04d}-{args.month:02d}-01"
            date_to = f"{args.year:04d}-{args.month:02d}-31"
    session = _session(args, pw)
    try:
        entries = session.ledgers.list(desc.id, search=args.search,
                                       include_voided=args.include_voided,
                                       date_from=date_from, date_to=date_to,
                                       status=args.status)
    finally:
        session.close()
    if args.format == "json":
        _print_json([e.as_json() for e in entries])
        return EXIT_OK
    columns = ledger_columns(desc)
    print("\t".join(["编号", *(c.label for c in columns)]))
    for e in entries:
        cells = [e.id, *(" ".join(c.text(e, {}).split()) for c in columns)]
        if e.voided:
            cells[0] += "（已作废）"
        print("\t".join(cells))
    return EXIT_OK


def cmd_step(args: argparse.Namespace, pw: Passwords) -> int:
    data = _read_json(args.json_file) if args.json_file else {}
    if not isinstance(data, dict):
        raise ValidationError({"json": "JSON 内容应为对象（字段名: 值）"})
    session = _session(args, pw)
    try:
        entry = session.ledgers.step(args.ledger, args.id, args.action, note=args.note or "",
                                     data=data)
    finally:
        session.close()
    print(f"已办理：{entry.id}，当前状态：{entry.ledger.status_label(entry.status)}")
    return EXIT_OK


def cmd_tasks(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        tasks = session.ledgers.tasks()
        notices = session.ledgers.notices()
    finally:
        session.close()
    if args.format == "json":
        _print_json([{"ledger": e.ledger.id, "id": e.id, "status": e.status,
                      "summary": e.summary, "steps": [s.action for s in steps]}
                     for e, steps in tasks])
        return EXIT_OK
    for notice in notices:  # e.g. 本人的用印申请需由B角审批 (献县办法 第六十五条)
        print(f"提示：{notice}")
    if not tasks:
        print("暂无需要您办理的事项。")
    for e, steps in tasks:
        print("\t".join([e.ledger.name, e.id, e.ledger.status_label(e.status), e.summary,
                         "、".join(f"{s.label}（{s.action}）" for s in steps)]))
    return EXIT_OK


def cmd_print(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.printing.jobs import SAVED_PDF, issue
    from paizhu_desktop.core.printing.service import print_document, print_register

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError({"out": "输出文件应以 .pdf 结尾"})
    session = _session(args, pw)
    try:
        if args.document:
            job = print_document(session, args.ledger, args.document, entry_id=args.id,
                                 year=args.year, month=args.month, half=args.half)
        else:
            job = print_register(session, args.ledger, year=args.year, month=args.month,
                                 half=args.half)
        # 秘密 and above: the file is registered as a 涉密载体 first and carries its 份号.
        pdf = issue(session, job, SAVED_PDF, 1)
        try:
            write_private(out, pdf)
        except OSError as exc:
            raise ValidationError({"out": f"无法写入 {out}：{exc.strerror}"}) from None
    finally:
        session.close()
    print(f"已生成：{out}（{job.title}，共 {job.pages} 页，密级：{job.marking or '非密'}）")
    if job.copy_numbers:
        print(f"份号：{'、'.join(job.copy_numbers)}（已登记为涉密载体，献县办法 第五十八条）")
    print(f"内容摘要：{job.digest}（{job.audit_label}，印在每页页脚）")
    if job.missing:
        print("警告：以下字符所有字体都没有，打印为空框：" + "".join(job.missing), file=sys.stderr)
    return EXIT_OK


def cmd_integrity_file(args: argparse.Namespace, pw: Passwords) -> int:
    """廉洁档案 (濮阳·谈话 第九条 …): the person's entries across the ledgers; ``--out``
    prints the file (记入打印记录)."""
    from paizhu_desktop.core.integrity_file import integrity_file, print_integrity_file
    from paizhu_desktop.core.printing.jobs import SAVED_PDF, issue

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".pdf":
        raise ValidationError({"out": "输出文件应以 .pdf 结尾"})
    session = _session(args, pw)
    try:
        items = integrity_file(session, args.person)
        job = print_integrity_file(session, args.person) if out is not None else None
        if out is not None and job is not None:
            pdf = issue(session, job, SAVED_PDF, 1)  # 秘密+: registered, with its 份号
            try:
                write_private(out, pdf)
            except OSError as exc:
                raise ValidationError({"out": f"无法写入 {out}：{exc.strerror}"}) from None
    finally:
        session.close()
    if args.format == "json":
        _print_json([{"ledger": i.ledger, "ledger_name": i.ledger_name, "id": i.entry_id,
                      "date": i.date, "kind": i.kind, "summary": i.summary,
                      "status": i.status, "classification": i.classification.value,
                      "article": i.article} for i in items])
    else:
        if not items:
            print(f"台账中没有归入“{args.person.strip()}”廉洁档案的记录。")
        for i in items:
            print("\t".join([i.date, i.ledger_name, i.entry_id, i.summary,
                             i.classification.value]))
    if job is not None:
        print(f"已生成：{out}（{job.title}，共 {job.pages} 页，密级：{job.marking or '非密'}）")
        if job.copy_numbers:
            print(f"份号：{'、'.join(job.copy_numbers)}（已登记为涉密载体，献县办法 第五十八条）")
    return EXIT_OK


def cmd_verify_print(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.printing.jobs import verify_print

    session = _session(args, pw)
    try:
        check = verify_print(session, args.digest, args.chain)
    finally:
        session.close()
    print(check.describe())
    return EXIT_OK if check.ok else EXIT_INTEGRITY


def _passphrase(path: str) -> str:
    try:
        text = (sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError({"passphrase_file": _unreadable(path, exc, "口令文件")}) from None
    except UnicodeDecodeError:
        raise ValidationError(
            {"passphrase_file": f"口令文件 {_shown(path)} 不是 UTF-8 编码的文本"}) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError({"passphrase_file": "口令文件为空"})
    return lines[0].strip()


def _printing_available() -> None:
    """--slip/--report need the print engine; say so plainly if this build lacks it."""
    try:
        import paizhu_desktop.core.printing.document  # noqa: F401
    except ImportError:
        raise ValidationError({"print": "本程序未包含打印模块，不能生成 PDF；"
                                        "请去掉 --slip/--report 后重试，或升级程序"}) from None


def cmd_export(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.handoff.slip import slip_text
    from paizhu_desktop.core.handoff.transfer import export

    passphrase = _passphrase(args.passphrase_file)
    if args.slip:
        _printing_available()
    session = _session(args, pw)
    try:
        result = export(session, Path(args.out), passphrase, year=args.year,
                        date_from=args.date_from, date_to=args.date_to)
        if args.slip:
            from paizhu_desktop.core.handoff.slip import render_slip
            from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print

            job = render_slip(session, result)
            write_private(Path(args.slip), job.pdf)
            record_print(session, job, SAVED_PDF)
    finally:
        session.close()
    print(f"已导出：{result.path}")
    for line in slip_text(result):
        print(line)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.handoff.transfer import import_file, plan_import

    passphrase = _passphrase(args.passphrase_file)
    if args.report and not args.dry_run:
        _printing_available()
    session = _session(args, pw)
    try:
        if args.dry_run:
            plan = plan_import(session, Path(args.file), passphrase)
        else:
            plan = import_file(session, Path(args.file), passphrase)
            if args.report:
                from paizhu_desktop.core.handoff.slip import render_report
                from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print

                job = render_report(session, plan)
                write_private(Path(args.report), job.pdf)
                record_print(session, job, SAVED_PDF)
    finally:
        session.close()
    print("试导入（未改动数据库）：" if args.dry_run else "已导入：")
    for line in plan.describe():
        print(line)
    return EXIT_OK


def cmd_inspect(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.handoff.transfer import inspect

    manifest = inspect(Path(args.file), _passphrase(args.passphrase_file))
    for line in manifest.describe():
        print(line)
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.handoff.passphrase import new_passphrase

    print(new_passphrase())
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.handoff.transfer import list_conflicts

    session = _session(args, pw)
    try:
        rows = list_conflicts(session)
    finally:
        session.close()
    if args.format == "json":
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print("没有待处理的交接冲突。")
    for r in rows:
        print(f"{r['ledger']}\t{r['entry_id']}\t本地第 {r['local_version']} 版\t"
              f"来件第 {r['incoming_version']} 版\t{r['at'][:16]}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        found = (session.ledgers.findings(args.ledger, args.year) if args.ledger
                 else session.ledgers.report("year_findings", args.year))
    finally:
        session.close()
    for f in found:
        print(f)
    if not found:
        print(f"{args.year} 年未发现序号空缺或超期事项。")
    return EXIT_OK


def cmd_void(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        entry = session.ledgers.void(args.ledger, args.id, args.reason)
    finally:
        session.close()
    print(f"已作废：{entry.id}（原因：{entry.void_reason}）")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        revs, audits = session.ledgers.history(args.ledger, args.id)
    finally:
        session.close()
    if args.format == "json":
        _print_json({
            "revisions": [{"version": r.version, "at": r.at, "username": r.username,
                           "action": r.action, "data": r.data} for r in revs],
            "audit": [{"seq": a.seq, "at": a.at, "username": a.username, "action": a.action,
                       "detail": a.detail} for a in audits]})
        return EXIT_OK
    print("版本记录：")
    for r in revs:
        print(f"  第 {r.version} 版\t{r.at}\t{r.username}\t{r.action}")
    print("审计记录：")
    for a in audits:
        print(f"  #{a.seq}\t{a.at}\t{a.username}\t{a.action_label}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        report = session.verify()
    finally:
        session.close()
    if report.ok:
        print(f"校验通过：数据库加密页完整，审计链 {report.audit_entries} 条无断点，"
              f"{report.entries_checked} 个条目与审计记录一致。")
        return EXIT_OK
    for p in report.problems:
        print(p)
    print(f"校验失败：{report.problems[0]}", file=sys.stderr)
    return EXIT_INTEGRITY


def cmd_audit(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        records = session.audit_entries(limit=args.limit)
    finally:
        session.close()
    for a in reversed(records):
        where = f"{a.ledger}/{a.entry_id}" if a.entry_id else a.ledger
        print(f"#{a.seq}\t{a.at}\t{a.username}\t{a.action_label}\t{where}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.audit import Action
    from paizhu_desktop.core.backup import list_backups, make_backup
    from paizhu_desktop.core.permissions import Permission

    if args.list:
        for b in list_backups(_db(args)):
            print(f"{b.path}\t{b.label}")
        return EXIT_OK
    session = _session(args, pw)
    try:
        session.require(Permission.BACKUP)
        backup = make_backup(session.db, reason="手动")
        session.log(Action.BACKUP, detail={"file": backup.path.name})
    finally:
        session.close()
    print(f"已备份并校验：{backup.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.maintenance import restore_from_backup

    source = Path(args.source).expanduser() if args.source else None
    done = restore_from_backup(_db(args), args.user, pw.current(), source)
    print(f"已从备份恢复：{done.source}")
    if done.aside != _db(args).resolve():
        print(f"原数据库文件已保留为：{done.aside}")
    return EXIT_OK


def cmd_setting(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.settings import SETTINGS, get_setting, set_setting

    session = _session(args, pw)
    try:
        if args.value is not None:
            if args.key is None:
                raise UsageError("设置值时须指明设置项")
            value = set_setting(session, args.key, args.value)
            decl = next(d for d in SETTINGS if d.key == args.key)
            print(f"已将“{decl.label}”设为 {value} {decl.unit}。")
            return EXIT_OK
        for decl in SETTINGS:
            if args.key in (None, decl.key):
                who = "、".join(r.label for r in decl.roles)
                print(f"{decl.key}\t{get_setting(session, decl.key)}\t{decl.unit}\t"
                      f"{decl.label}（{decl.minimum}–{decl.maximum}；由{who}设置）")
    finally:
        session.close()
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace, pw: Passwords) -> int:
    session = _session(args, pw)
    try:
        session.rekey("管理员要求", recovery_key=_recovery_key(args))
    finally:
        session.close()
    print("已更换数据库密钥：此前的密钥文件（包括备份中的）不能再打开当前数据库。")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.session import UserSession

    session = UserSession.open_with_recovery(_db(args), pw.current("恢复密钥"), args.user,
                                             pw.new())
    session.close()
    print(f"已用恢复密钥为账号 {args.user} 设置新密码。")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.demo import DEMO_USER, make_demo

    session = make_demo(_db(args), pw.current("演示账号的密码"), entries=args.entries)
    n = session.ledgers.count("chronicle")
    session.close()
    print(f"已创建演示数据库：{_db(args)}（账号 {DEMO_USER}，大事记 {n} 条）")
    return EXIT_OK


def _settings() -> Sequence[Any]:
    from paizhu_desktop.core.settings import SETTINGS

    return SETTINGS


def _work_calendar(args: argparse.Namespace, pw: Passwords) -> Any:
    """The working-day calendar: with ``--db``, corrected by that group's table."""
    from paizhu_desktop.core import compliance

    if not getattr(args, "db", None):
        return compliance.WorkCalendar()
    if not getattr(args, "user", None):
        raise UsageError("使用 --db 时须同时给出 --user")
    session = _session(args, pw)
    try:
        return compliance.work_calendar(session)
    finally:
        session.close()


def cmd_calendar(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core import compliance
    from paizhu_desktop.core.compliance.service import parse_table_text
    from paizhu_desktop.core.compliance.workdays import KIND_LABELS, package_years

    if args.calendar_cmd == "table":
        session = _session(args, pw)
        try:
            if args.set:
                text = _read_text(args.set, "调休表文件")
                rules = compliance.set_calendar_days(session, parse_table_text(text))
                print(f"已保存本组节假日调休表：{len(rules)} 天。")
            else:
                rules = compliance.calendar_days(session)
        finally:
            session.close()
        for r in rules:
            print(f"{r.date.isoformat()},{KIND_LABELS[r.kind]},{r.name}")
        if not rules and not args.set:
            known = package_years()
            print(f"本组尚未补录调休表；程序内置国务院 {known[0]}–{known[1]} 年的节假日安排。")
        return EXIT_OK
    cal = _work_calendar(args, pw)
    if args.calendar_cmd == "workdays":
        first, last = dt.date.fromisoformat(args.date_from), dt.date.fromisoformat(args.date_to)
        if last < first:
            raise UsageError("--to 不能早于 --from")
        print(cal.workdays(first, last))
    elif args.calendar_cmd == "add-workdays":
        print(cal.add_workdays(dt.date.fromisoformat(args.date), args.n).isoformat())
    else:
        year = args.year
        for name, first_day, last_day in cal.holiday_periods(year):
            print(f"{name}\t{first_day.isoformat()} 至 {last_day.isoformat()}\t"
                  f"共 {(last_day - first_day).days + 1} 天")
        day = dt.date(year, 1, 1)
        while day.year == year:
            if day.weekday() >= 5 and cal.is_workday(day):
                print(f"调休上班\t{day.isoformat()}（星期{'六日'[day.weekday() - 5]}）")
            day += dt.timedelta(days=1)
    return EXIT_OK


def cmd_duties(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core import compliance

    on = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    if args.print and not args.out:
        raise UsageError("--print 须同时给出 --out 文件")
    if args.print == "reminders" and not args.month:
        raise UsageError("打印提醒单须给出 --month")
    session = _session(args, pw)
    if args.print:
        try:
            return _print_duty_paper(session, args, on)
        finally:
            session.close()
    try:
        declared = compliance.duty_json(session)
        year = args.year or on.year
        items = compliance.instances(session, on=on, start=dt.date(year, 1, 1),
                                     end=dt.date(year, 12, 31), carry=True)
    finally:
        session.close()
    if args.format == "json":
        _print_json({"on": on.isoformat(), "year": year, "duties": declared,
                     "instances": [i.as_json() for i in items]})
        return EXIT_OK
    for i in items:
        mark = f"【{i.warning}】" if i.warning else ""
        print("\t".join([i.due.isoformat(), f"{mark}{i.state.label}", i.duty.name, i.label,
                         i.duty.article]))
    if not items:
        print(f"{year} 年没有到期的职责。")
    return EXIT_OK


def _print_duty_paper(session: Any, args: argparse.Namespace, on: dt.date) -> int:
    """工作计划表, 提醒单 or 职责履行情况报告 as a PDF file, logged as printed."""
    from paizhu_desktop.core.files import write_private
    from paizhu_desktop.core.printing.compliance_paper import print_compliance_report
    from paizhu_desktop.core.printing.duty_papers import print_reminders, print_work_plan
    from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print

    year = args.year or on.year
    if args.print == "plan":
        job = print_work_plan(session, year, on=on)
    elif args.print == "reminders":
        job = print_reminders(session, year, args.month, on=on)
    else:
        job = print_compliance_report(session, year, on=on)
    write_private(Path(args.out), job.pdf)
    record_print(session, job, SAVED_PDF)
    print(f"已生成{job.paper} {_shown(args.out)}（{job.pages} 页）。")
    return EXIT_OK


def cmd_compliance(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core.compliance.report import compliance_report

    on = dt.date.fromisoformat(args.on) if args.on else None
    session = _session(args, pw)
    try:
        report = compliance_report(session, args.year, on)
    finally:
        session.close()
    if args.format == "json":
        _print_json(report.as_json())
        return EXIT_OK
    print(f"{args.year} 年职责履行情况（截至 {report.on.isoformat()}）")
    print("\t".join(["职责", "依据", "应办", "按时", "逾期完成", "未完成", "未到期", "按时率"]))
    for t in (*report.duties, report.total):
        print("\t".join([t.name, t.article, str(t.due), str(t.on_time), str(t.late),
                         str(t.missed), str(t.open), t.rate]))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, pw: Passwords) -> int:
    from paizhu_desktop.core import statistics

    if args.format in ("xlsx", "pdf") and not args.out:
        raise UsageError(f"--format {args.format} 须同时给出 --out 文件")
    if (args.first or args.last) and not args.trend:
        raise UsageError("--from、--to 只用于 --trend（各年度趋势）")
    session = _session(args, pw)
    comparison: statistics.Comparison | None = None
    trend: statistics.Trend | None = None
    try:
        if args.compare:
            comparison = statistics.compare(session, args.year, args.by, args.group)
            stats = comparison.current
        else:
            stats = statistics.compute(session, args.year, args.by, args.group)
        if args.trend:
            trend = statistics.trend(session, args.first, args.last, args.group)
        if args.format == "pdf":
            from paizhu_desktop.core.files import write_private
            from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print
            from paizhu_desktop.core.printing.statistics_report import render_statistics

            job = render_statistics(session, stats, comparison=comparison, trend=trend)
            write_private(Path(args.out), job.pdf)
            record_print(session, job, SAVED_PDF)
            print(f"已生成统计报表 {_shown(args.out)}（{job.pages} 页，密级：{job.marking}）。")
            return EXIT_OK
        if args.format == "xlsx":
            statistics.write_xlsx(session, stats, Path(args.out), comparison=comparison,
                                  trend=trend)
            print(f"已生成统计报表 {_shown(args.out)}（密级：{statistics.MARKING}）。")
            return EXIT_OK
    finally:
        session.close()
    if args.format == "json":
        if comparison is not None and trend is not None:
            _print_json({"compare": comparison.as_json(), "trend": trend.as_json()})
        elif comparison is not None:
            _print_json(comparison.as_json())
        elif trend is not None:
            _print_json(trend.as_json())
        else:
            _print_json(stats.as_json())
        return EXIT_OK
    scopes: list[tuple[str | None, str]] = [*stats.groups, *(
        [(None, "合计")] if len(stats.groups) > 1 else [])]
    if comparison is None and trend is None:
        labels = [label for _, label, _ in stats.periods]
        for origin, name in scopes:
            print(f"【{name}】{args.year}年")
            print("\t".join(["统计项", "依据", *labels, "合计"]))
            for f in stats.figures:
                row = [str(stats.value(f.id, origin, months)) for _, _, months in stats.periods]
                print("\t".join([f.name, f.article, *row, str(stats.value(f.id, origin))]))
    if comparison is not None:
        before = comparison.previous.year
        periods = [*stats.periods, ("total", "全年", tuple(range(1, 13)))]
        if stats.by == "year":
            periods = periods[:1]
        for origin, name in scopes:
            print(f"【{name}】{args.year}年与{before}年同期对比")
            print("\t".join(["统计项", "依据", "期间", f"{args.year}年", f"{before}年同期",
                             "增减", "增减幅度"]))
            for f in stats.figures:
                for _k, label, months in periods:
                    c = comparison.change(f.id, origin, months)
                    print("\t".join([f.name, f.article, label, str(c.value), str(c.previous),
                                     c.delta_text, c.percent_text]))
    if trend is not None:
        for origin, name in scopes:
            print(f"【{name}】{trend.years[0]}—{trend.years[-1]}年趋势")
            print("\t".join(["统计项", "依据", *(f"{y}年" for y in trend.years)]))
            for f in trend.figures:
                print("\t".join([f.name, f.article, *map(str, trend.series(f.id, origin))]))
    return EXIT_OK


def cmd_record_scores(args: argparse.Namespace, pw: Passwords) -> int:
    """全程记实 monthly and quarterly scores and the ranking (濮阳·全程记实 第十五条);
    ``--print`` writes the quarter's 通报 (记入打印记录)."""
    from paizhu_desktop.core.record_scores import (
        QUARTER_NAMES,
        RULE,
        record_scores,
        score_text,
    )

    on = dt.date.fromisoformat(args.on) if args.on else None
    if args.print and not args.out:
        raise UsageError("--print 须同时给出 --out 文件")
    session = _session(args, pw)
    try:
        if args.print:
            from paizhu_desktop.core.files import write_private
            from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print
            from paizhu_desktop.core.printing.record_scores_paper import print_record_scores

            job = print_record_scores(session, args.year, args.quarter, on=on,
                                      group=args.group)
            write_private(Path(args.out), job.pdf)
            record_print(session, job, SAVED_PDF)
            print(f"已生成{job.paper} {_shown(args.out)}（{job.pages} 页，密级："
                  f"{job.marking or '非密'}）。")
            return EXIT_OK
        scores = record_scores(session, args.year, on=on, group=args.group)
    finally:
        session.close()
    if args.format == "json":
        _print_json(scores.as_json())
        return EXIT_OK
    quarters = [args.quarter] if args.quarter else [1, 2, 3, 4]
    print(f"{args.year} 年全程记实得分（截至 {scores.on.isoformat()}，濮阳·全程记实 第十五条）")
    for g in scores.groups:
        print(f"【{g.name}】")
        print("\t".join(["期间", "得分", "共性指标", "个性指标", "应办", "按时", "逾期完成",
                         "未完成"]))
        for q in quarters:
            for m in range(3 * q - 2, 3 * q + 1):
                ms = g.month(m)
                states = [i.state.value for i in ms.items]
                print("\t".join([f"{m}月" + ("" if ms.complete else "（未结束）"),
                                 score_text(ms.score), score_text(ms.score_of("common")),
                                 score_text(ms.score_of("specific")), str(len(ms.items)),
                                 str(states.count("done")), str(states.count("late")),
                                 str(states.count("overdue"))]))
            print("\t".join([f"第{QUARTER_NAMES[q - 1]}季度", score_text(g.quarter(q)),
                             score_text(g.quarter(q, "common")),
                             score_text(g.quarter(q, "specific"))]))
    if len(scores.groups) > 1:
        for q in quarters:
            print(f"第{QUARTER_NAMES[q - 1]}季度排名")
            for rank, g, score in scores.ranking(q):
                print("\t".join([str(rank), g.name, f"{score}"]))
    print(RULE)
    return EXIT_OK


def _ranged(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (else a usage error)."""
    def parse(text: str) -> int:
        value = int(text) if re.fullmatch(r"\s*-?[0-9]{1,12}\s*", text, re.ASCII) else None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"应为 {low}–{high} 之间的整数（{what}），而不是 {quoted(text, 20)}")
        return value

    return parse


YEAR = _ranged(FIRST_YEAR, LAST_YEAR, "年度")
MONTH = _ranged(1, 12, "月份")


def _iso_date(text: str) -> str:
    """An argparse type: a date written 2026-01-01, within the years dates may take."""
    try:
        day = dt.date.fromisoformat(text.strip()) if re.fullmatch(
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip(), re.ASCII) else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"应为 {FIRST_YEAR}–{LAST_YEAR} 年间的日期，如 2026-01-01，而不是 {quoted(text, 20)}")
    return day.isoformat()


def build_parser() -> Parser:
    p = Parser(prog="paizhu", description="派驻纪检监察组日常管理：命令行工具")
    p.add_argument("--version", action="version", version=f"paizhu {__version__}",
                   help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", parser_class=Parser, metavar="命令")
    sub.required = True

    def auth(sp: argparse.ArgumentParser, user: bool = True) -> None:
        sp.add_argument("--db", required=True, help="数据库文件")
        if user:
            sp.add_argument("--user", required=True, help="操作账号")
        sp.add_argument("--password-stdin", action="store_true",
                        help="从标准输入第一行读取密码（需要新密码时读第二行）")

    def command(name: str, func: Callable[[argparse.Namespace, Passwords], int],
                help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(func=func)
        return sp

    sp = command("init", cmd_init, "新建加密数据库：组长账号和三员（系统管理员、安全保密管理员、"
                 "安全审计员）账号；标准输入依次四行密码")
    auth(sp)
    sp.add_argument("--system-admin", default="xitong", help="系统管理员账号（默认 xitong）")
    sp.add_argument("--security-admin", default="anquan",
                    help="安全保密管理员账号（默认 anquan）")
    sp.add_argument("--auditor", default="shenji", help="安全审计员账号（默认 shenji）")
    sp.add_argument("--display-name")
    sp.add_argument("--group-name", help="派驻机构名称")
    sp.add_argument("--mode", choices=["group", "county"], default="group",
                    help="group：派驻机构；county：县纪委监委汇总")

    sp = command("user", cmd_user, "账号管理")
    user_sub = sp.add_subparsers(dest="user_cmd", parser_class=Parser, metavar="操作")
    user_sub.required = True
    for name, text in (("add", "建立账号（系统管理员）"), ("passwd", "修改密码"),
                       ("roles", "设置角色（安全保密管理员）"), ("disable", "停用账号"),
                       ("unlock", "解除登录锁定（安全保密管理员）"), ("list", "列出账号")):
        usp = user_sub.add_parser(name, help=text, description=text)
        auth(usp)
        if name in ("add", "roles", "disable", "unlock"):
            usp.add_argument("name", help="账号")
        if name == "passwd":
            usp.add_argument("name", nargs="?", help="账号（省略则为本人）")
        if name == "add":
            usp.add_argument("--display-name")
            usp.add_argument("--roles", help="角色，逗号分隔，如 member,recorder")
        if name == "roles":
            usp.add_argument("--roles", required=True, help="角色，逗号分隔")
        if name in ("add", "disable"):
            usp.add_argument("--recovery-key-file",
                             help="恢复密钥文件（建立或停用管理员账号时须提供，三员分立）")
        if name == "list":
            usp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("ledgers", cmd_ledgers, "列出所有台账")
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("coverage", cmd_coverage, "制度覆盖：五项制度逐条的实现情况（已实现、部分实现、"
                 "无需记录、未实现），实现它的台账、字段、流程、规则、职责、文书和测试")
    sp.add_argument("--regulation", metavar="简称", help="只列出该制度（如 献县办法、濮阳·谈话）")
    sp.add_argument("--state", action="append",
                    choices=["implemented", "partly", "no_record", "missing"],
                    help="只列出该状态的条文（可重复）：implemented 已实现、partly 部分实现、"
                         "no_record 无需记录、missing 未实现")
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("schema", cmd_schema, "台账字段说明（JSON）")
    sp.add_argument("ledger")

    for name, func, text in (("add", cmd_add, "新增条目"), ("edit", cmd_edit, "修改条目")):
        sp = command(name, func, text)
        sp.add_argument("ledger")
        if name == "edit":
            sp.add_argument("id")
        auth(sp)
        sp.add_argument("--json-file", required=True, help="条目内容（JSON 文件，- 为标准输入）")
        sp.add_argument("--classification", help="密级：非密、内部、秘密、机密")
        sp.add_argument("--retention", help="保密期限，如 1年")
        if name == "add":
            sp.add_argument("--attach", action="append", help="附件文件（可重复）")

    sp = command("list", cmd_list, "按台账自身顺序列出条目")
    sp.add_argument("ledger")
    auth(sp)
    sp.add_argument("--search", help="检索文字（任意中文片段）")
    sp.add_argument("--year", type=YEAR, help=f"年度（{FIRST_YEAR}–{LAST_YEAR}）")
    sp.add_argument("--month", type=MONTH, help="月份（1–12，须与 --year 一起）")
    sp.add_argument("--include-voided", action="store_true")
    sp.add_argument("--status", help="只列出该状态的条目（状态代码见 paizhu schema）")
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("step", cmd_step, "办理审批步骤（批准、不批准、核对、用印、办结、审定等）")
    sp.add_argument("ledger")
    sp.add_argument("id")
    sp.add_argument("action", help="步骤代码，见 paizhu schema 的 workflow.steps")
    auth(sp)
    sp.add_argument("--note", help="意见或理由")
    sp.add_argument("--json-file", help="步骤需要填写的字段（JSON 文件，- 为标准输入）")

    sp = command("tasks", cmd_tasks, "本人的待办事项（审批待办、承办事项）")
    auth(sp)
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("print", cmd_print, "打印登记簿或文书为 PDF（记入打印记录）")
    sp.add_argument("ledger")
    auth(sp)
    sp.add_argument("--out", required=True, help="输出的 PDF 文件")
    sp.add_argument("--year", type=YEAR)
    sp.add_argument("--month", type=MONTH)
    sp.add_argument("--half", type=int, choices=[1, 2], help="1 上半年，2 下半年")
    sp.add_argument("--document", help="文书名称，如 会议纪要、大事记、谈话记录、学习季报、请示、"
                                       "一函两书（名称有误时列出全部可打印的文书；省略则打印登记簿）")
    sp.add_argument("--id", help="文书所依据的条目编号（按条目出具的文书，如会议纪要、请示）")

    sp = command("integrity-file", cmd_integrity_file,
                 "某人的廉洁档案：各台账中的谈话、报告、承诺和评议考核记录（濮阳·谈话 第九条等）")
    sp.add_argument("person", help="姓名")
    auth(sp)
    sp.add_argument("--format", choices=["text", "json"], default="text")
    sp.add_argument("--out", help="同时打印为 PDF（记入打印记录）")

    sp = command("verify-print", cmd_verify_print, "核对纸质打印件的内容摘要与数据库是否一致")
    sp.add_argument("digest", help="打印件页脚上的内容摘要，如 3F9A-1C0B-77D2-E410；"
                                   "也可以照抄整行页脚（连同审计链位置）")
    auth(sp)
    sp.add_argument("--chain", help="页脚上的审计链位置，如“第 37 条 3f9a1c0b77d2e410”：核对审计链"
                                    "在打印之后没有被改写")

    sp = command("export", cmd_export, "导出交接文件（加密；按年度或起止日期）")
    auth(sp)
    sp.add_argument("--year", type=YEAR)
    sp.add_argument("--from", dest="date_from", type=_iso_date, help="起始日期，如 2026-01-01")
    sp.add_argument("--to", dest="date_to", type=_iso_date, help="截止日期，如 2026-12-31")
    sp.add_argument("--out", required=True, help="交接文件（.pzx）")
    sp.add_argument("--passphrase-file", required=True, help="交接口令文件（第一行）")
    sp.add_argument("--slip", help="同时生成交接单 PDF")

    sp = command("import", cmd_import, "导入交接文件（先整体校验，一次性合并）")
    sp.add_argument("file")
    auth(sp)
    sp.add_argument("--passphrase-file", required=True)
    sp.add_argument("--dry-run", action="store_true", help="只显示将要发生的变化，不改动数据库")
    sp.add_argument("--report", help="同时生成导入报告 PDF")

    sp = command("inspect", cmd_inspect, "查看交接文件的清单")
    sp.add_argument("file")
    sp.add_argument("--passphrase-file", required=True)

    command("passphrase", cmd_passphrase, "生成一个便于朗读和输入的强交接口令")

    sp = command("conflicts", cmd_conflicts, "列出交接导入中与本地版本冲突的条目")
    auth(sp)
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("calendar", cmd_calendar,
                 "工作日计算与节假日调休表（法定节假日与调休按国务院安排）")
    cal_sub = sp.add_subparsers(dest="calendar_cmd", parser_class=Parser, metavar="操作")
    cal_sub.required = True

    def optional_db(csp: argparse.ArgumentParser) -> None:
        csp.add_argument("--db", help="数据库文件（给出时按本组补录的调休表计算）")
        csp.add_argument("--user", help="操作账号（与 --db 一起）")
        csp.add_argument("--password-stdin", action="store_true",
                         help="从标准输入第一行读取密码")

    csp = cal_sub.add_parser("workdays", help="起止日期之间（含首尾）的工作日数",
                             description="起止日期之间（含首尾）的工作日数")
    csp.add_argument("--from", dest="date_from", type=_iso_date, required=True)
    csp.add_argument("--to", dest="date_to", type=_iso_date, required=True)
    optional_db(csp)
    csp = cal_sub.add_parser("add-workdays", help="某日之后第 N 个工作日（当日不计入）",
                             description="某日之后第 N 个工作日（当日不计入），"
                                         "如 10 个工作日期限的截止日")
    csp.add_argument("date", type=_iso_date, help="起算日，如 2026-09-28")
    csp.add_argument("n", type=_ranged(0, 3650, "工作日数"), help="工作日数")
    optional_db(csp)
    csp = cal_sub.add_parser("holidays", help="某年的节假日和调休上班日",
                             description="某年的节假日和调休上班日")
    csp.add_argument("--year", type=YEAR, default=dt.date.today().year)
    optional_db(csp)
    table_help = "查看或替换本组补录的节假日调休表（组长、安全保密管理员）"
    csp = cal_sub.add_parser("table", help=table_help, description=(
        table_help + "；文件每行一天：2027-01-01,休,元旦 或 2027-02-07,班,春节调休"))
    auth(csp)
    csp.add_argument("--set", help="用该文件替换调休表（- 为标准输入）")

    sp = command("duties", cmd_duties, "职责日历：每项职责的依据条文，以及本年各期的完成状态")
    auth(sp)
    sp.add_argument("--on", type=_iso_date, help="按哪一天计算状态（默认今天）")
    sp.add_argument("--year", type=YEAR, help="年度（默认 --on 所在年度；以前年度未完成的也列出）")
    sp.add_argument("--format", choices=["text", "json"], default="text")
    sp.add_argument("--print", choices=["plan", "reminders", "report"],
                    help="打印为 PDF：plan 工作计划表，reminders 提醒单（须 --month），"
                         "report 职责履行情况报告")
    sp.add_argument("--month", type=MONTH, help="提醒单的月份")
    sp.add_argument("--out", help="PDF 文件（--print 时）")

    sp = command("compliance", cmd_compliance, "年度职责履行情况：每项职责应办、按时、逾期、未完成")
    auth(sp)
    sp.add_argument("--year", type=YEAR, default=dt.date.today().year)
    sp.add_argument("--on", type=_iso_date, help="截至哪一天（默认今天）")
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("stats", cmd_stats, "统计：各派驻机构、各期间的统计项（汇总库为全部机构）")
    auth(sp)
    sp.add_argument("--year", type=YEAR, default=dt.date.today().year)
    sp.add_argument("--by", choices=["year", "half", "quarter", "month"], default="year",
                    help="统计周期：year 年、half 半年、quarter 季度、month 月")
    sp.add_argument("--group", help="只统计该派驻机构（名称或数据库编号）")
    sp.add_argument("--compare", action="store_true",
                    help="同比：各期间与上年同期对比（增减、增减幅度）")
    sp.add_argument("--trend", action="store_true",
                    help="趋势：各统计项逐年数值（默认库中所有年度）")
    sp.add_argument("--from", dest="first", type=YEAR, help="趋势的起始年度（--trend 时）")
    sp.add_argument("--to", dest="last", type=YEAR, help="趋势的截止年度（--trend 时）")
    sp.add_argument("--format", choices=["text", "json", "xlsx", "pdf"], default="text")
    sp.add_argument("--out", help="xlsx 或 PDF 文件（--format xlsx、pdf 时）")

    sp = command("record-scores", cmd_record_scores,
                 "全程记实每月得分、季度得分和排名（濮阳·全程记实 第十五条）；--print 打印季度通报")
    auth(sp)
    sp.add_argument("--year", type=YEAR, default=dt.date.today().year)
    sp.add_argument("--quarter", type=_ranged(1, 4, "季度"), help="只列出该季度（1–4）")
    sp.add_argument("--on", type=_iso_date, help="截至哪一天计分（默认今天）")
    sp.add_argument("--group", help="只计该派驻机构（名称或数据库编号；汇总库）")
    sp.add_argument("--format", choices=["text", "json"], default="text")
    sp.add_argument("--print", action="store_true",
                    help="打印全程记实得分通报为 PDF（须 --out；给出 --quarter 时只印该季度）")
    sp.add_argument("--out", help="PDF 文件（--print 时）")

    sp = command("check", cmd_check, "完整性检查：用印编号空缺、超期的议定事项")
    auth(sp)
    sp.add_argument("--year", type=YEAR, default=dt.date.today().year)
    sp.add_argument("--ledger")

    sp = command("void", cmd_void, "作废条目（必须写明原因）")
    sp.add_argument("ledger")
    sp.add_argument("id")
    auth(sp)
    sp.add_argument("--reason", required=True)

    sp = command("history", cmd_history, "条目的版本和审计记录")
    sp.add_argument("ledger")
    sp.add_argument("id")
    auth(sp)
    sp.add_argument("--format", choices=["text", "json"], default="text")

    sp = command("verify", cmd_verify, "校验数据库完整性和审计链")
    auth(sp)

    sp = command("audit", cmd_audit, "查阅审计日志（安全审计员）")
    auth(sp)
    sp.add_argument("--limit", type=_ranged(1, 1_000_000, "条数"), default=200,
                    help="显示最近多少条（默认 200）")

    sp = command("backup", cmd_backup, "立即备份（加密）并校验；--list 列出备份")
    sp.add_argument("--db", required=True)
    sp.add_argument("--user")
    sp.add_argument("--password-stdin", action="store_true")
    sp.add_argument("--list", action="store_true")

    sp = command("restore", cmd_restore, "从备份恢复（原文件保留，不删除）")
    auth(sp)
    sp.add_argument("--from", dest="source", help="备份文件（省略则用最近的完好备份）")

    sp = command("setting", cmd_setting, "查看或修改设置（密码策略、锁定次数由安全保密管理员设置）")
    auth(sp)
    sp.add_argument("key", nargs="?", choices=[d.key for d in _settings()], metavar="设置项",
                    help="设置项（省略则列出全部）")
    sp.add_argument("value", nargs="?", help="新的值")

    sp = command("rekey", cmd_rekey, "更换数据库密钥（系统管理员或安全保密管理员；须无他人使用）")
    auth(sp)
    sp.add_argument("--recovery-key-file", help="恢复密钥文件（恢复密钥槽为旧格式时须提供）")

    sp = command("recover", cmd_recover, "凭恢复密钥为账号设置新密码（标准输入：恢复密钥、新密码）")
    auth(sp)

    sp = command("demo", cmd_demo, "新建演示数据库（账号 demo）")
    auth(sp, user=False)
    sp.add_argument("--entries", type=_ranged(1, 100_000, "条数"), default=60)

    return p


#: Arguments naming files: these may hold bytes that are not UTF-8 (a file name on
#: Linux); every other argument is text and must decode.
_PATH_ARGUMENTS = frozenset({"db", "json_file", "attach", "out", "file", "passphrase_file",
                             "recovery_key_file", "slip", "report", "source"})
_ERRNO_ZH = {errno.ENOENT: "不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限",
             errno.ENAMETOOLONG: "文件名过长", errno.ENOSPC: "磁盘空间已满",
             errno.EISDIR: "是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
             errno.EROFS: "所在的磁盘只读", errno.EEXIST: "已经存在"}


def _check_arguments(args: argparse.Namespace) -> None:
    """No argument holds a NUL; a text argument holds no byte that is not UTF-8 (Python
    keeps such bytes as lone surrogates, which no field, search or id can hold)."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            shown = f"--{name.replace('_', '-')}" if name not in ("ledger", "id", "file") \
                else name
            if "\x00" in item:
                raise UsageError(f"参数 {shown} 中有空字符")
            if name not in _PATH_ARGUMENTS and any("\ud800" <= ch <= "\udfff" for ch in item):
                raise UsageError(f"参数 {shown} 中有无法识别的字符（命令行应为 UTF-8 编码）")


def _os_error(exc: OSError) -> str:
    """A file the system refused, in one Chinese sentence (the file named, if known)."""
    reason = _ERRNO_ZH.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return f"文件 {_shown(exc.filename)} {reason}" if exc.filename else f"文件操作失败：{reason}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``paizhu``; returns the exit code."""
    # Whatever else gets written (by libraries too) is the user's alone (core.files).
    os.umask(0o077)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        _check_arguments(args)
        if args.command == "backup" and not args.list and not args.user:
            raise UsageError("缺少参数：--user")
        return int(args.func(args, Passwords(getattr(args, "password_stdin", False))))
    except UsageError as exc:
        print(f"用法错误：{one_line(str(exc))}（paizhu --help 查看用法）", file=sys.stderr)
        return EXIT_USAGE
    except PaizhuError as exc:
        print(f"错误：{one_line(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the machine's refusal (no such file, disk full, no access)
        print(f"错误：{one_line(_os_error(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line for the user, no record content anywhere
        ref = uuid.uuid4().hex[:8]
        log.debug("internal error %s: %s", ref, type(exc).__name__)
        print(f"内部错误（参考号 {ref}：{type(exc).__name__}），请联系系统管理员。",
              file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
