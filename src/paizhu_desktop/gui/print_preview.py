"""Print preview inside the application, printing through QPrinter, and a PDF
saved only on explicit request.

The PDF made by the core stays in memory (a QBuffer feeds QPdfDocument): no
temporary file is written (DOMAIN §3: nothing sensitive on disk unencrypted).
Every print and every save is recorded in the audit chain through the
callback the caller passes (who, what, 密级, copies, printer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.files import make_private, write_private
from paizhu_desktop.core.printing.jobs import SAVED_PDF
from paizhu_desktop.core.progress import Progress

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.operations import Operation, run_operation

#: Highest resolution pages are rendered at; printers above it get it scaled (an A4
#: page at 600 dpi is ~35 MB as an image while it is drawn, ~0.4 MB when sent).
MAX_DPI = 600


@dataclass
class PreviewDocument:
    """A printable PDF in memory and how to record what is done with it.

    ``record(output, copies)`` writes the print log for a print (output = printer
    name) or a save (output = :data:`SAVED_PDF`, never the file's name). ``file_name``
    is the name offered when saving (the paper's kind and period: a document's own
    title may be record content, and a file name travels).

    A ``numbered`` paper (秘密 or higher) is recorded *before* it is printed or
    saved: ``record`` registers each copy as a 涉密载体 and returns
    ``(pdf, copy_numbers)``, the copies to send, each with its 份号 (献县办法
    第五十八条, GB/T 9704-2012 7.2.1); they are printed one by one, not by the
    printer's copy count, so that no two sheets carry the same number.
    """

    title: str
    pdf: bytes
    marking: str
    pages: int
    digest: str
    record: Callable[[str, int], tuple[bytes, list[str]] | None]
    file_name: str = ""
    numbered: bool = False
    #: The 份号 of the last copies printed or saved.
    copy_numbers: list[str] = field(default_factory=list)


class PrinterNotReady(PaizhuError):
    """The printer could not start or turn a page: the clerk reads why (a printer
    problem, not an internal error of the program)."""


def _sentence(text: str) -> str:
    """``text`` ending with one full stop, so that a note can follow it."""
    return text.rstrip("。") + "。"


class PrintPreviewDialog(QDialog):
    """Shows the document; 打印… and 另存为 PDF… act on it."""

    def __init__(self, doc: PreviewDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.saving: Operation[None] | None = None
        self.setObjectName("printPreview")
        self.setWindowTitle(f"打印预览 — {doc.title}")
        self.resize(1000, 720)
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        info = QLabel(f"<b>{doc.title}</b>　密级：{doc.marking or '非密'}　共 {doc.pages} 页"
                      f"　内容摘要：{doc.digest}", self)
        info.setObjectName("previewInfo")
        bar.addWidget(info, 1)
        self.print_button = QPushButton("打印(&P)…", self)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(lambda: self.print_dialog())
        self.save_button = QPushButton("另存为 PDF…", self)
        self.save_button.setObjectName("savePdfButton")
        self.save_button.clicked.connect(lambda: self.save_pdf())
        zoom_in = QPushButton("放大", self)
        zoom_in.setObjectName("zoomIn")
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out = QPushButton("缩小", self)
        zoom_out.setObjectName("zoomOut")
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        close = QPushButton("关闭", self)
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, zoom_in, zoom_out, close):
            bar.addWidget(b)
        v.addLayout(bar)

        self._bytes = QByteArray(doc.pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        v.addWidget(self.view, 1)
        self.message = QLabel("", self)
        self.message.setObjectName("previewMessage")
        v.addWidget(self.message)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    # -- printing ----------------------------------------------------------------
    def print_dialog(self) -> bool:
        """Qt's print dialog (printer, copies, page range), then print and log.

        打印到文件 makes a file that leaves the database just as 另存为 PDF does: it
        gets the same 密级 warning and is logged as a PDF file."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.doc.title)
        printer.setFromTo(1, self.doc.pages)
        self._set_page(printer, 0)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.setMinMax(1, self.doc.pages)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if printer.outputFileName():
            return self.print_to_file(printer)
        return self.print_to(printer)

    def print_to_file(self, printer: QPrinter, *, confirmed: bool = False) -> bool:
        """打印到文件: the 密级 warning of 另存为 PDF, then print into the file."""
        if not confirmed and not self.confirm_file("打印到文件", "打印到文件"):
            self.message.setText("未打印到文件。")
            return False
        return self.print_to(printer)

    def _set_page(self, printer: QPrinter, index: int) -> None:
        """The printer's page for PDF page ``index``: its own size and orientation
        (a landscape register page stays landscape), the whole sheet painted."""
        size = self.document.pagePointSize(index)
        w, h = size.width(), size.height()
        if w <= 0 or h <= 0:
            return
        landscape = w > h
        page = QPageSize(QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Point, "",
                         QPageSize.SizeMatchPolicy.FuzzyMatch)
        orientation = (QPageLayout.Orientation.Landscape if landscape
                       else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        printer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0),
                                          QPageLayout.Unit.Point))

    def _page_image(self, index: int, dpi: int,
                    document: QPdfDocument | None = None) -> QImage:
        """One page as a black-and-white image at ``dpi``.

        QtPdf renders only to images (a PDF page cannot reach QPainter as vectors).
        Black and white with an ordered dither — what an office laser printer makes of
        the page anyway, the grey header shading kept as a fine pattern — is a
        quarter of a greyscale page's data and a tenth of a colour one's."""
        document = document or self.document
        size_pt = document.pagePointSize(index)
        pixels = QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi))
        image = document.render(index, pixels)
        if image.hasAlphaChannel():  # the page is transparent: onto white paper
            paper = QImage(image.size(), QImage.Format.Format_RGB32)
            paper.fill(Qt.GlobalColor.white)
            p = QPainter(paper)
            p.drawImage(0, 0, image)
            p.end()
            image = paper
        flags = Qt.ImageConversionFlag.MonoOnly | Qt.ImageConversionFlag.OrderedDither
        return image.convertToFormat(QImage.Format.Format_Mono, flags)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the chosen pages, each on a sheet of its own size and orientation, as
        black-and-white images at the printer's resolution (at most :data:`MAX_DPI`),
        and record the print. The whole document printed to a PDF file is the PDF.

        A numbered paper is registered first, then each copy printed on its own with
        its 份号 (the printer's copy count set to one); a file is one 载体, one 份号."""
        first, last = printer.fromPage() or 1, printer.toPage() or self.doc.pages
        first, last = max(1, first), min(self.doc.pages, last)
        to_file = printer.outputFileName()
        whole = (first, last) == (1, self.doc.pages)
        if to_file and whole and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return self._write_file(Path(to_file), first, last)
        name = SAVED_PDF if to_file else (printer.printerName() or "打印机")
        output = f"{name}（第 {first}–{last} 页）"
        copies = 1 if to_file and self.doc.numbered else max(1, printer.copyCount())
        document, sets = self.document, 1
        if self.doc.numbered:
            try:
                document = self._issued(output, copies)
            except Exception as exc:  # nothing registered, nothing printed
                self.message.setText("未打印：" + user_message(exc))
                return False
            sets = max(1, document.pageCount() // max(1, self.doc.pages))
            if sets == copies:
                printer.setCopyCount(1)  # each copy is its own set of pages, with its 份号
        try:
            self._print_pages(printer, document, sets, first, last)
        except Exception as exc:  # the printer failed: say so, log nothing printed
            self.message.setText("打印失败：" + _sentence(user_message(exc))
                                 + self._registered_note())
            return False
        if to_file:
            make_private(Path(to_file))
        if not self.doc.numbered:
            self.doc.record(output, copies)
        shown = f"{SAVED_PDF}：{Path(to_file).name}" if to_file else name
        self.message.setText(f"已发送到 {shown}：{copies} 份，第 {first}–{last} 页；"
                             f"{self._numbers_text()}已记入打印记录。")
        return True

    def _print_pages(self, printer: QPrinter, document: QPdfDocument, sets: int, first: int,
                     last: int) -> None:
        """Pages ``first``–``last`` of each of ``sets`` copies in ``document`` (copy k's
        pages follow copy k-1's), as page images."""
        # Black text and grey shading only: the print engine then keeps the page images
        # grey and losslessly compressed (in colour Qt's PDF engine sends them as JPEG).
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
        painter = QPainter()
        try:
            self._set_page(printer, first - 1)
            if not painter.begin(printer):
                raise PrinterNotReady("打印机无法开始打印，请检查打印机是否就绪。")
            started = False
            for copy in range(sets):
                for index in range(first - 1, last):
                    if started:
                        self._set_page(printer, index)
                        if not printer.newPage():
                            raise PrinterNotReady("打印机无法换页，请检查打印机是否就绪。")
                    started = True
                    dpi = min(printer.resolution(), MAX_DPI)
                    target = printer.pageLayout().fullRectPixels(printer.resolution())
                    painter.drawImage(QRectF(target), self._page_image(
                        copy * self.doc.pages + index, dpi, document))
        finally:
            if painter.isActive():
                painter.end()

    def _issued(self, output: str, copies: int) -> QPdfDocument:
        """Register the copies (the print log and their 涉密载体) and load them, each
        with its 份号, for printing."""
        issued = self.doc.record(output, copies)
        assert issued is not None
        pdf, self.doc.copy_numbers = issued
        self._issued_bytes = QByteArray(pdf)
        buffer = QBuffer(self._issued_bytes, self)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(buffer)
        return document

    def _numbers_text(self) -> str:
        numbers = self.doc.copy_numbers if self.doc.numbered else []
        if not numbers:
            return ""
        shown = numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        return f"份号 {shown} 已登记为涉密载体；"

    def _registered_note(self) -> str:
        """After a failed print of numbered paper: its copies stay registered."""
        if not (self.doc.numbered and self.doc.copy_numbers):
            return ""
        return (f"{self._numbers_text()}请核实打印机中是否有已印出的页，未印出的份由保密员在"
                "“涉密载体”台账中办理“登记未印出”并写明原因（献县办法 第五十八条）")

    def _write_file(self, target: Path, first: int, last: int) -> bool:
        """The whole document printed to a PDF file: the PDF itself (text stays text,
        a few hundred KB), not page images; a numbered paper as one copy with its 份号."""
        output = f"{SAVED_PDF}（第 {first}–{last} 页）"
        pdf = self.doc.pdf
        if self.doc.numbered:
            try:
                issued = self.doc.record(output, 1)
            except Exception as exc:
                self.message.setText("未打印：" + user_message(exc))
                return False
            assert issued is not None
            pdf, self.doc.copy_numbers = issued
        try:
            write_private(target, pdf)
        except OSError as exc:
            self.message.setText(f"打印失败：无法写入 {target}（{exc.strerror}）。"
                                 + self._registered_note())
            return False
        if not self.doc.numbered:
            self.doc.record(output, 1)
        self.message.setText(f"已发送到 {SAVED_PDF}：{target.name}：1 份，第 {first}–{last} 页；"
                             f"{self._numbers_text()}已记入打印记录。")
        return True

    def file_warning(self, action: str) -> str:
        """What a file of this 密级 means: only 秘密 and 机密 make a 涉密载体."""
        marking = self.doc.marking
        level, _, _ = marking.partition("★")
        try:
            classification = Classification.parse(level) if level else \
                Classification.UNCLASSIFIED
        except ValueError:
            classification = Classification.UNCLASSIFIED
        if classification.is_classified:
            text = (f"本文件密级为“{marking}”。{action}后，该文件即为涉密载体，"
                    "须按保密管理规定登记、保管，不得拷贝到非涉密设备。")
        elif classification is Classification.INTERNAL:
            text = (f"本文件为内部资料。{action}后，该文件离开加密数据库，"
                    "注意保管，不得公开或外传。")
        else:
            text = f"{action}后，该文件将离开加密数据库，请妥善保管。"
        return f"{text}\n\n是否继续？"

    def confirm_file(self, title: str, action: str) -> bool:
        """The 密级 warning before a file is made; True when the user goes on."""
        answer = QMessageBox.question(self, title, self.file_warning(action))
        return answer == QMessageBox.StandardButton.Yes

    # -- saving ------------------------------------------------------------------
    def save_pdf(self, path: str | None = None, *,
                 confirmed: bool = False) -> Operation[None] | None:
        """Write the PDF where the user says, after a 密级 warning; logged.

        The file is written and the print log entry made on a worker thread; the
        returned operation (None when the user declined) says when it is done.
        """
        if self.saving is not None and not self.saving.done:
            return None
        if not confirmed and not self.confirm_file("另存为 PDF", "保存为 PDF 文件"):
            return None
        if path is None:
            offered = f"{self.doc.file_name or self.doc.title}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", offered, "PDF 文件 (*.pdf)")
            if not path:
                return None
        target, pdf, record, doc = Path(path), self.doc.pdf, self.doc.record, self.doc

        def write(_progress: Progress) -> None:
            if not doc.numbered:
                write_private(target, pdf)
                record(SAVED_PDF, 1)
                return
            # One file, one 涉密载体: registered first, saved with its 份号 (第五十八条).
            issued = record(SAVED_PDF, 1)
            assert issued is not None
            data, doc.copy_numbers = issued
            write_private(target, data)

        def done(_result: None) -> None:
            self.message.setText(f"已保存：{target}；{self._numbers_text()}已记入打印记录。")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OSError):
                self.message.setText(f"未保存：无法写入 {target}（{exc.strerror}）。"
                                     + self._registered_note())
            else:
                self.message.setText("未保存：" + user_message(exc))

        self.save_button.setEnabled(False)
        self.saving = run_operation(self, "另存为 PDF", write, on_done=done, on_error=failed,
                                    text=f"正在保存 {target.name}…")
        self.saving.finished.connect(lambda: self.save_button.setEnabled(True))
        return self.saving
