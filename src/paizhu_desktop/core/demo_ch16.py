"""Demo entries of 献县办法 第十六章 内部责任制度 (演示数据): the year's 职责分工 with
AB角, the leader's own seal requests decided by his B角, the leader's absence at a
training course with his B角 deciding a seal request meanwhile, 回避, 岗位任职与轮岗
and a 离岗从业限制. Every name is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from paizhu_desktop.core.session import UserSession

#: (岗位, 岗位职责, A角, B角, B角代行审批)
_POSTS: list[tuple[str, str, str, str, bool]] = [
    ("组长",
     "负责全面工作，履行政治建设、业务管理、队伍建设、党支部建设第一责任人责任（第六十四条）；"
     "审批用印、印章外带，审定大事记，签发会议纪要。",
     "demo", "wangmy", True),
    ("副组长（监督检查岗）",
     "协助组长工作，牵头对驻在部门开展日常监督、专项检查，列席驻在部门党组会议。",
     "wangmy", "lihq", False),
    ("综合文秘及印章管理岗",
     "负责组务会记录、大事记记载整理、公文办理和印章保管使用登记（第三十四条、第四十八条、"
     "第六十二条）。",
     "lihq", "wangmy", False),
    ("保密管理岗",
     "负责涉密载体登记、保密自查和保密教育（第十四章）。",
     "wangmy", "lihq", False),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def fill_internal(leader: UserSession, others: dict[str, UserSession], year: int,
                  last: dt.date) -> None:
    """The demo's 第十六章 entries for ``year``, dated no later than ``last``."""
    custodian, deputy = others["lihq"], others["wangmy"]
    meetings = leader.ledgers.list("group_meeting", date_from=f"{year}-01-01",
                                   date_to=f"{year}-01-31")
    first = min(meetings, key=lambda e: e.values["date"]) if meetings else None
    decided = dt.date.fromisoformat(first.values["date"]) if first else dt.date(year, 1, 5)
    base: dict[str, object] = {"decided_on": decided.isoformat(),
                               "effective_from": decided.isoformat()}
    if first is not None:  # 第三十三条（四）: decided by the year's first 组务会, linked
        _t, derived = leader.ledgers.derive("group_meeting", first.id, "to_post_assignment")
        base = dict(derived)
    leader.ledgers.clock = _clock(_at(decided + dt.timedelta(days=1), 9))
    for post, duties, a, b, approvals in _POSTS:
        entry = leader.ledgers.add("post_assignment", {
            **base, "post": post, "responsibilities": duties, "primary": a, "backup": b,
            "approvals": approvals})
        leader.ledgers.step("post_assignment", entry.id, "confirm", note="经组务会研究决定")
    # A post re-divided in mid-year: the old division ends, a new one begins.
    mid = min(dt.date(year, 7, 1), last)
    old = leader.ledgers.add("post_assignment", {
        **base, "post": "审查调查岗",
        "responsibilities": "配合县纪委监委审查调查室办理案件，负责问题线索的初步核实。",
        "primary": "lihq", "backup": "wangmy"})
    leader.ledgers.step("post_assignment", old.id, "confirm", note="经组务会研究决定")
    leader.ledgers.clock = _clock(_at(mid, 10))
    leader.ledgers.step("post_assignment", old.id, "terminate",
                        note="岗位调整，经组务会研究重新分工",
                        data={"ended_on": (mid - dt.timedelta(days=1)).isoformat()})
    new = leader.ledgers.add("post_assignment", {
        "decided_on": mid.isoformat(), "effective_from": mid.isoformat(),
        "post": "审查调查岗",
        "responsibilities": "配合县纪委监委审查调查室办理案件，负责问题线索的初步核实。",
        "primary": "wangmy", "backup": "lihq"})
    leader.ledgers.step("post_assignment", new.id, "confirm", note="经组务会研究决定")
    leader.ledgers.clock = dt.datetime.now

    # The leader's own seal requests: decided by his B角 (第六十五条), never by himself.
    day = last - dt.timedelta(days=2)
    stamped = leader.ledgers.add("seal_use", {
        "requested_at": _at(day, 9).isoformat(),
        "document": "派驻组关于落实全面从严治党监督责任情况的报告",
        "purpose": "组长本人报送县纪委监委", "impressions": 1})
    for svc in (deputy.ledgers, custodian.ledgers):
        svc.clock = _clock(_at(day, 9, 40))
    deputy.ledgers.step("seal_use", stamped.id, "approve", note="同意")
    custodian.ledgers.step("seal_use", stamped.id, "verify", note="与审批内容一致")
    custodian.ledgers.step("seal_use", stamped.id, "stamp")
    for svc in (deputy.ledgers, custodian.ledgers):
        svc.clock = dt.datetime.now
    leader.ledgers.add("seal_use", {
        "requested_at": _at(last, 8, 50).isoformat(),
        "document": "派驻组年度述责述廉报告",
        "purpose": "组长本人报送县纪委监委", "impressions": 1})  # waits in the B角's 待办

    if (last - decided).days >= 30:
        _leader_away(leader, others, last - dt.timedelta(days=24))
    _recusals(leader, last)
    _tenures(leader, year, mid)
    leader.ledgers.add("employment_limit", {
        "person": "刘志强（演示）", "former_post": "审查调查岗",
        "left_on": min(dt.date(year, 3, 31), last).isoformat(), "leave_kind": "transfer",
        "destination": "示例县审计局", "years": 3, "informed": True,
        "remarks": "已当面告知从业限制规定，本人签订承诺书，原件存档。"})


