"""交接 in the window: export a year to a ``.pzx`` file with its 交接单, and import a
file after seeing what it holds and what it would change (DOMAIN §7).

Everything is done by the core (``core/handoff``), on a worker thread with a
progress dialog (``gui/operations``); these dialogs ask, show and never keep the
passphrase anywhere but in the field being typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.handoff.passphrase import new_passphrase
from paizhu_desktop.core.handoff.slip import render_report, render_slip
from paizhu_desktop.core.handoff.transfer import (
    ExportResult,
    ImportPlan,
    export,
    import_file,
    plan_import,
)
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.progress import Cancelled, Progress
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.form import ERROR_STYLE
from paizhu_desktop.gui.operations import Operation, run_operation
from paizhu_desktop.gui.print_preview import PrintPreviewDialog


def _preview_paper(parent: QWidget, session: UserSession, title: str,
                   render: Callable[[Progress], PrintJob], show: bool,
                   ready: Callable[[PrintPreviewDialog], None]) -> Operation[PrintJob]:
    """Render a 交接单 or 导入报告 on a worker thread, then preview it."""
    from paizhu_desktop.gui.printing import show_preview

    def done(job: PrintJob) -> None:
        dialog = show_preview(parent, session, job)
        ready(dialog)
        if show:
            dialog.open()

    return run_operation(parent, f"生成{title}", render, on_done=done, cancellable=True)


def grouped(digest: str, size: int = 8) -> str:
    """A long hex digest in groups, so that a line can wrap and a person can read it out."""
    return " ".join(digest[i:i + size] for i in range(0, len(digest), size))


def _file_row(parent: QWidget, name: str, save: bool) -> tuple[QHBoxLayout, QLineEdit]:
    row = QHBoxLayout()
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    browse = QPushButton("选择…", parent)
    browse.setObjectName(f"{name}Browse")

    def pick() -> None:
        if save:
            path, _ = QFileDialog.getSaveFileName(parent, "交接文件", edit.text(),
                                                  "交接文件 (*.pzx)")
        else:
            path, _ = QFileDialog.getOpenFileName(parent, "交接文件", "", "交接文件 (*.pzx)")
        if path:
            edit.setText(path)

    browse.clicked.connect(pick)
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row, edit


class ExportDialog(QDialog):
    """导出交接文件: year, file, passphrase (generated on request); then the 交接单.

    Signals:
        exported(bool): the export ended (True: written; False: failed or cancelled).
        previewed(object): the 交接单's preview dialog, once rendered.
    """

    exported = Signal(bool)
    previewed = Signal(object)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.export_result: ExportResult | None = None
        self.operation: Operation[ExportResult] | None = None
        self.paper: Operation[PrintJob] | None = None
        self.preview: PrintPreviewDialog | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle("导出交接文件")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.year = QSpinBox(self)
        self.year.setObjectName("exportYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        form.addRow("年度", self.year)
        row, self.path = _file_row(self, "exportFile", save=True)
        self.path.setText(str(Path.home() / f"{session.group_name}-{self.year.value()}.pzx"))
        form.addRow("交接文件", row)
        prow = QHBoxLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("exportPassphrase")
        self.passphrase.setPlaceholderText("至少 16 个字符，不得与登录密码相同")
        generate = QPushButton("生成口令", self)
        generate.setObjectName("generatePassphrase")
        generate.clicked.connect(lambda: self.passphrase.setText(new_passphrase()))
        prow.addWidget(self.passphrase, 1)
        prow.addWidget(generate)
        form.addRow("交接口令", prow)
        form.addRow(QLabel("口令请抄在另纸上当面交给接收人，不要与文件放在同一介质中。", self))
        self.message = QLabel("", self)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        self.ok = QPushButton("导出", self)
        self.ok.setObjectName("exportOk")
        self.ok.clicked.connect(lambda: self.run())
        self.slip = QPushButton("打印交接单…", self)
        self.slip.setObjectName("exportSlip")
        self.slip.setEnabled(False)
        self.slip.clicked.connect(lambda: self.print_slip())
        close = QPushButton("关闭", self)
        close.setObjectName("exportClose")
        close.clicked.connect(self.reject)
        for b in (self.ok, self.slip, close):
            buttons.addWidget(b)
        form.addRow(buttons)

    def run(self) -> Operation[ExportResult]:
        """Export on a worker thread (取消 leaves no file); on any error the dialog
        stays with what was typed. :attr:`exported` tells how it ended."""
        session, path = self.session, Path(self.path.text().strip())
        phrase, year = self.passphrase.text(), self.year.value()
        self.ok.setEnabled(False)
        self.slip.setEnabled(False)
        self.export_result = None
        self.message.setStyleSheet("")
        self.message.setText("正在导出…")
        self.operation = run_operation(
            self, "导出交接文件",
            lambda progress: export(session, path, phrase, year=year, progress=progress),
            on_done=self._exported, on_error=self._failed, cancellable=True)
        return self.operation

    def _exported(self, r: ExportResult) -> None:
        self.export_result = r
        self.ok.setEnabled(True)
        self.message.setStyleSheet("")
        self.message.setText(f"已导出 {r.path.name}（{r.size:,} 字节），最高密级：{r.marking}。"
                             f"请打印交接单。\nSHA-256：{grouped(r.sha256)}")
        self.adjustSize()  # the dialog grows to the result: nothing drawn over anything
        self.slip.setEnabled(True)
        self.exported.emit(True)

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, Cancelled):
            self.message.setText("已取消导出，未留下交接文件。")
        else:
            self.message.setText("未导出：" + user_message(exc))
        self.adjustSize()
        self.exported.emit(False)

    def print_slip(self, show: bool = True) -> Operation[PrintJob] | None:
        """Render the 交接单 on a worker thread; its preview comes with :attr:`previewed`."""
        result, session = self.export_result, self.session
        if result is None:
            return None
        self.paper = _preview_paper(self, session, "交接单",
                                    lambda progress: render_slip(session, result, progress),
                                    show, self._previewed)
        return self.paper

    def _previewed(self, dialog: PrintPreviewDialog) -> None:
        self.preview = dialog
        self.previewed.emit(dialog)


class ImportDialog(QDialog):
    """导入交接文件: first 查看 (what it holds, what would change), then 导入.

    Signals:
        inspected(bool): the look ended (True: the plan is shown).
        imported(bool): the import ended (True: written; False: nothing changed).
        previewed(object): the 导入报告's preview dialog, once rendered.
    """

    inspected = Signal(bool)
    imported = Signal(bool)
    previewed = Signal(object)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plan: ImportPlan | None = None
        self.operation: Operation[ImportPlan] | None = None
        self.paper: Operation[PrintJob] | None = None
        self.preview: PrintPreviewDialog | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle("导入交接文件")
        self.resize(760, 520)
        v = QVBoxLayout(self)
        form = QFormLayout()
        row, self.path = _file_row(self, "importFile", save=False)
        form.addRow("交接文件", row)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("importPassphrase")
        form.addRow("交接口令", self.passphrase)
        v.addLayout(form)
        self.summary = QLabel("", self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.summary)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("importPlan")
        self.table.setHorizontalHeaderLabels(["台账", "新增", "不变", "更新", "本地较新（保留）",
                                              "冲突"])
        self.table.verticalHeader().setVisible(False)
        # The ledger's name as wide as it needs, the counts share the rest: nothing clipped.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        v.addWidget(self.table, 1)
        self.message = QLabel("", self)
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        buttons = QHBoxLayout()
        self.check = QPushButton("查看（不改动数据）", self)
        self.check.setObjectName("importCheck")
        self.check.clicked.connect(lambda: self.inspect())
        self.ok = QPushButton("导入", self)
        self.ok.setObjectName("importOk")
        self.ok.setEnabled(False)
        self.ok.clicked.connect(lambda: self.run())
        self.report = QPushButton("打印导入报告…", self)
        self.report.setObjectName("importReport")
        self.report.setEnabled(False)
        self.report.clicked.connect(lambda: self.print_report())
        close = QPushButton("关闭", self)
        close.setObjectName("importClose")
        close.clicked.connect(self.reject)
        for b in (self.check, self.ok, self.report, close):
            buttons.addWidget(b)
        v.addLayout(buttons)
        self.path.textChanged.connect(lambda _t: self.ok.setEnabled(False))
        self.passphrase.textChanged.connect(lambda _t: self.ok.setEnabled(False))

    def _show(self, plan: ImportPlan) -> None:
        m = plan.manifest
        self.summary.setText(f"来源：{m.group}；期间：{m.date_from} 至 {m.date_to}；最高密级："
                             f"{plan.marking}；审计链片段 {plan.audit_summary}\n"
                             f"SHA-256：{grouped(plan.sha256)}")
        rows = plan.rows()
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _busy(self, busy: bool) -> None:
        self.check.setEnabled(not busy)
        if busy:
            self.ok.setEnabled(False)

    def inspect(self) -> Operation[ImportPlan]:
        """The dry run on a worker thread: the whole file is checked, nothing in the
        database changes (取消 at any time). :attr:`inspected` tells how it ended."""
        session, path, phrase = self.session, Path(self.path.text().strip()), self.passphrase.text()
        self._busy(True)

        def done(plan: ImportPlan) -> None:
            self._busy(False)
            self.plan = plan
            self._show(plan)
            self.message.setStyleSheet("")
            self.message.setText("以上为导入后将发生的变化，数据库尚未改动。确认无误后点“导入”。")
            self.ok.setEnabled(True)
            self.inspected.emit(True)

        def failed(exc: BaseException) -> None:
            self._busy(False)
            # What an earlier file (or the right 口令) showed must not stand beside the error.
            self.plan = None
            self.summary.setText("")
            self.table.setRowCount(0)
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText("已取消查看。" if isinstance(exc, Cancelled)
                                 else user_message(exc))
            self.ok.setEnabled(False)
            self.inspected.emit(False)

        self.operation = run_operation(
            self, "查看交接文件",
            lambda progress: plan_import(session, path, phrase, progress=progress),
            on_done=done, on_error=failed, cancellable=True)
        return self.operation

    def run(self) -> Operation[ImportPlan]:
        """Import on a worker thread: 取消 is offered while the file is checked, not once
        the write transaction has started. :attr:`imported` tells how it ended."""
        session, path, phrase = self.session, Path(self.path.text().strip()), self.passphrase.text()
        self._busy(True)

        def done(plan: ImportPlan) -> None:
            self.check.setEnabled(True)
            self.plan = plan
            self._show(plan)
            self.message.setStyleSheet("")
            self.message.setText("已导入。请打印导入报告，与交接单一并存档。")
            self.report.setEnabled(True)
            self.imported.emit(True)

        def failed(exc: BaseException) -> None:
            self._busy(False)
            self.ok.setEnabled(self.plan is not None and not self.plan.applied)
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText("未导入（数据库保持原样）：" + user_message(exc))
            self.imported.emit(False)

        self.operation = run_operation(
            self, "导入交接文件",
            lambda progress: import_file(session, path, phrase, progress=progress),
            on_done=done, on_error=failed, cancellable=True)
        return self.operation

    def print_report(self, show: bool = True) -> Operation[PrintJob] | None:
        """Render the 导入报告 on a worker thread; its preview comes with :attr:`previewed`."""
        plan, session = self.plan, self.session
        if plan is None:
            return None
        self.paper = _preview_paper(self, session, "导入报告",
                                    lambda progress: render_report(session, plan, progress),
                                    show, self._previewed)
        return self.paper

    def _previewed(self, dialog: PrintPreviewDialog) -> None:
        self.preview = dialog
        self.previewed.emit(dialog)
