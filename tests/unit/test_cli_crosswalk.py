"""`rmf-app crosswalk`: readiness by ISO/IEC 42001 clause or EU AI Act article."""

from __future__ import annotations

import csv
import io
import json

import pytest

from rmf_app.services import crosswalks
from rmf_app.services.session import AssessmentSession
from tests.unit.test_cli import assert_clean_error, rmf


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("xw") / "d.airmf"
    assert rmf("demo", "-o", path).returncode == 0
    return path


def test_demo_prints_its_ai_act_readiness(demo):
    res = rmf("crosswalk", demo, "--to", "euaia")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "EU AI Act readiness by article (rmf-app's own mapping" in out
    assert "Provider and deployer; High-risk AI system (Annex III area 5" in out
    assert "Art. 27 " in out and "Art. 86 " in out  # a credit-scoring deployer
    assert "Not applicable under this role and class: Art. 53" in out
    with AssessmentSession.open(demo, read_only=True) as s:
        r = crosswalks.readiness_for(s, "euaia")
    assert f"Overall: {r.overall.percent()} of the {r.overall.denominator} mapped" in out
    for ref in r.refs:
        assert f"{ref.ref_id:<9} {ref.coverage.percent():>4}" in out


def test_json_equals_the_service(demo):
    res = rmf("crosswalk", demo, "--to", "iso42001", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    with AssessmentSession.open(demo, read_only=True) as s:
        r = crosswalks.readiness_for(s, "iso42001")
    assert data == json.loads(r.model_dump_json())
    assert len(data["refs"]) == 65 and data["own_mapping"] is False


def test_csv_to_stdout_and_to_a_file(demo, tmp_path):
    res = rmf("crosswalk", demo, "--to", "euaia", "--csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == crosswalks.CSV_HEADER
    assert {r[2] for r in rows[1:]} >= {"Art. 9", "Art. 27"}
    assert all(r[1] == "rmf-app's own mapping" for r in rows[1:])
    out = tmp_path / "ready.csv"
    res = rmf("crosswalk", demo, "--to", "euaia", "--csv", "-o", out)
    assert res.returncode == 0 and out.is_file()
    assert list(csv.reader(io.StringIO(out.read_text("utf-8-sig")))) == rows


def test_errors_are_one_line(demo, tmp_path):
    assert_clean_error(rmf("crosswalk", demo, "--to", "nist"), "invalid choice", code=2)
    assert_clean_error(rmf("crosswalk", demo), "--to", code=2)
    assert_clean_error(rmf("crosswalk", tmp_path / "none.airmf", "--to", "euaia"))
    assert_clean_error(rmf("crosswalk", demo, "--to", "euaia", "--json", "-o", tmp_path / "x"))
    broken = tmp_path / "broken.airmf"
    broken.write_bytes(b"not sqlite at all")
    assert_clean_error(rmf("crosswalk", broken, "--to", "iso42001"))
    res = rmf("crosswalk", "--help")
    assert res.returncode == 0 and "--to" in res.stdout
