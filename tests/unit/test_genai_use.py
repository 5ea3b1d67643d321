"""The Generative AI Profile switched on for an assessment: storage, edits, undo, scoring."""

from __future__ import annotations

import json
import random

import pytest

from rmf_app.domain import canonical
from rmf_app.domain.assessment import Action, Assessment, Evidence, Risk
from rmf_app.domain.overlay_answers import OverlayActionAnswer, OverlayUse
from rmf_app.domain.overlay_scoring import overlay_scores
from rmf_app.services.content import overlay
from rmf_app.services.session import AssessmentSession, EditError
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.errors import InterchangeError

GAI = overlay("genai")


@pytest.fixture
def session(new_file):
    s = AssessmentSession.open(new_file, user="Ann")
    yield s
    s.close()


def test_file_without_overlays_keeps_its_canonical_form_and_fingerprint(minimal):
    data = json.loads(canonical.canonical_bytes(minimal))
    assert "overlays" not in data  # files from before overlays hash exactly as they did
    # and an assessment written before the field existed loads unchanged
    raw = minimal.model_dump(mode="json")
    raw.pop("overlays")
    assert Assessment.model_validate(raw) == minimal


def test_switch_on_records_version_and_history_and_survives_reopening(session, new_file):
    heard = []
    session.subscribe(lambda part, key: heard.append((part, key)))
    previous = session.switch_overlay("genai", True)
    assert previous == []
    assert heard == [("overlay", "")]
    use = session.assessment.overlay("genai")
    assert use is not None and use.version == GAI.version
    rows = session.history("overlay:genai")
    assert [(h.field, h.new) for h in rows] == [("switched on", "genai")]
    session.close()
    with AssessmentSession.open(new_file, read_only=True) as again:
        assert again.assessment.overlay("genai") == use


def test_switch_off_and_undo_bring_answers_back(session):
    session.switch_overlay("genai", True)
    session.set_overlay_action("genai", "GV-1.1-001", status="done", note="counsel signed")
    previous = session.switch_overlay("genai", False)
    assert session.assessment.overlays == []
    session.set_overlays(previous)  # what undo does
    assert session.assessment.overlay("genai").answer("GV-1.1-001").note == "counsel signed"
    assert [h.field for h in session.history("overlay:genai")][-2:] == [
        "switched off",
        "switched on",
    ]


def test_action_edits_validate_and_return_previous_values(session):
    with pytest.raises(EditError, match="not switched on"):
        session.set_overlay_action("genai", "GV-1.1-001", status="done")
    session.switch_overlay("genai", True)
    with pytest.raises(EditError, match="no action"):
        session.set_overlay_action("genai", "GV-1.1-099", status="done")
    with pytest.raises(EditError, match="na_reason"):
        session.set_overlay_action("genai", "GV-1.1-001", status="na")
    with pytest.raises(EditError, match="status"):
        session.set_overlay_action("genai", "GV-1.1-001", status="finished")
    assert session.assessment.overlay("genai").answers == {}
    prev = session.set_overlay_action("genai", "MP-2.1-002", status="na", na_reason="no users")
    assert prev == {"status": None, "na_reason": ""}
    session.set_overlay_action("genai", "MP-2.1-002", **prev)  # undo
    # a blank answer is dropped, not kept as an empty entry
    assert session.assessment.overlay("genai").answers == {}
    rows = session.history("overlay:genai/MP-2.1-002")
    assert [(h.field, h.new) for h in rows][:2] == [("status", "na"), ("na_reason", "no users")]


def test_note_typing_is_one_edit_per_burst(new_file):
    now = [0.0]
    with AssessmentSession.open(new_file, user="Ann") as s:
        s.switch_overlay("genai", True)
        s._clock = lambda: now[0]
        for text in ["p", "pi", "pilot"]:
            s.type_text("overlay_action", "genai/MS-2.5-001", "note", text)
        now[0] = 1.0
        s.flush_typing()
        rows = s.history("overlay:genai/MS-2.5-001")
        assert [(h.field, h.old, h.new) for h in rows] == [("note", "", "pilot")]
        assert s.assessment.overlay("genai").answer("MS-2.5-001").note == "pilot"


def test_links_to_register_items_are_checked_and_dropped_with_the_item(session):
    session.switch_overlay("genai", True)
    with pytest.raises(EditError, match="unknown evidence"):
        session.set_overlay_action("genai", "GV-1.1-001", evidence=["E-001"])
    session.add_item("risk", Risk(id="R-001", title="Made-up answers", likelihood=4, impact=3))
    session.add_item("action", Action(id="A-001", title="Grounding check"))
    session.add_item("evidence", Evidence(id="E-001", title="Eval report"))
    session.set_overlay_action(
        "genai", "GV-1.1-001", risks=["R-001"], actions=["A-001"], evidence=["E-001"]
    )
    for kind, item in (("risk", "R-001"), ("action", "A-001"), ("evidence", "E-001")):
        session.remove_item(kind, item)
    ans = session.assessment.overlay("genai").answers
    assert ans == {}  # no links left: the answer was blank and is dropped


