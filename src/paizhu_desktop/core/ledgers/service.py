"""Entries of every ledger: add, edit, void, search, history.

All changes to a ledger go through :meth:`LedgerService._write`, which in one
transaction bumps the version, keeps the full earlier version in
``revisions`` and appends the audit entry with the new content hash — so no
ledger can forget its history by accident.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
import mimetypes
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, and_, func, insert, select, text

from paizhu_desktop.core import audit
from paizhu_desktop.core.audit import Action, AuditRecord, audit_record
from paizhu_desktop.core.classification import (
    DEFAULT_RETENTION,
    Classification,
    validate_retention,
)
from paizhu_desktop.core.errors import NotFoundError, RuleError, ValidationError
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import (
    Attachment,
    Entry,
    Revision,
    entry_from_row,
    values_from_state,
)
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, FieldType
from paizhu_desktop.core.ledgers.records import StoredRecords
from paizhu_desktop.core.ledgers.workflow import ACTOR, NOTE, NOW, Step
from paizhu_desktop.core.ledgers.writer import EntryWriter
from paizhu_desktop.core.permissions import GRANTS, ROLE_LABELS, Permission
from paizhu_desktop.core.schema import attachments, audit_log, revisions
from paizhu_desktop.core.storage import Database

#: Largest attachment accepted (scans and photos; 濮阳·全程记实 第九条).
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024


class Account(Protocol):
    @property
    def username(self) -> str: ...


class Actor(Protocol):
    """What the service needs of a logged-in session (``UserSession``)."""

    db: Database
    catalog: Catalog

    @property
    def user(self) -> Account: ...
    def require(self, permission: Permission) -> None: ...
    def can(self, permission: Permission) -> bool: ...


def fts_query(term: str) -> str:
    """An FTS5 phrase for a substring (trigram tokenizer: any ≥3-character run)."""
    return '"' + term.replace('"', '""') + '"'


class LedgerService:
    """Ledger operations for one logged-in user; every call checks permissions."""

    def __init__(self, session: Actor) -> None:
        self.session = session
        self.db = session.db
        self.catalog = session.catalog
        #: The time a step records as its business time (the audit log keeps the real
        #: time of entry apart); the demo sets it to fill a year in one go.
        self.clock: Callable[[], dt.datetime] = dt.datetime.now

    # -- reading ---------------------------------------------------------------
    def get(self, ledger_id: str, entry_id: str) -> Entry:
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = self.catalog.table(desc)
        with self.db.reading() as conn:
            row = conn.execute(select(table).where(table.c.id == entry_id)).first()
        if row is None:
            raise NotFoundError(f"“{desc.name}”中没有编号为 {entry_id} 的条目。")
        return entry_from_row(desc, row._mapping)

    def query(self, ledger_id: str, *, search: str | None = None, include_voided: bool = False,
              date_from: str | None = None, date_to: str | None = None,
              classification: Classification | None = None, status: str | None = None,
              where: Mapping[str, Any] | None = None,
              order_by: tuple[str, bool] | None = None) -> list[int]:
        """Row numbers (``seq``) of matching entries, in the ledger's own order.

        Only ids travel to Python; list models fetch the rows they show with
        :meth:`rows`. ``search`` matches any Chinese substring of the entry's
        text (each whitespace-separated term must occur). ``order_by`` (a field
        or common column, descending?) replaces the ledger's own order.
        """
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = self.catalog.table(desc)
        conds = []
        if not include_voided:
            conds.append(table.c.voided == False)  # noqa: E712 - SQL expression
        date_col = table.c[desc.field(desc.date_field).column]
        if date_from:
            conds.append(date_col >= date_from)
        if date_to:
            conds.append(date_col <= date_to + "\uffff")
        if classification is not None:
            conds.append(table.c.classification == classification.value)
        if status is not None:
            conds.append(table.c.status == status)
        for name, value in (where or {}).items():
            conds.append(table.c[desc.field(name).column] == value)
        for term in (search or "").split():
            if len(term) >= 3:
                conds.append(table.c.seq.in_(text(
                    f"SELECT rowid FROM {desc.fts_table_name} WHERE {desc.fts_table_name} "
                    f"MATCH :q_{len(conds)}").bindparams(**{f"q_{len(conds)}": fts_query(term)})))
            else:
                # Trigram MATCH needs three characters: shorter terms scan the index's own
                # narrow text column (not the wide ledger rows).
                conds.append(table.c.seq.in_(text(
                    f"SELECT rowid FROM {desc.fts_table_name} "
                    f"WHERE instr(search_text, :q_{len(conds)}) > 0").bindparams(
                    **{f"q_{len(conds)}": term})))
        if order_by is not None:
            name, descending = order_by
            col = (table.c[desc.field(name).column] if name not in table.c
                   else table.c[name])
            order = [col.desc() if descending else col.asc(), table.c.seq]
        else:
            order = self._order(desc, table)
        stmt = select(table.c.seq).where(and_(True, *conds)).order_by(*order)
        with self.db.reading() as conn:
            return [r[0] for r in conn.execute(stmt)]

    @staticmethod
    def _order(desc: LedgerDescription, table: Any) -> list[Any]:
        cols = []
        for name, descending in desc.ordering:
            col = table.c[desc.field(name).column]
            cols.append(col.desc() if descending else col.asc().nulls_first())
        cols.append(table.c.seq)
        return cols

    def rows(self, ledger_id: str, seqs: Sequence[int]) -> list[Entry]:
        """The entries with these row numbers, in the order given."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = self.catalog.table(desc)
        found: dict[int, Entry] = {}
        with self.db.reading() as conn:
            for chunk_start in range(0, len(seqs), 500):
                chunk = list(seqs[chunk_start:chunk_start + 500])
                for row in conn.execute(select(table).where(table.c.seq.in_(chunk))):
                    found[row.seq] = entry_from_row(desc, row._mapping)
        return [found[s] for s in seqs if s in found]

    def list(self, ledger_id: str, **filters: Any) -> builtins.list[Entry]:
        """Matching entries in the ledger's order (for small sets, print and export)."""
        return self.rows(ledger_id, self.query(ledger_id, **filters))

    def count(self, ledger_id: str, *, include_voided: bool = False) -> int:
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = self.catalog.table(desc)
        stmt = select(func.count()).select_from(table)
        if not include_voided:
            stmt = stmt.where(table.c.voided == False)  # noqa: E712
        with self.db.reading() as conn:
            return int(conn.execute(stmt).scalar_one())

    def history(self, ledger_id: str, entry_id: str
                ) -> tuple[builtins.list[Revision], builtins.list[AuditRecord]]:
        """Every version of the entry and every audit entry that names it."""
        desc = self.catalog.ledger(ledger_id)
        self.get(ledger_id, entry_id)
        with self.db.reading() as conn:
            revs = [Revision(r.version, r.at, r.username, r.action,
                             _readable(desc, json.loads(r.data)))
                    for r in conn.execute(select(revisions).where(and_(
                        revisions.c.ledger == desc.id, revisions.c.entry_id == entry_id))
                        .order_by(revisions.c.version))]
            audits = [audit_record(r) for r in conn.execute(select(audit_log).where(and_(
                audit_log.c.ledger == desc.id, audit_log.c.entry_id == entry_id))
                .order_by(audit_log.c.seq))]
        return revs, audits

    # -- writing ---------------------------------------------------------------
    def validate(self, ledger_id: str, data: Mapping[str, Any],
                 classification: Classification | str | None = None,
                 retention: str | None = None) -> tuple[dict[str, Any], Classification, str]:
        """Normalised values, 密级 and 保密期限, or ValidationError naming each bad field."""
        desc = self.catalog.ledger(ledger_id)
        data = dict(data)
        for f in desc.fields:
            if f.default == CURRENT_USER and data.get(f.name, CURRENT_USER) in (CURRENT_USER, ""):
                data[f.name] = self.session.user.username
        values, errors = desc.normalise(data)
        try:
            if classification is None or classification == "":
                cls = desc.classification_for(values)
            elif isinstance(classification, Classification):
                cls = classification
            else:
                cls = Classification.parse(classification)
        except ValueError:
            errors["classification"] = "“密级”应为：非密、内部、秘密、机密"
            cls = desc.default_classification
        ret = (retention if retention is not None else DEFAULT_RETENTION[cls]).strip()
        if not cls.is_classified:
            ret = ""
        problem = validate_retention(cls, ret)
        if problem:
            errors["retention"] = problem
        if errors:
            raise ValidationError(errors)
        return values, cls, ret

    def add(self, ledger_id: str, data: Mapping[str, Any], *,
            classification: Classification | str | None = None, retention: str | None = None,
            status: str = "", entry_id: str | None = None) -> Entry:
        """A new entry; returns it as stored."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        values, cls, ret = self.validate(ledger_id, data, classification, retention)
        if desc.workflow is not None and not status:
            status = desc.workflow.initial
        retired = [f.label for f in desc.fields if f.retired and data.get(f.name) is not None]
        if retired:
            raise ValidationError({"retired": f"“{retired[0]}”已停用，新条目不再填写"})
        with self.db.transaction() as conn:
            self._apply_rules(conn, desc, None, values)
            entry = self.insert(conn, desc, values, cls, ret, status, entry_id or str(uuid.uuid4()))
        return entry

    def records(self, conn: Connection) -> StoredRecords:
        """What declared rules see of the ledgers inside ``conn``'s transaction."""
        return StoredRecords(conn, self.catalog, self.clock)

    def _apply_rules(self, conn: Connection, desc: LedgerDescription, current: Entry | None,
                     values: Mapping[str, Any]) -> None:
        records = self.records(conn)
        for rule in desc.write_rules:
            refusal = rule(records, current, values)
            if refusal:
                raise RuleError(refusal)

    def insert(self, conn: Connection, desc: LedgerDescription, values: Mapping[str, Any],
               cls: Classification, ret: str, status: str, entry_id: str) -> Entry:
        """Insert inside the caller's transaction (for operations that write several)."""
        return EntryWriter(conn, self.catalog, self.session.user.username).insert(
            desc, values, classification=cls, retention=ret, status=status, entry_id=entry_id)

    def edit(self, ledger_id: str, entry_id: str, data: Mapping[str, Any], *,
             classification: Classification | str | None = None, retention: str | None = None,
             expected_version: int | None = None) -> Entry:
        """Change an entry; the earlier version is kept. Fields not in ``data`` stay."""
        self.session.require(Permission.WRITE_LEDGERS)
        current = self.get(ledger_id, entry_id)
        self._check_editable(current, expected_version)
        wf = current.ledger.workflow
        if wf is not None and current.status not in wf.editable:
            raise RuleError(f"该条目已处于“{wf.label(current.status)}”状态，内容不能再修改；"
                            "如有错误，请作废后重新登记。")
        hidden = {f.name for f in current.ledger.fields if f.hidden}
        if wf is not None and any(data[k] != current.values.get(k) for k in hidden & set(data)):
            # Who approved and when is written by the steps, never typed in.
            raise RuleError("审批、核对等记录只能由相应的办理步骤写入。")
        merged = {**current.values, **data}
        values, cls, ret = self.validate(
            ledger_id, merged,
            classification if classification is not None else current.classification,
            retention if retention is not None else (current.retention or None))
        with self.db.transaction() as conn:
            self._apply_rules(conn, current.ledger, current, values)
            return self.write(conn, current, Action.EDIT, values=values, classification=cls,
                              retention=ret)

    def void(self, ledger_id: str, entry_id: str, reason: str) -> Entry:
        """作废: the entry stays, marked void with the reason (never deleted)."""
        self.session.require(Permission.VOID_ENTRIES)
        reason = (reason or "").strip()
        if len(reason) < 2:
            raise ValidationError({"reason": "作废必须写明原因（至少两个字）"})
        current = self.get(ledger_id, entry_id)
        if current.origin:
            raise RuleError("该条目由派驻机构交接导入，在汇总库中只读（DOMAIN §7）。")
        if current.voided:
            raise RuleError("该条目已作废。")
        with self.db.transaction() as conn:
            self._apply_rules(conn, current.ledger, current, current.values)
            return self.write(conn, current, Action.VOID, voided=True, void_reason=reason)

    # -- workflow steps --------------------------------------------------------
    def refusal(self, entry: Entry, step: Step) -> str | None:
        """Why the current user may not take ``step`` on ``entry`` now (None: may)."""
        wf = entry.ledger.workflow
        assert wf is not None
        if entry.origin:
            return "该条目由派驻机构交接导入，在汇总库中只读。"
        if entry.voided:
            return "已作废的条目不能办理。"
        if entry.status not in step.sources:
            return (f"该条目当前为“{wf.label(entry.status)}”，不能“{step.label}”。")
        if not self.session.can(step.permission):
            who = "、".join(sorted(ROLE_LABELS[r] for r in GRANTS[step.permission]))
            return f"“{step.label}”须由{who}办理，您没有此权限。"
        if step.guard is not None:
            return step.guard(entry, self.session.user.username)
        return None

    def available_steps(self, entry: Entry) -> builtins.list[Step]:
        """The steps the current user can take on ``entry`` now."""
        wf = entry.ledger.workflow
        if wf is None or entry.voided:
            return []
        return [st for st in wf.steps_from(entry.status) if self.refusal(entry, st) is None]

    def step(self, ledger_id: str, entry_id: str, action: str, *, note: str = "",
             data: Mapping[str, Any] | None = None,
             expected_version: int | None = None) -> Entry:
        """Take a workflow step (approve, reject, verify, …): checked, recorded, audited."""
        desc = self.catalog.ledger(ledger_id)
        wf = desc.workflow
        if wf is None:
            raise RuleError(f"“{desc.name}”没有审批流程。")
        try:
            st = wf.step(action)
        except KeyError:
            names = "、".join(f"{s.action}（{s.label}）" for s in wf.steps)
            raise NotFoundError(f"“{desc.name}”没有“{action}”这一步骤；可用：{names}") from None
        self.session.require(st.permission)
        current = self.get(ledger_id, entry_id)
        if expected_version is not None and expected_version != current.version:
            self._check_editable(current, expected_version)
        refusal = self.refusal(current, st)
        if refusal:
            raise RuleError(refusal)
        note = (note or "").strip()
        if st.note_required and len(note) < 2:
            raise ValidationError({"note": f"请填写“{st.note_label}”（至少两个字）"})
        values = dict(current.values)
        errors: dict[str, str] = {}
        for name in st.asks:
            f = desc.field(name)
            # A time the step asks for defaults to now (登记带出 when the seal leaves).
            raw = (data or {}).get(name)
            if raw in (None, "") and f.type in (FieldType.DATE, FieldType.DATETIME):
                raw = TODAY
            stored, err = f.normalise(raw)
            if err is None and stored is None:
                err = f"“{f.label}”不能为空"
            if err:
                errors[name] = err
            values[name] = stored
        if errors:
            raise ValidationError(errors)
        for name in st.clears:
            values[name] = None
        for name, what in st.record.items():
            values[name] = {ACTOR: self.session.user.username,
                            NOW: self.clock().isoformat(timespec="minutes"),
                            NOTE: note}[what]
        with self.db.transaction() as conn:
            if st.effect is not None:
                values.update(st.effect(self.records(conn), current))
            self._apply_rules(conn, desc, current, values)
            return self.write(conn, current, st.audit_action, values=values, status=st.target,
                              detail={"step": st.action, "from": current.status,
                                      "to": st.target, **({"note": note} if note else {})})

    def tasks(self) -> builtins.list[tuple[Entry, builtins.list[Step]]]:
        """Entries waiting for a step the current user can take (审批待办、我的待办)."""
        out: builtins.list[tuple[Entry, builtins.list[Step]]] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        for desc in self.catalog.ledgers():
            wf = desc.workflow
            if wf is None:
                continue
            waiting = {s for st in wf.steps if st.task and self.session.can(st.permission)
                       for s in st.sources}
            for state in sorted(waiting):
                for entry in self.list(desc.id, status=state):
                    steps = [st for st in self.available_steps(entry) if st.task]
                    if steps:
                        out.append((entry, steps))
        return out

    def findings(self, ledger_id: str, year: int) -> builtins.list[str]:
        """Completeness findings of the ledger for ``year`` (gaps, overdue items)."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        with self.db.reading() as conn:
            records = self.records(conn)
            return [f for check in desc.checks for f in check(records, year)]

    def report(self, report_id: str, year: int) -> builtins.list[Any]:
        """A declared report over several ledgers for ``year`` (findings, figures)."""
        report = self.catalog.report(report_id)
        self.session.require(Permission.READ_LEDGERS)
        with self.db.reading() as conn:
            return report.build(self.records(conn), year)

    def derive(self, ledger_id: str, entry_id: str, action: str) -> tuple[str, dict[str, Any]]:
        """Enter once: (target ledger, pre-filled values) from an entry (not yet saved)."""
        desc = self.catalog.ledger(ledger_id)
        entry = self.get(ledger_id, entry_id)
        for d in desc.derivations:
            if d.action == action:
                return d.target, d.build(entry)
        raise NotFoundError(f"“{desc.name}”没有“{action}”操作。")

    def linked(self, ledger_id: str, entry_id: str) -> builtins.list[Entry]:
        """Entries of any ledger that name this entry through a declared link."""
        out: builtins.list[Entry] = []
        for desc, link in self.catalog.links_to(ledger_id):
            where = {link.id_field: entry_id}
            if link.ledger_field:
                where[link.ledger_field] = ledger_id
            out.extend(self.list(desc.id, where=where))
        return out

    def _check_editable(self, current: Entry, expected_version: int | None) -> None:
        if current.origin:
            raise RuleError("该条目由派驻机构交接导入，在汇总库中只读（DOMAIN §7）。")
        if current.voided:
            raise RuleError("已作废的条目不能修改。")
        if expected_version is not None and expected_version != current.version:
            raise RuleError(
                f"该条目已被 {current.updated_by} 于 {current.updated_at} 修改（当前第 "
                f"{current.version} 版），请重新打开后再改，您录入的内容仍保留在窗口中。")

    def write(self, conn: Connection, current: Entry, action: str, *,
              values: Mapping[str, Any] | None = None,
              classification: Classification | None = None, retention: str | None = None,
              status: str | None = None, voided: bool | None = None,
              void_reason: str | None = None, detail: Mapping[str, Any] | None = None) -> Entry:
        """A new version of a stored entry, through the one entry writer."""
        return EntryWriter(conn, self.catalog, self.session.user.username).update(
            current, action, values=values, classification=classification, retention=retention,
            status=status, voided=voided, void_reason=void_reason, detail=detail)

    # -- attachments -----------------------------------------------------------
    def attach(self, ledger_id: str, entry_id: str, filename: str, content: bytes,
               mime: str | None = None) -> Attachment:
        """Store a file inside the encrypted database, linked to the entry."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        entry = self.get(ledger_id, entry_id)
        if entry.voided:
            raise RuleError("已作废的条目不能添加附件。")
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachment": "附件不能超过 100 MB"})
        att = Attachment(
            id=str(uuid.uuid4()), filename=filename,
            mime=mime or mimetypes.guess_type(filename)[0] or "application/octet-stream",
            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            added_at=audit.now_iso(), added_by=self.session.user.username)
        with self.db.transaction() as conn:
            conn.execute(insert(attachments).values(
                id=att.id, ledger=desc.id, entry_id=entry_id, filename=att.filename,
                mime=att.mime, size=att.size, sha256=att.sha256, content=content,
                added_at=att.added_at, added_by=att.added_by, voided=False))
            audit.append(conn, att.added_by, Action.ATTACH, ledger=desc.id, entry_id=entry_id,
                         at=att.added_at, detail={"attachment": att.id, "sha256": att.sha256,
                                                  "size": att.size})
        return att

    def attachments(self, ledger_id: str, entry_id: str) -> builtins.list[Attachment]:
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        cols = [attachments.c[n] for n in ("id", "filename", "mime", "size", "sha256",
                                           "added_at", "added_by")]
        with self.db.reading() as conn:
            return [Attachment(*r) for r in conn.execute(select(*cols).where(and_(
                attachments.c.ledger == desc.id, attachments.c.entry_id == entry_id,
                attachments.c.voided == False)).order_by(attachments.c.added_at))]  # noqa: E712

    def attachment_content(self, attachment_id: str) -> bytes:
        self.session.require(Permission.READ_LEDGERS)
        with self.db.reading() as conn:
            row = conn.execute(select(attachments.c.content).where(
                attachments.c.id == attachment_id)).first()
        if row is None:
            raise NotFoundError("找不到该附件。")
        return bytes(row[0])


def _readable(desc: LedgerDescription, state: dict[str, Any]) -> dict[str, Any]:
    """A stored revision with its values under the fields' current names."""
    return {**state, "values": values_from_state(desc, state)}
