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


import base64
import binascii
import csv
import hashlib
import io
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..domain import canonical, framework
from ..domain.assessment import TOO_LONG, Assessment
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from .airmf import AirmfFile, HistoryEntry, RevisionRecord
from .atomic import atomic_output, atomic_outputs
from .errors import CorruptFileError, InterchangeError, StorageError
from .inputs import JsonProblem, load_json, open_regular_file

#: deepest nesting of arrays and objects an import may hold (an export needs 6; the rest is
#: room for ``extensions``)
MAX_IMPORT_DEPTH = 32
#: at most this many problems are listed in one message
_SHOWN_PROBLEMS = 3

_Text = Annotated[str, StringConstraints(max_length=200)]
_Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


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

FORMAT_NAME = "rmf-app.assessment"
FORMAT_VERSION = 1
#: The largest JSON export: ``export`` refuses to write a larger one (it knows the size before it
#: writes a byte) and ``import`` refuses to read one, so whatever one writes, the other reads.
MAX_EXPORT_BYTES = 8 << 30
#: The largest part of an export that is not attachment data (the assessment, its history and
#: revisions), which is held in memory: checked the same way on export and on import.
MAX_EXPORT_TEXT_BYTES = 512 << 20
#: Attachments are read, encoded and decoded this many bytes at a time (memory stays bounded).
_STREAM_CHUNK = 1 << 20


@dataclass(frozen=True)
class AttachmentSpan:
    """Where an attachment's base64 text lies in an export file (checked while scanning)."""

    sha256: str
    start: int
    end: int
    size: int


@dataclass
class Bundle:
    """Everything a JSON export carries. An attachment is its bytes, or (a file being imported)
    where its base64 text lies in that file."""

    assessment: Assessment
    attachments: dict[str, bytes | AttachmentSpan]
    history: list[HistoryEntry]
    revisions: list[RevisionRecord]


def _b64_size(n: int) -> int:
    return (n + 2) // 3 * 4


