"""The review page: what a reviewer must look at (each line jumps to its place), the people,
the deployment decision, sign-off, finalizing with the fingerprint, and new revisions.

What counts as an open point is ``services.review.review_points`` (shared with the CLI and the
report); finalizing and starting a revision are the session's. This view shows them and turns
the user's choices into edits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...domain.assessment import LONG_TEXT, SHORT_TEXT, Action, DeploymentDecision
from ...domain.decision import OPINION_NOT_NIST, OPINION_RATINGS
from ...domain.labels import DEPLOYMENT_OUTCOMES, REVIEW_STATES, SignatureRole
from ...domain.opinion_override import OpinionOverride
from ...services.errors import StorageError
from ...services.files import save_bytes
from ...services.review import ReviewPoint, review_points
from ...services.revisions import final_revision_canonical
from ..common import colours
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.fields import LimitedLineEdit, OptionalDate, guard_text, local_time, text_box
from ..common.interaction import CANONICAL_FILTER, Interaction
from ..common.interaction import tr as itr
from ..common.listmodel import ReadOnlyRowsModel
from ..common.widgets import (
    banner,
    heading,
    muted,
    name_buttons,
    plain_label,
    plain_tooltip,
    row_table,
)

Index = QModelIndex | QPersistentModelIndex
WHERE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
ROLES: tuple[SignatureRole, ...] = ("assessor", "reviewer", "approver")


class ReviewPointsModel(ReadOnlyRowsModel):
    """The open review points: where (a subcategory, risk, action, evidence item or the
    review) and what is open, in the service's fixed order."""

    def __init__(self, adapter: SessionAdapter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.columns = [self.tr("What is open"), self.tr("Where")]
        self._rows = self._compute()

    def _compute(self) -> list[ReviewPoint]:
        return review_points(self.adapter.session.assessment, self.adapter.scores())

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = self._compute()
        self.endResetModel()

    def point(self, row: int) -> ReviewPoint:
        return self._rows[row]

    def points(self) -> list[ReviewPoint]:
        return list(self._rows)

    def text(self, p: ReviewPoint) -> str:
        """What is open, in the user's language (the service's text for unknown kinds)."""
        templates = {
            "unanswered": self.tr("Not assessed yet"),
            "inherited_without_level": self.tr("Inherited, but no current level"),
            "risk_untreated": self.tr("No treatment decided"),
            "risk_no_owner": self.tr("No owner"),
            "risk_unaccepted": self.tr("At or above the risk tolerance, without an acceptance"),
            "action_no_owner": self.tr("No owner"),
            "action_no_date": self.tr("No due date"),
            "action_overdue": self.tr("Overdue"),
            "evidence_unlinked": self.tr("Not linked to any subcategory"),
            "no_decision": self.tr("No deployment decision recorded (MANAGE 1.1)"),
            "acceptance_missing": self.tr("Treated by acceptance, but no acceptance recorded"),
            "acceptance_incomplete": self.tr("Acceptance does not say when it was accepted"),
            "acceptance_role": self.tr("Accepted by someone without the acceptance role"),
            "condition_overdue": self.tr("Deployment condition overdue"),
            "condition_missing": self.tr("A deployment condition is no longer in the plan"),
        }
        return templates.get(p.kind, p.text)

    def where_text(self, p: ReviewPoint) -> str:
        """The place: the subcategory or item with its title, or the review."""
        a = self.adapter.session.assessment
        if p.where == "subcategory":
            return f"{p.key}  {self.adapter.session.playbook.subcategory(p.key).title}"
        items = {"risk": a.risks, "action": a.actions, "evidence": a.evidence}.get(p.where)
        if items is not None:
            title = next((i.title for i in items if i.id == p.key), "")
            return f"{p.key}  {title}".rstrip()
        return self.tr("Review")

    def _icon(self, where: str) -> QIcon:
        """A mark in the attention color; the decision gets the question mark."""
        if where == "review":
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return colours.dot(colours.warning_colour().name())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(p) if index.column() == 0 else self.where_text(p)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icon(p.where)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                self.tr("{0}: {1}. Choose it to go there.").format(self.where_text(p), self.text(p))
            )
        if role == WHERE_ROLE:
            return p.where
        if role == KEY_ROLE:
            return p.key
        return None


