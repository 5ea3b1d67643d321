"""Writing output files all at once or not at all: temp files beside them, renamed into place."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import StorageError
from .locking import held_for_writing, lock_path
from .tempfiles import keep_mode, make_temp, write_error


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO[bytes]]:
    """Open a temp file next to ``path``; rename it over ``path`` only if the block succeeds.

    Raises StorageError (with what to do) when the folder cannot be written or the disk is
    full; on any error the temp file is removed, so neither a half-written file nor a stray
    temp file is left behind.
    """
    with atomic_outputs([path], mode) as (fh,):
        yield fh


@contextlib.contextmanager
def atomic_outputs(
    paths: Sequence[str | os.PathLike[str]], mode: str = "wb"
) -> Iterator[list[IO[bytes]]]:
    """Like :func:`atomic_output` for several files that belong together (the CSV tables):
    all of them are replaced, or none is.

    Every file is written and synced under a temporary name first; only then are they renamed
    into place. Should a rename fail, the ones already renamed are put back as they were.
    """
    targets = [Path(p) for p in paths]
    what = ", ".join(str(t) for t in targets)
    for target in targets:
        folder = target.parent if str(target.parent) else Path(".")
        if target.is_dir():
            raise StorageError(f"Cannot write {target}: it is a folder. Give a file name.")
        if not folder.is_dir():
            raise StorageError(
                f"Cannot write {target}: {folder} is not an existing folder. "
                "Choose another location."
            )
    with contextlib.ExitStack() as locks:
        for target in targets:
            locks.enter_context(_locked_if_assessment(target))
        temps: list[Path] = []
        try:
            handles = []
            with contextlib.ExitStack() as files:
                for target in targets:
                    fd, tmp = make_temp(target)
                    temps.append(tmp)
                    handles.append(files.enter_context(os.fdopen(fd, mode)))
                yield handles
                for fh in handles:
                    fh.flush()
                    os.fsync(fh.fileno())
            _rename_all(temps, targets)
            temps.clear()
        except OSError as exc:
            raise write_error(what, exc) from None
        finally:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _locked_if_assessment(target: Path) -> contextlib.AbstractContextManager[None]:
    """An assessment file (or anything with a lock beside it) is replaced only under its lock,
    so an export never lands on a file another rmf-app has open."""
    if target.suffix.lower() == ".airmf" or os.path.lexists(lock_path(target)):
        return held_for_writing(target)
    return contextlib.nullcontext()


def _rename_all(temps: list[Path], targets: list[Path]) -> None:
    """Rename each temp over its target; on a failure, undo the renames already made."""
    if len(targets) == 1:
        keep_mode(temps[0], targets[0])
        os.replace(temps[0], targets[0])
        return
    done: list[tuple[Path, Path | None]] = []  # (target, a hard link to what it was)
    try:
        for tmp, target in zip(temps, targets, strict=True):
            keep_mode(tmp, target)
            old: Path | None = None
            if os.path.isfile(target):
                fd, old = make_temp(target)
                os.close(fd)
                os.unlink(old)
                try:
                    os.link(target, old)
                except OSError:
                    old = None
            try:
                os.replace(tmp, target)
            except BaseException:
                if old is not None:
                    os.unlink(old)
                raise
            done.append((target, old))
    except BaseException:
        for target, old in reversed(done):
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, target)
                else:
                    os.unlink(target)
        raise
    finally:
        for _target, old in done:
            if old is not None:
                with contextlib.suppress(OSError):
                    os.unlink(old)
