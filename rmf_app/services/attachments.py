"""Getting an attachment back out of an assessment, safely.

An attachment is written under a sanitised name into a fresh private temporary folder and
opened only when the user asks; those folders are removed when the process exits. Files of
executable types are never offered for opening, only for "Save as…".
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ..domain.assessment import Evidence
from ..storage.airmf import AirmfFile, Cancelled
from ..storage.atomic import atomic_output
from ..storage.errors import StorageError
from ..storage.inputs import check_regular_file
from .session import safe_filename

#: Extensions a desktop could run or interpret as code when "opened".
EXECUTABLE_EXTENSIONS = frozenset(
    """
    exe com bat cmd msi msp scr pif cpl hta jar js jse vbs vbe wsf wsh ps1 psm1 reg lnk url
    sh bash zsh csh ksh command app appimage run bin elf deb rpm apk dmg pkg py pyw pyc pl rb
    php desktop so dll dylib svg html htm xhtml shtml mht chm iso img
    """.split()
)
EXECUTABLE_TYPES = ("application/x-", "text/html", "application/javascript", "image/svg")


def is_executable(evidence: Evidence) -> bool:
    """True when the attachment should only ever be saved, never opened directly."""
    att = evidence.attachment
    if att is None:
        return False
    name = att.filename.lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext in EXECUTABLE_EXTENSIONS:
        return True
    media = att.media_type.lower()
    return any(media.startswith(t) for t in EXECUTABLE_TYPES) and not media.startswith(
        ("application/x-yaml", "application/x-ndjson")
    )


def check_attachable(path: str | os.PathLike[str]) -> None:
    """Raise StorageError (saying why) unless ``path`` is a regular file that can be attached.

    A named pipe, a device or a folder would block or never end the copy; this check is quick
    (a ``stat``) and the copy checks again on the file it opens.
    """
    check_regular_file(path, "attached")


def save_attachment(
    store: AirmfFile,
    evidence: Evidence,
    target: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write an attachment's bytes to ``target`` (all or nothing), streaming chunk by chunk."""
    att = evidence.attachment
    if att is None:
        raise StorageError(f"evidence {evidence.id} has no attached file")
    done = 0
    with atomic_output(target) as fh:
        for chunk in store.iter_attachment(att.sha256):
            if cancelled is not None and cancelled():
                raise Cancelled()
            fh.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, att.size)
    if done != att.size:
        Path(target).unlink(missing_ok=True)
        raise StorageError(f"the file attached to {evidence.id} is incomplete in this assessment")
    return Path(target)


def extract_for_viewing(store: AirmfFile, evidence: Evidence) -> Path:
    """Write a non-executable attachment to a private temp folder for the desktop to open."""
    if is_executable(evidence):
        raise StorageError(
            f"{evidence.attachment.filename if evidence.attachment else evidence.id} is a type that "
            "could run code, so it is not opened directly. Use 'Save as…' and check it first."
        )
    assert evidence.attachment is not None
    folder = Path(tempfile.mkdtemp(prefix="rmf-app-"))
    with _extracted_lock:
        _extracted.append(folder)
    return save_attachment(store, evidence, folder / safe_filename(evidence.attachment.filename))


#: the folders :func:`extract_for_viewing` made in this process
_extracted: list[Path] = []
_extracted_lock = threading.Lock()


def remove_extracted() -> None:
    """Remove the folders of the attachments extracted for viewing (run at exit; the app
    calls it when its last window has closed). A file a viewer still holds open on a system
    that refuses removing it is left for the system's temp cleaning."""
    with _extracted_lock:
        folders = list(_extracted)
        _extracted.clear()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(remove_extracted)
