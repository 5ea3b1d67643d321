"""The Qt side of one open assessment: session callbacks become narrow signals.

:class:`SessionAdapter` is the only object that subscribes to an
:class:`~rmf_app.services.session.AssessmentSession`; views listen to its signals and read the
session's state, and never keep a copy of the data.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..domain.scoring import Scores
from ..services.session import AssessmentSession


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
        reset(): everything may have changed (a whole import, a new revision).
        changed(): after each of the above, once; the scores may differ.
    """

    responseChanged = Signal(str)
    profileChanged = Signal()
    scopeChanged = Signal()
    settingsChanged = Signal()
    itemChanged = Signal(str, str)
    reviewChanged = Signal()
    reset = Signal()
    changed = Signal()

    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._scores: Scores | None = None
        session.subscribe(self._on_change)

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def scores(self) -> Scores:
        """The session's scores, computed once per change (scoring stays in the domain)."""
        if self._scores is None:
            self._scores = self.session.scores()
        return self._scores

    def _on_change(self, part: str, key: str) -> None:
        self._scores = None
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
        else:
            self.reset.emit()
        self.changed.emit()
