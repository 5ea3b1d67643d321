"""What an assessment records about an overlay: that it is switched on, and each action's answer.

An assessment lists the overlays it uses (``Assessment.overlays``), each with the overlay
version it was answered against, the answer per suggested action (status, note, links to the
register) and which register risks stand for which of the overlay's risks. The overlay content
itself (titles, risks, actions) is in :mod:`rmf_app.domain.overlay`; ids are checked against it
by the session when an edit is made, here only for form and for links into the register.
"""


import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator, model_validator

from .framework import ACTION_ID_RE

if TYPE_CHECKING:  # the overlay's content is read only for assessments that use one
    from .overlay import Overlay

OverlayActionStatus = Literal["done", "partly", "planned", "not_done", "na"]
#: Status labels of an overlay action, in the order the GUI offers them.
OVERLAY_ACTION_STATUSES: dict[str, str] = {
    "done": "Done",
    "partly": "Partly",
    "planned": "Planned",
    "not_done": "Not done",
    "na": "N/A",
}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class OverlayActionAnswer(_Model):
    """The answer for one suggested action. ``status is None``: not answered yet."""

    status: OverlayActionStatus | None = None
    #: why the action does not apply; required with status "na"
    na_reason: str = ""
    note: str = ""
    evidence: list[str] = []
    risks: list[str] = []
    actions: list[str] = []
    updated_by: str = ""
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _na_needs_reason(self) -> "OverlayActionAnswer":
        if self.status == "na" and not self.na_reason.strip():
            raise ValueError("na_reason is required when an overlay action is N/A")
        return self

    @field_validator("evidence", "risks", "actions")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("an item is linked twice")
        return v

    def is_blank(self) -> bool:
        """True when nothing is recorded (the answer can be dropped)."""
        stamp = {"updated_by", "updated_at"}
        return self.model_dump(exclude=stamp) == _BLANK.model_dump(exclude=stamp)

    def links(self) -> list[str]:
        """Every register id the answer links to."""
        return [*self.evidence, *self.risks, *self.actions]


_BLANK = OverlayActionAnswer()


def action_order(action_id: str) -> tuple[int, int, int, int]:
    """Sort key of a well-formed action id: function, then subcategory, then serial number."""
    m = ACTION_ID_RE.match(action_id)
    if m is None:
        raise ValueError(f"not an action id: {action_id!r}")
    major, minor = m.group(2).split(".")
    return ("GV", "MP", "MS", "MG").index(m.group(1)), int(major), int(minor), int(m.group(3))


class OverlayUse(_Model):
    """One overlay switched on for the assessment."""

    id: Slug
    #: the overlay's version when it was switched on (what the answers were given against)
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    #: action id -> answer; actions without an entry are unanswered
    answers: dict[str, OverlayActionAnswer] = {}
    #: overlay risk id -> register risk ids that stand for it (set by "Add risks from …")
    register_risks: dict[Slug, list[str]] = {}

    @field_validator("answers")
    @classmethod
    def _action_ids(cls, v: dict[str, OverlayActionAnswer]) -> dict[str, OverlayActionAnswer]:
        bad = [k for k in v if not ACTION_ID_RE.match(k)]
        if bad:
            raise ValueError(f"not an action id: {', '.join(map(repr, bad))}")
        return dict(sorted(v.items(), key=lambda kv: action_order(kv[0])))

    @field_validator("register_risks")
    @classmethod
    def _links(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for ids in v.values():
            if len(set(ids)) != len(ids):
                raise ValueError("a register risk is linked twice to the same overlay risk")
        return {k: ids for k, ids in sorted(v.items()) if ids}

    def answer(self, action_id: str) -> OverlayActionAnswer:
        return self.answers.get(action_id) or OverlayActionAnswer()


def problems_against(use: OverlayUse, overlay: "Overlay") -> list[str]:
    """What in the answers does not fit the overlay's content (unknown action or risk ids)."""
    actions = {a.id for a in overlay.actions}
    risks = {r.id for r in overlay.risks}
    problems = [
        f"{use.id} overlay answer for {a!r}: the overlay has no such action"
        for a in use.answers
        if a not in actions
    ]
    problems += [
        f"{use.id} overlay register link for {r!r}: the overlay has no such risk"
        for r in use.register_risks
        if r not in risks
    ]
    return problems
