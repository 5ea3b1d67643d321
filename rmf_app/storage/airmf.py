"""The .airmf file: one assessment in a SQLite database used as an application file format.

Rules (SPEC §4): own ``application_id``; rollback journal, never WAL, so the closed file is
complete on its own; ``synchronous=FULL``; every edit one transaction; header, application id
and schema checked read-only before anything is written; newer or foreign files refused and left
untouched; older files migrated after a backup copy; one writer at a time through an OS lock on
a sidecar file — a second opener gets the file read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from .. import __version__
from ..domain.assessment import STORED, Action, Assessment, Evidence, Response, Risk
from . import schema, stored_json
from .errors import (
    CorruptFileError,
    DamagedFileError,
    NewerFileError,
    NotAnAssessmentFile,
    ReadOnlyError,
    StorageError,
    copy_error,
    file_removed,
    file_replaced,
    join_names,
    save_error,
)
from .locking import FileLock, held_for_writing
from .tempfiles import is_disk_full, keep_mode, make_temp, write_error

SQLITE_MAGIC = b"SQLite format 3\x00"
ITEM_KINDS: dict[str, type[Risk] | type[Action] | type[Evidence]] = {
    "risk": Risk,
    "action": Action,
    "evidence": Evidence,
}
_LIST_FIELD = {"risk": "risks", "action": "actions", "evidence": "evidence"}
#: Fields of Assessment kept in the 'core' document; the rest have rows of their own.
_SPLIT_FIELDS = {"responses", "risks", "actions", "evidence"}

Progress = Callable[[int, int], None]
#: a change-history row to write: (who, entity, field, old, new), optionally with the time it
#: was made (ISO 8601) when that was earlier than the write (a change saved on a retry)
HistoryRow = (
    tuple[str, str, str, str | None, str | None] | tuple[str, str, str, str | None, str | None, str]
)


class Cancelled(Exception):
    """Raised inside long work when the user cancelled it; nothing was changed."""


# The records below are NamedTuples, not frozen dataclasses: this module is imported on every
# start, and a dataclass compiles its methods when it is made (a few milliseconds each).
class HistoryEntry(NamedTuple):
    at: str
    who: str
    entity: str
    field: str
    old: str | None
    new: str | None


class RevisionRecord(NamedTuple):
    revision: int
    finalized_at: str
    fingerprint: str
    canonical: bytes


class CompactResult(NamedTuple):
    removed_attachments: int
    bytes_freed: int


class HeaderInfo(NamedTuple):
    application_id: int
    user_version: int
    page_size: int
    page_count: int | None
    #: SQLite's file change counter: a commit by any connection changes it
    change_counter: int = 0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _change_counter(path: Path) -> int | None:
    """SQLite's file change counter (header bytes 24-27), or None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            fh.seek(24)
            raw = fh.read(4)
    except OSError:
        return None
    return int(struct.unpack(">I", raw)[0]) if len(raw) == 4 else None


def app_id_of(head: bytes) -> int:
    """The application id in a SQLite header (bytes 68-71)."""
    return int(struct.unpack(">I", head[68:72])[0])


def read_header(path: Path, *, check_size: bool = True) -> HeaderInfo:
    """Check the first 100 bytes of a file without opening it as a database.

    ``check_size=False`` leaves out the comparison of the page count with the file's size,
    which only holds once an interrupted transaction has been rolled back.

    Raises NotAnAssessmentFile, CorruptFileError or NewerFileError with a message for the user.
    """
    name = path.name
    try:
        st = path.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            raise StorageError(
                f"{name} is not a regular file (a device, pipe or socket), so it cannot be an "
                "assessment. Choose the .airmf file itself."
            )
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise StorageError(f"{name} does not exist. Check the path and try again.") from None
    except IsADirectoryError:
        raise StorageError(f"{name} is a folder, not an assessment file.") from None
    except OSError as exc:
        raise StorageError(
            f"{name} cannot be read ({exc.strerror}). Check its permissions."
        ) from None
    if size == 0:
        raise NotAnAssessmentFile(f"{name} is empty: it is not an rmf-app assessment.")
    if not head.startswith(SQLITE_MAGIC[:15]) or len(head) < 100:
        if head.startswith(SQLITE_MAGIC[:6]) and len(head) < 100:
            raise CorruptFileError(
                f"{name} is truncated ({size} bytes). Restore it from a backup or copy."
            )
        if head.startswith(b"%PDF-"):
            raise NotAnAssessmentFile(
                f"{name} is a PDF report, not an assessment (.airmf) file. Check it with "
                f"'rmf-app verify {name}'; open it in rmf-app to read its data (read-only), "
                "and File ▸ Save as .airmf… there makes an editable copy."
            )
        raise NotAnAssessmentFile(
            f"{name} is not an rmf-app assessment (.airmf) file. "
            "Open a .airmf file, or import a JSON export with 'Import JSON'."
        )
    if app_id_of(head) != schema.APPLICATION_ID:
        raise NotAnAssessmentFile(
            f"{name} is a SQLite database of another application, not an rmf-app assessment. "
            "It was left unchanged."
        )
    write_version, read_version = head[18], head[19]
    if 2 in (write_version, read_version) and {write_version, read_version} <= {1, 2}:
        raise CorruptFileError(
            f"{name} has been switched to SQLite's WAL journal mode by another program; "
            "rmf-app files never use it, so it was not opened (and nothing was created beside "
            f"it). Restore a copy, or switch it back with: sqlite3 {name} "
            "'PRAGMA journal_mode=DELETE'."
        )
    if (write_version, read_version) != (1, 1):
        raise CorruptFileError(
            f"{name} is damaged: its header names an unknown file format version. Restore it "
            "from a backup; it was left unchanged."
        )
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    valid_for = struct.unpack(">I", head[92:96])[0]
    user_version, app_id = struct.unpack(">I", head[60:64])[0], app_id_of(head)
    counted = page_count if (valid_for == change_counter and page_count > 0) else None
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptFileError(
            f"{name} is damaged: its header names no valid page size. "
            "Restore it from a backup; the damaged file was left unchanged."
        )
    if check_size and size % page_size:
        raise CorruptFileError(
            f"{name} is damaged or truncated (its size does not match its page size). "
            "Restore it from a backup; the damaged file was left unchanged."
        )
    if check_size and counted is not None and size < counted * page_size:
        raise CorruptFileError(
            f"{name} is truncated: {size} bytes of the {counted * page_size} it should have. "
            "Restore it from a backup; the damaged file was left unchanged."
        )
    if user_version > schema.SCHEMA_VERSION:
        raise NewerFileError(
            f"{name} was made by a newer version of rmf-app (file format {user_version}; this "
            f"version reads up to {schema.SCHEMA_VERSION}). Update rmf-app to open it. "
            "The file was left unchanged."
        )
    if user_version < 1:
        raise NotAnAssessmentFile(
            f"{name} has no rmf-app file format version; it was left unchanged."
        )
    return HeaderInfo(app_id, user_version, page_size, counted, change_counter)


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0)
    con.execute("PRAGMA trusted_schema=OFF")
    con.execute("PRAGMA cell_size_check=ON")
    if not read_only:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=OFF")
    return con


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _verify(con: sqlite3.Connection, name: str, version: int) -> None:
    # SQLite's own report, and the names in a damaged schema, may hold bytes that are not UTF-8
    con.text_factory = _lenient_text
    try:
        _verify_structure(con, name, version)
    finally:
        con.text_factory = str


