"""Printing from the window: choose a period or an entry, preview, print; and the
font settings page (each print style mapped to a font, with a sample)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.fontfiles import STYLES, resolve_fonts, truetype_family
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.printing.jobs import (
    PrintJob,
    issue,
    record_print,
)
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.progress import Progress
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.settings import get_print_fonts, set_print_fonts

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.operations import Operation, run_operation
from paizhu_desktop.gui.print_preview import PreviewDocument, PrintPreviewDialog

SAMPLE = "派驻纪检监察组日常管理 一、二〇二六年 （一）监督执纪 ABC 123"


class PeriodDialog(QDialog):
    """Year and month / half-year / whole year of a register or a 大事记."""

    def __init__(self, title: str, year: int | None = None, month: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.year = QSpinBox(self)
        self.year.setObjectName("printYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(year or dt.date.today().year)
        self.period = QComboBox(self)
        self.period.setObjectName("printPeriod")
        self.period.addItem("全年", ("year", None))
        self.period.addItem("上半年", ("half", 1))
        self.period.addItem("下半年", ("half", 2))
        for m in range(1, 13):
            self.period.addItem(f"{m}月", ("month", m))
        if month:
            self.period.setCurrentIndex(self.period.findData(("month", month)))
        form.addRow("年度", self.year)
        form.addRow("期间", self.period)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("预览")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("periodOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, int | None]:
        kind, number = self.period.currentData()
        return {"year": self.year.value(), "month": number if kind == "month" else None,
                "half": number if kind == "half" else None}


def preview_document(session: UserSession, job: PrintJob) -> PreviewDocument:
    """The preview's view of a job; printing or saving writes the print log. Paper of
    秘密 or higher is numbered: each copy its own 份号 and 涉密载体 (献县办法 第五十八条)."""
    numbered = job.classification.is_classified

    def record(output: str, copies: int) -> tuple[bytes, list[str]] | None:
        if not numbered:
            record_print(session, job, output, copies)
            return None
        pdf = issue(session, job, output, copies)
        return pdf, list(job.copy_numbers)

    return PreviewDocument(job.title, job.pdf, job.marking, job.pages, job.digest, record,
                           file_name=job.label, numbered=numbered)


def show_preview(parent: QWidget, session: UserSession, job: PrintJob) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(preview_document(session, job), parent)
    if job.missing:
        dialog.message.setText("注意：以下字符所有字体都没有，打印为空框：" + "".join(job.missing))
    return dialog


def build_job(session: UserSession, desc: LedgerDescription, *, document: str | None,
              entry_id: str | None, period: dict[str, int | None] | None,
              progress: Progress | None = None) -> PrintJob:
    """Render the register or the document the user asked for (a core call: any thread)."""
    when = period or {}
    year, month, half = when.get("year"), when.get("month"), when.get("half")
    if document:
        return print_document(session, desc.id, document, entry_id=entry_id,
                              year=year, month=month, half=half, progress=progress)
    return print_register(session, desc.id, year=year, month=month, half=half,
                          progress=progress)


def start_print(parent: QWidget, session: UserSession, desc: LedgerDescription, *,
                document: str | None, entry_id: str | None, period: dict[str, int | None] | None,
                on_done: Callable[[PrintJob], None],
                on_error: Callable[[BaseException], None]) -> Operation[PrintJob]:
    """Render on a worker thread with a progress dialog (cancellable: nothing is kept)."""
    what = document or desc.register_name or f"{desc.name}登记簿"
    return run_operation(
        parent, "生成打印件",
        lambda progress: build_job(session, desc, document=document, entry_id=entry_id,
                                   period=period, progress=progress),
        on_done=on_done, on_error=on_error, cancellable=True, text=f"正在生成{what}…")


class FontSettingsDialog(QDialog):
    """打印字体: each style's font (official faces found here, or the bundled ones)."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("fontSettings")
        self.setWindowTitle("打印字体")
        v = QVBoxLayout(self)
        v.addWidget(QLabel("公文按 GB/T 9704-2012 使用方正小标宋简体、仿宋_GB2312、黑体、"
                           "楷体_GB2312。"
                           "本机有这些字体时自动使用；否则使用程序自带的替代字体。"
                           "也可以为每种样式指定一个 TrueType 字体文件。", self))
        grid = QGridLayout()
        self.paths: dict[str, QLineEdit] = {}
        self.samples: dict[str, QLabel] = {}
        self.current: dict[str, QLabel] = {}
        chosen = resolve_fonts(overrides=get_print_fonts(session))
        saved = get_print_fonts(session)
        for row, (style, label) in enumerate(STYLES.items()):
            grid.addWidget(QLabel(label, self), row * 2, 0)
            current = QLabel(chosen[style].label, self)
            current.setObjectName(f"fontCurrent_{style}")
            self.current[style] = current
            grid.addWidget(current, row * 2, 1)
            path = QLineEdit(saved.get(style, ""), self)
            path.setObjectName(f"font_{style}")
            path.setPlaceholderText("（自动）")
            path.editingFinished.connect(lambda s=style: self._show_sample(s))
            self.paths[style] = path
            grid.addWidget(path, row * 2, 2)
            browse = QPushButton("选择…", self)
            browse.setObjectName(f"fontBrowse_{style}")
            browse.clicked.connect(lambda _=False, s=style: self._browse(s))
            grid.addWidget(browse, row * 2, 3)
            sample = QLabel(SAMPLE, self)
            sample.setObjectName(f"fontSample_{style}")
            self.samples[style] = sample
            grid.addWidget(sample, row * 2 + 1, 0, 1, 4)
            self._show_sample(style, chosen[style].path)
        v.addLayout(grid)
        self.error = QLabel("", self)
        self.error.setObjectName("fontError")
        self.error.setStyleSheet("color: #b00020;")
        v.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("fontSave")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def _browse(self, style: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择字体文件", "",
                                              "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self.paths[style].setText(path)
            self._show_sample(style)

    def _show_sample(self, style: str, path: Path | None = None) -> None:
        text = self.paths[style].text().strip()
        file = Path(text) if text else path
        if file is None:
            file = resolve_fonts(overrides=get_print_fonts(self.session))[style].path
        family = truetype_family(file)
        if family is None:
            self.samples[style].setText(f"{file.name} 不是可嵌入的 TrueType 字体")
            return
        font_id = QFontDatabase.addApplicationFont(str(file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        font = QFont(families[0] if families else family)
        font.setPointSize(14)
        self.samples[style].setFont(font)
        self.samples[style].setText(SAMPLE)

    def save(self) -> None:
        try:
            set_print_fonts(self.session, {s: w.text().strip() for s, w in self.paths.items()})
        except Exception as exc:  # the dialog stays open with what was typed
            self.error.setText(user_message(exc))
            return
        self.accept()  # the next print job loads the faces now mapped
