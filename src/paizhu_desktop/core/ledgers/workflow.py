"""Approval flows declared with a ledger (seal use, chronicle 审定, action items).

A :class:`Workflow` names the states an entry passes through and the steps
that move it on. Each step says who may take it (a permission), from which
states, what it records on the entry (who and when, a note, the fields the
step asks for) and which audit action it leaves. The ledger service runs
every step the same way, so an approval is checked in the core and audited
like any other change (DOMAIN §3 "Approval").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.fields import Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import Effect, Guard
from paizhu_desktop.core.permissions import Permission

#: Values of ``Step.record``: what is written into the named hidden field.
ACTOR = "actor"  # the acting user's account
NOW = "now"  # the time of the step, minutes
NOTE = "note"  # the note typed with the step
#: The stand-in's mark, written when the step is taken by the B角 of the person who
#: would take it (献县办法 第六十五条 岗位职责AB角), and emptied otherwise.
STAND_IN = "stand_in"

#: Where the stand-in rests: 组内实行岗位职责AB角，避免工作脱节.
STAND_IN_ARTICLE = "献县办法 第六十五条"


#: Why a B角 stands in: the A角 is the requester, or the A角 is away (离岗登记).
OWN_REQUEST, ABSENT = "own_request", "absent"


def stand_in_mark(post: str, reason: str = OWN_REQUEST, act: str = "审批") -> str:
    """What a step taken as B角 records: 代组长审批（B角，献县办法 第六十五条）, or
    代组长审批（B角，组长外出，献县办法 第六十五条） while the A角 is away; ``act`` is
    办理 for a step that is no approval (代印章保管员办理: the custodian's 核对)."""
    away = f"{post}外出，" if reason == ABSENT else ""
    return f"代{post}{act}（B角，{away}{STAND_IN_ARTICLE}）"


def stand_in_act(step: Step) -> str:
    """How a B角's mark names ``step``: 审批 (批准、审定、签发、阅批 …, the 组长's approval
    permission), else 办理 (the custodian's 核对, the 保密员's 登记销毁)."""
    return "审批" if step.permission is Permission.APPROVE else "办理"


def stand_in_field(name: str = STAND_IN, label: str = "代行审批", *, since: int) -> Field:
    """The hidden text field in which a step records :data:`STAND_IN`: the B角's mark
    when he took the step for his A角, empty otherwise (献县办法 第六十五条).

    The list, the register and the CLI show the person the same step records as
    王明远（B角代组长审批）. A ledger whose steps record different people (审核, then
    批准) gives each step its own field: each mark follows the person it qualifies, so
    a later step, or the same step taken again, never leaves a stale mark beside
    someone else. ``since``: the description version that added the field.
    """
    return Field(name, label, FieldType.TEXT, hidden=True, since=since)


def taken_by(actor: str, at: str = "", note: str = "", *,
             stand_in: str = STAND_IN) -> dict[str, str]:
    """A step's ``record``: who took it (``actor``), when (``at``), the note typed with
    it (``note``), and the field that says he took it as B角 (``stand_in``, a
    :func:`stand_in_field`; 献县办法 第六十五条). Empty names are left out:
    ``taken_by("approver", "approved_at", "approval_note")``."""
    return {name: what for name, what in ((actor, ACTOR), (at, NOW), (note, NOTE),
                                          (stand_in, STAND_IN)) if name}


@dataclass(frozen=True)
class Reclassifies:
    """What a step does to the entry its own entry reviews: a 降密/解密 review, once
    approved, changes that entry's 密级 and 保密期限 (献县办法 第五十五条).

    ``ledger_field`` and ``id_field`` name the reviewed entry; ``decide`` reads the
    review's values and returns the reviewed entry's new (密级, 保密期限), or None when
    the review keeps them. The service writes the change in the step's transaction,
    as an :data:`Action.RECLASSIFY` version of the reviewed entry naming the review
    and its version; ``verify`` accepts a lowered 密级 or a shortened 保密期限 only so.

    ``found`` reads the 密级 and 保密期限 the review found the entry at (原密级): a
    review decides on those, so it changes nothing once the entry has another marking
    (a second 延长 review approved after a first would shorten the term).
    """

    ledger_field: str
    id_field: str
    decide: Callable[[Mapping[str, Any]], tuple[Classification, str] | None]
    article: str
    found: Callable[[Mapping[str, Any]], tuple[Classification, str] | None] | None = None


@dataclass(frozen=True)
class Step:
    """One move of an entry from some states to another.

    Attributes:
        action: code name (CLI ``paizhu step … ACTION``, widget ``step_<action>``).
        label: the button's Chinese text.
        sources: states the step can be taken from.
        target: the state after the step.
        permission: what the acting user must hold.
        audit_action: the audit log's action code.
        record: hidden field → ACTOR / NOW / NOTE / STAND_IN, written by the step.
        asks: fields the person taking the step fills in (e.g. return time).
        note_required: the step needs a written note (a rejection's reason).
        guard: the step's own rule (e.g. only the requester withdraws).
        not_by_requester: the article that forbids the requester — and the person a
            request was entered for — to take this step (不能审批本人的申请, 第六十条);
            empty when the step has no such rule. Needs the workflow's ``requester``.
        effect: values computed in the step's transaction.
        writes: the fields ``effect`` fills (declared, so the description knows every
            field a step records).
        clears: hidden fields emptied by the step (the earlier values stay in history).
        task: the step is somebody's pending work (listed in 待办); False for
            corrections that are possible but not expected (撤回、退回重办).
        article: the article the step carries out (经保管人员核对无误, 第六十条), shown
            in 制度覆盖; ``not_by_requester`` cites its own.
        reclassifies: the step changes the 密级 of the entry this one reviews
            (:class:`Reclassifies`).
    """

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: Permission
    audit_action: str
    record: Mapping[str, str] = field(default_factory=dict)
    asks: tuple[str, ...] = ()
    note_required: bool = False
    note_label: str = "意见"
    guard: Guard | None = None
    not_by_requester: str = ""
    effect: Effect | None = None
    writes: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    task: bool = True
    article: str = ""
    reclassifies: Reclassifies | None = None


@dataclass(frozen=True)
class Workflow:
    """The states and steps of a ledger's entries.

    A new entry starts in ``initial``; every other state, and every field a step
    records, is reached only through the steps (:attr:`recorded_fields`).

    Attributes:
        editable: the states in which the entry's content may still be edited (and
            files attached); after that only steps change it (an approved request
            cannot be rewritten behind its approval).
        finished: states in which nothing more is expected.
        unvoidable: states out of which only a step leads: voiding the entry there is
            refused for everyone (a signed-off 汇总 would unlock its period, 第五十条;
            the 撤销审定 step is the way back).
        designates: the entries of this ledger name stand-ins (职责分工 AB角); see
            :class:`Designates`.
        absences: the entries of this ledger say who is away when (离岗登记); see
            :class:`Absences`.
        requester: the field naming the person who makes the request. The core fills
            it with the acting account on add and refuses any other value, and it
            never changes afterwards (第六十条: 用印人 is who asked, so that 批准人 can
            be someone else).
        on_behalf_of: an optional account field naming the person a request is
            entered for (代为登记); the requester stays the account that entered it,
            and steps with ``not_by_requester`` are refused to both.
        registrar_may_decide: where a request was entered for someone else, only that
            person counts as asking: the account that entered it may decide it (the
            组长 registering a sick member's absence approves it). Where it is False,
            as for a seal request (第六十条), the one who entered it may not.
    """

    initial: str
    states: tuple[Choice, ...]
    steps: tuple[Step, ...]
    editable: tuple[str, ...]
    finished: tuple[str, ...] = ()
    unvoidable: tuple[str, ...] = ()
    requester: str = ""
    on_behalf_of: str = ""
    designates: Designates | None = None
    absences: Absences | None = None
    registrar_may_decide: bool = False

    def __post_init__(self) -> None:
        known = {s.value for s in self.states}
        for step in self.steps:
            if step.target not in known or not set(step.sources) <= known:
                raise ValueError(f"workflow step {step.action}: unknown state")
            if step.not_by_requester and not self.requester:
                raise ValueError(f"workflow step {step.action}: no requester declared")
        if self.initial not in known:
            raise ValueError("workflow: unknown initial state")
        if not {*self.editable, *self.finished, *self.unvoidable} <= known:
            raise ValueError("workflow: unknown state in editable/finished/unvoidable")
        if self.on_behalf_of and not self.requester:
            raise ValueError("workflow: on_behalf_of without a requester")
        if self.requester and self.requester in self.recorded_fields:
            raise ValueError("workflow: the requester is not recorded by a step")
        if self.designates is not None and not set(self.designates.in_force) <= known:
            raise ValueError("workflow: designates names an unknown state")
        if self.absences is not None and not set(self.absences.in_force) <= known:
            raise ValueError("workflow: absences names an unknown state")

    def label(self, state: str) -> str:
        for s in self.states:
            if s.value == state:
                return s.label
        return state

    def step(self, action: str) -> Step:
        for s in self.steps:
            if s.action == action:
                return s
        raise KeyError(action)

    def steps_from(self, state: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if state in s.sources)

    @property
    def recorded_fields(self) -> frozenset[str]:
        """Fields only steps write: who and when, notes, what a step asks or computes."""
        return frozenset(name for st in self.steps
                         for name in (*st.record, *st.asks, *st.writes, *st.clears))

    def recorded_by(self, name: str) -> tuple[Step, ...]:
        """The steps that write field ``name``."""
        return tuple(st for st in self.steps
                     if name in (*st.record, *st.asks, *st.writes, *st.clears))

    @property
    def requester_article(self) -> str:
        """The article the requester rule rests on (from the steps it guards)."""
        return next((st.not_by_requester for st in self.steps if st.not_by_requester), "")

    def askers(self, values: Mapping[str, Any]) -> set[str]:
        """The accounts whose own request an entry with ``values`` is: who entered it and
        whom it was entered for — only the latter where ``registrar_may_decide``."""
        behalf = str(values.get(self.on_behalf_of) or "") if self.on_behalf_of else ""
        if behalf and self.registrar_may_decide:
            return {behalf}
        entered = str(values.get(self.requester) or "") if self.requester else ""
        return {entered, behalf} - {""}

    def own_request_refusal(self, step: Step, values: Mapping[str, Any],
                            username: str) -> str | None:
        """Why ``username`` may not take ``step`` on a request with ``values``: it is
        their own, or it was entered for them (None: it is neither)."""
        if not step.not_by_requester or username not in self.askers(values):
            return None
        if self.requester and values.get(self.requester) == username:
            return (f"不能审批本人提出的申请（{step.not_by_requester}），"
                    "请由其他有审批权限的人员审批。")
        if self.on_behalf_of and values.get(self.on_behalf_of) == username:
            return (f"该申请是他人为您代为登记的，仍属本人申请，不能由您审批"
                    f"（{step.not_by_requester}），请由其他有审批权限的人员审批。")
        return None


@dataclass(frozen=True)
class Designates:
    """How the entries of a ledger name stand-ins: 岗位职责AB角 (献县办法 第六十五条).

    An entry in one of the ``in_force`` states (not voided) names, for the dates from
    ``start`` to ``end`` (or ``ended``, whichever is earlier; open when both are
    empty), the ``backup`` (B角) of the ``primary`` (A角). Where ``approvals`` is set,
    the B角 takes the steps the A角 may not take on a request of the A角's own (the
    组长's own seal request, 第六十条 不能审批本人的申请).

    Every version of such an entry carries this reading in its signed audit record
    (:meth:`snapshot`), so the audit replay knows who stood in for whom at every
    moment without reading the ledger tables; verify checks each reading against the
    content of the version it names.
    """

    primary: str
    backup: str
    start: str
    end: str
    approvals: str
    in_force: tuple[str, ...]
    ended: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(n for n in (self.primary, self.backup, self.start, self.end,
                                 self.approvals, self.ended) if n)

    def snapshot(self, values: Mapping[str, Any], status: str,
                 voided: bool) -> dict[str, Any]:
        """The designation a version of an entry makes, as its audit record carries it."""
        ends = [str(values[n]) for n in (self.end, self.ended) if n and values.get(n)]
        return {
            "primary": str(values.get(self.primary) or ""),
            "backup": str(values.get(self.backup) or ""),
            "start": str(values.get(self.start) or ""),
            "end": min(ends) if ends else "",
            "approvals": bool(values.get(self.approvals)),
            "in_force": status in self.in_force and not voided,
        }


def designation_covers(snapshot: Mapping[str, Any], day: str) -> bool:
    """Whether a designation (:meth:`Designates.snapshot`) is in force on ``day`` (ISO)."""
    start, end = str(snapshot.get("start") or ""), str(snapshot.get("end") or "")
    return (bool(snapshot.get("in_force")) and (not start or start <= day)
            and (not end or day <= end))


@dataclass(frozen=True)
class Absences:
    """How the entries of a ledger say who is away (出差、休假、学习培训…) and when, so
    that the B角 takes over the A角's steps meanwhile (献县办法 第六十五条 避免工作脱节).

    An entry in one of the ``in_force`` states (not voided) says that ``person`` (or,
    where the entry was filed for someone, ``on_behalf_of``) is away from ``start``
    to ``returned`` once recorded, else to the planned ``until`` (times to the
    minute). Like a designation, every version carries this reading in its signed
    audit record (:meth:`snapshot`): the audit replay knows who was away at each point
    of the chain, so an absence recorded after a step cannot cover it.
    """

    person: str
    start: str
    until: str
    in_force: tuple[str, ...]
    returned: str = ""
    on_behalf_of: str = ""
    kind: str = ""

    def snapshot(self, values: Mapping[str, Any], status: str,
                 voided: bool) -> dict[str, Any]:
        """The absence a version of an entry records, as its audit record carries it."""
        person = (values.get(self.on_behalf_of) if self.on_behalf_of else None) \
            or values.get(self.person)
        end = (values.get(self.returned) if self.returned else None) or values.get(self.until)
        return {
            "person": str(person or ""),
            "start": str(values.get(self.start) or ""),
            "end": str(end or ""),
            "in_force": status in self.in_force and not voided,
        }


def absence_covers(snapshot: Mapping[str, Any], moment: str) -> bool:
    """Whether an absence (:meth:`Absences.snapshot`) covers ``moment`` (ISO, minutes)."""
    start, end = str(snapshot.get("start") or ""), str(snapshot.get("end") or "")
    moment = moment.replace(" ", "T")[:16]
    return bool(snapshot.get("in_force")) and bool(start) and bool(end) \
        and start <= moment <= end


def leader_decision(article: str, stand_in_field: str = "") -> tuple[Step, Step]:
    """批准 / 不批准 of a request by the group leader, never by its requester nor by the
    person it was entered for (the workflow declares both fields).

    Both record who decided, when, and the opinion (a refusal must give its reason).
    Where the leader is the requester, the B角 named for him decides instead (献县办法
    第六十五条); ``stand_in_field`` (a hidden text field) records that it was so.
    """
    record = taken_by("approver", "approved_at", "approval_note", stand_in=stand_in_field)
    return (
        Step("approve", "批准", ("requested",), "approved", Permission.APPROVE, Action.APPROVE,
             record=record, not_by_requester=article),
        Step("reject", "不批准", ("requested",), "rejected", Permission.APPROVE, Action.REJECT,
             note_required=True, note_label="不批准的理由", record=record,
             not_by_requester=article),
    )
