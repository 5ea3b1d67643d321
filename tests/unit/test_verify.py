"""`rmf-app verify`: an untouched report checks; each kind of tampering is refused with what
changed (issue #14, point 2)."""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from rmf_app.cli import main
from rmf_app.domain.report_data import CANONICAL_NAME, MANIFEST_NAME
from rmf_app.services.verify import VerifyError, describe, verify_report
from tests.unit.trust_fixture import draft_demo, export, final_demo

pytestmark = pytest.mark.slow


def run(*args: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("verify")


@pytest.fixture(scope="module")
def report(folder: Path) -> Path:
    """A final executive report of the demo."""
    _, a = final_demo(folder)
    return export(a, folder / "final.pdf")


def tamper(src: Path, dst: Path, change: Callable[[pikepdf.Pdf], None]) -> Path:
    with pikepdf.open(src) as pdf:
        change(pdf)
        pdf.save(dst)
    return dst


def set_embedded(pdf: pikepdf.Pdf, name: str, data: bytes) -> None:
    pdf.attachments[name].obj.EF.F.write(data)


def test_an_untouched_final_report_checks(report: Path) -> None:
    code, out, _ = run("verify", report)
    assert code == 0, out
    assert 'revision 1 of "LoanLens Application Triage", final, fingerprint matches' in out
    assert "recorded and printed" in out
    assert "not digitally signed" in out and "everything checks" in out


def test_a_draft_report_checks_and_says_it_is_not_final(folder: Path) -> None:
    _, a = draft_demo(folder)
    out_pdf = export(a, folder / "draft.pdf", executive=False)
    code, out, _ = run("verify", out_pdf)
    assert code == 0, out
    assert "in review (not final, so it has no fingerprint)" in out


def test_a_changed_byte_in_the_page_text_is_caught(report: Path, tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        data = bytearray(page.Contents.read_bytes())
        # the first text-showing operand: change one character of what the page prints
        at = data.index(b") Tj") - 1
        data[at] = data[at] ^ 0x01
        page.Contents.write(bytes(data))

    result = verify_report(tamper(report, tmp_path / "t.pdf", edit))
    assert not result.ok and not result.can_open
    assert any("Page 1 differ" in p for p in result.problems), result.problems
    code, out, _ = run("verify", tmp_path / "t.pdf")
    assert code == 1 and "NOT OK: Page 1 differ" in out and "does NOT check" in out


def _stream_span(raw: bytes, objnum: int) -> tuple[int, int]:
    start = re.search(rb"(?m)^%d 0 obj" % objnum, raw)
    assert start is not None
    s = raw.index(b"stream", start.end()) + len(b"stream\n")
    return s, raw.index(b"endstream", s)


def test_flipped_bytes_in_a_page_stream_are_caught(report: Path, tmp_path: Path) -> None:
    """Generated damage: single bytes flipped at random places of a page's compressed stream,
    straight in the file (the file stays a readable PDF)."""
    raw = report.read_bytes()
    with pikepdf.open(report) as pdf:
        objnum = pdf.pages[1].Contents.objgen[0]
    s, e = _stream_span(raw, objnum)
    rng = random.Random(14)
    for n in range(8):
        at = rng.randrange(s, e - 1)
        damaged = bytearray(raw)
        damaged[at] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flip{n}.pdf"
        path.write_bytes(bytes(damaged))
        result = verify_report(path)
        assert not result.ok, at
        assert any("Page 2" in p for p in result.problems), result.problems


def test_random_damage_anywhere_never_crashes(report: Path, tmp_path: Path) -> None:
    raw = report.read_bytes()
    rng = random.Random(1414)
    for n in range(12):
        damaged = bytearray(raw)
        for _ in range(rng.randrange(1, 6)):
            damaged[rng.randrange(len(raw))] = rng.randrange(256)
        if n % 3 == 0:
            damaged = damaged[: rng.randrange(len(raw))]
        path = tmp_path / f"d{n}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            result = verify_report(path)
        except VerifyError as exc:
            assert str(exc)
            continue
        lines = describe(result)
        assert lines[-1].startswith("Result:")


def test_edited_embedded_json_is_caught(report: Path, tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        data = pdf.attachments[CANONICAL_NAME].get_file().read_bytes()
        set_embedded(pdf, CANONICAL_NAME, data.replace(b'"proceed', b'"do_not_proceed', 1))

    result = verify_report(tamper(report, tmp_path / "t.pdf", edit))
    assert not result.ok and result.assessment is None
    assert any("embedded assessment data was changed" in p for p in result.problems)


def test_a_consistent_forgery_of_the_data_is_caught_by_the_printed_fingerprint(
    report: Path, tmp_path: Path
) -> None:
    """Edit the JSON and rewrite the manifest to match: the fingerprint printed in the report
    no longer matches the data."""
    import hashlib

    def edit(pdf: pikepdf.Pdf) -> None:
        data = pdf.attachments[CANONICAL_NAME].get_file().read_bytes()
        doc = json.loads(data)
        doc["profile"]["owner"] = "Mallory"
        new = (
            json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        ).encode()
        sha = hashlib.sha256(new).hexdigest()
        manifest = json.loads(pdf.attachments[MANIFEST_NAME].get_file().read_bytes())
        manifest["canonical_sha256"] = manifest["fingerprint"] = sha
        set_embedded(pdf, CANONICAL_NAME, new)
        set_embedded(pdf, MANIFEST_NAME, json.dumps(manifest).encode())

    result = verify_report(tamper(report, tmp_path / "t.pdf", edit))
    assert not result.ok
    assert any("fingerprint printed in the report" in p for p in result.problems), result.problems


def test_removed_pages_are_caught(report: Path, tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[1]

    result = verify_report(tamper(report, tmp_path / "t.pdf", edit))
    assert not result.ok
    assert any("pages were removed or added" in p for p in result.problems), result.problems


def test_an_added_annotation_is_caught(report: Path, tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        note = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.FreeText,
                Rect=[100, 100, 300, 140],
                Contents=pikepdf.String("APPROVED"),
            )
        )
        page = pdf.pages[0]
        if "/Annots" not in page.obj:
            page.obj.Annots = pdf.make_indirect(pikepdf.Array())
        page.obj.Annots.append(note)

    result = verify_report(tamper(report, tmp_path / "t.pdf", edit))
    assert any("page 1: FreeText annotation" in p for p in result.problems), result.problems


def test_a_pdf_without_report_data_is_refused(report: Path, tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        del pdf.attachments[CANONICAL_NAME]

    code, out, _ = run("verify", tamper(report, tmp_path / "t.pdf", edit))
    assert code == 1 and "carries no rmf-app report data" in out


def test_not_a_pdf_is_a_clear_error(tmp_path: Path) -> None:
    other = tmp_path / "notes.pdf"
    other.write_text("hello")
    code, _, err = run("verify", other)
    assert code == 1 and "is not a PDF file" in err
    code, _, err = run("verify", tmp_path / "missing.pdf")
    assert code == 1 and "Cannot read" in err
