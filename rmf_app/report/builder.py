"""The PDF risk profile (SPEC §6): the story of flowables, section by section.

Input is a domain :class:`~rmf_app.domain.assessment.Assessment`, the one
:func:`rmf_app.domain.scoring.score` result for it and the playbook it was scored with. This
module computes no score: every figure comes from ``scores``; it only orders and counts what
``scores`` and the assessment already hold. User text always goes through
:func:`~rmf_app.report.fonts.markup` (escaped, script runs in fonts that have them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import reportlab
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tableofcontents import TableOfContents

from .. import __version__
from ..domain import canonical, framework
from ..domain.assessment import Assessment, Evidence, Response, Risk
from ..domain.labels import (
    ACTION_STATUSES,
    AI_TYPES,
    DEPLOYMENT_OUTCOMES,
    IMPACT_SCALE,
    LIFECYCLE_STAGES,
    LIKELIHOOD_SCALE,
    MATURITY_LEVELS,
    ORGANISATION_ROLES,
    QUESTION_ANSWERS,
    REVIEW_STATES,
    RISK_STATUSES,
    TREATMENTS,
)
from ..domain.playbook import Playbook
from ..domain.scoring import Gap, GroupScore, RiskScore, Scores
from . import charts
from . import sentences as S
from . import text as T
from .document import ContentsPlaceholder, Heading, PageDecor, ReportCancelled, ReportDoc
from .fonts import SANS, SANS_BOLD, clean, fit_width, fonts, markup
from .styles import (
    ACCENT,
    FRAME_WIDTH,
    MUTED,
    PANEL,
    RULE,
    WARN,
    WHITE,
    Styles,
    grid_table_style,
    kv_table_style,
    make_styles,
)

__all__ = ["ReportCancelled", "ReportOptions", "ReportResult", "build_report"]

EXEC_GAPS = 10
EXEC_RISKS = 8
SUMMARY_GAPS = 5
SUMMARY_RISKS = 5
NOT_ASSESSED_LISTED = 12


@dataclass(frozen=True)
class ReportOptions:
    """What kind of report to make.

    Args:
        executive: summary, charts, largest gaps and top risks only.
        include_guidance: print the playbook's summary and "why it matters" per subcategory.
        generated_at: the report's date and time (UTC); overdue actions are counted against
            its date by the caller's scoring.
        reproducible: fixed document id and dates, for byte-identical output.
    """

    executive: bool = False
    include_guidance: bool = True
    generated_at: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    reproducible: bool = False


@dataclass(frozen=True)
class ReportResult:
    pages: int


def build_report(
    out: IO[bytes],
    assessment: Assessment,
    scores: Scores,
    playbook: Playbook,
    options: ReportOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the PDF to ``out``; raises :class:`ReportCancelled` if ``cancelled()`` turns true."""
    styles = make_styles()
    fonts()
    b = _Builder(assessment, scores, playbook, options, styles)
    story = b.story(cancelled)
    a = assessment
    name = clean(a.profile.name).replace("\n", " ")
    authors = ", ".join(clean(x) for x in a.review.assessors) or T.DOC_AUTHOR_UNKNOWN
    doc = ReportDoc(
        out,
        styles=styles,
        decor=PageDecor(
            system_markup=markup(fit_width(name, FRAME_WIDTH * 0.55, 7.5)),
            header_right=T.HEADER_RIGHT.format(
                revision=a.revision, state=REVIEW_STATES[a.review.state].lower()
            ),
            draft=not a.is_final,
        ),
        metadata={
            "title": _clip(T.DOC_TITLE.format(system=name), 300),
            "author": _clip(authors, 300),
            "subject": T.DOC_SUBJECT,
            "keywords": _clip(T.DOC_KEYWORDS.format(system=name), 400),
            "creator": T.DOC_CREATOR.format(version=__version__),
            "lang": "en",
        },
        created=options.generated_at,
        invariant=options.reproducible,
        expected_flowables=len(story),
        progress=progress,
        cancelled=cancelled,
    )
    doc.build_story(story)
    return ReportResult(pages=doc.page)


#: a cell with more markup than this might not fit on a page: its table may split inside rows
LONG_CELL = 1500


def _has_long_cell(rows: list[list[Any]]) -> bool:
    """Whether a table needs rows split across pages (otherwise rows move to the next page
    whole, which reads better)."""
    return any(len(getattr(c, "text", "") or "") > LONG_CELL for row in rows for c in row)


def _signed(gap: int) -> str:
    """A gap as printed: +2 below target, 0 at target, −1 above it (a true minus sign)."""
    return T.GAP_CELL.format(gap=gap) if gap > 0 else str(gap).replace("-", "−")


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _date(d: dt.date | None) -> str:
    return T.NONE if d is None else d.isoformat()


def _datetime(d: dt.datetime | None) -> str:
    if d is None:
        return T.NONE
    if d.tzinfo is not None:
        d = d.astimezone(dt.UTC)
    return d.strftime("%Y-%m-%d %H:%M") + " UTC"


def _nb(sid: str) -> str:
    """A framework id that never breaks across lines."""
    return sid.replace(" ", "\u00a0")


def _word(key: str, n: int) -> str:
    one, many = S.WORDS[key]
    return one if n == 1 else many


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {S.AND} " + items[-1]


def _size(n: int) -> str:
    if n < 1024:
        return T.SIZE_BYTES.format(n=n)
    if n < 1024 * 1024:
        return T.SIZE_KIB.format(n=n / 1024)
    return T.SIZE_MIB.format(n=n / 1024 / 1024)


