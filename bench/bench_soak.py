"""Fault soak: SIGKILL a busy writer at random moments; nothing confirmed may be lost.

A child process works the way several officers of a group would, each logged in
under their own account: chronicle entries added, edited and voided; seal-use
requests approved by the 组长, checked and stamped by the 印章保管员, withdrawn by
their requester; seals taken out and brought back; 组务会 with their 议定事项 and
会议纪要; month reviews submitted, signed off, archived or revoked; attachments;
registers printed (``record_print``); hand-off files exported; logins (now and then
after a wrong password), anchor saves and password changes. After each call
returns, the child appends what it confirmed to a journal and fsyncs it: entry id,
version and content hash, or the audit record of a print or export.

The parent kills the child with SIGKILL at a random moment, then: loads the key
file (it must still load, every slot in it), checks every account's anchor did
not fall behind what was confirmed, logs in afresh as the 安全审计员, checks every
change confirmed so far (the entry at least at that version; the confirmed
version in the revisions with that content hash and in the audit chain; each
attachment, print and export record in the audit chain; each failed login either
still pending in the key file or in the chain), runs ``verify`` (it must report
nothing), logs every business account in, and starts the next child. A database
or account that can no longer be opened is a finding: it is reported, the files
are kept, and an account is brought back with the recovery key so that the soak
goes on.

Argon2id runs at its cheapest (1 MiB, one pass) so that logins are cheap.
POSIX only (fork, SIGKILL).

Run: PYTHONPATH=src .venv/bin/python bench/bench_soak.py [--seconds 120] [--seed 1]
     [--keep DIR] [--focus OP,…] [--skip OP,…] [--repro]

``--focus``/``--skip`` narrow the mix (``--focus password`` aims the kills at password
changes); ``--repro`` shows the stale key-file write below without any kill.

Figures (2 CPUs, SQLCipher 4, WAL + synchronous=FULL; kill 0–3 s after the child starts,
a quarter of them within 0.25 s, i.e. during its four logins):

  --seconds 120 --seed 1: 55 runs, 55 kills (17 during login, 5 during a relogin, 7 in a
      print, 5 in an export …); 2,420 changes confirmed (2,109 entry versions, 114
      attachments, 64 prints, 50 exports, 31 failed logins, 52 anchor saves, 22 password
      changes); 72,025 checks; missing 0; verify failures 0 (55 runs); database and key
      file opened after every kill; anchors rolled back 5 (finding 1); accounts locked out 0.
  --seconds 600 --seed 2: 164 runs, 164 kills (36 during login, 19 relogin, 32 export, 16
      print …); 7,764 changes confirmed (6,691 entry versions, 363 attachments, 246 prints,
      173 exports, 96 failed logins, 195 anchor saves, 101 password changes); 796,690
      checks; missing 0; verify failures 0 (164 runs); opened after every kill; anchors
      rolled back 28 (finding 1); accounts locked out 0; 28 export ``.part`` files left.
      The check after a kill grows with the chain: 2.3 s median, 3.5 s at the end.
  --seconds 120 --seed 4 --skip password: 60 kills, 4,748 confirmed, missing 0, verify
      failures 0, no finding.
  --seconds 60 --seed 3 --focus password: 26 kills (17 in a password change), 1,131
      password changes confirmed; 4 accounts locked out (finding 2).

Findings of the first runs, since fixed in the core:
  1. Stale key-file writes (a password change set other accounts' anchors and slots
     back): every key-file change now runs under a lock, reads the file again and
     touches only its own part (``KeyFile.editing``); ``--repro`` shows it holds.
  2. A kill between saving a new slot and recording its key locked the account out:
     the replaced slot is now kept until the record is in, and the next login undoes
     a change cut short (the old password opens again; counted as "undone" above).
  After the fixes: --seconds 120 --seed 5: 50 kills, 5,393 confirmed changes, 144,156
  checks, missing 0, verify failures 0, anchors rolled back 0, accounts locked out 0;
  --seconds 60 --seed 3 --focus password: 24 kills (14 in a password change), 2,668
  password changes, 2 changes undone by a kill, accounts locked out 0;
  --seconds 600 --seed 2: 161 kills, 9,278 confirmed changes (8,002 entry versions, 434
  attachments, 312 prints, 189 exports, 126 failed logins, 215 anchor saves, 107
  password changes), 955,417 checks, missing 0, verify failures 0, anchors rolled back
  0, accounts locked out 0; check after a kill median 2.6 s.
  Hand-off exports killed mid-write leave ``<name>.pzx.part`` (ciphertext, overwritten by
  the next export of that name); a kill mid-save can leave ``<db>.keys.new``. Harmless.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paizhu_desktop.core.errors import (
    AuthError,
    NotFoundError,
    PaizhuError,
    RuleError,
    ValidationError,
)
from paizhu_desktop.core.handoff.transfer import export
from paizhu_desktop.core.keyslots import KdfCost, KeyFile
from paizhu_desktop.core.ledgers.entry import Entry, content_hash
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.session import Administrators, UserSession
from paizhu_desktop.core.storage import keyfile_path

#: Argon2id at its cheapest: logins cost milliseconds, not what is soaked here.
CHEAP = KdfCost(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "Naijiu-2026!"
PHRASE = "SOAK-7KQM-2XTB-9RFD-HW4C"  # hand-off passphrase (not a login password)

LEADER, DEPUTY, RECORDER, MEMBER = "zuzhang", "fuzu", "jilu", "gongzuo"
ADMINS = ("xitong", "anquan", "shenji")
AUDITOR = ADMINS[2]
BUSINESS = (LEADER, DEPUTY, RECORDER, MEMBER)
ROLES = {DEPUTY: [Role.DEPUTY, Role.SECRECY_OFFICER],
         RECORDER: [Role.MEMBER, Role.RECORDER, Role.SEAL_CUSTODIAN],
         MEMBER: [Role.MEMBER]}

#: What a refused operation raises (a rule, a state that moved on): not a failure.
REFUSALS = (RuleError, ValidationError, NotFoundError)

TODAY = dt.date.today()
YEAR = TODAY.year
UNITS = ["示例县财政局", "示例县审计局", "示例县统计局", "示例县人民检察院"]
PLACES = ["派驻组会议室", "示例县财政局三楼会议室", "县纪委监委第二会议室"]
TEXTS = ["开展{u}财务报销专项监督检查，抽查凭证120份，发现问题3个并反馈整改",
         "组长列席{u}党组会议，就“三重一大”事项决策程序提出监督意见",
         "对{u}政府采购项目开展跟踪监督，提出监督意见2条",
         "组织{u}中层干部廉政警示教育，参加人员46人",
         "督促{u}党组召开专题会议研究落实全面从严治党主体责任"]


# -- the journal: what the child confirmed ---------------------------------------------

class Journal:
    """Append-only JSON lines, each fsynced before the next operation starts."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def note(self, *, sync: bool = True, **record: Any) -> None:
        os.write(self.fd, (json.dumps(record, ensure_ascii=False) + "\n").encode())
        if sync:
            os.fsync(self.fd)


