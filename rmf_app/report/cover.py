"""The report's first pages: the cover and, in the full report, the contents.

The cover names the system, its organization and people, the revision and review state, the
kind of report and, once final, the fingerprint; then the draft or final note and the
disclaimer. The contents page is a placeholder the document fills in from the headings.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, Spacer, TableStyle
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tableofcontents import TableOfContents

from ..domain.labels import DEPLOYMENT_OUTCOMES, REVIEW_STATES
from . import genai
from . import text as T
from .context import ReportContext
from .document import ContentsPlaceholder, Heading
from .fonts import SANS, clean, markup
from .parts import clip, date, datetime
from .styles import FRAME_WIDTH, MARGIN_BOTTOM, MARGIN_TOP, PAGE

#: characters of a field the cover prints; longer ones are clipped with an ellipsis and a note
COVER_TITLE_CHARS = 160
COVER_FIELD_CHARS = 200


def cover(ctx: ReportContext) -> list[Flowable]:
    a, st = ctx.assessment, ctx.styles
    prof = a.profile
    sub = [x for x in (prof.version and T.COVER_VERSION.format(version=prof.version),
                       prof.organisation) if x]  # fmt: skip
    kind = T.REPORT_KIND_EXECUTIVE if ctx.options.executive else T.REPORT_KIND_FULL
    if not ctx.options.executive:
        kind += ", " + (
            T.GUIDANCE_INCLUDED if ctx.options.include_guidance else T.GUIDANCE_LEFT_OUT
        )
    decision = a.review.decision
    raw: list[tuple[str, Any]] = [
        (T.COVER_FIELDS["organisation"], prof.organisation or T.NONE),
        (T.COVER_FIELDS["business_unit"], prof.business_unit or T.NONE),
        (T.COVER_FIELDS["owner"], prof.owner or T.NONE),
        (T.COVER_FIELDS["assessment_date"], date(a.assessment_date)),
        (T.COVER_FIELDS["revision"], str(a.revision)),
        (T.COVER_FIELDS["status"], REVIEW_STATES[a.review.state]),
        (T.COVER_FIELDS["assessors"], ", ".join(a.review.assessors) or T.NONE),
        (T.COVER_FIELDS["reviewer"], a.review.reviewer or T.NONE),
        (T.COVER_FIELDS["approver"], a.review.approver or T.NONE),
        (
            T.COVER_FIELDS["decision"],
            DEPLOYMENT_OUTCOMES[decision.outcome] if decision else T.NOT_SET,
        ),
        (T.COVER_FIELDS["kind"], kind),
        (T.COVER_FIELDS["generated"], datetime(ctx.options.generated_at)),
    ]
    overlay_pair = genai.cover_pair(ctx)
    if overlay_pair is not None:
        raw.insert(len(raw) - 2, overlay_pair)
    clipped = len(prof.name) > COVER_TITLE_CHARS or any(
        isinstance(v, str) and len(v) > COVER_FIELD_CHARS for _, v in raw
    )
    pairs: list[tuple[str, Any]] = [
        (k, clip(v, COVER_FIELD_CHARS) if isinstance(v, str) else v) for k, v in raw
    ]
    if a.fingerprint:
        pairs.append((T.COVER_FIELDS["fingerprint"], Paragraph(a.fingerprint, st.mono_small)))
    out: list[Flowable] = [
        Spacer(1, 30 * mm),
        Heading(
            markup(T.COVER_KICKER),
            st.cover_kicker,
            outline=clip(clean(prof.name).replace("\n", " "), 120),
            level=0,
            key="cover",
            toc=False,
        ),
        Spacer(1, 3 * mm),
        ctx.p(clip(prof.name, COVER_TITLE_CHARS), st.cover_title),
    ]
    if sub:
        clipped = clipped or any(len(x) > COVER_FIELD_CHARS for x in sub)
        out.append(ctx.p(" · ".join(clip(x, COVER_FIELD_CHARS) for x in sub), st.cover_subtitle))
    out += [Spacer(1, 14 * mm), ctx.kv(pairs, 0.3), Spacer(1, 8 * mm)]
    note = T.COVER_FINAL_NOTE if a.is_final else T.COVER_DRAFT_NOTE
    out.append(ctx.callout([ctx.p_links(note, st.callout)], warn=not a.is_final))
    out += [Spacer(1, 6 * mm), ctx.p(T.COVER_DISCLAIMER, st.cover_note)]
    if clipped:
        out.append(ctx.p(T.COVER_CLIPPED_NOTE, st.cover_note))
    # the cover is one page whatever the fields hold: shrink what the clipping left too tall
    height = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - 2
    return [KeepInFrame(FRAME_WIDTH, height, out, mode="shrink")]


def contents(ctx: ReportContext) -> list[Flowable]:
    toc = TableOfContents(
        levelStyles=[ctx.styles.toc0, ctx.styles.toc1, ctx.styles.toc2],
        dotsMinLevel=1,
        rightColumnWidth=40,
        tableStyle=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ]
        ),
    )
    return [ctx.h1(T.CONTENTS, toc=False), ContentsPlaceholder(toc), PageBreak()]
