"""统计: the declared figures by period for one group or all of them, a chart of a
figure across groups or periods, a year against the last (同比), each figure over
the years (趋势, a line chart), each group's compliance report, and the records
behind any figure (a double-click lists them; each opens read-only).

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
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
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
_WHOLE_YEAR = "total"
#: The trend chart draws at most this many figures (the rows selected).
_MAX_LINES = 6


def _number_item(text: str, tip: str = "双击列出依据的记录") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


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
        self.comparison: statistics.Comparison | None = None
        self.trend: statistics.Trend | None = None
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
        tabs.addTab(self._compare_tab(), "同比")
        self.trend_tab = self._trend_tab()
        tabs.addTab(self.trend_tab, "趋势")
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
        self.tabs = tabs
        tabs.currentChanged.connect(lambda _i: self._show_trend())
        self._fill_groups()
        # The trend holds every year and group: another year, period or group keeps it.
        self.year.valueChanged.connect(lambda _v: self.refresh(recount_trend=False))
        self.by.currentIndexChanged.connect(lambda _i: self.refresh(recount_trend=False))
        self.group.currentIndexChanged.connect(lambda _i: self.refresh(recount_trend=False))
        self.refresh()

    def _compare_tab(self) -> QWidget:
        """同比: each figure of a period beside the same period last year; the chart sets
        both years' bars of the selected figure side by side over the periods."""
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("期间", box))
        self.compare_period = QComboBox(box)
        self.compare_period.setObjectName("statsComparePeriod")
        self.compare_period.currentIndexChanged.connect(lambda _i: self._fill_compare())
        bar.addWidget(self.compare_period)
        self.compare_note = QLabel("上年同期为零时，增减幅度记为“—”。", box)
        bar.addWidget(self.compare_note, 1)
        v.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical, box)
        self.compare_table = QTableWidget(0, 6, split)
        self.compare_table.setObjectName("statsCompareTable")
        self.compare_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.compare_table.cellDoubleClicked.connect(self._records_of_compare)
        self.compare_table.currentCellChanged.connect(
            lambda row, *_: self._compare_chart(row))
        self.compare_chart = QChartView(split)
        self.compare_chart.setObjectName("statsCompareChart")
        self.compare_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.compare_chart.setMinimumHeight(180)
        split.addWidget(self.compare_table)
        split.addWidget(self.compare_chart)
        v.addWidget(split, 1)
        return box

    def _trend_tab(self) -> QWidget:
        """趋势: each figure per year over every year the database holds; a line chart of
        the selected rows (Ctrl/Shift for several)."""
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 4, 0, 0)
        self.trend_note = QLabel("", box)
        self.trend_note.setObjectName("statsTrendNote")
        v.addWidget(self.trend_note)
        split = QSplitter(Qt.Orientation.Vertical, box)
        self.trend_table = QTableWidget(0, 0, split)
        self.trend_table.setObjectName("statsTrendTable")
        self.trend_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.trend_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.trend_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.trend_table.itemSelectionChanged.connect(self._trend_chart)
        self.trend_table.cellDoubleClicked.connect(self._records_of_trend)
        self.trend_view = QChartView(split)
        self.trend_view.setObjectName("statsTrendChart")
        self.trend_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        split.addWidget(self.trend_table)
        split.addWidget(self.trend_view)
        # The lines need height to be read: the chart gets as much as the table.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.trend_view.setMinimumHeight(300)
        v.addWidget(split, 1)
        return box

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

    def refresh(self, recount_trend: bool = True) -> None:
        """Compute the figures afresh for the chosen year, period and group (and, unless
        told not to, the trend when its tab is next shown: the records may have changed)."""
        try:
            # One scan covers this year and the last: the 同比 tab costs nothing more.
            self.comparison = statistics.compare(self.session, self.year.value(),
                                                 self.by.currentData())
            self.stats = self.comparison.current
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
        self._fill_compare_periods()
        if recount_trend:
            self.trend = None  # recomputed when its tab is shown (every year: a wider scan)
        self._show_trend()

    def _fill_compare_periods(self) -> None:
        stats = self.stats
        if stats is None:
            return
        keep = self.compare_period.currentData()
        self.compare_period.blockSignals(True)
        self.compare_period.clear()
        if stats.by != "year":
            for key, label, _m in stats.periods:
                self.compare_period.addItem(label, key)
        self.compare_period.addItem("全年", _WHOLE_YEAR)
        at = self.compare_period.findData(keep)
        # The same half, quarter or month of another year keeps its place.
        if at < 0 and isinstance(keep, str) and "-" in keep:
            at = self.compare_period.findData(f"{stats.year}-{keep.split('-', 1)[1]}")
        self.compare_period.setCurrentIndex(max(0, at))
        self.compare_period.blockSignals(False)
        self._fill_compare()

    def _compare_months(self) -> tuple[int, ...]:
        key = self.compare_period.currentData()
        if self.stats is not None:
            for k, _label, months in self.stats.periods:
                if k == key:
                    return months
        return tuple(range(1, 13))

    def _fill_compare(self) -> None:
        """The 同比 table for the chosen period and group."""
        comparison = self.comparison
        if comparison is None:
            return
        year, before = comparison.year, comparison.previous.year
        label = self.compare_period.currentText() or "全年"
        headers = ["统计项", "依据", f"{year}年{label}", f"{before}年同期", "增减", "增减幅度"]
        self.compare_table.clear()
        self.compare_table.setHorizontalHeaderLabels(headers)
        figures = comparison.current.figures
        self.compare_table.setRowCount(len(figures))
        months, origin = self._compare_months(), self._origin()
        for row, fig in enumerate(figures):
            c = comparison.change(fig.id, origin, months)
            self.compare_table.setItem(row, 0, QTableWidgetItem(fig.name))
            self.compare_table.setItem(row, 1, QTableWidgetItem(fig.article))
            self.compare_table.setItem(row, 2, _number_item(str(c.value)))
            self.compare_table.setItem(row, 3, _number_item(str(c.previous)))
            delta = _number_item(c.delta_text, "")
            percent = _number_item(c.percent_text, "" if c.previous else "上年同期为零")
            for item in (delta, percent):
                # Up and down told apart by colour as well as sign.
                if c.delta > 0:
                    item.setForeground(Qt.GlobalColor.darkRed)
                elif c.delta < 0:
                    item.setForeground(Qt.GlobalColor.darkGreen)
            self.compare_table.setItem(row, 4, delta)
            self.compare_table.setItem(row, 5, percent)
        header = self.compare_table.horizontalHeader()
        self.compare_table.resizeColumnsToContents()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._compare_chart(max(0, self.compare_table.currentRow()))

    def _compare_chart(self, row: int) -> None:
        """Both years' bars of one figure, period by period."""
        comparison = self.comparison
        chart = QChart()
        if comparison is None or not 0 <= row < len(comparison.current.figures):
            self.compare_chart.setChart(chart)
            return
        fig = comparison.current.figures[row]
        origin = self._origin()
        periods = comparison.current.periods
        series = QBarSeries()
        top = 1
        for stats in (comparison.current, comparison.previous):
            bars = QBarSet(f"{stats.year}年")
            for _k, _label, months in periods:
                value = stats.value(fig.id, origin, months)
                bars.append(value)
                top = max(top, value)
            series.append(bars)
        chart.addSeries(series)
        chart.setTitle(f"{fig.name}（{fig.unit}）同比 — {fig.article}")
        x = QBarCategoryAxis()
        x.append([label for _k, label, _m in periods])
        y = QValueAxis()
        y.setRange(0, top)
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.compare_chart.setChart(chart)

    def _show_trend(self) -> None:
        """The 趋势 tab for the chosen group; counted when first shown after a refresh."""
        if self.tabs.currentWidget() is not self.trend_tab:
            return
        if self.trend is None:
            try:
                self.trend = statistics.trend(self.session)
            except PaizhuError as exc:
                QMessageBox.warning(self, "统计", user_message(exc))
                return
        self._fill_trend()

    def _fill_trend(self) -> None:
        trend = self.trend
        if trend is None:
            return
        origin = self._origin()
        selected = {i.row() for i in self.trend_table.selectionModel().selectedRows()}
        headers = ["统计项", "依据", *(f"{y}年" for y in trend.years)]
        self.trend_table.blockSignals(True)
        self.trend_table.clear()
        self.trend_table.setColumnCount(len(headers))
        self.trend_table.setHorizontalHeaderLabels(headers)
        self.trend_table.setRowCount(len(trend.figures))
        for row, fig in enumerate(trend.figures):
            self.trend_table.setItem(row, 0, QTableWidgetItem(fig.name))
            self.trend_table.setItem(row, 1, QTableWidgetItem(fig.article))
            for col, value in enumerate(trend.series(fig.id, origin), start=2):
                self.trend_table.setItem(row, col, _number_item(str(value)))
        self.trend_table.resizeColumnsToContents()
        self.trend_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        if not selected:
            # At first the busiest figure is drawn.
            totals = [sum(trend.series(f.id, origin)) for f in trend.figures]
            selected = {max(range(len(totals)), key=totals.__getitem__)} if totals else set()
        self.trend_table.blockSignals(False)
        model = self.trend_table.selectionModel()
        for row in selected:
            model.select(self.trend_table.model().index(row, 0),
                         model.SelectionFlag.Select | model.SelectionFlag.Rows)
        scope = self.group.currentText()
        self.trend_note.setText(
            f"{scope}：{trend.years[0]}—{trend.years[-1]}年各统计项逐年数值。"
            f"选中一行或多行（Ctrl、Shift）绘制折线图，最多 {_MAX_LINES} 项；双击数字列出记录。")
        self._trend_chart()

    def _trend_chart(self) -> None:
        """A line chart of the selected figures over the years."""
        trend = self.trend
        chart = QChart()
        rows = sorted({i.row() for i in self.trend_table.selectionModel().selectedRows()})
        if trend is None or not rows:
            self.trend_view.setChart(chart)
            return
        origin = self._origin()
        x = QValueAxis()
        first, last = trend.years[0], trend.years[-1]
        x.setRange(first - 0.5 if first == last else first, last + 0.5 if first == last
                   else last)
        x.setTickCount(max(2, min(len(trend.years), 12)))
        x.setLabelFormat("%d")
        y = QValueAxis()
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        top = 1
        for row in rows[:_MAX_LINES]:
            fig = trend.figures[row]
            series = QLineSeries()
            series.setName(f"{fig.name}（{fig.unit}）")
            series.setPointsVisible(True)
            for year, value in zip(trend.years, trend.series(fig.id, origin), strict=True):
                series.append(year, value)
                top = max(top, value)
            chart.addSeries(series)
            series.attachAxis(x)
            series.attachAxis(y)
        y.setRange(0, top)
        y.applyNiceNumbers()
        chart.setTitle("逐年趋势" + ("" if len(rows) <= _MAX_LINES
                                     else f"（仅绘前 {_MAX_LINES} 项）"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.trend_view.setChart(chart)

    def _records_of_compare(self, row: int, col: int) -> None:
        comparison = self.comparison
        if comparison is None or col not in (2, 3) or row >= len(comparison.current.figures):
            return
        year = comparison.year if col == 2 else comparison.previous.year
        self._show_records(comparison.current.figures[row].id, year, self._compare_months())

    def _records_of_trend(self, row: int, col: int) -> None:
        trend = self.trend
        if trend is None or col < 2 or row >= len(trend.figures):
            return
        self._show_records(trend.figures[row].id, trend.years[col - 2], tuple(range(1, 13)))

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
        periods = stats.periods
        months = periods[col - 2][2] if col - 2 < len(periods) else tuple(range(1, 13))
        self._show_records(stats.figures[row].id, stats.year, months)

    def _show_records(self, figure_id: str, year: int, months: tuple[int, ...]) -> None:
        """The records behind one figure of one year's months, for the chosen group."""
        try:
            fig = statistics.figure(self.session, figure_id)
            found = statistics.records_behind(self.session, figure_id, year, self._origin(),
                                              months)
        except PaizhuError as exc:
            QMessageBox.warning(self, "统计", user_message(exc))
            return
        dialog = RecordsDialog(self.session, f"{year}年 {fig.name}：{len(found)} {fig.unit}",
                               found, self)
        dialog.open_entry.connect(self.open_entry)
        dialog.exec()

    def print_report(self) -> None:
        """The 统计报表 in the print preview (printed or saved there, and logged)."""
        if self.stats is None:
            return
        from paizhu_desktop.core.printing.statistics_report import render_statistics

        from paizhu_desktop.gui.printing import show_preview

        try:
            job = render_statistics(self.session, self.stats, comparison=self.comparison,
                                    trend=self.trend)
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
            statistics.write_xlsx(self.session, self.stats, Path(name),
                                  comparison=self.comparison, trend=self.trend)
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
