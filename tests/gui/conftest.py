"""GUI fixtures: a main window with settings in a temporary file and a headless interaction.

No test touches the user's real settings: each gets its own QSettings INI file in tmp_path.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QRunnable, QSettings, QThreadPool

from rmf_app.gui.common.interaction import HeadlessInteraction
from rmf_app.gui.common.settings import Settings
from rmf_app.gui.main_window import AppContext, MainWindow
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


class _Blocker(QRunnable):
    def __init__(self, event):
        super().__init__()
        self.event = event

    def run(self):
        self.event.wait(60)


@pytest.fixture
def blocked_pool():
    """A one-thread pool kept busy until ``release`` is set: work started on it waits, so a
    test can hook the work's signals before it runs (deterministic, no sleeps)."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    blocker = _Blocker(release)
    blocker.setAutoDelete(False)
    pool.start(blocker)
    yield pool, release
    release.set()
    pool.waitForDone()


class Gate:
    """Holds a worker thread inside a progress callback until the test lets it go.

    Connect :meth:`progress` to a job's ``progress`` signal with a direct connection (it runs
    on the worker); the first report at or after ``at`` of the total parks the worker, sets
    ``reached`` and waits for :meth:`open`.
    """

    def __init__(self, at: float = 0.0):
        self.at = at
        self.reached = threading.Event()
        self._go = threading.Event()
        self.worker_threads: set[int] = set()

    def progress(self, done, total):
        self.worker_threads.add(threading.get_ident())
        if not self.reached.is_set() and total and done >= self.at * total:
            self.reached.set()
            self._go.wait(60)

    def open(self):
        self._go.set()


@pytest.fixture
def gate_factory():
    gates = []

    def make(at=0.0):
        gate = Gate(at)
        gates.append(gate)
        return gate

    yield make
    for gate in gates:
        gate.open()
