"""What a risk manager decides on, beyond the maturity figures (issue #13, points 3 to 7).

Computed by :func:`decision_figures`, which :func:`rmf_app.domain.scoring.score` calls, so the
dashboard, ``rmf-app info`` and the report show the same result:

* *remediation*: the actions linked to each gap, the gaps no open action addresses and the
  overdue actions on gaps;
* *deployment conditions*: each action the decision names as a condition, with its status
  (done, open, overdue, and whether it was already overdue when the decision was recorded);
* *evidence backing*: per function and overall, how many rated items have "Evidence supports
  the rating", and the at-target items without it;
* *acceptance*: every risk treated by acceptance, and every risk at or above the tolerance,
  needs who accepted it, when and why; above the tolerance the acceptor must hold the
  acceptance role the profile names;
* *the overall opinion*, by the declared rule of :data:`OPINION_RULE` — rmf-app's own rule
  over its own figures, never a NIST rating — and the reviewer's override, when recorded.

Pure: no I/O, no Qt. Reasons carry their figures and an English sentence; views may word them
in their own language from ``kind`` and the figures.
"""


import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import framework
from .assessment import Action, Assessment

OPINION_RATINGS: dict[str, str] = {
    "satisfactory": "Satisfactory",
    "needs_improvement": "Needs improvement",
    "unsatisfactory": "Unsatisfactory",
    "not_formed": "Not formed — too little assessed",
}
#: what the rule gives: a rating, or no opinion at all while too little is assessed (a reviewer
#: may still override it with a rating)
OpinionResult = Literal["satisfactory", "needs_improvement", "unsatisfactory", "not_formed"]
#: thresholds of the opinion rule (shares, 0..1)
AT_TARGET_SATISFACTORY = 0.8
AT_TARGET_UNSATISFACTORY = 0.5
EVIDENCE_SATISFACTORY = 0.8
#: below this share of the in-scope items assessed (rated or N/A) no opinion is formed: the
#: same share below which the charts draw a group as provisional (scoring.PROVISIONAL_BELOW)
MIN_ASSESSED = 0.8

#: the rule, as the report's methodology appendix and docs/scoring.md state it
OPINION_RULE: tuple[tuple[str, str], ...] = (
    (
        "Not formed",
        "if fewer than 80% of the in-scope items are assessed (rated or not applicable): the "
        "figures describe too little of the system for an opinion. The report prints the "
        "share, and the other criteria for information.",
    ),
    (
        "Unsatisfactory",
        "if any of: fewer than 50% of the applicable items at target; a risk at or above the "
        "tolerance without a complete acceptance (who, when, why, and the acceptance role where "
        "the profile names one); a deployment condition overdue.",
    ),
    (
        "Satisfactory",
        "if all of: at least 80% of the applicable items at target; no item left not assessed; "
        "at least 80% of the rated items backed by evidence; every accepted risk with a "
        "complete acceptance; no overdue action on a gap; no condition overdue.",
    ),
    ("Needs improvement", "otherwise."),
)
OPINION_NOT_NIST = (
    "rmf-app's own opinion, by its declared rule over its own figures: not a NIST rating, tier "
    "or certification (AI RMF 1.0 defines none)."
)

