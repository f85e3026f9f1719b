"""廉洁档案: one person's talks, reports, pledges and appraisals, gathered read-only
from the ledgers (濮阳·谈话 第九条、第十二条、第十五条、第十八条、第二十一条).

Pick a name; the list shows every entry filed under that person; double-click or
Enter opens the entry in its own ledger page; 打印 prints the whole file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.integrity_file import FileItem, integrity_file, people
from paizhu_desktop.core.integrity_file import print_integrity_file as build_file
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.progress import Cancelled
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.operations import Operation, run_operation
from paizhu_desktop.gui.print_preview import PrintPreviewDialog
from paizhu_desktop.gui.printing import show_preview

_ROLE_IDS = Qt.ItemDataRole.UserRole + 1
COLUMNS = ["日期", "类别", "台账", "内容摘要", "状态", "密级", "依据"]


class IntegrityFilePage(QWidget):
    """The 廉洁档案 of one person at a time.

    Attributes:
        items: the file's entries as last read.
        printing: the print operation under way or last run.

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
        message(str): a line for the status bar.
        previewed(object): the print preview dialog, once the file is rendered.
    """

    open_entry = Signal(str, str)
    message = Signal(str)
    previewed = Signal(object)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.items: list[FileItem] = []
        self.printing: Operation[PrintJob] | None = None
        self.setObjectName("integrityPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        intro = QLabel("<b>廉洁档案</b>：汇集台账中与某人有关的谈话、报告、承诺和评议考核记录，"
                       "只读；双击打开原条目（濮阳·谈话 第九条、第十二条、第十五条、第十八条、"
                       "第二十一条）。", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        head = QHBoxLayout()
        head.addWidget(QLabel("人员：", self))
        self.person = QComboBox(self)
        self.person.setObjectName("integrityPerson")
        self.person.setEditable(True)
        self.person.setMinimumWidth(200)
        self.person.setToolTip("选择或输入姓名")
        self.person.activated.connect(lambda _i: self.show_file())
        head.addWidget(self.person)
        show = QPushButton("查看(&V)", self)
        show.setObjectName("integrityShow")
        show.clicked.connect(self.show_file)
        head.addWidget(show)
        self.print_button = QPushButton("打印廉洁档案(&P)…", self)
        self.print_button.setObjectName("integrityPrint")
        self.print_button.clicked.connect(self.print_file)
        head.addWidget(self.print_button)
        head.addStretch(1)
        v.addLayout(head)
        self.title = QLabel("", self)
        self.title.setObjectName("integrityTitle")
        v.addWidget(self.title)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("integrityItems")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 95), (1, 80), (2, 170), (4, 90), (5, 90), (6, 170)):
            header.resizeSection(col, width)
        self.table.activated.connect(lambda idx: self._open(idx.row()))
        v.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the names again (new talks may name new people)."""
        current = self.person.currentText()
        try:
            names = people(self.session)
        except Exception as exc:  # shown, never raised into the event loop
            self.title.setText(user_message(exc))
            return
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItems(names)
        self.person.setCurrentText(current)
        self.person.blockSignals(False)
        if current:
            self.show_file()

    def show_file(self) -> None:
        """List the chosen person's file."""
        name = self.person.currentText().strip()
        try:
            self.items = integrity_file(self.session, name)
        except Exception as exc:
            self.items = []
            self.table.setRowCount(0)
            self.title.setText(user_message(exc))
            return
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = [item.date, item.kind, item.ledger_name, item.summary, item.status,
                     item.entry.marking or item.classification.value, item.article]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if col == 0:
                    cell.setData(_ROLE_IDS, (item.ledger, item.entry_id))
                self.table.setItem(row, col, cell)
        self.title.setText(f"{name}的廉洁档案：共 {len(self.items)} 份记录"
                           if self.items else f"台账中没有归入“{name}”廉洁档案的记录。")

    def _open(self, row: int) -> None:
        cell = self.table.item(row, 0)
        if cell is not None:
            ledger_id, entry_id = cell.data(_ROLE_IDS)
            self.open_entry.emit(ledger_id, entry_id)

    def print_file(self, *, show: bool = True) -> Operation[PrintJob] | None:
        """Render the person's file off the GUI thread, then preview it."""
        name = self.person.currentText().strip()
        if self.printing is not None and not self.printing.done:
            self.message.emit("正在生成上一个打印件，请稍候。")
            return None

        def done(job: PrintJob) -> None:
            dialog: PrintPreviewDialog = show_preview(self, self.session, job)
            self.previewed.emit(dialog)
            if show:
                dialog.open()

        def failed(exc: BaseException) -> None:
            self.message.emit("已取消生成打印件。" if isinstance(exc, Cancelled)
                              else "未能生成打印件：" + user_message(exc))

        self.printing = run_operation(
            self, "生成打印件", lambda progress: build_file(self.session, name,
                                                       progress=progress),
            on_done=done, on_error=failed, cancellable=True, text="正在生成廉洁档案…")
        return self.printing
