"""待办事项: the approval inbox of the group leader and each person's own tasks.

First the person's duties due soon (蓝/黄) or overdue (红), last year's included,
each with its article (the compliance calendar, DOMAIN §5); double-click or
Enter opens the entry to do it. Then it lists every entry waiting for a step
the logged-in user may take (批准用印, 审定大事记, 核对用印, 登记办结 …), the
completeness findings of the year (超期的议定事项, 用印编号空缺), and what the user
should know of his own pending requests (the 组长's own seal request is decided by
his B角, 献县办法 第六十五条). Double-click or Enter opens the entry.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
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

from paizhu_desktop.core.compliance import Instance, attention
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.jobs import missing_carriers
from paizhu_desktop.core.session import MODE_COUNTY, UserSession

from paizhu_desktop.gui.calendar_page import (
    background_of,
    calendar_applies,
    colour_of,
    days_left_text,
    state_text,
    target_of,
)
from paizhu_desktop.gui.errors import user_message

_ROLE_IDS = Qt.ItemDataRole.UserRole + 1


class TasksPage(QWidget):
    """The user's inbox.

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
    """

    open_entry = Signal(str, str)
    new_entry = Signal(str, object)

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
        self.duties_title = QLabel("", self)
        self.duties_title.setObjectName("dutyAttentionTitle")
        v.addWidget(self.duties_title)
        self.duties = QTableWidget(0, 6, self)
        self.duties.setObjectName("dutyAttentionTable")
        self.duties.setHorizontalHeaderLabels(["提醒", "职责", "依据条文", "期间/事项", "到期日",
                                               "剩余天数"])
        self.duties.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.duties.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.duties.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duties.verticalHeader().setVisible(False)
        dh = self.duties.horizontalHeader()
        dh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        dh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 90), (1, 150), (2, 140), (4, 90), (5, 80)):
            dh.resizeSection(col, width)
        self.duties.activated.connect(lambda idx: self._open_duty(idx.row()))
        self.duty_items: list[Instance] = []
        v.addWidget(self.duties, 3)
        approvals = QLabel("<b>审批待办与本人承办</b>", self)
        approvals.setObjectName("approvalsTitle")
        v.addWidget(approvals)
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
        v.addWidget(self.table, 2)
        self.findings_title = QLabel("<b>需要关注</b>（用印编号空缺、未登记的涉密载体等）", self)
        v.addWidget(self.findings_title)
        self.findings = QLabel("", self)
        self.findings.setObjectName("tasksFindings")
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.findings, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the duties, tasks and findings again."""
        self._refresh_duties()
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
            # Where the calendar applies, an overdue 议定事项 is already in 到期提醒.
            report = ("findings_beside_calendar" if calendar_applies(self.session)
                      else "year_findings")
            found += self.session.ledgers.report(report, dt.date.today().year)
            if self.session.can(Permission.READ_PRINT_LOG):
                # The 保密员 reads the print log: prints without their 涉密载体 (第五十八条).
                found += missing_carriers(self.session, dt.date.today().year)
        except Exception as exc:
            found.append(user_message(exc))
        self.findings.setText("\n".join(f"⚠ {f}" for f in found) if found else "无。")

    def _refresh_duties(self) -> None:
        if not calendar_applies(self.session):
            self.duty_items = []
            self.duties.setRowCount(0)
            self.duties.hide()
            self.duties_title.setText("<b>到期提醒</b>：汇总库不计算到期提醒，各组的职责履行情况"
                                      "随交接文件报送。" if self.session.mode == MODE_COUNTY
                                      else "")
            return
        try:
            items = attention(self.session)
        except Exception as exc:  # shown, never raised into the event loop
            self.duties_title.setText(user_message(exc))
            self.duty_items = []
            self.duties.setRowCount(0)
            return
        self.duty_items = items
        self.duties.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [state_text(item), item.duty.name, item.duty.article, item.label,
                     item.due.isoformat(), days_left_text(item)]
            colour = colour_of(item)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if col == 0:
                    cell.setForeground(QBrush(colour.darker(130)))
                    cell.setBackground(QBrush(background_of(item)))
                self.duties.setItem(row, col, cell)
        red = sum(1 for i in items if i.warning == "红")
        self.duties_title.setText(
            f"<b>到期提醒</b>：{len(items)} 项" + (f"，其中已逾期（红）{red} 项" if red else "")
            + "（本人承办或本人角色负责的职责；双击打开办理）" if items
            else "<b>到期提醒</b>：近期没有即将到期或已逾期的职责。")

    def _open_duty(self, row: int) -> None:
        if not 0 <= row < len(self.duty_items):
            return
        target = target_of(self.duty_items[row], self.session.catalog)
        if target is None:
            return
        if target.entry_id:
            self.open_entry.emit(target.ledger, target.entry_id)
        else:
            self.new_entry.emit(target.ledger, dict(target.prefill))

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            ledger_id, entry_id = item.data(_ROLE_IDS)
            self.open_entry.emit(ledger_id, entry_id)
