"""Import of NIST's official Playbook JSON as a versioned content pack (SPEC §2)."""

from __future__ import annotations

import hashlib
import itertools
import subprocess

import pytest

from rmf_app.domain import framework
from rmf_app.storage import official
from tests.conftest import PYTHON, run_cli_env
from tests.unit.official_fixture import entries, playbook_bytes


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "userdata"
    monkeypatch.setenv("RMF_APP_DATA_DIR", str(d))
    return d


@pytest.fixture
def src(tmp_path):
    p = tmp_path / "playbook.json"
    p.write_bytes(playbook_bytes())
    return p


def test_import_normalises_everything(src):
    pack, new = official.import_official(src)
    assert new and pack.version == "sha256-" + hashlib.sha256(src.read_bytes()).hexdigest()[:12]
    assert [e.id for e in pack.entries] == list(framework.subcategory_ids())  # framework order
    e = pack.entry("MEASURE 2.10")
    assert e.statement == "Outcome text for MEASURE 2.10."
    assert [(b.text, b.bullet, b.level) for b in e.actions] == [
        ("Some intro before the bullets.", False, 0),
        ("Do the first thing.", True, 0),
        ("Establish a thing without a space.", True, 0),
        ("Starred action, including:", True, 0),
        ("nested by four spaces", True, 1),
        ("nested by a tab", True, 1),
        ("nested deeper", True, 2),
    ]
    assert e.about[-1].text == "See MAP 3.4 and 3.5 for more."  # empty links become their label
    assert e.questions == ["Is question one answered?", "Is question two answered?"]
    assert [(r.citation, r.url) for r in e.transparency_resources] == [
        ("GAO-21-519SP: AI Accountability Framework.", "https://www.gao.gov/products/gao-21-519sp")
    ]
    refs = [(r.group, r.citation, r.url) for r in e.references]
    assert refs == [
        ("Group heading", "Author A. Paper one. Venue (2020).", "https://example.org/one"),
        (
            "Group heading",
            "Author B. Paper two with a parrot \U0001f99c.",
            "https://example.org/two",
        ),
        ("Group heading", "Author C. A bare link.", "https://example.org/three"),
    ]
    assert e.actors == ["TEVV", "AI Design"]  # duplicate removed, topic moved out
    assert e.topics == ["Governance", "Data", "Fairness and Bias"]
    assert pack.entry("MAP 1.1").actors == []
    assert official.current_official() == pack


def test_import_twice_is_idempotent(src):
    official.import_official(src)
    pack, new = official.import_official(src)
    assert not new and official.list_packs() == [pack.version]


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json", "not valid JSON"),
        (b"\xff\xd8\xff\xe0 binary", "not a text file"),
        (b'{"title": "GOVERN 1.1"}', "does not have the shape"),
        (playbook_bytes(entries()[:-3]), "lacks 3 subcategories"),
        (
            playbook_bytes([*entries(), {**entries()[0], "title": "GOVERN 7.1"}]),
            "unknown subcategory id",
        ),
        (playbook_bytes([*entries(), entries()[5]]), "appears twice"),
        (playbook_bytes([{**e, "AI Actors": 5} for e in entries()]), "is not a list of names"),
        (playbook_bytes([{**e, "Topic": "Data"} for e in entries()]), "is not a list of names"),
        (playbook_bytes([{**e, "Topic": [["Data"]]} for e in entries()]), "not a list of names"),
        (b"[" * 100_000 + b"]" * 100_000, "is nested more than 8 levels deep"),
        (b'[{"type": ' + b"[" * 20 + b"]" * 20 + b"}]", "is nested more than 8 levels deep"),
        (b"[" + b"9" * 5000 + b"]", "holds a number 5,000 characters long"),
        (
            playbook_bytes([{k: v for k, v in e.items() if k != "section_doc"} for e in entries()]),
            "lacks section_doc",
        ),
    ],
)
def test_bad_files_refused_earlier_pack_intact(src, tmp_path, data_dir, content, message):
    official.import_official(src)
    before = _snapshot(data_dir)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(official.PlaybookImportError) as ei:
        official.import_official(bad)
    assert message in str(ei.value) and "bad.json" in str(ei.value)
    assert _snapshot(data_dir) == before


def test_fifty_megabytes_of_junk_refused(tmp_path, data_dir):
    junk = tmp_path / "junk.json"
    with open(junk, "wb") as fh:
        fh.write(b"[" + b"0," * (25 * 1024 * 1024) + b"0]")
    with pytest.raises(official.PlaybookImportError, match="far larger"):
        official.import_official(junk)
    assert not data_dir.exists() or not any(data_dir.rglob("*.json"))


