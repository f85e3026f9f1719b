"""Field types of the declarative ledger descriptions.

A field knows its Chinese label, how it is stored (SQL column type), how a
value from a form, a JSON file or the CLI is checked and normalised, and how
it reads as text (lists, search, print).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from paizhu_desktop.core.text import character_problem, plain_lines, quoted

#: Default of a USER field meaning "the person entering it" (resolved by the service).
CURRENT_USER = "@current_user"
#: Default of a DATE field meaning today, of a DATETIME field meaning now.
TODAY = "@today"

#: Dates and times lie in these years: the registers begin no earlier than 1949
#: (a birth date, an old document), and 2100 is past any plan or deadline.
FIRST_YEAR, LAST_YEAR = 1949, 2100
#: An INTEGER without declared bounds stays within ±10⁹ (SQLite's integers, the
#: register's columns).
INTEGER_LIMIT = 10**9

#: The decimal places a DECIMAL field may declare (0.5-point deductions need one, a
#: weighted score two; more than four is no score anyone writes down).
MAX_PLACES = 4
_DECIMAL = re.compile(r"[+-]?[0-9]{1,12}(\.[0-9]{1,12})?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATETIME = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[ T](?P<time>[0-9]{2}:[0-9]{2})"
                       r"(:[0-9]{2}(\.[0-9]{1,6})?)?", re.ASCII)


class FieldType(str, enum.Enum):
    """How a field is entered and stored."""

    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # paragraphs
    DATE = "date"  # ISO date
    DATETIME = "datetime"  # ISO date and time, minutes
    INTEGER = "integer"
    DECIMAL = "decimal"  # exact, with declared places; stored as a scaled integer
    CHOICE = "choice"  # one of choices
    BOOL = "bool"
    USER = "user"  # an account's username: one of the group's accounts (checked by the service)
    TABLE = "table"  # list of rows with subfields (attendees, agenda items)


#: The longest value of a field that declares no ``max_length``: characters for
#: text, rows for a table. One line holds a title, a place or a list of names
#: (a register cell); paragraphs hold about thirty printed pages (GB/T 9704: 22
#: lines of 28 characters), more than any record of a meeting; an account name
#: is what accounts allow (1–32 characters); a table the rows of one meeting.
DEFAULT_MAX_LENGTH: dict[FieldType, int] = {
    FieldType.TEXT: 200,
    FieldType.LONGTEXT: 20_000,
    FieldType.USER: 32,
    FieldType.TABLE: 100,
}


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
        max_length: the most characters of a TEXT, LONGTEXT or USER value, or rows of a
            TABLE; without it the type's default applies (:data:`DEFAULT_MAX_LENGTH`).
        minimum / maximum: bounds for INTEGER and DECIMAL (without them
            ±:data:`INTEGER_LIMIT`).
        places: the decimal places of a DECIMAL (1–:data:`MAX_PLACES`). The value is
            held, hashed, handed off and shown as its exact text with that many places
            (``"87.50"``); the column stores it scaled to a whole number (8750), so SQL
            sorts, compares and adds it exactly — text would sort "10.0" before "9.5"
            and SQLite's arithmetic on text is floating point. ``places`` is part of how
            the value is stored: like :attr:`key`, it never changes on a populated
            database (another number of places is another field).
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
        succeeds: the retired field this one takes over from — a declared change of
            kind (an INTEGER score becoming a DECIMAL one) on a populated database: the
            retired field's stored values stay as stored (and hash as stored); input
            under its name goes to this field, and an entry holding nothing here takes
            the retired value when it is next saved.
        width: list/register column width hint, in characters.
        formatter: how the value reads given the entry's other values
            (用印编号 39 of 2026 reads ``2026-039``); used on screen, paper and CLI.
        past_accounts: a USER field that may also name a disabled account (a person
            who has left: 离岗从业限制). Every USER field names an account holder; the
            ledger service checks a new or changed value against the accounts.
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
    past_accounts: bool = False
    places: int = 0
    succeeds: str = ""

    def __post_init__(self) -> None:
        if self.type is FieldType.DECIMAL and not 1 <= self.places <= MAX_PLACES:
            raise ValueError(f"{self.name}: a decimal field declares 1–{MAX_PLACES} places")
        if self.type is not FieldType.DECIMAL and self.places:
            raise ValueError(f"{self.name}: only a decimal field has places")

    @property
    def key(self) -> str:
        """The name the value is stored under: its first name, kept through renames."""
        return self.former_names[0] if self.former_names else self.name

    @property
    def column(self) -> str:
        """The SQL column of the field in its ledger's table."""
        return f"f_{self.key}"

    # -- limits ------------------------------------------------------------
    @property
    def limit(self) -> int | None:
        """The most characters (rows, for a table) the field holds: its own
        ``max_length`` or its type's default (:data:`DEFAULT_MAX_LENGTH`)."""
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type)

    @property
    def bounds(self) -> tuple[int, int]:
        """The smallest and largest number the field takes (INTEGER, DECIMAL)."""
        return (self.minimum if self.minimum is not None else -INTEGER_LIMIT,
                self.maximum if self.maximum is not None else INTEGER_LIMIT)

    # -- storage of DECIMAL ------------------------------------------------
    @property
    def scale(self) -> int:
        """10 ** places: a DECIMAL's column holds the value times this."""
        return int(10 ** self.places)

    def to_column(self, value: Any) -> Any:
        """What the SQL column holds for a held value (a DECIMAL's text → whole number);
        other kinds are stored as held."""
        if self.type is FieldType.DECIMAL and value is not None:
            return int(Decimal(str(value)) * self.scale)
        return value

    def from_column(self, value: Any) -> Any:
        """The held value of a stored column (a DECIMAL's whole number → its text)."""
        if self.type is FieldType.DECIMAL and value is not None:
            return f"{Decimal(int(value)).scaleb(-self.places):f}"
        return value

    # -- normalisation -------------------------------------------------
    def normalise(self, value: Any) -> tuple[Any, str | None]:
        """Return (stored value, Chinese error or None) for raw input.

        Each type takes only its own kind of value (text for text, a whole number
        for a number, true/false for yes-or-no, a list of rows for a table): a
        value of another kind is refused, never turned into text or guessed at.
        The stored value normalises to itself.
        """
        if value == TODAY and self.type in (FieldType.DATE, FieldType.DATETIME):
            now = dt.datetime.now()
            value = now.date() if self.type is FieldType.DATE else now
        if isinstance(value, str):
            problem = character_problem(value, one_line=self.type is not FieldType.LONGTEXT)
            if problem:
                return None, f"“{self.label}”{problem}"
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
            if not isinstance(value, str):
                raise _Bad(f"应为文字，不能是{_kind(value)}")
            text = value.strip() if t is not FieldType.LONGTEXT else \
                plain_lines(value).strip("\n ")
            limit = self.limit
            if limit and len(text) > limit:
                raise _Bad(f"不能超过 {limit} 个字（现有 {len(text)} 个）")
            return text
        if t is FieldType.DATE:
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                day: dt.date = value
            elif isinstance(value, str) and _DATE.fullmatch(value.strip()):
                try:
                    day = dt.date.fromisoformat(value.strip())
                except ValueError:
                    raise _Bad("不是有效日期（格式：2026-11-22）") from None
            else:
                raise _Bad("不是有效日期（格式：2026-11-22）")
            _in_years(day.year)
            return day.isoformat()
        if t is FieldType.DATETIME:
            if isinstance(value, dt.datetime):
                if value.tzinfo is not None:
                    raise _Bad("应为本地时间，不带时区")
                moment: dt.datetime = value
            elif isinstance(value, str) and (m := _DATETIME.fullmatch(value.strip())):
                try:
                    moment = dt.datetime.fromisoformat(f"{m['date']}T{m['time']}")
                except ValueError:
                    raise _Bad("不是有效时间（格式：2026-11-22 09:30）") from None
            else:
                raise _Bad("不是有效时间（格式：2026-11-22 09:30）")
            _in_years(moment.year)
            return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
        if t is FieldType.INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                raise _Bad(f"应为整数（如 3，不加引号），不能是{_kind(value)}")
            low, high = self.bounds
            if value < low:
                raise _Bad(f"不能小于 {low}")
            if value > high:
                raise _Bad(f"不能大于 {high}")
            return int(value)
        if t is FieldType.DECIMAL:
            return self._decimal(value)
        if t is FieldType.CHOICE:
            allowed = "、".join(c.label for c in self.choices)
            if not isinstance(value, str):
                raise _Bad(f"应为以下之一：{allowed}")
            text = value.strip()
            for c in self.choices:
                if text in (c.value, c.label):
                    return c.value
            raise _Bad(f"应为以下之一：{allowed}")
        if t is FieldType.BOOL:
            if isinstance(value, bool):
                return value
            raise _Bad(f"应为“是”或“否”（JSON 中写 true 或 false），不能是{_kind(value)}")
        if t is FieldType.TABLE:
            if not isinstance(value, list):
                raise _Bad(f"应为若干行（列表），不能是{_kind(value)}")
            limit = self.limit
            if limit and len(value) > limit:
                raise _Bad(f"不能超过 {limit} 行（现有 {len(value)} 行）")
            names = {sub.name for sub in self.subfields}
            rows = []
            for i, raw in enumerate(value, start=1):
                if not isinstance(raw, dict):
                    raise _Bad(f"第 {i} 行格式不正确")
                unknown = [k for k in raw if k not in names]
                if unknown:
                    raise _Bad(f"第 {i} 行没有名为“{quoted(unknown[0])}”的一栏")
                row = {}
                for sub in self.subfields:
                    stored, err = sub.normalise(raw.get(sub.name))
                    if err:
                        raise _Bad(f"第 {i} 行：{err}")
                    row[sub.name] = stored
                rows.append(row)
            return rows
        raise AssertionError(t)

    def _decimal(self, value: Any) -> str:
        """A DECIMAL's exact text with its places: from a whole number, a Decimal, a
        finite float as written (0.5) or text ("87.5"); never rounded."""
        hint = f"应为数字（如 87.5，最多 {self.places} 位小数）"
        if isinstance(value, bool):
            raise _Bad(f"{hint}，不能是{_kind(value)}")
        if isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, Decimal):
            number = value
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise _Bad(f"{hint}，不能是{_kind(value)}")
            number = Decimal(repr(value))  # as written: 0.1 is 0.1, not its binary value
        elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            number = Decimal(value.strip())
        else:
            raise _Bad(f"{hint}，不能是{_kind(value)}")
        if not number.is_finite():
            raise _Bad(f"{hint}，不能是非数字（NaN 或无穷大）")
        step = Decimal(1).scaleb(-self.places)
        try:
            exact = number.quantize(step)
        except InvalidOperation:
            raise _Bad(f"不能大于 {self.bounds[1]}") from None
        if exact != number:
            raise _Bad(f"最多 {self.places} 位小数")
        low, high = self.bounds
        if exact < low:
            raise _Bad(f"不能小于 {low}")
        if exact > high:
            raise _Bad(f"不能大于 {high}")
        if exact == 0:
            exact = abs(exact)  # -0.0 reads and stores as 0.0
        return f"{exact:f}"

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
        if self.limit:
            out["max_rows" if self.type is FieldType.TABLE else "max_length"] = self.limit
        if self.type in (FieldType.INTEGER, FieldType.DECIMAL):
            out["minimum"], out["maximum"] = self.bounds
        if self.type is FieldType.DECIMAL:
            out["places"] = self.places
            out["format"] = f"数字或数字文字，最多 {self.places} 位小数，如 87.5 或 \"87.5\""
        if self.type in (FieldType.DATE, FieldType.DATETIME):
            out["format"] = "YYYY-MM-DD" if self.type is FieldType.DATE else "YYYY-MM-DD HH:MM"
            out["years"] = [FIRST_YEAR, LAST_YEAR]
        if self.subfields:
            out["fields"] = [s.json_schema() for s in self.subfields]
        if self.help:
            out["help"] = self.help
        if self.former_names:
            out["former_names"] = list(self.former_names)
        if self.retired:
            out["retired"] = True
        if self.succeeds:
            out["succeeds"] = self.succeeds
        return out


def _in_years(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Bad(f"应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间")


def _kind(value: Any) -> str:
    """What a refused value is, in Chinese (数字、是/否、列表 …)."""
    if isinstance(value, bool):
        return "是/否（true/false）"
    if isinstance(value, float) and not math.isfinite(value):
        return "非数字（NaN 或无穷大）"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, (dt.date, dt.datetime)):
        return "日期"
    return "这种值"


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
