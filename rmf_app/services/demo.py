"""The demo assessments, fully worked and fictional: a bank's loan-application triage model
and (``genai=True``) a retailer's customer-service chat assistant built on a third-party
foundation model with retrieval over its help-center articles, with the Generative AI Profile
switched on and answered.

The data lives in ``demo_assessment.json`` and ``demo_genai_assessment.json`` beside this module
(read with importlib.resources); attached files are stored inside the new .airmf like any
user's attachment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..domain.assessment import Action, Assessment, Evidence, Risk
from ..storage.airmf import AirmfFile, HistoryEntry, install_new_file
from ..storage.errors import StorageError

DEMO_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "rmf-app:demo:loanlens-pre-screen"))
GENAI_DEMO_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "rmf-app:demo:trailhead-help-assistant"))
DEMO_USER = "rmf-app demo"


def _raw(genai: bool = False) -> dict[str, Any]:
    name = "demo_genai_assessment.json" if genai else "demo_assessment.json"
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def demo_assessment(genai: bool = False) -> tuple[Assessment, dict[str, bytes]]:
    """The demo assessment (the GenAI one with ``genai``) and its attachments (SHA-256 -> bytes)."""
    raw = _raw(genai)
    data = dict(raw["assessment"])
    data.setdefault("id", GENAI_DEMO_ID if genai else DEMO_ID)
    files: dict[str, bytes] = {}
    evidence = []
    for e in data.get("evidence", []):
        f = raw.get("attached_files", {}).get(e["id"])
        if f:
            blob = f["text"].encode("utf-8")
            sha = hashlib.sha256(blob).hexdigest()
            files[sha] = blob
            e = {
                **e,
                "attachment": {
                    "filename": f["filename"],
                    "media_type": f["media_type"],
                    "size": len(blob),
                    "sha256": sha,
                },
            }
        evidence.append(e)
    data["evidence"] = evidence
    return Assessment.model_validate(data), files


def demo_history(assessment: Assessment) -> list[HistoryEntry]:
    """A plausible change history for the demo, on the dates its own content gives: created on
    its creation date, answered over the following weeks by each subcategory's owner, risks,
    actions and evidence added, the decision recorded and the assessors' sign-off last."""
    start = assessment.created_at
    review = assessment.review
    lead = review.assessors[0] if review.assessors else DEMO_USER
    rows: list[HistoryEntry] = []

    def log(at: dt.datetime, who: str, entity: str, field: str, old: Any, new: Any) -> None:
        def enc(v: Any) -> str | None:
            if v is None or isinstance(v, str):
                return v
            return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)

        stamp = at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        rows.append(HistoryEntry(stamp, who, entity, field, enc(old), enc(new)))

    log(start, lead, "assessment", "created", None, assessment.profile.name)
    decided = (
        review.decision.decided_on if review.decision and review.decision.decided_on else None
    ) or assessment.assessment_date or start.date()
    answered_until = dt.datetime.combine(decided, dt.time(9), dt.UTC) - dt.timedelta(days=3)
    span = max((answered_until - start).total_seconds(), 3600.0)
    sids = list(assessment.responses)
    for n, sid in enumerate(sids):  # answered in framework order across the weeks
        r = assessment.responses[sid]
        at = start + dt.timedelta(days=1, seconds=span * n / max(len(sids), 1))
        who = r.owner or lead
        if r.applicability != "applicable":
            log(at, who, f"response:{sid}", "applicability", "applicable", r.applicability)
        if r.current is not None:
            log(at, who, f"response:{sid}", "current", None, r.current)
        if r.questions:
            answers = {q: a.model_dump(mode="json") for q, a in r.questions.items()}
            log(at, who, f"response:{sid}", "questions", {}, answers)
    registers: list[tuple[str, Sequence[Risk | Action | Evidence], int]] = [
        ("evidence", assessment.evidence, 8),
        ("risk", assessment.risks, 14),
        ("action", assessment.actions, 21),
    ]
    for kind, items, offset in registers:
        for n, item in enumerate(items):
            at = start + dt.timedelta(days=offset, hours=2 * n)
            owner = getattr(item, "owner", "") or lead
            log(at, owner, f"{kind}:{item.id}", "added", None, item.model_dump(mode="json"))
    decided_at = dt.datetime.combine(decided, dt.time(15), dt.UTC)
    log(decided_at - dt.timedelta(days=1), lead, "review", "state", "draft", review.state)
    if review.decision is not None:
        log(decided_at, review.reviewer or lead, "review", "decision", None,
            review.decision.model_dump(mode="json"))
    signed: list[Any] = []
    for sig in review.signatures:
        before = list(signed)
        signed.append(sig.model_dump(mode="json"))
        log(sig.signed_at, sig.name, "review", "signatures", before, list(signed))
    return sorted(rows, key=lambda h: h.at)


def write_demo(
    out: str | os.PathLike[str], *, overwrite: bool = False, genai: bool = False
) -> Path:
    """Write a demo assessment to a new .airmf file (complete, or not at all); ``genai``
    chooses the customer-service assistant with the Generative AI Profile."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise StorageError(f"{out.name} already exists. Choose another name or remove it first.")
    assessment, files = demo_assessment(genai)

    def attach(store: AirmfFile) -> None:
        for sha, blob in files.items():
            store.put_attachment_bytes(sha, blob)
        store.replace_log(demo_history(assessment), [])

    return install_new_file(out, assessment, DEMO_USER, attach, overwrite=overwrite)
