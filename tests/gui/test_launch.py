"""The window first: ``rmf-app FILE`` shows its window before the data layer is imported."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

from PySide6.QtWidgets import QLabel, QMenuBar, QTextBrowser

from rmf_app.gui.app import open_in_place
from rmf_app.gui.launch import NO_QT_PACKAGES, OpeningWindow, quick_imports, show_opening
from tests.conftest import run_cli_env


def test_the_opening_window_shows_the_file_name_menus_and_progress_only(qtbot, ctx, demo_path):
    opening = show_opening(str(demo_path))
    qtbot.addWidget(opening)
    assert isinstance(opening, OpeningWindow) and opening.isVisible()
    assert opening.windowTitle() == "demo.airmf — rmf-app"
    menus = [a.text() for a in opening.findChild(QMenuBar).actions()]
    assert menus == ["&File", "&Edit", "&Go", "&View", "&Help"]
    texts = [label.text() for label in opening.findChildren(QLabel)]
    assert texts == ["Opening demo.airmf…"]  # nothing read from the file yet
    windows = open_in_place([str(demo_path)], opening, ctx)
    window = windows[0]
    qtbot.addWidget(window)
    assert window.session is not None and window.walk.current
    assert not opening.isVisible()  # the main window took its place
    # ready means laid out: the answer form has its size and the guidance its text, with
    # nothing left for a later pass (the start-up benchmark stops its clock here)
    form, guidance = window.walk.page.form, window.walk.page.guidance
    assert form.size().height() == form.sizeHint().height()
    assert "Why it matters" in guidance.toPlainText()
    assert len(guidance.findChildren(QTextBrowser)) == 1  # the blank page was used, not a second
    window.close()


def _loaded_after_importing(imports: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after ``import {imports}``."""
    code = f"import json, sys; import {imports}; print(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=run_cli_env()
    )
    assert res.returncode == 0, res.stderr
    loaded: list[str] = json.loads(res.stdout.strip().splitlines()[-1])
    return loaded


def test_the_first_frame_needs_no_data_layer():
    """Importing the launcher (all the first frame needs) loads neither pydantic nor the
    models; they come after the window is on screen."""
    data_layer = ("pydantic", "rmf_app.domain.assessment", "rmf_app.services.session")
    assert _loaded_after_importing("rmf_app.cli, rmf_app.gui.launch", data_layer) == []


def test_the_workspace_needs_no_overlay_or_official_pack_code():
    """The main window and the walk name the GenAI overlay's and the NIST pack's types only
    for type checking: their models load when an assessment uses the overlay or a pack was
    imported (see tests/unit/test_startup_imports.py for opening a file)."""
    optional = (
        "rmf_app.domain.overlay",
        "rmf_app.domain.overlay_scoring",
        "rmf_app.domain.official",
        "rmf_app.storage.official",
    )
    assert _loaded_after_importing("rmf_app.gui.app, rmf_app.gui.main_window", optional) == []


OPEN_AND_LIST = """
import json, os, sys, tempfile
from pathlib import Path
tmp = Path(tempfile.mkdtemp())
os.environ.update(XDG_CONFIG_HOME=str(tmp / "config"), RMF_APP_DATA_DIR=str(tmp / "data"))
(tmp / "config" / "rmf-app").mkdir(parents=True)
(tmp / "config" / "rmf-app" / "rmf-app.conf").write_text("[user]\\nname=test\\n")
from rmf_app.services.demo import write_demo
demo = str(write_demo(tmp / "demo.airmf"))
from rmf_app.gui.launch import show_opening
from rmf_app.gui.app import open_in_place
window = open_in_place([demo], show_opening(demo))[0]
shown = window.walk.page.form.isEnabled() and window.walk.progress.value() > 0
print(json.dumps([shown, [m for m in MODULES if m in sys.modules]]))
"""


