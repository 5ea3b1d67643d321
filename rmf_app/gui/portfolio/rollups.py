"""The portfolio's roll-ups as a dashboard: systems by state and by decision, at target per
function for every system, the combined residual heat map and the gaps that recur.

The figures are the domain's (``domain.portfolio``: the rows and ``RollUps``); this module
only formats them, through two small table models and the single-assessment dashboard's
charts (``CoverageChart`` for the counts, ``HeatMap`` for the risks), which it feeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QScrollArea,
    QTableView,
    QWidget,
)

from ...domain import framework
from ...domain.labels import DEPLOYMENT_OUTCOMES, IMPACT_SCALE, LIKELIHOOD_SCALE, REVIEW_STATES
from ...domain.portfolio import (
    Portfolio,
    PortfolioRow,
    RecurringGap,
    combined_band_grid,
    combined_bands,
    heat_cell_systems,
    paths_below_target,
    paths_in_cell,
)
from ...domain.scoring import Fraction
from ..common import colours
from ..common.listmodel import ReadOnlyRowsModel
from ..common.widgets import (
    counted,
    muted,
    plain_label,
    plain_tooltip,
    row_table,
    scrolling_page,
)
from ..dashboard.charts import BarRow, CoverageChart, HeatMap
from ..dashboard.view import Card

Index = QModelIndex | QPersistentModelIndex
DASH = "—"
#: the key of the decision bar for systems with no decision recorded (as in ``RollUps``)
NO_DECISION = "none"
#: low, middle and high at-target rates: the matrix's fills (light palette)
RATE_FILLS = ("#F6C9C4", "#FBE7B5", "#CFE8D5")


def rate_fill(rate: float | None, dark: bool, base: QColor) -> QColor | None:
    """The matrix cell's fill for an at-target rate 0..1 (None: nothing in scope, no fill):
    red through amber to green, softened towards the window's base on a dark palette."""
    if rate is None:
        return None
    pos = max(0.0, min(1.0, rate)) * (len(RATE_FILLS) - 1)
    lo = min(int(pos), len(RATE_FILLS) - 2)
    fill = colours.mix(QColor(RATE_FILLS[lo]), QColor(RATE_FILLS[lo + 1]), pos - lo)
    return colours.mix(fill, base, 0.3) if dark else fill


def systems_text(pairs: Sequence[tuple[str, int]]) -> str:
    """ "LoanLens: 2, Chatbot: 1": each system with its count."""
    return ", ".join(f"{name}: {n}" for name, n in pairs)


def heat_cell_tip(rows: Sequence[PortfolioRow], likelihood: int, impact: int, total: int) -> str:
    """What hovering a combined heat-map cell says: the cell, its risks, and how many of them
    each system has there."""
    where = (
        f"Likelihood {likelihood} ({LIKELIHOOD_SCALE[likelihood]}) × "
        f"impact {impact} ({IMPACT_SCALE[impact]})"
    )
    risks = counted(total, "{0} residual risk", "{0} residual risks")
    pairs = heat_cell_systems(rows, likelihood, impact)
    return f"{where}: {risks}" + (f" — {systems_text(pairs)}" if pairs else "")


def _fraction_text(f: Fraction) -> str:
    return f"{f.numerator} of {f.denominator}"


