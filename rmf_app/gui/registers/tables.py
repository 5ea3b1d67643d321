"""Thin table models over the risk register, the action plan and the evidence, and their filter.

Each model is an adapter (napari's habit): it reads the open session when asked, keeps only the
list of rows it last announced, and turns the session's change notifications into row inserts,
removals and ``dataChanged``. Every figure (scores, bands, overdue) comes from the adapter's
scores, i.e. from the one scoring function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ...domain.assessment import Action, Evidence, ItemKind, Risk
from ...domain.labels import (
    ACTION_STATUSES,
    IMPACT_SCALE,
    LIKELIHOOD_SCALE,
    RISK_STATUSES,
    TREATMENTS,
)
from ...domain.scoring import RiskScore
from ...services import crosswalks
from ..common import colours
from ..common.adapter import SessionAdapter
from ..common.listmodel import SORT_ROLE
from ..common.widgets import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
Item = Risk | Action | Evidence

ID_ROLE = Qt.ItemDataRole.UserRole + 11
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

LIST_FIELD: dict[str, str] = {"risk": "risks", "action": "actions", "evidence": "evidence"}
DASH = "—"


def human_size(size: int) -> str:
    """A byte count as people read it (1.2 MB), in the user's locale."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def iso(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    tip: str = ""


class ItemTableModel(QAbstractTableModel):
    """Rows are the items of one kind, in the assessment's order; columns come from
    :meth:`columns_for`. Read-only: edits go through dialogs and the undo stack.

    ``ID_ROLE`` gives a row's item id, ``SORT_ROLE`` a value that sorts as people expect
    (numbers as numbers, dates as dates).

    Args:
        adapter: the open assessment's signals; the model reads the session on demand.
    """

    kind: ItemKind = "risk"

    def __init__(self, adapter: SessionAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.columns = self.columns_for()
        self._items: list[Any] = list(self._source())
        adapter.changed.connect(self._sync)

    # -- subclass hooks ----------------------------------------------------------------------
    def columns_for(self) -> list[Column]:
        raise NotImplementedError

    def text(self, item: Any, key: str) -> str:
        value = getattr(item, key, "")
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return "" if value is None else str(value)

    def sort_value(self, item: Any, key: str) -> Any:
        return self.text(item, key).casefold()

    def tooltip(self, item: Any, key: str) -> str:
        return self.text(item, key)

    def foreground(self, item: Any, key: str) -> Any:
        return None

    def bold(self, item: Any, key: str) -> bool:
        return False

    def decoration(self, item: Any, key: str) -> Any:
        return None

    def search_text(self, item: Any) -> str:
        """What the text filter searches: every column, and the longer texts."""
        parts = [self.text(item, c.key) for c in self.columns]
        parts.append(getattr(item, "description", ""))
        return "\n".join(parts).casefold()

    # -- the rows ----------------------------------------------------------------------------
    def _source(self) -> list[Any]:
        return list(getattr(self.adapter.session.assessment, LIST_FIELD[self.kind]))

    def item(self, row: int) -> Any:
        return self._items[row]

    def items(self) -> list[Any]:
        return list(self._items)

    def row_of(self, item_id: str) -> int:
        for row, it in enumerate(self._items):
            if it.id == item_id:
                return row
        return -1

    def detach(self) -> None:
        """Stop listening (the file is closing)."""
        self.adapter.changed.disconnect(self._sync)

    def _sync(self) -> None:
        new = self._source()
        old_ids = [i.id for i in self._items]
        new_ids = [i.id for i in new]
        if old_ids == new_ids:
            self._items = new
            self._all_changed()
            return
        if len(new_ids) == len(old_ids) + 1:
            pos = next(
                (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b), None
            )
            pos = len(old_ids) if pos is None else pos
            if new_ids[:pos] + new_ids[pos + 1 :] == old_ids:
                self.beginInsertRows(QModelIndex(), pos, pos)
                self._items = new
                self.endInsertRows()
                self._all_changed()
                return
        if len(new_ids) == len(old_ids) - 1:
            pos = next(
                (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b), None
            )
            pos = len(new_ids) if pos is None else pos
            if old_ids[:pos] + old_ids[pos + 1 :] == new_ids:
                self.beginRemoveRows(QModelIndex(), pos, pos)
                self._items = new
                self.endRemoveRows()
                self._all_changed()
                return
        self.beginResetModel()
        self._items = new
        self.endResetModel()

    def _all_changed(self) -> None:
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, len(self.columns) - 1)
            )

    # -- QAbstractItemModel ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == _DISPLAY:
            return column.title
        if role == _TOOLTIP and column.tip:
            return plain_tooltip(column.tip)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        key = self.columns[index.column()].key
        if role == _DISPLAY or role == _ACCESSIBLE:
            return self.text(item, key)
        if role == SORT_ROLE:
            return self.sort_value(item, key)
        if role == ID_ROLE:
            return item.id
        if role == _TOOLTIP:
            tip = self.tooltip(item, key)
            return plain_tooltip(tip) if tip else None
        if role == _FOREGROUND:
            return self.foreground(item, key)
        if role == _FONT:
            if self.bold(item, key):
                font = QFont(QApplication.font())
                font.setBold(True)
                return font
            return None
        if role == _DECORATION:
            return self.decoration(item, key)
        return None


