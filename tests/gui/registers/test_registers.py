"""The risk register and the action plan through the widgets, and every table model checked by
Qt's model tester."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from rmf_app.domain.assessment import Action, Evidence, Risk
from rmf_app.gui.common.adapter import SessionAdapter
from rmf_app.gui.common.listmodel import RegisterProxy
from rmf_app.gui.dashboard.view import GapsModel
from rmf_app.gui.history.view import HistoryModel
from rmf_app.gui.registers.tables import (
    ActionTableModel,
    EvidenceTableModel,
    RiskTableModel,
)
from rmf_app.gui.review.view import ReviewPointsModel
from rmf_app.services.session import AssessmentSession

LEFT = Qt.MouseButton.LeftButton


def _dialog(qtbot, window, name):
    dialog = window.findChild(QDialog, name)
    assert dialog is not None, name
    qtbot.waitExposed(dialog)
    return dialog


def _link_subcategory(qtbot, picker, sid):
    """Find a subcategory with the picker's filter and check it with the space bar."""
    qtbot.keyClicks(picker.filter, sid)
    assert picker.proxy.rowCount() == 1
    picker.view.setFocus()
    picker.view.setCurrentIndex(picker.proxy.index(0, 0))
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    assert sid in picker.checked()


def _page_links(window, sid):
    window.navigate("subcategory", sid)
    assert window.walk.current == sid
    return window.walk.page.form.links.links()


def test_risk_and_action_through_the_widgets(qtbot, demo_window, demo_path):
    w = demo_window
    s = w.session
    before_risks, before_actions = len(s.assessment.risks), len(s.assessment.actions)
    assert ("risk", "R-011") not in _page_links(w, "MAP 1.1")

    # -- a risk, rated at or above the tolerance, with its acceptance, linked to MAP 1.1 -----
    w.qactions["view_risks"].trigger()
    risks = w.risks_view
    qtbot.mouseClick(risks.add_button, LEFT)
    dialog = _dialog(qtbot, w, "risk_dialog")
    qtbot.keyClicks(dialog.title, "Applicant data <leaks> through logs & traces")
    dialog.tabs.setCurrentIndex(1)
    for combo in (dialog.likelihood, dialog.impact):  # 3 -> 4 with the keyboard
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.inherent_band.text() == "4 × 4 = 16 · very high"
    assert dialog.acceptance_hint.text().startswith("Needed")
    dialog.treatment.setFocus()
    qtbot.keyClick(dialog.treatment, Qt.Key.Key_Down)  # not decided -> mitigate
    dialog.residual_likelihood.setFocus()
    qtbot.keyClick(dialog.residual_likelihood, Qt.Key.Key_Down)  # -> 1
    assert dialog.residual_band.text().startswith("Not rated")  # impact still missing
    dialog.residual_impact.setFocus()
    for _ in range(5):
        qtbot.keyClick(dialog.residual_impact, Qt.Key.Key_Down)  # -> 5: 1 × 5 = 5 medium
    assert dialog.residual_band.text() == "1 × 5 = 5 · medium"
    assert dialog.acceptance_hint.text().startswith("Not needed")
    # saving half an acceptance record is refused next to the fields
    dialog.acceptance.setFocus()
    qtbot.keyClick(dialog.acceptance, Qt.Key.Key_Space)
    assert dialog.acceptance.isChecked()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and "Accepted by: required" in dialog.error.text()
    qtbot.keyClicks(dialog.accepted_by, "Margaret Doyle")
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "Logs are scrubbed; residual risk is low.")
    dialog.tabs.setCurrentIndex(2)
    _link_subcategory(qtbot, dialog.subcategories, "MAP 1.1")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    risk = s.assessment.risks[-1]
    assert (risk.id, risk.title) == ("R-011", "Applicant data <leaks> through logs & traces")
    assert (risk.likelihood, risk.impact, risk.residual_likelihood, risk.residual_impact) == (
        4,
        4,
        1,
        5,
    )
    assert risk.treatment == "mitigate" and risk.subcategories == ["MAP 1.1"]
    assert risk.acceptance is not None and risk.acceptance.accepted_by == "Margaret Doyle"
    assert risks.current_item().id == "R-011"  # the new row is selected
    row = risks.model.row_of("R-011")
    assert risks.model.index(row, 2).data() == "16 · very high"
    assert risks.model.index(row, 4).data() == "5 · medium"
    # durable at once: another reader of the file sees it
    with AssessmentSession.open(demo_path, read_only=True) as other:
        assert other.assessment.risks[-1].id == "R-011"

    # -- an action, linked to MAP 1.1 and to the new risk --------------------------------------
    w.qactions["view_actions"].trigger()
    actions = w.actions_view
    actions.table.setFocus()
    qtbot.keyClick(actions.table, Qt.Key.Key_Insert)  # Insert adds, like the button
    dialog = _dialog(qtbot, w, "action_dialog")
    qtbot.keyClicks(dialog.title, "Scrub applicant identifiers from traces")
    qtbot.keyClicks(dialog.owner, "Jonah Lee")
    qtbot.mouseClick(dialog.due_date.check, LEFT)
    dialog.priority.setFocus()
    qtbot.keyClick(dialog.priority, Qt.Key.Key_Down)  # none -> low
    dialog.tabs.setCurrentIndex(1)
    _link_subcategory(qtbot, dialog.subcategories, "MAP 1.1")
    dialog.tabs.setCurrentIndex(2)
    _link_subcategory(qtbot, dialog.risks, "R-011")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    action = s.assessment.actions[-1]
    assert (action.id, action.owner, action.priority) == ("A-013", "Jonah Lee", "low")
    assert action.subcategories == ["MAP 1.1"] and action.risks == ["R-011"]
    assert action.due_date == dt.date.today() + dt.timedelta(days=30)

    # -- both on the subcategory page, as links that jump -------------------------------------
    links = _page_links(w, "MAP 1.1")
    assert ("risk", "R-011") in links and ("action", "A-013") in links
    form = w.walk.page.form
    texts = form.links.texts()
    assert "R-011  Applicant data <leaks> through logs & traces" in texts
    button = form.links.buttons[links.index(("risk", "R-011"))]
    qtbot.mouseClick(button, LEFT)
    assert w.views.currentWidget() is w.tabs["risks"]
    assert risks.current_item().id == "R-011"

    # -- undo and redo each ------------------------------------------------------------------------
    w.qactions["undo"].trigger()
    assert len(s.assessment.actions) == before_actions
    assert ("action", "A-013") not in _page_links(w, "MAP 1.1")
    w.qactions["undo"].trigger()
    assert len(s.assessment.risks) == before_risks
    assert ("risk", "R-011") not in _page_links(w, "MAP 1.1")
    assert risks.model.row_of("R-011") == -1
    w.qactions["redo"].trigger()
    assert s.assessment.risks[-1].id == "R-011"
    w.qactions["redo"].trigger()
    assert s.assessment.actions[-1].risks == ["R-011"]
    assert {("risk", "R-011"), ("action", "A-013")} <= set(_page_links(w, "MAP 1.1"))
    edited = s.assessment.risks[-1]

    # -- reopen: all there ------------------------------------------------------------------------
    w.close_file()
    assert w.open_path(demo_path)
    s2 = w.session
    assert s2.assessment.risks[-1] == edited
    assert s2.assessment.actions[-1].id == "A-013"
    assert s2.assessment.actions[-1].risks == ["R-011"]
    assert {("risk", "R-011"), ("action", "A-013")} <= set(_page_links(w, "MAP 1.1"))
    assert w.risks_view.model.row_of("R-011") >= 0
    assert QApplication.instance() is not None


