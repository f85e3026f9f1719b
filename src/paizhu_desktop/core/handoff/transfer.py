"""Export a period of every ledger into a ``.pzx`` file; inspect, plan and import one.

The plaintext inside the container is a stream of JSON lines (records):
``manifest``, ``group``, then per ledger ``entry`` / ``revision`` /
``attachment`` + ``blob`` pieces, the ``audit`` segment, and ``end`` with the
counts. Attachments travel in 256 KiB pieces, so memory stays flat however
large they are (DOMAIN §7).

Import first reads the whole file once (authenticating every chunk and
checking the counts and the sender's audit-chain segment) and plans the
merge; only then does it apply the plan, in one transaction: all or nothing.
Entries merge by their stable ids: the same file twice changes nothing, a
newer local version is never overwritten, and real conflicts are kept side
by side (``handoff_conflicts``) for a person to resolve.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import and_, func, insert, select, update

from paizhu_desktop import __version__
from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification, highest, marking
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.handoff.container import (
    HandoffError,
    Tampered,
    Writer,
    decrypt,
)
from paizhu_desktop.core.ledgers.registry import all_ledgers
from paizhu_desktop.core.ledgers.registry import ledger as describe
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.schema import (
    attachments,
    audit_log,
    handoff_audit,
    handoff_conflicts,
    handoff_groups,
    ledger_table,
    revisions,
)
from paizhu_desktop.core.session import MODE_COUNTY, UserSession

PIECE = 256 * 1024
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


def export(session: UserSession, out: Path, passphrase: str, *, year: int | None = None,
           date_from: str | None = None, date_to: str | None = None) -> ExportResult:
    """Write the period of every ledger to ``out`` (encrypted), log it, and return the slip data."""
    session.require(Permission.EXPORT)
    start, end = _period(year, date_from, date_to)
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
    with db.reading() as conn, tmp.open("wb") as raw:
        sink = _Hashing(raw)
        w = Writer(sink, passphrase)  # type: ignore[arg-type]
        selected: dict[str, list[str]] = {}
        for desc in all_ledgers():
            t = ledger_table(desc)
            col = t.c[f"f_{desc.date_field}"]
            ids = [r[0] for r in conn.execute(select(t.c.id).where(and_(
                col >= start, col <= end + "\uffff")).order_by(t.c.seq))]
            selected[desc.id] = ids
            counts[desc.id] = len(ids)
        at_from, at_to = _audit_segment(conn, start, end)
        w.write(_line({"t": "manifest", "format": 1, "producer": f"paizhu-desktop {__version__}",
                       "from": start, "to": end, "counts": counts,
                       "created_at": audit.now_iso(), "audit": [at_from, at_to]}))
        w.write(_line({"t": "group", "db_id": db_id, "name": group_name,
                       "mode": mode, "sender": session.user.display_name}))
        for desc in all_ledgers():
            t = ledger_table(desc)
            ids = selected[desc.id]
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
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
                        w.write(_line({"t": "blob", "id": att.id,
                                       "data": base64.b64encode(piece).decode("ascii")}))
        for row in conn.execute(select(audit_log).where(and_(
                audit_log.c.seq >= at_from, audit_log.c.seq <= at_to)).order_by(audit_log.c.seq)):
            w.write(_line({"t": "audit", **dict(row._mapping)}))
        w.write(_line({"t": "end", "counts": counts, "attachments": n_att}))
        w.close()
    tmp.replace(out)
    cls, ret = highest(levels)
    result = ExportResult(out, hasher.hexdigest(), out.stat().st_size, counts, n_att,
                          marking(cls, ret) or "非密", start, end, session.group_name,
                          session.user.display_name, at_from, at_to)
    session.log(Action.EXPORT, detail={
        "file": out.name, "sha256": result.sha256, "period": f"{start}至{end}",
        "entry_count": sum(counts.values()), "attachments": n_att,
        "classification": result.marking, "counts": counts})
    return result


def _audit_segment(conn: Any, start: str, end: str) -> tuple[int, int]:
    """The contiguous audit-chain segment from the first to the last entry in the period."""
    lo = conn.execute(select(func.min(audit_log.c.seq)).where(and_(
        audit_log.c.at >= start, audit_log.c.at <= end + "\uffff"))).scalar()
    hi = conn.execute(select(func.max(audit_log.c.seq)).where(and_(
        audit_log.c.at >= start, audit_log.c.at <= end + "\uffff"))).scalar()
    if lo is None:
        return 0, -1
    return int(lo), int(hi)


def _blob_pieces(conn: Any, attachment_id: str, size: int) -> Iterator[bytes]:
    # substr() on the BLOB reads one piece at a time: the attachment is never whole in memory.
    for offset in range(0, max(size, 1), PIECE):
        piece = conn.execute(select(func.substr(attachments.c.content, offset + 1, PIECE)).where(
            attachments.c.id == attachment_id)).scalar()
        if piece:
            yield bytes(piece)


# -- reading ---------------------------------------------------------------------------

def records(path: Path, passphrase: str) -> Iterator[dict[str, Any]]:
    """The file's records in order; raises a HandoffError on any damage."""
    with path.open("rb") as f:
        rest = b""
        for chunk in decrypt(f, passphrase):
            rest += chunk
            *lines, rest = rest.split(b"\n")
            for line in lines:
                try:
                    yield json.loads(line)
                except ValueError:
                    raise Tampered("交接文件内容格式错误。") from None
        if rest.strip():
            raise Tampered("交接文件内容不完整。")


