"""Export a period of every ledger into a ``.pzx`` file; inspect, plan and import one.

The plaintext inside the container is a stream of JSON lines (records):
``manifest``, ``group`` (signed by the exporting account), then per ledger
``entry`` / ``revision`` / ``attachment`` + ``blob`` pieces, the sender's
``account`` records from the start of its chain, the ``audit`` segment up to
the sender's head, and ``end`` with the counts (docs/handoff-format.md).
Attachments travel in 256 KiB pieces of raw bytes (a ``blob`` line names the
size), so memory stays flat however large they are (DOMAIN §7).

Import first reads the whole file once (authenticating every chunk, checking
the counts, replaying the sender's signed records and holding every entry,
revision and attachment against them: :mod:`.chain`) and plans the merge; only
then does it apply the plan, in one transaction: all or nothing. Which group
the entries belong to comes from the signed manifest, never from a row. Entries
merge by their stable ids: the same file twice changes nothing, a newer local
version is never overwritten, and real conflicts are kept side by side
(``handoff_conflicts``) for a person to resolve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import and_, delete, func, insert, select, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, highest, marking
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.files import open_private
from paizhu_desktop.core.handoff.chain import (
    HANDOFF_PURPOSE,
    AttachmentClaim,
    Claims,
    EntryClaim,
    SenderChain,
    check_continuity,
    last_head,
    refused,
    seal_message,
)
from paizhu_desktop.core.handoff.container import (
    FORMAT_VERSION,
    KDF,
    SUITE,
    FutureFormat,
    HandoffError,
    Reader,
    Tampered,
    Writer,
    check_passphrase,
    unknown_suite,
)
from paizhu_desktop.core.integrity import ACCOUNT_ACTIONS
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import content_hash, row_state
from paizhu_desktop.core.ledgers.writer import EntryWriter
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.progress import Progress, quiet
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.schema import (
    attachments,
    audit_log,
    handoff_audit,
    handoff_compliance,
    handoff_conflicts,
    handoff_groups,
    revisions,
)
from paizhu_desktop.core.session import MODE_COUNTY, UserSession
from paizhu_desktop.core.signing import SUITES
from paizhu_desktop.core.storage import DatabaseErrors

from paizhu_desktop import __version__

PIECE = 256 * 1024
#: SQLite page cache during an import (KiB); the session's usual cache is 64 MiB.
IMPORT_CACHE_KIB = 8192
_ENTRY_SKIP = ("seq", "search_text", "origin")


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _period(year: int | None, date_from: str | None, date_to: str | None) -> tuple[str, str]:
    if year is not None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if not (date_from and date_to):
        raise ValidationError({"period": "请指定年度（--year）或起止日期（--from、--to）"})
    for name, value in (("from", date_from), ("to", date_to)):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({name: f"日期格式应为 2026-01-31：{value}"}) from None
    if date_to < date_from:
        raise ValidationError({"to": "截止日期不能早于起始日期"})
    return date_from, date_to


@dataclass
class ExportResult:
    """What was written: for the 交接单 (hand-off slip)."""

    path: Path
    sha256: str
    size: int
    counts: dict[str, int]
    attachments: int
    marking: str
    date_from: str
    date_to: str
    group: str
    sender: str
    audit_from: int
    audit_to: int
    #: Chinese names of the ledgers counted.
    names: dict[str, str] = field(default_factory=dict)

    def ledger_name(self, ledger_id: str) -> str:
        return self.names.get(ledger_id, ledger_id)


def export(session: UserSession, out: Path, passphrase: str, *, year: int | None = None,
           date_from: str | None = None, date_to: str | None = None,
           kdf: KdfCost = KDF,
           progress: Progress | None = None) -> ExportResult:
    """Write the period of every ledger to ``out`` (encrypted), log it, and return the slip data.

    Reports each batch of entries; may be cancelled at any batch or attachment piece,
    and a cancelled or failed export leaves no file behind (not even the ``.part``).
    """
    progress = quiet(progress)
    session.require(Permission.EXPORT)
    start, end = _period(year, date_from, date_to)
    check_passphrase(passphrase)
    # The passphrase travels by word of mouth; a login password must never double as it.
    if session.db.keyfile.opens_slot(session.user.username, passphrase.strip()):
        raise ValidationError({"passphrase": "交接口令不能与登录密码相同，"
                                             "请用 paizhu passphrase 生成一个"})
    db = session.db
    tmp = out.with_name(out.name + ".part")  # ciphertext only; renamed when complete
    counts: dict[str, int] = {}
    levels: list[tuple[Classification, str]] = []
    n_att = 0
    hasher = hashlib.sha256()

    class _Hashing:
        def __init__(self, f: IO[bytes]) -> None:
            self.f = f

        def write(self, data: bytes) -> None:
            hasher.update(data)
            self.f.write(data)

    # The exporting account signs the manifest (the receiver checks it against the chain).
    signer = db.signer
    if signer is None:
        raise RuleError("当前登录没有签名密钥，不能导出交接文件；请重新登录后再试。")
    # Read before the long read transaction (one connection: no nested transactions).
    group_name, mode, db_id = session.group_name, session.mode, db.db_id
    catalog = session.catalog
    calendar, reports = _compliance_for(session, start, end) if mode == "group" else ([], {})
    with _discarded_on_error(tmp), db.reading() as conn, open_private(tmp) as raw:
        sink = _Hashing(raw)
        w = Writer(sink, passphrase, kdf=kdf)  # type: ignore[arg-type]
        selected: dict[str, list[str]] = {}
        for desc in catalog.ledgers():
            t = catalog.table(desc)
            col = t.c[desc.field(desc.date_field).column]
            ids = [r[0] for r in conn.execute(select(t.c.id).where(and_(
                col >= start, col <= end + "\uffff")).order_by(t.c.seq))]
            selected[desc.id] = ids
            counts[desc.id] = len(ids)
        total, done = sum(counts.values()), 0
        progress.report(0, total, "正在准备导出…")
        at_from, at_to, head_hash = _audit_segment(conn, start, end, selected)
        # The sender's account records from the start of the chain: with them the
        # receiver knows every signer's key and roles at every record of the segment.
        before = and_(audit_log.c.action.in_(sorted(ACCOUNT_ACTIONS)), audit_log.c.seq < at_from)
        n_accounts = int(conn.execute(
            select(func.count()).select_from(audit_log).where(before)).scalar_one())
        manifest = {"t": "manifest", "format": FORMAT_VERSION,
                    "producer": f"paizhu-desktop {__version__}", "from": start, "to": end,
                    "counts": counts, "created_at": audit.now_iso(),
                    "audit": [at_from, at_to], "head": [at_to, head_hash],
                    "accounts": n_accounts,
                    "suite": {"container": SUITE, "audit": signer.suite},
                    "calendar": calendar, "compliance": reports}
        group = {"t": "group", "db_id": db_id, "name": group_name, "mode": mode,
                 "sender": session.user.display_name, "username": signer.username,
                 "suite": signer.suite}
        group["signature"] = signer.sign(HANDOFF_PURPOSE, seal_message(manifest, group))
        w.write(_line(manifest))
        w.write(_line(group))
        for desc in catalog.ledgers():
            t = catalog.table(desc)
            ids = selected[desc.id]
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                progress.check()
                progress.report(done, total,
                                f"正在导出{desc.name}：已导出 {done} 条，共 {total} 条")
                done += len(chunk)
                for row in conn.execute(select(t).where(t.c.id.in_(chunk)).order_by(t.c.seq)):
                    m = {k: v for k, v in row._mapping.items() if k not in _ENTRY_SKIP}
                    levels.append((Classification.parse(m["classification"]), m["retention"]))
                    w.write(_line({"t": "entry", "ledger": desc.id, "row": m}))
                for rev in conn.execute(select(revisions).where(and_(
                        revisions.c.ledger == desc.id, revisions.c.entry_id.in_(chunk)))
                        .order_by(revisions.c.seq)):
                    r = {k: v for k, v in rev._mapping.items() if k != "seq"}
                    w.write(_line({"t": "revision", **r}))
                meta_cols = [c for c in attachments.c if c.name != "content"]
                for att in conn.execute(select(*meta_cols).where(and_(
                        attachments.c.ledger == desc.id, attachments.c.entry_id.in_(chunk)))):
                    n_att += 1
                    w.write(_line({"t": "attachment", **dict(att._mapping)}))
                    for piece in _blob_pieces(conn, att.id, int(att.size)):
                        progress.check()
                        # A blob record is a JSON line naming its size, then the raw bytes.
                        w.write(_line({"t": "blob", "id": att.id, "size": len(piece)}))
                        w.write(piece)
        progress.check()
        progress.report(total, total, "正在导出审计记录…")
        for row in conn.execute(select(audit_log).where(before).order_by(audit_log.c.seq)):
            w.write(_line({"t": "account", **dict(row._mapping)}))
        for row in conn.execute(select(audit_log).where(and_(
                audit_log.c.seq >= at_from, audit_log.c.seq <= at_to)).order_by(audit_log.c.seq)):
            w.write(_line({"t": "audit", **dict(row._mapping)}))
        w.write(_line({"t": "end", "counts": counts, "attachments": n_att}))
        w.close()
        progress.check()
    tmp.replace(out)
    cls, ret = highest(levels)
    result = ExportResult(out, hasher.hexdigest(), out.stat().st_size, counts, n_att,
                          marking(cls, ret) or "非密", start, end, session.group_name,
                          session.user.display_name, at_from, at_to,
                          {d.id: d.name for d in catalog.ledgers()})
    # The file is named by its SHA-256 (as on the 交接单): its name is the user's words.
    session.log(Action.EXPORT, detail={
        "sha256": result.sha256, "size": result.size, "period": f"{start}至{end}",
        "entry_count": sum(counts.values()), "attachments": n_att,
        "classification": result.marking, "counts": counts, "head": [at_to, head_hash]})
    return result


def _compliance_for(session: UserSession, start: str, end: str) -> tuple[
        list[dict[str, str]], dict[str, dict[str, Any]]]:
    """The group's 休/班 table and, for each year of the period, its compliance report as
    of the period's end (or today): the county sees the same calendar and counts."""
    from paizhu_desktop.core.compliance.report import compliance_report
    from paizhu_desktop.core.compliance.service import calendar_days, rules_as_json

    today = dt.date.today()
    reports = {}
    for year in range(int(start[:4]), int(end[:4]) + 1):
        on = min(today, dt.date.fromisoformat(end[:10]))
        reports[str(year)] = compliance_report(session, year, on).as_json()
    return rules_as_json(calendar_days(session)), reports


