"""`rmf-app sign`: PAdES signatures from the user's PKCS#12, one or several in sequence, checked
with pyHanko's own validator and with `rmf-app verify` (issue #14, point 3)."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from rmf_app.cli import main
from tests.unit.trust_fixture import PASS, draft_demo, export, final_demo, make_pki, self_signed_p12

pytestmark = pytest.mark.slow


def run(*args: Any, stdin: str = PASS + "\n") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sign")


@pytest.fixture(scope="module")
def pki(folder: Path):
    return make_pki(folder)


@pytest.fixture(scope="module")
def report(folder: Path) -> Path:
    _, a = final_demo(folder)
    return export(a, folder / "final.pdf")


@pytest.fixture(scope="module")
def signed_twice(folder: Path, pki, report: Path) -> tuple[Path, Path]:
    once, twice = folder / "once.pdf", folder / "twice.pdf"
    code, out, err = run(
        "sign", report, "--key", pki.p12("Ada Assessor"), "--role", "Assessor", "-o", once
    )
    assert code == 0, err
    assert err == ""  # a final report: no warning
    code, out, err = run(
        "sign",
        once,
        "--key",
        pki.p12("Rita Risk"),
        "--role",
        "Risk manager",
        "--reason",
        "Accepted with conditions",
        "-o",
        twice,
    )
    assert code == 0, err
    assert "signed by Rita Risk" in out
    return once, twice


def pyhanko_statuses(path: Path, ca: Path) -> list[Any]:
    """pyHanko's own validation, trusting the test CA explicitly."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = load_cert_from_pemder(str(ca))
    with open(path, "rb") as fh:
        reader = PdfFileReader(fh)
        return [
            validate_pdf_signature(sig, ValidationContext(trust_roots=[root], allow_fetching=False))
            for sig in reader.embedded_signatures
        ]


def test_a_signed_report_is_valid_in_pyhanko(signed_twice, pki) -> None:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    once, _ = signed_twice
    (status,) = pyhanko_statuses(once, pki.ca_pem)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    code, out, _ = run("verify", once, "--trust", pki.ca_pem)
    assert code == 0, out
    assert "Signed by Ada Assessor (Assessor)" in out and '"Reviewed and accepted"' in out
    assert "signature valid; certificate issued by rmf-app test CA, trusted" in out


def test_signed_twice_both_signatures_stay_valid(signed_twice, pki) -> None:
    _, twice = signed_twice
    first, second = pyhanko_statuses(twice, pki.ca_pem)
    assert first.bottom_line and second.bottom_line
    assert first.docmdp_ok is not False
    code, out, _ = run("verify", twice, "--trust", pki.ca_pem)
    assert code == 0, out
    assert out.count("signature valid; certificate issued by rmf-app test CA, trusted") == 2
    assert '"Accepted with conditions"' in out and "Rita Risk (Risk manager)" in out
    # a PAdES signature, not the older adbe.pkcs7 kind
    assert twice.read_bytes().count(b"/ETSI.CAdES.detached") == 2


def test_without_trusting_the_ca_the_signer_is_not_confirmed(signed_twice) -> None:
    once, _ = signed_twice
    code, out, _ = run("verify", once)
    assert code == 3
    assert "does not lead to an authority you trust" in out


def test_a_self_signed_certificate_is_explained(folder: Path, report: Path) -> None:
    key = self_signed_p12(folder)
    out_pdf = folder / "self.pdf"
    assert run("sign", report, "--key", key, "-o", out_pdf)[0] == 0
    code, out, _ = run("verify", out_pdf)
    assert code == 3
    assert "self-signed" in out and "not who signed it" in out


def test_changed_after_signing_is_caught(signed_twice, pki, tmp_path: Path) -> None:
    """An incremental update appended after the signatures (the signed bytes stay intact)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, twice = signed_twice
    with open(twice, "rb") as fh:
        w = IncrementalPdfFileWriter(io.BytesIO(fh.read()))
    page = w.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 40 Tf 100 400 Td (APPROVED) Tj ET")
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), w.add_object(stream)])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(out.getvalue())
    code, text, _ = run("verify", changed, "--trust", pki.ca_pem)
    assert code == 1
    assert "CHANGED AFTER SIGNING" in text
    assert "Page 1 differ" in text


def test_a_draft_report_is_signed_with_a_warning(folder: Path, pki) -> None:
    _, a = draft_demo(folder)
    draft = export(a, folder / "draft.pdf")
    code, _, err = run("sign", draft, "--key", pki.p12("Ada Assessor"), "-o", folder / "d.pdf")
    assert code == 0
    assert "not a final revision" in err


def test_a_tampered_report_is_not_signed(report: Path, pki, tmp_path: Path) -> None:
    import pikepdf

    bad = tmp_path / "bad.pdf"
    with pikepdf.open(report) as pdf:
        del pdf.pages[0]
        pdf.save(bad)
    code, _, err = run("sign", bad, "--key", pki.p12("Ada Assessor"), "-o", tmp_path / "s.pdf")
    assert code == 1 and "was not signed" in err and "pages were removed" in err
    assert not (tmp_path / "s.pdf").exists()


def test_wrong_passphrase_writes_nothing(report: Path, pki, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    code, _, err = run("sign", report, "--key", pki.p12("Ada Assessor"), "-o", out, stdin="wrong\n")
    assert code == 1 and "passphrase is wrong" in err and "Traceback" not in err
    assert not out.exists()


def test_the_passphrase_is_asked_without_echo_on_a_terminal(report: Path, pki, tmp_path) -> None:
    out = tmp_path / "s.pdf"
    tty = mock.MagicMock()
    tty.isatty.return_value = True
    with (
        mock.patch.object(sys, "stdin", tty),
        mock.patch("getpass.getpass", return_value=PASS) as asked,
        redirect_stdout(io.StringIO()),
    ):
        code = main(["sign", str(report), "--key", str(pki.p12("Ada Assessor")), "-o", str(out)])
    assert code == 0 and asked.call_count == 1
    assert "Ada Assessor.p12" in asked.call_args.args[0]
    tty.readline.assert_not_called()
    assert PASS.encode() not in out.read_bytes()