def file_sha256(path: Path) -> str:
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

    def describe(self) -> list[str]:
        lines = [f"派驻机构：{self.group}", f"期间：{self.date_from} 至 {self.date_to}",
                 f"导出人：{self.sender}，导出时间：{self.created_at[:16].replace('T', ' ')}",
                 f"生成程序：{self.producer}"]
        for lid, n in self.counts.items():
            lines.append(f"  {_ledger_name(lid)}：{n} 条")
        return lines


def _ledger_name(ledger_id: str) -> str:
    try:
        return describe(ledger_id).name
    except Exception:  # a ledger of a newer version: shown by its code
        return ledger_id


def inspect(path: Path, passphrase: str) -> Manifest:
    """The manifest only (the first records); the rest of the file is not read."""
    it = records(path, passphrase)
    first, second = next(it, None), next(it, None)
    if not first or first.get("t") != "manifest" or not second or second.get("t") != "group":
        raise Tampered("交接文件缺少清单。")
    return Manifest(first["producer"], first["from"], first["to"], first["counts"],
                    second["name"], second["db_id"], second.get("sender", ""),
                    first.get("created_at", ""))


@dataclass
class LedgerPlan:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    local_newer: int = 0
    conflicting: int = 0


@dataclass
class ImportPlan:
    """What an import would change, per ledger (shown before anything is touched)."""

    manifest: Manifest
    sha256: str
    ledgers: dict[str, LedgerPlan] = field(default_factory=dict)
    attachments: int = 0
    audit_entries: int = 0
    audit_break: str = ""
    marking: str = ""
    applied: bool = False

    def rows(self) -> list[list[str]]:
        out = []
        for lid, p in self.ledgers.items():
            out.append([_ledger_name(lid), str(p.new), str(p.unchanged), str(p.updated),
                        str(p.local_newer), str(p.conflicting)])
        return out

    def describe(self) -> list[str]:
        lines = self.manifest.describe()
        lines.append(f"文件 SHA-256：{self.sha256}")
        lines.append("台账\t新增\t不变\t更新\t本地较新（保留）\t冲突")
        lines += ["\t".join(r) for r in self.rows()]
        lines.append(f"附件 {self.attachments} 个；审计链片段 {self.audit_entries} 条："
                     + (f"发现断点：{self.audit_break}" if self.audit_break else "链接完整"))
        return lines


def _check_segment(segment: list[dict[str, Any]]) -> str:
    """Recompute the sender's chain links inside the segment; '' when it holds."""
    prev = None
    for r in segment:
        if prev is not None:
            if r["seq"] != prev["seq"] + 1:
                return f"第 {prev['seq'] + 1} 条审计记录缺失"
            if r["prev_hash"] != prev["hash"]:
                return f"第 {r['seq']} 条审计记录与前一条的链接不符"
        digest = audit.link_hash(r["prev_hash"], r["seq"], r["at"], r["username"], r["action"],
                                 r["ledger"], r["entry_id"], r["detail"])
        if digest != r["hash"]:
            return f"第 {r['seq']} 条审计记录的内容被改动"
        prev = r
    return ""


