"""The dashboard shows the scoring function's numbers, live, and its gaps jump to their place."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt

from rmf_app.domain.assessment import Risk
from rmf_app.domain.scoring import score
from rmf_app.gui.dashboard.view import mean_text


def _expected(session):
    return score(session.assessment, session.playbook, today=dt.date.today())


def _assert_dashboard_shows(dash, scores):
    o = scores.overall
    t = dash.tiles
    assert t["completion"].value.text() == o.completion.percent()
    assert t["at_target"].value.text() == o.at_target.percent()
    assert t["not_assessed"].value.text() == str(len(scores.not_assessed))
    assert t["risks"].value.text() == str(len([r for r in scores.risks if r.at_or_above_tolerance]))
    assert t["overdue"].value.text() == str(len(scores.overdue_actions))
    for chart, groups in ((dash.functions, scores.functions), (dash.categories, scores.categories)):
        shown = [
            (r.key, r.completion_text, r.current_text, r.target_text, r.at_target_text)
            for r in chart.rows
        ]
        assert shown == [
            (
                g.id,
                g.completion.percent(),
                mean_text(g.mean_current),
                mean_text(g.mean_target),
                g.at_target.percent(),
            )
            for g in groups
        ]
    gaps = dash.gaps.model()
    assert [(gaps.index(r, 0).data(), gaps.index(r, 3).data()) for r in range(gaps.rowCount())] == [
        (g.subcategory_id, f"{g.gap} below") for g in scores.largest_gaps
    ]
    # the four-way split of the items in scope, which always adds up
    assert dash.split.text().startswith(
        f"In scope {o.in_scope} = {o.at_target.numerator} at target + {o.below_target} below "
        f"target + {o.not_assessed} not assessed + {o.not_applicable} N/A"
    )
    assert [r.text for r in dash.coverage.rows] == [
        c.at_target.percent() for c in scores.characteristics
    ]
    assert dash.heat.counts == (
        scores.residual_heatmap if dash.heat_which == "residual" else scores.inherent_heatmap
    )
    assert t["opinion"].value.text() == scores.decision.opinion.label


def test_dashboard_numbers_equal_the_scoring_function_and_gaps_navigate(qtbot, demo_window):
    w = demo_window
    s = w.session
    w.qactions["view_dashboard"].trigger()
    dash = w.dashboard
    assert w.views.currentWidget() is w.tabs["dashboard"]
    _assert_dashboard_shows(dash, _expected(s))
    # the heat map beside it opens on Inherent: the card says which score it counts
    card = dash.tiles["risks"]
    assert "Residual" in card.value.accessibleName() and "residual score" in card.detail.text()

    # a series of edits, each through the undo stack; the dashboard follows every one live
    edits = [
        lambda: w.editor.set_response("MAP 1.1", "e1", current=0, target=4),
        lambda: w.editor.set_response("MEASURE 2.11", "e2", current=None),
        lambda: w.editor.set_response(
            "GOVERN 1.2", "e3", applicability="not_applicable", na_justification="Not ours"
        ),
        lambda: w.editor.set_default_target(4),
        lambda: w.editor.add_item(
            "risk",
            Risk(id="R-050", title="New", likelihood=5, impact=4, characteristics=["Safe"]),
            "e5",
        ),
        lambda: w.editor.update_item("risk", "R-001", "e6", residual_likelihood=5),
        lambda: w.editor.update_item(
            "action", "A-001", "e7", due_date=dt.date.today() - dt.timedelta(days=1)
        ),
    ]
    for edit in edits:
        with qtbot.waitSignal(w.adapter.changed):
            assert edit()
        _assert_dashboard_shows(dash, _expected(s))
    expected = _expected(s)
    assert expected.overall.at_target.denominator == 69  # the edits did change the figures
    assert "A-001" in expected.overdue_actions and "MEASURE 2.11" in expected.not_assessed
    assert dash.tiles["overdue"].value.text() == str(len(expected.overdue_actions))
    assert dash.heat.count(5, 4) == expected.inherent_heatmap[4][3] >= 1
    qtbot.mouseClick(dash.heat_mode.button(1), Qt.MouseButton.LeftButton)  # residual
    _assert_dashboard_shows(dash, expected)
    w.qactions["undo"].trigger()
    w.qactions["view_dashboard"].trigger()
    _assert_dashboard_shows(dash, _expected(s))

    # clicking a gap goes to its subcategory in the walk
    gaps = dash.gaps
    row = 2
    target = gaps.model().index(row, 0).data()
    assert target != w.walk.current
    rect = gaps.visualRect(gaps.model().index(row, 1))
    qtbot.mouseClick(gaps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.views.currentWidget() is w.walk
    assert w.walk.current == target
    assert w.walk.page.title.text().startswith(target)


def test_charts_say_what_they_rest_on_and_mark_thin_groups_provisional(qtbot, demo_window):
    """Issue #13 point 2: each row says "n of m rated"; a group under 80 % rated is drawn as
    provisional and named in a note under its chart."""
    w = demo_window
    w.qactions["view_dashboard"].trigger()
    dash = w.dashboard
    assert not dash.functions_note.isVisible()  # the complete demo: nothing provisional
    govern = next(r for r in dash.functions.rows if r.key == "GOVERN")
    assert govern.rated_text == "19/19 rated" and not govern.provisional
    # clear half of GOVERN 1's ratings: GOVERN 1 falls under 80 % rated
    for sid in ("GOVERN 1.1", "GOVERN 1.2", "GOVERN 1.3", "GOVERN 1.4"):
        with qtbot.waitSignal(w.adapter.changed):
            assert w.editor.set_response(sid, "clear " + sid, current=None)
    g1 = next(r for r in dash.categories.rows if r.key == "GOVERN 1")
    assert g1.provisional and g1.rated_text == "3/7 rated"
    assert "provisional" in g1.describe
    assert dash.categories_note.isVisible() and "GOVERN 1" in dash.categories_note.text()
    # GOVERN as a whole still has 15 of 19 rated (79 %): provisional too
    govern = next(r for r in dash.functions.rows if r.key == "GOVERN")
    assert govern.provisional and govern.rated_text == "15/19 rated"
    assert dash.functions_note.isVisible()
    if os.environ.get("RMF_SCREENSHOTS"):
        dash.widget().grab().save(os.path.join(os.environ["RMF_SCREENSHOTS"], "dashboard.png"))


def test_a_fresh_assessment_shows_no_opinion_formed(qtbot, window, new_file):
    """Issue #13: with nothing assessed the rule forms no opinion, and the tile says so the way
    the report and ``info`` do."""
    assert window.open_path(new_file)
    window.qactions["view_dashboard"].trigger()
    tile = window.dashboard.tiles["opinion"]
    assert tile.value.text() == "Not formed — too little assessed (0 of 72)"
    assert "0 of 72 in-scope items assessed" in tile.value.accessibleDescription()
