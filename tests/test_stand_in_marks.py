"""Every step a B角 may take for his A角 says so on the entry (献县办法 第六十五条 组内实行
岗位职责AB角，避免工作脱节): while the 组长, the 印章保管员 and the 保密员 are away
(外出离岗登记), their B角 takes each of their steps on every ledger of the catalog, and the
step's own field records 代组长审批（B角，组长外出，献县办法 第六十五条）, so the list and
the register read 王明远（B角代组长审批）. The cases come from the descriptions: a ledger
added later whose step records its taker but not the mark fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from paizhu_desktop.core.errors import PermissionDenied
from paizhu_desktop.core.ledgers.columns import ledger_columns
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.workflow import (
    ABSENT,
    ACTOR,
    STAND_IN,
    Step,
    stand_in_act,
    stand_in_mark,
)
from paizhu_desktop.core.permissions import GRANTS, ROLE_LABELS, Role, allowed
from paizhu_desktop.core.printing.service import print_document
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from ledger_samples import sample_values, step_data

BACKUP, CUSTODIAN, OFFICER, COLLEAGUE = "wangmy", "lihq", "zhaoy", "tongshi"
NAMES = {LEADER: "张正直", BACKUP: "王明远", CUSTODIAN: "李慧琴", OFFICER: "赵玥",
         COLLEAGUE: "同事"}
_serial = itertools.count(1)

#: Steps a 工作人员 may not take, recording who took them: each is open to the B角 of
#: the person who may, while that person is away — but for the 职责分工 itself, which
#: the 组长 alone decides (第六十四条).
CASES = [pytest.param(d.id, st.action, id=f"{d.id}-{st.action}")
         for d in CATALOG.ledgers() if d.workflow is not None
         and d.workflow.designates is None for st in d.workflow.steps
         if ACTOR in st.record.values() and not allowed({Role.MEMBER}, st.permission)]


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, UserSession]]:
    """王明远 (a 工作人员) is the B角, with approvals, of the 组长, the 印章保管员 and the
    保密员, all three away now; 同事 files the entries."""
    path: Path = tmp_path_factory.mktemp("代行") / "组.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                                   display_name=NAMES[LEADER],
                                   group_name="示例县纪委监委派驻第一纪检监察组")
    for name, roles in ((BACKUP, [Role.MEMBER]), (CUSTODIAN, [Role.MEMBER, Role.SEAL_CUSTODIAN]),
                        (OFFICER, [Role.MEMBER, Role.SECRECY_OFFICER]),
                        (COLLEAGUE, [Role.MEMBER])):
        add_account(leader, name, roles, display_name=NAMES[name])
    out = {LEADER: leader, **{n: UserSession.open(path, n, PASSWORD, kdf=CHEAP_KDF)
                              for n in (CUSTODIAN, OFFICER, COLLEAGUE, BACKUP)}}
    now = dt.datetime.now()
    trip = {"kind": "study", "reason": "赴市纪委监委参加派驻机构业务培训", "destination": "沧州市",
            "leaves_county": True, "contact": "13800000000", "handover": "由B角王明远代行",
            "leaves_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "returns_at": (now + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")}
    for person, post in ((LEADER, "组长"), (CUSTODIAN, "印章管理岗"), (OFFICER, "保密管理岗")):
        designation = leader.ledgers.add("post_assignment", {
            "post": post, "responsibilities": f"{post}职责（第六十四条）", "primary": person,
            "backup": BACKUP, "approvals": True, "decided_on": now.date().isoformat(),
            "effective_from": now.date().isoformat()}).id
        leader.ledgers.step("post_assignment", designation, "confirm", note="经组务会研究决定")
        absence = out[person].ledgers.add("absence", trip).id
        if person == LEADER:
            leader.ledgers.step("absence", absence, "file_own",
                                data={"reported_to": "已书面报告县纪委监委分管领导"})
        else:
            leader.ledgers.step("absence", absence, "approve", note="同意")
    yield out
    for s in out.values():
        s.close()


def _path(desc: LedgerDescription, target: str) -> list[Step]:
    """The shortest run of steps from a new entry to ``target``."""
    wf = desc.workflow
    assert wf is not None
    seen: dict[str, list[Step]] = {wf.initial: []}
    queue = deque([wf.initial])
    while queue:
        state = queue.popleft()
        for st in wf.steps_from(state):
            if st.target not in seen:
                seen[st.target] = [*seen[state], st]
                queue.append(st.target)
    return seen[target]


def _by_a_role(team: dict[str, UserSession], entry: Entry, st: Step) -> Entry:
    """``st`` taken by whoever may take it himself (not the B角)."""
    taker = next(s for name, s in team.items() if name != BACKUP
                 and st.action in [a.action for a in s.ledgers.available_steps(entry)])
    return taker.ledgers.step(entry.ledger.id, entry.id, st.action, note="按规定办理",
                              data=step_data(entry.ledger, st))


def _brought_to(team: dict[str, UserSession], desc: LedgerDescription, state: str) -> Entry:
    """A colleague's new entry moved to ``state`` by the A角 themselves."""
    entry = team[COLLEAGUE].ledgers.add(desc.id, sample_values(desc, next(_serial)))
    for st in _path(desc, state):
        entry = _by_a_role(team, entry, st)
    return entry


