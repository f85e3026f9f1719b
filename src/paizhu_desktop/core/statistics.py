"""Statistics: the declared figures per group and period, the groups' compliance
reports side by side, and the records behind any figure (常州经验; DOMAIN §7).

A county database holds every group's entries, each with its ``origin``; a
group's own database holds its own (origin ''). One grouped query per ledger
counts every figure over it by group and month; half years, quarters and the
year are sums of months, so any figure at any period comes from the same
numbers — and the same scan over two years gives a year against the last
(:func:`compare`, 同比), over every year the trend (:func:`trend`, 趋势).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import and_, case, func, select

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.files import open_private
from paizhu_desktop.core.ledgers.figures import Figure
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.schema import handoff_compliance, handoff_groups
from paizhu_desktop.core.text import quoted

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

By = Literal["year", "half", "quarter", "month"]
BY_LABELS: dict[str, str] = {"year": "年度", "half": "半年", "quarter": "季度", "month": "月"}
_QUARTERS = "一二三四"
#: What a statistics workbook or printout is marked: figures only, never record content.
MARKING = "内部"


def periods(year: int, by: By) -> list[tuple[str, str, tuple[int, ...]]]:
    """(key, Chinese label, months) of each period of ``year``."""
    if by == "year":
        return [(str(year), f"{year}年", tuple(range(1, 13)))]
    if by == "half":
        return [(f"{year}-H1", "上半年", tuple(range(1, 7))),
                (f"{year}-H2", "下半年", tuple(range(7, 13)))]
    if by == "quarter":
        return [(f"{year}-Q{q + 1}", f"第{_QUARTERS[q]}季度", tuple(range(3 * q + 1, 3 * q + 4)))
                for q in range(4)]
    return [(f"{year}-{m:02d}", f"{m}月", (m,)) for m in range(1, 13)]


@dataclass
class Statistics:
    """The figures of one year for every group, by period.

    ``values[(figure id, origin, month)]`` holds the month's count; periods and
    totals are sums of it.
    """

    year: int
    by: By
    figures: tuple[Figure, ...]
    groups: list[tuple[str, str]]  # (origin, name); '' is this database's own
    values: dict[tuple[str, str, int], int] = field(default_factory=dict)

    @property
    def periods(self) -> list[tuple[str, str, tuple[int, ...]]]:
        return periods(self.year, self.by)

    def value(self, figure_id: str, origin: str | None = None,
              months: Iterable[int] = range(1, 13)) -> int:
        """A figure for one group (``None``: all groups) over ``months``."""
        origins = [o for o, _ in self.groups] if origin is None else [origin]
        wanted = tuple(months)
        return sum(self.values.get((figure_id, o, m), 0) for o in origins for m in wanted)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "year": self.year, "by": self.by,
            "periods": [{"key": k, "label": label} for k, label, _ in self.periods],
            "figures": [{"id": f.id, "name": f.name, "article": f.article, "ledger": f.ledger,
                         "topic": f.topic, "unit": f.unit} for f in self.figures],
            "groups": [],
        }
        for origin, name in [*self.groups, (None, "合计")]:
            out["groups"].append({
                "origin": origin, "name": name,
                "values": {f.id: {k: self.value(f.id, origin, months)
                                  for k, _, months in self.periods} for f in self.figures}})
        return out


def imported_groups(session: UserSession) -> list[tuple[str, str]]:
    """(database id, name) of each group a county database has imported, by name; in a
    group's own database the group itself, with the id ''."""
    if session.mode != "county":
        return [("", session.group_name)]
    with session.db.reading() as conn:
        rows = conn.execute(select(handoff_groups.c.db_id, handoff_groups.c.group_name)
                            .order_by(handoff_groups.c.group_name)).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def _own_conditions(desc: Any, t: Any, fig: Figure) -> list[Any]:
    """What an entry of the figure's ledger must hold beyond its date (states, values)."""
    conds: list[Any] = []
    if fig.statuses:
        conds.append(t.c.status.in_(list(fig.statuses)))
    for name, value in fig.where.items():
        col = t.c[desc.field(name).column]
        conds.append(col.is_(None) if value is None else col == value)
    return conds


