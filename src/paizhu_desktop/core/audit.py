"""The append-only audit log, each entry chained by hash to the one before and
signed by the account that made it.

An entry's hash covers its own fields, its signer and suite, and the previous
hash, so changing, removing or inserting an entry breaks the chain from there
on; `verify` names the first broken link. The signature over the hash says
who made the entry: an account holder with the database key can append, but
not in another account's name (:mod:`integrity` checks signatures and
permissions). Details never hold record text, only ids, content hashes and
counts.

The connection carries the acting signer (``conn.info["signer"]``, set by
:meth:`storage.Database.transaction`): no record is written unsigned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from paizhu_desktop.core.actions import ACTION_LABELS as ACTION_LABELS
from paizhu_desktop.core.actions import Action as Action
from paizhu_desktop.core.schema import audit_log
from paizhu_desktop.core.signing import SUITE_ED25519, Signer

#: The purpose audit records are signed for (:func:`signing.signature_holds`).
AUDIT_PURPOSE = "audit"

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    """One record of the audit log as read back."""

    seq: int
    at: str
    username: str
    action: str
    ledger: str
    entry_id: str
    detail: dict[str, Any]
    signer: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def audit_record(row: Row[Any]) -> AuditRecord:
    return AuditRecord(row.seq, row.at, row.username, row.action, row.ledger, row.entry_id,
                       json.loads(row.detail), row.signer or "")


def now_iso() -> str:
    """Local wall-clock time, seconds precision (as the user reads it)."""
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link_hash(prev_hash: str, seq: int, at: str, username: str, action: str, ledger: str,
              entry_id: str, detail: str, signer: str | None = None,
              suite: str | None = None) -> str:
    """The chain hash of a record. Signed records also cover signer and suite (so
    neither can be swapped); unsigned ones, written before signing, do not."""
    fields: list[Any] = [seq, at, username, action, ledger, entry_id, detail]
    if suite is not None:
        if suite != SUITE_ED25519:
            raise ValueError(f"unknown audit suite {suite!r}")
        fields += [signer, suite]
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(fields)).hexdigest()


def record_message(seq: int, chain_hash: str) -> str:
    """What a record's signature covers: its place and its chain hash."""
    return f"{seq}\x00{chain_hash}"


def _signer(conn: Connection) -> Signer:
    signer = conn.info.get("signer")
    if not isinstance(signer, Signer):
        raise RuntimeError("audit record without a signer")
    return signer


def _row(signer: Signer, prev: str, seq: int, at: str, username: str, action: str,
         ledger: str, entry_id: str, detail_text: str) -> dict[str, Any]:
    digest = link_hash(prev, seq, at, username, action, ledger, entry_id, detail_text,
                       signer.username, signer.suite)
    return {"seq": seq, "at": at, "username": username, "action": action, "ledger": ledger,
            "entry_id": entry_id, "detail": detail_text, "prev_hash": prev, "hash": digest,
            "signer": signer.username, "suite": signer.suite,
            "signature": signer.sign(AUDIT_PURPOSE, record_message(seq, digest))}


def append(conn: Connection, username: str, action: str, *, ledger: str = "",
           entry_id: str = "", detail: dict[str, Any] | None = None, at: str | None = None) -> int:
    """Append one entry inside the caller's transaction, signed by the connection's
    signer; returns its sequence number."""
    signer = _signer(conn)
    last = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS if last is None else last.hash
    conn.execute(insert(audit_log), _row(signer, prev, seq, at or now_iso(), username, action,
                                         ledger, entry_id, canonical(detail or {}).decode()))
    return seq


def append_many(conn: Connection, username: str, action: str,
                items: list[tuple[str, str, dict[str, Any]]], *, at: str | None = None) -> int:
    """Append one entry per (ledger, entry_id, detail) in one statement; the chain is the
    same as with :func:`append` one by one (bulk import of a hand-off file)."""
    if not items:
        return 0
    signer = _signer(conn)
    last = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    seq = 0 if last is None else last.seq
    prev = GENESIS if last is None else last.hash
    at = at or now_iso()
    rows = []
    for ledger, entry_id, detail in items:
        seq += 1
        row = _row(signer, prev, seq, at, username, action, ledger, entry_id,
                   canonical(detail).decode())
        rows.append(row)
        prev = row["hash"]
    conn.execute(insert(audit_log), rows)
    return seq


@dataclass(frozen=True)
class ChainBreak:
    """The first audit entry whose link does not hold."""

    seq: int
    reason: str


def verify_chain(conn: Connection) -> tuple[int, ChainBreak | None]:
    """Walk the chain; return (entries checked, first break or None)."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
        count += 1
        if row.seq != expected_seq:
            return count, ChainBreak(expected_seq, f"第 {expected_seq} 条审计记录缺失")
        if row.prev_hash != prev:
            return count, ChainBreak(row.seq, f"第 {row.seq} 条审计记录与前一条的链接不符")
        try:
            digest = link_hash(prev, row.seq, row.at, row.username, row.action, row.ledger,
                               row.entry_id, row.detail, row.signer, row.suite)
        except ValueError:
            return count, ChainBreak(row.seq, f"第 {row.seq} 条审计记录使用了本程序不认识的算法")
        if digest != row.hash:
            return count, ChainBreak(row.seq, f"第 {row.seq} 条审计记录的内容被改动")
        prev = row.hash
        expected_seq += 1
    return count, None


def head(conn: Connection) -> tuple[int, str]:
    """(sequence, hash) of the newest audit entry: the chain position for printouts."""
    last = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if last is None else (last.seq, last.hash)
