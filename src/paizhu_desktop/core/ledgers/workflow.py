"""Approval flows declared with a ledger (seal use, chronicle 审定, action items).

A :class:`Workflow` names the states an entry passes through and the steps
that move it on. Each step says who may take it (a permission), from which
states, what it records on the entry (who and when, a note, the fields the
step asks for) and which audit action it leaves. The ledger service runs
every step the same way, so an approval is checked in the core and audited
like any other change (DOMAIN §3 "Approval").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.ledgers.fields import Choice
from paizhu_desktop.core.ledgers.rules import Effect, EntryView, Guard
from paizhu_desktop.core.permissions import Permission

#: Values of ``Step.record``: what is written into the named hidden field.
ACTOR = "actor"  # the acting user's account
NOW = "now"  # the time of the step, minutes
NOTE = "note"  # the note typed with the step


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
        record: hidden field → ACTOR / NOW / NOTE, written by the step.
        asks: fields the person taking the step fills in (e.g. return time).
        note_required: the step needs a written note (a rejection's reason).
        guard: the step's own rule (e.g. not one's own request).
        effect: values computed in the step's transaction.
        writes: the fields ``effect`` fills (declared, so the description knows every
            field a step records).
        clears: hidden fields emptied by the step (the earlier values stay in history).
        task: the step is somebody's pending work (listed in 待办); False for
            corrections that are possible but not expected (撤回、退回重办).
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
    effect: Effect | None = None
    writes: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    task: bool = True


@dataclass(frozen=True)
class Workflow:
    """The states and steps of a ledger's entries.

    ``editable`` lists the states in which the entry's content may still be
    edited; after that only steps change it (an approved request cannot be
    rewritten behind its approval).
    """

    initial: str
    states: tuple[Choice, ...]
    steps: tuple[Step, ...]
    editable: tuple[str, ...]
    finished: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = {s.value for s in self.states}
        for step in self.steps:
            if step.target not in known or not set(step.sources) <= known:
                raise ValueError(f"workflow step {step.action}: unknown state")
        if self.initial not in known:
            raise ValueError("workflow: unknown initial state")

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


def not_own_request(requester_field: str, article: str) -> Guard:
    """A request cannot be approved by its own requester (e.g. 献县办法 第六十条)."""

    def guard(entry: EntryView, username: str) -> str | None:
        if entry.values.get(requester_field) == username:
            return f"不能审批本人提出的申请（{article}），请由其他有审批权限的人员审批。"
        return None

    return guard


def leader_decision(requester_field: str, article: str) -> tuple[Step, Step]:
    """批准 / 不批准 of a request by the group leader, never by its requester.

    Both record who decided, when, and the opinion (a refusal must give its reason).
    """
    record = {"approver": ACTOR, "approved_at": NOW, "approval_note": NOTE}
    guard = not_own_request(requester_field, article)
    return (
        Step("approve", "批准", ("requested",), "approved", Permission.APPROVE, Action.APPROVE,
             record=record, guard=guard),
        Step("reject", "不批准", ("requested",), "rejected", Permission.APPROVE, Action.REJECT,
             note_required=True, note_label="不批准的理由", record=record, guard=guard),
    )
