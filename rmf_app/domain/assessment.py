"""The assessment: one AI system at one point in time (SPEC §3).

Pydantic models only. They reject bad values with messages that name the field; cross-object
rules (links pointing at things that exist, unique ids) are checked on the whole ``Assessment``.

Every text field has a length limit (:data:`SHORT_TEXT` for names and one-line fields,
:data:`LONG_TEXT` for notes, descriptions and rationales, :data:`URL_TEXT` for links; see
docs/file-format.md). A file written before the limits existed may hold longer text: it is read
with the :data:`STORED` validation context, which accepts it, and an edit may keep or shorten such
a text but never make it longer (see :func:`overlong_texts`).
"""


import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from . import framework
from .crosswalk import EuAiActScope
from .labels import (
    CHARACTERISTICS,
    ActionStatus,
    AIType,
    ComponentKind,
    DeploymentOutcome,
    LifecycleStage,
    OrganisationRole,
    Priority,
    QuestionAnswerValue,
    ReviewState,
    RiskStatus,
    SignatureRole,
    Treatment,
)
from .opinion_override import OpinionOverride
from .overlay_answers import OverlayUse

#: Version of the assessment data model (JSON interchange and the rows inside a .airmf file).
MODEL_VERSION = 1

#: characters in a name, a title or a one-line field (owner, version, e-mail, …)
SHORT_TEXT = 500
#: characters in a long text: notes, descriptions, justifications, rationales, comments
LONG_TEXT = 20_000
#: characters in a link
URL_TEXT = 2_000
#: validation context for content read back from a file (or a final revision) rather than
#: entered: text longer than its limit, written before the limits existed, is accepted
STORED: dict[str, Any] = {"text_limits": "stored"}
TOO_LONG = "text_too_long"


class TextLimit:
    """The most characters a text field may hold (pydantic metadata: ``Annotated[str,
    TextLimit(500)]``); over-long text is refused with "is N characters; the limit is M",
    except under the :data:`STORED` context."""

    # a plain value class, not a dataclass: this module is imported on every start
    __slots__ = ("chars",)

    def __init__(self, chars: int) -> None:
        self.chars = chars

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLimit) and other.chars == self.chars

    def __hash__(self) -> int:
        return hash((TextLimit, self.chars))

    def __repr__(self) -> str:
        return f"TextLimit({self.chars})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and len(value) > self.chars:
            context = info.context
            if not (isinstance(context, Mapping) and context.get("text_limits") == "stored"):
                raise PydanticCustomError(
                    TOO_LONG,
                    "is {length} characters; the limit is {limit}",
                    {"length": f"{len(value):,}", "limit": f"{self.chars:,}", "chars": self.chars},
                )
        return value


