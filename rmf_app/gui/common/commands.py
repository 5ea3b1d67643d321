"""Undo commands: every edit is a QUndoCommand that calls the session.

A command runs its edit once *before* it is pushed (:meth:`EditCommand.first_do`), so a refused
edit raises there and never reaches the stack; ``redo`` skips that first call. Undo calls the
same session method with the previous values it returned. Typing is one
:class:`TypeTextCommand` per burst: keystrokes merge (``mergeWith``) until the burst is flushed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ...domain.assessment import Action, Evidence, ItemKind, QuestionAnswer, Risk, Scope, Signature
from ...domain.labels import SignatureRole
from ...domain.overlay_answers import OverlayUse
from ...services.errors import StorageError
from ...services.session import AssessmentSession

TYPING_ID = 1


def tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


def committed_text(session: AssessmentSession, part: str, key: str, field: str) -> str:
    """The value a text field has in the file (not counting typing still pending)."""
    a = session.assessment
    if part == "profile":
        return str(getattr(a.profile, field))
    if part == "response":
        return str(getattr(a.response(key), field))
    if part == "question":
        return a.response(key).questions.get(field, QuestionAnswer()).comment
    if part == "review":
        return str(getattr(a.review, field))
    if part == "overlay_action":
        overlay_id, action_id = key.split("/", 1)
        use = a.overlay(overlay_id)
        return "" if use is None else str(getattr(use.answer(action_id), field))
    raise ValueError(f"no text field {part}:{field}")


def apply_text(session: AssessmentSession, part: str, key: str, field: str, value: str) -> None:
    if part == "profile":
        session.update_profile(**{field: value})
    elif part == "response":
        session.set_response(key, **{field: value})
    elif part == "question":
        session.set_question(key, field, comment=value)
    elif part == "review":
        session.set_review(**{field: value})
    elif part == "overlay_action":
        overlay_id, action_id = key.split("/", 1)
        session.set_overlay_action(overlay_id, action_id, **{field: value})
    else:
        raise ValueError(f"no text field {part}:{field}")


class EditCommand(QUndoCommand):
    """An edit through the session. Subclasses implement ``_do`` and ``_undo``.

    Args:
        session: the session to change.
        text: the command's name in the Edit menu ("Undo <text>").
        report: called with the message when a later undo or redo is refused.
    """

    def __init__(
        self, session: AssessmentSession, text: str, report: Callable[[str], None]
    ) -> None:
        super().__init__(text)
        self.session = session
        self._report = report
        self._skip_redo = False

    def first_do(self) -> None:
        """Run the edit; raises StorageError (nothing changed) when it is refused."""
        self._do()
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guarded(self._do)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except StorageError as exc:  # never let an exception cross into Qt
            self._report(str(exc))

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class ResponseCommand(EditCommand):
    """Change fields of one subcategory's response (maturity, applicability, priority…)."""

    def __init__(
        self,
        session: AssessmentSession,
        subcategory_id: str,
        changes: dict[str, Any],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.subcategory_id = subcategory_id
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def _do(self) -> None:
        self.previous = self.session.set_response(self.subcategory_id, **self.changes)

    def _undo(self) -> None:
        self.session.set_response(self.subcategory_id, **self.previous)


class QuestionCommand(EditCommand):
    """Answer one self-assessment question (yes / partly / no / n/a)."""

    def __init__(
        self,
        session: AssessmentSession,
        subcategory_id: str,
        question_id: str,
        answer: str,
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.subcategory_id = subcategory_id
        self.question_id = question_id
        self.answer = answer
        self.previous: dict[str, QuestionAnswer] = {}

    def _do(self) -> None:
        self.previous = dict(self.session.assessment.response(self.subcategory_id).questions)
        self.session.set_question(self.subcategory_id, self.question_id, answer=self.answer)

    def _undo(self) -> None:
        self.session.set_response(self.subcategory_id, questions=self.previous)


class FieldsCommand(EditCommand):
    """Change named fields through one session setter that returns their previous values."""

    def __init__(
        self,
        session: AssessmentSession,
        changes: dict[str, Any],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def _set(self, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _do(self) -> None:
        self.previous = self._set(**self.changes)

    def _undo(self) -> None:
        self._set(**self.previous)


class ProfileCommand(FieldsCommand):
    """Change fields of the system profile (lists, choices)."""

    def _set(self, **fields: Any) -> dict[str, Any]:
        return self.session.update_profile(**fields)


class ScopeCommand(EditCommand):
    """Replace the scope (the exclusions and their reasons)."""

    def __init__(
        self, session: AssessmentSession, scope: Scope, text: str, report: Callable[[str], None]
    ) -> None:
        super().__init__(session, text, report)
        self.scope = scope
        self.previous: Scope | None = None

    def _do(self) -> None:
        self.previous = self.session.set_scope(self.scope)

    def _undo(self) -> None:
        assert self.previous is not None
        self.session.set_scope(self.previous)


class DefaultTargetCommand(EditCommand):
    """Change the assessment's default target maturity."""

    def __init__(
        self, session: AssessmentSession, level: int, text: str, report: Callable[[str], None]
    ) -> None:
        super().__init__(session, text, report)
        self.level = level
        self.previous = level

    def _do(self) -> None:
        self.previous = self.session.set_default_target(self.level)

    def _undo(self) -> None:
        self.session.set_default_target(self.previous)


class AddItemCommand(EditCommand):
    """Add a risk, action or evidence item (undo removes it again)."""

    def __init__(
        self,
        session: AssessmentSession,
        kind: ItemKind,
        item: Risk | Action | Evidence,
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.kind = kind
        self.item = item

    def _do(self) -> None:
        self.session.add_item(self.kind, self.item)

    def _undo(self) -> None:
        self.session.remove_item(self.kind, self.item.id)


class UpdateItemCommand(EditCommand):
    """Change fields of a risk, action or evidence item."""

    def __init__(
        self,
        session: AssessmentSession,
        kind: ItemKind,
        item_id: str,
        changes: dict[str, Any],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.kind = kind
        self.item_id = item_id
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def _do(self) -> None:
        self.previous = self.session.update_item(self.kind, self.item_id, **self.changes)

    def _undo(self) -> None:
        self.session.update_item(self.kind, self.item_id, **self.previous)


class RemoveItemCommand(EditCommand):
    """Remove an item. Removing a risk drops the links actions had to it; undo puts the risk
    back where it was and gives those actions (and overlay answers) their links again."""

    def __init__(
        self,
        session: AssessmentSession,
        kind: ItemKind,
        item_id: str,
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.kind = kind
        self.item_id = item_id
        self.removed: Any = None
        self.position = 0
        self.linked_actions: dict[str, list[str]] = {}
        self.overlays: list[OverlayUse] = []

    def _do(self) -> None:
        self.overlays = list(self.session.assessment.overlays)
        if self.kind == "risk":
            self.linked_actions = {
                a.id: list(a.risks)
                for a in self.session.assessment.actions
                if self.item_id in a.risks
            }
        self.removed, self.position = self.session.remove_item(self.kind, self.item_id)

    def _undo(self) -> None:
        self.session.add_item(self.kind, self.removed, self.position)
        for action_id, risks in self.linked_actions.items():
            self.session.update_item("action", action_id, risks=risks)
        if self.session.assessment.overlays != self.overlays:  # overlay links to the item
            self.session.set_overlays(self.overlays)


class OverlayActionCommand(FieldsCommand):
    """Change fields of one overlay action's answer (status, reason, links)."""

    def __init__(
        self,
        session: AssessmentSession,
        overlay_id: str,
        action_id: str,
        changes: dict[str, Any],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, changes, text, report)
        self.overlay_id = overlay_id
        self.action_id = action_id

    def _set(self, **fields: Any) -> dict[str, Any]:
        return self.session.set_overlay_action(self.overlay_id, self.action_id, **fields)


class OverlaysCommand(EditCommand):
    """Switch overlays on or off (the whole list, so undo brings back answers too)."""

    def __init__(
        self,
        session: AssessmentSession,
        overlays: list[OverlayUse],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.overlays = overlays
        self.previous: list[OverlayUse] = []

    def _do(self) -> None:
        self.previous = self.session.set_overlays(self.overlays)

    def _undo(self) -> None:
        self.session.set_overlays(self.previous)


class AddOverlayRisksCommand(EditCommand):
    """Add register risks standing for overlay risks, as one step."""

    def __init__(
        self,
        session: AssessmentSession,
        overlay_id: str,
        risks: list[tuple[str, Risk]],
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.overlay_id = overlay_id
        self.risks = risks

    def _do(self) -> None:
        self.session.add_overlay_risks(self.overlay_id, self.risks)

    def _undo(self) -> None:
        self.session.remove_overlay_risks(self.overlay_id, [r.id for _, r in self.risks])


class ReviewCommand(FieldsCommand):
    """Change fields of the review: state, people, the deployment decision."""

    def _set(self, **fields: Any) -> dict[str, Any]:
        return self.session.set_review(**fields)


class SignCommand(EditCommand):
    """Sign off (assessor, reviewer or approver); redo restores the very same signature."""

    def __init__(
        self,
        session: AssessmentSession,
        role: SignatureRole,
        name: str,
        statement: str,
        text: str,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(session, text, report)
        self.role: SignatureRole = role
        self.name = name
        self.statement = statement
        self.signature: Signature | None = None
        self.previous: list[Signature] = []

    def _do(self) -> None:
        self.previous = list(self.session.assessment.review.signatures)
        if self.signature is None:
            self.signature = self.session.sign(self.role, self.name, self.statement)
        else:
            self.session.set_review(signatures=[*self.previous, self.signature])

    def _undo(self) -> None:
        self.session.set_review(signatures=self.previous)


class TypeTextCommand(QUndoCommand):
    """One burst of typing in one text field; later keystrokes merge into it.

    The first ``redo`` (on push) does nothing: the keystroke is already pending in the session
    and the controller's timer commits it. Undo commits what is pending, then puts the text the
    field had before the burst back; redo writes the burst's text at once.

    Args:
        controller: the edit controller (flushes pending typing, reports refusals).
        part, key, field: the text field (see ``AssessmentSession.type_text``).
        old: the field's committed text before the burst.
        new: the text after this keystroke.
    """

    def __init__(
        self, controller: Any, part: str, key: str, field: str, old: str, new: str, text: str
    ) -> None:
        super().__init__(text)
        self.controller = controller
        self.target = (part, key, field)
        self.old = old
        self.new = new
        self.closed = False
        self.merged = False
        self._first = True

    def id(self) -> int:
        return TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if self.closed or not isinstance(other, TypeTextCommand) or other.target != self.target:
            return False
        self.new = other.new
        other.merged = True
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self.new)

    def undo(self) -> None:
        self.controller.flush()
        self._apply(self.old)

    def _apply(self, value: str) -> None:
        part, key, field = self.target
        try:
            apply_text(self.controller.session, part, key, field, value)
        except StorageError as exc:
            self.controller.report(str(exc))
