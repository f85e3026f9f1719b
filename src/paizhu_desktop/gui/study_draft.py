"""学习季报 drafted from the quarter's 集体学习 records (献县办法 第三十一条: 由专人负责记录
集体学习情况，每季度末将学习情况以书面方式报机关党支部).

The person picks the quarter; the draft opens in the 学习季报 form to be edited
before it is saved, reviewed and sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QInputDialog, QWidget

from paizhu_desktop.core.regulations.xianxian.ch06_study import QUARTERLY_DRAFTS, quarter_label
from paizhu_desktop.core.session import UserSession


def recent_quarters(today: dt.date, count: int = 5) -> list[tuple[int, int]]:
    """The current quarter and the ones before it, newest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def ask_quarter(parent: QWidget, today: dt.date | None = None) -> tuple[int, int] | None:
    """The quarter to report on (the last one ended, by default), or None if cancelled."""
    quarters = recent_quarters(today or dt.date.today())
    labels = [quarter_label(y, q) for y, q in quarters]
    text, ok = QInputDialog.getItem(parent, "生成学习季报草稿", "季度：", labels, 1, False)
    return quarters[labels.index(text)] if ok and text in labels else None


def draft_values(session: UserSession, year: int, quarter: int) -> dict[str, Any]:
    """The quarter's draft, counted from its 集体学习 records."""
    drafts = session.ledgers.report(QUARTERLY_DRAFTS.id, year)
    return dict(drafts[quarter - 1])
