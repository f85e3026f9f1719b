"""The main window: chapters on the left, the chosen ledger's page in the
centre, lock on idle or Ctrl+L."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.backup import Backup
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.ledgers.description import Chapter, Document, LedgerDescription
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.settings import get_setting, set_setting

from paizhu_desktop.gui.accounts import AccountsPage
from paizhu_desktop.gui.audit_view import AuditLogPage
from paizhu_desktop.gui.calendar_page import CalendarPage, calendar_applies
from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.integrity_page import IntegrityFilePage
from paizhu_desktop.gui.ledger_page import LedgerPage
from paizhu_desktop.gui.lock import IdleWatcher, LockScreen
from paizhu_desktop.gui.operations import Operation, run_operation
from paizhu_desktop.gui.record_scores_page import RecordScoresPage
from paizhu_desktop.gui.statistics_page import StatisticsPage
from paizhu_desktop.gui.tasks import TasksPage

#: The scheduled backup is checked a minute after login, then hourly.
BACKUP_FIRST_CHECK_MS = 60_000
BACKUP_CHECK_MS = 3_600_000

ROLE_LEDGER = Qt.ItemDataRole.UserRole
ROLE_CHAPTER = Qt.ItemDataRole.UserRole + 1
ROLE_TASKS = Qt.ItemDataRole.UserRole + 2
ROLE_LOG = Qt.ItemDataRole.UserRole + 3
ROLE_ACCOUNTS = Qt.ItemDataRole.UserRole + 4
ROLE_STATS = Qt.ItemDataRole.UserRole + 5
ROLE_CALENDAR = Qt.ItemDataRole.UserRole + 6
ROLE_FILE = Qt.ItemDataRole.UserRole + 7
ROLE_SCORES = Qt.ItemDataRole.UserRole + 8
#: The page a chapter planning a 廉洁档案 holds beside its ledgers (濮阳·谈话 第九条 …).
INTEGRITY_FILE = "廉洁档案"

#: The window's size where the screen has room, and the least it may be made.
PREFERRED_WIDTH, PREFERRED_HEIGHT = 1366, 740
MIN_WINDOW_WIDTH, MIN_WINDOW_HEIGHT = 760, 520
#: Room left on the screen for the window frame and title bar.
FRAME_ALLOWANCE = (16, 40)

#: The document action's text where the shown page prints no document.
NO_DOCUMENT_TEXT = "打印文书…"


class ChapterPage(QWidget):
    """A chapter whose ledgers are not built yet: says so, and what will come."""

    def __init__(self, chapter: Chapter, built: list[LedgerDescription],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chapterPage")
        v = QVBoxLayout(self)
        heading = chapter.heading if chapter.label else f"{chapter.regulation} {chapter.heading}"
        title = QLabel(f"<h2>{heading}</h2>（{chapter.articles}）", self)
        v.addWidget(title)
        if built:
            text = "本章已有台账：" + "、".join(d.name for d in built) + "。请在左侧选择。"
        elif chapter.planned:
            text = "本章台账尚未建设：" + "、".join(chapter.planned) + "。"
        else:
            text = "本章为总则，规定适用范围和原则，不设台账。"
        label = QLabel(text, self)
        label.setObjectName("chapterStatus")
        label.setWordWrap(True)
        v.addWidget(label)
        v.addStretch(1)


class ReminderBar(QFrame):
    """The notice above the page after login: this person's overdue duties (红).

    Signals:
        open_requested(): 查看 was pressed (show them in the calendar).
    """

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyReminder")
        self.setStyleSheet("#dutyReminder { background: #fdecea;"
                           " border-bottom: 1px solid #e0a0a0; } QLabel { color: #8e1b1b; }")
        h = QHBoxLayout(self)
        h.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel("", self)
        self.text.setObjectName("dutyReminderText")
        self.text.setWordWrap(True)
        h.addWidget(self.text, 1)
        show = QPushButton("查看(&V)", self)
        show.setObjectName("dutyReminderOpen")
        show.clicked.connect(self.open_requested.emit)
        close = QPushButton("知道了", self)
        close.setObjectName("dutyReminderClose")
        close.clicked.connect(self.hide)
        h.addWidget(show)
        h.addWidget(close)
        self.hide()

    def show_overdue(self, red: list[Any]) -> None:
        """Show the notice for these overdue instances (hidden when there are none)."""
        if not red:
            self.hide()
            return
        names = "、".join(dict.fromkeys(f"{i.duty.name}（{i.duty.article}）" for i in red))
        self.text.setText(f"<b>提醒：您有 {len(red)} 项职责已逾期（红）</b>：{names}。"
                          "请尽快办理并登记。")
        self.text.setToolTip("\n".join(f"{i.duty.name}　{i.label}　到期 {i.due.isoformat()}"
                                       for i in red[:30]))
        self.show()


class BackupSignals(QObject):
    """Carries the backup worker's result back to the GUI thread.

    Signals:
        done(str): a status line.
    """

    done = Signal(str)


def run_scheduled_backup(session: UserSession, signals: BackupSignals) -> None:
    """Worker-thread body: an encrypted, checked backup when one is due."""
    from paizhu_desktop.core.audit import Action
    from paizhu_desktop.core.backup import backup_if_due

    try:
        backup = backup_if_due(session.db)
        if backup is not None:
            session.log(Action.BACKUP, detail={"file": backup.path.name, "reason": "定期"})
            signals.done.emit(f"已自动备份并校验：{backup.label}")
    except Exception as exc:  # reported on the status bar; the data is untouched
        signals.done.emit("自动备份未完成：" + user_message(exc))


class MainWindow(QMainWindow):
    """The application's window for one logged-in session.

    Signals:
        locked_changed(bool): the window was locked or unlocked.
    """

    locked_changed = Signal(bool)

    def __init__(self, session: UserSession, *, demo: bool = False,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.session = session
        self.demo = demo
        self.setObjectName("mainWindow")
        title = f"派驻纪检监察组日常管理 — {session.group_name}"
        self.setWindowTitle(title + ("【演示数据】" if demo else "") + "[*]")
        self.pages: dict[str, LedgerPage] = {}
        self.log_pages: dict[str, AuditLogPage] = {}
        self.integrity_page: IntegrityFilePage | None = None
        self.scores_page: RecordScoresPage | None = None
        self._copied_text = ""
        self.backing_up: Operation[Backup] | None = None

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("rootStack")
        self.setCentralWidget(self.stack)

        self.work = QSplitter(Qt.Orientation.Horizontal, self)
        self.work.setObjectName("workArea")
        self.nav = QTreeWidget(self.work)
        self.nav.setObjectName("navigation")
        self.nav.setHeaderLabel("制度 · 各章")
        self.nav.setMinimumWidth(200)
        # The content, with the login reminder of overdue duties above it (inside the work
        # area: the lock screen hides it with the rest).
        right = QWidget(self.work)
        right.setObjectName("contentArea")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        self.reminder = ReminderBar(right)
        right_layout.addWidget(self.reminder)
        self.content = QStackedWidget(right)
        self.content.setObjectName("contentStack")
        right_layout.addWidget(self.content, 1)
        self.work.addWidget(self.nav)
        self.work.addWidget(right)
        self.work.setStretchFactor(1, 1)
        self.work.setSizes([230, 1130])
        self.stack.addWidget(self.work)

        self.lock_screen = LockScreen(self)
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.stack.addWidget(self.lock_screen)

        self.stats_page: StatisticsPage | None = None
        self.tasks_page = TasksPage(session, self.content)
        self.tasks_page.open_entry.connect(self.open_entry)
        self.tasks_page.new_entry.connect(self.new_entry)
        self.content.addWidget(self.tasks_page)
        self.calendar_page: CalendarPage | None = None
        self._build_navigation()
        self._build_actions()
        status = QLabel(f"{session.user.display_name}（{session.user.roles_label}）", self)
        status.setObjectName("statusUser")
        self.statusBar().addPermanentWidget(status)
        if session.db.readonly:
            ro = QLabel("只读：正在查阅备份", self)
            ro.setObjectName("readonlyMark")
            ro.setStyleSheet("background: #f8d7da; color: #842029; padding: 0 6px;")
            self.statusBar().addPermanentWidget(ro)
        if demo:
            mark = QLabel("演示数据", self)
            mark.setObjectName("demoMark")
            mark.setStyleSheet("background: #fff3cd; color: #664d03; padding: 0 6px;")
            self.statusBar().addPermanentWidget(mark)

        if idle_minutes is None:
            idle_minutes = get_setting(session, "idle_lock_minutes")
        self.idle = IdleWatcher(idle_minutes * 60, parent=self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._fit_to_screen()
        first = self.nav.topLevelItem(0)
        if first is not None:
            self.nav.setCurrentItem(first)

        self.backup_signals = BackupSignals(self)
        self.backup_signals.done.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.backup_timer = QTimer(self)
        self.backup_timer.setObjectName("backupTimer")
        self.backup_timer.timeout.connect(self.backup_now)
        if not session.db.readonly:
            self.backup_timer.start(BACKUP_FIRST_CHECK_MS)
        self.reminder.open_requested.connect(self._show_overdue)
        self.remind_overdue()

    def backup_now(self) -> None:
        """Check (off the GUI thread) whether a scheduled backup is due, and make it."""
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        QThreadPool.globalInstance().start(
            lambda: run_scheduled_backup(self.session, self.backup_signals))

    # -- navigation ----------------------------------------------------------------
    def _build_navigation(self) -> None:
        # The administrators of 三员 read no ledger: they see their own pages only.
        reads_ledgers = self.session.can(Permission.READ_LEDGERS)
        if reads_ledgers:
            tasks = QTreeWidgetItem(["待办事项"])
            tasks.setData(0, ROLE_TASKS, True)
            tasks.setToolTip(0, "审批待办、本人承办的事项和需要关注的提醒")
            self.nav.addTopLevelItem(tasks)
        if calendar_applies(self.session):
            calendar = QTreeWidgetItem(["日历"])
            calendar.setData(0, ROLE_CALENDAR, True)
            calendar.setToolTip(0, "各项职责的期限和完成情况（月历、列表）、节假日调休表、"
                                   "工作计划表")
            self.nav.addTopLevelItem(calendar)
        if reads_ledgers:
            stats = QTreeWidgetItem(["统计"])
            stats.setData(0, ROLE_STATS, True)
            stats.setToolTip(0, "各统计项按期间、按派驻机构的数字，职责履行情况（常州经验）")
            self.nav.addTopLevelItem(stats)
        for kind, label, permission in (("print", "打印导出记录", Permission.READ_PRINT_LOG),
                                        ("audit", "审计日志", Permission.READ_AUDIT_LOG)):
            if self.session.can(permission):
                item = QTreeWidgetItem([label])
                item.setData(0, ROLE_LOG, kind)
                self.nav.addTopLevelItem(item)
        if self.session.can(Permission.MANAGE_ACCOUNTS) or \
                self.session.can(Permission.ASSIGN_ROLES):
            item = QTreeWidgetItem(["账号与角色"])
            item.setData(0, ROLE_ACCOUNTS, True)
            self.nav.addTopLevelItem(item)
        if not reads_ledgers:
            self.nav.currentItemChanged.connect(self._nav_changed)
            return
        catalog = self.session.catalog
        # Chapters are told apart by their place: numbers repeat across regulations.
        for index, chapter in enumerate(catalog.chapters):
            built = catalog.in_chapter(chapter)
            label = chapter.heading if (built or not chapter.planned) else \
                f"{chapter.heading}（尚未建设）"
            item = QTreeWidgetItem([label])
            item.setData(0, ROLE_CHAPTER, index)
            item.setToolTip(0, f"{chapter.articles}：" + "、".join(chapter.planned))
            if not built and chapter.planned:
                item.setForeground(0, self.palette().placeholderText())
            for desc in built:
                child = QTreeWidgetItem([desc.name])
                child.setData(0, ROLE_LEDGER, desc.id)
                child.setToolTip(0, desc.article)
                item.addChild(child)
            if built and INTEGRITY_FILE in chapter.planned:
                child = QTreeWidgetItem([INTEGRITY_FILE])
                child.setData(0, ROLE_FILE, True)
                child.setToolTip(0, "按人员汇集谈话、报告、承诺和评议考核记录（只读）")
                item.addChild(child)
            if built and chapter.regulation == "濮阳·全程记实":
                child = QTreeWidgetItem(["记实评分"])
                child.setData(0, ROLE_SCORES, True)
                child.setToolTip(0, "每月审核评分，季度得分和排名（濮阳·全程记实 第十五条）")
                item.addChild(child)
            self.nav.addTopLevelItem(item)
            item.setExpanded(bool(built))
        self.nav.currentItemChanged.connect(self._nav_changed)

    def _nav_changed(self, item: QTreeWidgetItem | None, prev: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        if not self._may_switch_to(item.data(0, ROLE_LEDGER)):
            self._put_back_nav(prev)
            return
        if item.data(0, ROLE_TASKS):
            self.show_tasks()
            return
        if item.data(0, ROLE_CALENDAR):
            self.show_calendar()
            return
        if item.data(0, ROLE_STATS):
            self.show_statistics()
            return
        if item.data(0, ROLE_ACCOUNTS):
            accounts = AccountsPage(self.session, self.content)
            self.content.addWidget(accounts)
            self.content.setCurrentWidget(accounts)
            return
        log_kind = item.data(0, ROLE_LOG)
        if log_kind:
            self.show_log(log_kind == "print")
            return
        if item.data(0, ROLE_FILE):
            self.show_integrity_file()
            return
        if item.data(0, ROLE_SCORES):
            self.show_record_scores()
            return
        ledger_id = item.data(0, ROLE_LEDGER)
        if ledger_id:
            self.open_ledger(ledger_id)
            return
        chapter = self.session.catalog.chapters[int(item.data(0, ROLE_CHAPTER))]
        page = ChapterPage(chapter, self.session.catalog.in_chapter(chapter), self.content)
        self.content.addWidget(page)
        self.content.setCurrentWidget(page)

    # -- window size and unsaved edits -------------------------------------------
    def _fit_to_screen(self) -> None:
        """No fixed size: as large as wanted (1366×768) but never beyond the screen's
        available area, and small enough to fit 1024×768 with room for a task bar."""
        self.setMinimumSize(MIN_WINDOW_WIDTH, MIN_WINDOW_HEIGHT)
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = PREFERRED_WIDTH, PREFERRED_HEIGHT
        if screen is not None:
            area = screen.availableGeometry()
            # The frame (title bar, borders) is not part of resize()'s size.
            width = min(width, area.width() - FRAME_ALLOWANCE[0])
            height = min(height, area.height() - FRAME_ALLOWANCE[1])
            self.move(area.topLeft())
        self.resize(max(width, MIN_WINDOW_WIDTH), max(height, MIN_WINDOW_HEIGHT))
        nav = min(230, max(self.nav.minimumWidth(), self.width() // 5))
        self.work.setSizes([nav, self.width() - nav])

    def _may_switch_to(self, ledger_id: str | None) -> bool:
        """Leaving a ledger page with unsaved edits asks 保存/放弃/取消 first."""
        page = self.current_page()
        if page is None or (ledger_id is not None and self.pages.get(ledger_id) is page):
            return True
        return page.maybe_leave()

    def _put_back_nav(self, prev: QTreeWidgetItem | None) -> None:
        if prev is None:
            return
        self.nav.blockSignals(True)
        self.nav.setCurrentItem(prev)
        self.nav.blockSignals(False)

    def _show_unsaved(self, _dirty: bool) -> None:
        """The window title (and a ● on the ledger in the navigation) marks unsaved edits."""
        dirty = {lid for lid, p in self.pages.items() if p.dirty}
        self.setWindowModified(bool(dirty))
        for i in range(self.nav.topLevelItemCount()):
            top = self.nav.topLevelItem(i)
            for j in range(top.childCount() if top is not None else 0):
                child = top.child(j) if top is not None else None
                lid = child.data(0, ROLE_LEDGER) if child is not None else None
                if child is None or lid not in self.pages:
                    continue
                name = self.pages[lid].desc.name
                child.setText(0, f"● {name}（未保存）" if lid in dirty else name)

    def may_close(self) -> bool:
        """Every page with unsaved edits is shown and asked about; False if cancelled."""
        for page in self.pages.values():
            if page.dirty:
                if self.is_locked:  # the edits stay; nothing is asked or shown until unlocked
                    self.lock_screen.error.setText("有尚未保存的修改，请先解锁，再保存或放弃。")
                    return False
                self.content.setCurrentWidget(page)
                self._select_nav(page.desc.id)
                if not page.maybe_leave():
                    return False
        return True

    def show_tasks(self) -> None:
        """The inbox, read afresh (and the overdue notice, while it is shown)."""
        self.tasks_page.refresh()
        if self.reminder.isVisible():
            self.remind_overdue()
        self.content.setCurrentWidget(self.tasks_page)
        self._select_nav_role(ROLE_TASKS)

    def show_calendar(self) -> CalendarPage:
        """The compliance calendar (made on first use, read afresh after)."""
        page = self.calendar_page
        if page is None:
            page = self.calendar_page = CalendarPage(self.session, self.content)
            page.open_entry.connect(self.open_entry)
            page.new_entry.connect(self.new_entry)
            page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.content.addWidget(page)
        else:
            page.refresh()
        self.content.setCurrentWidget(page)
        self._select_nav_role(ROLE_CALENDAR)
        return page

    def _select_nav_role(self, role: int) -> None:
        for i in range(self.nav.topLevelItemCount()):
            item = self.nav.topLevelItem(i)
            if item is not None and item.data(0, role) and self.nav.currentItem() is not item:
                self.nav.blockSignals(True)
                self.nav.setCurrentItem(item)
                self.nav.blockSignals(False)
                return

    def remind_overdue(self) -> list[Any]:
        """After login: a notice above the page when any of this person's duties is
        overdue (红); it blocks nothing and closes with 知道了. The duties are those 待办
        has just read (computed once per login or refresh)."""
        red = [i for i in self.tasks_page.duty_items if i.warning == "红"]
        self.reminder.show_overdue(red)
        return red

    def _show_overdue(self) -> None:
        page = self.show_calendar()
        page.tabs.setCurrentIndex(1)
        page.state_filter.setCurrentIndex(2)  # 已逾期（红）
        page.mine_only.setChecked(True)

    def new_entry(self, ledger_id: str, values: dict[str, Any]) -> None:
        """A new entry of ``ledger_id`` (from the calendar or 待办: a duty to do)."""
        page = self.open_ledger(ledger_id)
        if page is not None and page.new_entry(prefill=values):
            page.form_message.setText("请填写后保存，以完成这项职责。")
            page.form_first_field_focus()

    def show_statistics(self) -> StatisticsPage:
        """The 统计 page, computed afresh."""
        if self.stats_page is None:
            self.stats_page = StatisticsPage(self.session, self.content)
            self.stats_page.open_entry.connect(self.open_entry)
            self.content.addWidget(self.stats_page)
        else:
            self.stats_page.refresh()
        self.content.setCurrentWidget(self.stats_page)
        return self.stats_page

    def show_log(self, print_log: bool) -> AuditLogPage:
        """The print/export log (保密员) or the whole audit log (安全审计员)."""
        key = "print" if print_log else "audit"
        page = self.log_pages.get(key)
        if page is None:
            page = self.log_pages[key] = AuditLogPage(self.session, print_log=print_log,
                                                      parent=self.content)
            self.content.addWidget(page)
        else:
            page.refresh()
        self.content.setCurrentWidget(page)
        return page

    def _add_reading_page(self, page: IntegrityFilePage | RecordScoresPage) -> None:
        """A page that lists entries of many ledgers: a double-click opens one, and what
        it reports goes to the status bar."""
        page.open_entry.connect(self.open_entry)
        page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.content.addWidget(page)

    def show_integrity_file(self) -> IntegrityFilePage:
        """The 廉洁档案 page, its names read afresh."""
        page = self.integrity_page
        if page is None:
            page = self.integrity_page = IntegrityFilePage(self.session, self.content)
            self._add_reading_page(page)
        else:
            page.refresh()
        self.content.setCurrentWidget(page)
        return page

    def show_record_scores(self) -> RecordScoresPage:
        """The 全程记实 scores (濮阳·全程记实 第十五条), computed afresh."""
        page = self.scores_page
        if page is None:
            page = self.scores_page = RecordScoresPage(self.session, self.content)
            self._add_reading_page(page)
        else:
            page.refresh()
        self.content.setCurrentWidget(page)
        return page

    def draft_study_report(self, quarter: tuple[int, int] | None = None) -> None:
        """学习季报 (献县办法 第三十一条): a draft from the quarter's 集体学习 records,
        opened in the form to be edited before saving."""
        from paizhu_desktop.gui.study_draft import ask_quarter, draft_values

        chosen = quarter or ask_quarter(self)
        if chosen is None:
            return
        try:
            values = draft_values(self.session, *chosen)
        except PaizhuError as exc:
            self.statusBar().showMessage(user_message(exc), 8000)
            return
        page = self.open_ledger("study_report")
        if page is not None and page.new_entry(prefill=values):
            page.form_message.setText("已由本季度集体学习记录生成草稿，请修改完善后保存。")
            page.form_first_field_focus()

    def open_entry(self, ledger_id: str, entry_id: str) -> None:
        """Show one entry in its ledger's page (from the inbox)."""
        page = self.open_ledger(ledger_id)
        if page is not None:
            page.open_entry(entry_id)

    def derive(self, target: str, values: dict[str, Any]) -> None:
        """Enter once: open ``target`` with a new entry pre-filled from another."""
        page = self.open_ledger(target)
        if page is not None and page.new_entry(prefill=values):
            page.form_message.setText("已从原条目预填，请核对后保存。")
            page.form_first_field_focus()

    def open_ledger(self, ledger_id: str) -> LedgerPage | None:
        """Show a ledger's page (made on first use)."""
        if not self._may_switch_to(ledger_id):
            return None
        page = self.pages.get(ledger_id)
        if page is None:
            try:
                page = LedgerPage(self.session, self.session.catalog.ledger(ledger_id),
                                  self.content)
            except PaizhuError as exc:
                self.statusBar().showMessage(user_message(exc), 8000)
                return None
            page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            page.copied.connect(self._remember_copy)
            page.derive_requested.connect(self.derive)
            page.dirty_changed.connect(self._show_unsaved)
            self.pages[ledger_id] = page
            self.content.addWidget(page)
        self.content.setCurrentWidget(page)
        self._select_nav(ledger_id)
        return page

    def _select_nav(self, ledger_id: str) -> None:
        current = self.nav.currentItem()
        if current is not None and current.data(0, ROLE_LEDGER) == ledger_id:
            return
        for i in range(self.nav.topLevelItemCount()):
            top = self.nav.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, ROLE_LEDGER) == ledger_id:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentItem(child)
                    self.nav.blockSignals(False)
                    return

    def current_page(self) -> LedgerPage | None:
        w = self.content.currentWidget()
        return w if isinstance(w, LedgerPage) else None

    # -- actions -------------------------------------------------------------------
    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        entry_menu = bar.addMenu("条目(&E)")
        tools = self.addToolBar("常用")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        self.toolbar = tools

        def act(name: str, text: str,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], object], menu: QMenu = entry_menu,
                toolbar: bool = True) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            if toolbar:
                tools.addAction(a)
            self.addAction(a)
            return a

        from paizhu_desktop.gui import databases

        readonly = self.session.db.readonly
        self.action_new_database = act("actionNewDatabase", "新建数据库(&N)…", "Ctrl+Shift+N",
                                       lambda: databases.new_database(self), menu=file_menu,
                                       toolbar=False)
        self.action_open_database = act("actionOpenDatabase", "打开数据库(&O)…",
                                        QKeySequence.StandardKey.Open,
                                        lambda: databases.open_database(self), menu=file_menu,
                                        toolbar=False)
        self.recent_menu = file_menu.addMenu("最近的数据库(&R)")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        self.action_backup = act("actionBackupNow", "立即备份", "Ctrl+Shift+B",
                                 self.backup_manually, menu=file_menu, toolbar=False)
        self.action_backup.setEnabled(self.session.can(Permission.BACKUP) and not readonly)
        self.action_backups = act("actionBackups", "备份与恢复(&K)…", "Ctrl+Shift+K",
                                  self._show_backups, menu=file_menu, toolbar=False)
        self.action_check_paper = act("actionCheckPaper", "核对纸质件(&V)…", "Ctrl+Shift+J",
                                      self._check_paper, menu=file_menu, toolbar=False)
        self.action_check_paper.setEnabled(self.session.can(Permission.READ_LEDGERS))
        self.lock_screen.switch_user_requested.connect(
            lambda: databases.switch_user(self, self.session.db.path))
        self.action_new = act("actionNew", "新建", QKeySequence.StandardKey.New,
                              lambda: self._on_page(lambda p: p.new_entry()))
        self.action_save = act("actionSave", "保存", QKeySequence.StandardKey.Save,
                               lambda: self._on_page(lambda p: p.save()))
        self.action_void = act("actionVoid", "作废…", "Ctrl+Shift+D",
                               lambda: self._on_page(lambda p: p.void_current()))
        self.action_history = act("actionHistory", "历史", "Ctrl+H",
                                  lambda: self._on_page(lambda p: p.show_history()))
        self.action_study_draft = act("actionStudyDraft", "生成学习季报草稿…", "Ctrl+Shift+R",
                                      self.draft_study_report, toolbar=False)
        self.action_study_draft.setToolTip(
            "由本季度集体学习记录生成学习季报草稿（献县办法 第三十一条）")
        self.action_find = act("actionFind", "检索", QKeySequence.StandardKey.Find,
                               lambda: self._on_page(lambda p: p.filter_search.setFocus()),
                               toolbar=False)
        print_menu = bar.addMenu("打印(&P)")
        self.action_print = act("actionPrintRegister", "打印登记簿…",
                                QKeySequence.StandardKey.Print,
                                lambda: self._on_page(lambda p: p.print_register()),
                                menu=print_menu)
        self.action_print_document = act(
            "actionPrintDocument", NO_DOCUMENT_TEXT, "Ctrl+Shift+P",
            lambda: self._on_page(lambda p: p.print_document()), menu=print_menu,
            toolbar=False)
        self.action_fonts = act("actionFontSettings", "打印字体…", "Ctrl+Shift+F",
                                self.font_settings,
                                menu=print_menu, toolbar=False)
        self.print_menu = print_menu
        self.more_document_actions: list[QAction] = []
        self.content.currentChanged.connect(lambda _i: self._update_document_actions())
        self._update_document_actions()
        handoff_menu = bar.addMenu("交接(&T)")
        self.action_export = act("actionExport", "导出交接文件…", "Ctrl+Shift+E",
                                 self.export_handoff,
                                 menu=handoff_menu, toolbar=False)
        self.action_import = act("actionImport", "导入交接文件…", "Ctrl+Shift+I",
                                 self.import_handoff,
                                 menu=handoff_menu, toolbar=False)
        security = bar.addMenu("安全(&S)")
        self.action_lock = act("actionLock", "锁定", "Ctrl+L", self.lock, menu=security)
        self.action_switch_user = act(
            "actionSwitchUser", "切换用户(&W)", "Ctrl+Shift+L",
            lambda: databases.switch_user(self, self.session.db.path), menu=security,
            toolbar=False)
        self.action_change_password = act("actionChangePassword", "修改密码(&M)…",
                                          "Ctrl+Shift+M", self._change_password, menu=security,
                                          toolbar=False)
        self.action_change_password.setEnabled(not readonly)
        if self.session.can(Permission.MANAGE_ACCOUNTS) or \
                self.session.can(Permission.ASSIGN_ROLES):
            self.action_accounts = act("actionAccounts", "账号与角色(&A)…", "Ctrl+Shift+A",
                                       self._show_accounts, menu=security, toolbar=False)
        security.addSeparator()
        self.action_holidays = act("actionHolidayTable", "节假日调休表(&H)…", "Ctrl+Shift+H",
                                   self.edit_holidays, menu=security, toolbar=False)
        self.action_idle = act("actionIdleSetting", "自动锁定时间…", "Ctrl+Shift+T",
                               self.ask_idle_minutes, menu=security, toolbar=False)
        self.action_quit = act("actionQuit", "退出", "Ctrl+Q", self.close,
                               menu=security, toolbar=False)
        help_menu = bar.addMenu("帮助(&H)")
        act("actionCoverage", "制度覆盖(&C)…", "Ctrl+Shift+F1", self.show_coverage,
            menu=help_menu, toolbar=False)
        act("actionAbout", "关于", "F1", self.about,
            menu=help_menu, toolbar=False)
        if not self.session.can(Permission.READ_LEDGERS):
            # The administrators of 三员 read no ledger: no entry or register actions for them.
            for menu in (entry_menu, print_menu, handoff_menu):
                menu.menuAction().setVisible(False)
            for action in tools.actions():
                action.setVisible(action is self.action_lock)

    def edit_holidays(self) -> None:
        """安全 → 节假日调休表 (the 安全保密管理员 has no 日历 page)."""
        from paizhu_desktop.gui.holiday_table import HolidayTableDialog

        if HolidayTableDialog(self.session, self).exec() and self.calendar_page is not None:
            self.calendar_page.refresh()

    def _fill_recent_menu(self) -> None:
        """文件 → 最近的数据库: paths only, newest first (Ctrl+Alt+1 …)."""
        from paizhu_desktop.gui import databases
        from paizhu_desktop.gui.recent import RecentDatabases

        self.recent_menu.clear()
        paths = RecentDatabases().existing()
        for i, path in enumerate(paths[:8], start=1):
            action = QAction(f"&{i} {path.name}", self.recent_menu)
            action.setObjectName(f"actionRecent{i}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setShortcut(QKeySequence(f"Ctrl+Alt+{i}"))
            action.triggered.connect(
                lambda _checked=False, p=path: databases.open_database(self, p))
            self.recent_menu.addAction(action)
        if not paths:
            empty = QAction("（没有）", self.recent_menu)
            empty.setObjectName("actionRecentNone")
            empty.setEnabled(False)
            self.recent_menu.addAction(empty)

    def _show_backups(self) -> None:
        from paizhu_desktop.gui import databases
        from paizhu_desktop.gui.backups import BackupsDialog

        session = self.session
        BackupsDialog(
            session, self,
            on_restore=lambda b, pw: databases.restore_and_login(self, session, b, pw),
            on_open=lambda b, pw: databases.open_backup_readonly(session, b, pw, self),
        ).exec()

    def _check_paper(self) -> None:
        from paizhu_desktop.gui.paper_check import PaperCheckDialog

        PaperCheckDialog(self.session, self).exec()

    def _change_password(self) -> None:
        from paizhu_desktop.gui.password_dialog import ChangePasswordDialog

        if ChangePasswordDialog(self.session, parent=self).exec():
            self.statusBar().showMessage("密码已修改。", 8000)

    def _show_accounts(self) -> None:
        for i in range(self.nav.topLevelItemCount()):
            item = self.nav.topLevelItem(i)
            if item is not None and item.data(0, ROLE_ACCOUNTS):
                self.nav.setCurrentItem(item)
                return

    def _update_document_actions(self) -> None:
        """The print menu offers the documents the shown ledger declares: the first
        through 打印文书 (Ctrl+Shift+P), any others after it."""
        page = self.current_page()
        documents = page.desc.documents if page is not None else ()
        first = documents[0] if documents else None
        self.action_print_document.setText(first.menu if first else NO_DOCUMENT_TEXT)
        self.action_print_document.setEnabled(first is not None)
        for action in self.more_document_actions:
            self.print_menu.removeAction(action)
            action.deleteLater()
        self.more_document_actions = []
        for i, doc in enumerate(documents[1:], start=2):
            action = QAction(doc.menu, self)
            action.setObjectName(f"actionPrintDocument{i}")
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{i}"))
            action.triggered.connect(self._document_printer(doc))
            self.print_menu.insertAction(self.action_fonts, action)
            self.more_document_actions.append(action)

    def _document_printer(self, doc: Document) -> Callable[[], None]:
        return lambda: self._on_page(lambda p: p.print_document(name=doc.name))

    def _on_page(self, fn: Callable[[LedgerPage], object]) -> None:
        page = self.current_page()
        if page is not None and not self.is_locked:
            fn(page)

    def ask_idle_minutes(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        current = int(self.idle.idle_seconds // 60)
        minutes, ok = QInputDialog.getInt(self, "自动锁定", "无操作多少分钟后自动锁定：",
                                          current, 1, 60)
        if ok:
            self.set_idle_minutes(minutes)

    def set_idle_minutes(self, minutes: int) -> bool:
        try:
            value = set_setting(self.session, "idle_lock_minutes", minutes)
        except Exception as exc:
            self.statusBar().showMessage(user_message(exc), 8000)
            return False
        self.idle.idle_seconds = value * 60
        self.statusBar().showMessage(f"已设置：无操作 {value} 分钟后自动锁定。", 8000)
        return True

    def backup_manually(self) -> Operation[Backup] | None:
        """文件 → 立即备份: an encrypted, checked backup on a worker thread (the core
        checks the permission and logs it)."""
        from paizhu_desktop.core.maintenance import backup_now

        if self.backing_up is not None and not self.backing_up.done:
            return None
        session = self.session
        self.backing_up = run_operation(
            self, "备份", lambda progress: backup_now(session, progress=progress),
            on_done=lambda b: self.statusBar().showMessage(
                f"已备份并校验：{b.label}（{b.path.name}）", 10000),
            text="正在备份数据库…")
        return self.backing_up

    def export_handoff(self) -> None:
        from paizhu_desktop.gui.handoff import ExportDialog

        if self._may(Permission.EXPORT, "导出交接文件"):
            ExportDialog(self.session, self).exec()

    def import_handoff(self) -> None:
        from paizhu_desktop.gui.handoff import ImportDialog

        if self._may(Permission.EXPORT, "导入交接文件"):
            ImportDialog(self.session, self).exec()

    def _may(self, permission: Permission, what: str) -> bool:
        """Say before a dialog is filled in, not after, that the account may not do this
        (the core checks again when it is done)."""
        try:
            self.session.require(permission)
        except PaizhuError as exc:
            box = QMessageBox(QMessageBox.Icon.Information, what, user_message(exc),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("permissionNote")
            box.exec()
            return False
        return True
        for page in self.pages.values():  # what was imported shows at once
            page.apply_filters()

    def font_settings(self) -> None:
        from paizhu_desktop.gui.printing import FontSettingsDialog

        FontSettingsDialog(self.session, self).exec()

    def show_coverage(self) -> None:
        from paizhu_desktop.gui.coverage import show_coverage  # 制度覆盖, core/coverage.py

        show_coverage(self.session.catalog, self)

    def about(self) -> None:
        from paizhu_desktop.gui.about import show_about  # the dialog lives in gui/ui/about.ui

        show_about(self.session.catalog, self)

    # -- lock ----------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def _remember_copy(self, text: str) -> None:
        self._copied_text = text

    def lock(self) -> None:
        """Hide everything until the password is given again; typed input stays."""
        if self.is_locked:
            return
        clipboard = QGuiApplication.clipboard()
        if clipboard.ownsClipboard() or (self._copied_text and
                                         clipboard.text() == self._copied_text):
            clipboard.clear()
        self._copied_text = ""
        self.lock_screen.who.setText(f"{self.session.user.display_name}（{self.session.user.username}）")
        self.lock_screen.error.clear()
        self.stack.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self.toolbar.setVisible(False)
        self.lock_screen.password.setFocus()
        self.idle.enabled = False
        self.locked_changed.emit(True)

    def unlock(self, password: str) -> bool:
        try:
            self.session.check_password(password)
        except Exception as exc:
            self.lock_screen.error.setText(user_message(exc))
            return False
        self.stack.setCurrentWidget(self.work)
        self.menuBar().setEnabled(True)
        self.toolbar.setVisible(True)
        self.idle.reset()
        self.locked_changed.emit(False)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.may_close():
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.backup_timer.stop()
        QThreadPool.globalInstance().waitForDone(30_000)
        self.session.close()
        super().closeEvent(event)
