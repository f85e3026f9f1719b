"""大事记 chronicle — 献县办法 第十二章 第四十八–五十条."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import Field, FieldType, numbered_choices

#: 第四十八条 (一)–(六), shortened for lists; the print shows the full label.
CATEGORIES = numbered_choices([
    "上级重大决策部署和交办重点工作落实",
    "专项工作、重要活动和主要成效",
    "组长参加的重要活动、督促驻在部门党风廉政建设",
    "组务会研究的重要事项",
    "有关人员打听、干预监督执纪、案件查办",
    "其他重大事项",
])
#: 第四十八条(五): enquiries about or interference in a case.
CATEGORY_INTERFERENCE = "5"


def _dates_in_order(values: Mapping[str, Any]) -> dict[str, str]:
    start, end = values.get("date_start"), values.get("date_end")
    if start and end and end < start:
        return {"date_end": "“结束日期”不能早于“日期”"}
    return {}


def _interference_is_secret(values: Mapping[str, Any]) -> Classification | None:
    # 第四十八条(五) matters concern cases: 秘密 unless the user decides otherwise.
    if values.get("category") == CATEGORY_INTERFERENCE:
        return Classification.SECRET
    return None


CHRONICLE = LedgerDescription(
    id="chronicle",
    name="大事记",
    chapter="第十二章 大事记制度",
    article="献县办法 第四十八–五十条",
    description=(
        "对重要事项指定专人负责记载、整理和归档（第四十八条）；简明扼要，重点记录时间、地点、"
        "涉及人员、主要内容，已有记录或纪要的只摘记要点（第四十九条）；一日之内按日记载，非止一日"
        "按事记载，一日数起按重要性依次记载（第五十条）。"
    ),
    fields=(
        Field("date_start", "日期", FieldType.DATE, required=True,
              help="事项发生的日期；非止一日的事项填开始日期"),
        Field("date_end", "结束日期", FieldType.DATE,
              help="非止一日的事项填写结束日期（第五十条：按事记载）"),
        Field("importance", "当日次序", FieldType.INTEGER, required=True, default=1,
              minimum=1, maximum=99, searchable=False,
              help="同一日发生数起的，按重要性依次记载：1 为最重要（第五十条）"),
        Field("category", "类别", FieldType.CHOICE, required=True, choices=CATEGORIES,
              help="第四十八条（一）至（六）"),
        Field("place", "地点", FieldType.TEXT, max_length=100),
        Field("people", "涉及人员", FieldType.TEXT, max_length=200),
        Field("content", "主要内容", FieldType.LONGTEXT, required=True, max_length=5000,
              help="简明扼要；已有会议记录或纪要的，只摘记要点（第四十九条）"),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("date_start", "date_end", "importance", "content", "category", "place",
                  "people"),
    # 第五十条: by day; a multi-day matter once, at its start; within a day by importance.
    ordering=(("date_start", False), ("importance", False), ("date_end", False)),
    date_field="date_start",
    summary_field="content",
    default_classification=Classification.INTERNAL,
    classification_rule=_interference_is_secret,
    validators=(_dates_in_order,),
)
