"""Compact file: give back the space of attached files nothing refers to any more.

Opening a file never deletes anything; removing an evidence item keeps its bytes (so undo can
bring it back). This explicit step removes what no evidence item, and no earlier final revision,
refers to, and shrinks the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..storage.airmf import AirmfFile, CompactResult
from ..storage.errors import ReadOnlyError

__all__ = ["CompactResult", "compact_file"]


def compact_file(path: str | os.PathLike[str]) -> CompactResult:
    """Compact a closed assessment file; raises StorageError (a message for the user) when the
    file is damaged, not ours, or open elsewhere — nothing is removed then."""
    store = AirmfFile.open(path)
    try:
        if store.read_only_reason is not None:
            raise ReadOnlyError(
                f"{Path(path).name} cannot be compacted because {store.read_only_reason}. "
                "Close it there first. Nothing was removed."
            )
        return store.compact()
    finally:
        store.close()
