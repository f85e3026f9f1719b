"""The B角 stands in while the A角 is away (献县办法 第六十五条 组内实行岗位职责AB角，避免
工作脱节): an absence (出差、休假、学习培训…) is recorded in the 外出离岗登记 — the 组长's own
by himself (第三十九条（九）), a member's approved by the 组长 — and while it lasts every
step the A角 would take is open to the B角 the 职责分工 in force names with "B角代行审批".
The step records it (代组长审批（B角，组长外出，献县办法 第六十五条）), the B角 sees it in his
待办, and ``verify`` accepts such a step only when an absence covering that moment was
signed earlier in the chain: an absence recorded afterwards covers nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.errors import PermissionDenied, RuleError
from paizhu_desktop.core.ledgers.columns import ledger_columns
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from test_stand_in import SEAL, _approve_by_hand, designate
from test_tamper import Attacker, found, problems

AWAY_MARK = "代组长审批（B角，组长外出，献县办法 第六十五条）"
TRIP = {"kind": "study", "reason": "赴市纪委监委参加派驻机构业务培训", "destination": "沧州市",
        "leaves_county": True, "leaves_at": "2026-03-02 08:00", "returns_at": "2026-03-06 18:00",
        "contact": "13800000000", "handover": "用印审批、收文阅批由B角王明远代行"}


def _on(s: UserSession, moment: str) -> None:
    s.ledgers.clock = lambda: dt.datetime.fromisoformat(moment)


def away(leader: UserSession, **extra: Any) -> str:
    """The 组长 records his own absence and reports it as filed with the county."""
    _on(leader, "2026-03-01 16:00")
    eid = leader.ledgers.add("absence", {**TRIP, **extra}).id
    leader.ledgers.step("absence", eid, "file_own",
                        data={"reported_to": "已书面报告县纪委监委分管领导并获同意"})
    return eid


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """组长 zhangzz; 副组长 wangmy, his B角 with approvals; 李慧琴 the seal custodian,
    whose B角 (with approvals) is wangmy too; a pending seal request of 李慧琴."""
    path = tmp_path_factory.mktemp("外出") / "组.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                                   display_name="张正直",
                                   group_name="示例县纪委监委派驻第一纪检监察组")
    add_account(leader, "wangmy", [Role.DEPUTY], display_name="王明远")
    add_account(leader, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    designate(leader, "wangmy")
    custodian_post = leader.ledgers.add("post_assignment", {
        "post": "印章管理岗", "responsibilities": "保管印章，核对用印（第六十条、第六十二条）",
        "primary": "lihq", "backup": "wangmy", "approvals": True,
        "decided_on": "2026-01-05", "effective_from": "2026-01-05"}).id
    leader.ledgers.step("post_assignment", custodian_post, "confirm", note="经组务会研究决定")
    leader.close()
    for name in ("wangmy", "lihq"):
        s = UserSession.open(path, name, PASSWORD, kdf=CHEAP_KDF)
        if name == "lihq":
            s.ledgers.add("seal_use", {**SEAL, "purpose": "报送县纪委监委"})
        s.close()
    return path


@pytest.fixture
def copy(group: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "组.db"
    for suffix in ("", "-wal", "-shm", ".keys"):
        src = group.with_name(group.name + suffix)
        if src.exists():
            shutil.copy(src, target.with_name(target.name + suffix))
    yield target


@pytest.fixture
def team(copy: Path) -> Iterator[dict[str, UserSession]]:
    out = {k: UserSession.open(copy, name, PASSWORD, kdf=CHEAP_KDF)
           for k, name in (("leader", LEADER), ("backup", "wangmy"), ("custodian", "lihq"))}
    yield out
    for s in out.values():
        s.close()


def test_while_the_leader_is_away_his_b_role_approves_article_65(
        team: dict[str, UserSession]) -> None:
    """第六十五条 避免工作脱节: the 组长 registers his own trip (visible to all); during it
    his B角 finds the member's seal request in his 待办, approves it, the step records
    代组长审批（B角，组长外出…）, the list reads 王明远（B角代组长审批）, and verify holds."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    seal = custodian.ledgers.list("seal_use")[0].id
    _on(backup, "2026-03-03 10:00")
    assert backup.ledgers.tasks() == []  # not away yet: the 组长 decides
    absence = away(leader)
    assert leader.ledgers.get("absence", absence).status == "approved"
    assert [(e.id, [s.action for s in steps]) for e, steps in backup.ledgers.tasks()
            if e.ledger.id == "seal_use"] == [(seal, ["approve", "reject"])]
    _on(custodian, "2026-03-03 10:00")
    assert custodian.ledgers.notices() == [
        "组长张正直（zhangzz）学习培训离岗（赴市纪委监委参加派驻机构业务培训，2026-03-02 08:00 至 "
        "2026-03-06 18:00），期间其审批和办理事项由B角王明远（wangmy）代行（献县办法 第六十五条）"]
    done = backup.ledgers.step("seal_use", seal, "approve", note="同意")
    assert done.values["approver"] == "wangmy" and done.values["stand_in"] == AWAY_MARK
    cells = {c.key: c.text(done, {"wangmy": "王明远"}) for c in ledger_columns(done.ledger)}
    assert cells["approver"] == "王明远（B角代组长审批）"
    _revs, audits = backup.ledgers.history("seal_use", seal)
    said = audits[-1].detail["stand_in"]
    assert said["reason"] == "absent" and said["absence"] == {"ledger": "absence", "id": absence}
    assert said["at"] == "2026-03-03T10:00"
    assert leader.verify().ok, leader.verify().problems


