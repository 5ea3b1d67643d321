"""The guided walk end to end: wizard, answering through the widgets, undo/redo,
Previous/Next skipping out-of-scope items, filters, and close/reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard

from rmf_app.domain import framework
from rmf_app.services.session import AssessmentSession


def _create_through_wizard(qtbot, window, path):
    window.new_assessment()
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # the system name is required
    qtbot.keyClicks(wizard.basics.texts["name"], "Triage assistant")
    assert next_button.isEnabled()
    qtbot.keyClicks(wizard.basics.texts["organisation"], "Example Health")
    next_button.click()
    wizard.context.ai_type.setCurrentIndex(wizard.context.ai_type.findData("generative"))
    wizard.context.ai_type.activated.emit(wizard.context.ai_type.currentIndex())
    qtbot.mouseClick(wizard.context.roles["deployer"], Qt.MouseButton.LeftButton)
    next_button.click()
    qtbot.mouseClick(wizard.parties.contacts.add_button, Qt.MouseButton.LeftButton)
    view = wizard.parties.contacts.view
    editor = view.indexWidget(view.currentIndex())  # the cell editor opened by "Add contact"
    assert editor is not None
    qtbot.keyClicks(editor, "Dana Lee")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: wizard.parties.contacts.rows() == [{"name": "Dana Lee"}]
    )  # committed queued
    next_button.click()

    # profiles: a generative system gets the Generative AI Profile suggested and ticked
    assert wizard.overlays_page.chooser.chosen() == ["genai"]
    assert not wizard.overlays_page.chooser.hint.isHidden()
    next_button.click()

    # scope: tailor, leave GOVERN 1.2 out with a reason
    scope = wizard.scope_page.editor
    qtbot.mouseClick(scope.tailored, Qt.MouseButton.LeftButton)
    index = scope.model.index_of("GOVERN 1.2")
    scope.tree.expandAll()
    scope.tree.setCurrentIndex(index)
    QTest.keyClick(scope.tree, Qt.Key.Key_Space)
    assert scope.model.is_out("GOVERN 1.2")
    assert not next_button.isEnabled()  # an exclusion needs its reason
    qtbot.keyClicks(scope.reason, "Covered by the hospital's policy office")
    assert next_button.isEnabled()
    next_button.click()
    wizard.target_page.group.button(3).click()
    next_button.click()
    page = wizard.file_page
    page.path.selectAll()
    qtbot.keyClicks(page.path, str(path))
    with qtbot.waitSignal(window.sessionChanged):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()


def _answer(qtbot, window, level, question_answer, notes):
    form = window.walk.page.form
    sid = window.walk.current
    qtbot.mouseClick(form.current.button(level), Qt.MouseButton.LeftButton)
    row = form.question_rows[0]
    qtbot.mouseClick(
        row.group.button({"yes": 0, "partly": 1, "no": 2, "na": 3}[question_answer]),
        Qt.MouseButton.LeftButton,
    )
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, notes)
    session = window.session
    # the burst is committed 500 ms after the last keystroke
    qtbot.waitUntil(lambda: session.assessment.response(sid).notes == notes, timeout=3000)


def test_full_walk(qtbot, window, tmp_path):
    path = tmp_path / "triage.airmf"
    _create_through_wizard(qtbot, window, path)
    session = window.session
    assert session is not None and session.path == path
    a = session.assessment
    assert a.profile.name == "Triage assistant"
    assert a.profile.organisation == "Example Health"
    assert a.profile.ai_type == "generative"
    assert [o.id for o in a.overlays] == ["genai"]
    assert a.profile.roles == ["deployer"]
    assert [c.name for c in a.profile.contacts] == ["Dana Lee"]
    assert [(e.item_id, e.reason) for e in a.scope.exclusions] == [
        ("GOVERN 1.2", "Covered by the hospital's policy office")
    ]
    assert session.user == "Test Assessor"
    assert "triage.airmf" in window.windowTitle()
    walk = window.walk
    assert walk.current == "GOVERN 1.1"

    _answer(qtbot, window, 2, "yes", "Register kept by legal")
    window.qactions["next"].trigger()
    assert walk.current == "GOVERN 1.3"  # GOVERN 1.2 is out of scope: skipped
    _answer(qtbot, window, 3, "partly", "Risk tiers defined")
    window.qactions["next"].trigger()
    assert walk.current == "GOVERN 1.4"
    _answer(qtbot, window, 1, "no", "Nothing written yet")
    window.qactions["previous"].trigger()
    window.qactions["previous"].trigger()
    assert walk.current == "GOVERN 1.1"
    assert not window.qactions["previous"].isEnabled()

    r = session.assessment.response("GOVERN 1.3")
    assert (r.current, r.questions["GV-1.3-Q1"].answer, r.notes) == (
        3,
        "partly",
        "Risk tiers defined",
    )
    assert window.walk.progress.value() == 3

    # one history row per typing burst
    notes_rows = [
        h
        for h in session.store.history()
        if h.entity == "response:GOVERN 1.4" and h.field == "notes"
    ]
    assert len(notes_rows) == 1

    # undo the notes burst, then the question and the level of GOVERN 1.4; redo them all
    undo, redo = window.qactions["undo"], window.qactions["redo"]
    assert undo.isEnabled() and "notes" in undo.text()
    # the toolbar button keeps its width: a fixed label, the edit named in the tooltip
    button = window.toolbar.widgetForAction(undo)
    assert button.text() == "Undo" and "notes" in button.toolTip()
    undo.trigger()
    assert walk.current == "GOVERN 1.4"  # undo shows what it changed
    assert session.assessment.response("GOVERN 1.4").notes == ""
    assert walk.page.form.notes.toPlainText() == ""
    undo.trigger()
    undo.trigger()
    r = session.assessment.response("GOVERN 1.4")
    assert r.current is None and r.questions.get("GV-1.4-Q1") is None
    assert walk.page.form.current.checkedId() == 9  # "not set"
    redo.trigger()
    redo.trigger()
    redo.trigger()
    r = session.assessment.response("GOVERN 1.4")
    assert (r.current, r.questions["GV-1.4-Q1"].answer, r.notes) == (1, "no", "Nothing written yet")
    assert walk.page.form.notes.toPlainText() == "Nothing written yet"
    assert not redo.isEnabled()

    # filter by an AI actor: the tree and Next follow it
    bar = walk.filter_bar
    actor = "TEVV"
    with qtbot.waitSignal(bar.changed):
        bar.actor.setCurrentIndex(bar.actor.findData(actor))
    expected = [
        s.id
        for s in session.playbook.subcategories
        if actor in s.actors and session.assessment.scope.in_scope(s.id)
    ]
    assert walk.walk_ids() == expected
    walk.go_to(expected[0])
    window.qactions["next"].trigger()
    assert walk.current == expected[1]
    shown = _visible_subcategories(walk)
    assert set(shown) <= set(expected) | {walk.current}
    assert set(expected) <= set(shown)
    # the count is over the in-scope subcategories, like every other count in the app
    in_scope = [
        s.id for s in session.playbook.subcategories if session.assessment.scope.in_scope(s.id)
    ]
    assert len(in_scope) < 72  # the demo leaves one out, so the two counts differ
    assert bar.count.text() == f"{len(expected)} of {len(in_scope)} in-scope subcategories match"

    # filter by status: unanswered leaves out the three answered items
    bar.clear()
    with qtbot.waitSignal(bar.changed):
        bar.status.setCurrentIndex(bar.status.findData("unanswered"))
    ids = walk.walk_ids()
    assert len(ids) == 72 - 1 - 3
    assert not {"GOVERN 1.1", "GOVERN 1.3", "GOVERN 1.4", "GOVERN 1.2"} & set(ids)
    walk.go_to("GOVERN 1.5")
    window.qactions["previous"].trigger()
    assert walk.current == "GOVERN 1.5"  # nothing unanswered before it
    with qtbot.waitSignal(bar.changed):
        bar.status.setCurrentIndex(bar.status.findData("answered"))
    assert walk.walk_ids() == ["GOVERN 1.1", "GOVERN 1.3", "GOVERN 1.4"]
    bar.clear()

    # close and reopen: everything is there
    window.close_file()
    assert window.session is None and window.pages.currentWidget() is window.start
    assert str(path.resolve()) in window.settings.recent_files()
    assert window.open_path(path)
    s2 = window.session
    r1, r3, r4 = (s2.assessment.response(s) for s in ("GOVERN 1.1", "GOVERN 1.3", "GOVERN 1.4"))
    assert (r1.current, r1.questions["GV-1.1-Q1"].answer, r1.notes) == (
        2,
        "yes",
        "Register kept by legal",
    )
    assert (r3.current, r3.notes) == (3, "Risk tiers defined")
    assert (r4.current, r4.notes, r4.updated_by) == (1, "Nothing written yet", "Test Assessor")
    assert not s2.assessment.scope.in_scope("GOVERN 1.2")
    assert window.walk.page.form.notes.toPlainText() == "Register kept by legal"


def _visible_subcategories(walk):
    out = []
    proxy = walk.proxy

    def visit(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            if framework.is_subcategory_id(index.data(257)):
                out.append(index.data(257))
            visit(index)

    from PySide6.QtCore import QModelIndex

    visit(QModelIndex())
    return out


def test_matching_filters_guidance_answers_and_status(demo_path):
    """The session's filter (no Qt): text over guidance and answers, labels, status."""
    with AssessmentSession.open(demo_path) as s:
        assert s.matching() == list(framework.subcategory_ids())
        assert "GOVERN 1.1" in s.matching("regulator")  # guidance text
        assert s.matching("ECOA register") == ["GOVERN 1.1"]  # answer notes, all words
        assert s.matching("Northwind mutual BANK baseline") != []  # inherited source, any case
        unanswered = s.matching(status="unanswered")
        assert unanswered == s.scores().not_assessed
        assert set(s.matching(status="not_applicable")) == set(s.scores().not_applicable)
        gap2 = s.matching(status="gap2")
        assert all(g.gap >= 2 for g in s.scores().gaps if g.subcategory_id in gap2)
        assert "MEASURE 2.12" not in s.matching(status="answered")  # out of scope
        assert set(s.matching(characteristic="Privacy-Enhanced")) == {
            x.id for x in s.playbook.subcategories if "Privacy-Enhanced" in x.characteristics
        }
        assert s.matching(topic="Drift", actor="TEVV") == [
            x.id for x in s.playbook.subcategories if "Drift" in x.topics and "TEVV" in x.actors
        ]
        s.type_text("question", "MAP 1.1", "MP-1.1-Q1", "zebra crossing")
        s.flush_typing()
        assert s.matching("zebra") == ["MAP 1.1"]  # question comments are answers too


