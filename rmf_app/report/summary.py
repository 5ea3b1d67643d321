"""Section 1, the executive summary: the figures, and the same findings in words.

Key figures, the generated findings (templates in :mod:`rmf_app.report.sentences`), results by
function, the deployment decision, the largest gaps, the items not assessed, the top risks, the
risks at or above the tolerance with their acceptance, and where the figures come from. The
executive report leaves the gap and risk tables to its own sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer, Table
from reportlab.platypus.flowables import Flowable

from ..domain.labels import DEPLOYMENT_OUTCOMES
from ..domain.scoring import GroupScore, RiskScore
from . import charts, crosswalks
from . import decision as D
from . import sentences as S
from . import text as T
from .context import ReportContext
from .fonts import markup
from .gaps import gap_table
from .parts import clip, date, join, some_ids, word
from .risks import risk_table, top_risks
from .styles import ACCENT, WARN

SUMMARY_GAPS = 5
SUMMARY_RISKS = 5
NOT_ASSESSED_LISTED = 12


def summary(ctx: ReportContext) -> list[Flowable]:
    a, s, st = ctx.assessment, ctx.scores, ctx.styles
    o = s.overall
    excluded = len(s.out_of_scope)
    above = [r for r in s.risks if r.at_or_above_tolerance]
    unaccepted = [r for r in above if not r.accepted]
    open_actions = [x for x in a.actions if x.status not in ("done", "cancelled")]
    below = s.largest_gaps
    out: list[Flowable] = [ctx.h1(T.SEC_SUMMARY, "summary")]

    figures: list[tuple[str, Any]] = [
        (
            T.KF_SCOPE,
            T.KF_SCOPE_VALUE.format(in_scope=o.in_scope, total=o.total)
            + " — "
            + T.KF_SCOPE_NOTE.format(excluded=excluded, na=o.not_applicable, inherited=o.inherited),
        ),
        (
            T.KF_COMPLETION,
            T.KF_COMPLETION_VALUE.format(
                pct=o.completion.percent(),
                num=o.completion.numerator,
                den=o.completion.denominator,
            ),
        ),
        (
            T.KF_AT_TARGET,
            T.KF_AT_TARGET_VALUE.format(
                pct=o.at_target.percent(),
                num=o.at_target.numerator,
                den=o.at_target.denominator,
            ),
        ),
        (T.KF_SPLIT, split_figure(o)),
        (T.KF_GAPS, str(len(below)) if o.rated else T.KF_NOT_RATED_YET),
        (T.KF_NOT_ASSESSED, str(len(s.not_assessed))),
        (T.KF_RISKS, risk_figure(ctx, len(above), len(unaccepted))),
        (
            T.KF_ACTIONS,
            T.KF_ACTIONS_VALUE.format(
                n=len(a.actions), open=len(open_actions), overdue=len(s.overdue_actions)
            ),
        ),
        *crosswalks.summary_figures(ctx),
        (
            T.KF_DECISION,
            DEPLOYMENT_OUTCOMES[a.review.decision.outcome] if a.review.decision else T.NOT_SET,
        ),
    ]
    figures += D.key_figures(ctx)
    # report text only: its "Appendix A" and "section 4" become links
    figures = [(k, ctx.cell_links(v) if isinstance(v, str) else v) for k, v in figures]
    out += [ctx.kv(figures, 0.27), Spacer(1, 4 * mm)]
    out += D.opinion_block(ctx)
    out.append(ctx.h2(T.SUM_FINDINGS))
    out += [ctx.pm(x) for x in findings(ctx)]

    # results by function
    out += [ctx.h2(T.SUM_BY_FUNCTION), function_table(ctx)]
    out += D.evidence_block(ctx)

    # decision
    out.append(ctx.h2(T.SUM_DECISION))
    dec = a.review.decision
    if dec is None:
        out.append(ctx.callout([ctx.p(T.SUM_DECISION_NONE, st.callout)], warn=True))
    else:
        by = (
            T.SUM_DECISION_BY.format(who=dec.decided_by or T.NONE, date=date(dec.decided_on))
            if dec.decided_on
            else T.SUM_DECISION_BY_NO_DATE.format(who=dec.decided_by or T.NONE)
        )
        out.append(
            ctx.callout(
                [
                    ctx.pm(
                        f"<b>{markup(DEPLOYMENT_OUTCOMES[dec.outcome])}.</b> "
                        + markup(dec.rationale),
                        st.callout,
                    ),
                    Spacer(1, 2),
                    ctx.p(by, st.muted),
                ],
                warn=dec.outcome != "proceed",
            )
        )
        out += D.conditions_block(ctx)

    # gaps and not assessed
    if not ctx.options.executive:
        out.append(ctx.h2(T.SUM_TOP_GAPS))
        if below:
            out.append(gap_table(ctx, below[:SUMMARY_GAPS]))
            if len(below) > SUMMARY_GAPS:
                out.append(Spacer(1, 3))
                out.append(
                    ctx.p_links(
                        T.SUM_GAPS_MORE.format(
                            n=len(below) - SUMMARY_GAPS, section=ctx.numbers["gaps"]
                        ),
                        st.muted,
                    )
                )
        else:
            out.append(ctx.p(T.GAPS_NONE))
    out.append(ctx.h2(T.SUM_NOT_ASSESSED))
    if s.not_assessed and not o.rated:
        out.append(ctx.p(T.SUM_NOT_ASSESSED_ALL.format(n=len(s.not_assessed))))
    elif s.not_assessed:
        ids = some_ids(s.not_assessed, NOT_ASSESSED_LISTED)
        out.append(ctx.pm(ctx.link_ids(markup(T.SUM_NOT_ASSESSED_LIST.format(ids=join(ids))))))
        blank = s.inherited_without_level
        if blank:
            text = T.SUM_NOT_ASSESSED_INHERITED.format(
                ids=join(some_ids(blank, NOT_ASSESSED_LISTED)), is_are=word("is_are", len(blank))
            )
            out.append(ctx.pm(ctx.link_ids(markup(text))))
    else:
        out.append(ctx.p(T.SUM_NOT_ASSESSED_NONE))

    # risks
    if not ctx.options.executive:
        out.append(ctx.h2(T.SUM_TOP_RISKS))
        top = top_risks(ctx)[:SUMMARY_RISKS]
        if top:
            out.append(
                ctx.p_links(
                    T.SUM_TOP_RISKS_INTRO.format(
                        n=len(top), total=len(a.risks), section=ctx.numbers["risks"]
                    ),
                    st.muted,
                )
            )
            out.append(risk_table(ctx, top, compact=True))
        else:
            out.append(ctx.p(T.RISKS_NONE))
    out.append(ctx.h2(T.SUM_ABOVE_TOLERANCE))
    accepted_below = [
        r
        for r in s.risks
        if not r.at_or_above_tolerance
        and (a.risk(r.risk_id).treatment == "accept" or a.risk(r.risk_id).acceptance)
    ]
    if above or accepted_below:
        out.append(acceptance_table(ctx, [*above, *accepted_below]))
    else:
        out.append(ctx.p(T.SUM_ABOVE_TOLERANCE_NONE.format(tolerance=a.profile.risk_tolerance)))

    method = T.SUM_METHOD_TEXT.format(method=s.method_version, today=date(ctx.today))
    out += [
        CondPageBreak(35 * mm),
        ctx.h2(T.SUM_METHOD),
        ctx.callout([ctx.p_links(method, st.callout)]),
    ]
    return out


def split_figure(g: GroupScore) -> str:
    """The four-way split of the items in scope (they always add up)."""
    text = T.KF_SPLIT_VALUE.format(
        in_scope=g.in_scope,
        at=g.at_target.numerator,
        below=g.below_target,
        missing=g.not_assessed,
        na=g.not_applicable,
    )
    if g.inherited_without_level:
        text += T.KF_SPLIT_INHERITED.format(n=g.inherited_without_level)
    return text


def function_table(ctx: ReportContext) -> Table:
    """Results by function: the four-way split of each function's items in scope (which adds
    up to its in-scope count), the at-target rate and the means with what they rest on."""
    s, st = ctx.scores, ctx.styles
    rows: list[list[Any]] = [
        ctx.head(
            T.TH_FUNCTION,
            T.TH_IN_SCOPE,
            T.TH_AT_TARGET_N,
            T.TH_BELOW_N,
            T.TH_NOT_ASSESSED_N,
            T.TH_NA_N,
            T.TH_RATE,
            T.TH_MEAN_RATED,
            T.TH_MEAN_TARGET,
            right=range(1, 9),
        )
    ]
    for g in [*s.functions, s.overall]:
        bold = g.id == "ALL"
        name = T.ALL_FUNCTIONS if bold else f"{g.id} — {ctx.playbook.function(g.id).title}"
        cs = st.cell_bold if bold else st.cell
        rows.append(
            [
                ctx.cell(name, cs),
                *[
                    ctx.cell(v, st.cell_right)
                    for v in (
                        str(g.in_scope),
                        str(g.at_target.numerator),
                        str(g.below_target),
                        str(g.not_assessed),
                        str(g.not_applicable),
                        g.at_target.percent(),
                        T.MEAN_RATED_CELL.format(
                            mean=charts._fmt(g.mean_current), rated=g.rated, applicable=g.applicable
                        ),
                        charts._fmt(g.mean_target),
                    )
                ],
            ]
        )
    return ctx.table(
        rows,
        [0.19, 0.085, 0.08, 0.08, 0.1, 0.055, 0.1, 0.2, 0.08],
        extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)],
    )


def risk_figure(ctx: ReportContext, above: int, unaccepted: int) -> str:
    n, tol = len(ctx.scores.risks), ctx.assessment.profile.risk_tolerance
    if not above:
        return T.KF_RISKS_NONE_ABOVE.format(n=n, tolerance=tol)
    tail = (
        T.KF_RISKS_UNACCEPTED.format(unaccepted=unaccepted)
        if unaccepted
        else T.KF_RISKS_ALL_ACCEPTED
    )
    unrated = sum(1 for r in ctx.scores.risks if r.at_or_above_tolerance and r.judged_on_inherent)
    return T.KF_RISKS_VALUE.format(
        n=n,
        above=above,
        tolerance=tol,
        unrated=T.KF_RISKS_UNRATED.format(n=unrated) if unrated else "",
        tail=tail,
    )


def findings(ctx: ReportContext) -> list[str]:
    """A few generated sentences (markup) that state the main numbers in words."""
    a, s = ctx.assessment, ctx.scores
    o = s.overall
    sys_name = markup(clip(a.profile.name, 120))
    paras: list[str] = []

    excluded = len(s.out_of_scope)
    if excluded:
        template = S.S_SCOPE
        kw: dict[str, object] = {
            "in_scope": o.in_scope,
            "total": o.total,
            "n": excluded,
            "was_were": word("was_were", excluded),
        }
    else:
        template, kw = S.S_SCOPE_NOTHING_EXCLUDED, {"total": o.total}
    pre, post = template.split("{system}", 1)
    scope = [markup(pre.format(**kw)) + f"<b>{sys_name}</b>" + markup(post.format(**kw))]
    tails = []
    if o.not_applicable:
        tails.append(S.S_NA.format(n=o.not_applicable, was_were=word("was_were", o.not_applicable)))
    if o.inherited:
        tails.append(S.S_INHERITED.format(n=o.inherited, is_are=word("is_are", o.inherited)))
    if tails:
        scope.append(markup(S.S_IN_SCOPE_LEAD + join(tails) + S.S_SCOPE_END))
    if excluded or o.not_applicable:
        scope.append(ctx.linked(markup(S.S_REASONS)))
    paras.append(" ".join(scope))

    result = []
    if o.at_target.denominator and not o.rated:
        paras.append(markup(S.S_NOT_ASSESSED_AT_ALL.format(n=o.not_assessed)))
        paras.append(ctx.link_ids(markup(" ".join(risk_sentences(ctx)))))
        return paras
    if o.completion.numerator == o.completion.denominator:
        result.append(S.S_COMPLETE)
    else:
        missing = len(s.not_assessed)
        blank = o.inherited_without_level
        result.append(
            S.S_INCOMPLETE.format(
                done=o.completion.numerator,
                in_scope=o.in_scope,
                pct=o.completion.percent(),
                missing=missing,
                is_are=word("is_are", missing),
                counts=word("counts", missing),
                inherited=S.S_INCOMPLETE_INHERITED.format(n=blank) if blank else "",
            )
        )
    if o.at_target.denominator:
        result.append(
            S.S_AT_TARGET.format(
                reaches=word("reaches", o.at_target.numerator),
                its_their=word("its_their", o.at_target.numerator),
                num=o.at_target.numerator,
                den=o.at_target.denominator,
                pct=o.at_target.percent(),
            )
        )
        result += function_sentences([g for g in s.functions if g.at_target.denominator])
    else:
        result.append(S.S_AT_TARGET_NONE)
    below = s.largest_gaps
    if below:
        size = below[0].gap
        biggest = [g.subcategory_id for g in below if g.gap == size]
        shown = some_ids(biggest, 4)
        result.append(
            S.S_GAPS.format(
                n=len(below),
                subcat_word=word("subcat", len(below)),
                is_are=word("is_are", len(below)),
                size=size,
                level_word=word("level", size),
                ids=join(shown),
            )
        )
    else:
        result.append(S.S_NO_GAPS)
    if o.not_assessed or o.not_applicable:
        result.append(
            S.S_SPLIT.format(
                at=o.at_target.numerator,
                is_are=word("is_are", o.at_target.numerator),
                below=o.below_target,
                missing=o.not_assessed,
                na=S.S_SPLIT_NA.format(na=o.not_applicable) if o.not_applicable else "",
            )
        )
    paras.append(ctx.link_ids(markup(" ".join(result))))
    paras.append(ctx.link_ids(markup(" ".join(risk_sentences(ctx)))))
    return paras


def function_sentences(fns: list[GroupScore]) -> list[str]:
    """The strongest and weakest functions, naming every function tied at either end; a
    function with nothing rated is said to be unassessed, never the weakest."""
    rated = [g for g in fns if g.rated]
    unrated = [g.id for g in fns if not g.rated]
    out = []
    if len(rated) == 1:
        only = rated[0]
        out.append(S.S_FUNCTION_ONLY.format(fn=only.id, pct=only.at_target.percent()))
    elif rated:
        best_pct = max(rated, key=_rate).at_target.percent()
        worst_pct = min(rated, key=_rate).at_target.percent()
        best = [g.id for g in rated if g.at_target.percent() == best_pct]
        worst = [g.id for g in rated if g.at_target.percent() == worst_pct]
        if best_pct == worst_pct:
            if len(rated) == 4:
                out.append(S.S_FUNCTIONS_EVEN.format(pct=best_pct))
            else:
                out.append(S.S_FUNCTIONS_TIED.format(fns=join(best), pct=best_pct))
        else:
            out.append(
                S.S_FUNCTIONS_SPREAD.format(
                    best=join(best),
                    is_are=word("is_are", len(best)),
                    function_word=word("function", len(best)),
                    best_pct=best_pct,
                    worst=join(worst),
                    worst_pct=worst_pct,
                )
            )
    if unrated and rated:
        out.append(S.S_FUNCTIONS_UNASSESSED.format(fns=join(unrated)))
    return out


def _rate(g: GroupScore) -> float:
    return g.at_target.rate or 0.0


def risk_sentences(ctx: ReportContext) -> list[str]:
    """The findings' third paragraph: risks, actions and the decision."""
    a, s = ctx.assessment, ctx.scores
    risk: list[str] = []
    tol = a.profile.risk_tolerance
    if not s.risks:
        risk.append(S.S_RISKS_NONE)
    else:
        risk.append(S.S_RISKS.format(n=len(s.risks), risk_word=word("risk", len(s.risks))))
        above = [r for r in s.risks if r.at_or_above_tolerance]
        if not above:
            risk.append(S.S_ABOVE_NONE.format(tolerance=tol))
        else:
            accepted = sum(1 for r in above if r.accepted)
            if accepted == len(above):
                clause = S.S_ABOVE_ALL_ONE if accepted == 1 else S.S_ABOVE_ALL_MANY
            elif accepted == 0:
                clause = S.S_ABOVE_NONE_ONE if len(above) == 1 else S.S_ABOVE_NONE_MANY
            else:
                clause = S.S_ABOVE_SOME.format(
                    accepted=accepted, has_have=word("has_have", accepted)
                )
            unrated = sum(1 for r in above if r.judged_on_inherent)
            treated = len(above) - unrated
            if not unrated:
                template = S.S_ABOVE
            elif not treated:
                template = S.S_ABOVE_INHERENT
            else:
                template = S.S_ABOVE_MIXED
            risk.append(
                template.format(
                    n=len(above),
                    treated=treated,
                    unrated=unrated,
                    is_are=word("is_are", treated if unrated and treated else len(above)),
                    has_have=word("has_have", unrated),
                    its_their=word("its_their", unrated),
                    tolerance=tol,
                    clause=clause,
                )
            )
            missing_acc = [r.risk_id for r in above if not r.accepted]
            if missing_acc:
                risk.append(
                    S.S_ABOVE_UNACCEPTED.format(
                        ids=join(missing_acc), needs=word("needs", len(missing_acc))
                    )
                )
    if not a.actions:
        risk.append(S.S_ACTIONS_NONE)
    else:
        open_n = sum(1 for x in a.actions if x.status not in ("done", "cancelled"))
        sentence = S.S_ACTIONS.format(
            n=len(a.actions), action_word=word("action", len(a.actions)), open=open_n
        )
        od = len(s.overdue_actions)
        if od:
            sentence += S.S_ACTIONS_OVERDUE.format(
                overdue=od, is_are=word("is_are", od), today=date(ctx.today)
            )
        else:
            sentence += S.S_ACTIONS_NOT_OVERDUE.format(today=date(ctx.today))
        risk.append(sentence)
    dec = a.review.decision
    risk.append(
        S.S_DECISION.format(outcome=DEPLOYMENT_OUTCOMES[dec.outcome].lower())
        if dec
        else S.S_DECISION_NONE
    )
    return risk