Maturity = Annotated[int, Field(ge=0, le=4)]
Level = Annotated[int, Field(ge=1, le=5)]
Line = Annotated[str, StringConstraints(strip_whitespace=True), TextLimit(SHORT_TEXT)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), TextLimit(SHORT_TEXT)]
Text = Annotated[str, TextLimit(LONG_TEXT)]
#: a long text that must not be empty (a rationale)
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), TextLimit(LONG_TEXT)
]
Url = Annotated[str, TextLimit(URL_TEXT)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Model(BaseModel):
    """Base: unknown fields are errors, assignment is validated, strings are kept as typed."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _check_subcategory_ids(values: list[str]) -> list[str]:
    bad = [v for v in values if not framework.is_subcategory_id(v)]
    if bad:
        raise ValueError(f"unknown subcategory id(s): {', '.join(map(repr, bad))}")
    if len(set(values)) != len(values):
        raise ValueError("a subcategory is linked twice")
    return sorted(values, key=framework.order_key)


# --------------------------------------------------------------------------------------------
# System profile


class Contact(Model):
    name: Name
    role: Line = ""
    email: Line = ""


class ThirdPartyComponent(Model):
    kind: ComponentKind
    name: Name
    supplier: Line = ""
    version: Line = ""
    notes: Text = ""


class SystemProfile(Model):
    name: Name
    version: Line = ""
    description: Text = ""
    intended_purpose: Text = ""
    organisation: Line = ""
    business_unit: Line = ""
    owner: Line = ""
    contacts: list[Contact] = []
    roles: list[OrganisationRole] = []
    components: list[ThirdPartyComponent] = []
    ai_type: AIType = "predictive"
    lifecycle_stage: LifecycleStage = "plan_design"
    deployment_context: Text = ""
    intended_benefits: Text = ""
    users_and_affected: Text = ""
    #: Name of the risk band from which a risk needs a named acceptance (see ``RiskBands``).
    risk_tolerance: Line = "high"
    scope_notes: Text = ""
    #: The EU AI Act role and class (which articles apply); None when not stated, as in files
    #: written before crosswalks existed (then left out of the canonical JSON).
    eu_ai_act: EuAiActScope | None = None
    #: The role that must accept a risk at or above the tolerance ("Chief Risk Officer");
    #: empty: any named acceptor will do.
    acceptance_role: Line = ""


# --------------------------------------------------------------------------------------------
# Scope


class Exclusion(Model):
    """A category or subcategory left out of scope, with the reason."""

    item_id: str
    reason: Name

    @field_validator("item_id")
    @classmethod
    def _known_item(cls, v: str) -> str:
        if not (framework.is_category_id(v) or framework.is_subcategory_id(v)):
            raise ValueError(f"unknown category or subcategory id {v!r}")
        return v


class Scope(Model):
    exclusions: list[Exclusion] = []

    @field_validator("exclusions")
    @classmethod
    def _unique(cls, v: list[Exclusion]) -> list[Exclusion]:
        ids = [e.item_id for e in v]
        if len(set(ids)) != len(ids):
            raise ValueError("an item is excluded twice")
        return v

    def exclusion_for(self, subcategory_id: str) -> Exclusion | None:
        """The exclusion that puts a subcategory out of scope (its own or its category's)."""
        cat = framework.category_of(subcategory_id)
        for e in self.exclusions:
            if e.item_id in (subcategory_id, cat):
                return e
        return None

    def in_scope(self, subcategory_id: str) -> bool:
        return self.exclusion_for(subcategory_id) is None


# --------------------------------------------------------------------------------------------
# Responses


class QuestionAnswer(Model):
    answer: QuestionAnswerValue | None = None
    comment: Text = ""


#: The kinds of register item: a risk, an action or an evidence item.
ItemKind = Literal["risk", "action", "evidence"]

Applicability = Literal["applicable", "not_applicable", "inherited"]


class Response(Model):
    """The answer for one subcategory.

    ``current is None`` means not yet assessed. ``target is None`` means the assessment's
    default target applies.
    """

    current: Maturity | None = None
    target: Maturity | None = None
    applicability: Applicability = "applicable"
    na_justification: Text = ""
    inherited_from: Line = ""
    evidence_supported: bool = False
    questions: dict[str, QuestionAnswer] = {}
    notes: Text = ""
    owner: Line = ""
    due_date: dt.date | None = None
    priority: Priority | None = None
    updated_by: Line = ""
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _applicability_needs_reason(self) -> "Response":
        if self.applicability == "not_applicable" and not self.na_justification.strip():
            raise ValueError("na_justification is required when the item is not applicable")
        if self.applicability == "inherited" and not self.inherited_from.strip():
            raise ValueError("inherited_from is required when the item is inherited")
        return self

    def is_blank(self) -> bool:
        return self == Response()


# --------------------------------------------------------------------------------------------
# Risks, actions, evidence


class RiskBand(Model):
    name: Name
    min_score: Annotated[int, Field(ge=1, le=25)]
    max_score: Annotated[int, Field(ge=1, le=25)]


class RiskBands(Model):
    """Score bands for likelihood × impact, stored in the file so a report can be re-derived."""

    bands: list[RiskBand] = [
        RiskBand(name="low", min_score=1, max_score=4),
        RiskBand(name="medium", min_score=5, max_score=9),
        RiskBand(name="high", min_score=10, max_score=14),
        RiskBand(name="very high", min_score=15, max_score=25),
    ]

    @field_validator("bands")
    @classmethod
    def _cover_1_to_25(cls, v: list[RiskBand]) -> list[RiskBand]:
        expected = 1
        for b in v:
            if b.min_score != expected or b.max_score < b.min_score:
                raise ValueError("bands must cover scores 1 to 25 in order without gaps")
            expected = b.max_score + 1
        if expected != 26:
            raise ValueError("bands must cover scores 1 to 25 in order without gaps")
        if len({b.name for b in v}) != len(v):
            raise ValueError("band names must be unique")
        return v

    def band_for(self, score: int) -> str:
        for b in self.bands:
            if b.min_score <= score <= b.max_score:
                return b.name
        raise ValueError(f"risk score {score} outside 1..25")

    def rank(self, band: str) -> int:
        for i, b in enumerate(self.bands):
            if b.name == band:
                return i
        raise ValueError(f"unknown risk band {band!r}")

    def names(self) -> list[str]:
        return [b.name for b in self.bands]


class Acceptance(Model):
    accepted_by: Name
    rationale: RequiredText
    review_by: dt.date
    accepted_on: dt.date | None = None
    #: the acceptor's role, checked against ``SystemProfile.acceptance_role`` above tolerance
    role: Line = ""


class Risk(Model):
    id: ItemId
    title: Name
    description: Text = ""
    characteristics: list[str] = []
    affected: Text = ""
    likelihood: Level
    impact: Level
    treatment: Treatment | None = None
    treatment_notes: Text = ""
    residual_likelihood: Level | None = None
    residual_impact: Level | None = None
    owner: Line = ""
    status: RiskStatus = "open"
    subcategories: list[str] = []
    acceptance: Acceptance | None = None

    @field_validator("characteristics")
    @classmethod
    def _known_characteristics(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in CHARACTERISTICS]
        if bad:
            raise ValueError(f"unknown trustworthiness characteristic(s): {bad}")
        return v

    @field_validator("subcategories")
    @classmethod
    def _subs(cls, v: list[str]) -> list[str]:
        return _check_subcategory_ids(v)

    @model_validator(mode="after")
    def _residual_pair(self) -> "Risk":
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            raise ValueError("residual_likelihood and residual_impact are set together")
        return self

    @property
    def inherent_score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact


class Action(Model):
    id: ItemId
    title: Name
    description: Text = ""
    owner: Line = ""
    due_date: dt.date | None = None
    status: ActionStatus = "planned"
    priority: Priority | None = None
    subcategories: list[str] = []
    risks: list[str] = []

    @field_validator("subcategories")
    @classmethod
    def _subs(cls, v: list[str]) -> list[str]:
        return _check_subcategory_ids(v)


class Attachment(Model):
    """Metadata of a file stored inside the assessment; the bytes live in the file's blob store."""

    filename: Name
    media_type: Line = "application/octet-stream"
    size: Annotated[int, Field(ge=0)]
    sha256: Sha256


class Evidence(Model):
    id: ItemId
    title: Name
    url: Url | None = None
    attachment: Attachment | None = None
    description: Text = ""
    effective_date: dt.date | None = None
    subcategories: list[str] = []

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v is not None and not (v.startswith("http://") or v.startswith("https://")):
            raise ValueError("url must start with http:// or https://")
        return v

    @field_validator("subcategories")
    @classmethod
    def _subs(cls, v: list[str]) -> list[str]:
        return _check_subcategory_ids(v)


# --------------------------------------------------------------------------------------------
# Review and sign-off


class Signature(Model):
    role: SignatureRole
    name: Name
    statement: Text = ""
    signed_at: dt.datetime


class DeploymentDecision(Model):
    """MANAGE 1.1: whether the system should proceed."""

    outcome: DeploymentOutcome
    rationale: RequiredText
    decided_by: Line = ""
    decided_on: dt.date | None = None
    #: the actions the decision makes conditions of deployment (ids; one no longer in the plan
    #: is reported as missing rather than refused, so removing an action never fails)
    condition_actions: list[ItemId] = []

    @field_validator("condition_actions")
    @classmethod
    def _unique_conditions(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("an action is named twice as a condition")
        return v


class Review(Model):
    state: ReviewState = "draft"
    assessors: list[Name] = []
    reviewer: Line = ""
    approver: Line = ""
    signatures: list[Signature] = []
    decision: DeploymentDecision | None = None
    finalized_at: dt.datetime | None = None
    #: the reviewer's override of the computed overall opinion, with its rationale
    opinion_override: OpinionOverride | None = None


class PlaybookRef(Model):
    """Which content an assessment was answered against."""

    id: Line = "rmf-app-bundled"
    version: Line = "1.0.0"


# --------------------------------------------------------------------------------------------
# The assessment


def new_id() -> str:
    return str(uuid.uuid4())


class Assessment(Model):
    model_version: Literal[1] = 1
    id: Line = Field(default_factory=new_id)
    revision: Annotated[int, Field(ge=1)] = 1
    created_at: dt.datetime
    assessment_date: dt.date
    framework: Literal["AI RMF 1.0"] = "AI RMF 1.0"
    playbook: PlaybookRef = PlaybookRef()
    profile: SystemProfile
    scope: Scope = Scope()
    default_target: Maturity = 3
    risk_bands: RiskBands = RiskBands()
    responses: dict[str, Response] = {}
    risks: list[Risk] = []
    actions: list[Action] = []
    evidence: list[Evidence] = []
    review: Review = Review()
    #: SHA-256 of the canonical JSON; set when the assessment is finalised.
    fingerprint: Sha256 | None = None
    #: Room for planned features (organisation profile, overlays, crosswalks) without a new
    #: model version: namespaced keys, kept as data and round-tripped untouched.
    extensions: dict[str, Any] = {}
    #: Overlays switched on (the Generative AI Profile…) with their answers; empty for files
    #: written before overlays existed, and then left out of the canonical JSON.
    overlays: list[OverlayUse] = []

    @field_validator("responses")
    @classmethod
    def _known_response_ids(cls, v: dict[str, Response]) -> dict[str, Response]:
        bad = [k for k in v if not framework.is_subcategory_id(k)]
        if bad:
            raise ValueError(f"unknown subcategory id(s): {', '.join(map(repr, bad))}")
        return dict(sorted(v.items(), key=lambda kv: framework.order_key(kv[0])))

    @model_validator(mode="after")
    def _references_resolve(self) -> "Assessment":
        for kind, items in (
            ("risk", self.risks),
            ("action", self.actions),
            ("evidence", self.evidence),
        ):
            ids = [i.id for i in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} id(s): {', '.join(dupes)}")
        risk_ids = {r.id for r in self.risks}
        for a in self.actions:
            missing = [r for r in a.risks if r not in risk_ids]
            if missing:
                raise ValueError(f"action {a.id} links unknown risk(s): {', '.join(missing)}")
        self._overlay_links_resolve(risk_ids)
        if self.risk_bands.names().count(self.profile.risk_tolerance) != 1:
            raise ValueError(
                f"profile.risk_tolerance {self.profile.risk_tolerance!r} is not one of the "
                f"risk bands ({', '.join(self.risk_bands.names())})"
            )
        return self

    def _overlay_links_resolve(self, risk_ids: set[str]) -> None:
        ids = [o.id for o in self.overlays]
        if len(set(ids)) != len(ids):
            raise ValueError("an overlay is switched on twice")
        known = {
            "risk": risk_ids,
            "action": {a.id for a in self.actions},
            "evidence": {e.id for e in self.evidence},
        }
        for o in self.overlays:
            for action_id, ans in o.answers.items():
                for kind, links in (
                    ("risk", ans.risks),
                    ("action", ans.actions),
                    ("evidence", ans.evidence),
                ):
                    missing = [i for i in links if i not in known[kind]]
                    if missing:
                        raise ValueError(
                            f"overlay action {action_id} links unknown {kind}(s): "
                            + ", ".join(missing)
                        )
            for gai, reg in o.register_risks.items():
                missing = [i for i in reg if i not in risk_ids]
                if missing:
                    raise ValueError(
                        f"overlay risk {gai} links unknown register risk(s): {', '.join(missing)}"
                    )

    def overlay(self, overlay_id: str) -> OverlayUse | None:
        """The answers for an overlay, or None when it is not switched on."""
        return next((o for o in self.overlays if o.id == overlay_id), None)

    # -- convenience, no state ---------------------------------------------------------------
    def response(self, subcategory_id: str) -> Response:
        return self.responses.get(subcategory_id) or Response()

    def effective_target(self, subcategory_id: str) -> int:
        t = self.response(subcategory_id).target
        return self.default_target if t is None else t

    def risk(self, risk_id: str) -> Risk:
        return next(r for r in self.risks if r.id == risk_id)

    def action(self, action_id: str) -> Action:
        return next(a for a in self.actions if a.id == action_id)

    def evidence_item(self, evidence_id: str) -> Evidence:
        return next(e for e in self.evidence if e.id == evidence_id)

    def links_to(self, subcategory_id: str) -> tuple[list[Risk], list[Action], list[Evidence]]:
        """Risks, actions and evidence linked to a subcategory (links live on those items)."""
        return (
            [r for r in self.risks if subcategory_id in r.subcategories],
            [a for a in self.actions if subcategory_id in a.subcategories],
            [e for e in self.evidence if subcategory_id in e.subcategories],
        )

    @property
    def is_final(self) -> bool:
        return self.review.state == "final"


# --------------------------------------------------------------------------------------------
# Text limits


def text_limit(model: type[BaseModel], field: str) -> int | None:
    """The most characters ``model.field`` may hold (for a list of texts: each of them)."""
    info = model.model_fields[field]
    for meta in info.metadata:
        if isinstance(meta, TextLimit):
            return meta.chars
    stack = [info.annotation]
    while stack:  # inside list[...] or ... | None
        annotation = stack.pop()
        for meta in getattr(annotation, "__metadata__", ()):
            if isinstance(meta, TextLimit):
                return meta.chars
        stack.extend(getattr(annotation, "__args__", ()))
    return None


#: where an over-long text is: its path in the assessment's data, with items named by id
TextPlace = tuple[str | int, ...]


def overlong_texts(data: Mapping[str, Any]) -> dict[TextPlace, tuple[int, int]]:
    """Each text in assessment ``data`` (as ``model_dump`` gives it) that is longer than its
    limit, by place, with its length and its limit. Risks, actions and evidence are named by
    id, so a place survives reordering and removal."""
    try:
        Assessment.model_validate(data)
    except ValidationError as exc:
        found: dict[TextPlace, tuple[int, int]] = {}
        for err in exc.errors(include_url=False):
            if err["type"] != TOO_LONG:
                continue
            loc = list(err["loc"])
            if len(loc) > 1 and loc[0] in ("risks", "actions", "evidence"):
                items = data.get(str(loc[0]))
                index = loc[1]
                if isinstance(items, list) and isinstance(index, int) and index < len(items):
                    item = items[index]
                    ident = (
                        item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
                    )
                    loc[1] = index if ident is None else str(ident)
            found[tuple(loc)] = (len(err["input"]), int(err.get("ctx", {})["chars"]))
        return found
    return {}


def describe_place(place: TextPlace) -> str:
    """A place in words: "risk R-003: description", "response GOVERN 1.1: notes"."""
    kinds = {"risks": "risk", "actions": "action", "evidence": "evidence", "responses": "response"}
    parts = [str(p + 1) if isinstance(p, int) else p for p in place]
    if len(parts) > 2 and parts[0] in kinds:
        return f"{kinds[parts[0]]} {parts[1]}: {'.'.join(parts[2:])}"
    return ".".join(parts)
