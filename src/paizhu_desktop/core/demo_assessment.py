"""演示数据 for assessment, the duty record, 述责述廉, 问责, 巡察 rectification and the
host unit's duty list (献县办法 第十七章; 濮阳五项制度; 杨陵巡察办法; 庆城两个责任办法).

Every name is invented (示例县 does not exist). Entries are dated up to today in
the current year; steps are taken as their people would, at the time they would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from paizhu_desktop.core.regulations.others.qingcheng import LIST_ITEMS
from paizhu_desktop.core.session import UserSession

HOST = "示例县财政局"
HOST_SECRETARY = "钱某某（示例县财政局党组书记、局长）"


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def _workdays_after(day: dt.date, n: int) -> dt.date:
    """``n`` working days (Monday–Friday) after ``day``: close enough for demo data."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def fill_assessment(leader: UserSession, others: dict[str, UserSession], year: int,
                    rng: random.Random) -> None:
    """All of this part's ledgers for ``year`` (and the assessment of the year before)."""
    last = min(dt.date(year, 12, 31), max(dt.date.today(), dt.date(year, 1, 1)))
    try:
        _chapter_17(leader, others, year, last)
        _duty_record(leader, others["lihq"], year, last, rng)
        _reports(leader, others["wangmy"], year, last)
        _puyang_assessment(leader, others["wangmy"], year, last)
        _accountability(leader, others["wangmy"], year, last)
        _yangling(leader, others, year, last)
        _qingcheng(others["wangmy"], year, last, rng)
    finally:
        for s in (leader, *others.values()):
            s.ledgers.clock = dt.datetime.now


def _chapter_17(leader: UserSession, others: dict[str, UserSession], year: int,
                last: dt.date) -> None:
    """第六十九–七十二条: last year's annual assessment in January, this year's 平时 and 专项."""
    svc = others["wangmy"].ledgers
    annual_day = dt.date(year, 1, 20)
    if annual_day <= last:
        svc.add("group_assessment", {
            "year": year - 1, "kind": "annual", "assessed_on": annual_day.isoformat(),
            "areas": [{"area": "1", "finding": "全年开展监督检查26次，发现问题41个，均督促整改"},
                      {"area": "2", "finding": "办理问题线索9件，立案2件"},
                      {"area": "3", "finding": "问责2人，程序规范"},
                      {"area": "6", "finding": "学习制度落实较好，台账规范"}],
            "grade": "good", "previous_grade": "excellent",
            "feedback_on": (annual_day + dt.timedelta(days=9)).isoformat(),
            "host_notified_on": (annual_day + dt.timedelta(days=12)).isoformat(),
            "notes": "针对反馈的“监督方式单一”问题，已制定改进措施。"})
        for person, post, leader_flag, grade, previous in (
                ("演示组长", "组长", True, "competent", "competent"),
                ("王明远", "副组长", True, "excellent", "competent"),
                ("李慧琴", "工作人员", False, "competent", "competent"),
                ("赵建国", "工作人员", False, "competent", "excellent"),
                ("陈晓峰", "工作人员", False, "basic", "basic")):
            svc.add("cadre_assessment", {
                "year": year - 1, "person": person, "post": post, "is_leader": leader_flag,
                "proposed_grade": grade, "grade": grade, "previous_grade": previous,
                "decided_on": (annual_day + dt.timedelta(days=5)).isoformat(),
                "fed_back_on": (annual_day + dt.timedelta(days=10)).isoformat(),
                "remarks": "政治坚定，履职尽责；年度工作任务完成。"})
        for unit, person in (("示例县财政局国库支付中心", "周文斌"),
                             ("示例县财政局非税收入管理局", "吴丽华")):
            svc.add("subordinate_assessment", {
                "year": year - 1, "unit": unit, "person": person, "post": "纪检委员",
                "personnel_dept": "示例县财政局人事股",
                "assessed_on": (annual_day + dt.timedelta(days=3)).isoformat(),
                "work_finding": "纪检工作制度健全，开展廉政提醒和警示教育，配合派驻组监督检查。",
                "grade": "competent"})
    for day, kind, finding in ((dt.date(year, 6, 28), "regular", "上半年工作推进有序"),
                               (dt.date(year, 9, 15), "special", "“三重一大”监督专项考核")):
        if day <= last:
            svc.add("group_assessment", {
                "year": year, "kind": kind, "assessed_on": day.isoformat(),
                "areas": [{"area": "1", "finding": finding}],
                "notes": "对口联系监督检查室组织实施。"})


