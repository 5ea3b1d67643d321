"""The full report's action plan.

One row per action: owner, due date, status (overdue ones flagged as of the report's date),
priority and the subcategories and risks it answers.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from ..domain.labels import ACTION_STATUSES
from . import text as T
from .context import ReportContext
from .fonts import markup
from .parts import anchor_name, date
from .styles import WARN


def anchors(ctx: ReportContext) -> list[str]:
    """The action plan's rows, where references to an action lead."""
    return [anchor_name("action", x.id) for x in ctx.assessment.actions]


def actions(ctx: ReportContext) -> list[Flowable]:
    a, s, st = ctx.assessment, ctx.scores, ctx.styles
    out: list[Flowable] = [ctx.h1(T.SEC_ACTIONS, "actions")]
    if not a.actions:
        return [*out, ctx.p(T.ACTIONS_NONE)]
    out.append(ctx.p(T.ACTIONS_INTRO.format(today=date(ctx.today)), st.muted))
    overdue = set(s.overdue_actions)
    rows: list[list[Any]] = [
        ctx.head(T.TH_ID, T.TH_ACTION, T.TH_OWNER, T.TH_DUE, T.TH_STATUS, T.TH_PRIORITY, T.TH_LINKS)
    ]
    flagged = []
    for x in a.actions:
        body = f"<b>{markup(x.title)}</b>"
        if x.description.strip():
            body += "<br/>" + markup(x.description)
        status = markup(ACTION_STATUSES[x.status])
        if x.id in overdue:
            status += f'<br/><font color="#8E1B12"><b>{markup(T.OVERDUE)}</b></font>'
            flagged.append(len(rows))
        links = [
            *(ctx.ref("sub", y) for y in x.subcategories),
            *(ctx.ref("risk", y) for y in x.risks),
        ]
        rows.append(
            [
                ctx.pm(ctx.anchor("action", x.id) + markup(x.id), st.cell_bold),
                ctx.pm(body, st.cell),
                ctx.cell(x.owner or T.NONE),
                ctx.cell(date(x.due_date)),
                ctx.pm(status, st.cell),
                ctx.cell((x.priority or T.NONE).capitalize()),
                ctx.pm("<br/>".join(links) or markup(T.NONE), st.cell),
            ]
        )
    extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
    out.append(ctx.table(rows, [0.08, 0.32, 0.13, 0.12, 0.115, 0.095, 0.14], extra=extra))
    return out