def _verify_structure(con: sqlite3.Connection, name: str, version: int) -> None:
    try:
        ok = con.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CorruptFileError(
            f"{name} is damaged ({_one_line(str(exc))}). Restore it from a backup; it was left "
            "unchanged."
        ) from None
    if ok != "ok":
        raise CorruptFileError(
            f"{name} is damaged ({_one_line(str(ok))[:200]}). Restore it from a backup; it was "
            "left unchanged."
        )
    if schema.actual_master(con) != schema.expected_master(version):
        raise NotAnAssessmentFile(
            f"{name} does not have the structure of an rmf-app file (format {version}); "
            "it may have been changed by another program. It was left unchanged."
        )


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _has_hot_journal(path: Path) -> bool:
    """Whether a crash left a journal to roll back: a non-empty journal and no rmf-app process
    holding the file's lock (a holder's journal belongs to its live transaction)."""
    try:
        if _journal_path(path).stat().st_size == 0:
            return False
    except OSError:
        return False
    lock = FileLock(path)
    if not lock.acquire():
        return False
    lock.release()
    return True


def _roll_back_hot_journal(path: Path) -> None:
    """Let SQLite undo a transaction that a crash interrupted, before the file is checked.

    A hot journal (``NAME-journal`` holding the pages as they were before the interrupted
    commit) means the file itself may be half-way through that commit: its header can already
    count pages that were never written, so it would look truncated. Only SQLite's own
    recovery runs here: a read on a writable connection, which rolls the journal back. It runs
    only for a file whose header says it is ours and of a version we read (so no foreign or
    newer file is touched), and only while holding the file's lock: when another rmf-app
    process holds it, the journal belongs to its live transaction and is not hot. When the
    file cannot be written, nothing happens here and the read below says what is wrong.
    """
    journal = _journal_path(path)
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    lock = FileLock(path)
    if not lock.acquire():
        return
    try:
        con = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=5.0
        )
        try:
            con.execute("PRAGMA trusted_schema=OFF")
            con.execute("PRAGMA schema_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        pass
    finally:
        lock.release()


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> CorruptFileError:
    name = path.name
    if _journal_path(path).exists():
        return CorruptFileError(
            f"{name} was interrupted in the middle of a change (its {name}-journal lies beside "
            f"it), and the change cannot be undone here ({exc}). Make the file and its folder "
            "writable, close any other program using it, and open it again; do not delete the "
            "-journal file."
        )
    return CorruptFileError(
        f"{name} cannot be read as an assessment ({exc}). Restore it from a backup; "
        "it was left unchanged."
    )


class AirmfFile:
    """An open .airmf file.

    Use :meth:`open` or :meth:`create`; call :meth:`close` when done (or use it as a context
    manager). ``read_only`` is True when another process has the file open, when the file or its
    folder cannot be written, or when asked for; ``read_only_reason`` says which.
    """

    def __init__(
        self,
        path: Path,
        con: sqlite3.Connection,
        lock: FileLock | None,
        read_only_reason: str | None,
        migrated_from: int | None,
        backup_path: Path | None,
        *,
        allow_damaged: bool = False,
    ) -> None:
        self.path = path
        self._con = con
        self._lock = lock
        self.read_only_reason = read_only_reason
        self.migrated_from = migrated_from
        self.backup_path = backup_path
        self._identity = _identity(path)
        #: damaged documents are left out instead of refusing the file (read-only)
        self.allow_damaged = allow_damaged
        #: what :meth:`load` left out, named for the user (with ``allow_damaged``)
        self.damage: list[str] = []
        self._manifest_ok: bool | None = None
        self._attachment_damage: list[tuple[str, str]] | None = None
        #: the assessment open() checked, for the first load (see _open)
        self._checked: Assessment | None = None
        with self._reading():
            self._version = int(con.execute("PRAGMA user_version").fetchone()[0])

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        allow_damaged: bool = False,
        recover: bool = True,
    ) -> AirmfFile:
        """Open a file after checking it (header, structure, whole content), read-only until
        it is known to be ours and valid. Every failure is a StorageError with a message for
        the user; the file is left as it was (apart from SQLite rolling back a crash's hot
        journal, see :func:`_roll_back_hot_journal`). With ``recover=False`` (a reader that
        must never change another person's file: the portfolio) a file left with a hot journal
        is refused instead, and not a byte of it changes.

        A file whose documents fail their checksums raises DamagedFileError; with
        ``allow_damaged`` it opens read-only instead, without those documents (see
        :attr:`damage`).
        """
        path = Path(path)
        try:
            return cls._open(path, read_only, allow_damaged, recover)
        except StorageError:
            raise
        except (OSError, sqlite3.DatabaseError) as exc:
            if is_disk_full(exc):  # opening may need room (a journal, a migration): not damage
                raise write_error(path, exc) from None
            if isinstance(exc, OSError):
                raise StorageError(
                    f"{path.name} cannot be opened ({exc.strerror or exc}). It was left unchanged."
                ) from None
            raise CorruptFileError(
                f"{path.name} is damaged and cannot be opened ({_one_line(str(exc))[:200]}). "
                "Restore it from a backup; it was left unchanged."
            ) from None
        except (ValueError, UnicodeError, RecursionError) as exc:
            raise CorruptFileError(
                f"{path.name} is damaged and cannot be opened ({_one_line(str(exc))[:200]}). "
                "Restore it from a backup; it was left unchanged."
            ) from None

    @classmethod
    def _open(
        cls, path: Path, read_only: bool, allow_damaged: bool, recover: bool = True
    ) -> AirmfFile:
        name = path.name
        read_header(path, check_size=False)  # ours, and a version we read: safe to recover
        if recover:
            _roll_back_hot_journal(path)
        elif _has_hot_journal(path):
            raise StorageError(
                f"{name} was interrupted in the middle of a change (its {name}-journal lies "
                "beside it). It was not read, so that it stays exactly as it is: open it in "
                "rmf-app, which completes the recovery, then read it again."
            )
        try:
            con = _connect(path, read_only=True)
        except sqlite3.DatabaseError as exc:
            raise CorruptFileError(
                f"{name} cannot be read as an assessment ({exc}). Restore it from a backup; "
                "it was left unchanged."
            ) from None
        try:
            # Everything below reads one stable state: the read transaction's shared lock keeps
            # any writer from committing until the checks are done.
            try:
                con.execute("BEGIN")
                con.execute("PRAGMA schema_version").fetchone()
            except sqlite3.DatabaseError as exc:
                if not _journal_path(path).exists():
                    read_header(path)  # a file cut short says so
                raise _unreadable(path, exc) from None
            header = read_header(path)
            try:
                _verify(con, name, header.user_version)
            except sqlite3.DatabaseError as exc:
                raise CorruptFileError(
                    f"{name} cannot be read as an assessment ({exc}). Restore it from a backup; "
                    "it was left unchanged."
                ) from None
            # Validate the whole content before anything can be written (a migration): a
            # damaged file is refused as it is.
            probe = cls(path, con, None, "it is being checked", None, None)
            probe.allow_damaged = allow_damaged
            checked = probe.load()
            con.execute("COMMIT")
        except BaseException:
            con.close()
            raise

        reason: str | None = "opened read-only on request" if read_only else None
        if probe.damage:
            reason = f"it is damaged: {join_names(probe.damage)} left out"
        lock: FileLock | None = None
        if reason is None and not os.access(path, os.W_OK):
            reason = "the file is write-protected"
        if reason is None and not os.access(path.parent, os.W_OK):
            reason = "its folder cannot be written to"
        if reason is None:
            candidate = FileLock(path)
            if candidate.acquire():
                lock = candidate
            elif candidate.problem is not None:
                reason = candidate.problem.reason
            else:
                reason = "it is open in another rmf-app window or process"
        migrated_from = backup = None
        if reason is None:
            con.close()
            try:
                con = _connect(path, read_only=False)
            except sqlite3.DatabaseError as exc:
                assert lock is not None
                lock.release()
                raise CorruptFileError(f"{name} cannot be opened for writing ({exc}).") from None
            if header.user_version < schema.SCHEMA_VERSION:
                migrated_from = header.user_version
                try:
                    backup = cls._migrate(con, path, header.user_version)
                except Exception:
                    con.close()
                    assert lock is not None
                    lock.release()
                    raise
        elif header.user_version < schema.READABLE_AS_IS:
            con.close()
            raise ReadOnlyError(
                f"{name} uses an older file format and must be upgraded before it can be shown, "
                f"but it cannot be changed now because {reason}. Close the other window, or "
                "copy the file somewhere writable, and open it again."
            )
        store = cls(path, con, lock, reason, migrated_from, backup, allow_damaged=allow_damaged)
        store.damage = probe.damage
        if migrated_from is None and _change_counter(path) == header.change_counter:
            # Nothing was committed since the check (the read transaction held the file
            # still until it ended): its assessment is the file's, and need not be read and
            # validated a second time.
            store._checked = checked
        if migrated_from is not None:
            try:
                store.load()  # the upgraded content validates as well
            except BaseException:
                store.close()
                raise
        return store

    @staticmethod
    def _migrate(con: sqlite3.Connection, path: Path, version: int) -> Path:
        backup = path.with_name(f"{path.stem}.format{version}-backup{path.suffix}")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.stem}.format{version}-backup-{n}{path.suffix}")
        created = False
        try:
            with open(path, "rb") as src, open(backup, "xb") as dst:
                created = True
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
        except OSError as exc:
            if created:
                backup.unlink(missing_ok=True)
            raise StorageError(
                f"{path.name} must be upgraded to the current file format, but its backup copy "
                f"{backup.name} cannot be written ({exc.strerror or exc}). Free some space or "
                "make the folder writable; the file was left unchanged."
            ) from None
        con.execute("BEGIN IMMEDIATE")
        try:
            while version < schema.SCHEMA_VERSION:
                schema.MIGRATIONS[version](con)
                version += 1
            con.execute(f"PRAGMA user_version={version}")
            _set_meta(con, "schema_version", str(version))
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise CorruptFileError(
                f"{path.name} could not be upgraded to the current file format ({exc}). "
                f"It was left unchanged; a copy is at {backup.name}."
            ) from None
        return backup

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        assessment: Assessment,
        who: str,
        *,
        overwrite: bool = False,
    ) -> AirmfFile:
        """Write a new file for an assessment (atomically: a temp file renamed into place)."""
        path = install_new_file(path, assessment, who, overwrite=overwrite)
        return cls.open(path)

    # -- reading ---------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def schema_version(self) -> int:
        with self._reading():
            return int(self._con.execute("PRAGMA user_version").fetchone()[0])

    def meta(self) -> dict[str, str]:
        with self._reading(lenient=True):
            rows = self._con.execute("SELECT key, value FROM meta").fetchall()
        return {_text(k): _text(v) for k, v in rows}

    @contextlib.contextmanager
    def _reading(self, *, lenient: bool = False) -> Iterator[None]:
        """Turn what a damaged file makes SQLite or the decoder raise into one clear error.

        ``lenient``: text that is not UTF-8 is read with replacement characters (the change
        history and the like, shown as they are; the documents are checked strictly).
        """
        if lenient:
            self._con.text_factory = _lenient_text
        try:
            yield
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise CorruptFileError(
                f"{self.path.name} is damaged and cannot be read "
                f"({_one_line(str(exc))}). Restore it from a backup; it was left unchanged."
            ) from None
        finally:
            self._con.text_factory = str

    def _documents(self) -> list[_Document]:
        """Every stored document: the core first, then the responses, then risks, actions and
        evidence in their order; with whether it matches its SHA-256 (schema 3 and later)."""
        con = self._con
        checked = self._version >= 3
        sha = ", CAST(sha256 AS BLOB)" if checked else ", NULL"
        with self._reading():
            core = con.execute(
                f"SELECT CAST(key AS BLOB), CAST(data AS BLOB){sha} FROM docs"
            ).fetchall()
            responses = con.execute(
                f"SELECT CAST(subcategory_id AS BLOB), CAST(data AS BLOB){sha} FROM responses"
            ).fetchall()
            items = con.execute(
                "SELECT CAST(kind AS BLOB), CAST(id AS BLOB), position, CAST(data AS BLOB)"
                f"{sha} FROM items ORDER BY kind, position"
            ).fetchall()
            recorded = (
                con.execute(
                    "SELECT CAST(value AS BLOB) FROM meta WHERE key=?", (schema.DOCUMENTS_KEY,)
                ).fetchone()
                if checked
                else None
            )
        docs: list[_Document] = []
        for key, data, stored in core:
            docs.append(
                _Document(
                    "core" if key == b"core" else "", _text(key), data, stored, ("docs", (key,))
                )
            )
        for sid, data, stored in responses:
            docs.append(_Document("response", _text(sid), data, stored, ("responses", (sid,))))
        for kind, key, position, data, stored in items:
            docs.append(
                _Document(_text(kind), _text(key), data, stored, ("items", (kind, key, position)))
            )
        if not checked:
            return docs
        hashes = []
        for doc in docs:
            table, keys = doc.row
            actual = schema.document_sha256(
                table, keys, doc.raw if isinstance(doc.raw, bytes) else str(doc.raw).encode("utf-8")
            )
            hashes.append(actual)
            doc.intact = doc.stored == actual.encode("ascii")
        self._manifest_ok = recorded is not None and recorded[0] == schema.documents_sha256(
            hashes
        ).encode("ascii")
        return docs

    def load(self) -> Assessment:
        """The assessment, from documents that all passed their checks.

        Raises DamagedFileError naming each document that does not match its SHA-256 or cannot
        be read — or, in a file opened with ``allow_damaged``, leaves those documents out and
        lists them in :attr:`damage` (the core is kept if it can be read: without it there is
        no assessment).
        """
        checked, self._checked = self._checked, None
        if checked is not None:
            return checked
        data: dict[str, Any] = {"responses": {}}
        ids: dict[str, list[str]] = {field: [] for field in _LIST_FIELD.values()}
        for field in ids:
            data[field] = []
        damage: list[str] = []
        core_seen = False
        for doc in self._documents():
            where = document_name(doc.table, doc.key)
            if doc.table == "core":
                core_seen = True
            elif doc.table != "response" and doc.table not in ITEM_KINDS:
                damage.append(f"a stored document of unknown kind ({doc.table or doc.key})")
                continue
            try:
                value = stored_json.loads(doc.raw)
                if doc.table == "core" and not isinstance(value, dict):
                    raise stored_json.StoredJsonError("it is not an object")
            except stored_json.StoredJsonError as exc:
                if doc.table == "core":
                    raise CorruptFileError(
                        f"{self.path.name} is damaged: {where} cannot be read ({exc}), so "
                        "nothing can be shown. Restore it from a backup; it was left unchanged."
                    ) from None
                damage.append(f"{where} (cannot be read: {exc})")
                continue
            if doc.intact is False:
                damage.append(f"{where} (does not match its checksum)")
                if doc.table != "core":
                    continue
            if doc.table == "core":
                data.update({k: v for k, v in value.items() if k not in _SPLIT_FIELDS})
            elif doc.table == "response":
                if self.allow_damaged and not _valid(Response, value):
                    damage.append(f"{where} (not valid)")
                    continue
                data["responses"][doc.key] = value
            else:
                if self.allow_damaged and not _valid(ITEM_KINDS[doc.table], value):
                    damage.append(f"{where} (not valid)")
                    continue
                data[_LIST_FIELD[doc.table]].append(value)
                ids[_LIST_FIELD[doc.table]].append(doc.key)
        if not core_seen:
            raise CorruptFileError(
                f"{self.path.name} has no assessment in it; it was left unchanged."
            )
        if self._manifest_ok is False and not damage:
            damage.append("the list of documents (one was removed or added)")
        if damage and not self.allow_damaged:
            raise DamagedFileError(self.path.name, damage)
        if self.allow_damaged:
            _drop_dangling_links(data)
        try:
            # text longer than today's limits, written before they existed, still opens
            assessment = Assessment.model_validate(data, context=STORED)
        except ValidationError as exc:
            invalid = _invalid_documents(exc, ids)
            if invalid is not None:  # each problem lies inside a document that can be left out
                raise DamagedFileError(
                    self.path.name, [f"{name} (not valid: {why})" for name, why in invalid]
                ) from None
            raise CorruptFileError(
                f"{self.path.name} holds data this version cannot accept: "
                f"{_describe_invalid(exc, ids)}. It was left unchanged."
            ) from None
        except (ValueError, TypeError, RecursionError) as exc:
            raise CorruptFileError(
                f"{self.path.name} holds damaged data ({_one_line(str(exc))}). "
                "It was left unchanged."
            ) from None
        if self.allow_damaged:
            assessment = self._without_damaged_attachments(assessment, damage)
            self.damage = damage
        return assessment

    def check_attachment(self, sha256: str, size: int) -> str | None:
        """Whether an attachment's stored chunks are whole and match their SHA-256: None, or
        what is wrong ("is missing", "is incomplete", "does not match its checksum")."""
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in self._chunks(sha256):
                digest.update(chunk)
                total += len(chunk)
        except CorruptFileError:
            return "cannot be read"
        if total == 0 and size > 0 and not self.has_attachment(sha256):
            return "is missing"
        if total != size:
            return "is incomplete" if total < size else "is longer than recorded"
        if digest.hexdigest() != sha256:
            return "does not match its checksum"
        return None

    def damaged_attachments(self, assessment: Assessment) -> list[tuple[str, str]]:
        """(evidence id, what is wrong) for every attached file that fails its check."""
        found = []
        checked: dict[str, str | None] = {}
        for e in assessment.evidence:
            att = e.attachment
            if att is None:
                continue
            if att.sha256 not in checked:
                checked[att.sha256] = self.check_attachment(att.sha256, att.size)
            problem = checked[att.sha256]
            if problem is not None:
                found.append((e.id, problem))
        return found

    def _without_damaged_attachments(self, assessment: Assessment, damage: list[str]) -> Assessment:
        if self._attachment_damage is None:
            self._attachment_damage = self.damaged_attachments(assessment)
        bad = dict(self._attachment_damage)
        if not bad:
            return assessment
        damage += [f"the file attached to evidence {eid} ({why})" for eid, why in bad.items()]
        evidence = [
            e.model_copy(update={"attachment": None}) if e.id in bad else e
            for e in assessment.evidence
        ]
        return assessment.model_copy(update={"evidence": evidence})

    def history(self, entity_prefix: str | None = None) -> list[HistoryEntry]:
        sql = "SELECT at, who, entity, field, old, new FROM history"
        args: tuple[str, ...] = ()
        if entity_prefix:
            sql += " WHERE entity = ? OR entity LIKE ? ESCAPE '\\'"
            esc = entity_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args = (entity_prefix, esc + ":%")
        with self._reading(lenient=True):
            rows = self._con.execute(sql + " ORDER BY seq", args).fetchall()
        return [
            HistoryEntry(
                _text(at), _text(who), _text(entity), _text(fld), _opt_text(old), _opt_text(new)
            )
            for at, who, entity, fld, old, new in rows
        ]

    def revisions(self) -> list[RevisionRecord]:
        with self._reading(lenient=True):
            rows = self._con.execute(
                "SELECT revision, finalized_at, fingerprint, canonical FROM revisions "
                "ORDER BY revision"
            ).fetchall()
        records = []
        for revision, at, fingerprint, canonical in rows:
            if not isinstance(revision, int) or not isinstance(canonical, bytes):
                raise CorruptFileError(
                    f"{self.path.name} is damaged: the record of final revision {revision} "
                    "cannot be read. Restore it from a backup; it was left unchanged."
                )
            records.append(RevisionRecord(revision, _text(at), _text(fingerprint), canonical))
        return records

    def iter_attachment(self, sha256: str) -> Iterator[bytes]:
        """Yield an attachment's bytes chunk by chunk (never the whole file in memory).

        The bytes are checked against ``sha256`` as they pass: after the last chunk, a
        mismatch raises CorruptFileError, so nothing built from them is completed.
        """
        digest = hashlib.sha256()
        for chunk in self._chunks(sha256):
            digest.update(chunk)
            yield chunk
        if digest.hexdigest() != sha256:
            raise CorruptFileError(
                f"{self.path.name} is damaged: the attached file {sha256[:12]}… does not match "
                "its checksum. Restore it from a backup; it was left unchanged."
            )

    def _chunks(self, sha256: str) -> Iterator[bytes]:
        seq = 0
        while True:
            with self._reading():
                row = self._con.execute(
                    "SELECT data FROM blobs WHERE blob_key=? AND seq=?", (sha256, seq)
                ).fetchone()
            if row is None:
                return
            if not isinstance(row[0], bytes):
                raise CorruptFileError(
                    f"{self.path.name} is damaged: the attached file {sha256[:12]}… cannot be "
                    "read. Restore it from a backup; it was left unchanged."
                )
            yield row[0]
            seq += 1

    def has_attachment(self, sha256: str) -> bool:
        with self._reading():
            row = self._con.execute(
                "SELECT 1 FROM blobs WHERE blob_key=? LIMIT 1", (sha256,)
            ).fetchone()
        return row is not None

    # -- writing ---------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only_reason:
            raise ReadOnlyError(
                f"{self.path.name} is open read-only because {self.read_only_reason}; "
                "the change was not made."
            )

    def _check_same_file(self) -> None:
        """Raise a SaveError when the file at the path is no longer the one opened here (another
        program replaced, moved or deleted it): writing on would go to a file nobody sees."""
        now = _identity(self.path)
        if now is None:
            raise file_removed(self.path.name)
        if now != self._identity:
            raise file_replaced(self.path.name)

    def commit(
        self,
        assessment: Assessment,
        rows: Iterable[tuple[str, str]],
        history: Iterable[HistoryRow],
        *,
        reorder: Iterable[str] = (),
        revision: RevisionRecord | None = None,
    ) -> None:
        """Write the changed rows of an assessment and their history in one transaction.

        Args:
            assessment: the new state (already validated).
            rows: (table, key) pairs: ("core", ""), ("response", sid), or (kind, item id);
                a row whose object no longer exists is deleted.
            history: (who, entity, field, old, new) entries recorded with the same timestamp,
                or with their own as a sixth element.
            reorder: item kinds whose positions must be rewritten (after insert or delete).
            revision: a final revision's record, written in the same transaction.

        Raises:
            ReadOnlyError: the file is open read-only (nothing was tried).
            SaveError: the write failed (disk full, file replaced, …); nothing was written.
        """
        self._check_writable()
        self._check_same_file()
        try:
            _write_changes(self._con, assessment, rows, history, reorder, revision)
        except (sqlite3.Error, OSError) as exc:
            raise save_error(exc, self.path.name) from None

    def save_as(
        self,
        target: str | os.PathLike[str],
        assessment: Assessment,
        rows: Iterable[tuple[str, str]],
        history: Iterable[HistoryRow],
        *,
        reorder: Iterable[str] = (),
    ) -> AirmfFile:
        """Write a complete copy of this file, with changes not yet written applied, to
        ``target`` and open it; this file is closed.

        The copy is taken through this file's open connection (so it works when the file on
        disk was replaced or removed meanwhile): history, revisions and attachments included.
        It is written under a temporary name beside ``target`` and renamed into place, so the
        target never holds a half-written file. ``rows``, ``history`` and ``reorder`` are as in
        :meth:`commit`. Raises SaveError (or StorageError) and leaves everything as it was
        when the copy cannot be written.
        """
        target = Path(target)
        same = _same_path(target, self.path)
        target_lock: FileLock | None = None
        if not same:
            if target.is_dir():
                raise StorageError(f"Cannot save as {target}: it is a folder. Give a file name.")
            target_lock = FileLock(target)
            if not target_lock.acquire() and target.exists():
                raise StorageError(
                    f"Cannot save as {target.name}: it is open in another rmf-app window or "
                    "process. Choose another name, or close it there first."
                )
        try:
            tmp = _temp_beside(target)
            try:
                dst = sqlite3.connect(tmp, isolation_level=None)
                try:
                    if self._con.in_transaction:
                        self._con.execute("ROLLBACK")
                    self._con.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                    dst.execute("PRAGMA synchronous=FULL")
                    _write_changes(dst, assessment, rows, history, reorder)
                finally:
                    dst.close()
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
            except (sqlite3.Error, OSError) as exc:
                raise copy_error(exc, target) from None
            finally:
                tmp.unlink(missing_ok=True)
                _journal_path(tmp).unlink(missing_ok=True)
        finally:
            if target_lock is not None:
                target_lock.release()
        if same:  # this file holds the lock of that path: let go of it first
            self.close()
            return AirmfFile.open(target)
        opened = AirmfFile.open(target)
        self.close()
        return opened

    def add_revision(self, record: RevisionRecord) -> None:
        self._check_writable()
        self._check_same_file()
        try:
            with _transaction(self._con):
                _insert_revision(self._con, record)
        except (sqlite3.Error, OSError) as exc:
            raise save_error(exc, self.path.name) from None

    def store_attachment(
        self,
        source: IO[bytes],
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        total: int = 0,
    ) -> tuple[str, int]:
        """Copy a stream into the file in short chunked transactions; returns (sha256, size).

        Chunks are written under a temporary key and renamed to the SHA-256 at the end, so an
        interrupted copy leaves only unreferenced chunks, removed by :meth:`compact`.
        """
        self._check_writable()
        con = self._con
        pending = f"pending-{uuid.uuid4().hex}"
        digest = hashlib.sha256()
        size = seq = 0
        try:
            while True:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                chunk = source.read(schema.CHUNK_SIZE)
                if not chunk and seq > 0:
                    break
                digest.update(chunk)
                size += len(chunk)
                with _transaction(con):
                    con.execute(
                        "INSERT INTO blobs (blob_key, seq, data) VALUES (?,?,?)",
                        (pending, seq, chunk),
                    )
                seq += 1
                if progress is not None:
                    progress(size, total)
                if not chunk:
                    break
            sha = digest.hexdigest()
            with _transaction(con):
                if self.has_attachment(sha):
                    con.execute("DELETE FROM blobs WHERE blob_key=?", (pending,))
                else:
                    con.execute("UPDATE blobs SET blob_key=? WHERE blob_key=?", (sha, pending))
            return sha, size
        except BaseException:
            with _transaction(con):
                con.execute("DELETE FROM blobs WHERE blob_key=?", (pending,))
            raise

    def replace_log(self, history: list[HistoryEntry], revisions: list[RevisionRecord]) -> None:
        """Replace the change history and revision records (import of a JSON export, which
        carries them whole, so that an export of the imported file is byte-identical)."""
        self._check_writable()
        con = self._con
        with _transaction(con):
            con.execute("DELETE FROM history")
            con.execute("DELETE FROM revisions")
            rows = [(h.at, h.who, h.entity, h.field, h.old, h.new) for h in history]
            con.executemany(
                "INSERT INTO history (at, who, entity, field, old, new) VALUES (?,?,?,?,?,?)", rows
            )
            con.executemany(
                "INSERT INTO revisions (revision, finalized_at, fingerprint, canonical) "
                "VALUES (?,?,?,?)",
                [(r.revision, r.finalized_at, r.fingerprint, r.canonical) for r in revisions],
            )

    def compact(self) -> CompactResult:
        """Remove attachment bytes that nothing refers to any more, then shrink the file.

        Bytes are kept while the current assessment or any earlier final revision refers to
        them; chunks of an interrupted copy (a ``pending-`` key) are removed. Everything is
        validated first, so a damaged file is refused before anything is deleted.
        """
        self._check_writable()
        con = self._con
        used = self._attachments_in_use(self.load())
        keys = [str(k) for (k,) in con.execute("SELECT DISTINCT blob_key FROM blobs")]
        stale = [k for k in keys if k not in used]
        before = self.path.stat().st_size
        if stale:
            with _transaction(con):
                con.executemany("DELETE FROM blobs WHERE blob_key=?", [(k,) for k in stale])
        con.execute("VACUUM")
        return CompactResult(len(stale), max(0, before - self.path.stat().st_size))

    def _attachments_in_use(self, current: Assessment) -> set[str]:
        used = {e.attachment.sha256 for e in current.evidence if e.attachment}
        for rec in self.revisions():
            try:
                old = Assessment.model_validate_json(rec.canonical, context=STORED)
            except ValueError:
                raise CorruptFileError(
                    f"{self.path.name}: final revision {rec.revision} cannot be read, so it is "
                    "not clear which attached files it needs. Nothing was removed."
                ) from None
            used |= {e.attachment.sha256 for e in old.evidence if e.attachment}
        return used

    def attachment_writer(self) -> AirmfFile:
        """A second connection to this file for copying attachments from another thread.

        It holds no lock of its own (this object's lock covers the process) and must be closed
        by the caller, on the thread that uses it.
        """
        self._check_writable()
        self._check_same_file()
        return AirmfFile(self.path, _connect(self.path, read_only=False), None, None, None, None)

    def reader(self) -> AirmfFile:
        """A second, read-only connection to this file, for reading on another thread (an
        export, an attachment being extracted) while edits go on here.

        It holds no lock and writes nothing; the caller closes it, on the thread that uses it.
        Raises SaveError when the file at the path is no longer the one opened here.
        """
        self._check_same_file()
        return AirmfFile(
            self.path,
            _connect(self.path, read_only=True),
            None,
            "it is a reader of the open file",
            None,
            None,
            allow_damaged=self.allow_damaged,
        )

    def put_attachment_bytes(self, sha256: str, data: bytes) -> None:
        """Store bytes whose checksum is already known (JSON import)."""
        import io

        got, _ = self.store_attachment(io.BytesIO(data))
        if got != sha256:
            raise StorageError("attachment bytes do not match their SHA-256")

    def put_checked_attachment(self, sha256: str, source: IO[bytes]) -> int:
        """Store an attachment already checked against ``sha256`` in a new file nobody else
        sees yet (an import's temporary): one transaction, straight under its key, which is
        much quicker for a large file than :meth:`store_attachment`. The bytes are hashed again
        on the way; if they no longer match, nothing is stored (StorageError). Returns the size.
        """
        self._check_writable()
        digest = hashlib.sha256()
        size = seq = 0
        with _transaction(self._con):
            while True:
                chunk = source.read(schema.CHUNK_SIZE)
                if not chunk and seq > 0:
                    break
                digest.update(chunk)
                size += len(chunk)
                self._con.execute(
                    "INSERT INTO blobs (blob_key, seq, data) VALUES (?,?,?)", (sha256, seq, chunk)
                )
                seq += 1
                if not chunk:
                    break
            if digest.hexdigest() != sha256:
                raise StorageError("attachment bytes do not match their SHA-256")
        return size

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> AirmfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Document:
    """One stored document as read, and whether it matched its stored SHA-256."""

    __slots__ = ("intact", "key", "raw", "row", "stored", "table")

    def __init__(
        self,
        table: str,  # "core", "response", or an item kind
        key: str,
        raw: bytes,
        stored: bytes | None,  # the SHA-256 stored with it (schema 3)
        row: tuple[str, tuple[object, ...]],  # its table and key columns, as hashed
        intact: bool | None = None,  # None: not checked (schema 1 and 2)
    ) -> None:
        self.table, self.key, self.raw, self.stored, self.row = table, key, raw, stored, row
        self.intact = intact


