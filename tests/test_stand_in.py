"""The B角 stands in where the approver is the requester: the 组长's own seal request
(献县办法 第六十条 用印须经组长批准, 不能审批本人的申请; 第六十二条 印章外带) is decided by
the B角 the 职责分工 in force names for him with "B角代行审批" (第六十五条 组内实行岗位
职责AB角，避免工作脱节; 第六十六条 严格审批程序). The step records that it was taken as
B角, on the entry and in its signed audit record, and ``verify`` replays the
designations: a B角 step holds exactly when the designation in force then allowed it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import PermissionDenied, RuleError
from paizhu_desktop.core.ledgers.columns import ledger_columns
from paizhu_desktop.core.ledgers.entry import row_state
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from test_tamper import Attacker, found, problems

MARK = "代组长审批（B角，献县办法 第六十五条）"
SEAL = {"requested_at": "2026-03-02 09:30", "document": "派驻组关于专项检查情况的报告",
        "purpose": "组长本人报送县纪委监委", "impressions": 1}
OUTING = {"planned_out": "2026-03-05 08:30", "planned_return": "2026-03-05 17:00",
          "destination": "示例县财政局", "reason": "在驻在部门现场送达监督意见书，需当场用印"}


@pytest.fixture
def team(session: UserSession, db_path: Path) -> Iterator[dict[str, UserSession]]:
    """组长, a 副组长 (the B角 to be), and a member who is the seal custodian."""
    add_account(session, "wangmy", [Role.DEPUTY], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    out = {"leader": session}
    for key, name in (("backup", "wangmy"), ("custodian", "lihq")):
        out[key] = UserSession.open(db_path, name, PASSWORD, kdf=CHEAP_KDF)
    yield out
    for key, s in out.items():
        if key != "leader":
            s.close()


def designate(leader: UserSession, backup: str = "wangmy", *, approvals: bool = True,
              confirm: bool = True, **extra: Any) -> str:
    """The 组长 post's AB角: A角 the leader, B角 ``backup``; confirmed by the leader."""
    entry = leader.ledgers.add("post_assignment", {
        "post": "组长", "responsibilities": "负责全面工作，审批用印和印章外带（第六十四条）",
        "primary": LEADER, "backup": backup, "approvals": approvals,
        "decided_on": "2026-01-05", "effective_from": "2026-01-05", **extra})
    if confirm:
        leader.ledgers.step("post_assignment", entry.id, "confirm", note="经组务会研究决定")
    return entry.id


def _on(s: UserSession, day: str) -> None:
    s.ledgers.clock = lambda: dt.datetime.fromisoformat(f"{day}T10:00")


# -- through the core ----------------------------------------------------------------

def test_until_a_b_role_is_named_the_leaders_own_request_says_so_article_65(
        team: dict[str, UserSession]) -> None:
    """第六十条 forbids the leader, nobody else holds 批准: the request waits, and the
    leader's 待办 and the refusal say a B角 must be named (第六十五条)."""
    leader, backup = team["leader"], team["backup"]
    eid = leader.ledgers.add("seal_use", SEAL).id
    with pytest.raises(RuleError, match="请先在“职责分工”中指定B角"):
        leader.ledgers.step("seal_use", eid, "approve", note="同意")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve", note="同意")
    notices = leader.ledgers.notices()
    assert notices == ["本人的用印申请“派驻组关于专项检查情况的报告”需由B角审批，"
                       "请先在“职责分工”中指定B角（献县办法 第六十五条）"]
    assert backup.ledgers.tasks() == [] and backup.ledgers.notices() == []


