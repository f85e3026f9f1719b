"""Entries of every ledger: add, edit, void, search, history.

All changes to a ledger go through :meth:`LedgerService._write`, which in one
transaction bumps the version, keeps the full earlier version in
``revisions`` and appends the audit entry with the new content hash — so no
ledger can forget its history by accident.

No account holder sets what only the workflow may set: a new entry starts in its
workflow's initial state, only :meth:`LedgerService.step` moves it on and writes
what the step records (批准人、用印编号、审定人 …), and the requester of a request is
the account that files it (献县办法 第六十条). The audit log says who did what to
which record; the record's text stays in the entry and its revisions.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
import mimetypes
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, cast

from sqlalchemy import Connection, and_, func, insert, select, text

from paizhu_desktop.core import audit
from paizhu_desktop.core.audit import Action, AuditRecord, audit_record
from paizhu_desktop.core.classification import (
    DEFAULT_RETENTION,
    Classification,
    lowers,
    marking,
    validate_retention,
)
from paizhu_desktop.core.errors import NotFoundError, PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.glyphs import refusal as unprintable_refusal
from paizhu_desktop.core.glyphs import unprintable
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import (
    Attachment,
    Entry,
    Revision,
    entry_from_row,
    values_from_state,
)
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Field, FieldType
from paizhu_desktop.core.ledgers.records import StoredRecords
from paizhu_desktop.core.ledgers.workflow import (
    ABSENT,
    ACTOR,
    NOTE,
    NOW,
    OWN_REQUEST,
    STAND_IN,
    STAND_IN_ARTICLE,
    Reclassifies,
    Step,
    absence_covers,
    designation_covers,
    stand_in_act,
    stand_in_mark,
)
from paizhu_desktop.core.ledgers.writer import EntryWriter
from paizhu_desktop.core.permissions import (
    ADMIN_ROLES,
    GRANTS,
    ROLE_LABELS,
    Permission,
    Role,
    allowed,
    parse_roles,
)
from paizhu_desktop.core.schema import attachments, audit_log, revisions, users
from paizhu_desktop.core.storage import Database
from paizhu_desktop.core.text import quoted, safe_filename

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


@dataclass(frozen=True)
class StandIn:
    """A step taken by the B角 of the person who would take it (献县办法 第六十五条).

    Attributes:
        primary: the account stood in for (the A角: the 组长 whose own request it is).
        ledger: the ledger of the designation (职责分工).
        designation: the id of the entry naming the B角.
        post: what the A角 is, as the mark names it (组长).
        on: the business date of the step (ISO): the designation was in force then.
        reason: why the B角 stands in: the A角 is the requester (:data:`OWN_REQUEST`)
            or is away (:data:`ABSENT`).
        absence: (ledger, entry id) of the 离岗登记 saying the A角 is away, if so.
        at: the business time of the step (ISO, minutes) the absence covers.
        act: how the mark names the step: 审批, or 办理 for one that is no approval.
    """

    primary: str
    ledger: str
    designation: str
    post: str
    on: str
    reason: str = OWN_REQUEST
    absence: tuple[str, str] = ("", "")
    at: str = ""
    act: str = "审批"

    @property
    def mark(self) -> str:
        """代组长审批（B角，献县办法 第六十五条）, or 代组长审批（B角，组长外出，…）;
        代印章保管员办理（…） for a step that is no approval."""
        return stand_in_mark(self.post, self.reason, self.act)

    def detail(self) -> dict[str, Any]:
        """What the step's signed audit record says of it (the replay checks it)."""
        out: dict[str, Any] = {"for": self.primary, "ledger": self.ledger,
                               "designation": self.designation, "on": self.on}
        if self.reason == ABSENT:
            out.update(reason=ABSENT, absence={"ledger": self.absence[0],
                                               "id": self.absence[1]}, at=self.at)
        return out


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
        #: Designations and absences read once per :meth:`tasks` (None: read each time).
        self._memo: dict[str, Any] | None = None

    # -- reading ---------------------------------------------------------------
    def get(self, ledger_id: str, entry_id: str) -> Entry:
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.READ_LEDGERS)
        table = self.catalog.table(desc)
        with self.db.reading() as conn:
            row = conn.execute(select(table).where(table.c.id == entry_id)).first()
        if row is None:
            raise NotFoundError(f"“{desc.name}”中没有编号为 {quoted(entry_id, 40)} 的条目。")
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
            f = desc.field(name)
            conds.append(table.c[f.column] == f.to_column(value))
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
                 retention: str | None = None, *,
                 before: Mapping[str, Any] | None = None
                 ) -> tuple[dict[str, Any], Classification, str]:
        """Normalised values, 密级 and 保密期限, or ValidationError naming each bad field.

        A field naming a person (an account field: A角、B角、承办人 …) names one of the
        group's accounts; a name that is not is refused, unless ``before`` (the stored
        values of an edited entry) already held it — an old entry keeps what it says.
        """
        desc = self.catalog.ledger(ledger_id)
        data = desc.routed(_fields_given(data))
        for f in desc.fields:
            if f.default == CURRENT_USER and data.get(f.name, CURRENT_USER) in (CURRENT_USER, ""):
                data[f.name] = self.session.user.username
            elif f.type is FieldType.USER and data.get(f.name) == CURRENT_USER:
                data[f.name] = self.session.user.username  # "@current_user": oneself
        values, errors = desc.normalise(data)
        errors.update(self._account_errors(
            [f for f in desc.visible_fields if f.name not in errors], values, before or {}))
        errors.update(self._unprintable(desc, values, errors))
        try:
            if classification is None or classification == "":
                cls = desc.classification_for(values)
            elif isinstance(classification, Classification):
                cls = classification
            elif isinstance(classification, str):
                cls = Classification.parse(classification.strip())
            else:
                raise ValueError(classification)
        except ValueError:
            errors["classification"] = "“密级”应为：非密、内部、秘密、机密"
            cls = desc.default_classification
        low = desc.minimum_classification
        if before is None and low is not None and cls.rank < low.rank \
                and "classification" not in errors:
            errors["classification"] = f"{desc.name}的密级不得低于“{low.value}”（{desc.article}）"
        if retention is not None and not isinstance(retention, str):
            errors["retention"] = "“保密期限”应为文字，如“10年”“6个月”“长期”"
            retention = None
        ret = (retention if retention is not None else DEFAULT_RETENTION[cls]).strip()
        if not cls.is_classified:
            ret = ""
        problem = validate_retention(cls, ret)
        if problem:
            errors["retention"] = problem
        if errors:
            raise ValidationError(errors)
        return values, cls, ret

    # -- fields naming an account holder ---------------------------------------------
    def people(self, *, past: bool = False) -> builtins.list[tuple[str, str, bool]]:
        """(account, display name, active) of the people an account field may name: the
        group's accounts — not the 三员 administrators, who keep the system, not the
        ledgers; disabled accounts only with ``past`` (a person who has left)."""
        with self.db.reading() as conn:
            rows = conn.execute(select(users.c.username, users.c.display_name, users.c.roles,
                                       users.c.active).order_by(users.c.id)).all()
        return [(r.username, r.display_name or r.username, bool(r.active)) for r in rows
                if (r.active or past) and not _administrator_only(parse_roles(r.roles))]

    def _account_errors(self, fields: Sequence[Field], values: dict[str, Any],
                        before: Mapping[str, Any]) -> dict[str, str]:
        """Each account field's new or changed value names an account holder; a display
        name (王明远) or a picked item (王明远（wangmy）) is stored as the account itself.
        ``values`` is corrected in place; returns {field: Chinese refusal}."""
        named = [f for f in fields if f.type is FieldType.USER and not _empty(values.get(f.name))
                 and values.get(f.name) != before.get(f.name)]
        if not named:
            return {}
        everyone = self.people(past=True)
        errors: dict[str, str] = {}
        for f in named:
            found, problem = _account_of(f, str(values[f.name]), everyone)
            if problem is not None:
                errors[f.name] = self._administrator_refusal(f, str(values[f.name])) or problem
            else:
                values[f.name] = found
        return errors

    def _administrator_refusal(self, f: Field, given: str) -> str | None:
        """The refusal of a name that is a 三员 account: it exists, so "不是本系统的账号"
        would mislead the clerk; it is refused because the 三员 keep the system."""
        inner = re.fullmatch(r".*[（(]\s*([^（()）]+?)\s*[)）]", given)
        names = {given.strip()} | ({inner.group(1)} if inner else set())
        with self.db.reading() as conn:
            rows = conn.execute(select(users.c.username, users.c.display_name,
                                       users.c.roles)).all()
        for r in rows:
            if _administrator_only(parse_roles(r.roles)) and names & {r.username,
                                                                      r.display_name}:
                return (f"“{f.label}”：“{quoted(given, 32)}”是系统管理员（三员）的账号，三员"
                        "只负责系统管理，不办理台账事项；请从列表中选择本组人员")
        return None

    def _unprintable(self, desc: LedgerDescription, values: Mapping[str, Any],
                     errors: Mapping[str, str]) -> dict[str, str]:
        """Text no face can print (it would be a blank on paper), by field name."""
        from paizhu_desktop.core.settings import get_print_fonts

        mapped: dict[str, str] | None = None

        def overrides() -> dict[str, str]:
            nonlocal mapped
            if mapped is None:
                mapped = get_print_fonts(cast(Any, self.session))
            return mapped

        out: dict[str, str] = {}
        for f in desc.fields:
            if f.name in errors:
                continue
            for label, value in _texts(f, values.get(f.name)):
                ch = unprintable(value, overrides)
                if ch is not None:
                    out[f.name] = unprintable_refusal(label, ch)
                    break
        return out

    def add(self, ledger_id: str, data: Mapping[str, Any], *,
            classification: Classification | str | None = None, retention: str | None = None,
            status: str | None = None, entry_id: str | None = None,
            attachments: Sequence[tuple[str, bytes]] = ()) -> Entry:
        """A new entry; returns it as stored.

        It starts in the workflow's initial state: ``status`` may only name that
        state, and no field a step records may be given (批准人、用印编号 …, 献县办法
        第六十条). The requester of a request is the acting account.

        ``attachments`` (file name, content) are stored with it in the same
        transaction: if one is refused, neither the entry nor any file is stored.
        """
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        values, cls, ret = self._new_values(desc, data, classification, retention, status)
        for _name, content in attachments:
            _check_attachment_size(content)
        with self.db.transaction() as conn:
            self._apply_rules(conn, desc, None, values)
            entry = self._insert(conn, desc, values, cls, ret, entry_id or str(uuid.uuid4()))
            self._refuse_attachment(entry)
            for name, content in attachments:
                self._store_attachment(conn, entry, name, content, None)
        return entry

    def add_many(self, ledger_id: str, items: Iterable[Mapping[str, Any]]) -> int:
        """New entries in one transaction (a bulk load, the demo's year of records),
        each checked as :meth:`add` checks one; if one is refused none is stored.
        Returns how many were added."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        prepared = [self._new_values(desc, data, None, None, None) for data in items]
        with self.db.transaction() as conn:
            for values, cls, ret in prepared:
                self._apply_rules(conn, desc, None, values)
                self._insert(conn, desc, values, cls, ret, str(uuid.uuid4()))
        return len(prepared)

    def prepare(self, ledger_id: str, data: Mapping[str, Any], *,
                classification: Classification | str | None = None,
                retention: str | None = None) -> tuple[dict[str, Any], Classification, str]:
        """The checked values, 密级 and 保密期限 of a new entry, not yet stored: what
        :meth:`insert_prepared` writes inside a transaction the caller holds."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        return self._new_values(desc, data, classification, retention, None)

    def insert_prepared(self, conn: Connection, ledger_id: str,
                        prepared: tuple[Mapping[str, Any], Classification, str],
                        entry_id: str | None = None) -> Entry:
        """Store an entry checked by :meth:`prepare` inside ``conn``'s transaction, with
        the ledger's write rules: a print job's 涉密载体 are written with its print log
        entry, so neither exists without the other (献县办法 第五十八条)."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        values, cls, ret = prepared
        self._apply_rules(conn, desc, None, values)
        return self._insert(conn, desc, values, cls, ret, entry_id or str(uuid.uuid4()))

    def _new_values(self, desc: LedgerDescription, data: Mapping[str, Any],
                    classification: Classification | str | None, retention: str | None,
                    status: str | None) -> tuple[dict[str, Any], Classification, str]:
        """The checked values of a new entry, or the reason it cannot be added."""
        data = desc.routed(_fields_given(data))
        self._refuse_typed_state(desc, data, status, None)
        data = self._requester_of_new(desc, data)
        values, cls, ret = self.validate(desc.id, data, classification, retention)
        retired = [f.label for f in desc.fields if f.retired and data.get(f.name) is not None]
        if retired:
            raise ValidationError({"retired": f"“{retired[0]}”已停用，新条目不再填写"})
        self._check_on_behalf(desc, values)
        return values, cls, ret

    def records(self, conn: Connection) -> StoredRecords:
        """What declared rules see of the ledgers inside ``conn``'s transaction."""
        return StoredRecords(conn, self.catalog, self.clock, self.session.can)

    def _apply_rules(self, conn: Connection, desc: LedgerDescription, current: Entry | None,
                     values: Mapping[str, Any]) -> None:
        records = self.records(conn)
        for rule in desc.write_rules:
            refusal = rule(records, current, values)
            if refusal:
                raise RuleError(refusal)

    def _insert(self, conn: Connection, desc: LedgerDescription, values: Mapping[str, Any],
                cls: Classification, ret: str, entry_id: str) -> Entry:
        """A checked new entry, in the workflow's initial state, inside ``conn``."""
        status = desc.workflow.initial if desc.workflow is not None else ""
        return EntryWriter(conn, self.catalog, self.session.user.username).insert(
            desc, values, classification=cls, retention=ret, status=status, entry_id=entry_id)

    # -- what only steps and the core write -------------------------------------------
    @staticmethod
    def _refuse_typed_state(desc: LedgerDescription, data: Mapping[str, Any],
                            status: str | None, current: Entry | None) -> None:
        """A state, and what a step records, are written by that step only (献县办法
        第六十条 批准 → 核对 → 用印; 第五十条 审定): add and edit refuse them."""
        wf = desc.workflow
        if status is not None and not isinstance(status, str):
            raise ValidationError({"status": "“状态”应为文字（状态代码，见 paizhu schema）"})
        if status:
            if wf is None:
                raise RuleError(f"“{desc.name}”没有审批流程，条目没有状态。")
            if current is None and status != wf.initial:
                raise RuleError(
                    f"新登记的“{desc.name}”条目状态为“{wf.label(wf.initial)}”；"
                    f"“{quoted(wf.label(status))}”等状态只能由办理步骤（批准、核对、签发、审定等）"
                    "改变，登记时不能填写。")
            if current is not None and status != current.status:
                raise RuleError(
                    f"条目的状态只能由办理步骤改变，修改内容时不能把“{wf.label(current.status)}”"
                    f"改为“{quoted(wf.label(status))}”。")
        if wf is None:
            return
        recorded = wf.recorded_fields
        for key, value in data.items():
            try:
                f = desc.field(key)
            except KeyError:
                continue  # named as unknown by the validation
            if f.name not in recorded:
                continue
            before = None if current is None else current.values.get(f.name)
            if (_empty(value) and _empty(before)) or value == before:
                continue
            steps = "、".join(f"“{st.label}”" for st in wf.recorded_by(f.name))
            raise RuleError(f"“{f.label}”只能由办理步骤写入（{steps}），登记或修改时不能填写。")

    def _requester_of_new(self, desc: LedgerDescription,
                          data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` with the workflow's requester set to the acting account; naming
        anyone else is refused (第六十条: the approver must not be the requester, so
        the requester must be who really asked)."""
        out = dict(data)
        wf = desc.workflow
        if wf is None or not wf.requester:
            return out
        f = desc.field(wf.requester)
        me = self.session.user.username
        given = out.get(f.name)
        if not _empty(given) and given not in (CURRENT_USER, me):
            other = (f"；替他人登记的，请在“{desc.field(wf.on_behalf_of).label}”中填写其账号"
                     if wf.on_behalf_of else "")
            raise RuleError(f"“{f.label}”记为登记人本人（{me}），不能填写他人"
                            f"（{wf.requester_article}）{other}。")
        out[f.name] = me
        return out

    @staticmethod
    def _requester_unchanged(desc: LedgerDescription, data: Mapping[str, Any],
                             current: Entry) -> dict[str, Any]:
        """``data`` for an edit, who asked and for whom kept as filed; a change is
        refused (else the approver could clear his own name from a request entered
        for him, then approve it)."""
        out = dict(data)
        wf = desc.workflow
        if wf is None or not wf.requester:
            return out
        for name in (wf.requester, wf.on_behalf_of):
            if not name or name not in out:
                continue
            f = desc.field(name)
            before = current.values.get(f.name)
            if _empty(out[f.name]) and (name == wf.requester or _empty(before)):
                out[f.name] = before
            elif out[f.name] != before:
                raise RuleError(f"“{f.label}”在登记时确定，登记后不能更改"
                                f"（{wf.requester_article}）；如有错误，请撤回或作废后重新登记。")
        return out

    def _check_on_behalf(self, desc: LedgerDescription, values: Mapping[str, Any]) -> None:
        """The person a new request is entered for is another existing account (代为登记)."""
        wf = desc.workflow
        if wf is None or not wf.on_behalf_of:
            return
        f = desc.field(wf.on_behalf_of)
        person = values.get(f.name)
        if _empty(person):
            return
        if person == values.get(wf.requester):
            raise ValidationError({f.name: f"“{f.label}”是替他人登记时填写的；本人申请不必填写。"})
        with self.db.reading() as conn:
            known = conn.execute(select(users.c.username).where(and_(
                users.c.username == person, users.c.active == True))).first()  # noqa: E712
        if known is None:
            raise ValidationError(
                {f.name: f"“{f.label}”应为本组人员的账号，没有名为“{person}”的账号。"})

    def edit(self, ledger_id: str, entry_id: str, data: Mapping[str, Any], *,
             classification: Classification | str | None = None, retention: str | None = None,
             status: str | None = None, expected_version: int | None = None) -> Entry:
        """Change an entry; the earlier version is kept. Fields not in ``data`` stay.

        Only the content changes: ``status`` may only name the current state, what a
        step recorded stays as recorded, and who asked (and for whom) stays as filed.
        """
        self.session.require(Permission.WRITE_LEDGERS)
        current = self.get(ledger_id, entry_id)
        desc = current.ledger
        self._check_editable(current, expected_version)
        wf = desc.workflow
        if wf is not None and current.status not in wf.editable:
            raise RuleError(f"该条目已处于“{wf.label(current.status)}”状态，内容不能再修改；"
                            "如有错误，请作废后重新登记。")
        data = desc.routed(_fields_given(data))
        self._refuse_typed_state(desc, data, status, current)
        data = self._requester_unchanged(desc, data, current)
        for f in desc.fields:
            # A retired field is no longer entered: it keeps what it holds.
            if f.retired and f.name in data and data[f.name] != current.values.get(f.name):
                raise ValidationError({f.name: f"“{f.label}”已停用，不能再填写或修改"})
        merged = {**current.values, **data}
        values, cls, ret = self.validate(
            ledger_id, merged,
            classification if classification is not None else current.classification,
            retention if retention is not None else (current.retention or None),
            before=current.values)
        if lowers(current.classification, current.retention, cls, ret):
            raise RuleError(
                f"该条目为“{marking(current.classification, current.retention)}”，密级不能"
                "直接降低、保密期限不能直接缩短：请在该条目上使用“审核密级（降密、解密）”，"
                "经组长批准后由程序变更（献县办法 第五十五条）。")
        with self.db.transaction() as conn:
            self._apply_rules(conn, desc, current, values)
            return self._write(conn, current, Action.EDIT, values=values, classification=cls,
                              retention=ret)

    def void(self, ledger_id: str, entry_id: str, reason: str) -> Entry:
        """作废: the entry stays, marked void with the reason (never deleted)."""
        self.session.require(Permission.VOID_ENTRIES)
        checked, problem = _VOID_REASON.normalise(reason)
        if problem:
            raise ValidationError({"reason": problem})
        reason = checked or ""
        if len(reason) < 2:
            raise ValidationError({"reason": "作废必须写明原因（至少两个字）"})
        current = self.get(ledger_id, entry_id)
        if current.origin:
            raise RuleError("该条目由派驻机构交接导入，在汇总库中只读（DOMAIN §7）。")
        if current.voided:
            raise RuleError("该条目已作废。")
        wf = current.ledger.workflow
        if wf is not None and current.status in wf.unvoidable:
            ways = "、".join(f"“{st.label}”" for st in wf.steps_from(current.status))
            raise RuleError(f"该条目已处于“{wf.label(current.status)}”状态，任何人都不能作废"
                            + (f"；只能办理{ways}" if ways else "") + "。")
        with self.db.transaction() as conn:
            self._apply_rules(conn, current.ledger, current, current.values)
            return self._write(conn, current, Action.VOID, voided=True, void_reason=reason)

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
        if not self.session.can(step.permission) and self.stand_in(entry, step) is None:
            own = self._own_as_backup(entry, step)
            if own is not None:
                return own
            who = "、".join(sorted(ROLE_LABELS[r] for r in GRANTS[step.permission]))
            return f"“{step.label}”须由{who}办理，您没有此权限。"
        own = wf.own_request_refusal(step, entry.values, self.session.user.username)
        if own is not None:
            return own + self._stand_in_hint()
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
            raise NotFoundError(f"“{desc.name}”没有“{quoted(action)}”这一步骤；可用：{names}") \
                from None
        current = self.get(ledger_id, entry_id)
        stand_in = None
        if not self.session.can(st.permission):
            # The B角 of the person who would take it, on that person's own request.
            stand_in = self.stand_in(current, st)
            if stand_in is None:
                own = self._own_as_backup(current, st)
                if own is not None:
                    raise PermissionDenied(own)
                self.session.require(st.permission)
        if expected_version is not None and expected_version != current.version:
            self._check_editable(current, expected_version)
        refusal = self.refusal(current, st)
        if refusal:
            raise RuleError(refusal)
        note = self._step_note(desc, st, note)
        if st.note_required and len(note) < 2:
            raise ValidationError({"note": f"请填写“{st.note_label}”（至少两个字）"})
        given = _fields_given(data or {})
        values = dict(current.values)
        errors: dict[str, str] = {}
        for key in given:
            if key not in st.asks:
                asked = "、".join(f"“{desc.field(n).label}”" for n in st.asks)
                errors[quoted(key)] = (f"“{st.label}”不填写“{quoted(key)}”"
                                       + (f"，只填写{asked}" if asked else ""))
        for name in st.asks:
            f = desc.field(name)
            # A time the step asks for defaults to now (登记带出 when the seal leaves).
            raw = given.get(name)
            if raw in (None, "") and f.type in (FieldType.DATE, FieldType.DATETIME):
                raw = TODAY
            if raw == CURRENT_USER and f.type is FieldType.USER:
                raw = self.session.user.username
            stored, err = f.normalise(raw)
            if err is None and stored is None:
                err = f"“{f.label}”不能为空"
            if err:
                errors[name] = err
            values[name] = stored
        # The 承办人 named at 阅批 (第五十一条) is an account holder like any other.
        errors.update(self._account_errors(
            [desc.field(n) for n in st.asks if n not in errors], values, current.values))
        if errors:
            raise ValidationError(errors)
        for name in st.clears:
            values[name] = None
        for name, what in st.record.items():
            values[name] = {ACTOR: self.session.user.username,
                            NOW: self.clock().isoformat(timespec="minutes"),
                            NOTE: note,
                            STAND_IN: stand_in.mark if stand_in else ""}[what]
        with self.db.transaction() as conn:
            if st.effect is not None:
                values.update(st.effect(self.records(conn), current))
            self._apply_rules(conn, desc, current, values)
            written = self._write(conn, current, st.audit_action, values=values,
                                  status=st.target,
                                  # Who, what and which record — never the note's text,
                                  # which stays in the entry's own fields and history.
                                  detail={"step": st.action, "from": current.status,
                                          "to": st.target,
                                          **({"note_chars": len(note)} if note else {}),
                                          **({"stand_in": stand_in.detail()} if stand_in
                                             else {})})
            if st.reclassifies is not None:
                self._reclassify(conn, st, st.reclassifies, written)
            return written

    def _reclassify(self, conn: Connection, st: Step, rc: Reclassifies,
                    review: Entry) -> None:
        """An approved 降密/解密 review: the reviewed entry takes the 密级 and 保密期限 the
        review decided, as a version of its own naming the review and its version, in
        the approval's transaction (献县办法 第五十五条). ``verify`` accepts a lowered
        密级 only so."""
        decided = rc.decide(review.values)
        if decided is None:
            return
        ledger_id = str(review.values.get(rc.ledger_field) or "")
        entry_id = str(review.values.get(rc.id_field) or "")
        try:
            desc = self.catalog.ledger(ledger_id)
        except NotFoundError:
            raise RuleError(f"审核的条目所在台账“{ledger_id}”不存在，不能变更其密级"
                            f"（{rc.article}）。") from None
        table = self.catalog.table(desc)
        row = conn.execute(select(table).where(table.c.id == entry_id)).first()
        if row is None:
            raise RuleError(f"审核的条目已不存在，不能变更其密级（{rc.article}）。")
        target = entry_from_row(desc, row._mapping)
        if target.origin:
            raise RuleError("审核的条目由派驻机构交接导入，在汇总库中只读；其密级应由原派驻机构"
                            "审核变更。")
        if target.voided:
            raise RuleError(f"审核的条目已作废，不能变更其密级（{rc.article}）。")
        now = marking(target.classification, target.retention) or "非密"
        found = rc.found(review.values) if rc.found is not None else None
        if rc.found is not None and (found is None or (found[0], found[1]) != (
                target.classification, target.retention)):
            # A review decides on the marking it found: a second 延长 approved after a
            # first would otherwise shorten the term the first set.
            said = (marking(*found) or "非密") if found else "（无法识别）"
            raise RuleError(f"本审核针对的原密级为“{said}”，该条目现为“{now}”，不能据此变更："
                            f"请对本审核选择“不批准”，需要时在该条目上重新审核密级"
                            f"（{rc.article}）。")
        cls, ret = decided
        problem = validate_retention(cls, ret)
        if problem:
            raise ValidationError({"new_term": problem})
        if (cls, ret) == (target.classification, target.retention):
            return
        EntryWriter(conn, self.catalog, self.session.user.username).update(
            target, Action.RECLASSIFY, classification=cls, retention=ret,
            detail={"review": {"ledger": review.ledger.id, "entry_id": review.id,
                               "version": review.version, "step": st.action},
                    "from": marking(target.classification, target.retention) or "非密",
                    "to": marking(cls, ret) or "非密"})

    @staticmethod
    def _step_note(desc: LedgerDescription, st: Step, note: Any) -> str:
        """The step's note, checked as the field it is recorded in (one line, its
        length); a note recorded nowhere is checked as one line of 200 characters."""
        where = [desc.field(name) for name, what in st.record.items() if what == NOTE]
        checks = where or [Field("note", st.note_label, FieldType.TEXT, max_length=_NOTE_LIMIT)]
        text: Any = note if note is not None else ""
        for f in checks:
            checked, problem = replace(f, label=st.note_label, required=False).normalise(text)
            if problem:
                raise ValidationError({"note": problem})
            text = checked or ""
        return str(text)

    def tasks(self) -> builtins.list[tuple[Entry, builtins.list[Step]]]:
        """Entries waiting for a step the current user can take (审批待办、我的待办)."""
        out: builtins.list[tuple[Entry, builtins.list[Step]]] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        self._memo = {}
        try:
            # A B角 with approvals also sees the steps of his A角: on the A角's own
            # requests, and while the A角 is away (献县办法 第六十五条).
            backs_up = self._backs_up_someone()
            for desc in self.catalog.ledgers():
                wf = desc.workflow
                if wf is None:
                    continue
                waiting = {s for st in wf.steps if st.task
                           and (backs_up or self.session.can(st.permission))
                           for s in st.sources}
                for state in sorted(waiting):
                    for entry in self.list(desc.id, status=state):
                        steps = [st for st in self.available_steps(entry) if st.task]
                        if steps:
                            out.append((entry, steps))
        finally:
            self._memo = None
        return out

    # -- stand-ins: 岗位职责AB角 (献县办法 第六十五条) -------------------------------------
    def designations(self, day: str | None = None) -> builtins.list[tuple[str, str,
                                                                          dict[str, Any]]]:
        """(ledger, entry id, designation) of every AB角 designation in force on ``day``
        (ISO; default: the business date now)."""
        day = day or self.clock().date().isoformat()
        out: builtins.list[tuple[str, str, dict[str, Any]]] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        if self._memo is not None and f"designations {day}" in self._memo:
            return list(self._memo[f"designations {day}"])
        for desc in self.catalog.ledgers():
            wf = desc.workflow
            if wf is None or wf.designates is None:
                continue
            for state in wf.designates.in_force:
                for e in self.list(desc.id, status=state):
                    snap = wf.designates.snapshot(e.values, e.status, e.voided)
                    if designation_covers(snap, day):
                        out.append((desc.id, e.id, snap))
        if self._memo is not None:
            self._memo[f"designations {day}"] = list(out)
        return out

    def absences(self, moment: str | None = None) -> builtins.list[tuple[str, Entry,
                                                                        dict[str, Any]]]:
        """(ledger, entry, absence) of every 离岗登记 in force covering ``moment`` (ISO,
        minutes; default: the business time now) — who is away (献县办法 第六十五条)."""
        moment = moment or self.clock().isoformat(timespec="minutes")
        out: builtins.list[tuple[str, Entry, dict[str, Any]]] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        if self._memo is not None and f"absences {moment}" in self._memo:
            return list(self._memo[f"absences {moment}"])
        for desc in self.catalog.ledgers():
            wf = desc.workflow
            if wf is None or wf.absences is None:
                continue
            for state in wf.absences.in_force:
                for e in self.list(desc.id, status=state):
                    snap = wf.absences.snapshot(e.values, e.status, e.voided)
                    if absence_covers(snap, moment):
                        out.append((desc.id, e, snap))
        if self._memo is not None:
            self._memo[f"absences {moment}"] = list(out)
        return out

    def _roles_of(self, username: str) -> frozenset[Role] | None:
        """The roles of an active account (None: no such active account)."""
        with self.db.reading() as conn:
            row = conn.execute(select(users.c.roles, users.c.active).where(
                users.c.username == username)).first()
        if row is None or not row.active:
            return None
        return parse_roles(row.roles)

    def stand_in(self, entry: Entry, step: Step) -> StandIn | None:
        """How the current user may take ``step`` on ``entry`` as B角, or None.

        The B角 the 职责分工 in force names for a person with approvals takes the steps
        that person holds the permission for and the B角 does not (献县办法 第六十五条
        组内实行岗位职责AB角，避免工作脱节):

        - a step no requester may take (``not_by_requester``), on a request of that
          person (its requester or the one it was filed for; 第六十条);
        - any step, while a 离岗登记 in force says that person is away now.

        Never on a request of the B角's own (第六十条 不能审批本人的申请), and never on
        the 职责分工 itself.
        """
        wf = entry.ledger.workflow
        # Who stands in for whom is the 组长's own decision: a B角 confirming or ending
        # a 职责分工 in his stead could widen his own authority (第六十四条, 第六十六条).
        if wf is None or wf.designates is not None or self.session.can(step.permission):
            return None
        me = self.session.user.username
        persons = wf.askers(entry.values)
        if me in persons:
            return None
        now = self.clock()
        day, moment = now.date().isoformat(), now.isoformat(timespec="minutes")
        away: dict[str, tuple[str, str]] | None = None
        for ledger, entry_id, snap in self.designations(day):
            if not snap["approvals"] or snap["backup"] != me:
                continue
            roles = self._roles_of(snap["primary"])
            if roles is None or not allowed(roles, step.permission):
                continue
            post = next((ROLE_LABELS[r] for r in Role
                         if r in roles and r in GRANTS[step.permission]), snap["primary"])
            if step.not_by_requester and snap["primary"] in persons:
                if wf.absences is not None:
                    continue  # the A角's own absence is reported, not a B角's to grant
                return StandIn(snap["primary"], ledger, entry_id, post, day,
                               act=stand_in_act(step))
            if away is None:
                away = {a["person"]: (a_ledger, a_entry.id)
                        for a_ledger, a_entry, a in self.absences(moment)}
            if snap["primary"] in away:
                return StandIn(snap["primary"], ledger, entry_id, post, day, ABSENT,
                               away[snap["primary"]], moment, stand_in_act(step))
        return None

    def _backs_up_someone(self) -> bool:
        me = self.session.user.username
        return any(snap["approvals"] and snap["backup"] == me
                   for _l, _e, snap in self.designations())

    def backup_of(self, username: str) -> str | None:
        """The B角 who takes ``username``'s approvals on his own requests now (None:
        no 职责分工 in force names one)."""
        return next((snap["backup"] for _l, _e, snap in self.designations()
                     if snap["approvals"] and snap["primary"] == username), None)

    def _person(self, username: str) -> str:
        """An account as people read it: 王明远（wangmy）."""
        with self.db.reading() as conn:
            name = conn.execute(select(users.c.display_name).where(
                users.c.username == username)).scalar()
        return f"{name}（{username}）" if name and name != username else username

    def _own_as_backup(self, entry: Entry, step: Step) -> str | None:
        """Why a B角 may not take ``step`` on his own request (第六十条 不能审批本人的
        申请), where he otherwise stands in: told so rather than "没有此权限"."""
        wf = entry.ledger.workflow
        if wf is None:
            return None
        own = wf.own_request_refusal(step, entry.values, self.session.user.username)
        if own is None or not self._backs_up_someone():
            return None
        return f"您虽是B角，但{own}"

    def _stand_in_hint(self) -> str:
        backup = self.backup_of(self.session.user.username)
        if backup:
            return (f"本人的申请由职责分工中指定的B角{self._person(backup)}审批"
                    f"（{STAND_IN_ARTICLE}）。")
        return (f"本人的申请应由B角审批，请先在“职责分工”中指定B角并勾选“B角代行审批”"
                f"（{STAND_IN_ARTICLE}）。")

    def notices(self) -> builtins.list[str]:
        """What the current user should know of his own pending requests: who decides
        them as B角, or that no B角 is named yet (待办, 献县办法 第六十五条)."""
        out: builtins.list[str] = []
        if not self.session.can(Permission.READ_LEDGERS):
            return out
        me = self.session.user.username
        out += self._absence_notices(me)
        backup: str | None = None
        looked = False
        for desc in self.catalog.ledgers():
            wf = desc.workflow
            if wf is None or not wf.requester:
                continue
            steps = [st for st in wf.steps if st.task and st.not_by_requester
                     and self.session.can(st.permission)]
            for state in sorted({s for st in steps for s in st.sources}):
                for entry in self.list(desc.id, status=state):
                    if me not in wf.askers(entry.values):
                        continue
                    if not looked:
                        backup, looked = self.backup_of(me), True
                    what = f"本人的{desc.name.removesuffix('登记')}申请“{entry.summary}”"
                    if backup:
                        out.append(f"{what}由B角{self._person(backup)}审批"
                                   f"（{STAND_IN_ARTICLE}）")
                    else:
                        out.append(f"{what}需由B角审批，请先在“职责分工”中指定B角"
                                   f"（{STAND_IN_ARTICLE}）")
        return out

    def _absence_notices(self, me: str) -> builtins.list[str]:
        """Who is away now and who stands in meanwhile — for everyone (第六十五条)."""
        out: builtins.list[str] = []
        designations = [snap for _l, _e, snap in self.designations() if snap["approvals"]]
        for _ledger, entry, snap in self.absences():
            person = snap["person"]
            roles = self._roles_of(person) or frozenset()
            post = next((ROLE_LABELS[r] for r in Role if r in roles), "")
            desc = entry.ledger
            kind = desc.display(desc.workflow.absences.kind, entry.values) \
                if desc.workflow and desc.workflow.absences and desc.workflow.absences.kind \
                else "离岗"
            when = f"{snap['start'].replace('T', ' ')} 至 {snap['end'].replace('T', ' ')}"
            who = f"{post}{self._person(person)}" if person != me else "您"
            what = f"{who}{kind}离岗（{entry.summary}，{when}）"
            backups = [d["backup"] for d in designations if d["primary"] == person]
            if backups:
                by = "您" if backups[0] == me else f"B角{self._person(backups[0])}"
                out.append(f"{what}，期间其审批和办理事项由{by}代行（{STAND_IN_ARTICLE}）")
            elif person == me or roles & GRANTS[Permission.APPROVE]:
                out.append(f"{what}，尚未指定代行审批的B角，请在“职责分工”中指定"
                           f"（{STAND_IN_ARTICLE}）")
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

    def _write(self, conn: Connection, current: Entry, action: str, *,
               values: Mapping[str, Any] | None = None,
               classification: Classification | None = None, retention: str | None = None,
               status: str | None = None, voided: bool | None = None,
               void_reason: str | None = None,
               detail: Mapping[str, Any] | None = None) -> Entry:
        """A new version of a stored entry, through the one entry writer (states are
        written here only by :meth:`step`)."""
        return EntryWriter(conn, self.catalog, self.session.user.username).update(
            current, action, values=values, classification=classification, retention=retention,
            status=status, voided=voided, void_reason=void_reason, detail=detail)

    # -- attachments -----------------------------------------------------------
    def attach(self, ledger_id: str, entry_id: str, filename: str, content: bytes,
               mime: str | None = None) -> Attachment:
        """Store a file inside the encrypted database, linked to the entry. The name
        is kept as a safe base name (:func:`~paizhu_desktop.core.text.safe_filename`):
        no folders, no control characters, at most 100 characters, never empty."""
        desc = self.catalog.ledger(ledger_id)
        self.session.require(Permission.WRITE_LEDGERS)
        entry = self.get(ledger_id, entry_id)
        self._refuse_attachment(entry)
        _check_attachment_size(content)
        with self.db.transaction() as conn:
            self._apply_rules(conn, desc, entry, entry.values)  # e.g. a signed-off month
            return self._store_attachment(conn, entry, filename, content, mime)

    @staticmethod
    def _refuse_attachment(entry: Entry) -> None:
        """Why no file may be added to ``entry`` now, raised."""
        if entry.origin:
            raise RuleError("该条目由派驻机构交接导入，在汇总库中只读（DOMAIN §7），不能添加附件。")
        if entry.voided:
            raise RuleError("已作废的条目不能添加附件。")
        wf = entry.ledger.workflow
        if wf is not None and entry.status not in wf.editable:
            # A file is part of what was approved, checked or signed off (第六十条, 第五十条).
            raise RuleError(f"该条目已处于“{wf.label(entry.status)}”状态，内容不能再改变，"
                            "也不能再添加附件；附件应在办理下一步骤之前添加。")

    def _store_attachment(self, conn: Connection, entry: Entry, filename: str, content: bytes,
                          mime: str | None) -> Attachment:
        if not isinstance(filename, str):
            raise ValidationError({"attachment": "附件的文件名应为文字"})
        if not isinstance(content, bytes):
            raise ValidationError({"attachment": "附件的内容应为文件的字节"})
        name = safe_filename(filename)
        if mime is not None and (not isinstance(mime, str) or not _MIME.fullmatch(mime)):
            raise ValidationError({"attachment": "附件的文件类型格式不正确"})
        att = Attachment(
            id=str(uuid.uuid4()), filename=name,
            mime=mime or mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            added_at=audit.now_iso(), added_by=self.session.user.username)
        conn.execute(insert(attachments).values(
            id=att.id, ledger=entry.ledger.id, entry_id=entry.id, filename=att.filename,
            mime=att.mime, size=att.size, sha256=att.sha256, content=content,
            added_at=att.added_at, added_by=att.added_by, voided=False))
        audit.append(conn, att.added_by, Action.ATTACH, ledger=entry.ledger.id,
                     entry_id=entry.id, at=att.added_at,
                     detail={"attachment": att.id, "sha256": att.sha256, "size": att.size})
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


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _administrator_only(roles: frozenset[Role]) -> bool:
    """An account of the 三员 (system, security, audit administrator): no business role."""
    return bool(roles) and not (roles - ADMIN_ROLES)


def _account_of(f: Field, given: str,
                everyone: Sequence[tuple[str, str, bool]]) -> tuple[str, str | None]:
    """(the account ``given`` names, None) or ("", why it names none) for field ``f``.

    Accepted: the account (wangmy), the list's item (王明远（wangmy）) or a display name
    that one account alone bears (王明远)."""
    inner = re.fullmatch(r".*[（(]\s*([^（()）]+?)\s*[)）]", given)
    candidates = [given] + ([inner.group(1)] if inner else [])
    for name in candidates:
        for username, _display, active in everyone:
            if username == name:
                if not active and not f.past_accounts:
                    return "", (f"“{f.label}”的账号“{quoted(name, 32)}”已停用，不能再填写；"
                                "请从列表中选择本组在岗人员")
                return username, None
    bearers = [u for u, display, active in everyone
               if display == given and (active or f.past_accounts)]
    if len(bearers) == 1:
        return bearers[0], None
    if len(bearers) > 1:
        return "", (f"“{f.label}”：有 {len(bearers)} 个账号的姓名都是“{quoted(given, 32)}”，"
                    "请从列表中选择（姓名后括号内为账号）")
    return "", (f"“{f.label}”应为本组人员的账号，“{quoted(given, 32)}”不是本系统的账号，"
                "请从列表中选择")


#: A void's reason: one line (the register prints it in a cell).
_VOID_REASON = Field("reason", "作废原因", FieldType.TEXT, max_length=200)
#: A step's note kept in no field of the entry (only its length is audited).
_NOTE_LIMIT = 200
_MIME = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}",
                   re.ASCII)


_TEXT_TYPES = (FieldType.TEXT, FieldType.LONGTEXT)


def _texts(f: Field, value: Any) -> list[tuple[str, str]]:
    """(label, text) of what a text field — or a table's text columns — will print."""
    if f.type in _TEXT_TYPES:
        return [(f.label, value)] if isinstance(value, str) else []
    if f.type is FieldType.TABLE and isinstance(value, list):
        return [(f"{f.label}·{sub.label}", cell)
                for row in value if isinstance(row, dict)
                for sub in f.subfields
                if sub.type in _TEXT_TYPES and isinstance(cell := row.get(sub.name), str)]
    return []


def _fields_given(data: Any) -> Mapping[str, Any]:
    """``data`` if it is fields by name; refused otherwise (a list, a number …)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"values": "条目内容应为“字段名: 值”的对象"})
    return data


def _check_attachment_size(content: Any) -> None:
    if isinstance(content, (bytes, bytearray)) and len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": "附件不能超过 100 MB"})


def _readable(desc: LedgerDescription, state: dict[str, Any]) -> dict[str, Any]:
    """A stored revision with its values under the fields' current names."""
    return {**state, "values": values_from_state(desc, state)}
