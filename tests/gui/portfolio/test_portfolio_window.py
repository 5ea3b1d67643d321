"""The portfolio window: the table model, sorting and filtering, opening a row, cancel."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool

from rmf_app.gui.portfolio.model import COLUMNS, PortfolioFilter, PortfolioModel
from rmf_app.gui.portfolio.window import PortfolioWindow, remembered_paths
from rmf_app.services import portfolio as pf
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("pgui")
    template = root / "zz-template.airmf"
    write_demo(template)
    names = ["Zeta", "Alpha", "Mid"]
    for i, name in enumerate(names):
        path = root / f"s{i}.airmf"
        shutil.copyfile(template, path)
        with AssessmentSession.open(path) as s:
            s.update_profile(name=name, organisation=f"Org {i}")
            if i == 1:
                s.set_review(state="draft")
    template.unlink()
    write_demo(root / "genai.airmf", genai=True)
    (root / "broken.airmf").write_text("not an assessment")
    return root


@pytest.fixture
def window(qtbot, settings, folder):
    opened: list[str] = []
    w = PortfolioWindow(settings, QThreadPool.globalInstance(), opened.append)
    w.opened = opened
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.load([str(folder)])
    return w


def _names(w):
    p = w.proxy
    return [p.index(r, 0).data() for r in range(p.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, folder):
    model = PortfolioModel()
    model.set_rows(pf.read_portfolio([folder]).rows)
    qtmodeltester.check(model)
    proxy = PortfolioFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_table_lists_systems_and_broken_files(window, settings, folder):
    # sorted by name from the first show
    assert _names(window) == ["Alpha", "Mid", "Trailhead Help Assistant", "Zeta"]
    assert window.proxy.columnCount() == len(COLUMNS)
    assert "broken.airmf" in window.problems.toPlainText()
    assert "4 systems" in window.summary.text()
    assert remembered_paths(settings) == [str(folder)]


def test_sorting_by_name_and_by_a_figure(window):
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _names(window)[:3] == ["Alpha", "Mid", "Trailhead Help Assistant"]
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _names(window)[0] == "Zeta"
    col = COLUMNS.index("At target")
    window.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    rates = [
        window.model.rows[window.proxy.mapToSource(window.proxy.index(r, col)).row()].at_target.rate
        for r in range(window.proxy.rowCount())
    ]
    assert rates == sorted(rates)


def test_filters_and_search(window):
    window.state.setCurrentIndex(window.state.findData("Draft"))
    assert _names(window) == ["Alpha"]
    window.state.setCurrentIndex(0)
    window.search.setText("org 2")
    assert _names(window) == ["Mid"]
    window.search.setText("")
    window.decision.setCurrentIndex(window.decision.findData("none"))
    assert _names(window) == []
    window.decision.setCurrentIndex(0)
    window.attention.setChecked(True)
    assert all(r.needs_attention for r in window.model.rows if r.name in _names(window))
    window.attention.setChecked(False)
    assert len(_names(window)) == 4


def test_double_click_opens_that_file(window, folder):
    window.search.setText("Mid")
    index = window.proxy.index(0, 3)
    window.table.doubleClicked.emit(index)
    assert window.opened == [str(folder / "s2.airmf")]


def test_cancel_leaves_the_table_as_it_was(qtbot, window, folder):
    before = len(window.model.rows)
    window.load([str(folder)])
    window.cancel()
    qtbot.waitUntil(lambda: window.job is None, timeout=30000)
    assert len(window.model.rows) == before
    assert window.proxy.index(0, 0) != QModelIndex() or before == 0


def test_export_pdf_and_csv(window, tmp_path):
    assert window.export_button.isEnabled()
    assert window.export_to(str(tmp_path / "p.pdf"))
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert window.export_to(str(tmp_path / "p.csv"))
    assert (tmp_path / "p.csv").read_text("utf-8").count("\n") == 5
    assert not window.export_to(str(tmp_path / "missing" / "p.csv"))
    assert "Wrote" not in window.summary.text()


def test_adding_a_file_reads_it_too_and_is_remembered(qtbot, window, settings, tmp_path):
    extra = tmp_path / "extra.airmf"
    write_demo(extra)
    with qtbot.waitSignal(window.loaded, timeout=30000):
        window.add_paths([str(extra)])
    assert len(window.model.rows) == 5
    assert remembered_paths(settings)[-1] == str(extra)


def test_open_portfolio_reopens_the_remembered_one(qtbot, make_window, settings, folder):
    from rmf_app.gui.portfolio.window import remember_paths

    remember_paths(settings, [str(folder)])
    main = make_window()
    main.qactions["open_portfolio"].trigger()
    portfolio = main._portfolios[-1]
    qtbot.addWidget(portfolio)
    qtbot.waitUntil(
        lambda: portfolio.job is None and portfolio.portfolio is not None, timeout=30000
    )
    assert len(portfolio.model.rows) == 4


def test_roll_ups_tab_shows_every_system_escaped(qtbot, settings, tmp_path):
    path = tmp_path / "x.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as s:
        s.update_profile(name="<b>Tagged</b> & co")
    w = PortfolioWindow(settings, QThreadPool.globalInstance(), lambda p: None)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.load([str(tmp_path)])
    text = w.rollups.toPlainText()
    assert "<b>Tagged</b> & co" in text
    assert "GOVERN" in text and "most often below target" in text