_INDICATORS = [
    ("common", "principal", "leadership", "每年至少召开两次党组专题会议研究党风廉政建设",
     "庆城两个责任办法 第九条第1项", "每年至少两次", (6, 30)),
    ("common", "principal", "leadership", "向县委、县纪委报告党风廉政建设工作情况",
     "庆城两个责任办法 第九条第3项", "每年1次", (12, 20)),
    ("common", "principal", "head", "党组书记为干部作党风廉政建设专题辅导报告",
     "庆城两个责任办法 第十条第6项", "每年至少1次", (10, 31)),
    ("common", "principal", "members", "班子成员落实“四个一”要求",
     "庆城两个责任办法 第十一条第6项", "每季度", (12, 31)),
    ("common", "supervisory", "discipline", "与班子成员就落实党风廉政建设责任制交换意见",
     "庆城两个责任办法 第十三条第2项", "每半年", (6, 30)),
    ("common", "supervisory", "discipline", "向县纪委报告履行监督责任情况",
     "庆城两个责任办法 第十三条第10项", "每年", (12, 25)),
    ("specific", "supervisory", "discipline", "对财政资金拨付开展专项监督",
     "派驻组年度工作要点", "上半年完成", (5, 31)),
    ("specific", "principal", "leadership", "完善政府采购内控制度",
     "驻在部门年度工作要点", "年内完成", (11, 30)),
]

#: (责任类别, 责任主体, 事项, 地点, 人物, 摘要, the indicator it fulfils or -1).
_RECORD_MATTERS = [
    ("principal", "leadership", "党组专题会议研究党风廉政建设", "局党组会议室",
     "党组书记钱某某及全体党组成员，派驻组组长列席",
     "传达上级党风廉政建设工作部署，研究本单位贯彻落实措施，明确责任分工。", 0),
    ("principal", "members", "班子成员听取分管部门党风廉政建设情况汇报", "局三楼会议室",
     "分管副局长、预算股和国库股负责人", "听取分管股室党风廉政建设情况汇报，提出廉政要求。", 3),
    ("supervisory", "discipline", "对财政资金拨付开展专项监督检查", "示例县财政局国库股",
     "派驻组王明远、李慧琴", "抽查资金拨付凭证80份，发现审批手续不全问题2个，已反馈整改。", 6),
    ("supervisory", "discipline", "节前廉政提醒", "派驻组",
     "派驻组全体人员", "向驻在部门发出节前廉政提醒，明确纪律要求。", -1),
    ("principal", "head", "党组书记约谈班子成员", "书记办公室",
     "党组书记钱某某、副局长二人", "就履行“一岗双责”情况进行约谈，提出具体要求。", -1),
]


def _duty_record(leader: UserSession, recorder: UserSession, year: int, last: dt.date,
                 rng: random.Random) -> None:
    """濮阳·全程记实: indicators, records signed off mostly within 3 working days, the
    monthly notice by the 25th and the half-year reports."""
    svc = recorder.ledgers
    indicators = []
    set_on = dt.date(year, 1, 10)
    if set_on > last:
        return
    for kind, resp, subject, content, source, freq, (m, d) in _INDICATORS:
        indicators.append(svc.add("duty_indicator", {
            "year": year, "kind": kind, "responsibility": resp, "subject": subject,
            "content": content, "source": source, "frequency": freq,
            "deadline": dt.date(year, m, d).isoformat(), "responsible": "驻在部门党组",
            "set_on": set_on.isoformat()}))
    month_end = last.month if last.year == year else 12
    for month in range(1, month_end + 1):
        for k in range(2):
            day = dt.date(year, month, 6 + 11 * k + rng.randrange(4))
            if day > last - dt.timedelta(days=1):
                continue
            resp, subject, matter, place, people, summary, which = rng.choice(_RECORD_MATTERS)
            extra = {"indicator_id": indicators[which].id} if which >= 0 else {}
            entry = svc.add("duty_record", {
                "occurred_on": day.isoformat(), "place": place, "people": people,
                "matter": matter, "responsibility": resp, "subject": subject,
                "summary": summary, "evidence": "会议记录、签到表、照片",
                "paper_file": f"QCJS-{year}-{month:02d}{k + 1}", **extra})
            # Most are signed off within 3 working days (第十条); now and then late.
            lag = rng.choice([1, 1, 2, 2, 3, 5])
            sign_day = _workdays_after(day, lag)
            if sign_day < last:
                leader.ledgers.clock = _clock(_at(sign_day, 16))
                leader.ledgers.step("duty_record", entry.id, "sign_off", note="内容属实")
        notice_day = dt.date(year, month, 20 + (3 if month % 5 else 7))
        if notice_day <= last:
            svc.add("duty_notice", {
                "notified_on": notice_day.isoformat(), "month": month,
                "content": f"{month}月履行主体责任记实{rng.randint(3, 6)}项、监督责任记实"
                           f"{rng.randint(2, 4)}项；下月到期指标请提前安排。"})
    for half, day in ((1, dt.date(year, 6, 26)), (2, dt.date(year, 12, 28))):
        if day <= last:
            svc.add("duty_report", {
                "year": year, "half": str(half), "doc_number": f"示财党〔{year}〕{10 + half}号",
                "reported_on": day.isoformat(),
                "content": "一、履行主体责任情况\n二、履行监督责任情况\n三、存在的问题\n"
                           "四、下一步工作打算"})


