"""Hostile JSON for ``rmf-app import`` and ``rmf-app playbook import``: never a traceback.

Every input either imports (exit 0, a file that opens) or is refused with exit 1 and exactly
one ``rmf-app: error:`` line, leaving no output file (or content pack) behind. The inputs are
generated: arbitrary JSON, and valid files damaged at random places (keys dropped, values of
the wrong type, huge numbers, deep nesting, lone surrogates, long text).
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmf_app import cli
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession
from rmf_app.storage import interchange, official
from rmf_app.storage.airmf import AirmfFile
from tests.unit.official_fixture import entries

HOSTILE = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- generated values ------------------------------------------------------------------------

#: text of any code point, lone surrogates included (json.dumps writes them as \udXXX)
any_text = st.text(st.characters(codec=None, categories=None), max_size=20)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | any_text
    | st.sampled_from([10**50, -(10**40), 2**63, 2**64 + 1, 1e308, -0.0, "\ud800", "\udfff x"])
)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)


def _nested(depth: int, leaf: object = 1) -> object:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


def _deep(depth: int) -> str:
    """Stands for arrays nested ``depth`` deep (written into the bytes by :func:`_dump`, since
    Python itself cannot copy or write such a value)."""
    return f"__nested {depth} deep__"


#: stands for an integer of 5,000 digits (more than json.dumps will write)
HUGE = "__a number of 5,000 digits__"

#: what replaces a value at a random place of a valid file
replacements = st.one_of(
    any_json,
    st.just("x" * 30_000),
    st.just(HUGE),
    st.sampled_from([33, 200, 1000, 100_000]).map(_deep),
    st.integers(min_value=1, max_value=8).map(lambda n: int("9" * (n * 6))),
)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree (the root excluded)."""
    out = []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return out
    for key, item in items:
        out.append((*prefix, key))
        out.extend(_paths(item, (*prefix, key)))
    return out


def _mutate(data: object, path: tuple, action: str, value: object) -> object:
    data = copy.deepcopy(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "drop":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "rename":  # the key gains a lone surrogate
        if isinstance(parent, dict):
            parent[str(last) + "\ud83d"] = parent.pop(last)
        else:
            parent[last] = "\ud83d"
    return data


def mutations(base: object) -> st.SearchStrategy:
    paths = _paths(base)
    one = st.tuples(
        st.sampled_from(paths), st.sampled_from(["drop", "replace", "rename"]), replacements
    )
    return st.lists(one, min_size=1, max_size=3)


def _apply(base: object, changes: list) -> object:
    data = base
    for path, action, value in changes:
        try:
            data = _mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            pass
    return data


# -- running the command line ----------------------------------------------------------------


def _dump(data: object) -> bytes:
    raw = json.dumps(data, ensure_ascii=True).encode("ascii")
    raw = raw.replace(json.dumps(HUGE).encode(), b"9" * 5000)
    return re.sub(
        rb'"__nested (\d+) deep__"', lambda m: b"[" * int(m[1]) + b"0" + b"]" * int(m[1]), raw
    )


def _one_error_line(code: int, err: str) -> str:
    lines = err.splitlines()
    assert code == 1, err
    assert len(lines) == 1 and lines[0].startswith("rmf-app: error: "), err
    assert "Traceback" not in err
    return lines[0]


def _check_import(raw: bytes, capsys) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder, "in.json"), Path(folder, "out.airmf")
        src.write_bytes(raw)
        code = cli.main(["import", str(src), "-o", str(out)])
        captured = capsys.readouterr()
        if code == 0:
            assert captured.err == ""
            with AssessmentSession.open(out, read_only=True) as s:
                s.scores()
            with AirmfFile.open(out, read_only=True) as store:  # and it exports again
                interchange.export_json(store, Path(folder, "again.json"))
        else:
            _one_error_line(code, captured.err)
            assert sorted(os.listdir(folder)) == ["in.json"]  # no output, no temporary file


@pytest.fixture(scope="module")
def export_data(tmp_path_factory):
    """A JSON export of the demo, with attachments, history and a final revision."""
    folder = tmp_path_factory.mktemp("export")
    path = write_demo(folder / "demo.airmf")
    with AssessmentSession.open(path) as s:
        s.finalise()
        s.new_revision()
        interchange.export_json(s.store, folder / "demo.json")
    return json.loads((folder / "demo.json").read_text("utf-8"))