def test_add_risks_from_the_overlay_is_one_edit_and_undoes(session):
    session.switch_overlay("genai", True)
    conf = GAI.risk("confabulation")
    risk = Risk(
        id="R-001",
        title=conf.register_title,
        description=conf.register_description,
        characteristics=conf.characteristics,
        subcategories=sorted({a.subcategory for a in GAI.actions_for_risk("confabulation")}),
        likelihood=4,
        impact=4,
    )
    heard = []
    session.subscribe(lambda part, key: heard.append(part))
    session.add_overlay_risks("genai", [("confabulation", risk)])
    assert heard == ["overlay"]
    use = session.assessment.overlay("genai")
    assert use.register_risks == {"confabulation": ["R-001"]}
    assert session.overlay_scores()["genai"].risk("confabulation").rated_high
    with pytest.raises(EditError, match="no risk"):
        session.add_overlay_risks(
            "genai", [("hallucination", risk.model_copy(update={"id": "R-2"}))]
        )
    session.remove_overlay_risks("genai", ["R-001"])
    assert session.assessment.risks == []
    assert session.assessment.overlay("genai").register_risks == {}


def test_removing_a_register_risk_drops_its_overlay_link(session):
    session.switch_overlay("genai", True)
    r = Risk(id="R-001", title="Leaks", likelihood=2, impact=2)
    session.add_overlay_risks("genai", [("data-privacy", r)])
    session.remove_item("risk", "R-001")
    assert session.assessment.overlay("genai").register_risks == {}


def test_fingerprint_covers_overlay_answers(session):
    session.switch_overlay("genai", True)
    before = canonical.fingerprint(session.assessment)
    assert "overlays" in json.loads(canonical.canonical_bytes(session.assessment))
    session.set_overlay_action("genai", "GV-1.1-001", status="partly")
    assert canonical.fingerprint(session.assessment) != before


def test_round_trip_through_json_export_and_import(session, tmp_path):
    session.switch_overlay("genai", True)
    session.add_item("evidence", Evidence(id="E-001", title="Red-team log"))
    session.set_overlay_action(
        "genai", "MS-2.7-001", status="done", note="quarterly", evidence=["E-001"]
    )
    session.set_overlay_action("genai", "GV-1.1-001", status="na", na_reason="internal only")
    out = tmp_path / "x.json"
    interchange.export_json(session.store, out)
    target = tmp_path / "back.airmf"
    interchange.import_json(out, target, "Bo")
    with AirmfFile.open(target, read_only=True) as store:
        assert store.load().overlays == session.assessment.overlays
    # exporting the import again gives the same bytes
    again = tmp_path / "again.json"
    with AirmfFile.open(target, read_only=True) as store:
        interchange.export_json(store, again)
    assert (
        json.loads(again.read_bytes())["assessment"] == json.loads(out.read_bytes())["assessment"]
    )


@pytest.mark.parametrize("seed", range(12))
def test_damaged_overlay_data_is_refused_with_a_message(session, tmp_path, seed):
    session.switch_overlay("genai", True)
    session.set_overlay_action("genai", "GV-1.1-001", status="done")
    out = tmp_path / "x.json"
    interchange.export_json(session.store, out)
    data = json.loads(out.read_bytes())
    rng = random.Random(seed)
    use = data["assessment"]["overlays"][0]
    damage = rng.choice(
        [
            lambda: use["answers"].__setitem__("GV-1.1-999", {"status": "done"}),
            lambda: use["answers"].__setitem__("GV 1.1 1", {"status": "done"}),
            lambda: use["answers"]["GV-1.1-001"].__setitem__("status", rng.choice(["", "ok", 3])),
            lambda: use["answers"]["GV-1.1-001"].__setitem__("status", "na"),
            lambda: use["answers"]["GV-1.1-001"].__setitem__("risks", ["R-404"]),
            lambda: use.__setitem__("id", "nope"),
            lambda: use.__setitem__("version", ""),
            lambda: use["register_risks"].__setitem__("confabulation", ["R-404"]),
            lambda: use["register_risks"].__setitem__("hallucination", []),
            lambda: data["assessment"]["overlays"].append(dict(use)),
            lambda: use.__setitem__("extra", 1),
        ]
    )
    damage()
    out.write_text(json.dumps(data))
    target = tmp_path / "y.airmf"
    with pytest.raises(InterchangeError, match=r"invalid content|overlay"):
        interchange.import_json(out, target, "Bo")
    assert not target.exists()


def test_core_scores_are_identical_with_and_without_the_overlay(session):
    session.set_response("GOVERN 1.1", current=2)
    session.add_item("risk", Risk(id="R-001", title="x", likelihood=5, impact=5))
    core = session.scores()
    session.switch_overlay("genai", True)
    for i, action in enumerate(GAI.actions[:60]):
        status = ["done", "partly", "planned", "not_done"][i % 4]
        session.set_overlay_action("genai", action.id, status=status)
    session.add_overlay_risks(
        "genai", [("confabulation", Risk(id="R-002", title="y", likelihood=1, impact=1))]
    )
    with_overlay = session.scores()
    # the added register risk is a register figure; every other core figure is unchanged
    assert with_overlay.model_dump(exclude={"risks", "inherent_heatmap"}) == core.model_dump(
        exclude={"risks", "inherent_heatmap"}
    )
    assert with_overlay.risks[0] == core.risks[0]


