"""The change history: who changed what, when, from what to what — for the whole assessment or
for the item on screen, filterable. It reads the log the file keeps (``session.history``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...services.history import (
    describe_change,
    entity_words,
    field_label,
    merge_quick_steps,
    value_words,
)
from ...services.session import HistoryEntry
from ..common.adapter import SessionAdapter
from ..common.fields import local_time
from ..common.listmodel import ReadOnlyRowsModel, RegisterProxy
from ..common.widgets import heading, muted, plain_label, plain_tooltip, row_table

Index = QModelIndex | QPersistentModelIndex
SHORT = 90


def _one_line(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HistoryModel(ReadOnlyRowsModel):
    """History rows, newest first: when, who, what, which field, old → new."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            self.tr("When"),
            self.tr("Who"),
            self.tr("What"),
            self.tr("Field"),
            self.tr("Change"),
        ]
        self._rows: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = list(reversed(entries))
        self.endResetModel()

    def entry(self, row: int) -> HistoryEntry:
        return self._rows[row]

    def entity_text(self, entity: str) -> str:
        return entity_words(entity)

    def change_text(self, e: HistoryEntry) -> str:
        return describe_change(e)

    def text(self, e: HistoryEntry, column: int) -> str:
        if column == 0:
            return local_time(e.at)
        if column == 1:
            return e.who
        if column == 2:
            return self.entity_text(e.entity)
        if column == 3:
            return field_label(e.field)
        return _one_line(self.change_text(e))

    def search_text(self, item: Any) -> str:
        e: HistoryEntry = item
        return "\n".join(
            [self.text(e, c) for c in range(5)] + [e.old or "", e.new or ""]
        ).casefold()

    def item(self, row: int) -> HistoryEntry:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(e, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return plain_tooltip(self.change_text(e))
        if role == Qt.ItemDataRole.UserRole:  # sorting: newest first by the stored moment
            return e.at if index.column() == 0 else self.text(e, index.column()).casefold()
        return None


class _HistoryProxy(RegisterProxy):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)


class HistoryView(QWidget):
    """The change log of the whole assessment or of the current item, with a text filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adapter: SessionAdapter | None = None
        self.model = HistoryModel(self)
        self.proxy = _HistoryProxy(self)
        self.proxy.setSourceModel(self.model)
        self.current_entity = ""
        self.current_label = ""
        self._dirty = True
        self._asked: tuple[object, dict[str, str]] | None = None  # see _questions
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("History"), scale=1.3))
        top.addSpacing(12)
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Whose history"))
        self.scope.addItem(self.tr("Whole assessment"), "")
        self.scope.addItem(self.tr("The current item"), "item")
        scope_label = QLabel(self.tr("&Show:"))
        scope_label.setBuddy(self.scope)
        top.addWidget(scope_label)
        top.addWidget(self.scope)
        top.addStretch(1)
        filter_label = QLabel(self.tr("Fi&lter:"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Who, what, field or value"))
        self.filter.setAccessibleName(self.tr("Filter the history"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 18)
        filter_label.setBuddy(self.filter)
        self.count = muted(plain_label("", wrap=False))
        self.count.setAccessibleName(self.tr("Changes shown"))
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addWidget(self.count)
        layout.addLayout(top)
        self.table = row_table(
            "history_table", self.tr("Changes, newest first"), self.fontMetrics().height() + 8
        )
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.details = QScrollArea()
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.setAccessibleName(self.tr("The selected change"))
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.detail_labels: dict[str, QLabel] = {}
        for key, text in (
            ("what", self.tr("What:")),
            ("who", self.tr("Who and when:")),
            ("old", self.tr("Before:")),
            ("new", self.tr("After:")),
        ):
            value = plain_label("", selectable=True)
            value.setAccessibleName(text.rstrip(":"))
            self.detail_labels[key] = value
            form.addRow(QLabel(text), value)
        self.details.setWidget(body)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.filter.textChanged.connect(self._filter)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.setEnabled(False)

    def attach(self, adapter: SessionAdapter | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._changed)
        self.adapter = adapter
        self.setEnabled(adapter is not None)
        if adapter is not None:
            adapter.changed.connect(self._changed)
        self._dirty = True
        self.reload()

    def set_current_item(self, entity: str, label: str) -> None:
        """The item the user is on elsewhere (a subcategory, a risk…): "The current item"."""
        if entity == self.current_entity:
            return
        self.current_entity, self.current_label = entity, label
        self.scope.setItemText(
            1,
            self.tr("Only {0}").format(label) if label else self.tr("The current item"),
        )
        if self.scope.currentData() == "item":
            self._dirty = True
            if self.isVisible():
                self.reload()

    def show_item(self, entity: str, label: str) -> None:
        self.set_current_item(entity, label)
        self.scope.setCurrentIndex(1)
        self.reload()

    def _changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._dirty = False
        if self.adapter is None:
            self.model.set_entries([])
        elif self.scope.currentData() == "item":
            self.model.set_entries(
                merge_quick_steps(self.adapter.session.history(self.current_entity))
                if self.current_entity
                else []
            )
        else:
            self.model.set_entries(merge_quick_steps(self.adapter.session.history()))
        self._update_count()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show(None)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            self.tr("{0} of {1} shown").format(shown, total)
            if shown != total
            else self.tr("{0} shown").format(total)
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show(None)
            return
        self._show(self.model.entry(self.proxy.mapToSource(current).row()))

    def _questions(self) -> dict[str, str]:
        """The playbook's questions by id, to name them in the details (made once per
        playbook, not on every row the user selects)."""
        if self.adapter is None:
            return {}
        playbook = self.adapter.session.playbook
        if self._asked is None or self._asked[0] is not playbook:
            asked = {q.id: q.text for sub in playbook.subcategories for q in sub.questions}
            self._asked = (playbook, asked)
        return self._asked[1]

    def _show(self, e: HistoryEntry | None) -> None:
        self.details.setVisible(e is not None)
        if e is None:
            return
        d = self.detail_labels
        d["what"].setText(f"{self.model.entity_text(e.entity)} · {field_label(e.field)}")
        d["who"].setText(self.tr("{0}, {1}").format(e.who, local_time(e.at)))
        asked = self._questions()
        d["old"].setText(value_words(e.field, e.old, asked))
        d["new"].setText(value_words(e.field, e.new, asked))
