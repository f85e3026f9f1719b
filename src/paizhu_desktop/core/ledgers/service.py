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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, and_, func, insert, select, text, update

from paizhu_desktop.core import audit
from paizhu_desktop.core.audit import Action
from paizhu_desktop.core.classification import (
    DEFAULT_RETENTION,
    Classification,
    marking,
    validate_retention,
)
from paizhu_desktop.core.errors import NotFoundError, RuleError, ValidationError
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, FieldType
from paizhu_desktop.core.ledgers.registry import all_ledgers
from paizhu_desktop.core.ledgers.registry import ledger as describe
from paizhu_desktop.core.ledgers.workflow import ACTOR, NOTE, NOW, Step
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.schema import attachments, audit_log, ledger_table, revisions

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

#: Largest attachment accepted (scans and photos; 濮阳·全程记实 第九条).
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One entry as read from its ledger."""

    ledger: LedgerDescription
    id: str
    seq: int
    values: dict[str, Any]
    classification: Classification
    retention: str
    status: str
    voided: bool
    void_reason: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    version: int
    content_hash: str = field(repr=False, default="")
    origin: str = ""  # the group a county database received it from; '' = own

    def display(self, name: str) -> str:
        """A field's value as Chinese text."""
        return self.ledger.field(name).display(self.values.get(name))

    @property
    def marking(self) -> str:
        return marking(self.classification, self.retention)

    @property
    def summary(self) -> str:
        return self.ledger.summary(self.values)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "ledger": self.ledger.id, "version": self.version,
            "classification": self.classification.value, "retention": self.retention,
            "status": self.status, "voided": self.voided, "void_reason": self.void_reason,
            "created_at": self.created_at, "created_by": self.created_by,
            "updated_at": self.updated_at, "updated_by": self.updated_by,
            "values": self.values,
        }


@dataclass(frozen=True)
class Revision:
    version: int
    at: str
    username: str
    action: str
    data: dict[str, Any]


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    username: str
    action: str
    ledger: str
    entry_id: str
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return audit.ACTION_LABELS.get(self.action, self.action)


@dataclass(frozen=True)
class Attachment:
    id: str
    filename: str
    mime: str
    size: int
    sha256: str
    added_at: str
    added_by: str


def content_hash(entry_id: str, state: Mapping[str, Any]) -> str:
    """SHA-256 of what an entry says; `verify` recomputes it from the row."""
    return hashlib.sha256(entry_id.encode() + audit.canonical(dict(state))).hexdigest()


def _state(desc: LedgerDescription, values: Mapping[str, Any], classification: str,
           retention: str, status: str, voided: bool, void_reason: str,
           version: int) -> dict[str, Any]:
    return {"values": {f.name: values.get(f.name) for f in desc.fields},
            "classification": classification, "retention": retention, "status": status,
            "voided": bool(voided), "void_reason": void_reason, "version": version}


def row_state(desc: LedgerDescription, row: Row[Any]) -> dict[str, Any]:
    """The hashed state of a stored row."""
    return _state(desc, _values_from_row(desc, row), row.classification, row.retention,
                  row.status, row.voided, row.void_reason, row.version)


def _values_from_row(desc: LedgerDescription, row: Row[Any]) -> dict[str, Any]:
    m = row._mapping
    out: dict[str, Any] = {}
    for f in desc.fields:
        v = m[f"f_{f.name}"]
        if f.type is FieldType.TABLE:
            v = json.loads(v) if v else []
        elif f.type is FieldType.BOOL and v is not None:
            v = bool(v)
        out[f.name] = v
    return out


