"""日历: every duty's instances in a month view and a list, with their article and
state (DOMAIN §5).

The month view marks working days, holidays (休) and 调休 working weekends (班)
as the group's calendar counts them, and shows on each day the instances due
then, coloured 蓝/黄 (due soon), 红 (overdue), green (done) or grey (not yet
due). The list shows the year's instances and those overdue from earlier
years. Each instance links to the entry that did it, or, while not done, to
the form that does it: a new entry of the ledger that counts (组务会, 大事记
审定), or the event's own entry to record it as done (议定事项 办结).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.compliance import Instance, State, WorkCalendar, instances, mine
from paizhu_desktop.core.compliance import work_calendar as group_calendar
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.duties import After, Every, Schedule
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.progress import Cancelled
from paizhu_desktop.core.session import MODE_COUNTY, UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.operations import Operation, run_operation

#: Colours of the warnings (蓝/黄/红) and of the other states.
COLOURS = {"红": "#c62828", "黄": "#c98a00", "蓝": "#1e63c8", State.DONE: "#2e7d32",
           State.LATE: "#8d5a2b", State.OPEN: "#78909c"}
#: Their light backgrounds (a cell, a bar in the month view).
BACKGROUNDS = {"红": "#f8d7da", "黄": "#fff0c2", "蓝": "#dbe8fb", State.DONE: "#e2f1e3",
               State.LATE: "#f0e4d7", State.OPEN: "#eceff1"}
#: Light backgrounds of the month view's 休 and 班 days.
HOLIDAY_BACK, WORKDAY_BACK = "#fdecea", "#e6effc"
#: Instances drawn in one day's cell; more are counted (+N).
CELL_LINES = 3

_ROLE_INDEX = Qt.ItemDataRole.UserRole + 1

#: The state filter: label and the states it keeps (None: every state).
FILTERS: tuple[tuple[str, frozenset[State] | None], ...] = (
    ("全部", None),
    ("需关注（红、黄、蓝）", frozenset({State.OVERDUE, State.SOON})),
    ("已逾期（红）", frozenset({State.OVERDUE})),
    ("即将到期（黄、蓝）", frozenset({State.SOON})),
    ("未到期", frozenset({State.OPEN})),
    ("已完成", frozenset({State.DONE, State.LATE})),
)


def calendar_applies(session: UserSession) -> bool:
    """Whether this database keeps a group's calendar: a group's database, read by an
    account that reads ledgers. A county database holds several groups' entries, whose
    duties are not one group's (their reports come with each hand-off)."""
    return session.mode != MODE_COUNTY and session.can(Permission.READ_LEDGERS)


def colour_of(item: Instance) -> QColor:
    return QColor(COLOURS.get(item.warning) or COLOURS.get(item.state, "#78909c"))


def background_of(item: Instance) -> QColor:
    return QColor(BACKGROUNDS.get(item.warning) or BACKGROUNDS.get(item.state, "#eceff1"))


def state_text(item: Instance) -> str:
    """已逾期（红）, 即将到期（黄）, 按时完成 …"""
    return item.state.label + (f"（{item.warning}）" if item.warning else "")


def days_left_text(item: Instance) -> str:
    if item.state.finished:
        return ""
    if item.days_left < 0:
        return f"逾期{-item.days_left}天"
    return "今天到期" if item.days_left == 0 else f"{item.days_left}天"


def completion_text(item: Instance) -> str:
    """完成情况: when and how it was done, or what is still missing."""
    if item.state.finished:
        when = f"{item.done_on.isoformat()} " if item.done_on else ""
        return when + item.state.label + (f"（{item.count} 次）" if item.count > 1 else "")
    if item.count:
        return f"已有 {item.count} 次，尚不足"
    return "尚未完成"


@dataclass(frozen=True)
class Target:
    """Where an instance leads: an entry to open, or a new entry's form.

    Attributes:
        text: the button's text (查看记录, 去登记组务会, 登记办结).
        ledger: the ledger.
        entry_id: the entry to open ('' for a new one).
        prefill: the new entry's values (the period a 大事记审定 is for).
    """

    text: str
    ledger: str
    entry_id: str = ""
    prefill: dict[str, Any] = field(default_factory=dict)


