"""待办事项: the approval inbox of the group leader and each person's own tasks.

Lists every entry waiting for a step the logged-in user may take (批准用印,
审定大事记, 核对用印, 登记办结 …) and the completeness findings of the year
(超期的议定事项, 用印编号空缺), and what the user should know of his own pending
requests (the 组长's own seal request is decided by his B角, 献县办法 第六十五条).
Double-click or Enter opens the entry.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message

_ROLE_IDS = Qt.ItemDataRole.UserRole + 1


class TasksPage(QWidget):
    """The user's inbox.

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
    """

    open_entry = Signal(str, str)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("tasksPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.title = QLabel("", self)
        self.title.setObjectName("tasksTitle")
        head.addWidget(self.title, 1)
        refresh = QPushButton("刷新(&R)", self)
        refresh.setObjectName("tasksRefresh")
        refresh.clicked.connect(self.refresh)
        head.addWidget(refresh)
        v.addLayout(head)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("tasksTable")
        self.table.setHorizontalHeaderLabels(["台账", "条目", "当前状态", "待办理", "依据"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 110), (2, 110), (3, 160), (4, 170)):
            header.resizeSection(col, width)
        self.table.activated.connect(lambda idx: self._open(idx.row()))
        v.addWidget(self.table, 3)
        self.findings_title = QLabel("<b>需要关注</b>（超期的议定事项、用印编号空缺等）", self)
        v.addWidget(self.findings_title)
        self.findings = QLabel("", self)
        self.findings.setObjectName("tasksFindings")
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.findings, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the tasks and findings again."""
        try:
            tasks = self.session.ledgers.tasks()
        except Exception as exc:  # shown, never raised into the event loop
            self.title.setText(user_message(exc))
            return
        self.table.setRowCount(len(tasks))
        for row, (entry, steps) in enumerate(tasks):
            desc = entry.ledger
            state = desc.status_label(entry.status)
            cells = [desc.name, entry.summary, state, "、".join(s.label for s in steps),
                     desc.article]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 0:
                    item.setData(_ROLE_IDS, (desc.id, entry.id))
                self.table.setItem(row, col, item)
        who = self.session.user.display_name
        self.title.setText(f"<b>{who}的待办事项</b>：{len(tasks)} 项"
                           + ("（审批待办与本人承办）" if tasks else "，暂无需要您办理的事项。"))
        found: list[str] = []
        try:
            # Own requests waiting for a B角 first: the leader must act on them.
            found = self.session.ledgers.notices()
            found += self.session.ledgers.report("year_findings", dt.date.today().year)
        except Exception as exc:
            found.append(user_message(exc))
        self.findings.setText("\n".join(f"⚠ {f}" for f in found) if found else "无。")

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            ledger_id, entry_id = item.data(_ROLE_IDS)
            self.open_entry.emit(ledger_id, entry_id)
