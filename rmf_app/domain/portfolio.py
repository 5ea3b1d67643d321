"""The portfolio's rows and roll-ups (issue #17): plain data over many assessments.

Built by ``services.portfolio`` from files read read-only; shown by the CLI, the GUI and the
portfolio PDF (``report.portfolio``). No I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import framework
from .scoring import Fraction


@dataclass(frozen=True)
class PortfolioRow:
    """One system: what the table shows, and why it needs attention (``reasons``)."""

    path: str
    name: str
    organisation: str
    owner: str
    revision: int
    state: str
    finalized_at: str | None
    finalized_by: str
    completion: Fraction
    at_target: Fraction
    opinion: str | None
    risks_at_or_above_tolerance: int
    risks_without_acceptance: int
    overdue_actions: int
    overdue_conditions: int
    decision: str | None
    days_since_final: int | None
    last_change: str | None
    overlays: list[str]
    crosswalk_scope: str
    #: function id -> at-target fraction
    functions: dict[str, Fraction]
    residual_heatmap: list[list[int]]
    #: subcategories below target
    below_target: list[str]
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    #: risks with no residual rating yet: not in ``residual_heatmap``
    risks_without_residual: int = 0
    #: provenance: the path as given (relative to its folder), the bytes as read
    source: str = ""
    sha256: str = ""
    size: int | None = None
    fingerprint: str | None = None
    method_version: str = ""
    content_pack: str = ""

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)

    def table_dict(self) -> dict[str, object]:
        """The row as plain data for JSON and CSV (fractions as numerator/denominator)."""
        return {
            "path": self.path,
            "name": self.name,
            "organization": self.organisation,
            "owner": self.owner,
            "revision": self.revision,
            "state": self.state,
            "finalized_at": self.finalized_at,
            "finalized_by": self.finalized_by,
            "completion": self.completion.percent(),
            "completion_items": f"{self.completion.numerator}/{self.completion.denominator}",
            "at_target": self.at_target.percent(),
            "at_target_items": f"{self.at_target.numerator}/{self.at_target.denominator}",
            "opinion": self.opinion,
            "risks_at_or_above_tolerance": self.risks_at_or_above_tolerance,
            "risks_without_acceptance": self.risks_without_acceptance,
            "overdue_actions": self.overdue_actions,
            "overdue_conditions": self.overdue_conditions,
            "decision": self.decision,
            "days_since_final": self.days_since_final,
            "last_change": self.last_change,
            "overlays": ", ".join(self.overlays),
            "crosswalk_scope": self.crosswalk_scope,
            "flags": "; ".join(self.flags),
            "needs_attention": self.needs_attention,
            "reasons": "; ".join(self.reasons),
            # provenance, as in the PDF's appendix: which bytes these figures were read from
            "sha256": self.sha256,
            "size_bytes": self.size,
            "fingerprint": self.fingerprint,
            "method_version": self.method_version,
            "content_pack": self.content_pack,
        }


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str
    #: the path as given (relative to its folder); the bytes' hash and size when they could be
    #: read at all
    source: str = ""
    sha256: str = ""
    size: int | None = None


@dataclass(frozen=True)
class RecurringGap:
    subcategory_id: str
    systems: int
    #: the names of the systems below target there, in table order
    system_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RollUps:
    by_state: dict[str, int]
    by_decision: dict[str, int]
    #: function id -> at target across all systems (summed items)
    functions: dict[str, Fraction]
    #: [likelihood-1][impact-1] -> risks across all systems
    residual_heatmap: list[list[int]]
    #: the subcategories most often below target, most systems first
    recurring_gaps: list[RecurringGap]


@dataclass(frozen=True)
class Portfolio:
    rows: list[PortfolioRow]
    unreadable: list[Unreadable]
    rollups: RollUps
    today: dt.date
    stale_months: int
    #: the folders and files as the user gave them
    sources: list[str] = field(default_factory=list)

    def unrated_note(self) -> str:
        """What the combined residual heat map leaves out, or "" when it leaves out nothing:
        "4 risks (in 1 system) have no residual rating yet and are not shown"."""
        unrated = [r for r in self.rows if r.risks_without_residual]
        n = sum(r.risks_without_residual for r in unrated)
        if not n:
            return ""
        k = len(unrated)
        return (
            f"{n} {'risk' if n == 1 else 'risks'} (in {k} {'system' if k == 1 else 'systems'}) "
            f"{'has' if n == 1 else 'have'} no residual rating yet and "
            f"{'is' if n == 1 else 'are'} not shown."
        )

    def summary(self) -> str:
        """ "3 systems, 1 needs attention, 1 file not read" (one wording for the window, the
        command line and the PDF)."""
        n, bad = len(self.rows), len(self.unreadable)
        attention = sum(r.needs_attention for r in self.rows)
        return (
            f"{n} {'system' if n == 1 else 'systems'}, "
            f"{attention} {'needs' if attention == 1 else 'need'} attention, "
            f"{bad} {'file' if bad == 1 else 'files'} not read"
        )

    def to_json(self) -> dict[str, object]:
        r = self.rollups
        return {
            "today": self.today.isoformat(),
            "stale_months": self.stale_months,
            "systems": [row.table_dict() for row in self.rows],
            "unreadable": [
                {"path": u.path, "reason": u.reason, "sha256": u.sha256 or None, "size_bytes": u.size}
                for u in self.unreadable
            ],
            "rollups": {
                "by_state": r.by_state,
                "by_decision": r.by_decision,
                "functions": {
                    k: {"at_target": f.numerator, "of": f.denominator, "rate": f.percent()}
                    for k, f in r.functions.items()
                },
                "residual_heatmap": r.residual_heatmap,
                "recurring_gaps": [
                    {"subcategory": g.subcategory_id, "systems": g.systems}
                    for g in r.recurring_gaps
                ],
            },
        }


# -- across systems ---------------------------------------------------------------------------


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def mark_duplicates(rows: list[PortfolioRow]) -> list[PortfolioRow]:
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        key = (row.name.strip().casefold(), row.organisation.strip().casefold())
        groups.setdefault(key, []).append(i)
    out = list(rows)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            others = ", ".join(_file_name(rows[j].path) for j in members if j != i)
            text = f"same system and organization also assessed in {others}"
            row = rows[i]
            out[i] = PortfolioRow(
                **{
                    **row.__dict__,
                    "flags": [*row.flags, text],
                    "reasons": [*row.reasons, text],
                }
            )
    return out


def _sum(fractions: Iterable[Fraction]) -> Fraction:
    n = d = 0
    for f in fractions:
        n += f.numerator
        d += f.denominator
    return Fraction(numerator=n, denominator=d)


def roll_ups(rows: Sequence[PortfolioRow], top: int = 10) -> RollUps:
    heat = [[0] * 5 for _ in range(5)]
    for row in rows:
        for i, line in enumerate(row.residual_heatmap):
            for j, n in enumerate(line):
                heat[i][j] += n
    gaps = Counter(sid for row in rows for sid in row.below_target)
    # a gap recurs when at least two systems have it; one system's gap is that system's own
    recurring = sorted(
        ((sid, n) for sid, n in gaps.items() if n >= 2),
        key=lambda kv: (-kv[1], framework.order_key(kv[0])),
    )
    names: dict[str, list[str]] = {}
    for row in rows:
        for sid in row.below_target:
            names.setdefault(sid, []).append(row.name)
    return RollUps(
        by_state=dict(Counter(row.state for row in rows)),
        by_decision=dict(Counter(row.decision or "none" for row in rows)),
        functions={
            fid: _sum(row.functions[fid] for row in rows if fid in row.functions)
            for fid in framework.FUNCTION_IDS
        },
        residual_heatmap=heat,
        recurring_gaps=[RecurringGap(sid, n, tuple(names[sid])) for sid, n in recurring[:top]],
    )


def _in_cell(row: PortfolioRow, likelihood: int, impact: int) -> int:
    """How many of the system's residual risks lie in one heat-map cell (0 when its map has
    no such cell)."""
    heat = row.residual_heatmap
    if len(heat) < likelihood or len(heat[likelihood - 1]) < impact:
        return 0
    return heat[likelihood - 1][impact - 1]


def heat_cell_systems(
    rows: Sequence[PortfolioRow], likelihood: int, impact: int
) -> list[tuple[str, int]]:
    """The systems with residual risks in one heat-map cell and how many each has there, most
    first (then by name): what the combined cell is made of."""
    found = [(row.name, n) for row in rows if (n := _in_cell(row, likelihood, impact))]
    return sorted(found, key=lambda kv: (-kv[1], kv[0].casefold()))


def paths_in_cell(rows: Sequence[PortfolioRow], likelihood: int, impact: int) -> list[str]:
    """The files of the systems with residual risks in one heat-map cell (table order)."""
    return [row.path for row in rows if _in_cell(row, likelihood, impact)]


def paths_below_target(rows: Sequence[PortfolioRow], subcategory_id: str) -> list[str]:
    """The files of the systems below target on one subcategory (table order)."""
    return [row.path for row in rows if subcategory_id in row.below_target]


def combined_band_grid() -> list[list[tuple[str, bool]]]:
    """The combined heat map's cells, [likelihood-1][impact-1]: the default risk band of the
    cell's score. No cell is marked at or above tolerance: each system has its own tolerance
    (and may have its own bands), so the combined map can only count."""
    from .assessment import RiskBands

    bands = RiskBands()
    return [[(bands.band_for(lk * im), False) for im in range(1, 6)] for lk in range(1, 6)]


def combined_bands() -> list[tuple[str, int, int]]:
    """The default bands the combined heat map is colored by: name, lowest and highest score."""
    from .assessment import RiskBands

    return [(b.name, b.min_score, b.max_score) for b in RiskBands().bands]
