"""Where the report comes from: Appendix E, and the executive report's closing note.

The provenance facts (app and reportlab versions, framework, content pack, scoring method,
assessment id, revision, fonts), the fingerprint, whether the content still matches it and how
to recompute it; the executive report ends with a short "About this report" made of the same
facts.
"""

from __future__ import annotations

from typing import Any

import reportlab
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from .. import __version__
from ..domain import canonical
from ..domain.labels import REVIEW_STATES
from . import text as T
from .context import ReportContext
from .fonts import fonts, markup
from .parts import datetime


def appendix_provenance(ctx: ReportContext) -> list[Flowable]:
    st = ctx.styles
    pairs: list[tuple[str, Any]] = [(T.PROV_FIELDS[k], v) for k, v in provenance(ctx).items()]
    pairs = [(k, ctx.cell_links(v) if k == T.PROV_FIELDS["method"] else v) for k, v in pairs]
    out: list[Flowable] = [
        ctx.h1(T.APP_PROVENANCE),
        ctx.p(T.PROV_INTRO, st.muted),
        ctx.kv(pairs),
        ctx.h2(T.PROV_FINGERPRINT),
    ]
    out += fingerprint_block(ctx, short=False)
    out.append(ctx.p(T.PROV_DETERMINISTIC, st.note))
    return out


def provenance(ctx: ReportContext) -> dict[str, str]:
    """Provenance facts keyed as in ``text.PROV_FIELDS``."""
    a, s = ctx.assessment, ctx.scores
    kind = T.REPORT_KIND_EXECUTIVE if ctx.options.executive else T.REPORT_KIND_FULL
    if not ctx.options.executive:
        kind += ", " + (
            T.GUIDANCE_INCLUDED if ctx.options.include_guidance else T.GUIDANCE_LEFT_OUT
        )
    return {
        "generated": datetime(ctx.options.generated_at),
        "kind": kind,
        "app": T.PROV_APP.format(version=__version__, reportlab=reportlab.Version),
        "framework": T.PROV_FRAMEWORK,
        "content": T.PROV_CONTENT.format(id=a.playbook.id, version=a.playbook.version),
        "content_printed": T.PROV_CONTENT.format(id=ctx.playbook.id, version=ctx.playbook.version),
        "method": T.PROV_METHOD.format(version=s.method_version),
        "assessment": a.id,
        "revision": f"{a.revision}, {REVIEW_STATES[a.review.state].lower()}",
        "created": datetime(a.created_at),
        "finalised": datetime(a.review.finalized_at),
        "fonts": fonts().describe(),
    }


def about_executive(ctx: ReportContext) -> list[Flowable]:
    """The executive report's short provenance: where the figures come from, the fingerprint."""
    st = ctx.styles
    facts = provenance(ctx)
    keep = ("generated", "app", "framework", "content", "method", "revision")
    pairs: list[tuple[str, Any]] = [(T.PROV_FIELDS[k], facts[k]) for k in keep]
    a = ctx.assessment
    pairs.append(
        (
            T.COVER_FIELDS["fingerprint"],
            Paragraph(a.fingerprint, st.mono_small) if a.fingerprint else T.PROV_NO_FP_SHORT,
        )
    )
    out: list[Flowable] = [ctx.h2(T.SEC_ABOUT, level=0), ctx.kv(pairs), Spacer(1, 2 * mm)]
    if a.fingerprint:
        out += fingerprint_block(ctx, short=True)
    out.append(ctx.p(T.ABOUT_FULL_REPORT, st.note))
    return out


def fingerprint_block(ctx: ReportContext, *, short: bool) -> list[Flowable]:
    a, st = ctx.assessment, ctx.styles
    if not a.fingerprint:
        return [] if short else [ctx.p(T.PROV_NO_FINGERPRINT)]
    out: list[Flowable] = []
    if not short:
        out.append(Paragraph(a.fingerprint, st.mono))
    actual = canonical.fingerprint(a)
    if actual == a.fingerprint:
        out.append(ctx.p(T.PROV_FP_CHECK_OK, st.muted))
    else:
        out.append(ctx.p(T.PROV_FP_CHECK_BAD.format(actual=actual), st.warn))
    if short:
        return out
    out.append(ctx.p(T.PROV_FP_TEXT))
    steps = "<br/>".join(markup(x.format(revision=a.revision)) for x in T.PROV_FP_STEPS)
    out.append(ctx.callout([Paragraph(steps, st.mono)]))
    out.append(Spacer(1, 3))
    out.append(ctx.p(T.PROV_FP_OTHER_OS, st.muted))
    return out
