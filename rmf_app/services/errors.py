"""The errors the GUI and the CLI catch, re-exported so they never reach into storage."""

from __future__ import annotations

from ..storage.airmf import Cancelled, Progress
from ..storage.errors import (
    DamagedFileError,
    DiskFullError,
    DiskIOError,
    FileLockedError,
    FileRemovedError,
    FileReplacedError,
    SaveError,
    StorageError,
    WriteProtectedError,
    describe_validation_error,
    join_names,
)

__all__ = [
    "Cancelled",
    "DamagedFileError",
    "DiskFullError",
    "DiskIOError",
    "FileLockedError",
    "FileRemovedError",
    "FileReplacedError",
    "Progress",
    "SaveError",
    "StorageError",
    "WriteProtectedError",
    "describe_validation_error",
    "join_names",
]