def test_the_b_role_approves_the_leaders_own_seal_request_article_65(
        team: dict[str, UserSession]) -> None:
    """第六十五条 AB角: the B角 named with approvals decides; the entry records 代组长审批,
    the list and register read 王明远（B角代组长审批）, the seal is then checked and
    stamped as any other (第六十条), and the database verifies."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    eid = leader.ledgers.add("seal_use", SEAL).id
    designation = designate(leader)
    assert leader.ledgers.notices() == [
        "本人的用印申请“派驻组关于专项检查情况的报告”由B角王明远（wangmy）审批"
        "（献县办法 第六十五条）"]
    assert [(e.id, [s.action for s in steps]) for e, steps in backup.ledgers.tasks()] == [
        (eid, ["approve", "reject"])]
    refusal = leader.ledgers.refusal(leader.ledgers.get("seal_use", eid),
                                     CATALOG.ledger("seal_use").workflow.step("approve"))
    assert refusal is not None and "B角王明远（wangmy）" in refusal

    done = backup.ledgers.step("seal_use", eid, "approve", note="同意")
    assert done.status == "approved" and done.values["approver"] == "wangmy"
    assert done.values["stand_in"] == MARK
    cells = {c.key: c.text(done, {"wangmy": "王明远"}) for c in ledger_columns(done.ledger)}
    assert cells["approver"] == "王明远（B角代组长审批）"
    _revs, audits = backup.ledgers.history("seal_use", eid)
    assert audits[-1].detail["stand_in"] == {"for": LEADER, "ledger": "post_assignment",
                                            "designation": designation, "on": dt.date.today()
                                            .isoformat()}
    custodian.ledgers.step("seal_use", eid, "verify", note="与审批内容一致")
    stamped = custodian.ledgers.step("seal_use", eid, "stamp")
    assert stamped.status == "stamped" and stamped.values["stand_in"] == MARK
    assert leader.ledgers.notices() == []
    report = leader.verify()
    assert report.ok, report.problems


def test_the_b_role_also_decides_a_seal_outing_and_a_refusal_article_62_65(
        team: dict[str, UserSession]) -> None:
    """第六十二条 印章外带 须经组长批准: the leader's own trip is decided by the B角 too,
    including a refusal with its reason."""
    leader, backup = team["leader"], team["backup"]
    designate(leader)
    trip = leader.ledgers.add("seal_outing", OUTING).id
    assert backup.ledgers.step("seal_outing", trip, "approve").values["stand_in"] == MARK
    other = leader.ledgers.add("seal_outing", {**OUTING, "destination": "示例县审计局"}).id
    refused = backup.ledgers.step("seal_outing", other, "reject", note="可在保管人员办公室内用印")
    assert refused.status == "rejected" and refused.values["stand_in"] == MARK
    assert leader.verify().ok


def test_a_request_filed_for_the_leader_is_his_own_too_article_60_65(
        team: dict[str, UserSession]) -> None:
    """代为登记 for the leader: he may not approve it, his B角 may."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    designate(leader)
    eid = custodian.ledgers.add("seal_use", {**SEAL, "on_behalf_of": LEADER}).id
    with pytest.raises(RuleError, match="代为登记"):
        leader.ledgers.step("seal_use", eid, "approve")
    assert backup.ledgers.step("seal_use", eid, "approve").values["stand_in"] == MARK


def test_the_b_role_decides_only_the_leaders_own_requests_article_60_65(
        team: dict[str, UserSession]) -> None:
    """A member's request is the leader's to approve: the B角 has no 批准 of his own,
    and the leader's approval records no stand-in."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    designate(leader)
    eid = custodian.ledgers.add("seal_use", SEAL).id
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")
    assert backup.ledgers.tasks() == []
    approved = leader.ledgers.step("seal_use", eid, "approve", note="同意")
    assert approved.values["approver"] == LEADER and not approved.values["stand_in"]


def test_the_b_role_never_approves_his_own_request_article_60(
        team: dict[str, UserSession]) -> None:
    """A request filed by the B角 for the leader is still the B角's own (第六十条)."""
    leader, backup = team["leader"], team["backup"]
    designate(leader)
    eid = backup.ledgers.add("seal_use", {**SEAL, "on_behalf_of": LEADER}).id
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")


def test_only_a_confirmed_designation_with_approvals_makes_a_stand_in_article_65_66(
        team: dict[str, UserSession]) -> None:
    """第六十六条 严格审批程序: a draft the leader has not confirmed, or a B角 without
    "B角代行审批", gives no one the leader's approval."""
    leader, backup, custodian = team["leader"], team["backup"], team["custodian"]
    eid = leader.ledgers.add("seal_use", SEAL).id
    draft = designate(leader, confirm=False)
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("post_assignment", draft, "confirm")
    designate(leader, "lihq", approvals=False)
    with pytest.raises(PermissionDenied):
        custodian.ledgers.step("seal_use", eid, "approve")


