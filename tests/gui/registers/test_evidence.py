"""Attaching a large file: copied on a worker while the window keeps working, cancellable
without leaving a partial attachment, and its SHA-256 shown and right."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from rmf_app.storage.airmf import AirmfFile
from tests.special_files import FifoWriter

SIZE = 50 * 1024 * 1024
LEFT = Qt.MouseButton.LeftButton
DIRECT = Qt.ConnectionType.DirectConnection


def _blob_keys(path):
    """The attachment keys in the file, read by a separate connection (as another program would)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {k for (k,) in con.execute("SELECT DISTINCT blob_key FROM blobs")}
    finally:
        con.close()


def _big_file(tmp_path):
    path = tmp_path / "Model validation data.bin"
    digest = hashlib.sha256()
    block = os.urandom(1 << 20)
    with open(path, "wb") as fh:
        for i in range(SIZE >> 20):
            chunk = block[i:] + block[:i]  # fifty different megabytes
            fh.write(chunk)
            digest.update(chunk)
    return path, digest.hexdigest()


def test_attach_50_mb_cancel_and_complete(
    qtbot, demo_window, demo_path, tmp_path, blocked_pool, gate_factory
):
    big, sha = _big_file(tmp_path)
    w = demo_window
    s = w.session
    pool, release = blocked_pool
    w.ctx.pool = pool
    view = w.show_view("evidence")
    before_keys = _blob_keys(demo_path)
    before_items = list(s.assessment.evidence)
    gui_thread = threading.get_ident()

    # -- cancel half-way: nothing is added and no partial attachment is left ---------------------
    assert view.attach_file(str(big))
    job = view.job
    gate = gate_factory(at=0.5)
    job.signals.progress.connect(gate.progress, DIRECT)
    release.set()  # the copy starts; the gate holds it half-way
    qtbot.waitUntil(gate.reached.is_set, timeout=30000)
    assert gui_thread not in gate.worker_threads
    # the event loop keeps turning while the copy is under way: progress arrives, a timer
    # fires, and an edit through the window is committed at once
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    qtbot.waitUntil(lambda: len(ticks) >= 3 and view.progress.value() >= 450)
    timer.stop()
    assert any(k.startswith("pending-") for k in _blob_keys(demo_path))  # a copy in progress
    assert w.editor.set_response("MAP 1.5", "during copy", notes="Edited during the copy")
    assert s.assessment.response("MAP 1.5").notes == "Edited during the copy"
    assert view.progress_row.isVisible() and view.cancel_button.isEnabled()
    with qtbot.waitSignal(job.signals.cancelled, timeout=30000):
        qtbot.mouseClick(view.cancel_button, LEFT)
        gate.open()
    qtbot.waitUntil(lambda: view.job is None)
    assert s.assessment.evidence == before_items
    assert _blob_keys(demo_path) == before_keys  # the partial chunks are gone already
    assert not view.progress_row.isVisible()
    w.close_file()
    assert w.open_path(demo_path)
    s = w.session
    assert s.assessment.evidence == before_items
    assert _blob_keys(demo_path) == before_keys
    assert s.assessment.response("MAP 1.5").notes == "Edited during the copy"

    # -- complete: the item is added with the file's SHA-256, shown, and stored whole ---------
    view = w.evidence_view
    assert view.attach_file(str(big), ["MEASURE 2.5"])
    qtbot.waitUntil(lambda: view.job is None, timeout=60000)
    ev = s.assessment.evidence[-1]
    assert ev.id not in {e.id for e in before_items}
    assert ev.attachment is not None
    assert (ev.attachment.sha256, ev.attachment.size) == (sha, SIZE)
    assert ev.attachment.filename == big.name and ev.subcategories == ["MEASURE 2.5"]
    assert view.current_item().id == ev.id
    shown = [view.details_form.itemAt(i).widget() for i in range(view.details_form.count())]
    assert sha in [label.text() for label in shown if hasattr(label, "text")]
    row = view.model.row_of(ev.id)
    assert view.model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole).find(sha) >= 0
    w.qactions["undo"].trigger()  # one undo step takes the item away again
    assert ev.id not in {e.id for e in s.assessment.evidence}
    w.qactions["redo"].trigger()
    w.close_file()
    with AirmfFile.open(demo_path, read_only=True) as store:
        assert store.load().evidence[-1].attachment.sha256 == sha
        digest = hashlib.sha256()
        for chunk in store.iter_attachment(sha):
            digest.update(chunk)
        assert digest.hexdigest() == sha
    assert _blob_keys(demo_path) == before_keys | {sha}