def _reports(leader: UserSession, deputy: UserSession, year: int, last: dt.date) -> None:
    """濮阳·述责述廉: the half-yearly report with feedback and rectification; the yearly
    in-unit appraisal computed from its votes."""
    for half, day in ((1, dt.date(year, 7, 5)), (2, dt.date(year, 12, 30))):
        if day > last:
            continue
        values: dict[str, Any] = {
            "year": year, "half": str(half), "reporter": HOST_SECRETARY,
            "submitted_on": day.isoformat(),
            "published_on": (day + dt.timedelta(days=3)).isoformat(),
            "achievements": "召开党组专题会议两次，签订党风廉政建设责任书32份，开展警示教育"
                            "两次；落实“一岗双责”，班子成员落实“四个一”要求。",
            "problems": "对下属单位监督压力传导不够；廉政风险点排查不够细；个别股室财务审批"
                        "手续不全，制度执行有偏差。",
            "measures": "健全责任清单，逐级传导压力；重新排查廉政风险点并完善防控措施；"
                        "规范财务审批流程，开展专项检查。",
            "group_opinion": "报告问题查摆较具体，整改措施需明确时限。"}
        feedback = day + dt.timedelta(days=15)
        if feedback <= last:
            values.update(feedback_on=feedback.isoformat(),
                          feedback="问题查摆需进一步深入，整改措施要具体可行。")
            if feedback + dt.timedelta(days=8) <= last:
                values["rectified_on"] = (feedback + dt.timedelta(days=8)).isoformat()
        deputy.ledgers.add("duty_speech", values)
    held = dt.date(year, 12, 18)
    if held <= last:
        deputy.ledgers.add("duty_appraisal", {
            "held_on": held.isoformat(), "person": HOST_SECRETARY,
            "plan_filed_on": (held - dt.timedelta(days=10)).isoformat(),
            "participants": "中层以上干部、职工代表和部分服务对象共46人",
            "supervisor": "派驻组组长", "votes_excellent": 30, "votes_good": 12,
            "votes_fair": 4, "votes_poor": 0, "follow_up": "评议结果归入廉洁档案。"})


def _puyang_assessment(leader: UserSession, deputy: UserSession, year: int,
                       last: dt.date) -> None:
    """濮阳·考核: quarterly notices, half-yearly full inspections, last year's score sheets."""
    for quarter in range(1, 5):
        day = dt.date(year, quarter * 3, 25)
        if day <= last:
            deputy.ledgers.add("supervision_check", {
                "inspected_on": day.isoformat(), "kind": "quarterly", "unit": HOST,
                "scope": "both", "inspectors": "派驻组王明远、李慧琴",
                "findings": f"第{quarter}季度全程记实上传及时，得分较上季度提高。",
                "ranking": f"{88 + quarter}分，第{5 - quarter}名"})
    for day in (dt.date(year, 6, 12), dt.date(year, 11, 20)):
        if day <= last:
            deputy.ledgers.add("supervision_check", {
                "inspected_on": day.isoformat(), "kind": "full", "unit": HOST, "scope": "both",
                "inspectors": "派驻组全体人员",
                "findings": "对照责任清单和工作台账逐项检查：个别班子成员“四个一”记录不完整。",
                "rectification": "补齐记录，规范台账。",
                "deadline": (day + dt.timedelta(days=30)).isoformat(),
                "rectified": "已补齐并规范。" if day + dt.timedelta(days=30) < last else ""})
    day = dt.date(year, 1, 25)
    if day <= last:
        for unit, scores, items, caps in (
                ("示例县财政局党组", ("92.5", "95.36", "90", "88.5", "90", "92.5", "94", "90"),
                 [{"item": "award_province", "project": "清廉机关创建",
                   "detail": "获省级清廉机关创建示范单位（示例文件）"},
                  {"item": "award_city", "project": "清廉机关创建",
                   "detail": "获市级清廉机关创建示范单位（示例文件）"}], {}),
                ("示例县审计局党组", ("85.5", "88", "86.24", "90", "84", "86.5", "88", "85"),
                 [{"item": "discipline_section", "detail": "某科长受党纪处分，单位未主动上报"}],
                 {"head_disciplined": False})):
            # Scores in decimals (濮阳·考核 第十条; 0.5 points are normal, 第十四条).
            names = [f"{p}_{s}_score" for p in "ps"
                     for s in ("daily", "vote", "survey", "test")]
            deputy.ledgers.add("score_sheet", {
                "year": year - 1, "unit": unit, "assessed_on": day.isoformat(),
                **dict(zip(names, scores, strict=True)), "items": items, **caps})