def test_opening_a_file_shows_the_walks_figures_without_the_scoring_models():
    """The navigator's progress, the progress bar and the gap line come from
    domain/progress.py: the scoring and decision models (~40 M instructions to set up) load
    when the dashboard, a register or a report first needs the full scores."""
    modules = ("rmf_app.domain.scoring", "rmf_app.domain.decision")
    env = run_cli_env() | {"QT_QPA_PLATFORM": "offscreen"}
    code = OPEN_AND_LIST.replace("MODULES", repr(modules))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    shown, loaded = json.loads(res.stdout.strip().splitlines()[-1])
    assert shown
    assert loaded == []


def test_quick_imports_gives_the_import_hook_its_own_answers_faster():
    """PySide6's import hook asks of every module imported after it whether its source names
    PySide6; quick_imports answers without reading sources through inspect, and stays for the
    rest of the run. Its answer is the hook's own for every module loaded now (the GUI, the
    standard library, PySide6's packages), except the data layer and what it is built on,
    which never import Qt however their docstrings name it."""
    from shibokensupport import feature

    with quick_imports():
        fast = feature._mod_uses_pyside
        original = fast.original
        assert fast is not original
    assert feature._mod_uses_pyside is fast  # kept for later imports
    with quick_imports():
        assert feature._mod_uses_pyside is fast  # installed once
    for name in ("rmf_app.services.session", "pydantic", "json", "importlib.readers"):
        importlib.import_module(name)
    asked = 0
    for name, module in list(sys.modules.items()):
        if not isinstance(getattr(module, "__file__", None), str):
            continue
        if name.startswith(NO_QT_PACKAGES):
            # never imports Qt (test_import_rule), though a docstring may name it
            assert fast(module) is False, name
        else:
            assert fast(module) is original(module), name
            asked += 1
    assert asked > 200
    assert fast(sys.modules["rmf_app.gui.launch"]) is True
    assert fast(sys.modules["rmf_app.services.session"]) is False


def test_the_cycle_collector_paused_for_the_start_runs_again_once_the_file_is_open(
    qtbot, ctx, demo_path, tmp_path
):
    """The start pauses Python's cycle collector (it only slows building the workspace); it
    runs again once the workspace is ready — also when the file cannot be opened."""
    import gc

    from rmf_app.gui.collector import pause_collector

    pause_collector()
    assert not gc.isenabled()
    opening = show_opening(str(demo_path))
    qtbot.addWidget(opening)
    windows = open_in_place([str(demo_path)], opening, ctx)
    qtbot.addWidget(windows[0])
    assert gc.isenabled()
    windows[0].close()
    pause_collector()
    broken = tmp_path / "broken.airmf"
    broken.write_text("not an assessment")
    opening = show_opening(str(broken))
    qtbot.addWidget(opening)
    for w in open_in_place([str(broken)], opening, ctx):
        qtbot.addWidget(w)
        w.close()
    assert gc.isenabled()


def test_a_file_given_at_start_opens_without_the_start_page_which_shows_if_it_cannot(
    qtbot, ctx, demo_path, tmp_path
):
    """``rmf-app FILE`` goes straight to the workspace (the start page is not even built); when
    the file cannot be opened, the start page is there to go on from."""
    opening = show_opening(str(demo_path))
    qtbot.addWidget(opening)
    (window,) = open_in_place([str(demo_path)], opening, ctx)
    qtbot.addWidget(window)
    assert window._start is None
    assert window.pages.currentWidget() is window.workspace
    window.close_file()
    assert window.pages.currentWidget() is window.start  # built now, with the recent files
    assert window.start.isVisible()
    window.close()

    broken = tmp_path / "broken.airmf"
    broken.write_text("not an assessment")
    opening = show_opening(str(broken))
    qtbot.addWidget(opening)
    (window,) = open_in_place([str(broken)], opening, ctx)
    qtbot.addWidget(window)
    assert window.session is None
    assert window.pages.currentWidget() is window.start and window.start.isVisible()
    assert ctx.interaction.messages  # why it could not be opened
    window.close()
