"""rmf-app's scoring method: one pure function that computes every number the app shows.

AI RMF 1.0 defines no tiers, maturity levels or scores; this method is rmf-app's own. The GUI,
the CLI and the PDF all show the result of :func:`score`, so they always agree; the walk's
progress and gap line read :mod:`rmf_app.domain.progress`, which :func:`score` counts with.

Method version 1.0 (documented in ``docs/scoring.md`` and the report's methodology appendix):

* *in scope*: not excluded, neither itself nor through its category;
* *answered*: applicable and a current maturity is given;
* *rated*: in scope, not N/A, with a current maturity (answered, or inherited with a level);
* the reconciliation rule: every in-scope item is exactly one of *at target* (rated, current ≥
  target), *below target* (rated, current < target), *not assessed* (no current maturity: left
  blank, or inherited without a level) or *N/A*; the four always add up to the items in scope;
* completion = (rated + N/A) / in scope (inherited without a level is not complete);
* at-target rate = rated items whose current ≥ target / in-scope items that are not N/A
  (unanswered items count as not at target);
* distribution of current levels, mean current and mean target over the rated items (means to
  one decimal, half up; secondary, since the scale is ordinal);
* gap = target − current for each rated item; in-scope applicable items with no current
  maturity are *not assessed*, never zero gaps;
* characteristic coverage = the at-target rate over the in-scope items tagged with it;
* risk score = likelihood × impact, banded by the assessment's bands, inherent and residual.
"""


import datetime as dt

from pydantic import BaseModel, ConfigDict

from . import framework
from . import progress as _progress
from .assessment import Assessment, Risk
from .decision import DecisionFigures, decision_figures
from .labels import CHARACTERISTICS
from .playbook import Playbook

METHOD_VERSION = "1.1"
#: a group with fewer than this share of its applicable items rated is drawn as provisional:
#: its means rest on too few items to compare with the others
PROVISIONAL_BELOW = 0.8


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Fraction(_Result):
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def percent(self) -> str:
        """Whole percent, half up; an em dash when there is nothing to divide by."""
        return _progress.percent(self.numerator, self.denominator)


class GroupScore(_Result):
    """Scores of a function, a category, or the whole assessment ("ALL").

    ``at_target.numerator + below_target + not_assessed + not_applicable == in_scope`` always
    (see :meth:`reconciles`).
    """

    id: str
    total: int
    in_scope: int
    #: applicable with a current maturity
    answered: int
    not_applicable: int
    #: inherited from a baseline, with or without a level
    inherited: int
    #: in scope, not N/A, no current maturity (blank, or inherited without a level)
    not_assessed: int
    completion: Fraction
    at_target: Fraction
    #: maturity level -> number of rated items at that current level
    distribution: dict[int, int]
    mean_current: float | None
    mean_target: float | None
    #: rated items (answered, or inherited with a level): what the means rest on
    rated: int = 0
    #: rated items whose current maturity is below target
    below_target: int = 0
    #: inherited items without a level (counted in ``not_assessed``)
    inherited_without_level: int = 0

    @property
    def applicable(self) -> int:
        """In-scope items that are not N/A: what "n rated of m" counts against."""
        return self.in_scope - self.not_applicable

    @property
    def at_target_count(self) -> int:
        return self.at_target.numerator

    @property
    def provisional(self) -> bool:
        """Fewer than :data:`PROVISIONAL_BELOW` of the applicable items are rated, so the means
        describe only part of the group (charts draw it in outline, with a note)."""
        return self.applicable > 0 and self.rated < PROVISIONAL_BELOW * self.applicable

    def reconciles(self) -> bool:
        """The four-way split adds up to the items in scope."""
        return (
            self.at_target.numerator + self.below_target + self.not_assessed + self.not_applicable
            == self.in_scope
        )


class Gap(_Result):
    subcategory_id: str
    current: int
    target: int
    gap: int


class CharacteristicCoverage(_Result):
    characteristic: str
    at_target: Fraction


