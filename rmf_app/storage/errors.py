"""Errors a user can act on: each says what happened and what to do."""

from __future__ import annotations

import os


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


class SaveError(StorageError):
    """A change could not be written to the file; the text says why and what to do.

    ``cause`` names the reason in one word ("disk_full", "replaced", "removed", "read_only",
    "locked", "io") and :attr:`short` is the line a banner shows.
    """

    cause = "io"

    def __init__(self, message: str, short: str, reason: str = "") -> None:
        super().__init__(message)
        self.short = short
        #: the cause as a phrase ("the disk is full"), for a message of one's own
        self.reason = reason or short


class DiskFullError(SaveError):
    cause = "disk_full"


class FileReplacedError(SaveError):
    cause = "replaced"


class FileRemovedError(SaveError):
    cause = "removed"


class WriteProtectedError(SaveError):
    cause = "read_only"


class FileLockedError(SaveError):
    cause = "locked"


class DiskIOError(SaveError):
    cause = "io"


# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 13, 14
_SQLITE_READONLY_DBMOVED = _SQLITE_READONLY | (4 << 8)


def file_replaced(name: str) -> FileReplacedError:
    return FileReplacedError(
        f"{name} was replaced by another file since rmf-app opened it, so rmf-app does not write "
        "into it. Your changes are kept here: use File ▸ Save As… to save them (choose another "
        "name to keep the other file).",
        "Not saved: the file was replaced by another program — use Save As…",
        "the file was replaced by another program",
    )


def file_removed(name: str) -> FileRemovedError:
    return FileRemovedError(
        f"{name} was moved or deleted since rmf-app opened it. Your changes are kept here: use "
        "File ▸ Save As… to save them.",
        "Not saved: the file was moved or deleted — use Save As…",
        "the file was moved or deleted",
    )


def save_error(exc: BaseException, name: str) -> SaveError:
    """The :class:`SaveError` for a failure while writing file ``name``.

    Maps ``sqlite3`` errors (by their result code) and ``OSError`` (by errno) to a message that
    says what happened and what to do; a SaveError is returned as it is.
    """
    import errno
    import sqlite3

    if isinstance(exc, SaveError):
        return exc
    kind = "io"
    detail = str(exc)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc).lower()
        if code == _SQLITE_READONLY_DBMOVED:
            return file_replaced(name)
        if primary == _SQLITE_FULL or "disk is full" in text:
            kind = "disk_full"
        elif primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
            kind = "read_only"
        elif primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
            kind = "locked"
        elif primary == _SQLITE_CANTOPEN:
            kind = "removed"
    elif isinstance(exc, OSError):
        detail = exc.strerror or str(exc)
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            kind = "disk_full"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            kind = "read_only"
        elif exc.errno == errno.ENOENT:
            kind = "removed"
    if kind == "disk_full":
        return DiskFullError(
            f"The disk holding {name} is full, so your last changes were not saved. They are "
            "kept here and saved as soon as there is room: free some space (rmf-app tries again "
            "by itself), or use File ▸ Save As… to save them somewhere else.",
            "Not saved: disk full — free space or Save As…",
            "the disk is full",
        )
    if kind == "read_only":
        return WriteProtectedError(
            f"{name} or its folder can no longer be written to, so your last changes were not "
            "saved. They are kept here: make the file writable again (rmf-app tries again by "
            "itself), or use File ▸ Save As… to save them somewhere else.",
            "Not saved: the file became write-protected — make it writable or Save As…",
            "the file or its folder cannot be written to",
        )
    if kind == "locked":
        return FileLockedError(
            f"Another program is holding {name} locked, so your last changes were not saved. "
            "They are kept here: close the other program (rmf-app tries again by itself), or use "
            "File ▸ Save As… to save them somewhere else.",
            "Not saved: the file is locked by another program — close it or Save As…",
            "another program holds the file locked",
        )
    if kind == "removed":
        return file_removed(name)
    return DiskIOError(
        f"A disk error stopped rmf-app saving {name} ({detail}). Your last changes are kept "
        "here: check the disk or network drive (rmf-app tries again by itself), or use "
        "File ▸ Save As… to save them somewhere else.",
        "Not saved: a disk error — check the drive or Save As…",
        f"a disk error ({detail})",
    )


def copy_error(exc: BaseException, target: os.PathLike[str] | str) -> SaveError:
    """The :class:`SaveError` for a failure while writing a copy to ``target`` (Save As):
    nothing was written there, and another place may work."""
    err = save_error(exc, str(target))
    reason = "that folder cannot be written to" if err.cause == "removed" else err.reason
    return type(err)(
        f"Cannot save as {target}: {reason}. Nothing was written there; choose another place "
        "(another drive, a USB stick or a network folder).",
        f"Could not save as {os.path.basename(target)}: {reason}",
        reason,
    )
