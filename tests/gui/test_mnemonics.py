"""Every Alt+letter mnemonic is unique among the controls a user can reach at once.

Qt gives a mnemonic to the first of two controls that share it (or cycles between them), so
a clash makes Alt+letter do something the user did not ask for: Alt+C once marked a
subcategory "Not applicable" when the user meant the filter's "Clear".
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from tests.gui.mnemonics import clashes, mnemonic


def test_mnemonic_reads_the_letter_after_a_single_ampersand():
    assert mnemonic("Not appli&cable") == "c"
    assert mnemonic("R&&D &budget") == "b"
    assert mnemonic("No mnemonic") is None


def _open_dialogs(window) -> list[QDialog]:
    return [d for d in window.findChildren(QDialog) if d.isVisible()]


def test_no_mnemonic_clash_in_any_view(qtbot, demo_window):
    w = demo_window
    w.walk.go_to("MAP 1.1")
    w.walk.filter_bar.text.setText("bias")  # the filter's Clear button enabled as well
    assert clashes(w) == {}, "guided walk"
    w.views.setCurrentWidget(w.profile_tab)
    QApplication.processEvents()
    assert clashes(w) == {}, "system profile"
    for key in w.tabs:
        w.show_view(key)
        QApplication.processEvents()
        assert clashes(w) == {}, key


def test_no_mnemonic_clash_in_any_dialog(qtbot, demo_window):
    w = demo_window
    checked = 0
    for kind in ("risks", "actions", "evidence"):
        dialog = w.show_view(kind).add()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert clashes(dialog) == {}, kind
        dialog.reject()
        checked += 1
    review = w.show_view("review")
    for open_it in (review.edit_decision, review.sign):
        open_it()
        (dialog,) = _open_dialogs(review)
        assert clashes(dialog) == {}, type(dialog).__name__
        dialog.reject()
        QApplication.processEvents()
        checked += 1
    w.qactions["export"].trigger()
    assert clashes(w.export_dialog) == {}, "export"
    w.export_dialog.reject()
    checked += 1
    assert checked == 6


def test_no_mnemonic_clash_on_any_wizard_page(qtbot, window):
    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    wizard.basics.texts["name"].setText("Test system")
    seen = []
    while True:
        QApplication.processEvents()
        seen.append(wizard.currentId())
        assert clashes(wizard) == {}, f"wizard page {wizard.currentId()}"
        if wizard.currentId() == wizard.pageIds()[-1]:
            break
        wizard.next()
        assert wizard.currentId() != seen[-1], "the wizard did not move on"
    assert seen == wizard.pageIds()
    wizard.reject()
