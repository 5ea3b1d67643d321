"""The review page's part of issue #13: the decision's conditions are picked from the action
plan and their status shown; the overall opinion, its reasons, and a reviewer override with a
rationale that undo takes back and the history records."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rmf_app.gui.review.view import DecisionDialog, OpinionDialog


def _dialog(kind):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_conditions_are_picked_from_the_plan_and_their_status_shown(qtbot, demo_window):
    w = demo_window
    w.qactions["view_review"].trigger()
    review = w.review_view
    # the demo's conditions: A-004 was overdue before the decision was recorded
    text = review.conditions_text.text()
    assert "A-004: OVERDUE" in text and "overdue at decision" in text
    kinds = [p.kind for p in review.points_model.points()]
    assert kinds.count("condition_overdue") >= 2
    review.edit_decision()
    dialog = _dialog(DecisionDialog)
    ticked = dialog.condition_ids()
    assert ticked == ["A-001", "A-004", "A-005", "A-006"]
    # untick A-004, tick A-002 (done): saved as the decision's conditions, in plan order
    for i in range(dialog.conditions.count()):
        item = dialog.conditions.item(i)
        aid = item.data(Qt.ItemDataRole.UserRole)
        if aid == "A-004":
            item.setCheckState(Qt.CheckState.Unchecked)
        if aid == "A-002":
            item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(w.adapter.changed):
        dialog._save()
    decision = w.session.assessment.review.decision
    assert decision.condition_actions == ["A-001", "A-002", "A-005", "A-006"]
    assert "A-002: done" in review.conditions_text.text()  # done: never overdue
    assert "A-004" not in review.conditions_text.text()
    w.qactions["undo"].trigger()
    assert w.session.assessment.review.decision.condition_actions[1] == "A-004"


def test_the_opinion_override_needs_a_rationale_and_can_be_undone(qtbot, demo_window):
    w = demo_window
    w.qactions["view_review"].trigger()
    review = w.review_view
    assert review.opinion_value.text() == "Unsatisfactory"
    assert "deployment conditions overdue: A-004, A-005" in review.opinion_reasons.text()
    assert "not a NIST rating" in review.opinion_note.text()
    review.edit_opinion()
    dialog = _dialog(OpinionDialog)
    dialog.rating.setCurrentIndex(dialog.rating.findData("needs_improvement"))
    dialog._save()  # no rationale: refused with a message, nothing written
    assert dialog.isVisible() and dialog.error.isVisible()
    assert w.session.assessment.review.opinion_override is None
    dialog.rationale.setPlainText("A-004 and A-005 are signed; the record lags a week.")
    with qtbot.waitSignal(w.adapter.changed):
        dialog._save()
    override = w.session.assessment.review.opinion_override
    assert override is not None and override.rating == "needs_improvement"
    assert review.opinion_value.text().startswith("Needs improvement (set by the reviewer")
    assert "the record lags a week" in review.opinion_reasons.text()
    history = w.session.history("review")
    assert any(h.field == "opinion_override" for h in history)
    w.qactions["view_dashboard"].trigger()
    tile = w.dashboard.tiles["opinion"]
    assert tile.value.text() == "Needs improvement" and "set by the reviewer" in tile.detail.text()
    if os.environ.get("RMF_SCREENSHOTS"):
        w.qactions["view_review"].trigger()
        review.widget().grab().save(os.path.join(os.environ["RMF_SCREENSHOTS"], "review.png"))
    w.qactions["undo"].trigger()
    assert w.session.assessment.review.opinion_override is None
    w.qactions["view_review"].trigger()
    assert review.opinion_value.text() == "Unsatisfactory"
