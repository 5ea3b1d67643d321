"""Small form fields the views share: an optional date, a multi-line text box, a local time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QPlainTextEdit, QWidget


def to_qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def from_qdate(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


def text_box(lines: int, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


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
