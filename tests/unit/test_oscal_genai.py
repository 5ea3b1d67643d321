"""The GenAI overlay in the OSCAL export (issue #15, point 6): props on the result and findings."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmf_app.domain import assessment as m
from rmf_app.domain import oscal
from rmf_app.domain.canonical import canonical_bytes
from rmf_app.domain.overlay_answers import OverlayActionAnswer, OverlayUse
from rmf_app.services.content import overlay
from rmf_app.services.demo import demo_assessment, write_demo
from rmf_app.services.session import AssessmentSession
from tests.unit.test_oscal import _cli, _errors

GENAI = overlay("genai")


def _ours(props: list[dict], prefix: str = "genai-") -> list[dict]:
    return [p for p in props if p.get("ns") == oscal.NS and p["name"].startswith(prefix)]


def _groups(props: list[dict]) -> dict[str, dict[str, list[str]]]:
    """Overlay props by group, then by name (a name can repeat: risk tags, register risks)."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in _ours(props):
        if "group" in p:
            out[p["group"]][p["name"]].append(p["value"])
    return out


def _export(path, out, capsys) -> dict:
    code, _, err = _cli("export", path, "--format", "oscal", "-o", out, capsys=capsys)
    assert code == 0, err
    return json.loads((out / f"{path.stem}-assessment-results.json").read_bytes())


def test_genai_demo_export_is_schema_valid_with_a_prop_group_per_action(tmp_path, capsys):
    path = tmp_path / "assist.airmf"
    code, _, err = _cli("demo", "--genai", "-o", path, capsys=capsys)
    assert code == 0, err
    doc = _export(path, tmp_path / "oscal", capsys)
    assert _errors(doc) == []
    with AssessmentSession.open(path, read_only=True) as s:
        a = s.assessment
    use = a.overlay("genai")
    assert use is not None
    result = doc["assessment-results"]["results"][0]
    by_name = {p["name"]: p["value"] for p in _ours(result["props"]) if "group" not in p}
    assert by_name["genai-overlay"] == "on"
    assert by_name["genai-answered-version"] == use.version
    seen: list[str] = []
    statuses: set[str] = set()
    for f in result["findings"]:
        sub = f["title"]
        groups = _groups(f["props"])
        expected = [act.id for act in GENAI.actions_for(sub)]
        assert list(groups) == expected, sub
        for act in GENAI.actions_for(sub):
            g = groups[act.id]
            answer = use.answer(act.id)
            status = answer.status or "unanswered"
            statuses.add(status)
            assert g["genai-action"] == [act.id]
            assert g["genai-action-status"] == [status]
            assert g["genai-risk"] == act.risks
            head = next(
                p for p in f["props"] if p["name"] == "genai-action" and p["group"] == act.id
            )
            assert head.get("remarks", "") == (answer.note if answer.note.strip() else "")
            if status == "na":
                assert g["genai-na-reason"] == [" ".join(answer.na_reason.split())]
            else:
                assert "genai-na-reason" not in g
        seen += expected
    in_scope = [act.id for act in GENAI.actions if a.scope.in_scope(act.subcategory)]
    assert seen == in_scope and len(seen) > 150
    # the demo has actions in every state, and they all reach the export
    assert statuses == {"done", "partly", "planned", "not_done", "na", "unanswered"}
    poam = json.loads((tmp_path / "oscal" / "assist-poam.json").read_bytes())
    assert _errors(poam) == []


