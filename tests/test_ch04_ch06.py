"""党支部建设 (献县办法 第四章) and 学习制度 (第六章) through the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.ledgers.duties import After, Every
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.service import print_document
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.xianxian.chapters import PARTY_BRANCH, STUDY
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account

YEAR = dt.date.today().year


@pytest.fixture
def member(session: UserSession, db_path: Path) -> Iterator[UserSession]:
    """王明远, a member who records (记录员)."""
    add_account(session, "wangmy", [Role.MEMBER, Role.RECORDER], display_name="王明远")
    s = UserSession.open(db_path, "wangmy", PASSWORD)
    yield s
    s.close()


def _meeting(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": "committee", "date": f"{YEAR}-03-06", "place": "派驻组会议室",
        "host": "张组长", "recorder": "李慧琴", "attendees": "张组长、王明远、李慧琴",
        "topics": [{"topic": "研究三月份支部党建工作安排"}],
        "content": "支部委员逐项讨论本月党建工作任务。"}
    values.update(extra)
    return values


# -- 三会一课 (第十八条(一)) -------------------------------------------------------------

def test_the_chapters_ledgers_sit_in_chapters_four_and_six() -> None:
    """第四章 第十八–二十二条 and 第六章 第二十八–三十一条: every ledger cites its article."""
    four = {d.id for d in CATALOG.in_chapter(PARTY_BRANCH)}
    six = {d.id for d in CATALOG.in_chapter(STUDY)}
    assert four == {"branch_meeting", "party_day", "life_meeting", "branch_election",
                    "branch_vacancy", "secretary_report", "vanguard_post", "personal_report"}
    assert six == {"study_plan", "group_study", "study_report"}
    for ledger_id in four | six:
        assert CATALOG.ledger(ledger_id).article.startswith("献县办法 第")


def test_three_meetings_one_lecture_with_attendance_and_resolutions_article_18(
        session: UserSession) -> None:
    """第十八条(一): each meeting records attendance, absence with reason, topics, resolutions."""
    svc = session.ledgers
    e = svc.add("branch_meeting", _meeting(
        absentees=[{"name": "赵建国", "reason": "参加县纪委监委培训"}],
        resolutions="本月主题党日围绕廉洁从政开展。"))
    assert e.values["absentees"] == [{"name": "赵建国", "reason": "参加县纪委监委培训"}]
    assert e.display("kind") == "支部委员会"
    with pytest.raises(ValidationError, match="缺席原因"):
        svc.add("branch_meeting", _meeting(absentees=[{"name": "赵建国"}]))
    with pytest.raises(ValidationError, match="议题"):
        svc.add("branch_meeting", _meeting(topics=[]))
    edited = svc.edit("branch_meeting", e.id, dict(e.values, resolutions="改为下旬开展。"))
    assert edited.version == 2 and edited.values["resolutions"] == "改为下旬开展。"
    voided = svc.void("branch_meeting", e.id, "误录为支委会，实为党小组会")
    assert voided.voided and svc.list("branch_meeting") == []


def test_a_party_lecture_names_who_gave_it_article_18(session: UserSession) -> None:
    """第十八条(一): 支部书记每年至少讲一次党课 — the record says who gave it and on what."""
    with pytest.raises(ValidationError, match="主讲人"):
        session.ledgers.add("branch_meeting", _meeting(kind="lecture"))
    with pytest.raises(ValidationError, match="党课题目"):
        session.ledgers.add("branch_meeting", _meeting(kind="lecture", lecturer="张组长"))
    e = session.ledgers.add("branch_meeting", _meeting(
        kind="lecture", lecturer="张组长（支部书记）", lecture_title="严守纪律规矩"))
    assert e.values["lecturer"] == "张组长（支部书记）"


def test_branch_duties_every_frequency_of_article_18() -> None:
    """第十八条(一)(二)(三), 第二十条: quarterly 党员大会, monthly 支委会/党小组会/主题党日,
    yearly 党课, 组织生活会, 民主评议 and 述职 — each counted by its own kind of record."""
    duties = {d.id: d for d in CATALOG.duties()}
    expected = {
        "branch_general_meeting": ("quarter", "branch_meeting", {"kind": "general"}),
        "branch_committee_meeting": ("month", "branch_meeting", {"kind": "committee"}),
        "branch_group_meeting": ("month", "branch_meeting", {"kind": "group"}),
        "branch_party_lecture": ("year", "branch_meeting", {"kind": "lecture"}),
        "party_day_monthly": ("month", "party_day", {}),
        "life_meeting_yearly": ("year", "life_meeting", {"life_meeting": True}),
        "member_appraisal_yearly": ("year", "life_meeting", {"appraisal": True}),
        "secretary_report_yearly": ("year", "secretary_report", {}),
    }
    for duty_id, (period, ledger, where) in expected.items():
        duty = duties[duty_id]
        assert isinstance(duty.schedule, Every) and duty.schedule.period == period, duty_id
        assert duty.counts is not None and duty.counts.ledger == ledger
        assert dict(duty.counts.where) == where
        assert duty.article.startswith("献县办法 第")


def test_party_day_each_month_article_18(session: UserSession) -> None:
    """第十八条(二): the day's theme, form (重温入党誓词 …) and who took part."""
    e = session.ledgers.add("party_day", {
        "date": f"{YEAR}-04-08", "theme": "重温入党誓词，坚定理想信念", "form": "oath",
        "place": "示例县廉政教育基地", "host": "李慧琴", "attendees": "张组长、王明远、李慧琴",
        "content": "集体重温入党誓词，参观廉政教育展览。"})
    assert e.display("form") == "重温入党誓词"
    with pytest.raises(ValidationError, match="活动主题"):
        session.ledgers.add("party_day", dict(e.values, theme=""))


