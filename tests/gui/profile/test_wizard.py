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


def test_scope_tree_shows_a_partly_ticked_category_and_a_useful_reason_hint(qtbot, window):
    from rmf_app.gui.profile.scope_editor import ScopeEditor

    window.new_assessment()
    wizard = window.wizard
    editor: ScopeEditor = wizard.scope_page.editor
    editor.tailored.setChecked(True)
    model = editor.model
    child = model.index_of("MAP 1.2", 0)
    parent = model.index_of("MAP 1", 0)
    assert parent.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.setData(child, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert parent.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    # the reason box speaks to what is selected
    editor.tree.setCurrentIndex(child)
    assert "MAP 1.2" in editor.reason.placeholderText() and editor.reason.isEnabled()
    editor.tree.setCurrentIndex(model.index_of("MAP 1.1", 0))
    assert "MAP 1.1 is in scope" in editor.reason.placeholderText()
    assert not editor.reason.isEnabled()
    # ticking the partly ticked category brings all of it back
    model.setData(parent, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert child.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert parent.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    wizard.done(0)


def test_component_kind_column_fits_its_longest_choice(qtbot, window):
    window.new_assessment()
    editor = window.wizard.parties.components
    kind = 0
    fm = editor.view.fontMetrics()
    widest = max(fm.horizontalAdvance(t) for t in editor.model.columns[kind].choices.values())
    assert editor.view.columnWidth(kind) > widest + 20
    window.wizard.done(0)