@pytest.mark.slow
@HOSTILE
@given(data=any_json)
def test_import_of_arbitrary_json_never_raises(data, capsys):
    _check_import(_dump(data), capsys)


@pytest.mark.slow
@HOSTILE
@given(data=st.data())
def test_import_of_a_damaged_export_never_raises(export_data, data, capsys):
    changes = data.draw(mutations(export_data))
    _check_import(_dump(_apply(export_data, changes)), capsys)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["assessment"]["risks"][0].update(likelihood=HUGE), "holds a number 5,000"),
        (lambda d: d["assessment"]["profile"].update(name="\ud800"), "lone surrogate"),
        (lambda d: d.update(history=[{"at": 1}]), "history #1: at: Input should be a valid string"),
        (lambda d: d["history"][0].update(old=["x"]), "history"),
        (lambda d: d["revisions"][0].update(revision=2**70), "revisions"),
        (lambda d: d["revisions"].append(d["revisions"][0]), "recorded twice"),
        (lambda d: d["revisions"][0].update(canonical="{}"), "does not match its fingerprint"),
        (lambda d: d["assessment"]["risks"][0].update(likelihood="3"), "risk R-001: likelihood"),
        (lambda d: d["assessment"]["risks"][0].update(likelihood=3.0), "risk R-001: likelihood"),
        (lambda d: d["assessment"].update(extensions={"x": _deep(40)}), "nested more than 32"),
        (lambda d: d.update(format_version=True), "no valid export format version"),
        (lambda d: d.update(attachments=[]), "attachments: Input should be a valid dict"),
    ],
)
def test_each_damage_is_named_in_one_line(export_data, change, message, capsys):
    data = copy.deepcopy(export_data)
    change(data)
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder, "in.json"), Path(folder, "out.airmf")
        src.write_bytes(_dump(data))
        line = _one_error_line(
            cli.main(["import", str(src), "-o", str(out)]), capsys.readouterr().err
        )
        assert message in line
        assert sorted(os.listdir(folder)) == ["in.json"]


def test_an_undamaged_export_still_imports(export_data, capsys):
    _check_import(_dump(export_data), capsys)


# -- playbook import -------------------------------------------------------------------------


def _check_playbook_import(raw: bytes, capsys, monkeypatch) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder, "data")
        monkeypatch.setenv("RMF_APP_DATA_DIR", str(data_dir))
        src = Path(folder, "playbook.json")
        src.write_bytes(raw)
        code = cli.main(["playbook", "import", str(src)])
        captured = capsys.readouterr()
        if code == 0:
            assert captured.err == ""
            assert official.current_official() is not None
        else:
            _one_error_line(code, captured.err)
            assert not data_dir.exists() or not any(data_dir.rglob("*.json"))


@pytest.mark.slow
@HOSTILE
@given(data=any_json)
def test_playbook_import_of_arbitrary_json_never_raises(data, capsys, monkeypatch):
    _check_playbook_import(_dump(data), capsys, monkeypatch)


@pytest.mark.slow
@HOSTILE
@given(data=st.data())
def test_playbook_import_of_a_damaged_export_never_raises(data, capsys, monkeypatch):
    base = entries()
    changes = data.draw(mutations(base))
    _check_playbook_import(_dump(_apply(base, changes)), capsys, monkeypatch)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", [["import"], ["playbook", "import"]])
def test_a_named_pipe_is_refused_not_waited_for(tmp_path, command, capsys, monkeypatch):
    from tests.special_files import FifoWriter

    monkeypatch.setenv("RMF_APP_DATA_DIR", str(tmp_path / "data"))
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    writer = FifoWriter(fifo)  # the old blocking open read an empty file instead of hanging
    try:
        args = [*command, str(fifo)] + (
            ["-o", str(tmp_path / "o.airmf")] if command == ["import"] else []
        )
        line = _one_error_line(cli.main(args), capsys.readouterr().err)
    finally:
        writer.finish()
    assert "export.json is a named pipe (FIFO), not a regular file" in line
    assert not (tmp_path / "o.airmf").exists()
