"""The 统计 page (常州经验; DOMAIN §7): figures by period, a chart, the records behind a
figure, the compliance reports, and the Excel export."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QChartView, QLineSeries
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QTableWidget

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.main_window import MainWindow
from paizhu_desktop.gui.statistics_page import RecordsDialog, StatisticsPage

from gui_helpers import open_window, when_modal

pytestmark = pytest.mark.gui


def chronicle(session: UserSession, day: str, category: str) -> None:
    session.ledgers.add("chronicle", {"date_start": day, "category": category,
                                      "content": "有人打听案件查办进展，已按规定登记报告"})


def test_the_page_counts_lists_and_exports(qtbot: QtBot, session: UserSession, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """献县办法 第四十八条（五）: the matters of interference, counted by quarter, against
    the year before, and year by year."""
    chronicle(session, "2026-02-03", "5")
    chronicle(session, "2026-05-06", "5")
    chronicle(session, "2026-05-07", "1")
    window: MainWindow = open_window(qtbot, session)
    page = window.show_statistics()
    page.year.setValue(2026)
    by = page.findChild(QComboBox, "statsBy")
    by.setCurrentIndex(by.findData("quarter"))
    table = page.findChild(QTableWidget, "statsTable")
    row = next(r for r in range(table.rowCount())
               if table.item(r, 0).text() == "打听干预监督执纪、案件查办的记载")
    assert [table.item(row, c).text() for c in range(2, 7)] == ["1", "1", "0", "0", "2"]
    assert table.item(row, 1).text() == "献县办法 第四十八条（五）"
    table.setCurrentCell(row, 2)
    chart = page.findChild(QChartView, "statsChart").chart()
    assert "打听干预" in chart.title() and chart.series()

    seen: list[int] = []

    def look(dialog: RecordsDialog) -> None:
        seen.append(dialog.findChild(QTableWidget, "statsRecordsTable").rowCount())
        dialog.accept()

    when_modal(RecordsDialog, look)
    page._records_of_cell(row, 6)
    assert seen == [2]

    # 同比: the second quarter against last year's, which had nothing (“—”).
    chronicle(session, "2025-05-20", "5")
    page.refresh()
    period = page.findChild(QComboBox, "statsComparePeriod")
    period.setCurrentIndex(period.findData("2026-Q2"))
    compare = page.findChild(QTableWidget, "statsCompareTable")
    assert [compare.item(row, c).text() for c in range(2, 6)] == ["1", "1", "0", "0.0%"]
    period.setCurrentIndex(period.findData("total"))
    assert [compare.item(row, c).text() for c in range(2, 6)] == ["2", "1", "+1", "+100.0%"]
    compare.setCurrentCell(row, 2)
    assert len(page.findChild(QChartView, "statsCompareChart").chart().series()) == 1
    when_modal(RecordsDialog, look)
    page._records_of_compare(row, 3)  # last year's entry behind the figure
    assert seen == [2, 1]

    # 趋势: each year the database holds, a line per selected figure.
    page.tabs.setCurrentWidget(page.trend_tab)
    trend = page.findChild(QTableWidget, "statsTrendTable")
    assert trend.horizontalHeaderItem(2).text() == "2025年"
    assert [trend.item(row, c).text() for c in (2, 3)] == ["1", "2"]
    trend.clearSelection()
    trend.selectRow(row)
    lines = page.findChild(QChartView, "statsTrendChart").chart().series()
    assert [s.name() for s in lines] == ["打听干预监督执纪、案件查办的记载（件）"]
    assert isinstance(lines[0], QLineSeries) and lines[0].count() == 2
    out = tmp_path / "统计.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export()
    assert out.exists() and "密级：内部" in page.findChild(QLabel, "statsNote").text()
    assert isinstance(window.content.currentWidget(), StatisticsPage)
