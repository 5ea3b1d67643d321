"""Every writer of a user's file under faults: a file open elsewhere, planted lock paths,
a full disk, leftovers of killed runs, file modes (issue #12, points 4, 10, 13, 14)."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import AirmfFile
from tests.conftest import PYTHON, run_cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")

OPEN_MSG = "is open in rmf-app (another window or process); close it there first"


def rmf(*args, cwd=None, umask=None):
    return subprocess.run(
        [PYTHON, "-m", "rmf_app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=run_cli_env(),
        timeout=120,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(res, *words):
    assert res.returncode == 1, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    assert res.stderr.startswith("rmf-app: error:"), res.stderr
    assert res.stderr.count("\n") == 1, res.stderr
    for w in words:
        assert w in res.stderr, res.stderr


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A demo file and its JSON export, for the writers to read from."""
    folder = tmp_path_factory.mktemp("sources")
    demo = folder / "demo.airmf"
    assert rmf("demo", "-o", demo).returncode == 0
    export = folder / "demo.json"
    assert rmf("export", demo, "-o", export).returncode == 0
    return demo, export


# -- point 4: the lock sidecar ----------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from rmf_app.services.session import AssessmentSession
    s = AssessmentSession.open(sys.argv[1])
    assert not s.read_only, s.read_only_reason
    print("open", flush=True)
    sys.stdin.read()
    s.close()
    """
)


def _replacing_writers(target: Path, export: Path):
    """Every CLI command that writes or replaces the .airmf ``target``."""
    return {
        "new --force": ("new", "-o", target, "--name", "Replacement", "--force"),
        "demo --force": ("demo", "-o", target, "--force"),
        "import --force": ("import", export, "-o", target, "--force"),
        "export onto it": ("export", target, "-o", target, "--format", "json"),
    }


def test_writers_refuse_a_file_open_in_another_process(tmp_path, sources):
    """Before: import/demo/new --force replaced the file the GUI had open (it then wrote to a
    deleted file). Now each refuses and the open file is untouched."""
    _demo, export = sources
    target = tmp_path / "open.airmf"
    assert rmf("new", "-o", target, "--name", "Held").returncode == 0
    holder = subprocess.Popen(
        [PYTHON, "-c", HOLDER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = sha(target)
        inode = target.stat().st_ino
        for name, args in _replacing_writers(target, export).items():
            res = rmf(*args)
            assert_refused(res, f"open.airmf {OPEN_MSG}")
            assert sha(target) == before, name
            assert target.stat().st_ino == inode, name
        assert sorted(p.name for p in tmp_path.iterdir()) == ["open.airmf", "open.airmf.lock"]
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    # once the other process has closed it, the same command goes through
    res = rmf("demo", "-o", target, "--force")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["open.airmf"]


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "replace"])
def test_a_planted_lock_symlink_is_never_followed(tmp_path, sources, existing):
    """Before: F.airmf.lock -> elsewhere made every writer create the link's target."""
    _demo, export = sources
    target = tmp_path / "f.airmf"
    victim = tmp_path / "elsewhere" / "victim"
    victim.parent.mkdir()
    if existing:
        assert rmf("new", "-o", target, "--name", "Mine").returncode == 0
    before = sha(target) if existing else None
    lock = tmp_path / "f.airmf.lock"
    lock.symlink_to(victim)
    for name, args in _replacing_writers(target, export).items():
        if args[0] == "export" and not existing:
            continue
        if not existing:
            args = tuple(a for a in args if a != "--force")
        res = rmf(*args)
        assert_refused(
            res, "f.airmf.lock is a symbolic link, not rmf-app's lock file", "Remove f.airmf.lock"
        )
        assert OPEN_MSG not in res.stderr
        assert not os.path.lexists(victim), name
        assert lock.is_symlink()
        assert (sha(target) if existing else target.exists()) == (before if existing else False)
    if existing:
        # opening it for editing: read-only, saying why, and still nothing at the link's target
        with AssessmentSession.open(target) as s:
            assert s.read_only
            assert "symbolic link" in (s.read_only_reason or "")
        assert not os.path.lexists(victim)
        assert sha(target) == before


