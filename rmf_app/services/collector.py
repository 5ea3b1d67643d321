"""Python's cycle collector, paused while rmf-app makes many objects that live on: a report's
layout, the app's start. Qt-free and import-light (the command line pauses it before PySide6
is imported).

Laying out a report or starting the app makes hundreds of thousands of objects; the collector
would walk them again and again while they are made without freeing anything (reference
counting frees the rest as usual), costing about a tenth of either. Pauses nest and may
overlap across threads: the collector runs again after the last one ends, and only if it was
running before the first.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pausers = 0
_was_on = True


def pause() -> None:
    """Pause the cycle collector; each pause needs its :func:`resume`."""
    global _pausers, _was_on
    with _lock:
        if _pausers == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _pausers += 1


def resume(*, freeze: bool = False) -> None:
    """End one pause. ``freeze``: what exists now lives as long as the app (a start's
    objects) and need never be walked again (``gc.freeze``)."""
    global _pausers
    with _lock:
        if freeze:
            gc.freeze()
        _pausers -= 1
        if _pausers == 0 and _was_on:
            gc.enable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the ``with`` block (a report's layout)."""
    pause()
    try:
        yield
    finally:
        resume()
