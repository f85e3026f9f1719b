"""濮阳·全程记实 第十五条: each month's score of the duty record, each quarter's, and
the quarterly ranking of the groups.

The article: 全程记实系统每月分别对各县(区)、市直各单位共性指标和个性指标记实情况进行
审核评分，得分排名进行季度通报。It names the scoring, not its rule. The program's rule
(:data:`RULE`, shown with every score on screen, in ``paizhu record-scores`` and on the
季度通报) reads what the 全程记实 ledgers hold against the duties their own articles
set, as the compliance calendar dates them:

- each indicator with a 完成时限: a record filed against it by then (第五条, 第十条);
- each record: signed off by the principal leader and entered within 3 working days
  of the event (第十条);
- the written notice to the leaders by the 25th of each month (第十一条);
- the reports by 30 June and 31 December (第十二条);
- the year's indicators set by 31 January (第五条 每年年初, the program's reading).

Each of these is one item of the month its due date falls in; an item counts once
its due date has come: done on time 1 point, done late ½, not done 0
(:data:`paizhu_desktop.core.scoring.RECORD_POINTS`). A month's score is
100 × points ÷ items, exact to two decimals. The 共性 and 个性 scores (第十五条
分别) are the same over the items of the indicators of that kind: the indicator's
deadline and the sign-off of each record filed against it. A quarter's score is the
mean of its months' scores (:func:`~paizhu_desktop.core.scoring.quarter_score`);
the groups of a county database are ranked by it, equal scores sharing a rank
(:func:`~paizhu_desktop.core.scoring.ranking`).

Every item keeps its duty, article, due date, state and the entries that did it (or
the entry that started it), so every point traces to what produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, select

from paizhu_desktop.core.compliance.engine import Engine, Instance, State
from paizhu_desktop.core.compliance.service import calendar_start, parse_rules, read_rules
from paizhu_desktop.core.compliance.workdays import WorkCalendar
from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.duties import After, Duty
from paizhu_desktop.core.ledgers.records import StoredRecords
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.regulations.others.chapters import PUYANG_RECORDS
from paizhu_desktop.core.schema import handoff_compliance
from paizhu_desktop.core.scoring import RECORD_POINTS, points, quarter_score, ranking
from paizhu_desktop.core.statistics import imported_groups
from paizhu_desktop.core.text import quoted

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

ARTICLE = "濮阳·全程记实 第十五条"
#: The program's scoring rule in one paragraph (screen, CLI, paper).
RULE = ("计分办法（程序执行口径，濮阳·全程记实 第十五条“每月审核评分”）：全程记实各项职责——"
        "指标按完成时限记实（第五条、第十条）、记实事项3个工作日内审核签字录入（第十条）、"
        "每月25日前书面告知（第十一条）、6月30日和12月31日前报告（第十二条）、1月31日前制定"
        "年度指标（第五条“每年年初”）——每一项按到期日计入当月：按时完成计1分，逾期完成计0.5分，"
        "到期未完成计0分，未到期的不计。月得分 = 100 × 得分 ÷ 应办项数；共性指标、个性指标分别"
        "按各自指标的时限和据以记实的事项计分；季度得分为该季度各月得分的平均数，按季度得分"
        "排名通报，得分相同的名次相同。")
KIND_LABELS = {"common": "共性指标", "specific": "个性指标", "": "其他"}
QUARTER_NAMES = "一二三四"
_SCORED = (State.DONE, State.LATE, State.OVERDUE)


@dataclass(frozen=True)
class ScoredItem:
    """One item of a month's score: a duty's instance and its points.

    Attributes:
        duty: the duty's id; ``name`` and ``article`` its words and citation.
        label: the period or the entry it is about (2026年3月, “党组专题会议…”).
        due: its due date (the month it counts in).
        state: done on time, done late or not done, on the day scored.
        points: 1, 0.5 or 0.
        kind: ``common`` / ``specific`` (an indicator's kind), or '' (管理措施).
        done_on: when it was done, where a date is recorded.
        entries: (ledger, id) of the entries that did it.
        event: (ledger, id) of the entry that started it (an indicator, a record).
    """

    duty: str
    name: str
    article: str
    label: str
    due: dt.date
    state: State
    points: Decimal
    kind: str
    done_on: dt.date | None
    entries: tuple[tuple[str, str], ...]
    event: tuple[str, str] | None

    def as_json(self) -> dict[str, Any]:
        return {"duty": self.duty, "name": self.name, "article": self.article,
                "label": self.label, "due": self.due.isoformat(), "state": self.state.value,
                "state_label": self.state.label, "points": f"{self.points}",
                "kind": self.kind, "kind_label": KIND_LABELS[self.kind],
                "done_on": self.done_on.isoformat() if self.done_on else None,
                "entries": [{"ledger": led, "id": i} for led, i in self.entries],
                "event": {"ledger": self.event[0], "id": self.event[1]} if self.event else None}


def _score(items: Sequence[ScoredItem]) -> Decimal | None:
    if not items:
        return None
    return points(100 * sum((i.points for i in items), Decimal(0)) / len(items))


@dataclass(frozen=True)
class MonthScore:
    """One month of one group: its items and scores (None: nothing due yet).

    ``complete`` is False for a month not over on the day scored (its score may change).
    """

    month: int
    items: tuple[ScoredItem, ...]
    complete: bool

    @property
    def score(self) -> Decimal | None:
        return _score(self.items)

    def score_of(self, kind: str) -> Decimal | None:
        """The 共性 (``common``) or 个性 (``specific``) score of the month."""
        return _score([i for i in self.items if i.kind == kind])

    @property
    def earned(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))


@dataclass(frozen=True)
class GroupScores:
    """A group's twelve months (``origin`` '' is the database's own group)."""

    origin: str
    name: str
    months: tuple[MonthScore, ...]

    def month(self, month: int) -> MonthScore:
        return self.months[month - 1]

    def quarter(self, quarter: int, kind: str | None = None) -> Decimal | None:
        """The quarter's score (or its 共性 / 个性 score): the mean of its months'."""
        scores = {m.month: (m.score if kind is None else m.score_of(kind))
                  for m in self.months}
        return quarter_score({k: v for k, v in scores.items() if v is not None}, quarter)

    def quarter_complete(self, quarter: int) -> bool:
        return all(self.month(m).complete for m in range(3 * quarter - 2, 3 * quarter + 1))

    def items_of_quarter(self, quarter: int) -> list[ScoredItem]:
        return [i for m in range(3 * quarter - 2, 3 * quarter + 1)
                for i in self.month(m).items]


@dataclass(frozen=True)
class RecordScores:
    """Every group's monthly and quarterly scores of ``year``, as of ``on``."""

    year: int
    on: dt.date
    groups: tuple[GroupScores, ...]

    def ranking(self, quarter: int) -> list[tuple[int, GroupScores, Decimal]]:
        """(rank, group, score) of the groups with a score in ``quarter``, best first
        (第十五条 得分排名进行季度通报); groups without one are left out."""
        by_origin = {g.origin: g for g in self.groups}
        scores = {g.origin: s for g in self.groups if (s := g.quarter(quarter)) is not None}
        return [(rank, by_origin[o], s) for rank, o, s in ranking(scores)]

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "on": self.on.isoformat(),
                               "article": ARTICLE, "rule": RULE, "groups": [], "rankings": {}}
        for g in self.groups:
            out["groups"].append({
                "origin": g.origin, "name": g.name,
                "months": [{"month": m.month, "complete": m.complete,
                            "score": _text(m.score), "common": _text(m.score_of("common")),
                            "specific": _text(m.score_of("specific")),
                            "items": [i.as_json() for i in m.items]} for m in g.months],
                "quarters": [{"quarter": q, "complete": g.quarter_complete(q),
                              "score": _text(g.quarter(q)),
                              "common": _text(g.quarter(q, "common")),
                              "specific": _text(g.quarter(q, "specific"))}
                             for q in range(1, 5)]})
        for q in range(1, 5):
            out["rankings"][str(q)] = [{"rank": r, "origin": g.origin, "name": g.name,
                                        "score": f"{s}"} for r, g, s in self.ranking(q)]
        return out


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}"


