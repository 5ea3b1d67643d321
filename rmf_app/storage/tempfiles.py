"""The temporary files a writer keeps beside its target until it renames them into place.

A temporary is created empty with the permissions any new file of the user gets (the umask
applies); just before the rename it takes the mode of the file it replaces, so a ``--force`` or
a re-export never turns a private (0600) file into a world-readable one. A failed write (a full
disk above all) becomes one message that says what to do (:func:`write_error`).
"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import StorageError

#: what the OS says when a disk (or the user's quota) is full
_FULL_ERRNOS = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: long target names are shortened in the temporary's name, which must stay under NAME_MAX
_MAX_NAME_PART = 120


def _temp_name(target: Path) -> str:
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f".{target.name[:_MAX_NAME_PART]}.{suffix}.tmp"


def make_temp(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file beside ``target`` (never an existing one); returns its
    open descriptor (read-write) and its path, as :func:`tempfile.mkstemp` does.

    Raises OSError when the folder cannot be written.
    """
    folder = target.parent if str(target.parent) else Path(".")
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / _temp_name(target)
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as to any new file
        except FileExistsError:
            continue
        return fd, tmp
    raise OSError(errno.EEXIST, "no free temporary file name", str(folder))


def keep_mode(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permission bits of the regular file ``target`` it is about to replace
    (nothing to do when ``target`` does not exist yet: ``tmp`` has the user's default)."""
    try:
        st = os.stat(target)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        os.chmod(tmp, stat.S_IMODE(st.st_mode))


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or an error it was raised while handling) says the disk is full:
    ENOSPC or a quota from the OS, SQLITE_FULL from SQLite."""
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return True
        if isinstance(e, sqlite3.Error) and (
            getattr(e, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(e)
        ):
            return True
    return False


def write_error(what: str | os.PathLike[str], exc: BaseException) -> StorageError:
    """The message for a write of ``what`` that failed with ``exc`` (an OSError or a SQLite
    error): what happened and what to do."""
    if is_disk_full(exc):
        return StorageError(
            f"Not enough disk space to write {what}: free some space or choose another folder."
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StorageError(
        f"Cannot write {what}: {reason}. Choose a folder you can write to, with free space."
    )
