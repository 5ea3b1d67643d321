"""A portfolio: many assessment files read side by side for a risk manager (issue #17).

Every file is opened read-only (no lock is taken, nothing is written, an older file format is
not upgraded) and closed again before the next one. A file that cannot be read is listed with
the reason, never fatal. The figures of each row are the ones ``rmf-app info --json`` shows for
that file on the same day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..domain.crosswalk import ACT_CLASSES, ROLE_CHOICES
from ..domain.portfolio import (
    Portfolio,
    PortfolioRow,
    RecurringGap,
    RollUps,
    Unreadable,
    mark_duplicates,
    roll_ups,
)
from ..domain.scoring import Fraction
from .errors import Cancelled, StorageError

__all__ = [
    "Cancelled",
    "Fraction",
    "Portfolio",
    "PortfolioRow",
    "RecurringGap",
    "RollUps",
    "Unreadable",
    "portfolio_files",
    "portfolio_sources",
    "read_portfolio",
    "table_csv",
]

#: default age after which a final assessment counts as stale
DEFAULT_STALE_MONTHS = 12
#: a draft not changed for this many days is flagged
DRAFT_UNTOUCHED_DAYS = 90

PortfolioProgress = Callable[[int, int, str], None]


# -- finding the files ----------------------------------------------------------------------


def portfolio_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to read: each folder searched recursively for ``.airmf`` files (in name
    order), each file as given (a verified PDF report too); a path named twice counts once."""
    return [f for f, _given in portfolio_sources(paths)]