def read_journal(path: Path) -> list[dict[str, Any]]:
    """Complete lines only: a line cut by the kill was never confirmed."""
    if not path.exists():
        return []
    out = []
    for line in path.read_bytes().split(b"\n"):
        if line.strip():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
    return out


# -- the child ------------------------------------------------------------------------

@dataclasses.dataclass
class Child:
    path: Path
    journal: Journal
    rng: random.Random
    passwords: dict[str, str]
    outdir: Path
    phase: Any  # multiprocessing RawValue: index of the operation under way
    sessions: dict[str, UserSession] = dataclasses.field(default_factory=dict)

    def s(self, user: str) -> UserSession:
        return self.sessions[user]

    def login(self, user: str) -> None:
        self.sessions[user] = UserSession.open(self.path, user, self.passwords[user], kdf=CHEAP)

    def entry(self, op: str, e: Entry) -> None:
        self.journal.note(k="entry", op=op, ledger=e.ledger.id, id=e.id, v=e.version,
                          h=e.content_hash)

    def pick(self, user: str, ledger: str, **filters: Any) -> Entry | None:
        svc = self.s(user).ledgers
        seqs = svc.query(ledger, **filters)
        if not seqs:
            return None
        return svc.rows(ledger, [self.rng.choice(seqs)])[0]

    def day(self) -> str:
        """A day of this year up to today; now and then one of last year (reviewed months)."""
        if self.rng.random() < 0.1:
            return dt.date(YEAR - 1, self.rng.randint(1, 12), self.rng.randint(1, 28)).isoformat()
        start = dt.date(YEAR, 1, 1)
        return (start + dt.timedelta(days=self.rng.randrange((TODAY - start).days + 1))
                ).isoformat()

    def text(self) -> str:
        return self.rng.choice(TEXTS).format(u=self.rng.choice(UNITS))


def now_minute(offset_hours: float = 0) -> str:
    return (dt.datetime.now() + dt.timedelta(hours=offset_hours)).isoformat(timespec="minutes")


def op_add_chronicle(c: Child) -> None:
    who = c.rng.choice([RECORDER, RECORDER, DEPUTY, MEMBER, LEADER])
    e = c.s(who).ledgers.add("chronicle", {
        "date_start": c.day(), "importance": c.rng.randint(1, 5),
        "category": c.rng.choice("1234456"), "place": c.rng.choice(PLACES),
        "people": "王明远、李慧琴", "content": c.text()})
    c.entry("add", e)


def op_edit(c: Child) -> None:
    ledger = c.rng.choice(["chronicle", "chronicle", "group_meeting", "seal_use"])
    if ledger == "seal_use":
        e = c.pick(DEPUTY, ledger, status="requested", where={"requester": DEPUTY})
        data: dict[str, Any] = {"purpose": c.text()[:60], "impressions": c.rng.randint(1, 3)}
        who = DEPUTY
    elif ledger == "group_meeting":
        e, who = c.pick(RECORDER, ledger), RECORDER
        data = {"discussion": "与会人员逐项发表意见，形成一致意见。" + c.text()}
    else:
        e, who = c.pick(RECORDER, ledger), c.rng.choice([RECORDER, DEPUTY])
        data = {"content": c.text(), "place": c.rng.choice(PLACES)}
    if e is None:
        return
    c.entry("edit", c.s(who).ledgers.edit(ledger, e.id, data, expected_version=e.version))


def op_void(c: Child) -> None:
    who = c.rng.choice([LEADER, DEPUTY])
    ledger = c.rng.choice(["chronicle", "chronicle", "seal_use", "group_meeting", "action_item",
                           "chronicle_review"])
    e = c.pick(who, ledger)
    if e is None:
        return
    c.entry("void", c.s(who).ledgers.void(ledger, e.id, "登记有误，予以作废"))


def op_seal_request(c: Child) -> None:
    who = c.rng.choice([DEPUTY, RECORDER, MEMBER])
    data = {"requested_at": now_minute(),
            "document": f"关于{c.rng.choice(UNITS)}专项监督检查情况的报告",
            "purpose": "报送县纪委监委",
            "impressions": c.rng.choice([1, 1, 2, 3])}
    if who == RECORDER and c.rng.random() < 0.3:
        data["on_behalf_of"] = MEMBER  # 代为登记
    c.entry("seal_request", c.s(who).ledgers.add("seal_use", data))


