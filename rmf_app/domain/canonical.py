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

from .assessment import Assessment
from .decision import drop_unset_decision_fields


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
