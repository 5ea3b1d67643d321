"""The Qt side of one open assessment: session callbacks become narrow signals.

:class:`SessionAdapter` is the only object that subscribes to an
:class:`~rmf_app.services.session.AssessmentSession`; views listen to its signals and read the
session's state, and never keep a copy of the data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ...domain import progress
from ...services.session import AssessmentSession

if TYPE_CHECKING:  # the full scores load when a view first needs them (not the walk)
    from ...domain.scoring import Scores


class SessionAdapter(QObject):
    """Re-emits the session's change notifications as Qt signals; caches the scores.

    Args:
        session: the open assessment (owned by the caller, who closes it).

    Signals:
        responseChanged(str): one subcategory's response changed; the argument is its id.
        profileChanged(): the system profile changed.
        scopeChanged(): the scope (exclusions) changed; every node's progress may differ.
        settingsChanged(): an assessment setting (the default target) changed.
        itemChanged(str, str): a risk, action or evidence item changed (kind, id).
        reviewChanged(): the review and sign-off changed.
        overlayActionChanged(str): one overlay action's answer changed (the action id);
            switching an overlay on or off, or adding register risks from it, is a ``reset``.
        reset(): everything may have changed (a whole import, a new revision).
        changed(): after each of the above, once; the scores may differ.
        readOnlyChanged(bool): the assessment became read-only (finalized) or editable again
            (a new revision); emitted before ``changed``.
        saveStateChanged(): a save failed, or the changes it left unsaved were written at last
            (read ``session.has_unsaved`` and ``session.save_problem``).
    """

    responseChanged = Signal(str)
    profileChanged = Signal()
    scopeChanged = Signal()
    settingsChanged = Signal()
    itemChanged = Signal(str, str)
    reviewChanged = Signal()
    overlayActionChanged = Signal(str)
    reset = Signal()
    changed = Signal()
    readOnlyChanged = Signal(bool)
    saveStateChanged = Signal()

    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._scores: Scores | None = None
        self._completions: dict[str, tuple[int, int]] | None = None
        self._scores_day = self.today()
        self._read_only = session.read_only
        session.subscribe(self._on_change)
        session.subscribe_save(self.saveStateChanged.emit)

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @staticmethod
    def today() -> dt.date:
        """The date against which actions are overdue."""
        return dt.date.today()

    def scores(self) -> Scores:
        """The session's scores, computed once per change (scoring stays in the domain);
        actions are overdue against :meth:`today`."""
        if self._scores is None or self._scores_day != self.today():
            self._scores_day = self.today()
            self._scores = self.session.scores(today=self._scores_day)
        return self._scores

    def completion(self, group_id: str) -> tuple[int, int]:
        """(complete, in scope) of a function, a category or the whole assessment
        (:data:`~rmf_app.domain.progress.ALL`), computed once per change without the full
        scores; the same figures as :meth:`scores`."""
        if self._completions is None:
            self._completions = progress.completions(self.session.assessment)
        return self._completions[group_id]

    def standing(self, subcategory_id: str) -> progress.Standing:
        """Where one subcategory stands (rated with its gap, not assessed, N/A, out of scope)."""
        return progress.standing(self.session.assessment, subcategory_id)

    def _on_change(self, part: str, key: str) -> None:
        self._scores = None
        self._completions = None
        if part == "response":
            self.responseChanged.emit(key)
        elif part == "profile":
            self.profileChanged.emit()
        elif part == "scope":
            self.scopeChanged.emit()
        elif part == "settings":
            self.settingsChanged.emit()
        elif part in ("risk", "action", "evidence"):
            self.itemChanged.emit(part, key)
        elif part == "review":
            self.reviewChanged.emit()
        elif part == "overlay_action":
            self.overlayActionChanged.emit(key)
        else:
            self.reset.emit()
        if self.session.read_only != self._read_only:
            self._read_only = self.session.read_only
            self.readOnlyChanged.emit(self._read_only)
        self.changed.emit()