def write_json_export(
    out: str | os.PathLike[str],
    assessment: Assessment,
    history: list[HistoryEntry],
    revisions: list[RevisionRecord],
    read_attachment: Callable[[str], Iterable[bytes]],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write the JSON export, streaming each attachment into it as base64 a chunk at a time.

    The size is known before anything is written: a file over :data:`MAX_EXPORT_BYTES` is
    refused then (InterchangeError). Each attachment is checked against its SHA-256 on the way;
    a damaged one fails the export and nothing is written.
    """
    from .airmf import Cancelled

    sizes: dict[str, int] = {}
    owners: dict[str, str] = {}
    for e in assessment.evidence:
        if e.attachment is not None:
            sizes.setdefault(e.attachment.sha256, e.attachment.size)
            owners.setdefault(e.attachment.sha256, e.id)
    token = secrets.token_hex(16)
    marks = {sha: f"rmf-app-attachment-{token}-{i}" for i, sha in enumerate(sorted(sizes))}
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "assessment": assessment.model_dump(mode="json"),
        "attachments": marks,
        "history": [h._asdict() for h in history],
        "revisions": [
            {
                "revision": r.revision,
                "finalized_at": r.finalized_at,
                "fingerprint": r.fingerprint,
                "canonical": r.canonical.decode("utf-8"),
            }
            for r in revisions
        ],
    }
    text = (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    places = sorted((text.index(f'"{mark}"'.encode()), sha) for sha, mark in marks.items())
    text_size = len(text) - sum(len(mark) + 2 for mark in marks.values())
    total = text_size + sum(_b64_size(n) + 2 for n in sizes.values())
    name = Path(out).name
    if text_size > MAX_EXPORT_TEXT_BYTES or total > MAX_EXPORT_BYTES:
        raise InterchangeError(
            f"{name} would be {_gb(total)}, more than the {_gb(MAX_EXPORT_BYTES)} a JSON export "
            f"may hold ({_gb(sum(sizes.values()))} of it attached files), so it was not written. "
            "Copy the .airmf file itself instead, or remove the largest attachments from a copy "
            "and export that."
        )
    done, work = 0, sum(sizes.values()) + 1
    with atomic_output(out) as fh:
        pos = 0
        for at, sha in places:
            fh.write(text[pos:at])
            fh.write(b'"')
            digest, size, carry = hashlib.sha256(), 0, b""
            damaged = InterchangeError(
                f"The file attached to evidence {owners[sha]} is damaged or incomplete in "
                "this assessment (its bytes do not match their SHA-256), so no export was "
                f"written. Attach the file to {owners[sha]} again, then export."
            )
            try:
                for chunk in read_attachment(sha):
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    digest.update(chunk)
                    size += len(chunk)
                    buf = carry + chunk
                    cut = len(buf) - len(buf) % 3
                    fh.write(base64.b64encode(buf[:cut]))
                    carry = buf[cut:]
                    done += len(chunk)
                    if progress is not None:
                        progress(done, work)
            except CorruptFileError:  # the file's own check found it first
                raise damaged from None
            fh.write(base64.b64encode(carry) + b'"')
            if digest.hexdigest() != sha or size != sizes[sha]:
                raise damaged
            pos = at + len(marks[sha]) + 2
        fh.write(text[pos:])
        if cancelled is not None and cancelled():
            raise Cancelled()
    if progress is not None:
        progress(work, work)


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{n / 1e6:.1f} MB"


def export_json(store: AirmfFile, out: str | os.PathLike[str]) -> None:
    write_json_export(out, store.load(), store.history(), store.revisions(), store.iter_attachment)


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


def parse_bundle(
    raw: bytes, name: str = "the file", spans: dict[str, AttachmentSpan] | None = None
) -> Bundle:
    """Validate a JSON export; raises InterchangeError naming what is wrong, in one line.

    The JSON is parsed within limits (nesting, number length, valid Unicode) and validated
    strictly: no value of another type is converted ("3" is not a level, 1.0 not a revision).
    ``spans`` (from :func:`scan_export`) stand for attachments left in the file: ``raw`` then
    holds their marks instead of their base64 text.
    """
    spans = spans or {}
    if len(raw) > MAX_EXPORT_TEXT_BYTES + len(spans) * 100:
        raise InterchangeError(
            f"{name} is too large to be an rmf-app export: the assessment, history and revisions "
            f"in it come to more than {_gb(MAX_EXPORT_TEXT_BYTES)}."
        )
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
    _check_overlays(assessment, name)
    atts: dict[str, bytes | AttachmentSpan] = {}
    for sha, b64 in envelope.attachments.items():
        span = spans.get(b64)
        if span is not None and span.sha256 == sha:
            atts[sha] = span  # checked against its SHA-256 while the file was scanned
            continue
        try:
            blob = base64.b64decode(b64, validate=True)
        except (binascii.Error, ValueError):
            raise InterchangeError(f"{name}: attachment {sha[:12]}… is not valid base64.") from None
        if hashlib.sha256(blob).hexdigest() != sha:
            raise InterchangeError(f"{name}: attachment {sha[:12]}… does not match its SHA-256.")
        atts[sha] = blob
    if sum(isinstance(a, AttachmentSpan) for a in atts.values()) != len(spans):
        raise InterchangeError(
            f"{name}: a SHA-256 key outside 'attachments' (or one given twice) holds a long "
            "text; this is not an rmf-app export."
        )
    for e in assessment.evidence:
        if e.attachment is None:
            continue
        stored = atts.get(e.attachment.sha256)
        if stored is None:
            raise InterchangeError(f"{name}: the file attached to evidence {e.id} is missing.")
        size = stored.size if isinstance(stored, AttachmentSpan) else len(stored)
        if size != e.attachment.size:
            raise InterchangeError(
                f"{name}: the file attached to evidence {e.id} is {size:,} bytes, "
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


def check_export(src: str | os.PathLike[str]) -> None:
    """Check that ``src`` is an rmf-app JSON export this version can import, all of it
    (attachments against their SHA-256), writing nothing. Raises InterchangeError."""
    src = Path(src)
    try:
        fh = open_regular_file(src, "imported")
    except StorageError as exc:
        raise InterchangeError(str(exc)) from None
    with fh:
        try:
            text, spans = scan_export(fh, src.name)
        except OSError as exc:
            raise InterchangeError(f"Cannot read {src}: {exc.strerror}.") from None
        parse_bundle(text, src.name, spans)


def import_json(
    src: str | os.PathLike[str], out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Create a new .airmf from a JSON export; the target appears complete or not at all.

    The file is read twice, a chunk at a time: once to check all of it (attachments included,
    against their SHA-256) and once to copy the attachments into the new file, so memory stays
    bounded however large they are.
    """
    from .airmf import install_new_file

    src, out = Path(src), Path(out)
    try:
        fh = open_regular_file(src, "imported")  # never blocks; kept open for the second pass
    except StorageError as exc:
        raise InterchangeError(str(exc)) from None
    with fh:
        try:
            text, spans = scan_export(fh, src.name)
        except OSError as exc:
            raise InterchangeError(f"Cannot read {src}: {exc.strerror}.") from None
        bundle = parse_bundle(text, src.name, spans)
        if out.exists() and not overwrite:
            raise InterchangeError(
                f"{out.name} already exists. Choose another name or remove it first."
            )

        def fill(store: AirmfFile) -> None:
            for sha, blob in bundle.attachments.items():
                if isinstance(blob, bytes):
                    store.put_attachment_bytes(sha, blob)
                    continue
                try:
                    store.put_checked_attachment(sha, cast(IO[bytes], _SpanReader(fh, blob)))
                except StorageError:  # the file changed since it was checked
                    raise InterchangeError(
                        f"{src.name} changed while it was being imported; import it again."
                    ) from None
            store.replace_log(bundle.history, bundle.revisions)

        return install_new_file(out, bundle.assessment, who, fill, overwrite=overwrite)


# --------------------------------------------------------------------------------------------
# Reading an export a chunk at a time

#: the text before an attachment's base64: its SHA-256 as the key
_SHA_KEY = re.compile(rb'(?<!\\)"([0-9a-f]{64})"\s*:\s*$')
_WHITESPACE_OR_COLON = frozenset(b": \t\r\n")


class _Base64Stream:
    """Decodes the base64 text of a JSON string fed in pieces (``\\/`` is the only escape a
    base64 text can hold); hashes and counts what it decodes."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.digest = hashlib.sha256()
        self.size = 0
        self._carry = b""

    def feed(self, raw: bytes, final: bool = False) -> bytes:
        buf = self._carry + raw
        if buf.endswith(b"\\") and not final:
            buf, self._carry = buf[:-1], b"\\"
        else:
            self._carry = b""
        if b"\\" in buf:
            buf = buf.replace(b"\\/", b"/")
            if b"\\" in buf:
                raise InterchangeError(f"{self.what} is not valid base64.")
        cut = len(buf) if final else len(buf) - len(buf) % 4
        self._carry = buf[cut:] + self._carry
        piece = buf[:cut]
        if final and len(piece) % 4:
            raise InterchangeError(f"{self.what} is not valid base64.")
        try:
            out = base64.b64decode(piece, validate=True)
        except (binascii.Error, ValueError):
            raise InterchangeError(f"{self.what} is not valid base64.") from None
        self.digest.update(out)
        self.size += len(out)
        return out


def scan_export(fh: IO[bytes], name: str) -> tuple[bytes, dict[str, AttachmentSpan]]:
    """Read an export a chunk at a time; returns its text with every attachment's base64 text
    replaced by a mark, and where each of those texts lies in the file (its mark → span).

    Every attachment left in the file is decoded and checked against its SHA-256 here, so the
    whole file is checked before anything is written. Raises InterchangeError.
    """
    try:
        size: int | None = os.fstat(fh.fileno()).st_size
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        size = None
    if size is not None and size > MAX_EXPORT_BYTES:
        raise InterchangeError(
            f"{name} is {_gb(size)}, more than the {_gb(MAX_EXPORT_BYTES)} an rmf-app export may "
            "hold; it is not one rmf-app wrote."
        )
    token = secrets.token_hex(16)
    text = bytearray()
    spans: dict[str, AttachmentSpan] = {}
    buf = fh.read(_STREAM_CHUNK)
    if buf.startswith(b"\xef\xbb\xbf"):
        buf = buf[3:]
    offset = fh.tell() - len(buf)  # the file position of buf[0]
    pos = 0
    read = len(buf)

    def more() -> bool:
        nonlocal buf, offset, pos, read
        if len(text) > MAX_EXPORT_TEXT_BYTES + len(spans) * 100:
            raise InterchangeError(
                f"{name} is too large to be an rmf-app export: the assessment, history and "
                f"revisions in it come to more than {_gb(MAX_EXPORT_TEXT_BYTES)}."
            )
        chunk = fh.read(_STREAM_CHUNK)
        if not chunk:
            return False
        read += len(chunk)
        if read > MAX_EXPORT_BYTES:
            raise InterchangeError(f"{name} is too large to be an rmf-app export.")
        offset += pos
        buf = buf[pos:] + chunk
        pos = 0
        return True

    while True:
        # outside a string: copy up to the next quote
        q = buf.find(b'"', pos)
        while q < 0:
            text += buf[pos:]
            pos = len(buf)
            if not more():
                return bytes(text), spans
            q = buf.find(b'"', pos)
        text += buf[pos:q]
        sha_key = (
            _SHA_KEY.search(text[-200:]) if text[-1:] and text[-1] in _WHITESPACE_OR_COLON else None
        )
        stream = None
        if sha_key is not None:
            sha = sha_key.group(1).decode("ascii")
            stream = _Base64Stream(f"{name}: attachment {sha[:12]}…")
            start = offset + q + 1
        else:
            text += b'"'
        pos = q + 1
        # inside a string: up to the first quote not escaped by an odd run of backslashes
        run = 0  # backslashes that ended the part of this string already taken
        while True:
            q = buf.find(b'"', pos)
            if q < 0:
                piece = buf[pos:]
                stripped = len(piece.rstrip(b"\\"))
                run = run + len(piece) if stripped == 0 else len(piece) - stripped
                if stream is None:
                    text += piece
                else:
                    stream.feed(piece)
                pos = len(buf)
                if not more():
                    raise InterchangeError(f"{name} is not valid JSON (it ends inside a text).")
                continue
            i = q
            while i > pos and buf[i - 1] == 0x5C:
                i -= 1
            backslashes = q - i + (run if i == pos else 0)
            if backslashes % 2:  # an escaped quote: part of the text
                if stream is None:
                    text += buf[pos : q + 1]
                else:
                    stream.feed(buf[pos : q + 1])
                pos, run = q + 1, 0
                continue
            if stream is None:
                text += buf[pos : q + 1]
            else:
                stream.feed(buf[pos:q], final=True)
                if stream.digest.hexdigest() != sha:
                    raise InterchangeError(
                        f"{name}: attachment {sha[:12]}… does not match its SHA-256."
                    )
                mark = f"rmf-app-attachment-{token}-{len(spans)}"
                spans[mark] = AttachmentSpan(sha, start, offset + q, stream.size)
                text += f'"{mark}"'.encode("ascii")
            pos = q + 1
            break


class _SpanReader:
    """The decoded bytes of one attachment in an export file, read a chunk at a time."""

    def __init__(self, fh: IO[bytes], span: AttachmentSpan) -> None:
        self._fh = fh
        self._pos = span.start
        self._end = span.end
        self._stream = _Base64Stream(f"attachment {span.sha256[:12]}…")
        self._out = b""

    def read(self, n: int) -> bytes:
        while len(self._out) < n and self._pos < self._end:
            self._fh.seek(self._pos)
            raw = self._fh.read(min(_STREAM_CHUNK, self._end - self._pos))
            if not raw:
                break
            self._pos += len(raw)
            self._out += self._stream.feed(raw, final=self._pos >= self._end)
        piece, self._out = self._out[:n], self._out[n:]
        return piece


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
    """The CSV tables (header row first): responses, risks, actions, and genai-actions while
    the Generative AI Profile is switched on. Text from users is neutralized."""
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


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def write_csv(rows: list[list[Any]], out: str | os.PathLike[str]) -> None:
    with atomic_output(out) as fh:
        fh.write(_csv_bytes(rows))


def write_csv_tables(tables: Mapping[Path, list[list[Any]]]) -> None:
    """Write several tables that belong together: all of them, or (on any failure) none."""
    data = [_csv_bytes(rows) for rows in tables.values()]
    with atomic_outputs(list(tables)) as handles:
        for fh, raw in zip(handles, data, strict=True):
            fh.write(raw)


CsvWriter = Callable[[list[list[Any]], str | os.PathLike[str]], None]