def _conditions(session: UserSession, fig: Figure, year: int) -> tuple[Any, Any, list[Any]]:
    """(table, date column, conditions) of a figure's entries in ``year``."""
    catalog = session.db.catalog
    desc = catalog.ledger(fig.ledger)
    t = catalog.table(desc)
    date_col = t.c[desc.field(fig.date_field or desc.date_field).column]
    conds: list[Any] = [t.c.voided.is_(False), date_col >= f"{year}-01-01",
                        date_col <= f"{year}-12-31\uffff", *_own_conditions(desc, t, fig)]
    return t, date_col, conds


#: (figure id, origin, year, month) -> the month's count, as one grouped scan finds it.
Counts = dict[tuple[str, str, int, int], int]


def _scan(session: UserSession, figures: Sequence[Figure], wanted: set[str],
          first: int | None = None, last: int | None = None) -> Counts:
    """Every figure counted by group and month of the years ``first``..``last`` (both
    ``None``: every year the database holds): one grouped query per ledger and date
    field, each figure over it a conditional sum — so a year against the last, or ten
    years of a trend, cost one scan as a single year does."""
    catalog = session.db.catalog
    out: Counts = {}
    batches: dict[tuple[str, str], list[Figure]] = {}
    for fig in figures:
        date_field = fig.date_field or catalog.ledger(fig.ledger).date_field
        batches.setdefault((fig.ledger, date_field), []).append(fig)
    with session.db.reading() as conn:
        for (ledger, date_field), batch in batches.items():
            desc = catalog.ledger(ledger)
            t = catalog.table(desc)
            date_col = t.c[desc.field(date_field).column]
            sums = []
            for fig in batch:
                cond = and_(True, *_own_conditions(desc, t, fig))
                amount = t.c[desc.field(fig.sum_field).column] if fig.sum_field else 1
                sums.append(func.coalesce(func.sum(case((cond, amount), else_=0)), 0))
            origin = func.coalesce(t.c.origin, "")
            month = func.substr(date_col, 1, 7)  # YYYY-MM of an ISO date or date-time
            # ``voided`` wrapped so that SQLite cannot use it to pick the ledger's list
            # index (voided, date …), which is not covering: it then reads the ledger's
            # covering statistics index (date, voided, origin, status …) and never the
            # rows — 2–3× faster over a year, more over ten. Same meaning (NULL: not
            # counted, as before).
            conds: list[Any] = [func.coalesce(t.c.voided, True).is_(False)]
            if first is not None:
                conds.append(date_col >= f"{first}-01-01")
            if last is not None:
                conds.append(date_col <= f"{last}-12-31\uffff")
            query = select(origin, month, *sums).where(*conds).group_by(origin, month)
            for row in conn.execute(query):
                o, ym = str(row[0]), str(row[1])
                if o not in wanted or len(ym) != 7 or not (ym[:4] + ym[5:]).isdigit():
                    continue
                y, m = int(ym[:4]), int(ym[5:])
                if not 1 <= m <= 12:
                    continue
                for fig, n in zip(batch, row[2:], strict=True):
                    if n:
                        key = (fig.id, o, y, m)
                        out[key] = out.get(key, 0) + int(n)
    return out


def _selection(session: UserSession, by: By, group: str | None,
               figure_ids: Sequence[str] | None) -> tuple[tuple[Figure, ...],
                                                          list[tuple[str, str]]]:
    """The figures and groups asked for (a bad period, group or figure said in Chinese)."""
    session.require(Permission.READ_LEDGERS)
    if by not in BY_LABELS:
        raise ValidationError({"by": "统计周期应为 year、half、quarter 或 month"})
    catalog = session.db.catalog
    figures = catalog.figures if figure_ids is None else tuple(
        figure(session, i) for i in figure_ids)
    groups = imported_groups(session)
    if group is not None:
        groups = [g for g in groups if group in g]
        if not groups:
            raise NotFoundError(f"没有名为“{quoted(group)}”的派驻机构")
    return figures, groups


