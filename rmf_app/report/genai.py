"""The "Generative AI profile" section (full report) and its one-line summary (executive).

Shown only when the Generative AI Profile (NIST AI 600-1) is switched on for the assessment.
The full section gives the action coverage per GAI risk (a chart and a table), the actions not
done for the GAI risks the register rates high, and each action's status by subcategory. The
executive report gets one line and the small chart. Every figure comes from
:func:`rmf_app.domain.overlay_scoring.overlay_scores`, which the dashboard and
``rmf-app info --json`` also show. The strings live here, not in ``text.py``.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from ..domain.overlay_answers import OVERLAY_ACTION_STATUSES, OverlayUse
from ..domain.overlay_scoring import METHOD_VERSION, OverlayScores, RiskCoverage
from .context import ReportContext
from .fonts import SANS, SANS_BOLD
from .parts import nb, word
from .styles import ACCENT, ACCENT_LIGHT, FRAME_WIDTH, INK, MIN_TYPE, MUTED, RULE

SEC_TITLE = "Generative AI profile"
SEC_EXEC_TITLE = "Generative AI profile"
INTRO = (
    "The assessment uses the {title} ({document}; answers given against version {version} of "
    "the profile) as an overlay: "
    "{risks} GAI risks and {actions} suggested actions, each with a status. The overlay adds "
    "these figures and changes none of the core scores. Action coverage is rmf-app's own "
    "method (see the methodology appendix)."
)
OVERALL = (
    "Action coverage: {pct} ({done} of {applicable} applicable actions done); {partly} partly, "
    "{planned} planned, {not_done} not done, {na} N/A, {unanswered} not answered yet."
)
OUT_OF_SCOPE = "{n} actions sit under out-of-scope subcategories and are not counted."
EXEC_LINE = (
    "Generative AI profile: {pct} of applicable actions done ({done} of {applicable}); "
    "{high} rated high in the register, with {open_high} of {its_their} actions not done."
)
EXEC_HIGH_INHERENT = (
    " {n} of them {is_are} high on inherent scores only: no residual rating yet."
)
EXEC_HIGH_INHERENT_ONE = " It is high on inherent scores only: no residual rating yet."
EXEC_LINE_NO_HIGH = (
    "Generative AI profile: {pct} of applicable actions done ({done} of {applicable}); "
    "no GAI risk rated high in the register."
)
H_COVERAGE = "Coverage by GAI risk"
TABLE_NOTE = (
    "Total: in-scope actions tagged with the risk. Open: not answered yet. Covered: done ÷ "
    "(total − N/A)."
)
H_HIGH = "Actions not done for GAI risks rated high"
HIGH_INTRO = (
    "GAI risks linked to a register risk whose band is high or above, and their in-scope "
    "actions whose status is not done, partly, planned or not answered."
)
HIGH_NONE_LINKED = (
    "No GAI risk is rated high: none is linked to a register risk in the high band or above "
    "(add them with “Add risks from the GenAI profile…”)."
)
HIGH_ALL_DONE = "Every action of the GAI risks rated high is done or N/A."
H_STATUS = "Answered actions by subcategory"
STATUS_INTRO = (
    "The suggested actions under the in-scope subcategories that have a status, with their N/A "
    "reason and note. Titles are rmf-app's wording of the NIST actions."
)
STATUS_NONE = "No suggested action under an in-scope subcategory has a status yet."
H_UNANSWERED = "Actions not answered yet"
UNANSWERED_INTRO = (
    "{n} of the {total} suggested actions under the in-scope subcategories have no status yet. "
    "Per subcategory, its actions without a status out of all its actions:"
)
UNANSWERED_ONE = (
    "1 of the {total} suggested actions under the in-scope subcategories has no status yet. "
    "Per subcategory, its actions without a status out of all its actions:"
)
UNANSWERED_NONE = "Every suggested action under the in-scope subcategories has a status."
UNANSWERED_CELL = "{n} of {total}"
TH_SUBCATEGORY = "Subcategory"
TH_NOT_ANSWERED = "Not answered"
#: subcategory / count pairs side by side in the table of unanswered actions
UNANSWERED_PAIRS = 3
TH_RISK = "GAI risk"
TH_ACTIONS = "Total"
TH_DONE = "Done"
TH_PARTLY = "Partly"
TH_PLANNED = "Planned"
TH_NOT_DONE = "Not done"
TH_NA = "N/A"
TH_OPEN = "Open"
TH_COVERAGE = "Covered"
TH_ACTION = "Action"
TH_STATUS = "Status"
TH_NOTE = "Note"
TH_REGISTER = "Register"
UNANSWERED = "Not answered"
HIGH_MARK = " (rated high)"
HIGH_MARK_INHERENT = " (rated high on the inherent score: no residual rating yet)"
REGISTER_INHERENT = "{id} (inherent, no residual rating)"
COVER_LABEL = "Overlays"
COVER_VALUE = "{title} ({document}), version {version}"
METHOD_H = "Generative AI profile: action coverage"
METHOD_TEXT = (
    "Method version {method}. Each suggested action of the Generative AI Profile has a status: "
    "done, partly, planned, not done, N/A (with a reason) or not answered. Actions under "
    "out-of-scope subcategories are left out. Per GAI risk, the in-scope actions tagged with it "
    "are counted by status (an action tagged with several risks counts under each). Action "
    "coverage = done ÷ (in-scope actions − N/A): partly and planned actions are not counted as "
    "covered, and unanswered actions count against coverage. A GAI risk is rated high when a "
    "register risk standing for it has an effective band (residual, else inherent) of high or "
    "above. The overlay adds these figures; the core scores do not read them."
)


def status_label(key: str) -> str:
    return OVERLAY_ACTION_STATUSES.get(key, UNANSWERED)


def _scores(ctx: ReportContext) -> OverlayScores | None:
    """The overlay's figures, computed by the caller with the one overlay scoring function."""
    if ctx.overlay is None:
        return None
    return ctx.overlay_scores