def _columns_from_values(desc: LedgerDescription, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in desc.fields:
        v = values.get(f.name)
        if f.type is FieldType.TABLE:
            v = json.dumps(v or [], ensure_ascii=False)
        out[f"f_{f.name}"] = v
    return out


def entry_from_row(desc: LedgerDescription, row: Row[Any]) -> Entry:
    return Entry(
        ledger=desc, id=row.id, seq=row.seq, values=_values_from_row(desc, row),
        classification=Classification.parse(row.classification), retention=row.retention,
        status=row.status, voided=bool(row.voided), void_reason=row.void_reason,
        created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at,
        updated_by=row.updated_by, version=row.version, content_hash=row.content_hash,
        origin=row._mapping.get("origin") or "",
    )


def fts_query(term: str) -> str:
    """An FTS5 phrase for a substring (trigram tokenizer: any ≥3-character run)."""
    return '"' + term.replace('"', '""') + '"'


class LedgerService:
    """Ledger operations for one logged-in user; every call checks permissions."""

    def __init__(self, session: UserSession) -> None:
        self.session = session
        self.db = session.db
        #: The time a step records as its business time (the audit log keeps the real
        #: time of entry apart); the demo sets it to fill a year in one go.
        self.clock: Callable[[], dt.datetime] = dt.datetime.now

    # -- reading ---------------------------------------------------------------
    def get(self, ledger_id: str, entry_id: str) -> Entry:
        desc = describe(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = ledger_table(desc)
        with self.db.reading() as conn:
            row = conn.execute(select(table).where(table.c.id == entry_id)).first()
        if row is None:
            raise NotFoundError(f"“{desc.name}”中没有编号为 {entry_id} 的条目。")
        return entry_from_row(desc, row)

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
        desc = describe(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = ledger_table(desc)
        conds = []
        if not include_voided:
            conds.append(table.c.voided == False)  # noqa: E712 - SQL expression
        date_col = table.c[f"f_{desc.date_field}"]
        if date_from:
            conds.append(date_col >= date_from)
        if date_to:
            conds.append(date_col <= date_to + "\uffff")
        if classification is not None:
            conds.append(table.c.classification == classification.value)
        if status is not None:
            conds.append(table.c.status == status)
        for name, value in (where or {}).items():
            conds.append(table.c[f"f_{name}"] == value)
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
            col = table.c[f"f_{name}"] if f"f_{name}" in table.c else table.c[name]
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
            col = table.c[f"f_{name}"]
            cols.append(col.desc() if descending else col.asc().nulls_first())
        cols.append(table.c.seq)
        return cols

    def rows(self, ledger_id: str, seqs: Sequence[int]) -> list[Entry]:
        """The entries with these row numbers, in the order given."""
        desc = describe(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = ledger_table(desc)
        found: dict[int, Entry] = {}
        with self.db.reading() as conn:
            for chunk_start in range(0, len(seqs), 500):
                chunk = list(seqs[chunk_start:chunk_start + 500])
                for row in conn.execute(select(table).where(table.c.seq.in_(chunk))):
                    found[row.seq] = entry_from_row(desc, row)
        return [found[s] for s in seqs if s in found]

    def list(self, ledger_id: str, **filters: Any) -> builtins.list[Entry]:
        """Matching entries in the ledger's order (for small sets, print and export)."""
        return self.rows(ledger_id, self.query(ledger_id, **filters))

    def count(self, ledger_id: str, *, include_voided: bool = False) -> int:
        desc = describe(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = ledger_table(desc)
        stmt = select(func.count()).select_from(table)
        if not include_voided:
            stmt = stmt.where(table.c.voided == False)  # noqa: E712
        with self.db.reading() as conn:
            return int(conn.execute(stmt).scalar_one())

    def history(self, ledger_id: str, entry_id: str) -> tuple[builtins.list[Revision], builtins.list[AuditRecord]]:
        """Every version of the entry and every audit entry that names it."""
        desc = describe(ledger_id)
        self.get(ledger_id, entry_id)
        with self.db.reading() as conn:
            revs = [Revision(r.version, r.at, r.username, r.action, json.loads(r.data))
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
        desc = describe(ledger_id)
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
        desc = describe(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        values, cls, ret = self.validate(ledger_id, data, classification, retention)
        if desc.workflow is not None and not status:
            status = desc.workflow.initial
        with self.db.transaction() as conn:
            self._apply_rules(conn, desc, None, values)
            entry = self.insert(conn, desc, values, cls, ret, status, entry_id or str(uuid.uuid4()))
        return entry

    def _apply_rules(self, conn: Connection, desc: LedgerDescription, current: Entry | None,
                     values: Mapping[str, Any]) -> None:
        for rule in desc.write_rules:
            refusal = rule(self, conn, current, values)
            if refusal:
                raise RuleError(refusal)

    def insert(self, conn: Connection, desc: LedgerDescription, values: Mapping[str, Any],
               cls: Classification, ret: str, status: str, entry_id: str) -> Entry:
        """Insert inside the caller's transaction (for operations that write several)."""
        table = ledger_table(desc)
        now, who = audit.now_iso(), self.session.user.username
        state = _state(desc, values, cls.value, ret, status, False, "", 1)
        digest = content_hash(entry_id, state)
        # Statements with parameters passed apart from the SQL keep SQLAlchemy's
        # compiled-statement cache hot (a bulk year of entries spends its time in SQLite).
        seq = conn.execute(insert(table), {
            "id": entry_id, "classification": cls.value, "retention": ret, "status": status,
            "voided": False, "void_reason": "", "voided_at": "", "voided_by": "",
            "created_at": now, "created_by": who, "updated_at": now, "updated_by": who,
            "version": 1, "search_text": desc.search_text(values), "content_hash": digest,
            **_columns_from_values(desc, values),
        }).inserted_primary_key[0]
        self._index(conn, desc, seq, desc.search_text(values), new=True)
        self._log(conn, desc, entry_id, 1, state, Action.CREATE, digest, cls, now)
        return Entry(ledger=desc, id=entry_id, seq=seq, values=dict(state["values"]),
                     classification=cls, retention=ret, status=status, voided=False,
                     void_reason="", created_at=now, created_by=who, updated_at=now,
                     updated_by=who, version=1, content_hash=digest)

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
            from paizhu_desktop.core.permissions import GRANTS, ROLE_LABELS
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
        desc = describe(ledger_id)
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
                values.update(st.effect(self, conn, current))
            self._apply_rules(conn, desc, current, values)
            return self.write(conn, current, st.audit_action, values=values, status=st.target,
                              detail={"step": st.action, "from": current.status,
                                      "to": st.target, **({"note": note} if note else {})})

    def tasks(self) -> builtins.list[tuple[Entry, builtins.list[Step]]]:
        """Entries waiting for a step the current user can take (审批待办、我的待办)."""
        out: builtins.list[tuple[Entry, builtins.list[Step]]] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        for desc in all_ledgers():
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
        desc = describe(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        with self.db.reading() as conn:
            return [f for check in desc.checks for f in check(self, conn, year)]

    def derive(self, ledger_id: str, entry_id: str, action: str) -> tuple[str, dict[str, Any]]:
        """Enter once: (target ledger, pre-filled values) from an entry (not yet saved)."""
        desc = describe(ledger_id)
        entry = self.get(ledger_id, entry_id)
        for d in desc.derivations:
            if d.action == action:
                return d.target, d.build(entry)
        raise NotFoundError(f"“{desc.name}”没有“{action}”操作。")

    def linked(self, ledger_id: str, entry_id: str) -> builtins.list[Entry]:
        """Entries of other ledgers that name this entry as their source."""
        out: builtins.list[Entry] = []
        for desc in all_ledgers():
            names = {f.name for f in desc.fields}
            if {"source_ledger", "source_id"} <= names:
                out.extend(self.list(desc.id, where={"source_ledger": ledger_id,
                                                     "source_id": entry_id}))
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
        """The one way a stored entry changes: new version, revision kept, audited."""
        desc = current.ledger
        table = ledger_table(desc)
        now, who = audit.now_iso(), self.session.user.username
        new_values = dict(values if values is not None else current.values)
        cls = classification or current.classification
        ret = current.retention if retention is None else retention
        st = current.status if status is None else status
        vd = current.voided if voided is None else voided
        reason = current.void_reason if void_reason is None else void_reason
        version = current.version + 1
        state = _state(desc, new_values, cls.value, ret, st, vd, reason, version)
        digest = content_hash(current.id, state)
        extra: dict[str, Any] = {}
        if voided and not current.voided:
            extra = {"voided_at": now, "voided_by": who}
        result = conn.execute(update(table).where(and_(
            table.c.id == current.id, table.c.version == current.version)).values(
            classification=cls.value, retention=ret, status=st, voided=vd, void_reason=reason,
            updated_at=now, updated_by=who, version=version,
            search_text=desc.search_text(new_values), content_hash=digest,
            **_columns_from_values(desc, new_values), **extra))
        if result.rowcount != 1:
            raise RuleError("该条目刚被他人修改，请重新打开后再操作，您录入的内容仍保留在窗口中。")
        self._index(conn, desc, current.seq, desc.search_text(new_values), new=False)
        self._log(conn, desc, current.id, version, state, action, digest, cls, now, detail)
        row = conn.execute(select(table).where(table.c.seq == current.seq)).one()
        return entry_from_row(desc, row)

    def _index(self, conn: Connection, desc: LedgerDescription, seq: int, body: str,
               new: bool) -> None:
        fts = desc.fts_table_name
        if not new:
            conn.exec_driver_sql(f"DELETE FROM {fts} WHERE rowid = ?", (seq,))
        conn.exec_driver_sql(f"INSERT INTO {fts}(rowid, search_text) VALUES (?, ?)", (seq, body))

    def _log(self, conn: Connection, desc: LedgerDescription, entry_id: str, version: int,
             state: Mapping[str, Any], action: str, digest: str, cls: Classification, now: str,
             detail: Mapping[str, Any] | None = None) -> None:
        who = self.session.user.username
        conn.execute(insert(revisions), {
            "ledger": desc.id, "entry_id": entry_id, "version": version,
            "data": audit.canonical(dict(state)).decode(), "at": now, "username": who,
            "action": action})
        audit.append(conn, who, action, ledger=desc.id, entry_id=entry_id, at=now,
                     detail={"version": version, "content_hash": digest,
                             "classification": cls.value, **(detail or {})})

    # -- attachments -----------------------------------------------------------
    def attach(self, ledger_id: str, entry_id: str, filename: str, content: bytes,
               mime: str | None = None) -> Attachment:
        """Store a file inside the encrypted database, linked to the entry."""
        desc = describe(ledger_id)
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
        desc = describe(ledger_id)
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


def audit_record(row: Row[Any]) -> AuditRecord:
    return AuditRecord(row.seq, row.at, row.username, row.action, row.ledger, row.entry_id,
                       json.loads(row.detail))

