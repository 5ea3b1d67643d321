"""Choosing the overlays an assessment uses (the wizard's "Profiles" step, the System profile).

Today there is one, the Generative AI Profile (NIST AI 600-1). It is suggested — and ticked
in the wizard until the user decides — when the system's AI type is generative or one of its
third-party components is a foundation model.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from ...domain.overlay import Overlay
from ...services import content
from ...services.errors import StorageError
from ..common.widgets import muted, plain_label


def available() -> list[Overlay]:
    """The bundled overlays that load (a broken one is left out rather than stop the app)."""
    found = []
    for overlay_id in content.available_overlays():
        try:
            found.append(content.overlay(overlay_id))
        except StorageError:
            continue
    return found


def suggested(values: Mapping[str, object]) -> bool:
    """Whether a profile (its field values) suggests the Generative AI Profile."""
    if values.get("ai_type") == "generative":
        return True
    components = values.get("components") or []
    assert isinstance(components, list)
    return any(
        (c.get("kind") if isinstance(c, dict) else getattr(c, "kind", None)) == "foundation_model"
        for c in components
    )


def describe(overlay: Overlay) -> str:
    subs = len(overlay.subcategories_with_actions())
    return QCoreApplication.translate(
        "OverlayChooser",
        "{0} risks and {1} suggested actions under {2} of the 72 subcategories, each with a "
        "status, a note and links. It adds to the assessment and changes none of its scores.",
    ).format(len(overlay.risks), len(overlay.actions), subs)


class OverlayChooser(QWidget):
    """One check box per bundled overlay, with what it adds and why it is suggested.

    Signals:
        toggled(str, bool): the user ticked or unticked an overlay (its id).
    """

    toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.overlays = {o.id: o for o in available()}
        for o in self.overlays.values():
            box = QCheckBox(self.tr("{0} ({1})").format(o.title, o.source.document))
            box.setAccessibleName(o.title)
            layout.addWidget(box)
            note = muted(plain_label(describe(o)))
            note.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(note)
            self.boxes[o.id] = box
            box.clicked.connect(lambda on, k=o.id: self.toggled.emit(k, on))
        self.hint = plain_label("")
        self.hint.setAccessibleName(self.tr("Suggestion"))
        self.hint.hide()
        layout.addWidget(self.hint)
        if not self.overlays:
            layout.addWidget(QLabel(self.tr("This installation has no overlays.")))

    def chosen(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]

    def set_chosen(self, ids: list[str]) -> None:
        for k, b in self.boxes.items():
            b.setChecked(k in ids)

    def show_suggestion(self, on: bool) -> None:
        self.hint.setText(
            self.tr(
                "Suggested: the system is generative or builds on a foundation model, so the "
                "Generative AI Profile applies to it."
            )
        )
        self.hint.setVisible(on and "genai" in self.boxes)

    def set_read_only(self, read_only: bool) -> None:
        for b in self.boxes.values():
            b.setEnabled(not read_only)
