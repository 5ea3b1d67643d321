"""Links that jump: a column of link-like buttons to risks, actions, evidence or subcategories.

User text on a button is plain text (a button never renders markup); an ampersand is doubled
so it is not taken for a mnemonic. Buttons are kept and reused, so showing another
subcategory's links costs a few ``setText`` calls, not new widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from .widgets import plain_tooltip, set_visible

#: longest title shown on a link (the whole title is in its tooltip)
TITLE_CHARS = 72


def button_text(text: str) -> str:
    """Text for a button label: shown as typed (``&`` is not a mnemonic)."""
    return text.replace("&", "&&")


def short(text: str, limit: int = TITLE_CHARS) -> str:
    """One line of at most ``limit`` characters (an ellipsis marks what was cut)."""
    text = " ".join(text.replace("\t", " ").splitlines())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class LinkList(QWidget):
    """A vertical list of links; activating one emits where it points.

    Args:
        empty_text: shown when there are no links.

    Signals:
        activated(str, str): a link was clicked or pressed; where ("subcategory", "risk",
            "action", "evidence") and the key (subcategory or item id).
    """

    activated = Signal(str, str)

    def __init__(self, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.empty = QLabel(empty_text)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self.buttons: list[QToolButton] = []
        self._targets: list[tuple[str, str]] = []
        self._shown: list[tuple[str, str, str, str]] = []
        self._texts: list[str] = []
        self._elided_for = -1

    def set_links(self, links: list[tuple[str, str, str, str]]) -> None:
        """Show ``(where, key, text, description)`` links; the description names the link for
        screen readers and in its tooltip."""
        if links == self._shown:
            return
        self._shown = list(links)
        while len(self.buttons) < len(links):
            self._add_button()
        self._targets = [(w, k) for w, k, _t, _d in links]
        self._texts = [short(t) for _w, _k, t, _d in links]
        self._elided_for = -1
        for button, (_w, _k, text, describe) in zip(self.buttons, links, strict=False):
            button.setAccessibleName(describe)
            button.setToolTip(plain_tooltip(describe + ("\n\n" + text if text else "")))
        set_visible(
            self,
            [(button, i < len(links)) for i, button in enumerate(self.buttons)]
            + [(self.empty, not links)],
        )
        self._elide()

    def _elide(self) -> None:
        """Fit each link's text to the width (never widen the form around it)."""
        width = max(60, self.width() - 16)
        if width == self._elided_for:
            return
        self._elided_for = width
        fm = self.fontMetrics()
        for button, text in zip(self.buttons, self._texts, strict=False):
            button.setText(button_text(fm.elidedText(text, Qt.TextElideMode.ElideRight, width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def links(self) -> list[tuple[str, str]]:
        """Where each shown link points, in order."""
        return list(self._targets)

    def texts(self) -> list[str]:
        """The links' texts (before any eliding to the width)."""
        return list(self._texts)

    def _add_button(self) -> None:
        button = QToolButton()
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._link_colour(button)
        n = len(self.buttons)
        button.clicked.connect(lambda _c=False, n=n: self._clicked(n))
        self.buttons.append(button)
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def _link_colour(self, button: QToolButton) -> None:
        pal = button.palette()
        pal.setColor(QPalette.ColorRole.ButtonText, self.palette().color(QPalette.ColorRole.Link))
        button.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for button in self.buttons:
                self._link_colour(button)
        super().changeEvent(event)

    def _clicked(self, n: int) -> None:
        if n < len(self._targets):
            self.activated.emit(*self._targets[n])
