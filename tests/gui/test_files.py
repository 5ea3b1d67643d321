"""File flows: errors as messages (never tracebacks), read-only files, JSON import on a worker,
the demo, recent files, drag and drop, and the user's name asked once."""

from __future__ import annotations

import hashlib
import subprocess
import textwrap
import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRunnable, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from rmf_app.gui.main_window import AppContext
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile
from tests.conftest import PYTHON, run_cli_env

HOLD_SCRIPT = textwrap.dedent(
    """
    import sys
    from rmf_app.storage.airmf import AirmfFile
    f = AirmfFile.open(sys.argv[1])
    print("ro" if f.read_only else "rw", flush=True)
    sys.stdin.readline()
    f.close()
    """
)


class _Blocker(QRunnable):
    def __init__(self, event):
        super().__init__()
        self.event = event

    def run(self):
        self.event.wait(30)


def _blocked_pool():
    """A pool of one thread, busy until the returned event is set (deterministic ordering)."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    blocker = _Blocker(release)
    blocker.setAutoDelete(False)
    _blocked_pool.keep.append(blocker)
    pool.start(blocker)
    return pool, release


_blocked_pool.keep = []


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"this is not a database at all" * 10, "is not an rmf-app assessment"),
        (None, "truncated"),
    ],
)
def test_corrupt_file_shows_message_and_stays_unchanged(
    window, interaction, demo_path, tmp_path, content, expected
):
    path = tmp_path / "bad.airmf"
    path.write_bytes(content if content is not None else demo_path.read_bytes()[:5000])
    before = _digest(path)
    assert not window.open_path(path)
    (message,) = interaction.messages
    assert message.kind == "error"
    assert message.title == "Cannot open bad.airmf"
    assert expected in message.text
    assert "Traceback" not in message.text
    assert window.session is None and window.pages.currentWidget() is window.start
    assert _digest(path) == before
    assert not (tmp_path / "bad.airmf.lock").exists()


def test_file_held_by_another_process_opens_read_only(qtbot, window, interaction, demo_path):
    proc = subprocess.Popen(
        [PYTHON, "-c", HOLD_SCRIPT, str(demo_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=run_cli_env(),
    )
    try:
        assert proc.stdout.readline().strip() == "rw"
        before = _digest(demo_path)
        assert window.open_path(demo_path)
        assert window.session.read_only
        assert "(read-only)" in window.windowTitle()
        assert window.notice.isVisible() and "another rmf-app" in window.notice.text()
        form = window.walk.page.form
        assert form.notice.isVisible() and form.notice.text().startswith("Read-only")
        for group in (form.applicability, form.current, form.target, form.question_rows[0].group):
            assert not any(b.isEnabled() for b in group.buttons())
        assert form.notes.isReadOnly() and form.owner.isReadOnly()
        assert not form.priority.isEnabled() and not form.evidence_supported.isEnabled()
        assert window.profile.form.texts["name"].isReadOnly()
        assert not window.profile.default_target.isEnabled()
        for action in ("undo", "redo", "scope"):
            assert not window.qactions[action].isEnabled()
        assert window.qactions["next"].isEnabled()  # reading is fine
        window.qactions["next"].trigger()
        assert window.walk.current == "GOVERN 1.2"
        # even a direct edit request is refused with a message, and nothing is written
        assert not window.editor.set_response("GOVERN 1.2", "x", current=0)
        assert interaction.messages and interaction.messages[-1].kind == "warning"
        window.close_file()
        assert _digest(demo_path) == before
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)


def test_json_import_runs_on_a_worker(qtbot, window, interaction, demo_path, tmp_path):
    src = tmp_path / "export.json"
    with AirmfFile.open(demo_path, read_only=True) as store:
        interchange.export_json(store, src)
    out = tmp_path / "imported.airmf"
    interaction.answers.extend([str(src), str(out)])
    gui_thread = threading.get_ident()
    worker_threads = []
    pool, release = _blocked_pool()
    window.ctx.pool = pool
    window.import_json()
    job = window.import_job
    job.signals.started.connect(
        lambda: worker_threads.append(threading.get_ident()), Qt.ConnectionType.DirectConnection
    )
    assert window.import_progress is not None  # progress with a Cancel button meanwhile
    with qtbot.waitSignal(window.sessionChanged, timeout=10000):
        release.set()
    pool.waitForDone()
    assert worker_threads and worker_threads[0] != gui_thread
    assert window.session.path == out
    assert window.session.assessment.profile.name == "LoanLens Application Triage"
    assert window.import_job is None and window.import_progress is None
    assert interaction.messages == []


def test_json_import_cancel_leaves_nothing(qtbot, window, interaction, demo_path, tmp_path):
    src = tmp_path / "export.json"
    with AirmfFile.open(demo_path, read_only=True) as store:
        interchange.export_json(store, src)
    out = tmp_path / "cancelled.airmf"
    interaction.answers.extend([str(src), str(out)])
    pool, release = _blocked_pool()  # so the cancel lands before the import runs
    window.ctx.pool = pool
    window.import_json()
    job = window.import_job
    cancel_button = window.import_progress.findChild(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(job.signals.cancelled, timeout=10000):
        release.set()
    pool.waitForDone()
    assert window.import_job is None
    assert not out.exists()
    assert window.session is None
    assert "cancelled" in window.statusBar().currentMessage()


def test_json_import_error_is_a_message(qtbot, window, interaction, tmp_path):
    src = tmp_path / "broken.json"
    src.write_text('{"format": "rmf-app.assessment", "format_version": 1, "assessment": {}}')
    out = tmp_path / "x.airmf"
    interaction.answers.extend([str(src), str(out)])
    window.import_json()
    qtbot.waitUntil(lambda: bool(interaction.messages), timeout=10000)
    (message,) = interaction.messages
    assert message.title.startswith("Cannot import") and "invalid content" in message.text
    assert not out.exists()
    # checked first: the user was never asked where to save an import that cannot be made
    assert not any(p.startswith("save:") for p in interaction.prompts)


def test_demo_recent_files_and_forget(qtbot, window, demo_path):
    window.open_demo()
    assert window.session is not None
    demo_copy = window.session.path
    assert demo_copy.parent != demo_path.parent and demo_copy.name.startswith("LoanLens demo")
    assert str(demo_copy) not in window.settings.recent_files()  # a temporary copy
    window.close_file()
    window.open_path(demo_path)
    window.close_file()
    files = window.settings.recent_files()
    assert files[0] == str(demo_path.resolve())
    recent = window.start.recent
    assert recent.model_.rowCount() == 1
    # Enter on the list opens; Delete removes from the list
    recent.setFocus()
    with qtbot.waitSignal(window.sessionChanged):
        qtbot.keyClick(recent, Qt.Key.Key_Return)
    window.close_file()
    qtbot.keyClick(window.start.recent, Qt.Key.Key_Delete)
    assert window.settings.recent_files() == []
    assert window.start.no_recent.isVisible()


def _drag_events(path):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    return data, enter, drop


def test_drop_an_airmf_file_opens_it(qtbot, window, demo_path, tmp_path):
    _data, enter, drop = _drag_events(demo_path)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.sessionChanged):
        QApplication.sendEvent(window, drop)
    assert window.session.path == demo_path
    other = tmp_path / "notes.txt"
    other.write_text("x")
    _data2, enter2, _drop2 = _drag_events(other)
    QApplication.sendEvent(window, enter2)
    assert not enter2.isAccepted()


def test_user_name_asked_once(qtbot, make_window, ctx, interaction, demo_path):
    ctx.settings.user_name = ""
    interaction.answers.append("Ada Assessor")
    w = make_window()
    assert w.open_path(demo_path)
    assert w.session.user == "Ada Assessor"
    assert interaction.prompts == ["ask_text: Your name"]
    w.session.set_response("MAP 1.1", current=1)
    assert w.session.store.history()[-1].who == "Ada Assessor"
    w.close_file()
    w2 = make_window(AppContext(ctx.settings, interaction, ctx.pool))
    assert w2.open_path(demo_path)
    assert interaction.prompts == ["ask_text: Your name"]  # not asked again
    assert w2.session.user == "Ada Assessor"


def test_every_control_has_an_accessible_name(demo_window):
    w = demo_window
    w.walk.go_to("MAP 1.1")
    missing = []
    for cls in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox):
        for widget in w.findChildren(cls):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName():
                if isinstance(widget, QLineEdit) and isinstance(
                    widget.parent(), (QComboBox, QAbstractSpinBox)
                ):
                    continue
                missing.append(
                    f"{type(widget).__name__} {widget.objectName()} {getattr(widget, 'text', lambda: '')()}"
                )
    assert missing == []


def test_a_file_opened_is_in_open_recent_at_once(qtbot, ctx, demo_path):
    """File ▸ Open recent lists the file just opened (it was filled only on the start page)."""
    from rmf_app.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.open_path(str(demo_path))
    assert window.recent_menu.isEnabled()
    assert window.recent_menu.actions()[0].text() == demo_path.name
