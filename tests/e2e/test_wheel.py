"""The package builds, and the wheel installs and works from a fresh virtual environment."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    res = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return out


def test_wheel_and_sdist_contents(dist):
    wheels, sdists = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    for needed in (
        "playbook_data/framework.json",
        "playbook_data/govern.json",
        "playbook_data/map.json",
        "playbook_data/measure.json",
        "playbook_data/manage.json",
        "playbook_data/overlays/genai/overlay.json",
        "playbook_data/overlays/genai/govern.json",
        "playbook_data/overlays/genai/map.json",
        "playbook_data/overlays/genai/measure.json",
        "playbook_data/overlays/genai/manage.json",
        "rmf_app/services/demo_assessment.json",
        "rmf_app/cli.py",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "tests_shared/", "shared/"))]
    assert not [n for n in names if n.endswith(("playbook.json", "ai-rmf-core.json"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheels[0]).read(entry_points).decode()
    assert "[console_scripts]" in text and "[gui_scripts]" in text


def test_wheel_installs_and_runs_outside_the_source_tree(dist, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    wheel = next(dist.glob("*.whl"))
    res = subprocess.run(
        [
            str(bindir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"

    def run(*args):
        return subprocess.run(
            [str(bindir / "rmf-app"), *args],
            cwd=work,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    assert run("--version").stdout.strip().startswith("rmf-app ")
    assert run("demo", "-o", "d.airmf").returncode == 0
    gai = run("playbook", "gai")  # the overlay ships as package data and loads from the wheel
    assert gai.returncode == 0 and "212 actions" in gai.stdout, gai.stderr
    info = run("info", "d.airmf")
    assert info.returncode == 0 and "Completion: 100%" in info.stdout, info.stderr
    assert run("export", "d.airmf", "-o", "d.json").returncode == 0
    assert (work / "d.json").stat().st_size > 1000
    res = run("export", "d.airmf", "-o", "d.pdf")
    assert res.returncode == 0, res.stderr
    assert (work / "d.pdf").read_bytes().startswith(b"%PDF")
