"""A demo database with realistic, plainly fictional entries (演示数据).

Every name here is invented: 示例县 and its units do not exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from paizhu_desktop.core import demo_branch
from paizhu_desktop.core.demo_assessment import fill_assessment
from paizhu_desktop.core.demo_ch16 import fill_internal
from paizhu_desktop.core.demo_secrecy import fill_secrecy
from paizhu_desktop.core.demo_supervision import fill_supervision
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import Administrators, NewAccount, UserSession

DEMO_USER = "demo"
#: 三员 of the demo database: system admin, security admin, auditor.
DEMO_ADMINS = ("xitong", "anquan", "shenji")
DEMO_GROUP = "示例县纪委监委派驻第一纪检监察组（演示数据）"

PEOPLE = ["王明远", "李慧琴", "赵建国", "陈晓峰", "刘芳", "孙立军", "周文斌", "吴丽华"]
UNITS = ["示例县财政局", "示例县人民检察院", "示例县审计局", "示例县统计局"]
PLACES = ["派驻组会议室", "示例县财政局三楼会议室", "示例县人民检察院党组会议室",
          "县纪委监委第二会议室", "示例县审计局"]

_CHRONICLE_TEXTS: dict[str, list[str]] = {
    "1": ["传达学习县纪委全会精神，研究贯彻落实措施，明确专人负责督促驻在部门落实",
          "落实县纪委监委交办的{unit}专项检查任务，制定检查方案并报对口联系室",
          "学习中央八项规定精神最新要求，部署节日期间纪律作风监督工作"],
    "2": ["开展{unit}财务报销专项监督检查，抽查凭证120份，发现问题3个并反馈整改",
          "组织{unit}中层干部廉政警示教育，观看警示教育片，参加人员46人",
          "对{unit}政府采购项目开展跟踪监督，提出监督意见2条"],
    "3": ["组长列席{unit}党组会议，就“三重一大”事项决策程序提出监督意见",
          "组长与{unit}党组书记开展廉政谈话，通报近期发现的苗头性问题",
          "督促{unit}党组召开专题会议研究落实全面从严治党主体责任"],
    "4": ["组务会研究本月监督检查工作安排，明确各项任务责任人和完成时限",
          "组务会研究组内人员职责分工调整，落实AB角工作机制",
          "组务会研究对{unit}开展调研的方案，确定调研主题和方式"],
    "5": ["有人电话询问某问题线索的办理进展，已按规定拒绝并登记报告",
          "有人托请了解监督执纪情况，工作人员严守纪律未予透露，已向组长报告"],
    "6": ["派驻组办公场所完成保密安全检查，未发现问题",
          "完成涉密计算机年度保密自查，形成自查报告"],
}


def chronicle_items(count: int, year: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """``count`` chronicle entries spread over ``year`` (up to today in the current year)."""
    start = dt.date(year, 1, 1)
    days = (min(dt.date(year, 12, 31), max(dt.date.today(), start)) - start).days + 1
    per_day: dict[dt.date, int] = {}
    for _ in range(count):
        day = start + dt.timedelta(days=rng.randrange(days))
        per_day[day] = per_day.get(day, 0) + 1
        category = rng.choices(list(_CHRONICLE_TEXTS), weights=[3, 4, 3, 4, 1, 1])[0]
        text = rng.choice(_CHRONICLE_TEXTS[category]).format(unit=rng.choice(UNITS))
        item: dict[str, Any] = {
            "date_start": day.isoformat(),
            "importance": min(per_day[day], 99),
            "category": category,
            "place": rng.choice(PLACES),
            "people": "、".join(rng.sample(PEOPLE, rng.randint(1, 3))),
            "content": text,
        }
        if rng.random() < 0.08:
            item["date_end"] = (day + dt.timedelta(days=rng.randint(1, 4))).isoformat()
        yield item


def make_demo(path: Path, password: str, entries: int = 60, year: int | None = None,
              seed: int = 2026, *, kdf: KdfCost = DEFAULT_KDF) -> UserSession:
    """Create a demo database at ``path`` (user ``demo``) and fill it; its key slots
    cost ``kdf``."""
    year = year or dt.date.today().year
    rng = random.Random(seed)
    # 三员 and a few members, all with the demo password.
    admins = Administrators(NewAccount(DEMO_ADMINS[0], password, "演示系统管理员"),
                            NewAccount(DEMO_ADMINS[1], password, "演示安全保密管理员"),
                            NewAccount(DEMO_ADMINS[2], password, "演示安全审计员"))
    session, _recovery = UserSession.create(
        path, DEMO_USER, password, admins=admins, display_name="演示组长",
        group_name=DEMO_GROUP, kdf=kdf)
    # As 三员 would: the system admin makes the accounts, the security admin gives roles.
    members = {"wangmy": ("王明远（演示）", [Role.DEPUTY, Role.SECRECY_OFFICER]),
               "lihq": ("李慧琴（演示）", [Role.MEMBER, Role.RECORDER, Role.SEAL_CUSTODIAN]),
               "zhaojg": ("赵建国（演示）", [Role.MEMBER, Role.SEAL_CUSTODIAN])}
    system = UserSession.open(path, DEMO_ADMINS[0], password, kdf=kdf)
    try:
        for name, (display, _roles) in members.items():
            system.add_user(name, password, display_name=display)
    finally:
        system.close()
    security = UserSession.open(path, DEMO_ADMINS[1], password, kdf=kdf)
    try:
        for name, (_display, roles) in members.items():
            security.set_roles(name, roles)
    finally:
        security.close()
    others = {name: UserSession.open(path, name, password, kdf=kdf) for name in members}
    try:
        fill_meetings(session, others, year, rng)
        fill_chronicle(session, entries, year, rng)
        fill_seal_use(session, others, year, rng)
        fill_reviews(session, others["lihq"], year)
        fill_secrecy(session, others, year, rng)
        fill_supervision(session, others, year, rng)
        fill_internal(session, others, year, _last_day(year))
        fill_assessment(session, others, year, rng)
        demo_branch.fill_branch(session, others, year, rng)
    finally:
        for s in others.values():
            s.close()
    return session


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock standing still at ``at``: the business time the demo's steps record."""
    return lambda: at


