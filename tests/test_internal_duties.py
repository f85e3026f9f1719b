"""献县办法 第十六章 内部责任制度 (第六十四–六十七条): 职责分工 with AB角, 回避,
岗位任职与轮岗 and 离岗从业限制, through the core, on paper and in the window."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.ledgers.duties import After
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.workflow import StepDialog

from conftest import LEADER, PASSWORD, add_account
from gui_helpers import child, open_window, type_chinese, when_modal

ASSIGNMENT = {"post": "综合文秘及印章管理岗",
              "responsibilities": "负责组务会记录、大事记整理和印章保管使用登记",
              "primary": "lihq", "backup": "wangmy", "effective_from": "2026-01-05"}


@pytest.fixture
def team(session: UserSession, db_path: Path) -> dict[str, UserSession]:
    add_account(session, "wangmy", [Role.DEPUTY], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    return {"leader": session}


# -- 职责分工与AB角 (第六十五–六十六条) -------------------------------------------------

def test_the_chapter_declares_its_ledgers_and_articles_64_67() -> None:
    """第十六章 内部责任制度: five ledgers, each citing its article, in the chapter."""
    ids = [d.id for d in CATALOG.ledgers() if d.chapter.number == 16
           and d.chapter.regulation == "献县办法"]
    assert ids == ["post_assignment", "absence", "recusal", "post_tenure", "employment_limit"]
    articles = {d.id: d.article for d in CATALOG.ledgers() if d.id in ids}
    assert articles["post_assignment"] == "献县办法 第六十五–六十六条"
    assert articles["absence"] == "献县办法 第六十五条"
    assert {articles[i] for i in ids[2:]} == {"献县办法 第六十七条"}


def test_a_post_names_two_different_people_as_a_and_b_article_65(
        team: dict[str, UserSession]) -> None:
    """第六十五条 岗位职责AB角: the B角 is someone other than the A角."""
    leader = team["leader"]
    with pytest.raises(ValidationError) as bad:
        leader.ledgers.add("post_assignment", {**ASSIGNMENT, "backup": "lihq"})
    assert "B角应为A角以外" in bad.value.errors["backup"]
    with pytest.raises(ValidationError) as bad:
        leader.ledgers.add("post_assignment", {**ASSIGNMENT, "effective_until": "2025-12-31"})
    assert "不能早于" in bad.value.errors["effective_until"]
    entry = leader.ledgers.add("post_assignment", ASSIGNMENT)
    assert entry.status == "draft" and entry.values["approvals"] is False


def test_a_division_is_confirmed_then_ended_and_its_record_carries_it_article_65_66(
        team: dict[str, UserSession]) -> None:
    """The leader confirms the division (第六十六条 严格审批程序) and ends it with a
    reason; each version's signed audit record says who stands in for whom."""
    leader = team["leader"]
    eid = leader.ledgers.add("post_assignment", ASSIGNMENT).id
    confirmed = leader.ledgers.step("post_assignment", eid, "confirm", note="经组务会研究决定")
    assert confirmed.status == "confirmed" and confirmed.values["confirmed_by"] == LEADER
    with pytest.raises(Exception, match="内容不能再修改"):
        leader.ledgers.edit("post_assignment", eid, {"backup": "demo"})
    ended = leader.ledgers.step("post_assignment", eid, "terminate", note="岗位调整",
                                data={"ended_on": "2026-06-30"})
    assert ended.status == "ended" and ended.values["end_reason"] == "岗位调整"
    _revs, audits = leader.ledgers.history("post_assignment", eid)
    carried = [a.detail["designation"] for a in audits]
    assert [c["in_force"] for c in carried] == [False, True, True]
    assert carried[-1] == {"primary": "lihq", "backup": "wangmy", "start": "2026-01-05",
                           "end": "2026-06-30", "approvals": False, "in_force": True}
    assert leader.verify().ok


def test_a_group_meeting_decides_the_division_with_one_action_article_33_65(
        team: dict[str, UserSession]) -> None:
    """第三十三条（四）组务会研究决定人员职责分工: the division opens from the meeting,
    dated and linked back to it."""
    leader = team["leader"]
    meeting = leader.ledgers.add("group_meeting", {
        "date": "2026-01-05", "host": "张组长", "recorder": "李慧琴",
        "attendees": "张组长、王明远、李慧琴",
        "agenda": [{"topic": "研究组内人员职责分工和AB角", "category": "4"}],
        "discussion": "逐岗研究，明确A角B角。"})
    target, values = leader.ledgers.derive("group_meeting", meeting.id, "to_post_assignment")
    assert target == "post_assignment"
    entry = leader.ledgers.add(target, {**values, **ASSIGNMENT})
    assert (entry.values["decided_on"], entry.values["source_id"]) == ("2026-01-05", meeting.id)
    assert [e.id for e in leader.ledgers.linked("group_meeting", meeting.id)] == [entry.id]