def _accountability(leader: UserSession, deputy: UserSession, year: int,
                    last: dt.date) -> None:
    """濮阳·问责: a 组织调整 carried out within the month, a 诫勉 delivered; the reports."""
    cases = (
        (dt.date(year, 4, 8), "cadre", "孙某某（示例县财政局某股股长）", "org_adjust",
         "履行监管职责不力，所在股室发生违规发放补贴问题。"),
        (dt.date(year, 9, 16), "cadre", "周某某（示例县财政局某中心副主任）", "admonish",
         "落实主体责任不到位，对下属人员教育管理不严。"),
    )
    for day, kind, subject, method, facts in cases:
        if day > last:
            continue
        e = deputy.ledgers.add("accountability_decision", {
            "decided_on": day.isoformat(), "doc_number": f"示财党〔{year}〕{day.month}号",
            "subject_kind": kind, "subject": subject,
            "basic_info": "男，1978年生，中共党员，大学学历。", "facts": facts,
            "basis": "《中国共产党问责条例》第六条、第七条", "method": method,
            "approving_body": "中共示例县财政局党组", "effective_on": day.isoformat(),
            "appeal_body": "中共示例县财政局党组"})
        delivered = day + dt.timedelta(days=2)
        if delivered <= last:
            deputy.ledgers.clock = _clock(_at(delivered))
            deputy.ledgers.step("accountability_decision", e.id, "deliver",
                                data={"delivered_on": delivered.isoformat()})
            executed = day + dt.timedelta(days=20)
            if method == "org_adjust" and executed <= last:
                deputy.ledgers.clock = _clock(_at(executed))
                deputy.ledgers.step("accountability_decision", e.id, "execute", data={
                    "executed_on": executed.isoformat(),
                    "execution": "已调整工作岗位，决定材料归入个人档案和廉洁档案。"})
    for half, day in ((1, dt.date(year, 7, 3)), (2, dt.date(year, 12, 29))):
        if day <= last:
            deputy.ledgers.add("accountability_report", {
                "year": year, "half": str(half), "reported_on": day.isoformat(),
                "organisations": 0, "cadres": 1,
                "content": "本半年问责领导干部1人，程序规范，决定均已送达执行。"})