def test_outside_the_absence_the_b_role_cannot_article_65(
        team: dict[str, UserSession]) -> None:
    """Before the trip, after the recorded return, and while the absence is only
    registered (not yet reported), the 组长 decides himself."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    seal = custodian.ledgers.list("seal_use")[0].id
    _on(leader, "2026-03-01 16:00")
    pending = leader.ledgers.add("absence", TRIP).id
    _on(backup, "2026-03-03 10:00")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", seal, "approve")
    # The 组长's own absence is reported by him, never granted by his B角 (第六十六条).
    _on(backup, "2026-03-01 16:30")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("absence", pending, "approve", note="同意")
    _on(backup, "2026-03-03 10:00")
    leader.ledgers.step("absence", pending, "file_own", data={"reported_to": "已报告县纪委监委"})
    _on(backup, "2026-03-02 07:59")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", seal, "approve")
    _on(leader, "2026-03-04 20:00")
    leader.ledgers.step("absence", pending, "return", data={"returned_at": "2026-03-04 19:30"})
    _on(backup, "2026-03-05 09:00")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", seal, "approve")
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("absence", pending, "登记错误")


def test_a_members_absence_is_approved_by_the_leader_and_her_b_role_checks_seals_article_65(
        team: dict[str, UserSession]) -> None:
    """The custodian cannot approve her own absence; the 组长 does. While she is away,
    her B角 checks a seal use (第六十条 经保管人员核对) as 代印章保管员."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    seal = custodian.ledgers.list("seal_use")[0].id
    _on(leader, "2026-03-02 09:00")
    leader.ledgers.step("seal_use", seal, "approve", note="同意")
    _on(custodian, "2026-03-02 09:00")
    leave = custodian.ledgers.add("absence", {
        **TRIP, "kind": "leave", "reason": "年休假", "leaves_county": False}).id
    with pytest.raises(PermissionDenied):
        custodian.ledgers.step("absence", leave, "approve", note="同意")
    entry = leader.ledgers.get("absence", leave)
    assert "只能由离岗的组长本人办理" in (leader.ledgers.refusal(entry, leave_step("file_own"))
                                   or "")
    leader.ledgers.step("absence", leave, "approve", note="同意")
    _on(backup, "2026-03-03 11:00")
    checked = backup.ledgers.step("seal_use", seal, "verify", note="与审批内容一致")
    assert checked.status == "verified" and checked.values["custodian"] == "wangmy"
    _revs, audits = backup.ledgers.history("seal_use", seal)
    assert audits[-1].detail["stand_in"]["for"] == "lihq"
    assert leader.verify().ok


def leave_step(action: str) -> Any:
    from paizhu_desktop.core.regulations.catalog import CATALOG

    return CATALOG.ledger("absence").workflow.step(action)


# -- the signed chain: an absence covers only the steps after it ----------------------

def _stand_in(attacker: Attacker, absence: str, at: str = "2026-03-03T10:00") -> dict[str, Any]:
    designation = attacker.rows("SELECT id FROM ledger_post_assignment WHERE "
                                "f_primary=?", LEADER)[0]["id"]
    return {"for": LEADER, "ledger": "post_assignment", "designation": designation,
            "on": at[:10], "reason": "absent", "absence": {"ledger": "absence", "id": absence},
            "at": at}


def test_a_b_role_step_with_no_absence_is_named(copy: Path) -> None:
    """第六十五条: wangmy's signed 批准 claims the 组长 was away; no absence says so."""
    attacker = Attacker(copy, "wangmy")
    _approve_by_hand(attacker, "wangmy", _stand_in(attacker, "没有的离岗"), requester="lihq")
    attacker.close()
    found(copy, "此前没有登记覆盖该时间的外出离岗")


def test_an_absence_recorded_after_the_step_does_not_cover_it(copy: Path) -> None:
    """The B角 approves first; the 组长 then records a trip dated back over that moment,
    under the very id the step named: verify still names the step."""
    attacker = Attacker(copy, "wangmy")
    _approve_by_hand(attacker, "wangmy", _stand_in(attacker, "补登的离岗"), requester="lihq")
    attacker.close()
    leader = UserSession.open(copy, LEADER, PASSWORD, kdf=CHEAP_KDF)
    try:
        _on(leader, "2026-03-04 09:00")
        leader.ledgers.add("absence", TRIP, entry_id="补登的离岗")
        leader.ledgers.step("absence", "补登的离岗", "file_own", data={"reported_to": "补登"})
    finally:
        leader.close()
    found(copy, "此前没有登记覆盖该时间的外出离岗")


