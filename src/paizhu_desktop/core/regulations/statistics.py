"""The figures a county office keeps of its groups (常州经验: 三重一大, 监督意见,
廉政风险点, 四种形态, 问题线索, 问责 …; DOMAIN §7), declared once over the
ledgers that record them. A ledger added later adds its figures here."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.figures import Figure
from paizhu_desktop.core.regulations.xianxian.ch12_chronicle import CATEGORY_INTERFERENCE

SUPERVISION, MANAGEMENT = "监督执纪", "日常管理"

FIGURES: tuple[Figure, ...] = (
    Figure("interference", "打听干预监督执纪、案件查办的记载", "献县办法 第四十八条（五）",
           "chronicle", SUPERVISION, where={"category": CATEGORY_INTERFERENCE}),
    Figure("group_meetings", "召开组务会", "献县办法 第三十二条", "group_meeting", MANAGEMENT,
           unit="次"),
    Figure("action_items", "会议议定事项", "献县办法 第三十四条", "action_item", MANAGEMENT),
    Figure("action_items_done", "议定事项已办结", "献县办法 第三十四条", "action_item",
           MANAGEMENT, statuses=("done",)),
    Figure("chronicle_entries", "大事记记载", "献县办法 第四十八条", "chronicle", MANAGEMENT,
           unit="条"),
    Figure("seal_uses", "用印", "献县办法 第六十条", "seal_use", MANAGEMENT,
           statuses=("stamped",), unit="次"),
    Figure("seal_impressions", "用印份数", "献县办法 第六十条", "seal_use", MANAGEMENT,
           statuses=("stamped",), sum_field="impressions", unit="份"),
    Figure("seal_outings", "印章外带", "献县办法 第六十二条", "seal_outing", MANAGEMENT,
           statuses=("out", "returned"), unit="次"),
)
