"""How far an overlay's suggested actions are carried out: rmf-app's action coverage method.

An addition to :mod:`rmf_app.domain.scoring`, never a change to it: the core figures (maturity,
completion, characteristic coverage, risk scores) do not read overlay answers.

Method version 1.0 (documented in ``docs/scoring.md`` and the report's methodology appendix):

* an action is *in scope* when its subcategory is in the assessment's scope;
* each in-scope action counts once under each overlay risk it is tagged with, by its status:
  done, partly, planned, not done, N/A, or unanswered (no status yet);
* action coverage of a risk = done ÷ (in-scope actions tagged with it − N/A); "partly" and
  "planned" do not count as covered, unanswered actions count against coverage;
* overall coverage: the same over all in-scope actions, each counted once;
* a risk is *rated high* when a register risk standing for it (linked by "Add risks from the
  profile") has an effective band at or above "high" (or, when the assessment's bands have no
  band of that name, at or above the risk tolerance).
"""


from pydantic import BaseModel, ConfigDict

from .assessment import Assessment
from .overlay import Overlay, OverlayAction
from .overlay_answers import OverlayUse
from .scoring import Fraction, risk_score

METHOD_VERSION = "1.0"
#: Status keys in report order; "unanswered" is an action without a status.
STATUS_KEYS: tuple[str, ...] = ("done", "partly", "planned", "not_done", "na", "unanswered")
HIGH_BAND = "high"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class ActionCounts(_Result):
    """How many actions have each status, and the coverage they give."""

    total: int
    done: int
    partly: int
    planned: int
    not_done: int
    na: int
    unanswered: int
    out_of_scope: int
    coverage: Fraction

    def count(self, status: str) -> int:
        return int(getattr(self, status))


class RiskCoverage(_Result):
    """One overlay risk: its action counts and whether the register rates it high."""

    risk_id: str
    number: int
    title: str
    counts: ActionCounts
    register_risks: list[str]
    rated_high: bool
    #: rated high only through register risks with no residual rating (their inherent band)
    high_on_inherent_only: bool = False


class OverlayScores(_Result):
    method_version: str
    overlay_id: str
    overlay_version: str
    #: the version the assessment's answers were given against
    answered_version: str
    overall: ActionCounts
    risks: list[RiskCoverage]

    def risk(self, risk_id: str) -> RiskCoverage:
        return next(r for r in self.risks if r.risk_id == risk_id)


def action_status(use: OverlayUse, action_id: str) -> str:
    """An action's status key (see :data:`STATUS_KEYS`)."""
    return use.answer(action_id).status or "unanswered"


def _counts(actions: tuple[OverlayAction, ...], use: OverlayUse, a: Assessment) -> ActionCounts:
    tally = dict.fromkeys(STATUS_KEYS, 0)
    out = 0
    for act in actions:
        if not a.scope.in_scope(act.subcategory):
            out += 1
            continue
        tally[action_status(use, act.id)] += 1
    total = sum(tally.values())
    return ActionCounts(
        total=total,
        out_of_scope=out,
        coverage=Fraction(numerator=tally["done"], denominator=total - tally["na"]),
        **tally,
    )


def is_high(band: str, a: Assessment) -> bool:
    """Whether a register band counts as "high or above" for the overlay's report."""
    bands = a.risk_bands
    threshold = HIGH_BAND if HIGH_BAND in bands.names() else a.profile.risk_tolerance
    return bands.rank(band) >= bands.rank(threshold)


def overlay_scores(assessment: Assessment, overlay: Overlay) -> OverlayScores | None:
    """The overlay's figures for an assessment, or None when it is not switched on there."""
    use = assessment.overlay(overlay.id)
    if use is None:
        return None
    risks = []
    for r in overlay.risks:
        linked = [
            i for i in use.register_risks.get(r.id, []) if i in {x.id for x in assessment.risks}
        ]
        scored = [risk_score(assessment.risk(i), assessment) for i in linked]
        high_by = [rs for rs in scored if is_high(rs.effective_band, assessment)]
        high = bool(high_by)
        risks.append(
            RiskCoverage(
                risk_id=r.id,
                number=r.number,
                title=r.title,
                counts=_counts(overlay.actions_for_risk(r.id), use, assessment),
                register_risks=linked,
                rated_high=high,
                high_on_inherent_only=high and all(rs.judged_on_inherent for rs in high_by),
            )
        )
    return OverlayScores(
        method_version=METHOD_VERSION,
        overlay_id=overlay.id,
        overlay_version=overlay.version,
        answered_version=use.version,
        overall=_counts(tuple(overlay.actions), use, assessment),
        risks=risks,
    )
