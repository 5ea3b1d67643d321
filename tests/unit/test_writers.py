"""Every writer of a user's file under faults: a file open elsewhere, planted lock paths,
a full disk, leftovers of killed runs, file modes (issue #12, points 4, 10, 13, 14)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
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
