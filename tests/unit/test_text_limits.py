"""Length limits of text fields: refused at entry and at import with the place and the limit;
files written before the limits still open, and their long texts may shrink but not grow."""

from __future__ import annotations

import json
import os
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from rmf_app import cli
from rmf_app.domain import assessment as m
from rmf_app.services.errors import StorageError
from rmf_app.services.session import AssessmentSession
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile

MODELS = [
    obj
    for obj in vars(m).values()
    if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == m.__name__
]
#: string fields bounded otherwise: by a pattern, a known id or label, or a fixed set
BOUNDED_OTHERWISE = {
    ("Exclusion", "item_id"),
    ("Risk", "id"),
    ("Risk", "characteristics"),
    ("Risk", "subcategories"),
    ("Action", "id"),
    ("Action", "subcategories"),
    ("Action", "risks"),
    ("Evidence", "id"),
    ("Evidence", "subcategories"),
    ("Attachment", "sha256"),
    ("Assessment", "fingerprint"),
    ("DeploymentDecision", "condition_actions"),  # item ids, by their pattern
}


def _holds_text(annotation) -> bool:
    if annotation is str:
        return True
    return any(_holds_text(a) for a in typing.get_args(annotation) if a is not type(None))


def test_every_text_field_has_a_limit():
    unbounded = [
        f"{model.__name__}.{name}"
        for model in MODELS
        for name, info in model.model_fields.items()
        if _holds_text(info.annotation)
        and typing.get_origin(info.annotation) is not dict
        and m.text_limit(model, name) is None
        and (model.__name__, name) not in BOUNDED_OTHERWISE
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (m.Response, "notes", m.LONG_TEXT),
        (m.Response, "owner", m.SHORT_TEXT),
        (m.Risk, "title", m.SHORT_TEXT),
        (m.Risk, "description", m.LONG_TEXT),
        (m.DeploymentDecision, "rationale", m.LONG_TEXT),
        (m.Evidence, "url", m.URL_TEXT),
        (m.Review, "assessors", m.SHORT_TEXT),
        (m.SystemProfile, "name", m.SHORT_TEXT),
    ],
)
def test_limits_are_the_documented_ones(model, field, limit):
    assert m.text_limit(model, field) == limit


@given(extra=st.integers(min_value=1, max_value=3), short=st.booleans())
def test_one_character_over_the_limit_is_refused(extra, short):
    field, limit = ("title", m.SHORT_TEXT) if short else ("description", m.LONG_TEXT)
    values = {"id": "R-1", "title": "t", "likelihood": 1, "impact": 1}
    assert len(m.Risk(**{**values, field: "é" * limit}).model_dump()[field]) == limit
    with pytest.raises(ValidationError) as ei:
        m.Risk(**{**values, field: "é" * (limit + extra)})
    (err,) = ei.value.errors()
    assert err["loc"] == (field,) and err["type"] == m.TOO_LONG
    assert err["msg"] == f"is {limit + extra:,} characters; the limit is {limit:,}"
    # read back from a file, it is accepted as it is
    stored = m.Risk.model_validate({**values, field: "x" * (limit + extra)}, context=m.STORED)
    assert len(getattr(stored, field)) == limit + extra


def test_import_names_the_item_and_the_limit(tmp_path, full_file, capsys):
    export = tmp_path / "a.json"
    with AirmfFile.open(full_file) as f:
        interchange.export_json(f, export)
    data = json.loads(export.read_text("utf-8"))
    data["assessment"]["risks"][0]["description"] = "x" * 2_000_001
    risk_id = data["assessment"]["risks"][0]["id"]
    export.write_text(json.dumps(data), "utf-8")
    out = tmp_path / "b.airmf"
    assert cli.main(["import", str(export), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"rmf-app: error: a.json has invalid content: risk {risk_id}: description is "
        "2,000,001 characters; the limit is 20,000.\n"
    )
    assert not out.exists()


@pytest.fixture
def full_file(tmp_path, full):
    path = tmp_path / "full.airmf"
    AirmfFile.create(path, full, "tester").close()
    return path


LEGACY = 30_000


@pytest.fixture
def legacy_file(tmp_path, full):
    """A file written before the limits: a 30,000-character note and risk description."""
    data = full.model_dump()
    data["responses"]["GOVERN 1.1"]["notes"] = "n" * LEGACY
    data["risks"][0]["description"] = "d" * LEGACY
    old = m.Assessment.model_validate(data, context=m.STORED)
    path = tmp_path / "old.airmf"
    AirmfFile.create(path, old, "tester").close()
    return path


def test_a_file_with_longer_text_opens_and_loses_nothing(legacy_file, capsys):
    with AssessmentSession.open(legacy_file) as s:
        a = s.assessment
        assert len(a.response("GOVERN 1.1").notes) == LEGACY
        assert len(a.risks[0].description) == LEGACY
        # other edits go on as usual, and so does an edit of the item with the long text
        s.set_response("MAP 1.1", notes="short")
        s.update_item("risk", a.risks[0].id, title="Renamed")
        assert len(s.assessment.risks[0].description) == LEGACY
    assert cli.main(["validate", str(legacy_file)]) == 0
    assert cli.main(["info", str(legacy_file)]) == 0
    capsys.readouterr()


def test_a_long_text_from_before_may_shrink_but_not_grow(legacy_file):
    with AssessmentSession.open(legacy_file) as s:
        risk_id = s.assessment.risks[0].id
        with pytest.raises(StorageError) as ei:
            s.set_response("GOVERN 1.1", notes="n" * (LEGACY + 1))
        assert str(ei.value) == (
            "response GOVERN 1.1: notes is 30,001 characters; the limit is 20,000 (the "
            "30,000 characters it held from before the limit may be shortened, not lengthened)."
        )
        s.set_response("GOVERN 1.1", notes="n" * (LEGACY - 5))  # shorter, still over
        with pytest.raises(StorageError, match="may be shortened, not lengthened"):
            s.set_response("GOVERN 1.1", notes="n" * (LEGACY - 4))  # longer than it now is
        with pytest.raises(StorageError) as ei:
            s.set_response("MAP 1.1", notes="m" * 20_001)  # a new text over the limit
        assert str(ei.value) == (
            "response MAP 1.1: notes is 20,001 characters; the limit is 20,000."
        )
        s.remove_item("action", s.assessment.actions[0].id)  # items move; places hold
        s.update_item("risk", risk_id, description="d" * 100)
        with pytest.raises(StorageError, match=f"risk {risk_id}: description is 20,001"):
            s.update_item("risk", risk_id, description="d" * 20_001)  # the grace is used up
    with AssessmentSession.open(legacy_file) as s:
        assert len(s.assessment.response("GOVERN 1.1").notes) == LEGACY - 5
        assert s.assessment.response("MAP 1.1").notes == ""


def test_edits_are_refused_over_the_limit_with_the_place(tmp_path, full_file):
    with AssessmentSession.open(full_file) as s:
        risk_id = s.assessment.risks[0].id
        with pytest.raises(StorageError) as ei:
            s.update_item("risk", risk_id, description="x" * 20_001)
        assert str(ei.value) == (
            f"risk {risk_id}: description is 20,001 characters; the limit is 20,000."
        )
        with pytest.raises(StorageError, match="owner is 501 characters; the limit is 500"):
            s.set_response("MAP 1.1", owner="o" * 501)
        before = os.path.getsize(full_file)
    assert os.path.getsize(full_file) == before
