"""The PDF risk profile (SPEC §6): the orchestrator that puts the sections in order.

Input is a domain :class:`~rmf_app.domain.assessment.Assessment`, the one
:func:`rmf_app.domain.scoring.score` result for it and the playbook it was scored with; they
go into one :class:`~rmf_app.report.context.ReportContext` that every section reads. Each
section is a function of that context returning its flowables, in a module of its own; this
module lists them (:data:`FULL_REPORT`, :data:`EXECUTIVE_REPORT`), numbers them, joins them into
one story and hands it to :class:`~rmf_app.report.document.ReportDoc`. A new section is a new
module with one such function, listed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak
from reportlab.platypus.flowables import Flowable

from .. import __version__
from ..domain.assessment import Assessment
from ..domain.diff import AssessmentDiff
from ..domain.labels import REVIEW_STATES
from ..domain.overlay import Overlay
from ..domain.overlay_scoring import OverlayScores
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from . import (
    actions,
    answers,
    appendices,
    changes,
    charts_section,
    cover,
    crosswalks,
    gaps,
    genai,
    profile,
    provenance,
    risks,
    summary,
)
from . import text as T
from .context import ReportContext, ReportOptions
from .coverage import uncovered_fields
from .document import PageDecor, ReportCancelled, ReportDoc
from .fonts import clean, fit_width, fonts, markup
from .parts import anchor_name, appendix_anchor, clip
from .styles import FRAME_WIDTH, make_styles

__all__ = ["ReportCancelled", "ReportOptions", "ReportResult", "build_report"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportResult:
    """Args:
    pages: pages written.
    uncovered: "field: characters" for each field with characters no font prints (they
        appear as "�" in the PDF).
    """

    pages: int
    uncovered: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One section as the report lists it, after the cover, the contents and the summary.

    Args:
        build: makes the section's flowables from the context.
        number_key: for a numbered section, the key its heading and cross references look its
            number up by ("gaps" → "4. Gap analysis"); numbers follow the order of the list.
        room: executive report only: the section starts on a new page unless this much
            height is left on the current one. In the full report every section starts a page.
        only_if: for a section that applies to some assessments only (an overlay's).
    """

    build: Callable[[ReportContext], list[Flowable]]
    number_key: str | None = None
    room: float = 0.0
    #: the section is left out (and not numbered) when this says no
    only_if: Callable[[ReportContext], bool] | None = None


#: The full report's sections after the summary, in order; each starts on a new page.
FULL_REPORT: tuple[Part, ...] = (
    Part(profile.profile, "profile"),
    Part(charts_section.charts, "charts"),
    Part(gaps.gaps, "gaps"),
    Part(risks.risks, "risks"),
    Part(actions.actions, "actions"),
    Part(genai.genai, "genai", only_if=genai.has_overlay),
    Part(answers.details, "details"),
    Part(changes.changes, only_if=changes.has_changes),
    Part(appendices.appendix_scope),
    Part(appendices.appendix_method),
    Part(appendices.appendix_evidence),
    Part(appendices.appendix_signoff),
    Part(provenance.appendix_provenance),
    Part(crosswalks.appendices),
)

#: The executive report's sections after the summary, in order, each with the room it needs.
EXECUTIVE_REPORT: tuple[Part, ...] = (
    Part(charts_section.charts, "charts", room=110 * mm),
    Part(gaps.gaps, "gaps", room=80 * mm),
    Part(risks.risks, "risks", room=90 * mm),
    Part(genai.genai_executive, "genai", room=70 * mm, only_if=genai.has_overlay),
    Part(provenance.about_executive, room=60 * mm),
)


def section_numbers(parts: Sequence[Part]) -> dict[str, int]:
    """The summary is section 1; the numbered parts follow in the order listed."""
    keys = ["summary", *(p.number_key for p in parts if p.number_key is not None)]
    return {k: n for n, k in enumerate(keys, 1)}


Anchors = Callable[[ReportContext], Iterable[str]]


def _appendix(title: str) -> Anchors:
    """The anchor of an appendix's heading, from its "Appendix X. …" title."""
    name = appendix_anchor(title)
    assert name is not None, title
    return lambda ctx: (name,)


#: The anchors (``parts.anchor_name``) each section makes that references link to, by the
#: function that builds the section: a register's rows, an answer's heading, an appendix's
#: heading (the numbered sections' headings are known). Only these are linked to.
ANCHORS: dict[Callable[[ReportContext], list[Flowable]], Anchors] = {
    risks.risks: risks.anchors,
    actions.actions: actions.anchors,
    answers.details: answers.anchors,
    appendices.appendix_scope: _appendix(T.APP_SCOPE),
    appendices.appendix_method: _appendix(T.APP_METHOD),
    appendices.appendix_evidence: appendices.evidence_anchors,
    appendices.appendix_signoff: _appendix(T.APP_SIGNOFF),
    provenance.appendix_provenance: _appendix(T.APP_PROVENANCE),
    crosswalks.appendices: crosswalks.anchors,
}