def _band_icon(adapter: SessionAdapter, band: str | None) -> QIcon | None:
    if band is None:
        return None
    bands = adapter.session.assessment.risk_bands
    return colours.swatch(band_colour_name(bands.rank(band), len(bands.bands)))


def band_colour_name(rank: int, count: int) -> str:
    return str(colours.band_colour(rank, count).name())


class RiskTableModel(ItemTableModel):
    """The risk register: inherent and residual score and band, treatment, owner, status and
    whether an acceptance is needed (at or above the tolerance) or recorded."""

    kind: ItemKind = "risk"

    def columns_for(self) -> list[Column]:
        return [
            Column("id", self.tr("ID")),
            Column("title", self.tr("Risk")),
            Column(
                "inherent",
                self.tr("Inherent"),
                self.tr("Likelihood × impact before treatment, and its band"),
            ),
            Column("treatment", self.tr("Treatment")),
            Column(
                "residual",
                self.tr("Residual"),
                self.tr("Likelihood × impact after treatment, and its band"),
            ),
            Column("owner", self.tr("Owner")),
            Column("status", self.tr("Status")),
            Column(
                "acceptance",
                self.tr("Acceptance"),
                self.tr("Risks at or above the risk tolerance need a named acceptance"),
            ),
            Column("subcategories", self.tr("Subcategories")),
        ]

    def score_of(self, risk: Risk) -> RiskScore:
        return self.adapter.scores().risk(risk.id)

    def text(self, item: Any, key: str) -> str:
        risk: Risk = item
        if key == "inherent":
            rs = self.score_of(risk)
            return f"{rs.inherent_score} · {self.tr(rs.inherent_band)}"
        if key == "residual":
            rs = self.score_of(risk)
            if rs.residual_score is None or rs.residual_band is None:
                return DASH
            return f"{rs.residual_score} · {self.tr(rs.residual_band)}"
        if key == "treatment":
            return self.tr(TREATMENTS[risk.treatment]) if risk.treatment else DASH
        if key == "status":
            return self.tr(RISK_STATUSES[risk.status])
        if key == "acceptance":
            rs = self.score_of(risk)
            if risk.acceptance is not None:
                return self.tr("{0}, review by {1}").format(
                    risk.acceptance.accepted_by, risk.acceptance.review_by.isoformat()
                )
            return self.tr("Needed") if rs.at_or_above_tolerance else DASH
        return super().text(item, key)

    def sort_value(self, item: Any, key: str) -> Any:
        risk: Risk = item
        if key == "inherent":
            return risk.inherent_score
        if key == "residual":
            return risk.residual_score if risk.residual_score is not None else -1
        return super().sort_value(item, key)

    def tooltip(self, item: Any, key: str) -> str:
        risk: Risk = item
        if key == "inherent":
            return self.tr("Likelihood {0} ({1}) × impact {2} ({3})").format(
                risk.likelihood,
                self.tr(LIKELIHOOD_SCALE[risk.likelihood]),
                risk.impact,
                self.tr(IMPACT_SCALE[risk.impact]),
            )
        if key == "residual" and risk.residual_likelihood and risk.residual_impact:
            return self.tr("Likelihood {0} ({1}) × impact {2} ({3})").format(
                risk.residual_likelihood,
                self.tr(LIKELIHOOD_SCALE[risk.residual_likelihood]),
                risk.residual_impact,
                self.tr(IMPACT_SCALE[risk.residual_impact]),
            )
        if key == "residual":
            return self.tr(
                "Not rated after treatment yet: the inherent rating is the one compared with "
                "the risk tolerance."
            )
        if key == "title":
            return "\n\n".join(p for p in (risk.title, risk.description) if p)
        if key == "acceptance" and risk.acceptance is not None:
            return risk.acceptance.rationale
        if key == "acceptance" and self.score_of(risk).at_or_above_tolerance:
            rs = self.score_of(risk)
            if rs.judged_on_inherent:
                return self.tr(
                    "The inherent {0} band (no residual rating yet) is at or above the risk "
                    "tolerance: rate the risk after treatment, or record who accepts it."
                ).format(self.tr(rs.effective_band))
            return self.tr(
                "The residual {0} band is at or above the risk tolerance: record who accepts "
                "this risk."
            ).format(self.tr(rs.effective_band))
        return super().tooltip(item, key)

    def decoration(self, item: Any, key: str) -> Any:
        if key == "inherent":
            return _band_icon(self.adapter, self.score_of(item).inherent_band)
        if key == "residual":
            return _band_icon(self.adapter, self.score_of(item).residual_band)
        return None

    def _needs_acceptance(self, risk: Risk) -> bool:
        rs = self.score_of(risk)
        return rs.at_or_above_tolerance and not rs.accepted

    def foreground(self, item: Any, key: str) -> Any:
        if key == "acceptance" and self._needs_acceptance(item):
            return colours.warning_colour()
        return None

    def bold(self, item: Any, key: str) -> bool:
        return key == "acceptance" and self._needs_acceptance(item)

    def search_text(self, item: Any) -> str:
        risk: Risk = item
        extra = [risk.affected, risk.treatment_notes, *risk.characteristics]
        return super().search_text(item) + "\n" + "\n".join(extra).casefold()


