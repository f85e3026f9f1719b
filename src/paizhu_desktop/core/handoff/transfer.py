"""Export a period of every ledger into a ``.pzx`` file; inspect, plan and import one.

The plaintext inside the container is a stream of JSON lines (records):
``manifest``, ``group``, then per ledger ``entry`` / ``revision`` /
``attachment`` + ``blob`` pieces, the ``audit`` segment, and ``end`` with the
counts (docs/handoff-format.md). Attachments travel in 256 KiB pieces of raw
bytes (a ``blob`` line names the size), so memory stays flat however large
they are (DOMAIN §7).

Import first reads the whole file once (authenticating every chunk and
checking the counts and the sender's audit-chain segment) and plans the
merge; only then does it apply the plan, in one transaction: all or nothing.
Entries merge by their stable ids: the same file twice changes nothing, a
newer local version is never overwritten, and real conflicts are kept side
by side (``handoff_conflicts``) for a person to resolve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import and_, func, insert, select, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, highest, marking
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.files import open_private
from paizhu_desktop.core.handoff.container import (
    KDF,
    HandoffError,
    Reader,
    Tampered,
    Writer,
    check_passphrase,
)
from paizhu_desktop.core.keyslots import KdfCost
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.entry import content_hash
from paizhu_desktop.core.ledgers.writer import EntryWriter
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.progress import Progress, quiet
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.schema import (
    attachments,
    audit_log,
    handoff_audit,
    handoff_conflicts,
    handoff_groups,
    revisions,
)
from paizhu_desktop.core.session import MODE_COUNTY, UserSession
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

    # Read before the long read transaction (one connection: no nested transactions).
    group_name, mode, db_id = session.group_name, session.mode, db.db_id
    catalog = session.catalog
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
        at_from, at_to = _audit_segment(conn, start, end, selected)
        w.write(_line({"t": "manifest", "format": 1, "producer": f"paizhu-desktop {__version__}",
                       "from": start, "to": end, "counts": counts,
                       "created_at": audit.now_iso(), "audit": [at_from, at_to]}))
        w.write(_line({"t": "group", "db_id": db_id, "name": group_name,
                       "mode": mode, "sender": session.user.display_name}))
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
        "classification": result.marking, "counts": counts})
    return result


@contextmanager
def _discarded_on_error(tmp: Path) -> Iterator[None]:
    """Remove the partial file when the export stops early (cancelled, disk full, …)."""
    try:
        yield
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _audit_segment(conn: Any, start: str, end: str,
                   selected: dict[str, list[str]]) -> tuple[int, int]:
    """The contiguous audit-chain segment covering the period: from the first record
    made in the period or naming an exported entry, to the head of the chain. It holds
    every exported entry's audited history since then, so the receiver can check each
    entry against the last content hash the sender's chain recorded for it."""
    firsts = [conn.execute(select(func.min(audit_log.c.seq)).where(and_(
        audit_log.c.at >= start, audit_log.c.at <= end + "\uffff"))).scalar()]
    for lid, ids in selected.items():
        for i in range(0, len(ids), 500):
            firsts.append(conn.execute(select(func.min(audit_log.c.seq)).where(and_(
                audit_log.c.ledger == lid, audit_log.c.entry_id.in_(ids[i:i + 500])))).scalar())
    known = [int(x) for x in firsts if x is not None]
    if not known:
        return 0, -1
    head_seq, _ = audit.head(conn)
    return min(known), head_seq


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

    def ledger_name(self, ledger_id: str) -> str:
        return self.names.get(ledger_id, ledger_id)

    def describe(self) -> list[str]:
        lines = [f"派驻机构：{self.group}", f"期间：{self.date_from} 至 {self.date_to}",
                 f"导出人：{self.sender}，导出时间：{self.created_at[:16].replace('T', ' ')}",
                 f"生成程序：{self.producer}（交接文件格式第 {self.format} 版）"]
        for lid, n in self.counts.items():
            lines.append(f"  {self.ledger_name(lid)}：{n} 条")
        return lines


def _manifest(first: dict[str, Any] | None, group: dict[str, Any],
              catalog: Catalog) -> Manifest:
    if first is None or first.get("t") != "manifest" or group.get("t") != "group":
        raise Tampered("交接文件缺少清单，未导入任何内容。")
    return Manifest(first["producer"], first["from"], first["to"], first["counts"],
                    group["name"], group["db_id"], group.get("sender", ""),
                    first.get("created_at", ""), int(first.get("format", 1)),
                    {d.id: d.name for d in catalog.ledgers()})


