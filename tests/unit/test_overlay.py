"""The bundled GenAI Profile overlay: complete, well-formed, and refused loudly when damaged."""

from __future__ import annotations

import copy
import json
import re
import sys
from collections import Counter

import pytest

from rmf_app.domain import framework
from rmf_app.domain.labels import AI_ACTORS, CHARACTERISTICS
from rmf_app.domain.overlay import ACTION_ID_RE, Overlay
from rmf_app.services import content as services_content
from rmf_app.storage import content
from rmf_app.storage.content import ContentError, bundled_overlay, overlay_from_parts

BASE = "overlays/genai"

RISK_IDS = [
    "cbrn",
    "confabulation",
    "dangerous-violent-hateful-content",
    "data-privacy",
    "environmental-impacts",
    "harmful-bias-homogenization",
    "human-ai-configuration",
    "information-integrity",
    "information-security",
    "intellectual-property",
    "obscene-degrading-abusive-content",
    "value-chain-component-integration",
]

#: The core subcategories NIST AI 600-1 gives no action for (facts from the profile).
WITHOUT_ACTIONS = [
    "GOVERN 2.2",
    "GOVERN 2.3",
    "GOVERN 3.1",
    "GOVERN 5.2",
    "MAP 1.3",
    "MAP 1.4",
    "MAP 1.5",
    "MAP 1.6",
    "MAP 3.1",
    "MAP 3.2",
    "MAP 3.3",
    "MAP 3.5",
    "MAP 4.2",
    "MEASURE 1.2",
    "MEASURE 2.1",
    "MEASURE 2.4",
    "MEASURE 3.1",
    "MEASURE 4.1",
    "MEASURE 4.3",
    "MANAGE 1.1",
    "MANAGE 1.2",
    "MANAGE 1.4",
    "MANAGE 2.1",
]


def _raw():
    """The overlay's header and its four action files, as plain data."""
    head = content._read_json(f"{BASE}/overlay.json")
    parts = [content._read_json(f"{BASE}/{n}") for n in content.FUNCTION_FILES]
    return head, parts


def _words(text: str) -> int:
    return len(text.split())


@pytest.fixture(scope="module")
def ov() -> Overlay:
    return bundled_overlay("genai")


# -- the content ------------------------------------------------------------------------------


def test_overlay_is_listed_and_loads_through_services(ov):
    assert services_content.available_overlays() == ("genai",)
    assert services_content.overlay("genai") is ov  # validated once per process
    assert ov.id == "genai" and ov.source.document == "NIST AI 600-1"
    assert "without changing" in ov.summary


def test_212_actions_with_unique_well_formed_ids(ov):
    ids = [a.id for a in ov.actions]
    assert len(ids) == 212 and len(set(ids)) == 212
    assert all(ACTION_ID_RE.match(i) for i in ids)
    per_function = Counter(framework.function_of(a.subcategory) for a in ov.actions)
    assert per_function == {"GOVERN": 58, "MAP": 39, "MEASURE": 72, "MANAGE": 43}
    for a in ov.actions:
        code, number = a.id.split("-")[:2]
        assert framework.FUNCTION_CODES[framework.function_of(a.subcategory)] == code, a.id
        assert a.subcategory.split(" ")[1] == number, a.id


def test_each_function_file_holds_its_own_actions():
    _, parts = _raw()
    for name, part in zip(content.FUNCTION_FILES, parts, strict=True):
        codes = {a["id"][:2] for a in part["actions"]}
        assert codes == {framework.FUNCTION_CODES[name.removesuffix(".json").upper()]}, name


def test_subcategories_with_and_without_actions(ov):
    assert len(ov.subcategories_with_actions()) == 49
    assert list(ov.subcategories_without_actions()) == WITHOUT_ACTIONS
    assert [s.id for s in ov.subcategories] == list(ov.subcategories_with_actions())
    for sid in framework.subcategory_ids():
        assert bool(ov.actions_for(sid)) == (sid not in WITHOUT_ACTIONS), sid
        assert (ov.subcategory(sid) is None) == (sid in WITHOUT_ACTIONS), sid
    assert [a.id for a in ov.actions_for("MEASURE 2.10")] == [
        "MS-2.10-001",
        "MS-2.10-002",
        "MS-2.10-003",
    ]
    assert sum(len(ov.actions_for(s)) for s in framework.subcategory_ids()) == 212