def op_seal_decide(c: Child) -> None:
    e = c.pick(LEADER, "seal_use", status="requested")
    if e is None:
        return
    svc = c.s(LEADER).ledgers
    if c.rng.random() < 0.85:
        c.entry("seal_approve", svc.step("seal_use", e.id, "approve", note="同意"))
    else:
        c.entry("seal_reject", svc.step("seal_use", e.id, "reject", note="文件内容需进一步完善"))


def op_seal_custody(c: Child) -> None:
    svc = c.s(RECORDER).ledgers
    if c.rng.random() < 0.5:
        e = c.pick(RECORDER, "seal_use", status="approved")
        if e is None:
            return
        if c.rng.random() < 0.9:
            c.entry("seal_verify", svc.step("seal_use", e.id, "verify", note="与审批内容一致"))
        else:
            c.entry("seal_send_back", svc.step("seal_use", e.id, "send_back",
                                               note="用印文件与审批内容不符"))
    else:
        e = c.pick(RECORDER, "seal_use", status="verified")
        if e is not None:
            c.entry("seal_stamp", svc.step("seal_use", e.id, "stamp"))


def op_seal_withdraw(c: Child) -> None:
    who = c.rng.choice([DEPUTY, RECORDER, MEMBER])
    e = c.pick(who, "seal_use", status="requested", where={"requester": who})
    if e is not None:
        c.entry("seal_withdraw", c.s(who).ledgers.step("seal_use", e.id, "withdraw"))


def op_seal_outing(c: Child) -> None:
    r = c.rng.random()
    if r < 0.3:
        c.entry("outing_request", c.s(DEPUTY).ledgers.add("seal_outing", {
            "planned_out": now_minute(), "planned_return": now_minute(4),
            "destination": c.rng.choice(UNITS), "reason": "现场送达监督意见书，需当场用印"}))
    elif r < 0.55:
        e = c.pick(LEADER, "seal_outing", status="requested")
        if e is not None:
            c.entry("outing_approve", c.s(LEADER).ledgers.step("seal_outing", e.id, "approve",
                                                               note="同意，当日归还"))
    elif r < 0.8:
        e = c.pick(RECORDER, "seal_outing", status="approved")
        if e is not None:
            c.entry("outing_take_out", c.s(RECORDER).ledgers.step(
                "seal_outing", e.id, "take_out", data={"out_at": now_minute()}))
    else:
        e = c.pick(RECORDER, "seal_outing", status="out")
        if e is not None:
            c.entry("outing_give_back", c.s(RECORDER).ledgers.step(
                "seal_outing", e.id, "give_back", data={"returned_at": now_minute(0.05)}))


def op_meeting(c: Child) -> None:
    svc = c.s(RECORDER).ledgers
    r = c.rng.random()
    if r < 0.35:
        c.entry("meeting_add", svc.add("group_meeting", {
            "date": c.day(), "time": "9:00—10:30", "place": "派驻组会议室", "host": "组长",
            "recorder": "李慧琴", "attendees": "组长、王明远、李慧琴",
            "agenda": [{"topic": f"研究对{c.rng.choice(UNITS)}开展监督的措施", "category": "3"}],
            "discussion": "与会人员结合分管工作逐项发表意见，形成一致意见。",
            "decisions": "1. 制定专项检查方案", "important": c.rng.random() < 0.3}))
        return
    m = c.pick(RECORDER, "group_meeting")
    if m is None:
        return
    if r < 0.7:
        _t, values = svc.derive("group_meeting", m.id, "to_action_item")
        decided = dt.date.fromisoformat(values["decided_on"])
        deadline = decided + dt.timedelta(days=c.rng.choice([7, 14, 30]))
        c.entry("action_add", svc.add("action_item", dict(
            values, matter="督促整改落实" + c.text()[:30], owner=c.rng.choice([DEPUTY, RECORDER]),
            deadline=deadline.isoformat())))
    elif r < 0.85:
        _t, values = svc.derive("group_meeting", m.id, "to_chronicle")
        c.entry("meeting_chronicle", svc.add("chronicle", values))
    else:
        _t, values = svc.derive("group_meeting", m.id, "to_summary")
        c.entry("summary_add", svc.add("meeting_summary", dict(
            values, issue_no=c.rng.randint(1, 99), distribution="县纪委监委第一监督检查室")))


def op_meeting_steps(c: Child) -> None:
    r = c.rng.random()
    if r < 0.5:
        owner = c.rng.choice([DEPUTY, RECORDER])
        e = c.pick(owner, "action_item", status="open", where={"owner": owner})
        if e is not None:
            done = max(e.values["decided_on"], TODAY.isoformat())
            c.entry("action_complete", c.s(owner).ledgers.step("action_item", e.id, "complete",
                    data={"completed_on": done, "evidence": "已按期完成，材料已归档。"}))
    elif r < 0.65:
        e = c.pick(LEADER, "action_item", status="done")
        if e is not None:
            c.entry("action_reopen", c.s(LEADER).ledgers.step("action_item", e.id, "reopen",
                                                              note="佐证材料不全，退回重办"))
    else:
        e = c.pick(LEADER, "meeting_summary", status="draft")
        if e is not None:
            c.entry("summary_issue", c.s(LEADER).ledgers.step("meeting_summary", e.id, "issue"))