def _life(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "date": f"{YEAR}-01-20", "year": YEAR - 1, "theme": "年度组织生活会和民主评议党员",
        "place": "派驻组会议室", "host": "张组长", "recorder": "李慧琴",
        "attendees": "张组长、王明远、李慧琴", "criticism": "逐一开展批评与自我批评。",
        "results": [{"name": "王明远", "grade": "优秀"}, {"name": "李慧琴", "grade": "合格"}]}
    values.update(extra)
    return values


def test_life_meeting_and_appraisal_with_each_members_result_article_18(
        session: UserSession) -> None:
    """第十八条(三): 民主评议 records every member's result; it may be held with the
    组织生活会; a 组织生活会 records the criticism and self-criticism."""
    svc = session.ledgers
    e = svc.add("life_meeting", _life())
    assert [r["grade"] for r in e.values["results"]] == ["excellent", "qualified"]
    assert "王明远，优秀" in e.display("results")
    with pytest.raises(ValidationError, match="逐人登记评议结果"):
        svc.add("life_meeting", _life(results=[]))
    with pytest.raises(ValidationError, match="批评与自我批评"):
        svc.add("life_meeting", _life(criticism=""))
    with pytest.raises(ValidationError, match="至少勾选"):
        svc.add("life_meeting", _life(life_meeting=False, appraisal=False))
    only_life = svc.add("life_meeting", _life(appraisal=False, results=[]))
    assert only_life.values["appraisal"] is False
    with pytest.raises(ValidationError, match="评议等次"):
        svc.add("life_meeting", _life(results=[{"name": "王明远", "grade": "很好"}]))


def _election(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": "general", "date": f"{YEAR - 3}-12-18",
        "elected": [{"name": "张组长", "post": "书记", "votes": 4},
                    {"name": "王明远", "post": "委员", "votes": 4}]}
    values.update(extra)
    return values


