"""Layering (SPEC §10): nothing below gui imports PySide6, checked in the source."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from tests.conftest import PYTHON, ROOT, run_cli_env

LOWER = ["domain", "storage", "report", "services"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0 and node.module:
            names.add("." * node.level + node.module)
    return names


def test_no_qt_below_gui():
    offenders = []
    for layer in LOWER:
        for py in (ROOT / "rmf_app" / layer).rglob("*.py"):
            bad = {n for n in _imports(py) if n.split(".")[0] in ("PySide6", "shiboken6", "PyQt6")}
            bad |= {n for n in _imports(py) if n.lstrip(".").startswith("gui")}
            if bad:
                offenders.append(f"{py.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_domain_has_no_io_modules():
    offenders = []
    for py in (ROOT / "rmf_app" / "domain").rglob("*.py"):
        bad = {
            n
            for n in _imports(py)
            if n.split(".")[0] in ("sqlite3", "os", "pathlib", "io", "shutil")
        }
        if bad:
            offenders.append(f"{py.name}: {sorted(bad)}")
    assert offenders == []


def test_cli_commands_run_without_loading_qt():
    code = (
        "import sys; from rmf_app.cli import main; main(['playbook', 'list']);"
        "assert 'PySide6' not in sys.modules, 'Qt loaded'"
    )
    res = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=run_cli_env())
    assert res.returncode == 0, res.stderr
