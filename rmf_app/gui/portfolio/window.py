"""The portfolio window: a table over many assessment files, read on a worker thread.

The files are read read-only by ``services.portfolio`` on the thread pool, with progress and
cancel; double-clicking a row opens that file in its own main window. The export (PDF report
or CSV table) also runs on the pool, on a copy of the portfolio, with progress and cancel. The paths of the last
portfolio are remembered in the user's settings as a small JSON list, not a file of their own.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.labels import DEPLOYMENT_OUTCOMES, REVIEW_STATES
from ...domain.portfolio import Portfolio
from ...services.errors import Cancelled
from ...services.portfolio import read_portfolio
from ..common.interaction import Interaction
from ..common.screen import fit_to_screen
from ..common.settings import Option, Settings
from ..common.workers import ProgressJob
from .model import PortfolioFilter, PortfolioModel
from .rollups import RollupsView

#: the remembered portfolio: a JSON list of folder and file paths
PORTFOLIO_PATHS = Option("portfolio/paths", "[]")


def remembered_paths(settings: Settings) -> list[str]:
    try:
        value = json.loads(settings.get_str(PORTFOLIO_PATHS))
    except ValueError:
        return []
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v]


def remember_paths(settings: Settings, paths: Sequence[str]) -> None:
    settings.set(PORTFOLIO_PATHS, json.dumps(list(paths)))


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    cancelled = Signal()
    failed = Signal(str)


class PortfolioJob(QRunnable):
    """Read the portfolio on a pool thread; reports through ``signals``."""

    def __init__(self, paths: Sequence[str]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.paths = list(paths)
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = read_portfolio(
                self.paths,
                progress=lambda i, n, name: self.signals.progress.emit(i, n, name),
                cancelled=self._cancel.is_set,
            )
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # never a traceback in the user's face
            self.signals.failed.emit(
                f"The portfolio could not be read ({type(exc).__name__}: {exc})."
            )
        else:
            self.signals.done.emit(result)
        finally:
            self.finished.set()


class PortfolioWindow(QWidget):
    """Args:
    settings: where the portfolio's paths are remembered.
    pool: the thread pool that reads the files.
    open_file: opens one assessment file in its own window.
    interaction: shows an export's failure in a message box (without one, the summary line
        alone says it).

    Signals:
        loaded(): the files were read and the table shows them.
        export_finished(bool, str): an export ended: whether a file was written, and the file
            (on success) or the message that says why not.
    """

    loaded = Signal()
    export_finished = Signal(bool, str)

    def __init__(
        self,
        settings: Settings,
        pool: QThreadPool,
        open_file: Callable[[str], object],
        parent: QWidget | None = None,
        *,
        interaction: Interaction | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Portfolio — rmf-app"))
        self.interaction = interaction
        self.export_job: ProgressJob | None = None
        self.settings = settings
        self.pool = pool
        self.open_file = open_file
        self.paths: list[str] = []
        self.portfolio: Portfolio | None = None
        self.job: PortfolioJob | None = None

        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open_row)

        self.state = QComboBox()
        self.state.addItem(self.tr("Any state"), "")
        for label in REVIEW_STATES.values():
            self.state.addItem(label, label)
        self.decision = QComboBox()
        self.decision.addItem(self.tr("Any decision"), "")
        for key, label in DEPLOYMENT_OUTCOMES.items():
            self.decision.addItem(label, key)
        self.decision.addItem(self.tr("No decision"), "none")
        self.attention = QCheckBox(self.tr("Needs attention only"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, organization, owner, file"))
        self.search.setClearButtonEnabled(True)
        self.state.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(state=self.state.currentData())
        )
        self.decision.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(decision=self.decision.currentData())
        )
        self.attention.toggled.connect(lambda on: self.proxy.set_filter(attention_only=on))
        self.search.textChanged.connect(lambda text: self.proxy.set_filter(text=text))

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.add_folder_button = QPushButton(self.tr("Add f&older…"))
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.add_files_button = QPushButton(self.tr("Add f&iles…"))
        self.add_files_button.setToolTip(
            self.tr("Add assessment files (.airmf) or verified PDF reports")
        )
        self.add_files_button.clicked.connect(self._choose_files)
        self.export_button = QPushButton(self.tr("&Export…"))
        self.export_button.setToolTip(self.tr("Save the portfolio as a PDF report or a CSV table"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._choose_export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.hide()

        filters = QHBoxLayout()
        filters.addWidget(self.add_folder_button)
        filters.addWidget(self.add_files_button)
        for w in (self.state, self.decision, self.attention):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export_button)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        # a drill-down from the roll-ups: which systems the table is narrowed to, and the way back
        self.only_label = QLabel()
        self.only_label.setObjectName("portfolio_only")
        self.only_label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_all_button = QPushButton(self.tr("Show &all systems"))
        self.show_all_button.clicked.connect(self.show_all)
        only_row = QHBoxLayout()
        only_row.addWidget(self.only_label, 1)
        only_row.addWidget(self.show_all_button)
        self.only_label.hide()
        self.show_all_button.hide()
        layout = QVBoxLayout(self)
        layout.setMenuBar(self._menu_bar())
        layout.addLayout(filters)
        layout.addLayout(busy)
        layout.addLayout(only_row)
        self.rollups = RollupsView()
        self.rollups.stateActivated.connect(self._filter_state)
        self.rollups.decisionActivated.connect(self._filter_decision)
        self.rollups.systemsChosen.connect(self.show_only)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("Systems"))
        self.tabs.addTab(self.rollups, self.tr("Across systems"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        fit_to_screen(self, 1200, 760)

    def _menu_bar(self) -> QMenuBar:
        """File ▸ Add folder…, Add files…, Export portfolio…, Close — the buttons' actions, as
        a user of any document window looks for them."""
        bar = QMenuBar(self)
        menu = bar.addMenu(self.tr("&File"))
        menu.setObjectName("portfolio_file_menu")
        self.add_folder_action = menu.addAction(self.tr("Add &folder…"), self._choose_folder)
        self.add_files_action = menu.addAction(self.tr("Add f&iles…"), self._choose_files)
        menu.addSeparator()
        self.export_action = menu.addAction(self.tr("&Export portfolio…"), self._choose_export)
        self.export_action.setShortcut(QKeySequence(self.tr("Ctrl+E")))
        self.export_action.setEnabled(False)
        menu.addSeparator()
        close = menu.addAction(self.tr("&Close"), self.close)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        return bar

    # -- reading -------------------------------------------------------------------------
    def load(self, paths: Sequence[str]) -> None:
        """Read the folders and files (replacing the table when done) and remember them."""
        if self.job is not None:
            self.job.cancel()
        self.paths = [str(Path(p)) for p in paths]
        remember_paths(self.settings, self.paths)
        job = PortfolioJob(self.paths)
        job.signals.progress.connect(self._on_progress)
        job.signals.done.connect(self._on_done)
        job.signals.cancelled.connect(self._on_cancelled)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.summary.setText(self.tr("Reading…"))
        self.pool.start(job)

    def add_paths(self, paths: Sequence[str]) -> None:
        """Add folders or files to the portfolio and read it again."""
        self.load([*self.paths, *(p for p in paths if p not in self.paths)])

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"), str(Path.home()))
        if folder:
            self.add_paths([folder])

    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add assessments"),
            str(Path.home()),
            self.tr("Assessments and reports (*.airmf *.pdf)"),
        )
        if files:
            self.add_paths(files)

    def cancel(self) -> None:
        """Stop the reading or the export under way (an export leaves nothing behind)."""
        if self.job is not None:
            self.job.cancel()
        if self.export_job is not None:
            self.export_job.cancel()
            self.summary.setText(self.tr("Cancelling the export…"))

    def _finish(self, sender: object) -> bool:
        job = self.job
        if job is None or sender is not job.signals:
            return False  # a replaced job reporting late
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        return True

    def _on_progress(self, i: int, n: int, name: str) -> None:
        self.progress.setRange(0, max(n, 1))
        self.progress.setValue(i)
        self.progress.setFormat(f"%v of %m  {name}")

    def _on_done(self, portfolio: Portfolio) -> None:
        if not self._finish(self.sender()):
            return
        self.portfolio = portfolio
        self.model.set_rows(portfolio.rows)
        self.summary.setText(f"{portfolio.summary()}.")
        self.problems.setPlainText("\n".join(f"{u.path}: {u.reason}" for u in portfolio.unreadable))
        self.problems.setVisible(bool(portfolio.unreadable))
        lines = min(max(len(portfolio.unreadable), 1), 4)  # as tall as its lines, up to four
        self.problems.setFixedHeight(lines * self.problems.fontMetrics().lineSpacing() + 14)
        self.export_button.setEnabled(self.export_job is None)
        self.export_action.setEnabled(self.export_job is None)
        self.rollups.set_portfolio(portfolio)
        self.loaded.emit()

    def _on_cancelled(self) -> None:
        if self._finish(self.sender()):
            self.summary.setText(self.tr("Reading was cancelled; the table was left as it was."))

    def _on_failed(self, message: str) -> None:
        if self._finish(self.sender()):
            self.summary.setText(message)

    # -- export --------------------------------------------------------------------------------
    def _choose_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the portfolio"),
            str(Path.home() / "portfolio.pdf"),
            self.tr("PDF report (*.pdf);;CSV table (*.csv)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Start writing the portfolio as a PDF report (.pdf) or the table as CSV (anything
        else) on the thread pool, from a copy of the portfolio; ``export_finished`` reports
        the end. False when there is nothing to export or an export is under way."""
        from ...services.portfolio import export_portfolio

        if self.portfolio is None or self.export_job is not None:
            return False
        snapshot = copy.deepcopy(self.portfolio)
        job = ProgressJob(
            lambda progress, cancelled: export_portfolio(snapshot, path, progress, cancelled),
            self.tr("The portfolio export"),
        )
        job.signals.progress.connect(self._export_progress)
        job.signals.succeeded.connect(self._export_succeeded)
        job.signals.failed.connect(self._export_failed)
        job.signals.cancelled.connect(self._export_cancelled)
        self.export_job = job
        self._exporting(True)
        self.summary.setText(self.tr("Exporting to {0}…").format(Path(path).name))
        self.pool.start(job)
        return True

    def _exporting(self, busy: bool) -> None:
        for w in (self.export_button, self.add_folder_button, self.add_files_button):
            w.setEnabled(not busy and (w is not self.export_button or self.portfolio is not None))
        self.export_action.setEnabled(self.export_button.isEnabled())
        self.add_folder_action.setEnabled(not busy)
        self.add_files_action.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress.setFormat("%p%")
            self.cancel_button.setAccessibleName(self.tr("Cancel the export"))
        else:
            self.cancel_button.setAccessibleName(self.tr("Cancel"))

    def _end_export(self, sender: object) -> bool:
        job = self.export_job
        if job is None or sender is not job.signals:
            return False
        self.export_job = None
        self._exporting(False)
        return True

    def _export_progress(self, done: int, total: int) -> None:
        if self.export_job is not None and total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)

    def _export_succeeded(self, path: object) -> None:
        if self._end_export(self.sender()):
            self.summary.setText(self.tr("Wrote {0}.").format(path))
            self.export_finished.emit(True, str(path))

    def _export_failed(self, message: str) -> None:
        if self._end_export(self.sender()):
            self.summary.setText(self.tr("Not exported: {0}").format(message))
            if self.interaction is not None:
                self.interaction.error(self.tr("Cannot export the portfolio"), message)
            self.export_finished.emit(False, message)

    def _export_cancelled(self) -> None:
        if self._end_export(self.sender()):
            message = self.tr("The export was cancelled: nothing was written.")
            self.summary.setText(message)
            self.export_finished.emit(False, message)

    def _filter_state(self, label: str) -> None:
        """A state's bar was chosen on the roll-ups: show those systems in the table."""
        self.state.setCurrentIndex(max(0, self.state.findData(label)))
        self.tabs.setCurrentWidget(self.table)

    def show_only(self, paths: list[str], what: str) -> None:
        """Narrow the table to these files (a heat-map cell or a recurring gap was chosen on
        the roll-ups) and say so, with a way back."""
        self.proxy.set_only(frozenset(paths))
        self.only_label.setText(
            self.tr("Showing the {0} systems {1}.").format(len(paths), what)
            if len(paths) != 1
            else self.tr("Showing the one system {0}.").format(what)
        )
        self.table.horizontalScrollBar().setValue(0)  # the systems' names in view
        self.only_label.show()
        self.show_all_button.show()
        self.tabs.setCurrentWidget(self.table)

    def show_all(self) -> None:
        """Undo a drill-down: every system the other filters let through."""
        self.proxy.set_only(None)
        self.only_label.hide()
        self.show_all_button.hide()

    def _filter_decision(self, key: str) -> None:
        self.decision.setCurrentIndex(max(0, self.decision.findData(key)))
        self.tabs.setCurrentWidget(self.table)

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index))
        self.open_file(row.path)

    def closeEvent(self, event: object) -> None:
        self.cancel()
        job = self.export_job
        if job is not None:  # a cancelled export ends quickly and removes its temporary file
            job.done.wait(60)
        super().closeEvent(event)  # type: ignore[arg-type]
