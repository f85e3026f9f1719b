"""A table model over one ledger that holds only row numbers and fetches the
rows it shows, in blocks, on demand (like Anki's browser)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from paizhu_desktop.core.ledgers.columns import Column, ledger_columns
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.ledgers.service import LedgerService

BLOCK = 200
CACHE_BLOCKS = 20

Index = QModelIndex | QPersistentModelIndex

#: A list cell shows one line of at most this many characters (the tooltip has it all).
CELL_LIMIT = 80


class LedgerTableModel(QAbstractTableModel):
    """Rows of a ledger in its own order (or a column's), filtered.

    The columns are the ledger's :func:`ledger_columns`, the same as on the
    printed register and in ``paizhu list``.

    Attributes:
        columns: what each column shows, in order.
        user_names: account → display name, for fields naming an account.
        filters: keyword arguments of :meth:`LedgerService.query`.
    """

    def __init__(self, service: LedgerService, desc: LedgerDescription,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.desc = desc
        self.columns: list[Column] = ledger_columns(desc)
        self.user_names: dict[str, str] = {}
        self.filters: dict[str, Any] = {}
        self.order_by: tuple[str, bool] | None = None
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, Entry]] = OrderedDict()

    # -- loading ---------------------------------------------------------------
    def refresh(self) -> None:
        """Re-run the query (ids only); rows are read again as they are shown."""
        self.beginResetModel()
        self._ids = self.service.query(self.desc.id, order_by=self.order_by, **self.filters)
        self._blocks.clear()
        self.endResetModel()

    def set_filters(self, **filters: Any) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.refresh()

    def entry(self, row: int) -> Entry | None:
        if not 0 <= row < len(self._ids):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            seqs = self._ids[block_no * BLOCK:(block_no + 1) * BLOCK]
            block = {e.seq: e for e in self.service.rows(self.desc.id, seqs)}
            self._blocks[block_no] = block
            while len(self._blocks) > CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def row_of_seq(self, seq: int) -> int:
        try:
            return self._ids.index(seq)
        except ValueError:
            return -1

    def row_of(self, entry_id: str) -> int:
        for block in self._blocks.values():
            for seq, e in block.items():
                if e.id == entry_id:
                    return self._ids.index(seq)
        return -1

    # -- Qt model API ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].label
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.entry(index.row())
        if e is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(column.text(e, self.user_names).split())
            return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = column.text(e, self.user_names)
            return f"{text}\n已作废：{e.void_reason}" if e.voided else text
        if role == Qt.ItemDataRole.TextAlignmentRole and column.center:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and e.voided:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.FontRole and e.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column: its field, or the common ``status`` / ``classification``."""
        self.order_by = (self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self.refresh()

    def use_ledger_order(self) -> None:
        self.order_by = None
        self.refresh()
