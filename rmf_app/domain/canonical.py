"""The canonical JSON form of an assessment: what the fingerprint hashes.

Canonical form (documented in docs/file-format.md and the report's provenance appendix):
the assessment model dumped in JSON mode *without* its ``fingerprint`` field, encoded with
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` as UTF-8, followed by
one newline. Attachments appear by metadata (name, type, size, SHA-256), so the hash covers
their bytes without embedding them. The change history is not part of the content.
"""

from __future__ import annotations

import hashlib
import json

from .assessment import Assessment
from .decision import drop_unset_decision_fields


def canonical_bytes(assessment: Assessment) -> bytes:
    data = assessment.model_dump(mode="json", exclude={"fingerprint"})
    drop_unset_decision_fields(data)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def fingerprint(assessment: Assessment) -> str:
    return hashlib.sha256(canonical_bytes(assessment)).hexdigest()
