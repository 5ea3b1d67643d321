"""The application style: the platform's own, with radio and check indicators that stay
visible in a dark palette (Fusion outlines them in a darker shade of the window color,
which almost vanishes on dark gray)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from .colours import dark_palette

_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
)


class ContrastStyle(QProxyStyle):
    """Draws a light ring around radio and check indicators when the palette is dark."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _INDICATORS or not dark_palette(option.palette):
            return
        ring = QColor(option.palette.color(option.palette.ColorRole.Text))
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        ring.setAlphaF(0.75 if enabled else 0.35)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(ring, 1.2))
        rect = QRectF(option.rect).adjusted(1.0, 1.0, -1.0, -1.0)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()