def test_twelve_risks_all_used(ov):
    assert [r.id for r in ov.risks] == RISK_IDS
    assert [r.number for r in ov.risks] == list(range(1, 13))
    assert [r.section for r in ov.risks] == [f"2.{n}" for n in range(1, 13)]
    for r in ov.risks:
        assert ov.risk(r.id) is r
        assert ov.actions_for_risk(r.id), r.id
        assert set(r.characteristics) <= set(CHARACTERISTICS), r.id
    assert ov.risk("confabulation").title == "Confabulation"
    assert {x for a in ov.actions for x in a.risks} == set(RISK_IDS)
    tagged = sum(len(ov.actions_for_risk(r)) for r in RISK_IDS)
    assert tagged == sum(len(a.risks) for a in ov.actions)
    with pytest.raises(KeyError):
        ov.risk("hallucination")


def test_actor_tasks_use_known_labels(ov):
    for s in ov.subcategories:
        assert s.actor_tasks and set(s.actor_tasks) <= set(AI_ACTORS), s.id
        assert len(set(s.actor_tasks)) == len(s.actor_tasks), s.id


def test_action_texts_within_word_limits(ov):
    problems = []
    for a in ov.actions:
        if not 5 <= _words(a.title) <= 16 or a.title.endswith((".", "!", "?")):
            problems.append(f"{a.id} title: {a.title!r}")
        if not 25 <= _words(a.how) <= 60:
            problems.append(f"{a.id} how: {_words(a.how)} words")
        if not 8 <= _words(a.evidence) <= 30:
            problems.append(f"{a.id} evidence: {_words(a.evidence)} words")
        if not a.title[0].isupper():
            problems.append(f"{a.id} title starts in lower case")
    assert problems == []


def test_risk_texts_within_word_limits(ov):
    problems = []
    for r in ov.risks:
        for field, low, high in (
            ("summary", 20, 45),
            ("in_product", 40, 90),
            ("register_title", 4, 10),
            ("register_description", 20, 50),
        ):
            n = _words(getattr(r, field))
            if not low <= n <= high:
                problems.append(f"{r.id} {field}: {n} words")
        if not 3 <= len(r.signals) <= 5:
            problems.append(f"{r.id}: {len(r.signals)} signals")
        for s in r.signals:
            if not 4 <= _words(s) <= 14 or s.endswith("."):
                problems.append(f"{r.id} signal: {s!r}")
    assert problems == []


def test_titles_are_distinct_within_a_subcategory(ov):
    for sid in ov.subcategories_with_actions():
        titles = [a.title.lower() for a in ov.actions_for(sid)]
        assert len(set(titles)) == len(titles), sid


def _all_text(ov: Overlay) -> list[tuple[str, str]]:
    out = [("summary", ov.summary)]
    for r in ov.risks:
        out += [(r.id, t) for t in (r.summary, r.in_product, r.register_title)]
        out += [(r.id, r.register_description), *((r.id, s) for s in r.signals)]
    for a in ov.actions:
        out += [(a.id, a.title), (a.id, a.how), (a.id, a.evidence)]
    return out


# British spellings our US-English text must not use (whole words, stems of common forms).
_BRITISH = re.compile(
    r"\b(organis\w*|prioritis\w*|behaviour\w*|colour\w*|favour\w*|labell\w*|modell\w*|"
    r"analys(e|ed|ing)|minimis\w*|recognis\w*|summaris\w*|categoris\w*|authoris\w*|"
    r"standardis\w*|anonymis\w*|optimis\w*|centre\w*|licence\w*|defence|catalogue\w*|"
    r"judgement\w*|programme\w*|utilis\w*|emphasis(e|es|ed|ing))\b",
    re.IGNORECASE,
)


