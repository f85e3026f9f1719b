"""Demo entries (演示数据) for 献县办法 第二、三、八、九、十章: a year of work reports,
约谈, contacts, tasks handed down, 一函两书, 三重一大 supervision, 监督意见,
廉政风险点, 政治生态研判, 问题线索, field research with its 督办台账, 请示报告
and 重要事项通报. Every name is invented: 示例县 and its units do not exist.

Entries go in through the public paths only (add, derive, step), each step
taken by the account the workflow names, at the business time it would have
happened.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from paizhu_desktop.core.session import UserSession

UNITS = ["示例县财政局", "示例县人民检察院", "示例县审计局", "示例县统计局"]
SECRETARIES = {"示例县财政局": "钱志远", "示例县人民检察院": "郑国栋",
               "示例县审计局": "冯静", "示例县统计局": "褚卫东"}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def _last_day(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), max(dt.date.today(), dt.date(year, 1, 1)))


class _Team:
    """The demo accounts, each stepping at a given business time."""

    def __init__(self, leader: UserSession, others: dict[str, UserSession]) -> None:
        self.leader, self.deputy, self.member = leader, others["wangmy"], others["lihq"]
        self.all = (leader, self.deputy, self.member)

    def at(self, moment: dt.datetime) -> None:
        for s in self.all:
            s.ledgers.clock = _clock(moment)

    def reset(self) -> None:
        for s in self.all:
            s.ledgers.clock = dt.datetime.now


def fill_supervision(leader: UserSession, others: dict[str, UserSession], year: int,
                     rng: random.Random) -> None:
    """Fill the ledgers of 第二、三、八、九、十章 for ``year`` (up to today)."""
    team = _Team(leader, others)
    try:
        _leadership(team, year, rng)
        _supervision(team, year, rng)
        _research(team, year, rng)
        _requests(team, year, rng)
        _notifications(team, year, rng)
    finally:
        team.reset()


def _days(year: int, count: int, rng: random.Random, start: int = 10) -> list[dt.date]:
    first = dt.date(year, 1, 1) + dt.timedelta(days=start)
    span = max(1, (_last_day(year) - first).days)
    return sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(count))


# -- 第二章 ------------------------------------------------------------------------------

def _leadership(team: _Team, year: int, rng: random.Random) -> None:
    today = dt.date.today()
    for half, heard in ((1, dt.date(year, 6, 26)), (2, dt.date(year, 12, 28))):
        if heard > today:
            continue
        entry = team.deputy.ledgers.add("work_report", {
            "year": year, "half": str(half), "heard_on": heard.isoformat(),
            "meeting": f"县纪委常委会{year}年第{half * 6 + 1}次会议", "reporter": "演示组长",
            "content": "一、主要工作开展情况\n"
                       "（一）聚焦政治监督，推动驻在部门落实全面从严治党主体责任。"
                       "参与监督“三重一大”事项，提出监督意见，督促整改到位。\n"
                       "（二）强化日常监督，排查廉政风险点，完善防控措施。\n"
                       "二、存在的问题\n监督的精准性还需提高，对基层站所延伸监督不够。\n"
                       "三、下步打算\n持续深化“一函两书”运用，推动问题整改落到实处。",
            "heard": "常委会听取汇报，肯定了派驻组工作，"
                     "要求进一步加强对“一把手”和领导班子的监督。"})
        team.at(_at(heard + dt.timedelta(days=1), 10))
        team.leader.ledgers.step("work_report", entry.id, "review", data={
            "reviewer": "县纪委副书记 韩晓东（演示）",
            "guidance": "突出监督重点，做实做细日常监督，按季度报送监督情况。"})
    for day in _days(year, 2, rng, start=60):
        team.deputy.ledgers.add("leader_interview", {
            "held_on": day.isoformat(), "place": "县纪委监委第二会议室",
            "interviewer": "县纪委副书记 韩晓东（演示）", "interviewee": "演示组长",
            "problems": "对驻在部门基层站所的监督覆盖不够，问题线索处置进度偏慢。",
            "requirements": "一个月内梳理在办线索，制定延伸监督计划，报对口联系室。",
            "measures": "已制定延伸监督计划，在办线索已逐件明确时限。"})
    kinds = ["hearing", "guidance", "supervise", "sharing", "notification", "ecology",
             "special", "cases"]
    for day in _days(year, 8, rng):
        kind = rng.choice(kinds)
        team.member.ledgers.add("county_contact", {
            "held_on": day.isoformat(), "kind": kind,
            "counterpart": rng.choice(["包联领导 韩晓东（演示）",
                                       "第一监督检查室 主任 秦海（演示）"]),
            "participants": "演示组长、王明远",
            "content": {"hearing": "汇报本季度监督检查、问题线索处置和“一函两书”制发情况。",
                        "ecology": "共同研判驻在部门政治生态，梳理突出问题。",
                        "cases": "就一件问题线索的初步核实工作进行协作配合。"}.get(
                            kind, "交流近期监督工作情况和下步重点。"),
            "requirements": "围绕重点领域加强监督，按时报送有关材料。"})
    for day in _days(year, 6, rng):
        deadline = day + dt.timedelta(days=rng.choice([10, 15, 30]))
        owner = rng.choice([team.deputy, team.member])
        entry = owner.ledgers.add("assigned_task", {
            "received_on": day.isoformat(),
            "department": rng.choice(["党风政风监督室", "案件监督管理室", "宣传部", "组织部"]),
            "document": "县纪委监委通知",
            "task": rng.choice(["开展违规收送礼品礼金问题专项整治", "报送上半年问题线索处置情况",
                                "组织驻在部门开展警示教育月活动", "排查整治群众身边不正之风问题"]),
            "measures": "制定工作方案，明确责任人，按期报送。",
            "owner": owner.user.username, "deadline": deadline.isoformat()})
        if deadline < dt.date.today() and rng.random() < 0.85:
            owner.ledgers.step("assigned_task", entry.id, "report_back", data={
                "reported_on": (deadline - dt.timedelta(days=1)).isoformat(),
                "feedback": "已按要求完成并书面报送。"})


# -- 第三章 ------------------------------------------------------------------------------

_PROBLEMS = [
    ("公务接待管理", "部分公务接待无公函、接待清单填写不全。",
     "严格执行公务接待管理规定，完善接待审批和清单。"),
    ("政府采购", "个别采购项目化整为零，规避公开招标。", "开展采购项目自查，规范采购程序。"),
    ("干部选拔任用", "个别岗位调整未按规定履行党组研究程序。",
     "严格执行干部选拔任用程序，完善记录。"),
    ("专项资金管理", "专项资金拨付滞后，绩效跟踪不到位。", "建立资金拨付台账，加强绩效跟踪。"),
]


def _supervision(team: _Team, year: int, rng: random.Random) -> None:
    today = dt.date.today()
    for i, day in enumerate(_days(year, 6, rng)):
        unit = rng.choice(UNITS)
        area, problem, requests = rng.choice(_PROBLEMS)
        kind = ["reminder", "reminder", "discipline", "supervision"][i % 4]
        due = day + dt.timedelta(days=30)
        entry = team.member.ledgers.add("supervision_letter", {
            "kind": kind, "number": f"示纪驻一函〔{year}〕{i + 1}号", "issued_on": day.isoformat(),
            "receiver": f"中共{unit}党组", "subject": area, "problem": problem,
            "requests": requests, "reply_due": due.isoformat()})
        team.at(_at(day, 16))
        team.leader.ledgers.step("supervision_letter", entry.id, "sign")
        team.member.ledgers.step("supervision_letter", entry.id, "serve", data={
            "served_on": day.isoformat(), "served_to": f"{SECRETARIES[unit]}（演示）"})
        if due < today and rng.random() < 0.8:
            team.member.ledgers.step("supervision_letter", entry.id, "reply", data={
                "replied_on": (due - dt.timedelta(days=3)).isoformat(),
                "reply": "党组已专题研究，逐项制定整改措施，整改已完成。"})
            if rng.random() < 0.7:
                team.leader.ledgers.step("supervision_letter", entry.id, "verify", data={
                    "verified_on": due.isoformat(),
                    "verification": "经查阅资料、实地核实，整改到位。"})
    kinds = ["decision", "appointment", "project", "funds"]
    matters = {"decision": "研究年度重点工作任务分解方案", "appointment": "研究中层干部轮岗交流",
               "project": "研究办公楼维修改造项目", "funds": "研究专项资金分配方案"}
    for day in _days(year, 14, rng):
        kind = rng.choice(kinds)
        unit = rng.choice(UNITS)
        opinion = rng.random() < 0.5
        entry = team.deputy.ledgers.add("major_matter", {
            "held_on": day.isoformat(), "host_unit": unit,
            "meeting": f"党组会议（{year}年第{day.month}次）", "kind": kind,
            "matter": matters[kind], "way": rng.choice(["attend", "attend", "before"]),
            **({"amount": rng.choice([80, 150, 320])} if kind in ("project", "funds") else {}),
            "opinion": "建议按规定履行集体研究和公示程序，完善会议记录。" if opinion else "",
            "adoption": rng.choice(["adopted", "adopted", "partly"]) if opinion else None,
            "taken_up": "已按意见补充完善。" if opinion else ""})
        if opinion:
            _t, values = team.deputy.ledgers.derive("major_matter", entry.id, "to_opinion")
            team.deputy.ledgers.add("supervision_opinion", values)
    for day in _days(year, 5, rng):
        team.member.ledgers.add("supervision_opinion", {
            "issued_on": day.isoformat(), "host_unit": rng.choice(UNITS),
            "occasion": rng.choice(["daily", "special"]), "matter": rng.choice(
                ["财务报销审核", "车辆使用管理", "项目验收"]),
            "opinion": "建议完善内部审核制度，明确审核责任。",
            "adoption": rng.choice(["adopted", "pending"])})
    posts = [("计财股", "资金拨付"), ("政府采购办", "采购审批"), ("人事股", "干部调整"),
             ("办公室", "公务接待")]
    for unit in UNITS[:3]:
        for post, power in posts:
            team.member.ledgers.add("risk_point", {
                "identified_on": f"{year}-03-{rng.randint(1, 28):02d}", "host_unit": unit,
                "post": post, "power": power,
                "risk": f"{power}环节把关不严，存在优亲厚友、违规操作风险。",
                "level": rng.choice(["high", "medium", "low"]),
                "measures": [{"measure": "实行双人审核、集体研究", "responsible": "分管领导"},
                             {"measure": "按季度公开办理情况", "responsible": f"{post}负责人"}],
                "review_on": f"{year}-09-30"})
    for unit in UNITS[:2]:
        day = dt.date(year, 6, 20)
        if day > today:
            continue
        team.leader.ledgers.add("political_ecology", {
            "made_on": day.isoformat(), "kind": "ecology", "host_unit": unit,
            "period": f"{year}年上半年", "sources": "日常监督、谈话了解、信访举报情况。",
            "assessment": "班子团结，主体责任意识较强；个别基层站所纪律松弛。",
            "grade": "fair", "suggestions": "加强对基层站所的延伸监督。",
            "reported_to": "县纪委监委第一监督检查室"}, retention="5年")
        team.leader.ledgers.add("political_ecology", {
            "made_on": day.isoformat(), "kind": "portrait", "host_unit": unit,
            "period": f"{year}年上半年", "person": f"{SECRETARIES[unit]}（演示）",
            "position": "党组书记、局长", "subject_kind": "head",
            "assessment": "政治站位较高，落实“第一责任人”职责较好；对分管领域监督检查不够深入。",
            "grade": "good"}, retention="5年")
    sources = ["petition", "petition", "supervision", "assigned", "inspection"]
    for i, day in enumerate(_days(year, 9, rng)):
        entry = team.member.ledgers.add("problem_clue", {
            "received_on": day.isoformat(), "serial": f"{year}-{i + 1:03d}",
            "source": rng.choice(sources), "person": f"某股室干部{'甲乙丙丁戊己庚辛壬'[i]}（演示）",
            "position": f"{rng.choice(UNITS)}某股室工作人员",
            "summary": rng.choice(["反映其违规报销差旅费。", "反映其工作日午间饮酒。",
                                   "反映其在项目验收中收受礼品。"])}, retention="10年")
        if (today - day).days < 20:
            continue
        disposed = day + dt.timedelta(days=rng.randint(5, 15))
        team.at(_at(disposed, 15))
        disposal = ["talk", "verify", "talk", "close", "verify", "hold", "talk", "verify",
                    "close"][i]
        team.leader.ledgers.step("problem_clue", entry.id, "dispose", data={
            "disposal": disposal, "disposal_on": disposed.isoformat(),
            "disposal_note": "经组务会集体研究，报组长批准。"})
        if disposal in ("hold",) or (today - day).days < 60:
            continue
        done = day + dt.timedelta(days=50)
        if disposal == "verify" and i != 7:  # most 初核 lead to 立案
            team.leader.ledgers.step("problem_clue", entry.id, "file", data={
                "filed_on": (day + dt.timedelta(days=40)).isoformat()})
            form = rng.choice(["second", "third"])
        else:
            form = {"talk": "first", "close": "none"}.get(disposal, "first")
        team.leader.ledgers.step("problem_clue", entry.id, "conclude", data={
            "concluded_on": done.isoformat(), "form": form,
            "outcome": {"first": "批评教育", "second": "党内警告处分", "third": "撤销党内职务处分",
                        "none": "反映问题不实，予以了结澄清"}.get(form, "")})


# -- 第八章 ------------------------------------------------------------------------------

def _research(team: _Team, year: int, rng: random.Random) -> None:
    today = dt.date.today()
    themes = [("政府采购领域权力运行监督制约", "power", "示例县财政局"),
              ("基层站所政治生态建设", "ecology", "示例县审计局")]
    for k, (theme, focus, unit) in enumerate(themes):
        start = dt.date(year, 4 + 4 * k, 8)
        if start + dt.timedelta(days=30) > today:
            continue
        plan = team.deputy.ledgers.add("research_plan", {
            "theme": theme, "host_unit": unit, "basis": "县纪委监委年度工作要点",
            "focus": focus, "methods": [
                {"method": "briefing", "detail": "听取党组专题汇报"},
                {"method": "forum", "detail": "召开中层干部座谈会2次"},
                {"method": "documents", "detail": "查阅近两年会议记录和合同"}],
            "start": start.isoformat(), "end": (start + dt.timedelta(days=14)).isoformat(),
            "members": "王明远、李慧琴",
            "plan": "一、调研目标\n二、调研内容\n三、方法步骤\n四、人员分工"})
        team.at(_at(start - dt.timedelta(days=2), 11))
        team.leader.ledgers.step("research_plan", plan.id, "approve", note="同意")
        _t, values = team.deputy.ledgers.derive("research_plan", plan.id, "to_report")
        report = team.deputy.ledgers.add("research_report", dict(
            values, content=(
                "一、基本情况\n"
                f"调研组采取听取汇报、座谈交流、查阅资料等方式，对{unit}近两年的有关工作"
                "进行了调研，召开座谈会2次，查阅会议记录、合同等资料60余份。\n"
                "二、发现的问题\n"
                "（一）制度执行不严格。个别事项未按规定履行集体研究程序，记录不完整。\n"
                "（二）监督制约不到位。关键环节由一人经办，缺少相互制约。\n"
                "三、意见建议\n"
                "（一）建立健全内控制度，明确关键环节的审核责任。\n"
                "（二）强化关键环节监督，实行双人经办、分管领导签字。"),
            problems_found=2, feedback_on=(start + dt.timedelta(days=20)).isoformat(),
            feedback_way="meeting", important=k == 0,
            county_reported_on=(start + dt.timedelta(days=22)).isoformat() if k == 0 else None,
            use_of_results="形成整改建议，纳入督办台账跟踪。"))
        for n, (problem, suggestion) in enumerate((
                ("采购需求论证不充分，个别项目存在指定品牌倾向。", "建立采购需求集体论证制度。"),
                ("合同履约验收由经办人一人完成。", "实行验收双人以上参与、分管领导签字。"))):
            _t, values = team.deputy.ledgers.derive("research_report", report.id,
                                                    "to_follow_up")
            deadline = start + dt.timedelta(days=50 + 40 * n)
            item = team.deputy.ledgers.add("follow_up", dict(
                values, problem=problem, suggestion=suggestion, responsible="分管副局长",
                deadline=deadline.isoformat(), progress="已制定整改方案。"))
            if deadline < today and n == 0:
                team.at(_at(deadline, 16))
                team.leader.ledgers.step("follow_up", item.id, "close", data={
                    "closed_on": deadline.isoformat(), "result": "整改到位，经查阅制度文件核实。"})


# -- 第九章 ------------------------------------------------------------------------------

def _requests(team: _Team, year: int, rng: random.Random) -> None:
    today = dt.date.today()
    items: list[tuple[str, str, str, str]] = [
        ("report", "2", "关于{year}年度工作安排的报告", "一、总体思路\n二、重点任务\n三、保障措施"),
        ("request", "4", "关于调整派驻组内部职责分工的请示",
         "因工作需要，拟调整组内AB角分工如下。"),
        ("report", "1", "关于贯彻落实县纪委全会精神情况的报告",
         "一、传达学习情况\n二、贯彻落实措施"),
        ("request", "9", "关于组长赴省委党校参加培训的请示", "拟于下月参加省委党校专题培训班。"),
        ("report", "3", "关于监督检查中发现问题的报告", "在专项监督检查中发现以下重要情况。"),
    ]
    for i, (kind, matter, title, content) in enumerate(items):
        day = dt.date(year, 1 + 2 * i, 12)
        if day > today:
            continue
        extra: dict[str, Any] = {}
        if matter == "9":
            extra = {"away_from": (day + dt.timedelta(days=20)).isoformat(),
                     "away_to": (day + dt.timedelta(days=26)).isoformat(),
                     "destination": "省委党校"}
        entry = team.deputy.ledgers.add("request_report", {
            "kind": kind, "matter": matter, "title": title.format(year=year),
            "channel": "written", "recipient": "县纪委监委", "content": content,
            "drafted_on": day.isoformat(), **extra})
        team.at(_at(day, 17))
        team.leader.ledgers.step("request_report", entry.id, "sign")
        sent = (day + dt.timedelta(days=1)).isoformat()
        if kind == "report":
            team.deputy.ledgers.step("request_report", entry.id, "report",
                                     data={"sent_on": sent})
            continue
        team.deputy.ledgers.step("request_report", entry.id, "send", data={"sent_on": sent})
        team.deputy.ledgers.step("request_report", entry.id, "reply", data={
            "replied_on": (day + dt.timedelta(days=5)).isoformat(), "reply": "同意。"})
        team.deputy.ledgers.step("request_report", entry.id, "carry_out", data={
            "carried_out_on": (day + dt.timedelta(days=8)).isoformat(),
            "carried_out": "已按批复落实。"})
    # An emergency phoned first (第四十条), its written report made on time.
    day = dt.date(year, 3, 18)
    if day < today:
        call = team.leader.ledgers.add("request_report", {
            "kind": "report", "matter": "5", "title": "关于一名干部在抢险救灾中受伤情况的报告",
            "channel": "phone", "phoned_at": _at(day, 21, 40).isoformat(),
            "phoned_to": "县纪委监委值班室",
            "written_due": (day + dt.timedelta(days=2)).isoformat(),
            "recipient": "县纪委监委", "drafted_on": day.isoformat(),
            "content": "3月18日晚，我组一名干部参加防汛抢险时受轻伤，已送医治疗，无生命危险。"})
        team.leader.ledgers.step("request_report", call.id, "phoned")
        _t, values = team.leader.ledgers.derive("request_report", call.id, "to_written")
        written = team.leader.ledgers.add("request_report", dict(
            values, drafted_on=(day + dt.timedelta(days=1)).isoformat()))
        team.at(_at(day + dt.timedelta(days=1), 10))
        team.leader.ledgers.step("request_report", written.id, "sign")
        team.leader.ledgers.step("request_report", written.id, "report", data={
            "sent_on": (day + dt.timedelta(days=1)).isoformat()})


# -- 第十章 ------------------------------------------------------------------------------

def _notifications(team: _Team, year: int, rng: random.Random) -> None:
    rows = [
        ("1", "oral", "传达中央纪委全会精神", {}),
        ("2", "meeting", "通报县纪委全会部署的重点工作", {"meeting": "党组会议"}),
        ("3", "circulation", "通报近期典型案例",
         {"document_title": "关于几起违反中央八项规定精神问题的通报"}),
        ("4", "written", "派驻组年度工作安排", {"document_no": f"示纪驻一〔{year}〕2号"}),
        ("4", "meeting", "日常监督中发现的突出问题", {"meeting": "党风廉政建设工作会议"}),
    ]
    for (kind, form, title, extra), day in zip(rows, _days(year, len(rows), rng), strict=True):
        unit = rng.choice(UNITS)
        team.member.ledgers.add("notification", {
            "notified_on": day.isoformat(), "host_unit": f"中共{unit}党组",
            "content_kind": kind, "title": title, "form": form, **extra,
            "content": f"一、{title}\n请党组认真研究，结合实际抓好贯彻落实。",
            "informed": f"党组书记{SECRETARIES[unit]}（演示）及班子成员",
            "response": "党组已专题研究，明确分工抓好落实。"})