def score_text(value: Decimal | None) -> str:
    """A score as shown: 87.50, or — where nothing was due."""
    return "—" if value is None else f"{value}"


def record_duties(catalog: Catalog) -> list[Duty]:
    """The duties declared on the 全程记实 ledgers (濮阳·全程记实 第五、十–十二条)."""
    return [d for desc in catalog.in_chapter(PUYANG_RECORDS) for d in desc.duties]


def _origin_start(conn: Connection, catalog: Catalog, origin: str, year: int) -> dt.date:
    """Where a received group's calendar starts: the month of its first 全程记实 entry
    (what it sent), at latest 1 January of ``year`` when it sent nothing earlier."""
    first: dt.date | None = None
    for desc in catalog.in_chapter(PUYANG_RECORDS):
        t = catalog.table(desc)
        col = t.c[desc.field(desc.date_field).column]
        value = conn.execute(select(func.min(col)).where(and_(
            func.coalesce(t.c.origin, "") == origin, t.c.voided.is_(False)))).scalar()
        try:
            day = dt.date.fromisoformat(str(value)[:10]) if value else None
        except ValueError:
            day = None
        if day is not None and (first is None or day < first):
            first = day
    return dt.date(year, 1, 1) if first is None else first.replace(day=1)


def _origin_calendar(conn: Connection, origin: str, year: int) -> WorkCalendar:
    """The 休/班 table the group's newest hand-off file carried (else the county's)."""
    import json

    row = conn.execute(select(handoff_compliance.c.calendar).where(and_(
        handoff_compliance.c.origin == origin, handoff_compliance.c.year == year))).first()
    if row is not None:
        try:
            return WorkCalendar(parse_rules(json.loads(row[0])))
        except (ValueError, ValidationError):
            pass
    return WorkCalendar(read_rules(conn))