def test_text_uses_us_spelling(ov):
    found = [(where, m.group(0)) for where, t in _all_text(ov) for m in _BRITISH.finditer(t)]
    assert found == []


def test_no_doubled_words_or_stray_spacing(ov):
    problems = []
    for where, t in _all_text(ov):
        if re.search(r"\b(\w+) \1\b", t, re.IGNORECASE) or "  " in t or t != t.strip():
            problems.append((where, t))
        if re.search(r"\betc\b", t):
            problems.append((where, "etc."))
    assert problems == []


def test_files_are_written_in_the_project_format():
    from importlib import resources

    root = resources.files("playbook_data").joinpath("overlays").joinpath("genai")
    for name in ("overlay.json", *content.FUNCTION_FILES):
        text = root.joinpath(name).read_text("utf-8")
        assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n", name


# -- damage -----------------------------------------------------------------------------------


def _refused(head, parts) -> str:
    with pytest.raises(ContentError) as ei:
        overlay_from_parts(head, parts)
    message = str(ei.value)
    assert message.startswith("invalid overlay content (genai): ")
    return message


def _damaged(fn):
    head, parts = _raw()
    head, parts = copy.deepcopy(head), copy.deepcopy(parts)
    fn(head, parts)
    return head, parts


def _action(parts, action_id):
    return next(a for p in parts for a in p["actions"] if a["id"] == action_id)


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda h, p: _action(p, "GV-1.1-001").__setitem__("title", " "), "GV-1.1-001: title"),
        (lambda h, p: _action(p, "MP-2.1-002").pop("evidence"), "MP-2.1-002: evidence"),
        (lambda h, p: _action(p, "MS-2.10-001").__setitem__("risks", []), "MS-2.10-001: risks"),
        (
            lambda h, p: _action(p, "MG-4.3-001").__setitem__("owner", "x"),
            "MG-4.3-001: owner: Extra inputs are not permitted",
        ),
        (
            lambda h, p: _action(p, "GV-1.1-001").__setitem__("id", "GV-1.1-1"),
            "GV-1.1-1: id: 'GV-1.1-1' is not an action id",
        ),
        (
            lambda h, p: _action(p, "GV-1.1-001").__setitem__("id", "GV4.3--001"),
            "GV4.3--001: id",
        ),
        (
            lambda h, p: _action(p, "GV-1.2-001").__setitem__("subcategory", "GOVERN 1.3"),
            "GV-1.2-001: subcategory: 'GOVERN 1.3' does not match action id GV-1.2-001",
        ),
        (
            lambda h, p: _action(p, "MS-2.2-001").__setitem__("subcategory", "MANAGE 2.2"),
            "MS-2.2-001: subcategory",
        ),
        (
            lambda h, p: _action(p, "MS-2.2-001").__setitem__("subcategory", "MEASURE 9.9"),
            "MS-2.2-001: subcategory: 'MEASURE 9.9' is not a subcategory",
        ),
        (
            lambda h, p: _action(p, "MP-1.1-001").__setitem__("risks", ["hallucination"]),
            "MP-1.1-001: risks: 'hallucination' is not a risk of this overlay",
        ),
        (
            lambda h, p: _action(p, "MP-1.1-001").__setitem__("risks", ["cbrn", "cbrn"]),
            "MP-1.1-001: risks: duplicate risk id(s): 'cbrn'",
        ),
        (
            lambda h, p: p[0]["actions"].insert(1, dict(p[0]["actions"][0])),
            "duplicate action id(s): 'GV-1.1-001'",
        ),
        (
            lambda h, p: p[2]["actions"].insert(0, p[2]["actions"].pop(5)),
            "out of order (listed after",
        ),
        (
            lambda h, p: h["subcategories"][0].__setitem__("actor_tasks", ["Fairness and Bias"]),
            "GOVERN 1.1: actor_tasks: unknown AI actor label(s): 'Fairness and Bias'",
        ),
        (
            lambda h, p: h["subcategories"].insert(0, h["subcategories"].pop(3)),
            "out of framework order",
        ),
        (
            lambda h, p: h["subcategories"].pop(0),
            "GV-1.1-001: subcategory: GOVERN 1.1 is missing from the overlay's subcategory list",
        ),
        (
            lambda h, p: h["subcategories"].insert(
                [s["id"] for s in h["subcategories"]].index("GOVERN 2.1") + 1,
                {"id": "GOVERN 2.2", "actor_tasks": ["AI Design"]},
            ),
            "GOVERN 2.2: listed as addressed by the overlay but has no action",
        ),
        (
            lambda h, p: h["risks"][1]["characteristics"].append("Fast"),
            "confabulation: characteristics: unknown trustworthiness characteristic",
        ),
        (
            lambda h, p: h["risks"][4].__setitem__("number", 7),
            "environmental-impacts: number: is 7, expected 5",
        ),
        (lambda h, p: h["risks"][2].__setitem__("in_product", ""), "content: in_product"),
        (
            lambda h, p: [
                a["risks"].remove("cbrn") for q in p for a in q["actions"] if "cbrn" in a["risks"]
            ],
            "risk(s) no action is tagged with: cbrn",
        ),
        (lambda h, p: h.__setitem__("summary", "\n"), "summary: String should have at least"),
        (lambda h, p: h["source"].__setitem__("published", "July 2024"), "source.published"),
    ],
)
def test_damaged_overlay_is_refused_naming_entry_and_field(damage, expected):
    assert expected in _refused(*_damaged(damage))


