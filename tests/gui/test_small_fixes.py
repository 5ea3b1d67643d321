"""Small defects of issue #18: the link field, Previous/Next off the walk, the review's mark
for an absence, the acceptor's role."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _evidence_dialog(qtbot, window):
    dialog = window.show_view("evidence").add()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_link_without_https_gets_it_and_says_so(qtbot, demo_window):
    w = demo_window
    before = len(w.session.assessment.evidence)
    dialog = _evidence_dialog(qtbot, w)
    QTest.keyClicks(dialog.title, "Model card")
    dialog.url.setFocus()
    QTest.keyClicks(dialog.url, "example.com/x")
    QTest.keyClick(dialog.url, Qt.Key.Key_Tab)  # leaving the field completes it
    assert dialog.url.text() == "https://example.com/x"
    assert not dialog.url_note.isHidden() and "https://" in dialog.url_note.text()
    dialog.url.setFocus()
    with qtbot.waitSignal(dialog.finished):
        QTest.keyClick(dialog.url, Qt.Key.Key_Return)  # Save
    evidence = w.session.assessment.evidence
    assert len(evidence) == before + 1 and evidence[-1].url == "https://example.com/x"


def test_a_link_that_is_no_web_address_is_refused_in_plain_words(qtbot, demo_window):
    w = demo_window
    for typed in ("mailto:someone@example.com", "ftp://example.com/x", "not an address"):
        dialog = _evidence_dialog(qtbot, w)
        QTest.keyClicks(dialog.title, "Model card")
        dialog.url.setFocus()
        QTest.keyClicks(dialog.url, typed)
        QTest.keyClick(dialog.url, Qt.Key.Key_Return)
        assert dialog.isVisible(), typed
        assert dialog.url.text() == typed
        error = dialog.error.text()
        assert error.startswith("Link: enter a web address such as https://"), error
        assert "Url" not in error and "url" not in error
        dialog.title.clear()
        dialog.url.clear()
        dialog.reject()


def test_previous_and_next_work_only_on_the_walk(qtbot, demo_window):
    w = demo_window
    w.walk.go_to("GOVERN 1.2")
    assert w.qactions["next"].isEnabled() and w.qactions["previous"].isEnabled()
    for key in ("risks", "actions", "evidence", "review"):
        w.show_view(key)
        assert not w.qactions["next"].isEnabled(), key
        assert not w.qactions["previous"].isEnabled(), key
    w.show_walk()
    assert w.qactions["next"].isEnabled() and w.qactions["previous"].isEnabled()


def test_no_check_mark_for_no_deployment_condition(qtbot, demo_window):
    w = demo_window
    decision = w.session.assessment.review.decision
    assert decision is not None and decision.condition_actions
    review = w.show_view("review")
    assert "✗ deployment conditions overdue" in review.opinion_reasons.text()
    w.session.set_review(decision=decision.model_copy(update={"condition_actions": []}))
    review.refresh()
    lines = review.opinion_reasons.text().splitlines()
    line = next(x for x in lines if "deployment condition" in x)
    assert line == "– no deployment condition recorded"


def test_the_acceptors_role_starts_as_the_profile_names_it(qtbot, demo_window):
    w = demo_window
    role = w.session.assessment.profile.acceptance_role
    assert role
    dialog = w.show_view("risks").add()
    assert dialog.acceptor_role.text() == role
    dialog.reject()
    risk = next(r for r in w.session.assessment.risks if r.acceptance is not None)
    risks = w.show_view("risks")
    assert risks.select(risk.id)
    dialog = risks.edit()
    assert dialog.acceptor_role.text() == risk.acceptance.role  # a recorded one stays
    dialog.reject()


def test_save_completes_a_link_typed_without_https(qtbot, demo_window):
    """Save reached without leaving the field (Alt+S, a click) completes the address too."""
    w = demo_window
    dialog = _evidence_dialog(qtbot, w)
    QTest.keyClicks(dialog.title, "Data sheet")
    dialog.url.setFocus()
    QTest.keyClicks(dialog.url, "www.example.org/sheet?v=2")
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    assert w.session.assessment.evidence[-1].url == "https://www.example.org/sheet?v=2"
