"""The main window: the start page, or one open assessment in its views.

The window is the controller of file-level flows (new, open, import, demo, close); it talks
to the user only through the interaction service, so every flow runs headless in tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.assessment import Assessment
from ..services.content import playbook as bundled_playbook
from ..services.errors import DamagedFileError, SaveError, StorageError, join_names
from ..services.session import AssessmentSession, default_user
from . import actions as act
from .common import settings as opt
from .common.adapter import SessionAdapter
from .common.editing import EditController
from .common.interaction import (
    AIRMF_FILTER,
    ANY_FILTER,
    JSON_FILTER,
    OPENABLE_FILTER,
    PDF_FILTER,
    PLAYBOOK_FILTER,
    Interaction,
)
from .common.interaction import tr as itr
from .common.save_banner import SaveProblemBanner
from .common.screen import fit_to_screen
from .common.settings import Settings
from .common.widgets import banner
from .walk.view import WalkView

if TYPE_CHECKING:  # loaded when first needed: start-up only pays for the walk
    from PySide6.QtWidgets import QProgressDialog

    from .common.workers import ImportJob
    from .dashboard.view import DashboardView
    from .export.dialog import ExportDialog
    from .history.view import HistoryView
    from .profile.view import ProfileView
    from .profile.wizard import NewAssessmentWizard
    from .registers.views import ActionPlanView, EvidenceView, RegisterView, RiskRegisterView
    from .review.view import ReviewView
    from .start_page import StartPage
    from .trust.flows import TrustFlows

#: the smallest window the views are laid out for
MIN_WIDTH, MIN_HEIGHT = 780, 540
#: the views built when their tab is first shown: key -> tab title
LAZY_VIEWS = ("dashboard", "risks", "actions", "evidence", "review", "history", "readiness")

OPENABLE_SUFFIXES = (".airmf", ".json", ".pdf")
#: while changes are not saved, saving them is tried again this often (and on every edit)
SAVE_RETRY_MS = 15_000


class AppContext:
    """What every window shares: preferences, the way to talk to the user, the thread pool."""

    def __init__(self, settings: Settings, interaction: Interaction, pool: QThreadPool) -> None:
        self.settings = settings
        self.interaction = interaction
        self.pool = pool


class MainWindow(QMainWindow):
    """One window: the start page, or the workspace of one open assessment.

    Args:
        ctx: settings, interaction service and thread pool.

    Signals:
        sessionChanged(): an assessment was opened or closed in this window.
    """

    sessionChanged = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, opening: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings
        self.interaction = ctx.interaction
        if self.interaction.parent is None:
            self.interaction.parent = self
        self.session: AssessmentSession | None = None
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.wizard: NewAssessmentWizard | None = None
        self.import_job: ImportJob | None = None
        self.import_progress: QProgressDialog | None = None
        self.playbook_job: QRunnable | None = None
        self._trust: TrustFlows | None = None
        self._official_loaded = False
        self.demo_dir: tempfile.TemporaryDirectory[str] | None = None
        self._undoing = False
        self.setObjectName("main_window")
        self.setAcceptDrops(True)

        self._start: StartPage | None = None  # built when first shown: see start
        self.walk = WalkView(self.interaction)
        self._profile: ProfileView | None = None
        self.profile_tab = QWidget()  # the profile view is built when first shown
        QVBoxLayout(self.profile_tab).setContentsMargins(0, 0, 0, 0)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.setAccessibleName(self.tr("Views"))
        self.views.addTab(self.walk, self.tr("Guided walk"))
        self.views.addTab(self.profile_tab, self.tr("System profile"))
        # the other views are built the first time their tab is shown (start-up stays cheap)
        self.tabs: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        self.export_dialog: ExportDialog | None = None
        #: the item the user is on (history entity, label), for "History ▸ the current item"
        self.current_item: tuple[str, str] = ("", "")
        for key, title in zip(
            LAZY_VIEWS,
            (
                self.tr("Dashboard"),
                self.tr("Risk register"),
                self.tr("Action plan"),
                self.tr("Evidence"),
                self.tr("Review"),
                self.tr("History"),
                self.tr("Readiness"),
            ),
            strict=True,
        ):
            tab = QWidget()
            QVBoxLayout(tab).setContentsMargins(0, 0, 0, 0)
            self.tabs[key] = tab
            self.views.addTab(tab, title)
        self.views.currentChanged.connect(self._view_changed)
        self.notice = banner()
        self.notice.setAccessibleName(self.tr("Read-only notice"))
        self.save_banner = SaveProblemBanner()
        self.save_banner.retryRequested.connect(self.retry_save)
        self.save_banner.saveAsRequested.connect(self.save_as)
        self.save_retry = QTimer(self)
        self.save_retry.setInterval(SAVE_RETRY_MS)
        self.save_retry.timeout.connect(self._retry_save_quietly)
        self._unsaved_shown = False
        workspace = QWidget()
        ws_layout = QVBoxLayout(workspace)
        ws_layout.setContentsMargins(6, 6, 6, 6)
        ws_layout.addWidget(self.save_banner)
        ws_layout.addWidget(self.notice)
        ws_layout.addWidget(self.views, 1)
        self.workspace = workspace
        #: ``opening``: a file given on the command line is about to open, so an empty page
        #: stands where the start page would until it has (see :meth:`opened`)
        self._opening = opening
        self._empty = QWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._empty)
        self.pages.addWidget(workspace)
        self.setCentralWidget(self.pages)

        self.qactions = act.build_actions(self, self)
        self.menus = act.build_menus(self.menuBar(), self.qactions)
        self.recent_menu = self.menus["file"].addMenu(self.tr("Open &recent"))
        self.recent_menu.setObjectName("menu_recent")
        self.menus["file"].insertMenu(self.qactions["import_json"], self.recent_menu)
        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        act.build_toolbar(self.toolbar, self.qactions)
        self.addToolBar(self.toolbar)
        self.save_state = QLabel(self.tr("Not saved"))
        self.save_state.setObjectName("save_state")
        self.save_state.setAccessibleName(self.tr("Save state"))
        self.statusBar().addPermanentWidget(self.save_state)
        self.save_state.hide()

        self.walk.walkChanged.connect(self._update_walk_actions)
        self.walk.currentChanged.connect(lambda sid: self._set_current_item(f"response:{sid}", sid))
        self.walk.page.form.linkActivated.connect(self.navigate)
        self.walk.page.form.addRequested.connect(self._add_for_subcategory)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        # below this the page's headings and text overlap; the layout is made for at least it
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        fit_to_screen(self, 1360, 860)  # a 1280 × 800 laptop screen gets a window that fits
        self.restoreGeometry(self.settings.get_bytes(opt.GEOMETRY))
        self.restoreState(self.settings.get_bytes(opt.WINDOW_STATE))
        self.walk.splitter.restoreState(self.settings.get_bytes(opt.NAV_SPLITTER))
        self.walk.page.splitter.restoreState(self.settings.get_bytes(opt.PAGE_SPLITTER))
        self._refresh_recent()
        self._show_session()

    @property
    def profile(self) -> ProfileView:
        """The system-profile view (built on first use)."""
        if self._profile is None:
            from .profile.view import ProfileView

            self._profile = ProfileView(interaction=self.interaction)
            layout = self.profile_tab.layout()
            assert layout is not None
            layout.addWidget(self._profile)
            self._profile.attach(self.adapter, self.editor)
        return self._profile

    def _view_changed(self, index: int) -> None:
        widget = self.views.widget(index)
        self._update_walk_actions()
        if widget is self.profile_tab:
            _ = self.profile
            self._set_current_item("profile", self.tr("the system profile"))
        elif widget is self.walk and self.walk.current:
            self._set_current_item(f"response:{self.walk.current}", self.walk.current)
        for key, tab in self.tabs.items():
            if widget is tab:
                view = self.view(key)
                if key == "review":
                    self._set_current_item("review", self.tr("the review"))
                elif key in ("risks", "actions", "evidence"):
                    entity, label = view.current_entity()  # type: ignore[attr-defined]
                    if entity:
                        self._set_current_item(entity, label)

    # -- the views built on first use ------------------------------------------------------------
    def view(self, key: str) -> QWidget:
        """The view of a lazily built tab ("dashboard", "risks", …), built on first use."""
        view = self._built.get(key)
        if view is None:
            view = self._build(key)
            self._built[key] = view
            layout = self.tabs[key].layout()
            assert layout is not None
            layout.addWidget(view)
            self._attach_view(key, view)
        return view

    def _build(self, key: str) -> QWidget:
        pool, interaction = self.ctx.pool, self.interaction
        if key == "dashboard":
            from .dashboard.view import DashboardView

            dash = DashboardView()
            dash.navigate.connect(self.navigate)
            dash.cellActivated.connect(self._heat_cell_chosen)
            dash.characteristicActivated.connect(self._characteristic_chosen)
            dash.gaiRiskActivated.connect(self._gai_risk_chosen)
            return dash
        if key in ("risks", "actions", "evidence"):
            from .registers.views import ActionPlanView, EvidenceView, RiskRegisterView

            cls = {"risks": RiskRegisterView, "actions": ActionPlanView, "evidence": EvidenceView}
            register = cls[key](interaction, pool)
            register.settings = self.settings
            register.navigate.connect(self.navigate)
            register.currentItemChanged.connect(self._register_item_changed)
            if key == "risks":
                register.cell_chip.clicked.connect(self._heat_filter_cleared)
            return register
        if key == "review":
            from .review.view import ReviewView

            review = ReviewView(interaction, pool)
            review.navigate.connect(self.navigate)
            review.exportRevision.connect(self.export)
            review.signPdf.connect(self.sign_report)
            review.user_name = self.settings.user_name
            return review
        if key == "readiness":
            from .crosswalk.readiness import ReadinessView

            readiness = ReadinessView(interaction)
            readiness.navigate.connect(self.navigate)
            return readiness
        from .history.view import HistoryView

        history = HistoryView()
        history.set_current_item(*self.current_item)
        return history

    def _attach_view(self, key: str, view: QWidget, *, detach: bool = False) -> None:
        adapter, editor = (None, None) if detach else (self.adapter, self.editor)
        if key in ("dashboard", "history", "readiness"):
            view.attach(adapter)  # type: ignore[attr-defined]
        else:
            view.attach(adapter, editor)  # type: ignore[attr-defined]

    @property
    def dashboard(self) -> DashboardView:
        return self.view("dashboard")  # type: ignore[return-value]

    @property
    def risks_view(self) -> RiskRegisterView:
        return self.view("risks")  # type: ignore[return-value]

    @property
    def actions_view(self) -> ActionPlanView:
        return self.view("actions")  # type: ignore[return-value]

    @property
    def evidence_view(self) -> EvidenceView:
        return self.view("evidence")  # type: ignore[return-value]

    @property
    def review_view(self) -> ReviewView:
        return self.view("review")  # type: ignore[return-value]

    @property
    def history_view(self) -> HistoryView:
        return self.view("history")  # type: ignore[return-value]

    def register_for(self, kind: str) -> RegisterView:
        key = {"risk": "risks", "action": "actions", "evidence": "evidence"}[kind]
        return self.view(key)  # type: ignore[return-value]

    def show_view(self, key: str) -> QWidget:
        view = self.view(key)
        self.views.setCurrentWidget(self.tabs[key])
        return view

    # -- going places ------------------------------------------------------------------------------
    def navigate(self, where: str, key: str) -> None:
        """Show a place: a subcategory in the walk, a function or category (its first
        in-scope subcategory), an item in its register, or the review."""
        if self.adapter is None:
            return
        if where == "group":
            from .dashboard.view import first_in_scope

            sid = first_in_scope(self.adapter, key)
            if sid is None:
                self.statusBar().showMessage(self.tr("{0} is out of scope.").format(key), 8000)
                return
            where, key = "subcategory", sid
        if where == "subcategory":
            self.views.setCurrentWidget(self.walk)
            self.walk.go_to(key)
            self.walk.page.form_scroll.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if where in ("risk", "action", "evidence"):
            register = self.register_for(where)
            self.views.setCurrentWidget(self.tabs[register_key(where)])
            if register.select(key):
                register.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if where == "review":
            self.show_view("review")

    def _set_current_item(self, entity: str, label: str) -> None:
        self.current_item = (entity, label)
        history = self._built.get("history")
        if history is not None:
            history.set_current_item(entity, label)  # type: ignore[attr-defined]

    def _register_item_changed(self, entity: str, label: str) -> None:
        if entity:
            self._set_current_item(entity, label)

    def _heat_cell_chosen(self, which: str, likelihood: int, impact: int) -> None:
        from ..domain.labels import IMPACT_SCALE, LIKELIHOOD_SCALE

        residual = which == "residual"
        text = (
            self.tr("Residual {0} × {1}") if residual else self.tr("Inherent {0} × {1}")
        ).format(likelihood, impact)

        def in_cell(risk: object) -> bool:
            if residual:
                cell = (risk.residual_likelihood, risk.residual_impact)  # type: ignore[attr-defined]
            else:
                cell = (risk.likelihood, risk.impact)  # type: ignore[attr-defined]
            return cell == (likelihood, impact)

        register = self.show_view("risks")
        register.set_cell_filter(text, in_cell)  # type: ignore[attr-defined]
        register.cell_chip.setToolTip(  # type: ignore[attr-defined]
            self.tr("Likelihood {0} ({1}) × impact {2} ({3}). Click to show all risks.").format(
                likelihood,
                self.tr(LIKELIHOOD_SCALE[likelihood]),
                impact,
                self.tr(IMPACT_SCALE[impact]),
            )
        )
        self.dashboard.show_cell(which, (likelihood, impact))

    def _heat_filter_cleared(self) -> None:
        dash = self._built.get("dashboard")
        if dash is not None:
            dash.show_cell("", None)  # type: ignore[attr-defined]

    def _gai_risk_chosen(self, risk_id: str) -> None:
        from .walk.filterbar import WalkFilter

        self.views.setCurrentWidget(self.walk)
        self.walk.filter_bar.set_value(WalkFilter(gai_risk=risk_id))
        ids = self.walk.walk_ids()
        if ids and self.walk.current not in ids:
            self.walk.go_to(ids[0])

    def _characteristic_chosen(self, characteristic: str) -> None:
        from .walk.filterbar import WalkFilter

        self.views.setCurrentWidget(self.walk)
        self.walk.filter_bar.set_value(WalkFilter(characteristic=characteristic))
        ids = self.walk.walk_ids()
        if ids and self.walk.current not in ids:
            self.walk.go_to(ids[0])

    def _add_for_subcategory(self, kind: str, sid: str) -> None:
        if kind == "evidence":
            # like "+ Risk…" and "+ Action…", the walk stays where it is; the link appears on
            # the form when the copy is complete
            if self.evidence_view.attach_file(None, [sid]):
                self.statusBar().showMessage(
                    self.tr(
                        "Attaching the file to {0}… Progress and Cancel are on the Evidence page (Ctrl+6)."
                    ).format(sid),
                    8000,
                )
        else:
            self.register_for(kind).add([sid])

    def export(self, revision: int | None = None) -> None:
        """The export dialog (PDF, JSON, CSV), for the open assessment — or the PDF of an
        earlier final revision kept in the file, as it was signed off."""
        if self.session is None or self.adapter is None:
            return
        if self.export_dialog is not None and self.export_dialog.isVisible():
            shown = self.export_dialog.revision
            if self.export_dialog.job is not None or revision == (
                shown.revision if shown is not None else None
            ):
                self.export_dialog.raise_()
                self.export_dialog.activateWindow()
                return
            self.export_dialog.close()  # idle, and for something else: replaced
        from .export.dialog import ExportDialog

        old = None
        if revision is not None:
            from ..services.revisions import final_revision

            try:
                old = final_revision(self.session.store, revision)
            except StorageError as exc:
                self.interaction.error(
                    self.tr("Cannot export revision {0}").format(revision), str(exc)
                )
                return
        if self.editor is not None:
            self.editor.flush()
        dialog = ExportDialog(
            self.session, self.interaction, self.ctx.pool, self.adapter.today(), self, revision=old
        )
        dialog.exported.connect(
            lambda path: self.statusBar().showMessage(self.tr("Exported {0}.").format(path), 10000)
        )
        dialog.finished.connect(self._export_closed)
        self.export_dialog = dialog
        dialog.open()

    def _export_closed(self) -> None:
        dialog, self.export_dialog = self.export_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # -- the open assessment -------------------------------------------------------------------
    def user_name(self) -> str:
        """The name recorded in the change history: asked once, then kept in the settings."""
        name = self.settings.user_name
        if not name:
            answer = self.interaction.ask_text(
                self.tr("Your name"),
                self.tr(
                    "Your name is recorded in the change history of the assessments you edit. You can change it later in Edit ▸ Your name."
                ),
                default_user(),
            )
            name = (answer or "").strip() or default_user()
            self.settings.user_name = name
        return name

    def set_session(self, session: AssessmentSession | None) -> bool:
        """Show an opened session (the window takes ownership), or the start page.

        False when the open assessment has unsaved changes and the user chose to keep it
        open: the new session is then closed again.
        """
        if not self.close_file():
            if session is not None:
                session.close()
            return False
        if session is None:
            return True
        self.session = session
        self.adapter = SessionAdapter(session, self)
        self.editor = EditController(session, self)
        self.editor.failed.connect(self._edit_failed)
        self.editor.stack.canUndoChanged.connect(self._update_actions)
        self.editor.stack.canRedoChanged.connect(self._update_actions)
        self.editor.stack.undoTextChanged.connect(self._update_actions)
        self.editor.stack.redoTextChanged.connect(self._update_actions)
        self.adapter.responseChanged.connect(self._response_changed)
        self.adapter.itemChanged.connect(self._item_changed)
        self.adapter.profileChanged.connect(self._update_title)
        self.adapter.reset.connect(self._update_title)  # an overlay switched on or off
        self.adapter.readOnlyChanged.connect(self._read_only_changed)
        self.adapter.saveStateChanged.connect(self._save_state_changed)
        self.walk.attach(self.adapter, self.editor)
        if self._profile is not None:
            self._profile.attach(self.adapter, self.editor)
        for key, view in self._built.items():
            self._attach_view(key, view)
        self._show_session()
        self.walk.tree.setFocus()
        QTimer.singleShot(0, self._load_official)  # after the first frame
        self.sessionChanged.emit()
        return True

    def close_file(self) -> bool:
        """Commit pending typing and close the open assessment (it is saved as it is made).

        When a save has failed and still fails, the user chooses: Save As…, discard the
        unsaved changes, or cancel (False: the assessment stays open).
        """
        if self.session is None:
            return True
        verdict = self._settle_unsaved()
        if verdict is None:
            return False
        self._close_session(discard=verdict == "discard")
        return True

    def _settle_unsaved(self) -> str | None:
        """Before closing: "keep" when everything is in the file (a last retry may have put
        it there, or Save As), "discard" when the user gives the unsaved changes up, None
        when the user cancelled."""
        session, editor = self.session, self.editor
        if session is None or editor is None:
            return "keep"
        self.walk.page.form.commit_pending()
        editor.flush()
        if not session.has_unsaved:
            return "keep"
        try:
            session.save_pending()
            return "keep"
        except SaveError:
            pass
        problem = session.save_problem
        changes = session.unsaved_changes()
        listed = "\n".join(f"• {c}" for c in changes[:10])
        if len(changes) > 10:
            listed += "\n" + self.tr("… and {0} more").format(len(changes) - 10)
        answer = self.interaction.choose(
            self.tr("Changes not saved"),
            self.tr(
                "{0}\n\nNot saved in {1}:\n{2}\n\nSave them with everything else to another file, discard them, or cancel and keep working."
            ).format(problem or "", session.path.name, listed),
            [("save_as", self.tr("Save As…")), ("discard", self.tr("Discard changes"))],
            destructive="discard",
        )
        if answer == "save_as":
            return "keep" if self.save_as() else None
        return answer  # "discard", or None: cancelled

    def _close_session(self, *, discard: bool = False) -> None:
        session, adapter, editor = self.session, self.adapter, self.editor
        assert session is not None and editor is not None
        self.walk.page.form.commit_pending()
        if self.export_dialog is not None:
            self.export_dialog.shutdown()
            self.export_dialog.close()
        evidence = self._built.get("evidence")
        if evidence is not None:
            evidence.shutdown()  # type: ignore[attr-defined]
        editor.flush()
        self.walk.attach(None, None)
        if self._profile is not None:
            self._profile.attach(None, None)
        for key, view in self._built.items():
            self._attach_view(key, view, detach=True)
        self.session = self.adapter = self.editor = None
        self.save_retry.stop()
        try:
            session.close(discard=discard)
        except SaveError as exc:  # a change made while closing (a finished attach) failed too
            session.close(discard=True)
            self.interaction.error(
                self.tr("Cannot close {0}").format(session.path.name),
                self.tr("{0}\n\nThe last changes were lost.").format(exc),
            )
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot close {0}").format(session.path.name), str(exc))
        editor.stack.clear()
        editor.deleteLater()
        if adapter is not None:
            adapter.deleteLater()
        self._show_session()
        self.sessionChanged.emit()

    def _show_session(self) -> None:
        s = self.session
        if s is not None:
            self.pages.setCurrentWidget(self.workspace)
        else:
            self.pages.setCurrentWidget(self._empty if self._opening else self.start)
        self.toolbar.setVisible(s is not None)  # the start page has its own buttons
        self._show_save_state()
        if s is None:
            self._refresh_recent()
            self.notice.hide()
        else:
            self.views.setCurrentWidget(self.walk)
            self._update_notice()
        self._update_title()
        self._update_actions()

    def _update_notice(self) -> None:
        s = self.session
        reason = s.read_only_reason if s is not None else None
        self.notice.setVisible(reason is not None)
        if s is None or reason is None:
            return
        if s.from_report:
            self.notice.setText(
                self.tr(
                    "This is the data of the verified PDF report {0} (revision {1}), shown read-only. File ▸ Save as .airmf… makes an editable copy."
                ).format(s.path.name, s.assessment.revision)
            )
        elif s.damage:
            self.notice.setText(
                self.tr(
                    "{0} is damaged and open read-only. Left out: {1}. What is shown passed its checks: export it to keep it, or restore the file from a backup."
                ).format(s.path.name, join_names(s.damage))
            )
        elif s.store.read_only_reason is None and s.assessment.is_final:
            self.notice.setText(
                self.tr(
                    "Revision {0} of {1} is final and read-only; its fingerprint is on the Review page. To change anything, start a new revision there."
                ).format(s.assessment.revision, s.path.name)
            )
        else:
            self.notice.setText(
                self.tr(
                    "{0} is open read-only: {1}. You can read everything; to make changes, close it where it is open (or copy it somewhere writable) and open it again."
                ).format(s.path.name, reason)
            )

    def _read_only_changed(self, _read_only: bool) -> None:
        """Finalized, or a new revision started: the notice, the title and the actions follow."""
        self._update_notice()
        self._update_title()
        self._update_actions()

    def _update_title(self) -> None:
        s = self.session
        if s is None:
            self.setWindowFilePath("")
            self.setWindowTitle(self.tr("rmf-app"))
            return
        self.setWindowFilePath(str(s.path))
        ro = self.tr(" (read-only)") if s.read_only else ""
        if s.assessment.overlays:
            ro += self.tr(" + GenAI profile")
        self.setWindowTitle(
            self.tr("{0}{1} — {2} — rmf-app").format(s.path.name, ro, s.assessment.profile.name)
        )

    def _update_actions(self) -> None:
        has = self.session is not None
        writable = has and not self.session.read_only  # type: ignore[union-attr]
        act.enable_for(self.qactions, has, writable)
        self.qactions["save_copy"].setEnabled(bool(has and self.session.from_report))  # type: ignore[union-attr]
        stack: QUndoStack | None = self.editor.stack if self.editor is not None else None
        undo, redo = self.qactions["undo"], self.qactions["redo"]
        undo.setEnabled(bool(writable and stack is not None and stack.canUndo()))
        redo.setEnabled(bool(writable and stack is not None and stack.canRedo()))
        # the Edit menu names the edit; the toolbar keeps a fixed label (so Previous / Next stay
        # put) and names it in the tooltip
        for action, short, text in (
            (
                undo,
                self.tr("Undo"),
                self.tr("&Undo {0}").format(stack.undoText())
                if stack is not None and stack.canUndo()
                else self.tr("&Undo"),
            ),
            (
                redo,
                self.tr("Redo"),
                self.tr("&Redo {0}").format(stack.redoText())
                if stack is not None and stack.canRedo()
                else self.tr("&Redo"),
            ),
        ):
            action.setText(text)
            action.setIconText(short)
            action.setToolTip(text.replace("&", ""))
        self._update_walk_actions()

    def _update_walk_actions(self) -> None:
        # only on the walk: elsewhere (a register, the review) they moved an unseen page
        has = self.session is not None and self.views.currentWidget() is self.walk
        self.qactions["previous"].setEnabled(has and self.walk.can_move(-1))
        self.qactions["next"].setEnabled(has and self.walk.can_move(1))

    # -- saving -------------------------------------------------------------------------------
    def _save_state_changed(self) -> None:
        was_unsaved = self._unsaved_shown
        shown = self.save_banner.headline.text() if was_unsaved else None
        self._show_save_state()
        s = self.session
        if s is None:
            return
        if s.has_unsaved and s.save_problem is not None:
            if s.save_problem.short != shown:  # said once per cause, not at every retry
                self.statusBar().showMessage(s.save_problem.short)
        elif was_unsaved:
            self.statusBar().showMessage(
                self.tr("Saved: every change is in {0} again.").format(s.path.name), 10000
            )

    def _show_save_state(self) -> None:
        """The banner, the status-bar mark and the retry timer follow the session's state."""
        s = self.session
        problem = s.save_problem if s is not None else None
        unsaved = s is not None and s.has_unsaved
        self._unsaved_shown = unsaved
        self.save_state.setVisible(unsaved)
        if unsaved and s is not None:
            short = problem.short if problem is not None else self.tr("Not saved")
            self.save_banner.show_problem(short, str(problem or ""), s.unsaved_changes())
            self.save_state.setToolTip(short)
            if not self.save_retry.isActive():
                self.save_retry.start()
        else:
            self.save_banner.hide()
            self.save_retry.stop()

    def retry_save(self) -> bool:
        """Try now to write the changes a failed save left unsaved; says how it went."""
        if self.session is None or self.editor is None:
            return False
        self.editor.flush()
        try:
            self.session.save_pending()
        except SaveError as exc:
            self.statusBar().showMessage(self.tr("Still not saved: {0}.").format(exc.reason))
            return False
        return True

    def _retry_save_quietly(self) -> None:
        if self.session is not None and self.session.has_unsaved:
            try:
                self.session.save_pending()
            except SaveError:
                pass  # the banner says it already

    def save_as(self) -> bool:
        """Save everything, unsaved changes included, to a new file and go on editing it."""
        s, editor = self.session, self.editor
        if s is None or editor is None:
            return False
        editor.flush()
        target = self.interaction.save_file_name(
            self.tr("Save the assessment as"),
            str(s.path.with_name(f"{s.path.stem} copy.airmf")),
            [itr(AIRMF_FILTER)],
            new_file=True,
        )
        if not target:
            return False
        out = Path(target)
        if out.suffix.lower() != ".airmf":
            out = out.with_name(out.name + ".airmf")
        try:
            s.save_as(out)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot save as {0}").format(out.name), str(exc))
            return False
        if self.demo_dir is None or not str(out).startswith(self.demo_dir.name):
            self._remember_recent(out)
        self._update_notice()
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(
            self.tr("Saved as {0}. Every change is saved there as you make it.").format(out), 10000
        )
        return True

    def _edit_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.interaction.warning(self.tr("The change was not made"), message)

    def _response_changed(self, sid: str) -> None:
        if self._undoing and sid != self.walk.current:
            self.walk.go_to(sid)  # show what undo or redo changed

    def _item_changed(self, kind: str, item_id: str) -> None:
        if self._undoing:  # show what undo or redo changed, once its table has the row
            register = self._built.get(register_key(kind))
            if register is not None:
                QTimer.singleShot(0, lambda: register.select(item_id))  # type: ignore[attr-defined]

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.editor is not None and old is not None and self.isAncestorOf(old):
            self.editor.flush()  # a typing burst ends when the field loses focus

    # -- file flows ---------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open an .airmf (or import a .json); tells the user why when it cannot."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            return self.import_from(p)
        if p.suffix.lower() == ".pdf":
            self.trust.verify(p, open_after=True)  # a report: verified, then opened read-only
            return True
        if self.session is not None and p.resolve() == self.session.path.resolve():
            return True  # already open here (opening it again would find it locked, read-only)
        user = self.user_name()
        try:
            session = AssessmentSession.open(p, user=user)
        except DamagedFileError as exc:
            damaged = self._open_damaged(p, user, exc)
            if damaged is None:
                return False
            session = damaged
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot open {0}").format(p.name), str(exc))
            return False
        except Exception as exc:  # an unexpected failure: a message, never a traceback
            self.interaction.error(
                self.tr("Cannot open {0}").format(p.name),
                self.tr(
                    "{0} could not be opened ({1}). It was left unchanged; check that it is an rmf-app assessment."
                ).format(p.name, exc),
            )
            return False
        if not self.set_session(session):
            return False
        if self.demo_dir is None or not str(p).startswith(self.demo_dir.name):
            self._remember_recent(p)
        store = session.store
        if store.migrated_from is not None and store.backup_path is not None:
            self.statusBar().showMessage(
                self.tr(
                    "{0} was upgraded from file format {1}; the original is kept as {2}."
                ).format(p.name, store.migrated_from, store.backup_path.name)
            )
        elif session.read_only:
            self.statusBar().showMessage(
                self.tr("Opened read-only: {0}.").format(session.read_only_reason)
            )
        else:
            self.statusBar().showMessage(
                self.tr("Opened {0}. Every change is saved as you make it.").format(p.name), 8000
            )
        return True

    def _open_damaged(
        self, p: Path, user: str, exc: DamagedFileError
    ) -> AssessmentSession | None:
        """Offer to open a damaged file read-only, without its damaged parts."""
        if not self.interaction.confirm(
            self.tr("{0} is damaged").format(p.name),
            self.tr(
                "{0}\n\nOpen it read-only? Everything that passes its checks is shown and can be exported; the damaged parts are left out."
            ).format(exc),
            self.tr("Open read-only"),
        ):
            return None
        try:
            return AssessmentSession.open(p, user=user, read_only=True, allow_damaged=True)
        except StorageError as again:
            self.interaction.error(self.tr("Cannot open {0}").format(p.name), str(again))
            return None

    def new_assessment(self) -> None:
        from .profile.wizard import NewAssessmentWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            return
        self.wizard = NewAssessmentWizard(
            bundled_playbook(), self.interaction, self._create, self.settings.last_folder(), self
        )
        self.wizard.setWindowModality(Qt.WindowModality.WindowModal)
        self.wizard.open()

    def _create(self, path: Path, assessment: Assessment) -> bool:
        user = self.user_name()
        try:
            session = AssessmentSession.create(path, assessment, user=user)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot create {0}").format(path.name), str(exc))
            return False
        if not self.set_session(session):
            return False
        self._remember_recent(path)
        self.statusBar().showMessage(
            self.tr("Created {0}. Every change is saved as you make it.").format(path), 8000
        )
        return True

    def open_file(self) -> None:
        path = self.interaction.open_file_name(
            self.tr("Open an assessment"),
            self.settings.last_folder(),
            [itr(OPENABLE_FILTER), itr(AIRMF_FILTER), itr(JSON_FILTER), itr(PDF_FILTER)],
        )
        if path:
            self.open_path(path)

    def open_portfolio(self) -> None:
        """File ▸ Open portfolio…: the remembered portfolio, or a folder (searched
        recursively), in a portfolio window."""
        from PySide6.QtWidgets import QFileDialog

        from .portfolio.window import PortfolioWindow, remembered_paths

        paths = [p for p in remembered_paths(self.settings) if Path(p).exists()]
        if not paths:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Open a portfolio"), self.settings.last_folder()
            )
            paths = [folder] if folder else []
        if paths:
            window = PortfolioWindow(
                self.settings,
                self.ctx.pool,
                self._open_in_new_window,
                interaction=self.ctx.interaction,
            )
            self._portfolios = [*getattr(self, "_portfolios", []), window]
            window.show()
            window.load(paths)

    def _open_in_new_window(self, path: str) -> None:
        from .app import open_windows

        self._opened = [*getattr(self, "_opened", []), *open_windows(self.ctx, [path])]

    # -- trust: verify, open, save a copy of and sign PDF reports -----------------------------
    @property
    def trust(self) -> TrustFlows:
        if self._trust is None:
            from .trust.flows import TrustFlows

            self._trust = TrustFlows(self)
        return self._trust

    def busy_opening(self) -> bool:
        """A PDF report is still being verified before it opens."""
        return self._trust is not None and self._trust.job is not None

    def verify_report(self) -> None:
        self.trust.choose_and_verify()

    def sign_report(self) -> None:
        s = self.session
        report = None
        if s is not None and not s.from_report and s.assessment.is_final:
            guess = s.path.with_suffix(".pdf")
            report = str(guess) if guess.exists() else None
        self.trust.choose_and_sign(report)

    def save_report_copy(self) -> None:
        self.trust.save_copy()

    def import_json(self) -> None:
        source = self.interaction.open_file_name(
            self.tr("Import a JSON export"), self.settings.last_folder(), [itr(JSON_FILTER)]
        )
        if source:
            self.import_from(Path(source))

    def import_from(self, source: Path) -> bool:
        """Ask where the new .airmf goes, then import on a worker thread."""
        if self.import_job is not None:
            self.interaction.information(
                self.tr("Import"), self.tr("An import is already running.")
            )
            return False
        from ..services.interchange import check_before_import

        try:  # a file that is not an export is refused before asking where the import goes
            check_before_import(source)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot import {0}").format(source.name), str(exc))
            return False
        target = self.interaction.save_file_name(
            self.tr("Save the imported assessment as"),
            str(source.with_suffix(".airmf")),
            [itr(AIRMF_FILTER)],
            new_file=True,
        )
        if not target:
            return False
        from .common.workers import ImportJob

        out = Path(target)
        if out.suffix.lower() != ".airmf":
            out = out.with_name(out.name + ".airmf")
        job = ImportJob(source, out, self.user_name())
        self.import_job = job
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog(
            self.tr("Importing {0}…").format(source.name), self.tr("Cancel"), 0, 0, self
        )
        progress.setWindowTitle(self.tr("Import JSON"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoReset(False)
        progress.setAccessibleName(self.tr("Import progress"))
        progress.canceled.connect(self.cancel_import)
        self.import_progress = progress
        job.signals.succeeded.connect(self._import_succeeded)
        job.signals.failed.connect(self._import_failed)
        job.signals.cancelled.connect(self._import_cancelled)
        self.statusBar().showMessage(self.tr("Importing {0}…").format(source.name))
        self.ctx.pool.start(job)
        return True

    def cancel_import(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel()
            self.statusBar().showMessage(self.tr("Cancelling the import…"))

    def _import_done(self) -> None:
        if self.import_progress is not None:
            self.import_progress.canceled.disconnect(self.cancel_import)
            self.import_progress.close()
            self.import_progress.deleteLater()
            self.import_progress = None
        self.import_job = None

    def _import_succeeded(self, path: str) -> None:
        job = self.import_job
        if job is not None and job.is_cancelled:  # cancelled after the worker had finished
            Path(path).unlink(missing_ok=True)
            self._import_cancelled()
            return
        self._import_done()
        self.open_path(path)

    def _import_failed(self, message: str) -> None:
        self._import_done()
        self.statusBar().clearMessage()
        self.interaction.error(self.tr("Cannot import"), message)

    def _import_cancelled(self) -> None:
        self._import_done()
        self.statusBar().showMessage(self.tr("Import cancelled; nothing was written."), 8000)

    def import_playbook(self) -> None:
        """Import NIST's Playbook JSON (on the thread pool) and show it beside the guidance."""
        from ..services import content
        from .common.workers import CallJob

        source = self.interaction.open_file_name(
            self.tr("Import the NIST AI RMF Playbook (JSON)"),
            self.settings.last_folder(),
            [itr(PLAYBOOK_FILTER), itr(ANY_FILTER)],
        )
        if not source or self.playbook_job is not None:
            return
        job = CallJob(lambda: content.import_official_playbook(source), self.tr("The import"))
        self.playbook_job = job
        job.signals.succeeded.connect(self._playbook_imported)
        job.signals.failed.connect(self._playbook_failed)
        self.statusBar().showMessage(self.tr("Importing the NIST Playbook…"))
        self.ctx.pool.start(job)

    def _playbook_imported(self, result: object) -> None:
        self.playbook_job = None
        pack, new = result  # type: ignore[misc]
        self.walk.set_official(pack)
        self.statusBar().showMessage(
            (
                self.tr("Imported the NIST Playbook {0}; its text is shown under the guidance.")
                if new
                else self.tr(
                    "The NIST Playbook {0} was already imported; its text is shown under the guidance."
                )
            ).format(pack.version),
            10000,
        )

    def _playbook_failed(self, message: str) -> None:
        self.playbook_job = None
        self.statusBar().clearMessage()
        self.interaction.error(self.tr("Cannot import the Playbook"), message)

    def _load_official(self) -> None:
        """Show an earlier imported official pack, once per window (after the first frame)."""
        if self._official_loaded:
            return
        self._official_loaded = True
        from ..services import content

        try:
            pack = content.official_pack()
        except Exception:  # a damaged pack must never keep the assessment from opening
            pack = None
        if pack is not None:
            self.walk.set_official(pack)

    def open_demo(self) -> None:
        """Write a fresh copy of the demo into a temporary folder and open it."""
        from ..services.demo import write_demo

        if self.demo_dir is None:
            self.demo_dir = tempfile.TemporaryDirectory(prefix="rmf-app-demo-")
        folder = Path(self.demo_dir.name)
        n = 1
        path = folder / "LoanLens demo.airmf"
        while path.exists():
            n += 1
            path = folder / f"LoanLens demo {n}.airmf"
        try:
            write_demo(path)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot open the demo"), str(exc))
            return
        if self.open_path(path):
            self.statusBar().showMessage(
                self.tr(
                    "This is a copy of the demo in a temporary folder; it is removed when rmf-app closes."
                ),
                10000,
            )

    def _remember_recent(self, path: str | Path) -> None:
        """Put a file first in the recent files, and in File ▸ Open recent at once."""
        self.settings.add_recent_file(path)
        self._refresh_recent()

    def opened(self) -> None:
        """The file given when the window was made has been opened, or could not be: without
        an assessment, the start page shows."""
        if self._opening:
            self._opening = False
            if self.session is None:
                self._show_session()

    @property
    def start(self) -> StartPage:
        """The start page (new, open, import, demo, recent files), built the first time there
        is no assessment to show: ``rmf-app FILE`` goes straight to the workspace."""
        if self._start is None:
            from .start_page import StartPage

            page = StartPage()
            page.newRequested.connect(self.new_assessment)
            page.openRequested.connect(self.open_file)
            page.importRequested.connect(self.import_json)
            page.demoRequested.connect(self.open_demo)
            page.recentRequested.connect(self.open_path)
            page.forgetRequested.connect(self._forget_recent)
            page.set_recent(self.settings.recent_files())
            self.pages.insertWidget(0, page)
            self._start = page
        return self._start

    def _refresh_recent(self) -> None:
        files = self.settings.recent_files()
        if self._start is not None:
            self._start.set_recent(files)
        self.recent_menu.clear()
        for f in files:
            action = self.recent_menu.addAction(Path(f).name)
            action.setToolTip(f)
            action.setStatusTip(f)
            action.triggered.connect(lambda _c=False, f=f: self.open_path(f))
        self.recent_menu.setEnabled(bool(files))

    def _forget_recent(self, path: str) -> None:
        self.settings.remove_recent_file(path)
        self._refresh_recent()

    # -- drag and drop -------------------------------------------------------------------------
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        data = event.mimeData()
        if not data.hasUrls():
            return None
        for url in data.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(OPENABLE_SUFFIXES):
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.open_path(path))  # let the drag finish first

    # -- action handlers -------------------------------------------------------------------------
    def undo(self) -> None:
        if self.editor is not None:
            self.editor.flush()
            self._undoing = True
            try:
                self.editor.stack.undo()
            finally:
                self._undoing = False

    def redo(self) -> None:
        if self.editor is not None:
            self.editor.flush()
            self._undoing = True
            try:
                self.editor.stack.redo()
            finally:
                self._undoing = False

    def go_next(self) -> None:
        self.views.setCurrentWidget(self.walk)
        self.walk.next()

    def go_previous(self) -> None:
        self.views.setCurrentWidget(self.walk)
        self.walk.previous()

    def focus_filter(self) -> None:
        self.views.setCurrentWidget(self.walk)
        self.walk.filter_bar.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.walk.filter_bar.text.selectAll()

    def clear_filter(self) -> None:
        self.walk.filter_bar.clear()

    def focus_navigator(self) -> None:
        self.views.setCurrentWidget(self.walk)
        self.walk.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_answer(self) -> None:
        self.views.setCurrentWidget(self.walk)
        form = self.walk.page.form
        button = form.applicability.checkedButton() or form.applicability.buttons()[0]
        target: QWidget = button if button.isEnabled() else form.notes
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_walk(self) -> None:
        self.views.setCurrentWidget(self.walk)

    def show_profile(self) -> None:
        self.views.setCurrentWidget(self.profile_tab)

    def show_dashboard(self) -> None:
        self.show_view("dashboard")

    def show_risks(self) -> None:
        self.show_view("risks").table.setFocus()  # type: ignore[attr-defined]

    def add_genai_risks(self) -> None:
        view = self.show_view("risks")
        view.add_from_genai()  # type: ignore[attr-defined]

    def show_actions(self) -> None:
        self.show_view("actions").table.setFocus()  # type: ignore[attr-defined]

    def show_evidence(self) -> None:
        self.show_view("evidence").table.setFocus()  # type: ignore[attr-defined]

    def show_review(self) -> None:
        self.show_view("review")

    def show_history(self) -> None:
        self.show_view("history")

    def show_readiness(self) -> None:
        self.show_view("readiness")

    def edit_scope(self) -> None:
        from .profile.scope_editor import ScopeDialog

        if self.session is None or self.editor is None:
            return
        dialog = ScopeDialog(self.session.playbook, self.session.assessment.scope, self)
        dialog.setObjectName("scope_dialog")
        dialog.accepted.connect(lambda: self._apply_scope(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _apply_scope(self, dialog: QDialog) -> None:
        if self.editor is not None and self.session is not None:
            scope = dialog.scope()  # type: ignore[attr-defined]
            if scope != self.session.assessment.scope:
                self.editor.set_scope(scope)
                self.walk.apply_filter()

    def change_user_name(self) -> None:
        answer = self.interaction.ask_text(
            self.tr("Your name"),
            self.tr("The name recorded in the change history of the assessments you edit:"),
            self.settings.user_name or default_user(),
        )
        if answer and answer.strip():
            self.settings.user_name = answer
            if self.session is not None:
                self.session.user = answer.strip()
            review = self._built.get("review")
            if review is not None:
                review.user_name = self.settings.user_name  # type: ignore[attr-defined]

    def show_shortcuts(self) -> None:
        # types first used here: setting them up at start would cost ~5 M instructions
        from PySide6.QtWidgets import QDialogButtonBox, QTableWidget, QTableWidgetItem

        dialog = QDialog(self)
        dialog.setObjectName("shortcuts_dialog")
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [
            *act.shortcut_rows(),
            (self.tr("Everywhere"), self.tr("Move between controls"), self.tr("Tab, Shift+Tab")),
            (
                self.tr("Everywhere"),
                self.tr("Choose within a group of options"),
                self.tr("Arrow keys"),
            ),
            (
                self.tr("Everywhere"),
                self.tr("Jump to a labeled field"),
                self.tr("Alt + the underlined letter"),
            ),
            (self.tr("Filter"), self.tr("Clear the filter"), self.tr("Escape")),
            (self.tr("Tables"), self.tr("Edit the selected row"), self.tr("Enter")),
            (self.tr("Tables"), self.tr("Add a row"), self.tr("Insert")),
            (self.tr("Tables"), self.tr("Remove the selected row (Undo brings it back)"), self.tr("Delete")),
            (self.tr("Tables"), self.tr("Sort by a column"), self.tr("Click its header")),
        ]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Action"), self.tr("Keys")])
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(640, 560)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_about(self) -> None:
        from .about import AboutDialog

        dialog = AboutDialog(self.settings.q.fileName(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()

    def quit_app(self) -> None:
        QApplication.closeAllWindows()

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        verdict = self._settle_unsaved()
        if verdict is None:  # unsaved changes, and the user chose to keep working
            event.ignore()
            return
        if self.import_job is not None:
            self.import_job.cancel()
        self.settings.set(opt.GEOMETRY, self.saveGeometry())
        self.settings.set(opt.WINDOW_STATE, self.saveState())
        self.settings.set(opt.NAV_SPLITTER, self.walk.splitter.saveState())
        self.settings.set(opt.PAGE_SPLITTER, self.walk.page.splitter.saveState())
        if self.session is not None:
            self._close_session(discard=verdict == "discard")
        self.settings.sync()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.walk.tree.viewport().update()  # progress icons follow the palette
        super().changeEvent(event)


def register_key(kind: str) -> str:
    """The tab of an item kind's register."""
    return {"risk": "risks", "action": "actions", "evidence": "evidence"}.get(kind, kind)
