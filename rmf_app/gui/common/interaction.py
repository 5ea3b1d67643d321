"""Message boxes, file pickers, text prompts and opening links, in one small service.

Flows ask :class:`Interaction` instead of calling ``QMessageBox`` or ``QFileDialog`` directly,
so they can run headless: tests (and the screenshot script) hand a :class:`HeadlessInteraction`
that records every message and answers from a script (git-cola's ``Interaction`` habit).
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("Interaction", text)


#: file-dialog filters, shared by every picker
AIRMF_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "rmf-app assessment (*.airmf)"))
JSON_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "rmf-app JSON export (*.json)"))
OPENABLE_FILTER = str(
    QT_TRANSLATE_NOOP(
        "Interaction", "Assessments, JSON exports and PDF reports (*.airmf *.json *.pdf)"
    )
)
PDF_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "PDF report (*.pdf)"))
HTML_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "Accessible HTML report (*.html)"))
PLAYBOOK_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "NIST AI RMF Playbook JSON (*.json)"))
CSV_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "CSV tables (*.csv)"))
CANONICAL_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "Canonical JSON (*.json)"))
ANY_FILTER = str(QT_TRANSLATE_NOOP("Interaction", "All files (*)"))


def safe_link(url: QUrl) -> bool:
    """Only web links are ever opened (never file: or custom schemes from content)."""
    return url.isValid() and url.scheme() in ("http", "https")


class Interaction:
    """Talks to the user with modal Qt dialogs.

    Args:
        parent: the window dialogs belong to (may be set later with :attr:`parent`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    # Qt's dialog classes are imported when first used (start-up does not need them).
    def _show(self, icon: Any, title: str, text: str) -> None:
        """A message box that shows its text as plain text (it may quote user text, such as a
        file or item name, which a message box would otherwise render as HTML)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def information(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._show(QMessageBox.Icon.Information, title, text)

    def warning(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._show(QMessageBox.Icon.Warning, title, text)

    def error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._show(QMessageBox.Icon.Critical, title, text)

    def confirm(self, title: str, text: str, ok_text: str, *, irreversible: bool = False) -> bool:
        """Ask to go ahead with ``ok_text`` or Cancel. For a step that cannot be taken back
        (finalizing, discarding typed work), Cancel is the default: Enter does not take it."""
        box, ok = self.confirm_box(title, text, ok_text, irreversible=irreversible)
        box.exec()
        return box.clickedButton() is ok

    def confirm_box(
        self, title: str, text: str, ok_text: str, *, irreversible: bool = False
    ) -> tuple[Any, Any]:
        """The message box :meth:`confirm` shows, and its go-ahead button."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel if irreversible else ok)
        box.setEscapeButton(cancel)
        return box, ok

    def choose(
        self,
        title: str,
        text: str,
        choices: list[tuple[str, str]],
        destructive: str | None = None,
    ) -> str | None:
        """Ask for one of ``choices`` ((key, button text) pairs, the first the default) or
        Cancel; returns the chosen key, None when cancelled. The ``destructive`` key's button
        is placed as the one that throws work away."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        buttons = {}
        for key, label in choices:
            role = (
                QMessageBox.ButtonRole.DestructiveRole
                if key == destructive
                else QMessageBox.ButtonRole.AcceptRole
            )
            buttons[key] = box.addButton(label, role)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(buttons[choices[0][0]])
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return next((key for key, button in buttons.items() if button is clicked), None)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        value, ok = QInputDialog.getText(self.parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def open_file_name(self, title: str, folder: str, filters: list[str]) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.parent, title, folder, ";;".join(filters))
        return path or None

    def save_file_name(
        self, title: str, path: str, filters: list[str], *, new_file: bool = False
    ) -> str | None:
        """Where to save. ``new_file``: a file rmf-app creates and never puts in another's place
        (an assessment): a free name is proposed and the dialog does not offer to replace an
        existing file (rmf-app would then refuse it)."""
        from PySide6.QtWidgets import QFileDialog

        from ...services.files import free_name

        options = QFileDialog.Option(0)
        if new_file:
            given = os.path.expanduser(path)
            free = free_name(given)
            path = given if free == Path(given) else str(free)
            options = QFileDialog.Option.DontConfirmOverwrite
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, title, path, ";;".join(filters), options=options
        )
        return chosen or None

    def open_url(self, url: QUrl) -> bool:
        """Open a web link in the user's browser; called only from a user's click."""
        if not safe_link(url):
            return False
        from PySide6.QtGui import QDesktopServices  # set up on the first click, not at start

        return bool(QDesktopServices.openUrl(url))

    def open_local_file(self, path: str) -> bool:
        """Open a file rmf-app wrote (an export, an extracted attachment) with the desktop's
        default application; called only from a user's click, never for executable types."""
        from PySide6.QtGui import QDesktopServices

        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(path)))


class Message(NamedTuple):
    kind: str
    title: str
    text: str


class HeadlessInteraction(Interaction):
    """Records what would be shown and answers from queues (for tests and scripts).

    Fill ``answers`` with the values the next prompts return, in order (``None`` = the user
    cancelled); a prompt with no queued answer is cancelled.
    """

    # plain attributes, not a dataclass: this module is imported on every start, and making a
    # dataclass compiles its methods (a few milliseconds per class)
    def __init__(self) -> None:
        super().__init__(None)
        self.messages: list[Message] = []
        self.answers: deque[Any] = deque()
        self.opened_urls: list[str] = []
        self.opened_files: list[str] = []
        self.prompts: list[str] = []
        #: the titles of the confirmations asked with Cancel as the default (irreversible steps)
        self.irreversible: list[str] = []

    def _answer(self, prompt: str) -> Any:
        self.prompts.append(prompt)
        return self.answers.popleft() if self.answers else None

    def information(self, title: str, text: str) -> None:
        self.messages.append(Message("information", title, text))

    def warning(self, title: str, text: str) -> None:
        self.messages.append(Message("warning", title, text))

    def error(self, title: str, text: str) -> None:
        self.messages.append(Message("error", title, text))

    def confirm(self, title: str, text: str, ok_text: str, *, irreversible: bool = False) -> bool:
        if irreversible:
            self.irreversible.append(title)
        return bool(self._answer(f"confirm: {title}"))

    def choose(
        self,
        title: str,
        text: str,
        choices: list[tuple[str, str]],
        destructive: str | None = None,
    ) -> str | None:
        self.messages.append(Message("question", title, text))
        answer = self._answer(f"choose: {title}")
        if answer is not None and answer not in dict(choices):
            raise ValueError(f"{answer!r} is not one of the choices {choices}")
        return None if answer is None else str(answer)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        answer = self._answer(f"ask_text: {title}")
        return None if answer is None else str(answer)

    def open_file_name(self, title: str, folder: str, filters: list[str]) -> str | None:
        answer = self._answer(f"open: {title}")
        return None if answer is None else str(answer)

    def save_file_name(
        self, title: str, path: str, filters: list[str], *, new_file: bool = False
    ) -> str | None:
        answer = self._answer(f"save: {title}")
        return None if answer is None else str(answer)

    def open_url(self, url: QUrl) -> bool:
        if not safe_link(url):
            return False
        self.opened_urls.append(url.toString())
        return True

    def open_local_file(self, path: str) -> bool:
        self.opened_files.append(path)
        return True
