"""The ledgers of issue 17 in navigation order: 献县办法 第十七章, then 濮阳五项制度's
全程记实, 述责述廉, 考核 and 问责, 杨陵巡察办法 and 庆城两个责任办法 (one import for
the catalog)."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.regulations.others import (
    puyang_accountability,
    puyang_assessment,
    puyang_records,
    puyang_reports,
    qingcheng,
    yangling,
)
from paizhu_desktop.core.regulations.xianxian import ch17_assessment

ASSESSMENT_LEDGERS: tuple[LedgerDescription, ...] = (
    *ch17_assessment.LEDGERS, *puyang_records.LEDGERS, *puyang_reports.LEDGERS,
    *puyang_assessment.LEDGERS, *puyang_accountability.LEDGERS, *yangling.LEDGERS,
    *qingcheng.LEDGERS,
)
