"""All ledger descriptions the application knows, in chapter order."""

from __future__ import annotations

from paizhu_desktop.core.errors import NotFoundError
from paizhu_desktop.core.ledgers.chronicle import CHRONICLE, CHRONICLE_REVIEW
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.meeting import ACTION_ITEM, GROUP_MEETING, MEETING_SUMMARY
from paizhu_desktop.core.ledgers.seal import SEAL_OUTING, SEAL_USE

#: In chapter order (第七章 会议, 第十二章 大事记, 第十五章 印章).
LEDGERS: tuple[LedgerDescription, ...] = (
    GROUP_MEETING, MEETING_SUMMARY, ACTION_ITEM,
    CHRONICLE, CHRONICLE_REVIEW,
    SEAL_USE, SEAL_OUTING,
)

_BY_ID = {d.id: d for d in LEDGERS}


def ledger(ledger_id: str) -> LedgerDescription:
    """The description of ``ledger_id``; a Chinese error when there is none."""
    try:
        return _BY_ID[ledger_id]
    except KeyError:
        known = "、".join(f"{d.id}（{d.name}）" for d in LEDGERS)
        raise NotFoundError(f"没有名为“{ledger_id}”的台账；可用的台账：{known}") from None


def all_ledgers() -> tuple[LedgerDescription, ...]:
    return LEDGERS
