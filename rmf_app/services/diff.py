"""Changes since a revision: open two assessment files, or one file's kept final revision
and its current state, and compare them with :func:`rmf_app.domain.diff.diff`."""

from __future__ import annotations

import datetime as dt
import os

from ..domain.assessment import Assessment
from ..domain.diff import AssessmentDiff, diff
from ..domain.playbook import Playbook
from ..domain.scoring import score
from .revisions import final_revision
from .session import AssessmentSession

__all__ = ["AssessmentDiff", "diff_assessments", "diff_files", "diff_revision", "earlier_revision"]


def diff_assessments(
    old: Assessment, new: Assessment, playbook: Playbook, today: dt.date | None = None
) -> AssessmentDiff:
    """The changes from ``old`` to ``new``, both scored with ``playbook`` on ``today``."""
    return diff(old, new, score(old, playbook, today=today), score(new, playbook, today=today))


def diff_files(
    old: str | os.PathLike[str], new: str | os.PathLike[str], today: dt.date | None = None
) -> AssessmentDiff:
    """The changes from the assessment in file ``old`` to the one in file ``new`` (both opened
    read-only; the newer file's playbook scores both)."""
    with AssessmentSession.open(old, read_only=True) as before:
        with AssessmentSession.open(new, read_only=True) as after:
            return diff_assessments(before.assessment, after.assessment, after.playbook, today)


def diff_revision(
    session: AssessmentSession, revision: int, today: dt.date | None = None
) -> AssessmentDiff:
    """The changes from final revision ``revision`` kept in ``session``'s file to its current
    state. Raises StorageError when the file keeps no such revision or it was tampered with."""
    old = final_revision(session.store, revision)
    return diff_assessments(old, session.assessment, session.playbook, today)


def earlier_revision(session: AssessmentSession) -> int | None:
    """The latest final revision kept in the file that is older than its current state, or
    None when there is none."""
    current = session.assessment.revision
    kept = [r.revision for r in session.store.revisions() if r.revision < current]
    return max(kept, default=None)
