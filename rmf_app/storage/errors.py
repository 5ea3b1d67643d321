"""Errors a user can act on: each says what happened and what to do."""

from __future__ import annotations


class StorageError(Exception):
    """A problem with a file, phrased for the user (what happened, then what to do)."""


class NotAnAssessmentFile(StorageError):
    pass


class NewerFileError(StorageError):
    pass


class CorruptFileError(StorageError):
    pass


class ReadOnlyError(StorageError):
    pass


class InterchangeError(StorageError):
    """A JSON or CSV file that cannot be imported or written."""


def describe_validation_error(exc: Exception, prefix: str = "") -> str:
    """Turn a pydantic ValidationError into short lines naming each field."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)
    lines = []
    for err in errors()[:8]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        where = f"{prefix}{loc}" if loc else prefix.rstrip(".") or "value"
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        lines.append(f"{where}: {msg}")
    more = len(errors()) - 8
    if more > 0:
        lines.append(f"… and {more} more problem(s)")
    return "; ".join(lines)
