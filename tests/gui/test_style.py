"""Radio and check indicators stay visible in a dark palette (issue #18, point 16)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QRadioButton, QStyle, QStyleFactory, QStyleOptionButton

from rmf_app.gui.common.colours import lightness
from rmf_app.gui.common.style import ContrastStyle


def _dark() -> QPalette:
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def _ring_contrast(qtbot, style) -> float:
    button = QRadioButton("Option")
    qtbot.addWidget(button)
    button.setStyle(style)
    button.setPalette(_dark())
    button.resize(120, 30)
    image = button.grab().toImage()
    window = lightness(QColor("#2b2b2b"))
    opt = QStyleOptionButton()
    button.initStyleOption(opt)
    rect = style.subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, opt, button)
    # the brightest pixel of the indicator (the text beside it left out) against the window
    brightest = max(
        lightness(image.pixelColor(x, y))
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )
    return brightest - window


def test_radio_indicator_stands_out_on_a_dark_palette(qtbot):
    plain = QStyleFactory.create("Fusion")
    contrast = ContrastStyle("Fusion")
    assert _ring_contrast(qtbot, contrast) > 0.45
    assert _ring_contrast(qtbot, contrast) > _ring_contrast(qtbot, plain) + 0.2
