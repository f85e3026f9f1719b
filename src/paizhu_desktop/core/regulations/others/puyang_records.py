"""全程记实 the duty record — 濮阳·全程记实 第五–十二条, 第十五条.

At the start of each year the 共性 and 个性 indicators are set from the duty
lists (第五条); the work is done against a 台账 of them (第六条). Each
fulfilment is recorded once, in order of time, as a summary with its time,
place, people and matter, and its evidence attached (第九条); the principal
leader signs it off and the recorder enters it within 3 working days, and the
program warns 5 days before an indicator's deadline (第十条). The recorder tells
the leaders in writing by the 25th of each month (第十一条); reports go out by
30 June and 31 December (第十二条). 第十三条 punishes records changed or deleted
at will: a signed-off record is changed only by the leader undoing the sign-off,
with the reason, and its history stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.ledgers.description import (
    Derivation,
    Document,
    LedgerDescription,
    Link,
)
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import (
    NOTE,
    Step,
    Workflow,
    stand_in_field,
    taken_by,
)
from paizhu_desktop.core.permissions import Permission, Role
from paizhu_desktop.core.regulations.others.chapters import PUYANG_RECORDS as CHAPTER

REGULATION = "濮阳·全程记实"
#: 第十条: the warning comes this many days before an indicator's deadline.
WARN_DAYS = 5

INDICATOR_KINDS = (Choice("common", "共性指标"), Choice("specific", "个性指标"))
#: 第六条: 主体责任 and 监督责任 are recorded separately.
RESPONSIBILITIES = (Choice("principal", "主体责任"), Choice("supervisory", "监督责任"))
#: 第六条: whose fulfilment is recorded.
SUBJECTS = (
    Choice("leadership", "党组（党委）领导班子"),
    Choice("head", "主要负责人"),
    Choice("members", "其他班子成员"),
    Choice("discipline", "纪检监察组"),
)
HALVES = (Choice("1", "上半年（6月30日前）"), Choice("2", "下半年（12月31日前）"))


def _year_now() -> int:
    return dt.date.today().year


DUTY_INDICATOR = LedgerDescription(
    id="duty_indicator",
    name="共性与个性指标",
    chapter=CHAPTER,
    article=f"{REGULATION} 第五–六条",
    register_name="两个责任共性指标和个性指标台账",
    description=(
        "每年年初，根据全面从严治党主体责任和监督责任清单制定共性指标，各单位根据工作实际制定个性"
        "指标（第五条）；依据共性指标和个性指标建立工作台账，对照台账进行履责（第六条）。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=_year_now(), searchable=False),
        Field("kind", "指标类别", FieldType.CHOICE, required=True, choices=INDICATOR_KINDS),
        Field("responsibility", "责任类别", FieldType.CHOICE, required=True,
              choices=RESPONSIBILITIES),
        Field("subject", "责任主体", FieldType.CHOICE, required=True, choices=SUBJECTS),
        Field("content", "指标内容", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("source", "清单依据", FieldType.TEXT, max_length=200,
              help="如：庆城两个责任办法 第九条第1项"),
        Field("frequency", "频次要求", FieldType.TEXT, max_length=50,
              help="如：每年至少两次、每季度一次"),
        Field("deadline", "完成时限", FieldType.DATE,
              help="距时限5天时预警提醒（第十条）"),
        Field("responsible", "责任人", FieldType.TEXT, max_length=50),
        Field("set_on", "制定日期", FieldType.DATE, required=True, default=TODAY),
    ),
    list_columns=("year", "kind", "responsibility", "subject", "content", "frequency",
                  "deadline", "responsible"),
    ordering=(("year", True), ("deadline", False)),
    date_field="set_on",
    summary_field="content",
    derivations=(Derivation("to_record", "登记履责记实", "duty_record",
                            lambda e: indicator_to_record(e)),),
    duties=(
        Duty("indicators_set", "年初制定共性指标和个性指标", f"{REGULATION} 第五条",
             Every("year", month=1), Counts("duty_indicator", date_field="set_on"),
             note="第五条规定“每年年初”制定，未定具体日期；程序读作1月31日前（年初即第一个月），"
                  "此后制定的计为逾期完成"),
        Duty("indicator_fulfilled", "共性和个性指标按完成时限履责记实",
             f"{REGULATION} 第十条",
             After("duty_indicator", "set_on", due_field="deadline",
                   followed_by="duty_record", link_field="indicator_id",
                   followed_date_field="occurred_on"),
             note="距完成时限5天时预警提醒（第十条）"),
    ),
)


def indicator_to_record(entry: EntryView) -> dict[str, Any]:
    """A record of fulfilling an indicator, pre-filled from it (第六条: 对照台账进行履责)."""
    v = entry.values
    return {"responsibility": v.get("responsibility"), "subject": v.get("subject"),
            "matter": (v.get("content") or "")[:200], "indicator_id": entry.id}


def _record_not_in_future(values: Mapping[str, Any]) -> dict[str, str]:
    day = values.get("occurred_on")
    if day and day > dt.date.today().isoformat():
        return {"occurred_on": "记实事项发生后才能记实（第十条），“时间”不能晚于今天"}
    return {}


def unrecorded_indicators(records: Records, year: int) -> list[str]:
    """The record ledger's check: :func:`indicator_warnings` (defined with its helpers
    below)."""
    return indicator_warnings(records, year)


DUTY_RECORD = LedgerDescription(
    id="duty_record",
    name="全程记实",
    chapter=CHAPTER,
    article=f"{REGULATION} 第六条、第九–十条、第十三条",
    register_name="两个责任全程记实台账",
    description=(
        "全程记实按时间顺序，以摘要方式进行记录，内容包含时间、地点、人物、事项等要素；印证材料以"
        "附件上传，纸质材料一事一档留档备查（第九条）。记实事项发生后，主要负责人审核签字，由记录员"
        "3个工作日内录入（第十条）。不得随意修改、删除记录内容（第十三条）。"
    ),
    fields=(
        Field("occurred_on", "时间", FieldType.DATE, required=True, default=TODAY),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("people", "人物", FieldType.TEXT, required=True, max_length=300,
              help="参加或涉及的人员"),
        Field("matter", "事项", FieldType.TEXT, required=True, max_length=200),
        Field("responsibility", "责任类别", FieldType.CHOICE, required=True,
              choices=RESPONSIBILITIES),
        Field("subject", "责任主体", FieldType.CHOICE, required=True, choices=SUBJECTS),
        Field("summary", "摘要", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("evidence", "印证材料", FieldType.TEXT, max_length=300,
              help="文件、会议记录、领导讲话、活动照片、信息简报、工作总结等；电子件作为附件上传"
                   "（第九条）"),
        Field("paper_file", "纸质档案号", FieldType.TEXT, max_length=50,
              help="一事一档（第九条）"),
        Field("recorder", "记录员", FieldType.USER, required=True, default=CURRENT_USER,
              help="明确记录员，负责将履行两个责任情况录入（第八条）"),
        Field("indicator_id", "对应指标", FieldType.TEXT, hidden=True, searchable=False),
        Field("signer", "审核签字人", FieldType.USER, hidden=True),
        stand_in_field(since=2),
        Field("signed_at", "审核签字时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("sign_note", "审核意见", FieldType.TEXT, hidden=True),
    ),
    list_columns=("occurred_on", "place", "people", "matter", "responsibility", "summary",
                  "recorder", "signer", "signed_at"),
    # 第九条: in order of time.
    ordering=(("occurred_on", False),),
    date_field="occurred_on",
    summary_field="matter",
    validators=(_record_not_in_future,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="recorded",
        states=(Choice("recorded", "待审核签字"), Choice("signed_off", "已审核签字")),
        editable=("recorded",),
        finished=("signed_off",),
        # 第十三条: a signed-off record is never voided; the leader undoes the sign-off.
        unvoidable=("signed_off",),
        steps=(
            Step("sign_off", "审核签字", ("recorded",), "signed_off", Permission.APPROVE,
                 Action.APPROVE, record=taken_by("signer", "signed_at", "sign_note")),
            Step("revoke", "撤销签字", ("signed_off",), "recorded", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="撤销签字的理由",
                 record={"sign_note": NOTE}, clears=("signer", "signed_at", "stand_in"),
                 task=False),
        ),
    ),
    links=(Link("indicator_id", "对应指标", ledger="duty_indicator"),),
    derivations=(Derivation("to_chronicle", "记入大事记", "chronicle",
                            lambda e: record_to_chronicle(e)),),
    duties=(
        Duty("record_signed", "记实事项发生后3个工作日内审核签字录入", f"{REGULATION} 第十条",
             After("duty_record", "occurred_on", workdays=3, done_field="signed_at"),
             roles=frozenset({Role.LEADER, Role.RECORDER})),
    ),
    checks=(unrecorded_indicators,),
    # 第十五条: 每月审核评分，得分排名进行季度通报 (core.record_scores; the 记实评分 page).
    documents=(Document("全程记实得分季度通报", "period", "打印全程记实得分季度通报…",
                        article=f"{REGULATION} 第十五条"),),
)


def record_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """The chronicle entry of a fulfilment (献县办法 第四十八条(三): 督促驻在部门党风廉政
    建设), key points only (献县办法 第四十九条), linked back to the record."""
    v = entry.values
    return {"date_start": v.get("occurred_on"), "importance": 1, "category": "3",
            "place": v.get("place") or "", "people": (v.get("people") or "")[:200],
            "content": f"{v.get('matter') or ''}：{(v.get('summary') or '')[:300]}",
            "source_ledger": "duty_record", "source_id": entry.id}


def indicator_warnings(records: Records, year: int) -> list[str]:
    """Indicators of ``year`` with no record yet whose deadline is within
    :data:`WARN_DAYS` days or past (濮阳·全程记实 第十条: 距规定完成时限5天时预警提醒)."""
    today = records.now().date()
    out = []
    found = records.find("duty_indicator", where={"year": year},
                         order=(("deadline", False),))
    for e in found:
        deadline = e.values.get("deadline")
        if not deadline:
            continue
        left = (dt.date.fromisoformat(deadline) - today).days
        if left > WARN_DAYS:
            continue
        if records.find("duty_record", where={"indicator_id": e.id}):
            continue
        text = (e.values.get("content") or "")[:30]
        when = f"已超过完成时限 {-left} 天" if left < 0 else f"距完成时限还有 {left} 天"
        out.append(f"指标“{text}”尚无记实，{when}（时限 {deadline}，{REGULATION} 第十条）")
    return out


DUTY_NOTICE = LedgerDescription(
    id="duty_notice",
    name="月度履责告知",
    chapter=CHAPTER,
    article=f"{REGULATION} 第十一条",
    register_name="履行两个责任情况月度书面告知登记簿",
    description="记录员于每月25日前，将履行两个责任情况书面告知党组（党委）、纪检监察组主要负责人"
                "（第十一条）。",
    fields=(
        Field("notified_on", "告知日期", FieldType.DATE, required=True, default=TODAY),
        Field("month", "所属月份", FieldType.INTEGER, required=True, minimum=1, maximum=12,
              default=dt.date.today().month, searchable=False),
        Field("recipients", "告知对象", FieldType.TEXT, required=True, max_length=200,
              default="驻在部门党组书记、纪检监察组组长"),
        Field("content", "告知内容", FieldType.LONGTEXT, required=True, max_length=10000,
              help="本月履行主体责任、监督责任情况，指标完成和待办情况"),
        Field("recorder", "记录员", FieldType.USER, required=True, default=CURRENT_USER),
    ),
    list_columns=("notified_on", "month", "recipients", "content", "recorder"),
    ordering=(("notified_on", True),),
    date_field="notified_on",
    summary_field="content",
    duties=(
        Duty("monthly_notice", "每月25日前书面告知主要负责人履责情况", f"{REGULATION} 第十一条",
             Every("month", day=25), Counts("duty_notice", date_field="notified_on"),
             roles=frozenset({Role.RECORDER, Role.LEADER})),
    ),
)


def _report_title(values: Mapping[str, Any]) -> dict[str, Any]:
    year, half = values.get("year"), values.get("half")
    if not year or not half:
        return {}
    word = "上半年" if half == "1" else "下半年"
    return {"title": f"{year}年{word}落实全面从严治党主体责任和监督责任情况的报告"}


DUTY_REPORT = LedgerDescription(
    id="duty_report",
    name="履责情况半年报告",
    chapter=CHAPTER,
    article=f"{REGULATION} 第十二条",
    register_name="落实两个责任情况报告登记簿",
    description="分别于每年6月30日、12月31日前，将落实主体责任和监督责任情况以正式文件上报"
                "（第十二条）。",
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              default=_year_now(), searchable=False),
        Field("half", "半年", FieldType.CHOICE, required=True, choices=HALVES),
        Field("title", "报告标题", FieldType.TEXT, hidden=True),
        Field("doc_number", "文号", FieldType.TEXT, max_length=50),
        Field("reported_on", "报送日期", FieldType.DATE, required=True, default=TODAY),
        Field("recipients", "报送机关", FieldType.TEXT, required=True, max_length=200,
              default="县委主体责任办公室、县纪委监委办公室"),
        Field("content", "报告内容摘要", FieldType.LONGTEXT, required=True, max_length=20000),
    ),
    list_columns=("reported_on", "title", "doc_number", "recipients"),
    ordering=(("reported_on", True),),
    date_field="reported_on",
    summary_field="title",
    computed=_report_title,
    computed_fields=("title",),
    duties=(
        Duty("half_year_duty_report", "每年6月30日、12月31日前上报落实两个责任情况",
             f"{REGULATION} 第十二条", Every("half"),
             Counts("duty_report", date_field="reported_on")),
    ),
)

#: 濮阳·全程记实, in navigation order.
LEDGERS = (DUTY_INDICATOR, DUTY_RECORD, DUTY_NOTICE, DUTY_REPORT)