def test_replace_an_attached_file_keeps_the_item_and_undo_brings_the_old_file_back(
    qtbot, demo_window, tmp_path
):
    from rmf_app.services import attachments

    w = demo_window
    s = w.session
    view = w.show_view("evidence")
    old = next(e for e in s.assessment.evidence if e.id == "E-002")
    assert view.select("E-002")
    assert view.replace_button.isEnabled()
    newer = tmp_path / "loanlens-model-card-v1.4.md"
    newer.write_text("# LoanLens model card v1.4\nThresholds reviewed in October.\n")

    assert view.replace_file(str(newer))
    assert not view.replace_button.isEnabled()  # one copy at a time
    qtbot.waitUntil(lambda: view.job is None, timeout=10000)
    item = next(e for e in s.assessment.evidence if e.id == "E-002")
    assert item.attachment.filename == "loanlens-model-card-v1.4.md"
    assert item.attachment.sha256 == hashlib.sha256(newer.read_bytes()).hexdigest()
    # the same item: title, links and description are kept
    assert (item.title, item.subcategories, item.description) == (
        old.title,
        old.subcategories,
        old.description,
    )
    assert "Replaced the file of E-002" in w.statusBar().currentMessage()
    out = attachments.save_attachment(s.store, item, tmp_path / "out.md")
    assert out.read_bytes() == newer.read_bytes()

    # reopened, the new file is the one kept
    path = s.path
    w.close_file()
    assert w.open_path(path)
    s = w.session
    item = next(e for e in s.assessment.evidence if e.id == "E-002")
    assert item.attachment.sha256 == hashlib.sha256(newer.read_bytes()).hexdigest()
    out = attachments.save_attachment(s.store, item, tmp_path / "again.md")
    assert out.read_bytes() == newer.read_bytes()


def test_undo_a_replacement_restores_the_old_file(qtbot, demo_window, tmp_path):
    from rmf_app.services import attachments

    w = demo_window
    s = w.session
    view = w.show_view("evidence")
    old = next(e for e in s.assessment.evidence if e.id == "E-005")
    old_bytes = attachments.save_attachment(s.store, old, tmp_path / "old.md").read_bytes()
    view.select("E-005")
    newer = tmp_path / "summary-q4.md"
    newer.write_text("Q4 summary\n")
    assert view.replace_file(str(newer))
    qtbot.waitUntil(lambda: view.job is None, timeout=10000)
    assert w.editor.stack.undoText() == "Replace the file of E-005"
    w.qactions["undo"].trigger()
    item = next(e for e in s.assessment.evidence if e.id == "E-005")
    assert item.attachment == old.attachment
    back = attachments.save_attachment(s.store, item, tmp_path / "back.md").read_bytes()
    assert back == old_bytes


def test_replace_is_offered_only_for_files_in_a_writable_assessment(qtbot, demo_window):
    w = demo_window
    view = w.show_view("evidence")
    view.select("E-001")  # a link, not a file
    assert not view.replace_button.isEnabled()
    assert not view.replace_file("/nonexistent")
    view.select("E-002")
    assert view.replace_button.isEnabled()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_attaching_a_named_pipe_says_why_and_starts_nothing(demo_window, interaction, tmp_path):
    """A FIFO blocked the copy forever (Cancel stuck at "Cancelling…", the process outlived
    Ctrl+Q); now it is refused at once with the reason, for attach and for replace."""
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    writer = FifoWriter(fifo)  # turns the old hang into an (empty) attachment, a failure
    try:
        view = demo_window.show_view("evidence")
        before = list(demo_window.session.assessment.evidence)
        assert not view.attach_file(str(fifo))
        assert view.job is None and not view.progress_row.isVisible()
        message = interaction.messages[-1]
        assert message.kind == "error" and message.title == "Cannot attach the file"
        assert "results.csv is a named pipe (FIFO), not a regular file" in message.text
        view.select(next(e.id for e in before if e.attachment is not None))
        assert not view.replace_file(str(fifo))
        assert interaction.messages[-1].title == "Cannot replace the file"
        assert "not a regular file" in interaction.messages[-1].text
        assert demo_window.session.assessment.evidence == before
    finally:
        writer.finish()


def test_evidence_file_from_a_subcategory_stays_on_the_walk_like_risk_and_action(
    qtbot, demo_window, interaction, tmp_path
):
    w = demo_window
    w.walk.go_to("MAP 1.1")
    doc = tmp_path / "stakeholder-notes.txt"
    doc.write_text("Notes from the stakeholder workshop", "utf-8")
    before = len(w.session.assessment.evidence)
    interaction.answers.append(str(doc))
    w.walk.page.form.add_buttons["evidence"].click()
    assert w.views.currentWidget() is w.walk  # no jump to the Evidence page
    qtbot.waitUntil(lambda: len(w.session.assessment.evidence) == before + 1, timeout=10000)
    item = w.session.assessment.evidence[-1]
    assert item.subcategories == ["MAP 1.1"] and item.attachment is not None
    assert w.views.currentWidget() is w.walk
