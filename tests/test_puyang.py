"""濮阳五项制度: 全程记实, 述责述廉, 督查考核 and 问责 — rules and ledgers through the core."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.ledgers.duties import After, Every
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.others.puyang_reports import thirds_problem
from paizhu_desktop.core.scoring import (
    APPRAISAL_ACCOUNT,
    APPRAISAL_CRITICISE,
    APPRAISAL_NONE,
    Caps,
    Part,
    ScoreItem,
    appraisal_outcome,
    score_sheet,
)
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account

TODAY = dt.date.today()


def _duty(duty_id: str):  # type: ignore[no-untyped-def]
    return CATALOG.duty(duty_id)


# -- 濮阳·考核 第十–十四条: the score sheet -------------------------------------------

def test_weights_60_40_and_70_30_and_thirds() -> None:
    """濮阳·考核 第十条 60/40 and 70/30; 第十二条 年终 = three equal thirds."""
    sheet = score_sheet(Part(90, 80, 85, 90), Part(80, 90, 90, 90))
    # 主体: 0.7*90 + 0.3*85 = 88.5 → ×60% = 53.1; 监督: 0.7*80 + 0.3*90 = 83 → ×40% = 33.2
    assert sheet.lines[0].points == Decimal("53.10")
    assert sheet.lines[1].points == Decimal("33.20")
    assert sheet.total == Decimal("86.30")
    assert sheet.grade == "good"
    assert all("第十条" in line.article for line in sheet.lines[:2])
    assert "第十一、十二条" in sheet.lines[0].note


def test_thirds_are_exact_before_rounding() -> None:
    """濮阳·考核 第十二条: 各占三分之一 — no rounding of the thirds on their way."""
    sheet = score_sheet(Part(100, 100, 100, 99), Part(100, 100, 100, 100))
    # 年终 299/3; 主体 = 70 + 0.3*299/3 = 99.9 → ×0.6 = 59.94
    assert sheet.lines[0].points == Decimal("59.94")
    assert sheet.total == Decimal("99.94")


def test_bonuses_highest_level_once_per_project() -> None:
    """濮阳·考核 第十四条(一): 国家/省/市 +5/+3/+1, 同一表彰项目按最高级别; 推广 +10/+5/+3."""
    items = [ScoreItem("award_city", "清廉机关创建"), ScoreItem("award_province", "清廉机关创建"),
             ScoreItem("award_city", "家风建设"), ScoreItem("promoted_province", "",
                                                           "廉政风险防控经验")]
    sheet = score_sheet(Part(80, 80, 80, 80), Part(80, 80, 80, 80), items)
    assert sheet.base == Decimal("80.00")
    assert sheet.adjustments == Decimal("9.00")  # 3 + 1 + 5; the city award of 清廉机关 0
    zero = [ln for ln in sheet.lines if ln.points == 0]
    assert len(zero) == 1 and "最高表彰级别" in zero[0].note
    assert all("第十四条（一）" in ln.article for ln in sheet.lines[2:])


def test_deductions_per_person_and_not_when_self_reported() -> None:
    """濮阳·考核 第十四条(二): −5/−3/−1, −3/−1.5/−0.5, −1/−0.5/−0.2; 主动上报 no deduction."""
    items = [ScoreItem("discipline_section"), ScoreItem("notice_staff"),
             ScoreItem("criminal_county", self_reported=True)]
    sheet = score_sheet(Part(90, 90, 90, 90), Part(90, 90, 90, 90), items)
    assert sheet.adjustments == Decimal("-1.70")
    assert sheet.total == Decimal("88.30")
    assert any("主动上报" in ln.note for ln in sheet.lines)
    text = sheet.text()
    assert "-1.50分" in text and "合计：88.30分" in text


def test_caps_not_excellent_and_fair_or_below() -> None:
    """濮阳·考核 第十四条(二): the two caps on the grade, whatever the score."""
    top = (Part(100, 100, 100, 100), Part(100, 100, 100, 100))
    assert score_sheet(*top).grade == "excellent"
    capped = score_sheet(*top, caps=Caps(head_disciplined=True))
    assert capped.grade_by_score == "excellent" and capped.grade == "good"
    assert "不能评定为优秀" in capped.cap_reason
    low = score_sheet(*top, caps=Caps(organisation_disciplined=True))
    assert low.grade == "fair" and "一般以下" in low.cap_reason
    assert "评定为“一般”" in low.text()
    poor = score_sheet(Part(10, 10, 10, 10), Part(10, 10, 10, 10), caps=Caps(head_heavy=True))
    assert poor.grade == "poor"


def test_bad_scores_are_refused_in_chinese() -> None:
    """濮阳·考核 第十条: 百分制 — each score is 0–100."""
    with pytest.raises(ValueError, match="0至100"):
        score_sheet(Part(101, 0, 0, 0), Part(0, 0, 0, 0))
    with pytest.raises(ValueError, match="加减分项目"):
        score_sheet(Part(0, 0, 0, 0), Part(0, 0, 0, 0), [ScoreItem("unknown")])


def test_the_score_sheet_ledger_computes_and_keeps_every_line(session: UserSession) -> None:
    """濮阳·考核 第十–十四条: the entry holds the total, the grade and the traced lines."""
    e = session.ledgers.add("score_sheet", {
        "year": 2025, "unit": "示例县财政局党组",
        "p_daily": 92, "p_vote": 95, "p_survey": 90, "p_test": 88,
        "s_daily": 90, "s_vote": 92, "s_survey": 94, "s_test": 90,
        "items": [{"item": "award_province", "project": "清廉机关创建",
                   "detail": "省纪委通报表扬（示例文件）"}],
        "head_disciplined": True})
    v = e.values
    assert v["total_score"] == "94.26"  # 55.02 + 36.24 + 3
    assert v["grade"] == "good"  # 94 is 优秀 by score, capped by 第十四条(二)
    assert "第十四条（一）" in v["breakdown"] and "第十条" in v["breakdown"]
    with pytest.raises(ValidationError):
        session.ledgers.add("score_sheet", {
            "year": 2025, "unit": "示例县审计局党组", **{f"{p}_{s}": 80 for p in "ps"
                                                 for s in ("daily", "vote", "survey", "test")},
            "excellent_min": 80, "good_min": 85})
    with pytest.raises(ValidationError):
        session.ledgers.add("score_sheet", {"year": 2025, "unit": "x", "p_daily": 120})


# -- 濮阳·述责述廉 ----------------------------------------------------------------------

def test_vote_thresholds_one_third_and_one_half_exactly() -> None:
    """濮阳·述责述廉 第七条(三): 一般票 > 1/3 且 ≤ 1/2 批评教育；> 1/2 问责."""
    assert appraisal_outcome(2, 0, 1, 0).outcome == APPRAISAL_NONE  # exactly 1/3
    assert appraisal_outcome(10, 9, 10, 0).outcome == APPRAISAL_CRITICISE  # 10/29 > 1/3
    assert appraisal_outcome(5, 0, 5, 0).outcome == APPRAISAL_CRITICISE  # exactly 1/2
    result = appraisal_outcome(4, 0, 5, 0)
    assert result.outcome == APPRAISAL_ACCOUNT and result.fair_share == Fraction(5, 9)
    assert "第七条" in result.text
    with pytest.raises(ValueError):
        appraisal_outcome(0, 0, 0, 0)


def test_the_appraisal_ledger_computes_from_the_votes(session: UserSession) -> None:
    """濮阳·述责述廉 第七条(三): computed from the votes entered; all four or none."""
    e = session.ledgers.add("duty_appraisal", {
        "held_on": "2025-12-20", "person": "钱某某（示例县财政局党组书记、局长）",
        "participants": "中层以上干部、职工代表和服务对象共46人",
        "votes_excellent": 20, "votes_good": 10, "votes_fair": 16, "votes_poor": 0})
    assert e.values["outcome"] == APPRAISAL_CRITICISE
    assert "16/46" in e.values["outcome_text"]
    with pytest.raises(ValidationError) as bad:
        session.ledgers.add("duty_appraisal", {
            "held_on": "2025-12-20", "person": "钱某某", "participants": "全体干部",
            "votes_excellent": 20})
    assert "良好票" in str(bad.value)


def test_three_parts_of_about_a_third_each() -> None:
    """濮阳·述责述廉 第五条: 总结成绩、查摆问题和整改措施各占三分之一."""
    assert thirds_problem("成绩" * 50, "问题" * 50, "措施" * 50) is None
    problem = thirds_problem("成绩" * 200, "问题" * 10, "措施" * 60)
    assert problem is not None and "查摆问题" in problem and "第五条" in problem
    assert thirds_problem("短", "", "") is None  # a short draft is not compared


def test_rectification_needs_the_feedback_first(session: UserSession) -> None:
    """濮阳·述责述廉 第六条(五): 接到反馈意见后10日内书面报告整改情况."""
    base = {"year": 2025, "half": "1", "reporter": "钱某某（党组书记）",
            "achievements": "落实主体责任，召开专题会议两次。",
            "problems": "廉政风险防控不够到位。",
            "measures": "完善制度，开展警示教育。"}
    with pytest.raises(ValidationError):
        session.ledgers.add("duty_speech", {**base, "rectified_on": "2025-07-20"})
    e = session.ledgers.add("duty_speech", {**base, "feedback_on": "2025-07-10",
                                            "rectified_on": "2025-07-18"})
    assert e.values["rectified_on"] == "2025-07-18"
    duty = _duty("duty_speech_rectified")
    assert isinstance(duty.schedule, After) and duty.schedule.days == 10


# -- 濮阳·全程记实 ----------------------------------------------------------------------

def test_indicator_to_record_then_the_leaders_sign_off(session: UserSession,
                                                        db_path: Path) -> None:
    """濮阳·全程记实 第六、九、十条: a record of an indicator (time, place, people, matter),
    signed off by the leader, never by the recorder; then locked (第十三条)."""
    add_account(session, "lihq", [Role.MEMBER, Role.RECORDER], display_name="李慧琴")
    ind = session.ledgers.add("duty_indicator", {
        "year": TODAY.year, "kind": "common", "responsibility": "principal",
        "subject": "leadership", "content": "每年至少召开两次党组专题会议研究党风廉政建设",
        "source": "庆城两个责任办法 第九条第1项", "deadline": TODAY.isoformat()})
    recorder = UserSession.open(db_path, "lihq", PASSWORD)
    try:
        target, values = recorder.ledgers.derive("duty_indicator", ind.id, "to_record")
        assert target == "duty_record" and values["indicator_id"] == ind.id
        rec = recorder.ledgers.add("duty_record", {
            **values, "occurred_on": TODAY.isoformat(), "place": "局党组会议室",
            "people": "党组书记钱某某及党组成员", "summary": "研究部署本年度党风廉政建设工作。"})
        assert rec.status == "recorded"
        assert "sign_off" not in [s.action for s in recorder.ledgers.available_steps(rec)]
    finally:
        recorder.close()
    signed = session.ledgers.step("duty_record", rec.id, "sign_off", note="属实")
    assert signed.status == "signed_off" and signed.values["signer"] == "zhangzz"
    with pytest.raises(RuleError):
        session.ledgers.edit("duty_record", rec.id, {"place": "别处"})
    with pytest.raises(RuleError):
        session.ledgers.void("duty_record", rec.id, "随意删除")
    assert [e.id for e in session.ledgers.linked("duty_indicator", ind.id)] == [rec.id]


def test_a_record_comes_after_the_matter(session: UserSession) -> None:
    """濮阳·全程记实 第十条: 记实事项发生后 — not dated in the future."""
    with pytest.raises(ValidationError):
        session.ledgers.add("duty_record", {
            "occurred_on": (TODAY + dt.timedelta(days=3)).isoformat(), "place": "会议室",
            "people": "全体", "matter": "专题会议", "responsibility": "principal",
            "subject": "leadership", "summary": "预先登记"})


def test_the_five_day_warning_before_an_indicators_deadline(session: UserSession) -> None:
    """濮阳·全程记实 第十条: 距规定完成时限5天时预警提醒; not once a record exists."""
    near = session.ledgers.add("duty_indicator", {
        "year": TODAY.year, "kind": "specific", "responsibility": "supervisory",
        "subject": "discipline", "content": "开展节前廉政提醒",
        "deadline": (TODAY + dt.timedelta(days=4)).isoformat()})
    session.ledgers.add("duty_indicator", {
        "year": TODAY.year, "kind": "specific", "responsibility": "supervisory",
        "subject": "discipline", "content": "年底述责述廉",
        "deadline": (TODAY + dt.timedelta(days=40)).isoformat()})
    findings = session.ledgers.findings("duty_record", TODAY.year)
    assert len(findings) == 1 and "开展节前廉政提醒" in findings[0] and "第十条" in findings[0]
    _t, values = session.ledgers.derive("duty_indicator", near.id, "to_record")
    session.ledgers.add("duty_record", {**values, "occurred_on": TODAY.isoformat(),
                                        "place": "派驻组", "people": "全体",
                                        "summary": "已发出廉政提醒函。"})
    assert session.ledgers.findings("duty_record", TODAY.year) == []


def test_the_calendar_duties_of_the_duty_record() -> None:
    """濮阳·全程记实 第十条 3 working days to sign-off; 第十一条 the 25th; 第十二条 halves."""
    signed = _duty("record_signed").schedule
    assert isinstance(signed, After) and signed.workdays == 3
    assert signed.done_field == "signed_at"
    notice = _duty("monthly_notice").schedule
    assert isinstance(notice, Every) and notice.period == "month" and notice.day == 25
    report = _duty("half_year_duty_report").schedule
    assert isinstance(report, Every) and report.period == "half"
    assert "第十二条" in _duty("half_year_duty_report").article


def test_half_year_report_is_titled_by_the_program(session: UserSession) -> None:
    """濮阳·全程记实 第十二条: reports of each half year."""
    e = session.ledgers.add("duty_report", {"year": 2025, "half": "1",
                                            "content": "上半年落实两个责任情况。"})
    assert e.values["title"] == "2025年上半年落实全面从严治党主体责任和监督责任情况的报告"


# -- 濮阳·考核 督查, 濮阳·问责 ---------------------------------------------------------

def test_full_inspection_every_half_year_and_quarterly_notice() -> None:
    """濮阳·考核 第八条 每半年全面督查; 第十一条 每季度通报."""
    full = _duty("full_inspection_half")
    assert full.counts is not None and full.counts.where == {"kind": "full"}
    quarterly = _duty("daily_assessment_quarterly").schedule
    assert isinstance(quarterly, Every) and quarterly.period == "quarter"


def test_accountability_decision_fields_method_and_execution(session: UserSession) -> None:
    """濮阳·问责 第五条(二) the document's fields; (一) the methods; 第六条(一) execution."""
    desc = CATALOG.ledger("accountability_decision")
    labels = [f.label for f in desc.visible_fields]
    for needed in ("基本情况", "问责事实", "问责依据", "问责方式", "批准党组织", "生效时间",
                   "申诉期限", "受理机关"):
        assert needed in labels
    base = {"subject": "孙某某（示例县统计局副局长）", "basic_info": "男，1975年生，中共党员。",
            "facts": "履行主体责任不力，分管科室发生违规发放补贴问题。",
            "basis": "《中国共产党问责条例》第七条", "approving_body": "示例县统计局党组",
            "appeal_body": "示例县统计局党组", "decided_on": "2025-09-01",
            "effective_on": "2025-09-01"}
    with pytest.raises(ValidationError) as bad:
        session.ledgers.add("accountability_decision", {**base, "subject_kind": "cadre",
                                                        "method": "reorganise"})
    assert "第五条" in str(bad.value)
    e = session.ledgers.add("accountability_decision", {**base, "subject_kind": "cadre",
                                                        "method": "org_adjust"})
    e = session.ledgers.step("accountability_decision", e.id, "deliver",
                             data={"delivered_on": "2025-09-03"})
    e = session.ledgers.step("accountability_decision", e.id, "execute",
                             data={"executed_on": "2025-09-25", "execution": "已调整岗位。"})
    assert e.status == "executed" and e.values["executed_by"] == "zhangzz"
    duty = _duty("accountability_org_adjust").schedule
    assert isinstance(duty, After) and duty.months == 1
    assert dict(duty.where) == {"method": "org_adjust"}
    report = _duty("accountability_report_half").schedule
    assert isinstance(report, Every) and report.period == "half"