def _last_day(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), max(dt.date.today(), dt.date(year, 1, 1)))


_MEETING_TOPICS: list[tuple[str, str]] = [
    ("传达学习县纪委监委全会精神，研究贯彻落实措施", "1"),
    ("传达学习中央八项规定精神有关通报，部署节日期间监督检查", "1"),
    ("谋划落实县纪委监委交办的专项检查任务", "2"),
    ("研究对{unit}“三重一大”事项开展监督的措施", "3"),
    ("研究督促{unit}党组落实全面从严治党主体责任的举措", "3"),
    ("研究本月监督检查工作安排，明确任务分工", "4"),
    ("研究组内AB角分工调整和学习计划", "4"),
    ("研究对{unit}开展调研的方案", "4"),
    ("研究派驻组办公场所保密自查事项", "5"),
]
_ACTION_TEXTS = [
    "制定{unit}专项检查方案，报组长审定",
    "督促{unit}党组召开专题会议，落实整改责任",
    "整理本月监督检查发现的问题，形成问题清单",
    "起草对{unit}的监督意见书",
    "组织开展保密自查，形成自查报告",
    "收集{unit}廉政风险点排查资料",
]


def fill_meetings(leader: UserSession, others: dict[str, UserSession], year: int,
                  rng: random.Random) -> None:
    """A year of weekly 组务会 (第三十二条), their 纪要, 议定事项 and chronicle notes."""
    recorder = others["lihq"]
    day = dt.date(year, 1, 5)
    while day.weekday() != 0:  # Mondays
        day += dt.timedelta(days=1)
    issue_no = 0
    today = dt.date.today()
    while day <= _last_day(year):
        if rng.random() < 0.08:  # holidays and field work: not every week has a meeting
            day += dt.timedelta(days=7)
            continue
        unit = rng.choice(UNITS)
        topics = rng.sample(_MEETING_TOPICS, rng.randint(1, 3))
        absent = ([{"name": "赵建国", "reason": rng.choice(["参加县纪委培训", "外出调研", "病假"])}]
                  if rng.random() < 0.2 else [])
        important = rng.random() < 0.25
        decisions = "；".join(f"{i + 1}. " + rng.choice(_ACTION_TEXTS).format(unit=unit)
                             for i in range(rng.randint(1, 2)))
        meeting = recorder.ledgers.add("group_meeting", {
            "date": day.isoformat(), "time": "9:00—10:30", "place": "派驻组会议室",
            "host": "演示组长", "recorder": "李慧琴",
            "attendees": "演示组长、王明远、李慧琴" + ("" if absent else "、赵建国"),
            "absentees": absent,
            "agenda": [{"topic": t.format(unit=unit), "category": c} for t, c in topics],
            "discussion": "与会人员结合分管工作逐项发表意见，经充分讨论，形成一致意见。",
            "decisions": decisions, "important": important,
        })
        svc = recorder.ledgers
        if important:
            _t, values = svc.derive("group_meeting", meeting.id, "to_chronicle")
            svc.add("chronicle", values)
            issue_no += 1
            _t, values = svc.derive("group_meeting", meeting.id, "to_summary")
            summary = svc.add("meeting_summary", dict(values, issue_no=issue_no,
                                                      distribution="县纪委监委第一监督检查室"))
            leader.ledgers.clock = _clock(_at(day + dt.timedelta(days=1), 16))
            leader.ledgers.step("meeting_summary", summary.id, "issue")
        for text in decisions.split("；"):
            owner = rng.choice(["wangmy", "lihq"])
            deadline = day + dt.timedelta(days=rng.choice([7, 14, 21, 30]))
            _t, values = svc.derive("group_meeting", meeting.id, "to_action_item")
            item = svc.add("action_item", dict(values, matter=text.split(". ", 1)[-1],
                                               owner=owner, deadline=deadline.isoformat()))
            # Most past items are done; a few run late, so the reminders show.
            if deadline < today and ((today - deadline).days > 60 or rng.random() < 0.85):
                done_on = min(deadline - dt.timedelta(days=rng.randint(0, 5)), today)
                others[owner].ledgers.step("action_item", item.id, "complete", data={
                    "completed_on": max(done_on, day).isoformat(),
                    "evidence": "已按期完成，相关材料已归档。"})
        day += dt.timedelta(days=7)
    leader.ledgers.clock = dt.datetime.now


