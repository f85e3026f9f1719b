"""One ledger's page: article citation, filters, the lazy list and the
generated form beside it, with save, void and history."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import PaizhuError, ValidationError
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.progress import Cancelled
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.form import EntryForm
from paizhu_desktop.gui.history import HistoryDialog
from paizhu_desktop.gui.ledger_model import LedgerTableModel
from paizhu_desktop.gui.operations import Operation
from paizhu_desktop.gui.print_preview import PrintPreviewDialog
from paizhu_desktop.gui.printing import PeriodDialog, show_preview, start_print
from paizhu_desktop.gui.workflow import WorkflowPanel

#: List column widths, in characters of the table's font.
MIN_COLUMN_CHARS = 4
MAX_COLUMN_CHARS = 40
#: The column naming the entry may be wider.
MAX_SUMMARY_CHARS = 60
#: Cell margins and the sort indicator, in pixels.
COLUMN_PADDING = 16


#: The form's status while it holds edits not yet saved.
UNSAVED_TEXT = "已修改，尚未保存。"


def ask_unsaved(parent: QWidget, ledger: str) -> str:
    """保存/放弃/取消 for unsaved edits: returns "save", "discard" or "cancel"
    (Esc and closing the box cancel)."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("尚未保存")
    box.setText(f"“{ledger}”的表单已修改，尚未保存。")
    box.setInformativeText("保存修改，还是放弃修改？")
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("unsavedSave")
    discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("unsavedDiscard")
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("unsavedCancel")
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