def test_the_documents_print_from_their_own_ledger_only(session: UserSession) -> None:
    """濮阳·考核 第十–十四条 考核计分表; 濮阳·问责 第五条(二) 问责决定书: one entry each,
    never a voided one."""
    from paizhu_desktop.core.printing.service import print_document

    scores = {f"{p}_{k}": 90 for p in "ps" for k in ("daily", "vote", "survey", "test")}
    sheet = session.ledgers.add("score_sheet", {"year": 2025, "unit": "示例县统计局党组",
                                                **scores})
    job = print_document(session, "score_sheet", "考核计分表", entry_id=sheet.id)
    assert job.pages >= 1 and job.paper == "考核计分表"
    with pytest.raises(ValidationError):
        print_document(session, "duty_record", "考核计分表", entry_id=sheet.id)
    session.ledgers.void("score_sheet", sheet.id, "录入错误")
    with pytest.raises(RuleError):
        print_document(session, "score_sheet", "考核计分表", entry_id=sheet.id)
    desc = CATALOG.ledger("accountability_decision")
    assert [d.name for d in desc.documents] == ["问责决定书"]


def test_the_half_year_report_matches_the_decisions(session: UserSession) -> None:
    """濮阳·问责 第八条(一): the counts reported are those of the decisions registered."""
    session.ledgers.add("accountability_decision", {
        "decided_on": "2025-03-02", "effective_on": "2025-03-02", "subject_kind": "cadre",
        "subject": "孙某某", "basic_info": "中共党员。", "facts": "履责不力。",
        "basis": "《中国共产党问责条例》", "method": "notice", "approving_body": "某党组",
        "appeal_body": "某党组"})
    report = session.ledgers.add("accountability_report", {
        "year": 2025, "half": "1", "reported_on": "2025-07-02", "organisations": 0,
        "cadres": 2, "content": "上半年问责情况。"})
    findings = session.ledgers.findings("accountability_report", 2025)
    assert len(findings) == 1 and "领导干部 1 人" in findings[0] and "第八条" in findings[0]
    session.ledgers.edit("accountability_report", report.id, {"cadres": 1})
    assert session.ledgers.findings("accountability_report", 2025) == []