class RiskScore(_Result):
    risk_id: str
    inherent_score: int
    inherent_band: str
    residual_score: int | None
    residual_band: str | None
    #: the band that counts against the tolerance: residual where known, else inherent
    effective_band: str
    at_or_above_tolerance: bool
    accepted: bool

    @property
    def judged_on_inherent(self) -> bool:
        """No residual rating yet: the tolerance is judged on the inherent score, so the
        report must say so rather than present the risk as treated."""
        return self.residual_score is None


class Scores(_Result):
    method_version: str
    overall: GroupScore
    functions: list[GroupScore]
    categories: list[GroupScore]
    #: rated items, largest gap first (ties in framework order); includes gaps ≤ 0
    gaps: list[Gap]
    #: in scope, not N/A, without a current maturity, in framework order (includes inherited
    #: items without a level: see ``inherited_without_level``)
    not_assessed: list[str]
    out_of_scope: list[str]
    not_applicable: list[str]
    inherited: list[str]
    characteristics: list[CharacteristicCoverage]
    risks: list[RiskScore]
    #: heat maps indexed [likelihood-1][impact-1] -> number of risks
    inherent_heatmap: list[list[int]]
    residual_heatmap: list[list[int]]
    overdue_actions: list[str]
    #: inherited items that carry no level (also in ``not_assessed``)
    inherited_without_level: list[str] = []
    #: remediation, deployment conditions, evidence backing, acceptance and the opinion
    decision: DecisionFigures | None = None

    def function(self, function_id: str) -> GroupScore:
        return next(g for g in self.functions if g.id == function_id)

    def category(self, category_id: str) -> GroupScore:
        return next(g for g in self.categories if g.id == category_id)

    def risk(self, risk_id: str) -> RiskScore:
        return next(r for r in self.risks if r.risk_id == risk_id)

    @property
    def largest_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.gap > 0]


round_half_up = _progress.round_half_up


def _group(group_id: str, ids: list[str], a: Assessment) -> GroupScore:
    # each item's standing, and so the completion, comes from domain/progress.py, which the
    # walk also shows
    standings = [(sid, _progress.standing(a, sid)) for sid in ids]
    in_scope = [sid for sid, st in standings if st.state != _progress.OUT_OF_SCOPE]
    answered = na = inherited = inherited_blank = not_assessed = at_target = below = 0
    rated_current: list[int] = []
    rated_target: list[int] = []
    for sid, st in standings:
        if st.state == _progress.OUT_OF_SCOPE:
            continue
        if st.state == _progress.NOT_APPLICABLE:
            na += 1
            continue
        applicability = a.response(sid).applicability
        if applicability == "inherited":
            inherited += 1
        if st.current is None or st.target is None:
            not_assessed += 1
            if applicability == "inherited":
                inherited_blank += 1
            continue
        if applicability == "applicable":
            answered += 1
        rated_current.append(st.current)
        rated_target.append(st.target)
        if st.current >= st.target:
            at_target += 1
        else:
            below += 1
    n = len(rated_current)
    return GroupScore(
        id=group_id,
        total=len(ids),
        in_scope=len(in_scope),
        answered=answered,
        not_applicable=na,
        inherited=inherited,
        not_assessed=not_assessed,
        completion=Fraction(numerator=n + na, denominator=len(in_scope)),
        at_target=Fraction(numerator=at_target, denominator=len(in_scope) - na),
        distribution={lvl: rated_current.count(lvl) for lvl in range(5)},
        mean_current=round_half_up(sum(rated_current) / n) if n else None,
        mean_target=round_half_up(sum(rated_target) / n) if n else None,
        rated=n,
        below_target=below,
        inherited_without_level=inherited_blank,
    )


def _at_or_above_tolerance(band: str, a: Assessment) -> bool:
    """Whether a risk in ``band`` needs an acceptance under the profile's risk tolerance."""
    return a.risk_bands.rank(band) >= a.risk_bands.rank(a.profile.risk_tolerance)


def risk_score(risk: Risk, a: Assessment) -> RiskScore:
    """One risk's scores and bands against the assessment's bands and tolerance."""
    bands = a.risk_bands
    inherent_band = bands.band_for(risk.inherent_score)
    residual = risk.residual_score
    residual_band = bands.band_for(residual) if residual is not None else None
    effective = residual_band or inherent_band
    return RiskScore(
        risk_id=risk.id,
        inherent_score=risk.inherent_score,
        inherent_band=inherent_band,
        residual_score=residual,
        residual_band=residual_band,
        effective_band=effective,
        at_or_above_tolerance=_at_or_above_tolerance(effective, a),
        accepted=risk.acceptance is not None,
    )


