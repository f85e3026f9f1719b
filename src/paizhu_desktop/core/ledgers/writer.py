"""The one entry writer: row, search index, revision, content hash and audit.

Every write of an entry — a new entry, an edit, a step, a void, an entry
received in a hand-off file — goes through :class:`EntryWriter` inside the
caller's transaction, so no path can store an entry without its index, its
history or its audit record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.audit import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import RuleError
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import (
    Entry,
    columns_from_values,
    content_hash,
    encode_state,
    entry_from_row,
    values_from_row,
)
from paizhu_desktop.core.schema import revisions


class EntryWriter:
    """Writes entries of a catalog's ledgers in an open transaction as ``username``."""

    def __init__(self, conn: Connection, catalog: Catalog, username: str,
                 now: str | None = None) -> None:
        self.conn = conn
        self.catalog = catalog
        self.username = username
        self.now = now

    def _now(self) -> str:
        return self.now or audit.now_iso()

    # -- the program's own writes ---------------------------------------------------
    def insert(self, desc: LedgerDescription, values: Mapping[str, Any], *,
               classification: Classification, retention: str, status: str,
               entry_id: str) -> Entry:
        """A new entry, version 1."""
        table = self.catalog.table(desc)
        now, who = self._now(), self.username
        state = encode_state(desc, values, classification=classification.value,
                             retention=retention, status=status, voided=False, void_reason="",
                             version=1, desc_version=desc.version)
        digest = content_hash(entry_id, state)
        body = desc.search_text(values)
        # Parameters passed apart from the SQL keep SQLAlchemy's compiled-statement
        # cache hot (a bulk year of entries spends its time in SQLite).
        row = {
            "id": entry_id, "classification": classification.value, "retention": retention,
            "status": status, "voided": False, "void_reason": "", "voided_at": "",
            "voided_by": "", "created_at": now, "created_by": who, "updated_at": now,
            "updated_by": who, "version": 1, "search_text": body, "content_hash": digest,
            "origin": "", "desc_version": desc.version, **columns_from_values(desc, values),
        }
        seq = self.conn.execute(insert(table), row).inserted_primary_key[0]  # type: ignore[index]
        self._index(desc, seq, body, new=True)
        self._log(desc, entry_id, 1, state, Action.CREATE, digest, classification.value, now,
                  values=values)
        return entry_from_row(desc, {**row, "seq": seq})

    def update(self, current: Entry, action: str, *,
               values: Mapping[str, Any] | None = None,
               classification: Classification | None = None, retention: str | None = None,
               status: str | None = None, voided: bool | None = None,
               void_reason: str | None = None,
               detail: Mapping[str, Any] | None = None) -> Entry:
        """A new version of a stored entry; the earlier one stays in ``revisions``."""
        desc = current.ledger
        table = self.catalog.table(desc)
        now, who = self._now(), self.username
        new_values = dict(values if values is not None else current.values)
        cls = classification or current.classification
        ret = current.retention if retention is None else retention
        st = current.status if status is None else status
        vd = current.voided if voided is None else voided
        reason = current.void_reason if void_reason is None else void_reason
        version = current.version + 1
        state = encode_state(desc, new_values, classification=cls.value, retention=ret,
                             status=st, voided=vd, void_reason=reason, version=version,
                             desc_version=desc.version)
        digest = content_hash(current.id, state)
        extra: dict[str, Any] = {}
        if voided and not current.voided:
            extra = {"voided_at": now, "voided_by": who}
        body = desc.search_text(new_values)
        result = self.conn.execute(update(table).where(and_(
            table.c.id == current.id, table.c.version == current.version)).values(
            classification=cls.value, retention=ret, status=st, voided=vd, void_reason=reason,
            updated_at=now, updated_by=who, version=version, search_text=body,
            content_hash=digest, desc_version=desc.version,
            **columns_from_values(desc, new_values), **extra))
        if result.rowcount != 1:
            raise RuleError("该条目刚被他人修改，请重新打开后再操作，您录入的内容仍保留在窗口中。")
        self._index(desc, current.seq, body, new=False)
        self._log(desc, current.id, version, state, action, digest, cls.value, now, detail,
                  values=new_values)
        row = self.conn.execute(select(table).where(table.c.seq == current.seq)).one()
        return entry_from_row(desc, row._mapping)

    # -- entries received in a hand-off file ----------------------------------------
    def receive(self, desc: LedgerDescription, rows: Sequence[Mapping[str, Any]], *,
                origin: str, details: Sequence[Mapping[str, Any]]) -> None:
        """New entries exactly as another database stored them (hash unchanged),
        attributed to ``origin``; one audit record each (``details``)."""
        if not rows:
            return
        table = self.catalog.table(desc)
        prepared = [self._as_sent(desc, r, origin) for r in rows]
        self.conn.execute(insert(table), prepared)
        # The FTS rowid is the entry's seq, known only once the rows are in.
        seqs = dict(self.conn.execute(select(table.c.id, table.c.seq).where(
            table.c.id.in_([r["id"] for r in prepared]))).all())
        self.conn.exec_driver_sql(
            f"INSERT INTO {desc.fts_table_name}(rowid, search_text) VALUES (?, ?)",
            [(seqs[r["id"]], r["search_text"]) for r in prepared])
        # Entries first, then their audit records (verify matches them by content hash).
        audit.append_many(self.conn, self.username, Action.IMPORT,
                          [(desc.id, r["id"], dict(d)) for r, d in zip(prepared, details,
                                                                      strict=True)],
                          at=self._now())

    def replace(self, desc: LedgerDescription, row: Mapping[str, Any], *, origin: str,
                detail: Mapping[str, Any]) -> None:
        """A newer version of an entry received from the database it belongs to."""
        table = self.catalog.table(desc)
        sent = self._as_sent(desc, row, origin)
        self.conn.execute(update(table).where(table.c.id == sent["id"]).values(
            **{k: v for k, v in sent.items() if k != "id"}))
        seq = self.conn.execute(select(table.c.seq).where(table.c.id == sent["id"])).scalar_one()
        self._index(desc, seq, sent["search_text"], new=False)
        audit.append(self.conn, self.username, Action.IMPORT, ledger=desc.id,
                     entry_id=sent["id"], at=self._now(), detail=dict(detail))

    def receive_revisions(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Earlier versions sent with received entries, kept as they were stored."""
        if rows:
            self.conn.execute(insert(revisions), [dict(r) for r in rows])

    def _as_sent(self, desc: LedgerDescription, row: Mapping[str, Any],
                 origin: str) -> dict[str, Any]:
        """The row to store for a received one: its own columns, this origin, this
        database's search text. A column this release does not know with a value in
        it would be lost, so the import is refused instead."""
        known = {c.name for c in self.catalog.table(desc).columns}
        unknown = [k for k, v in row.items() if k not in known and v not in (None, "", "[]")]
        if unknown:
            raise RuleError(f"交接文件中“{desc.name}”的条目含有本程序不认识的内容（{unknown[0]}），"
                            "可能来自较新的版本；请先升级本程序再导入，未导入任何内容。")
        sent = {k: v for k, v in row.items()
                if k in known and k not in ("seq", "search_text", "origin")}
        sent.setdefault("desc_version", None)
        sent["origin"] = origin
        sent["search_text"] = desc.search_text(values_from_row(desc, row))
        return sent

    # -- shared -------------------------------------------------------------------
    def _index(self, desc: LedgerDescription, seq: int, body: str, *, new: bool) -> None:
        fts = desc.fts_table_name
        if not new:
            self.conn.exec_driver_sql(f"DELETE FROM {fts} WHERE rowid = ?", (seq,))
        self.conn.exec_driver_sql(f"INSERT INTO {fts}(rowid, search_text) VALUES (?, ?)",
                                  (seq, body))

    def _log(self, desc: LedgerDescription, entry_id: str, version: int,
             state: Mapping[str, Any], action: str, digest: str, classification: str,
             now: str, detail: Mapping[str, Any] | None = None, *,
             values: Mapping[str, Any] | None = None) -> None:
        wf = desc.workflow
        if wf is not None and wf.designates is not None and values is not None:
            # Who stands in for whom (AB角, 献县办法 第六十五条), signed with the version:
            # the audit replay reads it from here (verify checks it against the content).
            detail = {**(detail or {}), "designation": wf.designates.snapshot(
                values, str(state["status"]), bool(state["voided"]))}
        if wf is not None and wf.absences is not None and values is not None:
            # Who is away when (离岗登记, 第六十五条): the replay knows it from here, in
            # chain order, so an absence recorded after a B角 step never covers it.
            detail = {**(detail or {}), "absence": wf.absences.snapshot(
                values, str(state["status"]), bool(state["voided"]))}
        self.conn.execute(insert(revisions), {
            "ledger": desc.id, "entry_id": entry_id, "version": version,
            "data": audit.canonical(dict(state)).decode(), "at": now,
            "username": self.username, "action": action})
        audit.append(self.conn, self.username, action, ledger=desc.id, entry_id=entry_id,
                     at=now, detail={"version": version, "content_hash": digest,
                                     "classification": classification, **(detail or {})})
