"""Crosswalk use cases for the GUI, the CLI and the report: readiness by clause or article,
its CSV table, and what a subcategory or an evidence item also evidences.

Every figure comes from :func:`rmf_app.domain.crosswalk_readiness.readiness` over the session's
one scoring result, so the readiness view, ``rmf-app crosswalk`` and the PDF agree.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from ..domain.assessment import Assessment, Evidence
from ..domain.crosswalk import Crosswalk, CrosswalkPair, CrosswalkRef
from ..storage.content import CROSSWALK_IDS, bundled_crosswalk
from .session import AssessmentSession

if TYPE_CHECKING:  # readiness and its CSV are imported when used: the walk's strip needs
    # only what a subcategory also evidences, and a start should not pay for the rest
    from ..domain.crosswalk_readiness import CrosswalkReadiness
    from ..domain.scoring import Scores

__all__ = [
    "CROSSWALK_IDS",
    "also_evidences",
    "crosswalks",
    "evidence_refs",
    "readiness_csv_rows",
    "readiness_for",
    "readiness_of",
    "write_readiness_csv",
]


def __getattr__(name: str) -> Any:
    """``NOT_COVERED``, still offered here, from the readiness module when first asked for."""
    if name == "NOT_COVERED":
        from ..domain.crosswalk_readiness import NOT_COVERED

        return NOT_COVERED
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def crosswalks() -> tuple[Crosswalk, ...]:
    """The bundled crosswalks, in the order the app shows them (ISO/IEC 42001, EU AI Act)."""
    return tuple(bundled_crosswalk(c) for c in CROSSWALK_IDS)


def readiness_of(assessment: Assessment, scores: Scores, crosswalk_id: str) -> CrosswalkReadiness:
    """Readiness for an assessment and its scores (the report's path: no session)."""
    from ..domain.crosswalk_readiness import readiness

    return readiness(bundled_crosswalk(crosswalk_id), assessment, scores)


def readiness_for(
    session: AssessmentSession, crosswalk_id: str, today: dt.date | None = None
) -> CrosswalkReadiness:
    """Readiness of the open assessment by clause or article of one crosswalk.

    Raises ContentError (a StorageError) for an unknown crosswalk id.
    """
    return readiness_of(session.assessment, session.scores(today=today), crosswalk_id)


def also_evidences(
    subcategory_id: str, assessment: Assessment | None = None
) -> list[tuple[Crosswalk, list[tuple[CrosswalkPair, CrosswalkRef, bool]]]]:
    """What one subcategory also evidences, per crosswalk: each pair with its reference and
    whether the reference applies under the assessment's EU AI Act role and class."""
    scope = assessment.profile.eu_ai_act if assessment is not None else None
    out = []
    for cw in crosswalks():
        rows = [
            (p, cw.ref(p.ref), cw.ref(p.ref).applies(scope)) for p in cw.pairs_for(subcategory_id)
        ]
        out.append((cw, rows))
    return out


def evidence_refs(assessment: Assessment, item: Evidence) -> dict[str, list[CrosswalkRef]]:
    """The references an evidence item supports through its linked subcategories, per
    crosswalk id, in the crosswalk's order; articles ruled out by the role and class are left
    out."""
    scope = assessment.profile.eu_ai_act
    linked = set(item.subcategories)
    out: dict[str, list[CrosswalkRef]] = {}
    for cw in crosswalks():
        hit = {p.ref for sid in linked for p in cw.pairs_for(sid)}
        out[cw.id] = [r for r in cw.refs if r.id in hit and r.applies(scope)]
    return out


#: Header of the readiness CSV.
CSV_HEADER = [
    "crosswalk",
    "mapping",
    "reference",
    "kind",
    "label",
    "coverage",
    "at target",
    "counted",
    "below target",
    "not assessed",
    "n/a or out of scope",
    "subcategories",
    "note",
]


def readiness_csv_rows(r: CrosswalkReadiness) -> list[list[Any]]:
    """The readiness table as CSV rows, header first: one row per reference that applies."""
    from ..domain.crosswalk_readiness import NOT_COVERED, STATUS_LABELS
    from ..storage import interchange

    mapping = "rmf-app's own mapping" if r.own_mapping else "published crosswalk"
    rows: list[list[Any]] = [CSV_HEADER]
    for ref in r.refs:
        subs = "; ".join(
            f"{m.subcategory_id}: {STATUS_LABELS[m.status]}" for m in ref.subcategories
        )
        note = ref.scope_note or ""
        if not ref.covered:
            note = NOT_COVERED
        rows.append(
            [
                r.title,
                mapping,
                ref.ref_id,
                ref.kind,
                ref.label,
                ref.coverage.percent() if ref.covered else "",
                ref.coverage.numerator,
                ref.coverage.denominator,
                ref.count("below_target"),
                ref.count("not_assessed"),
                ref.count("not_applicable") + ref.count("out_of_scope"),
                subs,
                note,
            ]
        )
    return [[interchange.neutralise(c) for c in row] for row in rows]


def write_readiness_csv(r: CrosswalkReadiness, out: str | os.PathLike[str]) -> None:
    """Write the readiness table as CSV (UTF-8 with BOM, like the other tables), atomically."""
    from ..storage import interchange

    interchange.write_csv(readiness_csv_rows(r), out)
