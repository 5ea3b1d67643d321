"""Checksums of stored documents and attached files (issue #12 point 12).

SQLite keeps no checksums: a one-character change in a stored document, or a risk moved to
another position, used to open silently. Every document now carries a SHA-256 (file format 3),
checked on open; a damaged file is named document by document and can be opened read-only
without the damaged parts. Attached files are checked against their SHA-256 by ``validate`` and
before a JSON export.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from rmf_app import cli
from rmf_app.services.attachments import save_attachment
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession
from rmf_app.storage import schema
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.errors import CorruptFileError, DamagedFileError, StorageError
from tests import damaged_files


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("demo") / "demo.airmf")


@pytest.fixture
def demo(tmp_path, demo_master):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "F.airmf"
    shutil.copyfile(demo_master, path)
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sql(path, statement: str, *args) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute(statement, args)
    finally:
        con.close()


def _stored_hashes_match(path) -> bool:
    """Recompute every document's SHA-256 as docs/file-format.md describes it."""
    con = sqlite3.connect(path)
    try:
        hashes = []
        for table, keys in schema.DOCUMENT_TABLES.items():
            cols = ", ".join(keys)
            for row in con.execute(f"SELECT {cols}, CAST(data AS BLOB), sha256 FROM {table}"):
                expected = hashlib.sha256(
                    b"\0".join(
                        [table.encode()] + [str(k).encode("utf-8") for k in row[:-2]] + [row[-2]]
                    )
                ).hexdigest()
                if row[-1] != expected:
                    return False
                hashes.append(expected)
        (recorded,) = con.execute("SELECT value FROM meta WHERE key='documents_sha256'").fetchone()
        return (
            recorded
            == hashlib.sha256("".join(h + "\n" for h in sorted(hashes)).encode()).hexdigest()
        )
    finally:
        con.close()


def test_every_document_is_stored_with_its_sha256(demo):
    con = sqlite3.connect(demo)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        con.close()
    assert _stored_hashes_match(demo)


def test_edits_keep_the_checksums_right(demo):
    from rmf_app.domain.assessment import Risk

    with AssessmentSession.open(demo) as s:
        s.set_response("GOVERN 1.1", notes="changed")
        s.update_profile(name="Renamed")
        s.add_item(
            "risk", Risk(id="R-900", title="New first", likelihood=2, impact=3), position=0
        )  # moves the rest
        s.remove_item("risk", "R-002")
        s.update_item("action", s.assessment.actions[0].id, title="Retitled")
        s.set_review(reviewer="Someone")
    assert _stored_hashes_match(demo)
    with AssessmentSession.open(demo, read_only=True) as s:
        assert [r.id for r in s.assessment.risks][:2] == ["R-900", "R-001"]
        assert s.damage == []


@pytest.mark.parametrize("case", damaged_files.content_cases(), ids=lambda c: c.name)
def test_a_changed_document_is_named(demo, case):
    case.damage(demo)
    before = _sha(demo)
    with pytest.raises(DamagedFileError) as ei:
        AssessmentSession.open(demo)
    names = {d.split(" (")[0] for d in ei.value.damaged}
    if case.documents:
        assert names == set(case.documents)
    message = str(ei.value)
    assert message.startswith("F.airmf is damaged: ")
    assert "read-only" in message and "backup" in message
    assert _sha(demo) == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["F.airmf"]


def test_a_removed_document_is_noticed(demo):
    """No row's own checksum can show that a row is gone: the checksum over all does."""
    with AirmfFile.open(demo, read_only=True) as f:
        a = f.load()
    unlinked = next(r.id for r in a.risks if all(r.id not in x.risks for x in a.actions))
    _sql(demo, "DELETE FROM items WHERE kind='risk' AND id=?", unlinked)
    with pytest.raises(DamagedFileError, match="the list of documents"):
        AirmfFile.open(demo, read_only=True)


def test_damaged_file_opens_read_only_without_the_damaged_parts(demo):
    with AirmfFile.open(demo, read_only=True) as f:
        original = f.load()
    for case in damaged_files.content_cases():
        if case.name in ("content-risk-text", "content-answer"):
            case.damage(demo)
    before = _sha(demo)
    with AssessmentSession.open(demo, allow_damaged=True) as s:
        assert s.read_only and "damaged" in s.read_only_reason
        assert s.damage == [
            "the answers of GOVERN 1.2 (does not match its checksum)",
            "risk R-003 (does not match its checksum)",
        ]
        a = s.assessment
        assert "GOVERN 1.2" not in a.responses
        assert [r.id for r in a.risks] == [r.id for r in original.risks if r.id != "R-003"]
        assert all("R-003" not in x.risks for x in a.actions)  # links to it left out with it
        assert a.responses["GOVERN 1.1"] == original.responses["GOVERN 1.1"]
        assert a.profile == original.profile and a.evidence == original.evidence
        with pytest.raises(StorageError, match=r"Cannot change F\.airmf: it is damaged"):
            s.set_response("GOVERN 1.1", notes="no")
    assert _sha(demo) == before


