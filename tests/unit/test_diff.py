"""Changes since a revision: the demo finalised, a new revision edited in a scripted series of
steps, then the changes checked field by field in the domain, the command line and the PDF."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmf_app.cli import main
from rmf_app.domain import framework
from rmf_app.domain.assessment import DeploymentDecision, Exclusion, Risk, Scope
from rmf_app.domain.diff import diff
from rmf_app.domain.scoring import score
from rmf_app.services.demo import demo_assessment, write_demo
from rmf_app.services.diff import diff_files, diff_revision, earlier_revision
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.content import bundled_playbook


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The demo finalised as revision 1, then revision 2 with one edit of each kind."""
    path = write_demo(tmp_path_factory.mktemp("diff") / "demo.airmf")
    with AssessmentSession.open(path, user="Test") as s:
        s.finalise()
        s.new_revision()
        s.set_response("GOVERN 1.1", current=2)
        s.set_response("MAP 1.1", target=4)
        exclusions = [
            *s.assessment.scope.exclusions,
            Exclusion(item_id="MAP 5.2", reason="Handled by the group's engagement process"),
        ]
        s.set_scope(Scope(exclusions=exclusions))
        s.add_item("risk", Risk(id="R-099", title="Vendor outage", likelihood=2, impact=3))
        s.update_item("risk", "R-001", status="monitoring", owner="Lena Berg", likelihood=2)
        s.update_item("action", "A-001", status="done")
        s.update_item("action", "A-003", owner="Jo Park")
        s.remove_item("evidence", "E-005")
        s.set_review(
            decision=DeploymentDecision(
                outcome="do_not_proceed", rationale="Wait for the drift study."
            )
        )
    return path


def _changes(item):
    return {c.field: (c.old, c.new) for c in item.changes}


def test_each_edit_is_listed_field_by_field(edited):
    with AssessmentSession.open(edited, read_only=True) as s:
        assert earlier_revision(s) == 1
        d = diff_revision(s, 1)
    assert (d.old_revision, d.new_revision, d.old_state, d.new_state) == (1, 2, "Final", "Draft")
    subs = {(c.subcategory_id, c.field): (c.old, c.new) for c in d.subcategories}
    assert subs == {("GOVERN 1.1", "maturity"): ("4", "2"), ("MAP 1.1", "target"): ("3", "4")}
    assert [(c.item_id, c.change) for c in d.scope] == [("MAP 5.2", "excluded")]
    assert [r.id for r in d.risks.added] == ["R-099"] and not d.risks.removed
    (r1,) = d.risks.changed
    assert r1.id == "R-001"
    ch = _changes(r1)
    assert ch["status"] == ("In treatment", "Monitoring")
    assert ch["owner"] == ("Aisha Karim", "Lena Berg")
    assert ch["inherent score"] == ("15", "10")
    assert "treatment" not in ch
    assert [a.id for a in d.actions.closed] == ["A-001"]
    assert _changes(d.actions.closed[0]) == {"status": ("In progress", "Done")}
    assert [a.id for a in d.actions.changed] == ["A-003"]
    assert _changes(d.actions.changed[0])["owner"][1] == "Jo Park"
    assert [e.id for e in d.evidence.removed] == ["E-005"]
    assert not d.evidence.added
    decision = {c.field: (c.old, c.new) for c in d.decision}
    assert decision["outcome"] == ("Proceed with conditions", "Do not proceed")
    assert decision["review state"] == ("Final", "Draft")
    assert decision["rationale"][1] == "Wait for the drift study."
    assert d.signoffs_removed and not d.signoffs_added
    counts = d.counts()
    assert counts["maturity"] == 1 and counts["target"] == 1 and counts["scope"] == 1
    assert counts["risks added"] == 1 and counts["risks changed"] == 1
    assert counts["actions closed"] == 1 and counts["evidence removed"] == 1
    trends = {t.name: t for t in d.trends}
    assert trends["At target"].new.numerator < trends["At target"].old.numerator
    assert trends["Completion"].new.denominator == trends["Completion"].old.denominator - 1


def test_an_assessment_compared_with_itself_has_no_changes(edited):
    with AssessmentSession.open(edited, read_only=True) as s:
        a = s.assessment
        sc = score(a, s.playbook)
        d = diff(a, a, sc, sc)
    assert d.total == 0 and not d.subcategories and not d.decision


