"""Where a subcategory stands, and how complete a group is: the part of the scoring method
(:mod:`rmf_app.domain.scoring`) that the walk shows after every change.

:func:`rmf_app.domain.scoring.score` builds its completion figures and gaps from these
functions, so the navigator, the progress bar and the gap line agree with the dashboard, the
CLI and the PDF by construction. They make no models: opening a file shows the walk without
setting up the scoring and decision models (~40 M instructions), which load when the
dashboard, a register or a report first needs the full scores.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from . import framework
from .assessment import Assessment

#: a subcategory's standing (see :func:`standing`)
OUT_OF_SCOPE = "out_of_scope"
NOT_APPLICABLE = "not_applicable"
NOT_ASSESSED = "not_assessed"
RATED = "rated"

#: the whole assessment's group id (functions and categories use their own ids)
ALL = "ALL"


class Standing(NamedTuple):
    """One subcategory: ``state`` is one of the four above; ``current`` and ``target`` are set
    for a rated item (in scope, not N/A, with a current maturity)."""

    state: str
    current: int | None = None
    target: int | None = None

    @property
    def gap(self) -> int | None:
        """Target − current for a rated item, else None (not assessed is never a zero gap)."""
        if self.current is None or self.target is None:
            return None
        return self.target - self.current


def standing(a: Assessment, subcategory_id: str) -> Standing:
    """Where one subcategory stands: out of scope, N/A, not assessed (no current maturity:
    blank, or inherited without a level) or rated."""
    if not a.scope.in_scope(subcategory_id):
        return Standing(OUT_OF_SCOPE)
    r = a.response(subcategory_id)
    if r.applicability == "not_applicable":
        return Standing(NOT_APPLICABLE)
    if r.current is None:
        return Standing(NOT_ASSESSED)
    return Standing(RATED, r.current, a.effective_target(subcategory_id))


def completions(a: Assessment) -> dict[str, tuple[int, int]]:
    """The completion of every function, every category and the whole assessment (:data:`ALL`),
    by group id, from one pass over the 72 subcategories."""
    out: dict[str, list[int]] = {ALL: [0, 0]}
    for fn in framework.FUNCTION_IDS:
        out[fn] = [0, 0]
    for cat in framework.category_ids():
        out[cat] = [0, 0]
    for sid in framework.subcategory_ids():
        state = standing(a, sid).state
        if state == OUT_OF_SCOPE:
            continue
        done = 0 if state == NOT_ASSESSED else 1
        for group in (ALL, framework.function_of(sid), framework.category_of(sid)):
            counts = out[group]
            counts[0] += done
            counts[1] += 1
    return {group: (done, of) for group, (done, of) in out.items()}


def round_half_up(value: float, places: int = 1) -> float:
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> str:
    """Whole percent, half up; an em dash when there is nothing to divide by."""
    if denominator == 0:
        return "—"
    return f"{round_half_up(100 * numerator / denominator, 0):.0f}%"
