"""A save that fails (disk full, file replaced, removed, write-protected, locked) never loses an
edit: it stays in memory as unsaved, is written by the next edit or a retry, or by Save As to
another place; the error is a StorageError with a plain message, never a sqlite3 one.

The full disk is SQLite's own: ``PRAGMA max_page_count`` caps the open file at its current size,
so the next write fails with SQLITE_FULL exactly where a full disk would make it fail.
"""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from rmf_app.domain.assessment import DeploymentDecision, Risk
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession, EditError
from rmf_app.storage.errors import (
    DiskFullError,
    DiskIOError,
    FileLockedError,
    FileRemovedError,
    FileReplacedError,
    SaveError,
    StorageError,
    WriteProtectedError,
    copy_error,
    save_error,
)

LONG = "A note long enough to need new pages in the file. " * 400


def fill_disk(session: AssessmentSession) -> None:
    con = session.store._con
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count={pages}")


def free_disk(session: AssessmentSession) -> None:
    session.store._con.execute("PRAGMA max_page_count=1073741823")


def ready_to_finalise(s: AssessmentSession) -> None:
    s.set_review(decision=DeploymentDecision(outcome="proceed", rationale="fine"))
    s.sign("assessor", "Ann", "answers are complete")


def on_disk(path):
    with AssessmentSession.open(path, read_only=True) as other:
        return other.assessment, other.history()


@pytest.fixture
def demo(tmp_path):
    return write_demo(tmp_path / "demo.airmf")


@pytest.fixture
def session(demo):
    s = AssessmentSession.open(demo, user="Ann")
    yield s
    s.close(discard=True)


def test_a_full_disk_keeps_the_edit_in_memory_and_the_next_edit_writes_it(session, demo):
    heard, saves = [], []
    session.subscribe(lambda part, key: heard.append((part, key)))
    session.subscribe_save(lambda: saves.append(session.has_unsaved))
    fill_disk(session)
    before = demo.read_bytes()
    old_notes = session.assessment.response("MAP 1.1").notes
    prev = session.set_response("MAP 1.1", notes=LONG)  # no exception: the edit is made
    assert prev == {"notes": old_notes}  # what an undo puts back
    assert session.assessment.response("MAP 1.1").notes == LONG
    assert session.has_unsaved
    assert isinstance(session.save_problem, DiskFullError)
    assert session.save_problem.short == "Not saved: disk full — free space or Save As…"
    assert session.unsaved_changes() == ["MAP 1.1: notes"]
    assert heard == [("response", "MAP 1.1")] and saves == [True]
    assert demo.read_bytes() == before  # nothing half-written
    assert on_disk(demo)[0].response("MAP 1.1").notes != LONG

    session.set_response("MAP 1.2", owner="Still full")  # fails too; both are kept
    assert session.unsaved_changes() == ["MAP 1.1: notes", "MAP 1.2: owner"]

    free_disk(session)
    session.set_response("MAP 1.3", owner="Room again")  # writes everything kept as well
    assert not session.has_unsaved and session.save_problem is None
    assert saves[-1] is False
    saved, history = on_disk(demo)
    assert saved.response("MAP 1.1").notes == LONG
    assert saved.response("MAP 1.2").owner == "Still full"
    assert saved.response("MAP 1.3").owner == "Room again"
    fields = [(h.entity, h.field) for h in history[-3:]]
    assert fields == [
        ("response:MAP 1.1", "notes"),
        ("response:MAP 1.2", "owner"),
        ("response:MAP 1.3", "owner"),
    ]
    assert history[-3].at < history[-1].at  # each change keeps the time it was made


def test_retry_writes_unsaved_changes_and_fails_again_while_full(session, demo):
    fill_disk(session)
    session.add_item(
        "risk", Risk(id="R-100", title="Kept while the disk is full", likelihood=2, impact=3)
    )
    session.update_item("risk", "R-100", description=LONG)
    with pytest.raises(DiskFullError):
        session.save_pending()
    assert session.has_unsaved
    free_disk(session)
    session.save_pending()
    assert not session.has_unsaved
    saved, _ = on_disk(demo)
    assert [r.id for r in saved.risks][-1] == "R-100"
    assert saved.risks[-1].description == LONG
    session.save_pending()  # nothing to do


def test_typing_burst_on_a_full_disk_is_kept(demo):
    now = [0.0]
    s = AssessmentSession.open(demo, user="Ann")
    s._clock = lambda: now[0]
    fill_disk(s)
    s.type_text("response", "GOVERN 1.1", "notes", LONG)
    now[0] = 1.0
    assert s.typing_due()
    s.flush_typing()  # no exception
    assert s.assessment.response("GOVERN 1.1").notes == LONG
    assert s.has_unsaved
    free_disk(s)
    s.close()  # a last retry on close writes it
    assert on_disk(demo)[0].response("GOVERN 1.1").notes == LONG