def op_review(c: Child) -> None:
    r = c.rng.random()
    rec, lead = c.s(RECORDER).ledgers, c.s(LEADER).ledgers
    if r < 0.2:
        c.entry("review_add", rec.add("chronicle_review", {
            "kind": "month", "year": YEAR - 1, "period": c.rng.randint(1, 12),
            "summary": "本月大事要事均已按第五十条顺序整理。"}))
        return
    state = ("draft" if r < 0.4 else "submitted" if r < 0.7 else "signed_off")
    e = c.pick(RECORDER, "chronicle_review", status=state)
    if e is None:
        return
    if state == "draft":
        c.entry("review_submit", rec.step("chronicle_review", e.id, "submit"))
    elif state == "submitted":
        if c.rng.random() < 0.8:
            c.entry("review_sign_off", lead.step("chronicle_review", e.id, "sign_off",
                                                 note="同意归档"))
        else:
            c.entry("review_send_back", lead.step("chronicle_review", e.id, "send_back",
                                                  note="请补充遗漏事项"))
    elif c.rng.random() < 0.6:
        c.entry("review_archive", rec.step("chronicle_review", e.id, "archive"))
    else:
        c.entry("review_revoke", lead.step("chronicle_review", e.id, "revoke",
                                           note="发现漏记事项，撤销审定"))


def op_correction(c: Child) -> None:
    """登记更正 of an entry in a signed-off month (the recorder, 第四十八、五十条)."""
    review = c.pick(RECORDER, "chronicle_review", status="signed_off")
    if review is None:
        return
    e = c.pick(RECORDER, "chronicle", date_from=review.values["period_start"],
               date_to=review.values["period_end"])
    if e is None:
        return
    svc = c.s(RECORDER).ledgers
    _t, values = svc.derive("chronicle", e.id, "correct")
    c.entry("correction", svc.add("chronicle", values))


def op_attach(c: Child) -> None:
    if c.rng.random() < 0.7:
        ledger, e = "chronicle", c.pick(RECORDER, "chronicle")
    else:
        ledger, e = "seal_use", c.pick(RECORDER, "seal_use", status="requested")
    if e is None:
        return
    content = c.rng.randbytes(c.rng.randint(1, 64) * 1024)
    att = c.s(RECORDER).ledgers.attach(ledger, e.id, "扫描件.jpg", content)
    c.journal.note(k="attach", ledger=ledger, entry=e.id, id=att.id, sha256=att.sha256)


def op_print(c: Child) -> None:
    who = c.rng.choice(BUSINESS)
    ledger = c.rng.choice(["chronicle", "seal_use", "action_item", "group_meeting",
                           "seal_outing", "chronicle_review"])
    month = c.rng.randint(1, TODAY.month) if c.rng.random() < 0.7 else None
    job = print_register(c.s(who), ledger, year=YEAR, month=month)
    seq = record_print(c.s(who), job, c.rng.choice([SAVED_PDF, "派驻组打印机"]))
    c.journal.note(k="print", seq=seq, digest=job.digest, user=who)


