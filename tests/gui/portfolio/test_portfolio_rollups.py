"""The portfolio's roll-ups dashboard: counts, the functions matrix, the combined heat map
with each system's share on hover, the recurring gaps; keyboard and dark palette."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QColor, QPalette

from rmf_app.domain import framework
from rmf_app.gui.common import colours
from rmf_app.gui.portfolio.rollups import FunctionMatrixModel, RecurringGapsModel, RollupsView
from rmf_app.gui.portfolio.window import PortfolioWindow
from rmf_app.services import portfolio as pf
from rmf_app.services.session import AssessmentSession
from tests.portfolio_files import make_portfolio


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_portfolio(tmp_path_factory.mktemp("rollups"))


@pytest.fixture(scope="module")
def portfolio(folder):
    return pf.read_portfolio([folder], today=dt.date.today())


@pytest.fixture
def view(qtbot, portfolio):
    v = RollupsView()
    qtbot.addWidget(v)
    v.set_portfolio(portfolio)
    return v


def _residual_cells(path: str) -> dict[tuple[int, int], int]:
    """Counted from the file itself, not from the portfolio's figures."""
    with AssessmentSession.open(Path(path), read_only=True) as s:
        out: dict[tuple[int, int], int] = {}
        for r in s.assessment.risks:
            if r.residual_likelihood and r.residual_impact:
                key = (r.residual_likelihood, r.residual_impact)
                out[key] = out.get(key, 0) + 1
        return out


def test_models_pass_qtmodeltester(qtmodeltester, portfolio):
    matrix = FunctionMatrixModel()
    matrix.set_portfolio(portfolio)
    qtmodeltester.check(matrix)
    gaps = RecurringGapsModel({})
    gaps.set_portfolio(portfolio)
    qtmodeltester.check(gaps)
    matrix.set_portfolio(None)
    gaps.set_portfolio(None)
    assert matrix.rowCount() == gaps.rowCount() == 0


def test_heat_map_cell_hover_names_each_system_with_its_count(view, portfolio):
    cells = {r.name: _residual_cells(r.path) for r in portfolio.rows}
    checked = 0
    for lk in range(1, 6):
        for im in range(1, 6):
            expected = {name: c[(lk, im)] for name, c in cells.items() if (lk, im) in c}
            tip = view.cell_tip(lk, im)
            assert view.heat.count(lk, im) == sum(expected.values())
            assert f"{sum(expected.values())} residual risk" in tip
            for name, n in expected.items():
                assert f"{name}: {n}" in tip
            for name in set(cells) - set(expected):
                assert f"{name}:" not in tip
            checked += len(expected) > 1
    assert checked >= 3  # several cells are shared by more than one system


def test_matrix_prints_each_rate_and_colors_low_and_high_apart(view, portfolio):
    m = view.matrix_model
    assert m.rowCount() == len(portfolio.rows) + 1
    fills = {}
    for row, r in enumerate(portfolio.rows, start=1):
        assert m.index(row, 0).data() == r.name
        for col, fid in enumerate(framework.FUNCTION_IDS, start=1):
            f = r.functions[fid]
            assert m.index(row, col).data() == f.percent()
            assert r.name in m.index(row, col).data(Qt.ItemDataRole.AccessibleTextRole)
            fills[f.rate] = m.index(row, col).data(Qt.ItemDataRole.BackgroundRole).color()
    low, high = fills[min(fills)], fills[max(fills)]
    assert low.hue() != high.hue() or low.lightness() != high.lightness()
    total = portfolio.rollups.functions["GOVERN"]
    assert m.index(0, 1).data() == total.percent()


def test_recurring_gaps_name_the_systems_below_target(view, portfolio):
    m = view.gaps_model
    assert 0 < m.rowCount() <= 10
    for row in range(m.rowCount()):
        sid = m.index(row, 0).data()
        below = [r.name for r in portfolio.rows if sid in r.below_target]
        assert m.index(row, 2).data() == f"{len(below)} of {len(portfolio.rows)}"
        assert m.index(row, 3).data() == ", ".join(below)
        assert m.index(row, 1).data()  # its title


