"""Small helpers shared by the views: plain-text labels and tooltips, headings, banners."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # a button box is set up only when a dialog first needs one
    from PySide6.QtWidgets import QDialogButtonBox


def scrolling_page(area: QScrollArea, name: str, body_name: str) -> tuple[QWidget, QVBoxLayout]:
    """Set up ``area`` as a page of cards that scrolls (no frame, no focus of its own, named
    ``name`` for assistive tools); returns its body (``body_name``, for tests and styles) and
    the body's column, for the caller to fill and then ``area.setWidget(body)``."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setAccessibleName(name)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget()
    body.setObjectName(body_name)
    column = QVBoxLayout(body)
    column.setContentsMargins(8, 8, 8, 8)
    column.setSpacing(10)
    return body, column


class SearchField(QLineEdit):
    """A search box: Escape first clears what was typed; only in an empty box does it reach
    the window (a dialog then closes as Escape normally makes it)."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder)
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text() and not event.modifiers():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


def set_visible(container: QWidget, changes: list[tuple[QWidget, bool]]) -> None:
    """Show and hide children of ``container`` (``(widget, visible)`` pairs) at once.

    Qt lays out every visible ancestor, up to the window, each time a hidden child of a visible
    widget is shown: a page that showed five question rows one by one laid the window out five
    times. While the container is hidden its children change without that, and showing it again
    lays out once. (Not while the container holds the keyboard focus: hiding it would move the
    focus; the children are then changed one by one.)
    """
    todo = [(widget, visible) for widget, visible in changes if widget.isHidden() == visible]
    if not todo:
        return
    focus = QApplication.focusWidget()
    batch = (
        sum(visible for _w, visible in todo) > 1
        and container.isVisible()
        and not (focus is not None and container.isAncestorOf(focus))
    )
    if batch:
        container.hide()
    for widget, visible in todo:
        widget.setVisible(visible)
    if batch:
        container.show()


#: a tooltip shows at most this many characters of a text (the rest is where the text is)
TOOLTIP_CHARS = 2_000
#: a label shows at most this many characters (the model's limit for long texts; only a file
#: written before the limits holds more)
LABEL_CHARS = 20_000


def shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and a note of how long it is."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"… [{len(text):,} characters in all]"


def escape_html(text: str) -> str:
    """``html.escape(text)``: the five characters that mean something in Qt's rich text, as
    entities. Written out because importing ``html`` builds its table of 2,231 named
    entities, which the start would pay for (~9 M instructions) only to escape five."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as typed (Qt tooltips otherwise render HTML)."""
    text = shortened(text, TOOLTIP_CHARS)
    return "<qt>" + escape_html(text).replace("\n", "<br>") + "</qt>" if text else ""


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = True, selectable: bool = False
) -> QLabel:
    """A label that never interprets markup, so user text is shown as typed.

    ``selectable`` lets the user select and copy the text; it costs a text document per label,
    so it is kept for the few labels that show user text worth copying.
    """
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReflowLabel(QLabel):
    """A word-wrapped plain-text label for text that changes often (the walk's page header and
    questions): cheap to give a new text.

    A word-wrapped QLabel lays its text out up to five times for its size hints whenever the
    text changes (it tries three widths for its preferred size) and again for every height it is
    asked for. This one answers its size hints from the font alone and lays the text out once
    per width it is asked about; layouts still get the exact height for the width they give it.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        super().setText(text)

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def _chrome(self) -> tuple[int, int]:
        m = self.contentsMargins()
        extra = 2 * self.margin()
        return m.left() + m.right() + extra, m.top() + m.bottom() + extra

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        w, h = self._chrome()
        return QSize(fm.averageCharWidth() * 40 + w, fm.lineSpacing() + h)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        w, h = self._chrome()
        return QSize(fm.averageCharWidth() * 12 + w, fm.lineSpacing() + h)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            w, h = self._chrome()
            if not self.text():
                height = self.fontMetrics().lineSpacing() + h
            else:
                flags = int(self.alignment().value) | int(Qt.TextFlag.TextWordWrap.value)
                box = self.fontMetrics().boundingRect(
                    QRect(0, 0, max(1, width - w), 1 << 20), flags, self.text()
                )
                height = box.height() + h
            self._heights[width] = height
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


class WrapLabel(QLabel):
    """A word-wrapped label that lays its text out once per width it is asked about.

    A word-wrapped QLabel lays its text out again for every height its layouts ask for, and
    they ask for the same few widths many times while a page is built and shown (some thirty
    layouts per label when a file opens). The answers are kept until the text, its format,
    the font, the style or the margins change; everything else is QLabel's own.
    """

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, rich: bool = False
    ) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._heights.clear()
        super().setTextFormat(fmt)

    def setWordWrap(self, on: bool) -> None:
        self._heights.clear()
        super().setWordWrap(on)

    def setIndent(self, indent: int) -> None:
        self._heights.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:
        self._heights.clear()
        super().setMargin(margin)

    def setContentsMargins(self, *margins: Any) -> None:
        self._heights.clear()
        super().setContentsMargins(*margins)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.15) -> QLabel:
    return heading_font(plain_label(text, parent), scale=scale)


def heading_font(label: QLabel, *, scale: float = 1.15) -> QLabel:
    """Make a label a heading: bold, ``scale`` times the size; its text is its accessible name
    until one is set."""
    text = label.text()
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def banner(parent: QWidget | None = None) -> QLabel:
    """A framed plain-text notice (read-only, out of scope), colored by the palette."""
    label = plain_label("", parent)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setAutoFillBackground(True)
    label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
    label.setMargin(8)
    policy = label.sizePolicy()  # keeps height-for-width (word wrap)
    policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)
    label.setSizePolicy(policy)
    label.hide()
    return label


def muted(label: QLabel) -> QLabel:
    """Secondary text: a little smaller, but in the normal text color (readable contrast)."""
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label


def name_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Give a button box's buttons their text as accessible name (screen readers, tests)."""
    for button in box.buttons():
        if not button.accessibleName():
            button.setAccessibleName(button.text().replace("&", ""))
    return box


def row_table(name: str, accessible_name: str, row_height: int) -> QTableView:
    """A read-only table of whole-row choices (one at a time), as the registers and lists use:
    no in-place editing, Tab leaves the table, no row numbers, one line a row."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    return table


def counted(n: int, one: str, many: str) -> str:
    """'1 risk' or '3 risks': the form for ``n`` (both given already translated, with ``{0}``
    where the number goes), filled in."""
    return (one if n == 1 else many).format(n)
