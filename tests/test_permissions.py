"""Who may do what, generated from the descriptions and the grants (DOMAIN §2).

For every ledger with a workflow, every step and every business role — one
account per role — the step is taken for real on an entry brought to the step's
source state: it succeeds exactly when the role is granted the step's permission
(``GRANTS``), and is refused with PermissionDenied otherwise. A step's own rule
(不能审批本人的申请, 只有承办人本人可以登记办结 …) is met by trying the entry made by
the acting account and the one made by a colleague. Adding, editing and voiding
are checked the same way for every ledger and role.

The cases come from ``CATALOG``: a ledger, a step or a role added later is
covered without touching this file.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from typing import Any

import pytest

from paizhu_desktop.core.errors import PermissionDenied, RuleError
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.workflow import Step, Workflow
from paizhu_desktop.core.permissions import BUSINESS_ROLES, GRANTS, Permission, Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.xianxian.ch12_chronicle import CHRONICLE
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, PASSWORD, add_account
from ledger_samples import (
    OTHER_PERSON,
    edited_value,
    month_of,
    sample_values,
    step_data,
    variants,
)

ROLES = sorted(BUSINESS_ROLES, key=lambda r: r.value)
#: The colleague who files entries the account under test did not make.
COLLEAGUE = "tongshi"
_serial = itertools.count()


def _account(role: Role) -> str:
    return f"acct_{role.value}"


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, UserSession]]:
    """One logged-in account per business role, and a colleague (工作人员)."""
    path = tmp_path_factory.mktemp("权限") / "paizhu.db"
    leader, _ = UserSession.create(path, _account(Role.LEADER), PASSWORD, admins=ADMINS,
                                   group_name="示例县纪委监委派驻第一纪检监察组", kdf=CHEAP_KDF)
    for role in ROLES:
        if role is not Role.LEADER:
            add_account(leader, _account(role), [role])
    add_account(leader, COLLEAGUE, [Role.MEMBER], display_name="同事")
    add_account(leader, OTHER_PERSON, [Role.MEMBER], display_name="王明远")
    leader.close()
    out = {name: UserSession.open(path, name, PASSWORD)
           for name in [*(_account(r) for r in ROLES), COLLEAGUE]}
    yield out
    for s in out.values():
        s.close()


def _path(wf: Workflow, target: str) -> list[Step] | None:
    """The shortest run of steps from the initial state to ``target``."""
    seen: dict[str, list[Step]] = {wf.initial: []}
    queue = deque([wf.initial])
    while queue:
        state = queue.popleft()
        if state == target:
            return seen[state]
        for st in wf.steps_from(state):
            if st.target not in seen:
                seen[st.target] = [*seen[state], st]
                queue.append(st.target)
    return None


def _bring_to(team: dict[str, UserSession], desc: LedgerDescription, state: str,
              creator: UserSession, variant: dict[str, Any] | None = None) -> Entry | None:
    """A new entry of ``creator``'s, moved to ``state`` by whoever may take each step;
    None when no one can (the leader's own request is approved by no one)."""
    assert desc.workflow is not None
    path = _path(desc.workflow, state)
    assert path is not None, f"{desc.id}: {state} cannot be reached"
    entry = creator.ledgers.add(desc.id, sample_values(desc, next(_serial), variant))
    for st in path:
        actor = next((s for s in team.values()
                      if st.action in [a.action for a in s.ledgers.available_steps(entry)]),
                     None)
        if actor is None:
            return None
        entry = actor.ledgers.step(desc.id, entry.id, st.action, note="按规定办理",
                                   data=step_data(desc, st))
    return entry


STEP_CASES = [pytest.param(desc.id, st.action, role, id=f"{desc.id}-{st.action}-{role.value}")
              for desc in CATALOG.ledgers() if desc.workflow is not None
              for st in desc.workflow.steps for role in ROLES]


@pytest.mark.parametrize("ledger_id,action,role", STEP_CASES)
def test_a_step_is_taken_exactly_by_the_roles_granted_its_permission(
        team: dict[str, UserSession], ledger_id: str, action: str, role: Role) -> None:
    desc = CATALOG.ledger(ledger_id)
    assert desc.workflow is not None
    step = desc.workflow.step(action)
    me = team[_account(role)]
    granted = role in GRANTS[step.permission]
    outcomes: list[str] = []
    # Each creator, each source state, each content the step's own rule may read.
    tries = [(creator, source, variant) for creator in (me, team[COLLEAGUE])
             for variant in variants(desc) for source in step.sources]
    for creator, source, variant in tries:
        entry = _bring_to(team, desc, source, creator, variant)
        if entry is None:
            continue
        try:
            done = me.ledgers.step(ledger_id, entry.id, action, note="按规定办理",
                                   data=step_data(desc, step))
        except PermissionDenied:
            outcomes.append("denied")
        except RuleError:  # the step's own rule (not one's own request, another content …)
            outcomes.append("refused")
        else:
            assert done.status == step.target
            assert done.updated_by == me.user.username
            outcomes.append("taken")
        if "taken" in outcomes or (outcomes and not granted):
            break
    assert outcomes, "no entry could be brought to the step"
    if granted:
        assert "denied" not in outcomes and "taken" in outcomes, outcomes
    else:
        assert set(outcomes) == {"denied"}, outcomes


LEDGER_CASES = [pytest.param(desc.id, role, id=f"{desc.id}-{role.value}")
                for desc in CATALOG.ledgers() for role in ROLES]


@pytest.mark.parametrize("ledger_id,role", LEDGER_CASES)
def test_add_is_allowed_exactly_with_write_permission(
        team: dict[str, UserSession], ledger_id: str, role: Role) -> None:
    desc = CATALOG.ledger(ledger_id)
    me = team[_account(role)]
    if role in GRANTS[Permission.WRITE_LEDGERS]:
        entry = me.ledgers.add(ledger_id, sample_values(desc, next(_serial)))
        assert entry.created_by == me.user.username
        if desc.workflow is not None:
            assert entry.status == desc.workflow.initial
    else:
        with pytest.raises(PermissionDenied):
            me.ledgers.add(ledger_id, sample_values(desc, next(_serial)))


@pytest.mark.parametrize("ledger_id,role", LEDGER_CASES)
def test_edit_is_allowed_exactly_with_write_permission(
        team: dict[str, UserSession], ledger_id: str, role: Role) -> None:
    desc = CATALOG.ledger(ledger_id)
    me = team[_account(role)]
    entry = team[COLLEAGUE].ledgers.add(ledger_id, sample_values(desc, next(_serial)))
    name, value = edited_value(desc)
    if role in GRANTS[Permission.WRITE_LEDGERS]:
        edited = me.ledgers.edit(ledger_id, entry.id, {name: value})
        assert edited.values[name] == value and edited.version == 2
    else:
        with pytest.raises(PermissionDenied):
            me.ledgers.edit(ledger_id, entry.id, {name: value})


@pytest.mark.parametrize("ledger_id,role", LEDGER_CASES)
def test_void_is_allowed_exactly_with_void_permission(
        team: dict[str, UserSession], ledger_id: str, role: Role) -> None:
    desc = CATALOG.ledger(ledger_id)
    me = team[_account(role)]
    entry = team[COLLEAGUE].ledgers.add(ledger_id, sample_values(desc, next(_serial)))
    if role in GRANTS[Permission.VOID_ENTRIES]:
        assert me.ledgers.void(ledger_id, entry.id, "登记重复，予以作废").voided
    else:
        with pytest.raises(PermissionDenied):
            me.ledgers.void(ledger_id, entry.id, "登记重复，予以作废")
        assert not me.ledgers.get(ledger_id, entry.id).voided


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_a_correction_into_a_signed_off_period_by_the_granted_roles_articles_48_50(
        team: dict[str, UserSession], role: Role) -> None:
    """第五十条 经组长审定; 第四十八条 指定专人负责记载: a correction into a signed-off
    period is entered only by the roles granted CORRECT_SIGNED_OFF."""
    year, month = month_of(next(_serial))
    day = f"{year}-{month:02d}-10"
    leader = team[_account(Role.LEADER)]
    colleague = team[COLLEAGUE]
    original = colleague.ledgers.add(CHRONICLE.id, {
        "date_start": day, "category": "2", "content": "开展专项监督检查"})
    review = colleague.ledgers.add("chronicle_review", {
        "kind": "month", "year": year, "period": month, "summary": "本月共记载大事一件。"})
    colleague.ledgers.step("chronicle_review", review.id, "submit")
    leader.ledgers.step("chronicle_review", review.id, "sign_off", note="同意")
    _target, values = leader.ledgers.derive(CHRONICLE.id, original.id, "correct")
    me = team[_account(role)]
    if role in GRANTS[Permission.CORRECT_SIGNED_OFF]:
        fixed = me.ledgers.add(CHRONICLE.id, values)
        assert fixed.values["corrects"] == original.id
    else:
        with pytest.raises(RuleError, match="第四十八条"):
            me.ledgers.add(CHRONICLE.id, values)


def test_the_cases_cover_every_workflow_step_and_business_role() -> None:
    steps = {(d.id, st.action) for d in CATALOG.ledgers() if d.workflow
             for st in d.workflow.steps}
    covered = {(p.values[0], p.values[1]) for p in STEP_CASES}
    assert covered == steps and len(STEP_CASES) == len(steps) * len(BUSINESS_ROLES)
    assert {p.values[2] for p in STEP_CASES} == set(BUSINESS_ROLES)