def test_table_models_pass_qt_model_tester(qtmodeltester, demo_path):
    with AssessmentSession.open(demo_path) as session:
        adapter = SessionAdapter(session)
        items = [RiskTableModel(adapter), ActionTableModel(adapter), EvidenceTableModel(adapter)]
        gaps, points = GapsModel(adapter), ReviewPointsModel(adapter)
        history = HistoryModel()
        history.set_entries(session.history())
        proxies = []
        for model in items:
            proxy = RegisterProxy()
            proxy.setSourceModel(model)
            proxy.set_text("a")
            proxy.sort(2)
            proxies.append(proxy)
        every = [*items, gaps, points, history, *proxies]
        for model in every:
            qtmodeltester.check(model)
        # and they keep passing while the data changes under them (inserts, removals, updates)
        session.add_item(
            "risk", Risk(id="R-100", title="New", likelihood=5, impact=5, subcategories=["MAP 1.1"])
        )
        session.add_item("action", Action(id="A-100", title="New", risks=["R-100"]), position=0)
        session.add_item("evidence", Evidence(id="E-100", title="Link", url="https://x.example"))
        session.update_item("risk", "R-001", residual_likelihood=None, residual_impact=None)
        session.remove_item("risk", "R-002")
        session.remove_item("action", "A-003")
        session.set_response("MAP 1.1", current=0)
        gaps.refresh()
        points.refresh()
        history.set_entries(session.history())
        assert [items[0].item(r).id for r in range(items[0].rowCount())] == [
            r.id for r in session.assessment.risks
        ]
        assert items[1].item(0).id == "A-100"
        assert items[0].index(items[0].row_of("R-100"), 2).data() == "25 · very high"
        for model in every:
            qtmodeltester.check(model)


