"""The risk register or, in the executive report, the top risks.

The register table, then each risk's details: description, treatment, links and acceptance.
:func:`top_risks` orders risks by residual, then inherent score; :func:`risk_table` and it
also serve the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable

from ..domain.assessment import Risk
from ..domain.labels import RISK_STATUSES, TREATMENTS
from ..domain.scoring import RiskScore
from . import text as T
from .context import ReportContext
from .fonts import markup
from .parts import anchor_name, date
from .styles import WARN

EXEC_RISKS = 8


def risks(ctx: ReportContext) -> list[Flowable]:
    a, s, st = ctx.assessment, ctx.scores, ctx.styles
    executive = ctx.options.executive
    title = T.SEC_RISKS_EXEC if executive else T.SEC_RISKS
    out: list[Flowable] = [ctx.h1(title, "risks")]
    if not a.risks:
        return [*out, ctx.p(T.RISKS_NONE)]
    intro = T.RISKS_INTRO.format(tolerance=a.profile.risk_tolerance)
    if executive:
        top = top_risks(ctx)[:EXEC_RISKS]
        out += [
            ctx.p(T.RISKS_EXEC_INTRO.format(n=len(top), total=len(a.risks)), st.muted),
            risk_table(ctx, top, compact=True),
            Spacer(1, 2 * mm),
            ctx.p_links(intro, st.note),
        ]
        return out
    out += [
        ctx.p_links(intro, st.muted),
        risk_table(ctx, [(r, s.risk(r.id)) for r in a.risks], compact=False),
        ctx.h2(T.RISK_DETAILS),
    ]
    for r in a.risks:
        out += risk_detail(ctx, r, s.risk(r.id))
    return out


def anchors(ctx: ReportContext) -> list[str]:
    """The full report's register rows, where references to a risk lead (the executive
    report's top risks are no register)."""
    if ctx.options.executive:
        return []
    return [anchor_name("risk", r.id) for r in ctx.assessment.risks]


def risk_detail(ctx: ReportContext, r: Risk, rs: RiskScore) -> list[Flowable]:
    st = ctx.styles
    head = f"<b>{markup(r.id)}</b>  {markup(r.title)}"
    if rs.at_or_above_tolerance:
        flag = T.ABOVE_TOLERANCE_FLAG_INHERENT if rs.judged_on_inherent else T.ABOVE_TOLERANCE_FLAG
        head += f'  <font color="#8E1B12" size="7.5">[{markup(flag)}]</font>'
    pairs: list[tuple[str, Any]] = []
    f = T.RISK_FIELDS
    if r.description.strip():
        pairs.append((f["description"], r.description))
    if r.affected.strip():
        pairs.append((f["affected"], r.affected))
    if r.characteristics:
        pairs.append((f["characteristics"], ", ".join(r.characteristics)))
    if r.treatment_notes.strip():
        pairs.append((f["treatment_notes"], r.treatment_notes))
    if r.subcategories:
        pairs.append((f["subcategories"], ctx.pm(ctx.refs("sub", r.subcategories), st.cell)))
    acts = [x.id for x in ctx.assessment.actions if r.id in x.risks]
    if acts:
        pairs.append((f["actions"], ctx.pm(ctx.refs("action", acts), st.cell)))
    if r.acceptance is not None:
        acc = r.acceptance
        on = T.ACCEPTANCE_ON.format(date=date(acc.accepted_on)) if acc.accepted_on else ""
        role = T.ACCEPTANCE_ROLE.format(role=acc.role) if acc.role else ""
        pairs.append(
            (
                f["acceptance"],
                T.ACCEPTANCE_TEXT.format(
                    who=acc.accepted_by, role=role, on=on, review=date(acc.review_by)
                )
                + acc.rationale,
            )
        )
    elif rs.at_or_above_tolerance or r.treatment == "accept":
        pairs.append((f["acceptance"], T.NOT_ACCEPTED))
    decision = ctx.scores.decision
    problems = [i.text for i in decision.acceptance_issues if i.risk_id == r.id] if decision else []
    if problems and r.acceptance is not None:
        pairs.append((f["acceptance_problem"], "; ".join(problems)))
    body = ctx.kv(pairs, 0.22) if pairs else Spacer(1, 0)
    return [ctx.pm(head, st.h4), body]


def risk_table(
    ctx: ReportContext, pairs: Sequence[tuple[Risk, RiskScore]], *, compact: bool
) -> Table:
    st = ctx.styles
    heads = [T.TH_ID, T.TH_RISK, T.TH_INHERENT, T.TH_RESIDUAL, T.TH_TREATMENT]
    widths = [0.08, 0.31, 0.155, 0.155, 0.12]
    if not compact:
        heads += [T.TH_OWNER, T.TH_STATUS]
        widths = [0.075, 0.255, 0.14, 0.14, 0.115, 0.14, 0.135]
    else:
        heads.append(T.TH_OWNER)
        widths.append(0.18)
    rows: list[list[Any]] = [ctx.head(*heads)]
    flagged = []
    for r, rs in pairs:
        residual_li = (
            (r.residual_likelihood, r.residual_impact)
            if r.residual_likelihood is not None and r.residual_impact is not None
            else None
        )
        # the register is where references to a risk lead; a shorter list links to it
        rid = ctx.anchor("risk", r.id) + markup(r.id) if not compact else ctx.ref("risk", r.id)
        row = [
            ctx.pm(rid, st.cell_bold),
            ctx.cell(r.title),
            risk_band_cell(ctx, rs.inherent_score, rs.inherent_band, (r.likelihood, r.impact)),
            risk_band_cell(ctx, rs.residual_score, rs.residual_band, residual_li),
            ctx.cell(TREATMENTS[r.treatment] if r.treatment else T.NONE),
            ctx.cell(r.owner or T.NONE),
        ]
        if not compact:
            row.append(ctx.cell(RISK_STATUSES[r.status]))
        if rs.at_or_above_tolerance:
            flagged.append(len(rows))
        rows.append(row)
    extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
    return ctx.table(rows, widths, extra=extra)


def top_risks(ctx: ReportContext) -> list[tuple[Risk, RiskScore]]:
    pairs = [(r, ctx.scores.risk(r.id)) for r in ctx.assessment.risks]
    order = {r.id: i for i, r in enumerate(ctx.assessment.risks)}
    pairs.sort(
        key=lambda p: (
            -(p[1].residual_score if p[1].residual_score is not None else p[1].inherent_score),
            -p[1].inherent_score,
            order[p[0].id],
        )
    )
    return pairs


def risk_band_cell(
    ctx: ReportContext, score: int | None, band: str | None, li: tuple[int, int] | None
) -> Paragraph:
    if score is None or band is None or li is None:
        return ctx.cell(T.RISK_NO_RESIDUAL, ctx.styles.cell)
    return ctx.pm(
        f"<b>{markup(T.RISK_SCORE.format(score=score, band=band))}</b><br/>"
        f'<font size="7">{markup(T.RISK_LI.format(likelihood=li[0], impact=li[1]))}</font>',
        ctx.styles.cell,
    )
