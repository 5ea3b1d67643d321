"""One spelling throughout: US English, as NIST writes (issue #18, point 15).

Every string of the app (the GUI's, the report's, the command line's) and the bundled content
is checked for British spellings. Identifiers stay as they are (``profile.organisation`` is a
field of the file format, ``--organisation`` an option): only text a reader sees is checked.
"""

from __future__ import annotations

import io
import json
import re
import tokenize

from tests.conftest import ROOT

UK = re.compile(
    r"\b(organis(e|ed|es|ing|ation|ations|ational)|finalis(e|ed|es|ing)|colours?|coloured|"
    r"behaviours?|licences?|labell(ed|ing)|normalis(e|ed|es)|prioritis(e|ed)|minimis(e|ed)|"
    r"summaris(e|ed|es)|recognis(e|ed)|analys(e|ed|ing)|centre|favour|catalogues?|judgement|"
    r"artefacts?|modelling|grey|greyscale)\b",
    re.IGNORECASE,
)


def _prose(body: str) -> str:
    """A string literal's text a reader sees: without {placeholders}; nothing for a key."""
    inner = re.sub(r"^[rbuRBUfF]*('''|\"\"\"|'|\")", "", body).rstrip("'\"")
    if re.fullmatch(r"[a-z_]+", inner) or inner.startswith("--"):
        return ""
    # a mnemonic's "&" splits a word ("Fi&nalise…"): read it as the user does ("&&" is "&")
    inner = inner.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return re.sub(r"\{[^{}]*\}", "", inner)


def test_a_mnemonic_inside_a_word_does_not_hide_it():
    """Every British word of the list, with a mnemonic "&" before each of its letters."""
    for word in ("Finalise", "organisation", "colour", "behaviour", "licence", "summarised"):
        assert UK.search(_prose(f'"{word}…"')), word
        for i in range(len(word)):
            text = f'self.tr("{word[:i]}&{word[i:]}…")'
            literal = text[text.index('"') : text.rindex('"') + 1]
            assert UK.search(_prose(literal)), literal
    assert UK.search(_prose('"R&&D &organisation"'))
    assert not UK.search(_prose('"Fi&nalize…"'))


def test_the_app_speaks_us_english():
    found = []
    for py in sorted((ROOT / "rmf_app").rglob("*.py")):
        src = py.read_text("utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type == tokenize.STRING:
                m = UK.search(_prose(tok.string))
                if m:
                    found.append(f"{py.relative_to(ROOT)}:{tok.start[0]}: {m.group(0)}")
    assert found == []


DEMOS = sorted((ROOT / "rmf_app" / "services").glob("demo*.json"))


def test_the_bundled_content_and_demos_speak_us_english():
    found = []
    def walk(node, where):
        if isinstance(node, str):
            m = UK.search(node)
            if m and "citation" not in where and "url" not in where:
                found.append(f"{where}: {m.group(0)}")
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    files = [*sorted((ROOT / "playbook_data").rglob("*.json")), *DEMOS]
    for path in files:
        walk(json.loads(path.read_text("utf-8")), path.name)
    assert found == []
