"""The sender's audit records in a hand-off file, checked as the file streams past.

A file of format 2 carries, after the entries, the sender's account records
from the start of its chain (``account``: INIT and every record that grants,
changes or takes away an account, a key or a role —
:data:`integrity.ACCOUNT_ACTIONS`) and the contiguous segment of the chain
from before the period to the sender's head at export (``audit``).
:class:`SenderChain` replays them in that order, which is the chain's order,
under the sender's database id (:class:`integrity.Replay`): each record's own
link hash and, inside the segment, its link to the one before; its signature
under the key the account records give the signer at that point; the signer's
permission for it. One record that does not hold refuses the whole file.

The exporting account signs the manifest (:func:`seal_message`), so the group's
identity, period and head come from the sender as well, not from whoever holds
the passphrase; the group's name must be the one its signed INIT record gives.
What the signed segment records is then the measure of the file's content
(:meth:`SenderChain.disagreements`): each entry's content hash, who made its
versions and when, each revision, each attachment.

A county database keeps, per group, the last head it received
(``handoff_groups.last_seq``/``last_hash``) and the records it received
(``handoff_audit``); :func:`check_continuity` refuses a file whose chain does
not continue from there.

Files of format 1 (release 0.1.0, made before signing) carry no account
records and an unsigned segment: its links are recomputed and a break is
reported, entries that differ from the segment are counted (as that release
did). A format-1 file holding a signed record is refused: without the account
records nobody can say whose signature it is.

Limits: the account records before the segment are checked one by one (link
hash, signature, permission) but not linked to each other — the records between
them stay at home. Records made before signing began (a database of release
0.1.0, upgraded) are unsigned and vouched for only by the signed records the
chain links them to. A county database pins what it received (a later file
must agree with it), so these limits matter only for a group's first file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, select

from paizhu_desktop.core import audit
from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.handoff.container import HandoffError, Tampered, unknown_suite
from paizhu_desktop.core.integrity import ACCOUNT_ACTIONS, VERSION_ACTIONS, Replay
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.permissions import Permission, allowed
from paizhu_desktop.core.schema import handoff_audit, handoff_groups
from paizhu_desktop.core.signing import SUITES, signature_holds

#: The purpose the exporting account signs a file's manifest for.
HANDOFF_PURPOSE = "handoff"

#: What the chain records for one version of an entry: content hash, action, who, when
#: (who and when empty for versions received in an import, made in another database).
Version = tuple[str, str, str, str]


class ChainRefused(HandoffError):
    """The sender's records in the file do not hold, or the file disagrees with them."""


class Discontinuous(HandoffError):
    """A group's chain in the file does not continue the one the county received last."""


def refused(what: str) -> ChainRefused:
    return ChainRefused(f"交接文件未通过核对：{what}。未导入任何内容。")


def seal_message(manifest: Mapping[str, Any], group: Mapping[str, Any]) -> str:
    """What the exporting account signs: the manifest and group records (all but the
    signature itself)."""
    return audit.canonical({
        "manifest": {k: v for k, v in manifest.items() if k != "t"},
        "group": {k: v for k, v in group.items() if k not in ("t", "signature")},
    }).decode()


_TEXT = ("at", "username", "action", "ledger", "entry_id", "detail", "prev_hash", "hash")
_OPTIONAL = ("signer", "suite", "signature")


def _row(rec: Mapping[str, Any]) -> Any:
    """An audit record of the file as :class:`Replay` reads one; its shape checked."""
    seq = rec.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 \
            or any(not isinstance(rec.get(k), str) for k in _TEXT) \
            or any(rec.get(k) is not None and not isinstance(rec.get(k), str)
                   for k in _OPTIONAL):
        raise Tampered("交接文件中的审计记录格式错误（文件被改动），未导入任何内容。")
    suite = rec.get("suite")
    if suite is not None and suite not in SUITES:
        raise unknown_suite(suite, f"交接文件中发送方的第 {seq} 条审计记录")
    row = SimpleNamespace(**{k: rec.get(k) for k in ("seq", *_TEXT, *_OPTIONAL)})
    # Names, times and ids recur (the file's entries name the same ones): kept once.
    for k in ("at", "username", "action", "ledger", "entry_id"):
        setattr(row, k, sys.intern(getattr(row, k)))
    return row


