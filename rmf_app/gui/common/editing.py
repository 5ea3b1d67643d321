"""Running edits: the undo stack and the typing-burst timer of one open assessment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ...domain.assessment import Action, Evidence, ItemKind, Risk, Scope
from ...domain.labels import SignatureRole
from ...domain.overlay_answers import OverlayUse
from ...services.errors import StorageError
from ...services.session import TYPING_BURST_SECONDS, AssessmentSession
from .commands import (
    AddItemCommand,
    AddOverlayRisksCommand,
    DefaultTargetCommand,
    EditCommand,
    OverlayActionCommand,
    OverlaysCommand,
    ProfileCommand,
    QuestionCommand,
    RemoveItemCommand,
    ResponseCommand,
    ReviewCommand,
    ScopeCommand,
    SignCommand,
    TypeTextCommand,
    UpdateItemCommand,
    committed_text,
)


class EditController(QObject):
    """Every edit of one assessment goes through here, as an undo command.

    Typing is recorded with ``session.type_text`` and committed by a single-shot timer
    500 ms after the last keystroke (and at once on :meth:`flush`: focus change, navigation,
    closing), so each burst is one history row and one undo step.

    Args:
        session: the open assessment.

    Signals:
        failed(str): an edit was refused (read-only file, invalid value); the text says why
            and nothing was changed.
    """

    failed = Signal(str)

    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(TYPING_BURST_SECONDS * 1000))
        self.timer.timeout.connect(self.flush)
        self._typing: TypeTextCommand | None = None

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def report(self, message: str) -> None:
        self.failed.emit(message)

    # -- discrete edits ----------------------------------------------------------------------
    def run(self, command: EditCommand) -> bool:
        """Commit pending typing, run the command, and push it if the session accepted it."""
        self.flush()
        if self.read_only:
            self.report(
                self.tr("{0} is read-only: {1}.").format(
                    self.session.path.name, self.session.read_only_reason
                )
            )
            return False
        try:
            command.first_do()
        except StorageError as exc:
            self.report(str(exc))
            return False
        self.stack.push(command)
        return True

    def set_response(self, subcategory_id: str, text: str, **changes: Any) -> bool:
        return self.run(ResponseCommand(self.session, subcategory_id, changes, text, self.report))

    def answer_question(self, subcategory_id: str, question_id: str, answer: str) -> bool:
        text = self.tr("Answer question {0}").format(question_id)
        return self.run(
            QuestionCommand(self.session, subcategory_id, question_id, answer, text, self.report)
        )

    def update_profile(self, text: str, **changes: Any) -> bool:
        return self.run(ProfileCommand(self.session, changes, text, self.report))

    def set_scope(self, scope: Scope) -> bool:
        return self.run(ScopeCommand(self.session, scope, self.tr("Change scope"), self.report))

    def set_default_target(self, level: int) -> bool:
        text = self.tr("Change default target")
        return self.run(DefaultTargetCommand(self.session, level, text, self.report))

    def add_item(self, kind: ItemKind, item: Risk | Action | Evidence, text: str) -> bool:
        return self.run(AddItemCommand(self.session, kind, item, text, self.report))

    def update_item(self, kind: ItemKind, item_id: str, text: str, **changes: Any) -> bool:
        """Change fields of an item; nothing is pushed when nothing differs."""
        if not changes:
            return True
        return self.run(UpdateItemCommand(self.session, kind, item_id, changes, text, self.report))

    def remove_item(self, kind: ItemKind, item_id: str, text: str) -> bool:
        return self.run(RemoveItemCommand(self.session, kind, item_id, text, self.report))

    def set_review(self, text: str, **changes: Any) -> bool:
        return self.run(ReviewCommand(self.session, changes, text, self.report))

    def sign(self, role: SignatureRole, name: str, statement: str, text: str) -> bool:
        return self.run(SignCommand(self.session, role, name, statement, text, self.report))

    def set_overlays(self, overlays: list[OverlayUse], text: str) -> bool:
        """Switch overlays on or off (the list of those on, with their answers)."""
        return self.run(OverlaysCommand(self.session, overlays, text, self.report))

    def set_overlay_action(self, overlay_id: str, action_id: str, text: str, **changes: Any) -> bool:
        """Change an overlay action's answer (status, N/A reason, links)."""
        return self.run(
            OverlayActionCommand(self.session, overlay_id, action_id, changes, text, self.report)
        )

    def add_overlay_risks(self, overlay_id: str, risks: list[tuple[str, Risk]], text: str) -> bool:
        """Add register risks standing for overlay risks, as one undo step."""
        return self.run(AddOverlayRisksCommand(self.session, overlay_id, risks, text, self.report))

    # -- milestones (not undoable) ---------------------------------------------------------
    def finalise(self) -> str | None:
        """Make the assessment final; returns its fingerprint, or None when refused (the
        reason is reported). A final assessment cannot be changed, so the undo history ends
        here: earlier edits can no longer be undone."""
        self.flush()
        try:
            fingerprint = self.session.finalise()
        except StorageError as exc:
            self.report(str(exc))
            return None
        self.stack.clear()
        return fingerprint

    def new_revision(self) -> int | None:
        """Start the next, editable revision of a final assessment (the final one stays
        recorded); returns its number, or None when refused. Not undoable either."""
        try:
            revision = self.session.new_revision()
        except StorageError as exc:
            self.report(str(exc))
            return None
        self.stack.clear()
        return revision

    # -- typing ------------------------------------------------------------------------------
    def type_text(self, part: str, key: str, field: str, text: str) -> None:
        """Record a keystroke in a text field; one undo step and one commit per burst."""
        if self.read_only:
            return
        target = (part, key, field)
        if self._typing is not None and self._typing.target != target:
            self.flush()
        old = (
            self._typing.old
            if self._typing is not None
            else committed_text(self.session, part, key, field)
        )
        self.session.type_text(part, key, field, text)
        command = TypeTextCommand(self, part, key, field, old, text, self._typing_label(target))
        self.stack.push(command)
        if not command.merged:
            self._typing = command
        self.timer.start()

    def pending_text(self, part: str, key: str, field: str) -> str | None:
        return self.session.pending_text(part, key, field)

    def flush(self) -> None:
        """Commit typing still pending (the burst ends here)."""
        self.timer.stop()
        open_command, self._typing = self._typing, None
        if open_command is not None:
            open_command.closed = True
        try:
            self.session.flush_typing()
        except StorageError as exc:
            self.report(str(exc))

    def _typing_label(self, target: tuple[str, str, str]) -> str:
        part, key, field = target
        names = {
            "notes": self.tr("notes"),
            "owner": self.tr("owner"),
            "na_justification": self.tr("N/A justification"),
            "inherited_from": self.tr("inherited source"),
            "note": self.tr("note"),
            "na_reason": self.tr("N/A reason"),
        }
        if part == "question":
            return self.tr("Type comment on {0}").format(field)
        if part == "profile":
            return self.tr("Type in system profile")
        if part == "review":
            return self.tr("Type {0} of the review").format(field)
        if part == "overlay_action":
            key = key.split("/", 1)[-1]
        return self.tr("Type {0} of {1}").format(names.get(field, field), key)
