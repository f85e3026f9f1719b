"""记实评分: the duty record's monthly scores, quarterly scores and ranking
(濮阳·全程记实 第十五条: 每月…审核评分，得分排名进行季度通报).

The upper table shows the year month by month with each quarter after its months;
picking a row lists the items behind that score below it (each with its points,
article and state — double-click opens the entry that did it, or the entry that
started it). In a county database a ranking of the groups for the chosen quarter
sits beside it. 打印季度通报 prints the quarter's 通报; the rule is under the tables.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.compliance.engine import State
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.printing.record_scores_paper import print_record_scores
from paizhu_desktop.core.progress import Cancelled
from paizhu_desktop.core.record_scores import (
    KIND_LABELS,
    QUARTER_NAMES,
    RULE,
    GroupScores,
    RecordScores,
    ScoredItem,
    record_scores,
    score_text,
)
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message
from paizhu_desktop.gui.operations import Operation, run_operation
from paizhu_desktop.gui.print_preview import PrintPreviewDialog
from paizhu_desktop.gui.printing import show_preview

_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_COLUMNS = ["期间", "得分", "共性指标", "个性指标", "应办", "按时", "逾期完成", "未完成"]
ITEM_COLUMNS = ["到期日", "事项", "类别", "依据", "完成情况", "得分"]
RANK_COLUMNS = ["名次", "派驻机构", "季度得分", "共性指标", "个性指标"]
_STATE_COLOURS = {State.DONE: "#1b5e20", State.LATE: "#8a6d00", State.OVERDUE: "#b00020"}


def _table(parent: QWidget, name: str, columns: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(columns), parent)
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    return t


def _cell(text: str, center: bool = False) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setToolTip(text)
    if center:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return cell


class RecordScoresPage(QWidget):
    """The 全程记实 scores of one year.

    Attributes:
        scores: the scores as last computed.
        printing: the print operation under way or last run.

    Signals:
        open_entry(str, str): show (ledger id, entry id) in its ledger page.
        message(str): a line for the status bar.
        previewed(object): the print preview dialog, once the 通报 is rendered.
    """

    open_entry = Signal(str, str)
    message = Signal(str)
    previewed = Signal(object)

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.scores: RecordScores | None = None
        self.printing: Operation[PrintJob] | None = None
        self.setObjectName("recordScoresPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        intro = QLabel("<b>全程记实评分</b>：每月对共性指标和个性指标记实情况审核评分，得分排名"
                       "进行季度通报（濮阳·全程记实 第十五条）。选中一行查看计分明细，双击明细"
                       "打开对应条目。", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        head = QHBoxLayout()
        head.addWidget(QLabel("年度：", self))
        today = dt.date.today()
        self.year = QSpinBox(self)
        self.year.setObjectName("recordScoresYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        head.addWidget(self.year)
        head.addWidget(QLabel("派驻机构：", self))
        self.group = QComboBox(self)
        self.group.setObjectName("recordScoresGroup")
        self.group.setMinimumWidth(240)
        self.group.currentIndexChanged.connect(lambda _i: self._show_group())
        head.addWidget(self.group)
        head.addWidget(QLabel("季度：", self))
        self.quarter = QComboBox(self)
        self.quarter.setObjectName("recordScoresQuarter")
        for q in range(1, 5):
            self.quarter.addItem(f"第{QUARTER_NAMES[q - 1]}季度", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.quarter.currentIndexChanged.connect(lambda _i: self._quarter_changed())
        head.addWidget(self.quarter)
        again = QPushButton("重新计算(&R)", self)
        again.setObjectName("recordScoresRefresh")
        again.clicked.connect(self.refresh)
        head.addWidget(again)
        self.print_button = QPushButton("打印季度通报(&P)…", self)
        self.print_button.setObjectName("recordScoresPrint")
        self.print_button.setToolTip("打印所选季度的全程记实得分通报（濮阳·全程记实 第十五条）")
        self.print_button.clicked.connect(lambda: self.print_notice())
        head.addWidget(self.print_button)
        head.addStretch(1)
        v.addLayout(head)
        self.title = QLabel("", self)
        self.title.setObjectName("recordScoresTitle")
        self.title.setWordWrap(True)
        v.addWidget(self.title)

        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QSplitter(Qt.Orientation.Horizontal, split)
        self.table = _table(top, "recordScoresTable", SCORE_COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_items)
        self.ranking = _table(top, "recordScoresRanking", RANK_COLUMNS)
        self.ranking.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.ranking.activated.connect(lambda idx: self._pick_group(idx.row()))
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.items = _table(split, "recordScoresItems", ITEM_COLUMNS)
        ih = self.items.horizontalHeader()
        ih.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        ih.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 95), (2, 80), (3, 170), (4, 90), (5, 60)):
            ih.resizeSection(col, width)
        self.items.activated.connect(lambda idx: self._open(idx.row()))
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        v.addWidget(split, 1)
        rule = QLabel(RULE, self)
        rule.setObjectName("recordScoresRule")
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555;")
        v.addWidget(rule)
        self.refresh()

    # -- reading --------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the year's scores afresh (new records change them)."""
        try:
            self.scores = record_scores(self.session, self.year.value())
        except Exception as exc:  # shown, never raised into the event loop
            self.scores = None
            self.title.setText(user_message(exc))
            self.table.setRowCount(0)
            self.items.setRowCount(0)
            return
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        for g in self.scores.groups:
            self.group.addItem(g.name, g.origin)
        index = self.group.findData(current)
        self.group.setCurrentIndex(max(index, 0))
        self.group.blockSignals(False)
        self.group.setEnabled(len(self.scores.groups) > 1)
        self._fill_ranking()
        self._show_group()

    def current_group(self) -> GroupScores | None:
        if self.scores is None or not self.scores.groups:
            return None
        return self.scores.groups[max(self.group.currentIndex(), 0)]

    def _quarter(self) -> int:
        return int(self.quarter.currentData())

    def _quarter_changed(self) -> None:
        self._fill_ranking()
        self._select_quarter_row()

    def _fill_ranking(self) -> None:
        several = self.scores is not None and len(self.scores.groups) > 1
        self.ranking.setVisible(several)
        if self.scores is None or not several:
            return
        q = self._quarter()
        ranked = self.scores.ranking(q)
        self.ranking.setRowCount(len(ranked))
        for row, (rank, g, score) in enumerate(ranked):
            for col, text in enumerate([str(rank), g.name, f"{score}",
                                        score_text(g.quarter(q, "common")),
                                        score_text(g.quarter(q, "specific"))]):
                self.ranking.setItem(row, col, _cell(text, center=col != 1))

    def _show_group(self) -> None:
        g = self.current_group()
        if g is None or self.scores is None:
            self.table.setRowCount(0)
            self.items.setRowCount(0)
            if self.scores is not None:
                self.title.setText("汇总库中还没有导入任何派驻机构的交接文件。")
            return
        rows: list[tuple[str, tuple[int, int], list[str]]] = []
        bold = QFont(self.font())
        bold.setBold(True)
        for q in range(1, 5):
            for m in range(3 * q - 2, 3 * q + 1):
                ms = g.month(m)
                states = [i.state for i in ms.items]
                rows.append((f"{m}月" + ("" if ms.complete else "（未结束）"), (q, m), [
                    score_text(ms.score), score_text(ms.score_of("common")),
                    score_text(ms.score_of("specific")), str(len(ms.items)),
                    str(states.count(State.DONE)), str(states.count(State.LATE)),
                    str(states.count(State.OVERDUE))]))
            quarter_items = g.items_of_quarter(q)
            states = [i.state for i in quarter_items]
            rows.append((f"第{QUARTER_NAMES[q - 1]}季度" + (
                "" if g.quarter_complete(q) else "（未结束）"), (q, 0), [
                score_text(g.quarter(q)), score_text(g.quarter(q, "common")),
                score_text(g.quarter(q, "specific")), str(len(quarter_items)),
                str(states.count(State.DONE)), str(states.count(State.LATE)),
                str(states.count(State.OVERDUE))]))
        self.table.setRowCount(len(rows))
        for row, (label, key, cells) in enumerate(rows):
            first = _cell(label)
            first.setData(_ROLE, key)
            if key[1] == 0:
                first.setFont(bold)
                first.setBackground(QBrush(QColor("#eef3f8")))
            self.table.setItem(row, 0, first)
            for col, text in enumerate(cells, start=1):
                cell = _cell(text, center=True)
                if key[1] == 0:
                    cell.setFont(bold)
                    cell.setBackground(QBrush(QColor("#eef3f8")))
                self.table.setItem(row, col, cell)
        self.title.setText(f"{g.name} {self.scores.year}年全程记实得分（截至 "
                           f"{self.scores.on.isoformat()}；“—”为当期没有到期事项）")
        self._select_quarter_row()

    def _select_quarter_row(self) -> None:
        q = self._quarter()
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.data(_ROLE) == (q, 0):
                self.table.selectRow(row)
                self.table.scrollToItem(cell)
                return

    def _selected_items(self) -> list[ScoredItem]:
        g = self.current_group()
        rows = self.table.selectionModel().selectedRows() if g is not None else []
        if g is None or not rows:
            return []
        cell = self.table.item(rows[0].row(), 0)
        q, m = cell.data(_ROLE) if cell is not None else (1, 0)
        return list(g.items_of_quarter(q) if m == 0 else g.month(m).items)

    def _show_items(self) -> None:
        shown = self._selected_items()
        self.items.setRowCount(len(shown))
        for row, i in enumerate(shown):
            cells = [i.due.isoformat(), f"{i.name}：{i.label}", KIND_LABELS[i.kind],
                     i.article, i.state.label, f"{i.points}"]
            for col, text in enumerate(cells):
                cell = _cell(text, center=col in (2, 4, 5))
                if col == 0:
                    cell.setData(_ROLE, i.entries[0] if i.entries else i.event)
                if col == 4 and i.state in _STATE_COLOURS:
                    cell.setForeground(QBrush(QColor(_STATE_COLOURS[i.state])))
                self.items.setItem(row, col, cell)

    def _open(self, row: int) -> None:
        cell = self.items.item(row, 0)
        target = cell.data(_ROLE) if cell is not None else None
        if target:
            self.open_entry.emit(str(target[0]), str(target[1]))

    def _pick_group(self, row: int) -> None:
        cell = self.ranking.item(row, 1)
        if cell is not None:
            self.group.setCurrentText(cell.text())

    # -- printing -------------------------------------------------------------------
    def print_notice(self, *, show: bool = True) -> Operation[PrintJob] | None:
        """Render the chosen quarter's 通报 off the GUI thread, then preview it."""
        if self.printing is not None and not self.printing.done:
            self.message.emit("正在生成上一个打印件，请稍候。")
            return None
        year, quarter = self.year.value(), self._quarter()

        def done(job: PrintJob) -> None:
            dialog: PrintPreviewDialog = show_preview(self, self.session, job)
            self.previewed.emit(dialog)
            if show:
                dialog.open()

        def failed(exc: BaseException) -> None:
            self.message.emit("已取消生成打印件。" if isinstance(exc, Cancelled)
                              else "未能生成打印件：" + user_message(exc))

        self.printing = run_operation(
            self, "生成打印件", lambda progress: print_record_scores(
                self.session, year, quarter, progress=progress),
            on_done=done, on_error=failed, cancellable=True, text="正在生成季度通报…")
        return self.printing