@contextmanager
def _discarded_on_error(tmp: Path) -> Iterator[None]:
    """Remove the partial file when the export stops early (cancelled, disk full, …)."""
    try:
        yield
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _audit_segment(conn: Any, start: str, end: str,
                   selected: dict[str, list[str]]) -> tuple[int, int, str]:
    """(first seq, head seq, head hash) of the contiguous audit-chain segment the file
    carries: from the first record made in the period or naming an exported entry, to
    the head of the chain. It holds every exported entry's audited history, so the
    receiver can hold each entry against what the sender's chain last recorded for it.

    It reaches back at least to the head of the last export made before that record:
    the county checks that each file continues the chain from the last one it received.
    With nothing in the period it is the head record alone."""
    head_seq, head_hash = audit.head(conn)
    firsts = [conn.execute(select(func.min(audit_log.c.seq)).where(and_(
        audit_log.c.at >= start, audit_log.c.at <= end + "\uffff"))).scalar()]
    for lid, ids in selected.items():
        for i in range(0, len(ids), 500):
            firsts.append(conn.execute(select(func.min(audit_log.c.seq)).where(and_(
                audit_log.c.ledger == lid, audit_log.c.entry_id.in_(ids[i:i + 500])))).scalar())
    first = min([int(x) for x in firsts if x is not None] + [head_seq])
    last_export = conn.execute(select(audit_log.c.seq, audit_log.c.detail).where(and_(
        audit_log.c.action == Action.EXPORT, audit_log.c.seq < first))
        .order_by(audit_log.c.seq.desc()).limit(1)).first()
    if last_export is not None:
        try:
            exported = int(json.loads(last_export.detail)["head"][0])
        except (ValueError, KeyError, TypeError, IndexError):
            exported = last_export.seq - 1  # an export logged before heads were: just before
        first = max(1, min(first, exported))
    return first, head_seq, head_hash