def action_status(use: OverlayUse, action_id: str) -> str:
    """An action's status key, "unanswered" when it has none (a lookup, not a figure)."""
    return use.answer(action_id).status or "unanswered"


def coverage_chart(sc: OverlayScores, width: float, *, compact: bool = False) -> Drawing:
    """A bar per GAI risk: its action coverage on 0–100 %, with the percentage written out."""
    row = 11.0 if compact else 14.0
    label_w = width * 0.42
    bar_w = width - label_w - 40
    height = row * len(sc.risks) + 14
    d = Drawing(width, height)
    d.initialFontName = SANS
    d.initialFontSize = 7
    for i, r in enumerate(sc.risks):
        y = height - 12 - (i + 1) * row + 3
        label = f"{r.number}. {r.title}"
        if len(label) > 48:
            label = label[:47] + "…"
        d.add(String(0, y + 1.5, label, fontName=SANS_BOLD if r.rated_high else SANS, fontSize=7))
        d.add(Rect(label_w, y, bar_w, row - 4, fillColor=None, strokeColor=RULE, strokeWidth=0.4))
        rate = r.counts.coverage.rate
        if rate:
            d.add(Rect(label_w, y, bar_w * rate, row - 4, fillColor=ACCENT, strokeColor=ACCENT))
        d.add(
            String(
                label_w + bar_w + 4,
                y + 1.5,
                r.counts.coverage.percent() + ("  ▲" if r.rated_high else ""),
                fontName=SANS,
                fontSize=7,
                fillColor=INK,
            )
        )
    d.add(String(label_w, height - 8, "0%", fontName=SANS, fontSize=MIN_TYPE, fillColor=MUTED))
    d.add(
        String(
            label_w + bar_w,
            height - 8,
            "100%",
            fontName=SANS,
            fontSize=MIN_TYPE,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    d.add(Rect(label_w + bar_w * 0.5, 2, 0.3, height - 14, strokeColor=ACCENT_LIGHT))
    return d


def genai(ctx: ReportContext) -> list[Flowable]:
    """The full report's section (nothing when the overlay is off)."""
    sc = _scores(ctx)
    if sc is None or ctx.overlay is None:
        return []
    st, a, ov = ctx.styles, ctx.assessment, ctx.overlay
    use = a.overlay(ov.id)
    assert use is not None
    o = sc.overall
    out: list[Flowable] = [
        ctx.h1(SEC_TITLE, "genai"),
        ctx.p(
            INTRO.format(
                title=ov.title,
                document=ov.source.document,
                version=use.version,
                risks=len(ov.risks),
                actions=len(ov.actions),
            )
        ),
        ctx.p(_overall(sc)),
    ]
    if o.out_of_scope:
        out.append(ctx.p(OUT_OF_SCOPE.format(n=o.out_of_scope), st.muted))
    rows: list[list[Any]] = [
        ctx.head(
            TH_RISK,
            TH_ACTIONS,
            TH_DONE,
            TH_PARTLY,
            TH_PLANNED,
            TH_NOT_DONE,
            TH_NA,
            TH_OPEN,
            TH_COVERAGE,
            right=(1, 2, 3, 4, 5, 6, 7, 8),
        )
    ]
    for r in sc.risks:
        c = r.counts
        rows.append(
            [
                ctx.cell(f"{r.number}. {r.title}{_high_mark(r)}"),
                *(
                    ctx.cell(str(v), st.cell_right)
                    for v in (c.total, c.done, c.partly, c.planned, c.not_done, c.na, c.unanswered)
                ),
                ctx.cell(c.coverage.percent(), st.cell_right),
            ]
        )
    out += [
        KeepTogether([ctx.h2(H_COVERAGE, level=1), coverage_chart(sc, FRAME_WIDTH)]),
        ctx.table(rows, [0.3, 0.07, 0.07, 0.08, 0.09, 0.08, 0.06, 0.07, 0.09]),
        ctx.p(TABLE_NOTE, st.note),
        ctx.h2(H_HIGH, level=1),
    ]
    high = [r for r in sc.risks if r.rated_high]
    if not high:
        out.append(ctx.p(HIGH_NONE_LINKED))
    else:
        out.append(ctx.p(HIGH_INTRO, st.muted))
        open_rows: list[list[Any]] = [ctx.head(TH_ACTION, TH_RISK, TH_STATUS, TH_REGISTER)]
        for r in high:
            for act in ov.actions_for_risk(r.risk_id):
                status = action_status(use, act.id)
                if status in ("done", "na") or not a.scope.in_scope(act.subcategory):
                    continue
                open_rows.append(
                    [
                        ctx.pm(f"<b>{nb(act.id)}</b> {_esc(act.title)}", st.cell),
                        ctx.cell(r.title),
                        ctx.cell(status_label(status)),
                        ctx.cell(", ".join(_register_ids(ctx, r))),
                    ]
                )
        if len(open_rows) == 1:
            out.append(ctx.p(HIGH_ALL_DONE))
        else:
            out.append(ctx.table(open_rows, [0.5, 0.22, 0.12, 0.16]))
    out += [ctx.h2(H_STATUS, level=1)]
    answered = [
        sid
        for sid in ov.subcategories_with_actions()
        if a.scope.in_scope(sid)
        and any(action_status(use, x.id) != "unanswered" for x in ov.actions_for(sid))
    ]
    out.append(ctx.p(STATUS_INTRO, st.muted) if answered else ctx.p(STATUS_NONE))
    for sid in answered:
        sub_rows: list[list[Any]] = [ctx.head(TH_ACTION, TH_STATUS, TH_NOTE)]
        for act in ov.actions_for(sid):
            ans = use.answer(act.id)
            status = action_status(use, act.id)
            if status == "unanswered":
                continue
            note = ans.note
            if status == "na":
                note = f"{ans.na_reason}" + (f" — {ans.note}" if ans.note else "")
            sub_rows.append(
                [
                    ctx.pm(f"<b>{nb(act.id)}</b> {_esc(act.title)}", st.cell),
                    ctx.cell(status_label(status)),
                    ctx.cell(note),
                ]
            )
        out += [
            ctx.pm(f"<b>{ctx.ref('sub', sid)}</b> {_esc(ctx.sub_title(sid))}", st.body_small),
            ctx.table(sub_rows, [0.5, 0.13, 0.37]),
        ]
    return out + unanswered_table(ctx, use)


def unanswered_table(ctx: ReportContext, use: OverlayUse) -> list[Flowable]:
    """The actions without a status, counted per in-scope subcategory in one short table
    (subcategory and count pairs side by side) rather than listed one by one."""
    ov, a, st = ctx.overlay, ctx.assessment, ctx.styles
    assert ov is not None
    counts: list[tuple[str, int, int]] = []
    total = 0
    for sid in ov.subcategories_with_actions():
        if not a.scope.in_scope(sid):
            continue
        acts = ov.actions_for(sid)
        total += len(acts)
        n = sum(1 for x in acts if action_status(use, x.id) == "unanswered")
        if n:
            counts.append((sid, n, len(acts)))
    head = ctx.h2(H_UNANSWERED, level=1)
    if not counts:
        return [head, ctx.p(UNANSWERED_NONE)]
    n = sum(c for _, c, _ in counts)
    intro = UNANSWERED_ONE if n == 1 else UNANSWERED_INTRO
    lead = ctx.p(intro.format(n=n, total=total), st.muted)
    k = UNANSWERED_PAIRS
    rows: list[list[Any]] = [
        ctx.head(*[h for _ in range(k) for h in (TH_SUBCATEGORY, TH_NOT_ANSWERED)])
    ]
    per_column = -(-len(counts) // k)
    for i in range(per_column):
        row: list[Any] = []
        for j in range(k):
            index = j * per_column + i
            if index < len(counts):
                sid, c, t = counts[index]
                row += [
                    ctx.pm(f"<b>{nb(sid)}</b>", st.cell),
                    ctx.cell(UNANSWERED_CELL.format(n=c, total=t), st.cell_right),
                ]
            else:
                row += [ctx.cell(""), ctx.cell("")]
        rows.append(row)
    width = 1 / k
    table = ctx.table(rows, [width * 0.55, width * 0.45] * k)
    return [KeepTogether([head, lead, table])]


def genai_executive(ctx: ReportContext) -> list[Flowable]:
    """The executive report's line and small chart (nothing when the overlay is off)."""
    sc = _scores(ctx)
    if sc is None or ctx.overlay is None:
        return []
    use = ctx.assessment.overlay(ctx.overlay.id)
    assert use is not None
    high = [r for r in sc.risks if r.rated_high]
    open_high = {
        act.id
        for r in high
        for act in ctx.overlay.actions_for_risk(r.risk_id)
        if action_status(use, act.id) not in ("done", "na")
        and ctx.assessment.scope.in_scope(act.subcategory)
    }
    o = sc.overall
    line = (EXEC_LINE if high else EXEC_LINE_NO_HIGH).format(
        pct=o.coverage.percent(),
        done=o.done,
        applicable=o.coverage.denominator,
        high=f"{len(high)} GAI risk" + ("" if len(high) == 1 else "s"),
        open_high=len(open_high),
        its_their=word("its_their", len(high)),
    )
    inherent = sum(1 for r in high if r.high_on_inherent_only)
    if inherent and len(high) == 1:
        line += EXEC_HIGH_INHERENT_ONE
    elif inherent:
        line += EXEC_HIGH_INHERENT.format(n=inherent, is_are=word("is_are", inherent))
    return [
        ctx.h1(SEC_EXEC_TITLE, "genai"),
        ctx.p(line),
        coverage_chart(sc, FRAME_WIDTH, compact=True),
    ]


def method(ctx: ReportContext) -> list[Flowable]:
    """The methodology appendix's paragraph on action coverage (when the overlay is on)."""
    if ctx.overlay is None or ctx.assessment.overlay(ctx.overlay.id) is None:
        return []
    return [ctx.h2(METHOD_H), ctx.p(METHOD_TEXT.format(method=METHOD_VERSION))]


def cover_pair(ctx: ReportContext) -> tuple[str, str] | None:
    """The cover's line naming the overlay in use, or None."""
    if ctx.overlay is None:
        return None
    use = ctx.assessment.overlay(ctx.overlay.id)
    if use is None:
        return None
    ov = ctx.overlay
    return COVER_LABEL, COVER_VALUE.format(
        title=ov.title, document=ov.source.document, version=use.version
    )


def has_overlay(ctx: ReportContext) -> bool:
    return (
        ctx.overlay is not None
        and ctx.overlay_scores is not None
        and ctx.assessment.overlay(ctx.overlay.id) is not None
    )


def _high_mark(r: RiskCoverage) -> str:
    """The "rated high" mark, saying so when only inherent scores (no residual rating yet)
    make the GAI risk high."""
    if not r.rated_high:
        return ""
    if r.high_on_inherent_only:
        return HIGH_MARK_INHERENT
    return HIGH_MARK


def _register_ids(ctx: ReportContext, r: RiskCoverage) -> list[str]:
    return [
        REGISTER_INHERENT.format(id=i) if ctx.scores.risk(i).judged_on_inherent else i
        for i in r.register_risks
    ]


def _overall(sc: OverlayScores) -> str:
    o = sc.overall
    return OVERALL.format(
        pct=o.coverage.percent(),
        done=o.done,
        applicable=o.coverage.denominator,
        partly=o.partly,
        planned=o.planned,
        not_done=o.not_done,
        na=o.na,
        unanswered=o.unanswered,
    )


def _esc(text: str) -> str:
    from .fonts import markup

    return markup(text)
