"""The frozen one-folder build (PyInstaller) builds and passes its headless smoke checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_frozen_build_runs_smoke_checks(tmp_path):
    env = dict(os.environ)
    res = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    (bundle,) = [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith("rmf-app-")]
    assert "MiB" in res.stdout
    res = subprocess.run(
        ["bash", str(ROOT / "packaging" / "smoke.sh"), str(bundle)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "smoke: all checks passed" in res.stdout
