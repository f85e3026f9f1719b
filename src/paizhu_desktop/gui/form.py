"""The entry form, generated from a ledger description.

Each field becomes a widget named after the field (tests and the tab order
use these names); a label under it, named ``<field>_error``, shows the
field's Chinese validation message. A failed save leaves everything typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    Qt,
    QTime,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.classification import DEFAULT_RETENTION, Classification
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.fields import FIRST_YEAR, LAST_YEAR, Field, FieldType

#: The dates a date or time widget offers: those the core accepts.
FIRST_DATE, LAST_DATE = QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31)
#: An optional date left empty: the day before the first one offered, shown blank.
EMPTY_DATE = FIRST_DATE.addDays(-1)
ERROR_STYLE = "color: #b00020;"
#: The least a choice field shows, in characters; longer items show in its open list.
COMBO_MIN_CHARS = 8


class CopyGuard(QObject):
    """Blocks copy and cut in a text widget while the shown entry is 秘密 or above
    (献县办法 第五十八条: 严禁擅自复制 classified material)."""

    blocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if (self.active
                and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
                and isinstance(event, QKeyEvent)
                and (event.matches(QKeySequence.StandardKey.Copy)
                     or event.matches(QKeySequence.StandardKey.Cut))):
            if event.type() == QEvent.Type.KeyPress:
                self.blocked.emit()
            event.accept()
            return True
        return False


class DateEdit(QDateEdit):
    """A date field; optional ones can be left empty (shown blank)."""

    def __init__(self, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.required = required
        self.setDateRange(FIRST_DATE if required else EMPTY_DATE, LAST_DATE)
        if not required:
            self.setSpecialValueText(" ")
        self.set_value(None)

    def value(self) -> str | None:
        d = self.date()
        if not self.required and d == EMPTY_DATE:
            return None
        return d.toString("yyyy-MM-dd")

    def set_value(self, value: str | None) -> None:
        if value:
            self.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        elif self.required:
            self.setDate(QDate.currentDate())
        else:
            self.setDate(EMPTY_DATE)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        # Tab leaves the field (empty or not) instead of walking its year/month/day.
        return next_field(self, next)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        # Delete/Backspace on an optional date empties it.
        if not self.required and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                and self.currentSection() == QDateEdit.Section.YearSection:
            self.setDate(EMPTY_DATE)
            return
        if not self.required and self.date() == EMPTY_DATE and event.text().isdigit():
            self.setDate(QDate.currentDate())
        super().keyPressEvent(event)


class DecimalEdit(QDoubleSpinBox):
    """A DECIMAL field: its declared places and bounds, a point for the decimal sign
    whatever the system's language; it gives the core the exact text shown."""

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places = fld.places
        self.setLocale(QLocale.c())
        self.setDecimals(fld.places)
        self.setRange(*fld.bounds)
        self.setSingleStep(0.5)  # the half points of 濮阳·考核 第十四条

    def text_value(self) -> str:
        """The value as the exact text shown (0.5 → "0.5", never 0.49999…)."""
        return f"{self.value():.{self.places}f}"

    def set_text_value(self, value: Any) -> None:
        self.setValue(float(value) if value not in (None, "") else max(self.minimum(), 0.0))


class DateTimeEdit(QDateTimeEdit):
    """A date-and-time field to the minute; Tab leaves it like any other field."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        return next_field(self, next)


def next_field(w: QWidget, forward: bool) -> bool:
    """Move the focus on from ``w`` as Tab/Shift+Tab does between widgets."""
    parent = w.parentWidget()
    if parent is None:
        return False
    return QWidget.focusNextPrevChild(parent, forward)


class EnterMovesOn(QObject):
    """Enter in a one-line field moves to the next field (it never saves)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and isinstance(obj, QWidget)):
            if isinstance(obj, QComboBox) and obj.view().isVisible():
                return False  # Enter picks from an open list
            tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(obj, tab)
            return True
        return False


