"""The navigator: a thin QAbstractItemModel adapter over the framework tree, and its filter.

The tree never changes shape (4 functions, 19 categories, 72 subcategories); only the data
does, so changes are ``dataChanged`` signals and never inserts or removals.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from ...domain import framework
from ..common import icons
from ..common.adapter import SessionAdapter
from ..common.widgets import plain_tooltip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
IN_SCOPE_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NODE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _NODE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


# A NamedTuple and a plain class rather than dataclasses: this module is imported on every
# start, and a dataclass compiles its methods when it is made (a few milliseconds each).
class _NodeView(NamedTuple):
    label: str
    progress: str
    icon: QIcon
    in_scope: bool
    describe: str
    tooltip: str


class _Node:
    __slots__ = ("children", "id", "kind", "parent", "row", "summary", "title", "uid")

    def __init__(
        self,
        uid: int,
        kind: str,  # "function", "category" or "subcategory"
        id_: str,
        title: str,
        summary: str,
        parent: int | None,
        row: int,
    ) -> None:
        self.uid, self.kind, self.id, self.title = uid, kind, id_, title
        self.summary, self.parent, self.row = summary, parent, row
        self.children: list[int] = []


class NavigatorModel(QAbstractItemModel):
    """Function → category → subcategory, with each node's progress.

    Column 0 shows the id and title with a progress icon; column 1 the progress as text:
    "n/m" (completed of in-scope subcategories) for functions and categories, and for a
    subcategory its current → target levels, "N/A", "inherited" or "out of scope".
    Out-of-scope items are greyed. ``ID_ROLE`` gives a node's framework id, ``KIND_ROLE`` its
    kind, ``IN_SCOPE_ROLE`` whether it (or any child) is in scope.

    Args:
        adapter: the open assessment's signals; the model reads the session on demand.
    """

    COLUMNS = 2

    def __init__(self, adapter: SessionAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self._nodes: list[_Node] = []
        self._by_id: dict[str, int] = {}
        self._roots: list[int] = []
        pb = adapter.session.playbook
        for f_row, fn in enumerate(pb.functions):
            f = self._add("function", fn.id, fn.title, fn.summary, None, f_row)
            self._roots.append(f.uid)
            for c_row, cid in enumerate(
                c for c in framework.category_ids() if c.startswith(fn.id + " ")
            ):
                cat = pb.category(cid)
                c = self._add("category", cid, cat.title, cat.summary, f.uid, c_row)
                f.children.append(c.uid)
                for s_row, sid in enumerate(framework.subcategories_of_category(cid)):
                    sub = pb.subcategory(sid)
                    s = self._add("subcategory", sid, sub.title, sub.summary, c.uid, s_row)
                    c.children.append(s.uid)
        self._views: dict[int, _NodeView] = {}
        adapter.responseChanged.connect(self._response_changed)
        adapter.scopeChanged.connect(self._all_changed)
        adapter.settingsChanged.connect(self._all_changed)
        adapter.reset.connect(self._all_changed)

    def _add(
        self, kind: str, id_: str, title: str, summary: str, parent: int | None, row: int
    ) -> _Node:
        node = _Node(len(self._nodes), kind, id_, title, summary, parent, row)
        self._nodes.append(node)
        self._by_id[id_] = node.uid
        return node

    # -- structure -------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        children = (
            self._roots if not parent.isValid() else self._nodes[parent.internalId()].children
        )
        if not (0 <= row < len(children) and 0 <= column < self.COLUMNS) or parent.column() > 0:
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index | None = None) -> Any:
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[index.internalId()]
        if node.parent is None:
            return QModelIndex()
        p = self._nodes[node.parent]
        return self.createIndex(p.row, 0, p.uid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() > 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._nodes[index.internalId()].kind == "subcategory":
            return _LEAF_FLAGS
        return _NODE_FLAGS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return (
                (self.tr("Framework"), self.tr("Progress"))[section] if 0 <= section < 2 else None
            )
        return None

    def index_of(self, item_id: str, column: int = 0) -> QModelIndex:
        uid = self._by_id.get(item_id)
        if uid is None:
            return QModelIndex()
        return self.createIndex(self._nodes[uid].row, column, uid)

    # -- data ------------------------------------------------------------------------------
    def _progress(self, node: _Node) -> tuple[int, int]:
        return self.adapter.completion(node.id)

    def progress_texts(self) -> tuple[set[str], set[str]]:
        """What column 1 shows in its rows: in the rows' font, and in the bold of the function
        rows. The view sizes the column from these (Qt measuring each row through the
        delegate on every layout was a large part of opening a file)."""
        plain: set[str] = set()
        bold: set[str] = set()
        for node in self._nodes:
            (bold if node.kind == "function" else plain).add(self._view(node.uid).progress)
        return plain, bold

    def leaf_state(self, sid: str) -> str:
        a = self.adapter.session.assessment
        if not a.scope.in_scope(sid):
            return icons.OUT_OF_SCOPE
        r = a.response(sid)
        if r.applicability == "not_applicable":
            return icons.NOT_APPLICABLE
        if r.applicability == "inherited":
            return icons.INHERITED
        return icons.NOT_ASSESSED if r.current is None else icons.ANSWERED

    def _view(self, uid: int) -> _NodeView:
        """What a node shows, computed once per change (paint asks for it many times)."""
        view = self._views.get(uid)
        if view is None:
            view = self._views[uid] = self._compute(self._nodes[uid])
        return view

    def _compute(self, node: _Node) -> _NodeView:
        a = self.adapter.session.assessment
        if node.kind == "function":
            label = node.id
        else:  # the parent row already names the function (and category)
            label = f"{node.id.split(' ', 1)[1]}  {node.title}"
        if node.kind != "subcategory":
            done, total = self._progress(node)
            describe = self.tr("{0} {1}: {2} of {3} in-scope subcategories complete").format(
                node.id, node.title, done, total
            )
            return _NodeView(
                label,
                f"{done}/{total}",
                icons.progress_icon(done, total),
                total > 0,
                describe,
                plain_tooltip(describe + "\n\n" + node.summary),
            )
        state = self.leaf_state(node.id)
        r = a.response(node.id)
        target = a.effective_target(node.id)
        if state == icons.OUT_OF_SCOPE:
            text = self.tr("out of scope")
        elif state == icons.NOT_APPLICABLE:
            text = self.tr("N/A")
        elif r.current is None:
            text = self.tr("inherited") if state == icons.INHERITED else ""
        else:
            text = f"{r.current} → {target}"
        words = {
            icons.OUT_OF_SCOPE: self.tr("out of scope"),
            icons.NOT_APPLICABLE: self.tr("not applicable"),
            icons.INHERITED: self.tr("inherited"),
            icons.NOT_ASSESSED: self.tr("not assessed yet"),
            icons.ANSWERED: self.tr("answered"),
        }[state]
        if r.current is not None and state != icons.OUT_OF_SCOPE:
            words += self.tr(", current {0}, target {1}").format(r.current, target)
        describe = f"{node.id} {node.title}: {words}"
        tip = describe + "\n\n" + node.summary
        exclusion = a.scope.exclusion_for(node.id)
        if exclusion is not None:
            tip += "\n\n" + self.tr("Out of scope: {0}").format(exclusion.reason)
        return _NodeView(
            label,
            text,
            icons.leaf_icon(state),
            state != icons.OUT_OF_SCOPE,
            describe,
            plain_tooltip(tip),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        uid = index.internalId()
        col = index.column()
        if role == _DISPLAY:
            view = self._view(uid)
            return view.label if col == 0 else view.progress
        if role == _DECORATION:
            return self._view(uid).icon if col == 0 else None
        if role == _FOREGROUND:
            if self._view(uid).in_scope:
                return None
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == _FONT:
            if self._nodes[uid].kind != "function":
                return None
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        if role == _ALIGNMENT:
            return _RIGHT if col == 1 else None
        if role == ID_ROLE:
            return self._nodes[uid].id
        if role == KIND_ROLE:
            return self._nodes[uid].kind
        if role == IN_SCOPE_ROLE:
            return self._view(uid).in_scope
        if role == _TOOLTIP:
            return self._view(uid).tooltip
        if role == _ACCESSIBLE:
            return self._view(uid).describe
        return None

    # -- change notifications ----------------------------------------------------------------
    def _row_changed(self, uid: int) -> None:
        self._views.pop(uid, None)
        node = self._nodes[uid]
        left = self.createIndex(node.row, 0, uid)
        right = self.createIndex(node.row, self.COLUMNS - 1, uid)
        self.dataChanged.emit(left, right)

    def _response_changed(self, sid: str) -> None:
        uid = self._by_id.get(sid)
        while uid is not None:
            self._row_changed(uid)
            uid = self._nodes[uid].parent

    def _all_changed(self) -> None:
        self._views.clear()
        for uid in range(len(self._nodes)):
            self._row_changed(uid)


class WalkFilterProxy(QSortFilterProxyModel):
    """Shows the subcategories that match the filter bar (and their parents).

    The subcategory on screen stays visible (``sticky``) even when an edit makes it stop
    matching, so answering an "unanswered" item does not pull it out from under the user.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._matches: set[str] | None = None
        self._sticky: str | None = None

    def set_matches(self, matches: set[str] | None, sticky: str | None) -> None:
        """``matches`` = the subcategory ids to show, or None for all."""
        if matches == self._matches and sticky == self._sticky:
            return
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._matches, self._sticky = matches, sticky
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._matches, self._sticky = matches, sticky
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._matches is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "subcategory":
            return False  # shown when one of its children is (recursive filtering)
        sid = index.data(ID_ROLE)
        return sid in self._matches or sid == self._sticky