class _Builder:
    def __init__(
        self,
        a: Assessment,
        scores: Scores,
        playbook: Playbook,
        options: ReportOptions,
        styles: Styles,
    ) -> None:
        self.a = a
        self.s = scores
        self.pb = playbook
        self.o = options
        self.st = styles
        self.today = options.generated_at.date()
        self.out_of_scope = set(scores.out_of_scope)
        self._key = 0
        if options.executive:
            self.numbers = {"summary": 1, "charts": 2, "gaps": 3, "risks": 4}
        else:
            self.numbers = {
                "summary": 1,
                "profile": 2,
                "charts": 3,
                "gaps": 4,
                "risks": 5,
                "actions": 6,
                "details": 7,
            }

    # -- small helpers -------------------------------------------------------------------------
    def p(self, text: str, style: Any = None) -> Paragraph:
        """A paragraph of plain text (user or report text): always escaped."""
        return Paragraph(markup(text), style or self.st.body)

    def pm(self, markup_text: str, style: Any = None) -> Paragraph:
        """A paragraph of markup built here from escaped parts."""
        return Paragraph(markup_text, style or self.st.body)

    def blocks(self, text: str, style: Any = None) -> list[Flowable]:
        """Long user text: one paragraph per blank-line-separated block."""
        parts = [b.strip("\n") for b in clean(text).split("\n\n")]
        return [self.p(b, style) for b in parts if b.strip()]

    def cell(self, text: str, style: Any = None) -> Paragraph:
        return Paragraph(markup(text), style or self.st.cell)

    def label(self, text: str, style: Any) -> str | Paragraph:
        """A short fixed label: a plain table string when the main font prints every character."""
        cover = fonts().main_cover
        if all(ord(c) in cover for c in text):
            return text
        return Paragraph(markup(text), style)

    def head(self, *labels: str, right: Iterable[int] = ()) -> list[Paragraph]:
        r = set(right)
        return [
            Paragraph(markup(x), self.st.cell_head_right if i in r else self.st.cell_head)
            for i, x in enumerate(labels)
        ]

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        *,
        header: bool = True,
        extra: Sequence[tuple[Any, ...]] = (),
        style: TableStyle | None = None,
    ) -> Table:
        total = sum(widths)
        cols = [w * FRAME_WIDTH / total for w in widths]
        t = Table(
            rows,
            colWidths=cols,
            repeatRows=1 if header else 0,
            splitInRow=1 if _has_long_cell(rows) else 0,
            hAlign="LEFT",
        )
        t.setStyle(style or (grid_table_style() if header else kv_table_style()))
        if extra:
            t.setStyle(TableStyle(list(extra)))
        return t

    def kv(self, pairs: Sequence[tuple[str, Any]], label_width: float = 0.27) -> Table:
        rows = [
            [
                self.cell(k, self.st.cell_bold),
                v if isinstance(v, Flowable) else self.cell(str(v)),
            ]
            for k, v in pairs
        ]
        return self.table(rows, [label_width, 1 - label_width], header=False)

    def key(self, prefix: str) -> str:
        self._key += 1
        return f"{prefix}-{self._key}"

    def h1(self, title: str, number_key: str | None = None, *, toc: bool = True) -> Heading:
        label = title
        if number_key is not None:
            label = T.SECTION_NUMBER.format(n=self.numbers[number_key], title=title)
        return Heading(
            markup(label), self.st.h1, outline=label, level=0, key=self.key("s"), toc=toc
        )

    def h2(self, title: str, *, level: int | None = None, toc: bool = False) -> Flowable:
        if level is None:
            return self.p(title, self.st.h2)
        return Heading(
            markup(title), self.st.h2, outline=title, level=level, key=self.key("h"), toc=toc
        )

    def sub_title(self, sid: str) -> str:
        return self.pb.subcategory(sid).title

    def id_title(self, sid: str) -> Paragraph:
        return self.pm(
            f"<b>{_nb(sid)}</b> {markup(self.sub_title(sid))}",
            self.st.cell,
        )

    def level_text(self, level: int | None) -> str:
        if level is None:
            return T.R_NOT_ASSESSED
        return T.LEVEL_CELL.format(level=level, name=MATURITY_LEVELS[level][0])

    def risk_band_cell(
        self, score: int | None, band: str | None, li: tuple[int, int] | None
    ) -> Paragraph:
        if score is None or band is None or li is None:
            return self.cell(T.RISK_NO_RESIDUAL, self.st.cell)
        return self.pm(
            f"<b>{markup(T.RISK_SCORE.format(score=score, band=band))}</b><br/>"
            f'<font size="7">{markup(T.RISK_LI.format(likelihood=li[0], impact=li[1]))}</font>',
            self.st.cell,
        )

    # -- the story -------------------------------------------------------------------------------
    def story(self, cancelled: Callable[[], bool] | None) -> list[Flowable]:
        def check() -> None:
            if cancelled is not None and cancelled():
                raise ReportCancelled()

        out: list[Flowable] = []
        out += self.cover()
        out += [NextPageTemplate("body"), PageBreak()]
        if not self.o.executive:
            out += self.contents()
        out += self.summary()
        check()
        if self.o.executive:
            out += [CondPageBreak(110 * mm), *self.charts()]
            out += [CondPageBreak(80 * mm), *self.gaps(executive=True)]
            out += [CondPageBreak(90 * mm), *self.risks(executive=True)]
            out += [CondPageBreak(60 * mm), *self.about_executive()]
            return out
        for part in (
            self.profile,
            self.charts,
            self.gaps,
            self.risks,
            self.actions,
            self.details,
            self.appendix_scope,
            self.appendix_method,
            self.appendix_evidence,
            self.appendix_signoff,
            self.appendix_provenance,
        ):
            check()
            out.append(PageBreak())
            out += part()
        return out

    # -- cover and contents ----------------------------------------------------------------------
    def cover(self) -> list[Flowable]:
        a, st = self.a, self.st
        prof = a.profile
        sub = [x for x in (prof.version and T.COVER_VERSION.format(version=prof.version),
                           prof.organisation) if x]  # fmt: skip
        kind = T.REPORT_KIND_EXECUTIVE if self.o.executive else T.REPORT_KIND_FULL
        if not self.o.executive:
            kind += ", " + (T.GUIDANCE_INCLUDED if self.o.include_guidance else T.GUIDANCE_LEFT_OUT)
        decision = a.review.decision
        pairs: list[tuple[str, Any]] = [
            (T.COVER_FIELDS["organisation"], prof.organisation or T.NONE),
            (T.COVER_FIELDS["business_unit"], prof.business_unit or T.NONE),
            (T.COVER_FIELDS["owner"], prof.owner or T.NONE),
            (T.COVER_FIELDS["assessment_date"], _date(a.assessment_date)),
            (T.COVER_FIELDS["revision"], str(a.revision)),
            (T.COVER_FIELDS["status"], REVIEW_STATES[a.review.state]),
            (T.COVER_FIELDS["assessors"], ", ".join(a.review.assessors) or T.NONE),
            (T.COVER_FIELDS["reviewer"], a.review.reviewer or T.NONE),
            (T.COVER_FIELDS["approver"], a.review.approver or T.NONE),
            (
                T.COVER_FIELDS["decision"],
                DEPLOYMENT_OUTCOMES[decision.outcome] if decision else T.NOT_SET,
            ),
            (T.COVER_FIELDS["kind"], kind),
            (T.COVER_FIELDS["generated"], _datetime(self.o.generated_at)),
        ]
        if a.fingerprint:
            pairs.append((T.COVER_FIELDS["fingerprint"], Paragraph(a.fingerprint, st.mono_small)))
        out: list[Flowable] = [
            Spacer(1, 30 * mm),
            Heading(
                markup(T.COVER_KICKER),
                st.cover_kicker,
                outline=_clip(clean(prof.name).replace("\n", " "), 120),
                level=0,
                key="cover",
                toc=False,
            ),
            Spacer(1, 3 * mm),
            self.p(_clip(prof.name, 500), st.cover_title),
        ]
        if sub:
            out.append(self.p(" · ".join(_clip(x, 300) for x in sub), st.cover_subtitle))
        out += [Spacer(1, 14 * mm), self.kv(pairs, 0.3), Spacer(1, 8 * mm)]
        note = T.COVER_FINAL_NOTE if a.is_final else T.COVER_DRAFT_NOTE
        out.append(self.callout([self.p(note, st.callout)], warn=not a.is_final))
        out += [Spacer(1, 6 * mm), self.p(T.COVER_DISCLAIMER, st.cover_note)]
        return out

    def callout(self, content: list[Flowable], *, warn: bool = False) -> Table:
        t = Table(
            [[content]],
            colWidths=[FRAME_WIDTH],
            hAlign="LEFT",
            splitInRow=1 if any(len(getattr(c, "text", "")) > LONG_CELL for c in content) else 0,
        )
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.5, WARN if warn else ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            )
        )
        return t

    def contents(self) -> list[Flowable]:
        toc = TableOfContents(
            levelStyles=[self.st.toc0, self.st.toc1, self.st.toc2],
            dotsMinLevel=1,
            rightColumnWidth=40,
            tableStyle=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ]
            ),
        )
        return [self.h1(T.CONTENTS, toc=False), ContentsPlaceholder(toc), PageBreak()]

    # -- 1. executive summary ------------------------------------------------------------------
    def summary(self) -> list[Flowable]:
        a, s, st = self.a, self.s, self.st
        o = s.overall
        excluded = len(s.out_of_scope)
        above = [r for r in s.risks if r.at_or_above_tolerance]
        unaccepted = [r for r in above if not r.accepted]
        open_actions = [x for x in a.actions if x.status not in ("done", "cancelled")]
        below = s.largest_gaps
        out: list[Flowable] = [self.h1(T.SEC_SUMMARY, "summary")]

        figures: list[tuple[str, Any]] = [
            (
                T.KF_SCOPE,
                T.KF_SCOPE_VALUE.format(in_scope=o.in_scope, total=o.total)
                + " — "
                + T.KF_SCOPE_NOTE.format(
                    excluded=excluded, na=o.not_applicable, inherited=o.inherited
                ),
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
            (T.KF_GAPS, str(len(below))),
            (T.KF_NOT_ASSESSED, str(len(s.not_assessed))),
            (T.KF_RISKS, self.risk_figure(len(above), len(unaccepted))),
            (
                T.KF_ACTIONS,
                T.KF_ACTIONS_VALUE.format(
                    n=len(a.actions), open=len(open_actions), overdue=len(s.overdue_actions)
                ),
            ),
            (
                T.KF_DECISION,
                DEPLOYMENT_OUTCOMES[a.review.decision.outcome] if a.review.decision else T.NOT_SET,
            ),
        ]
        out += [self.kv(figures, 0.27), Spacer(1, 4 * mm)]
        out.append(self.h2(T.SUM_FINDINGS))
        out += [self.pm(x) for x in self.findings()]

        # results by function
        rows: list[list[Any]] = [
            self.head(
                T.TH_FUNCTION,
                T.TH_IN_SCOPE,
                T.TH_COMPLETION,
                T.TH_AT_TARGET,
                T.TH_MEAN_CURRENT,
                T.TH_MEAN_TARGET,
                right=range(1, 6),
            )
        ]
        for g in [*s.functions, s.overall]:
            bold = g.id == "ALL"
            name = T.ALL_FUNCTIONS if bold else f"{g.id} — {self.pb.function(g.id).title}"
            cs = st.cell_bold if bold else st.cell
            rows.append(
                [
                    self.cell(name, cs),
                    *[
                        self.cell(v, st.cell_right)
                        for v in (
                            str(g.in_scope),
                            g.completion.percent(),
                            f"{g.at_target.percent()} ({g.at_target.numerator}/{g.at_target.denominator})",
                            charts._fmt(g.mean_current),
                            charts._fmt(g.mean_target),
                        )
                    ],
                ]
            )
        out += [
            self.h2(T.SUM_BY_FUNCTION),
            self.table(
                rows,
                [0.34, 0.1, 0.12, 0.16, 0.14, 0.14],
                extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)],
            ),
        ]

        # decision
        out.append(self.h2(T.SUM_DECISION))
        dec = a.review.decision
        if dec is None:
            out.append(self.callout([self.p(T.SUM_DECISION_NONE, st.callout)], warn=True))
        else:
            by = (
                T.SUM_DECISION_BY.format(who=dec.decided_by or T.NONE, date=_date(dec.decided_on))
                if dec.decided_on
                else T.SUM_DECISION_BY_NO_DATE.format(who=dec.decided_by or T.NONE)
            )
            out.append(
                self.callout(
                    [
                        self.pm(
                            f"<b>{markup(DEPLOYMENT_OUTCOMES[dec.outcome])}.</b> "
                            + markup(dec.rationale),
                            st.callout,
                        ),
                        Spacer(1, 2),
                        self.p(by, st.muted),
                    ],
                    warn=dec.outcome != "proceed",
                )
            )

        # gaps and not assessed
        if not self.o.executive:
            out.append(self.h2(T.SUM_TOP_GAPS))
            if below:
                out.append(self.gap_table(below[:SUMMARY_GAPS]))
                if len(below) > SUMMARY_GAPS:
                    out.append(Spacer(1, 3))
                    out.append(
                        self.p(
                            T.SUM_GAPS_MORE.format(
                                n=len(below) - SUMMARY_GAPS, section=self.numbers["gaps"]
                            ),
                            st.muted,
                        )
                    )
            else:
                out.append(self.p(T.GAPS_NONE))
        out.append(self.h2(T.SUM_NOT_ASSESSED))
        if s.not_assessed:
            ids = [_nb(x) for x in s.not_assessed[:NOT_ASSESSED_LISTED]]
            if len(s.not_assessed) > NOT_ASSESSED_LISTED:
                ids.append(T.SUM_MORE.format(n=len(s.not_assessed) - NOT_ASSESSED_LISTED))
            out.append(self.p(T.SUM_NOT_ASSESSED_LIST.format(ids=_join(ids))))
        else:
            out.append(self.p(T.SUM_NOT_ASSESSED_NONE))

        # risks
        if not self.o.executive:
            out.append(self.h2(T.SUM_TOP_RISKS))
            top = self.top_risks()[:SUMMARY_RISKS]
            if top:
                out.append(self.risk_table(top, compact=True))
            else:
                out.append(self.p(T.RISKS_NONE))
        out.append(self.h2(T.SUM_ABOVE_TOLERANCE))
        if above:
            out.append(self.acceptance_table(above))
        else:
            out.append(
                self.p(T.SUM_ABOVE_TOLERANCE_NONE.format(tolerance=a.profile.risk_tolerance))
            )

        method = T.SUM_METHOD_TEXT.format(method=s.method_version, today=_date(self.today))
        out += [
            CondPageBreak(35 * mm),
            self.h2(T.SUM_METHOD),
            self.callout([self.p(method, st.callout)]),
        ]
        return out

    def risk_figure(self, above: int, unaccepted: int) -> str:
        n, tol = len(self.s.risks), self.a.profile.risk_tolerance
        if not above:
            return T.KF_RISKS_NONE_ABOVE.format(n=n, tolerance=tol)
        tail = (
            T.KF_RISKS_UNACCEPTED.format(unaccepted=unaccepted)
            if unaccepted
            else T.KF_RISKS_ALL_ACCEPTED
        )
        return T.KF_RISKS_VALUE.format(n=n, above=above, tolerance=tol, tail=tail)

    def findings(self) -> list[str]:
        """A few generated sentences (markup) that state the main numbers in words."""
        a, s = self.a, self.s
        o = s.overall
        sys_name = markup(_clip(a.profile.name, 120))
        paras: list[str] = []

        excluded = len(s.out_of_scope)
        if excluded:
            template = S.S_SCOPE
            kw: dict[str, object] = {
                "in_scope": o.in_scope,
                "total": o.total,
                "n": excluded,
                "was_were": _word("was_were", excluded),
            }
        else:
            template, kw = S.S_SCOPE_NOTHING_EXCLUDED, {"total": o.total}
        pre, post = template.split("{system}", 1)
        scope = [markup(pre.format(**kw)) + f"<b>{sys_name}</b>" + markup(post.format(**kw))]
        tails = []
        if o.not_applicable:
            tails.append(
                S.S_NA.format(n=o.not_applicable, was_were=_word("was_were", o.not_applicable))
            )
        if o.inherited:
            tails.append(S.S_INHERITED.format(n=o.inherited, is_are=_word("is_are", o.inherited)))
        if tails:
            scope.append(markup(S.S_IN_SCOPE_LEAD + _join(tails) + S.S_SCOPE_END))
        if excluded or o.not_applicable:
            scope.append(markup(S.S_REASONS))
        paras.append(" ".join(scope))

        result = []
        if o.completion.numerator == o.completion.denominator:
            result.append(S.S_COMPLETE)
        else:
            missing = len(s.not_assessed)
            result.append(
                S.S_INCOMPLETE.format(
                    done=o.completion.numerator,
                    in_scope=o.in_scope,
                    pct=o.completion.percent(),
                    missing=missing,
                    is_are=_word("is_are", missing),
                    counts=_word("counts", missing),
                )
            )
        if o.at_target.denominator:
            result.append(
                S.S_AT_TARGET.format(
                    num=o.at_target.numerator,
                    den=o.at_target.denominator,
                    pct=o.at_target.percent(),
                )
            )
            fns = [g for g in s.functions if g.at_target.denominator]
            if len(fns) >= 2:
                best = max(fns, key=lambda g: g.at_target.rate or 0.0)
                worst = min(fns, key=lambda g: g.at_target.rate or 0.0)
                if best.at_target.percent() == worst.at_target.percent():
                    result.append(S.S_FUNCTIONS_EVEN.format(pct=best.at_target.percent()))
                else:
                    result.append(
                        S.S_FUNCTIONS_SPREAD.format(
                            best=best.id,
                            best_pct=best.at_target.percent(),
                            worst=worst.id,
                            worst_pct=worst.at_target.percent(),
                        )
                    )
        else:
            result.append(S.S_AT_TARGET_NONE)
        below = s.largest_gaps
        if below:
            size = below[0].gap
            biggest = [g.subcategory_id for g in below if g.gap == size]
            shown = [_nb(x) for x in biggest[:4]]
            if len(biggest) > 4:
                shown.append(T.SUM_MORE.format(n=len(biggest) - 4))
            result.append(
                S.S_GAPS.format(
                    n=len(below),
                    subcat_word=_word("subcat", len(below)),
                    is_are=_word("is_are", len(below)),
                    size=size,
                    level_word=_word("level", size),
                    ids=_join(shown),
                )
            )
        else:
            result.append(S.S_NO_GAPS)
        paras.append(markup(" ".join(result)))

        risk = []
        tol = a.profile.risk_tolerance
        if not s.risks:
            risk.append(S.S_RISKS_NONE)
        else:
            risk.append(S.S_RISKS.format(n=len(s.risks), risk_word=_word("risk", len(s.risks))))
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
                        accepted=accepted, has_have=_word("has_have", accepted)
                    )
                risk.append(
                    S.S_ABOVE.format(
                        n=len(above),
                        is_are=_word("is_are", len(above)),
                        tolerance=tol,
                        clause=clause,
                    )
                )
                missing_acc = [r.risk_id for r in above if not r.accepted]
                if missing_acc:
                    risk.append(
                        S.S_ABOVE_UNACCEPTED.format(
                            ids=_join(missing_acc), needs=_word("needs", len(missing_acc))
                        )
                    )
        if not a.actions:
            risk.append(S.S_ACTIONS_NONE)
        else:
            open_n = sum(1 for x in a.actions if x.status not in ("done", "cancelled"))
            sentence = S.S_ACTIONS.format(
                n=len(a.actions), action_word=_word("action", len(a.actions)), open=open_n
            )
            od = len(s.overdue_actions)
            if od:
                sentence += S.S_ACTIONS_OVERDUE.format(
                    overdue=od, is_are=_word("is_are", od), today=_date(self.today)
                )
            else:
                sentence += S.S_ACTIONS_NOT_OVERDUE.format(today=_date(self.today))
            risk.append(sentence)
        dec = a.review.decision
        risk.append(
            S.S_DECISION.format(outcome=DEPLOYMENT_OUTCOMES[dec.outcome].lower())
            if dec
            else S.S_DECISION_NONE
        )
        paras.append(markup(" ".join(risk)))
        return paras

    def top_risks(self) -> list[tuple[Risk, RiskScore]]:
        pairs = [(r, self.s.risk(r.id)) for r in self.a.risks]
        order = {r.id: i for i, r in enumerate(self.a.risks)}
        pairs.sort(
            key=lambda p: (
                -(p[1].residual_score if p[1].residual_score is not None else p[1].inherent_score),
                -p[1].inherent_score,
                order[p[0].id],
            )
        )
        return pairs

    def acceptance_table(self, above: Sequence[RiskScore]) -> Table:
        st = self.st
        rows: list[list[Any]] = [
            self.head(T.TH_ID, T.TH_RISK, T.TH_RESIDUAL, T.TH_ACCEPTANCE),
        ]
        warn_rows = []
        for rs in above:
            r = self.a.risk(rs.risk_id)
            score = rs.residual_score if rs.residual_score is not None else rs.inherent_score
            band = rs.effective_band
            if r.acceptance is not None:
                acc: Flowable = self.pm(
                    markup(
                        T.ACCEPTED_BY.format(
                            who=r.acceptance.accepted_by, date=_date(r.acceptance.review_by)
                        )
                    )
                    + "<br/>"
                    + f'<font color="#5D6D7E">{markup(_clip(r.acceptance.rationale, 400))}</font>',
                    st.cell,
                )
            else:
                acc = self.cell(T.NOT_ACCEPTED, st.cell_bold)
                warn_rows.append(len(rows))
            rows.append(
                [
                    self.cell(r.id, st.cell_bold),
                    self.cell(r.title),
                    self.cell(T.RISK_SCORE.format(score=score, band=band)),
                    acc,
                ]
            )
        extra = [("TEXTCOLOR", (3, i), (3, i), WARN) for i in warn_rows]
        return self.table(rows, [0.08, 0.4, 0.14, 0.38], extra=extra)

    def gap_table(self, gaps: Sequence[Gap]) -> Table:
        st = self.st
        rows: list[list[Any]] = [
            self.head(
                T.TH_SUBCATEGORY,
                T.TH_CURRENT,
                T.TH_TARGET,
                T.TH_GAP,
                T.TH_PRIORITY,
                T.TH_OWNER,
                T.TH_DUE,
                right=(3,),
            )
        ]
        for g in gaps:
            r = self.a.response(g.subcategory_id)
            rows.append(
                [
                    self.id_title(g.subcategory_id),
                    self.cell(self.level_text(g.current)),
                    self.cell(self.level_text(g.target)),
                    self.cell(T.GAP_CELL.format(gap=g.gap), st.cell_right),
                    self.cell((r.priority or T.NONE).capitalize()),
                    self.cell(r.owner or T.NONE),
                    self.cell(_date(r.due_date)),
                ]
            )
        return self.table(rows, [0.27, 0.16, 0.16, 0.055, 0.095, 0.14, 0.12])

    def risk_table(self, pairs: Sequence[tuple[Risk, RiskScore]], *, compact: bool) -> Table:
        st = self.st
        heads = [T.TH_ID, T.TH_RISK, T.TH_INHERENT, T.TH_RESIDUAL, T.TH_TREATMENT]
        widths = [0.08, 0.31, 0.155, 0.155, 0.12]
        if not compact:
            heads += [T.TH_OWNER, T.TH_STATUS]
            widths = [0.075, 0.255, 0.14, 0.14, 0.115, 0.14, 0.135]
        else:
            heads.append(T.TH_OWNER)
            widths.append(0.18)
        rows: list[list[Any]] = [self.head(*heads)]
        flagged = []
        for r, rs in pairs:
            residual_li = (
                (r.residual_likelihood, r.residual_impact)
                if r.residual_likelihood is not None and r.residual_impact is not None
                else None
            )
            row = [
                self.cell(r.id, st.cell_bold),
                self.cell(r.title),
                self.risk_band_cell(rs.inherent_score, rs.inherent_band, (r.likelihood, r.impact)),
                self.risk_band_cell(rs.residual_score, rs.residual_band, residual_li),
                self.cell(TREATMENTS[r.treatment] if r.treatment else T.NONE),
                self.cell(r.owner or T.NONE),
            ]
            if not compact:
                row.append(self.cell(RISK_STATUSES[r.status]))
            if rs.at_or_above_tolerance:
                flagged.append(len(rows))
            rows.append(row)
        extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
        return self.table(rows, widths, extra=extra)

    # -- 2. the system ---------------------------------------------------------------------------
    def profile(self) -> list[Flowable]:
        a, st = self.a, self.st
        prof = a.profile
        out: list[Flowable] = [self.h1(T.SEC_PROFILE, "profile")]
        facts: list[tuple[str, Any]] = [
            (T.COVER_FIELDS["organisation"], prof.organisation or T.NONE),
            (T.COVER_FIELDS["business_unit"], prof.business_unit or T.NONE),
            (T.COVER_FIELDS["owner"], prof.owner or T.NONE),
            (T.PROFILE_ROLES, ", ".join(ORGANISATION_ROLES[r] for r in prof.roles) or T.NONE),
            (T.PROFILE_AI_TYPE, AI_TYPES[prof.ai_type]),
            (T.PROFILE_STAGE, LIFECYCLE_STAGES[prof.lifecycle_stage]),
            (T.PROFILE_TOLERANCE, T.PROFILE_TOLERANCE_VALUE.format(band=prof.risk_tolerance)),
            (
                T.PROFILE_DEFAULT_TARGET,
                self.level_text(a.default_target),
            ),
        ]
        out.append(self.kv(facts))
        for field, label in T.PROFILE_FIELDS.items():
            value = getattr(prof, field)
            if field == "scope_notes" or not str(value).strip():
                continue
            out.append(self.p(label, st.h4))
            out += self.blocks(value)
        if prof.components:
            rows: list[list[Any]] = [
                self.head(T.TH_COMPONENT_KIND, T.TH_NAME, T.TH_SUPPLIER, T.TH_VERSION, T.TH_NOTES)
            ]
            for comp in prof.components:
                rows.append(
                    [
                        self.cell(T.COMPONENT_KINDS.get(comp.kind, comp.kind)),
                        self.cell(comp.name, st.cell_bold),
                        self.cell(comp.supplier or T.NONE),
                        self.cell(comp.version or T.NONE),
                        self.cell(comp.notes or T.NONE),
                    ]
                )
            out += [
                self.p(T.PROFILE_COMPONENTS, st.h4),
                self.table(rows, [0.1, 0.2, 0.18, 0.14, 0.38]),
            ]
        if prof.contacts:
            rows = [self.head(T.TH_NAME, T.TH_ROLE, T.TH_EMAIL)]
            for c in prof.contacts:
                rows.append(
                    [
                        self.cell(c.name, st.cell_bold),
                        self.cell(c.role or T.NONE),
                        self.cell(c.email or T.NONE),
                    ]
                )
            out += [self.p(T.PROFILE_CONTACTS, st.h4), self.table(rows, [0.25, 0.45, 0.3])]
        return out

    # -- 3. charts -------------------------------------------------------------------------------
    def charts(self) -> list[Flowable]:
        s, st, a = self.s, self.st, self.a
        w = FRAME_WIDTH
        tol = a.profile.risk_tolerance
        inherent = charts.heatmap(s.inherent_heatmap, T.CH_INHERENT, a.risk_bands, tol, w / 2)
        residual = charts.heatmap(s.residual_heatmap, T.CH_RESIDUAL, a.risk_bands, tol, w / 2)
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
            self.h2(T.CH_HEAT, level=1),
            pair,
            Spacer(1, 2 * mm),
            charts.band_legend(a.risk_bands, tol, w),
        ]
        unrated = sum(1 for r in s.risks if r.residual_score is None)
        if unrated:
            heat.append(
                self.p(
                    T.CH_NO_RESIDUAL.format(
                        n=unrated, risk_word=_word("risk", unrated), is_are=_word("is_are", unrated)
                    ),
                    st.note,
                )
            )
        return [
            self.h1(T.SEC_CHARTS, "charts"),
            KeepTogether([self.h2(T.CH_FUNCTIONS, level=1), charts.function_bars(s.functions, w)]),
            KeepTogether(
                [
                    self.h2(T.CH_CATEGORIES, level=1),
                    charts.category_bars(s.categories, w),
                    self.p(T.CH_BARS_NOTE, st.note),
                ]
            ),
            KeepTogether(
                [
                    self.h2(T.CH_CHARACTERISTICS, level=1),
                    charts.radar(s.characteristics, w),
                    self.p(T.CH_RADAR_NOTE, st.note),
                ]
            ),
            KeepTogether(heat),
        ]

    # -- 4. gaps ---------------------------------------------------------------------------------
    def gaps(self, executive: bool = False) -> list[Flowable]:
        s, st = self.s, self.st
        below = s.largest_gaps
        title = T.SEC_GAPS_EXEC if executive else T.SEC_GAPS
        out: list[Flowable] = [self.h1(title, "gaps")]
        if not below:
            out.append(self.p(T.GAPS_NONE))
        elif executive:
            shown = below[:EXEC_GAPS]
            out += [
                self.p(T.GAPS_EXEC_INTRO.format(n=len(shown), total=len(below)), st.muted),
                self.gap_table(shown),
            ]
        else:
            out += [self.p(T.GAPS_INTRO, st.muted), self.gap_table(below)]
        if not executive:
            out.append(self.h2(T.GAPS_NOT_ASSESSED))
            if not s.not_assessed:
                out.append(self.p(T.GAPS_NOT_ASSESSED_NONE))
            else:
                rows: list[list[Any]] = [
                    self.head(T.TH_SUBCATEGORY, T.TH_TARGET, T.TH_PRIORITY, T.TH_OWNER, T.TH_DUE)
                ]
                for sid in s.not_assessed:
                    r = self.a.response(sid)
                    rows.append(
                        [
                            self.id_title(sid),
                            self.cell(self.level_text(self.a.effective_target(sid))),
                            self.cell((r.priority or T.NONE).capitalize()),
                            self.cell(r.owner or T.NONE),
                            self.cell(_date(r.due_date)),
                        ]
                    )
                out.append(self.table(rows, [0.4, 0.15, 0.1, 0.2, 0.15]))
        return out

    # -- 5. risks --------------------------------------------------------------------------------
    def risks(self, executive: bool = False) -> list[Flowable]:
        a, s, st = self.a, self.s, self.st
        title = T.SEC_RISKS_EXEC if executive else T.SEC_RISKS
        out: list[Flowable] = [self.h1(title, "risks")]
        if not a.risks:
            return [*out, self.p(T.RISKS_NONE)]
        intro = T.RISKS_INTRO.format(tolerance=a.profile.risk_tolerance)
        if executive:
            top = self.top_risks()[:EXEC_RISKS]
            out += [
                self.p(T.RISKS_EXEC_INTRO.format(n=len(top), total=len(a.risks)), st.muted),
                self.risk_table(top, compact=True),
                Spacer(1, 2 * mm),
                self.p(intro, st.note),
            ]
            return out
        out += [
            self.p(intro, st.muted),
            self.risk_table([(r, s.risk(r.id)) for r in a.risks], compact=False),
            self.h2(T.RISK_DETAILS),
        ]
        for r in a.risks:
            out += self.risk_detail(r, s.risk(r.id))
        return out

    def risk_detail(self, r: Risk, rs: RiskScore) -> list[Flowable]:
        st = self.st
        head = f"<b>{markup(r.id)}</b>  {markup(r.title)}"
        if rs.at_or_above_tolerance:
            head += f'  <font color="#8E1B12" size="7.5">[{markup(T.ABOVE_TOLERANCE_FLAG)}]</font>'
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
            pairs.append((f["subcategories"], ", ".join(map(_nb, r.subcategories))))
        acts = [x.id for x in self.a.actions if r.id in x.risks]
        if acts:
            pairs.append((f["actions"], ", ".join(acts)))
        if r.acceptance is not None:
            acc = r.acceptance
            on = T.ACCEPTANCE_ON.format(date=_date(acc.accepted_on)) if acc.accepted_on else ""
            pairs.append(
                (
                    f["acceptance"],
                    T.ACCEPTANCE_TEXT.format(
                        who=acc.accepted_by, on=on, review=_date(acc.review_by)
                    )
                    + acc.rationale,
                )
            )
        elif rs.at_or_above_tolerance:
            pairs.append((f["acceptance"], T.NOT_ACCEPTED))
        body = self.kv(pairs, 0.22) if pairs else Spacer(1, 0)
        return [self.pm(head, st.h4), body]

    # -- 6. actions ------------------------------------------------------------------------------
    def actions(self) -> list[Flowable]:
        a, s, st = self.a, self.s, self.st
        out: list[Flowable] = [self.h1(T.SEC_ACTIONS, "actions")]
        if not a.actions:
            return [*out, self.p(T.ACTIONS_NONE)]
        out.append(self.p(T.ACTIONS_INTRO.format(today=_date(self.today)), st.muted))
        overdue = set(s.overdue_actions)
        rows: list[list[Any]] = [
            self.head(
                T.TH_ID, T.TH_ACTION, T.TH_OWNER, T.TH_DUE, T.TH_STATUS, T.TH_PRIORITY, T.TH_LINKS
            )
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
            links = [*map(_nb, x.subcategories), *x.risks]
            rows.append(
                [
                    self.cell(x.id, st.cell_bold),
                    self.pm(body, st.cell),
                    self.cell(x.owner or T.NONE),
                    self.cell(_date(x.due_date)),
                    self.pm(status, st.cell),
                    self.cell((x.priority or T.NONE).capitalize()),
                    self.pm("<br/>".join(markup(x) for x in links) or T.NONE, st.cell),
                ]
            )
        extra = [("LINEBEFORE", (0, i), (0, i), 2.5, WARN) for i in flagged]
        out.append(self.table(rows, [0.08, 0.32, 0.13, 0.12, 0.115, 0.095, 0.14], extra=extra))
        return out

    # -- 7. detailed responses -------------------------------------------------------------------
    def details(self) -> list[Flowable]:
        s, st = self.s, self.st
        out: list[Flowable] = [self.h1(T.SEC_DETAILS, "details"), self.p(T.DETAILS_INTRO, st.muted)]
        for fi, fn in enumerate(framework.FUNCTION_IDS):
            f = self.pb.function(fn)
            g = s.function(fn)
            if fi:
                out.append(CondPageBreak(120 * mm))
            out.append(self.h2(f"{fn} — {f.title}", level=1, toc=True))
            if self.o.include_guidance:
                out.append(self.p(f.summary, st.guidance))
            out.append(self.p(self.group_line(g), st.muted))
            for cid in framework.category_ids():
                if framework.function_of(cid) != fn:
                    continue
                out += self.category_block(cid)
        return out

    def group_line(self, g: GroupScore) -> str:
        return T.GROUP_LINE.format(
            in_scope=g.in_scope,
            completion=g.completion.percent(),
            at_target=g.at_target.percent(),
            mean_current=charts._fmt(g.mean_current),
            mean_target=charts._fmt(g.mean_target),
        )

    def category_block(self, cid: str) -> list[Flowable]:
        st = self.st
        c = self.pb.category(cid)
        g = self.s.category(cid)
        title = f"{cid} — {c.title}"
        head = Heading(markup(title), st.h3, outline=title, level=2, key=self.key("c"))
        lead: list[Flowable] = [head]
        if self.o.include_guidance:
            lead.append(self.p(c.summary, st.guidance))
        if g.in_scope == 0:
            return [*lead, self.p(T.CATEGORY_OUT_OF_SCOPE, st.muted)]
        lead.append(self.p(self.group_line(g), st.muted))
        out: list[Flowable] = []
        first = True
        for sid in framework.subcategories_of_category(cid):
            if sid in self.out_of_scope:
                continue
            block = self.subcategory_block(sid)
            if first:
                out.append(KeepTogether([*lead, *block[:2]]))
                out += block[2:]
                first = False
            else:
                out += block
        return out

    def subcategory_block(self, sid: str) -> list[Flowable]:
        """Heading and status strip (kept together), then guidance, notes, questions, links."""
        a, st = self.a, self.st
        r: Response = a.response(sid)
        sub = self.pb.subcategory(sid)
        title = f"{sid} — {sub.title}"
        head = Heading(
            f"<b>{_nb(sid)}</b>  {markup(sub.title)}",
            st.h4,
            outline=title,
            level=3,
            key=self.key("sc"),
            toc=False,
        )
        target = a.effective_target(sid)
        target_text = self.level_text(target)
        if r.target is None:
            target_text = T.R_DEFAULT_TARGET.format(level=target_text)
        gap = next((g.gap for g in self.s.gaps if g.subcategory_id == sid), None)
        if r.applicability == "not_applicable":
            applies = T.R_NOT_APPLICABLE
        elif r.applicability == "inherited":
            applies = T.R_INHERITED
        else:
            applies = T.R_APPLICABLE
        cells = [
            (
                T.R_CURRENT,
                self.level_text(r.current) if r.applicability != "not_applicable" else T.NONE,
            ),
            (T.R_TARGET, target_text if r.applicability != "not_applicable" else T.NONE),
            (
                T.R_GAP,
                T.NONE if gap is None else _signed(gap),
            ),
            (T.R_APPLICABILITY, applies),
            (T.R_EVIDENCE_OK, T.YES if r.evidence_supported else T.NO),
            (T.R_OWNER, r.owner or T.NONE),
            (T.R_DUE, _date(r.due_date)),
            (T.R_PRIORITY, (r.priority or T.NONE).capitalize()),
        ]
        # Labels and values are short fixed texts (plain table strings, cheap to lay out);
        # only the owner is user text and gets a paragraph.
        values2: list[Any] = [self.label(v, st.cell) for _, v in cells[4:]]
        values2[1] = self.cell(r.owner or T.NONE)
        strip = Table(
            [
                [self.label(k, st.note) for k, _ in cells[:4]],
                [self.label(v, st.cell_bold) for _, v in cells[:4]],
                [self.label(k, st.note) for k, _ in cells[4:]],
                values2,
            ],
            colWidths=[FRAME_WIDTH / 4] * 4,
            hAlign="LEFT",
            splitInRow=_has_long_cell([values2]),
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
            out.append(
                self.pm(f"<b>{markup(T.R_NA_JUSTIFICATION)}</b>" + markup(r.na_justification))
            )
        if r.applicability == "inherited":
            out.append(self.pm(f"<b>{markup(T.R_INHERITED_FROM)}</b>" + markup(r.inherited_from)))
        if self.o.include_guidance:
            out.append(self.pm(f"<b>{markup(T.R_SUMMARY)}</b>" + markup(sub.summary), st.guidance))
            out.append(self.pm(f"<b>{markup(T.R_WHY)}</b>" + markup(sub.why), st.guidance))
        if r.notes.strip():
            out.append(self.p(T.R_NOTES, st.label))
            out += self.blocks(r.notes)
        links = self.links_line(sid)
        questions = self.question_table(sid, r, links)
        out += questions
        if links and not questions:
            out.append(self.pm(links, st.body_small))
        if r.updated_at is not None or r.updated_by:
            when = _datetime(r.updated_at)
            text = (
                T.R_UPDATED.format(who=r.updated_by, when=when)
                if r.updated_by
                else T.R_UPDATED_NO_WHO.format(when=when)
            )
            out.append(self.p(text, st.muted))
        out.append(Spacer(1, 4))
        return out

    def question_table(self, sid: str, r: Response, links: str = "") -> list[Flowable]:
        """The checklist; the linked items go in a last row, so they never stand alone."""
        st = self.st
        sub = self.pb.subcategory(sid)
        known = [q.id for q in sub.questions]
        texts = {q.id: q.text for q in sub.questions}
        ids = known + [q for q in r.questions if q not in texts]
        if not r.questions and r.applicability == "not_applicable":
            return []
        # Short fixed labels are plain table strings (no paragraph to lay out) when the main
        # font can print them; answers never need to wrap.
        rows: list[list[Any]] = [
            [self.label(x, st.cell_head) for x in (T.TH_QUESTION, T.TH_ANSWER, T.TH_COMMENT)]
        ]
        for qid in ids:
            qa = r.questions.get(qid)
            answer = QUESTION_ANSWERS[qa.answer] if qa and qa.answer else T.R_UNANSWERED
            comment = qa.comment if qa and qa.comment.strip() else ""
            rows.append(
                [
                    self.cell(texts.get(qid, qid)),
                    self.label(answer, st.cell_bold),
                    self.cell(comment) if comment else "",
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
            rows.append([self.pm(links, st.cell), "", ""])
            extra += [
                ("SPAN", (0, -1), (-1, -1)),
                ("BACKGROUND", (0, -1), (-1, -1), WHITE),
                ("LINEBELOW", (0, -1), (-1, -1), 0, WHITE),
                ("TOPPADDING", (0, -1), (-1, -1), 4),
                ("LEFTPADDING", (0, -1), (-1, -1), 0),
            ]
        table = self.table(rows, [0.46, 0.09, 0.45], extra=extra)
        return [self.p(T.R_QUESTIONS, st.label), table]

    def links_line(self, sid: str) -> str:
        risks, actions, evidence = self.a.links_to(sid)
        parts = []
        for label, items in (
            (T.R_EVIDENCE, evidence),
            (T.R_RISKS, risks),
            (T.R_ACTIONS, actions),
        ):
            if items:
                listed = "; ".join(f"{markup(x.id)} {markup(_clip(x.title, 160))}" for x in items)
                parts.append(f"<b>{markup(label)}</b>{listed}")
        return "<br/>".join(parts)

    # -- appendices ------------------------------------------------------------------------------
    def appendix_scope(self) -> list[Flowable]:
        a, s, st = self.a, self.s, self.st
        out: list[Flowable] = [self.h1(T.APP_SCOPE), self.p(T.SCOPE_INTRO, st.muted)]
        out.append(self.h2(T.SCOPE_EXCLUDED))
        if a.scope.exclusions:
            rows: list[list[Any]] = [self.head(T.TH_ITEM, T.TH_REASON)]
            for e in sorted(a.scope.exclusions, key=lambda e: _scope_order(e.item_id)):
                if framework.is_category_id(e.item_id):
                    subs = ", ".join(framework.subcategories_of_category(e.item_id))
                    item = self.pm(
                        f"<b>{_nb(e.item_id)}</b> {markup(self.pb.category(e.item_id).title)}"
                        f"<br/>{markup(T.SCOPE_WHOLE_CATEGORY.format(ids=subs))}",
                        st.cell,
                    )
                else:
                    item = self.id_title(e.item_id)
                rows.append([item, self.cell(e.reason)])
            out.append(self.table(rows, [0.35, 0.65]))
        else:
            out.append(self.p(T.SCOPE_EXCLUDED_NONE))
        out.append(self.h2(T.SCOPE_NA))
        if s.not_applicable:
            rows = [self.head(T.TH_SUBCATEGORY, T.TH_JUSTIFICATION)]
            for sid in s.not_applicable:
                rows.append([self.id_title(sid), self.cell(a.response(sid).na_justification)])
            out.append(self.table(rows, [0.35, 0.65]))
        else:
            out.append(self.p(T.SCOPE_NA_NONE))
        out.append(self.h2(T.SCOPE_INHERITED))
        if s.inherited:
            rows = [self.head(T.TH_SUBCATEGORY, T.TH_SOURCE)]
            for sid in s.inherited:
                rows.append([self.id_title(sid), self.cell(a.response(sid).inherited_from)])
            out.append(self.table(rows, [0.35, 0.65]))
        else:
            out.append(self.p(T.SCOPE_INHERITED_NONE))
        if a.profile.scope_notes.strip():
            out.append(self.h2(T.SCOPE_NOTES))
            out += self.blocks(a.profile.scope_notes)
        return out

    def appendix_method(self) -> list[Flowable]:
        a, s, st = self.a, self.s, self.st
        out: list[Flowable] = [
            self.h1(T.APP_METHOD),
            self.p(T.METHOD_INTRO.format(method=s.method_version)),
            self.h2(T.METHOD_SCALE),
            self.p(T.METHOD_SCALE_TEXT.format(default=a.default_target)),
        ]
        rows: list[list[Any]] = [self.head(T.TH_LEVEL, T.TH_NAME, T.TH_MEANING)]
        for lvl, (name, meaning) in MATURITY_LEVELS.items():
            rows.append([self.cell(str(lvl), st.cell_bold), self.cell(name), self.cell(meaning)])
        out.append(self.table(rows, [0.08, 0.22, 0.7]))
        out.append(self.h2(T.METHOD_DEFS))
        out.append(self.kv(list(T.METHOD_DEFINITIONS), 0.24))
        out.append(self.h2(T.METHOD_BANDS))
        rows = [self.head(T.TH_BAND, T.TH_SCORES, "")]
        tol_rank = a.risk_bands.rank(a.profile.risk_tolerance)
        for i, b in enumerate(a.risk_bands.bands):
            rows.append(
                [
                    self.cell(b.name, st.cell_bold),
                    self.cell(T.BAND_RANGE.format(lo=b.min_score, hi=b.max_score)),
                    self.cell(T.TOLERANCE_MARK if i == tol_rank else ""),
                ]
            )
        out.append(self.table(rows, [0.3, 0.3, 0.4]))
        out.append(self.h2(T.METHOD_SCALES))
        rows = [self.head(T.TH_LEVEL, T.CH_LIKELIHOOD, T.CH_IMPACT)]
        for k in range(1, 6):
            rows.append(
                [
                    self.cell(str(k), st.cell_bold),
                    self.cell(LIKELIHOOD_SCALE[k]),
                    self.cell(IMPACT_SCALE[k]),
                ]
            )
        out.append(self.table(rows, [0.1, 0.45, 0.45]))
        return out

    def appendix_evidence(self) -> list[Flowable]:
        a, st = self.a, self.st
        out: list[Flowable] = [self.h1(T.APP_EVIDENCE), self.p(T.EVIDENCE_INTRO, st.muted)]
        if not a.evidence:
            return [*out, self.p(T.EVIDENCE_NONE)]
        rows: list[list[Any]] = [self.head(T.TH_ID, T.TH_EVIDENCE, T.TH_KIND, T.TH_EFFECTIVE)]
        spans: list[tuple[Any, ...]] = []
        for e in a.evidence:
            rows.append(
                [
                    self.cell(e.id, st.cell_bold),
                    self.evidence_cell(e),
                    self.evidence_kind(e),
                    self.cell(_date(e.effective_date)),
                ]
            )
            if e.attachment is not None:
                i = len(rows)
                rows.append(
                    [
                        "",
                        self.pm(
                            f'<font name="{SANS}" size="7">{markup(T.EVIDENCE_SHA)}</font>'
                            + e.attachment.sha256,
                            st.mono_small,
                        ),
                        "",
                        "",
                    ]
                )
                spans += [
                    ("SPAN", (1, i), (3, i)),
                    ("LINEABOVE", (1, i), (3, i), 0, PANEL),
                    ("TOPPADDING", (0, i), (-1, i), 0),
                ]
        t = self.table(
            rows, [0.075, 0.45, 0.35, 0.125], style=grid_table_style(zebra=False), extra=spans
        )
        out.append(t)
        return out

    def evidence_cell(self, e: Evidence) -> Paragraph:
        parts = [f"<b>{markup(e.title)}</b>"]
        if e.description.strip():
            parts.append(markup(e.description))
        if e.subcategories:
            parts.append(
                f'<font color="#5D6D7E">{markup(T.EVIDENCE_FOR)}'
                + ", ".join(map(_nb, e.subcategories))
                + "</font>"
            )
        return self.pm("<br/>".join(parts), self.st.cell)

    def evidence_kind(self, e: Evidence) -> Paragraph:
        parts = []
        if e.attachment is not None:
            att = e.attachment
            parts.append(
                markup(
                    T.EVIDENCE_FILE.format(
                        name=att.filename, media=att.media_type, size=_size(att.size)
                    )
                )
            )
        if e.url:
            parts.append(markup(T.EVIDENCE_LINK) + markup(e.url))
        return self.pm("<br/>".join(parts) or T.NONE, self.st.cell)

    def appendix_signoff(self) -> list[Flowable]:
        a, st = self.a, self.st
        rv = a.review
        state = REVIEW_STATES[rv.state].lower()
        intro = (
            T.SIGNOFF_INTRO_FINAL.format(when=_datetime(rv.finalized_at))
            if a.is_final
            else T.SIGNOFF_INTRO_DRAFT.format(state=state)
        )
        out: list[Flowable] = [self.h1(T.APP_SIGNOFF), self.p(intro, st.muted)]
        out.append(self.h2(T.SIGNOFF_ROLES))
        out.append(
            self.kv(
                [
                    (T.COVER_FIELDS["assessors"], ", ".join(rv.assessors) or T.NONE),
                    (T.COVER_FIELDS["reviewer"], rv.reviewer or T.NONE),
                    (T.COVER_FIELDS["approver"], rv.approver or T.NONE),
                    (
                        T.COVER_FIELDS["decision"],
                        (DEPLOYMENT_OUTCOMES[rv.decision.outcome] + ". " + rv.decision.rationale)
                        if rv.decision
                        else T.NOT_SET,
                    ),
                ]
            )
        )
        out.append(self.h2(T.SIGNOFF_RECORDED))
        if rv.signatures:
            rows: list[list[Any]] = [self.head(T.TH_ROLE, T.TH_NAME, T.TH_SIGNED, T.TH_STATEMENT)]
            for sig in rv.signatures:
                rows.append(
                    [
                        self.cell(T.SIGNOFF_ROLE_NAMES[sig.role], st.cell_bold),
                        self.cell(sig.name),
                        self.cell(_datetime(sig.signed_at)),
                        self.cell(sig.statement or T.NONE),
                    ]
                )
            out.append(self.table(rows, [0.12, 0.2, 0.18, 0.5]))
        else:
            out.append(self.p(T.SIGNOFF_NONE))
        if not a.is_final:
            signed = {sig.role for sig in rv.signatures}
            todo = [
                (role, name)
                for role, name in (("reviewer", rv.reviewer), ("approver", rv.approver))
                if role not in signed
            ]
            if todo:
                out.append(self.h2(T.SIGNOFF_TO_SIGN))
                rows = [self.head(T.TH_ROLE, T.TH_NAME, T.TH_SIGNATURE, T.TH_DATE)]
                for role, name in todo:
                    rows.append(
                        [
                            self.cell(T.SIGNOFF_ROLE_NAMES[role], st.cell_bold),
                            self.cell(name or ""),
                            "",
                            "",
                        ]
                    )
                t = self.table(
                    rows,
                    [0.14, 0.3, 0.36, 0.2],
                    style=grid_table_style(zebra=False),
                    extra=[
                        ("ROWPADDING", (0, 1), (-1, -1), 0),
                        ("TOPPADDING", (0, 1), (-1, -1), 16),
                        ("BOTTOMPADDING", (0, 1), (-1, -1), 16),
                        ("LINEBELOW", (2, 1), (3, -1), 0.8, ACCENT),
                    ],
                )
                out.append(t)
        return out

    def appendix_provenance(self) -> list[Flowable]:
        st = self.st
        pairs = [(T.PROV_FIELDS[k], v) for k, v in self.provenance().items()]
        out: list[Flowable] = [
            self.h1(T.APP_PROVENANCE),
            self.p(T.PROV_INTRO, st.muted),
            self.kv(pairs),
            self.h2(T.PROV_FINGERPRINT),
        ]
        out += self.fingerprint_block(short=False)
        out.append(self.p(T.PROV_DETERMINISTIC, st.note))
        return out

    def provenance(self) -> dict[str, str]:
        """Provenance facts keyed as in ``text.PROV_FIELDS``."""
        a, s = self.a, self.s
        kind = T.REPORT_KIND_EXECUTIVE if self.o.executive else T.REPORT_KIND_FULL
        if not self.o.executive:
            kind += ", " + (T.GUIDANCE_INCLUDED if self.o.include_guidance else T.GUIDANCE_LEFT_OUT)
        return {
            "generated": _datetime(self.o.generated_at),
            "kind": kind,
            "app": T.PROV_APP.format(version=__version__, reportlab=reportlab.Version),
            "framework": T.PROV_FRAMEWORK,
            "content": T.PROV_CONTENT.format(id=a.playbook.id, version=a.playbook.version),
            "content_printed": T.PROV_CONTENT.format(id=self.pb.id, version=self.pb.version),
            "method": T.PROV_METHOD.format(version=s.method_version),
            "assessment": a.id,
            "revision": f"{a.revision}, {REVIEW_STATES[a.review.state].lower()}",
            "created": _datetime(a.created_at),
            "finalised": _datetime(a.review.finalized_at),
            "fonts": fonts().describe(),
        }

    def about_executive(self) -> list[Flowable]:
        """The executive report's short provenance: where the figures come from, the fingerprint."""
        st = self.st
        facts = self.provenance()
        keep = ("generated", "app", "framework", "content", "method", "revision")
        pairs: list[tuple[str, Any]] = [(T.PROV_FIELDS[k], facts[k]) for k in keep]
        a = self.a
        pairs.append(
            (
                T.COVER_FIELDS["fingerprint"],
                Paragraph(a.fingerprint, st.mono_small) if a.fingerprint else T.PROV_NO_FP_SHORT,
            )
        )
        out: list[Flowable] = [self.h2(T.SEC_ABOUT, level=0), self.kv(pairs), Spacer(1, 2 * mm)]
        if a.fingerprint:
            out += self.fingerprint_block(short=True)
        out.append(self.p(T.ABOUT_FULL_REPORT, st.note))
        return out

    def fingerprint_block(self, *, short: bool) -> list[Flowable]:
        a, st = self.a, self.st
        if not a.fingerprint:
            return [] if short else [self.p(T.PROV_NO_FINGERPRINT)]
        out: list[Flowable] = []
        if not short:
            out.append(Paragraph(a.fingerprint, st.mono))
        actual = canonical.fingerprint(a)
        if actual == a.fingerprint:
            out.append(self.p(T.PROV_FP_CHECK_OK, st.muted))
        else:
            out.append(self.p(T.PROV_FP_CHECK_BAD.format(actual=actual), st.warn))
        if short:
            return out
        out.append(self.p(T.PROV_FP_TEXT))
        steps = "<br/>".join(markup(x.format(revision=a.revision)) for x in T.PROV_FP_STEPS)
        out.append(self.callout([Paragraph(steps, st.mono)]))
        out.append(Spacer(1, 3))
        out.append(self.p(T.PROV_FP_OTHER_OS, st.muted))
        return out


def _scope_order(item_id: str) -> int:
    if framework.is_subcategory_id(item_id):
        return framework.order_key(item_id)
    first = framework.subcategories_of_category(item_id)[0]
    return framework.order_key(first) - 1
