"""Writing a user's output file: complete or not at all (through a temporary file)."""

from __future__ import annotations

import os
from pathlib import Path

from ..storage.atomic import atomic_output
from ..storage.tempfiles import STALE_AFTER_SECONDS, on_leftovers_removed

__all__ = ["STALE_AFTER_SECONDS", "free_name", "on_leftovers_removed", "save_bytes"]


def save_bytes(out: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``out`` atomically; raises StorageError with a message for the user."""
    with atomic_output(out) as fh:
        fh.write(data)


def free_name(path: str | os.PathLike[str]) -> Path:
    """``path`` if nothing is there yet, else the first free "name (2).ext", "name (3).ext", …
    beside it: what to propose for a new file that must not replace one (an assessment).
    A path that names no file (empty, or a folder ending in a separator) is returned as given."""
    if not os.fspath(path) or os.fspath(path).endswith((os.sep, "/")):
        return Path(path)
    path = Path(path)
    if not path.name:
        return path
    n = 2
    candidate = path
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
