"""Reading a file the user pointed at: a regular file only, opened without ever blocking.

A named pipe (FIFO) blocks an ordinary ``open()`` until something writes to it, and a device
such as ``/dev/zero`` never ends; either would hang an attachment copy or an import beyond any
Cancel. So the path is checked with ``stat`` before it is opened, opened with ``O_NONBLOCK`` (a
pipe swapped in after the check cannot block the open), and checked again on the open handle.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import StorageError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular_reason(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _refusal(path: Path, kind: str, purpose: str) -> StorageError:
    return StorageError(
        f"{path.name} is {kind}, not a regular file; only regular files can be {purpose}. "
        "Choose the file itself."
    )


def check_regular_file(path: str | os.PathLike[str], purpose: str) -> None:
    """Raise StorageError unless ``path`` names an existing regular file (links followed).

    ``purpose`` completes "only regular files can be …" ("attached", "imported").
    """
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None
    kind = not_regular_reason(mode)
    if kind is not None:
        raise _refusal(p, kind, purpose)


def open_regular_file(path: str | os.PathLike[str], purpose: str) -> BinaryIO:
    """Open a regular file for reading in binary mode, refusing anything else (see above)."""
    p = Path(path)
    check_regular_file(p, purpose)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None
    try:
        kind = not_regular_reason(os.fstat(fd).st_mode)
        if kind is not None:  # replaced between the check and the open
            raise _refusal(p, kind, purpose)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike[str], purpose: str, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit + 1`` of them (so a caller can tell that
    the file is larger than ``limit`` without reading all of it)."""
    p = Path(path)
    with open_regular_file(p, purpose) as fh:
        try:
            return fh.read(limit + 1)
        except OSError as exc:
            raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None