def test_reelection_three_years_after_the_last_and_by_elections_article_19(
        session: UserSession) -> None:
    """第十九条: 每届任期三年 — the next 换届 is due three years after the latest one and is
    linked to it; a 补选 says which seat fell vacant."""
    svc = session.ledgers
    first = svc.add("branch_election", _election())
    with pytest.raises(ValidationError, match="空缺情况"):
        svc.add("branch_election", _election(kind="by", date=f"{YEAR}-05-12"))
    by = svc.add("branch_election", _election(
        kind="by", date=f"{YEAR}-05-12", vacancy="原委员周文斌调整交流",
        elected=[{"name": "李慧琴", "post": "委员"}]))
    assert by.display("kind") == "补选"
    target, values = svc.derive("branch_election", first.id, "next_election")
    assert target == "branch_election" and values["previous_id"] == first.id
    nxt = svc.add("branch_election", dict(values, date=f"{YEAR}-12-10"))
    assert [e.id for e in svc.linked("branch_election", first.id)] == [nxt.id]
    duty = CATALOG.duty("branch_reelection")
    s = duty.schedule
    assert isinstance(s, After) and s.years == 3 and s.latest_only
    assert s.followed_by == "branch_election" and s.link_field == "previous_id"
    assert dict(s.where) == {"kind": "general"}
    assert duty.frequency == "最近一次后3年"


def test_secretary_reports_each_year_to_the_party_committee_article_20(
        session: UserSession) -> None:
    """第二十条: 每年向机关党委和支部党员大会进行述职，接受评议考核."""
    values = {"year": YEAR - 1, "date": f"{YEAR}-01-22", "secretary": "张组长",
              "content": "一、履行党建第一责任人责任情况", "rating": "好",
              "training": "参加集中轮训3天"}
    e = session.ledgers.add("secretary_report", values)
    assert e.values["to_party_committee"] and e.values["to_general_meeting"]
    assert e.display("rating") == "好"
    with pytest.raises(ValidationError, match="第二十条"):
        session.ledgers.add("secretary_report", dict(
            values, to_party_committee=False, to_general_meeting=False))


def test_vanguard_posts_pledge_and_fulfilment_article_21(session: UserSession) -> None:
    """第二十一条: 设岗、定责、承诺、践诺."""
    e = session.ledgers.add("vanguard_post", {
        "year": YEAR, "member": "王明远", "post": "监督检查先锋岗",
        "duties": "牵头督办驻在部门问题整改", "pledge": "全年问题整改100%销号"})
    e = session.ledgers.edit("vanguard_post", e.id, dict(e.values, fulfilment="已销号9个。"))
    assert e.values["fulfilment"] == "已销号9个。"
    with pytest.raises(ValidationError, match="承诺事项"):
        session.ledgers.add("vanguard_post", dict(e.values, pledge=""))


def test_a_reported_major_matter_leads_to_a_talk_and_a_pledge_article_22(
        session: UserSession) -> None:
    """第二十二条 重大事项报告; 濮阳·谈话 第十二条: the talk and the written 廉洁承诺 are
    entered once from the report and linked back to it."""
    svc = session.ledgers
    report = svc.add("personal_report", {
        "kind": "重大事项请示报告", "reported_on": f"{YEAR}-06-10", "person": "郑国华",
        "post": "示例县财政局党组书记、局长", "matter": "配偶拟经营个体餐饮店",
        "received_by": "张组长"})
    with pytest.raises(ValidationError, match="报告类别"):
        svc.add("personal_report", dict(report.values, kind="其他"))
    target, values = svc.derive("personal_report", report.id, "to_pledge")
    assert target == "integrity_pledge" and values["person"] == "郑国华"
    pledge = svc.add("integrity_pledge", dict(
        values, date=f"{YEAR}-06-12", talker="张组长", requirements="不得利用职务影响谋利",
        pledge="本人承诺不为配偶经营活动提供便利。"))
    assert pledge.values["report_id"] == report.id
    assert [e.id for e in svc.linked("personal_report", report.id)] == [pledge.id]


# -- 学习制度 (第三十–三十一条) ----------------------------------------------------------

def _plan() -> dict[str, object]:
    return {"year": YEAR, "made_on": f"{YEAR}-01-10", "goals": "全年集体学习不少于24次",
            "focus": "政治理论、党规党纪、纪检监察业务",
            "schedule": [{"month": 1, "topic": "学习中央纪委全会精神", "category": "theory",
                          "form": "集中学习", "speaker": "张组长"},
                         {"month": 2, "topic": "学习纪律处分条例", "category": "rules",
                          "form": "交流研讨"}]}


