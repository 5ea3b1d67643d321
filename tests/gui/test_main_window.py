"""The first main window: opens an assessment and shows its name and completion as plain text."""

from __future__ import annotations

from rmf_app.gui.app import MainWindow
from rmf_app.services.session import AssessmentSession


def test_window_shows_assessment(qtbot, tmp_path, full):
    path = tmp_path / "w.airmf"
    with AssessmentSession.create(path, full) as s:
        w = MainWindow(s)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        text = w.summary.text()
        assert "Ünïcode <b>system</b> & co" in text  # shown as typed, not as markup
        assert f"Completion {s.scores().overall.completion.percent()}" in text
        assert w.windowFilePath() == str(path)


def test_window_without_file(qtbot):
    w = MainWindow(None)
    qtbot.addWidget(w)
    assert "open an assessment" in w.summary.text()
