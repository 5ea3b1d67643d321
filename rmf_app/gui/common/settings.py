"""Preferences and window state in QSettings: typed declarations, one place for every key.

Nothing but preferences lives here (SPEC §4): recent files, the user's name, window layout.
The QSettings object is handed in, so tests use a file of their own and never the user's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")
MAX_RECENT = 10


@dataclass(frozen=True)
class Option(Generic[T]):
    """A typed setting: its key and default (Picard-style option declarations)."""

    key: str
    default: T


USER_NAME = Option("user/name", "")
RECENT_FILES = Option[list[str]]("files/recent", [])
LAST_FOLDER = Option("files/last_folder", "")
# the "persist" section: window layout, not preferences
GEOMETRY = Option("persist/geometry", QByteArray())
WINDOW_STATE = Option("persist/window_state", QByteArray())
NAV_SPLITTER = Option("persist/navigator_splitter", QByteArray())
PAGE_SPLITTER = Option("persist/page_splitter", QByteArray())


class Settings:
    """Typed access to the application's QSettings.

    Args:
        qsettings: where the values live; ``QSettings("rmf-app", "rmf-app")`` in the app, a
            file in a temporary folder in tests.
    """

    def __init__(self, qsettings: QSettings) -> None:
        self.q = qsettings

    def get_str(self, option: Option[str]) -> str:
        value = self.q.value(option.key, option.default)
        return value if isinstance(value, str) else option.default

    def get_bytes(self, option: Option[QByteArray]) -> QByteArray:
        value = self.q.value(option.key)
        return value if isinstance(value, QByteArray) else QByteArray()

    def set(self, option: Option[T], value: T) -> None:
        self.q.setValue(option.key, value)

    # -- the user's name -----------------------------------------------------------------
    @property
    def user_name(self) -> str:
        return self.get_str(USER_NAME).strip()

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.set(USER_NAME, name.strip())

    # -- recent files ----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.q.value(RECENT_FILES.key, [])
        if isinstance(value, str):  # QSettings returns one string for a one-element list
            value = [value]
        if not isinstance(value, list):
            return []
        return [v for v in value if isinstance(v, str) and v][:MAX_RECENT]

    def add_recent_file(self, path: str | os.PathLike[str]) -> None:
        p = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != p]
        self.q.setValue(RECENT_FILES.key, [p, *files][:MAX_RECENT])
        self.set(LAST_FOLDER, str(Path(p).parent))

    def remove_recent_file(self, path: str) -> None:
        self.q.setValue(RECENT_FILES.key, [f for f in self.recent_files() if f != path])

    def last_folder(self) -> str:
        folder = self.get_str(LAST_FOLDER)
        return folder if folder and Path(folder).is_dir() else ""

    def sync(self) -> None:
        self.q.sync()
