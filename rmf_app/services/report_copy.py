"""An assessment read from a verified PDF report: shown read-only in the app, saved as a new
editable .airmf on request (issue #14, point 2).

:class:`ReportStore` stands in for the .airmf file behind an
:class:`~rmf_app.services.session.AssessmentSession`: it holds the assessment in memory, has
no change history, keeps the report's final revision as the one revision record, and refuses
every write. The attached files' bytes are not in a report (only their SHA-256), so reading
one says so.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..domain import canonical
from ..domain.assessment import Assessment
from ..storage.airmf import AirmfFile, HistoryEntry, RevisionRecord, write_new_file
from ..storage.errors import ReadOnlyError, StorageError


def _record(a: Assessment) -> RevisionRecord | None:
    if not a.is_final or a.fingerprint is None:
        return None
    when = a.review.finalized_at or a.created_at
    return RevisionRecord(
        a.revision, when.astimezone(dt.UTC).isoformat(), a.fingerprint, canonical.canonical_bytes(a)
    )


class ReportStore(AirmfFile):
    """The in-memory, read-only "file" of an assessment opened from a PDF report.

    Args:
        source: the PDF it came from (shown as the session's path).
        assessment: the verified assessment (with its fingerprint when final).
    """

    def __init__(self, source: Path, assessment: Assessment) -> None:
        self.path = Path(source)
        self.read_only_reason = (
            f"it is the data of the PDF report {self.path.name}; "
            "File ▸ Save as .airmf… makes an editable copy"
        )
        self.migrated_from = None
        self.backup_path = None
        self._assessment = assessment.model_copy(deep=True)

    def schema_version(self) -> int:
        return 0

    def meta(self) -> dict[str, str]:
        return {"source": str(self.path)}

    def load(self) -> Assessment:
        return self._assessment.model_copy(deep=True)

    def history(self, entity_prefix: str | None = None) -> list[HistoryEntry]:
        return []

    def revisions(self) -> list[RevisionRecord]:
        record = _record(self._assessment)
        return [] if record is None else [record]

    def iter_attachment(self, sha256: str) -> Iterator[bytes]:
        raise StorageError(
            f"The attached file is not in the PDF report {self.path.name}: a report carries "
            f"only its SHA-256 ({sha256}). Ask the assessor for the .airmf file."
        )

    def has_attachment(self, sha256: str) -> bool:
        return False

    def reader(self) -> AirmfFile:
        return self

    def attachment_writer(self) -> AirmfFile:
        self._refuse()
        raise AssertionError  # pragma: no cover

    def commit(self, *args: Any, **kwargs: Any) -> None:
        self._refuse()

    def add_revision(self, record: RevisionRecord) -> None:
        self._refuse()

    def store_attachment(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()

    def replace_log(self, history: list[HistoryEntry], revisions: list[RevisionRecord]) -> None:
        self._refuse()

    def put_attachment_bytes(self, sha256: str, data: bytes) -> None:
        self._refuse()

    def close(self) -> None:
        pass

    def _refuse(self) -> None:
        raise ReadOnlyError(f"Cannot change {self.path.name}: {self.read_only_reason}.")


def save_report_copy(
    assessment: Assessment, out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Write a new .airmf holding ``assessment`` (complete or not at all).

    A final revision stays final, with its fingerprint and its revision record, so the copy
    can be checked and a new revision started from it. Attached files are listed (name,
    size, SHA-256) but their bytes are not in a report, so the copy has none.

    Raises:
        StorageError: the target exists (unless ``overwrite``) or cannot be written.
    """
    out = Path(out)
    if out.exists() and not overwrite:
        raise StorageError(f"{out.name} already exists. Choose another name or remove it first.")
    record = _record(assessment)

    def fill(store: AirmfFile) -> None:
        if record is not None:
            store.replace_log(store.history(), [record])

    tmp = write_new_file(out, assessment, who, attachments=fill)
    try:
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Cannot write {out}: {exc.strerror}.") from None
    return out
