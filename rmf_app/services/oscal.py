"""OSCAL export and import (issue #14, point 4): Assessment Results and POA&M files.

The documents themselves are built in ``domain.oscal``; here they are written (both files
or neither) and an rmf-app Assessment Results file is read back into a new .airmf.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..domain import oscal
from ..domain.assessment import Assessment
from ..domain.overlay import Overlay
from ..storage.atomic import atomic_outputs
from ..storage.content import bundled_overlay, bundled_overlay_ids
from ..storage.errors import StorageError
from ..storage.inputs import open_regular_file
from .report_copy import save_report_copy

#: the largest AR file read back (the canonical JSON carries no attachment bytes)
MAX_AR_BYTES = 256 * 1024 * 1024


def _overlays(assessment: Assessment | None = None) -> list[Overlay]:
    """The bundled overlays' content: those ``assessment`` has switched on, or all of them."""
    ids = bundled_overlay_ids()
    if assessment is not None:
        ids = tuple(i for i in ids if assessment.overlay(i) is not None)
    return [bundled_overlay(i) for i in ids]


def oscal_targets(source: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """The Assessment Results and POA&M files written for ``source`` into ``out_dir``."""
    stem = Path(source).stem
    folder = Path(out_dir)
    return [folder / f"{stem}-assessment-results.json", folder / f"{stem}-poam.json"]


def export_oscal(
    assessment: Assessment, source: str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> list[Path]:
    """Write the OSCAL Assessment Results and POA&M of ``assessment`` into ``out_dir``
    (created when missing); both files appear complete, or neither does."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise StorageError(
            f"{folder} is a file, not a folder. Give a folder for the OSCAL files "
            "(it is created when missing)."
        )
    if not folder.exists() and folder.suffix.lower() in (".json", ".xml", ".yaml"):
        raise StorageError(
            f"The OSCAL export writes two files into a folder; {folder.name} looks like a file "
            "name. Give a folder instead, e.g. -o oscal/."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Cannot create the folder {folder}: {exc.strerror}.") from None
    targets = oscal_targets(source, folder)
    ar = oscal.assessment_results(assessment, _overlays(assessment))
    docs = [oscal.dumps(ar), oscal.dumps(oscal.poam(assessment))]
    with atomic_outputs(targets) as handles:
        for fh, data in zip(handles, docs, strict=True):
            fh.write(data)
    return targets


def import_oscal(
    src: str | os.PathLike[str], out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Create a new .airmf from an Assessment Results file that rmf-app exported.

    Raises:
        StorageError: the file cannot be read, is not JSON, is not an rmf-app Assessment
            Results file, was changed after export, or the target exists.
    """
    src, out = Path(src), Path(out)
    with open_regular_file(src, "imported") as fh:
        try:
            raw = fh.read(MAX_AR_BYTES + 1)
        except OSError as exc:
            raise StorageError(f"Cannot read {src}: {exc.strerror}.") from None
    if len(raw) > MAX_AR_BYTES:
        raise StorageError(f"{src.name} is too large to be an rmf-app OSCAL export.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StorageError(
            f"{src.name} is not a JSON file. rmf-app imports OSCAL assessment results in JSON "
            "that it exported itself."
        ) from None
    try:
        assessment = oscal.assessment_from_ar(data, src.name, _overlays())
    except oscal.OscalImportError as exc:
        raise StorageError(str(exc)) from None
    return save_report_copy(assessment, out, who, overwrite=overwrite)
