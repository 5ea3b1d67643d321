"""A single-writer lock: an operating-system lock on a sidecar file beside the assessment.

The OS releases the lock when the holding process dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

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


class FileLock:
    """Exclusive, non-blocking lock held for as long as an assessment is open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it (or it cannot be created)."""
        for _ in range(5):
            try:
                fh = open(self.path, "a+b")
            except OSError:
                return False
            if not _try_lock(fh):
                fh.close()
                return False
            # The holder before us may have removed the file between our open and our lock:
            # only a lock on the file that is still at the path counts.
            try:
                same = os.path.samestat(os.fstat(fh.fileno()), os.stat(self.path))
            except OSError:
                same = False
            if same:
                self._fh = fh
                return True
            fh.close()
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