def _classify(conn: Any, ledger_id: str, row: dict[str, Any]) -> tuple[str, Any]:
    """new / unchanged / updated / local_newer / conflict for one incoming entry."""
    t = ledger_table(describe(ledger_id))
    local = conn.execute(select(t.c.id, t.c.version, t.c.content_hash, t.c.origin)
                         .where(t.c.id == row["id"])).first()
    if local is None:
        return "new", None
    if local.content_hash == row["content_hash"]:
        return "unchanged", local
    # Is one side an earlier version of the other? The revisions say what each version was.
    if row["version"] > local.version:
        if row.get("_hashes", {}).get(local.version) == local.content_hash:
            return "updated", local
    elif row["version"] < local.version:
        if _local_hash_at(conn, ledger_id, row["id"], row["version"]) == row["content_hash"]:
            return "local_newer", local
    return "conflict", local


def _local_hash_at(conn: Any, ledger_id: str, entry_id: str, version: int) -> str | None:
    from paizhu_desktop.core.ledgers.service import content_hash

    data = conn.execute(select(revisions.c.data).where(and_(
        revisions.c.ledger == ledger_id, revisions.c.entry_id == entry_id,
        revisions.c.version == version))).scalar()
    return None if data is None else content_hash(entry_id, json.loads(data))


def _read_all(session: UserSession, path: Path, passphrase: str) -> tuple[ImportPlan, dict]:
    """Pass one: authenticate the whole file and collect what the merge needs (not blobs)."""
    from paizhu_desktop.core.ledgers.service import content_hash

    sha = file_sha256(path)
    manifest: Manifest | None = None
    entries: dict[str, dict[str, dict[str, Any]]] = {}
    hashes: dict[tuple[str, str], dict[int, str]] = {}
    segment: list[dict[str, Any]] = []
    n_att = 0
    end = None
    first: dict[str, Any] | None = None
    levels = []
    for rec in records(path, passphrase):
        kind = rec.get("t")
        if kind == "manifest":
            first = rec
        elif kind == "group":
            if first is None:
                raise Tampered("交接文件缺少清单。")
            manifest = Manifest(first["producer"], first["from"], first["to"], first["counts"],
                                rec["name"], rec["db_id"], rec.get("sender", ""),
                                first.get("created_at", ""))
        elif kind == "entry":
            describe(rec["ledger"])  # a ledger this version does not know: a clear error
            entries.setdefault(rec["ledger"], {})[rec["row"]["id"]] = rec["row"]
            levels.append((Classification.parse(rec["row"]["classification"]),
                           rec["row"]["retention"]))
        elif kind == "revision":
            hashes.setdefault((rec["ledger"], rec["entry_id"]), {})[rec["version"]] = \
                content_hash(rec["entry_id"], json.loads(rec["data"]))
        elif kind == "attachment":
            n_att += 1
        elif kind == "audit":
            segment.append(rec)
        elif kind == "end":
            end = rec
    if manifest is None or end is None:
        raise Tampered("交接文件缺少清单或结束标记。")
    got = {lid: len(rows) for lid, rows in entries.items()}
    if any(got.get(lid, 0) != n for lid, n in end["counts"].items()):
        raise Tampered("交接文件的条目数与清单不符。")
    cls, ret = highest(levels)
    plan = ImportPlan(manifest, sha, attachments=n_att, audit_entries=len(segment),
                      audit_break=_check_segment(segment), marking=marking(cls, ret) or "非密")
    for lid, rows in entries.items():
        for row in rows.values():
            row["_hashes"] = hashes.get((lid, row["id"]), {})
    return plan, {"entries": entries, "segment": segment}


