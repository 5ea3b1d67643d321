"""The canonical JSON form of an assessment: what the fingerprint hashes.

Canonical form (documented in docs/file-format.md and the report's provenance appendix):
the assessment model dumped in JSON mode *without* its ``fingerprint`` field, encoded with
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` as UTF-8, followed by
one newline. ``overlays`` is left out while no overlay is switched on, so files from before
overlays existed keep their fingerprints; once one is, its answers are part of the hash. Attachments appear by metadata (name, type, size, SHA-256), so the hash covers
their bytes without embedding them. The change history is not part of the content.
The profile's ``eu_ai_act`` is left out while it is not stated, so fingerprints of files from
before crosswalks existed still match.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .assessment import Assessment


def drop_unset_decision_fields(data: dict[str, Any]) -> None:
    """Leave the fields issue #13 added out of a dumped assessment while they are unset, so the
    canonical JSON — and the fingerprint — of an assessment made before them is unchanged."""
    profile = data.get("profile") or {}
    if profile.get("acceptance_role") == "":
        profile.pop("acceptance_role")
    for risk in data.get("risks") or []:
        acc = risk.get("acceptance")
        if isinstance(acc, dict) and acc.get("role") == "":
            acc.pop("role")
    review = data.get("review") or {}
    if "opinion_override" in review and review["opinion_override"] is None:
        review.pop("opinion_override")
    decision = review.get("decision")
    if isinstance(decision, dict) and decision.get("condition_actions") == []:
        decision.pop("condition_actions")


def canonical_bytes(assessment: Assessment) -> bytes:
    exclude = {"fingerprint"} if assessment.overlays else {"fingerprint", "overlays"}
    data = assessment.model_dump(mode="json", exclude=exclude)
    if data["profile"].get("eu_ai_act") is None:  # not stated: as written before crosswalks
        data["profile"].pop("eu_ai_act", None)
    drop_unset_decision_fields(data)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def fingerprint(assessment: Assessment) -> str:
    return hashlib.sha256(canonical_bytes(assessment)).hexdigest()