@pytest.mark.parametrize("ledger_id,action", CASES)
def test_the_b_role_standing_in_leaves_his_mark_on_the_entry_article_65(
        team: dict[str, UserSession], ledger_id: str, action: str) -> None:
    """第六十五条: the step taken by the B角 while the A角 is away records the B角 as its
    taker and, in the step's own field, 代某某审批（B角，某某外出，献县办法 第六十五条）
    (办理 for a step that is no approval); the list names him 王明远（B角代某某审批）; a
    later step's own mark leaves it alone."""
    desc = CATALOG.ledger(ledger_id)
    assert desc.workflow is not None
    step = desc.workflow.step(action)
    marks = [name for name, what in step.record.items() if what == STAND_IN]
    assert len(marks) == 1, f"{ledger_id}.{action} records no B角 mark (第六十五条)"
    actor = next(name for name, what in step.record.items() if what == ACTOR)
    post = next(ROLE_LABELS[r] for r in Role if r in GRANTS[step.permission])
    entry = _brought_to(team, desc, step.sources[0])
    done = team[BACKUP].ledgers.step(ledger_id, entry.id, action, note="按规定办理",
                                     data=step_data(desc, step))
    act = stand_in_act(step)  # 审批, or 办理 for the custodian's 核对 and the like
    mark = stand_in_mark(post, ABSENT, act)
    assert (done.values[actor], done.values[marks[0]]) == (BACKUP, mark)
    cells = {c.key: c.text(done, NAMES) for c in ledger_columns(desc)}
    if actor in cells:
        assert cells[actor] == f"王明远（B角代{post}{act}）"
    # A next step with a mark of its own (审核, then 批准), taken by the A角 himself,
    # leaves this one where it is.
    later = next((st for st in desc.workflow.steps_from(done.status)
                  if STAND_IN in st.record.values() and marks[0] not in st.record), None)
    if later is not None:
        assert _by_a_role(team, done, later).values[marks[0]] == mark


def test_a_safety_plan_approved_by_the_b_role_says_so_on_paper_articles_25_65(
        team: dict[str, UserSession]) -> None:
    """第二十五条 谈话安全预案 approved while the 组长 is away (第六十五条): the paper
    names who approved it in his stead."""
    desc = CATALOG.ledger("talk_safety_plan")
    plan = team[COLLEAGUE].ledgers.add(desc.id, sample_values(desc, next(_serial))).id
    team[BACKUP].ledgers.step(desc.id, plan, "approve", note="同意，注意全程安全")
    job = print_document(team[COLLEAGUE], desc.id, "谈话安全预案", entry_id=plan)
    text = "".join("".join((p.extract_text() or "").split())
                   for p in PdfReader(io.BytesIO(job.pdf)).pages)
    assert "王明远代组长审批（B角，组长外出，献县办法第六十五条）" in text


def test_the_steps_taken_as_b_role_verify_article_65(team: dict[str, UserSession]) -> None:
    """第六十五条: what the B角 took (on this worker's share of the cases) replays."""
    report = team[LEADER].verify()
    assert report.ok, report.problems


def test_the_b_role_never_decides_who_stands_in_for_whom_articles_64_66(
        team: dict[str, UserSession]) -> None:
    """第六十四条, 第六十六条: while the 组长 is away his B角 may take his approvals, but
    not confirm or end a 职责分工 — he would be widening his own authority."""
    backup = team[BACKUP]
    draft = backup.ledgers.add("post_assignment", {
        "post": "文书管理岗", "responsibilities": "收发文登记（第五十一条）", "primary": OFFICER,
        "backup": BACKUP, "approvals": True, "decided_on": dt.date.today().isoformat(),
        "effective_from": dt.date.today().isoformat()})
    assert "confirm" not in [s.action for s in backup.ledgers.available_steps(draft)]
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("post_assignment", draft.id, "confirm", note="同意")
