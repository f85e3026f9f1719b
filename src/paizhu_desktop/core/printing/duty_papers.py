"""The compliance calendar on paper: the yearly 工作计划表 and the monthly 提醒单.

- 工作计划表 (landscape, register style): every declared duty with its article,
  how often and by when it is due, the due dates of the year month by month
  (a date still not done after it passed is marked ``!``), and how the year
  went so far; then the year's holidays and 调休 working days, so the paper
  plan counts the same working days as the program.
- 提醒单 (portrait, one page or more per person): what is due this month and
  what is overdue (last year's included), with article, due date and days
  left, to hand to each person and have signed for.

Both go through the print log like every other paper (DOMAIN §6). Neither is
a ledger's register: the job names no ledger and no entries (a calendar is
computed, not stored); its digest covers the instances printed, and its 密级
is the highest of the entries whose summaries it shows (a 议定事项's name).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core.classification import highest
from paizhu_desktop.core.compliance.engine import Instance, State
from paizhu_desktop.core.compliance.service import instances, work_calendar
from paizhu_desktop.core.errors import PaizhuError, ValidationError
from paizhu_desktop.core.ledgers.duties import After, BeforeHolidays, Duty, Every
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.fonts import FontSet
from paizhu_desktop.core.printing.jobs import PrintJob, new_job, written_date
from paizhu_desktop.core.printing.linebreak import wrap
from paizhu_desktop.core.printing.pen import CopiesCanvas, Pen, set_info
from paizhu_desktop.core.printing.register import (
    BIND,
    BOTTOM,
    RIGHT,
    TOP,
    draw_marks,
    draw_page_frame,
)
from paizhu_desktop.core.progress import Progress, quiet

if TYPE_CHECKING:
    from paizhu_desktop.core.session import User, UserSession

PLAN_PAPER = "工作计划表"
REMINDER_PAPER = "提醒单"
FONT_SIZE = 9.0
LEADING = 12.0
PAD = 2.5
#: The mark after a due date that passed with the duty still not done.
OVERDUE_MARK = "!"


@dataclass(frozen=True)
class TableColumn:
    """One column: header, relative width, centred or not."""

    label: str
    weight: float
    center: bool = False


@dataclass
class _Piece:
    cells: list[list[str]]  # the lines of each cell shown on this page
    number: str  # 序号 as shown (``3（续）`` on a continued row)


class Table:
    """Rows wrapped into their cells and split over pages; a row taller than the space
    left moves to the next page whole, a row taller than a page continues (续)."""

    def __init__(self, fs: FontSet, columns: Sequence[TableColumn], rows: Sequence[list[str]],
                 left: float, right: float, first_top: float, top: float,
                 bottom: float) -> None:
        self.fs = fs
        self.columns = list(columns)
        self.font = fs.font_for("body")
        self.header_font = fs.font_for("heading1")
        total = sum(c.weight for c in columns)
        self.widths = [(right - left) * c.weight / total for c in columns]
        self.xs = [left]
        for w in self.widths:
            self.xs.append(self.xs[-1] + w)

        def measure(font: str) -> Callable[[str], float]:
            return lambda ch: fs.char_width(font, ch) * FONT_SIZE

        body, head = measure(self.font), measure(self.header_font)
        self.header = [wrap(c.label, w - 2 * PAD, head)
                       for c, w in zip(columns, self.widths, strict=True)]
        self.header_height = max(len(x) for x in self.header) * LEADING + 2 * PAD
        self.tops = (first_top, top)
        self.bottom = bottom
        self.pages: list[list[_Piece]] = []
        page: list[_Piece] = []
        free = first_top - self.header_height - bottom
        full = top - self.header_height - bottom
        for row in rows:
            cells = [wrap(text, w - 2 * PAD, body) if text else [""]
                     for text, w in zip(row, self.widths, strict=True)]
            height = max(len(c) for c in cells)
            need = height * LEADING + 2 * PAD
            if need > free and (need <= full or free < 3 * LEADING + 2 * PAD) and page:
                self.pages.append(page)
                page, free = [], full
            start = 0
            while start < height:
                take = min(max(1, int((free - 2 * PAD) // LEADING)), height - start)
                shown = [c[start:start + take] for c in cells]
                if start:
                    shown[0] = [f"{row[0]}（续）"]
                page.append(_Piece(shown, row[0]))
                start += take
                free -= take * LEADING + 2 * PAD
                if start < height:
                    self.pages.append(page)
                    page, free = [], full
        if page or not self.pages:
            self.pages.append(page)

    def end_y(self, index: int) -> float:
        """Where the table ends on page ``index`` (0-based)."""
        y = self.tops[min(index, 1)] - self.header_height
        for piece in self.pages[index]:
            y -= max(len(c) for c in piece.cells) * LEADING + 2 * PAD
        return y

    def draw(self, c: Canvas, pen: Pen, index: int) -> float:
        """Draw page ``index`` of the table; returns the y below its last row."""
        xs = self.xs
        top = self.tops[min(index, 1)]
        c.setFillGray(0.9)
        c.rect(xs[0], top - self.header_height, xs[-1] - xs[0], self.header_height,
               stroke=0, fill=1)
        c.setFillGray(0)
        for i, lines in enumerate(self.header):
            y = top - PAD - FONT_SIZE
            for line in lines:
                pen.centered((xs[i] + xs[i + 1]) / 2, y, line, self.header_font, FONT_SIZE)
                y -= LEADING
        c.setLineWidth(0.5)
        c.line(xs[0], top, xs[-1], top)
        y_row = top - self.header_height
        c.line(xs[0], y_row, xs[-1], y_row)
        for piece in self.pages[index]:
            lines_n = max(len(cell) for cell in piece.cells)
            base = y_row - PAD - FONT_SIZE + 1
            for i, col in enumerate(self.columns):
                y = base
                for line in piece.cells[i]:
                    if col.center:
                        pen.centered((xs[i] + xs[i + 1]) / 2, y, line, self.font, FONT_SIZE)
                    else:
                        pen.text(xs[i] + PAD, y, line, self.font, FONT_SIZE)
                    y -= LEADING
            y_row -= lines_n * LEADING + 2 * PAD
            c.line(xs[0], y_row, xs[-1], y_row)
        for x in xs:
            c.line(x, top, x, y_row)
        return y_row


def instances_digest(kind: str, period: str, items: Sequence[Instance]) -> str:
    """16 hex digits over what the paper shows of each instance, as ``XXXX-XXXX-…``."""
    body = json.dumps([kind, period, [[i.duty.id, i.label, i.due.isoformat(), i.state.value,
                                       list(i.entries), list(i.event or ())] for i in items]],
                      ensure_ascii=False, separators=(",", ":"))
    h = hashlib.sha256(body.encode()).hexdigest()[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


def deadline_text(duty: Duty) -> str:
    """How often and by when, in words (每月，期满后5个工作日内)."""
    s = duty.schedule
    if isinstance(s, Every):
        if s.month:
            return f"{duty.frequency}，第{s.month}个月{f'{s.day}日' if s.day else '底'}前" \
                if s.period != "year" else f"每年{s.month}月{f'{s.day}日' if s.day else '底'}前"
        if s.day:
            return f"{duty.frequency}，{s.day}日前"
        if s.workdays_after:
            return f"{duty.frequency}，期满后{s.workdays_after}个工作日内"
        return f"{duty.frequency}，当期内"
    if isinstance(s, BeforeHolidays):
        return f"节前{s.window_days}日内，最迟节前最后一个工作日"
    if isinstance(s, After) and s.due_field:
        return "按登记的完成时限"
    return duty.frequency


def _tally(items: Sequence[Instance]) -> str:
    counts = {state: sum(1 for i in items if i.state is state) for state in State}
    parts = [f"{state.label} {counts[state]}" for state in
             (State.DONE, State.LATE, State.OVERDUE, State.SOON, State.OPEN) if counts[state]]
    total = f"共 {len(items)} 次：" if items else ""
    return total + "；".join(parts) if parts else "本年无到期"


def _owner_roles(duty: Duty) -> str:
    from paizhu_desktop.core.permissions import Role

    return "、".join(r.label for r in Role if r in duty.roles)


def _classification(session: UserSession, items: Sequence[Instance]) -> tuple[str, str]:
    """The job's 密级 from the entries whose summaries label the printed instances."""
    found = []
    for ledger, entry_id in {i.event for i in items if i.event is not None}:
        try:
            entry = session.ledgers.get(ledger, entry_id)
        except PaizhuError:
            continue
        found.append((entry.classification, entry.retention))
    cls, ret = highest(found)
    return cls.value, ret