def test_the_yearly_study_plan_by_month_signed_off_by_the_leader_article_31(
        session: UserSession, member: UserSession) -> None:
    """第三十一条: 每年年初制定年度学习计划（目标要求、学习重点、时间安排）；组长审定."""
    plan = member.ledgers.add("study_plan", _plan())
    assert plan.status == "draft"
    with pytest.raises(ValidationError, match="月份"):
        member.ledgers.add("study_plan", dict(_plan(), schedule=[
            {"month": 13, "topic": "x", "category": "theory", "form": "集中学习"}]))
    member.ledgers.step("study_plan", plan.id, "submit")
    with pytest.raises(PermissionDenied):
        member.ledgers.step("study_plan", plan.id, "approve")
    with pytest.raises(ValidationError, match="退回意见"):
        session.ledgers.step("study_plan", plan.id, "send_back")
    back = session.ledgers.step("study_plan", plan.id, "send_back", note="补充学习重点")
    assert back.status == "draft"
    member.ledgers.step("study_plan", plan.id, "submit")
    done = session.ledgers.step("study_plan", plan.id, "approve", note="同意")
    assert done.status == "approved" and done.values["approver"] == "zhangzz"
    with pytest.raises(RuleError):
        member.ledgers.edit("study_plan", plan.id, dict(done.values, goals="改"))
    duty = CATALOG.duty("study_plan_yearly")
    assert isinstance(duty.schedule, Every) and duty.schedule.period == "year"
    assert duty.counts is not None and duty.counts.statuses == ("approved",)


def _study(day: str, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "date": day, "topic": "学习《中国共产党纪律处分条例》", "category": "rules",
        "materials": "纪律处分条例第一编", "minutes": 90, "host": "张组长",
        "speakers": "王明远", "attendees": "张组长、王明远", "notes": "逐条领学，交流体会。"}
    values.update(extra)
    return values


def test_group_study_recorded_by_the_designated_person_article_31(
        member: UserSession) -> None:
    """第三十一条: 由专人负责记录集体学习情况 — who recorded, what, how long, who spoke,
    who was absent and why."""
    e = member.ledgers.add("group_study", _study(
        f"{YEAR}-02-09", absentees=[{"name": "赵建国", "reason": "外出办案"}]))
    assert e.values["recorder"] == "wangmy"
    assert e.display("category").startswith("党章党规党纪")
    with pytest.raises(ValidationError, match="学习时长"):
        member.ledgers.add("group_study", _study(f"{YEAR}-02-10", minutes=0))
    with pytest.raises(ValidationError, match="领学、发言人员"):
        member.ledgers.add("group_study", _study(f"{YEAR}-02-10", speakers=""))


def test_quarterly_report_drafted_from_the_quarters_records_edited_and_sent_article_31(
        session: UserSession, member: UserSession) -> None:
    """第三十一条: 每季度末将学习情况以书面方式报机关党支部 — the draft counts the
    quarter's 集体学习 (not another quarter's, not a voided one); the person edits it;
    组长审核; 报送; it prints in GB/T 9704 layout."""
    svc = member.ledgers
    svc.add("group_study", _study(f"{YEAR}-01-09", minutes=60))
    svc.add("group_study", _study(f"{YEAR}-02-23", minutes=120,
                                  absentees=[{"name": "赵建国", "reason": "病假"}]))
    wrong = svc.add("group_study", _study(f"{YEAR}-03-09"))
    session.ledgers.void("group_study", wrong.id, "重复登记")
    svc.add("group_study", _study(f"{YEAR}-04-09"))
    drafts = svc.report("study_quarterly_drafts", YEAR)
    first = drafts[0]
    assert (first["quarter"], first["sessions"], first["minutes"]) == (1, 2, 180)
    assert "累计3小时" in first["content"] and "赵建国（病假）" in first["content"]
    assert drafts[1]["sessions"] == 1 and drafts[3]["sessions"] == 0
    report = svc.add("study_report", dict(
        first, content=first["content"] + "\n继续抓好集体学习。"))
    assert report.values["title"] == f"{YEAR}年第一季度学习情况报告"
    assert report.values["period_end"] == f"{YEAR}-03-31"
    with pytest.raises(RuleError, match="已经登记"):
        svc.add("study_report", first)
    svc.step("study_report", report.id, "submit")
    with pytest.raises(PermissionDenied):
        svc.step("study_report", report.id, "review")
    session.ledgers.step("study_report", report.id, "review", note="同意报送")
    sent = svc.step("study_report", report.id, "send")
    assert sent.status == "sent" and sent.values["sent_by"] == "wangmy"
    job = print_document(session, "study_report", "学习季报", entry_id=report.id)
    assert job.pdf.startswith(b"%PDF") and job.pages >= 1
    assert job.marking == "内部"
    duty = CATALOG.duty("study_report_quarterly")
    assert isinstance(duty.schedule, Every) and duty.schedule.period == "quarter"
    assert duty.counts is not None and duty.counts.statuses == ("sent",)
    assert duty.counts.done_field == "sent_at"


