""" "Add risks from the GenAI profile…": the dialog, the new register entries, one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from rmf_app.gui.registers.genai_risks import GenAIRisksDialog
from rmf_app.services.content import overlay

GAI = overlay("genai")


def test_dialog_needs_scores_and_adds_prefilled_risks_as_one_edit(qtbot, demo_window, interaction):
    window = demo_window
    view = window.show_view("risks")
    assert view.genai_button.isHidden()  # the overlay is off
    window.profile.overlays.boxes["genai"].click()
    assert not view.genai_button.isHidden()
    session = window.session
    before = [r.id for r in session.assessment.risks]
    dialog = GenAIRisksDialog(session, GAI, view)
    qtbot.addWidget(dialog)
    assert len(dialog.rows) == 12
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for key, (box, _l, _i) in dialog.rows.items():
        box.setChecked(key in ("confabulation", "data-privacy"))
    assert not ok.isEnabled() and "Confabulation" in dialog.status.text()  # scores empty
    dialog.set_scores("confabulation", 4, 4)
    assert not ok.isEnabled()
    dialog.set_scores("data-privacy", 2, 5)
    assert ok.isEnabled()
    picked = dialog.risks()
    assert [g for g, _ in picked] == ["confabulation", "data-privacy"]
    conf = picked[0][1]
    assert conf.title == GAI.risk("confabulation").register_title
    assert conf.description == GAI.risk("confabulation").register_description
    assert conf.characteristics == GAI.risk("confabulation").characteristics
    assert set(conf.subcategories) == {a.subcategory for a in GAI.actions_for_risk("confabulation")}
    assert (conf.likelihood, conf.impact) == (4, 4)
    assert conf.id not in before and picked[1][1].id != conf.id
    assert window.editor.add_overlay_risks("genai", picked, "Add 2 risks from the GenAI profile")
    assert [r.id for r in session.assessment.risks] == [*before, conf.id, picked[1][1].id]
    assert session.overlay_scores()["genai"].risk("confabulation").rated_high
    assert view.model.rowCount() == len(before) + 2
    window.qactions["undo"].trigger()  # one step takes both away
    assert [r.id for r in session.assessment.risks] == before
    assert session.assessment.overlay("genai").register_risks == {}
    # a second dialog says which are already in the register
    window.qactions["redo"].trigger()
    again = GenAIRisksDialog(session, GAI, view)
    qtbot.addWidget(again)
    assert not again.rows["confabulation"][0].isChecked()  # already in the register: not proposed


def test_profile_hints_point_to_relevant_risks(demo_path):
    from rmf_app.domain.overlay_relevance import relevance_hints
    from rmf_app.services.session import AssessmentSession

    with AssessmentSession.open(demo_path, read_only=True) as s:
        a = s.assessment
        comp = a.profile.components[0].model_copy(update={"kind": "foundation_model"})
        prof = a.profile.model_copy(update={"components": [comp]})
        hints = relevance_hints(a.model_copy(update={"profile": prof}), GAI)
    assert "foundation model" in hints["value-chain-component-integration"]
    assert set(hints) <= {r.id for r in GAI.risks}


def test_nothing_is_ticked_for_the_user_and_own_risks_that_may_cover_one_are_named(
    qtbot, demo_window
):
    """The hints say where to look; the user ticks. A register risk of the user's own that
    seems to cover a GAI risk is named beside it, and the status line keeps its height (rows
    must not move under the pointer as boxes are ticked)."""
    from rmf_app.domain.assessment import Risk

    window = demo_window
    window.profile.overlays.boxes["genai"].click()
    session = window.session
    session.add_item(
        "risk", Risk(id="R-800", title="Chatbot hallucinates refund rules", likelihood=3, impact=3)
    )
    dialog = GenAIRisksDialog(session, GAI, window)
    qtbot.addWidget(dialog)
    assert dialog.picked() == []
    hint = dialog.findChildren(type(dialog.status))
    assert any("your R-800 may already cover it" in w.text() for w in hint)
    height = dialog.status.height()
    for box, _l, _i in list(dialog.rows.values())[:7]:
        box.setChecked(True)
        assert dialog.status.height() == height
    assert "and 4 more" in dialog.status.text()


def test_every_gai_risk_says_why_or_that_nothing_points_to_it(qtbot, demo_window):
    """The "Why" column is never blank: a hint from the profile, the register's own risks, or
    a plain statement that nothing points to the GAI risk; the rows sit at the top."""
    from PySide6.QtWidgets import QGridLayout, QLabel

    window = demo_window
    window.profile.overlays.boxes["genai"].click()
    dialog = GenAIRisksDialog(window.session, GAI, window)
    qtbot.addWidget(dialog)
    dialog.show()
    grid = dialog.findChild(QGridLayout)
    whys = [grid.itemAtPosition(n, 1).widget() for n in range(1, len(GAI.risks) + 1)]
    assert all(isinstance(w, QLabel) and w.text().strip() for w in whys)
    assert any("nothing in the profile" in w.text() for w in whys)
    # no spare height between the heading and the first row
    head = grid.itemAtPosition(0, 0).widget()
    first = grid.itemAtPosition(1, 0).widget()
    assert first.geometry().top() - head.geometry().bottom() < 3 * head.height()
