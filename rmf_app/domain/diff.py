"""What changed between two states of one assessment (issue #13, point 8).

:func:`diff` compares an earlier state (usually a kept final revision) with a later one and
lists, field by field: maturity, target and applicability changes per subcategory, scope
exclusions added or removed, risks, actions and evidence added, removed, closed or changed,
deployment decision and sign-off changes, and the trend of the headline figures taken from the
two scoring results. Pure: no I/O, no clock; values are kept as the words a reader sees
("not assessed", "In treatment") so the command line, the GUI and the PDF print them as they
are.
"""


from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from . import framework
from .assessment import Action, Assessment, Evidence, Risk
from .labels import (
    ACTION_STATUSES,
    DEPLOYMENT_OUTCOMES,
    REVIEW_STATES,
    RISK_STATUSES,
    TREATMENTS,
)
from .scoring import Fraction, Scores

NOT_ASSESSED = "not assessed"
NONE = "none"
APPLICABILITY = {
    "applicable": "Applicable",
    "not_applicable": "Not applicable",
    "inherited": "Inherited",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class FieldChange(_Frozen):
    """One field that changed: its name as printed, the value before and after."""

    field: str
    old: str
    new: str


class SubcategoryChange(_Frozen):
    """A subcategory whose maturity, target or applicability changed."""

    subcategory_id: str
    field: str  # "maturity", "target" or "applicability"
    old: str
    new: str


class ScopeChange(_Frozen):
    """A category or subcategory excluded from scope, or brought back into it."""

    item_id: str
    change: str  # "excluded" or "included"
    reason: str


class ItemRef(_Frozen):
    """A register item added or removed, by id and title."""

    id: str
    title: str


class ItemChange(_Frozen):
    """A register item kept in both states, with the fields that changed."""

    id: str
    title: str
    changes: list[FieldChange]


class RegisterDiff(_Frozen):
    """Risks, actions or evidence added, removed, closed (status became closed or done) and
    otherwise changed; an item closed is listed under ``closed`` only."""

    added: list[ItemRef] = []
    removed: list[ItemRef] = []
    closed: list[ItemChange] = []
    changed: list[ItemChange] = []


class Trend(_Frozen):
    """A headline figure then and now."""

    name: str
    old: Fraction
    new: Fraction


class AssessmentDiff(_Frozen):
    """Everything that changed from ``old_revision`` to ``new_revision``."""

    old_revision: int
    new_revision: int
    old_state: str
    new_state: str
    subcategories: list[SubcategoryChange]
    scope: list[ScopeChange]
    risks: RegisterDiff
    actions: RegisterDiff
    evidence: RegisterDiff
    decision: list[FieldChange]
    signoffs_added: list[str]
    signoffs_removed: list[str]
    trends: list[Trend]

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, in the order they are printed."""
        subs = self.subcategories
        return {
            "maturity": sum(c.field == "maturity" for c in subs),
            "target": sum(c.field == "target" for c in subs),
            "applicability": sum(c.field == "applicability" for c in subs),
            "scope": len(self.scope),
            "risks added": len(self.risks.added),
            "risks removed": len(self.risks.removed),
            "risks closed": len(self.risks.closed),
            "risks changed": len(self.risks.changed),
            "actions added": len(self.actions.added),
            "actions removed": len(self.actions.removed),
            "actions closed": len(self.actions.closed),
            "actions changed": len(self.actions.changed),
            "evidence added": len(self.evidence.added),
            "evidence removed": len(self.evidence.removed),
            "evidence changed": len(self.evidence.changed),
            "decision": len(self.decision),
            "sign-offs": len(self.signoffs_added) + len(self.signoffs_removed),
        }

    @property
    def total(self) -> int:
        return sum(self.counts().values())


def _maturity(value: int | None) -> str:
    return NOT_ASSESSED if value is None else str(value)


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _subcategories(old: Assessment, new: Assessment) -> list[SubcategoryChange]:
    out: list[SubcategoryChange] = []
    for sid in framework.subcategory_ids():
        if not (old.scope.in_scope(sid) and new.scope.in_scope(sid)):
            continue  # scope changes are listed as such
        was, now = old.response(sid), new.response(sid)
        if was.applicability != now.applicability:
            out.append(
                SubcategoryChange(
                    subcategory_id=sid,
                    field="applicability",
                    old=APPLICABILITY[was.applicability],
                    new=APPLICABILITY[now.applicability],
                )
            )
        if was.current != now.current:
            out.append(
                SubcategoryChange(
                    subcategory_id=sid,
                    field="maturity",
                    old=_maturity(was.current),
                    new=_maturity(now.current),
                )
            )
        old_target, new_target = old.effective_target(sid), new.effective_target(sid)
        if old_target != new_target:
            out.append(
                SubcategoryChange(
                    subcategory_id=sid, field="target", old=str(old_target), new=str(new_target)
                )
            )
    return out


def _scope(old: Assessment, new: Assessment) -> list[ScopeChange]:
    was = {e.item_id: e.reason for e in old.scope.exclusions}
    now = {e.item_id: e.reason for e in new.scope.exclusions}
    out = [ScopeChange(item_id=i, change="excluded", reason=now[i]) for i in now if i not in was]
    out += [ScopeChange(item_id=i, change="included", reason=was[i]) for i in was if i not in now]
    return out


Fields = Callable[[Any], list[tuple[str, str]]]


def _register(
    old: Sequence[Risk | Action | Evidence],
    new: Sequence[Risk | Action | Evidence],
    old_fields: Fields,
    new_fields: Fields,
    is_closed: Callable[[Any], bool],
) -> RegisterDiff:
    was = {i.id: i for i in old}
    now = {i.id: i for i in new}
    added = [ItemRef(id=i.id, title=i.title) for i in new if i.id not in was]
    removed = [ItemRef(id=i.id, title=i.title) for i in old if i.id not in now]
    closed: list[ItemChange] = []
    changed: list[ItemChange] = []
    for item in new:
        before = was.get(item.id)
        if before is None:
            continue
        changes = [
            FieldChange(field=name, old=a, new=b)
            for (name, a), (_, b) in zip(old_fields(before), new_fields(item), strict=True)
            if a != b
        ]
        if not changes:
            continue
        change = ItemChange(id=item.id, title=item.title, changes=changes)
        (closed if is_closed(item) and not is_closed(before) else changed).append(change)
    return RegisterDiff(added=added, removed=removed, closed=closed, changed=changed)


def _risk_fields(scores: Scores) -> Fields:
    by_id = {r.risk_id: r for r in scores.risks}

    def fields(r: Risk) -> list[tuple[str, str]]:
        s = by_id.get(r.id)
        return [
            ("title", r.title),
            ("inherent score", str(r.inherent_score)),
            ("residual score", _text(r.residual_score)),
            ("band", NONE if s is None else s.effective_band),
            ("status", RISK_STATUSES[r.status]),
            ("treatment", NONE if r.treatment is None else TREATMENTS[r.treatment]),
            ("owner", _text(r.owner)),
            ("accepted by", NONE if r.acceptance is None else r.acceptance.accepted_by),
        ]

    return fields


def _action_fields(a: Action) -> list[tuple[str, str]]:
    return [
        ("title", a.title),
        ("status", ACTION_STATUSES[a.status]),
        ("due date", _text(a.due_date and a.due_date.isoformat())),
        ("owner", _text(a.owner)),
        ("subcategories", _text(a.subcategories)),
    ]


def _evidence_fields(e: Evidence) -> list[tuple[str, str]]:
    return [
        ("title", e.title),
        ("link", _text(e.url)),
        ("attachment", NONE if e.attachment is None else e.attachment.filename),
        ("subcategories", _text(e.subcategories)),
    ]


def _decision(old: Assessment, new: Assessment) -> list[FieldChange]:
    def fields(a: Assessment) -> list[tuple[str, str]]:
        d = a.review.decision
        return [
            ("review state", REVIEW_STATES[a.review.state]),
            ("outcome", NONE if d is None else DEPLOYMENT_OUTCOMES[d.outcome]),
            ("rationale", NONE if d is None else d.rationale),
            ("decided by", NONE if d is None else _text(d.decided_by)),
            ("decided on", NONE if d is None else _text(d.decided_on and d.decided_on.isoformat())),
            ("conditions", NONE if d is None else _text(d.condition_actions)),
        ]

    return [
        FieldChange(field=name, old=a, new=b)
        for (name, a), (_, b) in zip(fields(old), fields(new), strict=True)
        if a != b
    ]


def _signoffs(old: Assessment, new: Assessment) -> tuple[list[str], list[str]]:
    def keyed(a: Assessment) -> dict[tuple[str, str, str], str]:
        return {
            (s.role, s.name, s.signed_at.isoformat()): (
                f"{s.role.capitalize()}: {s.name} ({s.signed_at.date().isoformat()})"
            )
            for s in a.review.signatures
        }

    was, now = keyed(old), keyed(new)
    return [v for k, v in now.items() if k not in was], [v for k, v in was.items() if k not in now]


def diff(
    old: Assessment, new: Assessment, old_scores: Scores, new_scores: Scores
) -> AssessmentDiff:
    """The changes from ``old`` to ``new``; ``old_scores`` and ``new_scores`` are their scoring
    results (risk bands and the trend figures come from them)."""
    added, removed = _signoffs(old, new)
    return AssessmentDiff(
        old_revision=old.revision,
        new_revision=new.revision,
        old_state=REVIEW_STATES[old.review.state],
        new_state=REVIEW_STATES[new.review.state],
        subcategories=_subcategories(old, new),
        scope=_scope(old, new),
        risks=_register(
            old.risks,
            new.risks,
            _risk_fields(old_scores),
            _risk_fields(new_scores),
            lambda r: r.status == "closed",
        ),
        actions=_register(
            old.actions, new.actions, _action_fields, _action_fields, lambda a: a.status == "done"
        ),
        evidence=_register(
            old.evidence, new.evidence, _evidence_fields, _evidence_fields, lambda _: False
        ),
        decision=_decision(old, new),
        signoffs_added=added,
        signoffs_removed=removed,
        trends=[
            Trend(
                name="Completion",
                old=old_scores.overall.completion,
                new=new_scores.overall.completion,
            ),
            Trend(
                name="At target",
                old=old_scores.overall.at_target,
                new=new_scores.overall.at_target,
            ),
        ],
    )
