"""The "Results in charts" section, in both the full and the executive report.

Maturity by function and by category, the trustworthiness-characteristic radar and the
inherent and residual risk heat maps, each with its heading and note. The drawings themselves
are made in :mod:`rmf_app.report.charts`.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..domain.scoring import PROVISIONAL_BELOW
from . import text as T
from .charts import band_legend, category_bars, function_bars, heatmap, radar
from .context import ReportContext
from .fonts import SANS
from .parts import join, some_ids, word
from .styles import FRAME_WIDTH


def charts(ctx: ReportContext) -> list[Flowable]:
    s, st, a = ctx.scores, ctx.styles, ctx.assessment
    w = FRAME_WIDTH
    tol = a.profile.risk_tolerance
    inherent = heatmap(s.inherent_heatmap, T.CH_INHERENT, a.risk_bands, tol, w / 2)
    residual = heatmap(s.residual_heatmap, T.CH_RESIDUAL, a.risk_bands, tol, w / 2)
    pair = Table([[inherent, residual]], colWidths=[w / 2, w / 2], hAlign="LEFT")
    pair.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    heat: list[Flowable] = [
        ctx.h2(T.CH_HEAT, level=1),
        pair,
        Spacer(1, 2 * mm),
        band_legend(a.risk_bands, tol, w),
    ]
    unrated = sum(1 for r in s.risks if r.residual_score is None)
    if unrated:
        heat.append(
            ctx.p(
                T.CH_NO_RESIDUAL.format(
                    n=unrated, risk_word=word("risk", unrated), is_are=word("is_are", unrated)
                ),
                st.note,
            )
        )
    pct = round(PROVISIONAL_BELOW * 100)
    fn_block: list[Flowable] = [ctx.h2(T.CH_FUNCTIONS, level=1), function_bars(s.functions, w)]
    provisional = [g.id for g in s.functions if g.provisional]
    if provisional:
        fn_block.append(
            ctx.p(T.CH_PROVISIONAL_NOTE.format(groups=join(provisional), pct=pct), st.note)
        )
    cat_block: list[Flowable] = [
        ctx.h2(T.CH_CATEGORIES, level=1),
        category_bars(s.categories, w),
        ctx.p_links(T.CH_BARS_NOTE, st.note),
    ]
    provisional = [g.id for g in s.categories if g.provisional]
    if provisional:
        cat_block.append(
            ctx.p(
                T.CH_PROVISIONAL_NOTE.format(groups=join(some_ids(provisional, 8)), pct=pct),
                st.note,
            )
        )
    return [
        ctx.h1(T.SEC_CHARTS, "charts"),
        KeepTogether(fn_block),
        KeepTogether(cat_block),
        KeepTogether(
            [
                ctx.h2(T.CH_CHARACTERISTICS, level=1),
                radar(s.characteristics, w),
                ctx.p(T.CH_RADAR_NOTE, st.note),
            ]
        ),
        KeepTogether(heat),
    ]