_SEAL_DOCS = [
    ("关于{unit}专项监督检查情况的报告", "报送县纪委监委"),
    ("对{unit}的监督意见书", "送达驻在部门"),
    ("{unit}党风廉政建设责任制落实情况反馈意见", "反馈驻在部门"),
    ("派驻组{month}月份工作总结", "报送县纪委监委对口联系室"),
    ("关于商请{unit}提供有关资料的函", "函请驻在部门"),
]


def fill_seal_use(leader: UserSession, others: dict[str, UserSession], year: int,
                  rng: random.Random) -> None:
    """Seal requests in every state (第六十–六十二条), approved by the demo leader."""
    last = _last_day(year)
    days = sorted(dt.date(year, 1, 8) + dt.timedelta(days=rng.randrange(
        max(1, (last - dt.date(year, 1, 8)).days - 10))) for _ in range(40))
    days += [last - dt.timedelta(days=k) for k in (6, 4, 3, 1, 0)]
    for i, day in enumerate(days):
        name = rng.choice(["wangmy", "lihq"])
        requester = others[name]
        doc, purpose = rng.choice(_SEAL_DOCS)
        # Now and then filed for a colleague who is out (代为登记): both are on record.
        behalf = {"on_behalf_of": "lihq" if name == "wangmy" else "wangmy"} \
            if i % 11 == 5 else {}
        entry = requester.ledgers.add("seal_use", {
            "requested_at": _at(day, 9, 30).isoformat(),
            "document": doc.format(unit=rng.choice(UNITS), month=day.month),
            "purpose": purpose, "impressions": rng.choice([1, 1, 2, 3]), **behalf})
        recent = len(days) - i  # the last few stay open, one in each state
        # The custodian never checks her own request (第六十条): her B角 does.
        custodian = others["zhaojg"] if "lihq" in (name, behalf.get("on_behalf_of")) \
            else others["lihq"]
        for svc in (leader.ledgers, custodian.ledgers):
            svc.clock = _clock(_at(day, 10, 15))
        if recent == 1:
            continue  # 待审批
        if recent == 2:
            requester.ledgers.step("seal_use", entry.id, "withdraw")
            continue
        if i % 13 == 7:
            leader.ledgers.step("seal_use", entry.id, "reject", note="文件内容需进一步修改完善")
            continue
        leader.ledgers.step("seal_use", entry.id, "approve", note="同意")
        if recent == 3:
            continue  # 已批准待核对
        custodian.ledgers.step("seal_use", entry.id, "verify", note="与审批内容一致")
        if recent == 4:
            continue  # 已核对待用印
        custodian.ledgers.step("seal_use", entry.id, "stamp")
    for s in others.values():
        s.ledgers.clock = dt.datetime.now
    custodian = others["lihq"]
    # Taking the seal out (第六十二条): two trips, one still out.
    for k, (dest, back) in enumerate((("示例县财政局", True), ("示例县审计局", False))):
        day = last - dt.timedelta(days=40 - 38 * k)
        entry = others["wangmy"].ledgers.add("seal_outing", {
            "planned_out": _at(day, 8, 30).isoformat(),
            "planned_return": _at(day, 17).isoformat(), "destination": dest,
            "reason": "在驻在部门现场向被检查单位送达监督意见书，需当场用印"})
        leader.ledgers.clock = _clock(_at(day, 8))
        leader.ledgers.step("seal_outing", entry.id, "approve", note="同意，当日归还")
        custodian.ledgers.step("seal_outing", entry.id, "take_out",
                               data={"out_at": _at(day, 8, 40).isoformat()})
        if back:
            custodian.ledgers.step("seal_outing", entry.id, "give_back",
                                   data={"returned_at": _at(day, 16, 20).isoformat()})
    leader.ledgers.clock = dt.datetime.now


