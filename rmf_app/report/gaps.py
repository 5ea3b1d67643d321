"""The gap analysis or, in the executive report, the largest gaps.

Every rated subcategory below its target, then the items not assessed; the executive report
shows the first ten. :func:`gap_table` also gives the summary its top rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Table
from reportlab.platypus.flowables import Flowable

from ..domain.scoring import Gap
from . import decision as D
from . import text as T
from .context import ReportContext
from .fonts import markup
from .parts import date, level_text, signed
from .styles import WARN

EXEC_GAPS = 10


def gaps(ctx: ReportContext) -> list[Flowable]:
    s, st = ctx.scores, ctx.styles
    executive = ctx.options.executive
    below = s.largest_gaps
    title = T.SEC_GAPS_EXEC if executive else T.SEC_GAPS
    out: list[Flowable] = [ctx.h1(title, "gaps")]
    if not s.overall.rated and s.not_assessed:
        where = T.GAPS_NOTHING_RATED_SUMMARY if executive else T.GAPS_NOTHING_RATED_BELOW
        text = T.GAPS_NOTHING_RATED.format(n=len(s.not_assessed), where=where)
        out.append(ctx.p_links(text))
    elif not below:
        out.append(ctx.p(T.GAPS_NONE))
    elif executive:
        shown = below[:EXEC_GAPS]
        out += [
            ctx.p(
                (
                    T.GAPS_EXEC_INTRO_ONE
                    if len(below) == 1
                    else T.GAPS_EXEC_INTRO_ALL
                    if len(shown) == len(below)
                    else T.GAPS_EXEC_INTRO
                ).format(n=len(shown), total=len(below))
                + " "
                + D.remediation_intro(ctx),
                st.muted,
            ),
            gap_table(ctx, shown),
        ]
    else:
        out += [
            ctx.p(T.GAPS_INTRO + " " + D.remediation_intro(ctx), st.muted),
            gap_table(ctx, below),
        ]
    if not executive:
        out.append(ctx.h2(T.GAPS_NOT_ASSESSED))
        if not s.not_assessed:
            out.append(ctx.p(T.GAPS_NOT_ASSESSED_NONE))
        else:
            rows: list[list[Any]] = [
                ctx.head(T.TH_SUBCATEGORY, T.TH_TARGET, T.TH_PRIORITY, T.TH_OWNER, T.TH_DUE)
            ]
            for sid in s.not_assessed:
                r = ctx.assessment.response(sid)
                item: Flowable = ctx.id_title(sid)
                if r.applicability == "inherited":
                    item = ctx.pm(
                        item.text
                        + "<br/>"
                        + markup(T.GAPS_INHERITED_NO_LEVEL.format(source=r.inherited_from)),
                        st.cell,
                    )
                rows.append(
                    [
                        item,
                        ctx.cell(level_text(ctx.assessment.effective_target(sid))),
                        ctx.cell((r.priority or T.NONE).capitalize()),
                        ctx.cell(r.owner or T.NONE),
                        ctx.cell(date(r.due_date)),
                    ]
                )
            out.append(ctx.table(rows, [0.4, 0.15, 0.1, 0.2, 0.15]))
    return out


def gap_table(ctx: ReportContext, gaps: Sequence[Gap]) -> Table:
    """The gaps with the actions on each (owner, due date, status; overdue in red with the
    word), "NO ACTION" where none is planned; a bar marks both."""
    st = ctx.styles
    rows: list[list[Any]] = [
        ctx.head(
            T.TH_SUBCATEGORY,
            T.TH_CURRENT,
            T.TH_TARGET,
            T.TH_GAP,
            T.TH_PRIORITY,
            T.TH_ACTIONS,
            right=(3,),
        )
    ]
    for g in gaps:
        r = ctx.assessment.response(g.subcategory_id)
        rows.append(
            [
                D.subcategory_cell(ctx, g.subcategory_id),
                ctx.cell(level_text(g.current)),
                ctx.cell(level_text(g.target)),
                ctx.cell(signed(g.gap), st.cell_right),
                ctx.cell((r.priority or T.NONE).capitalize()),
                D.actions_cell(ctx, g.subcategory_id),
            ]
        )
    flagged = D.has_flagged(ctx, [g.subcategory_id for g in gaps])
    extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
    return ctx.table(rows, [0.245, 0.13, 0.13, 0.085, 0.09, 0.32], extra=extra)
