"""What a printout is: its content digest, its 密级, its pages — and the print log.

Every page of a register or document carries, in its footer, a short digest of
the entries it shows (ids and content hashes) and the audit chain's head at print
time (sequence number and 16 hex digits of its hash), so a paper copy can later
be checked against the database (``paizhu verify-print``) and anchors the chain:
a chain rewritten after the print no longer has that hash at that place.
Printing and saving a PDF are logged in the audit chain with who, what, 密级,
copies and printer (DOMAIN §6); the 保密员 reads that log. The log names the
paper by its kind and period and the entries by id and content hash — never by
their text, a document's title or the name of a file the user saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, highest, marking
from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.regulations.xianxian.ch14_secrecy import CARRIER_LEDGER, copy_label

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession


def content_digest(ledger: str, kind: str, entries: Sequence[Entry]) -> str:
    """16 hex digits over the printed entries' ids and content hashes, as ``XXXX-XXXX-…``."""
    body = json.dumps([ledger, kind, [[e.id, e.content_hash] for e in entries]],
                      ensure_ascii=False, separators=(",", ":"))
    h = hashlib.sha256(body.encode()).hexdigest()[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


def normalise_digest(text: str) -> str:
    h = "".join(c for c in text.upper() if c in "0123456789ABCDEF")
    return "-".join(h[i:i + 4] for i in range(0, len(h), 4))


#: A digest as printed: four groups of four hex digits.
_DIGEST = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{4}(?:[-\s]?[0-9A-Fa-f]{4}){3}(?![0-9A-Fa-f])")
#: The chain position as printed: ``审计链第 37 条 3f9a1c0b77d2e410`` (the word 审计链 optional).
_CHAIN = re.compile(r"第\s*(\d+)\s*条\s*[（(]?\s*([0-9A-Fa-f]{8,64})")


def read_footer(text: str, chain: str | None = None) -> tuple[str, tuple[int, str] | None]:
    """The digest and the chain position (sequence, hex digits) typed from a paper copy.

    ``text`` is the digest, or the whole footer line as printed (page number, digest,
    chain position); ``chain`` the chain position when given apart. The digest is the
    group of hex digits after 内容摘要 and before 审计链.
    """
    m = _CHAIN.search(text)
    cut = [i for i in (text.find("审计链"), m.start() if m else -1) if i >= 0]
    digest_part = text[:min(cut)] if cut else text
    digest_part = digest_part.rpartition("内容摘要")[2]  # not the page number before it
    grouped = _DIGEST.search(digest_part)
    if grouped is not None:
        digest_part = grouped.group(0)
    position = chain if chain is not None else (text[min(cut):] if cut else None)
    found = None
    if position is not None:
        m = _CHAIN.search(position)
        if m is None:
            raise ValidationError({"chain": "审计链位置应写作“第 N 条”加打印件上的十六位字符，"
                                            "如：第 37 条 3f9a1c0b77d2e410"})
        found = (int(m.group(1)), m.group(2).lower())
    return normalise_digest(digest_part), found


def written_date(day: dt.date) -> str:
    """2026年11月23日: the 成文日期 in Arabic numerals, year in full, month and day
    without a leading zero (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


#: The program's command that checks a paper copy (printed on a register's cover).
VERIFY_MENU = "核对纸质件"

#: What the print log says of a PDF saved to a file (never the file's name).
SAVED_PDF = "PDF 文件"

#: Query keys the print log keeps (what ``verify-print`` needs to count later additions).
_LOGGED_QUERY = ("date_from", "date_to", "status", "include_voided", "ids")


@dataclass
class PrintJob:
    """A rendered printout held in memory until it is printed or saved.

    ``title`` is what the paper shows (a 会议纪要's own title …); ``paper`` and
    ``period_label`` say what it is without any record content: the kind of paper
    (大事记登记簿, 会议纪要 …) and the period — what the print log and the PDF's
    metadata use.
    """

    title: str
    ledger: str
    kind: str  # "register" or the document's name (会议纪要, 大事记 …)
    entries: list[Entry]
    classification: Classification
    retention: str
    digest: str
    audit_seq: int
    audit_hash: str
    query: dict[str, Any] = field(default_factory=dict)
    pdf: bytes = b""
    pages: int = 0
    missing: list[str] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)
    paper: str = ""
    period_label: str = ""
    #: Draws the paper again as copies, each with its own 份号 (six digits, GB/T
    #: 9704-2012 7.2.1): set by the renderers whose paper can be 秘密 or higher.
    numbered: Callable[[Sequence[str]], bytes] | None = None
    #: The 份号 the last print of this job registered and printed, in order.
    copy_numbers: list[str] = field(default_factory=list)
    #: What the last print or save sent out: the copies with their 份号 for 秘密-or-higher
    #: paper, otherwise :attr:`pdf` itself.
    issued: bytes = b""

    @property
    def marking(self) -> str:
        return marking(self.classification, self.retention)

    @property
    def chain_label(self) -> str:
        """The chain's head at print time as printed: ``第 37 条 3f9a1c0b77d2e410``."""
        return f"第 {self.audit_seq} 条 {self.audit_hash[:16]}"

    @property
    def audit_label(self) -> str:
        return f"审计链{self.chain_label}"

    @property
    def footer(self) -> str:
        """The line at the foot of every page: digest and chain head."""
        return f"内容摘要 {self.digest} · {self.audit_label}"

    @property
    def label(self) -> str:
        """The paper's kind and period, with no record content (大事记登记簿（2026年）)."""
        kind = self.paper or self.kind
        return f"{kind}（{self.period_label}）" if self.period_label else kind


def new_job(session: UserSession, title: str, ledger: str, kind: str,
            entries: list[Entry], query: dict[str, Any] | None = None, *,
            paper: str, period_label: str = "") -> PrintJob:
    """A job for these entries: checks the permission, fixes digest, 密级 and chain position.

    ``paper`` names the kind of paper and ``period_label`` its period, without any
    record content (they are what the print log and the PDF's metadata say).
    """
    session.require(Permission.PRINT)
    cls, ret = highest([(e.classification, e.retention) for e in entries])
    with session.db.reading() as conn:
        seq, link = audit.head(conn)
    return PrintJob(title=title, ledger=ledger, kind=kind, entries=entries,
                    classification=cls, retention=ret,
                    digest=content_digest(ledger, kind, entries), audit_seq=seq,
                    audit_hash=link, query=dict(query or {}), paper=paper,
                    period_label=period_label)


def issue(session: UserSession, job: PrintJob, output: str, copies: int = 1) -> bytes:
    """Log the print or the save of ``job`` and return the PDF to send to the printer
    or the file: for 秘密-or-higher paper, ``copies`` copies (one for a file), each
    with the 份号 of its 涉密载体 at the top left, registered before a sheet leaves
    the printer (献县办法 第五十八条; GB/T 9704-2012 7.2.1); otherwise ``job.pdf``."""
    record_print(session, job, output, copies)
    return job.issued


def record_print(session: UserSession, job: PrintJob, output: str, copies: int = 1) -> int:
    """Write the print log entry (打印或另存 PDF) into the audit chain.

    ``output`` is the printer's name, or :data:`SAVED_PDF` for a PDF saved to a file.
    The entry names the paper by :attr:`PrintJob.label`, the entries by id and content
    hash, the file by its SHA-256: no record text, no file name. For 秘密-or-higher
    paper the 涉密载体 are registered in the same transaction and ``job.issued`` holds
    the copies with their 份号 (:func:`issue` returns them).
    """
    session.require(Permission.PRINT)
    job.issued, job.copy_numbers = job.pdf, []
    detail = {
        "document": job.label, "kind": job.kind, "digest": job.digest,
        "classification": job.marking or Classification.UNCLASSIFIED.value,
        "copies": copies, "printer": output, "pages": job.pages,
        "entry_count": len(job.entries), "audit_seq": job.audit_seq,
        "audit_hash": job.audit_hash[:16],
        "query": {k: v for k, v in job.query.items() if k in _LOGGED_QUERY and v},
        "entries": [[e.id, e.content_hash] for e in job.entries],
        **({"pdf_sha256": hashlib.sha256(job.pdf).hexdigest()} if job.pdf else {}),
    }
    if job.classification.is_classified and CARRIER_LEDGER in _ledger_ids(session):
        return _record_with_carriers(session, job, output, copies, detail)
    return session.log(Action.PRINT, ledger=job.ledger, detail=detail)


def _ledger_ids(session: UserSession) -> set[str]:
    return {d.id for d in session.catalog.ledgers()}


def carrier_values(job: PrintJob, output: str, copies: int, username: str,
                   group: str) -> dict[str, Any]:
    """A 涉密载体 entry for one copy of ``job`` (its 份号 is set when it is written)."""
    pdf = output.startswith(SAVED_PDF)  # a save, or a print to a file (第 1–3 页)
    return {
        "registered_on": dt.date.today().isoformat(),
        "source": "printed", "kind": "pdf" if pdf else "paper",
        "title": " ".join(job.title.split())[:200], "issuer": group[:200],
        "copy_no": 1, "copies_total": 1 if pdf else copies,
        **({"pages": job.pages} if job.pages else {}),
        "keeper": username,
        "location": "涉密计算机" if pdf else "派驻组保密柜",
        "print_digest": job.digest, "printer": output[:200],
    }


def _record_with_carriers(session: UserSession, job: PrintJob, output: str, copies: int,
                          detail: dict[str, Any]) -> int:
    """The print log entry of 秘密-or-higher paper and its 涉密载体, one per copy with the
    next 份号 of that paper, in one transaction (献县办法 第五十八条 接收、登记): a copy
    is never printed without being registered."""
    count = 1 if output.startswith(SAVED_PDF) else max(1, int(copies))
    base = carrier_values(job, output, count, session.user.username, session.group_name)
    prepared = session.ledgers.prepare(CARRIER_LEDGER, base,
                                       classification=job.classification,
                                       retention=job.retention or None)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    with session.db.transaction() as conn:
        records = session.ledgers.records(conn)
        last = int(records.max_value(CARRIER_LEDGER, "copy_no",
                                     where={"print_digest": job.digest}) or 0)
        numbers = list(range(last + 1, last + count + 1))
        labels = [copy_label(n) for n in numbers]
        # The copies are drawn here, with the numbers this transaction takes: what is
        # printed or saved is what the log's SHA-256 names (a few hundred rows × 5
        # copies draw each page once, see bench/bench_copies.py).
        issued = job.numbered(labels) if job.numbered is not None else job.pdf
        if issued:
            detail = {**detail, "pdf_sha256": hashlib.sha256(issued).hexdigest()}
        seq = audit.append(conn, session.user.username, Action.PRINT, ledger=job.ledger,
                           detail={**detail, "carriers": ids, "copy_numbers": labels})
        values, cls, ret = prepared
        for n, entry_id in zip(numbers, ids, strict=True):
            session.ledgers.insert_prepared(
                conn, CARRIER_LEDGER, ({**values, "copy_no": n, "print_seq": seq}, cls, ret),
                entry_id)
    job.issued, job.copy_numbers = issued, labels
    return seq


def missing_carriers(session: UserSession, year: int) -> list[str]:
    """Prints of 秘密-or-higher paper in ``year`` whose 涉密载体 are not all registered
    (voided, or never written: a print logged before the register existed) — the
    保密员's findings (献县办法 第五十八条)."""
    session.require(Permission.READ_PRINT_LOG)
    out: list[str] = []
    registered: dict[int, int] = {}
    for e in session.ledgers.list(CARRIER_LEDGER, where={"source": "printed"}):
        seq = e.values.get("print_seq")
        if seq is not None:
            registered[int(seq)] = registered.get(int(seq), 0) + 1
    for record in session.audit_entries(actions=[Action.PRINT]):
        if not record.at.startswith(str(year)):
            continue
        detail = record.detail
        marking_text = str(detail.get("classification", ""))
        if not marking_text.startswith((Classification.SECRET.value,
                                        Classification.CONFIDENTIAL.value)):
            continue
        wanted = (1 if str(detail.get("printer", "")).startswith(SAVED_PDF)
                  else int(detail.get("copies") or 1))
        have = registered.get(record.seq, 0)
        if have < wanted:
            out.append(f"{record.at[:16]} {record.username} 打印的“{detail.get('document', '')}”"
                       f"（{marking_text}，{wanted} 份）只有 {have} 份登记为涉密载体，"
                       "请补登或核实去向（献县办法 第五十八条）")
    return out


@dataclass
class PrintCheck:
    """What ``verify-print`` found for one digest."""

    digest: str
    title: str
    printed_at: str
    printed_by: str
    unchanged: int
    changed: list[str]
    voided: list[str]
    added: int
    #: The chain position read from the paper (sequence number), when it was given.
    chain_seq: int | None = None
    #: Why the paper's chain position does not hold ("" when it does or was not given).
    chain_problem: str = ""

    @property
    def ok(self) -> bool:
        return not (self.changed or self.voided or self.added or self.chain_problem)

    def describe(self) -> str:
        head = f"摘要 {self.digest}：{self.title}，{self.printed_by} 于 {self.printed_at[:16]} 打印"
        chain = ("" if self.chain_seq is None or self.chain_problem
                 else f"；纸面上的审计链第 {self.chain_seq} 条与数据库一致")
        if self.ok:
            return f"{head}；一致：所印 {self.unchanged} 条与数据库现存内容相同{chain}。"
        parts = [self.chain_problem] if self.chain_problem else []
        if self.changed:
            parts.append(f"{len(self.changed)} 条此后被修改（{'、'.join(self.changed[:5])}）")
        if self.voided:
            parts.append(f"{len(self.voided)} 条此后被作废（{'、'.join(self.voided[:5])}）")
        if self.added:
            parts.append(f"同一范围此后新增 {self.added} 条")
        if self.unchanged and not (self.changed or self.voided or self.added):
            parts.append(f"所印 {self.unchanged} 条与数据库现存内容相同")
        return f"{head}；不一致：" + "；".join(parts) + "。"


def verify_print(session: UserSession, digest: str, chain: str | None = None) -> PrintCheck:
    """Does a paper copy with ``digest`` still match the database?

    ``digest`` may be the whole footer line as printed; then (or when ``chain`` gives
    it) the chain position on the paper is checked too: the print must have been
    logged at that place of the chain, and the chain must still have, there, the hash
    the paper shows — a chain rewritten since no longer does.
    """
    session.require(Permission.READ_LEDGERS)
    wanted, position = read_footer(digest, chain)
    from sqlalchemy import select

    from paizhu_desktop.core.schema import audit_log

    with session.db.reading() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == Action.PRINT)
                            .order_by(audit_log.c.seq)).all()
        at_position = None if position is None else conn.execute(
            select(audit_log.c.hash).where(audit_log.c.seq == position[0])).scalar()
    found = [(r, d) for r in rows if (d := json.loads(r.detail)).get("digest") == wanted]
    if not found:
        raise NotFoundError(f"打印记录中没有摘要为 {wanted} 的打印件。")
    row, detail = found[0]
    problem = ""
    if position is not None:
        seq, digits = position
        same = [(r, d) for r, d in found if d.get("audit_seq") == seq]
        if not same:
            problem = (f"打印记录中没有在审计链第 {seq} 条时打印的这份打印件，"
                       "请核对纸面上的审计链位置")
        else:
            row, detail = same[0]
            if at_position is None:
                problem = f"审计链没有第 {seq} 条，与纸面不符：审计链在打印之后被改写过"
            elif not str(at_position).startswith(digits):
                problem = (f"审计链第 {seq} 条与纸面不符（纸面 {digits}，数据库 "
                           f"{str(at_position)[:len(digits)]}）：审计链在打印之后被改写过")
    ledger = row.ledger
    changed, voided, unchanged = [], [], 0
    for entry_id, printed_hash in detail.get("entries", []):
        try:
            current = _printed_entry(session, ledger, entry_id)
        except NotFoundError:
            voided.append(entry_id[:8])
            continue
        if current.content_hash == printed_hash:
            unchanged += 1  # as printed (an entry printed as 已作废 stays so)
        elif current.voided:
            voided.append(current.summary)
        else:
            changed.append(current.summary)
    added = 0
    query = detail.get("query") or {}
    if query and not query.get("ids"):
        printed = {i for i, _h in detail.get("entries", [])}
        now = {e.id for e in session.ledgers.list(ledger, **query_filters(query))}
        added = len(now - printed)
    return PrintCheck(wanted, detail.get("document", ""), row.at, row.username, unchanged,
                      changed, voided, added, None if position is None else position[0],
                      problem)


def _printed_entry(session: UserSession, ledger: str, entry_id: str) -> Entry:
    """A printed entry as it is now; a paper gathered from several ledgers (a person's
    廉洁档案) is logged without one ledger, and its entries are looked for in each."""
    if ledger:
        return session.ledgers.get(ledger, entry_id)
    for desc in session.catalog.ledgers():
        try:
            return session.ledgers.get(desc.id, entry_id)
        except NotFoundError:
            continue
    raise NotFoundError(f"没有编号为 {entry_id[:8]} 的条目。")


def query_filters(query: dict[str, Any]) -> dict[str, Any]:
    """The service filters a job's stored query stands for."""
    out: dict[str, Any] = {}
    for key in ("date_from", "date_to", "status", "include_voided"):
        if query.get(key):
            out[key] = query[key]
    return out
