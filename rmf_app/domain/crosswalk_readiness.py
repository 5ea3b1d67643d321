"""Readiness by clause or article: a crosswalk read through the assessment's own scores.

Nothing here is a second set of answers. Each subcategory's status comes from the result of
:func:`rmf_app.domain.scoring.score` (the one scoring function), and a reference's coverage is
that method's at-target rule applied to the subcategories mapped to it (documented in
``docs/scoring.md``):

* status of a mapped subcategory: *out of scope*, *N/A*, *at target* (current ≥ target),
  *below target*, or *not assessed* (no current level yet, inherited items without a level
  included);
* coverage of a reference = mapped subcategories at target / mapped subcategories in scope and
  not N/A (unanswered items count as not at target); "—" when none is left to count;
* a reference with no mapped subcategory is *not covered by AI RMF* and must be assessed
  separately;
* the crosswalk's overall coverage applies the same rule to the set of subcategories mapped to
  any reference that applies (each subcategory counted once);
* a reference applies unless the system profile's EU AI Act role and class rule it out.
"""


from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import framework
from .assessment import Assessment
from .crosswalk import Crosswalk, Relation, describe_scope
from .scoring import Fraction, Scores

Status = Literal["at_target", "below_target", "not_assessed", "not_applicable", "out_of_scope"]
STATUS_LABELS: dict[str, str] = {
    "at_target": "at target",
    "below_target": "below target",
    "not_assessed": "not assessed",
    "not_applicable": "N/A",
    "out_of_scope": "out of scope",
}
NOT_COVERED = "not covered by AI RMF: assess separately"
OWN_MAPPING = "rmf-app's own mapping"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


def subcategory_status(scores: Scores, subcategory_id: str) -> Status:
    """A subcategory's status, read from the scoring function's result."""
    if subcategory_id in scores.out_of_scope:
        return "out_of_scope"
    if subcategory_id in scores.not_applicable:
        return "not_applicable"
    gap = next((g for g in scores.gaps if g.subcategory_id == subcategory_id), None)
    if gap is None:
        return "not_assessed"
    return "at_target" if gap.gap <= 0 else "below_target"


def _coverage(statuses: list[Status]) -> Fraction:
    counted = [s for s in statuses if s not in ("not_applicable", "out_of_scope")]
    return Fraction(numerator=sum(1 for s in counted if s == "at_target"), denominator=len(counted))


class MappedSubcategory(_Result):
    subcategory_id: str
    status: Status
    current: int | None
    target: int | None
    relation: Relation | None
    rationale: str | None


class RefReadiness(_Result):
    ref_id: str
    label: str
    kind: str
    subcategories: list[MappedSubcategory]
    coverage: Fraction
    scope_note: str | None = None

    @property
    def covered(self) -> bool:
        """Whether any subcategory maps to the reference."""
        return bool(self.subcategories)

    def count(self, status: Status) -> int:
        return sum(1 for m in self.subcategories if m.status == status)


class ReadinessGap(_Result):
    """A mapped subcategory not at target, with the references it would help show."""

    subcategory_id: str
    status: Status
    gap: int | None
    refs: list[str]


class CrosswalkReadiness(_Result):
    crosswalk_id: str
    title: str
    own_mapping: bool
    scope: str
    #: references that apply, in the crosswalk's order
    refs: list[RefReadiness]
    #: references ruled out by the EU AI Act role and class: id -> why
    not_applicable: dict[str, str]
    overall: Fraction
    refs_at_target: int
    refs_not_covered: list[str]
    #: below target or not assessed, the most-cited first (then the largest gap)
    gaps: list[ReadinessGap]


def readiness(crosswalk: Crosswalk, assessment: Assessment, scores: Scores) -> CrosswalkReadiness:
    """Readiness of ``assessment`` for every reference of ``crosswalk`` that applies to it.

    Args:
        crosswalk: the crosswalk (ISO/IEC 42001, the EU AI Act).
        assessment: the assessment; its profile's ``eu_ai_act`` filters the articles.
        scores: ``score(assessment, …)``, the source of every status.
    """
    scoped = any(r.roles for r in crosswalk.refs)  # a law whose duties depend on the role
    scope = assessment.profile.eu_ai_act if scoped else None
    status = {sid: subcategory_status(scores, sid) for sid in framework.subcategory_ids()}
    gap_of = {g.subcategory_id: g for g in scores.gaps}
    refs: list[RefReadiness] = []
    ruled_out: dict[str, str] = {}
    cited: dict[str, list[str]] = {}
    for ref in crosswalk.refs:
        why = ref.why_not(scope)
        if why is not None:
            ruled_out[ref.id] = why
            continue
        mapped = []
        for p in crosswalk.pairs_of_ref(ref.id):
            g = gap_of.get(p.subcategory)
            mapped.append(
                MappedSubcategory(
                    subcategory_id=p.subcategory,
                    status=status[p.subcategory],
                    current=g.current if g else None,
                    target=g.target if g else None,
                    relation=p.relation,
                    rationale=p.rationale,
                )
            )
            cited.setdefault(p.subcategory, []).append(ref.id)
        refs.append(
            RefReadiness(
                ref_id=ref.id,
                label=ref.label,
                kind=ref.kind,
                subcategories=mapped,
                coverage=_coverage([m.status for m in mapped]),
                scope_note=ref.scope_note,
            )
        )
    gaps = [
        ReadinessGap(
            subcategory_id=sid,
            status=status[sid],
            gap=gap_of[sid].gap if sid in gap_of else None,
            refs=ids,
        )
        for sid, ids in cited.items()
        if status[sid] in ("below_target", "not_assessed")
    ]
    gaps.sort(
        key=lambda g: (
            -len(g.refs),
            -(g.gap if g.gap is not None else 0),
            framework.order_key(g.subcategory_id),
        )
    )
    return CrosswalkReadiness(
        crosswalk_id=crosswalk.id,
        title=crosswalk.title,
        own_mapping=crosswalk.own_mapping,
        scope=describe_scope(scope, crosswalk.annex_iii_areas) if scoped else "",
        refs=refs,
        not_applicable=ruled_out,
        overall=_coverage([status[s] for s in sorted(cited, key=framework.order_key)]),
        refs_at_target=sum(
            1
            for r in refs
            if r.coverage.denominator and r.coverage.numerator == r.coverage.denominator
        ),
        refs_not_covered=[r.ref_id for r in refs if not r.covered],
        gaps=gaps,
    )
