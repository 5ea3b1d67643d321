"""A single-writer lock: an operating-system lock on a sidecar file beside the assessment.

The OS releases the lock when the holding process dies, so a crash never leaves a stale lock.
Every writer that replaces an assessment file takes the same lock first (:func:`held_for_writing`),
so a file open in the GUI is never replaced underneath it. The lock file is never followed
through a symbolic link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import StorageError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a named pipe planted there must not block the open

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fh: IO[bytes]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class LockPathError(StorageError):
    """Something that is not rmf-app's lock file sits where the lock file goes.

    ``reason`` says the same as the message, phrased to follow "read-only because".
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _not_a_lock(lock: Path, what: str) -> LockPathError:
    return LockPathError(
        f"{lock} is {what}, not rmf-app's lock file; nothing was written. "
        f"Remove {lock.name} (rmf-app makes a new one when needed) and try again.",
        f"{lock.name} beside it is {what}, not rmf-app's lock file (remove it to edit)",
    )


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device or other special file"


def _open_lock_file(lock: Path) -> IO[bytes]:
    """Open (or create) the lock file without ever following a symbolic link.

    Raises LockPathError when something else is at that path; OSError when it cannot be made.
    """
    try:
        mode = os.lstat(lock).st_mode
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(mode):
            raise _not_a_lock(lock, _kind(mode))
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        # a link or a folder planted between the check above and the open
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            try:
                what = _kind(os.lstat(lock).st_mode)
            except OSError:
                what = "something other than a regular file"
            raise _not_a_lock(lock, what) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_lock(lock, _kind(mode))
        return os.fdopen(fd, "r+b")
    except BaseException:
        os.close(fd)
        raise


class FileLock:
    """Exclusive, non-blocking lock held for as long as an assessment is open for writing.

    The lock file is opened without following symbolic links; when something other than a
    regular file is at its path, :meth:`acquire` returns False and ``problem`` says what is
    wrong (:meth:`take` raises it instead).
    """

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fh: IO[bytes] | None = None
        self.problem: LockPathError | None = None

    def take(self) -> bool:
        """Take the lock; False when another process holds it.

        Raises LockPathError when the lock path is not a regular file, and OSError when the
        lock file cannot be created.
        """
        for _ in range(5):
            fh = _open_lock_file(self.path)
            if not _try_lock(fh):
                fh.close()
                return False
            # The holder before us may have removed the file between our open and our lock:
            # only a lock on the file that is still at the path counts.
            try:
                same = os.path.samestat(os.fstat(fh.fileno()), os.lstat(self.path))
            except OSError:
                same = False
            if same:
                self._fh = fh
                return True
            fh.close()
        return False

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it or it cannot be created
        (``problem`` is set when the lock path is something other than a lock file)."""
        try:
            return self.take()
        except LockPathError as exc:
            self.problem = exc
            return False
        except OSError:
            return False

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        try:
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


@contextlib.contextmanager
def held_for_writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the lock of ``path`` while it is written or replaced; refuse when it is taken.

    Raises StorageError (what is wrong and what to do) when another rmf-app holds the file open,
    when something other than a lock file sits at the lock path, or when the lock cannot be
    created.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise StorageError(
            f"Cannot write {target}: the folder {folder} does not exist. "
            "Create it first or choose another location."
        )
    if not folder.is_dir():
        raise StorageError(
            f"Cannot write {target}: {folder} is not a folder. Choose another location."
        )
    lock = FileLock(target)
    try:
        taken = lock.take()
    except OSError as exc:
        raise StorageError(
            f"Cannot write {target}: {exc.strerror or exc}. Choose a folder you can write to."
        ) from None
    if not taken:
        raise StorageError(
            f"{target.name} is open in rmf-app (another window or process); close it there first."
        )
    try:
        yield
    finally:
        lock.release()