def _valid(model: type[BaseModel], value: Any) -> bool:
    try:
        model.model_validate(value, context=STORED)
    except (ValidationError, ValueError, TypeError, RecursionError):
        return False
    return True


def _drop_dangling_links(data: dict[str, Any]) -> None:
    """Links from actions to risks that were left out (damaged) are dropped with them."""
    risk_ids = {r.get("id") for r in data.get("risks", []) if isinstance(r, dict)}
    for action in data.get("actions", []):
        if isinstance(action, dict) and isinstance(action.get("risks"), list):
            action["risks"] = [r for r in action["risks"] if r in risk_ids]


def _text(value: object) -> str:
    """A value read back as text; bytes that are not UTF-8 show as replacement characters."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _opt_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def document_name(table: str, key: str) -> str:
    """How a stored document is named to the user: "the profile and settings", "the answers
    of GOVERN 1.2", "risk R-003"."""
    if table == "core":
        return "the profile and settings"
    if table == "response":
        return f"the answers of {key}"
    return f"{table} {key}"


def _invalid_documents(
    exc: ValidationError, ids: dict[str, list[str]]
) -> list[tuple[str, str]] | None:
    """(document, problem) for each validation error when all lie inside responses or items
    (which a read-only open can leave out); None when one concerns the assessment as a whole."""
    kinds = {field: kind for kind, field in _LIST_FIELD.items()}
    found: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["responses"] and len(loc) > 1:
            name = document_name("response", loc[1])
        elif loc[:1] and loc[0] in kinds and len(loc) > 1 and loc[1].isdigit():
            index = int(loc[1])
            if index >= len(ids.get(loc[0], [])):
                return None
            name = document_name(kinds[loc[0]], ids[loc[0]][index])
        else:
            return None
        field = ".".join(loc[2:])
        found.setdefault(name, f"{field + ': ' if field else ''}{err.get('msg', 'invalid')}")
    return list(found.items())


