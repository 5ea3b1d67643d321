"""The system profile (SPEC §3) as a form: used by the wizard and, later, to edit it.

The form holds no rules of its own: it shows values and reports what the user typed or
chose; the wizard collects them into a ``SystemProfile`` and the workspace turns them into
undoable edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.assessment import (
    SHORT_TEXT,
    Contact,
    RiskBands,
    SystemProfile,
    ThirdPartyComponent,
    text_limit,
)
from ...domain.labels import AI_TYPES, LIFECYCLE_STAGES, ORGANISATION_ROLES
from ..common.fields import LimitedLineEdit, LimitedTextEdit, guard_text
from ..common.records import Column, RecordEditor


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfileForm", text)


@dataclass(frozen=True)
class TextField:
    field: str
    label: str
    multiline: bool = False
    required: bool = False
    placeholder: str = ""


SECTIONS = ("basics", "context", "parties", "scope_notes")

COMPONENT_KINDS = {
    "model": "Model",
    "foundation_model": "Foundation model",
    "data": "Data",
    "service": "Service",
    "software": "Software",
}


def _text_fields(section: str) -> list[TextField]:
    if section == "basics":
        return [
            TextField(
                "name",
                tr("System n&ame:"),
                required=True,
                placeholder=tr("e.g. LoanLens Application Triage"),
            ),
            TextField("version", tr("Ve&rsion:")),
            TextField("organisation", tr("Organi&zation:")),
            TextField("business_unit", tr("B&usiness unit:")),
            TextField("owner", tr("O&wner:"), placeholder=tr("Who is accountable for the system")),
            TextField(
                "description",
                tr("&Description:"),
                multiline=True,
                placeholder=tr("What the system does"),
            ),
            TextField(
                "intended_purpose",
                tr("&Intended purpose:"),
                multiline=True,
                placeholder=tr("What it is for, and what it is not for"),
            ),
        ]
    if section == "context":
        return [
            TextField(
                "deployment_context",
                tr("Deployment conte&xt:"),
                multiline=True,
                placeholder=tr("Where and how it is used"),
            ),
            TextField("intended_benefits", tr("Intended benefit&s:"), multiline=True),
            TextField("users_and_affected", tr("Users and affected &people:"), multiline=True),
            TextField(
                "acceptance_role",
                tr("Acceptance role (re&quired above tolerance):"),
                placeholder=tr(
                    "Who must accept a risk at or above the tolerance, e.g. Chief Risk Officer"
                ),
            ),
        ]
    if section == "scope_notes":
        return [
            TextField(
                "scope_notes",
                tr("S&cope notes:"),
                multiline=True,
                placeholder=tr("What this assessment covers and what it leaves out"),
            )
        ]
    return []


class ProfileForm(QWidget):
    """Some or all sections of the system profile.

    Args:
        sections: which of :data:`SECTIONS` to show, in order.

    Signals:
        textEdited(str, str): the user typed in a text field (field, text).
        valueChosen(str, object): the user chose a value or changed a list (field, value).
    """

    textEdited = Signal(str, str)
    valueChosen = Signal(str, object)

    def __init__(
        self,
        sections: tuple[str, ...] = SECTIONS,
        parent: QWidget | None = None,
        *,
        titled: bool = True,
    ) -> None:
        super().__init__(parent)
        self.titled = titled
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.required: set[str] = set()
        self.roles: dict[str, QCheckBox] = {}
        self.ai_type: QComboBox | None = None
        self.lifecycle: QComboBox | None = None
        self.tolerance: QComboBox | None = None
        self.contacts: RecordEditor | None = None
        self.components: RecordEditor | None = None
        self._loading = False
        self._first: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in sections:
            layout.addWidget(self._build(section))
        layout.addStretch(1)

    def _text_rows(self, form: QFormLayout, section: str) -> None:
        for f in _text_fields(section):
            widget: LimitedLineEdit | LimitedTextEdit
            if f.multiline:
                widget = LimitedTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
                widget.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
                widget.setPlaceholderText(f.placeholder)
                widget.textChanged.connect(
                    lambda w=widget, k=f.field: self._typed(k, w.toPlainText())
                )
            else:
                widget = LimitedLineEdit()
                widget.setPlaceholderText(f.placeholder)
                widget.textEdited.connect(lambda t, k=f.field: self._typed(k, t))
            guard_text(widget, text_limit(SystemProfile, f.field) or SHORT_TEXT)
            name = f.label.replace("&", "").rstrip(":")
            widget.setAccessibleName(name + (tr(" (required)") if f.required else ""))
            label = QLabel(f.label if not f.required else f.label.rstrip(":") + " *:")
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.texts[f.field] = widget
            self._note_first(widget)
            if f.required:
                self.required.add(f.field)

    def _build(self, section: str) -> QWidget:
        titles = {
            "basics": tr("The AI system"),
            "context": tr("Context of use"),
            "parties": tr("People and third parties"),
            "scope_notes": tr("Scope notes"),
        }
        box = QGroupBox(titles[section] if self.titled else "")
        box.setFlat(not self.titled)
        if not self.titled:
            box.setStyleSheet("QGroupBox { border: none; margin-top: 0; padding-top: 0; }")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if section == "context":
            roles = QWidget()
            grid = QGridLayout(roles)
            grid.setContentsMargins(0, 0, 0, 0)
            for i, (key, label) in enumerate(ORGANISATION_ROLES.items()):
                check = QCheckBox(tr(label))
                check.setAccessibleName(tr("Role: {0}").format(tr(label)))
                check.clicked.connect(self._roles_changed)
                grid.addWidget(check, i // 4, i % 4)
                self.roles[key] = check
                self._note_first(check)
            form.addRow(tr("Your organization's role(s):"), roles)
            self.ai_type = self._combo(AI_TYPES, tr("AI type"), "ai_type")
            form.addRow(self._label(tr("AI t&ype:"), self.ai_type), self.ai_type)
            self.lifecycle = self._combo(LIFECYCLE_STAGES, tr("Lifecycle stage"), "lifecycle_stage")
            form.addRow(self._label(tr("&Lifecycle stage:"), self.lifecycle), self.lifecycle)
            bands = {b: b.capitalize() for b in RiskBands().names()}
            self.tolerance = self._combo(bands, tr("Risk tolerance"), "risk_tolerance")
            self.tolerance.setToolTip(tr("Risks in this band or above need a named acceptance."))
            form.addRow(self._label(tr("Ris&k tolerance:"), self.tolerance), self.tolerance)
        self._text_rows(form, section)
        if section == "parties":
            self.contacts = RecordEditor(
                [
                    Column("name", tr("Name"), required=True),
                    Column("role", tr("Role")),
                    Column("email", tr("E-mail")),
                ],
                tr("Add c&ontact"),
                tr("Remove contact"),
                tr("Contacts"),
            )
            self._note_first(self.contacts.view)
            self.contacts.changed.connect(
                lambda: self._chosen("contacts", self.contacts.rows() if self.contacts else [])
            )
            form.addRow(tr("Contacts:"), self.contacts)
            kinds = {k: tr(v) for k, v in COMPONENT_KINDS.items()}
            self.components = RecordEditor(
                [
                    Column("kind", tr("Kind"), choices=kinds),
                    Column("name", tr("Name"), required=True),
                    Column("supplier", tr("Supplier")),
                    Column("version", tr("Version")),
                    Column("notes", tr("Notes")),
                ],
                tr("Add co&mponent"),
                tr("Remove component"),
                tr("Third-party components"),
                defaults={"kind": "model"},
            )
            self.components.changed.connect(
                lambda: self._chosen(
                    "components", self.components.rows() if self.components else []
                )
            )
            form.addRow(tr("Third-party components\n(model, data, service):"), self.components)
        return box

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _combo(self, choices: dict[str, str], name: str, field: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for value, label in choices.items():
            combo.addItem(tr(label), value)
        combo.activated.connect(lambda i, c=combo, k=field: self._chosen(k, c.itemData(i)))
        return combo

    # -- values --------------------------------------------------------------------------------
    def _typed(self, field: str, text: str) -> None:
        if not self._loading:
            self.textEdited.emit(field, text)

    def _chosen(self, field: str, value: Any) -> None:
        if not self._loading:
            self.valueChosen.emit(field, value)

    def _roles_changed(self) -> None:
        self._chosen("roles", [k for k, c in self.roles.items() if c.isChecked()])

    def load(self, profile: SystemProfile, pending: dict[str, str] | None = None) -> None:
        """Show a profile; ``pending`` holds typing not yet committed (shown instead)."""
        pending = pending or {}
        self._loading = True
        try:
            for field, widget in self.texts.items():
                value = pending.get(field, str(getattr(profile, field)))
                current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
                if current.strip() != value.strip():
                    if isinstance(widget, QLineEdit):
                        widget.setText(value)
                    else:
                        widget.setPlainText(value)
            for key, check in self.roles.items():
                check.setChecked(key in profile.roles)
            for combo, value in (
                (self.ai_type, profile.ai_type),
                (self.lifecycle, profile.lifecycle_stage),
                (self.tolerance, profile.risk_tolerance),
            ):
                if combo is not None:
                    combo.setCurrentIndex(max(0, combo.findData(value)))
            if self.contacts is not None:
                self.contacts.set_rows([c.model_dump() for c in profile.contacts])
            if self.components is not None:
                self.components.set_rows([c.model_dump() for c in profile.components])
        finally:
            self._loading = False

    def values(self) -> dict[str, Any]:
        """The fields this form shows, as SystemProfile keyword arguments."""
        out: dict[str, Any] = {}
        for field, widget in self.texts.items():
            out[field] = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        if self.roles:
            out["roles"] = [k for k, c in self.roles.items() if c.isChecked()]
        for combo, field in (
            (self.ai_type, "ai_type"),
            (self.lifecycle, "lifecycle_stage"),
            (self.tolerance, "risk_tolerance"),
        ):
            if combo is not None:
                out[field] = combo.currentData()
        if self.contacts is not None:
            out["contacts"] = [Contact(**r) for r in self.contacts.rows()]
        if self.components is not None:
            out["components"] = [ThirdPartyComponent(**r) for r in self.components.rows()]
        return out

    def first_field(self) -> QWidget | None:
        """The first control, where the keyboard focus goes when the form is shown."""
        return self._first

    def _note_first(self, widget: QWidget) -> None:
        if self._first is None:
            self._first = widget

    def missing_required(self) -> list[str]:
        return [f for f in self.required if not self.values().get(f, "").strip()]

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.texts.values():
            widget.setReadOnly(read_only)
        for w in [*self.roles.values(), self.ai_type, self.lifecycle, self.tolerance]:
            if w is not None:
                w.setEnabled(not read_only)
        for editor in (self.contacts, self.components):
            if editor is not None:
                editor.set_read_only(read_only)