def test_study_report_needs_a_valid_quarter_article_31(session: UserSession) -> None:
    """第三十一条 季报: the quarter is 1–4."""
    with pytest.raises(ValidationError, match="季度"):
        session.ledgers.add("study_report", {"year": YEAR, "quarter": 5, "sessions": 0,
                                             "minutes": 0, "content": "一、基本情况"})


@pytest.mark.gui
def test_the_branch_meeting_page_opens_and_its_form_saves_article_18(
        qtbot: object, session: UserSession) -> None:
    """第十八条(一): a 支部委员会 entered through the generated form."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    p = w.open_ledger("branch_meeting")
    assert p is not None
    kind = child(p, QComboBox, "kind")
    kind.setCurrentIndex(kind.findData("general"))
    type_chinese(child(p, QLineEdit, "host"), "张组长")
    type_chinese(child(p, QLineEdit, "recorder"), "李慧琴")
    type_chinese(child(p, QLineEdit, "attendees"), "张组长、王明远、李慧琴")
    qtbot.mouseClick(child(p, QPushButton, "topics_add"),  # type: ignore[attr-defined]
                     Qt.MouseButton.LeftButton)
    child(p, QTableWidget, "topics_table").item(0, 0).setText("通报第一季度支部工作情况")
    type_chinese(child(p, QPlainTextEdit, "content"), "支部书记通报本季度支部工作。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "已保存" in p.form_message.text(), p.form_message.text()
    saved = session.ledgers.list("branch_meeting")[0]
    assert saved.values["kind"] == "general"
    assert saved.values["topics"] == [{"topic": "通报第一季度支部工作情况"}]


# -- the compliance calendar of these chapters ------------------------------------------

LAST = YEAR - 1  # a whole past year: every period of it has come due


def _states(session: UserSession, duty_id: str, on: dt.date,
            start: dt.date | None = None, end: dt.date | None = None) -> dict[str, str]:
    from paizhu_desktop.core.compliance import instances

    # Looked at a few days into the next year, every period of ``LAST`` has come due.
    return {i.label: i.state.value for i in instances(
        session, on=on, start=start or dt.date(on.year, 1, 1),
        end=end or dt.date(on.year, 12, 31), duty_ids=[duty_id])}


def test_meeting_duties_done_late_and_overdue_by_kind_article_18(
        session: UserSession) -> None:
    """第十八条(一): a 支委会 each month, a 党员大会 each quarter, a 党课 each year — a
    meeting of one kind does not count for another."""
    svc = session.ledgers
    svc.add("branch_meeting", _meeting(date=f"{LAST}-03-06"))
    svc.add("branch_meeting", _meeting(date=f"{LAST}-04-08"))
    svc.add("branch_meeting", _meeting(kind="general", date=f"{LAST}-03-24"))
    on, span = dt.date(LAST + 1, 1, 5), (dt.date(LAST, 1, 1), dt.date(LAST, 12, 31))
    committee = _states(session, "branch_committee_meeting", on, *span)
    assert committee[f"{LAST}年3月"] == "done" and committee[f"{LAST}年4月"] == "done"
    assert committee[f"{LAST}年5月"] == "overdue"
    general = _states(session, "branch_general_meeting", on, *span)
    assert general[f"{LAST}年第一季度"] == "done"
    assert general[f"{LAST}年第二季度"] == "overdue"
    assert set(_states(session, "branch_party_lecture", on, *span).values()) == {"overdue"}
    svc.add("branch_meeting", _meeting(kind="lecture", date=f"{LAST}-06-26",
                                       lecturer="张组长", lecture_title="严守纪律规矩"))
    assert set(_states(session, "branch_party_lecture", on, *span).values()) == {"done"}
    assert set(_states(session, "branch_group_meeting", on, *span).values()) == {"overdue"}


def test_life_meeting_and_appraisal_each_counted_on_their_own_article_18(
        session: UserSession) -> None:
    """第十八条(三): a 组织生活会 held without 民主评议 leaves the appraisal owed."""
    session.ledgers.add("life_meeting", _life(date=f"{LAST}-01-20", appraisal=False,
                                              results=[]))
    on = dt.date(LAST + 1, 1, 5)
    assert set(_states(session, "life_meeting_yearly", on, dt.date(LAST, 1, 1),
                       dt.date(LAST, 12, 31)).values()) == {"done"}
    assert set(_states(session, "member_appraisal_yearly", on, dt.date(LAST, 1, 1),
                       dt.date(LAST, 12, 31)).values()) == {"overdue"}


def test_reelection_due_three_years_after_the_latest_election_article_19(
        session: UserSession) -> None:
    """第十九条: 每届任期三年 — due three years after the last 换届; once the next one is
    held (and linked), the term counts from it; a 补选 does not restart the term."""
    svc = session.ledgers
    first = svc.add("branch_election", _election(date=f"{LAST - 3}-12-18"))
    svc.add("branch_election", _election(kind="by", date=f"{LAST - 1}-05-12",
                                         vacancy="委员调整交流"))
    span = (dt.date(LAST - 3, 1, 1), dt.date(LAST + 4, 12, 31))
    from paizhu_desktop.core.compliance import instances

    def due(on: dt.date) -> list[tuple[dt.date, str]]:
        return [(i.due, i.state.value) for i in instances(
            session, on=on, start=span[0], end=span[1], duty_ids=["branch_reelection"])]

    assert due(dt.date(LAST, 12, 15)) == [(dt.date(LAST, 12, 18), "soon")]
    assert due(dt.date(LAST, 12, 20)) == [(dt.date(LAST, 12, 18), "overdue")]
    _t, values = svc.derive("branch_election", first.id, "next_election")
    svc.add("branch_election", dict(values, date=f"{LAST}-12-10"))
    assert due(dt.date(LAST, 12, 20)) == [(dt.date(LAST + 3, 12, 10), "open")]


def test_yearly_secretary_report_and_party_day_each_month_articles_18_20(
        session: UserSession) -> None:
    """第十八条(二) 主题党日 monthly; 第二十条 述职 yearly."""
    session.ledgers.add("party_day", {
        "date": f"{LAST}-11-08", "theme": "重温入党誓词", "form": "oath", "place": "会议室",
        "host": "李慧琴", "attendees": "张组长、王明远", "content": "重温入党誓词。"})
    days = _states(session, "party_day_monthly", dt.date(LAST, 12, 31))
    assert days[f"{LAST}年11月"] == "done" and days[f"{LAST}年12月"] == "soon"
    session.ledgers.add("secretary_report", {
        "year": LAST - 1, "date": f"{LAST}-01-22", "secretary": "张组长", "content": "述职"})
    assert set(_states(session, "secretary_report_yearly",
                       dt.date(LAST, 12, 31)).values()) == {"done"}


def test_study_report_late_when_sent_after_the_quarters_end_article_31(
        session: UserSession, member: UserSession) -> None:
    """第三十一条: 每季度末报送 — sent by the quarter's last day is on time, after it late;
    a report not yet sent does not count."""
    for quarter, sent in ((1, dt.datetime(LAST, 3, 31, 16)), (2, dt.datetime(LAST, 7, 4, 9)),
                          (3, None)):
        drafts = member.ledgers.report("study_quarterly_drafts", LAST)
        report = member.ledgers.add("study_report", drafts[quarter - 1])
        member.ledgers.step("study_report", report.id, "submit")
        session.ledgers.step("study_report", report.id, "review", note="同意")
        if sent is not None:
            member.ledgers.clock = lambda at=sent: at
            member.ledgers.step("study_report", report.id, "send")
    states = _states(session, "study_report_quarterly", dt.date(LAST + 1, 1, 5),
                     dt.date(LAST, 1, 1), dt.date(LAST, 12, 31))
    assert states == {f"{LAST}年第一季度": "done", f"{LAST}年第二季度": "late",
                      f"{LAST}年第三季度": "overdue", f"{LAST}年第四季度": "overdue"}


def test_study_plan_counts_once_signed_off_article_31(
        session: UserSession, member: UserSession) -> None:
    """第三十一条 年度学习计划: counted when the 组长 has signed it off."""
    plan = member.ledgers.add("study_plan", dict(_plan(), year=LAST, made_on=f"{LAST}-01-10"))
    on = dt.date(LAST + 1, 1, 2)
    span = (dt.date(LAST, 1, 1), dt.date(LAST, 12, 31))
    assert set(_states(session, "study_plan_yearly", on, *span).values()) == {"overdue"}
    member.ledgers.step("study_plan", plan.id, "submit")
    session.ledgers.clock = lambda: dt.datetime(LAST, 1, 13, 10)
    session.ledgers.step("study_plan", plan.id, "approve")
    assert set(_states(session, "study_plan_yearly", on, *span).values()) == {"done"}


@pytest.mark.gui
def test_the_quarterly_report_drafted_in_the_window_then_saved_article_31(
        qtbot: object, session: UserSession) -> None:
    """第三十一条: 条目 → 生成学习季报草稿 opens the 学习季报 form filled from the quarter's
    集体学习 records; the person edits and saves it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    from gui_helpers import child, open_window, type_chinese

    session.ledgers.add("group_study", _study(f"{LAST}-02-09", minutes=120))
    w = open_window(qtbot, session)
    w.draft_study_report((LAST, 1))
    p = w.current_page()
    assert p is not None and p.desc.id == "study_report"
    assert "生成草稿" in p.form_message.text()
    content = child(p, QPlainTextEdit, "content")
    assert "共开展集体学习1次，累计2小时" in content.toPlainText()
    type_chinese(content, content.toPlainText() + "\n继续抓好集体学习。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "已保存" in p.form_message.text(), p.form_message.text()
    saved = session.ledgers.list("study_report")[0]
    assert saved.values["sessions"] == 1 and saved.values["minutes"] == 120
    assert saved.values["content"].endswith("继续抓好集体学习。")


def test_a_vacancy_is_filled_by_a_linked_by_election_article_19(
        session: UserSession) -> None:
    """第十九条: 支部班子成员出现空缺……应及时补选 — the 补选 is entered from the vacancy
    and linked to it; until then the duty (three months, the program's reading) is owed."""
    svc = session.ledgers
    vacancy = svc.add("branch_vacancy", {
        "vacated_on": f"{LAST}-04-20", "member": "周文斌", "post": "委员",
        "reason": "工作交流调整"})
    with pytest.raises(ValidationError, match="空缺原因"):
        svc.add("branch_vacancy", dict(vacancy.values, reason="调走"))
    from paizhu_desktop.core.compliance import instances

    def states(on: dt.date) -> list[tuple[dt.date, str]]:
        return [(i.due, i.state.value) for i in instances(
            session, on=on, start=dt.date(LAST, 1, 1), end=dt.date(LAST, 12, 31),
            duty_ids=["branch_by_election"])]

    assert states(dt.date(LAST, 8, 1)) == [(dt.date(LAST, 7, 20), "overdue")]
    target, values = svc.derive("branch_vacancy", vacancy.id, "to_by_election")
    assert target == "branch_election" and values["kind"] == "by"
    assert values["vacancy"] == "周文斌（委员）因工作交流调整出现空缺"
    by = svc.add("branch_election", dict(values, date=f"{LAST}-05-12",
                                         elected=[{"name": "李慧琴", "post": "委员"}]))
    assert [e.id for e in svc.linked("branch_vacancy", vacancy.id)] == [by.id]
    assert states(dt.date(LAST, 8, 1)) == [(dt.date(LAST, 7, 20), "done")]
    assert CATALOG.duty("branch_by_election").note
