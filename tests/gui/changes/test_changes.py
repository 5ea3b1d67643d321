"""Review ▸ Changes since revision N: the window lists the counts and each change, read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from rmf_app.domain.assessment import Exclusion, Scope

LEFT = Qt.MouseButton.LeftButton


def _button(view, name):
    found = [b for b in view.findChildren(QPushButton) if b.accessibleName() == name]
    return found[0] if found else None


def test_changes_since_the_last_final_revision(qtbot, demo_window):
    w = demo_window
    s = w.session
    w.qactions["view_review"].trigger()
    review = w.review_view
    assert _button(review, "Changes since revision 1") is None  # nothing kept yet
    s.finalise()
    s.new_revision()
    s.set_response("GOVERN 1.1", current=1)
    s.set_scope(
        Scope(
            exclusions=[
                *s.assessment.scope.exclusions,
                Exclusion(item_id="MAP 5.2", reason="Out of this system's reach"),
            ]
        )
    )
    s.update_item("action", "A-001", status="done")
    s.remove_item("evidence", "E-005")
    review.refresh()
    button = _button(review, "Changes since revision 1")
    assert button is not None
    qtbot.mouseClick(button, LEFT)
    dialog = review.changes_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Changes since revision 1"
    assert "1 maturity" in dialog.counts.text() and "1 actions closed" in dialog.counts.text()
    assert "At target" in dialog.trends.text()
    assert dialog.rows("subcategories") == [["GOVERN 1.1", "maturity", "4", "1"]]
    assert dialog.rows("scope") == [["MAP 5.2", "excluded", "Out of this system's reach"]]
    (closed,) = dialog.rows("actions")
    assert closed[0] == "A-001" and closed[2] == "closed" and "In progress → Done" in closed[3]
    assert [r[0] for r in dialog.rows("evidence")] == ["E-005"]
    assert not dialog.tabs.isTabEnabled(dialog.tabs.indexOf(dialog.tables["risks"]))
    table = dialog.tables["subcategories"]
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    dialog.close()