def test_an_absence_not_covering_the_moment_is_named(team: dict[str, UserSession],
                                                    copy: Path) -> None:
    leader = team["leader"]
    absence = away(leader)
    attacker = Attacker(copy, "wangmy")
    _approve_by_hand(attacker, "wangmy", _stand_in(attacker, absence, "2026-03-07T10:00"),
                     requester="lihq")
    attacker.close()
    assert any("此前没有登记覆盖该时间的外出离岗" in p for p in problems(copy))


def test_the_b_role_reads_incoming_documents_while_the_leader_is_away_article_51_65(
        team: dict[str, UserSession]) -> None:
    """第五十一条 呈报组长阅批: while the 组长 is away his B角 阅批 and names the 承办人;
    the 收文 records 代组长审批（B角，组长外出…）, its list reads 王明远（B角代组长审批）."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    away(leader)
    doc = custodian.ledgers.add("incoming_document", {
        "received_on": "2026-03-03", "category": "county", "issuer": "示例县纪委监委",
        "doc_number": "示纪发〔2026〕15号", "title": "关于报送一季度监督工作情况的通知",
        "proposal": "拟请组长阅示。"}).id
    _on(backup, "2026-03-04 09:00")
    read = backup.ledgers.step("incoming_document", doc, "review", note="请李慧琴同志办理",
                               data={"handler": "李慧琴", "deadline": "2026-03-20"})
    assert (read.values["reviewer"], read.values["handler"]) == ("wangmy", "lihq")
    assert read.values["stand_in"] == AWAY_MARK
    cells = {c.key: c.text(read, {"wangmy": "王明远"}) for c in ledger_columns(read.ledger)}
    assert cells["reviewer"] == "王明远（B角代组长审批）"
    assert leader.verify().ok


def test_the_b_role_standing_in_never_approves_his_own_request_article_60_65(
        team: dict[str, UserSession]) -> None:
    """第六十条 不能审批本人的申请: while the 组长 is away his B角 approves the others'
    requests, never his own seal request — and is told why, not "没有此权限"."""
    leader, backup = team["leader"], team["backup"]
    away(leader)
    _on(backup, "2026-03-03 10:00")
    own = backup.ledgers.add("seal_use", {**SEAL, "purpose": "报送本人述职材料"}).id
    told = "您虽是B角，但不能审批本人提出的申请（用印须经组长批准，第六十条）"
    with pytest.raises(PermissionDenied, match=told):
        backup.ledgers.step("seal_use", own, "approve", note="同意")
    entry = backup.ledgers.get("seal_use", own)
    assert (backup.ledgers.refusal(entry, entry.ledger.workflow.step("approve")) or ""
            ).startswith(told)
    assert own not in [e.id for e, _steps in backup.ledgers.tasks()]


def test_the_b_role_who_approved_a_seal_use_never_checks_it_article_60_66(
        team: dict[str, UserSession]) -> None:
    """第六十条 经保管人员核对无误后方可用印; 第六十六条 相互监督、相互制约: while the 组长
    is away, wangmy (his B角) approves the custodian's own seal request; wangmy is her B角
    too, but the one who approved does not also check it — the 组长 back, or another
    custodian, does."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    seal = custodian.ledgers.list("seal_use")[0].id
    away(leader)
    _on(backup, "2026-03-03 10:00")
    assert backup.ledgers.step("seal_use", seal, "approve", note="同意").values[
        "approver"] == "wangmy"
    for action in ("verify", "send_back"):
        with pytest.raises(RuleError, match="批准用印的人不能再核对"):
            backup.ledgers.step("seal_use", seal, action, note="与审批内容一致")
    assert seal not in [e.id for e, _steps in backup.ledgers.tasks()]


def test_the_leader_approves_an_absence_he_registered_for_a_sick_colleague_article_66(
        team: dict[str, UserSession]) -> None:
    """第六十六条: nobody approves his own absence — but the 组长 who registered a sick
    member's absence (代为登记) is no party to it and approves it; the member himself
    may not; verify holds. A seal request entered for someone stays barred to both
    (第六十条)."""
    leader, custodian = team["leader"], team["custodian"]
    _on(leader, "2026-04-01 09:00")
    sick = leader.ledgers.add("absence", {
        **TRIP, "kind": "sick", "reason": "因病住院治疗", "destination": "县人民医院",
        "leaves_county": False, "on_behalf_of": "lihq",
        "leaves_at": "2026-04-01 08:00", "returns_at": "2026-04-10 18:00"})
    assert "approve" in [s.action for s in leader.ledgers.available_steps(sick)]
    done = leader.ledgers.step("absence", sick.id, "approve", note="同意，安心养病")
    assert done.status == "approved" and done.values["approver"] == LEADER
    assert leader.verify().ok
    wf = leader.db.catalog.ledger("seal_use").workflow
    assert wf is not None and not wf.registrar_may_decide
    assert wf.askers({"requester": LEADER, "on_behalf_of": "lihq"}) == {LEADER, "lihq"}
    assert custodian.ledgers.get("absence", sick.id).values["on_behalf_of"] == "lihq"