def _check_source(session: UserSession, manifest: Manifest) -> str:
    """The origin to record: '' for a group's own file, the sender's id in a county database."""
    own = session.db.db_id
    if session.mode == MODE_COUNTY:
        if manifest.db_id == own:
            raise RuleError("不能把汇总库自己导出的文件再导入汇总库。")
        return manifest.db_id
    if manifest.db_id != own:
        raise RuleError(f"该文件来自“{manifest.group}”，不是本派驻机构的数据；"
                        "只有县纪委监委的汇总库（paizhu init --mode county）可以导入其他单位的交接文件。")
    return ""


def plan_import(session: UserSession, path: Path, passphrase: str) -> ImportPlan:
    """Dry run: what the file holds and what importing it would change; touches nothing."""
    session.require(Permission.EXPORT)
    plan, data = _read_all(session, path, passphrase)
    _check_source(session, plan.manifest)
    with session.db.reading() as conn:  # noqa: SIM117
        _fill_plan(conn, plan, data)
    return plan


def _fill_plan(conn: Any, plan: ImportPlan, data: dict) -> dict[tuple[str, str], str]:
    verdicts: dict[tuple[str, str], str] = {}
    for lid, rows in data["entries"].items():
        p = plan.ledgers.setdefault(lid, LedgerPlan())
        for row in rows.values():
            verdict, _local = _classify(conn, lid, row)
            verdicts[(lid, row["id"])] = verdict
            if verdict == "conflict":
                exists = conn.execute(select(handoff_conflicts.c.seq).where(and_(
                    handoff_conflicts.c.ledger == lid, handoff_conflicts.c.entry_id == row["id"],
                    handoff_conflicts.c.incoming_hash == row["content_hash"]))).first()
                if exists is not None:
                    verdict = verdicts[(lid, row["id"])] = "known_conflict"
            setattr(p, {"new": "new", "unchanged": "unchanged", "updated": "updated",
                        "local_newer": "local_newer", "conflict": "conflicting",
                        "known_conflict": "conflicting"}[verdict],
                    getattr(p, {"new": "new", "unchanged": "unchanged", "updated": "updated",
                                "local_newer": "local_newer", "conflict": "conflicting",
                                "known_conflict": "conflicting"}[verdict]) + 1)
    return verdicts


def import_file(session: UserSession, path: Path, passphrase: str) -> ImportPlan:
    """Verify the whole file, then merge it in one transaction (all or nothing); logged."""
    session.require(Permission.EXPORT)
    plan, data = _read_all(session, path, passphrase)
    origin = _check_source(session, plan.manifest)

    now = audit.now_iso()
    who = session.user.username
    wanted_blobs: set[str] = set()
    with session.db.transaction() as conn:
        verdicts = _fill_plan(conn, plan, data)
        for lid, rows in data["entries"].items():
            desc = describe(lid)
            t = ledger_table(desc)
            for row in rows.values():
                verdict = verdicts[(lid, row["id"])]
                clean = {k: v for k, v in row.items() if not k.startswith("_")}
                if verdict == "new":
                    seq = conn.execute(insert(t), {**clean, "origin": origin,
                                                   "search_text": _search_text(desc, clean)}
                                       ).inserted_primary_key[0]
                    _index(conn, desc, seq, _search_text(desc, clean), new=True)
                elif verdict == "updated":
                    conn.execute(update(t).where(t.c.id == row["id"]).values(
                        **{k: v for k, v in clean.items() if k != "id"},
                        search_text=_search_text(desc, clean)))
                    seq = conn.execute(select(t.c.seq).where(t.c.id == row["id"])).scalar()
                    _index(conn, desc, seq, _search_text(desc, clean), new=False)
                elif verdict == "conflict":
                    local = conn.execute(select(t.c.version, t.c.content_hash).where(
                        t.c.id == row["id"])).first()
                    conn.execute(insert(handoff_conflicts), {
                        "ledger": lid, "entry_id": row["id"], "origin": plan.manifest.db_id,
                        "local_version": local.version, "local_hash": local.content_hash,
                        "incoming_version": row["version"], "incoming_hash": row["content_hash"],
                        "incoming": json.dumps(clean, ensure_ascii=False), "file_sha256": plan.sha256,
                        "at": now, "resolved": False})
                    continue
                else:
                    continue
                wanted_blobs.add(f"{lid}:{row['id']}")
                audit.append(conn, who, Action.IMPORT, ledger=lid, entry_id=row["id"], at=now,
                             detail={"version": row["version"], "content_hash": row["content_hash"],
                                     "classification": row["classification"],
                                     "origin": plan.manifest.db_id, "file_sha256": plan.sha256,
                                     "merge": verdict})
        # Pass two over the file: revisions, attachments and blobs of what was taken in.
        _apply_stream(conn, path, passphrase, wanted_blobs, origin or plan.manifest.db_id,
                      keep_audit=bool(origin))
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
            "file_sha256": plan.sha256, "group": plan.manifest.group,
            "period": f"{plan.manifest.date_from}至{plan.manifest.date_to}",
            "counts": {lid: vars(p) for lid, p in plan.ledgers.items()},
            "audit_break": plan.audit_break})
    plan.applied = True
    return plan


