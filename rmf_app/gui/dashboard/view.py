"""The dashboard: completion and current vs target per function and category, the largest
gaps, the risk heat maps and the trustworthiness-characteristic coverage.

Every figure is the adapter's scores (the one scoring function), formatted here and nowhere
computed. The view refreshes when the assessment changes while it is on screen, and when it
is shown again after changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import framework
from ...domain.labels import DEPLOYMENT_OUTCOMES, IMPACT_SCALE, LIKELIHOOD_SCALE, REVIEW_STATES
from ...domain.scoring import PROVISIONAL_BELOW, GroupScore, Scores
from ...services.session import GENAI
from ..common import colours
from ..common.adapter import SessionAdapter
from ..common.links import LinkList
from ..common.listmodel import ReadOnlyRowsModel
from ..common.widgets import (
    counted,
    heading,
    muted,
    plain_label,
    plain_tooltip,
    row_table,
    scrolling_page,
)
from .charts import BarRow, CoverageChart, GroupChart, GroupRow, HeatMap, Legend

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
GAP_ROLE = Qt.ItemDataRole.UserRole + 2
DASH = "—"


def mean_text(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


class GapsModel(ReadOnlyRowsModel):
    """The subcategories below their target, largest gap first (the scores' order)."""

    def __init__(self, adapter: SessionAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.columns = [self.tr("Subcategory"), self.tr("Title"), self.tr("Levels"), self.tr("Gap")]
        self._rows = list(adapter.scores().largest_gaps)

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = list(self.adapter.scores().largest_gaps)
        self.endResetModel()

    def subcategory(self, row: int) -> str:
        return self._rows[row].subcategory_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        gap = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return gap.subcategory_id
            if col == 1:
                return self.adapter.session.playbook.subcategory(gap.subcategory_id).title
            if col == 2:
                return self.tr("{0} → {1}").format(gap.current, gap.target)
            return self.tr("{0} below").format(gap.gap)
        if role == Qt.ItemDataRole.ToolTipRole:
            sub = self.adapter.session.playbook.subcategory(gap.subcategory_id)
            return plain_tooltip(
                self.tr("{0} {1}: current {2}, target {3}, gap {4}. Click to go there.").format(
                    sub.id, sub.title, gap.current, gap.target, gap.gap
                )
            )
        if role == ID_ROLE:
            return gap.subcategory_id
        if role == GAP_ROLE:
            return gap.gap
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class _GapBar(QStyledItemDelegate):
    """The gap as pips (one per maturity level missing, out of four) and its number."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        gap = int(index.data(GAP_ROLE) or 0)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        on = ink if selected else colours.warning_colour(pal)
        off = colours.mix(pal.color(QPalette.ColorRole.Base), ink, 0.18)
        rect = QRect(option.rect).adjusted(6, 0, -6, 0)
        side = max(6, min(9, rect.height() // 3))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(4):
            painter.setBrush(on if i < gap else off)
            painter.drawRoundedRect(
                QRectF(rect.x() + i * (side + 3), rect.center().y() - side / 2, side, side), 2, 2
            )
        painter.setPen(ink)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(text)
        )
        painter.restore()


class Card(QFrame):
    """A titled panel on the dashboard."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 10, 14, 12)
        self.title = heading(title, scale=1.1)
        self.title.setWordWrap(False)
        self.note = muted(plain_label(""))
        self.note.hide()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        self.layout_.addLayout(top)
        self.top = top

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.layout_.addWidget(widget, stretch)


class Tile(QFrame):
    """A headline figure: the number, what it is, and a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(2)
        self.caption = muted(plain_label(caption, wrap=False))
        self.value = heading("", scale=1.9)
        self.value.setAccessibleName(caption)
        self.detail = muted(plain_label(""))
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_value(self, value: str, detail: str, warn: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.value.setAccessibleDescription(detail)
        pal = self.value.palette()
        role = self.value.foregroundRole()
        pal.setColor(
            role,
            colours.warning_colour() if warn else self.palette().color(QPalette.ColorRole.Text),
        )
        self.value.setPalette(pal)


class DashboardView(QScrollArea):
    """Every headline figure of the open assessment, live.

    Signals:
        navigate(str, str): show a place ("subcategory", or a function or category id as
            "group") and its key.
        cellActivated(str, int, int): a heat-map cell was chosen: "inherent" or "residual",
            likelihood and impact (the risk register filters to it).
        characteristicActivated(str): a characteristic's bar was chosen (the walk filters).
        gaiRiskActivated(str): a GAI risk's bar was chosen (the walk filters to its actions).
    """

    navigate = Signal(str, str)
    cellActivated = Signal(str, int, int)
    characteristicActivated = Signal(str)
    gaiRiskActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adapter: SessionAdapter | None = None
        self.gaps_model: GapsModel | None = None
        self._dirty = True
        body, outer = scrolling_page(self, self.tr("Dashboard"), "dashboard_body")

        top = QHBoxLayout()
        self.title = heading(self.tr("Dashboard"), scale=1.3)
        top.addWidget(self.title)
        top.addSpacing(12)
        self.subtitle = muted(plain_label("", wrap=False))
        self.subtitle.setAccessibleName(self.tr("Assessment"))
        top.addWidget(self.subtitle, 1)
        self.method = muted(
            plain_label(
                self.tr(
                    "Scores are rmf-app's own method (AI RMF 1.0 defines none); a voluntary self-assessment."
                ),
                wrap=False,
            )
        )
        top.addWidget(self.method)
        outer.addLayout(top)

        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        self.tiles = {
            "completion": Tile(self.tr("Completion")),
            "at_target": Tile(self.tr("At target")),
            "not_assessed": Tile(self.tr("Not assessed")),
            "risks": Tile(self.tr("Residual risks at or above tolerance")),
            "overdue": Tile(self.tr("Overdue actions")),
            "status": Tile(self.tr("Review")),
            "opinion": Tile(self.tr("Overall opinion")),
        }
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        outer.addLayout(tiles)
        self.split = muted(plain_label(""))
        self.split.setObjectName("dashboard_split")
        self.split.setAccessibleName(self.tr("How the items in scope stand"))
        outer.addWidget(self.split)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 9)
        row_h = self.fontMetrics().height()
        self.functions_card = Card(self.tr("By function"))
        self.functions = GroupChart(row_h + 18)
        self.functions.setAccessibleName(self.tr("Completion and maturity by function"))
        self.functions_card.add(self.functions)
        self.functions_note = muted(plain_label(""))
        self.functions_card.add(self.functions_note)
        self.categories_card = Card(self.tr("By category"))
        self.categories = GroupChart(row_h + 9)
        self.categories.setAccessibleName(self.tr("Completion and maturity by category"))
        self.categories_card.add(self.categories)
        self.categories_note = muted(plain_label(""))
        self.categories_card.add(self.categories_note)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.functions_card)
        left.addWidget(self.categories_card)
        left.addStretch(1)

        self.gaps_card = Card(self.tr("Largest gaps"))
        self.gaps_count = muted(plain_label("", wrap=False))
        self.gaps_card.top.addWidget(self.gaps_count)
        self.gaps = row_table(
            "gaps_table", self.tr("Largest gaps: choose one to go to it"), row_h + 10
        )
        self.gaps.setShowGrid(False)
        self.gaps.setItemDelegateForColumn(3, _GapBar(self.gaps))
        self.gaps.setMinimumHeight((row_h + 10) * 8 + row_h + 12)
        self.gaps.setMaximumHeight((row_h + 10) * 8 + row_h + 12)
        self.gaps.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.gaps_card.add(self.gaps)
        self.not_assessed_label = muted(plain_label(""))
        self.not_assessed = LinkList("")
        self.not_assessed.setAccessibleName(self.tr("Not assessed yet"))
        self.gaps_card.add(self.not_assessed_label)
        self.gaps_card.add(self.not_assessed)

        self.heat_card = Card(self.tr("Risk heat map"))
        self.heat_mode = QButtonGroup(self)
        for i, text in enumerate((self.tr("&Inherent"), self.tr("Resi&dual"))):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", "") + " " + self.tr("risk heat map"))
            self.heat_mode.addButton(button, i)
            self.heat_card.top.addWidget(button)
        self.heat_mode.button(0).setChecked(True)
        self.heat = HeatMap()
        self.heat.setAccessibleName(self.tr("Risk heat map: choose a cell to list its risks"))
        self.heat_card.add(self.heat)
        self.legend = Legend()
        self.heat_card.add(self.legend)
        self.heat_hint = muted(
            plain_label(self.tr("Numbers are risks; choose a cell to list them in the register."))
        )
        self.heat_card.add(self.heat_hint)

        self.coverage_card = Card(self.tr("Trustworthiness characteristics"))
        self.coverage = CoverageChart(row_h + 10)
        self.coverage.setAccessibleName(
            self.tr("Share of tagged in-scope items at target, per characteristic")
        )
        self.coverage_card.add(self.coverage)
        self.coverage_card.add(
            muted(plain_label(self.tr("At-target rate over the in-scope items tagged with each.")))
        )
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.gaps_card)
        right.addWidget(self.heat_card)
        right.addWidget(self.coverage_card)
        # the Generative AI Profile, while it is switched on
        self.genai_card = Card(self.tr("Generative AI Profile: action coverage"))
        self.genai_overall = muted(plain_label("", wrap=False))
        self.genai_overall.setAccessibleName(self.tr("Overall GAI action coverage"))
        self.genai_card.top.addWidget(self.genai_overall)
        self.genai = CoverageChart(row_h + 10)
        self.genai.setAccessibleName(self.tr("Share of the actions done, per GAI risk"))
        self.genai_card.add(self.genai)
        self.genai_card.add(
            muted(
                plain_label(
                    self.tr(
                        "Actions done ÷ (in-scope actions tagged with the risk − N/A); rmf-app's own method. ▲ rated high in the register."
                    )
                )
            )
        )
        self.genai_card.hide()
        right.addWidget(self.genai_card)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)

        self.gaps.clicked.connect(self._gap_chosen)
        self.gaps.activated.connect(self._gap_chosen)
        self.not_assessed.activated.connect(self.navigate)
        self.functions.activated.connect(lambda key: self.navigate.emit("group", key))
        self.categories.activated.connect(lambda key: self.navigate.emit("group", key))
        self.coverage.activated.connect(self.characteristicActivated)
        self.genai.activated.connect(self.gaiRiskActivated)
        self.heat.cellActivated.connect(self._cell_chosen)
        self.heat_mode.idToggled.connect(lambda _i, on: on and self.refresh())

    # -- context -------------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._changed)
        self.adapter = adapter
        old = self.gaps_model
        self.gaps_model = GapsModel(adapter, self) if adapter is not None else None
        self.gaps.setModel(self.gaps_model)
        if old is not None:
            old.deleteLater()
        self.setEnabled(adapter is not None)
        if adapter is None:
            return
        adapter.changed.connect(self._changed)
        header = self.gaps.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.gaps.setColumnWidth(3, self.fontMetrics().horizontalAdvance("M") * 4 + 100)
        self._dirty = True
        self.refresh()

    def _changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    @property
    def heat_which(self) -> str:
        return "residual" if self.heat_mode.checkedId() == 1 else "inherent"

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.adapter is None:
            return
        self._dirty = False
        scores = self.adapter.scores()
        a = self.adapter.session.assessment
        self.subtitle.setText(self.tr("{0} · revision {1}").format(a.profile.name, a.revision))
        self._tiles(scores)
        pb = self.adapter.session.playbook
        self.functions.set_rows(
            [self._group_row(g, pb.function(g.id).title, heading=True) for g in scores.functions]
        )
        self.categories.set_rows(
            [self._group_row(g, pb.category(g.id).title) for g in scores.categories]
        )
        self._provisional_note(self.functions_note, scores.functions)
        self._provisional_note(self.categories_note, scores.categories)
        if self.gaps_model is not None:
            self.gaps_model.refresh()
        largest = scores.largest_gaps
        if largest:
            self.gaps_count.setText(self.tr("{0} below target").format(len(largest)))
        elif scores.overall.rated:
            self.gaps_count.setText(self.tr("none"))
        else:
            self.gaps_count.setText(self.tr("nothing rated yet"))
        self._not_assessed(scores)
        self._heat(scores)
        self.coverage.set_rows(
            [
                BarRow(
                    c.characteristic,
                    c.characteristic,
                    c.at_target.rate,
                    c.at_target.percent(),
                    self.tr("{0}: {1} at target ({2} of {3})").format(
                        c.characteristic,
                        c.at_target.percent(),
                        c.at_target.numerator,
                        c.at_target.denominator,
                    ),
                )
                for c in scores.characteristics
            ]
        )

        self._genai()

    def _genai(self) -> None:
        """The GAI risks' action coverage: the figures ``rmf-app info --json`` prints."""
        assert self.adapter is not None
        sc = self.adapter.session.overlay_scores().get(GENAI)
        self.genai_card.setVisible(sc is not None)
        if sc is None:
            return
        o = sc.overall
        self.genai_overall.setText(
            self.tr("{0} overall · {1} of {2} done").format(
                o.coverage.percent(), o.done, o.coverage.denominator
            )
        )
        self.genai.set_rows(
            [
                BarRow(
                    r.risk_id,
                    f"{'▲ ' if r.rated_high else ''}{r.number}. {r.title}",
                    r.counts.coverage.rate,
                    r.counts.coverage.percent(),
                    self.tr(
                        "{0}: {1} covered ({2} of {3} done; {4} partly, {5} planned, {6} not done, {7} N/A, {8} unanswered)"
                    ).format(
                        r.title,
                        r.counts.coverage.percent(),
                        r.counts.done,
                        r.counts.coverage.denominator,
                        r.counts.partly,
                        r.counts.planned,
                        r.counts.not_done,
                        r.counts.na,
                        r.counts.unanswered,
                    ),
                )
                for r in sc.risks
            ]
        )

    def _provisional_note(self, label: QLabel, groups: list[GroupScore]) -> None:
        """Name the groups drawn in outline, and say why, under their chart."""
        ids = [g.id for g in groups if g.provisional]
        label.setVisible(bool(ids))
        shown = ", ".join(ids)
        if len(ids) > 7:
            shown = ", ".join(ids[:6]) + self.tr(" and {0} more").format(len(ids) - 6)
        label.setText(
            self.tr(
                "Means are over rated items only. Dashed outline, provisional (under {0}% of the "
                "applicable items rated): {1}."
            ).format(round(PROVISIONAL_BELOW * 100), shown)
        )

    def _group_row(self, g: GroupScore, title: str, heading: bool = False) -> GroupRow:
        label = g.id if heading else f"{g.id}  {title}"
        describe = self.tr(
            "{0} {1}: {2} complete ({3} of {4}), mean current {5}, mean target {6} over {8} of {9} "
            "applicable items rated, {7} at target"
        ).format(
            g.id,
            title,
            g.completion.percent(),
            g.completion.numerator,
            g.completion.denominator,
            mean_text(g.mean_current),
            mean_text(g.mean_target),
            g.at_target.percent(),
            g.rated,
            g.applicable,
        )
        if g.provisional:
            describe += self.tr(" (provisional: too few items rated)")
        return GroupRow(
            key=g.id,
            label=label if not heading else f"{g.id}",
            completion=g.completion.rate,
            completion_text=g.completion.percent(),
            current=g.mean_current,
            current_text=mean_text(g.mean_current),
            target=g.mean_target,
            target_text=mean_text(g.mean_target),
            at_target_text=g.at_target.percent(),
            describe=describe,
            heading=heading,
            rated_text=self.tr("{0}/{1} rated").format(g.rated, g.applicable) if g.in_scope else "",
            provisional=g.provisional,
        )

    def _tiles(self, scores: Scores) -> None:
        assert self.adapter is not None
        a = self.adapter.session.assessment
        o = scores.overall
        t = self.tiles
        split = self.tr(
            "In scope {0} = {1} at target + {2} below target + {3} not assessed + {4} N/A"
        ).format(
            o.in_scope, o.at_target.numerator, o.below_target, o.not_assessed, o.not_applicable
        )
        if o.inherited_without_level:
            split += " " + self.tr("({0} inherited without a level count as not assessed)").format(
                o.inherited_without_level
            )
        self.split.setText(split)
        t["completion"].show_value(
            o.completion.percent(),
            self.tr("{0} of {1} in scope rated or N/A").format(
                o.completion.numerator, o.completion.denominator
            ),
        )
        t["at_target"].show_value(
            o.at_target.percent(),
            self.tr("{0} of {1} (N/A left out)").format(
                o.at_target.numerator, o.at_target.denominator
            ),
        )
        t["not_assessed"].show_value(
            str(len(scores.not_assessed)),
            self.tr("not assessed yet: nothing has been rated")
            if scores.not_assessed and not o.rated
            else self.tr("in scope, no current level yet"),
            warn=bool(scores.not_assessed),
        )
        above = [r for r in scores.risks if r.at_or_above_tolerance]
        missing = [r for r in above if not r.accepted]
        t["risks"].show_value(
            str(len(above)),
            self.tr(
                "of {0}, by residual score (inherent where none is set); {1} without acceptance"
            ).format(
                counted(len(scores.risks), self.tr("{0} risk"), self.tr("{0} risks")), len(missing)
            ),
            warn=bool(missing),
        )
        open_actions = [x for x in a.actions if x.status in ("planned", "in_progress")]
        t["overdue"].show_value(
            str(len(scores.overdue_actions)),
            self.tr("of {0} open actions").format(len(open_actions)),
            warn=bool(scores.overdue_actions),
        )
        decision = a.review.decision
        figures = scores.decision
        conditions = figures.conditions if figures else []
        late = [c for c in conditions if c.state in ("overdue", "missing")]
        detail = (
            self.tr("decision: {0}").format(self.tr(DEPLOYMENT_OUTCOMES[decision.outcome]).lower())
            if decision is not None
            else self.tr("no deployment decision yet")
        )
        if conditions:
            detail += "; " + self.tr("conditions: {0} done, {1} open, {2} overdue").format(
                sum(1 for c in conditions if c.state == "done"),
                sum(1 for c in conditions if c.state == "open"),
                sum(1 for c in conditions if c.state == "overdue"),
            )
            at_decision = [c.action_id for c in conditions if c.overdue_at_decision]
            if at_decision:
                detail += " " + self.tr("({0} overdue at decision)").format(", ".join(at_decision))
        t["status"].show_value(self.tr(REVIEW_STATES[a.review.state]), detail, warn=bool(late))
        if figures is not None:
            op = figures.opinion
            reasons = [r.text for r in op.reasons if r.effect != "ok"]
            detail = self.tr("rmf-app's rule, not a NIST rating")
            if op.overridden:
                detail = self.tr("set by the reviewer (the rule gives {0})").format(
                    self.tr(op.computed_label)
                )
            t["opinion"].show_value(
                self.tr(op.label),
                detail,
                warn=op.rating != "satisfactory",
            )
            t["opinion"].setToolTip(
                plain_tooltip("\n".join(reasons) or self.tr("Every criterion of the rule is met."))
            )
            t["opinion"].value.setAccessibleDescription(detail + ". " + "; ".join(reasons))

    def _not_assessed(self, scores: Scores) -> None:
        assert self.adapter is not None
        ids = scores.not_assessed
        pb = self.adapter.session.playbook
        self.not_assessed_label.setVisible(bool(ids))
        self.not_assessed_label.setText(
            self.tr("Not assessed yet ({0}) — never counted as a zero gap:").format(len(ids))
        )
        self.not_assessed.set_links(
            [
                (
                    "subcategory",
                    s,
                    f"{s}  {pb.subcategory(s).title}",
                    self.tr("Go to {0}").format(s),
                )
                for s in ids[:5]
            ]
        )
        self.not_assessed.setVisible(bool(ids))

    def _heat(self, scores: Scores) -> None:
        assert self.adapter is not None
        session = self.adapter.session
        a = session.assessment
        bands = a.risk_bands
        band_colours = {
            b.name: colours.band_colour(i, len(bands.bands)) for i, b in enumerate(bands.bands)
        }
        residual = self.heat_which == "residual"
        counts = scores.residual_heatmap if residual else scores.inherent_heatmap
        grid = session.band_grid()
        which = self.tr("residual") if residual else self.tr("inherent")
        tips = []
        for lk in range(1, 6):
            row = []
            for im in range(1, 6):
                n = counts[lk - 1][im - 1]
                ids = [
                    r.id
                    for r in a.risks
                    if (
                        (r.residual_likelihood, r.residual_impact)
                        if residual
                        else (r.likelihood, r.impact)
                    )
                    == (lk, im)
                ]
                band, above = grid[lk - 1][im - 1]
                tip = self.tr(
                    "Likelihood {0} ({1}) × impact {2} ({3}): {4}, {5} {6}: {7}{8}"
                ).format(
                    lk,
                    self.tr(LIKELIHOOD_SCALE[lk]),
                    im,
                    self.tr(IMPACT_SCALE[im]),
                    self.tr(band),
                    self.tr("at or above the tolerance")
                    if above
                    else self.tr("below the tolerance"),
                    which,
                    counted(n, self.tr("{0} risk"), self.tr("{0} risks")),
                    (" — " + ", ".join(ids)) if ids else "",
                )
                row.append(tip)
            tips.append(row)
        total = sum(sum(r) for r in counts)
        self.heat.axis_titles = (self.tr("Likelihood"), self.tr("Impact"))
        self.heat.set_data(
            counts,
            grid,
            band_colours,
            [self.tr(LIKELIHOOD_SCALE[i]) for i in range(1, 6)],
            [self.tr(IMPACT_SCALE[i]) for i in range(1, 6)],
            tips,
            self.tr("{0} risk heat map: {1} rated").format(
                which, counted(total, self.tr("{0} risk"), self.tr("{0} risks"))
            ),
        )
        self.legend.set_entries(
            [
                (f"{self.tr(b.name)} ({b.min_score}–{b.max_score})", band_colours[b.name])
                for b in bands.bands
            ],
            self.tr(
                "the risk tolerance: {0} and above — these risks need a named acceptance"
            ).format(self.tr(a.profile.risk_tolerance)),
        )

    def show_cell(self, which: str, cell: tuple[int, int] | None) -> None:
        """Mark the cell the register is filtered to (None: no filter)."""
        if cell is not None:
            self.heat_mode.button(1 if which == "residual" else 0).setChecked(True)
        self.heat.selected = cell
        self.heat.update()

    # -- choosing ------------------------------------------------------------------------------
    def _gap_chosen(self, index: QModelIndex) -> None:
        if self.gaps_model is not None and index.isValid():
            self.navigate.emit("subcategory", self.gaps_model.subcategory(index.row()))

    def _cell_chosen(self, likelihood: int, impact: int) -> None:
        self.heat.selected = (likelihood, impact)
        self.heat.update()
        self.cellActivated.emit(self.heat_which, likelihood, impact)


def first_in_scope(adapter: SessionAdapter, group_id: str) -> str | None:
    """The first in-scope subcategory of a function or category (where its row leads)."""
    scope = adapter.session.assessment.scope
    for sid in framework.subcategory_ids():
        in_group = group_id in (framework.function_of(sid), framework.category_of(sid))
        if in_group and scope.in_scope(sid):
            return sid
    return None
