"""The bundled GenAI overlay against NIST AI 600-1's data in ../shared/reference (CI only).

The facts the overlay carries over (action ids, subcategories, risk tags, risk titles and
characteristics, actor tasks) must equal the reference extraction, and agree with the second,
independent extraction (``ai-600-1-1.0-actions.json``) once its PDF artefacts are normalised.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from rmf_app.storage.content import bundled_overlay

REF = Path(__file__).resolve().parents[1].parent / "shared" / "reference"

# The reference spells some characteristics differently from rmf-app's labels.
_CHARACTERISTIC = {
    "Privacy Enhanced": "Privacy-Enhanced",
    "Fair with Harmful Bias Managed": "Fair – with Harmful Bias Managed",
    "Interpretable and Explainable": "Explainable and Interpretable",
}

# Risk labels of the cross-check file that differ from the official titles (PDF variants).
_RISK_LABEL = {
    "CBRN Information and Capability": ["cbrn"],
    "Environmental": ["environmental-impacts"],
    "Human AI Configuration": ["human-ai-configuration"],
    "Harmful Bias and Homogenization": ["harmful-bias-homogenization"],
    "Human-AI Configuration, Dangerous, Violent, or Hateful Content": [
        "human-ai-configuration",
        "dangerous-violent-hateful-content",
    ],
    # Named once in the PDF (GV-1.4-002) but not one of the twelve risks: no id.
    "Civil Rights violations": [],
}


def _load(name: str):
    return json.loads((REF / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def ref():
    return _load("genai-profile.json")


@pytest.fixture(scope="module")
def ov():
    return bundled_overlay("genai")


def _clean(text: str) -> str:
    """Undo the cross-check file's PDF artefacts: ligatures, line breaks, split hyphens."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    text = re.sub(r"^AI Actors:\s*", "", text)
    text = text.replace("End- Users", "End-Users")
    return "End-Users" if text == "End Users" else text


def _action_id(raw: str) -> str:
    """The cross-check file's one misprinted id, ``GV4.3--001``, is ``GV-4.3-001``."""
    m = re.fullmatch(r"([A-Z]{2})-?(\d\.\d{1,2})-+(\d{3})", raw.strip())
    assert m, raw
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def test_every_reference_action_appears_exactly_once(ov, ref):
    counts = Counter(a.id for a in ov.actions)
    ref_ids = [a["id"] for a in ref["actions"]]
    assert len(ref_ids) == ref["counts"]["actions"] == 212
    assert [i for i in ref_ids if counts[i] != 1] == []
    assert [a.id for a in ov.actions] == ref_ids  # nothing extra, same order


def test_actions_keep_their_subcategory_and_risks(ov, ref):
    ours = {a.id: a for a in ov.actions}
    wrong = [
        a["id"]
        for a in ref["actions"]
        if ours[a["id"]].subcategory != a["subcategory"] or ours[a["id"]].risks != a["risks"]
    ]
    assert wrong == []


def test_counts_match_the_reference(ov, ref):
    per_function = Counter(a.subcategory.split()[0] for a in ov.actions)
    assert per_function == ref["counts"]["actionsPerFunction"]
    assert len(ov.subcategories_with_actions()) == ref["counts"]["subcategoriesWithActions"]
    assert list(ov.subcategories_with_actions()) == [s["id"] for s in ref["subcategories"]]


def test_risks_carry_the_official_facts(ov, ref):
    assert len(ov.risks) == ref["counts"]["risks"]
    for ours, theirs in zip(ov.risks, ref["risks"], strict=True):
        assert (ours.id, ours.number, ours.title, ours.section) == (
            theirs["id"],
            theirs["number"],
            theirs["title"],
            theirs["section"],
        )
        expected = [_CHARACTERISTIC.get(c, c) for c in theirs["trustworthyCharacteristics"]]
        assert ours.characteristics == expected, ours.id


def test_actor_tasks_equal_the_reference(ov, ref):
    for theirs in ref["subcategories"]:
        expected = list(dict.fromkeys(_clean(t) for t in theirs["aiActorTasks"]))
        ours = ov.subcategory(theirs["id"])
        assert ours is not None and ours.actor_tasks == expected, theirs["id"]


def test_cross_check_extraction_agrees(ov):
    """The second extraction: same ids, subcategories, risk tags and actor tasks."""
    cross = _load("ai-600-1-1.0-actions.json")
    by_id = {_action_id(a["action_id"]): a for a in cross}
    assert len(by_id) == len(cross) == 212  # its misprinted GV4.3--001 becomes a unique id
    assert sorted(by_id) == sorted(a.id for a in ov.actions)
    titles = {r.title: [r.id] for r in ov.risks}
    for a in ov.actions:
        raw = by_id[a.id]
        assert raw["subcategory_id"] == a.subcategory, a.id
        labels = [_clean(x) for x in raw["gai_risks"]]
        tagged = [rid for label in labels for rid in {**titles, **_RISK_LABEL}[label]]
        assert tagged == a.risks, a.id
        tasks = list(dict.fromkeys(_clean(t) for t in raw["ai_actor_tasks"]))
        ours = ov.subcategory(a.subcategory)
        assert ours is not None and ours.actor_tasks == tasks, a.id


def test_normalising_the_cross_check_file():
    assert _action_id("GV4.3--001") == "GV-4.3-001"
    assert _action_id("MS-2.10-003") == "MS-2.10-003"
    assert _clean("A\ufb00ected Individuals and Communities") == (
        "Affected Individuals and Communities"
    )
    assert _clean("Operation and\nMonitoring") == "Operation and Monitoring"
    assert _clean("End Users") == _clean("End- Users") == "End-Users"
    assert _clean("AI Actors: AI Design") == "AI Design"