def test_coverage_props_are_the_figures_of_info_json(tmp_path, capsys):
    path = write_demo(tmp_path / "assist.airmf", genai=True)
    with AssessmentSession.open(path, user="Test") as s:
        # a register link and an out-of-scope subcategory, so those figures are not all zero
        s.set_scope(m.Scope(exclusions=[m.Exclusion(item_id="MEASURE 2.11", reason="Later")]))
    code, out, err = _cli("info", path, "--json", capsys=capsys)
    assert code == 0, err
    info = json.loads(out)["genai"]
    doc = _export(path, tmp_path / "oscal", capsys)
    groups = _groups(doc["assessment-results"]["results"][0]["props"])

    def counts(g: dict[str, list[str]]) -> dict:
        num, den = g["genai-coverage"][0].split("/")
        return {
            "total": int(g["genai-actions"][0]),
            "done": int(g["genai-done"][0]),
            "partly": int(g["genai-partly"][0]),
            "planned": int(g["genai-planned"][0]),
            "not_done": int(g["genai-not-done"][0]),
            "na": int(g["genai-na"][0]),
            "unanswered": int(g["genai-unanswered"][0]),
            "out_of_scope": int(g["genai-out-of-scope"][0]),
            "coverage": {"numerator": int(num), "denominator": int(den)},
        }

    assert counts(groups["genai-overall"]) == info["overall"]
    header = {
        p["name"]: p["value"]
        for p in _ours(doc["assessment-results"]["results"][0]["props"])
        if "group" not in p
    }
    assert header == {
        "genai-overlay": "on",
        "genai-overlay-version": info["overlay_version"],
        "genai-answered-version": info["answered_version"],
        "genai-method-version": info["method_version"],
    }
    risks = [
        {
            "risk_id": g["genai-risk"][0],
            "title": g["genai-risk-title"][0],
            "counts": counts(g),
            "register_risks": g.get("genai-register-risk", []),
            "rated_high": g["genai-rated-high"] == ["yes"],
        }
        for name, g in groups.items()
        if name.startswith("genai-risk-")
    ]
    assert risks == [{k: r[k] for k in risks[0]} for r in info["risks"]]
    assert len(risks) == 12
    assert any(r["rated_high"] for r in risks) and any(r["register_risks"] for r in risks)
    assert info["overall"]["out_of_scope"] == len(GENAI.actions_for("MEASURE 2.11")) > 0


def test_nothing_is_added_when_the_overlay_is_off(tmp_path, capsys):
    # the loan demo never had it on: the export is byte for byte what it was before overlays
    plain = write_demo(tmp_path / "loan.airmf")
    doc = _export(plain, tmp_path / "plain", capsys)
    with AssessmentSession.open(plain, read_only=True) as s:
        assert doc == oscal.assessment_results(s.assessment)
    # the GenAI demo with the overlay switched off: no overlay prop anywhere
    path = write_demo(tmp_path / "assist.airmf", genai=True)
    with AssessmentSession.open(path, user="Test") as s:
        s.switch_overlay("genai", False)
    text = json.dumps(_export(path, tmp_path / "off", capsys))
    assert '"genai-' not in text


def test_import_oscal_restores_the_overlay_answers(tmp_path, capsys):
    path = write_demo(tmp_path / "assist.airmf", genai=True)
    with AssessmentSession.open(path, user="Test") as s:
        s.set_overlay_action("genai", "GV-1.1-001", status="na", na_reason="No such law\nhere")
        s.set_overlay_action("genai", "MS-2.5-001", status="done", note="Two\nlines")
        original = s.assessment
    _export(path, tmp_path / "oscal", capsys)
    back = tmp_path / "back.airmf"
    ar = tmp_path / "oscal" / "assist-assessment-results.json"
    code, _, err = _cli("import-oscal", ar, "-o", back, capsys=capsys)
    assert code == 0, err
    with AssessmentSession.open(back, read_only=True) as s:
        assert s.assessment.overlays == original.overlays
        use = s.assessment.overlay("genai")
        assert use is not None
        assert use.answer("GV-1.1-001").na_reason == "No such law\nhere"
        assert use.answer("MS-2.5-001").note == "Two\nlines"
        assert canonical_bytes(s.assessment) == canonical_bytes(original)


def _edits(doc: dict) -> list[tuple[str, dict]]:
    """Edits to the overlay props of an export, each in a copy of it."""
    out = []
    result = lambda d: d["assessment-results"]["results"][0]  # noqa: E731

    def edit(what: str, change) -> None:
        d = copy.deepcopy(doc)
        change(d)
        out.append((what, d))

    def set_prop(where, name: str, value: str):
        def change(d: dict) -> None:
            p = next(p for p in where(d)["props"] if p["name"] == name)
            p["value"] = value

        return change

    finding = lambda d: next(f for f in result(d)["findings"] if f["title"] == "GOVERN 1.1")  # noqa: E731
    edit("a status", set_prop(finding, "genai-action-status", "not_done"))
    edit("a coverage figure", set_prop(result, "genai-done", "211"))
    edit("the on prop", set_prop(result, "genai-overlay", "off"))
    edit("a risk tag", set_prop(finding, "genai-risk", "cbrn"))
    edit(
        "a note",
        lambda d: next(p for p in finding(d)["props"] if p["name"] == "genai-action").update(
            remarks="Something else"
        ),
    )
    edit("a dropped action", lambda d: finding(d)["props"].pop())
    return out


