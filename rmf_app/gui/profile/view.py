"""The system profile of the open assessment, editable after the wizard (undoable edits)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.labels import MATURITY_LEVELS
from ...domain.overlay_answers import OverlayUse
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.interaction import Interaction
from ..common.widgets import banner
from ..crosswalk.scope_box import EuAiActBox
from .form import ProfileForm
from .overlays import OverlayChooser, suggested

_PROFILE_FIELDS = (
    "name",
    "version",
    "organisation",
    "business_unit",
    "owner",
    "description",
    "intended_purpose",
    "deployment_context",
    "intended_benefits",
    "users_and_affected",
    "scope_notes",
)


class ProfileView(QScrollArea):
    """Shows the profile and the default target; turns changes into edits."""

    def __init__(
        self, parent: QWidget | None = None, interaction: Interaction | None = None
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        self.setAccessibleName(self.tr("System profile"))
        body = QWidget()
        layout = QVBoxLayout(body)
        self.hint = banner()
        layout.addWidget(self.hint)
        settings = QGroupBox(self.tr("Assessment settings"))
        form = QFormLayout(settings)
        self.default_target = QComboBox()
        self.default_target.setAccessibleName(self.tr("Default target maturity"))
        for level, (name, _meaning) in MATURITY_LEVELS.items():
            self.default_target.addItem(f"{level}  {self.tr(name)}", level)
        label = QLabel(self.tr("Default &target maturity:"))
        label.setBuddy(self.default_target)
        form.addRow(label, self.default_target)
        layout.addWidget(settings)
        profiles = QGroupBox(self.tr("Profiles (overlays)"))
        profiles_layout = QVBoxLayout(profiles)
        self.overlays = OverlayChooser()
        profiles_layout.addWidget(self.overlays)
        layout.addWidget(profiles)
        self.form = ProfileForm()
        layout.addWidget(self.form)
        self.eu_ai_act = EuAiActBox()
        layout.addWidget(self.eu_ai_act)
        self.eu_ai_act.scopeChosen.connect(self._eu_ai_act_chosen)
        self.setWidget(body)
        self.form.textEdited.connect(self._typed)
        self.form.valueChosen.connect(self._chosen)
        self.default_target.activated.connect(self._target_chosen)
        self.overlays.toggled.connect(self._overlay_toggled)

    def attach(self, adapter: SessionAdapter | None, editor: EditController | None) -> None:
        if self.adapter is not None:
            self.adapter.profileChanged.disconnect(self.refresh)
            self.adapter.settingsChanged.disconnect(self.refresh)
            self.adapter.reset.disconnect(self.refresh)
            self.adapter.readOnlyChanged.disconnect(self._set_read_only)
        self.adapter, self.editor = adapter, editor
        self.setEnabled(adapter is not None)
        if adapter is None:
            return
        adapter.profileChanged.connect(self.refresh)
        adapter.settingsChanged.connect(self.refresh)
        adapter.reset.connect(self.refresh)
        adapter.readOnlyChanged.connect(self._set_read_only)
        self._set_read_only(adapter.read_only)

    def _set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
        self.eu_ai_act.set_read_only(read_only)
        self.default_target.setEnabled(not read_only)
        self.overlays.set_read_only(read_only)
        self.refresh()

    def refresh(self) -> None:
        if self.adapter is None or self.editor is None:
            return
        a = self.adapter.session.assessment
        pending = {
            f: t
            for f in _PROFILE_FIELDS
            if (t := self.editor.pending_text("profile", "", f)) is not None
        }
        self.form.load(a.profile, pending)
        self.eu_ai_act.load(a.profile.eu_ai_act)
        self.default_target.setCurrentIndex(self.default_target.findData(a.default_target))
        self.overlays.set_chosen([o.id for o in a.overlays])
        on = {o.id for o in a.overlays}
        self.overlays.show_suggestion("genai" not in on and suggested(a.profile.model_dump()))

    def _typed(self, field: str, text: str) -> None:
        if self.editor is None:
            return
        if field in self.form.required and not text.strip():
            self.hint.setText(
                self.tr(
                    "The system name is required; the last name is kept until you type a new one."
                )
            )
            self.hint.show()
            return
        self.hint.hide()
        self.editor.type_text("profile", "", field, text)

    def _chosen(self, field: str, value: Any) -> None:
        if self.editor is not None:
            if not self.editor.update_profile(
                self.tr("Change {0} in the system profile").format(field.replace("_", " ")),
                **{field: value},
            ):
                self.refresh()

    def _eu_ai_act_chosen(self, scope: object) -> None:
        if self.editor is not None:
            if not self.editor.update_profile(
                self.tr("Change the EU AI Act role and class"), eu_ai_act=scope
            ):
                self.refresh()

    def _target_chosen(self, index: int) -> None:
        if self.editor is not None:
            if not self.editor.set_default_target(self.default_target.itemData(index)):
                self.refresh()

    def _overlay_toggled(self, overlay_id: str, on: bool) -> None:
        if self.editor is None or self.adapter is None:
            return
        current = list(self.adapter.session.assessment.overlays)
        title = self.overlays.overlays[overlay_id].title
        if on:
            version = self.overlays.overlays[overlay_id].version
            new = [*current, OverlayUse(id=overlay_id, version=version)]
            text = self.tr("Switch on the {0}").format(title)
        else:
            use = next((o for o in current if o.id == overlay_id), None)
            if use is not None and use.answers and self.interaction is not None:
                if not self.interaction.confirm(
                    self.tr("Switch off the {0}?").format(title),
                    self.tr(
                        "{0} of its actions are answered. Switching it off removes those answers from the assessment (Edit ▸ Undo brings them back)."
                    ).format(len(use.answers)),
                    self.tr("Switch off"),
                ):
                    self.refresh()
                    return
            new = [o for o in current if o.id != overlay_id]
            text = self.tr("Switch off the {0}").format(title)
        if not self.editor.set_overlays(new, text):
            self.refresh()
