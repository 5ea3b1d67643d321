"""Property tests: any text a user can type, and any valid answers, survive the file and JSON."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmf_app.domain import canonical, framework
from rmf_app.domain.assessment import Assessment, Response, SystemProfile
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile

# Any Unicode text except lone surrogates (which no UTF-8 file can hold).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
name = text.filter(lambda s: 0 < len(s.strip()) <= 500)

responses = st.dictionaries(
    st.sampled_from(framework.subcategory_ids()),
    st.builds(
        Response,
        current=st.none() | st.integers(0, 4),
        target=st.none() | st.integers(0, 4),
        notes=text,
        owner=text.map(lambda s: s[:2000]),
        evidence_supported=st.booleans(),
    ),
    max_size=10,
)


def _assessment(profile_name: str, description: str, resp) -> Assessment:
    import datetime as dt

    return Assessment(
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 1, 1),
        profile=SystemProfile(name=profile_name, description=description),
        responses=resp,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_name=name, description=text, resp=responses)
def test_file_and_json_round_trip(profile_name, description, resp):
    a = _assessment(profile_name, description, resp)
    with tempfile.TemporaryDirectory() as d:
        path, js, back = Path(d) / "p.airmf", Path(d) / "p.json", Path(d) / "q.airmf"
        AirmfFile.create(path, a, "prop").close()
        with AirmfFile.open(path) as f:
            assert f.load() == a
            interchange.export_json(f, js)
        interchange.import_json(js, back, "prop")
        with AirmfFile.open(back) as f:
            assert f.load() == a


@settings(max_examples=60, deadline=None)
@given(profile_name=name, description=text, resp=responses)
def test_canonical_form_is_stable_and_parseable(profile_name, description, resp):
    a = _assessment(profile_name, description, resp)
    data = canonical.canonical_bytes(a)
    again = Assessment.model_validate(json.loads(data))
    assert canonical.canonical_bytes(again) == data
    assert data.endswith(b"\n") and b"\n" not in data[:-1]
