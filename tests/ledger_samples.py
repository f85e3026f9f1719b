"""Entries made from the descriptions alone, for tests that run over the whole catalog.

A new entry gets a value for each required field the description gives no default,
chosen from the field's type; a step gets values for the fields it asks. Only
what a declared rule constrains beyond the field types is said here per ledger
(:data:`OVERRIDES`), so a ledger added to the catalog is covered as it is.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Field, FieldType
from paizhu_desktop.core.ledgers.workflow import Step


def month_of(serial: int) -> tuple[int, int]:
    """A distinct (year, month) per serial number, counting back from 2100: far from
    today, so a month signed off here never locks the entries dated today. Past 1,212
    serials (2000 is the first year a 汇总 takes) the years start again from 2100."""
    return 2100 - (serial // 12) % 101, serial % 12 + 1


def _review(serial: int) -> dict[str, Any]:
    year, month = month_of(serial)
    return {"kind": "month", "year": year, "period": month}


#: The quarters handed out so far: one 学习季报 per quarter (第三十一条).
_QUARTERS = itertools.count()


def _study_report(_serial: int) -> dict[str, Any]:
    # A distinct quarter per call, counting back from 2100 like month_of. The serial
    # numbers are shared by every ledger of a test module (more than 400 of them): a
    # quarter taken from them came round again; 404 quarters of its own do not.
    n = next(_QUARTERS)
    return {"year": 2100 - n // 4 % 101, "quarter": n % 4 + 1}


#: A second account a database running the samples holds: the B角 of a 职责分工 is
#: another person than its A角 (献县办法 第六十五条), and a field naming a person names
#: an account holder.
OTHER_PERSON = "wangmy"


#: Values a declared rule needs beyond the field types, by ledger, given a serial
#: number that makes each entry distinct: one 汇总 per period (第五十条), one 学习季报 per
#: quarter (第三十一条); a 组织生活会 records its criticism, a 民主评议 each member's
#: result (第十八条（三）).
OVERRIDES: dict[str, Callable[[int], dict[str, Any]]] = {
    "chronicle_review": _review,
    # 第五十八条: paper is registered by its 份号, received material names its sender.
    "classified_medium": lambda serial: {"copy_no": serial % 999 + 1,
                                         "issuer": "示例县纪委监委"},
    # 第二十五条: the plan is approved before the talk, so the talk lies ahead.
    "talk_safety_plan": lambda serial: {"talk_at": "2099-12-31 09:00"},
    # 第五十五条: a review names the entry it reviews (filled by the 审核密级 action).
    "classification_review": lambda serial: {"entry_ledger": "chronicle",
                                             "entry_id": f"示例条目{serial}"},
    "study_report": _study_report,
    "post_assignment": lambda _serial: {"backup": OTHER_PERSON},
    # 第六十五条: an absence ends after it begins.
    "absence": lambda _serial: {"returns_at": "2100-12-31 18:00"},
    "life_meeting": lambda _serial: {"appraisal": False,
                                     "criticism": "逐一开展批评与自我批评。"},
}


def field_value(f: Field) -> Any:
    """A valid value of ``f`` from its type alone."""
    t = f.type
    if t in (FieldType.DATE, FieldType.DATETIME):
        return TODAY
    if t is FieldType.INTEGER:
        return f.minimum if f.minimum is not None else 1
    if t is FieldType.DECIMAL:
        return f"{f.minimum if f.minimum is not None else 1}.5"  # a half point
    if t is FieldType.CHOICE:
        return f.choices[0].value
    if t is FieldType.BOOL:
        return False
    if t is FieldType.TABLE:
        return [{sub.name: field_value(sub) for sub in f.subfields}]
    if t is FieldType.USER:
        return CURRENT_USER  # an account holder: the one entering it
    if t is FieldType.LONGTEXT:
        return f"{f.label}：按规定登记的示例内容。"
    text = f"示例{f.label}"
    return text[: f.max_length] if f.max_length else text


#: Other contents a ledger's steps need, by ledger: where a step's own rule reads the
#: entry (a 请示 is sent for a reply, a 报告 only reported; a phoned 请示报告 is recorded
#: as made, 献县办法 第四十条), a test reaching every step tries each variant in turn.
VARIANTS: dict[str, tuple[dict[str, Any], ...]] = {
    "request_report": ({"kind": "request"},
                       {"channel": "phone", "phoned_at": TODAY, "written_due": "2100-12-31"}),
    # 第二十七条: a check that finds a hazard is fixed; one that finds none is closed.
    "safety_check": ({"items": [
        {"item": item, "result": "hazard" if item == "power" else "ok",
         "note": "插线板老化" if item == "power" else ""}
        for item in ("fire", "water", "power", "theft")]},),
    # 第五十四条: a 规范性文件 is filed (备案) before it is archived.
    "outgoing_document": ({"normative": True},),
    # 第五十八条: a copy registered by a print may be closed as 未印出.
    "classified_medium": ({"source": "printed", "print_seq": 1},),
}


def variants(desc: LedgerDescription) -> tuple[dict[str, Any], ...]:
    """The sample's own values first, then the ledger's :data:`VARIANTS`."""
    return ({}, *VARIANTS.get(desc.id, ()))


def sample_values(desc: LedgerDescription, serial: int = 0,
                  variant: dict[str, Any] | None = None) -> dict[str, Any]:
    """Values for a new entry of ``desc`` (defaults left to the core)."""
    values = {f.name: field_value(f) for f in desc.visible_fields
              if f.required and f.default is None}
    override = OVERRIDES.get(desc.id)
    if override is not None:
        values.update(override(serial))
    values.update(variant or {})
    return values


def step_data(desc: LedgerDescription, step: Step) -> dict[str, Any]:
    """Values for the fields ``step`` asks (times default to now in the core)."""
    return {name: field_value(desc.field(name)) for name in step.asks
            if desc.field(name).type not in (FieldType.DATE, FieldType.DATETIME)}


def edited_value(desc: LedgerDescription) -> tuple[str, Any]:
    """A visible text field the person may change, with a new value."""
    requester = desc.workflow.requester if desc.workflow else ""
    for f in desc.visible_fields:
        if f.type in (FieldType.TEXT, FieldType.LONGTEXT) and f.name != requester:
            text = f"修改后的{f.label}"
            return f.name, text[: f.max_length] if f.max_length else text
    raise AssertionError(f"{desc.id}: no text field to edit")


def recorded_value(f: Field) -> Any:
    """A plausible value a person might type into a field only a step records."""
    if f.type is FieldType.USER:
        return "zhangzz"
    if f.type is FieldType.DATETIME:
        return dt.datetime(2026, 3, 2, 10, 0)
    if f.type is FieldType.DATE:
        return dt.date(2026, 3, 2)
    if f.type is FieldType.INTEGER:
        return 999
    return "同意"
