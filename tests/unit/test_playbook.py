"""The bundled playbook loads and validates; broken content fails loudly, naming id and field."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from rmf_app.domain import framework
from rmf_app.domain.labels import CHARACTERISTICS
from rmf_app.storage.content import (
    FUNCTION_FILES,
    ContentError,
    bundled_playbook,
    playbook_from_parts,
)


def _parts():
    pkg = resources.files("playbook_data")
    head = json.loads(pkg.joinpath("framework.json").read_text("utf-8"))
    return head, [json.loads(pkg.joinpath(n).read_text("utf-8")) for n in FUNCTION_FILES]


def test_framework_structure_counts():
    ids = framework.subcategory_ids()
    assert len(ids) == 72 and len(set(ids)) == 72
    assert len(framework.category_ids()) == 19
    per_fn = {fn: sum(1 for s in ids if s.startswith(fn + " ")) for fn in framework.FUNCTION_IDS}
    assert per_fn == {"GOVERN": 19, "MAP": 18, "MEASURE": 22, "MANAGE": 13}
    assert ids[0] == "GOVERN 1.1" and ids[-1] == "MANAGE 4.3"
    assert ids.index("MEASURE 2.2") < ids.index("MEASURE 2.10")


def test_bundled_playbook_is_complete():
    pb = bundled_playbook()
    assert [s.id for s in pb.subcategories] == list(framework.subcategory_ids())
    for s in pb.subcategories:
        assert 3 <= len(s.questions) <= 6, s.id
        assert 3 <= len(s.actions) <= 8, s.id
        assert 2 <= len(s.evidence) <= 5, s.id
        assert 60 <= len(s.why.split()) <= 200, s.id
        assert all(q.text.endswith("?") for q in s.questions), s.id
        assert s.actors and s.topics and s.characteristics and s.references, s.id
    assert len(pb.categories) == 19 and len(pb.functions) == 4


def test_question_ids_are_stable_and_unique():
    pb = bundled_playbook()
    ids = [q.id for s in pb.subcategories for q in s.questions]
    assert len(ids) == len(set(ids))
    assert pb.question_ids("MEASURE 2.10")[0] == "MS-2.10-Q1"


def _mutated(fn):
    head, parts = _parts()
    parts = copy.deepcopy(parts)
    fn(parts)
    return head, parts


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda p: p[0]["subcategories"].pop(3), "missing subcategory id(s): GOVERN 1.4"),
        (
            lambda p: p[0]["subcategories"].insert(1, p[0]["subcategories"][0]),
            "duplicate subcategory",
        ),
        (
            lambda p: p[2]["subcategories"].insert(4, p[2]["subcategories"].pop(12)),
            "out of framework order",
        ),
        (lambda p: p[1]["subcategories"][0].__setitem__("why", "  "), "MAP 1.1: why"),
        (lambda p: p[1]["subcategories"][1].pop("summary"), "MAP 1.2: summary"),
        (
            lambda p: p[0]["subcategories"][0]["questions"][0].__setitem__("text", "No mark."),
            "GOVERN 1.1",
        ),
        (
            lambda p: p[3]["subcategories"][0].__setitem__("actors", ["Fairness and Bias"]),
            "unknown AI actor label",
        ),
        (
            lambda p: p[3]["subcategories"][0].__setitem__("topics", ["Vibes"]),
            "unknown topic label",
        ),
        (
            lambda p: p[3]["subcategories"][0].__setitem__("characteristics", ["Fast"]),
            "unknown trustworthiness characteristic",
        ),
        (lambda p: p[3]["subcategories"][0].__setitem__("extra", 1), "MANAGE 1.1: extra"),
    ],
)
def test_broken_content_is_rejected_with_id_and_field(mutate, expected):
    head, parts = _mutated(mutate)
    with pytest.raises(ContentError) as ei:
        playbook_from_parts(head, parts)
    assert expected in str(ei.value)


def test_question_without_mark_names_question():
    head, parts = _mutated(
        lambda p: p[0]["subcategories"][0]["questions"][0].__setitem__("text", "No mark.")
    )
    with pytest.raises(ContentError, match=r"GV-1\.1-Q1 must end with '\?'"):
        playbook_from_parts(head, parts)


def test_bad_reference_url_rejected():
    head, parts = _mutated(
        lambda p: p[0]["subcategories"][0]["references"][0].__setitem__("url", "[URL] (https://x")
    )
    with pytest.raises(ContentError, match="well-formed"):
        playbook_from_parts(head, parts)


def test_characteristic_tags_follow_what_each_entry_is_about():
    """Rules a reader can check, so that characteristic coverage figures mean something."""
    pb = bundled_playbook()
    for sid in ("GOVERN 1.2", "MEASURE 4.2"):  # both are about all seven characteristics
        assert set(pb.subcategory(sid).characteristics) == set(CHARACTERISTICS), sid
    own = {  # each MEASURE 2.5-2.11 entry evaluates one characteristic
        "MEASURE 2.5": "Valid and Reliable",
        "MEASURE 2.6": "Safe",
        "MEASURE 2.7": "Secure and Resilient",
        "MEASURE 2.8": "Accountable and Transparent",
        "MEASURE 2.9": "Explainable and Interpretable",
        "MEASURE 2.10": "Privacy-Enhanced",
        "MEASURE 2.11": "Fair – with Harmful Bias Managed",
    }
    for sid, characteristic in own.items():
        assert characteristic in pb.subcategory(sid).characteristics, sid
    for characteristic in CHARACTERISTICS:
        tagged = [s.id for s in pb.subcategories if characteristic in s.characteristics]
        assert len(tagged) >= 8, (characteristic, tagged)


def test_each_cited_work_has_one_citation_text():
    """The same work is cited the same way everywhere: one text per link and one link per text."""
    pb = bundled_playbook()
    texts: dict[str, set[str]] = {}
    links: dict[str, set[str | None]] = {}
    for s in pb.subcategories:
        for r in s.references:
            links.setdefault(r.citation, set()).add(r.url)
            if r.url:
                texts.setdefault(r.url, set()).add(r.citation)
    assert {u: t for u, t in texts.items() if len(t) > 1} == {}
    assert {c: u for c, u in links.items() if len(u) > 1} == {}
