"""What the risk manager decides on (issue #13): the overall opinion, the deployment
conditions, evidence backing, the remediation of each gap and the acceptances.

Blocks the summary, the gap analysis, the methodology appendix and the evidence appendix put in
their place. Every figure comes from ``scores.decision`` (:mod:`rmf_app.domain.decision`); the
words are here.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from ..domain.decision import OPINION_NOT_NIST, OPINION_RULE, DecisionFigures
from ..domain.labels import ACTION_STATUSES
from .context import ReportContext
from .fonts import markup
from .parts import NAME_IN_CELL, clip, date
from .styles import WARN

RED = "#8E1B12"

# -- words --------------------------------------------------------------------------------------
OPINION_HEAD = "Overall opinion"
OPINION_LINE = "{rating}"
OPINION_BY_RULE = "by rmf-app's declared rule (Appendix B)"
OPINION_BY_RULE_EXEC = "by rmf-app's declared rule (stated in the full report, Appendix B)"
OPINION_OVERRIDE = (
    "Set by the reviewer{by}{on}, overriding the rule's result ({computed}). Rationale: "
)
OPINION_OVERRIDE_BY = " {who}"
OPINION_OVERRIDE_ON = " on {date}"
OPINION_REASONS = "Why:"
OPINION_NOT_FORMED_NOTE = (
    "Too little is assessed for an opinion; the other criteria are shown for information only."
)
EFFECT_MARK = {
    "ok": "met",
    "needs_improvement": "needs improvement",
    "unsatisfactory": "unsatisfactory",
    "not_formed": "no opinion",
}
METHOD_OPINION = "Overall opinion"
METHOD_OPINION_INTRO = (
    "The overall opinion is rmf-app's own judgment by the rule below, over the figures of this "
    "report; it is not a NIST rating, tier or certification (AI RMF 1.0 defines none). A reviewer "
    "may override it; the report then shows the reviewer's opinion, the rationale and the rule's "
    "own result."
)

KF_OPINION = "Overall opinion (rmf-app's rule)"
KF_REMEDIATION = "Remediation of gaps"
KF_REMEDIATION_VALUE = (
    "{without} of {gaps} {gap_word} without an action; {overdue} overdue {action_word} on gaps"
)
KF_REMEDIATION_NONE = "no gap to remedy"
KF_REMEDIATION_NONE_YET = "no rated gap yet; {n} in-scope {sub_word} not assessed"
KF_EVIDENCE = "Evidence supports the rating"
KF_EVIDENCE_VALUE = (
    "{backed} of {rated} rated items ({pct}); {unbacked} at-target {item_word} without "
    "evidence{where}"
)
KF_EVIDENCE_WHERE = " (Appendix C)"
KF_CONDITIONS = "Deployment conditions"
KF_CONDITIONS_VALUE = "{n} {action_word}: {done} done, {open} open, {overdue} overdue"
KF_CONDITIONS_NONE = "none recorded"

COND_HEAD = "Conditions of the decision"
COND_NONE = "The decision names no action as a condition."
COND_STATE = {
    "done": "Done",
    "open": "Open",
    "overdue": "OVERDUE",
    "cancelled": "Cancelled",
    "missing": "No longer in the action plan",
}
COND_AT_DECISION = "overdue at decision: due {due}, before the decision of {decided}"
TH_CONDITION = "Condition (action)"
TH_OWNER = "Owner"
TH_DUE = "Due"
TH_STATE = "Status"

EVIDENCE_HEAD = "Evidence supports the rating"
EVIDENCE_INTRO = (
    'How many rated items (answered, or inherited with a level) the team marked "Evidence '
    'supports the rating".'
)
TH_GROUP = "Function"
TH_RATED = "Rated"
TH_BACKED = "Backed by evidence"
TH_SHARE = "Share"
ALL = "All functions"
UNBACKED_HEAD = "At-target ratings without supporting evidence"
UNBACKED_INTRO = (
    "These {n} subcategories are rated at or above their target, but the team did not mark "
    '"Evidence supports the rating": the rating rests on the team\'s word alone.'
)
UNBACKED_NONE = "Every at-target rating is marked as supported by evidence."
TH_SUBCATEGORY = "Subcategory"
TH_LEVEL = "Current / target"
TH_LINKED = "Evidence linked"

NO_ACTION = "NO ACTION"
#: after the action's id
ACTION_LINE = " · {owner} · due {due} · {status}"
OVERDUE = "overdue"
ITEM_OWN = "Subcategory's own owner {owner}, own due date {due}"
GAPS_REMEDIATION = (
    "{without} of the {gaps} {gap_word} {has_have} no action in the plan (marked NO ACTION); "
    "{overdue} overdue {action_word} {sit} on gaps."
)


def _word(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _pct(num: int, den: int) -> str:
    return "—" if den == 0 else f"{int(100 * num / den + 0.5)}%"


def figures(ctx: ReportContext) -> DecisionFigures:
    d = ctx.scores.decision
    assert d is not None, "score() always computes the decision figures"
    return d


# -- summary figures --------------------------------------------------------------------------
def key_figures(ctx: ReportContext) -> list[tuple[str, Any]]:
    """Rows for the summary's key figures: opinion, remediation, evidence, conditions."""
    d = figures(ctx)
    op = d.opinion
    rating = op.label
    gaps = len(ctx.scores.largest_gaps)
    remediation = (
        KF_REMEDIATION_VALUE.format(
            without=len(d.gaps_without_action),
            gaps=gaps,
            gap_word=_word(gaps, "gap", "gaps"),
            overdue=len(d.overdue_on_gaps),
            action_word=_word(len(d.overdue_on_gaps), "action", "actions"),
        )
        if gaps
        else KF_REMEDIATION_NONE_YET.format(
            n=len(ctx.scores.not_assessed),
            sub_word=_word(len(ctx.scores.not_assessed), "subcategory", "subcategories"),
        )
        if ctx.scores.not_assessed
        else KF_REMEDIATION_NONE
    )
    ev = d.evidence_for("ALL")
    unbacked = len(d.at_target_without_evidence)
    evidence = KF_EVIDENCE_VALUE.format(
        backed=ev.backed,
        rated=ev.rated,
        pct=_pct(ev.backed, ev.rated),
        unbacked=unbacked,
        item_word=_word(unbacked, "item", "items"),
        where=KF_EVIDENCE_WHERE if unbacked and not ctx.options.executive else "",
    )
    rows: list[tuple[str, Any]] = [
        (
            KF_OPINION,
            ctx.pm(f"<b>{markup(rating)}</b> — {markup(OPINION_NOT_NIST)}", ctx.styles.cell),
        ),
        (KF_REMEDIATION, remediation),
        (KF_EVIDENCE, evidence),
    ]
    if ctx.assessment.review.decision is not None:
        c = d.conditions
        rows.append(
            (
                KF_CONDITIONS,
                KF_CONDITIONS_VALUE.format(
                    n=len(c),
                    action_word=_word(len(c), "action", "actions"),
                    done=sum(1 for x in c if x.state == "done"),
                    open=sum(1 for x in c if x.state == "open"),
                    overdue=sum(1 for x in c if x.state == "overdue"),
                )
                if c
                else KF_CONDITIONS_NONE,
            )
        )
    return rows


