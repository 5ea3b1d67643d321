"""The dashboard's Generative AI panel: 12 bars with the figures ``info --json`` prints."""

from __future__ import annotations

import json

from tests.unit.test_cli import rmf


def test_panel_shows_the_same_figures_as_info_json_and_filters_the_walk(qtbot, demo_window):
    window = demo_window
    dash = window.show_view("dashboard")
    assert dash.genai_card.isHidden()
    window.profile.overlays.boxes["genai"].click()
    for action_id, status in (("GV-1.1-001", "done"), ("MS-2.5-001", "planned")):
        window.editor.set_overlay_action("genai", action_id, "status", status=status)
    window.show_view("dashboard")
    dash.refresh()
    assert not dash.genai_card.isHidden()
    assert len(dash.genai.rows) == 12
    window.editor.flush()
    info = json.loads(rmf("info", window.session.path, "--json").stdout)["genai"]
    for row, fig in zip(dash.genai.rows, info["risks"], strict=True):
        c = fig["counts"]["coverage"]
        expected = None if c["denominator"] == 0 else c["numerator"] / c["denominator"]
        assert (row.key, row.value) == (fig["risk_id"], expected)
        assert f"{fig['counts']['done']} of {c['denominator']} done" in row.describe
    o = info["overall"]
    assert f"{o['done']} of {o['coverage']['denominator']} done" in dash.genai_overall.text()
    dash.gaiRiskActivated.emit("data-privacy")
    assert window.walk.filter_bar.value().gai_risk == "data-privacy"
    assert window.views.currentWidget() is window.walk
