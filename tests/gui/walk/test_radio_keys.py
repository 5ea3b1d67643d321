"""Answering a page from the keyboard: one Tab stop per group of options, arrows that choose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _fresh_page(window):
    """Move to a subcategory with no level and no answer, after one answered at level 4."""
    session = window.session
    a = session.assessment
    ids = [s.id for s in session.playbook.subcategories]
    answered = next(s for s in ids if a.response(s).current == 4)
    fresh = next(
        s
        for s in ids
        if s != answered
        and session.playbook.subcategory(s).questions
        and a.scope.exclusion_for(s) is None
        and a.response(s).applicability == "applicable"
    )
    session.set_response(fresh, current=None, target=None, questions={})
    # a page whose first question was answered "No": Qt kept the Tab stop there afterwards
    question = session.playbook.subcategory(answered).questions[0].id
    session.set_question(answered, question, answer="no")
    window.walk.go_to(answered)
    window.walk.go_to(fresh)
    assert window.walk.current == fresh
    return fresh


def _press(key):
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)


def test_tab_lands_on_the_chosen_level_and_arrows_choose(qtbot, demo_window):
    window = demo_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    sid = _fresh_page(window)
    form = window.walk.page.form
    form.applicability.checkedButton().setFocus(Qt.FocusReason.TabFocusReason)
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.current.button(9)  # "not set", the checked one
    _press(Qt.Key.Key_Down)
    assert window.session.assessment.response(sid).current == 0
    assert QApplication.focusWidget() is form.current.button(0)
    _press(Qt.Key.Key_Down)
    assert window.session.assessment.response(sid).current == 1
    _press(Qt.Key.Key_Tab)  # on to the target levels, not to the next current level
    assert QApplication.focusWidget() is form.target.checkedButton()
    _press(Qt.Key.Key_Down)
    assert window.session.assessment.response(sid).target == 0


def test_arrows_answer_a_question_none_was_chosen_for(qtbot, demo_window):
    window = demo_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    sid = _fresh_page(window)
    form = window.walk.page.form
    row = form.question_rows[0]
    assert row.group.checkedButton() is None
    form.evidence_supported.setFocus(Qt.FocusReason.TabFocusReason)
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.group.button(0)  # "Yes", the first
    _press(Qt.Key.Key_Right)
    assert window.session.assessment.response(sid).questions[row.question_id].answer == "partly"
    _press(Qt.Key.Key_Left)
    assert window.session.assessment.response(sid).questions[row.question_id].answer == "yes"
    _press(Qt.Key.Key_Tab)  # out of the answers, into the comment
    assert QApplication.focusWidget() is row.comment
