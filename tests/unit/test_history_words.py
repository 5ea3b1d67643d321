"""History rows read as plain words, never as raw values (issue #18, point 4)."""

from __future__ import annotations

from rmf_app.services.demo import write_demo
from rmf_app.services.history import describe_change, value_words
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import HistoryEntry


def _row(field: str, old: str | None, new: str | None, entity: str = "response:GOVERN 1.3"):
    return HistoryEntry("2026-10-15T09:00:00+00:00", "Priya", entity, field, old, new)


def test_question_answers_in_words_both_logged_forms():
    # the form older files logged (the model's repr) and the JSON logged now
    old_form = _row("questions", "{}", '{"GV-1.3-Q1": "answer=\'yes\' comment=\'\'"}')
    new_form = _row("questions", "{}", '{"GV-1.3-Q1": {"answer": "yes", "comment": ""}}')
    assert describe_change(old_form) == "Question GV-1.3-Q1 answered Yes"
    assert describe_change(new_form) == "Question GV-1.3-Q1 answered Yes"
    changed = _row(
        "questions",
        '{"GV-1.3-Q1": {"answer": "no", "comment": ""}}',
        '{"GV-1.3-Q1": {"answer": "partly", "comment": "Only in the EU"}}',
    )
    assert describe_change(changed) == (
        "Question GV-1.3-Q1: answer changed from No to Partly; "
        "Question GV-1.3-Q1: comment added: “Only in the EU”"
    )


def test_links_maturity_choices_and_text_in_words():
    assert describe_change(_row("risks", "[]", '["R-001"]')) == "Linked risk R-001"
    assert describe_change(_row("subcategories", '["MAP 1.1", "MAP 1.2"]', '["MAP 1.1"]')) == (
        "Unlinked subcategory MAP 1.2"
    )
    assert describe_change(_row("current", None, "3")) == "Current maturity: not set → 3 (Defined)"
    assert describe_change(_row("applicability", "applicable", "not_applicable")) == (
        "Applicability: Applicable → Not applicable"
    )
    assert describe_change(_row("notes", "", "Reviewed by legal")) == (
        "Notes set to “Reviewed by legal”"
    )
    assert describe_change(_row("evidence_supports", "false", "true")) == (
        "Evidence supports the rating: No → Yes"
    )
    assert value_words("current", None) == "—"


def test_no_history_row_of_the_demo_reads_as_raw_json(tmp_path):
    """Every row a session writes reads without braces, brackets or a model's repr."""
    demo_path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(demo_path, read_only=False) as s:
        s.set_question("GOVERN 1.3", "GV-1.3-Q1", answer="partly", comment="EU only")
        s.update_item("risk", "R-001", subcategories=["MAP 1.1"])
        s.set_response("GOVERN 1.3", current=1, notes="Started")
        rows = s.history()
    for row in rows:
        text = describe_change(row)
        assert not any(ch in text for ch in "{}[]"), text
        assert "answer='" not in text


def test_the_demo_has_a_plausible_history_on_its_own_dates(tmp_path):
    """Created on its creation date, answered over the weeks after, decided and signed last —
    not one 'created' row dated the day the demo file was written."""
    path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(path) as s:
        a, rows = s.assessment, s.history()
    assert rows[0].field == "created" and rows[0].at.startswith("2026-09-01")
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    last_signature = max(sig.signed_at for sig in a.review.signatures)
    assert all(r.at <= last_signature.isoformat().replace("+00:00", "Z") for r in rows)
    answered = {r.entity for r in rows if r.entity.startswith("response:")}
    assert answered == {f"response:{sid}" for sid in a.responses}
    words = [describe_change(r) for r in rows]
    assert any(w.startswith("Deployment decision recorded: Proceed with conditions") for w in words)
    assert any(w.startswith("Signed off by Priya Raman (assessor)") for w in words)


