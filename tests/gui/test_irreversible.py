"""A confirmation of a step that cannot be taken back has Cancel as its default button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from rmf_app.gui.common.interaction import Interaction


def test_enter_cancels_an_irreversible_confirmation(qtbot):
    for irreversible, goes_ahead in ((True, False), (False, True)):
        box, ok = Interaction().confirm_box(
            "Finalize revision 1?", "This cannot be undone.", "Finalize", irreversible=irreversible
        )
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        with qtbot.waitSignal(box.finished):
            QTest.keyClick(box, Qt.Key.Key_Return)
        assert (box.clickedButton() is ok) is goes_ahead


def test_finalize_discard_and_wizard_discard_ask_with_cancel_as_default(
    qtbot, demo_window, interaction
):
    w = demo_window
    review = w.show_view("review")
    assert review.finalise_button.text() == "Fi&nalize…"
    interaction.answers.append(False)
    assert review.finalise() is None
    assert interaction.irreversible == ["Finalize revision 1?"]
    assert not w.session.read_only

    dialog = w.show_view("risks").add()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.title, "Typed, then cancelled")
    interaction.answers.append(True)
    dialog.reject()
    assert interaction.irreversible[-1] == "Discard changes?"

    w.new_assessment()
    wizard = w.wizard
    qtbot.waitExposed(wizard)
    wizard.basics.texts["name"].setText("Typed")
    interaction.answers.append(True)
    wizard.reject()
    assert interaction.irreversible[-1] == "Discard the new assessment?"
    QApplication.processEvents()