def _describe_invalid(exc: ValidationError, ids: dict[str, list[str]]) -> str:
    """Name the stored document each validation error is in, then the field inside it."""
    kinds = {field: kind for kind, field in _LIST_FIELD.items()}
    parts = []
    for err in exc.errors()[:4]:
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["responses"] and len(loc) > 1:
            where, rest = document_name("response", loc[1]), loc[2:]
        elif loc[:1] and loc[0] in kinds and len(loc) > 1 and loc[1].isdigit():
            index = int(loc[1])
            key = ids[loc[0]][index] if index < len(ids.get(loc[0], [])) else loc[1]
            where, rest = document_name(kinds[loc[0]], key), loc[2:]
        else:
            where, rest = document_name("core", ""), loc
        field = ".".join(rest)
        parts.append(f"{where} ({field + ': ' if field else ''}{err.get('msg', 'invalid')})")
    more = len(exc.errors()) - len(parts)
    return "; ".join(parts) + (f"; and {more} more problem(s)" if more > 0 else "")


class _transaction:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            _rollback(self.con)


def _rollback(con: sqlite3.Connection) -> None:
    """Undo an open transaction after a failure, if SQLite has not already done so (it does
    after some errors, a full disk among them); a failing rollback leaves the error at hand as
    the one reported."""
    if con.in_transaction:
        try:
            con.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _insert_revision(con: sqlite3.Connection, record: RevisionRecord) -> None:
    con.execute(
        "INSERT INTO revisions (revision, finalized_at, fingerprint, canonical) VALUES (?,?,?,?)",
        (record.revision, record.finalized_at, record.fingerprint, record.canonical),
    )