# -- the compliance calendar --------------------------------------------------------

def _of(session: UserSession, duty_id: str, on: dt.date, year: int = 2025) -> list:  # type: ignore[type-arg]
    from paizhu_desktop.core.compliance import instances

    return instances(session, on=on, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                     duty_ids=[duty_id])


def _record(session: UserSession, day: str, **extra: object) -> str:
    return session.ledgers.add("duty_record", {
        "occurred_on": day, "place": "局党组会议室", "people": "党组成员",
        "matter": "党组专题会议", "responsibility": "principal", "subject": "leadership",
        "summary": "研究党风廉政建设。", **extra}).id


def test_sign_off_within_3_working_days_done_or_late(session: UserSession) -> None:
    """濮阳·全程记实 第十条: 3个工作日内 — Monday 2025-03-03 is due Thursday 03-06; the
    sign-off's time decides on time or late."""
    from paizhu_desktop.core.compliance import State

    on_time, late, waiting = (_record(session, "2025-03-03"), _record(session, "2025-03-10"),
                              _record(session, "2025-03-17"))
    session.ledgers.clock = lambda: dt.datetime(2025, 3, 6, 17, 0)
    session.ledgers.step("duty_record", on_time, "sign_off")
    session.ledgers.clock = lambda: dt.datetime(2025, 3, 17, 9, 0)
    session.ledgers.step("duty_record", late, "sign_off")
    session.ledgers.clock = dt.datetime.now
    found = {i.event[1]: i for i in _of(session, "record_signed", dt.date(2025, 3, 19))}
    assert found[on_time].due == dt.date(2025, 3, 6) and found[on_time].state is State.DONE
    assert found[late].state is State.LATE
    assert found[waiting].due == dt.date(2025, 3, 20) and found[waiting].state is State.SOON


