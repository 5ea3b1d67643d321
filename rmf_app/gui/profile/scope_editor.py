"""Choosing the scope: the whole core, or categories and subcategories left out with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain import framework
from ...domain.assessment import SHORT_TEXT, Exclusion, Scope
from ...domain.playbook import Playbook
from ..common.fields import LimitedTextEdit, guard_text
from ..common.widgets import counted, plain_tooltip

Index = QModelIndex | QPersistentModelIndex


class ScopeModel(QAbstractItemModel):
    """The framework tree with a check box per category and subcategory (checked = in scope)
    and the reason for each exclusion in column 1.

    Signals:
        scopeEdited(): an item was put in or out of scope, or a reason changed.
    """

    scopeEdited = Signal()
    #: the user ticked or unticked the item at this index (column 0)
    toggled = Signal(QModelIndex)

    def __init__(self, playbook: Playbook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.playbook = playbook
        # node: (id, parent uid or -1, row, children)
        self._nodes: list[tuple[str, int, int, list[int]]] = []
        self._roots: list[int] = []
        for f_row, fn in enumerate(framework.FUNCTION_IDS):
            f = self._add(fn, -1, f_row)
            self._roots.append(f)
            cats = [c for c in framework.category_ids() if framework.function_of(c) == fn]
            for c_row, cid in enumerate(cats):
                c = self._add(cid, f, c_row)
                self._nodes[f][3].append(c)
                for s_row, sid in enumerate(framework.subcategories_of_category(cid)):
                    self._nodes[c][3].append(self._add(sid, c, s_row))
        self._uid = {n[0]: i for i, n in enumerate(self._nodes)}
        self.excluded: dict[str, str] = {}  # item id -> reason (kept when re-included)
        self._out: set[str] = set()

    def _add(self, item_id: str, parent: int, row: int) -> int:
        self._nodes.append((item_id, parent, row, []))
        return len(self._nodes) - 1

    # -- values --------------------------------------------------------------------------------
    def set_scope(self, scope: Scope) -> None:
        self.beginResetModel()
        self._out = {e.item_id for e in scope.exclusions}
        self.excluded = {e.item_id: e.reason for e in scope.exclusions}
        self.endResetModel()

    def effective_exclusions(self) -> list[str]:
        """Excluded ids, without subcategories whose category is excluded anyway."""
        ids = [
            i
            for i in self._out
            if not (framework.is_subcategory_id(i) and framework.category_of(i) in self._out)
        ]
        return sorted(ids, key=lambda i: self._uid[i])

    def scope(self) -> Scope:
        """The scope; raises ValueError when an exclusion has no reason."""
        return Scope(
            exclusions=[
                Exclusion(item_id=i, reason=self.excluded.get(i, ""))
                for i in self.effective_exclusions()
            ]
        )

    def missing_reasons(self) -> list[str]:
        return [i for i in self.effective_exclusions() if not self.excluded.get(i, "").strip()]

    def set_reason(self, item_id: str, reason: str) -> None:
        self.excluded[item_id] = reason
        index = self.index_of(item_id, 1)
        self.dataChanged.emit(index, index)
        self.scopeEdited.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self._out.clear()
        self.endResetModel()
        self.scopeEdited.emit()

    def is_out(self, item_id: str) -> bool:
        return item_id in self._out

    def category_out(self, item_id: str) -> bool:
        return framework.is_subcategory_id(item_id) and framework.category_of(item_id) in self._out

    # -- structure -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        children = self._roots if not parent.isValid() else self._nodes[parent.internalId()][3]
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index | None = None) -> Any:
        if index is None:
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        p = self._nodes[index.internalId()][1]
        if p < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[p][2], 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() > 0:
            return 0
        return len(self._nodes[parent.internalId()][3])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 2

    def index_of(self, item_id: str, column: int = 0) -> QModelIndex:
        uid = self._uid[item_id]
        return self.createIndex(self._nodes[uid][2], column, uid)

    def item_id(self, index: Index) -> str:
        return self._nodes[index.internalId()][0]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("In scope"), self.tr("Reason for leaving it out"))[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        item_id = self.item_id(index)
        flags = Qt.ItemFlag.ItemIsSelectable
        if not self.category_out(item_id):
            flags |= Qt.ItemFlag.ItemIsEnabled
        if index.column() == 0 and item_id not in framework.FUNCTION_IDS:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if framework.is_subcategory_id(item_id):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def _title(self, item_id: str) -> str:
        if item_id in framework.FUNCTION_IDS:
            return self.playbook.function(item_id).title
        if framework.is_category_id(item_id):
            return self.playbook.category(item_id).title
        return self.playbook.subcategory(item_id).title

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item_id = self.item_id(index)
        out = item_id in self._out or self.category_out(item_id)
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                text = f"{item_id}  {self._title(item_id)}"
                if (
                    role == Qt.ItemDataRole.AccessibleTextRole
                    and item_id not in framework.FUNCTION_IDS
                ):
                    text += ", " + (self.tr("out of scope") if out else self.tr("in scope"))
                return text
            if role == Qt.ItemDataRole.CheckStateRole and item_id not in framework.FUNCTION_IDS:
                if out:
                    return Qt.CheckState.Unchecked
                if framework.is_category_id(item_id) and any(
                    s in self._out for s in framework.subcategories_of_category(item_id)
                ):
                    return Qt.CheckState.PartiallyChecked  # some of its subcategories are out
                return Qt.CheckState.Checked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            reason = self.excluded.get(item_id, "") if item_id in self._out else ""
            if item_id in self._out and not reason.strip():
                reason = self.tr("(reason needed)")
            elif self.category_out(item_id):
                reason = self.tr("(the whole category is out of scope)")
            return plain_tooltip(reason) if role == Qt.ItemDataRole.ToolTipRole else reason
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item_id = self.item_id(index)
        if item_id in framework.FUNCTION_IDS:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked:
            self._out.discard(item_id)
            if framework.is_category_id(item_id):  # a partly ticked category: all back in
                self._out.difference_update(framework.subcategories_of_category(item_id))
        else:
            self._out.add(item_id)
        first = self.index(0, 0, index)
        self.dataChanged.emit(index, self.index(index.row(), 1, self.parent(index)))
        parent = self.parent(index)
        if parent.isValid() and framework.is_category_id(self.item_id(parent)):
            self.dataChanged.emit(parent, parent)  # its partly-ticked state follows
        if framework.is_category_id(item_id) and first.isValid():
            last = self.index(self.rowCount(index) - 1, 1, index)
            self.dataChanged.emit(first, last)
        self.scopeEdited.emit()
        self.toggled.emit(self.index(index.row(), 0, parent))
        return True


class ScopeEditor(QWidget):
    """Whole core or tailored; a tree to leave items out and a field for the reason.

    Signals:
        changed(): the scope or a reason changed.
    """

    changed = Signal()

    def __init__(self, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ScopeModel(playbook, self)
        self._showing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.whole = QRadioButton(
            self.tr("Assess the &whole AI RMF 1.0 core (all 72 subcategories)")
        )
        self.whole.setAccessibleName(self.tr("Assess the whole core"))
        self.tailored = QRadioButton(
            self.tr(
                "&Tailor the scope: leave some categories or subcategories out, each with a reason"
            )
        )
        self.tailored.setAccessibleName(self.tr("Tailor the scope"))
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.tailored)
        self.whole.setChecked(True)
        layout.addWidget(self.whole)
        layout.addWidget(self.tailored)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Scope: categories and subcategories"))
        self.tree.setAccessibleDescription(
            self.tr("Space puts the current item in or out of scope")
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        # the titles as wide as they need (a fixed width cut them off while the reasons'
        # column stood empty); the reasons take the rest, whole in their tooltips
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        self.reason_label = QLabel(self.tr("&Reason:"))
        self.reason = LimitedTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.reason.setAccessibleName(self.tr("Reason for leaving the selected item out of scope"))
        guard_text(self.reason, SHORT_TEXT)
        self.reason.setPlaceholderText(
            self.tr("Select an item left out of scope to give the reason")
        )
        self.reason_label.setBuddy(self.reason)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("What is still needed"))
        layout.addWidget(self.hint)

        self.whole.toggled.connect(self._mode_changed)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.reason.textChanged.connect(self._reason_edited)
        self.model.scopeEdited.connect(self._edited)
        self.model.toggled.connect(self._toggled)
        self._mode_changed()

    def set_scope(self, scope: Scope) -> None:
        self.model.set_scope(scope)
        (self.tailored if scope.exclusions else self.whole).setChecked(True)
        self.tree.expandToDepth(0)
        self._mode_changed()

    def scope(self) -> Scope:
        return Scope() if self.whole.isChecked() else self.model.scope()

    def missing_reasons(self) -> list[str]:
        return [] if self.whole.isChecked() else self.model.missing_reasons()

    def _mode_changed(self, *_: object) -> None:
        tailored = self.tailored.isChecked()
        self.tree.setEnabled(tailored)
        self._current_changed(self.tree.currentIndex())
        self._edited()

    def _current_changed(self, index: QModelIndex, *_: object) -> None:
        item_id = self.model.item_id(index) if index.isValid() else ""
        editable = bool(item_id) and self.tailored.isChecked() and self.model.is_out(item_id)
        self.reason.setEnabled(editable)
        self.reason_label.setEnabled(editable)
        text = self.model.excluded.get(item_id, "") if editable else ""
        if text != self.reason.toPlainText():
            self._showing = True
            try:
                self.reason.setPlainText(text)
            finally:
                self._showing = False
        if editable:
            self.reason_label.setText(self.tr("&Reason for leaving {0} out:").format(item_id))
            self.reason.setPlaceholderText(self.tr("Why is {0} out of scope?").format(item_id))
        else:
            self.reason_label.setText(self.tr("&Reason:"))
            self.reason.setPlaceholderText(
                self.tr("{0} is in scope: untick it to leave it out and give the reason").format(
                    item_id
                )
                if item_id and item_id not in framework.FUNCTION_IDS and self.tailored.isChecked()
                else self.tr("Select an item left out of scope to give the reason")
            )

    def _toggled(self, index: QModelIndex) -> None:
        """Ticking or unticking an item selects it, so its reason can be typed at once."""
        if index != self.tree.currentIndex():
            self.tree.setCurrentIndex(index)
        else:
            self._current_changed(index)

    def _reason_edited(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and not self._showing and self.reason.isEnabled():
            self.model.set_reason(self.model.item_id(index), self.reason.toPlainText()[:500])

    def _edited(self) -> None:
        self._current_changed(self.tree.currentIndex())
        missing = self.missing_reasons()
        if not self.tailored.isChecked():
            self.hint.setText("")
        elif missing:
            self.hint.setText(
                self.tr("Give a reason for leaving out: {0}").format(", ".join(missing))
            )
        else:
            n = len(self.model.effective_exclusions())
            self.hint.setText(
                counted(
                    n, self.tr("{0} item left out of scope."), self.tr("{0} items left out of scope.")
                )
                if n
                else self.tr("Nothing is left out yet: uncheck an item to leave it out.")
            )
        self.changed.emit()


class ScopeDialog(QDialog):
    """Edit the scope of an open assessment; the caller applies :meth:`scope` as one edit."""

    def __init__(self, playbook: Playbook, scope: Scope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scope"))
        self.editor = ScopeEditor(playbook)
        self.editor.set_scope(scope)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.editor.changed.connect(lambda: self.ok.setEnabled(not self.editor.missing_reasons()))
        self.resize(760, 620)

    def scope(self) -> Scope:
        return self.editor.scope()
