"""Crosswalks: what else a subcategory's outcome helps to show (ISO/IEC 42001, the EU AI Act).

A crosswalk is data in ``playbook_data/crosswalks/<id>.json``: the other framework's references
(clauses, controls, articles) with short labels of our own, and pairs of a subcategory with a
reference. A crosswalk taken from a published source (``own_mapping`` false, e.g. NIST's AI RMF
to ISO/IEC 42001 crosswalk) carries bare pairs: the pairing is the fact. rmf-app's own mapping
(``own_mapping`` true, the EU AI Act) gives every pair a relation and a one-line rationale, and
every article the roles and system classes it binds, so the system profile's "EU AI Act role and
class" (:class:`EuAiActScope`) can say which articles apply.

Validated here, without I/O: unique reference ids, pairs that name one of the 72 subcategories
and a listed reference, no pair twice, pairs in framework order, relation and rationale present
exactly for an own mapping, known roles, classes and conditions. Loading is in
``rmf_app.storage.content``; readiness by reference is in ``crosswalk_readiness``.
"""


import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from . import framework

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: How a subcategory's outcome relates to a reference in rmf-app's own mapping.
Relation = Literal["supports", "partly_supports"]
RELATIONS: dict[str, str] = {"supports": "supports", "partly_supports": "partly supports"}

#: The kinds of reference a crosswalk points at, with how the app names them.
RefKind = Literal["clause", "annex_b", "article"]
REF_KINDS: dict[str, str] = {
    "clause": "Clause",
    "annex_b": "Control guidance (Annex B)",
    "article": "Article",
}

#: The roles the EU AI Act gives an organization for a system (Art. 3(3) and 3(4)).
ActRole = Literal["provider", "deployer"]
ACT_ROLES: dict[str, str] = {"provider": "Provider", "deployer": "Deployer"}
#: The role choice in the system profile: one role or both.
RoleChoice = Literal["provider", "deployer", "both"]
ROLE_CHOICES: dict[str, str] = {
    "provider": "Provider",
    "deployer": "Deployer",
    "both": "Provider and deployer",
}

#: The classes of system (or model) the Act's duties attach to.
ActClass = Literal["high_risk", "gpai", "gpai_systemic", "limited", "minimal"]
ACT_CLASSES: dict[str, str] = {
    "high_risk": "High-risk AI system",
    "gpai": "General-purpose AI model",
    "gpai_systemic": "General-purpose AI model with systemic risk",
    "limited": "Limited risk (transparency duties)",
    "minimal": "Minimal risk",
}


