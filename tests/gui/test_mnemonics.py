"""Every Alt+letter mnemonic is unique among the controls a user can reach at once.

Qt gives a mnemonic to the first of two controls that share it (or cycles between them), so
a clash makes Alt+letter do something the user did not ask for: Alt+C once marked a
subcategory "Not applicable" when the user meant the filter's "Clear".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
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
    # with a profile switched on, so the views show their profile buttons too (the risk
    # register's "Add risks from the GenAI profile…" once took Alt+G from the Go menu)
    w.session.switch_overlay("genai", True)
    QApplication.processEvents()
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
        assert dialog.tabs.count() >= 2
        for tab in range(dialog.tabs.count()):  # each tab shows its own fields
            dialog.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            assert clashes(dialog) == {}, f"{kind}, tab {dialog.tabs.tabText(tab)}"
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


def test_alt_letters_reach_the_risk_dialogs_rating_fields(qtbot, demo_window):
    w = demo_window
    dialog = w.show_view("risks").add()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.tabs.setCurrentIndex(1)  # Rating and treatment
    QApplication.processEvents()
    for letter, field in (
        (Qt.Key.Key_T, dialog.treatment),
        (Qt.Key.Key_L, dialog.likelihood),
        (Qt.Key.Key_R, dialog.acceptor_role),
    ):
        if field is dialog.acceptor_role:
            dialog.acceptance.setChecked(True)
        QTest.keyClick(
            QApplication.focusWidget() or dialog, letter, Qt.KeyboardModifier.AltModifier
        )
        assert QApplication.focusWidget() is field, letter
    dialog.acceptance.setChecked(False)
    dialog.reject()
