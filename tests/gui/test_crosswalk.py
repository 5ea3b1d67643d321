"""Crosswalks in the GUI: the walk's "Also evidences" strip, the readiness view, the EU AI Act
role and class in the profile, and what an evidence item also supports."""

from __future__ import annotations

import csv
import io
import json

from PySide6.QtCore import Qt

from rmf_app.domain.crosswalk import EuAiActScope
from rmf_app.gui.crosswalk.readiness import ReadinessModel
from rmf_app.services import crosswalks
from tests.unit.test_cli import rmf


def test_strip_shows_both_crosswalks_with_labels_and_rationale(qtbot, demo_window, interaction):
    w = demo_window
    w.walk.go_to("MEASURE 2.9")
    strip = w.walk.page.also
    iso, act = strip.lines["iso42001"].text(), strip.lines["euaia"].text()
    assert "ISO/IEC 42001" in iso and "B.8.2 Information provided to users" in iso
    assert "rmf-app&#x27;s own mapping" in act or "rmf-app's own mapping" in act
    assert "Art. 86 Right to explanation of individual decision-making" in act
    # hover: relation and rationale of our own mapping; a published pair says where it is from
    tip = strip.tooltip("euaia|Art. 86")
    pair = next(
        p for p in crosswalks.crosswalks()[1].pairs_for("MEASURE 2.9") if p.ref == "Art. 86"
    )
    assert pair.rationale in tip and "partly supports" in tip and "not legal advice" in tip
    assert "NIST's published crosswalk" in strip.tooltip("iso42001|B.8.2")
    # click: the details popup
    strip.lines["euaia"].linkActivated.emit("euaia|Art. 86")
    msg = interaction.messages[-1]
    assert msg.title.startswith("Art. 86") and pair.rationale in msg.text
    assert "our summary" in msg.text
    # moving on changes the strip
    w.walk.next()
    assert w.walk.current != "MEASURE 2.9"
    assert "Art. 86 Right" not in strip.lines["euaia"].text() or w.walk.current in {
        p.subcategory for p in crosswalks.crosswalks()[1].pairs_of_ref("Art. 86")
    }


def test_strip_greys_articles_the_role_rules_out(qtbot, demo_window):
    w = demo_window
    w.walk.go_to("GOVERN 1.1")
    strip = w.walk.page.also
    assert "color:gray" not in strip.lines["euaia"].text()
    w.editor.update_profile("test", eu_ai_act=EuAiActScope(role="deployer", risk_class="minimal"))
    assert "color:gray" in strip.lines["euaia"].text()  # Art. 16/17 bind providers only
    assert "Does not apply" in strip.tooltip("euaia|Art. 17")


def test_readiness_view_equals_the_cli_json(qtbot, demo_window, demo_path, qtmodeltester):
    w = demo_window
    view = w.show_view("readiness")
    assert w.views.currentWidget() is w.tabs["readiness"]
    qtmodeltester.check(view.model)
    for cid in ("euaia", "iso42001"):
        view.set_crosswalk(cid)
        res = rmf("crosswalk", demo_path, "--to", cid, "--json")
        assert res.returncode == 0, res.stderr
        data = json.loads(res.stdout)
        assert view.model.rowCount() == len(data["refs"])
        for row, ref in enumerate(data["refs"]):
            cov = ref["coverage"]
            assert view.model.cell(view.model.item(row), 0) == ref["ref_id"]
            assert view.model.item(row).coverage.numerator == cov["numerator"]
            if cov["denominator"]:
                pct = round(100 * cov["numerator"] / cov["denominator"] + 1e-9)
                assert view.model.index(row, 2).data() == f"{pct}%"
        overall = data["overall"]
        assert f"{overall['numerator']} of the {overall['denominator']} mapped" in (
            view.summary.text()
        )
    assert "Art. 53" in view.scope.text() or view.crosswalk_id() == "iso42001"


