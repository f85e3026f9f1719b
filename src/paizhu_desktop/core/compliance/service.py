"""The compliance calendar for a logged-in session: the group's holiday table,
the calendar's start, instances, and each person's due and overdue duties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from paizhu_desktop.core.compliance.engine import Engine, Instance, State
from paizhu_desktop.core.compliance.workdays import (
    FIRST_YEAR,
    KIND_LABELS,
    LAST_YEAR,
    DayRule,
    WorkCalendar,
)
from paizhu_desktop.core.errors import PermissionDenied, ValidationError
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.duties import After
from paizhu_desktop.core.ledgers.records import StoredRecords
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.schema import meta
from paizhu_desktop.core.settings import (
    CALENDAR_DAYS,
    may_change,
    read_json_setting,
    read_setting,
    store_json_setting,
)
from paizhu_desktop.core.text import quoted

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

#: Holiday names longer than this are typing errors.
_NAME_LIMIT = 20
_KINDS = {"holiday": "holiday", "休": "holiday", "workday": "workday", "班": "workday"}


def parse_rules(rows: Iterable[Any]) -> list[DayRule]:
    """Rules from stored or typed rows ({date, kind, name}); a Chinese error names the
    first bad row."""
    out: dict[dt.date, DayRule] = {}
    errors: dict[str, str] = {}
    for n, row in enumerate(rows, 1):
        where = f"第{n}行"
        if not isinstance(row, dict):
            errors[where] = f"{where}应包含日期、类别（休/班）和名称"
            continue
        try:
            day = dt.date.fromisoformat(str(row.get("date", "")).strip())
        except ValueError:
            errors[where] = f"{where}的日期“{quoted(str(row.get('date', '')))}”应写作 2027-01-01"
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors[where] = f"{where}的日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间"
            continue
        kind = _KINDS.get(str(row.get("kind", "")).strip())
        if kind is None:
            errors[where] = f"{where}的类别应为“休”或“班”"
            continue
        name = " ".join(str(row.get("name") or "").split())
        if len(name) > _NAME_LIMIT:
            errors[where] = f"{where}的名称不能超过 {_NAME_LIMIT} 个字"
            continue
        out[day] = DayRule(day, "holiday" if kind == "holiday" else "workday", name)
    if errors:
        raise ValidationError(errors)
    return sorted(out.values(), key=lambda r: r.date)


def rules_as_json(rules: Iterable[DayRule]) -> list[dict[str, str]]:
    return [{"date": r.date.isoformat(), "kind": r.kind, "name": r.name} for r in rules]


def read_rules(conn: Connection) -> list[DayRule]:
    """The group's table as stored (an unreadable table counts as empty: verify reports
    a changed setting, the calendar falls back to the package)."""
    value = read_json_setting(conn, CALENDAR_DAYS)
    try:
        return parse_rules(value) if isinstance(value, list) else []
    except ValidationError:
        return []


def work_calendar(session: UserSession) -> WorkCalendar:
    """The State Council's schedule corrected by the group's table."""
    with session.db.reading() as conn:
        return WorkCalendar(read_rules(conn))


def calendar_days(session: UserSession) -> list[DayRule]:
    with session.db.reading() as conn:
        return read_rules(conn)


def set_calendar_days(session: UserSession, rows: Iterable[Any]) -> list[DayRule]:
    """Replace the group's table of 休/班 days (the 组长 or the 安全保密管理员); audited,
    carried in the hand-off so the county counts the same working days."""
    if not may_change(CALENDAR_DAYS, session.user.roles):
        raise PermissionDenied("只有组长或安全保密管理员可以修改节假日调休表。")
    rules = parse_rules(rows)
    store_json_setting(session, CALENDAR_DAYS, rules_as_json(rules))
    return rules


def parse_table_text(text: str) -> list[dict[str, str]]:
    """Rows from a typed or imported table: one day per line, ``2027-01-01,休,元旦``
    (comma, tab or spaces between; ``#`` starts a comment)."""
    rows = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p for p in line.replace("，", ",").replace("\t", ",").replace(" ", ",")
                 .split(",") if p]
        rows.append({"date": parts[0], "kind": parts[1] if len(parts) > 1 else "",
                     "name": parts[2] if len(parts) > 2 else ""})
    return rows