def test_close_with_unsaved_changes_raises_and_stays_open_unless_discarded(session, demo):
    fill_disk(session)
    session.set_response("MAP 1.1", notes=LONG)
    with pytest.raises(DiskFullError):
        session.close()
    assert session.assessment.response("MAP 1.1").notes == LONG  # still open, still there
    session.set_response("MAP 1.2", owner="x")  # and still editable
    session.close(discard=True)
    assert on_disk(demo)[0].response("MAP 1.1").notes != LONG


def test_context_manager_exit_reports_unsaved_changes_and_closes(demo):
    with pytest.raises(DiskFullError):
        with AssessmentSession.open(demo) as s:
            fill_disk(s)
            s.set_response("MAP 1.1", notes=LONG)
    with AssessmentSession.open(demo) as again:  # the lock was released
        assert not again.read_only


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (sqlite3.OperationalError("database or disk is full"), DiskFullError),
        (OSError(errno.ENOSPC, "No space left on device"), DiskFullError),
        (sqlite3.OperationalError("disk I/O error"), DiskIOError),
        (OSError(errno.EIO, "Input/output error"), DiskIOError),
        (sqlite3.OperationalError("attempt to write a readonly database"), WriteProtectedError),
        (OSError(errno.EROFS, "Read-only file system"), WriteProtectedError),
        (OSError(errno.EACCES, "Permission denied"), WriteProtectedError),
        (sqlite3.OperationalError("database is locked"), FileLockedError),
        (sqlite3.OperationalError("unable to open database file"), DiskIOError),
        (OSError(errno.ENOENT, "No such file or directory"), FileRemovedError),
    ],
)
def test_failures_at_the_storage_boundary_become_plain_save_errors(
    session, demo, monkeypatch, raised, expected
):
    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr(session.store, "commit", broken)
    session.update_profile(name="Renamed while failing")
    problem = session.save_problem
    assert type(problem) is expected
    assert "sqlite" not in str(problem).lower() and "errno" not in str(problem).lower()
    assert "Save As" in str(problem) and problem.short.startswith("Not saved:")
    assert session.assessment.profile.name == "Renamed while failing"
    monkeypatch.undo()
    session.save_pending()
    assert on_disk(demo)[0].profile.name == "Renamed while failing"


def test_every_sqlite_result_code_maps_to_a_save_error():
    """Generated: every primary and extended SQLite result code SQLite can raise on a write."""
    for code in range(1, 30):
        for extended in range(0, 40):
            exc = sqlite3.OperationalError("some failure")
            exc.sqlite_errorcode = code | (extended << 8)
            err = save_error(exc, "f.airmf")
            assert isinstance(err, SaveError) and isinstance(err, StorageError)
            assert "f.airmf" in str(err) and err.short.startswith("Not saved:")
            assert err.reason and err.reason != err.short  # a phrase for messages of one's own
    full = sqlite3.OperationalError("x")
    full.sqlite_errorcode = 13
    assert type(save_error(full, "f.airmf")) is DiskFullError
    moved = sqlite3.OperationalError("attempt to write a readonly database")
    moved.sqlite_errorcode = 8 | (4 << 8)  # SQLITE_READONLY_DBMOVED
    assert type(save_error(moved, "f.airmf")) is FileReplacedError
    assert save_error(moved, "f.airmf").reason == "the file was replaced by another program"
    copy = copy_error(OSError(errno.ENOSPC, "No space left on device"), "/x/y.airmf")
    assert isinstance(copy, DiskFullError) and "Nothing was written there" in str(copy)


def test_a_replaced_file_is_never_written_into(session, demo, tmp_path):
    session.set_response("MAP 1.1", notes="before the swap")
    other = write_demo(tmp_path / "other.airmf")
    os.replace(other, demo)  # another program replaces the file under the open session
    replaced = demo.read_bytes()
    session.set_response("MAP 1.1", notes="after the swap")
    assert isinstance(session.save_problem, FileReplacedError)
    assert session.assessment.response("MAP 1.1").notes == "after the swap"
    assert demo.read_bytes() == replaced  # the other program's file is left alone
    with pytest.raises(FileReplacedError):
        session.save_pending()  # a retry cannot help: it says so again
    with pytest.raises(FileReplacedError):
        session.store.reader()  # an export would read the other file's attachments
    with pytest.raises(EditError, match="was not attached: the file was replaced"):
        session.copy_attachment(__file__)
    assert demo.read_bytes() == replaced

    target = tmp_path / "kept.airmf"
    session.save_as(target)
    assert session.path == target and not session.has_unsaved and not session.read_only
    saved, history = on_disk(target)
    assert saved.response("MAP 1.1").notes == "after the swap"
    assert [h.new for h in history if h.entity == "response:MAP 1.1"][-2:] == [
        "before the swap",
        "after the swap",
    ]
    assert demo.read_bytes() == replaced
    session.set_response("MAP 1.2", owner="on the new file")  # editing goes on there
    assert on_disk(target)[0].response("MAP 1.2").owner == "on the new file"