def test_the_division_register_prints_the_a_and_b_roles_article_65(
        team: dict[str, UserSession]) -> None:
    leader = team["leader"]
    leader.ledgers.add("post_assignment", ASSIGNMENT)
    job = print_register(leader, "post_assignment", year=2026)
    flat = re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in PdfReader(io.BytesIO(job.pdf)).pages))
    for text in ("岗位职责分工及AB角登记簿", "A角", "B角", "李慧琴", "王明远", "综合文秘"):
        assert text in flat, text


# -- 回避、轮岗、从业限制 (第六十七条) ----------------------------------------------------

def test_a_recusal_names_who_which_matter_why_and_who_decided_article_67(
        team: dict[str, UserSession]) -> None:
    """第六十七条 严格执行任职回避: case by case; a matter withdrawn from passes to someone
    else (第六十五条 避免工作脱节), and such a matter is 秘密 by default."""
    leader = team["leader"]
    case = {"person": "lihq", "kind": "matter", "matter": "对某局股室负责人问题线索的初步核实",
            "grounds": "kin", "reason": "被核查人系本人配偶的表兄", "raised_by": "self",
            "decision": "recuse", "decided_by": "组长", "decided_on": "2026-05-06"}
    with pytest.raises(ValidationError) as bad:
        leader.ledgers.add("recusal", case)
    assert "接替办理人员" in bad.value.errors["replacement"]
    with pytest.raises(ValidationError):
        leader.ledgers.add("recusal", {**case, "replacement": "lihq"})
    entry = leader.ledgers.add("recusal", {**case, "replacement": "wangmy"})
    assert entry.classification is Classification.SECRET and entry.retention
    office = leader.ledgers.add("recusal", {**case, "kind": "office", "matter": "联系某局",
                                            "decision": "not_recuse"})
    assert office.classification is Classification.INTERNAL


def test_a_post_held_long_is_due_for_rotation_and_the_period_is_explained_article_67(
        team: dict[str, UserSession]) -> None:
    """第六十七条 内部轮岗 sets no period: the duty says so in its note; a rotation
    names its date and the new post."""
    duty = next(d for d in CATALOG.ledger("post_tenure").duties if d.id == "post_rotation")
    assert duty.article == "献县办法 第六十七条" and isinstance(duty.schedule, After)
    assert duty.schedule.years == 5 and duty.schedule.done_field == "rotated_on"
    assert "没有规定轮岗期限" in duty.note and duty.frequency == "事后5年内"
    leader = team["leader"]
    tenure = {"person": "wangmy", "post": "审查调查岗", "since": "2021-03-01"}
    with pytest.raises(ValidationError) as bad:
        leader.ledgers.add("post_tenure", {**tenure, "rotated_on": "2026-07-01"})
    assert "轮岗后的岗位" in bad.value.errors["new_post"]
    with pytest.raises(ValidationError) as bad:
        leader.ledgers.add("post_tenure", {**tenure, "rotated_on": "2020-07-01",
                                           "new_post": "监督检查岗"})
    assert "不能早于" in bad.value.errors["rotated_on"]
    done = leader.ledgers.add("post_tenure", {**tenure, "rotated_on": "2026-07-01",
                                              "new_post": "监督检查岗"})
    assert done.values["new_post"] == "监督检查岗"


def test_the_rotation_duty_falls_due_five_years_on_and_is_done_by_rotating_article_67(
        team: dict[str, UserSession]) -> None:
    """The compliance calendar: a post held since 2021-03-01 is due 2026-03-01; rotated
    on 2026-07-01 it is done late, a post held since 2021-12-15 is still open on
    2026-11-23, and one held since 2024 is not due this year. The owner is the person."""
    from paizhu_desktop.core.compliance import State, instances

    leader = team["leader"]
    late = leader.ledgers.add("post_tenure", {
        "person": "wangmy", "post": "审查调查岗", "since": "2021-03-01",
        "rotated_on": "2026-07-01", "new_post": "监督检查岗"})
    soon = leader.ledgers.add("post_tenure", {
        "person": "lihq", "post": "综合文秘岗", "since": "2021-12-15"})
    leader.ledgers.add("post_tenure", {"person": LEADER, "post": "组长", "since": "2024-03-01"})
    found = {i.event: i for i in instances(leader, on=dt.date(2026, 11, 23),
                                           duty_ids=["post_rotation"])}
    assert set(found) == {("post_tenure", late.id), ("post_tenure", soon.id)}
    done = found[("post_tenure", late.id)]
    assert (done.due, done.state, done.done_on) == (dt.date(2026, 3, 1), State.LATE,
                                                    dt.date(2026, 7, 1))
    waiting = found[("post_tenure", soon.id)]
    assert waiting.due == dt.date(2026, 12, 15) and waiting.owner == "lihq"
    assert waiting.state in (State.OPEN, State.SOON)


def test_the_restriction_at_departure_runs_its_years_article_67(
        team: dict[str, UserSession]) -> None:
    """第六十七条 从业限制: recorded when someone leaves, with its end date computed."""
    leader = team["leader"]
    left = {"person": "刘志强", "former_post": "审查调查岗", "left_on": "2024-02-29",
            "years": 3, "destination": "示例县审计局"}
    entry = leader.ledgers.add("employment_limit", left)
    assert entry.values["limit_until"] == "2027-02-28"
    assert entry.values["informed_by"] == LEADER and "利益冲突" in entry.values["restriction"]
    with pytest.raises(ValidationError):
        leader.ledgers.add("employment_limit", {**left, "years": 0})


