"""The filter bar of the guided walk: text, AI actor, topic or characteristic, status, and a
GAI risk while the Generative AI Profile is switched on."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ...domain.labels import AI_ACTORS, CHARACTERISTICS, TOPICS


class WalkFilter(NamedTuple):  # not a dataclass: cheaper to make on every start
    """What the filter bar asks for; the session decides what matches (``matching``)."""

    text: str = ""
    actor: str | None = None
    topic: str | None = None
    characteristic: str | None = None
    status: str | None = None
    #: a GAI risk of the Generative AI Profile (offered while the overlay is switched on)
    gai_risk: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.text.strip()) or any(
            v is not None
            for v in (self.actor, self.topic, self.characteristic, self.status, self.gai_risk)
        )


class FilterBar(QWidget):
    """Edits a :class:`WalkFilter`.

    Signals:
        changed(): the filter changed (text edits are debounced by 150 ms).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Fil&ter:"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search guidance and answers"))
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(self.tr("Search guidance and answers"))
        label.setBuddy(self.text)
        self.actor = QComboBox()
        self.actor.setAccessibleName(self.tr("AI actor"))
        self.actor.addItem(self.tr("All AI actors"), None)
        for a in AI_ACTORS:
            self.actor.addItem(a, a)
        self.tag = QComboBox()
        self.tag.setAccessibleName(self.tr("Topic or trustworthiness characteristic"))
        model = QStandardItemModel(self.tag)
        self._add(model, self.tr("All topics and characteristics"), None)
        self._header(model, self.tr("Trustworthiness characteristics"))
        for c in CHARACTERISTICS:
            self._add(model, c, ("characteristic", c), indent=True)
        self._header(model, self.tr("Topics"))
        for t in TOPICS:
            self._add(model, t, ("topic", t), indent=True)
        self.tag.setModel(model)
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status"))
        for text, key in (
            (self.tr("Any status"), None),
            (self.tr("Unanswered"), "unanswered"),
            (self.tr("Answered"), "answered"),
            (self.tr("Not applicable"), "not_applicable"),
            (self.tr("Gap of 2 or more"), "gap2"),
        ):
            self.status.addItem(text, key)
        self.gai_risk = QComboBox()
        self.gai_risk.setAccessibleName(self.tr("GAI risk"))
        self.gai_risk.setToolTip(
            self.tr("Subcategories with Generative AI Profile actions for one GAI risk")
        )
        self.gai_risk.addItem(self.tr("Any GAI risk"), None)
        self.gai_risk.hide()
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.setAccessibleName(self.tr("Clear the filter"))
        self.clear_button.setEnabled(False)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Matching subcategories"))
        for combo in (self.actor, self.tag, self.status, self.gai_risk):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 8))
        layout.addWidget(label)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.actor, 2)
        layout.addWidget(self.tag, 2)
        layout.addWidget(self.status, 2)
        layout.addWidget(self.gai_risk, 2)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.count)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._emit)
        self.text.textChanged.connect(self._debounce.start)
        self.text.returnPressed.connect(self._emit)
        for combo in (self.actor, self.tag, self.status, self.gai_risk):
            combo.currentIndexChanged.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

    @staticmethod
    def _add(model: QStandardItemModel, text: str, data: object, indent: bool = False) -> None:
        item = QStandardItem(("    " if indent else "") + text)
        item.setData(data, Qt.ItemDataRole.UserRole)
        item.setData(text, Qt.ItemDataRole.AccessibleTextRole)
        model.appendRow(item)

    @staticmethod
    def _header(model: QStandardItemModel, text: str) -> None:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        model.appendRow(item)

    def keyPressEvent(self, event: object) -> None:  # Escape clears the filter
        from PySide6.QtGui import QKeyEvent

        if (
            isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Cancel)
            and self.value().active
        ):
            self.clear()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def value(self) -> WalkFilter:
        tag = self.tag.currentData()
        return WalkFilter(
            text=self.text.text(),
            actor=self.actor.currentData(),
            topic=tag[1] if tag and tag[0] == "topic" else None,
            characteristic=tag[1] if tag and tag[0] == "characteristic" else None,
            status=self.status.currentData(),
            gai_risk=self.gai_risk.currentData() if self.gai_risk.isVisibleTo(self) else None,
        )

    def set_value(self, f: WalkFilter) -> None:
        """Set every control (one ``changed`` signal at the end)."""
        for w in (self.text, self.actor, self.tag, self.status, self.gai_risk):
            w.blockSignals(True)
        try:
            self.text.setText(f.text)
            self.actor.setCurrentIndex(max(0, self.actor.findData(f.actor)) if f.actor else 0)
            tag = (
                ("topic", f.topic)
                if f.topic
                else ("characteristic", f.characteristic)
                if f.characteristic
                else None
            )
            index = 0
            if tag:
                model = self.tag.model()
                for row in range(model.rowCount()):
                    if model.index(row, 0).data(Qt.ItemDataRole.UserRole) == tag:
                        index = row
            self.tag.setCurrentIndex(index)
            self.status.setCurrentIndex(max(0, self.status.findData(f.status)) if f.status else 0)
            self.gai_risk.setCurrentIndex(
                max(0, self.gai_risk.findData(f.gai_risk)) if f.gai_risk else 0
            )
        finally:
            for w in (self.text, self.actor, self.tag, self.status, self.gai_risk):
                w.blockSignals(False)
        self._emit()

    def set_gai_risks(self, risks: list[tuple[str, str]] | None) -> None:
        """Offer the GAI risk filter ((id, title) pairs), or hide it (None: overlay off).
        Emits ``changed`` when a GAI risk was chosen and the filter goes away."""
        had = self.gai_risk.currentData() if self.gai_risk.isVisibleTo(self) else None
        self.gai_risk.blockSignals(True)
        try:
            while self.gai_risk.count() > 1:
                self.gai_risk.removeItem(1)
            for risk_id, title in risks or []:
                self.gai_risk.addItem(title, risk_id)
            self.gai_risk.setCurrentIndex(max(0, self.gai_risk.findData(had)) if had else 0)
            self.gai_risk.setVisible(risks is not None)
        finally:
            self.gai_risk.blockSignals(False)
        if had is not None and self.value().gai_risk != had:
            self._emit()

    def clear(self) -> None:
        self.set_value(WalkFilter())

    def show_count(self, matching: int, total: int) -> None:
        active = self.value().active
        self.clear_button.setEnabled(active)
        self.count.setText(
            self.tr("{0} of {1} in-scope subcategories match").format(matching, total)
            if active
            else ""
        )

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit()