def op_export(c: Child) -> None:
    who = c.rng.choice([LEADER, DEPUTY])
    out = c.outdir / f"交接-{os.getpid()}-{c.rng.randrange(10**9)}.pzx"
    if c.rng.random() < 0.7:
        m = c.rng.randint(1, TODAY.month)
        last = (dt.date(YEAR + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        result = export(c.s(who), out, PHRASE, date_from=f"{YEAR}-{m:02d}-01", date_to=last,
                        kdf=CHEAP)
    else:
        result = export(c.s(who), out, PHRASE, year=YEAR, kdf=CHEAP)
    c.journal.note(k="export", sha256=result.sha256, path=str(out), user=who)


def op_relogin(c: Child) -> None:
    who = c.rng.choice(BUSINESS)
    c.sessions.pop(who).close()
    kf = KeyFile.load(keyfile_path(c.path))
    if c.rng.random() < 0.3 and kf.failure_count(who) < 3:
        c.journal.note(k="failing", user=who)
        try:
            UserSession.open(c.path, who, "WrongPass-1", kdf=CHEAP)
        except AuthError:
            # The failure as the key file keeps it until a login writes it to the chain.
            mine = [f for f in KeyFile.load(keyfile_path(c.path)).data["logins"]["log"]
                    if f["username"] == who][-1]
            c.journal.note(k="failed_login", user=who, at=mine["at"], count=mine["count"])
    c.login(who)
    c.journal.note(k="login", user=who)


def op_anchor(c: Child) -> None:
    who = c.rng.choice(BUSINESS)
    s = c.s(who)
    s.save_anchor()
    c.journal.note(k="anchor", user=who, seq=int(s.db.keyfile.data["anchors"][who]["seq"]))


def op_password(c: Child) -> None:
    """The 工作人员 changes his password: a new slot, a new signing key, a signed record."""
    old = c.passwords[MEMBER]
    new = f"Soak-{c.rng.randrange(10**8):08d}"
    c.journal.note(k="pw_intent", user=MEMBER, new=new)
    c.s(MEMBER).change_password(old, new)
    c.passwords[MEMBER] = new
    c.journal.note(k="pw", user=MEMBER, new=new)


#: Operations and how often each is chosen.
OPS: dict[str, tuple[Callable[[Child], None], int]] = {
    "add": (op_add_chronicle, 20), "edit": (op_edit, 12), "void": (op_void, 5),
    "seal_request": (op_seal_request, 8), "seal_decide": (op_seal_decide, 7),
    "seal_custody": (op_seal_custody, 8), "seal_withdraw": (op_seal_withdraw, 2),
    "seal_outing": (op_seal_outing, 5), "meeting": (op_meeting, 7),
    "meeting_steps": (op_meeting_steps, 5), "review": (op_review, 5),
    "correction": (op_correction, 1), "attach": (op_attach, 4), "print": (op_print, 3),
    "export": (op_export, 2), "relogin": (op_relogin, 4), "anchor": (op_anchor, 2),
    "password": (op_password, 1),
}
#: Phases the parent may catch the child in, by index (the shared ``phase`` value).
PHASES = ["start", "login", "between", *OPS]


def child_main(path: str, journal_path: str, outdir: str, passwords: dict[str, str],
               seed: int, focus: list[str], phase: Any) -> None:
    c = Child(Path(path), Journal(Path(journal_path)), random.Random(seed), dict(passwords),
              Path(outdir), phase)
    c.journal.note(k="start", pid=os.getpid())
    phase.value = PHASES.index("login")
    for user in BUSINESS:
        c.login(user)
        c.journal.note(k="login", user=user)
    names = focus or list(OPS)
    weights = [OPS[n][1] for n in names]
    while True:
        for user in BUSINESS:
            if user not in c.sessions:  # a login that failed: try again
                c.login(user)
        name = c.rng.choices(names, weights)[0]
        phase.value = PHASES.index(name)
        try:
            OPS[name][0](c)
        except REFUSALS:
            c.journal.note(k="refused", op=name, sync=False)
        except PaizhuError as exc:  # permission slips are the script's own mistakes
            c.journal.note(k="error", op=name, error=f"{type(exc).__name__}: {exc}")
        except Exception as exc:
            c.journal.note(k="error", op=name, error=f"{type(exc).__name__}: {exc}",
                           trace=traceback.format_exc()[-2000:])
        phase.value = PHASES.index("between")


# -- the parent ---------------------------------------------------------------------------

@dataclasses.dataclass
class Soak:
    folder: Path
    db: Path
    recovery_key: str
    passwords: dict[str, str]
    journal: Path
    outdir: Path
    problems: list[str] = dataclasses.field(default_factory=list)
    counts: Counter[str] = dataclasses.field(default_factory=Counter)
    killed_in: Counter[str] = dataclasses.field(default_factory=Counter)
    confirmed: Counter[str] = dataclasses.field(default_factory=Counter)
    exported_checked: set[str] = dataclasses.field(default_factory=set)
    #: Journal records already read for password changes.
    pw_seen: int = 0
    #: user -> the password before an unconfirmed change (the kill may have undone it).
    undone_from: dict[str, str] = dataclasses.field(default_factory=dict)
    check_seconds: list[float] = dataclasses.field(default_factory=list)
    verify_seconds: list[float] = dataclasses.field(default_factory=list)

    #: Findings already reported (each is counted and told once).
    reported: set[Any] = dataclasses.field(default_factory=set)

    def problem(self, text: str) -> None:
        self.problems.append(text)
        print("  !", text, flush=True)

    def finding(self, kind: str, key: Any, text: str) -> None:
        """A confirmed change not as it was confirmed: counted under ``kind``, once."""
        if (kind, key) not in self.reported:
            self.reported.add((kind, key))
            self.counts[kind] += 1
            self.problem(text)


def setup(folder: Path) -> Soak:
    db = folder / "soak.db"
    s, recovery_key = UserSession.create(db, LEADER, PASSWORD,
                                         admins=Administrators.sharing(PASSWORD),
                                         group_name="示例县派驻第一组（压力测试）", kdf=CHEAP)
    s.close()
    system = UserSession.open(db, ADMINS[0], PASSWORD, kdf=CHEAP)
    for name in ROLES:
        system.add_user(name, PASSWORD)
    system.close()
    security = UserSession.open(db, ADMINS[1], PASSWORD, kdf=CHEAP)
    for name, roles in ROLES.items():
        security.set_roles(name, roles)
    security.close()
    (folder / "recovery-key.txt").write_text(recovery_key + "\n", encoding="utf-8")
    outdir = folder / "exports"
    outdir.mkdir()
    passwords = dict.fromkeys((*BUSINESS, *ADMINS), PASSWORD)
    return Soak(folder, db, recovery_key, passwords, folder / "confirmed.jsonl", outdir)


def keep_copy(soak: Soak, tag: str) -> Path:
    """The database files as the kill left them, for diagnosis."""
    dest = soak.folder / f"finding-{tag}"
    dest.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm", ".keys", ".keys.new"):
        src = soak.db.with_name(soak.db.name + suffix)
        if src.exists():
            shutil.copy2(src, dest / src.name)
    return dest


def settle_passwords(soak: Soak, records: list[dict[str, Any]], kf: KeyFile) -> None:
    """Which password opens each slot now: the known one, or one a change under way set.
    A confirmed change must hold (its new password opens the slot)."""
    intents: dict[str, list[str]] = {}
    fresh, soak.pw_seen = records[soak.pw_seen:], len(records)
    for r in fresh:
        if r["k"] == "pw_intent":
            intents.setdefault(r["user"], []).append(r["new"])
        elif r["k"] == "pw":
            soak.passwords[r["user"]] = r["new"]
    for user, news in intents.items():
        if kf.opens_slot(user, soak.passwords[user]):
            continue
        for pw in reversed(news):
            if kf.opens_slot(user, pw):
                # Unconfirmed: if its record never went in, the old one is still the password.
                soak.undone_from[user] = soak.passwords[user]
                soak.passwords[user] = pw
                break


def check(soak: Soak, run: int) -> bool:
    """Everything confirmed is there, verify is clean, every account can log in.
    False when the database cannot be opened at all (the soak stops)."""
    t0 = time.perf_counter()
    records = read_journal(soak.journal)
    # Left by the kill: harmless, but counted.
    soak.counts["keys_new_left"] += soak.db.with_name(soak.db.name + ".keys.new").exists()
    for part in soak.outdir.glob("*.part"):
        soak.counts["export_part_left"] += 1
        part.unlink()
    try:
        kf = KeyFile.load(keyfile_path(soak.db), kdf=CHEAP)
    except PaizhuError as exc:
        soak.problem(f"run {run}: the key file no longer loads: {exc} "
                     f"(kept in {keep_copy(soak, f'run{run}')})")
        return False
    missing_slots = [u for u in (*BUSINESS, *ADMINS) if u not in kf.data["slots"]]
    if missing_slots:
        soak.problem(f"run {run}: key file lacks the slots of {missing_slots}")
    anchors = {a.username: a for a in kf.anchors()}
    last_anchor: dict[str, tuple[int, int]] = {}  # user -> (highest confirmed seq, record no.)
    for i, r in enumerate(records):
        if r["k"] == "anchor":
            soak.counts["checked_anchor"] += 1
            last_anchor[r["user"]] = max(last_anchor.get(r["user"], (0, 0)), (r["seq"], i))
    for user, (seq, i) in last_anchor.items():
        a = anchors.get(user)
        if a is None or a.seq < seq:
            why = ("; a password change was made in the same child after it"
                   if any(r["k"] == "pw_intent" for r in records[i:]) else "")
            soak.finding("anchor_rollbacks", (user, seq),
                         f"run {run}: the anchor of {user} fell back from the confirmed seq "
                         f"{seq} to {a.seq if a else None}{why}")
    pending = Counter(failure_key(p["username"], p["at"], p["count"])
                      for p in kf.data.get("logins", {}).get("log", []))
    settle_passwords(soak, records, kf)

    try:
        auditor = UserSession.open(soak.db, AUDITOR, soak.passwords[AUDITOR], kdf=CHEAP)
    except PaizhuError as exc:
        soak.problem(f"run {run}: the database cannot be opened after the kill "
                     f"({type(exc).__name__}: {exc}); files kept in {keep_copy(soak, f'run{run}')}")
        return False
    try:
        check_records(soak, auditor, records, pending, run)
        t1 = time.perf_counter()
        report = auditor.verify()
        soak.verify_seconds.append(time.perf_counter() - t1)
        soak.counts["verify_runs"] += 1
        if not report.ok:
            soak.counts["verify_failures"] += 1
            soak.problem(f"run {run}: verify: " + "；".join(report.problems[:5])
                         + f" (kept in {keep_copy(soak, f'run{run}')})")
    finally:
        auditor.close()
    for user in BUSINESS:
        try:
            try:
                UserSession.open(soak.db, user, soak.passwords[user], kdf=CHEAP).close()
            except AuthError as exc:
                # A change cut short by the kill is undone: the old password opens again.
                if "上次修改密码没有完成" not in str(exc) or user not in soak.undone_from:
                    raise
                old = soak.undone_from.pop(user)
                UserSession.open(soak.db, user, old, kdf=CHEAP).close()
                soak.passwords[user] = old
                soak.counts["password_changes_undone"] += 1
        except PaizhuError as exc:
            kept = keep_copy(soak, f"run{run}-{user}")
            soak.counts["accounts_locked_out"] += 1
            soak.problem(f"run {run}: account {user} can no longer log in "
                         f"({type(exc).__name__}: {exc}); files kept in {kept}; "
                         "brought back with the recovery key")
            soak.passwords[user] = f"Back-{run:05d}x"
            UserSession.open_with_recovery(soak.db, soak.recovery_key, user,
                                           soak.passwords[user], kdf=CHEAP).close()
    soak.check_seconds.append(time.perf_counter() - t0)
    return True


def failure_key(user: str, at: float, count: int) -> tuple[str, str, int]:
    """A failed login as the key file's login log and the audit chain both name it."""
    return user, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at)), int(count)