def acceptance_table(ctx: ReportContext, above: Sequence[RiskScore]) -> Table:
    st = ctx.styles
    rows: list[list[Any]] = [
        ctx.head(T.TH_ID, T.TH_RISK, T.TH_RESIDUAL, T.TH_ACCEPTANCE),
    ]
    warn_rows = []
    issues: dict[str, list[str]] = {}
    for issue in D.figures(ctx).acceptance_issues:
        issues.setdefault(issue.risk_id, []).append(issue.text)
    for rs in above:
        r = ctx.assessment.risk(rs.risk_id)
        score = rs.residual_score if rs.residual_score is not None else rs.inherent_score
        band = rs.effective_band
        template = T.RISK_NOT_RATED_INHERENT if rs.judged_on_inherent else T.RISK_SCORE
        if not rs.at_or_above_tolerance:
            band += T.BELOW_TOLERANCE_ACCEPT
        if r.acceptance is not None:
            acc_ = r.acceptance
            who = acc_.accepted_by + (f" ({acc_.role})" if acc_.role else "")
            text = markup(
                T.ACCEPTED_BY_ON.format(
                    who=who,
                    on=date(acc_.accepted_on) if acc_.accepted_on else T.NOT_SET,
                    date=date(acc_.review_by),
                )
            )
            text += "<br/>" + (f'<font color="#5D6D7E">{markup(clip(acc_.rationale, 400))}</font>')
            for problem in issues.get(r.id, []):
                text += f'<br/><font color="#8E1B12"><b>{markup(problem)}</b></font>'
            acc: Flowable = ctx.pm(text, st.cell)
            if r.id in issues:
                warn_rows.append(len(rows))
        else:
            acc = ctx.cell(T.NOT_ACCEPTED, st.cell_bold)
            warn_rows.append(len(rows))
        rows.append(
            [
                ctx.pm(ctx.ref("risk", r.id), st.cell_bold),
                ctx.cell(r.title),
                ctx.cell(template.format(score=score, band=band)),
                acc,
            ]
        )
    extra = [("TEXTCOLOR", (3, i), (3, i), WARN) for i in warn_rows]
    return ctx.table(rows, [0.08, 0.36, 0.18, 0.38], extra=extra)
