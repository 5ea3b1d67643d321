"""The demo assessments, fully worked and fictional: a bank's loan-application triage model
and (``genai=True``) a retailer's customer-service chat assistant built on a third-party
foundation model with retrieval over its help-centre articles, with the Generative AI Profile
switched on and answered.

The data lives in ``demo_assessment.json`` and ``demo_genai_assessment.json`` beside this module
(read with importlib.resources); attached files are stored inside the new .airmf like any
user's attachment.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from ..domain.assessment import Assessment
from ..storage.airmf import AirmfFile, write_new_file
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

    tmp = write_new_file(out, assessment, DEMO_USER, attachments=attach)
    try:
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Cannot write {out}: {exc.strerror}.") from None
    return out
