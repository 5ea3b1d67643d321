"""Earlier final revisions: read back exactly as signed off, or refused with a reason."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from pypdf import PdfReader

from rmf_app.cli import main
from rmf_app.services.demo import write_demo
from rmf_app.services.revisions import final_revision, final_revision_canonical
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.errors import StorageError


@pytest.fixture
def two_revisions(tmp_path):
    """The demo finalised as revision 1, then revision 2 started and changed."""
    path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(path, user="Test") as s:
        first = s.assessment.response("GOVERN 1.1").notes
        fp = s.finalise()
        assert s.new_revision() == 2
        s.set_response("GOVERN 1.1", notes="Changed in revision 2")
    return path, fp, first


def test_an_earlier_revision_reads_back_as_it_was_finalised(two_revisions):
    path, fp, first_notes = two_revisions
    with AssessmentSession.open(path, read_only=True) as s:
        old = final_revision(s.store, 1)
        assert s.assessment.revision == 2 and not s.assessment.is_final
        assert s.assessment.response("GOVERN 1.1").notes == "Changed in revision 2"
        assert old.revision == 1 and old.is_final and old.fingerprint == fp
        assert old.response("GOVERN 1.1").notes == first_notes
        assert hashlib.sha256(final_revision_canonical(s.store, 1)).hexdigest() == fp


def test_a_revision_that_is_not_kept_is_named(two_revisions):
    path, _, _ = two_revisions
    with AssessmentSession.open(path, read_only=True) as s:
        with pytest.raises(StorageError, match=r"no final revision 2 \(final revisions kept: 1\)"):
            final_revision(s.store, 2)


def test_a_tampered_revision_is_refused(two_revisions):
    path, _, _ = two_revisions
    con = sqlite3.connect(path)
    with con:
        (canonical,) = con.execute("SELECT canonical FROM revisions WHERE revision=1").fetchone()
        assert b"LoanLens" in bytes(canonical)
        con.execute(
            "UPDATE revisions SET canonical=? WHERE revision=1",
            (bytes(canonical).replace(b"LoanLens", b"LoanLenz", 1),),
        )
    con.close()
    with AssessmentSession.open(path, read_only=True) as s:
        with pytest.raises(StorageError, match="does not match the fingerprint"):
            final_revision(s.store, 1)
        with pytest.raises(StorageError, match="use a backup copy"):
            final_revision_canonical(s.store, 1)


def _cli(*args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exports_an_earlier_revision(two_revisions, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    path, fp, _ = two_revisions
    canonical = tmp_path / "r1.canonical.json"
    code, _, err = _cli(
        "export", path, "--revision", 1, "--canonical", "-o", canonical, capsys=capsys
    )
    assert code == 0, err
    assert hashlib.sha256(canonical.read_bytes()).hexdigest() == fp

    pdf = tmp_path / "r1.pdf"
    code, _, err = _cli("export", path, "--revision", 1, "-o", pdf, "--executive", capsys=capsys)
    assert code == 0, err
    first_page = " ".join((PdfReader(pdf).pages[0].extract_text() or "").split())
    assert fp in first_page  # the report is revision 1's, with its fingerprint
    assert "DRAFT" not in first_page

    code, _, err = _cli("export", path, "--revision", 1, "-o", tmp_path / "r1.csv", capsys=capsys)
    assert code == 1 and "PDF report or as its canonical JSON" in err
    code, _, err = _cli("export", path, "--revision", 3, "-o", tmp_path / "r3.pdf", capsys=capsys)
    assert code == 1 and "no final revision 3" in err
    assert not (tmp_path / "r3.pdf").exists()

    code, out, _ = _cli("info", path, capsys=capsys)
    assert code == 0 and "Earlier final revision 1" in out and fp in out


def test_finalizing_is_all_or_nothing_when_the_revision_record_fails(tmp_path, monkeypatch):
    """A full disk (or a crash) while the revision's record is written must not leave a final
    assessment whose revision was never recorded: the state and the record are one write."""
    from rmf_app.services.errors import SaveError
    from rmf_app.storage import airmf

    path = tmp_path / "d.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as s:
        s.sign("approver", "Pat Approver")

        def full(con, record):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(airmf, "_insert_revision", full)
        with pytest.raises(SaveError):
            s.finalise()
        assert not s.assessment.is_final
    monkeypatch.undo()
    with AssessmentSession.open(path) as s:
        assert not s.assessment.is_final  # the state did not go final without its record
        assert s.store.revisions() == []
        fp = s.finalise()  # and once there is room, finalizing works
    with AssessmentSession.open(path) as s:
        assert s.assessment.is_final
        [record] = s.store.revisions()
        assert record.fingerprint == fp
