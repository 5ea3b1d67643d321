"""A fresh, barely answered GenAI assessment, like the one a usability tester exported (#13):
2 subcategories rated, 5 risks of which 4 have no residual rating, 1 action, 2 GenAI actions
answered."""

from __future__ import annotations

from typing import Any

from rmf_app.domain.assessment import Assessment
from rmf_app.services.demo import demo_assessment

RATED = ("GOVERN 1.1", "GOVERN 1.2")


def barely_answered(gai_links: dict[str, list[str]] | None = None) -> Assessment:
    """``gai_links``: GAI risk -> register risks, instead of confabulation -> R-001 alone."""
    demo = demo_assessment(genai=True)[0]
    data: dict[str, Any] = demo.model_dump()
    data["responses"] = {k: v for k, v in data["responses"].items() if k in RATED}
    risks = data["risks"][:5]
    for r in risks:
        r["acceptance"] = None
        r["subcategories"] = []
        if r["id"] != "R-001":
            r["residual_likelihood"] = r["residual_impact"] = None
    data["risks"] = risks
    action = data["actions"][0]
    action["risks"] = ["R-001"]
    action["subcategories"] = ["GOVERN 1.1"]
    data["actions"] = [action]
    if data["review"].get("decision"):
        data["review"]["decision"]["condition_actions"] = [action["id"]]
    overlay = data["overlays"][0]
    kept = {}
    for aid in ("GV-1.1-001", "GV-1.3-002"):
        ans = overlay["answers"][aid]
        ans.update(risks=[], actions=[])
        kept[aid] = ans
    overlay["answers"] = kept
    # one GAI risk stands for a register risk: confabulation, rated high
    overlay["register_risks"] = gai_links or {"confabulation": ["R-001"]}
    return Assessment.model_validate(data)
