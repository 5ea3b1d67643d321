"""Interchange use cases: JSON export and import, the canonical JSON, CSV tables.

The GUI and the CLI call these; the file formats themselves live in ``storage.interchange``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..storage import interchange
from .errors import StorageError
from .export import csv_targets
from .integrity import check_attachments
from .session import AssessmentSession


def export_json(session: AssessmentSession, out: str | os.PathLike[str]) -> None:
    """The whole assessment, attachments included, as JSON (written atomically).

    Attached files are checked against their SHA-256 first: a damaged one stops the export
    (DamagedFileError naming it), so no export carries bytes that import would refuse.
    """
    check_attachments(session)
    interchange.export_json(session.store, out)


def export_canonical(session: AssessmentSession, out: str | os.PathLike[str]) -> None:
    """The exact bytes the fingerprint hashes (written atomically)."""
    interchange.export_canonical(session.store, out)


def export_csv(
    session: AssessmentSession,
    out: str | os.PathLike[str],
    *,
    table: str | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the CSV tables (or just ``table`` to ``out``); returns the files written."""
    tables = interchange.csv_tables(session.assessment, session.playbook, session.scores(today=today))
    if table is not None:
        if table not in tables:
            raise StorageError(
                f"There is no {table} table: the Generative AI Profile is not switched on for "
                "this assessment."
            )
        interchange.write_csv(tables[table], out)
        return [Path(out)]
    targets = {name: t for name, t in csv_targets(out).items() if name in tables}
    interchange.write_csv_tables({target: tables[name] for name, target in targets.items()})
    return list(targets.values())


def import_json(
    src: str | os.PathLike[str], out: str | os.PathLike[str], who: str, *, overwrite: bool = False
) -> Path:
    """Create a new .airmf from a JSON export; the target appears complete or not at all."""
    return interchange.import_json(src, out, who, overwrite=overwrite)


#: exports up to this size are checked before the user is asked where the import goes (larger
#: ones are checked by the import itself, on a worker, before anything is written)
PRECHECK_BYTES = 64 << 20


def check_before_import(src: str | os.PathLike[str]) -> None:
    """Refuse a file that is not an rmf-app export before asking anything (small files only:
    see :data:`PRECHECK_BYTES`). Raises InterchangeError (a StorageError) saying why."""
    try:
        size = Path(src).stat().st_size
    except OSError:
        size = 0  # the import says what is wrong with it
    if size <= PRECHECK_BYTES:
        interchange.check_export(src)
