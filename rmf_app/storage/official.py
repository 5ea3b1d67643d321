"""Import of NIST's official AI RMF Playbook JSON as a versioned content pack.

The official export is a JSON array of 72 objects (``title`` "GOVERN 1.1", ``description``,
``section_about``, ``section_actions``, ``section_doc``, ``section_ref`` as markdown, ``AI
Actors`` and ``Topic`` lists). It is ordered alphabetically and its markdown is irregular; this
module validates it, normalizes it (framework order; ``-``/``*`` bullets with or without a space,
nested by spaces or tabs; the two ``section_doc`` headings split into questions and transparency
resources; malformed, bare and empty links; stray surrogates; whitespace; duplicate labels) and
stores it in the per-user data directory. A failed import leaves earlier packs untouched.

Hostile input is bounded before it is processed (file size, each field's length, the number
and length of labels, JSON nesting and number length), and every text-processing step takes
time in proportion to its input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import framework
from ..domain.labels import AI_ACTORS, TOPICS
from ..domain.official import Block, OfficialEntry, OfficialPack, OfficialReference
from .atomic import atomic_output
from .errors import StorageError
from .inputs import JsonProblem, load_json, read_regular_file
from .packs import PACK_ID, current_marker, packs_dir

PACK_TITLE = "NIST AI RMF Playbook (official text)"
# Bounds on what is read, each far above the official export (414 kB in 2023; its longest
# field, a reference list, is 12,423 characters; at most 13 labels in a list, 36 characters
# each) and far below what could hold the app up.
MAX_BYTES = 8 * 1024 * 1024
MAX_FIELD_CHARS = 100_000
MAX_LABELS = 100
MAX_LABEL_CHARS = 200
#: the export is a list of objects holding strings and lists of strings
MAX_DEPTH = 8
_REQUIRED = (
    "title",
    "description",
    "section_about",
    "section_actions",
    "section_doc",
    "section_ref",
)


class PlaybookImportError(StorageError):
    """The file is not an official Playbook export that can be imported."""


# -- text normalisation -------------------------------------------------------------------------

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-*•])(?=\S|\s+\S)\s*(?P<text>.*)$")
# Every pattern here runs in linear time on any text: no part can rescan what another start
# already scanned (a link label stops at the next bracket; its URL at a bracket, a space or an
# unbalanced parenthesis — "…Report%20(1).pdf" keeps its pair; a heading may not begin with a
# run of blank lines). Tests feed them pathological strings.
_MD_LINK = re.compile(r"\[(?P<label>[^\[\]]*)\]\s*\((?P<url>(?:[^()\[\]\s]|\([^()\[\]\s]*\))*)\)")
_BARE_URL = re.compile(r"https?://[^\s<>\"()\[\]]+[^\s<>\"()\[\].,;:]")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def clean_text(text: str) -> str:
    """Valid Unicode (lone surrogates replaced, pairs joined), single spaces, no edge spaces."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+", " ", text).strip()