def test_an_export_with_edited_overlay_props_is_refused(tmp_path, capsys):
    path = write_demo(tmp_path / "assist.airmf", genai=True)
    doc = _export(path, tmp_path / "oscal", capsys)
    for what, edited in _edits(doc):
        assert edited != doc, what
        src = tmp_path / "edited.json"
        src.write_bytes(oscal.dumps(edited))
        out = tmp_path / "never.airmf"
        code, _, err = _cli("import-oscal", src, "-o", out, capsys=capsys)
        assert code != 0, what
        assert "changed after rmf-app exported it" in err, what
        assert not out.exists(), what


def test_an_export_of_another_overlay_version_or_without_overlay_props_imports():
    a, _ = demo_assessment(genai=True)
    # exported before overlays had props: none to check
    old = json.loads(oscal.dumps(oscal.assessment_results(a)))
    assert canonical_bytes(oscal.assessment_from_ar(old, "ar.json", [GENAI])) == canonical_bytes(a)
    # exported with the overlay's version 0.9, whose action risk tags differed
    first = GENAI.actions[0]
    earlier = GENAI.model_copy(
        update={
            "version": "0.9.0",
            "actions": [first.model_copy(update={"risks": ["cbrn"]}), *GENAI.actions[1:]],
        }
    )
    earlier = type(GENAI).model_validate(earlier.model_dump())
    doc = json.loads(oscal.dumps(oscal.assessment_results(a, [earlier])))
    assert doc != json.loads(oscal.dumps(oscal.assessment_results(a, [GENAI])))
    back = oscal.assessment_from_ar(doc, "ar.json", [GENAI])
    assert canonical_bytes(back) == canonical_bytes(a)
    # ...but the rest of that file is still checked
    doc["assessment-results"]["results"][0]["props"][0]["value"] = "2020-01-01"
    with pytest.raises(oscal.OscalImportError, match="changed after"):
        oscal.assessment_from_ar(doc, "ar.json", [GENAI])


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
_reason = _text.filter(lambda s: s.strip() != "")
_ids = [act.id for act in GENAI.actions]


@st.composite
def _answers(draw) -> dict[str, OverlayActionAnswer]:
    chosen = draw(st.lists(st.sampled_from(_ids), min_size=1, max_size=8, unique=True))
    out = {}
    for action_id in chosen:
        status = draw(st.sampled_from([None, "done", "partly", "planned", "not_done", "na"]))
        reason = draw(_reason) if status == "na" else ""
        out[action_id] = OverlayActionAnswer(status=status, na_reason=reason, note=draw(_text))
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=_answers(), excluded=st.sampled_from([None, "GOVERN 1", "MEASURE 2.11", "MAP 5.1"]))
def test_any_overlay_answers_export_schema_valid_and_read_back(answers, excluded):
    a = m.Assessment(
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 1, 1),
        profile=m.SystemProfile(name="Assistant"),
        scope=m.Scope(
            exclusions=[m.Exclusion(item_id=excluded, reason="Not here")] if excluded else []
        ),
        overlays=[OverlayUse(id="genai", version=GENAI.version, answers=answers)],
    )
    ar = oscal.assessment_results(a, [GENAI])
    assert _errors(ar) == []
    back = oscal.assessment_from_ar(json.loads(oscal.dumps(ar)), "ar.json", [GENAI])
    assert canonical_bytes(back) == canonical_bytes(a)
    statuses = {
        p["group"]: p["value"]
        for f in ar["assessment-results"]["results"][0]["findings"]
        for p in f["props"]
        if p["name"] == "genai-action-status"
    }
    expected = {
        i: (answers[i].status if i in answers else None) or "unanswered"
        for i in _ids
        if a.scope.in_scope(GENAI.action(i).subcategory)
    }
    assert statuses == expected
