"""Statistical figures: what a county office counts across its groups (常州经验;
DOMAIN §7), each defined once — which ledger, which entries, which date — with
its citation. :mod:`paizhu_desktop.core.statistics` computes them per group and
period; declarations hold no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One figure of the 统计报表.

    Attributes:
        id: code name (``paizhu stats``, the workbook's column).
        name: the Chinese name on the page and on paper.
        article: where the regulation asks for it (常州经验, 献县办法 第…条).
        ledger: the ledger counted (voided entries never count).
        topic: the heading it is listed under (监督执纪, 党的建设, 日常管理 …).
        date_field: the date that places an entry in a period (default: the
            ledger's own ``date_field``).
        statuses: the workflow states that count (empty: every state).
        where: fields that must hold these values (第四十八条(五) matters).
        sum_field: an integer field to add up instead of counting entries.
        unit: 件, 次, 人, 项 …
    """

    id: str
    name: str
    article: str
    ledger: str
    topic: str
    date_field: str = ""
    statuses: tuple[str, ...] = ()
    where: Mapping[str, Any] = field(default_factory=dict)
    sum_field: str = ""
    unit: str = "件"