def check_records(soak: Soak, session: UserSession, records: list[dict[str, Any]],
                  pending: Counter[tuple[str, str, int]], run: int) -> None:
    """Every confirmed change in the database and the audit chain (read as stored)."""
    catalog = session.catalog
    entries = [r for r in records if r["k"] == "entry"]
    with session.db.reading() as conn:
        current: dict[tuple[str, str], tuple[int, str]] = {}
        for ledger in {r["ledger"] for r in entries}:
            t = catalog.table(catalog.ledger(ledger))
            for row in conn.execute(t.select().with_only_columns(
                    t.c.id, t.c.version, t.c.content_hash)):
                current[ledger, row.id] = (row.version, row.content_hash)
        revs = {(r.ledger, r.entry_id, r.version): r.data for r in conn.exec_driver_sql(
            "SELECT ledger, entry_id, version, data FROM revisions")}
        audited: set[tuple[str, str, int, str]] = set()
        attach_audit: set[str] = set()
        prints: dict[int, dict[str, Any]] = {}
        exports: set[str] = set()
        failed: Counter[tuple[str, str, int]] = Counter()
        for row in conn.exec_driver_sql(
                "SELECT seq, action, ledger, entry_id, detail, username, at FROM audit_log"):
            seq, action, ledger, entry_id, detail, username, at = row
            if entry_id and action != "attach":
                d = json.loads(detail)
                if "version" in d:
                    audited.add((ledger, entry_id, int(d["version"]), d.get("content_hash", "")))
            elif action == "attach":
                attach_audit.add(json.loads(detail).get("attachment", ""))
            elif action == "print":
                prints[seq] = json.loads(detail)
            elif action == "export":
                exports.add(json.loads(detail).get("sha256", ""))
            elif action == "login_failed":
                d = json.loads(detail)
                if "consecutive" in d:
                    failed[username, at, d["consecutive"]] += 1
        stored_att = {r.id: r.sha256 for r in conn.exec_driver_sql(
            "SELECT id, sha256 FROM attachments")}

    def miss(what: str, key: Any = None) -> None:
        soak.finding("missing", key or what, f"run {run}: {what}")

    for r in entries:
        key = (r["ledger"], r["id"])
        soak.counts["checked"] += 1
        have = current.get(key)
        if have is None:
            miss(f"confirmed {r['op']} of {r['ledger']} {r['id'][:8]} v{r['v']}: entry missing")
            continue
        version, digest = have
        if version < r["v"] or (version == r["v"] and digest != r["h"]):
            miss(f"confirmed {r['op']} of {r['ledger']} {r['id'][:8]} v{r['v']}: "
                 f"stored v{version} {digest[:12]} instead of {r['h'][:12]}")
        data = revs.get((r["ledger"], r["id"], r["v"]))
        if data is None or content_hash(r["id"], json.loads(data)) != r["h"]:
            miss(f"confirmed {r['op']} of {r['ledger']} {r['id'][:8]} v{r['v']}: revision "
                 f"{'missing' if data is None else 'differs'}")
        if (r["ledger"], r["id"], r["v"], r["h"]) not in audited:
            miss(f"confirmed {r['op']} of {r['ledger']} {r['id'][:8]} v{r['v']}: "
                 "no audit record with that version and hash")
    for r in records:
        k = r["k"]
        if k == "attach":
            soak.counts["checked"] += 1
            if stored_att.get(r["id"]) != r["sha256"] or r["id"] not in attach_audit:
                miss(f"confirmed attachment {r['id'][:8]} missing or not in the audit chain")
        elif k == "print":
            soak.counts["checked"] += 1
            d = prints.get(r["seq"])
            if d is None or d.get("digest") != r["digest"]:
                miss(f"confirmed print (audit seq {r['seq']}, digest {r['digest']}) not in the "
                     "audit chain")
        elif k == "export":
            soak.counts["checked"] += 1
            if r["sha256"] not in exports:
                miss(f"confirmed export {r['sha256'][:12]} not in the audit chain")
            out = Path(r["path"])
            if r["path"] not in soak.exported_checked:
                soak.exported_checked.add(r["path"])
                if not out.exists() or hashlib.sha256(out.read_bytes()).hexdigest() != r["sha256"]:
                    miss(f"confirmed export file {out.name} missing or altered")
                out.unlink(missing_ok=True)
    # A failed login is in the chain once, or still pending in the key file.
    wanted = Counter(failure_key(r["user"], r["at"], r["count"])
                     for r in records if r["k"] == "failed_login")
    kept = failed + pending
    for key, n in wanted.items():
        soak.counts["checked"] += n
        if kept[key] < n:
            soak.finding("failed_logins_lost", key, f"run {run}: confirmed failed login {key}: "
                         f"{failed[key]} in the chain, {pending[key]} pending in the key file")
    # More than confirmed: a failure the kill left unconfirmed, or one written twice.
    extra = sum((kept - wanted).values())
    unconfirmed = sum(r["k"] == "failing" for r in records) - sum(wanted.values())
    soak.counts["login_failed_duplicates"] = max(0, extra - unconfirmed)