class DecisionDialog(QDialog):
    """The deployment decision (MANAGE 1.1): outcome, rationale, who decided and when."""

    def __init__(
        self,
        decision: DeploymentDecision | None,
        parent: QWidget | None = None,
        actions: list[Action] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decision_dialog")
        self.setWindowTitle(self.tr("Deployment decision"))
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("Should the system proceed?"))
        row = QVBoxLayout(box)
        self.outcome = QButtonGroup(self)
        for i, (key, text) in enumerate(DEPLOYMENT_OUTCOMES.items()):
            button = QRadioButton(self.tr(text))
            button.setAccessibleName(self.tr(text))
            button.setProperty("outcome", key)
            self.outcome.addButton(button, i)
            row.addWidget(button)
        layout.addWidget(box)
        form = QFormLayout()
        self.rationale = text_box(5, self.tr("Rationale"), LONG_TEXT)
        self.rationale.setPlaceholderText(self.tr("Why, and on which conditions"))
        label = QLabel(self.tr("&Rationale:"))
        label.setBuddy(self.rationale)
        form.addRow(label, self.rationale)
        self.decided_by = LimitedLineEdit()
        self.decided_by.setAccessibleName(self.tr("Decided by"))
        guard_text(self.decided_by, SHORT_TEXT)
        label2 = QLabel(self.tr("Decided &by:"))
        label2.setBuddy(self.decided_by)
        form.addRow(label2, self.decided_by)
        self.decided_on = OptionalDate(self.tr("Set the &date"), self.tr("Decided on"))
        form.addRow(self.tr("Decided on:"), self.decided_on)
        layout.addLayout(form)
        # the conditions: actions of the plan the decision depends on
        self.conditions = QListWidget()
        self.conditions.setObjectName("decision_conditions")
        self.conditions.setAccessibleName(self.tr("Conditions: actions the decision depends on"))
        chosen = set(decision.condition_actions) if decision is not None else set()
        known = set()
        for act in actions or []:
            known.add(act.id)
            due = act.due_date.isoformat() if act.due_date else self.tr("no due date")
            item = QListWidgetItem(f"{act.id}  {act.title} ({due})")
            item.setData(Qt.ItemDataRole.UserRole, act.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if act.id in chosen else Qt.CheckState.Unchecked
            )
            self.conditions.addItem(item)
        # a condition whose action left the plan stays listed, so saving never drops it silently
        for aid in sorted(chosen - known):
            item = QListWidgetItem(self.tr("{0}  (no longer in the action plan)").format(aid))
            item.setData(Qt.ItemDataRole.UserRole, aid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.conditions.addItem(item)
        self.conditions.setMaximumHeight(self.fontMetrics().height() * 8)
        cond_label = QLabel(self.tr("C&onditions (actions that must be done):"))
        cond_label.setBuddy(self.conditions)
        layout.addWidget(cond_label)
        layout.addWidget(self.conditions)
        self.error = plain_label("")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        name_buttons(buttons)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        keys = list(DEPLOYMENT_OUTCOMES)
        if decision is not None:
            self.outcome.button(keys.index(decision.outcome)).setChecked(True)
            self.rationale.setPlainText(decision.rationale)
            self.decided_by.setText(decision.decided_by)
        self.decided_on.set_value(
            decision.decided_on if decision is not None else dt.date.today(), 0
        )
        self.resize(560, 600)

    def decision(self) -> DeploymentDecision:
        button = self.outcome.checkedButton()
        return DeploymentDecision.model_validate(
            {
                "outcome": button.property("outcome") if button is not None else None,
                "rationale": self.rationale.toPlainText(),
                "decided_by": self.decided_by.text(),
                "decided_on": self.decided_on.value(),
                "condition_actions": self.condition_ids(),
            }
        )

    def condition_ids(self) -> list[str]:
        """The actions ticked as conditions, in the plan's order."""
        out = []
        for i in range(self.conditions.count()):
            item = self.conditions.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _save(self) -> None:
        try:
            self.decision()
        except ValidationError as exc:
            missing = {str(e.get("loc", ("",))[0]) for e in exc.errors()}
            lines = []
            if "outcome" in missing:
                lines.append(self.tr("Choose whether the system should proceed."))
            if "rationale" in missing:
                lines.append(self.tr("Give the rationale for the decision."))
            self.error.setText("\n".join(lines) or str(exc))
            self.error.show()
            return
        self.accept()


class OpinionDialog(QDialog):
    """The reviewer's override of the overall opinion: which opinion and why (or back to the
    rule's result)."""

    def __init__(
        self,
        current: OpinionOverride | None,
        computed: str,
        user_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("opinion_dialog")
        self.setWindowTitle(self.tr("Override the overall opinion"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "rmf-app's rule gives: {0}. An override replaces it in the report, which "
                    "also prints your rationale and the rule's result."
                ).format(self.tr(OPINION_RATINGS[computed]))
            )
        )
        form = QFormLayout()
        self.rating = QComboBox()
        self.rating.setAccessibleName(self.tr("Opinion"))
        self.rating.addItem(self.tr("Use the rule's result (no override)"), None)
        for key, text in OPINION_RATINGS.items():
            if key != "not_formed":  # a reviewer overrides with a rating
                self.rating.addItem(self.tr(text), key)
        label = QLabel(self.tr("&Opinion:"))
        label.setBuddy(self.rating)
        form.addRow(label, self.rating)
        self.rationale = text_box(4, self.tr("Rationale for the override"))
        label2 = QLabel(self.tr("&Rationale:"))
        label2.setBuddy(self.rationale)
        form.addRow(label2, self.rationale)
        self.by = QLineEdit()
        self.by.setAccessibleName(self.tr("Overridden by"))
        label3 = QLabel(self.tr("&By:"))
        label3.setBuddy(self.by)
        form.addRow(label3, self.by)
        layout.addLayout(form)
        self.error = plain_label("")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        name_buttons(buttons)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if current is not None:
            self.rating.setCurrentIndex(max(0, self.rating.findData(current.rating)))
            self.rationale.setPlainText(current.rationale)
            self.by.setText(current.by)
        else:
            self.by.setText(user_name)
        self.resize(520, 360)

    def override(self) -> OpinionOverride | None:
        rating = self.rating.currentData()
        if rating is None:
            return None
        return OpinionOverride(
            rating=rating,
            rationale=self.rationale.toPlainText(),
            by=self.by.text(),
            on=dt.date.today(),
        )

    def _save(self) -> None:
        try:
            self.override()
        except ValidationError:
            self.error.setText(self.tr("Give the rationale for overriding the opinion."))
            self.error.show()
            return
        self.accept()


class SignDialog(QDialog):
    """Sign off: the role, the name and the statement (the time is recorded on signing)."""

    def __init__(
        self,
        names: dict[str, str],
        statements: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_dialog")
        self.setWindowTitle(self.tr("Sign off"))
        self.names = names
        self.statements = statements
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Signing as"))
        for role, text in zip(
            ROLES, (self.tr("Assessor"), self.tr("Reviewer"), self.tr("Approver")), strict=True
        ):
            self.role.addItem(text, role)
        label = QLabel(self.tr("Signing &as:"))
        label.setBuddy(self.role)
        form.addRow(label, self.role)
        self.name = LimitedLineEdit()
        self.name.setAccessibleName(self.tr("Name"))
        guard_text(self.name, SHORT_TEXT)
        label2 = QLabel(self.tr("&Name:"))
        label2.setBuddy(self.name)
        form.addRow(label2, self.name)
        self.statement = text_box(5, self.tr("Statement"), LONG_TEXT)
        label3 = QLabel(self.tr("&Statement:"))
        label3.setBuddy(self.statement)
        form.addRow(label3, self.statement)
        layout.addLayout(form)
        layout.addWidget(
            muted(plain_label(self.tr("The date and time are recorded when you sign.")))
        )
        buttons = QDialogButtonBox()
        self.sign_button = buttons.addButton(
            self.tr("Sign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        name_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.name.textChanged.connect(self._check)
        self._role_changed()
        self.resize(520, 360)

    def _role_changed(self) -> None:
        role = self.role.currentData()
        self.name.setText(self.names.get(role, ""))
        self.statement.setPlainText(self.statements.get(role, ""))

    def _check(self) -> None:
        self.sign_button.setEnabled(bool(self.name.text().strip()))

    def values(self) -> tuple[SignatureRole, str, str]:
        return self.role.currentData(), self.name.text().strip(), self.statement.toPlainText()


class ReviewView(QScrollArea):
    """Review and sign-off of the open assessment.

    Args:
        interaction: message boxes and file pickers.
        pool: the thread pool (kept for symmetry with the other views).

    Signals:
        navigate(str, str): show the place a review point names (where, key).
        finalized(str): the assessment was finalized; its fingerprint.
        exportRevision(int): export the PDF report of an earlier final revision.
        signPdf(): sign the PDF report of this final revision.
    """

    navigate = Signal(str, str)
    finalised = Signal(str)
    exportRevision = Signal(int)
    signPdf = Signal()

    def __init__(
        self, interaction: Interaction, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.pool = pool
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.points_model: ReviewPointsModel | None = None
        self.user_name = ""
        self._dirty = True
        self._updating = False
        self.changes_dialog: QDialog | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Review and sign-off"))
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Review and sign-off"), scale=1.3))
        top.addSpacing(12)
        self.state_label = muted(plain_label("", wrap=False))
        self.state_label.setAccessibleName(self.tr("Revision and state"))
        top.addWidget(self.state_label, 1)
        self.state = QComboBox()
        self.state.setAccessibleName(self.tr("Review state"))
        self.state.addItem(self.tr(REVIEW_STATES["draft"]), "draft")
        self.state.addItem(self.tr(REVIEW_STATES["in_review"]), "in_review")
        # a final assessment has no state to choose: the caption goes with its combo box
        self.state_caption = QLabel(self.tr("S&tate:"))
        self.state_caption.setBuddy(self.state)
        top.addWidget(self.state_caption)
        top.addWidget(self.state)
        outer.addLayout(top)
        self.final_banner = banner()
        self.final_banner.setAccessibleName(self.tr("Final"))
        outer.addWidget(self.final_banner)

        grid = QGridLayout()
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        grid.setHorizontalSpacing(12)
        # -- open points --------------------------------------------------------------------
        points_box = QGroupBox(self.tr("Open points"))
        pl = QVBoxLayout(points_box)
        self.points_summary = plain_label("")
        self.points_summary.setAccessibleName(self.tr("Open points: summary"))
        pl.addWidget(self.points_summary)
        self.points = row_table(
            "review_points",
            self.tr("Open points: choose one to go there"),
            self.fontMetrics().height() + 10,
        )
        self.points.setShowGrid(False)
        self.points.setAlternatingRowColors(True)
        self.points.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.points.setMinimumHeight(self.fontMetrics().height() * 22)
        pl.addWidget(self.points, 1)
        pl.addWidget(
            muted(
                plain_label(
                    self.tr(
                        "Each line names a place: choose it (click or Enter) to go there. Open points do not block finalizing; they are listed in the report."
                    )
                )
            )
        )
        grid.addWidget(points_box, 0, 0, 4, 1)

        # -- people ---------------------------------------------------------------------------
        people = QGroupBox(self.tr("People"))
        pf = QFormLayout(people)
        self.assessors = QLineEdit()
        self.assessors.setAccessibleName(self.tr("Assessors, separated by commas"))
        self.assessors.setPlaceholderText(self.tr("Names, separated by commas"))
        self.reviewer = LimitedLineEdit()
        self.reviewer.setAccessibleName(self.tr("Reviewer"))
        guard_text(self.reviewer, SHORT_TEXT)
        self.approver = LimitedLineEdit()
        self.approver.setAccessibleName(self.tr("Approver"))
        guard_text(self.approver, SHORT_TEXT)
        for text, w in (
            (self.tr("Assess&ors:"), self.assessors),
            (self.tr("Revie&wer:"), self.reviewer),
            (self.tr("A&pprover:"), self.approver),
        ):
            label = QLabel(text)
            label.setBuddy(w)
            pf.addRow(label, w)
        grid.addWidget(people, 0, 1)

        # -- decision -----------------------------------------------------------------------------
        decision = QGroupBox(self.tr("Deployment decision (MANAGE 1.1)"))
        dl = QVBoxLayout(decision)
        self.decision_outcome = heading("", scale=1.05)
        self.decision_outcome.setAccessibleName(self.tr("Deployment decision"))
        self.decision_text = plain_label("", selectable=True)
        self.decision_text.setAccessibleName(self.tr("Rationale of the decision"))
        self.decision_by = muted(plain_label(""))
        self.decision_button = QPushButton(self.tr("Record the &decision…"))
        self.decision_button.setAccessibleName(self.tr("Record the deployment decision"))
        dl.addWidget(self.decision_outcome)
        dl.addWidget(self.decision_text)
        dl.addWidget(self.decision_by)
        row = QHBoxLayout()
        row.addWidget(self.decision_button)
        row.addStretch(1)
        dl.addLayout(row)
        grid.addWidget(decision, 1, 1)
        self.conditions_text = plain_label("", selectable=True)
        self.conditions_text.setAccessibleName(self.tr("Conditions of the decision"))
        dl.insertWidget(3, self.conditions_text)

        # -- the overall opinion ------------------------------------------------------------------
        opinion = QGroupBox(self.tr("Overall opinion"))
        ol = QVBoxLayout(opinion)
        self.opinion_value = heading("", scale=1.05)
        self.opinion_value.setAccessibleName(self.tr("Overall opinion"))
        self.opinion_reasons = plain_label("", selectable=True)
        self.opinion_reasons.setAccessibleName(self.tr("Reasons for the opinion"))
        self.opinion_note = muted(plain_label(OPINION_NOT_NIST))
        self.opinion_button = QPushButton(self.tr("Overr&ide the opinion…"))
        self.opinion_button.setAccessibleName(self.tr("Override the overall opinion"))
        ol.addWidget(self.opinion_value)
        ol.addWidget(self.opinion_reasons)
        ol.addWidget(self.opinion_note)
        orow = QHBoxLayout()
        orow.addWidget(self.opinion_button)
        orow.addStretch(1)
        ol.addLayout(orow)
        grid.addWidget(opinion, 4, 0, 1, 2)

        # -- sign-off ---------------------------------------------------------------------------
        sign = QGroupBox(self.tr("Sign-off"))
        sl = QVBoxLayout(sign)
        self.signatures = QVBoxLayout()
        sl.addLayout(self.signatures)
        self.sign_button = QPushButton(self.tr("&Sign…"))
        self.sign_button.setAccessibleName(self.tr("Sign off"))
        row2 = QHBoxLayout()
        row2.addWidget(self.sign_button)
        row2.addStretch(1)
        sl.addLayout(row2)
        grid.addWidget(sign, 2, 1)

        # -- finalise, fingerprint, revisions --------------------------------------------------
        final = QGroupBox(self.tr("Finalize"))
        fl = QVBoxLayout(final)
        self.final_text = plain_label("")
        self.final_text.setAccessibleName(self.tr("About finalizing"))
        fl.addWidget(self.final_text)
        self.fingerprint = QLineEdit()
        self.fingerprint.setReadOnly(True)
        self.fingerprint.setAccessibleName(self.tr("Fingerprint (SHA-256 of the canonical JSON)"))
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint_label = QLabel(self.tr("Fingerprint:"))
        self.fingerprint_label.setBuddy(self.fingerprint)
        frow = QHBoxLayout()
        frow.addWidget(self.fingerprint_label)
        frow.addWidget(self.fingerprint, 1)
        fl.addLayout(frow)
        self.verify_text = muted(plain_label("", selectable=True))
        self.verify_text.setAccessibleName(self.tr("How to check the fingerprint"))
        fl.addWidget(self.verify_text)
        buttons = QHBoxLayout()
        self.finalise_button = QPushButton(self.tr("Fi&nalize…"))
        self.finalise_button.setAccessibleName(self.tr("Finalize the assessment"))
        self.canonical_button = QPushButton(self.tr("Save the &canonical JSON…"))
        self.canonical_button.setAccessibleName(self.tr("Save the canonical JSON"))
        self.revision_button = QPushButton(self.tr("Start a new &revision…"))
        self.revision_button.setAccessibleName(self.tr("Start a new revision"))
        self.sign_pdf_button = QPushButton(self.tr("Sign the &PDF…"))
        self.sign_pdf_button.setAccessibleName(
            self.tr("Sign the PDF report of this final revision with your certificate")
        )
        self.sign_pdf_button.clicked.connect(self.signPdf)
        for b in (
            self.finalise_button,
            self.canonical_button,
            self.revision_button,
            self.sign_pdf_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        fl.addLayout(buttons)
        self.revisions_label = muted(plain_label(""))
        self.revisions_label.setAccessibleName(self.tr("Earlier final revisions"))
        fl.addWidget(self.revisions_label)
        self.revisions = QVBoxLayout()
        fl.addLayout(self.revisions)
        grid.addWidget(final, 3, 1)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)

        self.points.clicked.connect(self._point_chosen)
        self.points.activated.connect(self._point_chosen)
        self.state.activated.connect(self._state_chosen)
        self.assessors.editingFinished.connect(self._assessors_edited)
        self.reviewer.textEdited.connect(lambda t: self._typed("reviewer", t))
        self.approver.textEdited.connect(lambda t: self._typed("approver", t))
        self.decision_button.clicked.connect(self.edit_decision)
        self.opinion_button.clicked.connect(self.edit_opinion)
        self.sign_button.clicked.connect(self.sign)
        self.finalise_button.clicked.connect(self.finalise)
        self.canonical_button.clicked.connect(self.save_canonical)
        self.revision_button.clicked.connect(self.new_revision)
        self.setEnabled(False)

    # -- context ---------------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None, editor: EditController | None) -> None:
        if self.adapter is not None:
            self.adapter.changed.disconnect(self._changed)
        self.adapter, self.editor = adapter, editor
        old = self.points_model
        self.points_model = ReviewPointsModel(adapter, self) if adapter is not None else None
        self.points.setModel(self.points_model)
        if old is not None:
            old.deleteLater()
        self.setEnabled(adapter is not None)
        if adapter is None:
            return
        adapter.changed.connect(self._changed)
        header = self.points.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._dirty = True
        self.refresh()

    def _changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.adapter is None or self.editor is None:
            return
        self._dirty = False
        session = self.adapter.session
        a = session.assessment
        r = a.review
        read_only = session.read_only
        final = a.is_final
        self._updating = True
        try:
            self.state_label.setText(
                self.tr("Revision {0} · {1}").format(a.revision, self.tr(REVIEW_STATES[r.state]))
            )
            self.state.setVisible(not final)
            self.state_caption.setVisible(not final)
            self.state.setCurrentIndex(max(0, self.state.findData(r.state)))
            self.state.setEnabled(not read_only)
            if self.points_model is not None:
                self.points_model.refresh()
                n = self.points_model.rowCount()
                self.points_summary.setText(
                    self.tr("{0} open points.").format(n) if n else self.tr("No open points.")
                )
            if not self.assessors.hasFocus():
                self.assessors.setText(", ".join(r.assessors))
            for field, line in (("reviewer", self.reviewer), ("approver", self.approver)):
                pending = self.editor.pending_text("review", "", field)
                value = getattr(r, field) if pending is None else pending
                if line.text() != value:
                    line.setText(value)
                    line.setCursorPosition(0)
                line.setReadOnly(read_only)
            self.assessors.setReadOnly(read_only)
            d = r.decision
            if d is None:
                self.decision_outcome.setText(self.tr("Not recorded yet"))
                self.decision_text.setText(
                    self.tr("Record whether the system should proceed, and why.")
                )
                self.decision_by.setText("")
            else:
                self.decision_outcome.setText(self.tr(DEPLOYMENT_OUTCOMES[d.outcome]))
                self.decision_text.setText(d.rationale)
                who = [d.decided_by] if d.decided_by else []
                if d.decided_on is not None:
                    who.append(d.decided_on.isoformat())
                self.decision_by.setText(
                    self.tr("Decided by {0}").format(", ".join(who)) if who else ""
                )
            self.decision_button.setText(
                self.tr("Record the &decision…") if d is None else self.tr("Change the &decision…")
            )
            self.decision_button.setEnabled(not read_only)
            self._show_conditions()
            self._show_opinion()
            self.opinion_button.setEnabled(not read_only)
            self._show_signatures()
            self.sign_button.setEnabled(not read_only)
            self._show_final()
        finally:
            self._updating = False

    def _show_conditions(self) -> None:
        assert self.adapter is not None
        decision = self.adapter.scores().decision
        conds = decision.conditions if decision else []
        words = {
            "done": self.tr("done"),
            "open": self.tr("open"),
            "overdue": self.tr("OVERDUE"),
            "cancelled": self.tr("cancelled"),
            "missing": self.tr("no longer in the plan"),
        }
        lines = []
        for c in conds:
            line = f"{c.action_id}: {words[c.state]}"
            if c.due_date is not None:
                line += " " + self.tr("(due {0})").format(c.due_date.isoformat())
            if c.overdue_at_decision:
                line += " — " + self.tr("overdue at decision")
            lines.append(line)
        self.conditions_text.setVisible(bool(lines))
        self.conditions_text.setText(self.tr("Conditions:") + "\n" + "\n".join(lines))

    def _show_opinion(self) -> None:
        assert self.adapter is not None
        decision = self.adapter.scores().decision
        if decision is None:
            return
        op = decision.opinion
        value = self.tr(op.label)
        if op.overridden:
            value = self.tr("{0} (set by the reviewer; the rule gives {1})").format(
                value, self.tr(op.computed_label)
            )
        self.opinion_value.setText(value)
        marks = {"ok": "✓", "needs_improvement": "▲", "unsatisfactory": "✗", "not_formed": "○"}
        recorded = self.adapter.session.assessment.review.decision
        no_conditions = recorded is None or not recorded.condition_actions

        def mark(kind: str, effect: str) -> str:
            # nothing recorded is neither a success nor a fault: no check mark for an absence
            return "–" if kind == "conditions" and no_conditions else marks[effect]

        lines = [f"{mark(r.kind, r.effect)} {r.text}" for r in op.reasons]
        if op.overridden:
            lines.insert(0, self.tr("Rationale: {0}").format(op.override_rationale))
        self.opinion_reasons.setText("\n".join(lines))
        self.opinion_button.setText(
            self.tr("Change the overr&ide…") if op.overridden else self.tr("Overr&ide the opinion…")
        )

    def edit_opinion(self) -> None:
        if self.adapter is None or self.editor is None or self.adapter.read_only:
            return
        decision = self.adapter.scores().decision
        computed = decision.opinion.computed if decision else "needs_improvement"
        review = self.adapter.session.assessment.review
        dialog = OpinionDialog(review.opinion_override, computed, self.user_name, self)
        dialog.accepted.connect(lambda: self._apply_opinion(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _apply_opinion(self, dialog: OpinionDialog) -> None:
        if self.editor is None or self.adapter is None:
            return
        override = dialog.override()
        current = self.adapter.session.assessment.review.opinion_override
        if override is None and current is None:
            return
        if override is not None and current is not None:
            same = (override.rating, override.rationale, override.by) == (
                current.rating,
                current.rationale,
                current.by,
            )
            if same:
                return
        self.editor.set_review(self.tr("Override the overall opinion"), opinion_override=override)

    def _show_signatures(self) -> None:
        assert self.adapter is not None
        _clear(self.signatures)
        sigs = self.adapter.session.assessment.review.signatures
        if not sigs:
            self.signatures.addWidget(muted(plain_label(self.tr("Nobody has signed yet."))))
        names = {
            "assessor": self.tr("Assessor"),
            "reviewer": self.tr("Reviewer"),
            "approver": self.tr("Approver"),
        }
        for s in sigs:
            line = plain_label(
                self.tr("{0}: {1}, signed {2}").format(
                    names[s.role], s.name, local_time(s.signed_at)
                ),
                selectable=True,
            )
            line.setAccessibleName(self.tr("Signature"))
            font = line.font()
            font.setBold(True)
            line.setFont(font)
            self.signatures.addWidget(line)
            if s.statement:
                statement = muted(plain_label(s.statement, selectable=True))
                statement.setAccessibleName(self.tr("Statement"))
                self.signatures.addWidget(statement)

    def _show_final(self) -> None:
        assert self.adapter is not None
        session = self.adapter.session
        a = session.assessment
        final = a.is_final
        name = session.path.stem
        if final and a.fingerprint:
            when = local_time(a.review.finalized_at) if a.review.finalized_at else ""
            self.final_banner.setText(
                self.tr(
                    "Revision {0} is final (since {1}) and read-only. Its fingerprint is recorded below; to change anything, start a new revision — this one stays as it is."
                ).format(a.revision, when)
            )
            self.final_banner.show()
            self.final_text.setText(
                self.tr(
                    "Final since {0}. The fingerprint is the SHA-256 of the canonical JSON of this revision."
                ).format(when)
            )
            self.fingerprint.setText(a.fingerprint)
            self.verify_text.setText(
                self.tr(
                    'Anyone can check it without rmf-app\'s help:\nrmf-app export "{0}.airmf" --canonical -o "{0}.canonical.json"\nsha256sum "{0}.canonical.json"'
                ).format(name)
            )
        else:
            self.final_banner.hide()
            self.final_text.setText(
                self.tr(
                    "Finalizing makes revision {0} read-only and records its fingerprint (the SHA-256 of its canonical JSON). It needs the deployment decision and at least one sign-off."
                ).format(a.revision)
            )
            self.fingerprint.clear()
            self.verify_text.setText("")
        self.fingerprint.setVisible(final)
        self.fingerprint_label.setVisible(final)
        self.verify_text.setVisible(final)
        writable_file = session.store.read_only_reason is None
        self.finalise_button.setVisible(not final)
        self.finalise_button.setEnabled(not session.read_only)
        self.canonical_button.setVisible(final)
        self.sign_pdf_button.setVisible(final)
        self.revision_button.setVisible(final)
        self.revision_button.setEnabled(final and writable_file)
        self._show_revisions()

    def _show_revisions(self) -> None:
        assert self.adapter is not None
        _clear(self.revisions)
        records = self.adapter.session.store.revisions()
        self.revisions_label.setText(
            self.tr("Final revisions kept in this file:") if records else ""
        )
        self.revisions_label.setVisible(bool(records))
        for rec in records:
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            text = plain_label(
                self.tr("Revision {0}, final {1} — {2}…").format(
                    rec.revision, local_time(rec.finalized_at), rec.fingerprint[:16]
                ),
                wrap=False,
            )
            text.setToolTip(plain_tooltip(rec.fingerprint))
            text.setAccessibleName(self.tr("Revision {0}").format(rec.revision))
            pdf = QPushButton(self.tr("PDF report…"))
            pdf.setAccessibleName(
                self.tr("Export revision {0} as a PDF report, as it was signed off").format(
                    rec.revision
                )
            )
            pdf.clicked.connect(lambda _c=False, n=rec.revision: self.exportRevision.emit(n))
            button = QPushButton(self.tr("Canonical JSON…"))
            button.setAccessibleName(
                self.tr("Save revision {0} as canonical JSON").format(rec.revision)
            )
            button.clicked.connect(lambda _c=False, n=rec.revision: self.save_revision(n))
            lay.addWidget(text, 1)
            if rec.revision < self.adapter.session.assessment.revision:
                since = QPushButton(self.tr("Changes since…"))
                since.setAccessibleName(self.tr("Changes since revision {0}").format(rec.revision))
                since.clicked.connect(lambda _c=False, n=rec.revision: self.show_changes(n))
                lay.addWidget(since)
            lay.addWidget(pdf)
            lay.addWidget(button)
            self.revisions.addWidget(row)

    # -- editing -------------------------------------------------------------------------------
    def _point_chosen(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        where, key = index.data(WHERE_ROLE), index.data(KEY_ROLE)
        if where == "review":
            self.decision_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(self.decision_button)
            return
        self.navigate.emit(where, key)

    def _state_chosen(self, index: int) -> None:
        if self._updating or self.editor is None or self.adapter is None:
            return
        state = self.state.itemData(index)
        if state != self.adapter.session.assessment.review.state:
            if not self.editor.set_review(self.tr("Change the review state"), state=state):
                self.refresh()

    def _assessors_edited(self) -> None:
        if self._updating or self.editor is None or self.adapter is None or self.adapter.read_only:
            return
        names = [n.strip() for n in self.assessors.text().split(",") if n.strip()]
        if names != self.adapter.session.assessment.review.assessors:
            self.editor.set_review(self.tr("Change the assessors"), assessors=names)

    def _typed(self, field: str, text: str) -> None:
        if not self._updating and self.editor is not None:
            self.editor.type_text("review", "", field, text)

    def edit_decision(self) -> None:
        if self.adapter is None or self.editor is None or self.adapter.read_only:
            return
        a = self.adapter.session.assessment
        dialog = DecisionDialog(a.review.decision, self, actions=list(a.actions))
        dialog.accepted.connect(lambda: self._apply_decision(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _apply_decision(self, dialog: DecisionDialog) -> None:
        if self.editor is None or self.adapter is None:
            return
        decision = dialog.decision()
        if decision != self.adapter.session.assessment.review.decision:
            self.editor.set_review(self.tr("Record the deployment decision"), decision=decision)

    def sign(self) -> None:
        if self.adapter is None or self.editor is None or self.adapter.read_only:
            return
        self.editor.flush()
        r = self.adapter.session.assessment.review
        name = self.adapter.session.assessment.profile.name
        names = {
            "assessor": self.user_name or (r.assessors[0] if r.assessors else ""),
            "reviewer": r.reviewer,
            "approver": r.approver,
        }
        statements = {
            "assessor": self.tr(
                "I confirm that these answers describe {0} as it stands today, to the best of my knowledge, and that the evidence cited is current."
            ).format(name),
            "reviewer": self.tr(
                "I have reviewed this assessment of {0}, its risk register and its action plan."
            ).format(name),
            "approver": self.tr(
                "I approve the deployment decision recorded for {0} on the conditions stated."
            ).format(name),
        }
        dialog = SignDialog(names, statements, self)
        dialog.accepted.connect(lambda: self._apply_sign(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _apply_sign(self, dialog: SignDialog) -> None:
        if self.editor is None:
            return
        role, name, statement = dialog.values()
        self.editor.sign(
            role, name, statement, self.tr("Sign off as {0}").format(dialog.role.currentText())
        )

    def finalise(self) -> str | None:
        """Ask, then make the assessment final; the fingerprint is shown here."""
        if self.adapter is None or self.editor is None or self.adapter.read_only:
            return None
        missing = self.adapter.session.finalize_blockers()
        if missing:  # say so before asking anything irreversible
            self.interaction.error(
                self.tr("Cannot finalize yet"),
                self.tr("To finalize, first {0}.").format(self.tr(" and ").join(missing)),
            )
            return None
        n = self.points_model.rowCount() if self.points_model is not None else 0
        points = (
            self.tr(" {0} open points remain; they will be listed in the report.").format(n)
            if n
            else ""
        )
        if not self.interaction.confirm(
            self.tr("Finalize revision {0}?").format(self.adapter.session.assessment.revision),
            self.tr(
                "The assessment becomes read-only and its fingerprint is recorded.{0} Changes afterwards need a new revision. This cannot be undone."
            ).format(points),
            self.tr("Finalize"),
            irreversible=True,
        ):
            return None
        fingerprint = self.editor.finalise()
        self.refresh()
        if fingerprint is not None:
            self.finalised.emit(fingerprint)
            self.fingerprint.setFocus(Qt.FocusReason.OtherFocusReason)
        return fingerprint

    def new_revision(self) -> int | None:
        if self.adapter is None or self.editor is None:
            return None
        a = self.adapter.session.assessment
        if not self.interaction.confirm(
            self.tr("Start revision {0}?").format(a.revision + 1),
            self.tr(
                "Revision {0} stays recorded in this file exactly as it was finalized (its fingerprint does not change). Revision {1} starts as an editable copy; the decision and the signatures start empty."
            ).format(a.revision, a.revision + 1),
            self.tr("Start revision {0}").format(a.revision + 1),
        ):
            return None
        revision = self.editor.new_revision()
        self.refresh()
        return revision

    def save_canonical(self) -> None:
        if self.adapter is None:
            return
        from ...domain import canonical

        a = self.adapter.session.assessment
        self._write(
            canonical.canonical_bytes(a),
            f"{self.adapter.session.path.stem}-rev{a.revision}.canonical.json",
        )

    def show_changes(self, revision: int) -> None:
        """Open the window listing the changes since final revision ``revision``."""
        if self.adapter is None:
            return
        from ...services.diff import diff_revision
        from ..changes.dialog import ChangesDialog

        try:
            changes = diff_revision(self.adapter.session, revision, dt.date.today())
        except StorageError as exc:
            self.interaction.error(
                self.tr("Cannot compare with revision {0}").format(revision), str(exc)
            )
            return
        if self.changes_dialog is not None:
            self.changes_dialog.close()
        self.changes_dialog = ChangesDialog(changes, self)
        self.changes_dialog.show()

    def save_revision(self, revision: int) -> None:
        if self.adapter is None:
            return
        try:
            data = final_revision_canonical(self.adapter.session.store, revision)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot save revision {0}").format(revision), str(exc))
            return
        self._write(data, f"{self.adapter.session.path.stem}-rev{revision}.canonical.json")

    def _write(self, data: bytes, name: str) -> None:
        assert self.adapter is not None
        folder = self.adapter.session.path.parent
        target = self.interaction.save_file_name(
            self.tr("Save the canonical JSON"), str(folder / name), [itr(CANONICAL_FILTER)]
        )
        if not target:
            return
        try:
            save_bytes(target, data)
        except StorageError as exc:
            self.interaction.error(self.tr("Cannot save"), str(exc))
            return
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(self.tr("Saved {0}.").format(target), 10000)


def _clear(layout: QVBoxLayout) -> None:
    """Take every row out of a layout: off the screen now, deleted when the event loop turns."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.hide()
            w.deleteLater()
