"""The portfolio PDF's provenance appendix: every file read with the hash of its bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from rmf_app import __version__
from rmf_app.domain.scoring import METHOD_VERSION
from rmf_app.services import portfolio as pf
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession

DAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("prov")
    (root / "team a").mkdir()
    template = tmp_path_factory.mktemp("t") / "demo.airmf"
    write_demo(template)
    for i, where in enumerate(("one.airmf", "team a/two.airmf", "team a/three.airmf")):
        shutil.copyfile(template, root / where)
        with AssessmentSession.open(root / where) as s:
            s.update_profile(name=f"System {i}")
            if i == 1:
                s.sign("approver", "Pat Approver")
                s.finalise()
    (root / "team a" / "notes.airmf").write_text("not an assessment\n")
    data = template.read_bytes()
    (root / "cut.airmf").write_bytes(data[: len(data) // 4])
    return root


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    return "\n".join(p.extract_text() for p in pages)


def _appendix(path: Path) -> str:
    text = _pdf_text(path)
    assert "Appendix. Provenance" in text
    return text[text.rindex("Appendix. Provenance") :]


def test_appendix_lists_each_file_with_its_hash_size_and_state(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    p = pf.read_portfolio([folder], today=DAY)
    out = tmp_path / "p.pdf"
    pf.export_portfolio_pdf(p, out)
    appendix = _appendix(out)
    flat = "".join(appendix.split())  # hashes and paths may wrap in table cells
    for rel in ("one.airmf", "team a/two.airmf", "team a/three.airmf"):
        data = (folder / rel).read_bytes()
        assert "".join(rel.split()) in flat
        assert hashlib.sha256(data).hexdigest() in flat
        assert str(len(data)) in flat
    final = next(r for r in p.rows if r.name == "System 1")
    assert final.fingerprint and final.fingerprint in flat
    for r in p.rows:
        assert f"{r.revision}, {r.state.lower()}" in appendix
    # the files that could not be read, with the reason and the bytes' hash
    assert "Files not read (2)" in appendix
    for rel in ("team a/notes.airmf", "cut.airmf"):
        assert "".join(rel.split()) in flat
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() in flat
    assert {u.source for u in p.unreadable} == {"team a/notes.airmf", "cut.airmf"}
    assert all(u.reason for u in p.unreadable)
    # the app, the method and the moment (SOURCE_DATE_EPOCH)
    assert f"rmf-app {__version__}" in appendix
    assert f"scoring method {METHOD_VERSION}" in appendix
    assert "2026-09-21 14:13 UTC" in appendix


def test_rows_carry_the_path_as_given_and_the_bytes_read(folder):
    given = sorted(folder.rglob("*.airmf"))[0]
    p = pf.read_portfolio([folder, given], today=DAY)
    assert sorted(r.source for r in p.rows) == [
        "one.airmf",
        "team a/three.airmf",
        "team a/two.airmf",
    ]
    for r in p.rows:
        data = Path(r.path).read_bytes()
        assert (r.sha256, r.size) == (hashlib.sha256(data).hexdigest(), len(data))
    # a file named on its own keeps its path as named
    alone = pf.read_portfolio([folder / "one.airmf"], today=DAY)
    assert alone.rows[0].source == str(folder / "one.airmf")
    assert alone.sources == [str(folder / "one.airmf")]


def test_two_exports_with_source_date_epoch_are_byte_identical(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pf.export_portfolio_pdf(pf.read_portfolio([folder], today=DAY), first)
    pf.export_portfolio_pdf(pf.read_portfolio([folder], today=DAY), second)
    assert first.read_bytes() == second.read_bytes()


def test_a_file_changed_while_it_was_read_is_flagged(folder, monkeypatch):
    import os

    real = pf.file_digest

    def digest_then_touch(path):
        result = real(path)
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # another writer
        return result

    monkeypatch.setattr(pf, "file_digest", digest_then_touch)
    p = pf.read_portfolio([folder / "one.airmf"], today=DAY)
    row = p.rows[0]
    assert row.needs_attention
    assert any("changed while it was read" in f for f in row.flags)
    monkeypatch.setattr(pf, "file_digest", real)
    again = pf.read_portfolio([folder / "one.airmf"], today=DAY).rows[0]
    assert not any("changed while" in f for f in again.flags)


def test_files_of_several_folders_keep_their_folder(folder, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(folder / "one.airmf", other / "one.airmf")
    p = pf.read_portfolio([folder, other], today=DAY)
    sources = sorted(r.source for r in p.rows)
    assert (other / "one.airmf").as_posix() in sources
    assert (folder / "one.airmf").as_posix() in sources
    assert len(set(sources)) == len(p.rows) == 4