def calendar_job(session: UserSession, title: str, paper: str, period_label: str,
             items: Sequence[Instance], labelled: Sequence[Instance],
             query: dict[str, object]) -> PrintJob:
    from paizhu_desktop.core.classification import Classification

    job = new_job(session, title, "", paper, [], dict(query), paper=paper,
                  period_label=period_label)
    job.digest = instances_digest(paper, period_label, items)
    cls, ret = _classification(session, labelled)
    job.classification, job.retention = Classification(cls), ret
    return job


def paper_canvas(buffer: io.BytesIO, job: PrintJob, fs: FontSet,
                 size: tuple[float, float]) -> Canvas:
    c = Canvas(buffer, pagesize=size, pageCompression=1, invariant=0,
               initialFontName=fs.font_for("body"))
    set_info(c, job)
    return c


def painted(job: PrintJob, fs: FontSet, size: tuple[float, float],
            draw: Callable[[Canvas, Pen, Progress], None], progress: Progress) -> PrintJob:
    """Draw a paper whose pages ``draw`` ends with ``showPage``: once for the preview
    (``job.pdf``), and again, when 秘密-or-higher paper is printed, as copies each with
    its 份号 beside the 密级 on every page (``job.numbered``; 献县办法 第五十八条)."""
    buffer = io.BytesIO()
    c = paper_canvas(buffer, job, fs, size)
    draw(c, Pen(c, fs), progress)
    progress.report(job.pages, job.pages, f"已生成，共 {job.pages} 页")
    finish_job(job, c, buffer, fs)
    height = size[1]

    def marks(canvas: Canvas, _page: int, copy_no: str) -> None:
        pen = Pen(canvas, fs)
        draw_marks(pen, job, copy_no, height, with_marking=False)
        pen.flush()

    def numbered(labels: Sequence[str]) -> bytes:
        out = io.BytesIO()
        copies = CopiesCanvas(out, labels, marks, pagesize=size, pageCompression=1,
                              invariant=0, initialFontName=fs.font_for("body"))
        set_info(copies, job)
        draw(copies, Pen(copies, fs), quiet(None))
        copies.save()
        return out.getvalue()

    job.numbered = numbered
    return job


