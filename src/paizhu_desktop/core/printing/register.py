"""Registers (登记簿) generated from a ledger's description (DOMAIN §6).

Landscape A4 with a bound margin (装订线) on the left, a cover page (group,
register, year, volume, 密级, page count, digest), the header row repeated on
every page, long Chinese text wrapped inside its cell per 禁则, rows never cut
so that text is lost (a row taller than a page continues on the next one,
marked 续), ``第 N 页 共 M 页`` and the highest 密级 top-left on every page.

Rows are laid out by hand on a ReportLab canvas: a first pass wraps every
cell and fixes the page breaks (so M is known), a second pass draws. This is
several times faster than a platypus table of Paragraph cells (bench/).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core.ledgers.columns import Column as LedgerColumn
from paizhu_desktop.core.ledgers.columns import ledger_columns
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.printing.fonts import FontSet
from paizhu_desktop.core.printing.jobs import VERIFY_MENU, PrintJob
from paizhu_desktop.core.printing.linebreak import wrap
from paizhu_desktop.core.printing.pen import Pen, draw_copies, set_info
from paizhu_desktop.core.progress import Progress, quiet

# Page streams are Flate-compressed binary; ASCII85 on top only adds size and time.
rl_config.useA85 = 0

PAGE_W, PAGE_H = landscape(A4)
BIND = 30 * mm  # 装订线 margin (left)
RIGHT = 12 * mm
TOP = 16 * mm
BOTTOM = 16 * mm
FONT_SIZE = 9.0
LEADING = 12.0
PAD = 2.5
HEADER_SIZE = 9.0
FOOTER_SIZE = 8.0


@dataclass(frozen=True)
class Column:
    """One column of a register: its header, relative width and how a cell reads."""

    key: str
    label: str
    weight: float
    text: Callable[[Entry], str]
    center: bool = False


def register_columns(desc: LedgerDescription,
                     user_names: dict[str, str] | None = None) -> list[Column]:
    """序号, then the ledger's columns as the list shows them (:func:`ledger_columns`)."""
    names = user_names or {}

    def cell(c: LedgerColumn) -> Callable[[Entry], str]:
        if c.summary:
            # Nothing is dropped from a register: a voided entry stays, marked with its reason.
            return lambda e: (f"【已作废：{e.void_reason}】" if e.voided else "") + c.text(e, names)
        return lambda e: c.text(e, names)

    cols = [Column("seq", "序号", 0.8, lambda e: "", center=True)]
    cols += [Column(c.key, c.label, c.width / 5, cell(c), center=c.center)
             for c in ledger_columns(desc)]
    return cols


@dataclass
class _Row:
    number: int
    lines: list[list[str]]  # per column
    height_lines: int


@dataclass
class _Piece:
    row: _Row
    start: int  # first line of the row on this page
    end: int
    continued: bool


