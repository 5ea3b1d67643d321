"""The export dialog offers the accessible HTML report and writes it on a worker."""

from __future__ import annotations

from PySide6.QtCore import Qt

LEFT = Qt.MouseButton.LeftButton


def test_export_dialog_writes_the_html_report(qtbot, demo_window, tmp_path, interaction):
    w = demo_window
    w.qactions["export"].trigger()
    dialog = w.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    button = dialog.findChild(type(dialog.formats.button(0)), "format_html")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    assert dialog.format == "html" and dialog.path.text().endswith("demo.html")
    assert not dialog.pdf_box.isEnabled()  # the PDF's options do not apply
    target = tmp_path / "LoanLens report.html"
    dialog.path.setText(str(target))
    interaction.answers.append(True)  # "Open it in your web browser now?"
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        qtbot.mouseClick(dialog.export_button, LEFT)
    assert signal.args == [str(target)]
    text = target.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    assert w.session.assessment.profile.name in text
    assert interaction.opened_files == [str(target)]
    assert str(target) in dialog.status.text()
