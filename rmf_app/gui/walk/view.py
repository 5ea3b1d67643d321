"""The guided walk: filter bar, navigator tree and the page of one subcategory.

Previous / Next walk the framework in order over the in-scope subcategories that match the
filter; the tree shows the same filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain import framework, progress
from ...services.session import GENAI
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.interaction import Interaction
from ..common.widgets import ReflowLabel, heading_font, muted
from ..crosswalk.strip import AlsoEvidencesStrip
from .answer_form import AnswerForm
from .filterbar import FilterBar, WalkFilter
from .guidance import GuidanceView
from .navigator import ID_ROLE, KIND_ROLE, NavigatorModel, WalkFilterProxy

if TYPE_CHECKING:  # loaded only once a NIST pack was imported
    from ...domain.official import OfficialEntry, OfficialPack

#: the space an item view leaves each side of a cell's text: the focus frame's margin plus one
#: (Qt's common style; 2 + 1 px in Fusion and Windows). A constant: asking the style for it
#: makes PySide6 set up QStyle and its ten enumerations at start (~2 % of the start's work);
#: the half character of slack the progress column gets covers a style that leaves a pixel more.
_ITEM_TEXT_MARGIN = 3


class _FormScroll(QScrollArea):
    """A scroll area whose size hint does not depend on the form inside it.

    QScrollArea asks its widget for its size hint; the form's changes with every subcategory,
    so each step would re-lay out the whole page around it. A constant hint keeps the
    re-layout inside the scroll area (this is most of the time of moving to the next one).
    """

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("M") * 40, fm.lineSpacing() * 20)


class SubcategoryPage(QWidget):
    """Id, title and summary on top; the guidance beside the answer form."""

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # texts that change on every move: labels that are cheap to give a new text
        self.path = muted(ReflowLabel())
        self.path.setAccessibleName(self.tr("Function and category"))
        self.title = heading_font(ReflowLabel(), scale=1.35)
        self.title.setAccessibleName(self.tr("Subcategory"))
        self.summary = ReflowLabel()
        self.summary.setAccessibleName(self.tr("Summary"))
        for w in (self.path, self.title, self.summary):
            layout.addWidget(w)
        # Moving to the next subcategory changes these texts; keep their height steady (the
        # summary reserves three lines) so the panes below rarely move and repaint. They still
        # grow when a text needs more room (narrow windows, large fonts).
        self.summary.setMinimumHeight(3 * self.summary.fontMetrics().lineSpacing())
        self.also = AlsoEvidencesStrip(interaction)
        layout.addWidget(self.also)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("page_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.guidance = GuidanceView(interaction.open_url)
        self.form = AnswerForm(interaction)
        self.form_scroll = _FormScroll()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.form_scroll.setAccessibleName(self.tr("Answer form"))
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        # The form is never scrolled sideways: in a narrow window the splitter gives it the width
        # its rows need and the guidance beside it wraps into the rest.
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        self.form_scroll.setMinimumWidth(
            self.form.minimumSizeHint().width() + bar + 2 * self.form_scroll.frameWidth()
        )
        # and the guidance keeps a readable column (some 25 characters a line at least)
        self.guidance.setMinimumWidth(self.fontMetrics().averageCharWidth() * 25)
        self.splitter.addWidget(self.guidance)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([440, 560])
        layout.addWidget(self.splitter, 1)


class WalkView(QWidget):
    """The subcategory-by-subcategory workspace.

    Args:
        interaction: message boxes and link opening.

    Signals:
        currentChanged(str): another subcategory is on screen (its id).
        walkChanged(): whether Previous / Next can move may have changed.
    """

    currentChanged = Signal(str)
    walkChanged = Signal()

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.model: NavigatorModel | None = None
        self._text_widths: dict[tuple[str, bool], int] = {}  # column 1's texts (see _advance)
        self._progress_width = 0  # column 1's width when shown (see _fit_progress)
        self.proxy = WalkFilterProxy(self)
        self.current = ""
        #: the imported official NIST pack shown beside the guidance, when there is one
        self.official: OfficialPack | None = None
        self._matches: list[str] | None = None
        self._walk_cache: tuple[object, list[str], dict[str, int]] | None = None
        self._syncing = False
        # after a move, lay out the neighbours' guidance while the user reads
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(40)  # once the new page is on screen
        self._prefetch_timer.timeout.connect(self._prefetch)

        layout = QVBoxLayout(self)
        self.filter_bar = FilterBar()
        layout.addWidget(self.filter_bar)
        # which overlays the assessment uses, above the walk (hidden when none is on)
        self.overlay_label = muted(QLabel())
        self.overlay_label.setAccessibleName(self.tr("Overlays in use"))
        self.overlay_label.hide()
        layout.addWidget(self.overlay_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("navigator_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.tree = QTreeView()
        self.tree.setAccessibleName(self.tr("Navigator"))
        self.tree.setAccessibleDescription(
            self.tr("Functions, categories and subcategories with their progress")
        )
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        # never squeezed below the ids and the start of the titles ("1.1  Legal…"; in so
        # narrow a navigator the progress column steps aside, see _fit_columns)
        self.tree.setMinimumWidth(self.fontMetrics().averageCharWidth() * 21)
        self.splitter.addWidget(self.tree)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        self.page = SubcategoryPage(interaction)
        right_layout.addWidget(self.page, 1)
        nav = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀  Previous"))
        self.previous_button.setAccessibleName(self.tr("Previous subcategory"))
        self.next_button = QPushButton(self.tr("Next  ▶"))
        self.next_button.setAccessibleName(self.tr("Next subcategory"))
        self.position = QLabel()
        # wide enough for any "n of N", so a new position never re-lays out the walk bar
        self.position.setMinimumWidth(
            self.position.fontMetrics().horizontalAdvance("888 of 888") + 4
        )
        self.position.setAccessibleName(self.tr("Position in the walk"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Completion of the whole assessment"))
        self.progress.setTextVisible(True)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.position)
        nav.addWidget(self.progress, 1)
        nav.addWidget(self.next_button)
        right_layout.addLayout(nav)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        # a third of the width for the navigator, so titles read before they are elided
        # (the whole title is in each node's tooltip); the user's split is remembered
        self.splitter.setSizes([460, 900])
        layout.addWidget(self.splitter, 1)

        self.splitter.splitterMoved.connect(self._fit_columns)
        self.filter_bar.changed.connect(self.apply_filter)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.setEnabled(False)

    # -- context -------------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None, editor: EditController | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._data_changed)
            self.adapter.profileChanged.disconnect(self._profile_changed)
            self.adapter.reset.disconnect(self._show_overlays)
        self.adapter, self.editor = adapter, editor
        self.page.form.attach(adapter, editor)
        old_model = self.model
        self.model = NavigatorModel(adapter, self) if adapter is not None else None
        self.proxy.setSourceModel(None)  # type: ignore[arg-type]
        self._use_model(self.model)
        if old_model is not None:
            old_model.deleteLater()
        self.current = ""
        self._matches = None
        self.setEnabled(adapter is not None)
        if adapter is None:
            return
        adapter.changed.connect(self._data_changed)
        adapter.profileChanged.connect(self._profile_changed)
        adapter.reset.connect(self._show_overlays)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._fit_progress()
        self.model.dataChanged.connect(self._fit_progress)
        self.filter_bar.blockSignals(True)
        self.filter_bar.clear()
        self._show_overlays()
        self.filter_bar.blockSignals(False)
        self.apply_filter()
        first = next(iter(self.walk_ids()), framework.subcategory_ids()[0])
        self.go_to(first)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._text_widths.clear()
            self._fit_progress()

    def _fit_progress(self, *_: object) -> None:
        """Column 1 as wide as its widest text, with the item's margins."""
        if self.model is None:
            return
        plain, bold = self.model.progress_texts()
        widths = [self._advance(t, False) for t in plain] + [self._advance(t, True) for t in bold]
        margin = _ITEM_TEXT_MARGIN
        width = (
            max(widths, default=0) + 2 * margin + self.tree.fontMetrics().averageCharWidth() // 2
        )
        self._progress_width = width
        header = self.tree.header()
        if not self.tree.isColumnHidden(1) and header.sectionSize(1) != width:
            header.resizeSection(1, width)
        self._fit_columns()

    def _fit_columns(self, *_: object) -> None:
        """A narrow navigator keeps its titles: the progress column (which each row's icon
        also shows, and its tooltip says in words) steps aside when the titles would have no
        room beside it, and comes back when the navigator is widened."""
        if self.model is None:
            return
        fm = self.tree.fontMetrics()
        size = self.tree.iconSize()
        icon = size.width() if size.isValid() else fm.height()
        # a subcategory row: three indents (function, category, its own), icon, some title
        titles = self.tree.indentation() * 3 + icon + fm.averageCharWidth() * 14
        hide = self.tree.width() < titles + self._progress_width
        if hide != self.tree.isColumnHidden(1):
            self.tree.setColumnHidden(1, hide)
            if not hide:
                self.tree.header().resizeSection(1, self._progress_width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _advance(self, text: str, bold: bool) -> int:
        """The width of a text of column 1 (measured once per text and font)."""
        key = (text, bold)
        if key not in self._text_widths:
            font = QFont(self.tree.font())
            font.setBold(bold)
            self._text_widths[key] = QFontMetrics(font).horizontalAdvance(text)
        return self._text_widths[key]

    def _show_overlays(self) -> None:
        """The overlay label and the GAI risk filter follow whether the overlay is on."""
        if self.adapter is None:
            return
        use = self.adapter.session.assessment.overlay(GENAI)
        content = self.page.form.genai.overlay if use is not None else None
        on = use is not None and content is not None
        if on:
            assert use is not None and content is not None
            self.overlay_label.setText(
                self.tr("Overlay in use: {0} ({1}), version {2}").format(
                    content.title, content.source.document, use.version
                )
            )
        self.overlay_label.setVisible(on)
        self.filter_bar.set_gai_risks(
            [(r.id, f"{r.number}. {r.title}") for r in content.risks]
            if on and content is not None
            else None
        )

    # -- the walk ------------------------------------------------------------------------------
    def walk_ids(self) -> list[str]:
        """In-scope subcategories matching the filter, in framework order."""
        if self.adapter is None:
            return []
        scope = self.adapter.session.assessment.scope
        key = (id(scope), None if self._matches is None else tuple(self._matches))
        if self._walk_cache is None or self._walk_cache[0] != key:
            ids = self._matches if self._matches is not None else framework.subcategory_ids()
            walk = [s for s in ids if scope.in_scope(s)]
            self._walk_cache = (key, walk, {sid: n for n, sid in enumerate(walk)})
        return self._walk_cache[1]

    def _neighbour(self, step: int) -> str | None:
        ids = self.walk_ids()
        if not ids or not self.current:
            return ids[0] if ids else None
        assert self._walk_cache is not None
        here_at = self._walk_cache[2].get(self.current)
        if here_at is not None:
            there = here_at + step
            return ids[there] if 0 <= there < len(ids) else None
        # the subcategory on screen is not in the walk (filtered out): the nearest one that is
        here = framework.order_key(self.current)
        if step > 0:
            return next((s for s in ids if framework.order_key(s) > here), None)
        return next((s for s in reversed(ids) if framework.order_key(s) < here), None)

    def can_move(self, step: int) -> bool:
        return self._neighbour(step) is not None

    def next(self) -> None:
        target = self._neighbour(1)
        if target is not None:
            self.go_to(target)

    def previous(self) -> None:
        target = self._neighbour(-1)
        if target is not None:
            self.go_to(target)

    def go_to(self, sid: str) -> None:
        """Show a subcategory and select it in the navigator."""
        if self.adapter is None or self.model is None:
            return
        if self.editor is not None:
            self.editor.flush()
        changed = sid != self.current
        self.current = sid
        if self._matches is not None:
            self.proxy.set_matches(set(self._matches), sid)
            self.tree.expandAll()
        playbook = self.adapter.session.playbook
        sub = playbook.subcategory(sid)
        cat = playbook.category(framework.category_of(sid))
        fn = playbook.function(framework.function_of(sid))
        self.page.path.setText(f"{fn.title}  ›  {cat.id}  {cat.title}")
        self.page.title.setText(f"{sid}  {sub.title}")
        self.page.summary.setText(sub.summary)
        self.page.guidance.show_subcategory(sub, self._official(sid))
        self.page.also.show_subcategory(sid, self.adapter.session.assessment)
        self.page.form.show_subcategory(sid)
        self._select_in_tree(sid)
        self._update_walk()
        if changed:
            self.page.form_scroll.verticalScrollBar().setValue(0)
            self.currentChanged.emit(sid)
            self._prefetch_timer.start()

    def _use_model(self, model: NavigatorModel | WalkFilterProxy | None) -> None:
        """Show the model itself while nothing is filtered, the filter proxy otherwise
        (a proxy over a Python model costs thousands of calls per paint)."""
        if self.tree.model() is model:
            return
        self.tree.setModel(model)
        if model is not None:
            self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
            self.tree.expandAll()

    def _prefetch(self) -> None:
        if self.adapter is None:
            return
        playbook = self.adapter.session.playbook
        for step in (1, -1):
            sid = self._neighbour(step)
            if sid is not None:
                self.page.guidance.prefetch(playbook.subcategory(sid), self._official(sid))

    def _official(self, sid: str) -> OfficialEntry | None:
        return self.official.entry(sid) if self.official is not None else None

    def set_official(self, pack: OfficialPack | None) -> None:
        """Show (or stop showing) an imported official pack beside the guidance."""
        self.official = pack
        self.page.guidance.clear_cache()
        if self.adapter is not None and self.current:
            sub = self.adapter.session.playbook.subcategory(self.current)
            self.page.guidance.show_subcategory(sub, self._official(self.current))

    def _select_in_tree(self, sid: str) -> None:
        assert self.model is not None
        index = self.model.index_of(sid)
        if self.tree.model() is self.proxy:
            index = self.proxy.mapFromSource(index)
        if not index.isValid():
            return
        self._syncing = True
        try:
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)
        finally:
            self._syncing = False

    def _tree_current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not index.isValid():
            return
        if index.data(KIND_ROLE) == "subcategory":
            self.go_to(index.data(ID_ROLE))

    # -- filter ----------------------------------------------------------------------------------
    def current_filter(self) -> WalkFilter:
        return self.filter_bar.value()

    def apply_filter(self) -> None:
        if self.adapter is None:
            return
        f = self.filter_bar.value()
        if f.active:
            self._matches = self.adapter.session.matching(
                f.text,
                actor=f.actor,
                topic=f.topic,
                characteristic=f.characteristic,
                status=f.status,
                gai_risk=f.gai_risk,
            )
            if self.model is not None and self.proxy.sourceModel() is not self.model:
                self.proxy.setSourceModel(self.model)
            self.proxy.set_matches(set(self._matches), self.current or None)
            self._use_model(self.proxy)
            self.tree.expandAll()
        else:
            self._matches = None
            self.proxy.set_matches(None, None)
            self._use_model(self.model)
        # count what the rest of the app counts: the in-scope subcategories
        scope = self.adapter.session.assessment.scope
        in_scope = [s for s in framework.subcategory_ids() if scope.in_scope(s)]
        shown = (
            sum(1 for s in self._matches if scope.in_scope(s))
            if self._matches is not None
            else len(in_scope)
        )
        self.filter_bar.show_count(shown, len(in_scope))
        if self.current:
            self._select_in_tree(self.current)
        self._update_walk()

    def _profile_changed(self) -> None:
        """The EU AI Act role and class may have changed: which articles apply."""
        if self.adapter is not None and self.current:
            self.page.also.show_subcategory(self.current, self.adapter.session.assessment)

    def _data_changed(self) -> None:
        if self.filter_bar.value().active:
            self.apply_filter()  # answers can change what matches
        else:
            self._update_walk()

    def _update_walk(self) -> None:
        if self.adapter is None:
            return
        done, of = self.adapter.completion(progress.ALL)
        self.progress.setMaximum(max(1, of))
        self.progress.setValue(done)
        self.progress.setFormat(
            self.tr("{0} of {1} complete ({2})").format(done, of, progress.percent(done, of))
        )
        ids = self.walk_ids()
        if self.current in ids:
            self.position.setText(
                self.tr("{0} of {1}").format(ids.index(self.current) + 1, len(ids))
            )
        else:
            # the page on screen is kept while a filter leaves it out: say so, with the count
            self.position.setText(self.tr("Outside the filter ({0} match)").format(len(ids)))
        self.previous_button.setEnabled(self.can_move(-1))
        self.next_button.setEnabled(self.can_move(1))
        self.walkChanged.emit()
