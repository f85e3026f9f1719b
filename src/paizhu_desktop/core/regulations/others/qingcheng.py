"""The host unit's 责任清单 that the group supervises — 庆城两个责任办法 第九–十四条.

Each item of the list with a frequency becomes a duty of the calendar: the
党组's 专题会议 at least twice a year, its yearly report, the half-yearly 专项
督察 and the yearly 专项治理 (第九条); the secretary's 辅导报告, 约谈 and 谈心
(第十条); the other leaders' 四个一 (第十一条); the 纪检组's half-yearly 交换意见
and yearly report (第十三条); the 党组's assessment of its members (第十四条). The
group records each fulfilment it verified and what it found. Letters are handled
直办、督办、转办、阅处、留存 (第十三条第11项).
"""

from __future__ import annotations

from dataclasses import dataclass

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every, Period
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.others.chapters import QINGCHENG as CHAPTER

REGULATION = "庆城两个责任办法"


@dataclass(frozen=True)
class ListItem:
    """One item of the 责任清单 with its frequency."""

    code: str
    label: str
    article: str
    period: Period
    count: int = 1
    note: str = ""


#: The items with a frequency, in the order of the text.
LIST_ITEMS: tuple[ListItem, ...] = (
    ListItem("special_meeting", "党组专题会议研究党风廉政建设（每年至少两次）", "第九条第1项",
             "year", 2),
    ListItem("yearly_report", "向县委、县纪委和市院报告党风廉政建设工作情况（每年1次）",
             "第九条第3项", "year"),
    ListItem("task_breakdown", "党风廉政建设任务细化分解（每年）", "第九条第4项", "year"),
    ListItem("responsibility_letter", "签订《党风廉政建设责任书》（每年）", "第九条第5项", "year"),
    ListItem("special_inspection", "党风检纪专项重点督察（每半年1次）", "第九条第14项", "half"),
    ListItem("special_governance", "检风检纪突出问题专项治理（每年至少1次）", "第九条第14项",
             "year"),
    ListItem("guidance_lecture", "党组书记作党风廉政建设专题辅导报告（每年至少1次）",
             "第十条第6项", "year"),
    ListItem("secretary_summons", "党组书记约谈班子成员履行主体责任情况（每年至少1次）",
             "第十条第7项", "year"),
    ListItem("secretary_heart_talk", "党组书记与班子成员及中层干部谈心谈话（每年不少于1次）",
             "第十条第8项", "year"),
    ListItem("hear_report", "四个一：听取分管部门党风廉政建设情况汇报（每季度至少1次）",
             "第十一条第6项", "quarter"),
    ListItem("integrity_talk", "四个一：与分管部门负责人廉政谈话（每季度1次）", "第十一条第6项",
             "quarter"),
    ListItem("member_heart_talk", "四个一：同分管部门人员谈心谈话（每年至少1次）",
             "第十一条第6项", "year"),
    ListItem("party_lesson", "四个一：为分管部门讲廉政党课（每年至少1次）", "第十一条第6项",
             "year"),
    ListItem("member_assessment", "党组考核班子成员、检委会专职委员履行主体责任情况（每年）",
             "第十四条", "year",
             note="第十四条未规定频次，程序按年度考核计（每年一次）。"),
    ListItem("exchange_views", "纪检组与班子成员交换意见（每半年）", "第十三条第2项", "half"),
    ListItem("supervision_report", "纪检组报告履行监督责任情况（每年）", "第十三条第10项",
             "year"),
)
ITEM_CHOICES = tuple(Choice(i.code, f"{i.label}（{i.article}）") for i in LIST_ITEMS)


def _duty(item: ListItem) -> Duty:
    return Duty(f"qingcheng_{item.code}", item.label.split("（")[0],
                f"{REGULATION} {item.article}", Every(item.period, count=item.count),
                Counts("host_duty_check", date_field="done_on", where={"item": item.code}),
                roles=frozenset({Role.LEADER, Role.DEPUTY}), note=item.note)


HOST_DUTY_CHECK = LedgerDescription(
    id="host_duty_check",
    name="责任清单落实监督",
    chapter=CHAPTER,
    article=f"{REGULATION} 第九–十四条",
    register_name="驻在部门责任清单落实情况监督台账",
    description=(
        "驻在部门党组、党组书记、班子其他成员和纪检组按责任清单履责（第九–十三条）；派驻组逐项"
        "核实完成情况，记录发现的问题和提出的意见。"
    ),
    fields=(
        Field("done_on", "履责日期", FieldType.DATE, required=True, default=TODAY),
        Field("item", "清单事项", FieldType.CHOICE, required=True, choices=ITEM_CHOICES),
        Field("host_unit", "驻在部门", FieldType.TEXT, required=True, max_length=100),
        Field("responsible", "履责人", FieldType.TEXT, required=True, max_length=100),
        Field("content", "履责情况", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("verified_by_group", "派驻组核实方式", FieldType.TEXT, max_length=100,
              help="如：列席会议、查阅记录、听取汇报"),
        Field("group_found", "发现问题及监督意见", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("done_on", "item", "host_unit", "responsible", "content", "group_found"),
    ordering=(("done_on", True),),
    date_field="done_on",
    summary_field="item",
    duties=tuple(_duty(i) for i in LIST_ITEMS),
)

#: 第十三条第11项.
HANDLINGS = (Choice("direct", "直办"), Choice("supervise", "督办"), Choice("transfer", "转办"),
             Choice("read", "阅处"), Choice("keep", "留存"))

PETITION_LETTER = LedgerDescription(
    id="petition_letter",
    name="举报控告信件处置",
    chapter=CHAPTER,
    article=f"{REGULATION} 第十三条第11项",
    register_name="举报控告信件处置登记簿",
    description="认真受理反映检察人员违纪违法的举报、控告信件，按照信件管理和处置规定，分别作出直办、"
                "督办、转办、阅处、留存等处理（第十三条第11项）。",
    fields=(
        Field("received_on", "收件日期", FieldType.DATE, required=True, default=TODAY),
        Field("source", "来源", FieldType.TEXT, required=True, max_length=100,
              help="如：来信、来访、上级转交"),
        Field("reported", "被反映人", FieldType.TEXT, max_length=100),
        Field("summary", "反映问题摘要", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("handling", "处理方式", FieldType.CHOICE, required=True, choices=HANDLINGS),
        Field("handled_on", "处理日期", FieldType.DATE),
        Field("result", "办理结果", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("received_on", "source", "reported", "summary", "handling", "handled_on",
                  "result"),
    ordering=(("received_on", True),),
    date_field="received_on",
    summary_field="summary",
    # Letters reporting people are clue material: 秘密 by default.
    default_classification=Classification.SECRET,
    minimum_classification=Classification.SECRET,
)

#: 庆城两个责任办法's part, in navigation order.
LEDGERS = (HOST_DUTY_CHECK, PETITION_LETTER)