def finish_job(job: PrintJob, c: Canvas, buffer: io.BytesIO, fs: FontSet) -> PrintJob:
    c.save()
    job.pdf = buffer.getvalue()
    job.missing = sorted(fs.missing)
    job.fonts = {s: ch.label for s, ch in fs.choices.items()}
    return job


# -- 工作计划表 -----------------------------------------------------------------------

PLAN_COLUMNS = ([TableColumn("序号", 0.8, center=True), TableColumn("职　责", 2.6),
                 TableColumn("依据条文", 2.3), TableColumn("频次与时限", 2.2),
                 TableColumn("承办", 1.3)]
                + [TableColumn(f"{m}月", 1.22, center=True) for m in range(1, 13)]
                + [TableColumn("完成情况（截至打印日）", 2.3)])


def plan_rows(duties: Sequence[Duty], items: Sequence[Instance], year: int) -> list[list[str]]:
    """One row per duty: its article, deadline, the due days of each month of ``year``
    (``!`` after a day passed with the duty not done) and the tally so far."""
    rows = []
    for n, duty in enumerate(duties, start=1):
        mine = [i for i in items if i.duty.id == duty.id and i.due.year == year]
        # Each day once (several 议定事项 may fall due on one day), marked when any of
        # that day's instances is overdue.
        days: dict[dt.date, bool] = {}
        for i in mine:
            days[i.due] = days.get(i.due, False) or i.state is State.OVERDUE
        months: list[list[str]] = [[] for _ in range(12)]
        for day, late in sorted(days.items()):
            months[day.month - 1].append(f"{day.day}{OVERDUE_MARK if late else ''}")
        rows.append([str(n), duty.name, duty.article, deadline_text(duty), _owner_roles(duty)]
                    + [" ".join(m) for m in months] + [_tally(mine)])
    return rows


