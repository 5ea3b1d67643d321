"""OSCAL export (Assessment Results + POA&M) and import-oscal (issue #14, point 4)."""

from __future__ import annotations

import copy
import functools
import json
import random
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmf_app.cli import main
from rmf_app.domain import framework, oscal
from rmf_app.domain.canonical import canonical_bytes
from rmf_app.services.demo import demo_assessment, write_demo
from rmf_app.services.session import AssessmentSession

SCHEMA = Path(__file__).resolve().parents[1] / "oscal-schemas" / "oscal_complete_schema.json"
CONTROL_IDS = {s.replace(" ", "_") for s in framework.subcategory_ids()}


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    # NIST's patterns use \p{L} / \p{N}, which Python's re does not know: same classes in re.
    text = SCHEMA.read_text(encoding="utf-8")
    text = text.replace(r"\\p{L}", r"[^\\W\\d_]").replace(r"\\p{N}", r"\\d")
    schema = json.loads(text)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(doc: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in _validator().iter_errors(doc)
    ]


def _cli(*args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _all_control_ids(doc: dict) -> list[str]:
    """Every control id an exported document names, wherever it names one."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "control-id" in node:
                found.append(node["control-id"])
            if node.get("name") == "control-id" and "value" in node:
                found.append(node["value"])
            if node.get("type") == "objective-id":
                found.append(node["target-id"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    return found


def test_the_vendored_schema_catches_a_broken_document():
    a, _ = demo_assessment()
    doc = oscal.assessment_results(a)
    broken = copy.deepcopy(doc)
    del broken["assessment-results"]["results"][0]["reviewed-controls"]
    assert _errors(broken)
    bad_uuid = copy.deepcopy(doc)
    bad_uuid["assessment-results"]["uuid"] = "not-a-uuid"
    assert _errors(bad_uuid)


@pytest.mark.parametrize("genai", [False, True])
def test_demo_exports_are_schema_valid(genai):
    a, _ = demo_assessment(genai=genai)
    assert _errors(oscal.assessment_results(a)) == []
    assert _errors(oscal.poam(a)) == []


def test_a_full_and_a_minimal_assessment_are_schema_valid(full, minimal):
    for a in (full, minimal):
        assert _errors(oscal.assessment_results(a)) == [], a.profile.name
        assert _errors(oscal.poam(a)) == [], a.profile.name


def test_findings_cover_the_in_scope_subcategories_with_catalog_ids():
    a, _ = demo_assessment()
    ar = oscal.assessment_results(a)
    result = ar["assessment-results"]["results"][0]
    in_scope = [s for s in framework.subcategory_ids() if a.scope.in_scope(s)]
    assert len(in_scope) < 72  # the demo leaves some out of scope
    assert [f["target"]["target-id"] for f in result["findings"]] == [
        s.replace(" ", "_") for s in in_scope
    ]
    ids = _all_control_ids(ar) + _all_control_ids(oscal.poam(a))
    assert ids and set(ids) <= CONTROL_IDS
    assert "GOVERN_1.1" in ids
    for f in result["findings"]:
        sub = f["title"]
        props = {p["name"]: p["value"] for p in f["props"] if p.get("ns") == oscal.NS}
        r = a.response(sub)
        assert props["target"] == str(a.effective_target(sub))
        assert props["applicability"] == r.applicability
        if r.current is not None:
            assert props["maturity"] == str(r.current)
        at_target = r.applicability == "not_applicable" or (
            r.current is not None and r.current >= a.effective_target(sub)
        )
        assert f["target"]["status"]["state"] == ("satisfied" if at_target else "not-satisfied")


def test_evidence_risks_and_actions_are_carried():
    a, _ = demo_assessment()
    ar = oscal.assessment_results(a)["assessment-results"]
    result = ar["results"][0]
    assert len(result["observations"]) == len(a.evidence)
    assert all(o["methods"] == ["EXAMINE"] for o in result["observations"])
    hashes = {
        h["value"]
        for r in ar["back-matter"]["resources"]
        for link in r.get("rlinks", [])
        for h in link.get("hashes", [])
    }
    attached = {e.attachment.sha256 for e in a.evidence if e.attachment is not None}
    assert attached and hashes == attached
    assert [r["title"].split(":")[0] for r in result["risks"]] == [r.id for r in a.risks]
    for risk, doc in zip(a.risks, result["risks"], strict=True):
        states = [c["facets"][0]["props"][0]["value"] for c in doc["characterizations"]]
        assert states == (["initial", "adjusted"] if risk.residual_likelihood else ["initial"])
        assert doc["characterizations"][0]["facets"][0]["value"] == str(risk.likelihood)
        assert ("risk-log" in doc) == (risk.acceptance is not None)
    items = oscal.poam(a)["plan-of-action-and-milestones"]["poam-items"]
    assert [i["title"].split(":")[0] for i in items] == [x.id for x in a.actions]
    for act, item in zip(a.actions, items, strict=True):
        props = {p["name"]: p["value"] for p in item["props"]}
        assert props["status"] == act.status
        if act.due_date:
            assert props["due-date"] == act.due_date.isoformat()


def test_sign_offs_become_attestations(full):
    result = oscal.assessment_results(full)["assessment-results"]["results"][0]
    assert len(result["attestations"]) == len(full.review.signatures) > 0
    first = result["attestations"][0]
    assert first["responsible-parties"][0]["role-id"] == full.review.signatures[0].role


@pytest.fixture
def final_demo(tmp_path):
    path = write_demo(tmp_path / "loan.airmf")
    with AssessmentSession.open(path, user="Test") as s:
        s.finalise()
        assert s.new_revision() == 2
        s.set_response("GOVERN 1.1", notes="Changed in revision 2")
    return path


def test_cli_export_is_byte_identical_twice_and_round_trips(final_demo, tmp_path, capsys):
    for out in ("one", "two"):
        code, _, err = _cli(
            "export", final_demo, "--format", "oscal", "-o", tmp_path / out, capsys=capsys
        )
        assert code == 0, err
    for name in ("loan-assessment-results.json", "loan-poam.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
        assert _errors(json.loads((tmp_path / "one" / name).read_bytes())) == []

    back = tmp_path / "back.airmf"
    ar = tmp_path / "one" / "loan-assessment-results.json"
    code, _, err = _cli("import-oscal", ar, "-o", back, capsys=capsys)
    assert code == 0, err
    with AssessmentSession.open(final_demo, read_only=True) as s:
        original = s.assessment
    with AssessmentSession.open(back, read_only=True) as s:
        assert canonical_bytes(s.assessment) == canonical_bytes(original)
        assert s.assessment.response("GOVERN 1.1").notes == "Changed in revision 2"


def test_cli_exports_an_earlier_final_revision(final_demo, tmp_path, capsys):
    code, _, err = _cli(
        "export",
        final_demo,
        "--format",
        "oscal",
        "--revision",
        1,
        "-o",
        tmp_path / "r1",
        capsys=capsys,
    )
    assert code == 0, err
    ar = json.loads((tmp_path / "r1" / "loan-assessment-results.json").read_bytes())
    assert _errors(ar) == []
    assert _errors(json.loads((tmp_path / "r1" / "loan-poam.json").read_bytes())) == []
    meta = {p["name"]: p["value"] for p in ar["assessment-results"]["metadata"]["props"]}
    assert meta["revision"] == "1" and meta["review-state"] == "final" and meta["fingerprint"]
    back = tmp_path / "r1.airmf"
    code, _, err = _cli(
        "import-oscal",
        tmp_path / "r1" / "loan-assessment-results.json",
        "-o",
        back,
        capsys=capsys,
    )
    assert code == 0, err
    with AssessmentSession.open(back, read_only=True) as s:
        assert s.assessment.is_final and s.assessment.fingerprint == meta["fingerprint"]
        assert s.assessment.response("GOVERN 1.1").notes != "Changed in revision 2"
    code, _, err = _cli(
        "export",
        final_demo,
        "--format",
        "oscal",
        "--revision",
        5,
        "-o",
        tmp_path / "r5",
        capsys=capsys,
    )
    assert code == 1 and "no final revision 5" in err
    assert not (tmp_path / "r5" / "loan-poam.json").exists()


def test_other_oscal_files_are_refused(tmp_path, capsys):
    a, _ = demo_assessment()
    poam = tmp_path / "poam.json"
    poam.write_bytes(oscal.dumps(oscal.poam(a)))
    foreign = oscal.assessment_results(a)
    resources = foreign["assessment-results"]["back-matter"]["resources"]
    resources[:] = [r for r in resources if r.get("title") != oscal.CANONICAL_TITLE]
    other = tmp_path / "other.json"
    other.write_bytes(oscal.dumps(foreign))
    not_json = tmp_path / "x.json"
    not_json.write_bytes(b"<assessment-results/>")
    for src, words in (
        (poam, "not an OSCAL Assessment Results document"),
        (other, "was not exported by rmf-app"),
        (not_json, "is not a JSON file"),
    ):
        out = tmp_path / (src.stem + ".airmf")
        code, _, err = _cli("import-oscal", src, "-o", out, capsys=capsys)
        assert code == 1 and words in err and "Traceback" not in err
        assert not out.exists()


def _mutations(doc: dict, rng: random.Random, n: int) -> list[dict]:
    """Copies of ``doc`` with one string value changed somewhere outside the embedded data."""
    paths: list[tuple] = []

    def walk(node: object, path: tuple) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "base64":
                    walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))
        elif isinstance(node, str):
            paths.append(path)

    walk(doc, ())
    out = []
    for path in rng.sample(paths, n):
        changed = copy.deepcopy(doc)
        node = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = node[path[-1]] + "x"
        out.append(changed)
    return out


def test_an_edited_export_is_refused_never_imported_half(tmp_path, capsys):
    a, _ = demo_assessment()
    doc = oscal.assessment_results(a)
    assert oscal.assessment_from_ar(doc, "ar.json") is not None
    for i, changed in enumerate(_mutations(doc, random.Random(14), 25)):
        src = tmp_path / f"ar{i}.json"
        src.write_bytes(oscal.dumps(changed))
        out = tmp_path / f"ar{i}.airmf"
        code, _, err = _cli("import-oscal", src, "-o", out, capsys=capsys)
        assert code == 1 and "changed after rmf-app exported it" in err, err
        assert not out.exists()
    # the embedded data edited (and kept valid JSON) is refused too
    edited = copy.deepcopy(doc)
    res = next(
        r
        for r in edited["assessment-results"]["back-matter"]["resources"]
        if r.get("title") == oscal.CANONICAL_TITLE
    )
    import base64

    raw = base64.b64decode(res["base64"]["value"]).replace(b"LoanLens", b"LoanLenz", 1)
    res["base64"]["value"] = base64.b64encode(raw).decode()
    with pytest.raises(oscal.OscalImportError, match="changed after"):
        oscal.assessment_from_ar(edited, "ar.json")


def test_export_options_that_do_not_apply_are_refused(tmp_path, capsys):
    path = write_demo(tmp_path / "d.airmf")
    code, _, err = _cli(
        "export", path, "--format", "oscal", "--executive", "-o", tmp_path / "o", capsys=capsys
    )
    assert code == 1 and "do not apply to the OSCAL export" in err
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = _cli("export", path, "--format", "oscal", "-o", afile, capsys=capsys)
    assert code == 1 and "is a file, not a folder" in err
    assert re.search(r"Give a folder", err)
    code, _, err = _cli(
        "export", path, "--format", "oscal", "-o", tmp_path / "r.json", capsys=capsys
    )
    assert code == 1 and "looks like a file name" in err
    assert not (tmp_path / "r.json").exists()


def test_import_oscal_does_not_replace_a_file_unless_asked(tmp_path, capsys):
    a, _ = demo_assessment()
    src = tmp_path / "ar.json"
    src.write_bytes(oscal.dumps(oscal.assessment_results(a)))
    out = tmp_path / "x.airmf"
    out.write_bytes(b"keep me")
    code, _, err = _cli("import-oscal", src, "-o", out, capsys=capsys)
    assert code == 1 and "already exists" in err
    assert out.read_bytes() == b"keep me"
    code, _, err = _cli("import-oscal", src, "-o", out, "--force", capsys=capsys)
    assert code == 0, err
    with AssessmentSession.open(out, read_only=True) as s:
        assert canonical_bytes(s.assessment) == canonical_bytes(a)


# Any Unicode text except lone surrogates, as a user may type it (line breaks included).
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
_name = _text.filter(lambda s: 0 < len(s.strip()) <= 200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_name,
    notes=_text,
    owner=_text.map(lambda s: s[:200]),
    current=st.none() | st.integers(0, 4),
    risk_title=_name,
    risk_text=_text,
    signer=_name,
)
def test_any_text_exports_schema_valid_and_reads_back(
    name, notes, owner, current, risk_title, risk_text, signer
):
    import datetime as dt

    from rmf_app.domain import assessment as m

    a = m.Assessment(
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 1, 1),
        profile=m.SystemProfile(name=name, organisation=owner),
        responses={"MAP 1.1": m.Response(current=current, notes=notes, owner=owner)},
        risks=[
            m.Risk(
                id="R-001",
                title=risk_title,
                description=risk_text,
                likelihood=2,
                impact=4,
                owner=owner,
                subcategories=["MAP 1.1"],
            )
        ],
        actions=[m.Action(id="A-001", title=risk_title, description=notes, risks=["R-001"])],
        evidence=[m.Evidence(id="E-001", title=name, description=risk_text)],
        review=m.Review(
            assessors=[signer],
            signatures=[
                m.Signature(
                    role="assessor",
                    name=signer,
                    statement=notes,
                    signed_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                )
            ],
        ),
    )
    ar, plan = oscal.assessment_results(a), oscal.poam(a)
    assert _errors(ar) == []
    assert _errors(plan) == []
    back = oscal.assessment_from_ar(json.loads(oscal.dumps(ar)), "ar.json")
    assert canonical_bytes(back) == canonical_bytes(a)
