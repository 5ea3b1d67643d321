"""JSON export and import of large attachments: streamed with bounded memory, one size limit
shared by both, the same bytes as before (issue #12, point 15)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from rmf_app.services.session import AssessmentSession
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.errors import InterchangeError, StorageError

MB = 1 << 20


def _generated(path: Path, size: int, seed: int = 0) -> Path:
    """A file of ``size`` bytes: a random block repeated (no test data is committed)."""
    block = hashlib.sha256(str(seed).encode()).digest() * (MB // 32)
    with open(path, "wb") as fh:
        for _ in range(size // MB):
            fh.write(block)
        fh.write(block[: size % MB])
    return path


def _with_attachments(folder: Path, minimal, sizes: list[int]) -> Path:
    path = folder / "a.airmf"
    AirmfFile.create(path, minimal, "tester").close()
    with AssessmentSession.open(path, user="Ann") as s:
        s.set_response("GOVERN 1.1", current=2, notes='quotes " and \\ and / and ✓ and \u2028')
        for i, size in enumerate(sizes):
            s.attach_file(_generated(folder / f"att-{i}.bin", size, seed=i))
    return path


def _unstreamed_export(path: Path) -> bytes:
    """The export as rmf-app 1.0 made it, everything in memory: the format must not change."""
    with AirmfFile.open(path, read_only=True) as f:
        a = f.load()
        atts = {
            e.attachment.sha256: b"".join(f.iter_attachment(e.attachment.sha256))
            for e in a.evidence
            if e.attachment
        }
        data = {
            "format": "rmf-app.assessment",
            "format_version": 1,
            "assessment": a.model_dump(mode="json"),
            "attachments": {k: base64.b64encode(v).decode() for k, v in sorted(atts.items())},
            "history": [h._asdict() for h in f.history()],
            "revisions": [],
        }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def test_round_trip_of_attachments_of_every_awkward_size(tmp_path, minimal):
    """Sizes around the 3-byte base64 groups and the 1 MiB chunks, and an empty file."""
    sizes = [0, 1, 2, 3, 4, MB - 1, MB, MB + 1, MB + 2, 3 * MB + 1]
    source = _with_attachments(tmp_path, minimal, sizes)
    a_json, b_airmf, b_json = tmp_path / "a.json", tmp_path / "b.airmf", tmp_path / "b.json"
    with AirmfFile.open(source, read_only=True) as f:
        interchange.export_json(f, a_json)
    assert a_json.read_bytes() == _unstreamed_export(source)
    interchange.import_json(a_json, b_airmf, "importer")
    with AirmfFile.open(b_airmf, read_only=True) as f:
        got = {
            e.attachment.size: hashlib.sha256(b"".join(f.iter_attachment(e.attachment.sha256)))
            for e in f.load().evidence
            if e.attachment
        }
        interchange.export_json(f, b_json)
    assert sorted(got) == sorted(sizes)
    for i, size in enumerate(sizes):
        expected = hashlib.sha256((tmp_path / f"att-{i}.bin").read_bytes()).hexdigest()
        assert got[size].hexdigest() == expected
    assert a_json.read_bytes() == b_json.read_bytes()


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1000])
def test_reading_an_export_in_small_pieces(tmp_path, minimal, monkeypatch, chunk):
    """Every boundary of the chunked reader: escapes, marks and base64 split anywhere; an
    export rewritten by another tool (minified, '/' escaped as '\\/', a BOM) reads the same."""
    source = _with_attachments(tmp_path, minimal, [0, 5, 300])
    a_json = tmp_path / "a.json"
    with AirmfFile.open(source, read_only=True) as f:
        interchange.export_json(f, a_json)
    data = json.loads(a_json.read_text("utf-8"))
    rewritten = tmp_path / "rewritten.json"
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")
    rewritten.write_bytes(b"\xef\xbb\xbf" + text.encode())
    monkeypatch.setattr(interchange, "_STREAM_CHUNK", chunk)
    for i, src in enumerate((a_json, rewritten)):
        out = tmp_path / f"b{i}.airmf"
        interchange.import_json(src, out, "importer")
        again = tmp_path / f"b{i}.json"
        with AirmfFile.open(out, read_only=True) as f:
            interchange.export_json(f, again)
        assert again.read_bytes() == a_json.read_bytes()


def test_damaged_base64_in_any_attachment_is_refused(tmp_path, minimal):
    source = _with_attachments(tmp_path, minimal, [3 * MB + 1])
    a_json = tmp_path / "a.json"
    with AirmfFile.open(source, read_only=True) as f:
        interchange.export_json(f, a_json)
    raw = a_json.read_bytes()
    sha = next(iter(json.loads(raw)["attachments"]))
    start = raw.index(f'"{sha}": "'.encode()) + 70
    for at, new, message in (
        (start + 5, b"B", "does not match its SHA-256"),
        (start + 2 * MB, b"!", "not valid base64"),
        (start + 4 * MB, b"\\", "not valid"),
    ):
        damaged = tmp_path / "damaged.json"
        damaged.write_bytes(raw[:at] + new + raw[at + 1 :])
        with pytest.raises(InterchangeError, match=message):
            interchange.import_json(damaged, tmp_path / "b.airmf", "x")
        assert not (tmp_path / "b.airmf").exists()
        assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_export_refuses_a_damaged_attachment_and_writes_nothing(tmp_path, minimal):
    """Before: the damaged bytes were exported, and the export then failed to import."""
    source = _with_attachments(tmp_path, minimal, [2 * MB])
    con = sqlite3.connect(source)
    con.execute("UPDATE blobs SET data = zeroblob(length(data)) WHERE seq = 1")
    con.commit()
    con.close()
    out = tmp_path / "out.json"
    with AirmfFile.open(source, read_only=True) as f, pytest.raises(StorageError) as ei:
        interchange.export_json(f, out)
    assert "evidence E-001 is damaged or incomplete" in str(ei.value)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


def test_export_and_import_agree_on_the_size_limit(tmp_path, minimal, monkeypatch):
    """Before: export wrote a 2.86 GB file that import then refused (its limit was 2 GiB)."""
    source = _with_attachments(tmp_path, minimal, [2 * MB])
    fits = tmp_path / "fits.json"
    with AirmfFile.open(source, read_only=True) as f:
        interchange.export_json(f, fits)
    size = fits.stat().st_size
    monkeypatch.setattr(interchange, "MAX_EXPORT_BYTES", size)
    interchange.import_json(fits, tmp_path / "fits.airmf", "x")  # exactly at the limit: fine
    monkeypatch.setattr(interchange, "MAX_EXPORT_BYTES", size - 1)
    too_big = tmp_path / "too-big.json"
    with AirmfFile.open(source, read_only=True) as f, pytest.raises(InterchangeError) as ei:
        interchange.export_json(f, too_big)
    assert "more than the" in str(ei.value) and "a JSON export may hold" in str(ei.value)
    assert "Copy the .airmf file itself" in str(ei.value)
    assert not too_big.exists()
    with pytest.raises(InterchangeError, match=r"more than the .* an rmf-app export may hold"):
        interchange.import_json(fits, tmp_path / "refused.airmf", "x")
    assert not (tmp_path / "refused.airmf").exists()


def _with_generated_blob(folder: Path, minimal, size: int) -> Path:
    """An assessment whose one evidence item has ``size`` generated bytes attached, written
    straight into the file's blob table (quicker than attaching a file of that size)."""
    from rmf_app.domain.assessment import Attachment, Evidence
    from rmf_app.storage.schema import CHUNK_SIZE

    path = folder / "big.airmf"
    AirmfFile.create(path, minimal, "tester").close()
    block = hashlib.sha256(b"block").digest() * (CHUNK_SIZE // 32)
    chunks = [block] * (size // CHUNK_SIZE) + (
        [block[: size % CHUNK_SIZE]] if size % CHUNK_SIZE else []
    )
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    sha = digest.hexdigest()
    with AssessmentSession.open(path, user="Ann") as s:
        attachment = Attachment(filename="big.bin", size=size, sha256=sha)
        s.add_item("evidence", Evidence(id="E-001", title="Big", attachment=attachment))
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO blobs (blob_key, seq, data) VALUES (?, ?, ?)",
            ((sha, seq, chunk) for seq, chunk in enumerate(chunks)),
        )
    con.close()
    return path


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_a_200_mb_attachment_streams_with_bounded_memory(tmp_path, minimal):
    """Before: a 2 GB attachment took 10.5 GB of memory to export (about five copies)."""
    size = 200 * MB
    source = _with_generated_blob(tmp_path, minimal, size)
    out, back = tmp_path / "big.json", tmp_path / "back.airmf"
    with AirmfFile.open(source, read_only=True) as f:
        peak_export = _peak(lambda: interchange.export_json(f, out))
    assert out.stat().st_size > size * 4 // 3
    peak_import = _peak(lambda: interchange.import_json(out, back, "x"))
    assert peak_export < 32 * MB, peak_export
    assert peak_import < 32 * MB, peak_import
    with AirmfFile.open(back, read_only=True) as f:
        (e,) = f.load().evidence
        digest = hashlib.sha256()
        for chunk in f.iter_attachment(e.attachment.sha256):
            digest.update(chunk)
    assert e.attachment.size == size and digest.hexdigest() == e.attachment.sha256
    os.unlink(out)
