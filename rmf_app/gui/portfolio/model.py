"""The portfolio table: one row per system, and the proxy that sorts, filters and searches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.decision import OPINION_RATINGS
from ...domain.labels import DEPLOYMENT_OUTCOMES, OVERLAY_NAMES
from ...domain.portfolio import PortfolioRow

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    "System",
    "Organization",
    "Owner",
    "Rev.",
    "State",
    "Finalized",
    "Done",
    "At target",
    "Opinion",
    "Risks ≥ tolerance",
    "Not accepted",
    "Overdue actions",
    "Overdue conditions",
    "Decision",
    "Days since final",
    "Overlays",
    "EU AI Act scope",
    "Needs attention",
)
NUMERIC = {3, 6, 7, 9, 10, 11, 12, 14}
#: the value the proxy sorts by
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION_COLOR = QColor("#b3261e")


def _display(r: PortfolioRow, col: int) -> str:
    values: tuple[Any, ...] = (
        r.name,
        r.organisation,
        r.owner,
        r.revision,
        r.state,
        (r.finalized_at or "")[:10],
        r.completion.percent(),
        r.at_target.percent(),
        OPINION_RATINGS.get(r.opinion or "", "—"),
        r.risks_at_or_above_tolerance,
        r.risks_without_acceptance,
        r.overdue_actions,
        r.overdue_conditions,
        DEPLOYMENT_OUTCOMES.get(r.decision or "", "—"),
        "—" if r.days_since_final is None else r.days_since_final,
        ", ".join(OVERLAY_NAMES.get(o, o) for o in r.overlays),
        r.crosswalk_scope,
        "Yes" if r.needs_attention else "",
    )
    return str(values[col])


def _sort_key(r: PortfolioRow, col: int) -> Any:
    if col == 6:
        return r.completion.rate if r.completion.rate is not None else -1.0
    if col == 7:
        return r.at_target.rate if r.at_target.rate is not None else -1.0
    if col == 14:
        return -1 if r.days_since_final is None else r.days_since_final
    if col in NUMERIC:
        return int(_display(r, col))
    return _display(r, col).casefold()


class PortfolioModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PortfolioRow] = []

    def set_rows(self, rows: list[PortfolioRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(r, col)
        if role == SORT_ROLE:
            return _sort_key(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([r.path, *r.reasons])
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and r.needs_attention:
            return QBrush(ATTENTION_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, index: Index) -> PortfolioRow:
        return self.rows[index.row()]


class PortfolioFilter(QSortFilterProxyModel):
    """Filters by state, decision and "needs attention", and searches name, organization,
    owner and file path (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.state = ""
        self.decision = ""
        self.attention_only = False
        self.text = ""
        #: only these files (a drill-down from the roll-ups), or every file when None
        self.only: frozenset[str] | None = None

    def set_filter(
        self,
        *,
        state: str | None = None,
        decision: str | None = None,
        attention_only: bool | None = None,
        text: str | None = None,
    ) -> None:
        change = hasattr(self, "beginFilterChange")  # Qt ≥ 6.10
        if change:
            self.beginFilterChange()
        if state is not None:
            self.state = state
        if decision is not None:
            self.decision = decision
        if attention_only is not None:
            self.attention_only = attention_only
        if text is not None:
            self.text = text.strip().casefold()
        if change:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateFilter()

    def set_only(self, paths: frozenset[str] | None) -> None:
        """Let only these files through (None: every file the other filters let through)."""
        change = hasattr(self, "beginFilterChange")  # Qt ≥ 6.10
        if change:
            self.beginFilterChange()
        self.only = paths
        if change:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PortfolioModel)
        r = model.rows[source_row]
        if self.only is not None and r.path not in self.only:
            return False
        if self.state and r.state != self.state:
            return False
        if self.decision and (r.decision or "none") != self.decision:
            return False
        if self.attention_only and not r.needs_attention:
            return False
        if self.text:
            hay = " ".join((r.name, r.organisation, r.owner, r.path)).casefold()
            return self.text in hay
        return True