def _of_year(counts: Counts, year: int, by: By, figures: tuple[Figure, ...],
             groups: list[tuple[str, str]]) -> Statistics:
    stats = Statistics(year, by, figures, groups)
    stats.values = {(f, o, m): n for (f, o, y, m), n in counts.items() if y == year}
    return stats


def compute(session: UserSession, year: int, by: By = "year",
            group: str | None = None, figure_ids: Sequence[str] | None = None) -> Statistics:
    """Every declared figure of ``year`` (or those named) for every group (or the one
    named by its name or database id)."""
    figures, groups = _selection(session, by, group, figure_ids)
    counts = _scan(session, figures, {o for o, _ in groups}, year, year)
    return _of_year(counts, year, by, figures, groups)


@dataclass(frozen=True)
class Change:
    """A figure this year against the same period last year."""

    value: int
    previous: int

    @property
    def delta(self) -> int:
        return self.value - self.previous

    @property
    def percent(self) -> float | None:
        """The change in per cent of last year's value; ``None`` when last year had
        nothing (a rise from nothing has no percentage)."""
        if self.previous == 0:
            return None
        return round(100 * self.delta / self.previous, 1)

    @property
    def delta_text(self) -> str:
        return f"{self.delta:+d}" if self.delta else "0"

    @property
    def percent_text(self) -> str:
        """``+12.5%``, ``-40.0%``, ``0.0%``, or ``—`` where last year had nothing."""
        p = self.percent
        return "—" if p is None else f"{p:+.1f}%" if p else "0.0%"


@dataclass
class Comparison:
    """A year against the last (同比): each figure of each period beside the same
    period of the year before."""

    current: Statistics
    previous: Statistics

    @property
    def year(self) -> int:
        return self.current.year

    def change(self, figure_id: str, origin: str | None = None,
               months: Iterable[int] = range(1, 13)) -> Change:
        """One figure of one group (``None``: all) over ``months`` of both years."""
        wanted = tuple(months)
        return Change(self.current.value(figure_id, origin, wanted),
                      self.previous.value(figure_id, origin, wanted))

    def as_json(self) -> dict[str, Any]:
        stats = self.current
        periods = [*stats.periods, ("total", "全年", tuple(range(1, 13)))]
        out: dict[str, Any] = {
            "year": stats.year, "previous_year": self.previous.year, "by": stats.by,
            "periods": [{"key": k, "label": label} for k, label, _ in periods],
            "figures": [{"id": f.id, "name": f.name, "article": f.article, "unit": f.unit}
                        for f in stats.figures],
            "groups": [],
        }
        for origin, name in [*stats.groups, (None, "合计")]:
            values: dict[str, Any] = {}
            for f in stats.figures:
                values[f.id] = {}
                for k, _label, months in periods:
                    c = self.change(f.id, origin, months)
                    values[f.id][k] = {"value": c.value, "previous": c.previous,
                                       "change": c.delta, "percent": c.percent}
            out["groups"].append({"origin": origin, "name": name, "values": values})
        return out


def compare(session: UserSession, year: int, by: By = "year", group: str | None = None,
            figure_ids: Sequence[str] | None = None) -> Comparison:
    """``year`` against ``year - 1`` for the same periods (同比), from one scan of both."""
    figures, groups = _selection(session, by, group, figure_ids)
    counts = _scan(session, figures, {o for o, _ in groups}, year - 1, year)
    return Comparison(_of_year(counts, year, by, figures, groups),
                      _of_year(counts, year - 1, by, figures, groups))


