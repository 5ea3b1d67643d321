"""The "Generative AI" section of the answer form: the overlay's actions for one subcategory.

Shown under the questions when the Generative AI Profile is switched on and the subcategory
on screen has actions. Each action shows its id and our title (how to do it, what evidence to
keep and the GAI risks it addresses on expand and in the tooltip), a status, a note, and links
to register items. Edits go through the :class:`EditController` like the answers above it.

Moving to the next subcategory must stay within one frame: rows are built when first needed
and then reused (most subcategories have at most ten actions), and only their texts change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.overlay_answers import OVERLAY_ACTION_STATUSES, OverlayActionAnswer
from ...services.session import GENAI
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.interaction import Interaction
from ..common.widgets import ReflowLabel, muted, plain_tooltip, set_visible

if TYPE_CHECKING:  # loaded only for assessments that use the overlay
    from ...domain.overlay import Overlay, OverlayAction

LINE_MAX = 2000
#: combo index -> status key (index 0: not answered yet)
STATUS_KEYS: list[str | None] = [None, *OVERLAY_ACTION_STATUSES]


def _show(widget: QWidget, visible: bool) -> None:
    """Show or hide a widget only when that changes (each call costs a layout pass)."""
    if widget.isHidden() == visible:
        widget.setVisible(visible)


class _ActionRow:
    """One suggested action: title, status, note, links; details on expand."""

    def __init__(self, section: GenAISection, layout: QVBoxLayout) -> None:
        self.action_id = ""
        self.editable = True
        self.frame = QFrame()
        self.frame.setFrameShape(QFrame.Shape.NoFrame)
        box = QVBoxLayout(self.frame)
        box.setContentsMargins(0, 4, 0, 4)
        box.setSpacing(2)
        head = QHBoxLayout()
        self.expand = QToolButton()
        self.expand.setCheckable(True)
        self.expand.setArrowType(Qt.ArrowType.RightArrow)
        self.expand.setAutoRaise(True)
        self.expand.setAccessibleName(section.tr("Show how and what evidence to keep"))
        self.title = ReflowLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.title.setMinimumHeight(2 * self.title.fontMetrics().lineSpacing())
        head.addWidget(self.expand, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.title, 1)
        box.addLayout(head)
        self.details = muted(ReflowLabel())
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.details)
        self.details.hide()
        row = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItem(section.tr("— not answered —"))
        for label in OVERLAY_ACTION_STATUSES.values():
            self.status.addItem(section.tr(label))
        self.note = QLineEdit()
        self.note.setMaxLength(LINE_MAX)
        self.note.setPlaceholderText(section.tr("Note"))
        self.note.setClearButtonEnabled(True)
        self.link_button = QPushButton(section.tr("Link…"))
        row.addWidget(self.status)
        row.addWidget(self.note, 1)
        row.addWidget(self.link_button)
        box.addLayout(row)
        self.na_reason = QLineEdit()
        self.na_reason.setMaxLength(LINE_MAX)
        self.na_reason.setPlaceholderText(section.tr("Why it does not apply (required)"))
        box.addWidget(self.na_reason)
        self.na_reason.hide()
        # the linked register items as plain text (buttons or rich text per row cost too
        # much on every move); the Link… button changes them
        self.links = muted(ReflowLabel())
        box.addWidget(self.links)
        self.links.hide()
        layout.addWidget(self.frame)
        self.expand.toggled.connect(self._expanded)
        self.status.activated.connect(lambda i: section._status_chosen(self, i))
        self.note.textEdited.connect(lambda t: section._typed(self, "note", t))
        self.na_reason.textEdited.connect(lambda t: section._typed(self, "na_reason", t))
        self.link_button.clicked.connect(lambda: section._edit_links(self))

    def _expanded(self, on: bool) -> None:
        self.expand.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.details.setVisible(on)

    def set_names(self, section: GenAISection, action_id: str) -> None:
        for widget, text in (
            (self.status, section.tr("Status of {0}")),
            (self.note, section.tr("Note on {0}")),
            (self.na_reason, section.tr("Why {0} does not apply")),
            (self.link_button, section.tr("Link risks, actions or evidence to {0}")),
        ):
            widget.setAccessibleName(text.format(action_id))


class GenAISection(QGroupBox):
    """The Generative AI Profile's actions for the subcategory on screen.

    Signals:
        edited(): an answer was changed through this section.
    """

    edited = Signal()

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.setTitle(self.tr("Generative AI"))
        self.setAccessibleName(self.tr("Generative AI Profile actions"))
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self._load: Callable[[], Overlay | None] | None = None
        self._overlay: Overlay | None = None
        self._loaded = False
        self.sid = ""
        self.editable = True
        self._updating = False
        self._layout = QVBoxLayout(self)
        self.intro = muted(ReflowLabel())
        self._layout.addWidget(self.intro)
        self.rows: list[_ActionRow] = []
        self.hide()

    def attach(
        self,
        adapter: SessionAdapter | None,
        editor: EditController | None,
        load: Callable[[], Overlay | None] | None,
    ) -> None:
        """Follow a session; ``load`` gives the overlay's content (None when it is missing)."""
        self.adapter, self.editor = adapter, editor
        self._load, self._overlay, self._loaded = load, None, False

    @property
    def overlay(self) -> Overlay | None:
        """The overlay's content, read and validated when first needed: most assessments never
        switch it on, and opening one should not pay for it."""
        if not self._loaded and self._load is not None:
            self._overlay = self._load()
            self._loaded = True
        return self._overlay

    def active(self) -> bool:
        """Whether the overlay is switched on for the open assessment."""
        return (
            self.adapter is not None
            and self.adapter.session.assessment.overlay(GENAI) is not None
            and self.overlay is not None
        )

    def actions(self) -> tuple[OverlayAction, ...]:
        if not self.active() or not self.sid:
            return ()
        assert self.overlay is not None
        return self.overlay.actions_for(self.sid)

    def show_subcategory(self, sid: str, editable: bool) -> None:
        self.sid = sid
        self.editable = editable
        self.refresh()

    def refresh(self) -> None:
        actions = self.actions()
        if not actions:
            if self.isVisible() or not self.isHidden():
                self.hide()
            return
        assert self.adapter is not None and self.overlay is not None
        use = self.adapter.session.assessment.overlay(GENAI)
        assert use is not None
        while len(self.rows) < len(actions):
            self.rows.append(_ActionRow(self, self._layout))
        self._updating = True
        try:
            self.intro.setText(
                self.tr(
                    "{0} of NIST AI 600-1's suggested actions for this subcategory, in our words."
                ).format(len(actions))
            )
            # every show/hide of the page at once: one layout pass instead of one per widget
            changes: list[tuple[QWidget, bool]] = []
            for row, action in zip(self.rows, actions, strict=False):
                changes += self._show_row(row, action, use.answer(action.id))
            changes += [(row.frame, i < len(actions)) for i, row in enumerate(self.rows)]
            set_visible(self, changes)
        finally:
            self._updating = False
        if self.isHidden():
            self.show()

    def _show_row(
        self, row: _ActionRow, action: OverlayAction, answer: OverlayActionAnswer
    ) -> list[tuple[QWidget, bool]]:
        """Fill one row; returns the widgets to show or hide (the caller does it at once)."""
        assert self.overlay is not None
        if row.action_id != action.id:
            row.action_id = action.id
            row.set_names(self, action.id)
            row.title.setText(f"{action.id}  {action.title}")
            risks = ", ".join(self.overlay.risk(r).title for r in action.risks)
            details = self.tr("How: {0}\nEvidence to keep: {1}\nGAI risks: {2}").format(
                action.how, action.evidence, risks
            )
            row.details.setText(details)
            row.title.setToolTip(plain_tooltip(details))
            row.expand.setChecked(False)
        index = STATUS_KEYS.index(answer.status)
        if row.status.currentIndex() != index:
            row.status.setCurrentIndex(index)
        self._set_text(row, row.note, "note", answer.note)
        self._set_text(row, row.na_reason, "na_reason", answer.na_reason)
        if row.editable != self.editable:  # unchanged on most moves: spare the calls
            row.editable = self.editable
            row.status.setEnabled(self.editable)
            row.note.setReadOnly(not self.editable)
            row.na_reason.setReadOnly(not self.editable)
            row.link_button.setEnabled(self.editable)
        return [(row.na_reason, answer.status == "na"), self._show_links(row, answer)]

    def _set_text(self, row: _ActionRow, line: QLineEdit, field: str, committed: str) -> None:
        """Show the committed text, or what is still being typed (keeps the cursor)."""
        assert self.editor is not None
        pending = self.editor.pending_text("overlay_action", f"{GENAI}/{row.action_id}", field)
        value = committed if pending is None else pending
        if line.text() != value:
            line.setText(value)
            line.setCursorPosition(0)

    def _show_links(
        self, row: _ActionRow, answer: OverlayActionAnswer
    ) -> tuple[QWidget, bool]:
        """Fill the row's links; returns whether the links line is to be shown."""
        assert self.adapter is not None
        a = self.adapter.session.assessment
        links = [
            f"{i} {find(i).title[:60]}"
            for ids, find in (
                (answer.risks, a.risk),
                (answer.actions, a.action),
                (answer.evidence, a.evidence_item),
            )
            for i in ids
        ]
        row.links.setText(self.tr("Linked: {0}").format(" · ".join(links)) if links else "")
        text = self.tr("Link… ({0})").format(len(links)) if links else self.tr("Link…")
        if row.link_button.text() != text:
            row.link_button.setText(text)
        return (row.links, bool(links))

    def action_changed(self, action_id: str) -> None:
        """An answer changed in the file: show it again if its row is on screen."""
        if self.adapter is None or not self.active():
            return
        for row, action in zip(self.rows, self.actions(), strict=False):
            if action.id == action_id:
                use = self.adapter.session.assessment.overlay(GENAI)
                assert use is not None
                self._updating = True
                try:
                    for widget, visible in self._show_row(row, action, use.answer(action_id)):
                        _show(widget, visible)  # one row: its focus may be inside
                finally:
                    self._updating = False

    # -- editing -----------------------------------------------------------------------------
    def _ready(self, row: _ActionRow) -> bool:
        return not self._updating and self.editor is not None and bool(row.action_id)

    def _answer(self, row: _ActionRow) -> OverlayActionAnswer:
        assert self.adapter is not None
        use = self.adapter.session.assessment.overlay(GENAI)
        return OverlayActionAnswer() if use is None else use.answer(row.action_id)

    def _status_chosen(self, row: _ActionRow, index: int) -> None:
        if not self._ready(row):
            return
        assert self.editor is not None
        status = STATUS_KEYS[index]
        answer = self._answer(row)
        if status == answer.status:
            return
        changes: dict[str, object] = {"status": status}
        if status == "na":
            reason = self.editor.pending_text(
                "overlay_action", f"{GENAI}/{row.action_id}", "na_reason"
            )
            reason = answer.na_reason if reason is None else reason
            if not reason.strip():
                reason = (
                    self.interaction.ask_text(
                        self.tr("Not applicable"),
                        self.tr("Why does {0} not apply to this system? (required)").format(
                            row.action_id
                        ),
                    )
                    or ""
                )
                if not reason.strip():
                    self.action_changed(row.action_id)
                    return
                changes["na_reason"] = reason.strip()
        label = self.tr("Set status of {0}").format(row.action_id)
        ok = self.editor.set_overlay_action(GENAI, row.action_id, label, **changes)
        if not ok:
            self.action_changed(row.action_id)
        else:
            self.edited.emit()

    def _typed(self, row: _ActionRow, field: str, text: str) -> None:
        if not self._ready(row):
            return
        assert self.editor is not None
        if field == "na_reason" and not text.strip():
            return  # the reason stays required while the action is N/A; the last one is kept
        self.editor.type_text("overlay_action", f"{GENAI}/{row.action_id}", field, text)

    def _edit_links(self, row: _ActionRow) -> None:
        if not self._ready(row) or self.adapter is None:
            return
        assert self.editor is not None
        answer = self._answer(row)
        dialog = LinkDialog(self.adapter, row.action_id, answer, self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        changes = dialog.changes(answer)
        if changes:
            label = self.tr("Change links of {0}").format(row.action_id)
            if self.editor.set_overlay_action(GENAI, row.action_id, label, **changes):
                self.edited.emit()


class LinkDialog(QDialog):
    """Pick the register risks, actions and evidence an overlay action's answer links to."""

    def __init__(
        self,
        adapter: SessionAdapter,
        action_id: str,
        answer: OverlayActionAnswer,
        parent: QWidget | None = None,
    ) -> None:
        from ..registers.dialogs import CheckList

        super().__init__(parent)
        self.setWindowTitle(self.tr("Link items to {0}").format(action_id))
        a = adapter.session.assessment
        rows = (
            [(f"risk:{r.id}", self.tr("Risk {0}: {1}").format(r.id, r.title), "") for r in a.risks]
            + [
                (f"action:{x.id}", self.tr("Action {0}: {1}").format(x.id, x.title), "")
                for x in a.actions
            ]
            + [
                (f"evidence:{e.id}", self.tr("Evidence {0}: {1}").format(e.id, e.title), "")
                for e in a.evidence
            ]
        )
        layout = QVBoxLayout(self)
        if not rows:
            layout.addWidget(
                QLabel(self.tr("The registers are empty: add a risk, action or evidence first."))
            )
        self.list = CheckList(rows, self.tr("Register items"), self.tr("Filter items"))
        self.list.set_checked(
            [f"risk:{i}" for i in answer.risks]
            + [f"action:{i}" for i in answer.actions]
            + [f"evidence:{i}" for i in answer.evidence]
        )
        layout.addWidget(self.list, 1)
        from PySide6.QtWidgets import QDialogButtonBox  # set up when a dialog first needs it

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def changes(self, answer: OverlayActionAnswer) -> dict[str, list[str]]:
        """The link fields that differ from ``answer``."""
        checked = self.list.checked()
        new = {
            field: [k.split(":", 1)[1] for k in checked if k.startswith(f"{kind}:")]
            for kind, field in (("risk", "risks"), ("action", "actions"), ("evidence", "evidence"))
        }
        return {f: v for f, v in new.items() if v != getattr(answer, f)}