def test_a_designation_stands_in_only_on_its_dates_article_65(
        team: dict[str, UserSession]) -> None:
    """From 起始日期 to 终止日期, or to the date the leader ended it (终止分工)."""
    leader, backup = team["leader"], team["backup"]
    eid = leader.ledgers.add("seal_use", SEAL).id
    designation = designate(leader, effective_until="2026-06-30")
    _on(backup, "2026-01-04")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")
    _on(backup, "2026-07-01")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")
    _on(leader, "2026-03-31")
    leader.ledgers.step("post_assignment", designation, "terminate", note="岗位调整",
                        data={"ended_on": "2026-03-31"})
    _on(backup, "2026-04-01")
    with pytest.raises(PermissionDenied):
        backup.ledgers.step("seal_use", eid, "approve")
    _on(backup, "2026-03-31")
    assert backup.ledgers.step("seal_use", eid, "approve").status == "approved"
    assert leader.verify().ok


def test_one_b_role_for_the_leaders_approvals_at_a_time_article_66(
        team: dict[str, UserSession]) -> None:
    """Who decides the leader's own request is never in doubt: a second designation
    with approvals on overlapping dates is refused until the first is ended."""
    leader = team["leader"]
    first = designate(leader)
    second = designate(leader, "lihq", confirm=False, effective_from="2026-02-01")
    with pytest.raises(RuleError, match="同一时期只能指定一名"):
        leader.ledgers.step("post_assignment", second, "confirm")
    with pytest.raises(RuleError, match="终止日期不能早于"):
        leader.ledgers.step("post_assignment", first, "terminate", note="岗位调整",
                            data={"ended_on": "2026-01-04"})
    leader.ledgers.step("post_assignment", first, "terminate", note="岗位调整",
                        data={"ended_on": "2026-01-31"})
    assert leader.ledgers.step("post_assignment", second, "confirm").status == "confirmed"


def test_a_designation_in_force_is_ended_never_voided_article_66(
        team: dict[str, UserSession]) -> None:
    leader = team["leader"]
    designation = designate(leader)
    with pytest.raises(RuleError, match="任何人都不能作废"):
        leader.ledgers.void("post_assignment", designation, "登记错误")


# -- the signed chain: verify replays the designations --------------------------------

