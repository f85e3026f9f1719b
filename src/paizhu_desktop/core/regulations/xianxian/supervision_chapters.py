"""第二、三、八、九、十章 of 献县办法 together: leadership, supervision, research,
请示报告 and 通报 — the ledgers the catalog takes from these chapters, in the
order of the text."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.catalog import Report
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.figures import Figure
from paizhu_desktop.core.regulations.xianxian import (
    ch02_leadership,
    ch03_supervision,
    ch08_research,
    ch09_requests,
    ch10_notifications,
)

LEDGERS: tuple[LedgerDescription, ...] = (
    *ch02_leadership.LEDGERS,
    *ch03_supervision.LEDGERS,
    *ch08_research.LEDGERS,
    *ch09_requests.LEDGERS,
    *ch10_notifications.LEDGERS,
)

#: The reports that span these ledgers (常州经验's counts).
REPORTS: tuple[Report, ...] = (ch03_supervision.SUPERVISION_COUNTS,)

_SUPERVISION, _MANAGEMENT = "监督执纪", "日常管理"
_CZ = "常州经验 一（一）；献县办法 第十二条"


def _clue_figures() -> tuple[Figure, ...]:
    disposals = tuple(
        Figure(f"clues_{c.value}", f"问题线索{c.label}", "常州经验 三（三）；献县办法 第十三条",
               "problem_clue", _SUPERVISION, date_field="disposal_on",
               where={"disposal": c.value})
        for c in ch03_supervision.DISPOSALS)
    forms = tuple(
        Figure(f"form_{c.value}", f"运用{c.label}处置", "常州经验 三（三）；献县办法 第十三条",
               "problem_clue", _SUPERVISION, date_field="concluded_on",
               where={"form": c.value}, unit="人次")
        for c in ch03_supervision.FORMS[:4])
    return (
        Figure("clues_received", "受理问题线索", "常州经验 三（三）；献县办法 第十三条",
               "problem_clue", _SUPERVISION),
        *disposals,
        Figure("clues_filed", "立案", "常州经验 三（三）；献县办法 第十三条", "problem_clue",
               _SUPERVISION, date_field="filed_on"),
        *forms,
    )


#: What the county office adds up of these chapters (常州经验: 参与监督“三重一大”事项、
#: 发出监督意见、排查廉政风险点、制定防控措施、四种形态、问题线索、立案 …).
FIGURES: tuple[Figure, ...] = (
    Figure("major_matters", "参与监督“三重一大”事项", _CZ, "major_matter", _SUPERVISION,
           unit="次"),
    Figure("supervision_opinions", "发出监督意见", "常州经验 一（一）；献县办法 第十一条",
           "supervision_opinion", _SUPERVISION, unit="条"),
    Figure("opinions_adopted", "监督意见被采纳", "常州经验 一（一）；献县办法 第十一条",
           "supervision_opinion", _SUPERVISION, where={"adoption": "adopted"}, unit="条"),
    Figure("risk_points", "排查廉政风险点", _CZ, "risk_point", _SUPERVISION, unit="个"),
    Figure("risk_measures", "制定风险防控措施", _CZ, "risk_point", _SUPERVISION,
           sum_field="measure_count", unit="条"),
    *(Figure(f"letters_{c.value}", f"制发{c.label}", "献县办法 第十二条",
             "supervision_letter", _SUPERVISION, where={"kind": c.value}, unit="份")
      for c in ch03_supervision.LETTER_KINDS),
    Figure("political_portraits", "政治画像", "献县办法 第十二条", "political_ecology",
           _SUPERVISION, where={"kind": "portrait"}, unit="人"),
    *_clue_figures(),
    Figure("research_reports", "形成调研报告", "献县办法 第三十七条", "research_report",
           _SUPERVISION, unit="篇"),
    Figure("follow_ups_closed", "督办事项整改销号", "献县办法 第三十八条", "follow_up",
           _SUPERVISION, date_field="closed_on", unit="项"),
    Figure("work_reports", "向县纪委常委会汇报工作", "献县办法 第四条", "work_report",
           _MANAGEMENT, unit="次"),
    Figure("requests_reports", "向县纪委监委请示报告", "献县办法 第三十九–四十条",
           "request_report", _MANAGEMENT),
    Figure("notifications", "向党组（党委）通报重要事项", "献县办法 第四十一–四十三条",
           "notification", _MANAGEMENT, unit="次"),
)