def band_grid(a: Assessment) -> list[list[tuple[str, bool]]]:
    """Each cell of the 5 × 5 likelihood × impact grid, indexed [likelihood-1][impact-1]: its
    band, and whether a risk rated there is at or above the risk tolerance — what a heat map
    colors and outlines, by the same rules as :func:`score`."""
    grid = []
    for likelihood in range(1, 6):
        row = []
        for impact in range(1, 6):
            band = a.risk_bands.band_for(likelihood * impact)
            row.append((band, _at_or_above_tolerance(band, a)))
        grid.append(row)
    return grid


def score(assessment: Assessment, playbook: Playbook, today: dt.date | None = None) -> Scores:
    """Compute every number of SPEC §3 for an assessment.

    Args:
        assessment: the assessment to score.
        playbook: the content it was answered against (for characteristic tags).
        today: the date against which actions are overdue; none are overdue when omitted.
    """
    a = assessment
    all_ids = list(framework.subcategory_ids())
    functions = [
        _group(fn, [s for s in all_ids if framework.function_of(s) == fn], a)
        for fn in framework.FUNCTION_IDS
    ]
    categories = [
        _group(c, list(framework.subcategories_of_category(c)), a) for c in framework.category_ids()
    ]
    gaps: list[Gap] = []
    not_assessed: list[str] = []
    for sid in all_ids:
        st = _progress.standing(a, sid)
        if st.state == _progress.NOT_ASSESSED:
            not_assessed.append(sid)
        elif st.current is not None and st.target is not None:
            gap = st.target - st.current
            gaps.append(Gap(subcategory_id=sid, current=st.current, target=st.target, gap=gap))
    gaps.sort(key=lambda g: (-g.gap, framework.order_key(g.subcategory_id)))

    coverage = [
        CharacteristicCoverage(
            characteristic=ch,
            at_target=_group(
                ch, [s.id for s in playbook.subcategories if ch in s.characteristics], a
            ).at_target,
        )
        for ch in CHARACTERISTICS
    ]

    risks = [risk_score(r, a) for r in a.risks]
    inherent = [[0] * 5 for _ in range(5)]
    residual = [[0] * 5 for _ in range(5)]
    for risk in a.risks:
        inherent[risk.likelihood - 1][risk.impact - 1] += 1
        if risk.residual_likelihood is not None and risk.residual_impact is not None:
            residual[risk.residual_likelihood - 1][risk.residual_impact - 1] += 1

    overdue = []
    if today is not None:
        overdue = [
            x.id
            for x in a.actions
            if x.due_date is not None
            and x.due_date < today
            and x.status not in ("done", "cancelled")
        ]

    overall = _group("ALL", all_ids, a)
    largest = [g.subcategory_id for g in gaps if g.gap > 0]
    decision = decision_figures(
        a,
        gap_ids=largest,
        above_tolerance={r.risk_id: r.at_or_above_tolerance for r in risks},
        at_target=overall.at_target.numerator,
        applicable=overall.applicable,
        not_assessed=overall.not_assessed,
        overdue_actions=overdue,
        today=today,
        assessed=overall.completion.numerator,
        in_scope=overall.in_scope,
    )
    return Scores(
        method_version=METHOD_VERSION,
        overall=overall,
        functions=functions,
        categories=categories,
        gaps=gaps,
        not_assessed=not_assessed,
        out_of_scope=[s for s in all_ids if not a.scope.in_scope(s)],
        not_applicable=[
            s
            for s in all_ids
            if a.scope.in_scope(s) and a.response(s).applicability == "not_applicable"
        ],
        inherited=[
            s for s in all_ids if a.scope.in_scope(s) and a.response(s).applicability == "inherited"
        ],
        characteristics=coverage,
        risks=risks,
        inherent_heatmap=inherent,
        residual_heatmap=residual,
        overdue_actions=overdue,
        inherited_without_level=[
            s for s in not_assessed if a.response(s).applicability == "inherited"
        ],
        decision=decision,
    )
