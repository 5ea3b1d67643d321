"""Python's cycle collector, paused while the app starts (no Qt here: the command line pauses
it before PySide6 is imported)."""

from __future__ import annotations

import gc

#: whether :func:`pause_collector` paused Python's cycle collector (and must resume it)
_collector_paused = False


def pause_collector() -> None:
    """Pause Python's cycle collector until the workspace is ready.

    A start imports pydantic, builds the models, validates the bundled content and the file
    and creates the window's widgets: hundreds of thousands of objects that live as long as
    the app, which the collector would otherwise walk again and again while they are made
    (about a tenth of the time to the workspace). Reference counting frees everything else as
    usual. :func:`resume_collector` restarts it.
    """
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """Restart the cycle collector paused by :func:`pause_collector`, with what the start made
    set aside (``gc.freeze``): it lives as long as the app and need never be walked again."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()
