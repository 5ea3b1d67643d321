"""The risk register, the action plan and the evidence: tables with add / edit / remove, sort
and filter, and the selected item's details with links that jump.

Views only: the rows come from thin table models (``tables.py``), each change is one undoable
edit through the :class:`~rmf_app.gui.common.editing.EditController`, long work (attaching, opening
or saving a file) runs on the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.assessment import Action, Attachment, Evidence, ItemKind, Risk
from ...domain.labels import ACTION_STATUSES, RISK_STATUSES
from ...services import attachments
from ...services.errors import StorageError, describe_validation_error
from ...services.session import safe_filename
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.interaction import ANY_FILTER, Interaction
from ..common.interaction import tr as itr
from ..common.links import LinkList, short
from ..common.listmodel import RegisterProxy
from ..common.settings import Option, Settings
from ..common.widgets import (
    LABEL_CHARS,
    counted,
    heading,
    muted,
    plain_label,
    row_table,
    shortened,
)
from ..common.workers import ProgressJob
from .dialogs import ActionDialog, EvidenceDialog, ItemDialog, RiskDialog
from .tables import (
    ActionTableModel,
    EvidenceTableModel,
    ItemTableModel,
    RiskTableModel,
    human_size,
)

Predicate = Callable[[Any], bool]


def _kind_word(view: QWidget, kind: str) -> str:
    return {
        "risk": view.tr("Risk"),
        "action": view.tr("Action"),
        "evidence": view.tr("Evidence"),
    }[kind]


class RegisterView(QWidget):
    """A table of one kind of item with its tool row, filter and details.

    Args:
        interaction: message boxes and file pickers.
        pool: the thread pool for long work.

    Signals:
        navigate(str, str): show a place ("subcategory", "risk", "action", "evidence") and key.
        currentItemChanged(str, str): another item is selected; its history entity
            ("risk:R-001") and a label, or two empty strings.
    """

    navigate = Signal(str, str)
    currentItemChanged = Signal(str, str)

    kind: ItemKind = "risk"

    def __init__(
        self, interaction: Interaction, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.pool = pool
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.model: ItemTableModel | None = None
        self.proxy = RegisterProxy(self)
        self._status_predicate: Predicate | None = None
        self._cell_predicate: Predicate | None = None
        self._current_id = ""
        self._dirty = True

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = heading(self.title_text(), scale=1.3)
        top.addWidget(self.heading)
        top.addSpacing(12)
        self.summary = muted(plain_label("", wrap=False))
        self.summary.setAccessibleName(self.tr("Summary"))
        top.addWidget(self.summary, 1)
        layout.addLayout(top)

        tools = QHBoxLayout()
        self.add_button = QPushButton(self.add_text())
        self.add_button.setAccessibleName(self.add_text().replace("&", ""))
        self.add_button.setToolTip(self.tr("Add (Insert)"))
        self.edit_button = QPushButton(self.tr("Ed&it…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected item"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected item"))
        self.remove_button.setToolTip(self.tr("Remove (Delete); Edit ▸ Undo brings it back"))
        for b in self.tool_buttons():
            tools.addWidget(b)
        tools.addStretch(1)
        self.filter_label = QLabel(self.tr("&Search:"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Search"))
        self.filter.setAccessibleName(self.tr("Search this table"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.filter_label.setBuddy(self.filter)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Show"))
        for text, predicate in self.status_filters():
            self.status.addItem(text)
            self.status.setItemData(self.status.count() - 1, predicate, Qt.ItemDataRole.UserRole)
        self.cell_chip = QToolButton()
        self.cell_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cell_chip.setAccessibleName(self.tr("Clear the heat-map filter"))
        self.cell_chip.hide()
        self.count = muted(plain_label("", wrap=False))
        self.count.setAccessibleName(self.tr("Rows shown"))
        for w in (self.filter_label, self.filter, self.status, self.cell_chip, self.count):
            tools.addWidget(w)
        layout.addLayout(tools)

        self.table = row_table(
            f"{self.kind}_table", self.title_text(), self.fontMetrics().lineSpacing() + 12
        )
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setCornerButtonEnabled(False)
        self.details = QScrollArea()
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        self.details.setAccessibleName(self.tr("Details of the selected item"))
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self.details_layout = QVBoxLayout(body)
        self.details_title = heading("", scale=1.1)
        self.details_title.setAccessibleName(self.tr("Selected item"))
        self.details_form = QFormLayout()
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.link_list = LinkList(self.tr("Not linked to anything yet."))
        self.link_list.setAccessibleName(self.tr("Linked subcategories and items"))
        self.link_list.activated.connect(self.navigate)
        self.links_label = QLabel(self.tr("Linked:"))
        self.details_form.addRow(self.links_label, self.link_list)  # always the last row
        self.details_layout.addWidget(self.details_title)
        self.details_layout.addLayout(self.details_form)
        self.details_layout.addStretch(1)
        self.details.setWidget(body)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([340, 260])
        layout.addWidget(self.splitter, 1)
        self.extra_rows(layout)

        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.filter.textChanged.connect(self._filter_changed)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.cell_chip.clicked.connect(self.clear_cell_filter)
        self.table.activated.connect(lambda _i: self.edit())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        # columns fit their content until the user drags one; then the user's widths stay
        self.settings: Settings | None = None
        self._sizing = False
        self.proxy.rowsInserted.connect(self._refit_columns)
        self.proxy.modelReset.connect(self._refit_columns)
        self.table.horizontalHeader().sectionResized.connect(self._column_resized)
        self.proxy.layoutChanged.connect(self._update_count)
        for text, keys, slot in (
            (self.tr("Remove"), [QKeySequence(QKeySequence.StandardKey.Delete)], self.remove),
            (self.tr("Add"), [QKeySequence(Qt.Key.Key_Insert)], lambda: self.add()),
        ):
            action = QAction(text, self.table)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.setEnabled(False)

    # -- subclass hooks --------------------------------------------------------------------
    def title_text(self) -> str:
        raise NotImplementedError

    def add_text(self) -> str:
        raise NotImplementedError

    def tool_buttons(self) -> list[QWidget]:
        return [self.add_button, self.edit_button, self.remove_button]

    def extra_rows(self, layout: QVBoxLayout) -> None:
        """Room for rows under the table (the evidence view's progress row)."""

    def make_model(self, adapter: SessionAdapter) -> ItemTableModel:
        raise NotImplementedError

    def status_filters(self) -> list[tuple[str, Predicate | None]]:
        return [(self.tr("All"), None)]

    def make_dialog(self, item: Any | None, read_only: bool, preset: list[str]) -> ItemDialog:
        raise NotImplementedError

    def summary_text(self) -> str:
        return ""

    def detail_rows(self, item: Any) -> list[tuple[str, str]]:
        return []

    def detail_links(self, item: Any) -> list[tuple[str, str, str, str]]:
        return [self._sub_link(s) for s in item.subcategories]

    def new_item(self, values: dict[str, Any], item_id: str) -> Any:
        raise NotImplementedError

    # -- context -----------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None, editor: EditController | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._data_changed)
            self.adapter.readOnlyChanged.disconnect(self._update_buttons)
        old = self.model
        self.adapter, self.editor = adapter, editor
        self.model = self.make_model(adapter) if adapter is not None else None
        self.proxy.setSourceModel(self.model)  # type: ignore[arg-type]
        if old is not None:
            old.detach()
            old.deleteLater()
        self.setEnabled(adapter is not None)
        self._current_id = ""
        if adapter is None:
            self._show_details(None)
            return
        adapter.changed.connect(self._data_changed)
        adapter.readOnlyChanged.connect(self._update_buttons)
        self._size_columns()
        self._data_changed()
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self._show_details(None)

    def _size_columns(self) -> None:
        """Fit every column but the title to its header and content (capped), the title
        taking what is left; or the widths the user gave this table last time."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        assert self.model is not None
        saved = self._saved_widths()
        self._sizing = True
        try:
            if saved is None:
                self.table.resizeColumnsToContents()
            fm = self.fontMetrics()
            for col, column in enumerate(self.model.columns):
                if column.key == "title":
                    header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                    continue
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                if saved is not None:
                    self.table.setColumnWidth(col, saved[col])
                    continue
                width = min(self.table.columnWidth(col), fm.horizontalAdvance("M") * 18)
                self.table.setColumnWidth(col, max(width, fm.horizontalAdvance(column.title) + 28))
        finally:
            self._sizing = False

    def _refit_columns(self) -> None:
        if self.model is not None and self._saved_widths() is None:
            self._size_columns()

    def _column_option(self) -> Option[str]:
        return Option(f"persist/columns/{self.kind}", "")

    def _saved_widths(self) -> list[int] | None:
        if self.settings is None or self.model is None:
            return None
        raw = self.settings.get_str(self._column_option())
        try:
            widths = [int(w) for w in raw.split(",")] if raw else []
        except ValueError:
            return None
        ok = len(widths) == len(self.model.columns) and all(8 <= w <= 4000 for w in widths)
        return widths if ok else None

    def _column_resized(self, col: int, _old: int, _new: int) -> None:
        """A column the user dragged: keep this table's widths in the settings."""
        if self._sizing or self.settings is None or self.model is None:
            return
        if self.model.columns[col].key == "title":  # it follows the window's width
            return
        widths = [self.table.columnWidth(c) for c in range(len(self.model.columns))]
        self.settings.set(self._column_option(), ",".join(map(str, widths)))

    @property
    def read_only(self) -> bool:
        return self.adapter is None or self.adapter.read_only

    def _data_changed(self) -> None:
        self._update_count()
        self._update_buttons()
        if not self.isVisible():  # edits elsewhere: catch up when shown
            self._dirty = True
            return
        self._dirty = False
        self.summary.setText(self.summary_text())
        self._show_details(self.current_item())

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self._data_changed()
        super().showEvent(event)

    def _update_buttons(self, *_: object) -> None:
        has = self.current_item() is not None
        writable = not self.read_only
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(has)
        self.edit_button.setText(self.tr("Ed&it…") if writable else self.tr("V&iew…"))
        self.remove_button.setEnabled(has and writable)

    def _update_count(self, *_: object) -> None:
        total = self.model.rowCount() if self.model is not None else 0
        shown = self.proxy.rowCount()
        self.count.setText(
            self.tr("{0} of {1} shown").format(shown, total)
            if shown != total
            else self.tr("{0} shown").format(total)
        )

    # -- selection -------------------------------------------------------------------------
    def current_item(self) -> Any | None:
        index = self.table.currentIndex()
        if self.model is None or not index.isValid():
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    def select(self, item_id: str) -> bool:
        """Select an item (clearing filters that hide it); False when there is no such item."""
        if self.model is None:
            return False
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter.clear()
            self.status.setCurrentIndex(0)
            self.clear_cell_filter()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def current_entity(self) -> tuple[str, str]:
        """The selected item's history entity ("risk:R-001") and label, or two empty strings."""
        item = self.current_item()
        if item is None:
            return "", ""
        return f"{self.kind}:{item.id}", f"{_kind_word(self, self.kind)} {item.id}"

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.current_item()
        self._update_buttons()
        self._show_details(item)
        new_id = item.id if item is not None else ""
        if new_id != self._current_id:
            self._current_id = new_id
            self.currentItemChanged.emit(*self.current_entity())

    def _show_details(self, item: Any | None) -> None:
        while self.details_form.rowCount() > 1:  # all but the links
            self.details_form.removeRow(0)
        self.details.setVisible(item is not None)
        if item is None:
            return
        self.details_title.setText(f"{item.id}  {item.title}")
        row = 0
        for label, text in self.detail_rows(item):
            if not text:
                continue
            value = plain_label(shortened(text, LABEL_CHARS), selectable=True)
            value.setAccessibleName(label.rstrip(":"))
            self.details_form.insertRow(row, QLabel(label), value)
            row += 1
        self.link_list.set_links(self.detail_links(item))

    def _sub_link(self, sid: str) -> tuple[str, str, str, str]:
        assert self.adapter is not None
        title = self.adapter.session.playbook.subcategory(sid).title
        return ("subcategory", sid, f"{sid}  {title}", self.tr("Go to {0}").format(sid))

    # -- filters -----------------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _status_changed(self, index: int) -> None:
        self._status_predicate = self.status.itemData(index, Qt.ItemDataRole.UserRole)
        self._apply_predicates()

    def _apply_predicates(self) -> None:
        preds = [p for p in (self._status_predicate, self._cell_predicate) if p is not None]
        if not preds:
            self.proxy.set_predicate(None)
        else:
            self.proxy.set_predicate(lambda item: all(p(item) for p in preds))
        self._update_count()

    def set_cell_filter(self, text: str, predicate: Predicate) -> None:
        """Show only the items a heat-map cell counts; the chip says which and clears it."""
        self._cell_predicate = predicate
        self.cell_chip.setText(self.tr("{0}  ✕").format(text).replace("&", "&&"))
        self.cell_chip.setToolTip(self.tr("Show all again"))
        self.cell_chip.show()
        self._apply_predicates()

    def clear_cell_filter(self) -> None:
        self._cell_predicate = None
        self.cell_chip.hide()
        self._apply_predicates()

    # -- editing -------------------------------------------------------------------------------
    def add(self, preset_subcategories: list[str] | None = None) -> ItemDialog | None:
        if self.adapter is None or self.editor is None or self.read_only:
            return None
        dialog = self.make_dialog(None, False, preset_subcategories or [])
        dialog.confirm_discard = self._confirm_discard
        dialog.accepted.connect(lambda: self._apply_new(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit(self) -> ItemDialog | None:
        item = self.current_item()
        if item is None or self.adapter is None:
            return None
        dialog = self.make_dialog(item, self.read_only, [])
        dialog.confirm_discard = self._confirm_discard
        dialog.accepted.connect(lambda: self._apply_edit(dialog, item.id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _confirm_discard(self, title: str, text: str) -> bool:
        return self.interaction.confirm(title, text, self.tr("Discard"), irreversible=True)

    def _apply_new(self, dialog: ItemDialog) -> None:
        if self.adapter is None or self.editor is None or dialog.read_only:
            return
        session = self.adapter.session
        item_id = session.next_id(self.kind)
        try:
            item = self.new_item(dialog.values(), item_id)
        except ValidationError as exc:  # the dialog checked already; say so, never crash
            self.editor.report(describe_validation_error(exc))
            return
        text = self.tr("Add {0}").format(item_id)
        if self.editor.add_item(self.kind, item, text):
            self.select(item_id)

    def _apply_edit(self, dialog: ItemDialog, item_id: str) -> None:
        if self.editor is None or dialog.read_only:
            return
        changes = dialog.changes()
        if changes:
            self.editor.update_item(
                self.kind, item_id, self.tr("Edit {0}").format(item_id), **changes
            )
            self.select(item_id)

    def remove(self) -> None:
        item = self.current_item()
        if item is None or self.editor is None or self.read_only:
            return
        row = self.table.currentIndex().row()
        if self.editor.remove_item(self.kind, item.id, self.tr("Remove {0}").format(item.id)):
            if self.proxy.rowCount():
                self.table.selectRow(min(row, self.proxy.rowCount() - 1))
            self.table.setFocus()


class RiskRegisterView(RegisterView):
    """The risk register."""

    kind: ItemKind = "risk"

    def title_text(self) -> str:
        return self.tr("Risk register")

    def add_text(self) -> str:
        return self.tr("&Add risk…")

    def make_model(self, adapter: SessionAdapter) -> ItemTableModel:
        return RiskTableModel(adapter, self)

    def tool_buttons(self) -> list[QWidget]:
        self.genai_button = QPushButton(self.tr("Add risks from the GenAI &profile…"))
        self.genai_button.setAccessibleName(self.tr("Add risks from the GenAI profile"))
        self.genai_button.setToolTip(
            self.tr("The Generative AI Profile's risks as register entries (one undo step)")
        )
        self.genai_button.clicked.connect(self.add_from_genai)
        return [self.add_button, self.genai_button, self.edit_button, self.remove_button]

    def add_from_genai(self) -> None:
        from .genai_risks import add_risks_from_genai

        add_risks_from_genai(self)

    def _update_buttons(self, *_: object) -> None:
        super()._update_buttons()
        on = self.adapter is not None and bool(self.adapter.session.assessment.overlays)
        self.genai_button.setVisible(on)
        self.genai_button.setEnabled(on and not self.read_only)

    def _score(self, risk: Risk) -> Any:
        assert self.adapter is not None
        return self.adapter.scores().risk(risk.id)

    def status_filters(self) -> list[tuple[str, Predicate | None]]:
        rows: list[tuple[str, Predicate | None]] = [
            (self.tr("All risks"), None),
            (self.tr("Not closed"), lambda r: r.status != "closed"),
            (
                self.tr("At or above the tolerance"),
                lambda r: self._score(r).at_or_above_tolerance,
            ),
            (
                self.tr("Needing an acceptance"),
                lambda r: self._score(r).at_or_above_tolerance and not self._score(r).accepted,
            ),
            (self.tr("Without treatment or owner"), lambda r: r.treatment is None or not r.owner),
        ]
        for key, text in RISK_STATUSES.items():
            rows.append(
                (self.tr("Status: {0}").format(self.tr(text)), lambda r, k=key: r.status == k)
            )
        return rows

    def make_dialog(self, item: Any | None, read_only: bool, preset: list[str]) -> ItemDialog:
        assert self.adapter is not None
        return RiskDialog(self.adapter.session, item, read_only, preset, self)

    def new_item(self, values: dict[str, Any], item_id: str) -> Any:
        return Risk.model_validate({"id": item_id, **values})

    def summary_text(self) -> str:
        if self.adapter is None:
            return ""
        scores = self.adapter.scores()
        above = [r for r in scores.risks if r.at_or_above_tolerance]
        missing = [r for r in above if not r.accepted]
        return self.tr("{0} · {1} at or above the tolerance ({2}) · {3} without acceptance").format(
            counted(len(scores.risks), self.tr("{0} risk"), self.tr("{0} risks")),
            len(above),
            self.tr(self.adapter.session.assessment.profile.risk_tolerance),
            len(missing),
        )

    def detail_rows(self, item: Any) -> list[tuple[str, str]]:
        risk: Risk = item
        rs = self._score(risk)
        rows = [
            (self.tr("Description:"), risk.description),
            (self.tr("Affected:"), risk.affected),
            (self.tr("Characteristics:"), ", ".join(risk.characteristics)),
            (
                self.tr("Inherent:"),
                self.tr("likelihood {0} × impact {1} = {2} ({3})").format(
                    risk.likelihood, risk.impact, rs.inherent_score, self.tr(rs.inherent_band)
                ),
            ),
            (self.tr("Treatment notes:"), risk.treatment_notes),
        ]
        if rs.residual_score is not None:
            rows.append(
                (
                    self.tr("Residual:"),
                    self.tr("likelihood {0} × impact {1} = {2} ({3})").format(
                        risk.residual_likelihood,
                        risk.residual_impact,
                        rs.residual_score,
                        self.tr(rs.residual_band or ""),
                    ),
                )
            )
        acc = risk.acceptance
        if acc is not None:
            rows.append(
                (
                    self.tr("Accepted:"),
                    self.tr("by {0}, review by {1}\n{2}").format(
                        acc.accepted_by, acc.review_by.isoformat(), acc.rationale
                    ),
                )
            )
        elif rs.at_or_above_tolerance:
            rows.append(
                (
                    self.tr("Acceptance:"),
                    self.tr("needed: the risk is at or above the tolerance; none is recorded"),
                )
            )
        return rows

    def detail_links(self, item: Any) -> list[tuple[str, str, str, str]]:
        assert self.adapter is not None
        links = super().detail_links(item)
        for action in self.adapter.session.assessment.actions:
            if item.id in action.risks:
                links.append(
                    (
                        "action",
                        action.id,
                        f"{action.id}  {action.title}",
                        self.tr("Go to action {0}").format(action.id),
                    )
                )
        return links


class ActionPlanView(RegisterView):
    """The action plan; overdue actions stand out (and can be listed alone)."""

    kind: ItemKind = "action"

    def title_text(self) -> str:
        return self.tr("Action plan")

    def add_text(self) -> str:
        return self.tr("&Add action…")

    def make_model(self, adapter: SessionAdapter) -> ItemTableModel:
        return ActionTableModel(adapter, self)

    def _overdue(self, action: Action) -> bool:
        assert self.adapter is not None
        return action.id in self.adapter.scores().overdue_actions

    def status_filters(self) -> list[tuple[str, Predicate | None]]:
        rows: list[tuple[str, Predicate | None]] = [
            (self.tr("All actions"), None),
            (
                self.tr("Open (planned or in progress)"),
                lambda a: a.status in ("planned", "in_progress"),
            ),
            (self.tr("Overdue"), self._overdue),
            (self.tr("Without owner or due date"), lambda a: not a.owner or a.due_date is None),
        ]
        for key, text in ACTION_STATUSES.items():
            rows.append(
                (self.tr("Status: {0}").format(self.tr(text)), lambda a, k=key: a.status == k)
            )
        return rows

    def make_dialog(self, item: Any | None, read_only: bool, preset: list[str]) -> ItemDialog:
        assert self.adapter is not None
        return ActionDialog(self.adapter.session, item, read_only, preset, self)

    def new_item(self, values: dict[str, Any], item_id: str) -> Any:
        return Action.model_validate({"id": item_id, **values})

    def summary_text(self) -> str:
        if self.adapter is None:
            return ""
        a = self.adapter.session.assessment
        scores = self.adapter.scores()
        open_ = [x for x in a.actions if x.status in ("planned", "in_progress")]
        return self.tr("{0} · {1} open · {2} overdue").format(
            counted(len(a.actions), self.tr("{0} action"), self.tr("{0} actions")),
            len(open_),
            len(scores.overdue_actions),
        )

    def detail_rows(self, item: Any) -> list[tuple[str, str]]:
        action: Action = item
        rows = [(self.tr("Description:"), action.description)]
        if self._overdue(action) and action.due_date is not None:
            rows.append(
                (
                    self.tr("Overdue:"),
                    self.tr("due {0}, still {1}").format(
                        action.due_date.isoformat(), self.tr(ACTION_STATUSES[action.status]).lower()
                    ),
                )
            )
        return rows

    def detail_links(self, item: Any) -> list[tuple[str, str, str, str]]:
        assert self.adapter is not None
        links = super().detail_links(item)
        risks = {r.id: r for r in self.adapter.session.assessment.risks}
        for rid in item.risks:
            title = risks[rid].title if rid in risks else ""
            links.append(("risk", rid, f"{rid}  {title}", self.tr("Go to risk {0}").format(rid)))
        return links


class EvidenceView(RegisterView):
    """The evidence: attach files (copied on a worker, with progress and cancel), add links,
    open an attachment (on a click only; executable types are only saved), save it."""

    kind: ItemKind = "evidence"

    def __init__(
        self, interaction: Interaction, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        self.job: ProgressJob | None = None
        self._job_kind = ""
        self._attach_preset: list[str] = []
        self._attach_name = ""
        self._replace_id = ""
        super().__init__(interaction, pool, parent)
        self.attach_button.clicked.connect(lambda: self.attach_file())
        self.replace_button.clicked.connect(lambda: self.replace_file())
        self.open_button.clicked.connect(self.open_attachment)
        self.save_button.clicked.connect(self.save_attachment)
        self.cancel_button.clicked.connect(self.cancel_job)

    def title_text(self) -> str:
        return self.tr("Evidence")

    def add_text(self) -> str:
        return self.tr("Add &link…")

    def tool_buttons(self) -> list[QWidget]:
        self.attach_button = QPushButton(self.tr("A&ttach file…"))
        self.attach_button.setAccessibleName(self.tr("Attach a file as evidence"))
        self.replace_button = QPushButton(self.tr("Re&place file…"))
        self.replace_button.setAccessibleName(self.tr("Replace the attached file"))
        self.replace_button.setToolTip(
            self.tr(
                "Attach a newer version of the file to this item: its title, links and notes stay; Edit ▸ Undo brings the old file back"
            )
        )
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setAccessibleName(self.tr("Open the attached file"))
        self.save_button = QPushButton(self.tr("Save &as…"))
        self.save_button.setAccessibleName(self.tr("Save the attached file as"))
        return [
            self.attach_button,
            self.add_button,
            self.edit_button,
            self.replace_button,
            self.open_button,
            self.save_button,
            self.remove_button,
        ]

    def extra_rows(self, layout: QVBoxLayout) -> None:
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_label = plain_label("", wrap=False)
        self.progress_label.setAccessibleName(self.tr("What is being copied"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the copy"))
        row.addWidget(self.progress_label)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()
        layout.addWidget(self.progress_row)

    def make_model(self, adapter: SessionAdapter) -> ItemTableModel:
        return EvidenceTableModel(adapter, self)

    def status_filters(self) -> list[tuple[str, Predicate | None]]:
        return [
            (self.tr("All evidence"), None),
            (self.tr("Attached files"), lambda e: e.attachment is not None),
            (self.tr("Links"), lambda e: e.url is not None),
            (self.tr("Not linked to a subcategory"), lambda e: not e.subcategories),
        ]

    def make_dialog(self, item: Any | None, read_only: bool, preset: list[str]) -> ItemDialog:
        assert self.adapter is not None
        return EvidenceDialog(self.adapter.session, item, read_only, preset, self)

    def new_item(self, values: dict[str, Any], item_id: str) -> Any:
        return Evidence.model_validate({"id": item_id, **values})

    def summary_text(self) -> str:
        if self.adapter is None:
            return ""
        ev = self.adapter.session.assessment.evidence
        files = [e for e in ev if e.attachment is not None]
        size = sum(e.attachment.size for e in files if e.attachment is not None)
        return self.tr("{0} · {1} ({2}) · {3} not linked").format(
            counted(len(ev), self.tr("{0} item"), self.tr("{0} items")),
            counted(len(files), self.tr("{0} attached file"), self.tr("{0} attached files")),
            human_size(size),
            len([e for e in ev if not e.subcategories]),
        )

    def detail_rows(self, item: Any) -> list[tuple[str, str]]:
        ev: Evidence = item
        rows = [(self.tr("Description:"), ev.description)]
        if ev.url:
            rows.append((self.tr("Link:"), ev.url))
        if ev.attachment is not None:
            att = ev.attachment
            rows += [
                (self.tr("File:"), att.filename),
                (
                    self.tr("Type and size:"),
                    f"{att.media_type}, {human_size(att.size)} ({att.size} bytes)",
                ),
                (self.tr("SHA-256:"), att.sha256),
            ]
            if attachments.is_executable(ev):
                rows.append(
                    (
                        self.tr("Opening:"),
                        self.tr(
                            "a type that could run code: it is never opened from here, only saved"
                        ),
                    )
                )
        if ev.effective_date is not None:
            rows.append((self.tr("Effective:"), ev.effective_date.isoformat()))
        assert isinstance(self.model, EvidenceTableModel)
        also = self.model.also_supports(ev)
        for cid, label in (
            ("iso42001", self.tr("ISO/IEC 42001:")),
            ("euaia", self.tr("EU AI Act\n(rmf-app's own mapping):")),
        ):
            if also.get(cid):
                rows.append((label, "; ".join(r.display for r in also[cid])))
        return rows

    def _update_buttons(self, *_: object) -> None:
        super()._update_buttons()
        item = self.current_item()
        has_file = item is not None and item.attachment is not None
        busy = self.job is not None
        self.attach_button.setEnabled(not self.read_only and not busy)
        self.replace_button.setEnabled(has_file and not self.read_only and not busy)
        self.open_button.setEnabled(
            (has_file and not attachments.is_executable(item) and not busy)
            or (item is not None and item.url is not None)
        )
        self.open_button.setToolTip(
            self.tr("Open the link in your browser")
            if item is not None and item.url is not None
            else self.tr("Open a copy of the file with your desktop's application for it")
        )
        self.save_button.setEnabled(has_file and not busy)

    # -- long work ---------------------------------------------------------------------------
    def attach_file(
        self, path: str | None = None, preset_subcategories: list[str] | None = None
    ) -> bool:
        """Copy a file into the assessment on a worker; the evidence item is added when the
        copy is complete (nothing is added, and nothing is left, when it is cancelled)."""
        if self.adapter is None or self.editor is None or self.read_only:
            return False
        if self._busy(self.tr("Attach a file")):
            return False
        if path is None:
            path = self.interaction.open_file_name(
                self.tr("Attach a file as evidence"), "", [itr(ANY_FILTER)]
            )
        if not path:
            return False
        self._attach_preset = list(preset_subcategories or [])
        return self._copy_in(path, "attach")

    def _busy(self, title: str) -> bool:
        """True (and the user is told) while a file is being copied."""
        if self.job is not None:
            self.interaction.information(
                title, self.tr("A file is being copied; wait or cancel it.")
            )
        return self.job is not None

    def _copy_in(self, path: str, kind: str) -> bool:
        """Copy a file into the assessment on a worker; ``kind`` says what happens when the copy
        is complete (a new item, or a replaced file). A path that is not a regular file (a
        named pipe, a device, a folder) is refused at once, with the reason; returns False."""
        assert self.adapter is not None and self.editor is not None
        try:
            attachments.check_attachable(path)
        except StorageError as exc:
            title = (
                self.tr("Cannot attach the file")
                if kind == "attach"
                else self.tr("Cannot replace the file")
            )
            self.interaction.error(title, str(exc))
            return False
        session = self.adapter.session
        self.editor.flush()
        self._attach_name = Path(path).name
        job = ProgressJob(
            lambda progress, cancelled: session.copy_attachment(
                path, progress=progress, cancelled=cancelled
            ),
            self.tr("Attaching {0}").format(self._attach_name),
        )
        self._start(job, kind, self.tr("Attaching {0}…").format(self._attach_name))
        return True

    def replace_file(self, path: str | None = None) -> bool:
        """Copy a newer version of the selected item's file into the assessment (on a worker)
        and attach it in place of the old one: one undoable edit, made when the copy is
        complete; the item keeps its id, title, description and links."""
        item = self.current_item()
        if (
            item is None
            or item.attachment is None
            or self.adapter is None
            or self.editor is None
            or self.read_only
        ):
            return False
        if self._busy(self.tr("Replace the file")):
            return False
        if path is None:
            path = self.interaction.open_file_name(
                self.tr("Replace the file of {0}").format(item.id),
                str(self.adapter.session.path.parent),
                [itr(ANY_FILTER)],
            )
        if not path:
            return False
        self._replace_id = item.id
        return self._copy_in(path, "replace")

    def _replaced(self, attachment: Attachment) -> None:
        assert self.adapter is not None and self.editor is not None
        item_id = self._replace_id
        current = next(
            (e for e in self.adapter.session.assessment.evidence if e.id == item_id), None
        )
        if current is None or current.attachment is None:
            self.interaction.warning(
                self.tr("The file was not replaced"),
                self.tr(
                    "{0} was removed, or no longer has a file, while the new one was copied; nothing was changed."
                ).format(item_id),
            )
            return
        if current.attachment.sha256 == attachment.sha256:
            self._say(
                self.tr("{0} already has this very file; nothing was changed.").format(item_id)
            )
            return
        if self.editor.update_item(
            "evidence",
            item_id,
            self.tr("Replace the file of {0}").format(item_id),
            attachment=attachment,
        ):
            self.select(item_id)
            self._say(
                self.tr("Replaced the file of {0} with {1}; its SHA-256 is {2}.").format(
                    item_id, attachment.filename, attachment.sha256
                )
            )

    def _start(self, job: ProgressJob, kind: str, text: str) -> None:
        self.job = job
        self._job_kind = kind
        self._job_adapter = self.adapter
        job.signals.progress.connect(self._job_progress)
        job.signals.succeeded.connect(self._job_succeeded)
        job.signals.failed.connect(self._job_failed)
        job.signals.cancelled.connect(self._job_cancelled)
        self.progress_label.setText(text)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        self._update_buttons()
        self.pool.start(job)

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Cancel the running work and wait for it (the file is closing)."""
        job = self.job
        if job is not None:
            job.cancel()
            job.done.wait(30)
            self._job_done()

    def _job_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)
            self.progress.setFormat(
                self.tr("{0} of {1}").format(human_size(done), human_size(total))
            )

    def _job_done(self) -> None:
        job = self.job
        if job is not None:
            for signal, slot in (
                (job.signals.progress, self._job_progress),
                (job.signals.succeeded, self._job_succeeded),
                (job.signals.failed, self._job_failed),
                (job.signals.cancelled, self._job_cancelled),
            ):
                signal.disconnect(slot)
        self.job = None
        self.progress_row.hide()
        self._update_buttons()

    def _job_succeeded(self, result: object) -> None:
        job, kind = self.job, self._job_kind
        stale = job is None or job.is_cancelled or self._job_adapter is not self.adapter
        self._job_done()
        if kind == "attach":
            if stale or self.adapter is None or self.editor is None:
                self._say(self.tr("Cancelled: nothing was attached."))
                return
            session = self.adapter.session
            evidence = Evidence(
                id=session.next_id("evidence"),
                title=Path(self._attach_name).stem or self._attach_name,
                attachment=result,  # type: ignore[arg-type]
                subcategories=self._attach_preset,
            )
            if self.editor.add_item(
                "evidence", evidence, self.tr("Attach {0}").format(self._attach_name)
            ):
                self.select(evidence.id)
                self._say(
                    self.tr("Attached {0} as {1}; its SHA-256 is {2}.").format(
                        self._attach_name,
                        evidence.id,
                        evidence.attachment.sha256,  # type: ignore[union-attr]
                    )
                )
        elif kind == "replace":
            if stale or self.adapter is None or self.editor is None:
                self._say(self.tr("Cancelled: the file was not replaced."))
                return
            self._replaced(result)  # type: ignore[arg-type]
        elif kind == "open" and not stale:
            self.interaction.open_local_file(str(result))
        elif kind == "save" and not stale:
            self._say(self.tr("Saved {0}.").format(result))

    def _job_failed(self, message: str) -> None:
        kind = self._job_kind
        self._job_done()
        title = {
            "attach": self.tr("Cannot attach the file"),
            "replace": self.tr("Cannot replace the file"),
            "open": self.tr("Cannot open the file"),
            "save": self.tr("Cannot save the file"),
        }.get(kind, self.tr("Cannot finish"))
        self.interaction.error(title, message)

    def _job_cancelled(self) -> None:
        kind = self._job_kind
        self._job_done()
        self._say(
            {
                "attach": self.tr("Cancelled: nothing was attached."),
                "replace": self.tr("Cancelled: the file was not replaced."),
            }.get(kind, self.tr("Cancelled."))
        )

    def _say(self, text: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)

    def open_attachment(self) -> None:
        """Open the selected item: a link in the browser, a file through a sanitised temporary
        copy with the desktop's application — only on this click, never an executable type."""
        item = self.current_item()
        if item is None or self.adapter is None:
            return
        if item.attachment is None:
            if item.url:
                self.interaction.open_url(QUrl(item.url))
            return
        if attachments.is_executable(item):
            self.interaction.information(
                self.tr("Not opened"),
                self.tr(
                    "{0} is a type that could run code, so rmf-app does not open it. Use Save as… and check it before opening it."
                ).format(item.attachment.filename),
            )
            return
        if self.job is not None:
            return
        store = self.adapter.session.store
        evidence = item

        def extract(progress: Any, cancelled: Any) -> Path:
            reader = store.reader()
            try:
                return attachments.extract_for_viewing(reader, evidence)
            finally:
                reader.close()

        self._start(
            ProgressJob(extract, self.tr("Opening the file")),
            "open",
            self.tr("Opening {0}…").format(short(item.attachment.filename, 40)),
        )

    def save_attachment(self) -> None:
        item = self.current_item()
        if item is None or item.attachment is None or self.adapter is None or self.job:
            return
        folder = self.adapter.session.path.parent
        target = self.interaction.save_file_name(
            self.tr("Save the attached file as"),
            str(folder / safe_filename(item.attachment.filename)),
            [itr(ANY_FILTER)],
        )
        if not target:
            return
        store = self.adapter.session.store
        evidence = item

        def save(progress: Any, cancelled: Any) -> Path:
            reader = store.reader()
            try:
                return attachments.save_attachment(reader, evidence, target, progress, cancelled)
            finally:
                reader.close()

        self._start(
            ProgressJob(save, self.tr("Saving the file")),
            "save",
            self.tr("Saving {0}…").format(short(item.attachment.filename, 40)),
        )