def target_of(item: Instance, catalog: Catalog) -> Target | None:
    """The entry that satisfied ``item``, or the form that will (None: nothing to open)."""
    if item.state.finished:
        done = item.entries[0] if item.entries else item.event
        return Target("查看记录", done[0], done[1]) if done else None
    s = item.duty.schedule
    if isinstance(s, After):
        if s.followed_by and item.event is not None:
            desc = catalog.ledger(s.followed_by)
            return Target(f"登记{desc.name}", s.followed_by,
                          prefill={s.link_field: item.event[1]})
        if item.event is not None:
            return Target("去办理", item.event[0], item.event[1])
        return None
    counts = item.duty.counts
    if counts is None:
        return None
    desc = catalog.ledger(counts.ledger)
    prefill: dict[str, Any] = dict(counts.where)
    prefill.update(_period_values(desc, counts.date_field or desc.date_field, item, s))
    return Target(f"登记{desc.name}", counts.ledger, prefill=prefill)


def _period_values(desc: LedgerDescription, date_field: str, item: Instance,
                   s: Schedule) -> dict[str, Any]:
    """The period the new entry is for, where the ledger names a period rather than the
    day of the entry (a 组务会 is dated the day it is held: nothing to fill): a 年度 and
    月份/半年 from which the ledger computes its hidden period start (大事记汇总审定,
    第五十条)."""
    if not desc.field(date_field).hidden:
        return {}
    names = {f.name for f in desc.visible_fields}
    out: dict[str, Any] = {}
    if "year" in names:
        out["year"] = item.start.year
    if "period" in names and isinstance(s, Every) and s.period in ("month", "half"):
        out["period"] = item.start.month if s.period == "month" else \
            (1 if item.start.month <= 6 else 2)
    return out


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DutyCalendar(QCalendarWidget):
    """A month of days: 休/班 marked, and each day's instances in their colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        # The years a plan or report may be printed for.
        self.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        self.days = WorkCalendar()
        self.by_day: dict[dt.date, list[Instance]] = {}

    def show_items(self, calendar: WorkCalendar, by_day: dict[dt.date, list[Instance]]) -> None:
        self.days = calendar
        self.by_day = by_day
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate | dt.date) -> None:  # noqa: N802
        day = date if isinstance(date, dt.date) else _pydate(date)
        shown = day.month == self.monthShown() and day.year == self.yearShown()
        painter.save()
        name = self.days.holiday_name(day)
        workday = self.days.is_workday(day)
        back = QColor("white")
        if not workday and name:
            back = QColor(HOLIDAY_BACK)
        elif workday and day.weekday() >= 5:
            back = QColor(WORKDAY_BACK)
        if day == _pydate(self.selectedDate()):
            back = self.palette().color(QPalette.ColorRole.Highlight).lighter(170)
        painter.fillRect(rect, back)
        base = painter.font()
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.8))
        bold = QFont(base)
        bold.setBold(day == dt.date.today())
        painter.setFont(bold)
        painter.setPen(QColor("#222" if shown and workday else "#b71c1c" if shown else "#aaa"))
        head = rect.adjusted(3, 1, -3, 0)
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         str(day.day))
        painter.setFont(small)
        mark = "休" if (not workday and name) else "班" if (workday and day.weekday() >= 5) \
            else ""
        if mark and shown:
            painter.setPen(QColor("#b71c1c" if mark == "休" else "#1e63c8"))
            label = mark + (f" {name}" if name and rect.width() > 90 else "")
            painter.drawText(head, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                             label)
        items = self.by_day.get(day, []) if shown else []
        line_h = painter.fontMetrics().height()
        y = rect.top() + line_h + 3
        # As many bars as the cell holds (at most CELL_LINES); the rest are counted.
        room = max(0, min(CELL_LINES, (rect.bottom() + 1 - y) // (line_h + 1)))
        bars = items if len(items) <= room else items[:max(0, room - 1)]
        for item in bars:
            colour = colour_of(item)
            bar = QRect(rect.left() + 2, y, rect.width() - 4, line_h)
            painter.fillRect(bar, background_of(item))
            painter.fillRect(QRect(bar.left(), bar.top(), 3, bar.height()), colour)
            painter.setPen(colour.darker(150))
            text = painter.fontMetrics().elidedText(item.duty.name, Qt.TextElideMode.ElideRight,
                                                    bar.width() - 6)
            painter.drawText(bar.adjusted(5, 0, -1, 0), Qt.AlignmentFlag.AlignVCenter, text)
            y += line_h + 1
        if len(bars) < len(items) and room:
            painter.setPen(QColor("#444"))
            painter.drawText(QRect(rect.left() + 3, y, rect.width() - 6, line_h),
                             Qt.AlignmentFlag.AlignLeft, f"+{len(items) - len(bars)} 项")
        painter.restore()


class DutyTable(QTableWidget):
    """The list: the column 期间/事项 takes the room the others leave (at least
    :data:`MIN_LABEL_WIDTH`; below that the table scrolls sideways)."""

    LABEL_COLUMN = 2
    MIN_LABEL_WIDTH = 190

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_label_column()

    def fit_label_column(self) -> None:
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(self.columnCount())
                     if c != self.LABEL_COLUMN)
        room = self.viewport().width() - others
        header.resizeSection(self.LABEL_COLUMN, max(self.MIN_LABEL_WIDTH, room))


class CalendarPage(QWidget):
    """The compliance calendar of the group (month view and list).

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
        new_entry(str, object): open the ledger's new-entry form with these values.
        message(str): a line for the status bar.
    """

    open_entry = Signal(str, str)
    new_entry = Signal(str, object)
    message = Signal(str)

    def __init__(self, session: UserSession, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or dt.date.today()
        self.year = self.today.year
        self.items: list[Instance] = []
        self.rows: list[Instance] = []
        self.work_calendar = WorkCalendar()
        self.printing: Operation[Any] | None = None
        self.setObjectName("calendarPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.title = QLabel("", self)
        self.title.setObjectName("calendarTitle")
        head.addWidget(self.title, 1)
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("stateFilter")
        for label, states in FILTERS:
            self.state_filter.addItem(label, states)
        self.state_filter.setToolTip("按状态筛选")
        self.state_filter.currentIndexChanged.connect(lambda _i: self.show_items())
        state_label = QLabel("状态(&Z)：", self)
        state_label.setObjectName("stateFilterLabel")
        state_label.setBuddy(self.state_filter)
        head.addWidget(state_label)
        head.addWidget(self.state_filter)
        self.mine_only = QCheckBox("只看本人的", self)
        self.mine_only.setObjectName("mineOnly")
        self.mine_only.setToolTip("本人承办的事项和本人角色负责的职责")
        self.mine_only.toggled.connect(lambda _on: self.show_items())
        head.addWidget(self.mine_only)
        v.addLayout(head)

        tools = QHBoxLayout()
        self.holiday_button = QPushButton("节假日调休表…", self)
        self.holiday_button.setObjectName("holidayButton")
        self.holiday_button.setToolTip("国务院办公厅通知的放假和调休安排（组长、安全保密管理员录入）")
        self.holiday_button.clicked.connect(lambda: self.edit_holidays())
        self.plan_button = QPushButton("打印工作计划表…", self)
        self.plan_button.setObjectName("printPlanButton")
        self.plan_button.clicked.connect(lambda: self.print_plan())
        self.reminder_button = QPushButton("打印提醒单…", self)
        self.reminder_button.setObjectName("printReminderButton")
        self.reminder_button.clicked.connect(lambda: self.print_reminders())
        self.report_button = QPushButton("打印履行情况报告…", self)
        self.report_button.setObjectName("printReportButton")
        self.report_button.setToolTip("本年每项职责应办、按时完成、逾期完成、逾期未办的次数，"
                                      "按职责、台账和条文统计")
        self.report_button.clicked.connect(lambda: self.print_report())
        can_print = session.can(Permission.PRINT)
        for b in (self.plan_button, self.reminder_button, self.report_button):
            b.setEnabled(can_print)
        refresh = QPushButton("刷新(&R)", self)
        refresh.setObjectName("calendarRefresh")
        refresh.clicked.connect(lambda: self.refresh())
        for b in (self.holiday_button, self.plan_button, self.reminder_button,
                  self.report_button):
            tools.addWidget(b)
        tools.addStretch(1)
        tools.addWidget(refresh)
        v.addLayout(tools)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("calendarTabs")
        v.addWidget(self.tabs, 1)
        month = QWidget(self.tabs)
        month.setObjectName("monthPage")
        mh = QHBoxLayout(month)
        mh.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal, month)
        split.setObjectName("monthSplit")
        self.calendar = DutyCalendar(split)
        self.calendar.currentPageChanged.connect(self._page_changed)
        self.calendar.selectionChanged.connect(self._show_day)
        self.calendar.activated.connect(lambda _d: self.activate_day_item())
        side = QWidget(split)
        side.setObjectName("dayPanel")
        sv = QVBoxLayout(side)
        sv.setContentsMargins(4, 0, 0, 0)
        self.day_title = QLabel("", side)
        self.day_title.setObjectName("dayTitle")
        self.day_title.setWordWrap(True)
        sv.addWidget(self.day_title)
        self.day_list = QListWidget(side)
        self.day_list.setObjectName("dayList")
        self.day_list.setWordWrap(True)
        self.day_list.itemActivated.connect(lambda _i: self.activate_day_item())
        self.day_list.currentRowChanged.connect(lambda _r: self._update_day_action())
        sv.addWidget(self.day_list, 1)
        self.day_action = QPushButton("查看记录", side)
        self.day_action.setObjectName("dayAction")
        self.day_action.clicked.connect(lambda: self.activate_day_item())
        sv.addWidget(self.day_action)
        split.addWidget(self.calendar)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([620, 240])
        mh.addWidget(split)
        self.tabs.addTab(month, "月历")

        self.table = DutyTable(0, 8, self.tabs)
        self.table.setObjectName("dutyTable")
        self.table.setHorizontalHeaderLabels(["职责", "依据条文", "期间/事项", "到期日", "状态",
                                              "剩余天数", "完成情况", "操作"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((0, 125), (1, 128), (2, 190), (3, 82), (4, 88), (5, 72), (6, 132),
                           (7, 150)):
            header.resizeSection(col, width)
        self.table.activated.connect(lambda idx: self.activate_row(idx.row()))
        self.tabs.addTab(self.table, "列表")
        self.tabs.currentChanged.connect(
            lambda index: self.scroll_to_waiting() if index == 1 else None)

        swatch = "<span style='color:{}'>■</span> {}"
        back = "<span style='background-color:{}'>&nbsp;{}&nbsp;</span> {}"
        self.legend = QLabel("　".join([
            swatch.format(COLOURS["红"], "已逾期（红）"),
            swatch.format(COLOURS["黄"], "两天内到期（黄）"),
            swatch.format(COLOURS["蓝"], "即将到期（蓝）"),
            swatch.format(COLOURS[State.DONE], "已完成"),
            swatch.format(COLOURS[State.OPEN], "未到期"),
            back.format(HOLIDAY_BACK, "休", "节假日"),
            back.format(WORKDAY_BACK, "班", "调休上班")]), self)
        self.legend.setObjectName("calendarLegend")
        self.legend.setWordWrap(True)
        v.addWidget(self.legend)
        self.calendar.setSelectedDate(_qdate(self.today))
        self.refresh()

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the shown year's instances again (and those overdue from before)."""
        try:
            self.work_calendar = group_calendar(self.session)
            self.items = instances(self.session, on=self.today, start=dt.date(self.year, 1, 1),
                                   end=dt.date(self.year, 12, 31), carry=True)
        except PaizhuError as exc:
            self.items = []
            self.title.setText(user_message(exc))
            self.show_items()
            return
        red = sum(1 for i in self.items if i.state is State.OVERDUE)
        soon = sum(1 for i in self.items if i.state is State.SOON)
        self.title.setText(f"<b>{self.year}年合规日历</b>：共 {len(self.items)} 项，"
                           f"<span style='color:{COLOURS['红']}'>已逾期 {red} 项</span>，"
                           f"即将到期 {soon} 项（截至 {self.today.isoformat()}）")
        self.show_items()

    def shown(self) -> list[Instance]:
        """The instances the filters keep, by due date."""
        states = self.state_filter.currentData()
        items = mine(self.session, self.items) if self.mine_only.isChecked() else self.items
        return [i for i in items if states is None or i.state in states]

    def show_items(self) -> None:
        items = self.shown()
        by_day: dict[dt.date, list[Instance]] = {}
        for item in items:
            by_day.setdefault(item.due, []).append(item)
        self.calendar.show_items(self.work_calendar, by_day)
        self._fill_table(items)
        self._show_day()

    def _fill_table(self, items: Sequence[Instance]) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(items))
        self.rows = list(items)
        for row, item in enumerate(items):
            cells = [item.duty.name, item.duty.article, item.label, item.due.isoformat(),
                     state_text(item), days_left_text(item), completion_text(item)]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if col != 0 else f"{text}（{item.duty.frequency}）"
                                + (f"\n{item.duty.note}" if item.duty.note else ""))
                if col == 4:
                    colour = colour_of(item)
                    cell.setForeground(QBrush(colour.darker(130)))
                    cell.setBackground(QBrush(background_of(item)))
                if col == 0:
                    cell.setData(_ROLE_INDEX, row)
                self.table.setItem(row, col, cell)
            target = target_of(item, self.session.catalog)
            if target is not None:
                button = QPushButton(target.text, self.table)
                button.setObjectName(f"dutyAction{row}")
                button.setFlat(True)
                button.setStyleSheet("text-align: left; color: #1e63c8;")
                button.clicked.connect(lambda _c=False, r=row: self.activate_row(r))
                self.table.setCellWidget(row, 7, button)
        self.scroll_to_waiting()

    def scroll_to_waiting(self) -> None:
        """The year's list opens where work is waiting: the first instance not done."""
        waiting = next((r for r, i in enumerate(self.rows) if not i.state.finished), None)
        item = self.table.item(waiting, 0) if waiting is not None else None
        if item is not None:
            self.table.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)

    def _page_changed(self, year: int, _month: int) -> None:
        if year != self.year:
            self.year = year
            self.refresh()
        else:
            self.show_items()

    def day_items(self) -> list[Instance]:
        return self.calendar.by_day.get(_pydate(self.calendar.selectedDate()), [])

    def _show_day(self) -> None:
        day = _pydate(self.calendar.selectedDate())
        cal = self.calendar.days
        kind = "工作日" if cal.is_workday(day) else "休息日"
        if cal.holiday_name(day):
            kind = f"{cal.holiday_name(day)}（休）"
        elif cal.is_workday(day) and day.weekday() >= 5:
            kind = "调休上班（班）"
        items = self.day_items()
        self.day_title.setText(f"<b>{day.month}月{day.day}日</b>　{kind}<br>"
                               + (f"当日到期 {len(items)} 项" if items else "当日没有到期的职责"))
        self.day_list.clear()
        for item in items:
            text = (f"{item.duty.name}　{state_text(item)}\n{item.label}\n"
                    f"依据：{item.duty.article}")
            entry = QListWidgetItem(text)
            entry.setForeground(QBrush(colour_of(item).darker(130)))
            entry.setToolTip(completion_text(item))
            self.day_list.addItem(entry)
        if items:
            self.day_list.setCurrentRow(0)
        self._update_day_action()

    def _update_day_action(self) -> None:
        items = self.day_items()
        row = self.day_list.currentRow()
        target = target_of(items[row], self.session.catalog) if 0 <= row < len(items) else None
        self.day_action.setText(target.text if target else "查看记录")
        self.day_action.setEnabled(target is not None)

    # -- links -----------------------------------------------------------------------
    def activate(self, item: Instance) -> Target | None:
        """Open the entry that did ``item``, or the form that will."""
        target = target_of(item, self.session.catalog)
        if target is None:
            self.message.emit("这一项没有可打开的记录。")
        elif target.entry_id:
            self.open_entry.emit(target.ledger, target.entry_id)
        else:
            self.new_entry.emit(target.ledger, dict(target.prefill))
        return target

    def activate_row(self, row: int) -> Target | None:
        if 0 <= row < len(self.rows):
            return self.activate(self.rows[row])
        return None

    def activate_day_item(self) -> Target | None:
        items = self.day_items()
        row = self.day_list.currentRow()
        return self.activate(items[row]) if 0 <= row < len(items) else None

    # -- holiday table and paper -----------------------------------------------------
    def edit_holidays(self) -> bool:
        from paizhu_desktop.gui.holiday_table import HolidayTableDialog

        if HolidayTableDialog(self.session, self).exec():
            self.refresh()
            self.message.emit("节假日调休表已保存，到期日已按新的安排重新计算。")
            return True
        return False

    def _print(self, what: str, build: Any) -> Operation[Any]:
        from paizhu_desktop.gui.printing import show_preview

        def done(job: Any) -> None:
            self.preview = show_preview(self, self.session, job)
            self.preview.open()

        def failed(exc: BaseException) -> None:
            self.message.emit("已取消生成打印件。" if isinstance(exc, Cancelled)
                              else "未能生成打印件：" + user_message(exc))

        self.printing = run_operation(self, "生成打印件", build, on_done=done, on_error=failed,
                                      cancellable=True, text=f"正在生成{what}…")
        return self.printing

    def print_plan(self) -> Operation[Any]:
        """The shown year's 工作计划表 in the print preview."""
        from paizhu_desktop.core.printing.duty_papers import print_work_plan

        session, year, on = self.session, self.calendar.yearShown(), self.today
        return self._print("工作计划表", lambda progress: print_work_plan(
            session, year, on=on, progress=progress))

    def print_reminders(self) -> Operation[Any]:
        """The shown month's 提醒单 (per person) in the print preview."""
        from paizhu_desktop.core.printing.duty_papers import print_reminders

        session, on = self.session, self.today
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        return self._print("提醒单", lambda progress: print_reminders(
            session, year, month, on=on, progress=progress))

    def print_report(self) -> Operation[Any]:
        """The shown year's 职责履行情况报告 (per duty, ledger and article)."""
        from paizhu_desktop.core.printing.compliance_paper import print_compliance_report

        session, year, on = self.session, self.calendar.yearShown(), self.today
        return self._print("职责履行情况报告", lambda progress: print_compliance_report(
            session, year, on=on, progress=progress))


__all__ = ["CalendarPage", "DutyCalendar", "Target", "calendar_applies", "target_of"]
