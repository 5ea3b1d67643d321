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
SCHEMA_VERSION = 2
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

DDL: dict[int, list[str]] = {1: _V1, 2: _V2}


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


#: from-version -> step that brings a file to from-version + 1 (run inside one transaction)
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}
