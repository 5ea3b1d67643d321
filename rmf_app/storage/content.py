"""Loading bundled content from ``playbook_data`` (importlib.resources): the playbook, overlays
and crosswalks.

An overlay lives in ``playbook_data/overlays/<id>/``: ``overlay.json`` (header, risks,
subcategories) and one file of actions per function (the same names as the playbook's).
A crosswalk is one file, ``playbook_data/crosswalks/<id>.json``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import from_json

from ..domain.crosswalk import Crosswalk
from ..domain.playbook import Playbook
from .errors import StorageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ..domain.overlay import Overlay  # read only for assessments that use an overlay

BUNDLED_PACKAGE = "playbook_data"
FUNCTION_FILES = ("govern.json", "map.json", "measure.json", "manage.json")
OVERLAYS_DIR = "overlays"
OVERLAY_FILE = "overlay.json"
CROSSWALKS_DIR = "crosswalks"
#: the bundled crosswalks, in the order the app shows them
CROSSWALK_IDS = ("iso42001", "euaia")
_OVERLAY_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(StorageError):
    """The playbook content is invalid: names the file, the entry and the field."""


@cache
def _package_root(package: str) -> Traversable:
    """Where a content package's files are (looked up once: it costs ~1 M instructions)."""
    return resources.files(package)


def _read_json(name: str) -> Any:
    """A bundled JSON file by its path inside the package ("overlays/genai/map.json").

    Parsed by pydantic-core's JSON reader, which takes half the time of ``json`` for the
    ~400 kB a start reads (playbook and crosswalks)."""
    target = _package_root(BUNDLED_PACKAGE)
    for part in name.split("/"):
        target = target.joinpath(part)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise ContentError(f"bundled playbook file {name} is missing; reinstall rmf-app") from None
    except OSError as exc:
        raise ContentError(
            f"bundled playbook file {name} cannot be read ({exc.strerror or exc}); "
            "reinstall rmf-app"
        ) from None
    try:
        return from_json(data)
    except ValueError as exc:
        raise ContentError(f"bundled playbook file {name} is not valid JSON: {exc}") from None


def playbook_from_parts(head: dict[str, Any], parts: list[dict[str, Any]]) -> Playbook:
    """Assemble and validate a playbook from its header and the per-function parts."""
    data = dict(head)
    data["categories"] = [c for p in parts for c in p.get("categories", [])]
    data["subcategories"] = [s for p in parts for s in p.get("subcategories", [])]
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        raise ContentError(
            "invalid playbook content: "
            + _locate(exc, data, ("subcategories", "categories", "functions"))
        ) from None


def _locate(exc: ValidationError, data: dict[str, Any], lists: tuple[str, ...]) -> str:
    """Each validation problem named by its entry's id (an entry of one of ``lists``) and
    its field: "GOVERN 1.1: questions", "MP-1.1-001: risks"."""
    lines = []
    for err in exc.errors()[:10]:
        loc = list(err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] in lists:
            try:
                entry = data[str(loc[0])][int(loc[1])]
                ident = entry.get("id", f"#{loc[1]}") if isinstance(entry, dict) else f"#{loc[1]}"
                if not isinstance(ident, str) or not ident.strip():
                    ident = f"{loc[0]} #{int(loc[1]) + 1}"
                field = ".".join(str(p) for p in loc[2:]) or "(entry)"
                where = f"{ident}: {field}"
            except (IndexError, ValueError, TypeError):
                pass
        lines.append(f"{where}: {msg}" if where else msg)
    return "; ".join(lines)


@cache
def bundled_playbook() -> Playbook:
    """The bundled playbook, validated once per process. Raises ContentError if it is broken."""
    head = _read_json("framework.json")
    return playbook_from_parts(head, [_read_json(n) for n in FUNCTION_FILES])


def bundled_overlay_ids() -> tuple[str, ...]:
    """Ids of the overlays bundled with rmf-app (folders holding an overlay.json), sorted."""
    root = _package_root(BUNDLED_PACKAGE).joinpath(OVERLAYS_DIR)
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            d.name
            for d in root.iterdir()
            if d.is_dir() and _OVERLAY_ID_RE.match(d.name) and d.joinpath(OVERLAY_FILE).is_file()
        )
    )


