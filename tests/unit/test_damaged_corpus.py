"""A generated corpus of damaged files through every reading command (issue #12 tests).

Over 300 damaged copies of the demo (see tests/damaged_files.py) go through ``info``,
``validate`` and ``export`` (in-process, plus a few as real processes) and a writable open of
the session. For each: no traceback (exit 0, or exit 1 with one ``rmf-app: error:`` line), no
hang, the file unchanged and nothing left beside it; and no damage goes unnoticed — whatever
opens holds exactly the demo's content, and ``validate`` passes only when the attached files
are intact too.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmf_app import cli
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.errors import StorageError
from tests import damaged_files
from tests.conftest import PYTHON, run_cli_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the hang guard uses SIGALRM"),
]

#: seconds one damaged file may take through all commands before it counts as a hang
HANG_SECONDS = 30


class Hang(Exception):
    pass


@contextlib.contextmanager
def _hang_guard() -> Iterator[None]:
    def alarm(_signum, _frame):
        raise Hang()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.airmf")
    with AirmfFile.open(path, read_only=True) as f:
        assessment = f.load()
        files = {
            e.attachment.sha256: b"".join(f.iter_attachment(e.attachment.sha256))
            for e in assessment.evidence
            if e.attachment
        }
    return path, assessment, files


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    return code, capsys.readouterr().err


def _check(case, demo, work: Path, capsys) -> list[str]:
    """Every reading command and the session's open on one damaged copy; what went wrong."""
    source, original, files = demo
    path = damaged_files.make(case, source, work)
    before = _sha(path)
    out = path.parent / "out.json"
    problems = []
    codes = {}
    migrated = False
    for args in (
        ("info", str(path)),
        ("validate", str(path)),
        ("export", str(path), "-o", str(out)),
    ):
        code, err = _run(capsys, *args)
        codes[args[0]] = code
        if "Traceback" in err or code not in (0, 1):
            problems.append(f"{args[0]}: exit {code}: {err[:300]}")
        elif code == 1 and (not err.startswith("rmf-app: error: ") or err.count("\n") != 1):
            problems.append(f"{args[0]}: not one error line: {err[:300]}")
    out.unlink(missing_ok=True)
    try:
        with AssessmentSession.open(path) as s:
            migrated = s.store.migrated_from is not None
            if s.assessment != original:
                problems.append("opened with content that differs from what was stored")
    except StorageError:
        pass
    if codes["validate"] == 0:
        with AirmfFile.open(path, read_only=True) as f:
            got = {sha: b"".join(f.iter_attachment(sha)) for sha in files}
        if got != files:
            problems.append("validate passed damaged attached files")
    if case.documents:
        code, err = _run(capsys, "validate", str(path))
        missing = [d for d in case.documents if d not in err]
        if code != 1 or missing:
            problems.append(f"damaged documents not named: {missing or err[:200]}")
    left = sorted(p.name for p in path.parent.iterdir())
    if not migrated:
        if _sha(path) != before:
            problems.append("the file was changed")
        if left != ["damaged.airmf"]:
            problems.append(f"left beside it: {left}")
    return [f"{case.name}: {p}" for p in problems]


def _corpus(demo, kinds: set[str]) -> list[damaged_files.Case]:
    return [c for c in damaged_files.all_cases(demo[0].read_bytes()) if c.kind in kinds]


def _check_all(cases, demo, tmp_path, capsys) -> list[str]:
    problems = []
    for case in cases:
        try:
            with _hang_guard():
                problems += _check(case, demo, tmp_path, capsys)
        except Hang:
            problems.append(f"{case.name}: no answer within {HANG_SECONDS} s")
    return problems


def test_corpus_is_large_enough(demo):
    cases = damaged_files.all_cases(demo[0].read_bytes())
    assert len(cases) >= 300
    assert {c.kind for c in cases} == {"header", "schema", "data", "cut", "json", "content"}
    assert len({c.name for c in cases}) == len(cases)


def test_header_flips_and_cuts(demo, tmp_path, capsys):
    assert _check_all(_corpus(demo, {"header", "cut"}), demo, tmp_path, capsys) == []


def test_schema_and_data_page_flips(demo, tmp_path, capsys):
    assert _check_all(_corpus(demo, {"schema", "data"}), demo, tmp_path, capsys) == []


def test_stored_json_damage_and_changed_documents(demo, tmp_path, capsys):
    cases = _corpus(demo, {"json", "content"})
    assert _check_all(cases, demo, tmp_path, capsys) == []


def test_a_sample_through_real_processes(demo, tmp_path):
    """As a user runs it: a separate process, its exit code and stderr, with a time limit."""
    cases = random.Random(3).sample(damaged_files.all_cases(demo[0].read_bytes()), 6)
    for case in cases:
        path = damaged_files.make(case, demo[0], tmp_path)
        before = _sha(path)
        for command in ("info", "validate"):
            res = subprocess.run(
                [PYTHON, "-m", "rmf_app", command, str(path)],
                capture_output=True,
                text=True,
                env=run_cli_env(),
                timeout=60,
            )
            assert res.returncode in (0, 1), (case.name, res.stderr)
            assert "Traceback" not in res.stderr, (case.name, res.stderr)
            if res.returncode == 1:
                assert res.stderr.startswith("rmf-app: error: ") and res.stderr.count("\n") == 1
        assert _sha(path) == before
        assert sorted(p.name for p in path.parent.iterdir()) == ["damaged.airmf"]