def inspect(path: Path, passphrase: str, catalog: Catalog = CATALOG) -> Manifest:
    """The manifest only (the first records); the rest of the file is not read."""
    it = records(path, passphrase)
    first, second = next(it, None), next(it, None)
    return _manifest(first, second or {}, catalog)


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
    audit_break: str = ""
    #: Entries whose content differs from what the sender's own audit chain last recorded.
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
        text = f"{self.audit_entries} 条，" + (f"发现断点：{self.audit_break}"
                                             if self.audit_break else "链接完整")
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


class _SegmentCheck:
    """Recomputes the sender's chain links record by record (the segment is streamed)."""

    def __init__(self) -> None:
        self.prev: dict[str, Any] | None = None
        self.count = 0
        self.broken = ""
        #: (ledger, entry_id) -> the last content hash the sender's chain recorded.
        self.audited: dict[tuple[str, str], str] = {}

    def add(self, r: dict[str, Any]) -> None:
        self.count += 1
        if r.get("ledger") and r.get("entry_id"):
            try:
                digest = json.loads(r["detail"]).get("content_hash")
            except (ValueError, AttributeError):
                digest = None
            if digest:
                self.audited[(r["ledger"], r["entry_id"])] = digest
        if self.broken:
            return
        prev = self.prev
        if prev is not None:
            if r["seq"] != prev["seq"] + 1:
                self.broken = f"第 {prev['seq'] + 1} 条审计记录缺失"
            elif r["prev_hash"] != prev["hash"]:
                self.broken = f"第 {r['seq']} 条审计记录与前一条的链接不符"
        if not self.broken:
            try:
                digest = audit.link_hash(r["prev_hash"], r["seq"], r["at"], r["username"],
                                         r["action"], r["ledger"], r["entry_id"], r["detail"],
                                         r.get("signer"), r.get("suite"))
            except ValueError:
                digest = ""
            if digest != r["hash"]:
                self.broken = f"第 {r['seq']} 条审计记录的内容被改动"
        self.prev = {"seq": r["seq"], "hash": r["hash"]}


def _check_segment(segment: list[dict[str, Any]]) -> str:
    """Recompute the sender's chain links inside the segment; '' when it holds."""
    check = _SegmentCheck()
    for r in segment:
        check.add(r)
    return check.broken


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


def _scan(source: Source, catalog: Catalog,
          progress: Progress) -> tuple[ImportPlan, _Incoming]:
    """Pass one: authenticate the whole file, check counts, attachment digests and the
    sender's audit-chain segment, and keep only what the merge decision needs."""
    first: dict[str, Any] | None = None
    manifest: Manifest | None = None
    entries: dict[str, dict[str, tuple[int, str]]] = {}
    hashes: dict[tuple[str, str], dict[int, str]] = {}
    atts: dict[str, tuple[str, str]] = {}
    segment = _SegmentCheck()
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
        if kind == "blob":
            if current is None or rec.get("id") != current["id"]:
                raise Tampered("交接文件内容顺序错误（附件数据不属于任何附件），未导入任何内容。")
            piece = rec["data"]
            blob_hash.update(piece)
            blob_size += len(piece)
            continue
        close_blob()
        if kind == "manifest":
            first = rec
        elif kind == "group":
            manifest = _manifest(first, rec, catalog)
        elif manifest is None:
            raise Tampered("交接文件缺少清单，未导入任何内容。")
        elif kind == "entry":
            if seen % 500 == 0:
                progress.check()
                total = sum(int(n) for n in (first or {}).get("counts", {}).values())
                progress.report(seen, total, f"正在校验交接文件：已读 {seen} 条，共 {total} 条")
            seen += 1
            row = rec["row"]
            catalog.ledger(rec["ledger"])  # a ledger this version does not know: a clear error
            entries.setdefault(rec["ledger"], {})[row["id"]] = (int(row["version"]),
                                                                row["content_hash"])
            levels.append((Classification.parse(row["classification"]), row["retention"]))
        elif kind == "revision":
            hashes.setdefault((rec["ledger"], rec["entry_id"]), {})[int(rec["version"])] = \
                content_hash(rec["entry_id"], json.loads(rec["data"]))
        elif kind == "attachment":
            atts[rec["id"]] = (rec["ledger"], rec["entry_id"])
            current = rec
            blob_hash, blob_size = hashlib.sha256(), 0
        elif kind == "audit":
            segment.add(rec)
        elif kind == "end":
            end = rec
    close_blob()
    if manifest is None or end is None:
        raise Tampered("交接文件缺少清单或结束标记，未导入任何内容。")
    got = {lid: len(rows) for lid, rows in entries.items()}
    if any(got.get(lid, 0) != n for lid, n in end["counts"].items()) or \
            sum(got.values()) != sum(end["counts"].values()) or \
            len(atts) != int(end.get("attachments", len(atts))):
        raise Tampered("交接文件的条目数或附件数与清单不符，未导入任何内容。")
    cls, ret = highest(levels)
    mismatch = [f"{manifest.ledger_name(lid)} {eid}" for lid, rows in entries.items()
                for eid, (_v, digest) in rows.items()
                if segment.audited.get((lid, eid), digest) != digest]
    plan = ImportPlan(manifest, source.sha256, attachments=len(atts),
                      audit_entries=segment.count, audit_break=segment.broken,
                      audit_mismatch=mismatch, marking=marking(cls, ret) or "非密")
    return plan, _Incoming(manifest, entries, hashes, atts)


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
        _decide(conn, session.catalog, plan, inc, origin)
    return plan


