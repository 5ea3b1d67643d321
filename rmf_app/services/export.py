"""Export the PDF risk profile: the use case behind ``rmf-app export F.airmf -o F.pdf`` and the
GUI's export command.

The GUI creates a :class:`PdfExportJob` on its own thread (which takes a deep copy of the
assessment, so later edits cannot reach the worker) and calls :meth:`PdfExportJob.run` on a
worker thread with a progress callback and a cancel check. The PDF is written through
``atomic_output``: the target appears complete, or not at all — never a half file.

When ``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention), the report's date is
that moment, "overdue" is counted against it, and the same assessment, options and rmf-app
version give a byte-identical PDF.

Every PDF carries the assessment's canonical JSON and a manifest of page seals as embedded
files (``services.report_data``), so the PDF alone can be verified and reopened.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.assessment import Assessment
from ..domain.diff import AssessmentDiff, diff
from ..domain.overlay import Overlay
from ..domain.overlay_scoring import overlay_scores
from ..domain.playbook import Playbook
from ..domain.scoring import Scores, score
from ..report import ReportCancelled, ReportOptions, build_report
from ..report.document import PageLayout
from ..storage.airmf import AirmfFile, Cancelled, Progress
from ..storage.atomic import atomic_output
from ..storage.errors import StorageError
from . import crosswalks
from .collector import paused as cyclic_gc_paused
from .report_data import ReportKind, embed_report_data

if TYPE_CHECKING:
    from .session import AssessmentSession

#: progress is reported as (done, PROGRESS_TOTAL)
PROGRESS_TOTAL = 1000


class ExportError(StorageError):
    """The report could not be made or written; the message says why and what to do."""


@dataclass(frozen=True)
class PdfExportOptions:
    """Args:
    executive: summary, charts, largest gaps and top risks only (at most a few pages).
    include_guidance: print each subcategory's guidance text in the detailed responses.
    """

    executive: bool = False
    include_guidance: bool = True


@dataclass(frozen=True)
class PdfExportResult:
    path: Path
    pages: int
    #: "field: characters" for each field with characters no font prints (shown as "�")
    uncovered: tuple[str, ...] = ()
    #: how full each page is (see :class:`rmf_app.report.document.PageLayout`)
    layout: PageLayout | None = None


def report_clock(environ: Mapping[str, str] | None = None) -> tuple[dt.datetime, bool]:
    """The report's moment (UTC) and whether the output must be reproducible.

    ``SOURCE_DATE_EPOCH`` (whole seconds since 1970-01-01 UTC) fixes both; otherwise it is now.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return dt.datetime.now(dt.UTC).replace(microsecond=0), False
    value = raw.strip()
    try:
        if not value.isdigit():
            raise ValueError(value)
        return dt.datetime.fromtimestamp(int(value), dt.UTC), True
    except (ValueError, OverflowError, OSError):
        raise ExportError(
            f"SOURCE_DATE_EPOCH is set to {raw!r}, which is not a number of seconds since "
            "1970-01-01. Set it to a whole number (e.g. $(date +%s)) or unset it."
        ) from None


