"""帮助 → 制度覆盖: every article of the five regulations and what the program does
with it, so a county office can see what is enforced (:mod:`paizhu_desktop.core.coverage`).

The table filters by regulation and state; the selected article's text, the
reason it asks for no record, everything that implements it and the tests
naming it are shown below the table.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.coverage import (
    REGULATIONS,
    STATE_RULE,
    ArticleCoverage,
    Coverage,
    State,
    coverage,
    filtered,
)
from paizhu_desktop.core.ledgers.catalog import Catalog

from paizhu_desktop.gui.widgets import pick_table

#: Column headers, in order.
COLUMNS = ("制度", "条", "首句", "状态", "实现方式", "测试")
#: A pale background per state, so the gaps stand out.
_COLOURS = {State.IMPLEMENTED: "#e3f4e1", State.PARTLY: "#fff4cc",
            State.NO_RECORD: "#eeeeee", State.MISSING: "#fbe1e1"}


def _how(row: ArticleCoverage) -> str:
    if row.state is State.NO_RECORD:
        return row.reason
    return "；".join(i.describe() for i in row.implementations)


class CoverageDialog(QDialog):
    """制度覆盖 of ``catalog`` (computed once, when the dialog opens)."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None,
                 result: Coverage | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageDialog")
        self.setWindowTitle("制度覆盖")
        self.computed = result if result is not None else coverage(catalog)
        layout = QVBoxLayout(self)
        rule = QLabel(STATE_RULE, self)
        rule.setObjectName("coverageRule")
        rule.setWordWrap(True)
        layout.addWidget(rule)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("制度：", self))
        self.regulation = QComboBox(self)
        self.regulation.setObjectName("coverageRegulation")
        self.regulation.addItem("全部制度", "")
        for r in REGULATIONS:
            self.regulation.addItem(r.name, r.name)
        filters.addWidget(self.regulation)
        filters.addWidget(QLabel("状态：", self))
        self.state = QComboBox(self)
        self.state.setObjectName("coverageState")
        self.state.addItem("全部状态", "")
        for s in State:
            self.state.addItem(s.label, s.value)
        filters.addWidget(self.state)
        self.summary = QLabel("", self)
        self.summary.setObjectName("coverageSummary")
        filters.addWidget(self.summary, 1)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = pick_table(splitter, "coverageTable", COLUMNS)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.detail = QTextBrowser(splitter)
        self.detail.setObjectName("coverageDetail")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        tests = ("测试一栏列出在文档字符串中引用该条的测试。" if self.computed.tests_scanned
                 else "安装版不含测试文件，测试一栏不列出。")
        note = QLabel(tests, self)
        note.setObjectName("coverageTestsNote")
        buttons.addWidget(note, 1)
        close = QPushButton("关闭", self)
        close.setObjectName("coverageClose")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.rows: list[ArticleCoverage] = []
        self.regulation.currentIndexChanged.connect(lambda: self.refresh())
        self.state.currentIndexChanged.connect(lambda: self.refresh())
        self.table.itemSelectionChanged.connect(lambda: self.show_selected())
        self.refresh()
        self.resize(1100, 680)

    def refresh(self) -> None:
        """Fill the table with the rows the two filters let through."""
        regulation = str(self.regulation.currentData() or "")
        value = str(self.state.currentData() or "")
        self.rows = filtered(self.computed, regulation, [State(value)] if value else [])
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            tests = (f"{len(row.tests)} 个" if row.tests else "无") \
                if self.computed.tests_scanned else "—"
            cells = (row.article.regulation, row.article.label, row.article.heading,
                     row.state.label, _how(row), tests)
            brush = QBrush(QColor(_COLOURS[row.state]))
            tips = {5: "\n".join(row.tests)} if row.tests else {}
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips.get(c, text))
                if c == 3:
                    item.setBackground(brush)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c, most in ((2, 320), (4, 420)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), most))
        counts = {s: sum(1 for row in self.rows if row.state is s) for s in State}
        self.summary.setText(f"共 {len(self.rows)} 条：" + "，".join(
            f"{s.label} {counts[s]}" for s in State))
        if self.rows:
            self.table.selectRow(0)
        else:
            self.detail.setHtml("<p>没有符合条件的条文。</p>")

    def show_selected(self) -> None:
        """The selected article in full, below the table."""
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        row = self.rows[selected[0].row()]
        a = row.article
        parts = [f"<h3>{escape(a.citation)}（{escape(row.state.label)}）</h3>"]
        if a.chapter:
            parts.append(f"<p><i>{escape(a.chapter)}</i></p>")
        parts.append("<p>" + escape(a.text).replace("\n", "<br>") + "</p>")
        if row.reason and row.state is State.NO_RECORD:
            parts.append(f"<p><b>无需记录的理由：</b>{escape(row.reason)}</p>")
        elif row.reason:  # listed as asking for no record, yet something implements it
            parts.append(f"<p><b>注：</b>无需记录表写有“{escape(row.reason)}”，但已有声明引用该条。</p>")
        if row.implementations:
            items = "".join(f"<li>{escape(i.describe())}：“{escape(i.citation)}”</li>"
                            for i in row.implementations)
            parts.append(f"<p><b>实现方式：</b></p><ul>{items}</ul>")
        elif row.state is State.MISSING:
            parts.append("<p><b>尚未实现：</b>没有任何台账、字段、流程或职责引用该条。</p>")
        if row.planned and row.state is not State.NO_RECORD:
            parts.append(f"<p><b>本章计划的台账：</b>{escape('、'.join(row.planned))}</p>")
        if self.computed.tests_scanned:
            tests = "".join(f"<li>{escape(t)}</li>" for t in row.tests) or "<li>无</li>"
            parts.append(f"<p><b>测试：</b></p><ul>{tests}</ul>")
        self.detail.setHtml("".join(parts))


def show_coverage(catalog: Catalog, parent: QWidget | None = None) -> None:
    """Show 制度覆盖 modally and dispose of it afterwards."""
    dialog = CoverageDialog(catalog, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
