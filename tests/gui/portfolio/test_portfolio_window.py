"""The portfolio window: the table model, sorting and filtering, opening a row, cancel."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QMenu

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


def _export(qtbot, window, path):
    with qtbot.waitSignal(window.export_finished, timeout=60000) as blocker:
        assert window.export_to(str(path))
    return blocker.args


def test_export_pdf_and_csv(qtbot, window, tmp_path):
    assert window.export_button.isEnabled()
    assert _export(qtbot, window, tmp_path / "p.pdf") == [True, str(tmp_path / "p.pdf")]
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert _export(qtbot, window, tmp_path / "p.csv")[0]
    assert (tmp_path / "p.csv").read_text("utf-8").count("\n") == 5
    ok, message = _export(qtbot, window, tmp_path / "missing" / "p.csv")
    assert not ok and "missing" in message
    assert "Wrote" not in window.summary.text() and "Not exported" in window.summary.text()
    assert window.export_button.isEnabled()


def test_export_runs_on_a_worker_from_a_copy_and_reads_back(
    qtbot, window, tmp_path, blocked_pool, gate_factory, monkeypatch
):
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    pool, release = blocked_pool
    window.pool = pool
    target = tmp_path / "out.pdf"
    assert window.export_to(str(target))
    assert not window.export_to(str(tmp_path / "second.pdf"))  # one export at a time
    gate = gate_factory(0.3)
    window.export_job.signals.progress.connect(gate.progress, Qt.ConnectionType.DirectConnection)
    names = [r.name for r in window.model.rows]
    release.set()
    qtbot.waitUntil(gate.reached.is_set, timeout=60000)
    # the worker is parked mid-layout: the window is busy but answers, and what it shows
    # can change without touching the export's copy
    assert threading.get_ident() not in gate.worker_threads
    assert not window.export_button.isEnabled() and not window.add_folder_button.isEnabled()
    assert window.progress.isVisibleTo(window) and window.cancel_button.isVisibleTo(window)
    window.search.setText("Zeta")
    assert _names(window) == ["Zeta"]
    window.portfolio.rows.clear()  # the window's data, not the export's copy
    with qtbot.waitSignal(window.export_finished, timeout=60000) as blocker:
        gate.open()
    assert blocker.args == [True, str(target)]
    assert window.export_button.isEnabled() and not window.progress.isVisibleTo(window)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    for name in names:
        assert name in text
    assert "Appendix. Provenance" in text


def test_cancelling_an_export_leaves_no_file(qtbot, window, tmp_path, blocked_pool, gate_factory):
    pool, release = blocked_pool
    window.pool = pool
    out = tmp_path / "out"
    out.mkdir()
    target = out / "cancelled.pdf"
    assert window.export_to(str(target))
    gate = gate_factory(0.2)
    window.export_job.signals.progress.connect(gate.progress, Qt.ConnectionType.DirectConnection)
    release.set()
    qtbot.waitUntil(gate.reached.is_set, timeout=60000)
    window.cancel_button.click()
    with qtbot.waitSignal(window.export_finished, timeout=60000) as blocker:
        gate.open()
    assert blocker.args[0] is False and "nothing was written" in blocker.args[1]
    assert list(out.iterdir()) == []  # neither the PDF nor a temporary file


def test_a_failed_export_says_why_in_a_message(qtbot, settings, folder, tmp_path):
    from rmf_app.gui.common.interaction import HeadlessInteraction

    interaction = HeadlessInteraction()
    w = PortfolioWindow(
        settings, QThreadPool.globalInstance(), lambda p: None, interaction=interaction
    )
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=30000):
        w.load([str(folder)])
    (tmp_path / "taken.pdf").mkdir()
    ok, message = _export(qtbot, w, tmp_path / "taken.pdf")
    assert not ok and "folder" in message and "Traceback" not in message
    assert [m.kind for m in interaction.messages] == ["error"]
    assert interaction.messages[0].text == message


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
    matrix = w.rollups.matrix_model
    names = [matrix.index(r, 0).data() for r in range(matrix.rowCount())]
    assert names == ["All systems", "<b>Tagged</b> & co"]
    tip = matrix.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Tagged&lt;/b&gt; &amp; co" in tip  # shown as typed, not as markup
    gaps = w.rollups.gaps_model
    assert gaps.rowCount() == 0  # one system: nothing recurs across systems


def test_file_menu_exports_the_portfolio_and_its_mnemonics_are_unique(
    qtbot, window, tmp_path, monkeypatch
):
    """File ▸ Export portfolio… (Ctrl+E) asks where and exports, like the Export… button; the
    window's Alt+letter keys do not clash with the File menu's."""
    from PySide6.QtWidgets import QFileDialog

    from tests.gui.mnemonics import clashes

    assert clashes(window) == {}
    menu = window.findChild(QMenu, "portfolio_file_menu")
    assert menu is not None and menu.title() == "&File"
    titles = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert titles == ["Add &folder…", "Add f&iles…", "&Export portfolio…", "&Close"]
    assert window.export_action.isEnabled()
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    target = tmp_path / "from-menu.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(window.export_finished, timeout=60000) as blocker:
        window.export_action.trigger()
    assert blocker.args == [True, str(target)]
    assert target.read_bytes().startswith(b"%PDF")
