"""Long text in the walk: fields stop at the model's limit and say why, the longest note shows
whole and is laid out quickly, and text longer than the limit (from a file written before the
limits existed) is shown whole and may only be shortened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtTest import QTest

from rmf_app.domain import assessment as m
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import AirmfFile

SID = "MAP 1.2"
ANYWHERE = QTextOption.WrapMode.WrapAnywhere


def _open_at(window, path, sid=SID):
    assert window.open_path(path)
    window.walk.go_to(sid)
    return window.walk.page.form


def _end(edit):
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)


def _with_texts(path, tmp_path, **texts):
    """A copy of ``path`` whose response ``SID`` holds ``texts``, written as a file from before
    the limits would be (no limit applies on the way in)."""
    with AirmfFile.open(path, read_only=True) as store:
        data = store.load().model_dump()
    response = data["responses"].setdefault(SID, {})
    for field, value in texts.items():
        if field == "comment":
            response.setdefault("questions", {})["MP-1.2-Q1"] = {"comment": value}
        else:
            response[field] = value
    out = tmp_path / "long.airmf"
    AirmfFile.create(out, m.Assessment.model_validate(data, context=m.STORED), "tester").close()
    return out


def test_the_longest_note_shows_whole_and_wraps_anywhere(window, demo_path, tmp_path):
    """A single 20,000-character line (no space to wrap at) is shown whole: wrapped anywhere,
    which lays it out in time proportional to its length (a word boundary search took 14 s for
    300,000 characters)."""
    note = "x" * m.LONG_TEXT
    form = _open_at(window, _with_texts(demo_path, tmp_path, notes=note))
    assert form.notes.toPlainText() == note
    assert form.notes.wordWrapMode() == ANYWHERE
    window.walk.go_to("MAP 1.1")  # prose wraps at word boundaries as usual
    form.notes.setPlainText("An ordinary note, " * 100)
    assert form.notes.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def test_typing_stops_at_the_limit_and_says_why(qtbot, window, demo_path, tmp_path):
    near = "n" * (m.LONG_TEXT - 2)
    owner = "o" * (m.SHORT_TEXT - 2)
    form = _open_at(window, _with_texts(demo_path, tmp_path, notes=near, owner=owner))
    _end(form.notes)
    messages = []
    for field in (form.notes, form.owner):
        for child in field.children():
            if hasattr(child, "refused"):
                child.refused.connect(messages.append)
    qtbot.keyClicks(form.notes, "abcd")
    assert form.notes.toPlainText() == near + "ab"
    refused = "Notes can hold at most 20,000 characters; what did not fit was not added."
    assert messages == [refused, refused]  # one for each key refused
    window.editor.flush()
    assert window.session.assessment.response(SID).notes == near + "ab"
    # a paste is cut to what fits
    QTest.keyClick(form.notes, Qt.Key.Key_Backspace)
    QGuiApplication.clipboard().setText("PASTED")
    QTest.keySequence(form.notes, "Ctrl+V")
    assert form.notes.toPlainText() == near + "aP"
    # a one-line field stops at its own limit
    form.owner.setFocus()
    form.owner.end(False)
    qtbot.keyClicks(form.owner, "pqr")
    assert form.owner.text() == "o" * (m.SHORT_TEXT - 2) + "pq"
    assert messages[-1] == "Owner can hold at most 500 characters; what did not fit was not added."
    window.editor.flush()
    assert window.session.assessment.response(SID).owner == "o" * (m.SHORT_TEXT - 2) + "pq"


def test_text_from_before_the_limits_shows_whole_and_may_only_shrink(
    qtbot, window, demo_path, tmp_path
):
    """A 30,000-character note and a 40,000-character comment (a line edit used to cut text
    at 32,767 characters) are shown whole; typing more is refused with the reason, deleting
    is saved."""
    note, comment = "n" * 30_000, "c" * 40_000
    path = _with_texts(demo_path, tmp_path, notes=note, comment=comment)
    form = _open_at(window, path)
    assert form.notes.toPlainText() == note
    row = next(r for r in form.question_rows if r.question_id == "MP-1.2-Q1")
    assert row.comment.text() == comment
    messages = []
    for child in form.notes.children():
        if hasattr(child, "refused"):
            child.refused.connect(messages.append)
    _end(form.notes)
    qtbot.keyClicks(form.notes, "more")
    assert form.notes.toPlainText() == note
    assert messages == [
        "Notes holds 30,000 characters, more than the 20,000 allowed now (it was written "
        "before the limit): shorten it before adding text."
    ] * len("more")
    QTest.keyClick(form.notes, Qt.Key.Key_Backspace)
    window.editor.flush()
    window.close_file()
    with AssessmentSession.open(path, read_only=True) as s:
        r = s.assessment.response(SID)
        assert r.notes == note[:-1] and r.questions["MP-1.2-Q1"].comment == comment


def test_guidance_wraps_an_unbroken_official_text_anywhere(qtbot):
    """An imported pack may hold fields of up to 100,000 characters without a space."""
    from rmf_app.domain.official import OfficialEntry
    from rmf_app.gui.walk.guidance import GuidanceView
    from rmf_app.storage.content import bundled_playbook

    view = GuidanceView(lambda url: None)
    qtbot.addWidget(view)
    view.resize(600, 400)
    sub = bundled_playbook().subcategory(SID)
    view.show_subcategory(sub)
    assert view.page().wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    word = "[" * 100_000
    entry = OfficialEntry(
        id=SID,
        statement=word,
        about=[],
        actions=[],
        questions=[],
        transparency_resources=[],
        references=[],
        actors=[],
        topics=[],
    )
    view.show_subcategory(sub, entry)
    assert view.page().wordWrapMode() == ANYWHERE and word in view.toPlainText()


def _drop(edit, text):
    """Drop ``text`` on ``edit`` as a drag from another field would (moving it); the event."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    data = QMimeData()
    data.setText(text)
    target = edit.viewport() if hasattr(edit, "viewport") else edit
    at = target.rect().center()
    how = (Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for kind in (QDragEnterEvent, QDragMoveEvent):
        QGuiApplication.sendEvent(target, kind(QPoint(at), *how))
    event = QDropEvent(QPointF(at), *how)
    QGuiApplication.sendEvent(target, event)
    return event


def test_a_drop_that_does_not_fit_is_refused_and_leaves_the_text_where_it_was(
    qtbot, window, demo_path, tmp_path
):
    near = "n" * (m.LONG_TEXT - 3)
    owner = "o" * (m.SHORT_TEXT - 3)
    form = _open_at(window, _with_texts(demo_path, tmp_path, notes=near, owner=owner))
    messages = []
    form.notes.length_guard.refused.connect(messages.append)
    form.owner.length_guard.refused.connect(messages.append)

    event = _drop(form.notes, "four")
    assert form.notes.toPlainText() == near
    assert not event.isAccepted()  # a moving drag keeps its text at the source
    assert messages == ["Notes can hold at most 20,000 characters; what did not fit was not added."]
    event = _drop(form.owner, "four")
    assert form.owner.text() == owner and not event.isAccepted()
    assert messages[-1] == "Owner can hold at most 500 characters; what did not fit was not added."

    _drop(form.notes, "abc")  # what fits is dropped as usual
    assert len(form.notes.toPlainText()) == m.LONG_TEXT and "abc" in form.notes.toPlainText()
    window.editor.flush()
    assert len(window.session.assessment.response(SID).notes) == m.LONG_TEXT


def test_an_input_method_commit_that_does_not_fit_is_refused(qtbot, window, demo_path, tmp_path):
    from PySide6.QtGui import QInputMethodEvent

    owner = "o" * (m.SHORT_TEXT - 1)
    form = _open_at(window, _with_texts(demo_path, tmp_path, owner=owner))
    form.owner.setFocus()
    form.owner.end(False)
    messages = []
    form.owner.length_guard.refused.connect(messages.append)
    for commit in ("日本", "x"):
        event = QInputMethodEvent()
        event.setCommitString(commit)
        QGuiApplication.sendEvent(form.owner, event)
    assert form.owner.text() == owner + "x"
    assert messages == ["Owner can hold at most 500 characters; what did not fit was not added."]
