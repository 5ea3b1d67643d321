"""GUI fixtures: a main window with settings in a temporary file and a headless interaction.

No test touches the user's real settings: each gets its own QSettings INI file in tmp_path.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from rmf_app.gui.interaction import HeadlessInteraction
from rmf_app.gui.main_window import AppContext, MainWindow
from rmf_app.gui.settings import Settings
from rmf_app.services.demo import write_demo


def pytest_collection_modifyitems(items):
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    """Imported content packs live in a per-test folder, never the user's data directory."""
    monkeypatch.setenv("RMF_APP_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def settings(tmp_path):
    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.user_name = "Test Assessor"
    return s


@pytest.fixture
def interaction():
    return HeadlessInteraction()


@pytest.fixture
def ctx(settings, interaction):
    return AppContext(settings, interaction, QThreadPool.globalInstance())


@pytest.fixture
def make_window(qtbot, ctx):
    """Create shown main windows; each is closed (and its file with it) at the end."""
    windows = []

    def make(context=None):
        w = MainWindow(context or ctx)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def demo_path(tmp_path):
    return write_demo(tmp_path / "demo.airmf")


@pytest.fixture
def demo_window(window, demo_path):
    assert window.open_path(demo_path)
    return window
