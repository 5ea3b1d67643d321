"""Review points and getting attachments back out safely."""

from __future__ import annotations

import datetime as dt

import pytest

from rmf_app.domain.assessment import Action, Attachment, Evidence, Risk
from rmf_app.services import attachments
from rmf_app.services.review import review_points
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.errors import StorageError
from tests.special_files import FifoWriter


def test_review_points_name_each_place(new_file):
    with AssessmentSession.open(new_file) as s:
        s.set_response("GOVERN 1.1", current=2)
        s.add_item("risk", Risk(id="R-1", title="x", likelihood=5, impact=5))
        s.add_item(
            "action", Action(id="A-1", title="late", owner="Ann", due_date=dt.date(2026, 1, 1))
        )
        s.add_item("action", Action(id="A-2", title="done", status="done"))
        s.add_item("evidence", Evidence(id="E-1", title="orphan", url="https://example.com"))
        pts = review_points(s.assessment, s.scores(today=dt.date(2026, 6, 1)))
    kinds = {(p.kind, p.key) for p in pts}
    assert ("unanswered", "GOVERN 1.2") in kinds and ("unanswered", "GOVERN 1.1") not in kinds
    assert {
        ("risk_untreated", "R-1"),
        ("risk_no_owner", "R-1"),
        ("risk_unaccepted", "R-1"),
    } <= kinds
    assert ("action_overdue", "A-1") in kinds and ("action_no_date", "A-1") not in kinds
    assert not any(k[1] == "A-2" for k in kinds)  # done actions need nothing
    assert ("evidence_unlinked", "E-1") in kinds and ("no_decision", "decision") in kinds
    assert [p.where for p in pts if p.key == "R-1"] == ["risk"] * 3


def _ev(name: str, media: str = "application/octet-stream") -> Evidence:
    return Evidence(
        id="E-1",
        title="t",
        attachment=Attachment(filename=name, media_type=media, size=1, sha256="0" * 64),
    )


@pytest.mark.parametrize(
    "name", ["setup.exe", "run.SH", "x.desktop", "page.html", "image.svg", "tool.py", "a.JAR"]
)
def test_executable_types_are_never_opened(name):
    assert attachments.is_executable(_ev(name))


@pytest.mark.parametrize("name", ["report.pdf", "card.md", "data.csv", "photo.png", "notes.txt"])
def test_documents_can_be_opened(name):
    assert not attachments.is_executable(_ev(name))


def test_media_type_alone_can_mark_executable():
    assert attachments.is_executable(_ev("innocent.txt", "application/x-msdownload"))


def test_extract_writes_sanitised_name_in_private_folder(new_file, tmp_path):
    src = tmp_path / "model card.md"
    src.write_bytes(b"hello")
    with AssessmentSession.open(new_file) as s:
        ev = s.attach_file(src)
        ev = ev.model_copy(
            update={"attachment": ev.attachment.model_copy(update={"filename": "../../evil.md"})}
        )
        out = attachments.extract_for_viewing(s.store, ev)
        assert out.name == "evil.md" and out.parent.name.startswith("rmf-app-")
        assert out.read_bytes() == b"hello"
        exe = ev.model_copy(
            update={"attachment": ev.attachment.model_copy(update={"filename": "x.exe"})}
        )
        with pytest.raises(StorageError, match="Save as"):
            attachments.extract_for_viewing(s.store, exe)
        blocker = tmp_path / "f"
        blocker.write_text("x")
        with pytest.raises(StorageError, match="Cannot write"):
            attachments.save_attachment(s.store, ev, blocker / "out.md")
        saved = attachments.save_attachment(s.store, ev, tmp_path / "saved.md")
        assert saved.read_bytes() == b"hello"


def test_extracted_attachments_are_removed_by_the_exit_hook(new_file, tmp_path):
    src = tmp_path / "notes.txt"
    src.write_bytes(b"to be viewed")
    with AssessmentSession.open(new_file) as s:
        ev = s.attach_file(src)
        first = attachments.extract_for_viewing(s.store, ev)
        second = attachments.extract_for_viewing(s.store, ev)
    assert first.parent != second.parent and first.is_file() and second.is_file()
    attachments.remove_extracted()  # what the app runs when it exits
    assert not first.parent.exists() and not second.parent.exists()
    attachments.remove_extracted()  # nothing left to do


def _special_files(tmp_path):
    import os

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    folder = tmp_path / "a folder"
    folder.mkdir()
    return {"a named pipe (FIFO)": fifo, "a folder": folder, "a device": "/dev/zero"}


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_only_regular_files_are_attached(new_file, tmp_path):
    """A FIFO blocked the copy forever and /dev/zero never ended: both are refused up front,
    as is a folder, with a message that says what the path is."""
    specials = _special_files(tmp_path)
    writer = FifoWriter(specials["a named pipe (FIFO)"])
    calls = []

    def cancelled():  # stops an endless copy (from /dev/zero) should one start
        calls.append(1)
        return len(calls) > 50

    try:
        with AssessmentSession.open(new_file) as s:
            before = s.assessment.evidence
            for kind, path in specials.items():
                with pytest.raises(StorageError) as info:
                    s.attach_file(path, cancelled=cancelled)
                message = str(info.value)
                assert f"is {kind}, not a regular file" in message
                assert "only regular files can be attached" in message
                with pytest.raises(StorageError, match="not a regular file"):
                    attachments.check_attachable(path)
            assert s.assessment.evidence == before
        assert calls == []  # refused before any byte was copied
    finally:
        writer.finish()


def test_a_pipe_swapped_in_after_the_check_is_refused_without_blocking(tmp_path, monkeypatch):
    """The open itself never blocks and the open handle is checked again (a race between the
    check and the open)."""
    import os

    from rmf_app.storage import inputs

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    fifo = tmp_path / "swapped"
    os.mkfifo(fifo)
    monkeypatch.setattr(inputs, "check_regular_file", lambda path, purpose: None)
    writer = FifoWriter(fifo)
    try:
        with pytest.raises(StorageError, match="is a named pipe"):
            inputs.open_regular_file(fifo, "attached")
    finally:
        writer.finish()
