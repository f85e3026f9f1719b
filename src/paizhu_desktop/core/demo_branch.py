"""Demo data (演示数据) for the branch, study and talk ledgers: a plainly fictional
year of 三会一课, 主题党日, 学习 and 谈话 (献县办法 第四章、第六章、第十一章;
濮阳·谈话).

Every name is invented; 示例县 and its units do not exist. Entries go in
through the public paths only (``add``, ``derive``, ``step``), as a clerk's would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from paizhu_desktop.core.regulations.xianxian.ch06_study import quarter_draft
from paizhu_desktop.core.session import UserSession

#: The group's own members as the demo's records name them.
MEMBERS = ["演示组长", "王明远", "李慧琴", "赵建国"]
#: Leaders of the (invented) host units: the people talks and reports are about.
HOST_LEADERS = [
    ("郑国华", "示例县财政局党组书记、局长"),
    ("冯建民", "示例县财政局党组成员、副局长"),
    ("褚文静", "示例县审计局党组书记、局长"),
    ("卫长青", "示例县统计局副局长"),
    ("蒋立新", "示例县人民检察院政治部主任"),
]

#: Approximate eves of the statutory holidays (the 廉政恳谈 a week or so before).
_HOLIDAY_TALKS = [("春节", 2, 9), ("清明节", 3, 30), ("劳动节", 4, 27), ("端午节", 6, 15),
                  ("中秋节", 9, 21), ("国庆节", 9, 28), ("元旦", 12, 26)]

_STUDY_TOPICS = [
    ("学习习近平总书记关于全面从严治党的重要论述", "theory", "《习近平关于坚持和完善党和国家监督"
     "体系论述摘编》有关篇目"),
    ("学习《中国共产党纪律处分条例》", "rules", "《中国共产党纪律处分条例》第一编"),
    ("学习《中华人民共和国监察法实施条例》", "rules", "《监察法实施条例》第三章"),
    ("监督检查中的证据收集与谈话技巧", "business", "县纪委监委业务培训讲义"),
    ("财政资金监管和政府采购有关规定", "host", "《政府采购法》及驻在部门内控制度"),
    ("学习中央纪委全会精神", "theory", "中央纪委全会工作报告"),
    ("统计造假问题的监督要点", "host", "统计法及有关通报"),
    ("学习党史中的纪律建设", "general", "《中国共产党简史》有关章节"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _absent(rng: random.Random) -> list[dict[str, str]]:
    if rng.random() < 0.25:
        reason = rng.choice(["参加县纪委监委培训", "外出办案", "病假"])
        return [{"name": "赵建国", "reason": reason}]
    return []


def _attending(absent: list[dict[str, str]]) -> str:
    away = {r["name"] for r in absent}
    return "、".join(m for m in MEMBERS if m not in away)


def fill_branch(leader: UserSession, others: dict[str, UserSession], year: int,
                rng: random.Random) -> None:
    """A year of the branch, study and talk ledgers, up to today in the current year."""
    last = min(dt.date(year, 12, 31), max(dt.date.today(), dt.date(year, 1, 1)))
    try:
        _branch_meetings(others["lihq"], year, last, rng)
        _branch_yearly(leader, others, year, last)
        _study(leader, others["lihq"], year, last, rng)
        _care_talks(leader, others, year, last)
        _pending_reminder(others["lihq"], last)
        _puyang_talks(leader, others["wangmy"], year, last)
    finally:
        for s in (leader, *others.values()):
            s.ledgers.clock = dt.datetime.now


def _branch_meetings(recorder: UserSession, year: int, last: dt.date,
                     rng: random.Random) -> None:
    """三会一课 (第十八条(一)) and 主题党日 (第十八条(二)), month by month."""
    svc = recorder.ledgers
    for month in range(1, 13):
        committee = _workday(dt.date(year, month, 6))
        if committee > last:
            break
        absent = _absent(rng)
        svc.add("branch_meeting", {
            "kind": "committee", "date": committee.isoformat(), "time": "16:00—17:00",
            "place": "派驻组会议室", "host": "演示组长", "recorder": "李慧琴", "due_count": 3,
            "attendees": "演示组长、王明远、李慧琴",
            "topics": [{"topic": f"研究{month}月份支部党建工作安排"},
                       {"topic": "研究本月主题党日活动方案"}],
            "content": "支部委员逐项讨论本月党建工作任务，明确责任人和完成时限。",
            "resolutions": f"{month}月份主题党日围绕“廉洁从政、担当作为”开展；由李慧琴负责组织。"})
        group = _workday(dt.date(year, month, 18))
        if group <= last:
            svc.add("branch_meeting", {
                "kind": "group", "date": group.isoformat(), "place": "派驻组会议室",
                "host": "王明远", "recorder": "李慧琴", "due_count": 4,
                "attendees": _attending(absent), "absentees": absent,
                "topics": [{"topic": "交流本月学习体会和思想工作情况"}],
                "content": "党小组成员逐一交流本月学习体会，查找工作作风方面的不足。"})
        day = _workday(dt.date(year, month, 8))
        if day <= last:
            absent = _absent(rng)
            svc.add("party_day", {
                "date": day.isoformat(),
                "theme": rng.choice(["重温入党誓词，坚定理想信念", "学习先进典型，争做清廉干部",
                                     "走进廉政教育基地，筑牢思想防线", "志愿服务进社区"]),
                "form": rng.choice(["study", "oath", "volunteer", "life"]),
                "place": rng.choice(["派驻组会议室", "示例县廉政教育基地", "示例县城关社区"]),
                "host": "李慧琴", "attendees": _attending(absent), "absentees": absent,
                "content": "集中学习党章有关内容，重温入党誓词，交流心得体会。",
                "effect": "增强了党员的党性意识和纪律意识。"})
        if month % 3 == 0:
            general = _workday(dt.date(year, month, 24))
            if general <= last:
                svc.add("branch_meeting", {
                    "kind": "general", "date": general.isoformat(), "place": "派驻组会议室",
                    "host": "演示组长", "recorder": "李慧琴", "due_count": 4,
                    "attendees": "演示组长、王明远、李慧琴、赵建国",
                    "topics": [{"topic": f"通报第{'一二三四'[month // 3 - 1]}季度支部工作情况"},
                               {"topic": "讨论发展党员和党费收缴情况"}],
                    "content": "支部书记通报本季度支部工作，党员围绕议题充分发表意见。",
                    "resolutions": "通过本季度支部工作情况通报；党费按时足额收缴。"})
        if month == 6 and dt.date(year, 6, 26) <= last:
            svc.add("branch_meeting", {
                "kind": "lecture", "date": _workday(dt.date(year, 6, 26)).isoformat(),
                "place": "派驻组会议室", "host": "王明远", "recorder": "李慧琴",
                "lecturer": "演示组长（支部书记）",
                "lecture_title": "严守纪律规矩，做忠诚干净担当的纪检监察干部",
                "attendees": "演示组长、王明远、李慧琴、赵建国",
                "topics": [{"topic": "支部书记讲党课"}],
                "content": "支部书记结合派驻监督工作实际，围绕纪律建设讲授专题党课。"})


def _branch_yearly(leader: UserSession, others: dict[str, UserSession], year: int,
                   last: dt.date) -> None:
    """组织生活会 and 民主评议, 换届/补选, 述职, 先锋岗, reports (第十八–二十二条)."""
    svc = others["lihq"].ledgers
    january = _workday(dt.date(year, 1, 20))
    svc.add("life_meeting", {
        "date": january.isoformat(), "year": year - 1, "life_meeting": True,
        "appraisal": True, "theme": f"{year - 1}年度组织生活会和民主评议党员",
        "place": "派驻组会议室", "host": "演示组长", "recorder": "李慧琴",
        "attendees": "演示组长、王明远、李慧琴、赵建国", "guidance": "县纪委监委机关党委",
        "criticism": "支部班子和党员逐一对照检查，开展批评与自我批评，共提出批评意见12条。",
        "results": [{"name": "演示组长", "grade": "excellent"},
                    {"name": "王明远", "grade": "excellent"},
                    {"name": "李慧琴", "grade": "qualified"},
                    {"name": "赵建国", "grade": "qualified", "remark": "学习主动性有待加强"}],
        "rectification": "针对查摆问题制定整改清单，明确整改时限。"})
    svc.add("secretary_report", {
        "year": year - 1, "date": _workday(dt.date(year, 1, 22)).isoformat(),
        "secretary": "演示组长",
        "content": "一、履行党建第一责任人责任情况\n二、存在的问题\n三、下一步打算",
        "rating": "good", "training": "参加县直机关党支部书记集中轮训3天"})
    first = svc.add("branch_election", {
        # Held this January: an election years back would make the calendar start then.
        "kind": "general", "date": _workday(dt.date(year, 1, 15)).isoformat(),
        "request_approval": "机关党委批复〔演示〕1号",
        "voters": "应到4人，实到4人",
        "elected": [{"name": "演示组长", "post": "secretary", "votes": 4},
                    {"name": "王明远", "post": "member", "votes": 4},
                    {"name": "李慧琴", "post": "member", "votes": 4}],
        "result_approval": "机关党委批复〔演示〕2号"})
    if dt.date(year, 4, 20) <= last:
        vacancy = svc.add("branch_vacancy", {
            "vacated_on": _workday(dt.date(year, 4, 20)).isoformat(), "member": "周文斌",
            "post": "member", "reason": "transfer", "details": "调整交流至示例县商务局"})
        _t, values = svc.derive("branch_vacancy", vacancy.id, "to_by_election")
        if dt.date(year, 5, 12) <= last:
            svc.add("branch_election", dict(
                values, date=_workday(dt.date(year, 5, 12)).isoformat(),
                voters="应到4人，实到4人",
                elected=[{"name": "李慧琴", "post": "member", "votes": 4}],
                notes=f"补选产生的委员任期至本届届满（{first.values['date']}换届起算三年）。"))
    for member, post, pledge in (
            ("王明远", "监督检查先锋岗", "全年督办驻在部门问题整改100%销号"),
            ("李慧琴", "学习宣传责任区", "每月组织一次集体学习并按时报送学习季报"),
            ("赵建国", "廉政风险防控责任区", "上半年完成驻在部门廉政风险点排查")):
        svc.add("vanguard_post", {
            "year": year, "member": member, "post": post,
            "duties": "立足本职，牵头做好本岗位职责范围内的工作。",
            "pledged_on": _workday(dt.date(year, 2, 25)).isoformat(), "pledge": pledge,
            "fulfilment": "按计划推进，季度评议良好。" if last.month > 6 else ""})
    reports = [
        ("family", 3, HOST_LEADERS[1],
         "本人女儿于5月18日举办婚礼，拟宴请亲属8桌，不邀请管理服务对象。",
         "8桌，约80人，限于亲属"),
        ("major", 6, HOST_LEADERS[0], "本人配偶拟在示例县经营个体餐饮店，按规定报告。", ""),
        ("personal", 9, HOST_LEADERS[4], "报告本人房产、投资等个人有关事项变化情况。", ""),
    ]
    for kind, month, (person, post), matter, scale in reports:
        day = _workday(dt.date(year, month, 10))
        if day > last:
            continue
        report = svc.add("personal_report", {
            "kind": kind, "reported_on": day.isoformat(), "person": person, "post": post,
            "matter": matter, "scale": scale, "received_by": "演示组长",
            "handling": "已登记备案，提醒严格遵守有关规定。"})
        if kind == "major":
            _t, values = leader.ledgers.derive("personal_report", report.id, "to_pledge")
            leader.ledgers.add("integrity_pledge", dict(
                values, date=(day + dt.timedelta(days=3)).isoformat(), talker="演示组长",
                requirements="严格遵守领导干部配偶经商办企业有关规定，不得利用职务影响为其谋利。",
                pledge="本人承诺不利用职权和职务影响为配偶经营活动提供便利，如有违反愿承担责任。"))


def _study(leader: UserSession, recorder: UserSession, year: int, last: dt.date,
           rng: random.Random) -> None:
    """学习计划, 集体学习 and 学习季报 (第三十–三十一条)."""
    plan = recorder.ledgers.add("study_plan", {
        "year": year, "made_on": _workday(dt.date(year, 1, 10)).isoformat(),
        "goals": "坚持以学铸魂、以学增智，全年集体学习不少于24次，每人撰写心得体会不少于4篇。",
        "focus": "政治理论、党规党纪、纪检监察业务、驻在部门业务知识。",
        "schedule": [{"month": m, "topic": _STUDY_TOPICS[(m - 1) % len(_STUDY_TOPICS)][0],
                      "category": _STUDY_TOPICS[(m - 1) % len(_STUDY_TOPICS)][1],
                      "form": "collective" if m % 3 else "seminar",
                      "speaker": MEMBERS[m % len(MEMBERS)]} for m in range(1, 13)],
        "daily_hour": "利用学习强国、纪检监察内网落实“工作日每天学习一小时”。"})
    recorder.ledgers.step("study_plan", plan.id, "submit")
    leader.ledgers.clock = _clock(_at(_workday(dt.date(year, 1, 13)), 10))
    leader.ledgers.step("study_plan", plan.id, "approve", note="同意")
    for month in range(1, 13):
        for day_of_month in (9, 23):
            day = _workday(dt.date(year, month, day_of_month))
            if day > last:
                break
            topic, category, materials = rng.choice(_STUDY_TOPICS)
            absent = _absent(rng)
            recorder.ledgers.add("group_study", {
                "date": day.isoformat(), "topic": topic, "category": category,
                "form": "collective" if rng.random() < 0.75 else "seminar",
                "materials": materials, "minutes": rng.choice([60, 90, 90, 120]),
                "host": "演示组长", "speakers": rng.choice(MEMBERS[:3]),
                "attendees": _attending(absent), "absentees": absent,
                "notes": "领学人逐段领学，与会人员结合工作交流学习体会。"})
    for quarter in range(1, 5):
        end = dt.date(year, quarter * 3, 1) + dt.timedelta(days=31)
        end = end.replace(day=1) - dt.timedelta(days=1)
        if end > last:
            break
        studies = recorder.ledgers.list(
            "group_study", date_from=f"{year}-{quarter * 3 - 2:02d}-01",
            date_to=end.isoformat())
        values = quarter_draft(studies, year, quarter)
        values["content"] = values["content"] + "\n按照年度学习计划继续抓好集体学习，督促个人自学。"
        report = recorder.ledgers.add("study_report", values)
        recorder.ledgers.step("study_report", report.id, "submit")
        leader.ledgers.clock = _clock(_at(_workday(end - dt.timedelta(days=3)), 15))
        leader.ledgers.step("study_report", report.id, "review", note="同意报送")
        # One quarter's report went out a few days late, as happens.
        sent = end + dt.timedelta(days=4) if quarter == 2 else end
        recorder.ledgers.clock = _clock(_at(sent, 16))
        recorder.ledgers.step("study_report", report.id, "send")


def _care_talks(leader: UserSession, others: dict[str, UserSession], year: int,
                last: dt.date) -> None:
    """谈心谈话 (第四十五–四十六条) and 提醒谈话 (第四十七条)."""
    svc = others["lihq"].ledgers
    for month in (3, 9):
        for k, (person, post) in enumerate((("王明远", "副组长"), ("李慧琴", "工作人员"),
                                            ("赵建国", "工作人员"))):
            day = _workday(dt.date(year, month, 12 + 2 * k))
            if day > last:
                continue
            talk = leader.ledgers.add("care_talk", {
                "date": day.isoformat(), "kind": "regular", "talker": "演示组长",
                "person": person, "post": post, "form": "individual", "place": "组长办公室",
                "recorder": "李慧琴" if person != "李慧琴" else "王明远",
                "situation": "思想稳定，学习认真，能够按时完成监督检查任务；家庭生活正常。",
                "suggestions": "希望多安排业务培训和跟班学习机会。",
                "problems": "工作中主动研究驻在部门业务不够。",
                "follow_up": "推荐参加县纪委监委业务培训。"})
            svc.step("care_talk", talk.id, "sign",
                     data={"signed_on": (day + dt.timedelta(days=1)).isoformat()})
    if dt.date(year, 5, 6) <= last:
        talk = leader.ledgers.add("care_talk", {
            "date": _workday(dt.date(year, 5, 6)).isoformat(), "kind": "triggered",
            "trigger": "3", "talker": "演示组长", "person": "赵建国", "post": "工作人员",
            "form": "individual", "place": "组长办公室", "recorder": "王明远",
            "situation": "本人即将轮岗交流到县纪委监委机关，思想上有顾虑。",
            "follow_up": "做好工作交接，保持联系。"})
        svc.step("care_talk", talk.id, "sign", data={"signed_on": _workday(
            dt.date(year, 5, 7)).isoformat()})
    # A 提醒谈话 of a host-unit leader after a petition (濮阳·谈话 第十六–十八条).
    if dt.date(year, 7, 20) <= last:
        person, post = HOST_LEADERS[3]
        talk = svc.add("reminder_talk", {
            "subject": "leader", "person": person, "post": post, "source": "petition",
            "problem": "群众反映其在统计调查项目审批中存在拖延、作风不实的苗头。",
            "planned_on": _workday(dt.date(year, 7, 20)).isoformat(), "talker": "演示组长",
            "talker_post": "派驻纪检监察组组长", "recorder": "李慧琴",
            "plan": "一、谈话目的：提醒其改进作风。\n二、时间地点：7月下旬，派驻组谈话室。",
            "outline": "一、了解审批项目办理情况。\n二、指出群众反映的问题。\n三、提出整改要求。"})
        leader.ledgers.clock = _clock(_at(_workday(dt.date(year, 7, 17)), 9))
        leader.ledgers.step("reminder_talk", talk.id, "approve_plan", note="同意")
        svc.step("reminder_talk", talk.id, "record_talk", data={
            "talked_at": _at(_workday(dt.date(year, 7, 20)), 10).isoformat(),
            "place": "派驻组谈话室",
            "record": "谈话人指出群众反映的问题，要求其正确对待、立行立改。",
            "statement": "本人接受组织提醒，将认真查找不足，一个月内将整改情况书面报告。"})
        svc.step("reminder_talk", talk.id, "sign", data={
            "signed_on": _workday(dt.date(year, 7, 20)).isoformat()})


def _pending_reminder(recorder: UserSession, last: dt.date) -> None:
    """A 提醒谈话 whose plan waits for the 组长 (第三十一条: 参加学习不主动的约谈提醒)."""
    recorder.ledgers.add("reminder_talk", {
        "subject": "member", "person": "赵建国", "post": "工作人员", "source": "daily",
        "problem": "近两个月三次缺席集体学习，学习笔记不全，参加学习不主动"
                   "（献县办法 第三十一条）。",
        "planned_on": last.isoformat(),
        "talker": "演示组长", "talker_post": "派驻纪检监察组组长", "recorder": "李慧琴",
        "plan": "一、谈话目的：提醒其端正学习态度。\n二、时间地点：组长办公室。",
        "outline": "一、了解缺席原因。\n二、指出存在的问题。\n三、提出补学要求。"})


def _puyang_talks(leader: UserSession, member: UserSession, year: int, last: dt.date) -> None:
    """The five talks of 濮阳·谈话 (第六条), with the 任前名单 and 调离登记表."""
    svc = member.ledgers
    lists: list[tuple[int, int, int | None, list[tuple[str, str, str]]]] = [
        (3, 2, 10, [("冯建民", "示例县财政局办公室主任", "示例县财政局党组成员、副局长")]),
        (8, 15, 22, [("蒋立新", "示例县人民检察院办公室主任", "示例县人民检察院政治部主任"),
                     ("卫长青", "示例县统计局综合股股长", "示例县统计局副局长")]),
        (11, 10, None, [("陶明辉", "示例县审计局法规股股长", "示例县审计局副局长")]),
    ]
    for month, day_of_month, received_after, people in lists:
        decided = _workday(dt.date(year, month, day_of_month))
        if decided > last:
            continue
        received = decided + dt.timedelta(days=received_after) if received_after else None
        entry = svc.add("pre_appointment_list", {
            "decided_on": decided.isoformat(), "decision": f"县委组织部〔演示〕{month}号任职通知",
            "provider": "示例县委组织部",
            **({"received_on": received.isoformat()} if received and received <= last else {}),
            "people": [{"name": n, "old_post": o, "new_post": p} for n, o, p in people]})
        if received is None or received > last:
            continue
        _t, values = svc.derive("pre_appointment_list", entry.id, "to_talk")
        talk_day = _workday(received + dt.timedelta(days=5))
        if talk_day > last:
            continue
        talk = svc.add("pre_appointment_talk", dict(
            values, date=talk_day.isoformat(), talker="演示组长",
            talker_post="派驻纪检监察组组长", recorder="王明远", place="派驻组谈话室",
            content="学习党章和廉洁自律准则，明确新岗位的党风廉政建设责任和廉洁自律要求。",
            response="坚决服从组织安排，严格遵守廉洁自律各项规定。"))
        svc.step("pre_appointment_talk", talk.id, "sign",
                 data={"signed_on": talk_day.isoformat()})
    for person, old, new, month, filed_after in (
            ("周文斌", "示例县财政局副局长", "示例县商务局局长", 4, 40),
            ("吴丽华", "示例县审计局副局长", "示例县发改委副主任", 10, None)):
        left = _workday(dt.date(year, month, 15))
        if left > last:
            continue
        filed = left + dt.timedelta(days=filed_after) if filed_after else None
        svc.add("transfer_register", {
            "person": person, "old_post": old, "new_post": new, "left_on": left.isoformat(),
            "documents": "已清交全部公文", "property": "已清交办公电脑1台、文件柜钥匙",
            "funds": "无经管公款", "farewell": "未组织迎送活动",
            "relations": "组织关系、工资关系已转出", "filled_by": old.split("局")[0] + "局",
            **({"filed_on": filed.isoformat()} if filed and filed <= last else {})})
    for holiday, month, day_of_month in _HOLIDAY_TALKS:
        day = _workday(dt.date(year, month, day_of_month))
        if day > last:
            continue
        svc.add("integrity_talk", {
            "holiday": holiday, "date": day.isoformat(), "place": "示例县财政局党组会议室",
            "host": "郑国华", "talker": "郑国华、演示组长",
            "participants": "示例县财政局党组成员、各股室负责人",
            "content": f"{holiday}前廉政恳谈：重申中央八项规定精神，严禁公款吃喝、"
                       "违规收送礼品礼金。",
            "requirements": "节日期间严格执行值班制度，发现问题及时报告。"})
    for month in (6, 12):
        day = _workday(dt.date(year, month, 10))
        if day > last:
            continue
        person, post = HOST_LEADERS[0]
        talk = leader.ledgers.add("accountability_talk", {
            "date": day.isoformat(), "reason": "regular", "talker": "演示组长",
            "talker_post": "派驻纪检监察组组长", "person": person, "post": post,
            "recorder": "王明远", "place": "派驻组谈话室",
            "content": "听取履行全面从严治党主体责任和本人廉洁自律情况汇报。",
            "problems": "对下属股室廉政风险防控督促不够。",
            "requirements": "一个月内组织开展廉政风险点再排查。",
            "response": "虚心接受，立即部署落实。"})
        svc.step("accountability_talk", talk.id, "sign", data={"signed_on": day.isoformat()})
    if dt.date(year, 9, 5) <= last:
        person, post = HOST_LEADERS[1]
        decided = _workday(dt.date(year, 9, 1))
        talk = leader.ledgers.add("admonition_talk", {
            "person": person, "post": post,
            "profile": "男，1972年出生，中共党员，本年任现职。",
            "ground": "2", "reason": "分管的预算评审工作把关不严，虽不构成违纪但造成不良影响。",
            "decided_by": "中共示例县纪委", "decision_no": "示纪诫〔演示〕1号",
            "decided_on": decided.isoformat(), "talker": "演示组长",
            "talker_post": "派驻纪检监察组组长", "recorder": "王明远",
            "recorder_post": "派驻纪检监察组副组长",
            "explanation_due": (decided + dt.timedelta(days=14)).isoformat()})
        steps: list[tuple[str, dict[str, Any]]] = [
            ("record_talk", {"talked_at": _at(_workday(dt.date(year, 9, 5)), 9).isoformat(),
                             "place": "派驻组谈话室",
                             "record": "谈话人说明诫勉事由，谈话对象如实说明有关情况并作出检讨。",
                             "requirements": "两周内提交书面检查，切实整改。"}),
            ("sign", {"signed_on": _workday(dt.date(year, 9, 5)).isoformat()}),
            ("explain", {"explanation_on": _workday(dt.date(year, 9, 14)).isoformat(),
                         "countersigned_by": "郑国华"}),
        ]
        for action, data in steps:
            svc.step("admonition_talk", talk.id, action, data=data)
        leader.ledgers.clock = _clock(_at(_workday(dt.date(year, 9, 16)), 10))
        leader.ledgers.step("admonition_talk", talk.id, "file",
                            note="诫勉谈话决定和检查材料已交组织部门和纪委归档")