class PdfExportJob:
    """One PDF export, prepared on the caller's thread and run on any thread.

    Args:
        assessment: the assessment to report on (deep-copied here).
        playbook: the content it is scored with and whose guidance is printed (immutable).
        target: the PDF file to write.
        options: report kind and guidance.
        now: the report's moment; by default from :func:`report_clock`.
        reproducible: fixed document id and dates; by default whether SOURCE_DATE_EPOCH is set.
        previous: the latest final revision kept in the file that is older than
            ``assessment``, for the full report's "Changes since revision N" (None: no such
            section).
    """

    def __init__(
        self,
        assessment: Assessment,
        playbook: Playbook,
        target: str | os.PathLike[str],
        options: PdfExportOptions | None = None,
        *,
        now: dt.datetime | None = None,
        reproducible: bool | None = None,
        previous: Assessment | None = None,
    ) -> None:
        self.assessment = assessment.model_copy(deep=True)
        self.previous = previous
        self.playbook = playbook
        self.target = Path(target)
        self.options = options or PdfExportOptions()
        if now is None or reproducible is None:
            clock, repro = report_clock()
            now = clock if now is None else now
            reproducible = repro if reproducible is None else reproducible
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        self.now = now.astimezone(dt.UTC)
        self.reproducible = reproducible

    @classmethod
    def from_session(
        cls,
        session: AssessmentSession,
        target: str | os.PathLike[str],
        options: PdfExportOptions | None = None,
    ) -> PdfExportJob:
        """Snapshot an open session (call on the thread that owns it), with the latest
        earlier final revision its file keeps."""
        return cls(
            session.assessment,
            session.playbook,
            target,
            options,
            previous=previous_final(session.store, session.assessment.revision),
        )

    def run(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> PdfExportResult:
        """Score, lay out and write the PDF.

        Raises:
            Cancelled: ``cancelled()`` returned true; no file was written or left behind.
            StorageError: the target cannot be written (the message says what to do).
            ExportError: the report could not be made.
        """
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(0, PROGRESS_TOTAL)
        scores = score(self.assessment, self.playbook, today=self.now.date())
        opts = ReportOptions(
            executive=self.options.executive,
            include_guidance=self.options.include_guidance,
            generated_at=self.now,
            reproducible=self.reproducible,
            crosswalks=crosswalks.crosswalks(),
        )

        def layout_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(20 + done * 950 // max(total, 1), PROGRESS_TOTAL)

        overlay = _overlay_for(self.assessment)
        try:
            laid_out = io.BytesIO()
            with cyclic_gc_paused():  # a tenth faster, same memory
                result = build_report(
                    laid_out,
                    self.assessment,
                    scores,
                    self.playbook,
                    opts,
                    progress=layout_progress,
                    cancelled=cancelled,
                    overlay=overlay,
                    overlay_scores=(
                        None if overlay is None else overlay_scores(self.assessment, overlay)
                    ),
                    changes=self._changes(scores),
                )
            if cancelled is not None and cancelled():
                raise Cancelled()
            data = embed_report_data(
                laid_out.getvalue(),
                self.assessment,
                ReportKind(self.options.executive, self.options.include_guidance),
                self.now,
            )
            if cancelled is not None and cancelled():
                raise Cancelled()
            with atomic_output(self.target) as fh:
                fh.write(data)
        except ReportCancelled:
            raise Cancelled() from None
        except (Cancelled, StorageError):
            raise
        except OSError as exc:
            raise ExportError(
                f"Cannot write {self.target}: {exc.strerror or exc}. "
                "Choose a folder you can write to, with free space."
            ) from None
        except Exception as exc:  # reportlab layout errors: say so instead of a traceback
            raise ExportError(
                f"Cannot make the PDF report: {type(exc).__name__}: {exc}. This is a bug in "
                "rmf-app; the JSON export ('rmf-app export F.airmf -o F.json') still works."
            ) from exc
        if progress is not None:
            progress(PROGRESS_TOTAL, PROGRESS_TOTAL)
        return PdfExportResult(self.target, result.pages, result.uncovered, result.layout)

    def _changes(self, scores: Scores) -> AssessmentDiff | None:
        if self.previous is None or self.options.executive:
            return None
        old_scores = score(self.previous, self.playbook, today=self.now.date())
        return diff(self.previous, self.assessment, old_scores, scores)


def previous_final(store: AirmfFile, revision: int) -> Assessment | None:
    """The latest final revision ``store`` keeps that is older than ``revision``, read back
    as it was finalized; None when it keeps none.

    Raises:
        StorageError: that revision no longer matches its fingerprint (the message says what
            to do), so no report claims changes against altered content.
    """
    kept = [r.revision for r in store.revisions() if r.revision < revision]
    if not kept:
        return None
    from .revisions import final_revision

    return final_revision(store, max(kept))


class JsonExportJob:
    """One JSON export (the whole assessment with its attachments, history and revisions),
    snapshotted on the session's thread and run on any thread.

    The output is byte for byte what ``rmf-app export F.airmf -o F.json`` writes. The worker
    reads the attachments through a read-only connection of its own, so edits go on meanwhile.

    Args:
        session: the open assessment (typing should be flushed first).
        target: the JSON file to write.
    """

    def __init__(self, session: AssessmentSession, target: str | os.PathLike[str]) -> None:
        self.store = session.store
        self.assessment = session.assessment.model_copy(deep=True)
        self.history = session.store.history()
        self.revisions = session.store.revisions()
        self.target = Path(target)

    def run(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write the JSON export (all or nothing), streaming the attachments into it.

        Raises:
            Cancelled: ``cancelled()`` returned true; nothing was written.
            StorageError: the file cannot be read or the target cannot be written.
        """
        from ..storage.interchange import write_json_export

        reader = self.store.reader()
        try:
            write_json_export(
                self.target,
                self.assessment,
                self.history,
                self.revisions,
                reader.iter_attachment,
                progress=progress,
                cancelled=cancelled,
            )
        finally:
            reader.close()
        return self.target


def _overlay_for(assessment: Assessment) -> Overlay | None:
    """The content of the overlay an assessment uses (for its report section), or None."""
    from ..storage.content import bundled_overlay, bundled_overlay_ids

    if assessment.overlay("genai") is None or "genai" not in bundled_overlay_ids():
        return None
    return bundled_overlay("genai")


def csv_targets(target: str | os.PathLike[str]) -> dict[str, Path]:
    """Where a CSV export of ``F.csv`` goes: F-responses.csv, F-risks.csv, F-actions.csv and,
    while the Generative AI Profile is switched on, F-genai-actions.csv."""
    out = Path(target)
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return {name: out.with_name(f"{stem}-{name}.csv") for name in CSV_TABLES}


#: the tables of a CSV export, in the order they are written
CSV_TABLES = ("responses", "risks", "actions", "genai-actions")


class CsvExportJob:
    """The CSV export (responses, risks, actions), tabled on the session's thread and written on
    any thread; overdue actions are counted against ``today``.

    Args:
        session: the open assessment.
        target: ``F.csv``; the tables go to :func:`csv_targets`.
        today: the date against which actions are overdue.
    """

    def __init__(
        self, session: AssessmentSession, target: str | os.PathLike[str], today: dt.date
    ) -> None:
        from ..storage.interchange import csv_tables

        self.tables = csv_tables(session.assessment, session.playbook, session.scores(today))
        self.targets = {n: p for n, p in csv_targets(target).items() if n in self.tables}

    def run(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """Write the three tables (all of them or, on any failure, none); returns the files
        written."""
        from ..storage.interchange import write_csv_tables

        if cancelled is not None and cancelled():
            raise Cancelled()
        write_csv_tables({path: self.tables[name] for name, path in self.targets.items()})
        if progress is not None:
            progress(len(self.targets), len(self.targets))
        return list(self.targets.values())


def export_pdf(
    assessment: Assessment,
    playbook: Playbook,
    target: str | os.PathLike[str],
    options: PdfExportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    previous: Assessment | None = None,
) -> PdfExportResult:
    """Export in one call (the command line): snapshot, then run on this thread;
    ``previous`` as for :class:`PdfExportJob`."""
    job = PdfExportJob(assessment, playbook, target, options, previous=previous)
    return job.run(progress=progress, cancelled=cancelled)