def test_the_indicator_is_done_by_a_linked_record(session: UserSession) -> None:
    """濮阳·全程记实 第十条: 距规定完成时限5天时预警 (SOON), done by the record of it."""
    from paizhu_desktop.core.compliance import State

    ind = session.ledgers.add("duty_indicator", {
        "year": 2025, "kind": "common", "responsibility": "principal",
        "subject": "leadership", "content": "召开党组专题会议", "set_on": "2025-01-10",
        "deadline": "2025-06-30"})
    [i] = _of(session, "indicator_fulfilled", dt.date(2025, 6, 25))
    assert i.state is State.SOON and i.days_left == 5
    [i] = _of(session, "indicator_fulfilled", dt.date(2025, 6, 20))
    assert i.state is State.OPEN
    _record(session, "2025-06-12", indicator_id=ind.id)
    [i] = _of(session, "indicator_fulfilled", dt.date(2025, 7, 1))
    assert i.state is State.DONE and i.done_on == dt.date(2025, 6, 12)


def test_the_monthly_notice_by_the_25th(session: UserSession) -> None:
    """濮阳·全程记实 第十一条: 每月25日前书面告知."""
    from paizhu_desktop.core.compliance import State

    for day in ("2025-03-20", "2025-05-27"):
        session.ledgers.add("duty_notice", {"notified_on": day, "month": int(day[5:7]),
                                            "content": "本月履责情况。"})
    months = {i.due.month: i for i in _of(session, "monthly_notice", dt.date(2025, 6, 1))}
    assert months[3].due == dt.date(2025, 3, 25) and months[3].state is State.DONE
    assert months[4].state is State.OVERDUE
    assert months[5].state is State.LATE


