"""The answer form of one subcategory: applicability, maturity, questions, notes, owner…

A view: it shows what the session holds and turns each user action into a call on the
:class:`~rmf_app.gui.common.editing.EditController` (never into a change of its own). Text typed by
users is always shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain import progress
from ...domain.assessment import QuestionAnswer, Response, text_limit
from ...domain.labels import MATURITY_LEVELS, PRIORITIES, QUESTION_ANSWERS
from ...services.content import overlay
from ...services.errors import StorageError
from ...services.session import GENAI
from ..common.adapter import SessionAdapter
from ..common.editing import EditController
from ..common.fields import LimitedLineEdit, LimitedTextEdit, fit_wrap, guard_text
from ..common.interaction import Interaction
from ..common.links import LinkList
from ..common.radio_keys import ChoiceButton, RadioKeys
from ..common.widgets import (
    ReflowLabel,
    WrapLabel,
    banner,
    escape_html,
    muted,
    plain_label,
    set_visible,
)
from .genai_section import GenAISection

if TYPE_CHECKING:  # loaded only for assessments that use the overlay
    from ...domain.overlay import Overlay

MAX_QUESTIONS = 6
NOT_SET = 9  # button id of "not assessed" / "default target"
ANSWER_IDS = {"yes": 0, "partly": 1, "no": 2, "na": 3}


def _set_text(widget: QLineEdit | QPlainTextEdit, value: str, *, strip: bool = False) -> None:
    """Show ``value`` unless the widget already shows it (keeps the cursor while typing)."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if (current.strip() == value.strip()) if strip else (current == value):
        return
    if isinstance(widget, QLineEdit):
        widget.setText(value)
        widget.setCursorPosition(0)  # show the start of a long text
    else:
        fit_wrap(widget, value)  # before the text is laid out
        widget.setPlainText(value)


def _limit(model: type[QuestionAnswer | Response], field: str) -> int:
    limit = text_limit(model, field)
    assert limit is not None
    return limit


def _check(group: QButtonGroup, button_id: int | None) -> None:
    """Check one button of an exclusive group, or none."""
    button = group.button(button_id) if button_id is not None else None
    if button is not None:
        if not button.isChecked():
            button.setChecked(True)
        return
    checked = group.checkedButton()
    if checked is not None:
        group.setExclusive(False)
        checked.setChecked(False)
        group.setExclusive(True)


def _genai_content() -> Overlay | None:
    """The Generative AI Profile's content, or None when the installation lacks it."""
    try:
        return overlay(GENAI)
    except StorageError:
        return None


class _DueDateEdit(QDateEdit):
    """A date edit whose calendar pop-up is made when the user first reaches for it (a mouse
    press or a key), not with the form: it is rarely used, and every subcategory page is built
    before the first one can be shown. ``calendarPicked`` says a date was chosen in it."""

    calendarPicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self._hooked = False

    def _hook_calendar(self) -> None:
        if not self._hooked:
            self._hooked = True
            calendar = self.calendarWidget()
            calendar.clicked.connect(self.calendarPicked)
            calendar.activated.connect(self.calendarPicked)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._hook_calendar()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._hook_calendar()
        super().keyPressEvent(event)


class _QuestionRow:
    """One self-assessment question: its text, yes/partly/no/N/A and a comment."""

    def __init__(self, form: AnswerForm, number: int, layout: QVBoxLayout) -> None:
        self.question_id = ""
        self.frame = QFrame()
        box = QVBoxLayout(self.frame)
        box.setContentsMargins(0, 4, 0, 4)
        self.label = ReflowLabel()  # a new question text on every move
        # Nine questions in ten take two lines: reserving them keeps the answer buttons where
        # they were from one subcategory to the next (and the page from re-laying out).
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setMinimumHeight(2 * self.label.fontMetrics().lineSpacing())
        box.addWidget(self.label)
        row = QHBoxLayout()
        self.group = QButtonGroup(form)
        for key, answer_id in ANSWER_IDS.items():
            button = ChoiceButton(form.tr(QUESTION_ANSWERS[key]))
            button.setAccessibleName(
                form.tr("Question {0}: {1}").format(number, form.tr(QUESTION_ANSWERS[key]))
            )
            self.group.addButton(button, answer_id)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self.comment = LimitedLineEdit()
        self.comment.setPlaceholderText(form.tr("Comment (optional)"))
        self.comment.setAccessibleName(form.tr("Comment on question {0}").format(number))
        self.comment.setClearButtonEnabled(True)
        guard_text(self.comment, _limit(QuestionAnswer, "comment"))
        box.addWidget(self.comment)
        layout.addWidget(self.frame)


