"""Editors for a risk, an action and an evidence item: every field of SPEC §3.

A dialog shows an item's fields and hands back their new values; the register that opened it
turns them into one undoable edit. Bands and whether an acceptance is needed are the scoring
function's (``session.score_risk``); whether the values are valid is the domain model's — the
dialog only says so next to the fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.assessment import LONG_TEXT, SHORT_TEXT, URL_TEXT, Acceptance, Action, Evidence, Risk
from ...domain.labels import (
    ACTION_STATUSES,
    CHARACTERISTICS,
    IMPACT_SCALE,
    LIKELIHOOD_SCALE,
    PRIORITIES,
    RISK_STATUSES,
    TREATMENTS,
)
from ...services.session import AssessmentSession
from ..common import colours
from ..common.fields import (
    LimitedLineEdit,
    OptionalDate,
    from_qdate,
    guard_text,
    text_box,
    to_qdate,
)
from ..common.widgets import SearchField, muted, name_buttons, plain_label, plain_tooltip
from .tables import human_size

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _line(name: str, limit: int = SHORT_TEXT) -> LimitedLineEdit:
    line = LimitedLineEdit()
    line.setAccessibleName(name)
    guard_text(line, limit)
    return line


def _combo(name: str, choices: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


class CheckList(QWidget):
    """Checkable rows (subcategories or risks) with a filter and a "checked only" switch.

    Args:
        rows: (key, text, tooltip) for each row, in order.
        name: the list's accessible name.
        filter_text: the filter field's placeholder.

    Signals:
        changed(): a row was checked or unchecked.
    """

    changed = Signal()

    def __init__(
        self,
        rows: list[tuple[str, str, str]],
        name: str,
        filter_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self._order = [key for key, _t, _tip in rows]
        for key, text, tip in rows:
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(key, ID_ROLE)
            if tip:
                item.setToolTip(plain_tooltip(tip))
            self.model.appendRow(item)
        self.proxy = _CheckedFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = SearchField(filter_text)
        self.only_checked = QCheckBox(self.tr("Linked only"))
        self.only_checked.setAccessibleName(self.tr("Show linked only"))
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(name)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.summary = muted(plain_label(""))
        self.summary.setAccessibleName(self.tr("{0}: summary").format(name))
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.only_checked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.only_checked.toggled.connect(self.proxy.set_checked_only)
        self.model.itemChanged.connect(self._item_changed)
        self._update_summary()

    def set_checked(self, keys: list[str]) -> None:
        wanted = set(keys)
        self.model.blockSignals(True)
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            state = (
                Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked
            )
            item.setCheckState(state)
        self.model.blockSignals(False)
        self.view.viewport().update()
        self._update_summary()

    def checked(self) -> list[str]:
        return [
            self.model.item(row).data(ID_ROLE)
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_read_only(self, read_only: bool) -> None:
        for row in range(self.model.rowCount()):
            self.model.item(row).setCheckable(not read_only)
        self.only_checked.setChecked(read_only)

    def _item_changed(self, _item: QStandardItem) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        keys = self.checked()
        self.summary.setText(
            self.tr("Linked: {0}").format(", ".join(keys)) if keys else self.tr("Nothing linked.")
        )


class _CheckedFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checked_only = False

    def set_checked_only(self, on: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._checked_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._checked_only = on
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        if self._checked_only:
            index = self.sourceModel().index(source_row, 0, source_parent)
            if index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked.value:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


#: a web address typed without http:// or https:// (a host name with a dot, then a path)
_BARE_ADDRESS = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?")


class ItemDialog(QDialog):
    """What the three editors share: a tab per group of fields, an error line, Save / Cancel.

    Args:
        session: the open assessment (read for choices and scores, never changed here).
        item: the item to edit, or None for a new one.
        read_only: show the values without allowing changes.

    Signals:
        saved(): the values are valid and the user asked to save them (the dialog closes).
    """

    model_type: type[BaseModel] = Risk
    id_prefix = "X"

    def __init__(
        self,
        session: AssessmentSession,
        item: Any | None,
        read_only: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.item = item
        self.read_only = read_only
        self.field_widgets: dict[str, QWidget] = {}
        self.field_labels: dict[str, str] = {}
        #: what to say, in plain words, when a field's own check fails (by field key)
        self.field_messages: dict[str, str] = {}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Groups of fields"))
        self.error = plain_label("")
        self.error.setAccessibleName(self.tr("Problem"))
        pal = self.error.palette()
        pal.setColor(self.error.foregroundRole(), colours.warning_colour())
        self.error.setPalette(pal)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        if read_only:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.save_button = None
        else:
            self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        name_buttons(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _register(self, key: str, label: str, widget: QWidget) -> QLabel:
        """Remember which widget shows a field (for errors) and make its label a buddy."""
        self.field_widgets[key] = widget
        self.field_labels[key] = label.replace("&", "").rstrip(":")
        buddy = QLabel(label)
        buddy.setBuddy(widget)
        return buddy

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    #: asks "discard what was typed?" (title, text) -> True to discard; set by the view.
    confirm_discard: Callable[[str, str], bool] | None = None

    def showEvent(self, event: QShowEvent) -> None:
        if not hasattr(self, "_initial"):
            self._initial = None if self.read_only else self.values()
            # a problem shown stays only while it is still a problem
            for line in self.findChildren(QLineEdit):
                line.textEdited.connect(self._recheck)
            for box in self.findChildren(QPlainTextEdit):
                box.textChanged.connect(self._recheck)
            for combo in self.findChildren(QComboBox):
                combo.currentIndexChanged.connect(self._recheck)
            self._order_focus()
        super().showEvent(event)

    def _order_focus(self) -> None:
        """Open with the first field (Title) focused, and let Tab go through the fields before
        Save and Cancel: they were made first, so Tab used to visit them before any field."""
        inside = []
        widget = self.tabs.nextInFocusChain()
        while widget is not self.tabs and widget is not self:
            if self.tabs.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                inside.append(widget)
            widget = widget.nextInFocusChain()
        previous = inside[-1] if inside else self.tabs
        for button in self.buttons.buttons():
            QWidget.setTabOrder(previous, button)
            previous = button
        first = next(iter(self.field_widgets.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _recheck(self, *_: object) -> None:
        if self.error.isHidden() or self.read_only:
            return
        try:
            item_id = self.item.id if self.item is not None else f"{self.id_prefix}-000"
            self.model_type.model_validate({"id": item_id, **self.values()})
        except ValidationError as exc:
            focus = self.focusWidget()
            self._show_errors(exc)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)  # keep typing where you were
            return
        self.error.hide()

    def has_edits(self) -> bool:
        """Whether anything differs from the values the dialog opened with."""
        initial = getattr(self, "_initial", None)
        return initial is not None and self.values() != initial

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask before throwing typed work away."""
        if self.has_edits() and self.confirm_discard is not None:
            what = self.tr("the new item") if self.item is None else self.item.id
            if not self.confirm_discard(
                self.tr("Discard changes?"),
                self.tr("Discard what you entered for {0}?").format(what),
            ):
                return
        super().reject()

    def _subcategory_tab(self, linked: list[str]) -> CheckList:
        """The tab that links the item to subcategories."""
        rows = [
            (s.id, f"{s.id}  {s.title}", s.summary) for s in self.session.playbook.subcategories
        ]
        picker = CheckList(
            rows, self.tr("Linked subcategories"), self.tr("Filter subcategories"), self
        )
        picker.set_checked(linked)
        self.field_widgets["subcategories"] = picker.view
        self.field_labels["subcategories"] = self.tr("Linked subcategories")
        self.tabs.addTab(picker, self.tr("Linked subcategories"))
        return picker

    def _finish_read_only(self) -> None:
        if not self.read_only:
            return
        for w in self.findChildren(QLineEdit):
            w.setReadOnly(True)
        for box in self.findChildren(QPlainTextEdit):
            box.setReadOnly(True)
        for w2 in self.findChildren(QComboBox) + self.findChildren(QCheckBox):
            if w2.parent() is not None and isinstance(w2.parent(), CheckList):
                continue
            w2.setEnabled(False)
        for d in self.findChildren(QDateEdit):
            d.setReadOnly(True)
        for group in self.findChildren(QGroupBox):
            if group.isCheckable():
                group.setEnabled(group.isChecked())
        for checklist in self.findChildren(CheckList):
            checklist.set_read_only(True)

    def _save(self) -> None:
        if self.read_only:
            self.reject()
            return
        try:
            values = self.values()
            item_id = self.item.id if self.item is not None else f"{self.id_prefix}-000"
            self.model_type.model_validate({"id": item_id, **values})
        except ValidationError as exc:
            self._show_errors(exc)
            return
        self.accept()

    def _show_errors(self, exc: ValidationError) -> None:
        lines = []
        first: QWidget | None = None
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            key = next((k for k in self.field_widgets if loc == k or loc.startswith(k + ".")), "")
            if not key:
                key = next((k for k in self.field_widgets if k.endswith("." + loc)), loc)
            label = self.field_labels.get(key, loc or self.tr("Values"))
            if err.get("type") in ("string_too_short", "missing"):
                message = self.tr("{0}: required").format(label)
            elif key in self.field_messages:
                message = f"{label}: {self.field_messages[key]}"
            else:
                # pydantic prefixes a validator's own words with "Value error, "
                msg = str(err.get("msg", "")).removeprefix("Value error, ")
                message = f"{label}: {msg[:1].upper()}{msg[1:]}".rstrip(": ")
            lines.append(message)
            widget = self.field_widgets.get(key)
            if first is None and widget is not None:
                first = widget
        self.error.setText("\n".join(dict.fromkeys(lines)))
        self.error.show()
        if first is not None:
            for i in range(self.tabs.count()):
                page = self.tabs.widget(i)
                if page is not None and page.isAncestorOf(first):
                    self.tabs.setCurrentIndex(i)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the item's (all of them for a new item)."""
        values = self.values()
        if self.item is None:
            return values
        return {k: v for k, v in values.items() if getattr(self.item, k) != v}


