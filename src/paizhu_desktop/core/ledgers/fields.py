"""Field types of the declarative ledger descriptions.

A field knows its Chinese label, how it is stored (SQL column type), how a
value from a form, a JSON file or the CLI is checked and normalised, and how
it reads as text (lists, search, print).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Default of a USER field meaning "the person entering it" (resolved by the service).
CURRENT_USER = "@current_user"
#: Default of a DATE field meaning today, of a DATETIME field meaning now.
TODAY = "@today"


class FieldType(str, enum.Enum):
    """How a field is entered and stored."""

    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # paragraphs
    DATE = "date"  # ISO date
    DATETIME = "datetime"  # ISO date and time, minutes
    INTEGER = "integer"
    CHOICE = "choice"  # one of choices
    BOOL = "bool"
    USER = "user"  # an account's username
    TABLE = "table"  # list of rows with subfields (attendees, agenda items)


@dataclass(frozen=True)
class Choice:
    """One allowed value; ``value`` is stored, ``label`` is shown and printed."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One field of a ledger entry.

    Attributes:
        name: identifier, also the form widget's objectName and the column name.
        label: the Chinese label on screen and paper.
        type: how it is entered and stored.
        required: an entry cannot be saved without it.
        choices: allowed values for CHOICE (and subfields).
        default: value pre-filled in a new entry.
        max_length: for TEXT/LONGTEXT.
        minimum / maximum: bounds for INTEGER.
        subfields: the columns of a TABLE field.
        searchable: included in the entry's full-text search.
        help: a short hint shown under the field.
        hidden: kept by the framework (links, values steps record or rules compute),
            not shown in the generic form.
        since: the version of the ledger's description that added the field.
        former_names: earlier names, oldest first (a declared rename). The field is
            stored under its first name for ever (:attr:`key`), so entries written
            before the rename read, hash and hand off unchanged; input under an old
            name is accepted.
        retired: no longer entered; still read, shown in history and handed off.
        width: list/register column width hint, in characters.
        formatter: how the value reads given the entry's other values
            (用印编号 39 of 2026 reads ``2026-039``); used on screen, paper and CLI.
    """

    name: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[Choice, ...] = ()
    default: Any = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    subfields: tuple[Field, ...] = field(default=())
    searchable: bool = True
    help: str = ""
    hidden: bool = False
    since: int = 1
    former_names: tuple[str, ...] = ()
    retired: bool = False
    width: int | None = None
    formatter: Callable[[Any, Mapping[str, Any]], str] | None = field(
        default=None, compare=False)

    @property
    def key(self) -> str:
        """The name the value is stored under: its first name, kept through renames."""
        return self.former_names[0] if self.former_names else self.name

    @property
    def column(self) -> str:
        """The SQL column of the field in its ledger's table."""
        return f"f_{self.key}"

    # -- normalisation -------------------------------------------------
    def normalise(self, value: Any) -> tuple[Any, str | None]:
        """Return (stored value, Chinese error or None) for raw input."""
        if value == TODAY:
            now = dt.datetime.now()
            value = now.date() if self.type is FieldType.DATE else now
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            if self.required:
                return None, f"“{self.label}”不能为空"
            return (None if self.type is not FieldType.TABLE else []), None
        try:
            return self._convert(value), None
        except _Bad as bad:
            return None, f"“{self.label}”{bad.reason}"

    def _convert(self, value: Any) -> Any:
        t = self.type
        if t in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.USER):
            text = str(value).strip() if t is not FieldType.LONGTEXT else str(value).strip("\n ")
            if t is FieldType.TEXT and "\n" in text:
                raise _Bad("只能填写一行")
            if self.max_length and len(text) > self.max_length:
                raise _Bad(f"不能超过 {self.max_length} 个字（现有 {len(text)} 个）")
            return text
        if t is FieldType.DATE:
            if isinstance(value, dt.datetime):
                return value.date().isoformat()
            if isinstance(value, dt.date):
                return value.isoformat()
            try:
                return dt.date.fromisoformat(str(value).strip()).isoformat()
            except ValueError:
                raise _Bad("不是有效日期（格式：2026-11-22）") from None
        if t is FieldType.DATETIME:
            if isinstance(value, dt.datetime):
                return value.replace(second=0, microsecond=0).isoformat(timespec="minutes")
            text = str(value).strip().replace("T", " ")
            try:
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                raise _Bad("不是有效时间（格式：2026-11-22 09:30）") from None
            return parsed.replace(second=0, microsecond=0).isoformat(timespec="minutes")
        if t is FieldType.INTEGER:
            if isinstance(value, bool):
                raise _Bad("应为整数")
            try:
                number = int(str(value).strip())
            except ValueError:
                raise _Bad("应为整数") from None
            if self.minimum is not None and number < self.minimum:
                raise _Bad(f"不能小于 {self.minimum}")
            if self.maximum is not None and number > self.maximum:
                raise _Bad(f"不能大于 {self.maximum}")
            return number
        if t is FieldType.CHOICE:
            text = str(value).strip()
            for c in self.choices:
                if text in (c.value, c.label):
                    return c.value
            allowed = "、".join(c.label for c in self.choices)
            raise _Bad(f"应为以下之一：{allowed}")
        if t is FieldType.BOOL:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "是", "y"):
                return True
            if text in ("0", "false", "no", "否", "n"):
                return False
            raise _Bad("应为“是”或“否”")
        if t is FieldType.TABLE:
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    raise _Bad("格式不正确") from None
            if not isinstance(value, list):
                raise _Bad("应为列表")
            rows = []
            for i, raw in enumerate(value, start=1):
                if not isinstance(raw, dict):
                    raise _Bad(f"第 {i} 行格式不正确")
                row = {}
                for sub in self.subfields:
                    stored, err = sub.normalise(raw.get(sub.name))
                    if err:
                        raise _Bad(f"第 {i} 行：{err}")
                    row[sub.name] = stored
                rows.append(row)
            return rows
        raise AssertionError(t)

    # -- reading ---------------------------------------------------------
    def choice_label(self, value: Any) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return "" if value is None else str(value)

    def display(self, value: Any) -> str:
        """The value as one piece of Chinese text (lists, search, print)."""
        if value is None or value == []:
            return ""
        t = self.type
        if t is FieldType.CHOICE:
            return self.choice_label(value)
        if t is FieldType.BOOL:
            return "是" if value else "否"
        if t is FieldType.DATETIME:
            return str(value).replace("T", " ")
        if t is FieldType.TABLE:
            parts = []
            for row in value:
                cells = [sub.short_display(row.get(sub.name)) for sub in self.subfields]
                parts.append("，".join(c for c in cells if c))
            return "；".join(parts)
        return str(value)

    def formatted(self, value: Any, values: Mapping[str, Any]) -> str:
        """The value as read on screen, paper and CLI, given the entry's other values."""
        if self.formatter is not None and value not in (None, []):
            return self.formatter(value, values)
        return self.display(value)

    def short_display(self, value: Any) -> str:
        """Like :meth:`display`, but an article's item shows only its number: （三）."""
        text = self.display(value)
        if self.type is FieldType.CHOICE and text.startswith("（") and "）" in text:
            return text[: text.index("）") + 1]
        return text

    def json_schema(self) -> dict[str, Any]:
        """This field as an entry of ``paizhu schema``."""
        out: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "type": self.type.value,
            "required": self.required,
        }
        if self.choices:
            out["choices"] = [{"value": c.value, "label": c.label} for c in self.choices]
        if self.default is not None:
            out["default"] = self.default
        if self.max_length:
            out["max_length"] = self.max_length
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.subfields:
            out["fields"] = [s.json_schema() for s in self.subfields]
        if self.help:
            out["help"] = self.help
        if self.former_names:
            out["former_names"] = list(self.former_names)
        if self.retired:
            out["retired"] = True
        return out


class _Bad(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def numbered_choices(labels: list[str] | tuple[str, ...]) -> tuple[Choice, ...]:
    """Choices for an article's enumerated items (一)(二)…: value "1".., label "（一）…"."""
    numerals = "一二三四五六七八九十"
    out = []
    for i, text in enumerate(labels, start=1):
        numeral = numerals[i - 1] if i <= 10 else "十" + numerals[i - 11]
        out.append(Choice(str(i), f"（{numeral}）{text}"))
    return tuple(out)