def _blob_pieces(conn: Any, attachment_id: str, size: int) -> Iterator[bytes]:
    # substr() on the BLOB reads one piece at a time: the attachment is never whole in memory.
    for offset in range(0, max(size, 1), PIECE):
        piece = conn.execute(select(func.substr(attachments.c.content, offset + 1, PIECE)).where(
            attachments.c.id == attachment_id)).scalar()
        if piece:
            yield bytes(piece)


# -- reading ---------------------------------------------------------------------------

class _HashingFile:
    """A file read through SHA-256: what was read is what was hashed."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.hash = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.hash.update(data)
        return data

    def seek(self, pos: int) -> int:
        # The reader only "seeks" to where it already is: nothing may go unhashed.
        if pos != self.f.tell():
            raise ValueError("non-sequential read")
        return pos

    def tell(self) -> int:
        return self.f.tell()


class Source:
    """A hand-off file opened with its passphrase: header and key check verified, the
    key derived once. Each :meth:`records` pass re-authenticates every chunk and
    hashes the whole file; a second pass that sees other bytes than the first is
    refused, so the file cannot be swapped between planning and applying."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self.path = Path(path)
        try:
            with self.path.open("rb") as f:
                self.reader = Reader.open(f, passphrase)
        except OSError as exc:
            raise ValidationError(
                {"file": f"无法读取交接文件 {self.path}：{exc.strerror}"}) from None
        self.sha256 = ""
        self.tags = ""

    def records(self) -> Iterator[dict[str, Any]]:
        """The file's records in order; raises a HandoffError on any damage.

        The first pass hashes the whole file (its SHA-256 goes on the report); later
        passes compare the chunks' authentication tags with the first pass's.
        """
        tags = hashlib.sha256()
        with self.path.open("rb") as raw:
            f: Any = raw
            if not self.sha256:
                f = _HashingFile(raw)
                f.read(self.reader.body_offset)
            yield from _parse(self.reader.chunks(f, tags))
            digest = f.hash.hexdigest() if not self.sha256 else self.sha256
        if self.tags and tags.hexdigest() != self.tags:
            raise Tampered("交接文件在导入过程中被替换或改动，未导入任何内容。")
        self.sha256, self.tags = digest, tags.hexdigest()


def _parse(chunks: Iterator[bytes]) -> Iterator[dict[str, Any]]:
    """Records from the plaintext: JSON lines; a ``blob`` line is followed by ``size``
    raw bytes, returned as its ``data``. An offset walks the buffer (no copying per line)."""
    buf, pos = b"", 0
    blob: dict[str, Any] | None = None
    for chunk in chunks:
        buf = buf[pos:] + chunk if pos < len(buf) else chunk
        pos = 0
        while True:
            if blob is not None:
                end = pos + blob["size"]
                if end > len(buf):
                    break
                blob["data"] = buf[pos:end]
                pos = end
                yield blob
                blob = None
                continue
            nl = buf.find(b"\n", pos)
            if nl < 0:
                break
            try:
                rec = json.loads(buf[pos:nl])
            except ValueError:
                raise Tampered("交接文件内容格式错误，未导入任何内容。") from None
            pos = nl + 1
            if rec.get("t") == "blob":
                size = rec.get("size")
                if not isinstance(size, int) or not 0 <= size <= PIECE:
                    raise Tampered("交接文件内容格式错误，未导入任何内容。")
                blob = rec
                continue
            yield rec
    if blob is not None or buf[pos:].strip():
        raise Tampered("交接文件内容不完整，未导入任何内容。")


def records(path: Path, passphrase: str) -> Iterator[dict[str, Any]]:
    """The file's records in order; raises a HandoffError on any damage."""
    yield from Source(path, passphrase).records()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Manifest:
    """What a file says it holds (``paizhu inspect``)."""

    producer: str
    date_from: str
    date_to: str
    counts: dict[str, int]
    group: str
    db_id: str
    sender: str
    created_at: str
    format: int = 1
    #: Chinese names of the ledgers (a ledger of a newer version shows its code).
    names: dict[str, str] = field(default_factory=dict)
    #: Format 2 on: the sender's records are signed and the manifest with them.
    signed: bool = False
    #: The algorithm suites: the container's and the audit records' signatures.
    suite: str = SUITE
    audit_suite: str = ""
    #: (seq, hash) of the sender's chain head at export; the account that exported.
    head: tuple[int, str] | None = None
    exporter: str = ""
    #: The group's 休/班 table and its compliance report per year (signed with the manifest).
    calendar: list[dict[str, str]] = field(default_factory=list)
    compliance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def ledger_name(self, ledger_id: str) -> str:
        return self.names.get(ledger_id, ledger_id)

    def describe(self) -> list[str]:
        lines = [f"派驻机构：{self.group}", f"期间：{self.date_from} 至 {self.date_to}",
                 f"导出人：{self.sender}，导出时间：{self.created_at[:16].replace('T', ' ')}",
                 f"生成程序：{self.producer}（交接文件格式第 {self.format} 版）",
                 f"算法：{self.suite}" + (f"；审计记录签名 {self.audit_suite}"
                                         if self.signed else "（审计记录未签名）")]
        for lid, n in self.counts.items():
            lines.append(f"  {self.ledger_name(lid)}：{n} 条")
        for year, report in sorted(self.compliance.items()):
            t = report.get("total") or {}
            lines.append(f"{year} 年职责履行（截至 {report.get('on', '')}）："
                         f"应办 {t.get('due', 0)} 项，按时 {t.get('on_time', 0)}，"
                         f"逾期完成 {t.get('late', 0)}，未完成 {t.get('missed', 0)}")
        if self.calendar:
            lines.append(f"本组补录的节假日调休：{len(self.calendar)} 天")
        return lines


