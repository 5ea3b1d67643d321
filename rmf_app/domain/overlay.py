"""Overlays: profiles that add guidance to the AI RMF core without changing it.

An overlay names its own risks, lists the subcategories it addresses (with the AI actor tasks
it gives for each) and suggests actions, each under one subcategory and tagged with one or more
of the overlay's risks. The first overlay is NIST's Generative AI Profile (NIST AI 600-1); the
model holds nothing specific to it beyond its data, so a sector profile can use it too.

Validated here, without I/O: well-formed and unique ids, action ids that agree with their
subcategory, subcategories in framework order, risks that exist and are all used, labels from
``labels``, and no empty text. Loading is in ``rmf_app.storage.content``.
"""


import datetime as dt
import re
from itertools import pairwise
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import framework
from .framework import ACTION_ID_RE
from .labels import AI_ACTORS, CHARACTERISTICS

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

_CODE_TO_FUNCTION = {code: fn for fn, code in framework.FUNCTION_CODES.items()}
_URL_RE = re.compile(r"^https://[^\s<>\"]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _no_duplicates(values: list[str], what: str) -> None:
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"duplicate {what}: {', '.join(map(repr, dupes))}")


def _known_labels(values: list[str], allowed: tuple[str, ...], what: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} label(s): {', '.join(map(repr, unknown))}")
    _no_duplicates(values, f"{what} label(s)")
    return values


class OverlaySource(_Strict):
    """The published document an overlay follows (facts: its number, title, date and DOI)."""

    document: Text
    title: Text
    published: dt.date
    doi: Annotated[str, StringConstraints(pattern=_URL_RE.pattern)]


class GaiRisk(_Strict):
    """One of an overlay's risks: its official title, and our explanation for a product team."""

    id: Slug
    number: int = Field(ge=1)
    title: Text
    section: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$")]
    summary: Text
    in_product: Text
    characteristics: list[Text] = Field(min_length=1)
    signals: list[Text] = Field(min_length=1)
    register_title: Text
    register_description: Text

    @field_validator("characteristics")
    @classmethod
    def _characteristics(cls, value: list[str]) -> list[str]:
        return _known_labels(value, CHARACTERISTICS, "trustworthiness characteristic")

    @field_validator("signals")
    @classmethod
    def _signals(cls, value: list[str]) -> list[str]:
        _no_duplicates(value, "signal(s)")
        return value


class OverlaySubcategory(_Strict):
    """A subcategory the overlay addresses, with the AI actor tasks it names for it."""

    id: Text
    actor_tasks: list[Text] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not framework.is_subcategory_id(value):
            raise ValueError(f"{value!r} is not a subcategory of the AI RMF 1.0 core")
        return value

    @field_validator("actor_tasks")
    @classmethod
    def _actors(cls, value: list[str]) -> list[str]:
        return _known_labels(value, AI_ACTORS, "AI actor")


class OverlayAction(_Strict):
    """A suggested action under its official id and subcategory, tagged with risk ids."""

    id: Text
    subcategory: Text
    risks: list[Slug] = Field(min_length=1)
    title: Text
    how: Text
    evidence: Text

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ACTION_ID_RE.match(value):
            raise ValueError(f"{value!r} is not an action id like 'GV-1.1-001'")
        return value

    @field_validator("subcategory")
    @classmethod
    def _subcategory(cls, value: str, info: ValidationInfo) -> str:
        if not framework.is_subcategory_id(value):
            raise ValueError(f"{value!r} is not a subcategory of the AI RMF 1.0 core")
        m = ACTION_ID_RE.match(str(info.data.get("id", "")))
        if m:  # a malformed id is reported on its own field
            expected = f"{_CODE_TO_FUNCTION[m.group(1)]} {m.group(2)}"
            if value != expected:
                raise ValueError(
                    f"{value!r} does not match action id {m.group(0)}, which belongs to {expected}"
                )
        return value

    @field_validator("risks")
    @classmethod
    def _risks(cls, value: list[str]) -> list[str]:
        _no_duplicates(value, "risk id(s)")
        return value

    @property
    def serial(self) -> int:
        """The action's number within its subcategory (GV-1.1-003 -> 3)."""
        return int(self.id.rsplit("-", 1)[1])


def _action_key(action: OverlayAction) -> tuple[int, int]:
    return framework.order_key(action.subcategory), action.serial