def _detail(row: Any) -> dict[str, Any]:
    try:
        value = json.loads(row.detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class EntryClaim:
    """What the file says about one entry's current version."""

    version: int
    content_hash: str
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
    voided: bool
    voided_by: str
    voided_at: str


@dataclass(frozen=True, slots=True)
class AttachmentClaim:
    ledger: str
    entry_id: str
    filename: str
    sha256: str
    size: int
    added_by: str
    added_at: str


@dataclass
class Claims:
    """What the file says the sender's records are, to be held against the segment."""

    entries: dict[tuple[str, str], EntryClaim] = field(default_factory=dict)
    #: (ledger, entry id, version) -> (content hash, action, who, when)
    revisions: dict[tuple[str, str, int], Version] = field(default_factory=dict)
    attachments: dict[str, AttachmentClaim] = field(default_factory=dict)


class SenderChain:
    """The sender's account records and audit segment, fed in file order (which is
    chain order); raises on the first record that does not hold."""

    def __init__(self, db_id: str, catalog: Catalog, *, signed: bool) -> None:
        self.db_id = db_id
        self.signed = signed
        self.replay = Replay(db_id, catalog)
        self.account_seqs: list[int] = []
        #: Records of the segment.
        self.count = 0
        #: (seq, prev_hash) of the segment's first record, (seq, hash) of its last.
        self.first: tuple[int, str] | None = None
        self.last: tuple[int, str] | None = None
        self._last_signed = False
        #: seq -> hash of every record in the file (account records and segment), as bytes.
        self.hashes: dict[int, bytes] = {}
        #: Format 1 only: the first broken link ('' when the links hold).
        self.broken = ""
        #: (ledger, entry id) -> the last content hash the segment records for it.
        self.audited: dict[tuple[str, str], str] = {}
        #: (ledger, entry id, version) -> what the record of that version says (one flat
        #: map: a year of a busy group is tens of thousands of entries).
        self.versions: dict[tuple[str, str, int], Version] = {}
        #: (ledger, entry id) -> (who, when) of the entry's last void.
        self.voided: dict[tuple[str, str], tuple[str, str]] = {}
        #: attachment id -> (ledger, entry id, sha256, size, who, when) as recorded
        self.attached: dict[str, tuple[str, str, str, int | None, str, str]] = {}

    # -- feeding ----------------------------------------------------------------------
    def account(self, rec: Mapping[str, Any]) -> None:
        """One of the account records from before the segment."""
        if not self.signed:
            raise Tampered("交接文件内容格式错误（旧格式文件中出现了账号记录），未导入任何内容。")
        row = _row(rec)
        if row.action not in ACCOUNT_ACTIONS or self.first is not None or (
                self.account_seqs and row.seq <= self.account_seqs[-1]):
            raise Tampered("交接文件中发送方的账号记录次序或种类不符（文件被改动），"
                           "未导入任何内容。")
        self._own_link(row)
        self._feed(row)
        self.account_seqs.append(row.seq)
        self.hashes[row.seq] = _digest(row.hash)

    def segment(self, rec: Mapping[str, Any]) -> None:
        """The next record of the segment."""
        row = _row(rec)
        self.count += 1
        if not self.signed:
            self._legacy(row)
        else:
            if self.last is None:
                if self.account_seqs and row.seq <= self.account_seqs[-1]:
                    raise Tampered("交接文件中发送方的审计记录次序不符（文件被改动），"
                                   "未导入任何内容。")
            elif row.seq != self.last[0] + 1:
                raise refused(f"发送方的审计链片段中缺少第 {self.last[0] + 1} 条审计记录")
            elif row.prev_hash != self.last[1]:
                raise refused(f"发送方的第 {row.seq} 条审计记录与前一条的链接不符")
            self._own_link(row)
            self._feed(row)
        if self.first is None:
            self.first = (row.seq, row.prev_hash)
        self.last = (row.seq, row.hash)
        self._last_signed = row.suite is not None
        self.hashes[row.seq] = _digest(row.hash)
        self._note(row)

    def _own_link(self, row: Any) -> None:
        digest = audit.link_hash(row.prev_hash, row.seq, row.at, row.username, row.action,
                                 row.ledger, row.entry_id, row.detail, row.signer, row.suite)
        if digest != row.hash:
            raise refused(f"发送方的第 {row.seq} 条审计记录的内容被改动（与其链接哈希不符）")

    def _feed(self, row: Any) -> None:
        if not self.replay.feed(row):
            raise refused(f"发送方的{self.replay.problems[-1]}")

    def _legacy(self, row: Any) -> None:
        """Format 1: recompute the links and note the first break (release 0.1.0's check)."""
        if row.suite is not None:
            raise refused(f"文件为旧格式（第 1 版），其中发送方的第 {row.seq} 条审计记录却带有"
                          "签名；旧格式文件不附发送方的账号记录，无法核对签名人，"
                          "请发送方用本程序重新导出")
        if self.broken:
            return
        if self.last is not None:
            if row.seq != self.last[0] + 1:
                self.broken = f"第 {self.last[0] + 1} 条审计记录缺失"
            elif row.prev_hash != self.last[1]:
                self.broken = f"第 {row.seq} 条审计记录与前一条的链接不符"
        if not self.broken and audit.link_hash(
                row.prev_hash, row.seq, row.at, row.username, row.action, row.ledger,
                row.entry_id, row.detail) != row.hash:
            self.broken = f"第 {row.seq} 条审计记录的内容被改动"

    def _note(self, row: Any) -> None:
        """What the record says about entries, versions and attachments."""
        detail = _detail(row)
        if row.ledger and row.entry_id:
            key = (row.ledger, row.entry_id)
            digest = detail.get("content_hash")
            version = detail.get("version")
            if isinstance(digest, str):
                self.audited[key] = digest
                if row.action in VERSION_ACTIONS and isinstance(version, int):
                    self.versions[(*key, version)] = (digest, row.action, row.username, row.at)
                    if row.action == Action.VOID:
                        self.voided[key] = (row.username, row.at)
            if row.action == Action.IMPORT and isinstance(detail.get("revisions"), dict):
                for v, h in detail["revisions"].items():
                    if str(v).isdigit() and isinstance(h, str):
                        self.versions[(*key, int(v))] = (h, Action.IMPORT, "", "")
            if row.action == Action.ATTACH and isinstance(detail.get("attachment"), str):
                size = detail.get("size")
                self.attached[detail["attachment"]] = (
                    row.ledger, row.entry_id, str(detail.get("sha256", "")),
                    size if isinstance(size, int) else None, row.username, row.at)
        if row.action == Action.IMPORT and isinstance(detail.get("attachments"), dict):
            for att_id, where in detail["attachments"].items():
                if isinstance(where, list) and len(where) == 3:
                    self.attached[str(att_id)] = (str(where[0]), str(where[1]), str(where[2]),
                                                  None, "", "")

    # -- after the last record --------------------------------------------------------
    def finish(self, manifest: Mapping[str, Any], group: Mapping[str, Any]) -> None:
        """The segment ends at the head the manifest names, that head is signed, the
        exporting account signed the manifest, and the group is the one the chain made."""
        if not self.signed:
            return
        if self.first is None or self.last is None:
            raise refused("文件中没有发送方的审计链片段")
        if manifest.get("head") != [self.last[0], self.last[1]] \
                or manifest.get("audit") != [self.first[0], self.last[0]] \
                or manifest.get("accounts") != len(self.account_seqs):
            raise refused("清单所记的审计链范围、链头或账号记录数与文件中的审计记录不符")
        if self.replay.signing_from is None or not self._last_signed:
            raise refused(f"发送方审计链的链头（第 {self.last[0]} 条审计记录）没有签名")
        self._check_seal(manifest, group)
        meta = self.replay.meta
        if "group_name" in meta and group.get("name") != meta["group_name"]:
            raise refused(f"清单中的派驻机构名称“{group.get('name')}”与发送方建库记录中的"
                          f"“{meta['group_name']}”不符")
        if "mode" in meta and group.get("mode") != meta["mode"]:
            raise refused("清单中的使用模式与发送方建库记录不符")

    def _check_seal(self, manifest: Mapping[str, Any], group: Mapping[str, Any]) -> None:
        name, suite = str(group.get("username", "")), group.get("suite")
        if isinstance(suite, str) and suite not in SUITES:
            raise unknown_suite(suite, "交接文件清单的签名")
        account = self.replay.accounts.get(name)
        if not isinstance(suite, str) or account is None or not account.active \
                or account.public_key is None or not signature_holds(
                    suite, account.public_key, HANDOFF_PURPOSE, self.db_id,
                    seal_message(manifest, group), str(group.get("signature") or "")):
            raise refused(f"清单没有导出人“{name}”的有效签名，清单可能被改动")
        if not allowed(account.roles, Permission.EXPORT):
            raise refused(f"清单的签名人“{name}”在发送方审计链中没有导出权限")

    def disagreements(self, claims: Claims, name: Callable[[str], str]) -> list[str]:
        """Where the file's entries, revisions and attachments differ from what the
        sender's signed records say of them (``name``: a ledger's Chinese name)."""
        out: list[str] = []
        for (lid, eid), c in claims.entries.items():
            where = f"“{name(lid)}”条目 {eid}"
            recorded = self.audited.get((lid, eid))
            if recorded is None:
                out.append(f"{where} 在发送方的审计链中没有记录")
            elif recorded != c.content_hash:
                out.append(f"{where}（第 {c.version} 版）与发送方审计链最后记载的内容哈希不符，"
                           "可能在发送方被绕过本系统改动，或在文件中被改动")
            else:
                out += self._attribution(where, (lid, eid), c)
        for (lid, eid, v), (digest, action, who, at) in claims.revisions.items():
            where = f"“{name(lid)}”条目 {eid} 的第 {v} 版修订"
            rec = self.versions.get((lid, eid, v))
            if rec is None:
                out.append(f"{where} 在发送方的审计链中没有记录")
            elif rec[0] != digest:
                out.append(f"{where}的内容与发送方审计记录不符")
            elif rec[1] != Action.IMPORT and rec[1:] != (action, who, at):
                out.append(f"{where}的办理人、时间或操作与发送方审计记录不符")
        for att_id, a in claims.attachments.items():
            where = f"附件“{a.filename}”（{att_id}）"
            got = self.attached.get(att_id)
            if got is None:
                out.append(f"{where}在发送方的审计链中没有添加记录")
            elif got[:3] != (a.ledger, a.entry_id, a.sha256) or (
                    got[4] and (got[3], got[4], got[5]) != (a.size, a.added_by, a.added_at)):
                out.append(f"{where}与发送方的添加记录不符，可能被替换")
        return out


    def _attribution(self, where: str, key: tuple[str, str], c: EntryClaim) -> list[str]:
        """Who registered, last changed and voided the entry, as the version records say
        (versions received in an import were made elsewhere: not checked here)."""
        out = []
        created = self.versions.get((*key, 1))
        if created and created[1] == Action.CREATE \
                and (c.created_by, c.created_at) != created[2:]:
            out.append(f"{where} 的登记人或登记时间与发送方审计记录不符")
        current = self.versions.get((*key, c.version))
        if current and current[1] != Action.IMPORT \
                and (c.updated_by, c.updated_at) != current[2:]:
            out.append(f"{where} 的修改人或修改时间与发送方审计记录不符")
        void = self.voided.get(key)
        if c.voided and void and (c.voided_by, c.voided_at) != void:
            out.append(f"{where} 的作废人或作废时间与发送方审计记录不符")
        return out


def _digest(chain_hash: str) -> bytes:
    """A chain hash kept compactly (a hash that is not hex is kept as it is written)."""
    try:
        return bytes.fromhex(chain_hash)
    except ValueError:
        return chain_hash.encode()


# -- a county database: each group's chain goes on from the last file ----------------

def check_continuity(conn: Connection, origin: str, group: str, chain: SenderChain) -> None:
    """The file's records agree with those received from ``origin`` before, and its
    segment holds the last head received or starts right after it; an older file
    (the same one again, say) must end on a record already received."""
    last_seq, last_hash = last_head(conn, origin)
    if chain.last is None or chain.first is None:  # a file of release 0.1.0 without a segment
        if last_seq is not None:
            raise _discontinuous(group, last_seq, "此文件不含审计链片段")
        return
    wanted = sorted({*chain.account_seqs, chain.last[0]})
    have: dict[int, bytes] = {}
    for i in range(0, len(wanted), 500):
        have.update((int(r.seq), _digest(str(r.hash))) for r in conn.execute(
            select(handoff_audit.c.seq, handoff_audit.c.hash).where(
                handoff_audit.c.origin == origin,
                handoff_audit.c.seq.in_(wanted[i:i + 500]))))
    for seq in chain.account_seqs:
        if seq in have and have[seq] != chain.hashes[seq]:
            raise _discontinuous(group, last_seq,
                                 f"此文件中的第 {seq} 条审计记录与本库此前收到的不同")
    if last_seq is None:
        return
    first, head = chain.first[0], chain.last[0]
    if head >= last_seq:
        if first <= last_seq:
            if chain.hashes.get(last_seq) == _digest(last_hash):
                return
            why = f"此文件中的第 {last_seq} 条审计记录与上次收到的不同"
        elif first == last_seq + 1 and chain.first[1] == last_hash:
            return
        elif first == last_seq + 1:
            why = f"此文件第 {first} 条审计记录的前一条链接与上次收到的第 {last_seq} 条不符"
        else:
            why = f"此文件的审计记录从第 {first} 条开始，缺少第 {last_seq + 1} 条起的记录"
    else:
        if have.get(head) == _digest(chain.last[1]):
            return  # an older file, or the same one again
        why = f"此文件的审计链只到第 {head} 条，且与本库收到的记录不符"
    raise _discontinuous(group, last_seq, why)


def _discontinuous(group: str, last_seq: int | None, why: str) -> Discontinuous:
    since = "" if last_seq is None else f"本库上次收到该组的审计链至第 {last_seq} 条，"
    return Discontinuous(
        f"交接文件来自“{group}”，与上次交接的审计链不衔接：{since}{why}。可能是文件被改动、"
        "发送方的审计链被改写，或发送方换用了另一份数据库副本；未导入任何内容。")


def last_head(conn: Connection, origin: str) -> tuple[int | None, str]:
    """(seq, hash) of the last head received from ``origin`` ((None, '') for none)."""
    row = conn.execute(select(handoff_groups.c.last_seq, handoff_groups.c.last_hash).where(
        handoff_groups.c.db_id == origin)).first()
    if row is None or row.last_seq is None:
        return None, ""
    return int(row.last_seq), str(row.last_hash or "")
