"""A synthetic NIST-Playbook-shaped export with every quirk the real one has (our own filler text).

Used by the importer tests so that they run everywhere; the real file is tested by
tests_shared/ in CI, where ../shared/reference is present.
"""

from __future__ import annotations

import json

from rmf_app.domain import framework


def entry(sid: str) -> dict:
    fn, num = sid.split(" ")
    cat = num.split(".")[0]
    return {
        "type": fn.title(),
        "title": sid,
        "category": f"{fn}-{cat}",
        "description": f"Outcome text for {sid}.  ",
        "section_about": (
            f"Intro paragraph for {sid}. \n \nIt lists:\n\n- first point\n* second point \n"
            "See [MAP 3.4]() and [3.5]() for more.\n"
        ),
        "section_actions": (
            "Some intro before the bullets.\n"
            "- Do the first thing.\n"
            "-Establish a thing without a space.\n"
            "* Starred action, including:\n"
            "    - nested by four spaces\n"
            "\t- nested by a tab\n"
            "        - nested deeper\n"
        ),
        "section_doc": (
            "### Organizations can document the following\n"
            "- Is question one answered? \n"
            "- Is question two answered?\n\n"
            "### AI Transparency Resources\n\n"
            "GAO-21-519SP: AI Accountability Framework. [URL](https://www.gao.gov/products/gao-21-519sp)\n"
        ),
        "section_ref": (
            "### Group heading\n\n"
            "Author A. Paper one. Venue (2020). [URL](https://example.org/one)\n \n"
            "Author B. Paper two with a parrot \ud83e\udd9c. [URL] (https://example.org/two)\n\n"
            "Author C. A bare link https://example.org/three\n"
        ),
        "AI Actors": ["TEVV", "AI Design", "AI Design", "Fairness and Bias"]
        if sid != "MAP 1.1"
        else [],
        "Topic": ["Governance", "Governance", "Data"],
    }


def entries() -> list[dict]:
    """All 72 entries in the official file's order: alphabetical by type, string-sorted titles."""
    return sorted(
        (entry(s) for s in framework.subcategory_ids()), key=lambda e: (e["type"], e["title"])
    )


def playbook_bytes(items: list[dict] | None = None) -> bytes:
    # ensure_ascii reproduces the official file's \\uXXXX escapes (and the surrogate pair)
    return json.dumps(entries() if items is None else items, ensure_ascii=True, indent=1).encode(
        "ascii"
    )