#: What the findings seen so far come from (core/keyslots.py, core/session.py).
DIAGNOSES = {
    "anchor_rollbacks": (
        "UserSession._set_password (also add_user, disable_user, check_password's failure "
        "count) saves the session's own in-memory KeyFile, read at its login or last anchor "
        "save, without reading the file back; only KeyFile.save_anchor re-reads. Anchors "
        "other sessions saved since are set back (and so would be their slots, failure "
        "counters and pending failures). Reproduced without any kill: two sessions open, the "
        "second changes its password, the first's anchor goes back; a third account that "
        "changed its password in between is locked out."),
    "accounts_locked_out": (
        "change_password saves the key file with the new slot (new password, new signing "
        "key) before the transaction that registers the new key in the chain commits; a "
        "kill in between leaves a slot whose key the chain does not know (login: 签名密钥"
        "与审计链中登记的不符) and the old password no longer opens anything. Only the "
        "recovery key brings the account back."),
    "failed_logins_lost": (
        "a stale key-file write (see anchor_rollbacks) dropped pending failures."),
    "login_failed_duplicates": (
        "_finish_login writes pending failures to the chain, then saves the key file: a kill "
        "in between, or a stale key-file write, writes them again at the next login."),
}


def repro_stale_keyfile(folder: Path) -> None:
    """The stale key-file write shown without any kill: two sessions open at once."""
    soak = setup(folder)
    db = soak.db

    def anchor_of(user: str) -> int:
        return next(a.seq for a in KeyFile.load(keyfile_path(db)).anchors() if a.username == user)

    member = UserSession.open(db, MEMBER, PASSWORD, kdf=CHEAP)
    leader = UserSession.open(db, LEADER, PASSWORD, kdf=CHEAP)
    for i in range(3):
        leader.ledgers.add("chronicle", {"date_start": TODAY.isoformat(), "category": "1",
                                         "content": f"复现用条目{i}"})
    leader.save_anchor()
    before = anchor_of(LEADER)
    member.change_password(PASSWORD, "Member-new-1")
    print(f"1. {LEADER}'s anchor: seq {before}; after {MEMBER} (logged in earlier) changed his "
          f"password: seq {anchor_of(LEADER)}")
    leader.close()
    recorder = UserSession.open(db, RECORDER, PASSWORD, kdf=CHEAP)
    recorder.change_password(PASSWORD, "Xinmima-2027-b")
    recorder.close()
    member.change_password("Member-new-1", "Member-new-3")
    member.close()
    print(f"2. {RECORDER} changed his password to Xinmima-2027-b, then {MEMBER} changed his again:")
    for pw in ("Xinmima-2027-b", PASSWORD):
        try:
            UserSession.open(db, RECORDER, pw, kdf=CHEAP).close()
            print(f"   {RECORDER} logs in with {pw}")
        except PaizhuError as exc:
            print(f"   {RECORDER} with {pw}: {type(exc).__name__}: {exc}")


