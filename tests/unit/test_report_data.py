"""Every exported PDF carries its canonical JSON and page seals (issue #14, point 1)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

from rmf_app.domain.canonical import canonical_bytes
from rmf_app.domain.report_data import CANONICAL_NAME, MANIFEST_NAME, ReportManifest
from rmf_app.services.report_data import embedded_files, page_seals
from rmf_app.services.session import AssessmentSession
from tests.conftest import PYTHON, run_cli_env
from tests.unit.trust_fixture import draft_demo, export, final_demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report-data")


def test_a_final_report_embeds_its_canonical_json_and_fingerprint(folder: Path) -> None:
    _, a = final_demo(folder)
    out = export(a, folder / "final.pdf")
    with pikepdf.open(out) as pdf:
        files = embedded_files(pdf)
        assert set(files) == {CANONICAL_NAME, MANIFEST_NAME}
        # associated with the document (PDF/A-3 way), the JSON as its data
        assert all(f.associated for f in files.values())
        assert files[CANONICAL_NAME].relationship == "/Data"
        assert pikepdf.String(CANONICAL_NAME) in pdf.Root.Names.EmbeddedFiles.Names
        data = files[CANONICAL_NAME].data
        assert data == canonical_bytes(a)
        assert hashlib.sha256(data).hexdigest() == a.fingerprint
        manifest = ReportManifest.model_validate_json(files[MANIFEST_NAME].data)
        assert manifest.fingerprint == a.fingerprint
        assert manifest.revision == a.revision and manifest.state == "final"
        # the seals recorded are those of the pages as they are in the file
        assert manifest.pages == page_seals(pdf)
        assert len(manifest.pages) == len(pdf.pages)


def test_a_draft_records_no_fingerprint(folder: Path) -> None:
    _, a = draft_demo(folder)
    out = export(a, folder / "draft.pdf")
    with pikepdf.open(out) as pdf:
        files = embedded_files(pdf)
    manifest = ReportManifest.model_validate_json(files[MANIFEST_NAME].data)
    assert manifest.fingerprint is None and manifest.state == "in_review"
    assert files[CANONICAL_NAME].data == canonical_bytes(a)


def test_attached_files_are_not_embedded_only_their_sha256(folder: Path, tmp_path: Path) -> None:
    path, a = draft_demo(tmp_path)
    before = export(a, tmp_path / "before.pdf").stat().st_size
    blob = os.urandom(400_000)  # incompressible
    src = tmp_path / "scan.bin"
    src.write_bytes(blob)
    with AssessmentSession.open(path) as s:
        s.attach_file(src, title="Scanned approval")
        a = s.assessment
    out = export(a, tmp_path / "after.pdf")
    assert out.stat().st_size - before < 20_000
    with pikepdf.open(out) as pdf:
        data = embedded_files(pdf)[CANONICAL_NAME].data
    assert hashlib.sha256(blob).hexdigest().encode() in data


def test_same_input_same_bytes(folder: Path) -> None:
    _, a = draft_demo(folder)
    first = export(a, folder / "one.pdf", executive=False).read_bytes()
    second = export(a, folder / "two.pdf", executive=False).read_bytes()
    assert first == second


def test_the_pdf_libraries_are_not_loaded_at_start_up() -> None:
    code = (
        "import sys; from rmf_app.cli import main; main(['playbook', 'list']);"
        "import rmf_app.services.export, rmf_app.services.session;"
        "bad = [m for m in ('pikepdf', 'pyhanko', 'pypdf') if m in sys.modules];"
        "assert not bad, bad"
    )
    res = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=run_cli_env())
    assert res.returncode == 0, res.stderr