def test_a_description_from_before_the_limits_is_shown_in_part_and_kept_whole(
    qtbot, window, demo_path, tmp_path
):
    """A 2,000,000-character description (possible only in a file written before the limits)
    no longer holds the register up: the details show the first 20,000 characters and say how
    long it is, the editor shows it whole, and its field refuses more text."""
    from rmf_app.domain import assessment as m
    from rmf_app.storage.airmf import AirmfFile

    with AirmfFile.open(demo_path, read_only=True) as store:
        data = store.load().model_dump()
    long = "d" * 2_000_000
    data["risks"][0]["description"] = long
    risk_id = data["risks"][0]["id"]
    path = tmp_path / "long.airmf"
    AirmfFile.create(path, m.Assessment.model_validate(data, context=m.STORED), "t").close()
    assert window.open_path(path)
    window.qactions["view_risks"].trigger()
    risks = window.risks_view
    risks.select(risk_id)
    shown = [risks.details_form.itemAt(i).widget() for i in range(risks.details_form.count())]
    texts = [w.text() for w in shown if hasattr(w, "text")]
    assert "d" * 20_000 + "… [2,000,000 characters in all]" in texts
    row = risks.model.row_of(risk_id)
    tip = risks.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert len(tip) < 3_000 and tip.endswith(" characters in all]</qt>")
    qtbot.mouseClick(risks.edit_button, LEFT)
    dialog = _dialog(qtbot, window, "risk_dialog")
    assert dialog.description.toPlainText() == long
    dialog.reject()


def test_escape_in_a_new_risk_asks_before_discarding_what_was_typed(
    qtbot, demo_window, interaction
):
    from PySide6.QtCore import Qt

    view = demo_window.show_view("risks")
    dialog = view.add()
    qtbot.waitExposed(dialog)
    dialog.reject()  # nothing typed: no question
    assert not interaction.prompts
    dialog = view.add()
    qtbot.waitExposed(dialog)
    dialog.title.setText("Model drifts after the rate change")
    interaction.answers.append(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and interaction.prompts[-1] == "confirm: Discard changes?"
    interaction.answers.append(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_wrong_link_is_explained_plainly_and_the_message_goes_once_fixed(qtbot, demo_window):
    view = demo_window.show_view("evidence")
    dialog = view.add()
    qtbot.waitExposed(dialog)
    dialog.title.setText("Vendor model card")
    dialog.url.setText("ftp://vendor.example/card")
    dialog.save_button.click()
    assert dialog.isVisible() and not dialog.error.isHidden()
    text = dialog.error.text()
    assert text.startswith("Link: ") and "Value error" not in text and "http" in text
    qtbot.keyClicks(dialog.url, "x")  # still wrong: the message stays
    assert not dialog.error.isHidden()
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, "https://vendor.example/card")
    assert dialog.error.isHidden()
    dialog.done(0)


def test_escape_in_a_filter_box_clears_the_filter_and_keeps_the_dialog(
    qtbot, demo_window, interaction
):
    """Escape in a search box clears what was typed there (and nothing else): the dialog
    stays open and asks nothing; in an empty box Escape closes the dialog as usual."""
    from PySide6.QtCore import Qt

    from rmf_app.gui.common.widgets import SearchField

    view = demo_window.show_view("risks")
    dialog = view.add()
    qtbot.waitExposed(dialog)
    box = dialog.findChildren(SearchField)[0]
    dialog.tabs.setCurrentWidget(box.parentWidget())
    box.setFocus()
    qtbot.keyClicks(box, "MEASURE 2.5")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and dialog.isVisible() and not interaction.prompts
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # empty: the dialog's own Escape (nothing typed)
    assert not dialog.isVisible()


def test_a_risk_without_a_residual_rating_says_its_inherent_band_counts(qtbot, demo_path):
    """In the register an unrated risk's Residual cell and its "Needed" acceptance say that
    the inherent band is the one compared with the tolerance (as the reports do)."""
    from PySide6.QtCore import Qt

    with AssessmentSession.open(demo_path) as session:
        session.add_item("risk", Risk(id="R-100", title="Unrated", likelihood=5, impact=5))
        adapter = SessionAdapter(session)
        model = RiskTableModel(adapter)
        row = next(r for r in range(model.rowCount()) if model.item(r).id == "R-100")
        cols = [c.key for c in model.columns_for()]
        tip = Qt.ItemDataRole.ToolTipRole

        def cell(key: str, role: int = Qt.ItemDataRole.DisplayRole) -> str:
            return str(model.index(row, cols.index(key)).data(role))

        assert "inherent rating is the one compared" in cell("residual", tip)
        assert cell("acceptance") == "Needed"
        assert "inherent" in cell("acceptance", tip) and "no residual rating" in cell(
            "acceptance", tip
        )
        session.update_item("risk", "R-100", residual_likelihood=5, residual_impact=5)
        assert "The residual very high band" in cell("acceptance", tip)