def test_cli_json_and_text(edited, tmp_path, capsys):
    assert main(["diff", str(edited), "--revision", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["actions closed"] == 1
    assert data["actions"]["closed"][0]["id"] == "A-001"
    assert [r["id"] for r in data["risks"]["added"]] == ["R-099"]
    assert data["evidence"]["removed"][0]["id"] == "E-005"
    assert {"subcategory_id": "GOVERN 1.1", "field": "maturity", "old": "4", "new": "2"} in data[
        "subcategories"
    ]
    assert main(["diff", str(edited), "--revision", "1"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0] == "Changes from revision 1 (Final) to revision 2 (Draft)"
    assert "1 maturity" in lines[2] and "1 actions closed" in lines[2]
    assert "GOVERN 1.1 maturity: 4 → 2" in lines
    assert "Action closed: A-001" in text
    assert "Decision outcome: Proceed with conditions → Do not proceed" in lines


def test_two_files_are_compared(edited, tmp_path, capsys):
    other = write_demo(tmp_path / "other.airmf")
    d = diff_files(other, edited)
    assert [r.id for r in d.risks.added] == ["R-099"]
    assert main(["diff", str(other), str(edited), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["risks added"] == 1


@pytest.mark.parametrize(
    "argv",
    [["diff", "a.airmf"], ["diff", "a.airmf", "b.airmf", "--revision", "1"]],
)
def test_cli_asks_for_two_files_or_a_revision(argv, capsys):
    assert main(argv) == 1
    assert "Give two files" in capsys.readouterr().err


def test_a_revision_not_kept_is_refused_with_a_message(edited, capsys):
    assert main(["diff", str(edited), "--revision", "7"]) == 1
    err = capsys.readouterr().err
    assert "keeps no final revision 7" in err and "Traceback" not in err


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.slow
def test_full_report_has_the_changes_section(edited, tmp_path):
    out = tmp_path / "full.pdf"
    assert main(["export", str(edited), "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Changes since revision 1" in text  # in the contents and as the heading
    start = text.index("What changed from final revision 1 (Final) to revision 2 (Draft)")
    section = text[start : text.index("Appendix", start)]
    assert "GOVERN 1.1" in section and "Maturity" in section
    assert "MAP 5.2" in section and "Left out of scope" in section
    assert "R-099" in section and "Vendor outage" in section
    assert "In treatment → Monitoring" in section
    assert "A-001" in section and "Closed" in section
    assert "E-005" in section and "Removed" in section
    assert "Proceed with conditions" in section and "Do not proceed" in section
    assert "Actions closed" in section


@pytest.mark.slow
def test_reports_without_an_earlier_revision_have_no_changes_section(edited, tmp_path):
    first = tmp_path / "first.pdf"
    executive = tmp_path / "exec.pdf"
    assert main(["export", str(edited), "--revision", "1", "-o", str(first)]) == 0
    assert main(["export", str(edited), "--executive", "-o", str(executive)]) == 0
    assert "Changes since revision" not in _pdf_text(first)
    assert "Changes since revision" not in _pdf_text(executive)


SUBS = framework.subcategory_ids()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.dictionaries(
        st.sampled_from(SUBS), st.one_of(st.none(), st.integers(0, 4)), max_size=12
    ),
    closed=st.sets(st.sampled_from([f"A-{n:03d}" for n in range(1, 9)]), max_size=4),
    dropped=st.sets(st.sampled_from([f"E-{n:03d}" for n in range(1, 9)]), max_size=4),
)
def test_generated_edits_are_each_listed_once(edits, closed, dropped):
    """Random maturity edits, actions closed and evidence removed: the diff lists exactly
    those that really changed something, and nothing else."""
    pb = bundled_playbook()
    old, _ = demo_assessment()
    responses = dict(old.responses)
    for sid, level in edits.items():
        responses[sid] = old.response(sid).model_copy(update={"current": level})
    actions = [
        a.model_copy(update={"status": "done"}) if a.id in closed else a for a in old.actions
    ]
    evidence = [e for e in old.evidence if e.id not in dropped]
    new = old.model_copy(update={"responses": responses, "actions": actions, "evidence": evidence})
    d = diff(old, new, score(old, pb), score(new, pb))
    expected = {
        sid
        for sid, level in edits.items()
        if old.scope.in_scope(sid) and old.response(sid).current != level
    }
    assert {c.subcategory_id for c in d.subcategories} == expected
    assert all(c.field == "maturity" for c in d.subcategories)
    was_done = {a.id for a in old.actions if a.status == "done"}
    assert {a.id for a in d.actions.closed} == closed - was_done
    assert {e.id for e in d.evidence.removed} == dropped & {e.id for e in old.evidence}
    assert not d.risks.changed and not d.scope and not d.decision
    assert d.total == len(expected) + len(closed - was_done) + len(d.evidence.removed)
