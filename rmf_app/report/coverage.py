"""Which fields of an assessment hold characters no font on this system prints.

The report prints such a character as "\ufffd"; the export names the fields instead of leaving
the reader to find the placeholders. A field is named by its path in the assessment
("profile.owner", "risks[R-003].title", "responses[MAP 1.1].notes").
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..domain.assessment import Assessment
from .fonts import uncovered


def uncovered_fields(assessment: Assessment) -> tuple[str, ...]:
    """Each text field with characters no font prints, as "path: characters", in model order."""
    out: list[str] = []
    _walk(assessment, "", out)
    return tuple(out)


def _walk(value: Any, path: str, out: list[str]) -> None:
    if isinstance(value, str):
        missing = uncovered(value)
        if missing:
            out.append(f"{path}: {missing}")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(getattr(value, name), f"{path}.{name}" if path else name, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}[{key}]", out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            label = getattr(item, "id", None) if isinstance(item, BaseModel) else None
            _walk(item, f"{path}[{label if isinstance(label, str) else i + 1}]", out)