def opinion_block(ctx: ReportContext) -> list[Flowable]:
    """The opinion, the reasons beside it, and that it is no NIST rating."""
    st = ctx.styles
    op = figures(ctx).opinion
    parts: list[Flowable] = [
        ctx.pm(
            f"<b>{markup(op.label)}</b> — "
            + ctx.linked(markup(OPINION_BY_RULE_EXEC if ctx.options.executive else OPINION_BY_RULE))
            if not op.overridden
            else f"<b>{markup(op.label)}</b>",
            st.callout,
        )
    ]
    if op.overridden:
        head = OPINION_OVERRIDE.format(
            by=OPINION_OVERRIDE_BY.format(who=op.override_by) if op.override_by else "",
            on=OPINION_OVERRIDE_ON.format(date=date(op.override_on)) if op.override_on else "",
            computed=op.computed_label,
        )
        parts.append(ctx.p(head + op.override_rationale, st.callout))
    lines = []
    for r in op.reasons:
        mark = EFFECT_MARK[r.effect]
        colour = "" if r.effect == "ok" else f' color="{RED}"'
        text = ctx.link_ids(markup(r.text))  # the risks and actions it names, as links
        lines.append(f"• <font{colour}><b>{markup(mark)}</b></font>: {text}")
    if op.computed == "not_formed":
        parts += [Spacer(1, 2), ctx.p(OPINION_NOT_FORMED_NOTE, st.callout)]
    parts += [Spacer(1, 2), ctx.pm("<br/>".join(lines), st.callout), Spacer(1, 2)]
    parts.append(ctx.p(OPINION_NOT_NIST, st.muted))
    return [ctx.h2(OPINION_HEAD), ctx.callout(parts, warn=op.rating != "satisfactory")]