def _write_changes(
    con: sqlite3.Connection,
    assessment: Assessment,
    rows: Iterable[tuple[str, str]],
    history: Iterable[HistoryRow],
    reorder: Iterable[str],
    revision: RevisionRecord | None = None,
) -> None:
    """Write rows, positions, history rows and a revision's record in one transaction (see
    AirmfFile.commit)."""
    at = _now()
    con.execute("BEGIN IMMEDIATE")
    try:
        if revision is not None:
            _insert_revision(con, revision)
        for table, key in rows:
            _write_row(con, assessment, table, key)
        for kind in reorder:
            _reposition(con, kind, [it.id for it in getattr(assessment, _LIST_FIELD[kind])])
        _record_documents(con)
        con.executemany(
            "INSERT INTO history (at, who, entity, field, old, new) VALUES (?,?,?,?,?,?)",
            [(h[5] if len(h) > 5 else at, *h[:5]) for h in history],
        )
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at ``path`` (None when there is none)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _temp_beside(path: Path) -> Path:
    """A fresh, unused temporary name in the folder of ``path`` (raises StorageError)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(
            f"Cannot write {path}: {folder} is not a folder. Choose another location."
        )
    try:
        fd, tmp = make_temp(path)  # rmf-app's own temporary name (cleaned up if left behind)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise StorageError(
            f"Cannot write {path}: {exc.strerror}. Choose a folder you can write to."
        ) from None
    return tmp


def _set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_row(con: sqlite3.Connection, a: Assessment, table: str, key: str) -> None:
    if table == "core":
        data = _dumps(a.model_dump(mode="json", exclude=_SPLIT_FIELDS))
        sha = schema.document_sha256("docs", ("core",), data.encode("utf-8"))
        con.execute(
            "INSERT OR REPLACE INTO docs (key, data, sha256) VALUES ('core', ?, ?)", (data, sha)
        )
    elif table == "response":
        resp = a.responses.get(key)
        if resp is None:
            con.execute("DELETE FROM responses WHERE subcategory_id=?", (key,))
        else:
            data = _dumps(resp.model_dump(mode="json"))
            sha = schema.document_sha256("responses", (key,), data.encode("utf-8"))
            con.execute(
                "INSERT OR REPLACE INTO responses (subcategory_id, data, sha256) VALUES (?, ?, ?)",
                (key, data, sha),
            )
    elif table in ITEM_KINDS:
        items = getattr(a, _LIST_FIELD[table])
        found = [(i, it) for i, it in enumerate(items) if it.id == key]
        if not found:
            con.execute("DELETE FROM items WHERE kind=? AND id=?", (table, key))
        else:
            pos, item = found[0]
            data = _dumps(item.model_dump(mode="json"))
            sha = schema.document_sha256("items", (table, key, pos), data.encode("utf-8"))
            con.execute(
                "INSERT OR REPLACE INTO items (kind, id, position, data, sha256) "
                "VALUES (?,?,?,?,?)",
                (table, key, pos, data, sha),
            )
    else:
        raise ValueError(f"unknown row table {table!r}")


def _reposition(con: sqlite3.Connection, kind: str, ids: list[str]) -> None:
    """Write the positions of a kind's items (their SHA-256 covers the position)."""
    stored = dict(
        con.execute("SELECT id, CAST(data AS BLOB) FROM items WHERE kind=?", (kind,)).fetchall()
    )
    con.executemany(
        "UPDATE items SET position=?, sha256=? WHERE kind=? AND id=?",
        [
            (i, schema.document_sha256("items", (kind, item_id, i), stored[item_id]), kind, item_id)
            for i, item_id in enumerate(ids)
            if item_id in stored
        ],
    )