def test_the_demo_keeps_the_chapter_and_verifies_article_65_67(tmp_path: Path) -> None:
    """演示数据: the year's division with AB角 (组长's B角 王明远), the leader's own seal
    request decided by him, and one still waiting in his 待办; the leader's training
    course (外出离岗登记, reported to the county, 第三十九条（九）) during which 王明远
    approved a seal request as B角 (组长外出, 第六十五条)."""
    from paizhu_desktop.core.demo import make_demo

    from conftest import CHEAP_KDF

    s = make_demo(tmp_path / "演示.db", PASSWORD, entries=20, kdf=CHEAP_KDF)
    try:
        leader_post = [e for e in s.ledgers.list("post_assignment", status="confirmed")
                       if e.values["post"] == "组长"]
        assert [(e.values["primary"], e.values["backup"]) for e in leader_post] == [
            ("demo", "wangmy")]
        own = [e for e in s.ledgers.list("seal_use") if e.values["requester"] == "demo"]
        assert sorted(e.status for e in own) == ["requested", "stamped"]
        assert any(e.values["stand_in"] for e in own)
        for lid in ("recusal", "post_tenure", "employment_limit"):
            assert s.ledgers.count(lid) >= 1
        [away] = [e for e in s.ledgers.list("absence") if e.values["requester"] == "demo"]
        assert away.status == "returned" and away.values["reported_to"]
        assert [e.values["matter"] for e in s.ledgers.list("request_report")
                if e.values["title"] == "关于组长学习培训离岗的报告"] == ["9"]
        meanwhile = [e for e in s.ledgers.list("seal_use")
                     if e.values["stand_in"] == "代组长审批（B角，组长外出，献县办法 第六十五条）"]
        assert [(e.values["requester"], e.values["approver"], e.status)
                for e in meanwhile] == [("lihq", "wangmy", "stamped")]
        assert "由B角王明远" in s.ledgers.notices()[0]
        assert s.verify().ok
    finally:
        s.close()


# -- the window ----------------------------------------------------------------------

pytest_gui = pytest.mark.gui


def _pick(combo: QComboBox, username: str) -> None:
    combo.setCurrentIndex(combo.findData(username))


@pytest_gui
def test_the_division_page_opens_and_saves_article_65(qtbot: QtBot,
                                                       team: dict[str, UserSession]) -> None:
    w = open_window(qtbot, team["leader"])
    p = w.open_ledger("post_assignment")
    assert p is not None
    type_chinese(child(p, QLineEdit, "post"), "组长")
    type_chinese(child(p, QPlainTextEdit, "responsibilities"), "负责全面工作，审批用印")
    _pick(child(p, QComboBox, "primary"), LEADER)
    _pick(child(p, QComboBox, "backup"), "wangmy")
    child(p, QCheckBox, "approvals").setChecked(True)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    stored = team["leader"].ledgers.list("post_assignment")[0]
    assert (stored.values["primary"], stored.values["backup"], stored.values["approvals"]) \
        == (LEADER, "wangmy", True)


@pytest_gui
def test_the_b_role_approves_the_leaders_request_in_the_window_article_65(
        qtbot: QtBot, team: dict[str, UserSession], db_path: Path) -> None:
    """The leader's 待办 says a B角 must be named; once named, the B角's window offers
    批准 on the leader's own request, and the record shows 代组长审批."""
    leader = team["leader"]
    seal = leader.ledgers.add("seal_use", {"document": "派驻组十月份工作总结",
                                           "purpose": "报送县纪委监委", "impressions": 1})
    lw = open_window(qtbot, leader)
    assert "请先在“职责分工”中指定B角" in lw.tasks_page.findings.text()
    eid = leader.ledgers.add("post_assignment", {
        **ASSIGNMENT, "post": "组长", "primary": LEADER, "backup": "wangmy",
        "approvals": True}).id
    leader.ledgers.step("post_assignment", eid, "confirm")
    backup = UserSession.open(db_path, "wangmy", PASSWORD)
    try:
        bw = open_window(qtbot, backup)
        assert bw.tasks_page.table.rowCount() == 1
        bw.tasks_page._open(0)
        page = bw.current_page()
        assert page is not None and page.desc.id == "seal_use"

        def approve(dlg: StepDialog) -> None:
            type_chinese(dlg.note, "同意")
            dlg.findChild(QPushButton, "stepConfirm").click()

        when_modal(StepDialog, approve)
        qtbot.mouseClick(child(page, QPushButton, "step_approve"), Qt.MouseButton.LeftButton)
        assert leader.ledgers.get("seal_use", seal.id).status == "approved"
        assert "代组长审批（B角，献县办法 第六十五条）" in child(
            page, QLabel, "workflowRecord").text()
    finally:
        backup.close()
