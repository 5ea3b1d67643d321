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


def _resolved(py: Path, name: str) -> str:
    """An import as an absolute module name (relative ones resolved against ``py``)."""
    if not name.startswith("."):
        return name
    level = len(name) - len(name.lstrip("."))
    package = list(py.relative_to(ROOT).with_suffix("").parts)[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name.lstrip(".")])


def test_cli_and_gui_reach_storage_only_through_services():
    """SPEC §10: gui → services → storage; the CLI is a view over services/ like the GUI."""
    files = [ROOT / "rmf_app" / "cli.py", *(ROOT / "rmf_app" / "gui").rglob("*.py")]
    offenders = []
    for py in files:
        bad = {n for n in _imports(py) if _resolved(py, n).startswith("rmf_app.storage")}
        if bad:
            offenders.append(f"{py.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_the_import_rule_sees_relative_storage_imports():
    """The check above must catch the relative form the package uses."""
    py = ROOT / "rmf_app" / "gui" / "common" / "commands.py"
    assert _resolved(py, "...storage.airmf") == "rmf_app.storage.airmf"
    assert _resolved(ROOT / "rmf_app" / "cli.py", ".storage") == "rmf_app.storage"


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
