"""Start-up, the window first: ``rmf-app FILE.airmf`` shows its window before the data layer is
imported, then loads the file and fills the window.

Importing pydantic and rmf-app's models costs more than showing a window, so the first frame
comes from :class:`OpeningWindow`, built from Qt alone: the window's title with the file's name,
its menu bar, the navigator's frame and a line "Opening …". Nothing from the file is shown
before it has been validated: the window names the file only by the path the user gave. Then
:func:`rmf_app.gui.app.run_opened` imports the rest, opens the file in the real main window at
the same place and size, and that window takes over.

This module imports nothing of rmf-app's below the GUI, and only what Qt needs to draw.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .collector import pause_collector, resume_collector
from .common.screen import fit_to_screen

#: the QSettings names and keys the main window uses (gui/app.py, gui/common/settings.py)
ORGANISATION = APPLICATION = "rmf-app"
GEOMETRY_KEY = "persist/geometry"
#: packages that never import PySide6 (the data layer, and what it is built on)
NO_QT_PACKAGES = (
    "rmf_app.domain",
    "rmf_app.storage",
    "rmf_app.services",
    "rmf_app.report",
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_extensions",
    "typing_inspection",
    "platformdirs",
    "sqlite3",
    "email",
    "json",
    "importlib",
    "zoneinfo",
    "uuid",
)
#: the menus of the main window, in order (gui/actions.py), shown inactive while opening
MENU_TITLES = ("&File", "&Edit", "&Go", "&View", "&Help")


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpeningWindow", text)


class OpeningWindow(QMainWindow):
    """The main window's first frame while a file opens: title, menus, the navigator's frame
    and a progress line. It holds nothing from the file."""

    def __init__(self, path: str) -> None:
        super().__init__()
        name = Path(path).name
        self.setObjectName("opening_window")
        self.setWindowTitle(_tr("{0} — rmf-app").format(name))
        for title in MENU_TITLES:
            self.menuBar().addMenu(_tr(title)).setEnabled(False)
        split = QSplitter(Qt.Orientation.Horizontal)
        navigator = QFrame()
        navigator.setFrameShape(QFrame.Shape.StyledPanel)
        navigator.setAccessibleName(_tr("Navigator"))
        split.addWidget(navigator)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        row = QHBoxLayout()
        self.message = QLabel(_tr("Opening {0}…").format(name))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(_tr("Progress"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy: how long validation takes is not known
        self.busy.setMaximumWidth(240)
        self.busy.setAccessibleName(_tr("Opening"))
        row.addStretch(1)
        row.addWidget(self.message)
        row.addWidget(self.busy)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        split.addWidget(page)
        split.setSizes([460, 900])
        self.setCentralWidget(split)
        fit_to_screen(self, 1360, 860)
        saved = QSettings(ORGANISATION, APPLICATION).value(GEOMETRY_KEY)
        if saved is not None:
            self.restoreGeometry(saved)  # where the main window was last time


def _uses_pyside_fast(original: Callable[[object], bool]) -> Callable[[object], bool]:
    """PySide6's import hook's question, "does this module's source name PySide6?", answered
    without reading the source through ``inspect`` (see :func:`quick_imports`)."""

    def uses_pyside(module: object) -> bool:
        name = str(getattr(module, "__name__", ""))
        # the data layer and the standard library never name PySide6: the hook's own answer
        if name.startswith(NO_QT_PACKAGES) or name.partition(".")[0] in sys.stdlib_module_names:
            return False
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.original = original  # type: ignore[attr-defined]
    return uses_pyside


@contextmanager
def quick_imports() -> Iterator[None]:
    """Import the rest of rmf-app after Qt without PySide6 reading every module's source.

    Once loaded, PySide6 checks each newly imported module for the name ``PySide6`` by
    reading its source through ``inspect`` (``shibokensupport.feature._mod_uses_pyside``),
    which also keeps every line in ``linecache``: for pydantic, the models and the GUI that
    is ~190 files and 1.5 MB. The data layer and the standard library never name PySide6
    (a test enforces it for the former), so for them the answer is known; any other module's
    file is searched for the name as bytes, the hook's own test without the detour. The
    faster hook stays for the rest of the run (later imports ask it too); if PySide6 changes
    that private hook, nothing is patched and start-up is merely slower.
    """
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]

        original = feature._mod_uses_pyside
    except (ImportError, AttributeError):
        yield
        return
    if not hasattr(original, "original"):  # not installed yet
        feature._mod_uses_pyside = _uses_pyside_fast(original)
    yield


def opens_a_file(files: Sequence[str]) -> bool:
    """Whether the window-first start applies: one or more files to open, no smoke test."""
    return bool(files) and not os.environ.get("RMF_APP_QUIT_AFTER_START")


def show_opening(path: str) -> OpeningWindow:
    """Create the application and show the opening window (its first frame drawn)."""
    # read by Qt when it first paints: see gui/app.py create_application
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    window = OpeningWindow(path)
    window.show()
    app.processEvents()
    return window


def run(files: list[str]) -> int:
    """``rmf-app [FILE…]``: the window first when there is a file to open."""
    if not opens_a_file(files):
        resume_collector()  # in case the command line paused it: no window-first start here
        from .app import run as run_app

        return run_app(files)
    pause_collector()  # resumed once the workspace is ready (gui/app.py open_in_place)
    opening = show_opening(files[0])
    with quick_imports():
        from .app import run_opened

    return run_opened(files, opening)
