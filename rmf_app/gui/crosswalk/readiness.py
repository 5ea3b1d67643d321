"""Readiness by ISO/IEC 42001 clause or control and by EU AI Act article.

A view of the same answers, never a second set: every row comes from
:func:`rmf_app.services.crosswalks.readiness_of` over the adapter's one scoring result, so the
figures equal ``rmf-app crosswalk --json`` and the report's appendices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.crosswalk_readiness import (
    NOT_COVERED,
    STATUS_LABELS,
    CrosswalkReadiness,
    RefReadiness,
)
from ...services import crosswalks
from ...services.errors import StorageError
from ..common.adapter import SessionAdapter
from ..common.interaction import Interaction
from ..common.listmodel import ReadOnlyRowsModel
from ..common.widgets import escape_html, heading, muted, plain_label, row_table

Index = QModelIndex | QPersistentModelIndex
CSV_FILTER = "CSV table (*.csv)"


class ReadinessModel(ReadOnlyRowsModel):
    """One row per reference that applies: id, label, coverage, counts, subcategories."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            self.tr("Reference"),
            self.tr("Label"),
            self.tr("Coverage"),
            self.tr("At target"),
            self.tr("Below target"),
            self.tr("Not assessed"),
            self.tr("N/A or out of scope"),
            self.tr("Mapped subcategories"),
        ]
        self._rows: list[RefReadiness] = []
        self.readiness: CrosswalkReadiness | None = None

    def set_readiness(self, r: CrosswalkReadiness | None) -> None:
        self.beginResetModel()
        self.readiness = r
        self._rows = list(r.refs) if r is not None else []
        self.endResetModel()

    def item(self, row: int) -> RefReadiness:
        return self._rows[row]

    def cell(self, ref: RefReadiness, column: int) -> str:
        """The text of one cell (also what the tests compare with the CLI and the PDF)."""
        if column == 0:
            return ref.ref_id
        if column == 1:
            return ref.label
        if column == 2:
            return ref.coverage.percent() if ref.covered else "—"
        if not ref.covered:
            return NOT_COVERED if column == 7 else ""
        if column == 3:
            return f"{ref.coverage.numerator} of {ref.coverage.denominator}"
        if column == 4:
            return str(ref.count("below_target"))
        if column == 5:
            return str(ref.count("not_assessed"))
        if column == 6:
            return str(ref.count("not_applicable") + ref.count("out_of_scope"))
        return ", ".join(m.subcategory_id for m in ref.subcategories)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ref = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell(ref, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _plain(detail_text(ref, self.readiness))
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _plain(text: str) -> str:
    return "<qt>" + escape_html(text).replace("\n", "<br>") + "</qt>"


def detail_text(ref: RefReadiness, r: CrosswalkReadiness | None) -> str:
    """A reference's mapped subcategories with their status (and, for our own mapping, the
    relation and rationale of each pair)."""
    lines = [f"{ref.ref_id} {ref.label}"]
    if not ref.covered:
        lines.append(NOT_COVERED)
    for m in ref.subcategories:
        line = f"• {m.subcategory_id}: {STATUS_LABELS[m.status]}"
        if m.current is not None and m.target is not None:
            line += f" (current {m.current}, target {m.target})"
        if m.relation is not None and m.rationale:
            line += f" — {m.relation.replace('_', ' ')}: {m.rationale}"
        lines.append(line)
    if ref.scope_note:
        lines.append(ref.scope_note)
    if r is not None and r.own_mapping:
        lines.append("rmf-app's own mapping; not legal advice.")
    return "\n".join(lines)


class ReadinessView(QWidget):
    """Readiness by clause or article for one crosswalk at a time, with a CSV export.

    Args:
        interaction: asks where to save the CSV table and reports failures.

    Signals:
        navigate(str, str): go to a place ("subcategory", id): the first mapped subcategory
            not at target of the reference the user activated.
    """

    navigate = Signal(str, str)

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.adapter: SessionAdapter | None = None
        self._stale = True
        self.setAccessibleName(self.tr("Readiness by clause and article"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        chooser_label = QLabel(self.tr("&Crosswalk:"))
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(self.tr("Crosswalk"))
        chooser_label.setBuddy(self.chooser)
        for cw in crosswalks.crosswalks():
            title = cw.title
            if cw.own_mapping:
                title = self.tr("{0} (rmf-app's own mapping)").format(cw.title)
            self.chooser.addItem(title, cw.id)
        self.export_button = QPushButton(self.tr("E&xport CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the readiness table as CSV"))
        top.addWidget(chooser_label)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.title = heading("")
        self.summary = plain_label()
        self.summary.setAccessibleName(self.tr("Readiness summary"))
        self.scope = muted(plain_label())
        self.scope.setAccessibleName(self.tr("EU AI Act role and class"))
        for w in (self.title, self.summary, self.scope):
            layout.addWidget(w)
        self.model = ReadinessModel(self)
        self.table = row_table(
            "readiness_table",
            self.tr("Readiness by reference"),
            self.fontMetrics().lineSpacing() + 8,
        )
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(1, self.fontMetrics().averageCharWidth() * 34)
        self.detail = plain_label(selectable=True)
        self.detail.setAccessibleName(self.tr("Mapped subcategories of the selected reference"))
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.gaps = plain_label()
        self.gaps.setAccessibleName(self.tr("Gaps that matter most"))
        self.gaps.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lower = QWidget()
        low = QHBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addWidget(self.detail, 3)
        low.addWidget(self.gaps, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.note = muted(
            plain_label(
                self.tr(
                    "Coverage = mapped subcategories at target / those in scope and not N/A: a "
                    "view of the same answers, not a second assessment. Double-click a row to "
                    "go to its first subcategory below target."
                )
            )
        )
        layout.addWidget(self.note)
        self.chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self.export_csv)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.setEnabled(False)

    # -- context ---------------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._changed)
        self.adapter = adapter
        self.setEnabled(adapter is not None)
        if adapter is not None:
            adapter.changed.connect(self._changed)
        self._stale = True
        self.refresh()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def crosswalk_id(self) -> str:
        return str(self.chooser.currentData())

    def set_crosswalk(self, crosswalk_id: str) -> None:
        self.chooser.setCurrentIndex(self.chooser.findData(crosswalk_id))

    def refresh(self) -> None:
        self._stale = False
        if self.adapter is None:
            self.model.set_readiness(None)
            return
        s = self.adapter.session
        r = crosswalks.readiness_of(s.assessment, self.adapter.scores(), self.crosswalk_id())
        current = self.table.currentIndex().row()
        self.model.set_readiness(r)
        mapping = (
            self.tr("rmf-app's own mapping")
            if r.own_mapping
            else self.tr("pairs from NIST's published crosswalk")
        )
        self.title.setText(self.tr("{0} readiness ({1})").format(r.title, mapping))
        self.summary.setText(
            self.tr(
                "Overall {0}: {1} of the {2} mapped subcategories at target. {3} of {4} "
                "references have all their mapped subcategories at target; {5} not covered "
                "by AI RMF."
            ).format(
                r.overall.percent(),
                r.overall.numerator,
                r.overall.denominator,
                r.refs_at_target,
                len(r.refs),
                len(r.refs_not_covered),
            )
        )
        scope = r.scope
        if r.not_applicable:
            scope += "\n" + self.tr("Not applicable under this role and class: {0}").format(
                "; ".join(f"{k} ({why})" for k, why in r.not_applicable.items())
            )
        if r.scope:
            scope += "\n" + self.tr("Change the role and class in the System profile.")
        self.scope.setText(scope)
        self.scope.setVisible(bool(scope))
        gap_lines = [self.tr("Gaps that matter most:")]
        for g in r.gaps[:8]:
            status = STATUS_LABELS[g.status]
            gap_lines.append(f"• {g.subcategory_id}: {status} — {', '.join(g.refs)}")
        if not r.gaps:
            gap_lines.append(self.tr("none: every mapped subcategory is at target"))
        self.gaps.setText("\n".join(gap_lines))
        if self.model.rowCount():
            row = min(max(current, 0), self.model.rowCount() - 1)
            self.table.selectRow(row)
            self._row_changed(self.model.index(row, 0), QModelIndex())

    def _row_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid():
            self.detail.setText(detail_text(self.model.item(index.row()), self.model.readiness))
        else:
            self.detail.setText("")

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        ref = self.model.item(index.row())
        todo = [m for m in ref.subcategories if m.status in ("below_target", "not_assessed")]
        target = (todo or [m for m in ref.subcategories if m.status != "out_of_scope"] or [None])[0]
        if target is not None:
            self.navigate.emit("subcategory", target.subcategory_id)

    def export_csv(self) -> None:
        """Save the table on screen as CSV (asks where)."""
        if self.adapter is None or self.model.readiness is None:
            return
        s = self.adapter.session
        name = f"{s.path.stem}-{self.crosswalk_id()}-readiness.csv"
        target = self.interaction.save_file_name(
            self.tr("Export the readiness table"), str(s.path.parent / name), [self.tr(CSV_FILTER)]
        )
        if not target:
            return
        try:
            crosswalks.write_readiness_csv(self.model.readiness, target)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot export the table"), str(exc))
            return
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(self.tr("Saved {0}.").format(target), 10000)
