"""The full report's "Changes since revision N": what changed from the latest final revision
kept in the file to the state reported on.

The changes are computed by the caller (``services.export`` with
:func:`rmf_app.domain.diff.diff`) and passed in through the context; this module only lays
them out: the counts and the trend figures first, then a table per kind of change.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from ..domain.diff import AssessmentDiff, RegisterDiff
from .context import ReportContext
from .fonts import markup

SEC_CHANGES = "Changes since revision {n}"
INTRO = (
    "What changed from final revision {old} ({old_state}) to revision {new} ({new_state}) "
    "reported here: the counts and headline figures first, then each change. Values are "
    "shown as before → after."
)
NO_CHANGES = "Nothing changed since revision {n}."
H_COUNTS = "Changes by kind"
H_TRENDS = "Headline figures"
H_SUBCATEGORIES = "Maturity, target and applicability"
H_SCOPE = "Scope"
H_RISKS = "Risks"
H_ACTIONS = "Actions"
H_EVIDENCE = "Evidence"
H_DECISION = "Deployment decision and review"
H_SIGNOFFS = "Sign-offs"
TH_KIND = "Kind of change"
TH_COUNT = "Count"
TH_FIGURE = "Figure"
TH_THEN = "Revision {n}"
TH_NOW = "Now"
TH_ITEM = "Item"
TH_CHANGE = "Change"
TH_BEFORE = "Before"
TH_AFTER = "After"
TH_ID = "ID"
TH_TITLE = "Title"
TH_DETAIL = "What changed"
SCOPE_WORDS = {"excluded": "Left out of scope", "included": "Brought back into scope"}
ADDED, REMOVED, CLOSED, CHANGED = "Added", "Removed", "Closed", "Changed"
SIGNOFF_ADDED, SIGNOFF_REMOVED = "Added", "Removed"


def has_changes(ctx: ReportContext) -> bool:
    """The section applies when the file keeps an earlier final revision."""
    return ctx.changes is not None


def changes(ctx: ReportContext) -> list[Flowable]:
    d = ctx.changes
    if d is None:
        return []
    st = ctx.styles
    out: list[Flowable] = [ctx.h1(SEC_CHANGES.format(n=d.old_revision))]
    out.append(
        ctx.p(
            INTRO.format(
                old=d.old_revision, old_state=d.old_state, new=d.new_revision, new_state=d.new_state
            ),
            st.muted,
        )
    )
    out += _summary(ctx, d)
    if d.total == 0:
        return [*out, ctx.p(NO_CHANGES.format(n=d.old_revision))]
    if d.subcategories:
        rows: list[list[Any]] = [ctx.head(TH_ITEM, TH_CHANGE, TH_BEFORE, TH_AFTER)]
        for c in d.subcategories:
            rows.append(
                [
                    ctx.pm(f"<b>{ctx.ref('sub', c.subcategory_id)}</b>", st.cell),
                    ctx.cell(c.field.capitalize()),
                    ctx.cell(c.old),
                    ctx.cell(c.new),
                ]
            )
        out += [ctx.h2(H_SUBCATEGORIES), ctx.table(rows, [0.2, 0.3, 0.25, 0.25])]
    if d.scope:
        rows = [ctx.head(TH_ITEM, TH_CHANGE, TH_DETAIL)]
        for s in d.scope:
            rows.append(
                [
                    ctx.pm(f"<b>{ctx.ref('sub', s.item_id)}</b>", st.cell),
                    ctx.cell(SCOPE_WORDS[s.change]),
                    ctx.cell(s.reason),
                ]
            )
        out += [ctx.h2(H_SCOPE), ctx.table(rows, [0.2, 0.25, 0.55])]
    for title, kind, reg in (
        (H_RISKS, "risk", d.risks),
        (H_ACTIONS, "action", d.actions),
        (H_EVIDENCE, "evidence", d.evidence),
    ):
        out += _register(ctx, title, kind, reg)
    if d.decision:
        rows = [ctx.head(TH_ITEM, TH_BEFORE, TH_AFTER)]
        for f in d.decision:
            rows.append([ctx.cell(f.field.capitalize()), ctx.cell(f.old), ctx.cell(f.new)])
        out += [ctx.h2(H_DECISION), ctx.table(rows, [0.2, 0.4, 0.4])]
    if d.signoffs_added or d.signoffs_removed:
        rows = [ctx.head(TH_CHANGE, TH_DETAIL)]
        rows += [[ctx.cell(SIGNOFF_ADDED), ctx.cell(x)] for x in d.signoffs_added]
        rows += [[ctx.cell(SIGNOFF_REMOVED), ctx.cell(x)] for x in d.signoffs_removed]
        out += [ctx.h2(H_SIGNOFFS), ctx.table(rows, [0.2, 0.8])]
    return out


def _summary(ctx: ReportContext, d: AssessmentDiff) -> list[Flowable]:
    counts = [(k, n) for k, n in d.counts().items() if n]
    out: list[Flowable] = []
    if counts:
        rows: list[list[Any]] = [ctx.head(TH_KIND, TH_COUNT, right=[1])]
        rows += [
            [ctx.cell(k.capitalize()), ctx.cell(str(n), ctx.styles.cell_right)] for k, n in counts
        ]
        out += [ctx.h2(H_COUNTS), ctx.table(rows, [0.4, 0.12])]
    rows = [ctx.head(TH_FIGURE, TH_THEN.format(n=d.old_revision), TH_NOW, right=[1, 2])]
    for t in d.trends:
        rows.append(
            [
                ctx.cell(t.name),
                ctx.cell(
                    f"{t.old.percent()} ({t.old.numerator} of {t.old.denominator})",
                    ctx.styles.cell_right,
                ),
                ctx.cell(
                    f"{t.new.percent()} ({t.new.numerator} of {t.new.denominator})",
                    ctx.styles.cell_right,
                ),
            ]
        )
    out += [ctx.h2(H_TRENDS), ctx.table(rows, [0.3, 0.22, 0.22])]
    return out


def _register(ctx: ReportContext, title: str, kind: str, reg: RegisterDiff) -> list[Flowable]:
    st = ctx.styles
    rows: list[list[Any]] = [ctx.head(TH_ID, TH_TITLE, TH_CHANGE, TH_DETAIL)]
    for word, refs in ((ADDED, reg.added), (REMOVED, reg.removed)):
        for r in refs:
            rows.append(
                [
                    ctx.pm(ctx.ref(kind, r.id), st.cell_bold),
                    ctx.cell(r.title),
                    ctx.cell(word),
                    ctx.cell(""),
                ]
            )
    for word, items in ((CLOSED, reg.closed), (CHANGED, reg.changed)):
        for i in items:
            detail = "<br/>".join(
                f"<b>{markup(f.field.capitalize())}</b>: {markup(f.old)} → {markup(f.new)}"
                for f in i.changes
            )
            rows.append(
                [
                    ctx.pm(ctx.ref(kind, i.id), st.cell_bold),
                    ctx.cell(i.title),
                    ctx.cell(word),
                    ctx.pm(detail, st.cell),
                ]
            )
    if len(rows) == 1:
        return []
    return [ctx.h2(title), ctx.table(rows, [0.1, 0.3, 0.12, 0.48])]
