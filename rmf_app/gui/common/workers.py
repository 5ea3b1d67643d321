"""Long work off the GUI thread: a JSON import, exports and attachments on the thread pool.

The job never touches a widget: it reports through its ``signals`` object, which lives in the
GUI thread, so every emission reaches the window as a queued call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from ...services.errors import Cancelled, StorageError
from ...services.interchange import import_json


class JobSignals(QObject):
    """Signals:
    started(): the job began on its worker thread.
    succeeded(str): the job finished; the argument is the file it wrote.
    failed(str): the job failed; the message says why and what to do.
    cancelled(): the user cancelled; nothing was left behind.
    """

    started = Signal()
    succeeded = Signal(str)
    failed = Signal(str)
    cancelled = Signal()


class ImportJob(QRunnable):
    """Create an .airmf from a JSON export (``interchange.import_json``) on a pool thread.

    The import writes a temporary file and renames it into place at the very end, so a
    cancelled or failed import leaves nothing behind: a cancel that arrives after the rename
    removes the new file again.

    Args:
        source: the JSON export.
        target: the .airmf to create (must not exist).
        user: the name recorded in the change history.
    """

    def __init__(self, source: Path, target: Path, user: str) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports back
        self.source = source
        self.target = target
        self.user = user
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        self.signals.started.emit()
        try:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
                return
            try:
                path = import_json(self.source, self.target, self.user)
            except StorageError as exc:
                self.signals.failed.emit(str(exc))
                return
            except Exception as exc:  # never a traceback in the user's face
                self.signals.failed.emit(
                    f"{self.source.name} could not be imported ({type(exc).__name__}: {exc})."
                )
                return
            if self._cancel.is_set():
                path.unlink(missing_ok=True)
                self.signals.cancelled.emit()
                return
            self.signals.succeeded.emit(str(path))
        finally:
            self.done.set()


class ValueSignals(QObject):
    """Signals:
    succeeded(object): the job's result.
    failed(str): the job failed; the message says why and what to do.
    """

    succeeded = Signal(object)
    failed = Signal(str)


class CallJob(QRunnable):
    """Run a service call on a pool thread and report its result (or its message).

    Args:
        call: the function to run; it must not touch any widget.
        what: names the work in the message of an unexpected failure.
    """

    def __init__(self, call: Callable[[], Any], what: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.call = call
        self.what = what
        self.signals = ValueSignals()

    def run(self) -> None:
        try:
            result = self.call()
        except StorageError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never a traceback in the user's face
            self.signals.failed.emit(f"{self.what} failed ({type(exc).__name__}: {exc}).")
        else:
            self.signals.succeeded.emit(result)


class ProgressSignals(QObject):
    """Signals:
    progress(int, int): done and total, in the work's own units (bytes, steps); throttled.
    succeeded(object): the work's result.
    failed(str): the work failed; the message says why and what to do.
    cancelled(): the user cancelled; the work left nothing behind.
    """

    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


#: at most this many progress reports per job reach the GUI
PROGRESS_STEPS = 200


class ProgressJob(QRunnable):
    """Run ``work(progress, cancelled)`` on a pool thread, with progress and cancel.

    ``work`` is a service call that reports progress through its ``progress(done, total)``
    argument and raises ``Cancelled`` when ``cancelled()`` turns true; it must not touch any
    widget. Progress reaches the GUI as queued signals (at most :data:`PROGRESS_STEPS`).

    Args:
        work: the call to run.
        what: names the work in the message of an unexpected failure.
    """

    def __init__(self, work: Callable[..., Any], what: str) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until it reports back
        self.work = work
        self.what = what
        self.signals = ProgressSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        self._last_step = -1

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        step = done * PROGRESS_STEPS // total if total > 0 else 0
        if step != self._last_step:
            self._last_step = step
            self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            try:
                result = self.work(self._progress, self._cancel.is_set)
            except Cancelled:
                self.signals.cancelled.emit()
            except StorageError as exc:
                self.signals.failed.emit(str(exc))
            except Exception as exc:  # never a traceback in the user's face
                self.signals.failed.emit(f"{self.what} failed ({type(exc).__name__}: {exc}).")
            else:  # a cancel that came after the work was done: the owner sees is_cancelled
                self.signals.succeeded.emit(result)
        finally:
            self.done.set()
