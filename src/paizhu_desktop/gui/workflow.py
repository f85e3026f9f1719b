"""The approval part of an entry: its state, what was recorded by whom, the
steps the user may take now, and the "enter once" actions (derivations).

Everything is decided in the core (:meth:`LedgerService.available_steps`,
:meth:`LedgerService.step`); this panel only shows it and asks for the note
or the fields a step needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.fields import Field, FieldType
from paizhu_desktop.core.ledgers.workflow import Step
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.form import (
    ERROR_STYLE,
    FIRST_DATE,
    LAST_DATE,
    DecimalEdit,
    date_time_edit,
)


class StepDialog(QDialog):
    """Confirms a step and asks for its note and fields (e.g. 归还时间、办结情况)."""

    def __init__(self, desc: LedgerDescription, entry: Entry, step: Step,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepDialog")
        self.setWindowTitle(step.label)
        layout = QVBoxLayout(self)
        head = QLabel(f"{step.label}：{entry.summary}", self)
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        now = QDateTime.currentDateTime()
        for name in step.asks:
            fld = desc.field(name)
            w: QWidget
            if fld.type is FieldType.DATETIME:
                w = date_time_edit(self)
                w.setDateTime(now)
            elif fld.type is FieldType.DATE:
                w = QDateEdit(now.date(), self)
                w.setDisplayFormat("yyyy-MM-dd")
                w.setCalendarPopup(True)
                w.setDateRange(FIRST_DATE, LAST_DATE)
            elif fld.type is FieldType.INTEGER:
                w = QSpinBox(self)
                w.setRange(*fld.bounds)
            elif fld.type is FieldType.DECIMAL:
                w = DecimalEdit(fld, self)
            elif fld.type is FieldType.LONGTEXT:
                w = QPlainTextEdit(self)
                w.setTabChangesFocus(True)
                w.setMinimumHeight(70)
            else:
                w = QLineEdit(self)
            w.setObjectName(name)
            self.fields[name] = w
            form.addRow(f"* {fld.label}", w)
        self.note = QLineEdit(self)
        self.note.setObjectName("stepNote")
        self.note.setPlaceholderText("（必填）" if step.note_required else "（可不填）")
        form.addRow(("* " if step.note_required else "") + step.note_label, self.note)
        layout.addLayout(form)
        self.error = QLabel("", self)
        self.error.setObjectName("stepError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(step.label, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("stepConfirm")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("stepCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def data(self) -> dict[str, Any]:
        """The asked fields' raw values, for the core to check."""
        out: dict[str, Any] = {}
        for name, w in self.fields.items():
            if isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
                out[name] = w.dateTime().toString("yyyy-MM-dd HH:mm")
            elif isinstance(w, QDateEdit):
                out[name] = w.date().toString("yyyy-MM-dd")
            elif isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText()
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, DecimalEdit):
                out[name] = w.text_value()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
        return out