def _kinds(records: StoredRecords) -> tuple[dict[str, str], dict[str, str]]:
    """Indicator id → kind, and record id → the indicator it was filed against."""
    kinds = {str(r[0]): str(r[2] or "") for r in records.rows("duty_indicator", ["kind"])}
    filed = {str(r[0]): str(r[2] or "") for r in records.rows("duty_record", ["indicator_id"])
             if r[2]}
    return kinds, filed


def _kind_of(i: Instance, kinds: dict[str, str], filed: dict[str, str]) -> str:
    if not isinstance(i.duty.schedule, After) or i.event is None:
        return ""
    ledger, entry_id = i.event
    if ledger == "duty_indicator":
        return kinds.get(entry_id, "")
    if ledger == "duty_record":
        return kinds.get(filed.get(entry_id, ""), "")
    return ""


def score_instances(items: Sequence[Instance], year: int, on: dt.date,
                    kinds: dict[str, str], filed: dict[str, str]) -> tuple[MonthScore, ...]:
    """The twelve months of ``year`` from the duties' instances (due ≤ ``on`` only)."""
    by_month: dict[int, list[ScoredItem]] = {m: [] for m in range(1, 13)}
    for i in items:
        if i.due.year != year or i.due > on or i.state not in _SCORED:
            continue
        by_month[i.due.month].append(ScoredItem(
            i.duty.id, i.duty.name, i.duty.article, i.label, i.due, i.state,
            points(RECORD_POINTS[i.state.value]), _kind_of(i, kinds, filed), i.done_on,
            i.entries, i.event))
    months = []
    for m in range(1, 13):
        last = (dt.date(year, m + 1, 1) if m < 12 else dt.date(year + 1, 1, 1)) \
            - dt.timedelta(days=1)
        months.append(MonthScore(m, tuple(sorted(by_month[m], key=lambda s: (s.due, s.duty))),
                                 last < on))
    return tuple(months)


def record_scores(session: UserSession, year: int, on: dt.date | None = None,
                  group: str | None = None) -> RecordScores:
    """Each group's monthly and quarterly 全程记实 scores of ``year`` as of ``on``
    (default: today) — 濮阳·全程记实 第十五条, by the rule in this module's docstring.

    A group's own database scores itself; a county database scores each group from the
    entries its hand-off files brought (``origin``), with that group's 休/班 table.
    ``group`` keeps one group (its name or database id).
    """
    session.require(Permission.READ_LEDGERS)
    on = on or dt.date.today()
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000 至 2100 之间"})
    catalog = session.db.catalog
    duties = record_duties(catalog)
    groups = imported_groups(session)
    if group is not None:
        groups = [g for g in groups if group in g]
        if not groups:
            raise NotFoundError(f"没有名为“{quoted(group)}”的派驻机构")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    county = session.mode == "county"
    out = []
    with session.db.reading() as conn:
        for origin, name in groups:
            if not county:
                records = StoredRecords(conn, catalog)
                created, starts = calendar_start(conn, catalog)
                calendar = WorkCalendar(read_rules(conn))
            else:
                records = StoredRecords(conn, catalog, origin=origin)
                created, starts = _origin_start(conn, catalog, origin, year), {}
                calendar = _origin_calendar(conn, origin, year)
            engine = Engine(records, catalog, calendar, created, starts=starts)
            items = engine.instances(on, first, last, duties=duties)
            kinds, filed = _kinds(records)
            out.append(GroupScores(origin, name, score_instances(items, year, on, kinds,
                                                                 filed)))
    return RecordScores(year, on, tuple(out))