def link_targets(ctx: ReportContext, parts: Sequence[Part]) -> set[str]:
    """The anchors a report with ``parts`` will have: the numbered sections' headings and
    what each part's section makes (:data:`ANCHORS`)."""
    out = {anchor_name("section", str(n)) for n in ctx.numbers.values()}
    for part in parts:
        anchors = ANCHORS.get(part.build)
        if anchors is not None:
            out.update(anchors(ctx))
    return out


def build_report(
    out: IO[bytes],
    assessment: Assessment,
    scores: Scores,
    playbook: Playbook,
    options: ReportOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    overlay: Overlay | None = None,
    overlay_scores: OverlayScores | None = None,
    changes: AssessmentDiff | None = None,
) -> ReportResult:
    """Write the PDF to ``out``; raises :class:`ReportCancelled` if ``cancelled()`` turns true.

    ``overlay``, ``overlay_scores``: the content of the overlay the assessment uses (the
    Generative AI Profile) and its figures, for its section; None leaves that section out.
    ``changes``: what changed since the latest earlier final revision, for the full report's
    "Changes since revision N" section; None leaves it out."""
    styles = make_styles()
    fonts()
    parts = EXECUTIVE_REPORT if options.executive else FULL_REPORT
    ctx = ReportContext(
        styles=styles,
        assessment=assessment,
        scores=scores,
        playbook=playbook,
        options=options,
        numbers={},
        overlay=overlay,
        overlay_scores=overlay_scores,
        changes=changes,
    )
    parts = tuple(p for p in parts if p.only_if is None or p.only_if(ctx))
    ctx.numbers = section_numbers(parts)
    ctx.targets = link_targets(ctx, parts)
    story = _story(ctx, parts, cancelled)
    if not ctx.linked_to <= ctx.anchored:
        # A link to a destination no section made would make the PDF unwritable. The
        # sections' ``anchors`` promise what they make, and tests hold them to it; should
        # one break its promise, lay the story out again linking only to what exists.
        _log.warning(
            "report links to missing anchors %s; built again without them",
            sorted(ctx.linked_to - ctx.anchored)[:5],
        )
        ctx.targets = set(ctx.anchored)
        ctx.anchored.clear()
        ctx.linked_to.clear()
        story = _story(ctx, parts, cancelled)
    a = assessment
    name = clean(a.profile.name).replace("\n", " ")
    authors = ", ".join(clean(x) for x in a.review.assessors) or T.DOC_AUTHOR_UNKNOWN
    doc = ReportDoc(
        out,
        styles=styles,
        decor=PageDecor(
            system_markup=markup(fit_width(name, FRAME_WIDTH * 0.55, 7.5)),
            header_right=T.HEADER_RIGHT.format(
                revision=a.revision, state=REVIEW_STATES[a.review.state].lower()
            ),
            draft=not a.is_final,
        ),
        metadata={
            "title": clip(T.DOC_TITLE.format(system=name), 300),
            "author": clip(authors, 300),
            "subject": T.DOC_SUBJECT,
            "keywords": clip(T.DOC_KEYWORDS.format(system=name), 400),
            "creator": T.DOC_CREATOR.format(version=__version__),
            "lang": "en",
        },
        created=options.generated_at,
        invariant=options.reproducible,
        expected_flowables=len(story),
        progress=progress,
        cancelled=cancelled,
    )
    doc.build_story(story)
    return ReportResult(pages=doc.page, uncovered=uncovered_fields(assessment))


def _story(
    ctx: ReportContext, parts: Sequence[Part], cancelled: Callable[[], bool] | None
) -> list[Flowable]:
    """Cover, contents (full report), summary, then ``parts``; checks ``cancelled`` between
    sections of the full report."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ReportCancelled()

    executive = ctx.options.executive
    out: list[Flowable] = []
    out += cover.cover(ctx)
    out += [NextPageTemplate("body"), PageBreak()]
    if not executive:
        out += cover.contents(ctx)
    out += summary.summary(ctx)
    check()
    for part in parts:
        if executive:
            out += [CondPageBreak(part.room), *part.build(ctx)]
        else:
            check()
            flowables = part.build(ctx)
            if flowables:  # a section with nothing to show adds no page
                out.append(PageBreak())
                out += flowables
    return out