class VoidDialog(QDialog):
    """Asks for the reason of a void (作废必须写明原因)."""

    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle("作废条目")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"作废：{summary}\n条目不会被删除，将标记为已作废并保留原因。", self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText("作废原因（必填）")
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton("作废", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("voidConfirm")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("voidCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class LedgerPage(QWidget):
    """List and form of one ledger.

    Signals:
        message(str): a status line for the window.
        copied(str): text this page put on the clipboard (cleared on lock).
        previewed(object): the print preview dialog, once its job has been rendered.
        dirty_changed(bool): the form now holds (or no longer holds) unsaved edits.

    Attributes:
        dirty: the form holds edits not yet saved; leaving the entry asks first.
    """

    message = Signal(str)
    dirty_changed = Signal(bool)
    copied = Signal(str)
    previewed = Signal(object)
    derive_requested = Signal(str, dict)

    def __init__(self, session: UserSession, desc: LedgerDescription,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.desc = desc
        self.printing: Operation[PrintJob] | None = None
        self.dirty = False
        self._asking = False
        self.preview: PrintPreviewDialog | None = None
        self.setObjectName(f"page_{desc.id}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)

        head = QLabel(f"<b>{desc.name}</b>　　依据：{desc.article}（{desc.chapter.heading}）", self)
        head.setObjectName("articleLabel")
        head.setToolTip(desc.description)
        outer.addWidget(head)

        outer.addLayout(self._filter_bar())
        self.findings = QLabel("", self)
        self.findings.setObjectName("findingsLabel")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 3px;")
        self.findings.hide()
        outer.addWidget(self.findings)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("ledgerSplitter")
        outer.addWidget(split, 1)

        self.model = LedgerTableModel(session.ledgers, desc, self)
        self.table = QTableView(self)
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)  # the ledger's own order first; header click sorts
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        # Tab leaves the list for the form (rows are walked with the arrow keys).
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _i: self.form_first_field_focus())
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        split.addWidget(self.table)

        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.form_title = QLabel("新建条目", right)
        self.form_title.setObjectName("formTitle")
        self.form_title.setStyleSheet("font-weight: bold;")
        rv.addWidget(self.form_title)
        # The people an account field may name, as the core checks them (A角、B角、承办人).
        users = [(name, display) for name, display, _active in session.ledgers.people()]
        self.model.user_names = {u.username: u.display_name for u in session.list_users()}
        self.form = EntryForm(desc, users, right, current_user=session.user.username)
        self.form.changed.connect(self._form_changed)
        self.form.copy_blocked.connect(
            lambda: self.message.emit("秘密及以上条目的内容不能复制"
                                      "（献县办法 第五十八条：严禁擅自复制涉密文件）。"))
        scroll = QScrollArea(right)
        scroll.setObjectName("formScroll")
        scroll.setWidgetResizable(True)
        # The form follows the panel's width (long text wraps); only a panel narrower than
        # the form's least width scrolls sideways, so nothing is ever cut off unseen.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(self.form)
        rv.addWidget(scroll, 1)
        self.form_message = QLabel("", right)
        self.form_message.setObjectName("formMessage")
        self.form_message.setWordWrap(True)
        rv.addWidget(self.form_message)
        self.workflow = WorkflowPanel(session, desc, right, user_names=self.model.user_names)
        self.workflow.before_step = self.maybe_leave
        self.workflow.stepped.connect(self._stepped)
        self.workflow.derive.connect(self.derive_requested)
        self.workflow.message.connect(self.message)
        rv.addWidget(self.workflow)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存(&S)", right)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(lambda: self.save())
        self.new_button = QPushButton("新建(&N)", right)
        self.new_button.setObjectName("newButton")
        self.new_button.clicked.connect(lambda: self.new_entry())
        self.void_button = QPushButton("作废…", right)
        self.void_button.setObjectName("voidButton")
        self.void_button.clicked.connect(lambda: self.void_current())
        self.history_button = QPushButton("历史(&H)", right)
        self.history_button.setObjectName("historyButton")
        self.history_button.clicked.connect(lambda: self.show_history())
        for b in (self.save_button, self.new_button, self.void_button, self.history_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        # On a 1024-wide screen the form still gets about 380 pixels.
        split.setSizes([640, 520])

        can_write = self.can_write
        self.save_button.setEnabled(can_write)
        self.new_button.setEnabled(can_write)
        self.void_button.setEnabled(False)
        self.history_button.setEnabled(False)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.apply_filters()
        self._fit_columns()
        self._set_tab_order()
        self.new_entry()

    @property
    def can_write(self) -> bool:
        return self.session.can(Permission.WRITE_LEDGERS) and not self.session.db.readonly

    # -- filters -------------------------------------------------------------------
    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        this_year = dt.date.today().year
        self.filter_year = QComboBox(self)
        self.filter_year.setObjectName("filterYear")
        self.filter_year.addItem("全部年度", None)
        for y in range(this_year + 1, this_year - 10, -1):
            self.filter_year.addItem(f"{y}年", y)
        self.filter_month = QComboBox(self)
        self.filter_month.setObjectName("filterMonth")
        self.filter_month.addItem("全年", None)
        for m in range(1, 13):
            self.filter_month.addItem(f"{m}月", m)
        self.filter_classification = QComboBox(self)
        self.filter_classification.setObjectName("filterClassification")
        self.filter_classification.addItem("全部密级", None)
        for c in Classification:
            self.filter_classification.addItem(c.value, c)
        self.filter_status = QComboBox(self)
        self.filter_status.setObjectName("filterStatus")
        self.filter_status.addItem("有效条目", "active")
        self.filter_status.addItem("含已作废", "all")
        for label, value in self.status_choices():
            self.filter_status.addItem(label, ("status", value))
        self.filter_search = QLineEdit(self)
        self.filter_search.setObjectName("filterSearch")
        self.filter_search.setPlaceholderText("检索（任意文字片段，如“纪律”）")
        self.filter_search.setClearButtonEnabled(True)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_search, self.filter_search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("countLabel")
        for w in (self.filter_year, self.filter_month, self.filter_classification,
                  self.filter_status):
            w.currentIndexChanged.connect(self.apply_filters)
            bar.addWidget(w)
        self.filter_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.filter_search.returnPressed.connect(self.apply_filters)
        bar.addWidget(self.filter_search, 1)
        bar.addWidget(self.count_label)
        return bar

    def status_choices(self) -> list[tuple[str, str]]:
        """(Chinese label, stored value) of the ledger's workflow states, if any."""
        return [(s.label, s.value) for s in self.desc.statuses]

    def apply_filters(self) -> None:
        year = self.filter_year.currentData()
        month = self.filter_month.currentData()
        date_from = date_to = None
        if year:
            date_from, date_to = f"{year:04d}-01-01", f"{year:04d}-12-31"
            if month:
                date_from, date_to = f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-31"
        status = self.filter_status.currentData()
        try:
            self.model.set_filters(
                search=self.filter_search.text().strip() or None,
                include_voided=status == "all",
                status=status[1] if isinstance(status, tuple) else None,
                classification=self.filter_classification.currentData(),
                date_from=date_from, date_to=date_to)
        except PaizhuError as exc:
            self.message.emit(user_message(exc))
            return
        self.count_label.setText(f"共 {self.model.rowCount()} 条")
        self.refresh_findings()

    def refresh_findings(self) -> None:
        """Completeness findings (序号空缺、超期事项) for the year shown."""
        if not self.desc.checks:
            return
        year = self.filter_year.currentData() or dt.date.today().year
        try:
            found = self.session.ledgers.findings(self.desc.id, year)
        except PaizhuError as exc:
            found = [user_message(exc)]
        shown = found[:5] + ([f"……另有 {len(found) - 5} 项"] if len(found) > 5 else [])
        self.findings.setText("⚠ " + "\n⚠ ".join(shown) if found else "")
        self.findings.setVisible(bool(found))

    def _sort_by(self, column: int) -> None:
        current = self.model.order_by
        name = self.model.columns[column].key
        if current is not None and current[0] == name and current[1]:
            self.model.use_ledger_order()  # third click: back to the ledger's own order
            self.table.horizontalHeader().setSortIndicatorShown(False)
            return
        descending = current is not None and current[0] == name
        self.model.sort(column, Qt.SortOrder.DescendingOrder if descending
                        else Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)

    def _fit_columns(self) -> None:
        """Each column as wide as its declared width in characters of the table's font
        (never narrower than its header); the column naming the entry may be wider.
        A character is the font's average, or a digit where digits are wider (dates,
        numbers and 密级 marks are mostly digits)."""
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(self.table.font())
        char = max(metrics.averageCharWidth(), metrics.horizontalAdvance("0"))
        head = QFontMetrics(header.font())
        for i, column in enumerate(self.model.columns):
            most = MAX_SUMMARY_CHARS if column.summary else MAX_COLUMN_CHARS
            chars = min(max(column.width, MIN_COLUMN_CHARS), most)
            width = max(round(chars * char), head.horizontalAdvance(column.label))
            header.resizeSection(i, width + COLUMN_PADDING)

    # -- selection -----------------------------------------------------------------
    def _row_changed(self, current: Any, previous: Any) -> None:
        entry = self.model.entry(current.row()) if current.isValid() else None
        if entry is None:
            return
        shown = self.form.entry
        if self.dirty and not (shown is not None and shown.id == entry.id):
            if self._asking:
                return
            if not self.maybe_leave():
                self._put_back_row(previous)
                return
            if self.form.entry is not None and self.form.entry.id != entry.id:
                self.select_entry(entry.id)  # a save re-listed the rows: go on to the one asked
                if self.form.entry is not None and self.form.entry.id == entry.id:
                    return
        self.show_entry(entry)

    def _put_back_row(self, previous: Any) -> None:
        """Cancelled: the row of the entry still being edited stays selected."""
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        try:
            shown = self.form.entry
            row = self.model.row_of_seq(shown.seq) if shown is not None else -1
            if row < 0 and previous is not None and previous.isValid() and shown is not None:
                row = previous.row()
            if row >= 0:
                sm.setCurrentIndex(self.model.index(row, 0),
                                   QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)
            else:
                sm.clearSelection()
                sm.setCurrentIndex(self.model.index(-1, -1),
                                   QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            sm.blockSignals(False)
        self.table.viewport().update()

    # -- unsaved edits -------------------------------------------------------------
    def _form_changed(self) -> None:
        if self.dirty:
            return
        self.dirty = True
        self.form_title.setText("● " + self.form_title.text() + "　已修改")
        self.form_message.setStyleSheet("color: #8a5300;")
        self.form_message.setText(UNSAVED_TEXT)
        self.dirty_changed.emit(True)

    def _set_clean(self) -> None:
        if self.dirty:
            self.dirty = False
            self.dirty_changed.emit(False)

    def maybe_leave(self) -> bool:
        """Before the shown entry is left: ask 保存/放弃/取消 if it has unsaved edits.

        Returns whether the caller may go on (saved, or discarded; not cancelled, and
        not when the save failed — the typed input and the reason then stay).
        """
        if not self.dirty:
            return True
        self._asking = True
        try:
            choice = ask_unsaved(self, self.desc.name)
        finally:
            self._asking = False
        if choice == "save":
            return self.save()
        if choice == "discard":
            self.discard_edits()
            return True
        return False

    def discard_edits(self) -> None:
        """Throw the unsaved edits away: the form shows the stored entry again."""
        self._set_clean()
        shown = self.form.entry
        if shown is not None:
            self.show_entry(shown)
        else:
            self._new_form()

    def _set_tab_order(self) -> None:
        """List → every form field in order → the buttons; Shift+Tab walks back."""
        chain: list[QWidget] = [self.table, *self.form.focus_order(), self.save_button,
                                self.new_button, self.void_button, self.history_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def show_entry(self, entry: Entry) -> None:
        self.form.load(entry)
        self._set_clean()
        state = "（已作废：" + entry.void_reason + "）" if entry.voided else ""
        self.form_title.setText(f"第 {entry.version} 版，{entry.updated_by} 于 {entry.updated_at} "
                                f"保存{state}")
        self.form_message.clear()
        wf = self.desc.workflow
        # A signed-off 汇总 is never voided: only its own step leads back (第五十条).
        unvoidable = wf is not None and entry.status in wf.unvoidable
        self.void_button.setEnabled(not entry.voided and not unvoidable and self.can_write
                                    and self.session.can(Permission.VOID_ENTRIES))
        self.void_button.setToolTip(
            f"处于“{wf.label(entry.status)}”状态的条目不能作废" if wf is not None and unvoidable
            else "")
        self.history_button.setEnabled(True)
        editable = wf is None or entry.status in wf.editable
        self.save_button.setEnabled(not entry.voided and self.can_write and editable)
        self.save_button.setToolTip("" if editable else
                                    "已进入审批流程的条目不能再修改，如有错误请作废后重新登记")
        self.workflow.set_entry(entry)

    def _stepped(self, entry: Entry) -> None:
        self.apply_filters()
        self.select_entry(entry.id)
        self.show_entry(entry)

    def current_entry(self) -> Entry | None:
        return self.form.entry

    def form_first_field_focus(self) -> None:
        for fld in self.desc.fields:
            w = self.form.widgets.get(fld.name)
            if w is not None:
                w.setFocus()
                return

    def open_entry(self, entry_id: str) -> None:
        """Show one entry (from the inbox or a link), selecting its row when listed."""
        try:
            entry = self.session.ledgers.get(self.desc.id, entry_id)
        except PaizhuError as exc:
            self.message.emit(user_message(exc))
            return
        shown = self.form.entry
        if not (shown is not None and shown.id == entry.id) and not self.maybe_leave():
            return
        row = self.model.row_of_seq(entry.seq)
        if row >= 0:
            idx = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(idx)
        self.show_entry(entry)

    def select_entry(self, entry_id: str) -> None:
        for row in range(self.model.rowCount()):
            e = self.model.entry(row)
            if e is not None and e.id == entry_id:
                idx = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(idx)
                return

    # -- actions -------------------------------------------------------------------
    def new_entry(self, prefill: dict[str, Any] | None = None) -> bool:
        """An empty form (after asking about unsaved edits); False if cancelled."""
        if not self.maybe_leave():
            return False
        self._new_form(prefill)
        return True

    def _new_form(self, prefill: dict[str, Any] | None = None) -> None:
        self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().clearSelection()
        self.table.selectionModel().setCurrentIndex(self.model.index(-1, -1),
                                                    QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()
        self.form.clear(prefill)
        self._set_clean()
        self.form_title.setText(f"新建“{self.desc.name}”条目")
        self.form_message.clear()
        self.void_button.setEnabled(False)
        self.history_button.setEnabled(False)
        self.save_button.setEnabled(self.can_write)
        self.save_button.setToolTip("")
        self.workflow.set_entry(None)

    def save(self) -> bool:
        """Save the form; on any error the typed input stays and the reason shows."""
        values = self.form.values()
        cls = self.form.chosen_classification()
        retention = self.form.retention.text().strip()
        current = self.form.entry
        try:
            if current is None:
                entry = self.session.ledgers.add(self.desc.id, values, classification=cls,
                                                 retention=retention)
            else:
                entry = self.session.ledgers.edit(self.desc.id, current.id, values,
                                                  classification=cls, retention=retention,
                                                  expected_version=current.version)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            others = self.form.unmatched_errors(exc.errors)
            self.form_message.setText("未保存：" + ("；".join(others) if others
                                                   else "请按红字提示修改。"))
            self.form_message.setStyleSheet("color: #b00020;")
            return False
        except Exception as exc:  # the input stays in the form whatever went wrong
            self.form_message.setText("未保存：" + user_message(exc))
            self.form_message.setStyleSheet("color: #b00020;")
            return False
        self.form_message.setStyleSheet("")
        self._set_clean()
        self.apply_filters()
        self.select_entry(entry.id)
        self.show_entry(entry)
        self.form_message.setText(f"已保存（第 {entry.version} 版）。")
        self.message.emit(f"“{self.desc.name}”已保存：{entry.summary}")
        return True

    def void_current(self, reason: str | None = None) -> bool:
        entry = self.form.entry
        if entry is None:
            return False
        if reason is None:
            dialog = VoidDialog(entry.summary, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            reason = dialog.reason.text()
        try:
            voided = self.session.ledgers.void(self.desc.id, entry.id, reason)
        except Exception as exc:
            self.form_message.setText("未作废：" + user_message(exc))
            self.form_message.setStyleSheet("color: #b00020;")
            return False
        self.apply_filters()
        self.show_entry(voided)
        self.form_message.setStyleSheet("")
        self.form_message.setText(f"已作废，原因：{voided.void_reason}")
        return True

    def show_history(self) -> None:
        entry = self.form.entry
        if entry is None:
            return
        try:
            revs, audits = self.session.ledgers.history(self.desc.id, entry.id)
        except Exception as exc:
            self.message.emit(user_message(exc))
            return
        HistoryDialog(self.desc, entry.summary, revs, audits, self).exec()

    # -- printing ------------------------------------------------------------------
    def print_register(self, period: dict[str, int | None] | None = None,
                       *, show: bool = True) -> Operation[PrintJob] | None:
        """Preview (then print) this ledger's register for a period.

        Rendering runs on a worker thread; the preview comes with :attr:`previewed`.
        """
        if period is None:
            dialog = PeriodDialog(f"打印{self.desc.register_name or self.desc.name + '登记簿'}",
                                  self.filter_year.currentData(),
                                  self.filter_month.currentData(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            period = dialog.values()
        return self._preview(document=None, entry_id=None, period=period, show=show)

    def print_document(self, period: dict[str, int | None] | None = None, *,
                       show: bool = True, name: str | None = None) -> Operation[PrintJob] | None:
        """Preview a document the ledger declares (its first unless ``name`` says):
        one of the selected entry, or one of a period asked for unless given."""
        if not self.desc.documents:
            self.message.emit(f"“{self.desc.name}”没有规定的文书格式，请打印登记簿。")
            return None
        doc: Document = self.desc.document(name) if name else self.desc.documents[0]
        if doc.scope == "entry":
            entry = self.form.entry
            if entry is None:
                self.message.emit(f"请先选中要打印{doc.name}的条目。")
                return None
            return self._preview(document=doc.name, entry_id=entry.id, period=None, show=show)
        if period is None:
            dialog = PeriodDialog(f"打印{doc.name}", self.filter_year.currentData(),
                                  self.filter_month.currentData(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            period = dialog.values()
        return self._preview(document=doc.name, entry_id=None, period=period, show=show)

    def _preview(self, *, document: str | None, entry_id: str | None,
                 period: dict[str, int | None] | None,
                 show: bool) -> Operation[PrintJob] | None:
        if self.printing is not None and not self.printing.done:
            self.message.emit("正在生成上一个打印件，请稍候。")
            return None

        def done(job: PrintJob) -> None:
            dialog = show_preview(self, self.session, job)
            self.preview = dialog
            self.previewed.emit(dialog)
            if show:
                dialog.open()

        def failed(exc: BaseException) -> None:  # on the status line; nothing printed or logged
            if isinstance(exc, Cancelled):
                self.message.emit("已取消生成打印件。")
            else:
                self.message.emit("未能生成打印件：" + user_message(exc))

        self.printing = start_print(self, self.session, self.desc, document=document,
                                    entry_id=entry_id, period=period, on_done=done,
                                    on_error=failed)
        return self.printing

    def copy_selected(self) -> None:
        """Copy the selected row as text — refused for 秘密 and above."""
        idx = self.table.currentIndex()
        entry = self.model.entry(idx.row()) if idx.isValid() else None
        if entry is None:
            return
        if entry.classification.is_classified:
            self.message.emit("秘密及以上条目不能复制到剪贴板"
                              "（献县办法 第五十八条：严禁擅自复制涉密文件）。")
            return
        text = "\t".join(c.text(entry, self.model.user_names) for c in self.model.columns)
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
        self.message.emit("已复制所选条目。")
