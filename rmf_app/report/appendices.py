"""Appendices A to D of the full report.

A: scope and exclusions, with every reason, N/A justification and inherited source. B: the
methodology and scales (maturity, definitions, risk bands, likelihood and impact). C: the
evidence index with SHA-256 digests. D: the sign-off block. Appendix E is in
:mod:`rmf_app.report.provenance`.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from ..domain import framework
from ..domain.assessment import Evidence
from ..domain.labels import (
    DEPLOYMENT_OUTCOMES,
    IMPACT_SCALE,
    LIKELIHOOD_SCALE,
    MATURITY_LEVELS,
    REVIEW_STATES,
)
from . import decision as D
from . import genai
from . import text as T
from .context import ReportContext
from .fonts import SANS, clean, markup
from .parts import anchor_name, appendix_anchor, date, datetime, nb, size, url_lines
from .styles import ACCENT, FRAME_WIDTH, PANEL, grid_table_style


def appendix_scope(ctx: ReportContext) -> list[Flowable]:
    a, s, st = ctx.assessment, ctx.scores, ctx.styles
    out: list[Flowable] = [ctx.h1(T.APP_SCOPE), ctx.p(T.SCOPE_INTRO, st.muted)]
    out.append(ctx.h2(T.SCOPE_EXCLUDED))
    if a.scope.exclusions:
        rows: list[list[Any]] = [ctx.head(T.TH_ITEM, T.TH_REASON)]
        for e in sorted(a.scope.exclusions, key=lambda e: _scope_order(e.item_id)):
            if framework.is_category_id(e.item_id):
                subs = ", ".join(framework.subcategories_of_category(e.item_id))
                item = ctx.pm(
                    f"<b>{nb(e.item_id)}</b> {markup(ctx.playbook.category(e.item_id).title)}"
                    f"<br/>{markup(T.SCOPE_WHOLE_CATEGORY.format(ids=subs))}",
                    st.cell,
                )
            else:
                item = ctx.id_title(e.item_id)
            rows.append([item, ctx.cell(e.reason)])
        out.append(ctx.table(rows, [0.35, 0.65]))
    else:
        out.append(ctx.p(T.SCOPE_EXCLUDED_NONE))
    out.append(ctx.h2(T.SCOPE_NA))
    if s.not_applicable:
        rows = [ctx.head(T.TH_SUBCATEGORY, T.TH_JUSTIFICATION)]
        for sid in s.not_applicable:
            rows.append([ctx.id_title(sid), ctx.cell(a.response(sid).na_justification)])
        out.append(ctx.table(rows, [0.35, 0.65]))
    else:
        out.append(ctx.p(T.SCOPE_NA_NONE))
    out.append(ctx.h2(T.SCOPE_INHERITED))
    if s.inherited:
        rows = [ctx.head(T.TH_SUBCATEGORY, T.TH_SOURCE)]
        for sid in s.inherited:
            rows.append([ctx.id_title(sid), ctx.cell(a.response(sid).inherited_from)])
        out.append(ctx.table(rows, [0.35, 0.65]))
    else:
        out.append(ctx.p(T.SCOPE_INHERITED_NONE))
    if a.profile.scope_notes.strip():
        out.append(ctx.h2(T.SCOPE_NOTES))
        out += ctx.blocks(a.profile.scope_notes)
    return out


def appendix_method(ctx: ReportContext) -> list[Flowable]:
    a, s, st = ctx.assessment, ctx.scores, ctx.styles
    out: list[Flowable] = [
        ctx.h1(T.APP_METHOD),
        ctx.p(T.METHOD_INTRO.format(method=s.method_version)),
        ctx.h2(T.METHOD_SCALE),
        ctx.p(T.METHOD_SCALE_TEXT.format(default=a.default_target)),
    ]
    rows: list[list[Any]] = [ctx.head(T.TH_LEVEL, T.TH_NAME, T.TH_MEANING)]
    for lvl, (name, meaning) in MATURITY_LEVELS.items():
        rows.append([ctx.cell(str(lvl), st.cell_bold), ctx.cell(name), ctx.cell(meaning)])
    out.append(ctx.table(rows, [0.08, 0.22, 0.7]))
    out.append(ctx.h2(T.METHOD_DEFS))
    out.append(ctx.kv(list(T.METHOD_DEFINITIONS), 0.24))
    out += D.method_opinion(ctx)
    out.append(ctx.h2(T.METHOD_BANDS))
    rows = [ctx.head(T.TH_BAND, T.TH_SCORES, "")]
    tol_rank = a.risk_bands.rank(a.profile.risk_tolerance)
    for i, b in enumerate(a.risk_bands.bands):
        rows.append(
            [
                ctx.cell(b.name, st.cell_bold),
                ctx.cell(T.BAND_RANGE.format(lo=b.min_score, hi=b.max_score)),
                ctx.cell(T.TOLERANCE_MARK if i == tol_rank else ""),
            ]
        )
    out.append(ctx.table(rows, [0.3, 0.3, 0.4]))
    out.append(ctx.h2(T.METHOD_SCALES))
    rows = [ctx.head(T.TH_LEVEL, T.CH_LIKELIHOOD, T.CH_IMPACT)]
    for k in range(1, 6):
        rows.append(
            [
                ctx.cell(str(k), st.cell_bold),
                ctx.cell(LIKELIHOOD_SCALE[k]),
                ctx.cell(IMPACT_SCALE[k]),
            ]
        )
    out.append(ctx.table(rows, [0.1, 0.45, 0.45]))
    out += genai.method(ctx)
    return out


#: the evidence index's columns (they add up to 1): id, evidence, kind (file or link), date
EVIDENCE_WIDTHS = (0.075, 0.45, 0.35, 0.125)
#: the left and right padding of a cell in the house table (``grid_table_style``)
CELL_PADDING = 4


def evidence_anchors(ctx: ReportContext) -> list[str]:
    """Appendix C's heading and rows, where references to evidence lead."""
    name = appendix_anchor(T.APP_EVIDENCE)
    assert name is not None
    return [name, *(anchor_name("evidence", e.id) for e in ctx.assessment.evidence)]


