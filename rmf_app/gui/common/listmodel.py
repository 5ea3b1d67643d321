"""Flat table models the views share: a read-only rows model (gaps, review points, history)
and the sort/filter proxy of the registers and the history.

Subclasses set ``columns`` (header labels), keep their rows in ``_rows`` and implement ``data``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
#: a value that sorts as people expect (dates, scores, ids in number order)
SORT_ROLE = Qt.ItemDataRole.UserRole + 12


class ReadOnlyRowsModel(QAbstractTableModel):
    columns: list[str]
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class RegisterProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps the rows that match the filter words and a condition
    (a status, a heat-map cell) given as a predicate over the item.

    The source model gives ``item(row)`` and ``search_text(item)`` (the table models here and
    the history model)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:

            def change() -> None:
                self._words = words

            self._refilter(change)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        def change() -> None:
            self._predicate = predicate

        self._refilter(change)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source: Any = self.sourceModel()
        if not hasattr(source, "search_text") or source_row >= source.rowCount():
            return True
        item = source.item(source_row)
        if self._predicate is not None and not self._predicate(item):
            return False
        if self._words:
            haystack = source.search_text(item)
            return all(w in haystack for w in self._words)
        return True
