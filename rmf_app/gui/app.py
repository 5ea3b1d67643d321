"""Application start-up: ``rmf-app`` and ``rmf-app FILE.airmf`` end up in :func:`run`."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# The data layer before Qt (a plain ``rmf-app`` start imports this module first): once PySide6
# is loaded it reads the source of every module imported after it (looking for
# ``from __feature__ import``), which for pydantic and the models costs tens of milliseconds.
from ..services.session import default_user  # isort: skip

from PySide6.QtCore import (
    QByteArray,
    QLibraryInfo,
    QLocale,
    QSettings,
    QSize,
    QThreadPool,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .common.colours import dark_palette
from .common.interaction import HeadlessInteraction, Interaction
from .common.settings import Settings
from .main_window import AppContext, MainWindow

#: Set (to anything) to start, open the files, turn the event loop once and quit: a smoke test
#: of an installed or frozen build (packaging/smoke.sh). Nothing is asked, nothing of the user's
#: settings is read or written; the exit code is 1 when a file could not be opened.
QUIT_AFTER_START = "RMF_APP_QUIT_AFTER_START"

ORGANISATION = "rmf-app"
APPLICATION = "rmf-app"


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), with names, translations and the desktop file name."""
    # Qt splits every tall fill of its software painter across a thread pool; for a window of
    # forms and text that costs more in hand-offs than it saves (on two cores, moving to the
    # next subcategory took ~25 % longer). Read by Qt when it first paints; the user's own
    # setting wins.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("rmf-app")
    app.setDesktopFileName("io.github.rmf_app.RmfApp")  # packaging/io.github.rmf_app.RmfApp.desktop
    app.setWindowIcon(window_icon())
    if dark_palette(app.palette()):  # indicators that read in a dark palette
        from .common.style import ContrastStyle  # only then: its Qt types cost ~15 ms to load

        if not isinstance(app.style(), ContrastStyle):
            app.setStyle(ContrastStyle(app.style().name()))
    _install_translators(app)
    return app


#: the window icon's sizes, rendered from resources/rmf-app.svg by packaging/make_icons.py
WINDOW_ICON_SIZES = (16, 32, 48, 64, 128, 256)


def window_icon() -> QIcon:
    """The app's icon in the sizes desktops show. PNGs, not the SVG: an SVG icon loads Qt's
    SVG library and icon-engine plugin at start (~2 ms), and X11 renders it at every size."""
    icon = QIcon()
    folder = Path(__file__).with_name("resources")
    for size in WINDOW_ICON_SIZES:
        icon.addFile(str(folder / f"rmf-app-{size}.png"), QSize(size, size))
    return icon


def _install_translators(app: QApplication) -> None:
    """Qt's own strings and rmf-app's, for the user's language, when a catalog exists."""
    if app.property("rmf_translators_installed"):
        return
    app.setProperty("rmf_translators_installed", True)
    locale = QLocale()
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    ours = QTranslator(app)
    if ours.load(locale, "rmf_app", "_", str(Path(__file__).with_name("i18n"))):
        app.installTranslator(ours)


def default_context() -> AppContext:
    return AppContext(
        settings=Settings(QSettings(ORGANISATION, APPLICATION)),
        interaction=Interaction(),
        pool=QThreadPool.globalInstance(),
    )


def open_windows(
    ctx: AppContext,
    files: Sequence[str],
    geometry: QByteArray | None = None,
    replaces: QWidget | None = None,
) -> list[MainWindow]:
    """One window per file given (or one start page), shown; the first one at ``geometry``
    when given (the opening window's place), closing ``replaces`` as soon as it is shown —
    before anything is asked (the user's name on a first start) or opened."""
    windows = []
    for n, f in enumerate(list(files) or [""]):
        # an .airmf opens at once: the start page is not needed (a report is verified first)
        opening = Path(f).suffix.lower() == ".airmf"
        window = MainWindow(
            AppContext(ctx.settings, _own_interaction(ctx), ctx.pool), opening=opening
        )
        if n == 0 and geometry is not None:
            window.restoreGeometry(geometry)
        window.show()
        if n == 0 and replaces is not None:
            replaces.close()
            replaces.deleteLater()
        if f:
            window.open_path(f)
            window.opened()
        windows.append(window)
    return windows


def _own_interaction(ctx: AppContext) -> Interaction:
    """Each window parents its own dialogs; a headless interaction is shared as it is."""
    return Interaction() if type(ctx.interaction) is Interaction else ctx.interaction


def smoke_context(folder: str) -> AppContext:
    """Settings in a throw-away file and no dialogs (messages go to stderr)."""
    settings = Settings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
    settings.user_name = default_user()
    return AppContext(settings, HeadlessInteraction(), QThreadPool.globalInstance())


def run(files: list[str]) -> int:
    """Start the desktop app with the given files open; returns the exit code."""
    app = create_application()
    if os.environ.get(QUIT_AFTER_START):
        from PySide6.QtCore import QEventLoop  # the smoke test's only: not set up at start

        with tempfile.TemporaryDirectory(prefix="rmf-app-smoke-") as folder:
            ctx = smoke_context(folder)
            windows = open_windows(ctx, files)
            while any(w.busy_opening() for w in windows):  # a PDF report is verified first
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            opened = all(w.session is not None for w in windows) if files else True
            QTimer.singleShot(0, app.quit)  # quit() closes the windows (and their files)
            app.exec()
            for w in windows:
                w.close()
            assert isinstance(ctx.interaction, HeadlessInteraction)
            for message in ctx.interaction.messages:
                print(f"rmf-app: {message.title}: {message.text}", file=sys.stderr)
            return 0 if opened and not ctx.interaction.messages else 1
    ctx = default_context()
    windows = open_windows(ctx, files)
    code = app.exec()
    del windows
    from ..services.attachments import remove_extracted

    remove_extracted()  # the attachments opened for viewing (also run at exit, as a fallback)
    return int(code)


def open_in_place(
    files: Sequence[str], opening: QWidget, ctx: AppContext | None = None
) -> list[MainWindow]:
    """The window-first start's second half (gui/launch.py): open the files in main windows
    that take the opening window's place, then close it."""
    from .collector import resume_collector

    try:
        app = create_application()
        windows = open_windows(
            ctx or default_context(), files, geometry=opening.saveGeometry(), replaces=opening
        )
        app.processEvents()
    finally:
        resume_collector()  # paused by launch.run until the workspace is ready
    return windows


def run_opened(files: Sequence[str], opening: QWidget) -> int:
    """Finish a window-first start and run the event loop."""
    app = create_application()
    windows = open_in_place(files, opening)
    code = app.exec()
    del windows
    return int(code)
