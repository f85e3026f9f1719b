"""What a printout is: its content digest, its 密级, its pages — and the print log.

Every register and document carries a short digest of the entries it shows
(ids and content hashes) and the audit-chain position at print time, so a
paper copy can later be checked against the database (``paizhu
verify-print``). Printing and saving a PDF are logged in the audit chain with
who, what, 密级, copies and printer (DOMAIN §6); the 保密员 reads that log. The
log names the paper by its kind and period and the entries by id and content
hash — never by their text, a document's title or the name of a file the user saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, highest, marking
from paizhu_desktop.core.errors import NotFoundError
from paizhu_desktop.core.permissions import Permission

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


def chinese_date(day: dt.date) -> str:
    """二〇二六年十一月二十三日 (GB/T 9704-2012 7.3.5.3: 成文日期用汉字)."""
    digits = "〇一二三四五六七八九"

    def number(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")

    year = "".join(digits[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


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

    @property
    def marking(self) -> str:
        return marking(self.classification, self.retention)

    @property
    def audit_label(self) -> str:
        return f"审计链第 {self.audit_seq} 条（{self.audit_hash[:8]}）"

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


def record_print(session: UserSession, job: PrintJob, output: str, copies: int = 1) -> int:
    """Write the print log entry (打印或另存 PDF) into the audit chain.

    ``output`` is the printer's name, or :data:`SAVED_PDF` for a PDF saved to a file.
    The entry names the paper by :attr:`PrintJob.label`, the entries by id and content
    hash, the file by its SHA-256: no record text, no file name.
    """
    session.require(Permission.PRINT)
    return session.log(Action.PRINT, ledger=job.ledger, detail={
        "document": job.label, "kind": job.kind, "digest": job.digest,
        "classification": job.marking or Classification.UNCLASSIFIED.value,
        "copies": copies, "printer": output, "pages": job.pages,
        "entry_count": len(job.entries), "audit_seq": job.audit_seq,
        "query": {k: v for k, v in job.query.items() if k in _LOGGED_QUERY and v},
        "entries": [[e.id, e.content_hash] for e in job.entries],
        **({"pdf_sha256": hashlib.sha256(job.pdf).hexdigest()} if job.pdf else {}),
    })


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

    @property
    def ok(self) -> bool:
        return not (self.changed or self.voided or self.added)

    def describe(self) -> str:
        head = f"摘要 {self.digest}：{self.title}，{self.printed_by} 于 {self.printed_at[:16]} 打印"
        if self.ok:
            return f"{head}；一致：所印 {self.unchanged} 条与数据库现存内容相同。"
        parts = []
        if self.changed:
            parts.append(f"{len(self.changed)} 条此后被修改（{'、'.join(self.changed[:5])}）")
        if self.voided:
            parts.append(f"{len(self.voided)} 条此后被作废（{'、'.join(self.voided[:5])}）")
        if self.added:
            parts.append(f"同一范围此后新增 {self.added} 条")
        return f"{head}；不一致：" + "；".join(parts) + "。"


def verify_print(session: UserSession, digest: str) -> PrintCheck:
    """Does a paper copy with ``digest`` still match the database?"""
    session.require(Permission.READ_LEDGERS)
    wanted = normalise_digest(digest)
    from sqlalchemy import select

    from paizhu_desktop.core.schema import audit_log

    with session.db.reading() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == Action.PRINT)
                            .order_by(audit_log.c.seq)).all()
    record = None
    for r in rows:
        detail = json.loads(r.detail)
        if detail.get("digest") == wanted:
            record = (r, detail)
            break
    if record is None:
        raise NotFoundError(f"打印记录中没有摘要为 {wanted} 的打印件。")
    row, detail = record
    ledger = row.ledger
    changed, voided, unchanged = [], [], 0
    for entry_id, printed_hash in detail.get("entries", []):
        try:
            current = session.ledgers.get(ledger, entry_id)
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
                      changed, voided, added)


def query_filters(query: dict[str, Any]) -> dict[str, Any]:
    """The service filters a job's stored query stands for."""
    out: dict[str, Any] = {}
    for key in ("date_from", "date_to", "status", "include_voided"):
        if query.get(key):
            out[key] = query[key]
    return out