def overlay_from_parts(head: dict[str, Any], parts: list[dict[str, Any]]) -> Overlay:
    """Assemble and validate an overlay from its header and its per-function action files."""
    data = dict(head)
    data["actions"] = [a for p in parts for a in p.get("actions", [])]
    from ..domain.overlay import Overlay  # read only for assessments that use an overlay

    try:
        return Overlay.model_validate(data)
    except ValidationError as exc:
        overlay_id = data.get("id") if isinstance(data.get("id"), str) else "?"
        where = _locate(exc, data, ("risks", "subcategories", "actions"))
        raise ContentError(f"invalid overlay content ({overlay_id}): {where}") from None



@cache
def bundled_overlay(overlay_id: str) -> Overlay:
    """A bundled overlay by id, validated once per process.

    Raises ContentError when no such overlay is bundled or when its content is broken.
    """
    available = bundled_overlay_ids()
    if overlay_id not in available:
        known = ", ".join(available) or "none"
        raise ContentError(f"no bundled overlay {overlay_id!r} (available: {known})")
    base = f"{OVERLAYS_DIR}/{overlay_id}"
    head = _read_json(f"{base}/{OVERLAY_FILE}")
    if not isinstance(head, dict):
        raise ContentError(f"bundled overlay file {base}/{OVERLAY_FILE} must hold a JSON object")
    parts = [_read_json(f"{base}/{n}") for n in FUNCTION_FILES]
    for name, part in zip(FUNCTION_FILES, parts, strict=True):
        if not isinstance(part, dict) or not isinstance(part.get("actions"), list):
            raise ContentError(f"bundled overlay file {base}/{name} must hold an 'actions' list")
    if "actions" in head:
        raise ContentError(f"{base}/{OVERLAY_FILE}: actions belong in the per-function files")
    result = overlay_from_parts(head, parts)
    if result.id != overlay_id:
        raise ContentError(f"{base}/{OVERLAY_FILE}: id is {result.id!r}, expected {overlay_id!r}")
    return result


def _locate_crosswalk(exc: ValidationError, data: dict[str, Any], name: str) -> str:
    """Name the entry (reference id, or the pair's subcategory and reference) of each problem."""
    lines = []
    for err in exc.errors()[:10]:
        loc = list(err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] in ("refs", "pairs", "annex_iii_areas"):
            try:
                entry = data[str(loc[0])][int(loc[1])]
                if loc[0] == "pairs" and isinstance(entry, dict):
                    ident = f"pair {entry.get('subcategory')} -> {entry.get('ref')}"
                elif isinstance(entry, dict):
                    ident = f"{loc[0]} {entry.get('id', '#' + str(int(loc[1]) + 1))}"
                else:
                    ident = f"{loc[0]} #{int(loc[1]) + 1}"
                field = ".".join(str(p) for p in loc[2:]) or "(entry)"
                where = f"{ident}: {field}"
            except (IndexError, ValueError, TypeError):
                pass
        lines.append(f"{where}: {msg}" if where else msg)
    return f"invalid crosswalk {name}: " + "; ".join(lines)


def crosswalk_from_data(data: Any, name: str = "crosswalk") -> Crosswalk:
    """Validate a crosswalk's JSON data; ``name`` says which file in a message."""
    if not isinstance(data, dict):
        raise ContentError(f"{name} must hold a JSON object")
    try:
        return Crosswalk.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_locate_crosswalk(exc, data, name)) from None


@cache
def bundled_crosswalk(crosswalk_id: str) -> Crosswalk:
    """A bundled crosswalk by id ("iso42001", "euaia"), validated once per process.

    Raises ContentError when no such crosswalk is bundled or when its content is broken.
    """
    if crosswalk_id not in CROSSWALK_IDS:
        raise ContentError(
            f"no bundled crosswalk {crosswalk_id!r} (available: {', '.join(CROSSWALK_IDS)})"
        )
    name = f"{CROSSWALKS_DIR}/{crosswalk_id}.json"
    result = crosswalk_from_data(_read_json(name), name)
    if result.id != crosswalk_id:
        raise ContentError(f"{name}: id is {result.id!r}, expected {crosswalk_id!r}")
    return result
