"""Documents laid out per GB/T 9704-2012 (党政机关公文格式).

A4 portrait, 版心 156 mm × 225 mm (天头 37 mm, 订口 28 mm), title 二号
小标宋-style centred, body 三号 仿宋-style with 22 lines a page and 28
characters a line, first-level headings 黑体, second-level 楷体, 密级 and
保密期限 at the top left, ``— N —`` page numbers (四号, odd pages right,
even pages left, one character in), the 成文日期 in Arabic numerals.

A document is a list of blocks; :func:`render_document` pages them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core.printing.fonts import FontSet
from paizhu_desktop.core.printing.jobs import PrintJob, written_date
from paizhu_desktop.core.printing.linebreak import wrap
from paizhu_desktop.core.printing.pen import Pen, draw_copies, set_info
from paizhu_desktop.core.progress import Progress, quiet

PAGE_W, PAGE_H = A4
TOP = 37 * mm  # GB/T 9704-2012 5.2.2: 天头 37 mm ± 1 mm
LEFT = 28 * mm  # 订口 28 mm ± 1 mm
BODY_W = 156 * mm
BODY_H = 225 * mm
SIZE_TITLE = 22.0  # 二号
SIZE_BODY = 16.0  # 三号
SIZE_PAGE_NO = 14.0  # 四号
SIZE_FOOTER = 8.0  # content digest and audit chain head, below the page number
SIZE_COLOPHON = 14.0  # 版记: 四号仿宋 (GB/T 9704-2012 7.4.2, 7.4.3)
RULE_THICK = 0.35 * mm  # 版记的首条和末条分隔线 (7.4.1)
RULE_THIN = 0.25 * mm  # 版记中间的分隔线
LINE = BODY_H / 22  # 22 lines a page (≈ 28.95 pt)
INDENT = 2 * SIZE_BODY  # 首行缩进二字


@dataclass
class Heading1:
    """一级标题 (一、…): 黑体."""

    text: str


@dataclass
class Heading2:
    """二级标题 (（一）…): 楷体."""

    text: str


@dataclass
class Paragraph:
    """A body paragraph (仿宋, first line indented two characters)."""

    text: str
    indent: bool = True
    center: bool = False


@dataclass
class KeyValueTable:
    """Label–value rows in a ruled table (交接单, cover data)."""

    rows: list[tuple[str, str]]


@dataclass
class Table:
    """A ruled table with a header row (counts per ledger …)."""

    header: list[str]
    rows: list[list[str]]
    weights: list[float] | None = None  # relative column widths (first column wider if None)


@dataclass
class SignatureLines:
    """签字 lines, e.g. 移交人、接收人."""

    labels: list[str]


Block = Heading1 | Heading2 | Paragraph | KeyValueTable | Table | SignatureLines


@dataclass
class Document:
    """A document to print: title, 密级 marking, blocks, issuer and date (落款), and
    the 版记 at the foot of the last page (GB/T 9704-2012 7.4): 抄送机关, 印发机关 and
    印发日期, each where the document has them."""

    title: str
    marking: str
    blocks: list[Block]
    date: dt.date | None = None
    issuer: str = ""
    subtitle: str = ""
    extra_marks: list[str] = field(default_factory=list)
    copy_to: str = ""
    printed_by: str = ""
    printed_on: dt.date | None = None


_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def body_blocks(text: str) -> list[Block]:
    """Lines beginning 一、 become level-1 headings, （一） level-2, the rest paragraphs."""
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if _H1.match(line):
            blocks.append(Heading1(line))
        elif _H2.match(line):
            blocks.append(Heading2(line))
        else:
            blocks.append(Paragraph(line))
    return blocks


class _Flow:
    """Places lines down the 版心, page after page; counts pages before drawing."""

    def __init__(self, fs: FontSet) -> None:
        self.fs = fs
        self.pages: list[list[tuple[Any, ...]]] = [[]]
        self.y = PAGE_H - TOP

    def fits(self, height: float) -> bool:
        return bool(self.y - height >= PAGE_H - TOP - BODY_H - 0.5)

    def need(self, height: float) -> None:
        if not self.fits(height):
            self.pages.append([])
            self.y = PAGE_H - TOP

    def carry_last_line(self, count: int = 1) -> None:
        """Start a new page that begins with the current page's last ``count`` lines
        of text."""
        page = self.pages[-1]
        carried: list[tuple[Any, ...]] = []
        while page and page[-1][0] == "text" and len(carried) < count:
            carried.insert(0, page.pop())
        self.pages.append([])
        self.y = PAGE_H - TOP
        for _kind, x, _y, text, font, size, center in carried:
            self.line(x, text, font, size, center=center)

    def line(self, x: float, text: str, font: str, size: float, height: float = LINE,
             center: bool = False) -> None:
        self.need(height)
        # Baseline placed so a 16 pt line sits in its 28.95 pt grid row.
        self.pages[-1].append(("text", x, self.y - height + (height - size) / 2 + 2, text,
                               font, size, center))
        self.y -= height

    def skip(self, height: float) -> None:
        self.y -= height

    @staticmethod
    def row_height(cells: list[tuple[float, float, list[str]]], leading: float) -> float:
        return max(len(lines) for _x, _w, lines in cells) * leading + 6

    def rule_row(self, cells: list[tuple[float, float, list[str]]], font: str, size: float,
                 leading: float, shade: bool = False) -> None:
        height = self.row_height(cells, leading)
        self.need(height)
        self.pages[-1].append(("row", self.y, height, cells, font, size, leading, shade))
        self.y -= height


def _paragraph(flow: _Flow, text: str, font: str, indent: bool = True,
               center: bool = False) -> None:
    fs = flow.fs

    def measure(ch: str) -> float:
        return fs.char_width(font, ch) * SIZE_BODY

    if center:
        for line in wrap(text, BODY_W, measure):
            flow.line(LEFT + BODY_W / 2, line, font, SIZE_BODY, center=True)
        return
    first = INDENT if indent else 0.0
    for para in text.split("\n"):
        lines = wrap(para, BODY_W - first, measure)
        if len(lines) > 1:
            # Lines after the first use the full width: wrap the rest again.
            rest = para[len(lines[0]):].lstrip()
            lines = [lines[0], *wrap(rest, BODY_W, measure)] if rest else [lines[0]]
        for i, line in enumerate(lines):
            flow.line(LEFT + (first if i == 0 else 0.0), line, font, SIZE_BODY)


def _table(flow: _Flow, header: Sequence[str] | None, rows: Sequence[Sequence[str]],
           weights: Sequence[float]) -> None:
    fs = flow.fs
    font = fs.font_for("body")
    hei = fs.font_for("heading1")
    size, leading = 12.0, 17.0
    total = sum(weights)
    widths = [BODY_W * w / total for w in weights]

    def cells(values: Sequence[str], f: str) -> list[tuple[float, float, list[str]]]:
        def measure(ch: str) -> float:
            return fs.char_width(f, ch) * size

        out = []
        x = LEFT
        for value, w in zip(values, widths, strict=True):
            out.append((x, w, wrap(str(value), w - 8, measure) or [""]))
            x += w
        return out

    head = cells(header, hei) if header else None
    if head is not None:
        flow.rule_row(head, hei, size, leading, shade=True)
    for row in rows:
        body = cells(row, font)
        if head is not None and not flow.fits(flow.row_height(body, leading)):
            # A table continued on the next page starts with its header again.
            flow.need(BODY_H)
            flow.rule_row(head, hei, size, leading, shade=True)
        flow.rule_row(body, font, size, leading)
    flow.skip(LINE / 2)


def layout(doc: Document, fs: FontSet) -> _Flow:
    """Pass one: every block placed; the page count is then known."""
    flow = _Flow(fs)
    title_font = fs.font_for("title")
    body = fs.font_for("body")
    flow.skip(LINE)  # 密级 sits on the first line of the 版心
    flow.skip(LINE)

    def tmeasure(ch: str) -> float:
        return fs.char_width(title_font, ch) * SIZE_TITLE

    lines = wrap(doc.title, BODY_W - 2 * SIZE_TITLE, tmeasure)
    if len(lines) > 1:
        # 标题回行时排列对称 (GB/T 9704-2012 7.3.1): lines of even length, not one
        # character left alone on the last.
        width = sum(tmeasure(ch) for ch in doc.title) / len(lines)
        while len(wrap(doc.title, width, tmeasure)) > len(lines):
            width += SIZE_TITLE / 2
        lines = wrap(doc.title, width, tmeasure)
    for line in lines:
        flow.line(LEFT + BODY_W / 2, line, title_font, SIZE_TITLE, height=LINE * 1.2,
                  center=True)
    if doc.subtitle:
        flow.line(LEFT + BODY_W / 2, doc.subtitle, fs.font_for("heading2"), SIZE_BODY,
                  center=True)
    flow.skip(LINE)
    for block in doc.blocks:
        if isinstance(block, Heading1):
            _paragraph(flow, block.text, fs.font_for("heading1"))
        elif isinstance(block, Heading2):
            _paragraph(flow, block.text, fs.font_for("heading2"))
        elif isinstance(block, Paragraph):
            _paragraph(flow, block.text, body, block.indent, block.center)
        elif isinstance(block, KeyValueTable):
            _table(flow, None, [list(r) for r in block.rows], [1, 3])
        elif isinstance(block, Table):
            weights = block.weights or [2.2 if i == 0 else 1.0 for i in range(len(block.header))]
            _table(flow, block.header, block.rows, weights)
        elif isinstance(block, SignatureLines):
            # The signature lines stay together on one page.
            if flow.fits(LINE / 2 + LINE * len(block.labels)):
                flow.skip(LINE / 2)
            else:
                flow.need(BODY_H)
            for label in block.labels:
                flow.line(LEFT + INDENT, f"{label}：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", body,
                          SIZE_BODY)
    closing = [t for t in (doc.issuer, written_date(doc.date) if doc.date else "") if t]
    if closing:
        # 落款 and date stay together, and never stand alone on a page: when they do
        # not fit, the last line of text (all the signature lines, when the text ends
        # with them) goes over with them (GB/T 9704-2012 7.3.5).
        if not flow.fits(LINE * (1 + len(closing))):
            last = doc.blocks[-1] if doc.blocks else None
            flow.carry_last_line(len(last.labels) if isinstance(last, SignatureLines) else 1)
        flow.skip(LINE)
        # 落款: 右空四字 (GB/T 9704-2012 7.3.5.2).
        right = LEFT + BODY_W - 4 * SIZE_BODY
        for text in closing:
            width = fs.width(text, body, SIZE_BODY)
            flow.line(right - width, text, body, SIZE_BODY)
    _colophon(flow, doc)
    return flow


def _colophon(flow: _Flow, doc: Document) -> None:
    """版记 (GB/T 9704-2012 7.4) at the foot of the last page, below the 落款 and date:
    a thick rule above its first line, the 抄送 line (左右各空一字, a continued line
    aligned after the colon, a full stop at the end), a thin rule, 印发机关 (左空一字)
    and 印发日期 (右空一字, 印发) on the last line, and a thick rule on the 版心's lower
    edge. When the last page has no room left below the text, it takes a page of its
    own."""
    fs = flow.fs
    body = fs.font_for("body")
    size = SIZE_COLOPHON
    left, right = LEFT + size, LEFT + BODY_W - size
    rows: list[list[tuple[float, str] | tuple[float, str, str]]] = []
    if doc.copy_to:
        text = doc.copy_to.strip().rstrip("。；;，,") + "。"
        head = "抄送："
        indent = fs.width(head, body, size)

        def measure(ch: str) -> float:
            return fs.char_width(body, ch) * size

        lines = wrap(text, right - left - indent, measure) or [""]
        rows.append([(left, head + lines[0]), *[(left + indent, line) for line in lines[1:]]])
    printed = written_date(doc.printed_on) + "印发" if doc.printed_on else ""
    if doc.printed_by or printed:
        # A long 印发机关 is wrapped left of the 印发日期 (one character apart), never
        # printed over it; the date stands on the row's last line.
        room = right - left - (fs.width(printed, body, size) + size if printed else 0)
        names = wrap(doc.printed_by, room,
                     lambda ch: fs.char_width(body, ch) * size) or [""]
        rows.append([*[(left, name) for name in names[:-1]], (left, names[-1], printed)])
    if not rows:
        return
    height = LINE * sum(len(r) for r in rows)
    if not flow.fits(height):
        flow.need(BODY_H)
    page = flow.pages[-1]
    bottom = PAGE_H - TOP - BODY_H
    y = bottom + height
    page.append(("rule", y, RULE_THICK))
    for n, row in enumerate(rows):
        if n:
            page.append(("rule", y, RULE_THIN))
        for item in row:
            base = y - LINE + (LINE - size) / 2 + 2
            page.append(("text", item[0], base, item[1], body, size, False))
            if len(item) == 3 and item[2]:
                page.append(("text", right - fs.width(item[2], body, size), base, item[2],
                             body, size, False))
            y -= LINE
    page.append(("rule", bottom, RULE_THICK))
    flow.y = bottom


def render_document(doc: Document, job: PrintJob, fs: FontSet,
                    out: IO[bytes] | Path | None = None,
                    progress: Progress | None = None) -> PrintJob:
    """Draw ``doc`` per GB/T 9704-2012; fills ``job.pdf`` and ``job.pages``, and
    ``job.numbered`` (the copies with their 份号, drawn from the same layout).

    Reports each page drawn; a cancel between pages raises
    :class:`~paizhu_desktop.core.progress.Cancelled` before anything is written to ``out``.
    """
    progress = quiet(progress)
    progress.report(0, 0, "正在排版…")
    flow = layout(doc, fs)
    pages = len(flow.pages)
    job.pages = pages
    pdf = _draw(doc, job, fs, flow, (), progress, out)
    progress.report(pages, pages, f"已生成，共 {pages} 页")
    job.missing = sorted(fs.missing)
    job.fonts = {s: ch.label for s, ch in fs.choices.items()}
    if out is None:
        job.pdf = pdf
    job.numbered = lambda labels: _draw(doc, job, fs, flow, labels, quiet(None), None)
    return job


def _draw(doc: Document, job: PrintJob, fs: FontSet, flow: _Flow, labels: Sequence[str],
          progress: Progress, out: IO[bytes] | Path | None) -> bytes:
    """The laid-out pages on a canvas: once, or once per 份号 in ``labels``."""
    pages = len(flow.pages)
    buffer = io.BytesIO() if out is None else out
    c = Canvas(buffer if not isinstance(buffer, Path) else str(buffer), pagesize=A4,
               pageCompression=1, invariant=0, initialFontName=fs.font_for("body"))
    set_info(c, job)
    pen = Pen(c, fs)
    hei = fs.font_for("heading1")
    body_font = fs.font_for("body")
    # 秘密 and above carry a 份号: it takes the 版心's first line and the 密级 its second
    # (GB/T 9704-2012 7.2.1, 7.2.2); the preview keeps the first line free for it.
    numbered = job.classification.is_classified

    def body(number: int) -> None:
        progress.check()
        progress.report(number - 1, pages, f"正在生成第 {number} 页，共 {pages} 页")
        _page_body(c, pen, flow.pages[number - 1])
        # 页码: 四号半角数字, 一字线, odd pages right and even pages left, 空一字.
        label = f"— {number} —"
        y = PAGE_H - TOP - BODY_H - 7 * mm - SIZE_PAGE_NO
        if number % 2:
            pen.right(LEFT + BODY_W - SIZE_PAGE_NO, y, label, body_font, SIZE_PAGE_NO)
        else:
            pen.text(LEFT + SIZE_PAGE_NO, y, label, body_font, SIZE_PAGE_NO)
        # Below the 版心 and the page number, on every page: paper anchors the audit chain.
        pen.centered(PAGE_W / 2, 10 * mm, job.footer, body_font, SIZE_FOOTER)

    def marks(number: int, copy_no: str) -> None:
        first = PAGE_H - TOP - LINE + 8
        if number == 1 and copy_no:
            # 份号: 六位三号阿拉伯数字, 顶格编排在版心左上角第一行 (7.2.1).
            pen.text(LEFT, first, copy_no, body_font, SIZE_BODY)
        if doc.marking:
            # 密级和保密期限: 版心左上角, 三号黑体 (GB/T 9704-2012 7.2.2) — on the first
            # page in the lines kept free for it; on the following pages, whose text
            # starts on the first line, just above the 版心.
            y = (first - (LINE if numbered else 0) if number == 1
                 else PAGE_H - TOP + 6 * mm)
            pen.text(LEFT, y, doc.marking, hei, SIZE_BODY)

    draw_copies(c, pen, pages, body, marks, labels)
    progress.check()
    c.save()
    return buffer.getvalue() if isinstance(buffer, io.BytesIO) else b""


def _page_body(c: Canvas, pen: Pen, items: list[tuple[Any, ...]]) -> None:
    for item in items:
        if item[0] == "text":
            _kind, x, y, text, font, size, center = item
            if center:
                pen.centered(x, y, text, font, size)
            else:
                pen.text(x, y, text, font, size)
        elif item[0] == "rule":
            _kind, y, width = item
            c.setLineWidth(width)
            c.line(LEFT, y, LEFT + BODY_W, y)
        else:
            _kind, top, height, cells, font, size, leading, shade = item
            if shade:
                c.setFillGray(0.9)
                c.rect(LEFT, top - height, BODY_W, height, stroke=0, fill=1)
                c.setFillGray(0)
            c.setLineWidth(0.6)
            c.rect(LEFT, top - height, BODY_W, height, stroke=1, fill=0)
            for x, _w, lines in cells:
                c.line(x, top, x, top - height)
                y = top - 3 - size
                for line in lines:
                    pen.text(x + 4, y, line, font, size)
                    y -= leading