def holiday_lines(session: UserSession, year: int) -> list[str]:
    """The year's holidays and 调休 working days as the plan's closing note."""
    cal = work_calendar(session)
    holidays = "；".join(f"{name} {first.month}月{first.day}日—{last.month}月{last.day}日"
                         for name, first, last in cal.holiday_periods(year))
    working = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day.weekday() >= 5 and cal.is_workday(day):
            working.append(f"{day.month}月{day.day}日")
        day += dt.timedelta(days=1)
    return [f"本年节假日：{holidays or '（无）'}。",
            f"调休上班：{'、'.join(working) or '（无）'}。"]


def print_work_plan(session: UserSession, year: int, *, on: dt.date | None = None,
                    progress: Progress | None = None) -> PrintJob:
    """The yearly 工作计划表: every declared duty and its due dates in ``year``."""
    progress = quiet(progress)
    session.require(Permission.PRINT)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000–2100 之间"})
    on = on or dt.date.today()
    progress.report(0, 0, "正在计算各项职责的到期日…")
    items = instances(session, on=on, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    duties = session.catalog.duties()
    label = f"{year}年"
    job = calendar_job(session, f"{year}年度工作计划表", PLAN_PAPER, label, items, [],
                   {"year": year})
    fs = job_fonts(session)
    width, height = landscape(A4)
    first_top = height - TOP - 30 * mm
    table = Table(fs, PLAN_COLUMNS, plan_rows(duties, items, year), BIND, width - RIGHT,
                  first_top, height - TOP - 12 * mm, BOTTOM + 6 * mm)
    notes = [f"说明：表中为各月到期日；日期后加“{OVERDUE_MARK}”者截至"
             f"{written_date(on)}已逾期尚未完成。到期日按国家法定节假日和调休安排计算，"
             "“N个工作日内”不含起算当日。", *holiday_lines(session, year)]
    body = fs.font_for("body")
    note_lines = [line for text in notes
                  for line in wrap(text, width - RIGHT - BIND,
                                   lambda ch: fs.char_width(body, ch) * FONT_SIZE)]
    need = (len(note_lines) + 1) * LEADING
    extra_page = table.end_y(len(table.pages) - 1) - need < BOTTOM + 6 * mm
    pages = len(table.pages) + (1 if extra_page else 0)
    job.pages = pages

    # Drawn again in the print log's transaction (the copies): no database read.
    group = session.group_name

    def draw(c: Canvas, pen: Pen, progress: Progress) -> None:
        cx = (BIND + width - RIGHT) / 2
        y_end = 0.0
        for index in range(len(table.pages)):
            progress.check()
            progress.report(index, pages, f"正在生成第 {index + 1} 页，共 {pages} 页")
            draw_page_frame(c, pen, job, index + 1, pages, width, height)
            if index == 0:
                pen.centered(cx, height - TOP - 8 * mm, group, body, 12)
                pen.centered(cx, height - TOP - 19 * mm, job.title, fs.font_for("title"), 20)
                pen.centered(cx, height - TOP - 26 * mm,
                             "（依据各项制度规定的定期工作和办理时限编制）", body, 10)
            else:
                pen.centered(cx, height - TOP - 7 * mm, job.title + "（续）",
                             fs.font_for("title"), 14)
            y_end = table.draw(c, pen, index)
            if index < len(table.pages) - 1 or extra_page:
                pen.flush()
                c.showPage()
        if extra_page:
            draw_page_frame(c, pen, job, pages, pages, width, height)
            y_end = height - TOP - 6 * mm
        y = y_end - LEADING - 2
        for line in note_lines:
            pen.text(BIND, y, line, body, FONT_SIZE)
            y -= LEADING
        pen.flush()
        c.showPage()

    return painted(job, fs, (width, height), draw, progress)


# -- 提醒单 ------------------------------------------------------------------------

REMINDER_COLUMNS = [TableColumn("序号", 0.8, center=True), TableColumn("提醒", 0.9, center=True),
                    TableColumn("职　责", 2.6), TableColumn("依据条文", 2.3),
                    TableColumn("期间/事项", 3.4), TableColumn("到期日", 1.9, center=True),
                    TableColumn("状态", 2.0, center=True)]


def owes(user: User, item: Instance) -> bool:
    """Whether ``item`` is ``user``'s: named as its owner, or the duty's role held."""
    return item.owner == user.username or bool(item.duty.roles & user.roles)


def state_text(item: Instance) -> str:
    """已逾期 3 天 / 还有 2 天 / 今天到期 / 按时完成."""
    if item.state is State.OVERDUE:
        return f"已逾期 {-item.days_left} 天"
    if item.state.finished:
        return item.state.label
    return "今天到期" if item.days_left == 0 else f"还有 {item.days_left} 天"


def short_date(day: dt.date, year: int) -> str:
    """11月16日, with the year when it is not ``year`` (2025年12月31日)."""
    return (f"{day.year}年" if day.year != year else "") + f"{day.month}月{day.day}日"


def reminder_rows(items: Sequence[Instance], year: int) -> list[list[str]]:
    return [[str(n), i.warning or "—", i.duty.name, i.duty.article, i.label,
             short_date(i.due, year), state_text(i)]
            for n, i in enumerate(items, start=1)]


def portrait_frame(c: Canvas, pen: Pen, job: PrintJob, page_no: int, pages: int) -> None:
    """The register's frame on a portrait page, whose width does not hold the page
    number and the footer on one line: the page number goes above it."""
    width, height = A4
    fs = pen.fonts
    body = fs.font_for("body")
    if job.marking:
        pen.text(BIND, height - TOP + 2 * mm, job.marking, fs.font_for("heading1"), 12)
    pen.centered((BIND + width - RIGHT) / 2, BOTTOM - 1 * mm, f"第 {page_no} 页 共 {pages} 页",
                 body, 9)
    pen.right(width - RIGHT, BOTTOM - 6 * mm, job.footer, body, 8)
    x = BIND - 12 * mm
    c.saveState()
    c.setDash(3, 3)
    c.setLineWidth(0.4)
    c.setStrokeGray(0.5)
    c.line(x, BOTTOM, x, height - TOP)
    c.restoreState()
    for i, ch in enumerate("装订线"):
        pen.text(x - 4.5, height / 2 + 30 - i * 30, ch, body, 9, gray=0.45)


def print_reminders(session: UserSession, year: int, month: int, *, on: dt.date | None = None,
                    progress: Progress | None = None) -> PrintJob:
    """The monthly 提醒单: per person, what falls due in the month and what is overdue
    (from earlier months and years), not yet done."""
    progress = quiet(progress)
    session.require(Permission.PRINT)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000–2100 之间"})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份应为 1–12"})
    on = on or dt.date.today()
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    progress.report(0, 0, "正在计算本月到期和逾期的职责…")
    items = [i for i in instances(session, on=on, start=first, end=last, carry=True)
             if not i.state.finished]
    people = [(u, [i for i in items if owes(u, i)]) for u in session.list_users()
              if u.active]
    people = [(u, mine) for u, mine in people if mine]
    label = f"{year}年{month}月"
    job = calendar_job(session, f"{label}职责提醒单", REMINDER_PAPER, label, items, items,
                   {"year": year, "month": month})
    fs = job_fonts(session)
    width, height = A4
    body, hei = fs.font_for("body"), fs.font_for("heading1")
    left, right = BIND, width - RIGHT
    first_top = height - TOP - 40 * mm
    table_bottom = BOTTOM + 8 * mm
    tables = [(u, Table(fs, REMINDER_COLUMNS, reminder_rows(mine, year), left, right, first_top,
                        height - TOP - 12 * mm, table_bottom)) for u, mine in people]
    # The closing lines (what the colours mean, 签收) follow the table; where the last
    # page has no room for them they take a page of their own.
    closing = LEADING + 4 + 10 * mm + 4
    own_page = [t.end_y(len(t.pages) - 1) - closing < table_bottom - 6 * mm
                for _u, t in tables]
    pages = sum(len(t.pages) + extra for (_u, t), extra in zip(tables, own_page,
                                                               strict=True)) or 1
    job.pages = pages

    # Drawn again in the print log's transaction (the copies): no database read.
    group = session.group_name

    def draw(c: Canvas, pen: Pen, progress: Progress) -> None:
        cx = (left + right) / 2
        number = 0

        def heading(page_title: str, to: str) -> None:
            pen.centered(cx, height - TOP - 8 * mm, group, body, 11)
            pen.centered(cx, height - TOP - 19 * mm, page_title, fs.font_for("title"), 20)
            pen.text(left, height - TOP - 29 * mm, to, hei, 12)
            pen.text(left, height - TOP - 35 * mm,
                     f"以下职责在{label}到期，或此前已到期尚未完成（截至{written_date(on)}）：",
                     body, 10)

        if not tables:
            portrait_frame(c, pen, job, 1, 1)
            heading(job.title, "致：全组")
            pen.text(left, height - TOP - 45 * mm, "本月没有到期或逾期未完成的职责。", body, 12)
            pen.flush()
            c.showPage()
        for (user, table), extra in zip(tables, own_page, strict=True):
            to = f"致：{user.display_name or user.username}（{user.roles_label or '承办人'}）"
            for index in range(len(table.pages) + extra):
                progress.check()
                number += 1
                progress.report(number - 1, pages, f"正在生成第 {number} 页，共 {pages} 页")
                portrait_frame(c, pen, job, number, pages)
                if index == 0:
                    heading(job.title, to)
                else:
                    pen.centered(cx, height - TOP - 7 * mm, f"{job.title}（续）　{to}",
                                 fs.font_for("title"), 13)
                # A page of its own for the closing lines starts below the heading.
                y = table.draw(c, pen, index) if index < len(table.pages) else \
                    height - TOP - 12 * mm
                if index == len(table.pages) - 1 + extra:
                    y -= LEADING + 4
                    pen.text(left, y, "提醒：“红”为已逾期，请尽快办理并在程序中登记，说明逾期原因；"
                             "“黄”“蓝”为即将到期。", body, FONT_SIZE)
                    pen.text(left, y - 10 * mm,
                             "签收：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日", body, 11)
                pen.flush()
                c.showPage()

    return painted(job, fs, (width, height), draw, progress)


__all__ = ["PLAN_PAPER", "REMINDER_PAPER", "Table", "TableColumn", "calendar_job",
           "finish_job", "instances_digest", "owes", "painted", "paper_canvas", "plan_rows",
           "print_reminders", "print_work_plan", "state_text"]
