"""The GUI never drops typed text when a save fails (issue #12, point 1).

The failure is injected at the storage boundary: the open file's ``commit`` raises what SQLite
raises on a full disk (``sqlite3.OperationalError: database or disk is full``) or what the OS
raises (``OSError: ENOSPC``); "freeing space" stops the injection. The replaced file is real:
another file is renamed over the open one.
"""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession

DISK_FULL = "Not saved: disk full — free space or Save As…"


def saved_notes(path, sid="MAP 1.1"):
    with AssessmentSession.open(path, read_only=True) as s:
        return s.assessment.response(sid).notes


class FullDisk:
    """Makes the open file's writes fail as on a full disk until :meth:`free` is called."""

    def __init__(self, monkeypatch, session, error):
        self.monkeypatch = monkeypatch
        self.calls = 0

        def full(*args, **kwargs):
            self.calls += 1
            raise error

        monkeypatch.setattr(session.store, "commit", full)

    def free(self):
        self.monkeypatch.undo()


@pytest.fixture(
    params=[
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["sqlite-full", "enospc"],
)
def full_disk(request, demo_window, monkeypatch):
    return FullDisk(monkeypatch, demo_window.session, request.param)


def type_notes(qtbot, w, text, sid="MAP 1.1"):
    """Type at the end of a subcategory's notes and wait for the burst to be committed."""
    w.walk.go_to(sid)
    notes = w.walk.page.form.notes
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    with qtbot.waitSignal(w.adapter.changed, timeout=3000):
        qtbot.keyClicks(notes, text)
    return notes


def test_a_failed_save_keeps_the_text_shows_why_and_undo_works(
    qtbot, demo_window, demo_path, full_disk
):
    w = demo_window
    s = w.session
    before = s.assessment.response("MAP 1.1").notes
    notes = type_notes(qtbot, w, " Typed on a full disk.")
    assert full_disk.calls >= 1
    typed = before + " Typed on a full disk."
    assert notes.toPlainText() == typed  # in the field
    assert s.assessment.response("MAP 1.1").notes == typed  # and in the model
    assert saved_notes(demo_path) == before  # not in the file
    assert w.save_banner.isVisible()
    assert w.save_banner.headline.text() == DISK_FULL
    assert "MAP 1.1: notes" in w.save_banner.detail.text()
    assert w.save_state.isVisible()
    assert w.statusBar().currentMessage() == DISK_FULL
    assert w.save_retry.isActive()

    w.qactions["undo"].trigger()
    assert s.assessment.response("MAP 1.1").notes == before
    assert notes.toPlainText() == before
    w.qactions["redo"].trigger()
    assert s.assessment.response("MAP 1.1").notes == typed
    assert notes.toPlainText() == typed

    full_disk.free()
    w.save_banner.retry.click()
    assert not w.save_banner.isVisible() and not w.save_state.isVisible()
    assert not w.save_retry.isActive()
    assert w.statusBar().currentMessage() == "Saved: every change is in demo.airmf again."
    assert w.close_file()
    assert saved_notes(demo_path) == typed


def test_the_retry_timer_saves_once_space_is_free(qtbot, demo_window, demo_path, full_disk):
    w = demo_window
    type_notes(qtbot, w, " Waiting for room.")
    assert w.session.has_unsaved
    full_disk.free()
    w.save_retry.setInterval(20)  # the test does not wait 15 s for the real interval
    w.save_retry.start()
    qtbot.waitUntil(lambda: not w.session.has_unsaved, timeout=3000)
    assert not w.save_banner.isVisible()
    assert saved_notes(demo_path).endswith(" Waiting for room.")


def test_the_next_edit_saves_what_a_failed_save_kept(qtbot, demo_window, demo_path, full_disk):
    w = demo_window
    type_notes(qtbot, w, " First burst.")
    full_disk.free()
    type_notes(qtbot, w, " Second burst.", sid="MAP 1.2")
    assert not w.session.has_unsaved and not w.save_banner.isVisible()
    assert saved_notes(demo_path).endswith(" First burst.")
    assert saved_notes(demo_path, "MAP 1.2").endswith(" Second burst.")


def test_save_as_writes_a_complete_file_and_goes_on_there(
    qtbot, demo_window, demo_path, full_disk, interaction, tmp_path
):
    w = demo_window
    s = w.session
    type_notes(qtbot, w, " Rescued by Save As.")
    target = tmp_path / "elsewhere" / "rescued"
    target.parent.mkdir()
    interaction.answers.append(str(target))
    w.save_banner.save_as.click()
    out = target.with_name("rescued.airmf")
    assert s.path == out
    assert not w.save_banner.isVisible()
    assert "rescued.airmf" in w.windowTitle()
    with AssessmentSession.open(out, read_only=True) as copy:
        assert copy.assessment.response("MAP 1.1").notes.endswith(" Rescued by Save As.")
        assert copy.assessment.evidence == s.assessment.evidence
        assert copy.history()[-1].entity == "response:MAP 1.1"
    type_notes(qtbot, w, " More.", sid="MAP 1.2")  # editing goes on in the new file
    assert not s.has_unsaved
    assert saved_notes(out, "MAP 1.2").endswith(" More.")
    assert not saved_notes(demo_path).endswith(" Rescued by Save As.")


def test_closing_with_unsaved_changes_asks(qtbot, demo_window, demo_path, full_disk, interaction):
    w = demo_window
    s = w.session
    type_notes(qtbot, w, " Not to be lost.")
    # Cancel (no answer): nothing closes, nothing is lost
    assert not w.close_file()
    assert w.session is s and s.assessment.response("MAP 1.1").notes.endswith(" Not to be lost.")
    assert interaction.prompts[-1] == "choose: Changes not saved"
    assert "MAP 1.1: notes" in interaction.messages[-1].text
    assert DISK_FULL.split(":")[0] in w.save_banner.headline.text()
    w.close()  # the window's close (Ctrl+Q) asks as well
    assert w.isVisible() and w.session is s
    # Discard: closes, and the file keeps what it had
    interaction.answers.append("discard")
    assert w.close_file()
    assert w.session is None
    assert not saved_notes(demo_path).endswith(" Not to be lost.")


def test_closing_offers_save_as(qtbot, demo_window, full_disk, interaction, tmp_path):
    w = demo_window
    type_notes(qtbot, w, " Saved on the way out.")
    target = tmp_path / "on-close.airmf"
    interaction.answers.extend(["save_as", str(target)])
    w.close()
    assert not w.isVisible() and w.session is None
    assert saved_notes(target).endswith(" Saved on the way out.")


def test_closing_retries_first(qtbot, demo_window, demo_path, full_disk, interaction):
    w = demo_window
    type_notes(qtbot, w, " Room came back.")
    full_disk.free()
    assert w.close_file()  # the last retry works: nothing to ask
    assert not any(p.startswith("choose") for p in interaction.prompts)
    assert saved_notes(demo_path).endswith(" Room came back.")


def test_a_replaced_file_is_not_written_and_the_text_is_kept(
    qtbot, demo_window, demo_path, interaction, tmp_path
):
    w = demo_window
    type_notes(qtbot, w, " Before the swap.")
    assert not w.session.has_unsaved
    other = write_demo(tmp_path / "other.airmf")  # e.g. rmf-app import … -o demo.airmf --force
    os.replace(other, demo_path)
    replaced = demo_path.read_bytes()
    notes = type_notes(qtbot, w, " After the swap.")
    assert notes.toPlainText().endswith(" Before the swap. After the swap.")
    assert w.save_banner.isVisible()
    assert "replaced" in w.save_banner.headline.text()
    assert "Save As" in w.save_banner.headline.text()
    assert demo_path.read_bytes() == replaced  # never written into
    assert not w.retry_save()
    assert demo_path.read_bytes() == replaced
    # Save As over the same name puts the user's work back there
    interaction.answers.append(str(demo_path))
    assert w.save_as()
    assert not w.save_banner.isVisible()
    assert saved_notes(demo_path).endswith(" Before the swap. After the swap.")
    type_notes(qtbot, w, " And on.")
    assert saved_notes(demo_path).endswith(" After the swap. And on.")


def test_save_as_is_in_the_file_menu(qtbot, demo_window, interaction, tmp_path):
    w = demo_window
    action = w.qactions["save_as"]
    assert action.isEnabled() and action in w.menus["file"].actions()
    interaction.answers.append(None)  # cancelled: nothing happens
    action.trigger()
    assert w.session.path.name == "demo.airmf"
    interaction.answers.append(str(tmp_path / "copy.airmf"))
    action.trigger()
    assert w.session.path == tmp_path / "copy.airmf"
    assert str(tmp_path / "copy.airmf") in w.settings.recent_files()
