"""Loading playbook content: the bundled pack from ``playbook_data`` (importlib.resources)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import ValidationError

from ..domain.playbook import Playbook
from .errors import StorageError

BUNDLED_PACKAGE = "playbook_data"
FUNCTION_FILES = ("govern.json", "map.json", "measure.json", "manage.json")


class ContentError(StorageError):
    """The playbook content is invalid: names the file, the entry and the field."""


def _read_json(name: str) -> Any:
    try:
        text = resources.files(BUNDLED_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"bundled playbook file {name} is missing; reinstall rmf-app") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"bundled playbook file {name} is not valid JSON: {exc}") from None


def playbook_from_parts(head: dict[str, Any], parts: list[dict[str, Any]]) -> Playbook:
    """Assemble and validate a playbook from its header and the per-function parts."""
    data = dict(head)
    data["categories"] = [c for p in parts for c in p.get("categories", [])]
    data["subcategories"] = [s for p in parts for s in p.get("subcategories", [])]
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_locate(exc, data)) from None


def _locate(exc: ValidationError, data: dict[str, Any]) -> str:
    """Name the entry id and the field for each validation problem."""
    lines = []
    for err in exc.errors()[:10]:
        loc = list(err.get("loc", ()))
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] in ("subcategories", "categories", "functions"):
            try:
                entry = data[str(loc[0])][int(loc[1])]
                ident = entry.get("id", f"#{loc[1]}") if isinstance(entry, dict) else f"#{loc[1]}"
                field = ".".join(str(p) for p in loc[2:]) or "(entry)"
                where = f"{ident}: {field}"
            except (IndexError, ValueError, TypeError):
                pass
        lines.append(f"{where}: {err.get('msg')}")
    return "invalid playbook content: " + "; ".join(lines)


@cache
def bundled_playbook() -> Playbook:
    """The bundled playbook, validated once per process. Raises ContentError if it is broken."""
    head = _read_json("framework.json")
    return playbook_from_parts(head, [_read_json(n) for n in FUNCTION_FILES])
