"""The print preview: the PDF stays in memory, printing goes through QPrinter, both logged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from PySide6.QtPrintSupport import QPrinter

from paizhu_desktop.gui.print_preview import PreviewDocument, PrintPreviewDialog

from gui_helpers import finish

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
    assert records == [("PDF 文件（第 2–3 页）", 2)]  # the log never holds a file name
    assert "已记入打印记录" in dlg.message.text()


def test_saving_a_pdf_is_explicit_and_logged(qtbot: QtBot, tmp_path: Path) -> None:
    records: list[tuple[str, int]] = []
    data = _pdf(1)
    doc = PreviewDocument("会议纪要", data, "", 1, "AAAA-BBBB",
                          lambda output, copies: records.append((output, copies)))
    dlg = PrintPreviewDialog(doc)
    qtbot.addWidget(dlg)
    out = tmp_path / "纪要.pdf"
    assert finish(qtbot, dlg.save_pdf(str(out), confirmed=True)).error is None
    assert out.read_bytes() == data and records == [("PDF 文件", 1)]
    assert "已保存" in dlg.message.text()
    bad = tmp_path / "没有的目录" / "x.pdf"
    assert isinstance(finish(qtbot, dlg.save_pdf(str(bad), confirmed=True)).error, OSError)
    assert "未保存" in dlg.message.text() and len(records) == 1


def test_register_printed_from_the_ledger_page_is_logged(qtbot: QtBot, tmp_path: Path) -> None:
    """Print from the window: preview of the register, printed, entry in the print log."""
    import os

    from paizhu_desktop.core.actions import Action
    from paizhu_desktop.core.permissions import Role
    from paizhu_desktop.core.session import UserSession

    from paizhu_desktop.gui.main_window import MainWindow

    from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account


    db = tmp_path / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, group_name="示例县派驻第一组",
                              kdf=CHEAP_KDF)
    s.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                "content": "开展专项监督检查"})
    w = MainWindow(s)
    qtbot.addWidget(w)
    page = w.open_ledger("chronicle")
    assert page is not None
    before = set(os.listdir(tmp_path))
    with qtbot.waitSignal(page.previewed) as blocker:
        page.print_register({"year": 2026, "month": None, "half": None}, show=False)
    dialog = blocker.args[0]
    assert dialog is page.preview and dialog.document.pageCount() == dialog.doc.pages == 2
    assert set(os.listdir(tmp_path)) == before  # nothing written to disk for the preview
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    printer.setResolution(100)
    assert dialog.print_to(printer)
    add_account(s, "baomi", [Role.SECRECY_OFFICER])
    officer = UserSession.open(db, "baomi", PASSWORD)
    log = officer.audit_entries(actions=[Action.PRINT])
    assert log[0].detail["digest"] == dialog.doc.digest and log[0].detail["copies"] == 1
    officer.close()

    summary = s.ledgers.add("meeting_summary", {"title": "组务会会议纪要",
                                                "meeting_date": "2026-03-09",
                                                "content": "一、研究检查方案"})
    mp = w.open_ledger("meeting_summary")
    assert mp is not None
    mp.open_entry(summary.id)
    with qtbot.waitSignal(mp.previewed) as blocker:
        mp.print_document(show=False)
    doc = blocker.args[0]
    assert "会议纪要" in doc.doc.title
    s.close()


def test_font_settings_map_a_style_and_refuse_a_bad_file(qtbot: QtBot, tmp_path: Path) -> None:
    """Each print style maps to a font with a sample; a non-TrueType file is refused."""
    from paizhu_desktop.core.fontfiles import bundled_font_paths
    from paizhu_desktop.core.session import UserSession
    from paizhu_desktop.core.settings import get_print_fonts

    from paizhu_desktop.gui.printing import FontSettingsDialog

    from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD

    s, _ = UserSession.create(tmp_path / "组.db", LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    dlg = FontSettingsDialog(s)
    qtbot.addWidget(dlg)
    assert "替代字体" in dlg.current["body"].text() or "正式字体" in dlg.current["body"].text()
    bad = tmp_path / "不是字体.ttf"
    bad.write_bytes(b"not a font")
    dlg.paths["title"].setText(str(bad))
    dlg.save()
    assert "TrueType" in dlg.error.text() and dlg.paths["title"].text() == str(bad)
    kai = str(bundled_font_paths()["kai"])
    dlg.paths["title"].setText(kai)
    dlg.save()
    assert get_print_fonts(s) == {"title": kai}
    s.close()


def _mixed_pdf() -> bytes:
    """A register-like PDF: portrait cover, then landscape pages, then portrait."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for n, size in enumerate([A4, landscape(A4), landscape(A4), A4], start=1):
        c.setPageSize(size)
        c.setFont("Helvetica", 14)
        c.drawString(72, size[1] - 72, f"page {n}")
        c.rect(36, 36, size[0] - 72, size[1] - 72)
        c.showPage()
    c.save()
    return out.getvalue()