class FunctionMatrixModel(ReadOnlyRowsModel):
    """Systems × functions: the at-target rate of each function in each system, with the
    portfolio's total ("All systems") first. Cells are filled by rate and carry the rate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [self.tr("System"), *framework.FUNCTION_IDS]
        self._rows: list[tuple[str, dict[str, Fraction], bool]] = []
        self.dark = False
        self.base = QColor("#ffffff")

    def set_portfolio(self, p: Portfolio | None) -> None:
        self.beginResetModel()
        self._rows = []
        if p is not None:
            self._rows.append((self.tr("All systems"), p.rollups.functions, True))
            self._rows += [(r.name, r.functions, False) for r in p.rows]
        self.endResetModel()

    def set_palette_base(self, base: QColor, dark: bool) -> None:
        self.base, self.dark = base, dark
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 4))

    def _fraction(self, index: Index) -> Fraction | None:
        _name, functions, _total = self._rows[index.row()]
        return functions.get(framework.FUNCTION_IDS[index.column() - 1])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, _functions, total = self._rows[index.row()]
        col = index.column()
        f = self._fraction(index) if col else None
        rate = f.rate if f is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return name
            return DASH if f is None or f.rate is None else f.percent()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                text = name
            elif f is None or f.rate is None:
                text = self.tr("{0}, {1}: nothing in scope").format(
                    name, framework.FUNCTION_IDS[col - 1]
                )
            else:
                text = self.tr("{0}, {1}: {2} at target ({3} items)").format(
                    name, framework.FUNCTION_IDS[col - 1], f.percent(), _fraction_text(f)
                )
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.BackgroundRole and col:
            fill = rate_fill(rate, self.dark, self.base)
            return None if fill is None else QBrush(fill)
        if role == Qt.ItemDataRole.ForegroundRole and col:
            fill = rate_fill(rate, self.dark, self.base)
            return None if fill is None else QBrush(colours.ink_on(fill))
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class RecurringGapsModel(ReadOnlyRowsModel):
    """The subcategories below target in the most systems: which, how many, in which."""

    def __init__(self, titles: dict[str, str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            self.tr("Subcategory"),
            self.tr("Title"),
            self.tr("Systems below target"),
            self.tr("Which systems"),
        ]
        self.titles = titles or {}
        self._rows: list[RecurringGap] = []
        self.systems = 0

    def set_portfolio(self, p: Portfolio | None) -> None:
        self.beginResetModel()
        self._rows = list(p.rollups.recurring_gaps) if p is not None else []
        self.systems = len(p.rows) if p is not None else 0
        self.endResetModel()

    def gap(self, row: int) -> RecurringGap:
        return self._rows[row]

    def _text(self, g: RecurringGap, col: int) -> str:
        if col == 0:
            return g.subcategory_id
        if col == 1:
            return self.titles.get(g.subcategory_id, "")
        if col == 2:
            return self.tr("{0} of {1}").format(g.systems, self.systems)
        return ", ".join(g.system_names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        g, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(g, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                self.tr("{0} {1}: below target in {2} of {3} systems: {4}").format(
                    g.subcategory_id,
                    self.titles.get(g.subcategory_id, ""),
                    g.systems,
                    self.systems,
                    ", ".join(g.system_names),
                )
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _titles() -> dict[str, str]:
    """Subcategory titles from the bundled content (empty when it cannot be read)."""
    try:
        from ...services.content import playbook

        pb = playbook()
        return {sid: pb.subcategory(sid).title for sid in framework.subcategory_ids()}
    except Exception:  # titles are a courtesy; the ids alone still say which
        return {}


class RollupsView(QScrollArea):
    """The "Across systems" tab.

    Signals:
        stateActivated(str): a state's bar was chosen (its label, as the table filters by).
        decisionActivated(str): a decision's bar was chosen (its key, or "none").
        systemsChosen(list, str): a heat-map cell or a recurring gap was chosen: the files of
            the systems it is made of, and what they have in common, in words.
    """

    stateActivated = Signal(str)
    decisionActivated = Signal(str)
    systemsChosen = Signal(list, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio: Portfolio | None = None
        body, outer = scrolling_page(self, self.tr("Across systems"), "portfolio_rollups")
        self.method = muted(
            plain_label(
                self.tr(
                    "Each system's figures are those of its own risk profile (rmf-app's method, "
                    "not NIST ratings); choose a bar to filter the table."
                )
            )
        )
        outer.addWidget(self.method)
        row_h = self.fontMetrics().height()

        self.state_card = Card(self.tr("Systems by state"))
        self.states = CoverageChart(row_h + 10)
        self.states.setObjectName("portfolio_states")
        self.states.setAccessibleName(self.tr("Systems by review state: choose one to filter"))
        self.state_card.add(self.states)
        self.decision_card = Card(self.tr("Systems by deployment decision"))
        self.decisions = CoverageChart(row_h + 10)
        self.decisions.setObjectName("portfolio_decisions")
        self.decisions.setAccessibleName(
            self.tr("Systems by deployment decision: choose one to filter")
        )
        self.decision_card.add(self.decisions)

        self.matrix_card = Card(self.tr("At target by function"))
        self.matrix_model = FunctionMatrixModel(self)
        self.matrix = row_table(
            "portfolio_functions",
            self.tr("At-target rate per function, for every system"),
            row_h + 10,
        )
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        header = self.matrix.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.matrix.setColumnWidth(col, self.fontMetrics().horizontalAdvance("MEASURE") + 28)
        self.matrix_card.add(self.matrix, 1)
        self.matrix_card.add(
            muted(
                plain_label(
                    self.tr(
                        "Share of the in-scope subcategories at target; red is low, green high. "
                        "All systems: the items of every system added up."
                    )
                )
            )
        )

        self.heat_card = Card(self.tr("Residual risks, all systems"))
        self.heat = HeatMap()
        self.heat.setObjectName("portfolio_heat")
        self.heat.setAccessibleName(
            self.tr("Combined residual risk heat map: point at a cell for its systems")
        )
        self.heat_card.add(self.heat)
        self.legend = muted(plain_label(""))
        self.legend.setAccessibleName(self.tr("Heat map colors"))
        self.heat_card.add(self.legend)
        self.unrated = muted(plain_label(""))
        self.unrated.setObjectName("portfolio_unrated_note")
        self.unrated.setAccessibleName(self.tr("Risks not on the heat map"))
        self.unrated.hide()
        self.heat_card.add(self.unrated)
        self.heat_card.add(
            muted(
                plain_label(
                    self.tr(
                        "Numbers are residual risks of every system; hover a cell (or move to it "
                        "with the arrow keys) to see how many each system has there, and click "
                        "it (or press Enter) to list those systems."
                    )
                )
            )
        )

        self.gaps_card = Card(self.tr("Gaps that recur across systems"))
        self.gaps_model = RecurringGapsModel(_titles(), self)
        self.gaps = row_table(
            "portfolio_recurring_gaps",
            self.tr("The ten subcategories below target in the most systems"),
            row_h + 10,
        )
        self.gaps.setModel(self.gaps_model)
        self.gaps.activated.connect(self._gap_chosen)
        self.heat.cellActivated.connect(self._cell_chosen)
        gh = self.gaps.horizontalHeader()
        gh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        gh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        gh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        gh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.gaps.setMinimumHeight((row_h + 10) * 10 + row_h + 14)
        self.gaps_card.add(self.gaps)
        self.gaps_card.add(
            muted(
                plain_label(
                    self.tr(
                        "Subcategories below target in two or more systems: the same gap in "
                        "many systems points at an organization-wide weakness, often a GOVERN "
                        "one."
                    )
                )
            )
        )

        for card in (self.state_card, self.decision_card, self.heat_card):
            card.layout_.addStretch(1)  # contents at the top when a neighbor is taller
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.state_card, 0, 0)
        grid.addWidget(self.decision_card, 0, 1)
        grid.addWidget(self.matrix_card, 1, 0)
        grid.addWidget(self.heat_card, 1, 1)
        grid.addWidget(self.gaps_card, 2, 0, 1, 2)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)

        self.states.activated.connect(self.stateActivated)
        self.decisions.activated.connect(self.decisionActivated)

    # -- showing -------------------------------------------------------------------------------
    def set_portfolio(self, p: Portfolio | None) -> None:
        self.portfolio = p
        rows = p.rows if p is not None else []
        n = len(rows)
        ru = p.rollups if p is not None else None
        by_state = ru.by_state if ru is not None else {}
        by_decision = ru.by_decision if ru is not None else {}
        self.states.set_rows(
            [
                self._bar(label, self.tr(label), by_state.get(label, 0), n)
                for label in REVIEW_STATES.values()
            ]
        )
        decisions = [*DEPLOYMENT_OUTCOMES.items(), (NO_DECISION, "No decision recorded")]
        self.decisions.set_rows(
            [self._bar(key, self.tr(label), by_decision.get(key, 0), n) for key, label in decisions]
        )
        pal = self.palette()
        self.matrix_model.set_palette_base(pal.color(pal.ColorRole.Base), colours.dark_palette(pal))
        self.matrix_model.set_portfolio(p)
        visible = min(self.matrix_model.rowCount(), 12)
        row_h = self.matrix.verticalHeader().defaultSectionSize()
        self.matrix.setMinimumHeight(row_h * (visible + 1) + 6)
        self.gaps_model.set_portfolio(p)
        self._heat(rows, ru.residual_heatmap if ru is not None else [[0] * 5 for _ in range(5)])
        note = p.unrated_note() if p is not None else ""
        self.unrated.setText(note)
        self.unrated.setVisible(bool(note))

    def _bar(self, key: str, label: str, count: int, total: int) -> BarRow:
        return BarRow(
            key=key,
            label=label,
            value=count / total if total else None,
            text=str(count),
            describe=self.tr("{0}: {1} of {2} systems").format(label, count, total),
        )

    def _heat(self, rows: Sequence[PortfolioRow], counts: list[list[int]]) -> None:
        bands = combined_bands()
        band_colours = {
            name: colours.band_colour(i, len(bands)) for i, (name, _lo, _hi) in enumerate(bands)
        }
        tips = [
            [heat_cell_tip(rows, lk, im, counts[lk - 1][im - 1]) for im in range(1, 6)]
            for lk in range(1, 6)
        ]
        total = sum(map(sum, counts))
        self.heat.set_data(
            counts,
            combined_band_grid(),
            band_colours,
            [self.tr(LIKELIHOOD_SCALE[i]) for i in range(1, 6)],
            [self.tr(IMPACT_SCALE[i]) for i in range(1, 6)],
            tips,
            self.tr("Residual risks of {0}: {1}").format(
                counted(len(rows), self.tr("{0} system"), self.tr("{0} systems")),
                counted(total, self.tr("{0} risk"), self.tr("{0} risks")),
            ),
        )
        self.legend.setText(
            self.tr(
                "Colored by the default risk bands: {0}. No tolerance line: each system has its "
                "own tolerance (its own dashboard draws it)."
            ).format(", ".join(f"{self.tr(name)} {lo}–{hi}" for name, lo, hi in bands))
        )

    def _cell_chosen(self, likelihood: int, impact: int) -> None:
        if self.portfolio is None:
            return
        paths = paths_in_cell(self.portfolio.rows, likelihood, impact)
        if paths:
            self.systemsChosen.emit(
                paths,
                self.tr("with residual risks of likelihood {0} and impact {1}").format(
                    likelihood, impact
                ),
            )

    def _gap_chosen(self, index: QModelIndex) -> None:
        if self.portfolio is None or not index.isValid():
            return
        gap = self.gaps_model.gap(index.row())
        self.systemsChosen.emit(
            paths_below_target(self.portfolio.rows, gap.subcategory_id),
            self.tr("below target on {0}").format(gap.subcategory_id),
        )

    def cell_tip(self, likelihood: int, impact: int) -> str:
        """The hover text of a heat-map cell."""
        return self.heat.cell_tips[likelihood - 1][impact - 1]