def _record_documents(con: sqlite3.Connection) -> None:
    """Store the SHA-256 over all documents' SHA-256s (in the transaction that changed them)."""
    hashes = [
        str(h)
        for (h,) in con.execute(
            "SELECT sha256 FROM docs UNION ALL SELECT sha256 FROM responses "
            "UNION ALL SELECT sha256 FROM items"
        )
    ]
    _set_meta(con, schema.DOCUMENTS_KEY, schema.documents_sha256(hashes))


def initialise(con: sqlite3.Connection, version: int = schema.SCHEMA_VERSION) -> None:
    """Create the schema of the given version in an empty database."""
    con.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN IMMEDIATE")
    for stmt in schema.DDL[version]:
        con.execute(stmt)
    con.execute(f"PRAGMA user_version={version}")
    _set_meta(con, "schema_version", str(version))
    _set_meta(con, "created_with", f"rmf-app {__version__}")
    con.execute("COMMIT")


def write_new_file(
    path: Path,
    assessment: Assessment,
    who: str,
    attachments: Callable[[AirmfFile], None] | None = None,
) -> Path:
    """Write a complete new .airmf beside ``path`` under a temporary name and return that name.

    The caller renames it into place, so the target never holds a half-written file.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise StorageError(
            f"Cannot write {path}: the folder {folder} does not exist. "
            "Create it first or choose another location."
        )
    if not folder.is_dir():
        raise StorageError(
            f"Cannot write {path}: {folder} is not a folder. Choose another location."
        )
    try:
        # created empty here, so SQLite keeps the permissions any new file of the user gets
        fd, tmp = make_temp(path)
        os.close(fd)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous=FULL")
            initialise(con)
            con.execute("BEGIN IMMEDIATE")
            _write_row(con, assessment, "core", "")
            for sid in assessment.responses:
                _write_row(con, assessment, "response", sid)
            for kind, field in _LIST_FIELD.items():
                for item in getattr(assessment, field):
                    _write_row(con, assessment, kind, item.id)
            _record_documents(con)
            con.execute(
                "INSERT INTO history (at, who, entity, field, old, new) VALUES (?,?,?,?,?,?)",
                (_now(), who, "assessment", "created", None, assessment.profile.name),
            )
            con.execute("COMMIT")
        finally:
            con.close()
        if attachments is not None:
            store = AirmfFile(tmp, _connect(tmp, read_only=False), None, None, None, None)
            try:
                attachments(store)
            finally:
                store._con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        keep_mode(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        _journal_path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.OperationalError):
            # a full disk above all: SQLITE_FULL, or ENOSPC from the final sync
            raise write_error(path, exc) from None
        raise
    return tmp


def install_new_file(
    path: str | os.PathLike[str],
    assessment: Assessment,
    who: str,
    attachments: Callable[[AirmfFile], None] | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write a new .airmf (see :func:`write_new_file`) and rename it into place at ``path``.

    The target's lock is held throughout, so a file another rmf-app has open is refused
    (StorageError), never replaced underneath it.
    """
    path = Path(path)

    def refuse_existing() -> None:
        if path.exists() and not overwrite:
            raise StorageError(
                f"{path.name} already exists. Choose another name or remove it first."
            )

    refuse_existing()
    with held_for_writing(path):
        refuse_existing()
        tmp = write_new_file(path, assessment, who, attachments)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise write_error(path, exc) from None
    return path
