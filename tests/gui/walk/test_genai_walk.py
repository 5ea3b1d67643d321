"""The Generative AI Profile in the walk: switching it on, the section, undo, typing, filter."""

from __future__ import annotations

from rmf_app.domain.assessment import Evidence
from rmf_app.services.content import overlay

GAI = overlay("genai")


def _switch_on(qtbot, window):
    box = window.profile.overlays.boxes["genai"]
    box.click()
    assert window.session.assessment.overlay("genai") is not None


def _rows(walk):
    section = walk.page.form.genai
    if section.isHidden():
        return []
    return [r for r in section.rows if not r.frame.isHidden()]


def _choose(row, status):
    index = [None, "done", "partly", "planned", "not_done", "na"].index(status)
    row.status.setCurrentIndex(index)
    row.status.activated.emit(index)


def test_section_appears_when_switched_on_and_undo_switches_it_off(qtbot, demo_window):
    window, walk = demo_window, demo_window.walk
    walk.go_to("GOVERN 1.1")
    section = walk.page.form.genai
    assert section.isHidden()
    assert walk.filter_bar.gai_risk.isHidden()
    assert walk.overlay_label.isHidden()
    _switch_on(qtbot, window)
    assert not section.isHidden()
    assert [r.action_id for r in _rows(walk)] == [a.id for a in GAI.actions_for("GOVERN 1.1")]
    assert "600-1" in walk.overlay_label.text() and not walk.overlay_label.isHidden()
    assert "GenAI" in window.windowTitle()
    assert not walk.filter_bar.gai_risk.isHidden()
    # a subcategory without actions hides the section
    walk.go_to(GAI.subcategories_without_actions()[0])
    assert section.isHidden()
    window.qactions["undo"].trigger()
    assert window.session.assessment.overlays == []
    assert walk.filter_bar.gai_risk.isHidden()
    assert "GenAI" not in window.windowTitle()


def test_status_na_reason_note_and_links_edit_with_undo(qtbot, demo_window):
    window, walk = demo_window, demo_window.walk
    session = window.session
    _switch_on(qtbot, window)
    walk.go_to("MEASURE 2.7")
    rows = _rows(walk)
    assert len(rows) == len(GAI.actions_for("MEASURE 2.7"))
    first, second = rows[0], rows[1]
    _choose(first, "done")
    use = session.assessment.overlay("genai")
    assert use.answer(first.action_id).status == "done"
    undo = window.qactions["undo"]
    assert first.action_id in undo.text()
    undo.trigger()
    assert session.assessment.overlay("genai").answer(first.action_id).status is None
    assert first.status.currentIndex() == 0
    window.qactions["redo"].trigger()
    assert first.status.currentIndex() == 1

    # N/A asks for the reason; cancelling changes nothing
    _choose(second, "na")
    assert session.assessment.overlay("genai").answer(second.action_id).status is None
    assert second.status.currentIndex() == 0
    window.interaction.answers.append("No model training happens in house")
    _choose(second, "na")
    ans = session.assessment.overlay("genai").answer(second.action_id)
    assert (ans.status, ans.na_reason) == ("na", "No model training happens in house")
    assert not second.na_reason.isHidden()

    # typing a note is one undo step, committed when the burst ends
    qtbot.keyClicks(first.note, "quarterly red team")
    window.editor.flush()
    assert session.assessment.overlay("genai").answer(first.action_id).note == (
        "quarterly red team"
    )
    assert "note" in undo.text()
    undo.trigger()
    assert session.assessment.overlay("genai").answer(first.action_id).note == ""
    assert first.note.text() == ""

    # links: the dialog proposes register items; its choice is one edit
    from rmf_app.gui.walk.genai_section import LinkDialog

    evidence_id = session.assessment.evidence[0].id
    dialog = LinkDialog(
        window.adapter, first.action_id, session.assessment.overlay("genai").answer(first.action_id)
    )
    dialog.list.set_checked([f"evidence:{evidence_id}"])
    assert dialog.changes(session.assessment.overlay("genai").answer(first.action_id)) == {
        "evidence": [evidence_id]
    }
    assert window.editor.set_overlay_action(
        "genai", first.action_id, "link", evidence=[evidence_id]
    )
    title = session.assessment.evidence_item(evidence_id).title
    assert not first.links.isHidden() and f"{evidence_id} {title[:20]}" in first.links.text()
    assert "(1)" in first.link_button.text()


def test_rows_are_reused_from_one_subcategory_to_the_next(qtbot, demo_window):
    window, walk = demo_window, demo_window.walk
    _switch_on(qtbot, window)
    walk.go_to(walk.walk_ids()[0])
    most = max(len(GAI.actions_for(s)) for s in walk.walk_ids())
    while window.qactions["next"].isEnabled():
        window.qactions["next"].trigger()
        expected = [a.id for a in GAI.actions_for(walk.current)]
        assert [r.action_id for r in _rows(walk)] == expected
    assert len(walk.page.form.genai.rows) <= most


def test_gai_risk_filter_narrows_the_walk(qtbot, demo_window):
    window, walk = demo_window, demo_window.walk
    _switch_on(qtbot, window)
    bar = walk.filter_bar
    index = bar.gai_risk.findData("intellectual-property")
    bar.gai_risk.setCurrentIndex(index)
    expected = window.session.matching(gai_risk="intellectual-property")
    scope = window.session.assessment.scope
    assert walk.walk_ids() == [s for s in expected if scope.in_scope(s)]
    assert bar.value().gai_risk == "intellectual-property"
    # switching the overlay off drops the GAI filter and shows the whole walk again
    window.profile.overlays.boxes["genai"].click()
    assert bar.value().gai_risk is None
    assert len(walk.walk_ids()) > len(expected)


def test_removing_linked_evidence_and_undo_restores_the_link(qtbot, demo_window):
    window = demo_window
    session = window.session
    _switch_on(qtbot, window)
    session_id = "E-900"
    window.editor.add_item("evidence", Evidence(id=session_id, title="Eval log"), "add")
    window.editor.set_overlay_action("genai", "MS-2.5-001", "link", evidence=[session_id])
    window.editor.remove_item("evidence", session_id, "remove")
    assert session.assessment.overlay("genai").answer("MS-2.5-001").evidence == []
    window.qactions["undo"].trigger()
    assert session.assessment.overlay("genai").answer("MS-2.5-001").evidence == [session_id]