def test_coverage_counts_each_status_and_leaves_out_na_and_out_of_scope(minimal):
    tagged = GAI.actions_for_risk("confabulation")
    answers = {
        tagged[0].id: OverlayActionAnswer(status="done"),
        tagged[1].id: OverlayActionAnswer(status="done"),
        tagged[2].id: OverlayActionAnswer(status="partly"),
        tagged[3].id: OverlayActionAnswer(status="planned"),
        tagged[4].id: OverlayActionAnswer(status="not_done"),
        tagged[5].id: OverlayActionAnswer(status="na", na_reason="no retrieval"),
    }
    a = minimal.model_copy(
        update={"overlays": [OverlayUse(id="genai", version=GAI.version, answers=answers)]}
    )
    sc = overlay_scores(a, GAI)
    c = sc.risk("confabulation").counts
    n = len(tagged)
    assert (c.total, c.done, c.partly, c.planned, c.not_done, c.na) == (n, 2, 1, 1, 1, 1)
    assert c.unanswered == n - 6
    assert (c.coverage.numerator, c.coverage.denominator) == (2, n - 1)
    assert sc.overall.total == len(GAI.actions) and sc.overall.done == 2
    # leaving a function out of scope takes its actions out of the figures
    from rmf_app.domain.assessment import Exclusion, Scope

    sub = tagged[0].subcategory
    scoped = a.model_copy(update={"scope": Scope(exclusions=[Exclusion(item_id=sub, reason="r")])})
    c2 = overlay_scores(scoped, GAI).risk("confabulation").counts
    out = sum(1 for t in tagged if t.subcategory == sub)
    assert c2.out_of_scope == out and c2.total == n - out
    assert overlay_scores(minimal, GAI) is None


def test_walk_filter_by_gai_risk(session):
    subs = session.matching(gai_risk="information-security")
    expected = sorted(
        {a.subcategory for a in GAI.actions_for_risk("information-security")},
        key=lambda s: list(session.matching()).index(s),
    )
    assert subs == expected and subs
    with pytest.raises(ValueError, match="unknown GAI risk"):
        session.matching(gai_risk="nope")


def test_info_json_has_a_genai_block_equal_to_the_session_figures(new_file):
    from tests.unit.test_cli import rmf

    res = rmf("info", new_file, "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["genai"] is None
    with AssessmentSession.open(new_file, user="Ann") as s:
        s.switch_overlay("genai", True)
        s.set_overlay_action("genai", "MS-2.5-001", status="done")
        s.set_overlay_action("genai", "GV-1.1-001", status="planned")
        expected = s.overlay_scores()["genai"].model_dump(mode="json")
    res = rmf("info", new_file, "--json")
    assert json.loads(res.stdout)["genai"] == expected
    text = rmf("info", new_file).stdout
    assert "Generative AI Profile" in text and "Confabulation" in text


def test_overlay_answers_are_part_of_a_final_revision_and_its_fingerprint(session, tmp_path):
    import hashlib

    from rmf_app.domain.assessment import DeploymentDecision
    from rmf_app.storage.errors import ReadOnlyError

    session.switch_overlay("genai", True)
    session.set_overlay_action("genai", "MG-2.2-001", status="done", note="monthly run")
    session.set_review(decision=DeploymentDecision(outcome="proceed", rationale="fine"))
    session.sign("assessor", "Ann", "complete")
    fp = session.finalise()
    out = tmp_path / "canonical.json"
    interchange.export_canonical(session.store, out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == fp
    kept = json.loads(out.read_bytes())["overlays"][0]
    assert kept["answers"]["MG-2.2-001"]["note"] == "monthly run"
    with pytest.raises(ReadOnlyError):
        session.set_overlay_action("genai", "MG-2.2-001", status="partly")
    with pytest.raises(ReadOnlyError):
        session.switch_overlay("genai", False)
    # the next revision starts from the same answers; the kept revision still verifies
    session.new_revision()
    assert session.assessment.overlay("genai").answer("MG-2.2-001").status == "done"
    session.set_overlay_action("genai", "MG-2.2-001", status="partly")
    rev = session.store.revisions()[0]
    assert hashlib.sha256(rev.canonical).hexdigest() == fp
    assert json.loads(rev.canonical)["overlays"][0]["answers"]["MG-2.2-001"]["status"] == "done"


def test_search_finds_hallucination_and_the_profiles_own_actions(session):
    """A user types the word most people use; the profile says "confabulation". The search
    finds it, and with the overlay on it also searches the GenAI actions' text."""
    assert session.matching(text="confabulation") == []  # off: only the framework's guidance
    session.switch_overlay("genai", True)
    confab = session.matching(text="confabulation")
    assert confab  # the framework's word
    assert session.matching(text="hallucination") == confab
    assert session.matching(text="hallucinations") == confab
    action = GAI.actions[0]
    words = " ".join(action.title.split()[:3])
    assert action.subcategory in session.matching(text=words)