def _indent_level(indent: str) -> int:
    width = len(indent.replace("\t", "    "))
    return min(width // 4 + (1 if width % 4 >= 2 else 0), 4)


def parse_blocks(markdown: str) -> list[Block]:
    """Paragraphs and (nested) bullet items of a markdown section.

    An indented line right after a bullet item continues it; the item's lines are gathered
    and joined once, so a long item costs time in proportion to its length.
    """
    blocks: list[Block] = []
    para: list[str] = []
    bullet: list[str] = []  # the last block, while it is a bullet item that may go on
    level = 0

    def end_bullet() -> None:
        if bullet:
            text = _strip_md(clean_text(" ".join(bullet)))
            blocks.append(Block(text=text, bullet=True, level=level))
            bullet.clear()

    def flush() -> None:
        if para:
            text = clean_text(" ".join(para))
            if text:
                end_bullet()
                blocks.append(Block(text=_strip_md(text)))
            para.clear()

    for raw in (markdown or "").replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            flush()
            continue
        if raw.lstrip().startswith("#"):
            flush()
            heading = clean_text(raw.lstrip().lstrip("#"))
            if heading:
                end_bullet()
                blocks.append(Block(text=heading))
            continue
        m = _BULLET.match(raw)
        if m and not raw.lstrip().startswith("**"):
            flush()
            if clean_text(m.group("text")):
                end_bullet()
                bullet.append(m.group("text"))
                level = _indent_level(m.group("indent"))
            continue
        if bullet and raw.startswith((" ", "\t")) and not para:
            bullet.append(raw)
            continue
        para.append(raw)
    flush()
    end_bullet()
    return blocks


def _strip_md(text: str) -> str:
    """Plain text: link labels with their URL when it is not the label, no emphasis marks."""

    def link(m: re.Match[str]) -> str:
        label, url = m.group("label").strip(), m.group("url").strip()
        if not url:
            return label
        if label.upper() == "URL" or not label:
            return url
        return f"{label} ({url})"

    text = _MD_LINK.sub(link, text)
    return _EMPHASIS.sub(r"\2", text)


def parse_references(markdown: str) -> list[OfficialReference]:
    """One reference per paragraph or bullet; ``###`` headings become groups."""
    refs: list[OfficialReference] = []
    group = ""
    for raw in re.split(r"\n\s*\n|\n(?=\s*[-*•])", markdown or ""):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            heading_lines = line.split("\n", 1)
            group = clean_text(heading_lines[0].lstrip("#"))
            if len(heading_lines) == 1:
                continue
            line = heading_lines[1].strip()
        line = re.sub(r"^[-*•]\s*", "", line)
        url = None
        m = None
        for m in _MD_LINK.finditer(line):
            if m.group("url").startswith(("http://", "https://")):
                url = m.group("url")
        if url is None:
            bare = _BARE_URL.search(line)
            url = bare.group(0) if bare else None
        citation = _MD_LINK.sub(
            lambda mm: mm.group("label") if mm.group("label").upper() != "URL" else "", line
        )
        if url:
            citation = citation.replace(url, "")
        citation = clean_text(citation).rstrip(" .,;:") + "."
        citation = re.sub(r"\s+\.$", ".", citation)
        if citation.strip(". "):
            refs.append(OfficialReference(citation=citation, url=url, group=group))
    return refs


_RESOURCES_HEADING = re.compile(r"^[ \t]*###[ \t]*AI Transparency Resources[ \t]*$", re.M | re.I)
_QUESTIONS_HEADING = re.compile(
    r"^[ \t]*###[ \t]*Organizations can document the following[ \t]*$", re.M | re.I
)


def _split_doc(markdown: str) -> tuple[str, str]:
    parts = _RESOURCES_HEADING.split(markdown or "", maxsplit=1)
    questions = _QUESTIONS_HEADING.sub("", parts[0])
    return questions, parts[1] if len(parts) > 1 else ""


def _dedupe(values: list[str]) -> list[str]:
    out: dict[str, None] = {}  # ordered, and a constant-time membership test
    for v in values:
        v = clean_text(v)
        if v:
            out.setdefault(v)
    return list(out)


def _entry(obj: dict[str, Any]) -> OfficialEntry:
    sid = " ".join(str(obj["title"]).upper().split())
    questions_md, resources_md = _split_doc(obj["section_doc"])
    actors = _dedupe(obj.get("AI Actors") or [])
    topics = _dedupe(obj.get("Topic") or [])
    # A topic listed as an actor ("Fairness and Bias") is moved to the topics.
    moved = [a for a in actors if a not in AI_ACTORS and a in TOPICS]
    if moved:
        actors = [a for a in actors if a not in moved]
        topics = _dedupe(topics + moved)
    return OfficialEntry(
        id=sid,
        statement=clean_text(obj["description"]),
        about=parse_blocks(obj["section_about"]),
        actions=parse_blocks(obj["section_actions"]),
        questions=[b.text for b in parse_blocks(questions_md) if b.text],
        transparency_resources=parse_references(resources_md),
        references=parse_references(obj["section_ref"]),
        actors=actors,
        topics=topics,
    )


def parse_official(raw: bytes, name: str = "the file") -> OfficialPack:
    """Validate and normalize an official Playbook export. Raises PlaybookImportError."""
    if len(raw) > MAX_BYTES:
        raise PlaybookImportError(
            f"{name} is over {MAX_BYTES // (1024 * 1024)} MB: far larger than the official "
            "Playbook export (under 1 MB). Check that you chose the right file."
        )
    try:
        data = load_json(raw, max_depth=MAX_DEPTH, unicode_text=False)
    except JsonProblem as exc:
        hint = (
            "so it is not the Playbook JSON export"
            if "not a text file" in str(exc)
            else "Download the Playbook's JSON export again"
        )
        raise PlaybookImportError(f"{name} {exc}; {hint}.") from None
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise PlaybookImportError(
            f"{name} does not have the shape of the NIST Playbook export (a list of entries, "
            "one per subcategory)."
        )
    by_id: dict[str, dict[str, Any]] = {}
    for i, obj in enumerate(data):
        missing = [k for k in _REQUIRED if not isinstance(obj.get(k), str)]
        if missing:
            raise PlaybookImportError(
                f"{name}: entry {i + 1} lacks {', '.join(missing)}; it is not the Playbook export."
            )
        sid = " ".join(obj["title"][:100].upper().split())
        if not framework.is_subcategory_id(sid):
            raise PlaybookImportError(
                f"{name}: entry {i + 1} has an unknown subcategory id {obj['title'][:100]!r}."
            )
        _check_sizes(obj, sid, name)
        if sid in by_id:
            raise PlaybookImportError(f"{name}: {sid} appears twice.")
        by_id[sid] = obj
    missing_ids = [s for s in framework.subcategory_ids() if s not in by_id]
    if missing_ids:
        shown = ", ".join(missing_ids[:5]) + (" …" if len(missing_ids) > 5 else "")
        raise PlaybookImportError(
            f"{name} lacks {len(missing_ids)} subcategories ({shown}); it is incomplete."
        )
    sha = hashlib.sha256(raw).hexdigest()
    try:
        return OfficialPack(
            id=PACK_ID,
            title=PACK_TITLE,
            version=f"sha256-{sha[:12]}",
            source_sha256=sha,
            imported_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            entries=[_entry(by_id[s]) for s in framework.subcategory_ids()],
        )
    except ValidationError as exc:  # pragma: no cover - normalisation keeps the shape valid
        raise PlaybookImportError(
            f"{name} could not be normalized: {exc.errors()[0]['msg']}"
        ) from None


def _check_sizes(obj: dict[str, Any], sid: str, name: str) -> None:
    """Refuse text far longer than any the official export holds, and labels that are not a
    list of short strings, before any of it is processed."""
    for key in _REQUIRED:
        if len(obj[key]) > MAX_FIELD_CHARS:
            raise PlaybookImportError(
                f"{name}: {sid} {key} is {len(obj[key]):,} characters; the limit is "
                f"{MAX_FIELD_CHARS:,} (the official export's longest is under 13,000). "
                "Check that you chose the right file."
            )
    for key in ("AI Actors", "Topic"):
        labels = obj.get(key)
        if labels is None:
            continue
        if not isinstance(labels, list) or not all(isinstance(v, str) for v in labels):
            raise PlaybookImportError(
                f"{name}: {sid} {key} is not a list of names; it is not the Playbook export."
            )
        if len(labels) > MAX_LABELS or any(len(v) > MAX_LABEL_CHARS for v in labels):
            raise PlaybookImportError(
                f"{name}: {sid} {key} holds more than {MAX_LABELS} names or a name longer "
                f"than {MAX_LABEL_CHARS} characters; it is not the Playbook export."
            )


# -- the pack store ------------------------------------------------------------------------------


def _pack_path(version: str) -> Path:
    return packs_dir() / PACK_ID / f"{version}.json"


def import_official(src: str | os.PathLike[str]) -> tuple[OfficialPack, bool]:
    """Import a Playbook export; returns the pack and whether it was new (else already there)."""
    src = Path(src)
    try:
        raw = read_regular_file(src, "imported", MAX_BYTES)
    except StorageError as exc:
        raise PlaybookImportError(str(exc)) from None
    pack = parse_official(raw, src.name)
    target = _pack_path(pack.version)
    existed = target.exists()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlaybookImportError(
            f"Cannot create the content-pack folder {target.parent}: {exc.strerror}."
        ) from None
    with atomic_output(target) as fh:
        fh.write(pack.model_dump_json(indent=1).encode("utf-8"))
    with atomic_output(current_marker()) as fh:
        fh.write(pack.version.encode("ascii"))
    return pack, not existed


def list_packs() -> list[str]:
    folder = packs_dir() / PACK_ID
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def current_official() -> OfficialPack | None:
    """The most recently imported official pack, or None when none has been imported."""
    try:
        version = current_marker().read_text("ascii").strip()
        return OfficialPack.model_validate_json(_pack_path(version).read_bytes())
    except (OSError, ValueError):
        return None
