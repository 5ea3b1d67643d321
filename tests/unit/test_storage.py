"""The .airmf file: round trips, durability, refusal of bad files, migration, single writer."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from rmf_app.domain.assessment import Assessment
from rmf_app.storage import schema
from rmf_app.storage.airmf import AirmfFile, initialise
from rmf_app.storage.errors import (
    CorruptFileError,
    NewerFileError,
    NotAnAssessmentFile,
    ReadOnlyError,
)
from tests.conftest import PYTHON, run_cli_env


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_of_every_field(tmp_path, full):
    path = tmp_path / "full.airmf"
    AirmfFile.create(path, full, "tester").close()
    with AirmfFile.open(path) as f:
        loaded = f.load()
    assert loaded == full
    assert loaded.model_dump(mode="json") == full.model_dump(mode="json")


def test_file_rules(new_file):
    con = sqlite3.connect(new_file)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()
    # closed file is complete on its own: no journal or WAL left beside it
    leftovers = sorted(p.name for p in new_file.parent.iterdir() if p != new_file)
    assert leftovers == []


def test_history_records_who_what_old_new(new_file):
    from rmf_app.services.session import AssessmentSession

    with AssessmentSession.open(new_file, user="Ann") as s:
        s.set_response("MAP 1.1", current=2)
        s.set_response("MAP 1.1", current=3)
        h = s.store.history("response:MAP 1.1")
    assert [(e.who, e.field, e.old, e.new) for e in h] == [
        ("Ann", "current", None, "2"),
        ("Ann", "current", "2", "3"),
    ]


def test_attachment_streams_in_chunks_and_round_trips(new_file):
    data = os.urandom(schema.CHUNK_SIZE * 2 + 123)
    seen = []
    with AirmfFile.open(new_file) as f:
        sha, size = f.store_attachment(io.BytesIO(data), progress=lambda d, t: seen.append(d))
        chunks = list(f.iter_attachment(sha))
    assert size == len(data) and sha == hashlib.sha256(data).hexdigest()
    assert len(chunks) == 3 and b"".join(chunks) == data
    assert seen[-1] == len(data) and len(seen) >= 3


def test_cancelled_attachment_leaves_nothing(new_file):
    from rmf_app.storage.airmf import Cancelled

    calls = iter([False, True])
    with AirmfFile.open(new_file) as f:
        with pytest.raises(Cancelled):
            f.store_attachment(
                io.BytesIO(os.urandom(3 * schema.CHUNK_SIZE)), cancelled=lambda: next(calls)
            )
        assert f._con.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from rmf_app.services.session import AssessmentSession
    s = AssessmentSession.open(sys.argv[1], user="killer")
    s.set_response("GOVERN 1.1", current=3, notes="written just before SIGKILL")
    print("edited", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_edit_survives_sigkill(new_file):
    proc = subprocess.Popen(
        [PYTHON, "-c", KILL_SCRIPT, str(new_file)],
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
    )
    try:
        assert proc.stdout.readline().strip() == "edited"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with AirmfFile.open(new_file) as f:
        r = f.load().responses["GOVERN 1.1"]
        assert not f.read_only  # the dead process's lock is gone
    assert (r.current, r.notes) == (3, "written just before SIGKILL")


def _assert_refused_untouched(path, exc_type, *words):
    before = _sha(path)
    with pytest.raises(exc_type) as ei:
        AirmfFile.open(path)
    assert _sha(path) == before
    msg = str(ei.value)
    assert path.name in msg
    for w in words:
        assert w in msg
    assert not (path.parent / (path.name + "-journal")).exists()
    return msg


def test_truncated_file_refused_untouched(new_file):
    data = new_file.read_bytes()
    new_file.write_bytes(data[: len(data) // 2 + 100])
    _assert_refused_untouched(new_file, CorruptFileError, "Restore it from a backup")


def test_truncated_to_header_refused(new_file):
    new_file.write_bytes(new_file.read_bytes()[:50])
    _assert_refused_untouched(new_file, CorruptFileError, "truncated")


def test_random_bytes_refused_untouched(tmp_path):
    p = tmp_path / "noise.airmf"
    p.write_bytes(os.urandom(8192))
    _assert_refused_untouched(p, NotAnAssessmentFile, "not an rmf-app assessment")


def test_a_pdf_report_given_as_an_assessment_says_how_to_read_it(tmp_path):
    """A report PDF where an .airmf was expected (``rmf-app info R.pdf``, a renamed file): the
    message names it a report and says how to check and read it, not "import a JSON export"."""
    p = tmp_path / "report.airmf"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(4096))
    _assert_refused_untouched(p, NotAnAssessmentFile, "is a PDF report")
    with pytest.raises(NotAnAssessmentFile, match=r"rmf-app verify report\.airmf"):
        AirmfFile.open(p)


def test_empty_file_refused(tmp_path):
    p = tmp_path / "empty.airmf"
    p.write_bytes(b"")
    _assert_refused_untouched(p, NotAnAssessmentFile, "empty")


def test_sqlite_of_another_application_refused_untouched(tmp_path):
    p = tmp_path / "other.airmf"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    _assert_refused_untouched(p, NotAnAssessmentFile, "another application")


def test_our_id_but_foreign_schema_refused_untouched(tmp_path):
    """A file claiming to be ours with an extra trigger is never opened for writing."""
    p = tmp_path / "tampered.airmf"
    con = sqlite3.connect(p, isolation_level=None)
    initialise(con)
    con.execute("CREATE TRIGGER evil AFTER INSERT ON history BEGIN DELETE FROM docs; END")
    con.close()
    _assert_refused_untouched(p, NotAnAssessmentFile, "structure")


def test_newer_schema_refused_untouched(new_file):
    con = sqlite3.connect(new_file)
    con.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    _assert_refused_untouched(new_file, NewerFileError, "newer version", "Update rmf-app")


def test_bad_content_refused_untouched(new_file):
    from tests.damaged_files import rehash

    con = sqlite3.connect(new_file)
    con.execute("UPDATE docs SET data = json_set(data, '$.default_target', 9)")
    con.commit()
    con.close()
    rehash(new_file)  # its checksums pass: the content itself is refused
    _assert_refused_untouched(new_file, CorruptFileError, "default_target")


def _write_v1_file(path, assessment: Assessment, blob: bytes) -> None:
    """A file as schema 1 wrote it: attachments whole in one row."""
    import json

    con = sqlite3.connect(path, isolation_level=None)
    initialise(con, version=1)
    sha = hashlib.sha256(blob).hexdigest()
    data = assessment.model_dump(mode="json")
    data["evidence"] = [
        {
            "id": "E-1",
            "title": "file",
            "attachment": {"filename": "a.bin", "size": len(blob), "sha256": sha},
        }
    ]
    core = {k: v for k, v in data.items() if k not in ("responses", "risks", "actions", "evidence")}
    con.execute("INSERT INTO docs VALUES ('core', ?)", (json.dumps(core),))
    for sid, r in data["responses"].items():
        con.execute("INSERT INTO responses VALUES (?, ?)", (sid, json.dumps(r)))
    for i, r in enumerate(data["risks"]):
        con.execute("INSERT INTO items VALUES ('risk', ?, ?, ?)", (r["id"], i, json.dumps(r)))
    con.execute(
        "INSERT INTO items VALUES ('evidence', 'E-1', 0, ?)", (json.dumps(data["evidence"][0]),)
    )
    con.execute("INSERT INTO attachments VALUES (?, ?)", (sha, blob))
    con.execute(
        "INSERT INTO history (at, who, entity, field) VALUES ('2025-01-01', 'old', 'assessment', 'created')"
    )
    con.close()


def test_older_schema_is_migrated_with_backup(tmp_path, full):
    p = tmp_path / "old.airmf"
    blob = os.urandom(schema.CHUNK_SIZE + 10)
    base = full.model_copy(update={"actions": [], "evidence": []})
    _write_v1_file(p, base, blob)
    original = p.read_bytes()
    with AirmfFile.open(p) as f:
        assert f.migrated_from == 1 and f.schema_version() == schema.SCHEMA_VERSION
        a = f.load()
        assert b"".join(f.iter_attachment(hashlib.sha256(blob).hexdigest())) == blob
        assert f.history()[0].who == "old"
        backup = f.backup_path
    assert backup is not None and backup.read_bytes() == original
    assert a.responses == base.responses and a.risks == base.risks and a.profile == base.profile
    with AirmfFile.open(p) as f:  # second open: nothing more to migrate
        assert f.migrated_from is None


HOLD_SCRIPT = textwrap.dedent(
    """
    import sys
    from rmf_app.storage.airmf import AirmfFile
    f = AirmfFile.open(sys.argv[1])
    print("ro" if f.read_only else "rw", flush=True)
    sys.stdin.readline()
    f.close()
    """
)


def test_second_process_gets_read_only(new_file):
    proc = subprocess.Popen(
        [PYTHON, "-c", HOLD_SCRIPT, str(new_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
    )
    try:
        assert proc.stdout.readline().strip() == "rw"
        with AirmfFile.open(new_file) as f:
            assert f.read_only
            assert "another rmf-app" in f.read_only_reason
            with pytest.raises(ReadOnlyError, match="read-only"):
                f.commit(f.load(), [("core", "")], [])
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)
    with AirmfFile.open(new_file) as f:
        assert not f.read_only


def test_hot_journal_is_rolled_back(new_file):
    """An interrupted transaction (journal left behind) is undone on the next open."""
    from rmf_app.services.session import AssessmentSession

    with AssessmentSession.open(new_file) as s:
        s.set_response("MAP 1.1", current=1)
    script = textwrap.dedent(
        """
        import os, sqlite3, sys
        con = sqlite3.connect(sys.argv[1], isolation_level=None)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("BEGIN IMMEDIATE")
        con.execute("DELETE FROM responses")
        con.execute("PRAGMA cache_size=0")
        con.execute("INSERT INTO meta VALUES ('x', zeroblob(200000))")
        os._exit(0)
        """
    )
    subprocess.run([PYTHON, "-c", script, str(new_file)], check=False, timeout=30)
    with AirmfFile.open(new_file) as f:
        assert f.load().responses["MAP 1.1"].current == 1
