"""Writing text onto a ReportLab canvas quickly, with per-character font fallback.

ReportLab's ``drawString`` builds a text object per call; a register page
holds a few hundred short lines, so the pen collects a page's text and
writes it as one PDF text object (the same operators ReportLab would write:
``Tf``, ``Tm``, ``Tj`` on its embedded TrueType subsets).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from paizhu_desktop.core.printing.fonts import FontSet

if TYPE_CHECKING:
    from paizhu_desktop.core.printing.jobs import PrintJob

#: The program, as the PDF's metadata names it.
CREATOR = "paizhu-desktop"


def set_info(canvas: Canvas, job: PrintJob) -> None:
    """The PDF's document information (/Info): the kind of paper and the program, nothing else.

    The metadata goes wherever the file is copied and is shown without opening a
    page (file managers, search indexes), so it never holds record content — no
    document title, no names, no group: the title is the paper's kind
    (大事记登记簿, 会议纪要 …) and the other fields are left empty.
    """
    canvas.setTitle(job.paper or job.kind)
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setKeywords("")
    canvas.setCreator(CREATOR)


class Pen:
    """Text for one page; :meth:`flush` writes it (call before ``showPage``)."""

    def __init__(self, canvas: Canvas, fonts: FontSet) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self._ops: list[str] = []
        self._current: tuple[str, float] | None = None
        self._gray = 0.0
        self._faces: dict[str, Any] = {}

    def _face(self, name: str) -> Any:
        face = self._faces.get(name)
        if face is None:
            face = self._faces[name] = pdfmetrics.getFont(name)
        return face

    def text(self, x: float, y: float, text: str, font: str, size: float,
             gray: float = 0.0) -> float:
        """Write ``text`` with its baseline at (x, y); returns the x after it."""
        if not text:
            return x
        doc = self.canvas._doc
        escape = self.canvas._escape
        ops = self._ops
        if gray != self._gray:
            ops.append(f"{gray:g} g")
            self._gray = gray
        fs = self.fonts
        for face_name, piece in fs.runs(text, font):
            face = self._face(face_name)
            start = 0
            for subset, encoded in face.splitString(piece, doc):
                chunk = piece[start:start + len(encoded)]
                start += len(encoded)
                name = face.getSubsetInternalName(subset, doc)
                if self._current != (name, size):
                    ops.append(f"{name} {size:g} Tf")
                    self._current = (name, size)
                ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escape(encoded)}) Tj")
                x += fs.width(chunk, face_name, size)
        return x

    def centered(self, cx: float, y: float, text: str, font: str, size: float) -> None:
        self.text(cx - self.fonts.width(text, font, size) / 2, y, text, font, size)

    def right(self, rx: float, y: float, text: str, font: str, size: float) -> None:
        self.text(rx - self.fonts.width(text, font, size), y, text, font, size)

    def flush(self) -> None:
        """Write the collected text as one text object."""
        if self._ops:
            self.canvas._code.append("BT\n" + "\n".join(self._ops) + ("\n0 g" if self._gray
                                                                      else "") + "\nET")
        self._ops = []
        self._current = None
        self._gray = 0.0


def draw_copies(canvas: Canvas, pen: Pen, pages: int, body: Callable[[int], None],
                marks: Callable[[int, str], None], labels: Sequence[str]) -> None:
    """Draw a paper's ``pages``: ``body(i)`` draws what every copy shares on page ``i``
    (1-based), ``marks(i, label)`` what belongs to one copy (its 份号 and 密级).

    Without ``labels`` (the preview) each page is drawn once as it is. With labels,
    each page's shared part is drawn once as a PDF form and shown on every copy under
    that copy's marks: 5 copies of a 300-row register cost about one copy's drawing
    and one copy's file size, however many copies (GB/T 9704-2012 7.2.1: each copy
    its own 份号)."""
    if not labels:
        for number in range(1, pages + 1):
            body(number)
            marks(number, "")
            pen.flush()
            canvas.showPage()
        return
    for number in range(1, pages + 1):
        canvas.beginForm(f"page{number}")
        body(number)
        pen.flush()
        canvas.endForm()
    for label in labels:
        for number in range(1, pages + 1):
            canvas.doForm(f"page{number}")
            marks(number, label)
            pen.flush()
            canvas.showPage()


class CopiesCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no types
    """A canvas that keeps each page a renderer draws (up to its ``showPage``) as a PDF
    form and, on :meth:`save`, shows every page once per copy label, with
    ``marks(canvas, page, label)`` drawn on top: the copies of a paper drawn by code
    that knows nothing of copies, each with its own 份号 (GB/T 9704-2012 7.2.1)."""

    def __init__(self, out: Any, labels: Sequence[str],
                 marks: Callable[[Canvas, int, str], None], **kw: Any) -> None:
        super().__init__(out, **kw)
        self._labels = list(labels)
        self._marks = marks
        self._drawn = 0
        self.beginForm("copy_page_1")

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self.endForm()
        self._drawn += 1
        self.beginForm(f"copy_page_{self._drawn + 1}")

    def save(self) -> None:
        self.endForm()  # the page begun after the last one: empty, never shown
        for label in self._labels:
            for number in range(1, self._drawn + 1):
                self.doForm(f"copy_page_{number}")
                self._marks(self, number, label)
                Canvas.showPage(self)
        Canvas.save(self)