def test_a_folder_or_pipe_at_the_lock_path_is_named(tmp_path, sources):
    """Before: a folder there was reported as "open in another window"; a pipe blocked."""
    _demo, export = sources
    target = tmp_path / "f.airmf"
    assert rmf("new", "-o", target, "--name", "Mine").returncode == 0
    before = sha(target)
    lock = tmp_path / "f.airmf.lock"
    for kind, make in (("a folder", lock.mkdir), ("a named pipe", lambda: os.mkfifo(lock))):
        make()
        for args in _replacing_writers(target, export).values():
            res = rmf(*args)
            assert_refused(res, f"f.airmf.lock is {kind}, not rmf-app's lock file")
            assert "another window" not in res.stderr
            assert sha(target) == before
        with AirmfFile.open(target) as f:
            assert f.read_only and kind in (f.read_only_reason or "")
        lock.rmdir() if lock.is_dir() else lock.unlink()


# -- point 14: file modes ---------------------------------------------------------------------


def _cli_writers(sources):
    """(what, the files it writes, its command) for every CLI command that writes a file."""
    demo, export = sources
    return [
        ("new", ["n.airmf"], lambda d: ("new", "-o", d / "n.airmf", "--name", "N", "--force")),
        ("demo", ["d.airmf"], lambda d: ("demo", "-o", d / "d.airmf", "--force")),
        ("import", ["i.airmf"], lambda d: ("import", export, "-o", d / "i.airmf", "--force")),
        ("export json", ["e.json"], lambda d: ("export", demo, "-o", d / "e.json")),
        (
            "export canonical",
            ["c.json"],
            lambda d: ("export", demo, "--canonical", "-o", d / "c.json"),
        ),
        (
            "export csv",
            ["t-responses.csv", "t-risks.csv", "t-actions.csv"],
            lambda d: ("export", demo, "-o", d / "t.csv"),
        ),
        (
            "export csv --table",
            ["r.csv"],
            lambda d: ("export", demo, "-o", d / "r.csv", "--table", "risks"),
        ),
        ("export pdf", ["p.pdf"], lambda d: ("export", demo, "-o", d / "p.pdf")),
    ]


def _modes(folder: Path, names: list[str]) -> list[int]:
    return [(folder / n).stat().st_mode & 0o777 for n in names]


def run_in_process(args, umask: int) -> int:
    """The CLI's main() in this process (quicker than a new interpreter) under ``umask``."""
    from rmf_app.cli import main

    old = os.umask(umask)
    try:
        return main([str(a) for a in args])
    finally:
        os.umask(old)


def test_every_cli_writer_keeps_the_mode_of_the_file_it_replaces(tmp_path, sources, capsys):
    """Before: --force or a re-export turned a 0600 target into 0644."""
    for what, names, command in _cli_writers(sources):
        assert run_in_process(command(tmp_path), 0o022) == 0, capsys.readouterr().err
        for n in names:
            os.chmod(tmp_path / n, 0o600)
        assert run_in_process(command(tmp_path), 0o022) == 0, capsys.readouterr().err
        assert _modes(tmp_path, names) == [0o600] * len(names), what


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o002, 0o664)])
def test_every_cli_writer_gives_a_new_file_the_umask_default(
    tmp_path, sources, capsys, umask, mode
):
    """Before: a new .airmf was 0644 whatever the umask (SQLite's own default)."""
    for what, names, command in _cli_writers(sources):
        folder = tmp_path / what.replace(" ", "-")
        folder.mkdir()
        assert run_in_process(command(folder), umask) == 0, capsys.readouterr().err
        assert _modes(folder, names) == [mode] * len(names), what
        assert sorted(p.name for p in folder.iterdir()) == sorted(names), what


def test_the_gui_writers_keep_the_mode_too(tmp_path, sources):
    """The export jobs, attachment "Save as…" and saved review files (the GUI's writers)."""
    import datetime as dt

    from rmf_app.services import attachments
    from rmf_app.services.export import CsvExportJob, JsonExportJob, PdfExportJob
    from rmf_app.services.files import save_bytes

    demo, _export = sources
    with AssessmentSession.open(demo, read_only=True) as s:
        evidence = next(e for e in s.assessment.evidence if e.attachment)
        writers = {
            "json": (lambda: JsonExportJob(s, tmp_path / "j.json").run(), ["j.json"]),
            "csv": (
                lambda: CsvExportJob(s, tmp_path / "c.csv", dt.date(2026, 1, 1)).run(),
                ["c-responses.csv", "c-risks.csv", "c-actions.csv"],
            ),
            "pdf": (lambda: PdfExportJob.from_session(s, tmp_path / "p.pdf").run(), ["p.pdf"]),
            "attachment": (
                lambda: attachments.save_attachment(s.store, evidence, tmp_path / "a.bin"),
                ["a.bin"],
            ),
            "saved bytes": (lambda: save_bytes(tmp_path / "b.txt", b"x"), ["b.txt"]),
        }
        for what, (write, names) in writers.items():
            write()
            for n in names:
                os.chmod(tmp_path / n, 0o600)
            write()
            assert _modes(tmp_path, names) == [0o600] * len(names), what