class RegisterLayout:
    """Pass one: every cell wrapped, every page's rows fixed."""

    #: Entries laid out between two progress reports (and cancellation checks).
    REPORT_EVERY = 250

    def __init__(self, fs: FontSet, columns: list[Column], entries: Sequence[Entry],
                 progress: Progress | None = None) -> None:
        progress = quiet(progress)
        self.fs = fs
        self.columns = columns
        self.font = fs.font_for("body")
        self.header_font = fs.font_for("heading1")
        usable = PAGE_W - BIND - RIGHT
        total = sum(c.weight for c in columns)
        self.widths = [usable * c.weight / total for c in columns]
        measure = self._measure(self.font, FONT_SIZE)
        hmeasure = self._measure(self.header_font, HEADER_SIZE)
        self.header_lines = [wrap(c.label, w - 2 * PAD, hmeasure)
                             for c, w in zip(columns, self.widths, strict=True)]
        self.header_height = max(len(x) for x in self.header_lines) * LEADING + 2 * PAD
        self.table_top = PAGE_H - TOP - 14 * mm
        self.table_bottom = BOTTOM + 6 * mm
        # Space is counted in points: every row has its padding as well as its lines.
        full = self.table_top - self.header_height - self.table_bottom
        self.pages: list[list[_Piece]] = []
        page: list[_Piece] = []
        free = full
        count = len(entries)
        for number, entry in enumerate(entries, start=1):
            if number % self.REPORT_EVERY == 1:
                progress.check()
                progress.report(number - 1, count, f"正在排版：第 {number - 1} 条，共 {count} 条")
            cells = []
            for col, w in zip(columns, self.widths, strict=True):
                text = str(number) if col.key == "seq" else col.text(entry)
                cells.append(wrap(text, w - 2 * PAD, measure) if text else [""])
            row = _Row(number, cells, max(len(c) for c in cells))
            need = row.height_lines * LEADING + 2 * PAD
            if need <= free:
                page.append(_Piece(row, 0, row.height_lines, False))
                free -= need
                continue
            if need <= full:  # a whole row moves to the next page: never cut
                self.pages.append(page)
                page, free = [_Piece(row, 0, row.height_lines, False)], full - need
                continue
            # Taller than a page: it continues over pages (marked 续), no line lost.
            start = 0
            if free < 3 * LEADING + 2 * PAD:
                self.pages.append(page)
                page, free = [], full
            while start < row.height_lines:
                take = min(int((free - 2 * PAD) // LEADING), row.height_lines - start)
                page.append(_Piece(row, start, start + take, start > 0))
                start += take
                free -= take * LEADING + 2 * PAD
                if start < row.height_lines:
                    self.pages.append(page)
                    page, free = [], full
        if page or not self.pages:
            self.pages.append(page)

    def _measure(self, font: str, size: float) -> Callable[[str], float]:
        fs = self.fs
        cache = fs._widths[font]

        def char_width(ch: str) -> float:
            w = cache.get(ch)
            if w is None:
                w = fs.char_width(font, ch)
            return w * size

        return char_width


def draw_page_frame(c: Canvas, pen: Pen, job: PrintJob, page_no: int, pages: int,
                    width: float = PAGE_W, height: float = PAGE_H, *,
                    marking: bool = True) -> None:
    """密级 top-left (unless ``marking`` is False: :func:`draw_marks` draws it with the
    份号); the footer — page number, content digest and the audit chain's head at
    print time (paper anchors the chain) — and the 装订线: on every page."""
    fs = pen.fonts
    body = fs.font_for("body")
    if job.marking and marking:
        draw_marks(pen, job, "", height)
    pen.centered((BIND + width - RIGHT) / 2, BOTTOM - 4 * mm,
                 f"第 {page_no} 页 共 {pages} 页", body, 9)
    pen.right(width - RIGHT, BOTTOM - 4 * mm, job.footer, body, FOOTER_SIZE)
    # 装订线: a dashed rule with the words along it, left of the bound margin.
    x = BIND - 12 * mm
    c.saveState()
    c.setDash(3, 3)
    c.setLineWidth(0.4)
    c.setStrokeGray(0.5)
    c.line(x, BOTTOM, x, height - TOP)
    c.restoreState()
    for i, ch in enumerate("装订线"):
        pen.text(x - 4.5, height / 2 + 30 - i * 30, ch, body, 9, gray=0.45)


def draw_marks(pen: Pen, job: PrintJob, copy_no: str, height: float = PAGE_H, *,
               with_marking: bool = True) -> None:
    """The 密级 top-left (unless the page has it already) and, on a numbered copy, its
    份号 beside it — on every page of a register: its pages are loose sheets in a
    binder, and each must say which registered copy it belongs to (献县办法 第五十八条)."""
    fs = pen.fonts
    y = height - TOP + 2 * mm
    hei = fs.font_for("heading1")
    if not job.marking:
        x = BIND
    elif with_marking:
        x = pen.text(BIND, y, job.marking, hei, 12)
    else:
        x = BIND + fs.width(job.marking, hei, 12)
    if copy_no:
        pen.text(x + (6 * mm if job.marking else 0), y, f"份号 {copy_no}",
                 fs.font_for("heading1"), 12)


def render_register(job: PrintJob, desc: LedgerDescription, fs: FontSet, *,
                    group: str, year_label: str, printed_by: str,
                    user_names: dict[str, str] | None = None,
                    out: IO[bytes] | Path | None = None,
                    progress: Progress | None = None) -> PrintJob:
    """Lay out and draw ``job``'s entries as ``desc``'s register; fills job.pdf and pages.

    Reports each page drawn; a cancel between pages raises
    :class:`~paizhu_desktop.core.progress.Cancelled` before anything is written to ``out``.
    """
    progress = quiet(progress)
    columns = register_columns(desc, user_names)
    layout = RegisterLayout(fs, columns, job.entries, progress)
    pages = len(layout.pages) + 1  # and the cover
    job.pages = pages
    # The cover's time of printing is that of the preview, for every copy.
    printed = f"{printed_by}　{dt.datetime.now():%Y-%m-%d %H:%M}"

    def draw(labels: Sequence[str], progress: Progress,
             out: IO[bytes] | Path | None) -> bytes:
        buffer = io.BytesIO() if out is None else out
        c = Canvas(buffer if not isinstance(buffer, Path) else str(buffer),
                   pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=0,
                   initialFontName=fs.font_for("body"))
        set_info(c, job)
        pen = Pen(c, fs)

        def body(number: int) -> None:
            progress.check()
            progress.report(number - 1, pages, f"正在生成第 {number} 页，共 {pages} 页")
            if number == 1:
                _cover(c, pen, job, desc, group=group, year_label=year_label,
                       printed=printed, pages=pages)
            else:
                _table_page(c, pen, job, layout, layout.pages[number - 2], number, pages)

        draw_copies(c, pen, pages, body, lambda _n, label: draw_marks(pen, job, label),
                    labels)
        progress.check()
        c.save()
        return buffer.getvalue() if isinstance(buffer, io.BytesIO) else b""

    pdf = draw((), progress, out)
    progress.report(pages, pages, f"已生成，共 {pages} 页")
    job.missing = sorted(fs.missing)
    if out is None:
        job.pdf = pdf
    job.fonts = {s: ch.label for s, ch in fs.choices.items()}
    job.numbered = lambda labels: draw(labels, quiet(None), None)
    return job


def _cover(c: Canvas, pen: Pen, job: PrintJob, desc: LedgerDescription, *, group: str,
           year_label: str, printed: str, pages: int) -> None:
    fs = pen.fonts
    draw_page_frame(c, pen, job, 1, pages, marking=False)
    title_font, body = fs.font_for("title"), fs.font_for("body")
    cx = (BIND + PAGE_W - RIGHT) / 2
    pen.centered(cx, PAGE_H - 52 * mm, group, body, 18)
    name = desc.register_name or f"{desc.name}登记簿"
    pen.centered(cx, PAGE_H - 82 * mm, name, title_font, 36)
    pen.centered(cx, PAGE_H - 100 * mm, f"（{year_label}）　第 1 册", body, 16)
    rows = [
        ("依　　据", desc.article),
        ("条　　目", f"{len(job.entries)} 条"),
        ("页　　数", f"本册共 {pages} 页（含封面）"),
        ("密　　级", job.marking or "非密"),
        ("内容摘要", job.digest),
        ("审计记录", f"打印时为{job.audit_label}（每页页脚同）"),
        ("打　　印", printed),
    ]
    y = PAGE_H - 125 * mm
    left = cx - 75 * mm
    for label, value in rows:
        pen.text(left, y, f"{label}：", fs.font_for("heading1"), 12)
        pen.text(left + 26 * mm, y, value, body, 12)
        y -= 8 * mm
    # How a records office checks the paper: in the program, not by a command line.
    pen.centered(cx, BOTTOM + 13 * mm, f"核对方法：在本程序“{VERIFY_MENU}”中输入页脚整行"
                 "（内容摘要和审计记录位置），", body, 9)
    pen.centered(cx, BOTTOM + 8 * mm, "可查验本册内容与数据库是否一致、"
                 "审计记录在打印之后是否被改写。", body, 9)


def _table_page(c: Canvas, pen: Pen, job: PrintJob, layout: RegisterLayout,
                page: list[_Piece], number: int, pages: int) -> None:
    fs = pen.fonts
    draw_page_frame(c, pen, job, number, pages, marking=False)
    body, hei = layout.font, layout.header_font
    x0 = BIND
    widths = layout.widths
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    pen.centered((x0 + xs[-1]) / 2, PAGE_H - TOP - 7 * mm, job.title, fs.font_for("title"), 15)
    top = layout.table_top
    # Header row, repeated on every page.
    c.setFillGray(0.9)
    c.rect(x0, top - layout.header_height, xs[-1] - x0, layout.header_height, stroke=0, fill=1)
    c.setFillGray(0)
    for i, lines in enumerate(layout.header_lines):
        y = top - PAD - HEADER_SIZE
        for line in lines:
            pen.centered((xs[i] + xs[i + 1]) / 2, y, line, hei, HEADER_SIZE)
            y -= LEADING
    y_row = top - layout.header_height
    c.setLineWidth(0.5)
    c.line(x0, top, xs[-1], top)
    c.line(x0, y_row, xs[-1], y_row)
    for piece in page:
        h = (piece.end - piece.start) * LEADING + 2 * PAD
        base = y_row - PAD - FONT_SIZE + 1
        for i, col in enumerate(layout.columns):
            lines = piece.row.lines[i][piece.start:piece.end]
            if col.key == "seq" and piece.continued:
                lines = [f"{piece.row.number}（续）"]
            y = base
            for line in lines:
                if col.center:
                    pen.centered((xs[i] + xs[i + 1]) / 2, y, line, body, FONT_SIZE)
                else:
                    pen.text(xs[i] + PAD, y, line, body, FONT_SIZE)
                y -= LEADING
        y_row -= h
        c.line(x0, y_row, xs[-1], y_row)
    for x in xs:
        c.line(x, top, x, y_row)


def user_names_of(session: Any) -> dict[str, str]:
    """Account → display name, for the register's user columns."""
    return {u.username: u.display_name for u in session.list_users()}