class EuAiActScope(BaseModel):
    """The system profile's "EU AI Act role and class": which of the Act's duties apply.

    Stored in the assessment (``SystemProfile.eu_ai_act``); None there means not stated, and
    then every article is listed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    role: RoleChoice
    risk_class: ActClass
    #: the Annex III area of a high-risk system ("1" … "8"); None for an Annex I product or
    #: when not stated
    annex_iii_area: Annotated[str, StringConstraints(pattern=r"^[1-8]$")] | None = None
    #: the deployer is a public authority or body, or a private entity providing public services
    public_body: bool = False
    #: the system evaluates creditworthiness or prices life and health insurance (Annex III
    #: points 5(b) and 5(c))
    credit_or_insurance: bool = False

    @model_validator(mode="after")
    def _area_only_for_high_risk(self) -> "EuAiActScope":
        if self.annex_iii_area is not None and self.risk_class != "high_risk":
            raise ValueError("an Annex III area is given only for a high-risk system")
        if self.credit_or_insurance and self.annex_iii_area != "5":
            raise ValueError(
                "credit scoring or insurance pricing is an Annex III area 5 use: choose area 5"
            )
        return self

    @property
    def roles(self) -> tuple[ActRole, ...]:
        if self.role == "both":
            return ("provider", "deployer")
        return (self.role,)


def _annex_iii(s: EuAiActScope) -> bool:
    return s.risk_class == "high_risk" and s.annex_iii_area is not None


def _annex_iii_not_ci(s: EuAiActScope) -> bool:
    return _annex_iii(s) and s.annex_iii_area != "2"


def _fria_deployer(s: EuAiActScope) -> bool:
    return s.public_body or (s.annex_iii_area == "5" and s.credit_or_insurance)


#: Conditions an article can add, per role, to its roles and classes: id -> (what it means,
#: the test on the scope).
CONDITIONS: dict[str, tuple[str, Callable[[EuAiActScope], bool]]] = {
    "annex_iii": ("the system is high-risk under Annex III", _annex_iii),
    "annex_iii_not_critical_infrastructure": (
        "the system is high-risk under an Annex III area other than critical infrastructure",
        _annex_iii_not_ci,
    ),
    "fria_deployer": (
        "the deployer is a public body or provides public services, or the system scores "
        "credit or prices life or health insurance",
        _fria_deployer,
    ),
    "public_body": (
        "the deployer is a public authority or body, or provides public services",
        lambda s: s.public_body,
    ),
}

ConditionId = Literal[
    "annex_iii", "annex_iii_not_critical_infrastructure", "fria_deployer", "public_body"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CrosswalkRef(_Strict):
    """A clause, control or article: its id (a fact) and a short label in our own words."""

    id: Text
    kind: RefKind
    label: Text
    chapter: Text | None = None
    section: Text | None = None
    #: for an own mapping of a law: who the reference binds and for which classes of system
    roles: list[ActRole] = []
    classes: list[ActClass] = []
    #: role -> conditions (ids of :data:`CONDITIONS`) that must all hold for the reference to
    #: bind that role
    conditions: dict[ActRole, list[ConditionId]] = {}
    summary: Text | None = None
    #: a limit of the reference's scope the user should read beside it
    scope_note: Text | None = None

    @model_validator(mode="after")
    def _conditions_for_roles(self) -> "CrosswalkRef":
        for role in self.conditions:
            if role not in self.roles:
                raise ValueError(f"conditions for {role!r}, which the reference does not bind")
        return self

    @property
    def kind_label(self) -> str:
        return REF_KINDS[self.kind]

    @property
    def display(self) -> str:
        """Id and label, e.g. "Art. 9 Risk management system"."""
        return f"{self.id} {self.label}"

    def applies(self, scope: EuAiActScope | None) -> bool:
        """Whether the reference binds a system of this scope; True when nothing is stated or
        the reference names no roles (a standard, not a law)."""
        return self.why_not(scope) is None

    def why_not(self, scope: EuAiActScope | None) -> str | None:
        """Why the reference does not apply to this scope (one phrase), or None when it does."""
        if scope is None or not self.roles:
            return None
        if scope.risk_class not in self.classes:
            return "only for: " + "; ".join(ACT_CLASSES[c] for c in self.classes)
        bound = [r for r in scope.roles if r in self.roles]
        if not bound:
            return "binds " + " and ".join(ACT_ROLES[r].lower() + "s" for r in self.roles) + " only"
        unmet: list[str] = []
        for role in bound:
            missing = [c for c in self.conditions.get(role, []) if not CONDITIONS[c][1](scope)]
            if not missing:
                return None
            unmet.append(CONDITIONS[missing[0]][0])
        return "only where " + unmet[0]


class CrosswalkPair(_Strict):
    """A subcategory paired with a reference; an own mapping adds relation and rationale."""

    subcategory: Text
    ref: Text
    relation: Relation | None = None
    rationale: Text | None = None

    @model_validator(mode="after")
    def _subcategory(self) -> "CrosswalkPair":
        if not framework.is_subcategory_id(self.subcategory):
            raise ValueError(f"{self.subcategory!r} is not a subcategory of the AI RMF 1.0 core")
        return self


class AnnexArea(_Strict):
    """An Annex III area of the EU AI Act (a number and a short form of its heading)."""

    id: Annotated[str, StringConstraints(pattern=r"^[1-8]$")]
    label: Text


class Crosswalk(_Strict):
    """A whole crosswalk: its source, references and pairs."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")]
    title: Text
    name: Text
    version: Text
    date: dt.date
    source: Text
    source_url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$")]
    licence_note: Text
    own_mapping: bool
    refs: list[CrosswalkRef] = Field(min_length=1)
    pairs: list[CrosswalkPair] = Field(min_length=1)
    annex_iii_areas: list[AnnexArea] = []

    _refs: dict[str, CrosswalkRef] = PrivateAttr(default_factory=dict)
    _by_sub: dict[str, tuple[CrosswalkPair, ...]] = PrivateAttr(default_factory=dict)
    _by_ref: dict[str, tuple[CrosswalkPair, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "Crosswalk":
        ids = [r.id for r in self.refs]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate reference id(s): {', '.join(dupes)}")
        known = set(ids)
        seen: set[tuple[str, str]] = set()
        for p in self.pairs:
            if p.ref not in known:
                raise ValueError(f"{p.subcategory} -> {p.ref}: {p.ref!r} is not a listed reference")
            if (p.subcategory, p.ref) in seen:
                raise ValueError(f"{p.subcategory} -> {p.ref}: listed twice")
            seen.add((p.subcategory, p.ref))
            if self.own_mapping and (p.relation is None or p.rationale is None):
                raise ValueError(
                    f"{p.subcategory} -> {p.ref}: an own mapping needs a relation and a rationale"
                )
            if not self.own_mapping and (p.relation is not None or p.rationale is not None):
                raise ValueError(
                    f"{p.subcategory} -> {p.ref}: a published crosswalk carries bare pairs "
                    "(no relation or rationale of ours)"
                )
        for a, b in pairwise(self.pairs):
            if framework.order_key(b.subcategory) < framework.order_key(a.subcategory):
                raise ValueError(f"{b.subcategory}: pairs out of framework order")
        area_ids = [a.id for a in self.annex_iii_areas]
        if len(set(area_ids)) != len(area_ids):
            raise ValueError("an Annex III area is listed twice")
        self._refs = {r.id: r for r in self.refs}
        by_sub: dict[str, list[CrosswalkPair]] = {}
        by_ref: dict[str, list[CrosswalkPair]] = {r: [] for r in ids}
        for p in self.pairs:
            by_sub.setdefault(p.subcategory, []).append(p)
            by_ref[p.ref].append(p)
        order = {r: i for i, r in enumerate(ids)}
        self._by_sub = {k: tuple(sorted(v, key=lambda p: order[p.ref])) for k, v in by_sub.items()}
        self._by_ref = {
            k: tuple(sorted(v, key=lambda p: framework.order_key(p.subcategory)))
            for k, v in by_ref.items()
        }
        return self

    # -- lookups ---------------------------------------------------------------------------
    def ref(self, ref_id: str) -> CrosswalkRef:
        """A reference by id. Raises KeyError for an unknown id."""
        return self._refs[ref_id]

    def pairs_for(self, subcategory_id: str) -> tuple[CrosswalkPair, ...]:
        """A subcategory's pairs, in the order of the references; empty when it has none."""
        return self._by_sub.get(subcategory_id, ())

    def pairs_of_ref(self, ref_id: str) -> tuple[CrosswalkPair, ...]:
        """The pairs of a reference, in framework order. Raises KeyError for an unknown id."""
        return self._by_ref[ref_id]

    def area_label(self, area_id: str) -> str:
        """The short label of an Annex III area. Raises KeyError for an unknown area."""
        for a in self.annex_iii_areas:
            if a.id == area_id:
                return a.label
        raise KeyError(area_id)

    def applicable_refs(self, scope: EuAiActScope | None) -> list[CrosswalkRef]:
        """The references that bind a system of this scope, in the file's order."""
        return [r for r in self.refs if r.applies(scope)]


def describe_scope(scope: EuAiActScope | None, areas: list[AnnexArea]) -> str:
    """One line for the scope: "Provider and deployer; High-risk AI system (Annex III area 5:
    Access to …)", or a note that it is not stated."""
    if scope is None:
        return "EU AI Act role and class not stated: every article is listed"
    text = f"{ROLE_CHOICES[scope.role]}; {ACT_CLASSES[scope.risk_class]}"
    if scope.annex_iii_area is not None:
        label = next((a.label for a in areas if a.id == scope.annex_iii_area), "")
        text += f" (Annex III area {scope.annex_iii_area}" + (f": {label})" if label else ")")
    return text
