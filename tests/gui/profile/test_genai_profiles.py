"""The wizard's Profiles step and the System profile page switch the GenAI overlay on/off."""

from __future__ import annotations

from rmf_app.gui.profile.overlays import suggested


def test_suggested_for_generative_systems_and_foundation_models():
    assert not suggested({"ai_type": "predictive", "components": []})
    assert suggested({"ai_type": "generative"})
    assert suggested({"ai_type": "predictive", "components": [{"kind": "foundation_model"}]})
    assert not suggested({"ai_type": "other", "components": [{"kind": "model"}]})


def test_wizard_ticks_the_suggestion_until_the_user_decides(qtbot, window, tmp_path):
    window.new_assessment()
    wizard = window.wizard
    wizard.basics.texts["name"].setText("Help desk assistant")
    page = wizard.overlays_page
    page.initializePage()
    assert page.chooser.chosen() == [] and page.chooser.hint.isHidden()
    combo = wizard.context.ai_type
    combo.setCurrentIndex(combo.findData("generative"))
    page.initializePage()
    assert page.chooser.chosen() == ["genai"] and not page.chooser.hint.isHidden()
    page.chooser.boxes["genai"].click()  # the user says no
    page.initializePage()
    assert page.chooser.chosen() == []
    assert wizard.assessment().overlays == []
    page.chooser.boxes["genai"].click()
    use = wizard.assessment().overlays[0]
    assert use.id == "genai" and use.version
    assert wizard.finish(tmp_path / "h.airmf")
    assert window.session.assessment.overlay("genai") is not None
    assert "GenAI" in window.windowTitle()


def test_switching_off_with_answers_asks_and_undo_brings_them_back(qtbot, demo_window, interaction):
    window = demo_window
    box = window.profile.overlays.boxes["genai"]
    box.click()
    window.editor.set_overlay_action("genai", "GV-1.1-001", "status", status="done")
    interaction.answers.append(False)  # keep it on
    box.click()
    assert window.session.assessment.overlay("genai") is not None and box.isChecked()
    interaction.answers.append(True)
    box.click()
    assert window.session.assessment.overlays == [] and not box.isChecked()
    window.qactions["undo"].trigger()
    assert window.session.assessment.overlay("genai").answer("GV-1.1-001").status == "done"
    assert box.isChecked()
    rows = [h.field for h in window.session.history("overlay:genai")]
    assert rows[-2:] == ["switched off", "switched on"]