def test_half_year_reports_and_the_ten_day_rectification(session: UserSession) -> None:
    """濮阳·全程记实 第十二条 (6月30日、12月31日); 濮阳·述责述廉 第六条(五) 10日内."""
    from paizhu_desktop.core.compliance import State

    session.ledgers.add("duty_report", {"year": 2025, "half": "1",
                                        "reported_on": "2025-06-26", "content": "报告。"})
    halves = _of(session, "half_year_duty_report", dt.date(2026, 1, 10))
    assert [(h.due, h.state) for h in halves] == [
        (dt.date(2025, 6, 30), State.DONE), (dt.date(2025, 12, 31), State.OVERDUE)]
    session.ledgers.add("duty_speech", {
        "year": 2025, "half": "1", "reporter": "钱某某", "achievements": "成绩。",
        "problems": "问题。", "measures": "措施。", "feedback_on": "2025-07-10",
        "rectified_on": "2025-07-22"})
    [rect] = _of(session, "duty_speech_rectified", dt.date(2025, 8, 1))
    assert rect.due == dt.date(2025, 7, 20) and rect.state is State.LATE


def test_org_adjustment_within_a_month_only_for_that_method(session: UserSession) -> None:
    """濮阳·问责 第六条(一): 组织调整或者组织处理 in one month; a 诫勉 starts no instance."""
    from paizhu_desktop.core.compliance import State

    base = {"subject_kind": "cadre", "subject": "孙某某", "basic_info": "中共党员。",
            "facts": "履责不力。", "basis": "《中国共产党问责条例》",
            "approving_body": "某党组", "appeal_body": "某党组"}
    session.ledgers.add("accountability_decision", {
        **base, "method": "org_adjust", "decided_on": "2025-04-08",
        "effective_on": "2025-04-08"})
    session.ledgers.add("accountability_decision", {
        **base, "method": "admonish", "decided_on": "2025-04-08",
        "effective_on": "2025-04-08"})
    [i] = _of(session, "accountability_org_adjust", dt.date(2025, 5, 9))
    assert i.due == dt.date(2025, 5, 8) and i.state is State.OVERDUE