def appendix_evidence(ctx: ReportContext) -> list[Flowable]:
    a, st = ctx.assessment, ctx.styles
    out: list[Flowable] = [ctx.h1(T.APP_EVIDENCE), ctx.p(T.EVIDENCE_INTRO, st.muted)]
    if not a.evidence:
        return [*out, ctx.p(T.EVIDENCE_NONE), *D.unbacked_appendix(ctx)]
    rows: list[list[Any]] = [ctx.head(T.TH_ID, T.TH_EVIDENCE, T.TH_KIND, T.TH_EFFECTIVE)]
    spans: list[tuple[Any, ...]] = []
    for e in a.evidence:
        rows.append(
            [
                ctx.pm(ctx.anchor("evidence", e.id) + markup(e.id), st.cell_bold),
                evidence_cell(ctx, e),
                evidence_kind(ctx, e),
                ctx.cell(date(e.effective_date)),
            ]
        )
        if e.attachment is not None:
            i = len(rows)
            rows.append(
                [
                    "",
                    ctx.pm(
                        f'<font name="{SANS}" size="7">{markup(T.EVIDENCE_SHA)}</font>'
                        + e.attachment.sha256,
                        st.mono_small,
                    ),
                    "",
                    "",
                ]
            )
            spans += [
                ("SPAN", (1, i), (3, i)),
                ("LINEABOVE", (1, i), (3, i), 0, PANEL),
                ("TOPPADDING", (0, i), (-1, i), 0),
            ]
    t = ctx.table(rows, list(EVIDENCE_WIDTHS), style=grid_table_style(zebra=False), extra=spans)
    out.append(t)
    out += D.unbacked_appendix(ctx)
    return out


def evidence_cell(ctx: ReportContext, e: Evidence) -> Paragraph:
    parts = [f"<b>{markup(e.title)}</b>"]
    if e.description.strip():
        parts.append(markup(e.description))
    if e.subcategories:
        parts.append(
            f'<font color="#5D6D7E">{markup(T.EVIDENCE_FOR)}'
            + ctx.refs("sub", e.subcategories)
            + "</font>"
        )
    return ctx.pm("<br/>".join(parts), ctx.styles.cell)


