"""重要事项通报 to the host unit's party group — 献县办法 第十章 第四十一–四十三条.

The group tells the 党组(党委) of the host unit what it must know to carry
its principal duty (第四十一条): the six contents of 第四十二条, in one of the
four forms of 第四十三条 (口头、书面、文件传阅、会议). Each entry records what
was notified, to whom, when, by whom and how the party group took it up; a
written notification prints as a document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Derivation, Document, LedgerDescription
from paizhu_desktop.core.ledgers.fields import (
    CURRENT_USER,
    TODAY,
    Choice,
    Field,
    FieldType,
    numbered_choices,
)
from paizhu_desktop.core.ledgers.rules import EntryView
from paizhu_desktop.core.regulations.xianxian.chapters import NOTIFICATIONS as CHAPTER

#: 第四十二条 (一)–(六): what is notified.
CONTENTS = numbered_choices([
    "党中央、中央纪委国家监委关于全面从严治党重大决策部署，上级纪委监委有关领导讲话精神"
    "以及县委、县纪委监委的贯彻落实意见",
    "县委、县纪委监委关于全面从严治党的有关会议和文件精神，县纪委监委安排部署的重要工作",
    "中央纪委国家监委、省纪委监委、市纪委监委、县纪委监委通报曝光的典型案例",
    "派驻机构年度工作安排和工作总结，日常监督中发现的突出问题",
    "发现驻在部门及系统纪检监察工作突发重要敏感舆情",
    "其他需要通报的事项",
])
#: 第四十三条: the forms, as the text names them.
FORMS = (
    Choice("oral", "口头"),
    Choice("written", "书面"),
    Choice("circulation", "文件传阅"),
    Choice("meeting", "会议"),
)
#: (五) sudden sensitive public opinion: handled as 秘密 until the group decides otherwise.
_SENSITIVE = "5"


def _form_details(values: Mapping[str, Any]) -> dict[str, str]:
    """What each form of 第四十三条 leaves on record."""
    form = values.get("form")
    if form == "meeting" and not values.get("meeting"):
        return {"meeting": "以会议形式通报的，请填写会议名称（第四十三条）"}
    if form in ("written", "circulation") and not values.get("document_no") \
            and not values.get("document_title"):
        return {"document_title": "以书面或文件传阅形式通报的，请填写通报文件的标题或文号"
                                  "（第四十三条）"}
    return {}


def notification_to_chronicle(entry: EntryView) -> dict[str, Any]:
    """Enter once: the 通报 in the chronicle — the group urging the party group on
    (第四十八条（三）: 督促驻在部门党风廉政建设), key points only (第四十九条)."""
    v = entry.values
    form = {c.value: c.label for c in FORMS}.get(v.get("form") or "", "")
    title = v.get("title") or ""
    what = title if title.startswith("通报") else f"通报{title}"
    return {
        "date_start": v.get("notified_on"), "importance": 1, "category": "3",
        "people": v.get("informed") or "",
        "content": f"以{form}形式向{v.get('host_unit') or ''}{what}。",
        "source_ledger": "notification", "source_id": entry.id,
    }


def _sensitive(values: Mapping[str, Any]) -> Classification | None:
    return Classification.SECRET if values.get("content_kind") == _SENSITIVE else None


NOTIFICATION = LedgerDescription(
    id="notification",
    name="重要事项通报",
    chapter=CHAPTER,
    article="献县办法 第四十一–四十三条",
    register_name="重要事项通报登记簿",
    description=(
        "派驻机构与驻在部门党组（党委）建立重要事项通报制度（第四十一条），及时准确通报第四十二条"
        "（一）至（六）所列事项；视内容不同，采取口头、书面、文件传阅或会议等形式（第四十三条）。"
    ),
    fields=(
        Field("notified_on", "通报日期", FieldType.DATE, required=True, default=TODAY),
        Field("host_unit", "通报对象（党组、党委）", FieldType.TEXT, required=True,
              max_length=100,
              help="第四十一条：向驻在部门党组（党委）通报，如：中共示例县财政局党组"),
        Field("content_kind", "通报内容", FieldType.CHOICE, required=True, choices=CONTENTS,
              help="第四十二条（一）至（六）"),
        Field("title", "通报事项", FieldType.TEXT, required=True, max_length=100),
        Field("form", "通报形式", FieldType.CHOICE, required=True, choices=FORMS,
              help="第四十三条：口头、书面、文件传阅或会议"),
        Field("meeting", "会议名称", FieldType.TEXT, max_length=100,
              help="以会议形式通报的，如：党组会议、党风廉政建设工作会议"),
        Field("document_no", "文号", FieldType.TEXT, max_length=40),
        Field("document_title", "通报文件标题", FieldType.TEXT, max_length=100),
        Field("content", "通报内容摘要", FieldType.LONGTEXT, required=True, max_length=20000,
              help="书面通报的正文；以“一、”“（一）”开头的行印为标题"),
        Field("informed", "听取通报人员", FieldType.TEXT, required=True, max_length=300,
              help="党组书记、班子成员等，写明姓名和职务"),
        Field("notified_by", "通报人", FieldType.USER, required=True, default=CURRENT_USER),
        Field("response", "党组（党委）落实情况", FieldType.LONGTEXT, max_length=5000,
              help="第四十一条：党组（党委）落实全面从严治党要求、履行主体责任的情况"),
    ),
    list_columns=("notified_on", "host_unit", "content_kind", "title", "form", "informed",
                  "notified_by"),
    ordering=(("notified_on", True),),
    date_field="notified_on",
    summary_field="title",
    default_classification=Classification.INTERNAL,
    classification_rule=_sensitive,
    classification_inputs=("content_kind",),
    validators=(_form_details,),
    derivations=(Derivation("to_chronicle", "记入大事记", "chronicle",
                            notification_to_chronicle),),
    documents=(Document("重要事项通报", "entry", "打印通报…",
                        article="献县办法 第四十三条"),),
)


#: 第十章, in navigation order.
LEDGERS = (NOTIFICATION,)
