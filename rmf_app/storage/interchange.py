"""JSON and CSV interchange of a whole assessment.

JSON export (format "rmf-app.assessment", version 1) is a pretty-printed, key-sorted object:
``assessment`` (the model, fingerprint included), ``attachments`` (SHA-256 -> base64 of the
bytes, so one file carries everything), ``history`` (the change log) and ``revisions`` (earlier
final revisions with their canonical JSON). Importing it and exporting again gives the same bytes.
An import parses within limits and validates strictly (see :func:`parse_bundle`); whatever is
wrong is named in one line.

The canonical export is :func:`rmf_app.domain.canonical.canonical_bytes`: the bytes the
fingerprint hashes.

CSV export writes responses, risks and actions as UTF-8 (with BOM, for spreadsheets); any text
cell starting with a tab, a carriage return or a line feed, or whose first character after any
whitespace and invisible format characters (zero-width space, BOM, …) is ``=``, ``+``, ``-``,
``@`` or one of their full-width variants (``＝＋－＠``), is prefixed with an apostrophe so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..domain import canonical, framework
from ..domain.assessment import TOO_LONG, Assessment
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from .airmf import AirmfFile, HistoryEntry, RevisionRecord
from .atomic import atomic_output
from .errors import InterchangeError, StorageError
from .inputs import JsonProblem, load_json, read_regular_file

FORMAT_NAME = "rmf-app.assessment"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 2 << 30
#: deepest nesting of arrays and objects an import may hold (an export needs 6; the rest is
#: room for ``extensions``)
MAX_IMPORT_DEPTH = 32
#: at most this many problems are listed in one message
_SHOWN_PROBLEMS = 3

_Text = Annotated[str, StringConstraints(max_length=200)]
_Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _HistoryRow(_Strict):
    at: _Text
    who: str
    entity: str
    field: _Text
    old: str | None
    new: str | None


class _RevisionRow(_Strict):
    revision: Annotated[int, Field(ge=1, le=1_000_000)]
    finalized_at: _Text
    fingerprint: _Sha256
    canonical: str


class _Envelope(_Strict):
    """An export's outer object; the assessment inside is validated on its own."""

    format: Literal["rmf-app.assessment"]
    format_version: Literal[1]
    assessment: dict[str, Any]
    attachments: dict[_Sha256, str] = {}
    history: list[_HistoryRow] = []
    revisions: list[_RevisionRow] = []


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