def _manifest(first: dict[str, Any] | None, group: dict[str, Any], catalog: Catalog,
              header: Mapping[str, Any]) -> Manifest:
    """The manifest, its format and suites checked against the container's header; the
    origin must be a database id. Nothing here is believed until the sender's signed
    records have been replayed (:meth:`SenderChain.finish`)."""
    if first is None or first.get("t") != "manifest" or group.get("t") != "group":
        raise Tampered("交接文件缺少清单，未导入任何内容。")
    fmt = first.get("format", 1)
    if not isinstance(fmt, int) or fmt < 1:
        raise Tampered("交接文件的清单已损坏（格式版本无效），未导入任何内容。")
    if fmt > FORMAT_VERSION:
        raise FutureFormat(f"交接文件由更新版本的程序生成（内容格式第 {fmt} 版），"
                           "请升级程序后再导入。")
    signed = fmt >= 2
    if signed != (int(header.get("format", 1)) >= 2):
        raise Tampered("交接文件的清单与文件头的格式版本不符（文件被改动），未导入任何内容。")
    audit_suite = ""
    if signed:
        suite = first.get("suite")
        if not isinstance(suite, dict) or suite.get("container") != header.get("suite"):
            raise Tampered("交接文件的清单与文件头的算法说明不符（文件被改动），未导入任何内容。")
        audit_suite = str(suite.get("audit"))
        if audit_suite not in SUITES:
            raise unknown_suite(audit_suite, "交接文件的审计记录")
    origin = group.get("db_id")
    if not isinstance(origin, str) or not _is_db_id(origin):
        raise Tampered("交接文件的来源标识（发送方数据库编号）无效，文件被改动，未导入任何内容。")
    head: Any = first.get("head") if signed else None
    calendar, compliance = _compliance_parts(first)
    return Manifest(first["producer"], first["from"], first["to"], first["counts"],
                    group["name"], origin, group.get("sender", ""),
                    first.get("created_at", ""), fmt,
                    {d.id: d.name for d in catalog.ledgers()}, signed=signed,
                    suite=str(header.get("suite", SUITE)), audit_suite=audit_suite,
                    head=None if head is None else (int(head[0]), str(head[1])),
                    exporter=str(group.get("username", "")),
                    calendar=calendar, compliance=compliance)


def _compliance_parts(first: Mapping[str, Any]) -> tuple[list[dict[str, str]],
                                                         dict[str, dict[str, Any]]]:
    """The group's 休/班 table and yearly compliance reports from a manifest (absent in
    files of earlier releases); a malformed one means the file was changed."""
    from paizhu_desktop.core.compliance.service import parse_rules, rules_as_json

    raw_calendar, raw_reports = first.get("calendar", []), first.get("compliance", {})
    if not isinstance(raw_calendar, list) or not isinstance(raw_reports, dict):
        raise Tampered("交接文件清单中的职责日历已损坏（文件被改动），未导入任何内容。")
    try:
        calendar = rules_as_json(parse_rules(raw_calendar))
    except ValidationError:
        raise Tampered("交接文件清单中的节假日调休表无效（文件被改动），未导入任何内容。") \
            from None
    reports: dict[str, dict[str, Any]] = {}
    for year, report in raw_reports.items():
        if not (isinstance(year, str) and year.isdigit() and isinstance(report, dict)):
            raise Tampered("交接文件清单中的职责履行情况已损坏（文件被改动），未导入任何内容。")
        reports[year] = report
    return calendar, reports