def _level_choices(scale: dict[int, str], tr: Any) -> list[tuple[str, Any]]:
    return [(f"{n} — {tr(text)}", n) for n, text in scale.items()]


class RiskDialog(ItemDialog):
    """Every field of a risk: what it is, its rating and treatment (inherent and residual
    score and band, computed by scoring), the acceptance record, and its links."""

    model_type = Risk
    id_prefix = "R"

    def __init__(
        self,
        session: AssessmentSession,
        item: Risk | None,
        read_only: bool = False,
        preset_subcategories: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, item, read_only, parent)
        self.setObjectName("risk_dialog")
        self.setWindowTitle(
            self.tr("New risk") if item is None else self.tr("Risk {0}").format(item.id)
        )
        tr = self.tr
        # -- the risk -----------------------------------------------------------------------
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = _line(tr("Title"))
        self.title.setPlaceholderText(tr("A short name for the risk"))
        form.addRow(self._register("title", tr("&Title:"), self.title), self.title)
        self.description = text_box(4, tr("Description"), LONG_TEXT)
        self.description.setPlaceholderText(tr("What could happen, how, and to whom"))
        form.addRow(
            self._register("description", tr("&Description:"), self.description),
            self.description,
        )
        self.affected = text_box(2, tr("Affected people"), LONG_TEXT)
        form.addRow(
            self._register("affected", tr("&Affected people:"), self.affected), self.affected
        )
        chars = QWidget()
        grid = QGridLayout(chars)
        grid.setContentsMargins(0, 0, 0, 0)
        self.characteristics: dict[str, QCheckBox] = {}
        for i, name in enumerate(CHARACTERISTICS):
            box = QCheckBox(name.replace("&", "&&"))
            box.setAccessibleName(tr("Characteristic: {0}").format(name))
            grid.addWidget(box, i // 2, i % 2)
            self.characteristics[name] = box
        self.field_widgets["characteristics"] = next(iter(self.characteristics.values()))
        self.field_labels["characteristics"] = tr("Trustworthiness characteristics")
        form.addRow(tr("Characteristics:"), chars)
        self.owner = _line(tr("Owner"))
        self.owner.setPlaceholderText(tr("Who manages this risk"))
        form.addRow(self._register("owner", tr("&Owner:"), self.owner), self.owner)
        self.status = _combo(tr("Status"), [(tr(text), key) for key, text in RISK_STATUSES.items()])
        form.addRow(self._register("status", tr("&Status:"), self.status), self.status)
        self.tabs.addTab(page, tr("Risk"))

        # -- rating, treatment, acceptance --------------------------------------------------
        page2 = QWidget()
        outer = QVBoxLayout(page2)
        inherent = QGroupBox(tr("Inherent rating (before treatment)"))
        f1 = QFormLayout(inherent)
        self.likelihood = _combo(tr("Likelihood"), _level_choices(LIKELIHOOD_SCALE, tr))
        self.impact = _combo(tr("Impact"), _level_choices(IMPACT_SCALE, tr))
        f1.addRow(
            self._register("likelihood", tr("&Likelihood:"), self.likelihood), self.likelihood
        )
        f1.addRow(self._register("impact", tr("&Impact:"), self.impact), self.impact)
        self.inherent_band = plain_label("")
        self.inherent_band.setAccessibleName(tr("Inherent score and band"))
        f1.addRow(tr("Score:"), self.inherent_band)
        outer.addWidget(inherent)
        treat = QGroupBox(tr("Treatment"))
        f2 = QFormLayout(treat)
        self.treatment = _combo(
            tr("Treatment"),
            [(tr("— not decided —"), None)] + [(tr(text), key) for key, text in TREATMENTS.items()],
        )
        f2.addRow(self._register("treatment", tr("&Treatment:"), self.treatment), self.treatment)
        self.treatment_notes = text_box(2, tr("Treatment notes"), LONG_TEXT)
        self.treatment_notes.setPlaceholderText(tr("What is done about it, and where"))
        f2.addRow(
            self._register("treatment_notes", tr("&Notes:"), self.treatment_notes),
            self.treatment_notes,
        )
        not_rated = [(tr("— not rated —"), None)]
        self.residual_likelihood = _combo(
            tr("Residual likelihood"), not_rated + _level_choices(LIKELIHOOD_SCALE, tr)
        )
        self.residual_impact = _combo(
            tr("Residual impact"), not_rated + _level_choices(IMPACT_SCALE, tr)
        )
        f2.addRow(
            self._register(
                "residual_likelihood", tr("Residual li&kelihood:"), self.residual_likelihood
            ),
            self.residual_likelihood,
        )
        f2.addRow(
            self._register("residual_impact", tr("Residual i&mpact:"), self.residual_impact),
            self.residual_impact,
        )
        self.residual_band = plain_label("")
        self.residual_band.setAccessibleName(tr("Residual score and band"))
        f2.addRow(tr("Residual score:"), self.residual_band)
        outer.addWidget(treat)
        self.acceptance = QGroupBox(tr("Acceptance record"))
        self.acceptance.setCheckable(True)
        self.acceptance.setAccessibleName(tr("Acceptance record"))
        f3 = QFormLayout(self.acceptance)
        self.acceptance_hint = plain_label("")
        self.acceptance_hint.setAccessibleName(tr("Whether an acceptance is needed"))
        f3.addRow(self.acceptance_hint)
        self.accepted_by = _line(tr("Accepted by"))
        f3.addRow(
            self._register("acceptance.accepted_by", tr("Accepted &by:"), self.accepted_by),
            self.accepted_by,
        )
        self.rationale = text_box(2, tr("Rationale for accepting"), LONG_TEXT)
        f3.addRow(
            self._register("acceptance.rationale", tr("R&ationale:"), self.rationale),
            self.rationale,
        )
        self.review_by = QDateEdit()
        self.review_by.setCalendarPopup(True)
        self.review_by.setDisplayFormat("yyyy-MM-dd")
        self.review_by.setAccessibleName(tr("Review the acceptance by"))
        f3.addRow(
            self._register("acceptance.review_by", tr("Re&view by:"), self.review_by),
            self.review_by,
        )
        self.accepted_on = OptionalDate(tr("Recorded &on"), tr("Date of the acceptance"))
        f3.addRow(tr("Accepted on:"), self.accepted_on)
        self.acceptor_role = _line(tr("The acceptor's role"), 2000)
        self.acceptor_role.setPlaceholderText(tr("The role the profile names for acceptances"))
        f3.addRow(
            self._register("acceptance.role", tr("Acceptor's &role:"), self.acceptor_role),
            self.acceptor_role,
        )
        self.field_widgets["acceptance"] = self.accepted_by
        self.field_labels["acceptance"] = tr("Acceptance record")
        outer.addWidget(self.acceptance)
        outer.addStretch(1)
        self.tabs.addTab(page2, tr("Rating and treatment"))

        # -- links ------------------------------------------------------------------------------
        self.subcategories = self._subcategory_tab(
            item.subcategories if item else preset_subcategories or []
        )

        self._load(item)
        for combo in (self.likelihood, self.impact, self.residual_likelihood, self.residual_impact):
            combo.currentIndexChanged.connect(self._update_bands)
        self.acceptance.toggled.connect(self._update_bands)
        self._update_bands()
        self._finish_read_only()
        self.resize(720, 640)

    def _load(self, risk: Risk | None) -> None:
        self.title.setText(risk.title if risk else "")
        self.description.setPlainText(risk.description if risk else "")
        self.affected.setPlainText(risk.affected if risk else "")
        for name, box in self.characteristics.items():
            box.setChecked(risk is not None and name in risk.characteristics)
        self.owner.setText(risk.owner if risk else "")
        _select(self.status, risk.status if risk else "open")
        _select(self.likelihood, risk.likelihood if risk else 3)
        _select(self.impact, risk.impact if risk else 3)
        _select(self.treatment, risk.treatment if risk else None)
        self.treatment_notes.setPlainText(risk.treatment_notes if risk else "")
        _select(self.residual_likelihood, risk.residual_likelihood if risk else None)
        _select(self.residual_impact, risk.residual_impact if risk else None)
        acc = risk.acceptance if risk else None
        self.acceptance.setChecked(acc is not None)
        self.accepted_by.setText(acc.accepted_by if acc else "")
        self.rationale.setPlainText(acc.rationale if acc else "")
        review_by = acc.review_by if acc else dt.date.today() + dt.timedelta(days=182)
        self.review_by.setDate(to_qdate(review_by))
        self.accepted_on.set_value(acc.accepted_on if acc else None, 0)
        # a new acceptance starts with the role the profile names for acceptances
        self.acceptor_role.setText(
            acc.role if acc else self.session.assessment.profile.acceptance_role
        )

    def _draft(self) -> Risk:
        """The rating on screen as a risk (for scoring only: the other fields may be invalid)."""
        return Risk.model_construct(
            id=self.item.id if self.item else "R-draft",
            title="draft",
            likelihood=self.likelihood.currentData(),
            impact=self.impact.currentData(),
            residual_likelihood=self.residual_likelihood.currentData(),
            residual_impact=self.residual_impact.currentData(),
            acceptance=None,
        )

    def _update_bands(self) -> None:
        draft = self._draft()
        if (draft.residual_likelihood is None) != (draft.residual_impact is None):
            draft = draft.model_copy(update={"residual_likelihood": None, "residual_impact": None})
        rs = self.session.score_risk(draft)
        self.inherent_band.setText(
            self.tr("{0} × {1} = {2} · {3}").format(
                draft.likelihood, draft.impact, rs.inherent_score, self.tr(rs.inherent_band)
            )
        )
        if rs.residual_score is None or rs.residual_band is None:
            self.residual_band.setText(
                self.tr("Not rated (give both residual likelihood and impact)")
            )
        else:
            self.residual_band.setText(
                self.tr("{0} × {1} = {2} · {3}").format(
                    draft.residual_likelihood,
                    draft.residual_impact,
                    rs.residual_score,
                    self.tr(rs.residual_band),
                )
            )
        tolerance = self.tr(self.session.assessment.profile.risk_tolerance)
        which = self.tr("residual") if rs.residual_band else self.tr("inherent")
        if rs.at_or_above_tolerance:
            self.acceptance_hint.setText(
                self.tr(
                    "Needed: the {0} band ({1}) is at or above the risk tolerance ({2}). Record who accepts the risk, why, and when to review it."
                ).format(which, self.tr(rs.effective_band), tolerance)
            )
        else:
            self.acceptance_hint.setText(
                self.tr("Not needed: the {0} band ({1}) is below the risk tolerance ({2}).").format(
                    which, self.tr(rs.effective_band), tolerance
                )
            )
        pal = self.acceptance_hint.palette()
        role = self.acceptance_hint.foregroundRole()
        needs = rs.at_or_above_tolerance and not self.acceptance.isChecked()
        pal.setColor(role, colours.warning_colour() if needs else self.palette().color(role))
        self.acceptance_hint.setPalette(pal)
        self.needs_acceptance = rs.at_or_above_tolerance

    def values(self) -> dict[str, Any]:
        acceptance = None
        if self.acceptance.isChecked():
            acceptance = Acceptance.model_validate(
                {
                    "accepted_by": self.accepted_by.text(),
                    "rationale": self.rationale.toPlainText(),
                    "review_by": from_qdate(self.review_by.date()),
                    "accepted_on": self.accepted_on.value(),
                    "role": self.acceptor_role.text(),
                }
            )
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText(),
            "characteristics": [n for n, b in self.characteristics.items() if b.isChecked()],
            "affected": self.affected.toPlainText(),
            "likelihood": self.likelihood.currentData(),
            "impact": self.impact.currentData(),
            "treatment": self.treatment.currentData(),
            "treatment_notes": self.treatment_notes.toPlainText(),
            "residual_likelihood": self.residual_likelihood.currentData(),
            "residual_impact": self.residual_impact.currentData(),
            "owner": self.owner.text().strip(),
            "status": self.status.currentData(),
            "subcategories": self.subcategories.checked(),
            "acceptance": acceptance,
        }

    def _save(self) -> None:
        if self.acceptance.isChecked():
            try:
                self.values()
            except ValidationError as exc:
                # the acceptance alone: name its fields as the risk's
                self._show_errors(_prefixed(exc, "acceptance"))
                return
        super()._save()