def _generated_damage():
    """Every field of every entry, blanked, dropped or given a stray sibling."""
    head, parts = _raw()
    entries = [("risks", i, r) for i, r in enumerate(head["risks"])]
    entries += [("subcategories", i, s) for i, s in enumerate(head["subcategories"])]
    entries += [
        ("actions", (pi, i), a) for pi, p in enumerate(parts) for i, a in enumerate(p["actions"])
    ]
    for where, index, entry in entries:
        for field, value in entry.items():
            if field == "id":
                continue
            blank = {str: "  ", list: [], int: "none"}[type(value)]
            yield where, index, entry["id"], field, "blank", blank
            yield where, index, entry["id"], field, "drop", None


def test_generated_damage_to_any_field_names_entry_and_field():
    head, parts = _raw()
    checked = 0
    for where, index, ident, field, kind, value in _generated_damage():
        h, p = dict(head), list(parts)
        if where == "actions":
            pi, i = index
            actions = list(p[pi]["actions"])
            entry = dict(actions[i])
            actions[i] = entry
            p[pi] = {"actions": actions}
        else:
            items = list(h[where])
            entry = dict(items[index])
            items[index] = entry
            h[where] = items
        if kind == "drop":
            del entry[field]
        else:
            entry[field] = value
        message = _refused(h, p)
        assert f"{ident}: {field}" in message, (ident, field, kind, message)
        checked += 1
    assert checked > 2000


def test_damage_to_the_header_is_refused():
    head, parts = _raw()
    for field in ("id", "version", "title", "source", "summary", "risks", "subcategories"):
        h = dict(head)
        del h[field]
        with pytest.raises(ContentError, match=f"{field}: Field required"):
            overlay_from_parts(h, parts)
    with pytest.raises(ContentError, match="actions: List should have at least 1 item"):
        overlay_from_parts(head, [{"actions": []}] * 4)


