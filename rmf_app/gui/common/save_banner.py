"""The banner shown while changes are not saved: why, and the two ways out (retry, Save As)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from . import colours
from .widgets import plain_label


class SaveProblemBanner(QFrame):
    """Stays in view while a save has failed, until a retry or Save As succeeds.

    Signals:
        retryRequested(): the user asked to try saving again now.
        saveAsRequested(): the user asked to save everything to another file.
    """

    retryRequested = Signal()
    saveAsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("save_problem_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAccessibleName(self.tr("Changes not saved"))
        self.headline = plain_label("", self)
        self.headline.setObjectName("save_problem_headline")
        font = QFont(self.headline.font())
        font.setBold(True)
        self.headline.setFont(font)
        self.detail = plain_label("", self, selectable=True)
        self.detail.setObjectName("save_problem_detail")
        self.retry = QPushButton(self.tr("&Retry now"), self)
        self.retry.setObjectName("save_retry")
        self.retry.setAccessibleName(self.tr("Retry now"))
        self.retry.setToolTip(self.tr("Try again to save the changes to the file"))
        self.retry.clicked.connect(self.retryRequested)
        self.save_as = QPushButton(self.tr("Save &As…"), self)
        self.save_as.setObjectName("save_as_from_banner")
        self.save_as.setAccessibleName(self.tr("Save As"))
        self.save_as.setToolTip(
            self.tr("Save everything, with the unsaved changes, to another file")
        )
        self.save_as.clicked.connect(self.saveAsRequested)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(self.retry)
        layout.addWidget(self.save_as)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._paint_headline()
        self.hide()

    def show_problem(self, short: str, message: str, changes: list[str]) -> None:
        """Show why the changes are not saved (``short``: one line; ``message``: what happened
        and what to do) and which changes they are."""
        self.headline.setText(short)
        listed = ", ".join(changes[:5]) + (self.tr(", …") if len(changes) > 5 else "")
        if changes:
            count = (
                self.tr("1 change is not saved")
                if len(changes) == 1
                else self.tr("{0} changes are not saved").format(len(changes))
            )
            message = f"{message}\n{count}: {listed}."
        self.detail.setText(message)
        self.setAccessibleDescription(f"{short} {message}")
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "headline"):
            self._paint_headline()  # the warning colour follows a light or dark palette

    def _paint_headline(self) -> None:
        palette = self.headline.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colours.warning_colour(self.palette()))
        self.headline.setPalette(palette)