def fill_reviews(leader: UserSession, recorder: UserSession, year: int) -> None:
    """月汇总 signed off by the leader up to two months ago (第五十条); the last one waits."""
    today = dt.date.today()
    months = 12 if year < today.year else today.month - 1
    for month in range(1, months + 1):
        count = len(recorder.ledgers.list(
            "chronicle", date_from=f"{year}-{month:02d}-01", date_to=f"{year}-{month:02d}-31"))
        review = recorder.ledgers.add("chronicle_review", {
            "kind": "month", "year": year, "period": month,
            "summary": f"本月共记载大事要事 {count} 件，均已按第五十条顺序整理，"
                       "组务会研究事项已摘记要点。"})
        recorder.ledgers.step("chronicle_review", review.id, "submit")
        if month < months:
            sign_day = dt.date(year, month, 1) + dt.timedelta(days=35)
            leader.ledgers.clock = _clock(_at(sign_day, 15))
            leader.ledgers.step("chronicle_review", review.id, "sign_off", note="同意归档")
            recorder.ledgers.clock = _clock(_at(sign_day + dt.timedelta(days=1), 9))
            recorder.ledgers.step("chronicle_review", review.id, "archive")
    leader.ledgers.clock = recorder.ledgers.clock = dt.datetime.now


def fill_chronicle(session: UserSession, entries: int, year: int, rng: random.Random) -> int:
    """Add ``entries`` chronicle entries in batches (one transaction per batch), each
    checked as any entry is (:meth:`LedgerService.add_many`)."""
    items = chronicle_items(entries, year, rng)
    done = 0
    while done < entries:
        batch = [next(items) for _ in range(min(2000, entries - done))]
        done += session.ledgers.add_many("chronicle", batch)
    return done