class TableEditor(QWidget):
    """Rows of a TABLE field (attendees, agenda items) with add/remove buttons.

    Signals:
        changed: a row was added or removed, or a cell edited.
    """

    changed = Signal()

    def __init__(self, fld: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = fld
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(fld.subfields), self)
        self.table.setObjectName(f"{fld.name}_table")
        self.table.setHorizontalHeaderLabels([s.label for s in fld.subfields])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c, sub in enumerate(fld.subfields):
            if sub.type is FieldType.CHOICE:
                # A choice column shows its article item; the text column takes the rest.
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab leaves the table for the next field; cells are reached with the arrows.
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(120)
        self.table.cellChanged.connect(lambda _r, _c: self.changed.emit())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        add = QPushButton("增加一行", self)
        add.setObjectName(f"{fld.name}_add")
        add.clicked.connect(lambda: self.add_row({}))
        remove = QPushButton("删除选中行", self)
        remove.setObjectName(f"{fld.name}_remove")
        remove.clicked.connect(self.remove_selected)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def focus_order(self) -> list[QWidget]:
        return [self.table, *self.findChildren(QPushButton)]

    def add_row(self, values: dict[str, Any]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, sub in enumerate(self.field.subfields):
            v = values.get(sub.name)
            if sub.type is FieldType.CHOICE:
                combo = QComboBox(self.table)
                combo.setObjectName(f"{self.field.name}_{r}_{sub.name}")
                if not sub.required:
                    combo.addItem("", None)
                for ch in sub.choices:
                    combo.addItem(ch.label, ch.value)
                if v is not None:
                    combo.setCurrentIndex(max(0, combo.findData(v)))
                combo.currentIndexChanged.connect(self.changed)
                self.table.setCellWidget(r, c, combo)
            elif sub.type is FieldType.BOOL:
                box = QCheckBox(self.table)
                box.setObjectName(f"{self.field.name}_{r}_{sub.name}")
                box.setChecked(bool(v))
                box.toggled.connect(self.changed)
                self.table.setCellWidget(r, c, box)
            else:
                self.table.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.changed.emit()

    def value(self) -> list[dict[str, Any]]:
        rows = []
        for r in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for c, sub in enumerate(self.field.subfields):
                w = self.table.cellWidget(r, c)
                if isinstance(w, QComboBox):
                    row[sub.name] = w.currentData()
                elif isinstance(w, QCheckBox):
                    row[sub.name] = w.isChecked()
                else:
                    item = self.table.item(r, c)
                    text = item.text() if item else ""
                    # A number column sends a number; anything else goes to the core as
                    # typed, which says what is wrong with it.
                    row[sub.name] = int(text) if sub.type is FieldType.INTEGER and \
                        text.strip().lstrip("-").isdigit() and text.isascii() else text
            if any(v not in (None, "", False) for v in row.values()):
                rows.append(row)
        return rows

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        self.table.setRowCount(0)
        for row in rows or []:
            self.add_row(row)


class EntryForm(QWidget):
    """The form of one ledger, generated from its description.

    The person fills in the description's visible fields; values the framework
    keeps (links, step-recorded and computed values) and retired fields are
    carried through unchanged — a new entry sends no step-recorded value and the
    form offers no state. The requester of a request shows the account that files
    it and cannot be changed (the core sets it). A new entry's 密级 follows the
    content-dependent rule whenever one of ``classification_inputs`` changes,
    until the person picks a 密级 themselves.

    Signals:
        changed: the user edited something (for "unsaved" marks).
        copy_blocked: a copy of classified text was refused.
    """

    changed = Signal()
    copy_blocked = Signal()

    def __init__(self, desc: LedgerDescription, users: list[tuple[str, str]] | None = None,
                 parent: QWidget | None = None, current_user: str = "") -> None:
        super().__init__(parent)
        self.desc = desc
        self.current_user = current_user
        self.setObjectName(f"form_{desc.id}")
        self.users = users or []
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.entry: Entry | None = None
        self.guard = CopyGuard(self)
        self.guard.blocked.connect(self.copy_blocked)
        self.enter_moves_on = EnterMovesOn(self)
        self._classification_touched = False

        self._shown = {f.name for f in desc.visible_fields}
        self._kept: dict[str, Any] = {}

        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for fld in desc.visible_fields:
            w = self._make_widget(fld)
            w.setObjectName(fld.name)
            if fld.help:
                w.setToolTip(fld.help)
            if desc.workflow is not None and fld.name == desc.workflow.requester:
                # Who asks is who files it (献县办法 第六十条): the core writes it.
                w.setEnabled(False)
                w.setToolTip(f"{fld.help}；由系统记为登记本条的账号，不能改动"
                             if fld.help else "由系统记为登记本条的账号，不能改动")
            for signal in changes_of(w):
                signal.connect(self.changed)
                if fld.name in desc.classification_inputs:
                    signal.connect(self._apply_classification_rule)
            if isinstance(w, (QLineEdit, QAbstractSpinBox, QComboBox)):
                w.installEventFilter(self.enter_moves_on)
            if isinstance(w, QComboBox):
                narrow_combo(w)
            self.widgets[fld.name] = w
            label = QLabel(("* " if fld.required else "") + fld.label, self)
            label.setBuddy(w)
            layout.addRow(label, self._with_error(fld.name, w))

        self.classification = QComboBox(self)
        self.classification.setObjectName("classification")
        for c in Classification:
            self.classification.addItem(c.value, c.value)
        self.classification.activated.connect(self._classification_chosen)
        self.retention = QLineEdit(self)
        self.retention.setObjectName("retention")
        self.retention.setPlaceholderText("如：1年、10年、长期（秘密、机密必填）")
        layout.addRow("* 密级", self._with_error("classification", self.classification))
        layout.addRow("保密期限", self._with_error("retention", self.retention))
        self.widgets["classification"] = self.classification
        self.widgets["retention"] = self.retention
        for w in (self.classification, self.retention):
            w.installEventFilter(self.enter_moves_on)
        narrow_combo(self.classification)
        self.retention.textEdited.connect(self.changed)
        self.classification.currentIndexChanged.connect(self._classification_changed)
        self.clear()

    # -- construction ------------------------------------------------------------
    def _with_error(self, name: str, w: QWidget) -> QWidget:
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(w)
        err = QLabel("", box)
        err.setObjectName(f"{name}_error")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        v.addWidget(err)
        self.errors[name] = err
        return box

    def _make_widget(self, fld: Field) -> QWidget:
        t = fld.type
        if t is FieldType.LONGTEXT:
            text = QPlainTextEdit(self)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(80)
            text.installEventFilter(self.guard)
            w: QWidget = text
        elif t is FieldType.DATE:
            w = DateEdit(fld.required, self)
        elif t is FieldType.DATETIME:
            w = date_time_edit(self)
        elif t is FieldType.INTEGER:
            w = QSpinBox(self)
            w.setRange(*fld.bounds)
        elif t is FieldType.DECIMAL:
            w = DecimalEdit(fld, self)
        elif t is FieldType.CHOICE:
            w = QComboBox(self)
            if not fld.required:
                w.addItem("", None)
            else:
                w.addItem("（请选择）", None)
            for ch in fld.choices:
                w.addItem(ch.label, ch.value)
        elif t is FieldType.BOOL:
            w = QCheckBox(self)
        elif t is FieldType.USER:
            # The group's accounts to pick from; a typed name is checked by the core
            # (a display name is taken as its account, any other name is refused).
            w = QComboBox(self)
            w.setEditable(True)
            w.addItem("", "")
            for username, display in self.users:
                w.addItem(f"{display}（{username}）", username)
            line = w.lineEdit()
            if line is not None:
                line.setPlaceholderText("从本组人员中选择")
            w.setToolTip("填写本组人员：从列表中选择，或输入姓名、账号")
        elif t is FieldType.TABLE:
            w = TableEditor(fld, self)
        else:
            # No maxLength: a longer paste is kept whole and the core says how much
            # too long it is, instead of the end being cut off unseen.
            w = QLineEdit(self)
            w.installEventFilter(self.guard)
        return w

    # -- values ------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds, as raw values for the core to check."""
        out: dict[str, Any] = {}
        for fld in self.desc.fields:
            if fld.name not in self._shown:
                if self.entry is not None:
                    out[fld.name] = self.entry.values.get(fld.name)
                elif fld.name in self._kept:
                    out[fld.name] = self._kept[fld.name]
                continue
            w = self.widgets[fld.name]
            if isinstance(w, QPlainTextEdit):
                out[fld.name] = w.toPlainText()
            elif isinstance(w, DateEdit):
                out[fld.name] = w.value()
            elif isinstance(w, QDateTimeEdit):
                out[fld.name] = w.dateTime().toString("yyyy-MM-dd HH:mm")
            elif isinstance(w, QSpinBox):
                out[fld.name] = w.value()
            elif isinstance(w, DecimalEdit):
                out[fld.name] = w.text_value()
            elif isinstance(w, QComboBox) and fld.type is FieldType.USER:
                data = w.currentData()
                out[fld.name] = data if data and w.currentText() == w.itemText(
                    w.currentIndex()) else w.currentText()
            elif isinstance(w, QComboBox):
                out[fld.name] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[fld.name] = w.isChecked()
            elif isinstance(w, TableEditor):
                out[fld.name] = w.value()
            elif isinstance(w, QLineEdit):
                out[fld.name] = w.text()
        return out

    def chosen_classification(self) -> str:
        return str(self.classification.currentData())

    def set_values(self, values: dict[str, Any]) -> None:
        self._kept = {f.name: values.get(f.name) for f in self.desc.fields
                      if f.name not in self._shown and not f.retired}
        for fld in self.desc.visible_fields:
            w = self.widgets[fld.name]
            v = values.get(fld.name)
            if v is None and fld.succeeds:
                v = values.get(fld.succeeds)  # an entry from before a change of kind
            w.blockSignals(True)
            try:
                if isinstance(w, QPlainTextEdit):
                    w.setPlainText("" if v is None else str(v))
                elif isinstance(w, DateEdit):
                    w.set_value(v)
                elif isinstance(w, QDateTimeEdit):
                    w.setDateTime(
                        QDateTime.fromString(str(v).replace("T", " "), "yyyy-MM-dd HH:mm") if v
                        else QDateTime(QDate.currentDate(), QTime.currentTime()))
                elif isinstance(w, QSpinBox):
                    w.setValue(int(v) if v is not None else max(w.minimum(), 0))
                elif isinstance(w, DecimalEdit):
                    w.set_text_value(v)
                elif isinstance(w, QComboBox) and fld.type is FieldType.USER:
                    i = w.findData(v)
                    if i >= 0:
                        w.setCurrentIndex(i)
                    else:
                        w.setEditText("" if v is None else str(v))
                elif isinstance(w, QComboBox):
                    w.setCurrentIndex(max(0, w.findData(v)))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(v))
                elif isinstance(w, TableEditor):
                    w.set_value(v)
                elif isinstance(w, QLineEdit):
                    w.setText("" if v is None else str(v))
            finally:
                w.blockSignals(False)

    def clear(self, prefill: dict[str, Any] | None = None) -> None:
        """An empty form for a new entry (defaults and any pre-filled values)."""
        self.entry = None
        self._fix_filed_fields()
        self._classification_touched = False
        values = self.desc.defaults(self.current_user)
        values.update(prefill or {})
        self.set_values(values)
        self._set_classification(self.desc.classification_for(
            dict(self.values())), "")
        self.clear_errors()
        self._update_guard()

    def _fix_filed_fields(self) -> None:
        """For whom a request is entered is fixed once it is filed (献县办法 第六十条)."""
        wf = self.desc.workflow
        if wf is not None and wf.on_behalf_of in self.widgets:
            self.widgets[wf.on_behalf_of].setEnabled(self.entry is None)

    def load(self, entry: Entry) -> None:
        """Show a stored entry."""
        self.entry = entry
        self._fix_filed_fields()
        self.set_values(entry.values)
        self._classification_touched = True
        self._set_classification(entry.classification, entry.retention)
        self.clear_errors()
        self._update_guard()

    def _set_classification(self, cls: Classification, retention: str) -> None:
        self.classification.blockSignals(True)
        self.classification.setCurrentIndex(self.classification.findData(cls.value))
        self.classification.blockSignals(False)
        self.retention.setText(retention or DEFAULT_RETENTION[cls])
        self._update_guard()

    def _classification_chosen(self, _index: int) -> None:
        self._classification_touched = True

    def _classification_changed(self, _index: int) -> None:
        cls = Classification.parse(self.chosen_classification())
        if cls.is_classified and not self.retention.text().strip():
            self.retention.setText(DEFAULT_RETENTION[cls])
        if not cls.is_classified:
            self.retention.clear()
        self._update_guard()
        self.changed.emit()

    def _apply_classification_rule(self, *_changed: object) -> None:
        """Re-propose the 密级 from the content, unless the person chose one."""
        if self._classification_touched:
            return
        cls = self.desc.classification_for(self.values())
        self.classification.setCurrentIndex(self.classification.findData(cls.value))

    def _update_guard(self) -> None:
        cls = Classification.parse(self.chosen_classification())
        self.guard.active = cls.is_classified
        policy = (Qt.ContextMenuPolicy.NoContextMenu if cls.is_classified
                  else Qt.ContextMenuPolicy.DefaultContextMenu)
        for w in self.widgets.values():
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.setContextMenuPolicy(policy)

    # -- errors ------------------------------------------------------------------
    def focus_order(self) -> list[QWidget]:
        """The form's fields in Tab order: the description's order, then 密级, 保密期限."""
        out: list[QWidget] = []
        for w in self.widgets.values():
            if isinstance(w, TableEditor):
                out.extend(w.focus_order())
            else:
                out.append(w)
        return out

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the first bad field gets the focus."""
        self.clear_errors()
        first: QWidget | None = None
        for name, message in errors.items():
            label = self.errors.get(name)
            if label is None:
                continue
            label.setText(message)
            label.show()
            if first is None:
                first = self.widgets.get(name)
        if first is not None:
            first.setFocus()

    def unmatched_errors(self, errors: dict[str, str]) -> list[str]:
        return [m for n, m in errors.items() if n not in self.errors]


def changes_of(w: QWidget) -> list[SignalInstance]:
    """The signals by which a form widget says its value changed."""
    if isinstance(w, (QPlainTextEdit, QLineEdit)):
        return [w.textChanged]
    if isinstance(w, QDateTimeEdit):  # DateEdit too
        return [w.dateTimeChanged]
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        return [w.valueChanged]
    if isinstance(w, QComboBox):
        return [w.currentIndexChanged, w.editTextChanged] if w.isEditable() \
            else [w.currentIndexChanged]
    if isinstance(w, QCheckBox):
        return [w.toggled]
    if isinstance(w, TableEditor):
        return [w.changed]
    return []


def narrow_combo(w: QComboBox) -> None:
    """A choice as wide as the form gives it, not as its longest item: a long article
    item then never pushes the form beyond a small screen (the open list shows it whole)."""
    w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    w.setMinimumContentsLength(COMBO_MIN_CHARS)
    for i in range(w.count()):
        w.setItemData(i, w.itemText(i), Qt.ItemDataRole.ToolTipRole)


def date_time_edit(parent: QWidget) -> QDateTimeEdit:
    """A date-and-time widget to the minute, over the dates the core accepts."""
    w = DateTimeEdit(parent)
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd HH:mm")
    w.setDateTimeRange(QDateTime(FIRST_DATE, QTime(0, 0)), QDateTime(LAST_DATE, QTime(23, 59)))
    return w


def today_iso() -> str:
    return dt.date.today().isoformat()
