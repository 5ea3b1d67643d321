"""Export the accessible HTML report: ``rmf-app export F.airmf -o F.html``.

The same content as the full PDF report (``rmf_app.report.html``), scored once with
:func:`rmf_app.domain.scoring.score` against the report's date (``SOURCE_DATE_EPOCH`` fixes
it, as for the PDF), written through ``atomic_output``: the file appears complete or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from ..domain.assessment import Assessment
from ..domain.overlay_scoring import overlay_scores
from ..domain.playbook import Playbook
from ..domain.scoring import score
from ..report import ReportOptions
from ..storage.airmf import Cancelled
from ..storage.atomic import atomic_output
from ..storage.errors import StorageError
from . import crosswalks
from .export import ExportError, _overlay_for, report_clock


def render_html(
    assessment: Assessment,
    playbook: Playbook,
    *,
    include_guidance: bool = True,
    now: dt.datetime | None = None,
) -> str:
    """The HTML report as a string (scored as of ``now``, by default the report clock)."""
    from ..report.html import build_html

    clock, reproducible = report_clock()
    moment = clock if now is None else now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    a = assessment.model_copy(deep=True)
    scores = score(a, playbook, today=moment.date())
    opts = ReportOptions(
        include_guidance=include_guidance,
        generated_at=moment,
        reproducible=reproducible,
        crosswalks=crosswalks.crosswalks(),
    )
    overlay = _overlay_for(a)
    return build_html(
        a,
        scores,
        playbook,
        opts,
        overlay=overlay,
        overlay_scores=None if overlay is None else overlay_scores(a, overlay),
    )


def export_html(
    assessment: Assessment,
    playbook: Playbook,
    target: str | os.PathLike[str],
    *,
    include_guidance: bool = True,
    now: dt.datetime | None = None,
) -> Path:
    """Write the HTML report to ``target``; returns the path written.

    Raises:
        StorageError: the target cannot be written (the message says what to do).
        ExportError: the report could not be made.
    """
    path = Path(target)
    try:
        text = render_html(assessment, playbook, include_guidance=include_guidance, now=now)
    except Exception as exc:  # a layout bug: say so instead of a traceback
        raise ExportError(
            f"Cannot make the HTML report: {type(exc).__name__}: {exc}. This is a bug in "
            "rmf-app; the PDF and JSON exports still work."
        ) from exc
    try:
        with atomic_output(path) as fh:
            fh.write(text.encode("utf-8"))
    except StorageError:
        raise
    except OSError as exc:
        raise ExportError(
            f"Cannot write {path}: {exc.strerror or exc}. "
            "Choose a folder you can write to, with free space."
        ) from None
    return path


class HtmlExportJob:
    """One HTML export for the GUI: snapshotted on the session's thread (a deep copy, so later
    edits cannot reach the worker), run on any thread.

    Args:
        assessment: the assessment (or earlier final revision) to report on.
        playbook: the content it is scored with.
        target: the HTML file to write.
    """

    def __init__(
        self, assessment: Assessment, playbook: Playbook, target: str | os.PathLike[str]
    ) -> None:
        self.assessment = assessment.model_copy(deep=True)
        self.playbook = playbook
        self.target = Path(target)

    def run(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write the report; raises ``Cancelled`` (nothing written) if ``cancelled()`` is true
        before the file is replaced."""
        if cancelled is not None and cancelled():
            raise Cancelled()
        path = export_html(self.assessment, self.playbook, self.target)
        if progress is not None:
            progress(1, 1)
        return path
