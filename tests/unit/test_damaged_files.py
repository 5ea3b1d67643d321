"""Damaged files give one clear line, never a traceback (issue #12 points 8 and 11).

The reproductions from the issue: text that is not UTF-8 in a stored document, nesting deep
enough to exhaust the stack, a number too long for Python's int, a damaged schema whose names
make ``PRAGMA quick_check`` report bytes that are not UTF-8 — and files switched to WAL mode,
which must not get ``-wal``/``-shm`` files created beside them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from rmf_app import cli
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession
from rmf_app.storage import stored_json
from rmf_app.storage.errors import StorageError
from tests.conftest import PYTHON, run_cli_env


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("demo") / "demo.airmf")


@pytest.fixture
def damaged(tmp_path, demo_master):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "F.airmf"
    shutil.copyfile(demo_master, path)
    return path


def _sql(path, statement: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute(statement)
    finally:
        con.close()


def _flip_schema_name(path, record: bytes, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[data.index(record) + offset] ^= 0x80
    path.write_bytes(bytes(data))


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


REPRODUCTIONS = {
    "utf8": (
        lambda p: _sql(p, "UPDATE docs SET data=CAST(CAST(data AS BLOB)||x'ff' AS TEXT)"),
        ["the profile and settings", "UTF-8"],
    ),
    "deep": (
        lambda p: _sql(p, "UPDATE docs SET data=printf('%.*c',100000,'[')"),
        ["the profile and settings", "nests deeper"],
    ),
    "digits": (
        lambda p: _sql(
            p,
            "UPDATE responses SET data='{\"current\":'||printf('%.*c',5000,'9')||'}' "
            "WHERE subcategory_id='GOVERN 1.1'",
        ),
        ["the answers of GOVERN 1.1", "number"],
    ),
    "quick_check-name": (
        lambda p: _flip_schema_name(p, b"tabledocsdocs", 5),
        ["damaged"],
    ),
    "quick_check-table": (
        lambda p: _flip_schema_name(p, b"tabledocsdocs", 9),
        ["damaged"],
    ),
}


@pytest.mark.parametrize("case", sorted(REPRODUCTIONS))
@pytest.mark.parametrize("command", ["info", "validate", "export"])
def test_damaged_file_gives_one_clear_line(damaged, capsys, case, command):
    damage, words = REPRODUCTIONS[case]
    damage(damaged)
    before = _sha(damaged)
    args = [command, str(damaged)]
    if command == "export":
        args += ["-o", str(damaged.parent / "out.json")]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("rmf-app: error: F.airmf") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err
    assert _sha(damaged) == before
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["F.airmf"]


@pytest.mark.parametrize("case", sorted(REPRODUCTIONS))
def test_damaged_file_refused_by_a_writable_open(damaged, case):
    damage, words = REPRODUCTIONS[case]
    damage(damaged)
    before = _sha(damaged)
    with pytest.raises(StorageError) as ei:
        AssessmentSession.open(damaged)
    for word in words:
        assert word in str(ei.value)
    assert _sha(damaged) == before
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["F.airmf"]


def test_damaged_change_history_is_shown_as_far_as_it_can_be_read(damaged, capsys):
    """Text in the change history that is not UTF-8 does not stop an export: it is written
    with replacement characters (the assessment itself is checked strictly)."""
    _sql(damaged, "UPDATE history SET who=CAST(x'ff41' AS TEXT)")
    out = damaged.parent / "out.json"
    assert cli.main(["export", str(damaged), "-o", str(out)]) == 0, capsys.readouterr().err
    assert '"who": "\ufffdA"' in out.read_text("utf-8")


# -- WAL mode (point 11) -----------------------------------------------------------------------


@pytest.fixture
def wal_file(damaged):
    con = sqlite3.connect(damaged)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    con.close()
    assert damaged.read_bytes()[18:20] == b"\x02\x02"
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["F.airmf"]
    return damaged


@pytest.mark.parametrize("command", ["info", "validate", "export"])
def test_wal_file_is_refused_and_nothing_is_created_beside_it(wal_file, capsys, command):
    before = _sha(wal_file)
    args = [command, str(wal_file)]
    if command == "export":
        args += ["-o", str(wal_file.parent / "out.csv")]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("rmf-app: error: F.airmf") and "WAL" in err and err.count("\n") == 1
    assert sorted(p.name for p in wal_file.parent.iterdir()) == ["F.airmf"]
    assert _sha(wal_file) == before


@pytest.mark.parametrize("read_only", [False, True])
def test_wal_file_refused_by_the_session(wal_file, read_only):
    with pytest.raises(StorageError, match="WAL"):
        AssessmentSession.open(wal_file, read_only=read_only)
    assert sorted(p.name for p in wal_file.parent.iterdir()) == ["F.airmf"]


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX")
def test_a_pipe_is_not_opened(tmp_path):
    """A FIFO named like an assessment is refused at once instead of blocking on its read
    (run in a process of its own, so a regression fails instead of hanging)."""
    fifo = tmp_path / "pipe.airmf"
    os.mkfifo(fifo)
    res = subprocess.run(
        [PYTHON, "-m", "rmf_app", "info", str(fifo)],
        capture_output=True,
        text=True,
        env=run_cli_env(),
        timeout=60,
    )
    assert res.returncode == 1
    assert res.stderr.startswith("rmf-app: error: pipe.airmf is not a regular file")


# -- reading stored JSON within limits -----------------------------------------------------------


def test_stored_json_within_limits_is_read():
    deep = "[" * stored_json.MAX_DEPTH + "]" * stored_json.MAX_DEPTH
    assert stored_json.loads(deep) is not None
    assert stored_json.loads(b'{"a": [1, 2.5, "[[[[", null, true]}') == {
        "a": [1, 2.5, "[[[[", None, True]
    }
    assert stored_json.loads('{"n": -' + "9" * 30 + "}")["n"] == -int("9" * 30)


@pytest.mark.parametrize(
    "raw, words",
    [
        ("[" * (stored_json.MAX_DEPTH + 1) + "]" * (stored_json.MAX_DEPTH + 1), "nests deeper"),
        ("[" * 200_000, "nests deeper"),
        ('{"x": ' + "7" * 5000 + "}", "number"),
        ('{"x": 1e999}', "out of range"),
        ("[NaN]", "not a JSON number"),
        ("[-Infinity]", "not a JSON number"),
        (b"\xff{}", "not valid UTF-8"),
        ('{"x": 1', "not valid JSON"),
        ('"unterminated', "not valid JSON"),
    ],
)
def test_stored_json_beyond_limits_is_refused(raw, words):
    with pytest.raises(stored_json.StoredJsonError, match=words):
        stored_json.loads(raw)
