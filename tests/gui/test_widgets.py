"""The small shared widgets: what the user sees of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rmf_app.gui.common.widgets import (
    ReflowLabel,
    WrapLabel,
    escape_html,
    plain_label,
    plain_tooltip,
)

QUESTION = (
    "Have you chosen, with domain experts, which groups and which fairness metrics matter for "
    "this system's decisions, and written down why?"
)


@pytest.mark.parametrize("width", [120, 260, 480, 900])
def test_reflow_label_is_as_tall_as_a_wrapped_label(qtbot, width):
    """The cheap label must reserve exactly the lines Qt's own word-wrapped label needs, or
    the page's questions would be clipped or float in empty space."""
    ours, theirs = ReflowLabel(QUESTION), plain_label(QUESTION)
    for label in (ours, theirs):
        qtbot.addWidget(label)
    assert ours.heightForWidth(width) == theirs.heightForWidth(width)


def test_reflow_label_follows_new_text_and_font(qtbot):
    label = ReflowLabel("One line")
    qtbot.addWidget(label)
    one_line = label.heightForWidth(300)
    label.setText(QUESTION * 3)
    assert label.heightForWidth(300) > 3 * one_line  # the height is not the old text's
    before = label.heightForWidth(300)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(300) > before  # a bigger font needs more room


def test_reflow_label_in_a_layout_shows_every_line(qtbot):
    """In a narrow column the label grows to hold all its lines (nothing is cut off)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    label = ReflowLabel(QUESTION)
    layout.addWidget(label)
    layout.addWidget(QLabel("below"))
    holder.resize(200, 400)
    holder.show()
    qtbot.waitExposed(holder)
    assert label.height() >= label.heightForWidth(label.width())
    assert label.height() > 2 * label.fontMetrics().lineSpacing()


def test_set_visible_shows_and_hides_children_and_keeps_the_focus(qtbot):
    from PySide6.QtWidgets import QApplication, QLineEdit

    from rmf_app.gui.common.widgets import set_visible

    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    rows = [QLabel(f"row {n}") for n in range(5)]
    field = QLineEdit()
    for w in [*rows, field]:
        layout.addWidget(w)
    for w in rows[2:]:
        w.hide()
    holder.show()
    qtbot.waitExposed(holder)
    set_visible(holder, [(w, n != 0) for n, w in enumerate(rows)])
    assert [w.isVisible() for w in rows] == [False, True, True, True, True]
    assert holder.isVisible()

    holder.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    set_visible(holder, [(w, n < 2) for n, w in enumerate(rows)])
    assert [w.isVisible() for w in rows] == [True, True, False, False, False]
    assert QApplication.focusWidget() is field  # typing goes on where it was


def test_counted_picks_singular_or_plural():
    from rmf_app.gui.common.widgets import counted

    assert counted(1, "{0} risk", "{0} risks") == "1 risk"
    assert counted(0, "{0} risk", "{0} risks") == "0 risks"
    assert counted(12, "{0} risk", "{0} risks") == "12 risks"


def test_a_wrap_label_answers_heights_as_a_qlabel_does_and_follows_its_text_and_font(qtbot):
    """WrapLabel only remembers QLabel's answers: the same height for a width, a new one after
    the text, the font or the margins change."""
    text = "<b>3&nbsp;&nbsp;Defined</b> — " + "documented and applied consistently " * 4

    def reference(label: WrapLabel) -> QLabel:
        plain = QLabel()
        qtbot.addWidget(plain)
        plain.setTextFormat(label.textFormat())
        plain.setWordWrap(True)
        plain.setFont(label.font())
        plain.setContentsMargins(label.contentsMargins())
        plain.setText(label.text())
        return plain

    label = WrapLabel(text, rich=True)
    qtbot.addWidget(label)
    for width in (120, 300, 120):
        assert label.heightForWidth(width) == reference(label).heightForWidth(width)
    tall = label.heightForWidth(120)
    label.setText("short")
    assert label.heightForWidth(120) == reference(label).heightForWidth(120) < tall
    big = QFont(label.font())
    big.setPointSizeF(big.pointSizeF() * 2)
    label.setFont(big)
    assert label.heightForWidth(120) == reference(label).heightForWidth(120)
    label.setContentsMargins(0, 20, 0, 20)
    assert label.heightForWidth(120) == reference(label).heightForWidth(120)


@given(st.text())
def test_escape_html_is_html_escape(text):
    """Rich-text labels and tooltips escape what users typed exactly as html.escape would,
    so a name like "<b>R&D's</b>" is shown as typed, never as markup."""
    import html

    assert escape_html(text) == html.escape(text)


def test_a_tooltip_shows_markup_as_typed(qtbot):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(plain_tooltip('<b>R&D\'s "model"</b>\nline two'))
    assert doc.toPlainText() == '<b>R&D\'s "model"</b>\nline two'


def test_every_toolbar_icon_is_drawn_and_grays_when_disabled(qtbot):
    """The toolbar's own glyphs (no style icons: naming QStyle costs the start its enum set-up)
    are drawn in the palette's text color, lighter when the action is disabled."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from rmf_app.gui.actions import ACTIONS
    from rmf_app.gui.common.icons import GLYPHS, toolbar_icon

    assert {a.icon for a in ACTIONS if a.toolbar} <= set(GLYPHS)
    for name in GLYPHS:
        icon = toolbar_icon(name)
        normal = icon.pixmap(QSize(24, 24)).toImage()
        disabled = icon.pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage()
        inked = [
            (x, y) for x in range(24) for y in range(24) if normal.pixelColor(x, y).alpha() > 128
        ]
        assert len(inked) > 20, name  # a visible glyph, not a blank square
        x, y = inked[0]
        assert normal.pixelColor(x, y) != disabled.pixelColor(x, y), name
    assert toolbar_icon("redo").pixmap(QSize(24, 24)).toImage() != (
        toolbar_icon("undo").pixmap(QSize(24, 24)).toImage()
    )  # the mirrored glyphs are mirrored
