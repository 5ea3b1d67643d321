"""The register dialogs open ready for typing, and Tab goes through the fields first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTabBar


@pytest.mark.parametrize(
    ("action", "view", "name"),
    [
        ("view_risks", "risks_view", "risk_dialog"),
        ("view_actions", "actions_view", "action_dialog"),
        ("view_evidence", "evidence_view", "evidence_dialog"),
    ],
)
def test_a_new_item_dialog_opens_on_its_title(qtbot, demo_window, action, view, name):
    w = demo_window
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.qactions[action].trigger()
    qtbot.mouseClick(getattr(w, view).add_button, Qt.MouseButton.LeftButton)
    dialog = w.findChild(QDialog, name)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.title
    QTest.keyClicks(QApplication.focusWidget(), "Typed at once")
    assert dialog.title.text() == "Typed at once"
    # Tab visits every field of the first tab, then Save and Cancel, then the tabs
    page = dialog.tabs.widget(0)
    seen = []
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is dialog.title:
            break
        seen.append(focus)
    kinds = ["field" if page.isAncestorOf(f) else type(f).__name__ for f in seen]
    first_other = next(i for i, k in enumerate(kinds) if k != "field")
    assert kinds[first_other:] == ["QPushButton", "QPushButton", "QTabBar"]
    assert [b.text().replace("&", "") for b in seen if isinstance(b, QPushButton)] == [
        "Save",
        "Cancel",
    ]
    assert isinstance(seen[-1], QTabBar)
    dialog.title.clear()
    dialog.reject()