class ActionTableModel(ItemTableModel):
    """The action plan: owner, due date, status, priority, links; overdue actions stand out."""

    kind: ItemKind = "action"

    def columns_for(self) -> list[Column]:
        return [
            Column("id", self.tr("ID")),
            Column("title", self.tr("Action")),
            Column("owner", self.tr("Owner")),
            Column("due_date", self.tr("Due")),
            Column("status", self.tr("Status")),
            Column("priority", self.tr("Priority")),
            Column("subcategories", self.tr("Subcategories")),
            Column("risks", self.tr("Risks")),
        ]

    def overdue(self, action: Action) -> bool:
        return action.id in self.adapter.scores().overdue_actions

    def text(self, item: Any, key: str) -> str:
        action: Action = item
        if key == "due_date":
            if action.due_date is None:
                return DASH
            if self.overdue(action):
                return self.tr("{0} · overdue").format(action.due_date.isoformat())
            return action.due_date.isoformat()
        if key == "status":
            return self.tr(ACTION_STATUSES[action.status])
        if key == "priority":
            return self.tr(action.priority.capitalize()) if action.priority else DASH
        return super().text(item, key)

    def sort_value(self, item: Any, key: str) -> Any:
        action: Action = item
        if key == "due_date":
            return iso(action.due_date) or "9999"
        if key == "priority":
            order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
            return order.get(action.priority or "", 4)
        return super().sort_value(item, key)

    def tooltip(self, item: Any, key: str) -> str:
        action: Action = item
        if key == "title":
            return "\n\n".join(p for p in (action.title, action.description) if p)
        if key == "due_date" and self.overdue(action):
            return self.tr("Overdue: due {0} and not done yet").format(iso(action.due_date))
        return super().tooltip(item, key)

    def foreground(self, item: Any, key: str) -> Any:
        return colours.warning_colour() if self.overdue(item) else None

    def bold(self, item: Any, key: str) -> bool:
        return key in ("due_date", "id") and self.overdue(item)

    def decoration(self, item: Any, key: str) -> Any:
        if key == "due_date" and self.overdue(item):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None