def _show(key: object) -> str:
    """A key from the file, safe to print on one line."""
    text = str(key)
    if len(text) > 60:
        text = text[:57] + "…"
    return text if text.isprintable() else repr(text)[1:-1]


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    """Where a problem is, as a reader names it: "risk R-003: description", "response
    GOVERN 1.1: notes", "profile: name"."""
    parts = list(loc)
    head = ""
    kinds = {"risks": "risk", "actions": "action", "evidence": "evidence"}
    if len(parts) >= 2 and parts[0] in kinds and isinstance(parts[1], int):
        items = data.get(parts[0]) if isinstance(data, dict) else None
        item = items[parts[1]] if isinstance(items, list) and parts[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        name = _show(ident) if isinstance(ident, str) else f"#{parts[1] + 1}"
        head, parts = f"{kinds[str(parts[0])]} {name}", parts[2:]
    elif len(parts) >= 2 and parts[0] == "responses":
        head, parts = f"response {_show(parts[1])}", parts[2:]
    elif len(parts) >= 2 and isinstance(parts[1], int):
        head, parts = f"{_show(parts[0])} #{parts[1] + 1}", parts[2:]
    elif len(parts) >= 2:
        head, parts = _show(parts[0]), parts[1:]
    path = ".".join(f"#{p + 1}" if isinstance(p, int) else _show(p) for p in parts)
    if head and path:
        return f"{head}: {path}"
    return head or path or "the assessment"


def _problems(exc: ValidationError, data: Any, prefix: str = "") -> str:
    errors = exc.errors(include_url=False, include_input=False)
    lines = [
        # "risk R-003: description is 2,000,001 characters; the limit is 20,000"
        f"{prefix}{_where(e['loc'], data)}{' ' if e['type'] == TOO_LONG else ': '}{e['msg']}"
        for e in errors[:_SHOWN_PROBLEMS]
    ]
    if len(errors) > _SHOWN_PROBLEMS:
        lines.append(f"and {len(errors) - _SHOWN_PROBLEMS} more")
    return "; ".join(lines)


def parse_bundle(raw: bytes, name: str = "the file") -> Bundle:
    """Validate a JSON export; raises InterchangeError naming what is wrong, in one line.

    The JSON is parsed within limits (nesting, number length, valid Unicode) and validated
    strictly: no value of another type is converted ("3" is not a level, 1.0 not a revision).
    """
    if len(raw) > MAX_IMPORT_BYTES:
        raise InterchangeError(f"{name} is too large to be an rmf-app export.")
    try:
        data = load_json(raw, max_depth=MAX_IMPORT_DEPTH)
    except JsonProblem as exc:
        raise InterchangeError(f"{name} {exc}.") from None
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
    if type(version) is not int or version < 1:
        raise InterchangeError(f"{name} has no valid export format version.")
    if version > FORMAT_VERSION:
        raise InterchangeError(
            f"{name} uses export format {version}; this version of rmf-app reads up to "
            f"{FORMAT_VERSION}. Update rmf-app to import it."
        )
    try:
        envelope = _Envelope.model_validate(data)
    except ValidationError as exc:
        raise InterchangeError(f"{name} is malformed: {_problems(exc, data)}.") from None
    content = envelope.assessment
    try:
        assessment = Assessment.model_validate_json(json.dumps(content), strict=True)
    except ValidationError as exc:
        raise InterchangeError(f"{name} has invalid content: {_problems(exc, content)}.") from None
    atts: dict[str, bytes] = {}
    for sha, b64 in envelope.attachments.items():
        try:
            blob = base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError):
            raise InterchangeError(f"{name}: attachment {sha[:12]}… is not valid base64.") from None
        if hashlib.sha256(blob).hexdigest() != sha:
            raise InterchangeError(f"{name}: attachment {sha[:12]}… does not match its SHA-256.")
        atts[sha] = blob
    for e in assessment.evidence:
        if e.attachment is None:
            continue
        stored = atts.get(e.attachment.sha256)
        if stored is None:
            raise InterchangeError(f"{name}: the file attached to evidence {e.id} is missing.")
        if len(stored) != e.attachment.size:
            raise InterchangeError(
                f"{name}: the file attached to evidence {e.id} is {len(stored):,} bytes, "
                f"not the {e.attachment.size:,} bytes recorded."
            )
    numbers = [r.revision for r in envelope.revisions]
    if len(set(numbers)) != len(numbers):
        raise InterchangeError(f"{name}: a final revision is recorded twice.")
    for r in envelope.revisions:
        if hashlib.sha256(r.canonical.encode("utf-8")).hexdigest() != r.fingerprint:
            raise InterchangeError(
                f"{name}: final revision {r.revision} does not match its fingerprint."
            )
    history = [HistoryEntry(**h.model_dump()) for h in envelope.history]
    revisions = [
        RevisionRecord(r.revision, r.finalized_at, r.fingerprint, r.canonical.encode("utf-8"))
        for r in envelope.revisions
    ]
    return Bundle(assessment, atts, history, revisions)


def import_json(
    src: str | os.PathLike[str], out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Create a new .airmf from a JSON export; the target appears complete or not at all."""
    from .airmf import write_new_file

    src, out = Path(src), Path(out)
    try:
        raw = read_regular_file(src, "imported", MAX_IMPORT_BYTES)
    except StorageError as exc:
        raise InterchangeError(str(exc)) from None
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

_FORMULA_CHARS = frozenset("=+-@\u2212")  # U+2212 MINUS SIGN, which some spreadsheets accept
_CONTROL_START = ("\t", "\r", "\n")


def _is_skipped(ch: str) -> bool:
    """Characters a spreadsheet may drop or ignore before a formula: whitespace, and format
    characters such as the zero-width space (U+200B), the joiners and the BOM (U+FEFF)."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _is_formula_char(ch: str) -> bool:
    """``=``, ``+``, ``-``, ``@`` and their full-width or small-form variants (``＝``, ``﹫`` …),
    which compatibility normalisation (NFKC) turns into the ASCII character."""
    return ch in _FORMULA_CHARS or unicodedata.normalize("NFKC", ch) in _FORMULA_CHARS


def needs_neutralising(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula: it starts with a tab, a
    carriage return or a line feed, or its first character after any whitespace and format
    characters is a formula character (in any of its widths)."""
    if text.startswith(_CONTROL_START):
        return True
    for ch in text:
        if not _is_skipped(ch):
            return _is_formula_char(ch)
    return False


def neutralise(cell: Any) -> Any:
    """Make a text cell safe for spreadsheets (formula prefixes get a leading apostrophe)."""
    if isinstance(cell, str) and needs_neutralising(cell):
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
    """The three CSV tables (header row first). Text from users is neutralised."""
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
    return {
        name: [[_fmt(c) for c in row] for row in rows]
        for name, rows in (("responses", responses), ("risks", risks), ("actions", actions))
    }


def write_csv(rows: list[list[Any]], out: str | os.PathLike[str]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with atomic_output(out) as fh:
        fh.write(buf.getvalue().encode("utf-8-sig"))


CsvWriter = Callable[[list[list[Any]], str | os.PathLike[str]], None]
