"""Finalising from the review page: editing stops, the fingerprint shown is the SHA-256 of the
canonical export; a new revision is editable and the final one stays as it was."""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile

LEFT = Qt.MouseButton.LeftButton


def _canonical_sha(path, out):
    with AirmfFile.open(path, read_only=True) as store:
        interchange.export_canonical(store, out)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_finalise_then_new_revision(qtbot, demo_window, demo_path, interaction, tmp_path):
    w = demo_window
    s = w.session
    w.qactions["view_review"].trigger()
    review = w.review_view
    assert review.finalise_button.isVisible() and review.finalise_button.isEnabled()
    assert not review.fingerprint.isVisible()
    w.walk.go_to("MAP 1.2")
    w.editor.set_response("MAP 1.2", "before", current=2)
    assert w.qactions["undo"].isEnabled()

    # the review points each jump to their place
    points = review.points.model()
    where = [
        points.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(points.rowCount())
    ]
    row = where.index("action")
    key = points.index(row, 0).data(Qt.ItemDataRole.UserRole + 2)
    review.points.activated.emit(points.index(row, 1))
    assert w.views.currentWidget() is w.tabs["actions"]
    assert w.actions_view.current_item().id == key
    w.qactions["view_review"].trigger()

    # -- finalise (after confirming) -----------------------------------------------------------
    qtbot.mouseClick(review.finalise_button, LEFT)  # the confirmation is declined: nothing
    assert not s.assessment.is_final
    interaction.answers.append(True)
    qtbot.mouseClick(review.finalise_button, LEFT)
    a = s.assessment
    assert a.is_final and s.read_only
    shown = review.fingerprint.text()
    assert shown == _canonical_sha(demo_path, tmp_path / "final.canonical.json")
    assert shown == a.fingerprint
    assert review.fingerprint.isVisible() and "sha256sum" in review.verify_text.text()

    # editing controls are disabled everywhere
    for action in ("undo", "redo", "scope"):
        assert not w.qactions[action].isEnabled()
    assert w.notice.isVisible() and "final" in w.notice.text()
    assert not review.sign_button.isEnabled() and not review.decision_button.isEnabled()
    assert review.reviewer.isReadOnly() and not review.state.isVisible()
    # no "State:" caption left without a value: the line above it says "Revision 1 · Final"
    assert not review.state_caption.isVisible() and "Final" in review.state_label.text()
    assert not review.finalise_button.isVisible() and review.revision_button.isEnabled()
    w.walk.go_to("MAP 1.3")
    form = w.walk.page.form
    assert not any(b.isEnabled() for b in form.current.buttons())
    assert form.notes.isReadOnly() and not form.priority.isEnabled()
    assert not form.add_buttons["risk"].isEnabled()
    assert not w.editor.set_response("MAP 1.3", "after", current=1)  # refused, with a message
    assert interaction.messages[-1].kind == "warning"
    for key in ("risks", "actions", "evidence"):
        register = w.view(key)
        assert not register.add_button.isEnabled() and not register.remove_button.isEnabled()
        assert register.edit_button.text() == "V&iew…"
    assert w.profile.form.texts["name"].isReadOnly()

    # -- a new revision: editable, while revision 1 stays as it was finalised ---------------------
    interaction.answers.append(True)
    qtbot.mouseClick(review.revision_button, LEFT)
    assert s.assessment.revision == 2 and not s.read_only and s.assessment.fingerprint is None
    assert not w.notice.isVisible()
    assert review.finalise_button.isVisible() and review.sign_button.isEnabled()
    assert review.state_caption.isVisible() and review.state.isVisible()
    assert w.risks_view.add_button.isEnabled()
    w.walk.go_to("MAP 1.2")
    qtbot.mouseClick(form.current.button(4), LEFT)
    assert s.assessment.response("MAP 1.2").current == 4
    assert w.qactions["undo"].isEnabled()
    (record,) = s.store.revisions()
    assert (record.revision, record.fingerprint) == (1, shown)
    assert hashlib.sha256(record.canonical).hexdigest() == shown
    old = json.loads(record.canonical)
    assert old["revision"] == 1 and old["responses"]["MAP 1.2"]["current"] == 2
    assert old["review"]["state"] == "final"
    listed = [label.text() for label in review.findChildren(QLabel)]
    assert any(t.startswith("Revision 1, final") and shown[:16] in t for t in listed)
    w.close_file()
    with AirmfFile.open(demo_path, read_only=True) as store:
        (again,) = store.revisions()
        assert again == record
        assert store.load().revision == 2 and store.load().response("MAP 1.2").current == 4


def test_an_earlier_revision_exports_as_it_was_signed_off(
    qtbot, demo_window, interaction, tmp_path
):
    """After revision 2 has started, revision 1's report can still be made from the review
    page: its answers, its fingerprint, not the draft's."""
    from pypdf import PdfReader
    from PySide6.QtWidgets import QPushButton

    w = demo_window
    s = w.session
    fp = s.finalise()
    assert s.new_revision() == 2
    s.set_response("MAP 1.2", notes="Only in the draft of revision 2")
    review = w.show_view("review")
    review.refresh()
    pdf_button = next(
        b
        for b in review.findChildren(QPushButton)
        if b.accessibleName().startswith("Export revision 1 as a PDF")
    )
    qtbot.mouseClick(pdf_button, LEFT)
    dialog = w.export_dialog
    assert dialog is not None and dialog.revision is not None
    qtbot.waitExposed(dialog)
    assert dialog.path.text().endswith("demo-rev1.pdf")
    assert "Earlier revision 1" in dialog.subtitle.text()
    assert not dialog.formats.button(1).isEnabled()  # JSON and CSV are of the open revision
    dialog.path.setText(str(tmp_path / "revision-1.pdf"))
    interaction.answers.append(False)  # "Open it now?" no
    with qtbot.waitSignal(dialog.exported, timeout=60000):
        qtbot.mouseClick(dialog.export_button, LEFT)
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(str(tmp_path / "revision-1.pdf")).pages
    )
    assert fp in text and "DRAFT" not in text
    assert "Only in the draft of revision 2" not in text
    assert "--revision 1 --canonical" in text  # how to check the fingerprint of this report
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: w.export_dialog is None)
    # the ordinary export is of the open revision again
    w.qactions["export"].trigger()
    assert w.export_dialog is not None and w.export_dialog.revision is None
    assert "not final yet" in w.export_dialog.subtitle.text()


def test_finalize_says_what_is_missing_before_asking_anything(qtbot, ctx, new_file, interaction):
    """Without a deployment decision and a sign-off the irreversible question is never
    asked: the user is told what to do first, both things at once."""
    from rmf_app.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.open_path(str(new_file))
    review = window.show_view("review")
    assert review.finalise() is None
    assert not interaction.prompts  # no "cannot be undone" question
    [message] = [m for m in interaction.messages if m.kind == "error"]
    assert message.title == "Cannot finalize yet"
    assert message.text == (
        "To finalize, first record the deployment decision and add at least one sign-off."
    )
    assert not window.session.assessment.is_final