def test_guidance_always_shows_the_subcategory_on_screen(qtbot, demo_window):
    """Pages are prepared ahead and reused; whatever the path, the guidance on screen is the
    current subcategory's (a stale page would have the user read the wrong advice)."""
    walk = demo_window.walk
    playbook = demo_window.session.playbook
    ids = walk.walk_ids()

    def shown_is(sid):
        text = walk.page.guidance.toPlainText()
        return playbook.subcategory(sid).why[:60] in text

    path = [*ids[:6], ids[3], ids[2], ids[40], ids[41], ids[2], ids[-1], ids[0]]
    for sid in path:
        walk.go_to(sid)
        assert walk.current == sid and shown_is(sid), sid
        walk._prefetch()  # what the idle timer does while the user reads
        assert shown_is(sid), f"preparing the neighbours replaced {sid}'s page"
    for _ in range(4):  # Next onto prepared pages
        demo_window.qactions["next"].trigger()
        assert shown_is(walk.current), walk.current
        walk._prefetch()


def test_reading_focus_follows_to_the_next_page(qtbot, demo_window):
    """A keyboard user reading the guidance stays in the guidance after Next."""
    demo_window.show()
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: demo_window.isActiveWindow())
    walk = demo_window.walk
    walk.go_to(walk.walk_ids()[0])
    walk._prefetch()
    walk.page.guidance.page().setFocus()
    qtbot.waitUntil(lambda: walk.page.guidance.page().hasFocus())
    demo_window.qactions["next"].trigger()
    assert walk.page.guidance.page().hasFocus()