def test_cli_names_damage_and_offers_what_is_intact(demo, tmp_path, capsys):
    damaged_files.content_cases()[1].damage(demo)  # risk R-003
    before = _sha(demo)

    assert cli.main(["validate", str(demo)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rmf-app: error: F.airmf is damaged: risk R-003") and err.count("\n") == 1
    assert "--allow-damaged" in err

    assert cli.main(["info", str(demo)]) == 1
    err = capsys.readouterr().err
    assert "risk R-003" in err and "--allow-damaged" in err

    assert cli.main(["info", "--allow-damaged", str(demo)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("rmf-app: warning: F.airmf is damaged; left out: risk R-003")
    assert "Risks:" in captured.out

    out = tmp_path / "intact.json"
    assert cli.main(["export", "--allow-damaged", str(demo), "-o", str(out)]) == 0
    capsys.readouterr()
    exported = json.loads(out.read_text("utf-8"))
    assert "R-003" not in [r["id"] for r in exported["assessment"]["risks"]]
    again = tmp_path / "again.airmf"
    assert cli.main(["import", str(out), "-o", str(again)]) == 0
    assert _sha(demo) == before


# -- attached files ----------------------------------------------------------------------------


def _attached(path) -> tuple[str, str]:
    with AirmfFile.open(path, read_only=True) as f:
        e = next(e for e in f.load().evidence if e.attachment)
        return e.id, e.attachment.sha256


@pytest.mark.parametrize(
    "damage, problem",
    [
        ("UPDATE blobs SET data=CAST(data||x'00' AS BLOB) WHERE blob_key=?", "is longer"),
        ("UPDATE blobs SET data=substr(data,1,10) WHERE blob_key=?", "is incomplete"),
        (
            "UPDATE blobs SET data=CAST(upper(CAST(data AS TEXT)) AS BLOB) WHERE blob_key=?",
            "does not match its checksum",
        ),
        ("DELETE FROM blobs WHERE blob_key=?", "is missing"),
        ("UPDATE blobs SET data=12345 WHERE blob_key=?", "cannot be read"),
    ],
)
def test_damaged_attachment_is_found_by_validate_and_stops_a_json_export(
    demo, tmp_path, capsys, damage, problem
):
    evidence_id, sha = _attached(demo)
    _sql(demo, damage, sha)
    before = _sha(demo)
    assert cli.main(["validate", str(demo)]) == 1
    err = capsys.readouterr().err
    assert f"the file attached to evidence {evidence_id} ({problem}" in err

    out = tmp_path / "out.json"
    assert cli.main(["export", str(demo), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"evidence {evidence_id}" in err and "--allow-damaged" in err
    assert not out.exists()

    assert cli.main(["export", "--allow-damaged", str(demo), "-o", str(out)]) == 0
    assert evidence_id in capsys.readouterr().err
    exported = json.loads(out.read_text("utf-8"))
    evidence = {e["id"]: e for e in exported["assessment"]["evidence"]}
    assert evidence[evidence_id]["attachment"] is None  # the item stays, without the file
    assert sha not in exported["attachments"]
    assert cli.main(["import", str(out), "-o", str(tmp_path / "again.airmf")]) == 0
    assert _sha(demo) == before


def test_attachment_bytes_are_checked_as_they_are_read(demo, tmp_path):
    evidence_id, sha = _attached(demo)
    _sql(
        demo, "UPDATE blobs SET data=CAST(upper(CAST(data AS TEXT)) AS BLOB) WHERE blob_key=?", sha
    )
    target = tmp_path / "saved.md"
    with AssessmentSession.open(demo, read_only=True) as s:
        evidence = s.assessment.evidence_item(evidence_id)
        with pytest.raises(CorruptFileError, match="does not match its checksum"):
            save_attachment(s.store, evidence, target)
    assert not target.exists()


# -- file format 2 -------------------------------------------------------------------------------


def test_format_2_is_read_as_it_is_and_upgraded_with_a_backup(demo, tmp_path, capsys):
    old = tmp_path / "old" / "F.airmf"
    old.parent.mkdir()
    damaged_files.as_format_2(demo, old)
    original = old.read_bytes()

    assert cli.main(["info", str(old)]) == 0  # read-only: no upgrade needed to read it
    capsys.readouterr()
    assert old.read_bytes() == original

    with AirmfFile.open(old) as f:
        assert f.migrated_from == 2 and f.schema_version() == 3
        backup = f.backup_path
        upgraded = f.load()
    assert backup is not None and backup.read_bytes() == original
    assert backup.name == "F.format2-backup.airmf"
    assert _stored_hashes_match(old)
    with AirmfFile.open(demo, read_only=True) as f:
        assert upgraded == f.load()
    with AirmfFile.open(old) as f:
        assert f.migrated_from is None
