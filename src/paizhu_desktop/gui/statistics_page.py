"""统计: the declared figures by period for one group or all of them, a chart of a
figure across groups or periods, each group's compliance report, and the
records behind any figure (a double-click lists them; each opens read-only).

In a county database every group that sent a file is a column of the chart and
a choice of the group box; in a group's own database the page shows its own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core import statistics
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.widgets import pick_table

_ALL = "__all__"


class StatisticsPage(QWidget):
    """The 统计 page.

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
    """

    open_entry = Signal(str, str)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stats: statistics.Statistics | None = None
        self.setObjectName("statisticsPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度", self))
        self.year = QSpinBox(self)
        self.year.setObjectName("statsYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        bar.addWidget(self.year)
        bar.addWidget(QLabel("周期", self))
        self.by = QComboBox(self)
        self.by.setObjectName("statsBy")
        for key, label in statistics.BY_LABELS.items():
            self.by.addItem(label, key)
        bar.addWidget(self.by)
        bar.addWidget(QLabel("派驻机构", self))
        self.group = QComboBox(self)
        self.group.setObjectName("statsGroup")
        self.group.setMinimumContentsLength(16)
        bar.addWidget(self.group, 1)
        self.print_button = QPushButton("打印…", self)
        self.print_button.setObjectName("statsPrint")
        self.print_button.setEnabled(session.can(Permission.PRINT))
        self.print_button.clicked.connect(self.print_report)
        bar.addWidget(self.print_button)
        self.preview: QDialog | None = None
        self.export_button = QPushButton("导出 Excel…", self)
        self.export_button.setObjectName("statsExport")
        self.export_button.setEnabled(session.can(Permission.EXPORT))
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.export_button)
        v.addLayout(bar)
        self.note = QLabel("双击任一数字，列出其依据的记录。", self)
        self.note.setObjectName("statsNote")
        v.addWidget(self.note)

        tabs = QTabWidget(self)
        tabs.setObjectName("statsTabs")
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 0, split)
        self.table.setObjectName("statsTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._records_of_cell)
        self.table.currentCellChanged.connect(lambda row, *_: self._chart(row))
        self.chart_view = QChartView(split)
        self.chart_view.setObjectName("statsChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(180)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        tabs.addTab(split, "统计项")
        self.compliance = QTableWidget(0, 8, self)
        self.compliance.setObjectName("statsCompliance")
        self.compliance.setHorizontalHeaderLabels(
            ["派驻机构", "应办", "按时完成", "逾期完成", "未完成", "未到期", "按时率", "说明"])
        self.compliance.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.compliance.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tabs.addTab(self.compliance, "职责履行")
        grades = QWidget(self)
        gv = QVBoxLayout(grades)
        self.grades = QTableWidget(0, 6, grades)
        self.grades.setObjectName("statsGrades")
        self.grades.setHorizontalHeaderLabels(
            ["派驻机构", "年度考核等次", "百分制得分", "计分等次", "排名", "干部年度考核"])
        self.grades.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grades.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        gv.addWidget(self.grades)
        self.quota = QLabel("", grades)
        self.quota.setObjectName("statsQuota")
        self.quota.setWordWrap(True)
        gv.addWidget(self.quota)
        tabs.addTab(grades, "考核")
        v.addWidget(tabs, 1)
        self._fill_groups()
        self.year.valueChanged.connect(self.refresh)
        self.by.currentIndexChanged.connect(self.refresh)
        self.group.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def _fill_groups(self) -> None:
        stats = statistics.compute(self.session, self.year.value(), figure_ids=())
        if len(stats.groups) > 1:
            self.group.addItem("全部派驻机构", _ALL)
        for origin, name in stats.groups:
            self.group.addItem(name, origin)
        if not stats.groups:
            self.group.addItem("（尚未导入任何派驻机构的交接文件）", _ALL)

    def _origin(self) -> str | None:
        data = self.group.currentData()
        return None if data in (None, _ALL) else str(data)

    def refresh(self) -> None:
        """Compute the figures afresh for the chosen year, period and group."""
        try:
            self.stats = statistics.compute(self.session, self.year.value(),
                                            self.by.currentData())
            reports = statistics.compliance_by_group(self.session, self.year.value())
            overview = statistics.assessments(self.session, self.year.value())
        except PaizhuError as exc:
            QMessageBox.warning(self, "统计", user_message(exc))
            return
        stats, origin = self.stats, self._origin()
        headers = ["统计项", "依据", *(label for _, label, _ in stats.periods), "合计"]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(stats.figures))
        for row, fig in enumerate(stats.figures):
            cells = [fig.name, fig.article,
                     *(str(stats.value(fig.id, origin, m)) for _, _, m in stats.periods),
                     str(stats.value(fig.id, origin))]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip("双击列出依据的记录")
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.compliance.setRowCount(len(reports))
        for row, (_o, name, report) in enumerate(reports):
            t = report.get("total") or {}
            values = [name, t.get("due", 0), t.get("on_time", 0), t.get("late", 0),
                      t.get("missed", 0), t.get("open", 0), t.get("rate", "—"),
                      "" if report else "未收到本年度交接文件"]
            for col, value in enumerate(values):
                self.compliance.setItem(row, col, QTableWidgetItem(str(value)))
        self.grades.setRowCount(len(overview.groups))
        for row, g in enumerate(overview.groups):
            cadres = "、".join(f"{k} {v}" for k, v in g.cadres.items())
            for col, text in enumerate((g.name, g.grade or "—", g.score or "—",
                                        g.score_grade or "—",
                                        str(g.rank) if g.rank else "—", cadres or "—")):
                self.grades.setItem(row, col, QTableWidgetItem(text))
        self.quota.setText("；".join(overview.findings) if overview.findings else
                           "优秀等次比例符合规定（派驻机构不超过30%，干部不超过20%；"
                           "献县办法 第六十九条、第七十条）。")
        self._chart(max(0, self.table.currentRow()))

    def _chart(self, row: int) -> None:
        """A bar chart of one figure: groups side by side (all groups), else by period."""
        stats = self.stats
        chart = QChart()
        chart.legend().setVisible(False)
        if stats is None or not 0 <= row < len(stats.figures):
            self.chart_view.setChart(chart)
            return
        fig = stats.figures[row]
        series = QBarSeries()
        origin = self._origin()
        if origin is None and len(stats.groups) > 1:
            names = [name for _, name in stats.groups]
            values = [stats.value(fig.id, o) for o, _ in stats.groups]
        else:
            names = [label for _, label, _ in stats.periods]
            values = [stats.value(fig.id, origin, m) for _, _, m in stats.periods]
        bars = QBarSet(fig.name)
        for value in values:
            bars.append(value)
        series.append(bars)
        chart.addSeries(series)
        chart.setTitle(f"{fig.name}（{fig.unit}）— {fig.article}")
        x = QBarCategoryAxis()
        x.append(names)
        y = QValueAxis()
        y.setRange(0, max([1, *values]))
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.chart_view.setChart(chart)

    def _records_of_cell(self, row: int, col: int) -> None:
        stats = self.stats
        if stats is None or col < 2 or row >= len(stats.figures):
            return
        fig = stats.figures[row]
        periods = stats.periods
        months = periods[col - 2][2] if col - 2 < len(periods) else tuple(range(1, 13))
        try:
            found = statistics.records_behind(self.session, fig.id, stats.year, self._origin(),
                                              months)
        except PaizhuError as exc:
            QMessageBox.warning(self, "统计", user_message(exc))
            return
        dialog = RecordsDialog(self.session, f"{fig.name}：{len(found)} {fig.unit}", found, self)
        dialog.open_entry.connect(self.open_entry)
        dialog.exec()

    def print_report(self) -> None:
        """The 统计报表 in the print preview (printed or saved there, and logged)."""
        if self.stats is None:
            return
        from paizhu_desktop.core.printing.statistics_report import render_statistics

        from paizhu_desktop.gui.printing import show_preview

        try:
            job = render_statistics(self.session, self.stats)
        except PaizhuError as exc:
            QMessageBox.warning(self, "打印统计报表", user_message(exc))
            return
        self.preview = show_preview(self, self.session, job)
        self.preview.open()

    def export(self) -> None:
        """The figures as an Excel workbook (figures only, with the 密级)."""
        if self.stats is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "导出统计报表",
                                              f"{self.stats.year}年统计报表.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if not name:
            return
        from pathlib import Path

        try:
            statistics.write_xlsx(self.session, self.stats, Path(name))
        except (PaizhuError, OSError) as exc:
            QMessageBox.warning(self, "导出统计报表", user_message(exc))
            return
        self.note.setText(f"已导出 {Path(name).name}（密级：{statistics.MARKING}）。")


class RecordsDialog(QDialog):
    """The records behind a figure; a double-click opens one (read-only where imported)."""

    open_entry = Signal(str, str)

    def __init__(self, session: UserSession, title: str, found: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsRecords")
        self.setWindowTitle(title)
        self.resize(720, 420)
        v = QVBoxLayout(self)
        table = pick_table(self, "statsRecordsTable", ["台账", "日期", "内容"])
        table.setRowCount(len(found))
        self.found = found
        for row, (ledger_id, entry_id) in enumerate(found[:2000]):
            entry = session.ledgers.get(ledger_id, entry_id)
            desc = entry.ledger
            for col, text in enumerate((desc.name, desc.display(desc.date_field, entry.values),
                                        entry.summary)):
                table.setItem(row, col, QTableWidgetItem(text))
        table.cellDoubleClicked.connect(self._open)
        v.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def _open(self, row: int, _col: int) -> None:
        ledger_id, entry_id = self.found[row]
        self.open_entry.emit(ledger_id, entry_id)
        self.accept()