def test_full_inspection_each_half_year_counts_only_full_ones(session: UserSession) -> None:
    """濮阳·考核 第八条: 每半年全面督查一次 — a 专项督查 does not count."""
    from paizhu_desktop.core.compliance import State

    for kind in ("special", "full"):
        session.ledgers.add("supervision_check", {
            "inspected_on": "2025-06-12" if kind == "full" else "2025-09-10", "kind": kind,
            "unit": "示例县财政局", "scope": "both", "inspectors": "派驻组",
            "findings": "发现问题。"})
    halves = _of(session, "full_inspection_half", dt.date(2026, 1, 5))
    assert [h.state for h in halves] == [State.DONE, State.OVERDUE]


def test_monthly_scores_and_the_quarterly_ranking() -> None:
    """濮阳·全程记实 第十五条: 每月审核评分，得分排名进行季度通报 (the program's rule:
    on time full, late half, undone nothing; not yet due not counted)."""
    from paizhu_desktop.core.scoring import quarter_score, ranking, record_month_scores

    months = record_month_scores([(1, "done"), (1, "late"), (2, "done"), (2, "overdue"),
                                  (2, "done"), (3, "open"), (4, "done")])
    assert months == {1: Decimal("75.00"), 2: Decimal("66.67"), 4: Decimal("100.00")}
    assert quarter_score(months, 1) == Decimal("70.84")
    assert quarter_score(months, 3) is None
    ranked = ranking({"示例县财政局": Decimal("90.00"), "示例县审计局": Decimal("95.50"),
                      "示例县统计局": Decimal("90.00")})
    assert [(r, s) for r, _u, s in ranked] == [
        (1, Decimal("95.50")), (2, Decimal("90.00")), (2, Decimal("90.00"))]
    assert ranked[0][1] == "示例县审计局"


