"""节假日调休表: the group's table of 休 and 班 days, for the years the program does
not know yet (the 国务院办公厅 notice of the coming year; these machines stay
offline and their packages are not updated).

The 组长 or the 安全保密管理员 edits it (DOMAIN §5); each save replaces the
table in one audited change and travels with the hand-off, so the county
counts the same working days. A row can be typed or imported from a text
file, one day a line: ``2027-01-01,休,元旦``. A bad row is refused with a
Chinese message naming it; what was typed stays in the dialog.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.compliance import calendar_days, set_calendar_days
from paizhu_desktop.core.compliance.service import parse_table_text
from paizhu_desktop.core.compliance.workdays import package_years
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.session import UserSession
from paizhu_desktop.core.settings import CALENDAR_DAYS, may_change

from paizhu_desktop.gui.errors import user_message

#: The kinds as the table shows them, and as they are stored.
KINDS = (("休", "holiday"), ("班", "workday"))
#: A text file larger than this is not a holiday table.
MAX_IMPORT_BYTES = 256 * 1024


def may_edit(session: UserSession) -> bool:
    """The 组长 or the 安全保密管理员, on a database that is not a read-only backup."""
    return may_change(CALENDAR_DAYS, session.user.roles) and not session.db.readonly


class HolidayTableDialog(QDialog):
    """The table of 休/班 days: 添加, 删除, 从文本文件导入, 保存."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("holidayDialog")
        self.setWindowTitle("节假日调休表")
        self.resize(560, 520)
        v = QVBoxLayout(self)
        first, last = package_years()
        known = f"{first}—{last} 年" if first else "（无）"
        intro = QLabel(
            f"程序已内置国务院公布的 {known}放假和调休安排。以后年度，请在收到国务院办公厅"
            "通知后在此录入：放假的日子为“休”，周末调休上班的日子为“班”。本表优先于内置安排，"
            "保存后记入审计日志，并随交接文件带给县纪委监委。", self)
        intro.setObjectName("holidayIntro")
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("holidayTable")
        self.table.setHorizontalHeaderLabels(["日期（如 2027-01-01）", "休/班", "名称"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 170)
        header.resizeSection(1, 70)
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("添加一行(&A)", self)
        self.add_button.setObjectName("holidayAdd")
        self.add_button.clicked.connect(lambda: self.add_row("", "holiday", ""))
        self.remove_button = QPushButton("删除所选行(&D)", self)
        self.remove_button.setObjectName("holidayRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton("从文本文件导入(&I)…", self)
        self.import_button.setObjectName("holidayImport")
        self.import_button.setToolTip("每行一天：日期,休或班,名称，例如 2027-01-01,休,元旦")
        self.import_button.clicked.connect(lambda: self.import_file())
        for b in (self.add_button, self.remove_button, self.import_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.error = QLabel("", self)
        self.error.setObjectName("holidayError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        v.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("保存(&S)", self)
        self.save_button.setObjectName("holidaySave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        cancel = QPushButton("取消", self)
        cancel.setObjectName("holidayCancel")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        v.addLayout(buttons)
        editable = may_edit(session)
        for w in (self.add_button, self.remove_button, self.import_button, self.save_button):
            w.setEnabled(editable)
        if not editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.error.setStyleSheet("")
            self.error.setText("只有组长或安全保密管理员可以修改节假日调休表，此处仅供查看。")
        for rule in calendar_days(session):
            self.add_row(rule.date.isoformat(), rule.kind, rule.name)

    def add_row(self, day: str, kind: str, name: str) -> int:
        """Append a row (the kind as 休/班 or holiday/workday); returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        day_item = QTableWidgetItem(day)
        self.table.setItem(row, 0, day_item)
        combo = QComboBox(self.table)
        combo.setObjectName(f"holidayKind{row}")
        for label, value in KINDS:
            combo.addItem(label, value)
        stored = {"休": "holiday", "班": "workday"}.get(kind, kind)
        index = combo.findData(stored)
        if index < 0:  # an imported kind that is neither: shown as typed, refused on save
            combo.addItem(kind, kind)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.setEnabled(may_edit(self.session))
        self.table.setCellWidget(row, 1, combo)
        self.table.setItem(row, 2, QTableWidgetItem(name))
        if not day:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(day_item)
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def rows(self) -> list[dict[str, str]]:
        """The table as typed: {date, kind, name} per row (empty rows left out)."""
        return [values for _row, values in self._typed()]

    def _typed(self) -> list[tuple[int, dict[str, str]]]:
        out = []
        for row in range(self.table.rowCount()):
            day_item, name_item = self.table.item(row, 0), self.table.item(row, 2)
            combo = self.table.cellWidget(row, 1)
            day = day_item.text().strip() if day_item is not None else ""
            name = name_item.text().strip() if name_item is not None else ""
            kind = str(combo.currentData()) if isinstance(combo, QComboBox) else ""
            if day or name:
                out.append((row, {"date": day, "kind": kind, "name": name}))
        return out

    def import_text(self, text: str) -> int:
        """Add the rows of a typed or imported table; returns how many."""
        rows = parse_table_text(text)
        for r in rows:
            self.add_row(r["date"], r["kind"], r["name"])
        self.error.setStyleSheet("")
        self.error.setText(f"已导入 {len(rows)} 行，请核对后保存。" if rows else
                           "文件中没有可导入的行（每行一天：2027-01-01,休,元旦）。")
        return len(rows)

    def import_file(self, path: str | None = None) -> int:
        """从文本文件导入: UTF-8 (or GB18030, as Windows Notepad may save it)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入节假日调休表", "",
                                                  "文本文件 (*.txt *.csv);;所有文件 (*)")
            if not path:
                return 0
        try:
            data = Path(path).read_bytes()[:MAX_IMPORT_BYTES + 1]
        except OSError:
            self._fail("无法读取所选文件。")
            return 0
        if len(data) > MAX_IMPORT_BYTES:
            self._fail("文件太大，不像节假日调休表（每行一天：2027-01-01,休,元旦）。")
            return 0
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            self._fail("文件不是文本文件（应为 UTF-8 或 GB18030 编码）。")
            return 0
        return self.import_text(text)

    def _select_bad_row(self, exc: Exception, rows: list[int]) -> None:
        """Select the first row the message names (第N行 counts the rows typed)."""
        if not isinstance(exc, ValidationError):
            return
        for key in exc.errors:
            match = re.fullmatch(r"第(\d+)行", key)
            if match and 0 < int(match.group(1)) <= len(rows):
                row = rows[int(match.group(1)) - 1]
                self.table.setCurrentCell(row, 0)
                self.table.selectRow(row)
                return

    def _fail(self, message: str) -> None:
        self.error.setStyleSheet("color: #b00020;")
        self.error.setText(message)

    def save(self) -> bool:
        """Save the whole table; on a bad row the message names it and nothing is lost."""
        typed = self._typed()
        try:
            set_calendar_days(self.session, [values for _row, values in typed])
        except Exception as exc:  # shown in the dialog, which keeps every typed row
            self._fail(user_message(exc))
            self._select_bad_row(exc, [row for row, _values in typed])
            return False
        self.accept()
        return True


__all__ = ["HolidayTableDialog", "may_edit"]
