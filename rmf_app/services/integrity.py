"""Checking what an open assessment holds against its checksums.

Every stored document is checked when the file is opened (see ``AirmfFile.load``); attached
files are checked here, on request — by ``validate`` and before a JSON export, which carries
their bytes — because reading every attachment on each open would make large files slow.
"""

from __future__ import annotations

from ..storage.errors import DamagedFileError, join_names
from .session import AssessmentSession


def damaged_attachments(session: AssessmentSession) -> list[str]:
    """Each attached file whose stored bytes are missing, incomplete or do not match their
    SHA-256, named for the user ("the file attached to evidence E-002 (is incomplete)")."""
    return [
        f"the file attached to evidence {evidence_id} ({problem})"
        for evidence_id, problem in session.store.damaged_attachments(session.assessment)
    ]


def check_attachments(session: AssessmentSession) -> None:
    """Raise DamagedFileError naming every damaged attached file (nothing is written then)."""
    damaged = damaged_attachments(session)
    if damaged:
        raise DamagedFileError(session.path.name, damaged)


__all__ = ["check_attachments", "damaged_attachments", "join_names"]
