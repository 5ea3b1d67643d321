"""The system profile's "EU AI Act role and class": which articles of the Act apply.

The box only shows a value and reports the one the user chose (an ``EuAiActScope`` or None for
"not stated"); the profile view turns it into an undoable edit recorded in the history.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from ...domain.crosswalk import ACT_CLASSES, ROLE_CHOICES, EuAiActScope
from ...services import content
from ..common.widgets import muted, plain_label


class EuAiActBox(QGroupBox):
    """Role, class, Annex III area and the two conditions of the narrow articles.

    Signals:
        scopeChosen(object): the user changed the role and class; the new ``EuAiActScope``,
            or None when the role is "not stated".
    """

    scopeChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("EU AI Act role and class"), parent)
        self.setObjectName("eu_ai_act_box")
        self._loading = False
        form = QFormLayout(self)
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("EU AI Act role"))
        self.role.addItem(self.tr("Not stated (list every article)"), None)
        for key, label in ROLE_CHOICES.items():
            self.role.addItem(self.tr(label), key)
        self.risk_class = QComboBox()
        self.risk_class.setAccessibleName(self.tr("EU AI Act class"))
        for key, label in ACT_CLASSES.items():
            self.risk_class.addItem(self.tr(label), key)
        self.area = QComboBox()
        self.area.setAccessibleName(self.tr("Annex III area"))
        self.area.addItem(self.tr("None (a product under Annex I, or not stated)"), None)
        for a in content.crosswalk("euaia").annex_iii_areas:
            self.area.addItem(f"{a.id}  {a.label}", a.id)
        self.public_body = QCheckBox(
            self.tr("The deployer is a public body or provides public services")
        )
        self.credit = QCheckBox(
            self.tr("It scores creditworthiness or prices life or health insurance (area 5)")
        )
        for text, widget in (
            (self.tr("Role u&nder the EU AI Act:"), self.role),
            (self.tr("Class:"), self.risk_class),
            (self.tr("Annex III area:"), self.area),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.public_body)
        form.addRow("", self.credit)
        self.note = muted(
            plain_label(
                self.tr(
                    "Decides which EU AI Act articles the readiness view, the walk and the report "
                    "list. The mapping to the Act is rmf-app's own reading, not legal advice."
                )
            )
        )
        form.addRow(self.note)
        for combo in (self.role, self.risk_class, self.area):
            combo.activated.connect(self._chosen)
        for check in (self.public_body, self.credit):
            check.clicked.connect(self._chosen)
        self._enable()

    def load(self, scope: EuAiActScope | None) -> None:
        """Show a stored value (no signal)."""
        self._loading = True
        try:
            self.role.setCurrentIndex(self.role.findData(scope.role if scope else None))
            if scope is not None:
                self.risk_class.setCurrentIndex(self.risk_class.findData(scope.risk_class))
                self.area.setCurrentIndex(self.area.findData(scope.annex_iii_area))
                self.public_body.setChecked(scope.public_body)
                self.credit.setChecked(scope.credit_or_insurance)
            self._enable()
        finally:
            self._loading = False

    def value(self) -> EuAiActScope | None:
        """The scope the controls show; impossible combinations are dropped (an Annex III area
        only for a high-risk system, credit or insurance only in area 5)."""
        role = self.role.currentData()
        if role is None:
            return None
        risk_class = self.risk_class.currentData()
        area = self.area.currentData() if risk_class == "high_risk" else None
        return EuAiActScope(
            role=role,
            risk_class=risk_class,
            annex_iii_area=area,
            public_body=self.public_body.isChecked(),
            credit_or_insurance=self.credit.isChecked() and area == "5",
        )

    def _enable(self) -> None:
        stated = self.role.currentData() is not None
        high = stated and self.risk_class.currentData() == "high_risk"
        self.risk_class.setEnabled(stated and not self._read_only)
        self.area.setEnabled(high and not self._read_only)
        self.public_body.setEnabled(high and not self._read_only)
        self.credit.setEnabled(high and self.area.currentData() == "5" and not self._read_only)

    _read_only = False

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.role.setEnabled(not read_only)
        self._enable()

    def _chosen(self) -> None:
        self._enable()
        if not self._loading:
            self.scopeChosen.emit(self.value())
