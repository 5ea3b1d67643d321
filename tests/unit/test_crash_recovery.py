"""kill -9 of a save loop at random moments: the file always opens and keeps every committed edit.

Issue #12 point 3: the header/size check ran before SQLite rolled back the hot journal of an
interrupted commit, so the app called its own file "truncated". A helper process imports
rmf-app once and forks one child per run; each child opens the file through the session and
commits edits in a loop (growing the file, so commits extend it) until it is killed.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from rmf_app.storage.airmf import AirmfFile
from tests.conftest import PYTHON, run_cli_env

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")

KILLS = 100

#: Waits for "run START" lines on stdin; forks a child that edits from index START on and
#: prints "ready PID", then "ok I" after each committed edit; prints "dead PID" once reaped.
ZYGOTE = textwrap.dedent(
    """
    import os, sys
    from rmf_app.domain import framework
    from rmf_app.services.session import AssessmentSession
    from rmf_app.storage.content import bundled_playbook
    bundled_playbook()
    path, scratch = sys.argv[1], sys.argv[2]
    out = sys.stdout

    def text(i):
        import random
        n = random.Random(i).randint(0, 12000)
        return f"edit {i} " + "abcdefghij"[i % 10] * n

    subs = list(framework.subcategory_ids())
    out.write("up\\n"); out.flush()
    for line in sys.stdin:
        start = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                s = AssessmentSession.open(path, user="loop")
                out.write(f"ready {os.getpid()}\\n"); out.flush()
                i = start
                while True:
                    if i % 4 == 3:  # a file of several pages: commits that extend it
                        blob = os.path.join(scratch, f"{i}.bin")
                        with open(blob, "wb") as fh:
                            fh.write(bytes([i % 251]) * (20_000 + i % 7 * 15_000))
                        s.attach_file(blob, title=f"file {i}")
                        os.unlink(blob)
                    else:
                        s.set_response(subs[i % len(subs)], notes=text(i))
                    out.write(f"ok {i}\\n"); out.flush()
                    i += 1
            except BaseException as exc:
                out.write(f"failed {type(exc).__name__}: {exc}\\n"); out.flush()
                os._exit(1)
        os.waitpid(pid, 0)
        out.write(f"dead {pid}\\n"); out.flush()
    """
)


def _text(i: int) -> str:
    n = random.Random(i).randint(0, 12000)
    return f"edit {i} " + "abcdefghij"[i % 10] * n


def _is_file(i: int) -> bool:
    return i % 4 == 3


def _file_bytes(i: int) -> bytes:
    return bytes([i % 251]) * (20_000 + i % 7 * 15_000)


def _readline(proc: subprocess.Popen[str], timeout: float = 30.0) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the save loop stopped answering"
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, "the save loop ended"
    return line.strip()


@pytest.fixture
def loop_folder(tmp_path):
    """A folder in memory where there is one (/dev/shm): without real disk syncs a commit's
    writes take a larger share of its time, so more kills land in the middle of one."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="rmf-app-kill-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


