"""Model validation: bad values are rejected with messages that name the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rmf_app.domain.assessment import Action, Assessment, Response, Risk, RiskBands


def _error_fields(exc: ValidationError) -> str:
    return " ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors())


def test_maturity_out_of_range_names_the_field():
    with pytest.raises(ValidationError) as ei:
        Response(current=7)
    assert "current" in _error_fields(ei.value)
    with pytest.raises(ValidationError) as ei:
        Response(target=-1)
    assert "target" in _error_fields(ei.value)


def test_unknown_subcategory_id_is_rejected(minimal):
    data = minimal.model_dump()
    data["responses"] = {"GOVERN 9.9": {"current": 1}}
    with pytest.raises(ValidationError) as ei:
        Assessment.model_validate(data)
    text = _error_fields(ei.value)
    assert "responses" in text and "GOVERN 9.9" in text


def test_not_applicable_needs_a_justification():
    with pytest.raises(ValidationError) as ei:
        Response(applicability="not_applicable", na_justification="   ")
    assert "na_justification" in str(ei.value)
    assert Response(applicability="not_applicable", na_justification="no users").na_justification


def test_inherited_needs_its_source():
    with pytest.raises(ValidationError) as ei:
        Response(applicability="inherited")
    assert "inherited_from" in str(ei.value)


@pytest.mark.parametrize("bad", ["31/12/2026", "2026-13-01", "next week"])
def test_dates_in_the_wrong_format_are_rejected(bad):
    with pytest.raises(ValidationError) as ei:
        Response(due_date=bad)
    assert "due_date" in _error_fields(ei.value)


def test_risk_levels_and_residual_pair():
    with pytest.raises(ValidationError) as ei:
        Risk(id="R-1", title="t", likelihood=6, impact=1)
    assert "likelihood" in _error_fields(ei.value)
    with pytest.raises(ValidationError) as ei:
        Risk(id="R-1", title="t", likelihood=2, impact=2, residual_likelihood=1)
    assert "residual" in str(ei.value)
    r = Risk(id="R-1", title="t", likelihood=4, impact=5, residual_likelihood=2, residual_impact=3)
    assert (r.inherent_score, r.residual_score) == (20, 6)


def test_links_must_resolve(minimal):
    data = minimal.model_dump()
    data["actions"] = [Action(id="A-1", title="a", risks=["R-404"]).model_dump()]
    with pytest.raises(ValidationError) as ei:
        Assessment.model_validate(data)
    assert "R-404" in str(ei.value)
    with pytest.raises(ValidationError) as ei:
        Action(id="A-1", title="a", subcategories=["MAP 1.9"])
    assert "subcategories" in _error_fields(ei.value)


def test_duplicate_item_ids_are_rejected(minimal):
    data = minimal.model_dump()
    data["risks"] = [Risk(id="R-1", title="t", likelihood=1, impact=1).model_dump()] * 2
    with pytest.raises(ValidationError, match="duplicate risk id"):
        Assessment.model_validate(data)


def test_risk_tolerance_must_be_a_band(minimal):
    data = minimal.model_dump()
    data["profile"]["risk_tolerance"] = "extreme"
    with pytest.raises(ValidationError, match="risk_tolerance"):
        Assessment.model_validate(data)


def test_bands_must_cover_1_to_25():
    with pytest.raises(ValidationError, match="cover scores 1 to 25"):
        RiskBands(bands=[{"name": "low", "min_score": 1, "max_score": 10}])
    bands = RiskBands()
    assert [bands.band_for(s) for s in (1, 4, 5, 9, 10, 14, 15, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "very high",
        "very high",
    ]


def test_out_of_scope_by_category(full):
    assert not full.scope.in_scope("MAP 5.1")
    assert not full.scope.in_scope("MAP 5.2")
    assert not full.scope.in_scope("MEASURE 2.12")
    assert full.scope.in_scope("MAP 4.2")
    assert full.scope.exclusion_for("MAP 5.2").reason == "handled elsewhere"