class _PrefixedError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("invalid")
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def _prefixed(exc: ValidationError, prefix: str) -> Any:
    errors = [dict(e, loc=(prefix, *e.get("loc", ()))) for e in exc.errors()]
    return _PrefixedError(errors)


class ActionDialog(ItemDialog):
    """Every field of an action: owner, due date, status, priority, links to subcategories
    and risks."""

    model_type = Action
    id_prefix = "A"

    def __init__(
        self,
        session: AssessmentSession,
        item: Action | None,
        read_only: bool = False,
        preset_subcategories: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, item, read_only, parent)
        self.setObjectName("action_dialog")
        self.setWindowTitle(
            self.tr("New action") if item is None else self.tr("Action {0}").format(item.id)
        )
        tr = self.tr
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = _line(tr("Title"))
        self.title.setPlaceholderText(tr("What will be done"))
        form.addRow(self._register("title", tr("&Title:"), self.title), self.title)
        self.description = text_box(5, tr("Description"), LONG_TEXT)
        form.addRow(
            self._register("description", tr("&Description:"), self.description),
            self.description,
        )
        self.owner = _line(tr("Owner"))
        self.owner.setPlaceholderText(tr("Who does it"))
        form.addRow(self._register("owner", tr("&Owner:"), self.owner), self.owner)
        self.due_date = OptionalDate(tr("Set a d&ue date"), tr("Due date"))
        self.field_widgets["due_date"] = self.due_date.check
        self.field_labels["due_date"] = tr("Due date")
        form.addRow(tr("Due date:"), self.due_date)
        self.status = _combo(
            tr("Status"), [(tr(text), key) for key, text in ACTION_STATUSES.items()]
        )
        form.addRow(self._register("status", tr("&Status:"), self.status), self.status)
        self.priority = _combo(
            tr("Priority"), [(tr("— none —"), None)] + [(tr(p.capitalize()), p) for p in PRIORITIES]
        )
        form.addRow(self._register("priority", tr("&Priority:"), self.priority), self.priority)
        self.tabs.addTab(page, tr("Action"))
        self.subcategories = self._subcategory_tab(
            item.subcategories if item else preset_subcategories or []
        )
        risks = [(r.id, f"{r.id}  {r.title}", r.description) for r in session.assessment.risks]
        self.risks = CheckList(risks, tr("Linked risks"), tr("Filter risks"), self)
        self.field_widgets["risks"] = self.risks.view
        self.field_labels["risks"] = tr("Linked risks")
        self.tabs.addTab(self.risks, tr("Linked risks"))
        a = item
        self.title.setText(a.title if a else "")
        self.description.setPlainText(a.description if a else "")
        self.owner.setText(a.owner if a else "")
        self.due_date.set_value(a.due_date if a else None)
        _select(self.status, a.status if a else "planned")
        _select(self.priority, a.priority if a else None)
        self.risks.set_checked(a.risks if a else [])
        self._finish_read_only()
        self.resize(640, 520)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText(),
            "owner": self.owner.text().strip(),
            "due_date": self.due_date.value(),
            "status": self.status.currentData(),
            "priority": self.priority.currentData(),
            "subcategories": self.subcategories.checked(),
            "risks": self.risks.checked(),
        }


