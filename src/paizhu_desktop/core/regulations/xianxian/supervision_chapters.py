"""第二、三、八、九、十章 of 献县办法 together: leadership, supervision, research,
请示报告 and 通报 — the ledgers the catalog takes from these chapters, in the
order of the text."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.catalog import Report
from paizhu_desktop.core.ledgers.description import LedgerDescription
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