class AnswerForm(QWidget):
    """Shows and edits the response of the subcategory on screen.

    Signals:
        edited(): the user changed something through this form (after the edit ran).
        linkActivated(str, str): a linked item was clicked: its kind ("risk", "action",
            "evidence") and id.
        addRequested(str, str): the user asked to add an item of a kind, linked to the
            subcategory on screen (its id).
    """

    edited = Signal()
    linkActivated = Signal(str, str)
    addRequested = Signal(str, str)

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.adapter: SessionAdapter | None = None
        self.editor: EditController | None = None
        self.sid = ""
        self._updating = False
        self._editable = True
        self._shown_editable: bool | None = None
        self.setAccessibleName(self.tr("Answer"))
        outer = QVBoxLayout(self)

        self.notice = banner()
        self.notice.setAccessibleName(self.tr("Notice"))
        outer.addWidget(self.notice)

        # -- applicability --------------------------------------------------------------------
        appl = self.applicability_box = QGroupBox(
            self.tr("Does this subcategory apply to the system?")
        )
        appl_layout = QVBoxLayout(appl)
        self.applicability = QButtonGroup(self)
        row = QHBoxLayout()
        for i, (key, text) in enumerate(
            (
                ("applicable", self.tr("&Applicable")),
                ("not_applicable", self.tr("Not appli&cable")),
                ("inherited", self.tr("&Inherited from a baseline")),
            )
        ):
            button = ChoiceButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setProperty("applicability", key)
            self.applicability.addButton(button, i)
            row.addWidget(button)
        row.addStretch(1)
        appl_layout.addLayout(row)
        self.na_label = QLabel(self.tr("Why it does not apply (required):"))
        self.na_justification = LimitedTextEdit()
        self.na_justification.setTabChangesFocus(True)
        self.na_justification.setAccessibleName(self.tr("Not applicable justification"))
        self.na_justification.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        guard_text(self.na_justification, _limit(Response, "na_justification"))
        self.na_label.setBuddy(self.na_justification)
        self.inherited_label = QLabel(self.tr("Inherited from (baseline or source, required):"))
        self.inherited_from = LimitedLineEdit()
        guard_text(self.inherited_from, _limit(Response, "inherited_from"))
        self.inherited_from.setAccessibleName(self.tr("Inherited from"))
        self.inherited_label.setBuddy(self.inherited_from)
        self.required_hint = QLabel()
        self.required_hint.setWordWrap(True)
        self.required_hint.hide()
        for w in (
            self.na_label,
            self.na_justification,
            self.inherited_label,
            self.inherited_from,
            self.required_hint,
        ):
            appl_layout.addWidget(w)
        outer.addWidget(appl)

        # -- maturity -------------------------------------------------------------------------
        self.maturity_box = QGroupBox(self.tr("Maturity"))
        box = QVBoxLayout(self.maturity_box)
        box.setSpacing(6)
        column = (
            max(
                self.fontMetrics().horizontalAdvance(t)
                for t in (self.tr("Current"), self.tr("Target"))
            )
            + 16
        )

        def cell(widget: QWidget) -> QWidget:
            holder = QWidget()
            holder.setFixedWidth(column)
            lay = QHBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(
                widget, alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            )
            return holder

        head = QHBoxLayout()
        for text in (self.tr("Current"), self.tr("Target")):
            label = QLabel(text)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            head.addWidget(cell(label))
        level_head = QLabel(self.tr("Level and what it means"))
        font = level_head.font()
        font.setBold(True)
        level_head.setFont(font)
        head.addWidget(level_head, 1)
        box.addLayout(head)
        self.current = QButtonGroup(self)
        self.target = QButtonGroup(self)
        self.default_caption = plain_label("")
        self.level_labels: dict[int, QLabel] = {NOT_SET: self.default_caption}
        for level, (name, meaning) in MATURITY_LEVELS.items():
            label = WrapLabel(
                f"<b>{level}&nbsp;&nbsp;{escape_html(self.tr(name))}</b> — {escape_html(self.tr(meaning))}",
                rich=True,
            )
            self.level_labels[level] = label
        for level in [NOT_SET, *MATURITY_LEVELS]:
            row = QHBoxLayout()
            for group, what in (
                (self.current, self.tr("Current")),
                (self.target, self.tr("Target")),
            ):
                button = ChoiceButton()
                if level == NOT_SET:
                    acc = (
                        self.tr("Current maturity: not assessed yet")
                        if group is self.current
                        else self.tr("Target maturity: the assessment's default")
                    )
                else:
                    acc = self.tr("{0} maturity {1}: {2}").format(
                        what, level, self.tr(MATURITY_LEVELS[level][0])
                    )
                button.setAccessibleName(acc)
                button.setToolTip(acc)
                group.addButton(button, level)
                row.addWidget(cell(button))
            label = self.level_labels[level]
            policy = label.sizePolicy()  # keeps height-for-width (word wrap)
            policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
            label.setSizePolicy(policy)
            row.addWidget(label, 1)
            box.addLayout(row)
        # Tab moves from the current levels to the target levels (not row by row)
        chain = [*self.current.buttons(), *self.target.buttons()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        method = muted(
            plain_label(
                self.tr(
                    "The scale is rmf-app's own method: AI RMF 1.0 defines no maturity levels or scores."
                )
            )
        )
        box.addSpacing(4)
        box.addWidget(method)
        outer.addWidget(self.maturity_box)
        # What changes with every subcategory stays out of the (static) scale box, so moving on
        # does not lay the scale out again.
        rating = QHBoxLayout()
        rating.setContentsMargins(8, 0, 8, 0)
        # wraps: unwrapped, "Not assessed yet: choose the current level." made the form wider
        # than the width it is given, and the scale's right side was cut off
        self.gap_label = plain_label("")
        self.gap_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.gap_label.setAccessibleName(self.tr("Gap"))
        self.evidence_supported = QCheckBox(self.tr("Evidence &supports this rating"))
        self.evidence_supported.setAccessibleName(self.tr("Evidence supports this rating"))
        rating.addWidget(self.evidence_supported)
        rating.addStretch(1)
        rating.addWidget(self.gap_label)
        outer.addLayout(rating)

        # -- questions ------------------------------------------------------------------------
        self.questions_box = QGroupBox(self.tr("Self-assessment questions"))
        q_layout = QVBoxLayout(self.questions_box)
        self.question_rows = [_QuestionRow(self, n + 1, q_layout) for n in range(MAX_QUESTIONS)]
        outer.addWidget(self.questions_box)
        # the Generative AI Profile's actions, when it is switched on (hidden otherwise)
        self.genai = GenAISection(interaction)
        outer.addWidget(self.genai)

        # -- notes and follow-up ----------------------------------------------------------------
        details = QGroupBox(self.tr("Notes and follow-up"))
        form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.notes = LimitedTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(
            self.tr("What is in place, what is missing, where to find it")
        )
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        guard_text(self.notes, _limit(Response, "notes"))
        form.addRow(self._buddy(self.tr("&Notes:"), self.notes), self.notes)
        self.owner = LimitedLineEdit()
        guard_text(self.owner, _limit(Response, "owner"))
        self.owner.setAccessibleName(self.tr("Owner"))
        self.owner.setPlaceholderText(self.tr("Who follows this up"))
        form.addRow(self._buddy(self.tr("O&wner:"), self.owner), self.owner)
        due_row = QHBoxLayout()
        self.has_due = QCheckBox(self.tr("Set a due &date"))
        self.has_due.setAccessibleName(self.tr("Has a due date"))
        self.due_date = _DueDateEdit()
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setAccessibleName(self.tr("Due date"))
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due_date)
        due_row.addStretch(1)
        form.addRow(self.tr("Due date:"), due_row)
        self.priority = QComboBox()
        self.priority.addItem(self.tr("— none —"), None)
        for p in PRIORITIES:
            self.priority.addItem(self.tr(p.capitalize()), p)
        self.priority.setAccessibleName(self.tr("Priority"))
        form.addRow(self._buddy(self.tr("&Priority:"), self.priority), self.priority)
        links = QWidget()
        links_layout = QVBoxLayout(links)
        links_layout.setContentsMargins(0, 0, 0, 0)
        self.links = LinkList(self.tr("No risks, actions or evidence linked yet."))
        self.links.setAccessibleName(self.tr("Linked risks, actions and evidence"))
        links_layout.addWidget(self.links)
        self.links.activated.connect(self.linkActivated)
        add_row = QHBoxLayout()
        self.add_buttons: dict[str, QPushButton] = {}
        for kind, text, name in (
            ("risk", self.tr("+ Risk…"), self.tr("Add a risk linked to this subcategory")),
            ("action", self.tr("+ Action…"), self.tr("Add an action linked to this subcategory")),
            (
                "evidence",
                self.tr("+ Evidence file…"),
                self.tr("Attach a file as evidence for this subcategory"),
            ),
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(lambda _c=False, k=kind: self._add_requested(k))
            self.add_buttons[kind] = button
            add_row.addWidget(button)
        add_row.addStretch(1)
        links_layout.addLayout(add_row)
        form.addRow(self.tr("Linked:"), links)
        self.updated = muted(plain_label(""))
        self.updated.setAccessibleName(self.tr("Last change"))
        form.addRow(self.updated)
        outer.addWidget(details)
        outer.addStretch(1)

        # -- behaviour -------------------------------------------------------------------------
        self.applicability.idClicked.connect(self._applicability_clicked)
        self.current.idClicked.connect(lambda i: self._set_level("current", i))
        self.target.idClicked.connect(lambda i: self._set_level("target", i))
        self.evidence_supported.clicked.connect(self._evidence_clicked)
        self.na_justification.textChanged.connect(self._na_typed)
        self.inherited_from.textEdited.connect(self._inherited_typed)
        self.notes.textChanged.connect(self._notes_typed)
        self.owner.textEdited.connect(lambda t: self._type("response", "owner", t))
        self.has_due.clicked.connect(self._commit_due_date)
        self.due_date.editingFinished.connect(self._commit_due_date)
        self.due_date.calendarPicked.connect(self._commit_due_date)
        self.priority.activated.connect(self._priority_chosen)
        for question in self.question_rows:
            question.group.idClicked.connect(lambda i, r=question: self._answer(r, i))
            question.comment.textEdited.connect(lambda t, r=question: self._comment_typed(r, t))
        self.genai.edited.connect(self.edited)
        # one Tab stop per group and arrow keys that choose (answering from the keyboard)
        self.radio_keys = [
            RadioKeys(group)
            for group in (
                self.applicability,
                self.current,
                self.target,
                *(question.group for question in self.question_rows),
            )
        ]
        self.setEnabled(False)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # -- context ---------------------------------------------------------------------------------
    def attach(self, adapter: SessionAdapter | None, editor: EditController | None) -> None:
        """Show this session's answers (or none, when the file closes)."""
        if self.adapter is not None:
            self.adapter.responseChanged.disconnect(self._response_changed)
            self.adapter.changed.disconnect(self._update_gap)
            self.adapter.itemChanged.disconnect(self._item_changed)
            self.adapter.readOnlyChanged.disconnect(self._read_only_changed)
            self.adapter.overlayActionChanged.disconnect(self.genai.action_changed)
            for signal in (
                self.adapter.scopeChanged,
                self.adapter.settingsChanged,
                self.adapter.reset,
            ):
                signal.disconnect(self.refresh)
        self.adapter, self.editor, self.sid = adapter, editor, ""
        if adapter is not None:
            adapter.responseChanged.connect(self._response_changed)
            adapter.changed.connect(self._update_gap)
            adapter.itemChanged.connect(self._item_changed)
            adapter.readOnlyChanged.connect(self._read_only_changed)
            adapter.overlayActionChanged.connect(self.genai.action_changed)
            # the scope decides whether the page can be answered; the default target shows here
            for signal in (adapter.scopeChanged, adapter.settingsChanged, adapter.reset):
                signal.connect(self.refresh)
            self._editable = not adapter.read_only
            self._shown_editable = None
        self.genai.attach(adapter, editor, _genai_content if adapter is not None else None)
        self.setEnabled(adapter is not None)

    def show_subcategory(self, sid: str) -> None:
        self.commit_pending()
        self.sid = sid
        self.refresh()

    def commit_pending(self) -> None:
        """Commit what the user left in a field that commits on leaving (the due date)."""
        if self.sid and self.editor is not None and self.due_date.hasFocus():
            self._commit_due_date()

    # -- showing -----------------------------------------------------------------------------------
    def _response_changed(self, sid: str) -> None:
        if sid == self.sid:
            self.refresh()

    def _item_changed(self, _kind: str, _item_id: str) -> None:
        if self.sid:
            self._show_links()
            self.genai.refresh()  # a linked item's title may have changed

    def _read_only_changed(self, read_only: bool) -> None:
        """Finalized (or a new revision started): lock or unlock the form."""
        self._editable = not read_only
        self.refresh()

    def _text(self, part: str, key: str, field: str, committed: str) -> str:
        assert self.editor is not None
        pending = self.editor.pending_text(part, key, field)
        return committed if pending is None else pending

    def refresh(self) -> None:
        if self.adapter is None or not self.sid:
            return
        session = self.adapter.session
        a = session.assessment
        sub = session.playbook.subcategory(self.sid)
        r = a.response(self.sid)
        exclusion = a.scope.exclusion_for(self.sid)
        self._updating = True
        try:
            if not self._editable:
                self.notice.setText(
                    self.tr("Read-only: {0}. Nothing can be changed here.").format(
                        session.read_only_reason
                    )
                )
            elif exclusion is not None:
                self.notice.setText(
                    self.tr(
                        "Out of scope: {0}\nBring it back into scope with Edit ▸ Scope… to answer it."
                    ).format(exclusion.reason)
                )
            self.notice.setVisible(not self._editable or exclusion is not None)
            editable = self._editable and exclusion is None
            self._set_editable(editable)

            _check(
                self.applicability,
                {"applicable": 0, "not_applicable": 1, "inherited": 2}[r.applicability],
            )
            na = r.applicability == "not_applicable"
            inherited = r.applicability == "inherited"
            _set_text(
                self.na_justification,
                self._text("response", self.sid, "na_justification", r.na_justification),
            )
            _set_text(
                self.inherited_from,
                self._text("response", self.sid, "inherited_from", r.inherited_from),
                strip=True,
            )
            set_visible(
                self.applicability_box,
                [
                    (self.na_label, na),
                    (self.na_justification, na),
                    (self.inherited_label, inherited),
                    (self.inherited_from, inherited),
                    (self.required_hint, False),
                ],
            )

            _check(self.current, NOT_SET if r.current is None else r.current)
            _check(self.target, NOT_SET if r.target is None else r.target)
            name = self.tr(MATURITY_LEVELS[a.default_target][0])
            self.default_caption.setText(
                self.tr(
                    "Not set — current: not assessed yet; target: the assessment's default ({0} {1})"
                ).format(a.default_target, name)
            )
            self.maturity_box.setEnabled(editable and not na)
            self.evidence_supported.setChecked(r.evidence_supported)

            set_visible(
                self.questions_box,
                [(row.frame, i < len(sub.questions)) for i, row in enumerate(self.question_rows)],
            )
            for i, row in enumerate(self.question_rows):
                if i >= len(sub.questions):
                    row.question_id = ""
                    continue
                q = sub.questions[i]
                row.question_id = q.id
                row.label.setText(f"{i + 1}. {q.text}")
                answer = r.questions.get(q.id, QuestionAnswer())
                _check(row.group, None if answer.answer is None else ANSWER_IDS[answer.answer])
                _set_text(row.comment, self._text("question", self.sid, q.id, answer.comment))
            self.questions_box.setEnabled(editable)
            self.genai.show_subcategory(self.sid, editable)

            _set_text(self.notes, self._text("response", self.sid, "notes", r.notes))
            _set_text(self.owner, self._text("response", self.sid, "owner", r.owner), strip=True)
            self.has_due.setChecked(r.due_date is not None)
            self.due_date.setEnabled(editable and r.due_date is not None)
            if r.due_date is not None:
                self.due_date.setDate(QDate(r.due_date.year, r.due_date.month, r.due_date.day))
            else:
                self.due_date.setDate(QDate.currentDate().addDays(30))
            self.priority.setCurrentIndex(self.priority.findData(r.priority) if r.priority else 0)
            self._show_links()
            self._show_updated(r)
            self._update_gap()
        finally:
            self._updating = False

    def _set_editable(self, editable: bool) -> None:
        if editable == self._shown_editable:
            return  # unchanged: spare some forty calls into Qt on every move
        self._shown_editable = editable
        for group in (self.applicability, self.current, self.target):
            for b in group.buttons():
                b.setEnabled(editable)
        for row in self.question_rows:
            for b in row.group.buttons():
                b.setEnabled(editable)
            row.comment.setReadOnly(not editable)
        for w in (self.notes, self.na_justification):
            w.setReadOnly(not editable)
        for line in (self.owner, self.inherited_from):
            line.setReadOnly(not editable)
        for w2 in (self.evidence_supported, self.has_due, self.priority):
            w2.setEnabled(editable)
        for b2 in self.add_buttons.values():
            b2.setEnabled(editable)

    def _show_links(self) -> None:
        assert self.adapter is not None
        risks, actions, evidence = self.adapter.session.assessment.links_to(self.sid)
        described = (
            ("risk", risks, self.tr("Risk {0}: {1}")),
            ("action", actions, self.tr("Action {0}: {1}")),
            ("evidence", evidence, self.tr("Evidence {0}: {1}")),
        )
        links = [
            (kind, item.id, f"{item.id}  {item.title}", label.format(item.id, item.title))
            for kind, items, label in described
            for item in items
        ]
        self.links.set_links(links)

    def _add_requested(self, kind: str) -> None:
        if self.sid and self.editor is not None and self._editable:
            self.addRequested.emit(kind, self.sid)

    def _show_updated(self, r: Response) -> None:
        if r.updated_at is None:
            self.updated.setText("")
            return
        when = r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.updated.setText(
            self.tr("Last changed by {0} on {1}").format(r.updated_by or "?", when)
        )

    def _update_gap(self) -> None:
        if self.adapter is None or not self.sid:
            return
        st = self.adapter.standing(self.sid)
        if st.gap is not None:
            text = self.tr("Gap {0} (target {1} − current {2})").format(
                st.gap, st.target, st.current
            )
            if st.gap <= 0:
                text = self.tr("At target (current {0}, target {1})").format(
                    st.current, st.target
                )
        elif st.state == progress.NOT_ASSESSED:
            text = self.tr("Not assessed yet: choose the current level.")
        else:
            text = ""
        self.gap_label.setText(text)

    # -- editing ---------------------------------------------------------------------------------
    def _ready(self) -> bool:
        return not self._updating and self.editor is not None and bool(self.sid)

    def _after_edit(self, ok: bool) -> None:
        if not ok:
            self.refresh()  # show what the file holds again
        else:
            self.edited.emit()

    def _applicability_clicked(self, button_id: int) -> None:
        if not self._ready():
            return
        assert self.editor is not None and self.adapter is not None
        key = ("applicable", "not_applicable", "inherited")[button_id]
        r = self.adapter.session.assessment.response(self.sid)
        if key == r.applicability:
            return
        changes: dict[str, Any] = {"applicability": key}
        if key == "not_applicable":
            text = self._text("response", self.sid, "na_justification", r.na_justification)
            if not text.strip():
                text = (
                    self.interaction.ask_text(
                        self.tr("Not applicable"),
                        self.tr("Why does {0} not apply to this system? (required)").format(
                            self.sid
                        ),
                    )
                    or ""
                )
                if not text.strip():
                    self.refresh()
                    return
                changes["na_justification"] = text
        elif key == "inherited":
            text = self._text("response", self.sid, "inherited_from", r.inherited_from)
            if not text.strip():
                text = (
                    self.interaction.ask_text(
                        self.tr("Inherited"),
                        self.tr(
                            "Which organization-level baseline is {0} inherited from? (required)"
                        ).format(self.sid),
                    )
                    or ""
                )
                if not text.strip():
                    self.refresh()
                    return
                changes["inherited_from"] = text.strip()
        label = {
            "applicable": self.tr("Mark {0} applicable"),
            "not_applicable": self.tr("Mark {0} not applicable"),
            "inherited": self.tr("Mark {0} inherited"),
        }[key].format(self.sid)
        self._after_edit(self.editor.set_response(self.sid, label, **changes))

    def _set_level(self, which: str, button_id: int) -> None:
        if not self._ready():
            return
        assert self.editor is not None
        level = None if button_id == NOT_SET else button_id
        text = (
            self.tr("Set current maturity of {0}")
            if which == "current"
            else self.tr("Set target maturity of {0}")
        ).format(self.sid)
        self._after_edit(self.editor.set_response(self.sid, text, **{which: level}))

    def _evidence_clicked(self, checked: bool) -> None:
        if self._ready():
            assert self.editor is not None
            text = self.tr("Change evidence support of {0}").format(self.sid)
            self._after_edit(self.editor.set_response(self.sid, text, evidence_supported=checked))

    def _answer(self, row: _QuestionRow, button_id: int) -> None:
        if self._ready() and row.question_id:
            assert self.editor is not None
            answer = next(k for k, v in ANSWER_IDS.items() if v == button_id)
            self._after_edit(self.editor.answer_question(self.sid, row.question_id, answer))

    def _type(self, part: str, field: str, text: str) -> None:
        if self._ready():
            assert self.editor is not None
            self.editor.type_text(part, self.sid, field, text)

    def _comment_typed(self, row: _QuestionRow, text: str) -> None:
        if self._ready() and row.question_id:
            assert self.editor is not None
            self.editor.type_text("question", self.sid, row.question_id, text)

    def _notes_typed(self) -> None:
        self._type("response", "notes", self.notes.toPlainText())

    def _required_typed(self, field: str, text: str, applies: str, message: str) -> None:
        if not self._ready():
            return
        assert self.adapter is not None
        r = self.adapter.session.assessment.response(self.sid)
        if r.applicability == applies and not text.strip():
            self.required_hint.setText(message)
            self.required_hint.show()
            return
        self.required_hint.hide()
        self._type("response", field, text)

    def _na_typed(self) -> None:
        self._required_typed(
            "na_justification",
            self.na_justification.toPlainText(),
            "not_applicable",
            self.tr(
                "A justification is required while the subcategory is not applicable; the last one is kept."
            ),
        )

    def _inherited_typed(self, text: str) -> None:
        self._required_typed(
            "inherited_from",
            text,
            "inherited",
            self.tr(
                "The source is required while the subcategory is inherited; the last one is kept."
            ),
        )

    def _commit_due_date(self, *_: object) -> None:
        if not self._ready():
            return
        assert self.editor is not None and self.adapter is not None
        r = self.adapter.session.assessment.response(self.sid)
        new: dt.date | None = None
        if self.has_due.isChecked():
            q = self.due_date.date()
            new = dt.date(q.year(), q.month(), q.day())
        self.due_date.setEnabled(self.has_due.isChecked())
        if new != r.due_date:
            text = self.tr("Change due date of {0}").format(self.sid)
            self._after_edit(self.editor.set_response(self.sid, text, due_date=new))

    def _priority_chosen(self, index: int) -> None:
        if self._ready():
            assert self.editor is not None
            text = self.tr("Change priority of {0}").format(self.sid)
            self._after_edit(
                self.editor.set_response(self.sid, text, priority=self.priority.itemData(index))
            )
