"""Attachments opened for viewing are extracted to a private temp folder, removed on exit
(issue #12, point 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import PYTHON, run_cli_env

SCRIPT = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QThreadPool
from rmf_app.gui.app import create_application
from rmf_app.gui.common.interaction import HeadlessInteraction
from rmf_app.gui.common.settings import Settings
from rmf_app.gui.main_window import AppContext, MainWindow
from rmf_app.services.attachments import is_executable
from rmf_app.services.demo import write_demo

folder = Path(sys.argv[1])
app = create_application([])
settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
settings.user_name = "Tester"
ctx = AppContext(settings, HeadlessInteraction(), QThreadPool.globalInstance())
window = MainWindow(ctx)
window.show()
assert window.open_path(write_demo(folder / "demo.airmf"))
item = next(
    e for e in window.session.assessment.evidence if e.attachment and not is_executable(e)
)
view = window.evidence_view
assert view.select(item.id)
view.open_attachment()
deadline = time.monotonic() + 60
while not ctx.interaction.opened_files and time.monotonic() < deadline:
    app.processEvents()
opened = Path(ctx.interaction.opened_files[0])
print(opened)
print(opened.is_file() and oct(opened.parent.stat().st_mode & 0o777))
window.close()
"""


def test_attachments_opened_for_viewing_are_removed_on_exit(tmp_path):
    env = run_cli_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["RMF_APP_DATA_DIR"] = str(tmp_path / "data")
    env["TMPDIR"] = str(tmp_path / "tmp")  # the extraction goes here, not into the real /tmp
    (tmp_path / "tmp").mkdir()
    res = subprocess.run(
        [PYTHON, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0, res.stderr[-2000:]
    path_line, mode_line = res.stdout.split()[-2:]
    assert mode_line == "0o700"  # it was there, private, while the app ran
    extracted = Path(path_line)
    assert extracted.parent.parent == tmp_path / "tmp"
    assert not extracted.parent.exists()  # and gone once the app exited
    assert list((tmp_path / "tmp").iterdir()) == []