def conditions_block(ctx: ReportContext) -> list[Flowable]:
    """Each condition of the decision with its status, overdue ones in red."""
    st = ctx.styles
    dec = ctx.assessment.review.decision
    if dec is None:
        return []
    conds = figures(ctx).conditions
    if not conds:
        return [Spacer(1, 3), ctx.p(COND_NONE, st.muted)]
    actions = {x.id: x for x in ctx.assessment.actions}
    rows: list[list[Any]] = [ctx.head(TH_CONDITION, TH_OWNER, TH_DUE, TH_STATE)]
    flagged = []
    for c in conds:
        x = actions.get(c.action_id)
        state = markup(COND_STATE[c.state])
        if c.state in ("overdue", "missing"):
            state = f'<font color="{RED}"><b>{state}</b></font>'
            flagged.append(len(rows))
        if c.overdue_at_decision:
            state += "<br/>" + markup(
                COND_AT_DECISION.format(due=date(c.due_date), decided=date(dec.decided_on))
            )
        title = f"<b>{ctx.ref('action', c.action_id)}</b>" + (
            f" {markup(clip(x.title, NAME_IN_CELL))}" if x else ""
        )
        rows.append(
            [
                ctx.pm(title, st.cell),
                ctx.cell(clip(x.owner, NAME_IN_CELL) if x and x.owner else "—"),
                ctx.cell(date(c.due_date)),
                ctx.pm(state, st.cell),
            ]
        )
    extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
    return [
        Spacer(1, 4),
        ctx.p(COND_HEAD, st.h4),
        ctx.table(rows, [0.45, 0.2, 0.12, 0.23], extra=extra),
    ]


def evidence_block(ctx: ReportContext) -> list[Flowable]:
    """Evidence backing per function and overall."""
    d = figures(ctx)
    st = ctx.styles
    rows: list[list[Any]] = [ctx.head(TH_GROUP, TH_RATED, TH_BACKED, TH_SHARE, right=(1, 2, 3))]
    for e in d.evidence:
        bold = e.id == "ALL"
        rows.append(
            [
                ctx.cell(ALL if bold else e.id, st.cell_bold if bold else st.cell),
                ctx.cell(str(e.rated), st.cell_right),
                ctx.cell(str(e.backed), st.cell_right),
                ctx.cell(_pct(e.backed, e.rated), st.cell_right),
            ]
        )
    return [
        ctx.h2(EVIDENCE_HEAD),
        ctx.p(EVIDENCE_INTRO, st.muted),
        ctx.table(rows, [0.4, 0.2, 0.2, 0.2]),
    ]


