"""密级 and 保密期限: the classification every entry carries (DOMAIN §3)."""

from __future__ import annotations

import enum
import re


class Classification(str, enum.Enum):
    """密级, ordered from lowest to highest."""

    UNCLASSIFIED = "非密"
    INTERNAL = "内部"
    SECRET = "秘密"
    CONFIDENTIAL = "机密"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @property
    def is_classified(self) -> bool:
        """秘密 and above: a state secret (no clipboard copy, retention required)."""
        return self.rank >= Classification.SECRET.rank

    @classmethod
    def parse(cls, text: str) -> Classification:
        for c in cls:
            if c.value == text or c.name.lower() == str(text).lower():
                return c
        raise ValueError(text)


_ORDER = [
    Classification.UNCLASSIFIED,
    Classification.INTERNAL,
    Classification.SECRET,
    Classification.CONFIDENTIAL,
]

#: Default 保密期限 by 密级 when none is given (保密法实施条例: 秘密 ≤10年, 机密 ≤20年).
DEFAULT_RETENTION = {
    Classification.UNCLASSIFIED: "",
    Classification.INTERNAL: "",
    Classification.SECRET: "10年",
    Classification.CONFIDENTIAL: "20年",
}

#: ASCII digits only: "１０年" or another script's digits would read differently on paper.
_RETENTION_RE = re.compile(r"[0-9]{1,2}年|[0-9]{1,2}个月|长期", re.ASCII)


def validate_retention(classification: Classification, retention: str) -> str | None:
    """Return a Chinese error message, or None when the 保密期限 is acceptable."""
    if not classification.is_classified:
        return None
    if not retention:
        return f"{classification.value}级条目必须填写保密期限（如“1年”“10年”）"
    if not _RETENTION_RE.fullmatch(retention):
        return "保密期限格式应为“N年”“N个月”或“长期”"
    return None


def marking(classification: Classification, retention: str = "") -> str:
    """The top-left marking of a printout, e.g. ``秘密★1年``; empty for 非密."""
    if classification is Classification.UNCLASSIFIED:
        return ""
    if classification.is_classified and retention:
        return f"{classification.value}★{retention}"
    return str(classification.value)


def highest(items: list[tuple[Classification, str]]) -> tuple[Classification, str]:
    """The highest 密级 among items, with the longest 保密期限 at that level."""
    best: tuple[Classification, str] = (Classification.UNCLASSIFIED, "")
    for c, r in items:
        if c.rank > best[0].rank or (
                c is best[0] and _retention_months(r) > _retention_months(best[1])):
            best = (c, r)
    return best


def lowers(before: Classification, before_term: str, after: Classification,
           after_term: str) -> bool:
    """Whether a change takes protection away from 秘密-or-higher material: a lower 密级,
    or the same 密级 with a shorter 保密期限 — what only an approved 降密/解密 review
    may do (献县办法 第五十五条)."""
    if not before.is_classified:
        return False
    if after.rank != before.rank:
        return after.rank < before.rank
    return _retention_months(after_term) < _retention_months(before_term)


def _retention_months(r: str) -> int:
    if r == "长期":
        return 10**6
    m = re.match(r"^(\d+)(年|个月)$", r or "")
    if not m:
        return 0
    return int(m.group(1)) * (12 if m.group(2) == "年" else 1)
