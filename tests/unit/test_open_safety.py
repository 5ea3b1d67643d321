"""Opening a file never writes to it before its content is validated; explicit compaction.

Regression tests for issue #12 point 2: a writable open used to delete attachment chunks that
no evidence item seemed to use, before the content was validated — so a damaged evidence row
made its attachment look unused, and the open deleted it while saying "left unchanged".
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3

import pytest

from rmf_app import cli
from rmf_app.services.compact import compact_file
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.errors import StorageError


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _blob_rows(path) -> int:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM blobs").fetchone()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.airmf"
    write_demo(path)
    return path


@pytest.fixture
def demo(tmp_path, demo_master):
    path = tmp_path / "G.airmf"
    shutil.copyfile(demo_master, path)
    return path


def _sql(path, statement: str) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(statement)
        con.commit()
    finally:
        con.close()


def test_damaged_evidence_row_keeps_its_attachment(demo):
    """The issue's reproduction: an 'attachmenT' typo in E-002, then a writable open."""
    _sql(
        demo,
        "UPDATE items SET data=replace(data,'\"attachment\":{','\"attachmenT\":{') "
        "WHERE id='E-002'",
    )
    before, blobs = _sha(demo), _blob_rows(demo)
    assert blobs == 2
    with pytest.raises(StorageError) as ei:
        AssessmentSession.open(demo)
    message = str(ei.value)
    assert "G.airmf" in message and "E-002" in message and "unchanged" in message
    assert _blob_rows(demo) == blobs
    assert _sha(demo) == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["G.airmf"]


def test_unreferenced_attachment_survives_open_and_goes_on_compact(demo):
    with AssessmentSession.open(demo) as s:
        sha, _ = s.store.store_attachment(io.BytesIO(b"orphan bytes"))
    assert _blob_rows(demo) == 3
    with AssessmentSession.open(demo) as s:
        assert s.store.has_attachment(sha)  # an open deletes nothing
    assert _blob_rows(demo) == 3
    result = compact_file(demo)
    assert result.removed_attachments == 1
    assert _blob_rows(demo) == 2
    with AssessmentSession.open(demo) as s:
        for e in s.assessment.evidence:
            if e.attachment:
                data = b"".join(s.store.iter_attachment(e.attachment.sha256))
                assert hashlib.sha256(data).hexdigest() == e.attachment.sha256


def test_removed_evidence_can_be_undone_until_compacted(demo):
    with AssessmentSession.open(demo) as s:
        removed, pos = s.remove_item("evidence", "E-002")
        s.add_item("evidence", removed, pos)  # what undo does
        sha = removed.attachment.sha256
        assert s.store.has_attachment(sha)
        s.remove_item("evidence", "E-002")
    assert compact_file(demo).removed_attachments == 1
    with AirmfFile.open(demo, read_only=True) as f:
        assert not f.has_attachment(sha)


def test_compact_refuses_a_damaged_file_and_removes_nothing(demo):
    _sql(
        demo,
        "UPDATE items SET data=replace(data,'\"attachment\":{','\"attachmenT\":{') "
        "WHERE id='E-002'",
    )
    before = _sha(demo)
    with pytest.raises(StorageError, match="E-002"):
        compact_file(demo)
    assert _sha(demo) == before


def test_compact_refuses_a_file_open_for_writing(demo):
    with AssessmentSession.open(demo):
        with pytest.raises(StorageError, match="cannot be compacted"):
            compact_file(demo)


def test_cli_compact(demo, capsys):
    with AirmfFile.open(demo) as f:
        f.store_attachment(io.BytesIO(b"x" * 200_000))
    assert cli.main(["compact", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "1 unused attached file removed" in out
    assert _blob_rows(demo) == 2


def test_bad_content_of_an_old_format_is_refused_before_the_upgrade(tmp_path, demo):
    """A file that needs upgrading is validated first: a damaged one gets no backup and no
    upgrade — it is left as it was."""
    from tests.damaged_files import as_format_2

    old = tmp_path / "old" / "G.airmf"
    old.parent.mkdir()
    as_format_2(demo, old)
    _sql(old, "UPDATE items SET data='{\"id\": 1}' WHERE id='R-001'")
    before = _sha(old)
    with pytest.raises(StorageError, match="unchanged"):
        AirmfFile.open(old)
    assert _sha(old) == before
    assert sorted(p.name for p in old.parent.iterdir()) == ["G.airmf"]


def test_a_failed_session_open_releases_the_file(demo, monkeypatch):
    """When the session cannot be set up after the file opened, the file's lock goes too, so
    the next open is not told that another window has it."""
    import rmf_app.services.session as session_module

    def broken():
        raise StorageError("the guidance cannot be read")

    monkeypatch.setattr(session_module, "bundled_playbook", broken)
    with pytest.raises(StorageError, match="guidance") as failed:
        AssessmentSession.open(demo)
    monkeypatch.undo()
    with AssessmentSession.open(demo) as s:  # the failure (kept in ``failed``) holds no lock
        assert not s.read_only
    assert failed.traceback


def test_a_change_between_the_check_and_the_lock_is_read_not_the_checked_copy(
    demo, monkeypatch
):
    """An open checks the whole file under a read lock, then takes rmf-app's lock. The content
    it checked is shown only when nothing was committed in between: here another program
    damages a document in that moment, and the open refuses the file instead of showing the
    content from before."""
    from rmf_app.storage import airmf

    acquire = airmf.FileLock.acquire

    def damage_then_acquire(self):
        con = sqlite3.connect(demo)
        con.execute(
            "UPDATE responses SET data = replace(data, 'a', 'b') "
            "WHERE subcategory_id = (SELECT min(subcategory_id) FROM responses)"
        )
        con.commit()
        con.close()
        return acquire(self)

    monkeypatch.setattr(airmf.FileLock, "acquire", damage_then_acquire)
    with pytest.raises(StorageError, match="is damaged"):
        AssessmentSession.open(demo)


def test_a_file_left_alone_opens_with_the_content_it_was_checked_with(demo):
    with AssessmentSession.open(demo) as session:
        first = session.assessment.model_dump()
    with AirmfFile.open(demo, read_only=True) as store:
        assert store.load().model_dump() == first
