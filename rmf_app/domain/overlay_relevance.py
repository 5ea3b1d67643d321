"""Which GAI risks a system profile points to: the hints of "Add risks from the GenAI profile…".

A hint is a reason to look, not a judgment: words in the profile that make a risk likely to
matter (personal data, a public audience, retrieval, a third-party foundation model…). The user
decides which risks go into the register.
"""

from __future__ import annotations

from .assessment import Assessment
from .overlay import Overlay

#: risk id -> words (lower case, matched as substrings) in the profile that make it relevant
_CUES: dict[str, tuple[str, ...]] = {
    "cbrn": ("chemical", "biolog", "laborator", "weapon", "pathogen"),
    "confabulation": ("answer", "assistant", "chat", "summar", "question", "advice", "generat"),
    "dangerous-violent-hateful-content": ("public", "customer", "open-ended", "chat", "social"),
    "data-privacy": ("personal", "customer", "account", "privacy", "patient", "employee", "pii"),
    "environmental-impacts": ("training", "fine-tun", "gpu", "at scale", "million"),
    "harmful-bias-homogenization": ("customer", "applicant", "language", "hiring", "user"),
    "human-ai-configuration": ("assistant", "agent", "chat", "advice", "automat", "hand off"),
    "information-integrity": ("public", "publish", "news", "article", "content", "marketing"),
    "information-security": ("retriev", "prompt", "plugin", "tool", "api", "upload", "email"),
    "intellectual-property": ("article", "content", "copyright", "licen", "document", "code"),
    "obscene-degrading-abusive-content": ("public", "customer", "image", "chat", "minor"),
    "value-chain-component-integration": (
        "third-party",
        "vendor",
        "supplier",
        "api",
        "open-source",
    ),
}


#: risk id -> words (lower case, substrings) in a register risk's title or description that
#: show it may already stand for the GAI risk (the user's own words for it)
_SAME_RISK: dict[str, tuple[str, ...]] = {
    "cbrn": ("chemical", "biological", "radiolog", "nuclear", "weapon"),
    "confabulation": (
        "confabulat",
        "hallucinat",
        "made-up",
        "fabricat",
        "false answer",
        "wrong answer",
    ),
    "dangerous-violent-hateful-content": ("violent", "hateful", "dangerous content", "self-harm"),
    "data-privacy": ("privacy", "personal data", "pii", "re-identif"),
    "environmental-impacts": ("energy", "carbon", "environment"),
    "harmful-bias-homogenization": ("bias", "discriminat", "homogeni"),
    "human-ai-configuration": ("over-reliance", "overreliance", "automation bias", "anthropomorph"),
    "information-integrity": ("misinformation", "disinformation", "deepfake"),
    "information-security": ("prompt injection", "jailbreak", "data poisoning", "security"),
    "intellectual-property": ("copyright", "intellectual property", "licens", "plagiar"),
    "obscene-degrading-abusive-content": ("obscene", "abusive", "sexual", "csam"),
    "value-chain-component-integration": ("third-party model", "vendor", "supplier", "upstream"),
}


def register_matches(assessment: Assessment, overlay: Overlay) -> dict[str, list[str]]:
    """For each overlay risk, the register risks (ids) not linked to the overlay whose own
    words suggest they already cover it: "R-001 Confabulated answers" for confabulation. A
    hint for the user, who decides."""
    use = assessment.overlay(overlay.id)
    linked = {rid for ids in (use.register_risks.values() if use else ()) for rid in ids}
    found: dict[str, list[str]] = {}
    for risk in overlay.risks:
        words = _SAME_RISK.get(risk.id, ())
        for r in assessment.risks:
            if r.id in linked:
                continue
            text = f"{r.title} {r.description}".casefold()
            if any(w in text for w in words):
                found.setdefault(risk.id, []).append(r.id)
    return found


def relevance_hints(assessment: Assessment, overlay: Overlay) -> dict[str, str]:
    """For each overlay risk the profile points to, why (a short phrase naming the cue)."""
    p = assessment.profile
    text = " ".join(
        [
            p.description,
            p.intended_purpose,
            p.deployment_context,
            p.users_and_affected,
            p.intended_benefits,
            *(f"{c.name} {c.supplier} {c.notes}" for c in p.components),
        ]
    ).casefold()
    foundation = [c.name for c in p.components if c.kind == "foundation_model"]
    hints: dict[str, str] = {}
    for risk in overlay.risks:
        if risk.id == "value-chain-component-integration" and foundation:
            hints[risk.id] = f"builds on the foundation model {foundation[0]}"
            continue
        found = [w for w in _CUES.get(risk.id, ()) if w in text]
        if found:
            hints[risk.id] = "the profile mentions " + ", ".join(f"“{w}…”" for w in found[:3])
    return hints