def test_readiness_follows_edits_and_goes_to_a_gap(qtbot, demo_window):
    w = demo_window
    view = w.show_view("readiness")
    view.set_crosswalk("euaia")
    row = next(r for r in range(view.model.rowCount()) if view.model.item(r).ref_id == "Art. 86")
    ref = view.model.item(row)
    assert ref.coverage.numerator == 0
    sid = ref.subcategories[0].subcategory_id
    with qtbot.waitSignal(w.adapter.changed, timeout=3000):
        w.editor.set_response(sid, "test", current=4)
    row = next(r for r in range(view.model.rowCount()) if view.model.item(r).ref_id == "Art. 86")
    assert view.model.item(row).coverage.numerator == 1
    assert "Art. 86" in view.detail.text() or view.table.currentIndex().row() != row
    index = view.model.index(row, 0)
    with qtbot.waitSignal(view.navigate, timeout=3000) as sig:
        view.table.activated.emit(index)
    assert sig.args[0] == "subcategory"
    assert w.walk.current == sig.args[1] != sid  # the first one still below target


def test_readiness_csv_export(qtbot, demo_window, interaction, tmp_path):
    w = demo_window
    view = w.show_view("readiness")
    view.set_crosswalk("iso42001")
    target = tmp_path / "iso.csv"
    interaction.answers.append(str(target))
    view.export_button.click()
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0] == crosswalks.CSV_HEADER and len(rows) == 66
    interaction.answers.append(str(tmp_path / "missing" / "dir" / "x.csv"))
    view.export_button.click()
    assert interaction.messages[-1].kind == "error"


def test_role_and_class_in_the_profile_undo_and_history(qtbot, demo_window):
    w = demo_window
    s = w.session
    w.qactions["view_profile"].trigger()
    box = w.profile.eu_ai_act
    assert box.role.currentData() == "both" and box.area.currentData() == "5"
    assert box.credit.isChecked() and box.credit.isEnabled()
    box.risk_class.setCurrentIndex(box.risk_class.findData("gpai"))
    box.risk_class.activated.emit(box.risk_class.currentIndex())
    assert s.assessment.profile.eu_ai_act == EuAiActScope(role="both", risk_class="gpai")
    assert not box.area.isEnabled()
    assert any(h.field == "eu_ai_act" for h in s.history("profile"))
    readiness = w.show_view("readiness")
    readiness.set_crosswalk("euaia")
    assert {readiness.model.item(r).ref_id for r in range(readiness.model.rowCount())} == {
        "Art. 4",
        "Art. 50",
        "Art. 53",
    }
    w.qactions["undo"].trigger()
    assert s.assessment.profile.eu_ai_act.risk_class == "high_risk"
    assert box.risk_class.currentData() == "high_risk"
    box.role.setCurrentIndex(box.role.findData(None))
    box.role.activated.emit(box.role.currentIndex())
    assert s.assessment.profile.eu_ai_act is None
    assert not box.risk_class.isEnabled()
    assert readiness.model.rowCount() == 21


def test_evidence_shows_what_it_also_supports(qtbot, demo_window):
    w = demo_window
    view = w.show_view("evidence")
    model = view.model
    col = next(i for i, c in enumerate(model.columns) if c.key == "also")
    item = model.item(0)
    text = model.index(0, col).data()
    expected = crosswalks.evidence_refs(w.session.assessment, item)
    assert text.startswith("42001: ")
    assert all(r.id in text for r in expected["iso42001"] + expected["euaia"])
    tip = model.index(0, col).data(Qt.ItemDataRole.ToolTipRole)
    assert "rmf-app" in tip and expected["euaia"][0].label in tip


def test_readiness_model_is_sound_when_empty(qtmodeltester):
    model = ReadinessModel()
    qtmodeltester.check(model)


def test_evidence_details_list_the_clauses_and_articles(qtbot, demo_window):
    w = demo_window
    view = w.show_view("evidence")
    assert view.select("E-001")
    texts = [
        view.details_form.itemAt(r, view.details_form.ItemRole.FieldRole).widget().text()
        for r in range(view.details_form.rowCount() - 1)
    ]
    expected = crosswalks.evidence_refs(w.session.assessment, w.session.assessment.evidence[0])
    assert "; ".join(r.display for r in expected["iso42001"]) in texts
    assert "; ".join(r.display for r in expected["euaia"]) in texts