@dataclass
class Trend:
    """Each figure per year over the years asked for (趋势)."""

    years: list[int]
    figures: tuple[Figure, ...]
    groups: list[tuple[str, str]]
    #: (figure id, origin, year) -> the year's count
    values: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def value(self, figure_id: str, year: int, origin: str | None = None) -> int:
        """A figure of one year for one group (``None``: all groups)."""
        origins = [o for o, _ in self.groups] if origin is None else [origin]
        return sum(self.values.get((figure_id, o, year), 0) for o in origins)

    def series(self, figure_id: str, origin: str | None = None) -> list[int]:
        """The figure's value in each of :attr:`years`."""
        return [self.value(figure_id, y, origin) for y in self.years]

    def as_json(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "figures": [{"id": f.id, "name": f.name, "article": f.article, "unit": f.unit}
                        for f in self.figures],
            "groups": [{"origin": origin, "name": name,
                        "values": {f.id: {str(y): v for y, v in
                                          zip(self.years, self.series(f.id, origin),
                                              strict=True)} for f in self.figures}}
                       for origin, name in [*self.groups, (None, "合计")]],
        }


def trend(session: UserSession, first: int | None = None, last: int | None = None,
          group: str | None = None, figure_ids: Sequence[str] | None = None) -> Trend:
    """Each figure per year from ``first`` to ``last``; a bound not given is the first or
    last year any figure's entries fall in (this year when there are none)."""
    if first is not None and last is not None and first > last:
        raise ValidationError({"years": f"起始年度 {first} 晚于截止年度 {last}"})
    figures, groups = _selection(session, "year", group, figure_ids)
    counts = _scan(session, figures, {o for o, _ in groups}, first, last)
    found = sorted({y for (_f, _o, y, _m) in counts})
    this_year = dt.date.today().year
    low = first if first is not None else (found[0] if found else min(this_year, last or
                                                                          this_year))
    high = last if last is not None else (found[-1] if found else max(low, this_year))
    result = Trend(list(range(low, max(low, high) + 1)), figures, groups)
    for (f, o, y, _m), n in counts.items():
        result.values[(f, o, y)] = result.values.get((f, o, y), 0) + n
    return result


def figure(session: UserSession, figure_id: str) -> Figure:
    for f in session.db.catalog.figures:
        if f.id == figure_id:
            return f
    raise NotFoundError(f"没有名为“{quoted(figure_id)}”的统计项")


def records_behind(session: UserSession, figure_id: str, year: int,
                   origin: str | None = None,
                   months: Iterable[int] = range(1, 13)) -> list[tuple[str, str]]:
    """(ledger id, entry id) of the entries one figure counts: what a click on it lists."""
    session.require(Permission.READ_LEDGERS)
    fig = figure(session, figure_id)
    t, date_col, conds = _conditions(session, fig, year)
    wanted = [f"{m:02d}" for m in months]
    conds.append(func.substr(date_col, 6, 2).in_(wanted))
    if origin is not None:
        conds.append(func.coalesce(t.c.origin, "") == origin)
    with session.db.reading() as conn:
        ids = conn.execute(select(t.c.id).where(and_(*conds)).order_by(date_col, t.c.seq))
        return [(fig.ledger, str(r[0])) for r in ids]


