"""A small editable table of records (contacts, third-party components) with add / remove."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    #: value -> label for a choice column; None for free text
    choices: dict[str, str] | None = None
    required: bool = False


class RecordModel(QAbstractTableModel):
    """Rows of plain dicts; a thin adapter, the owner decides what happens to edits.

    Signals:
        edited(): the user changed a cell, added or removed a row.
    """

    edited = Signal()

    def __init__(self, columns: list[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(r) for r in rows]
        self.endResetModel()

    def complete_rows(self) -> list[dict[str, Any]]:
        """The rows whose required cells are filled (blank new rows are left out)."""
        required = [c.key for c in self.columns if c.required]
        return [dict(r) for r in self.rows if all(str(r.get(k, "")).strip() for k in required)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            c = self.columns[section]
            return c.title + (" *" if c.required else "")
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        value = self.rows[index.row()].get(col.key, "")
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return col.choices.get(value, value) if col.choices else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        key = self.columns[index.column()].key
        if self.rows[index.row()].get(key) == value:
            return False
        self.rows[index.row()][key] = value
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def add_row(self, defaults: dict[str, Any]) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(dict(defaults))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.edited.emit()


class _ChoiceDelegate(QStyledItemDelegate):
    """A combo box for choice columns, a line edit for the rest."""

    def __init__(self, model: RecordModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        col = self.model.columns[index.column()]
        if col.choices:
            combo = QComboBox(parent)
            combo.setAccessibleName(col.title)
            for value, label in col.choices.items():
                combo.addItem(label, value)
            return combo
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(col.title)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class RecordEditor(QWidget):
    """A table with Add and Remove buttons.

    Args:
        columns: the columns; the first is edited first in a new row.
        noun: what one row is ("contact"), for the buttons' names.
        defaults: the values of a new row.

    Signals:
        changed(): the complete rows changed (see :meth:`RecordModel.complete_rows`).
    """

    changed = Signal()

    def __init__(
        self,
        columns: list[Column],
        add_text: str,
        remove_text: str,
        accessible_name: str,
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.defaults = defaults or {}
        self.model = RecordModel(columns, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ChoiceDelegate(self.model, self.view))
        self.view.setAccessibleName(accessible_name)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        for i, c in enumerate(columns):
            if c.choices:
                # wide enough for the longest choice in its drop-down editor (text + arrow)
                widest = max(fm.horizontalAdvance(t) for t in [c.title, *c.choices.values()])
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, widest + fm.horizontalAdvance("M") * 3 + 16)
        self.view.verticalHeader().setVisible(False)
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_button = QPushButton(add_text)
        self.add_button.setAccessibleName(add_text.replace("&", ""))
        self.remove_button = QPushButton(remove_text)
        self.remove_button.setAccessibleName(remove_text.replace("&", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self._last: list[dict[str, Any]] = []
        self.model.edited.connect(self._edited)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self._last = self.model.complete_rows()

    def rows(self) -> list[dict[str, Any]]:
        return self.model.complete_rows()

    def add(self) -> None:
        row = self.model.add_row(self.defaults)
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

    def _edited(self) -> None:
        rows = self.model.complete_rows()
        if rows != self._last:
            self._last = rows
            self.changed.emit()