class WorkflowPanel(QWidget):
    """State, record and step buttons of the entry shown in the form.

    Signals:
        stepped(Entry): a step was taken; the entry as stored now.
        derive(str, dict): open ``target`` ledger with these pre-filled values.
        message(str): a status line.

    Attributes:
        before_step: asked before any step; a step is not taken when it says False.
    """

    stepped = Signal(object)
    derive = Signal(str, dict)
    message = Signal(str)

    def __init__(self, session: UserSession, desc: LedgerDescription,
                 parent: QWidget | None = None, *,
                 user_names: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.desc = desc
        self.user_names = user_names or {}
        self.entry: Entry | None = None
        self.before_step: Callable[[], bool] | None = None
        self.setObjectName("workflowPanel")
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 4, 0, 0)
        self.state = QLabel("", self)
        self.state.setObjectName("workflowState")
        self.state.setWordWrap(True)
        v.addWidget(self.state)
        self.record = QLabel("", self)
        self.record.setObjectName("workflowRecord")
        self.record.setWordWrap(True)
        v.addWidget(self.record)
        self.error = QLabel("", self)
        self.error.setObjectName("workflowError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        v.addWidget(self.error)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        if desc.workflow is not None:
            for st in desc.workflow.steps:
                b = QPushButton(st.label, self)
                b.setObjectName(f"step_{st.action}")
                b.clicked.connect(lambda _=False, s=st: self.take(s))
                self.buttons[st.action] = b
                row.addWidget(b)
        for d in desc.derivations:
            b = QPushButton(d.label, self)
            b.setObjectName(f"derive_{d.action}")
            b.setToolTip(f"新建一条“{d.target}”条目，内容从本条预填并与本条关联")
            b.clicked.connect(lambda _=False, a=d.action: self._derive(a))
            self.buttons[f"derive_{d.action}"] = b
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.set_entry(None)

    def set_entry(self, entry: Entry | None) -> None:
        """Show ``entry``'s state and enable what the user may do with it."""
        self.entry = entry
        self.error.clear()
        wf = self.desc.workflow
        if entry is None:
            self.state.setText(f"新建后状态：{wf.label(wf.initial)}" if wf else "")
            self.record.clear()
            for b in self.buttons.values():
                b.setEnabled(False)
                b.setToolTip("请先保存或选中一个条目")
            self.setVisible(bool(self.buttons))
            return
        self.setVisible(bool(self.buttons))
        if wf is not None:
            state = "已作废" if entry.voided else wf.label(entry.status)
            self.state.setText(f"<b>状态：{state}</b>")
        # What the steps recorded, each in its declared format (用印编号 2026-039).
        recorded = [f"{f.label}：{self._shown(f, entry)}" for f in self.desc.fields
                    if f.name in self.desc.recorded_fields
                    and entry.values.get(f.name) not in (None, "", [])]
        self.record.setText("；".join(recorded))
        readonly = self.session.db.readonly
        if wf is not None:
            for st in wf.steps:
                b = self.buttons[st.action]
                visible = entry.status in st.sources and not entry.voided
                b.setVisible(visible)
                refusal = self.session.ledgers.refusal(entry, st) if visible else None
                b.setEnabled(visible and refusal is None and not readonly)
                b.setToolTip(refusal or "")
        for d in self.desc.derivations:
            b = self.buttons[f"derive_{d.action}"]
            b.setEnabled(not entry.voided and not readonly)
            b.setToolTip("")

    def _shown(self, fld: Field, entry: Entry) -> str:
        text = entry.display(fld.name)
        return self.user_names.get(text, text) if fld.type is FieldType.USER else text

    def take(self, step: Step, *, note: str | None = None,
             data: dict[str, Any] | None = None) -> bool:
        """Take ``step`` on the shown entry; asks for note and fields unless given.

        ``before_step`` (the page's question about unsaved edits) is asked first: a
        step reloads the entry, which must not throw away what was typed.
        """
        if self.before_step is not None and not self.before_step():
            return False
        entry = self.entry
        if entry is None:
            return False
        refusal = self.session.ledgers.refusal(entry, step)
        if refusal:
            self.error.setText(refusal)
            return False
        if note is None:
            dialog = StepDialog(self.desc, entry, step, self)
            while True:
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                note, data = dialog.note.text(), dialog.data()
                try:
                    stored = self.session.ledgers.step(
                        self.desc.id, entry.id, step.action, note=note, data=data,
                        expected_version=entry.version)
                except ValidationError as exc:
                    dialog.error.setText("；".join(exc.errors.values()))
                    continue
                except Exception as exc:
                    dialog.error.setText(user_message(exc))
                    continue
                break
        else:
            try:
                stored = self.session.ledgers.step(self.desc.id, entry.id, step.action,
                                                   note=note, data=data,
                                                   expected_version=entry.version)
            except Exception as exc:
                self.error.setText(user_message(exc))
                return False
        self.message.emit(f"已办理“{step.label}”：{stored.summary}")
        self.stepped.emit(stored)
        return True

    def _derive(self, action: str) -> None:
        if self.entry is None:
            return
        try:
            target, values = self.session.ledgers.derive(self.desc.id, self.entry.id, action)
        except Exception as exc:
            self.error.setText(user_message(exc))
            return
        self.derive.emit(target, values)
