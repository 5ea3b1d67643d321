"""The main window: start page, opening from the command line, title, plain user text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from rmf_app.gui.app import open_windows
from rmf_app.gui.common.widgets import plain_tooltip
from rmf_app.services.session import AssessmentSession


def test_start_page_without_file(window):
    assert window.pages.currentWidget() is window.start
    assert window.windowTitle() == "rmf-app"
    assert not window.qactions["next"].isEnabled()
    assert not window.qactions["undo"].isEnabled()


def test_command_line_file_opens_in_window(qtbot, ctx, demo_path):
    """`rmf-app FILE.airmf` -> cli.start_gui -> app.run -> open_windows with the file open."""
    windows = open_windows(ctx, [str(demo_path)])
    try:
        (w,) = windows
        qtbot.addWidget(w)
        assert w.session is not None
        assert w.windowFilePath() == str(demo_path)
        assert "demo.airmf" in w.windowTitle()
        assert "read-only" not in w.windowTitle()
        assert w.walk.current == "GOVERN 1.1"
    finally:
        for w in windows:
            w.close()


def test_user_text_is_shown_as_plain_text(window, tmp_path, full):
    path = tmp_path / "markup.airmf"
    AssessmentSession.create(path, full).close()
    assert window.open_path(path)
    # every label showing user text is plain text (Qt would render the markup otherwise)
    window.walk.go_to("GOVERN 1.1")
    assert window.walk.page.form.notes.toPlainText() == "notes <script>"
    assert "Ünïcode <b>system</b> & co" in window.windowTitle()
    for label in window.findChildren(QLabel):
        if "<script>" in label.text() or "<b>system</b>" in label.text():
            assert label.textFormat().name == "PlainText", label.text()

    # tooltips render HTML: user text goes in escaped
    assert plain_tooltip("<b>x</b> & y\nz") == "<qt>&lt;b&gt;x&lt;/b&gt; &amp; y<br>z</qt>"