# -- loading from a package -------------------------------------------------------------------


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """A copy of the bundled overlay in a throwaway package the loader reads instead."""
    head, parts = _raw()
    pkg = tmp_path / "fake_playbook_data"
    folder = pkg / "overlays" / "genai"
    folder.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (folder / "overlay.json").write_text(json.dumps(head), "utf-8")
    for name, part in zip(content.FUNCTION_FILES, parts, strict=True):
        (folder / name).write_text(json.dumps(part), "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(content, "BUNDLED_PACKAGE", "fake_playbook_data")
    content.bundled_overlay.cache_clear()
    content._package_root.cache_clear()  # each test's copy is in a folder of its own
    yield folder
    content.bundled_overlay.cache_clear()
    content._package_root.cache_clear()
    sys.modules.pop("fake_playbook_data", None)


def test_loader_reads_a_good_copy(fake_package):
    assert content.bundled_overlay_ids() == ("genai",)
    assert len(content.bundled_overlay("genai").actions) == 212


def test_missing_action_file_is_reported(fake_package):
    (fake_package / "measure.json").unlink()
    with pytest.raises(ContentError, match=r"overlays/genai/measure\.json is missing"):
        content.bundled_overlay("genai")


def test_action_file_that_is_not_json_is_reported(fake_package):
    (fake_package / "map.json").write_text('{"actions": [', "utf-8")
    with pytest.raises(ContentError, match=r"overlays/genai/map\.json is not valid JSON"):
        content.bundled_overlay("genai")


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b"\xff\xfe" + b,  # not UTF-8 (a UTF-16 mark)
        lambda b: b.replace(b'"', b"\xe9", 1),  # a Latin-1 byte inside the text
        lambda b: b"",
    ],
)
def test_damaged_action_file_bytes_are_reported_not_raised(fake_package, damage):
    path = fake_package / "govern.json"
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(ContentError, match=r"overlays/genai/govern\.json is not valid JSON"):
        content.bundled_overlay("genai")


def test_an_action_file_that_cannot_be_read_is_reported(fake_package):
    (fake_package / "manage.json").unlink()
    (fake_package / "manage.json").mkdir()  # a folder where the file should be
    with pytest.raises(ContentError, match=r"manage\.json cannot be read .*reinstall"):
        content.bundled_overlay("genai")


def test_action_file_without_an_actions_list_is_reported(fake_package):
    (fake_package / "manage.json").write_text('{"subcategories": []}', "utf-8")
    with pytest.raises(ContentError, match=r"manage\.json must hold an 'actions' list"):
        content.bundled_overlay("genai")


def test_overlay_whose_id_differs_from_its_folder_is_refused(fake_package):
    target = fake_package.parent / "sector"
    fake_package.rename(target)
    assert content.bundled_overlay_ids() == ("sector",)
    with pytest.raises(ContentError, match="id is 'genai', expected 'sector'"):
        content.bundled_overlay("sector")


def test_unknown_overlay_names_the_available_ones():
    with pytest.raises(ContentError, match=r"no bundled overlay 'sector' \(available: genai\)"):
        services_content.overlay("sector")
    with pytest.raises(ContentError, match="no bundled overlay"):
        services_content.overlay("../genai")


# -- room for more overlays -------------------------------------------------------------------


def test_a_small_sector_overlay_validates_with_the_same_model():
    sector = Overlay.model_validate(
        {
            "id": "health-sector",
            "version": "0.1",
            "title": "A sector profile",
            "source": {
                "document": "Example 1",
                "title": "An example profile",
                "published": "2025-01-01",
                "doi": "https://example.org/profile",
            },
            "summary": "Adds two actions for clinical settings.",
            "risks": [
                {
                    "id": "patient-harm",
                    "number": 1,
                    "title": "Patient harm",
                    "section": "3",
                    "summary": "Wrong advice reaches a patient.",
                    "in_product": "A triage assistant under-rates an emergency.",
                    "characteristics": ["Safe"],
                    "signals": ["Escalations overturned by a clinician"],
                    "register_title": "Triage advice harms a patient",
                    "register_description": "This system may under-rate an emergency.",
                }
            ],
            "subcategories": [{"id": "MEASURE 2.6", "actor_tasks": ["Domain Experts"]}],
            "actions": [
                {
                    "id": "MS-2.6-001",
                    "subcategory": "MEASURE 2.6",
                    "risks": ["patient-harm"],
                    "title": "Have clinicians review a sample of triage outcomes",
                    "how": "Each month, two clinicians re-triage fifty cases.",
                    "evidence": "The monthly review sheets.",
                }
            ],
        }
    )
    assert sector.subcategories_with_actions() == ("MEASURE 2.6",)
    assert len(sector.subcategories_without_actions()) == 71
    assert sector.actions_for("MEASURE 2.6")[0].serial == 1
