"""Keyboard only: from the start page to answering a subcategory and moving to the next one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton

from rmf_app.gui.common import settings as opt

KM = Qt.KeyboardModifier


def _press(qtbot, key, modifier=KM.NoModifier):
    """A key press delivered where a real keyboard would deliver it: the focus widget."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)


def _type(qtbot, text):
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClicks(target, text)


def test_keyboard_only_walk(qtbot, window, tmp_path):
    window.settings.set(opt.LAST_FOLDER, str(tmp_path))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # start page -> New assessment (Ctrl+N)
    _press(qtbot, Qt.Key.Key_N, KM.ControlModifier)
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.basics.texts["name"])
    _type(qtbot, "Keyboard system")
    for page in range(1, 7):  # context, parties, profiles, scope, default target, file
        _press(qtbot, Qt.Key.Key_N, KM.AltModifier)  # "&Next": buttons click after a short flash
        qtbot.waitUntil(lambda page=page: wizard.currentId() == page)
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.path.text() == str(tmp_path / "Keyboard system.airmf")
    with qtbot.waitSignal(window.sessionChanged):
        _press(qtbot, Qt.Key.Key_Return)  # Create (the default button)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    if QApplication.activeWindow() is not window:
        window.activateWindow()  # what the window manager does when a dialog closes (offscreen has none)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    session = window.session
    assert session.path == tmp_path / "Keyboard system.airmf"
    assert window.walk.current == "GOVERN 1.1"

    # go to the answer, Tab to the current maturity, arrow down to level 2
    _press(qtbot, Qt.Key.Key_A, KM.ControlModifier | KM.ShiftModifier)
    form = window.walk.page.form
    assert QApplication.focusWidget() is form.applicability.button(0)
    _press(qtbot, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QRadioButton) and focused is form.current.button(9)
    for _ in range(3):  # not set -> 0 -> 1 -> 2
        _press(qtbot, Qt.Key.Key_Down)
    assert session.assessment.response("GOVERN 1.1").current == 2
    # Tab to the target, pick 4
    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.target.button(9)
    for _ in range(5):
        _press(qtbot, Qt.Key.Key_Down)
    assert session.assessment.response("GOVERN 1.1").target == 4

    # answer the first question: Tab to its group, Space chooses "Yes"
    while QApplication.focusWidget() is not form.question_rows[0].group.button(0):
        _press(qtbot, Qt.Key.Key_Tab)
    _press(qtbot, Qt.Key.Key_Space)
    assert session.assessment.response("GOVERN 1.1").questions["GV-1.1-Q1"].answer == "yes"

    # notes through its mnemonic, then on to the next subcategory
    _press(qtbot, Qt.Key.Key_N, KM.AltModifier)
    assert QApplication.focusWidget() is form.notes
    _type(qtbot, "Typed without a mouse")
    _press(qtbot, Qt.Key.Key_Right, KM.AltModifier)  # Go ▸ Next (QKeySequence.Forward)
    assert window.walk.current == "GOVERN 1.2"
    assert session.assessment.response("GOVERN 1.1").notes == "Typed without a mouse"  # flushed
    _press(qtbot, Qt.Key.Key_Left, KM.AltModifier)
    assert window.walk.current == "GOVERN 1.1"
    # and undo from the keyboard, with the focus out of the text field
    _press(qtbot, Qt.Key.Key_N, KM.ControlModifier | KM.ShiftModifier)  # Go ▸ navigator
    assert QApplication.focusWidget() is window.walk.tree
    _press(qtbot, Qt.Key.Key_Z, KM.ControlModifier)
    assert session.assessment.response("GOVERN 1.1").notes == ""


def test_backspace_edits_text_and_never_navigates(qtbot, demo_window):
    from rmf_app.gui import actions as act

    w = demo_window
    for spec in act.ACTIONS:
        for seq in act.key_sequences(spec):
            assert not (
                seq[0].key() == Qt.Key.Key_Backspace
                and seq[0].keyboardModifiers() in (KM.NoModifier, KM.ShiftModifier)
            ), spec.id
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.walk.go_to("MAP 1.2")
    notes = w.walk.page.form.notes
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    before = notes.toPlainText()
    _press(qtbot, Qt.Key.Key_Backspace)
    _press(qtbot, Qt.Key.Key_Backspace, KM.ShiftModifier)
    assert w.walk.current == "MAP 1.2"
    assert notes.toPlainText() == before[:-2]
