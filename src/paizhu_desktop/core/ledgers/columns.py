"""The columns of a ledger's list, register and CLI listing, composed once.

The screen list, the printed register and ``paizhu list`` show the same
columns in the same order with the same text: the ledger's first list
column, its state (where an approval flow runs, the state is what people
look for first), the other list columns, and 密级.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.fields import Field, FieldType
from paizhu_desktop.core.ledgers.workflow import ACTOR, STAND_IN

#: Default width in characters by field type (a field's own ``width`` wins).
_WIDTHS = {
    FieldType.LONGTEXT: 30.0, FieldType.TEXT: 13.0, FieldType.DATE: 9.0,
    FieldType.DATETIME: 11.0, FieldType.INTEGER: 5.0, FieldType.CHOICE: 12.0,
    FieldType.BOOL: 4.5, FieldType.USER: 7.5, FieldType.TABLE: 22.0, FieldType.DECIMAL: 6.0,
}

#: account → display name, for fields naming an account.
UserNames = Mapping[str, str]


@dataclass(frozen=True)
class Column:
    """One column: what it shows, its header, width hint and how a cell reads.

    Attributes:
        key: a field name, or ``status`` / ``classification``.
        label: the Chinese header.
        width: in characters (a relative weight on paper).
        text: the cell's text for an entry, given account display names.
        center: short values read better centred (numbers, yes/no, states).
        summary: the column that names the entry (a voided mark goes here on paper).
    """

    key: str
    label: str
    width: float
    text: Callable[[Entry, UserNames], str]
    center: bool = False
    summary: bool = False


def _field_text(f: Field, mark: str = "") -> Callable[[Entry, UserNames], str]:
    if f.type is FieldType.USER:
        def user(e: Entry, names: UserNames) -> str:
            account = e.display(f.name)
            shown = names.get(account, account)
            said = str(e.values.get(mark) or "") if mark else ""
            # Taken as B角: 王明远（B角代组长审批）, on screen and paper (献县办法 第六十五条).
            return f"{shown}（B角{said.split('（')[0]}）" if said and shown else shown
        return user
    return lambda e, _names: e.display(f.name)


def _stand_in_mark(desc: LedgerDescription, name: str) -> str:
    """The field recording that the step which records actor ``name`` was taken as B角."""
    for st in desc.workflow.steps if desc.workflow else ():
        if st.record.get(name) == ACTOR:
            for other, what in st.record.items():
                if what == STAND_IN:
                    return other
    return ""


def _status_text(desc: LedgerDescription) -> Callable[[Entry, UserNames], str]:
    return lambda e, _names: "已作废" if e.voided else desc.status_label(e.status)


def _classification_text(e: Entry, _names: UserNames) -> str:
    return e.marking or e.classification.value


def ledger_columns(desc: LedgerDescription) -> list[Column]:
    """The columns of ``desc`` for list, register and CLI."""
    cols: list[Column] = []
    for name in desc.list_columns:
        f = desc.field(name)
        width = f.width or _WIDTHS[f.type] * (
            1.6 if name == desc.summary_field and f.type is FieldType.TEXT else 1.0)
        cols.append(Column(name, f.label, float(width), _field_text(f, _stand_in_mark(desc, name)),
                           center=f.type in (FieldType.INTEGER, FieldType.DECIMAL,
                                             FieldType.BOOL),
                           summary=name == desc.summary_field))
    if desc.workflow is not None:
        cols.insert(1, Column("status", "状态", 7.0, _status_text(desc), center=True))
    cols.append(Column("classification", "密级", 6.5, _classification_text, center=True))
    return cols