def _leader_away(leader: UserSession, others: dict[str, UserSession], start: dt.date) -> None:
    """The 组长 at a four-day training course: he registers and reports it himself
    before leaving (第三十九条（九）), the report to the county is drafted from it;
    meanwhile his B角 decides a member's seal request (第六十五条), and the leader
    records his return."""
    requester, deputy, custodian = others["lihq"], others["wangmy"], others["zhaojg"]
    leader.ledgers.clock = _clock(_at(start - dt.timedelta(days=3), 16))
    away = leader.ledgers.add("absence", {
        "kind": "study", "reason": "赴市纪委监委参加派驻机构负责人业务培训（演示）",
        "destination": "沧州市", "leaves_county": True,
        "leaves_at": _at(start, 8).isoformat(),
        "returns_at": _at(start + dt.timedelta(days=3), 18).isoformat(),
        "contact": "0317-0000000（演示）",
        "handover": "用印审批由B角王明远代行；收文由李慧琴登记，重要来文电话请示。"})
    _t, drafted = leader.ledgers.derive("absence", away.id, "to_report")
    report = leader.ledgers.add("request_report", drafted)
    leader.ledgers.step("request_report", report.id, "sign")
    leader.ledgers.step("request_report", report.id, "report",
                        data={"sent_on": (start - dt.timedelta(days=3)).isoformat()})
    leader.ledgers.step("absence", away.id, "file_own",
                        data={"reported_to": "已书面报告县纪委监委（第三十九条（九）），"
                                             "分管领导同意"})
    during = start + dt.timedelta(days=1)
    for svc in (requester.ledgers, deputy.ledgers, custodian.ledgers):
        svc.clock = _clock(_at(during, 10))
    seal = requester.ledgers.add("seal_use", {
        "requested_at": _at(during, 9, 30).isoformat(),
        "document": "关于示例县财政局专项监督检查情况的反馈意见",
        "purpose": "送达驻在部门", "impressions": 1})
    deputy.ledgers.step("seal_use", seal.id, "approve", note="同意（组长外出期间B角代行）")
    custodian.ledgers.step("seal_use", seal.id, "verify", note="与审批内容一致")
    custodian.ledgers.step("seal_use", seal.id, "stamp")
    # A member's annual leave, approved by the 组长 (第六十四条 组长负责制).
    earlier = start - dt.timedelta(days=40)
    requester.ledgers.clock = _clock(_at(earlier - dt.timedelta(days=2), 15))
    leave = requester.ledgers.add("absence", {
        "kind": "leave", "reason": "年休假（演示）", "destination": "本县",
        "leaves_at": _at(earlier, 8).isoformat(),
        "returns_at": _at(earlier + dt.timedelta(days=2), 18).isoformat(),
        "handover": "收文登记由王明远代为办理，印章由赵建国保管。"})
    leader.ledgers.clock = _clock(_at(earlier - dt.timedelta(days=1), 9))
    leader.ledgers.step("absence", leave.id, "approve", note="同意，做好工作交接")
    requester.ledgers.clock = _clock(_at(earlier + dt.timedelta(days=3), 8, 30))
    requester.ledgers.step("absence", leave.id, "return",
                           data={"returned_at": _at(earlier + dt.timedelta(days=3), 8).isoformat()})
    back = _at(start + dt.timedelta(days=3), 17, 40)
    leader.ledgers.clock = _clock(back + dt.timedelta(minutes=20))
    leader.ledgers.step("absence", away.id, "return", data={"returned_at": back.isoformat()})
    for svc in (leader.ledgers, requester.ledgers, deputy.ledgers, custodian.ledgers):
        svc.clock = dt.datetime.now


def _recusals(leader: UserSession, last: dt.date) -> None:
    """回避, case by case (第六十七条 任职回避)."""
    leader.ledgers.add("recusal", {
        "person": "lihq", "kind": "matter",
        "matter": "对示例县统计局某股室负责人问题线索的初步核实",
        "grounds": "kin", "reason": "被核查人系本人配偶的表兄，本人主动申请回避。",
        "raised_by": "self", "decision": "recuse", "decided_by": "组长",
        "decided_on": (last - dt.timedelta(days=60)).isoformat(), "replacement": "wangmy"})
    leader.ledgers.add("recusal", {
        "person": "wangmy", "kind": "office",
        "matter": "联系示例县财政局日常监督工作",
        "grounds": "other",
        "reason": "本人曾在示例县财政局工作，离开未满两年，经研究调整联系单位。",
        "raised_by": "ordered", "decision": "recuse", "decided_by": "组务会",
        "decided_on": (last - dt.timedelta(days=200)).isoformat()})


def _tenures(leader: UserSession, year: int, mid: dt.date) -> None:
    """Who holds which post since when; one rotation this year, one post falling due."""
    leader.ledgers.add("post_tenure", {
        "person": "demo", "post": "组长", "since": f"{year - 3}-03-01",
        "decided_by": "县纪委监委任命"})
    leader.ledgers.add("post_tenure", {
        "person": "wangmy", "post": "审查调查岗", "since": f"{year - 5}-03-01",
        "decided_by": "组务会研究决定", "rotated_on": mid.isoformat(),
        "new_post": "监督检查岗"})
    leader.ledgers.add("post_tenure", {
        "person": "wangmy", "post": "监督检查岗", "since": mid.isoformat(),
        "decided_by": "组务会研究决定（内部轮岗）"})
    leader.ledgers.add("post_tenure", {
        "person": "lihq", "post": "综合文秘及印章管理岗", "since": f"{year - 5}-12-15",
        "decided_by": "组务会研究决定", "remarks": "任职将满五年，列入内部轮岗计划。"})
