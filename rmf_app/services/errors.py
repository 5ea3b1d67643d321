"""The errors the GUI and the CLI catch, re-exported so they never reach into storage."""

from __future__ import annotations

from ..storage.airmf import Cancelled, Progress
from ..storage.errors import StorageError, describe_validation_error

__all__ = ["Cancelled", "Progress", "StorageError", "describe_validation_error"]