def _is_db_id(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def inspect(path: Path, passphrase: str, catalog: Catalog = CATALOG) -> Manifest:
    """The manifest only (the first records); the rest of the file is not read, so
    nothing in it is verified yet (:func:`plan_import` does that)."""
    source = Source(path, passphrase)
    it = source.records()
    first, second = next(it, None), next(it, None)
    try:
        return _manifest(first, second or {}, catalog, source.reader.header)
    except (KeyError, TypeError, ValueError, IndexError):
        raise Tampered("交接文件的清单已损坏，未导入任何内容。") from None


@dataclass
class LedgerPlan:
    """Counts of one ledger's incoming entries by what the merge does with them."""

    new: int = 0
    unchanged: int = 0
    updated: int = 0
    local_newer: int = 0
    conflicting: int = 0


_COUNTER = {"new": "new", "unchanged": "unchanged", "updated": "updated",
            "local_newer": "local_newer", "conflict": "conflicting",
            "known_conflict": "conflicting"}
#: Verdicts under which the entry's attachments are taken in (the entry is the sender's).
_TAKES_ATTACHMENTS = {"new", "updated", "unchanged", "local_newer"}


@dataclass
class ImportPlan:
    """What an import would change, per ledger (shown before anything is touched)."""

    manifest: Manifest
    sha256: str
    ledgers: dict[str, LedgerPlan] = field(default_factory=dict)
    attachments: int = 0
    attachments_new: int = 0
    audit_entries: int = 0
    #: The sender's account records from before the segment (format 2 on).
    account_records: int = 0
    audit_break: str = ""
    #: Entries whose content differs from what the sender's own audit chain last recorded
    #: (counted for files of format 1 only: a signed file that differs is refused).
    audit_mismatch: list[str] = field(default_factory=list)
    marking: str = ""
    applied: bool = False

    def rows(self) -> list[list[str]]:
        out = []
        for lid, p in self.ledgers.items():
            out.append([self.manifest.ledger_name(lid), str(p.new), str(p.unchanged),
                        str(p.updated), str(p.local_newer), str(p.conflicting)])
        return out

    @property
    def audit_summary(self) -> str:
        if self.manifest.signed:
            return (f"{self.audit_entries} 条（另附发送方账号记录 {self.account_records} 条），"
                    "链接、签名和签名人权限均已核对，与各条目相符")
        text = f"{self.audit_entries} 条（旧格式文件，记录未签名），" + (
            f"发现断点：{self.audit_break}" if self.audit_break else "链接完整")
        if self.audit_mismatch:
            text += (f"；{len(self.audit_mismatch)} 个条目与发送方审计记录的内容哈希不符"
                     f"（如 {self.audit_mismatch[0]}）")
        return text

    def describe(self) -> list[str]:
        lines = self.manifest.describe()
        lines.append(f"文件 SHA-256：{self.sha256}")
        lines.append(f"最高密级：{self.marking}")
        lines.append("台账\t新增\t不变\t更新\t本地较新（保留）\t冲突")
        lines += ["\t".join(r) for r in self.rows()]
        lines.append(f"附件 {self.attachments} 个（其中本库尚无的 {self.attachments_new} 个）；"
                     f"审计链片段 {self.audit_summary}")
        if any(p.conflicting for p in self.ledgers.values()):
            lines.append("冲突条目与本地版本并列保存，本地版本不被覆盖；用 paizhu conflicts 查看。")
        return lines


@dataclass
class _Incoming:
    """Pass one's compact picture of the file (no entry content, no attachment bytes)."""

    manifest: Manifest
    #: ledger -> entry id -> (version, content hash)
    entries: dict[str, dict[str, tuple[int, str]]]
    #: (ledger, entry id) -> {version: content hash} from the revisions sent
    hashes: dict[tuple[str, str], dict[int, str]]
    #: attachment id -> (ledger, entry id)
    attachments: dict[str, tuple[str, str]]
    #: The sender's records as replayed.
    chain: SenderChain


def _scan(source: Source, catalog: Catalog,
          progress: Progress) -> tuple[ImportPlan, _Incoming]:
    """Pass one: authenticate the whole file, check counts and attachment digests,
    replay the sender's records and hold every entry, revision and attachment against
    them; keep only what the merge decision needs. Raises on anything that does not
    hold (a HandoffError naming it)."""
    first: dict[str, Any] | None = None
    group: dict[str, Any] = {}
    manifest: Manifest | None = None
    chain: SenderChain | None = None
    entries: dict[str, dict[str, tuple[int, str]]] = {}
    hashes: dict[tuple[str, str], dict[int, str]] = {}
    atts: dict[str, tuple[str, str]] = {}
    claims = Claims()
    end: dict[str, Any] | None = None
    levels: list[tuple[Classification, str]] = []
    current: dict[str, Any] | None = None
    blob_hash = hashlib.sha256()
    blob_size = 0
    seen = 0

    def close_blob() -> None:
        nonlocal current
        if current is not None and (blob_hash.hexdigest() != current["sha256"]
                                    or blob_size != current["size"]):
            raise Tampered(f"交接文件中的附件“{current['filename']}”与其校验值不符，"
                           "未导入任何内容。")
        current = None

    for rec in source.records():
        kind = rec.get("t")
        try:
            if kind == "blob":
                if current is None or rec.get("id") != current["id"]:
                    raise Tampered("交接文件内容顺序错误（附件数据不属于任何附件），"
                                   "未导入任何内容。")
                piece = rec["data"]
                blob_hash.update(piece)
                blob_size += len(piece)
                continue
            close_blob()
            if kind == "manifest":
                first = rec
            elif kind == "group":
                group = rec
                manifest = _manifest(first, rec, catalog, source.reader.header)
                chain = SenderChain(manifest.db_id, catalog, signed=manifest.signed)
            elif manifest is None or chain is None:
                raise Tampered("交接文件缺少清单，未导入任何内容。")
            elif kind == "entry":
                if seen % 500 == 0:
                    progress.check()
                    total = sum(int(n) for n in (first or {}).get("counts", {}).values())
                    progress.report(seen, total,
                                    f"正在校验交接文件：已读 {seen} 条，共 {total} 条")
                seen += 1
                # A ledger this version does not know: a clear error (NotFoundError).
                desc = catalog.ledger(rec["ledger"])
                row = rec["row"]
                _check_row_hash(desc, row)
                eid = _text(row["id"])  # one string per id, however many maps name it
                entries.setdefault(desc.id, {})[eid] = (int(row["version"]),
                                                        row["content_hash"])
                levels.append((Classification.parse(row["classification"]), row["retention"]))
                if manifest.signed:
                    claims.entries[(desc.id, eid)] = _entry_claim(row)
            elif kind == "revision":
                key = (_text(rec["ledger"]), _text(rec["entry_id"]))
                digest = content_hash(rec["entry_id"], json.loads(rec["data"]))
                hashes.setdefault(key, {})[int(rec["version"])] = digest
                if manifest.signed:
                    claims.revisions[(*key, int(rec["version"]))] = (
                        digest, _text(rec["action"]), _text(rec["username"]), _text(rec["at"]))
            elif kind == "attachment":
                atts[rec["id"]] = (rec["ledger"], rec["entry_id"])
                current = rec
                blob_hash, blob_size = hashlib.sha256(), 0
                if manifest.signed:
                    claims.attachments[rec["id"]] = AttachmentClaim(
                        rec["ledger"], rec["entry_id"], str(rec["filename"]),
                        str(rec["sha256"]), int(rec["size"]), str(rec["added_by"]),
                        str(rec["added_at"]))
            elif kind == "account":
                chain.account(rec)
            elif kind == "audit":
                chain.segment(rec)
            elif kind == "end":
                end = rec
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise Tampered("交接文件内容格式错误（记录缺项或类型不符），未导入任何内容。") from None
    close_blob()
    if manifest is None or chain is None or end is None or first is None:
        raise Tampered("交接文件缺少清单或结束标记，未导入任何内容。")
    got = {lid: len(rows) for lid, rows in entries.items()}
    try:
        if any(got.get(lid, 0) != n for lid, n in end["counts"].items()) or \
                sum(got.values()) != sum(end["counts"].values()) or \
                len(atts) != int(end.get("attachments", len(atts))):
            raise Tampered("交接文件的条目数或附件数与清单不符，未导入任何内容。")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Tampered("交接文件的结束标记已损坏，未导入任何内容。") from None
    chain.finish(first, group)
    mismatch: list[str] = []
    if manifest.signed:
        problems = chain.disagreements(claims, manifest.ledger_name)
        if problems:
            more = f"（另有 {len(problems) - 1} 处不符）" if len(problems) > 1 else ""
            raise refused(problems[0] + more)
    else:  # release 0.1.0's files: counted and reported, as that release did
        mismatch = [f"{manifest.ledger_name(lid)} {eid}" for lid, rows in entries.items()
                    for eid, (_v, digest) in rows.items()
                    if chain.audited.get((lid, eid), digest) != digest]
    cls, ret = highest(levels)
    plan = ImportPlan(manifest, source.sha256, attachments=len(atts),
                      audit_entries=chain.count, account_records=len(chain.account_seqs),
                      audit_break=chain.broken, audit_mismatch=mismatch,
                      marking=marking(cls, ret) or "非密")
    return plan, _Incoming(manifest, entries, hashes, atts, chain)


def _check_row_hash(desc: LedgerDescription, row: Mapping[str, Any]) -> None:
    """The row's content is what its content hash says (a row written by a later release,
    with fields this one does not know, cannot be recomputed here)."""
    written = row.get("desc_version")
    if written is not None and int(written) > desc.version:
        return
    if content_hash(row["id"], row_state(desc, row)) != row["content_hash"]:
        raise Tampered(f"交接文件中“{desc.name}”条目 {row['id']} 的内容与其内容哈希不符"
                       "（文件被改动），未导入任何内容。")


def _text(value: Any) -> str:
    """An interned string: names and times recur across tens of thousands of entries,
    revisions and records; pass one keeps each once."""
    return sys.intern(str(value))


def _entry_claim(row: Mapping[str, Any]) -> EntryClaim:
    return EntryClaim(int(row["version"]), str(row["content_hash"]), _text(row["created_by"]),
                      _text(row["created_at"]), _text(row["updated_by"]),
                      _text(row["updated_at"]), bool(row["voided"]),
                      _text(row.get("voided_by") or ""), _text(row.get("voided_at") or ""))


def _check_source(session: UserSession, manifest: Manifest) -> str:
    """The origin to record: '' for a group's own file, the sender's id in a county database."""
    own = session.db.db_id
    if session.mode == MODE_COUNTY:
        if manifest.db_id == own:
            raise RuleError("不能把汇总库自己导出的文件再导入汇总库。")
        return manifest.db_id
    if manifest.db_id != own:
        raise RuleError(f"该文件来自“{manifest.group}”，不是本派驻机构的数据；"
                        "只有县纪委监委的汇总库（paizhu init --mode county）"
                        "可以导入其他单位的交接文件。")
    return ""


def _local_hash_at(conn: Any, ledger_id: str, entry_id: str, version: int) -> str | None:
    data = conn.execute(select(revisions.c.data).where(and_(
        revisions.c.ledger == ledger_id, revisions.c.entry_id == entry_id,
        revisions.c.version == version))).scalar()
    return None if data is None else content_hash(entry_id, json.loads(data))


@dataclass
class _Decision:
    """The merge decision for every incoming entry, made before anything is written."""

    verdicts: dict[tuple[str, str], str]
    #: (ledger, entry id) -> the local version (0 for a new entry)
    local_version: dict[tuple[str, str], int]
    new_attachments: set[str]


def _decide(conn: Any, catalog: Catalog, plan: ImportPlan, inc: _Incoming,
            origin: str) -> _Decision:
    """new / unchanged / updated / local_newer / conflict / known_conflict per entry.

    Batched lookups (500 ids a query): a year of a busy group is tens of thousands.
    An entry is *updated* only when the incoming history contains the local version
    exactly; *local_newer* only when the local history contains the incoming one;
    anything else — including an entry of another group in a county database — is a
    conflict, kept side by side and never applied.
    """
    verdicts: dict[tuple[str, str], str] = {}
    local_version: dict[tuple[str, str], int] = {}
    plan.ledgers = {}
    for lid, rows in inc.entries.items():
        t = catalog.table(lid)
        p = plan.ledgers.setdefault(lid, LedgerPlan())
        known = {(r.entry_id, r.incoming_hash) for r in conn.execute(
            select(handoff_conflicts.c.entry_id, handoff_conflicts.c.incoming_hash)
            .where(handoff_conflicts.c.ledger == lid))}
        ids = list(rows)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            local = {r.id: r for r in conn.execute(
                select(t.c.id, t.c.version, t.c.content_hash, t.c.origin)
                .where(t.c.id.in_(chunk)))}
            for eid in chunk:
                version, digest = rows[eid]
                here = local.get(eid)
                if here is None:
                    verdict = "new"
                elif (here.origin or "") != origin:
                    verdict = "conflict"  # another group's entry (or ours, in a county DB)
                elif here.content_hash == digest:
                    verdict = "unchanged"
                elif version > here.version and \
                        inc.hashes.get((lid, eid), {}).get(here.version) == here.content_hash:
                    verdict = "updated"
                elif version < here.version and \
                        _local_hash_at(conn, lid, eid, version) == digest:
                    verdict = "local_newer"
                else:
                    verdict = "conflict"
                if verdict == "conflict" and (eid, digest) in known:
                    verdict = "known_conflict"
                verdicts[(lid, eid)] = verdict
                local_version[(lid, eid)] = 0 if here is None else int(here.version)
                setattr(p, _COUNTER[verdict], getattr(p, _COUNTER[verdict]) + 1)
    new_atts: set[str] = set()
    att_ids = list(inc.attachments)
    for i in range(0, len(att_ids), 500):
        chunk = att_ids[i:i + 500]
        have = {r[0] for r in conn.execute(select(attachments.c.id)
                                           .where(attachments.c.id.in_(chunk)))}
        new_atts |= {a for a in chunk if a not in have
                     and verdicts.get(inc.attachments[a]) in _TAKES_ATTACHMENTS}
    plan.attachments_new = len(new_atts)
    return _Decision(verdicts, local_version, new_atts)


def plan_import(session: UserSession, path: Path, passphrase: str, *,
                progress: Progress | None = None) -> ImportPlan:
    """Dry run: what the file holds and what importing it would change; touches nothing.

    Reports while reading; may be cancelled at any point.
    """
    progress = quiet(progress)
    session.require(Permission.EXPORT)
    source = Source(path, passphrase)
    plan, inc = _scan(source, session.catalog, progress)
    origin = _check_source(session, plan.manifest)
    progress.check()
    progress.report(0, 0, "正在比对本库条目…")
    with session.db.reading() as conn:
        if origin:
            check_continuity(conn, origin, plan.manifest.group, inc.chain)
        _decide(conn, session.catalog, plan, inc, origin)
    return plan


def import_file(session: UserSession, path: Path, passphrase: str, *,
                progress: Progress | None = None) -> ImportPlan:
    """Verify the whole file, then merge it in one transaction (all or nothing); logged.

    Pass one (:func:`_scan`) authenticates every chunk and checks the sender's signed
    records before anything is written; a county database then checks that the
    group's chain continues from the last file it received. Pass two streams the file
    again inside the transaction and writes what the decision says. Any failure,
    including the file changing between the passes, rolls the whole transaction back:
    the database is exactly as before.

    May be cancelled while the file is checked; once the write transaction starts
    (``progress.commit``) it runs to its end or rolls back whole.
    """
    progress = quiet(progress)
    session.require(Permission.EXPORT)
    source = Source(path, passphrase)
    plan, inc = _scan(source, session.catalog, progress)
    origin = _check_source(session, plan.manifest)
    progress.commit("正在写入数据库…")
    sender = plan.manifest.db_id
    now = audit.now_iso()
    who = session.user.username
    with session.db.transaction() as conn, _small_cache(conn):
        if origin:
            check_continuity(conn, origin, plan.manifest.group, inc.chain)
        decision = _decide(conn, session.catalog, plan, inc, origin)
        writer = EntryWriter(conn, session.catalog, who, now)
        taken = _apply(writer, source, plan, decision, inc, origin, progress)
        if origin:
            _register_group(conn, origin, plan.manifest.group, inc.chain, now)
            _keep_compliance(conn, origin, plan.manifest, now)
        head = inc.chain.last
        audit.append(conn, who, Action.IMPORT, at=now, detail={
            "file_sha256": plan.sha256, "group": plan.manifest.group, "origin": sender,
            "period": f"{plan.manifest.date_from}至{plan.manifest.date_to}",
            "counts": {lid: vars(p) for lid, p in plan.ledgers.items()},
            "attachments_new": plan.attachments_new, "attachments": taken,
            "signed": plan.manifest.signed, "head": list(head) if head else None,
            "audit_break": plan.audit_break, "audit_mismatch": len(plan.audit_mismatch)})
    plan.applied = True
    return plan


def _register_group(conn: Any, origin: str, name: str, chain: SenderChain, now: str) -> None:
    """The group in ``handoff_groups``, with the newest head received from it."""
    seq, _ = last_head(conn, origin)
    values: dict[str, Any] = {"group_name": name, "last_import_at": now}
    if chain.last is not None and (seq is None or chain.last[0] > seq):
        values.update(last_seq=chain.last[0], last_hash=chain.last[1])
    exists = conn.execute(select(handoff_groups.c.db_id).where(
        handoff_groups.c.db_id == origin)).first()
    if exists is None:
        conn.execute(insert(handoff_groups), {"db_id": origin, "first_import_at": now,
                                              **values})
    else:
        conn.execute(update(handoff_groups).where(handoff_groups.c.db_id == origin)
                     .values(**values))


def _keep_compliance(conn: Any, origin: str, manifest: Manifest, now: str) -> None:
    """The group's calendar and yearly reports from the newest file, per year."""
    calendar = json.dumps(manifest.calendar, ensure_ascii=False)
    for year, report in manifest.compliance.items():
        conn.execute(delete(handoff_compliance).where(and_(
            handoff_compliance.c.origin == origin, handoff_compliance.c.year == int(year))))
        conn.execute(insert(handoff_compliance), {
            "origin": origin, "year": int(year), "calendar": calendar,
            "report": json.dumps(report, ensure_ascii=False), "received_at": now})


@contextmanager
def _small_cache(conn: Any) -> Iterator[None]:
    """A year's import writes hundreds of MB in one transaction: with a small page cache
    the pages spill to the WAL as they fill and memory stays flat. Restored afterwards
    (the connection goes back to the session's pool)."""
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # The transaction's own error, if any, is the one to report.
        with suppress(*DatabaseErrors):
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


class _Batch:
    """Rows written in groups of 500 (executemany): a year imports in seconds."""

    SIZE = 500

    def __init__(self, writer: EntryWriter, sender: str, sha: str,
                 received: Mapping[tuple[str, str], dict[str, str]]) -> None:
        self.writer, self.conn, self.sender, self.sha = writer, writer.conn, sender, sha
        #: (ledger, entry id) -> {version: content hash} of the revisions taken in
        self.received = received
        #: attachment id -> [ledger, entry id, sha256] of the attachments taken in
        self.attachments: dict[str, list[str]] = {}
        self.new: dict[str, list[dict[str, Any]]] = {}
        self.details: dict[str, list[dict[str, Any]]] = {}
        self.revisions: list[dict[str, Any]] = []
        self.conflicts: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []

    def detail(self, lid: str, row: dict[str, Any], verdict: str) -> dict[str, Any]:
        # The revisions taken in are named by content hash: verify checks them as it
        # checks the ones this database wrote.
        return {"version": row["version"], "content_hash": row["content_hash"],
                "classification": row["classification"], "origin": self.sender,
                "file_sha256": self.sha, "merge": verdict,
                "revisions": self.received.get((lid, row["id"]), {})}

    def add_new(self, lid: str, row: dict[str, Any]) -> None:
        self.new.setdefault(lid, []).append(row)
        self.details.setdefault(lid, []).append(self.detail(lid, row, "new"))

    def flush_entries(self, origin: str) -> None:
        for lid, rows in self.new.items():
            self.writer.receive(self.writer.catalog.ledger(lid), rows, origin=origin,
                                details=self.details[lid])
        self.new, self.details = {}, {}

    def flush(self, origin: str) -> None:
        self.flush_entries(origin)
        self.writer.receive_revisions(self.revisions)
        self.revisions = []
        if self.conflicts:
            self.conn.execute(insert(handoff_conflicts), self.conflicts)
            self.conflicts = []
        if self.audit:
            self.conn.execute(insert(handoff_audit), self.audit)
            self.audit = []

    def full(self) -> bool:
        return (sum(len(r) for r in self.new.values()) + len(self.revisions)
                + len(self.conflicts) + len(self.audit)) >= self.SIZE


def _apply(writer: EntryWriter, source: Source, plan: ImportPlan, decision: _Decision,
           inc: _Incoming, origin: str, progress: Progress) -> dict[str, list[str]]:
    """Pass two: write what the decision says, streaming the file once more; returns
    the attachments taken in (id -> ledger, entry id, sha256)."""
    conn, catalog, now = writer.conn, writer.catalog, writer.now
    sender = plan.manifest.db_id
    total, written = len(decision.verdicts), 0
    received = {key: {str(v): h for v, h in sorted(hashes.items())
                      if v > decision.local_version.get(key, 0)}
                for key, hashes in inc.hashes.items()
                if decision.verdicts.get(key) in ("new", "updated")}
    batch = _Batch(writer, sender, plan.sha256, received)
    keep_audit = bool(origin)  # a county database keeps the records each group sent
    have_audit = _received(conn, sender, inc.chain) if keep_audit else set()
    # One attachment at a time is assembled (SQLite writes a value whole; the largest
    # attachment the application accepts is 100 MB), never the whole file's.
    current: dict[str, Any] | None = None
    content = bytearray()

    def flush_attachment() -> None:
        nonlocal current, content
        if current is not None:
            if hashlib.sha256(content).hexdigest() != current["sha256"]:
                raise Tampered("交接文件中的附件与其校验值不符，未导入任何内容。")
            batch.flush(origin)  # the entry row goes in before its attachment
            conn.execute(insert(attachments), {**current, "content": content})
            batch.attachments[current["id"]] = [current["ledger"], current["entry_id"],
                                                current["sha256"]]
        current, content = None, bytearray()

    for rec in source.records():
        kind = rec.get("t")
        if kind == "blob":
            if current is not None and rec["id"] == current["id"]:
                content += rec["data"]
            continue
        flush_attachment()
        if kind == "entry":
            if written % 500 == 0:
                progress.report(written, total, f"正在写入：第 {written} 条，共 {total} 条")
            written += 1
            # The row's own say on where it comes from counts for nothing: the origin is
            # the signed manifest's, and the receiver makes its own seq and search text.
            lid = rec["ledger"]
            row = {k: v for k, v in rec["row"].items() if k not in _ENTRY_SKIP}
            verdict = decision.verdicts[(lid, row["id"])]
            desc = catalog.ledger(lid)
            if verdict == "new":
                batch.add_new(lid, row)
            elif verdict == "updated":
                batch.flush_entries(origin)
                writer.replace(desc, row, origin=origin,
                               detail=batch.detail(lid, row, verdict))
            elif verdict == "conflict":
                t = catalog.table(desc)
                # A conflict is decided against a local row: it is there.
                local = conn.execute(select(t.c.version, t.c.content_hash).where(
                    t.c.id == row["id"])).one()
                batch.conflicts.append({
                    "ledger": lid, "entry_id": row["id"], "origin": sender,
                    "local_version": local.version, "local_hash": local.content_hash,
                    "incoming_version": row["version"], "incoming_hash": row["content_hash"],
                    "incoming": json.dumps(row, ensure_ascii=False),
                    "file_sha256": plan.sha256, "at": now, "resolved": False})
                # The same entry twice in one file must not be stored twice either.
                decision.verdicts[(lid, row["id"])] = "known_conflict"
        elif kind == "revision":
            key = (rec["ledger"], rec["entry_id"])
            if decision.verdicts.get(key) in ("new", "updated") and \
                    int(rec["version"]) > decision.local_version[key]:
                batch.revisions.append({k: v for k, v in rec.items() if k != "t"})
        elif kind == "attachment":
            if rec["id"] in decision.new_attachments:
                current = {k: v for k, v in rec.items() if k != "t"}
        elif kind in ("account", "audit") and keep_audit and rec["seq"] not in have_audit:
            batch.audit.append({"origin": sender, **{k: v for k, v in rec.items() if k != "t"}})
            have_audit.add(rec["seq"])
        if batch.full():
            batch.flush(origin)
    flush_attachment()
    batch.flush(origin)
    return batch.attachments


def _received(conn: Any, origin: str, chain: SenderChain) -> set[int]:
    """Which of the file's records the county database already holds from ``origin``."""
    have: set[int] = set()
    if chain.first is not None and chain.last is not None:
        have |= {r[0] for r in conn.execute(select(handoff_audit.c.seq).where(
            handoff_audit.c.origin == origin, handoff_audit.c.seq >= chain.first[0],
            handoff_audit.c.seq <= chain.last[0]))}
    seqs = chain.account_seqs
    for i in range(0, len(seqs), 500):
        have |= {r[0] for r in conn.execute(select(handoff_audit.c.seq).where(
            handoff_audit.c.origin == origin, handoff_audit.c.seq.in_(seqs[i:i + 500])))}
    return have


def list_conflicts(session: UserSession) -> list[dict[str, Any]]:
    """Conflicts kept side by side for a person to resolve."""
    session.require(Permission.READ_LEDGERS)
    with session.db.reading() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(handoff_conflicts).where(handoff_conflicts.c.resolved.is_(False))
            .order_by(handoff_conflicts.c.seq))]


__all__ = ["ExportResult", "HandoffError", "ImportPlan", "Manifest", "Source", "export",
           "import_file", "inspect", "list_conflicts", "plan_import"]