class Overlay(_Strict):
    """A whole overlay: header, risks, addressed subcategories and suggested actions."""

    id: Slug
    version: Text
    title: Text
    source: OverlaySource
    summary: Text
    risks: list[GaiRisk] = Field(min_length=1)
    subcategories: list[OverlaySubcategory] = Field(min_length=1)
    actions: list[OverlayAction] = Field(min_length=1)

    _by_subcategory: dict[str, tuple[OverlayAction, ...]] = PrivateAttr(default_factory=dict)
    _by_risk: dict[str, tuple[OverlayAction, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "Overlay":
        self._check_risks()
        self._check_subcategories()
        self._check_actions()
        by_sub: dict[str, list[OverlayAction]] = {}
        by_risk: dict[str, list[OverlayAction]] = {r.id: [] for r in self.risks}
        for a in self.actions:
            by_sub.setdefault(a.subcategory, []).append(a)
            for r in a.risks:
                by_risk[r].append(a)
        self._by_subcategory = {k: tuple(v) for k, v in by_sub.items()}
        self._by_risk = {k: tuple(v) for k, v in by_risk.items()}
        return self

    def _check_risks(self) -> None:
        _no_duplicates([r.id for r in self.risks], "risk id(s)")
        for i, r in enumerate(self.risks, start=1):
            if r.number != i:
                raise ValueError(f"{r.id}: number: is {r.number}, expected {i} (risks in order)")

    def _check_subcategories(self) -> None:
        ids = [s.id for s in self.subcategories]
        _no_duplicates(ids, "subcategory id(s)")
        for before, after in pairwise(ids):
            if framework.order_key(after) < framework.order_key(before):
                raise ValueError(f"{after}: id: out of framework order (listed after {before})")

    def _check_actions(self) -> None:
        _no_duplicates([a.id for a in self.actions], "action id(s)")
        risk_ids = {r.id for r in self.risks}
        listed = {s.id for s in self.subcategories}
        for a in self.actions:
            unknown = [r for r in a.risks if r not in risk_ids]
            if unknown:
                raise ValueError(
                    f"{a.id}: risks: {', '.join(map(repr, unknown))} is not a risk of this overlay"
                )
            if a.subcategory not in listed:
                raise ValueError(
                    f"{a.id}: subcategory: {a.subcategory} is missing from the overlay's "
                    "subcategory list (with its actor tasks)"
                )
        for a, b in pairwise(self.actions):
            if _action_key(b) < _action_key(a):
                raise ValueError(f"{b.id}: id: out of order (listed after {a.id})")
        with_actions = {a.subcategory for a in self.actions}
        for s in self.subcategories:
            if s.id not in with_actions:
                raise ValueError(f"{s.id}: listed as addressed by the overlay but has no action")
        used = {r for a in self.actions for r in a.risks}
        unused = [r.id for r in self.risks if r.id not in used]
        if unused:
            raise ValueError(f"risk(s) no action is tagged with: {', '.join(unused)}")

    # -- lookups ---------------------------------------------------------------------------
    def actions_for(self, subcategory_id: str) -> tuple[OverlayAction, ...]:
        """The actions under a subcategory, in order; empty when the overlay has none there."""
        return self._by_subcategory.get(subcategory_id, ())

    def actions_for_risk(self, risk_id: str) -> tuple[OverlayAction, ...]:
        """The actions tagged with a risk, in order. Raises KeyError for an unknown risk id."""
        return self._by_risk[risk_id]

    def risk(self, risk_id: str) -> GaiRisk:
        """A risk by id. Raises KeyError for an unknown id."""
        for r in self.risks:
            if r.id == risk_id:
                return r
        raise KeyError(risk_id)

    def action(self, action_id: str) -> OverlayAction:
        """An action by id. Raises KeyError for an unknown id."""
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def subcategory(self, subcategory_id: str) -> OverlaySubcategory | None:
        """The overlay's entry for a subcategory (its actor tasks), or None when it has none."""
        return next((s for s in self.subcategories if s.id == subcategory_id), None)

    def subcategories_with_actions(self) -> tuple[str, ...]:
        """Ids of the subcategories that have actions, in framework order."""
        return tuple(s for s in framework.subcategory_ids() if s in self._by_subcategory)

    def subcategories_without_actions(self) -> tuple[str, ...]:
        """Ids of the core subcategories the overlay adds nothing to, in framework order."""
        return tuple(s for s in framework.subcategory_ids() if s not in self._by_subcategory)