#: how the evidence table names each crosswalk in its "Also supports" column
ALSO_PREFIX = {"iso42001": "42001:", "euaia": "AI Act:"}


class EvidenceTableModel(ItemTableModel):
    """The evidence: a link or an attached file (size, type, SHA-256), effective date, links."""

    kind: ItemKind = "evidence"

    def columns_for(self) -> list[Column]:
        return [
            Column("id", self.tr("ID")),
            Column("title", self.tr("Evidence")),
            Column("source", self.tr("File or link")),
            Column("effective_date", self.tr("Effective")),
            Column("sha256", self.tr("SHA-256"), self.tr("Checksum of the attached file")),
            Column("subcategories", self.tr("Subcategories")),
            Column(
                "also",
                self.tr("Also supports"),
                self.tr(
                    "ISO/IEC 42001 clauses and controls and EU AI Act articles (rmf-app's own "
                    "mapping) this item supports through its linked subcategories"
                ),
            ),
        ]

    def also_supports(self, ev: Evidence) -> dict[str, list[Any]]:
        """The crosswalk references the item supports, per crosswalk id."""
        return crosswalks.evidence_refs(self.adapter.session.assessment, ev)

    def text(self, item: Any, key: str) -> str:
        ev: Evidence = item
        if key == "also":
            refs = self.also_supports(ev)
            parts = [
                f"{ALSO_PREFIX[cid]} {', '.join(r.id for r in found)}"
                for cid, found in refs.items()
                if found
            ]
            return "; ".join(parts) or DASH
        if key == "source":
            if ev.attachment is not None:
                return f"{ev.attachment.filename} · {human_size(ev.attachment.size)}"
            return ev.url or DASH
        if key == "effective_date":
            return iso(ev.effective_date) or DASH
        if key == "sha256":
            return ev.attachment.sha256[:16] + "…" if ev.attachment is not None else DASH
        if key == "subcategories" and not ev.subcategories:
            return self.tr("not linked")
        return super().text(item, key)

    def sort_value(self, item: Any, key: str) -> Any:
        ev: Evidence = item
        if key == "effective_date":
            return iso(ev.effective_date)
        return super().sort_value(item, key)

    def tooltip(self, item: Any, key: str) -> str:
        ev: Evidence = item
        if key == "sha256" and ev.attachment is not None:
            return ev.attachment.sha256
        if key == "source" and ev.attachment is not None:
            return self.tr("{0}\n{1}, {2} bytes").format(
                ev.attachment.filename, ev.attachment.media_type, ev.attachment.size
            )
        if key == "title":
            return "\n\n".join(p for p in (ev.title, ev.description) if p)
        if key == "also":
            lines = []
            for cid, found in self.also_supports(ev).items():
                if found:
                    title = (
                        self.tr("EU AI Act (rmf-app's own mapping)")
                        if cid == "euaia"
                        else self.tr("ISO/IEC 42001")
                    )
                    lines.append(title + ":")
                    lines += [f"  {r.display}" for r in found]
            return "\n".join(lines)
        return super().tooltip(item, key)

    def foreground(self, item: Any, key: str) -> Any:
        if key == "subcategories" and not item.subcategories:
            return colours.warning_colour()
        return None

    def decoration(self, item: Any, key: str) -> Any:
        if key == "source" and item.attachment is not None:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return None

    def search_text(self, item: Any) -> str:
        ev: Evidence = item
        extra = [ev.attachment.sha256 if ev.attachment else "", ev.url or ""]
        return super().search_text(item) + "\n" + "\n".join(extra).casefold()
