"""The portfolio report (issue #17): many systems on a few pages, for a risk manager.

A cover with the counts, the table of systems, the roll-ups across systems (state and decision,
at target by function, the combined residual heat map, recurring gaps), the files that could
not be read, then a page per system that needs attention with its reasons, and the provenance
appendix (``portfolio_provenance``): every file read with its hash. Same fonts,
escaping and reproducibility as the risk profile: every user text goes through ``markup``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import PurePath
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable

from .. import __version__
from ..domain.decision import OPINION_RATINGS
from ..domain.labels import DEPLOYMENT_OUTCOMES, OVERLAY_NAMES
from ..domain.portfolio import Portfolio, PortfolioRow
from .document import Heading, PageDecor, ReportDoc
from .fonts import fonts, markup
from .portfolio_provenance import portfolio_provenance
from .rtl import BidiParagraph
from .styles import FRAME_WIDTH, Styles, grid_table_style, kv_table_style, make_styles

TITLE = "AI RMF portfolio"
NOTE = (
    "Each row is one assessment file, read read-only on {day}. Figures are those of the file's "
    "own risk profile on that day (rmf-app's rules, not NIST ratings). A system needs "
    "attention when it has risks at or above tolerance without acceptance, overdue actions or "
    "deployment conditions, an unsatisfactory opinion, a final revision older than "
    "{months} months, a draft untouched for 90 days, or a second file for the same system."
)
HEADER_RIGHT = "Portfolio of {n} system{s}"
SEC_TABLE = "1. Systems"
SEC_ROLLUPS = "2. Across systems"
SEC_UNREADABLE = "3. Files not read"
SEC_ATTENTION = "4. Systems needing attention"
TABLE_HEAD = (
    "System",
    "State",
    "Done",
    "At target",
    "Opinion",
    "Risks ≥ tol. (not accepted)",
    "Overdue actions / cond.",
    "Decision",
    "Days since final",
)
NONE = "—"


def _p(text: str, style: Any) -> Paragraph:
    return BidiParagraph(markup(text), style)


def _h(text: str, st: Styles, key: str, level: int = 0) -> Heading:
    return Heading(markup(text), st.h1 if level == 0 else st.h2, outline=text, level=level, key=key)


def _state(row: PortfolioRow) -> str:
    return f"{row.state}, rev. {row.revision}"


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(grid_table_style())
    return t


def _systems(p: Portfolio, st: Styles) -> list[Flowable]:
    head = [_p(h, st.cell_head) for h in TABLE_HEAD]
    rows: list[list[Any]] = [head]
    for r in p.rows:
        name = r.name + (f"\n{r.organisation}" if r.organisation else "")
        if r.needs_attention:
            name = "! " + name
        rows.append(
            [
                _p(name, st.cell),
                _p(_state(r), st.cell),
                _p(r.completion.percent(), st.cell_right),
                _p(r.at_target.percent(), st.cell_right),
                _p(OPINION_RATINGS.get(r.opinion or "", NONE), st.cell),
                _p(
                    f"{r.risks_at_or_above_tolerance} ({r.risks_without_acceptance})", st.cell_right
                ),
                _p(f"{r.overdue_actions} / {r.overdue_conditions}", st.cell_right),
                _p(DEPLOYMENT_OUTCOMES.get(r.decision or "", NONE), st.cell),
                _p(NONE if r.days_since_final is None else str(r.days_since_final), st.cell_right),
            ]
        )
    w = FRAME_WIDTH
    widths = [w * x for x in (0.2, 0.1, 0.06, 0.07, 0.15, 0.1, 0.1, 0.13, 0.09)]
    return [
        _h(SEC_TABLE, st, "systems"),
        _p("Rows marked ! need attention (section 4 gives the reasons).", st.muted),
        _table(rows, widths),
    ]


def _rollups(p: Portfolio, st: Styles) -> list[Flowable]:
    ru = p.rollups
    out: list[Flowable] = [_h(SEC_ROLLUPS, st, "rollups")]
    out.append(_h("Systems by state and decision", st, "by-state", 1))
    rows: list[list[Any]] = [[_p("State", st.cell_head), _p("Systems", st.cell_head)]]
    rows += [[_p(k, st.cell), _p(str(v), st.cell_right)] for k, v in sorted(ru.by_state.items())]
    out.append(_table(rows, [FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.15]))
    out.append(Spacer(1, 3 * mm))
    rows = [[_p("Deployment decision", st.cell_head), _p("Systems", st.cell_head)]]
    rows += [
        [_p(DEPLOYMENT_OUTCOMES.get(k, "Not recorded"), st.cell), _p(str(v), st.cell_right)]
        for k, v in sorted(ru.by_decision.items())
    ]
    out.append(_table(rows, [FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.15]))
    out.append(_h("At target by function, all systems together", st, "functions", 1))
    rows = [[_p(h, st.cell_head) for h in ("Function", "At target", "Items")]]
    rows += [
        [
            _p(k, st.cell),
            _p(f.percent(), st.cell_right),
            _p(f"{f.numerator} of {f.denominator}", st.cell_right),
        ]
        for k, f in ru.functions.items()
    ]
    out.append(_table(rows, [FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.15, FRAME_WIDTH * 0.2]))
    out.append(_h("Residual risks, all systems together", st, "heat", 1))
    out.append(
        _p("Number of risks by likelihood (rows, 5 = highest) and impact (columns).", st.muted)
    )
    rows = [
        [_p("Likelihood \\ impact", st.cell_head), *(_p(str(i), st.cell_head) for i in range(1, 6))]
    ]
    for li in range(5, 0, -1):
        line = ru.residual_heatmap[li - 1]
        rows.append([_p(str(li), st.cell), *(_p(str(n), st.cell_right) for n in line)])
    out.append(_table(rows, [FRAME_WIDTH * 0.2] + [FRAME_WIDTH * 0.1] * 5))
    if p.unrated_note():
        out.append(_p(p.unrated_note(), st.muted))
    out.append(_h("Gaps that recur across systems", st, "recurring", 1))
    if ru.recurring_gaps:
        rows = [[_p("Subcategory", st.cell_head), _p("Systems below target", st.cell_head)]]
        rows += [
            [_p(g.subcategory_id, st.cell), _p(f"{g.systems} of {len(p.rows)}", st.cell_right)]
            for g in ru.recurring_gaps
        ]
        out.append(_table(rows, [FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.25]))
    else:
        out.append(_p("No subcategory is below target in two or more systems.", st.body))
    return out


def _unreadable(p: Portfolio, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [_h(SEC_UNREADABLE, st, "unreadable")]
    if not p.unreadable:
        return [*out, _p("Every file was read.", st.body)]
    rows: list[list[Any]] = [[_p("File", st.cell_head), _p("Why it was not read", st.cell_head)]]
    rows += [[_p(u.path, st.cell), _p(u.reason, st.cell)] for u in p.unreadable]
    out.append(_table(rows, [FRAME_WIDTH * 0.35, FRAME_WIDTH * 0.65]))
    return out


def _attention(p: Portfolio, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [_h(SEC_ATTENTION, st, "attention")]
    rows = [r for r in p.rows if r.needs_attention]
    if not rows:
        return [*out, _p("No system needs attention.", st.body)]
    for i, r in enumerate(rows):
        if i:
            out.append(PageBreak())
        out.append(_h(r.name, st, f"attention-{i}", 1))
        pairs = [
            ("File", r.path),
            ("Organization", r.organisation or NONE),
            ("Owner", r.owner or NONE),
            ("State", _state(r)),
            ("Finalized", r.finalized_at or NONE),
            ("Completion / at target", f"{r.completion.percent()} / {r.at_target.percent()}"),
            ("Opinion", OPINION_RATINGS.get(r.opinion or "", NONE)),
            ("Deployment decision", DEPLOYMENT_OUTCOMES.get(r.decision or "", NONE)),
            ("Overlays", ", ".join(OVERLAY_NAMES.get(o, o) for o in r.overlays) or NONE),
            ("EU AI Act scope", r.crosswalk_scope or NONE),
        ]
        t = Table(
            [[_p(k, st.label), _p(v, st.cell)] for k, v in pairs],
            colWidths=[FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.7],
        )
        t.setStyle(kv_table_style())
        out += [t, Spacer(1, 3 * mm), _p("Why it needs attention:", st.h4)]
        out += [_p("• " + reason, st.body) for reason in r.reasons]
    return out


def build_portfolio_report(
    out: IO[bytes],
    portfolio: Portfolio,
    *,
    generated_at: dt.datetime,
    reproducible: bool,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the portfolio PDF to ``out``; returns the number of pages."""
    st = make_styles()
    fonts()  # registers the fonts the styles name
    p = portfolio
    story: list[Flowable] = [
        Spacer(1, 30 * mm),
        _p(TITLE, st.cover_title),
        _p(
            p.summary(),
            st.cover_subtitle,
        ),
        Spacer(1, 8 * mm),
        _p(NOTE.format(day=p.today.isoformat(), months=p.stale_months), st.cover_note),
        NextPageTemplate("body"),
        PageBreak(),
        *_systems(p, st),
        PageBreak(),
        *_rollups(p, st),
        PageBreak(),
        *_unreadable(p, st),
        PageBreak(),
        *_attention(p, st),
        PageBreak(),
        *portfolio_provenance(p, st, generated_at=generated_at),
    ]
    folders = sorted({str(PurePath(r.path).parent) for r in p.rows})
    doc = ReportDoc(
        out,
        styles=st,
        decor=PageDecor(
            system_markup=markup(TITLE),
            header_right=HEADER_RIGHT.format(n=len(p.rows), s="" if len(p.rows) == 1 else "s"),
            draft=False,
        ),
        metadata={
            "title": TITLE,
            "author": "rmf-app",
            "subject": "Portfolio of AI RMF self-assessments",
            "keywords": ", ".join(folders)[:400],
            "creator": f"rmf-app {__version__}",
            "lang": "en",
        },
        created=generated_at,
        invariant=reproducible,
        expected_flowables=len(story),
        progress=progress,
        cancelled=cancelled,
    )
    doc.build_story(story)
    return int(doc.page)
