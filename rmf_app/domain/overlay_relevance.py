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