def _yangling(leader: UserSession, others: dict[str, UserSession], year: int,
              last: dt.date) -> None:
    """杨陵巡察办法: referrals in every state; a rectification with its list of problems."""
    member = others["wangmy"]
    for k, (month, kind, problem) in enumerate((
            (3, "lead", "反映某股室负责人在项目资金拨付中收受好处费。"),
            (5, "conduct", "部分干部上班时间脱岗，作风散漫。"),
            (10, "lead", "反映某中心负责人违规报销差旅费。"))):
        received = dt.date(year, month, 12)
        if received > last:
            continue
        e = member.ledgers.add("inspection_referral", {
            "received_on": received.isoformat(), "inspection": f"县委第{k + 2}轮巡察第一巡察组",
            "inspected_unit": HOST, "kind": kind, "subject": "某股室负责人",
            # The last one came during the inspection, with the 领导小组's approval (第二十六条).
            "stage": "during" if k == 2 else "after", "problem": problem})
        proposed = _workdays_after(received, 6)
        if proposed >= last:
            continue
        member.ledgers.clock = _clock(_at(proposed))
        member.ledgers.step("inspection_referral", e.id, "propose", data={
            "disposal": "preliminary" if kind == "lead" else "inquiry",
            "disposal_note": "按干部管理权限办理", "disposal_on": proposed.isoformat()})
        leader.ledgers.clock = _clock(_at(proposed + dt.timedelta(days=1), 15))
        leader.ledgers.step("inspection_referral", e.id, "approve", note="同意")
        fed_back = received + dt.timedelta(days=80)
        if fed_back < last:
            member.ledgers.clock = _clock(_at(fed_back))
            member.ledgers.step("inspection_referral", e.id, "feed_back", data={
                "result": "已按处置意见办理完毕，结果书面反馈巡察办。",
                "fed_back_on": fed_back.isoformat()})
    meeting = dt.date(year, 4, 20)
    if meeting > last:
        return
    r = member.ledgers.add("inspection_rectification", {
        "inspected_unit": HOST, "inspection": "县委第二轮巡察",
        "feedback_meeting_on": meeting.isoformat(),
        "feedback": "反馈问题三个方面共4个：落实主体责任不到位、“三重一大”决策不规范、"
                    "公务接待管理不严、选人用人程序不规范。",
        "plan_on": _workdays_after(meeting, 8).isoformat(),
        **({"report_on": (meeting + dt.timedelta(days=85)).isoformat(),
            "leader_report_on": (meeting + dt.timedelta(days=85)).isoformat()}
           if meeting + dt.timedelta(days=85) <= last else {}),
        "follow_ups": [
            {"date": (meeting + dt.timedelta(days=30)).isoformat(), "way": "2",
             "finding": "审阅整改方案，要求细化措施"},
            {"date": (meeting + dt.timedelta(days=60)).isoformat(), "way": "7",
             "finding": "实地调研采购制度修订情况"}]})
    for i, (problem, deadline_days) in enumerate((
            ("落实主体责任不到位，专题研究不够", 30), ("“三重一大”事项决策程序不规范", 60),
            ("公务接待管理不严，超标准接待", 45), ("选人用人程序不规范", 120))):
        _t, values = member.ledgers.derive("inspection_rectification", r.id, "to_item")
        item = member.ledgers.add("rectification_item", {
            **values, "problem": problem, "measures": "制定整改措施，修订制度，开展自查自纠",
            "responsible": "分管副局长",
            "deadline": (meeting + dt.timedelta(days=deadline_days)).isoformat()})
        done = meeting + dt.timedelta(days=deadline_days - 3)
        if i < 3 and done < last:
            member.ledgers.step("rectification_item", item.id, "close", data={
                "completed_on": done.isoformat(), "verification": "查阅资料并实地核实，已整改到位"})


def _qingcheng(deputy: UserSession, year: int, last: dt.date, rng: random.Random) -> None:
    """庆城两个责任办法: each listed item done at its frequency (one missed), letters."""
    months = {"year": [3], "half": [3, 9], "quarter": [2, 5, 8, 11]}
    for item in LIST_ITEMS:
        days = [dt.date(year, m, 10 + rng.randrange(10)) for m in months[item.period]]
        if item.count == 2:
            days = [dt.date(year, 3, 18), dt.date(year, 9, 22)]
        if item.code == "guidance_lecture":
            continue  # not yet given: the calendar shows it open
        for day in days:
            if day > last:
                continue
            deputy.ledgers.add("host_duty_check", {
                "done_on": day.isoformat(), "item": item.code, "host_unit": HOST,
                "responsible": "党组书记" if item.article.startswith("第十条") else
                "驻在部门党组" if item.article.startswith("第九条") else "班子成员",
                "content": f"{item.label.split('（')[0]}，有会议记录和相关材料。",
                "verified_by_group": rng.choice(["列席会议", "查阅记录", "听取汇报"]),
                "group_found": rng.choice(["", "记录不够详细，已提醒完善。",
                                           "建议结合廉政风险点细化措施。"])})
    for month, handling, summary in ((2, "direct", "反映某干部违规接受服务对象宴请。"),
                                     (6, "transfer", "反映某下属单位办事效率低。"),
                                     (9, "keep", "反映内容不具体，无可查性。")):
        day = dt.date(year, month, 14)
        if day <= last:
            deputy.ledgers.add("petition_letter", {
                "received_on": day.isoformat(), "source": "来信", "reported": "某干部",
                "summary": summary, "handling": handling,
                "handled_on": (day + dt.timedelta(days=5)).isoformat(),
                "result": "已按规定处理并登记。"})
