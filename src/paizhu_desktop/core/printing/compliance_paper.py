"""The yearly compliance report on paper (职责履行情况报告): for every duty, how often
it was due in the year, done on time, done late, missed and still open — then
the same per ledger and per article, and the overdue items by name.

Landscape, register style, through the print log like every paper (DOMAIN §6).
Its 密级 is the highest of the entries whose summaries the overdue list names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core.compliance.engine import State
from paizhu_desktop.core.compliance.report import Tally, compliance_report
from paizhu_desktop.core.compliance.service import instances
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.duty_papers import (
    PAD,
    Table,
    TableColumn,
    calendar_job,
    painted,
)
from paizhu_desktop.core.printing.jobs import PrintJob, written_date
from paizhu_desktop.core.printing.pen import Pen
from paizhu_desktop.core.printing.register import BIND, BOTTOM, RIGHT, TOP, draw_page_frame
from paizhu_desktop.core.progress import Progress, quiet

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

REPORT_PAPER = "职责履行情况报告"
#: A table of at most this many rows starts on a new page rather than split.
SHORT_TABLE = 12

_COUNTS = [TableColumn("应办", 0.9, center=True), TableColumn("按时完成", 1.0, center=True),
           TableColumn("逾期完成", 1.0, center=True),
           TableColumn("逾期未办", 1.0, center=True), TableColumn("未到期", 0.9, center=True),
           TableColumn("按时完成率", 1.2, center=True)]
DUTY_COLUMNS = [TableColumn("序号", 0.7, center=True), TableColumn("职　责", 3.0),
                TableColumn("依据条文", 2.6), TableColumn("频次", 1.8), *_COUNTS]
LEDGER_COLUMNS = [TableColumn("序号", 0.7, center=True), TableColumn("台　账", 7.4), *_COUNTS]
ARTICLE_COLUMNS = [TableColumn("序号", 0.7, center=True), TableColumn("依据条文", 7.4),
                   *_COUNTS]
OVERDUE_COLUMNS = [TableColumn("序号", 0.7, center=True), TableColumn("职　责", 3.0),
                   TableColumn("依据条文", 2.6), TableColumn("期间/事项", 6.4),
                   TableColumn("到期日", 1.6, center=True),
                   TableColumn("逾期天数", 1.3, center=True)]


def _counts(t: Tally) -> list[str]:
    return [str(t.due), str(t.on_time), str(t.late), str(t.missed), str(t.open), t.rate]


def _rows(lines: Sequence[Tally], total: Tally, extra: bool) -> list[list[str]]:
    rows = [[str(n), t.name, *([t.article, t.frequency] if extra else []), *_counts(t)]
            for n, t in enumerate(lines, start=1)]
    rows.append(["", "合计", *(["", ""] if extra else []), *_counts(total)])
    return rows


def print_compliance_report(session: UserSession, year: int, *, on: dt.date | None = None,
                            progress: Progress | None = None) -> PrintJob:
    """The year's 职责履行情况报告 (per duty, ledger and article; overdue items named)."""
    progress = quiet(progress)
    session.require(Permission.PRINT)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在 2000–2100 之间"})
    on = on or dt.date.today()
    progress.report(0, 0, "正在统计各项职责的履行情况…")
    report = compliance_report(session, year, on)
    items = instances(session, on=on, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    overdue = [i for i in items if i.state is State.OVERDUE]
    total = report.total
    job = calendar_job(session, f"{year}年度{REPORT_PAPER}", REPORT_PAPER, f"{year}年", items,
                   overdue, {"year": year})
    fs = job_fonts(session)
    width, height = landscape(A4)
    left, right = BIND, width - RIGHT
    top, bottom = height - TOP - 12 * mm, BOTTOM + 6 * mm
    sections: list[tuple[str, list[TableColumn], list[list[str]]]] = [
        ("一、按职责", DUTY_COLUMNS, _rows(report.duties, total, True)),
        ("二、按台账", LEDGER_COLUMNS, _rows(report.ledgers, total, False)),
        ("三、按条文", ARTICLE_COLUMNS, _rows(report.articles, total, False)),
    ]
    if overdue:
        sections.append(("四、逾期未办事项", OVERDUE_COLUMNS, [
            [str(n), i.duty.name, i.duty.article, i.label, i.due.isoformat(),
             f"{-i.days_left} 天"] for n, i in enumerate(overdue, start=1)]))
    # Pass one: where each section starts (a heading never ends a page alone).
    heading_h = 9 * mm
    placed: list[tuple[int, float, Table]] = []  # first page, heading y, table
    page, y = 0, height - TOP - 36 * mm
    for _title, columns, rows in sections:
        probe = Table(fs, columns, rows[:1], left, right, y - heading_h, top, bottom)
        if len(probe.pages) > 1 or probe.end_y(0) < bottom:
            page, y = page + 1, top
        table = Table(fs, columns, rows, left, right, y - heading_h, top, bottom)
        if len(table.pages) > 1 and len(rows) <= SHORT_TABLE and y < top:
            # A short table is not split: it starts on the next page.
            page, y = page + 1, top
            table = Table(fs, columns, rows, left, right, y - heading_h, top, bottom)
        placed.append((page, y, table))
        page += len(table.pages) - 1
        y = table.end_y(len(table.pages) - 1) - 6 * mm
    pages = page + 1
    job.pages = pages

    # Drawn again in the print log's transaction (the copies): no database read.
    group = session.group_name

    def draw(c: Canvas, pen: Pen, progress: Progress) -> None:
        body, hei = fs.font_for("body"), fs.font_for("heading1")
        cx = (left + right) / 2
        drawn = -1

        def start(number: int) -> None:
            nonlocal drawn
            while drawn < number:
                if drawn >= 0:
                    pen.flush()
                    c.showPage()
                drawn += 1
                progress.check()
                progress.report(drawn, pages, f"正在生成第 {drawn + 1} 页，共 {pages} 页")
                draw_page_frame(c, pen, job, drawn + 1, pages, width, height)
                if drawn == 0:
                    pen.centered(cx, height - TOP - 8 * mm, group, body, 12)
                    pen.centered(cx, height - TOP - 19 * mm, job.title, fs.font_for("title"), 20)
                    pen.centered(cx, height - TOP - 27 * mm,
                                 f"（统计截至{written_date(on)}；应办＝按时完成＋逾期完成＋逾期未办，"
                                 "按时完成率＝按时完成÷应办）", body, 10)
                else:
                    pen.centered(cx, height - TOP - 7 * mm, job.title + "（续）",
                                 fs.font_for("title"), 14)

        for (title, *_layout), (first, y, table) in zip(sections, placed, strict=True):
            start(first)
            pen.text(left, y - heading_h + PAD + 3, title, hei, 12)
            for index in range(len(table.pages)):
                start(first + index)
                table.draw(c, pen, index)
        pen.flush()
        c.showPage()

    return painted(job, fs, (width, height), draw, progress)


__all__ = ["REPORT_PAPER", "print_compliance_report"]
