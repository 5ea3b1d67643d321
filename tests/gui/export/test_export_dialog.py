"""The export dialog writes the PDF on a worker and offers to open it; a cancelled export
leaves no file behind."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton
DIRECT = Qt.ConnectionType.DirectConnection


def _open_dialog(qtbot, window):
    window.qactions["export"].trigger()
    dialog = window.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_export_dialog_writes_the_pdf_and_cancel_leaves_nothing(
    qtbot, demo_window, tmp_path, interaction, blocked_pool, gate_factory
):
    w = demo_window
    out = tmp_path / "reports"
    out.mkdir()

    # -- the executive PDF, opened when offered --------------------------------------------------
    dialog = _open_dialog(qtbot, w)
    assert dialog.format == "pdf" and dialog.path.text().endswith("demo.pdf")
    qtbot.mouseClick(dialog.executive, LEFT)
    assert dialog.path.text().endswith("demo-executive.pdf")
    target = out / "LoanLens profile.pdf"
    interaction.answers.append(str(target))  # Browse… picks the file
    qtbot.mouseClick(dialog.browse, LEFT)
    assert dialog.path.text() == str(target)
    interaction.answers.append(True)  # "Open it now?"
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        qtbot.mouseClick(dialog.export_button, LEFT)
    assert target.read_bytes().startswith(b"%PDF-")
    pages = len(PdfReader(str(target)).pages)
    assert 3 <= pages <= 10  # the executive report is a few pages
    assert interaction.opened_files == [str(target)]
    assert f"{pages} pages" in dialog.status.text()
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: w.export_dialog is None)

    # -- the full PDF, cancelled while it is being laid out: no file, no temporary file -----------
    pool, release = blocked_pool
    w.ctx.pool = pool
    dialog = _open_dialog(qtbot, w)
    assert dialog.full.isChecked() and dialog.guidance.isChecked()
    cancelled = out / "cancelled.pdf"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(cancelled))
    qtbot.mouseClick(dialog.export_button, LEFT)
    job = dialog.job
    assert job is not None and dialog.close_button.text() == "Cancel"
    gate = gate_factory(at=0.3)
    job.signals.progress.connect(gate.progress, DIRECT)
    release.set()
    qtbot.waitUntil(gate.reached.is_set, timeout=60000)  # a third of the layout done
    with qtbot.waitSignal(job.signals.cancelled, timeout=60000):
        qtbot.mouseClick(dialog.close_button, LEFT)  # "Cancel"
        gate.open()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert not cancelled.exists()
    assert sorted(p.name for p in out.iterdir()) == [target.name]
    assert "nothing was written" in dialog.status.text()
    assert dialog.isVisible() and dialog.close_button.text() == "Close"
    assert interaction.opened_files == [str(target)]


def test_export_dialog_names_fields_no_font_prints(qtbot, demo_window, tmp_path, interaction):
    w = demo_window
    w.editor.update_profile("test", owner="Owner 🚀")
    dialog = _open_dialog(qtbot, w)
    qtbot.mouseClick(dialog.executive, LEFT)
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "emoji.pdf"))
    interaction.answers.append(False)  # "Open it now?"
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        qtbot.mouseClick(dialog.export_button, LEFT)
    status = dialog.status.text()
    assert "No font on this system prints some characters of profile.owner: 🚀" in status


def test_guidance_choice_is_greyed_for_the_executive_summary(qtbot, demo_window):
    """The executive summary prints no answers, so the guidance-with-answers choice does
    not apply to it."""
    dialog = _open_dialog(qtbot, demo_window)
    assert dialog.guidance.isEnabled()
    qtbot.mouseClick(dialog.executive, LEFT)
    assert not dialog.guidance.isEnabled()
    qtbot.mouseClick(dialog.full, LEFT)
    assert dialog.guidance.isEnabled()
    dialog.reject()
