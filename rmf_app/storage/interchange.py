"""JSON and CSV interchange of a whole assessment.

JSON export (format "rmf-app.assessment", version 1) is a pretty-printed, key-sorted object:
``assessment`` (the model, fingerprint included), ``attachments`` (SHA-256 -> base64 of the
bytes, so one file carries everything), ``history`` (the change log) and ``revisions`` (earlier
final revisions with their canonical JSON). Importing it and exporting again gives the same bytes.

The canonical export is :func:`rmf_app.domain.canonical.canonical_bytes`: the bytes the
fingerprint hashes.

CSV export writes responses, risks and actions as UTF-8 (with BOM, for spreadsheets); any text
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import canonical, framework
from ..domain.assessment import Assessment
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from .airmf import AirmfFile, HistoryEntry, RevisionRecord
from .atomic import atomic_output
from .errors import InterchangeError, describe_validation_error

FORMAT_NAME = "rmf-app.assessment"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 2 << 30


@dataclass
class Bundle:
    """Everything a JSON export carries."""

    assessment: Assessment
    attachments: dict[str, bytes]
    history: list[HistoryEntry]
    revisions: list[RevisionRecord]


def read_bundle(store: AirmfFile) -> Bundle:
    a = store.load()
    atts: dict[str, bytes] = {}
    for e in a.evidence:
        if e.attachment and e.attachment.sha256 not in atts:
            atts[e.attachment.sha256] = b"".join(store.iter_attachment(e.attachment.sha256))
    return Bundle(a, atts, store.history(), store.revisions())


def bundle_to_json(b: Bundle) -> bytes:
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "assessment": b.assessment.model_dump(mode="json"),
        "attachments": {
            k: base64.b64encode(v).decode("ascii") for k, v in sorted(b.attachments.items())
        },
        "history": [h.__dict__ for h in b.history],
        "revisions": [
            {
                "revision": r.revision,
                "finalized_at": r.finalized_at,
                "fingerprint": r.fingerprint,
                "canonical": r.canonical.decode("utf-8"),
            }
            for r in b.revisions
        ],
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def export_json(store: AirmfFile, out: str | os.PathLike[str]) -> None:
    data = bundle_to_json(read_bundle(store))
    with atomic_output(out) as fh:
        fh.write(data)


def export_canonical(store: AirmfFile, out: str | os.PathLike[str]) -> None:
    data = canonical.canonical_bytes(store.load())
    with atomic_output(out) as fh:
        fh.write(data)


def parse_bundle(raw: bytes, name: str = "the file") -> Bundle:
    """Validate a JSON export; raises InterchangeError naming what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise InterchangeError(f"{name} is too large to be an rmf-app export.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InterchangeError(f"{name} is not a text file (not UTF-8 JSON).") from None
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        hint = ""
        if (
            isinstance(data, list)
            and data
            and isinstance(data[0], dict)
            and "section_about" in data[0]
        ):
            hint = " It looks like the NIST Playbook: import it with 'rmf-app playbook import'."
        raise InterchangeError(f"{name} is not an rmf-app assessment export.{hint}")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InterchangeError(
            f"{name} uses export format {version!r}; this version of rmf-app reads up to "
            f"{FORMAT_VERSION}. Update rmf-app to import it."
        )
    try:
        assessment = Assessment.model_validate(data.get("assessment"))
    except ValidationError as exc:
        raise InterchangeError(
            f"{name} has invalid content: {describe_validation_error(exc, 'assessment.')}"
        ) from None
    _check_overlays(assessment, name)
    atts: dict[str, bytes] = {}
    raw_atts = data.get("attachments") or {}
    if not isinstance(raw_atts, dict):
        raise InterchangeError(f"{name}: attachments must be an object of SHA-256 → base64.")
    for sha, b64 in raw_atts.items():
        try:
            blob = base64.b64decode(b64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise InterchangeError(f"{name}: attachment {sha[:12]}… is not valid base64.") from None
        if hashlib.sha256(blob).hexdigest() != sha:
            raise InterchangeError(f"{name}: attachment {sha[:12]}… does not match its SHA-256.")
        atts[sha] = blob
    for e in assessment.evidence:
        if e.attachment and e.attachment.sha256 not in atts:
            raise InterchangeError(f"{name}: the file attached to evidence {e.id} is missing.")
    try:
        history = [HistoryEntry(**h) for h in data.get("history") or []]
        revisions = [
            RevisionRecord(
                r["revision"], r["finalized_at"], r["fingerprint"], r["canonical"].encode("utf-8")
            )
            for r in data.get("revisions") or []
        ]
    except (TypeError, KeyError, AttributeError) as exc:
        raise InterchangeError(f"{name}: history or revisions are malformed ({exc}).") from None
    return Bundle(assessment, atts, history, revisions)


def _check_overlays(assessment: Assessment, name: str) -> None:
    """Refuse overlay answers that rmf-app's overlay content does not know."""
    from ..domain.overlay_answers import problems_against
    from .content import bundled_overlay, bundled_overlay_ids

    for use in assessment.overlays:
        if use.id not in bundled_overlay_ids():
            raise InterchangeError(
                f"{name} uses the overlay {use.id!r}, which this version of rmf-app does not "
                "have. Update rmf-app to import it."
            )
        problems = problems_against(use, bundled_overlay(use.id))
        if problems:
            raise InterchangeError(f"{name} has invalid content: {'; '.join(problems[:5])}.")


def import_json(
    src: str | os.PathLike[str], out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Create a new .airmf from a JSON export; the target appears complete or not at all."""
    from .airmf import write_new_file

    src, out = Path(src), Path(out)
    try:
        raw = src.read_bytes()
    except OSError as exc:
        raise InterchangeError(f"Cannot read {src}: {exc.strerror}.") from None
    bundle = parse_bundle(raw, src.name)
    if out.exists() and not overwrite:
        raise InterchangeError(
            f"{out.name} already exists. Choose another name or remove it first."
        )

    def fill(store: AirmfFile) -> None:
        for sha, blob in bundle.attachments.items():
            store.put_attachment_bytes(sha, blob)
        store.replace_log(bundle.history, bundle.revisions)

    tmp = write_new_file(out, bundle.assessment, who, attachments=fill)
    try:
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InterchangeError(f"Cannot write {out}: {exc.strerror}.") from None
    return out


# --------------------------------------------------------------------------------------------
# CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """Make a text cell safe for spreadsheets (formula prefixes get a leading apostrophe)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _fmt(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def csv_tables(a: Assessment, playbook: Playbook, scores: Scores) -> dict[str, list[list[Any]]]:
    """The CSV tables (header row first): responses, risks, actions, and genai-actions while
    the Generative AI Profile is switched on. Text from users is neutralised."""
    gaps = {g.subcategory_id: g.gap for g in scores.gaps}
    responses: list[list[Any]] = [
        [
            "subcategory",
            "function",
            "category",
            "title",
            "in_scope",
            "applicability",
            "current",
            "target",
            "gap",
            "evidence_supported",
            "owner",
            "due_date",
            "priority",
            "notes",
            "na_justification",
            "inherited_from",
            "exclusion_reason",
            "updated_by",
            "updated_at",
        ]
    ]
    for sid in framework.subcategory_ids():
        r = a.response(sid)
        exc = a.scope.exclusion_for(sid)
        responses.append(
            [
                sid,
                framework.function_of(sid),
                framework.category_of(sid),
                playbook.subcategory(sid).title,
                exc is None,
                r.applicability,
                r.current,
                a.effective_target(sid),
                gaps.get(sid),
                r.evidence_supported,
                neutralise(r.owner),
                r.due_date,
                r.priority,
                neutralise(r.notes),
                neutralise(r.na_justification),
                neutralise(r.inherited_from),
                neutralise(exc.reason) if exc else "",
                neutralise(r.updated_by),
                r.updated_at,
            ]
        )
    risks: list[list[Any]] = [
        [
            "id",
            "title",
            "description",
            "characteristics",
            "affected",
            "likelihood",
            "impact",
            "inherent_score",
            "inherent_band",
            "treatment",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "residual_band",
            "owner",
            "status",
            "subcategories",
            "accepted_by",
            "acceptance_rationale",
            "review_by",
        ]
    ]
    for risk in a.risks:
        rs = scores.risk(risk.id)
        acc = risk.acceptance
        risks.append(
            [
                neutralise(risk.id),
                neutralise(risk.title),
                neutralise(risk.description),
                risk.characteristics,
                neutralise(risk.affected),
                risk.likelihood,
                risk.impact,
                rs.inherent_score,
                rs.inherent_band,
                risk.treatment,
                risk.residual_likelihood,
                risk.residual_impact,
                rs.residual_score,
                rs.residual_band,
                neutralise(risk.owner),
                risk.status,
                risk.subcategories,
                neutralise(acc.accepted_by) if acc else "",
                neutralise(acc.rationale) if acc else "",
                acc.review_by if acc else "",
            ]
        )
    actions: list[list[Any]] = [
        [
            "id",
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "priority",
            "overdue",
            "subcategories",
            "risks",
        ]
    ]
    overdue = set(scores.overdue_actions)
    for act in a.actions:
        actions.append(
            [
                neutralise(act.id),
                neutralise(act.title),
                neutralise(act.description),
                neutralise(act.owner),
                act.due_date,
                act.status,
                act.priority,
                act.id in overdue,
                act.subcategories,
                act.risks,
            ]
        )
    named = [("responses", responses), ("risks", risks), ("actions", actions)]
    genai = _genai_actions(a)
    if genai is not None:
        named.append(("genai-actions", genai))
    return {name: [[_fmt(c) for c in row] for row in rows] for name, rows in named}


def _genai_actions(a: Assessment) -> list[list[Any]] | None:
    """One row per action of the Generative AI Profile, when it is switched on."""
    from ..domain.overlay_scoring import action_status
    from .content import bundled_overlay

    use = a.overlay("genai")
    if use is None:
        return None
    overlay = bundled_overlay("genai")
    rows: list[list[Any]] = [
        [
            "action",
            "subcategory",
            "function",
            "in_scope",
            "gai_risks",
            "title",
            "status",
            "na_reason",
            "note",
            "risks",
            "actions",
            "evidence",
            "updated_by",
            "updated_at",
        ]
    ]
    for act in overlay.actions:
        ans = use.answer(act.id)
        rows.append(
            [
                act.id,
                act.subcategory,
                framework.function_of(act.subcategory),
                a.scope.in_scope(act.subcategory),
                act.risks,
                act.title,
                action_status(use, act.id),
                neutralise(ans.na_reason),
                neutralise(ans.note),
                ans.risks,
                ans.actions,
                ans.evidence,
                neutralise(ans.updated_by),
                ans.updated_at,
            ]
        )
    return rows


def write_csv(rows: list[list[Any]], out: str | os.PathLike[str]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with atomic_output(out) as fh:
        fh.write(buf.getvalue().encode("utf-8-sig"))


CsvWriter = Callable[[list[list[Any]], str | os.PathLike[str]], None]