def compliance_by_group(session: UserSession, year: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(origin, group name, compliance report) per group: a group's own report, or in a
    county database what each group's newest hand-off file carried (an empty report
    for a group that sent nothing for the year — 未报送)."""
    from paizhu_desktop.core.compliance.report import compliance_report

    if session.mode != "county":
        return [("", session.group_name, compliance_report(session, year).as_json())]
    groups = imported_groups(session)
    with session.db.reading() as conn:
        rows = {str(r.origin): json.loads(r.report) for r in conn.execute(
            select(handoff_compliance).where(handoff_compliance.c.year == year))}
    return [(o, name, rows.get(o, {})) for o, name in groups]


def write_xlsx(session: UserSession, stats: Statistics, out: Path, *,
               comparison: Comparison | None = None, trend: Trend | None = None) -> Path:
    """The figures as an ``.xlsx`` workbook — figures only, never record content — with
    the 密级 in every sheet; recorded like any export. A comparison adds the sheet 同比
    (each period beside last year's), a trend the sheet 趋势 (each figure per year)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    session.require(Permission.EXPORT)
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "统计"
    header = [f"密级：{MARKING}", f"{stats.year}年统计报表（按{BY_LABELS[stats.by]}）",
              f"生成：{session.group_name} {dt.date.today().isoformat()}"]
    sheet.append(header)
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet.append(["派驻机构", "统计项", "依据", "单位",
                  *(label for _, label, _ in stats.periods), "合计"])
    total: list[tuple[str | None, str]] = [(None, "合计")] if len(stats.groups) > 1 else []
    for origin, name in [*stats.groups, *total]:
        for f in stats.figures:
            row = [stats.value(f.id, origin, months) for _, _, months in stats.periods]
            sheet.append([name, f.name, f.article, f.unit, *row, stats.value(f.id, origin)])
    for col, width in zip("ABCD", (28, 28, 26, 6), strict=True):
        sheet.column_dimensions[col].width = width
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    comp = wb.create_sheet("职责履行")
    comp.append([f"密级：{MARKING}", f"{stats.year}年职责履行情况"])
    comp.append(["派驻机构", "应办", "按时完成", "逾期完成", "未完成", "未到期", "按时率", "说明"])
    for _origin, name, report in compliance_by_group(session, stats.year):
        t = report.get("total") or {}
        note = "" if report else "未收到本年度交接文件"
        comp.append([name, t.get("due", 0), t.get("on_time", 0), t.get("late", 0),
                     t.get("missed", 0), t.get("open", 0), t.get("rate", "—"), note])
    if comparison is not None:
        _compare_sheet(wb, comparison)
    if trend is not None:
        _trend_sheet(wb, trend)
    wb.properties.title = f"{stats.year}年统计报表"
    wb.properties.keywords = f"密级：{MARKING}"
    with open_private(out) as fh:
        wb.save(fh)
    session.log(Action.EXPORT, detail={"what": "统计报表", "format": "xlsx", "year": stats.year,
                                       "by": stats.by, "classification": MARKING,
                                       "figures": len(stats.figures),
                                       "groups": len(stats.groups),
                                       "compare": comparison is not None,
                                       "trend": [trend.years[0], trend.years[-1]]
                                       if trend is not None else None})
    return out


def _scopes(groups: list[tuple[str, str]]) -> list[tuple[str | None, str]]:
    """Each group, then 合计 when there are several."""
    return [*groups, *([(None, "合计")] if len(groups) > 1 else [])]


def _compare_sheet(wb: Any, comparison: Comparison) -> None:
    from openpyxl.styles import Font

    stats, year, before = comparison.current, comparison.year, comparison.previous.year
    sheet = wb.create_sheet("同比")
    sheet.append([f"密级：{MARKING}", f"{year}年与{before}年同期对比（按{BY_LABELS[stats.by]}）"])
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet.append(["派驻机构", "统计项", "依据", "期间", f"{year}年", f"{before}年同期", "增减",
                  "增减幅度"])
    periods = [*stats.periods, ("total", "全年", tuple(range(1, 13)))]
    for origin, name in _scopes(stats.groups):
        for f in stats.figures:
            for _k, label, months in periods:
                c = comparison.change(f.id, origin, months)
                # A number the office's own sheets can compute with; “—” where last
                # year had nothing.
                sheet.append([name, f.name, f.article, label, c.value, c.previous, c.delta,
                              "—" if c.percent is None else c.percent / 100])
                sheet.cell(sheet.max_row, 8).number_format = "+0.0%;-0.0%;0.0%"
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCD", (28, 28, 26, 8), strict=True):
        sheet.column_dimensions[col].width = width


def _trend_sheet(wb: Any, trend: Trend) -> None:
    from openpyxl.styles import Font

    sheet = wb.create_sheet("趋势")
    sheet.append([f"密级：{MARKING}", f"{trend.years[0]}—{trend.years[-1]}年各统计项趋势"])
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet.append(["派驻机构", "统计项", "依据", "单位", *(f"{y}年" for y in trend.years)])
    for origin, name in _scopes(trend.groups):
        for f in trend.figures:
            sheet.append([name, f.name, f.article, f.unit, *trend.series(f.id, origin)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCD", (28, 28, 26, 6), strict=True):
        sheet.column_dimensions[col].width = width


@dataclass(frozen=True)
class GroupAssessment:
    """One group's assessment of a year, as the county sees it side by side."""

    origin: str
    name: str
    grade: str  # the 年度考核 等次 (第六十九条), Chinese; '' when none is recorded
    score: str  # the 百分制 total (濮阳·考核 第十条), '' when no sheet
    score_grade: str
    rank: int | None
    cadres: dict[str, int]  # 干部年度考核 等次 → count (第七十条)


@dataclass(frozen=True)
class AssessmentOverview:
    """Every group's grades and scores of a year, the ranking and the quota findings."""

    year: int
    groups: tuple[GroupAssessment, ...]
    findings: tuple[str, ...]


def assessments(session: UserSession, year: int) -> AssessmentOverview:
    """Grades and scores of every group side by side, ranked by score, with the 优秀
    shares checked over the whole set (30% of groups, 第六十九条; 20% of cadres,
    第七十条) — the set is complete only in the county database."""
    from decimal import Decimal, InvalidOperation

    from paizhu_desktop.core import scoring

    session.require(Permission.READ_LEDGERS)
    catalog = session.db.catalog
    groups = imported_groups(session)
    origin_of = {o for o, _ in groups}

    def rows(ledger: str, fields: list[str]) -> list[tuple[str, dict[str, Any]]]:
        desc = catalog.ledger(ledger)
        t = catalog.table(desc)
        cols = [t.c[desc.field(f).column] for f in fields]
        with session.db.reading() as conn:
            found = conn.execute(select(func.coalesce(t.c.origin, ""), *cols).where(and_(
                t.c.voided.is_(False), t.c[desc.field("year").column] == year))
                .order_by(t.c.seq)).all()
        return [(str(r[0]), dict(zip(fields, r[1:], strict=True))) for r in found
                if str(r[0]) in origin_of]

    grade_of: dict[str, str] = {}
    for o, v in rows("group_assessment", ["kind", "grade"]):
        if v["kind"] == "annual" and v["grade"]:
            grade_of[o] = str(v["grade"])  # the newest annual assessment counts
    score_of: dict[str, tuple[Decimal, str]] = {}
    for o, v in rows("score_sheet", ["total_score", "grade"]):
        try:
            score_of[o] = (Decimal(str(v["total_score"])), str(v["grade"] or ""))
        except (InvalidOperation, ValueError):
            continue
    cadres: dict[str, dict[str, int]] = {}
    cadre_grades: list[str] = []
    for o, v in rows("cadre_assessment", ["grade"]):
        g = str(v["grade"] or "")
        cadre_grades.append(g)
        label = scoring.CADRE_GRADE_LABELS.get(g, g)
        cadres.setdefault(o, {})[label] = cadres.setdefault(o, {}).get(label, 0) + 1
    ranks = {name: rank for rank, name, _ in scoring.ranking(
        {o: s for o, (s, _) in score_of.items()})}
    unit_labels = scoring.UNIT_GRADE_LABELS
    out = tuple(GroupAssessment(
        o, name, scoring.GROUP_GRADE_LABELS.get(grade_of.get(o, ""), ""),
        str(score_of[o][0]) if o in score_of else "",
        unit_labels.get(score_of[o][1], score_of[o][1]) if o in score_of else "",
        ranks.get(o), cadres.get(o, {})) for o, name in groups)
    findings = [f for f in (
        scoring.share_finding(list(grade_of.values()), scoring.GROUP_EXCELLENT,
                              scoring.GROUP_EXCELLENT_SHARE, "派驻机构年度考核",
                              "献县办法 第六十九条"),
        scoring.share_finding(cadre_grades, scoring.CADRE_EXCELLENT,
                              scoring.CADRE_EXCELLENT_SHARE, "干部年度考核",
                              "献县办法 第七十条")) if f]
    missing = [name for o, name in groups if o not in grade_of]
    if missing and session.mode == "county":
        findings.append(f"{len(missing)} 个派驻机构尚无 {year} 年度考核等次："
                        + "、".join(missing[:10]) + ("等" if len(missing) > 10 else ""))
    return AssessmentOverview(year, out, tuple(findings))
