"""Small widgets the pages share."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget


def pick_table(parent: QWidget, object_name: str, headers: Sequence[str]) -> QTableWidget:
    """A read-only table of records to pick one from (whole rows, one at a time)."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def confirmed(box: QMessageBox, accept_text: str, accept_name: str) -> bool:
    """Ask ``box``'s question with a named button for yes and 取消; whether yes it was."""
    yes = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName(accept_name)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes
