"""The figures a county office keeps of its groups (常州经验: 三重一大, 监督意见,
廉政风险点, 四种形态, 问题线索, 问责 …; DOMAIN §7), declared once over the
ledgers that record them. A ledger added later adds its figures here."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.figures import Figure
from paizhu_desktop.core.regulations.xianxian.ch12_chronicle import CATEGORY_INTERFERENCE

SUPERVISION, MANAGEMENT, RECTIFICATION = "监督执纪", "日常管理", "问责与整改"

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
    Figure("rotations", "轮岗", "献县办法 第六十七条", "post_tenure", MANAGEMENT,
           date_field="rotated_on", unit="人次"),
    Figure("accountability", "问责决定", "濮阳·问责 第五条", "accountability_decision",
           RECTIFICATION),
    Figure("accountability_discipline", "问责中给予纪律处分", "濮阳·问责 第五条",
           "accountability_decision", RECTIFICATION, where={"method": "discipline"}),
    Figure("inspection_referrals", "巡察移交问题", "杨陵巡察办法 第三十三条",
           "inspection_referral", RECTIFICATION),
    Figure("rectification_items", "整改问题（按整改时限）", "杨陵巡察办法 第三十五条",
           "rectification_item", RECTIFICATION),
    Figure("rectification_closed", "整改问题已销号", "杨陵巡察办法 第三十八条",
           "rectification_item", RECTIFICATION, statuses=("closed",)),
    Figure("petition_letters", "举报控告信件", "庆城两个责任办法 第十三条",
           "petition_letter", SUPERVISION),
    Figure("host_duties_done", "主体责任清单事项履责", "庆城两个责任办法 第九条",
           "host_duty_check", SUPERVISION, unit="项次"),
    Figure("incoming_documents", "收文", "献县办法 第五十一条", "incoming_document",
           MANAGEMENT),
    Figure("outgoing_documents", "发文", "献县办法 第五十三条", "outgoing_document",
           MANAGEMENT),
    Figure("classified_media", "登记涉密载体", "献县办法 第五十八条", "classified_medium",
           MANAGEMENT, unit="份"),
    Figure("safety_incidents", "安全事件", "献县办法 第二十六条", "safety_incident",
           MANAGEMENT, unit="起"),
)
