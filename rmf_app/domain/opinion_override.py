"""The reviewer's override of rmf-app's overall opinion (issue #13, point 6).

Kept apart from :mod:`rmf_app.domain.assessment` (which stores it in ``Review``) so the decision
figures in :mod:`rmf_app.domain.decision` can use it without a cycle.
"""


import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

OpinionRating = Literal["satisfactory", "needs_improvement", "unsatisfactory"]


class OpinionOverride(BaseModel):
    """The opinion the reviewer sets instead of the computed one, who set it, when and why."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    rating: OpinionRating
    rationale: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)
    ]
    by: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    on: dt.date | None = None