def portfolio_sources(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """:func:`portfolio_files` with each file's path as the user gave it: relative to the
    folder it was found in (``/``-separated), or the file's path as named. When several
    folders are given, the folder as given comes first, so that two ``a.airmf`` stay apart."""
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    named = list(map(Path, paths))
    several = sum(p.is_dir() for p in named) > 1
    for p in named:
        if p.is_dir():
            found = [
                (f, (f if several else f.relative_to(p)).as_posix())
                for f in sorted(p.rglob("*.airmf"))
            ]
        else:
            found = [(p, str(p))]
        for f, given in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append((f, given))
    return out


def file_digest(path: Path) -> tuple[str, int, tuple[int, int]]:
    """The SHA-256 (hex) and size of the file's bytes, and its (size, mtime) stamp to tell
    later whether it changed. Raises OSError."""
    import hashlib

    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        before = os.fstat(fh.fileno())
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size, (before.st_size, before.st_mtime_ns)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


# -- reading one file -----------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _parse_day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _json_text(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _n(n: int, noun: str) -> str:
    """ "1 risk", "2 risks"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def read_row(path: Path, today: dt.date, stale_months: int) -> PortfolioRow:
    """Read one file read-only into a row (flags for its own age; duplicates come later).

    Raises StorageError when the file cannot be read."""
    from ..domain.labels import REVIEW_STATES
    from .session import AssessmentSession

    sha256, size, stamp = file_digest(path)
    if path.suffix.lower() == ".pdf":
        from .verify import verify_report

        v = verify_report(path)
        if v.assessment is None or not v.can_open:
            why = "; ".join(v.problems) or "it carries no assessment data"
            raise StorageError(f"{path.name} is not a verified rmf-app report: {why}")
        session = AssessmentSession.from_assessment(v.assessment, source=path)
    else:
        # never roll back another team's crashed file: it is listed, unread, with the reason
        session = AssessmentSession.open(path, read_only=True, recover=False)
    with session as s:
        a = s.assessment
        scores = s.scores(today=today)
        history = s.store.history()
        revisions = s.store.revisions()
    changed = _stamp(path) != stamp
    d = scores.decision
    finalized_by = ""
    for h in history:
        if h.entity == "review" and h.field == "state" and _json_text(h.new) == "final":
            finalized_by = h.who
    last_final = revisions[-1].finalized_at if revisions else None
    last_final_day = _parse_day(last_final)
    last_change = max((h.at for h in history), default=None)
    change_day = _parse_day(last_change)
    risks_above = [r for r in scores.risks if r.at_or_above_tolerance]
    unaccepted = [r for r in risks_above if not r.accepted]
    overdue_conditions = len(d.overdue_conditions) if d is not None else 0
    outcome = a.review.decision.outcome if a.review.decision is not None else None
    eu = a.profile.eu_ai_act
    flags: list[str] = []
    if last_final_day is not None and _add_months(last_final_day, stale_months) < today:
        flags.append(f"last final revision older than {stale_months} months")
    if (
        a.review.state == "draft"
        and change_day is not None
        and (today - change_day).days > DRAFT_UNTOUCHED_DAYS
    ):
        flags.append(f"draft untouched for {(today - change_day).days} days")
    if changed:
        flags.append("the file changed while it was read: its figures may not match its hash")
    reasons = list(flags)
    if unaccepted:
        reasons.append(
            f"{_n(len(unaccepted), 'risk')} at or above tolerance without acceptance"
        )
    if scores.overdue_actions:
        reasons.append(f"{_n(len(scores.overdue_actions), 'overdue action')}")
    if overdue_conditions:
        reasons.append(f"{_n(overdue_conditions, 'overdue deployment condition')}")
    if d is not None and d.opinion.rating == "unsatisfactory":
        reasons.append("overall opinion unsatisfactory")
    return PortfolioRow(
        path=str(path),
        name=a.profile.name,
        organisation=a.profile.organisation,
        owner=a.profile.owner,
        revision=a.revision,
        state=REVIEW_STATES[a.review.state],
        finalized_at=(
            a.review.finalized_at.isoformat() if a.review.finalized_at is not None else None
        ),
        finalized_by=finalized_by if a.is_final else "",
        completion=scores.overall.completion,
        at_target=scores.overall.at_target,
        opinion=d.opinion.rating if d is not None else None,
        risks_at_or_above_tolerance=len(risks_above),
        risks_without_acceptance=len(unaccepted),
        overdue_actions=len(scores.overdue_actions),
        overdue_conditions=overdue_conditions,
        decision=outcome,
        days_since_final=None if last_final_day is None else (today - last_final_day).days,
        last_change=last_change,
        overlays=[o.id for o in a.overlays],
        crosswalk_scope="" if eu is None else f"{ROLE_CHOICES[eu.role]}; {ACT_CLASSES[eu.risk_class]}",
        functions={g.id: g.at_target for g in scores.functions},
        residual_heatmap=[list(r) for r in scores.residual_heatmap],
        risks_without_residual=sum(r.residual_score is None for r in scores.risks),
        below_target=[g.subcategory_id for g in scores.largest_gaps],
        flags=flags,
        reasons=reasons,
        source=str(path),
        sha256=sha256,
        size=size,
        fingerprint=a.fingerprint,
        method_version=scores.method_version,
        content_pack=f"{a.playbook.id} {a.playbook.version}",
    )


# -- the portfolio --------------------------------------------------------------------------


def read_portfolio(
    paths: Iterable[str | os.PathLike[str]],
    *,
    today: dt.date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
    progress: PortfolioProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Portfolio:
    """Read every file (see :func:`portfolio_files`); raises Cancelled when ``cancelled()``
    turns true between two files. Nothing is written to any file."""
    day = today or dt.date.today()
    given = [str(p) for p in paths]
    files = portfolio_sources(given)
    rows: list[PortfolioRow] = []
    unreadable: list[Unreadable] = []
    for i, (path, source) in enumerate(files):
        if cancelled is not None and cancelled():
            raise Cancelled("reading the portfolio was cancelled")
        if progress is not None:
            progress(i, len(files), path.name)
        reason: str | None = None
        try:
            row = read_row(path, day, stale_months)
        except StorageError as exc:
            reason = str(exc)
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror or exc})"
        except ValueError as exc:  # content that fails validation in an unexpected place
            reason = f"cannot be read as an assessment ({exc})"
        else:
            rows.append(dataclasses.replace(row, source=source))
            continue
        try:
            sha256, size, _ = file_digest(path)
        except OSError:
            sha256, size = "", None
        unreadable.append(Unreadable(str(path), reason, source, sha256, size))
    if progress is not None:
        progress(len(files), len(files), "")
    rows = mark_duplicates(rows)
    return Portfolio(rows, unreadable, roll_ups(rows), day, stale_months, given)


CSV_COLUMNS = (
    "path",
    "name",
    "organization",
    "owner",
    "revision",
    "state",
    "finalized_at",
    "finalized_by",
    "completion",
    "at_target",
    "opinion",
    "risks_at_or_above_tolerance",
    "risks_without_acceptance",
    "overdue_actions",
    "overdue_conditions",
    "decision",
    "days_since_final",
    "overlays",
    "crosswalk_scope",
    "needs_attention",
    "reasons",
    "sha256",
    "size_bytes",
    "fingerprint",
)


def table_csv(portfolio: Portfolio) -> str:
    """The table as CSV text (one row per system; unreadable files are not rows)."""
    import csv
    import io

    from ..storage.interchange import neutralise

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for row in portfolio.rows:
        data = row.table_dict()
        w.writerow(["" if data[c] is None else neutralise(data[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def export_portfolio_pdf(
    portfolio: Portfolio,
    target: str | os.PathLike[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the portfolio PDF atomically (complete or not at all); returns its pages.

    ``SOURCE_DATE_EPOCH`` makes it reproducible, as for the risk profile. Raises Cancelled
    (nothing written) when ``cancelled()`` turns true during the layout."""
    from ..report import ReportCancelled
    from ..report.portfolio import build_portfolio_report
    from ..storage.atomic import atomic_output
    from .export import report_clock

    now, reproducible = report_clock()
    try:
        with atomic_output(target) as fh:
            return build_portfolio_report(
                fh,
                portfolio,
                generated_at=now,
                reproducible=reproducible,
                progress=progress,
                cancelled=cancelled,
            )
    except ReportCancelled:
        raise Cancelled("the portfolio export was cancelled") from None


def export_portfolio(
    portfolio: Portfolio,
    target: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the portfolio report (a ``.pdf`` target) or the table as CSV (any other), complete
    or not at all; returns the file written. Runs on any thread: give it a copy of the
    portfolio that nothing else changes.

    Raises Cancelled (nothing written) or StorageError (the message says what to do)."""
    from .files import save_bytes

    path = Path(target)
    if cancelled is not None and cancelled():
        raise Cancelled("the portfolio export was cancelled")
    if path.suffix.lower() == ".pdf":
        export_portfolio_pdf(portfolio, path, progress=progress, cancelled=cancelled)
    else:
        if progress is not None:
            progress(0, 1)
        save_bytes(path, table_csv(portfolio).encode("utf-8"))
        if progress is not None:
            progress(1, 1)
    return path
