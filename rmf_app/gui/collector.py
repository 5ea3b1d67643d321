"""The start's pause of Python's cycle collector (see :mod:`rmf_app.services.collector`): the
command line takes it before PySide6 is imported, the main window gives it back once the
workspace is ready. Taking it twice holds one pause."""

from __future__ import annotations

from ..services import collector

#: whether the start holds a pause of the collector
_held = False


def pause_collector() -> None:
    """Pause the cycle collector until the workspace is ready (:func:`resume_collector`)."""
    global _held
    if not _held:
        _held = True
        collector.pause()


def resume_collector() -> None:
    """Give back the start's pause, with what the start made set aside (it lives as long as
    the app)."""
    global _held
    if _held:
        _held = False
        collector.resume(freeze=True)
