"""Earlier final revisions kept in an assessment file, read back as they were finalized.

Finalizing stores the revision's canonical JSON with its fingerprint (its SHA-256); starting a
new revision keeps them. Reading one back checks both, so a report made from an earlier
revision is exactly what was signed off, or is not made at all.
"""

from __future__ import annotations

import hashlib
import os

from pydantic import ValidationError

from ..domain.assessment import STORED, Assessment
from ..domain.canonical import fingerprint
from ..storage.airmf import AirmfFile, RevisionRecord
from ..storage.atomic import atomic_output
from ..storage.errors import StorageError


def final_revision(store: AirmfFile, revision: int) -> Assessment:
    """Final revision ``revision`` of the assessment in ``store``, with its fingerprint.

    Raises:
        StorageError: the file keeps no such revision, or what it keeps does not match the
            fingerprint recorded when it was finalized (the message says what to do).
    """
    return _read(store, revision)[1]


def final_revision_canonical(store: AirmfFile, revision: int) -> bytes:
    """The canonical JSON of final revision ``revision``, checked against its fingerprint
    (the bytes whose SHA-256 the fingerprint is). Raises as :func:`final_revision`."""
    return _read(store, revision)[0].canonical


def _read(store: AirmfFile, revision: int) -> tuple[RevisionRecord, Assessment]:
    records = store.revisions()
    record = next((r for r in records if r.revision == revision), None)
    name = store.path.name
    if record is None:
        kept = ", ".join(str(r.revision) for r in records) or "none"
        raise StorageError(
            f"{name} keeps no final revision {revision} (final revisions kept: {kept})."
        )
    broken = StorageError(
        f"Revision {revision} in {name} does not match the fingerprint recorded when it was "
        "finalized, so nothing is made from it. The file was changed outside rmf-app; "
        "use a backup copy."
    )
    if hashlib.sha256(record.canonical).hexdigest() != record.fingerprint:
        raise broken
    try:
        assessment = Assessment.model_validate_json(record.canonical, context=STORED)
    except ValidationError:
        raise broken from None
    if not assessment.is_final or fingerprint(assessment) != record.fingerprint:
        raise broken
    return record, assessment.model_copy(update={"fingerprint": record.fingerprint})


def write_final_revision_canonical(
    store: AirmfFile, revision: int, out: str | os.PathLike[str]
) -> None:
    """Save the canonical JSON of final revision ``revision`` (checked as
    :func:`final_revision`) to ``out``, complete or not at all."""
    data = final_revision_canonical(store, revision)
    with atomic_output(out) as fh:
        fh.write(data)