def evidence_kind(ctx: ReportContext, e: Evidence) -> Paragraph:
    parts = []
    if e.attachment is not None:
        att = e.attachment
        parts.append(
            markup(
                T.EVIDENCE_FILE.format(name=att.filename, media=att.media_type, size=size(att.size))
            )
        )
    if e.url:
        # the link itself is clickable (the annotation carries the URL exactly as typed); a
        # long one is broken after its slashes, never mid-word
        url = clean(e.url)
        href = escape(url, {'"': "&quot;"})
        st = ctx.styles.cell
        width = FRAME_WIDTH * EVIDENCE_WIDTHS[2] - 2 * CELL_PADDING
        first = width - stringWidth(T.EVIDENCE_LINK, st.fontName, st.fontSize)
        lines = url_lines(url, first, width, st.fontName, st.fontSize)
        text = "<br/>".join(markup(x) for x in lines)
        parts.append(markup(T.EVIDENCE_LINK) + f'<a href="{href}">{text}</a>')
    return ctx.pm("<br/>".join(parts) or T.NONE, ctx.styles.cell)


def appendix_signoff(ctx: ReportContext) -> list[Flowable]:
    a, st = ctx.assessment, ctx.styles
    rv = a.review
    state = REVIEW_STATES[rv.state].lower()
    intro = (
        T.SIGNOFF_INTRO_FINAL.format(when=datetime(rv.finalized_at))
        if a.is_final
        else T.SIGNOFF_INTRO_DRAFT.format(state=state)
    )
    out: list[Flowable] = [ctx.h1(T.APP_SIGNOFF), ctx.p(intro, st.muted)]
    out.append(ctx.h2(T.SIGNOFF_ROLES))
    out.append(
        ctx.kv(
            [
                (T.COVER_FIELDS["assessors"], ", ".join(rv.assessors) or T.NONE),
                (T.COVER_FIELDS["reviewer"], rv.reviewer or T.NONE),
                (T.COVER_FIELDS["approver"], rv.approver or T.NONE),
                (
                    T.COVER_FIELDS["decision"],
                    (DEPLOYMENT_OUTCOMES[rv.decision.outcome] + ". " + rv.decision.rationale)
                    if rv.decision
                    else T.NOT_SET,
                ),
            ]
        )
    )
    out.append(ctx.h2(T.SIGNOFF_RECORDED))
    if rv.signatures:
        rows: list[list[Any]] = [ctx.head(T.TH_ROLE, T.TH_NAME, T.TH_SIGNED, T.TH_STATEMENT)]
        for sig in rv.signatures:
            rows.append(
                [
                    ctx.cell(T.SIGNOFF_ROLE_NAMES[sig.role], st.cell_bold),
                    ctx.cell(sig.name),
                    ctx.cell(datetime(sig.signed_at)),
                    ctx.cell(sig.statement or T.NONE),
                ]
            )
        out.append(ctx.table(rows, [0.12, 0.2, 0.18, 0.5]))
    else:
        out.append(ctx.p(T.SIGNOFF_NONE))
    if not a.is_final:
        signed = {sig.role for sig in rv.signatures}
        todo = [
            (role, name)
            for role, name in (("reviewer", rv.reviewer), ("approver", rv.approver))
            if role not in signed
        ]
        if todo:
            out.append(ctx.h2(T.SIGNOFF_TO_SIGN))
            rows = [ctx.head(T.TH_ROLE, T.TH_NAME, T.TH_SIGNATURE, T.TH_DATE)]
            for role, name in todo:
                rows.append(
                    [
                        ctx.cell(T.SIGNOFF_ROLE_NAMES[role], st.cell_bold),
                        ctx.cell(name or ""),
                        "",
                        "",
                    ]
                )
            t = ctx.table(
                rows,
                [0.14, 0.3, 0.36, 0.2],
                style=grid_table_style(zebra=False),
                extra=[
                    ("ROWPADDING", (0, 1), (-1, -1), 0),
                    ("TOPPADDING", (0, 1), (-1, -1), 16),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 16),
                    ("LINEBELOW", (2, 1), (3, -1), 0.8, ACCENT),
                ],
            )
            out.append(t)
    return out


def _scope_order(item_id: str) -> int:
    if framework.is_subcategory_id(item_id):
        return framework.order_key(item_id)
    first = framework.subcategories_of_category(item_id)[0]
    return framework.order_key(first) - 1
