"""An entry's history: every version (who, when, what changed) and every
audit entry that names it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.audit import ACTION_LABELS, AuditRecord
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Revision


def changes(desc: LedgerDescription, before: dict[str, Any] | None,
            after: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, old text, new text) for each field that differs between versions."""
    out = []
    old_values = (before or {}).get("values", {})
    new_values = after["values"]
    for f in desc.fields:
        old, new = old_values.get(f.name), new_values.get(f.name)
        if before is None or old != new:
            out.append((f.label, f.formatted(old, old_values) if before else "",
                        f.formatted(new, new_values)))
    for key, label in (("classification", "密级"), ("retention", "保密期限"), ("status", "状态"),
                       ("void_reason", "作废原因")):
        old = (before or {}).get(key)
        if before is not None and old != after.get(key):
            shown = desc.status_label if key == "status" else str
            out.append((label, shown(old or ""), shown(after.get(key) or "")))
    return out


class HistoryDialog(QDialog):
    """Versions and audit trail of one entry."""

    def __init__(self, desc: LedgerDescription, title: str, revisions: list[Revision],
                 audits: list[AuditRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(f"历史记录 — {title}")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{desc.name}”条目：{title}", self))
        tabs = QTabWidget(self)
        tabs.setObjectName("historyTabs")
        layout.addWidget(tabs)

        self.versions = QTableWidget(0, 5, self)
        self.versions.setObjectName("historyVersions")
        self.versions.setHorizontalHeaderLabels(["版本", "时间", "操作人", "操作", "改动"])
        self.versions.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        prev: dict[str, Any] | None = None
        for rev in revisions:
            diff = changes(desc, prev, rev.data)
            text = "；".join(f"{label}：{old} → {new}" if prev else f"{label}：{new}"
                            for label, old, new in diff if new or old)
            self._row(self.versions, [f"第 {rev.version} 版", rev.at, rev.username,
                                      ACTION_LABELS.get(rev.action, rev.action), text])
            prev = rev.data
        self.versions.resizeRowsToContents()
        tabs.addTab(self.versions, "版本记录")

        self.audit = QTableWidget(0, 4, self)
        self.audit.setObjectName("historyAudit")
        self.audit.setHorizontalHeaderLabels(["序号", "时间", "操作人", "操作"])
        self.audit.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for a in audits:
            self._row(self.audit, [str(a.seq), a.at, a.username, a.action_label])
        tabs.addTab(self.audit, "审计记录")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("historyButtons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _row(table: QTableWidget, cells: list[str]) -> None:
        r = table.rowCount()
        table.insertRow(r)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