def calendar_start(conn: Connection, catalog: Catalog) -> tuple[dt.date, dict[str, dt.date]]:
    """Nothing is due before the database was made — except where a duty's own ledger
    holds entries of earlier months (a group entering its paper records of the year):
    then that duty starts with the first such month. An old date in another ledger (a
    post held since 2021) does not make every weekly meeting since then due.

    Returns the creation date and the earlier starts by duty id."""
    created = conn.execute(select(meta.c.value).where(meta.c.key == "created_at")).scalar()
    start = _day(created) or dt.date.today()
    first_of: dict[tuple[str, str], dt.date | None] = {}
    starts: dict[str, dt.date] = {}
    for duty in catalog.duties():
        s = duty.schedule
        ledger = duty.ledgers[0]
        desc = catalog.ledger(ledger)
        if isinstance(s, After):
            name = s.start_field
        else:
            assert duty.counts is not None
            name = duty.counts.date_field or desc.date_field
        if (ledger, name) not in first_of:
            column = catalog.table(desc).c[desc.field(name).column]
            first_of[(ledger, name)] = _day(conn.execute(select(func.min(column))).scalar())
        first = first_of[(ledger, name)]
        if first is not None and first < start:
            starts[duty.id] = first.replace(day=1)
    return start, starts


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def instances(session: UserSession, *, on: dt.date | None = None,
              start: dt.date | None = None, end: dt.date | None = None,
              carry: bool = False, duty_ids: Sequence[str] | None = None) -> list[Instance]:
    """Every duty's instances due in ``start``–``end`` (default: the year of ``on``), with
    their state on ``on`` (default: today); ``carry`` adds earlier ones not yet done."""
    session.require(Permission.READ_LEDGERS)
    on = on or dt.date.today()
    start = start or dt.date(on.year, 1, 1)
    end = end or dt.date(on.year, 12, 31)
    catalog = session.db.catalog
    duties = None if duty_ids is None else [catalog.duty(d) for d in duty_ids]
    with session.db.reading() as conn:
        created, starts = calendar_start(conn, catalog)
        engine = Engine(StoredRecords(conn, catalog), catalog, WorkCalendar(read_rules(conn)),
                        created, read_setting(conn, "duty_warn_days"), starts)
        return engine.instances(on, start, end, duties=duties, carry=carry)


def mine(session: UserSession, items: Iterable[Instance]) -> list[Instance]:
    """The instances that are this person's: named as owner, or the duty's role held (the
    组长 follows every 议定事项, 第三十四条)."""
    me = session.user
    return [i for i in items if i.owner == me.username or bool(i.duty.roles & me.roles)]


def attention(session: UserSession, on: dt.date | None = None) -> list[Instance]:
    """This person's duties due soon or overdue on ``on`` (待办, the login reminder),
    last year's overdue ones included."""
    if not session.can(Permission.READ_LEDGERS):
        return []
    on = on or dt.date.today()
    with session.db.reading() as conn:
        warn = read_setting(conn, "duty_warn_days")
    items = instances(session, on=on, start=on, end=on + dt.timedelta(days=warn), carry=True)
    return [i for i in mine(session, items) if i.state in (State.SOON, State.OVERDUE)]


def duty_json(session: UserSession) -> list[dict[str, Any]]:
    """Every declared duty with its citation and what counts as done (``paizhu duties``)."""
    out = []
    for desc in session.db.catalog.ledgers():
        for duty in desc.duties:
            s = duty.schedule
            item: dict[str, Any] = {
                "id": duty.id, "name": duty.name, "article": duty.article,
                "ledger": desc.id, "ledger_name": desc.name, "frequency": duty.frequency,
                "kind": type(s).__name__.lower(), "roles": sorted(r.value for r in duty.roles),
                "note": duty.note,
            }
            if isinstance(s, After):
                item["event"] = {"ledger": s.ledger, "start_field": s.start_field,
                                 "due_field": s.due_field, "period": s.period_text,
                                 "done_field": s.done_field,
                                 "done_statuses": list(s.done_statuses),
                                 "followed_by": s.followed_by}
            elif duty.counts is not None:
                item["counts"] = {"ledger": duty.counts.ledger,
                                  "statuses": list(duty.counts.statuses),
                                  "where": dict(duty.counts.where)}
            out.append(item)
    return out


__all__ = ["KIND_LABELS", "attention", "calendar_days", "duty_json", "instances", "mine",
           "parse_rules", "parse_table_text", "set_calendar_days", "work_calendar"]