def test_a_removed_file_is_reported_and_save_as_the_same_name_restores_it(session, demo):
    demo.unlink()
    session.set_response("MAP 1.1", notes="kept although the file is gone")
    assert isinstance(session.save_problem, FileRemovedError)
    assert not demo.exists()
    session.save_as(demo)
    assert on_disk(demo)[0].response("MAP 1.1").notes == "kept although the file is gone"
    session.set_response("MAP 1.1", notes="and written on")
    assert not session.has_unsaved
    assert on_disk(demo)[0].response("MAP 1.1").notes == "and written on"


def test_save_as_copies_everything_in_the_file_and_memory(demo, tmp_path):
    s = AssessmentSession.open(demo, user="Ann")
    try:
        ready_to_finalise(s)
        s.finalise()
        s.new_revision()
        fill_disk(s)
        s.set_response("MEASURE 1.1", notes=LONG)
        evidence_before = s.assessment.evidence
        target = tmp_path / "elsewhere" / "copy.airmf"
        target.parent.mkdir()
        s.save_as(target)
        assert s.path == target and not s.has_unsaved
        with AssessmentSession.open(target, read_only=True) as copy:
            a = copy.assessment
            assert a.response("MEASURE 1.1").notes == LONG
            assert a.revision == 2 and [r.revision for r in copy.store.revisions()] == [1]
            assert a.evidence == evidence_before
            for ev in a.evidence:
                if ev.attachment is not None:
                    data = b"".join(copy.store.iter_attachment(ev.attachment.sha256))
                    assert len(data) == ev.attachment.size
            assert copy.history()[-1].entity == "response:MEASURE 1.1"
        assert sorted(p.name for p in target.parent.iterdir()) == [
            "copy.airmf",
            "copy.airmf.lock",  # held by the session, which now edits the copy
        ]
    finally:
        s.close(discard=True)


def test_save_as_that_fails_changes_nothing_and_keeps_the_changes(
    session, demo, tmp_path, monkeypatch
):
    fill_disk(session)
    session.set_response("MAP 1.1", notes=LONG)
    with pytest.raises(StorageError, match="not a folder"):
        session.save_as(tmp_path / "missing" / "x.airmf")
    other = tmp_path / "other"
    other.mkdir()

    def no_room(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("rmf_app.storage.airmf.os.replace", no_room)
    with pytest.raises(DiskFullError, match="Nothing was written there"):
        session.save_as(other / "x.airmf")
    monkeypatch.undo()
    assert list(other.iterdir()) == []  # neither the copy nor its temp file
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if not os.access(folder, os.W_OK):  # (root may write anywhere)
            with pytest.raises(StorageError, match="Choose a folder you can write to"):
                session.save_as(folder / "x.airmf")
    finally:
        folder.chmod(0o700)
    assert session.path == demo and session.has_unsaved
    assert session.assessment.response("MAP 1.1").notes == LONG
    free_disk(session)
    session.save_pending()
    assert on_disk(demo)[0].response("MAP 1.1").notes == LONG


def test_save_as_refuses_a_file_open_elsewhere(session, tmp_path):
    other = write_demo(tmp_path / "busy.airmf")
    with AssessmentSession.open(other) as holder:
        before = other.read_bytes()
        with pytest.raises(StorageError, match="open in another rmf-app window"):
            session.save_as(other)
        assert other.read_bytes() == before
        assert not holder.read_only


def test_milestones_wait_until_everything_is_saved(session):
    ready_to_finalise(session)
    fill_disk(session)
    session.set_response("MAP 1.1", notes=LONG)
    with pytest.raises(SaveError, match="Cannot finalize while changes are not saved"):
        session.finalise()
    assert not session.assessment.is_final
    free_disk(session)
    session.finalise()
    assert session.assessment.is_final and not session.has_unsaved


def test_flush_typing_writes_every_field_even_when_one_is_refused(session):
    session.type_text("response", "MAP 1.1", "notes", "fine")
    session.type_text("risk", "R-999", "title", "no such risk")
    session.type_text("response", "MAP 1.2", "owner", "also fine")
    with pytest.raises(EditError, match="R-999"):
        session.flush_typing()
    assert session.assessment.response("MAP 1.1").notes == "fine"
    assert session.assessment.response("MAP 1.2").owner == "also fine"


def test_attaching_on_a_full_disk_is_a_plain_refusal(session, tmp_path, monkeypatch):
    src = tmp_path / "big.txt"
    src.write_bytes(b"x" * 5000)
    real_writer = session.store.attachment_writer

    def full_writer():
        writer = real_writer()
        writer._con.execute("PRAGMA max_page_count=1")
        return writer

    monkeypatch.setattr(session.store, "attachment_writer", full_writer)
    with pytest.raises(EditError, match=r"big\.txt was not attached: the disk is full"):
        session.copy_attachment(src)
    assert not session.has_unsaved  # nothing was changed, so nothing is pending
