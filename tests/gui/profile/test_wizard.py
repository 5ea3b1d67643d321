"""The new-assessment wizard proposes a file it can create."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from rmf_app.gui.profile import wizard as wizard_module


def test_wizard_proposes_an_existing_folder_when_documents_is_missing(
    qtbot, window, tmp_path, monkeypatch
):
    missing = tmp_path / "no-such-home" / "Documents"
    monkeypatch.setattr(
        wizard_module.QStandardPaths, "writableLocation", staticmethod(lambda _loc: str(missing))
    )
    window.new_assessment()
    wizard = window.wizard
    wizard.folder = None
    wizard.basics.texts["name"].setText("Credit model")
    proposed = wizard.default_path()
    assert proposed.name == "Credit model.airmf"
    assert proposed.parent.is_dir() and proposed.parent != missing
    wizard.reject()


def test_creating_in_a_missing_folder_says_it_does_not_exist(qtbot, window, tmp_path, interaction):
    window.new_assessment()
    wizard = window.wizard
    wizard.basics.texts["name"].setText("Credit model")
    target = tmp_path / "gone" / "Credit model.airmf"
    assert not wizard.finish(target)
    message = interaction.messages[-1]
    assert "does not exist" in message.text and str(Path(target).parent) in message.text
    assert not target.exists()
    wizard.reject()


def test_escape_asks_before_discarding_the_wizard(qtbot, window, interaction):
    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.reject()  # nothing entered: closes without asking
    assert not wizard.isVisible() and not interaction.prompts

    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.basics.texts["name"].setText("Credit model")
    interaction.answers.append(False)  # "keep editing"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and interaction.prompts[-1].startswith("confirm: Discard")
    assert wizard.basics.texts["name"].text() == "Credit model"
    interaction.answers.append(True)
    wizard.reject()
    assert not wizard.isVisible()
