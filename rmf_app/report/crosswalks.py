"""Crosswalk appendices (ISO/IEC 42001, the EU AI Act) and their lines in the summary.

One appendix per crosswalk switched on in :class:`~rmf_app.report.context.ReportOptions`: the
readiness table by clause or article and the gaps that matter most for it. Every figure comes
from :func:`rmf_app.domain.crosswalk_readiness.readiness` over the report's one scoring result,
so it equals the readiness view and ``rmf-app crosswalk --json``. Strings are kept here.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import PageBreak
from reportlab.platypus.flowables import Flowable

from ..domain.crosswalk import Crosswalk
from ..domain.crosswalk_readiness import NOT_COVERED, STATUS_LABELS, CrosswalkReadiness, readiness
from .context import ReportContext
from .fonts import markup
from .parts import anchor_name, nb

#: appendix letters, after Appendix E (provenance)
LETTERS = {"iso42001": "F", "euaia": "G"}
APPENDIX = "Appendix {letter}. {title} readiness"
OWN = " (rmf-app's own mapping)"
SUMMARY_LABEL = "{title} readiness"
SUMMARY_VALUE = (
    "{pct} of the {n} mapped subcategories at target; {full} of {refs} {unit} fully at target"
    "{not_covered}{where}"
)
WHERE = " (Appendix {letter})"
SUMMARY_NOT_COVERED = ", {n} not covered by AI RMF"
INTRO_PUBLISHED = (
    "The clauses and Annex B controls of {name} that NIST's published crosswalk pairs with AI RMF "
    "subcategories, read through this assessment's own answers: a view of the same answers, not "
    "a second assessment and not a certification readiness audit. {source} {licence}"
)
INTRO_OWN = (
    "rmf-app's own mapping from AI RMF subcategories to the articles of {name}, read through "
    "this assessment's own answers. It is not legal advice and not a conformity assessment; the "
    "mapping was reviewed independently. {licence}"
)
SCOPE_LINE = "EU AI Act role and class (system profile): {scope}."
RULED_OUT = "Not applicable under this role and class: {items}."
RULE = (
    "Coverage = mapped subcategories at target / those in scope and not N/A; unanswered items "
    "count as not at target (Appendix B and docs/scoring.md)."
)
TH = ("Reference", "Coverage", "At target", "Not yet at target")
GAPS = "The gaps that matter most for {title}"
GAPS_INTRO = "Mapped subcategories below target or not assessed, the most-cited first."
GAPS_NONE = "None: every mapped subcategory is at target."
TH_GAPS = ("Subcategory", "Status", "References it would help show")
EXEC_GAPS = 10


def _readiness(ctx: ReportContext) -> list[tuple[Crosswalk, CrosswalkReadiness]]:
    return [(cw, readiness(cw, ctx.assessment, ctx.scores)) for cw in ctx.options.crosswalks]


def _title(cw: Crosswalk) -> str:
    return cw.title + (OWN if cw.own_mapping else "")


def summary_figures(ctx: ReportContext) -> list[tuple[str, Any]]:
    """One key-figure line per crosswalk for the executive summary."""
    full = not ctx.options.executive  # the executive report has no appendices to point at
    return [summary_figures_for(cw, r, appendix=full) for cw, r in _readiness(ctx)]


def anchors(ctx: ReportContext) -> list[str]:
    """The crosswalk appendices' headings, where "Appendix F" and "Appendix G" lead."""
    return [
        anchor_name("appendix", LETTERS[c.id]) for c in ctx.options.crosswalks if c.id in LETTERS
    ]


def appendices(ctx: ReportContext) -> list[Flowable]:
    """The crosswalk appendices, each on its own page; nothing when none is switched on."""
    out: list[Flowable] = []
    for i, (cw, r) in enumerate(_readiness(ctx)):
        if i:
            out.append(PageBreak())
        out += _appendix(ctx, cw, r)
    return out


def _appendix(ctx: ReportContext, cw: Crosswalk, r: CrosswalkReadiness) -> list[Flowable]:
    st = ctx.styles
    title = APPENDIX.format(letter=LETTERS.get(cw.id, "?"), title=_title(cw))
    intro = (INTRO_OWN if cw.own_mapping else INTRO_PUBLISHED).format(
        name=cw.name, source=cw.source, licence=cw.licence_note
    )
    out: list[Flowable] = [ctx.h1(title), ctx.p(intro, st.muted)]
    if r.scope:
        out.append(ctx.p(SCOPE_LINE.format(scope=r.scope)))
    if r.not_applicable:
        items = "; ".join(f"{k} ({why})" for k, why in r.not_applicable.items())
        out.append(ctx.p(RULED_OUT.format(items=items), st.muted))
    label, value = summary_figures_for(cw, r)
    out += [ctx.kv([(label, value)], 0.27), ctx.p_links(RULE, st.muted)]
    rows: list[list[Any]] = [ctx.head(*TH, right=(1, 2))]
    for ref in r.refs:
        todo = [
            f"{m.subcategory_id} ({STATUS_LABELS[m.status]})"
            for m in ref.subcategories
            if m.status in ("below_target", "not_assessed")
        ]
        rows.append(
            [
                ctx.pm(f"<b>{nb(ref.ref_id)}</b> {markup(ref.label)}", st.cell),
                ctx.cell(ref.coverage.percent() if ref.covered else "—", st.cell_right),
                ctx.cell(
                    f"{ref.coverage.numerator} of {ref.coverage.denominator}"
                    if ref.covered
                    else "",
                    st.cell_right,
                ),
                ctx.cell(NOT_COVERED if not ref.covered else ", ".join(todo) or "—"),
            ]
        )
    out.append(ctx.table(rows, [0.36, 0.12, 0.12, 0.4]))
    out.append(ctx.h2(GAPS.format(title=cw.title)))
    if not r.gaps:
        out.append(ctx.p(GAPS_NONE))
        return out
    out.append(ctx.p(GAPS_INTRO, st.muted))
    gap_rows: list[list[Any]] = [ctx.head(*TH_GAPS)]
    for g in r.gaps[:EXEC_GAPS]:
        status = STATUS_LABELS[g.status]
        if g.gap is not None:
            status += f" by {g.gap}"
        gap_rows.append(
            [ctx.id_title(g.subcategory_id), ctx.cell(status), ctx.cell(", ".join(g.refs))]
        )
    out.append(ctx.table(gap_rows, [0.45, 0.2, 0.35]))
    return out


def summary_figures_for(
    cw: Crosswalk, r: CrosswalkReadiness, *, appendix: bool = True
) -> tuple[str, str]:
    """The key-figure line of one crosswalk: label and value."""
    unit = "articles" if cw.id == "euaia" else "clauses and controls"
    return (
        SUMMARY_LABEL.format(title=_title(cw)),
        SUMMARY_VALUE.format(
            pct=r.overall.percent(),
            n=r.overall.denominator,
            full=r.refs_at_target,
            refs=len(r.refs),
            unit=unit,
            not_covered=SUMMARY_NOT_COVERED.format(n=len(r.refs_not_covered))
            if r.refs_not_covered
            else "",
            where=WHERE.format(letter=LETTERS.get(cw.id, "?")) if appendix else "",
        ),
    )