@pytest.mark.slow
@POSIX_ONLY
def test_kill_9_of_a_save_loop_never_loses_a_committed_edit(loop_folder, minimal):
    from rmf_app.domain import framework

    subs = list(framework.subcategory_ids())
    new_file = loop_folder / "loop.airmf"
    AirmfFile.create(new_file, minimal, "tester").close()
    scratch = loop_folder / "scratch"
    scratch.mkdir()
    rng = random.Random(20260412)
    proc = subprocess.Popen(
        [PYTHON, "-c", ZYGOTE, str(new_file), str(scratch)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
        bufsize=1,
    )
    notes: dict[str, str] = {}
    files: set[int] = set()
    next_index = 0
    opened_with_journal = 0

    def apply(i: int) -> None:
        if _is_file(i):
            files.add(i)
        else:
            notes[subs[i % len(subs)]] = _text(i)

    try:
        assert _readline(proc) == "up"
        for run in range(KILLS):
            assert proc.stdin is not None
            proc.stdin.write(f"run {next_index}\n")
            proc.stdin.flush()
            first = _readline(proc)
            assert first.startswith("ready "), first
            pid = int(first.split()[1])
            # a random moment: mostly inside the loop, sometimes right at its start
            deadline = time.monotonic() + rng.uniform(0.0, 0.08)
            committed: list[int] = []
            while time.monotonic() < deadline:
                ready, _, _ = select.select([proc.stdout], [], [], 0.0005)
                if ready:
                    committed.append(int(_readline(proc).split()[1]))
            os.kill(pid, signal.SIGKILL)
            while (line := _readline(proc)) != f"dead {pid}":
                assert line.startswith("ok "), line
                committed.append(int(line.split()[1]))
            if (new_file.parent / (new_file.name + "-journal")).exists():
                opened_with_journal += 1
            for i in committed:
                apply(i)
            # the edit in flight may or may not have been committed before the kill
            in_flight = committed[-1] + 1 if committed else next_index
            with AirmfFile.open(new_file, read_only=True) as f:
                a = f.load()
                got = {sid: r.notes for sid, r in a.responses.items()}
                stored = {}
                for e in a.evidence:
                    assert e.attachment is not None
                    i = int(e.title.split()[1])
                    # the bytes of files added in this run (earlier ones were checked before)
                    fresh = i >= next_index
                    stored[i] = b"".join(f.iter_attachment(e.attachment.sha256)) if fresh else None
            if _is_file(in_flight):
                done = in_flight in stored
            else:
                done = got.get(subs[in_flight % len(subs)]) == _text(in_flight)
            if done:
                apply(in_flight)
            assert got == notes, f"run {run}: an edit was lost"
            assert set(stored) == files, f"run {run}: an attached file was lost"
            for i, data in stored.items():
                assert data is None or data == _file_bytes(i), f"run {run}: file {i} is damaged"
            next_index = in_flight + 1 if done else in_flight
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait(timeout=30)
    assert next_index > KILLS  # the loops did commit edits
    assert opened_with_journal > 0  # some kills did interrupt a commit


def _journal(original: bytes, page_size: int, nonce: int = 0x1234567) -> bytes:
    """A rollback journal as SQLite writes it before a commit: every page of ``original``."""
    sector = 512
    pages = len(original) // page_size
    head = struct.pack(">8sIIIII", JOURNAL_MAGIC, pages, nonce, pages, sector, page_size)
    out = [head.ljust(sector, b"\0")]
    for n in range(pages):
        data = original[n * page_size : (n + 1) * page_size]
        checksum = nonce
        i = page_size - 200
        while i > 0:
            checksum += data[i]
            i -= 200
        out.append(struct.pack(">I", n + 1) + data + struct.pack(">I", checksum & 0xFFFFFFFF))
    return b"".join(out)


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def test_commit_interrupted_while_extending_the_file(new_file, capsys):
    """The state a crash leaves half-way through writing a commit that grows the file: page 1
    already counts the new pages, the last ones are not written yet, and the journal holds the
    pages as they were. The file must open as it was before that commit."""
    from rmf_app import cli
    from rmf_app.services.session import AssessmentSession

    with AssessmentSession.open(new_file) as s:
        s.set_response("GOVERN 1.1", notes="committed before")
    before = new_file.read_bytes()
    blob = new_file.parent / "scan.bin"
    blob.write_bytes(bytes(range(256)) * 1000)
    with AssessmentSession.open(new_file) as s:
        s.attach_file(blob)  # grows the file by many pages
    after = new_file.read_bytes()
    page_size = struct.unpack(">H", before[16:18])[0]
    grown_to = struct.unpack(">I", after[28:32])[0]
    assert grown_to * page_size == len(after) > len(before) + 10 * page_size
    cut = (len(before) + len(after)) // 2 // page_size * page_size
    new_file.write_bytes(after[:cut])
    (new_file.parent / (new_file.name + "-journal")).write_bytes(_journal(before, page_size))

    assert cli.main(["info", str(new_file)]) == 0, capsys.readouterr().err
    assert new_file.read_bytes() == before  # SQLite's own rollback, nothing else
    assert not (new_file.parent / (new_file.name + "-journal")).exists()
    with AirmfFile.open(new_file, read_only=True) as f:
        responses = f.load().responses
        assert f.load().evidence == []
    assert responses["GOVERN 1.1"].notes == "committed before"


def _interrupted_growth(path, app_id: int | None = None) -> tuple[bytes, bytes]:
    """Leave ``path`` (a SQLite file) as a crash in the middle of a growing commit would."""
    import sqlite3

    con = sqlite3.connect(path, isolation_level=None)
    if app_id is not None:
        con.execute(f"PRAGMA application_id={app_id}")
    con.execute("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
    con.close()
    before = path.read_bytes()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("INSERT INTO filler VALUES (zeroblob(200000))")
    con.close()
    after = path.read_bytes()
    page_size = struct.unpack(">H", before[16:18])[0]
    cut = (len(before) + len(after)) // 2 // page_size * page_size
    journal = _journal(before, page_size)
    path.write_bytes(after[:cut])
    (path.parent / (path.name + "-journal")).write_bytes(journal)
    return after[:cut], journal


def test_a_foreign_file_with_a_hot_journal_is_not_rolled_back(tmp_path):
    """Recovery runs only on files whose header says they are ours: another application's
    database and its journal are left exactly as they are."""
    from rmf_app.storage.errors import NotAnAssessmentFile

    path = tmp_path / "other.airmf"
    data, journal = _interrupted_growth(path, app_id=0x12345678)
    with pytest.raises(NotAnAssessmentFile, match="another application"):
        AirmfFile.open(path, read_only=True)
    assert path.read_bytes() == data
    assert (tmp_path / "other.airmf-journal").read_bytes() == journal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.airmf", "other.airmf-journal"]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_a_hot_journal_that_cannot_be_rolled_back_is_explained(new_file):
    from rmf_app.storage.errors import StorageError

    _interrupted_growth(new_file)
    new_file.parent.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="interrupted in the middle of a change"):
            AirmfFile.open(new_file, read_only=True)
    finally:
        new_file.parent.chmod(0o755)


def test_a_hot_journal_left_while_the_lock_is_held_is_explained(new_file):
    """Recovery never runs under another holder's lock; the read then says what is wrong
    (and changes nothing)."""
    from rmf_app.storage.errors import StorageError
    from rmf_app.storage.locking import FileLock

    data, journal = _interrupted_growth(new_file)
    holder = FileLock(new_file)
    assert holder.acquire()
    try:
        with pytest.raises(StorageError, match="interrupted in the middle of a change") as ei:
            AirmfFile.open(new_file, read_only=True)
    finally:
        holder.release()
    assert "Traceback" not in str(ei.value)
    assert new_file.read_bytes() == data
    assert (new_file.parent / (new_file.name + "-journal")).read_bytes() == journal