def test_a_narrow_window_never_scrolls_the_answer_form_sideways(qtbot, demo_window):
    """Squeezed, the guidance wraps narrower; the form keeps the width its rows need."""
    w = demo_window
    w.show()
    qtbot.waitExposed(w)
    narrowest = max(w.minimumSizeHint().width(), w.minimumWidth())
    w.resize(narrowest, 700)
    page = w.walk.page
    qtbot.waitUntil(lambda: w.width() <= narrowest + 1)
    form = page.form
    assert not page.form_scroll.horizontalScrollBar().isVisible()
    assert form.width() >= form.minimumSizeHint().width()
    third = form.applicability.buttons()[2]  # the last of the applicability row
    right = third.mapTo(page.form_scroll.viewport(), third.rect().topRight()).x()
    assert right <= page.form_scroll.viewport().width()


def test_next_and_previous_from_a_page_the_filter_leaves_out(qtbot, demo_window):
    """On a subcategory the new filter does not match, Next and Previous go to the nearest
    matching ones after and before it."""
    walk = demo_window.walk
    bar = walk.filter_bar
    walk.go_to("MAP 2.1")
    with qtbot.waitSignal(bar.changed):
        bar.text.setText("inventory")
    qtbot.waitUntil(lambda: walk.walk_ids() != [] and "MAP 2.1" not in walk.walk_ids())
    ids = walk.walk_ids()
    order = framework.subcategory_ids()
    after = [s for s in ids if order.index(s) > order.index("MAP 2.1")]
    before = [s for s in ids if order.index(s) < order.index("MAP 2.1")]
    assert after and before  # the test needs matches on both sides
    walk.go_to("MAP 2.1")
    assert walk.position.text() == f"Outside the filter ({len(ids)} match)"
    demo_window.qactions["next"].trigger()
    assert walk.current == after[0]
    walk.go_to("MAP 2.1")
    demo_window.qactions["previous"].trigger()
    assert walk.current == before[-1]
    demo_window.qactions["next"].trigger()  # from a match, the next match
    assert walk.current == ids[ids.index(before[-1]) + 1]