class EvidenceDialog(ItemDialog):
    """Every field of an evidence item: title, the link (or the attached file's name, type,
    size and SHA-256, which cannot change), description, effective date, links."""

    model_type = Evidence
    id_prefix = "E"

    def __init__(
        self,
        session: AssessmentSession,
        item: Evidence | None,
        read_only: bool = False,
        preset_subcategories: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, item, read_only, parent)
        self.setObjectName("evidence_dialog")
        self.setWindowTitle(
            self.tr("New link as evidence")
            if item is None
            else self.tr("Evidence {0}").format(item.id)
        )
        tr = self.tr
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = _line(tr("Title"))
        self.title.setPlaceholderText(tr("What the document or page is"))
        form.addRow(self._register("title", tr("&Title:"), self.title), self.title)
        att = item.attachment if item is not None else None
        self.url: QLineEdit | None = None
        if att is None:
            self.url = _line(tr("Link"), URL_TEXT)
            self.url.setPlaceholderText("https://")
            form.addRow(self._register("url", tr("&Link:"), self.url), self.url)
            self.url.setText((item.url or "") if item is not None else "")
            self.field_messages["url"] = tr(
                "enter a web address such as https://example.com/policy (only http:// and "
                "https:// addresses can be linked)"
            )
            self.url_note = muted(plain_label(""))
            self.url_note.setAccessibleName(tr("Note on the link"))
            self.url_note.hide()
            form.addRow("", self.url_note)
            self.url.editingFinished.connect(self._complete_url)
        else:
            for label, value, name in (
                (tr("File:"), att.filename, tr("File name")),
                (tr("Type:"), att.media_type, tr("File type")),
                (tr("Size:"), f"{human_size(att.size)} ({att.size} bytes)", tr("File size")),
                (tr("SHA-256:"), att.sha256, tr("SHA-256 of the file")),
            ):
                shown = plain_label(value, selectable=True)
                shown.setAccessibleName(name)
                form.addRow(label, shown)
        self.description = text_box(4, tr("Description"), LONG_TEXT)
        self.description.setPlaceholderText(tr("What it shows, and for which outcome"))
        form.addRow(
            self._register("description", tr("&Description:"), self.description),
            self.description,
        )
        self.effective_date = OptionalDate(tr("Set the &effective date"), tr("Effective date"))
        self.field_widgets["effective_date"] = self.effective_date.check
        self.field_labels["effective_date"] = tr("Effective date")
        form.addRow(tr("Effective date:"), self.effective_date)
        self.tabs.addTab(page, tr("Evidence"))
        self.subcategories = self._subcategory_tab(
            item.subcategories if item else preset_subcategories or []
        )
        e = item
        self.title.setText(e.title if e else "")
        self.description.setPlainText(e.description if e else "")
        self.effective_date.set_value(e.effective_date if e else None, 0)
        self._finish_read_only()
        self.resize(640, 480)

    def _save(self) -> None:
        self._complete_url()  # also when Save is reached without leaving the field
        super()._save()

    def _complete_url(self) -> None:
        """An address typed without its scheme ("example.com/x") gets https:// in front, and
        the dialog says so."""
        if self.url is None or self.read_only:
            return
        text = self.url.text().strip()
        if _BARE_ADDRESS.fullmatch(text):
            self.url.setText("https://" + text)
            self.url_note.setText(self.tr("https:// was added in front of the address."))
            self.url_note.show()
            self._recheck()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText(),
            "effective_date": self.effective_date.value(),
            "subcategories": self.subcategories.checked(),
        }
        if self.url is not None:
            values["url"] = self.url.text().strip() or None
        elif self.item is not None:
            values["attachment"] = self.item.attachment
        return values
