"""The printed 统计报表: figures by period, the groups side by side, each group's
compliance, and a bar chart — vector, landscape A4, with its 密级, digest and the
audit chain's head on every page, logged like any print (DOMAIN §7).

Figures only, never record content: the digest covers the numbers printed.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core import audit
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.printing.pen import Pen, set_info
from paizhu_desktop.core.printing.register import (
    BIND,
    BOTTOM,
    PAGE_H,
    PAGE_W,
    RIGHT,
    TOP,
    draw_page_frame,
)

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession
    from paizhu_desktop.core.statistics import Comparison, Statistics, Trend

PAPER = "统计报表"
ROW_H = 7 * mm
SIZE = 9.0


def _digest(stats: Statistics, reports: Sequence[tuple[str, str, dict[str, Any]]],
            comparison: Comparison | None = None, trend: Trend | None = None) -> str:
    parts: list[Any] = [stats.as_json(), [r for _, _, r in reports]]
    # What a comparison or trend adds is printed too: the digest covers it.
    if comparison is not None or trend is not None:
        parts += [comparison.as_json() if comparison else None,
                  trend.as_json() if trend else None]
    body = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    h = hashlib.sha256(body.encode()).hexdigest()[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, 16, 4))


class _Sheet:
    """Pages of tables laid out first (so the page count is known): headings, header
    rows and rows, the header repeated after a page break."""

    def __init__(self) -> None:
        self.pages: list[list[tuple[str, tuple[Any, ...]]]] = [[]]
        self.y = PAGE_H - TOP - 12 * mm

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM + 6 * mm:
            self.pages.append([])
            self.y = PAGE_H - TOP - 12 * mm

    def add(self, op: str, arg: tuple[Any, ...]) -> None:
        self.pages[-1].append((op, arg))


def _table(sheet: _Sheet, title: str, header: list[str], rows: list[list[str]],
           widths: list[float]) -> None:
    sheet.need(ROW_H * 3)
    sheet.add("title", (sheet.y, title))
    sheet.y -= ROW_H * 1.3
    for i, row in enumerate([header, *rows]):
        if i and sheet.y - ROW_H < BOTTOM + 6 * mm:
            sheet.need(ROW_H * 2)
            sheet.add("row", (sheet.y, header, widths, True))
            sheet.y -= ROW_H
        sheet.add("row", (sheet.y, row, widths, i == 0))
        sheet.y -= ROW_H
    sheet.y -= ROW_H * 0.7


#: Line colours of the trend chart, and how many figures it draws at most.
LINE_COLOURS = ("#4a6fa5", "#c0504d", "#9bbb59", "#8064a2")
#: The years a printed trend shows at most (the newest).
TREND_YEARS = 12


def render_statistics(session: UserSession, stats: Statistics, *,
                      comparison: Comparison | None = None,
                      trend: Trend | None = None) -> PrintJob:
    """The 统计报表 of ``stats`` as a PDF held in a :class:`PrintJob` (not yet logged);
    with a comparison, a table of the year against the last (同比); with a trend, each
    figure per year and a line chart of the busiest figures (趋势)."""
    from paizhu_desktop.core.statistics import MARKING, compliance_by_group

    session.require(Permission.PRINT)
    reports = compliance_by_group(session, stats.year)
    with session.db.reading() as conn:
        seq, link = audit.head(conn)
    job = PrintJob(title=f"{stats.year}年统计报表", ledger="", kind=PAPER, entries=[],
                   classification=Classification.parse(MARKING), retention="",
                   digest=_digest(stats, reports, comparison, trend), audit_seq=seq,
                   audit_hash=link,
                   paper=PAPER, period_label=f"{stats.year}年")
    fs = job_fonts(session)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=0,
               initialFontName=fs.font_for("body"))
    set_info(c, job)
    pen = Pen(c, fs)
    sheet = _Sheet()
    usable = PAGE_W - BIND - RIGHT
    labels = [label for _, label, _ in stats.periods]
    several = len(stats.groups) > 1
    scope = "全部派驻机构合计" if several else (stats.groups[0][1] if stats.groups else "")
    rest = (usable - 95 * mm - 50 * mm) / (len(labels) + 1)
    _table(sheet, f"一、统计项（{scope}）", ["统计项", "依据", *labels, "合计"],
           [[f.name, f.article,
             *(str(stats.value(f.id, None, m)) for _, _, m in stats.periods),
             str(stats.value(f.id))] for f in stats.figures],
           [95 * mm, 50 * mm, *([rest] * (len(labels) + 1))])
    if several:
        each = (usable - 70 * mm) / max(1, len(stats.figures))
        _table(sheet, "二、各派驻机构（全年）", ["派驻机构", *(f.name for f in stats.figures)],
               [[name, *(str(stats.value(f.id, o)) for f in stats.figures)]
                for o, name in stats.groups], [70 * mm, *([each] * len(stats.figures))])
    numbers = iter("二三四五六" if not several else "三四五六七")
    _table(sheet, f"{next(numbers)}、职责履行情况", ["派驻机构", "应办", "按时完成", "逾期完成",
                                                "未完成", "未到期", "按时率", "说明"],
           [[name, *(str((r.get("total") or {}).get(k, 0))
                     for k in ("due", "on_time", "late", "missed", "open")),
             str((r.get("total") or {}).get("rate", "—")),
             "" if r else "未收到本年度交接文件"] for _, name, r in reports],
           [70 * mm, *([22 * mm] * 6), usable - 70 * mm - 132 * mm])
    if comparison is not None:
        before = comparison.previous.year
        changes = [(f, comparison.change(f.id)) for f in stats.figures]
        _table(sheet, f"{next(numbers)}、{stats.year}年与{before}年对比（{scope}，全年）",
               ["统计项", "依据", f"{stats.year}年", f"{before}年", "增减", "增减幅度"],
               [[f.name, f.article, str(c.value), str(c.previous), c.delta_text,
                 c.percent_text] for f, c in changes],
               [95 * mm, 50 * mm, *([(usable - 145 * mm) / 4] * 4)])
    shown: list[int] = []
    if trend is not None:
        shown = trend.years[-TREND_YEARS:]
        each = (usable - 145 * mm) / len(shown)
        _table(sheet, f"{next(numbers)}、各统计项逐年趋势（{scope}，{shown[0]}—{shown[-1]}年）",
               ["统计项", "依据", *(f"{y}年" for y in shown)],
               [[f.name, f.article, *(str(trend.value(f.id, y)) for y in shown)]
                for f in trend.figures], [95 * mm, 50 * mm, *([each] * len(shown))])
    chart_h = 70 * mm
    sheet.need(chart_h + ROW_H * 2)
    first = stats.figures[0] if stats.figures else None
    if first is not None:
        sheet.add("title", (sheet.y, f"附图：{first.name}（{first.unit}）"))
        sheet.y -= ROW_H
        sheet.add("chart", (sheet.y - chart_h, first.id, chart_h))
        sheet.y -= chart_h + ROW_H
    if trend is not None and len(shown) > 1:
        # The largest figures over the years, at most four lines on one chart.
        lines = sorted(trend.figures, key=lambda f: -max(trend.value(f.id, y) for y in shown))
        lines = [f for f in lines if any(trend.value(f.id, y) for y in shown)][:4]
        if lines:
            sheet.need(chart_h + ROW_H * 3)
            sheet.add("title", (sheet.y, "附图：逐年趋势（" + "、".join(
                f"{f.name}（{f.unit}）" for f in lines) + "）"))
            sheet.y -= ROW_H
            sheet.add("lines", (sheet.y - chart_h, tuple(f.id for f in lines), chart_h))
            sheet.y -= chart_h + ROW_H * 2
    pages = len(sheet.pages)
    job.pages = pages
    body, bold = fs.font_for("body"), fs.font_for("heading1")
    for page_no, ops in enumerate(sheet.pages, start=1):
        pen.centered(PAGE_W / 2 + (BIND - RIGHT) / 2, PAGE_H - TOP - 2 * mm,
                     f"{session.group_name} {stats.year}年统计报表", fs.font_for("title"), 16)
        for op, arg in ops:
            if op == "title":
                y, text = arg
                pen.text(BIND, y - ROW_H * 0.6, str(text), bold, 11)
            elif op == "row":
                y, cells, widths, head = arg
                x = BIND
                for text, w in zip(cells, widths, strict=True):
                    c.setLineWidth(0.4)
                    c.rect(x, y - ROW_H, w, ROW_H)
                    cell = str(text)
                    while cell and fs.width(cell, body, SIZE) > w - 3 * mm:
                        cell = cell[:-2] + "…"
                    font = bold if head else body
                    if not head and cell.replace("%", "").replace(".", "").isdigit():
                        pen.right(x + w - 1.5 * mm, y - ROW_H + 2.2 * mm, cell, font, SIZE)
                    else:
                        pen.text(x + 1.5 * mm, y - ROW_H + 2.2 * mm, cell, font, SIZE)
                    x += w
            elif op == "chart":
                y, figure_id, height = arg
                _chart(c, pen, stats, str(figure_id), BIND, float(y), usable, float(height))
            elif op == "lines" and trend is not None:
                y, figure_ids, height = arg
                _lines(c, pen, trend, list(figure_ids), shown, BIND, float(y), usable,
                       float(height))
        draw_page_frame(c, pen, job, page_no, pages)
        pen.flush()
        c.showPage()
    c.save()
    job.pdf = buffer.getvalue()
    job.missing = sorted(fs.missing)
    job.fonts = {s: ch.label for s, ch in fs.choices.items()}
    return job


def _chart(c: Canvas, pen: Pen, stats: Statistics, figure_id: str, x: float, y: float,
           width: float, height: float) -> None:
    """A vector bar chart: groups side by side (a county), else the periods."""
    several = len(stats.groups) > 1
    if several:
        names = [name[-8:] for _, name in stats.groups]
        values = [stats.value(figure_id, o) for o, _ in stats.groups]
    else:
        names = [label for _, label, _ in stats.periods]
        values = [stats.value(figure_id, None, m) for _, _, m in stats.periods]
    d = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 12 * mm, 10 * mm
    bars.width, bars.height = width - 20 * mm, height - 16 * mm
    bars.data = [values]
    top = max([1, *values])
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = top
    bars.valueAxis.valueStep = max(1, -(-top // 5))  # whole numbers: these are counts
    bars.valueAxis.labels.fontName = "Helvetica"
    bars.categoryAxis.categoryNames = [""] * len(names)
    bars.bars[0].fillColor = colors.HexColor("#4a6fa5")
    d.add(bars)
    renderPDF.draw(d, c, x, y)
    # Category names in Chinese go through the pen (the chart's own labels are Latin).
    step = bars.width / max(1, len(names))
    body = pen.fonts.font_for("body")
    for i, name in enumerate(names):
        pen.centered(x + bars.x + step * (i + 0.5), y + bars.y - 5 * mm, name, body, 8)


def _lines(c: Canvas, pen: Pen, trend: Trend, figure_ids: list[str], years: list[int],
           x: float, y: float, width: float, height: float) -> None:
    """A vector line chart: each figure's value (all groups) per year, with a legend."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart

    data = [[trend.value(fid, year) for year in years] for fid in figure_ids]
    d = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, height - 22 * mm
    chart.data = data
    top = max([1, *(v for row in data for v in row)])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, -(-top // 5))
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.categoryNames = [str(year) for year in years]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.joinedLines = 1
    for i in range(len(data)):
        chart.lines[i].strokeColor = colors.HexColor(LINE_COLOURS[i % len(LINE_COLOURS)])
        chart.lines[i].strokeWidth = 1.2
    d.add(chart)
    renderPDF.draw(d, c, x, y)
    # The legend in Chinese through the pen, above the plot.
    names = {f.id: f.name for f in trend.figures}
    body = pen.fonts.font_for("body")
    lx = x + chart.x
    ly = y + chart.y + chart.height + 5 * mm
    for i, fid in enumerate(figure_ids):
        c.setStrokeColor(colors.HexColor(LINE_COLOURS[i % len(LINE_COLOURS)]))
        c.setLineWidth(1.6)
        c.line(lx, ly + 1.2 * mm, lx + 8 * mm, ly + 1.2 * mm)
        pen.text(lx + 10 * mm, ly, names.get(fid, fid), body, 8)
        lx += 14 * mm + pen.fonts.width(names.get(fid, fid), body, 8)
    c.setStrokeColor(colors.black)
