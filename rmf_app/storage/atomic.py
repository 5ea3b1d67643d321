"""Writing an output file all at once or not at all: a temp file beside it, renamed into place."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import StorageError
from .locking import held_for_writing, lock_path
from .tempfiles import keep_mode, make_temp


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[bytes]]:
    """Open a temp file next to ``path``; rename it over ``path`` only if the block succeeds.

    Raises StorageError (with what to do) when the folder cannot be written; on any error the
    temp file is removed, so neither a half-written file nor a stray temp file is left behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise StorageError(f"Cannot write {target}: it is a folder. Give a file name.")
    if not folder.is_dir():
        raise StorageError(
            f"Cannot write {target}: {folder} is not an existing folder. Choose another location."
        )
    with _locked_if_assessment(target):
        with _atomic_output(target, folder, mode) as fh:
            yield fh


def _locked_if_assessment(target: Path) -> contextlib.AbstractContextManager[None]:
    """An assessment file (or anything with a lock beside it) is replaced only under its lock,
    so an export never lands on a file another rmf-app has open."""
    if target.suffix.lower() == ".airmf" or os.path.lexists(lock_path(target)):
        return held_for_writing(target)
    return contextlib.nullcontext()


@contextlib.contextmanager
def _atomic_output(target: Path, folder: Path, mode: str) -> Iterator[IO[bytes]]:
    try:
        fd, tmp = make_temp(target)
    except OSError as exc:
        raise StorageError(
            f"Cannot write {target}: {exc.strerror}. Choose a folder you can write to."
        ) from None
    try:
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        keep_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
