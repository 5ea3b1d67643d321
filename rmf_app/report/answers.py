"""The full report's detailed responses: every answer, subcategory by subcategory.

Function, then category, then subcategory: each with its status strip (current, target, gap,
applicability, evidence, owner, due, priority), the playbook's guidance when asked for, the
notes, the question checklist and the linked evidence, risks and actions.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..domain import framework
from ..domain.assessment import Response
from ..domain.labels import QUESTION_ANSWERS
from ..domain.scoring import GroupScore
from . import charts
from . import text as T
from .context import ReportContext
from .document import Heading
from .fonts import SANS, SANS_BOLD, markup
from .parts import anchor_name, clip, date, datetime, has_long_cell, level_text, nb, signed
from .styles import FRAME_WIDTH, MUTED, PANEL, RULE, WHITE


def anchors(ctx: ReportContext) -> list[str]:
    """The subcategories :func:`details` lists (those in scope), where references to them
    lead."""
    return [
        anchor_name("sub", sid)
        for cid in framework.category_ids()
        if ctx.scores.category(cid).in_scope
        for sid in framework.subcategories_of_category(cid)
        if sid not in ctx.out_of_scope
    ]


def details(ctx: ReportContext) -> list[Flowable]:
    s, st = ctx.scores, ctx.styles
    out: list[Flowable] = [ctx.h1(T.SEC_DETAILS, "details"), ctx.p(T.DETAILS_INTRO, st.muted)]
    for fi, fn in enumerate(framework.FUNCTION_IDS):
        f = ctx.playbook.function(fn)
        g = s.function(fn)
        if fi:
            out.append(CondPageBreak(120 * mm))
        out.append(ctx.h2(f"{fn} — {f.title}", level=1, toc=True))
        if ctx.options.include_guidance:
            out.append(ctx.p(f.summary, st.guidance))
        out.append(ctx.p(group_line(ctx, g), st.muted))
        for cid in framework.category_ids():
            if framework.function_of(cid) != fn:
                continue
            out += category_block(ctx, cid)
    return out


def group_line(ctx: ReportContext, g: GroupScore) -> str:
    return T.GROUP_LINE.format(
        in_scope=g.in_scope,
        at=g.at_target.numerator,
        below=g.below_target,
        missing=g.not_assessed,
        na=g.not_applicable,
        rated=g.rated,
        applicable=g.applicable,
        completion=g.completion.percent(),
        at_target=g.at_target.percent(),
        mean_current=charts._fmt(g.mean_current),
        mean_target=charts._fmt(g.mean_target),
    )


def category_block(ctx: ReportContext, cid: str) -> list[Flowable]:
    st = ctx.styles
    c = ctx.playbook.category(cid)
    g = ctx.scores.category(cid)
    title = f"{cid} — {c.title}"
    head = Heading(markup(title), st.h3, outline=title, level=2, key=ctx.key("c"))
    lead: list[Flowable] = [head]
    if ctx.options.include_guidance:
        lead.append(ctx.p(c.summary, st.guidance))
    if g.in_scope == 0:
        return [*lead, ctx.p(T.CATEGORY_OUT_OF_SCOPE, st.muted)]
    lead.append(ctx.p(group_line(ctx, g), st.muted))
    out: list[Flowable] = []
    first = True
    for sid in framework.subcategories_of_category(cid):
        if sid in ctx.out_of_scope:
            continue
        block = subcategory_block(ctx, sid)
        if first:
            out.append(KeepTogether([*lead, *block[:2]]))
            out += block[2:]
            first = False
        else:
            out += block
    return out


def subcategory_block(ctx: ReportContext, sid: str) -> list[Flowable]:
    """Heading and status strip (kept together), then guidance, notes, questions, links."""
    a, st = ctx.assessment, ctx.styles
    r: Response = a.response(sid)
    sub = ctx.playbook.subcategory(sid)
    title = f"{sid} — {sub.title}"
    # the heading is where references to the subcategory lead
    key = anchor_name("sub", sid)
    ctx.anchored.add(key)
    head = Heading(
        f"<b>{nb(sid)}</b>  {markup(sub.title)}",
        st.h4,
        outline=title,
        level=3,
        key=key,
        toc=False,
    )
    target = a.effective_target(sid)
    target_text = level_text(target)
    if r.target is None:
        target_text = T.R_DEFAULT_TARGET.format(level=target_text)
    gap = next((g.gap for g in ctx.scores.gaps if g.subcategory_id == sid), None)
    if r.applicability == "not_applicable":
        applies = T.R_NOT_APPLICABLE
    elif r.applicability == "inherited":
        applies = T.R_INHERITED
    else:
        applies = T.R_APPLICABLE
    cells = [
        (
            T.R_CURRENT,
            level_text(r.current) if r.applicability != "not_applicable" else T.NONE,
        ),
        (T.R_TARGET, target_text if r.applicability != "not_applicable" else T.NONE),
        (
            T.R_GAP,
            T.NONE if gap is None else signed(gap),
        ),
        (T.R_APPLICABILITY, applies),
        (T.R_EVIDENCE_OK, T.YES if r.evidence_supported else T.NO),
        (T.R_OWNER, r.owner or T.NONE),
        (T.R_DUE, date(r.due_date)),
        (T.R_PRIORITY, (r.priority or T.NONE).capitalize()),
    ]
    # Labels and values are short fixed texts (plain table strings, cheap to lay out);
    # only the owner is user text and gets a paragraph.
    values2: list[Any] = [ctx.label(v, st.cell) for _, v in cells[4:]]
    values2[1] = ctx.cell(r.owner or T.NONE)
    strip = Table(
        [
            [ctx.label(k, st.note) for k, _ in cells[:4]],
            [ctx.label(v, st.cell_bold) for _, v in cells[:4]],
            [ctx.label(k, st.note) for k, _ in cells[4:]],
            values2,
        ],
        colWidths=[FRAME_WIDTH / 4] * 4,
        hAlign="LEFT",
        splitInRow=has_long_cell([values2]),
    )
    strip.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 10),
                ("FONTSIZE", (0, 0), (-1, 0), 6.8),
                ("FONTSIZE", (0, 2), (-1, 2), 6.8),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("TEXTCOLOR", (0, 2), (-1, 2), MUTED),
                ("FONTNAME", (0, 1), (-1, 1), SANS_BOLD),
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("TOPPADDING", (0, 2), (-1, 2), 4),
                ("BOTTOMPADDING", (0, 3), (-1, 3), 4),
                ("LINEBELOW", (0, 1), (-1, 1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out: list[Flowable] = [head, strip, Spacer(1, 3)]
    if r.applicability == "not_applicable":
        out.append(ctx.pm(f"<b>{markup(T.R_NA_JUSTIFICATION)}</b>" + markup(r.na_justification)))
    if r.applicability == "inherited":
        out.append(ctx.pm(f"<b>{markup(T.R_INHERITED_FROM)}</b>" + markup(r.inherited_from)))
    if ctx.options.include_guidance:
        out.append(ctx.pm(f"<b>{markup(T.R_SUMMARY)}</b>" + markup(sub.summary), st.guidance))
        out.append(ctx.pm(f"<b>{markup(T.R_WHY)}</b>" + markup(sub.why), st.guidance))
    if r.notes.strip():
        out.append(ctx.p(T.R_NOTES, st.label))
        out += ctx.blocks(r.notes)
    links = links_line(ctx, sid)
    questions = question_table(ctx, sid, r, links)
    out += questions
    if links and not questions:
        out.append(ctx.pm(links, st.body_small))
    if r.updated_at is not None or r.updated_by:
        when = datetime(r.updated_at)
        text = (
            T.R_UPDATED.format(who=r.updated_by, when=when)
            if r.updated_by
            else T.R_UPDATED_NO_WHO.format(when=when)
        )
        out.append(ctx.p(text, st.muted))
    out.append(Spacer(1, 4))
    return out


def question_table(ctx: ReportContext, sid: str, r: Response, links: str = "") -> list[Flowable]:
    """The checklist; the linked items go in a last row, so they never stand alone."""
    st = ctx.styles
    sub = ctx.playbook.subcategory(sid)
    known = [q.id for q in sub.questions]
    texts = {q.id: q.text for q in sub.questions}
    ids = known + [q for q in r.questions if q not in texts]
    if not r.questions and r.applicability == "not_applicable":
        return []
    # Short fixed labels are plain table strings (no paragraph to lay out) when the main
    # font can print them; answers never need to wrap.
    rows: list[list[Any]] = [
        [ctx.label(x, st.cell_head) for x in (T.TH_QUESTION, T.TH_ANSWER, T.TH_COMMENT)]
    ]
    for qid in ids:
        qa = r.questions.get(qid)
        answer = QUESTION_ANSWERS[qa.answer] if qa and qa.answer else T.R_UNANSWERED
        comment = qa.comment if qa and qa.comment.strip() else ""
        rows.append(
            [
                ctx.cell(texts.get(qid, qid)),
                ctx.label(answer, st.cell_bold),
                ctx.cell(comment) if comment else "",
            ]
        )
    extra: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
        ("FONTNAME", (1, 1), (1, -1), SANS_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10.2),
    ]
    if links:
        rows.append([ctx.pm(links, st.cell), "", ""])
        extra += [
            ("SPAN", (0, -1), (-1, -1)),
            ("BACKGROUND", (0, -1), (-1, -1), WHITE),
            ("LINEBELOW", (0, -1), (-1, -1), 0, WHITE),
            ("TOPPADDING", (0, -1), (-1, -1), 4),
            ("LEFTPADDING", (0, -1), (-1, -1), 0),
        ]
    table = ctx.table(rows, [0.46, 0.09, 0.45], extra=extra)
    return [ctx.p(T.R_QUESTIONS, st.label), table]


def links_line(ctx: ReportContext, sid: str) -> str:
    risks, actions, evidence = ctx.assessment.links_to(sid)
    parts = []
    for label, kind, items in (
        (T.R_EVIDENCE, "evidence", evidence),
        (T.R_RISKS, "risk", risks),
        (T.R_ACTIONS, "action", actions),
    ):
        if items:
            listed = "; ".join(f"{ctx.ref(kind, x.id)} {markup(clip(x.title, 160))}" for x in items)
            parts.append(f"<b>{markup(label)}</b>{listed}")
    return "<br/>".join(parts)