@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The leader's pending seal request; the 组长 post's B角 is lihq (not wangmy)."""
    path = tmp_path_factory.mktemp("代审") / "组.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                                   group_name="示例县纪委监委派驻第一纪检监察组")
    add_account(leader, "wangmy", [Role.MEMBER], display_name="王明远")
    add_account(leader, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    leader.ledgers.add("seal_use", SEAL)
    designate(leader, "lihq")
    leader.close()
    for name in ("wangmy", "lihq"):
        UserSession.open(path, name, PASSWORD, kdf=CHEAP_KDF).close()
    return path


@pytest.fixture
def copy(pending: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "组.db"
    for suffix in ("", "-wal", "-shm", ".keys"):
        src = pending.with_name(pending.name + suffix)
        if src.exists():
            shutil.copy(src, target.with_name(target.name + suffix))
    return target


def _approve_by_hand(attacker: Attacker, username: str, stand_in: dict[str, Any] | None,
                     requester: str = LEADER) -> None:
    """``username`` sets ``requester``'s pending request to approved beside the program:
    a new version, its revision and a chained approve record signed with his key."""
    desc = CATALOG.ledger("seal_use")
    seal = attacker.rows(f"SELECT * FROM ledger_seal_use WHERE status='requested' AND "
                         f"{desc.field('requester').column}=?", requester)[0]
    digest, version = attacker.rewrite_entry(
        "seal_use", seal["id"], status="approved", version=seal["version"] + 1,
        **{desc.field("approver").column: username,
           desc.field("stand_in").column: MARK if stand_in else None})
    row = attacker.rows("SELECT * FROM ledger_seal_use WHERE id=?", seal["id"])[0]
    attacker.run("INSERT INTO revisions (ledger, entry_id, version, data, at, username, action) "
                 "VALUES (?,?,?,?,?,?,?)", "seal_use", seal["id"], version,
                 json.dumps(row_state(desc, row), ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")), "2026-03-03 10:00:00", username, "approve")
    attacker.append(username, Action.APPROVE, ledger="seal_use", entry_id=seal["id"],
                    detail={"version": version, "content_hash": digest,
                            "classification": "内部", "step": "approve", "from": "requested",
                            "to": "approved",
                            **({"stand_in": stand_in} if stand_in else {})})


def _designation_id(attacker: Attacker) -> str:
    return str(attacker.rows("SELECT id FROM ledger_post_assignment")[0]["id"])


def test_the_b_roles_approval_through_the_program_verifies_article_65(copy: Path) -> None:
    b = UserSession.open(copy, "lihq", PASSWORD, kdf=CHEAP_KDF)
    try:
        seal = b.ledgers.list("seal_use")[0]
        assert b.ledgers.step("seal_use", seal.id, "approve").values["stand_in"] == MARK
    finally:
        b.close()
    assert problems(copy) == []


def test_a_member_approving_the_leaders_request_as_a_b_role_he_is_not(copy: Path) -> None:
    """第六十五条: the designation in force names lihq; wangmy's signed 批准 claiming to
    stand in is named by verify."""
    attacker = Attacker(copy, "wangmy")
    _approve_by_hand(attacker, "wangmy", {"for": LEADER, "ledger": "post_assignment",
                                          "designation": _designation_id(attacker),
                                          "on": "2026-03-03"})
    attacker.close()
    found(copy, "没有指定签名人为该审批人的B角")


def test_a_stand_in_naming_no_designation_is_named(copy: Path) -> None:
    attacker = Attacker(copy, "wangmy")
    _approve_by_hand(attacker, "wangmy", {"for": LEADER, "ledger": "post_assignment",
                                          "designation": "不存在的分工", "on": "2026-03-03"})
    attacker.close()
    found(copy, "没有指定签名人为该审批人的B角")


def test_a_b_role_step_outside_the_designations_dates_is_named(copy: Path) -> None:
    """The designation began on 2026-01-05: a stand-in dated before it does not hold."""
    attacker = Attacker(copy, "lihq")
    _approve_by_hand(attacker, "lihq", {"for": LEADER, "ledger": "post_assignment",
                                        "designation": _designation_id(attacker),
                                        "on": "2025-12-31"})
    attacker.close()
    found(copy, "没有指定签名人为该审批人的B角")


def test_a_b_role_standing_in_on_a_request_not_the_leaders_is_named(copy: Path) -> None:
    """The designated B角 may stand in only on the leader's own request: the signed
    record names zhangzz, the request names someone else."""
    member = UserSession.open(copy, "wangmy", PASSWORD, kdf=CHEAP_KDF)
    try:
        member.ledgers.add("seal_use", {**SEAL, "purpose": "报送县纪委监委"})
    finally:
        member.close()
    attacker = Attacker(copy, "lihq")
    _approve_by_hand(attacker, "lihq", {"for": LEADER, "ledger": "post_assignment",
                                        "designation": _designation_id(attacker),
                                        "on": "2026-03-03"}, requester="wangmy")
    attacker.close()
    found(copy, "该申请不是其本人的申请")


def test_the_leader_approving_his_own_request_beside_the_program_is_named(copy: Path) -> None:
    """第六十条 不能审批本人的申请: a signed 批准 by the requester himself is named."""
    attacker = Attacker(copy, LEADER)
    _approve_by_hand(attacker, LEADER, None)
    attacker.close()
    found(copy, "违反不能审批本人申请的规定")


def test_a_forged_designation_is_tied_back_to_the_content(copy: Path) -> None:
    """A member's signed record claiming a designation in force that the entry's
    content does not make (a draft naming himself) is named, and so is his stand-in."""
    member = UserSession.open(copy, "wangmy", PASSWORD, kdf=CHEAP_KDF)
    try:
        draft = member.ledgers.add("post_assignment", {
            "post": "组长", "responsibilities": "负责全面工作", "primary": LEADER,
            "backup": "wangmy", "approvals": True, "effective_from": "2026-01-05"}).id
    finally:
        member.close()
    attacker = Attacker(copy, "wangmy")
    desc = CATALOG.ledger("post_assignment")
    digest, version = attacker.rewrite_entry("post_assignment", draft, version=2)
    row = attacker.rows("SELECT * FROM ledger_post_assignment WHERE id=?", draft)[0]
    attacker.run("INSERT INTO revisions (ledger, entry_id, version, data, at, username, action) "
                 "VALUES (?,?,?,?,?,?,?)", "post_assignment", draft, version,
                 json.dumps(row_state(desc, row), ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")), "2026-03-03 10:00:00", "wangmy", "edit")
    attacker.append("wangmy", Action.EDIT, ledger="post_assignment", entry_id=draft,
                    detail={"version": version, "content_hash": digest,
                            "classification": "内部",
                            "designation": {"primary": LEADER, "backup": "wangmy",
                                            "start": "2026-01-05", "end": "",
                                            "approvals": True, "in_force": True}})
    _approve_by_hand(attacker, "wangmy", {"for": LEADER, "ledger": "post_assignment",
                                          "designation": draft, "on": "2026-03-03"})
    attacker.close()
    found(copy, "所载AB角与条目内容不符")