def test_a_record_and_an_inspection_go_to_the_chronicle_once(session: UserSession) -> None:
    """Enter once: a 全程记实 record (献县办法 第四十八条(三)) and a 督查 (第四十八条(二))
    become chronicle entries with one action, linked back (第四十九条: key points)."""
    rid = _record(session, "2025-03-03")
    target, values = session.ledgers.derive("duty_record", rid, "to_chronicle")
    assert target == "chronicle" and values["category"] == "3"
    chron = session.ledgers.add("chronicle", values)
    assert chron.values["source_id"] == rid and "党组专题会议" in chron.values["content"]
    check = session.ledgers.add("supervision_check", {
        "inspected_on": "2025-06-12", "kind": "full", "unit": "示例县财政局", "scope": "both",
        "inspectors": "派驻组全体", "findings": "“四个一”记录不完整。"})
    _t, values = session.ledgers.derive("supervision_check", check.id, "to_chronicle")
    chron = session.ledgers.add("chronicle", values)
    assert chron.values["content"].startswith("对示例县财政局开展全面督查")
    assert [e.id for e in session.ledgers.linked("supervision_check", check.id)] == [chron.id]


def test_the_use_of_the_grade_is_on_the_sheet() -> None:
    """濮阳·考核 第十六条: 优秀 予以表彰; 一般 不得评为优秀, 约谈或问责."""
    from paizhu_desktop.core.scoring import Thresholds, unit_grade_use

    fair = score_sheet(Part(70, 70, 70, 70), Part(70, 70, 70, 70))
    assert fair.grade == "fair" and "约谈或问责" in fair.text() and "第十六条" in fair.text()
    assert "予以表彰" in unit_grade_use("excellent")
    assert unit_grade_use("good") == ""
    strict = score_sheet(Part(85, 85, 85, 85), Part(85, 85, 85, 85),
                         thresholds=Thresholds(excellent=95, good=90, fair=85))
    assert strict.grade == "fair"


def test_the_decision_records_source_investigation_and_appeal(session: UserSession) -> None:
    """濮阳·问责 第三条 问题来源, 第四条 调查核实 and 陈述申辩, 第七条 申诉复查."""
    e = session.ledgers.add("accountability_decision", {
        "subject_kind": "cadre", "subject": "孙某某", "basic_info": "中共党员。",
        "facts": "履责不力。", "basis": "《中国共产党问责条例》", "method": "notice",
        "approving_body": "某党组", "appeal_body": "某党组", "source": "inspection",
        "investigation": "调查报告已与本人见面，听取其陈述申辩并记录在案。",
        "appeal": "本人提出申诉，经复查维持原决定。"})
    desc = CATALOG.ledger("accountability_decision")
    assert desc.display("source", e.values) == "巡察移送"
