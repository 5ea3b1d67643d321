"""Small helpers shared by the views: plain-text labels and tooltips, headings, banners."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QSizePolicy,
    QTableView,
    QWidget,
)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as typed (Qt tooltips otherwise render HTML)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>" if text else ""


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


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.15) -> QLabel:
    label = plain_label(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def banner(parent: QWidget | None = None) -> QLabel:
    """A framed plain-text notice (read-only, out of scope), coloured by the palette."""
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
    """Secondary text: a little smaller, but in the normal text colour (readable contrast)."""
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
