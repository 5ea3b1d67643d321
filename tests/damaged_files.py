"""A generated corpus of damaged .airmf files, made from the demo assessment.

Each case is a function that damages a copy of the demo in place: every byte of the 100-byte
header flipped, random byte flips in the schema page (page 1) and in the data pages, cuts at
many lengths, and stored JSON made invalid (bytes that are not UTF-8, deep nesting, huge
numbers) or altered so that it still parses (a changed character, a reordered risk, a changed
answer). ``documents`` names the stored documents a case alters while keeping them readable:
the checksums must catch exactly those.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # header | schema | data | cut | json | content
    damage: Callable[[Path], None]
    #: documents changed but still readable (as rmf-app names them), for the checksum check
    documents: frozenset[str] = field(default_factory=frozenset)


def _flip(offset: int, mask: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset] ^= mask
        path.write_bytes(bytes(data))

    return damage


def _cut(length: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.write_bytes(path.read_bytes()[:length])

    return damage


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        con = sqlite3.connect(path, isolation_level=None)
        try:
            for statement in statements:
                con.execute(statement)
        finally:
            con.close()

    return damage


def _page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def _swap_char(table: str, where: str, old: str, new: str) -> Callable[[Path], None]:
    """Change the first ``old`` in a stored JSON document to ``new`` (same length, still
    valid JSON): the kind of one-character change a disk fault can make."""
    return _sql(
        f"UPDATE {table} SET data=substr(data,1,instr(data,'{old}')-1)||'{new}'||"
        f"substr(data,instr(data,'{old}')+{len(old)}) WHERE {where}"
    )


def _swap_positions(kind: str, a: str, b: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        con = sqlite3.connect(path, isolation_level=None)
        try:
            pos = dict(con.execute("SELECT id, position FROM items WHERE kind=?", (kind,)))
            con.execute("BEGIN")
            for key, other in ((a, b), (b, a)):
                con.execute(
                    "UPDATE items SET position=? WHERE kind=? AND id=?", (pos[other], kind, key)
                )
            con.execute("COMMIT")
        finally:
            con.close()

    return damage


def content_cases() -> list[Case]:
    """Stored documents altered so that they still parse and validate."""
    return [
        Case(
            "content-profile",
            "content",
            _swap_char("docs", "key='core'", '"name":"LoanLens', '"name":"LoanLenz'),
            frozenset({"the profile and settings"}),
        ),
        Case(
            "content-risk-text",
            "content",
            _swap_char(
                "items", "kind='risk' AND id='R-003'", '"description":"', '"description":"X'
            ),
            frozenset({"risk R-003"}),
        ),
        Case(
            "content-risk-order",
            "content",
            _swap_positions("risk", "R-001", "R-002"),
            frozenset({"risk R-001", "risk R-002"}),
        ),
        Case(
            "content-answer",
            "content",
            _sql(
                "UPDATE responses SET data=json_set(data,'$.current',"
                "(json_extract(data,'$.current')+1)%4) WHERE subcategory_id='GOVERN 1.2'"
            ),
            frozenset({"the answers of GOVERN 1.2"}),
        ),
        Case(
            "content-evidence",
            "content",
            _swap_char("items", "kind='evidence' AND id='E-002'", '"title":"', '"title":"Z'),
            frozenset({"evidence E-002"}),
        ),
        Case(
            "content-action",
            "content",
            _swap_char("items", "kind='action' AND id='A-001'", '"owner":"', '"owner":"Q'),
            frozenset({"action A-001"}),
        ),
        Case(
            "content-removed-risk",
            "content",
            _sql("DELETE FROM items WHERE kind='risk' AND id='R-004'"),
            frozenset(),
        ),  # a missing row is no document to check; see test expectations
    ]


def json_cases() -> list[Case]:
    """Stored documents that cannot be read: not UTF-8, too deep, huge numbers, not JSON."""
    bad_utf8 = "CAST(CAST(data AS BLOB)||x'ff' AS TEXT)"
    cases = []
    for table, where, label in (
        ("docs", "key='core'", "core"),
        ("responses", "subcategory_id='GOVERN 1.1'", "response"),
        ("items", "kind='risk' AND id='R-001'", "risk"),
        ("items", "kind='evidence' AND id='E-002'", "evidence"),
    ):
        cases += [
            Case(
                f"json-utf8-{label}",
                "json",
                _sql(f"UPDATE {table} SET data={bad_utf8} WHERE {where}"),
            ),
            Case(
                f"json-deep-{label}",
                "json",
                _sql(f"UPDATE {table} SET data=printf('%.*c',100000,'[') WHERE {where}"),
            ),
            Case(
                f"json-deep-valid-{label}",
                "json",
                _sql(
                    f"UPDATE {table} SET data=printf('%.*c',3000,'[')||printf('%.*c',3000,']') "
                    f"WHERE {where}"
                ),
            ),
            Case(
                f"json-number-{label}",
                "json",
                _sql(
                    f"UPDATE {table} SET data='{{\"x\":'||printf('%.*c',5000,'7')||'}}' "
                    f"WHERE {where}"
                ),
            ),
            Case(
                f"json-inf-{label}",
                "json",
                _sql(f"UPDATE {table} SET data='{{\"x\":1e999}}' WHERE {where}"),
            ),
            Case(
                f"json-nan-{label}", "json", _sql(f"UPDATE {table} SET data='[NaN]' WHERE {where}")
            ),
            Case(
                f"json-blob-{label}",
                "json",
                _sql(f"UPDATE {table} SET data=x'00ff10' WHERE {where}"),
            ),
            Case(f"json-int-{label}", "json", _sql(f"UPDATE {table} SET data=42 WHERE {where}")),
            Case(
                f"json-cut-{label}",
                "json",
                _sql(f"UPDATE {table} SET data=substr(data,1,length(data)/2) WHERE {where}"),
            ),
        ]
    cases += [
        Case(
            "json-history-utf8",
            "json",
            _sql("UPDATE history SET who=CAST(x'ff41' AS TEXT), old=CAST(x'c3' AS TEXT)"),
        ),
        Case("json-blob-int", "json", _sql("UPDATE blobs SET data=123456789012 WHERE seq=0")),
        Case("json-blob-text", "json", _sql("UPDATE blobs SET data=CAST(x'ff' AS TEXT)")),
        Case(
            "json-blob-bytes",
            "json",
            _sql("UPDATE blobs SET data=CAST(data||x'00' AS BLOB) WHERE seq=0"),
        ),
        Case(
            "json-blob-missing",
            "json",
            _sql("DELETE FROM blobs WHERE seq=0 AND blob_key=(SELECT min(blob_key) FROM blobs)"),
        ),
        Case("json-kind", "json", _sql("UPDATE items SET kind='bogus' WHERE id='E-002'")),
        Case("json-no-core", "json", _sql("DELETE FROM docs")),
        Case("json-meta-utf8", "json", _sql("UPDATE meta SET value=CAST(x'ff' AS TEXT)")),
    ]
    return cases


def byte_cases(demo: bytes, seed: int = 12) -> list[Case]:
    """Header flips (every byte), schema-page and data-page flips, and cuts."""
    rng = random.Random(seed)
    page = _page_size(demo)
    cases = [Case(f"header-{i:03d}", "header", _flip(i, 0xFF)) for i in range(100)]
    cases.append(Case("header-wal", "header", _sql("PRAGMA journal_mode=WAL")))
    cases += [
        Case(f"schema-{n:03d}", "schema", _flip(off, 1 << rng.randrange(8)))
        for n, off in enumerate(sorted(rng.sample(range(100, page), 60)))
    ]
    cases += [
        Case(f"data-{n:03d}", "data", _flip(off, 1 << rng.randrange(8)))
        for n, off in enumerate(sorted(rng.sample(range(page, len(demo)), 80)))
    ]
    lengths = {0, 1, 15, 16, 50, 99, 100, 101, 512, page - 1, page, page + 1, 2 * page}
    lengths |= {rng.randrange(2 * page, len(demo)) for _ in range(30)}
    lengths |= {len(demo) - page, len(demo) - 1}
    cases += [Case(f"cut-{n:07d}", "cut", _cut(n)) for n in sorted(lengths)]
    return cases


def all_cases(demo: bytes) -> list[Case]:
    return byte_cases(demo) + json_cases() + content_cases()


def make(case: Case, demo: Path, folder: Path) -> Path:
    """A damaged copy of ``demo`` in ``folder`` (its own subfolder, so leftovers are seen)."""
    target = folder / case.name / "damaged.airmf"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo, target)
    case.damage(target)
    return target


def rehash(path: Path) -> None:
    """Recompute every document's SHA-256 (and the one over all of them) as a program that
    knows the format would: content changed this way passes the checksums, so what is tested
    is the validation behind them."""
    from rmf_app.storage import schema

    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        hashes = []
        for table, keys in schema.DOCUMENT_TABLES.items():
            cols = ", ".join(keys)
            for row in con.execute(f"SELECT {cols}, CAST(data AS BLOB) FROM {table}").fetchall():
                sha = schema.document_sha256(table, tuple(row[:-1]), row[-1])
                hashes.append(sha)
                where = " AND ".join(f"{k}=?" for k in keys)
                con.execute(f"UPDATE {table} SET sha256=? WHERE {where}", (sha, *row[:-1]))
        con.execute(
            "UPDATE meta SET value=? WHERE key=?",
            (schema.documents_sha256(hashes), schema.DOCUMENTS_KEY),
        )
        con.execute("COMMIT")
    finally:
        con.close()


def as_format_2(src: Path, dst: Path) -> None:
    """Write ``dst`` as rmf-app wrote the same content in file format 2 (no checksums)."""
    from rmf_app.storage import schema
    from rmf_app.storage.airmf import initialise

    con = sqlite3.connect(dst, isolation_level=None)
    try:
        initialise(con, version=2)
        con.execute("ATTACH DATABASE ? AS src", (f"{src.resolve().as_uri()}?mode=ro",))
        con.execute("BEGIN")
        con.execute("INSERT INTO docs SELECT key, data FROM src.docs")
        con.execute("INSERT INTO responses SELECT subcategory_id, data FROM src.responses")
        con.execute("INSERT INTO items SELECT kind, id, position, data FROM src.items")
        con.execute("INSERT INTO blobs SELECT * FROM src.blobs")
        con.execute("DELETE FROM history")
        con.execute("INSERT INTO history SELECT * FROM src.history")
        con.execute("INSERT INTO revisions SELECT * FROM src.revisions")
        con.execute(
            "INSERT OR REPLACE INTO meta SELECT * FROM src.meta WHERE key NOT IN (?, ?)",
            (schema.DOCUMENTS_KEY, "schema_version"),
        )
        con.execute("COMMIT")
        con.execute("DETACH DATABASE src")
    finally:
        con.close()