def unbacked_appendix(ctx: ReportContext) -> list[Flowable]:
    """The at-target items without supporting evidence (in the evidence appendix)."""
    ids = figures(ctx).at_target_without_evidence
    st = ctx.styles
    out: list[Flowable] = [ctx.h2(UNBACKED_HEAD)]
    if not ids:
        return [*out, ctx.p(UNBACKED_NONE)]
    out.append(ctx.p(UNBACKED_INTRO.format(n=len(ids)), st.muted))
    a = ctx.assessment
    rows: list[list[Any]] = [ctx.head(TH_SUBCATEGORY, TH_LEVEL, TH_LINKED)]
    for sid in ids:
        r = a.response(sid)
        linked = [e.id for e in a.evidence if sid in e.subcategories]
        rows.append(
            [
                ctx.id_title(sid),
                ctx.cell(f"{r.current} / {a.effective_target(sid)}"),
                ctx.pm(ctx.refs("evidence", linked) or "—", st.cell),
            ]
        )
    out.append(ctx.table(rows, [0.6, 0.15, 0.25]))
    return out


# -- gaps ---------------------------------------------------------------------------------------
def remediation_intro(ctx: ReportContext) -> str:
    d = figures(ctx)
    n = len(d.overdue_on_gaps)
    without, gaps = len(d.gaps_without_action), len(ctx.scores.largest_gaps)
    return GAPS_REMEDIATION.format(
        without=without,
        gaps=gaps,
        gap_word=_word(gaps, "gap", "gaps"),
        has_have=_word(without, "has", "have"),
        overdue=n,
        action_word=_word(n, "action", "actions"),
        sit=_word(n, "sits", "sit"),
    )


def actions_cell(ctx: ReportContext, sid: str) -> Any:
    """The actions on one gap: id, owner, due date, status; overdue in red with the word; no
    action flagged."""
    rem = figures(ctx).remediation_for(sid)
    if not rem.actions:
        return ctx.pm(f'<font color="{RED}"><b>{markup(NO_ACTION)}</b></font>', ctx.styles.cell)
    a = ctx.assessment
    lines = []
    for aid in rem.actions:
        x = a.action(aid)
        text = ctx.ref("action", x.id) + markup(
            ACTION_LINE.format(
                owner=clip(x.owner, NAME_IN_CELL) if x.owner else "—",
                due=date(x.due_date),
                status=ACTION_STATUSES[x.status],
            )
        )
        if aid in rem.overdue:
            text = f'<font color="{RED}">{text} · <b>{markup(OVERDUE)}</b></font>'
        lines.append(text)
    return ctx.pm("<br/>".join(lines), ctx.styles.cell)


def subcategory_cell(ctx: ReportContext, sid: str) -> Any:
    """The subcategory, with its own owner and due date (labeled as its own) where set."""
    cell = ctx.id_title(sid)
    r = ctx.assessment.response(sid)
    if not (r.owner or r.due_date):
        return cell
    own = ITEM_OWN.format(
        owner=clip(r.owner, NAME_IN_CELL) if r.owner else "—", due=date(r.due_date)
    )
    return ctx.pm(
        cell.text + f'<br/><font color="#5D6D7E" size="7">{markup(own)}</font>', ctx.styles.cell
    )


def has_flagged(ctx: ReportContext, ids: list[str]) -> list[int]:
    """Rows (1-based, after the header) of gaps without an action or with an overdue one."""
    d = figures(ctx)
    return [
        i + 1
        for i, sid in enumerate(ids)
        if not d.remediation_for(sid).actions or d.remediation_for(sid).overdue
    ]


# -- methodology --------------------------------------------------------------------------------
def method_opinion(ctx: ReportContext) -> list[Flowable]:
    rows = [(name, rule) for name, rule in OPINION_RULE]
    return [ctx.h2(METHOD_OPINION), ctx.p(METHOD_OPINION_INTRO), ctx.kv(rows, 0.24)]
