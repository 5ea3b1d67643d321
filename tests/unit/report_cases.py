"""Assessments the report tests export besides the demo: half-answered and empty."""

from __future__ import annotations

import datetime as dt

from rmf_app.domain.assessment import STORED, Assessment, SystemProfile

WHEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def half_answered(a: Assessment) -> Assessment:
    """``a`` with every other answered subcategory's current level taken out."""
    d = a.model_dump(mode="json")
    for i, r in enumerate(d["responses"].values()):
        if i % 2:
            r["current"] = None
    return Assessment.model_validate(d, context=STORED)


def empty() -> Assessment:
    """A new assessment with nothing answered."""
    return Assessment(
        created_at=WHEN, assessment_date=WHEN.date(), profile=SystemProfile(name="Blank")
    )
