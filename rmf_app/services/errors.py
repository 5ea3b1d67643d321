"""The errors the GUI and the CLI catch, re-exported so they never reach into storage."""

from __future__ import annotations

from ..storage.airmf import Cancelled, Progress
from ..storage.errors import (
    DamagedFileError,
    StorageError,
    describe_validation_error,
    join_names,
)

__all__ = [
    "Cancelled",
    "DamagedFileError",
    "Progress",
    "StorageError",
    "describe_validation_error",
    "join_names",
]
