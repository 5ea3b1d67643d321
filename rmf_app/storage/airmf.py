"""The .airmf file: one assessment in a SQLite database used as an application file format.

Rules (SPEC §4): own ``application_id``; rollback journal, never WAL, so the closed file is
complete on its own; ``synchronous=FULL``; every edit one transaction; header, application id
and schema checked read-only before anything is written; newer or foreign files refused and left
untouched; older files migrated after a backup copy; one writer at a time through an OS lock on
a sidecar file — a second opener gets the file read-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from .. import __version__
from ..domain.assessment import Action, Assessment, Evidence, Risk
from . import schema
from .errors import (
    CorruptFileError,
    NewerFileError,
    NotAnAssessmentFile,
    ReadOnlyError,
    StorageError,
    describe_validation_error,
)
from .locking import FileLock, held_for_writing
from .tempfiles import keep_mode, make_temp, write_error

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


class Cancelled(Exception):
    """Raised inside long work when the user cancelled it; nothing was changed."""


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    who: str
    entity: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RevisionRecord:
    revision: int
    finalized_at: str
    fingerprint: str
    canonical: bytes


@dataclass(frozen=True)
class HeaderInfo:
    application_id: int
    user_version: int
    page_size: int
    page_count: int | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def read_header(path: Path) -> HeaderInfo:
    """Check the first 100 bytes of a file without opening it as a database.

    Raises NotAnAssessmentFile, CorruptFileError or NewerFileError with a message for the user.
    """
    name = path.name
    try:
        size = path.stat().st_size
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
        raise NotAnAssessmentFile(
            f"{name} is not an rmf-app assessment (.airmf) file. "
            "Open a .airmf file, or import a JSON export with 'Import JSON'."
        )
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    valid_for = struct.unpack(">I", head[92:96])[0]
    user_version, app_id = struct.unpack(">I", head[60:64])[0], struct.unpack(">I", head[68:72])[0]
    if app_id != schema.APPLICATION_ID:
        raise NotAnAssessmentFile(
            f"{name} is a SQLite database of another application, not an rmf-app assessment. "
            "It was left unchanged."
        )
    counted = page_count if (valid_for == change_counter and page_count > 0) else None
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise CorruptFileError(
            f"{name} is damaged or truncated (its size does not match its page size). "
            "Restore it from a backup; the damaged file was left unchanged."
        )
    if counted is not None and size < counted * page_size:
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
    return HeaderInfo(app_id, user_version, page_size, counted)


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


def _verify(con: sqlite3.Connection, name: str, version: int) -> None:
    try:
        ok = con.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CorruptFileError(
            f"{name} is damaged ({exc}). Restore it from a backup; it was left unchanged."
        ) from None
    if ok != "ok":
        raise CorruptFileError(
            f"{name} is damaged ({ok}). Restore it from a backup; it was left unchanged."
        )
    if schema.actual_master(con) != schema.expected_master(version):
        raise NotAnAssessmentFile(
            f"{name} does not have the structure of an rmf-app file (format {version}); "
            "it may have been changed by another program. It was left unchanged."
        )


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


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
    ) -> None:
        self.path = path
        self._con = con
        self._lock = lock
        self.read_only_reason = read_only_reason
        self.migrated_from = migrated_from
        self.backup_path = backup_path

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> AirmfFile:
        path = Path(path)
        name = path.name
        header = read_header(path)
        if _journal_path(path).exists():
            # A hot journal from an interrupted edit: the header shows the file is ours, so let
            # SQLite roll the interrupted transaction back before we look at the content.
            recovery_lock = FileLock(path)
            if recovery_lock.acquire():
                try:
                    con = _connect(path, read_only=False)
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    con.close()
                except sqlite3.DatabaseError:
                    pass
                finally:
                    recovery_lock.release()
        try:
            con = _connect(path, read_only=True)
            _verify(con, name, header.user_version)
        except sqlite3.DatabaseError as exc:
            raise CorruptFileError(
                f"{name} cannot be read as an assessment ({exc}). Restore it from a backup; "
                "it was left unchanged."
            ) from None

        reason: str | None = "opened read-only on request" if read_only else None
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
            cls._collect_garbage(con)
        elif header.user_version < schema.SCHEMA_VERSION:
            con.close()
            raise ReadOnlyError(
                f"{name} uses an older file format and must be upgraded before it can be shown, "
                f"but it cannot be changed now because {reason}. Close the other window, or "
                "copy the file somewhere writable, and open it again."
            )
        store = cls(path, con, lock, reason, migrated_from, backup)
        store.load()  # validate the content once, so a bad file fails here and not later
        return store

    @staticmethod
    def _migrate(con: sqlite3.Connection, path: Path, version: int) -> Path:
        backup = path.with_name(f"{path.stem}.format{version}-backup{path.suffix}")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.stem}.format{version}-backup-{n}{path.suffix}")
        with open(path, "rb") as src, open(backup, "xb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
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

    @staticmethod
    def _collect_garbage(con: sqlite3.Connection) -> None:
        """Drop attachment chunks no evidence refers to (unfinished or removed files)."""
        used = set()
        for (data,) in con.execute("SELECT data FROM items WHERE kind='evidence'"):
            att = json.loads(data).get("attachment")
            if att:
                used.add(att["sha256"])
        keys = [k for (k,) in con.execute("SELECT DISTINCT blob_key FROM blobs")]
        stale = [k for k in keys if k not in used]
        if stale:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("DELETE FROM blobs WHERE blob_key=?", [(k,) for k in stale])
            con.execute("COMMIT")

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
        return int(self._con.execute("PRAGMA user_version").fetchone()[0])

    def meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def load(self) -> Assessment:
        con = self._con
        row = con.execute("SELECT data FROM docs WHERE key='core'").fetchone()
        if row is None:
            raise CorruptFileError(
                f"{self.path.name} has no assessment in it; it was left unchanged."
            )
        try:
            data: dict[str, Any] = json.loads(row[0])
            data["responses"] = {
                sid: json.loads(d)
                for sid, d in con.execute("SELECT subcategory_id, data FROM responses")
            }
            for kind, field in _LIST_FIELD.items():
                data[field] = [
                    json.loads(d)
                    for (d,) in con.execute(
                        "SELECT data FROM items WHERE kind=? ORDER BY position", (kind,)
                    )
                ]
            return Assessment.model_validate(data)
        except ValidationError as exc:
            raise CorruptFileError(
                f"{self.path.name} holds data this version cannot accept: "
                f"{describe_validation_error(exc)}. It was left unchanged."
            ) from None
        except (json.JSONDecodeError, TypeError) as exc:
            raise CorruptFileError(
                f"{self.path.name} holds damaged data ({exc}). It was left unchanged."
            ) from None

    def history(self, entity_prefix: str | None = None) -> list[HistoryEntry]:
        sql = "SELECT at, who, entity, field, old, new FROM history"
        args: tuple[str, ...] = ()
        if entity_prefix:
            sql += " WHERE entity = ? OR entity LIKE ? ESCAPE '\\'"
            esc = entity_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args = (entity_prefix, esc + ":%")
        return [HistoryEntry(*r) for r in self._con.execute(sql + " ORDER BY seq", args)]

    def revisions(self) -> list[RevisionRecord]:
        return [
            RevisionRecord(*r)
            for r in self._con.execute(
                "SELECT revision, finalized_at, fingerprint, canonical FROM revisions ORDER BY revision"
            )
        ]

    def iter_attachment(self, sha256: str) -> Iterator[bytes]:
        """Yield an attachment's bytes chunk by chunk (never the whole file in memory)."""
        seq = 0
        while True:
            row = self._con.execute(
                "SELECT data FROM blobs WHERE blob_key=? AND seq=?", (sha256, seq)
            ).fetchone()
            if row is None:
                return
            yield bytes(row[0])
            seq += 1

    def has_attachment(self, sha256: str) -> bool:
        return (
            self._con.execute("SELECT 1 FROM blobs WHERE blob_key=? LIMIT 1", (sha256,)).fetchone()
            is not None
        )

    # -- writing ---------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only_reason:
            raise ReadOnlyError(
                f"{self.path.name} is open read-only because {self.read_only_reason}; "
                "the change was not made."
            )

    def commit(
        self,
        assessment: Assessment,
        rows: Iterable[tuple[str, str]],
        history: Iterable[tuple[str, str, str, str | None, str | None]],
        *,
        reorder: Iterable[str] = (),
    ) -> None:
        """Write the changed rows of an assessment and their history in one transaction.

        Args:
            assessment: the new state (already validated).
            rows: (table, key) pairs: ("core", ""), ("response", sid), or (kind, item id);
                a row whose object no longer exists is deleted.
            history: (who, entity, field, old, new) entries recorded with the same timestamp.
            reorder: item kinds whose positions must be rewritten (after insert or delete).
        """
        self._check_writable()
        con = self._con
        at = _now()
        con.execute("BEGIN IMMEDIATE")
        try:
            for table, key in rows:
                _write_row(con, assessment, table, key)
            for kind in reorder:
                items = getattr(assessment, _LIST_FIELD[kind])
                con.executemany(
                    "UPDATE items SET position=? WHERE kind=? AND id=?",
                    [(i, kind, it.id) for i, it in enumerate(items)],
                )
            con.executemany(
                "INSERT INTO history (at, who, entity, field, old, new) VALUES (?,?,?,?,?,?)",
                [(at, who, ent, fld, old, new) for who, ent, fld, old, new in history],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def add_revision(self, record: RevisionRecord) -> None:
        self._check_writable()
        with _transaction(self._con):
            self._con.execute(
                "INSERT INTO revisions (revision, finalized_at, fingerprint, canonical) "
                "VALUES (?,?,?,?)",
                (record.revision, record.finalized_at, record.fingerprint, record.canonical),
            )

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
        interrupted copy leaves only unreferenced chunks, removed at the next open.
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

    def attachment_writer(self) -> AirmfFile:
        """A second connection to this file for copying attachments from another thread.

        It holds no lock of its own (this object's lock covers the process) and must be closed
        by the caller, on the thread that uses it.
        """
        self._check_writable()
        return AirmfFile(self.path, _connect(self.path, read_only=False), None, None, None, None)

    def reader(self) -> AirmfFile:
        """A second, read-only connection to this file, for reading on another thread (an
        export, an attachment being extracted) while edits go on here.

        It holds no lock and writes nothing; the caller closes it, on the thread that uses it.
        """
        return AirmfFile(
            self.path,
            _connect(self.path, read_only=True),
            None,
            "it is a reader of the open file",
            None,
            None,
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


class _transaction:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


def _set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_row(con: sqlite3.Connection, a: Assessment, table: str, key: str) -> None:
    if table == "core":
        core = a.model_dump(mode="json", exclude=_SPLIT_FIELDS)
        con.execute("INSERT OR REPLACE INTO docs (key, data) VALUES ('core', ?)", (_dumps(core),))
    elif table == "response":
        resp = a.responses.get(key)
        if resp is None:
            con.execute("DELETE FROM responses WHERE subcategory_id=?", (key,))
        else:
            con.execute(
                "INSERT OR REPLACE INTO responses (subcategory_id, data) VALUES (?, ?)",
                (key, _dumps(resp.model_dump(mode="json"))),
            )
    elif table in ITEM_KINDS:
        items = getattr(a, _LIST_FIELD[table])
        found = [(i, it) for i, it in enumerate(items) if it.id == key]
        if not found:
            con.execute("DELETE FROM items WHERE kind=? AND id=?", (table, key))
        else:
            pos, item = found[0]
            con.execute(
                "INSERT OR REPLACE INTO items (kind, id, position, data) VALUES (?,?,?,?)",
                (table, key, pos, _dumps(item.model_dump(mode="json"))),
            )
    else:
        raise ValueError(f"unknown row table {table!r}")


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