def _playbook_import(path, timeout=120):
    """``rmf-app playbook import`` in a child process: code that goes quadratic again fails
    by running out of time instead of holding up the whole suite."""
    return subprocess.run(
        [PYTHON, "-m", "rmf_app", "playbook", "import", str(path)],
        capture_output=True,
        text=True,
        env=run_cli_env(),
        timeout=timeout,
    )


def test_five_megabytes_of_brackets_in_a_field_refused_at_once(tmp_path, data_dir):
    """A 5 MB ``section_ref`` of ``[`` ran for hours (100 k characters took 111 s)."""
    items = entries()
    items[3]["section_ref"] = "[" * (5 << 20)
    bad = tmp_path / "brackets.json"
    bad.write_bytes(playbook_bytes(items))
    res = _playbook_import(bad)
    assert res.returncode == 1 and res.stdout == ""
    sid = items[3]["title"]
    assert res.stderr.splitlines() == [
        f"rmf-app: error: brackets.json: {sid} section_ref is 5,242,880 characters; the limit "
        "is 100,000 (the official export's longest is under 13,000). Check that you chose "
        "the right file."
    ]
    assert not data_dir.exists() or not any(data_dir.rglob("*.json"))


#: markdown that made the importer's text processing quadratic or worse, and more like it:
#: each token, and each pair of the ones that open something, repeated to the field limit
_TOKENS = ["[", "]", "(", ")", "](", "[x](", "**", "__", "http://", "\n", "\n\n", " ", "\t"]
_TOKENS += ["#", "###", "- ", "-", "*", "\n ", "\n-", "\n  x", "\ud800"]
_OPENERS = ["[", "(", "\n", "*", "http://x"]
PATHOLOGICAL = _TOKENS + [a + b for a, b in itertools.product(_OPENERS, repeat=2)]


@pytest.mark.slow
@pytest.mark.parametrize("field", ["section_about", "section_doc", "section_ref"])
def test_pathological_markdown_at_the_field_limit_is_read_in_linear_time(tmp_path, data_dir, field):
    """Each generated string fills one field of a different entry up to the limit; before
    the fix the whole file would have taken days."""
    limit = official.MAX_FIELD_CHARS
    items = entries()
    for item, pattern in zip(items, PATHOLOGICAL, strict=False):
        item[field] = (pattern * (limit // len(pattern) + 1))[:limit]
    continued = items[len(PATHOLOGICAL)]  # one bullet item continued over 12,000 lines
    continued[field] = "- first" + "\n  more" * 12_000
    src = tmp_path / "pathological.json"
    src.write_bytes(playbook_bytes(items))
    res = _playbook_import(src)
    assert res.returncode == 0, res.stderr
    pack = official.current_official()
    assert pack is not None and pack.source_sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    brackets = pack.entry(items[0]["title"])
    joined = pack.entry(continued["title"])
    if field == "section_ref":
        assert [(r.citation, r.url) for r in brackets.references] == [("[" * limit + ".", None)]
        assert len(joined.references) == 1
        assert joined.references[0].citation == "first" + "\n more" * 12_000 + "."
    elif field == "section_about":
        assert [b.text for b in brackets.about] == ["[" * limit]
        assert [(b.text, b.bullet) for b in joined.about] == [("first" + " more" * 12_000, True)]
    else:
        assert brackets.questions == ["[" * limit]
        assert joined.questions == ["first" + " more" * 12_000]


def test_markdown_links_keep_balanced_parentheses_in_their_url():
    refs = official.parse_references(
        "Report, June 2021. [URL](https://example.org/Final%20(1).pdf)\n\n"
        "Other. [URL](https://example.org/a(b)c(d).pdf)"
    )
    assert [(r.citation, r.url) for r in refs] == [
        ("Report, June 2021.", "https://example.org/Final%20(1).pdf"),
        ("Other.", "https://example.org/a(b)c(d).pdf"),
    ]


def test_cli_import_and_show_official(src, data_dir):
    env = run_cli_env()

    def rmf(*args):
        return subprocess.run(
            [PYTHON, "-m", "rmf_app", *map(str, args)], capture_output=True, text=True, env=env
        )

    res = rmf("playbook", "show", "GOVERN 1.1", "--official")
    assert res.returncode == 1 and "playbook import" in res.stderr
    res = rmf("playbook", "import", src)
    assert res.returncode == 0 and "72 subcategories" in res.stdout
    res = rmf("playbook", "show", "MEASURE 2.10", "--official")
    assert res.returncode == 0, res.stderr
    assert (
        "Outcome text for MEASURE 2.10." in res.stdout
        and "    - nested by four spaces" in res.stdout
    )
    assert "Is question one answered?" in res.stdout
    res = rmf("playbook", "packs")
    assert "(current)" in res.stdout
    bad = src.with_name("bad.json")
    bad.write_text("[]")
    res = rmf("playbook", "import", bad)
    assert (
        res.returncode == 1
        and "lacks 72 subcategories" in res.stderr
        and "Traceback" not in res.stderr
    )