def kill_delay(rng: random.Random) -> float:
    """Often early (logins), mostly in the middle of the work."""
    r = rng.random()
    if r < 0.25:
        return rng.uniform(0.0, 0.25)
    return rng.uniform(0.25, 3.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temp folder)")
    ap.add_argument("--focus", default="",
                    help=f"only these operations, comma-separated: {', '.join(OPS)}")
    ap.add_argument("--skip", default="", help="all operations but these (comma-separated)")
    ap.add_argument("--repro", action="store_true",
                    help="only show the stale key-file write (no child, no kill) and stop")
    args = ap.parse_args()
    if args.repro:
        with tempfile.TemporaryDirectory() as tmp:
            repro_stale_keyfile(Path(tmp))
        return 0
    focus = [f for f in args.focus.split(",") if f]
    skip = [f for f in args.skip.split(",") if f]
    if skip:
        focus = [f for f in (focus or OPS) if f not in skip]
    unknown = [f for f in focus + skip if f not in OPS]
    if unknown:
        ap.error(f"unknown operations: {unknown}")
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=False)
    else:
        folder = Path(tempfile.mkdtemp(prefix="paizhu-soak-"))
    ctx = mp.get_context("fork")
    rng = random.Random(args.seed)
    t_start = time.monotonic()
    soak = setup(folder)
    deadline = t_start + args.seconds
    phase = ctx.RawValue("i", 0)
    run, opened = 0, True
    print(f"fault soak: {args.seconds:.0f} s, seed {args.seed}, folder {folder}", flush=True)
    while time.monotonic() < deadline:
        run += 1
        phase.value = 0
        child = ctx.Process(target=child_main, args=(
            str(soak.db), str(soak.journal), str(soak.outdir), dict(soak.passwords),
            rng.randrange(2**32), focus, phase))
        child.start()
        child.join(kill_delay(rng))
        if child.is_alive():
            soak.killed_in[PHASES[phase.value]] += 1
            child.kill()
            soak.counts["kills"] += 1
        else:
            soak.problem(f"run {run}: the child ended on its own (exit code {child.exitcode})")
        child.join()
        if not check(soak, run):
            opened = False
            break
        if run % 20 == 0:
            print(f"  run {run}: {soak.counts['checked']} checks, "
                  f"verify {soak.verify_seconds[-1]:.2f} s", flush=True)
    records = read_journal(soak.journal)
    kinds = Counter(r["k"] if r["k"] != "entry" else f"entry:{r['op']}" for r in records)
    errors = [r for r in records if r["k"] == "error"]
    for r in errors[:10]:
        soak.problem(f"child error in {r['op']}: {r['error']}" + (
            f"\n{r['trace']}" if "trace" in r else ""))
    took = time.monotonic() - t_start
    distinct = sum(n for k, n in kinds.items() if k.startswith("entry:")) + sum(
        kinds[k] for k in ("attach", "print", "export", "failed_login", "anchor"))
    print(f"\nfault soak finished in {took:.0f} s (seed {args.seed})")
    print(f"runs: {run}; kills (SIGKILL): {soak.counts['kills']}; "
          f"killed during: {dict(soak.killed_in.most_common())}")
    print(f"confirmed by the children: {distinct} changes "
          f"({sum(n for k, n in kinds.items() if k.startswith('entry:'))} entry versions, "
          f"{kinds['attach']} attachments, {kinds['print']} prints, {kinds['export']} exports, "
          f"{kinds['failed_login']} failed logins, {kinds['anchor']} anchor saves, "
          f"{kinds['pw']} password changes); logins {kinds['login']}; refused "
          f"(rules, states moved on) {kinds['refused']}; child errors {len(errors)}")
    print(f"confirmed changes checked (cumulative, after every kill): "
          f"{soak.counts['checked'] + soak.counts['checked_anchor']}")
    print(f"missing: {soak.counts['missing']} (entries, revisions, attachments, prints, "
          "exports and their audit records)")
    print(f"verify runs: {soak.counts['verify_runs']}, verify failures: "
          f"{soak.counts['verify_failures']}")
    print(f"database and key file: {'opened' if opened else 'NOT OPENABLE'} after "
          f"{'every' if opened else 'the last'} kill")
    print(f"key file: "
          f".keys.new left by a kill: {soak.counts['keys_new_left']}; anchors rolled back: "
          f"{soak.counts['anchor_rollbacks']}; failed logins lost: "
          f"{soak.counts['failed_logins_lost']}; login-failure records written twice (at least): "
          f"{soak.counts['login_failed_duplicates']}")
    print(f"accounts locked out after a kill: {soak.counts['accounts_locked_out']}; "
          f"password changes undone by a kill (old password opens again): "
          f"{soak.counts['password_changes_undone']}; "
          f"export .part files left by a kill: {soak.counts['export_part_left']}")
    if soak.check_seconds:
        median = sorted(soak.check_seconds)[len(soak.check_seconds) // 2]
        print(f"check after a kill: median {median:.2f} s, "
              f"last {soak.check_seconds[-1]:.2f} s (verify last {soak.verify_seconds[-1]:.2f} s)")
    print("problems: " + ("none" if not soak.problems else f"{len(soak.problems)}"))
    for p in soak.problems:
        print("  -", p)
    for kind, text in DIAGNOSES.items():
        if soak.counts[kind]:
            print(f"diagnosis ({kind}): {text}")
    if soak.problems or args.keep:
        print(f"files kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if soak.problems else 0


if __name__ == "__main__":
    sys.exit(main())
