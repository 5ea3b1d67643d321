"""Writing a user's output file: complete or not at all (through a temporary file)."""

from __future__ import annotations

import os

from ..storage.atomic import atomic_output
from ..storage.tempfiles import STALE_AFTER_SECONDS, on_leftovers_removed

__all__ = ["STALE_AFTER_SECONDS", "on_leftovers_removed", "save_bytes"]


def save_bytes(out: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``out`` atomically; raises StorageError with a message for the user."""
    with atomic_output(out) as fh:
        fh.write(data)