def _shapes(path: Path) -> list[tuple[int, int]]:
    """Each page's size in points as it is shown (rotation applied)."""
    shapes = []
    for page in PdfReader(path).pages:
        w, h = round(float(page.mediabox.width)), round(float(page.mediabox.height))
        if page.get("/Rotate", 0) % 180:
            w, h = h, w
        shapes.append((w, h))
    return shapes


def test_printing_keeps_each_pages_size_and_orientation(qtbot: QtBot, tmp_path: Path) -> None:
    """Landscape register pages print landscape on A4, not shrunk onto portrait; the
    pages go out black and white at the printer's resolution (KB a page, not MB)."""
    records: list[tuple[str, int]] = []
    doc = PreviewDocument("大事记登记簿", _mixed_pdf(), "", 4, "3F9A-1C0B",
                          lambda output, copies: records.append((output, copies)))
    dlg = PrintPreviewDialog(doc)
    qtbot.addWidget(dlg)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    printer.setResolution(600)
    printer.setFromTo(1, 3)
    assert dlg.print_to(printer)
    assert _shapes(target) == [(595, 842), (842, 595), (842, 595)]
    assert target.stat().st_size < 3 * 200_000, target.stat().st_size
    for page in PdfReader(target).pages:
        (image,) = page.images
        assert image.image.mode in ("L", "1")  # not colour, not JPEG
        assert image.image.getextrema() in ((0, 255), (0, 0), (255, 255))  # black and white
        assert len(image.image.getcolors() or []) <= 2
        assert abs(max(image.image.size) - 842 / 72 * 600) < 2  # the printer's resolution
    assert records == [("PDF 文件（第 1–3 页）", 1)]

    # A range starting on a landscape page starts landscape.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setResolution(150)
    printer.setFromTo(2, 4)
    assert dlg.print_to(printer)
    assert _shapes(tmp_path / "range.pdf") == [(842, 595), (842, 595), (595, 842)]

    # The whole document printed to a PDF file is the document's own PDF (vector text).
    printer.setFromTo(0, 0)
    printer.setOutputFileName(str(tmp_path / "whole.pdf"))
    assert dlg.print_to(printer)
    assert (tmp_path / "whole.pdf").read_bytes() == doc.pdf
    assert records[-1] == ("PDF 文件（第 1–4 页）", 1)


@pytest.mark.parametrize(("marking", "says", "never"), [
    ("秘密★1年", "涉密载体", "内部资料"),
    ("机密★10年", "涉密载体", "内部资料"),
    ("内部", "内部资料", "涉密"),
    ("", "离开加密数据库", "涉密"),
])
def test_print_to_file_gets_the_same_warning_as_saving(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        marking: str, says: str, never: str) -> None:
    """打印到文件 leaves the database as a file, like 另存为 PDF: the same 密级 warning, in
    words that fit the 密级 (内部 is not 涉密), and declining prints and logs nothing."""
    from PySide6.QtWidgets import QMessageBox

    records: list[tuple[str, int]] = []
    doc = PreviewDocument("会议纪要", _pdf(2), marking, 2, "AAAA-BBBB",
                          lambda output, copies: records.append((output, copies)))
    dlg = PrintPreviewDialog(doc)
    qtbot.addWidget(dlg)
    asked: list[tuple[str, str]] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        asked.append((title, text))
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "打印.pdf"
    printer.setOutputFileName(str(target))
    printer.setResolution(150)
    assert not dlg.print_to_file(printer)
    assert not target.exists() and records == []
    answer[0] = QMessageBox.StandardButton.Yes
    assert dlg.print_to_file(printer)
    assert target.exists() and records == [("PDF 文件（第 1–2 页）", 1)]
    # 另存为 PDF says the same about the file.
    assert finish(qtbot, dlg.save_pdf(str(tmp_path / "另存.pdf"))).error is None
    (title1, text1), _, (title3, text3) = asked
    assert title1 == "打印到文件" and title3 == "另存为 PDF"
    for text in (text1, text3):
        assert says in text and never not in text
        if marking:
            assert marking in text or marking == "内部"
