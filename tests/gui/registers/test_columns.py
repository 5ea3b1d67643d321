import datetime as dt

from PySide6.QtCore import Qt

from rmf_app.domain.assessment import Action, Assessment, Evidence, Risk, SystemProfile
from rmf_app.services.session import AssessmentSession


def test_columns_fit_after_adding_to_a_new_assessment(qtbot, window, tmp_path):
    path = tmp_path / "new.airmf"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    a = Assessment(created_at=now, assessment_date=now.date(), profile=SystemProfile(name="New"))
    with AssessmentSession.create(path, a):
        pass
    assert window.open_path(path)
    window.resize(1024, 680)
    for key in ("risks", "actions", "evidence"):
        window.show_view(key)  # built while empty
    window.walk.go_to("GOVERN 1.1")
    window.views.setCurrentWidget(window.walk)
    window.editor.add_item("risk", Risk(id="R-001", title="A risk with a fairly long title", likelihood=4, impact=4, characteristics=["Safe"]), "add")
    window.editor.add_item("action", Action(id="A-001", title="An action", owner="Priya", due_date=dt.date(2026, 1, 1)), "add")
    window.editor.add_item("evidence", Evidence(id="E-001", title="Some evidence", url="https://example.org/x"), "add")
    # one of each: counted in the singular
    summaries = {k: window.show_view(k).summary.text() for k in ("risks", "actions", "evidence")}
    assert summaries["risks"].startswith("1 risk ·")
    assert summaries["actions"].startswith("1 action ·")
    assert summaries["evidence"].startswith("1 item · 0 attached files")
    for key in ("risks", "actions", "evidence"):
        view = window.show_view(key)
        qtbot.waitExposed(view.table)
        model = view.table.model()
        fm = view.table.fontMetrics()
        for col in range(model.columnCount()):
            text = str(model.index(0, col).data() or "")
            header = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            if not text or len(text) > 30:
                continue
            w = view.table.columnWidth(col)
            assert w >= fm.horizontalAdvance(text) + 6 or w >= fm.horizontalAdvance("M") * 18 - 1, (key, header, text, w)


def test_a_column_the_user_widened_keeps_its_width(qtbot, make_window, ctx, demo_path):
    from rmf_app.gui.main_window import AppContext

    w = make_window()
    w.open_path(demo_path)
    view = w.show_view("actions")
    qtbot.waitExposed(view.table)
    owner = next(i for i, c in enumerate(view.model.columns) if c.key == "owner")
    view.table.setColumnWidth(owner, 301)  # what dragging the header edge does
    w.close()
    w2 = make_window(AppContext(ctx.settings, ctx.interaction, ctx.pool))
    w2.open_path(demo_path)
    view2 = w2.show_view("actions")
    qtbot.waitExposed(view2.table)
    assert view2.table.columnWidth(owner) == 301