ConditionState = Literal["done", "open", "overdue", "cancelled", "missing"]
Effect = Literal["ok", "needs_improvement", "unsatisfactory", "not_formed"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class GapRemediation(_Result):
    subcategory_id: str
    #: linked actions that are not cancelled, in plan order
    actions: list[str]
    overdue: list[str]


class ConditionStatus(_Result):
    action_id: str
    state: ConditionState
    due_date: dt.date | None = None
    #: the due date had passed when the decision was recorded (and it was not done by then)
    overdue_at_decision: bool = False


class EvidenceBacking(_Result):
    """Rated items (answered, or inherited with a level) and how many of them are backed."""

    id: str
    rated: int
    backed: int


class AcceptanceIssue(_Result):
    risk_id: str
    #: "missing": no acceptance; "incomplete": who, when or why is missing; "role": above the
    #: tolerance, the acceptor does not hold the profile's acceptance role
    kind: Literal["missing", "incomplete", "role"]
    above_tolerance: bool
    text: str


class OpinionReason(_Result):
    kind: Literal[
        "assessed", "at_target", "not_assessed", "evidence", "acceptance", "conditions", "gaps"
    ]
    effect: Effect
    text: str


class Opinion(_Result):
    #: what the report shows: the reviewer's override where recorded, else the rule's result
    rating: OpinionResult
    computed: OpinionResult
    reasons: list[OpinionReason]
    overridden: bool = False
    override_rationale: str = ""
    override_by: str = ""
    override_on: dt.date | None = None
    #: in-scope items assessed (rated or N/A) and in scope: what "not formed" is judged on
    assessed: int = 0
    in_scope: int = 0

    def _label(self, result: OpinionResult) -> str:
        text = OPINION_RATINGS[result]
        if result == "not_formed":
            text += f" ({self.assessed} of {self.in_scope})"
        return text

    @property
    def label(self) -> str:
        """What every view prints: "Unsatisfactory", "Not formed — too little assessed (2 of
        71)"."""
        return self._label(self.rating)

    @property
    def computed_label(self) -> str:
        return self._label(self.computed)


class DecisionFigures(_Result):
    remediation: list[GapRemediation]
    gaps_without_action: list[str]
    overdue_on_gaps: list[str]
    conditions: list[ConditionStatus]
    evidence: list[EvidenceBacking]
    at_target_without_evidence: list[str]
    acceptance_issues: list[AcceptanceIssue]
    opinion: Opinion

    @property
    def overdue_conditions(self) -> list[str]:
        return [c.action_id for c in self.conditions if c.state == "overdue"]

    def evidence_for(self, group_id: str) -> EvidenceBacking:
        return next(e for e in self.evidence if e.id == group_id)

    def remediation_for(self, subcategory_id: str) -> GapRemediation:
        return next(r for r in self.remediation if r.subcategory_id == subcategory_id)


def _pct(num: int, den: int) -> str:
    return "—" if den == 0 else f"{int(100 * num / den + 0.5)}%"


def is_overdue(x: Action, day: dt.date | None) -> bool:
    return (
        day is not None
        and x.due_date is not None
        and x.due_date < day
        and x.status not in ("done", "cancelled")
    )


def remediation(
    a: Assessment, gap_ids: Sequence[str], overdue: Iterable[str]
) -> list[GapRemediation]:
    late = set(overdue)
    out = []
    for sid in gap_ids:
        acts = [x.id for x in a.actions if sid in x.subcategories and x.status != "cancelled"]
        out.append(
            GapRemediation(subcategory_id=sid, actions=acts, overdue=[i for i in acts if i in late])
        )
    return out


def conditions(a: Assessment, today: dt.date | None) -> list[ConditionStatus]:
    d = a.review.decision
    if d is None:
        return []
    ids = {x.id: x for x in a.actions}
    out = []
    for aid in d.condition_actions:
        x = ids.get(aid)
        if x is None:
            out.append(ConditionStatus(action_id=aid, state="missing"))
            continue
        state: ConditionState
        if x.status in ("done", "cancelled"):
            state = "done" if x.status == "done" else "cancelled"
        elif is_overdue(x, today):
            state = "overdue"
        else:
            state = "open"
        at_decision = (
            d.decided_on is not None
            and x.due_date is not None
            and x.due_date < d.decided_on
            and x.status != "done"
        )
        out.append(
            ConditionStatus(
                action_id=aid, state=state, due_date=x.due_date, overdue_at_decision=at_decision
            )
        )
    return out


def evidence_backing(a: Assessment) -> tuple[list[EvidenceBacking], list[str]]:
    """Per function and overall ("ALL"): rated items and those backed by evidence; and the
    at-target items whose rating no evidence supports, in framework order."""
    rated: dict[str, int] = {}
    backed: dict[str, int] = {}
    unbacked_at_target = []
    for sid in framework.subcategory_ids():
        r = a.response(sid)
        if not a.scope.in_scope(sid) or r.applicability == "not_applicable" or r.current is None:
            continue
        fn = framework.function_of(sid)
        for key in (fn, "ALL"):
            rated[key] = rated.get(key, 0) + 1
            backed[key] = backed.get(key, 0) + int(r.evidence_supported)
        if r.current >= a.effective_target(sid) and not r.evidence_supported:
            unbacked_at_target.append(sid)
    groups = [*framework.FUNCTION_IDS, "ALL"]
    return (
        [EvidenceBacking(id=g, rated=rated.get(g, 0), backed=backed.get(g, 0)) for g in groups],
        unbacked_at_target,
    )


def acceptance_issues(a: Assessment, above_tolerance: dict[str, bool]) -> list[AcceptanceIssue]:
    """Every risk treated by acceptance, and every risk at or above the tolerance, needs a
    complete acceptance; above the tolerance, from the profile's acceptance role."""
    role = a.profile.acceptance_role.strip()
    out = []
    for risk in a.risks:
        above = above_tolerance.get(risk.id, False)
        if risk.treatment != "accept" and not above:
            continue
        acc = risk.acceptance
        if acc is None:
            why = "is at or above the risk tolerance" if above else "is treated by acceptance"
            out.append(
                AcceptanceIssue(
                    risk_id=risk.id,
                    kind="missing",
                    above_tolerance=above,
                    text=f"risk {risk.id} {why} but records no acceptance (who, when and why)",
                )
            )
            continue
        if acc.accepted_on is None:
            out.append(
                AcceptanceIssue(
                    risk_id=risk.id,
                    kind="incomplete",
                    above_tolerance=above,
                    text=f"the acceptance of risk {risk.id} does not say when it was accepted",
                )
            )
        if above and role and acc.role.strip().casefold() != role.casefold():
            held = acc.role.strip() or "no role"
            out.append(
                AcceptanceIssue(
                    risk_id=risk.id,
                    kind="role",
                    above_tolerance=above,
                    text=f"risk {risk.id} is above the tolerance and must be accepted by the "
                    f"{role}; its acceptor is recorded with {held}",
                )
            )
    return out


def opinion(
    a: Assessment,
    *,
    at_target: int,
    applicable: int,
    not_assessed: int,
    evidence: EvidenceBacking,
    issues: Sequence[AcceptanceIssue],
    overdue_conditions: Sequence[str],
    overdue_on_gaps: Sequence[str],
    assessed: int,
    in_scope: int,
) -> Opinion:
    """The overall opinion by :data:`OPINION_RULE`, with one reason per criterion."""
    enough = in_scope > 0 and assessed >= MIN_ASSESSED * in_scope
    reasons: list[OpinionReason] = [
        OpinionReason(
            kind="assessed",
            effect="ok" if enough else "not_formed",
            text=f"{assessed} of {in_scope} in-scope items assessed, rated or not applicable "
            f"({_pct(assessed, in_scope)}; an opinion needs {MIN_ASSESSED:.0%})",
        )
    ]
    rate = at_target / applicable if applicable else 0.0
    pct = _pct(at_target, applicable)
    if applicable and rate >= AT_TARGET_SATISFACTORY:
        effect: Effect = "ok"
    elif rate < AT_TARGET_UNSATISFACTORY:
        effect = "unsatisfactory"
    else:
        effect = "needs_improvement"
    reasons.append(
        OpinionReason(
            kind="at_target",
            effect=effect,
            text=f"{pct} of the applicable items at target ({at_target} of {applicable}; "
            "80% for Satisfactory, under 50% is Unsatisfactory)",
        )
    )
    reasons.append(
        OpinionReason(
            kind="not_assessed",
            effect="ok" if not not_assessed else "needs_improvement",
            text="every applicable item assessed"
            if not not_assessed
            else f"{not_assessed} applicable {'item' if not_assessed == 1 else 'items'} not "
            "assessed",
        )
    )
    ev_rate = evidence.backed / evidence.rated if evidence.rated else 0.0
    reasons.append(
        OpinionReason(
            kind="evidence",
            effect="ok"
            if evidence.rated and ev_rate >= EVIDENCE_SATISFACTORY
            else "needs_improvement",
            text=f"evidence supports {evidence.backed} of {evidence.rated} rated items "
            f"({_pct(evidence.backed, evidence.rated)}; 80% for Satisfactory)",
        )
    )
    above = sorted({i.risk_id for i in issues if i.above_tolerance})
    other = sorted({i.risk_id for i in issues if not i.above_tolerance})
    if above:
        acc_effect: Effect = "unsatisfactory"
        acc_text = f"at or above the tolerance without a complete acceptance: {', '.join(above)}"
        if other:
            acc_text += f"; accepted below it without one: {', '.join(other)}"
    elif other:
        acc_effect = "needs_improvement"
        acc_text = f"accepted without a complete acceptance record: {', '.join(other)}"
    else:
        acc_effect = "ok"
        acc_text = "every risk that needs an acceptance has a complete one"
    reasons.append(OpinionReason(kind="acceptance", effect=acc_effect, text=acc_text))
    decision = a.review.decision
    n_cond = len(decision.condition_actions) if decision else 0
    reasons.append(
        OpinionReason(
            kind="conditions",
            effect="unsatisfactory" if overdue_conditions else "ok",
            text=f"deployment conditions overdue: {', '.join(overdue_conditions)}"
            if overdue_conditions
            else (
                f"none of the {n_cond} deployment conditions overdue"
                if n_cond
                else "no deployment condition recorded"
            ),
        )
    )
    reasons.append(
        OpinionReason(
            kind="gaps",
            effect="needs_improvement" if overdue_on_gaps else "ok",
            text=f"overdue actions on gaps: {', '.join(overdue_on_gaps)}"
            if overdue_on_gaps
            else "no overdue action on a gap",
        )
    )
    effects = {r.effect for r in reasons}
    computed: OpinionResult = (
        "not_formed"
        if not enough
        else "unsatisfactory"
        if "unsatisfactory" in effects
        else ("needs_improvement" if "needs_improvement" in effects else "satisfactory")
    )
    override = a.review.opinion_override
    if override is None:
        return Opinion(
            rating=computed,
            computed=computed,
            reasons=reasons,
            assessed=assessed,
            in_scope=in_scope,
        )
    return Opinion(
        assessed=assessed,
        in_scope=in_scope,
        rating=override.rating,
        computed=computed,
        reasons=reasons,
        overridden=True,
        override_rationale=override.rationale,
        override_by=override.by,
        override_on=override.on,
    )


def decision_figures(
    a: Assessment,
    *,
    gap_ids: Sequence[str],
    above_tolerance: dict[str, bool],
    at_target: int,
    applicable: int,
    not_assessed: int,
    overdue_actions: Sequence[str],
    today: dt.date | None,
    assessed: int,
    in_scope: int,
) -> DecisionFigures:
    """Remediation, conditions, evidence backing, acceptance and the opinion.

    Args:
        gap_ids: the subcategories below target, largest gap first.
        above_tolerance: risk id → at or above the tolerance (by the scores' bands).
        at_target, applicable, not_assessed: the overall figures of the reconciliation rule.
        assessed, in_scope: the overall completion (rated or N/A, of the items in scope).
        overdue_actions: the actions overdue as of ``today``.
        today: the date against which conditions are overdue (none are when omitted).
    """
    rem = remediation(a, gap_ids, overdue_actions)
    without = [r.subcategory_id for r in rem if not r.actions]
    late = sorted({i for r in rem for i in r.overdue}, key=[x.id for x in a.actions].index)
    conds = conditions(a, today)
    evidence, unbacked = evidence_backing(a)
    issues = acceptance_issues(a, above_tolerance)
    overdue_conds = [c.action_id for c in conds if c.state == "overdue"]
    return DecisionFigures(
        remediation=rem,
        gaps_without_action=without,
        overdue_on_gaps=late,
        conditions=conds,
        evidence=evidence,
        at_target_without_evidence=unbacked,
        acceptance_issues=issues,
        opinion=opinion(
            a,
            at_target=at_target,
            applicable=applicable,
            not_assessed=not_assessed,
            evidence=evidence[-1],
            issues=issues,
            overdue_conditions=overdue_conds,
            overdue_on_gaps=late,
            assessed=assessed,
            in_scope=in_scope,
        ),
    )
