"""The print preview: the PDF stays in memory, printing goes through QPrinter, both logged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paizhu_desktop.gui.print_preview import PreviewDocument, PrintPreviewDialog

pytestmark = pytest.mark.gui


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        c.drawString(100, 700, f"page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


def test_preview_prints_the_chosen_pages_and_records_it(qtbot: QtBot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    records: list[tuple[str, int]] = []
    doc = PreviewDocument("大事记登记簿", _pdf(4), "秘密★1年", 4, "3F9A-1C0B",
                          lambda output, copies: records.append((output, copies)))
    # Watch for any file written while previewing: the PDF must stay in memory.
    monkeypatch.chdir(tmp_path)
    dlg = PrintPreviewDialog(doc)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.document.pageCount() == 4
    assert list(tmp_path.iterdir()) == []

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    printer.setResolution(150)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    assert dlg.print_to(printer)
    assert len(PdfReader(target).pages) == 2
    assert records == [("PDF 文件：printed.pdf（第 2–3 页）", 2)]
    assert "已记入打印记录" in dlg.message.text()


def test_saving_a_pdf_is_explicit_and_logged(qtbot: QtBot, tmp_path: Path) -> None:
    records: list[tuple[str, int]] = []
    data = _pdf(1)
    doc = PreviewDocument("会议纪要", data, "", 1, "AAAA-BBBB",
                          lambda output, copies: records.append((output, copies)))
    dlg = PrintPreviewDialog(doc)
    qtbot.addWidget(dlg)
    out = tmp_path / "纪要.pdf"
    assert dlg.save_pdf(str(out), confirmed=True)
    assert out.read_bytes() == data and records == [("PDF 文件：纪要.pdf", 1)]
    bad = tmp_path / "没有的目录" / "x.pdf"
    assert not dlg.save_pdf(str(bad), confirmed=True)
    assert "未保存" in dlg.message.text() and len(records) == 1