def import_file(session: UserSession, path: Path, passphrase: str, *,
                progress: Progress | None = None) -> ImportPlan:
    """Verify the whole file, then merge it in one transaction (all or nothing); logged.

    Pass one (:func:`_scan`) authenticates every chunk before anything is written;
    pass two streams the file again inside the transaction and writes what the
    decision says. Any failure, including the file changing between the passes,
    rolls the whole transaction back: the database is exactly as before.

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
        decision = _decide(conn, session.catalog, plan, inc, origin)
        writer = EntryWriter(conn, session.catalog, who, now)
        taken = _apply(writer, source, plan, decision, inc, origin, progress)
        if origin:
            existing = conn.execute(select(handoff_groups.c.db_id).where(
                handoff_groups.c.db_id == origin)).first()
            if existing is None:
                conn.execute(insert(handoff_groups), {"db_id": origin,
                                                      "group_name": plan.manifest.group,
                                                      "first_import_at": now,
                                                      "last_import_at": now})
            else:
                conn.execute(update(handoff_groups).where(handoff_groups.c.db_id == origin)
                             .values(group_name=plan.manifest.group, last_import_at=now))
        audit.append(conn, who, Action.IMPORT, at=now, detail={
            "file_sha256": plan.sha256, "group": plan.manifest.group, "origin": sender,
            "period": f"{plan.manifest.date_from}至{plan.manifest.date_to}",
            "counts": {lid: vars(p) for lid, p in plan.ledgers.items()},
            "attachments_new": plan.attachments_new, "attachments": taken,
            "audit_break": plan.audit_break, "audit_mismatch": len(plan.audit_mismatch)})
    plan.applied = True
    return plan


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
    keep_audit = bool(origin)  # a county database keeps each group's chain segment
    have_audit: set[int] = set()
    if keep_audit:
        have_audit = {r[0] for r in conn.execute(select(handoff_audit.c.seq).where(
            handoff_audit.c.origin == sender))}
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
            lid, row = rec["ledger"], rec["row"]
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
        elif kind == "audit" and keep_audit and rec["seq"] not in have_audit:
            batch.audit.append({"origin": sender, **{k: v for k, v in rec.items() if k != "t"}})
            have_audit.add(rec["seq"])
        if batch.full():
            batch.flush(origin)
    flush_attachment()
    batch.flush(origin)
    return batch.attachments


def list_conflicts(session: UserSession) -> list[dict[str, Any]]:
    """Conflicts kept side by side for a person to resolve."""
    session.require(Permission.READ_LEDGERS)
    with session.db.reading() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(handoff_conflicts).where(handoff_conflicts.c.resolved.is_(False))
            .order_by(handoff_conflicts.c.seq))]


__all__ = ["ExportResult", "HandoffError", "ImportPlan", "Manifest", "Source", "export",
           "import_file", "inspect", "list_conflicts", "plan_import"]
