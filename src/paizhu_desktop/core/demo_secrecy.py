"""演示数据 for 安全制度, 公文办理, 保密管理 and the rest of 印章管理 (献县办法 第五、
十三、十四、十五章): a year of talks with their safety plans, safety checks, incoming
and outgoing documents, the 涉密载体 register (some of it filled by printing), the
保密员 and 保密教育, and a 印章事故. Every name is invented (示例县 does not exist).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from paizhu_desktop.core.printing.jobs import record_print
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.regulations.xianxian.ch14_secrecy import review_for
from paizhu_desktop.core.session import UserSession

UNITS = ["示例县财政局", "示例县人民检察院", "示例县审计局", "示例县统计局"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def _last_day(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), max(dt.date.today(), dt.date(year, 1, 1)))


def _set_clock(sessions: list[UserSession], at: dt.datetime | None) -> None:
    for s in sessions:
        s.ledgers.clock = _clock(at) if at is not None else dt.datetime.now


def fill_secrecy(leader: UserSession, others: dict[str, UserSession], year: int,
                 rng: random.Random) -> None:
    """The demo year of 第五、十三、十四章 and 第六十二–六十三条 (演示数据)."""
    everyone = [leader, *others.values()]
    try:
        _staff_and_education(leader, others, year)
        _safety(leader, others, year, rng)
        _documents(leader, others, year, rng)
        _carriers(leader, others, year)
        _seal_extras(leader, others, year)
    finally:
        _set_clock(everyone, None)


def _staff_and_education(leader: UserSession, others: dict[str, UserSession],
                         year: int) -> None:
    """第五十五条: the 保密员 named by the leader, 涉密人员, and 保密教育 each quarter."""
    officer = others["wangmy"]
    for person, account, duty, level, post in (
            ("王明远", "wangmy", "officer", "important", "副组长"),
            ("李慧琴", "lihq", "staff", "general", "工作人员"),
            ("赵建国", "zhaojg", "staff", "general", "工作人员")):
        entry = officer.ledgers.add("secrecy_staff", {
            "person": person, "account": account, "duty": duty, "level": level, "post": post,
            "appointed_on": f"{year}-01-04", "pledge": True})
        leader.ledgers.clock = _clock(_at(dt.date(year, 1, 4), 16))
        leader.ledgers.step("secrecy_staff", entry.id, "name")
    topics = [("学习《中华人民共和国保守国家秘密法》及实施条例", "study"),
              ("观看失泄密案例警示教育片", "warning"),
              ("涉密载体管理和涉密计算机使用专题培训", "training"),
              ("保密知识测试", "test")]
    for quarter, (topic, form) in enumerate(topics):
        day = dt.date(year, 3 * quarter + 3, 18)
        if day > _last_day(year):
            break
        officer.ledgers.add("secrecy_education", {
            "date": day.isoformat(), "form": form, "topic": topic, "host": "王明远",
            "attendees": "演示组长、王明远、李慧琴、赵建国", "hours": 2,
            "content": f"{topic}；结合本组实际，重申涉密文件不得与驻在部门设备混用（第五十六条）。",
            "result": "参加人员全部到场，测试均合格。" if form == "test" else ""})


_SUBJECTS = ["某局财务科科长", "某局办公室副主任", "某院工作人员", "某局项目负责人"]


def _safety(leader: UserSession, others: dict[str, UserSession], year: int,
            rng: random.Random) -> None:
    """第二十五–二十七条: talk plans approved the day before, a reported incident,
    monthly safety checks with one hazard fixed and one still open."""
    author = others["wangmy"]
    last = _last_day(year)
    talks = [dt.date(year, m, 12) for m in (2, 4, 6, 8, 10, 11)]
    talks = [d for d in talks if d < last - dt.timedelta(days=3)]
    for i, day in enumerate(talks):
        plan = author.ledgers.add("talk_safety_plan", {
            "talk_at": _at(day, 9).isoformat(), "place": "派驻组谈话室",
            "kind": "check" if i % 2 else "verify",
            "subject": f"{rng.choice(UNITS)}{rng.choice(_SUBJECTS)}（演示）",
            "talkers": "王明远、李慧琴",
            "state_of_mind": "对方对谈话有一定思想准备，情绪总体稳定，家庭近期无重大变故。",
            "plan": "一、核实有关问题线索反映的情况；二、听取本人说明；三、开展政策教育。",
            "risk_level": "medium" if i == 2 else "low",
            "risk": "走读式谈话，往返途中存在一定安全风险；对方有高血压病史。",
            "medical": "谈话室备有常用药品和血压计，与县医院急诊科保持联系。",
            "safeguards": "谈话全程两人以上在场，安排专人看护，谈话室已做防护处理。",
            "emergency": "出现身体不适立即停止谈话并送医；情绪异常立即报告组长并通知家属和单位。",
            "guards": "赵建国"})
        leader.ledgers.clock = _clock(_at(day - dt.timedelta(days=1), 16))
        leader.ledgers.step("talk_safety_plan", plan.id, "approve", note="同意，注意全程安全")
        if day >= last - dt.timedelta(days=20) and i == len(talks) - 1:
            continue  # the latest talk is still to happen
        author.ledgers.step("talk_safety_plan", plan.id, "talked", data={
            "talk_end": _at(day, 11, 30).isoformat(),
            "during": "谈话对象态度端正，如实说明情况，未发现风险隐患。",
            "counselling": "谈话结束前开展思想政治工作，引导其正确对待组织审查。",
            "handover": f"{day.month}月{day.day}日11时40分交其所在单位办公室主任接回"})
        if i < len(talks) - 2:
            author.ledgers.step("talk_safety_plan", plan.id, "visit", data={
                "visit_on": (day + dt.timedelta(days=7)).isoformat(),
                "visit_result": "电话回访所在单位，谈话对象工作生活正常，思想稳定。"})
    if len(talks) > 2:
        day = talks[2]
        incident = author.ledgers.add("safety_incident", {
            "occurred_at": _at(day, 10, 20).isoformat(), "kind": "4",
            "place": "派驻组谈话室",
            "person": "谈话对象，男，52岁，某局项目负责人（演示），有高血压病史。",
            "course": "谈话进行约一小时后，对方自述头晕，谈话人立即停止谈话，测量血压偏高，"
                      "按预案呼叫120送县医院检查，经处置后无大碍。",
            "process": "经组长批准开展初步核实谈话，谈话前已制定安全预案并经批准。",
            "ideological": "谈话中注意方式方法，说明政策，对方情绪平稳。",
            "attitude": "本人及家属对处置过程表示理解，无异议。",
            "reported_at": _at(day, 10, 50).isoformat(),
            "copied_at": _at(day, 11).isoformat()})
        leader.ledgers.clock = _clock(_at(day + dt.timedelta(days=2), 15))
        leader.ledgers.step("safety_incident", incident.id, "close", data={
            "follow_up": "对方出院后回访，身体恢复正常；已完善谈话室医疗保障物品。",
            "closed_on": (day + dt.timedelta(days=2)).isoformat()})
    checker = others["zhaojg"]
    month = 1
    while dt.date(year, month, 25) <= last:
        day = dt.date(year, month, 25)
        hazard = month in (5, last.month)
        items = [{"item": item, "result": "ok", "note": ""}
                 for item in ("fire", "water", "power", "theft")]
        if hazard:
            items[2] = {"item": "power", "result": "hazard",
                        "note": "档案室插线板老化，存在用电隐患"}
        entry = checker.ledgers.add("safety_check", {
            "check_date": day.isoformat(), "inspectors": "赵建国、王明远", "items": items})
        if hazard and month != last.month:
            checker.ledgers.step("safety_check", entry.id, "fix", data={
                "measures": "更换插线板，下班断电，张贴用电安全提示。",
                "fixed_on": (day + dt.timedelta(days=2)).isoformat()})
        elif not hazard:
            checker.ledgers.step("safety_check", entry.id, "close",
                                 data={"closed_on": day.isoformat()})
        month += 1
        if month > 12:
            break


_INCOMING = [
    ("示例县纪委监委", "示纪发〔{y}〕{n}号", "关于开展{unit}专项监督检查的通知", "county",
     "secret"),
    ("示例县纪委监委办公室", "示纪办〔{y}〕{n}号", "关于报送派驻机构季度工作情况的通知", "county",
     "internal"),
    ("{unit}", "", "关于{unit}党组会议研究“三重一大”事项的报告", "host", "internal"),
    ("示例县委办公室", "示办字〔{y}〕{n}号", "关于做好节日期间有关工作的通知", "superior",
     "none"),
    ("{unit}", "", "关于商请派驻组列席民主生活会的函", "letter", "none"),
]
_OUTGOING = [
    ("report", "关于{unit}专项监督检查情况的报告", "县纪委监委"),
    ("opinion", "关于加强{unit}“三重一大”事项监督的意见", "{unit}党组"),
    ("letter", "关于商请{unit}提供有关资料的函", "{unit}"),
    ("request", "关于派驻组开展专项检查的请示", "县纪委监委"),
]


def _documents(leader: UserSession, others: dict[str, UserSession], year: int,
               rng: random.Random) -> None:
    """第五十一–五十四条: a year of 收文 and 发文 through every step."""
    registrar = others["lihq"]
    last = _last_day(year)
    days = sorted(dt.date(year, 1, 6) + dt.timedelta(days=rng.randrange(
        max(1, (last - dt.date(year, 1, 6)).days - 2))) for _ in range(24))
    for i, day in enumerate(days):
        issuer, number, title, category, level = rng.choice(_INCOMING)
        unit = rng.choice(UNITS)
        entry = registrar.ledgers.add("incoming_document", {
            "received_on": day.isoformat(), "category": category,
            "issuer": issuer.format(unit=unit),
            "doc_number": number.format(y=year, n=i + 3), "title": title.format(unit=unit),
            "copies": 1 if level != "secret" else 2,
            "proposal": "拟请组长阅示，由相关同志按要求办理。",
            "urgency": "urgent" if i % 7 == 3 else "normal"},
            classification={"none": "非密", "internal": "内部", "secret": "秘密"}[level],
            retention="6个月" if level == "secret" else None)
        if level == "secret":
            _target, values = registrar.ledgers.derive("incoming_document", entry.id,
                                                       "to_medium")
            for copy_no in (1, 2):
                registrar.ledgers.add("classified_medium", {**values, "copy_no": copy_no},
                                      retention="6个月")
        recent = len(days) - i
        if i == 4:
            registrar.ledgers.clock = _clock(_at(day, 15))
            registrar.ledgers.step("incoming_document", entry.id, "send_back",
                                   note="来文事项不属于派驻组职责范围，已电话说明并退回")
            continue
        if recent == 1:
            continue  # 待组长阅批
        handler_name = rng.choice(["wangmy", "zhaojg"])
        leader.ledgers.clock = _clock(_at(day, 17))
        deadline = day + dt.timedelta(days=rng.choice([5, 10, 15]))
        leader.ledgers.step("incoming_document", entry.id, "review",
                            note="请按要求认真办理，按时报告结果。",
                            data={"handler": handler_name, "deadline": deadline.isoformat()})
        if recent <= 3:
            if recent == 3:
                leader.ledgers.step("incoming_document", entry.id, "urge",
                                    note="请抓紧办理，按时限报告。")
            continue  # still in hand (one of them overdue, so 督办 shows)
        handler = others[handler_name]
        done_on = min(deadline - dt.timedelta(days=1), last)
        handler.ledgers.step("incoming_document", entry.id, "complete", data={
            "result": "已按要求办理完毕，并向组长报告。", "completed_on": done_on.isoformat()})
        if i % 3 == 0:
            registrar.ledgers.step("incoming_document", entry.id, "destroy", data={
                "destroyed_on": done_on.isoformat(), "destroy_witness": "王明远"})
        elif recent > 6:
            registrar.ledgers.step("incoming_document", entry.id, "archive", data={
                "archived_on": done_on.isoformat(),
                "archive_ref": f"{year}-WS-{i + 1:03d}"})
    drafts = sorted(dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(
        max(1, (last - dt.date(year, 1, 10)).days - 2))) for _ in range(10))
    for i, day in enumerate(drafts):
        kind, title, to = rng.choice(_OUTGOING)
        unit = rng.choice(UNITS)
        drafter_name = "lihq" if i % 2 else "wangmy"
        drafter, checker = others[drafter_name], others["wangmy" if i % 2 else "zhaojg"]
        normative = i == 2
        entry = drafter.ledgers.add("outgoing_document", {
            "drafted_on": day.isoformat(), "kind": "opinion" if normative else kind,
            "title": "派驻组监督检查工作规则（试行）" if normative else title.format(unit=unit),
            "main_to": to.format(unit=unit), "copy_to": "县纪委监委第一监督检查室",
            "copies": 5, "normative": normative,
            "consulted": "已征求驻在部门办公室意见",
            "content": "一、基本情况\n二、主要做法\n三、存在问题\n四、下一步工作打算"})
        if i == len(drafts) - 1:
            continue  # 拟稿
        checker.ledgers.clock = _clock(_at(day, 15))
        checker.ledgers.step("outgoing_document", entry.id, "check",
                             note="政策、内容、文字已核，同意呈签")
        if i == len(drafts) - 2:
            continue  # 待签发
        leader.ledgers.clock = _clock(_at(day + dt.timedelta(days=1), 10))
        leader.ledgers.step("outgoing_document", entry.id, "sign", note="同意印发")
        if normative:
            drafter.ledgers.step("outgoing_document", entry.id, "file", data={
                "filed_on": (day + dt.timedelta(days=5)).isoformat(),
                "filing_ref": f"示纪办备〔{year}〕2号"})
        if i < len(drafts) - 3:
            drafter.ledgers.step("outgoing_document", entry.id, "archive", data={
                "archived_on": (day + dt.timedelta(days=10)).isoformat(),
                "archive_ref": f"{year}-FW-{i + 1:03d}"})


def _carriers(leader: UserSession, others: dict[str, UserSession], year: int) -> None:
    """第五十六–五十八条: a printed 秘密 register registers its copies by itself; a copy
    consulted and returned, one destroyed after approval; printing outside approved;
    an expired 保密期限 reviewed and approved."""
    officer = others["wangmy"]
    last = _last_day(year)
    job = print_register(officer, "talk_safety_plan", year=year)
    if job.entries:
        record_print(officer, job, "派驻组涉密打印机（演示）", copies=3)
        # The third copy jammed in the printer: closed as 未印出, not voided (第五十八条).
        copies = officer.ledgers.list("classified_medium", where={"print_digest": job.digest})
        if copies:
            third = max(copies, key=lambda c: int(c.values["copy_no"]))
            officer.ledgers.step("classified_medium", third.id, "not_printed",
                                 note="打印机卡纸，该份未印出，残页已当场粉碎（演示）")
    kept = officer.ledgers.list("classified_medium", where={"source": "received"})
    if kept:
        first = kept[0]
        lent_on = dt.date.fromisoformat(first.values["registered_on"]) + dt.timedelta(days=1)
        officer.ledgers.step("classified_medium", first.id, "lend", data={
            "borrower": "赵建国", "lend_purpose": "承办来文事项查阅",
            "lent_on": _at(lent_on, 9).isoformat(),
            "due_back": lent_on.isoformat()})
        officer.ledgers.step("classified_medium", first.id, "give_back",
                             data={"returned_on": _at(lent_on, 16).isoformat()})
    if len(kept) > 1:
        second = kept[1]
        officer.ledgers.step("classified_medium", second.id, "propose_destroy",
                             note="来文已办结，按规定无需归档")
        leader.ledgers.step("classified_medium", second.id, "approve_destroy")
        officer.ledgers.step("classified_medium", second.id, "destroy", data={
            "destroyed_on": last.isoformat(), "destroy_method": "office",
            "destroy_witness": "演示组长"})
    request = others["lihq"].ledgers.add("outside_printing", {
        "requested_at": _at(dt.date(year, 3, 2), 9).isoformat(),
        "material": "专项监督检查工作手册", "level": "secret", "copies": 40,
        "approved_unit": "示例县机要印刷厂（演示）", "unit_licence": "示保印〔2025〕01号",
        "reason": "份数较多且需装订成册，本组涉密打印机无法完成。"})
    leader.ledgers.clock = _clock(_at(dt.date(year, 3, 2), 11))
    leader.ledgers.step("outside_printing", request.id, "approve",
                        note="同意，派专人现场监印，成品废页全部收回")
    officer.ledgers.step("outside_printing", request.id, "printed", data={
        "printed_on": f"{year}-03-04", "recovered": "成品40份、废页6张全部收回，成品登记涉密载体"})
    # 保密期限 of 6 months run out within the year: one reviewed, the rest queued.
    for e in officer.ledgers.list("incoming_document"):
        if e.classification.is_classified and e.retention == "6个月":
            values = review_for(e, "incoming_document")
            if values["term_end"] and values["term_end"] <= last.isoformat():
                review = officer.ledgers.add("classification_review", {
                    **values, "decision": "declassify",
                    "reason": "来文事项已办结，保密期限届满，经审核可以解密。"})
                leader.ledgers.step("classification_review", review.id, "approve",
                                    note="同意解密")
                break


def _seal_extras(leader: UserSession, others: dict[str, UserSession], year: int) -> None:
    """第六十二条 a use of the seal taken out (while it is out); 第六十三条 an incident."""
    member, custodian = others["wangmy"], others["lihq"]
    out = custodian.ledgers.list("seal_outing", status="out")
    if out:
        trip = out[0]
        day = dt.date.fromisoformat(trip.values["planned_out"][:10])
        use = member.ledgers.add("seal_use", {
            "requested_at": _at(day, 8, 45).isoformat(),
            "document": "对示例县审计局的监督意见书（送达回执）", "purpose": "现场送达，需当场用印",
            "impressions": 1, "stamp_place": "outing"})
        leader.ledgers.clock = custodian.ledgers.clock = _clock(_at(day, 9, 30))
        leader.ledgers.step("seal_use", use.id, "approve", note="同意")
        custodian.ledgers.step("seal_use", use.id, "verify", note="与审批内容一致")
        custodian.ledgers.step("seal_use", use.id, "stamp")
    day = dt.date(year, 5, 20)
    if day <= _last_day(year):
        incident = custodian.ledgers.add("seal_incident", {
            "occurred_on": (day - dt.timedelta(days=2)).isoformat(),
            "found_on": day.isoformat(), "seal": "group", "kind": "2",
            "stamp_ref": f"{year}-012",
            "account": "一份函件用印后发现附件页码与审批稿不一致，已发出，"
                       "造成一定不良影响（演示）。",
            "persons": "经办人、核对人（演示）",
            "measures": "立即收回已发出函件并重新办理；向组长作出书面说明。"})
        leader.ledgers.clock = _clock(_at(day + dt.timedelta(days=3), 16))
        leader.ledgers.step("seal_incident", incident.id, "decide", data={
            "accountability": "对经办人、核对人进行批评教育，责令作出书面检查"
                              "（第六十三条（二））。",
            "decided_on": (day + dt.timedelta(days=3)).isoformat()})
        custodian.ledgers.step("seal_incident", incident.id, "close", data={
            "rectification": "完善用印核对清单，核对时逐页比对审批稿，已执行。",
            "closed_on": (day + dt.timedelta(days=10)).isoformat()})