def test_genai_profile_rows_and_times_read_in_words(tmp_path):
    """The Generative AI Profile's rows (its actions, the register risks added for its GAI
    risks) and timestamps read as words, not as ids like "overlay:genai" or ISO times."""
    from rmf_app.domain.assessment import Risk
    from rmf_app.services.history import entity_words, field_label

    path = write_demo(tmp_path / "g.airmf", genai=True)
    with AssessmentSession.open(path) as s:
        s.set_overlay_action("genai", "GV-1.2-001", status="planned", note="Q3")
        s.add_overlay_risks("genai", [("information-security", Risk(id="R-900", title="Leaks", likelihood=2, impact=3))])
        s.sign("reviewer", "Robin Reviewer")
        rows = s.history()[-6:]
    texts = [(entity_words(r.entity), field_label(r.field), describe_change(r)) for r in rows]
    for entity, _field, change in texts:
        assert "overlay:" not in entity and "genai" not in entity, entity
        assert not any(ch in change for ch in "{}[]"), change
    assert ("GenAI action GV-1.2-001", "Status") in [(e, f) for e, f, _ in texts]
    assert field_label("na_reason") == "N/A reason"  # not "Na reason"
    assert any(
        c == "Register risk R-900 added for the GAI risk “Information Security”" for *_, c in texts
    ), texts
    signature = _row(
        "signatures",
        "[]",
        '[{"role": "reviewer", "name": "Robin", "statement": "", '
        '"signed_at": "2026-12-03T06:54:07.891414Z"}]',
        entity="review",
    )
    assert "2026-12-03T" not in value_words("signatures", signature.new)
    assert "2026-12-03 06:54 UTC" in value_words("signatures", signature.new)


def test_a_level_chosen_with_the_arrow_keys_is_one_history_line():
    """Arrow keys pass every level on the way (each is saved); the history shows one change
    from the first value to the last, and never merges other people's or other fields'."""
    from rmf_app.services.history import merge_quick_steps

    def at(second: int, field: str = "target", who: str = "Priya", old=None, new=None):
        return HistoryEntry(
            f"2026-10-15T09:00:{second:02d}.000+00:00", who, "response:GOVERN 1.1", field, old, new
        )

    steps = [at(0, old=None, new="0"), at(1, old="0", new="1"), at(2, old="1", new="2")]
    steps += [at(3, old="2", new="3"), at(4, old="3", new="4")]
    [merged] = merge_quick_steps(steps)
    assert describe_change(merged) == "Target maturity: not set → 4 (Managed)"
    apart = [at(0, old=None, new="1"), at(40, old="1", new="2")]  # a later second thought
    assert len(merge_quick_steps(apart)) == 2
    others = [at(0, new="1"), at(1, field="current", new="1"), at(2, who="Sam", new="2")]
    assert len(merge_quick_steps(others)) == 3


def test_added_and_removed_items_are_named_by_their_title():
    added = _row("added", None, '{"id": "R-001", "title": "Model drift"}', entity="risk:R-001")
    removed = _row("removed", '{"id": "A-002", "title": "Retrain"}', None, entity="action:A-002")
    assert describe_change(added) == "Added “Model drift”"
    assert describe_change(removed) == "Removed “Retrain”"
    assert describe_change(_row("added", None, None, entity="risk:R-9")) == "Added"


def test_genai_action_statuses_read_in_words_before_and_after():
    """The details pane names every status of a GenAI Profile action ("N/A", "Not done",
    "Partly"), not only those it shares with register actions."""
    for raw, words in (("na", "N/A"), ("not_done", "Not done"), ("partly", "Partly")):
        row = _row("status", f'"{raw}"', '"planned"', entity="overlay:genai:GV-1.2-001")
        assert value_words("status", row.old) == words
        assert value_words("status", row.new) == "Planned"
        assert raw not in describe_change(row).split(), describe_change(row)
    # a register action's statuses keep their own words
    assert value_words("status", '"in_progress"') == "In progress"


def test_details_name_the_overlay_and_the_question_in_words():
    """The details pane says "Generative AI Profile", not the overlay's id "genai", and shows
    a question's words beside its id when the playbook is at hand."""
    assert value_words("switched on", '"genai"') == "Generative AI Profile"
    assert value_words("switched off", '"genai"') == "Generative AI Profile"
    raw = '{"GV-1.3-Q1": {"answer": "partly", "comment": "in draft"}}'
    asked = {"GV-1.3-Q1": "Is the risk tolerance written down?"}
    assert value_words("questions", raw, asked) == (
        "GV-1.3-Q1 “Is the risk tolerance written down?”: Partly (“in draft”)"
    )
    assert value_words("questions", raw) == "GV-1.3-Q1: Partly (“in draft”)"