def _search_text(desc: Any, row: dict[str, Any]) -> str:
    from paizhu_desktop.core.ledgers.service import _values_from_row

    class _R:
        _mapping = row

    return desc.search_text(_values_from_row(desc, _R()))  # type: ignore[arg-type]


def _index(conn: Any, desc: Any, seq: int, body: str, new: bool) -> None:
    fts = desc.fts_table_name
    if not new:
        conn.exec_driver_sql(f"DELETE FROM {fts} WHERE rowid = ?", (seq,))
    conn.exec_driver_sql(f"INSERT INTO {fts}(rowid, search_text) VALUES (?, ?)", (seq, body))


def _apply_stream(conn: Any, path: Path, passphrase: str, wanted: set[str], origin: str,
                  keep_audit: bool) -> None:
    have_revs = set()
    # One attachment at a time is assembled (SQLite writes a value whole; the largest
    # attachment the application accepts is 100 MB), never the whole file's.
    current: dict[str, Any] | None = None
    content = bytearray()

    def flush() -> None:
        nonlocal current, content
        if current is not None:
            if hashlib.sha256(content).hexdigest() != current["sha256"]:
                raise Tampered("交接文件中的附件与其校验值不符，未导入任何内容。")
            conn.execute(insert(attachments), {**current, "content": bytes(content)})
        current, content = None, bytearray()

    for rec in records(path, passphrase):
        kind = rec.get("t")
        if kind == "blob":
            if current is not None and rec["id"] == current["id"]:
                content += base64.b64decode(rec["data"])
            continue
        flush()
        if kind == "revision" and f"{rec['ledger']}:{rec['entry_id']}" in wanted:
            key = (rec["ledger"], rec["entry_id"], rec["version"])
            if key in have_revs:
                continue
            exists = conn.execute(select(revisions.c.seq).where(and_(
                revisions.c.ledger == key[0], revisions.c.entry_id == key[1],
                revisions.c.version == key[2]))).first()
            if exists is None:
                conn.execute(insert(revisions), {k: v for k, v in rec.items() if k != "t"})
            have_revs.add(key)
        elif kind == "attachment" and f"{rec['ledger']}:{rec['entry_id']}" in wanted:
            exists = conn.execute(select(attachments.c.id).where(
                attachments.c.id == rec["id"])).first()
            if exists is None:
                current = {k: v for k, v in rec.items() if k != "t"}
        elif kind == "audit" and keep_audit:
            exists = conn.execute(select(handoff_audit.c.seq).where(and_(
                handoff_audit.c.origin == origin, handoff_audit.c.seq == rec["seq"]))).first()
            if exists is None:
                conn.execute(insert(handoff_audit), {"origin": origin,
                                                     **{k: v for k, v in rec.items() if k != "t"}})
    flush()


def list_conflicts(session: UserSession) -> list[dict[str, Any]]:
    """Conflicts kept side by side for a person to resolve."""
    session.require(Permission.READ_LEDGERS)
    with session.db.reading() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(handoff_conflicts).where(handoff_conflicts.c.resolved == False)  # noqa: E712
            .order_by(handoff_conflicts.c.seq))]


__all__ = ["ExportResult", "HandoffError", "ImportPlan", "Manifest", "export", "import_file",
           "inspect", "list_conflicts", "plan_import"]
