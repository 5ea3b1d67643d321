"""The navigator model: a correct QAbstractItemModel (qtmodeltester) showing progress."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from rmf_app.gui.common.adapter import SessionAdapter
from rmf_app.gui.walk.navigator import (
    ID_ROLE,
    IN_SCOPE_ROLE,
    KIND_ROLE,
    NavigatorModel,
    WalkFilterProxy,
)
from rmf_app.services.session import AssessmentSession


def test_model_passes_qt_model_tester(qapp, qtmodeltester, demo_path):
    with AssessmentSession.open(demo_path) as session:
        model = NavigatorModel(SessionAdapter(session))
        qtmodeltester.check(model)
        # and keeps passing while the data changes under it
        session.set_response("GOVERN 1.4", current=0)
        qtmodeltester.check(model)


def test_filter_proxy_passes_qt_model_tester(qapp, qtmodeltester, demo_path):
    with AssessmentSession.open(demo_path) as session:
        model = NavigatorModel(SessionAdapter(session))
        proxy = WalkFilterProxy()
        proxy.setSourceModel(model)
        proxy.set_matches(set(session.matching(actor="TEVV")), None)
        qtmodeltester.check(proxy)


def test_structure_progress_and_greyed_out_of_scope(qtbot, demo_path):
    with AssessmentSession.open(demo_path) as session:
        adapter = SessionAdapter(session)
        model = NavigatorModel(adapter)
        assert model.rowCount() == 4
        assert [model.index(r, 0).data(ID_ROLE) for r in range(4)] == [
            "GOVERN",
            "MAP",
            "MEASURE",
            "MANAGE",
        ]
        total = sum(
            model.rowCount(model.index(r, 0, model.index(f, 0)))
            for f in range(4)
            for r in range(model.rowCount(model.index(f, 0)))
        )
        assert total == 72
        scores = session.scores()
        cat = model.index_of("MEASURE 2", 1)
        c = scores.category("MEASURE 2").completion
        assert cat.data() == f"{c.numerator}/{c.denominator}"
        fn = model.index_of("GOVERN", 1)
        assert (
            fn.data()
            == f"{scores.function('GOVERN').completion.numerator}/{scores.function('GOVERN').completion.denominator}"
        )
        excluded = model.index_of("MEASURE 2.12")
        assert excluded.data(IN_SCOPE_ROLE) is False
        grey = QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        assert excluded.data(Qt.ItemDataRole.ForegroundRole) == grey
        assert excluded.siblingAtColumn(1).data() == "out of scope"
        assert model.index_of("MEASURE 2.11").data(Qt.ItemDataRole.ForegroundRole) is None
        assert "Out of scope" in excluded.data(Qt.ItemDataRole.ToolTipRole)
        assert model.index_of("GOVERN 1.1").data(KIND_ROLE) == "subcategory"
        assert not model.parent(model.index(0, 0)).isValid()
        assert model.parent(QModelIndex()) == QModelIndex()

        # a change reaches the node, its category and its function as dataChanged
        with qtbot.waitSignals([model.dataChanged] * 3):
            session.set_response("MAP 1.1", current=None)
        leaf = model.index_of("MAP 1.1", 1)
        assert leaf.data() == ""
        assert "not assessed" in model.index_of("MAP 1.1").data(Qt.ItemDataRole.AccessibleTextRole)


def test_navigator_titles_read_at_1024_wide_and_the_window_has_a_minimum(qtbot, demo_window):
    from PySide6.QtCore import Qt

    from rmf_app.gui.walk.navigator import ID_ROLE

    w = demo_window
    w.resize(1024, 680)
    w.walk.go_to("GOVERN 1.1")
    qtbot.waitUntil(lambda: w.walk.tree.currentIndex().isValid())
    index = w.walk.tree.currentIndex()
    assert index.data(ID_ROLE) == "GOVERN 1.1"
    # the whole title is in the tooltip, and enough of it shows to tell nodes apart
    assert "Legal and regulatory requirements" in index.data(Qt.ItemDataRole.ToolTipRole)
    shown = w.walk.tree.visualRect(index).width()
    fm = w.walk.tree.fontMetrics()
    assert shown >= fm.horizontalAdvance("1.1  Legal and regulat")
    # a window cannot be made so small that headings overlap the text
    w.resize(400, 300)
    assert w.width() >= 780 and w.height() >= 540


def test_the_progress_column_fits_every_rows_text_as_it_changes(qtbot, demo_window):
    """Column 1 is as wide as the widest progress text of any row (not only those on screen),
    and widens when a change brings a longer one ("out of scope")."""
    from PySide6.QtGui import QFont, QFontMetrics

    from rmf_app.domain.assessment import Exclusion, Scope

    walk = demo_window.walk
    tree, model = walk.tree, walk.model
    demo_window.resize(1360, 860)  # room for the column (see the narrow navigator's test)
    qtbot.waitUntil(lambda: not tree.isColumnHidden(1))

    def widest() -> int:
        out = 0
        for uid, node in enumerate(model._nodes):
            font = QFont(tree.font())
            font.setBold(node.kind == "function")
            text = model._view(uid).progress
            out = max(out, QFontMetrics(font).horizontalAdvance(text))
        return out

    assert tree.header().sectionSize(1) >= widest()
    scope = demo_window.session.assessment.scope
    demo_window.editor.set_scope(scope.model_copy(update={"exclusions": []}))
    narrow = tree.header().sectionSize(1)
    assert narrow >= widest()
    demo_window.editor.set_scope(Scope(exclusions=[Exclusion(item_id="MAP 1", reason="Elsewhere")]))
    assert "out of scope" in {model._view(uid).progress for uid in range(len(model._nodes))}
    assert tree.header().sectionSize(1) >= widest()
    assert tree.header().sectionSize(1) > narrow  # "out of scope" is wider than "4 → 4"


def test_a_narrow_navigator_gives_its_width_to_the_titles(qtbot, demo_window):
    """At the smallest window the navigator has no room for titles and progress side by side:
    the progress column (each row's icon shows the same) steps aside for the titles, and comes
    back when the window is widened."""
    from rmf_app.gui.main_window import MIN_HEIGHT, MIN_WIDTH

    tree = demo_window.walk.tree
    demo_window.resize(MIN_WIDTH, MIN_HEIGHT)
    qtbot.waitUntil(lambda: demo_window.width() == MIN_WIDTH)
    assert tree.isColumnHidden(1)
    assert tree.columnWidth(0) > tree.width() * 0.8
    demo_window.resize(1360, 860)
    qtbot.waitUntil(lambda: not tree.isColumnHidden(1))
    assert tree.columnWidth(1) >= tree.fontMetrics().horizontalAdvance("4 → 4")
    assert tree.columnWidth(0) > tree.columnWidth(1)