# -- point 10: a full disk --------------------------------------------------------------------

FULL_MSG = "Not enough disk space to write"


def _listing(folder: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in sorted(folder.iterdir()) if p.is_file()}


class _FillingFile:
    """A file object that takes bytes until the shared budget is spent, then fails as a write
    to a full disk does (ENOSPC, after writing what still fitted)."""

    def __init__(self, fh, budget: list[int]) -> None:
        self._fh = fh
        self._budget = budget

    def write(self, data) -> int:
        room = self._budget[0]
        if len(data) > room:
            self._fh.write(bytes(data[:room]))
            self._budget[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._budget[0] -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


@pytest.fixture
def disk_budget(monkeypatch):
    """Files opened with os.fdopen (the writers' temporaries) fail once ``budget[0]`` bytes
    have been written across all of them."""
    budget = [1 << 60]
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return _FillingFile(real(fd, *args, **kwargs), budget)

    monkeypatch.setattr(os, "fdopen", fdopen)
    return budget


def _exports(demo: Path):
    return {
        "json": (("export", demo, "-o", "{d}/e.json"), ["e.json"]),
        "canonical": (("export", demo, "--canonical", "-o", "{d}/c.json"), ["c.json"]),
        "csv": (
            ("export", demo, "-o", "{d}/t.csv"),
            ["t-responses.csv", "t-risks.csv", "t-actions.csv"],
        ),
        "csv table": (("export", demo, "--table", "risks", "-o", "{d}/r.csv"), ["r.csv"]),
        "pdf": (("export", demo, "-o", "{d}/p.pdf"), ["p.pdf"]),
    }


def _fill(args, folder: Path):
    return [str(a).replace("{d}", str(folder)) for a in args]


def assert_full_disk_refusal(code: int, err: str, what: str) -> None:
    assert code == 1, (what, err)
    assert err.startswith("rmf-app: error: " + FULL_MSG), (what, err)
    assert "free some space or choose another folder" in err, err
    assert err.count("\n") == 1 and "Traceback" not in err, err


@pytest.mark.parametrize("existing", [False, True], ids=["new files", "replacing"])
def test_exports_on_a_full_disk_say_so_and_leave_nothing(
    tmp_path, sources, capsys, disk_budget, existing, monkeypatch
):
    """Before: OSError [Errno 28] tracebacks, and a CSV export that left 1 of its 3 tables.
    The disk fills at generated points of each export: at once, in the middle, at the end."""
    # every export the same size each time (the PDF carries its date): "one byte short" must
    # stay one byte short
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    demo, _export = sources
    for what, (args, names) in _exports(demo).items():
        folder = tmp_path / f"{what.replace(' ', '-')}-{existing}"
        folder.mkdir()
        disk_budget[0] = 1 << 60
        assert run_in_process(_fill(args, folder), 0o022) == 0
        sizes = [(folder / n).stat().st_size for n in names]
        if not existing:
            for n in names:
                (folder / n).unlink()
        before = _listing(folder)
        total = sum(sizes)
        # nothing fits; only the first table fits; all but the last bytes fit
        for budget in sorted(b for b in {0, total // 2, sizes[0] + 10, total - 1} if b < total):
            disk_budget[0] = budget
            capsys.readouterr()
            code = run_in_process(_fill(args, folder), 0o022)
            assert_full_disk_refusal(code, capsys.readouterr().err, f"{what} at {budget}")
            assert _listing(folder) == before, (what, budget)
            assert len(list(folder.iterdir())) == len(before)


def test_a_failed_sync_is_a_full_disk_too(tmp_path, sources, capsys, monkeypatch):
    """A file system with delayed allocation reports ENOSPC only at fsync."""
    demo, export = sources

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    for args in (
        ("export", demo, "-o", tmp_path / "e.json"),
        ("export", demo, "-o", tmp_path / "t.csv"),
        ("demo", "-o", tmp_path / "d.airmf"),
        ("import", export, "-o", tmp_path / "i.airmf"),
    ):
        capsys.readouterr()
        code = run_in_process(args, 0o022)
        assert_full_disk_refusal(code, capsys.readouterr().err, args[0])
        assert list(tmp_path.iterdir()) == []


class _Writes:
    """Counts the writing statements of SQLite connections; fails the one numbered ``fail_at``
    with SQLITE_FULL, as SQLite does when the disk fills."""

    def __init__(self) -> None:
        self.count = 0
        self.fail_at: int | None = None

    def check(self, sql: str, wrote: bool = True) -> None:
        head = sql.lstrip().upper()
        if head.startswith("COMMIT") and not wrote:
            return  # the end of a read (the file's checks on open): nothing to write
        if head.startswith(("INSERT", "UPDATE", "DELETE", "CREATE", "COMMIT")):
            if self.count == self.fail_at:
                self.count += 1
                raise sqlite3.OperationalError("database or disk is full")
            self.count += 1


@pytest.fixture
def sqlite_writes(monkeypatch):
    writes = _Writes()

    class Connection(sqlite3.Connection):
        wrote = False  # whether the open transaction changed anything

        def execute(self, sql, *args):
            self._count(sql)
            return super().execute(sql, *args)

        def executemany(self, sql, *args):
            self._count(sql)
            return super().executemany(sql, *args)

        def _count(self, sql):
            head = sql.lstrip().upper()
            writes.check(sql, self.wrote)
            if head.startswith(("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER")):
                self.wrote = True
            elif head.startswith(("COMMIT", "ROLLBACK", "BEGIN")):
                self.wrote = False

    real = sqlite3.connect

    def connect(*args, **kwargs):
        return real(*args, factory=Connection, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    return writes


def test_new_demo_import_on_a_full_disk_say_so_and_leave_nothing(
    tmp_path, sources, capsys, sqlite_writes
):
    """Before: sqlite3.OperationalError: database or disk is full (a traceback). Now the disk
    fills at generated points of each writer, from its first statement to its last."""
    _demo, export = sources
    writers = {
        "new": ("new", "-o", "{d}/n.airmf", "--name", "N", "--force"),
        "demo": ("demo", "-o", "{d}/d.airmf", "--force"),
        "import": ("import", export, "-o", "{d}/i.airmf", "--force"),
    }
    for what, args in writers.items():
        folder = tmp_path / what
        folder.mkdir()
        sqlite_writes.count = 0
        assert run_in_process(_fill(args, folder), 0o022) == 0
        total = sqlite_writes.count
        assert total > 10, what  # the schema, the rows, (the attachments), the commits
        before = _listing(folder)
        assert len(before) == 1
        for fail_at in sorted({0, 1, total // 3, total // 2, total - 1}):
            sqlite_writes.count, sqlite_writes.fail_at = 0, fail_at
            capsys.readouterr()
            code = run_in_process(_fill(args, folder), 0o022)
            sqlite_writes.fail_at = None
            assert_full_disk_refusal(code, capsys.readouterr().err, f"{what} at {fail_at}")
            assert _listing(folder) == before, (what, fail_at)
            assert len(list(folder.iterdir())) == 1


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs mounted in tmp_path (needs root and a kernel that lets us mount)."""
    point = tmp_path / "small-disk"
    point.mkdir()
    try:
        res = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(point)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a small file system here: {exc}")
    if res.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {res.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=30)


def _fill_disk(folder: Path, leave: int = 0) -> Path:
    """Write a filler file until the disk is full, then give back ``leave`` bytes."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_a_really_full_disk(small_disk, sources):
    """Every CLI writer on a real, full (1 MiB tmpfs) disk: one line, nothing changed."""
    demo, export = sources
    d = small_disk
    assert rmf("new", "-o", d / "n.airmf", "--name", "Keep me").returncode == 0
    assert rmf("export", demo, "-o", d / "t.csv", "--table", "risks").returncode == 0
    _fill_disk(d)
    before = _listing(d)
    writers = [
        ("new", "-o", d / "n.airmf", "--name", "N", "--force"),
        ("new", "-o", d / "m.airmf", "--name", "M"),
        ("demo", "-o", d / "d.airmf"),
        ("import", export, "-o", d / "n.airmf", "--force"),
        ("export", demo, "-o", d / "e.json"),
        ("export", demo, "--canonical", "-o", d / "c.json"),
        ("export", demo, "-o", d / "t.csv", "--table", "risks"),
        ("export", demo, "-o", d / "t.csv"),
        ("export", demo, "-o", d / "p.pdf"),
    ]
    for args in writers:
        res = rmf(*args)
        assert_full_disk_refusal(res.returncode, res.stderr, " ".join(map(str, args[:2])))
        assert _listing(d) == before, args
        assert len(list(d.iterdir())) == len(before), sorted(p.name for p in d.iterdir())


def test_csv_export_on_a_nearly_full_disk_writes_no_table(small_disk, sources):
    """Before: room for the first table only left that one table behind."""
    demo, _export = sources
    d = small_disk
    assert rmf("export", demo, "-o", d / "probe.csv").returncode == 0
    first = (d / "probe-responses.csv").stat().st_size
    for p in list(d.iterdir()):
        p.unlink()
    _fill_disk(d, leave=(first // 4096 + 2) * 4096)
    res = rmf("export", demo, "-o", d / "t.csv")
    assert_full_disk_refusal(res.returncode, res.stderr, "csv")
    assert sorted(p.name for p in d.iterdir()) == ["filler"]


# -- point 13: leftovers of killed runs -------------------------------------------------------

OLD = 20 * 60  # seconds: older than the ten minutes after which a temporary counts as stale


def _plant(folder: Path, name: str, data: bytes = b"", age: int = OLD) -> Path:
    path = folder / name
    path.write_bytes(data)
    t = time.time() - age
    os.utime(path, (t, t))
    return path


def _plant_leftovers(folder: Path, demo: Path) -> tuple[set[str], set[str]]:
    """Stale temporaries of rmf-app's naming, and look-alikes that are not ours (or not stale).
    Returns (names that must go, names that must stay)."""
    sqlite_ours = demo.read_bytes()[:4096]
    foreign_db = bytearray(sqlite_ours)
    foreign_db[68:72] = (0x12345678).to_bytes(4, "big")
    journal = bytes.fromhex("d9d505f920a163d7") + b"\0" * 504
    ours = {
        ".i.airmf.rmf-app-k2j3h4g5.tmp": sqlite_ours,
        ".i.airmf.rmf-app-k2j3h4g5.tmp-journal": journal,
        ".r.json.rmf-app-0a1b2c3d.tmp": b'{\n  "assessment"',
        ".p.pdf.rmf-app-zzzzzzzz.tmp": b"",
        ".t-risks.csv.rmf-app-abcdefgh.tmp": b"anything at all",
        # named as rmf-app 1.0 named them, with what it wrote there
        ".old.airmf.k2j3_4g5.tmp": sqlite_ours,
        ".old.airmf.k2j3_4g5.tmp-journal": journal,
        ".old.pdf.abcdefgh.tmp": b"",
        ".old.pdf.abcdefg2.tmp": b"%PDF-1.4\n",
        ".old-risks.csv.abcdefgh.tmp": b"\xef\xbb\xbfid,title\r\n",
        ".old.json.q1w2e3r4.tmp": b'{\n  "assessment": {',
    }
    young = dict(ours)
    not_ours = {
        ".notes.txt.abcdefgh.tmp": b"",
        ".old.db.abcdefgh.tmp": sqlite_ours,
        ".foreign.airmf.abcdefgh.tmp": bytes(foreign_db),
        ".foreign.airmf.abcdefgh.tmp-journal": b"not a journal",
        ".fake.pdf.abcdefgh.tmp": b"no PDF",
        ".fake.csv.abcdefgh.tmp": b"no BOM",
        ".fake.json.abcdefgh.tmp": b"[]",
        "i.airmf.rmf-app-k2j3h4g5.tmp": b"",
        ".z.json.rmf-app-abcd123.tmp": b"",
        ".w.json.rmf-app-abcd1234.tmp.bak": b"",
        ".v.json.rmf-app-ABCD1234.tmp": b"",
        "kept.airmf-journal": journal,
        "kept.airmf": sqlite_ours,
        "report.pdf": b"",
    }
    for name, data in ours.items():
        _plant(folder, name, data)
    fresh = folder / "fresh"
    fresh.mkdir()
    for name, data in young.items():
        _plant(fresh, name, data, age=60)
    for name, data in not_ours.items():
        _plant(folder, name, data)
    below = folder / "below"
    below.mkdir()
    _plant(below, ".deep.json.rmf-app-abcd1234.tmp")
    outside = folder.parent / f"{folder.name}-outside.json"
    outside.write_bytes(b"{}")
    (folder / ".s.json.rmf-app-abcd1234.tmp").symlink_to(outside)
    os.utime(folder / ".s.json.rmf-app-abcd1234.tmp", (0, 0), follow_symlinks=False)
    (folder / ".d.json.rmf-app-abcd1234.tmp").mkdir()
    os.mkfifo(folder / ".f.json.rmf-app-abcd1234.tmp")
    os.utime(folder / ".f.json.rmf-app-abcd1234.tmp", (0, 0))
    stay = set(not_ours) | {
        "fresh",
        "below",
        ".s.json.rmf-app-abcd1234.tmp",
        ".d.json.rmf-app-abcd1234.tmp",
        ".f.json.rmf-app-abcd1234.tmp",
    }
    return set(ours), stay


def test_the_next_run_removes_only_our_stale_leftovers(tmp_path, sources):
    """Before: leftovers of killed runs stayed forever (1.6 GB after 20 killed imports)."""
    demo, export = sources
    for what, args in {
        "export": ("export", demo, "-o", "{d}/e.json"),
        "import": ("import", export, "-o", "{d}/n.airmf", "--force"),
        "csv": ("export", demo, "-o", "{d}/t.csv"),
    }.items():
        folder = tmp_path / what
        folder.mkdir()
        gone, stay = _plant_leftovers(folder, demo)
        before = {n: (folder / n).lstat() for n in stay}
        res = rmf(*_fill(args, folder))
        assert res.returncode == 0, res.stderr
        assert f"Removed {len(gone)} leftover temporary files (" in res.stderr
        assert f"from an interrupted rmf-app import or export in {folder}." in res.stderr
        left = {p.name for p in folder.iterdir()}
        assert not (left & gone), what
        assert stay <= left, what
        for n in stay:
            assert (folder / n).lstat().st_mtime == before[n].st_mtime, n
        assert len(list((folder / "fresh").iterdir())) == len(gone)
        assert (folder / "below" / ".deep.json.rmf-app-abcd1234.tmp").exists()
        assert (tmp_path / f"{what}-outside.json").read_bytes() == b"{}"
        # nothing left to remove: nothing said
        res = rmf(*_fill(args, folder))
        assert res.returncode == 0 and "leftover" not in res.stderr, res.stderr


def test_the_gui_hears_of_removed_leftovers(tmp_path, sources):
    """The GUI's writers run in-process: a listener hears the same message."""
    from rmf_app.services.files import on_leftovers_removed, save_bytes

    demo, _export = sources
    heard: list[str] = []
    stop = on_leftovers_removed(heard.append)
    gone, _stay = _plant_leftovers(tmp_path, demo)
    try:
        save_bytes(tmp_path / "x.txt", b"x")
    finally:
        stop()
    assert heard == [
        f"Removed {len(gone)} leftover temporary files ({heard[0].split('(')[1].split(')')[0]}) "
        f"from an interrupted rmf-app import or export in {tmp_path}."
    ]


KILLED_IMPORT = textwrap.dedent(
    """
    import sys
    from rmf_app.services import interchange
    from rmf_app.storage import airmf

    real = airmf.AirmfFile.replace_log

    def stop_after_the_attachments(self, *args, **kwargs):
        print("attachments stored", flush=True)
        sys.stdin.read()  # killed here
        return real(self, *args, **kwargs)

    airmf.AirmfFile.replace_log = stop_after_the_attachments
    interchange.import_json(sys.argv[1], sys.argv[2], "killed")
    """
)


def test_a_killed_import_leaves_leftovers_the_next_run_removes(tmp_path, sources):
    """kill -9 in the middle of an import, the way the leftovers came about."""
    _demo, export = sources
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [PYTHON, "-c", KILLED_IMPORT, str(export), str(out / "i.airmf")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
    )
    try:
        assert proc.stdout.readline().strip() == "attachments stored"
        proc.kill()
    finally:
        proc.wait(timeout=30)
    leftovers = [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0
    res = rmf("import", export, "-o", out / "i.airmf")
    assert res.returncode == 0 and "leftover" not in res.stderr  # it may still be running
    for p in out.iterdir():
        if ".tmp" in p.name:
            os.utime(p, (time.time() - OLD,) * 2)
    res = rmf("import", export, "-o", out / "j.airmf")
    assert res.returncode == 0, res.stderr
    assert "Removed 1 leftover temporary file (" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["i.airmf", "j.airmf"]
