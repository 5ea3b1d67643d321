"""History's details pane: a GenAI action's fields and answered questions in words."""

from __future__ import annotations

from rmf_app.services.demo import write_demo


def _select(view, entity: str, field: str) -> None:
    model, proxy = view.model, view.proxy
    for row in range(proxy.rowCount()):
        e = model.entry(proxy.mapToSource(proxy.index(row, 0)).row())
        if e.entity == entity and e.field == field:
            view.table.selectRow(row)
            return
    raise AssertionError(f"no history row for {entity} {field}")


def test_details_name_fields_and_questions_in_words(qtbot, window, tmp_path):
    path = write_demo(tmp_path / "g.airmf", genai=True)
    assert window.open_path(path)
    s = window.session
    s.set_overlay_action("genai", "GV-1.2-001", status="na", na_reason="No public release")
    s.set_question("GOVERN 1.1", "GV-1.1-Q1", answer="partly")
    view = window.show_view("history")
    view.reload()
    _select(view, "overlay:genai/GV-1.2-001", "na_reason")
    assert view.detail_labels["what"].text().endswith("· N/A reason")  # not "na reason"
    assert view.detail_labels["new"].text() == "No public release"
    asked = view._questions()
    _select(view, "response:GOVERN 1.1", "questions")
    assert view._questions() is asked  # made once, not on every row selected
    assert "Partly" in view.detail_labels["new"].text()
