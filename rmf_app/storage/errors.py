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


class DamagedFileError(CorruptFileError):
    """Stored documents do not match their checksums or cannot be read; ``damaged`` names each
    ("risk R-003 (does not match its checksum)"). The file can still be opened read-only
    without them (``allow_damaged``)."""

    def __init__(self, name: str, damaged: list[str]) -> None:
        self.damaged = list(damaged)
        super().__init__(
            f"{name} is damaged: {join_names(damaged)}. It was changed outside rmf-app or by "
            "a disk fault; it was left unchanged. Open it read-only to see and export what is "
            "intact, or restore it from a backup."
        )


def join_names(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c" (at most six, then "and N more")."""
    shown = names[:6]
    if len(names) > 6:
        shown.append(f"{len(names) - 6} more")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


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
