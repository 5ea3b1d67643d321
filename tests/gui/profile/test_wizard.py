"""The new-assessment wizard proposes a file it can create."""

from __future__ import annotations

import os

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle

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


def test_creating_in_a_missing_folder_creates_it_with_its_parents(
    qtbot, window, tmp_path, interaction
):
    window.new_assessment()
    wizard = window.wizard
    qtbot.keyClicks(wizard.basics.texts["name"], "Credit model")
    target = tmp_path / "new" / "deeper" / "Credit model.airmf"
    wizard.file_page.path.setText(str(target))
    with qtbot.waitSignal(window.sessionChanged):
        assert wizard.finish(wizard.file_page.target())
    assert target.is_file()
    assert window.session is not None and window.session.path == target
    assert not [m for m in interaction.messages if m.kind == "error"]


def test_a_folder_that_cannot_be_created_is_reported_plainly(qtbot, window, tmp_path, interaction):
    window.new_assessment()
    wizard = window.wizard
    wizard.basics.texts["name"].setText("Credit model")
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    for target in (
        blocker / "sub" / "Credit model.airmf",  # a file where a folder should be
        tmp_path / ("x" * 300) / "Credit model.airmf",  # a name the file system refuses
    ):
        assert not wizard.finish(target)
        message = interaction.messages[-1]
        assert message.kind == "error" and message.title == "Cannot create the folder"
        shown = message.text.replace("\u200b", "")
        assert str(target.parent) in shown and "Reason:" in shown
        assert "Traceback" not in shown
        # a long path can wrap between folder names
        assert str(tmp_path).replace(os.sep, os.sep + "\u200b") in message.text
        assert not os.path.exists(target)
    assert wizard.isVisible()  # the user can choose another place
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


def test_unticking_an_item_selects_it_for_its_reason(qtbot, window):
    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    editor = wizard.scope_page.editor
    editor.tailored.setChecked(True)
    editor.tree.expandAll()
    editor.tree.setCurrentIndex(editor.model.index_of("GOVERN 1.1"))
    index = editor.model.index_of("MEASURE 2.12")
    editor.tree.scrollTo(index)
    rect = editor.tree.visualRect(index)
    style = editor.tree.style()
    box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, editor.tree) + 1
    # a click on the check box (it used to leave the row unselected)
    qtbot.mouseClick(
        editor.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.left() + margin + box // 2, rect.center().y()),
    )
    assert editor.model.is_out("MEASURE 2.12")
    assert editor.tree.currentIndex() == index
    assert editor.reason.isEnabled()
    qtbot.keyClicks(editor.reason, "Immaterial footprint")
    assert editor.scope().exclusions[0].reason == "Immaterial footprint"
    wizard.reject()


def test_scope_titles_are_not_cut_off_and_the_summary_names_profiles(qtbot, window):
    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.basics.texts["name"].setText("Credit model")
    editor = wizard.scope_page.editor
    editor.tailored.setChecked(True)
    while wizard.currentPage() is not wizard.scope_page:
        wizard.next()
    editor.tree.expandAll()
    qtbot.waitUntil(lambda: editor.tree.header().sectionSize(0) > 0)
    assert editor.tree.header().sectionSize(0) >= editor.tree.sizeHintForColumn(0)
    while wizard.currentPage() is not wizard.file_page:
        wizard.next()
    assert wizard.overlays_page.title() == "Profiles"
    summary = wizard.file_page.summary.text()
    assert "Profiles: " in summary and "Overlays" not in summary
    wizard.reject()