def test_state_bars_filter_the_table_from_the_keyboard(qtbot, settings, folder):
    w = PortfolioWindow(settings, QThreadPool.globalInstance(), lambda p: None)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.load([str(folder)])
    w.tabs.setCurrentWidget(w.rollups)
    states = w.rollups.states
    assert states.accessibleName() and w.rollups.heat.accessibleName()
    assert states.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "Draft: 3 of 9 systems" in states.accessibleDescription()
    states.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(states, Qt.Key.Key_Down)  # Draft → In review
    qtbot.keyClick(states, Qt.Key.Key_Up)  # back to Draft
    qtbot.keyClick(states, Qt.Key.Key_Return)
    assert w.tabs.currentWidget() is w.table
    shown = {w.proxy.index(r, 4).data() for r in range(w.proxy.rowCount())}
    assert shown == {"Draft"} and w.proxy.rowCount() == 3


def test_readable_in_a_dark_palette(qtbot, portfolio):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    v = RollupsView()
    qtbot.addWidget(v)
    v.setPalette(dark)
    v.set_portfolio(portfolio)
    m = v.matrix_model
    for row in range(m.rowCount()):
        for col in range(1, 5):
            bg = m.index(row, col).data(Qt.ItemDataRole.BackgroundRole).color()
            fg = m.index(row, col).data(Qt.ItemDataRole.ForegroundRole).color()
            assert abs(colours.lightness(bg) - colours.lightness(fg)) > 0.45
            assert colours.lightness(bg) < 0.8  # no glaring light cells on a dark window


def test_risks_without_a_residual_rating_are_counted_under_the_heat_map(
    qtbot, view, tmp_path
):
    """The combined map shows residual ratings only; the risks it leaves out are said, not
    silently dropped."""
    from rmf_app.domain.assessment import Risk
    from rmf_app.services.demo import write_demo

    assert view.unrated.isHidden()  # the generated portfolio rates every risk
    for name, unrated in (("a", 2), ("b", 1)):
        path = write_demo(tmp_path / f"{name}.airmf")
        with AssessmentSession.open(path) as s:
            s.update_profile(name=f"System {name}")
            for k in range(unrated):
                s.add_item("risk", Risk(id=f"R-9{k}0", title="New", likelihood=4, impact=4))
    p = pf.read_portfolio([tmp_path])
    view.set_portfolio(p)
    assert not view.unrated.isHidden()
    assert view.unrated.text() == (
        "3 risks (in 2 systems) have no residual rating yet and are not shown."
    )


def test_a_recurring_gap_or_a_heat_map_cell_lists_its_systems_in_the_table(
    qtbot, settings, folder
):
    """From the roll-ups to the systems: choosing a recurring gap (Enter on its row) or a
    heat-map cell narrows the table to the systems it is made of, says so, and Show all
    systems brings every row back."""
    w = PortfolioWindow(settings, QThreadPool.globalInstance(), lambda p: None)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.load([str(folder)])
    everything = w.proxy.rowCount()
    w.tabs.setCurrentWidget(w.rollups)
    gap = w.rollups.gaps_model.gap(0)
    w.rollups.gaps.setFocus()
    w.rollups.gaps.setCurrentIndex(w.rollups.gaps_model.index(0, 0))
    qtbot.keyClick(w.rollups.gaps, Qt.Key.Key_Return)
    assert w.tabs.currentWidget() is w.table
    shown = {w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())}
    assert shown == set(gap.system_names) and w.proxy.rowCount() == gap.systems
    assert f"below target on {gap.subcategory_id}" in w.only_label.text()
    assert w.show_all_button.isVisible()
    w.show_all_button.click()
    assert w.proxy.rowCount() == everything and not w.only_label.isVisible()
    # a heat-map cell shared by several systems
    p = w.portfolio
    lk, im = next(
        (lk, im)
        for lk in range(1, 6)
        for im in range(1, 6)
        if sum(1 for r in p.rows if r.residual_heatmap[lk - 1][im - 1]) > 1
    )
    w.rollups.heat.cellActivated.emit(lk, im)
    expected = {r.name for r in p.rows if r.residual_heatmap[lk - 1][im - 1]}
    assert {w.proxy.index(r, 0).data() for r in range(w.proxy.rowCount())} == expected
