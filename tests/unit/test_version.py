"""One version number, from rmf_app.__version__, everywhere it is shown (issue: single source)."""

from __future__ import annotations

import re
import subprocess
import tomllib

from pypdf import PdfReader

from rmf_app import __version__
from rmf_app.storage.airmf import AirmfFile
from tests.conftest import PYTHON, ROOT, run_cli_env


def test_version_is_defined_once():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" in meta["project"]["dynamic"] and "version" not in meta["project"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "rmf_app.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text("utf-8")


def test_cli_file_and_pdf_carry_the_version(tmp_path):
    res = subprocess.run(
        [PYTHON, "-m", "rmf_app", "--version"], capture_output=True, text=True, env=run_cli_env()
    )
    assert res.stdout.strip() == f"rmf-app {__version__}"
    demo, pdf = tmp_path / "d.airmf", tmp_path / "d.pdf"
    for args in (["demo", "-o", demo], ["export", demo, "-o", pdf, "--executive"]):
        assert (
            subprocess.run([PYTHON, "-m", "rmf_app", *map(str, args)], env=run_cli_env()).returncode
            == 0
        )
    with AirmfFile.open(demo, read_only=True) as f:
        assert f.meta()["created_with"] == f"rmf-app {__version__}"
    assert PdfReader(pdf).metadata["/Creator"] == f"rmf-app {__version__}"
