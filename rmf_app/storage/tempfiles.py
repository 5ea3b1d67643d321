"""The temporary files a writer keeps beside its target until it renames them into place.

A temporary is created empty with the permissions any new file of the user gets (the umask
applies); just before the rename it takes the mode of the file it replaces, so a ``--force`` or
a re-export never turns a private (0600) file into a world-readable one. A failed write (a full
disk above all) becomes one message that says what to do (:func:`write_error`).

A killed run leaves its temporaries behind (a whole imported assessment, perhaps). Every writer
first removes the stale ones in its target folder (:func:`remove_stale_temporaries`): only files
named as rmf-app names them and untouched for :data:`STALE_AFTER_SECONDS`, so a temporary that
another rmf-app is still writing is never taken from under it.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import StorageError
from .schema import APPLICATION_ID

#: what the OS says when a disk (or the user's quota) is full
_FULL_ERRNOS = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: marks a temporary as rmf-app's: ".NAME.rmf-app-XXXXXXXX.tmp" (and SQLite's "-journal" of it)
_TAG = "rmf-app-"
#: long target names are shortened in the temporary's name, which must stay under NAME_MAX
_MAX_NAME_PART = 120


def _temp_name(target: Path) -> str:
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f".{target.name[:_MAX_NAME_PART]}.{_TAG}{suffix}.tmp"


def make_temp(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file beside ``target`` (never an existing one); returns its
    open descriptor (read-write) and its path, as :func:`tempfile.mkstemp` does. Stale
    temporaries of killed runs in that folder are removed first.

    Raises OSError when the folder cannot be written.
    """
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(folder)
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


# -- leftovers of interrupted runs -------------------------------------------------------------

#: a temporary untouched this long belongs to a run that ended without cleaning up (the writers
#: touch theirs continuously: SQLite writes the .airmf and its journal, exports write as they go)
STALE_AFTER_SECONDS = 600

_OURS = re.compile(r"^\.(?P<name>.+)\." + _TAG + r"[a-z0-9]{8}\.tmp(?P<journal>-journal)?$")
#: how rmf-app 1.0 named them (mkstemp's ".NAME.XXXXXXXX.tmp"): removed only when the name is
#: that of one of its outputs and the content is what it writes there
_EARLIER = re.compile(
    r"^\.(?P<name>.+\.(?P<ext>airmf|json|csv|pdf))\.[a-z0-9_]{8}\.tmp(?P<journal>-journal)?$"
)
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_SQLITE_MAGIC = b"SQLite format 3\x00"

_listeners: list[Callable[[str], None]] = []
_listeners_lock = threading.Lock()


def on_leftovers_removed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(message)`` whenever a writer has removed leftover temporaries (from any
    thread; the message says how many and where). Returns the call that stops it."""
    with _listeners_lock:
        _listeners.append(listener)

    def stop() -> None:
        with _listeners_lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def _looks_like_ours(name: str, head: bytes) -> bool:
    if _OURS.match(name):
        return True
    m = _EARLIER.match(name)
    if m is None:
        return False
    if not head:
        return True  # created, then killed before the first byte
    if m["journal"]:
        return m["ext"] == "airmf" and head.startswith(_JOURNAL_MAGIC)
    ext = m["ext"]
    if ext == "airmf":
        return head.startswith(_SQLITE_MAGIC) and (
            len(head) < 72 or int.from_bytes(head[68:72], "big") == APPLICATION_ID
        )
    if ext == "json":
        return head.lstrip()[:1] in (b"{", b"")
    if ext == "csv":
        return head.startswith(b"\xef\xbb\xbf")
    return head.startswith(b"%PDF-")


def remove_stale_temporaries(folder: str | os.PathLike[str], *, now: float | None = None) -> int:
    """Remove rmf-app's stale temporaries in ``folder`` (not below it); returns how many.

    Tells the listeners (:func:`on_leftovers_removed`) when there were any. Anything that goes
    wrong (a folder that cannot be listed, a file that cannot be removed) is left as it is.
    """
    folder = Path(folder)
    now = time.time() if now is None else now
    removed = freed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith(".") or ".tmp" not in name:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_AFTER_SECONDS:
                continue
            with open(entry.path, "rb", opener=_no_follow) as fh:
                head = fh.read(100)
            if not _looks_like_ours(name, head):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed += 1
        freed += st.st_size
    if removed:
        _tell(
            f"Removed {removed} leftover temporary file{'s' if removed != 1 else ''} "
            f"({_size(freed)}) from an interrupted rmf-app import or export in {folder}."
        )
    return removed


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    value = n / 1000
    for unit in ("KB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def _tell(message: str) -> None:
    with _listeners_lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(message)
