"""Small form fields the views share: an optional date, a multi-line text box, a local time,
and what keeps text fields within the model's limits and quick to lay out."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtGui import QDropEvent, QInputMethodEvent, QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

#: a run of more characters than this without a space is wrapped anywhere (see fit_wrap);
#: links and the like stay whole below it, and a run this long costs little to lay out
LONG_WORD = 1000
#: the events that bring text into a field
_INPUT_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.InputMethod, QEvent.Type.Drop)
#: a line edit never cuts a text it is given (Qt's default cuts at 32,767 characters)
_NO_CUT = 1 << 30


def to_qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def from_qdate(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


def text_box(lines: int, name: str, limit: int | None = None) -> LimitedTextEdit:
    """A multi-line text field; ``limit`` is the model's limit for what it holds."""
    box = LimitedTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    if limit is not None:
        guard_text(box, limit)
    else:
        keep_wrap_fitted(box)
    return box


def fit_wrap(edit: QPlainTextEdit | QTextEdit, text: str) -> None:
    """Wrap at word boundaries, or anywhere when ``text`` has a run of characters without a
    space longer than :data:`LONG_WORD`.

    Qt lays out a word wider than the field by trying every place in it: a single line of
    20,000 characters took a second, 300,000 took a quarter of an hour. Wrapping anywhere
    lays any text out in time proportional to its length.
    """
    anywhere = any(len(word) > LONG_WORD for word in text.split())
    mode = (
        QTextOption.WrapMode.WrapAnywhere
        if anywhere
        else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    )
    if edit.wordWrapMode() != mode:
        edit.setWordWrapMode(mode)


def keep_wrap_fitted(edit: QPlainTextEdit) -> None:
    """Fit the wrap mode (:func:`fit_wrap`) to the text whenever it changes."""
    edit.textChanged.connect(lambda: fit_wrap(edit, edit.toPlainText()))


def guard_text(widget: LimitedLineEdit | LimitedTextEdit, limit: int) -> LengthGuard:
    """Keep what the user enters in ``widget`` within ``limit`` characters (see
    :class:`LengthGuard`); a multi-line field also keeps its wrap mode fitted."""
    if isinstance(widget, QPlainTextEdit):
        keep_wrap_fitted(widget)
    return LengthGuard(widget, limit)


class _Guarded:
    """What a text field needs for its :class:`LengthGuard` to see the input before it lands.

    The field hands the guard its key presses, input-method commits and drops in its own event
    handlers. An event filter would do the same, but it sends every event the field gets
    (paint, layout, hover, and for a multi-line field all of its viewport's) through Python,
    and asking a multi-line field for its viewport makes PySide6 set up some forty widget
    classes: together some 2 % of the start-up's work before the first subcategory is shown.
    """

    length_guard: LengthGuard | None = None

    def _refuses(self, event: QEvent) -> bool:
        return self.length_guard is not None and self.length_guard.refuses(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._refuses(event):
            super().keyPressEvent(event)  # type: ignore[misc]

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if not self._refuses(event):
            super().inputMethodEvent(event)  # type: ignore[misc]

    def dropEvent(self, event: QDropEvent) -> None:
        if self._refuses(event):
            event.ignore()  # nothing was taken: a drag that moves text leaves it at its source
        else:
            super().dropEvent(event)  # type: ignore[misc]


class LimitedLineEdit(_Guarded, QLineEdit):
    """A line edit whose input :func:`guard_text` can limit."""


class LimitedTextEdit(_Guarded, QPlainTextEdit):
    """A multi-line text field whose input :func:`guard_text` can limit."""


class LengthGuard(QObject):
    """Stops typing, pasting and dropping into a text field at the model's limit, and says why.

    Only what the user enters is stopped. Text the program sets (a value from the file, even
    one longer than the limit from before it existed) is shown whole, and the user may shorten
    it; a paste is cut to what fits. The reason shows in a tooltip at the field.

    Args:
        widget: a line edit or a plain-text edit (its accessible name names it in messages).
        limit: the most characters the field may hold.

    Signals:
        refused(str): input was cut or refused; the text says why.
    """

    refused = Signal(str)

    def __init__(self, widget: LimitedLineEdit | LimitedTextEdit, limit: int) -> None:
        super().__init__(widget)
        self.widget = widget
        self.limit = limit
        widget.length_guard = self  # the field shows this guard its input (see _Guarded)
        if isinstance(widget, QLineEdit):
            widget.setMaxLength(_NO_CUT)
        widget.setProperty("textLimit", limit)

    def _current(self) -> tuple[int, int]:
        """Characters in the field, and those selected (which typing replaces)."""
        w = self.widget
        if isinstance(w, QLineEdit):
            return len(w.text()), len(w.selectedText())
        return len(w.toPlainText()), len(w.textCursor().selectedText())

    def _entered(self, event: QEvent) -> tuple[str, bool] | None:
        """The text an event would insert and whether it is a paste (or None)."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Paste):
                return QApplication.clipboard().text(), True
            text = event.text()
            if text in ("\r", "\n") and isinstance(self.widget, QPlainTextEdit):
                return "\n", False
            return (text, False) if text and text.isprintable() else None
        if kind == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            commit = event.commitString()
            return (commit, False) if commit else None
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            data = event.mimeData()
            return (data.text(), False) if data is not None and data.hasText() else None
        return None

    def refuses(self, event: QEvent) -> bool:
        """Whether the input ``event`` brings is refused (a paste that does not fit is cut
        and its part inserted here); called by the field before it handles the event."""
        if event.type() not in _INPUT_EVENTS or self.widget.isReadOnly():
            return False
        entered = self._entered(event)
        if entered is None:
            return False
        text, paste = entered
        length, selected = self._current()
        room = self.limit - (length - selected)
        if len(text) <= room:
            return False
        if paste and room > 0:
            part = text[:room]
            if isinstance(self.widget, QLineEdit):
                self.widget.insert(part)
            else:
                self.widget.textCursor().insertText(part)
        self._say(length)
        return True

    def _say(self, length: int) -> None:
        name = self.widget.accessibleName() or self.tr("This field")
        if length > self.limit:
            text = self.tr(
                "{0} holds {1:,} characters, more than the {2:,} allowed now (it was written "
                "before the limit): shorten it before adding text."
            ).format(name, length, self.limit)
        else:
            text = self.tr(
                "{0} can hold at most {1:,} characters; what did not fit was not added."
            ).format(name, self.limit)
        rect = self.widget.rect()
        QToolTip.showText(self.widget.mapToGlobal(rect.bottomLeft()), text, self.widget)
        self.refused.emit(text)


class OptionalDate(QWidget):
    """A check box ("Set a date") and a date; ``value()`` is None while unchecked."""

    changed = Signal()

    def __init__(self, check_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(check_text)
        self.check.setAccessibleName(check_text.replace("&", ""))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(name)
        layout.addWidget(self.check)
        layout.addWidget(self.date)
        layout.addStretch(1)
        self.check.toggled.connect(self.date.setEnabled)
        self.check.toggled.connect(self.changed)
        self.date.dateChanged.connect(self.changed)
        self.set_value(None)

    def set_value(self, value: dt.date | None, default_days: int = 30) -> None:
        self.check.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.date.setDate(
            to_qdate(value) if value is not None else QDate.currentDate().addDays(default_days)
        )

    def value(self) -> dt.date | None:
        return from_qdate(self.date.date()) if self.check.isChecked() else None


def local_time(value: dt.datetime | str) -> str:
    """A stored UTC moment in the user's time zone, to the minute."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
