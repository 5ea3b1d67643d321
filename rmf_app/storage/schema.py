"""The .airmf file's SQL schema, one list of statements per schema version, and migrations.

The schema of a file is verified against these statements before the file is used: a file
with other tables, triggers or views is refused (nothing from a file is ever executed).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from functools import cache

#: 'RMFA' — PRAGMA application_id of every .airmf file.
APPLICATION_ID = 0x524D4641
SCHEMA_VERSION = 3
#: the oldest schema a file can be read in without an upgrade (a read-only open cannot upgrade)
READABLE_AS_IS = 2
CHUNK_SIZE = 1 << 20  # bytes per attachment chunk row

_COMMON = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE docs (key TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE responses (subcategory_id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE items (kind TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, "
    "data TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    "CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
    "who TEXT NOT NULL, entity TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT)",
    "CREATE TABLE revisions (revision INTEGER PRIMARY KEY, finalized_at TEXT NOT NULL, "
    "fingerprint TEXT NOT NULL, canonical BLOB NOT NULL)",
]

#: Schema 1 kept each attachment whole in one row.
_V1 = [*_COMMON, "CREATE TABLE attachments (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)"]

#: Schema 2 stores attachments content-addressed in chunks, so large files are written in short
#: transactions and read without loading them whole.
_V2 = [
    *_COMMON,
    "CREATE TABLE blobs (blob_key TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, "
    "PRIMARY KEY (blob_key, seq)) WITHOUT ROWID",
]

#: Schema 3 stores a SHA-256 with every document (SQLite has no checksums of its own): see
#: :func:`document_sha256`. ``meta`` gains ``documents_sha256``, over all of them.
_V3 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE docs (key TEXT PRIMARY KEY, data TEXT NOT NULL, sha256 TEXT NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE responses (subcategory_id TEXT PRIMARY KEY, data TEXT NOT NULL, "
    "sha256 TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE items (kind TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, "
    "data TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    *_COMMON[4:],
    _V2[-1],
]

DDL: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3}

#: the tables of documents, each with its key columns (schema 3 adds ``sha256`` to each)
DOCUMENT_TABLES: dict[str, tuple[str, ...]] = {
    "docs": ("key",),
    "responses": ("subcategory_id",),
    "items": ("kind", "id", "position"),
}
#: the meta key of the SHA-256 over all documents' SHA-256s (schema 3)
DOCUMENTS_KEY = "documents_sha256"


def document_sha256(table: str, keys: tuple[object, ...], data: bytes) -> str:
    """The SHA-256 stored with a document: of its table, its key columns and its data, each as
    UTF-8 text, separated by NUL bytes — so a document moved to another key or position, or
    changed in any byte, no longer matches."""
    digest = hashlib.sha256(table.encode("ascii"))
    for key in keys:
        digest.update(b"\0")
        digest.update(key if isinstance(key, bytes) else str(key).encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def documents_sha256(row_hashes: list[str]) -> str:
    """The SHA-256 over all documents: of their SHA-256s, sorted, one a line. A document
    removed or added changes it."""
    return hashlib.sha256("".join(h + "\n" for h in sorted(row_hashes)).encode("utf-8")).hexdigest()


@cache
def expected_master(version: int) -> frozenset[tuple[str, str, str | None]]:
    """The (type, name, sql) rows sqlite_master holds for a file of the given schema."""
    con = sqlite3.connect(":memory:")
    try:
        for stmt in DDL[version]:
            con.execute(stmt)
        rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        con.close()
    return frozenset((t, n, s) for t, n, s in rows)


def actual_master(con: sqlite3.Connection) -> frozenset[tuple[str, str, str | None]]:
    rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    return frozenset((t, n, s) for t, n, s in rows)


def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    con.execute(DDL[2][-1])
    rows = con.execute("SELECT sha256, data FROM attachments").fetchall()
    for sha, data in rows:
        if hashlib.sha256(data).hexdigest() != sha:
            raise sqlite3.DatabaseError(f"attachment {sha[:12]}… does not match its checksum")
        for seq, start in enumerate(range(0, max(len(data), 1), CHUNK_SIZE)):
            con.execute(
                "INSERT INTO blobs (blob_key, seq, data) VALUES (?, ?, ?)",
                (sha, seq, data[start : start + CHUNK_SIZE]),
            )
    con.execute("DROP TABLE attachments")


def _migrate_2_to_3(con: sqlite3.Connection) -> None:
    """Recreate the document tables with a SHA-256 column and fill it in."""
    hashes = []
    for (table, keys), ddl in zip(DOCUMENT_TABLES.items(), _V3[1:4], strict=True):
        cols = ", ".join(keys)
        rows = con.execute(
            f"SELECT {', '.join(f'CAST({k} AS BLOB)' if k != 'position' else k for k in keys)}, "
            f"CAST(data AS BLOB) FROM {table}"
        ).fetchall()
        con.execute(f"DROP TABLE {table}")
        con.execute(ddl)
        marks = ", ".join("?" * (len(keys) + 2))
        for row in rows:
            key_values = tuple(row[:-1])
            sha = document_sha256(table, key_values, row[-1])
            hashes.append(sha)
            values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in row]
            con.execute(
                f"INSERT INTO {table} ({cols}, data, sha256) VALUES ({marks})", (*values, sha)
            )
    con.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (DOCUMENTS_KEY, documents_sha256(hashes)),
    )


#: from-version -> step that brings a file to from-version + 1 (run inside one transaction)
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}
