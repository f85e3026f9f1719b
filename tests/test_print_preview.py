"""The print preview: the PDF stays in memory, printing goes through QPrinter, both logged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
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
    from paizhu_desktop.core.printing.fonts import bundled_font_paths
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
